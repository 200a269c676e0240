/* links_html: the references of an HTML page, as wget's tables say which
 * attribute of which element is a link (page to follow or requisite), and
 * where each sits in the raw document for -k. The start tags come from the
 * tokenizer alone (links_html_scan.c) or, when the page needs it, from
 * gumbo's tree (links_html_tree.c); CSS inside the page is read by
 * links_css.c. */
#include <ctype.h>
#include <gumbo.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "links_html_scan.h"
#include "links_html_tree.h"
#include "links_internal.h"

/* ---- references inside an attribute value ---- */

/* A whole attribute value is the reference (href, src...). */
static void scan_plain(const char *s, size_t n, mw_link_refs *r)
{
    size_t a = 0, b = n;
    while (a < b && mw_html_space(s[a]))
        a++;
    while (b > a && mw_html_space(s[b - 1]))
        b--;
    mw_link_refs_add_span(r, s, a, b - a, NULL);
}

/* srcset: "url [descriptors], url [descriptors]...", as the HTML standard
 * splits it; each candidate URL is a reference of its own. */
static void scan_srcset(const char *s, size_t n, mw_link_refs *r)
{
    size_t i = 0;
    while (i < n) {
        while (i < n && (mw_html_space(s[i]) || s[i] == ','))
            i++;
        size_t start = i;
        while (i < n && !mw_html_space(s[i]))
            i++;
        size_t end = i;
        bool ends_candidate = false;
        while (end > start && s[end - 1] == ',') { /* "a.png," has no descriptors */
            end--;
            ends_candidate = true;
        }
        if (end > start)
            mw_link_refs_add_span(r, s, start, end - start, NULL);
        bool in_parens = false; /* a comma inside "(...)" does not end the descriptors */
        while (!ends_candidate && i < n) {
            char c = s[i++];
            if (c == ',' && !in_parens)
                break;
            if (c == '(')
                in_parens = true;
            else if (c == ')')
                in_parens = false;
        }
    }
}

/* <meta http-equiv=refresh content="5; url=next.html">: the URL part. */
static void scan_refresh(const char *s, size_t n, mw_link_refs *r)
{
    size_t i = 0;
    while (i < n && mw_html_space(s[i]))
        i++;
    size_t digits = i;
    while (i < n && (isdigit((unsigned char)s[i]) || s[i] == '.'))
        i++;
    if (i == digits)
        return; /* no delay: not a refresh value */
    while (i < n && mw_html_space(s[i]))
        i++;
    if (i < n && (s[i] == ';' || s[i] == ','))
        i++;
    while (i < n && mw_html_space(s[i]))
        i++;
    if (n - i >= 3 && strncasecmp(s + i, "url", 3) == 0) {
        size_t j = i + 3;
        while (j < n && mw_html_space(s[j]))
            j++;
        if (j < n && s[j] == '=') {
            i = j + 1;
            while (i < n && mw_html_space(s[i]))
                i++;
        }
    }
    size_t end = n;
    if (i < n && (s[i] == '"' || s[i] == '\'')) {
        const char *close = memchr(s + i + 1, s[i], n - i - 1);
        end = close ? (size_t)(close - s) : n;
        i++;
    }
    while (end > i && mw_html_space(s[end - 1]))
        end--;
    if (end > i)
        mw_link_refs_add_span(r, s, i, end - i, NULL);
}

/* ---- HTML ---- */

typedef struct html_ctx {
    const char *doc;
    size_t len;
    const mw_url *doc_url;
    mw_url base; /* the document URL, or the last <base href> */
    const mw_list *follow_tags, *ignore_tags; /* not given: no filter */
    mw_links *out;
} html_ctx;

/* The stretch of the document a gumbo string piece covers, when it does. */
static bool doc_span(const html_ctx *ctx, const char *p, size_t n, size_t *offset)
{
    uintptr_t d = (uintptr_t)ctx->doc, q = (uintptr_t)p;
    if (!p || q < d || q - d > ctx->len || n > ctx->len - (q - d))
        return false;
    *offset = q - d;
    return true;
}

