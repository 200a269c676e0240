/* cookies: an RFC 6265 cookie jar, kept in memory and in Netscape
 * cookies.txt files as wget and curl write them.
 *
 * Everything a server sends is checked before it is stored: no control
 * characters (so nothing can reach a request header or a line of the file),
 * no Domain attribute that is a public suffix (libpsl's built-in list) or that
 * the request host does not domain-match, no Secure cookie from plain http.
 * Memory stays bounded: at most MW_COOKIES_PER_DOMAIN cookies per domain and
 * MW_COOKIES_MAX in all, the earliest created going first. */
#ifndef MW_COOKIES_H
#define MW_COOKIES_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "miniwget/url.h"

#define MW_COOKIES_PER_DOMAIN 50
#define MW_COOKIES_MAX 3000
#define MW_COOKIE_MAX_SIZE 4096       /* name + value; a larger cookie is ignored */
#define MW_SET_COOKIE_MAX_SIZE 8192   /* a longer Set-Cookie value is ignored whole */

typedef struct mw_cookie_jar mw_cookie_jar;

mw_cookie_jar *mw_cookies_new(void);
void mw_cookies_free(mw_cookie_jar *jar);

/* Adds the cookies of a Netscape cookies.txt file: domain, include_subdomains
 * (TRUE/FALSE), path, secure (TRUE/FALSE), expiry (unix time, 0 = session),
 * name, value, separated by tabs. '#' starts a comment line, except the
 * "#HttpOnly_" domain prefix; blank and malformed lines are skipped, and so are
 * cookies that expired by now. Returns 0, or -1 with a message in err
 * ("Cannot open cookies file ‘F’: No such file or directory"). */
int mw_cookies_load(mw_cookie_jar *jar, const char *path, time_t now, char *err, size_t errlen);

/* Writes the jar in the same format, under wget's "# HTTP Cookie File" header.
 * Session cookies are written (with expiry 0) only when keep_session is true;
 * expired cookies never, nor cookies whose value holds a tab, which the format
 * cannot carry. Goes to path.tmp (mode 0600) then renamed over path, so a
 * crash never leaves half a file. Returns 0, or -1 with a message in err. */
int mw_cookies_save(const mw_cookie_jar *jar, const char *path, bool keep_session, time_t now, char *err,
                    size_t errlen);

/* Takes one Set-Cookie header value received in a response for url and
 * stores, replaces or deletes a cookie (RFC 6265 5.2 and 5.3). Whatever is
 * refused is ignored silently: a value over MW_SET_COOKIE_MAX_SIZE or with a
 * control character other than HTAB, a name + value over MW_COOKIE_MAX_SIZE,
 * a Domain the host does not domain-match or that is a public suffix or an IP
 * address (unless it is the host itself, which gives a host-only cookie), a
 * Secure cookie from http, and, from RFC 6265bis, a plain-http cookie that
 * would overwrite or shadow a Secure one and __Secure-/__Host- names that
 * break their rules. Max-Age wins over Expires; an expiry in the past
 * deletes the stored cookie of the same name, domain and path. */
void mw_cookies_set(mw_cookie_jar *jar, const mw_url *url, const char *set_cookie, time_t now);

/* The Cookie header value for a request for url ("a=1; b=2", RFC 6265 5.4):
 * longer paths first, then earlier created. NULL when no cookie applies (or
 * out of memory). Caller frees. */
char *mw_cookies_header(const mw_cookie_jar *jar, const mw_url *url, time_t now);

#endif
