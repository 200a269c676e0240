#include "checksums.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "miniwget/miniwget.h"
#include "miniwget/url.h"

typedef struct entry {
    char *key;  /* a normalised URL, or a file name (no '/') */
    char *spec; /* "algo:hex" */
} entry;

struct cli_checksums {
    bool single;     /* --checksum: the one spec is every URL's */
    const char *source; /* the file's name, for warnings */
    entry *entries;  /* sorted by key */
    size_t count;
    char *answer;    /* the spec handed out last */
};

static const struct {
    const char *name;
    size_t hex;
} algos[] = { { "md5", 32 }, { "sha1", 40 }, { "sha256", 64 }, { "sha512", 128 } };

static bool is_hex(const char *s, size_t n)
{
    return n > 0 && strspn(s, "0123456789abcdefABCDEF") >= n;
}

/* "algo:hex" for hex of n digits (the algorithm by its length, or named). */
static char *make_spec(const char *algo, size_t algo_len, const char *hex, size_t n)
{
    for (size_t i = 0; i < sizeof algos / sizeof algos[0]; i++) {
        bool named = algo ? strlen(algos[i].name) == algo_len && strncasecmp(algo, algos[i].name, algo_len) == 0
                          : algos[i].hex == n;
        if (!named)
            continue;
        if (algos[i].hex != n || !is_hex(hex, n))
            return NULL;
        char *spec = malloc(strlen(algos[i].name) + n + 2);
        if (spec)
            sprintf(spec, "%s:%.*s", algos[i].name, (int)n, hex);
        return spec;
    }
    return NULL;
}

cli_checksums *cli_checksums_single(const char *spec, int *rc)
{
    const char *colon = strchr(spec, ':');
    char *made = colon ? make_spec(spec, (size_t)(colon - spec), colon + 1, strlen(colon + 1)) : NULL;
    cli_checksums *c = made ? calloc(1, sizeof *c) : NULL;
    if (!c) {
        fprintf(stderr, "mini-wget: --checksum: ‘%s’ is not ALGO:HEX (md5, sha1, sha256 or sha512, with all its hex digits).\n",
                spec);
        free(made);
        *rc = MW_ERR_PARSE;
        return NULL;
    }
    c->single = true;
    c->answer = made;
    return c;
}

static int by_key(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->key, ((const entry *)b)->key);
}

/* The key a NAME of the file stands for: a URL as mw_url_to_string writes
 * it, or a file name without its directories. */
static char *key_of(const char *name)
{
    if (strstr(name, "://")) {
        mw_url url;
        char err[160];
        if (mw_url_parse(name, &url, err, sizeof err) != MW_URL_OK)
            return strdup(name);
        char *text = mw_url_to_string(&url);
        mw_url_free(&url);
        return text;
    }
    const char *slash = strrchr(name, '/');
    return strdup(slash ? slash + 1 : name);
}

/* One line: "HEX  NAME", "HEX *NAME" or "ALGO (NAME) = HEX". */
static bool parse_line(char *line, char **spec, char **name)
{
    size_t hex_len = strspn(line, "0123456789abcdefABCDEF");
    if (hex_len > 0 && line[hex_len] == ' ' && (line[hex_len + 1] == ' ' || line[hex_len + 1] == '*') &&
        line[hex_len + 2]) {
        *spec = make_spec(NULL, 0, line, hex_len);
        *name = line + hex_len + 2;
        return *spec != NULL;
    }
    char *open = strstr(line, " ("), *close = strrchr(line, ')');
    if (open && close && close > open && strncmp(close, ") = ", 4) == 0) {
        *close = '\0';
        *name = open + 2;
        const char *hex = close + 4;
        *spec = make_spec(line, (size_t)(open - line), hex, strlen(hex));
        return *spec != NULL;
    }
    return false;
}

cli_checksums *cli_checksums_load(const char *path, int *rc)
{
    FILE *f = fopen(path, "re");
    if (!f) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        *rc = MW_ERR_PARSE; /* as an -i list that cannot be read */
        return NULL;
    }
    cli_checksums *c = calloc(1, sizeof *c);
    char *line = NULL;
    size_t cap = 0, allocated = 0;
    unsigned long lineno = 0;
    *rc = c ? 0 : MW_ERR_GENERIC;
    while (c && !*rc && getline(&line, &cap, f) >= 0) {
        lineno++;
        size_t n = strcspn(line, "\r\n");
        line[n] = '\0';
        if (!*line || *line == '#')
            continue;
        char *spec = NULL, *name = NULL;
        /* sha256sum writes "\HEX  NAME" for a name it escaped (a backslash or a line break in it) */
        bool escaped = *line == '\\';
        if (!parse_line(line + escaped, &spec, &name)) {
            fprintf(stderr, "mini-wget: %s:%lu: not a checksum line (HEX  NAME, or ALGO (NAME) = HEX).\n", path, lineno);
            free(spec);
            *rc = MW_ERR_PARSE;
            break;
        }
        if (escaped) {
            char *w = name;
            for (const char *r = name; *r; r++)
                *w++ = r[0] == '\\' && r[1] == 'n' ? (r++, '\n') : r[0] == '\\' && r[1] == '\\' ? *++r : *r;
            *w = '\0';
        }
        if (c->count == allocated) {
            allocated = allocated ? allocated * 2 : 64;
            entry *grown = realloc(c->entries, allocated * sizeof *grown);
            if (!grown) {
                free(spec);
                *rc = MW_ERR_GENERIC;
                break;
            }
            c->entries = grown;
        }
        c->entries[c->count] = (entry){ .key = key_of(name), .spec = spec };
        if (!c->entries[c->count].key) {
            free(spec);
            *rc = MW_ERR_GENERIC;
            break;
        }
        c->count++;
    }
    free(line);
    fclose(f);
    if (*rc) {
        if (*rc == MW_ERR_GENERIC)
            fprintf(stderr, "mini-wget: out of memory\n");
        cli_checksums_free(c);
        return NULL;
    }
    c->source = path;
    qsort(c->entries, c->count, sizeof *c->entries, by_key);
    return c;
}

static const char *find(const cli_checksums *c, const char *key)
{
    entry probe = { .key = (char *)key };
    const entry *e = key && *key ? bsearch(&probe, c->entries, c->count, sizeof *c->entries, by_key) : NULL;
    return e ? e->spec : NULL;
}

const char *cli_checksums_lookup(cli_checksums *c, const char *url, const char *name, void (*warn)(void *, const char *),
                                 void *warn_data)
{
    if (c->single)
        return c->answer;
    const char *spec = find(c, url);
    if (!spec)
        spec = find(c, name);
    if (!spec && warn) {
        char msg[1024];
        snprintf(msg, sizeof msg, "No checksum for %s (or ‘%s’) in %s; it is not verified.", url, name ? name : "",
                 c->source);
        warn(warn_data, msg);
    }
    return spec;
}

void cli_checksums_free(cli_checksums *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->count; i++) {
        free(c->entries[i].key);
        free(c->entries[i].spec);
    }
    free(c->entries);
    free(c->answer);
    free(c);
}
