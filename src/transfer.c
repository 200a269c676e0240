#include "transfer_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "auth.h"
#include "connect.h"
#include "date.h"
#include "http.h"
#include "inflate.h"
#include "miniwget/format.h"
#include "pool.h"
#include "request.h"
#include "sink.h"
#include "tunnel.h"


static void on_socket(mw_loop *loop, int fd, unsigned events, void *data);

/* Whether transfer_log() would show a line of this level: callers skip
 * preparing one that would not. The parts of a chunked download work
 * quietly: their lead speaks for the file. */
bool transfer_log_wanted(const mw_transfer *t, mw_log_level level)
{
    if (t->lead && level != MW_LOG_ERROR && level != MW_LOG_DEBUG)
        return false;
    return mw_log_wanted(t->ctx, level);
}

void transfer_log(mw_transfer *t, mw_log_level level, const char *fmt, ...)
{
    if (!transfer_log_wanted(t, level))
        return;
    va_list ap;
    va_start(ap, fmt);
    mw_logv(t->ctx, level, fmt, ap);
    va_end(ap);
}

static void on_refused_by_https_only(mw_loop *loop, void *data);
static void on_connected(void *data, int fd, const mw_addr *addr, const char *err);
static void resolve(mw_transfer *t);
static bool retry_stale_connection(mw_transfer *t);
static bool throttled(mw_transfer *t);
static size_t read_quantum(mw_transfer *t, size_t want);

static bool host_is_literal(const mw_url *url)
{
    mw_addr addr;
    return mw_addr_from_literal(url->host, url->port, &addr) == 0;
}

/* Where the socket goes: the proxy, or the URL's host. */
static const mw_url *peer(const mw_transfer *t)
{
    return t->proxy ? &t->proxy->url : &t->url;
}

/* An http URL through a proxy is asked of the proxy itself: such
 * connections are pooled under the proxy; tunnels under their origin. */
static const mw_url *pool_key(const mw_transfer *t)
{
    return t->proxy && t->url.scheme == MW_SCHEME_HTTP ? &t->proxy->url : &t->url;
}

const char *transfer_method(const mw_transfer *t)
{
    const mw_options *o = t->ctx->opts;
    if (t->spider)
        return "HEAD";
    if (o->method && (!t->as_get || !strcasecmp(o->method, "HEAD")))
        return o->method;
    return o->body && !t->as_get ? "POST" : "GET";
}

static void close_connection(mw_transfer *t)
{
    mw_tunnel_cancel(t->tunnel);
    t->tunnel = NULL;
    if (t->fd >= 0) {
        mw_loop_unwatch(t->ctx->loop, t->fd);
        mw_tls_free(t->tls);
        t->tls = NULL;
        close(t->fd);
        t->fd = -1;
    }
    mw_loop_cancel(t->ctx->loop, t->more_timer);
    t->more_timer = 0;
    mw_loop_cancel(t->ctx->loop, t->throttle_timer);
    t->throttle_timer = 0;
    mw_loop_cancel(t->ctx->loop, t->read_timer);
    t->read_timer = 0;
    mw_http_parser_free(&t->parser);
    free(t->request);
    t->request = NULL;
}

/* After a response read to its end: keep the connection for the next
 * request when the server allows it, close it otherwise. */
void transfer_release_connection(mw_transfer *t)
{
    const mw_http_response *r = &t->parser.resp;
    /* Bytes past the response, on the socket (the pool sees those) or
     * already decrypted inside the TLS session (it cannot): not reusable. */
    t->surplus = t->surplus || (t->tls && mw_tls_has_pending(t->tls));
    if (t->fd >= 0 && r->keep_alive && !t->surplus && t->ctx->opts->keep_alive) {
        const char *ka = mw_http_header(r, "Keep-Alive");
        const char *max = ka ? strstr(ka, "max=") : NULL;
        int uses = max ? atoi(max + 4) : t->max_uses < 0 ? -1 : t->max_uses - 1;
        mw_pool_put(t->ctx->pool, pool_key(t), t->fd, t->tls, uses);
        t->fd = -1;
        t->tls = NULL;
    }
    close_connection(t);
}

static void report_progress(mw_transfer *t, bool finished)
{
    const mw_options *o = t->ctx->opts;
    if (!o->progress || !t->sink_open || t->lead)
        return;
    mw_progress p = {
        .name = t->sink.display,
        .total = t->body_total,
        .received = transfer_file_bytes(t),
        .elapsed_ms = mw_now_ms() - t->body_started_ms,
        .finished = finished,
    };
    o->progress(o->callback_data, &p);
}


/* Ends the transfer; the done callback runs last, and may free t. */
void transfer_finish(mw_transfer *t, mw_status status)
{
    if (t->state == T_DONE)
        return;
    t->state = T_DONE;
    t->status = status;
    mw_dns_cancel(t->dns_query);
    t->dns_query = NULL;
    mw_connect_cancel(t->connector);
    t->connector = NULL;
    mw_loop_cancel(t->ctx->loop, t->progress_timer);
    t->progress_timer = 0;
    mw_loop_cancel(t->ctx->loop, t->start_timer);
    t->start_timer = 0;
    mw_loop_cancel(t->ctx->loop, t->retry_timer);
    t->retry_timer = 0;
    t->bytes_written = transfer_file_bytes(t);
    int64_t valid = t->parts ? transfer_valid_prefix(t) : -1;
    transfer_stop_parts(t); /* before the file is cut back to its valid bytes */
    if (t->sink_open) {
        if (status != MW_OK && !t->completed)
            mw_sink_abort(&t->sink, valid);
        mw_sink_free(&t->sink);
        t->sink_open = false;
    }
    close_connection(t);
    mw_inflate_free(t->inflater);
    t->inflater = NULL;
    if (t->part_fd >= 0)
        close(t->part_fd);
    t->part_fd = -1;
    t->done(t->done_data, status);
}

