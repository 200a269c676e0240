/* transfer_head: what a transfer does with a response head — follow a
 * redirect, answer a challenge, stop (error, spider, -N, 416), or get the
 * sink and the decoding ready for the body. */
#include "transfer_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "fields.h"
#include "miniwget/format.h"


/* leftover: body bytes that came with the head. */
static void follow_redirect(mw_transfer *t, const char *location, size_t leftover)
{
    const mw_http_response *r = &t->resp.parser.resp;
    char err[160];
    t->next.reason = NEXT_REDIRECT;
    if (mw_url_resolve(&t->url, location, &t->next.url, err, sizeof err) != MW_URL_OK) {
        mw_xfer_fail(t, MW_ERR_GENERIC, "%s: %s", location, err);
        return;
    }
    /* Shown as the server wrote it, as wget does, when it is plain ASCII;
     * otherwise as resolved (percent-encoded), so no byte reaches the
     * terminal as a control sequence. */
    bool printable = true;
    for (const char *p = location; *p && printable; p++)
        printable = *p >= 0x20 && *p < 0x7f;
    char *shown = printable ? NULL : mw_url_to_string(&t->next.url);
    mw_xfer_log(t, MW_LOG_INFO, "Location: %s [following]", printable ? location : shown ? shown : "");
    free(shown);
    if (t->next.redirects >= t->ctx->opts->max_redirect) {
        mw_url_free(&t->next.url);
        mw_xfer_fail(t, MW_ERR_SERVER, "%d redirections exceeded.", t->ctx->opts->max_redirect);
        return;
    }
    /* As wget: a 303 (or 300) turns the request into a GET without a body, and so
     * do 301 and 302 for a POST; other methods, and 307/308, are repeated. */
    if (r->status == 303 || r->status == 300 || ((r->status == 301 || r->status == 302) && !strcasecmp(mw_xfer_method(t), "POST")))
        t->req.as_get = true;
    mw_xfer_next_request_after_body(t, leftover);
}

