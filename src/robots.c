#include "robots.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MW_ROBOTS_MAX_RULES 10000

typedef struct rule {
    char *pattern; /* may hold '*' wildcards and end with '$' */
    bool allow;
} rule;

struct mw_robots {
    rule *rules;
    size_t count;
};

static bool agent_applies(const char *agent, size_t len)
{
    return (len == 1 && *agent == '*') || (len == 4 && !strncasecmp(agent, "wget", 4)) ||
           (len == 9 && !strncasecmp(agent, "mini-wget", 9));
}

static void trim(const char **s, size_t *len)
{
    while (*len && isspace((unsigned char)**s))
        (*s)++, (*len)--;
    while (*len && isspace((unsigned char)(*s)[*len - 1]))
        (*len)--;
}

static bool add_rule(mw_robots *r, const char *pattern, size_t len, bool allow)
{
    if (r->count == MW_ROBOTS_MAX_RULES)
        return true;
    rule *rules = realloc(r->rules, (r->count + 1) * sizeof *rules);
    if (!rules)
        return false;
    r->rules = rules;
    char *copy = strndup(pattern, len);
    if (!copy)
        return false;
    r->rules[r->count++] = (rule){ copy, allow };
    return true;
}

mw_robots *mw_robots_parse(const char *text, size_t len)
{
    mw_robots *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    /* A group is one or more User-agent lines, then its rules. */
    bool in_agents = false, applies = false;
    for (const char *line = text, *end = text + len; line < end;) {
        const char *eol = memchr(line, '\n', (size_t)(end - line));
        size_t n = eol ? (size_t)(eol - line) : (size_t)(end - line);
        const char *hash = memchr(line, '#', n);
        if (hash)
            n = (size_t)(hash - line);
        const char *colon = memchr(line, ':', n);
        if (colon) {
            const char *key = line, *value = colon + 1;
            size_t klen = (size_t)(colon - line), vlen = n - klen - 1;
            trim(&key, &klen);
            trim(&value, &vlen);
            if (klen == 10 && !strncasecmp(key, "user-agent", 10)) {
                if (!in_agents)
                    applies = false;
                in_agents = true;
                applies = applies || agent_applies(value, vlen);
            } else {
                in_agents = false;
                bool allow = klen == 5 && !strncasecmp(key, "allow", 5);
                bool disallow = klen == 8 && !strncasecmp(key, "disallow", 8);
                /* an empty Disallow allows everything: no rule needed */
                if (applies && (allow || disallow) && vlen && !add_rule(r, value, vlen, allow)) {
                    mw_robots_free(r);
                    return NULL;
                }
            }
        }
        line = eol ? eol + 1 : end;
    }
    return r;
}

void mw_robots_free(mw_robots *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->count; i++)
        free(r->rules[i].pattern);
    free(r->rules);
    free(r);
}

/* Matches pattern against the start of path; '*' is any run, a final '$'
 * anchors the end. Iterative, with one backtrack point: linear enough. */
static bool matches(const char *pattern, const char *path)
{
    const char *star = NULL, *resume = NULL;
    while (*pattern) {
        if (*pattern == '$' && pattern[1] == '\0')
            return *path == '\0';
        if (*pattern == '*') {
            star = ++pattern;
            resume = path;
            continue;
        }
        if (*path && *path == *pattern) {
            pattern++;
            path++;
            continue;
        }
        if (!star || !*resume)
            return false;
        pattern = star;
        path = ++resume;
    }
    return true;
}

bool mw_robots_allows(const mw_robots *r, const char *path)
{
    if (!r)
        return true;
    size_t best = 0;
    bool allowed = true;
    for (size_t i = 0; i < r->count; i++) {
        size_t len = strlen(r->rules[i].pattern);
        if (len < best || !matches(r->rules[i].pattern, path))
            continue;
        /* RFC 9309 2.2.2: the longest match wins; Allow wins a tie */
        if (len > best || r->rules[i].allow) {
            allowed = r->rules[i].allow;
            best = len;
        }
    }
    return allowed;
}
