/* transfer_report: wget's wording for one download, in one place: the
 * lines a transfer shows (and at which level), the progress reports, and
 * the -nv naming of a failed URL. It reads the transfer and writes nothing
 * of it but the attempt it named. */
#include "transfer_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "addr.h"
#include "miniwget/format.h"


/* Whether mw_xfer_log() would show a line of this level: callers skip
 * preparing one that would not. The parts of a chunked download work
 * quietly: their lead speaks for the file. */
bool mw_xfer_log_wanted(const mw_transfer *t, mw_log_level level)
{
    if (t->parts.lead && level != MW_LOG_ERROR && level != MW_LOG_DEBUG)
        return false;
    return mw_log_wanted(t->ctx, level);
}

void mw_xfer_log(mw_transfer *t, mw_log_level level, const char *fmt, ...)
{
    if (!mw_xfer_log_wanted(t, level))
        return;
    va_list ap;
    va_start(ap, fmt);
    mw_logv(t->ctx, level, fmt, ap);
    va_end(ap);
}

/* -nv: a line with the URL before a failure's message, as wget writes
 * before an error answer; with -j the messages interleave, and would not
 * say whose they are. Once per attempt. */
void mw_xfer_name_failed_url(mw_transfer *t)
{
    if (t->result.named_attempt == t->retry.attempt)
        return;
    t->result.named_attempt = t->retry.attempt;
    char *shown = mw_url_to_string(&t->url);
    mw_xfer_log(t, MW_LOG_NOTICE, "%s:", shown ? shown : "URL");
    free(shown);
}

void mw_xfer_report_progress(mw_transfer *t, bool finished)
{
    const mw_options *o = t->ctx->opts;
    if (!o->progress || !t->body.sink_open || t->parts.lead)
        return;
    mw_progress p = {
        .name = t->body.sink.display,
        .total = t->body.body_total,
        .received = mw_xfer_file_bytes(t),
        .elapsed_ms = mw_now_ms() - t->body.body_started_ms,
        .finished = finished,
    };
    o->progress(o->callback_data, &p);
}

static void on_progress_tick(mw_loop *loop, void *data)
{
    mw_transfer *t = data;
    mw_xfer_report_progress(t, false);
    mw_xfer_watch_progress(t);
}

void mw_xfer_watch_progress(mw_transfer *t)
{
    t->body.progress_timer = mw_loop_timer(t->ctx->loop, 200, on_progress_tick, t);
}

/* ---- reading the body ---- */

/* wget's line for a saved file ("... saved [got/total]"), or -nv's. */
void mw_xfer_report_saved(mw_transfer *t, int64_t got, uint64_t elapsed_ms, const char *display)
{
    const mw_options *o = t->ctx->opts;
    if (!mw_xfer_log_wanted(t, MW_LOG_INFO) && !mw_xfer_log_wanted(t, MW_LOG_NOTICE))
        return;
    double seconds = (double)elapsed_ms / 1000.0;
    char rate[32], stamp[32], sizes[48]; /* "[got/total]", or "[got]" when no length was announced, as wget */
    got -= t->body.head_saved; /* --save-headers: wget counts the body */
    if (t->body.body_total >= 0)
        snprintf(sizes, sizeof sizes, "[%lld/%lld]", (long long)got, (long long)t->body.body_total);
    else
        snprintf(sizes, sizeof sizes, "[%lld]", (long long)got);
    if (o->report_bits)
        mw_format_rate_bits((double)got / (seconds > 0.0005 ? seconds : 0.0005), rate, sizeof rate);
    else
        mw_format_rate_of(got, seconds, rate, sizeof rate);
    mw_format_timestamp(time(NULL), stamp, sizeof stamp);
    bool to_stdout = o->output_fd >= 0 && o->output_name && strcmp(o->output_name, "-") == 0;
    if (to_stdout)
        mw_xfer_log(t, MW_LOG_INFO, "\n%s (%s) - written to stdout %s\n", stamp, rate, sizes);
    else
        mw_xfer_log(t, MW_LOG_INFO, "\n%s (%s) - ‘%s’ saved %s\n", stamp, rate, display, sizes);
    char *shown_url = mw_url_to_string(&t->url);
    mw_xfer_log(t, MW_LOG_NOTICE, "%s URL:%s %s -> \"%s\" [%d]", stamp, shown_url ? shown_url : "", sizes,
                 to_stdout ? "-" : display, t->retry.attempt);
    free(shown_url);
}

