/* transfer_internal: the state of one transfer, shared by the files that
 * make up its machine (see the floors below: each calls only the files
 * listed before it, and transfer.c on top through t->ops). Each
 * sub-struct of mw_transfer says which file owns (writes) it. Nothing
 * outside the transfer files includes it. */
#ifndef MW_TRANSFER_INTERNAL_H
#define MW_TRANSFER_INTERNAL_H

#include <stdarg.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "conn.h"
#include "connect.h"
#include "ctx.h"
#include "digest.h"
#include "http.h"
#include "inflate.h"
#include "sink.h"
#include "transfer.h"
#include "tunnel.h"

#define MW_READ_BUFFER (128 * 1024)

/* The states of one download, and the function that enters each. */
typedef enum transfer_state {
    T_RESOLVING,         /* transfer.c resolve(): c-ares, or a unix socket */
    T_CONNECTING,        /* transfer.c on_resolved(): Happy Eyeballs; begin(): a pooled connection */
    T_TUNNELING,         /* transfer.c start_tunnel(): CONNECT through the proxy */
    T_HANDSHAKING,       /* transfer.c start_tls(): TLS */
    T_SENDING,           /* transfer.c connection_ready(), write_request() */
    T_READING_HEAD,      /* transfer.c write_request() once the request is out */
    T_READING_BODY,      /* transfer_head.c mw_xfer_handle_head(): a body to save */
    T_DRAINING,          /* transfer_life.c mw_xfer_next_request_after_body(): a short body
                            read only to reuse the connection for the next request */
    T_WAITING_TO_RETRY,  /* transfer_life.c mw_xfer_fail_retryable(): the pause before the next try */
    T_WAITING_FOR_PARTS, /* transfer_files.c mw_xfer_complete(): --chunk-size, the lead's range is in, the parts' are not */
    T_DONE,              /* transfer_life.c mw_xfer_finish() */
} transfer_state;

/* Each part of a transfer's state says which files write it (the others
 * only read it); where two or more do, the first is its owner and the
 * others take it through one step of the transfer's path. */

/* The connection: transfer.c opens it (resolving, connecting, tunnel, TLS);
 * transfer_life.c pools or closes it. */
typedef struct transfer_link {
    mw_dns_query *dns_query;
    mw_connector *connector;
    mw_conn conn;           /* the connection to the peer (fd -1 when none) */
    const mw_proxy *proxy;  /* the proxy this URL goes through, or NULL */
    mw_tunnel *tunnel;      /* CONNECT through the proxy, while it runs */
    bool reused;            /* conn came from the keep-alive pool */
    int max_uses;           /* requests the server still allows on conn; -1: no limit */
    bool surplus;           /* bytes came after the response: the connection cannot be reused */
    mw_timer_id start_timer; /* a deferred start: callbacks never run inside a start */
    struct mw_h2_stream *h2; /* transfer_h2.c: the request's place on a shared HTTP/2 connection, or NULL */
    int h2_resends;         /* transfer_h2.c: requests sent again because the server did not take them */
    bool h2_head_waits;     /* transfer_h2.c: a head held until its small body is in t->resp.buf */
    size_t h2_held;         /* transfer_h2.c: body bytes held there */
} transfer_link;

/* The request on the wire: transfer.c; transfer_head.c turns a POST into a
 * GET for a 303 (as_get). */
typedef struct transfer_request {
    char *request;
    size_t request_len, request_sent;
    bool range_requested;   /* this request asked for the rest of the body */
    bool as_get;            /* a 301/302/303 turned the request into a bodiless GET */
} transfer_request;

/* Credentials: transfer_auth.c; transfer.c sets away_from_home at the
 * start and --auth-no-challenge's header; transfer_life.c drops an answer
 * to one URL's challenge on a redirect. */
