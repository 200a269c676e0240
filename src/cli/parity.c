/* The options that wget reads as words and mini-wget keeps as numbers or
 * switches: --method, --prefer-family, --report-speed, --regex-type,
 * --start-pos; and --use-askpass, which runs a program for credentials.
 * Run after parsing, before the library sees the options. */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <langinfo.h>
#include <locale.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "parity.h"

extern char **environ;

static int invalid(const char *option, const char *value)
{
    fprintf(stderr, "mini-wget: %s: Invalid value ‘%s’.\n", option, value);
    return MW_ERR_PARSE;
}

/* wget upper-cases --method; HEAD is a spider: nothing is saved. */
static int set_method(cli_config *cfg)
{
    const char *m = cfg->lib.method;
    if (!m)
        return 0;
    size_t len = strlen(m);
    if (len == 0 || len >= sizeof cfg->method_upper)
        return invalid("--method", m);
    for (size_t i = 0; i <= len; i++)
        cfg->method_upper[i] = (char)toupper((unsigned char)m[i]);
    cfg->lib.method = cfg->method_upper;
    if (strcmp(cfg->method_upper, "HEAD") == 0) {
        cfg->lib.spider = true;
        cfg->lib.method = NULL; /* the spider's HEAD */
    }
    return 0;
}

static int set_prefer_family(cli_config *cfg)
{
    const char *f = cfg->prefer_family;
    if (!f)
        return 0;
    if (strcasecmp(f, "IPv4") == 0)
        cfg->lib.prefer_family = 4;
    else if (strcasecmp(f, "IPv6") == 0)
        cfg->lib.prefer_family = 6;
    else if (strcasecmp(f, "none") == 0)
        cfg->lib.prefer_family = 0;
    else
        return invalid("--prefer-family", f);
    return 0;
}

static int set_report_speed(cli_config *cfg)
{
    const char *r = cfg->report_speed;
    if (!r)
        return 0;
    if (strcasecmp(r, "bits") != 0)
        return invalid("--report-speed", r);
    cfg->lib.report_bits = true;
    return 0;
}

static int set_regex_type(cli_config *cfg)
{
    const char *r = cfg->regex_type;
    if (!r || strcasecmp(r, "posix") == 0)
        return 0;
    if (strcasecmp(r, "pcre") != 0)
        return invalid("--regex-type", r);
    cfg->lib.regex_pcre = true;
    return 0;
}

/* wget's byte counts: a number with k, m, g or t (powers of 1024). */
static int set_start_pos(cli_config *cfg)
{
    const char *s = cfg->start_pos;
    if (!s)
        return 0;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    double scale = 1;
    switch (tolower((unsigned char)*end)) {
    case 'k': scale = 1024.0; end++; break;
    case 'm': scale = 1024.0 * 1024; end++; break;
    case 'g': scale = 1024.0 * 1024 * 1024; end++; break;
    case 't': scale = 1024.0 * 1024 * 1024 * 1024; end++; break;
    }
    if (errno || end == s || *end || !(v >= 0) || v * scale > 9e18)
        return invalid("--start-pos", s);
    cfg->lib.start_pos = (int64_t)(v * scale);
    if (cfg->lib.continue_download) {
        fprintf(stderr, "Specifying both --start-pos and --continue is not recommended; --continue will be disabled.\n");
        cfg->lib.continue_download = false;
    }
    return 0;
}

/* Runs the askpass program with the prompt as its argument; its first line
 * of output is the answer. */
