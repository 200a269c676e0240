/* h2: HTTP/2 connections shared by many requests (see h2.h). nghttp2 reads
 * and writes memory (mem_recv, mem_send); this file moves those bytes over
 * the mw_conn on the loop and keeps, per origin, who connects, who waits
 * and which connection takes new streams. Nothing here is freed inside an
 * nghttp2 callback: a connection's end is settled once its I/O returns. */
#include "h2.h"

#include <errno.h>
#include <nghttp2/nghttp2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define READ_CHUNK (64 * 1024)
#define READ_ROUNDS 16                     /* bounded work per wake-up keeps other fds served */
#define STREAM_WINDOW (1 << 20)            /* what the server may send on a stream before we acknowledge */
#define CONNECTION_WINDOW (16 << 20)       /* and on the whole connection */

typedef struct h2_session h2_session;

typedef enum origin_state {
    O_NONE,       /* no connection, nobody connecting */
    O_CONNECTING, /* the lead is connecting */
    O_UP,         /* o->session takes new streams */
    O_HTTP1,      /* the server chose HTTP/1.1 */
} origin_state;

typedef struct origin {
    char *key;
    origin_state state;
    h2_session *session;       /* O_UP */
    mw_h2_stream *lead;        /* O_CONNECTING */
    mw_h2_stream *waiters, *waiters_tail;
    unsigned woken;            /* handles told it is their turn, not back yet */
    struct origin *next;
} origin;

typedef enum handle_state { H_LEAD, H_WAITING, H_TURNED, H_ATTACHED, H_CLOSED } handle_state;

struct mw_h2_stream {
    mw_h2_hub *hub;
    origin *origin;
    h2_session *session;       /* H_ATTACHED */
    handle_state state;
    int32_t id;                /* 0 until the request is submitted */
    const mw_h2_events *ev;
    void *data;
    mw_h2_stream *prev, *next; /* in the origin's queue or the session's streams */
    mw_timer_id turn_timer;
    const char *body;
    size_t body_len, body_sent;
    size_t head_bytes;         /* decoded fields of the head being read */
    int status;                /* of that head */
    bool final_head;           /* a non-1xx head came: later blocks are trailers */
    bool not_sent;             /* the request never left */
    bool idempotent;           /* GET or HEAD: sending it twice does no harm */
    char why[160];
};

struct h2_session {
    mw_h2_hub *hub;
    origin *origin;            /* NULL once it takes no new streams (GOAWAY, failure) */
    mw_conn conn;
    nghttp2_session *ng;
    mw_h2_stream *streams;
    unsigned nstreams;
    const uint8_t *out;        /* what mem_send gave and the write buffer has not taken yet */
    size_t outlen;
    uint8_t wbuf[16384];       /* frames on their way to the socket: wbuf[woff..wlen) */
    size_t woff, wlen;
    int depth;                 /* inside its own I/O: nothing is freed */
    bool dead;
    bool goaway;               /* the server sent a GOAWAY */
    int32_t goaway_last_id;    /* the last stream it says it may have acted on */
    uint32_t goaway_error;     /* with this error code */
    size_t block_bytes;        /* wire bytes of the header block being read */
    unsigned block_frames;     /* and its frames (empty CONTINUATIONs count too) */
    unsigned watched;          /* 0: not yet, 1: idle, 2: not at all, else MW_EV_* + 8 */
    bool paused;               /* mw_h2_pause_reading(): nothing is read until pause_timer */
    mw_timer_id flush_timer, more_timer, pause_timer;
    char why[160];
    h2_session *next;
};

struct mw_h2_hub {
    mw_loop *loop;
    bool keep_idle;
    origin *origins;
    h2_session *sessions;
    uint8_t buf[READ_CHUNK];
};

static void settle(h2_session *sess);
static void on_io(mw_loop *loop, int fd, unsigned events, void *data);

/* ---- queues ---- */

