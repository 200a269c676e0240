/* tls: OpenSSL on non-blocking sockets, driven by the caller's loop.
 *
 * A handshake or an I/O call that cannot finish now says which readiness
 * (read or write) to wait for; the caller waits on the loop and calls again.
 * Certificates are checked against the system store (or --ca-certificate /
 * --ca-directory) and the URL's host name or IP address. */
#ifndef MW_TLS_H
#define MW_TLS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "miniwget/miniwget.h"

typedef struct mw_tls_ctx mw_tls_ctx;
typedef struct mw_tls mw_tls;

typedef enum mw_tls_result {
    MW_TLS_OK,          /* done (handshake), or bytes moved (I/O) */
    MW_TLS_WANT_READ,   /* call again when the socket is readable */
    MW_TLS_WANT_WRITE,  /* call again when the socket is writable */
    MW_TLS_CLOSED,      /* the peer closed the connection */
    MW_TLS_ERROR,       /* see the message */
    MW_TLS_UNTRUSTED,   /* the certificate failed verification: see the message */
} mw_tls_result;

/* The shared settings (trust store, client certificate, protocols) from opts.
 * Returns NULL with a message in err. */
mw_tls_ctx *mw_tls_ctx_new(const mw_options *opts, char *err, size_t errlen);
void mw_tls_ctx_free(mw_tls_ctx *ctx);

/* A TLS session over a connected socket; host is for SNI and verification. */
mw_tls *mw_tls_new(mw_tls_ctx *ctx, int fd, const char *host);
void mw_tls_free(mw_tls *tls);

/* Advances the handshake. On MW_TLS_UNTRUSTED or MW_TLS_ERROR, err says why,
 * in wget's words. With verification off, a certificate that would have
 * failed yields MW_TLS_OK and a warning in err (empty when all is well). */
mw_tls_result mw_tls_handshake(mw_tls *tls, char *err, size_t errlen);

/* --pinnedpubkey: pin is "sha256//BASE64[;sha256//BASE64...]" or the path of
 * a PEM or DER public key. True when the server's key matches; otherwise err
 * says why. */
bool mw_tls_matches_pin(mw_tls *tls, const char *pin, char *err, size_t errlen);

/* Reads or writes up to len bytes; *n receives the count on MW_TLS_OK. */
mw_tls_result mw_tls_read(mw_tls *tls, void *buf, size_t len, size_t *n);
mw_tls_result mw_tls_write(mw_tls *tls, const void *buf, size_t len, size_t *n);
/* True when decrypted bytes wait inside the session, unseen by poll(2):
 * after a response's end, they are bytes the server should not have sent. */
bool mw_tls_has_pending(mw_tls *tls);
/* The last error, for messages. */
const char *mw_tls_error(mw_tls *tls);
/* ALPN: offers "h2", then "http/1.1", in the handshake to come. */
void mw_tls_offer_h2(mw_tls *tls);
/* After the handshake: the server chose "h2". */
bool mw_tls_speaks_h2(mw_tls *tls);
/* Reads as much as the socket has into the session's buffer, not one
 * record at a time: fewer system calls for a stream of small records
 * (mw_tls_has_pending then also covers bytes read ahead). */
void mw_tls_read_ahead(mw_tls *tls);

#endif
