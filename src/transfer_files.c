/* Where a transfer's body goes: the local name (URL, redirect,
 * Content-Disposition, -E, -r layout) and what an existing file there
 * means for -nc, -c and -N. */
#include "transfer_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "date.h"
#include "layout.h"
#include "miniwget/naming.h"

static void replace_name(char **name, char *better)
{
    if (better) {
        free(*name);
        *name = better;
    }
}

/* The server sent url/ for url: a directory asked for without its slash. */
static bool added_a_slash(const mw_url *original, const mw_url *final)
{
    size_t n = strlen(original->path);
    return mw_url_same_origin(original, final) && strncmp(final->path, original->path, n) == 0 &&
           strcmp(final->path + n, "/") == 0 && !original->query == !final->query &&
           (!original->query || strcmp(original->query, final->query) == 0);
}

/* Where this download's file goes: a directory (NULL: the current one)
 * and one safe name. The URL names it (the first one, or the last with
 * --trust-server-names); once the response is in (r), Content-Disposition
 * and -E may too. */
int mw_xfer_local_place(mw_transfer *t, const mw_http_response *r, char **dir, char **name, size_t *added)
{
    const mw_options *o = t->ctx->opts;
    /* In a tree (-r, -x), dir redirected to dir/ is saved as dir/index.html:
     * a file named dir would stand where the files under dir/ must go. */
    bool to_directory = mw_layout_uses_directories(o) && added_a_slash(&t->original, &t->url);
    const mw_url *named = o->trust_server_names || to_directory ? &t->url : &t->original;
    if (mw_layout_place(o, named, dir, name) < 0)
        return -1;
    size_t plen = strlen(named->path);
    if (o->default_page && named->path[plen - 1] == '/' && !strncmp(*name, "index.html", 10)) {
        char *page = mw_name_sanitize_mode(o->default_page, strlen(o->default_page), o->restrict_names), *joined = NULL;
        if (page && asprintf(&joined, "%s%s", page, *name + 10) < 0)
            joined = NULL;
        free(page);
        replace_name(name, joined);
    }
    const char *disposition = r && o->content_disposition ? mw_http_header(r, "Content-Disposition") : NULL;
    if (disposition)
        replace_name(name, mw_name_from_disposition_mode(disposition, o->restrict_names));
    size_t before = strlen(*name);
    if (r && o->adjust_extension)
        replace_name(name, mw_name_adjust_extension(*name, mw_http_header(r, "Content-Type"), r->status));
    char *temporary = NULL;
    if (t->resume.temporary && asprintf(&temporary, "%s.tmp", *name) < 0)
        return -1;
    replace_name(name, temporary); /* counted as added: a taken name becomes NAME.1.tmp, as wget's */
    if (added)
        *added = strlen(*name) - before;
    return 0;
}

void mw_xfer_keep_local_file(mw_transfer *t, const char *path, const char *name, mw_keep_reason why)
{
    const char *shown = path ? path : name; /* named by its path, as wget: under -r a name alone is ambiguous */
    if (why == MW_KEEP_NO_CLOBBER)
        mw_xfer_log(t, MW_LOG_INFO, "File ‘%s’ already there; not retrieving.\n", shown);
    else if (why == MW_KEEP_NOT_MODIFIED)
        mw_xfer_log(t, MW_LOG_INFO, "File ‘%s’ not modified on server. Omitting download.\n", shown);
    else
        mw_xfer_log(t, MW_LOG_INFO, "Server file no newer than local file ‘%s’ -- not retrieving.\n", shown);
    free(t->result.saved_path);
    t->result.saved_path = path ? strdup(path) : NULL; /* a recursive download still reads it for links */
}

/* Content-Disposition or -E named the file only once the response came:
 * -nc and -N look at a file of that name as they looked at the URL's.
 * False when the body is not wanted (the transfer is finished). */