/* True when a raw span and the decoded span it was paired with say the same
 * thing. What decoding changes (entities, CR, NUL, bytes that are not UTF-8,
 * which become U+FFFD) makes them differ legitimately; otherwise they must be
 * equal, or the pairing went wrong. */
static bool spans_agree(const char *raw, size_t rn, const char *dec, size_t dn)
{
    if (memchr(raw, '&', rn) || memchr(raw, '\r', rn) || memchr(raw, '\0', rn) ||
        memmem(dec, dn, "\xEF\xBF\xBD", 3))
        return true;
    return rn == dn && memcmp(raw, dec, rn) == 0;
}

/* Emits the references scan finds in a decoded value, positioned by the same
 * scan over the raw document text (raw may be NULL: unknown). Entities can
 * change what the raw text splits into; when the two scans disagree, the
 * links are still given, with len 0. */
static int emit(html_ctx *ctx, mw_link_scanner *scan, const char *dec, size_t dn, const char *raw, size_t rn,
                const mw_link *proto)
{
    mw_link_refs d = { 0 }, r = { 0 };
    size_t base_off = 0;
    scan(dec, dn, &d);
    bool mapped = raw && doc_span(ctx, raw, rn, &base_off);
    if (mapped)
        scan(raw, rn, &r);
    mapped = mapped && r.count == d.count && !r.failed;
    int rc = d.failed || r.failed ? -1 : 0;
    for (size_t i = 0; i < d.count && rc == 0; i++) {
        mw_link link = *proto;
        if (!link.attr) /* the CSS scanner's "url" or "import" */
            link.attr = d.items[i].attr;
        const mw_link_ref *rr = mapped ? &r.items[i] : NULL, *value = &d.items[i];
        if (rr && spans_agree(raw + rr->start, rr->len, dec + d.items[i].start, d.items[i].len)) {
            link.offset = base_off + rr->start;
            link.len = rr->len;
            /* Without entities the raw bytes are the reference. gumbo reads
             * UTF-8 and would have turned a Latin-1 "caf\xe9" into U+FFFD;
             * wget requests %E9. */
            if (!memchr(raw + rr->start, '&', rr->len) && !memchr(raw + rr->start, '\0', rr->len))
                value = rr;
        }
        rc = mw_links_add(ctx->out, &ctx->base, value->value, value->value_len, &link);
    }
    mw_link_refs_free(&d);
    mw_link_refs_free(&r);
    return rc;
}

static bool tag_wanted(const html_ctx *ctx, const char *name)
{
    size_t n = strlen(name);
    if (ctx->follow_tags->given && !mw_list_has(ctx->follow_tags, name, n))
        return false;
    return !(ctx->ignore_tags->given && mw_list_has(ctx->ignore_tags, name, n));
}

static const char *attr_value(const mw_html_tag *t, const char *name)
{
    for (size_t i = 0; i < t->nattrs; i++)
        if (strcmp(t->attrs[i].name, name) == 0)
            return t->attrs[i].value;
    return NULL;
}

/* True when a space-separated token list (rel="...") holds token. */
static bool has_token(const char *list, const char *token)
{
    size_t want = strlen(token);
    for (const char *p = list; p && *p;) {
        while (mw_html_space(*p))
            p++;
        size_t k = 0;
        while (p[k] && !mw_html_space(p[k]))
            k++;
        if (k == want && strncasecmp(p, token, k) == 0)
            return true;
        p += k;
    }
    return false;
}

/* What the attribute of this element refers to, as wget's tables say:
 * false when it is no link. */
