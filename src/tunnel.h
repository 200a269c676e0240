/* tunnel: a CONNECT request through an http proxy, so that TLS to the
 * origin runs end to end and the proxy sees only the host and port. */
#ifndef MW_TUNNEL_H
#define MW_TUNNEL_H

#include <stdint.h>

#include "conn.h"
#include "loop.h"
#include "miniwget/url.h"

typedef struct mw_tunnel mw_tunnel;

/* status: the proxy's answer (2xx: the tunnel is open on fd), or 0 when
 * the exchange failed, with the reason in err. Called once, never from
 * inside mw_tunnel_start. */
typedef void (*mw_tunnel_done_cb)(void *data, int status, const char *reason, const char *err);

/* Sends CONNECT on the connection to the proxy (the caller's: plain TCP,
 * and it must outlive the tunnel) and reads the proxy's answer, waiting at
 * most timeout_ms of silence (0: forever). NULL when out of memory. */
mw_tunnel *mw_tunnel_start(mw_loop *loop, mw_conn *conn, const mw_url *target, const char *user_agent,
                           const char *proxy_authorization, uint64_t timeout_ms, mw_tunnel_done_cb done, void *data);
/* Stops the exchange; no callback fires afterwards. Does not close the connection. */
void mw_tunnel_cancel(mw_tunnel *tunnel);

#endif
