#include "request.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void mw_request_init(mw_request *r)
{
    memset(r, 0, sizeof *r);
}

void mw_request_free(mw_request *r)
{
    for (size_t i = 0; i < r->count; i++) {
        free(r->fields[i].name);
        free(r->fields[i].value);
    }
    free(r->fields);
    mw_request_init(r);
}

static mw_request_field *find(mw_request *r, const char *name)
{
    for (size_t i = 0; i < r->count; i++)
        if (strcasecmp(r->fields[i].name, name) == 0)
            return &r->fields[i];
    return NULL;
}

static void remove_field(mw_request *r, mw_request_field *f)
{
    free(f->name);
    free(f->value);
    size_t i = (size_t)(f - r->fields);
    memmove(f, f + 1, (r->count - i - 1) * sizeof *f);
    r->count--;
}

int mw_request_set(mw_request *r, const char *name, const char *value)
{
    mw_request_field *f = find(r, name);
    if (!value || !*value) {
        if (f)
            remove_field(r, f);
        return 0;
    }
    char *copy = strdup(value);
    if (!copy)
        return -1;
    if (f) {
        free(f->value);
        f->value = copy;
        return 0;
    }
    if (r->count == r->capacity) {
        size_t capacity = r->capacity ? r->capacity * 2 : 16;
        mw_request_field *fields = realloc(r->fields, capacity * sizeof *fields);
        if (!fields) {
            free(copy);
            return -1;
        }
        r->fields = fields;
        r->capacity = capacity;
    }
    char *name_copy = strdup(name);
    if (!name_copy) {
        free(copy);
        return -1;
    }
    r->fields[r->count++] = (mw_request_field){ name_copy, copy };
    return 0;
}

int mw_request_apply_line(mw_request *r, const char *line)
{
    const char *colon = strchr(line, ':');
    if (!colon || colon == line || mw_request_unsafe(line))
        return -1;
    size_t nlen = (size_t)(colon - line);
    while (nlen > 0 && (line[nlen - 1] == ' ' || line[nlen - 1] == '\t'))
        nlen--;
    char *name = strndup(line, nlen);
    if (!name)
        return -1;
    const char *value = colon + 1;
    while (*value == ' ' || *value == '\t')
        value++;
    int rc = mw_request_set(r, name, value);
    free(name);
    return rc;
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
        size += strlen(r->fields[i].name) + strlen(r->fields[i].value) + 4;
    char *text = malloc(size), *p = text;
    if (!text)
        return NULL;
    p = stpcpy(stpcpy(stpcpy(stpcpy(p, method), " "), target), " HTTP/1.1\r\n");
    for (size_t i = 0; i < r->count; i++)
        p = stpcpy(stpcpy(stpcpy(stpcpy(p, r->fields[i].name), ": "), r->fields[i].value), "\r\n");
    p = stpcpy(p, "\r\n");
    if (body_len)
        memcpy(p, body, body_len);
    *len = (size_t)(p - text) + body_len;
    return text;
}

static int set_range_fields(mw_request *r, const mw_request_plan *plan)
{
    char value[64];
    if (plan->range) {
        if (plan->range_to >= 0)
            snprintf(value, sizeof value, "bytes=%lld-%lld", (long long)plan->range_from, (long long)plan->range_to);
        else
            snprintf(value, sizeof value, "bytes=%lld-", (long long)plan->range_from);
        if (mw_request_set(r, "Range", value) < 0)
            return -1;
        if (plan->if_range && strlen(plan->if_range) < 512 && !mw_request_unsafe(plan->if_range) &&
            mw_request_set(r, "If-Range", plan->if_range) < 0)
            return -1;
    }
    if (plan->if_modified_since) {
        struct tm tm;
        gmtime_r(&plan->if_modified_since, &tm);
        strftime(value, sizeof value, "%a, %d %b %Y %H:%M:%S GMT", &tm);
        if (mw_request_set(r, "If-Modified-Since", value) < 0)
            return -1;
    }
    return 0;
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
    char length[32];
    snprintf(length, sizeof length, "%zu", o->body_len);
    bool ok = host && target && mw_request_set(&r, "Host", host) == 0 &&
              mw_request_set(&r, "Referer", o->referer) == 0 &&
              mw_request_set(&r, "Cache-Control", o->no_cache ? "no-cache" : NULL) == 0 &&
              mw_request_set(&r, "Pragma", o->no_cache ? "no-cache" : NULL) == 0 &&
              mw_request_set(&r, "User-Agent", o->user_agent ? o->user_agent : default_user_agent) == 0 &&
              mw_request_set(&r, "Accept", "*/*") == 0 &&
              mw_request_set(&r, "Accept-Encoding", accept_encoding(o)) == 0 &&
              mw_request_set(&r, "Connection", o->keep_alive ? "Keep-Alive" : "close") == 0 &&
              set_range_fields(&r, plan) == 0 &&
              mw_request_set(&r, "Proxy-Authorization", plan->proxy_authorization) == 0 &&
              mw_request_set(&r, "Authorization", plan->authorization) == 0 &&
              mw_request_set(&r, "Cookie", plan->cookie) == 0;
    if (ok && plan->with_body)
        ok = mw_request_set(&r, "Content-Type", "application/x-www-form-urlencoded") == 0 &&
             mw_request_set(&r, "Content-Length", length) == 0;
    for (size_t i = 0; ok && i < o->nheaders; i++)
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
    snprintf(authority, sizeof authority, "%s%s%s:%u", url->host_is_ipv6 ? "[" : "", url->host,
             url->host_is_ipv6 ? "]" : "", url->port);
    char *text = NULL;
    if (mw_request_set(&r, "Host", authority) == 0 && mw_request_set(&r, "User-Agent", user_agent) == 0 &&
        mw_request_set(&r, "Proxy-Authorization", proxy_authorization) == 0)
        text = mw_request_text(&r, "CONNECT", authority, NULL, 0, len);
    mw_request_free(&r);
    return text;
}
