#include "miniwget/naming.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fields.h"


int mw_restrict_parse(const char *modes)
{
    static const struct {
        const char *word;
        int set, clear;
    } words[] = {
        { "unix", MW_RESTRICT_UNIX, MW_RESTRICT_WINDOWS },
        { "windows", MW_RESTRICT_WINDOWS, MW_RESTRICT_UNIX },
        { "nocontrol", MW_RESTRICT_NOCONTROL, 0 },
        { "ascii", MW_RESTRICT_ASCII, 0 },
        { "lowercase", MW_RESTRICT_LOWERCASE, MW_RESTRICT_UPPERCASE },
        { "uppercase", MW_RESTRICT_UPPERCASE, MW_RESTRICT_LOWERCASE },
    };
    int result = 0;
    const char *p = modes;
    do {
        size_t len = strcspn(p, ",");
        size_t k = 0;
        while (k < sizeof words / sizeof words[0] &&
               !(strlen(words[k].word) == len && strncmp(words[k].word, p, len) == 0))
            k++;
        if (k == sizeof words / sizeof words[0])
            return -1;
        result = (result & ~words[k].clear) | words[k].set;
        p += len;
        if (*p == ',')
            p++;
    } while (*p); /* like wget, "unix," is fine but ",unix" and "" are not */
    return result;
}

/* Bytes written as %XX in the given modes. '/' and NUL in every mode: they
 * would change the path or cut the name short. */
static bool must_escape(unsigned char c, int modes)
{
    bool windows = modes & MW_RESTRICT_WINDOWS;
    if (c == '/' || c == '\0')
        return true;
    /* wget's manual adds 0x80-0x9f for windows, but wget 1.21 does not
     * escape them, and doing so would break UTF-8 names (the € is E2 82 AC) */
    if (!(modes & MW_RESTRICT_NOCONTROL) && (c < 0x20 || c == 0x7f))
        return true;
    if (windows && strchr("\\|:?\"*<>", c))
        return true;
    return (modes & MW_RESTRICT_ASCII) && c >= 0x80;
}

/* Length of the UTF-8 bidirectional override or isolate at s (U+202A-U+202E,
 * U+2066-U+2069), else 0: invisible, they make a terminal or file manager
 * show the name reordered ("txt.exe" as "exe.txt"), so they are escaped
 * with the other control characters. */
static size_t bidi_control_len(const unsigned char *s, size_t len)
{
    if (len < 3 || s[0] != 0xE2)
        return 0;
    if (s[1] == 0x80 && s[2] >= 0xAA && s[2] <= 0xAE)
        return 3;
    if (s[1] == 0x81 && s[2] >= 0xA6 && s[2] <= 0xA9)
        return 3;
    return 0;
}

/* Where a cut at `at` would not split a %XX escape or a UTF-8 sequence. */
static size_t safe_cut(const char *s, size_t at)
{
    if (at >= 1 && s[at - 1] == '%')
        at -= 1;
    else if (at >= 2 && s[at - 2] == '%')
        at -= 2;
    /* s[at] continuing a UTF-8 sequence: cut before its lead byte, which is
     * at most 3 bytes back; a longer run is not UTF-8, so cut anywhere. */
    size_t back = 0;
    while (back < 3 && at > back && ((unsigned char)s[at - back] & 0xC0) == 0x80)
        back++;
    if (back < 3 || ((unsigned char)s[at - back] & 0xC0) != 0x80)
        at -= back;
    return at;
}

static void cut_long(char *s, size_t limit)
{
    if (strlen(s) > limit)
        s[safe_cut(s, limit)] = '\0';
}

static char *put_escape(char *o, unsigned char c)
{
    static const char hex[] = "0123456789ABCDEF";
    *o++ = '%';
    *o++ = hex[c >> 4];
    *o++ = hex[c & 15];
    return o;
}

/* Length of the Windows device name that s starts with, 0 if none. Windows
 * opens the device for it whatever the extension ("con.txt") and ignores
 * spaces before the extension ("CON .txt"), so only the part before the
 * first '.', without trailing spaces, counts. */
