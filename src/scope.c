/* scope: the rules deciding which URLs a crawl fetches, as pure functions
 * of the options and URLs (see scope.h). */
#include "scope.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fields.h"

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

/* ---- the regexes ---- */

/* --regex-type=pcre: Perl syntax through PCRE2, as wget built with it. */
static bool compile_pcre(const mw_options *o, const char *pattern, void **code, bool *has, char *err, size_t errlen)
{
    if (!pattern)
        return true;
    int rc;
    PCRE2_SIZE at;
    *code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, o->ignore_case ? PCRE2_CASELESS : 0, &rc, &at, NULL);
    if (!*code) {
        PCRE2_UCHAR why[128];
        pcre2_get_error_message(rc, why, sizeof why);
        snprintf(err, errlen, "Invalid regular expression ‘%s’: %s at offset %zu.", pattern, (const char *)why, (size_t)at);
        return false;
    }
    *has = true;
    return true;
}

static bool pcre_matches(void *code, const char *text)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
    int rc = md ? pcre2_match(code, (PCRE2_SPTR)text, PCRE2_ZERO_TERMINATED, 0, 0, md, NULL) : -1;
    pcre2_match_data_free(md);
    return rc >= 0;
}

static bool compile(const mw_options *o, const char *pattern, regex_t *re, bool *has, char *err, size_t errlen)
{
    if (!pattern)
        return true;
    int rc = regcomp(re, pattern, REG_EXTENDED | REG_NOSUB | (o->ignore_case ? REG_ICASE : 0));
    if (rc != 0) {
        char why[128];
        regerror(rc, re, why, sizeof why);
        snprintf(err, errlen, "Invalid regular expression ‘%s’: %s.", pattern, why);
        return false;
    }
    *has = true;
    return true;
}

bool mw_scope_regexes_compile(const mw_options *o, mw_scope_regexes *re, char *err, size_t errlen)
{
    *re = (mw_scope_regexes){ 0 };
    if (o->regex_pcre) {
        if (compile_pcre(o, o->accept_regex, &re->pcre_accept, &re->has_accept, err, errlen) &&
            compile_pcre(o, o->reject_regex, &re->pcre_reject, &re->has_reject, err, errlen))
            return true;
        mw_scope_regexes_free(re);
        return false;
    }
    if (compile(o, o->accept_regex, &re->accept, &re->has_accept, err, errlen) &&
        compile(o, o->reject_regex, &re->reject, &re->has_reject, err, errlen))
        return true;
    mw_scope_regexes_free(re);
    return false;
}

void mw_scope_regexes_free(mw_scope_regexes *re)
{
    if (re->pcre_accept || re->pcre_reject) {
        pcre2_code_free(re->pcre_accept);
        pcre2_code_free(re->pcre_reject);
        re->pcre_accept = re->pcre_reject = NULL;
        re->has_accept = re->has_reject = false;
        return;
    }
    if (re->has_accept)
        regfree(&re->accept);
    if (re->has_reject)
        regfree(&re->reject);
    re->has_accept = re->has_reject = false;
}

bool mw_scope_regexes_accept(const mw_scope_regexes *re, const char *url_text)
{
    if (re->pcre_accept || re->pcre_reject)
        return (!re->pcre_accept || pcre_matches(re->pcre_accept, url_text)) &&
               !(re->pcre_reject && pcre_matches(re->pcre_reject, url_text));
    return (!re->has_accept || regexec(&re->accept, url_text, 0, NULL, 0) == 0) &&
           !(re->has_reject && regexec(&re->reject, url_text, 0, NULL, 0) == 0);
}

/* ---- depth ---- */

bool mw_scope_depth_allowed(const mw_options *o, int depth)
{
    return o->max_depth <= 0 || depth <= o->max_depth;
}

bool mw_scope_goes_deeper(const mw_options *o, int depth)
{
    return o->max_depth == 0 || depth < o->max_depth;
}

/* ---- comma lists ---- */

