/* mini-wget: the command line over libminiwget. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "miniwget/format.h"
#include "miniwget/miniwget.h"
#include "miniwget/url.h"
#include "checksums.h"
#include "interrupt.h"
#include "options.h"
#include "parity.h"
#include "progress.h"
#include "results.h"
#include "shard.h"

/* What the run saved, summed from each URL's result: wget's closing
 * "Downloaded:" line. */
typedef struct cli_totals {
    unsigned long files; /* bodies saved whole */
    int64_t bytes;       /* bytes of those bodies received in this run */
    uint64_t busy_ms;    /* time spent receiving them */
} cli_totals;

typedef struct cli_output {
    FILE *log;      /* stderr, or -o / -a */
    bool show_progress;
    progress_state progress;
    cli_totals totals;
    cli_results *results;     /* --results, or NULL */
    cli_checksums *checksums; /* --checksum, --checksums, or NULL */
    bool warnings;            /* not -q: a URL --checksums has no digest for is named */
    bool capture;   /* -i URL: keep the path the list was saved to */
    char *captured; /* owned */
} cli_output;

/* The levels wget shows at each verbosity: -S heads always, errors unless -q,
 * the one-line summaries only under -nv. */
static unsigned levels_shown(int verbosity)
{
    unsigned levels = MW_LOG_BIT(MW_LOG_SERVER); /* only -S logs heads; -q -S shows them too */
    if (verbosity >= VERBOSITY_NONVERBOSE)
        levels |= MW_LOG_BIT(MW_LOG_ERROR);
    if (verbosity == VERBOSITY_NONVERBOSE)
        levels |= MW_LOG_BIT(MW_LOG_NOTICE);
    if (verbosity >= VERBOSITY_VERBOSE)
        levels |= MW_LOG_BIT(MW_LOG_INFO);
    if (verbosity >= VERBOSITY_DEBUG)
        levels |= MW_LOG_BIT(MW_LOG_DEBUG);
    return levels;
}

/* The library formats only the levels_shown, so each line it hands over is shown. */
static void log_line(void *data, mw_log_level level, const char *line)
{
    cli_output *out = data;
    (void)level;
    progress_clear(&out->progress);
    fprintf(out->log, "%s\n", line);
    if (out->log != stderr)
        fflush(out->log);
}

static void show_progress(void *data, const mw_progress *p)
{
    cli_output *out = data;
    if (out->show_progress)
        progress_update(&out->progress, p);
}

static void count_result(void *data, const mw_url_result *result)
{
    cli_output *out = data;
    if (out->capture && result->saved_path && !out->captured)
        out->captured = strdup(result->saved_path);
    if (result->body_saved)
        out->totals.files++;
    out->totals.bytes += result->bytes;
    out->totals.busy_ms += result->body_ms;
    if (out->results)
        cli_results_write(out->results, result);
}

static void warn_line(void *data, const char *line)
{
    log_line(data, MW_LOG_ERROR, line);
}

static const char *expected_digest(void *data, const char *url, const char *name)
{
    cli_output *out = data;
    return cli_checksums_lookup(out->checksums, url, name, out->warnings ? warn_line : NULL, out);
}

/* The URLs to fetch: the command line's first, then -i's list line by line
 * (never all in memory), as wget orders them. */
typedef struct url_source {
    const char **argv_urls;
    size_t nargv, next;
    FILE *list;      /* -i, or NULL */
    char *line;
    size_t line_cap;
    const char *base; /* -B */
    char *resolved;   /* a list line resolved against base */
    cli_shard shard;  /* --shard: only this shard's URLs */
    char **html_urls; /* -F: the links of the -i file, owned; NULL-terminated */
    size_t html_next;
    const cli_config *cfg; /* IRI: the local encoding URLs are typed in */
    char *utf8;       /* the last URL converted to UTF-8, owned */
} url_source;

/* -B: a list line without a scheme is relative to the base URL. */
static const char *with_base(url_source *src, const char *text)
{
    if (!src->base || strstr(text, "://"))
        return text;
    mw_url base, url;
    char err[160];
    if (mw_url_parse(src->base, &base, err, sizeof err) != MW_URL_OK)
        return text; /* reported when the URL itself fails */
    free(src->resolved);
    src->resolved = NULL;
    if (mw_url_resolve(&base, text, &url, err, sizeof err) == MW_URL_OK) {
        src->resolved = mw_url_to_string(&url);
        mw_url_free(&url);
    }
    mw_url_free(&base);
    return src->resolved ? src->resolved : text;
}

