/* mw_download and mw_download_all: run transfers on the context's loop,
 * one or several at a time, until every one has finished. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "crawl.h"
#include "ctx.h"
#include "layout.h"
#include "miniwget/format.h"
#include "sink.h"
#include "transfer.h"

typedef struct batch batch;

typedef struct slot {
    batch *owner;
    mw_transfer *transfer;
    mw_timer_id wait_timer; /* -w between downloads */
    char *pending;          /* the URL this slot starts after its wait, or once its host has room */
    bool blocked;           /* pending waits for a connection to its host to finish */
    mw_url origin;          /* what the running transfer is connected to (scheme, host, port) */
    bool crawling;          /* the transfer fetches `item` of the crawl */
    mw_crawl_item item;
    bool idle;              /* waits for the crawl to find more */
    uint64_t seq;           /* the place of its URL in the list */
    char *local;            /* -j: the file its URL names, while the name is not settled */
    bool named;             /* the running transfer has opened its file */
} slot;

struct batch {
    mw_ctx *ctx;
    mw_url_source next_url;
    void *source_data;
    bool exhausted;  /* the source has no more URLs */
    size_t running;
    uint64_t taken;  /* URLs taken from the source so far */
    slot *slots;     /* `parallel` of them */
    unsigned parallel;
    int64_t downloaded; /* bytes so far, for -Q */
    mw_status status;
    mw_crawl *crawl;    /* -r, -p: more URLs come from the pages */
    bool over_quota;    /* -Q: nothing new starts */
    bool interrupted;   /* a signal: every download ends, nothing new starts */
};

static void start_next(batch *b, slot *s);
static void on_wait_over(mw_loop *loop, void *data);

/* The pause before the next download: -w, varied by --random-wait. */
static uint64_t next_pause(const mw_options *o)
{
    if (!o->wait_ms || !o->random_wait)
        return o->wait_ms;
    return o->wait_ms / 2 + (uint64_t)random() % (o->wait_ms + 1);
}

/* Transfers running to the same scheme, host and port as url. */
static unsigned running_to(const batch *b, const mw_url *url)
{
    unsigned n = 0;
    for (unsigned i = 0; i < b->parallel; i++)
        if (b->slots[i].transfer && b->slots[i].origin.host && mw_url_same_origin(&b->slots[i].origin, url))
            n++;
    return n;
}

/* Downloads allowed at once to url's host: --max-per-host, lowered for a
 * host that answered 429 or 503 (0: no limit). */
static unsigned host_limit(const batch *b, const mw_url *url)
{
    unsigned base = (unsigned)b->ctx->opts->max_per_host;
    if (base == 0 || base > b->parallel)
        base = b->parallel;
    unsigned limit = mw_slow_hosts_limit(&b->ctx->slow_hosts, url, base);
    return limit == base && b->ctx->opts->max_per_host == 0 ? 0 : limit;
}

/* A transfer ended: slots held back by the per-host limit may start now. */
static void unblock(batch *b)
{
    for (unsigned i = 0; i < b->parallel; i++) {
        if (b->slots[i].blocked) {
            b->slots[i].blocked = false;
            start_next(b, &b->slots[i]);
        }
    }
}

/* -j: a URL whose file name an earlier URL may take first waits until that
 * one has opened its file (or ended), so numbered names (.1, .2) follow the
 * list's order as one wget after another gives them, not the order in
 * which answers come. Only the names the URLs give are compared: a
 * Content-Disposition name is known too late to wait for. */
static bool names_in_order(const batch *b)
{
    return b->parallel > 1 && !b->crawl && b->ctx->opts->output_fd < 0;
}

static char *named_by(const batch *b, const mw_url *url)
{
    char *dir = NULL, *name = NULL, *path = NULL;
    if (mw_layout_place(b->ctx->opts, url, &dir, &name) == 0)
        path = mw_sink_path(dir, name);
    free(dir);
    free(name);
    return path;
}

/* An earlier URL of the same name has not opened its file yet. */
static bool name_taken_earlier(const batch *b, const slot *s)
{
    for (unsigned i = 0; i < b->parallel; i++) {
        const slot *o = &b->slots[i];
        if (o == s || !o->local || strcmp(o->local, s->local) != 0)
            continue;
        if ((o->transfer && !o->named) || (o->blocked && o->seq < s->seq))
            return true;
    }
    return false;
}

