/* pool: idle keep-alive connections, keyed by scheme, host and port.
 *
 * A connection is put back only when its response was read to the end and
 * the server allowed keep-alive. Taking one checks that the peer has not
 * closed it meanwhile. The pool owns the fds it holds. */
#ifndef MW_POOL_H
#define MW_POOL_H

#include <stdbool.h>
#include <stdint.h>

#include "miniwget/url.h"
#include "tls.h"

#define MW_POOL_MAX_IDLE 32         /* idle connections kept at most, over all hosts */
#define MW_POOL_IDLE_MS (30 * 1000) /* an idle connection older than this is closed */

typedef struct mw_pool mw_pool;

mw_pool *mw_pool_new(void);
/* Closes every idle connection. */
void mw_pool_free(mw_pool *pool);

/* Hands fd (and its TLS session, or NULL) to the pool; max_uses is how many
 * more requests the server allows on it (Keep-Alive: max), or -1 for no limit. */
void mw_pool_put(mw_pool *pool, const mw_url *origin, int fd, mw_tls *tls, int max_uses);
/* An idle, still open connection to origin, or -1; *tls gets its session. */
int mw_pool_take(mw_pool *pool, const mw_url *origin, mw_tls **tls, int *max_uses);

#endif
