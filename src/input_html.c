/* -F (--force-html): an -i file read as HTML, its links the list of URLs
 * to fetch, as wget does. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "document.h"
#include "links.h"
#include "miniwget/miniwget.h"

/* Without a base only links that name their scheme can be fetched. */
static bool absolute_text(const char *doc, const mw_link *link)
{
    const char *p = doc + link->offset;
    return link->len > 0 && ((link->len > 7 && strncasecmp(p, "http://", 7) == 0) ||
                             (link->len > 8 && strncasecmp(p, "https://", 8) == 0));
}

char **mw_html_file_links(const char *path, const char *base_url)
{
    size_t len = 0;
    char *doc = mw_document_read(path, &len);
    if (!doc)
        return NULL;
    mw_url base;
    bool have_base = base_url && mw_url_parse(base_url, &base, NULL, 0) == MW_URL_OK;
    if (!have_base && mw_url_parse("http://base.invalid/", &base, NULL, 0) != MW_URL_OK) {
        free(doc);
        errno = ENOMEM;
        return NULL;
    }
    mw_links links = { 0 };
    char **urls = NULL;
    if (mw_links_from_html(doc, len, &base, NULL, NULL, &links) == 0 && (urls = calloc(links.count + 1, sizeof *urls))) {
        size_t n = 0;
        for (size_t i = 0; i < links.count; i++)
            if (have_base || absolute_text(doc, &links.items[i]))
                urls[n++] = links.items[i].url, links.items[i].url = NULL; /* taken over */
    }
    if (!urls)
        errno = ENOMEM;
    mw_links_free(&links);
    mw_url_free(&base);
    free(doc);
    return urls;
}

void mw_strings_free(char **strings)
{
    if (!strings)
        return;
    for (char **s = strings; *s; s++)
        free(*s);
    free(strings);
}
