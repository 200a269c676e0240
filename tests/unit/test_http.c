/* http: response parsing edge cases, fed whole and in every split. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "http.h"

typedef struct body_capture {
    char data[4096];
    size_t len;
} body_capture;

static int capture(void *data, const char *buf, size_t len)
{
    body_capture *c = data;
    cr_assert_leq(c->len + len, sizeof c->data);
    memcpy(c->data + c->len, buf, len);
    c->len += len;
    return 0;
}

/* Feeds text in pieces of `step` bytes; returns the last result and how much
 * of the input the head used. */
static mw_http_result feed_head(mw_http_parser *p, const char *text, size_t step, size_t *head_end)
{
    size_t len = strlen(text), off = 0;
    while (off < len) {
        size_t n = len - off < step ? len - off : step, used;
        mw_http_result r = mw_http_parser_feed(p, text + off, n, &used);
        if (r != MW_HTTP_MORE) {
            *head_end = off + used;
            return r;
        }
        off += n;
    }
    *head_end = off;
    return MW_HTTP_MORE;
}

Test(http, parses_status_headers_and_content_length_in_any_split)
{
    const char *text = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain  \r\nX-Empty:\r\n\r\nhello";
    for (size_t step = 1; step <= strlen(text); step++) {
        mw_http_parser p;
        mw_http_parser_init(&p, false, NULL, NULL);
        size_t end;
        cr_assert_eq(feed_head(&p, text, step, &end), MW_HTTP_HEAD_DONE, "step %zu", step);
        cr_assert_eq(end, strlen(text) - 5, "step %zu", step);
        cr_assert_eq(p.resp.status, 200);
        cr_assert_str_eq(p.resp.reason, "OK");
        cr_assert_eq(p.resp.framing, MW_BODY_LENGTH);
        cr_assert_eq(p.resp.content_length, 5);
        cr_assert(p.resp.keep_alive);
        cr_assert_str_eq(mw_http_header(&p.resp, "content-type"), "text/plain");
        cr_assert_str_eq(mw_http_header(&p.resp, "X-Empty"), "");
        cr_assert_null(mw_http_header(&p.resp, "Missing"));
        mw_http_parser_free(&p);
    }
}

Test(http, decodes_chunked_body_with_trailers)
{
    const char *text = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                       "3\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\nX-Trailer: done\r\n\r\n";
    for (size_t step = 1; step <= strlen(text); step++) {
        body_capture body = { .len = 0 };
        mw_http_parser p;
        mw_http_parser_init(&p, false, capture, &body);
        size_t end;
        cr_assert_eq(feed_head(&p, text, step, &end), MW_HTTP_HEAD_DONE);
        cr_assert_eq(p.resp.framing, MW_BODY_CHUNKED);
        mw_http_result r = MW_HTTP_MORE;
        size_t off = end, len = strlen(text);
        while (off < len && r == MW_HTTP_MORE) {
            size_t n = len - off < step ? len - off : step, used;
            r = mw_http_parser_feed(&p, text + off, n, &used);
            off += used;
        }
        cr_assert_eq(r, MW_HTTP_MSG_DONE, "step %zu", step);
        cr_assert_eq(body.len, 19);
        cr_assert_arr_eq(body.data, "abc0123456789abcdef", 19);
        mw_http_parser_free(&p);
    }
}

Test(http, close_delimited_body_ends_at_eof)
{
    body_capture body = { .len = 0 };
    mw_http_parser p;
    mw_http_parser_init(&p, false, capture, &body);
    const char *head = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n";
    size_t used;
    cr_assert_eq(mw_http_parser_feed(&p, head, strlen(head), &used), MW_HTTP_HEAD_DONE);
    cr_assert_eq(p.resp.framing, MW_BODY_CLOSE);
    cr_assert_not(p.resp.keep_alive);
    cr_assert_eq(mw_http_parser_feed(&p, "tail", 4, &used), MW_HTTP_MORE);
    cr_assert_eq(mw_http_parser_eof(&p), MW_HTTP_MSG_DONE);
    cr_assert_eq(body.len, 4);
    mw_http_parser_free(&p);
}