/* -nv: a line with the URL before a failure's message, as wget writes
 * before an error answer; with -j the messages interleave, and would not
 * say whose they are. Once per attempt. */
void transfer_name_failed_url(mw_transfer *t)
{
    if (t->named_attempt == t->attempt)
        return;
    t->named_attempt = t->attempt;
    char *shown = mw_url_to_string(&t->url);
    transfer_log(t, MW_LOG_NOTICE, "%s:", shown ? shown : "URL");
    free(shown);
}

/* Keeps the failure's message for the URL's result (its first line, trimmed). */
static void remember_error(mw_transfer *t, const char *msg)
{
    while (*msg == '\n')
        msg++;
    free(t->error);
    t->error = strndup(msg, strcspn(msg, "\n"));
}

void transfer_fail(mw_transfer *t, mw_status status, const char *fmt, ...)
{
    transfer_name_failed_url(t);
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    transfer_log(t, MW_LOG_ERROR, "%s", msg);
    remember_error(t, msg);
    transfer_finish(t, status);
}

static void on_retry(mw_loop *loop, void *data)
{
    mw_transfer *t = data;
    t->retry_timer = 0;
    transfer_begin(t);
}

/* A failure that another try may cure (wget's rules: network trouble, not
 * a refusal or an error answer). Partial bytes stay in the sink, so the next
 * try asks only for the rest. */
void transfer_fail_retryable(mw_transfer *t, mw_status status, const char *fmt, ...)
{
    const mw_options *o = t->ctx->opts;
    bool again = o->tries == 0 || t->attempt < o->tries;
    transfer_name_failed_url(t);
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!again) {
        transfer_fail(t, status, "%s Giving up.\n", msg);
        return;
    }
    transfer_log(t, MW_LOG_ERROR, "%s Retrying.\n", msg);
    close_connection(t);
    mw_loop_cancel(t->ctx->loop, t->progress_timer);
    t->progress_timer = 0;
    t->state = T_WAITING_TO_RETRY;
    uint64_t wait = (uint64_t)t->attempt * 1000; /* 1 s, 2 s, ... as wget */
    if (wait > o->waitretry_ms)
        wait = o->waitretry_ms;
    t->attempt++;
    t->retry_timer = mw_loop_timer(t->ctx->loop, wait, on_retry, t);
}

/* ---- reading the body ---- */

/* wget's line for a saved file ("... saved [got/total]"), or -nv's. */
static void log_saved(mw_transfer *t, int64_t got, uint64_t elapsed_ms, const char *display)
{
    const mw_options *o = t->ctx->opts;
    if (!transfer_log_wanted(t, MW_LOG_INFO) && !transfer_log_wanted(t, MW_LOG_NOTICE))
        return;
    double seconds = (double)elapsed_ms / 1000.0;
    char rate[32], stamp[32], sizes[48]; /* "[got/total]", or "[got]" when no length was announced, as wget */
    got -= t->head_saved; /* --save-headers: wget counts the body */
    if (t->body_total >= 0)
        snprintf(sizes, sizeof sizes, "[%lld/%lld]", (long long)got, (long long)t->body_total);
    else
        snprintf(sizes, sizeof sizes, "[%lld]", (long long)got);
    mw_format_rate_of(got, seconds, rate, sizeof rate);
    mw_format_timestamp(time(NULL), stamp, sizeof stamp);
    bool to_stdout = o->output_fd >= 0 && o->output_name && strcmp(o->output_name, "-") == 0;
    if (to_stdout)
        transfer_log(t, MW_LOG_INFO, "\n%s (%s) - written to stdout %s\n", stamp, rate, sizes);
    else
        transfer_log(t, MW_LOG_INFO, "\n%s (%s) - ‘%s’ saved %s\n", stamp, rate, display, sizes);
    char *shown_url = mw_url_to_string(&t->url);
    transfer_log(t, MW_LOG_NOTICE, "%s URL:%s %s -> \"%s\" [%d]", stamp, shown_url ? shown_url : "", sizes,
                 to_stdout ? "-" : display, t->attempt);
    free(shown_url);
}

void transfer_complete(mw_transfer *t)
{
    const mw_options *o = t->ctx->opts;
    if (t->inflater && !mw_inflate_finished(t->inflater)) {
        transfer_fail(t, MW_ERR_PROTOCOL, "The compressed body ended before the end of its data.");
        return;
    }
    time_t mtime = t->file_mtime;
    bool parts_done = t->state == T_WAITING_FOR_PARTS; /* the lead's response is released by now */
    const char *last_modified = parts_done ? NULL : mw_http_header(&t->parser.resp, "Last-Modified");
    if (o->use_server_timestamps && last_modified && !t->lead) /* a part: the lead stamps the file */
        mtime = mw_parse_http_date(last_modified);
    if (t->nparts > 0 || (t->chunking && t->next_chunk < t->body_total)) {
        /* the lead's chunk is in: the file is whole once every part is */
        t->file_mtime = mtime;
        t->state = T_WAITING_FOR_PARTS;
        transfer_mark_valid_prefix(t);
        transfer_release_connection(t);
        return;
    }
    int64_t body_bytes = transfer_file_bytes(t) - t->head_saved;
    if (!t->lead && !t->inflater && t->body_total >= 0 && body_bytes != t->body_total &&
        strcasecmp(transfer_method(t), "HEAD") != 0) {
        /* a range that ended before the file's end, or parts that left a gap */
        transfer_fail_retryable(t, MW_ERR_NETWORK, "The server sent %lld of %lld bytes; the file is incomplete.",
                                (long long)body_bytes, (long long)t->body_total);
        return;
    }
    report_progress(t, true);
    const char *type = parts_done ? NULL : mw_http_header(&t->parser.resp, "Content-Type");
    if (type && !t->content_type) /* before transfer_release_connection() frees the response */
        t->content_type = strdup(type);
    int64_t got = transfer_file_bytes(t);
    uint64_t elapsed_ms = mw_now_ms() - t->body_started_ms;
    const char *display = t->sink.display ? t->sink.display : ""; /* the sink keeps it until transfer_finish() */
    transfer_release_connection(t);
    if (mw_sink_finish(&t->sink, mtime) < 0) {
        transfer_name_failed_url(t);
        transfer_log(t, MW_LOG_ERROR, "%s", t->sink.error);
        transfer_finish(t, MW_ERR_IO);
        return;
    }
    log_saved(t, got, elapsed_ms, display);
    if (!t->lead) {
        t->ctx->totals.files++;
        t->ctx->totals.bytes += got - t->body_start_written; /* -c: only what came now */
        t->ctx->totals.busy_ms += elapsed_ms;
        t->body_saved = true;
        t->body_bytes = got - t->body_start_written;
        t->body_ms = elapsed_ms;
    }
    t->completed = true;
    if (o->output_fd < 0 && !t->lead)
        t->saved_path = strdup(display);
    transfer_finish(t, t->outcome);
}

