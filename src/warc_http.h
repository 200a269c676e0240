/* warc_http: what the WARC writer reads of the HTTP bytes it records as
 * they were on the wire: the status and fields of the final response head
 * (after any 1xx ones), and the payload (WARC 1.1: the entity-body, with
 * the chunk framing of Transfer-Encoding: chunked removed) for its digest;
 * also whether the body ended where its framing says. */
#ifndef MW_WARC_HTTP_H
#define MW_WARC_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The status of the final response in head (len bytes, possibly after 1xx
 * responses); 0 when there is none. *final (when not NULL) points at its
 * status line. */
int mw_warc_http_status(const char *head, size_t len, const char **final);
/* Copies the first value of field name in the final response head into
 * out, spaces trimmed; false when it is not there. */
bool mw_warc_http_field(const char *head, size_t len, const char *name, char *out, size_t outlen);

typedef enum mw_warc_http_framing {
    MW_WARC_HTTP_NO_BODY,  /* HEAD, 1xx, 204, 304 */
    MW_WARC_HTTP_LENGTH,   /* Content-Length */
    MW_WARC_HTTP_CHUNKED,
    MW_WARC_HTTP_CLOSE,    /* until the connection closed */
} mw_warc_http_framing;

/* The payload of a response body fed in pieces as it came off the wire. */
typedef struct mw_warc_http_body {
    mw_warc_http_framing framing;
    int64_t length;        /* Content-Length */
    uint64_t received;     /* raw body bytes seen */
    int chunk_state;       /* where in the chunk framing the next byte falls */
    uint64_t chunk_left;   /* data bytes left in the current chunk */
} mw_warc_http_body;

/* Reads the framing from the request method and the response head. */
void mw_warc_http_body_init(mw_warc_http_body *b, bool head_request, const char *head, size_t len);
/* Hands the payload bytes among raw body bytes to out. */
void mw_warc_http_body_feed(mw_warc_http_body *b, const char *buf, size_t len,
                            void (*out)(void *data, const char *buf, size_t len), void *data);
/* True when the body ended as its framing says (a close-delimited one always has). */
bool mw_warc_http_body_whole(const mw_warc_http_body *b);

#endif
