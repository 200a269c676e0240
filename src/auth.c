#include "auth.h"

#include <ctype.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fields.h"

/* ---- challenges ---- */

typedef struct cursor {
    const char *p;
} cursor;

static void skip_space(cursor *c)
{
    while (*c->p == ' ' || *c->p == '\t')
        c->p++;
}

static size_t read_token(cursor *c, char *out, size_t outlen)
{
    size_t n = 0;
    for (; mw_http_token_char(*c->p); c->p++)
        if (n + 1 < outlen)
            out[n++] = *c->p;
    out[n] = '\0';
    return n;
}

/* A token or a quoted-string with backslash escapes. */
static void read_value(cursor *c, char *out, size_t outlen)
{
    size_t n = 0;
    if (*c->p != '"') {
        /* token68 ends with '=' padding */
        for (; mw_http_token_char(*c->p) || *c->p == '/' || *c->p == '='; c->p++)
            if (n + 1 < outlen)
                out[n++] = *c->p;
        out[n] = '\0';
        return;
    }
    for (c->p++; *c->p && *c->p != '"'; c->p++) {
        if (*c->p == '\\' && c->p[1])
            c->p++;
        if (n + 1 < outlen)
            out[n++] = *c->p;
    }
    if (*c->p == '"')
        c->p++;
    out[n] = '\0';
}

static bool digest_algorithm_known(const char *algorithm)
{
    return !*algorithm || !strcasecmp(algorithm, "MD5") || !strcasecmp(algorithm, "MD5-sess") ||
           !strcasecmp(algorithm, "SHA-256") || !strcasecmp(algorithm, "SHA-256-sess");
}

static bool uses_sha256(const mw_auth_challenge *c)
{
    return strncasecmp(c->algorithm, "SHA-256", 7) == 0;
}

/* Higher is stronger; 0 cannot be answered. */
static int strength(const mw_auth_challenge *c)
{
    if (c->scheme == MW_AUTH_BASIC)
        return 1;
    if (c->scheme != MW_AUTH_DIGEST || !c->nonce[0] || !digest_algorithm_known(c->algorithm))
        return 0;
    return uses_sha256(c) ? 3 : 2;
}

/* A value cut short would make a wrong answer: too long a one spoils the
 * challenge (an empty nonce is never answered). */
static void set_text(mw_auth_challenge *c, char *dst, size_t size, const char *value)
{
    size_t len = strlen(value);
    if (len >= size) {
        c->nonce[0] = '\0';
        c->scheme = c->scheme == MW_AUTH_BASIC ? MW_AUTH_OTHER : c->scheme;
        return;
    }
    memcpy(dst, value, len + 1);
}

static void set_param(mw_auth_challenge *c, const char *name, const char *value, bool *qop_seen)
{
    if (!strcasecmp(name, "realm"))
        set_text(c, c->realm, sizeof c->realm, value);
    else if (!strcasecmp(name, "nonce"))
        set_text(c, c->nonce, sizeof c->nonce, value);
    else if (!strcasecmp(name, "opaque"))
        set_text(c, c->opaque, sizeof c->opaque, value);
    else if (!strcasecmp(name, "algorithm"))
        set_text(c, c->algorithm, sizeof c->algorithm, value);
    else if (!strcasecmp(name, "qop")) {
        *qop_seen = true;
        size_t len;
        for (const char *q = value, *option; mw_list_next(&q, ", \t", "", &option, &len);)
            if (len == 4 && !strncasecmp(option, "auth", 4))
                c->qop_auth = true;
    }
}

/* Keeps the stronger of best and candidate. A Digest challenge whose qop
 * list lacks "auth" (auth-int only) cannot be answered. */
static void consider(mw_auth_challenge *best, const mw_auth_challenge *candidate, bool qop_seen)
{
    if (candidate->scheme == MW_AUTH_DIGEST && qop_seen && !candidate->qop_auth)
        return;
    if (strength(candidate) > strength(best))
        *best = *candidate;
}

