/* links_html_scan: start tags read by the HTML tokenizer alone, and the
 * signs that a page needs gumbo's tree (see links_html_scan.h). The states
 * follow the HTML standard's tokenizer as gumbo 0.10 implements it. */
#include "links_html_scan.h"

#include <gumbo.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

/* An attribute while its tag is read: stretches of the document. */
typedef struct pending_attr {
    size_t name, name_len;
    size_t value, value_len;
    bool has_value;
    size_t name_at, value_at; /* where emit_tag() put them in the buffer */
} pending_attr;

typedef struct scanner {
    const char *d;
    size_t n;
    pending_attr *pending;
    size_t npending, pending_cap;
    mw_html_attr *attrs;
    size_t attrs_cap;
    char *buf; /* the names (lower case) and decoded values of one tag */
    size_t buf_len, buf_cap;
    size_t name_end;   /* the tag just read: where its name ends */
    bool self_closing; /* and whether it ended in "/>" */
    bool duplicate;    /* the tag named an attribute twice */
    bool foreign;      /* inside an <svg> or a <math> (foreign content) */
    bool math;         /* which one */
    mw_html_tag_fn *fn;
    void *arg;
} scanner;

static bool space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static bool alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool same_name(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (lower(a[i]) != lower(b[i]))
            return false;
    return true;
}

/* ---- one tag ---- */

/* Adds an attribute unless its tag already has one of that name (the
 * tokenizer keeps the first). */
static int add_attr(scanner *s, const pending_attr *a)
{
    for (size_t i = 0; i < s->npending; i++)
        if (s->pending[i].name_len == a->name_len && same_name(s->d + s->pending[i].name, s->d + a->name, a->name_len)) {
            s->duplicate = true;
            return 0;
        }
    if (mw_grow(&s->pending, &s->pending_cap, s->npending + 1, sizeof *s->pending, 16) < 0)
        return -1;
    s->pending[s->npending++] = *a;
    return 0;
}

/* Reads a tag from its name (at i) to its '>', collecting its attributes;
 * returns the index after the '>', or 0 when the document ends first (the
 * tokenizer then drops the tag). -1 in *failed when out of memory. */
static size_t read_tag(scanner *s, size_t i, int *failed)
{
    const char *d = s->d;
    size_t n = s->n;
    while (i < n && !space(d[i]) && d[i] != '/' && d[i] != '>')
        i++;
    s->name_end = i;
    s->npending = 0;
    s->duplicate = false;
    for (;;) {
        /* before an attribute name; a '/' not before '>' counts as a space */
        bool slash = false;
        while (i < n && (space(d[i]) || d[i] == '/'))
            slash = d[i++] == '/';
        if (i >= n)
            return 0;
        s->self_closing = slash;
        if (d[i] == '>')
            return i + 1;
        pending_attr a = { .name = i++ }; /* the first may be '=' */
        while (i < n && !space(d[i]) && d[i] != '/' && d[i] != '>' && d[i] != '=')
            i++;
        a.name_len = i - a.name;
        while (i < n && space(d[i]))
            i++;
        if (i < n && d[i] == '=') {
            i++;
            while (i < n && space(d[i]))
                i++;
            if (i >= n)
                return 0;
            a.has_value = true;
            a.value = i;
            if (d[i] == '"' || d[i] == '\'') {
                const char *close = memchr(d + i + 1, d[i], n - i - 1);
                if (!close)
                    return 0;
                a.value = i + 1;
                i = (size_t)(close - d) + 1;
                a.value_len = i - 1 - a.value;
            } else {
                while (i < n && !space(d[i]) && d[i] != '>')
                    i++;
                a.value_len = i - a.value;
            }
        }
        if (add_attr(s, &a) != 0) {
            *failed = -1;
            return 0;
        }
    }
}

/* Room for n more bytes in the tag's buffer; its offsets stay valid. */
static bool reserve(scanner *s, size_t n)
{
    return mw_grow(&s->buf, &s->buf_cap, s->buf_len + n, 1, 256) == 0;
}

