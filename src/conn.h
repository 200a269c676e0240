/* conn: one connection, a socket and (for https) the TLS session on it,
 * with the reads, writes and close that the transfer, the keep-alive pool
 * and the proxy tunnel share: none of them carries its own adapter. */
#ifndef MW_CONN_H
#define MW_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "loop.h"
#include "tls.h"

typedef struct mw_conn {
    int fd;      /* -1 when there is no connection */
    mw_tls *tls; /* the TLS session on fd, or NULL for plain TCP */
} mw_conn;

#define MW_CONN_NONE ((mw_conn){ .fd = -1, .tls = NULL })

/* recv(2) over plain TCP or TLS: > 0 bytes, 0 at EOF, -1 with errno set
 * (EAGAIN: wait for readiness; EPROTO: a TLS error, see mw_conn_error). */
ssize_t mw_conn_recv(mw_conn *c, void *buf, size_t len);
/* send(2) the same way, never raising SIGPIPE (EPIPE: the peer is gone). */
ssize_t mw_conn_send(mw_conn *c, const void *buf, size_t len);
/* What errno err means on this connection: the TLS layer's message for EPROTO. */
const char *mw_conn_error(const mw_conn *c, int err);
/* Bytes already decrypted inside the TLS session, which epoll cannot see. */
bool mw_conn_has_pending(const mw_conn *c);
/* Stops watching, ends the TLS session and closes the socket; c becomes MW_CONN_NONE. */
void mw_conn_close(mw_conn *c, mw_loop *loop);

#endif
