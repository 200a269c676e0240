/* transfer_internal: the state of one transfer, shared by the files that
 * make up the state machine:
 *   transfer.c        connecting, requests, reading responses, bodies, retries
 *   transfer_head.c   what a response head means: redirect, challenge, error, or a body to save
 *   transfer_files.c  where the body goes and what a file already there means
 *   transfer_auth.c   credentials and cookies
 *   transfer_parts.c  the ranges of --chunk-size
 * Nothing outside these files includes it. */
#ifndef MW_TRANSFER_INTERNAL_H
#define MW_TRANSFER_INTERNAL_H

#include <stdarg.h>
#include <time.h>

#include "conn.h"
#include "connect.h"
#include "ctx.h"
#include "http.h"
#include "inflate.h"
#include "sink.h"
#include "transfer.h"
#include "tunnel.h"

#define MW_READ_BUFFER (128 * 1024)

typedef enum transfer_state {
    T_RESOLVING,
    T_CONNECTING,
    T_TUNNELING,
    T_HANDSHAKING,
    T_SENDING,
    T_READING_HEAD,
    T_READING_BODY,
    T_DRAINING,          /* reading a redirect's or challenge's short body, only to reuse the connection */
    T_WAITING_TO_RETRY,
    T_WAITING_FOR_PARTS, /* --chunk-size: the lead's range is in, the parts' are not */
    T_DONE,
} transfer_state;

/* Each part of a transfer's state has one owner, the file that writes it
 * (the others read): */

/* The connection: transfer.c (resolving, connecting, tunnel, TLS). */
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
} transfer_link;

/* The request on the wire: transfer.c. */
typedef struct transfer_request {
    char *request;
    size_t request_len, request_sent;
    bool range_requested;   /* this request asked for the rest of the body */
    bool as_get;            /* a 301/302/303 turned the request into a bodiless GET */
} transfer_request;

/* Credentials: transfer_auth.c. */
typedef struct transfer_auth {
    char *authorization;    /* Authorization for this URL: an answered challenge, or --auth-no-challenge */
    bool auth_sent;         /* the last request carried credentials */
    bool away_from_home;    /* a crawl's link off the start URLs' origins: the options' credentials are not for it */
} transfer_auth;

/* Reading the response: transfer_read.c. */
typedef struct transfer_response {
    mw_http_parser parser;
    char *buf;              /* read buffer, MW_READ_BUFFER bytes */
    size_t head_bytes;      /* bytes of the response head read so far */
    int http_status;        /* of the last response head, 0 before one */
    mw_timer_id more_timer; /* continues reading after a bounded round */
    mw_timer_id read_timer; /* -T: inactivity */
    uint64_t last_read_ms;
} transfer_response;

/* The body on its way to the sink: transfer_read.c and transfer_head.c (which opens it). */
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

/* The file already there and what -c, -N and -nc make of it: transfer_files.c. */
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
} transfer_next_reason;

typedef struct transfer_next {
    transfer_next_reason reason;
    mw_url url;             /* where the next request goes (the same URL but for a redirect) */
    int redirects;          /* redirects followed so far */
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

/* What became of the URL: transfer_life.c, and transfer_report.c for
 * named_attempt. */
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

struct mw_transfer {
    mw_ctx *ctx;
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
    mw_transfer_done_cb done;
    void *done_data;
};

/* Whether transfer_log() would show a line of this level: callers skip
 * preparing one that would not. */
bool transfer_log_wanted(const mw_transfer *t, mw_log_level level);
/* Logs for t; a part of a chunked download speaks only of errors. */
void transfer_log(mw_transfer *t, mw_log_level level, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* -nv: a line with the URL before a failure's message, once per attempt. */
void transfer_name_failed_url(mw_transfer *t);
/* Ends the transfer; the done callback runs last, and may free t. */
void transfer_finish(mw_transfer *t, mw_status status);
/* Logs the message and ends the transfer with status. */
void transfer_fail(mw_transfer *t, mw_status status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Like transfer_fail, but tries again (-t) after a pause when attempts are left. */
void transfer_fail_retryable(mw_transfer *t, mw_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The sink refused bytes: the file is kept partial and the transfer ends (exit 3). */
void transfer_body_write_failed(mw_transfer *t);
/* After a response read to its end: pools the connection or closes it. */
void transfer_release_connection(mw_transfer *t);
/* Starts the progress reports of a body. */
void transfer_watch_progress(mw_transfer *t);
/* The body is whole: finishes the file (or, for a lead, waits for its parts). */
void transfer_complete(mw_transfer *t);
/* Starts (again) on t->url: HSTS, the pool or DNS, then the request. */
void transfer_begin(mw_transfer *t);
/* A transfer not started yet. NULL when out of memory. */
mw_transfer *transfer_new(mw_ctx *ctx, const mw_url *url, mw_transfer_done_cb done, void *data);
/* GET, HEAD, POST or --method, after what redirects made of it. */
const char *transfer_method(const mw_transfer *t);

/* transfer_head.c */
/* The validator to resume a response's body with: a strong ETag, or else
 * Last-Modified; NULL when it has neither. */
const char *transfer_validator_of(const mw_http_response *r);
/* Acts on a complete response head, followed by leftover body bytes in the
 * buffer; false when the transfer ended or restarted. */
bool transfer_handle_head(mw_transfer *t, size_t leftover);
/* Starts over on t->next.redirect_to (its body was read or dropped). */
void transfer_take_redirect(mw_transfer *t);
/* Sends the request for t->next.redirect_to once this response's body is read. */
void transfer_next_request_after_body(mw_transfer *t, size_t leftover);

/* transfer_files.c */
/* Where the body goes: dir (NULL: here) and name; *added (when not NULL)
 * gets the length of the extension -E added to the name, or 0. */
int transfer_local_place(mw_transfer *t, const mw_http_response *r, char **dir, char **name, size_t *added);
bool transfer_open_sink(mw_transfer *t);
bool transfer_remote_is_newer(mw_transfer *t);
/* -nc or -N keeps the file already at path (name is shown when path is
 * NULL): wget's "not retrieving" line, and a crawl still reads the file. */
void transfer_keep_local_file(mw_transfer *t, const char *path, const char *name, bool no_clobber);
/* -nc, -c and -N look at the file already there; false: nothing to fetch. */
bool transfer_look_at_existing_file(mw_transfer *t);
/* -c and -N with a response that names another file than they decided for
 * (--content-disposition, --trust-server-names); false when the request
 * goes again, for the file the response names. */
bool transfer_check_server_name(mw_transfer *t, size_t leftover);

/* transfer_auth.c */
/* The options' credentials and --header's secrets may go to t->url. */
bool transfer_at_home(const mw_transfer *t);
bool transfer_credentials(mw_transfer *t, const char **user, const char **password, char *owned[2]);
bool transfer_answer_challenge(mw_transfer *t, size_t leftover);
void transfer_take_cookies(mw_transfer *t);

/* transfer_parts.c */
int64_t transfer_file_bytes(const mw_transfer *t);
int64_t transfer_valid_prefix(const mw_transfer *lead);
void transfer_mark_valid_prefix(mw_transfer *lead);
bool transfer_part_range_ok(const mw_transfer *t, const mw_http_response *r, int64_t want);
bool transfer_may_chunk(const mw_transfer *t);
bool transfer_start_parts(mw_transfer *lead);
void transfer_stop_parts(mw_transfer *t);

#endif
