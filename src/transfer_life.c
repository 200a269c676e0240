/* transfer_life: a transfer's life and its transitions that every step
 * shares: made and freed; finished (the file kept, marked or removed);
 * failed, for good or to try again after a pause; on to the next request
 * (a redirect, an answered challenge, a file the server named) once this
 * response's body is read; started again from zero when partial bytes
 * cannot be trusted. Starting a request is the machine's (transfer.c):
 * it is reached through t->ops, the callbacks transfer.c gave. */
#include "transfer_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "h2.h"
#include "pool.h"

#define MW_REDIRECT_DRAIN_MAX (64 * 1024) /* a longer redirect body is not worth reading to keep the connection */
#define MW_MAX_RESTARTS 3 /* a server that changes the file under every resume is not chased for ever */

/* Cancels one of t's timers and marks it as none. */
static void cancel_timer(mw_transfer *t, mw_timer_id *id)
{
    mw_loop_cancel(t->ctx->loop, *id);
    *id = 0;
}

mw_transfer *mw_xfer_new(mw_ctx *ctx, const mw_url *url, const transfer_ops *ops, mw_transfer_done_cb done, void *data)
{
    mw_transfer *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->resp.buf = malloc(MW_READ_BUFFER);
    if (!t->resp.buf || mw_url_copy(url, &t->original) != MW_URL_OK || mw_url_copy(url, &t->url) != MW_URL_OK) {
        mw_url_free(&t->original);
        free(t->resp.buf);
        free(t);
        return NULL;
    }
    t->ctx = ctx;
    t->ops = ops;
    t->link.conn = MW_CONN_NONE;
    t->parts.part_fd = -1;
    t->done = done;
    t->done_data = data;
    t->retry.attempt = 1;
    t->body.body_total = -1;
    t->resume.resume_expected = -1;
    t->parts.failed_range_at = -1;
    t->spider = ctx->opts->spider;
    t->started_ms = mw_now_ms();
    return t;
}

void mw_xfer_close_connection(mw_transfer *t)
{
    mw_h2_release(t->link.h2); /* before the request text its body is borrowed from */
    t->link.h2 = NULL;
    mw_tunnel_cancel(t->link.tunnel);
    t->link.tunnel = NULL;
    mw_conn_close(&t->link.conn, t->ctx->loop);
    cancel_timer(t, &t->resp.more_timer);
    cancel_timer(t, &t->body.throttle_timer);
    cancel_timer(t, &t->resp.read_timer);
    mw_http_parser_free(&t->resp.parser);
    free(t->req.request);
    t->req.request = NULL;
    mw_warc_exchange_end(t->warc); /* the response is read, or given up: its records are written */
    t->warc = NULL;
}

/* After a response read to its end: keep the connection for the next
 * request when the server allows it, close it otherwise. */
void mw_xfer_release_connection(mw_transfer *t)
{
    const mw_http_response *r = &t->resp.parser.resp;
    /* Bytes past the response, on the socket (the pool sees those) or
     * already decrypted inside the TLS session (it cannot): not reusable. */
    t->link.surplus = t->link.surplus || mw_conn_has_pending(&t->link.conn);
    if (t->link.conn.fd >= 0 && r->keep_alive && !t->link.surplus && t->ctx->opts->keep_alive) {
        const char *ka = mw_http_header(r, "Keep-Alive");
        const char *max = ka ? strstr(ka, "max=") : NULL;
        int uses = max ? atoi(max + 4) : t->link.max_uses < 0 ? -1 : t->link.max_uses - 1;
        mw_pool_put(t->ctx->pool, mw_xfer_pool_key(t), &t->link.conn, uses);
    }
    mw_xfer_close_connection(t);
}

