/* rejected: --rejected-log, wget's record of the links a crawl does not
 * follow and why (REASON, then the URL and the page it was found on, each
 * split into scheme, host, port, path, params, query, fragment; tab
 * separated, one header line first), and -L's test of a link's text. */
#ifndef MW_REJECTED_H
#define MW_REJECTED_H

#include <stdbool.h>
#include <stdio.h>

#include "links.h"
#include "scope.h"

/* Opens path for the log and writes wget's header line; NULL with the
 * reason in err. */
FILE *mw_rejected_open(const char *path, char *err, size_t errlen);

/* wget's reason for a link the scope rules skip (DOMAIN, PARENT, LIST,
 * REGEX, RULES, SPANNEDHOST), or NULL when no rule of those rejects it (a
 * depth limit, which wget does not log either). */
const char *mw_rejected_reason(const mw_scope *s, const mw_url *url, bool requisite_link);

/* One line: reason, the URL, the page it was found on (NULL: none). */
void mw_rejected_write(FILE *log, const char *reason, const mw_url *url, const mw_url *parent);

/* -L: the link as written in the page names no scheme and does not start
 * with '/' ("a.html", "../b/"; not "/b/" nor "//host/c"), as wget's
 * link_relative_p. A link whose text cannot be
 * located (len 0) counts as relative. */
bool mw_link_is_relative(const char *doc, const mw_link *link);

#endif
