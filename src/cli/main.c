/* mini-wget: the command line over libminiwget. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "miniwget/miniwget.h"
#include "options.h"
#include "progress.h"

typedef struct cli_output {
    int verbosity;
    progress_state progress;
} cli_output;

static void log_line(void *data, mw_log_level level, const char *line)
{
    const cli_output *out = data;
    bool show = false;
    switch (level) {
    case MW_LOG_ERROR:
        show = out->verbosity >= VERBOSITY_NONVERBOSE;
        break;
    case MW_LOG_NOTICE:
        show = out->verbosity == VERBOSITY_NONVERBOSE;
        break;
    case MW_LOG_INFO:
        show = out->verbosity >= VERBOSITY_VERBOSE;
        break;
    case MW_LOG_DEBUG:
        show = out->verbosity >= VERBOSITY_DEBUG;
        break;
    }
    if (show)
        fprintf(stderr, "%s\n", line);
}

static void show_progress(void *data, const mw_progress *p)
{
    cli_output *out = data;
    if (out->verbosity >= VERBOSITY_VERBOSE)
        progress_update(&out->progress, p);
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
    /* As wget: -O names one file that all documents go to, truncated once. */
    int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) {
        fprintf(stderr, "%s: %s\n", name, strerror(errno));
        return MW_ERR_IO;
    }
    cfg->lib.output_fd = fd;
    return 0;
}

int main(int argc, char **argv)
{
    cli_config cfg;
    cli_config_init(&cfg);
    int rc = cli_parse(argc, argv, &cfg);
    if (rc) {
        cli_config_free(&cfg);
        return rc;
    }
    if (cfg.help || cfg.version) {
        if (cfg.help)
            cli_print_help();
        else
            printf("mini-wget %s\n", mw_version());
        cli_config_free(&cfg);
        return 0;
    }
    if (cfg.nurls == 0) {
        cli_print_usage_hint("missing URL");
        cli_config_free(&cfg);
        return MW_ERR_GENERIC;
    }
    rc = open_output_document(&cfg);
    if (rc) {
        cli_config_free(&cfg);
        return rc;
    }

    cli_output out = { .verbosity = cfg.verbosity };
    progress_init(&out.progress, isatty(STDERR_FILENO));
    cfg.lib.log = log_line;
    cfg.lib.progress = show_progress;
    cfg.lib.callback_data = &out;

    char err[256];
    mw_ctx *ctx = mw_ctx_new(&cfg.lib, err, sizeof err);
    if (!ctx) {
        fprintf(stderr, "mini-wget: %s\n", err);
        cli_config_free(&cfg);
        return MW_ERR_GENERIC;
    }
    mw_status status = MW_OK;
    for (size_t i = 0; i < cfg.nurls; i++)
        status = mw_status_worse(status, mw_download(ctx, cfg.urls[i]));
    mw_ctx_free(ctx);
    if (cfg.lib.output_fd > STDOUT_FILENO && close(cfg.lib.output_fd) < 0) {
        fprintf(stderr, "%s: %s\n", cfg.output_document, strerror(errno));
        status = mw_status_worse(status, MW_ERR_IO);
    }
    cli_config_free(&cfg);
    return (int)status;
}
