/* warc: the records of a run, built from the exchanges the transfers
 * report and written through warc_file.c. */
#include "warc.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include "strbuf.h"
#include "warc_cdx.h"
#include "warc_digest.h"
#include "warc_file.h"
#include "warc_http.h"
#include "warc_spool.h"

#define MW_WARC_ID 48   /* "<urn:uuid:" + 36 + ">" + NUL */
#define MW_WARC_DATE 40 /* 2026-01-02T03:04:05.123456Z */

struct mw_warc {
    const mw_options *opts;
    const char *software;       /* "mini-wget/VERSION" */
    mw_warc_file file;
    FILE *cdx;                  /* --warc-cdx, or NULL */
    mw_warc_dedup dedup;        /* --warc-dedup's records (empty without it) */
    char warcinfo_id[MW_WARC_ID]; /* the current file's warcinfo record */
    mw_warc_spool log;          /* the run's log, for the resource record */
    mw_warc_digest log_digest;
    mw_warc_report_fn report;
    void *report_data;
    bool failed;
};

struct mw_warc_exchange {
    mw_warc *w;
    char *uri;                  /* WARC-Target-URI: the URL, without credentials */
    char ip[INET6_ADDRSTRLEN];  /* WARC-IP-Address; "" for a unix socket */
    char *request;              /* the bytes sent */
    size_t request_len;
    char request_date[MW_WARC_DATE];
    char response_date[MW_WARC_DATE]; /* at the first byte of the response; "" before */
    struct timespec response_time;
    mw_strbuf head;             /* the response head as received (bounded by http.c) */
    mw_warc_spool body;         /* the body as received */
    bool body_started;
    mw_warc_http_body framing;  /* where the payload is among the body's bytes */
    mw_warc_digest block, payload;
};

/* ---- small pieces: IDs, dates, failures ---- */