typedef struct transfer_auth {
    char *authorization;    /* Authorization for this URL: an answered challenge, or --auth-no-challenge */
    bool auth_sent;         /* the last request carried credentials */
    bool away_from_home;    /* a crawl's link off the start URLs' origins: the options' credentials are not for it */
} transfer_auth;

/* Reading the response: transfer_read.c; transfer.c resets it for each
 * request; transfer_head.c records the status. */
typedef struct transfer_response {
    mw_http_parser parser;
    char *buf;              /* read buffer, MW_READ_BUFFER bytes */
    size_t head_bytes;      /* bytes of the response head read so far */
    int http_status;        /* of the last response head, 0 before one */
    mw_timer_id more_timer; /* continues reading after a bounded round */
    mw_timer_id read_timer; /* -T: inactivity */
    uint64_t last_read_ms;
} transfer_response;

/* The body on its way to the sink: transfer_head.c opens it and sets its
 * framing, transfer_read.c fills it, transfer_files.c finishes it and
 * transfer_life.c aborts it. */
typedef struct transfer_body {
    mw_sink sink;
    bool sink_open;
    mw_inflate *inflater;   /* decodes a gzip or deflate body (--compression) */
    bool corrupt_encoding;  /* the inflater refused the body */
    int64_t body_remaining; /* for Content-Length bodies */
    int64_t body_total;     /* the file's expected final size, -1 when unknown */
    int64_t body_start_written; /* sink bytes before this response's body */
    int64_t head_saved;     /* --save-headers: bytes of the head written before the body */
    uint64_t body_started_ms;
    mw_timer_id throttle_timer; /* --limit-rate: resumes reading when the pace allows */
    mw_timer_id progress_timer;
    bool completed;         /* the body was saved whole */
} transfer_body;

/* The file already there and what -c, -N and -nc make of it:
 * transfer_files.c; transfer_life.c and transfer_head.c drop the partial
 * bytes' claims when they restart from zero. */
typedef struct transfer_resume {
    int64_t resume_from;    /* -c: bytes of an existing file to continue from */
    bool continuing;        /* -c takes over the existing file (from resume_from, maybe 0) */
    bool resume_marked;     /* that file carries our incomplete mark: it is a partial download of ours */
    int64_t resume_expected; /* the full length its mark recorded, -1 when unknown */
    int restarts;           /* partial bytes dropped because the file changed under a resume */
    bool replace_existing;  /* -N: a newer remote file overwrites the local one */
    char *existing_path;    /* the file -nc, -c or -N found there, for what they do with it later */
    char *judged_path;      /* the file -c and -N decided for (found there or not): the URL's, or the server's */
    bool asked_for_server_name; /* the request went again, with -c and -N decided for the file the server named */
    int64_t local_size;     /* -N: the local file's size and mtime */
    time_t local_mtime;
    char *validator;        /* ETag or Last-Modified the partial bytes belong to */
    bool temporary;         /* saved as NAME.tmp, as wget: deleting it after must not take the user's NAME */
    bool probing;           /* -N --no-if-modified-since: this request is wget's HEAD, the GET follows when newer */
} transfer_resume;

/* Trying again after a failure: transfer_life.c. */
typedef struct transfer_retry {
    int attempt;            /* 1 for the first try */
    mw_timer_id retry_timer;
} transfer_retry;

/* Why the next request goes out, and where: transfer_head.c and
 * transfer_auth.c say, transfer_life.c carries it out. */
typedef enum transfer_next_reason {
    NEXT_NONE,
    NEXT_REDIRECT,      /* a 3xx Location */
    NEXT_AUTHENTICATE,  /* a 401 answered: the same URL with credentials */
    NEXT_SERVER_NAME,   /* the server named another file: -c and -N ask again for it */
    NEXT_DONE,          /* no request: the transfer ends with final_status once the body is dropped */
    NEXT_AFTER_HEAD,    /* -N --no-if-modified-since: the HEAD found a newer file; now the GET */
} transfer_next_reason;

