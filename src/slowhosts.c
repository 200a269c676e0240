#include "slowhosts.h"

#include <stdlib.h>

struct mw_slow_host {
    mw_url origin; /* scheme, host and port matter */
    int notes;
};

static mw_slow_host *find(const mw_slow_hosts *s, const mw_url *url)
{
    for (size_t i = 0; i < s->count; i++)
        if (mw_url_same_origin(&s->hosts[i].origin, url))
            return &s->hosts[i];
    return NULL;
}

int mw_slow_hosts_note(mw_slow_hosts *s, const mw_url *url)
{
    mw_slow_host *h = find(s, url);
    if (h)
        return h->notes < 30 ? ++h->notes : h->notes;
    if (s->count >= MW_SLOW_HOSTS_MAX)
        return 0;
    mw_slow_host *grown = realloc(s->hosts, (s->count + 1) * sizeof *grown);
    if (!grown)
        return 0;
    s->hosts = grown;
    h = &s->hosts[s->count];
    if (mw_url_copy(url, &h->origin) != MW_URL_OK)
        return 0;
    s->count++;
    h->notes = 1;
    return 1;
}

unsigned mw_slow_hosts_limit(const mw_slow_hosts *s, const mw_url *url, unsigned base)
{
    const mw_slow_host *h = s->count ? find(s, url) : NULL;
    if (!h)
        return base;
    unsigned limit = base >> h->notes;
    return limit ? limit : 1;
}

void mw_slow_hosts_free(mw_slow_hosts *s)
{
    for (size_t i = 0; i < s->count; i++)
        mw_url_free(&s->hosts[i].origin);
    free(s->hosts);
    s->hosts = NULL;
    s->count = 0;
}