/* The few character references decoded here, with their ';'. */
static int named_ref(const char *p, size_t n, char *out)
{
    static const struct {
        const char *name;
        char c;
    } refs[] = { { "amp;", '&' }, { "lt;", '<' }, { "gt;", '>' }, { "quot;", '"' }, { "apos;", '\'' } };
    for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++) {
        size_t k = strlen(refs[i].name);
        if (n >= k && memcmp(p, refs[i].name, k) == 0) {
            *out = refs[i].c;
            return (int)k;
        }
    }
    return 0;
}

/* &#NN; and &#xHH; for printable ASCII; 0 for anything else (gumbo's rules
 * for the rest: NUL, C1 controls, surrogates...). */
static int numeric_ref(const char *p, size_t n, char *out)
{
    size_t i = 1;
    bool hex = i < n && (p[i] == 'x' || p[i] == 'X');
    i += hex;
    unsigned v = 0;
    size_t digits = i;
    for (; i < n && i - digits < 6; i++) {
        char c = lower(p[i]);
        if (c >= '0' && c <= '9')
            v = v * (hex ? 16 : 10) + (unsigned)(c - '0');
        else if (hex && c >= 'a' && c <= 'f')
            v = v * 16 + (unsigned)(c - 'a' + 10);
        else
            break;
    }
    if (i == digits || i >= n || p[i] != ';' || v < 0x20 || v > 0x7e)
        return 0;
    *out = (char)v;
    return (int)(i + 1);
}

/* True when gumbo would not pass s through as it is: it makes U+FFFD of
 * control characters (but for the spaces), bytes that are not UTF-8, C1
 * controls and noncharacters. Where a scanner then splits the text
 * otherwise (CSS rejects controls in url(), for one), only the tree gives
 * gumbo's links. */
static bool gumbo_replaces(const char *text, size_t n)
{
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = 0; i < n; i++) {
        unsigned c = s[i];
        if (c < 0x80) {
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\r') || c == 0x7f)
                return true;
            continue;
        }
        size_t k = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;
        unsigned cp = c & (0x3f >> k);
        if (k == 0 || c >= 0xf5 || n - i <= k)
            return true;
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xc0) != 0x80)
                return true;
            cp = cp << 6 | (s[i + j] & 0x3f);
        }
        static const unsigned min[] = { 0, 0x80, 0x800, 0x10000 };
        if (cp < min[k] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || cp <= 0x9f ||
            (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe)
            return true;
        i += k;
    }
    return false;
}

/* Decodes an attribute value into the buffer (NUL-terminated) as the
 * tokenizer would; MW_HTML_SCAN_NEEDS_TREE for a reference it would read in
 * a way this does not (named references beyond the five above, references
 * without ';', and non-ASCII text beside a reference, which gumbo checks as
 * UTF-8). */
static int decode(scanner *s, const char *v, size_t n, size_t *at)
{
    if (!reserve(s, n + 1))
        return -1;
    *at = s->buf_len;
    char *out = s->buf + s->buf_len;
    bool has_ref = memchr(v, '&', n) != NULL;
    for (size_t i = 0; i < n; i++) {
        char c = v[i];
        if (has_ref && ((unsigned char)c >= 0x80 || ((unsigned char)c < 0x20 && !space(c)) || c == 0x7f))
            return MW_HTML_SCAN_NEEDS_TREE;
        if (c == '\r') {
            c = '\n';
            if (i + 1 < n && v[i + 1] == '\n')
                i++;
        } else if (c == '&' && i + 1 < n && (alpha(v[i + 1]) || (v[i + 1] >= '0' && v[i + 1] <= '9') || v[i + 1] == '#')) {
            int k = v[i + 1] == '#' ? numeric_ref(v + i + 1, n - i - 1, &c) : named_ref(v + i + 1, n - i - 1, &c);
            if (k == 0)
                return MW_HTML_SCAN_NEEDS_TREE;
            i += (size_t)k;
        }
        *out++ = c;
    }
    *out++ = '\0';
    s->buf_len = (size_t)(out - s->buf);
    return 0;
}

