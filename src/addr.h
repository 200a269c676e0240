/* addr: a socket address and its printable form, shared by dns and connect. */
#ifndef MW_ADDR_H
#define MW_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

typedef struct mw_addr {
    struct sockaddr_storage sa;
    socklen_t len;
} mw_addr;

/* At most this many addresses are kept per name: enough to race, bounded. */
#define MW_MAX_ADDRS 16

typedef struct mw_addr_list {
    size_t count;
    mw_addr addrs[MW_MAX_ADDRS];
} mw_addr_list;

/* --prefer-family: moves the addresses of family (4 or 6) before the
 * others, each group keeping its order; 0 changes nothing. */
void mw_addr_list_prefer(mw_addr_list *list, int family);

/* Numeric address text without port, e.g. "::1" or "127.0.0.1". */
void mw_addr_format(const mw_addr *addr, char *buf, size_t buflen);
int mw_addr_family(const mw_addr *addr);
/* Fills addr from a numeric IPv4/IPv6 literal; returns 0, or -1 if text is not one. */
int mw_addr_from_literal(const char *text, uint16_t port, mw_addr *addr);

/* True when host is a numeric IPv4 or IPv6 address (without brackets), as
 * mw_addr_from_literal() reads one: no cookie domain, HSTS host or SNI name. */
bool mw_addr_is_literal(const char *host);

/* Writes "host:port", or "[host]:port" for an IPv6 literal (ipv6: as
 * mw_url's host_is_ipv6 says), as CONNECT, Host and wget's messages show an
 * endpoint. Returns what snprintf() returns. */
int mw_addr_host_port(char *out, size_t size, const char *host, bool ipv6, unsigned port);

/* Fills addr with an AF_UNIX stream socket path; -1 when it is too long. */
int mw_addr_from_unix_path(const char *path, mw_addr *addr);

#endif