/* The next URL as given: the command line's, -F's links, then the -i list's. */
static const char *next_given_url(url_source *src)
{
    if (src->next < src->nargv)
        return src->argv_urls[src->next++];
    if (src->html_urls && src->html_urls[src->html_next])
        return src->html_urls[src->html_next++];
    while (src->list && getline(&src->line, &src->line_cap, src->list) >= 0) {
        char *start = src->line;
        while (*start == ' ' || *start == '\t')
            start++;
        char *end = start + strlen(start);
        while (end > start && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t'))
            *--end = '\0';
        if (*start)
            return with_base(src, start); /* blank lines are skipped, as wget does */
    }
    return NULL;
}

/* The next URL of this shard (--shard), in UTF-8: URLs are typed in the
 * local encoding (IRI), the library takes UTF-8. */
static const char *next_url(void *data)
{
    url_source *src = data;
    const char *url;
    while ((url = next_given_url(src))) {
        if (src->cfg)
            url = cli_url_to_utf8(src->cfg, url, &src->utf8);
        if (cli_shard_takes(&src->shard, url))
            return url;
    }
    return NULL;
}

/* -Q spares the command line's URLs, as wget's: how many of them this
 * shard takes, the source's first ones. */
static size_t argv_urls_taken(const url_source *src)
{
    size_t n = 0;
    for (size_t i = 0; i < src->nargv; i++) {
        char *utf8 = NULL;
        const char *url = src->cfg ? cli_url_to_utf8(src->cfg, src->argv_urls[i], &utf8) : src->argv_urls[i];
        n += cli_shard_takes(&src->shard, url);
        free(utf8);
    }
    return n;
}

/* -i URL: the list is downloaded first (and kept, as wget keeps it). */
static bool input_is_url(const char *input)
{
    return input && (strncasecmp(input, "http://", 7) == 0 || strncasecmp(input, "https://", 8) == 0);
}

/* -F: the list is the links of an HTML file, resolved against -B (or the
 * URL the file came from). */
static int read_html_list(const char *path, const char *base, url_source *src)
{
    src->html_urls = mw_html_file_links(path, base);
    if (!src->html_urls) {
        fprintf(stderr, "%s: %s\nNo URLs found in %s.\n", path, strerror(errno), path);
        return MW_ERR_PARSE;
    }
    return 0;
}

/* -F -i -: the page comes on standard input; the link reader takes a
 * file, so it is copied to a temporary one first (removed at once). */
static int read_html_stdin(const char *base, url_source *src)
{
    const char *tmpdir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/mini-wget-F.XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        return MW_ERR_IO;
    }
    char buf[65536];
    ssize_t got;
    bool ok = true;
    while (ok && (got = read(STDIN_FILENO, buf, sizeof buf)) != 0)
        ok = (got < 0 && errno == EINTR) || (got > 0 && write(fd, buf, (size_t)got) == got);
    close(fd);
    int rc = ok ? read_html_list(path, base, src) : MW_ERR_IO;
    unlink(path);
    return rc;
}

static int open_input_file(const cli_config *cfg, url_source *src)
{
    if (!cfg->input_file || input_is_url(cfg->input_file))
        return 0;
    if (cfg->force_html)
        return strcmp(cfg->input_file, "-") == 0 ? read_html_stdin(cfg->base, src)
                                                  : read_html_list(cfg->input_file, cfg->base, src);
    if (strcmp(cfg->input_file, "-") == 0) {
        src->list = stdin;
        return 0;
    }
    src->list = fopen(cfg->input_file, "re");
    if (!src->list) {
        fprintf(stderr, "%s: %s\nNo URLs found in %s.\n", cfg->input_file, strerror(errno), cfg->input_file);
        return MW_ERR_PARSE;
    }
    return 0;
}

