/* libminiwget: download URLs to files through one event loop.
 *
 * A context (mw_ctx) owns the event loop and the DNS resolver; the program
 * makes one and downloads through it. Messages are handed to the log
 * callback as complete lines, already worded as GNU wget words them; the
 * caller decides which levels to show and where. */
#ifndef MINIWGET_H
#define MINIWGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "miniwget/export.h"

/* Exit statuses, as GNU wget's. */
typedef enum mw_status {
    MW_OK = 0,
    MW_ERR_GENERIC = 1,
    MW_ERR_PARSE = 2,    /* options, URL list */
    MW_ERR_IO = 3,       /* local file I/O */
    MW_ERR_NETWORK = 4,  /* resolve, connect, read, timeouts, truncated bodies */
    MW_ERR_TLS = 5,
    MW_ERR_AUTH = 6,
    MW_ERR_PROTOCOL = 7, /* malformed responses, redirect trouble */
    MW_ERR_SERVER = 8,   /* the server answered 4xx/5xx */
} mw_status;

/* wget's rule for several downloads: lower codes win, except that 0 and 1
 * lose to any specific failure. */
MW_API mw_status mw_status_worse(mw_status a, mw_status b);

typedef enum mw_log_level {
    MW_LOG_ERROR,  /* shown unless -q */
    MW_LOG_SERVER, /* -S response heads: shown even under -q, as wget does */
    MW_LOG_NOTICE, /* the one-line summaries of -nv */
    MW_LOG_INFO,   /* wget's default verbose lines */
    MW_LOG_DEBUG,  /* --debug */
} mw_log_level;

typedef void (*mw_log_fn)(void *data, mw_log_level level, const char *line);

/* The bit of a level in mw_options.log_levels. */
#define MW_LOG_BIT(level) (1u << (level))
#define MW_LOG_ALL (MW_LOG_BIT(MW_LOG_DEBUG + 1) - 1u) /* every level up to the last, MW_LOG_DEBUG */

typedef struct mw_progress {
    const char *name;    /* local name, or "-" for stdout */
    int64_t total;       /* expected body bytes, -1 when unknown */
    int64_t received;    /* body bytes so far */
    uint64_t elapsed_ms; /* since the body started */
    bool finished;       /* last call for this body */
} mw_progress;

enum { MW_COMPRESSION_NONE, MW_COMPRESSION_AUTO, MW_COMPRESSION_GZIP };

typedef void (*mw_progress_fn)(void *data, const mw_progress *progress);

/* What became of one URL, handed to mw_options.url_done as it ends: once
 * for each URL given and each URL a crawl fetches (robots.txt too, whose
 * absence is no failure: exit_class 0 whatever its http_status);
 * never for the ranges of --chunk-size, which are parts of one URL. A URL
 * that fails before it is fetched (one that does not parse) has only url,
 * exit_class and error; every other field is empty (NULL, 0, false). The
 * strings stay valid only during the call. */
typedef struct mw_url_result {
    const char *url;        /* as given, or as the crawl found it */
    const char *final_url;  /* after redirects (the same when there were none); NULL when never fetched */
    int http_status;        /* the last HTTP status received, 0 when none came */
    mw_status exit_class;   /* wget's exit status for this URL alone */
    const char *saved_path; /* the file the body went to; NULL when none (-O, --spider, a failure) */
    bool body_saved;        /* a body was written whole (to a file, -O or stdout; an error page with --content-on-error) */
    int64_t bytes;          /* body bytes received in this run (-c: only the new ones) */
    uint64_t body_ms;       /* time spent receiving the body */
    int retries;            /* tries after the first */
    const char *error;      /* the failure's message; NULL when it succeeded */
    const char *sha256;     /* hex digest of the bytes saved for this URL (-c: of the whole file), computed as
                               they stream; NULL when no body was saved whole or mw_options.digest_bodies is off */
    uint64_t elapsed_ms;    /* from the URL's start to its end, retries and their pauses included */
    int checksum;           /* mw_options.expected_digest: 1 the body matched, -1 it did not, 0 none checked */
} mw_url_result;

typedef void (*mw_url_done_fn)(void *data, const mw_url_result *result);

/* The digest a URL's body must have, asked as its file is opened: url is
 * the URL as given (normalised as mw_url_to_string writes it), name the
 * local file's name (no directory, before any .1 numbering). Returns
 * "ALGO:HEX" (md5, sha1, sha256, sha512) valid until the next call, or
 * NULL when the body is not checked. */