typedef struct transfer_next {
    transfer_next_reason reason;
    mw_url url;             /* where the next request goes (the same URL but for a redirect) */
    int redirects;          /* redirects followed so far */
    mw_status final_status; /* NEXT_DONE: the transfer's status */
} transfer_next;

/* --chunk-size: transfer_parts.c. The transfer of a file (the lead)
 * fetches its first chunk and hands the others to part transfers
 * writing into the same file. */
typedef struct transfer_parts {
    bool chunking;          /* the lead asks for the first chunk only */
    mw_transfer *lead;      /* a part: its lead; NULL otherwise */
    int64_t part_start, part_end; /* a part's byte range (inclusive) */
    int part_fd;            /* a part's own descriptor of the lead's file, or -1 */
    mw_transfer **running;  /* the lead's running parts */
    size_t nrunning;
    int64_t next_chunk;     /* the lead: the first byte no part has taken yet */
    int64_t parts_written;  /* the lead: bytes the finished parts wrote */
    int64_t failed_range_at; /* the lead: the first byte a failed part did not get, or -1 */
    int64_t marked_prefix;  /* the lead: the valid bytes its file's mark counts */
    time_t file_mtime;      /* the lead: Last-Modified, kept while the parts finish */
} transfer_parts;

/* What became of the URL: transfer_life.c (status, error), transfer_files.c
 * (the saved file and its accounting), transfer_head.c (--content-on-error's
 * outcome), transfer_report.c (named_attempt). */
typedef struct transfer_result {
    mw_status status;
    mw_status outcome;      /* the status of a saved body (8 for --content-on-error pages) */
    char *error;            /* the message the transfer failed with, or NULL */
    char *saved_path;       /* the file a finished body went to */
    char *content_type;     /* of the saved body */
    int64_t bytes_written;  /* what the sink held when the transfer finished */
    char *url_texts[2];     /* the original and the final URL as text, made for mw_transfer_result */
    int64_t body_bytes;     /* body bytes saved whole in this run (-c: the new ones), for the summary */
    uint64_t body_ms;       /* time spent receiving them */
    bool body_saved;        /* a body was written whole */
    int named_attempt;      /* the attempt whose failure -nv has named the URL of */
} transfer_result;

/* The body's digests as it streams (sha256 for the URL's result, the
 * expected algorithm for --checksum): transfer_digest.c. */
typedef struct transfer_digest {
    mw_digests *digests;    /* fed by the sink; NULL: nothing asked */
    mw_digest_algo expected_algo;
    char expected[MW_DIGEST_HEX_MAX]; /* the hex the body must have; "" when none */
    char sha256[MW_DIGEST_HEX_MAX];   /* of the body saved whole; "" until then */
    int verdict;            /* 1 matched, -1 differed, 0 not checked */
} transfer_digest;

struct mw_transfer {
    mw_ctx *ctx;
    const struct transfer_ops *ops; /* the machine's callbacks */
    transfer_state state;
    mw_url original;        /* names the file, as wget does without --trust-server-names */
    mw_url url;             /* the URL being fetched now, after redirects */
    bool spider;            /* --spider: HEAD, nothing saved (a crawl reads pages with GET all the same) */
    transfer_link link;
    transfer_request req;
    transfer_auth auth;
    transfer_response resp;
    transfer_body body;
    transfer_resume resume;
    transfer_retry retry;
    transfer_next next;
    transfer_parts parts;
    transfer_result result;
    transfer_digest digest;
    uint64_t started_ms;    /* for the URL's elapsed time */
    mw_transfer_done_cb done;
    void *done_data;
    void (*file_opened)(void *done_data);
    mw_warc_exchange *warc; /* --warc-file: this request's exchange, from the request out to close_connection */
};

/* The machine's callbacks (transfer.c), given to every transfer: the
 * files below it start requests through them. */
typedef struct transfer_ops {
    void (*begin)(mw_transfer *t);     /* on t->url: HSTS, the pool or DNS, then the request */
    void (*reconnect)(mw_transfer *t); /* a new connection for the same request (a stale pooled one failed) */
} transfer_ops;

