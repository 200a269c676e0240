/* transfer_read: reading a response off the connection: the head (handed
 * to transfer_head.c), then the body into the sink (spliced when it can
 * be, decoded when compressed, paced by --limit-rate) or dropped while
 * draining; the end of the body, and the read timeout (-T) that bounds
 * every wait on the server. */
#include "transfer_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "miniwget/format.h"

/* A smaller body is cheaper with one read and one write than with a pipe
 * to set up and two splices: it fits the read buffer. */
#define MW_SPLICE_MIN (64 * 1024)

static bool throttled(mw_transfer *t);
static size_t read_quantum(mw_transfer *t, size_t want);

static void on_readable(mw_loop *loop, int fd, unsigned events, void *data)
{
    mw_xfer_read_socket(data);
}

/* Body bytes are read in both: a body to save, or a short one to drop. */
static bool reading_body(const mw_transfer *t)
{
    return t->state == T_READING_BODY || t->state == T_DRAINING;
}

static int write_decoded(void *data, const char *buf, size_t len)
{
    mw_transfer *t = data;
    return mw_sink_write(&t->body.sink, buf, len);
}

/* Body bytes as they came off the wire: decoded first when compressed. */
int mw_xfer_write_body(void *data, const char *buf, size_t len)
{
    mw_transfer *t = data;
    if (t->state == T_DRAINING) /* a chunked body read only to reuse the connection: dropped, within its bound */
        return (t->body.body_remaining -= (int64_t)len) < 0 ? -1 : 0;
    if (!t->body.inflater)
        return mw_sink_write(&t->body.sink, buf, len);
    mw_inflate_result r = mw_inflate_feed(t->body.inflater, buf, len, write_decoded, t);
    t->body.corrupt_encoding = r == MW_INFLATE_CORRUPT;
    return r == MW_INFLATE_OK ? 0 : -1;
}

static void corrupt_body(mw_transfer *t)
{
    mw_xfer_fail(t, MW_ERR_PROTOCOL, "The compressed body is corrupt (%s).", mw_inflate_error(t->body.inflater));
}

/* Handles bytes that belong to the body; false when the transfer ended. */
static bool consume_body(mw_transfer *t, const char *buf, size_t len)
{
    if (t->resp.parser.resp.framing == MW_BODY_LENGTH) {
        size_t take = (int64_t)len > t->body.body_remaining ? (size_t)t->body.body_remaining : len;
        t->link.surplus = t->link.surplus || take < len;
        mw_warc_exchange_body(t->warc, buf, take);
        if (t->state == T_DRAINING) {
            t->body.body_remaining -= (int64_t)take;
            if (t->body.body_remaining == 0)
                mw_xfer_go_next(t);
            return false;
        }
        /* the bytes that end the body need no incomplete mark (a lead's do: parts follow) */
        bool last = (int64_t)take == t->body.body_remaining && !t->body.inflater && !t->parts.chunking;
        if (take && (last ? mw_sink_write_last(&t->body.sink, buf, take) : mw_xfer_write_body(t, buf, take)) < 0) {
            if (t->body.corrupt_encoding)
                corrupt_body(t);
            else
                mw_xfer_body_write_failed(t);
            return false;
        }
        t->body.body_remaining -= (int64_t)take;
        if (t->body.body_remaining == 0) {
            mw_xfer_complete(t);
            return false;
        }
        return true;
    }
    size_t used = 0;
    mw_http_result result = mw_http_parser_feed(&t->resp.parser, buf, len, &used);
    mw_warc_exchange_body(t->warc, buf, used);
    if (t->state == T_DRAINING && result != MW_HTTP_MORE) { /* dropped whole, or not worth reading on */
        t->link.surplus = t->link.surplus || result == MW_HTTP_ERROR || used < len;
        mw_xfer_go_next(t);
        return false;
    }
    switch (result) {
    case MW_HTTP_MSG_DONE:
        t->link.surplus = t->link.surplus || used < len;
        mw_xfer_complete(t);
        return false;
    case MW_HTTP_ERROR:
        if (t->body.corrupt_encoding)
            corrupt_body(t);
        else if (t->body.sink.error[0])
            mw_xfer_body_write_failed(t);
        else
            mw_xfer_fail(t, MW_ERR_PROTOCOL, "Malformed response body: %s.", mw_http_error(&t->resp.parser));
        return false;
    default:
        return true;
    }
}

/* ---- socket I/O ---- */

