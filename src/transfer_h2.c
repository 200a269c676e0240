/* transfer_h2: a transfer's request as a stream of a shared HTTP/2
 * connection (see transfer_h2.h). The response head fills the same
 * mw_http_response the HTTP/1.1 parser fills, so redirects, auth, cookies,
 * -N, -c and --spider take the same steps (transfer_head.c); the body goes
 * to the same sink, decoded the same way. */
#include "transfer_h2.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "h2.h"
#include "strbuf.h"

#define MW_XFER_H2_HOLD (64 * 1024) /* a body up to this size comes before its head is acted on (<= MW_READ_BUFFER) */
#define MW_XFER_H2_RESENDS 5 /* a request the server did not take is sent again at once, this many times */

static const struct {
    int status;
    const char *reason;
} reasons[] = {
    { 200, "OK" }, { 201, "Created" }, { 202, "Accepted" }, { 203, "Non-Authoritative Information" },
    { 204, "No Content" }, { 206, "Partial Content" }, { 300, "Multiple Choices" }, { 301, "Moved Permanently" },
    { 302, "Found" }, { 303, "See Other" }, { 304, "Not Modified" }, { 307, "Temporary Redirect" },
    { 308, "Permanent Redirect" }, { 400, "Bad Request" }, { 401, "Unauthorized" }, { 403, "Forbidden" },
    { 404, "Not Found" }, { 405, "Method Not Allowed" }, { 407, "Proxy Authentication Required" },
    { 408, "Request Timeout" }, { 410, "Gone" }, { 416, "Requested Range Not Satisfiable" },
    { 429, "Too Many Requests" }, { 500, "Internal Server Error" }, { 501, "Not Implemented" },
    { 502, "Bad Gateway" }, { 503, "Service Unavailable" }, { 504, "Gateway Timeout" },
};

/* HTTP/2 has no reason phrase: wget's lines show the usual one. */
static const char *reason_of(int status)
{
    for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
        if (reasons[i].status == status)
            return reasons[i].reason;
    return "";
}

/* ---- the stream's events ---- */

/* "name\0value\0" into the response, as the HTTP/1.1 parser stores fields. */
static bool add_field(mw_http_response *r, const char *name, size_t name_len, const char *value, size_t value_len)
{
    size_t len = name_len + value_len + 2;
    if (r->nfields >= MW_HTTP_MAX_HEADERS || r->fields_len + len > MW_HTTP_MAX_HEAD)
        return false;
    if (mw_grow(&r->fields, &r->fields_cap, r->fields_len + len, 1, 1024) < 0)
        return false;
    char *p = r->fields + r->fields_len;
    memcpy(p, name, name_len);
    p[name_len] = '\0';
    memcpy(p + name_len + 1, value, value_len);
    p[name_len + 1 + value_len] = '\0';
    r->fields_len += len;
    r->nfields++;
    return true;
}

static bool on_field(void *data, const char *name, size_t name_len, const char *value, size_t value_len)
{
    mw_transfer *t = data;
    mw_http_response *r = &t->resp.parser.resp;
    t->resp.last_read_ms = mw_now_ms();
    if (name_len && name[0] == ':') {
        if (name_len == 7 && !memcmp(name, ":status", 7))
            r->status = value_len == 3 ? atoi(value) : 0;
        return true;
    }
    return add_field(r, name, name_len, value, value_len);
}

