/* auth: HTTP credentials: Basic (RFC 7617), Digest (RFC 7616: MD5 and
 * SHA-256, with or without -sess, qop=auth) and ~/.netrc lookups. */
#ifndef MW_AUTH_H
#define MW_AUTH_H

#include <stdbool.h>

#include "http.h"

typedef enum mw_auth_scheme {
    MW_AUTH_NONE,
    MW_AUTH_BASIC,
    MW_AUTH_DIGEST,
    MW_AUTH_OTHER, /* a scheme this client does not speak */
} mw_auth_scheme;

typedef struct mw_auth_challenge {
    mw_auth_scheme scheme;
    char realm[256];
    char nonce[256];
    char opaque[256];
    char algorithm[32]; /* as the server named it: "MD5", "SHA-256-sess"... */
    bool qop_auth;      /* the server offered qop=auth */
} mw_auth_challenge;

/* The strongest challenge this client can answer among every field named
 * header ("WWW-Authenticate" or "Proxy-Authenticate"): Digest with SHA-256,
 * then Digest with MD5, then Basic. False when there is none. */
bool mw_auth_pick(const mw_http_response *resp, const char *header, mw_auth_challenge *out);

/* "Basic base64(user:password)". Caller frees; NULL when out of memory. */
char *mw_auth_basic(const char *user, const char *password);

/* The Authorization value answering a Digest challenge for one request.
 * Caller frees; NULL when out of memory. */
char *mw_auth_digest(const mw_auth_challenge *c, const char *user, const char *password, const char *method,
                     const char *uri);

/* Looks host up in a netrc file (with_default: the "default" entry when no
 * machine matches; wget reads it for FTP only, not HTTP). Sets *user and
 * *password (malloc'ed; *password may be NULL) and returns true when found. */
bool mw_netrc_lookup(const char *path, const char *host, bool with_default, char **user, char **password);

#endif
