#include "cookies.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <dlfcn.h>
#include <libpsl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "addr.h"
#include "date.h"
#include "strbuf.h"

/* 9999-12-31 23:59:59 UTC: later expiry times (and Max-Age overflows) are
 * clamped to it, so the file always holds a sane number. */
#define MAX_EXPIRY ((time_t)253402300799LL)
/* The "earliest representable time" of RFC 6265 5.2.2 for Max-Age <= 0:
 * before anything the date parser can return (1601), so always expired. */
#define MIN_EXPIRY ((time_t)-62135596800LL)
/* Field limits, so that a jar full of cookies stays within a few megabytes:
 * a DNS name has at most 253 bytes, and RFC 6265bis ignores attribute values
 * over 1024 bytes; a longer default path (from a long URL) refuses the cookie. */
#define MAX_DOMAIN 255
#define MAX_PATH 1024
#define MAX_ATTRIBUTE_VALUE 1024

typedef struct cookie {
    char *name;   /* name, value, domain and path share one allocation, name's */
    char *value;
    char *domain; /* lower-case, without a leading dot */
    char *path;
    time_t expiry;              /* meaningful for persistent cookies only */
    unsigned long long created; /* creation order, kept when a cookie is replaced */
    bool persistent, host_only, secure, http_only;
} cookie;

/* libpsl is opened on first use: most runs never meet a Domain attribute,
 * and loading it (with libidn2 and libunistring) would cost every start-up. */
typedef struct psl_lib {
    bool tried;
    void *handle;
    const psl_ctx_t *(*builtin)(void);
    int (*is_public_suffix)(const psl_ctx_t *psl, const char *domain);
} psl_lib;

struct mw_cookie_jar {
    cookie *items; /* in creation order, so the oldest is always first */
    size_t count, cap;
    unsigned long long serial;
    psl_lib *psl;  /* its own allocation: a const jar may still load it */
};

/* A piece of a longer string, not NUL-terminated. */
typedef struct span {
    const char *p;
    size_t len;
} span;

static span span_of(const char *s)
{
    return (span){ s, strlen(s) };
}

static bool span_is(span s, const char *word)
{
    return s.len == strlen(word) && strncasecmp(s.p, word, s.len) == 0;
}

/* Drops leading and trailing WSP (SP and HTAB), RFC 6265 5.2. */
static span trim(const char *p, size_t len)
{
    while (len && (*p == ' ' || *p == '\t'))
        p++, len--;
    while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
        len--;
    return (span){ p, len };
}

static bool is_public_suffix(const mw_cookie_jar *jar, const char *domain)
{
    psl_lib *lib = jar->psl;
    if (!lib->tried) {
        lib->tried = true;
        lib->handle = dlopen("libpsl.so.5", RTLD_NOW | RTLD_LOCAL);
        if (lib->handle) {
            *(void **)&lib->builtin = dlsym(lib->handle, "psl_builtin");
            *(void **)&lib->is_public_suffix = dlsym(lib->handle, "psl_is_public_suffix");
        }
    }
    const psl_ctx_t *psl = lib->builtin && lib->is_public_suffix ? lib->builtin() : NULL;
    /* without a list no domain can be shown safe, so only host-only cookies remain */
    return !psl || lib->is_public_suffix(psl, domain);
}

static bool expired(const cookie *c, time_t now)
{
    return c->persistent && c->expiry <= now;
}

/* ---- RFC 6265 5.1: dates, domains and paths ---- */

static bool date_delimiter(unsigned char c)
{
    return c == 0x09 || (c >= 0x20 && c <= 0x2f) || (c >= 0x3b && c <= 0x40) || (c >= 0x5b && c <= 0x60) ||
           (c >= 0x7b && c <= 0x7e);
}

/* Reads min..max digits from s into *out; a further digit makes it fail, as
 * the grammar wants a non-digit after them. Returns the count read, 0 on failure. */
static size_t read_digits(const char *s, size_t len, size_t min, size_t max, int *out)
{
    size_t n = 0;
    int v = 0;
    for (; n < len && isdigit((unsigned char)s[n]); n++) {
        if (n == max)
            return 0;
        v = v * 10 + (s[n] - '0');
    }
    if (n < min)
        return 0;
    *out = v;
    return n;
}