Test(http, truncated_chunked_body_is_an_error_at_eof)
{
    mw_http_parser p;
    body_capture body = { .len = 0 };
    mw_http_parser_init(&p, false, capture, &body);
    const char *text = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab";
    size_t used;
    cr_assert_eq(mw_http_parser_feed(&p, text, strlen(text), &used), MW_HTTP_HEAD_DONE);
    cr_assert_eq(mw_http_parser_feed(&p, text + used, strlen(text) - used, &used), MW_HTTP_MORE);
    cr_assert_eq(mw_http_parser_eof(&p), MW_HTTP_ERROR);
    mw_http_parser_free(&p);
}

Test(http, head_and_304_have_no_body)
{
    mw_http_parser p;
    mw_http_parser_init(&p, true, NULL, NULL);
    const char *text = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n";
    size_t used;
    cr_assert_eq(mw_http_parser_feed(&p, text, strlen(text), &used), MW_HTTP_HEAD_DONE);
    cr_assert_eq(p.resp.framing, MW_BODY_NONE);
    mw_http_parser_free(&p);

    mw_http_parser_init(&p, false, NULL, NULL);
    text = "HTTP/1.1 304 Not Modified\r\nContent-Length: 100\r\n\r\n";
    cr_assert_eq(mw_http_parser_feed(&p, text, strlen(text), &used), MW_HTTP_HEAD_DONE);
    cr_assert_eq(p.resp.framing, MW_BODY_NONE);
    cr_assert_eq(used, strlen(text));
    mw_http_parser_free(&p);
}

Test(http, skips_informational_responses)
{
    mw_http_parser p;
    mw_http_parser_init(&p, false, NULL, NULL);
    const char *text = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                       "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n";
    size_t used;
    cr_assert_eq(mw_http_parser_feed(&p, text, strlen(text), &used), MW_HTTP_HEAD_DONE);
    cr_assert_eq(p.resp.status, 201);
    cr_assert_null(mw_http_header(&p.resp, "Link"));
    mw_http_parser_free(&p);
}

Test(http, stops_an_informational_storm)
{
    mw_http_parser p;
    mw_http_parser_init(&p, false, NULL, NULL);
    mw_http_result r = MW_HTTP_MORE;
    for (int i = 0; i < 100 && r == MW_HTTP_MORE; i++) {
        size_t used;
        r = mw_http_parser_feed(&p, "HTTP/1.1 100 Continue\r\n\r\n", 25, &used);
    }
    cr_assert_eq(r, MW_HTTP_ERROR);
    mw_http_parser_free(&p);
}

Test(http, rejects_malformed_heads)
{
    const char *bad[] = {
        "HTTP/1.1 abc Whatever\r\n\r\n",
        "HTTP/1.1 200 OK\r\nBadHeaderLine\r\n\r\n",
        "\x01\x02hello\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 12abc\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        mw_http_parser p;
        mw_http_parser_init(&p, false, NULL, NULL);
        size_t used;
        cr_assert_eq(mw_http_parser_feed(&p, bad[i], strlen(bad[i]), &used), MW_HTTP_ERROR, "case %zu", i);
        cr_assert_str_neq(mw_http_error(&p), "");
        mw_http_parser_free(&p);
    }
}

Test(http, bounds_the_head_size_and_field_count)
{
    mw_http_parser p;
    mw_http_parser_init(&p, false, NULL, NULL);
    size_t used;
    const char *start = "HTTP/1.1 200 OK\r\nX-Big: ";
    cr_assert_eq(mw_http_parser_feed(&p, start, strlen(start), &used), MW_HTTP_MORE);
    char chunk[4096];
    memset(chunk, 'a', sizeof chunk);
    mw_http_result r = MW_HTTP_MORE;
    for (int i = 0; i < 100 && r == MW_HTTP_MORE; i++)
        r = mw_http_parser_feed(&p, chunk, sizeof chunk, &used);
    cr_assert_eq(r, MW_HTTP_ERROR);
    cr_assert_str_eq(mw_http_error(&p), "Response header too large");
    mw_http_parser_free(&p);

    mw_http_parser_init(&p, false, NULL, NULL);
    cr_assert_eq(mw_http_parser_feed(&p, "HTTP/1.1 200 OK\r\n", 17, &used), MW_HTTP_MORE);
    r = MW_HTTP_MORE;
    for (int i = 0; i < 1000 && r == MW_HTTP_MORE; i++)
        r = mw_http_parser_feed(&p, "A: b\r\n", 6, &used);
    cr_assert_eq(r, MW_HTTP_ERROR);
    cr_assert_str_eq(mw_http_error(&p), "Too many header fields");
    mw_http_parser_free(&p);
}

