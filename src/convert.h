/* convert: -k, pointing the links of the saved pages at the files saved
 * (-K keeps each page's original as X.orig).
 *
 * During a crawl it is told which URL went to which file and which saved
 * files are pages or stylesheets; after the crawl, mw_convert_run rewrites
 * the links of each such file once: a link to a URL saved here becomes the
 * relative path to its file, any other becomes its absolute URL. */
#ifndef MW_CONVERT_H
#define MW_CONVERT_H

#include "ctx.h"
#include "document.h"
#include "miniwget/url.h"

typedef struct mw_convert mw_convert;

/* NULL when out of memory. ctx (its options and log) outlives it. */
mw_convert *mw_convert_new(mw_ctx *ctx);
void mw_convert_free(mw_convert *cv);

/* The body of url was saved to path (url is the requested URL or the one it
 * was redirected to); links to it will point at path. */
void mw_convert_saved(mw_convert *cv, const mw_url *url, const char *path);
/* path, fetched from url, is a page or stylesheet whose links are rewritten. */
void mw_convert_page(mw_convert *cv, const char *path, const mw_url *url, mw_document_kind kind, const char *content_type);

/* Rewrites every page told, each file once (logging "Converted links in
 * FILE."); a page that cannot be read or rewritten is left as it was. */
void mw_convert_run(mw_convert *cv);

#endif