/* hms-time: 1*2DIGIT ":" 1*2DIGIT ":" 1*2DIGIT, then anything but a digit. */
static bool date_time(const char *s, size_t len, int hms[3])
{
    for (int i = 0;; i++) {
        size_t n = read_digits(s, len, 1, 2, &hms[i]);
        if (!n)
            return false;
        if (i == 2)
            return true;
        if (n == len || s[n] != ':')
            return false;
        s += n + 1;
        len -= n + 1;
    }
}

/* 1..12 for a token starting with a month's three letters, else 0. */
static int date_month(const char *s, size_t len)
{
    static const char names[] = "janfebmaraprmayjunjulaugsepoctnovdec";
    for (int m = 0; len >= 3 && m < 12; m++)
        if (strncasecmp(s, names + 3 * m, 3) == 0)
            return m + 1;
    return 0;
}

static int days_in_month(int year, int month)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return days[month - 1] + (month == 2 && leap);
}

/* The cookie-date algorithm of RFC 6265 5.1.1, which reads the three HTTP
 * date forms and the many broken ones servers send. */
static bool parse_date(span s, time_t *out)
{
    bool have_time = false, have_day = false, have_month = false, have_year = false;
    int hms[3] = { 0 }, day = 0, month = 0, year = 0;
    for (size_t i = 0; i < s.len;) {
        while (i < s.len && date_delimiter((unsigned char)s.p[i]))
            i++;
        size_t start = i;
        while (i < s.len && !date_delimiter((unsigned char)s.p[i]))
            i++;
        const char *tok = s.p + start;
        size_t n = i - start;
        if (!n)
            break;
        if (!have_time && date_time(tok, n, hms))
            have_time = true;
        else if (!have_day && read_digits(tok, n, 1, 2, &day))
            have_day = true;
        else if (!have_month && (month = date_month(tok, n)) != 0)
            have_month = true;
        else if (!have_year && read_digits(tok, n, 2, 4, &year))
            have_year = true;
    }
    if (!have_time || !have_day || !have_month || !have_year)
        return false;
    if (year >= 70 && year <= 99)
        year += 1900;
    else if (year <= 69)
        year += 2000;
    if (day < 1 || year < 1601 || hms[0] > 23 || hms[1] > 59 || hms[2] > 59 || day > days_in_month(year, month))
        return false;
    *out = mw_time_from_utc(year, month, day, hms[0], hms[1], hms[2]);
    return true;
}

/* RFC 6265 5.1.3: host is domain, or ends in "." + domain and is no IP address. */
static bool domain_match(const char *host, const char *domain)
{
    if (strcasecmp(host, domain) == 0)
        return true;
    size_t hl = strlen(host), dl = strlen(domain);
    return hl > dl && host[hl - dl - 1] == '.' && strcasecmp(host + hl - dl, domain) == 0 && !mw_addr_is_literal(host);
}

/* RFC 6265 5.1.4: /foo matches /foo and /foo/bar, not /foobar. */
static bool path_match(const char *request_path, const char *cookie_path)
{
    size_t n = strlen(cookie_path);
    if (strncmp(request_path, cookie_path, n) != 0)
        return false;
    return request_path[n] == '\0' || cookie_path[n - 1] == '/' || request_path[n] == '/';
}

/* RFC 6265 5.1.4: the request path up to, not including, its last '/'. */
static span default_path(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    if (!path || path[0] != '/' || slash == path)
        return span_of("/");
    return (span){ path, (size_t)(slash - path) };
}

/* ---- cookies ---- */

/* Control characters could end a header line or a line of the file. HTAB is
 * allowed where the RFC allows it, in values; no field may hold a ';'. */
static bool clean(span s, bool allow_tab)
{
    for (size_t i = 0; i < s.len; i++) {
        unsigned char c = (unsigned char)s.p[i];
        if ((c < 0x20 && !(c == '\t' && allow_tab)) || c == 0x7f || c == ';')
            return false;
    }
    return true;
}

/* The same checks guard Set-Cookie and cookies.txt, so that a hand-edited
 * file cannot inject into a request either. */
static bool valid_fields(span name, span value, span domain, span path)
{
    /* Set-Cookie names come trimmed; one from a file is held to the same form */
    if (!name.len || trim(name.p, name.len).len != name.len || memchr(name.p, '=', name.len) || !clean(name, false) ||
        !clean(value, true) || name.len + value.len > MW_COOKIE_MAX_SIZE)
        return false;
    /* in the file a domain's leading '#' starts a comment and a '.' means "and subdomains" */
    if (!domain.len || domain.len > MAX_DOMAIN || domain.p[0] == '#' || domain.p[0] == '.' || !clean(domain, false))
        return false;
    return path.len && path.len <= MAX_PATH && path.p[0] == '/' && clean(path, false);
}

