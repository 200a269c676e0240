/* crawl: the bookkeeping of a recursive download (see crawl.h): the queue
 * of URLs to fetch, the set of URLs seen, each origin's robots.txt, the
 * pages read for more links once saved, and --spider's broken links. What
 * may enter the queue is scope.c's decision; -k is convert.c's. */
#include "crawl.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "convert.h"
#include "document.h"
#include "layout.h"
#include "links.h"
#include "rejected.h"
#include "robots.h"
#include "scope.h"
#include "strmap.h"

typedef struct queued {
    mw_crawl_item item;
    mw_url parent; /* --rejected-log: the page that linked here, for a ROBOTS line */
    struct queued *next;
} queued;

typedef struct origin {
    char *key;        /* scheme://host:port */
    bool pending;     /* its robots.txt is on its way */
    mw_robots *rules; /* NULL: everything allowed */
} origin;

struct mw_crawl {
    mw_ctx *ctx;
    const mw_options *o;
    queued *head, *tail;
    mw_strmap seen;   /* every URL queued once */
    origin *origins;
    size_t norigins;
    mw_url *roots;    /* the start URLs */
    size_t nroots;
    mw_scope_regexes regexes;
    mw_convert *convert; /* -k; NULL without it */
    mw_strmap broken; /* --spider: URLs that answered with an error */
    mw_strmap fetched; /* where redirects led: saved already, not fetched again (as wget) */
    FILE *rejected;   /* --rejected-log; NULL without it */
};

/* The rules, relative to the start URLs added so far. */
static mw_scope scope_of(const mw_crawl *c)
{
    return (mw_scope){ .options = c->o, .roots = c->roots, .nroots = c->nroots, .regexes = &c->regexes };
}

/* ---- setting up ---- */

