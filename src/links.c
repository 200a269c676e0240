#include "links.h"

#include <ctype.h>
#include <gumbo.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

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
    memset(links, 0, sizeof *links);
}

static bool html_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

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
static bool resolve_ref(const mw_url *base, const char *ref, size_t n, mw_url *out)
{
    if (n > MW_LINKS_MAX_URL || memchr(ref, '\0', n))
        return false;
    char clean[MW_LINKS_MAX_URL + 1];
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (ref[i] != '\t' && ref[i] != '\n' && ref[i] != '\r')
            clean[c++] = ref[i];
    while (c > 0 && html_space(clean[c - 1]))
        c--;
    clean[c] = '\0';
    const char *text = clean;
    while (html_space(*text))
        text++;
    if (!*text || *text == '#' || foreign_scheme(text))
        return false;
    return mw_url_resolve(base, text, out, NULL, 0) == MW_URL_OK;
}

/* Appends a link unless it is to be skipped; -1 only when out of memory. */
static int add_link(mw_links *out, const mw_url *base, const char *ref, size_t n, const mw_link *proto)
{
    if (out->count >= MW_LINKS_MAX)
        return 0;
    mw_url url;
    if (!resolve_ref(base, ref, n, &url))
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

/* ---- references inside a text: attribute values, srcset, CSS ---- */

typedef struct ref {
    size_t start, len;  /* the raw reference text within the scanned text */
    char *value;        /* the reference itself (CSS escapes undone) */
    size_t value_len;
    const char *attr;   /* set by the CSS scanner: "url" or "import" */
} ref;

typedef struct refs {
    ref *items;
    size_t count, cap;
    bool failed;
} refs;

static void refs_add(refs *r, size_t start, size_t len, char *value, size_t value_len, const char *attr)
{
    if (r->failed || !value || r->count >= MW_LINKS_MAX) {
        r->failed |= !value;
        free(value);
        return;
    }
    if (r->count == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 8;
        ref *items = realloc(r->items, cap * sizeof *items);
        if (!items) {
            r->failed = true;
            free(value);
            return;
        }
        r->items = items;
        r->cap = cap;
    }
    r->items[r->count++] = (ref){ start, len, value, value_len, attr };
}

/* A reference that is a plain stretch of the text. */
static void refs_add_span(refs *r, const char *s, size_t start, size_t len, const char *attr)
{
    refs_add(r, start, len, strndup(s + start, len), len, attr);
}

static void refs_free(refs *r)
{
    for (size_t i = 0; i < r->count; i++)
        free(r->items[i].value);
    free(r->items);
    memset(r, 0, sizeof *r);
}

typedef void scanner(const char *s, size_t n, refs *r);

/* A whole attribute value is the reference (href, src...). */
static void scan_plain(const char *s, size_t n, refs *r)
{
    size_t a = 0, b = n;
    while (a < b && html_space(s[a]))
        a++;
    while (b > a && html_space(s[b - 1]))
        b--;
    refs_add_span(r, s, a, b - a, NULL);
}

/* srcset: "url [descriptors], url [descriptors]...", as the HTML standard
 * splits it; each candidate URL is a reference of its own. */
static void scan_srcset(const char *s, size_t n, refs *r)
{
    size_t i = 0;
    while (i < n) {
        while (i < n && (html_space(s[i]) || s[i] == ','))
            i++;
        size_t start = i;
        while (i < n && !html_space(s[i]))
            i++;
        size_t end = i;
        bool ends_candidate = false;
        while (end > start && s[end - 1] == ',') { /* "a.png," has no descriptors */
            end--;
            ends_candidate = true;
        }
        if (end > start)
            refs_add_span(r, s, start, end - start, NULL);
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
static void scan_refresh(const char *s, size_t n, refs *r)
{
    size_t i = 0;
    while (i < n && html_space(s[i]))
        i++;
    size_t digits = i;
    while (i < n && (isdigit((unsigned char)s[i]) || s[i] == '.'))
        i++;
    if (i == digits)
        return; /* no delay: not a refresh value */
    while (i < n && html_space(s[i]))
        i++;
    if (i < n && (s[i] == ';' || s[i] == ','))
        i++;
    while (i < n && html_space(s[i]))
        i++;
    if (n - i >= 3 && strncasecmp(s + i, "url", 3) == 0) {
        size_t j = i + 3;
        while (j < n && html_space(s[j]))
            j++;
        if (j < n && s[j] == '=') {
            i = j + 1;
            while (i < n && html_space(s[i]))
                i++;
        }
    }
    size_t end = n;
    if (i < n && (s[i] == '"' || s[i] == '\'')) {
        const char *close = memchr(s + i + 1, s[i], n - i - 1);
        end = close ? (size_t)(close - s) : n;
        i++;
    }
    while (end > i && html_space(s[end - 1]))
        end--;
    if (end > i)
        refs_add_span(r, s, i, end - i, NULL);
}

/* ---- CSS (CSS Syntax Level 3 tokenisation, just as far as url() and @import need) ---- */

static bool css_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool css_newline(char c)
{
    return c == '\n' || c == '\r' || c == '\f';
}

static bool css_name_char(unsigned char c)
{
    return isalnum(c) || c == '-' || c == '_' || c >= 0x80;
}

static bool css_valid_escape(const char *s, size_t n, size_t i)
{
    return i + 1 < n && s[i] == '\\' && !css_newline(s[i + 1]);
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static void put_utf8(mw_strbuf *b, uint32_t cp)
{
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD; /* as CSS does: no NUL, surrogate or out-of-range code point gets through */
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | cp >> 6);
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | cp >> 12);
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | cp >> 18);
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    mw_strbuf_add(b, u, n);
}

/* Undoes the valid escape at s[i] ('\\') into b; returns the index after it. */
static size_t css_escape(const char *s, size_t n, size_t i, mw_strbuf *b)
{
    i++;
    if (hexval((unsigned char)s[i]) < 0) {
        mw_strbuf_add(b, s + i, 1);
        return i + 1;
    }
    uint32_t cp = 0;
    for (int k = 0; k < 6 && i < n && hexval((unsigned char)s[i]) >= 0; k++)
        cp = cp * 16 + (uint32_t)hexval((unsigned char)s[i++]);
    put_utf8(b, cp);
    if (i + 1 < n && s[i] == '\r' && s[i + 1] == '\n')
        return i + 2;
    return i < n && css_space(s[i]) ? i + 1 : i;
}

/* Reads the identifier-like run at s[i] (name characters and escapes);
 * *match tells whether it reads want, in any case. */
static size_t css_name(const char *s, size_t n, size_t i, const char *want, bool *match)
{
    mw_strbuf b = { 0 };
    while (i < n) {
        if (css_name_char((unsigned char)s[i]))
            mw_strbuf_add(&b, s + i++, 1);
        else if (css_valid_escape(s, n, i))
            i = css_escape(s, n, i, &b);
        else
            break;
        if (b.len > 16)
            b.failed = true; /* longer than any keyword we look for: stop copying */
    }
    *match = !b.failed && b.len > 0 && b.len == strlen(want) && strncasecmp(b.data, want, b.len) == 0;
    free(b.data);
    return i;
}

/* Reads the string whose quote is at s[i]; returns the index after it.
 * [*start, *end) is its raw content; *value (when not NULL) its decoded
 * text; false for a bad string (a raw line break ends it). */
static bool css_string(const char *s, size_t n, size_t *pi, size_t *start, size_t *end, char **value)
{
    char quote = s[*pi];
    size_t i = *pi + 1;
    mw_strbuf b = { 0 };
    bool ok = true;
    *start = i;
    for (;;) {
        if (i >= n) {
            *end = n; /* EOF ends a string, as it does for a browser */
            break;
        }
        if (s[i] == quote) {
            *end = i++;
            break;
        }
        if (css_newline(s[i])) {
            *end = i;
            ok = false;
            break;
        }
        if (s[i] == '\\') {
            if (i + 1 >= n)
                i++;
            else if (s[i + 1] == '\r' && i + 2 < n && s[i + 2] == '\n')
                i += 3; /* an escaped line break continues the string */
            else if (css_newline(s[i + 1]))
                i += 2;
            else
                i = css_escape(s, n, i, &b);
            continue;
        }
        if (s[i] == '\0') /* CSS reads NUL as U+FFFD, and a C string cannot hold it */
            put_utf8(&b, 0);
        else
            mw_strbuf_add(&b, s + i, 1);
        i++;
    }
    *pi = i;
    if (value && ok)
        *value = mw_strbuf_take(&b);
    else
        free(b.data);
    return ok;
}

/* Skips what remains of a bad url(...) token. */
static size_t css_bad_url(const char *s, size_t n, size_t i)
{
    while (i < n && s[i] != ')')
        i += css_valid_escape(s, n, i) ? 2 : 1;
    return i < n ? i + 1 : n;
}

static bool css_url_byte_ok(unsigned char c)
{
    return c != '"' && c != '\'' && c != '(' && c >= 0x20 && c != 0x7f;
}

/* Reads url( ... ) from just after the '('; returns the index after it. */
static size_t css_url(const char *s, size_t n, size_t i, refs *r, const char *attr)
{
    while (i < n && css_space(s[i]))
        i++;
    if (i < n && (s[i] == '"' || s[i] == '\'')) { /* url("x") */
        size_t start, end;
        char *value = NULL;
        bool ok = css_string(s, n, &i, &start, &end, &value);
        while (i < n && css_space(s[i]))
            i++;
        if (!ok || (i < n && s[i] != ')')) {
            free(value);
            return css_bad_url(s, n, i);
        }
        refs_add(r, start, end - start, value, value ? strlen(value) : 0, attr);
        return i < n ? i + 1 : n;
    }
    size_t start = i, end;
    mw_strbuf b = { 0 };
    for (;;) {
        if (i >= n || s[i] == ')') {
            end = i;
            break;
        }
        if (css_space(s[i])) {
            end = i;
            while (i < n && css_space(s[i]))
                i++;
            if (i < n && s[i] != ')')
                goto bad;
            break;
        }
        if (css_valid_escape(s, n, i))
            i = css_escape(s, n, i, &b);
        else if (s[i] != '\\' && css_url_byte_ok((unsigned char)s[i]))
            mw_strbuf_add(&b, s + i++, 1);
        else
            goto bad;
    }
    if (end > start)
        refs_add(r, start, end - start, mw_strbuf_take(&b), b.len, attr);
    else
        free(b.data);
    return i < n ? i + 1 : n;
bad:
    free(b.data);
    return css_bad_url(s, n, i);
}

/* Finds url(...) and @import references, skipping comments and strings
 * (content: "url(x)" is no link). */
static void scan_css(const char *s, size_t n, refs *r)
{
    bool after_import = false; /* the previous token was @import */
    size_t i = 0;
    while (i < n && !r->failed) {
        char c = s[i];
        if (c == '/' && i + 1 < n && s[i + 1] == '*') {
            const char *close = i + 2 < n ? memmem(s + i + 2, n - i - 2, "*/", 2) : NULL;
            i = close ? (size_t)(close - s) + 2 : n;
            continue;
        }
        if (css_space(c)) {
            i++;
            continue;
        }
        bool import = after_import;
        after_import = false;
        if (c == '"' || c == '\'') {
            size_t start, end;
            char *value = NULL;
            if (css_string(s, n, &i, &start, &end, import ? &value : NULL) && import)
                refs_add(r, start, end - start, value, value ? strlen(value) : 0, "import");
        } else if (c == '@') {
            i = css_name(s, n, i + 1, "import", &after_import);
        } else if (c == '#') {
            bool unused; /* "#url(" is a hash and a parenthesis, not url() */
            i = css_name(s, n, i + 1, "", &unused);
        } else if (css_name_char((unsigned char)c) || css_valid_escape(s, n, i)) {
            bool is_url;
            i = css_name(s, n, i, "url", &is_url);
            if (is_url && i < n && s[i] == '(')
                i = css_url(s, n, i + 1, r, import ? "import" : "url");
        } else {
            i++;
        }
    }
}

/* ---- HTML ---- */

typedef struct html_ctx {
    const char *doc;
    size_t len;
    const mw_url *doc_url;
    mw_url base; /* the document URL, or the last <base href> */
    const char *follow_tags, *ignore_tags;
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
static int emit(html_ctx *ctx, scanner *scan, const char *dec, size_t dn, const char *raw, size_t rn,
                const mw_link *proto)
{
    refs d = { 0 }, r = { 0 };
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
        const ref *rr = mapped ? &r.items[i] : NULL, *value = &d.items[i];
        if (rr && spans_agree(raw + rr->start, rr->len, dec + d.items[i].start, d.items[i].len)) {
            link.offset = base_off + rr->start;
            link.len = rr->len;
            /* Without entities the raw bytes are the reference. gumbo reads
             * UTF-8 and would have turned a Latin-1 "caf\xe9" into U+FFFD;
             * wget requests %E9. */
            if (!memchr(raw + rr->start, '&', rr->len) && !memchr(raw + rr->start, '\0', rr->len))
                value = rr;
        }
        rc = add_link(ctx->out, &ctx->base, value->value, value->value_len, &link);
    }
    refs_free(&d);
    refs_free(&r);
    return rc;
}

/* The raw text of an attribute value, without its quotes. */
static void raw_value(const GumboAttribute *a, const char **raw, size_t *n)
{
    *raw = a->original_value.data;
    *n = a->original_value.length;
    if (*n > 0 && (**raw == '"' || **raw == '\'')) {
        char quote = **raw;
        (*raw)++;
        (*n)--;
        if (*n > 0 && (*raw)[*n - 1] == quote)
            (*n)--;
    }
}

static bool in_tag_list(const char *list, const char *name)
{
    size_t want = strlen(name);
    for (const char *p = list; *p;) {
        p += strspn(p, " \t,");
        size_t k = strcspn(p, ","), t = k;
        while (t > 0 && (p[t - 1] == ' ' || p[t - 1] == '\t'))
            t--;
        if (t == want && t > 0 && strncasecmp(p, name, t) == 0)
            return true;
        p += k;
    }
    return false;
}

static bool tag_wanted(const html_ctx *ctx, const char *name)
{
    if (ctx->follow_tags && !in_tag_list(ctx->follow_tags, name))
        return false;
    return !(ctx->ignore_tags && in_tag_list(ctx->ignore_tags, name));
}

static const char *tag_name(const GumboElement *el)
{
    const char *name = gumbo_normalized_tagname(el->tag);
    return name && *name ? name : "unknown";
}

static const char *attr_value(const GumboElement *el, const char *name)
{
    const GumboAttribute *a = gumbo_get_attribute(&el->attributes, name);
    return a ? a->value : NULL;
}

/* True when a space-separated token list (rel="...") holds token. */
static bool has_token(const char *list, const char *token)
{
    size_t want = strlen(token);
    for (const char *p = list; p && *p;) {
        while (html_space(*p))
            p++;
        size_t k = 0;
        while (p[k] && !html_space(p[k]))
            k++;
        if (k == want && strncasecmp(p, token, k) == 0)
            return true;
        p += k;
    }
    return false;
}

/* What the attribute of this element refers to, as wget's tables say:
 * false when it is no link. */
static bool link_attr(const GumboElement *el, const char *attr, mw_link_kind *kind, scanner **scan)
{
    *kind = MW_LINK_REQUISITE;
    *scan = scan_plain;
    switch (el->tag) {
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
static void set_base(html_ctx *ctx, const GumboAttribute *a)
{
    const char *raw;
    size_t n, offset;
    raw_value(a, &raw, &n);
    mw_url url;
    /* the raw bytes when they hold no entity, as for links (see emit()) */
    bool use_raw = doc_span(ctx, raw, n, &offset) && !memchr(raw, '&', n);
    if (!resolve_ref(ctx->doc_url, use_raw ? raw : a->value, use_raw ? n : strlen(a->value), &url))
        return;
    mw_url_free(&ctx->base);
    ctx->base = url;
}

/* <meta name=robots content="noindex, nofollow"> or content=none. */
static void check_robots(html_ctx *ctx, const GumboElement *el)
{
    const char *name = attr_value(el, "name"), *content = attr_value(el, "content");
    if (!name || !content || strcasecmp(name, "robots") != 0)
        return;
    for (const char *p = content; *p;) {
        p += strspn(p, " \t\n\r\f,");
        size_t k = strcspn(p, ","), t = k;
        while (t > 0 && html_space(p[t - 1]))
            t--;
        if ((t == 4 && strncasecmp(p, "none", 4) == 0) || (t == 8 && strncasecmp(p, "nofollow", 8) == 0))
            ctx->out->nofollow = true;
        p += k;
    }
}

/* The CSS of a <style> element: its text nodes, positioned by their raw text. */
static int style_element(html_ctx *ctx, const GumboElement *el)
{
    mw_link proto = { .kind = MW_LINK_REQUISITE, .tag = "style" };
    for (unsigned i = 0; i < el->children.length; i++) {
        const GumboNode *child = el->children.data[i];
        if (child->type != GUMBO_NODE_TEXT && child->type != GUMBO_NODE_WHITESPACE)
            continue;
        const GumboText *t = &child->v.text;
        if (emit(ctx, scan_css, t->text, strlen(t->text), t->original_text.data, t->original_text.length,
                 &proto) != 0)
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

static int element_links(html_ctx *ctx, const GumboElement *el)
{
    const char *name = tag_name(el);
    bool wanted = tag_wanted(ctx, name);
    if (wanted && el->tag == GUMBO_TAG_META)
        check_robots(ctx, el);
    for (unsigned i = 0; i < el->attributes.length; i++) {
        const GumboAttribute *a = el->attributes.data[i];
        const char *raw;
        size_t rn;
        raw_value(a, &raw, &rn);
        mw_link proto = { .tag = name, .attr = a->name };
        scanner *scan;
        if (strcmp(a->name, "style") == 0) { /* on any element, whatever the filters: wget does so */
            proto.kind = MW_LINK_REQUISITE;
            proto.attr = "style";
            scan = scan_css;
        } else if (!wanted) {
            continue;
        } else if (el->tag == GUMBO_TAG_BASE && strcmp(a->name, "href") == 0) {
            set_base(ctx, a);
            continue;
        } else if (!link_attr(el, a->name, &proto.kind, &scan)) {
            continue;
        }
        if (proto.attr == a->name) /* a static name, not gumbo's copy, which dies with the tree */
            proto.attr = static_attr(a->name);
        if (emit(ctx, scan, a->value, strlen(a->value), raw, rn, &proto) != 0)
            return -1;
    }
    if (el->tag == GUMBO_TAG_STYLE)
        return style_element(ctx, el);
    return 0;
}

/* ---- gumbo's memory: every block tracked, so that a parse can be abandoned ---- */

/* gumbo does not check its allocations; a failing one longjmp()s out of the
 * parse and everything it had is released at once. */
typedef union arena_block {
    struct {
        union arena_block *prev, *next;
        size_t size;
    } h;
    max_align_t align;
} arena_block;

typedef struct arena {
    arena_block *head;
    size_t used;
    unsigned long allocations;
    double cpu_deadline;
    mw_links_limits limits;
    jmp_buf fail;
} arena;

static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* gumbo allocates for every tag it reads, so its allocations are also where
 * a parse that runs too long (deep nesting is quadratic in gumbo) is caught. */
static bool over_budget(arena *a, size_t size)
{
    if (a->used > a->limits.memory || size > a->limits.memory - a->used)
        return true;
    return ++a->allocations % 256 == 0 && cpu_seconds() > a->cpu_deadline;
}

static void *arena_alloc(void *userdata, size_t size)
{
    arena *a = userdata;
    arena_block *b = over_budget(a, size) ? NULL : malloc(sizeof *b + size);
    if (!b)
        longjmp(a->fail, 1);
    b->h.prev = NULL;
    b->h.next = a->head;
    b->h.size = size;
    if (a->head)
        a->head->h.prev = b;
    a->head = b;
    a->used += size;
    return b + 1;
}

static void arena_free(void *userdata, void *ptr)
{
    arena *a = userdata;
    if (!ptr)
        return;
    arena_block *b = (arena_block *)ptr - 1;
    if (b->h.prev)
        b->h.prev->h.next = b->h.next;
    else
        a->head = b->h.next;
    if (b->h.next)
        b->h.next->h.prev = b->h.prev;
    a->used -= b->h.size;
    free(b);
}

/* Frees the whole tree at once; also avoids gumbo's recursive destructor,
 * which a deeply nested page would take deep into the stack. */
static void arena_release(arena *a)
{
    while (a->head) {
        arena_block *next = a->head->h.next;
        free(a->head);
        a->head = next;
    }
    a->used = 0;
}

static GumboOutput *parse_html(arena *a, const char *doc, size_t len)
{
    GumboOptions opts = kGumboDefaultOptions;
    opts.allocator = arena_alloc;
    opts.deallocator = arena_free;
    opts.userdata = a;
    opts.max_errors = 0; /* parse errors are of no use here, and a broken page has many */
    a->cpu_deadline = cpu_seconds() + a->limits.seconds;
    if (setjmp(a->fail))
        return NULL;
    return gumbo_parse_with_options(&opts, doc, len);
}

/* ---- walking the tree in document order ---- */

typedef struct element_ref {
    const GumboElement *el;
    size_t pos, index;
} element_ref;

static int by_position(const void *pa, const void *pb)
{
    const element_ref *a = pa, *b = pb;
    if (a->pos != b->pos)
        return a->pos < b->pos ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

static const GumboVector *children(const GumboNode *node)
{
    if (node->type == GUMBO_NODE_DOCUMENT)
        return &node->v.document.children;
    if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE)
        return &node->v.element.children;
    return NULL;
}

/* Where an element's references start in the source. Attributes that a
 * second <body> tag adds to the parser's implied one keep their own place. */
static size_t element_position(const GumboElement *el)
{
    if (el->attributes.length > 0) {
        const GumboAttribute *a = el->attributes.data[0];
        return a->name_start.offset;
    }
    return el->start_pos.offset;
}

/* Elements that may hold references, sorted by source position: the tree
 * order differs where the parser moved nodes (content foster-parented out of
 * a table comes before the table). Copies the parser makes of formatting
 * elements (<a> reopened after a misnested tag) are left out: their
 * attributes are the original's, at the same place. */
static int keep_element(element_ref **list, size_t *n, size_t *cap, const GumboNode *node)
{
    const GumboParseFlags copies = GUMBO_INSERTION_RECONSTRUCTED_FORMATTING_ELEMENT |
                                   GUMBO_INSERTION_ADOPTION_AGENCY_CLONED;
    const GumboElement *el = &node->v.element;
    if ((node->parse_flags & copies) || (el->attributes.length == 0 && el->tag != GUMBO_TAG_STYLE))
        return 0;
    if (*n == *cap) {
        element_ref *l = realloc(*list, *cap * 2 * sizeof *l);
        if (!l)
            return -1;
        *list = l;
        *cap *= 2;
    }
    (*list)[*n] = (element_ref){ el, element_position(el), *n };
    (*n)++;
    return 0;
}

/* Walks the tree with a stack of its own, not recursion (deep nesting is
 * cheap to send), visiting each node once whatever the parser rearranged. */
static element_ref *collect_elements(const GumboNode *root, size_t *count)
{
    typedef struct frame {
        const GumboVector *kids;
        unsigned next;
    } frame;
    size_t n = 0, cap = 64, depth = 0, max_depth = 64;
    element_ref *list = malloc(cap * sizeof *list);
    frame *stack = malloc(max_depth * sizeof *stack);
    bool failed = !list || !stack;
    if (!failed)
        stack[depth++] = (frame){ children(root), 0 };
    while (!failed && depth > 0) {
        frame *top = &stack[depth - 1];
        if (top->next >= top->kids->length) {
            depth--;
            continue;
        }
        const GumboNode *node = top->kids->data[top->next++];
        const GumboVector *kids = children(node);
        if (!kids)
            continue; /* text, comment */
        failed = keep_element(&list, &n, &cap, node) != 0;
        if (!failed && depth == max_depth) {
            frame *s = realloc(stack, max_depth * 2 * sizeof *s);
            failed = !s;
            stack = s ? s : stack;
            max_depth *= 2;
        }
        if (!failed)
            stack[depth++] = (frame){ kids, 0 };
    }
    free(stack);
    if (failed) {
        free(list);
        return NULL;
    }
    if (n > 1)
        qsort(list, n, sizeof *list, by_position);
    *count = n;
    return list;
}

int mw_links_from_html(const char *doc, size_t len, const mw_url *base_url, const char *follow_tags,
                       const char *ignore_tags, mw_links *out)
{
    return mw_links_from_html_limited(doc, len, base_url, follow_tags, ignore_tags, MW_LINKS_DEFAULT_LIMITS, out);
}

int mw_links_from_html_limited(const char *doc, size_t len, const mw_url *base_url, const char *follow_tags,
                               const char *ignore_tags, mw_links_limits limits, mw_links *out)
{
    memset(out, 0, sizeof *out);
    if (len > MW_LINKS_MAX_DOCUMENT)
        return -1;
    html_ctx ctx = { .doc = doc, .len = len, .doc_url = base_url, .follow_tags = follow_tags,
                     .ignore_tags = ignore_tags, .out = out };
    if (mw_url_copy(base_url, &ctx.base) != MW_URL_OK)
        return -1;
    arena a = { .limits = limits };
    GumboOutput *tree = parse_html(&a, doc, len);
    size_t n = 0;
    element_ref *elements = tree ? collect_elements(tree->document, &n) : NULL;
    int rc = elements ? 0 : -1;
    for (size_t i = 0; i < n && rc == 0 && out->count < MW_LINKS_MAX; i++)
        rc = element_links(&ctx, elements[i].el);
    free(elements);
    arena_release(&a);
    mw_url_free(&ctx.base);
    if (rc != 0)
        mw_links_free(out);
    return rc;
}

int mw_links_from_css(const char *doc, size_t len, const mw_url *base_url, mw_links *out)
{
    memset(out, 0, sizeof *out);
    if (len > MW_LINKS_MAX_DOCUMENT)
        return -1;
    refs r = { 0 };
    scan_css(doc, len, &r);
    int rc = r.failed ? -1 : 0;
    for (size_t i = 0; i < r.count && rc == 0; i++) {
        mw_link proto = { .kind = MW_LINK_REQUISITE, .offset = r.items[i].start, .len = r.items[i].len,
                          .tag = "css", .attr = r.items[i].attr };
        rc = add_link(out, base_url, r.items[i].value, r.items[i].value_len, &proto);
    }
    refs_free(&r);
    if (rc != 0)
        mw_links_free(out);
    return rc;
}