static bool final_name_wanted(mw_transfer *t, const char *dir, const char *name)
{
    const mw_options *o = t->ctx->opts;
    if (t->resume.continuing || t->resume.replace_existing || !(o->no_clobber || o->timestamping))
        return true;
    time_t mtime = 0;
    int64_t size = mw_sink_existing_size(dir, name, &mtime);
    if (size < 0)
        return true;
    t->resume.local_size = size;
    t->resume.local_mtime = mtime;
    if (!o->no_clobber && mw_xfer_remote_is_newer(t)) {
        t->resume.replace_existing = true;
        return true;
    }
    char *path = mw_sink_path(dir, name);
    mw_xfer_keep_local_file(t, path, name, o->no_clobber ? MW_KEEP_NO_CLOBBER : MW_KEEP_NOT_NEWER);
    free(path);
    mw_xfer_finish(t, MW_OK);
    return false;
}

/* --xattr, as wget 1.21: the URL fetched (after redirects, no userinfo)
 * and, when a redirect led there, the scheme://host[:port] of the URL
 * asked for. */
static void set_origin_attributes(mw_transfer *t)
{
    char *origin = mw_url_to_string(&t->url);
    mw_url site = { .scheme = t->original.scheme, .host = t->original.host, .host_is_ipv6 = t->original.host_is_ipv6,
                    .port = t->original.port, .path = (char *)"" };
    char *referrer = t->next.redirects > 0 ? mw_url_to_string(&site) : NULL;
    if (referrer && *referrer && referrer[strlen(referrer) - 1] == '/')
        referrer[strlen(referrer) - 1] = '\0';
    mw_sink_set_origin(&t->body.sink, origin, referrer);
    free(origin);
    free(referrer);
}

bool mw_xfer_open_sink(mw_transfer *t)
{
    const mw_options *o = t->ctx->opts;
    char *named = NULL; /* the file's name, for --checksums */
    if (t->parts.lead) {
        mw_sink_use_fd(&t->body.sink, t->parts.part_fd, t->parts.lead->body.sink.display);
    } else if (o->output_fd >= 0) {
        mw_sink_use_fd(&t->body.sink, o->output_fd, o->output_name ? o->output_name : "-");
        if (t->resume.continuing && mw_sink_resume_fd(&t->body.sink, t->resume.resume_from) < 0) {
            mw_xfer_log(t, MW_LOG_ERROR, "%s", t->body.sink.error);
            mw_sink_free(&t->body.sink);
            mw_xfer_finish(t, MW_ERR_IO);
            return false;
        }
        if (o->xattr)
            set_origin_attributes(t);
    } else {
        char *dir, *name;
        size_t added = 0;
        bool placed = mw_xfer_local_place(t, &t->resp.parser.resp, &dir, &name, &added) == 0;
        size_t full = placed ? mw_name_uncut_length(o->trust_server_names ? &t->url : &t->original, o->restrict_names) : 0;
        if (full > MW_NAME_MAX)
            mw_xfer_log(t, MW_LOG_ERROR, "The destination name is too long (%zu), reducing to %d", full, MW_NAME_MAX);
        if (placed && !final_name_wanted(t, dir, name)) {
            free(dir);
            free(name);
            return false;
        }
        /* --unlink: a file about to be overwritten is removed first, as wget does */
        bool clobbering = !t->resume.continuing && o->backups <= 0 &&
                          (t->resume.replace_existing || mw_layout_uses_directories(o));
        bool unlinked = placed && o->unlink_first && clobbering && mw_sink_unlink_existing(dir, name) == 0;
        int rc = !placed ? -1
                 : t->resume.continuing ? mw_sink_open_existing(&t->body.sink, dir, name, t->resume.resume_from)
                 : unlinked ? mw_sink_open_replacing(&t->body.sink, dir, name)
                 : t->resume.replace_existing ? mw_sink_open_existing(&t->body.sink, dir, name, -1)
                 : o->backups > 0 ? mw_sink_open_with_backups(&t->body.sink, dir, name, o->backups)
                 : mw_layout_uses_directories(o) ? mw_sink_open_replacing(&t->body.sink, dir, name)
                                                 : mw_sink_open_file(&t->body.sink, dir, name, added);
        free(dir);
        named = name;
        if (rc == 0 && o->xattr)
            set_origin_attributes(t);
        if (rc < 0) {
            free(named);
            mw_xfer_name_failed_url(t);
            mw_xfer_log(t, MW_LOG_ERROR, "%s", placed ? t->body.sink.error : "Out of memory.");
            mw_sink_free(&t->body.sink);
            mw_xfer_finish(t, MW_ERR_IO);
            return false;
        }
    }
    t->body.sink_open = true;
    if (t->file_opened && !t->parts.lead)
        t->file_opened(t->done_data);
    bool digesting = mw_xfer_digest_start(t, named);
    free(named);
    return digesting;
}

