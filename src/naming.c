#include "miniwget/naming.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MW_NAME_MAX 240 /* bytes; leaves room for ".NNN" under NAME_MAX (255) */

/* Bytes never written as they are: they would change the path or the terminal. */
static bool must_escape(unsigned char c)
{
    return c == '/' || c < 0x20 || c == 0x7f;
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

char *mw_name_sanitize(const char *raw, size_t len)
{
    if (len == 0)
        return strdup("index.html");
    if ((len == 1 && raw[0] == '.') || (len == 2 && raw[0] == '.' && raw[1] == '.'))
        return strdup(len == 1 ? "%2E" : "%2E%2E");
    static const char hex[] = "0123456789ABCDEF";
    char *out = malloc(len * 3 + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)raw[i];
        if (must_escape(c)) {
            out[o++] = '%';
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 15];
        } else {
            out[o++] = (char)c;
        }
    }
    out[o] = '\0';
    if (o > MW_NAME_MAX)
        out[safe_cut(out, MW_NAME_MAX)] = '\0';
    return out;
}

char *mw_name_from_url(const mw_url *url)
{
    const char *last = strrchr(url->path, '/');
    last = last ? last + 1 : url->path;
    if (!*last && !url->query)
        return strdup("index.html");
    size_t seg_len, query_len = 0;
    char *seg = mw_percent_decode(last, &seg_len);
    char *query = url->query ? mw_percent_decode(url->query, &query_len) : NULL;
    if (!seg || (url->query && !query)) {
        free(seg);
        free(query);
        return NULL;
    }
    /* wget keeps the query in the name on Unix: "a?b=c". */
    size_t len = seg_len + (query ? 1 + query_len : 0);
    char *joined = malloc(len + 1);
    char *name = NULL;
    if (joined) {
        memcpy(joined, seg, seg_len);
        if (query) {
            joined[seg_len] = '?';
            memcpy(joined + seg_len + 1, query, query_len);
        }
        joined[len] = '\0';
        name = mw_name_sanitize(joined, len);
    }
    if (name && seg_len == 0 && query) { /* "http://h/?q": wget names it "index.html?q" */
        char *with_index = NULL;
        if (asprintf(&with_index, "index.html%s", name) >= 0) {
            free(name);
            name = with_index;
        }
    }
    free(joined);
    free(seg);
    free(query);
    return name;
}

char *mw_name_numbered(const char *name, unsigned n)
{
    if (n == 0)
        return strdup(name);
    char *out = NULL;
    if (asprintf(&out, "%s.%u", name, n) < 0)
        return NULL;
    return out;
}
