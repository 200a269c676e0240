/* transfer: the machine of one download. It moves a transfer through its
 * states (transfer_internal.h) and starts each request:
 *
 *   RESOLVING -> CONNECTING [-> TUNNELING] [-> HANDSHAKING] -> SENDING
 *     -> READING_HEAD -> READING_BODY -> DONE
 *                     -> DRAINING -> (the next request: redirect, challenge)
 *     any step -> WAITING_TO_RETRY -> (the same URL again) ; the lead of
 *     --chunk-size -> WAITING_FOR_PARTS -> DONE
 *
 * The steps below it report through transfer_life.c and the callbacks
 * (t->ops) this file gives every transfer. */
#include "transfer_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "auth.h"
#include "pool.h"
#include "request.h"
#include "transfer_h2.h"
#include "miniwget/format.h"

static void on_socket(mw_loop *loop, int fd, unsigned events, void *data);
static void on_refused_by_https_only(mw_loop *loop, void *data);
static void on_connected(void *data, int fd, const mw_addr *addr, int err);
static void resolve(mw_transfer *t);
static void begin(mw_transfer *t);

/* The same request on a new connection: a pooled one was stale. */
static void reconnect(mw_transfer *t)
{
    mw_xfer_close_connection(t);
    resolve(t);
}

static const transfer_ops machine = { .begin = begin, .reconnect = reconnect };

static void write_request(mw_transfer *t)
{
    if (!t->resp.read_timer)
        mw_xfer_watch_inactivity(t);
    while (t->req.request_sent < t->req.request_len) {
        ssize_t n = mw_conn_send(&t->link.conn, t->req.request + t->req.request_sent, t->req.request_len - t->req.request_sent);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (mw_loop_watch(t->ctx->loop, t->link.conn.fd, MW_EV_WRITE, on_socket, t) < 0)
                mw_xfer_fail(t, MW_ERR_GENERIC, "Cannot watch the connection (%s).", strerror(errno));
            return;
        }
        if (n < 0) {
            if (!mw_xfer_retry_stale_connection(t))
                mw_xfer_fail_retryable(t, MW_ERR_NETWORK, "Write failed, closing control connection (%s).",
                               mw_conn_error(&t->link.conn, errno));
            return;
        }
        t->req.request_sent += (size_t)n;
        t->resp.last_read_ms = mw_now_ms(); /* the server is taking the upload */
    }
    t->state = T_READING_HEAD;
    t->warc = mw_warc_exchange_new(t->ctx->warc, &t->url, t->link.conn.fd, t->req.request, t->req.request_len);
    mw_loop_watch(t->ctx->loop, t->link.conn.fd, MW_EV_READ, on_socket, t);
    mw_xfer_watch_inactivity(t);
}

static void handshake(mw_transfer *t)
{
    mw_xfer_watch_inactivity(t); /* called when the server moved the handshake on */
    char err[640];
    mw_tls_result r = mw_tls_handshake(t->link.conn.tls, err, sizeof err);
    if (r == MW_TLS_WANT_READ || r == MW_TLS_WANT_WRITE) {
        if (mw_loop_watch(t->ctx->loop, t->link.conn.fd, r == MW_TLS_WANT_READ ? MW_EV_READ : MW_EV_WRITE, on_socket, t) < 0)
            mw_xfer_fail(t, MW_ERR_GENERIC, "Cannot watch the connection (%s).", strerror(errno));
        return;
    }
    if (r == MW_TLS_UNTRUSTED) {
        mw_xfer_fail(t, MW_ERR_TLS, "%s\nTo connect to %s insecurely, use `--no-check-certificate'.", err, t->url.host);
        return;
    }
    if (r != MW_TLS_OK) { /* as wget: no retry, the next handshake would fail the same way */
        mw_xfer_fail(t, MW_ERR_NETWORK, "%s", err);
        return;
    }
    if (err[0]) /* --no-check-certificate: say what would have failed */
        mw_xfer_log(t, MW_LOG_ERROR, "%s", err);
    const char *pin = t->ctx->opts->pinned_pubkey;
    err[0] = '\0';
    if (pin && !mw_tls_matches_pin(t->link.conn.tls, pin, err, sizeof err)) {
        mw_xfer_fail(t, MW_ERR_TLS, "%s", err);
        return;
    }
    if (mw_xfer_h2_connected(t)) /* ALPN chose h2: the request is a stream */
        return;
    t->state = T_SENDING;
    write_request(t);
}