/* -N: a 304, or a Last-Modified no later than the local file's with the
 * same size, means the local file is current (wget's rule). */
bool mw_xfer_remote_is_newer(mw_transfer *t)
{
    const mw_http_response *r = &t->resp.parser.resp;
    if (r->status == 304)
        return false;
    if (r->status < 200 || r->status >= 300)
        return true; /* let the error path report it */
    const char *lm = mw_http_header(r, "Last-Modified");
    time_t remote = lm ? mw_parse_http_date(lm) : -1;
    if (remote < 0)
        return true;
    int64_t length = r->content_length;
    if (t->resume.probing) { /* a HEAD: the length a GET would bring */
        const char *cl = mw_http_header(r, "Content-Length");
        length = cl && *cl >= '0' && *cl <= '9' ? strtoll(cl, NULL, 10) : -1;
    }
    return remote > t->resume.local_mtime || (length >= 0 && length != t->resume.local_size);
}

static void on_skip(mw_loop *loop, void *data)
{
    mw_transfer *t = data;
    t->link.start_timer = 0;
    mw_xfer_finish(t, MW_OK);
}

/* -c: the file's incomplete mark, when it has one, says how many of its
 * bytes are good (a run killed while ranges were written ahead leaves
 * more); without a mark its size is all there is to go by, as wget. */
static void continue_existing_file(mw_transfer *t, const char *dir, const char *name, int64_t size)
{
    mw_sink_mark mark;
    t->resume.continuing = true;
    t->resume.resume_from = size;
    t->resume.resume_expected = -1;
    t->resume.resume_marked = mw_sink_read_mark(t->resume.existing_path, &mark);
    if (t->resume.resume_marked) {
        if (mark.valid >= 0 && mark.valid < size)
            t->resume.resume_from = mark.valid;
        t->resume.resume_expected = mark.expected;
    }
    t->resume.validator = mw_sink_read_validator(dir, name);
}

/* -c -O FILE, as wget: a regular FILE the program opened without
 * truncating it, still at its start, is continued like a file of our own. */
static void continue_output_document(mw_transfer *t)
{
    const mw_options *o = t->ctx->opts;
    struct stat st;
    if (!o->output_name || strcmp(o->output_name, "-") == 0 || fstat(o->output_fd, &st) < 0 || !S_ISREG(st.st_mode) ||
        st.st_size == 0 || lseek(o->output_fd, 0, SEEK_CUR) != 0)
        return;
    free(t->resume.existing_path);
    t->resume.existing_path = strdup(o->output_name);
    if (t->resume.existing_path)
        continue_existing_file(t, NULL, o->output_name, (int64_t)st.st_size);
}

/* -c continues the file at dir/name, -N replaces it when the remote one is
 * newer; size is -1 when there is none. */
