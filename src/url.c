#include "miniwget/url.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "iri.h"
#include "strbuf.h"

bool mw_host_in_domain(const char *host, const char *domain, size_t len)
{
    if (len && *domain == '.')
        domain++, len--;
    size_t n = strlen(host);
    if (!len || len > n)
        return false;
    const char *tail = host + n - len;
    return strncasecmp(tail, domain, len) == 0 && (tail == host || tail[-1] == '.');
}

const char *mw_scheme_name(mw_scheme scheme)
{
    return scheme == MW_SCHEME_HTTPS ? "https" : "http";
}

uint16_t mw_scheme_default_port(mw_scheme scheme)
{
    return scheme == MW_SCHEME_HTTPS ? 443 : 80;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

char *mw_percent_decode(const char *src, size_t *outlen)
{
    size_t n = strlen(src);
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        int hi, lo;
        if (src[i] == '%' && i + 2 < n && (hi = hexval((unsigned char)src[i + 1])) >= 0 &&
            (lo = hexval((unsigned char)src[i + 2])) >= 0) {
            out[o++] = (char)(hi * 16 + lo);
            i += 2;
        } else {
            out[o++] = src[i];
        }
    }
    out[o] = '\0';
    if (outlen)
        *outlen = o;
    return out;
}

static void set_error(char *err, size_t errlen, const char *fmt, const char *arg)
{
    if (err && errlen)
        snprintf(err, errlen, fmt, arg);
}

/* Bytes a path or query may hold as they are (RFC 3986 pchar, '/', '?'). */
static bool is_safe_in_path(unsigned char c)
{
    if (isalnum(c))
        return true;
    return strchr("-._~!$&'()*+,;=:@/?%", c) != NULL && c != '\0';
}

/* Percent-encodes what must be encoded, keeping valid %XX escapes. */
static void append_encoded(mw_strbuf *sb, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t kept = 0; /* s[kept..i) is a run of bytes that stay as they are */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        bool valid_escape = c == '%' && i + 2 < n && hexval((unsigned char)s[i + 1]) >= 0 &&
                            hexval((unsigned char)s[i + 2]) >= 0;
        if ((c == '%' && valid_escape) || (c != '%' && is_safe_in_path(c)))
            continue;
        char esc[3] = { '%', hex[c >> 4], hex[c & 15] };
        mw_strbuf_add(sb, s + kept, i - kept);
        mw_strbuf_add(sb, esc, 3);
        kept = i + 1;
    }
    mw_strbuf_add(sb, s + kept, n - kept);
}

/* RFC 3986 5.2.4: removes "." and ".." segments from an absolute path. */
static char *remove_dot_segments(const char *path)
{
    size_t n = strlen(path);
    char *out = malloc(n + 2);
    if (!out)
        return NULL;
    size_t o = 0;
    const char *in = path;
    while (*in) {
        if (strncmp(in, "../", 3) == 0) {
            in += 3;
        } else if (strncmp(in, "./", 2) == 0) {
            in += 2;
        } else if (strncmp(in, "/./", 3) == 0) {
            in += 2;
        } else if (strcmp(in, "/.") == 0) {
            in = "/";
        } else if (strncmp(in, "/../", 4) == 0 || strcmp(in, "/..") == 0) {
            in = in[3] ? in + 3 : "/";
            while (o > 0 && out[o - 1] != '/')
                o--;
            if (o > 0)
                o--; /* the slash before the removed segment */
        } else if (strcmp(in, ".") == 0 || strcmp(in, "..") == 0) {
            in += strlen(in);
        } else {
            /* the first segment, with its leading '/' */
            size_t seg = (in[0] == '/') + strcspn(in + (in[0] == '/'), "/");
            memcpy(out + o, in, seg);
            o += seg;
            in += seg;
        }
    }
    out[o] = '\0';
    if (o == 0) {
        out[0] = '/';
        out[1] = '\0';
    }
    return out;
}

static bool has_control_bytes(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return true;
    return false;
}

static bool valid_reg_name(const char *host)
{
    if (!*host)
        return false;
    for (const unsigned char *p = (const unsigned char *)host; *p; p++)
        if (!(isalnum(*p) || *p == '-' || *p == '.' || *p == '_' || *p >= 0x80))
            return false;
    return true;
}

