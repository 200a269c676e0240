#include "options.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef enum opt_kind {
    OPT_TRUE,      /* a bool field set to true */
    OPT_FALSE,     /* a bool field set to false */
    OPT_LEVEL,     /* an int field set to `value` */
    OPT_INT,       /* a non-negative integer argument */
    OPT_STRING,    /* a string argument */
    OPT_SECONDS,   /* a timeout in seconds (fractions allowed), stored in ms */
    OPT_TIMEOUTS,  /* -T: sets the DNS, connect and read timeouts at once */
    OPT_CONFIG,    /* --config FILE: read before the rest of the command line */
    OPT_COMMAND,   /* -e COMMAND: one wgetrc line */
    OPT_RATE,      /* a byte count with an optional k or m suffix (powers of 1024, as wget) */
    OPT_APPEND,    /* a repeatable string, kept in order in a cli_list; "" empties the list */
    OPT_DEPTH,     /* a recursion depth: a number, or "inf" (stored as 0) */
    OPT_MIRROR,    /* -m: -r -N -l inf */
} opt_kind;

typedef struct opt_row {
    const char *long_name;
    const char *short_name; /* "O", or wget's two-letter forms like "nv"; NULL for none */
    opt_kind kind;
    size_t field;           /* offsetof(cli_config, ...) */
    int value;              /* for OPT_LEVEL */
    const char *arg_name;   /* for --help, options that take an argument */
    const char *help;
} opt_row;

#define FIELD(f) offsetof(cli_config, f)

