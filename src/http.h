/* http: HTTP/1.1 request text and response parsing (llhttp).
 *
 * The parser reads a response head, stops so the caller can act on it, then
 * (for chunked and close-delimited bodies) hands body bytes to a callback.
 * A body with a Content-Length is left to the caller, who counts it down
 * itself: that keeps the fast path free of per-byte parsing. Memory is
 * bounded: a head larger than MW_HTTP_MAX_HEAD or with more than
 * MW_HTTP_MAX_HEADERS fields is a parse error. So is a stream that never
 * ends its head (an endless status line, blank lines, interim responses)
 * or its chunk framing (an endless chunk size, extension or trailer): over
 * MW_HTTP_MAX_FRAMING bytes without body data.
 *
 * A gzip or deflate transfer coding (Transfer-Encoding: gzip, chunked) is
 * decoded before the body callback; any other coding but chunked and
 * identity is refused. */
#ifndef MW_HTTP_H
#define MW_HTTP_H

#include <llhttp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "inflate.h"
#include "miniwget/url.h"

#define MW_HTTP_MAX_HEAD (64 * 1024)
#define MW_HTTP_MAX_HEADERS 500
#define MW_HTTP_MAX_INFORMATIONAL 16 /* 1xx responses tolerated before a final one */
/* Raw bytes without body data: the head with the interim responses and
 * blank lines before it, or the chunk framing between two pieces of data. */
#define MW_HTTP_MAX_FRAMING (2 * MW_HTTP_MAX_HEAD)

typedef enum mw_http_framing {
    MW_BODY_NONE,    /* HEAD, 1xx, 204, 304 */
    MW_BODY_LENGTH,  /* Content-Length: the caller reads exactly content_length bytes */
    MW_BODY_CHUNKED, /* fed through the parser */
    MW_BODY_CLOSE,   /* fed through the parser until EOF */
} mw_http_framing;

typedef struct mw_http_response {
    int status;
    char reason[128];
    unsigned version_major, version_minor;
    mw_http_framing framing;
    int64_t content_length; /* -1 when unknown */
    bool keep_alive;        /* the connection may carry another request afterwards */
    char *fields;           /* "name\0value\0" pairs; nfields of them */
    size_t fields_len;
    size_t fields_cap;      /* grows as fields come, up to MW_HTTP_MAX_HEAD */
    size_t nfields;
} mw_http_response;

/* Statuses are three digits: 0 to 999 index a table of them. */
#define MW_HTTP_STATUS_LIMIT 1000

/* Reads a list of statuses ("503,429": three-digit codes and commas, spaces
 * around them) into listed[code] = true, leaving the other entries alone.
 * Returns 0, or -1 when list is not such a list. */
int mw_http_status_list_parse(const char *list, bool listed[MW_HTTP_STATUS_LIMIT]);

/* 1 when status is in list, 0 when not, -1 when list is not such a list.
 * Reads the list on every call: mw_http_status_list_parse() reads it once. */
int mw_http_status_listed(const char *list, int status);

/* First value of the named header (case-insensitive), or NULL. */
const char *mw_http_header(const mw_http_response *resp, const char *name);
/* Iterates over fields: *cursor starts at 0; returns false after the last. */
bool mw_http_next_header(const mw_http_response *resp, size_t *cursor, const char **name, const char **value);

/* True for a character of an RFC 9110 token (method, field name, auth scheme). */
bool mw_http_token_char(char c);

/* A Content-Range value "bytes START-END/TOTAL": START, END and TOTAL;
 * false when it is not one (or not consistent). */
bool mw_http_parse_content_range(const char *value, int64_t *start, int64_t *end, int64_t *total);

typedef enum mw_http_result {
    MW_HTTP_MORE,      /* all input consumed, need more */
    MW_HTTP_HEAD_DONE, /* the final response head is parsed; see parser.resp */
    MW_HTTP_MSG_DONE,  /* the body ended (chunked last chunk and trailers, or EOF) */
    MW_HTTP_ERROR,     /* malformed: see mw_http_error() */
} mw_http_result;

/* Receives body bytes of chunked and close-delimited bodies; returns 0, or -1 to abort. */
typedef int (*mw_http_body_cb)(void *data, const char *buf, size_t len);

typedef struct mw_http_parser {
    llhttp_t llhttp;
    llhttp_settings_t settings;
    mw_http_response resp;
    bool head_request;
    bool head_done, msg_done;
    unsigned informational;
    size_t framing_bytes;    /* raw bytes since the last body byte (or the start) */
    bool cr_last;            /* the head's bytes so far end with a CR */
    const char *data_end;    /* in the buffer being parsed: just past its last body byte, or NULL */
    mw_inflate *transfer_decoder; /* Transfer-Encoding gzip or deflate, or NULL */
    mw_http_body_cb on_body;
    void *body_data;
    char error[160];
    bool ignore_length;      /* --ignore-length: a Content-Length does not frame the body; it ends at EOF */
} mw_http_parser;

void mw_http_parser_init(mw_http_parser *p, bool head_request, mw_http_body_cb on_body, void *data);
void mw_http_parser_free(mw_http_parser *p);
/* Parses buf; *consumed tells how much was used (the rest belongs to what
 * follows: the body, when HEAD_DONE is returned). */
mw_http_result mw_http_parser_feed(mw_http_parser *p, const char *buf, size_t len, size_t *consumed);
/* The peer closed the connection: ends a close-delimited body, or reports
 * the truncation of anything else. */
mw_http_result mw_http_parser_eof(mw_http_parser *p);
const char *mw_http_error(const mw_http_parser *p);

#endif
