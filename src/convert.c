/* convert: -k link conversion and -K backups, after a crawl (see
 * convert.h). */
#include "convert.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "strmap.h"

typedef struct page {
    char *path;
    char *url;
    mw_document_kind kind;
    size_t order; /* when it was saved: of two URLs saved to one file, the later wrote it */
    char *content_type; /* the response's, or NULL */
} page;

struct mw_convert {
    mw_ctx *ctx;
    mw_strmap saved; /* URL -> local file */
    page *pages;     /* saved pages and stylesheets */
    size_t npages;
};

mw_convert *mw_convert_new(mw_ctx *ctx)
{
    mw_convert *cv = calloc(1, sizeof *cv);
    if (cv)
        cv->ctx = ctx;
    return cv;
}

void mw_convert_free(mw_convert *cv)
{
    if (!cv)
        return;
    mw_strmap_free(&cv->saved);
    for (size_t i = 0; i < cv->npages; i++) {
        free(cv->pages[i].path);
        free(cv->pages[i].url);
        free(cv->pages[i].content_type);
    }
    free(cv->pages);
    free(cv);
}

void mw_convert_saved(mw_convert *cv, const mw_url *url, const char *path)
{
    char *text = mw_url_to_string(url);
    if (text)
        mw_strmap_put(&cv->saved, text, path, NULL);
    free(text);
}

void mw_convert_page(mw_convert *cv, const char *path, const mw_url *url, mw_document_kind kind, const char *content_type)
{
    page *grown = realloc(cv->pages, (cv->npages + 1) * sizeof *grown);
    if (!grown)
        return;
    cv->pages = grown;
    page *p = &cv->pages[cv->npages];
    p->path = strdup(path);
    p->url = mw_url_to_string(url);
    p->kind = kind;
    p->order = cv->npages;
    p->content_type = content_type ? strdup(content_type) : NULL; /* its charset reads the links */
    if (p->path && p->url)
        cv->npages++;
    else {
        free(p->path);
        free(p->url);
        free(p->content_type);
    }
}

/* The relative reference from the directory of `from` to the file `to`.
 * The local name is quoted as wget quotes it: '%', '#' and ';' always, '?'
 * only with -E (without it "index.html?x" would no longer be read as HTML),
 * control bytes as well. */
static char *relative_path(const char *from, const char *to, bool question_mark)
{
    size_t common = 0;
    for (size_t i = 0; from[i] && from[i] == to[i]; i++)
        if (from[i] == '/')
            common = i + 1;
    size_t ups = 0;
    for (const char *p = from + common; *p; p++)
        ups += *p == '/';
    const char *rest = to + common;
    char *out = malloc(ups * 3 + strlen(rest) * 3 + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < ups; i++)
        o = stpcpy(o, "../");
    /* a local file name as a URL reference: escape what would change its meaning */
    for (; *rest; rest++) {
        unsigned char ch = (unsigned char)*rest;
        if (ch == '%' || ch == '#' || ch == ';' || (ch == '?' && question_mark) || ch < 0x20 || ch == 0x7f) {
            sprintf(o, "%%%02X", ch);
            o += 3;
        } else {
            *o++ = (char)ch;
        }
    }
    *o = '\0';
    return out;
}