static int write_decoded(void *data, const char *buf, size_t len)
{
    mw_transfer *t = data;
    return mw_sink_write(&t->sink, buf, len);
}

/* Body bytes as they came off the wire: decoded first when compressed. */
static int write_body(void *data, const char *buf, size_t len)
{
    mw_transfer *t = data;
    if (!t->inflater)
        return mw_sink_write(&t->sink, buf, len);
    mw_inflate_result r = mw_inflate_feed(t->inflater, buf, len, write_decoded, t);
    t->corrupt_encoding = r == MW_INFLATE_CORRUPT;
    return r == MW_INFLATE_OK ? 0 : -1;
}

static void corrupt_body(mw_transfer *t)
{
    transfer_fail(t, MW_ERR_PROTOCOL, "The compressed body is corrupt (%s).", mw_inflate_error(t->inflater));
}

void transfer_body_write_failed(mw_transfer *t)
{
    transfer_fail(t, MW_ERR_IO, "%s", t->sink.error);
}

/* Handles bytes that belong to the body; false when the transfer ended. */
static bool consume_body(mw_transfer *t, const char *buf, size_t len)
{
    if (t->parser.resp.framing == MW_BODY_LENGTH) {
        size_t take = (int64_t)len > t->body_remaining ? (size_t)t->body_remaining : len;
        t->surplus = t->surplus || take < len;
        if (t->draining) {
            t->body_remaining -= (int64_t)take;
            if (t->body_remaining == 0)
                transfer_take_redirect(t);
            return false;
        }
        /* the bytes that end the body need no incomplete mark (a lead's do: parts follow) */
        bool last = (int64_t)take == t->body_remaining && !t->inflater && !t->chunking;
        if (take && (last ? mw_sink_write_last(&t->sink, buf, take) : write_body(t, buf, take)) < 0) {
            if (t->corrupt_encoding)
                corrupt_body(t);
            else
                transfer_body_write_failed(t);
            return false;
        }
        t->body_remaining -= (int64_t)take;
        if (t->body_remaining == 0) {
            transfer_complete(t);
            return false;
        }
        return true;
    }
    size_t used;
    switch (mw_http_parser_feed(&t->parser, buf, len, &used)) {
    case MW_HTTP_MSG_DONE:
        t->surplus = t->surplus || used < len;
        transfer_complete(t);
        return false;
    case MW_HTTP_ERROR:
        if (t->corrupt_encoding)
            corrupt_body(t);
        else if (t->sink.error[0])
            transfer_body_write_failed(t);
        else
            transfer_fail(t, MW_ERR_PROTOCOL, "Malformed response body: %s.", mw_http_error(&t->parser));
        return false;
    default:
        return true;
    }
}

static void on_progress_tick(mw_loop *loop, void *data)
{
    mw_transfer *t = data;
    report_progress(t, false);
    transfer_watch_progress(t);
}

void transfer_watch_progress(mw_transfer *t)
{
    t->progress_timer = mw_loop_timer(t->ctx->loop, 200, on_progress_tick, t);
}

/* ---- socket I/O ---- */

/* recv(2) over plain TCP or TLS: > 0 bytes, 0 at EOF, -1 with errno set
 * (EAGAIN: wait for readiness; EPROTO: a TLS error, see mw_tls_error). */
static ssize_t conn_recv(mw_transfer *t, void *buf, size_t len)
{
    if (!t->tls)
        return recv(t->fd, buf, len, 0);
    size_t n = 0;
    switch (mw_tls_read(t->tls, buf, len, &n)) {
    case MW_TLS_OK:
        return (ssize_t)n;
    case MW_TLS_CLOSED:
        return 0;
    case MW_TLS_WANT_READ:
    case MW_TLS_WANT_WRITE: /* renegotiation: rare; the read watch retries it */
        errno = EAGAIN;
        return -1;
    default:
        errno = EPROTO;
        return -1;
    }
}

static ssize_t conn_send(mw_transfer *t, const void *buf, size_t len)
{
    if (!t->tls)
        return send(t->fd, buf, len, MSG_NOSIGNAL);
    size_t n = 0;
    switch (mw_tls_write(t->tls, buf, len, &n)) {
    case MW_TLS_OK:
        return (ssize_t)n;
    case MW_TLS_WANT_READ:
    case MW_TLS_WANT_WRITE:
        errno = EAGAIN;
        return -1;
    case MW_TLS_CLOSED:
        errno = EPIPE;
        return -1;
    default:
        errno = EPROTO;
        return -1;
    }
}

