/* slowhosts: the hosts that answered 429 or 503 in this run, and how far
 * their share of the -j downloads is lowered: halved at each such answer,
 * never below one, for the rest of the run. */
#ifndef MW_SLOWHOSTS_H
#define MW_SLOWHOSTS_H

#include <stddef.h>

#include "miniwget/url.h"

typedef struct mw_slow_host mw_slow_host;

typedef struct mw_slow_hosts {
    mw_slow_host *hosts; /* one per scheme+host+port, at most MW_SLOW_HOSTS_MAX */
    size_t count;
} mw_slow_hosts;

#define MW_SLOW_HOSTS_MAX 4096 /* past it a host is not lowered: the table stays bounded */

/* url's origin answered 429 or 503. Returns how many times it has now. */
int mw_slow_hosts_note(mw_slow_hosts *s, const mw_url *url);
/* Downloads allowed at once to url's origin: base for a host never noted
 * (0: no limit), else base halved at each note, at least 1. */
unsigned mw_slow_hosts_limit(const mw_slow_hosts *s, const mw_url *url, unsigned base);
void mw_slow_hosts_free(mw_slow_hosts *s);

#endif