static void on_socket(mw_loop *loop, int fd, unsigned events, void *data)
{
    mw_transfer *t = data;
    if (t->state == T_HANDSHAKING)
        handshake(t);
    else if (t->state == T_SENDING)
        write_request(t);
    else
        mw_xfer_read_socket(t);
}

static void on_attempt(void *data, const mw_addr *addr, const char *err)
{
    mw_xfer_report_attempt(data, addr, err);
}

/* Composes the request for t->url on the new or reused connection. */
static bool prepare_request(mw_transfer *t)
{
    const mw_options *o = t->ctx->opts;
    if ((o->auth_no_challenge || mw_xfer_basic_host_known(t)) && !t->auth.authorization) {
        const char *user, *password;
        char *owned[2];
        if (mw_xfer_credentials(t, &user, &password, owned))
            t->auth.authorization = mw_auth_basic(user, password);
        free(owned[0]);
        free(owned[1]);
    }
    /* Partial bytes from an earlier try, or an existing file under -c:
     * ask for the rest, of the same version only (If-Range). */
    int64_t offset = (t->body.sink_open ? t->body.sink.written : t->resume.resume_from) + mw_xfer_start_pos(t);
    /* a range of a compressed body would not continue the decoded bytes */
    t->req.range_requested = offset > 0 && !t->spider && o->compression == MW_COMPRESSION_NONE;
    int64_t range_to = -1;
    if (t->parts.lead) { /* a part: its range, less what it already has */
        offset = t->parts.part_start + (t->body.sink_open ? t->body.sink.written : 0);
        range_to = t->parts.part_end;
        t->req.range_requested = true;
    } else if (t->parts.chunking) {
        range_to = (int64_t)o->chunk_size - 1;
        t->req.range_requested = true;
    }
    const char *method = mw_xfer_method(t);
    bool direct_tls = t->url.scheme == MW_SCHEME_HTTPS;
    mw_request_plan plan = {
        .method = method,
        .url = &t->url,
        .absolute_form = t->link.proxy && !direct_tls,
        .with_body = o->body && !t->req.as_get && !t->spider,
        .authorization = t->auth.authorization,
        .proxy_authorization = t->link.proxy && !direct_tls ? t->link.proxy->authorization : NULL,
        .range = t->req.range_requested,
        .range_from = offset,
        .range_to = range_to,
        .if_range = t->parts.lead ? t->parts.lead->resume.validator : t->resume.validator,
        .if_modified_since = t->resume.replace_existing && !t->req.range_requested && o->if_modified_since
                                 ? t->resume.local_mtime : 0,
        .without_secret_headers = !mw_xfer_at_home(t),
    };
    t->auth.auth_sent = t->auth.authorization != NULL;
    char *cookie = t->ctx->cookies ? mw_cookies_header(t->ctx->cookies, &t->url, time(NULL)) : NULL;
    plan.cookie = cookie;
    free(t->req.request);
    t->req.request = mw_request_compose(o, t->ctx->user_agent, &plan, &t->req.request_len);
    free(cookie);
    if (!t->req.request) {
        mw_xfer_fail(t, MW_ERR_GENERIC, "Out of memory.");
        return false;
    }
    mw_xfer_report_request(t);
    t->req.request_sent = 0;
    t->resp.head_bytes = 0;
    mw_http_parser_init(&t->resp.parser, !strcasecmp(method, "HEAD"), mw_xfer_write_body, t);
    t->resp.parser.ignore_length = o->ignore_length; /* the request asked for Connection: close, as wget */
    return true;
}

static void start_tls(mw_transfer *t)
{
    char why[256];
    mw_tls_ctx *tls_ctx = mw_ctx_tls(t->ctx, why, sizeof why);
    if (!tls_ctx) {
        mw_xfer_fail(t, MW_ERR_GENERIC, "%s", why);
        return;
    }
    t->link.conn.tls = mw_tls_new(tls_ctx, t->link.conn.fd, t->url.host);
    if (!t->link.conn.tls) {
        mw_xfer_fail(t, MW_ERR_GENERIC, "Out of memory.");
        return;
    }
    mw_xfer_h2_offer(t);
    t->state = T_HANDSHAKING;
    handshake(t);
}

