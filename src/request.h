/* request: the head (and body) of one HTTP request.
 *
 * The fields are a list, not text, so that --header can replace any
 * default field where it stands (as wget does) or drop it; the text is
 * made once, when the request is complete. */
#ifndef MW_REQUEST_H
#define MW_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "miniwget/miniwget.h"
#include "miniwget/url.h"

/* The request borrows every name and value it is given: they must outlive
 * it (mw_request_compose keeps them on its stack or in the options), so
 * that making a request copies each byte once, into its text. */
typedef struct mw_request_field {
    const char *name;
    size_t name_len;
    const char *value;
} mw_request_field;

typedef struct mw_request {
    mw_request_field *fields;
    size_t count, capacity;
} mw_request;

void mw_request_init(mw_request *r);
void mw_request_free(mw_request *r);

/* Appends a field known to be new; a NULL or empty value adds nothing.
 * -1 when out of memory. */
int mw_request_add(mw_request *r, const char *name, const char *value);
/* Sets a field, replacing the value of the first of the same name
 * (case-insensitive) in place; a NULL or empty value removes it. */
int mw_request_set(mw_request *r, const char *name, size_t name_len, const char *value);

/* Applies one --header line "Name: value". -1 when it is not such a line. */
int mw_request_apply_line(mw_request *r, const char *line);

/* True when text holds a CR or LF, which would end a header line early. */
bool mw_request_unsafe(const char *text);

/* The request as sent: "METHOD target HTTP/1.1", the fields, a blank line
 * and body_len bytes of body. Returns NULL when out of memory. Caller frees. */
char *mw_request_text(const mw_request *r, const char *method, const char *target, const char *body,
                      size_t body_len, size_t *len);

/* What one request of a transfer says, beyond what the options say. */
typedef struct mw_request_plan {
    const char *method;
    const mw_url *url;
    bool absolute_form;              /* to an http proxy: the whole URL is the target */
    bool with_body;                  /* send the options' body */
    const char *authorization;       /* NULL: none */
    const char *proxy_authorization; /* NULL: none */
    const char *cookie;              /* NULL: none */
    bool range;                      /* ask for a range of the body */
    int64_t range_from;              /* its first byte */
    int64_t range_to;                /* its last byte, or -1: to the end */
    const char *if_range;            /* the validator the range must match, or NULL */
    time_t if_modified_since;        /* 0: none */
    bool without_secret_headers;     /* off the origin they were given for: --header's Authorization,
                                        Proxy-Authorization and Cookie lines are left out */
} mw_request_plan;

/* The whole request text, in wget's field order, with the --header lines
 * applied last. NULL when out of memory. Caller frees. */
char *mw_request_compose(const mw_options *o, const char *default_user_agent, const mw_request_plan *plan,
                         size_t *len);

/* "CONNECT host:port HTTP/1.1" for a tunnel through a proxy. Caller frees. */
char *mw_request_connect(const mw_url *url, const char *user_agent, const char *proxy_authorization, size_t *len);

#endif