/* llhttp may report a field in pieces, some of them empty; an empty first
 * piece comes before the store has any memory (found by fuzz_http). */
Test(http, a_field_name_split_into_an_empty_piece)
{
    const char *text = "HTTP/1.1 200 OK\n:Content-Length: 5\r\n\r\nhello";
    for (size_t step = 1; step <= 20; step++) {
        mw_http_parser p;
        mw_http_parser_init(&p, false, NULL, NULL);
        size_t used;
        feed_head(&p, text, step, &used);
        mw_http_parser_free(&p);
    }
}

/* The field store grows as fields come: a head just under the bound, in
 * many fields of odd sizes, keeps every name and value. */
Test(http, keeps_every_field_of_a_large_head)
{
    mw_http_parser p;
    mw_http_parser_init(&p, false, NULL, NULL);
    size_t used;
    const char *start = "HTTP/1.1 200 OK\r\n";
    cr_assert_eq(mw_http_parser_feed(&p, start, strlen(start), &used), MW_HTTP_MORE);
    char line[1200], value[1100];
    int count = 0;
    for (size_t total = 0; total < 60 * 1024; count++) {
        size_t vlen = 1 + (size_t)(count * 37) % 1000;
        memset(value, 'a' + count % 26, vlen);
        value[vlen] = '\0';
        int n = snprintf(line, sizeof line, "X-F%d: %s\r\n", count, value);
        cr_assert_eq(mw_http_parser_feed(&p, line, (size_t)n, &used), MW_HTTP_MORE);
        total += (size_t)n - 2;
    }
    cr_assert_eq(mw_http_parser_feed(&p, "\r\n", 2, &used), MW_HTTP_HEAD_DONE);
    cr_assert_eq(p.resp.nfields, (size_t)count);
    for (int i = 0; i < count; i++) {
        char name[16];
        snprintf(name, sizeof name, "x-f%d", i);
        const char *v = mw_http_header(&p.resp, name);
        cr_assert_not_null(v, "%s missing", name);
        cr_assert_eq(strlen(v), 1 + (size_t)(i * 37) % 1000);
        cr_assert_eq(v[0], 'a' + i % 26);
    }
    mw_http_parser_free(&p);
}

Test(http, status_lists_for_retry_on_http_error)
{
    cr_assert_eq(mw_http_status_listed("503,429", 429), 1);
    cr_assert_eq(mw_http_status_listed("503, 429", 503), 1);
    cr_assert_eq(mw_http_status_listed("503", 500), 0);
    cr_assert_eq(mw_http_status_listed("", 500), -1);
    cr_assert_eq(mw_http_status_listed("50", 50), -1);
    cr_assert_eq(mw_http_status_listed("5031", 503), -1);
    cr_assert_eq(mw_http_status_listed("503,", 503), -1);
    cr_assert_eq(mw_http_status_listed("5x3", 503), -1);
}

Test(http, status_list_read_once_into_a_table)
{
    bool listed[MW_HTTP_STATUS_LIMIT] = { 0 };
    cr_assert_eq(mw_http_status_list_parse(" 503 ,429", listed), 0);
    for (int s = 0; s < MW_HTTP_STATUS_LIMIT; s++)
        cr_expect_eq(listed[s], s == 503 || s == 429, "status %d", s);
    cr_expect_eq(mw_http_status_list_parse("503,,429", listed), -1);
    cr_expect_eq(mw_http_status_listed("503", -1), 0);
    cr_expect_eq(mw_http_status_listed("503", 1503), 0);
}

Test(http, http10_without_keep_alive_closes)
{
    mw_http_parser p;
    mw_http_parser_init(&p, false, NULL, NULL);
    const char *text = "HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\n";
    size_t used;
    cr_assert_eq(mw_http_parser_feed(&p, text, strlen(text), &used), MW_HTTP_HEAD_DONE);
    cr_assert_not(p.resp.keep_alive);
    mw_http_parser_free(&p);
}