static void list_push(mw_h2_stream **head, mw_h2_stream **tail, mw_h2_stream *s)
{
    s->prev = tail ? *tail : NULL;
    s->next = NULL;
    if (tail) {
        if (*tail)
            (*tail)->next = s;
        else
            *head = s;
        *tail = s;
    } else {
        s->prev = NULL;
        s->next = *head;
        if (*head)
            (*head)->prev = s;
        *head = s;
    }
}

static void list_remove(mw_h2_stream **head, mw_h2_stream **tail, mw_h2_stream *s)
{
    if (s->prev)
        s->prev->next = s->next;
    else
        *head = s->next;
    if (s->next)
        s->next->prev = s->prev;
    else if (tail)
        *tail = s->prev;
    s->prev = s->next = NULL;
}

static unsigned session_limit(h2_session *sess)
{
    uint32_t remote = nghttp2_session_get_remote_settings(sess->ng, NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS);
    return remote < MW_H2_MAX_STREAMS ? remote : MW_H2_MAX_STREAMS;
}

static bool has_room(const origin *o)
{
    return o->state == O_UP && o->session->nstreams + o->woken < session_limit(o->session);
}

static void on_turn_timer(mw_loop *loop, void *data)
{
    mw_h2_stream *s = data;
    s->turn_timer = 0;
    s->ev->on_turn(s->data);
}

/* Tells waiters their turn came: as many as the connection has room for,
 * or all of them when there is none to wait for (they connect or join
 * again). From the loop, never inside the caller's call. */
static void wake(origin *o)
{
    while (o->waiters && (o->state == O_NONE || o->state == O_HTTP1 || has_room(o))) {
        mw_h2_stream *s = o->waiters;
        list_remove(&o->waiters, &o->waiters_tail, s);
        s->state = H_TURNED;
        o->woken++;
        s->turn_timer = mw_loop_timer(s->hub->loop, 0, on_turn_timer, s);
    }
}

static void attach(mw_h2_stream *s, h2_session *sess)
{
    s->state = H_ATTACHED;
    s->session = sess;
    list_push(&sess->streams, NULL, s);
    sess->nstreams++;
}

static void detach(mw_h2_stream *s)
{
    h2_session *sess = s->session;
    list_remove(&sess->streams, NULL, s);
    sess->nstreams--;
    s->session = NULL;
    s->state = H_CLOSED;
}

/* The connection takes no new streams: a GOAWAY, or its end. */
static void leave_origin(h2_session *sess)
{
    origin *o = sess->origin;
    if (!o)
        return;
    sess->origin = NULL;
    if (o->session == sess) {
        o->session = NULL;
        o->state = O_NONE;
    }
    wake(o);
}

/* ---- I/O ---- */

static void fail_session(h2_session *sess, uint32_t error, const char *why)
{
    if (sess->dead)
        return;
    sess->dead = true;
    snprintf(sess->why, sizeof sess->why, "%s", why);
    leave_origin(sess);
    while (sess->streams) {
        mw_h2_stream *s = sess->streams;
        /* Past the GOAWAY's last stream the server took nothing; before
         * it, a request that got no answer yet is sent again only when
         * sending it twice does no harm (GET, HEAD). */
        bool unprocessed = s->id == 0 || s->not_sent ||
                           (sess->goaway && (s->id > sess->goaway_last_id || (s->idempotent && !s->status)));
        detach(s);
        s->ev->on_close(s->data, error, unprocessed, sess->why); /* may free s */
    }
}

static void schedule(h2_session *sess, mw_timer_id *timer, mw_timer_cb cb)
{
    if (!*timer)
        *timer = mw_loop_timer(sess->hub->loop, 0, cb, sess);
}

/* Frames nghttp2 has ready, gathered into the write buffer: one write
 * (one TLS record) for many small frames. False when it failed. */
