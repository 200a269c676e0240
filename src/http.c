#include "http.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int mw_http_status_listed(const char *list, int status)
{
    int found = 0;
    for (const char *p = list;; p++) {
        while (*p == ' ')
            p++;
        if (!isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]) || !isdigit((unsigned char)p[2]))
            return -1;
        found |= (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0') == status;
        for (p += 3; *p == ' '; p++)
            ;
        if (!*p)
            return found;
        if (*p != ',')
            return -1;
    }
}

const char *mw_http_header(const mw_http_response *resp, const char *name)
{
    size_t cursor = 0;
    const char *n, *v;
    int first = tolower((unsigned char)name[0]); /* most fields differ there: skip strcasecmp for them */
    while (mw_http_next_header(resp, &cursor, &n, &v))
        if (tolower((unsigned char)n[0]) == first && strcasecmp(n, name) == 0)
            return v;
    return NULL;
}

bool mw_http_next_header(const mw_http_response *resp, size_t *cursor, const char **name, const char **value)
{
    if (*cursor >= resp->fields_len)
        return false;
    *name = resp->fields + *cursor;
    *value = *name + strlen(*name) + 1;
    *cursor = (size_t)(*value + strlen(*value) + 1 - resp->fields);
    return true;
}

static mw_http_parser *parser_of(llhttp_t *l)
{
    return (mw_http_parser *)((char *)l - offsetof(mw_http_parser, llhttp));
}

static int fail(mw_http_parser *p, const char *reason)
{
    snprintf(p->error, sizeof p->error, "%s", reason);
    llhttp_set_error_reason(&p->llhttp, p->error);
    return HPE_USER;
}

/* Appends header bytes to the bounded field store. */
static int store(mw_http_parser *p, const char *at, size_t len)
{
    mw_http_response *r = &p->resp;
    if (r->fields_len + len + 1 > MW_HTTP_MAX_HEAD)
        return fail(p, "Response header too large");
    if (len == 0) /* llhttp reports empty pieces too, maybe before the store has memory */
        return 0;
    if (r->fields_len + len > r->fields_cap) { /* most heads fit the first 1 KiB */
        size_t cap = r->fields_cap ? r->fields_cap : 1024;
        while (cap < r->fields_len + len)
            cap *= 2;
        char *grown = realloc(r->fields, cap);
        if (!grown)
            return fail(p, "Out of memory");
        r->fields = grown;
        r->fields_cap = cap;
    }
    memcpy(r->fields + r->fields_len, at, len);
    r->fields_len += len;
    return 0;
}

static int on_status(llhttp_t *l, const char *at, size_t len)
{
    mw_http_parser *p = parser_of(l);
    size_t have = strlen(p->resp.reason);
    size_t room = sizeof p->resp.reason - 1 - have;
    if (len > room)
        len = room;
    memcpy(p->resp.reason + have, at, len);
    p->resp.reason[have + len] = '\0';
    return 0;
}

static int on_header_field(llhttp_t *l, const char *at, size_t len)
{
    return store(parser_of(l), at, len);
}

static int on_header_field_complete(llhttp_t *l)
{
    mw_http_parser *p = parser_of(l);
    if (++p->resp.nfields > MW_HTTP_MAX_HEADERS)
        return fail(p, "Too many header fields");
    return store(p, "", 1);
}

static int on_header_value(llhttp_t *l, const char *at, size_t len)
{
    return store(parser_of(l), at, len);
}

static int on_header_value_complete(llhttp_t *l)
{
    mw_http_parser *p = parser_of(l);
    mw_http_response *r = &p->resp;
    /* A field with an empty value gets no on_header_value call; trailing
     * white space is not part of the value (RFC 9110 5.5). */
    while (r->fields_len > 0 && r->fields[r->fields_len - 1] != '\0' &&
           (r->fields[r->fields_len - 1] == ' ' || r->fields[r->fields_len - 1] == '\t'))
        r->fields_len--;
    return store(p, "", 1);
}

static void reset_head(mw_http_parser *p)
{
    p->resp.reason[0] = '\0';
    p->resp.fields_len = 0;
    p->resp.nfields = 0;
}

static int on_message_begin(llhttp_t *l)
{
    reset_head(parser_of(l));
    return 0;
}

static int on_headers_complete(llhttp_t *l)
{
    mw_http_parser *p = parser_of(l);
    mw_http_response *r = &p->resp;
    r->status = llhttp_get_status_code(l);
    r->version_major = llhttp_get_http_major(l);
    r->version_minor = llhttp_get_http_minor(l);
    if (r->status >= 100 && r->status < 200) {
        if (++p->informational > MW_HTTP_MAX_INFORMATIONAL)
            return fail(p, "Too many informational (1xx) responses");
        return 0; /* no body; llhttp goes on with the next response */
    }
    r->keep_alive = llhttp_should_keep_alive(l);
    r->content_length = -1;
    p->head_done = true;
    if (p->head_request || r->status == 204 || r->status == 304) {
        r->framing = MW_BODY_NONE;
        r->content_length = 0;
        return 1; /* llhttp then completes the message without a body */
    }
    if (l->flags & F_CHUNKED) {
        r->framing = MW_BODY_CHUNKED;
    } else if (l->flags & F_CONTENT_LENGTH) {
        r->framing = MW_BODY_LENGTH;
        r->content_length = (int64_t)l->content_length;
    } else {
        r->framing = MW_BODY_CLOSE;
        r->keep_alive = false;
    }
    return HPE_PAUSED;
}

