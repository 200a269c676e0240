/* transfer: one download's state machine, from URL to a finished file.
 *
 *   RESOLVING -> CONNECTING -> SENDING -> READING_HEAD -> READING_BODY -> DONE
 *
 * A redirect goes back to RESOLVING with the new URL. Every step is
 * non-blocking on the context's loop; the done callback fires once. */
#ifndef MW_TRANSFER_H
#define MW_TRANSFER_H

#include "ctx.h"
#include "miniwget/url.h"

typedef struct mw_transfer mw_transfer;

typedef void (*mw_transfer_done_cb)(void *data, mw_status status);

/* Takes a copy of url. Returns NULL when out of memory. */
mw_transfer *mw_transfer_start(mw_ctx *ctx, const mw_url *url, mw_transfer_done_cb done, void *data);
/* Body bytes this transfer wrote (for -Q). */
int64_t mw_transfer_bytes(const mw_transfer *t);
/* Frees a transfer after its done callback has fired. */
void mw_transfer_free(mw_transfer *t);

#endif
