/* naming: the local file name for a download, as GNU wget chooses it, made safe.
 *
 * Every name returned here is a single path component: it never contains '/',
 * NUL or control bytes, and is never "", "." or "..", so joining it to the
 * target directory can never escape that directory. */
#ifndef MINIWGET_NAMING_H
#define MINIWGET_NAMING_H

#include <stddef.h>

#include "miniwget/url.h"

/* wget's name for a URL: the last path segment, percent-decoded, with
 * "?query" appended when the URL has a query (as wget does on Unix);
 * "index.html" when the last segment is empty (a directory URL).
 * The result is passed through mw_name_sanitize(). Caller frees. */
char *mw_name_from_url(const mw_url *url);

/* Makes an untrusted name (decoded URL segment, server-supplied name) safe as a
 * single file name in the target directory:
 *   - '/' and bytes 0x00-0x1f and 0x7f are written as %XX (wget's
 *     --restrict-file-names=unix rule);
 *   - "" becomes "index.html"; "." and ".." become "%2E" and "%2E%2E";
 *   - a name longer than 240 bytes is cut to 240 bytes (not inside a %XX
 *     escape or a UTF-8 sequence), leaving room for ".NNN" suffixes.
 * len is the byte length of raw (it may contain NUL). Caller frees. */
char *mw_name_sanitize(const char *raw, size_t len);

/* The n-th alternative name wget uses when a file exists: n == 0 gives the
 * name itself, n >= 1 gives "name.n". Caller frees. */
char *mw_name_numbered(const char *name, unsigned n);

#endif