static const char *conn_error(mw_transfer *t, int err)
{
    return err == EPROTO && t->tls ? mw_tls_error(t->tls) : strerror(err);
}

static void on_read_timeout(mw_loop *loop, void *data)
{
    mw_transfer *t = data;
    t->read_timer = 0;
    uint64_t limit = t->ctx->opts->read_timeout_ms;
    uint64_t idle = mw_now_ms() - t->last_read_ms;
    if (t->throttle_timer) /* --limit-rate's pause is ours: the wait starts again when reading does */
        idle = 0;
    if (idle < limit) { /* data came meanwhile: wait for the rest of the period */
        t->read_timer = mw_loop_timer(loop, limit - idle, on_read_timeout, t);
        return;
    }
    if (t->state == T_HANDSHAKING)
        transfer_fail_retryable(t, MW_ERR_NETWORK, "Unable to establish SSL connection (%s).", strerror(ETIMEDOUT));
    else if (t->state == T_SENDING)
        transfer_fail_retryable(t, MW_ERR_NETWORK, "Write failed, closing control connection (%s).",
                                strerror(ETIMEDOUT));
    else if (t->state == T_READING_BODY)
        transfer_fail_retryable(t, MW_ERR_NETWORK, "Read error at byte %lld (%s).", (long long)t->sink.written, strerror(ETIMEDOUT));
    else
        transfer_fail_retryable(t, MW_ERR_NETWORK, "Read error (%s) in headers.", strerror(ETIMEDOUT));
}

/* The read timeout (-T) bounds every wait on the server once connected:
 * the TLS handshake, the request and its body going out, the response.
 * One timer per connection; progress moves last_read_ms and the timer
 * re-arms itself from there. */
static void watch_inactivity(mw_transfer *t)
{
    t->last_read_ms = mw_now_ms();
    if (t->ctx->opts->read_timeout_ms && !t->read_timer)
        t->read_timer = mw_loop_timer(t->ctx->loop, t->ctx->opts->read_timeout_ms, on_read_timeout, t);
}

static void handle_eof(mw_transfer *t)
{
    if (t->state == T_READING_HEAD && retry_stale_connection(t))
        return;
    if (t->state == T_READING_HEAD) {
        transfer_log(t, MW_LOG_INFO, "HTTP request sent, awaiting response... ");
        transfer_fail_retryable(t, MW_ERR_NETWORK, t->head_bytes ? "Connection closed before the end of the response head."
                                                        : "No data received.");
        return;
    }
    const mw_http_response *r = &t->parser.resp;
    if (r->framing == MW_BODY_LENGTH) {
        transfer_fail_retryable(t, MW_ERR_NETWORK, "Connection closed at byte %lld of %lld; the file is incomplete.",
                       (long long)t->sink.written, (long long)t->body_total);
        return;
    }
    if (mw_http_parser_eof(&t->parser) == MW_HTTP_MSG_DONE) {
        transfer_complete(t);
        return;
    }
    transfer_fail_retryable(t, MW_ERR_NETWORK, "Connection closed at byte %lld before the end of the body; the file is incomplete.",
                   (long long)t->sink.written);
}

static void read_head(mw_transfer *t, size_t n)
{
    size_t used;
    t->head_bytes += n;
    switch (mw_http_parser_feed(&t->parser, t->buf, n, &used)) {
    case MW_HTTP_MORE:
        return;
    case MW_HTTP_ERROR:
        transfer_log(t, MW_LOG_INFO, "HTTP request sent, awaiting response... ");
        transfer_fail(t, MW_ERR_PROTOCOL, "Malformed response: %s.", mw_http_error(&t->parser));
        return;
    default:
        break;
    }
    if (transfer_handle_head(t, n - used) && used < n)
        consume_body(t, t->buf + used, n - used);
}

/* The zero-copy path for Content-Length bodies going to a regular file.
 * Returns false when it cannot be used, so the caller reads and writes. */
static bool splice_body(mw_transfer *t)
{
    for (int round = 0; round < 64 && t->state == T_READING_BODY && !throttled(t); round++) {
        size_t moved;
        size_t want = t->body_remaining < (int64_t)(1 << 20) ? (size_t)t->body_remaining : (size_t)(1 << 20);
        want = read_quantum(t, want);
        switch (mw_sink_splice(&t->sink, t->fd, want, &moved)) {
        case MW_SPLICE_MOVED:
            t->last_read_ms = mw_now_ms();
            t->body_remaining -= (int64_t)moved;
            if (t->body_remaining == 0)
                transfer_complete(t);
            break;
        case MW_SPLICE_AGAIN:
            return true;
        case MW_SPLICE_EOF:
            handle_eof(t);
            return true;
        case MW_SPLICE_READ_ERROR:
            transfer_fail_retryable(t, MW_ERR_NETWORK, "Read error at byte %lld (%s).", (long long)t->sink.written, strerror(errno));
            return true;
        case MW_SPLICE_WRITE_ERROR:
            transfer_body_write_failed(t);
            return true;
        case MW_SPLICE_UNSUPPORTED:
            return false;
        }
    }
    return true;
}

static void read_socket(mw_transfer *t);

/* A smaller body is cheaper with one read and one write than with a pipe
 * to set up and two splices: it fits the read buffer. */
#define MW_SPLICE_MIN (64 * 1024)

static void on_throttle_over(mw_loop *loop, void *data)
{
    mw_transfer *t = data;
    t->throttle_timer = 0;
    t->last_read_ms = mw_now_ms(); /* waiting on ourselves is not the server's silence */
    if (mw_loop_watch(loop, t->fd, MW_EV_READ, on_socket, t) < 0) {
        transfer_fail(t, MW_ERR_GENERIC, "Cannot watch the connection (%s).", strerror(errno));
        return;
    }
    read_socket(t);
}

