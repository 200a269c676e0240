#include "connect.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct mw_connector {
    mw_loop *loop;
    mw_addr order[MW_MAX_ADDRS]; /* addresses in racing order */
    size_t count;
    size_t next;                 /* next address to try */
    int fds[MW_MAX_ADDRS];       /* attempt sockets, -1 when closed */
    unsigned in_flight;
    mw_timer_id stagger_timer;
    mw_timer_id deadline_timer;
    int last_errno;
    mw_connect_attempt_cb on_attempt;
    mw_connect_done_cb on_done;
    void *data;
    mw_addr local;               /* bind here first when local.len > 0 */
};

/* RFC 8305 section 4: alternate families, starting with the family of the
 * first address (IPv6 in the resolver's order; --prefer-family moves one first). */
static void interleave(mw_connector *c, const mw_addr_list *addrs)
{
    size_t first = 0, second = 0;
    int lead = addrs->count && mw_addr_family(&addrs->addrs[0]) == AF_INET ? AF_INET : AF_INET6;
    while (c->count < addrs->count) {
        while (first < addrs->count && mw_addr_family(&addrs->addrs[first]) != lead)
            first++;
        if (first < addrs->count)
            c->order[c->count++] = addrs->addrs[first++];
        while (second < addrs->count && mw_addr_family(&addrs->addrs[second]) == lead)
            second++;
        if (second < addrs->count)
            c->order[c->count++] = addrs->addrs[second++];
    }
}

static void close_attempt(mw_connector *c, size_t i)
{
    if (c->fds[i] < 0)
        return;
    mw_loop_unwatch(c->loop, c->fds[i]);
    close(c->fds[i]);
    c->fds[i] = -1;
    c->in_flight--;
}

static void finish(mw_connector *c, int fd, const mw_addr *addr, int err)
{
    for (size_t i = 0; i < c->count; i++)
        if (c->fds[i] != fd)
            close_attempt(c, i);
    if (fd >= 0)
        mw_loop_unwatch(c->loop, fd);
    mw_loop_cancel(c->loop, c->stagger_timer);
    mw_loop_cancel(c->loop, c->deadline_timer);
    mw_connect_done_cb done = c->on_done;
    void *data = c->data;
    free(c);
    done(data, fd, addr, err);
}

static void start_next(mw_connector *c);

static void attempt_failed(mw_connector *c, size_t i, int err)
{
    c->last_errno = err;
    close_attempt(c, i);
    if (c->on_attempt)
        c->on_attempt(c->data, &c->order[i], strerror(err));
    if (c->next < c->count) {
        start_next(c); /* a failure starts the next attempt at once */
    } else if (c->in_flight == 0) {
        finish(c, -1, &c->order[i], err);
    }
}

static void on_attempt_ready(mw_loop *loop, int fd, unsigned events, void *data)
{
    mw_connector *c = data;
    size_t i = 0;
    while (i < c->count && c->fds[i] != fd)
        i++;
    if (i == c->count)
        return;
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
        err = errno;
    if (err) {
        attempt_failed(c, i, err);
        return;
    }
    c->fds[i] = -1; /* the winner leaves the race */
    c->in_flight--;
    if (c->on_attempt)
        c->on_attempt(c->data, &c->order[i], NULL);
    finish(c, fd, &c->order[i], 0);
}

static void on_stagger(mw_loop *loop, void *data)
{
    mw_connector *c = data;
    c->stagger_timer = 0;
    start_next(c);
}

static void start_next(mw_connector *c)
{
    mw_loop_cancel(c->loop, c->stagger_timer);
    c->stagger_timer = 0;
    if (c->next >= c->count)
        return;
    size_t i = c->next++;
    const mw_addr *addr = &c->order[i];
    int family = mw_addr_family(addr);
    int fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        c->fds[i] = -1;
        attempt_failed(c, i, errno);
        return;
    }
    int one = 1;
    if (family != AF_UNIX)
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    c->fds[i] = fd;
    c->in_flight++;
    if (c->local.len && (mw_addr_family(&c->local) != family ||
                         bind(fd, (const struct sockaddr *)&c->local.sa, c->local.len) < 0)) {
        attempt_failed(c, i, mw_addr_family(&c->local) != family ? EAFNOSUPPORT : errno);
        return;
    }
    if (connect(fd, (const struct sockaddr *)&addr->sa, addr->len) < 0 && errno != EINPROGRESS) {
        attempt_failed(c, i, errno);
        return;
    }
    if (mw_loop_watch(c->loop, fd, MW_EV_WRITE, on_attempt_ready, c) < 0) {
        attempt_failed(c, i, errno);
        return;
    }
    if (c->next < c->count)
        c->stagger_timer = mw_loop_timer(c->loop, MW_HAPPY_EYEBALLS_DELAY_MS, on_stagger, c);
}

static void on_deadline(mw_loop *loop, void *data)
{
    mw_connector *c = data;
    c->deadline_timer = 0;
    size_t last = c->next ? c->next - 1 : 0;
    if (c->on_attempt) {
        for (size_t i = 0; i < c->count; i++)
            if (c->fds[i] >= 0)
                c->on_attempt(c->data, &c->order[i], strerror(ETIMEDOUT));
    }
    finish(c, -1, &c->order[last], ETIMEDOUT);
}

mw_connector *mw_connect_start(mw_loop *loop, const mw_addr_list *addrs, const mw_addr *local, uint64_t timeout_ms,
                               mw_connect_attempt_cb on_attempt, mw_connect_done_cb on_done, void *data)
{
    mw_connector *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->loop = loop;
    c->on_attempt = on_attempt;
    c->on_done = on_done;
    c->data = data;
    if (local)
        c->local = *local;
    for (size_t i = 0; i < MW_MAX_ADDRS; i++)
        c->fds[i] = -1;
    interleave(c, addrs);
    if (timeout_ms)
        c->deadline_timer = mw_loop_timer(loop, timeout_ms, on_deadline, c);
    /* The first attempt starts on the next loop round, so that even an
     * immediate failure reaches the caller after it holds the handle. */
    c->stagger_timer = mw_loop_timer(loop, 0, on_stagger, c);
    return c;
}

void mw_connect_cancel(mw_connector *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->count; i++)
        close_attempt(c, i);
    mw_loop_cancel(c->loop, c->stagger_timer);
    mw_loop_cancel(c->loop, c->deadline_timer);
    free(c);
}
