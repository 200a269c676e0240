#include "ctx.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "auth.h"
#include "h2.h"
#include "http.h"
#include "links.h"
#include "request.h"

const char *mw_version(void)
{
    return MW_VERSION;
}

const char *mw_features(void)
{
    /* wget's names and order; ftp, metalink, ntlm, nls are not here */
    return "+cares +digest -gpgme +https +ipv6 "
#ifdef MW_HAVE_IDN2
           "+iri "
#else
           "-iri "
#endif
           "+large-file -metalink -nls -ntlm -opie +psl +ssl/openssl -ftp +warc +http2 "
#ifdef MW_HAVE_PCRE2
           "+pcre2"
#else
           "-pcre2"
#endif
        ;
}

mw_status mw_status_worse(mw_status a, mw_status b)
{
    if (a == MW_OK || a == MW_ERR_GENERIC)
        return b == MW_OK ? a : b;
    if (b == MW_OK || b == MW_ERR_GENERIC)
        return a;
    return a < b ? a : b;
}

void mw_options_init(mw_options *opts)
{
    *opts = (mw_options){ 0 };
    opts->read_timeout_ms = 900 * 1000;
    opts->max_redirect = 20;
    opts->output_fd = -1;
    opts->interrupt_fd = -1;
    opts->use_server_timestamps = true;
    opts->keep_alive = true;
    opts->tries = 20;
    opts->check_certificate = true;
    opts->http2 = true;
    opts->hsts = true;
    opts->max_per_host = 16;
    opts->waitretry_ms = 10 * 1000;
    opts->cookies = true;
    opts->max_depth = 5;
    opts->robots = true;
    opts->log_levels = MW_LOG_ALL;
    opts->if_modified_since = true;
    opts->start_pos = -1;
    opts->iri = true;
}

static bool is_token(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!mw_http_token_char(*s))
            return false;
    return true;
}

/* "host:port" or "http://user:pass@host:port/": a proxy spoken to in plain HTTP. */
static bool set_proxy(mw_proxy *p, const mw_options *o, const char *text, char *err, size_t errlen)
{
    if (!text || !*text)
        return true;
    char why[160];
    if (mw_url_parse(text, &p->url, why, sizeof why) != MW_URL_OK) {
        snprintf(err, errlen, "Invalid proxy URL ‘%s’: %s", text, why);
        return false;
    }
    if (p->url.scheme != MW_SCHEME_HTTP) {
        snprintf(err, errlen, "Invalid proxy URL ‘%s’: only http:// proxies are supported.", text);
        mw_url_free(&p->url);
        return false;
    }
    p->set = true;
    const char *user = o->proxy_user ? o->proxy_user : p->url.user;
    const char *password = o->proxy_password ? o->proxy_password : p->url.password;
    if (user && (mw_request_unsafe(user) || mw_request_unsafe(password))) {
        snprintf(err, errlen, "The proxy credentials contain a line break; refusing to send them.");
        return false;
    }
    if (user && !(p->authorization = mw_auth_basic(user, password))) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    return true;
}