/* Tags the tree builder may drop, merge into another or rename, depending
 * on where they stand: harmless while they carry nothing links are read from. */
static bool tree_may_change(GumboTag tag)
{
    switch (tag) {
    case GUMBO_TAG_HTML: case GUMBO_TAG_HEAD: case GUMBO_TAG_BODY: case GUMBO_TAG_FRAME:
    case GUMBO_TAG_CAPTION: case GUMBO_TAG_COL: case GUMBO_TAG_COLGROUP: case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TD: case GUMBO_TAG_TFOOT: case GUMBO_TAG_TH: case GUMBO_TAG_THEAD: case GUMBO_TAG_TR:
    case GUMBO_TAG_FORM: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_IMAGE: case GUMBO_TAG_ISINDEX:
    case GUMBO_TAG_KEYGEN: case GUMBO_TAG_MENUITEM:
        return true;
    default:
        return false;
    }
}

/* Tags whose content the tree builder drops or keeps apart. */
static bool needs_tree(GumboTag tag)
{
    return tag == GUMBO_TAG_TEMPLATE || tag == GUMBO_TAG_SELECT || tag == GUMBO_TAG_FRAMESET;
}

/* An attribute a link may come from, on a tag whose meaning the tree may
 * change. CSS needs '(' (url()) or '@' (@import). */
static bool may_hold_link(const char *d, const pending_attr *a)
{
    static const char *const names[] = { "href", "src", "srcset", "lowsrc", "poster", "data", "background", "content" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i]) == a->name_len && same_name(d + a->name, names[i], a->name_len))
            return true;
    return a->name_len == 5 && same_name(d + a->name, "style", 5) &&
           (memchr(d + a->value, '(', a->value_len) || memchr(d + a->value, '@', a->value_len));
}

/* True when s->d[i] starts "</name" followed by a space, '/' or '>': the
 * end tag that ends a raw text. */
static bool end_tag_at(const scanner *s, size_t i, const char *name, size_t name_len)
{
    size_t after = i + 2 + name_len;
    return after < s->n && s->d[i] == '<' && s->d[i + 1] == '/' && same_name(s->d + i + 2, name, name_len) &&
           (space(s->d[after]) || s->d[after] == '/' || s->d[after] == '>');
}

/* At i: a run of letters that is "script" and ends in a space, '/' or '>'
 * (consumed, *next after it), or not (*next at what ended the run). */
static bool script_word(const scanner *s, size_t i, size_t *next)
{
    size_t j = i;
    while (j < s->n && alpha(s->d[j]))
        j++;
    *next = j;
    if (j >= s->n || !(space(s->d[j]) || s->d[j] == '/' || s->d[j] == '>'))
        return false;
    *next = j + 1;
    return j - i == 6 && same_name(s->d + i, "script", 6);
}

/* Where a <script>'s text ends, through the tokenizer's script data states:
 * after "<!--", "<script>" starts a stretch where "</script>" does not end
 * the element. */