typedef const char *(*mw_expected_digest_fn)(void *data, const char *url, const char *name);

typedef struct mw_options {
    int family;                  /* 0: both, 4: -4, 6: -6 */
    uint64_t dns_timeout_ms;     /* 0: the resolver's own limits */
    uint64_t connect_timeout_ms; /* 0: the kernel's */
    uint64_t read_timeout_ms;    /* idle time allowed while reading; 0: none */
    int max_redirect;
    const char *user_agent;      /* NULL: "mini-wget/VERSION" */
    const char *directory;       /* -P; NULL: the current directory */
    int output_fd;               /* -O: every body goes to this fd; -1: one file per URL */
    int interrupt_fd;            /* readable once the run must stop (the caller's signal handler writes to it):
                                    every download ends at once, partial files kept and marked for -c; -1: none */
    const char *output_name;     /* -O name for messages ("-" is stdout) */
    bool use_server_timestamps;  /* set the file's mtime from Last-Modified */
    bool keep_alive;             /* reuse connections across requests (--no-http-keep-alive) */
    int tries;                   /* attempts per URL (-t); 0: no limit */
    bool retry_connrefused;      /* a refused connection is worth another try */
    bool delete_after;           /* --delete-after: remove each file once fetched (a crawl reads it first) */
    const char *retry_on_http_error; /* "503,429": statuses tried again as 504 is; NULL: none */
    uint64_t waitretry_ms;       /* retries wait 1 s, 2 s... up to this */
    uint64_t wait_ms;            /* -w: pause between one download and the next */
    bool random_wait;            /* vary that pause between 0.5 and 1.5 times */
    uint64_t limit_rate;         /* bytes per second per download; 0: no limit */
    int max_per_host;            /* transfers at once to one scheme+host+port under -j; 0: no limit */
    uint64_t quota;              /* -Q: start no new download once this many bytes came; 0: none */
    size_t quota_exempt;         /* -Q: the source's first N URLs (the command line's) start whatever it says, as wget's; not in a crawl */
    uint64_t chunk_size;         /* --chunk-size: fetch a larger file in ranges of this size, in parallel; 0: off */
    int chunk_connections;       /* ranges of one file fetched at once (besides the first); 0: 4 */
    int backups;                 /* --backups: keep this many older versions as name.1, name.2... */
    bool continue_download;      /* -c: finish a partial file with Range */
    bool no_clobber;             /* -nc: keep an existing file, don't fetch */
    bool timestamping;           /* -N: fetch only when the remote file is newer, then replace */
    bool spider;                 /* --spider: check that URLs exist, save nothing */
    bool server_response;        /* -S: show the response heads */
    bool save_headers;           /* write the response head into the file before the body */
    bool content_on_error;       /* save the body of 4xx/5xx answers too (the exit status stays 8) */
    bool check_certificate;      /* verify HTTPS servers (--no-check-certificate turns it into a warning) */
    const char *ca_certificate;  /* trust these CAs (PEM file) instead of the system store */
    const char *ca_directory;    /* trust the CAs in this hashed directory */
    const char *certificate;     /* client certificate (PEM) */
    const char *private_key;     /* its key (PEM); defaults to the certificate file */
    const char *secure_protocol; /* "auto", "TLSv1_2", "TLSv1_3", "PFS": the lowest version allowed */
    const char *ciphers;         /* OpenSSL cipher list for TLS 1.2 */
    const char *pinned_pubkey;   /* "sha256//BASE64;..." or a key file the server's key must match */
    bool hsts;                   /* honour and remember Strict-Transport-Security */
    const char *hsts_file;       /* where policies are read and saved (the program gives ~/.mini-wget-hsts); NULL: this run only */
    bool https_only;             /* refuse plain http URLs, given or redirected to */
    bool http2;                  /* offer HTTP/2 (ALPN h2) to https servers (--no-http2 turns it off) */
    bool http2_prior_knowledge;  /* speak HTTP/2 at once to http servers (h2c), without asking */
    /* request shaping */
    const char *method;          /* --method; NULL: GET, or POST when there is a body */
    const char *body;            /* request body (--body-data, --post-data, or a --*-file's bytes); NULL: none */
    size_t body_len;
    const char *const *headers;  /* --header lines "Name: value", applied in order; "Name:" drops a default */
    size_t nheaders;
    const char *referer;         /* --referer */
    bool no_cache;               /* --no-cache: Cache-Control and Pragma no-cache */
    int compression;             /* MW_COMPRESSION_*: ask for gzip and decode it */
    /* authentication: credentials go only to the host of the URL they came with */
    const char *user;            /* --user / --http-user */
    const char *password;        /* --password / --http-password */
    bool auth_no_challenge;      /* send Basic credentials before any 401 */
    const char *netrc_file;      /* credentials by host (~/.netrc); NULL: none */
    /* proxies (the program reads http_proxy, https_proxy and no_proxy) */
    const char *http_proxy;      /* proxy URL for http URLs; NULL: direct */
    const char *https_proxy;     /* proxy URL for https URLs, reached with CONNECT */
    const char *no_proxy;        /* comma-separated host suffixes reached directly */
    const char *proxy_user;      /* overrides the proxy URL's user:password */
    const char *proxy_password;
    const char *unix_socket;     /* --unix-socket: every connection goes to this AF_UNIX path */
    const char *bind_address;    /* --bind-address: the local address of outgoing connections */
    /* cookies */
    bool cookies;                /* keep and send cookies within the run (--no-cookies turns it off) */
    const char *load_cookies;    /* Netscape cookies.txt read before the first request */
    const char *save_cookies;    /* written at the end of the run */
    bool keep_session_cookies;   /* save cookies without an expiry too */
    /* naming from the server */
    bool content_disposition;    /* name files from Content-Disposition */
    bool trust_server_names;     /* name files from the last URL of a redirect chain */
    const char *default_page;    /* name for URLs ending in '/' (default index.html) */
    bool adjust_extension;       /* -E: .html / .css suffix by Content-Type */
    int restrict_names;          /* mw_restrict modes (naming.h); 0: unix */
    /* recursive retrieval */
    bool recursive;              /* -r: follow links in HTML and CSS */
    int max_depth;               /* -l: levels below the start (5 by default); 0: no limit */
    bool page_requisites;        /* -p: also what displays each page (images, styles, scripts) */
    bool no_parent;              /* -np: never above the start URL's directory */
    bool span_hosts;             /* -H: follow links to other hosts */
    const char *domains;         /* -D: with -H, only these domains (comma list of suffixes) */
    const char *exclude_domains; /* never these domains */
    const char *include_dirs;    /* -I: only these directories (comma list, wildcards) */
    const char *exclude_dirs;    /* -X: never these directories */
    const char *accept;          /* -A: file name suffixes or patterns to keep */
    const char *reject;          /* -R: file name suffixes or patterns to drop */
    const char *accept_regex;    /* the whole URL must match (POSIX extended) */
    const char *reject_regex;    /* the whole URL must not match */
    bool ignore_case;            /* for -A/-R/-I/-X and the regexes */
    const char *follow_tags;     /* only links from these tags */
    const char *ignore_tags;     /* never links from these tags */
    bool robots;                 /* honour robots.txt and <meta name=robots> (-e robots=off) */
    bool convert_links;          /* -k: after the crawl, point links at the local files */
    bool backup_converted;       /* -K: keep X.orig before converting X */
    /* directory layout */
    bool force_directories;      /* -x: host/path directories even without -r */
    bool no_directories;         /* -nd */
    bool no_host_directories;    /* -nH */
    bool protocol_directories;   /* http/host/... */
    int cut_dirs;                /* drop this many leading path directories */
    /* WARC output (wget's --warc-*): every exchange recorded as on the wire */
    const char *warc_file;       /* write FILE.warc.gz (FILE-00000.warc.gz... with warc_max_size); NULL: none */
    const char *const *warc_headers; /* lines added to the warcinfo record */
    size_t nwarc_headers;
    uint64_t warc_max_size;      /* start a new file once one reaches this size; 0: one file */
    bool warc_cdx;               /* also write FILE.cdx, wget's index of the response records */
    const char *warc_dedup;      /* a CDX file: payloads it lists for the same URL become revisit records */
    bool warc_no_compression;    /* FILE.warc, not gzip members */
    bool warc_no_digests;        /* no SHA-1 digests (and no dedup) */
    bool warc_no_keep_log;       /* the log is not stored as a resource record */
    const char *warc_tempdir;    /* where record bodies are spooled; NULL: /tmp */
    const char *const *warc_argv; /* the command line, for the warcinfo record; NULL: none */
    int warc_argc;
    mw_log_fn log;
    unsigned log_levels;         /* the levels log is given (MW_LOG_BIT); the rest are never formatted */
    mw_progress_fn progress;
    mw_url_done_fn url_done;     /* each URL's result as it ends; NULL: none */
    void *callback_data;         /* passed to log, progress, url_done and expected_digest */
    /* scripts and fleets */
    bool digest_bodies;          /* sha256 of each saved body, for mw_url_result.sha256 (no splice then) */
    mw_expected_digest_fn expected_digest; /* --checksum, --checksums: a body that differs is exit 1 and removed; NULL: none */
    uint64_t max_retry_after_ms; /* the longest Retry-After honoured (a longer one gives up); 0: waitretry_ms */
    /* wget parity: options added at the end, so older callers keep their layout */
    bool ignore_length;          /* --ignore-length: a Content-Length is not believed; the body ends when the server closes */
    bool if_modified_since;      /* -N asks with If-Modified-Since (default); false: HEAD first, then GET when newer */
    bool report_bits;            /* --report-speed=bits: rates in bits per second */
    int prefer_family;           /* --prefer-family: 4 or 6 is tried first; 0: the resolver's order (Happy Eyeballs) */
    bool xattr;                  /* --xattr: user.xdg.origin.url and user.xdg.referrer.url on each saved file */
    bool unlink_first;           /* --unlink: remove an existing file before writing it, rather than writing through it */
    int64_t start_pos;           /* --start-pos: the body starts at this byte (Range); -1: not given */
    const char *crl_file;        /* --crl-file: certificates revoked by this PEM CRL are refused */
    const char *rejected_log;    /* --rejected-log: the URLs a crawl rejects, with why, in wget's tab-separated format */
    bool relative_only;          /* -L: a crawl follows relative links only */
    bool strict_comments;        /* --strict-comments: SGML comments (-- pairs) in HTML */
    bool convert_file_only;      /* --convert-file-only: -k rewrites only the file part of links */
    bool regex_pcre;             /* --regex-type=pcre: --accept-regex/--reject-regex are PCRE2 */
    bool iri;                    /* IRI support (default on): IDNA host names, URLs re-encoded to UTF-8 */
    const char *local_encoding;  /* the charset of URLs given on the command line; NULL: the locale's */
    const char *remote_encoding; /* the charset of pages when they name none; NULL: UTF-8 */
} mw_options;