/* Ends the transfer; the done callback runs last, and may free t. */
void mw_xfer_finish(mw_transfer *t, mw_status status)
{
    if (t->state == T_DONE)
        return;
    t->state = T_DONE;
    t->result.status = status;
    mw_dns_cancel(t->link.dns_query);
    t->link.dns_query = NULL;
    mw_connect_cancel(t->link.connector);
    t->link.connector = NULL;
    cancel_timer(t, &t->body.progress_timer);
    cancel_timer(t, &t->link.start_timer);
    cancel_timer(t, &t->retry.retry_timer);
    t->result.bytes_written = mw_xfer_file_bytes(t);
    int64_t valid = t->parts.running ? mw_xfer_valid_prefix(t) : -1;
    mw_xfer_stop_parts(t); /* before the file is cut back to its valid bytes */
    if (t->body.sink_open) {
        if (status != MW_OK && !t->body.completed)
            mw_sink_abort(&t->body.sink, valid);
        mw_sink_free(&t->body.sink);
        t->body.sink_open = false;
    }
    mw_xfer_close_connection(t);
    mw_inflate_free(t->body.inflater);
    t->body.inflater = NULL;
    if (t->parts.part_fd >= 0)
        close(t->parts.part_fd);
    t->parts.part_fd = -1;
    t->done(t->done_data, status);
}

/* Keeps the failure's message for the URL's result (its first line, trimmed). */
void mw_xfer_remember_error(mw_transfer *t, const char *msg)
{
    while (*msg == '\n')
        msg++;
    free(t->result.error);
    t->result.error = strndup(msg, strcspn(msg, "\n"));
}

static void report_failure(mw_transfer *t, const char *fmt, va_list ap)
{
    mw_xfer_name_failed_url(t);
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    mw_xfer_log(t, MW_LOG_ERROR, "%s", msg);
    mw_xfer_remember_error(t, msg);
}

void mw_xfer_fail(mw_transfer *t, mw_status status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_failure(t, fmt, ap);
    va_end(ap);
    mw_xfer_finish(t, status);
}

void mw_xfer_finish_after_body(mw_transfer *t, mw_status status, size_t leftover)
{
    const mw_http_response *r = &t->resp.parser.resp;
    t->next.reason = NEXT_DONE;
    t->next.final_status = status;
    if (!r->keep_alive || !t->ctx->opts->keep_alive || t->link.surplus) { /* nothing to keep: no body worth reading */
        t->link.surplus = true;
        mw_xfer_go_next(t);
        return;
    }
    mw_xfer_next_request_after_body(t, leftover);
}

void mw_xfer_fail_after_body(mw_transfer *t, mw_status status, size_t leftover, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_failure(t, fmt, ap);
    va_end(ap);
    mw_xfer_finish_after_body(t, status, leftover);
}

static void on_retry(mw_loop *loop, void *data)
{
    mw_transfer *t = data;
    t->retry.retry_timer = 0;
    t->ops->begin(t);
}

/* Tries again after wait_ms when attempts are left (-t), else fails for good. */
void mw_xfer_fail_retryable_in(mw_transfer *t, mw_status status, uint64_t wait_ms, const char *why, const char *msg)
{
    const mw_options *o = t->ctx->opts;
    bool again = o->tries == 0 || t->retry.attempt < o->tries;
    if (t->state == T_DRAINING) { /* the answer is in, its body only dropped: the connection is lost, not the step (wget) */
        t->link.surplus = true;
        mw_xfer_go_next(t);
        return;
    }
    mw_xfer_name_failed_url(t);
    if (!again) {
        mw_xfer_fail(t, status, "%s Giving up.\n", msg);
        return;
    }
    if (why)
        mw_xfer_log(t, MW_LOG_ERROR, "%s Retrying in %.*fs (%s).\n", msg, wait_ms % 1000 ? 1 : 0,
                    (double)wait_ms / 1000.0, why);
    else
        mw_xfer_log(t, MW_LOG_ERROR, "%s Retrying.\n", msg);
    mw_xfer_close_connection(t);
    cancel_timer(t, &t->body.progress_timer);
    t->state = T_WAITING_TO_RETRY;
    t->retry.attempt++;
    t->retry.retry_timer = mw_loop_timer(t->ctx->loop, wait_ms, on_retry, t);
}

/* A failure that another try may cure (wget's rules: network trouble, not
 * a refusal or an error answer). Partial bytes stay in the sink, so the next
 * try asks only for the rest. */