/* Kept in --help order: startup, logging, download, directories. */
static const opt_row options[] = {
    { "version", "V", OPT_TRUE, FIELD(version), 0, NULL, "display the version of mini-wget and exit" },
    { "help", "h", OPT_TRUE, FIELD(help), 0, NULL, "print this help" },
    { "man", NULL, OPT_TRUE, FIELD(man), 0, NULL, "print the manual page (roff) generated from this same table" },
    { "no-config", NULL, OPT_TRUE, FIELD(no_config), 0, NULL, "do not read any config file (none is read unless --config names one)" },
    { "config", NULL, OPT_CONFIG, 0, 0, "FILE", "read wgetrc-style commands (name = value) from FILE first" },
    { "execute", "e", OPT_COMMAND, 0, 0, "COMMAND", "execute a wgetrc-style command, e.g. -e tries=3" },
    { "output-file", "o", OPT_STRING, FIELD(output_file), 0, "FILE", "log messages to FILE" },
    { "append-output", "a", OPT_STRING, FIELD(append_output), 0, "FILE", "append messages to FILE" },
    { "quiet", "q", OPT_LEVEL, FIELD(verbosity), VERBOSITY_QUIET, NULL, "quiet (no output)" },
    { "verbose", "v", OPT_LEVEL, FIELD(verbosity), VERBOSITY_VERBOSE, NULL, "be verbose (this is the default)" },
    { "no-verbose", "nv", OPT_LEVEL, FIELD(verbosity), VERBOSITY_NONVERBOSE, NULL,
      "turn off verboseness, without being quiet" },
    { "debug", "d", OPT_LEVEL, FIELD(verbosity), VERBOSITY_DEBUG, NULL, "print lots of debugging information" },
    { "input-file", "i", OPT_STRING, FIELD(input_file), 0, "FILE",
      "download URLs found in local FILE, one per line ('-' for standard input)" },
    { "progress", NULL, OPT_STRING, FIELD(progress), 0, "TYPE",
      "select progress gauge type: bar[:force|noscroll], dot[:default|binary|mega|giga], or json (one JSON line per update, at any verbosity)" },
    { "show-progress", NULL, OPT_TRUE, FIELD(show_progress), 0, NULL, "display the progress bar in any verbosity mode" },
    { "output-document", "O", OPT_STRING, FIELD(output_document), 0, "FILE",
      "write documents to FILE ('-' for standard output)" },
    { "max-threads", "j", OPT_INT, FIELD(parallel), 0, "NUM",
      "download NUM files at once (default 1, keeping wget's output order and its .1, .2 names in URL order)" },
    { "chunk-size", NULL, OPT_RATE, FIELD(lib.chunk_size), 0, "SIZE",
      "fetch a file larger than SIZE (k and m suffixes) as ranges of SIZE over several connections (-j of them, 4 by default)" },
    { "max-per-host", NULL, OPT_INT, FIELD(lib.max_per_host), 0, "NUM",
      "at most NUM of the -j downloads to one host at once (default 16, 0: no limit)" },
    { "no-http-keep-alive", NULL, OPT_FALSE, FIELD(lib.keep_alive), 0, NULL, "disable HTTP keep-alive (persistent connections)" },
    { "tries", "t", OPT_INT, FIELD(lib.tries), 0, "NUMBER", "set number of retries to NUMBER (0 unlimits; default 20)" },
    { "retry-connrefused", NULL, OPT_TRUE, FIELD(lib.retry_connrefused), 0, NULL,
      "retry even if the connection is refused" },
    { "retry-on-http-error", NULL, OPT_STRING, FIELD(lib.retry_on_http_error), 0, "ERRORS",
      "comma-separated list of HTTP errors to retry (as 504 is)" },
    { "waitretry", NULL, OPT_SECONDS, FIELD(lib.waitretry_ms), 0, "SECONDS",
      "wait 1..SECONDS between retries of a retrieval (default 10)" },
    { "wait", "w", OPT_SECONDS, FIELD(lib.wait_ms), 0, "SECONDS", "wait SECONDS between retrievals" },
    { "random-wait", NULL, OPT_TRUE, FIELD(lib.random_wait), 0, NULL,
      "wait from 0.5*WAIT...1.5*WAIT secs between retrievals" },
    { "limit-rate", NULL, OPT_RATE, FIELD(lib.limit_rate), 0, "RATE", "limit download rate to RATE (k and m suffixes)" },
    { "quota", "Q", OPT_RATE, FIELD(lib.quota), 0, "NUMBER", "set retrieval quota to NUMBER (k and m suffixes)" },
    { "backups", NULL, OPT_INT, FIELD(lib.backups), 0, "N", "before writing file X, rotate up to N backup files" },
    { "base", "B", OPT_STRING, FIELD(base), 0, "URL", "resolves relative links in the -i file against URL" },
    { "continue", "c", OPT_TRUE, FIELD(lib.continue_download), 0, NULL,
      "resume getting a partially-downloaded file (safely: a changed file starts over)" },
    { "timestamping", "N", OPT_TRUE, FIELD(lib.timestamping), 0, NULL,
      "don't re-retrieve files unless newer than local" },
    { "no-clobber", "nc", OPT_TRUE, FIELD(lib.no_clobber), 0, NULL,
      "skip downloads that would download to existing files" },
    { "spider", NULL, OPT_TRUE, FIELD(lib.spider), 0, NULL, "don't download anything, check that it exists" },
    { "delete-after", NULL, OPT_TRUE, FIELD(lib.delete_after), 0, NULL, "delete files locally after downloading them" },
    { "save-headers", NULL, OPT_TRUE, FIELD(lib.save_headers), 0, NULL, "save the HTTP headers to file" },
    { "content-on-error", NULL, OPT_TRUE, FIELD(lib.content_on_error), 0, NULL,
      "output the received content on server errors" },
    { "server-response", "S", OPT_TRUE, FIELD(lib.server_response), 0, NULL, "print server response" },
    { "no-check-certificate", NULL, OPT_FALSE, FIELD(lib.check_certificate), 0, NULL,
      "don't validate the server's certificate (warn instead)" },
    { "ca-certificate", NULL, OPT_STRING, FIELD(lib.ca_certificate), 0, "FILE", "file with the bundle of CAs" },
    { "ca-directory", NULL, OPT_STRING, FIELD(lib.ca_directory), 0, "DIR", "directory where hash list of CAs is stored" },
    { "certificate", NULL, OPT_STRING, FIELD(lib.certificate), 0, "FILE", "client certificate file (PEM)" },
    { "certificate-type", NULL, OPT_STRING, FIELD(certificate_type), 0, "TYPE", "client certificate type: PEM" },
    { "private-key", NULL, OPT_STRING, FIELD(lib.private_key), 0, "FILE", "private key file (PEM)" },
    { "private-key-type", NULL, OPT_STRING, FIELD(certificate_type), 0, "TYPE", "private key type: PEM" },
    { "secure-protocol", NULL, OPT_STRING, FIELD(lib.secure_protocol), 0, "PR",
      "lowest TLS version: auto, TLSv1_2, TLSv1_3 or PFS" },
    { "ciphers", NULL, OPT_STRING, FIELD(lib.ciphers), 0, "STR", "OpenSSL cipher list for TLS 1.2" },
    { "pinnedpubkey", NULL, OPT_STRING, FIELD(lib.pinned_pubkey), 0, "FILE/HASHES",
      "public key (PEM/DER) file, or any number of sha256//BASE64 hashes separated by ';', to verify the peer against" },
    { "no-http2", NULL, OPT_FALSE, FIELD(lib.http2), 0, NULL,
      "don't offer HTTP/2 to https servers (by default ALPN offers h2, then http/1.1)" },
    { "http2-prior-knowledge", NULL, OPT_TRUE, FIELD(lib.http2_prior_knowledge), 0, NULL,
      "speak HTTP/2 (h2c) to http:// servers at once, without asking" },
    { "https-only", NULL, OPT_TRUE, FIELD(lib.https_only), 0, NULL, "only follow secure HTTPS URLs (refuse http ones)" },
    { "no-hsts", NULL, OPT_FALSE, FIELD(lib.hsts), 0, NULL, "disable HSTS" },
    { "hsts-file", NULL, OPT_STRING, FIELD(lib.hsts_file), 0, "FILE", "path of HSTS database (default ~/.mini-wget-hsts)" },
    { "max-redirect", NULL, OPT_INT, FIELD(lib.max_redirect), 0, "NUM", "maximum redirections allowed per page" },
    { "timeout", "T", OPT_TIMEOUTS, 0, 0, "SECONDS", "set all timeout values to SECONDS" },
    { "dns-timeout", NULL, OPT_SECONDS, FIELD(lib.dns_timeout_ms), 0, "SECS", "set the DNS lookup timeout to SECS" },
    { "connect-timeout", NULL, OPT_SECONDS, FIELD(lib.connect_timeout_ms), 0, "SECS",
      "set the connect timeout to SECS" },
    { "read-timeout", NULL, OPT_SECONDS, FIELD(lib.read_timeout_ms), 0, "SECS",
      "set the read timeout to SECS (default 900)" },
    { "inet4-only", "4", OPT_LEVEL, FIELD(lib.family), 4, NULL, "connect only to IPv4 addresses" },
    { "inet6-only", "6", OPT_LEVEL, FIELD(lib.family), 6, NULL, "connect only to IPv6 addresses" },
    { "user-agent", "U", OPT_STRING, FIELD(lib.user_agent), 0, "AGENT",
      "identify as AGENT instead of mini-wget/VERSION" },
    { "no-use-server-timestamps", NULL, OPT_FALSE, FIELD(lib.use_server_timestamps), 0, NULL,
      "don't set the local file's timestamp by the one on the server" },
    { "results", NULL, OPT_STRING, FIELD(results), 0, "FILE", "write a JSON line per URL to FILE ('-': stdout) as it ends (see RESULTS in --man)" },
    { "checksum", NULL, OPT_STRING, FIELD(checksum), 0, "ALGO:HEX", "the one URL's md5/sha1/sha256/sha512 digest; a mismatch is exit 1, no file" },
    { "checksums", NULL, OPT_STRING, FIELD(checksums), 0, "FILE", "check bodies against FILE (sha256sum's format; NAME a URL or a file name)" },
    { "max-retry-after", NULL, OPT_SECONDS, FIELD(lib.max_retry_after_ms), 0, "SECONDS", "honour Retry-After up to SECONDS (default: --waitretry)" },
    { "shard", NULL, OPT_STRING, FIELD(shard), 0, "I/N", "fetch only the URLs whose host:port falls in shard I of N (FNV-1a 64 mod N)" },
    { "directory-prefix", "P", OPT_STRING, FIELD(lib.directory), 0, "PREFIX", "save files to PREFIX/.." },
    { "recursive", "r", OPT_TRUE, FIELD(lib.recursive), 0, NULL, "specify recursive download" },
    { "level", "l", OPT_DEPTH, FIELD(lib.max_depth), 0, "NUMBER", "maximum recursion depth (inf or 0 for infinite; default 5)" },
    { "mirror", "m", OPT_MIRROR, 0, 0, NULL, "shortcut for -N -r -l inf" },
    { "page-requisites", "p", OPT_TRUE, FIELD(lib.page_requisites), 0, NULL,
      "get all images, etc. needed to display HTML page" },
    { "convert-links", "k", OPT_TRUE, FIELD(lib.convert_links), 0, NULL,
      "make links in downloaded HTML or CSS point to local files" },
    { "backup-converted", "K", OPT_TRUE, FIELD(lib.backup_converted), 0, NULL,
      "before converting file X, back up as X.orig" },
    { "no-parent", "np", OPT_TRUE, FIELD(lib.no_parent), 0, NULL, "don't ascend to the parent directory" },
    { "span-hosts", "H", OPT_TRUE, FIELD(lib.span_hosts), 0, NULL, "go to foreign hosts when recursive" },
    { "domains", "D", OPT_STRING, FIELD(lib.domains), 0, "LIST", "comma-separated list of accepted domains" },
    { "exclude-domains", NULL, OPT_STRING, FIELD(lib.exclude_domains), 0, "LIST", "comma-separated list of rejected domains" },
    { "include-directories", "I", OPT_STRING, FIELD(lib.include_dirs), 0, "LIST", "list of allowed directories" },
    { "exclude-directories", "X", OPT_STRING, FIELD(lib.exclude_dirs), 0, "LIST", "list of excluded directories" },
    { "accept", "A", OPT_STRING, FIELD(lib.accept), 0, "LIST", "comma-separated list of accepted extensions" },
    { "reject", "R", OPT_STRING, FIELD(lib.reject), 0, "LIST", "comma-separated list of rejected extensions" },
    { "accept-regex", NULL, OPT_STRING, FIELD(lib.accept_regex), 0, "REGEX", "regex matching accepted URLs" },
    { "reject-regex", NULL, OPT_STRING, FIELD(lib.reject_regex), 0, "REGEX", "regex matching rejected URLs" },
    { "ignore-case", NULL, OPT_TRUE, FIELD(lib.ignore_case), 0, NULL, "ignore case when matching files/directories" },
    { "follow-tags", NULL, OPT_STRING, FIELD(lib.follow_tags), 0, "LIST", "comma-separated list of followed HTML tags" },
    { "ignore-tags", NULL, OPT_STRING, FIELD(lib.ignore_tags), 0, "LIST", "comma-separated list of ignored HTML tags" },
    { "no-robots", NULL, OPT_FALSE, FIELD(lib.robots), 0, NULL,
      "ignore robots.txt and <meta name=robots> (also -e robots=off)" },
    { "force-directories", "x", OPT_TRUE, FIELD(lib.force_directories), 0, NULL, "force creation of directories" },
    { "no-directories", "nd", OPT_TRUE, FIELD(lib.no_directories), 0, NULL, "don't create directories" },
    { "no-host-directories", "nH", OPT_TRUE, FIELD(lib.no_host_directories), 0, NULL, "don't create host directories" },
    { "protocol-directories", NULL, OPT_TRUE, FIELD(lib.protocol_directories), 0, NULL,
      "use protocol name in directories" },
    { "cut-dirs", NULL, OPT_INT, FIELD(lib.cut_dirs), 0, "NUMBER", "ignore NUMBER remote directory components" },
    { "no-cookies", NULL, OPT_FALSE, FIELD(lib.cookies), 0, NULL, "don't use cookies" },
    { "load-cookies", NULL, OPT_STRING, FIELD(lib.load_cookies), 0, "FILE", "load cookies from FILE before session" },
    { "save-cookies", NULL, OPT_STRING, FIELD(lib.save_cookies), 0, "FILE", "save cookies to FILE after session" },
    { "keep-session-cookies", NULL, OPT_TRUE, FIELD(lib.keep_session_cookies), 0, NULL,
      "load and save session (non-permanent) cookies" },
    { "content-disposition", NULL, OPT_TRUE, FIELD(lib.content_disposition), 0, NULL,
      "honor the Content-Disposition header when choosing local file names" },
    { "trust-server-names", NULL, OPT_TRUE, FIELD(lib.trust_server_names), 0, NULL,
      "use the name specified by the redirection URL's last component" },
    { "default-page", NULL, OPT_STRING, FIELD(lib.default_page), 0, "NAME",
      "change the default page name (normally this is 'index.html')" },
    { "adjust-extension", "E", OPT_TRUE, FIELD(lib.adjust_extension), 0, NULL,
      "save HTML/CSS documents with proper extensions" },
    { "restrict-file-names", NULL, OPT_STRING, FIELD(restrict_file_names), 0, "OS",
      "restrict chars in file names to ones OS allows: unix, windows, nocontrol, ascii, lowercase, uppercase" },
    { "header", NULL, OPT_APPEND, FIELD(headers), 0, "STRING",
      "insert STRING among the headers (repeatable); \"Name:\" drops a default one, \"\" forgets earlier ones" },
    { "referer", NULL, OPT_STRING, FIELD(lib.referer), 0, "URL", "include `Referer: URL' header in HTTP request" },
    { "method", NULL, OPT_STRING, FIELD(lib.method), 0, "HTTPMethod", "use method \"HTTPMethod\" in the request" },
    { "body-data", NULL, OPT_STRING, FIELD(body_data), 0, "STRING", "send STRING as data; --method must be set" },
    { "body-file", NULL, OPT_STRING, FIELD(body_file), 0, "FILE", "send contents of FILE; --method must be set" },
    { "post-data", NULL, OPT_STRING, FIELD(post_data), 0, "STRING", "use the POST method; send STRING as the data" },
    { "post-file", NULL, OPT_STRING, FIELD(post_file), 0, "FILE", "use the POST method; send contents of FILE" },
    { "no-cache", NULL, OPT_TRUE, FIELD(lib.no_cache), 0, NULL, "disallow server-cached data" },
    { "compression", NULL, OPT_STRING, FIELD(compression), 0, "TYPE",
      "choose compression, one of auto, gzip and none (default)" },
    { "user", NULL, OPT_STRING, FIELD(lib.user), 0, "USER", "set the user for HTTP authentication" },
    { "password", NULL, OPT_STRING, FIELD(lib.password), 0, "PASS", "set the password for HTTP authentication" },
    { "http-user", NULL, OPT_STRING, FIELD(lib.user), 0, "USER", "set http user to USER" },
    { "http-password", NULL, OPT_STRING, FIELD(lib.password), 0, "PASS", "set http password to PASS" },
    { "ask-password", NULL, OPT_TRUE, FIELD(ask_password), 0, NULL, "prompt for passwords" },
    { "no-netrc", NULL, OPT_FALSE, FIELD(netrc), 0, NULL, "don't try to obtain credentials from .netrc" },
    { "auth-no-challenge", NULL, OPT_TRUE, FIELD(lib.auth_no_challenge), 0, NULL,
      "send Basic HTTP authentication information without first waiting for the server's challenge" },
    { "no-proxy", NULL, OPT_FALSE, FIELD(use_proxy), 0, NULL, "explicitly turn off proxy" },
    { "http-proxy", NULL, OPT_STRING, FIELD(lib.http_proxy), 0, "PROXY", "use PROXY for http URLs (default: $http_proxy)" },
    { "https-proxy", NULL, OPT_STRING, FIELD(lib.https_proxy), 0, "PROXY",
      "use PROXY, through CONNECT, for https URLs (default: $https_proxy)" },
    { "proxy-user", NULL, OPT_STRING, FIELD(lib.proxy_user), 0, "USER", "set USER as proxy username" },
    { "proxy-password", NULL, OPT_STRING, FIELD(lib.proxy_password), 0, "PASS", "set PASS as proxy password" },
    { "unix-socket", NULL, OPT_STRING, FIELD(lib.unix_socket), 0, "PATH",
      "connect to the AF_UNIX socket PATH instead of the URL's host (the URL still names the file and Host)" },
    { "bind-address", NULL, OPT_STRING, FIELD(lib.bind_address), 0, "ADDRESS",
      "bind to ADDRESS (a numeric IP) on the local host" },
    { "warc-file", NULL, OPT_STRING, FIELD(lib.warc_file), 0, "FILENAME",
      "save request/response data to FILENAME.warc.gz (WARC 1.1, one gzip member per record)" },
    { "warc-header", NULL, OPT_APPEND, FIELD(warc_headers), 0, "STRING", "insert STRING into the warcinfo record (repeatable)" },
    { "warc-max-size", NULL, OPT_RATE, FIELD(lib.warc_max_size), 0, "NUMBER",
      "set maximum size of WARC files to NUMBER (k and m suffixes): FILENAME-00000.warc.gz, -00001..." },
    { "warc-cdx", NULL, OPT_TRUE, FIELD(lib.warc_cdx), 0, NULL, "write CDX index files (FILENAME.cdx)" },
    { "warc-dedup", NULL, OPT_STRING, FIELD(lib.warc_dedup), 0, "FILENAME",
      "do not store records listed in this CDX file (revisit records instead)" },
    { "no-warc-compression", NULL, OPT_TRUE, FIELD(lib.warc_no_compression), 0, NULL, "do not compress WARC files with GZIP" },
    { "no-warc-digests", NULL, OPT_TRUE, FIELD(lib.warc_no_digests), 0, NULL, "do not calculate SHA1 digests" },
    { "no-warc-keep-log", NULL, OPT_TRUE, FIELD(lib.warc_no_keep_log), 0, NULL, "do not store the log file in a WARC record" },
    { "warc-tempdir", NULL, OPT_STRING, FIELD(lib.warc_tempdir), 0, "DIRECTORY",
      "location for temporary files created by the WARC writer (default /tmp)" },
    /* wget parity: the rest of wget's options */
    { "background", "b", OPT_TRUE, FIELD(background), 0, NULL,
      "go to background after startup (log to wget-log, wget-log.1, ... unless -o/-a)" },
    { "force-html", "F", OPT_TRUE, FIELD(force_html), 0, NULL, "treat input file as HTML (its links, resolved against --base)" },
    { "relative", "L", OPT_TRUE, FIELD(lib.relative_only), 0, NULL, "follow relative links only" },
    { "ignore-length", NULL, OPT_TRUE, FIELD(lib.ignore_length), 0, NULL,
      "ignore 'Content-Length' header field (the body ends when the server closes)" },
    { "no-dns-cache", NULL, OPT_FALSE, FIELD(dns_cache), 0, NULL,
      "disable caching DNS lookups (mini-wget resolves each connection afresh anyway)" },
    { "prefer-family", NULL, OPT_STRING, FIELD(prefer_family), 0, "FAMILY",
      "connect first to addresses of specified family, one of IPv6, IPv4, or none" },
    { "unlink", NULL, OPT_TRUE, FIELD(lib.unlink_first), 0, NULL, "remove file before clobber" },
    { "xattr", NULL, OPT_TRUE, FIELD(lib.xattr), 0, NULL,
      "store the URL and referrer in extended attributes (user.xdg.origin.url, user.xdg.referrer.url)" },
    { "no-if-modified-since", NULL, OPT_FALSE, FIELD(lib.if_modified_since), 0, NULL,
      "don't use conditional if-modified-since get requests in timestamping mode (HEAD first, as wget)" },
    { "start-pos", NULL, OPT_STRING, FIELD(start_pos), 0, "OFFSET",
      "start downloading from zero-based position OFFSET (k, m, g suffixes; wins over -c)" },
    { "report-speed", NULL, OPT_STRING, FIELD(report_speed), 0, "TYPE", "output bandwidth as TYPE.  TYPE can be bits" },
    { "crl-file", NULL, OPT_STRING, FIELD(lib.crl_file), 0, "FILE", "file with bundle of CRLs (PEM)" },
    { "use-askpass", NULL, OPT_STRING, FIELD(use_askpass), 0, "COMMAND",
      "run COMMAND to ask for the user name and password (its argument is the prompt)" },
    { "convert-file-only", NULL, OPT_TRUE, FIELD(lib.convert_file_only), 0, NULL,
      "convert the file part of the URLs only (usually known as the basename)" },
    { "strict-comments", NULL, OPT_TRUE, FIELD(lib.strict_comments), 0, NULL,
      "turn on strict (SGML) handling of HTML comments" },
    { "regex-type", NULL, OPT_STRING, FIELD(regex_type), 0, "TYPE", "regex type (posix|pcre)" },
    { "rejected-log", NULL, OPT_STRING, FIELD(lib.rejected_log), 0, "FILE", "log reasons for URL rejection to FILE" },
    { "no-iri", NULL, OPT_FALSE, FIELD(lib.iri), 0, NULL, "turn off IRI support: no charset conversion of URLs, links and names (host names are still IDNA-encoded: a raw UTF-8 name reaches no server; one IDNA refuses is an error, where wget sends its bytes anyway)" },
    { "local-encoding", NULL, OPT_STRING, FIELD(lib.local_encoding), 0, "ENC",
      "use ENC as the local encoding for IRIs" },
    { "remote-encoding", NULL, OPT_STRING, FIELD(lib.remote_encoding), 0, "ENC",
      "use ENC as the default remote encoding (of pages naming no charset, and of saved names, as wget)" },
    /* FTP: mini-wget speaks HTTP(S) only; wget's FTP options are accepted so scripts keep working */
    { "ftp-user", NULL, OPT_STRING, FIELD(ftp_ignored_text), 0, "USER", "FTP only: accepted, no effect here" },
    { "ftp-password", NULL, OPT_STRING, FIELD(ftp_ignored_text), 0, "PASS", "FTP only: accepted, no effect here" },
    { "no-remove-listing", NULL, OPT_FALSE, FIELD(ftp_ignored), 0, NULL, "FTP only: accepted, no effect here" },
    { "no-glob", NULL, OPT_FALSE, FIELD(ftp_ignored), 0, NULL, "FTP only (file name globbing): accepted, no effect here" },
    { "no-passive-ftp", NULL, OPT_FALSE, FIELD(ftp_ignored), 0, NULL, "FTP only: accepted, no effect here" },
    { "preserve-permissions", NULL, OPT_TRUE, FIELD(ftp_ignored), 0, NULL, "FTP only: accepted, no effect here" },
    { "retr-symlinks", NULL, OPT_TRUE, FIELD(ftp_ignored), 0, NULL, "FTP only: accepted, no effect here" },
    { "follow-ftp", NULL, OPT_TRUE, FIELD(ftp_ignored), 0, NULL,
      "FTP only: accepted, no effect here (FTP links are not followed)" },
    { "ftps-implicit", NULL, OPT_TRUE, FIELD(ftp_ignored), 0, NULL, "FTPS only: accepted, no effect here" },
    { "ftps-resume-ssl", NULL, OPT_TRUE, FIELD(ftp_ignored), 0, NULL, "FTPS only: accepted, no effect here" },
    { "ftps-clear-data-connection", NULL, OPT_TRUE, FIELD(ftp_ignored), 0, NULL, "FTPS only: accepted, no effect here" },
    { "ftps-fallback-to-ftp", NULL, OPT_TRUE, FIELD(ftp_ignored), 0, NULL, "FTPS only: accepted, no effect here" },
};

