/* links: the result list (mw_links) and the reference collection
 * (mw_link_refs) that the HTML and CSS extractors both fill, and the rule
 * that turns a reference into a link: resolved against the base, only
 * http(s), no fragment-only or empty references. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "links_internal.h"
#include "strbuf.h"

/* ---- the result list ---- */

/* The list grows by doubling from 16, so its capacity follows from count and
 * mw_links needs no extra field. */
static int push_link(mw_links *out, const mw_link *link)
{
    size_t n = out->count;
    if (n == 0 || (n >= 16 && (n & (n - 1)) == 0)) {
        mw_link *items = realloc(out->items, (n < 16 ? 16 : n * 2) * sizeof *items);
        if (!items)
            return -1;
        out->items = items;
    }
    out->items[out->count++] = *link;
    return 0;
}

void mw_links_free(mw_links *links)
{
    if (!links)
        return;
    for (size_t i = 0; i < links->count; i++)
        free(links->items[i].url);
    free(links->items);
    free(links->bases);
    memset(links, 0, sizeof *links);
}

/* ---- from reference text to link ---- */

/* True when ref starts with "scheme:" (RFC 3986) for a scheme other than http
 * and https. Checked here and not left to the URL parser, which takes
 * "tel:123" for host "tel", port 123, as wget does on its command line. */
static bool foreign_scheme(const char *ref)
{
    size_t n = 0;
    if (!isalpha((unsigned char)ref[0]))
        return false;
    while (isalnum((unsigned char)ref[n]) || ref[n] == '+' || ref[n] == '-' || ref[n] == '.')
        n++;
    if (ref[n] != ':')
        return false;
    return !((n == 4 && strncasecmp(ref, "http", 4) == 0) || (n == 5 && strncasecmp(ref, "https", 5) == 0));
}

/* Resolves reference text as a browser reads an attribute: surrounding
 * whitespace trimmed, tabs and line breaks inside dropped. False for what is
 * no link to fetch: empty, fragment-only (the page itself, which wget
 * ignores), another scheme, too long, or unparsable. */
bool mw_links_resolve(const mw_url *base, const char *ref, size_t n, mw_url *out)
{
    if (n > MW_LINKS_MAX_URL || memchr(ref, '\0', n))
        return false;
    char clean[MW_LINKS_MAX_URL + 1];
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (ref[i] != '\t' && ref[i] != '\n' && ref[i] != '\r')
            clean[c++] = ref[i];
    while (c > 0 && mw_html_space(clean[c - 1]))
        c--;
    clean[c] = '\0';
    const char *text = clean;
    while (mw_html_space(*text))
        text++;
    if (!*text || *text == '#' || foreign_scheme(text))
        return false;
    return mw_url_resolve(base, text, out, NULL, 0) == MW_URL_OK;
}

/* Appends a link unless it is to be skipped; -1 only when out of memory. */
int mw_links_add(mw_links *out, const mw_url *base, const char *ref, size_t n, const mw_link *proto)
{
    if (out->count >= MW_LINKS_MAX)
        return 0;
    mw_url url;
    if (!mw_links_resolve(base, ref, n, &url))
        return 0;
    mw_link link = *proto;
    link.url = mw_url_to_string(&url);
    mw_url_free(&url);
    if (!link.url || push_link(out, &link) != 0) {
        free(link.url);
        return -1;
    }
    return 0;
}

/* ---- the references a scanner finds in one text ---- */

void mw_link_refs_add(mw_link_refs *r, size_t start, size_t len, char *value, size_t value_len, const char *attr)
{
    if (r->failed || !value || r->count >= MW_LINKS_MAX) {
        r->failed |= !value;
        free(value);
        return;
    }
    if (mw_grow(&r->items, &r->cap, r->count + 1, sizeof *r->items, 8) < 0) {
        r->failed = true;
        free(value);
        return;
    }
    r->items[r->count++] = (mw_link_ref){ start, len, value, value_len, attr };
}

/* A reference that is a plain stretch of the text. */
void mw_link_refs_add_span(mw_link_refs *r, const char *s, size_t start, size_t len, const char *attr)
{
    mw_link_refs_add(r, start, len, strndup(s + start, len), len, attr);
}

void mw_link_refs_free(mw_link_refs *r)
{
    for (size_t i = 0; i < r->count; i++)
        free(r->items[i].value);
    free(r->items);
    memset(r, 0, sizeof *r);
}
