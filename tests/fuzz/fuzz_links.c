/* libFuzzer target: link extraction. The input is taken as an HTML page and
 * as a stylesheet, both fetched from http://example.com/a/b.html. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "links.h"
#include "miniwget/url.h"

/* What the crawler and -k rely on: positions inside the document, and URLs
 * it can fetch. */
static void check(const mw_links *links, size_t size)
{
    if (links->count > MW_LINKS_MAX)
        abort();
    for (size_t i = 0; i < links->count; i++) {
        const mw_link *l = &links->items[i];
        if (l->offset > size || l->len > size - l->offset || !l->tag || !l->attr || !l->url)
            abort();
        mw_url url;
        if (mw_url_parse(l->url, &url, NULL, 0) != MW_URL_OK)
            abort();
        if (url.scheme != MW_SCHEME_HTTP && url.scheme != MW_SCHEME_HTTPS)
            abort();
        if (strncmp(l->url, "http://", 7) != 0 && strncmp(l->url, "https://", 8) != 0)
            abort();
        mw_url_free(&url);
    }
}

/* In a stylesheet every link is rewritable, in order, and its raw text,
 * when it holds no escape (and no space or control byte, which URL parsing
 * trims or drops), is the reference itself. */
static bool plain(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\\' || (unsigned char)s[i] <= 0x20)
            return false;
    return n <= MW_LINKS_MAX_URL;
}

static void check_css(const mw_links *links, const char *doc, const mw_url *base)
{
    for (size_t i = 0; i < links->count; i++) {
        const mw_link *l = &links->items[i];
        if (l->len == 0 || (i > 0 && l->offset < links->items[i - 1].offset + links->items[i - 1].len))
            abort();
        const char *raw = doc + l->offset;
        if (!plain(raw, l->len))
            continue;
        char text[MW_LINKS_MAX_URL + 1];
        memcpy(text, raw, l->len);
        text[l->len] = '\0';
        mw_url url;
        if (mw_url_resolve(base, text, &url, NULL, 0) != MW_URL_OK)
            abort();
        char *again = mw_url_to_string(&url);
        if (again && strcmp(again, l->url) != 0)
            abort();
        free(again);
        mw_url_free(&url);
    }
}

/* The tokenizer alone (links_html_scan.c) and gumbo's tree must find the
 * same links wherever the scan does not hand the page to the tree. */
static void check_same_as_tree(const char *doc, size_t size, const mw_url *base, const mw_links *scanned)
{
    mw_links_limits limits = MW_LINKS_DEFAULT_LIMITS;
    limits.tree = true;
    mw_links tree;
    if (mw_links_from_html_lists(doc, size, base, NULL, NULL, limits, &tree) != 0)
        return; /* over gumbo's budget */
    if (tree.count != scanned->count || tree.nofollow != scanned->nofollow)
        abort();
    for (size_t i = 0; i < tree.count; i++) {
        const mw_link *a = &tree.items[i], *b = &scanned->items[i];
        if (strcmp(a->url, b->url) != 0 || a->offset != b->offset || a->len != b->len || a->kind != b->kind ||
            strcmp(a->tag, b->tag) != 0 || strcmp(a->attr, b->attr) != 0)
            abort();
    }
    mw_links_free(&tree);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static mw_url base;
    if (!base.host && mw_url_parse("http://example.com/a/b.html", &base, NULL, 0) != MW_URL_OK)
        abort();
    /* a copy of exactly size bytes, so that reading past the end is caught */
    char *doc = malloc(size ? size : 1);
    if (!doc)
        return 0;
    memcpy(doc, data, size);
    mw_links links;
    if (mw_links_from_html(doc, size, &base, NULL, NULL, &links) == 0) {
        check(&links, size);
        check_same_as_tree(doc, size, &base, &links);
        mw_links_free(&links);
    }
    if (mw_links_from_html(doc, size, &base, "a,img", "img", &links) == 0) {
        check(&links, size);
        mw_links_free(&links);
    }
    if (mw_links_from_css(doc, size, &base, &links) == 0) {
        check(&links, size);
        check_css(&links, doc, &base);
        mw_links_free(&links);
    }
    free(doc);
    return 0;
}
