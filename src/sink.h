/* sink: where body bytes go — a new file in the target directory, a file
 * descriptor given by the caller (-O, stdout), or nowhere. */
#ifndef MW_SINK_H
#define MW_SINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

typedef struct mw_sink {
    int fd;
    bool owned;     /* we opened fd and close it */
    bool created;   /* we created the file, so an empty failure may remove it */
    char *display;  /* the path ("dir/name"), or the caller's name for its fd */
    int64_t start;  /* offset in fd where this body began (for restarts) */
    int64_t written;
    int pipe[2];    /* for splice(2): socket -> pipe -> file; -1 until first used */
    bool splice_ok; /* fd is a regular file, so splicing into it can work */
    bool stamp;     /* a caller's fd that is a regular file: mw_sink_finish sets its mtime too */
    /* A file we own is marked incomplete before its first byte, and
     * unmarked when finished; a body written whole in one go needs neither. */
    bool marked;
    bool old_mark;   /* a file continued with -c may carry the mark of an earlier run */
    bool ahead;      /* ranges are written ahead of the valid bytes (--chunk-size): the mark counts them */
    char *validator; /* kept until the first byte: it only matters to a partial file */
    int64_t expected; /* the file's full length for the mark, -1 when unknown */
    char error[256];
} mw_sink;

/* Creates the directory (and its parents) if needed and opens a new file
 * named `name` there, or name.1, name.2... when it exists, as wget does
 * (base.1.html when -E added the last suffix_len bytes).
 * dir NULL means the current directory. Returns 0, or -1 with sink->error set. */
int mw_sink_open_file(mw_sink *sink, const char *dir, const char *name, size_t suffix_len);
/* Like mw_sink_open_file, but an existing file moves to name.1 (name.1 to
 * name.2, ... keeping `backups` of them) and the new one takes its name. */
int mw_sink_open_with_backups(mw_sink *sink, const char *dir, const char *name, int backups);
/* Like mw_sink_open_file, but an existing file is overwritten, as wget
 * does under -r. */
int mw_sink_open_replacing(mw_sink *sink, const char *dir, const char *name);
/* The size of the regular file dir/name, or -1 when there is none; *mtime
 * (when not NULL) receives its modification time. */
int64_t mw_sink_existing_size(const char *dir, const char *name, time_t *mtime);
/* Opens dir/name to continue it (-c) or replace it (-N): written starts
 * at its size, or at keep (>= 0) when that is shorter, the file then cut
 * back to keep. Returns 0, or -1 with sink->error set. */
int mw_sink_open_existing(mw_sink *sink, const char *dir, const char *name, int64_t keep);
/* Throws away this body's bytes so far (the server sent it all again). */
int mw_sink_restart(mw_sink *sink);

/* The validator (ETag or Last-Modified) a partial file was downloaded
 * under, kept in the "user.mini-wget.validator" extended attribute so that
 * a resume can ask for "the rest of *this* version" (If-Range). Written
 * with the first byte of the body, or when the body fails. */
void mw_sink_set_validator(mw_sink *sink, const char *validator);
/* Caller frees; NULL when none is recorded (or xattrs are unsupported). */
char *mw_sink_read_validator(const char *dir, const char *name);

/* Removes the incomplete mark of the file at path (a whole file the server confirms). */
void mw_sink_mark_complete(const char *path);

/* What the "user.mini-wget.incomplete" mark of a file says. */
typedef struct mw_sink_mark {
    int64_t valid;    /* bytes known good from the start; -1: all of the file's bytes */
    int64_t expected; /* the full length, -1 when unknown */
} mw_sink_mark;
/* False when path carries no mark (a whole file, or one not ours). */
bool mw_sink_read_mark(const char *path, mw_sink_mark *mark);
/* Marks the file as holding only its first `valid` good bytes: a writer
 * that fills ranges ahead of that (--chunk-size) keeps it up to date, so a
 * kill at any point leaves a mark that vouches for no hole. */
void mw_sink_mark_valid(mw_sink *sink, int64_t valid);

/* Marks a file we own incomplete now (once), rather than at its first
 * byte: for a body still on its way, so that no kill leaves the new file
 * empty and unmarked while it waits. */
void mw_sink_mark_incomplete(mw_sink *sink);

/* Uses a descriptor the caller owns; name is for messages only. */
void mw_sink_use_fd(mw_sink *sink, int fd, const char *name);

/* Writes all of buf. Returns 0, or -1 with sink->error set ("Cannot write to..."). */
int mw_sink_write(mw_sink *sink, const void *buf, size_t len);
/* The same for the bytes that end the body: a body that is all in these
 * bytes is written without the incomplete mark and the validator (three
 * system calls fewer for each small file). */
int mw_sink_write_last(mw_sink *sink, const void *buf, size_t len);

/* Outcome of mw_sink_splice(). */
typedef enum mw_splice_result {
    MW_SPLICE_MOVED,       /* *moved bytes went from the socket to the file */
    MW_SPLICE_AGAIN,       /* the socket has nothing now */
    MW_SPLICE_EOF,         /* the peer closed */
    MW_SPLICE_READ_ERROR,  /* errno says why */
    MW_SPLICE_WRITE_ERROR, /* sink->error says why */
    MW_SPLICE_UNSUPPORTED, /* use read/write instead */
} mw_splice_result;

/* Moves at most max bytes from a socket to the file without copying them
 * through user space (socket -> pipe -> file). */
mw_splice_result mw_sink_splice(mw_sink *sink, int sockfd, size_t max, size_t *moved);

/* Ends a successful body: sets the mtime when mtime > 0 (of a descriptor
 * given by mw_sink_use_fd too, when it is a regular file) and closes the
 * files the sink opened. */
int mw_sink_finish(mw_sink *sink, time_t mtime);
/* Ends a failed body: the file is cut back to its first `valid` bytes
 * (-1: all that was written), and removed when we created it and nothing
 * valid is left; otherwise it is kept (for -c) and marked with a
 * "user.mini-wget.incomplete" extended attribute ("valid/expected") so it
 * never passes for complete. A file is marked before its first byte
 * ("*" /expected: the file holds only bytes written, as nothing is sized
 * ahead), so a run that is killed leaves the mark too; mw_sink_finish
 * removes it. */
void mw_sink_abort(mw_sink *sink, int64_t valid);
void mw_sink_free(mw_sink *sink);

/* dir/name (name alone when dir is NULL or "."). Caller frees. */
char *mw_sink_path(const char *dir, const char *name);

/* mkdir -p; returns 0 or -1 with errno set. */
int mw_mkdirs(const char *path);

#endif
