/* libFuzzer target: the cookie jar.
 * Input: a request URL on the first line, then one Set-Cookie value a line;
 * the same bytes are also loaded as a cookies.txt file.
 * Checks that no Cookie header can carry a line break or a malformed pair,
 * and that saving, loading and saving again gives the same file and the same
 * headers. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cookies.h"
#include "miniwget/url.h"

#define NOW ((time_t)1600000000)
#define MAX_LINES 64

static char dir[64];
static char file_a[96], file_b[96];

static void cleanup(void)
{
    unlink(file_a);
    unlink(file_b);
    rmdir(dir);
}

static void init_files(void)
{
    if (dir[0])
        return;
    /* tmpfs when there is one: every run saves and loads two files */
    strcpy(dir, "/dev/shm/fuzz_cookies.XXXXXX");
    if (!mkdtemp(dir)) {
        strcpy(dir, "/tmp/fuzz_cookies.XXXXXX");
        if (!mkdtemp(dir))
            abort();
    }
    snprintf(file_a, sizeof file_a, "%s/a.txt", dir);
    snprintf(file_b, sizeof file_b, "%s/b.txt", dir);
    atexit(cleanup);
}

/* "a=1; b=2": pairs with a name, no control character but HTAB. */
static void check_header(const char *h)
{
    if (!h)
        return;
    for (const char *p = h; *p; p++)
        if (((unsigned char)*p < 0x20 && *p != '\t') || *p == 0x7f)
            abort();
    for (const char *pair = h;;) {
        const char *end = strstr(pair, "; ");
        const char *eq = strchr(pair, '=');
        if (!eq || eq == pair || (end && eq > end))
            abort();
        if (!end)
            break;
        pair = end + 2;
    }
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        abort();
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    size_t n;
    while (buf && (n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (len + 1 == cap)
            buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    if (!buf)
        abort();
    buf[len] = '\0';
    return buf;
}

/* The URLs a header is asked for: the request's, its root, the other scheme,
 * and the parent domain. */
static int variants(const mw_url *url, mw_url out[4])
{
    int n = 0;
    for (int i = 0; i < 4; i++) {
        if (mw_url_copy(url, &out[n]) != MW_URL_OK)
            continue;
        if (i == 1) {
            free(out[n].path);
            out[n].path = strdup("/");
        } else if (i == 2) {
            out[n].scheme = out[n].scheme == MW_SCHEME_HTTP ? MW_SCHEME_HTTPS : MW_SCHEME_HTTP;
        } else if (i == 3) {
            const char *dot = strchr(out[n].host, '.');
            if (dot)
                memmove(out[n].host, dot + 1, strlen(dot));
        }
        if (!out[n].path) {
            mw_url_free(&out[n]);
            continue;
        }
        n++;
    }
    return n;
}

static void round_trip(const mw_cookie_jar *jar, const mw_url *urls, int n)
{
    char err[512];
    init_files();
    if (mw_cookies_save(jar, file_a, true, NOW, err, sizeof err) != 0)
        abort();
    mw_cookie_jar *again = mw_cookies_new();
    if (!again || mw_cookies_load(again, file_a, NOW, err, sizeof err) != 0 ||
        mw_cookies_save(again, file_b, true, NOW, err, sizeof err) != 0)
        abort();
    char *a = slurp(file_a), *b = slurp(file_b);
    if (strcmp(a, b) != 0)
        abort();
    free(a);
    free(b);
    for (int i = 0; i < n; i++) {
        char *ha = mw_cookies_header(jar, &urls[i], NOW), *hb = mw_cookies_header(again, &urls[i], NOW);
        /* values with a tab are not saved, so only headers without one must agree */
        bool comparable = !ha || !strchr(ha, '\t');
        if (comparable && (!ha != !hb || (ha && strcmp(ha, hb) != 0)))
            abort();
        free(ha);
        free(hb);
    }
    mw_cookies_free(again);
}

/* The input itself as a cookies.txt file: whatever it holds, the loaded jar
 * gives clean headers and round-trips like one filled by Set-Cookie. */
static void load_input(const uint8_t *data, size_t size, const mw_url *urls, int n)
{
    char err[512];
    init_files();
    FILE *f = fopen(file_a, "w");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();
    mw_cookie_jar *jar = mw_cookies_new();
    if (!jar || mw_cookies_load(jar, file_a, NOW, err, sizeof err) != 0)
        abort();
    for (int i = 0; i < n; i++) {
        char *h = mw_cookies_header(jar, &urls[i], NOW);
        check_header(h);
        free(h);
    }
    round_trip(jar, urls, n);
    mw_cookies_free(jar);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *input = malloc(size + 1);
    if (!input)
        return 0;
    memcpy(input, data, size);
    input[size] = '\0';
    char *lines[MAX_LINES];
    int n = 0;
    for (char *p = input; p && n < MAX_LINES;) {
        lines[n++] = p;
        p = strchr(p, '\n');
        if (p)
            *p++ = '\0';
    }
    mw_url url;
    char err[160];
    /* not a URL: the input can still be a cookies file, looked at from here */
    bool parsed = mw_url_parse(lines[0], &url, err, sizeof err) == MW_URL_OK;
    if (!parsed && mw_url_parse("https://www.example.com/p/x", &url, err, sizeof err) != MW_URL_OK)
        abort();
    mw_cookie_jar *jar = mw_cookies_new();
    if (!jar)
        abort();
    for (int i = 1; parsed && i < n; i++)
        mw_cookies_set(jar, &url, lines[i], NOW);
    mw_url urls[4];
    int nurls = variants(&url, urls);
    for (int i = 0; i < nurls; i++) {
        char *h = mw_cookies_header(jar, &urls[i], NOW);
        check_header(h);
        free(h);
    }
    round_trip(jar, urls, nurls);
    load_input(data, size, urls, nurls);
    for (int i = 0; i < nurls; i++)
        mw_url_free(&urls[i]);
    mw_cookies_free(jar);
    mw_url_free(&url);
    free(input);
    return 0;
}
