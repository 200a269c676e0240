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
enum {
    MW_TRANSFER_GET_EVEN_IF_SPIDER = 1, /* --spider -r: a page is fetched (then deleted) to find its links */
    MW_TRANSFER_AWAY_FROM_HOME = 2,     /* a crawl's link off the start URLs' origins: no credentials from the options */
    MW_TRANSFER_TEMPORARY = 4,          /* the file is deleted once read (-R, --delete-after): saved as NAME.tmp */
};
mw_transfer *mw_transfer_start_with(mw_ctx *ctx, const mw_url *url, unsigned flags, mw_transfer_done_cb done,
                                    void *data);
/* cb(data) runs once the transfer has opened the file its body goes to
 * (data is the done callback's). */
void mw_transfer_on_file_opened(mw_transfer *t, void (*cb)(void *data));
/* Body bytes this transfer wrote (for -Q). */
int64_t mw_transfer_bytes(const mw_transfer *t);
/* After the done callback: the URL fetched last (after redirects), the file
 * the body went to (NULL when none: -O, --spider, a failure; an existing
 * file that -nc kept), and the response's Content-Type (or NULL). */
const mw_url *mw_transfer_final_url(const mw_transfer *t);
const char *mw_transfer_saved_path(const mw_transfer *t);
const char *mw_transfer_content_type(const mw_transfer *t);
/* After the done callback: what became of the URL (result->url is the
 * URL the transfer was started with). The strings stay valid until
 * mw_transfer_free(). */
void mw_transfer_result(mw_transfer *t, mw_status status, mw_url_result *result);
/* Frees a transfer after its done callback has fired. */
void mw_transfer_free(mw_transfer *t);
/* Ends t at once (a signal): its partial file is kept, cut back to its
 * valid bytes and marked for -c, and a line says what was kept. The done
 * callback runs, with MW_ERR_GENERIC. */
void mw_transfer_interrupt(mw_transfer *t);

#endif