static void decide_for_existing_file(mw_transfer *t, const char *dir, const char *name, int64_t size, time_t mtime)
{
    const mw_options *o = t->ctx->opts;
    free(t->resume.judged_path);
    t->resume.judged_path = mw_sink_path(dir, name);
    free(t->resume.existing_path);
    t->resume.existing_path = size >= 0 ? mw_sink_path(dir, name) : NULL;
    if (o->continue_download && size >= 0) { /* an empty one too: wget fills it rather than make name.1 */
        continue_existing_file(t, dir, name, size);
    } else if (o->timestamping && size >= 0) {
        t->resume.replace_existing = true;
        t->resume.probing = !o->if_modified_since && !t->spider; /* wget asks with HEAD first, then GETs */
        t->resume.local_size = size;
        t->resume.local_mtime = mtime;
        mw_sink_mark mark;
        if (mw_sink_read_mark(t->resume.existing_path, &mark))
            t->resume.local_mtime = 0; /* a partial download of ours is never current: -N fetches it again */
    }
}

/* -nc and -c depend on the file already there. Returns false when there is
 * nothing to fetch. */
bool mw_xfer_look_at_existing_file(mw_transfer *t)
{
    const mw_options *o = t->ctx->opts;
    if (o->output_fd >= 0 && o->continue_download && !t->spider)
        continue_output_document(t);
    /* --spider -nc: a file already there is not asked about, as wget (a crawl's spider still asks) */
    bool spider_keeps = t->spider && o->no_clobber && !o->recursive && !o->page_requisites;
    if (o->output_fd >= 0 || (t->spider && !spider_keeps) || !(o->no_clobber || o->continue_download || o->timestamping))
        return true;
    char *dir = NULL, *name = NULL;
    mw_xfer_local_place(t, NULL, &dir, &name, NULL);
    time_t mtime = 0;
    int64_t size = name ? mw_sink_existing_size(dir, name, &mtime) : -1;
    bool fetch = true;
    if (o->no_clobber && size >= 0) {
        char *path = mw_sink_path(dir, name);
        mw_xfer_keep_local_file(t, path, name, MW_KEEP_NO_CLOBBER);
        free(path);
        t->link.start_timer = mw_loop_timer(t->ctx->loop, 0, on_skip, t); /* callbacks never run inside start */
        fetch = false;
    } else if (name) {
        decide_for_existing_file(t, dir, name, size, mtime);
    }
    free(dir);
    free(name);
    return fetch;
}

/* An answer to the conditions -c and -N sent for another file. */
static bool answers_the_conditions(const mw_transfer *t)
{
    int status = t->resp.parser.resp.status;
    return status == 206 || status == 304 || status == 416;
}

/* With --content-disposition or --trust-server-names the response may name
 * another file than the URL's, which -c and -N decided for before the
 * request. Their rules then apply to the file the response names, as a
 * URL's name (and as wget 1.21 applies them): a partial one is continued,
 * asked again with its own Range; an older one is replaced; a name not
 * taken is a fresh download. Bytes of a range meant for the URL's file
 * never go into the server's, and the URL's file is left as it is. */
bool mw_xfer_check_server_name(mw_transfer *t, size_t leftover)
{
    const mw_options *o = t->ctx->opts;
    int status = t->resp.parser.resp.status;
    if (!t->resume.judged_path || t->body.sink_open || t->parts.lead || o->output_fd >= 0 || status < 200 ||
        (status >= 300 && !answers_the_conditions(t)))
        return true; /* an error answer: no file to decide for */
    char *dir = NULL, *name = NULL, *path = NULL;
    if (mw_xfer_local_place(t, &t->resp.parser.resp, &dir, &name, NULL) == 0)
        path = mw_sink_path(dir, name);
    bool same = !path || strcmp(path, t->resume.judged_path) == 0;
    if (!same) {
        t->resume.resume_from = 0;
        t->resume.continuing = t->resume.resume_marked = false;
        t->resume.resume_expected = -1;
        t->resume.replace_existing = false;
        free(t->resume.validator);
        t->resume.validator = NULL;
        free(t->resume.existing_path);
        t->resume.existing_path = NULL;
        time_t mtime = 0;
        int64_t size = mw_sink_existing_size(dir, name, &mtime);
        /* a server that names yet another file when asked again gets no third request:
         * its answer is a fresh download (and a range then fails as one not asked for) */
        if (!t->resume.asked_for_server_name)
            decide_for_existing_file(t, dir, name, size, mtime);
    }
    bool again = !same && !t->resume.asked_for_server_name && (answers_the_conditions(t) || t->resume.resume_from > 0);
    if (again)
        mw_xfer_log(t, MW_LOG_INFO, "The server names the file ‘%s’; asking again for it.", name);
    free(dir);
    free(name);
    free(path);
    if (!again)
        return true;
    t->resume.asked_for_server_name = true;
    if (mw_url_copy(&t->url, &t->next.url) != MW_URL_OK) {
        mw_xfer_fail(t, MW_ERR_GENERIC, "Out of memory.");
        return false;
    }
    t->next.reason = NEXT_SERVER_NAME;
    mw_xfer_next_request_after_body(t, leftover);
    return false;
}


