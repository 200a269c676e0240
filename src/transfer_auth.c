/* What a transfer tells a server about its user: credentials (only where
 * they were given for) and the cookies of the jar. */
#include "transfer_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "auth.h"

/* Credentials go only where they were given for: the options' and the
 * first URL's to that URL's host (and its upgrade to https), a URL's own
 * userinfo to that URL, and .netrc's to each machine it names. */
static bool may_carry_credentials(const mw_url *given, const mw_url *now)
{
    if (strcmp(given->host, now->host) != 0)
        return false;
    if (given->scheme == now->scheme)
        return given->port == now->port;
    return given->scheme == MW_SCHEME_HTTP && given->port == 80 && now->port == 443;
}

bool mw_xfer_at_home(const mw_transfer *t)
{
    return !t->auth.away_from_home && may_carry_credentials(&t->original, &t->url);
}

/* Sets *user and *password for t->url; owned[] holds what the caller frees.
 * wget's rules: the URL's userinfo, else the options' (here only where they
 * may go); ~/.netrc's entry for the host (not its "default", which wget
 * keeps for FTP) fills in what is missing: with no user, its login, and its
 * password over a given one; with a user and no password, its password when
 * its login is that user. False while either is still missing. */
bool mw_xfer_credentials(mw_transfer *t, const char **user, const char **password, char *owned[2])
{
    const mw_options *o = t->ctx->opts;
    bool home = mw_xfer_at_home(t);
    owned[0] = owned[1] = NULL;
    *user = t->url.user ? t->url.user : home ? o->user : NULL;
    *password = t->url.password ? t->url.password : home ? o->password : NULL;
    char *login, *secret;
    if ((!*user || !*password) && o->netrc_file && mw_netrc_lookup(o->netrc_file, t->url.host, false, &login, &secret)) {
        if (!*user) {
            *user = owned[0] = login;
            if (secret)
                *password = owned[1] = secret;
        } else {
            *password = owned[1] = strcmp(login, *user) == 0 ? secret : NULL;
            free(login);
            if (!*password)
                free(secret);
        }
    }
    if (*user && *password)
        return true;
    free(owned[0]);
    free(owned[1]);
    owned[0] = owned[1] = NULL;
    return false;
}

/* wget sends Basic at once to a host that asked for it once in the run
 * (not for credentials of the URL's own userinfo). */
bool mw_xfer_basic_host_known(const mw_transfer *t)
{
    return !t->url.user && mw_strmap_get(&t->ctx->basic_hosts, t->url.host, NULL);
}

/* A 401: answers the strongest challenge once, with the credentials this
 * URL may carry, by asking again on the same connection. False when there
 * is nothing to answer with, or the credentials were already refused. */
bool mw_xfer_answer_challenge(mw_transfer *t, size_t leftover)
{
    const char *user, *password;
    char *owned[2];
    mw_auth_challenge c;
    if (t->auth.auth_sent || !mw_auth_pick(&t->resp.parser.resp, "WWW-Authenticate", &c) ||
        !mw_xfer_credentials(t, &user, &password, owned))
        return false;
    free(t->auth.authorization);
    if (c.scheme == MW_AUTH_BASIC) {
        t->auth.authorization = mw_auth_basic(user, password);
    } else {
        char *target = t->link.proxy && t->url.scheme == MW_SCHEME_HTTP ? mw_url_to_string(&t->url)
                                                                    : mw_url_request_target(&t->url);
        t->auth.authorization = target ? mw_auth_digest(&c, user, password, mw_xfer_method(t), target) : NULL;
        free(target);
    }
    free(owned[0]);
    free(owned[1]);
    if (!t->auth.authorization || mw_url_copy(&t->url, &t->next.url) != MW_URL_OK)
        return false;
    if (c.scheme == MW_AUTH_BASIC && !t->url.user)
        mw_strmap_put(&t->ctx->basic_hosts, t->url.host, NULL, NULL); /* out of memory: only a challenge more */
    mw_xfer_log(t, MW_LOG_INFO, "Authentication selected: %s realm=\"%s\"", c.scheme == MW_AUTH_BASIC ? "Basic" : "Digest",
           c.realm);
    t->next.reason = NEXT_AUTHENTICATE;
    mw_xfer_next_request_after_body(t, leftover);
    return true;
}

/* Every Set-Cookie of every response counts, redirects and 401s included. */
void mw_xfer_take_cookies(mw_transfer *t)
{
    if (!t->ctx->cookies)
        return;
    size_t cursor = 0;
    const char *name, *value;
    time_t now = time(NULL);
    while (mw_http_next_header(&t->resp.parser.resp, &cursor, &name, &value))
        if (!strcasecmp(name, "Set-Cookie"))
            mw_cookies_set(t->ctx->cookies, &t->url, value, now);
}