static bool link_attr(const mw_html_tag *el, const char *attr, mw_link_kind *kind, mw_link_scanner **scan)
{
    *kind = MW_LINK_REQUISITE;
    *scan = scan_plain;
    switch ((GumboTag)el->tag) {
    case GUMBO_TAG_A:
    case GUMBO_TAG_AREA:
        *kind = MW_LINK_FOLLOW;
        return strcmp(attr, "href") == 0;
    case GUMBO_TAG_FRAME:
    case GUMBO_TAG_IFRAME: /* part of the page on display: -p fetches them, as wget */
        return strcmp(attr, "src") == 0;
    case GUMBO_TAG_IMG:
    case GUMBO_TAG_SOURCE:
        if (strcmp(attr, "srcset") == 0) {
            *scan = scan_srcset;
            return true;
        }
        return strcmp(attr, "src") == 0 || (el->tag == GUMBO_TAG_IMG && strcmp(attr, "lowsrc") == 0);
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_BGSOUND:
        return strcmp(attr, "src") == 0;
    case GUMBO_TAG_VIDEO:
        return strcmp(attr, "src") == 0 || strcmp(attr, "poster") == 0;
    case GUMBO_TAG_INPUT: {
        const char *type = attr_value(el, "type");
        return strcmp(attr, "src") == 0 && type && strcasecmp(type, "image") == 0;
    }
    case GUMBO_TAG_OBJECT:
        return strcmp(attr, "data") == 0;
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
        return strcmp(attr, "background") == 0;
    case GUMBO_TAG_LINK: {
        /* stylesheets and icons display the page; other <link>s (next,
         * alternate...) usually point at pages, which wget follows */
        const char *rel = attr_value(el, "rel");
        if (!has_token(rel, "stylesheet") && !has_token(rel, "icon"))
            *kind = MW_LINK_FOLLOW;
        return strcmp(attr, "href") == 0;
    }
    case GUMBO_TAG_META: {
        const char *equiv = attr_value(el, "http-equiv");
        *kind = MW_LINK_FOLLOW;
        *scan = scan_refresh;
        return strcmp(attr, "content") == 0 && equiv && strcasecmp(equiv, "refresh") == 0;
    }
    default:
        return false;
    }
}

/* <base href>: later relative links resolve against it. Like wget, a
 * relative base is taken relative to the document, not to an earlier base. */
static void set_base(html_ctx *ctx, const mw_html_attr *a)
{
    const char *raw = a->raw;
    size_t n = a->raw_len, offset;
    mw_url url;
    /* the raw bytes when they hold no entity, as for links (see emit()) */
    bool in_doc = raw && doc_span(ctx, raw, n, &offset);
    bool use_raw = in_doc && !memchr(raw, '&', n);
    struct mw_links_span *grown;
    if (in_doc && (grown = realloc(ctx->out->bases, (ctx->out->nbases + 1) * sizeof *grown))) {
        ctx->out->bases = grown;
        grown[ctx->out->nbases++] = (struct mw_links_span){ offset, n };
    }
    if (!mw_links_resolve(ctx->doc_url, use_raw ? raw : a->value, use_raw ? n : strlen(a->value), &url))
        return;
    mw_url_free(&ctx->base);
    ctx->base = url;
}

/* <meta name=robots content="noindex, nofollow"> or content=none. */
static void check_robots(html_ctx *ctx, const mw_html_tag *el)
{
    const char *name = attr_value(el, "name"), *content = attr_value(el, "content");
    if (!name || !content || strcasecmp(name, "robots") != 0)
        return;
    size_t t;
    for (const char *p = content, *word; mw_list_next(&p, ",", " \t\n\r\f", &word, &t);)
        if ((t == 4 && strncasecmp(word, "none", 4) == 0) || (t == 8 && strncasecmp(word, "nofollow", 8) == 0))
            ctx->out->nofollow = true;
}

/* The CSS of a <style> element: its text, positioned by its raw text. */
static int style_element(html_ctx *ctx, const mw_html_tag *el)
{
    mw_link proto = { .kind = MW_LINK_REQUISITE, .tag = "style" };
    for (size_t i = 0; i < el->ntexts; i++) {
        const mw_html_text *t = &el->texts[i];
        if (emit(ctx, mw_links_scan_css, t->text, t->len, t->raw, t->raw_len, &proto) != 0)
            return -1;
    }
    return 0;
}

static const char *static_attr(const char *name)
{
    static const char *const names[] = { "href", "src", "srcset", "lowsrc", "poster", "data", "background", "content" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0)
            return names[i];
    return "unknown"; /* link_attr() knows no other attribute */
}