static void new_id(char out[MW_WARC_ID])
{
    unsigned char b[16];
    if (RAND_bytes(b, sizeof b) != 1) /* OpenSSL seeds itself from the kernel; this is a fallback only */
        for (size_t i = 0; i < sizeof b; i++)
            b[i] = (unsigned char)random();
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4: random */
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
    snprintf(out, MW_WARC_ID, "<urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x>", b[0], b[1],
             b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

/* WARC-Date, with the sub-second precision WARC 1.1 allows. */
static void format_date(const struct timespec *ts, char out[MW_WARC_DATE])
{
    struct tm tm;
    gmtime_r(&ts->tv_sec, &tm);
    size_t n = strftime(out, MW_WARC_DATE, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out + n, MW_WARC_DATE - n, ".%06dZ", (int)(ts->tv_nsec / 1000 % 1000000));
}

static void now(struct timespec *ts, char out[MW_WARC_DATE])
{
    clock_gettime(CLOCK_REALTIME, ts);
    format_date(ts, out);
}

static void failed(mw_warc *w, const char *what)
{
    if (w->failed)
        return;
    w->failed = true;
    char msg[700];
    snprintf(msg, sizeof msg, "Cannot write the WARC output (%s).", what && *what ? what : "out of memory");
    if (w->report)
        w->report(w->report_data, msg);
}

bool mw_warc_failed(const mw_warc *w)
{
    return w && w->failed;
}

/* ---- records ---- */

static void field(mw_strbuf *h, const char *name, const char *value)
{
    if (!value || !*value)
        return;
    mw_strbuf_str(h, name);
    mw_strbuf_add(h, ": ", 2);
    mw_strbuf_str(h, value);
    mw_strbuf_add(h, "\r\n", 2);
}

static int spool_to_file(void *data, const void *buf, size_t len)
{
    return mw_warc_file_write(data, buf, len);
}

/* One record: the header fields in h (Content-Length is added here), the
 * block from mem and then spool (either may be empty). *offset gets where
 * the record starts. Frees h. */
static int write_record(mw_warc *w, mw_strbuf *h, const char *mem, size_t mem_len, mw_warc_spool *spool, uint64_t *offset)
{
    char length[32];
    snprintf(length, sizeof length, "%llu", (unsigned long long)(mem_len + (spool ? spool->size : 0)));
    field(h, "Content-Length", length);
    mw_strbuf_add(h, "\r\n", 2);
    char *text = mw_strbuf_take(h);
    uint64_t at;
    int rc = text && mw_warc_file_begin(&w->file, &at) == 0 ? 0 : -1;
    if (rc == 0 && (mw_warc_file_write(&w->file, text, strlen(text)) < 0 || mw_warc_file_write(&w->file, mem, mem_len) < 0 ||
                    (spool && mw_warc_spool_copy(spool, spool_to_file, &w->file) < 0) ||
                    mw_warc_file_write(&w->file, "\r\n\r\n", 4) < 0 || mw_warc_file_end(&w->file) < 0)) {
        mw_warc_file_cancel(&w->file);
        rc = -1;
    }
    free(text);
    if (rc < 0)
        failed(w, spool && spool->error[0] ? spool->error : w->file.error);
    else if (offset)
        *offset = at;
    return rc;
}

static void digest_of(mw_warc *w, const char *a, size_t alen, char out[MW_WARC_DIGEST_TEXT])
{
    mw_warc_digest d = { 0 };
    out[0] = '\0';
    if (w->opts->warc_no_digests || !mw_warc_digest_start(&d))
        return;
    mw_warc_digest_add(&d, a, alen);
    mw_warc_digest_finish(&d, out);
}

/* One argument as the warcinfo record shows it: an archive is shared, so
 * no password goes in (--password=*, -e password=*, http://user:*@host/). */
static void add_argument(mw_strbuf *b, const char *arg, bool secret)
{
    const char *eq = strchr(arg, '='), *scheme = strstr(arg, "://");
    const char *at = scheme ? strchr(scheme + 3, '@') : NULL, *slash = scheme ? strchr(scheme + 3, '/') : NULL;
    const char *colon = at ? memchr(scheme + 3, ':', (size_t)(at - scheme - 3)) : NULL;
    const char *hide_from = NULL, *hide_to = NULL;
    if (secret)
        hide_from = arg, hide_to = arg + strlen(arg);
    else if (strcasestr(arg, "password") && eq)
        hide_from = eq + 1, hide_to = arg + strlen(arg);
    else if (colon && (!slash || at < slash))
        hide_from = colon + 1, hide_to = at;
    mw_strbuf_add(b, " \"", 2);
    for (const char *p = arg; *p; p++) {
        if (p == hide_from) {
            mw_strbuf_add(b, "*", 1);
            p = hide_to - 1;
        } else if (*p == '"' || *p == '\\') {
            mw_strbuf_add(b, "\\", 1);
            mw_strbuf_add(b, p, 1);
        } else {
            mw_strbuf_add(b, *p == '\r' || *p == '\n' ? " " : p, 1);
        }
    }
    mw_strbuf_add(b, "\"", 1);
}

/* "-q" "--warc-file=x" ...: the command line, as wget's warcinfo gives it. */
static void add_arguments(mw_strbuf *b, const mw_options *o)
{
    if (!o->warc_argv || o->warc_argc < 1)
        return;
    mw_strbuf_str(b, "mini-wget-arguments:");
    bool secret_next = false;
    for (int i = 1; i < o->warc_argc; i++) {
        const char *arg = o->warc_argv[i];
        add_argument(b, arg, secret_next);
        secret_next = !strncmp(arg, "--", 2) && strcasestr(arg, "password") && !strchr(arg, '=');
    }
    mw_strbuf_add(b, "\r\n", 2);
}

/* The first record of every file: who wrote it, how, and --warc-header's lines. */
static int write_warcinfo(mw_warc *w)
{
    const mw_options *o = w->opts;
    mw_strbuf body = { 0 };
    mw_strbuf_str(&body, "software: ");
    mw_strbuf_str(&body, w->software);
    mw_strbuf_str(&body, "\r\nformat: WARC File Format 1.1\r\n"
                         "conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n");
    mw_strbuf_str(&body, o->robots ? "robots: classic\r\n" : "robots: off\r\n");
    add_arguments(&body, o);
    for (size_t i = 0; i < o->nwarc_headers; i++) {
        mw_strbuf_str(&body, o->warc_headers[i]);
        mw_strbuf_add(&body, "\r\n", 2);
    }
    char *text = mw_strbuf_take(&body);
    if (!text) {
        failed(w, NULL);
        return -1;
    }
    char date[MW_WARC_DATE], digest[MW_WARC_DIGEST_TEXT];
    struct timespec ts;
    now(&ts, date);
    new_id(w->warcinfo_id);
    digest_of(w, text, strlen(text), digest);
    mw_strbuf h = { 0 };
    mw_strbuf_str(&h, "WARC/1.1\r\n");
    field(&h, "WARC-Type", "warcinfo");
    field(&h, "Content-Type", "application/warc-fields");
    field(&h, "WARC-Date", date);
    field(&h, "WARC-Record-ID", w->warcinfo_id);
    field(&h, "WARC-Filename", mw_warc_file_name(&w->file));
    field(&h, "WARC-Block-Digest", digest);
    int rc = write_record(w, &h, text, strlen(text), NULL, NULL);
    free(text);
    return rc;
}

/* --warc-max-size: a full file is closed and the next records start a new one. */
static int file_ready(mw_warc *w)
{
    if (w->failed)
        return -1;
    if (!mw_warc_file_full(&w->file))
        return 0;
    if (mw_warc_file_next(&w->file) < 0) {
        failed(w, w->file.error);
        return -1;
    }
    return write_warcinfo(w);
}

/* ---- the writer ---- */

mw_warc *mw_warc_open(const mw_options *opts, const char *software, mw_warc_report_fn report, void *report_data,
                      char *err, size_t errlen)
{
    mw_warc *w = calloc(1, sizeof *w);
    if (!w) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    w->opts = opts;
    w->software = software;
    w->file.fd = -1;
    mw_warc_spool_init(&w->log, opts->warc_tempdir);
    if (!opts->warc_no_digests)
        mw_warc_digest_start(&w->log_digest);
    if (opts->warc_dedup && mw_warc_dedup_load(&w->dedup, opts->warc_dedup, err, errlen) < 0) {
        mw_warc_close(w);
        return NULL;
    }
    if (mw_warc_file_open(&w->file, opts->warc_file, !opts->warc_no_compression, opts->warc_max_size) < 0) {
        snprintf(err, errlen, "--warc-file: %s", w->file.error);
        mw_warc_close(w);
        return NULL;
    }
    if (opts->warc_cdx) {
        char *path = NULL;
        if (asprintf(&path, "%s.cdx", opts->warc_file) < 0 || !(w->cdx = mw_warc_cdx_create(path, err, errlen))) {
            if (!path)
                snprintf(err, errlen, "out of memory");
            free(path);
            mw_warc_close(w);
            return NULL;
        }
        free(path);
    }
    if (write_warcinfo(w) < 0) {
        snprintf(err, errlen, "--warc-file: %s", w->file.error[0] ? w->file.error : "out of memory");
        mw_warc_close(w);
        return NULL;
    }
    w->report = report; /* failures from here on are the run's, reported as they come */
    w->report_data = report_data;
    return w;
}

const char *mw_warc_path(const mw_warc *w)
{
    return w->file.path;
}

void mw_warc_log_line(mw_warc *w, const char *line)
{
    if (!w || w->opts->warc_no_keep_log)
        return;
    size_t len = strlen(line);
    mw_warc_spool_add(&w->log, line, len);
    mw_warc_spool_add(&w->log, "\n", 1);
    mw_warc_digest_add(&w->log_digest, line, len);
    mw_warc_digest_add(&w->log_digest, "\n", 1);
}

/* The log as a resource record, last, as wget stores it. */
static void write_log(mw_warc *w)
{
    char date[MW_WARC_DATE], id[MW_WARC_ID], digest[MW_WARC_DIGEST_TEXT];
    struct timespec ts;
    mw_warc_digest_finish(&w->log_digest, digest);
    if (file_ready(w) < 0)
        return;
    now(&ts, date);
    new_id(id);
    mw_strbuf h = { 0 };
    mw_strbuf_str(&h, "WARC/1.1\r\n");
    field(&h, "WARC-Type", "resource");
    field(&h, "WARC-Record-ID", id);
    field(&h, "WARC-Warcinfo-ID", w->warcinfo_id);
    field(&h, "WARC-Target-URI", "metadata://mini-wget/warc/mini-wget.log");
    field(&h, "WARC-Date", date);
    field(&h, "WARC-Block-Digest", digest);
    field(&h, "Content-Type", "text/plain");
    write_record(w, &h, NULL, 0, &w->log, NULL);
}

void mw_warc_close(mw_warc *w)
{
    if (!w)
        return;
    if (w->file.fd >= 0 && !w->opts->warc_no_keep_log) {
        if (w->log.error[0])
            failed(w, w->log.error);
        else
            write_log(w);
    }
    if (w->file.fd >= 0 && mw_warc_file_close(&w->file) < 0)
        failed(w, w->file.error);
    mw_warc_file_close(&w->file); /* frees what an unopened file holds */
    if (w->cdx && fclose(w->cdx) != 0)
        failed(w, "CDX file");
    mw_warc_dedup_free(&w->dedup);
    mw_warc_spool_free(&w->log);
    mw_warc_digest_free(&w->log_digest);
    free(w);
}

/* ---- exchanges ---- */

mw_warc_exchange *mw_warc_exchange_new(mw_warc *w, const mw_url *url, int fd, const char *request, size_t len)
{
    if (!w || w->failed)
        return NULL;
    mw_warc_exchange *e = calloc(1, sizeof *e);
    if (!e || !(e->uri = mw_url_to_string(url)) || !(e->request = malloc(len ? len : 1))) {
        if (e)
            free(e->uri);
        free(e);
        failed(w, NULL);
        return NULL;
    }
    e->w = w;
    memcpy(e->request, request, len);
    e->request_len = len;
    struct timespec ts;
    now(&ts, e->request_date);
    struct sockaddr_storage peer;
    socklen_t plen = sizeof peer;
    if (getpeername(fd, (struct sockaddr *)&peer, &plen) == 0) {
        if (peer.ss_family == AF_INET)
            inet_ntop(AF_INET, &((struct sockaddr_in *)&peer)->sin_addr, e->ip, sizeof e->ip);
        else if (peer.ss_family == AF_INET6)
            inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&peer)->sin6_addr, e->ip, sizeof e->ip);
    }
    mw_warc_spool_init(&e->body, w->opts->warc_tempdir);
    if (!w->opts->warc_no_digests) {
        mw_warc_digest_start(&e->block);
        mw_warc_digest_start(&e->payload);
    }
    return e;
}

