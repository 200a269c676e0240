/* links_html_tree: an HTML page parsed by gumbo within a budget of memory
 * and CPU time, and its elements that may hold references, in the order of
 * the source. links_html.c reads their attributes. */
#ifndef MW_LINKS_HTML_TREE_H
#define MW_LINKS_HTML_TREE_H

#include <gumbo.h>
#include <stddef.h>

#include "links_internal.h"

typedef struct mw_html_arena mw_html_arena;

/* An element with attributes (or a <style>), and where its references
 * start in the source. */
typedef struct mw_html_element {
    const GumboElement *el;
    size_t pos, index; /* source offset; index breaks ties, keeping tree order */
} mw_html_element;

typedef struct mw_html_tree {
    mw_html_element *elements; /* sorted by source position */
    size_t count;
    mw_html_arena *arena; /* every block of the parse; owned */
} mw_html_tree;

/* Parses doc (len bytes). Returns 0, or -1 when out of memory or over the
 * limits (out is then empty). The elements live until mw_html_tree_free(). */
int mw_html_tree_parse(const char *doc, size_t len, mw_links_limits limits, mw_html_tree *out);
void mw_html_tree_free(mw_html_tree *tree);

/* Calls fn for each element of the list, as a start tag; 0, or -1 when out
 * of memory or fn returned -1. */
int mw_html_tree_each(const mw_html_tree *tree, mw_html_tag_fn *fn, void *arg);

#endif