#define NOPTIONS (sizeof options / sizeof options[0])

void cli_config_init(cli_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    mw_options_init(&cfg->lib);
    cfg->verbosity = VERBOSITY_VERBOSE;
    cfg->parallel = 1;
    cfg->use_proxy = true;
    cfg->netrc = true;
    cfg->dns_cache = true;
}

void cli_config_free(cli_config *cfg)
{
    free(cfg->urls.items);
    cfg->urls = (cli_list){ 0 };
    for (size_t i = 0; i < cfg->nkept; i++)
        free(cfg->kept[i]);
    free(cfg->kept);
    cfg->kept = NULL;
    cfg->nkept = 0;
    free(cfg->headers.items);
    cfg->headers = (cli_list){ 0 };
    free(cfg->warc_headers.items);
    cfg->warc_headers = (cli_list){ 0 };
    free(cfg->body_owned);
    cfg->body_owned = NULL;
    free(cfg->netrc_path);
    cfg->netrc_path = NULL;
    free(cfg->hsts_path);
    cfg->hsts_path = NULL;
    if (cfg->asked_password)
        explicit_bzero(cfg->asked_password, strlen(cfg->asked_password));
    free(cfg->asked_password);
    cfg->asked_password = NULL;
}

void cli_print_usage_hint(const char *reason)
{
    if (reason)
        fprintf(stderr, "mini-wget: %s\n", reason);
    fprintf(stderr, "Usage: mini-wget [OPTION]... [URL]...\n\nTry `mini-wget --help' for more options.\n");
}

