/* warc_file: the WARC files a run writes: FILE.warc.gz, or FILE-00000.warc.gz,
 * FILE-00001.warc.gz... with --warc-max-size. Each record is appended whole
 * (buffered, then written at its end) as its own gzip member, so a reader
 * can start decompressing at any record's offset; or plain with
 * --no-warc-compression (FILE.warc). */
#ifndef MW_WARC_FILE_H
#define MW_WARC_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <zlib.h>

typedef struct mw_warc_file {
    char *base;            /* FILE as given */
    bool gzip;
    uint64_t max_size;     /* roll over once a file reaches it; 0: one file */
    int serial;            /* of the current file under --warc-max-size */
    int fd;                /* the current file, -1 when none */
    char *path;            /* its name */
    uint64_t offset;       /* its size: where the next record starts */
    uint64_t record_start; /* where the record being written started */
    z_stream z;            /* the record's gzip member, while one is open */
    bool in_record;
    char *out;             /* the record's bytes on their way to the file */
    size_t out_len, out_cap;
    char error[512];       /* the first failure; "" when none */
} mw_warc_file;

/* Opens the first file; -1 with f->error. */
int mw_warc_file_open(mw_warc_file *f, const char *base, bool gzip, uint64_t max_size);
/* The name of the current file without its directory (WARC-Filename, the CDX). */
const char *mw_warc_file_name(const mw_warc_file *f);
/* The current file reached --warc-max-size: the next records go to a new one. */
bool mw_warc_file_full(const mw_warc_file *f);
int mw_warc_file_next(mw_warc_file *f);

/* One record: begin (its offset in *offset), its bytes, end (written whole). */
int mw_warc_file_begin(mw_warc_file *f, uint64_t *offset);
int mw_warc_file_write(mw_warc_file *f, const void *buf, size_t len);
int mw_warc_file_end(mw_warc_file *f);
/* Drops a record begun but not ended: nothing of it reaches the file. */
void mw_warc_file_cancel(mw_warc_file *f);

/* Closes the file; -1 (with f->error) when its last bytes could not be kept. */
int mw_warc_file_close(mw_warc_file *f);

#endif
