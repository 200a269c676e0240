/* transfer_h2: a transfer's request as a stream of a shared HTTP/2
 * connection (h2.c): which requests join one, the request as HTTP/2 fields,
 * and the stream's events mapped onto the same steps the HTTP/1.1 path
 * takes (transfer_head.c for the head, the sink for the body, transfer_life.c
 * for the end, a failure or a retry). transfer.c calls it at three points
 * of its machine; nothing else does. */
#ifndef MW_TRANSFER_H2_H
#define MW_TRANSFER_H2_H

#include "transfer_internal.h"

typedef enum mw_xfer_h2_way {
    MW_XFER_H2_NO,      /* HTTP/1.1: connect as ever */
    MW_XFER_H2_LEAD,    /* connect, offering h2 (or h2c by prior knowledge) */
    MW_XFER_H2_WAITING, /* no connecting: another request's connection will carry it */
    MW_XFER_H2_READY,   /* a shared connection has room: connection_ready() sends the request */
} mw_xfer_h2_way;

/* Before resolving: how t->url's request goes. */
mw_xfer_h2_way mw_xfer_h2_join(mw_transfer *t);
/* Offers h2 in the TLS handshake about to start, when t leads. */
void mw_xfer_h2_offer(mw_transfer *t);
/* The lead's connection is up (after TLS, or TCP for h2c): true when it
 * became a shared HTTP/2 connection and the request went out on it (or
 * the transfer ended); false: HTTP/1.1 on t->link.conn as ever. */
bool mw_xfer_h2_connected(mw_transfer *t);
/* After prepare_request on an attached stream: true when the request
 * went out as a stream (or the transfer moved on); false when t has none. */
bool mw_xfer_h2_send(mw_transfer *t);

#endif
