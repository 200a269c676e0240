#include "addr.h"

#include <arpa/inet.h>
#include <stddef.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/un.h>

void mw_addr_format(const mw_addr *addr, char *buf, size_t buflen)
{
    if (addr->sa.ss_family == AF_UNIX) {
        snprintf(buf, buflen, "%s", ((const struct sockaddr_un *)&addr->sa)->sun_path);
        return;
    }
    const void *raw = addr->sa.ss_family == AF_INET6
        ? (const void *)&((const struct sockaddr_in6 *)&addr->sa)->sin6_addr
        : (const void *)&((const struct sockaddr_in *)&addr->sa)->sin_addr;
    if (!inet_ntop(addr->sa.ss_family, raw, buf, (socklen_t)buflen) && buflen)
        buf[0] = '\0';
}

int mw_addr_family(const mw_addr *addr)
{
    return addr->sa.ss_family;
}

int mw_addr_from_literal(const char *text, uint16_t port, mw_addr *addr)
{
    memset(addr, 0, sizeof *addr);
    struct sockaddr_in *v4 = (struct sockaddr_in *)&addr->sa;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&addr->sa;
    if (inet_pton(AF_INET, text, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(port);
        addr->len = sizeof *v4;
        return 0;
    }
    if (inet_pton(AF_INET6, text, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(port);
        addr->len = sizeof *v6;
        return 0;
    }
    return -1;
}

bool mw_addr_is_literal(const char *host)
{
    unsigned char raw[sizeof(struct in6_addr)];
    return inet_pton(AF_INET, host, raw) == 1 || inet_pton(AF_INET6, host, raw) == 1;
}

int mw_addr_host_port(char *out, size_t size, const char *host, bool ipv6, unsigned port)
{
    return snprintf(out, size, "%s%s%s:%u", ipv6 ? "[" : "", host, ipv6 ? "]" : "", port);
}

int mw_addr_from_unix_path(const char *path, mw_addr *addr)
{
    memset(addr, 0, sizeof *addr);
    struct sockaddr_un *un = (struct sockaddr_un *)&addr->sa;
    if (!*path || strlen(path) >= sizeof un->sun_path)
        return -1;
    un->sun_family = AF_UNIX;
    strcpy(un->sun_path, path);
    addr->len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1);
    return 0;
}

void mw_addr_list_prefer(mw_addr_list *list, int family)
{
    if (family != 4 && family != 6)
        return;
    int want = family == 4 ? AF_INET : AF_INET6;
    mw_addr_list sorted = { .count = 0 };
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < list->count; i++)
            if ((mw_addr_family(&list->addrs[i]) == want) == (pass == 0))
                sorted.addrs[sorted.count++] = list->addrs[i];
    *list = sorted;
}