/* One header value may hold several challenges: "Basic realm=x, Digest realm=y, nonce=z". */
static void parse_challenges(const char *value, mw_auth_challenge *best)
{
    cursor c = { value };
    mw_auth_challenge current = { 0 };
    bool qop_seen = false;
    char word[64], param[1024];
    while (*c.p) {
        skip_space(&c);
        if (*c.p == ',') {
            c.p++;
            continue;
        }
        if (!read_token(&c, word, sizeof word)) {
            c.p++; /* not a token: skip the byte and carry on */
            continue;
        }
        skip_space(&c);
        if (*c.p == '=' && current.scheme != MW_AUTH_NONE) {
            c.p++;
            skip_space(&c);
            read_value(&c, param, sizeof param);
            set_param(&current, word, param, &qop_seen);
            continue;
        }
        if (current.scheme != MW_AUTH_NONE)
            consider(best, &current, qop_seen);
        current = (mw_auth_challenge){ 0 };
        qop_seen = false;
        current.scheme = !strcasecmp(word, "Basic") ? MW_AUTH_BASIC : !strcasecmp(word, "Digest") ? MW_AUTH_DIGEST : MW_AUTH_OTHER;
        if (*c.p != ',' && *c.p != '=' && *c.p && current.scheme == MW_AUTH_OTHER)
            read_value(&c, param, sizeof param); /* an unknown scheme's token68 */
    }
    if (current.scheme != MW_AUTH_NONE)
        consider(best, &current, qop_seen);
}

bool mw_auth_pick(const mw_http_response *resp, const char *header, mw_auth_challenge *out)
{
    *out = (mw_auth_challenge){ 0 };
    size_t cursor_pos = 0;
    const char *name, *value;
    while (mw_http_next_header(resp, &cursor_pos, &name, &value))
        if (!strcasecmp(name, header))
            parse_challenges(value, out);
    return strength(out) > 0;
}

/* ---- answers ---- */

char *mw_auth_basic(const char *user, const char *password)
{
    char *plain = NULL;
    int n = asprintf(&plain, "%s:%s", user, password ? password : "");
    if (n < 0)
        return NULL;
    char *out = malloc(6 + 4 * ((size_t)n / 3 + 1) + 1);
    if (out) {
        memcpy(out, "Basic ", 6);
        EVP_EncodeBlock((unsigned char *)out + 6, (const unsigned char *)plain, n);
    }
    free(plain);
    return out;
}

/* hex(H(text)) with the challenge's hash. */
static void hash_hex(bool sha256, const char *text, char *hex)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(text, strlen(text), digest, &len, sha256 ? EVP_sha256() : EVP_md5(), NULL);
    for (unsigned i = 0; i < len; i++)
        sprintf(hex + 2 * i, "%02x", digest[i]);
    hex[2 * len] = '\0';
}

/* A quoted-string's content: '"' and '\' escaped. */
static char *quoted(const char *text)
{
    char *out = malloc(2 * strlen(text) + 1), *p = out;
    if (!out)
        return NULL;
    for (; *text; text++) {
        if (*text == '"' || *text == '\\')
            *p++ = '\\';
        *p++ = *text;
    }
    *p = '\0';
    return out;
}

char *mw_auth_digest(const mw_auth_challenge *c, const char *user, const char *password, const char *method,
                     const char *uri)
{
    bool sha256 = uses_sha256(c);
    bool sess = strlen(c->algorithm) > 5 && !strcasecmp(c->algorithm + strlen(c->algorithm) - 5, "-sess");
    unsigned char random[16];
    char cnonce[33], ha1[65], ha2[65], response[65];
    if (RAND_bytes(random, sizeof random) != 1)
        return NULL;
    for (size_t i = 0; i < sizeof random; i++)
        sprintf(cnonce + 2 * i, "%02x", random[i]);
    char *text = NULL;
    if (asprintf(&text, "%s:%s:%s", user, c->realm, password ? password : "") < 0)
        return NULL;
    hash_hex(sha256, text, ha1);
    free(text);
    if (sess) {
        if (asprintf(&text, "%s:%s:%s", ha1, c->nonce, cnonce) < 0)
            return NULL;
        hash_hex(sha256, text, ha1);
        free(text);
    }
    if (asprintf(&text, "%s:%s", method, uri) < 0)
        return NULL;
    hash_hex(sha256, text, ha2);
    free(text);
    int n = c->qop_auth ? asprintf(&text, "%s:%s:00000001:%s:auth:%s", ha1, c->nonce, cnonce, ha2)
                        : asprintf(&text, "%s:%s:%s", ha1, c->nonce, ha2);
    if (n < 0)
        return NULL;
    hash_hex(sha256, text, response);
    free(text);

    char *q_user = quoted(user), *q_realm = quoted(c->realm), *q_nonce = quoted(c->nonce), *q_uri = quoted(uri),
         *q_opaque = quoted(c->opaque), *out = NULL;
    if (q_user && q_realm && q_nonce && q_uri && q_opaque) {
        char qop[96] = "", opaque[300] = "", algorithm[48] = "";
        if (c->qop_auth)
            snprintf(qop, sizeof qop, ", qop=auth, nc=00000001, cnonce=\"%s\"", cnonce);
        if (c->opaque[0])
            snprintf(opaque, sizeof opaque, ", opaque=\"%s\"", q_opaque);
        if (c->algorithm[0])
            snprintf(algorithm, sizeof algorithm, ", algorithm=%s", c->algorithm);
        if (asprintf(&out, "Digest username=\"%s\", realm=\"%s\", nonce=\"%s\", uri=\"%s\"%s, response=\"%s\"%s%s",
                     q_user, q_realm, q_nonce, q_uri, algorithm, response, qop, opaque) < 0)
            out = NULL;
    }
    free(q_user);
    free(q_realm);
    free(q_nonce);
    free(q_uri);
    free(q_opaque);
    return out;
}

