/* libFuzzer target: file names from untrusted text in every restrict mode.
 * Input: one byte choosing the modes (its low 6 bits: all 64 combinations),
 * one byte choosing a Content-Type and status for -E, then the text, used as
 * a raw name, as a Content-Disposition value and as a URL path. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "miniwget/naming.h"

/* Independent of naming.c on purpose: a second opinion on Windows devices. */
static bool is_windows_device(const char *name)
{
    static const char *const devices[] = { "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$" };
    size_t n = strcspn(name, ".");
    while (n > 0 && name[n - 1] == ' ')
        n--;
    char base[8] = "";
    if (n >= sizeof base)
        return false;
    memcpy(base, name, n);
    base[n] = '\0';
    for (size_t i = 0; i < sizeof devices / sizeof devices[0]; i++)
        if (strcasecmp(base, devices[i]) == 0)
            return true;
    bool comlpt = n >= 4 && (strncasecmp(base, "COM", 3) == 0 || strncasecmp(base, "LPT", 3) == 0);
    return comlpt && ((n == 4 && base[3] >= '0' && base[3] <= '9') ||
                      (n == 5 && !strcmp(base + 3, "\xc2\xb9")) || (n == 5 && !strcmp(base + 3, "\xc2\xb2")) ||
                      (n == 5 && !strcmp(base + 3, "\xc2\xb3")));
}

/* The promises of naming.h for a name made with these modes; max is the
 * length allowed. A NUL inside cannot be seen in a C string; the raw-name
 * check below looks for it by length instead. */
static void check(const char *name, int modes, size_t max)
{
    bool windows = modes & MW_RESTRICT_WINDOWS, lower = modes & MW_RESTRICT_LOWERCASE;
    size_t len = strlen(name);
    if (len == 0 || len > max || !strcmp(name, ".") || !strcmp(name, "..") || strchr(name, '/'))
        abort();
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        unsigned char c = *p;
        if (!(modes & MW_RESTRICT_NOCONTROL) && (c < 0x20 || c == 0x7f))
            abort();
        if (windows && strchr("\\|:?\"*<>", c))
            abort();
        if ((modes & MW_RESTRICT_ASCII) && c >= 0x80)
            abort();
        if ((lower && c >= 'A' && c <= 'Z') || (!lower && (modes & MW_RESTRICT_UPPERCASE) && c >= 'a' && c <= 'z'))
            abort();
    }
    if (windows && (name[len - 1] == '.' || name[len - 1] == ' ' || is_windows_device(name)))
        abort();
}

/* A NUL cannot be seen in a C string, so look for its escape instead: a raw
 * name holding one must come out with "%00" (before any cut, so only names
 * that fit escaped whole, 3 bytes a byte at most, are checked). */
static void check_raw(const char *raw, size_t len, const char *name)
{
    if (len * 3 <= MW_NAME_MAX && memchr(raw, '\0', len) && !strstr(name, "%00"))
        abort();
}

/* The text as the path and query of a URL, named in the current modes. */
static void check_url_name(const char *text, int modes)
{
    char *url_text = malloc(strlen(text) + 10);
    if (!url_text)
        return;
    strcpy(url_text, "http://h/");
    strcat(url_text, text);
    mw_url url;
    if (mw_url_parse(url_text, &url, NULL, 0) == MW_URL_OK) {
        char *name = mw_name_from_url_mode(&url, modes);
        if (name)
            check(name, modes, 236);
        free(name);
        mw_url_free(&url);
    }
    free(url_text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    int modes = data[0] & 63;
    static const char *const types[] = { NULL, "text/html", "application/xhtml+xml; charset=utf-8", "text/css",
                                         "TEXT/HTML", "text/plain", "" };
    static const int statuses[] = { 200, 204, 206, 301, 304, 404 };
    const char *type = types[(data[1] & 15) % (sizeof types / sizeof types[0])];
    int status = statuses[(data[1] >> 4) % (sizeof statuses / sizeof statuses[0])];
    const char *raw = (const char *)data + 2;
    size_t len = size - 2;

    char *name = mw_name_sanitize_mode(raw, len, modes);
    if (name) {
        check(name, modes, 236);
        check_raw(raw, len, name);
        char *adjusted = mw_name_adjust_extension(name, type, status);
        if (adjusted)
            check(adjusted, modes & ~(MW_RESTRICT_LOWERCASE | MW_RESTRICT_UPPERCASE), 241);
        free(adjusted);
    }
    free(name);

    char *text = malloc(len + 1);
    if (!text)
        return 0;
    memcpy(text, raw, len);
    text[len] = '\0';
    name = mw_name_from_disposition_mode(text, modes);
    if (name) {
        check(name, modes, 236);
        if (strspn(name, ".") == strlen(name))
            abort();
    }
    free(name);
    check_url_name(text, modes);
    free(text);
    return 0;
}
