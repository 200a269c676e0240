/* document: reading a saved page or stylesheet back for its links (see
 * document.h). */
#include "document.h"

#include "iri.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static bool type_is(const char *content_type, const char *want)
{
    size_t n = strlen(want);
    return content_type && strncasecmp(content_type, want, n) == 0 && (content_type[n] == '\0' ||
           content_type[n] == ';' || content_type[n] == ' ');
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

mw_document_kind mw_document_kind_of(const char *name, const char *content_type)
{
    if (type_is(content_type, "text/html") || type_is(content_type, "application/xhtml+xml"))
        return MW_DOCUMENT_HTML;
    if (type_is(content_type, "text/css"))
        return MW_DOCUMENT_CSS;
    if (!content_type && (ends_with(name, ".html") || ends_with(name, ".htm")))
        return MW_DOCUMENT_HTML;
    if (!content_type && ends_with(name, ".css"))
        return MW_DOCUMENT_CSS;
    return MW_DOCUMENT_OTHER;
}

char *mw_document_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "re");
    if (!f)
        return NULL;
    struct stat st;
    char *data = NULL;
    if (fstat(fileno(f), &st) == 0 && st.st_size <= MW_DOCUMENT_MAX && (data = malloc((size_t)st.st_size + 1))) {
        *len = fread(data, 1, (size_t)st.st_size, f);
        data[*len] = '\0';
    }
    fclose(f);
    return data;
}

/* --strict-comments: SGML comments, as wget's strict mode reads them: in
 * "<!" ... ">" each "--" opens or closes a comment, and only a '>' outside
 * one ends the declaration; so "<!-- a -- b --> <a href=x> -->" hides the
 * link, which HTML5 (and wget by default) end at the first "-->". The
 * declarations are blanked out in a copy, keeping every offset for -k. */
static char *without_sgml_comments(const char *doc, size_t len)
{
    char *copy = malloc(len + 1);
    if (!copy)
        return NULL;
    memcpy(copy, doc, len + 1);
    for (size_t i = 0; i + 4 <= len; i++) {
        if (memcmp(copy + i, "<!--", 4) != 0)
            continue;
        size_t j = i + 2;
        bool in_comment = false;
        while (j < len && (in_comment || copy[j] != '>')) {
            if (j + 1 < len && copy[j] == '-' && copy[j + 1] == '-') {
                in_comment = !in_comment;
                j += 2;
            } else {
                j++;
            }
        }
        if (j >= len) /* never closed: as wget, not a comment at all */
            break;
        memset(copy + i, ' ', j + 1 - i);
        i = j;
    }
    return copy;
}

static int extract(const mw_options *o, const char *doc, size_t len, const mw_url *base, mw_document_kind kind,
                   mw_links *links)
{
    if (o->strict_comments && kind == MW_DOCUMENT_HTML) {
        char *plain = without_sgml_comments(doc, len);
        if (!plain)
            return -1;
        int rc = mw_links_from_html(plain, len, base, o->follow_tags, o->ignore_tags, links);
        free(plain);
        return rc;
    }
    return kind == MW_DOCUMENT_CSS ? mw_links_from_css(doc, len, base, links)
                                   : mw_links_from_html(doc, len, base, o->follow_tags, o->ignore_tags, links);
}

/* IRI: the charset a page is written in, as wget reads it: the
 * Content-Type's, else a <meta>'s, else --remote-encoding. False for
 * UTF-8 (nothing to convert) and with --no-iri. */
static bool page_charset(const mw_options *o, const char *doc, size_t len, const char *content_type, char *out,
                         size_t size)
{
    if (!o->iri)
        return false;
    bool named = (content_type && mw_iri_charset_param(content_type, strlen(content_type), out, size)) ||
                 mw_iri_meta_charset(doc, len, out, size);
    if (!named && o->remote_encoding)
        named = snprintf(out, size, "%s", o->remote_encoding) < (int)size;
    return named && !mw_iri_is_utf8(out);
}

int mw_document_links_typed(const mw_options *o, const char *doc, size_t len, const mw_url *base, mw_document_kind kind,
                            const char *content_type, mw_links *links)
{
    char charset[64];
    bool non_ascii = false;
    for (size_t i = 0; kind == MW_DOCUMENT_HTML && o->iri && i < len && !non_ascii; i++)
        non_ascii = (unsigned char)doc[i] >= 0x80;
    if (!non_ascii || !page_charset(o, doc, len, content_type, charset, sizeof charset))
        return extract(o, doc, len, base, kind, links);
    /* links are read in UTF-8, as wget converts them; their places are
     * carried back to the page's own bytes for -k */
    size_t *map = NULL, utf8_len = 0;
    char *utf8 = mw_iri_to_utf8_mapped(doc, len, charset, &map, &utf8_len);
    if (!utf8)
        return extract(o, doc, len, base, kind, links);
    int rc = extract(o, utf8, utf8_len, base, kind, links);
    for (size_t i = 0; rc == 0 && i < links->count; i++) {
        mw_link *l = &links->items[i];
        if (l->len == 0 || l->offset + l->len > utf8_len)
            continue;
        size_t start = map[l->offset], end = map[l->offset + l->len];
        l->offset = start;
        l->len = end - start;
    }
    free(map);
    free(utf8);
    return rc;
}

int mw_document_links(const mw_options *o, const char *doc, size_t len, const mw_url *base, mw_document_kind kind,
                      mw_links *links)
{
    return mw_document_links_typed(o, doc, len, base, kind, NULL, links);
}
