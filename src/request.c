#include "request.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "addr.h"
#include "date.h"
#include "strbuf.h"

void mw_request_init(mw_request *r)
{
    memset(r, 0, sizeof *r);
}

void mw_request_free(mw_request *r)
{
    free(r->fields);
    mw_request_init(r);
}

static mw_request_field *find(mw_request *r, const char *name, size_t name_len)
{
    for (size_t i = 0; i < r->count; i++)
        if (r->fields[i].name_len == name_len && strncasecmp(r->fields[i].name, name, name_len) == 0)
            return &r->fields[i];
    return NULL;
}

static int append(mw_request *r, const char *name, size_t name_len, const char *value)
{
    if (mw_grow(&r->fields, &r->capacity, r->count + 1, sizeof *r->fields, 16) < 0)
        return -1;
    r->fields[r->count++] = (mw_request_field){ name, name_len, value };
    return 0;
}

int mw_request_add(mw_request *r, const char *name, const char *value)
{
    return value && *value ? append(r, name, strlen(name), value) : 0;
}

int mw_request_set(mw_request *r, const char *name, size_t name_len, const char *value)
{
    mw_request_field *f = find(r, name, name_len);
    if (value && *value && f) {
        f->value = value;
    } else if (f) {
        size_t i = (size_t)(f - r->fields);
        memmove(f, f + 1, (r->count - i - 1) * sizeof *f);
        r->count--;
    } else if (value && *value) {
        return append(r, name, name_len, value);
    }
    return 0;
}

int mw_request_apply_line(mw_request *r, const char *line)
{
    const char *colon = strchr(line, ':');
    if (!colon || colon == line || mw_request_unsafe(line))
        return -1;
    size_t name_len = (size_t)(colon - line);
    while (name_len > 0 && (line[name_len - 1] == ' ' || line[name_len - 1] == '\t'))
        name_len--;
    const char *value = colon + 1;
    while (*value == ' ' || *value == '\t')
        value++;
    return mw_request_set(r, line, name_len, value);
}

bool mw_request_unsafe(const char *text)
{
    return text && strpbrk(text, "\r\n") != NULL;
}

char *mw_request_text(const mw_request *r, const char *method, const char *target, const char *body,
                      size_t body_len, size_t *len)
{
    size_t size = strlen(method) + strlen(target) + 16 + body_len;
    for (size_t i = 0; i < r->count; i++)
        size += r->fields[i].name_len + strlen(r->fields[i].value) + 4;
    char *text = malloc(size), *p = text;
    if (!text)
        return NULL;
    p = stpcpy(stpcpy(stpcpy(stpcpy(p, method), " "), target), " HTTP/1.1\r\n");
    for (size_t i = 0; i < r->count; i++) {
        memcpy(p, r->fields[i].name, r->fields[i].name_len);
        p = stpcpy(stpcpy(stpcpy(p + r->fields[i].name_len, ": "), r->fields[i].value), "\r\n");
    }
    p = stpcpy(p, "\r\n");
    if (body_len)
        memcpy(p, body, body_len);
    *len = (size_t)(p - text) + body_len;
    return text;
}

/* The conditional fields; their values are written into range and date,
 * which the request borrows. */
static int add_range_fields(mw_request *r, const mw_request_plan *plan, char range[64], char date[64])
{
    if (plan->range) {
        if (plan->range_to >= 0)
            snprintf(range, 64, "bytes=%lld-%lld", (long long)plan->range_from, (long long)plan->range_to);
        else
            snprintf(range, 64, "bytes=%lld-", (long long)plan->range_from);
        bool if_range = plan->if_range && strlen(plan->if_range) < 512 && !mw_request_unsafe(plan->if_range);
        if (mw_request_add(r, "Range", range) < 0 || (if_range && mw_request_add(r, "If-Range", plan->if_range) < 0))
            return -1;
    }
    if (plan->if_modified_since) {
        mw_format_http_date(plan->if_modified_since, date, 64);
        if (mw_request_add(r, "If-Modified-Since", date) < 0)
            return -1;
    }
    return 0;
}