static bool gather(h2_session *sess)
{
    sess->woff = sess->wlen = 0;
    while (sess->wlen < sizeof sess->wbuf) {
        if (!sess->outlen) {
            ssize_t n = nghttp2_session_mem_send(sess->ng, &sess->out);
            if (n < 0) {
                fail_session(sess, NGHTTP2_INTERNAL_ERROR, nghttp2_strerror((int)n));
                return false;
            }
            if (n == 0)
                break;
            sess->outlen = (size_t)n;
        }
        size_t take = sess->outlen < sizeof sess->wbuf - sess->wlen ? sess->outlen : sizeof sess->wbuf - sess->wlen;
        memcpy(sess->wbuf + sess->wlen, sess->out, take);
        sess->wlen += take;
        sess->out += take;
        sess->outlen -= take;
    }
    return true;
}

static void flush(h2_session *sess)
{
    while (!sess->dead) {
        if (sess->woff == sess->wlen && (!gather(sess) || sess->wlen == 0))
            return;
        ssize_t w = mw_conn_send(&sess->conn, sess->wbuf + sess->woff, sess->wlen - sess->woff);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        if (w < 0) {
            fail_session(sess, NGHTTP2_INTERNAL_ERROR, mw_conn_error(&sess->conn, errno));
            return;
        }
        sess->woff += (size_t)w;
    }
}

/* Bytes for the socket that it has not taken yet. */
static bool unsent(const h2_session *sess)
{
    return sess->woff < sess->wlen || sess->outlen;
}

static void on_flush(mw_loop *loop, void *data)
{
    h2_session *sess = data;
    sess->flush_timer = 0;
    sess->depth++;
    flush(sess);
    sess->depth--;
    settle(sess);
}

static void on_more(mw_loop *loop, void *data)
{
    h2_session *sess = data;
    sess->more_timer = 0;
    on_io(loop, sess->conn.fd, MW_EV_READ, sess);
}

