#include "crawl.h"

#include <ctype.h>
#include <fnmatch.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "links.h"
#include "robots.h"
#include "strmap.h"

#define MW_CRAWL_MAX_DOCUMENT ((off_t)MW_LINKS_MAX_DOCUMENT) /* pages larger than this are saved but not read for links */

typedef struct queued {
    mw_crawl_item item;
    struct queued *next;
} queued;

typedef struct origin {
    char *key;        /* scheme://host:port */
    bool pending;     /* its robots.txt is on its way */
    mw_robots *rules; /* NULL: everything allowed */
} origin;

typedef struct root {
    mw_url url;
    char *dir;        /* the start URL's directory, for -np */
} root;

typedef struct document {
    char *path;
    char *url;
    bool css;
    size_t order; /* when it was saved: of two URLs saved to one file, the later wrote it */
} document;

struct mw_crawl {
    mw_ctx *ctx;
    const mw_options *o;
    queued *head, *tail;
    mw_strmap seen;   /* every URL queued once */
    mw_strmap saved;  /* URL -> local file, for -k */
    origin *origins;
    size_t norigins;
    root *roots;
    size_t nroots;
    document *documents; /* saved pages and stylesheets, for -k */
    size_t ndocuments;
    mw_strmap broken; /* --spider: URLs that answered with an error */
    regex_t accept_re, reject_re;
    bool has_accept_re, has_reject_re;
};

/* ---- setting up ---- */

static bool compile(mw_crawl *c, const char *pattern, regex_t *re, bool *has, char *err, size_t errlen)
{
    if (!pattern)
        return true;
    int rc = regcomp(re, pattern, REG_EXTENDED | REG_NOSUB | (c->o->ignore_case ? REG_ICASE : 0));
    if (rc != 0) {
        char why[128];
        regerror(rc, re, why, sizeof why);
        snprintf(err, errlen, "Invalid regular expression ‘%s’: %s.", pattern, why);
        return false;
    }
    *has = true;
    return true;
}

mw_crawl *mw_crawl_new(mw_ctx *ctx, char *err, size_t errlen)
{
    mw_crawl *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    c->ctx = ctx;
    c->o = ctx->opts;
    if (!compile(c, c->o->accept_regex, &c->accept_re, &c->has_accept_re, err, errlen) ||
        !compile(c, c->o->reject_regex, &c->reject_re, &c->has_reject_re, err, errlen)) {
        mw_crawl_free(c);
        return NULL;
    }
    return c;
}

void mw_crawl_item_free(mw_crawl_item *item)
{
    mw_url_free(&item->url);
}