/* Splits "scheme://" off text; returns the scheme or an error. */
static mw_url_error parse_scheme(const char *text, mw_scheme *scheme, const char **rest, char *err, size_t errlen)
{
    const char *colon = strchr(text, ':');
    size_t n = colon ? (size_t)(colon - text) : 0;
    bool looks_like_scheme = colon && n > 0 && isalpha((unsigned char)text[0]);
    for (size_t i = 0; looks_like_scheme && i < n; i++)
        if (!isalnum((unsigned char)text[i]) && !strchr("+-.", text[i]))
            looks_like_scheme = false;
    /* "host:8080/x" is a host and port, not a scheme, as wget takes it. */
    if (looks_like_scheme && strncmp(colon, "://", 3) != 0 && isdigit((unsigned char)colon[1]))
        looks_like_scheme = false;
    if (!looks_like_scheme) {
        *scheme = MW_SCHEME_HTTP;
        *rest = text;
        return MW_URL_OK;
    }
    char name[32];
    snprintf(name, sizeof name, "%.*s", (int)(n < 31 ? n : 31), text);
    if (strcasecmp(name, "http") == 0)
        *scheme = MW_SCHEME_HTTP;
    else if (strcasecmp(name, "https") == 0)
        *scheme = MW_SCHEME_HTTPS;
    else {
        for (char *p = name; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        set_error(err, errlen, "Unsupported scheme ‘%s’.", name);
        return MW_URL_UNSUPPORTED_SCHEME;
    }
    *rest = colon + 1;
    if (strncmp(*rest, "//", 2) == 0)
        *rest += 2;
    return MW_URL_OK;
}

static mw_url_error parse_authority(const char *auth, size_t len, mw_url *out, char *err, size_t errlen)
{
    char *a = strndup(auth, len);
    if (!a)
        return MW_URL_INVALID;
    mw_url_error rc = MW_URL_OK;
    char *hostport = a;
    char *at = strrchr(a, '@');
    if (at) {
        *at = '\0';
        hostport = at + 1;
        char *colon = strchr(a, ':');
        if (colon)
            *colon = '\0';
        out->user = mw_percent_decode(a, NULL);
        out->password = colon ? mw_percent_decode(colon + 1, NULL) : NULL;
    }
    char *port = NULL;
    if (hostport[0] == '[') {
        char *close = strchr(hostport, ']');
        if (!close) {
            set_error(err, errlen, "%s", "Unterminated IPv6 numeric address.");
            rc = MW_URL_UNTERMINATED_IPV6;
            goto done;
        }
        *close = '\0';
        struct in6_addr addr;
        if (inet_pton(AF_INET6, hostport + 1, &addr) != 1) {
            set_error(err, errlen, "%s", "Invalid IPv6 numeric address.");
            rc = MW_URL_INVALID_IPV6;
            goto done;
        }
        out->host = strdup(hostport + 1);
        out->host_is_ipv6 = true;
        if (close[1] == ':')
            port = close + 2;
        else if (close[1]) {
            set_error(err, errlen, "%s", "Invalid host name.");
            rc = MW_URL_INVALID_HOST;
            goto done;
        }
    } else {
        char *colon = strchr(hostport, ':');
        if (colon) {
            *colon = '\0';
            port = colon + 1;
        }
        if (strchr(hostport, '%')) {
            /* RFC 3986: a reg-name may be percent-encoded: an IDN in UTF-8
             * ("b%C3%BCcher") is decoded for IDNA; escapes of ASCII alone
             * stay invalid */
            size_t dlen = 0;
            char *decoded = mw_percent_decode(hostport, &dlen);
            bool whole = decoded && dlen == strlen(decoded) && mw_iri_has_non_ascii(decoded); /* a %00 would cut it short */
            if (whole)
                memcpy(hostport, decoded, dlen + 1);
            free(decoded);
            if (!whole) {
                set_error(err, errlen, "%s", "Invalid host name.");
                rc = MW_URL_INVALID_HOST;
                goto done;
            }
        }
        if (!valid_reg_name(hostport)) {
            set_error(err, errlen, "%s", "Invalid host name.");
            rc = MW_URL_INVALID_HOST;
            goto done;
        }
        if (mw_iri_has_non_ascii(hostport)) { /* IDNA 2008, as wget with libidn2 */
            char why[200];
            out->host = mw_iri_host_to_ascii(hostport, why, sizeof why);
            if (!out->host) {
                set_error(err, errlen, "Invalid host name (%s).", why);
                rc = MW_URL_INVALID_HOST;
                goto done;
            }
        } else {
            out->host = strdup(hostport);
        }
        for (char *p = out->host; p && *p; p++)
            *p = (char)tolower((unsigned char)*p);
    }
    out->port = mw_scheme_default_port(out->scheme);
    if (port && *port) {
        char *end;
        long v = strtol(port, &end, 10);
        if (*end || v < 1 || v > 65535 || !isdigit((unsigned char)port[0])) {
            set_error(err, errlen, "%s", "Bad port number.");
            rc = MW_URL_BAD_PORT;
            goto done;
        }
        out->port = (uint16_t)v;
    }
    if (!out->host)
        rc = MW_URL_INVALID;
done:
    free(a);
    return rc;
}

/* Sets path and query from "path?query" text (fragment already removed). */
static mw_url_error set_path_query(mw_url *out, const char *pq, size_t len)
{
    const char *q = memchr(pq, '?', len);
    size_t plen = q ? (size_t)(q - pq) : len;
    mw_strbuf p = { 0 };
    if (plen == 0 || pq[0] != '/')
        mw_strbuf_str(&p, "/");
    append_encoded(&p, pq, plen);
    char *raw = mw_strbuf_take(&p);
    if (!raw)
        return MW_URL_INVALID;
    out->path = remove_dot_segments(raw);
    free(raw);
    if (q) {
        mw_strbuf qs = { 0 };
        append_encoded(&qs, q + 1, len - plen - 1);
        out->query = mw_strbuf_take(&qs);
        if (!out->query)
            return MW_URL_INVALID;
    }
    return out->path ? MW_URL_OK : MW_URL_INVALID;
}

mw_url_error mw_url_parse(const char *text, mw_url *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (has_control_bytes(text)) {
        set_error(err, errlen, "%s", "Invalid URL: control characters are not allowed.");
        return MW_URL_INVALID;
    }
    const char *rest;
    mw_url_error rc = parse_scheme(text, &out->scheme, &rest, err, errlen);
    if (rc != MW_URL_OK)
        return rc;
    size_t end = strcspn(rest, "#");
    size_t auth_len = strcspn(rest, "/?#");
    rc = parse_authority(rest, auth_len, out, err, errlen);
    if (rc == MW_URL_OK)
        rc = set_path_query(out, rest + auth_len, end - auth_len);
    if (rc != MW_URL_OK) {
        if (rc == MW_URL_INVALID && err && errlen && !err[0])
            snprintf(err, errlen, "Invalid URL.");
        mw_url_free(out);
    }
    return rc;
}

void mw_url_free(mw_url *url)
{
    free(url->user);
    free(url->password);
    free(url->host);
    free(url->path);
    free(url->query);
    memset(url, 0, sizeof *url);
}

static char *dup_or_null(const char *s, bool *failed)
{
    if (!s)
        return NULL;
    char *d = strdup(s);
    if (!d)
        *failed = true;
    return d;
}

mw_url_error mw_url_copy(const mw_url *src, mw_url *dst)
{
    bool failed = false;
    *dst = *src;
    dst->user = dup_or_null(src->user, &failed);
    dst->password = dup_or_null(src->password, &failed);
    dst->host = dup_or_null(src->host, &failed);
    dst->path = dup_or_null(src->path, &failed);
    dst->query = dup_or_null(src->query, &failed);
    if (failed) {
        mw_url_free(dst);
        return MW_URL_INVALID;
    }
    return MW_URL_OK;
}

static void append_authority(mw_strbuf *sb, const mw_url *url)
{
    if (url->host_is_ipv6) {
        mw_strbuf_str(sb, "[");
        mw_strbuf_str(sb, url->host);
        mw_strbuf_str(sb, "]");
    } else {
        mw_strbuf_str(sb, url->host);
    }
    if (url->port != mw_scheme_default_port(url->scheme)) {
        char port[8], *p = port + sizeof port; /* ":65535", without printf's cost on every request */
        unsigned n = url->port;
        do
            *--p = (char)('0' + n % 10);
        while (n /= 10);
        *--p = ':';
        mw_strbuf_add(sb, p, (size_t)(port + sizeof port - p));
    }
}

static void append_target(mw_strbuf *sb, const mw_url *url)
{
    mw_strbuf_str(sb, url->path);
    if (url->query) {
        mw_strbuf_str(sb, "?");
        mw_strbuf_str(sb, url->query);
    }
}

char *mw_url_to_string(const mw_url *url)
{
    mw_strbuf sb = { 0 };
    mw_strbuf_str(&sb, mw_scheme_name(url->scheme));
    mw_strbuf_str(&sb, "://");
    append_authority(&sb, url);
    append_target(&sb, url);
    return mw_strbuf_take(&sb);
}

char *mw_url_request_target(const mw_url *url)
{
    mw_strbuf sb = { 0 };
    append_target(&sb, url);
    return mw_strbuf_take(&sb);
}

char *mw_url_host_header(const mw_url *url)
{
    mw_strbuf sb = { 0 };
    append_authority(&sb, url);
    return mw_strbuf_take(&sb);
}

bool mw_url_same_origin(const mw_url *a, const mw_url *b)
{
    return a->scheme == b->scheme && a->port == b->port && strcmp(a->host, b->host) == 0;
}

mw_url_error mw_url_resolve(const mw_url *base, const char *ref, mw_url *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (has_control_bytes(ref)) {
        set_error(err, errlen, "%s", "Invalid URL: control characters are not allowed.");
        return MW_URL_INVALID;
    }
    /* A reference with a scheme is absolute. */
    const char *colon = strchr(ref, ':');
    size_t scheme_len = colon ? (size_t)(colon - ref) : 0;
    bool has_scheme = colon && scheme_len > 0 && isalpha((unsigned char)ref[0]) &&
                      strcspn(ref, "/?#") > scheme_len;
    for (size_t i = 0; has_scheme && i < scheme_len; i++)
        if (!isalnum((unsigned char)ref[i]) && !strchr("+-.", ref[i]))
            has_scheme = false;
    if (has_scheme)
        return mw_url_parse(ref, out, err, errlen);
    if (strncmp(ref, "//", 2) == 0) {
        mw_strbuf sb = { 0 };
        mw_strbuf_str(&sb, mw_scheme_name(base->scheme));
        mw_strbuf_str(&sb, ":");
        mw_strbuf_str(&sb, ref);
        char *abs = mw_strbuf_take(&sb);
        if (!abs)
            return MW_URL_INVALID;
        mw_url_error rc = mw_url_parse(abs, out, err, errlen);
        free(abs);
        return rc;
    }
    size_t end = strcspn(ref, "#");
    size_t path_len = strcspn(ref, "?#");
    mw_strbuf target = { 0 }; /* the new "path?query", made safe by set_path_query */
    if (path_len == 0) {
        mw_strbuf_str(&target, base->path);
        if (ref[0] == '?') {
            mw_strbuf_add(&target, ref, end);
        } else if (base->query) {
            mw_strbuf_str(&target, "?");
            mw_strbuf_str(&target, base->query);
        }
    } else if (ref[0] == '/') {
        mw_strbuf_add(&target, ref, end);
    } else {
        const char *slash = strrchr(base->path, '/');
        mw_strbuf_add(&target, base->path, slash ? (size_t)(slash - base->path) + 1 : 0);
        mw_strbuf_add(&target, ref, end);
    }
    char *pq = mw_strbuf_take(&target);
    if (!pq || mw_url_copy(base, out) != MW_URL_OK) {
        free(pq);
        return MW_URL_INVALID;
    }
    free(out->path);
    free(out->query);
    out->path = out->query = NULL;
    mw_url_error rc = set_path_query(out, pq, strlen(pq));
    free(pq);
    if (rc != MW_URL_OK)
        mw_url_free(out);
    return rc;
}
