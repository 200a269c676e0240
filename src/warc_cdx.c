/* warc_cdx: wget's CDX lines, written and read. */
#include "warc_cdx.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

FILE *mw_warc_cdx_create(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "we");
    if (!f || fputs(" CDX a b a m s k r M V g u\n", f) < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        if (f)
            fclose(f);
        return NULL;
    }
    return f;
}

static const char *or_dash(const char *s)
{
    return s && *s ? s : "-";
}

int mw_warc_cdx_add(FILE *cdx, const mw_warc_cdx_entry *e)
{
    /* a space or line break in a field would shift the columns */
    char mime[128], redirect[2048];
    snprintf(mime, sizeof mime, "%s", or_dash(e->mime));
    mime[strcspn(mime, "; \t\r\n")] = '\0';
    snprintf(redirect, sizeof redirect, "%s", or_dash(e->redirect));
    for (char *p = redirect; *p; p++)
        if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
            *p = '+';
    int n = fprintf(cdx, "%s %s %s %s %d %s %s - %llu %s %s\n", e->url, e->timestamp, e->url, or_dash(mime), e->status,
                    or_dash(e->digest), redirect, (unsigned long long)e->offset, e->filename, e->record_id);
    return n < 0 || fflush(cdx) != 0 ? -1 : 0;
}

/* Splits line at spaces into at most max fields; returns their count. */
static int split(char *line, char **fields, int max)
{
    int n = 0;
    for (char *tok = strtok(line, " \t\r\n"); tok && n < max; tok = strtok(NULL, " \t\r\n"))
        fields[n++] = tok;
    return n;
}

int mw_warc_dedup_load(mw_warc_dedup *d, const char *path, char *err, size_t errlen)
{
    *d = (mw_warc_dedup){ 0 };
    FILE *f = fopen(path, "re");
    if (!f) {
        snprintf(err, errlen, "--warc-dedup: %s: %s", path, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    char *fields[32];
    int col_url = -1, col_date = -1, col_digest = -1, col_id = -1, rc = 0;
    if (getline(&line, &cap, f) > 0) {
        int n = split(line, fields, 32);
        for (int i = 1; i < n; i++) { /* fields[0] is "CDX" */
            const char *c = fields[i];
            if (!strcmp(c, "a") && col_url < 0)
                col_url = i - 1;
            else if (!strcmp(c, "b"))
                col_date = i - 1;
            else if (!strcmp(c, "k"))
                col_digest = i - 1;
            else if (!strcmp(c, "u"))
                col_id = i - 1;
        }
    }
    if (col_url < 0 || col_digest < 0 || col_id < 0) {
        snprintf(err, errlen, "--warc-dedup: %s: not a CDX file with the columns a, k and u.", path);
        rc = -1;
    }
    while (rc == 0 && getline(&line, &cap, f) > 0) {
        int n = split(line, fields, 32);
        if (n <= col_url || n <= col_digest || n <= col_id || (col_date >= 0 && n <= col_date))
            continue;
        char *value = NULL;
        if (asprintf(&value, "%s %s %s", col_date >= 0 ? fields[col_date] : "-", fields[col_id], fields[col_url]) < 0 ||
            mw_strmap_put(&d->by_digest, fields[col_digest], value, NULL) < 0) {
            snprintf(err, errlen, "--warc-dedup: out of memory");
            rc = -1;
        }
        free(value);
    }
    free(line);
    fclose(f);
    if (rc < 0)
        mw_warc_dedup_free(d);
    return rc;
}

bool mw_warc_dedup_find(const mw_warc_dedup *d, const char *digest, const char *url, char *record_id, size_t idlen,
                        char *timestamp, size_t tslen)
{
    const char *value;
    if (!d->by_digest.count || !mw_strmap_get(&d->by_digest, digest, &value) || !value)
        return false;
    const char *id = strchr(value, ' ');
    const char *u = id ? strchr(id + 1, ' ') : NULL;
    if (!u || strcmp(u + 1, url) != 0) /* as wget: the same payload of the same URL */
        return false;
    snprintf(timestamp, tslen, "%.*s", (int)(id - value), value);
    snprintf(record_id, idlen, "%.*s", (int)(u - id - 1), id + 1);
    return true;
}

void mw_warc_dedup_free(mw_warc_dedup *d)
{
    mw_strmap_free(&d->by_digest);
}
