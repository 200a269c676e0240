/* -b: go to the background as wget does. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parity.h"

/* wget-log, or the first of wget-log.1, wget-log.2 ... not taken. */
static char *unique_log_name(void)
{
    char *name = strdup("wget-log");
    for (unsigned n = 1; name && access(name, F_OK) == 0 && n < 100000; n++) {
        free(name);
        if (asprintf(&name, "wget-log.%u", n) < 0)
            name = NULL;
    }
    return name;
}

int cli_go_background(cli_config *cfg)
{
    bool own_log = !cfg->output_file && !cfg->append_output && cfg->verbosity != VERBOSITY_QUIET;
    if (own_log) {
        cfg->background_log = unique_log_name();
        if (!cfg->background_log) {
            fprintf(stderr, "mini-wget: out of memory\n");
            return -1;
        }
        cfg->output_file = cfg->background_log;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "mini-wget: fork: %s\n", strerror(errno));
        return -1;
    }
    if (pid > 0) {
        printf("Continuing in background, pid %d.\n", (int)pid);
        if (own_log)
            printf("Output will be written to ‘%s’.\n", cfg->background_log);
        fflush(stdout);
        return 1;
    }
    setsid();
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null >= 0) {
        dup2(null, STDIN_FILENO); /* as wget: all three go to /dev/null */
        dup2(null, STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
        if (null > STDERR_FILENO)
            close(null);
    }
    return 0;
}
