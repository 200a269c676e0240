/* crawl: what a recursive download (-r, -p) fetches next.
 *
 * The frontier is a FIFO of URLs found in the pages and stylesheets saved
 * so far (breadth first, as wget), each URL at most once per run. The
 * options' scope rules (-l, -np, -H, -D, -I, -X, -A, -R, the regexes,
 * robots.txt; scope.h) decide what enters. After the crawl, -k points the
 * links of the saved pages at the files saved (convert.h). */
#ifndef MW_CRAWL_H
#define MW_CRAWL_H

#include <stdbool.h>

#include "ctx.h"
#include "miniwget/url.h"

typedef struct mw_crawl mw_crawl;

typedef struct mw_crawl_item {
    mw_url url;
    int depth;          /* links followed from a start URL */
    bool requisite;     /* fetched to display a page (-p) */
    bool robots;        /* its origin's robots.txt */
    bool delete_after;  /* rejected by -A/-R, fetched only for its links */
    bool read_body;     /* --spider: a page is fetched all the same, for its links */
    bool away;          /* on no start URL's scheme+host+port: the options' credentials are not for it */
    bool expect_css;    /* linked as a stylesheet: read as CSS whatever its Content-Type, as wget */
} mw_crawl_item;

/* NULL with the reason in err (a bad regex, out of memory). */
mw_crawl *mw_crawl_new(mw_ctx *ctx, char *err, size_t errlen);
void mw_crawl_free(mw_crawl *c);

/* A start URL (depth 0); false when it was seen already. */
bool mw_crawl_add_root(mw_crawl *c, const mw_url *url);

typedef enum mw_crawl_next_result {
    MW_CRAWL_ITEM,  /* *item is set; release it with mw_crawl_item_free */
    MW_CRAWL_WAIT,  /* what is queued waits for a robots.txt still on its way */
    MW_CRAWL_EMPTY, /* nothing queued */
} mw_crawl_next_result;

mw_crawl_next_result mw_crawl_next(mw_crawl *c, mw_crawl_item *item);
void mw_crawl_item_free(mw_crawl_item *item);

/* The outcome of an item: the URL it ended at after redirects, the file it was saved to (NULL when none) and
 * its Content-Type; pages and stylesheets are read for more links. */
void mw_crawl_done(mw_crawl *c, const mw_crawl_item *item, mw_status status, const mw_url *final_url, const char *path,
                   const char *content_type);

/* After the last download: -k conversion, and --spider's list of broken links. */
void mw_crawl_finish(mw_crawl *c);

#endif
