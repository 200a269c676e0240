/* ctx: what one mw_ctx holds, shared by the modules behind the public API. */
#ifndef MW_CTX_H
#define MW_CTX_H

#include <stdarg.h>

#include "addr.h"
#include "cookies.h"
#include "dns.h"
#include "fields.h"
#include "hsts.h"
#include "http.h"
#include "loop.h"
#include "pool.h"
#include "strmap.h"
#include "slowhosts.h"
#include "tls.h"
#include "warc.h"
#include "miniwget/miniwget.h"

typedef struct mw_proxy {
    bool set;
    mw_url url;
    char *authorization; /* Proxy-Authorization value, or NULL */
} mw_proxy;

/* How the crawl's lists (-D, --exclude-domains, -I, -X, -A, -R) are read:
 * entries end at commas, spaces around them do not count. */
#define MW_CTX_LIST_SEPARATORS ","
#define MW_CTX_LIST_BLANKS " "

/* The option lists, split once when the mw_ctx is made rather than at every
 * use. Each keeps whether the option was given at all ("-A ," is given and
 * empty: nothing is accepted). */
typedef struct mw_ctx_lists {
    mw_list no_proxy;                   /* entries end at commas, spaces or tabs */
    mw_list domains, exclude_domains;   /* -D, --exclude-domains */
    mw_list include_dirs, exclude_dirs; /* -I, -X */
    mw_list accept, reject;             /* -A, -R */
    mw_list follow_tags, ignore_tags;   /* read as links.h says (MW_LINKS_TAG_*) */
} mw_ctx_lists;

struct mw_ctx {
    const mw_options *opts;
    mw_loop *loop;
    mw_dns *dns;
    mw_pool *pool;
    mw_tls_ctx *tls; /* made at the first https URL: plain runs never load OpenSSL's store */
    mw_hsts *hsts;   /* NULL with --no-hsts */
    mw_cookie_jar *cookies; /* NULL with --no-cookies */
    char user_agent[64]; /* the default one, when opts->user_agent is NULL */
    mw_proxy proxies[2]; /* for http and https URLs */
    mw_addr bind_addr;   /* --bind-address; bind_addr.len == 0: none */
    mw_ctx_lists lists;  /* from opts, read in mw_ctx_new() */
    bool retry_statuses[MW_HTTP_STATUS_LIMIT]; /* --retry-on-http-error, read in mw_ctx_new() */
    mw_strmap basic_hosts; /* hosts that asked for Basic: later requests send it at once, as wget */
    mw_slow_hosts slow_hosts; /* hosts that answered 429 or 503: fewer downloads at once to them */
    mw_warc *warc;       /* --warc-file's writer, or NULL */
    struct mw_h2_hub *h2; /* shared HTTP/2 connections (h2.h), made at the first request that may use one */
};

/* The proxy for url (after no_proxy), or NULL to connect directly. */
const mw_proxy *mw_ctx_proxy_for(const mw_ctx *ctx, const mw_url *url);

/* True when --retry-on-http-error lists status. */
bool mw_ctx_retries_status(const mw_ctx *ctx, int status);

/* The TLS settings, made on first use; NULL with a message in err. */
mw_tls_ctx *mw_ctx_tls(mw_ctx *ctx, char *err, size_t errlen);

/* Whether a line of this level would reach the log callback: callers skip
 * the work of preparing one that would not (-q formats nothing). */
bool mw_log_wanted(const mw_ctx *ctx, mw_log_level level);

/* Formats one line and hands it to the log callback. */
void mw_log(mw_ctx *ctx, mw_log_level level, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void mw_logv(mw_ctx *ctx, mw_log_level level, const char *fmt, va_list ap) __attribute__((format(printf, 3, 0)));

#endif