static void read_in(h2_session *sess)
{
    int round = 0;
    for (; round < READ_ROUNDS && !sess->dead && !sess->paused; round++) {
        ssize_t n = mw_conn_recv(&sess->conn, sess->hub->buf, sizeof sess->hub->buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        if (n <= 0) {
            fail_session(sess, NGHTTP2_INTERNAL_ERROR,
                         n == 0 ? "the server closed the HTTP/2 connection" : mw_conn_error(&sess->conn, errno));
            return;
        }
        ssize_t used = nghttp2_session_mem_recv(sess->ng, sess->hub->buf, (size_t)n);
        if (used < 0) {
            char why[200];
            snprintf(why, sizeof why, "%s", sess->why[0] ? sess->why : nghttp2_strerror((int)used));
            fail_session(sess, NGHTTP2_PROTOCOL_ERROR, why);
            return;
        }
        /* Drained for now (epoll is level-triggered: more bytes wake it
         * again): a read that would only say EAGAIN is saved. */
        if (sess->conn.tls ? !mw_conn_has_pending(&sess->conn) : (size_t)n < sizeof sess->hub->buf)
            return;
    }
    /* data may still wait, maybe inside the TLS session where epoll cannot see it */
    if (!sess->dead && !sess->paused)
        schedule(sess, &sess->more_timer, on_more);
}

static void on_io(mw_loop *loop, int fd, unsigned events, void *data)
{
    h2_session *sess = data;
    sess->depth++;
    if ((events & (MW_EV_READ | MW_EV_ERROR)) && !sess->paused)
        read_in(sess);
    flush(sess);
    sess->depth--;
    settle(sess);
}

static void destroy(h2_session *sess)
{
    mw_h2_hub *hub = sess->hub;
    leave_origin(sess);
    while (sess->streams) /* the hub's end: their owners are gone */
        detach(sess->streams);
    for (h2_session **p = &hub->sessions; *p; p = &(*p)->next)
        if (*p == sess) {
            *p = sess->next;
            break;
        }
    mw_loop_cancel(hub->loop, sess->flush_timer);
    mw_loop_cancel(hub->loop, sess->more_timer);
    mw_loop_cancel(hub->loop, sess->pause_timer);
    mw_conn_close(&sess->conn, hub->loop);
    nghttp2_session_del(sess->ng);
    free(sess);
}

/* After any activity: ends a connection that is over, or watches it for
 * what it waits on (an idle one does not keep the loop running). */
static void settle(h2_session *sess)
{
    if (sess->depth > 0)
        return;
    bool over = sess->dead || (!nghttp2_session_want_read(sess->ng) && !nghttp2_session_want_write(sess->ng) && !unsent(sess));
    bool idle = sess->nstreams == 0 && !unsent(sess);
    if (over && sess->streams) { /* ended by a GOAWAY, ours or the server's, with streams unanswered */
        char why[160];
        if (sess->goaway)
            snprintf(why, sizeof why, "the server ended the connection (%s)", mw_h2_error_name(sess->goaway_error));
        else
            snprintf(why, sizeof why, "a frame that breaks the protocol");
        fail_session(sess, !sess->goaway ? NGHTTP2_PROTOCOL_ERROR : sess->goaway_error ? sess->goaway_error : NGHTTP2_INTERNAL_ERROR,
                     why);
    }
    if (over || (idle && (!sess->origin || !sess->hub->keep_idle))) {
        destroy(sess);
        return;
    }
    unsigned events = (sess->paused ? 0 : MW_EV_READ) | (unsent(sess) ? MW_EV_WRITE : 0);
    unsigned want = idle && !sess->paused ? 1 : events ? 8 + events : 2;
    if (want == sess->watched)
        return;
    int rc = 0;
    if (want == 2) /* paused, nothing to send: the pause's timer keeps the loop going */
        mw_loop_unwatch(sess->hub->loop, sess->conn.fd);
    else
        rc = want == 1 ? mw_loop_watch_idle(sess->hub->loop, sess->conn.fd, on_io, sess)
                       : mw_loop_watch(sess->hub->loop, sess->conn.fd, events, on_io, sess);
    if (rc < 0) {
        fail_session(sess, NGHTTP2_INTERNAL_ERROR, strerror(errno));
        destroy(sess);
        return;
    }
    sess->watched = want;
}

/* ---- nghttp2's callbacks ---- */

static mw_h2_stream *stream_of(nghttp2_session *ng, int32_t id)
{
    return id > 0 ? nghttp2_session_get_stream_user_data(ng, id) : NULL;
}

static int on_begin_frame(nghttp2_session *ng, const nghttp2_frame_hd *hd, void *user)
{
    h2_session *sess = user;
    if (hd->type != NGHTTP2_HEADERS && hd->type != NGHTTP2_CONTINUATION && hd->type != NGHTTP2_PUSH_PROMISE)
        return 0;
    bool more = hd->type == NGHTTP2_CONTINUATION;
    sess->block_bytes = (more ? sess->block_bytes : 0) + hd->length;
    sess->block_frames = more ? sess->block_frames + 1 : 1;
    if (sess->block_bytes > MW_H2_MAX_HEAD_WIRE || sess->block_frames > MW_H2_MAX_HEAD_FRAMES) {
        bool frames = sess->block_frames > MW_H2_MAX_HEAD_FRAMES;
        snprintf(sess->why, sizeof sess->why, "a header block of more than %d %s",
                 frames ? MW_H2_MAX_HEAD_FRAMES : MW_H2_MAX_HEAD_WIRE, frames ? "frames" : "bytes");
        return NGHTTP2_ERR_CALLBACK_FAILURE;
    }
    return 0;
}

static int on_begin_headers(nghttp2_session *ng, const nghttp2_frame *frame, void *user)
{
    mw_h2_stream *s = stream_of(ng, frame->hd.stream_id);
    if (s && !s->final_head) {
        s->head_bytes = 0;
        s->status = 0;
    }
    return 0;
}

static int on_header(nghttp2_session *ng, const nghttp2_frame *frame, const uint8_t *name, size_t name_len,
                     const uint8_t *value, size_t value_len, uint8_t flags, void *user)
{
    mw_h2_stream *s = stream_of(ng, frame->hd.stream_id);
    if (!s || s->final_head || frame->hd.type != NGHTTP2_HEADERS)
        return 0; /* trailers, or a stream given up */
    s->head_bytes += name_len + value_len + 4;
    if (s->head_bytes > MW_H2_MAX_HEAD) {
        snprintf(s->why, sizeof s->why, "a response head of more than %d bytes", MW_H2_MAX_HEAD);
        return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
    }
    if (name_len == 7 && !memcmp(name, ":status", 7) && value_len == 3)
        s->status = (value[0] - '0') * 100 + (value[1] - '0') * 10 + (value[2] - '0');
    if (!s->ev->on_field(s->data, (const char *)name, name_len, (const char *)value, value_len)) {
        snprintf(s->why, sizeof s->why, "a response head that cannot be read");
        return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
    }
    return 0;
}

static int on_frame_recv(nghttp2_session *ng, const nghttp2_frame *frame, void *user)
{
    h2_session *sess = user;
    switch (frame->hd.type) {
    case NGHTTP2_HEADERS: {
        mw_h2_stream *s = stream_of(ng, frame->hd.stream_id);
        if (!s || s->final_head)
            break;
        s->final_head = s->status >= 200;
        s->ev->on_head(s->data, frame->hd.flags & NGHTTP2_FLAG_END_STREAM); /* may free s */
        break;
    }
    case NGHTTP2_GOAWAY: /* the streams past last_stream_id close as REFUSED_STREAM: safe to send again */
        sess->goaway = true;
        sess->goaway_last_id = frame->goaway.last_stream_id;
        sess->goaway_error = frame->goaway.error_code;
        leave_origin(sess);
        break;
    case NGHTTP2_SETTINGS: /* maybe more streams allowed */
        if (sess->origin)
            wake(sess->origin);
        break;
    default:
        break;
    }
    return 0;
}

static int on_data_chunk(nghttp2_session *ng, uint8_t flags, int32_t id, const uint8_t *data, size_t len, void *user)
{
    mw_h2_stream *s = stream_of(ng, id);
    if (s && len)
        s->ev->on_data(s->data, data, len);
    return 0;
}

static int on_stream_close(nghttp2_session *ng, int32_t id, uint32_t error, void *user)
{
    h2_session *sess = user;
    mw_h2_stream *s = stream_of(ng, id);
    if (!s)
        return 0;
    nghttp2_session_set_stream_user_data(ng, id, NULL);
    char why[160];
    snprintf(why, sizeof why, "%s", s->why[0] ? s->why : error ? mw_h2_error_name(error) : "");
    bool unprocessed = error == NGHTTP2_REFUSED_STREAM || s->not_sent;
    detach(s);
    s->ev->on_close(s->data, s->why[0] ? NGHTTP2_PROTOCOL_ERROR : error, unprocessed, why); /* may free s */
    if (sess->origin)
        wake(sess->origin);
    return 0;
}

static int on_frame_not_send(nghttp2_session *ng, const nghttp2_frame *frame, int error, void *user)
{
    mw_h2_stream *s = stream_of(ng, frame->hd.stream_id);
    if (s && frame->hd.type == NGHTTP2_HEADERS)
        s->not_sent = true; /* its close follows */
    return 0;
}

static ssize_t read_body(nghttp2_session *ng, int32_t id, uint8_t *buf, size_t length, uint32_t *flags,
                         nghttp2_data_source *source, void *user)
{
    mw_h2_stream *s = stream_of(ng, id);
    if (!s)
        return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
    size_t n = s->body_len - s->body_sent < length ? s->body_len - s->body_sent : length;
    memcpy(buf, s->body + s->body_sent, n);
    s->body_sent += n;
    if (s->body_sent == s->body_len)
        *flags |= NGHTTP2_DATA_FLAG_EOF;
    return (ssize_t)n;
}

static h2_session *session_new(mw_h2_hub *hub, origin *o, mw_conn *conn)
{
    h2_session *sess = calloc(1, sizeof *sess);
    nghttp2_session_callbacks *cb = NULL;
    nghttp2_option *opt = NULL;
    if (!sess || nghttp2_session_callbacks_new(&cb) != 0 || nghttp2_option_new(&opt) != 0) {
        free(sess);
        nghttp2_session_callbacks_del(cb);
        return NULL;
    }
    nghttp2_session_callbacks_set_on_begin_frame_callback(cb, on_begin_frame);
    nghttp2_session_callbacks_set_on_begin_headers_callback(cb, on_begin_headers);
    nghttp2_session_callbacks_set_on_header_callback(cb, on_header);
    nghttp2_session_callbacks_set_on_frame_recv_callback(cb, on_frame_recv);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cb, on_data_chunk);
    nghttp2_session_callbacks_set_on_stream_close_callback(cb, on_stream_close);
    nghttp2_session_callbacks_set_on_frame_not_send_callback(cb, on_frame_not_send);
    nghttp2_option_set_max_reserved_remote_streams(opt, 0);
    int rc = nghttp2_session_client_new2(&sess->ng, cb, sess, opt);
    nghttp2_session_callbacks_del(cb);
    nghttp2_option_del(opt);
    nghttp2_settings_entry settings[] = {
        { NGHTTP2_SETTINGS_ENABLE_PUSH, 0 },
        { NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, STREAM_WINDOW },
        { NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, MW_H2_MAX_HEAD },
    };
    if (rc != 0 || nghttp2_submit_settings(sess->ng, NGHTTP2_FLAG_NONE, settings, 3) != 0 ||
        nghttp2_session_set_local_window_size(sess->ng, NGHTTP2_FLAG_NONE, 0, CONNECTION_WINDOW) != 0) {
        nghttp2_session_del(sess->ng);
        free(sess);
        return NULL;
    }
    sess->hub = hub;
    sess->origin = o;
    sess->conn = *conn;
    *conn = MW_CONN_NONE;
    if (sess->conn.tls) /* many small records: one read takes them all */
        mw_tls_read_ahead(sess->conn.tls);
    sess->next = hub->sessions;
    hub->sessions = sess;
    return sess;
}