void mw_warc_exchange_head(mw_warc_exchange *e, const char *buf, size_t len)
{
    if (!e || !len)
        return;
    if (!e->response_date[0])
        now(&e->response_time, e->response_date);
    mw_strbuf_add(&e->head, buf, len);
    mw_warc_digest_add(&e->block, buf, len);
}

static bool is_head_request(const mw_warc_exchange *e)
{
    return e->request_len >= 5 && !strncmp(e->request, "HEAD ", 5);
}

static void add_payload(void *data, const char *buf, size_t len)
{
    mw_warc_digest_add(data, buf, len);
}

void mw_warc_exchange_body(mw_warc_exchange *e, const char *buf, size_t len)
{
    if (!e || !len)
        return;
    if (!e->body_started) {
        e->body_started = true;
        mw_warc_http_body_init(&e->framing, is_head_request(e), e->head.data, e->head.len);
    }
    mw_warc_spool_add(&e->body, buf, len);
    mw_warc_digest_add(&e->block, buf, len);
    mw_warc_http_body_feed(&e->framing, buf, len, add_payload, &e->payload);
}

static void write_request(mw_warc *w, mw_warc_exchange *e, const char *id)
{
    char digest[MW_WARC_DIGEST_TEXT];
    digest_of(w, e->request, e->request_len, digest);
    mw_strbuf h = { 0 };
    mw_strbuf_str(&h, "WARC/1.1\r\n");
    field(&h, "WARC-Type", "request");
    field(&h, "WARC-Target-URI", e->uri);
    field(&h, "Content-Type", "application/http;msgtype=request");
    field(&h, "WARC-Date", e->request_date);
    field(&h, "WARC-Record-ID", id);
    field(&h, "WARC-IP-Address", e->ip);
    field(&h, "WARC-Warcinfo-ID", w->warcinfo_id);
    field(&h, "WARC-Block-Digest", digest);
    write_record(w, &h, e->request, e->request_len, NULL, NULL);
}

