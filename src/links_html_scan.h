/* links_html_scan: an HTML page's start tags read by the HTML tokenizer
 * alone, without the tree gumbo builds (which costs some twenty times the
 * page in memory and most of a crawl's CPU time).
 *
 * For most pages the tokenizer is all it takes to find the links: the tree
 * only moves elements around, and links are taken in source order anyway.
 * Where the tree builder would change what a tag means (foreign content,
 * frames, <template>, <select>, tags it drops or merges such as a <td>
 * outside a table or a second <body>, <image> made <img>, script text with
 * "<!--" in it, NUL bytes, character references other than the few
 * decoded here), the scan gives up on the whole page and the caller parses
 * it with gumbo (links_html_tree.c), so both give the same links. */
#ifndef MW_LINKS_HTML_SCAN_H
#define MW_LINKS_HTML_SCAN_H

#include <stddef.h>

#include "links_internal.h"

#define MW_HTML_SCAN_NEEDS_TREE 1

/* Calls fn for each start tag with attributes, and for each <style>, in
 * source order. Returns 0; MW_HTML_SCAN_NEEDS_TREE when the page needs
 * gumbo's tree (fn may have been called for some tags already); -1 when out
 * of memory or fn returned -1. */
int mw_html_scan(const char *doc, size_t len, mw_html_tag_fn *fn, void *arg);

#endif
