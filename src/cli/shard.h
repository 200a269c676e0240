/* shard: --shard=I/N keeps, of the URLs given (command line and -i), only
 * those whose origin falls in shard I of N, so N processes or machines
 * split one list without talking to each other, and each host still sees
 * one client. The shard of a URL is FNV-1a 64 of its lowercase
 * "host:port" ("[v6addr]:port" for an IPv6 literal; the port always
 * written, 80 or 443 when the URL has none) modulo N. A URL that does not
 * parse belongs to shard 0, so that one process reports it. */
#ifndef MW_CLI_SHARD_H
#define MW_CLI_SHARD_H

#include <stdbool.h>
#include <stdint.h>

typedef struct cli_shard {
    uint64_t index, count; /* count 0: no sharding */
} cli_shard;

/* "I/N" with 0 <= I < N; -1 when malformed. */
int cli_shard_parse(const char *text, cli_shard *shard);
uint64_t cli_shard_fnv1a(const char *text);
/* Whether url (text) belongs to this shard. */
bool cli_shard_takes(const cli_shard *shard, const char *url);

#endif
