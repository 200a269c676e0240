#include "shard.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "miniwget/url.h"

int cli_shard_parse(const char *text, cli_shard *shard)
{
    char *slash, *end;
    if (!isdigit((unsigned char)*text))
        return -1;
    errno = 0;
    unsigned long long i = strtoull(text, &slash, 10);
    if (*slash != '/' || !isdigit((unsigned char)slash[1]))
        return -1;
    unsigned long long n = strtoull(slash + 1, &end, 10);
    if (errno || *end || n == 0 || i >= n)
        return -1;
    shard->index = i;
    shard->count = n;
    return 0;
}

uint64_t cli_shard_fnv1a(const char *text)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        h ^= (uint64_t)tolower(*p);
        h *= 0x100000001b3ull;
    }
    return h;
}

bool cli_shard_takes(const cli_shard *shard, const char *url)
{
    if (shard->count == 0)
        return true;
    mw_url parsed;
    char err[160];
    if (mw_url_parse(url, &parsed, err, sizeof err) != MW_URL_OK)
        return shard->index == 0;
    char key[300];
    snprintf(key, sizeof key, parsed.host_is_ipv6 ? "[%s]:%u" : "%s:%u", parsed.host, (unsigned)parsed.port);
    mw_url_free(&parsed);
    return cli_shard_fnv1a(key) % shard->count == shard->index;
}
