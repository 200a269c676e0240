/* The request options that need more than the command line: files read
 * into bodies, proxies from the environment, the files under $HOME
 * (~/.netrc, ~/.mini-wget-hsts), a typed password. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <termios.h>
#include <unistd.h>

#include "miniwget/naming.h"
#include "options.h"

/* The whole of a file ("-": standard input). NULL with errno set. */
static char *read_whole(const char *path, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "re");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *data = malloc(cap);
    for (size_t got = 1; data && got > 0;) {
        if (n == cap) {
            char *bigger = realloc(data, cap * 2);
            if (!bigger) {
                free(data);
                data = NULL;
                break;
            }
            data = bigger;
            cap *= 2;
        }
        got = fread(data + n, 1, cap - n, f);
        n += got;
    }
    int saved = ferror(f) ? errno : 0;
    if (f != stdin)
        fclose(f);
    if (saved) {
        free(data);
        errno = saved;
        return NULL;
    }
    *len = n;
    return data;
}

static int set_body(cli_config *cfg)
{
    const char *data = cfg->post_data ? cfg->post_data : cfg->body_data;
    const char *file = cfg->post_file ? cfg->post_file : cfg->body_file;
    bool post = cfg->post_data || cfg->post_file, body = cfg->body_data || cfg->body_file;
    if ((cfg->post_data && cfg->post_file) || (cfg->body_data && cfg->body_file) || (post && body)) {
        fprintf(stderr, "mini-wget: give only one of --post-data, --post-file, --body-data and --body-file.\n");
        return MW_ERR_PARSE;
    }
    if (body && !cfg->lib.method) {
        fprintf(stderr, "mini-wget: You must specify a method through --method=HTTPMethod to use with --body-data "
                        "or --body-file.\n");
        return MW_ERR_PARSE;
    }
    if (post && cfg->lib.method && strcasecmp(cfg->lib.method, "POST") != 0) {
        fprintf(stderr, "mini-wget: --post-data and --post-file send a POST; use --body-data with --method=%s.\n",
                cfg->lib.method);
        return MW_ERR_PARSE;
    }
    if (data) {
        cfg->lib.body = data;
        cfg->lib.body_len = strlen(data);
    } else if (file) {
        cfg->body_owned = read_whole(file, &cfg->lib.body_len);
        if (!cfg->body_owned) {
            fprintf(stderr, "mini-wget: %s: %s\n", file, strerror(errno));
            return MW_ERR_IO;
        }
        cfg->lib.body = cfg->body_owned;
    }
    return 0;
}

/* The lower-case variable first, as wget; HTTP_PROXY never (a CGI
 * program gets it from a request's "Proxy:" header). */
static const char *env_proxy(const char *lower, const char *upper)
{
    const char *v = getenv(lower);
    if ((!v || !*v) && upper)
        v = getenv(upper);
    return v && *v ? v : NULL;
}

static void set_proxies(cli_config *cfg)
{
    if (!cfg->use_proxy) {
        cfg->lib.http_proxy = cfg->lib.https_proxy = NULL;
        return;
    }
    if (!cfg->lib.http_proxy)
        cfg->lib.http_proxy = env_proxy("http_proxy", NULL);
    if (!cfg->lib.https_proxy)
        cfg->lib.https_proxy = env_proxy("https_proxy", "HTTPS_PROXY");
    if (!cfg->lib.no_proxy)
        cfg->lib.no_proxy = env_proxy("no_proxy", "NO_PROXY");
}

/* A line from the terminal without echo (standard input when there is none). */
static int ask_password(cli_config *cfg)
{
    const char *user = cfg->lib.user ? cfg->lib.user : "";
    int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
    FILE *in = fd >= 0 ? fdopen(fd, "r+") : stdin;
    struct termios saved, quiet;
    bool tty = in && isatty(fileno(in)) && tcgetattr(fileno(in), &saved) == 0;
    fprintf(stderr, "Password for user ‘%s’: ", user);
    if (tty) {
        quiet = saved;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(fileno(in), TCSAFLUSH, &quiet);
    }
    char line[1024];
    bool got = in && fgets(line, sizeof line, in) != NULL;
    if (tty)
        tcsetattr(fileno(in), TCSAFLUSH, &saved);
    fputc('\n', stderr);
    if (in && in != stdin)
        fclose(in);
    if (!got) {
        fprintf(stderr, "mini-wget: no password given.\n");
        return MW_ERR_PARSE;
    }
    line[strcspn(line, "\r\n")] = '\0';
    cfg->asked_password = strdup(line);
    explicit_bzero(line, sizeof line);
    if (!cfg->asked_password)
        return MW_ERR_GENERIC;
    cfg->lib.password = cfg->asked_password;
    return 0;
}

static int set_compression(cli_config *cfg)
{
    const char *c = cfg->compression;
    if (!c || strcmp(c, "none") == 0)
        cfg->lib.compression = MW_COMPRESSION_NONE;
    else if (strcmp(c, "auto") == 0)
        cfg->lib.compression = MW_COMPRESSION_AUTO;
    else if (strcmp(c, "gzip") == 0)
        cfg->lib.compression = MW_COMPRESSION_GZIP;
    else {
        fprintf(stderr, "mini-wget: --compression: Invalid value ‘%s’.\n", c);
        return MW_ERR_PARSE;
    }
    return 0;
}

static int set_restrict(cli_config *cfg)
{
    if (!cfg->restrict_file_names)
        return 0;
    int modes = mw_restrict_parse(cfg->restrict_file_names);
    if (modes < 0) {
        fprintf(stderr, "mini-wget: --restrict-file-names: Invalid value ‘%s’.\n", cfg->restrict_file_names);
        return MW_ERR_PARSE;
    }
    cfg->lib.restrict_names = modes;
    return 0;
}

int cli_prepare_requests(cli_config *cfg)
{
    int rc = set_body(cfg);
    if (!rc)
        rc = set_restrict(cfg);
    if (!rc)
        rc = set_compression(cfg);
    if (!rc && cfg->ask_password)
        rc = ask_password(cfg);
    if (rc)
        return rc;
    set_proxies(cfg);
    cfg->lib.headers = cfg->headers.items;
    cfg->lib.nheaders = cfg->headers.count;
    const char *home = getenv("HOME");
    if (cfg->netrc && home && *home && asprintf(&cfg->netrc_path, "%s/.netrc", home) >= 0)
        cfg->lib.netrc_file = cfg->netrc_path;
    /* as wget keeps ~/.wget-hsts; the library takes the path as given */
    if (cfg->lib.hsts && !cfg->lib.hsts_file && home && *home &&
        asprintf(&cfg->hsts_path, "%s/.mini-wget-hsts", home) >= 0)
        cfg->lib.hsts_file = cfg->hsts_path;
    char err[512];
    if (!mw_options_check(&cfg->lib, err, sizeof err)) {
        fprintf(stderr, "mini-wget: %s\n", err);
        return MW_ERR_PARSE;
    }
    return 0;
}