/* ---- the hub ---- */

mw_h2_hub *mw_h2_hub_new(mw_loop *loop, bool keep_idle)
{
    mw_h2_hub *hub = calloc(1, sizeof *hub);
    if (hub) {
        hub->loop = loop;
        hub->keep_idle = keep_idle;
    }
    return hub;
}

void mw_h2_hub_free(mw_h2_hub *hub)
{
    if (!hub)
        return;
    while (hub->sessions)
        destroy(hub->sessions);
    while (hub->origins) {
        origin *o = hub->origins;
        hub->origins = o->next;
        free(o->key);
        free(o);
    }
    free(hub);
}

static origin *origin_of(mw_h2_hub *hub, const char *key)
{
    for (origin *o = hub->origins; o; o = o->next)
        if (!strcmp(o->key, key))
            return o;
    origin *o = calloc(1, sizeof *o);
    if (!o || !(o->key = strdup(key))) {
        free(o);
        return NULL;
    }
    o->next = hub->origins;
    hub->origins = o;
    return o;
}

mw_h2_join_result mw_h2_join(mw_h2_hub *hub, const char *key, const mw_h2_events *events, void *data, mw_h2_stream **out)
{
    *out = NULL;
    origin *o = origin_of(hub, key);
    if (!o || o->state == O_HTTP1)
        return MW_H2_HTTP1;
    mw_h2_stream *s = calloc(1, sizeof *s);
    if (!s)
        return MW_H2_HTTP1;
    *s = (mw_h2_stream){ .hub = hub, .origin = o, .ev = events, .data = data };
    *out = s;
    if (o->state == O_UP && has_room(o)) {
        attach(s, o->session);
        return MW_H2_ATTACHED;
    }
    if (o->state == O_NONE) {
        o->state = O_CONNECTING;
        o->lead = s;
        s->state = H_LEAD;
        return MW_H2_LEAD;
    }
    s->state = H_WAITING;
    list_push(&o->waiters, &o->waiters_tail, s);
    return MW_H2_WAIT;
}