/* ---- small rules every step reads ---- */

/* Where the socket goes: the proxy, or the URL's host. */
static inline const mw_url *mw_xfer_peer(const mw_transfer *t)
{
    return t->link.proxy ? &t->link.proxy->url : &t->url;
}

/* An http URL through a proxy is asked of the proxy itself: such
 * connections are pooled under the proxy; tunnels under their origin. */
static inline const mw_url *mw_xfer_pool_key(const mw_transfer *t)
{
    return t->link.proxy && t->url.scheme == MW_SCHEME_HTTP ? &t->link.proxy->url : &t->url;
}

/* GET, HEAD, POST or --method, after what redirects made of it. */
static inline const char *mw_xfer_method(const mw_transfer *t)
{
    const mw_options *o = t->ctx->opts;
    if (t->spider || t->resume.probing)
        return "HEAD";
    if (o->method && (!t->req.as_get || !strcasecmp(o->method, "HEAD")))
        return o->method;
    return o->body && !t->req.as_get ? "POST" : "GET";
}

/* --start-pos: the byte of the file that the body starts at (0: none).
 * A part of --chunk-size has its own range. */
static inline int64_t mw_xfer_start_pos(const mw_transfer *t)
{
    const mw_options *o = t->ctx->opts;
    return o->start_pos > 0 && !t->parts.lead && !t->spider ? o->start_pos : 0;
}

/* The floors of the transfer, from the ground up: a file calls only the
 * files listed before it here (and reaches transfer.c through t->ops). */

/* ---- transfer_ranges.c ---- */
/* The validator to resume a response's body with: a strong ETag, or else
 * Last-Modified; NULL when it has neither. */
const char *mw_xfer_validator_of(const mw_http_response *r);
/* The bytes of the file so far: the lead's own and its parts'. */
int64_t mw_xfer_file_bytes(const mw_transfer *t);
int64_t mw_xfer_valid_prefix(const mw_transfer *lead);
void mw_xfer_mark_valid_prefix(mw_transfer *lead);
bool mw_xfer_part_range_ok(const mw_transfer *t, const mw_http_response *r, int64_t want);
bool mw_xfer_may_chunk(const mw_transfer *t);

/* ---- transfer_report.c ---- */
/* Whether mw_xfer_log() would show a line of this level: callers skip
 * preparing one that would not. */
