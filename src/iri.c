/* iri: IDNA host names through libidn2 (opened on first need) and charset
 * conversion through iconv (see iri.h). */
#include "iri.h"

#include <ctype.h>
#include <dlfcn.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#ifdef MW_HAVE_IDN2
#include <idn2.h>
#endif

bool mw_iri_has_non_ascii(const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        if (*p >= 0x80)
            return true;
    return false;
}

char *mw_iri_host_to_ascii(const char *host, char *err, size_t errlen)
{
#ifdef MW_HAVE_IDN2
    /* dlopen is reference counted: opening it per name keeps no state in
     * the library, and names that are not ASCII are rare */
    void *lib = dlopen("libidn2.so.0", RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        snprintf(err, errlen, "cannot load libidn2 for the host name ‘%s’", host);
        return NULL;
    }
    int (*lookup)(const uint8_t *, uint8_t **, int);
    const char *(*strerror_fn)(int);
    void (*free_fn)(void *);
    *(void **)&lookup = dlsym(lib, "idn2_lookup_u8");
    *(void **)&strerror_fn = dlsym(lib, "idn2_strerror");
    *(void **)&free_fn = dlsym(lib, "idn2_free");
    char *out = NULL;
    if (lookup && free_fn) {
        uint8_t *ascii = NULL;
        /* as wget 1.21: IDNA 2008 with the UTS #46 mapping, non-transitional first */
        int rc = lookup((const uint8_t *)host, &ascii, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
        if (rc != IDN2_OK)
            rc = lookup((const uint8_t *)host, &ascii, IDN2_NFC_INPUT | IDN2_TRANSITIONAL);
        if (rc == IDN2_OK && ascii) {
            out = strdup((const char *)ascii);
            for (char *p = out; p && *p; p++)
                *p = (char)tolower((unsigned char)*p);
        } else {
            snprintf(err, errlen, "idn_encode failed (%d): ‘%s’", rc, strerror_fn ? strerror_fn(rc) : "invalid name");
        }
        if (ascii)
            free_fn(ascii);
    } else {
        snprintf(err, errlen, "libidn2 lacks idn2_lookup_u8");
    }
    dlclose(lib);
    return out;
#else
    snprintf(err, errlen, "no IDN support for the host name ‘%s’", host);
    return NULL;
#endif
}

bool mw_iri_is_utf8(const char *charset)
{
    return charset && (strcasecmp(charset, "utf-8") == 0 || strcasecmp(charset, "utf8") == 0);
}

char *mw_iri_convert(const char *text, size_t len, const char *from, const char *to)
{
    iconv_t cd = iconv_open(to, from);
    if (cd == (iconv_t)-1)
        return NULL;
    size_t cap = len * 4 + 16;
    char *out = malloc(cap);
    char *in = (char *)text, *o = out;
    size_t in_left = len, out_left = cap - 1;
    bool ok = out && iconv(cd, &in, &in_left, &o, &out_left) != (size_t)-1 &&
              iconv(cd, NULL, NULL, &o, &out_left) != (size_t)-1;
    iconv_close(cd);
    if (!ok) {
        free(out);
        return NULL;
    }
    *o = '\0';
    return out;
}

bool mw_iri_charset_param(const char *text, size_t len, char *out, size_t size)
{
    for (size_t i = 0; i + 8 <= len; i++) {
        if (strncasecmp(text + i, "charset=", 8) != 0 || (i > 0 && (isalnum((unsigned char)text[i - 1]) || text[i - 1] == '-')))
            continue;
        size_t j = i + 8, n = 0;
        while (j < len && (text[j] == '"' || text[j] == '\'' || text[j] == ' '))
            j++;
        while (j < len && n + 1 < size && (isalnum((unsigned char)text[j]) || strchr("-_.:", text[j])))
            out[n++] = text[j++];
        out[n] = '\0';
        return n > 0;
    }
    return false;
}

bool mw_iri_meta_charset(const char *doc, size_t len, char *out, size_t size)
{
    size_t end = len < 4096 ? len : 4096;
    for (size_t i = 0; i + 5 < end; i++) {
        if (doc[i] != '<' || strncasecmp(doc + i + 1, "meta", 4) != 0)
            continue;
        const char *close = memchr(doc + i, '>', end - i);
        size_t tag_len = close ? (size_t)(close - (doc + i)) : end - i;
        if (mw_iri_charset_param(doc + i, tag_len, out, size))
            return true;
    }
    return false;
}

/* Single-byte charsets that keep ASCII as it is: its bytes need no iconv
 * call (a stateful one such as ISO-2022-JP, or UTF-16, must go through it). */
static bool keeps_ascii(const char *charset)
{
    static const char *const prefixes[] = { "iso-8859", "iso8859", "latin", "windows-", "cp125", "koi8" };
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strncasecmp(charset, prefixes[i], strlen(prefixes[i])) == 0)
            return true;
    return false;
}

char *mw_iri_to_utf8_mapped(const char *text, size_t len, const char *charset, size_t **map, size_t *out_len)
{
    iconv_t cd = iconv_open("UTF-8", charset);
    if (cd == (iconv_t)-1)
        return NULL;
    size_t cap = len * 4 + 16;
    char *out = malloc(cap);
    size_t *m = malloc((cap + 1) * sizeof *m);
    size_t at = 0, made = 0;
    bool ok = out && m, ascii_kept = keeps_ascii(charset);
    /* one character at a time (1 to 4 input bytes), so each output byte
     * knows where its character started */
    while (ok && at < len) {
        if (ascii_kept && (unsigned char)text[at] < 0x80) {
            m[made] = at;
            out[made++] = text[at++];
            continue;
        }
        size_t take = 1;
        for (;;) {
            char *in = (char *)text + at, *o = out + made;
            size_t in_left = take, out_left = cap - made;
            if (iconv(cd, &in, &in_left, &o, &out_left) != (size_t)-1) {
                for (size_t k = made; k < (size_t)(o - out); k++)
                    m[k] = at;
                made = (size_t)(o - out);
                at += take;
                break;
            }
            if (errno != EINVAL || take == 4 || at + take >= len) {
                ok = false;
                break;
            }
            take++;
        }
    }
    iconv_close(cd);
    if (!ok) {
        free(out);
        free(m);
        return NULL;
    }
    out[made] = '\0';
    m[made] = len;
    *map = m;
    *out_len = made;
    return out;
}