void mw_xfer_report_length(mw_transfer *t, bool resumed)
{
    if (!mw_xfer_log_wanted(t, MW_LOG_INFO))
        return;
    const mw_http_response *r = &t->resp.parser.resp;
    const char *type = mw_http_header(r, "Content-Type");
    char type_part[160] = "", total[64], human[32];
    if (type)
        snprintf(type_part, sizeof type_part, " [%s]", type);
    if (t->body.body_total < 0) {
        bool ignored = t->ctx->opts->ignore_length && mw_http_header(r, "Content-Length");
        mw_xfer_log(t, MW_LOG_INFO, "Length: %s%s", ignored ? "ignored" : "unspecified", type_part);
        return;
    }
    mw_format_size(t->body.body_total, human, sizeof human);
    if (t->body.body_total >= 1024)
        snprintf(total, sizeof total, "%lld (%s)", (long long)t->body.body_total, human);
    else
        snprintf(total, sizeof total, "%lld", (long long)t->body.body_total);
    if (!resumed) {
        mw_xfer_log(t, MW_LOG_INFO, "Length: %s%s", total, type_part);
        return;
    }
    mw_format_size(r->content_length, human, sizeof human);
    mw_xfer_log(t, MW_LOG_INFO, "Length: %s, %lld (%s) remaining%s", total, (long long)r->content_length, human, type_part);
}

void mw_xfer_report_debug_response(mw_transfer *t)
{
    if (!mw_xfer_log_wanted(t, MW_LOG_DEBUG))
        return;
    const mw_http_response *r = &t->resp.parser.resp;
    mw_xfer_log(t, MW_LOG_DEBUG, "\n---response begin---\nHTTP/%u.%u %d %s", r->version_major, r->version_minor,
           r->status, r->reason);
    size_t cursor = 0;
    const char *name, *value;
    while (mw_http_next_header(r, &cursor, &name, &value))
        mw_xfer_log(t, MW_LOG_DEBUG, "%s: %s", name, value);
    mw_xfer_log(t, MW_LOG_DEBUG, "---response end---");
}

void mw_xfer_report_server_response(mw_transfer *t)
{
    const mw_http_response *r = &t->resp.parser.resp;
    mw_xfer_log(t, MW_LOG_SERVER, "  HTTP/%u.%u %d %s", r->version_major, r->version_minor, r->status, r->reason);
    size_t cursor = 0;
    const char *name, *value;
    while (mw_http_next_header(r, &cursor, &name, &value))
        mw_xfer_log(t, MW_LOG_SERVER, "  %s: %s", name, value);
}

/* ---- resolving and connecting ---- */

void mw_xfer_report_connecting(mw_transfer *t, const mw_addr *addr, const char *outcome)
{
    const mw_url *to = mw_xfer_peer(t);
    const char *what = t->link.proxy ? "proxy " : "";
    if (t->ctx->opts->unix_socket) {
        mw_xfer_log(t, MW_LOG_INFO, "Connecting to unix socket %s... %s", t->ctx->opts->unix_socket, outcome);
        return;
    }
    if (mw_addr_is_literal(to->host)) {
        char endpoint[300];
        mw_addr_host_port(endpoint, sizeof endpoint, to->host, to->host_is_ipv6, to->port);
        mw_xfer_log(t, MW_LOG_INFO, "Connecting to %s%s... %s", what, endpoint, outcome);
        return;
    }
    char text[112];
    mw_addr_format(addr, text, sizeof text);
    mw_xfer_log(t, MW_LOG_INFO, "Connecting to %s%s (%s)|%s|:%u... %s", what, to->host, to->host, text, to->port,
           outcome);
}