static void on_head(void *data, bool end_stream)
{
    mw_transfer *t = data;
    mw_http_response *r = &t->resp.parser.resp;
    t->resp.last_read_ms = mw_now_ms();
    if (r->status < 200) { /* an interim response: the final one follows */
        r->fields_len = 0;
        r->nfields = 0;
        r->status = 0;
        return;
    }
    if (t->state != T_READING_HEAD)
        return;
    r->version_major = 2;
    r->version_minor = 0;
    r->keep_alive = true;
    snprintf(r->reason, sizeof r->reason, "%s", reason_of(r->status));
    const char *length = mw_http_header(r, "content-length");
    r->content_length = length && *length >= '0' && *length <= '9' ? strtoll(length, NULL, 10) : -1;
    if (!strcasecmp(mw_xfer_method(t), "HEAD") || r->status == 204 || r->status == 304) {
        r->framing = MW_BODY_NONE;
    } else if (r->content_length >= 0 || end_stream) {
        r->framing = MW_BODY_LENGTH;
        if (r->content_length < 0)
            r->content_length = 0;
    } else {
        r->framing = MW_BODY_CLOSE; /* ends with the stream */
    }
    t->resp.head_bytes = r->fields_len + 1;
    if (t->url.scheme == MW_SCHEME_HTTPS && t->ctx->opts->check_certificate) /* RFC 6797 8.1: verified connections only */
        mw_hsts_learn(t->ctx->hsts, t->url.host, t->url.port, mw_http_header(r, "Strict-Transport-Security"), time(NULL));
    /* A small body is waited for, so the head is acted on with the body in
     * hand, as over HTTP/1.1 where both come in one read: a file made whole
     * at once needs no incomplete mark (system calls, and metadata writes). */
    if (r->framing == MW_BODY_LENGTH && r->content_length > 0 && r->content_length <= MW_XFER_H2_HOLD && !end_stream) {
        t->link.h2_head_waits = true;
        t->link.h2_held = 0;
        return;
    }
    mw_xfer_handle_head(t, 0);
}

static void body_bytes(mw_transfer *t, const uint8_t *buf, size_t len);
static void keep_pace(mw_transfer *t);

/* The held head goes on, with the body bytes that came after it. */
static void release_head(mw_transfer *t)
{
    size_t held = t->link.h2_held;
    t->link.h2_head_waits = false;
    t->link.h2_held = 0;
    if (mw_xfer_handle_head(t, held) && held)
        body_bytes(t, (const uint8_t *)t->resp.buf, held);
}

static void on_data(void *data, const uint8_t *buf, size_t len)
{
    mw_transfer *t = data;
    t->resp.last_read_ms = mw_now_ms();
    if (t->link.h2_head_waits) {
        int64_t want = t->resp.parser.resp.content_length;
        if ((int64_t)(t->link.h2_held + len) > want) {
            mw_xfer_fail(t, MW_ERR_PROTOCOL, "Malformed response body: more bytes than its Content-Length.");
            return;
        }
        memcpy(t->resp.buf + t->link.h2_held, buf, len);
        t->link.h2_held += len;
        if ((int64_t)t->link.h2_held == want)
            release_head(t);
        return;
    }
    body_bytes(t, buf, len);
}

/* --limit-rate: a body ahead of its pace stops the connection's reading
 * until the pace catches up, as transfer_read.c stops the socket's. */
static void keep_pace(mw_transfer *t)
{
    uint64_t rate = t->ctx->opts->limit_rate;
    if (!rate)
        return;
    uint64_t elapsed = mw_now_ms() - t->body.body_started_ms;
    uint64_t due = (uint64_t)(t->body.sink.written - t->body.body_start_written) * 1000u / rate;
    if (due > elapsed)
        mw_h2_pause_reading(t->link.h2, due - elapsed);
}

static void body_bytes(mw_transfer *t, const uint8_t *buf, size_t len)
{
    const mw_http_response *r = &t->resp.parser.resp;
    if (t->state != T_READING_BODY) /* draining a redirect's body, or done with it */
        return;
    int rc;
    if (r->framing == MW_BODY_LENGTH) {
        if ((int64_t)len > t->body.body_remaining) {
            mw_xfer_fail(t, MW_ERR_PROTOCOL, "Malformed response body: more bytes than its Content-Length.");
            return;
        }
        bool last = (int64_t)len == t->body.body_remaining && !t->body.inflater && !t->parts.chunking;
        rc = last ? mw_sink_write_last(&t->body.sink, buf, len) : mw_xfer_write_body(t, (const char *)buf, len);
        t->body.body_remaining -= (int64_t)len;
    } else {
        rc = mw_xfer_write_body(t, (const char *)buf, len);
    }
    if (rc < 0 && t->body.corrupt_encoding)
        mw_xfer_fail(t, MW_ERR_PROTOCOL, "The compressed body is corrupt (%s).", mw_inflate_error(t->body.inflater));
    else if (rc < 0)
        mw_xfer_body_write_failed(t);
    else
        keep_pace(t);
}