/* Checks and copies the four strings into c, with the domain lower-cased. */
static bool cookie_init(cookie *c, span name, span value, span domain, span path)
{
    memset(c, 0, sizeof *c);
    if (!valid_fields(name, value, domain, path))
        return false;
    char *p = malloc(name.len + value.len + domain.len + path.len + 4);
    if (!p)
        return false;
    const span parts[] = { name, value, domain, path };
    char **fields[] = { &c->name, &c->value, &c->domain, &c->path };
    for (int i = 0; i < 4; i++) {
        *fields[i] = p;
        memcpy(p, parts[i].p, parts[i].len);
        p += parts[i].len;
        *p++ = '\0';
    }
    for (p = c->domain; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return true;
}

static void cookie_free(cookie *c)
{
    free(c->name);
    c->name = NULL;
}

mw_cookie_jar *mw_cookies_new(void)
{
    mw_cookie_jar *jar = calloc(1, sizeof *jar);
    if (jar && !(jar->psl = calloc(1, sizeof *jar->psl))) {
        free(jar);
        jar = NULL;
    }
    return jar;
}

void mw_cookies_free(mw_cookie_jar *jar)
{
    if (!jar)
        return;
    for (size_t i = 0; i < jar->count; i++)
        cookie_free(&jar->items[i]);
    free(jar->items);
    if (jar->psl->handle)
        dlclose(jar->psl->handle);
    free(jar->psl);
    free(jar);
}

static void remove_at(mw_cookie_jar *jar, size_t i)
{
    cookie_free(&jar->items[i]);
    /* memmove, not a swap with the last, keeps the creation order */
    memmove(&jar->items[i], &jar->items[i + 1], (jar->count - i - 1) * sizeof *jar->items);
    jar->count--;
}

static size_t find(const mw_cookie_jar *jar, const cookie *c)
{
    for (size_t i = 0; i < jar->count; i++) {
        const cookie *o = &jar->items[i];
        if (strcmp(o->name, c->name) == 0 && strcmp(o->domain, c->domain) == 0 && strcmp(o->path, c->path) == 0)
            return i;
    }
    return jar->count;
}

/* RFC 6265 5.3 eviction: expired cookies first, then the oldest of the
 * domain over its limit, then the oldest of all. */
static void make_room(mw_cookie_jar *jar, const char *domain, time_t now)
{
    size_t kept = 0; /* one pass, however many expired at once */
    for (size_t i = 0; i < jar->count; i++) {
        if (expired(&jar->items[i], now))
            cookie_free(&jar->items[i]);
        else
            jar->items[kept++] = jar->items[i];
    }
    jar->count = kept;
    size_t in_domain = 0, oldest = 0;
    for (size_t i = jar->count; i-- > 0;) {
        if (strcmp(jar->items[i].domain, domain) == 0) {
            in_domain++;
            oldest = i;
        }
    }
    if (in_domain >= MW_COOKIES_PER_DOMAIN)
        remove_at(jar, oldest);
    if (jar->count >= MW_COOKIES_MAX)
        remove_at(jar, 0);
}

/* RFC 6265 5.3 steps 11 and 12: replaces the cookie of the same name, domain
 * and path (keeping its creation time), or adds c; an expired c only deletes.
 * Takes c's strings in every case. */
static void store(mw_cookie_jar *jar, cookie *c, time_t now)
{
    size_t i = find(jar, c);
    if (i < jar->count) {
        if (expired(c, now)) {
            cookie_free(c);
            remove_at(jar, i);
            return;
        }
        c->created = jar->items[i].created;
        cookie_free(&jar->items[i]);
        jar->items[i] = *c;
        return;
    }
    if (expired(c, now)) {
        cookie_free(c);
        return;
    }
    make_room(jar, c->domain, now);
    if (mw_grow(&jar->items, &jar->cap, jar->count + 1, sizeof *jar->items, 16) < 0) {
        cookie_free(c);
        return;
    }
    c->created = ++jar->serial;
    jar->items[jar->count++] = *c;
}

/* ---- Set-Cookie (RFC 6265 5.2 and 5.3) ---- */

typedef struct set_cookie {
    span name, value, domain, path;
    bool has_domain, has_path, has_max_age, has_expires, secure, http_only;
    time_t max_age_expiry, expires;
} set_cookie;

/* Max-Age: an optional '-' and digits; <= 0 means "already expired". */
static void parse_max_age(set_cookie *sc, span v, time_t now)
{
    size_t i = v.len && v.p[0] == '-';
    if (i == v.len)
        return;
    long long delta = 0;
    for (size_t j = i; j < v.len; j++) {
        if (!isdigit((unsigned char)v.p[j]))
            return;
        if (delta <= MAX_EXPIRY) /* saturate instead of overflowing */
            delta = delta * 10 + (v.p[j] - '0');
    }
    sc->has_max_age = true;
    if (i || delta == 0)
        sc->max_age_expiry = MIN_EXPIRY;
    else
        sc->max_age_expiry = now >= MAX_EXPIRY || delta >= MAX_EXPIRY - now ? MAX_EXPIRY : now + (time_t)delta;
}

static void parse_attribute(set_cookie *sc, const char *p, size_t len, time_t now)
{
    const char *eq = memchr(p, '=', len);
    span key = trim(p, eq ? (size_t)(eq - p) : len);
    span v = eq ? trim(eq + 1, len - (size_t)(eq - p) - 1) : (span){ "", 0 };
    if (v.len > MAX_ATTRIBUTE_VALUE)
        return;
    if (span_is(key, "expires")) {
        if (parse_date(v, &sc->expires)) {
            sc->has_expires = true;
            if (sc->expires > MAX_EXPIRY)
                sc->expires = MAX_EXPIRY;
        }
    } else if (span_is(key, "max-age")) {
        parse_max_age(sc, v, now);
    } else if (span_is(key, "domain")) {
        if (!v.len)
            return; /* the RFC's advice: ignore an empty Domain entirely */
        if (v.p[0] == '.')
            v.p++, v.len--;
        sc->domain = v;
        sc->has_domain = true;
    } else if (span_is(key, "path")) {
        /* the last Path wins, and a bad one means the default path */
        sc->has_path = v.len && v.p[0] == '/';
        sc->path = v;
    } else if (span_is(key, "secure")) {
        sc->secure = true;
    } else if (span_is(key, "httponly")) {
        sc->http_only = true;
    }
}

static bool parse_set_cookie(set_cookie *sc, const char *s, time_t now)
{
    memset(sc, 0, sizeof *sc);
    size_t n = strcspn(s, ";");
    const char *eq = memchr(s, '=', n);
    if (!eq)
        return false;
    sc->name = trim(s, (size_t)(eq - s));
    sc->value = trim(eq + 1, n - (size_t)(eq - s) - 1);
    for (const char *p = s + n; *p == ';';) {
        p++;
        size_t len = strcspn(p, ";");
        parse_attribute(sc, p, len, now);
        p += len;
    }
    return sc->name.len > 0;
}

/* RFC 6265 5.3 steps 5 and 6: the Domain attribute must cover the request
 * host and be no public suffix; one equal to the host (or to an IP address
 * host) just makes a host-only cookie. */
static bool accept_domain(const mw_cookie_jar *jar, cookie *c, const char *host)
{
    if (strcasecmp(c->domain, host) == 0) {
        c->host_only = mw_addr_is_literal(host) || is_public_suffix(jar, c->domain);
        return true;
    }
    /* an address is no domain: a host named "x.1.2.3.4" must not set cookies for 1.2.3.4 */
    return !mw_addr_is_literal(host) && !mw_addr_is_literal(c->domain) && domain_match(host, c->domain) &&
           !is_public_suffix(jar, c->domain);
}

/* RFC 6265bis "leave Secure cookies alone": plain http may not overwrite or
 * shadow a Secure cookie of the same name. */
static bool shadows_secure(const mw_cookie_jar *jar, const cookie *c)
{
    for (size_t i = 0; i < jar->count; i++) {
        const cookie *o = &jar->items[i];
        if (o->secure && strcmp(o->name, c->name) == 0 &&
            (domain_match(o->domain, c->domain) || domain_match(c->domain, o->domain)) &&
            path_match(c->path, o->path))
            return true;
    }
    return false;
}

/* RFC 6265bis cookie prefixes, which let a site rely on how a cookie was set. */
static bool prefix_ok(const cookie *c)
{
    if (strncasecmp(c->name, "__Secure-", 9) == 0)
        return c->secure;
    if (strncasecmp(c->name, "__Host-", 7) == 0)
        return c->secure && c->host_only && strcmp(c->path, "/") == 0;
    return true;
}

void mw_cookies_set(mw_cookie_jar *jar, const mw_url *url, const char *set_cookie_value, time_t now)
{
    if (!jar || !url || !url->host || !set_cookie_value ||
        strnlen(set_cookie_value, MW_SET_COOKIE_MAX_SIZE + 1) > MW_SET_COOKIE_MAX_SIZE)
        return;
    /* RFC 6265bis 5.6: a control character anywhere refuses the whole line */
    for (const char *p = set_cookie_value; *p; p++)
        if (((unsigned char)*p < 0x20 && *p != '\t') || *p == 0x7f)
            return;
    set_cookie sc;
    if (!parse_set_cookie(&sc, set_cookie_value, now))
        return;
    bool https = url->scheme == MW_SCHEME_HTTPS;
    if (sc.secure && !https)
        return; /* RFC 6265bis: only a secure origin may set a Secure cookie */
    bool host_only = !sc.has_domain || !sc.domain.len;
    cookie c;
    if (!cookie_init(&c, sc.name, sc.value, host_only ? span_of(url->host) : sc.domain,
                     sc.has_path ? sc.path : default_path(url->path)))
        return;
    c.host_only = host_only;
    c.secure = sc.secure;
    c.http_only = sc.http_only;
    c.persistent = sc.has_max_age || sc.has_expires;
    c.expiry = sc.has_max_age ? sc.max_age_expiry : sc.expires; /* Max-Age wins */
    if ((!host_only && !accept_domain(jar, &c, url->host)) || !prefix_ok(&c) || (!https && shadows_secure(jar, &c))) {
        cookie_free(&c);
        return;
    }
    store(jar, &c, now);
}

/* ---- Cookie header (RFC 6265 5.4) ---- */

static bool applies(const cookie *c, const mw_url *url, time_t now)
{
    if (expired(c, now) || (c->secure && url->scheme != MW_SCHEME_HTTPS))
        return false;
    bool host = c->host_only ? strcasecmp(url->host, c->domain) == 0 : domain_match(url->host, c->domain);
    return host && path_match(url->path, c->path);
}

/* Longer paths first, then earlier creation (RFC 6265 5.4 step 2). */
static int send_order(const void *a, const void *b)
{
    const cookie *x = *(const cookie *const *)a, *y = *(const cookie *const *)b;
    size_t lx = strlen(x->path), ly = strlen(y->path);
    if (lx != ly)
        return lx > ly ? -1 : 1;
    return x->created < y->created ? -1 : x->created > y->created;
}

char *mw_cookies_header(const mw_cookie_jar *jar, const mw_url *url, time_t now)
{
    if (!jar || !jar->count || !url || !url->host || !url->path)
        return NULL;
    const cookie **hits = malloc(jar->count * sizeof *hits);
    if (!hits)
        return NULL;
    size_t n = 0, size = 1;
    for (size_t i = 0; i < jar->count; i++) {
        if (applies(&jar->items[i], url, now)) {
            hits[n++] = &jar->items[i];
            size += strlen(jar->items[i].name) + strlen(jar->items[i].value) + 3;
        }
    }
    char *out = n ? malloc(size) : NULL;
    if (out) {
        qsort(hits, n, sizeof *hits, send_order);
        char *p = out;
        for (size_t i = 0; i < n; i++)
            p += sprintf(p, "%s%s=%s", i ? "; " : "", hits[i]->name, hits[i]->value);
    }
    free(hits);
    return out;
}

/* ---- cookies.txt ---- */

static bool parse_bool(const char *s, bool *out)
{
    if (strcasecmp(s, "TRUE") == 0 || strcasecmp(s, "FALSE") == 0) {
        *out = (s[0] | 0x20) == 't';
        return true;
    }
    return false;
}

static bool parse_expiry(const char *s, time_t *out)
{
    long long v = 0;
    if (!*s)
        return false;
    for (; *s; s++) {
        if (!isdigit((unsigned char)*s))
            return false;
        if (v <= MAX_EXPIRY)
            v = v * 10 + (*s - '0');
    }
    *out = v > MAX_EXPIRY ? MAX_EXPIRY : (time_t)v;
    return true;
}

/* One line of the file; anything malformed is skipped, as wget and curl do. */
static void load_line(mw_cookie_jar *jar, char *line, time_t now)
{
    bool http_only = strncmp(line, "#HttpOnly_", 10) == 0;
    if (http_only)
        line += 10;
    else if (line[0] == '#')
        return;
    line[strcspn(line, "\r\n")] = '\0';
    char *field[7];
    size_t n = 0;
    for (char *p = line;; p++) {
        field[n++] = p;
        if (n == 7 || !(p = strchr(p, '\t')))
            break; /* a tab left in the value makes the line malformed below */
        *p = '\0';
    }
    if (n == 6)
        field[n++] = ""; /* a name without a value */
    if (n != 7 || strchr(field[6], '\t'))
        return;
    bool subdomains, secure;
    time_t expiry;
    if (!parse_bool(field[1], &subdomains) || !parse_bool(field[3], &secure) || !parse_expiry(field[4], &expiry))
        return;
    span domain = span_of(field[0] + (field[0][0] == '.'));
    /* wget writes "host:port" for a host-only cookie from another port; cookies ignore ports */
    const char *colon = memchr(domain.p, ':', domain.len);
    if (colon && !strchr(colon + 1, ':') && colon[1] && strspn(colon + 1, "0123456789") == strlen(colon + 1))
        domain.len = (size_t)(colon - domain.p);
    cookie c;
    if (!cookie_init(&c, span_of(field[5]), span_of(field[6]), domain, span_of(field[2])))
        return;
    /* a hand-made line could widen a cookie to a public suffix's every site */
    c.host_only = !subdomains || is_public_suffix(jar, c.domain);
    c.secure = secure;
    c.http_only = http_only;
    c.persistent = expiry != 0;
    c.expiry = expiry;
    store(jar, &c, now);
}

int mw_cookies_load(mw_cookie_jar *jar, const char *path, time_t now, char *err, size_t errlen)
{
    FILE *f = fopen(path, "re");
    if (!f) {
        snprintf(err, errlen, "Cannot open cookies file ‘%s’: %s", path, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) != -1)
        load_line(jar, line, now);
    int failed = ferror(f) ? errno : 0;
    free(line);
    fclose(f);
    if (failed) {
        snprintf(err, errlen, "Cannot read cookies file ‘%s’: %s", path, strerror(failed));
        return -1;
    }
    return 0;
}

static bool saved(const cookie *c, bool keep_session, time_t now)
{
    /* a tab in a value would split the line into one field too many */
    return !expired(c, now) && (c->persistent || keep_session) && !strchr(c->value, '\t');
}

static void write_jar(FILE *f, const mw_cookie_jar *jar, bool keep_session, time_t now)
{
    char date[64] = "";
    struct tm tm;
    if (localtime_r(&now, &tm))
        strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S", &tm);
    fprintf(f, "# HTTP Cookie File\n# Generated by mini-wget on %s.\n# Edit at your own risk.\n\n", date);
    for (size_t i = 0; jar && i < jar->count; i++) {
        const cookie *c = &jar->items[i];
        if (saved(c, keep_session, now))
            fprintf(f, "%s%s%s\t%s\t%s\t%s\t%lld\t%s\t%s\n", c->http_only ? "#HttpOnly_" : "", c->host_only ? "" : ".",
                    c->domain, c->host_only ? "FALSE" : "TRUE", c->path, c->secure ? "TRUE" : "FALSE",
                    c->persistent ? (long long)c->expiry : 0LL, c->name, c->value);
    }
}

int mw_cookies_save(const mw_cookie_jar *jar, const char *path, bool keep_session, time_t now, char *err,
                    size_t errlen)
{
    size_t len = strlen(path);
    char *tmp = malloc(len + 5);
    if (!tmp) {
        snprintf(err, errlen, "Cannot write cookies file ‘%s’: %s", path, strerror(ENOMEM));
        return -1;
    }
    memcpy(tmp, path, len);
    memcpy(tmp + len, ".tmp", 5);
    /* a fresh file, so neither an old mode nor a planted symlink is inherited */
    unlink(tmp);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    int failed = f ? 0 : errno;
    if (f) {
        write_jar(f, jar, keep_session, now);
        failed = ferror(f) ? EIO : 0;
        if (fclose(f) != 0 && !failed)
            failed = errno;
        /* replace atomically, so a crash never leaves half a file */
        if (!failed && rename(tmp, path) != 0)
            failed = errno;
    } else if (fd >= 0) {
        close(fd);
    }
    if (failed) {
        if (fd >= 0)
            unlink(tmp);
        snprintf(err, errlen, "Cannot write cookies file ‘%s’: %s", path, strerror(failed));
    }
    free(tmp);
    return failed ? -1 : 0;
}