/* One row as --help and the man page show it (help.c). */
bool cli_option_row(size_t i, cli_option_doc *doc)
{
    if (i >= NOPTIONS)
        return false;
    *doc = (cli_option_doc){ options[i].long_name, options[i].short_name, options[i].arg_name, options[i].help };
    return true;
}

static const opt_row *find_long(const char *name, size_t len)
{
    for (size_t i = 0; i < NOPTIONS; i++)
        if (strlen(options[i].long_name) == len && strncmp(options[i].long_name, name, len) == 0)
            return &options[i];
    return NULL;
}

/* Every on/off row also answers to its opposite, as wget's switches do:
 * --no-NAME for a row NAME, and NAME for a row --no-NAME. The opposite is
 * written into *flipped, which the caller owns. */
static const opt_row *find_opposite(const char *name, size_t len, opt_row *flipped)
{
    const opt_row *o = NULL;
    if (len > 3 && strncmp(name, "no-", 3) == 0)
        o = find_long(name + 3, len - 3);
    if (!o) {
        char with_no[128];
        int n = snprintf(with_no, sizeof with_no, "no-%.*s", (int)len, name);
        if (n > 0 && (size_t)n < sizeof with_no)
            o = find_long(with_no, (size_t)n);
    }
    if (!o || (o->kind != OPT_TRUE && o->kind != OPT_FALSE))
        return NULL;
    *flipped = *o;
    flipped->kind = o->kind == OPT_TRUE ? OPT_FALSE : OPT_TRUE;
    return flipped;
}

