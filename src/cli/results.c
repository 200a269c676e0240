#include "results.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct cli_results {
    int fd;
    char *name;
    const char *output_document;
    bool failed; /* a line could not be written: the run's status says so */
    char *line;  /* the line being built, grown as needed */
    size_t len, cap;
};

cli_results *cli_results_open(const char *name, const char *output_document)
{
    cli_results *r = calloc(1, sizeof *r);
    if (!r || !(r->name = strdup(name))) {
        free(r);
        fprintf(stderr, "mini-wget: out of memory\n");
        return NULL;
    }
    r->output_document = output_document && strcmp(output_document, "-") != 0 ? output_document : NULL;
    r->fd = strcmp(name, "-") == 0 ? STDOUT_FILENO : open(name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (r->fd < 0) {
        fprintf(stderr, "%s: %s\n", name, strerror(errno));
        free(r->name);
        free(r);
        return NULL;
    }
    return r;
}

static void put(cli_results *r, const char *s, size_t n)
{
    if (r->len + n + 1 > r->cap) {
        size_t cap = (r->len + n + 1) * 2;
        char *grown = realloc(r->line, cap);
        if (!grown) {
            r->failed = true;
            return;
        }
        r->line = grown;
        r->cap = cap;
    }
    memcpy(r->line + r->len, s, n);
    r->len += n;
}

static void put_text(cli_results *r, const char *s)
{
    put(r, s, strlen(s));
}

/* The length of the valid UTF-8 sequence at s (1-4), or 0 when it is not
 * one (overlong forms, surrogates and code points past U+10FFFF neither). */
static size_t utf8_length(const unsigned char *s)
{
    if (s[0] < 0x80)
        return 1;
    size_t n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;
    if (n == 0 || s[0] > 0xf4)
        return 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0) || (s[0] == 0xf0 && s[1] < 0x90) ||
        (s[0] == 0xf4 && s[1] >= 0x90))
        return 0;
    return n;
}

/* A JSON string; a byte that is not UTF-8 (a file name, a server's words)
 * becomes U+FFFD, so every line stays valid JSON. */
static void put_string(cli_results *r, const char *s)
{
    if (!s) {
        put_text(r, "null");
        return;
    }
    put(r, "\"", 1);
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        char esc[8];
        if (*p == '"' || *p == '\\') {
            esc[0] = '\\', esc[1] = (char)*p;
            put(r, esc, 2);
            p++;
        } else if (*p < 0x20 || *p == 0x7f) {
            snprintf(esc, sizeof esc, "\\u%04x", *p);
            put_text(r, esc);
            p++;
        } else {
            size_t n = utf8_length(p);
            if (n)
                put(r, (const char *)p, n);
            else
                put_text(r, "\xef\xbf\xbd");
            p += n ? n : 1;
        }
    }
    put(r, "\"", 1);
}

static void put_key(cli_results *r, const char *key)
{
    put_text(r, r->len > 1 ? ",\"" : "\"");
    put_text(r, key);
    put_text(r, "\":");
}

static void put_number(cli_results *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put_number(cli_results *r, const char *fmt, ...)
{
    char num[48];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(num, sizeof num, fmt, ap);
    va_end(ap);
    put_text(r, num);
}

void cli_results_write(cli_results *r, const mw_url_result *res)
{
    r->len = 0;
    put(r, "{", 1);
    put_key(r, "url");
    put_string(r, res->url);
    put_key(r, "final_url");
    put_string(r, res->final_url);
    put_key(r, "status");
    if (res->http_status)
        put_number(r, "%d", res->http_status);
    else
        put_text(r, "null");
    put_key(r, "exit");
    put_number(r, "%d", (int)res->exit_class);
    put_key(r, "path");
    const char *path = res->saved_path;
    if (!path && res->body_saved && r->output_document)
        path = r->output_document; /* -O FILE: every body went there */
    put_string(r, path);
    put_key(r, "bytes");
    put_number(r, "%lld", (long long)res->bytes);
    put_key(r, "sha256");
    put_string(r, res->sha256);
    put_key(r, "seconds");
    put_number(r, "%.3f", (double)res->elapsed_ms / 1000.0);
    put_key(r, "retries");
    put_number(r, "%d", res->retries);
    put_key(r, "checksum");
    put_text(r, res->checksum > 0 ? "\"ok\"" : res->checksum < 0 ? "\"mismatch\"" : "null");
    put_key(r, "error");
    put_string(r, res->error);
    put(r, "}\n", 2);
    if (r->failed)
        return;
    /* one write per line: a kill leaves whole lines */
    for (size_t off = 0; off < r->len;) {
        ssize_t n = write(r->fd, r->line + off, r->len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            fprintf(stderr, "%s: %s\n", r->name, strerror(n < 0 ? errno : ENOSPC));
            r->failed = true;
            return;
        }
        off += (size_t)n;
    }
}

int cli_results_close(cli_results *r)
{
    if (!r)
        return 0;
    bool failed = r->failed;
    if (r->fd != STDOUT_FILENO && close(r->fd) < 0) {
        fprintf(stderr, "%s: %s\n", r->name, strerror(errno));
        failed = true;
    }
    free(r->line);
    free(r->name);
    free(r);
    return failed ? MW_ERR_IO : 0;
}

char *cli_json_quote(const char *s)
{
    cli_results r = { .fd = -1 };
    put_string(&r, s);
    put(&r, "", 1);
    if (r.failed) {
        free(r.line);
        return NULL;
    }
    return r.line;
}

void cli_results_print_man(void)
{
    printf(".SH RESULTS\n"
           "\\fB\\-\\-results\\fR=\\fIFILE\\fR (\\fB\\-\\fR: standard output) writes one JSON object per\n"
           "URL attempted (the command line's, \\fB\\-i\\fR's, and each URL a crawl fetches, robots.txt\n"
           "included), one per line, as each URL ends; every line is written whole and at once, so a\n"
           "run that is killed keeps the lines of the URLs that finished. Keys, always all present:\n"
           ".TP\n\\fBurl\\fR\nthe URL as given (normalised), or as the crawl found it\n"
           ".TP\n\\fBfinal_url\\fR\nafter redirects; null when it was never fetched (a URL that does not parse)\n"
           ".TP\n\\fBstatus\\fR\nthe last HTTP status received, or null\n"
           ".TP\n\\fBexit\\fR\nwget's exit status for this URL alone (0 success ... 8 server error)\n"
           ".TP\n\\fBpath\\fR\nthe file the body was saved to (the \\fB\\-O\\fR file), or null\n"
           ".TP\n\\fBbytes\\fR\nbody bytes received in this run (with \\fB\\-c\\fR only the new ones)\n"
           ".TP\n\\fBsha256\\fR\nlowercase hex SHA\\-256 of the saved bytes (with \\fB\\-c\\fR, of the whole file),\n"
           "computed while they stream to disk; null when no body was saved whole\n"
           ".TP\n\\fBseconds\\fR\nfrom the URL's start to its end, retries and their pauses included\n"
           ".TP\n\\fBretries\\fR\ntries after the first\n"
           ".TP\n\\fBchecksum\\fR\n\"ok\" or \"mismatch\" when \\fB\\-\\-checksum\\fR or \\fB\\-\\-checksums\\fR gave one\n"
           "for this URL, else null\n"
           ".TP\n\\fBerror\\fR\nnull on success, else the failure's message\n"
           ".PP\nStrings are UTF\\-8; a byte that is not (a file name, a server's words) is written as U+FFFD.\n");
}