static int open_output_document(cli_config *cfg)
{
    const char *name = cfg->output_document;
    if (!name)
        return 0;
    cfg->lib.output_name = name;
    if (strcmp(name, "-") == 0) {
        cfg->lib.output_fd = STDOUT_FILENO;
        return 0;
    }
    if (cfg->lib.timestamping && cfg->verbosity >= VERBOSITY_NONVERBOSE)
        fprintf(stderr, "WARNING: timestamping does nothing in combination with -O. See the manual\nfor details.\n\n");
    if (cfg->lib.no_clobber && access(name, F_OK) == 0) { /* as wget: -nc keeps the -O file too */
        if (cfg->verbosity >= VERBOSITY_VERBOSE)
            fprintf(stderr, "File ‘%s’ already there; not retrieving.\n", name);
        return MW_ERR_GENERIC;
    }
    if (cfg->lib.unlink_first && unlink(name) < 0 && errno != ENOENT) { /* --unlink: a hard link keeps its bytes */
        fprintf(stderr, "%s: %s\n", name, strerror(errno));
        return MW_ERR_IO;
    }
    /* As wget: -O names one file that all documents go to, truncated once. */
    /* -c with one URL: the file is continued (the library reads its size), as wget */
    bool one_url = cfg->urls.count == 1 && !cfg->input_file && !cfg->lib.recursive && !cfg->lib.page_requisites;
    bool keep = cfg->lib.continue_download && one_url;
    int fd = open(name, O_WRONLY | O_CREAT | (keep ? 0 : O_TRUNC) | O_CLOEXEC, 0666);
    if (fd < 0) {
        fprintf(stderr, "%s: %s\n", name, strerror(errno));
        return MW_ERR_IO;
    }
    cfg->lib.output_fd = fd;
    return 0;
}

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* wget's closing lines, after a run of several URLs, a list or a crawl
 * that saved something. */
static void print_summary(const cli_config *cfg, cli_output *out, const struct timespec *started)
{
    const cli_totals *totals = &out->totals;
    bool several = cfg->urls.count > 1 || cfg->input_file || cfg->lib.recursive || cfg->lib.page_requisites;
    if (!several || totals->files == 0 || cfg->verbosity < VERBOSITY_NONVERBOSE)
        return;
    char stamp[32], wall[32], size[32], busy[32], rate[32];
    double busy_s = (double)totals->busy_ms / 1000.0;
    mw_format_timestamp(time(NULL), stamp, sizeof stamp);
    mw_format_duration(seconds_since(started), wall, sizeof wall);
    mw_format_size(totals->bytes, size, sizeof size);
    mw_format_duration(busy_s, busy, sizeof busy);
    if (cfg->lib.report_bits)
        mw_format_rate_bits((double)totals->bytes / (busy_s > 0.0005 ? busy_s : 0.0005), rate, sizeof rate);
    else
        mw_format_rate_of(totals->bytes, busy_s, rate, sizeof rate);
    progress_clear(&out->progress);
    fprintf(out->log, "FINISHED --%s--\nTotal wall clock time: %s\nDownloaded: %lu files, %s in %s (%s)\n", stamp, wall,
            totals->files, size, busy, rate);
}

/* --shard, --checksum(s) and --results: checked, read and opened before
 * anything is fetched. */
static int cli_prepare_fleet(cli_config *cfg, url_source *src, cli_output *out)
{
    int rc = 0;
    if (cfg->shard && cli_shard_parse(cfg->shard, &src->shard) < 0) {
        fprintf(stderr, "mini-wget: --shard: ‘%s’ is not I/N with 0 <= I < N.\n", cfg->shard);
        return MW_ERR_PARSE;
    }
    cfg->lib.quota_exempt = argv_urls_taken(src);
    if (cfg->checksum && (cfg->checksums || cfg->urls.count != 1 || cfg->input_file || cfg->lib.recursive ||
                          cfg->lib.page_requisites)) {
        fprintf(stderr, "mini-wget: --checksum is for one URL; give a list's digests with --checksums=FILE.\n");
        return MW_ERR_PARSE;
    }
    if (cfg->checksum)
        out->checksums = cli_checksums_single(cfg->checksum, &rc);
    else if (cfg->checksums)
        out->checksums = cli_checksums_load(cfg->checksums, &rc);
    if (rc)
        return rc;
    if (out->checksums)
        cfg->lib.expected_digest = expected_digest;
    out->warnings = cfg->verbosity >= VERBOSITY_NONVERBOSE;
    if (cfg->results) {
        if (strcmp(cfg->results, "-") == 0 && cfg->output_document && strcmp(cfg->output_document, "-") == 0) {
            fprintf(stderr, "mini-wget: --results=- and -O - would both write to standard output.\n");
            return MW_ERR_PARSE;
        }
        if (!(out->results = cli_results_open(cfg->results, cfg->output_document)))
            return MW_ERR_IO;
        cfg->lib.digest_bodies = true;
    }
    return 0;
}