void mw_crawl_free(mw_crawl *c)
{
    if (!c)
        return;
    while (c->head) {
        queued *q = c->head;
        c->head = q->next;
        mw_crawl_item_free(&q->item);
        free(q);
    }
    mw_strmap_free(&c->seen);
    mw_strmap_free(&c->saved);
    mw_strmap_free(&c->broken);
    for (size_t i = 0; i < c->norigins; i++) {
        free(c->origins[i].key);
        mw_robots_free(c->origins[i].rules);
    }
    free(c->origins);
    for (size_t i = 0; i < c->nroots; i++) {
        mw_url_free(&c->roots[i].url);
        free(c->roots[i].dir);
    }
    free(c->roots);
    for (size_t i = 0; i < c->ndocuments; i++) {
        free(c->documents[i].path);
        free(c->documents[i].url);
    }
    free(c->documents);
    if (c->has_accept_re)
        regfree(&c->accept_re);
    if (c->has_reject_re)
        regfree(&c->reject_re);
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

static bool push(mw_crawl *c, const mw_crawl_item *item, bool front)
{
    queued *q = calloc(1, sizeof *q);
    if (!q || mw_url_copy(&item->url, &q->item.url) != MW_URL_OK) {
        free(q);
        return false;
    }
    q->item.depth = item->depth;
    q->item.requisite = item->requisite;
    q->item.robots = item->robots;
    q->item.delete_after = item->delete_after;
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

/* The first URL of a host queues its robots.txt ahead of everything. */
static void ensure_robots(mw_crawl *c, const mw_url *url)
{
    if (!c->o->robots || !(c->o->recursive || c->o->page_requisites) || find_origin(c, url)) /* -p asks too, as wget */
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
    char *text = mw_url_to_string(&robots.url);
    bool added = false;
    if (text && mw_strmap_put(&c->seen, text, NULL, &added) == 0 && added)
        push(c, &robots, true);
    else
        o->pending = false;
    free(text);
    mw_url_free(&robots.url);
}

/* Queues the item once per URL. */
static bool enqueue(mw_crawl *c, const mw_crawl_item *item)
{
    char *text = mw_url_to_string(&item->url);
    bool added = false;
    if (!text || mw_strmap_put(&c->seen, text, NULL, &added) < 0 || !added) {
        free(text);
        return false;
    }
    free(text);
    ensure_robots(c, &item->url);
    return push(c, item, false);
}

static bool name_accepted(const mw_crawl *c, const mw_url *url);

static char *directory_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return strndup(path, slash ? (size_t)(slash - path) + 1 : 1);
}

bool mw_crawl_add_root(mw_crawl *c, const mw_url *url)
{
    root *grown = realloc(c->roots, (c->nroots + 1) * sizeof *grown);
    if (!grown)
        return false;
    c->roots = grown;
    root *r = &c->roots[c->nroots];
    if (mw_url_copy(url, &r->url) != MW_URL_OK)
        return false;
    r->dir = directory_of(url->path);
    if (!r->dir) {
        mw_url_free(&r->url);
        return false;
    }
    c->nroots++;
    /* as wget: a start page -A/-R rejects is read for its links, then deleted */
    mw_crawl_item item = { .url = *url, .delete_after = c->o->recursive && !name_accepted(c, url) };
    return enqueue(c, &item);
}

static bool robots_allow(mw_crawl *c, const mw_crawl_item *item, bool *wait)
{
    *wait = false;
    origin *o = item->robots || item->depth == 0 ? NULL : find_origin(c, &item->url);
    if (!o)
        return true;
    if (o->pending) {
        *wait = true;
        return false;
    }
    char *target = mw_url_request_target(&item->url);
    bool allowed = !target || mw_robots_allows(o->rules, target);
    free(target);
    return allowed;
}

/* Credentials and secret headers were given for the start URLs' origins only. */
static bool on_a_root_origin(const mw_crawl *c, const mw_url *url)
{
    for (size_t i = 0; i < c->nroots; i++)
        if (mw_url_same_origin(&c->roots[i].url, url))
            return true;
    return false;
}

static bool may_be_page(const mw_url *url);
static bool default_page_rejected(const mw_crawl *c, const mw_url *url);

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
        if (allowed) {
            *item = q->item;
            free(q);
            item->away = !on_a_root_origin(c, &item->url);
            item->delete_after = item->delete_after || default_page_rejected(c, &item->url);
            /* --spider -r reads pages (then deletes them) and only checks the rest */
            bool deeper = c->o->max_depth == 0 || item->depth < c->o->max_depth;
            if (c->o->spider && c->o->recursive && (item->robots || (deeper && may_be_page(&item->url))))
                item->read_body = item->delete_after = true;
            return MW_CRAWL_ITEM;
        }
        char *text = mw_url_to_string(&q->item.url);
        mw_log(c->ctx, MW_LOG_INFO, "Not following %s: robots.txt forbids it.", text ? text : "a URL");
        free(text);
        mw_crawl_item_free(&q->item);
        free(q);
    }
    return waited ? MW_CRAWL_WAIT : MW_CRAWL_EMPTY;
}

/* ---- scope ---- */

/* Comma-separated list entries, each matched by match(entry, len, data). */
static bool any_entry(const char *list, bool (*match)(const char *entry, size_t len, const void *data),
                      const void *data)
{
    for (const char *p = list; p && *p;) {
        p += strspn(p, ", ");
        size_t len = strcspn(p, ",");
        while (len && p[len - 1] == ' ')
            len--;
        if (len && match(p, len, data))
            return true;
        p += strcspn(p, ",");
    }
    return false;
}

static bool has_wildcard(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] == '*' || s[i] == '?' || s[i] == '[')
            return true;
    return false;
}

typedef struct name_match {
    const char *name;
    bool icase;
} name_match;

/* -A/-R: a suffix ("gif", ".gif"), or a pattern when it has wildcards. */
static bool name_matches(const char *entry, size_t len, const void *data)
{
    const name_match *m = data;
    char pattern[512];
    snprintf(pattern, sizeof pattern, "%.*s", (int)(len < 511 ? len : 511), entry);
    if (has_wildcard(entry, len))
        return fnmatch(pattern, m->name, m->icase ? FNM_CASEFOLD : 0) == 0;
    size_t n = strlen(m->name), plen = strlen(pattern);
    return plen <= n && (m->icase ? strcasecmp(m->name + n - plen, pattern) : strcmp(m->name + n - plen, pattern)) == 0;
}