/* --limit-rate: when the body is ahead of its pace, stop reading (the
 * kernel's window then slows the sender) until the pace catches up. */
static bool throttled(mw_transfer *t)
{
    uint64_t rate = t->ctx->opts->limit_rate;
    if (!rate || t->state != T_READING_BODY || t->throttle_timer)
        return t->throttle_timer != 0;
    uint64_t elapsed = mw_now_ms() - t->body_started_ms;
    uint64_t due = (uint64_t)(t->sink.written - t->body_start_written) * 1000u / rate;
    if (due <= elapsed)
        return false;
    mw_loop_unwatch(t->ctx->loop, t->fd);
    t->throttle_timer = mw_loop_timer(t->ctx->loop, due - elapsed, on_throttle_over, t);
    return true;
}

/* The most to read at once: under --limit-rate, a tenth of a second's worth. */
static size_t read_quantum(mw_transfer *t, size_t want)
{
    uint64_t rate = t->ctx->opts->limit_rate;
    if (rate && t->state == T_READING_BODY) {
        uint64_t tenth = rate / 10 < 1024 ? 1024 : rate / 10;
        if (want > tenth)
            want = (size_t)tenth;
    }
    return want;
}

static void on_more(mw_loop *loop, void *data)
{
    mw_transfer *t = data;
    t->more_timer = 0;
    read_socket(t);
}

static void read_socket(mw_transfer *t)
{
    if (t->state == T_READING_BODY && t->parser.resp.framing == MW_BODY_LENGTH && !t->draining && !t->tls &&
        !t->inflater && t->body_remaining >= MW_SPLICE_MIN && splice_body(t))
        return;
    /* Bounded work per wake-up keeps other fds served on a fast link. */
    for (int round = 0; round < 16 && (t->state == T_READING_HEAD || t->state == T_READING_BODY); round++) {
        if (throttled(t))
            return;
        size_t want = read_quantum(t, MW_READ_BUFFER);
        if (t->state == T_READING_BODY && t->parser.resp.framing == MW_BODY_LENGTH && t->body_remaining < (int64_t)want)
            want = (size_t)t->body_remaining;
        ssize_t n = conn_recv(t, t->buf, want);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return;
            if (t->state == T_READING_BODY)
                transfer_fail_retryable(t, MW_ERR_NETWORK, "Read error at byte %lld (%s).", (long long)t->sink.written,
                               conn_error(t, errno));
            else if (!retry_stale_connection(t))
                transfer_fail_retryable(t, MW_ERR_NETWORK, "Read error (%s) in headers.", conn_error(t, errno));
            return;
        }
        if (n == 0) {
            handle_eof(t);
            return;
        }
        t->last_read_ms = mw_now_ms();
        if (t->state == T_READING_HEAD)
            read_head(t, (size_t)n);
        else if (!consume_body(t, t->buf, (size_t)n))
            return;
    }
    /* The round ended with data maybe still waiting, possibly inside the TLS
     * session where epoll cannot see it: come back on the next loop round. */
    if ((t->state == T_READING_HEAD || t->state == T_READING_BODY) && !t->more_timer && !t->throttle_timer)
        t->more_timer = mw_loop_timer(t->ctx->loop, 0, on_more, t);
}

static void write_request(mw_transfer *t)
{
    if (!t->read_timer)
        watch_inactivity(t);
    while (t->request_sent < t->request_len) {
        ssize_t n = conn_send(t, t->request + t->request_sent, t->request_len - t->request_sent);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (mw_loop_watch(t->ctx->loop, t->fd, MW_EV_WRITE, on_socket, t) < 0)
                transfer_fail(t, MW_ERR_GENERIC, "Cannot watch the connection (%s).", strerror(errno));
            return;
        }
        if (n < 0) {
            if (!retry_stale_connection(t))
                transfer_fail_retryable(t, MW_ERR_NETWORK, "Write failed, closing control connection (%s).",
                               conn_error(t, errno));
            return;
        }
        t->request_sent += (size_t)n;
        t->last_read_ms = mw_now_ms(); /* the server is taking the upload */
    }
    t->state = T_READING_HEAD;
    mw_loop_watch(t->ctx->loop, t->fd, MW_EV_READ, on_socket, t);
    watch_inactivity(t);
}

static void handshake(mw_transfer *t)
{
    watch_inactivity(t); /* called when the server moved the handshake on */
    char err[640];
    mw_tls_result r = mw_tls_handshake(t->tls, err, sizeof err);
    if (r == MW_TLS_WANT_READ || r == MW_TLS_WANT_WRITE) {
        if (mw_loop_watch(t->ctx->loop, t->fd, r == MW_TLS_WANT_READ ? MW_EV_READ : MW_EV_WRITE, on_socket, t) < 0)
            transfer_fail(t, MW_ERR_GENERIC, "Cannot watch the connection (%s).", strerror(errno));
        return;
    }
    if (r == MW_TLS_UNTRUSTED) {
        transfer_fail(t, MW_ERR_TLS, "%s\nTo connect to %s insecurely, use `--no-check-certificate'.", err, t->url.host);
        return;
    }
    if (r != MW_TLS_OK) { /* as wget: no retry, the next handshake would fail the same way */
        transfer_fail(t, MW_ERR_NETWORK, "%s", err);
        return;
    }
    if (err[0]) /* --no-check-certificate: say what would have failed */
        transfer_log(t, MW_LOG_ERROR, "%s", err);
    const char *pin = t->ctx->opts->pinned_pubkey;
    err[0] = '\0';
    if (pin && !mw_tls_matches_pin(t->tls, pin, err, sizeof err)) {
        transfer_fail(t, MW_ERR_TLS, "%s", err);
        return;
    }
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
        read_socket(t);
}

