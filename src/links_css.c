/* links_css: url(...) and @import references in CSS, read as CSS Syntax
 * Level 3 tokenises (escapes, strings, comments), just as far as those two
 * need: for stylesheets, <style> elements and style="" attributes. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "links_internal.h"
#include "strbuf.h"

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
static size_t css_url(const char *s, size_t n, size_t i, mw_link_refs *r, const char *attr)
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
        mw_link_refs_add(r, start, end - start, value, value ? strlen(value) : 0, attr);
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
        mw_link_refs_add(r, start, end - start, mw_strbuf_take(&b), b.len, attr);
    else
        free(b.data);
    return i < n ? i + 1 : n;
bad:
    free(b.data);
    return css_bad_url(s, n, i);
}

/* Finds url(...) and @import references, skipping comments and strings
 * (content: "url(x)" is no link). */
void mw_links_scan_css(const char *s, size_t n, mw_link_refs *r)
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
                mw_link_refs_add(r, start, end - start, value, value ? strlen(value) : 0, "import");
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

int mw_links_from_css(const char *doc, size_t len, const mw_url *base_url, mw_links *out)
{
    memset(out, 0, sizeof *out);
    if (len > MW_LINKS_MAX_DOCUMENT)
        return -1;
    mw_link_refs r = { 0 };
    mw_links_scan_css(doc, len, &r);
    int rc = r.failed ? -1 : 0;
    for (size_t i = 0; i < r.count && rc == 0; i++) {
        mw_link proto = { .kind = MW_LINK_REQUISITE, .offset = r.items[i].start, .len = r.items[i].len,
                          .tag = "css", .attr = r.items[i].attr };
        rc = mw_links_add(out, base_url, r.items[i].value, r.items[i].value_len, &proto);
    }
    mw_link_refs_free(&r);
    if (rc != 0)
        mw_links_free(out);
    return rc;
}
