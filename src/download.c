/* mw_download: the blocking convenience call over one transfer. */
#include "ctx.h"
#include "transfer.h"

typedef struct download_result {
    bool done;
    mw_status status;
    mw_loop *loop;
} download_result;

static void on_done(void *data, mw_status status)
{
    download_result *r = data;
    r->done = true;
    r->status = status;
    mw_loop_stop(r->loop);
}

mw_status mw_download(mw_ctx *ctx, const char *text)
{
    mw_url url;
    char err[256];
    if (mw_url_parse(text, &url, err, sizeof err) != MW_URL_OK) {
        mw_log(ctx, MW_LOG_ERROR, "%s: %s", text, err);
        return MW_ERR_GENERIC;
    }
    download_result result = { .loop = ctx->loop };
    mw_transfer *t = mw_transfer_start(ctx, &url, on_done, &result);
    mw_url_free(&url);
    if (!t) {
        mw_log(ctx, MW_LOG_ERROR, "%s: out of memory", text);
        return MW_ERR_GENERIC;
    }
    mw_loop_run(ctx->loop);
    if (!result.done) { /* the loop ran dry: a transfer lost track of its own events */
        mw_log(ctx, MW_LOG_ERROR, "%s: internal error: the transfer stalled", text);
        return MW_ERR_GENERIC;
    }
    mw_transfer_free(t);
    return result.status;
}