static int by_offset(const void *a, const void *b)
{
    const mw_link *x = a, *y = b;
    return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* What a link's text becomes: the local file (relative), or the absolute URL. */
static char *replacement(const mw_convert *cv, const page *p, const mw_link *link, const char *raw, size_t raw_len)
{
    const char *local;
    const char *hash = memchr(raw, '#', raw_len);
    size_t frag_len = hash ? raw_len - (size_t)(hash - raw) : 0;
    char *out = NULL;
    if (mw_strmap_get(&cv->saved, link->url, &local) && local && cv->ctx->opts->convert_file_only) {
        /* --convert-file-only: the link as written, with its last segment
         * (and query) replaced by the local file's name, as wget */
        size_t dir_len = 0;
        for (size_t i = 0; i < raw_len && raw[i] != '?' && raw[i] != '#'; i++)
            if (raw[i] == '/')
                dir_len = i + 1;
        char *name = relative_path(local, local, cv->ctx->opts->adjust_extension); /* the escaped base name */
        if (name && asprintf(&out, "%.*s%s%.*s", (int)dir_len, raw, name, (int)frag_len, hash ? hash : "") < 0)
            out = NULL;
        free(name);
    } else if (mw_strmap_get(&cv->saved, link->url, &local) && local) {
        char *rel = relative_path(p->path, local, cv->ctx->opts->adjust_extension);
        if (rel && asprintf(&out, "%s%.*s", rel, (int)frag_len, hash ? hash : "") < 0)
            out = NULL;
        free(rel);
    } else if (asprintf(&out, "%s%.*s", link->url, (int)frag_len, hash ? hash : "") < 0) {
        out = NULL;
    }
    return out;
}

/* The parser gave the link decoded: HTML gets it quoted as wget quotes it
 * (& < > " and the space; ' too, which wget leaves, so that a single-quoted
 * attribute stays whole), CSS as it is. */
static void put_link(FILE *out, const char *link, bool css)
{
    for (; *link; link++) {
        const char *entity = NULL;
        switch (css ? 0 : *link) {
        case '&': entity = "&amp;"; break;
        case '<': entity = "&lt;"; break;
        case '>': entity = "&gt;"; break;
        case '"': entity = "&quot;"; break;
        case ' ': entity = "&#32;"; break;
        case '\'': entity = "&#39;"; break;
        default: break;
        }
        if (entity)
            fputs(entity, out);
        else
            fputc(*link, out);
    }
}

static bool ends_with(const char *s, size_t n, const char *suffix)
{
    size_t m = strlen(suffix);
    return n >= m && strncasecmp(s + n - m, suffix, m) == 0;
}

/* -K's backup: NAME.orig, where NAME is the name before -E added ".html"
 * (or ".css"), as wget names it: index.php.orig, not index.php.html.orig,
 * and page.html?x=1.orig, not page.html?x=1.html.orig. */
static char *backup_name(const mw_options *o, const page *p)
{
    size_t n = strlen(p->path), cut = 0;
    mw_url url;
    if (o->adjust_extension && mw_url_parse(p->url, &url, NULL, 0) == MW_URL_OK) {
        const char *name = strrchr(url.path, '/');
        name = name ? name + 1 : url.path;
        if (url.query) /* the local name ends with the query: "page.html?x=1" had no ".html" to -E */
            name = url.query;
        size_t name_len = strlen(name);
        const char *added = p->kind == MW_DOCUMENT_CSS ? ".css" : ".html";
        bool had = p->kind == MW_DOCUMENT_CSS ? ends_with(name, name_len, ".css")
                                               : ends_with(name, name_len, ".html") || ends_with(name, name_len, ".htm");
        if (!had && ends_with(p->path, n, added))
            cut = strlen(added);
        mw_url_free(&url);
    }
    char *orig = NULL;
    if (asprintf(&orig, "%.*s.orig", (int)(n - cut), p->path) < 0)
        return NULL;
    return orig;
}

/* A <meta http-equiv=refresh> link: wget rewrites the whole content=""
 * value, as "TIMEOUT; URL=LINK". Sets the value's span and the timeout when
 * the value reads as wget reads it (digits, ';', spaces, "url=", the link). */
static bool refresh_value(const char *doc, size_t len, const mw_link *l, size_t *start, size_t *end, long *timeout)
{
    if (!l->tag || !l->attr || strcmp(l->tag, "meta") != 0 || strcmp(l->attr, "content") != 0)
        return false;
    size_t k = l->offset;
    while (k > 0 && doc[k - 1] != '"' && doc[k - 1] != '\'' && l->offset - k < 64)
        k--;
    if (k == 0 || (doc[k - 1] != '"' && doc[k - 1] != '\''))
        return false;
    char quote = doc[k - 1];
    size_t i = k;
    long t = 0;
    while (i < l->offset && doc[i] >= '0' && doc[i] <= '9' && t < 100000000)
        t = t * 10 + (doc[i++] - '0');
    if (i >= l->offset || doc[i++] != ';')
        return false;
    while (i < l->offset && strchr(" \t\n\r\f\v", doc[i]))
        i++;
    if (l->offset - i != 4 || strncasecmp(doc + i, "url=", 4) != 0)
        return false;
    const char *close = memchr(doc + l->offset + l->len, quote, len - (l->offset + l->len));
    if (!close)
        return false;
    *start = k;
    *end = (size_t)(close - doc);
    *timeout = t;
    return true;
}

/* True when the reference text starts with a scheme ("http:"): wget's
 * "complete" link, which -k leaves alone when it was not downloaded. */
static bool has_scheme(const char *p, size_t n)
{
    size_t i = 0;
    if (n == 0 || !isalpha((unsigned char)p[0]))
        return false;
    while (i < n && (isalnum((unsigned char)p[i]) || p[i] == '+' || p[i] == '-' || p[i] == '.'))
        i++;
    return i < n && p[i] == ':';
}

/* -k empties each <base href> before `limit`, as wget: the links it
 * would resolve against are local now. Returns where the copy stands. */
static size_t empty_bases(FILE *out, const char *doc, size_t at, const mw_links *links, size_t *next, size_t limit,
                          size_t *changed)
{
    for (; *next < links->nbases && links->bases[*next].offset + links->bases[*next].len <= limit; ++*next) {
        const struct mw_links_span *b = &links->bases[*next];
        if (b->offset < at)
            continue;
        fwrite(doc + at, 1, b->offset - at, out);
        if (b->offset == 0 || (doc[b->offset - 1] != '"' && doc[b->offset - 1] != '\''))
            fputs("\"\"", out); /* an unquoted value */
        at = b->offset + b->len;
        ++*changed;
    }
    return at;
}

static void convert(mw_convert *cv, const page *p)
{
    const mw_options *o = cv->ctx->opts;
    size_t len = 0;
    char *doc = mw_document_read(p->path, &len);
    mw_url base;
    mw_links links = { 0 };
    if (!doc || mw_url_parse(p->url, &base, NULL, 0) != MW_URL_OK) {
        free(doc);
        return;
    }
    if (mw_document_links_typed(o, doc, len, &base, p->kind, p->content_type, &links) == 0 && (links.count || links.nbases)) {
        qsort(links.items, links.count, sizeof *links.items, by_offset);
        char *tmp = NULL, *orig = NULL;
        FILE *out = asprintf(&tmp, "%s.mw-convert", p->path) >= 0 ? fopen(tmp, "we") : NULL;
        size_t at = 0, next_base = 0, changed = 0;
        for (size_t i = 0; out && i < links.count; i++) {
            const mw_link *l = &links.items[i];
            if (!l->len || l->offset < at || l->offset + l->len > len)
                continue;
            const char *local;
            if (!(mw_strmap_get(&cv->saved, l->url, &local) && local) && has_scheme(doc + l->offset, l->len))
                continue; /* as wget: a complete URL that was not downloaded stays as written */
            char *with = replacement(cv, p, l, doc + l->offset, l->len);
            if (!with)
                continue;
            size_t start = l->offset, end = l->offset + l->len;
            long timeout = 0;
            bool refresh = p->kind != MW_DOCUMENT_CSS && refresh_value(doc, len, l, &start, &end, &timeout);
            at = empty_bases(out, doc, at, &links, &next_base, start, &changed);
            fwrite(doc + at, 1, start - at, out);
            if (refresh)
                fprintf(out, "%ld; URL=", timeout);
            put_link(out, with, p->kind == MW_DOCUMENT_CSS);
            at = end;
            changed++;
            free(with);
        }
        if (out)
            at = empty_bases(out, doc, at, &links, &next_base, len, &changed);
        /* as wget: a page with nothing to convert is left alone (and gets no -K backup) */
        bool ok = out && changed && fwrite(doc + at, 1, len - at, out) == len - at;
        if (out && fclose(out) != 0)
            ok = false;
        if (ok && o->backup_converted && (orig = backup_name(o, p)))
            ok = link(p->path, orig) == 0 || rename(p->path, orig) == 0;
        if (ok && rename(tmp, p->path) == 0)
            mw_log(cv->ctx, MW_LOG_INFO, "Converted links in %s.", p->path);
        else if (tmp)
            unlink(tmp);
        free(tmp);
        free(orig);
    }
    mw_links_free(&links);
    mw_url_free(&base);
    free(doc);
}

static int by_path_then_order(const void *a, const void *b)
{
    const page *x = a, *y = b;
    int by_path = strcmp(x->path, y->path);
    return by_path ? by_path : x->order < y->order ? -1 : x->order > y->order;
}

void mw_convert_run(mw_convert *cv)
{
    /* Several URLs may be saved to one file (dir/ and dir/index.html): it is
     * converted once, read against the URL that wrote it last. Converting it
     * again would read its own converted links, and -K would keep those. */
    if (cv->npages > 1)
        qsort(cv->pages, cv->npages, sizeof *cv->pages, by_path_then_order);
    for (size_t i = 0; i < cv->npages; i++)
        if (i + 1 == cv->npages || strcmp(cv->pages[i].path, cv->pages[i + 1].path) != 0)
            convert(cv, &cv->pages[i]);
}
