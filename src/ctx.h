/* ctx: what one mw_ctx holds, shared by the modules behind the public API. */
#ifndef MW_CTX_H
#define MW_CTX_H

#include <stdarg.h>

#include "dns.h"
#include "loop.h"
#include "pool.h"
#include "miniwget/miniwget.h"

struct mw_ctx {
    const mw_options *opts;
    mw_loop *loop;
    mw_dns *dns;
    mw_pool *pool;
    char user_agent[64]; /* the default one, when opts->user_agent is NULL */
};

/* Formats one line and hands it to the log callback. */
void mw_log(mw_ctx *ctx, mw_log_level level, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
