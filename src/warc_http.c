/* warc_http: a small reader of heads already parsed once by http.c (the
 * transfer acted on them), and a chunk-framing walker for the payload. */
#include "warc_http.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The end of the line starting at p (at its CR LF or LF), or NULL. */
static const char *line_end(const char *p, const char *end)
{
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    return nl ? (nl > p && nl[-1] == '\r' ? nl - 1 : nl) : NULL;
}

static const char *next_line(const char *eol, const char *end)
{
    return eol < end && *eol == '\r' ? eol + 2 : eol + 1;
}

int mw_warc_http_status(const char *head, size_t len, const char **final)
{
    const char *p = head, *end = head + len;
    int status = 0;
    while (p < end && end - p > 12 && !strncmp(p, "HTTP/", 5)) {
        const char *sp = memchr(p, ' ', (size_t)(end - p));
        if (!sp)
            break;
        status = atoi(sp + 1);
        if (final)
            *final = p;
        if (status >= 200 || status < 100)
            break;
        /* an interim response: skip its fields to the next status line */
        const char *eol;
        while ((eol = line_end(p, end)) && eol != p)
            p = next_line(eol, end);
        if (!eol)
            break;
        p = next_line(eol, end);
    }
    return status;
}

bool mw_warc_http_field(const char *head, size_t len, const char *name, char *out, size_t outlen)
{
    const char *p = NULL, *end = head + len, *eol;
    if (!mw_warc_http_status(head, len, &p) || !(eol = line_end(p, end)))
        return false;
    size_t nlen = strlen(name);
    for (p = next_line(eol, end); p < end && (eol = line_end(p, end)) && eol != p; p = next_line(eol, end)) {
        if ((size_t)(eol - p) <= nlen || p[nlen] != ':' || strncasecmp(p, name, nlen))
            continue;
        const char *v = p + nlen + 1, *ve = eol;
        while (v < ve && (*v == ' ' || *v == '\t'))
            v++;
        while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
            ve--;
        size_t n = (size_t)(ve - v) < outlen - 1 ? (size_t)(ve - v) : outlen - 1;
        memcpy(out, v, n);
        out[n] = '\0';
        return true;
    }
    return false;
}

enum { CHUNK_SIZE, CHUNK_EXTENSION, CHUNK_SIZE_LF, CHUNK_DATA, CHUNK_DATA_CR, CHUNK_DATA_LF, CHUNK_TRAILER_START,
       CHUNK_TRAILER_LINE, CHUNK_TRAILER_LF, CHUNK_END_LF, CHUNK_DONE };

void mw_warc_http_body_init(mw_warc_http_body *b, bool head_request, const char *head, size_t len)
{
    *b = (mw_warc_http_body){ .framing = MW_WARC_HTTP_CLOSE, .length = -1 };
    int status = mw_warc_http_status(head, len, NULL);
    char value[64];
    if (head_request || status < 200 || status == 204 || status == 304)
        b->framing = MW_WARC_HTTP_NO_BODY;
    else if (mw_warc_http_field(head, len, "Transfer-Encoding", value, sizeof value) && strcasestr(value, "chunked"))
        b->framing = MW_WARC_HTTP_CHUNKED;
    else if (mw_warc_http_field(head, len, "Content-Length", value, sizeof value)) {
        b->framing = MW_WARC_HTTP_LENGTH;
        b->length = strtoll(value, NULL, 10);
    }
}

/* Walks the chunk framing; data bytes go to out. */
static void dechunk(mw_warc_http_body *b, const char *buf, size_t len, void (*out)(void *, const char *, size_t), void *data)
{
    for (size_t i = 0; i < len; i++) {
        char c = buf[i];
        switch (b->chunk_state) {
        case CHUNK_SIZE:
            if (isxdigit((unsigned char)c))
                b->chunk_left = b->chunk_left * 16 + (uint64_t)(isdigit((unsigned char)c) ? c - '0' : (tolower((unsigned char)c) - 'a' + 10));
            else
                b->chunk_state = c == '\r' ? CHUNK_SIZE_LF : c == '\n' ? (b->chunk_left ? CHUNK_DATA : CHUNK_TRAILER_START) : CHUNK_EXTENSION;
            break;
        case CHUNK_EXTENSION:
            if (c == '\n')
                b->chunk_state = b->chunk_left ? CHUNK_DATA : CHUNK_TRAILER_START;
            else if (c == '\r')
                b->chunk_state = CHUNK_SIZE_LF;
            break;
        case CHUNK_SIZE_LF:
            b->chunk_state = b->chunk_left ? CHUNK_DATA : CHUNK_TRAILER_START;
            break;
        case CHUNK_DATA: {
            size_t take = len - i < b->chunk_left ? len - i : (size_t)b->chunk_left;
            out(data, buf + i, take);
            b->chunk_left -= take;
            i += take - 1;
            if (!b->chunk_left)
                b->chunk_state = CHUNK_DATA_CR;
            break;
        }
        case CHUNK_DATA_CR:
            b->chunk_state = c == '\r' ? CHUNK_DATA_LF : CHUNK_SIZE; /* a bare LF ends the data too */
            break;
        case CHUNK_DATA_LF:
            b->chunk_state = CHUNK_SIZE;
            break;
        case CHUNK_TRAILER_START:
            b->chunk_state = c == '\r' ? CHUNK_END_LF : c == '\n' ? CHUNK_DONE : CHUNK_TRAILER_LINE;
            break;
        case CHUNK_TRAILER_LINE:
            if (c == '\n')
                b->chunk_state = CHUNK_TRAILER_START;
            break;
        case CHUNK_END_LF:
            b->chunk_state = CHUNK_DONE;
            break;
        default:
            return; /* bytes after the last chunk are no payload */
        }
    }
}

void mw_warc_http_body_feed(mw_warc_http_body *b, const char *buf, size_t len,
                            void (*out)(void *data, const char *buf, size_t len), void *data)
{
    b->received += len;
    if (b->framing == MW_WARC_HTTP_CHUNKED)
        dechunk(b, buf, len, out, data);
    else if (b->framing != MW_WARC_HTTP_NO_BODY)
        out(data, buf, len);
}

bool mw_warc_http_body_whole(const mw_warc_http_body *b)
{
    switch (b->framing) {
    case MW_WARC_HTTP_LENGTH:
        return b->length >= 0 && b->received == (uint64_t)b->length;
    case MW_WARC_HTTP_CHUNKED:
        return b->chunk_state == CHUNK_DONE;
    default:
        return true;
    }
}
