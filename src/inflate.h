/* inflate: streaming gzip/deflate decoding of a response body (zlib), in
 * bounded memory whatever the body's size. */
#ifndef MW_INFLATE_H
#define MW_INFLATE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct mw_inflate mw_inflate;

/* Receives decoded bytes; returns 0, or -1 to stop. */
typedef int (*mw_inflate_out)(void *data, const char *buf, size_t len);

/* For Content-Encoding gzip, x-gzip or deflate (zlib-wrapped, or raw as
 * some servers send it). NULL when out of memory. */
mw_inflate *mw_inflate_new(void);
void mw_inflate_free(mw_inflate *z);

typedef enum mw_inflate_result {
    MW_INFLATE_OK,
    MW_INFLATE_CORRUPT,    /* not valid compressed data: see mw_inflate_error */
    MW_INFLATE_OUT_FAILED, /* out returned -1 */
} mw_inflate_result;

mw_inflate_result mw_inflate_feed(mw_inflate *z, const char *buf, size_t len, mw_inflate_out out, void *data);
/* True once the compressed stream ended properly: at its end, or between
 * two gzip members (more may follow). Bytes after the end of a stream that
 * are no gzip member are MW_INFLATE_CORRUPT. */
bool mw_inflate_finished(const mw_inflate *z);
const char *mw_inflate_error(const mw_inflate *z);

#endif
