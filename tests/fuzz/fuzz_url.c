/* libFuzzer target: URL parsing, resolution, printing and file naming.
 * Input: a base URL and a reference separated by a newline. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "miniwget/naming.h"
#include "miniwget/url.h"

static void check_name(const mw_url *url)
{
    char *name = mw_name_from_url(url);
    if (!name)
        return;
    /* the one promise naming makes: a single, safe path component */
    if (strchr(name, '/') || !*name || !strcmp(name, ".") || !strcmp(name, "..") || strlen(name) > 240)
        abort();
    for (const char *p = name; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            abort();
    free(name);
}

static void check_url(const mw_url *url)
{
    char *text = mw_url_to_string(url), *target = mw_url_request_target(url), *host = mw_url_host_header(url);
    /* nothing that goes on the wire may carry a line break */
    if ((target && strpbrk(target, "\r\n")) || (host && strpbrk(host, "\r\n")) || (text && strpbrk(text, "\r\n")))
        abort();
    if (url->path[0] != '/')
        abort();
    /* printing and parsing again gives the same URL */
    mw_url again;
    char err[160];
    if (text && mw_url_parse(text, &again, err, sizeof err) == MW_URL_OK) {
        char *text2 = mw_url_to_string(&again);
        if (text2 && strcmp(text, text2) != 0)
            abort();
        free(text2);
        mw_url_free(&again);
    }
    check_name(url);
    free(text);
    free(target);
    free(host);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *input = malloc(size + 1);
    if (!input)
        return 0;
    memcpy(input, data, size);
    input[size] = '\0';
    char *ref = strchr(input, '\n');
    if (ref)
        *ref++ = '\0';
    mw_url base, out;
    char err[160];
    if (mw_url_parse(input, &base, err, sizeof err) == MW_URL_OK) {
        check_url(&base);
        if (ref && mw_url_resolve(&base, ref, &out, err, sizeof err) == MW_URL_OK) {
            check_url(&out);
            mw_url_free(&out);
        }
        mw_url_free(&base);
    }
    char *name = mw_name_sanitize((const char *)data, size);
    if (name && (strchr(name, '/') || strlen(name) > 255))
        abort();
    free(name);
    free(input);
    return 0;
}