static size_t device_name_len(const char *s)
{
    static const char *const devices[] = { "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$" };
    size_t n = strcspn(s, ".");
    while (n > 0 && s[n - 1] == ' ')
        n--;
    for (size_t i = 0; i < sizeof devices / sizeof devices[0]; i++)
        if (strlen(devices[i]) == n && strncasecmp(s, devices[i], n) == 0)
            return n;
    if (n < 4 || (strncasecmp(s, "COM", 3) != 0 && strncasecmp(s, "LPT", 3) != 0))
        return 0;
    if (n == 4 && s[3] >= '0' && s[3] <= '9')
        return 4;
    /* COM¹, LPT³...: superscript digits, U+00B9, U+00B2, U+00B3 in UTF-8 */
    if (n == 5 && s[3] == '\xc2' && (s[4] == '\xb9' || s[4] == '\xb2' || s[4] == '\xb3'))
        return 5;
    return 0;
}

/* "CON.txt" -> "CON_.txt"; s has room for one more byte. */
static void guard_device_name(char *s)
{
    size_t n = device_name_len(s);
    if (n) {
        memmove(s + n + 1, s + n, strlen(s + n) + 1);
        s[n] = '_';
    }
}

static void fold_case(char *s, int modes)
{
    bool lower = modes & MW_RESTRICT_LOWERCASE, upper = modes & MW_RESTRICT_UPPERCASE;
    for (; *s && (lower || upper); s++) {
        if (lower && *s >= 'A' && *s <= 'Z')
            *s = (char)(*s - 'A' + 'a');
        else if (!lower && *s >= 'a' && *s <= 'z')
            *s = (char)(*s - 'a' + 'A');
    }
}

/* Windows drops trailing dots and spaces ("file. " is "file"), so they are
 * escaped; then cut again, which keeps whole escapes, so the name still ends
 * in neither. Returns s or a new string (s freed), NULL when out of memory. */
static char *escape_trailing(char *s, size_t limit)
{
    size_t len = strlen(s), keep = len;
    while (keep > 0 && (s[keep - 1] == '.' || s[keep - 1] == ' '))
        keep--;
    if (keep == len)
        return s;
    char *out = malloc(keep + (len - keep) * 3 + 1);
    if (out) {
        memcpy(out, s, keep);
        char *o = out + keep;
        for (size_t i = keep; i < len; i++)
            o = put_escape(o, (unsigned char)s[i]);
        *o = '\0';
        cut_long(out, limit);
    }
    free(s);
    return out;
}

/* mw_name_sanitize_mode, cut to limit bytes. */
static char *sanitize(const char *raw, size_t len, int modes, size_t limit)
{
    if (modes & MW_RESTRICT_WINDOWS)
        modes &= ~MW_RESTRICT_UNIX;
    if (len == 0)
        raw = "index.html", len = strlen(raw);
    bool dots = (len == 1 && raw[0] == '.') || (len == 2 && raw[0] == '.' && raw[1] == '.');
    char *out = malloc(len * 3 + 2); /* + 1 for a device name's '_' */
    if (!out)
        return NULL;
    char *o = out;
    bool controls = !(modes & MW_RESTRICT_NOCONTROL);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)raw[i];
        size_t bidi = controls ? bidi_control_len((const unsigned char *)raw + i, len - i) : 0;
        if (bidi) {
            for (size_t k = 0; k < bidi; k++)
                o = put_escape(o, (unsigned char)raw[i + k]);
            i += bidi - 1;
        } else if (dots || must_escape(c, modes)) {
            o = put_escape(o, c);
        } else {
            *o++ = (char)c;
        }
    }
    *o = '\0';
    bool windows = modes & MW_RESTRICT_WINDOWS;
    if (windows)
        guard_device_name(out);
    cut_long(out, limit);
    if (windows)
        out = escape_trailing(out, limit);
    if (out) /* last, so the escapes of trailing dots are folded too */
        fold_case(out, modes);
    return out;
}

char *mw_name_sanitize_mode(const char *raw, size_t len, int modes)
{
    return sanitize(raw, len, modes, MW_NAME_MAX);
}

char *mw_name_sanitize(const char *raw, size_t len)
{
    return mw_name_sanitize_mode(raw, len, 0);
}

char *mw_name_from_url(const mw_url *url)
{
    return mw_name_from_url_mode(url, 0);
}