/* ---- resolving and connecting ---- */

static void log_connecting(mw_transfer *t, const mw_addr *addr, const char *outcome)
{
    const mw_url *to = peer(t);
    const char *what = t->proxy ? "proxy " : "";
    if (t->ctx->opts->unix_socket) {
        transfer_log(t, MW_LOG_INFO, "Connecting to unix socket %s... %s", t->ctx->opts->unix_socket, outcome);
        return;
    }
    if (host_is_literal(to)) {
        bool v6 = to->host_is_ipv6;
        transfer_log(t, MW_LOG_INFO, "Connecting to %s%s%s%s:%u... %s", what, v6 ? "[" : "", to->host, v6 ? "]" : "",
               to->port, outcome);
        return;
    }
    char text[112];
    mw_addr_format(addr, text, sizeof text);
    transfer_log(t, MW_LOG_INFO, "Connecting to %s%s (%s)|%s|:%u... %s", what, to->host, to->host, text, to->port,
           outcome);
}

static void on_attempt(void *data, const mw_addr *addr, const char *err)
{
    mw_transfer *t = data;
    char outcome[160];
    if (err)
        snprintf(outcome, sizeof outcome, "failed: %s.", err);
    else
        snprintf(outcome, sizeof outcome, "connected.");
    log_connecting(t, addr, outcome);
}

/* --debug shows the request head, with credentials hidden. */
static void log_request(mw_transfer *t)
{
    if (!transfer_log_wanted(t, MW_LOG_DEBUG))
        return;
    transfer_log(t, MW_LOG_DEBUG, "\n---request begin---");
    const char *line = t->request, *end = t->request + t->request_len, *eol;
    while (line < end && (eol = memmem(line, (size_t)(end - line), "\r\n", 2)) && eol > line) {
        int len = (int)(eol - line);
        if (!strncasecmp(line, "Authorization:", 14) || !strncasecmp(line, "Proxy-Authorization:", 20))
            len = (int)((const char *)memchr(line, ':', (size_t)len) - line) + 1;
        transfer_log(t, MW_LOG_DEBUG, "%.*s%s", len, line, len < (int)(eol - line) ? " <hidden>" : "");
        line = eol + 2;
    }
    transfer_log(t, MW_LOG_DEBUG, "---request end---");
}

/* Composes the request for t->url on the new or reused connection. */
static bool prepare_request(mw_transfer *t)
{
    const mw_options *o = t->ctx->opts;
    if (o->auth_no_challenge && !t->authorization) {
        const char *user, *password;
        char *owned[2];
        if (transfer_credentials(t, &user, &password, owned))
            t->authorization = mw_auth_basic(user, password);
        free(owned[0]);
        free(owned[1]);
    }
    /* Partial bytes from an earlier try, or an existing file under -c:
     * ask for the rest, of the same version only (If-Range). */
    int64_t offset = t->sink_open ? t->sink.written : t->resume_from;
    /* a range of a compressed body would not continue the decoded bytes */
    t->range_requested = offset > 0 && !t->spider && o->compression == MW_COMPRESSION_NONE;
    int64_t range_to = -1;
    if (t->lead) { /* a part: its range, less what it already has */
        offset = t->part_start + (t->sink_open ? t->sink.written : 0);
        range_to = t->part_end;
        t->range_requested = true;
    } else if (t->chunking) {
        range_to = (int64_t)o->chunk_size - 1;
        t->range_requested = true;
    }
    const char *method = transfer_method(t);
    bool direct_tls = t->url.scheme == MW_SCHEME_HTTPS;
    mw_request_plan plan = {
        .method = method,
        .url = &t->url,
        .absolute_form = t->proxy && !direct_tls,
        .with_body = o->body && !t->as_get && !t->spider,
        .authorization = t->authorization,
        .proxy_authorization = t->proxy && !direct_tls ? t->proxy->authorization : NULL,
        .range = t->range_requested,
        .range_from = offset,
        .range_to = range_to,
        .if_range = t->lead ? t->lead->validator : t->validator,
        .if_modified_since = t->replace_existing && !t->range_requested ? t->local_mtime : 0,
        .without_secret_headers = !transfer_at_home(t),
    };
    t->auth_sent = t->authorization != NULL;
    char *cookie = t->ctx->cookies ? mw_cookies_header(t->ctx->cookies, &t->url, time(NULL)) : NULL;
    plan.cookie = cookie;
    free(t->request);
    t->request = mw_request_compose(o, t->ctx->user_agent, &plan, &t->request_len);
    free(cookie);
    if (!t->request) {
        transfer_fail(t, MW_ERR_GENERIC, "Out of memory.");
        return false;
    }
    log_request(t);
    t->request_sent = 0;
    t->head_bytes = 0;
    mw_http_parser_init(&t->parser, !strcasecmp(method, "HEAD"), write_body, t);
    return true;
}

static void start_tls(mw_transfer *t)
{
    char why[256];
    mw_tls_ctx *tls_ctx = mw_ctx_tls(t->ctx, why, sizeof why);
    if (!tls_ctx) {
        transfer_fail(t, MW_ERR_GENERIC, "%s", why);
        return;
    }
    t->tls = mw_tls_new(tls_ctx, t->fd, t->url.host);
    if (!t->tls) {
        transfer_fail(t, MW_ERR_GENERIC, "Out of memory.");
        return;
    }
    t->state = T_HANDSHAKING;
    handshake(t);
}

static void on_tunnel(void *data, int status, const char *reason, const char *err)
{
    mw_transfer *t = data;
    t->tunnel = NULL;
    if (status == 0)
        transfer_fail_retryable(t, MW_ERR_NETWORK, "Proxy tunneling failed: %s.", err);
    else if (status == 407)
        transfer_fail(t, MW_ERR_AUTH, "Proxy tunneling failed: %d %s.", status, reason);
    else if (status < 200 || status >= 300)
        transfer_fail(t, MW_ERR_SERVER, "Proxy tunneling failed: %d %s.", status, reason);
    else
        start_tls(t);
}