static bool takes_argument(const opt_row *o)
{
    return o->kind == OPT_INT || o->kind == OPT_STRING || o->kind == OPT_APPEND || o->kind == OPT_DEPTH || o->kind == OPT_SECONDS || o->kind == OPT_TIMEOUTS ||
           o->kind == OPT_RATE || o->kind == OPT_CONFIG || o->kind == OPT_COMMAND;
}

static int parse_rate(const char *arg, uint64_t *rate)
{
    char *end;
    errno = 0;
    double v = strtod(arg, &end);
    double scale = 1;
    if (*end == 'k' || *end == 'K')
        scale = 1024, end++;
    else if (*end == 'm' || *end == 'M')
        scale = 1024 * 1024, end++;
    if (errno || end == arg || *end || !(v >= 0) || v * scale > 1e15)
        return -1;
    *rate = (uint64_t)(v * scale);
    return 0;
}

static int bad_value(const opt_row *o, const char *arg)
{
    fprintf(stderr, "mini-wget: --%s: Invalid value ‘%s’.\n", o->long_name, arg);
    return MW_ERR_PARSE;
}

static int parse_seconds(const char *arg, uint64_t *ms)
{
    char *end;
    errno = 0;
    double secs = strtod(arg, &end);
    if (errno || end == arg || *end || !(secs >= 0.0) || secs > 1e9)
        return -1;
    *ms = (uint64_t)(secs * 1000.0 + 0.5);
    return 0;
}