static bool is_redirect(int status)
{
    return status == 300 || status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

/* The response's validator differs from the one the partial bytes were
 * fetched under: a server that ignores If-Range sent a range of another
 * version. */
static bool validator_changed(const mw_transfer *t, const mw_http_response *r)
{
    const char *now = mw_xfer_validator_of(r);
    return t->resume.validator && now && strcmp(now, t->resume.validator) != 0;
}

/* The full length recorded for the partial bytes, -1 when none is. */
static int64_t recorded_total(const mw_transfer *t)
{
    return t->body.sink_open && t->body.body_total >= 0 ? t->body.body_total : t->resume.resume_expected;
}

/* A 206 must continue exactly the bytes we have, of the same version and
 * length; a range that ends early is caught when its body ends. Returns
 * false when the transfer ended or restarted. */
static bool check_partial_content(mw_transfer *t, int64_t want, int64_t *total)
{
    const mw_http_response *r = &t->resp.parser.resp;
    const char *range = mw_http_header(r, "Content-Range");
    int64_t start, end;
    if (!mw_http_parse_content_range(range, &start, &end, total) || start != want ||
        (r->framing == MW_BODY_LENGTH && r->content_length != end - start + 1)) {
        mw_xfer_fail(t, MW_ERR_PROTOCOL, "The server sent a range the download did not ask for (%s).",
                      range ? range : "no Content-Range");
        return false;
    }
    int64_t recorded = recorded_total(t);
    if (validator_changed(t, r))
        mw_xfer_restart_from_zero(t, "The file changed on the server since the partial download");
    else if (recorded >= 0 && *total != recorded)
        mw_xfer_restart_from_zero(t, "The file's length on the server differs from the partial download's");
    else
        return true;
    return false;
}

/* -c, and the server sent the whole file (200): a local file at least as
 * long that is not a partial download of ours is taken as complete, as
 * wget does, rather than thrown away. */
static bool already_fully_retrieved(const mw_transfer *t, int64_t have, bool reopened)
{
    const mw_http_response *r = &t->resp.parser.resp;
    return t->resume.continuing && !t->resume.resume_marked && !reopened && t->req.range_requested && r->status == 200 &&
           r->content_length >= 0 && r->content_length <= have;
}

/* Decides where this body goes: a new file, the partial one it continues,
 * or the same sink again from its start. False when the transfer ended. */
static bool prepare_sink(mw_transfer *t, bool *resumed)
{
    const mw_http_response *r = &t->resp.parser.resp;
    bool reopened = t->body.sink_open;
    if (r->status == 206 && !t->req.range_requested) {
        mw_xfer_fail(t, MW_ERR_PROTOCOL, "The server sent a part of the file that was not asked for (%s).",
                      mw_http_header(r, "Content-Range") ? mw_http_header(r, "Content-Range") : "no Content-Range");
        return false;
    }
    if (!reopened && !mw_xfer_open_sink(t))
        return false;
    int64_t have = t->body.sink.written, start = 0, total = -1;
    int64_t want = (t->parts.lead ? t->parts.part_start : mw_xfer_start_pos(t)) + have;
    *resumed = false;
    if (t->parts.lead && !mw_xfer_part_range_ok(t, r, want)) {
        mw_xfer_fail(t, MW_ERR_PROTOCOL, "The server did not send the range asked for (%d %s, %s).", r->status, r->reason,
             mw_http_header(r, "Content-Range") ? mw_http_header(r, "Content-Range") : "no Content-Range");
        return false;
    }
    if (t->req.range_requested && r->status == 206) {
        if (!t->parts.lead && !check_partial_content(t, want, &total))
            return false;
        int64_t end;
        if (t->parts.lead)
            mw_http_parse_content_range(mw_http_header(r, "Content-Range"), &start, &end, &total);
        *resumed = want - mw_xfer_start_pos(t) > 0;
        if (mw_xfer_start_pos(t) > 0 && total >= 0) /* --start-pos: the file holds the bytes from there on */
            total -= mw_xfer_start_pos(t);
    } else if (already_fully_retrieved(t, have, reopened)) {
        mw_xfer_log(t, MW_LOG_INFO, "\n    The file is already fully retrieved; nothing to do.\n");
        t->link.surplus = true; /* the body stays unread */
        if (mw_xfer_digest_check_existing(t, t->body.sink.display))
            mw_xfer_finish(t, MW_OK);
        return false;
    } else if (have > 0) {
        /* The whole body again: the server ignores ranges, or the file
         * changed since the partial bytes (If-Range did not match); or -N
         * replaces an older local file. */
        if (t->req.range_requested)
            mw_xfer_log(t, MW_LOG_INFO, "The server sent the whole file again; starting over.");
        if (mw_sink_restart(&t->body.sink) < 0) {
            mw_xfer_body_write_failed(t);
            return false;
        }
    }
    t->body.body_total = r->status == 206 ? total : r->content_length;
    t->body.sink.expected = t->parts.lead ? t->parts.lead->body.body_total : t->body.body_total;
    if (!*resumed) {
        free(t->resume.validator);
        const char *v = mw_xfer_validator_of(r);
        t->resume.validator = v ? strdup(v) : NULL;
        mw_sink_set_validator(&t->body.sink, t->resume.validator);
    }
    return true;
}

/* A gzip file that a server labels Content-Encoding gzip (Apache's
 * AddEncoding for .gz): its type is gzip, or the URL's name ends in .gz or
 * .tgz. wget keeps such a body as served, and so does mini-wget. */
static bool already_gzip_file(const mw_transfer *t)
{
    char type[128];
    if (mw_media_type(mw_http_header(&t->resp.parser.resp, "Content-Type"), type, sizeof type)) {
        const char *sub = strchr(type, '/');
        if (sub && (!strcmp(sub + 1, "gzip") || !strcmp(sub + 1, "x-gzip")))
            return true;
    }
    size_t n = strlen(t->url.path);
    return (n >= 3 && !strcasecmp(t->url.path + n - 3, ".gz")) || (n >= 4 && !strcasecmp(t->url.path + n - 4, ".tgz"));
}

/* --compression: a gzip or deflate body is decoded on its way to the file,
 * whose length is then unknown until the end. */
static bool choose_decoding(mw_transfer *t)
{
    const char *encoding = mw_http_header(&t->resp.parser.resp, "Content-Encoding");
    mw_inflate_free(t->body.inflater);
    t->body.inflater = NULL;
    if (t->ctx->opts->compression == MW_COMPRESSION_NONE || !encoding ||
        (strcasecmp(encoding, "gzip") && strcasecmp(encoding, "x-gzip") && strcasecmp(encoding, "deflate")))
        return true;
    if (strcasecmp(encoding, "deflate") && already_gzip_file(t))
        return true;
    t->body.inflater = mw_inflate_new();
    if (!t->body.inflater) {
        mw_xfer_fail(t, MW_ERR_GENERIC, "Out of memory.");
        return false;
    }
    t->body.body_total = -1;
    return true;
}

/* --save-headers: the response head goes into the file before the body. */
static bool save_head(mw_transfer *t)
{
    const mw_http_response *r = &t->resp.parser.resp;
    int64_t before = t->body.sink.written;
    char line[MW_HTTP_MAX_HEAD > 8192 ? 8192 : MW_HTTP_MAX_HEAD];
    int n = snprintf(line, sizeof line, "HTTP/%u.%u %d %s\r\n", r->version_major, r->version_minor, r->status, r->reason);
    bool ok = mw_sink_write(&t->body.sink, line, (size_t)n) == 0;
    size_t cursor = 0;
    const char *name, *value;
    while (ok && mw_http_next_header(r, &cursor, &name, &value)) {
        ok = mw_sink_write(&t->body.sink, name, strlen(name)) == 0 && mw_sink_write(&t->body.sink, ": ", 2) == 0 &&
             mw_sink_write(&t->body.sink, value, strlen(value)) == 0 && mw_sink_write(&t->body.sink, "\r\n", 2) == 0;
    }
    ok = ok && mw_sink_write(&t->body.sink, "\r\n", 2) == 0;
    if (!ok)
        mw_xfer_body_write_failed(t);
    t->body.head_saved = t->body.sink.written - before;
    return ok;
}

/* A 416 to a range from the end of the local bytes: they are the whole
 * file only when the server's length (Content-Range "bytes * /TOTAL") is
 * theirs and the version is the same; a mark left by a run killed after
 * its last byte is then cleared. Otherwise a partial download of ours
 * starts over, and a file of the user's is left alone. */
static void answer_range_not_satisfiable(mw_transfer *t)
{
    const mw_http_response *r = &t->resp.parser.resp;
    const char *range = mw_http_header(r, "Content-Range");
    int64_t have = t->body.sink_open ? t->body.sink.written : t->resume.resume_from;
    long long total = -1;
    if (!range || sscanf(range, "bytes */%lld", &total) != 1)
        total = -1;
    if (total == have && !validator_changed(t, r) && !t->body.sink_open) {
        mw_xfer_log(t, MW_LOG_INFO, "\n    The file is already fully retrieved; nothing to do.\n");
        t->link.surplus = true;
        if (!mw_xfer_digest_check_existing(t, t->resume.existing_path))
            return;
        if (t->resume.existing_path)
            mw_sink_mark_complete(t->resume.existing_path);
        mw_xfer_finish(t, MW_OK);
        return;
    }
    if (t->body.sink_open || t->resume.resume_marked) {
        mw_xfer_restart_from_zero(t, "The partial file does not match the server's file");
        return;
    }
    char stamp[32];
    mw_format_timestamp(time(NULL), stamp, sizeof stamp);
    mw_xfer_fail(t, MW_ERR_SERVER,
                  "%s ERROR 416: %s.\nThe local file (%lld bytes) is not a part of the server's file (%s); leaving it alone.",
                  stamp, r->reason, (long long)have, range ? range : "length not given");
}

/* Acts on a complete response head, followed by leftover body bytes in the
 * buffer; false when the transfer ended or restarted. */
/* What --spider says of a file that is there; with -r, as wget, whether
 * the crawl fetches it for its links (crawl.c queues the GET). */
static const char *spider_verdict(const mw_transfer *t, const mw_http_response *r)
{
    if (!t->ctx->opts->recursive)
        return "Remote file exists.\n";
    const char *type = mw_http_header(r, "Content-Type");
    if (mw_media_type_is(type, "text/html") || mw_media_type_is(type, "application/xhtml+xml") ||
        mw_media_type_is(type, "text/css"))
        return "Remote file exists and could contain links to other resources -- retrieving.\n";
    return "Remote file exists but does not contain any link -- not retrieving.\n";
}

bool mw_xfer_handle_head(mw_transfer *t, size_t leftover)
{
    const mw_options *o = t->ctx->opts;
    const mw_http_response *r = &t->resp.parser.resp;
    t->resp.http_status = r->status;
    mw_xfer_log(t, MW_LOG_INFO, "HTTP request sent, awaiting response... %d %s", r->status, r->reason);
    if (t->link.conn.tls && t->ctx->opts->check_certificate) /* RFC 6797 8.1: only a verified connection sets the policy */
        mw_hsts_learn(t->ctx->hsts, t->url.host, t->url.port, mw_http_header(r, "Strict-Transport-Security"), time(NULL));
    if (o->server_response)
        mw_xfer_report_server_response(t);
    else
        mw_xfer_report_debug_response(t);
    mw_xfer_take_cookies(t);
    const char *location = mw_http_header(r, "Location");
    if (is_redirect(r->status) && location && *location) {
        follow_redirect(t, location, leftover);
        return false;
    }
    if (r->status == 401) {
        if (!mw_xfer_answer_challenge(t, leftover))
            mw_xfer_fail_after_body(t, MW_ERR_AUTH, leftover, "\nUsername/Password Authentication Failed.");
        return false;
    }
    if (r->status == 407) {
        mw_xfer_fail(t, MW_ERR_AUTH, "\nProxy Authentication Required: check the proxy's user and password.");
        return false;
    }
    if (t->spider) {
        if (r->status >= 200 && r->status < 300) {
            const char *length = mw_http_header(r, "Content-Length"); /* what a GET would bring */
            t->body.body_total = length && *length >= '0' && *length <= '9' ? strtoll(length, NULL, 10) : -1;
            mw_xfer_report_length(t, false);
            mw_xfer_log(t, MW_LOG_INFO, "%s", spider_verdict(t, r));
            const char *type = mw_http_header(r, "Content-Type"); /* the crawl GETs pages after their HEAD */
            if (type && !t->result.content_type)
                t->result.content_type = strdup(type);
            if (mw_xfer_log_wanted(t, MW_LOG_NOTICE)) {
                char stamp[32], *shown = mw_url_to_string(&t->url);
                mw_format_timestamp(time(NULL), stamp, sizeof stamp);
                mw_xfer_log(t, MW_LOG_NOTICE, "%s URL: %s %d %s", stamp, shown ? shown : "", r->status, r->reason);
                free(shown);
            }
            mw_xfer_release_connection(t);
            mw_xfer_finish(t, MW_OK);
        } else {
            mw_xfer_fail_after_body(t, MW_ERR_SERVER, leftover, "Remote file does not exist -- broken link!!!");
        }
        return false;
    }
    if (!mw_xfer_check_server_name(t, leftover))
        return false;
    if (t->resume.replace_existing && !mw_xfer_remote_is_newer(t)) {
        mw_xfer_keep_local_file(t, t->resume.existing_path, "",
                                r->status == 304 ? MW_KEEP_NOT_MODIFIED : MW_KEEP_NOT_NEWER); /* -m reads the local page for its links */
        mw_xfer_finish_after_body(t, MW_OK, leftover); /* the connection goes on to the next file, as wget's */
        return false;
    }
    if (t->resume.probing) { /* the HEAD says newer: now the GET, as wget */
        t->resume.probing = false;
        if (mw_url_copy(&t->url, &t->next.url) != MW_URL_OK) {
            mw_xfer_fail(t, MW_ERR_GENERIC, "Out of memory.");
            return false;
        }
        t->next.reason = NEXT_AFTER_HEAD;
        mw_xfer_next_request_after_body(t, leftover);
        return false;
    }
    if (r->status == 416 && t->req.range_requested) {
        answer_range_not_satisfiable(t);
        return false;
    }
    char stamp[32] = "";
    if (r->status < 200 || r->status >= 300)
        mw_format_timestamp(time(NULL), stamp, sizeof stamp);
    if (r->status == 504) { /* the one error answer wget tries again */
        mw_xfer_fail_retryable(t, MW_ERR_NETWORK, "%s ERROR %d: %s.", stamp, r->status, r->reason);
        return false;
    }
    if (r->status >= 400 && mw_xfer_retry_politely(t, stamp))
        return false;
    /* a 300 without a Location is a page of choices, saved as wget saves it */
    if ((r->status < 200 || r->status >= 300) && r->status != 300) {
        if (!o->content_on_error) { /* its body dropped, the connection goes on, as wget's */
            mw_xfer_fail_after_body(t, MW_ERR_SERVER, leftover, "%s ERROR %d: %s.", stamp, r->status, r->reason);
            return false;
        }
        /* --content-on-error: keep the error page, still exit 8 */
        mw_xfer_name_failed_url(t);
        mw_xfer_log(t, MW_LOG_ERROR, "%s ERROR %d: %s.", stamp, r->status, r->reason);
        t->result.outcome = MW_ERR_SERVER;
    }
    if (r->status == 204 && o->output_fd < 0) { /* No Content: as wget, no file is made for it */
        t->link.surplus = t->link.surplus || leftover > 0; /* bytes after a bodiless response: not reusable */
        mw_xfer_release_connection(t);
        mw_xfer_finish(t, MW_OK);
        return false;
    }
    bool first_open = !t->body.sink_open, resumed;
    if (!prepare_sink(t, &resumed) || !choose_decoding(t))
        return false;
    /* right after the file is made, before anything else: the fewer system
     * calls between the two, the smaller the window in which a kill leaves
     * a new file empty and unmarked */
    bool body_in_hand = r->framing == MW_BODY_NONE ||
                        (r->framing == MW_BODY_LENGTH && (int64_t)leftover >= r->content_length && !t->body.inflater);
    if (!body_in_hand)
        mw_sink_mark_incomplete(&t->body.sink);
    if (o->save_headers && !resumed && !save_head(t))
        return false;
    mw_xfer_report_length(t, resumed);
    if (o->timestamping && !mw_http_header(r, "Last-Modified"))
        mw_xfer_log(t, MW_LOG_INFO, "Last-modified header missing -- time-stamps turned off.");
    if (first_open)
        mw_xfer_log(t, MW_LOG_INFO, "Saving to: ‘%s’\n", strcmp(t->body.sink.display, "-") == 0 ? "STDOUT" : t->body.sink.display);
    t->body.body_started_ms = mw_now_ms();
    t->body.body_start_written = t->body.sink.written;
    t->body.body_remaining = r->content_length;
    if (t->parts.chunking && (r->status != 206 || t->body.body_total <= (int64_t)o->chunk_size))
        t->parts.chunking = false; /* no ranges here, or one chunk is the whole file */
    if (t->parts.chunking && !t->parts.running && !mw_xfer_start_parts(t))
        return false;
    t->state = T_READING_BODY;
    if (o->progress)
        mw_xfer_watch_progress(t);
    if (r->framing == MW_BODY_NONE || (r->framing == MW_BODY_LENGTH && r->content_length == 0)) {
        mw_xfer_complete(t);
        return false;
    }
    return true;
}