/* mw_name_from_url_mode, cut to limit bytes. */
static char *from_url(const mw_url *url, int modes, size_t limit)
{
    const char *last = strrchr(url->path, '/');
    last = last ? last + 1 : url->path;
    if (!*last && !url->query)
        return sanitize("", 0, modes, limit); /* "index.html", case folded */
    size_t seg_len, query_len = 0;
    char *seg = mw_percent_decode(last, &seg_len);
    char *query = url->query ? mw_percent_decode(url->query, &query_len) : NULL;
    if (!seg || (url->query && !query)) {
        free(seg);
        free(query);
        return NULL;
    }
    /* wget keeps the query in the name: "a?b=c", "a@b=c" in windows mode,
     * where '?' cannot be in a name; "http://h/?q" is "index.html?q". The
     * whole is sanitized at once, so it is cut to one length in every case. */
    const char *index = seg_len == 0 ? "index.html" : "";
    size_t index_len = strlen(index);
    size_t len = index_len + seg_len + (query ? 1 + query_len : 0);
    char *joined = malloc(len + 1);
    char *name = NULL;
    if (joined) {
        memcpy(joined, index, index_len);
        memcpy(joined + index_len, seg, seg_len);
        if (query) {
            joined[index_len + seg_len] = (modes & MW_RESTRICT_WINDOWS) ? '@' : '?';
            memcpy(joined + index_len + seg_len + 1, query, query_len);
        }
        joined[len] = '\0';
        name = sanitize(joined, len, modes, limit);
    }
    free(joined);
    free(seg);
    free(query);
    return name;
}

char *mw_name_from_url_mode(const mw_url *url, int modes)
{
    return from_url(url, modes, MW_NAME_MAX);
}

size_t mw_name_uncut_length(const mw_url *url, int modes)
{
    char *name = from_url(url, modes, SIZE_MAX);
    size_t n = name ? strlen(name) : 0;
    free(name);
    return n;
}

char *mw_name_numbered(const char *name, size_t suffix_len, unsigned n)
{
    if (n == 0)
        return strdup(name);
    size_t len = strlen(name);
    int base = (int)(len - (suffix_len < len ? suffix_len : 0));
    char *out = NULL;
    if (asprintf(&out, "%.*s.%u%s", base, name, n, name + base) < 0)
        return NULL;
    return out;
}

/* One "name=value" item of a Content-Disposition value. */
typedef struct disp_param {
    const char *name; /* not terminated */
    size_t name_len;
    char *value;      /* unquoted copy; NULL for an item without '=', such as the disposition type */
} disp_param;

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* Copies the quoted string at q (after its opening '"'), resolving \-escapes;
 * *end is set after the closing '"'. NULL if it does not close. */
static char *unquote(const char *q, const char **end)
{
    char *out = malloc(strlen(q) + 1), *o = out;
    if (!out)
        return NULL;
    for (; *q && *q != '"'; q++) {
        if (*q == '\\' && q[1])
            q++;
        *o++ = *q;
    }
    if (*q != '"') {
        free(out);
        return NULL;
    }
    *o = '\0';
    *end = q + 1;
    return out;
}

/* Reads the item at *p, up to the next ';'. Returns false at the end, when
 * out of memory, or at a quoted string that never closes: what follows it
 * cannot be told apart from the string. */
static bool next_param(const char **p, disp_param *param)
{
    const char *s = *p;
    while (*s == ';' || is_space(*s))
        s++;
    if (!*s)
        return false;
    size_t n = strcspn(s, "=;");
    param->name = s;
    param->name_len = n;
    while (param->name_len > 0 && is_space(s[param->name_len - 1]))
        param->name_len--;
    param->value = NULL;
    s += n;
    if (*s == '=') {
        s++;
        while (is_space(*s))
            s++;
        if (*s == '"') {
            param->value = unquote(s + 1, &s);
            if (!param->value)
                return false;
            s += strcspn(s, ";"); /* anything after the closing quote is noise */
        } else {
            /* a token, or what a lax server sends instead: up to ';', as wget */
            size_t len = strcspn(s, ";");
            param->value = strndup(s, len);
            if (!param->value)
                return false;
            s += len;
            while (len > 0 && is_space(param->value[len - 1]))
                param->value[--len] = '\0';
        }
    }
    *p = s;
    return true;
}