static int on_body(llhttp_t *l, const char *at, size_t len)
{
    mw_http_parser *p = parser_of(l);
    if (p->on_body && p->on_body(p->body_data, at, len) < 0)
        return fail(p, "Body write failed");
    return 0;
}

static int on_message_complete(llhttp_t *l)
{
    mw_http_parser *p = parser_of(l);
    if (!p->head_done)
        return 0; /* the end of a 1xx response */
    p->msg_done = true;
    p->resp.keep_alive = p->resp.keep_alive && llhttp_should_keep_alive(l);
    return HPE_PAUSED;
}

void mw_http_parser_init(mw_http_parser *p, bool head_request, mw_http_body_cb body_cb, void *data)
{
    memset(p, 0, sizeof *p);
    llhttp_settings_init(&p->settings);
    p->settings.on_message_begin = on_message_begin;
    p->settings.on_status = on_status;
    p->settings.on_header_field = on_header_field;
    p->settings.on_header_field_complete = on_header_field_complete;
    p->settings.on_header_value = on_header_value;
    p->settings.on_header_value_complete = on_header_value_complete;
    p->settings.on_headers_complete = on_headers_complete;
    p->settings.on_body = on_body;
    p->settings.on_message_complete = on_message_complete;
    llhttp_init(&p->llhttp, HTTP_RESPONSE, &p->settings);
    p->head_request = head_request;
    p->on_body = body_cb;
    p->body_data = data;
    p->resp.content_length = -1;
}

void mw_http_parser_free(mw_http_parser *p)
{
    free(p->resp.fields);
    p->resp.fields = NULL;
    p->resp.fields_cap = 0;
}

static mw_http_result record_error(mw_http_parser *p, llhttp_errno_t err)
{
    if (!p->error[0]) {
        const char *reason = llhttp_get_error_reason(&p->llhttp);
        snprintf(p->error, sizeof p->error, "%s", reason && *reason ? reason : llhttp_errno_name(err));
    }
    return MW_HTTP_ERROR;
}

mw_http_result mw_http_parser_feed(mw_http_parser *p, const char *buf, size_t len, size_t *consumed)
{
    *consumed = 0;
    if (p->msg_done)
        return MW_HTTP_MSG_DONE;
    if (p->llhttp.error == HPE_PAUSED)
        llhttp_resume(&p->llhttp);
    bool had_head = p->head_done;
    llhttp_errno_t err = llhttp_execute(&p->llhttp, buf, len);
    if (err == HPE_OK) {
        *consumed = len;
        return MW_HTTP_MORE;
    }
    if (err != HPE_PAUSED)
        return record_error(p, err);
    *consumed = (size_t)(llhttp_get_error_pos(&p->llhttp) - buf);
    if (p->msg_done && had_head)
        return MW_HTTP_MSG_DONE;
    return MW_HTTP_HEAD_DONE; /* also for a body-less message: framing says NONE */
}

mw_http_result mw_http_parser_eof(mw_http_parser *p)
{
    if (p->msg_done)
        return MW_HTTP_MSG_DONE;
    if (p->llhttp.error == HPE_PAUSED)
        llhttp_resume(&p->llhttp);
    llhttp_errno_t err = llhttp_finish(&p->llhttp);
    if (err != HPE_OK && err != HPE_PAUSED)
        return record_error(p, err);
    if (p->msg_done)
        return MW_HTTP_MSG_DONE;
    snprintf(p->error, sizeof p->error, "%s",
             p->head_done ? "Connection closed before the end of the body" : "Connection closed before the response head");
    return MW_HTTP_ERROR;
}

const char *mw_http_error(const mw_http_parser *p)
{
    return p->error[0] ? p->error : "Malformed response";
}

/* "bytes START-END/TOTAL" -> START and TOTAL; false when unparseable. */
bool mw_http_parse_content_range(const char *value, int64_t *start, int64_t *end, int64_t *total)
{
    long long s0, e0, t0;
    if (!value || sscanf(value, "bytes %lld-%lld/%lld", &s0, &e0, &t0) != 3 || s0 < 0 || e0 < s0 || t0 <= e0)
        return false;
    *start = s0;
    *end = e0;
    *total = t0;
    return true;
}

bool mw_http_token_char(char c)
{
    return c > ' ' && c < 127 && !strchr("()<>@,;:\\\"/[]?={}", c);
}
