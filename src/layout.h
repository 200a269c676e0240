/* layout: where a URL's file goes under -r, -x and their directory
 * options, as wget lays it out: PREFIX/[scheme/]host[:port]/dirs/name.
 * Every component is percent-decoded and made safe by mw_name_sanitize,
 * so no URL can reach outside the prefix. */
#ifndef MW_LAYOUT_H
#define MW_LAYOUT_H

#include <stdbool.h>

#include "miniwget/miniwget.h"
#include "miniwget/url.h"

/* True when the options put files in directories built from the URL. */
bool mw_layout_uses_directories(const mw_options *o);

/* Sets *dir (NULL for the current directory) and *name for url; both
 * malloc'ed. Returns -1 when out of memory. */
int mw_layout_place(const mw_options *o, const mw_url *url, char **dir, char **name);

#endif