bool mw_xfer_log_wanted(const mw_transfer *t, mw_log_level level);
/* Logs for t; a part of a chunked download speaks only of errors. */
void mw_xfer_log(mw_transfer *t, mw_log_level level, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* -nv: a line with the URL before a failure's message, once per attempt. */
void mw_xfer_name_failed_url(mw_transfer *t);
/* Progress of the body to the caller's display. */
void mw_xfer_report_progress(mw_transfer *t, bool finished);
/* Starts the progress reports of a body. */
void mw_xfer_watch_progress(mw_transfer *t);
/* wget's line for a saved file ("... saved [got/total]"), or -nv's. */
void mw_xfer_report_saved(mw_transfer *t, int64_t got, uint64_t elapsed_ms, const char *display);
/* "Length: ..." of the body to come. */
void mw_xfer_report_length(mw_transfer *t, bool resumed);
/* The response head, for -S or --debug. */
void mw_xfer_report_server_response(mw_transfer *t);
void mw_xfer_report_debug_response(mw_transfer *t);
/* "Connecting to HOST (HOST)|ADDR|:PORT... outcome". */
void mw_xfer_report_connecting(mw_transfer *t, const mw_addr *addr, const char *outcome);
/* --debug shows the request head, with credentials hidden. */
void mw_xfer_report_request(mw_transfer *t);
/* One connection attempt's outcome (err NULL: connected). */
void mw_xfer_report_attempt(mw_transfer *t, const mw_addr *addr, const char *err);
/* "--TIME--  URL" as a request starts (and spider mode's notice). */
void mw_xfer_report_start(mw_transfer *t);
/* "Resolving HOST (HOST)... ADDRESSES" (or its failure), for names only. */
void mw_xfer_report_resolved(mw_transfer *t, const mw_addr_list *addrs, const char *err);
/* "Reusing existing connection to HOST:PORT." */
void mw_xfer_report_reuse(mw_transfer *t);
/* The same, for a connection used before under another name: endpoint is
 * that name's "host:port", as wget names the connection it reuses. */
void mw_xfer_report_reuse_of(mw_transfer *t, const char *endpoint);

/* ---- transfer_life.c ---- */
/* A transfer not started yet. NULL when out of memory. */
mw_transfer *mw_xfer_new(mw_ctx *ctx, const mw_url *url, const transfer_ops *ops, mw_transfer_done_cb done, void *data);
/* Stops watching, closes the connection and the timers of the request. */
void mw_xfer_close_connection(mw_transfer *t);
/* After a response read to its end: pools the connection or closes it. */
void mw_xfer_release_connection(mw_transfer *t);
/* Ends the transfer; the done callback runs last, and may free t. */
void mw_xfer_finish(mw_transfer *t, mw_status status);
/* Keeps a failure's message for the URL's result. */
void mw_xfer_remember_error(mw_transfer *t, const char *msg);
/* Logs the message and ends the transfer with status. */
void mw_xfer_fail(mw_transfer *t, mw_status status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Like mw_xfer_fail, but tries again (-t) after a pause when attempts are left. */
void mw_xfer_fail_retryable(mw_transfer *t, mw_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The same with the pause chosen by the caller (Retry-After, backoff): the
 * log says "Retrying in 2s (why)." (why may be NULL). */
void mw_xfer_fail_retryable_in(mw_transfer *t, mw_status status, uint64_t wait_ms, const char *why, const char *msg);
/* The sink refused bytes: the file is kept partial and the transfer ends (exit 3). */
void mw_xfer_body_write_failed(mw_transfer *t);
/* Starts the request t->next says (its body was read or dropped). */
void mw_xfer_go_next(mw_transfer *t);
/* Sends the request t->next says once this response's body is read (a
 * short body still on its way is drained first). */
void mw_xfer_next_request_after_body(mw_transfer *t, size_t leftover);
/* An answer that ends the transfer (an error, -N's unchanged file) with
 * status: its short body is read and dropped first, so the connection can
 * carry the next URL's request, as wget keeps it (leftover: body bytes in
 * hand). A connection that fails meanwhile does not change the status. */
void mw_xfer_finish_after_body(mw_transfer *t, mw_status status, size_t leftover);
/* mw_xfer_fail's message now, then mw_xfer_finish_after_body(). */
void mw_xfer_fail_after_body(mw_transfer *t, mw_status status, size_t leftover, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The partial bytes belong to another version of the file, or cannot be
 * vouched for: they are dropped and the whole file asked for again. */
void mw_xfer_restart_from_zero(mw_transfer *t, const char *why);
/* Frees a finished transfer on the next loop round (its code may still be on the stack). */
void mw_xfer_free_later(mw_transfer *t);
/* The lead failed: its parts stop writing before the file is cut back. */
void mw_xfer_stop_parts(mw_transfer *t);
/* A pooled connection that fails before any byte of the response is tried
 * once more on a new one; false when that does not apply. */
bool mw_xfer_retry_stale_connection(mw_transfer *t);

/* ---- transfer_digest.c ---- */
/* The sink is open: its bytes are digested from now on when the results
 * or a checksum ask for it (-c: the kept prefix is read once first); name
 * is the local file's (NULL under -O), for the caller's expected digest.
 * False when the transfer ended. */
bool mw_xfer_digest_start(mw_transfer *t, const char *name);
/* The body is whole (its sink still open): the sha256 for the result, and
 * the checksum's verdict. False when the body differs from the expected
 * digest: the file is removed and the transfer ended (exit 1). */
bool mw_xfer_digest_verify(mw_transfer *t);
/* -c found the file at path already complete: it is checked whole against
 * the expected digest. False when it differs (the transfer ended, exit 1;
 * the file is left as it was). */
bool mw_xfer_digest_check_existing(mw_transfer *t, const char *path);

/* ---- transfer_polite.c ---- */
/* An error answer the server asks to retry (429 or 503 with Retry-After),
 * or that --retry-on-http-error lists: tried again after the pause it asks
 * for (capped), or a backoff with full jitter; a 429 or 503 also lowers
 * the downloads at once to its host. False when it is not such an answer. */
bool mw_xfer_retry_politely(mw_transfer *t, const char *stamp);

/* ---- transfer_files.c ---- */
/* Where the body goes: dir (NULL: here) and name; *added (when not NULL)
 * gets the length of the extension -E added to the name, or 0. */
int mw_xfer_local_place(mw_transfer *t, const mw_http_response *r, char **dir, char **name, size_t *added);
bool mw_xfer_open_sink(mw_transfer *t);
bool mw_xfer_remote_is_newer(mw_transfer *t);
/* -nc or -N keeps the file already at path (name is shown when path is
 * NULL): wget's "not retrieving" line, and a crawl still reads the file. */
/* Why a local file is kept and nothing fetched: each has wget's words. */
typedef enum mw_keep_reason {
    MW_KEEP_NO_CLOBBER,   /* -nc: the file is there */
    MW_KEEP_NOT_NEWER,    /* -N: the server's date is no later */
    MW_KEEP_NOT_MODIFIED, /* -N: the server answered 304 */
} mw_keep_reason;
void mw_xfer_keep_local_file(mw_transfer *t, const char *path, const char *name, mw_keep_reason why);
/* -nc, -c and -N look at the file already there; false: nothing to fetch. */
bool mw_xfer_look_at_existing_file(mw_transfer *t);
/* -c and -N with a response that names another file than they decided for
 * (--content-disposition, --trust-server-names); false when the request
 * goes again, for the file the response names. */
bool mw_xfer_check_server_name(mw_transfer *t, size_t leftover);
/* The body is whole: finishes the file (or, for a lead, waits for its parts). */
void mw_xfer_complete(mw_transfer *t);

/* ---- transfer_auth.c ---- */
/* The options' credentials and --header's secrets may go to t->url. */
bool mw_xfer_at_home(const mw_transfer *t);
bool mw_xfer_credentials(mw_transfer *t, const char **user, const char **password, char *owned[2]);
/* Basic goes out before any challenge: t->url's host sent one earlier in the run. */
bool mw_xfer_basic_host_known(const mw_transfer *t);
/* A 401: true when it is answered (the next request carries credentials). */
bool mw_xfer_answer_challenge(mw_transfer *t, size_t leftover);
void mw_xfer_take_cookies(mw_transfer *t);

/* ---- transfer_parts.c ---- */
/* Keeps up to chunk_connections parts running until every chunk is taken. */
bool mw_xfer_start_parts(mw_transfer *lead);

/* ---- transfer_head.c ---- */
/* Acts on a complete response head, followed by leftover body bytes in the
 * buffer; false when the transfer ended or moved on. */
bool mw_xfer_handle_head(mw_transfer *t, size_t leftover);

/* ---- transfer_read.c ---- */
/* The parser's body callback: bytes off the wire, decoded when compressed. */
int mw_xfer_write_body(void *data, const char *buf, size_t len);
/* Reads what the connection has: the head, then the body. */
void mw_xfer_read_socket(mw_transfer *t);
/* The read timeout (-T) from now on, for every wait on the server. */
void mw_xfer_watch_inactivity(mw_transfer *t);

/* ---- transfer.c: the machine, on top ---- */

#endif