static void start_tunnel(mw_transfer *t)
{
    const mw_options *o = t->ctx->opts;
    t->state = T_TUNNELING;
    t->tunnel = mw_tunnel_start(t->ctx->loop, t->fd, &t->url, o->user_agent ? o->user_agent : t->ctx->user_agent,
                                t->proxy->authorization, o->read_timeout_ms, on_tunnel, t);
    if (!t->tunnel)
        transfer_fail(t, MW_ERR_GENERIC, "Out of memory.");
}

static void on_connected(void *data, int fd, const mw_addr *addr, const char *err)
{
    mw_transfer *t = data;
    t->connector = NULL;
    if (fd < 0) {
        /* Each attempt was reported in verbose mode; -nv gets the outcome. */
        transfer_name_failed_url(t);
        transfer_log(t, MW_LOG_NOTICE, "failed: %s.", err);
        bool refused = err && strcmp(err, strerror(ECONNREFUSED)) == 0;
        if (refused && !t->ctx->opts->retry_connrefused)
            transfer_finish(t, MW_ERR_NETWORK); /* as wget: a refusal is an answer */
        else
            transfer_fail_retryable(t, MW_ERR_NETWORK, "Cannot connect to %s:%u.", peer(t)->host, peer(t)->port);
        return;
    }
    t->fd = fd;
    if (!prepare_request(t))
        return;
    if (t->url.scheme == MW_SCHEME_HTTPS && !t->tls) {
        if (t->proxy)
            start_tunnel(t);
        else
            start_tls(t);
        return;
    }
    t->state = T_SENDING;
    write_request(t); /* a fresh or idle socket almost always takes the request at once */
}

static void on_resolved(void *data, const mw_addr_list *addrs, const char *err)
{
    mw_transfer *t = data;
    t->dns_query = NULL;
    bool literal = host_is_literal(peer(t));
    if (!addrs) {
        if (!literal)
            transfer_log(t, MW_LOG_INFO, "Resolving %s (%s)... failed: %s.", peer(t)->host, peer(t)->host, err);
        transfer_fail(t, MW_ERR_NETWORK, "mini-wget: unable to resolve host address ‘%s’", peer(t)->host);
        return;
    }
    if (!literal) {
        char list[MW_MAX_ADDRS * 48] = "";
        size_t used = 0;
        for (size_t i = 0; i < addrs->count && used < sizeof list; i++) {
            char text[64];
            mw_addr_format(&addrs->addrs[i], text, sizeof text);
            used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", text);
        }
        transfer_log(t, MW_LOG_INFO, "Resolving %s (%s)... %s", peer(t)->host, peer(t)->host, list);
    }
    t->state = T_CONNECTING;
    t->connector = mw_connect_start(t->ctx->loop, addrs, &t->ctx->bind_addr, t->ctx->opts->connect_timeout_ms, on_attempt,
                                    on_connected, t);
    if (!t->connector)
        transfer_fail(t, MW_ERR_GENERIC, "Out of memory.");
}

static void on_reuse(mw_loop *loop, void *data)
{
    mw_transfer *t = data;
    t->start_timer = 0;
    int fd = t->fd;
    t->fd = -1;
    on_connected(t, fd, NULL, NULL);
}

static void resolve(mw_transfer *t)
{
    t->state = T_RESOLVING;
    t->reused = false;
    t->max_uses = -1;
    const mw_options *o = t->ctx->opts;
    if (o->unix_socket) {
        mw_addr_list list = { .count = 1 };
        mw_addr_from_unix_path(o->unix_socket, &list.addrs[0]); /* its length was checked with the options */
        t->state = T_CONNECTING;
        t->connector = mw_connect_start(t->ctx->loop, &list, NULL, o->connect_timeout_ms, on_attempt, on_connected, t);
        if (!t->connector)
            transfer_fail(t, MW_ERR_GENERIC, "Out of memory.");
        return;
    }
    t->dns_query = mw_dns_resolve(t->ctx->dns, peer(t)->host, peer(t)->port, o->family, o->dns_timeout_ms, on_resolved, t);
    if (!t->dns_query)
        transfer_fail(t, MW_ERR_GENERIC, "Out of memory.");
}

void transfer_begin(mw_transfer *t)
{
    if (mw_hsts_upgrade(t->ctx->hsts, &t->url, time(NULL)))
        transfer_log(t, MW_LOG_INFO, "URL transformed to HTTPS due to an HSTS policy");
    if (t->ctx->opts->https_only && t->url.scheme != MW_SCHEME_HTTPS) {
        char *text = mw_url_to_string(&t->url);
        t->start_timer = mw_loop_timer(t->ctx->loop, 0, on_refused_by_https_only, t); /* never inside start */
        transfer_log(t, MW_LOG_ERROR, "%s: refused by --https-only.", text ? text : "URL");
        free(text);
        return;
    }
    if (t->spider && !t->ctx->opts->recursive && t->attempt == 1 && !t->redirects)
        transfer_log(t, MW_LOG_INFO, "Spider mode enabled. Check if remote file exists.");
    if (transfer_log_wanted(t, MW_LOG_INFO)) {
        char *shown = mw_url_to_string(&t->url), stamp[32];
        mw_format_timestamp(time(NULL), stamp, sizeof stamp);
        if (t->attempt > 1)
            transfer_log(t, MW_LOG_INFO, "--%s--  (try:%2d)  %s", stamp, t->attempt, shown ? shown : "");
        else
            transfer_log(t, MW_LOG_INFO, "--%s--  %s", stamp, shown ? shown : "");
        free(shown);
    }
    t->surplus = false;
    t->proxy = mw_ctx_proxy_for(t->ctx, &t->url);
    int fd = mw_pool_take(t->ctx->pool, pool_key(t), &t->tls, &t->max_uses);
    if (fd < 0) {
        resolve(t);
        return;
    }
    bool v6 = peer(t)->host_is_ipv6;
    transfer_log(t, MW_LOG_INFO, "Reusing existing connection to %s%s%s:%u.", v6 ? "[" : "", peer(t)->host,
           v6 ? "]" : "", peer(t)->port);
    t->state = T_CONNECTING;
    t->reused = true;
    t->fd = fd;
    t->start_timer = mw_loop_timer(t->ctx->loop, 0, on_reuse, t); /* callbacks never run inside start */
}

