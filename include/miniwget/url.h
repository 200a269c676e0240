/* url: RFC 3986 parsing, normalisation and relative resolution for http(s) URLs.
 *
 * A parsed URL owns its strings; release it with mw_url_free(). Nothing here
 * touches the network. */
#ifndef MINIWGET_URL_H
#define MINIWGET_URL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "miniwget/export.h"

typedef enum mw_scheme {
    MW_SCHEME_HTTP,
    MW_SCHEME_HTTPS,
} mw_scheme;

typedef struct mw_url {
    mw_scheme scheme;
    char *user;      /* percent-decoded userinfo name, NULL when absent */
    char *password;  /* percent-decoded, NULL when absent */
    char *host;      /* lower-cased; an IPv6 literal without its brackets */
    bool host_is_ipv6;
    uint16_t port;   /* effective port: the default one (80/443) when not given */
    char *path;      /* always starts with '/'; dot segments removed; unsafe bytes %-encoded */
    char *query;     /* without the '?'; NULL when absent ("" when '?' had nothing after it) */
} mw_url;

typedef enum mw_url_error {
    MW_URL_OK = 0,
    MW_URL_UNSUPPORTED_SCHEME, /* "Unsupported scheme ‘ftp’." */
    MW_URL_INVALID_HOST,       /* "Invalid host name." */
    MW_URL_BAD_PORT,           /* "Bad port number." */
    MW_URL_UNTERMINATED_IPV6,  /* "Unterminated IPv6 numeric address." */
    MW_URL_INVALID_IPV6,       /* "Invalid IPv6 numeric address." */
    MW_URL_INVALID,            /* anything else malformed, e.g. CR/LF, NUL or space in host */
} mw_url_error;

/* Parses absolute URL text. Like wget, text without "scheme://" is taken as
 * http (e.g. "example.com/x"). Fragments are dropped. Spaces and other bytes
 * not allowed in a path or query are percent-encoded; existing %XX escapes are
 * kept. On failure *out is left zeroed and, when err is not NULL, err receives
 * a wget-style message such as "Unsupported scheme ‘gopher’." (without the URL
 * prefix, the caller prints "URL: message"). */
MW_API mw_url_error mw_url_parse(const char *text, mw_url *out, char *err, size_t errlen);

/* Resolves a reference (e.g. a Location header value: absolute, scheme-relative
 * "//host/x", absolute-path "/x", relative "x/../y", query-only "?q") against
 * base, per RFC 3986 section 5. */
MW_API mw_url_error mw_url_resolve(const mw_url *base, const char *ref, mw_url *out, char *err, size_t errlen);

MW_API void mw_url_free(mw_url *url);
MW_API mw_url_error mw_url_copy(const mw_url *src, mw_url *dst);

/* The URL as text for display and logs: scheme://host[:port]/path[?query],
 * with the port only when not the scheme default and the IPv6 host in
 * brackets. Userinfo is never included, so a password cannot leak into logs.
 * Caller frees. */
MW_API char *mw_url_to_string(const mw_url *url);

/* The request target: path[?query]. Caller frees. */
MW_API char *mw_url_request_target(const mw_url *url);

/* The Host header value: host, "[v6]" in brackets, ":port" only when not the default. Caller frees. */
MW_API char *mw_url_host_header(const mw_url *url);

/* True when host is the domain (len bytes; a leading '.' is ignored) or
 * below it: "example.com" matches example.com and www.example.com, never
 * badexample.com. The rule of no_proxy and -D lists. */
MW_API bool mw_host_in_domain(const char *host, const char *domain, size_t len);

/* True when both URLs have the same scheme, host and port. */
MW_API bool mw_url_same_origin(const mw_url *a, const mw_url *b);

MW_API const char *mw_scheme_name(mw_scheme scheme);
MW_API uint16_t mw_scheme_default_port(mw_scheme scheme);

/* Percent-decodes src into a new string. Invalid escapes are kept literally.
 * *outlen (when not NULL) receives the decoded length, since %00 yields a NUL. */
MW_API char *mw_percent_decode(const char *src, size_t *outlen);

#endif
