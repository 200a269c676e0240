#include "layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "iri.h"
#include "miniwget/naming.h"

bool mw_layout_uses_directories(const mw_options *o)
{
    return (o->recursive || o->page_requisites || o->force_directories) && !o->no_directories;
}

/* IRI, as wget: a name from the URL is in the remote encoding
 * (--remote-encoding, UTF-8 by default) and is saved in the local one
 * (--local-encoding, the locale's); one that does not convert is kept as
 * it is. Takes name over, returns the name to use. */
static char *to_local_charset(const mw_options *o, char *name)
{
    const char *from = o->remote_encoding ? o->remote_encoding : "UTF-8";
    const char *to = o->local_encoding ? o->local_encoding : "UTF-8";
    if (!o->iri || !name || !mw_iri_has_non_ascii(name) || strcasecmp(from, to) == 0 ||
        (mw_iri_is_utf8(from) && mw_iri_is_utf8(to)))
        return name;
    char *local = mw_iri_convert(name, strlen(name), from, to);
    bool safe = local != NULL;
    for (const unsigned char *p = (const unsigned char *)local; safe && *p; p++)
        safe = *p >= 0x20 && *p != '/' && *p != 0x7f; /* the sanitised name stays one safe component */
    if (!safe) {
        free(local);
        return name;
    }
    free(name);
    return local;
}

/* Appends "/component" (sanitised in the --restrict-file-names modes) to *path. */
static int append(char **path, const char *raw, size_t len, const mw_options *o)
{
    int modes = o->restrict_names;
    char *decoded_raw = strndup(raw, len);
    size_t dlen = 0;
    char *decoded = decoded_raw ? mw_percent_decode(decoded_raw, &dlen) : NULL;
    char *safe = decoded ? to_local_charset(o, mw_name_sanitize_mode(decoded, dlen, modes)) : NULL;
    char *joined = NULL;
    if (safe && asprintf(&joined, "%s%s%s", *path ? *path : "", *path ? "/" : "", safe) < 0)
        joined = NULL;
    free(decoded_raw);
    free(decoded);
    free(safe);
    if (!joined)
        return -1;
    free(*path);
    *path = joined;
    return 0;
}

static int append_host(char **path, const mw_url *url, const mw_options *o)
{
    int modes = o->restrict_names;
    char host[300];
    uint16_t port = url->port;
    /* wget: "host" for the default port, "host:port" otherwise ("host+port"
     * under --restrict-file-names=windows, where ':' cannot be) */
    if (port == mw_scheme_default_port(url->scheme))
        snprintf(host, sizeof host, "%s", url->host);
    else
        snprintf(host, sizeof host, "%s%c%u", url->host, modes & MW_RESTRICT_WINDOWS ? '+' : ':', port);
    return append(path, host, strlen(host), o);
}

int mw_layout_place(const mw_options *o, const mw_url *url, char **dir, char **name)
{
    *dir = NULL;
    *name = to_local_charset(o, mw_name_from_url_mode(url, o->restrict_names));
    if (!*name)
        return -1;
    char *path = o->directory && *o->directory ? strdup(o->directory) : NULL;
    if (o->directory && *o->directory && !path)
        goto oom;
    if (mw_layout_uses_directories(o)) {
        const char *scheme = mw_scheme_name(url->scheme);
        if (o->protocol_directories && append(&path, scheme, strlen(scheme), o) < 0)
            goto oom;
        if (!o->no_host_directories && append_host(&path, url, o) < 0)
            goto oom;
        /* the directories of the path, less --cut-dirs of them */
        const char *p = url->path + 1, *slash;
        int skipped = 0;
        while ((slash = strchr(p, '/'))) {
            if (slash > p && skipped++ >= o->cut_dirs && append(&path, p, (size_t)(slash - p), o) < 0)
                goto oom;
            p = slash + 1;
        }
    }
    *dir = path;
    return 0;
oom:
    free(path);
    free(*name);
    *name = NULL;
    return -1;
}