void mw_xfer_complete(mw_transfer *t)
{
    const mw_options *o = t->ctx->opts;
    if (t->body.inflater && !mw_inflate_finished(t->body.inflater)) {
        mw_xfer_fail(t, MW_ERR_PROTOCOL, "The compressed body ended before the end of its data.");
        return;
    }
    time_t mtime = t->parts.file_mtime;
    bool parts_done = t->state == T_WAITING_FOR_PARTS; /* the lead's response is released by now */
    const char *last_modified = parts_done ? NULL : mw_http_header(&t->resp.parser.resp, "Last-Modified");
    if (o->use_server_timestamps && last_modified && !t->parts.lead) /* a part: the lead stamps the file */
        mtime = mw_parse_http_date(last_modified);
    if (t->parts.nrunning > 0 || (t->parts.chunking && t->parts.next_chunk < t->body.body_total)) {
        /* the lead's chunk is in: the file is whole once every part is */
        t->parts.file_mtime = mtime;
        t->state = T_WAITING_FOR_PARTS;
        mw_xfer_mark_valid_prefix(t);
        mw_xfer_release_connection(t);
        return;
    }
    int64_t body_bytes = mw_xfer_file_bytes(t) - t->body.head_saved;
    if (!t->parts.lead && !t->body.inflater && t->body.body_total >= 0 && body_bytes != t->body.body_total &&
        strcasecmp(mw_xfer_method(t), "HEAD") != 0) {
        /* a range that ended before the file's end, or parts that left a gap */
        mw_xfer_fail_retryable(t, MW_ERR_NETWORK, "The server sent %lld of %lld bytes; the file is incomplete.",
                                (long long)body_bytes, (long long)t->body.body_total);
        return;
    }
    if (!mw_xfer_digest_verify(t))
        return;
    mw_xfer_report_progress(t, true);
    const char *type = parts_done ? NULL : mw_http_header(&t->resp.parser.resp, "Content-Type");
    if (type && !t->result.content_type) /* before mw_xfer_release_connection() frees the response */
        t->result.content_type = strdup(type);
    int64_t got = mw_xfer_file_bytes(t);
    uint64_t elapsed_ms = mw_now_ms() - t->body.body_started_ms;
    const char *display = t->body.sink.display ? t->body.sink.display : ""; /* the sink keeps it until mw_xfer_finish() */
    mw_xfer_release_connection(t);
    if (mw_sink_finish(&t->body.sink, mtime) < 0) {
        mw_xfer_name_failed_url(t);
        mw_xfer_log(t, MW_LOG_ERROR, "%s", t->body.sink.error);
        mw_xfer_finish(t, MW_ERR_IO);
        return;
    }
    mw_xfer_report_saved(t, got, elapsed_ms, display);
    if (!t->parts.lead) {
        t->result.body_saved = true;
        t->result.body_bytes = got - t->body.body_start_written; /* -c: only what came now */
        t->result.body_ms = elapsed_ms;
    }
    t->body.completed = true;
    if (o->output_fd < 0 && !t->parts.lead)
        t->result.saved_path = strdup(display);
    mw_xfer_finish(t, t->result.outcome);
}