bool mw_h2_lead_connected(mw_h2_stream *s, mw_conn *conn, bool h2)
{
    origin *o = s->origin;
    o->lead = NULL;
    h2_session *sess = h2 ? session_new(s->hub, o, conn) : NULL;
    if (!sess) {
        o->state = h2 ? O_NONE : O_HTTP1;
        wake(o);
        free(s);
        return false;
    }
    o->state = O_UP;
    o->session = sess;
    attach(s, sess);
    wake(o);
    settle(sess);
    return true;
}

bool mw_h2_attached(const mw_h2_stream *s)
{
    return s && s->state == H_ATTACHED;
}

int mw_h2_submit(mw_h2_stream *s, const mw_h2_field *fields, size_t n, const char *body, size_t body_len)
{
    h2_session *sess = s->session;
    if (s->state != H_ATTACHED || sess->dead || !sess->origin)
        return 1;
    nghttp2_nv *nva = calloc(n ? n : 1, sizeof *nva);
    if (!nva)
        return -1;
    for (size_t i = 0; i < n; i++)
        nva[i] = (nghttp2_nv){ (uint8_t *)fields[i].name, (uint8_t *)fields[i].value, fields[i].name_len,
                               fields[i].value_len, NGHTTP2_NV_FLAG_NONE };
    s->body = body;
    s->body_len = body_len;
    for (size_t i = 0; i < n; i++)
        if (fields[i].name_len == 7 && !memcmp(fields[i].name, ":method", 7))
            s->idempotent = (fields[i].value_len == 3 && !memcmp(fields[i].value, "GET", 3)) ||
                            (fields[i].value_len == 4 && !memcmp(fields[i].value, "HEAD", 4));
    nghttp2_data_provider provider = { .source.ptr = s, .read_callback = read_body };
    int32_t id = nghttp2_submit_request(sess->ng, NULL, nva, n, body_len ? &provider : NULL, s);
    free(nva);
    if (id < 0)
        return -1;
    s->id = id;
    schedule(sess, &sess->flush_timer, on_flush);
    return 0;
}

