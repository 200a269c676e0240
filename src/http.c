#include "http.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fields.h"
#include "strbuf.h"

/* Strict, unlike mw_list_next(): an empty entry (",," or a trailing comma)
 * makes the list invalid and the option is refused. */
int mw_http_status_list_parse(const char *list, bool listed[MW_HTTP_STATUS_LIMIT])
{
    for (const char *p = list;; p++) {
        while (*p == ' ')
            p++;
        if (!isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]) || !isdigit((unsigned char)p[2]))
            return -1;
        listed[(p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0')] = true;
        for (p += 3; *p == ' '; p++)
            ;
        if (!*p)
            return 0;
        if (*p != ',')
            return -1;
    }
}

int mw_http_status_listed(const char *list, int status)
{
    bool listed[MW_HTTP_STATUS_LIMIT] = { 0 };
    if (mw_http_status_list_parse(list, listed) < 0)
        return -1;
    return status >= 0 && status < MW_HTTP_STATUS_LIMIT && listed[status];
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
    if (mw_grow(&r->fields, &r->fields_cap, r->fields_len + len, 1, 1024) < 0) /* most heads fit the first 1 KiB */
        return fail(p, "Out of memory");
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

static bool token_is(const char *s, size_t len, const char *token)
{
    return strlen(token) == len && strncasecmp(s, token, len) == 0;
}

/* One coding of Transfer-Encoding: chunked is llhttp's, identity is none,
 * gzip or deflate is decoded here; the rest cannot be read. */
static int take_transfer_coding(mw_http_parser *p, const char *coding, size_t len)
{
    char reason[96];
    if (token_is(coding, len, "chunked") || token_is(coding, len, "identity"))
        return 0;
    if (!token_is(coding, len, "gzip") && !token_is(coding, len, "x-gzip") && !token_is(coding, len, "deflate")) {
        snprintf(reason, sizeof reason, "Unsupported transfer coding '%.*s'", len > 32 ? 32 : (int)len, coding);
        return fail(p, reason);
    }
    if (p->transfer_decoder)
        return fail(p, "Unsupported transfer codings: compressed twice");
    p->transfer_decoder = mw_inflate_new();
    return p->transfer_decoder ? 0 : fail(p, "Out of memory");
}

static int choose_transfer_decoder(mw_http_parser *p)
{
    size_t cursor = 0;
    const char *name, *value;
    while (mw_http_next_header(&p->resp, &cursor, &name, &value)) {
        if (strcasecmp(name, "Transfer-Encoding") != 0)
            continue;
        size_t len;
        for (const char *c = value, *coding; mw_list_next(&c, ",", " \t", &coding, &len);) {
            size_t name_len = 0; /* the coding's name, without its parameters */
            while (name_len < len && !strchr(" \t;", coding[name_len]))
                name_len++;
            int rc = take_transfer_coding(p, coding, name_len);
            if (rc)
                return rc;
        }
    }
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
    int rc = choose_transfer_decoder(p);
    if (rc)
        return rc;
    if (p->ignore_length && !(l->flags & F_CHUNKED) && (l->flags & F_CONTENT_LENGTH)) {
        l->flags &= ~F_CONTENT_LENGTH; /* llhttp then reads the body until EOF */
        l->content_length = 0;
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

static int discard_body(void *data, const char *buf, size_t len)
{
    (void)data, (void)buf, (void)len;
    return 0;
}

static int decode_transfer_coding(mw_http_parser *p, const char *at, size_t len)
{
    char reason[160];
    switch (mw_inflate_feed(p->transfer_decoder, at, len, p->on_body ? p->on_body : discard_body, p->body_data)) {
    case MW_INFLATE_OK:
        return 0;
    case MW_INFLATE_CORRUPT:
        snprintf(reason, sizeof reason, "The compressed transfer coding is corrupt (%s)",
                 mw_inflate_error(p->transfer_decoder));
        return fail(p, reason);
    default:
        return fail(p, "Body write failed");
    }
}

static int on_body(llhttp_t *l, const char *at, size_t len)
{
    mw_http_parser *p = parser_of(l);
    p->data_end = at + len;
    if (p->transfer_decoder)
        return decode_transfer_coding(p, at, len);
    if (p->on_body && p->on_body(p->body_data, at, len) < 0)
        return fail(p, "Body write failed");
    return 0;
}

#define MW_HTTP_TRANSFER_CUT "The body ended before the end of its compressed data (Transfer-Encoding)"

static int on_message_complete(llhttp_t *l)
{
    mw_http_parser *p = parser_of(l);
    if (!p->head_done)
        return 0; /* the end of a 1xx response */
    if (p->transfer_decoder && !mw_inflate_finished(p->transfer_decoder))
        return fail(p, MW_HTTP_TRANSFER_CUT);
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
    mw_inflate_free(p->transfer_decoder);
    p->transfer_decoder = NULL;
}

static mw_http_result record_error(mw_http_parser *p, llhttp_errno_t err)
{
    if (!p->error[0]) {
        const char *reason = llhttp_get_error_reason(&p->llhttp);
        snprintf(p->error, sizeof p->error, "%s", reason && *reason ? reason : llhttp_errno_name(err));
    }
    return MW_HTTP_ERROR;
}

/* Counts the bytes of buf[0..used) that came after the last body byte; true
 * when there are too many of them (a head or chunk framing that never ends). */
static bool framing_too_long(mw_http_parser *p, const char *buf, size_t used)
{
    if (p->data_end)
        p->framing_bytes = (size_t)(buf + used - p->data_end);
    else
        p->framing_bytes += used;
    if (p->framing_bytes <= MW_HTTP_MAX_FRAMING)
        return false;
    snprintf(p->error, sizeof p->error,
             p->head_done ? "Over %d KiB of chunk framing (sizes, extensions, trailers) without data"
                          : "Response head too large (over %d KiB, with any interim responses)",
             MW_HTTP_MAX_FRAMING / 1024);
    return true;
}

/* Parses buf; *used: the bytes of buf taken (all of them unless paused). */
static llhttp_errno_t execute(mw_http_parser *p, const char *buf, size_t len, size_t *used)
{
    llhttp_errno_t err = llhttp_execute(&p->llhttp, buf, len);
    *used = err == HPE_PAUSED ? (size_t)(llhttp_get_error_pos(&p->llhttp) - buf) : len;
    return err;
}

/* A response head whose lines end with a bare LF, which wget reads: a CR is
 * fed before each LF that lacks one. llhttp 8 has no flag for just this
 * (its lenient headers mode lets much more through), so nothing else is
 * loosened; once the head is in, bytes go to llhttp untouched. */
static llhttp_errno_t execute_head(mw_http_parser *p, const char *buf, size_t len, size_t *consumed)
{
    size_t start = 0, used;
    llhttp_errno_t err = HPE_OK;
    for (size_t i = 0; i < len && err == HPE_OK; i++) {
        if (buf[i] != '\n' || (i > 0 ? buf[i - 1] == '\r' : p->cr_last))
            continue;
        err = execute(p, buf + start, i - start, &used);
        *consumed = start + used;
        if (err == HPE_OK)
            err = execute(p, "\r", 1, &used);
        start = i;
    }
    if (err == HPE_OK) {
        err = execute(p, buf + start, len - start, &used);
        *consumed = start + used;
    }
    p->cr_last = len > 0 && buf[len - 1] == '\r';
    return err;
}

mw_http_result mw_http_parser_feed(mw_http_parser *p, const char *buf, size_t len, size_t *consumed)
{
    *consumed = 0;
    if (p->msg_done)
        return MW_HTTP_MSG_DONE;
    if (p->llhttp.error == HPE_PAUSED)
        llhttp_resume(&p->llhttp);
    bool had_head = p->head_done;
    p->data_end = NULL;
    llhttp_errno_t err = had_head ? execute(p, buf, len, consumed) : execute_head(p, buf, len, consumed);
    if (err != HPE_OK && err != HPE_PAUSED)
        return record_error(p, err);
    if (framing_too_long(p, buf, *consumed))
        return MW_HTTP_ERROR;
    if (err == HPE_OK)
        return MW_HTTP_MORE;
    if (p->msg_done && had_head)
        return MW_HTTP_MSG_DONE;
    p->framing_bytes = 0; /* the head is done: from here on, the chunk framing counts */
    return MW_HTTP_HEAD_DONE; /* also for a body-less message: framing says NONE */
}

/* A close-delimited body ends at the close, even with no byte at all. */
static mw_http_result end_close_delimited(mw_http_parser *p)
{
    if (p->transfer_decoder && !mw_inflate_finished(p->transfer_decoder)) {
        snprintf(p->error, sizeof p->error, "%s", MW_HTTP_TRANSFER_CUT);
        return MW_HTTP_ERROR;
    }
    p->msg_done = true;
    p->resp.keep_alive = false;
    return MW_HTTP_MSG_DONE;
}

mw_http_result mw_http_parser_eof(mw_http_parser *p)
{
    if (p->msg_done)
        return MW_HTTP_MSG_DONE;
    if (p->head_done && p->resp.framing == MW_BODY_CLOSE)
        return end_close_delimited(p);
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