/* As wget: a WARC archive records whole exchanges, which -nc, -c and -N would skip or cut. */
static void drop_options_warc_cannot_use(cli_config *cfg)
{
    struct {
        bool *set;
        const char *message;
    } conflicts[] = {
        { &cfg->lib.no_clobber, "WARC output does not work with --no-clobber, --no-clobber will be disabled." },
        { &cfg->lib.continue_download, "WARC output does not work with --continue or --start-pos, they will be disabled." },
        { &cfg->lib.timestamping, "WARC output does not work with timestamping, timestamping will be disabled." },
    };
    if (cfg->lib.warc_file && cfg->lib.start_pos >= 0) { /* the same line as -c's */
        cfg->lib.continue_download = true;
        cfg->lib.start_pos = -1;
    }
    for (size_t i = 0; cfg->lib.warc_file && i < sizeof conflicts / sizeof conflicts[0]; i++) {
        if (*conflicts[i].set && cfg->verbosity > VERBOSITY_QUIET)
            fprintf(stderr, "%s\n", conflicts[i].message);
        *conflicts[i].set = false;
    }
}

/* Everything settled before anything is fetched: the options checked
 * against one another and adjusted as wget does, and the files the run reads
 * and writes opened (released by main()). */
static int prepare_run(cli_config *cfg, url_source *src, cli_output *out)
{
    if (cfg->certificate_type && strcasecmp(cfg->certificate_type, "PEM") != 0) {
        fprintf(stderr, "mini-wget: --certificate-type: only PEM is supported, not ‘%s’.\n", cfg->certificate_type);
        return MW_ERR_PARSE;
    }
    if (cfg->urls.count == 0 && !cfg->input_file) {
        cli_print_usage_hint("missing URL");
        return MW_ERR_GENERIC;
    }
    if (cfg->lib.no_clobber && (cfg->lib.convert_links || cfg->lib.convert_file_only)) {
        /* as wget (even under -q): -k converts what the run saves, and -nc would keep pages it never read */
        fprintf(stderr, "Both --no-clobber and --%s were specified, only --%s will be used.\n",
                cfg->lib.convert_links ? "convert-links" : "convert-file-only",
                cfg->lib.convert_links ? "convert-links" : "convert-file-only");
        cfg->lib.no_clobber = false;
    }
    if (cfg->lib.no_clobber && cfg->lib.timestamping) {
        cli_print_usage_hint("Can't timestamp and not clobber old files at the same time.");
        return MW_ERR_GENERIC;
    }
    cfg->lib.chunk_connections = cfg->parallel > 1 ? cfg->parallel : 4;
    int rc = cli_apply_parity(cfg);
    if (rc)
        return rc;
    drop_options_warc_cannot_use(cfg);
    rc = cli_prepare_fleet(cfg, src, out);
    if (rc)
        return rc;
    rc = cli_prepare_requests(cfg);
    if (!rc)
        rc = open_input_file(cfg, src);
    if (!rc)
        rc = open_output_document(cfg);
    return rc;
}

/* Runs the downloads the command line asks for; resources opened here are
 * released by main(). */