static int apply_command(cli_config *cfg, const char *command, const char *origin);

static int list_append(cli_list *list, const char *item)
{
    const char **items = realloc(list->items, (list->count + 1) * sizeof *items);
    if (!items) {
        fprintf(stderr, "mini-wget: out of memory\n");
        return MW_ERR_GENERIC;
    }
    list->items = items;
    list->items[list->count++] = item;
    return 0;
}

/* -x and -nd are one switch in wget (dirstruct): the last one given wins,
 * so `-nd -x` makes directories and `-x -nd` does not, even under -r. */
static void one_dirstruct_switch(cli_config *cfg, size_t field)
{
    if (field == FIELD(lib.force_directories))
        cfg->lib.no_directories = !cfg->lib.force_directories;
    else if (field == FIELD(lib.no_directories))
        cfg->lib.force_directories = !cfg->lib.no_directories;
}

/* Applies one option; arg is NULL for options without one. */
static int apply(cli_config *cfg, const opt_row *o, const char *arg)
{
    char *base = (char *)cfg;
    switch (o->kind) {
    case OPT_TRUE:
        *(bool *)(base + o->field) = true;
        one_dirstruct_switch(cfg, o->field);
        return 0;
    case OPT_FALSE:
        *(bool *)(base + o->field) = false;
        one_dirstruct_switch(cfg, o->field);
        return 0;
    case OPT_LEVEL:
        *(int *)(base + o->field) = o->value;
        return 0;
    case OPT_STRING:
        *(const char **)(base + o->field) = arg;
        return 0;
    case OPT_INT: {
        char *end;
        errno = 0;
        long v = strtol(arg, &end, 10);
        if (errno || end == arg || *end || v < 0 || v > 1000000)
            return bad_value(o, arg);
        *(int *)(base + o->field) = (int)v;
        return 0;
    }
    case OPT_SECONDS:
        return parse_seconds(arg, (uint64_t *)(base + o->field)) < 0 ? bad_value(o, arg) : 0;
    case OPT_CONFIG:
        return 0; /* read before everything else, in cli_parse */
    case OPT_COMMAND:
        return apply_command(cfg, arg, "-e");
    case OPT_RATE:
        return parse_rate(arg, (uint64_t *)(base + o->field)) < 0 ? bad_value(o, arg) : 0;
    case OPT_DEPTH:
        if (strcmp(arg, "inf") == 0 || strcmp(arg, "infinity") == 0) {
            *(int *)(base + o->field) = 0;
            return 0;
        }
        return apply(cfg, &(opt_row){ o->long_name, NULL, OPT_INT, o->field, 0, NULL, NULL }, arg);
    case OPT_MIRROR:
        cfg->lib.recursive = cfg->lib.timestamping = true;
        cfg->lib.max_depth = 0;
        return 0;
    case OPT_APPEND: {
        cli_list *list = (cli_list *)(base + o->field);
        if (!*arg) { /* as wget: an empty value forgets the earlier ones */
            list->count = 0;
            return 0;
        }
        return list_append(list, arg);
    }
    case OPT_TIMEOUTS: {
        uint64_t ms;
        if (parse_seconds(arg, &ms) < 0)
            return bad_value(o, arg);
        cfg->lib.dns_timeout_ms = cfg->lib.connect_timeout_ms = cfg->lib.read_timeout_ms = ms;
        return 0;
    }
    }
    return 0;
}