Test(http, empty_close_delimited_body_is_complete_at_eof)
{
    body_capture body = { .len = 0 };
    mw_http_parser p;
    mw_http_parser_init(&p, false, capture, &body);
    const char *head = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n";
    size_t used;
    cr_assert_eq(mw_http_parser_feed(&p, head, strlen(head), &used), MW_HTTP_HEAD_DONE);
    cr_assert_eq(mw_http_parser_eof(&p), MW_HTTP_MSG_DONE);
    cr_assert_eq(body.len, 0);
    mw_http_parser_free(&p);
}

static const char gzipped[] = "\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\xcb\x48\xcd\xc9\xc9\xd7\x51\x28\x29\x4a\xcc"
                              "\x2b\x4e\x4b\x2d\x52\x48\xce\x4f\xc9\xcc\x4b\xe7\x02\x00\xd5\x76\x23\xc9\x17\x00\x00\x00";
static const char plain[] = "hello, transfer coding\n";

/* A chunked response with Transfer-Encoding te carrying body (len bytes) in
 * one chunk, or only the first cut bytes of it. */
static size_t chunked_response(char *out, const char *te, const char *body, size_t len)
{
    int n = sprintf(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: %s\r\n\r\n%zx\r\n", te, len);
    memcpy(out + n, body, len);
    memcpy(out + n + len, "\r\n0\r\n\r\n", 7);
    return (size_t)n + len + 7;
}

/* Feeds len bytes in pieces of step; the last result. */
static mw_http_result feed_all(mw_http_parser *p, const char *text, size_t len, size_t step)
{
    mw_http_result r = MW_HTTP_MORE;
    for (size_t off = 0, used; off < len && (r == MW_HTTP_MORE || r == MW_HTTP_HEAD_DONE); off += used) {
        size_t n = len - off < step ? len - off : step;
        r = mw_http_parser_feed(p, text + off, n, &used);
    }
    return r;
}

Test(http, decodes_a_gzip_transfer_coding_in_any_split)
{
    char text[512];
    size_t len = chunked_response(text, "gzip, chunked", gzipped, sizeof gzipped - 1);
    for (size_t step = 1; step <= len; step++) {
        body_capture body = { .len = 0 };
        mw_http_parser p;
        mw_http_parser_init(&p, false, capture, &body);
        cr_assert_eq(feed_all(&p, text, len, step), MW_HTTP_MSG_DONE, "step %zu: %s", step, mw_http_error(&p));
        cr_assert_eq(body.len, strlen(plain));
        cr_assert_arr_eq(body.data, plain, strlen(plain));
        mw_http_parser_free(&p);
    }
}

Test(http, a_cut_gzip_transfer_coding_is_an_error)
{
    char text[512];
    size_t len = chunked_response(text, "gzip, chunked", gzipped, 20);
    mw_http_parser p;
    mw_http_parser_init(&p, false, NULL, NULL);
    cr_assert_eq(feed_all(&p, text, len, len), MW_HTTP_ERROR);
    cr_assert(strstr(mw_http_error(&p), "ended before the end of its compressed data"));
    mw_http_parser_free(&p);
}

Test(http, refuses_unknown_transfer_codings)
{
    const char *codings[] = { "br, chunked", "gzip, gzip, chunked", "compress", ";q=1, chunked" };
    for (size_t i = 0; i < sizeof codings / sizeof codings[0]; i++) {
        char text[512];
        size_t len = chunked_response(text, codings[i], "hello", 5);
        mw_http_parser p;
        mw_http_parser_init(&p, false, NULL, NULL);
        cr_assert_eq(feed_all(&p, text, len, len), MW_HTTP_ERROR, "%s", codings[i]);
        cr_assert(strstr(mw_http_error(&p), "Unsupported transfer coding"), "%s: %s", codings[i], mw_http_error(&p));
        mw_http_parser_free(&p);
    }
}

/* The transfer coding must be decoded: a Content-Length beside it must not
 * make the body one the caller counts and saves as it comes. */
Test(http, a_transfer_coding_with_a_content_length_is_not_a_length_body)
{
    const char *text = "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nContent-Length: 5\r\n\r\n";
    mw_http_parser p;
    mw_http_parser_init(&p, false, NULL, NULL);
    size_t used;
    mw_http_result r = mw_http_parser_feed(&p, text, strlen(text), &used);
    cr_assert(r == MW_HTTP_ERROR || p.resp.framing != MW_BODY_LENGTH);
    mw_http_parser_free(&p);
}

/* Feeds piece again and again after start; the result once it is not MORE. */
static mw_http_result feed_forever(mw_http_parser *p, const char *start, const char *piece)
{
    size_t used;
    mw_http_result r = mw_http_parser_feed(p, start, strlen(start), &used);
    if (r == MW_HTTP_HEAD_DONE)
        r = mw_http_parser_feed(p, start + used, strlen(start) - used, &used);
    for (int i = 0; i < 1000000 && r == MW_HTTP_MORE; i++)
        r = mw_http_parser_feed(p, piece, strlen(piece), &used);
    return r;
}

Test(http, bounds_endless_heads_and_chunk_framing)
{
    struct { const char *start, *piece, *error; } cases[] = {
        { "HTTP/1.1 200 OK", "aaaaaaaaaaaaaaaa", "Response head too large" },
        { "", "\r\n", "Response head too large" },
        { "", "HTTP/1.1 103 Early Hints\r\nLink: </aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa>\r\n\r\n",
          "Too many informational" },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;", "aaaaaaaaaaaaaaaa", "chunk framing" },
        { "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", "0000000000000000", "chunk framing" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mw_http_parser p;
        mw_http_parser_init(&p, false, NULL, NULL);
        cr_assert_eq(feed_forever(&p, cases[i].start, cases[i].piece), MW_HTTP_ERROR, "case %zu", i);
        cr_assert(strstr(mw_http_error(&p), cases[i].error), "case %zu: %s", i, mw_http_error(&p));
        mw_http_parser_free(&p);
    }
}

/* Many small chunks are data all along: no framing limit however long. */
Test(http, a_long_body_of_small_chunks_is_not_framing)
{
    body_capture body = { .len = 0 };
    mw_http_parser p;
    mw_http_parser_init(&p, false, NULL, &body);
    const char *head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    size_t used;
    cr_assert_eq(mw_http_parser_feed(&p, head, strlen(head), &used), MW_HTTP_HEAD_DONE);
    for (int i = 0; i < 100000; i++)
        cr_assert_eq(mw_http_parser_feed(&p, "1;x=y\r\na\r\n", 10, &used), MW_HTTP_MORE);
    mw_http_parser_free(&p);
}

Test(http, bare_lf_heads_are_read_as_wget_reads_them)
{
    const char *texts[] = {
        "HTTP/1.1 200 OK\nContent-Length: 4\nX-A: b\n\na\nb\n",
        "HTTP/1.1 100 Continue\n\nHTTP/1.1 200 OK\r\nContent-Length: 4\nX-A: b\r\n\na\nb\n",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        const char *text = texts[i];
        for (size_t step = 1; step <= strlen(text); step++) {
            mw_http_parser p;
            mw_http_parser_init(&p, false, NULL, NULL);
            size_t end;
            cr_assert_eq(feed_head(&p, text, step, &end), MW_HTTP_HEAD_DONE, "case %zu step %zu", i, step);
            cr_assert_eq(end, strlen(text) - 4, "case %zu step %zu", i, step); /* the body's LFs are its own */
            cr_assert_eq(p.resp.status, 200);
            cr_assert_eq(p.resp.content_length, 4);
            cr_assert_str_eq(mw_http_header(&p.resp, "X-A"), "b");
            mw_http_parser_free(&p);
        }
    }
    /* only the LF is let through: a bare CR is still malformed */
    const char *bad = "HTTP/1.1 200 OK\r\nX-A: a\rb\r\n\r\n";
    mw_http_parser p;
    mw_http_parser_init(&p, false, NULL, NULL);
    size_t used;
    cr_assert_eq(mw_http_parser_feed(&p, bad, strlen(bad), &used), MW_HTTP_ERROR);
    mw_http_parser_free(&p);
}