/* Comma-separated list entries, each matched by match(entry, len, data). */
static bool any_entry(const char *list, bool (*match)(const char *entry, size_t len, const void *data),
                      const void *data)
{
    const char *item;
    size_t len;
    for (const char *p = list; mw_list_next(&p, ",", " ", &item, &len);)
        if (match(item, len, data))
            return true;
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

/* -I/-X: a directory and what is under it, wildcards allowed. As wget,
 * a leading '/' counts for nothing, in the entry as in the path ("/" and ""
 * are every directory). */
static bool dir_matches(const char *entry, size_t len, const void *data)
{
    const name_match *m = data;
    char pattern[512];
    if (len > 0 && *entry == '/') {
        entry++;
        len--;
    }
    snprintf(pattern, sizeof pattern, "%.*s", (int)(len < 500 ? len : 500), entry);
    size_t plen = strlen(pattern);
    if (plen > 1 && pattern[plen - 1] == '/')
        pattern[--plen] = '\0';
    if (has_wildcard(pattern, plen)) {
        strcat(pattern, "*"); /* and below */
        return fnmatch(pattern, m->name, m->icase ? FNM_CASEFOLD : 0) == 0;
    }
    if (plen == 0)
        return true;
    int cmp = m->icase ? strncasecmp(m->name, pattern, plen) : strncmp(m->name, pattern, plen);
    return cmp == 0 && (m->name[plen] == '/' || m->name[plen] == '\0');
}

static bool domain_matches(const char *entry, size_t len, const void *data)
{
    return mw_host_in_domain(data, entry, len);
}

/* ---- hosts and directories ---- */

/* The length of a path's directory, its last '/' included. */
static size_t directory_length(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? (size_t)(slash - path) + 1 : strnlen(path, 1);
}

bool mw_scope_under_a_root(const mw_scope *s, const mw_url *url)
{
    for (size_t i = 0; i < s->nroots; i++) {
        const mw_url *root = &s->roots[i];
        if (strcasecmp(root->host, url->host) == 0 && root->port == url->port &&
            strncmp(url->path, root->path, directory_length(root->path)) == 0)
            return true;
    }
    return false;
}

bool mw_scope_host_accepted(const mw_scope *s, const mw_url *url)
{
    const mw_options *o = s->options;
    if (o->exclude_domains && any_entry(o->exclude_domains, domain_matches, url->host))
        return false;
    if (o->span_hosts)
        return !o->domains || any_entry(o->domains, domain_matches, url->host);
    for (size_t i = 0; i < s->nroots; i++)
        if (strcasecmp(s->roots[i].host, url->host) == 0)
            return true;
    return false;
}

bool mw_scope_on_a_root_origin(const mw_scope *s, const mw_url *url)
{
    for (size_t i = 0; i < s->nroots; i++)
        if (mw_url_same_origin(&s->roots[i], url))
            return true;
    return false;
}

bool mw_scope_dirs_accepted(const mw_options *o, const mw_url *url)
{
    if (!o->include_dirs && !o->exclude_dirs)
        return true;
    /* "/a/b/c.html" -> "/a/b", but "/x" -> "/" */
    size_t n = directory_length(url->path);
    char *dir = strndup(url->path, n > 1 ? n - 1 : n);
    if (!dir)
        return false;
    name_match m = { dir + (*dir == '/'), o->ignore_case };
    bool ok = (!o->include_dirs || any_entry(o->include_dirs, dir_matches, &m)) &&
              !(o->exclude_dirs && any_entry(o->exclude_dirs, dir_matches, &m));
    free(dir);
    return ok;
}

/* ---- file names ---- */

bool mw_scope_file_name_accepted(const mw_options *o, const char *name)
{
    name_match m = { name, o->ignore_case };
    return (!o->accept || any_entry(o->accept, name_matches, &m)) && !(o->reject && any_entry(o->reject, name_matches, &m));
}

bool mw_scope_link_name_accepted(const mw_options *o, const mw_url *url)
{
    if (!o->accept && !o->reject)
        return true;
    const char *last = strrchr(url->path, '/');
    char *name = mw_percent_decode(last ? last + 1 : url->path, NULL);
    bool ok = name && (!*name || mw_scope_file_name_accepted(o, name));
    free(name);
    return ok;
}

bool mw_scope_saved_name_accepted(const mw_options *o, const char *path)
{
    if (!o->accept && !o->reject)
        return true;
    const char *slash = strrchr(path, '/');
    return mw_scope_file_name_accepted(o, slash ? slash + 1 : path);
}

bool mw_scope_default_page_rejected(const mw_options *o, const mw_url *url)
{
    size_t n = strlen(url->path);
    if (!o->recursive || (!o->accept && !o->reject) || n == 0 || url->path[n - 1] != '/')
        return false;
    return !mw_scope_file_name_accepted(o, o->default_page ? o->default_page : "index.html");
}

/* ---- pages ---- */

/* The extension of the URL's last path segment ("." included), or NULL. */
static const char *extension_of(const mw_url *url)
{
    const char *last = strrchr(url->path, '/');
    return last ? strrchr(last, '.') : NULL;
}

bool mw_scope_may_be_page(const mw_url *url)
{
    const char *dot = extension_of(url);
    return !dot || !strcasecmp(dot, ".html") || !strcasecmp(dot, ".htm") || !strcasecmp(dot, ".shtml") ||
           !strcasecmp(dot, ".php") || !strcasecmp(dot, ".asp") || !strcasecmp(dot, ".aspx") || !strcasecmp(dot, ".xhtml");
}

bool mw_scope_has_html_suffix(const mw_url *url)
{
    const char *dot = extension_of(url);
    return dot && (!strcasecmp(dot, ".html") || !strcasecmp(dot, ".htm"));
}

/* ---- robots.txt ---- */

bool mw_scope_asks_robots(const mw_options *o)
{
    return o->robots && (o->recursive || o->page_requisites);
}

bool mw_scope_robots_bind(int depth, bool is_robots_txt)
{
    return !is_robots_txt && depth != 0;
}

bool mw_scope_robots_allow(const mw_robots *rules, const mw_url *url)
{
    char *target = mw_url_request_target(url);
    bool allowed = !target || mw_robots_allows(rules, target); /* out of memory: as if no rules */
    free(target);
    return allowed;
}

/* ---- a link found in a page ---- */

static bool url_text_accepted(const mw_scope *s, const mw_url *url)
{
    char *text = mw_url_to_string(url);
    bool ok = text && (!s->regexes || mw_scope_regexes_accept(s->regexes, text));
    free(text);
    return ok;
}

mw_scope_verdict mw_scope_judge_link(const mw_scope *s, const mw_url *url, bool requisite_link, int from_depth,
                                     bool from_requisite)
{
    const mw_options *o = s->options;
    int depth = from_depth + 1;
    /* what displays a page is fetched whatever -l and -np say, as wget */
    bool as_requisite = o->page_requisites && requisite_link;
    /* but, as wget, only two levels past -l (-p alone: past 0): the images
     * of a page's stylesheet, not those of a stylesheet it imports */
    if (as_requisite && (!o->recursive || o->max_depth != 0) && from_depth > (o->recursive ? o->max_depth : 0) + 1)
        return MW_SCOPE_SKIP;
    if (!as_requisite && (!o->recursive || from_requisite || !mw_scope_depth_allowed(o, depth) ||
                          (o->no_parent && !mw_scope_under_a_root(s, url))))
        return MW_SCOPE_SKIP;
    if (!mw_scope_host_accepted(s, url) || !mw_scope_dirs_accepted(o, url) || !url_text_accepted(s, url))
        return MW_SCOPE_SKIP;
    if (mw_scope_link_name_accepted(o, url))
        return as_requisite ? MW_SCOPE_FETCH_REQUISITE : MW_SCOPE_FETCH;
    if (as_requisite || !mw_scope_goes_deeper(o, depth) || !mw_scope_has_html_suffix(url))
        return MW_SCOPE_SKIP;
    return MW_SCOPE_FETCH_TO_READ;
}