/* A pooled connection the server closed meanwhile fails before any byte
 * of the response: try once more on a new connection, as browsers do. */
static bool retry_stale_connection(mw_transfer *t)
{
    if (!t->reused || t->head_bytes > 0)
        return false;
    transfer_log(t, MW_LOG_DEBUG, "The reused connection was closed by the server; connecting again.");
    close_connection(t);
    resolve(t);
    return true;
}

static void on_refused_by_https_only(mw_loop *loop, void *data)
{
    mw_transfer *t = data;
    t->start_timer = 0;
    transfer_finish(t, MW_ERR_GENERIC);
}

mw_transfer *transfer_new(mw_ctx *ctx, const mw_url *url, mw_transfer_done_cb done, void *data)
{
    mw_transfer *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->buf = malloc(MW_READ_BUFFER);
    if (!t->buf || mw_url_copy(url, &t->original) != MW_URL_OK || mw_url_copy(url, &t->url) != MW_URL_OK) {
        mw_url_free(&t->original);
        free(t->buf);
        free(t);
        return NULL;
    }
    t->ctx = ctx;
    t->fd = -1;
    t->part_fd = -1;
    t->done = done;
    t->done_data = data;
    t->attempt = 1;
    t->body_total = -1;
    t->resume_expected = -1;
    t->failed_range_at = -1;
    t->spider = ctx->opts->spider;
    return t;
}

mw_transfer *mw_transfer_start(mw_ctx *ctx, const mw_url *url, mw_transfer_done_cb done, void *data)
{
    return mw_transfer_start_with(ctx, url, 0, done, data);
}

mw_transfer *mw_transfer_start_with(mw_ctx *ctx, const mw_url *url, unsigned flags, mw_transfer_done_cb done, void *data)
{
    mw_transfer *t = transfer_new(ctx, url, done, data);
    if (t && (flags & MW_TRANSFER_GET_EVEN_IF_SPIDER))
        t->spider = false;
    if (t) {
        t->away_from_home = flags & MW_TRANSFER_AWAY_FROM_HOME;
        t->temporary = (flags & MW_TRANSFER_TEMPORARY) || ctx->opts->delete_after;
    }
    if (t && transfer_look_at_existing_file(t)) {
        t->chunking = transfer_may_chunk(t);
        transfer_begin(t);
    }
    return t;
}

/* ---- the parts of a chunked download ---- */

const mw_url *mw_transfer_final_url(const mw_transfer *t)
{
    return &t->url;
}

const char *mw_transfer_saved_path(const mw_transfer *t)
{
    return t->saved_path;
}

const char *mw_transfer_content_type(const mw_transfer *t)
{
    return t->content_type;
}

int64_t mw_transfer_bytes(const mw_transfer *t)
{
    return t->bytes_written;
}

void mw_transfer_result(mw_transfer *t, mw_status status, mw_url_result *result)
{
    for (int i = 0; i < 2; i++)
        if (!t->url_texts[i])
            t->url_texts[i] = mw_url_to_string(i == 0 ? &t->original : &t->url);
    const char *error = t->error;
    if (!error && status != MW_OK)
        error = status == MW_ERR_SERVER && t->http_status ? "the server answered with an error" : "failed";
    *result = (mw_url_result){
        .url = t->url_texts[0],
        .final_url = t->url_texts[1],
        .http_status = t->http_status,
        .exit_class = status,
        .saved_path = t->saved_path,
        .body_saved = t->body_saved,
        .bytes = t->body_bytes,
        .body_ms = t->body_ms,
        .retries = t->attempt - 1,
        .error = status == MW_OK ? NULL : error,
    };
}

void mw_transfer_interrupt(mw_transfer *t)
{
    if (t->state == T_DONE)
        return;
    if (t->sink_open && t->sink.owned) {
        int64_t kept = t->parts ? transfer_valid_prefix(t) : t->sink.written;
        if (kept > 0)
            transfer_log(t, MW_LOG_ERROR, "\nInterrupted: ‘%s’ is kept with %lld bytes, marked incomplete; -c resumes it.",
                         t->sink.display, (long long)kept);
        else
            transfer_log(t, MW_LOG_ERROR, "\nInterrupted: ‘%s’ got no bytes and is removed.", t->sink.display);
    } else {
        transfer_log(t, MW_LOG_ERROR, "\nInterrupted.");
    }
    transfer_finish(t, MW_ERR_GENERIC);
}

void mw_transfer_free(mw_transfer *t)
{
    if (!t)
        return;
    mw_url_free(&t->original);
    mw_url_free(&t->url);
    mw_url_free(&t->redirect_to);
    free(t->validator);
    free(t->authorization);
    free(t->saved_path);
    free(t->existing_path);
    free(t->error);
    free(t->url_texts[0]);
    free(t->url_texts[1]);
    free(t->judged_path);
    free(t->content_type);
    mw_inflate_free(t->inflater);
    free(t->buf);
    free(t);
}