static void on_file_opened(void *data)
{
    slot *s = data;
    s->named = true;
    unblock(s->owner);
}

static void free_finished(mw_loop *loop, void *data)
{
    mw_transfer_free(data);
}

/* Hands one URL's result to the caller's url_done, when it gave one. */
static void report_result(batch *b, const mw_url_result *result)
{
    const mw_options *o = b->ctx->opts;
    if (o->url_done)
        o->url_done(o->callback_data, result);
}

/* A URL that ended before a transfer existed for it (malformed, out of
 * memory): its text, its status and why; nothing else happened. */
static void report_unstarted(batch *b, const char *text, mw_status status, const char *error)
{
    mw_url_result result = { .url = text, .exit_class = status, .error = error };
    report_result(b, &result);
}

/* A transfer of the crawl ended: its page may hold more links. */
static void crawl_done(batch *b, slot *s, mw_status *status)
{
    const mw_transfer *t = s->transfer;
    mw_crawl_done(b->crawl, &s->item, *status, mw_transfer_final_url(t), mw_transfer_saved_path(t),
                  mw_transfer_content_type(t));
    if (s->item.robots)
        *status = MW_OK; /* a missing robots.txt is no failure */
    mw_crawl_item_free(&s->item);
    s->crawling = false;
}

/* Slots that found nothing to do may find something now. */
static void wake_idle(batch *b)
{
    for (unsigned i = 0; i < b->parallel; i++)
        if (b->slots[i].idle) {
            b->slots[i].idle = false;
            start_next(b, &b->slots[i]);
        }
}

static void on_done(void *data, mw_status status)
{
    slot *s = data;
    batch *b = s->owner;
    if (s->crawling)
        crawl_done(b, s, &status);
    else if (b->ctx->opts->delete_after && status == MW_OK && mw_transfer_saved_path(s->transfer)) {
        const char *path = mw_transfer_saved_path(s->transfer);
        mw_log(b->ctx, MW_LOG_INFO, "Removing %s.", path);
        unlink(path);
    }
    if (b->ctx->opts->url_done) {
        mw_url_result result;
        mw_transfer_result(s->transfer, status, &result);
        report_result(b, &result);
    }
    b->status = mw_status_worse(b->status, status);
    b->downloaded += mw_transfer_bytes(s->transfer);
    const mw_options *o = b->ctx->opts;
    if (o->quota && b->downloaded > (int64_t)o->quota && !b->over_quota) { /* past it, as wget: reaching it is fine */
        char size[32];
        mw_format_size((int64_t)o->quota, size, sizeof size);
        mw_log(b->ctx, MW_LOG_ERROR, "Download quota of %s EXCEEDED!", size);
        /* as wget: the file that crossed it is kept whole, no new one starts
         * (but the command line's URLs, outside a crawl: start_next) */
        b->over_quota = true;
        b->exhausted = b->exhausted || b->crawl;
    }
    /* Freed on the next loop round: its own code is still on the stack. */
    mw_loop_timer(b->ctx->loop, 0, free_finished, s->transfer);
    s->transfer = NULL;
    mw_url_free(&s->origin);
    free(s->local);
    s->local = NULL;
    s->named = false;
    b->running--;
    unblock(b);
    uint64_t pause = b->interrupted ? 0 : next_pause(b->ctx->opts);
    if (pause && b->crawl && !b->over_quota) { /* -w between the pages of a crawl too */
        b->running++;
        s->wait_timer = mw_loop_timer(b->ctx->loop, pause, on_wait_over, s);
        wake_idle(b);
        return;
    }
    bool take = pause && !b->exhausted && !b->over_quota; /* past -Q, start_next decides */
    const char *next = take ? b->next_url(b->source_data) : NULL;
    if (take && !next)
        b->exhausted = true;
    if (next && (s->pending = strdup(next))) {
        /* -w: the slot stays busy while it waits, so the pace holds with -j too */
        s->seq = ++b->taken;
        b->running++;
        s->wait_timer = mw_loop_timer(b->ctx->loop, pause, on_wait_over, s);
        return;
    }
    start_next(b, s);
    if (b->crawl)
        wake_idle(b);
    if (b->running == 0)
        mw_loop_stop(b->ctx->loop);
}

