/* pool: idle keep-alive connections, keyed by scheme, host and port.
 *
 * A connection is put back only when its response was read to the end and
 * the server allowed keep-alive. An idle connection stays watched on the
 * loop (without keeping it running), and is closed as soon as it turns
 * readable: its peer closed it, or sent bytes no request asked for; taking
 * one checks that again. The pool owns the fds it holds.
 *
 * Each idle connection also keeps its peer's address: as wget, a plain
 * http request to another name on the same port may take a connection to
 * an address that name resolves to (never one over TLS: a second https
 * site on a session made for the first would be another site's socket). */
#ifndef MW_POOL_H
#define MW_POOL_H

#include <stdbool.h>
#include <stdint.h>

#include "addr.h"
#include "conn.h"
#include "loop.h"
#include "miniwget/url.h"

#define MW_POOL_MAX_IDLE 32         /* idle connections kept at most, over all hosts */
#define MW_POOL_IDLE_MS (30 * 1000) /* an idle connection older than this is closed */

typedef struct mw_pool mw_pool;

mw_pool *mw_pool_new(mw_loop *loop);
/* Closes every idle connection. */
void mw_pool_free(mw_pool *pool);

/* Takes conn over (it becomes MW_CONN_NONE), whatever watched it on the
 * loop before; max_uses is how many more requests the server allows on it
 * (Keep-Alive: max), or -1 for no limit. */
void mw_pool_put(mw_pool *pool, const mw_url *origin, mw_conn *conn, int max_uses);
/* An idle, still open connection to origin into *conn; false when none. */
bool mw_pool_take(mw_pool *pool, const mw_url *origin, mw_conn *conn, int *max_uses);
/* For a plain http origin whose host resolved to addrs: an idle, still
 * open plain http connection to the same port and one of those addresses,
 * whatever name it was used under; that name and port ("host:port") go to
 * was (when was_size > 0), as wget's "Reusing" line shows them. */
bool mw_pool_take_by_address(mw_pool *pool, const mw_url *origin, const mw_addr_list *addrs, mw_conn *conn,
                             int *max_uses, char *was, size_t was_size);

#endif
