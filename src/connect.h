/* connect: Happy Eyeballs (RFC 8305) TCP connection racing.
 *
 * Addresses are tried interleaved by family, IPv6 first. The next attempt
 * starts 250 ms after the previous one, or at once when one fails; the first
 * socket to connect wins and every other attempt is closed. */
#ifndef MW_CONNECT_H
#define MW_CONNECT_H

#include <stdint.h>

#include "addr.h"
#include "loop.h"

typedef struct mw_connector mw_connector;

/* Attempt outcome, for "Connecting to ...|addr|... failed: reason." lines.
 * err is NULL for the winner. */
typedef void (*mw_connect_attempt_cb)(void *data, const mw_addr *addr, const char *err);

/* Called once: fd >= 0 is a connected non-blocking socket the callee now owns,
 * or fd < 0 and err is the errno of the last failure (ECONNREFUSED, ETIMEDOUT...). */
typedef void (*mw_connect_done_cb)(void *data, int fd, const mw_addr *addr, int err);

#define MW_HAPPY_EYEBALLS_DELAY_MS 250

/* local (NULL or len 0: any) is the address to bind each socket to; an
 * address of another family then fails. timeout_ms bounds the whole race
 * (0: none). AF_UNIX addresses work too. Returns NULL when out of memory. */
mw_connector *mw_connect_start(mw_loop *loop, const mw_addr_list *addrs, const mw_addr *local, uint64_t timeout_ms,
                               mw_connect_attempt_cb on_attempt, mw_connect_done_cb on_done, void *data);
/* Stops the race and closes its sockets; no callback fires afterwards. */
void mw_connect_cancel(mw_connector *conn);

#endif