static int run(cli_config *cfg, url_source *src, cli_output *out, const struct timespec *started)
{
    int rc = prepare_run(cfg, src, out);
    if (rc)
        return rc;
    if (cfg->background && (rc = cli_go_background(cfg)) != 0)
        return rc > 0 ? MW_OK : MW_ERR_GENERIC; /* the parent's work is done */

    /* Parallel transfers would interleave wget's multi-line blocks and dots:
     * they report one line per file instead, as -nv does. */
    int verbosity_asked = cfg->verbosity;
    if (cfg->parallel > 1 && cfg->verbosity == VERBOSITY_VERBOSE)
        cfg->verbosity = VERBOSITY_NONVERBOSE;
    const char *log_name = cfg->append_output ? cfg->append_output : cfg->output_file;
    if (log_name && !(out->log = fopen(log_name, cfg->append_output ? "ae" : "we"))) {
        out->log = stderr;
        fprintf(stderr, "%s: %s\n", log_name, strerror(errno));
        return MW_ERR_IO;
    }
    if (progress_init(&out->progress, out->log, isatty(fileno(out->log)), cfg->progress) < 0) {
        fprintf(stderr, "mini-wget: --progress: Invalid value ‘%s’.\n", cfg->progress);
        return MW_ERR_PARSE;
    }
    out->progress.bits = cfg->lib.report_bits;
    out->show_progress = cfg->show_progress || cfg->verbosity >= VERBOSITY_VERBOSE || out->progress.json;
    if (cfg->parallel > 1 && out->progress.bar) {
        /* -j on a terminal: a block of bars, one per running download */
        out->progress.multi = true;
        out->show_progress = out->show_progress || verbosity_asked == VERBOSITY_VERBOSE;
    }
    cfg->lib.interrupt_fd = cli_interrupt_install();
    cfg->lib.log = log_line;
    cfg->lib.log_levels = levels_shown(cfg->verbosity);
    cfg->lib.progress = show_progress;
    cfg->lib.url_done = count_result;
    cfg->lib.callback_data = out;
    cfg->lib.warc_headers = cfg->warc_headers.items;
    cfg->lib.nwarc_headers = cfg->warc_headers.count;

    char err[256];
    mw_ctx *ctx = mw_ctx_new(&cfg->lib, err, sizeof err);
    if (!ctx) {
        fprintf(stderr, "mini-wget: %s\n", err);
        return MW_ERR_GENERIC;
    }
    mw_status status = MW_OK;
    if (input_is_url(cfg->input_file)) {
        out->capture = true;
        status = mw_download(ctx, cfg->input_file);
        out->capture = false;
        int rc2 = !out->captured ? MW_ERR_PARSE
                  : cfg->force_html ? read_html_list(out->captured, cfg->base ? cfg->base : cfg->input_file, src)
                                    : ((src->list = fopen(out->captured, "re")) ? 0 : MW_ERR_PARSE);
        if (rc2) {
            if (!out->captured)
                fprintf(stderr, "No URLs found in %s.\n", cfg->input_file);
            mw_ctx_free(ctx);
            return (int)mw_status_worse(status, (mw_status)rc2);
        }
    }
    status = mw_status_worse(status, mw_download_all(ctx, next_url, src, (unsigned)cfg->parallel));
    print_summary(cfg, out, started);
    status = mw_status_worse(status, (mw_status)cli_results_close(out->results));
    out->results = NULL;
    mw_ctx_free(ctx);
    if (cfg->lib.output_fd > STDOUT_FILENO && close(cfg->lib.output_fd) < 0) {
        fprintf(stderr, "%s: %s\n", cfg->output_document, strerror(errno));
        status = mw_status_worse(status, MW_ERR_IO);
    }
    return (int)status;
}

int main(int argc, char **argv)
{
    struct timespec started; /* wget's "Total wall clock time" counts from here */
    clock_gettime(CLOCK_MONOTONIC, &started);
    cli_config cfg;
    cli_config_init(&cfg);
    int rc = cli_parse(argc, argv, &cfg);
    cfg.lib.warc_argv = (const char *const *)argv; /* the warcinfo record names the command */
    cfg.lib.warc_argc = argc;
    if (!rc && (cfg.help || cfg.version || cfg.man)) {
        if (cfg.help)
            cli_print_help();
        else if (cfg.man)
            cli_print_man();
        else
            cli_print_version();
    } else if (!rc) {
        url_source src = { .argv_urls = cfg.urls.items, .nargv = cfg.urls.count, .base = cfg.base, .cfg = &cfg };
        cli_output out = { .log = stderr };
        rc = run(&cfg, &src, &out, &started);
        if (src.list && src.list != stdin)
            fclose(src.list);
        free(src.line);
        free(src.resolved);
        mw_strings_free(src.html_urls);
        free(src.utf8);
        free(out.captured);
        if (out.log != stderr)
            fclose(out.log);
        cli_results_close(out.results);
        cli_checksums_free(out.checksums);
        cli_interrupt_reraise();
    }
    cli_parity_free(&cfg);
    cli_config_free(&cfg);
    return rc;
}
