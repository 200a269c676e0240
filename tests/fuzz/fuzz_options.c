/* libFuzzer target: the command line and wgetrc parser (src/cli/options.c).
 * Input: wgetrc text, a NUL, then argv words separated by NULs. The text is
 * read through --config from a memfd, so no file is left behind. cli_parse
 * returns a status and never exits; it explains bad input on stderr, which is
 * pointed at /dev/null here (libFuzzer and the sanitizers keep the real one). */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "options.h"

static int rc_fd = -1;
static char rc_path[64];  /* /proc/self/fd/N of the memfd */
static char rc_arg[80];   /* --config=rc_path */
static char prog[] = "mini-wget";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    rc_fd = memfd_create("wgetrc", 0);
    if (rc_fd < 0)
        abort();
    snprintf(rc_path, sizeof rc_path, "/proc/self/fd/%d", rc_fd);
    snprintf(rc_arg, sizeof rc_arg, "--config=%s", rc_path);
    FILE *null = fopen("/dev/null", "w");
    if (null)
        stderr = null;
    return 0;
}

/* A fuzzed --config could name /dev/stdin or /dev/zero and hang the run:
 * point every one at the memfd, walking argv exactly as read_config_files in
 * options.c does (stop at "--", skip the value of "--config FILE"). */
static void configs_to_memfd(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strncmp(argv[i], "--config=", 9) == 0)
            argv[i] = rc_arg;
        else if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
            argv[++i] = rc_path;
    }
}

static bool points_into(const char *p, char **argv, int argc)
{
    for (int i = 0; i < argc; i++)
        if (p == argv[i])
            return true;
    return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, '\0', size);
    size_t rc_len = nul ? (size_t)(nul - data) : size;
    if (ftruncate(rc_fd, 0) < 0 || pwrite(rc_fd, data, rc_len, 0) != (ssize_t)rc_len)
        abort();
    size_t rest = nul ? size - rc_len - 1 : 0;
    char *words = malloc(rest + 1);
    size_t nwords = 0;
    for (size_t i = 0; i < rest; i++)
        nwords += data[rc_len + 1 + i] == '\0';
    nwords += rest > 0;
    char **argv = calloc(nwords + 3, sizeof *argv);
    if (!words || !argv) {
        free(words);
        free(argv);
        return 0;
    }
    if (rest)
        memcpy(words, nul + 1, rest);
    words[rest] = '\0';
    int argc = 0;
    argv[argc++] = prog;
    if (rc_len)
        argv[argc++] = rc_arg;
    for (char *w = words; nwords > 0; nwords--, w += strlen(w) + 1)
        argv[argc++] = w;
    configs_to_memfd(argc, argv);

    cli_config cfg;
    cli_config_init(&cfg);
    int rc = cli_parse(argc, argv, &cfg);
    if (rc != 0 && rc != MW_ERR_PARSE && rc != MW_ERR_GENERIC)
        abort();
    /* URLs are argv words, never more than were given */
    if (cfg.urls.count >= (size_t)argc)
        abort();
    for (size_t i = 0; i < cfg.urls.count; i++)
        if (!points_into(cfg.urls.items[i], argv, argc))
            abort();
    if (cfg.parallel < 0 || cfg.lib.tries < 0)
        abort();
    cli_config_free(&cfg);
    free(argv);
    free(words);
    return 0;
}