bool mw_options_check(const mw_options *o, char *err, size_t errlen)
{
    const struct {
        const char *what, *value;
    } texts[] = {
        { "user agent", o->user_agent }, { "referer", o->referer }, { "user", o->user },
        { "password", o->password }, { "proxy user", o->proxy_user }, { "proxy password", o->proxy_password },
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (mw_request_unsafe(texts[i].value)) {
            snprintf(err, errlen, "The %s contains a line break; refusing to send it.", texts[i].what);
            return false;
        }
    if (o->method && !is_token(o->method)) {
        snprintf(err, errlen, "Invalid method ‘%s’.", o->method);
        return false;
    }
    mw_proxy probe = { 0 };
    for (int i = 0; i < 2; i++) {
        bool ok = set_proxy(&probe, o, i ? o->https_proxy : o->http_proxy, err, errlen);
        mw_url_free(&probe.url);
        free(probe.authorization);
        probe = (mw_proxy){ 0 };
        if (!ok)
            return false;
    }
    if (o->retry_on_http_error && mw_http_status_listed(o->retry_on_http_error, 0) < 0) {
        snprintf(err, errlen, "--retry-on-http-error: ‘%s’ is not a list of three-digit statuses.", o->retry_on_http_error);
        return false;
    }
    mw_addr addr;
    if (o->bind_address && mw_addr_from_literal(o->bind_address, 0, &addr) < 0) {
        snprintf(err, errlen, "--bind-address: ‘%s’ is not a numeric IPv4 or IPv6 address.", o->bind_address);
        return false;
    }
    if (o->unix_socket && mw_addr_from_unix_path(o->unix_socket, &addr) < 0) {
        snprintf(err, errlen, "--unix-socket: ‘%s’ is not a usable socket path (empty or too long).", o->unix_socket);
        return false;
    }
    for (size_t i = 0; i < o->nheaders; i++) {
        const char *line = o->headers[i], *colon = strchr(line, ':');
        char name[128];
        snprintf(name, sizeof name, "%.*s", colon ? (int)(colon - line) : 0, line);
        size_t n = strlen(name);
        while (n > 0 && (name[n - 1] == ' ' || name[n - 1] == '\t'))
            name[--n] = '\0';
        if (mw_request_unsafe(line)) {
            snprintf(err, errlen, "A --header value contains a line break; refusing to send it.");
            return false;
        }
        if (!colon || !is_token(name)) {
            snprintf(err, errlen, "Invalid header ‘%.200s’: it must be “Name: value”.", line);
            return false;
        }
    }
    return true;
}

/* no_proxy: "*", or host suffixes, as wget 1.21 reads them: "example.com"
 * matches itself and its subdomains, ".example.com" only its subdomains
 * (example.com itself still goes through the proxy). */
static bool bypasses_proxy(const mw_list *list, const char *host)
{
    size_t n = strlen(host);
    for (size_t i = 0; i < list->count; i++) {
        const char *entry = list->items[i];
        size_t len = strlen(entry);
        if (entry[0] == '.' ? n >= len && strcasecmp(host + n - len, entry) == 0
                            : strcmp(entry, "*") == 0 || mw_host_in_domain(host, entry, len))
            return true;
    }
    return false;
}

const mw_proxy *mw_ctx_proxy_for(const mw_ctx *ctx, const mw_url *url)
{
    const mw_proxy *p = &ctx->proxies[url->scheme == MW_SCHEME_HTTPS];
    if (!p->set || ctx->opts->unix_socket || bypasses_proxy(&ctx->lists.no_proxy, url->host))
        return NULL;
    return p;
}

bool mw_ctx_retries_status(const mw_ctx *ctx, int status)
{
    return status >= 0 && status < MW_HTTP_STATUS_LIMIT && ctx->retry_statuses[status];
}

/* Reads the option lists once; false when out of memory. */
static bool split_lists(mw_ctx *ctx)
{
    const mw_options *o = ctx->opts;
    mw_ctx_lists *l = &ctx->lists;
    const char *sep = MW_CTX_LIST_SEPARATORS, *blank = MW_CTX_LIST_BLANKS;
    return mw_list_split(o->no_proxy, ", \t", "", &l->no_proxy) == 0 &&
           mw_list_split(o->domains, sep, blank, &l->domains) == 0 &&
           mw_list_split(o->exclude_domains, sep, blank, &l->exclude_domains) == 0 &&
           mw_list_split(o->include_dirs, sep, blank, &l->include_dirs) == 0 &&
           mw_list_split(o->exclude_dirs, sep, blank, &l->exclude_dirs) == 0 &&
           mw_list_split(o->accept, sep, blank, &l->accept) == 0 &&
           mw_list_split(o->reject, sep, blank, &l->reject) == 0 &&
           mw_list_split(o->follow_tags, MW_LINKS_TAG_SEPARATORS, MW_LINKS_TAG_BLANKS, &l->follow_tags) == 0 &&
           mw_list_split(o->ignore_tags, MW_LINKS_TAG_SEPARATORS, MW_LINKS_TAG_BLANKS, &l->ignore_tags) == 0;
}

static void free_lists(mw_ctx_lists *l)
{
    mw_list *all[] = { &l->no_proxy, &l->domains, &l->exclude_domains, &l->include_dirs, &l->exclude_dirs,
                       &l->accept, &l->reject, &l->follow_tags, &l->ignore_tags };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        mw_list_free(all[i]);
}

/* Frees what prepare() made. */
static void free_prepared(mw_ctx *ctx)
{
    free_lists(&ctx->lists);
    for (int i = 0; i < 2; i++) {
        mw_url_free(&ctx->proxies[i].url);
        free(ctx->proxies[i].authorization);
    }
}

/* Everything in the options that can be wrong before any request. */
static bool prepare(mw_ctx *ctx, char *err, size_t errlen)
{
    const mw_options *o = ctx->opts;
    if (!mw_options_check(o, err, errlen) || !set_proxy(&ctx->proxies[0], o, o->http_proxy, err, errlen) ||
        !set_proxy(&ctx->proxies[1], o, o->https_proxy, err, errlen))
        return false;
    if (o->bind_address)
        mw_addr_from_literal(o->bind_address, 0, &ctx->bind_addr);
    if (o->retry_on_http_error)
        mw_http_status_list_parse(o->retry_on_http_error, ctx->retry_statuses); /* checked above */
    if (!split_lists(ctx)) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    return true;
}

static void report_warc_failure(void *data, const char *message)
{
    mw_log(data, MW_LOG_ERROR, "%s", message);
}

mw_ctx *mw_ctx_new(const mw_options *opts, char *err, size_t errlen)
{
    mw_ctx *ctx = calloc(1, sizeof *ctx);
    if (!ctx) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    ctx->opts = opts;
    if (!prepare(ctx, err, errlen)) {
        free_prepared(ctx);
        free(ctx);
        return NULL;
    }
    snprintf(ctx->user_agent, sizeof ctx->user_agent, "mini-wget/%s", MW_VERSION);
    ctx->loop = mw_loop_new();
    if (!ctx->loop) {
        snprintf(err, errlen, "cannot create the event loop");
        free_prepared(ctx);
        free(ctx);
        return NULL;
    }
    ctx->dns = mw_dns_new(ctx->loop, err, errlen);
    ctx->pool = mw_pool_new(ctx->loop);
    if (!ctx->dns || !ctx->pool) {
        if (ctx->dns && !ctx->pool)
            snprintf(err, errlen, "out of memory");
        mw_dns_free(ctx->dns);
        mw_loop_free(ctx->loop);
        free(ctx->pool);
        free_prepared(ctx);
        free(ctx);
        return NULL;
    }
    if (opts->cookies && !(ctx->cookies = mw_cookies_new())) {
        snprintf(err, errlen, "out of memory");
        mw_ctx_free(ctx);
        return NULL;
    }
    if (ctx->cookies && opts->load_cookies) {
        char why[512];
        if (mw_cookies_load(ctx->cookies, opts->load_cookies, time(NULL), why, sizeof why) < 0)
            mw_log(ctx, MW_LOG_ERROR, "%s", why); /* as wget: the downloads go on without them */
    }
    if (opts->hsts)
        ctx->hsts = mw_hsts_load(opts->hsts_file); /* the caller resolved ~ (the library reads no environment) */
    if (opts->warc_file && !(ctx->warc = mw_warc_open(opts, ctx->user_agent, report_warc_failure, ctx, err, errlen))) {
        mw_ctx_free(ctx);
        return NULL;
    }
    if (ctx->warc)
        mw_log(ctx, MW_LOG_INFO, "Opening WARC file ‘%s’.\n", mw_warc_path(ctx->warc));
    return ctx;
}

void mw_ctx_free(mw_ctx *ctx)
{
    if (!ctx)
        return;
    mw_hsts_save_and_free(ctx->hsts);
    if (ctx->cookies && ctx->opts->save_cookies) {
        char why[512];
        if (mw_cookies_save(ctx->cookies, ctx->opts->save_cookies, ctx->opts->keep_session_cookies, time(NULL), why,
                            sizeof why) < 0)
            mw_log(ctx, MW_LOG_ERROR, "%s", why);
    }
    mw_warc_close(ctx->warc); /* its last record holds the log: after the last line */
    ctx->warc = NULL;
    mw_cookies_free(ctx->cookies);
    mw_strmap_free(&ctx->basic_hosts);
    mw_h2_hub_free(ctx->h2);
    mw_pool_free(ctx->pool);
    mw_slow_hosts_free(&ctx->slow_hosts);
    mw_tls_ctx_free(ctx->tls);
    mw_dns_free(ctx->dns);
    mw_loop_free(ctx->loop);
    free_prepared(ctx);
    free(ctx);
}

mw_tls_ctx *mw_ctx_tls(mw_ctx *ctx, char *err, size_t errlen)
{
    if (!ctx->tls)
        ctx->tls = mw_tls_ctx_new(ctx->opts, err, errlen);
    return ctx->tls;
}

bool mw_log_wanted(const mw_ctx *ctx, mw_log_level level)
{
    return ctx->opts->log && (ctx->opts->log_levels & MW_LOG_BIT(level));
}

void mw_logv(mw_ctx *ctx, mw_log_level level, const char *fmt, va_list ap)
{
    if (!mw_log_wanted(ctx, level))
        return;
    char line[2048];
    vsnprintf(line, sizeof line, fmt, ap);
    mw_warc_log_line(ctx->warc, line);
    ctx->opts->log(ctx->opts->callback_data, level, line);
}

void mw_log(mw_ctx *ctx, mw_log_level level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    mw_logv(ctx, level, fmt, ap);
    va_end(ap);
}