static int parse_long(int argc, char **argv, int *i, cli_config *cfg)
{
    const char *name = argv[*i] + 2;
    const char *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name);
    opt_row flipped;
    const opt_row *o = find_long(name, len);
    if (!o)
        o = find_opposite(name, len, &flipped);
    if (!o) {
        char reason[256];
        snprintf(reason, sizeof reason, "unrecognized option '%s'", argv[*i]);
        cli_print_usage_hint(reason);
        return MW_ERR_PARSE;
    }
    if (!takes_argument(o)) {
        if (eq) {
            char reason[256];
            snprintf(reason, sizeof reason, "option '--%s' doesn't allow an argument", o->long_name);
            cli_print_usage_hint(reason);
            return MW_ERR_PARSE;
        }
        return apply(cfg, o, NULL);
    }
    const char *arg = eq ? eq + 1 : NULL;
    if (!arg) {
        if (*i + 1 >= argc) {
            char reason[256];
            snprintf(reason, sizeof reason, "option '--%s' requires an argument", o->long_name);
            cli_print_usage_hint(reason);
            return MW_ERR_PARSE;
        }
        arg = argv[++*i];
    }
    return apply(cfg, o, arg);
}

/* Short options: wget's two-letter forms ("-nv") whole, otherwise single
 * letters that may be bundled ("-qO file", "-Ofile"). */
static int parse_short(int argc, char **argv, int *i, cli_config *cfg)
{
    const char *word = argv[*i] + 1;
    for (size_t k = 0; k < NOPTIONS; k++)
        if (options[k].short_name && strlen(options[k].short_name) > 1 && strcmp(options[k].short_name, word) == 0)
            return apply(cfg, &options[k], NULL);
    for (const char *c = word; *c; c++) {
        const opt_row *o = NULL;
        for (size_t k = 0; k < NOPTIONS && !o; k++)
            if (options[k].short_name && options[k].short_name[0] == *c && options[k].short_name[1] == '\0')
                o = &options[k];
        if (!o) {
            char reason[64];
            snprintf(reason, sizeof reason, "invalid option -- '%c'", *c);
            cli_print_usage_hint(reason);
            return MW_ERR_PARSE;
        }
        if (!takes_argument(o)) {
            int rc = apply(cfg, o, NULL);
            if (rc)
                return rc;
            continue;
        }
        const char *arg = c[1] ? c + 1 : NULL;
        if (!arg) {
            if (*i + 1 >= argc) {
                char reason[64];
                snprintf(reason, sizeof reason, "option requires an argument -- '%c'", *c);
                cli_print_usage_hint(reason);
                return MW_ERR_PARSE;
            }
            arg = argv[++*i];
        }
        return apply(cfg, o, arg);
    }
    return 0;
}

/* wgetrc names drop dashes and underscores: "read_timeout" is --read-timeout. */
static void normalize(const char *in, size_t len, char *out, size_t outlen)
{
    size_t o = 0;
    for (size_t i = 0; i < len && o + 1 < outlen; i++)
        if (in[i] != '-' && in[i] != '_')
            out[o++] = (char)tolower((unsigned char)in[i]);
    out[o] = '\0';
}

/* wgetrc commands whose names are not their long option's (normalized). */
static const struct {
    const char *command, *option;
    bool negated;
} command_aliases[] = {
    { "useproxy", "noproxy", true },          { "reclevel", "level", false },
    { "dirprefix", "directoryprefix", false }, { "addhostdir", "nohostdirectories", true },
    { "dirstruct", "forcedirectories", false }, { "logfile", "outputfile", false },
    { "input", "inputfile", false },          { "htmlextension", "adjustextension", false },
    { "relativeonly", "relative", false },
};

/* wget commands for what mini-wget does not do (FTP, IRI, ...): a wgetrc
 * written for wget still works; each is named in a warning and ignored. */
static const char *const ignored_commands[] = {
    "deleteafter", "dotstyle", "preferfamily", "iri", "localencoding", "remoteencoding", "followftp",
    "passiveftp", "retrsymlinks", "removelisting", "glob", "ftpuser", "ftppassword", "ftpproxy",
    "relativeonly", "strictcomments", "dnscache",
};

static bool ignored_command(const char *name)
{
    char want[64];
    normalize(name, strlen(name), want, sizeof want);
    for (size_t i = 0; i < sizeof ignored_commands / sizeof ignored_commands[0]; i++)
        if (strcmp(want, ignored_commands[i]) == 0)
            return true;
    return false;
}

static const opt_row *find_command(const char *name, bool *negated)
{
    char want[64], have[64];
    normalize(name, strlen(name), want, sizeof want);
    *negated = false;
    for (size_t i = 0; i < sizeof command_aliases / sizeof command_aliases[0]; i++)
        if (strcmp(want, command_aliases[i].command) == 0) {
            snprintf(want, sizeof want, "%s", command_aliases[i].option);
            *negated = command_aliases[i].negated;
            break;
        }
    for (size_t i = 0; i < NOPTIONS; i++) {
        normalize(options[i].long_name, strlen(options[i].long_name), have, sizeof have);
        if (strcmp(have, want) == 0)
            return &options[i];
    }
    /* "check_certificate = off" is the row --no-check-certificate, negated */
    for (size_t i = 0; i < NOPTIONS; i++) {
        normalize(options[i].long_name, strlen(options[i].long_name), have, sizeof have);
        if (strncmp(have, "no", 2) == 0 && strcmp(have + 2, want) == 0) {
            *negated = true;
            return &options[i];
        }
    }
    return NULL;
}