/* ---- netrc ---- */

/* The next whitespace-separated word (netrc allows "quoted words"). */
static bool next_word(FILE *f, char *out, size_t outlen)
{
    int ch;
    while ((ch = getc(f)) != EOF && isspace(ch))
        ;
    if (ch == EOF)
        return false;
    size_t n = 0;
    bool quote = ch == '"';
    if (quote)
        ch = getc(f);
    for (; ch != EOF && (quote ? ch != '"' : !isspace(ch)); ch = getc(f)) {
        if (ch == '\\' && quote && (ch = getc(f)) == EOF)
            break;
        if (n + 1 < outlen)
            out[n++] = (char)ch;
    }
    out[n] = '\0';
    return true;
}

/* macdef bodies run to the next blank line. */
static void skip_macro(FILE *f)
{
    int ch, previous = 0;
    while ((ch = getc(f)) != EOF && !(ch == '\n' && previous == '\n'))
        previous = ch;
}

bool mw_netrc_lookup(const char *path, const char *host, bool with_default, char **user, char **password)
{
    *user = *password = NULL;
    FILE *f = path ? fopen(path, "re") : NULL;
    if (!f)
        return false;
    char word[512], login[512] = "", secret[512] = "";
    bool in_match = false, found = false, have_secret = false, in_default = false;
    char default_login[512] = "", default_secret[512] = "";
    bool default_seen = false, default_has_secret = false;
    while (!found && next_word(f, word, sizeof word)) {
        if (!strcmp(word, "machine") || !strcmp(word, "default")) {
            if (in_match && login[0]) {
                found = true;
                break;
            }
            in_default = !strcmp(word, "default");
            default_seen = default_seen || in_default;
            in_match = false;
            if (!in_default && next_word(f, word, sizeof word))
                in_match = strcasecmp(word, host) == 0;
            login[0] = secret[0] = '\0';
            have_secret = false;
        } else if (!strcmp(word, "login") || !strcmp(word, "password") || !strcmp(word, "account")) {
            bool is_login = !strcmp(word, "login"), is_password = !strcmp(word, "password");
            if (!next_word(f, word, sizeof word))
                break;
            char *target = in_default ? (is_login ? default_login : default_secret) : (is_login ? login : secret);
            if (is_login || is_password)
                snprintf(target, 512, "%s", word);
            if (is_password) {
                have_secret = have_secret || !in_default;
                default_has_secret = default_has_secret || in_default;
            }
        } else if (!strcmp(word, "macdef")) {
            skip_macro(f);
        }
    }
    fclose(f);
    if (in_match && login[0])
        found = true;
    if (!found && with_default && default_seen && default_login[0]) {
        snprintf(login, sizeof login, "%s", default_login);
        snprintf(secret, sizeof secret, "%s", default_secret);
        have_secret = default_has_secret;
        found = true;
    }
    if (!found)
        return false;
    *user = strdup(login);
    *password = have_secret ? strdup(secret) : NULL;
    return *user != NULL;
}