/* The same request again, on whatever connection joins it next. */
static void send_again(mw_transfer *t)
{
    mw_loop_cancel(t->ctx->loop, t->link.start_timer);
    t->link.start_timer = 0;
    t->ops->reconnect(t);
}

static bool broke_protocol(uint32_t error)
{
    return error == 0x1 /* PROTOCOL_ERROR */ || error == 0x6 /* FRAME_SIZE_ERROR */ || error == 0x9 /* COMPRESSION_ERROR */;
}

static void on_close(void *data, uint32_t error, bool unprocessed, const char *why)
{
    mw_transfer *t = data;
    const mw_http_response *r = &t->resp.parser.resp;
    if (error == 0 && t->link.h2_head_waits) /* a body shorter than announced: the end below says so */
        release_head(t);
    bool body = t->state == T_READING_BODY || t->state == T_DRAINING;
    if (error == 0) {
        if (t->state == T_READING_BODY && r->framing == MW_BODY_LENGTH && t->body.body_remaining > 0)
            mw_xfer_fail_retryable(t, MW_ERR_NETWORK, "Connection closed at byte %lld of %lld; the file is incomplete.",
                                   (long long)t->body.sink.written, (long long)t->body.body_total);
        else if (t->state == T_READING_BODY)
            mw_xfer_complete(t);
        else if (t->state == T_DRAINING)
            mw_xfer_go_next(t);
        else if (t->state == T_READING_HEAD)
            mw_xfer_fail_retryable(t, MW_ERR_NETWORK, "The HTTP/2 stream ended without a response.");
        return;
    }
    if (unprocessed && !body && t->link.h2_resends < MW_XFER_H2_RESENDS) {
        t->link.h2_resends++;
        mw_xfer_log(t, MW_LOG_DEBUG, "The server did not take the request (%s); sending it again.", why);
        send_again(t);
        return;
    }
    if (broke_protocol(error))
        mw_xfer_fail(t, MW_ERR_PROTOCOL, "Malformed HTTP/2 response: %s.", why);
    else if (body)
        mw_xfer_fail_retryable(t, MW_ERR_NETWORK, "Read error at byte %lld (HTTP/2: %s).", (long long)t->body.sink.written,
                               why);
    else
        mw_xfer_fail_retryable(t, MW_ERR_NETWORK, "Read error (HTTP/2: %s) in headers.", why);
}

static void on_turn(void *data)
{
    send_again(data); /* joins again: a stream now, or a connection of its own */
}

static const mw_h2_events events = {
    .on_field = on_field, .on_head = on_head, .on_data = on_data, .on_close = on_close, .on_turn = on_turn,
};

/* ---- joining and sending ---- */

static bool h2_wanted(const mw_transfer *t)
{
    const mw_options *o = t->ctx->opts;
    if (t->ctx->warc) /* a WARC holds HTTP/1.1 exchanges as on the wire, as wget's */
        return false;
    if (t->url.scheme == MW_SCHEME_HTTPS)
        return o->http2;
    return o->http2_prior_knowledge && !t->link.proxy;
}

mw_xfer_h2_way mw_xfer_h2_join(mw_transfer *t)
{
    t->link.h2_head_waits = false;
    if (!h2_wanted(t))
        return MW_XFER_H2_NO;
    if (!t->ctx->h2)
        t->ctx->h2 = mw_h2_hub_new(t->ctx->loop, t->ctx->opts->keep_alive);
    if (!t->ctx->h2)
        return MW_XFER_H2_NO;
    char origin[320];
    snprintf(origin, sizeof origin, "%s://%s:%u", t->url.scheme == MW_SCHEME_HTTPS ? "https" : "http", t->url.host,
             t->url.port);
    switch (mw_h2_join(t->ctx->h2, origin, &events, t, &t->link.h2)) {
    case MW_H2_LEAD:
        return MW_XFER_H2_LEAD;
    case MW_H2_WAIT:
        return MW_XFER_H2_WAITING;
    case MW_H2_ATTACHED:
        mw_xfer_report_reuse(t);
        return MW_XFER_H2_READY;
    default:
        return MW_XFER_H2_NO;
    }
}