static void on_tunnel(void *data, int status, const char *reason, const char *err)
{
    mw_transfer *t = data;
    t->link.tunnel = NULL;
    if (status == 0)
        mw_xfer_fail_retryable(t, MW_ERR_NETWORK, "Proxy tunneling failed: %s.", err);
    else if (status == 407)
        mw_xfer_fail(t, MW_ERR_AUTH, "Proxy tunneling failed: %d %s.", status, reason);
    else if (status < 200 || status >= 300)
        mw_xfer_fail(t, MW_ERR_SERVER, "Proxy tunneling failed: %d %s.", status, reason);
    else
        start_tls(t);
}

static void start_tunnel(mw_transfer *t)
{
    const mw_options *o = t->ctx->opts;
    t->state = T_TUNNELING;
    t->link.tunnel = mw_tunnel_start(t->ctx->loop, &t->link.conn, &t->url, o->user_agent ? o->user_agent : t->ctx->user_agent,
                                t->link.proxy->authorization, o->read_timeout_ms, on_tunnel, t);
    if (!t->link.tunnel)
        mw_xfer_fail(t, MW_ERR_GENERIC, "Out of memory.");
}

/* A connection to the peer is open in t->link.conn, new or reused: the request
 * goes out, after the tunnel and the TLS handshake when https needs them. */
static void connection_ready(mw_transfer *t)
{
    if (!prepare_request(t) || mw_xfer_h2_send(t)) /* a stream of a shared HTTP/2 connection */
        return;
    if (t->url.scheme == MW_SCHEME_HTTPS && !t->link.conn.tls) {
        if (t->link.proxy)
            start_tunnel(t);
        else
            start_tls(t);
        return;
    }
    if (mw_xfer_h2_connected(t)) /* h2c by prior knowledge */
        return;
    t->state = T_SENDING;
    write_request(t); /* a fresh or idle socket almost always takes the request at once */
}

static void on_connected(void *data, int fd, const mw_addr *addr, int err)
{
    mw_transfer *t = data;
    t->link.connector = NULL;
    if (fd < 0) {
        /* Each attempt was reported in verbose mode; -nv gets the outcome. */
        mw_xfer_name_failed_url(t);
        mw_xfer_log(t, MW_LOG_NOTICE, "failed: %s.", strerror(err));
        if (err == ECONNREFUSED && !t->ctx->opts->retry_connrefused) {
            mw_xfer_remember_error(t, strerror(err));
            mw_xfer_finish(t, MW_ERR_NETWORK); /* as wget: a refusal is an answer */
        } else {
            mw_xfer_fail_retryable(t, MW_ERR_NETWORK, "Cannot connect to %s:%u.", mw_xfer_peer(t)->host, mw_xfer_peer(t)->port);
        }
        return;
    }
    t->link.conn = (mw_conn){ .fd = fd };
    connection_ready(t);
}

/* As wget: no idle connection under this name, but one to an address the
 * name resolved to, on the same port, carries plain http (only the socket:
 * Host, cookies and credentials stay this URL's). Not through a proxy (its
 * connections are pooled under the proxy), not over TLS, not for a
 * transfer leading or joining an HTTP/2 connection. */
static bool take_by_address(mw_transfer *t, const mw_addr_list *addrs)
{
    char was[300];
    if (t->link.proxy || t->url.scheme != MW_SCHEME_HTTP || t->link.h2 ||
        !mw_pool_take_by_address(t->ctx->pool, &t->url, addrs, &t->link.conn, &t->link.max_uses, was, sizeof was))
        return false;
    mw_xfer_report_reuse_of(t, was);
    t->link.reused = true;
    connection_ready(t); /* in a callback already: it may run now */
    return true;
}

static void on_resolved(void *data, const mw_addr_list *addrs, const char *err)
{
    mw_transfer *t = data;
    t->link.dns_query = NULL;
    mw_addr_list preferred;
    if (addrs && t->ctx->opts->prefer_family) {
        preferred = *addrs;
        mw_addr_list_prefer(&preferred, t->ctx->opts->prefer_family);
        addrs = &preferred;
    }
    mw_xfer_report_resolved(t, addrs, err);
    if (!addrs) {
        mw_xfer_fail(t, MW_ERR_NETWORK, "mini-wget: unable to resolve host address ‘%s’", mw_xfer_peer(t)->host);
        return;
    }
    t->state = T_CONNECTING;
    if (take_by_address(t, addrs))
        return;
    t->link.connector = mw_connect_start(t->ctx->loop, addrs, &t->ctx->bind_addr, t->ctx->opts->connect_timeout_ms, on_attempt,
                                    on_connected, t);
    if (!t->link.connector)
        mw_xfer_fail(t, MW_ERR_GENERIC, "Out of memory.");
}

