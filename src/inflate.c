#include "inflate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define MW_INFLATE_CHUNK (64 * 1024)

struct mw_inflate {
    z_stream zs;
    bool started;   /* some input was taken: too late to switch to raw deflate */
    bool raw;       /* the stream has no zlib or gzip header */
    bool finished;
    char error[128];
    char out[MW_INFLATE_CHUNK];
};

mw_inflate *mw_inflate_new(void)
{
    mw_inflate *z = calloc(1, sizeof *z);
    if (z && inflateInit2(&z->zs, 15 + 32) != Z_OK) { /* +32: gzip or zlib, by the header */
        free(z);
        return NULL;
    }
    return z;
}

void mw_inflate_free(mw_inflate *z)
{
    if (!z)
        return;
    inflateEnd(&z->zs);
    free(z);
}

/* "Content-Encoding: deflate" without the zlib header: start over as raw. */
static bool switch_to_raw(mw_inflate *z)
{
    if (z->started || z->raw)
        return false;
    inflateEnd(&z->zs);
    memset(&z->zs, 0, sizeof z->zs);
    z->raw = true;
    return inflateInit2(&z->zs, -15) == Z_OK;
}

mw_inflate_result mw_inflate_feed(mw_inflate *z, const char *buf, size_t len, mw_inflate_out out, void *data)
{
    z->zs.next_in = (Bytef *)buf;
    z->zs.avail_in = (uInt)len;
    while (z->zs.avail_in > 0 && !z->finished) {
        z->zs.next_out = (Bytef *)z->out;
        z->zs.avail_out = sizeof z->out;
        int rc = inflate(&z->zs, Z_NO_FLUSH);
        if (rc == Z_DATA_ERROR && switch_to_raw(z)) {
            z->zs.next_in = (Bytef *)buf;
            z->zs.avail_in = (uInt)len;
            continue;
        }
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
            snprintf(z->error, sizeof z->error, "%s", z->zs.msg ? z->zs.msg : "invalid compressed data");
            return MW_INFLATE_CORRUPT;
        }
        size_t produced = sizeof z->out - z->zs.avail_out;
        if (produced)
            z->started = true;
        if (produced && out(data, z->out, produced) < 0)
            return MW_INFLATE_OUT_FAILED;
        z->finished = rc == Z_STREAM_END;
        if (rc == Z_BUF_ERROR && produced == 0)
            break;
    }
    if (len)
        z->started = z->started || z->zs.total_in > 16; /* past any header: no more switching */
    return MW_INFLATE_OK;
}

bool mw_inflate_finished(const mw_inflate *z)
{
    return z->finished;
}

const char *mw_inflate_error(const mw_inflate *z)
{
    return z->error;
}
