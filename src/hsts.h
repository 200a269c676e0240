/* hsts: HTTP Strict Transport Security (RFC 6797), as wget keeps it.
 *
 * Hosts that sent Strict-Transport-Security over HTTPS are remembered, in
 * memory and in a file (~/.mini-wget-hsts by default, wget's format, which
 * wget reads too), and a plain http URL to such a host is upgraded to https
 * before any byte is sent. As in wget, a policy is kept with the port it
 * came from and applies to http URLs on that port, the default ports
 * standing for each other (learnt on 443, it upgrades http on 80); RFC 6797
 * would apply it to every port of the host. IP literals are never HSTS
 * hosts (RFC 6797 8.1.1). */
#ifndef MW_HSTS_H
#define MW_HSTS_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "miniwget/url.h"

typedef struct mw_hsts mw_hsts;

/* Loads the store from path (missing is fine); NULL path: memory only. */
mw_hsts *mw_hsts_load(const char *path);
/* Writes the store back if it changed, and frees it. */
void mw_hsts_save_and_free(mw_hsts *hsts);

/* Records a Strict-Transport-Security header value received from host:port over HTTPS. */
void mw_hsts_learn(mw_hsts *hsts, const char *host, uint16_t port, const char *header, time_t now);
/* Upgrades url to https in place when its host is known; true when it did. */
bool mw_hsts_upgrade(mw_hsts *hsts, mw_url *url, time_t now);

#endif
