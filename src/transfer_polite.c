/* transfer_polite: trying again when the server asks for it. A 429 or 503
 * with Retry-After (seconds or an HTTP date), or any status
 * --retry-on-http-error lists, is tried again (within -t) after the pause
 * the server asks for, when --max-retry-after (or else --waitretry)
 * allows that long; without Retry-After, after an exponential backoff with
 * full jitter bounded by --waitretry. A host that answers 429 or 503 gets
 * fewer of the -j downloads at once for the rest of the run (slowhosts.c,
 * read by download.c). */
#include "transfer_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"

/* The pause Retry-After asks for, in ms; -1 when it is absent or unreadable. */
static int64_t retry_after_ms(const char *value)
{
    if (!value)
        return -1;
    while (*value == ' ' || *value == '\t')
        value++;
    if (*value >= '0' && *value <= '9') {
        char *end;
        unsigned long long secs = strtoull(value, &end, 10);
        while (*end == ' ' || *end == '\t')
            end++;
        if (*end)
            return -1;
        return secs > 1000000000ull ? (int64_t)1000000000000ll : (int64_t)secs * 1000;
    }
    time_t when = mw_parse_http_date(value);
    if (when < 0)
        return -1;
    time_t now = time(NULL);
    return when > now ? (int64_t)(when - now) * 1000 : 0;
}

/* Full jitter (a random pause up to the exponential ceiling): clients told
 * to wait at once do not all come back at once. */
static uint64_t backoff_ms(const mw_transfer *t)
{
    uint64_t ceiling = t->ctx->opts->waitretry_ms;
    int doublings = t->retry.attempt - 1 < 20 ? t->retry.attempt - 1 : 20;
    if ((1000ull << doublings) < ceiling)
        ceiling = 1000ull << doublings;
    return ceiling ? arc4random_uniform((uint32_t)ceiling + 1) : 0;
}

static void format_seconds(uint64_t ms, char *buf, size_t len)
{
    snprintf(buf, len, "%.*fs", ms % 1000 ? 1 : 0, (double)ms / 1000.0);
}

bool mw_xfer_retry_politely(mw_transfer *t, const char *stamp)
{
    const mw_options *o = t->ctx->opts;
    const mw_http_response *r = &t->resp.parser.resp;
    bool busy = r->status == 429 || r->status == 503;
    if (busy) {
        unsigned before = mw_slow_hosts_limit(&t->ctx->slow_hosts, &t->url, 1u << 30);
        mw_slow_hosts_note(&t->ctx->slow_hosts, &t->url);
        if (before == 1u << 30)
            mw_xfer_log(t, MW_LOG_DEBUG, "%s:%u is busy (%d): fewer downloads at once to it from now on.", t->url.host,
                        (unsigned)t->url.port, r->status);
    }
    int64_t asked = busy ? retry_after_ms(mw_http_header(r, "Retry-After")) : -1;
    bool listed = r->status >= 400 && mw_ctx_retries_status(t->ctx, r->status);
    if (!listed && asked < 0)
        return false;
    char msg[512];
    snprintf(msg, sizeof msg, "%s ERROR %d: %s.", stamp, r->status, r->reason);
    if (asked < 0) {
        mw_xfer_fail_retryable_in(t, MW_ERR_SERVER, backoff_ms(t), "backoff", msg);
        return true;
    }
    uint64_t cap = o->max_retry_after_ms ? o->max_retry_after_ms : o->waitretry_ms;
    if ((uint64_t)asked > cap) {
        char want[32], allowed[32];
        format_seconds((uint64_t)asked, want, sizeof want);
        format_seconds(cap, allowed, sizeof allowed);
        mw_xfer_fail(t, MW_ERR_SERVER, "%s\nThe server asks to wait %s before trying again, longer than the %s %s allows; giving up.",
                     msg, want, allowed, o->max_retry_after_ms ? "--max-retry-after" : "--waitretry");
        return true;
    }
    mw_xfer_fail_retryable_in(t, MW_ERR_SERVER, (uint64_t)asked, "Retry-After", msg);
    return true;
}