void mw_xfer_h2_offer(mw_transfer *t)
{
    if (t->link.h2 && t->link.conn.tls && !mw_h2_attached(t->link.h2))
        mw_tls_offer_h2(t->link.conn.tls);
}

/* The request text prepare_request made, as HTTP/2 fields: the request
 * line and Host become pseudo-fields, names go lower case, and the fields
 * HTTP/2 forbids (connection-specific ones) are left out. */
static int submit(mw_transfer *t)
{
    const char *text = t->req.request;
    const char *end = memmem(text, t->req.request_len, "\r\n\r\n", 4);
    if (!end)
        return -1;
    size_t head_len = (size_t)(end - text) + 2;
    char *head = malloc(head_len + 1);
    mw_h2_field *fields = calloc(head_len / 2 + 4, sizeof *fields); /* a field takes at least "X:\r\n" */
    int rc = -1;
    if (!head || !fields)
        goto out;
    memcpy(head, text, head_len);
    head[head_len] = '\0';
    char *line_end = strstr(head, "\r\n");
    *line_end = '\0';
    char *method = head, *target = strchr(head, ' ');
    if (!target)
        goto out;
    *target++ = '\0';
    char *version = strrchr(target, ' ');
    if (version)
        *version = '\0';
    size_t n = 4;
    const char *authority = t->url.host;
    for (char *line = line_end + 2; *line; ) {
        char *next = strstr(line, "\r\n");
        *next = '\0';
        char *colon = strchr(line, ':');
        if (colon) {
            *colon = '\0';
            char *value = colon + 1;
            value += strspn(value, " \t");
            for (char *c = line; *c; c++)
                *c = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
            if (!strcmp(line, "host"))
                authority = value;
            else if (strcmp(line, "connection") && strcmp(line, "keep-alive") && strcmp(line, "proxy-connection") &&
                     strcmp(line, "transfer-encoding") && strcmp(line, "upgrade") &&
                     (strcmp(line, "te") || !strcasecmp(value, "trailers")))
                fields[n++] = (mw_h2_field){ line, strlen(line), value, strlen(value) };
        }
        line = next + 2;
    }
    const char *scheme = t->url.scheme == MW_SCHEME_HTTPS ? "https" : "http";
    fields[0] = (mw_h2_field){ ":method", 7, method, strlen(method) };
    fields[1] = (mw_h2_field){ ":scheme", 7, scheme, strlen(scheme) };
    fields[2] = (mw_h2_field){ ":authority", 10, authority, strlen(authority) };
    fields[3] = (mw_h2_field){ ":path", 5, target, strlen(target) };
    const char *body = end + 4;
    rc = mw_h2_submit(t->link.h2, fields, n, body, t->req.request_len - (size_t)(body - text));
out:
    free(fields);
    free(head);
    return rc;
}

bool mw_xfer_h2_send(mw_transfer *t)
{
    if (!mw_h2_attached(t->link.h2))
        return false;
    switch (submit(t)) {
    case 0:
        break;
    case 1: /* the connection went away meanwhile */
        send_again(t);
        return true;
    default:
        mw_xfer_fail(t, MW_ERR_GENERIC, "Cannot send the request over HTTP/2.");
        return true;
    }
    t->req.request_sent = t->req.request_len;
    t->state = T_READING_HEAD;
    mw_xfer_watch_inactivity(t);
    return true;
}

bool mw_xfer_h2_connected(mw_transfer *t)
{
    if (!t->link.h2 || mw_h2_attached(t->link.h2))
        return false;
    bool h2 = t->link.conn.tls ? mw_tls_speaks_h2(t->link.conn.tls) : t->ctx->opts->http2_prior_knowledge;
    if (!mw_h2_lead_connected(t->link.h2, &t->link.conn, h2)) {
        t->link.h2 = NULL; /* freed: HTTP/1.1 on this connection */
        if (h2) {
            mw_xfer_fail(t, MW_ERR_GENERIC, "Out of memory.");
            return true;
        }
        return false;
    }
    mw_xfer_log(t, MW_LOG_DEBUG, "Speaking HTTP/2 to %s:%u.", t->url.host, t->url.port);
    return mw_xfer_h2_send(t);
}
