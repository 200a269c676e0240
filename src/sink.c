#include "sink.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "digest.h"
#include "miniwget/naming.h"

#define MW_MAX_NUMBERED 100000 /* wget's practical limit for name.N */

#define XATTR_VALIDATOR "user.mini-wget.validator"
#define XATTR_INCOMPLETE "user.mini-wget.incomplete"

/* The incomplete mark is "VALID/EXPECTED": VALID the bytes known good from
 * the start of the file, or "*" when every byte of the file is (a writer
 * that only appends, and never sizes the file ahead, leaves no byte it did
 * not write); EXPECTED the full length, or "unknown". Best effort: not
 * every file system has xattrs. */
static void write_mark(const mw_sink *sink, int64_t valid)
{
    char mark[64], expected[24] = "unknown";
    if (sink->expected >= 0)
        snprintf(expected, sizeof expected, "%lld", (long long)sink->expected);
    int n = valid >= 0 ? snprintf(mark, sizeof mark, "%lld/%s", (long long)valid, expected)
                       : snprintf(mark, sizeof mark, "*/%s", expected);
    fsetxattr(sink->fd, XATTR_INCOMPLETE, mark, (size_t)n, 0);
}

bool mw_sink_read_mark(const char *path, mw_sink_mark *mark)
{
    char value[64];
    ssize_t n = getxattr(path, XATTR_INCOMPLETE, value, sizeof value - 1);
    mark->valid = mark->expected = -1;
    if (n < 0)
        return false;
    value[n] = '\0';
    char *slash = strchr(value, '/');
    if (value[0] != '*') {
        char *end;
        long long valid = strtoll(value, &end, 10);
        /* a mark that cannot be read vouches for nothing */
        mark->valid = end != value && end == (slash ? slash : value + n) && valid >= 0 ? valid : 0;
    }
    if (slash && slash[1] >= '0' && slash[1] <= '9')
        mark->expected = strtoll(slash + 1, NULL, 10);
    return true;
}

int mw_mkdirs(const char *path)
{
    char *copy = strdup(path);
    if (!copy)
        return -1;
    int rc = 0;
    for (char *p = copy + 1; rc == 0; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char saved = *p;
        *p = '\0';
        struct stat st;
        if (mkdir(copy, 0777) == 0) {
            /* made it */
        } else if (errno != EEXIST || stat(copy, &st) < 0) {
            rc = -1;
        } else if (!S_ISDIR(st.st_mode)) {
            errno = ENOTDIR;
            rc = -1;
        }
        *p = saved;
        if (saved == '\0')
            break;
    }
    free(copy);
    return rc;
}

static void sink_reset(mw_sink *sink)
{
    memset(sink, 0, sizeof *sink);
    sink->fd = -1;
    sink->expected = -1;
    sink->pipe[0] = sink->pipe[1] = -1;
}

