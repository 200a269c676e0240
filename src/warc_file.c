/* warc_file: records deflated into gzip members through zlib; the bytes of
 * a record are buffered up to MW_WARC_FILE_FLUSH and written with write(2),
 * so records of transfers running at once never interleave (the loop runs
 * one record from begin to end before anything else). */
#include "warc_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MW_WARC_FILE_FLUSH (256 * 1024)

static int fail(mw_warc_file *f, const char *what)
{
    if (!f->error[0])
        snprintf(f->error, sizeof f->error, "%s: %s", what, strerror(errno));
    return -1;
}

static int open_current(mw_warc_file *f)
{
    const char *ext = f->gzip ? ".warc.gz" : ".warc";
    char serial[16] = "";
    if (f->max_size)
        snprintf(serial, sizeof serial, "-%05d", f->serial);
    free(f->path);
    if (asprintf(&f->path, "%s%s%s", f->base, serial, ext) < 0) {
        f->path = NULL;
        return fail(f, "WARC file");
    }
    /* As -O: the name given is the file written, replaced when it exists. */
    f->fd = open(f->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (f->fd < 0)
        return fail(f, f->path);
    f->offset = 0;
    return 0;
}

int mw_warc_file_open(mw_warc_file *f, const char *base, bool gzip, uint64_t max_size)
{
    *f = (mw_warc_file){ .gzip = gzip, .max_size = max_size, .fd = -1 };
    if (!(f->base = strdup(base)))
        return fail(f, "WARC file");
    return open_current(f);
}

const char *mw_warc_file_name(const mw_warc_file *f)
{
    const char *slash = f->path ? strrchr(f->path, '/') : NULL;
    return slash ? slash + 1 : f->path ? f->path : "";
}

bool mw_warc_file_full(const mw_warc_file *f)
{
    return f->max_size && f->offset >= f->max_size;
}

static int close_current(mw_warc_file *f)
{
    int rc = 0;
    if (f->fd >= 0 && close(f->fd) < 0)
        rc = fail(f, f->path);
    f->fd = -1;
    return rc;
}

int mw_warc_file_next(mw_warc_file *f)
{
    if (close_current(f) < 0)
        return -1;
    f->serial++;
    return open_current(f);
}

static int flush(mw_warc_file *f)
{
    const char *p = f->out;
    while (f->out_len) {
        ssize_t n = pwrite(f->fd, p, f->out_len, (off_t)f->offset);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return fail(f, f->path);
        p += n;
        f->out_len -= (size_t)n;
        f->offset += (uint64_t)n;
    }
    return 0;
}

/* The output buffer, made at the first record; flushed when full. */
static int room(mw_warc_file *f)
{
    if (!f->out && !(f->out = malloc(MW_WARC_FILE_FLUSH)))
        return fail(f, "WARC file");
    f->out_cap = MW_WARC_FILE_FLUSH;
    return f->out_len == f->out_cap ? flush(f) : 0;
}

int mw_warc_file_begin(mw_warc_file *f, uint64_t *offset)
{
    if (f->error[0] || f->fd < 0)
        return -1;
    *offset = f->offset;
    f->record_start = f->offset;
    f->in_record = true;
    if (f->gzip) {
        f->z = (z_stream){ 0 };
        /* 31: a gzip header and trailer around the deflate stream */
        if (deflateInit2(&f->z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
            f->in_record = false;
            errno = ENOMEM;
            return fail(f, "zlib");
        }
    }
    return 0;
}

static int deflate_some(mw_warc_file *f, const void *buf, size_t len, int flush_mode)
{
    f->z.next_in = (Bytef *)buf;
    f->z.avail_in = (uInt)len;
    for (;;) {
        if (room(f) < 0)
            return -1;
        f->z.next_out = (Bytef *)f->out + f->out_len;
        f->z.avail_out = (uInt)(f->out_cap - f->out_len);
        int rc = deflate(&f->z, flush_mode);
        f->out_len = f->out_cap - f->z.avail_out;
        if (rc == Z_STREAM_END)
            return 0;
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            errno = EIO;
            return fail(f, "zlib");
        }
        if (flush_mode == Z_NO_FLUSH && f->z.avail_in == 0 && f->z.avail_out != 0)
            return 0;
    }
}

int mw_warc_file_write(mw_warc_file *f, const void *buf, size_t len)
{
    if (f->error[0] || !f->in_record)
        return -1;
    while (len > (size_t)1 << 30) { /* zlib counts in uInt */
        if (mw_warc_file_write(f, buf, (size_t)1 << 30) < 0)
            return -1;
        buf = (const char *)buf + ((size_t)1 << 30);
        len -= (size_t)1 << 30;
    }
    if (f->gzip)
        return deflate_some(f, buf, len, Z_NO_FLUSH);
    while (len) {
        if (room(f) < 0)
            return -1;
        size_t take = f->out_cap - f->out_len < len ? f->out_cap - f->out_len : len;
        memcpy(f->out + f->out_len, buf, take);
        f->out_len += take;
        buf = (const char *)buf + take;
        len -= take;
    }
    return 0;
}

int mw_warc_file_end(mw_warc_file *f)
{
    if (!f->in_record)
        return -1;
    int rc = f->error[0] ? -1 : 0;
    if (f->gzip) {
        if (rc == 0)
            rc = deflate_some(f, "", 0, Z_FINISH);
        deflateEnd(&f->z);
    }
    f->in_record = false;
    return rc == 0 ? flush(f) : -1;
}

void mw_warc_file_cancel(mw_warc_file *f)
{
    if (f->in_record && f->gzip)
        deflateEnd(&f->z);
    f->in_record = false;
    f->out_len = 0;
    /* what was flushed already is cut off: a reader sees whole records only */
    if (f->offset != f->record_start && ftruncate(f->fd, (off_t)f->record_start) == 0)
        f->offset = f->record_start;
}

int mw_warc_file_close(mw_warc_file *f)
{
    if (f->in_record)
        mw_warc_file_cancel(f);
    int rc = close_current(f);
    free(f->out);
    free(f->path);
    free(f->base);
    *f = (mw_warc_file){ .fd = -1 };
    return rc;
}