static size_t script_end(const scanner *s, size_t i)
{
    enum { DATA, ESCAPED, ESCAPED_DASH, ESCAPED_DASH_DASH, DOUBLE, DOUBLE_DASH, DOUBLE_DASH_DASH } state = DATA;
    const char *d = s->d;
    while (i < s->n) {
        char c = d[i];
        switch (state) {
        case DATA: {
            const char *lt = memchr(d + i, '<', s->n - i);
            if (!lt)
                return s->n;
            i = (size_t)(lt - d);
            if (end_tag_at(s, i, "script", 6))
                return i;
            if (s->n - i > 3 && memcmp(d + i + 1, "!--", 3) == 0) {
                i += 4;
                state = ESCAPED_DASH_DASH;
            } else {
                i++;
            }
            break;
        }
        case ESCAPED:
        case ESCAPED_DASH:
        case ESCAPED_DASH_DASH:
            if (c == '-') {
                state = state == ESCAPED ? ESCAPED_DASH : ESCAPED_DASH_DASH;
                i++;
            } else if (c == '>' && state == ESCAPED_DASH_DASH) {
                state = DATA;
                i++;
            } else if (c == '<') {
                if (end_tag_at(s, i, "script", 6))
                    return i;
                if (i + 1 < s->n && alpha(d[i + 1]))
                    state = script_word(s, i + 1, &i) ? DOUBLE : ESCAPED;
                else {
                    state = ESCAPED;
                    i++;
                }
            } else {
                state = ESCAPED;
                i++;
            }
            break;
        default: /* DOUBLE... */
            if (c == '-') {
                state = state == DOUBLE ? DOUBLE_DASH : DOUBLE_DASH_DASH;
                i++;
            } else if (c == '>' && state == DOUBLE_DASH_DASH) {
                state = DATA;
                i++;
            } else if (c == '<') {
                state = DOUBLE;
                i++;
                if (i < s->n && d[i] == '/' && script_word(s, i + 1, &i))
                    state = ESCAPED;
            } else {
                state = DOUBLE;
                i++;
            }
            break;
        }
    }
    return s->n;
}

/* Where the text of a raw-text element (<style>, <title>...) ends: at its
 * end tag; n when it never comes. */
static size_t raw_text_end(const scanner *s, size_t i, const char *name, size_t name_len)
{
    while (i < s->n) {
        const char *lt = memchr(s->d + i, '<', s->n - i);
        if (!lt)
            break;
        i = (size_t)(lt - s->d);
        if (end_tag_at(s, i, name, name_len))
            return i;
        i++;
    }
    return s->n;
}

/* Hands the tag to the callback, with the text of a <style>. */
static int emit_tag(scanner *s, GumboTag tag, const mw_html_text *text)
{
    bool foreign = s->foreign > 0 || tag == GUMBO_TAG_SVG || tag == GUMBO_TAG_MATH;
    if (mw_grow(&s->attrs, &s->attrs_cap, s->npending, sizeof *s->attrs, 16) < 0)
        return -1;
    /* names and values go in the buffer first (it may move), pointers after */
    s->buf_len = 0;
    for (size_t i = 0; i < s->npending; i++) {
        pending_attr *p = &s->pending[i];
        if (!reserve(s, p->name_len + 1))
            return -1;
        p->name_at = s->buf_len;
        for (size_t k = 0; k < p->name_len; k++)
            s->buf[s->buf_len++] = lower(s->d[p->name + k]);
        s->buf[s->buf_len++] = '\0';
        /* in foreign content gumbo strips these prefixes (the rest are never read) */
        const char *name = s->buf + p->name_at;
        if (foreign && (strcmp(name, "xlink:href") == 0 || strcmp(name, "xlink:type") == 0))
            p->name_at += 6;
        p->value_at = SIZE_MAX;
        const char *attr = s->buf + p->name_at;
        /* what a splitting scanner reads (CSS, srcset, refresh) must be what gumbo gives */
        if ((strcmp(attr, "style") == 0 || strcmp(attr, "srcset") == 0 || strcmp(attr, "content") == 0) &&
            gumbo_replaces(s->d + p->value, p->value_len))
            return MW_HTML_SCAN_NEEDS_TREE;
        int rc = mw_html_attr_is_read(attr) ? decode(s, s->d + p->value, p->value_len, &p->value_at) : 0;
        if (rc != 0)
            return rc;
    }
    for (size_t i = 0; i < s->npending; i++) {
        const pending_attr *p = &s->pending[i];
        s->attrs[i] = (mw_html_attr){
            .name = s->buf + p->name_at,
            .value = p->value_at == SIZE_MAX ? NULL : s->buf + p->value_at,
            /* gumbo gives an attribute without a value its name as raw text */
            .raw = s->d + (p->has_value ? p->value : p->name),
            .raw_len = p->has_value ? p->value_len : p->name_len,
        };
    }
    const char *name = gumbo_normalized_tagname(tag);
    mw_html_tag t = { .tag = tag, .name = name && *name ? name : "unknown", .attrs = s->attrs,
                      .nattrs = s->npending, .texts = text, .ntexts = text ? 1 : 0 };
    return s->fn(s->arg, &t) != 0 ? -1 : 0;
}