/* wget keeps only the part after the last '/' or '\' of the value as sent. */
static const char *drop_dirs(const char *v)
{
    const char *slash = strrchr(v, '/'), *backslash = strrchr(v, '\\');
    const char *last = !slash ? backslash : !backslash ? slash : slash > backslash ? slash : backslash;
    return last ? last + 1 : v;
}

/* ISO-8859-1 bytes to UTF-8: every byte >= 0x80 becomes two. */
static char *latin1_to_utf8(const char *s, size_t len, size_t *outlen)
{
    char *out = malloc(len * 2 + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            *o++ = (char)c;
        } else {
            *o++ = (char)(0xC0 | (c >> 6));
            *o++ = (char)(0x80 | (c & 0x3F));
        }
    }
    *o = '\0';
    *outlen = (size_t)(o - out);
    return out;
}

/* Empty, or only dots and spaces: nothing a user would recognise as a name. */
static bool unusable(const char *name, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (name[i] != '.' && !is_space(name[i]))
            return false;
    return true;
}

/* The decoded name of a filename (ext false) or filename* (ext true) value:
 * directories dropped, %XX decoded, converted to UTF-8. NULL if unusable. */
static char *disposition_name(const char *value, bool ext, size_t *len)
{
    bool latin1 = false;
    if (ext) { /* charset'language'value-chars */
        const char *q1 = strchr(value, '\''), *q2 = q1 ? strchr(q1 + 1, '\'') : NULL;
        if (!q2)
            return NULL;
        size_t clen = (size_t)(q1 - value);
        latin1 = clen == 10 && strncasecmp(value, "ISO-8859-1", clen) == 0;
        if (!latin1 && !(clen == 5 && strncasecmp(value, "UTF-8", clen) == 0))
            return NULL; /* RFC 6266: an unknown charset makes filename* ignored */
        value = q2 + 1;
    }
    char *name = mw_percent_decode(drop_dirs(value), len);
    if (name && latin1) {
        char *utf8 = latin1_to_utf8(name, *len, len);
        free(name);
        name = utf8;
    }
    if (name && unusable(name, *len)) {
        free(name);
        name = NULL;
    }
    return name;
}

char *mw_name_from_disposition(const char *header_value)
{
    return mw_name_from_disposition_mode(header_value, 0);
}

char *mw_name_from_disposition_mode(const char *header_value, int modes)
{
    char *plain = NULL, *ext = NULL; /* the first filename and filename* values */
    const char *p = header_value;
    disp_param param;
    while (next_param(&p, &param)) {
        char **slot = NULL;
        if (param.name_len == 8 && strncasecmp(param.name, "filename", 8) == 0)
            slot = &plain;
        else if (param.name_len == 9 && strncasecmp(param.name, "filename*", 9) == 0)
            slot = &ext;
        if (slot && !*slot && param.value) {
            *slot = param.value;
            param.value = NULL;
        }
        free(param.value);
    }
    size_t len = 0;
    char *raw = ext ? disposition_name(ext, true, &len) : NULL;
    if (!raw && plain)
        raw = disposition_name(plain, false, &len);
    char *name = raw ? mw_name_sanitize_mode(raw, len, modes) : NULL;
    free(raw);
    free(plain);
    free(ext);
    return name;
}

char *mw_name_adjust_extension(const char *name, const char *content_type, int status)
{
    if (!name)
        return NULL;
    /* wget stops before naming anything for these: no body, or a redirection */
    if (status == 204 || (status >= 300 && status <= 303) || status == 307 || status == 308)
        return strdup(name);
    const char *ext = NULL, *short_ext = NULL;
    if (!content_type || mw_media_type_is(content_type, "text/html") ||
        mw_media_type_is(content_type, "application/xhtml+xml"))
        ext = ".html", short_ext = ".htm";
    else if (mw_media_type_is(content_type, "text/css"))
        ext = ".css";
    /* as wget, only the text after the last '.' is looked at */
    const char *dot = strrchr(name, '.');
    if (!ext || (dot && (strcasecmp(dot, ext) == 0 || (short_ext && strcasecmp(dot, short_ext) == 0))))
        return strdup(name);
    char *out = NULL;
    return asprintf(&out, "%s%s", name, ext) < 0 ? NULL : out;
}
