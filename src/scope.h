/* scope: which URLs a recursive download (-r, -p) may fetch, as wget decides.
 *
 * The rules of the options: depth (-l), no-parent (-np), hosts (-H, -D,
 * --exclude-domains), directories (-I, -X), file names (-A, -R), the
 * whole-URL regexes (--accept-regex, --reject-regex), robots.txt rules
 * already parsed (robots.c parses them), the start URLs' origins, and which
 * URLs may be pages worth reading for links.
 *
 * Every function here is a pure decision: it reads the options and URLs it
 * is given and returns an answer. Nothing here reads files, logs or queues;
 * crawl.c does that with the answers. */
#ifndef MW_SCOPE_H
#define MW_SCOPE_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

#include "miniwget/miniwget.h"
#include "miniwget/url.h"
#include "robots.h"

/* --accept-regex and --reject-regex, compiled once per crawl. */
typedef struct mw_scope_regexes {
    regex_t accept, reject;
    bool has_accept, has_reject; /* the option was given (and compiled) */
    void *pcre_accept, *pcre_reject; /* --regex-type=pcre: pcre2_code, used instead of the regex_t */
} mw_scope_regexes;

/* Compiles the options' regexes (POSIX extended; --ignore-case folds case).
 * False with wget's message in err when one does not compile; what
 * was compiled is freed then. */
bool mw_scope_regexes_compile(const mw_options *o, mw_scope_regexes *re, char *err, size_t errlen);
void mw_scope_regexes_free(mw_scope_regexes *re);
/* True when the whole URL text passes both regexes (an absent one passes). */
bool mw_scope_regexes_accept(const mw_scope_regexes *re, const char *url_text);

/* What the rules of a crawl are relative to. The caller owns every pointer
 * and keeps them alive while the scope is used. */
typedef struct mw_scope {
    const mw_options *options;
    const mw_url *roots; /* the start URLs, for -np, the host rule and credentials */
    size_t nroots;
    const mw_scope_regexes *regexes; /* NULL: no regex given */
} mw_scope;

/* ---- depth (-l) ---- */

/* True when a URL at this depth may be fetched: -l 0 is no limit. */
bool mw_scope_depth_allowed(const mw_options *o, int depth);
/* True when the links of a page at this depth are followed (their depth is
 * allowed). */
bool mw_scope_goes_deeper(const mw_options *o, int depth);

/* ---- hosts and directories ---- */

/* -np: the URL is on a start URL's host and port, at or below that start
 * URL's directory ("/a/b/" for "/a/b/c.html", "/a/b/" for "/a/b/"). */
bool mw_scope_under_a_root(const mw_scope *s, const mw_url *url);
/* --exclude-domains never; with -H any host (or only those -D names); without
 * -H only the start URLs' hosts (any port, case ignored). -D and
 * --exclude-domains entries match the domain and the hosts below it. */
bool mw_scope_host_accepted(const mw_scope *s, const mw_url *url);
/* True when the URL has a start URL's scheme, host and port: credentials and
 * secret headers were given for those origins only. */
bool mw_scope_on_a_root_origin(const mw_scope *s, const mw_url *url);
/* -I/-X: the URL's directory is (or is below) an -I entry and no -X entry.
 * Entries may have wildcards and a trailing '/'. */
bool mw_scope_dirs_accepted(const mw_options *o, const mw_url *url);

/* ---- file names (-A, -R) ---- */

/* True when -A/-R keep a file of this name: an entry is a suffix ("gif",
 * ".gif") or, with wildcards, a pattern on the whole name. */
bool mw_scope_file_name_accepted(const mw_options *o, const char *name);
/* -A/-R on a link, before it is fetched: its last path segment,
 * percent-decoded. A directory URL has no name to judge yet (as wget); the
 * file it is saved to is judged later. */
bool mw_scope_link_name_accepted(const mw_options *o, const mw_url *url);
/* -A/-R on the name a file was saved under (index.html, "b.html?x=1"): the
 * last component of the path, as wget. */
bool mw_scope_saved_name_accepted(const mw_options *o, const char *path);
/* A directory URL is saved as the default page (--default-page, index.html):
 * true when -r and -A/-R reject that name, so that the page is fetched only
 * for its links. */
bool mw_scope_default_page_rejected(const mw_options *o, const mw_url *url);

/* ---- pages ---- */

/* The URL might be an HTML page (no extension, .html, .htm, .shtml, .php,
 * .asp, .aspx, .xhtml): --spider -r reads it for its links. */
bool mw_scope_may_be_page(const mw_url *url);
/* wget's has_html_suffix_p (.html, .htm): only such a link is fetched
 * against -A/-R, to be read for its links and deleted. */
bool mw_scope_has_html_suffix(const mw_url *url);

/* ---- robots.txt ---- */

/* True when the crawl asks each host for its robots.txt (-p asks too, as
 * wget; -e robots=off does not). */
bool mw_scope_asks_robots(const mw_options *o);
/* True when robots.txt rules bind the URL: neither a start URL (depth 0) nor
 * a robots.txt itself. */
bool mw_scope_robots_bind(int depth, bool is_robots_txt);
/* True when the parsed rules (NULL: none) let the URL's path and query be
 * fetched. */
bool mw_scope_robots_allow(const mw_robots *rules, const mw_url *url);

/* ---- a link found in a page ---- */

typedef enum mw_scope_verdict {
    MW_SCOPE_SKIP,            /* not fetched */
    MW_SCOPE_FETCH,           /* fetched to recurse into, and kept */
    MW_SCOPE_FETCH_REQUISITE, /* fetched to display its page (-p), and kept */
    MW_SCOPE_FETCH_TO_READ,   /* -A/-R reject its name, but it is an HTML page: read for its links, then deleted */
} mw_scope_verdict;

/* Decides a link found in a page of depth from_depth: requisite_link when
 * the page needs it to display (an image, a stylesheet), from_requisite when
 * that page was itself fetched as a requisite (whose links are not
 * recursed into). */
mw_scope_verdict mw_scope_judge_link(const mw_scope *s, const mw_url *url, bool requisite_link, int from_depth,
                                     bool from_requisite);

#endif