static int element_links(void *arg, const mw_html_tag *el)
{
    html_ctx *ctx = arg;
    if (ctx->out->count >= MW_LINKS_MAX)
        return 0;
    bool wanted = tag_wanted(ctx, el->name);
    if (wanted && el->tag == GUMBO_TAG_META)
        check_robots(ctx, el);
    for (size_t i = 0; i < el->nattrs; i++) {
        const mw_html_attr *a = &el->attrs[i];
        if (!a->value) /* one the scanner did not decode: never read */
            continue;
        mw_link proto = { .tag = el->name, .attr = a->name };
        mw_link_scanner *scan;
        if (strcmp(a->name, "style") == 0) { /* on any element, whatever the filters: wget does so */
            proto.kind = MW_LINK_REQUISITE;
            proto.attr = "style";
            scan = mw_links_scan_css;
        } else if (!wanted) {
            continue;
        } else if (el->tag == GUMBO_TAG_BASE && strcmp(a->name, "href") == 0) {
            set_base(ctx, a);
            continue;
        } else if (!link_attr(el, a->name, &proto.kind, &scan)) {
            continue;
        }
        proto.stylesheet = el->tag == GUMBO_TAG_LINK && proto.kind == MW_LINK_REQUISITE &&
                           has_token(attr_value(el, "rel"), "stylesheet");
        if (proto.attr == a->name) /* a static name, not the parser's copy, which dies with the tag */
            proto.attr = static_attr(a->name);
        if (emit(ctx, scan, a->value, strlen(a->value), a->raw, a->raw_len, &proto) != 0)
            return -1;
    }
    if (el->tag == GUMBO_TAG_STYLE)
        return style_element(ctx, el);
    return 0;
}

int mw_links_from_html(const char *doc, size_t len, const mw_url *base_url, const char *follow_tags,
                       const char *ignore_tags, mw_links *out)
{
    return mw_links_from_html_limited(doc, len, base_url, follow_tags, ignore_tags, MW_LINKS_DEFAULT_LIMITS, out);
}

int mw_links_from_html_limited(const char *doc, size_t len, const mw_url *base_url, const char *follow_tags,
                               const char *ignore_tags, mw_links_limits limits, mw_links *out)
{
    mw_list follow, ignore;
    memset(out, 0, sizeof *out);
    if (mw_list_split(follow_tags, MW_LINKS_TAG_SEPARATORS, MW_LINKS_TAG_BLANKS, &follow) != 0)
        return -1;
    int rc = -1;
    if (mw_list_split(ignore_tags, MW_LINKS_TAG_SEPARATORS, MW_LINKS_TAG_BLANKS, &ignore) == 0) {
        rc = mw_links_from_html_lists(doc, len, base_url, &follow, &ignore, limits, out);
        mw_list_free(&ignore);
    }
    mw_list_free(&follow);
    return rc;
}

int mw_links_from_html_lists(const char *doc, size_t len, const mw_url *base_url, const mw_list *follow_tags,
                             const mw_list *ignore_tags, mw_links_limits limits, mw_links *out)
{
    static const mw_list no_filter = { 0 };
    memset(out, 0, sizeof *out);
    if (len > MW_LINKS_MAX_DOCUMENT)
        return -1;
    html_ctx ctx = { .doc = doc, .len = len, .doc_url = base_url, .follow_tags = follow_tags ? follow_tags : &no_filter,
                     .ignore_tags = ignore_tags ? ignore_tags : &no_filter, .out = out };
    if (mw_url_copy(base_url, &ctx.base) != MW_URL_OK)
        return -1;
    /* the tokenizer alone when it suffices, gumbo's tree when it does not */
    int rc = limits.tree ? MW_HTML_SCAN_NEEDS_TREE : mw_html_scan(doc, len, element_links, &ctx);
    if (rc == MW_HTML_SCAN_NEEDS_TREE) {
        mw_links_free(out);
        mw_url_free(&ctx.base);
        mw_html_tree tree = { 0 };
        rc = mw_url_copy(base_url, &ctx.base) == MW_URL_OK ? mw_html_tree_parse(doc, len, limits, &tree) : -1;
        if (rc == 0)
            rc = mw_html_tree_each(&tree, element_links, &ctx);
        mw_html_tree_free(&tree);
    }
    mw_url_free(&ctx.base);
    if (rc != 0)
        mw_links_free(out);
    return rc;
}