static void on_wait_over(mw_loop *loop, void *data)
{
    slot *s = data;
    batch *b = s->owner;
    s->wait_timer = 0;
    b->running--;
    start_next(b, s);
    if (b->running == 0)
        mw_loop_stop(b->ctx->loop);
}

/* Starts the crawl's next URL in slot s. False when there is none now
 * (*idle: one may come once a running download ends). */
static bool start_crawl_item(batch *b, slot *s, bool *idle)
{
    mw_crawl_item item;
    mw_crawl_next_result r = mw_crawl_next(b->crawl, &item);
    *idle = r == MW_CRAWL_WAIT;
    if (r != MW_CRAWL_ITEM)
        return false;
    if (item.robots)
        mw_log(b->ctx, MW_LOG_INFO, "Loading robots.txt; please ignore errors.");
    unsigned flags = (item.read_body ? MW_TRANSFER_GET_EVEN_IF_SPIDER : 0) | (item.away ? MW_TRANSFER_AWAY_FROM_HOME : 0) |
                     (item.delete_after ? MW_TRANSFER_TEMPORARY : 0);
    s->transfer = mw_transfer_start_with(b->ctx, &item.url, flags, on_done, s);
    if (!s->transfer) {
        char *text = mw_url_to_string(&item.url);
        report_unstarted(b, text ? text : "", MW_ERR_GENERIC, "out of memory");
        free(text);
        mw_crawl_item_free(&item);
        b->status = mw_status_worse(b->status, MW_ERR_GENERIC);
        return false;
    }
    s->item = item;
    s->crawling = true;
    b->running++;
    return true;
}

/* Starts URLs in slot s until one is running or none is left; URLs that fail
 * to parse are reported and counted without a transfer. Under -r and -p the
 * crawl's URLs come first; a start URL is taken when it has none. */
static void start_next(batch *b, slot *s)
{
    if (b->interrupted)
        return;
    for (;;) {
        bool idle = false;
        if (b->crawl && !b->over_quota && start_crawl_item(b, s, &idle))
            return;
        if (idle || (b->crawl && b->running > 0 && !s->pending)) {
            s->idle = true; /* pages still on their way may add links: wait for them */
            return;
        }
        if (!s->pending && b->exhausted)
            return;
        char *owned = s->pending; /* a URL taken before a -w pause */
        s->pending = NULL;
        const char *text = owned ? owned : b->next_url(b->source_data);
        if (!text) {
            b->exhausted = true;
            return;
        }
        if (!owned)
            s->seq = ++b->taken;
        if (b->over_quota && !b->crawl && s->seq > b->ctx->opts->quota_exempt) {
            /* a list's URL once -Q is past: the list ends there, exit 1 unless worse, as wget */
            free(owned);
            b->exhausted = true;
            b->status = mw_status_worse(b->status, MW_ERR_GENERIC);
            return;
        }
        mw_url url;
        char err[256];
        if (mw_url_parse(text, &url, err, sizeof err) != MW_URL_OK) {
            /* a line break in a URL is an attempt at header injection: a usage error, as for options */
            bool injection = strpbrk(text, "\r\n") != NULL;
            if (injection) {
                snprintf(err, sizeof err, "A URL contains a line break; refusing to send it.");
                mw_log(b->ctx, MW_LOG_ERROR, "%s", err);
            } else {
                mw_log(b->ctx, MW_LOG_ERROR, "%s: %s", text, err);
            }
            mw_status status = injection ? MW_ERR_PARSE : MW_ERR_GENERIC;
            report_unstarted(b, text, status, err);
            b->status = mw_status_worse(b->status, status);
            free(owned);
            continue;
        }
        if (b->crawl) { /* it comes back out of the crawl's queue */
            mw_crawl_add_root(b->crawl, &url);
            mw_url_free(&url);
            free(owned);
            continue;
        }
        if (names_in_order(b) && !s->local)
            s->local = named_by(b, &url);
        unsigned limit = host_limit(b, &url);
        if ((limit > 0 && running_to(b, &url) >= limit) || (s->local && name_taken_earlier(b, s))) {
            /* the host has its share, or the name waits its turn: this slot waits for one of them */
            s->pending = owned ? owned : strdup(text);
            s->blocked = s->pending != NULL;
            mw_url_free(&url);
            if (s->blocked)
                return;
            free(s->local);
            s->local = NULL;
            continue;
        }
        s->transfer = mw_transfer_start(b->ctx, &url, on_done, s);
        s->origin = url; /* kept for the per-host count, freed when the transfer ends */
        if (!s->transfer) {
            mw_log(b->ctx, MW_LOG_ERROR, "%s: out of memory", text);
            report_unstarted(b, text, MW_ERR_GENERIC, "out of memory");
            b->status = mw_status_worse(b->status, MW_ERR_GENERIC);
            mw_url_free(&s->origin);
        }
        free(owned);
        if (!s->transfer) {
            free(s->local);
            s->local = NULL;
            continue;
        }
        if (s->local)
            mw_transfer_on_file_opened(s->transfer, on_file_opened);
        b->running++;
        return;
    }
}

