#include "hsts.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "addr.h"

#define MW_HSTS_MAX 1024 /* hosts kept; the oldest entries go first */

typedef struct hsts_entry {
    char host[256];
    int port;               /* the port the policy came from; 0: the default one (wget's "explicit port") */
    bool include_subdomains;
    time_t created;
    long max_age;
} hsts_entry;

struct mw_hsts {
    char *path;
    hsts_entry *entries;
    size_t count;
    bool changed;
};

mw_hsts *mw_hsts_load(const char *path)
{
    mw_hsts *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->entries = calloc(MW_HSTS_MAX, sizeof *h->entries);
    if (!h->entries) {
        free(h);
        return NULL;
    }
    h->path = path ? strdup(path) : NULL;
    FILE *f = path ? fopen(path, "re") : NULL;
    char line[512];
    while (f && fgets(line, sizeof line, f) && h->count < MW_HSTS_MAX) {
        /* wget's format: host [tab] port [tab] include_subdomains [tab] created [tab] max_age */
        hsts_entry e = { 0 };
        int port, incl;
        long long created;
        if (line[0] == '#' || sscanf(line, "%255s %d %d %lld %ld", e.host, &port, &incl, &created, &e.max_age) != 5)
            continue;
        if (port < 0 || port > 65535)
            continue;
        e.port = port;
        e.include_subdomains = incl != 0;
        e.created = (time_t)created;
        h->entries[h->count++] = e;
    }
    if (f)
        fclose(f);
    return h;
}

void mw_hsts_save_and_free(mw_hsts *h)
{
    if (!h)
        return;
    if (h->changed && h->path) {
        char tmp[4096];
        snprintf(tmp, sizeof tmp, "%s.tmp", h->path);
        FILE *f = fopen(tmp, "we");
        if (f) {
            fprintf(f, "# HSTS 1.0 Known Hosts database for mini-wget and GNU Wget.\n"
                       "# <hostname>\t<port>\t<incl. subdomains>\t<created>\t<max-age>\n");
            for (size_t i = 0; i < h->count; i++)
                fprintf(f, "%s\t%d\t%d\t%lld\t%ld\n", h->entries[i].host, h->entries[i].port,
                        h->entries[i].include_subdomains, (long long)h->entries[i].created, h->entries[i].max_age);
            /* replace atomically, so a crash never leaves half a file */
            if (fclose(f) != 0 || rename(tmp, h->path) != 0)
                remove(tmp);
        }
    }
    free(h->path);
    free(h->entries);
    free(h);
}

/* wget's key: the port, 0 for the scheme's default (80 and 443 are one). */
static int explicit_port(mw_scheme scheme, uint16_t port)
{
    return port == mw_scheme_default_port(scheme) ? 0 : port;
}

static hsts_entry *find(mw_hsts *h, const char *host, int port)
{
    for (size_t i = 0; i < h->count; i++)
        if (h->entries[i].port == port && strcasecmp(h->entries[i].host, host) == 0)
            return &h->entries[i];
    return NULL;
}

void mw_hsts_learn(mw_hsts *h, const char *host, uint16_t https_port, const char *header, time_t now)
{
    int port = explicit_port(MW_SCHEME_HTTPS, https_port);
    if (!h || !header || mw_addr_is_literal(host) || strlen(host) >= sizeof h->entries[0].host)
        return;
    long max_age = -1;
    bool subdomains = false;
    for (const char *p = header; *p;) {
        while (*p == ' ' || *p == ';' || *p == '\t')
            p++;
        if (strncasecmp(p, "max-age=", 8) == 0) {
            const char *v = p + 8 + (p[8] == '"');
            max_age = isdigit((unsigned char)*v) ? strtol(v, NULL, 10) : -1;
        } else if (strncasecmp(p, "includeSubDomains", 17) == 0) {
            subdomains = true;
        }
        p += strcspn(p, ";");
    }
    if (max_age < 0)
        return; /* max-age is required (RFC 6797 6.1.1) */
    hsts_entry *e = find(h, host, port);
    if (max_age == 0) { /* the host withdraws itself */
        if (e) {
            *e = h->entries[--h->count];
            h->changed = true;
        }
        return;
    }
    if (!e) {
        if (h->count == MW_HSTS_MAX)
            memmove(h->entries, h->entries + 1, --h->count * sizeof *h->entries);
        e = &h->entries[h->count++];
        snprintf(e->host, sizeof e->host, "%s", host);
        e->port = port;
    }
    e->include_subdomains = subdomains;
    e->created = now;
    e->max_age = max_age;
    h->changed = true;
}

static bool covers(const hsts_entry *e, const char *host, int port, time_t now)
{
    if (now > e->created + e->max_age || e->port != port)
        return false;
    if (strcasecmp(e->host, host) == 0)
        return true;
    size_t hl = strlen(host), el = strlen(e->host);
    return e->include_subdomains && hl > el && host[hl - el - 1] == '.' && strcasecmp(host + hl - el, e->host) == 0;
}

bool mw_hsts_upgrade(mw_hsts *h, mw_url *url, time_t now)
{
    if (!h || url->scheme != MW_SCHEME_HTTP || mw_addr_is_literal(url->host))
        return false;
    int port = explicit_port(MW_SCHEME_HTTP, url->port);
    for (size_t i = 0; i < h->count; i++) {
        if (covers(&h->entries[i], url->host, port, now)) {
            url->scheme = MW_SCHEME_HTTPS;
            if (url->port == 80)
                url->port = 443; /* another port stays (RFC 6797 8.3): the one the policy came from */
            return true;
        }
    }
    return false;
}