typedef struct mw_ctx mw_ctx;

/* Fills opts with wget's defaults (read timeout 900 s, 20 redirects...). */
MW_API void mw_options_init(mw_options *opts);

/* Checks what would otherwise reach the wire unchecked: a CR or LF in a
 * header, user agent, referer, method or credential could inject headers.
 * Returns false with the reason in err. mw_ctx_new checks this too. */
MW_API bool mw_options_check(const mw_options *opts, char *err, size_t errlen);

/* The context keeps a pointer to opts (and its strings): they must outlive it.
 * Its lists (no_proxy, retry_on_http_error, the -D/-I/-X/-A/-R and tag lists)
 * are read here, once: changing them later has no effect.
 * Returns NULL with a message in err on failure. */
MW_API mw_ctx *mw_ctx_new(const mw_options *opts, char *err, size_t errlen);
MW_API void mw_ctx_free(mw_ctx *ctx);

/* Downloads one URL, running the event loop until it is done. */
MW_API mw_status mw_download(mw_ctx *ctx, const char *url);

/* Yields the next URL text, or NULL when there are no more. The text must
 * stay valid until the next call. Pulling URLs one at a time keeps memory
 * flat however long a list is. */
typedef const char *(*mw_url_source)(void *data);

/* Downloads the URLs next_url yields, at most `parallel` at once on the one
 * event loop, in order as slots free up. Returns the combined status (see
 * mw_status_worse). With parallel > 1 the lines of different transfers may
 * interleave: the caller should log with -nv style summaries. */
MW_API mw_status mw_download_all(mw_ctx *ctx, mw_url_source next_url, void *source_data, unsigned parallel);

MW_API const char *mw_version(void);

/* -F: the links of the HTML file at path (<a href>, <img src>, stylesheets
 * ...), resolved against base_url; with base_url NULL only the links that
 * name their scheme are kept. A NULL-terminated array of URL texts, freed
 * with mw_strings_free; NULL when the file cannot be read (errno set). */
MW_API char **mw_html_file_links(const char *path, const char *base_url);
MW_API void mw_strings_free(char **strings);

/* wget's feature line for --version ("+https +ipv6 +iri -ftp ..."): what this
 * build of the library really has. */
MW_API const char *mw_features(void);

#endif