/* -I/-X: a directory and what is under it, wildcards allowed. */
static bool dir_matches(const char *entry, size_t len, const void *data)
{
    const name_match *m = data;
    char pattern[512];
    snprintf(pattern, sizeof pattern, "%.*s", (int)(len < 500 ? len : 500), entry);
    size_t plen = strlen(pattern);
    if (plen > 1 && pattern[plen - 1] == '/')
        pattern[--plen] = '\0';
    if (has_wildcard(pattern, plen)) {
        strcat(pattern, "*"); /* and below */
        return fnmatch(pattern, m->name, m->icase ? FNM_CASEFOLD : 0) == 0;
    }
    int cmp = m->icase ? strncasecmp(m->name, pattern, plen) : strncmp(m->name, pattern, plen);
    return cmp == 0 && (m->name[plen] == '/' || m->name[plen] == '\0');
}

static bool domain_matches(const char *entry, size_t len, const void *data)
{
    return mw_host_in_domain(data, entry, len);
}

static bool host_in_scope(const mw_crawl *c, const mw_url *url)
{
    const mw_options *o = c->o;
    if (o->exclude_domains && any_entry(o->exclude_domains, domain_matches, url->host))
        return false;
    if (o->span_hosts)
        return !o->domains || any_entry(o->domains, domain_matches, url->host);
    for (size_t i = 0; i < c->nroots; i++)
        if (strcasecmp(c->roots[i].url.host, url->host) == 0)
            return true;
    return false;
}

static bool under_a_root(const mw_crawl *c, const mw_url *url)
{
    for (size_t i = 0; i < c->nroots; i++)
        if (strcasecmp(c->roots[i].url.host, url->host) == 0 && c->roots[i].url.port == url->port &&
            strncmp(url->path, c->roots[i].dir, strlen(c->roots[i].dir)) == 0)
            return true;
    return false;
}

static char *file_name_of(const mw_url *url)
{
    const char *last = strrchr(url->path, '/');
    return mw_percent_decode(last ? last + 1 : url->path, NULL);
}

static bool lists_accept(const mw_crawl *c, const char *name)
{
    const mw_options *o = c->o;
    name_match m = { name, o->ignore_case };
    return (!o->accept || any_entry(o->accept, name_matches, &m)) && !(o->reject && any_entry(o->reject, name_matches, &m));
}

/* -A/-R on a link, before it is fetched: a directory URL has no name to
 * judge yet (as wget); the file it is saved to is judged later. */
static bool name_accepted(const mw_crawl *c, const mw_url *url)
{
    if (!c->o->accept && !c->o->reject)
        return true;
    char *name = file_name_of(url);
    bool ok = name && (!*name || lists_accept(c, name));
    free(name);
    return ok;
}

/* A directory URL is saved as the default page: when -A/-R rejects that
 * name, the page is fetched only for its links, into NAME.tmp, so that the
 * deletion after it cannot take a file of the user's. */
static bool default_page_rejected(const mw_crawl *c, const mw_url *url)
{
    size_t n = strlen(url->path);
    if (!c->o->recursive || (!c->o->accept && !c->o->reject) || n == 0 || url->path[n - 1] != '/')
        return false;
    return !lists_accept(c, c->o->default_page ? c->o->default_page : "index.html");
}

/* -A/-R on the name a file was saved under (index.html, "b.html?x=1"), as wget. */
static bool saved_name_accepted(const mw_crawl *c, const char *path)
{
    if (!c->o->accept && !c->o->reject)
        return true;
    const char *slash = strrchr(path, '/');
    return lists_accept(c, slash ? slash + 1 : path);
}

static bool dirs_accepted(const mw_crawl *c, const mw_url *url)
{
    const mw_options *o = c->o;
    if (!o->include_dirs && !o->exclude_dirs)
        return true;
    char *dir = directory_of(url->path);
    if (!dir)
        return false;
    size_t n = strlen(dir);
    if (n > 1)
        dir[n - 1] = '\0'; /* "/a/b/" -> "/a/b" */
    name_match m = { dir, o->ignore_case };
    bool ok = (!o->include_dirs || any_entry(o->include_dirs, dir_matches, &m)) &&
              !(o->exclude_dirs && any_entry(o->exclude_dirs, dir_matches, &m));
    free(dir);
    return ok;
}