/* ---- foreign content: <svg>, <math> ---- */

/* A start tag inside foreign content. What an inline icon holds (SVG's own
 * elements, which gumbo does not name, and <a>) is read as HTML is; any
 * other tag (one that breaks out, has raw text in HTML, holds HTML, a
 * nested <svg>) leaves the page to the tree, which knows where foreign
 * content ends. */
static int foreign_tag(GumboTag tag)
{
    return tag == GUMBO_TAG_UNKNOWN || tag == GUMBO_TAG_A ? 0 : MW_HTML_SCAN_NEEDS_TREE;
}

/* <svg> or <math> opens (unless it closes itself). */
static void open_foreign(scanner *s, GumboTag tag)
{
    s->foreign = !s->self_closing;
    s->math = tag == GUMBO_TAG_MATH;
}

/* An end tag inside foreign content: </svg> or </math> ends it; SVG's own
 * elements and </a> close inside it; any other (an HTML end tag may close
 * the <svg> too) leaves the page to the tree. */
static int close_foreign(scanner *s, size_t name, size_t name_len)
{
    char lowered[48];
    GumboTag tag = GUMBO_TAG_UNKNOWN;
    if (name_len < sizeof lowered) {
        for (size_t k = 0; k < name_len; k++)
            lowered[k] = lower(s->d[name + k]);
        tag = gumbo_tagn_enum(lowered, (unsigned)name_len);
    }
    if (tag == GUMBO_TAG_SVG || tag == GUMBO_TAG_MATH) {
        bool math = tag == GUMBO_TAG_MATH;
        if (s->math != math)
            return MW_HTML_SCAN_NEEDS_TREE;
        s->foreign = 0;
        return 0;
    }
    return tag == GUMBO_TAG_UNKNOWN || tag == GUMBO_TAG_A ? 0 : MW_HTML_SCAN_NEEDS_TREE;
}

/* A start tag whose name begins at *i (after '<'): reads it, hands it on,
 * and skips the raw text that follows it for <script>, <style> and the like.
 * *i is left after what was read. */
static int start_tag(scanner *s, size_t *i)
{
    int failed = 0;
    size_t at = *i, end = read_tag(s, at, &failed);
    if (failed)
        return -1;
    if (end == 0) { /* the document ends inside the tag: no tag at all */
        *i = s->n;
        return 0;
    }
    char lowered[48];
    size_t name_len = s->name_end - at;
    GumboTag tag = GUMBO_TAG_UNKNOWN;
    if (name_len < sizeof lowered) {
        for (size_t k = 0; k < name_len; k++)
            lowered[k] = lower(s->d[at + k]);
        tag = gumbo_tagn_enum(lowered, (unsigned)name_len);
    }
    /* gumbo 0.10 loses the value of what follows a second attribute of the
     * same name (found by fuzz_links): the tree says what it keeps */
    if (needs_tree(tag) || s->duplicate)
        return MW_HTML_SCAN_NEEDS_TREE;
    int rc = 0;
    if (s->foreign) {
        if ((rc = foreign_tag(tag)) != 0)
            return rc;
        *i = end;
        return s->npending > 0 ? emit_tag(s, tag, NULL) : 0;
    }
    if (tree_may_change(tag))
        for (size_t k = 0; k < s->npending; k++)
            if (may_hold_link(s->d, &s->pending[k]))
                return MW_HTML_SCAN_NEEDS_TREE;
    *i = end;
    const char *raw_name = NULL; /* the element's text is raw up to its end tag */
    switch (tag) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_XMP: case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_NOEMBED: case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_TITLE: case GUMBO_TAG_TEXTAREA:
        raw_name = gumbo_normalized_tagname(tag);
        break;
    case GUMBO_TAG_PLAINTEXT:
        *i = s->n;
        break;
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
        open_foreign(s, tag);
        break;
    default:
        break;
    }
    size_t text_end = tag == GUMBO_TAG_SCRIPT ? script_end(s, end)
                    : raw_name ? raw_text_end(s, end, raw_name, strlen(raw_name)) : end;
    if (rc != 0)
        return rc;
    if (tag == GUMBO_TAG_STYLE && gumbo_replaces(s->d + end, text_end - end))
        return MW_HTML_SCAN_NEEDS_TREE;
    if (tag == GUMBO_TAG_STYLE) {
        mw_html_text text = { s->d + end, text_end - end, s->d + end, text_end - end };
        rc = emit_tag(s, tag, text_end > end ? &text : NULL);
    } else if (s->npending > 0) {
        rc = emit_tag(s, tag, NULL);
    }
    if (raw_name)
        *i = text_end;
    return rc;
}

