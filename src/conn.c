#include "conn.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

ssize_t mw_conn_recv(mw_conn *c, void *buf, size_t len)
{
    if (!c->tls)
        return recv(c->fd, buf, len, 0);
    size_t n = 0;
    switch (mw_tls_read(c->tls, buf, len, &n)) {
    case MW_TLS_OK:
        return (ssize_t)n;
    case MW_TLS_CLOSED:
        return 0;
    case MW_TLS_WANT_READ:
    case MW_TLS_WANT_WRITE: /* renegotiation: rare; the read watch retries it */
        errno = EAGAIN;
        return -1;
    default:
        errno = EPROTO;
        return -1;
    }
}

ssize_t mw_conn_send(mw_conn *c, const void *buf, size_t len)
{
    if (!c->tls)
        return send(c->fd, buf, len, MSG_NOSIGNAL);
    size_t n = 0;
    switch (mw_tls_write(c->tls, buf, len, &n)) {
    case MW_TLS_OK:
        return (ssize_t)n;
    case MW_TLS_WANT_READ:
    case MW_TLS_WANT_WRITE:
        errno = EAGAIN;
        return -1;
    case MW_TLS_CLOSED:
        errno = EPIPE;
        return -1;
    default:
        errno = EPROTO;
        return -1;
    }
}

const char *mw_conn_error(const mw_conn *c, int err)
{
    return err == EPROTO && c->tls ? mw_tls_error(c->tls) : strerror(err);
}

bool mw_conn_has_pending(const mw_conn *c)
{
    return c->tls && mw_tls_has_pending(c->tls);
}

void mw_conn_close(mw_conn *c, mw_loop *loop)
{
    if (c->fd >= 0) {
        mw_loop_unwatch(loop, c->fd);
        mw_tls_free(c->tls);
        close(c->fd);
    }
    *c = MW_CONN_NONE;
}
