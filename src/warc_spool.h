/* warc_spool: the bytes of a record's block on their way to the WARC file,
 * whose header (its length, its digests) can only be written once they are
 * all in. The first MW_WARC_SPOOL_MEMORY bytes stay in memory; the rest go
 * to an unlinked temporary file, so memory does not grow with a body. */
#ifndef MW_WARC_SPOOL_H
#define MW_WARC_SPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MW_WARC_SPOOL_MEMORY (256 * 1024)

typedef struct mw_warc_spool {
    const char *tempdir; /* where the temporary file goes (not owned) */
    char *mem;           /* the first bytes, MW_WARC_SPOOL_MEMORY at most */
    size_t mem_len;
    int fd;              /* the temporary file with the rest, -1 until needed */
    uint64_t size;       /* every byte added */
    char error[256];     /* the first failure; "" when none */
} mw_warc_spool;

void mw_warc_spool_init(mw_warc_spool *s, const char *tempdir);
/* Adds bytes; -1 (with s->error) when they could not be kept. */
int mw_warc_spool_add(mw_warc_spool *s, const void *buf, size_t len);

/* Receives the spooled bytes in order; returns 0, or -1 to stop. */
typedef int (*mw_warc_spool_out)(void *data, const void *buf, size_t len);
/* Hands every byte to out; -1 when reading back failed or out stopped. */
int mw_warc_spool_copy(mw_warc_spool *s, mw_warc_spool_out out, void *data);
void mw_warc_spool_free(mw_warc_spool *s);

#endif
