/* libFuzzer target: link extraction. The input is taken as an HTML page and
 * as a stylesheet, both fetched from http://example.com/a/b.html. */
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
        mw_links_free(&links);
    }
    if (mw_links_from_html(doc, size, &base, "a,img", "img", &links) == 0) {
        check(&links, size);
        mw_links_free(&links);
    }
    if (mw_links_from_css(doc, size, &base, &links) == 0) {
        check(&links, size);
        mw_links_free(&links);
    }
    free(doc);
    return 0;
}