/* ---- the page ---- */

/* After "<!--": the index after the comment's end. */
static size_t comment_end(const char *d, size_t n, size_t i)
{
    enum { START, START_DASH, TEXT, END_DASH, END, BANG } state = START;
    for (; i < n; i++) {
        char c = d[i];
        switch (state) {
        case START:
        case START_DASH:
            if (c == '>')
                return i + 1;
            state = c == '-' ? (state == START ? START_DASH : END) : TEXT;
            break;
        case TEXT: {
            const char *dash = memchr(d + i, '-', n - i);
            if (!dash)
                return n;
            i = (size_t)(dash - d);
            state = END_DASH;
            break;
        }
        case END_DASH:
            state = c == '-' ? END : TEXT;
            break;
        case END:
            if (c == '>')
                return i + 1;
            state = c == '!' ? BANG : c == '-' ? END : TEXT;
            break;
        case BANG:
            if (c == '>')
                return i + 1;
            state = c == '-' ? END_DASH : TEXT;
            break;
        }
    }
    return n;
}

/* A bogus comment (<?...>, <!...>, </ ...>) or a DOCTYPE: up to the first '>'. */
static size_t bogus_end(const char *d, size_t n, size_t i)
{
    const char *gt = memchr(d + i, '>', n - i);
    return gt ? (size_t)(gt - d) + 1 : n;
}

int mw_html_scan(const char *doc, size_t len, mw_html_tag_fn *fn, void *arg)
{
    if (memchr(doc, '\0', len))
        return MW_HTML_SCAN_NEEDS_TREE; /* gumbo makes U+FFFD of it, in names and values */
    scanner s = { .d = doc, .n = len, .fn = fn, .arg = arg };
    size_t i = 0;
    int rc = 0;
    while (rc == 0 && i < len) {
        const char *lt = memchr(doc + i, '<', len - i);
        if (!lt || (size_t)(lt - doc) + 1 >= len)
            break;
        i = (size_t)(lt - doc) + 1;
        char c = doc[i];
        if (alpha(c)) {
            rc = start_tag(&s, &i);
        } else if (c == '/' && i + 1 < len && alpha(doc[i + 1])) { /* an end tag: its attributes count for nothing */
            int failed = 0;
            size_t end = read_tag(&s, i + 1, &failed);
            rc = failed;
            if (end && s.foreign)
                rc = close_foreign(&s, i + 1, s.name_end - i - 1);
            i = end ? end : len;
        } else if (c == '/' && i + 1 < len && doc[i + 1] == '>') {
            i += 2;
        } else if (c == '!' && len - i > 2 && doc[i + 1] == '-' && doc[i + 2] == '-') {
            i = comment_end(doc, len, i + 3);
        } else if (c == '!' && s.foreign && len - i > 7 && memcmp(doc + i + 1, "[CDATA[", 7) == 0) {
            const char *close = memmem(doc + i + 8, len - i - 8, "]]>", 3);
            i = close ? (size_t)(close - doc) + 3 : len;
        } else if (c == '!' || c == '?' || c == '/') {
            i = bogus_end(doc, len, i);
        }
    }
    free(s.pending);
    free(s.attrs);
    free(s.buf);
    return rc;
}
