/* libFuzzer target: the HTTP response parser, fed in random splits.
 * The first byte picks the split size and whether the request was HEAD. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"

static int count_body(void *data, const char *buf, size_t len)
{
    *(size_t *)data += len;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t step = (data[0] & 0x7f) + 1;
    bool head = data[0] & 0x80;
    const char *p = (const char *)data + 1;
    size_t left = size - 1, body = 0;
    mw_http_parser parser;
    mw_http_parser_init(&parser, head, count_body, &body);
    bool in_body = false;
    while (left > 0) {
        size_t n = left < step ? left : step, used = 0;
        mw_http_result r = mw_http_parser_feed(&parser, p, n, &used);
        if (used > n)
            abort();
        if (r == MW_HTTP_ERROR || r == MW_HTTP_MSG_DONE)
            break;
        if (r == MW_HTTP_HEAD_DONE) {
            if (parser.resp.fields_len > MW_HTTP_MAX_HEAD || parser.resp.nfields > MW_HTTP_MAX_HEADERS)
                abort();
            size_t cursor = 0;
            const char *name, *value;
            while (mw_http_next_header(&parser.resp, &cursor, &name, &value))
                if (strpbrk(name, "\r\n") || strpbrk(value, "\r\n"))
                    abort();
            if (parser.resp.framing == MW_BODY_LENGTH || parser.resp.framing == MW_BODY_NONE)
                break; /* the transfer counts these bodies itself */
            in_body = true;
        }
        p += used;
        left -= used;
        if (used == 0 && r != MW_HTTP_HEAD_DONE)
            break;
    }
    if (in_body)
        mw_http_parser_eof(&parser);
    mw_http_parser_free(&parser);
    return 0;
}
