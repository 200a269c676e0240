#include "pool.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "loop.h"

typedef struct idle_conn {
    mw_scheme scheme;
    char *host;
    uint16_t port;
    mw_addr peer; /* where the socket goes (len 0: unknown), for a reuse under another name */
    mw_conn conn;
    int max_uses;
    uint64_t since_ms;
} idle_conn;

struct mw_pool {
    mw_loop *loop;
    idle_conn idle[MW_POOL_MAX_IDLE];
    size_t count;
};

mw_pool *mw_pool_new(mw_loop *loop)
{
    mw_pool *pool = calloc(1, sizeof *pool);
    if (pool)
        pool->loop = loop;
    return pool;
}

static void drop(mw_pool *pool, size_t i)
{
    mw_conn_close(&pool->idle[i].conn, pool->loop);
    free(pool->idle[i].host);
    pool->idle[i] = pool->idle[--pool->count];
}

void mw_pool_free(mw_pool *pool)
{
    if (!pool)
        return;
    while (pool->count)
        drop(pool, 0);
    free(pool);
}

/* An idle HTTP connection has nothing to read: readable means closed (EOF)
 * or a stray byte we cannot use; both make it unusable. The loop tells of
 * that between rounds, and this checks at the moment of reuse (bytes a
 * broken server sends right behind a response arrive in between). */
static bool still_open(int fd)
{
    char byte;
    ssize_t n = recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

static void on_idle_readable(mw_loop *loop, int fd, unsigned events, void *data)
{
    (void)events;
    mw_pool *pool = data;
    for (size_t i = 0; i < pool->count; i++) {
        if (pool->idle[i].conn.fd == fd) {
            drop(pool, i);
            return;
        }
    }
    mw_loop_unwatch(loop, fd); /* taken, not yet watched by its new owner */
}

void mw_pool_put(mw_pool *pool, const mw_url *origin, mw_conn *conn, int max_uses)
{
    char *host = max_uses != 0 ? strdup(origin->host) : NULL;
    if (!host || mw_loop_watch_idle(pool->loop, conn->fd, on_idle_readable, pool) < 0) {
        free(host);
        mw_conn_close(conn, pool->loop);
        return;
    }
    if (pool->count == MW_POOL_MAX_IDLE) { /* evict the oldest */
        size_t oldest = 0;
        for (size_t i = 1; i < pool->count; i++)
            if (pool->idle[i].since_ms < pool->idle[oldest].since_ms)
                oldest = i;
        drop(pool, oldest);
    }
    mw_addr peer = { .len = sizeof peer.sa };
    if (getpeername(conn->fd, (struct sockaddr *)&peer.sa, &peer.len) < 0)
        peer.len = 0;
    pool->idle[pool->count++] = (idle_conn){ origin->scheme, host, origin->port, peer, *conn, max_uses, mw_now_ms() };
    *conn = MW_CONN_NONE;
}

/* Closes the idle connections past their time; true when i is one of
 * them (the slot now holds another connection, or none). */
static bool expired(mw_pool *pool, size_t i, uint64_t now)
{
    if (now - pool->idle[i].since_ms <= MW_POOL_IDLE_MS)
        return false;
    drop(pool, i);
    return true;
}

/* Hands idle connection i over, when it is still open (it is closed
 * otherwise, and the slot holds another connection, or none). */
static bool hand_over(mw_pool *pool, size_t i, mw_conn *conn, int *max_uses)
{
    idle_conn *c = &pool->idle[i];
    if (!still_open(c->conn.fd)) {
        drop(pool, i);
        return false;
    }
    *conn = c->conn;
    *max_uses = c->max_uses;
    free(c->host);
    *c = pool->idle[--pool->count];
    return true;
}

bool mw_pool_take(mw_pool *pool, const mw_url *origin, mw_conn *conn, int *max_uses)
{
    uint64_t now = mw_now_ms();
    for (size_t i = 0; i < pool->count;) {
        idle_conn *c = &pool->idle[i];
        if (expired(pool, i, now))
            continue;
        if (c->scheme == origin->scheme && c->port == origin->port && strcmp(c->host, origin->host) == 0) {
            if (hand_over(pool, i, conn, max_uses))
                return true;
            continue;
        }
        i++;
    }
    return false;
}

/* The same IPv4 or IPv6 address (the ports are compared by the caller, as
 * the URL's). */
static bool same_ip(const mw_addr *a, const mw_addr *b)
{
    if (a->len == 0 || a->sa.ss_family != b->sa.ss_family)
        return false;
    if (a->sa.ss_family == AF_INET)
        return memcmp(&((const struct sockaddr_in *)&a->sa)->sin_addr, &((const struct sockaddr_in *)&b->sa)->sin_addr,
                      sizeof(struct in_addr)) == 0;
    if (a->sa.ss_family == AF_INET6)
        return memcmp(&((const struct sockaddr_in6 *)&a->sa)->sin6_addr,
                      &((const struct sockaddr_in6 *)&b->sa)->sin6_addr, sizeof(struct in6_addr)) == 0;
    return false;
}

bool mw_pool_take_by_address(mw_pool *pool, const mw_url *origin, const mw_addr_list *addrs, mw_conn *conn,
                             int *max_uses, char *was, size_t was_size)
{
    if (origin->scheme != MW_SCHEME_HTTP)
        return false;
    uint64_t now = mw_now_ms();
    for (size_t i = 0; i < pool->count;) {
        idle_conn *c = &pool->idle[i];
        if (expired(pool, i, now))
            continue;
        bool among = false;
        for (size_t a = 0; a < addrs->count && !among; a++)
            among = same_ip(&c->peer, &addrs->addrs[a]);
        if (!among || c->scheme != MW_SCHEME_HTTP || c->conn.tls || c->port != origin->port) {
            i++;
            continue;
        }
        if (was_size) /* the name it was used under, before hand_over frees it */
            mw_addr_host_port(was, was_size, c->host, strchr(c->host, ':') != NULL, c->port);
        if (hand_over(pool, i, conn, max_uses))
            return true;
    }
    return false;
}
