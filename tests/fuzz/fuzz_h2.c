/* libFuzzer target: the HTTP/2 glue (h2.c) with nghttp2 under it, fed a
 * server's bytes through a socket pair. Three streams (one with a body)
 * ask on one connection; whatever the bytes, each stream must end once,
 * its head must stay within MW_H2_MAX_HEAD, and the loop must end. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "h2.h"

#define STREAMS 3

typedef struct probe {
    mw_h2_stream *s;
    size_t head;       /* field bytes of the current head */
    bool closed;
    int *open;
    mw_loop *loop;
    mw_timer_id *stop;
} probe;

static bool on_field(void *data, const char *name, size_t name_len, const char *value, size_t value_len)
{
    probe *p = data;
    if (p->closed)
        abort();
    p->head += name_len + value_len;
    if (p->head > MW_H2_MAX_HEAD)
        abort();
    return true;
}

static void on_head(void *data, bool end_stream)
{
    probe *p = data;
    if (p->closed)
        abort();
    p->head = 0;
}

static void on_data(void *data, const uint8_t *buf, size_t len)
{
    probe *p = data;
    if (p->closed || !len)
        abort();
}

static void on_close(void *data, uint32_t error, bool unprocessed, const char *why)
{
    probe *p = data;
    if (p->closed || !why)
        abort();
    p->closed = true;
    mw_h2_release(p->s);
    p->s = NULL;
    if (--*p->open == 0) {
        mw_loop_cancel(p->loop, *p->stop);
        *p->stop = 0;
    }
}

static void on_turn(void *data)
{
    abort(); /* every stream is attached at once */
}

static const mw_h2_events events = { on_field, on_head, on_data, on_close, on_turn };

static void on_stop(mw_loop *loop, void *data)
{
    *(mw_timer_id *)data = 0;
    mw_loop_stop(loop);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fds[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds) < 0)
        return 0;
    int sndbuf = 1 << 20;
    setsockopt(fds[1], SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
    mw_loop *loop = mw_loop_new();
    mw_h2_hub *hub = mw_h2_hub_new(loop, false);
    probe probes[STREAMS] = { 0 };
    int open = 0;
    mw_timer_id stop = mw_loop_timer(loop, 2000, on_stop, &stop);
    mw_conn conn = { .fd = fds[0] };
    static const mw_h2_field fields[] = {
        { ":method", 7, "POST", 4 }, { ":scheme", 7, "http", 4 }, { ":authority", 10, "fuzz", 4 }, { ":path", 5, "/", 1 },
    };
    for (int i = 0; i < STREAMS; i++) {
        probe *p = &probes[i];
        *p = (probe){ .open = &open, .loop = loop, .stop = &stop };
        mw_h2_join_result r = mw_h2_join(hub, "http://fuzz:80", &events, p, &p->s);
        if (r == MW_H2_LEAD && !mw_h2_lead_connected(p->s, &conn, true))
            abort();
        if (!mw_h2_attached(p->s))
            abort();
        open++;
        if (mw_h2_submit(p->s, fields, 4, "body", i == 0 ? 4 : 0) != 0)
            abort();
    }
    /* the server's bytes, then its end of the connection */
    size_t sent = 0;
    while (sent < size) {
        ssize_t n = write(fds[1], data + sent, size - sent);
        if (n <= 0)
            break;
        sent += (size_t)n;
    }
    shutdown(fds[1], SHUT_WR);
    mw_loop_run(loop);
    if (stop) /* every stream ended: the loop must have ended because nothing was left */
        abort();
    for (int i = 0; i < STREAMS; i++)
        mw_h2_release(probes[i].s);
    mw_h2_hub_free(hub);
    mw_loop_free(loop);
    close(fds[1]);
    return 0;
}