mw_crawl *mw_crawl_new(mw_ctx *ctx, char *err, size_t errlen)
{
    mw_crawl *c = calloc(1, sizeof *c);
    if (!c || (ctx->opts->convert_links && !(c->convert = mw_convert_new(ctx)))) {
        free(c);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    c->ctx = ctx;
    c->o = ctx->opts;
    if (!mw_scope_regexes_compile(c->o, &c->regexes, err, errlen) ||
        (c->o->rejected_log && !(c->rejected = mw_rejected_open(c->o->rejected_log, err, errlen)))) {
        mw_crawl_free(c);
        return NULL;
    }
    return c;
}

void mw_crawl_item_free(mw_crawl_item *item)
{
    mw_url_free(&item->url);
}

/* A queued link that will not be fetched, with all it holds. */
static void drop_queued(queued *q)
{
    mw_crawl_item_free(&q->item);
    mw_url_free(&q->parent);
    free(q);
}

void mw_crawl_free(mw_crawl *c)
{
    if (!c)
        return;
    while (c->head) {
        queued *q = c->head;
        c->head = q->next;
        drop_queued(q);
    }
    mw_strmap_free(&c->seen);
    mw_strmap_free(&c->broken);
    mw_strmap_free(&c->fetched);
    for (size_t i = 0; i < c->norigins; i++) {
        free(c->origins[i].key);
        mw_robots_free(c->origins[i].rules);
    }
    free(c->origins);
    for (size_t i = 0; i < c->nroots; i++)
        mw_url_free(&c->roots[i]);
    free(c->roots);
    mw_scope_regexes_free(&c->regexes);
    mw_convert_free(c->convert);
    if (c->rejected)
        fclose(c->rejected);
    free(c);
}

/* ---- the queue and robots.txt ---- */

static char *origin_key(const mw_url *url)
{
    char *key = NULL;
    if (asprintf(&key, "%s://%s:%u", mw_scheme_name(url->scheme), url->host, url->port) < 0)
        return NULL;
    return key;
}

static origin *find_origin(mw_crawl *c, const mw_url *url)
{
    char *key = origin_key(url);
    origin *found = NULL;
    for (size_t i = 0; key && i < c->norigins && !found; i++)
        if (strcmp(c->origins[i].key, key) == 0)
            found = &c->origins[i];
    free(key);
    return found;
}

static bool push(mw_crawl *c, const mw_crawl_item *item, bool front, const mw_url *parent)
{
    queued *q = calloc(1, sizeof *q);
    if (!q || mw_url_copy(&item->url, &q->item.url) != MW_URL_OK) {
        free(q);
        return false;
    }
    if (parent && c->rejected && mw_url_copy(parent, &q->parent) != MW_URL_OK)
        memset(&q->parent, 0, sizeof q->parent);
    q->item.depth = item->depth;
    q->item.requisite = item->requisite;
    q->item.robots = item->robots;
    q->item.delete_after = item->delete_after;
    q->item.read_body = item->read_body;
    q->item.expect_css = item->expect_css;
    if (front) {
        q->next = c->head;
        c->head = q;
        if (!c->tail)
            c->tail = q;
    } else {
        if (c->tail)
            c->tail->next = q;
        else
            c->head = q;
        c->tail = q;
    }
    return true;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)tolower((unsigned char)c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The first link to a host queues its robots.txt ahead of everything. */
static void ensure_robots(mw_crawl *c, const mw_url *url)
{
    if (!mw_scope_asks_robots(c->o) || find_origin(c, url))
        return;
    origin *grown = realloc(c->origins, (c->norigins + 1) * sizeof *grown);
    if (!grown)
        return;
    c->origins = grown;
    origin *o = &c->origins[c->norigins];
    *o = (origin){ .key = origin_key(url), .pending = true };
    if (!o->key)
        return;
    c->norigins++;
    mw_crawl_item robots = { .depth = 0, .robots = true };
    if (mw_url_resolve(url, "/robots.txt", &robots.url, NULL, 0) != MW_URL_OK)
        return;
    /* as wget: -A/-R that turn down "robots.txt" have it saved as .tmp, read, deleted */
    robots.delete_after = c->o->recursive && !mw_scope_link_name_accepted(c->o, &robots.url);
    char *text = mw_url_to_string(&robots.url);
    bool added = false;
    if (text && mw_strmap_put(&c->seen, text, NULL, &added) == 0 && added)
        push(c, &robots, true, NULL);
    else
        o->pending = false;
    free(text);
    mw_url_free(&robots.url);
}

/* The URL as the seen-set knows it: as wget, "%7E" and "~", "%31" and "1"
 * are the same URL (escapes of unreserved characters undone). */
static char *seen_key(const mw_url *url)
{
    char *text = mw_url_to_string(url), *out = text;
    for (const char *p = text; p && *p; p++) {
        int hi, lo;
        if (p[0] == '%' && (hi = hex_value(p[1])) >= 0 && (lo = hex_value(p[2])) >= 0) {
            char c = (char)(hi * 16 + lo);
            if (isalnum((unsigned char)c) || c == '-' || c == '.' || c == '_' || c == '~') {
                *out++ = c;
                p += 2;
                continue;
            }
        }
        *out++ = *p;
    }
    if (out)
        *out = '\0';
    return text;
}

/* Queues the item once per URL. */
static bool enqueue(mw_crawl *c, const mw_crawl_item *item, const mw_url *parent)
{
    char *text = seen_key(&item->url);
    bool added = false;
    if (!text || mw_strmap_put(&c->seen, text, NULL, &added) < 0 || !added) {
        free(text);
        return false;
    }
    free(text);
    /* as wget: robots.txt binds no start URL, so it is asked for only once a
     * page of the host links somewhere (after the first page, not before) */
    if (item->depth > 0)
        ensure_robots(c, &item->url);
    return push(c, item, false, parent);
}

bool mw_crawl_add_root(mw_crawl *c, const mw_url *url)
{
    mw_url *grown = realloc(c->roots, (c->nroots + 1) * sizeof *grown);
    if (!grown)
        return false;
    c->roots = grown;
    if (mw_url_copy(url, &c->roots[c->nroots]) != MW_URL_OK)
        return false;
    c->nroots++;
    /* as wget: a start page -A/-R rejects is read for its links, then deleted */
    mw_crawl_item item = { .url = *url, .delete_after = c->o->recursive && !mw_scope_link_name_accepted(c->o, url) };
    return enqueue(c, &item, NULL);
}

/* ---- files in the way ---- */

static void move_aside(mw_crawl *c, const char *path)
{
    size_t n = strlen(path) + 16;
    char *aside = malloc(n);
    for (unsigned k = 1; aside && k < 100000; k++) {
        snprintf(aside, n, "%s.%u", path, k);
        if (link(path, aside) == 0) { /* never replaces what is there */
            if (unlink(path) == 0)
                mw_log(c->ctx, MW_LOG_INFO, "Moved ‘%s’ to ‘%s’: a directory must go there.", path, aside);
            break;
        }
        if (errno != EEXIST)
            break;
    }
    free(aside);
}

/* A file where a directory of the tree must go (a page saved as "d" before
 * "d/x.html" came): wget deletes it; it is moved aside to the first free
 * "d.N" instead, so that nothing is lost. Only the directories the crawl
 * lays out below the -P prefix are looked at: a path the user gave is
 * theirs. */
static void make_room(mw_crawl *c, const mw_url *url)
{
    char *dir = NULL, *name = NULL;
    if (!c->o->spider && mw_layout_place(c->o, url, &dir, &name) == 0 && dir) {
        size_t keep = c->o->directory && *c->o->directory ? strlen(c->o->directory) + 1 : 0;
        for (char *p = dir + (keep < strlen(dir) ? keep : strlen(dir));; p++) {
            if (*p != '/' && *p != '\0')
                continue;
            char saved = *p;
            *p = '\0';
            struct stat st;
            if (*dir && lstat(dir, &st) == 0 && S_ISREG(st.st_mode))
                move_aside(c, dir);
            *p = saved;
            if (!saved)
                break;
        }
    }
    free(dir);
    free(name);
}

/* False with *wait set while the item's robots.txt is on its way. */
static bool robots_allow(mw_crawl *c, const mw_crawl_item *item, bool *wait)
{
    *wait = false;
    origin *o = mw_scope_robots_bind(item->depth, item->robots) ? find_origin(c, &item->url) : NULL;
    if (!o)
        return true;
    if (o->pending) {
        *wait = true;
        return false;
    }
    return mw_scope_robots_allow(o->rules, &item->url);
}

/* A URL queued before a redirect led to it, and saved then: wget's
 * dl_url_file_map, which asks for it no second time. */
static bool already_fetched(const mw_crawl *c, const mw_url *url)
{
    if (c->fetched.count == 0)
        return false;
    char *key = seen_key(url);
    bool found = key && mw_strmap_get(&c->fetched, key, NULL);
    free(key);
    return found;
}

/* After a redirect, where it led counts as fetched: later links to it are
 * not queued, and one queued already is dropped (see mw_crawl_next()). */
static void redirect_fetched(mw_crawl *c, const mw_url *url, const mw_url *final_url)
{
    char *key = final_url ? seen_key(final_url) : NULL, *from = key ? seen_key(url) : NULL;
    if (key && from && strcmp(key, from) != 0) {
        mw_strmap_put(&c->seen, key, NULL, NULL);
        mw_strmap_put(&c->fetched, key, NULL, NULL);
    }
    free(key);
    free(from);
}

mw_crawl_next_result mw_crawl_next(mw_crawl *c, mw_crawl_item *item)
{
    queued **link = &c->head, *previous = NULL;
    bool waited = false;
    while (*link) {
        queued *q = *link;
        bool wait;
        bool allowed = robots_allow(c, &q->item, &wait);
        if (wait) { /* leave it queued, look further */
            waited = true;
            previous = q;
            link = &q->next;
            continue;
        }
        *link = q->next;
        if (c->tail == q)
            c->tail = previous;
        if (allowed && already_fetched(c, &q->item.url)) {
            drop_queued(q);
            continue;
        }
        if (allowed) {
            *item = q->item;
            mw_url_free(&q->parent);
            free(q);
            mw_scope scope = scope_of(c);
            item->away = !mw_scope_on_a_root_origin(&scope, &item->url);
            item->delete_after = item->delete_after || mw_scope_default_page_rejected(c->o, &item->url);
            /* --spider -r: robots.txt is read; everything else is asked
             * for with HEAD first (see spider_page()) */
            if (c->o->spider && c->o->recursive && item->robots)
                item->read_body = item->delete_after = true;
            make_room(c, &item->url);
            return MW_CRAWL_ITEM;
        }
        char *text = mw_url_to_string(&q->item.url);
        mw_log(c->ctx, MW_LOG_INFO, "Not following %s: robots.txt forbids it.", text ? text : "a URL");
        free(text);
        if (c->rejected)
            mw_rejected_write(c->rejected, "ROBOTS", &q->item.url, q->parent.host ? &q->parent : NULL);
        drop_queued(q);
    }
    return waited ? MW_CRAWL_WAIT : MW_CRAWL_EMPTY;
}

/* Queues a link found in the page `from`, as the scope rules say. */
static void consider(mw_crawl *c, const mw_url *url, const mw_link *link, const mw_crawl_item *from)
{
    mw_scope scope = scope_of(c);
    bool requisite_link = link->kind == MW_LINK_REQUISITE;
    mw_scope_verdict verdict = mw_scope_judge_link(&scope, url, requisite_link, from->depth, from->requisite);
    if (verdict == MW_SCOPE_SKIP) {
        if (c->rejected && !from->requisite && mw_scope_goes_deeper(c->o, from->depth))
            mw_rejected_write(c->rejected, mw_rejected_reason(&scope, url, requisite_link), url, &from->url);
        return;
    }
    mw_crawl_item item = {
        .url = *url,
        .depth = from->depth + 1,
        .requisite = verdict == MW_SCOPE_FETCH_REQUISITE,
        .delete_after = verdict == MW_SCOPE_FETCH_TO_READ,
        .expect_css = link->stylesheet || (link->attr && strcmp(link->attr, "import") == 0),
    };
    if (!enqueue(c, &item, &from->url))
        mw_rejected_write(c->rejected, "BLACKLIST", url, &from->url); /* seen before, as wget logs it */
}

/* ---- reading what was saved ---- */

/* A page above the link extractor's cap is kept whole, unread: say so. */
static bool too_large_to_scan(mw_crawl *c, const char *path)
{
    struct stat st;
    if (stat(path, &st) < 0 || st.st_size <= MW_DOCUMENT_MAX)
        return false;
    mw_log(c->ctx, MW_LOG_ERROR, "‘%s’ is too large to scan for links (%lld bytes, more than %lld); its links are not followed.",
           path, (long long)st.st_size, (long long)MW_DOCUMENT_MAX);
    return true;
}

static void read_robots(mw_crawl *c, const mw_crawl_item *item, const char *path)
{
    origin *o = find_origin(c, &item->url);
    if (!o)
        return;
    o->pending = false;
    size_t len = 0;
    char *text = path ? mw_document_read(path, &len) : NULL;
    if (text)
        o->rules = mw_robots_parse(text, len);
    free(text);
}

/* A file to be deleted was saved as NAME.tmp (the transfer's
 * MW_TRANSFER_TEMPORARY): NAME is what it is. NULL when it is not to be
 * deleted. */
static char *name_before_temporary(const char *path)
{
    char *name = strdup(path);
    size_t n = name ? strlen(name) : 0;
    if (n >= 4 && strcasecmp(name + n - 4, ".tmp") == 0)
        name[n - 4] = '\0';
    return name;
}

/* --spider -r, as wget: a HEAD that finds a page or a stylesheet (by its
 * Content-Type) is followed at once by a GET of it, read for its links and
 * deleted. True when the GET is queued. */
static bool spider_page(mw_crawl *c, const mw_crawl_item *item, mw_status status, const char *content_type)
{
    if (!c->o->spider || !c->o->recursive || item->read_body || item->robots || status != MW_OK ||
        mw_document_kind_of("", content_type) == MW_DOCUMENT_OTHER)
        return false;
    mw_crawl_item get = *item;
    get.read_body = get.delete_after = true;
    return push(c, &get, true, NULL);
}

void mw_crawl_done(mw_crawl *c, const mw_crawl_item *item, mw_status status, const mw_url *final_url, const char *path,
                   const char *content_type)
{
    if (item->robots) {
        read_robots(c, item, status == MW_OK ? path : NULL);
        if (path && (item->delete_after || c->o->delete_after)) {
            unlink(path); /* its directories stay, as wget leaves them */
        }
        return;
    }
    if (status == MW_ERR_SERVER && c->o->spider) {
        char *broken = mw_url_to_string(&item->url);
        if (broken)
            mw_strmap_put(&c->broken, broken, NULL, NULL);
        free(broken);
    }
    if (spider_page(c, item, status, content_type))
        return;
    /* --content-on-error: -k points links at the error pages saved too, as wget */
    if (status == MW_ERR_SERVER && path && c->convert && c->o->content_on_error && !c->o->delete_after)
        mw_convert_saved(c->convert, &item->url, path);
    if (status != MW_OK || !path)
        return;
    redirect_fetched(c, &item->url, final_url);
    char *name = item->delete_after || c->o->delete_after ? name_before_temporary(path) : NULL;
    bool rejected = item->delete_after || !mw_scope_saved_name_accepted(c->o, name ? name : path);
    bool delete_after = rejected || c->o->delete_after;
    if (c->convert && !delete_after) {
        mw_convert_saved(c->convert, &item->url, path);
        mw_convert_saved(c->convert, final_url, path);
    }
    /* as wget: a stylesheet is read as CSS whatever its label (servers get
     * it wrong), but -k converts it as what it was labelled */
    mw_document_kind typed = mw_document_kind_of(name ? name : path, content_type);
    mw_document_kind kind = item->expect_css ? MW_DOCUMENT_CSS : typed;
    free(name);
    size_t len = 0;
    char *doc = kind != MW_DOCUMENT_OTHER && !too_large_to_scan(c, path) ? mw_document_read(path, &len) : NULL;
    mw_links links = { 0 };
    if (doc && mw_document_links_typed(c->o, doc, len, final_url, kind, content_type, &links) == 0) {
        /* <meta name=robots content=nofollow>: as wget, no link of the page
         * is followed, not even what displays it (-e robots=off overrides) */
        bool nofollow = links.nofollow && c->o->robots;
        for (size_t i = 0; i < links.count && !nofollow; i++) {
            mw_url url;
            if (mw_url_parse(links.items[i].url, &url, NULL, 0) != MW_URL_OK)
                continue;
            if (c->o->relative_only && !mw_link_is_relative(doc, &links.items[i])) { /* -L */
                mw_rejected_write(c->rejected, "ABSOLUTE", &url, &item->url);
                mw_url_free(&url);
                continue;
            }
            consider(c, &url, &links.items[i], item);
            mw_url_free(&url);
        }
        if (c->convert && !delete_after && typed != MW_DOCUMENT_OTHER)
            mw_convert_page(c->convert, path, final_url, typed, content_type);
    }
    mw_links_free(&links);
    free(doc);
    if (delete_after) {
        if (!item->read_body)
            mw_log(c->ctx, MW_LOG_INFO, rejected ? "Removing %s since it should be rejected.\n" : "Removing %s.", path);
        unlink(path); /* its directories stay, as wget leaves them */
    }
}

/* ---- the end ---- */

/* wget's summary of --spider -r. */
static void report_broken(mw_crawl *c)
{
    if (c->broken.count == 0) {
        mw_log(c->ctx, MW_LOG_INFO, "Found no broken links.\n");
        return;
    }
    mw_log(c->ctx, MW_LOG_ERROR, "Found %zu broken link%s.\n", c->broken.count, c->broken.count == 1 ? "" : "s");
    for (size_t i = 0; i < c->broken.capacity; i++)
        if (c->broken.slots[i].key)
            mw_log(c->ctx, MW_LOG_ERROR, "%s", c->broken.slots[i].key);
    mw_log(c->ctx, MW_LOG_ERROR, "%s", "");
}

void mw_crawl_finish(mw_crawl *c)
{
    if (c->o->spider && c->o->recursive)
        report_broken(c);
    if (c->convert)
        mw_convert_run(c->convert);
}
