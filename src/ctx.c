#include "ctx.h"

#include <stdio.h>
#include <stdlib.h>

const char *mw_version(void)
{
    return MW_VERSION;
}

mw_status mw_status_worse(mw_status a, mw_status b)
{
    if (a == MW_OK || a == MW_ERR_GENERIC)
        return b == MW_OK ? a : b;
    if (b == MW_OK || b == MW_ERR_GENERIC)
        return a;
    return a < b ? a : b;
}

void mw_options_init(mw_options *opts)
{
    *opts = (mw_options){ 0 };
    opts->read_timeout_ms = 900 * 1000;
    opts->max_redirect = 20;
    opts->output_fd = -1;
    opts->use_server_timestamps = true;
    opts->keep_alive = true;
    opts->tries = 20;
    opts->check_certificate = true;
    opts->hsts = true;
    opts->max_per_host = 16;
    opts->waitretry_ms = 10 * 1000;
}

mw_ctx *mw_ctx_new(const mw_options *opts, char *err, size_t errlen)
{
    mw_ctx *ctx = calloc(1, sizeof *ctx);
    if (!ctx) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    ctx->opts = opts;
    snprintf(ctx->user_agent, sizeof ctx->user_agent, "mini-wget/%s", MW_VERSION);
    ctx->loop = mw_loop_new();
    if (!ctx->loop) {
        snprintf(err, errlen, "cannot create the event loop");
        free(ctx);
        return NULL;
    }
    ctx->dns = mw_dns_new(ctx->loop, err, errlen);
    ctx->pool = mw_pool_new();
    if (!ctx->dns || !ctx->pool) {
        if (ctx->dns && !ctx->pool)
            snprintf(err, errlen, "out of memory");
        mw_dns_free(ctx->dns);
        mw_loop_free(ctx->loop);
        free(ctx->pool);
        free(ctx);
        return NULL;
    }
    if (opts->hsts) {
        char *path = NULL;
        const char *home = getenv("HOME");
        if (!opts->hsts_file && home && *home && asprintf(&path, "%s/.mini-wget-hsts", home) < 0)
            path = NULL;
        ctx->hsts = mw_hsts_load(opts->hsts_file ? opts->hsts_file : path);
        free(path);
    }
    return ctx;
}

void mw_ctx_free(mw_ctx *ctx)
{
    if (!ctx)
        return;
    mw_hsts_save_and_free(ctx->hsts);
    mw_pool_free(ctx->pool);
    mw_tls_ctx_free(ctx->tls);
    mw_dns_free(ctx->dns);
    mw_loop_free(ctx->loop);
    free(ctx);
}

mw_tls_ctx *mw_ctx_tls(mw_ctx *ctx, char *err, size_t errlen)
{
    if (!ctx->tls)
        ctx->tls = mw_tls_ctx_new(ctx->opts, err, errlen);
    return ctx->tls;
}

void mw_log(mw_ctx *ctx, mw_log_level level, const char *fmt, ...)
{
    if (!ctx->opts->log)
        return;
    char line[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    ctx->opts->log(ctx->opts->callback_data, level, line);
}