/* --debug shows the request head, with credentials hidden. */
void mw_xfer_report_request(mw_transfer *t)
{
    if (!mw_xfer_log_wanted(t, MW_LOG_DEBUG))
        return;
    mw_xfer_log(t, MW_LOG_DEBUG, "\n---request begin---");
    const char *line = t->req.request, *end = t->req.request + t->req.request_len, *eol;
    while (line < end && (eol = memmem(line, (size_t)(end - line), "\r\n", 2)) && eol > line) {
        int len = (int)(eol - line);
        if (!strncasecmp(line, "Authorization:", 14) || !strncasecmp(line, "Proxy-Authorization:", 20))
            len = (int)((const char *)memchr(line, ':', (size_t)len) - line) + 1;
        mw_xfer_log(t, MW_LOG_DEBUG, "%.*s%s", len, line, len < (int)(eol - line) ? " <hidden>" : "");
        line = eol + 2;
    }
    mw_xfer_log(t, MW_LOG_DEBUG, "---request end---");
}

void mw_xfer_report_attempt(mw_transfer *t, const mw_addr *addr, const char *err)
{
    char outcome[160];
    if (err)
        snprintf(outcome, sizeof outcome, "failed: %s.", err);
    else
        snprintf(outcome, sizeof outcome, "connected.");
    mw_xfer_report_connecting(t, addr, outcome);
}

void mw_xfer_report_start(mw_transfer *t)
{
    if (t->spider && t->retry.attempt == 1 && !t->next.redirects)
        mw_xfer_log(t, MW_LOG_INFO, "Spider mode enabled. Check if remote file exists.");
    if (!mw_xfer_log_wanted(t, MW_LOG_INFO))
        return;
    char *shown = mw_url_to_string(&t->url), stamp[32];
    mw_format_timestamp(time(NULL), stamp, sizeof stamp);
    if (t->retry.attempt > 1)
        mw_xfer_log(t, MW_LOG_INFO, "--%s--  (try:%2d)  %s", stamp, t->retry.attempt, shown ? shown : "");
    else
        mw_xfer_log(t, MW_LOG_INFO, "--%s--  %s", stamp, shown ? shown : "");
    free(shown);
}

void mw_xfer_report_resolved(mw_transfer *t, const mw_addr_list *addrs, const char *err)
{
    const mw_url *peer = mw_xfer_peer(t);
    if (mw_addr_is_literal(peer->host) || !mw_xfer_log_wanted(t, MW_LOG_INFO))
        return;
    if (!addrs) {
        mw_xfer_log(t, MW_LOG_INFO, "Resolving %s (%s)... failed: %s.", peer->host, peer->host, err);
        return;
    }
    char list[MW_MAX_ADDRS * 48] = "";
    size_t used = 0;
    for (size_t i = 0; i < addrs->count && used < sizeof list; i++) {
        char text[64];
        mw_addr_format(&addrs->addrs[i], text, sizeof text);
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", text);
    }
    mw_xfer_log(t, MW_LOG_INFO, "Resolving %s (%s)... %s", peer->host, peer->host, list);
}

void mw_xfer_report_reuse(mw_transfer *t)
{
    const mw_url *peer = mw_xfer_peer(t);
    char endpoint[300];
    mw_addr_host_port(endpoint, sizeof endpoint, peer->host, peer->host_is_ipv6, peer->port);
    mw_xfer_report_reuse_of(t, endpoint);
}

void mw_xfer_report_reuse_of(mw_transfer *t, const char *endpoint)
{
    mw_xfer_log(t, MW_LOG_INFO, "Reusing existing connection to %s.", endpoint);
}