void mw_xfer_fail_retryable(mw_transfer *t, mw_status status, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    uint64_t wait = (uint64_t)t->retry.attempt * 1000; /* 1 s, 2 s, ... as wget */
    if (wait > t->ctx->opts->waitretry_ms)
        wait = t->ctx->opts->waitretry_ms;
    mw_xfer_fail_retryable_in(t, status, wait, NULL, msg);
}

void mw_xfer_body_write_failed(mw_transfer *t)
{
    mw_xfer_fail(t, MW_ERR_IO, "%s", t->body.sink.error);
}

void mw_xfer_go_next(mw_transfer *t)
{
    mw_xfer_release_connection(t);
    if (t->next.reason == NEXT_DONE) {
        t->next.reason = NEXT_NONE;
        mw_xfer_finish(t, t->next.final_status);
        return;
    }
    mw_url_free(&t->url);
    t->url = t->next.url;
    memset(&t->next.url, 0, sizeof t->next.url);
    if (t->next.reason == NEXT_REDIRECT) {
        t->next.redirects++;
        free(t->auth.authorization); /* an answer to one URL's challenge */
        t->auth.authorization = NULL;
    }
    t->next.reason = NEXT_NONE;
    t->ops->begin(t);
}

/* Sends the next request (for t->next.url) once the rest of this
 * response's body is read, so the connection can carry it: a short body
 * still on its way is read and dropped (a chunked one from the leftover
 * on, which transfer_read.c feeds it). */
void mw_xfer_next_request_after_body(mw_transfer *t, size_t leftover)
{
    const mw_http_response *r = &t->resp.parser.resp;
    /* A redirect or challenge answered to a HEAD: the connection is closed,
     * as wget closes it, for a server may send that answer's body anyway. */
    if ((t->next.reason == NEXT_REDIRECT || t->next.reason == NEXT_AUTHENTICATE) &&
        strcasecmp(mw_xfer_method(t), "HEAD") == 0)
        t->link.surplus = true;
    if (r->framing == MW_BODY_LENGTH && r->content_length > (int64_t)leftover &&
        r->content_length <= MW_REDIRECT_DRAIN_MAX) {
        t->body.body_remaining = r->content_length - (int64_t)leftover;
        t->state = T_DRAINING;
        return;
    }
    if (r->framing == MW_BODY_CHUNKED && !t->link.surplus) { /* up to its last chunk, as wget; the leftover too */
        t->body.body_remaining = MW_REDIRECT_DRAIN_MAX; /* the bytes it may take */
        t->state = T_DRAINING;
        return;
    }
    bool body_read = r->framing == MW_BODY_NONE || (r->framing == MW_BODY_LENGTH && (int64_t)leftover == r->content_length);
    t->link.surplus = t->link.surplus || !body_read;
    mw_xfer_go_next(t);
}

/* The partial bytes belong to another version of the file, or cannot be
 * vouched for: they are dropped and the whole file asked for again, on a
 * new connection (this response's body is not read). */
void mw_xfer_restart_from_zero(mw_transfer *t, const char *why)
{
    if (++t->resume.restarts > MW_MAX_RESTARTS) {
        mw_xfer_fail(t, MW_ERR_PROTOCOL, "%s; the file changed %d times while resuming, giving up.", why, MW_MAX_RESTARTS);
        return;
    }
    mw_xfer_log(t, MW_LOG_INFO, "%s; starting over.", why);
    if (t->body.sink_open && mw_sink_restart(&t->body.sink) < 0) {
        mw_xfer_body_write_failed(t);
        return;
    }
    t->resume.resume_from = 0; /* -c: the file is opened and cut back to nothing */
    t->resume.resume_expected = -1;
    t->body.body_total = -1;
    free(t->resume.validator);
    t->resume.validator = NULL;
    t->link.surplus = true;
    mw_xfer_release_connection(t);
    t->ops->begin(t);
}

static void free_now(mw_loop *loop, void *data)
{
    mw_transfer_free(data);
}

void mw_xfer_free_later(mw_transfer *t)
{
    mw_loop_timer(t->ctx->loop, 0, free_now, t);
}

static void ignore_done(void *data, mw_status status)
{
}