/* A --header line that authenticates its sender: after a redirect to
 * another origin it would hand the user's secret to that server (wget's
 * CVE-2021-31879; curl drops them too). */
static bool is_secret_line(const char *line)
{
    static const char *const secret[] = { "Authorization", "Proxy-Authorization", "Cookie" };
    size_t name_len = strcspn(line, ":");
    while (name_len > 0 && (line[name_len - 1] == ' ' || line[name_len - 1] == '\t'))
        name_len--;
    for (size_t i = 0; i < sizeof secret / sizeof secret[0]; i++)
        if (name_len == strlen(secret[i]) && strncasecmp(line, secret[i], name_len) == 0)
            return true;
    return false;
}

static const char *accept_encoding(const mw_options *o)
{
    return o->compression == MW_COMPRESSION_NONE ? "identity" : "gzip";
}

char *mw_request_compose(const mw_options *o, const char *default_user_agent, const mw_request_plan *plan,
                         size_t *len)
{
    mw_request r;
    mw_request_init(&r);
    char *host = mw_url_host_header(plan->url);
    char *target = plan->absolute_form ? mw_url_to_string(plan->url) : mw_url_request_target(plan->url);
    char range[64], date[64], length[32];
    bool ok = host && target && mw_request_add(&r, "Host", host) == 0 &&
              mw_request_add(&r, "Referer", o->referer) == 0 &&
              mw_request_add(&r, "Cache-Control", o->no_cache ? "no-cache" : NULL) == 0 &&
              mw_request_add(&r, "Pragma", o->no_cache ? "no-cache" : NULL) == 0 &&
              mw_request_add(&r, "User-Agent", o->user_agent ? o->user_agent : default_user_agent) == 0 &&
              mw_request_add(&r, "Accept", "*/*") == 0 &&
              mw_request_add(&r, "Accept-Encoding", accept_encoding(o)) == 0 &&
              mw_request_add(&r, "Connection", !o->keep_alive ? "close" : o->ignore_length ? "Close" : "Keep-Alive") == 0 &&
              add_range_fields(&r, plan, range, date) == 0 &&
              mw_request_add(&r, "Proxy-Authorization", plan->proxy_authorization) == 0 &&
              mw_request_add(&r, "Authorization", plan->authorization) == 0 &&
              mw_request_add(&r, "Cookie", plan->cookie) == 0;
    if (ok && plan->with_body) {
        snprintf(length, sizeof length, "%zu", o->body_len);
        ok = mw_request_add(&r, "Content-Type", "application/x-www-form-urlencoded") == 0 &&
             mw_request_add(&r, "Content-Length", length) == 0;
    }
    for (size_t i = 0; ok && i < o->nheaders; i++)
        if (!plan->without_secret_headers || !is_secret_line(o->headers[i]))
            ok = mw_request_apply_line(&r, o->headers[i]) == 0;
    char *text = ok ? mw_request_text(&r, plan->method, target, o->body, plan->with_body ? o->body_len : 0, len)
                    : NULL;
    free(host);
    free(target);
    mw_request_free(&r);
    return text;
}

char *mw_request_connect(const mw_url *url, const char *user_agent, const char *proxy_authorization, size_t *len)
{
    mw_request r;
    mw_request_init(&r);
    char authority[300];
    mw_addr_host_port(authority, sizeof authority, url->host, url->host_is_ipv6, url->port);
    char *text = NULL;
    if (mw_request_add(&r, "Host", authority) == 0 && mw_request_add(&r, "User-Agent", user_agent) == 0 &&
        mw_request_add(&r, "Proxy-Authorization", proxy_authorization) == 0)
        text = mw_request_text(&r, "CONNECT", authority, NULL, 0, len);
    mw_request_free(&r);
    return text;
}
