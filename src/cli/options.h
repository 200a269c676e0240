/* options: the command line as one table, shared by the parser and --help. */
#ifndef MW_CLI_OPTIONS_H
#define MW_CLI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "miniwget/miniwget.h"

enum verbosity { VERBOSITY_QUIET, VERBOSITY_NONVERBOSE, VERBOSITY_VERBOSE, VERBOSITY_DEBUG };

typedef struct cli_list {
    const char **items;
    size_t count;
} cli_list;

typedef struct cli_config {
    mw_options lib;              /* what the library needs */
    int verbosity;               /* enum verbosity */
    const char *output_document; /* -O */
    int parallel;                /* -j: transfers at once */
    const char *input_file;      /* -i: a list of URLs, "-" for stdin */
    const char *certificate_type; /* only PEM is supported */
    const char *output_file;     /* -o: log to this file instead of stderr */
    const char *base;            /* -B: base for relative URLs in the -i list */
    const char *progress;        /* --progress=TYPE */
    bool show_progress;          /* progress even with -q or -nv */
    const char *append_output;   /* -a: append the log to this file */
    bool help, version, man, no_config;
    cli_list headers;            /* --header, in order */
    const char *body_data, *body_file, *post_data, *post_file;
    char *body_owned;            /* a --*-file's bytes */
    const char *compression;     /* --compression=auto|gzip|none */
    bool use_proxy;              /* --no-proxy turns it off */
    bool netrc;                  /* --no-netrc turns it off */
    char *netrc_path;            /* ~/.netrc, owned */
    char *hsts_path;             /* ~/.mini-wget-hsts when no --hsts-file, owned */
    bool ask_password;
    const char *restrict_file_names; /* --restrict-file-names=MODES */
    char *asked_password;        /* owned */
    cli_list urls;               /* point into argv */
    char **kept;                 /* values from --config and -e, owned */
    size_t nkept;
    /* scripts and fleets (results.c, checksums.c, shard.c) */
    const char *results;         /* --results=FILE: JSON Lines, one object per URL ("-": stdout) */
    const char *checksum;        /* --checksum=ALGO:HEX for the one URL */
    const char *checksums;       /* --checksums=FILE: sha256sum-style digests for a list */
    const char *shard;           /* --shard=I/N: only the URLs of shard I */
    cli_list warc_headers;       /* --warc-header, in order */
    /* wget parity */
    bool background;             /* -b: fork, detach, log to wget-log */
    bool force_html;             /* -F: the -i file is HTML */
    bool dns_cache;              /* --no-dns-cache turns it off (nothing is cached anyway) */
    const char *prefer_family;   /* IPv4, IPv6 or none */
    const char *start_pos;       /* --start-pos=OFFSET */
    const char *report_speed;    /* bits */
    const char *use_askpass;     /* a program that prints the user name, then the password */
    const char *regex_type;      /* posix or pcre */
    bool ftp_ignored;            /* FTP switches: accepted, no effect */
    const char *ftp_ignored_text;
    char *askpass_user, *askpass_password; /* what --use-askpass printed, owned */
    char *input_list;            /* -i URL / -F: the list made from a download, owned (a temporary file's path) */
    char *background_log;        /* -b: wget-log, wget-log.1 ..., owned */
    char method_upper[64];       /* --method, upper-cased */
    char locale_codeset[64];     /* the locale's charset, when no --local-encoding */
} cli_config;

/* Parses argv into cfg (which the caller initialised with cli_config_init).
 * Returns 0, or the exit status for a bad command line after printing the
 * reason to stderr. */
int cli_parse(int argc, char **argv, cli_config *cfg);
void cli_config_init(cli_config *cfg);
void cli_config_free(cli_config *cfg);
/* The rows of the option table, for --help and --man (help.c): false past
 * the last one. */
typedef struct cli_option_doc {
    const char *long_name, *short_name, *arg_name, *help;
} cli_option_doc;
bool cli_option_row(size_t i, cli_option_doc *doc);

void cli_print_help(void);
void cli_print_man(void);
void cli_print_usage_hint(const char *reason);

/* Completes the request options after parsing: bodies from files, the
 * proxies from the environment, ~/.netrc, ~/.mini-wget-hsts, an asked
 * password. Returns 0, or an exit status after printing the reason
 * (shaping.c). */
int cli_prepare_requests(cli_config *cfg);

#endif
