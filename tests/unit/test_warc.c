#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "warc_cdx.h"
#include "warc_digest.h"
#include "warc_file.h"
#include "warc_http.h"

static void digest_text(const char *s, size_t len, char out[MW_WARC_DIGEST_TEXT])
{
    mw_warc_digest d = { 0 };
    cr_assert(mw_warc_digest_start(&d));
    mw_warc_digest_add(&d, s, len);
    mw_warc_digest_finish(&d, out);
}

Test(warc_digest, sha1_in_base32_as_wget_and_warcio_write_it)
{
    char text[MW_WARC_DIGEST_TEXT];
    digest_text("hello\n", 6, text);
    cr_expect_str_eq(text, "sha1:6VZNHFX25EQGMKDRJ6ZM4AHXF2KPEJMP");
    digest_text("", 0, text);
    cr_expect_str_eq(text, "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ"); /* wget's empty log record */
}

static char payload[256];
static size_t payload_len;

static void collect(void *data, const char *buf, size_t len)
{
    memcpy(payload + payload_len, buf, len);
    payload_len += len;
}

static const char chunked_head[] = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding:  chunked \r\n\r\n";

Test(warc_http, the_payload_of_a_chunked_body_lacks_its_framing_in_any_split)
{
    const char body[] = "1\r\nh\r\n5;ext=1\r\nello\n\r\nA\r\n0123456789\r\n0\r\nX-Trailer: done\r\n\r\n";
    size_t n = sizeof body - 1;
    for (size_t step = 1; step <= n; step++) {
        mw_warc_http_body b;
        mw_warc_http_body_init(&b, false, chunked_head, sizeof chunked_head - 1);
        cr_assert_eq(b.framing, MW_WARC_HTTP_CHUNKED);
        payload_len = 0;
        for (size_t at = 0; at < n; at += step) {
            cr_expect_not(mw_warc_http_body_whole(&b));
            mw_warc_http_body_feed(&b, body + at, at + step > n ? n - at : step, collect, NULL);
        }
        cr_expect(mw_warc_http_body_whole(&b), "step %zu", step);
        cr_expect_eq(payload_len, 16, "step %zu", step);
        cr_expect(!memcmp(payload, "hello\n0123456789", 16), "step %zu", step);
    }
}

Test(warc_http, status_and_fields_come_from_the_final_head)
{
    const char *final;
    cr_expect_eq(mw_warc_http_status(chunked_head, sizeof chunked_head - 1, &final), 200);
    cr_expect(!strncmp(final, "HTTP/1.1 200", 12));
    char v[32];
    cr_expect(mw_warc_http_field(chunked_head, sizeof chunked_head - 1, "transfer-encoding", v, sizeof v));
    cr_expect_str_eq(v, "chunked");
    cr_expect_not(mw_warc_http_field(chunked_head, sizeof chunked_head - 1, "Content-Length", v, sizeof v));
    const char head[] = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n";
    mw_warc_http_body b;
    mw_warc_http_body_init(&b, false, head, sizeof head - 1);
    payload_len = 0;
    mw_warc_http_body_feed(&b, "ab", 2, collect, NULL);
    cr_expect_not(mw_warc_http_body_whole(&b)); /* cut short: the record says WARC-Truncated */
    mw_warc_http_body_init(&b, true, head, sizeof head - 1);
    cr_expect(mw_warc_http_body_whole(&b)); /* HEAD: no body is due */
}

Test(warc_file, each_record_is_a_gzip_member_of_its_own_at_its_offset)
{
    char dir[] = "/tmp/mw-warc-unit.XXXXXX";
    cr_assert(mkdtemp(dir));
    char base[64];
    snprintf(base, sizeof base, "%s/x", dir);
    mw_warc_file f;
    cr_assert_eq(mw_warc_file_open(&f, base, true, 0), 0);
    uint64_t offsets[3];
    const char *records[3] = { "first record", "second", "third, the last" };
    for (int i = 0; i < 3; i++) {
        cr_assert_eq(mw_warc_file_begin(&f, &offsets[i]), 0);
        cr_assert_eq(mw_warc_file_write(&f, records[i], strlen(records[i])), 0);
        cr_assert_eq(mw_warc_file_end(&f), 0);
    }
    uint64_t dropped;
    cr_assert_eq(mw_warc_file_begin(&f, &dropped), 0); /* a record given up leaves nothing */
    mw_warc_file_write(&f, "half", 4);
    mw_warc_file_cancel(&f);
    cr_expect_str_eq(mw_warc_file_name(&f), "x.warc.gz");
    cr_assert_eq(mw_warc_file_close(&f), 0);
    char path[80];
    snprintf(path, sizeof path, "%s.warc.gz", base);
    FILE *in = fopen(path, "rb");
    cr_assert(in);
    unsigned char data[4096];
    size_t size = fread(data, 1, sizeof data, in);
    fclose(in);
    cr_expect_eq(size, dropped);
    for (int i = 0; i < 3; i++) {
        char out[64] = "";
        z_stream z = { 0 };
        cr_assert_eq(inflateInit2(&z, 31), Z_OK);
        z.next_in = data + offsets[i];
        z.avail_in = (uInt)(size - offsets[i]);
        z.next_out = (Bytef *)out;
        z.avail_out = sizeof out - 1;
        cr_expect_eq(inflate(&z, Z_FINISH), Z_STREAM_END, "record %d", i);
        cr_expect_str_eq(out, records[i]);
        cr_expect_eq(z.total_in, (i < 2 ? offsets[i + 1] : size) - offsets[i], "the member ends where the next starts");
        inflateEnd(&z);
    }
    unlink(path);
    rmdir(dir);
}

Test(warc_cdx, dedup_finds_a_payload_of_the_same_url_by_the_header_columns)
{
    char path[] = "/tmp/mw-warc-cdx.XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    const char cdx[] = " CDX a b a m s k r M V g u\n"
                       "http://h/x 20260102030405 http://h/x text/plain 200 ABCDEF - - 10 f.warc.gz <urn:uuid:1>\n";
    cr_assert_eq(write(fd, cdx, sizeof cdx - 1), (ssize_t)(sizeof cdx - 1));
    close(fd);
    mw_warc_dedup d;
    char err[256], id[64], stamp[32];
    cr_assert_eq(mw_warc_dedup_load(&d, path, err, sizeof err), 0, "%s", err);
    cr_expect(mw_warc_dedup_find(&d, "ABCDEF", "http://h/x", id, sizeof id, stamp, sizeof stamp));
    cr_expect_str_eq(id, "<urn:uuid:1>");
    cr_expect_str_eq(stamp, "20260102030405");
    cr_expect_not(mw_warc_dedup_find(&d, "ABCDEF", "http://h/other", id, sizeof id, stamp, sizeof stamp));
    cr_expect_not(mw_warc_dedup_find(&d, "OTHER", "http://h/x", id, sizeof id, stamp, sizeof stamp));
    mw_warc_dedup_free(&d);
    unlink(path);
}
