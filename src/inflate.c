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
    bool sniffed;   /* the first byte was seen */
    bool gzip;      /* the stream began with the gzip magic: members may follow one another */
    bool later_member; /* past the first gzip member */
    bool finished;  /* at the end of the stream, or between two gzip members */
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

static mw_inflate_result corrupt(mw_inflate *z, const char *why)
{
    snprintf(z->error, sizeof z->error, "%s", why);
    return MW_INFLATE_CORRUPT;
}

/* Input after the end of a stream: the next gzip member (RFC 1952 2.2, as
 * `cat a.gz b.gz` makes), or else an error. wget ignores such bytes and
 * curl fails on them: they may be a member we cannot read, so the file
 * could lack data, and exit 0 must mean it does not. */
static mw_inflate_result next_member(mw_inflate *z)
{
    if (!z->gzip)
        return corrupt(z, "data after the end of the compressed data");
    if (inflateReset2(&z->zs, 15 + 16) != Z_OK) /* +16: gzip only, so garbage cannot pass for a zlib stream */
        return corrupt(z, "cannot start the next gzip member");
    z->finished = false;
    z->later_member = true;
    return MW_INFLATE_OK;
}

mw_inflate_result mw_inflate_feed(mw_inflate *z, const char *buf, size_t len, mw_inflate_out out, void *data)
{
    z->zs.next_in = (Bytef *)buf;
    z->zs.avail_in = (uInt)len;
    if (len && !z->sniffed) {
        z->sniffed = true;
        z->gzip = (unsigned char)buf[0] == 0x1f;
    }
    while (z->zs.avail_in > 0) {
        if (z->finished && next_member(z) != MW_INFLATE_OK)
            return MW_INFLATE_CORRUPT;
        z->zs.next_out = (Bytef *)z->out;
        z->zs.avail_out = sizeof z->out;
        int rc = inflate(&z->zs, Z_NO_FLUSH);
        if (rc == Z_DATA_ERROR && switch_to_raw(z)) {
            z->zs.next_in = (Bytef *)buf;
            z->zs.avail_in = (uInt)len;
            continue;
        }
        if (rc == Z_DATA_ERROR && z->later_member && z->zs.total_in < 10) /* within what would be a gzip header */
            return corrupt(z, "data after the end of the compressed data, not a gzip member");
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
            return corrupt(z, z->zs.msg ? z->zs.msg : "invalid compressed data");
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
