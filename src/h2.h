/* h2: HTTP/2 connections (libnghttp2 does the framing, HPACK and flow
 * control) on the loop, each shared by many requests as streams.
 *
 * A hub keeps, per origin (scheme://host:port), at most one connection
 * taking new streams, bounded by the server's SETTINGS_MAX_CONCURRENT_STREAMS
 * (and MW_H2_MAX_STREAMS). A request asks for a stream with mw_h2_join():
 *   - MW_H2_HTTP1: the origin is known to speak HTTP/1.1 only; no stream.
 *   - MW_H2_LEAD: nobody is connecting there: the caller connects (offering
 *     h2 in ALPN, or h2c by prior knowledge), then mw_h2_lead_connected().
 *   - MW_H2_WAIT: another request is connecting, or the connection is full:
 *     events->on_turn fires (from the loop, never inside a call) once that
 *     changes; the caller then releases the handle and joins again.
 *   - MW_H2_ATTACHED: a connection has room: mw_h2_submit() sends the request.
 * The caller owns the handle and ends it with mw_h2_release() whatever its
 * state (an open stream is reset). Stream events fire from the loop; inside
 * them the caller may release the handle, join again or submit.
 *
 * Bounds: a response head over MW_H2_MAX_HEAD bytes (decoded) or a header
 * block over MW_H2_MAX_HEAD_WIRE bytes or MW_H2_MAX_HEAD_FRAMES frames on
 * the wire (an endless run of CONTINUATION frames) ends the stream or the connection with an error;
 * server push is refused; body bytes go straight to the caller, so the
 * windows never make memory grow. Silence (a stalled window, a server that
 * never answers) is the caller's read timeout to catch. */
#ifndef MW_H2_H
#define MW_H2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conn.h"
#include "loop.h"

#define MW_H2_MAX_STREAMS 100          /* streams at once on one connection, whatever the server allows */
#define MW_H2_MAX_HEAD (64 * 1024)     /* decoded header fields of one response head */
#define MW_H2_MAX_HEAD_WIRE (256 * 1024) /* HEADERS and CONTINUATION bytes of one header block */
#define MW_H2_MAX_HEAD_FRAMES 64         /* and its frames: a run of empty CONTINUATIONs is no head */

typedef struct mw_h2_hub mw_h2_hub;
typedef struct mw_h2_stream mw_h2_stream;

typedef struct mw_h2_events {
    /* One field of the response head (":status" first). False refuses the
     * head: the stream is reset and on_close says why. */
    bool (*on_field)(void *data, const char *name, size_t name_len, const char *value, size_t value_len);
    /* The end of a head (an interim 1xx one too); end_stream: no body follows. */
    void (*on_head)(void *data, bool end_stream);
    /* Body bytes (DATA frames' payload, in order). */
    void (*on_data)(void *data, const uint8_t *buf, size_t len);
    /* The stream is over. error 0: the response ended (END_STREAM);
     * otherwise the HTTP/2 error code, and why in words. unprocessed: the
     * server did not act on the request (a GOAWAY past it, REFUSED_STREAM,
     * a connection that never took it), or it is a GET or HEAD without an
     * answer on a connection the server was closing: safe to send again. */
    void (*on_close)(void *data, uint32_t error, bool unprocessed, const char *why);
    /* A waiting handle's turn (see MW_H2_WAIT). */
    void (*on_turn)(void *data);
} mw_h2_events;

typedef enum mw_h2_join_result {
    MW_H2_HTTP1,
    MW_H2_LEAD,
    MW_H2_WAIT,
    MW_H2_ATTACHED,
} mw_h2_join_result;

/* keep_idle: a connection without streams stays open for later requests
 * (it does not keep mw_loop_run() going); false closes it at once. */
mw_h2_hub *mw_h2_hub_new(mw_loop *loop, bool keep_idle);
/* Closes every connection; every handle must have been released. */
void mw_h2_hub_free(mw_h2_hub *hub);

/* *out gets the handle (NULL for MW_H2_HTTP1, or when out of memory: then
 * MW_H2_HTTP1 is returned too). */
mw_h2_join_result mw_h2_join(mw_h2_hub *hub, const char *origin, const mw_h2_events *events, void *data,
                             mw_h2_stream **out);
/* The lead's connection is up: h2 says whether it speaks HTTP/2 (ALPN
 * chose "h2", or prior knowledge). True: conn now belongs to a new shared
 * connection (it becomes MW_CONN_NONE) and s is attached to it. False:
 * the origin is remembered as HTTP/1.1, s is freed, conn stays the caller's. */
bool mw_h2_lead_connected(mw_h2_stream *s, mw_conn *conn, bool h2);
bool mw_h2_attached(const mw_h2_stream *s);

typedef struct mw_h2_field {
    const char *name;  /* lower case */
    size_t name_len;
    const char *value;
    size_t value_len;
} mw_h2_field;

/* Sends the request (pseudo-fields first) on an attached handle; body
 * (borrowed until the handle is released) is sent after it, when body_len
 * > 0. Returns 0; 1 when the connection stopped taking streams meanwhile
 * (join again); -1 when out of memory or refused. */
int mw_h2_submit(mw_h2_stream *s, const mw_h2_field *fields, size_t n, const char *body, size_t body_len);
/* Ends the handle: a stream still open is reset (CANCEL), a place in a
 * queue is given up, a lead that gives up lets the next one connect. */
void mw_h2_release(mw_h2_stream *s);

/* --limit-rate: nothing is read on s's connection for ms (its other
 * streams wait too); the kernel's window then slows the server. */
void mw_h2_pause_reading(mw_h2_stream *s, uint64_t ms);

/* The name of an HTTP/2 error code, for messages ("PROTOCOL_ERROR"). */
const char *mw_h2_error_name(uint32_t error);

#endif