static void on_reuse(mw_loop *loop, void *data)
{
    mw_transfer *t = data;
    t->link.start_timer = 0;
    connection_ready(t);
}

static void resolve(mw_transfer *t)
{
    t->state = T_RESOLVING;
    t->link.reused = false;
    t->link.max_uses = -1;
    switch (mw_xfer_h2_join(t)) {
    case MW_XFER_H2_READY: /* a stream on a shared HTTP/2 connection */
        t->state = T_CONNECTING;
        t->link.start_timer = mw_loop_timer(t->ctx->loop, 0, on_reuse, t); /* callbacks never run inside start */
        return;
    case MW_XFER_H2_WAITING: /* another request's connection will carry it */
        t->state = T_CONNECTING;
        return;
    default:
        break;
    }
    const mw_options *o = t->ctx->opts;
    if (o->unix_socket) {
        mw_addr_list list = { .count = 1 };
        mw_addr_from_unix_path(o->unix_socket, &list.addrs[0]); /* its length was checked with the options */
        t->state = T_CONNECTING;
        t->link.connector = mw_connect_start(t->ctx->loop, &list, NULL, o->connect_timeout_ms, on_attempt, on_connected, t);
        if (!t->link.connector)
            mw_xfer_fail(t, MW_ERR_GENERIC, "Out of memory.");
        return;
    }
    t->link.dns_query = mw_dns_resolve(t->ctx->dns, mw_xfer_peer(t)->host, mw_xfer_peer(t)->port, o->family, o->dns_timeout_ms, on_resolved, t);
    if (!t->link.dns_query)
        mw_xfer_fail(t, MW_ERR_GENERIC, "Out of memory.");
}

static void begin(mw_transfer *t)
{
    if (mw_hsts_upgrade(t->ctx->hsts, &t->url, time(NULL)))
        mw_xfer_log(t, MW_LOG_INFO, "URL transformed to HTTPS due to an HSTS policy");
    if (t->ctx->opts->https_only && t->url.scheme != MW_SCHEME_HTTPS) {
        char *text = mw_url_to_string(&t->url);
        t->link.start_timer = mw_loop_timer(t->ctx->loop, 0, on_refused_by_https_only, t); /* never inside start */
        mw_xfer_log(t, MW_LOG_ERROR, "%s: refused by --https-only.", text ? text : "URL");
        free(text);
        return;
    }
    mw_xfer_report_start(t);
    t->link.surplus = false;
    t->link.proxy = mw_ctx_proxy_for(t->ctx, &t->url);
    if (!mw_pool_take(t->ctx->pool, mw_xfer_pool_key(t), &t->link.conn, &t->link.max_uses)) {
        resolve(t);
        return;
    }
    mw_xfer_report_reuse(t);
    t->state = T_CONNECTING;
    t->link.reused = true;
    t->link.start_timer = mw_loop_timer(t->ctx->loop, 0, on_reuse, t); /* callbacks never run inside start */
}

static void on_refused_by_https_only(mw_loop *loop, void *data)
{
    mw_transfer *t = data;
    t->link.start_timer = 0;
    mw_xfer_finish(t, MW_ERR_GENERIC);
}

mw_transfer *mw_transfer_start(mw_ctx *ctx, const mw_url *url, mw_transfer_done_cb done, void *data)
{
    return mw_transfer_start_with(ctx, url, 0, done, data);
}

mw_transfer *mw_transfer_start_with(mw_ctx *ctx, const mw_url *url, unsigned flags, mw_transfer_done_cb done, void *data)
{
    mw_transfer *t = mw_xfer_new(ctx, url, &machine, done, data);
    if (t && (flags & MW_TRANSFER_GET_EVEN_IF_SPIDER))
        t->spider = false;
    if (t) {
        t->auth.away_from_home = flags & MW_TRANSFER_AWAY_FROM_HOME;
        t->resume.temporary = (flags & MW_TRANSFER_TEMPORARY) || ctx->opts->delete_after;
    }
    if (t && mw_xfer_look_at_existing_file(t)) {
        t->parts.chunking = mw_xfer_may_chunk(t);
        begin(t);
    }
    return t;
}
