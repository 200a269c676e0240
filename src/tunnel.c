#include "tunnel.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "request.h"

struct mw_tunnel {
    mw_loop *loop;
    mw_conn *conn;
    char *request;
    size_t request_len, sent;
    mw_http_parser parser;
    mw_timer_id timer;
    mw_tunnel_done_cb done;
    void *data;
};

static void end(mw_tunnel *t, int status, const char *reason, const char *err)
{
    mw_tunnel_done_cb done = t->done;
    void *data = t->data;
    char reason_copy[128], err_copy[160];
    snprintf(reason_copy, sizeof reason_copy, "%s", reason ? reason : "");
    snprintf(err_copy, sizeof err_copy, "%s", err ? err : "");
    mw_tunnel_cancel(t);
    done(data, status, reason_copy, err_copy);
}

static void on_timeout(mw_loop *loop, void *data)
{
    mw_tunnel *t = data;
    t->timer = 0;
    end(t, 0, NULL, strerror(ETIMEDOUT));
}

/* Reads byte by byte: whatever follows the proxy's answer belongs to TLS. */
static void read_answer(mw_tunnel *t)
{
    for (int i = 0; i < 4096; i++) {
        char byte;
        ssize_t n = mw_conn_recv(t->conn, &byte, 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        if (n <= 0) {
            end(t, 0, NULL, n == 0 ? "the proxy closed the connection" : strerror(errno));
            return;
        }
        size_t used;
        mw_http_result r = mw_http_parser_feed(&t->parser, &byte, 1, &used);
        if (r == MW_HTTP_ERROR) {
            end(t, 0, NULL, mw_http_error(&t->parser));
            return;
        }
        if (r == MW_HTTP_HEAD_DONE || r == MW_HTTP_MSG_DONE) {
            end(t, t->parser.resp.status, t->parser.resp.reason, NULL);
            return;
        }
    }
}

static void on_socket(mw_loop *loop, int fd, unsigned events, void *data)
{
    mw_tunnel *t = data;
    while (t->sent < t->request_len) {
        ssize_t n = mw_conn_send(t->conn, t->request + t->sent, t->request_len - t->sent);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        if (n < 0) {
            end(t, 0, NULL, strerror(errno));
            return;
        }
        t->sent += (size_t)n;
        if (t->sent == t->request_len && mw_loop_watch(loop, fd, MW_EV_READ, on_socket, t) < 0) {
            end(t, 0, NULL, strerror(errno));
            return;
        }
    }
    read_answer(t);
}

mw_tunnel *mw_tunnel_start(mw_loop *loop, mw_conn *conn, const mw_url *target, const char *user_agent,
                           const char *proxy_authorization, uint64_t timeout_ms, mw_tunnel_done_cb done, void *data)
{
    mw_tunnel *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->loop = loop;
    t->conn = conn;
    t->done = done;
    t->data = data;
    t->request = mw_request_connect(target, user_agent, proxy_authorization, &t->request_len);
    /* a CONNECT answer has no body: parse it as a HEAD response's */
    mw_http_parser_init(&t->parser, true, NULL, NULL);
    if (!t->request || mw_loop_watch(loop, conn->fd, MW_EV_WRITE, on_socket, t) < 0) {
        mw_http_parser_free(&t->parser);
        free(t->request);
        free(t);
        return NULL;
    }
    if (timeout_ms)
        t->timer = mw_loop_timer(loop, timeout_ms, on_timeout, t);
    return t;
}

void mw_tunnel_cancel(mw_tunnel *t)
{
    if (!t)
        return;
    mw_loop_unwatch(t->loop, t->conn->fd);
    mw_loop_cancel(t->loop, t->timer);
    mw_http_parser_free(&t->parser);
    free(t->request);
    free(t);
}
