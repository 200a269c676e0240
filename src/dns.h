/* dns: asynchronous name resolution with c-ares, driven by the loop.
 *
 * Literal addresses, "localhost" (RFC 6761: always loopback) and ".invalid"
 * names (RFC 6761: always fail) are answered without a query; other names go
 * through c-ares, which reads /etc/hosts first and then asks for A and AAAA.
 * c-ares starts (reads its configuration) at the first such name. */
#ifndef MW_DNS_H
#define MW_DNS_H

#include <stdint.h>

#include "addr.h"
#include "loop.h"

typedef struct mw_dns mw_dns;
typedef struct mw_dns_query mw_dns_query;

/* Called exactly once per query unless it was cancelled. On success
 * addrs->count > 0 and err is NULL; on failure addrs is NULL and err says why
 * ("Name or service not known", "Timed out"). Both are valid only during the call. */
typedef void (*mw_dns_cb)(void *data, const mw_addr_list *addrs, const char *err);

/* Returns NULL on failure with a message in err. */
mw_dns *mw_dns_new(mw_loop *loop, char *err, size_t errlen);
void mw_dns_free(mw_dns *dns);

/* Resolves host (no brackets) for port. family is 0 (both), 4 or 6.
 * timeout_ms 0 means c-ares' own limits only. Returns NULL only when out of memory. */
mw_dns_query *mw_dns_resolve(mw_dns *dns, const char *host, uint16_t port, int family,
                             uint64_t timeout_ms, mw_dns_cb cb, void *data);
/* The callback will not be called after this. */
void mw_dns_cancel(mw_dns_query *query);

#endif