/* The caller's signal: every running download ends now, keeping its
 * partial file for -c; slots waiting (-w, per-host limit) start nothing. */
static void on_interrupt(mw_loop *loop, int fd, unsigned events, void *data)
{
    batch *b = data;
    mw_loop_unwatch(loop, fd);
    b->interrupted = b->exhausted = true;
    b->status = mw_status_worse(b->status, MW_ERR_GENERIC);
    for (unsigned i = 0; i < b->parallel; i++) {
        slot *s = &b->slots[i];
        if (s->wait_timer) {
            mw_loop_cancel(loop, s->wait_timer);
            s->wait_timer = 0;
            b->running--;
        }
        free(s->pending);
        s->pending = NULL;
        s->blocked = s->idle = false;
        if (s->transfer)
            mw_transfer_interrupt(s->transfer);
    }
    if (b->running == 0)
        mw_loop_stop(loop);
}

mw_status mw_download_all(mw_ctx *ctx, mw_url_source next_url, void *source_data, unsigned parallel)
{
    if (parallel == 0)
        parallel = 1;
    if (ctx->opts->random_wait)
        srandom((unsigned)time(NULL) ^ (unsigned)getpid());
    batch b = { .ctx = ctx, .next_url = next_url, .source_data = source_data, .parallel = parallel, .status = MW_OK };
    b.slots = calloc(parallel, sizeof *b.slots);
    if (!b.slots)
        return MW_ERR_GENERIC;
    for (unsigned i = 0; i < parallel; i++)
        b.slots[i].owner = &b;
    if (ctx->opts->recursive || ctx->opts->page_requisites) {
        char err[256];
        b.crawl = mw_crawl_new(ctx, err, sizeof err);
        if (!b.crawl) {
            mw_log(ctx, MW_LOG_ERROR, "%s", err);
            free(b.slots);
            return MW_ERR_PARSE;
        }
    }
    if (ctx->opts->interrupt_fd >= 0)
        mw_loop_watch_idle(ctx->loop, ctx->opts->interrupt_fd, on_interrupt, &b);
    for (unsigned i = 0; i < parallel && !b.exhausted; i++)
        start_next(&b, &b.slots[i]);
    if (b.running > 0)
        mw_loop_run(ctx->loop);
    if (ctx->opts->interrupt_fd >= 0)
        mw_loop_unwatch(ctx->loop, ctx->opts->interrupt_fd);
    mw_loop_flush(ctx->loop); /* runs the deferred frees */
    if (b.running > 0) { /* the loop ran dry: a transfer lost track of its own events */
        mw_log(ctx, MW_LOG_ERROR, "internal error: %zu transfers stalled", b.running);
        b.status = mw_status_worse(b.status, MW_ERR_GENERIC);
    }
    if (b.crawl)
        mw_crawl_finish(b.crawl);
    mw_crawl_free(b.crawl);
    for (unsigned i = 0; i < parallel; i++) {
        free(b.slots[i].pending);
        free(b.slots[i].local);
        mw_url_free(&b.slots[i].origin);
        if (b.slots[i].crawling)
            mw_crawl_item_free(&b.slots[i].item);
    }
    free(b.slots);
    if (mw_warc_failed(ctx->warc)) /* the archive misses records: the run did not do what it was asked */
        b.status = mw_status_worse(b.status, MW_ERR_IO);
    return b.status;
}

static const char *single_url(void *data)
{
    const char **url = data;
    const char *text = *url;
    *url = NULL;
    return text;
}

mw_status mw_download(mw_ctx *ctx, const char *url)
{
    return mw_download_all(ctx, single_url, &url, 1);
}
