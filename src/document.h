/* document: a saved page or stylesheet read back from disk for its links,
 * by the crawl (to follow them) and by -k (to rewrite them).
 *
 * A document is read whole, up to MW_DOCUMENT_MAX bytes: the link extractor
 * would refuse more (see links.h). */
#ifndef MW_DOCUMENT_H
#define MW_DOCUMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "links.h"
#include "miniwget/miniwget.h"

#define MW_DOCUMENT_MAX ((off_t)MW_LINKS_MAX_DOCUMENT) /* pages larger than this are saved but not read for links */

typedef enum mw_document_kind {
    MW_DOCUMENT_OTHER, /* not read for links */
    MW_DOCUMENT_HTML,
    MW_DOCUMENT_CSS,
} mw_document_kind;

/* What a saved file is: by its Content-Type (text/html,
 * application/xhtml+xml, text/css), or without one by its name (.html,
 * .htm, .css; case ignored). */
mw_document_kind mw_document_kind_of(const char *name, const char *content_type);

/* The file's bytes, NUL-terminated, with their count in *len. NULL when it
 * cannot be read, is larger than MW_DOCUMENT_MAX or memory runs out. Caller
 * frees. */
char *mw_document_read(const char *path, size_t *len);

/* The links of a document fetched from base, through the options'
 * --follow-tags/--ignore-tags for HTML. 0, or -1 as mw_links_from_html. */
int mw_document_links(const mw_options *o, const char *doc, size_t len, const mw_url *base, mw_document_kind kind,
                      mw_links *links);

/* The same, knowing the response's Content-Type (NULL: none): with IRI on,
 * an HTML page in another charset than UTF-8 (the Content-Type's, else a
 * <meta>'s, else --remote-encoding) has its links read converted to UTF-8,
 * as wget does; offsets still point into doc. */
int mw_document_links_typed(const mw_options *o, const char *doc, size_t len, const mw_url *base, mw_document_kind kind,
                            const char *content_type, mw_links *links);

#endif
