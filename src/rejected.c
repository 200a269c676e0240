/* rejected: --rejected-log lines in wget's format, and -L's test. */
#include "rejected.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

FILE *mw_rejected_open(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "we");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open the rejected log: %m", path);
        return NULL;
    }
    fputs("REASON\tU_URL\tU_SCHEME\tU_HOST\tU_PORT\tU_PATH\tU_PARAMS\tU_QUERY\tU_FRAGMENT\t"
          "P_URL\tP_SCHEME\tP_HOST\tP_PORT\tP_PATH\tP_PARAMS\tP_QUERY\tP_FRAGMENT\n",
          f);
    return f;
}

const char *mw_rejected_reason(const mw_scope *s, const mw_url *url, bool requisite_link)
{
    const mw_options *o = s->options;
    bool host_ok = mw_scope_host_accepted(s, url);
    if (!host_ok && o->span_hosts)
        return "DOMAIN"; /* -D or --exclude-domains */
    bool on_a_root_host = false;
    for (size_t i = 0; i < s->nroots && !on_a_root_host; i++)
        on_a_root_host = strcasecmp(s->roots[i].host, url->host) == 0 && s->roots[i].port == url->port;
    if (o->no_parent && on_a_root_host && !(o->page_requisites && requisite_link) && !mw_scope_under_a_root(s, url))
        return "PARENT";
    if (!mw_scope_dirs_accepted(o, url))
        return "LIST";
    char *text = mw_url_to_string(url);
    bool regex_ok = !text || !s->regexes || mw_scope_regexes_accept(s->regexes, text);
    free(text);
    if (!regex_ok)
        return "REGEX";
    if (!mw_scope_link_name_accepted(o, url) && !mw_scope_has_html_suffix(url))
        return "RULES";
    if (!host_ok)
        return "SPANNEDHOST";
    return NULL;
}

/* wget's url_escape for the log: ':' and the like as %XX, '/' kept. */
static void write_escaped(FILE *log, const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (isalnum(*p) || strchr("-._~/", *p))
            fputc(*p, log);
        else
            fprintf(log, "%%%02X", *p);
    }
}

static void write_url(FILE *log, const mw_url *url)
{
    if (!url) {
        fputs("\t\t\t\t\t\t\t", log);
        return;
    }
    char *text = mw_url_to_string(url);
    write_escaped(log, text ? text : "");
    free(text);
    fprintf(log, "\t%s\t%s\t%u\t%s\t\t%s\t", url->scheme == MW_SCHEME_HTTPS ? "SCHEME_HTTPS" : "SCHEME_HTTP", url->host,
            (unsigned)url->port, url->path[0] == '/' ? url->path + 1 : url->path, url->query ? url->query : "");
}

void mw_rejected_write(FILE *log, const char *reason, const mw_url *url, const mw_url *parent)
{
    if (!log || !reason)
        return;
    fprintf(log, "%s\t", reason);
    write_url(log, url);
    fputc('\t', log);
    write_url(log, parent);
    fputc('\n', log);
    fflush(log);
}

bool mw_link_is_relative(const char *doc, const mw_link *link)
{
    if (!doc || link->len == 0)
        return true;
    const char *p = doc + link->offset, *end = p + link->len;
    if (p < end && *p == '/')
        return false; /* "/x" and "//host/x" are not relative for wget either */
    if (p == end || !isalpha((unsigned char)*p))
        return true;
    while (p < end && (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.'))
        p++;
    return !(p < end && *p == ':');
}