static bool regexes_accept(const mw_crawl *c, const char *text)
{
    return (!c->has_accept_re || regexec(&c->accept_re, text, 0, NULL, 0) == 0) &&
           !(c->has_reject_re && regexec(&c->reject_re, text, 0, NULL, 0) == 0);
}

/* The extension of the URL's last path segment ("." included), or NULL. */
static const char *extension_of(const mw_url *url)
{
    const char *last = strrchr(url->path, '/');
    return last ? strrchr(last, '.') : NULL;
}

/* A page might be HTML: --spider -r reads it (GET) for its links and checks the rest with HEAD. */
static bool may_be_page(const mw_url *url)
{
    const char *dot = extension_of(url);
    return !dot || !strcasecmp(dot, ".html") || !strcasecmp(dot, ".htm") || !strcasecmp(dot, ".shtml") ||
           !strcasecmp(dot, ".php") || !strcasecmp(dot, ".asp") || !strcasecmp(dot, ".aspx") || !strcasecmp(dot, ".xhtml");
}

/* wget's has_html_suffix_p: only such a link is fetched against -A/-R to be
 * read for its links (then deleted); others are judged by name at once. */
static bool has_html_suffix(const mw_url *url)
{
    const char *dot = extension_of(url);
    return dot && (!strcasecmp(dot, ".html") || !strcasecmp(dot, ".htm"));
}

/* Decides whether a link found at depth `depth` is fetched, and how. */
static void consider(mw_crawl *c, const mw_url *url, bool requisite_link, const mw_crawl_item *from)
{
    const mw_options *o = c->o;
    mw_crawl_item item = { .url = *url, .depth = from->depth + 1 };
    bool as_requisite = o->page_requisites && requisite_link;
    if (as_requisite) {
        item.requisite = true;
    } else {
        if (!o->recursive || from->requisite)
            return;
        if (o->max_depth > 0 && item.depth > o->max_depth)
            return;
        if (o->no_parent && !under_a_root(c, url))
            return;
    }
    char *text = mw_url_to_string(url);
    bool in_scope = text && host_in_scope(c, url) && dirs_accepted(c, url) && regexes_accept(c, text);
    free(text);
    if (!in_scope)
        return;
    if (!name_accepted(c, url)) {
        bool deeper = o->max_depth == 0 || item.depth < o->max_depth;
        if (as_requisite || !deeper || !has_html_suffix(url))
            return;
        item.delete_after = true;
    }
    enqueue(c, &item);
}

/* ---- reading what was saved ---- */

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "re");
    if (!f)
        return NULL;
    struct stat st;
    char *data = NULL;
    if (fstat(fileno(f), &st) == 0 && st.st_size <= MW_CRAWL_MAX_DOCUMENT && (data = malloc((size_t)st.st_size + 1))) {
        *len = fread(data, 1, (size_t)st.st_size, f);
        data[*len] = '\0';
    }
    fclose(f);
    return data;
}