static bool is_regular_file(int fd)
{
    struct stat st;
    return fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

char *mw_sink_path(const char *dir, const char *name)
{
    char *path = NULL;
    if (!dir || strcmp(dir, ".") == 0)
        return strdup(name);
    size_t n = strlen(dir);
    if (asprintf(&path, "%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", name) < 0)
        return NULL;
    return path;
}

int mw_sink_open_file(mw_sink *sink, const char *dir, const char *name, size_t suffix_len)
{
    sink_reset(sink);
    if (dir && mw_mkdirs(dir) < 0) {
        snprintf(sink->error, sizeof sink->error, "Cannot create directory ‘%s’ (%s).", dir, strerror(errno));
        return -1;
    }
    /* name is one sanitised path component, so the path stays inside dir.
     * O_EXCL makes choosing the free name and taking it one step. */
    for (unsigned n = 0; n < MW_MAX_NUMBERED; n++) {
        char *candidate = mw_name_numbered(name, suffix_len, n);
        char *path = candidate ? mw_sink_path(dir, candidate) : NULL;
        free(candidate);
        if (!path)
            break;
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
        if (fd >= 0) {
            sink->fd = fd;
            sink->owned = true;
            sink->created = true;
            sink->display = path;
            sink->splice_ok = true;
            return 0;
        }
        int err = errno;
        struct stat st;
        if (err == EEXIST && n == 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
            err = EISDIR; /* as wget: a directory of that name is no file to number around */
        if (err != EEXIST) {
            snprintf(sink->error, sizeof sink->error, "Cannot write to ‘%s’ (%s).", path, strerror(err));
            free(path);
            return -1;
        }
        free(path);
    }
    snprintf(sink->error, sizeof sink->error, "Cannot find a free file name for ‘%s’.", name);
    return -1;
}

/* Opens dir/name with flags; -1 with sink->error set. */
static int open_named(mw_sink *sink, const char *dir, const char *name, int flags)
{
    sink_reset(sink);
    sink->display = mw_sink_path(dir, name);
    int fd = sink->display ? open(sink->display, flags | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0666) : -1;
    if (fd < 0) {
        snprintf(sink->error, sizeof sink->error, "Cannot write to ‘%s’ (%s).", sink->display ? sink->display : name,
                 strerror(errno));
        return -1;
    }
    sink->fd = fd;
    sink->owned = true;
    sink->splice_ok = true;
    return 0;
}

int mw_sink_open_replacing(mw_sink *sink, const char *dir, const char *name)
{
    sink_reset(sink);
    if (dir && mw_mkdirs(dir) < 0) {
        snprintf(sink->error, sizeof sink->error, "Cannot create directory ‘%s’ (%s).", dir, strerror(errno));
        return -1;
    }
    if (open_named(sink, dir, name, O_CREAT | O_TRUNC) < 0)
        return -1;
    sink->created = true;
    return 0;
}

int64_t mw_sink_existing_size(const char *dir, const char *name, time_t *mtime)
{
    char *path = mw_sink_path(dir, name);
    struct stat st;
    int64_t size = path && stat(path, &st) == 0 && S_ISREG(st.st_mode) ? (int64_t)st.st_size : -1;
    if (size >= 0 && mtime)
        *mtime = st.st_mtime;
    free(path);
    return size;
}

int mw_sink_open_existing(mw_sink *sink, const char *dir, const char *name, int64_t keep)
{
    if (open_named(sink, dir, name, 0) < 0)
        return -1;
    off_t end = lseek(sink->fd, 0, SEEK_END);
    /* bytes past what the mark vouches for are dropped, never continued */
    if (end >= 0 && keep >= 0 && keep < end &&
        (ftruncate(sink->fd, keep) < 0 || (end = lseek(sink->fd, keep, SEEK_SET)) < 0))
        end = -1;
    if (end < 0) {
        snprintf(sink->error, sizeof sink->error, "Cannot write to ‘%s’ (%s).", sink->display, strerror(errno));
        return -1;
    }
    sink->written = end;
    sink->old_mark = true; /* the run that left it partial may have marked it */
    return 0;
}

int mw_sink_restart(mw_sink *sink)
{
    if (ftruncate(sink->fd, sink->start) < 0 || lseek(sink->fd, sink->start, SEEK_SET) < 0) {
        snprintf(sink->error, sizeof sink->error, "Cannot restart ‘%s’ from the beginning (%s).", sink->display,
                 strerror(errno));
        return -1;
    }
    sink->written = 0;
    if (sink->digests)
        mw_digests_reset(sink->digests);
    return 0;
}

static void write_validator(mw_sink *sink)
{
    if (sink->owned && sink->validator) /* best effort: not every fs has xattrs */
        fsetxattr(sink->fd, XATTR_VALIDATOR, sink->validator, strlen(sink->validator), 0);
    free(sink->validator);
    sink->validator = NULL;
}

void mw_sink_set_validator(mw_sink *sink, const char *validator)
{
    free(sink->validator);
    sink->validator = validator && *validator ? strdup(validator) : NULL;
    if (sink->marked)
        write_validator(sink);
}

/* Before the first byte of a body that may stay partial: the marks a kill
 * must find. */
static void mark_before_writing(mw_sink *sink)
{
    if (!sink->owned || sink->marked) /* a caller's descriptor (-O) is never marked */
        return;
    write_mark(sink, -1);
    write_validator(sink);
    sink->marked = true;
}

void mw_sink_mark_incomplete(mw_sink *sink)
{
    mark_before_writing(sink);
}

/* Data first, then the count: a mark committed by the file system's
 * journal before the bytes it vouches for would, after a power loss, vouch
 * for the zeros of a hole. (Appending needs no such care: the file's size
 * only grows as its data reaches the disk.) */
static void flush_before_counting(mw_sink *sink)
{
    if (sink->ahead)
        fdatasync(sink->fd);
}

void mw_sink_mark_valid(mw_sink *sink, int64_t valid)
{
    if (!sink->owned)
        return;
    flush_before_counting(sink);
    sink->ahead = true;
    write_mark(sink, valid);
    write_validator(sink);
    sink->marked = true;
}

char *mw_sink_read_validator(const char *dir, const char *name)
{
    char *path = mw_sink_path(dir, name);
    char value[512];
    ssize_t n = path ? getxattr(path, XATTR_VALIDATOR, value, sizeof value - 1) : -1;
    free(path);
    if (n <= 0)
        return NULL;
    value[n] = '\0';
    return strdup(value);
}

int mw_sink_open_with_backups(mw_sink *sink, const char *dir, const char *name, int backups)
{
    char *path = mw_sink_path(dir, name);
    struct stat st;
    if (path && backups > 0 && lstat(path, &st) == 0) {
        for (int k = backups; k >= 1; k--) {
            char *from = k == 1 ? strdup(path) : NULL, *to = NULL;
            if (k > 1 && asprintf(&from, "%s.%d", path, k - 1) < 0)
                from = NULL;
            if (asprintf(&to, "%s.%d", path, k) < 0)
                to = NULL;
            if (from && to)
                rename(from, to); /* a missing older backup is fine */
            free(from);
            free(to);
        }
    }
    free(path);
    return mw_sink_open_file(sink, dir, name, 0);
}

void mw_sink_mark_complete(const char *path)
{
    removexattr(path, XATTR_INCOMPLETE);
}

void mw_sink_use_fd(mw_sink *sink, int fd, const char *name)
{
    sink_reset(sink);
    sink->fd = fd;
    sink->display = strdup(name);
    off_t here = lseek(fd, 0, SEEK_CUR);
    sink->start = here > 0 ? here : 0;
    /* -O FILE is appended to across URLs: splice at the current offset works. */
    sink->splice_ok = sink->stamp = is_regular_file(fd);
}

static void write_failed(mw_sink *sink, int err)
{
    snprintf(sink->error, sizeof sink->error, "Cannot write to ‘%s’ (%s).", sink->display ? sink->display : "?",
             strerror(err));
}

mw_splice_result mw_sink_splice(mw_sink *sink, int sockfd, size_t max, size_t *moved)
{
    *moved = 0;
    if (!sink->splice_ok || sink->digests)
        return MW_SPLICE_UNSUPPORTED;
    mark_before_writing(sink);
    if (sink->pipe[0] < 0) {
        if (pipe2(sink->pipe, O_CLOEXEC | O_NONBLOCK) < 0) {
            sink->splice_ok = false;
            return MW_SPLICE_UNSUPPORTED;
        }
        fcntl(sink->pipe[1], F_SETPIPE_SZ, 1024 * 1024); /* fewer round trips; the default is fine too */
    }
    ssize_t in = splice(sockfd, NULL, sink->pipe[1], NULL, max, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
    if (in == 0)
        return MW_SPLICE_EOF;
    if (in < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return MW_SPLICE_AGAIN;
        if (errno == EINVAL || errno == ENOSYS) {
            sink->splice_ok = false;
            return MW_SPLICE_UNSUPPORTED;
        }
        return MW_SPLICE_READ_ERROR;
    }
    /* Drain the pipe completely, so it is empty again for the next call. */
    size_t left = (size_t)in;
    while (left > 0) {
        ssize_t out = splice(sink->pipe[0], NULL, sink->fd, NULL, left, SPLICE_F_MOVE);
        if (out < 0 && errno == EINTR)
            continue;
        if (out <= 0) {
            write_failed(sink, out < 0 ? errno : ENOSPC);
            return MW_SPLICE_WRITE_ERROR;
        }
        left -= (size_t)out;
        sink->written += out;
        *moved += (size_t)out;
    }
    return MW_SPLICE_MOVED;
}

static int write_all(mw_sink *sink, const void *buf, size_t len);

int mw_sink_write(mw_sink *sink, const void *buf, size_t len)
{
    mark_before_writing(sink);
    return write_all(sink, buf, len);
}

int mw_sink_write_last(mw_sink *sink, const void *buf, size_t len)
{
    return write_all(sink, buf, len);
}

static int write_all(mw_sink *sink, const void *buf, size_t len)
{
    const char *p = buf;
    if (sink->digests)
        mw_digests_update(sink->digests, buf, len);
    while (len > 0) {
        ssize_t n = write(sink->fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            write_failed(sink, n < 0 ? errno : ENOSPC);
            return -1;
        }
        p += n;
        len -= (size_t)n;
        sink->written += n;
    }
    return 0;
}

int mw_sink_digest_again(mw_sink *sink, int64_t len)
{
    mw_digests_reset(sink->digests);
    if (len <= 0)
        return 0;
    /* the sink writes through a write-only descriptor: read by name */
    int fd = sink->owned ? open(sink->display, O_RDONLY | O_CLOEXEC | O_NOFOLLOW) : -1;
    int rc = mw_digests_update_from_fd(sink->digests, fd >= 0 ? fd : sink->fd, sink->start, len);
    int err = errno;
    if (fd >= 0)
        close(fd);
    if (rc < 0)
        snprintf(sink->error, sizeof sink->error, "Cannot read ‘%s’ back for its checksum (%s).", sink->display,
                 strerror(err));
    return rc;
}

int mw_sink_digest_with(mw_sink *sink, struct mw_digests *digests)
{
    sink->digests = digests;
    return digests ? mw_sink_digest_again(sink, sink->written) : 0;
}

static void sink_close(mw_sink *sink)
{
    for (int i = 0; i < 2; i++) {
        if (sink->pipe[i] >= 0)
            close(sink->pipe[i]);
        sink->pipe[i] = -1;
    }
    if (sink->owned && sink->fd >= 0)
        close(sink->fd);
    sink->fd = -1;
}

int mw_sink_finish(mw_sink *sink, time_t mtime)
{
    if (sink->owned && (sink->marked || sink->old_mark))
        fremovexattr(sink->fd, XATTR_INCOMPLETE); /* the file is whole now */
    /* A caller's descriptor is stamped too when it is a regular file, as
     * wget stamps -O FILE; never stdout, a pipe or /dev/null. */
    if ((sink->owned || sink->stamp) && sink->fd >= 0 && mtime > 0) {
        struct timespec times[2] = { { .tv_nsec = UTIME_NOW }, { .tv_sec = mtime } };
        futimens(sink->fd, times);
    }
    int rc = 0;
    if (sink->owned && close(sink->fd) < 0) {
        snprintf(sink->error, sizeof sink->error, "Cannot write to ‘%s’ (%s).", sink->display, strerror(errno));
        rc = -1;
    }
    sink->owned = false;
    sink_close(sink);
    return rc;
}

void mw_sink_abort(mw_sink *sink, int64_t valid)
{
    if (valid < 0)
        valid = sink->written;
    if (sink->created && valid == 0) {
        unlink(sink->display);
    } else if (sink->owned) {
        ftruncate(sink->fd, valid); /* bytes past the valid ones (ranges written ahead) never pass for the file */
        flush_before_counting(sink);
        write_mark(sink, valid);
        write_validator(sink); /* so that -c asks for the rest of this version */
    } else if (sink->stamp && sink->written > 0) {
        /* -O FILE: the caller's file now ends in a cut body; it is never
         * unmarked, as the file as a whole is not any one document */
        if (sink->expected >= 0)
            sink->expected += sink->start;
        write_mark(sink, sink->start + sink->written);
    }
    sink_close(sink);
}

bool mw_sink_discard(mw_sink *sink)
{
    if (sink->owned) {
        unlink(sink->display);
        sink_close(sink);
        return true;
    }
    mw_sink_abort(sink, -1); /* a caller's descriptor: marked as holding a cut body */
    return false;
}

void mw_sink_free(mw_sink *sink)
{
    sink_close(sink);
    free(sink->display);
    free(sink->validator);
    sink_reset(sink);
}

void mw_sink_set_origin(mw_sink *sink, const char *origin, const char *referrer)
{
    if (sink->fd < 0) /* an -O file too; on a pipe it fails, harmlessly */
        return;
    if (origin)
        fsetxattr(sink->fd, "user.xdg.origin.url", origin, strlen(origin), 0);
    if (referrer)
        fsetxattr(sink->fd, "user.xdg.referrer.url", referrer, strlen(referrer), 0);
}

int mw_sink_unlink_existing(const char *dir, const char *name)
{
    char *path = mw_sink_path(dir, name);
    struct stat st;
    int rc = path && lstat(path, &st) == 0 && !S_ISDIR(st.st_mode) ? unlink(path) : -1;
    free(path);
    return rc;
}

int mw_sink_resume_fd(mw_sink *sink, int64_t keep)
{
    if (ftruncate(sink->fd, keep) < 0 || lseek(sink->fd, keep, SEEK_SET) < 0) {
        snprintf(sink->error, sizeof sink->error, "Cannot write to ‘%s’ (%s).", sink->display, strerror(errno));
        return -1;
    }
    sink->start = 0; /* a restart from zero empties the whole file */
    sink->written = keep;
    return 0;
}