static void on_read_timeout(mw_loop *loop, void *data)
{
    mw_transfer *t = data;
    t->resp.read_timer = 0;
    uint64_t limit = t->ctx->opts->read_timeout_ms;
    uint64_t idle = mw_now_ms() - t->resp.last_read_ms;
    if (t->body.throttle_timer) /* --limit-rate's pause is ours: the wait starts again when reading does */
        idle = 0;
    if (idle < limit) { /* data came meanwhile: wait for the rest of the period */
        t->resp.read_timer = mw_loop_timer(loop, limit - idle, on_read_timeout, t);
        return;
    }
    if (t->state == T_HANDSHAKING)
        mw_xfer_fail_retryable(t, MW_ERR_NETWORK, "Unable to establish SSL connection (%s).", strerror(ETIMEDOUT));
    else if (t->state == T_SENDING)
        mw_xfer_fail_retryable(t, MW_ERR_NETWORK, "Write failed, closing control connection (%s).",
                                strerror(ETIMEDOUT));
    else if (reading_body(t))
        mw_xfer_fail_retryable(t, MW_ERR_NETWORK, "Read error at byte %lld (%s).", (long long)t->body.sink.written, strerror(ETIMEDOUT));
    else
        mw_xfer_fail_retryable(t, MW_ERR_NETWORK, "Read error (%s) in headers.", strerror(ETIMEDOUT));
}

/* The read timeout (-T) bounds every wait on the server once connected:
 * the TLS handshake, the request and its body going out, the response.
 * One timer per connection; progress moves last_read_ms and the timer
 * re-arms itself from there. */
void mw_xfer_watch_inactivity(mw_transfer *t)
{
    t->resp.last_read_ms = mw_now_ms();
    if (t->ctx->opts->read_timeout_ms && !t->resp.read_timer)
        t->resp.read_timer = mw_loop_timer(t->ctx->loop, t->ctx->opts->read_timeout_ms, on_read_timeout, t);
}

static void handle_eof(mw_transfer *t)
{
    if (t->state == T_READING_HEAD && mw_xfer_retry_stale_connection(t))
        return;
    if (t->state == T_READING_HEAD) {
        mw_xfer_log(t, MW_LOG_INFO, "HTTP request sent, awaiting response... ");
        mw_xfer_fail_retryable(t, MW_ERR_NETWORK, t->resp.head_bytes ? "Connection closed before the end of the response head."
                                                        : "No data received.");
        return;
    }
    const mw_http_response *r = &t->resp.parser.resp;
    if (r->framing == MW_BODY_LENGTH) {
        mw_xfer_fail_retryable(t, MW_ERR_NETWORK, "Connection closed at byte %lld of %lld; the file is incomplete.",
                       (long long)t->body.sink.written, (long long)t->body.body_total);
        return;
    }
    if (mw_http_parser_eof(&t->resp.parser) == MW_HTTP_MSG_DONE) {
        mw_xfer_complete(t);
        return;
    }
    mw_xfer_fail_retryable(t, MW_ERR_NETWORK, "Connection closed at byte %lld before the end of the body; the file is incomplete.",
                   (long long)t->body.sink.written);
}

static void read_head(mw_transfer *t, size_t n)
{
    size_t used = 0;
    t->resp.head_bytes += n;
    mw_http_result parsed = mw_http_parser_feed(&t->resp.parser, t->resp.buf, n, &used);
    mw_warc_exchange_head(t->warc, t->resp.buf, used);
    switch (parsed) {
    case MW_HTTP_MORE:
        return;
    case MW_HTTP_ERROR:
        mw_xfer_log(t, MW_LOG_INFO, "HTTP request sent, awaiting response... ");
        mw_xfer_fail(t, MW_ERR_PROTOCOL, "Malformed response: %s.", mw_http_error(&t->resp.parser));
        return;
    default:
        break;
    }
    bool body = mw_xfer_handle_head(t, n - used);
    bool chunked_drain = t->state == T_DRAINING && t->resp.parser.resp.framing == MW_BODY_CHUNKED;
    if ((body || chunked_drain) && used < n)
        consume_body(t, t->resp.buf + used, n - used);
}

/* The zero-copy path for Content-Length bodies going to a regular file.
 * Returns false when it cannot be used, so the caller reads and writes. */