/* The 14-digit date of the CDX and of WARC-Refers-To-Date's source. */
static void cdx_timestamp(const struct timespec *ts, char out[16])
{
    struct tm tm;
    gmtime_r(&ts->tv_sec, &tm);
    strftime(out, 16, "%Y%m%d%H%M%S", &tm);
}

static void refers_to_date(const char *stamp, char out[MW_WARC_DATE])
{
    out[0] = '\0';
    if (strlen(stamp) == 14 && strspn(stamp, "0123456789") == 14)
        snprintf(out, MW_WARC_DATE, "%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", stamp, stamp + 4, stamp + 6, stamp + 8, stamp + 10,
                 stamp + 12);
}

/* The response, or a revisit of the record --warc-dedup names for its payload. */
static void write_response(mw_warc *w, mw_warc_exchange *e, const char *request_id, bool whole)
{
    char id[MW_WARC_ID], block[MW_WARC_DIGEST_TEXT], payload[MW_WARC_DIGEST_TEXT];
    char refers[MW_WARC_ID + 16] = "", refers_stamp[32] = "", refers_date[MW_WARC_DATE];
    new_id(id);
    mw_warc_digest_finish(&e->block, block);
    mw_warc_digest_finish(&e->payload, payload);
    int status = mw_warc_http_status(e->head.data, e->head.len, NULL);
    bool revisit = whole && payload[0] &&
                   mw_warc_dedup_find(&w->dedup, payload + 5, e->uri, refers, sizeof refers, refers_stamp, sizeof refers_stamp);
    mw_strbuf h = { 0 };
    mw_strbuf_str(&h, "WARC/1.1\r\n");
    field(&h, "WARC-Type", revisit ? "revisit" : "response");
    field(&h, "WARC-Record-ID", id);
    field(&h, "WARC-Warcinfo-ID", w->warcinfo_id);
    field(&h, "WARC-Concurrent-To", request_id);
    if (revisit) {
        /* the block is the head alone: the payload is in the record referred to */
        digest_of(w, e->head.data, e->head.len, block);
        refers_to_date(refers_stamp, refers_date);
        field(&h, "WARC-Refers-To", refers);
        field(&h, "WARC-Refers-To-Target-URI", e->uri);
        field(&h, "WARC-Refers-To-Date", refers_date);
        field(&h, "WARC-Profile", "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest");
        field(&h, "WARC-Truncated", "length");
    } else if (!whole) {
        field(&h, "WARC-Truncated", "unspecified"); /* the body was cut short, or not read to its end */
    }
    field(&h, "WARC-Target-URI", e->uri);
    field(&h, "WARC-Date", e->response_date);
    field(&h, "WARC-IP-Address", e->ip);
    field(&h, "WARC-Block-Digest", block);
    field(&h, "WARC-Payload-Digest", payload);
    field(&h, "Content-Type", "application/http;msgtype=response");
    uint64_t offset;
    if (write_record(w, &h, e->head.data, e->head.len, revisit ? NULL : &e->body, &offset) < 0 || revisit || !w->cdx)
        return;
    char stamp[16], mime[128], location[2048];
    cdx_timestamp(&e->response_time, stamp);
    mw_warc_cdx_entry entry = {
        .url = e->uri,
        .timestamp = stamp,
        .mime = mw_warc_http_field(e->head.data, e->head.len, "Content-Type", mime, sizeof mime) ? mime : NULL,
        .status = status,
        .digest = payload[0] ? payload + 5 : NULL,
        .redirect = mw_warc_http_field(e->head.data, e->head.len, "Location", location, sizeof location) ? location : NULL,
        .offset = offset,
        .filename = mw_warc_file_name(&w->file),
        .record_id = id,
    };
    if (mw_warc_cdx_add(w->cdx, &entry) < 0)
        failed(w, "CDX file");
}

void mw_warc_exchange_end(mw_warc_exchange *e)
{
    if (!e)
        return;
    mw_warc *w = e->w;
    if (e->head.failed || e->body.error[0])
        failed(w, e->body.error);
    else if (file_ready(w) == 0) {
        char request_id[MW_WARC_ID];
        new_id(request_id);
        write_request(w, e, request_id);
        if (e->head.len && !w->failed) {
            if (!e->body_started) /* no byte of body: none was due, or none came */
                mw_warc_http_body_init(&e->framing, is_head_request(e), e->head.data, e->head.len);
            write_response(w, e, request_id, mw_warc_http_body_whole(&e->framing));
        }
    }
    free(e->uri);
    free(e->request);
    free(e->head.data);
    mw_warc_spool_free(&e->body);
    mw_warc_digest_free(&e->block);
    mw_warc_digest_free(&e->payload);
    free(e);
}
