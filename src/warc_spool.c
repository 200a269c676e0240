/* warc_spool: memory first, then an unlinked file in --warc-tempdir (so a
 * crash leaves nothing behind), read back with pread. */
#include "warc_spool.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MW_WARC_COPY_BUFFER (64 * 1024)

void mw_warc_spool_init(mw_warc_spool *s, const char *tempdir)
{
    *s = (mw_warc_spool){ .tempdir = tempdir, .fd = -1 };
}

static int fail(mw_warc_spool *s, const char *what)
{
    if (!s->error[0])
        snprintf(s->error, sizeof s->error, "%.180s: %s", what, strerror(errno)); /* a long path is cut, not the reason */
    return -1;
}

static int open_file(mw_warc_spool *s)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/mini-wget-warc.XXXXXX", s->tempdir && *s->tempdir ? s->tempdir : "/tmp");
    s->fd = mkostemp(path, O_CLOEXEC);
    if (s->fd < 0)
        return fail(s, path);
    unlink(path);
    return 0;
}

int mw_warc_spool_add(mw_warc_spool *s, const void *buf, size_t len)
{
    if (s->error[0])
        return -1;
    const char *p = buf;
    if (s->mem_len < MW_WARC_SPOOL_MEMORY && len) {
        if (!s->mem && !(s->mem = malloc(MW_WARC_SPOOL_MEMORY)))
            return fail(s, "spool");
        size_t take = MW_WARC_SPOOL_MEMORY - s->mem_len < len ? MW_WARC_SPOOL_MEMORY - s->mem_len : len;
        memcpy(s->mem + s->mem_len, p, take);
        s->mem_len += take;
        s->size += take;
        p += take;
        len -= take;
    }
    if (len && s->fd < 0 && open_file(s) < 0)
        return -1;
    while (len) {
        ssize_t n = write(s->fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return fail(s, "WARC temporary file");
        p += n;
        len -= (size_t)n;
        s->size += (uint64_t)n;
    }
    return 0;
}

int mw_warc_spool_copy(mw_warc_spool *s, mw_warc_spool_out out, void *data)
{
    if (s->mem_len && out(data, s->mem, s->mem_len) < 0)
        return -1;
    if (s->fd < 0)
        return 0;
    char *buf = malloc(MW_WARC_COPY_BUFFER);
    if (!buf)
        return fail(s, "spool");
    off_t at = 0;
    uint64_t left = s->size - s->mem_len;
    int rc = 0;
    while (left && rc == 0) {
        ssize_t n = pread(s->fd, buf, left < MW_WARC_COPY_BUFFER ? (size_t)left : MW_WARC_COPY_BUFFER, at);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            errno = n == 0 ? EIO : errno;
            rc = fail(s, "WARC temporary file");
            break;
        }
        rc = out(data, buf, (size_t)n);
        at += n;
        left -= (uint64_t)n;
    }
    free(buf);
    return rc;
}

void mw_warc_spool_free(mw_warc_spool *s)
{
    free(s->mem);
    s->mem = NULL;
    if (s->fd >= 0)
        close(s->fd);
    s->fd = -1;
}