static bool type_is(const char *content_type, const char *want)
{
    size_t n = strlen(want);
    return content_type && strncasecmp(content_type, want, n) == 0 && (content_type[n] == '\0' ||
           content_type[n] == ';' || content_type[n] == ' ');
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* 1 for HTML, 2 for CSS, 0 for anything else. */
static int document_kind(const char *path, const char *content_type)
{
    if (type_is(content_type, "text/html") || type_is(content_type, "application/xhtml+xml"))
        return 1;
    if (type_is(content_type, "text/css"))
        return 2;
    if (!content_type && (ends_with(path, ".html") || ends_with(path, ".htm")))
        return 1;
    if (!content_type && ends_with(path, ".css"))
        return 2;
    return 0;
}

/* A page above the link extractor's cap is kept whole, unread: say so. */
static bool too_large_to_scan(mw_crawl *c, const char *path)
{
    struct stat st;
    if (stat(path, &st) < 0 || st.st_size <= MW_CRAWL_MAX_DOCUMENT)
        return false;
    mw_log(c->ctx, MW_LOG_ERROR, "‘%s’ is too large to scan for links (%lld bytes, more than %lld); its links are not followed.",
           path, (long long)st.st_size, (long long)MW_CRAWL_MAX_DOCUMENT);
    return true;
}

static int extract(mw_crawl *c, const char *doc, size_t len, const mw_url *base, bool css, mw_links *links)
{
    return css ? mw_links_from_css(doc, len, base, links)
               : mw_links_from_html(doc, len, base, c->o->follow_tags, c->o->ignore_tags, links);
}

static void remember_document(mw_crawl *c, const char *path, const mw_url *url, bool css)
{
    if (!c->o->convert_links)
        return;
    document *grown = realloc(c->documents, (c->ndocuments + 1) * sizeof *grown);
    if (!grown)
        return;
    c->documents = grown;
    document *d = &c->documents[c->ndocuments];
    d->path = strdup(path);
    d->url = mw_url_to_string(url);
    d->css = css;
    d->order = c->ndocuments;
    if (d->path && d->url)
        c->ndocuments++;
    else {
        free(d->path);
        free(d->url);
    }
}

static void read_robots(mw_crawl *c, const mw_crawl_item *item, const char *path)
{
    origin *o = find_origin(c, &item->url);
    if (!o)
        return;
    o->pending = false;
    size_t len = 0;
    char *text = path ? read_file(path, &len) : NULL;
    if (text)
        o->rules = mw_robots_parse(text, len);
    free(text);
}

/* The directories a deleted page alone needed go too (--spider leaves nothing). */
static void remove_empty_parents(mw_crawl *c, const char *path)
{
    char *dir = strdup(path);
    size_t keep = c->o->directory ? strlen(c->o->directory) : 0;
    for (char *slash; dir && (slash = strrchr(dir, '/')) && (size_t)(slash - dir) > keep;) {
        *slash = '\0';
        if (rmdir(dir) < 0)
            break;
    }
    free(dir);
}

void mw_crawl_done(mw_crawl *c, const mw_crawl_item *item, mw_status status, const mw_url *final_url, const char *path,
                   const char *content_type)
{
    if (item->robots) {
        read_robots(c, item, status == MW_OK ? path : NULL);
        if (path && (item->delete_after || c->o->delete_after)) {
            unlink(path);
            remove_empty_parents(c, path);
        }
        return;
    }
    if (status == MW_ERR_SERVER && c->o->spider) {
        char *broken = mw_url_to_string(&item->url);
        if (broken)
            mw_strmap_put(&c->broken, broken, NULL, NULL);
        free(broken);
    }
    if (status != MW_OK || !path)
        return;
    /* a file to be deleted was saved as NAME.tmp (the transfer's MW_TRANSFER_TEMPORARY): NAME is what it is */
    char *name = item->delete_after || c->o->delete_after ? strdup(path) : NULL;
    if (name && ends_with(name, ".tmp"))
        name[strlen(name) - 4] = '\0';
    bool rejected = item->delete_after || !saved_name_accepted(c, name ? name : path);
    bool delete_after = rejected || c->o->delete_after;
    char *text = mw_url_to_string(&item->url), *final_text = mw_url_to_string(final_url);
    if (text && !delete_after)
        mw_strmap_put(&c->saved, text, path, NULL);
    if (final_text && !delete_after)
        mw_strmap_put(&c->saved, final_text, path, NULL);
    free(text);
    free(final_text);
    int kind = document_kind(name ? name : path, content_type);
    free(name);
    size_t len = 0;
    char *doc = kind && !too_large_to_scan(c, path) ? read_file(path, &len) : NULL;
    mw_links links = { 0 };
    if (doc && extract(c, doc, len, final_url, kind == 2, &links) == 0) {
        /* <meta name=robots content=nofollow>: as wget, no link of the page
         * is followed, not even what displays it (-e robots=off overrides) */
        bool nofollow = links.nofollow && c->o->robots;
        for (size_t i = 0; i < links.count && !nofollow; i++) {
            mw_url url;
            if (mw_url_parse(links.items[i].url, &url, NULL, 0) != MW_URL_OK)
                continue;
            consider(c, &url, links.items[i].kind == MW_LINK_REQUISITE, item);
            mw_url_free(&url);
        }
        if (!delete_after)
            remember_document(c, path, final_url, kind == 2);
    }
    mw_links_free(&links);
    free(doc);
    if (delete_after) {
        if (!item->read_body)
            mw_log(c->ctx, MW_LOG_INFO, rejected ? "Removing %s since it should be rejected.\n" : "Removing %s.", path);
        unlink(path);
        remove_empty_parents(c, path);
    }
}

/* ---- -k ---- */

/* The relative reference from the directory of `from` to the file `to`. */
static char *relative_path(const char *from, const char *to)
{
    size_t common = 0;
    for (size_t i = 0; from[i] && from[i] == to[i]; i++)
        if (from[i] == '/')
            common = i + 1;
    size_t ups = 0;
    for (const char *p = from + common; *p; p++)
        ups += *p == '/';
    const char *rest = to + common;
    char *out = malloc(ups * 3 + strlen(rest) * 3 + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < ups; i++)
        o = stpcpy(o, "../");
    /* a local file name as a URL reference: escape what would change its meaning */
    for (; *rest; rest++) {
        unsigned char ch = (unsigned char)*rest;
        if (ch == '%' || ch == '?' || ch == '#' || ch == ' ' || ch == '"' || ch == '\'' || ch < 0x20 || ch == 0x7f) {
            sprintf(o, "%%%02X", ch);
            o += 3;
        } else {
            *o++ = (char)ch;
        }
    }
    *o = '\0';
    return out;
}

static int by_offset(const void *a, const void *b)
{
    const mw_link *x = a, *y = b;
    return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* What a link's text becomes: the local file (relative), or the absolute URL. */
static char *replacement(mw_crawl *c, const document *d, const mw_link *link, const char *raw, size_t raw_len)
{
    const char *local;
    const char *hash = memchr(raw, '#', raw_len);
    size_t frag_len = hash ? raw_len - (size_t)(hash - raw) : 0;
    char *out = NULL;
    if (mw_strmap_get(&c->saved, link->url, &local) && local) {
        char *rel = relative_path(d->path, local);
        if (rel && asprintf(&out, "%s%.*s", rel, (int)frag_len, hash ? hash : "") < 0)
            out = NULL;
        free(rel);
    } else if (asprintf(&out, "%s%.*s", link->url, (int)frag_len, hash ? hash : "") < 0) {
        out = NULL;
    }
    return out;
}

/* The parser gave the link decoded: HTML holds & as &amp; again, CSS as it is. */
static void put_link(FILE *out, const char *link, bool css)
{
    for (; *link; link++) {
        if (*link == '&' && !css)
            fputs("&amp;", out);
        else
            fputc(*link, out);
    }
}

static void convert(mw_crawl *c, const document *d)
{
    size_t len = 0;
    char *doc = read_file(d->path, &len);
    mw_url base;
    mw_links links = { 0 };
    if (!doc || mw_url_parse(d->url, &base, NULL, 0) != MW_URL_OK) {
        free(doc);
        return;
    }
    if (extract(c, doc, len, &base, d->css, &links) == 0 && links.count) {
        qsort(links.items, links.count, sizeof *links.items, by_offset);
        char *tmp = NULL, *orig = NULL;
        FILE *out = asprintf(&tmp, "%s.mw-convert", d->path) >= 0 ? fopen(tmp, "we") : NULL;
        size_t at = 0;
        for (size_t i = 0; out && i < links.count; i++) {
            const mw_link *l = &links.items[i];
            if (!l->len || l->offset < at || l->offset + l->len > len)
                continue;
            char *with = replacement(c, d, l, doc + l->offset, l->len);
            if (!with)
                continue;
            fwrite(doc + at, 1, l->offset - at, out);
            put_link(out, with, d->css);
            at = l->offset + l->len;
            free(with);
        }
        bool ok = out && fwrite(doc + at, 1, len - at, out) == len - at;
        if (out && fclose(out) != 0)
            ok = false;
        if (ok && c->o->backup_converted && asprintf(&orig, "%s.orig", d->path) >= 0)
            ok = link(d->path, orig) == 0 || rename(d->path, orig) == 0;
        if (ok && rename(tmp, d->path) == 0)
            mw_log(c->ctx, MW_LOG_INFO, "Converted links in %s.", d->path);
        else if (tmp)
            unlink(tmp);
        free(tmp);
        free(orig);
    }
    mw_links_free(&links);
    mw_url_free(&base);
    free(doc);
}

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

static int by_path_then_order(const void *a, const void *b)
{
    const document *x = a, *y = b;
    int by_path = strcmp(x->path, y->path);
    return by_path ? by_path : x->order < y->order ? -1 : x->order > y->order;
}

void mw_crawl_finish(mw_crawl *c)
{
    if (c->o->spider && c->o->recursive)
        report_broken(c);
    /* Several URLs may be saved to one file (dir/ and dir/index.html): it is
     * converted once, read against the URL that wrote it last. Converting it
     * again would read its own converted links, and -K would keep those. */
    if (c->ndocuments > 1)
        qsort(c->documents, c->ndocuments, sizeof *c->documents, by_path_then_order);
    for (size_t i = 0; i < c->ndocuments; i++)
        if (i + 1 == c->ndocuments || strcmp(c->documents[i].path, c->documents[i + 1].path) != 0)
            convert(c, &c->documents[i]);
}