static int parse_switch(const char *value, bool *on)
{
    if (!strcasecmp(value, "on") || !strcasecmp(value, "yes") || !strcasecmp(value, "1") || !strcasecmp(value, "true"))
        *on = true;
    else if (!strcasecmp(value, "off") || !strcasecmp(value, "no") || !strcasecmp(value, "0") || !strcasecmp(value, "false"))
        *on = false;
    else
        return -1;
    return 0;
}

/* A value from a file or -e must outlive its line: the config keeps it. */
static const char *keep(cli_config *cfg, const char *value)
{
    char **kept = realloc(cfg->kept, (cfg->nkept + 1) * sizeof *kept);
    char *copy = strdup(value);
    if (!kept || !copy) {
        free(copy);
        if (kept)
            cfg->kept = kept;
        return NULL;
    }
    cfg->kept = kept;
    cfg->kept[cfg->nkept++] = copy;
    return copy;
}

/* One wgetrc line: "name = value". Blank lines and # comments do nothing. */
static int apply_command(cli_config *cfg, const char *command, const char *origin)
{
    while (isspace((unsigned char)*command))
        command++;
    if (!*command || *command == '#')
        return 0;
    const char *eq = strchr(command, '=');
    char name[64];
    size_t nlen = eq ? (size_t)(eq - command) : strlen(command);
    while (nlen > 0 && isspace((unsigned char)command[nlen - 1]))
        nlen--;
    snprintf(name, sizeof name, "%.*s", (int)(nlen < 63 ? nlen : 63), command);
    char value[1024] = "";
    if (eq) {
        const char *v = eq + 1;
        while (isspace((unsigned char)*v))
            v++;
        snprintf(value, sizeof value, "%s", v);
        size_t vl = strlen(value);
        while (vl > 0 && isspace((unsigned char)value[vl - 1]))
            value[--vl] = '\0';
    }
    bool negated;
    const opt_row *o = find_command(name, &negated);
    if ((!o && ignored_command(name)) || (o && (o->field == FIELD(ftp_ignored) || o->field == FIELD(ftp_ignored_text)))) {
        fprintf(stderr, "mini-wget: %s: ‘%s’ is not supported; ignored.\n", origin, name);
        return 0;
    }
    if (!o || o->kind == OPT_CONFIG || o->kind == OPT_COMMAND) {
        fprintf(stderr, "mini-wget: %s: Unknown command ‘%s’.\n", origin, name);
        return MW_ERR_PARSE;
    }
    if (!eq) {
        fprintf(stderr, "mini-wget: %s: Syntax error in ‘%s’.\n", origin, command);
        return MW_ERR_PARSE;
    }
    bool on;
    if (o->field == FIELD(use_proxy) && !negated && parse_switch(value, &on) < 0) {
        /* wgetrc's no_proxy is the list of hosts reached directly */
        const char *list = keep(cfg, value);
        cfg->lib.no_proxy = list;
        return list ? 0 : MW_ERR_GENERIC;
    }
    if (o->kind == OPT_TRUE || o->kind == OPT_FALSE || o->kind == OPT_LEVEL) {
        if (parse_switch(value, &on) < 0)
            return bad_value(o, value);
        if (o->kind == OPT_LEVEL)
            return on ? apply(cfg, o, NULL) : 0;
        bool set = (o->kind == OPT_TRUE) == on;
        if (negated)
            set = !set;
        *(bool *)((char *)cfg + o->field) = set;
        one_dirstruct_switch(cfg, o->field);
        return 0;
    }
    const char *kept = keep(cfg, value);
    return kept ? apply(cfg, o, kept) : MW_ERR_GENERIC;
}

/* --config FILE is read before the rest of the command line, which overrides it. */
static int read_config_files(int argc, char **argv, cli_config *cfg)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        const char *file = NULL;
        if (strncmp(argv[i], "--config=", 9) == 0)
            file = argv[i] + 9;
        else if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
            file = argv[++i];
        if (!file)
            continue;
        FILE *f = fopen(file, "re");
        if (!f) {
            fprintf(stderr, "mini-wget: Cannot read %s (%s).\n", file, strerror(errno));
            return MW_ERR_PARSE;
        }
        char line[2048];
        int rc = 0;
        for (unsigned n = 1; !rc && fgets(line, sizeof line, f); n++) {
            line[strcspn(line, "\r\n")] = '\0';
            char origin[512];
            snprintf(origin, sizeof origin, "%s:%u", file, n);
            rc = apply_command(cfg, line, origin);
        }
        fclose(f);
        if (rc)
            return rc;
    }
    return 0;
}

/* -j above 1 runs several downloads at once: into one -O file (or stdout)
 * their bodies would interleave, so the combination is refused. */
static int check_output_document(const cli_config *cfg)
{
    bool several = cfg->urls.count > 1 || cfg->input_file || cfg->lib.recursive || cfg->lib.page_requisites;
    if (!cfg->output_document || cfg->parallel <= 1 || !several)
        return 0;
    fprintf(stderr, "mini-wget: -O %s cannot take several downloads with -j %d: their bodies would interleave.\n"
            "Use -j 1 to write them one after another.\n", cfg->output_document, cfg->parallel);
    return MW_ERR_PARSE;
}

int cli_parse(int argc, char **argv, cli_config *cfg)
{
    bool options_done = false;
    int rc0 = read_config_files(argc, argv, cfg);
    if (rc0)
        return rc0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int rc = 0;
        if (options_done || a[0] != '-' || a[1] == '\0')
            rc = list_append(&cfg->urls, argv[i]);
        else if (strcmp(a, "--") == 0)
            options_done = true;
        else if (a[1] == '-')
            rc = parse_long(argc, argv, &i, cfg);
        else
            rc = parse_short(argc, argv, &i, cfg);
        if (rc)
            return rc;
    }
    return check_output_document(cfg);
}