void mw_h2_release(mw_h2_stream *s)
{
    if (!s)
        return;
    origin *o = s->origin;
    mw_loop_cancel(s->hub->loop, s->turn_timer);
    switch (s->state) {
    case H_LEAD: /* gave up before a connection: the next one tries */
        o->lead = NULL;
        o->state = O_NONE;
        wake(o);
        break;
    case H_WAITING:
        list_remove(&o->waiters, &o->waiters_tail, s);
        break;
    case H_TURNED:
        o->woken--;
        break;
    case H_ATTACHED: {
        h2_session *sess = s->session;
        if (s->id > 0 && !sess->dead) {
            nghttp2_session_set_stream_user_data(sess->ng, s->id, NULL);
            if (nghttp2_session_find_stream(sess->ng, s->id) && !nghttp2_session_get_stream_remote_close(sess->ng, s->id))
                nghttp2_submit_rst_stream(sess->ng, NGHTTP2_FLAG_NONE, s->id, NGHTTP2_CANCEL);
        }
        detach(s);
        if (sess->origin)
            wake(sess->origin);
        if (!sess->dead)
            schedule(sess, &sess->flush_timer, on_flush); /* the reset goes out; an idle connection settles */
        break;
    }
    case H_CLOSED:
        break;
    }
    free(s);
}

static void on_pause_over(mw_loop *loop, void *data)
{
    h2_session *sess = data;
    sess->pause_timer = 0;
    sess->paused = false;
    on_io(loop, sess->conn.fd, MW_EV_READ, sess);
}

void mw_h2_pause_reading(mw_h2_stream *s, uint64_t ms)
{
    h2_session *sess = s ? s->session : NULL;
    if (!sess || s->state != H_ATTACHED || sess->dead || sess->paused)
        return;
    sess->paused = true;
    sess->pause_timer = mw_loop_timer(sess->hub->loop, ms, on_pause_over, sess);
    settle(sess); /* inside the connection's own I/O this waits for its end */
}

const char *mw_h2_error_name(uint32_t error)
{
    return nghttp2_http2_strerror(error);
}