static bool splice_body(mw_transfer *t)
{
    for (int round = 0; round < 64 && t->state == T_READING_BODY && !throttled(t); round++) {
        size_t moved;
        size_t want = t->body.body_remaining < (int64_t)(1 << 20) ? (size_t)t->body.body_remaining : (size_t)(1 << 20);
        want = read_quantum(t, want);
        switch (mw_sink_splice(&t->body.sink, t->link.conn.fd, want, &moved)) {
        case MW_SPLICE_MOVED:
            t->resp.last_read_ms = mw_now_ms();
            t->body.body_remaining -= (int64_t)moved;
            if (t->body.body_remaining == 0)
                mw_xfer_complete(t);
            break;
        case MW_SPLICE_AGAIN:
            return true;
        case MW_SPLICE_EOF:
            handle_eof(t);
            return true;
        case MW_SPLICE_READ_ERROR:
            mw_xfer_fail_retryable(t, MW_ERR_NETWORK, "Read error at byte %lld (%s).", (long long)t->body.sink.written, strerror(errno));
            return true;
        case MW_SPLICE_WRITE_ERROR:
            mw_xfer_body_write_failed(t);
            return true;
        case MW_SPLICE_UNSUPPORTED:
            return false;
        }
    }
    return true;
}

static void on_throttle_over(mw_loop *loop, void *data)
{
    mw_transfer *t = data;
    t->body.throttle_timer = 0;
    t->resp.last_read_ms = mw_now_ms(); /* waiting on ourselves is not the server's silence */
    if (mw_loop_watch(loop, t->link.conn.fd, MW_EV_READ, on_readable, t) < 0) {
        mw_xfer_fail(t, MW_ERR_GENERIC, "Cannot watch the connection (%s).", strerror(errno));
        return;
    }
    mw_xfer_read_socket(t);
}

/* --limit-rate: when the body is ahead of its pace, stop reading (the
 * kernel's window then slows the sender) until the pace catches up. */
static bool throttled(mw_transfer *t)
{
    uint64_t rate = t->ctx->opts->limit_rate;
    if (!rate || !reading_body(t) || t->body.throttle_timer)
        return t->body.throttle_timer != 0;
    uint64_t elapsed = mw_now_ms() - t->body.body_started_ms;
    uint64_t due = (uint64_t)(t->body.sink.written - t->body.body_start_written) * 1000u / rate;
    if (due <= elapsed)
        return false;
    mw_loop_unwatch(t->ctx->loop, t->link.conn.fd);
    t->body.throttle_timer = mw_loop_timer(t->ctx->loop, due - elapsed, on_throttle_over, t);
    return true;
}

/* The most to read at once: under --limit-rate, a tenth of a second's worth. */
static size_t read_quantum(mw_transfer *t, size_t want)
{
    uint64_t rate = t->ctx->opts->limit_rate;
    if (rate && reading_body(t)) {
        uint64_t tenth = rate / 10 < 1024 ? 1024 : rate / 10;
        if (want > tenth)
            want = (size_t)tenth;
    }
    return want;
}

static void on_more(mw_loop *loop, void *data)
{
    mw_transfer *t = data;
    t->resp.more_timer = 0;
    mw_xfer_read_socket(t);
}

void mw_xfer_read_socket(mw_transfer *t)
{
    if (t->state == T_READING_BODY && t->resp.parser.resp.framing == MW_BODY_LENGTH && !t->link.conn.tls &&
        !t->body.inflater && !t->warc && t->body.body_remaining >= MW_SPLICE_MIN && splice_body(t))
        return;
    /* Bounded work per wake-up keeps other fds served on a fast link. */
    for (int round = 0; round < 16 && (t->state == T_READING_HEAD || reading_body(t)); round++) {
        if (throttled(t))
            return;
        size_t want = read_quantum(t, MW_READ_BUFFER);
        if (reading_body(t) && t->resp.parser.resp.framing == MW_BODY_LENGTH && t->body.body_remaining < (int64_t)want)
            want = (size_t)t->body.body_remaining;
        ssize_t n = mw_conn_recv(&t->link.conn, t->resp.buf, want);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return;
            if (reading_body(t))
                mw_xfer_fail_retryable(t, MW_ERR_NETWORK, "Read error at byte %lld (%s).", (long long)t->body.sink.written,
                               mw_conn_error(&t->link.conn, errno));
            else if (!mw_xfer_retry_stale_connection(t))
                mw_xfer_fail_retryable(t, MW_ERR_NETWORK, "Read error (%s) in headers.", mw_conn_error(&t->link.conn, errno));
            return;
        }
        if (n == 0) {
            handle_eof(t);
            return;
        }
        t->resp.last_read_ms = mw_now_ms();
        if (t->state == T_READING_HEAD)
            read_head(t, (size_t)n);
        else if (!consume_body(t, t->resp.buf, (size_t)n))
            return;
    }
    /* The round ended with data maybe still waiting, possibly inside the TLS
     * session where epoll cannot see it: come back on the next loop round. */
    if ((t->state == T_READING_HEAD || reading_body(t)) && !t->resp.more_timer && !t->body.throttle_timer)
        t->resp.more_timer = mw_loop_timer(t->ctx->loop, 0, on_more, t);
}