static int run_askpass(const char *program, const char *prompt, char **answer)
{
    int fds[2];
    if (pipe(fds) < 0)
        return -1;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    char *argv[] = { (char *)program, (char *)prompt, NULL };
    pid_t pid;
    int rc = posix_spawnp(&pid, program, &actions, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        errno = rc;
        return -1;
    }
    char buf[1024];
    size_t n = 0;
    ssize_t got;
    while (n + 1 < sizeof buf && (got = read(fds[0], buf + n, sizeof buf - 1 - n)) != 0) {
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            break;
        n += (size_t)got;
    }
    close(fds[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    buf[n] = '\0';
    buf[strcspn(buf, "\r\n")] = '\0';
    *answer = strdup(buf);
    explicit_bzero(buf, sizeof buf);
    return *answer ? 0 : -1;
}

/* As wget: the user name ("Username for 'URL': ") unless --user gave one,
 * then the password ("Password for 'USER@URL': "). */
static int use_askpass(cli_config *cfg)
{
    const char *program = cfg->use_askpass;
    if (!program)
        return 0;
    if (!*program)
        program = getenv("WGET_ASKPASS");
    if (!program || !*program)
        program = getenv("SSH_ASKPASS");
    if (!program || !*program) {
        fprintf(stderr, "mini-wget: --use-askpass requires a command, or WGET_ASKPASS or SSH_ASKPASS set.\n");
        return MW_ERR_PARSE;
    }
    const char *url = cfg->urls.count ? cfg->urls.items[0] : "";
    char prompt[2048];
    if (!cfg->lib.user) {
        snprintf(prompt, sizeof prompt, "Username for '%s': ", url);
        if (run_askpass(program, prompt, &cfg->askpass_user) < 0)
            goto failed;
        cfg->lib.user = cfg->askpass_user;
    }
    if (!cfg->lib.password) {
        snprintf(prompt, sizeof prompt, "Password for '%s@%s': ", cfg->lib.user, url);
        if (run_askpass(program, prompt, &cfg->askpass_password) < 0)
            goto failed;
        cfg->lib.password = cfg->askpass_password;
    }
    return 0;
failed:
    fprintf(stderr, "mini-wget: Error running %s: %s\n", program, strerror(errno));
    return MW_ERR_GENERIC;
}

/* IRI: URLs typed on the command line or listed with -i are in the local
 * encoding: --local-encoding, else the locale's (LC_ALL, LC_CTYPE, LANG),
 * read here without leaving the process in that locale. */
static void set_local_encoding(cli_config *cfg)
{
    if (cfg->lib.local_encoding)
        return;
    const char *codeset = NULL;
    if (setlocale(LC_CTYPE, ""))
        codeset = nl_langinfo(CODESET);
    if (codeset && *codeset && strlen(codeset) < sizeof cfg->locale_codeset) {
        memcpy(cfg->locale_codeset, codeset, strlen(codeset) + 1);
        cfg->lib.local_encoding = cfg->locale_codeset;
    }
    setlocale(LC_CTYPE, "C");
}

const char *cli_url_to_utf8(const cli_config *cfg, const char *text, char **owned)
{
    free(*owned);
    *owned = NULL;
    const char *from = cfg->lib.local_encoding;
    bool non_ascii = false;
    for (const unsigned char *p = (const unsigned char *)text; *p && !non_ascii; p++)
        non_ascii = *p >= 0x80;
    if (!cfg->lib.iri || !from || !non_ascii || !strcasecmp(from, "UTF-8") || !strcasecmp(from, "UTF8"))
        return text;
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return text;
    size_t len = strlen(text), cap = len * 4 + 1, left = cap - 1;
    char *out = malloc(cap), *in = (char *)text, *o = out;
    bool ok = out && iconv(cd, &in, &len, &o, &left) != (size_t)-1;
    iconv_close(cd);
    if (!ok) { /* not in that charset: the bytes go as they are, as wget */
        free(out);
        return text;
    }
    *o = '\0';
    *owned = out;
    return out;
}

int cli_apply_parity(cli_config *cfg)
{
    set_local_encoding(cfg);
    if (cfg->lib.convert_file_only) /* a kind of -k, as wget */
        cfg->lib.convert_links = true;
    int rc = set_method(cfg);
    if (!rc)
        rc = set_prefer_family(cfg);
    if (!rc)
        rc = set_report_speed(cfg);
    if (!rc)
        rc = set_regex_type(cfg);
    if (!rc)
        rc = set_start_pos(cfg);
    if (!rc)
        rc = use_askpass(cfg);
    return rc;
}

void cli_parity_free(cli_config *cfg)
{
    if (cfg->askpass_password)
        explicit_bzero(cfg->askpass_password, strlen(cfg->askpass_password));
    free(cfg->askpass_user);
    free(cfg->background_log);
    cfg->background_log = NULL;
    free(cfg->askpass_password);
    cfg->askpass_user = cfg->askpass_password = NULL;
}