/* The lead failed: its parts stop writing before the file is cut back. */
void mw_xfer_stop_parts(mw_transfer *t)
{
    while (t->parts.nrunning > 0) {
        mw_transfer *p = t->parts.running[--t->parts.nrunning];
        p->done = ignore_done;
        mw_xfer_finish(p, MW_ERR_GENERIC);
        mw_xfer_free_later(p);
    }
    free(t->parts.running);
    t->parts.running = NULL;
}

/* ---- the parts of a chunked download ---- */

const mw_url *mw_transfer_final_url(const mw_transfer *t)
{
    return &t->url;
}

const char *mw_transfer_saved_path(const mw_transfer *t)
{
    return t->result.saved_path;
}

const char *mw_transfer_content_type(const mw_transfer *t)
{
    return t->result.content_type;
}

void mw_transfer_on_file_opened(mw_transfer *t, void (*cb)(void *data))
{
    t->file_opened = cb;
}

int64_t mw_transfer_bytes(const mw_transfer *t)
{
    return t->result.bytes_written;
}

void mw_transfer_result(mw_transfer *t, mw_status status, mw_url_result *result)
{
    for (int i = 0; i < 2; i++)
        if (!t->result.url_texts[i])
            t->result.url_texts[i] = mw_url_to_string(i == 0 ? &t->original : &t->url);
    const char *error = t->result.error;
    if (!error && status != MW_OK)
        error = status == MW_ERR_SERVER && t->resp.http_status ? "the server answered with an error" : "failed";
    *result = (mw_url_result){
        .url = t->result.url_texts[0],
        .final_url = t->result.url_texts[1],
        .http_status = t->resp.http_status,
        .exit_class = status,
        .saved_path = t->result.saved_path,
        .body_saved = t->result.body_saved,
        .bytes = t->result.body_bytes,
        .body_ms = t->result.body_ms,
        .retries = t->retry.attempt - 1,
        .error = status == MW_OK ? NULL : error,
        .sha256 = t->digest.sha256[0] && t->result.body_saved ? t->digest.sha256 : NULL,
        .elapsed_ms = mw_now_ms() - t->started_ms,
        .checksum = t->digest.verdict,
    };
}

void mw_transfer_interrupt(mw_transfer *t)
{
    if (t->state == T_DONE)
        return;
    if (t->body.sink_open && t->body.sink.owned) {
        int64_t kept = t->parts.running ? mw_xfer_valid_prefix(t) : t->body.sink.written;
        if (kept > 0)
            mw_xfer_log(t, MW_LOG_ERROR, "\nInterrupted: ‘%s’ is kept with %lld bytes, marked incomplete; -c resumes it.",
                         t->body.sink.display, (long long)kept);
        else
            mw_xfer_log(t, MW_LOG_ERROR, "\nInterrupted: ‘%s’ got no bytes and is removed.", t->body.sink.display);
    } else {
        mw_xfer_log(t, MW_LOG_ERROR, "\nInterrupted.");
    }
    mw_xfer_finish(t, MW_ERR_GENERIC);
}

void mw_transfer_free(mw_transfer *t)
{
    if (!t)
        return;
    mw_url_free(&t->original);
    mw_url_free(&t->url);
    mw_url_free(&t->next.url);
    free(t->resume.validator);
    free(t->auth.authorization);
    free(t->result.saved_path);
    free(t->resume.existing_path);
    free(t->result.error);
    free(t->result.url_texts[0]);
    free(t->result.url_texts[1]);
    free(t->resume.judged_path);
    free(t->result.content_type);
    mw_digests_free(t->digest.digests);
    mw_inflate_free(t->body.inflater);
    free(t->resp.buf);
    free(t);
}

/* A pooled connection the server closed meanwhile fails before any byte
 * of the response: try once more on a new connection, as browsers do. */
bool mw_xfer_retry_stale_connection(mw_transfer *t)
{
    if (!t->link.reused || t->resp.head_bytes > 0)
        return false;
    mw_xfer_log(t, MW_LOG_DEBUG, "The reused connection was closed by the server; connecting again.");
    t->ops->reconnect(t);
    return true;
}
