/* links: the references a page makes, for wget's recursive mode (-r, -p, -k).
 *
 * HTML goes through the HTML5 parser gumbo, so what is found is what a
 * browser would see (comments, <script> text and attribute-like text inside
 * other attributes are not links). CSS, in stylesheets, <style> elements and
 * style="" attributes, is scanned for url(...) and @import.
 *
 * Every link carries the position of its raw text in the document so that -k
 * can rewrite exactly those bytes later.
 *
 * The work is shared out: links_html.c (which attributes are links) over
 * links_html_scan.c (the HTML tokenizer alone: most pages, at a fraction of
 * the cost) or links_html_tree.c (gumbo's bounded parse, for the pages
 * whose tree would change what a tag means), links_css.c (CSS), and links.c
 * (the result list and the resolution of references, for both). */
#ifndef MW_LINKS_H
#define MW_LINKS_H

#include <stdbool.h>
#include <stddef.h>

#include "fields.h"
#include "miniwget/url.h"

#define MW_LINKS_MAX 100000      /* links kept per document; the rest are ignored */
#define MW_LINKS_MAX_URL 8192    /* reference text longer than this is ignored */
/* Documents larger than this are not scanned at all (-1 below): gumbo holds
 * a whole document and its tree, some twenty bytes per input byte, so a
 * 40 MB page would take most of a gigabyte. 8 MiB is far above real pages
 * and keeps a crawl's memory near 200 MB whatever a server sends. */
#define MW_LINKS_MAX_DOCUMENT ((size_t)8 << 20)

/* What the HTML parser may spend on one document: memory (its tree takes
 * some tens of bytes per input byte) and CPU time (gumbo is quadratic in
 * nesting depth: 100,000 nested <div>s, 500 KB, take half a minute). Past
 * either the page is refused as if memory had run out, rather than letting
 * a hostile page take the machine or stall the crawl. */
typedef struct mw_links_limits {
    size_t memory;  /* bytes */
    double seconds; /* CPU time */
    bool tree;      /* always build gumbo's tree, even where the tokenizer alone would do (tests compare both) */
} mw_links_limits;

#define MW_LINKS_DEFAULT_LIMITS ((mw_links_limits){ .memory = (size_t)1 << 30, .seconds = 10 })

typedef enum mw_link_kind {
    MW_LINK_FOLLOW,    /* <a href>, <area href>, <link href> other than
                          stylesheets and icons, <meta http-equiv=refresh>: pages to recurse into */
    MW_LINK_REQUISITE, /* what displays the page: <img src/srcset/lowsrc>, <link rel=stylesheet href>,
                          <link rel=icon>, <frame src>, <iframe src>, <script src>, <style> and style="" url()s, <source src/srcset>,
                          <video src/poster>, <audio src>, <input type=image src>, <body/table/td/th
                          background>, <embed src>, <object data>, <bgsound src>, CSS @import and url() */
} mw_link_kind;

/* tag/attr: the element and attribute ("a"/"href", "img"/"srcset"...); CSS in
 * a <style> element is "style"/"url" or "style"/"import", in a style=""
 * attribute the element's tag and "style", in a stylesheet "css"/"url" or
 * "css"/"import"; <meta> refresh is "meta"/"content".
 *
 * offset/len cover the reference as written: an attribute value without its
 * quotes and surrounding spaces (entities and any "#fragment" included), one
 * srcset candidate URL, the inside of url(...) or of the quotes. len (and
 * offset) are 0 only where entities make the raw text split differently from
 * the decoded value (srcset="a.png&#32;1x"), so no raw stretch can be named.
 *
 * url comes from mw_url_to_string(): userinfo in a link is not kept. */
typedef struct mw_link {
    mw_link_kind kind;
    char *url;          /* absolute, resolved against the base (and <base href>), fragment dropped */
    size_t offset, len; /* where the raw reference text sits in the document bytes (for -k rewriting); len 0 when not rewritable */
    const char *tag;    /* "a", "img", "css"... static string */
    const char *attr;   /* "href", "src", "srcset", "url", "import"... static string */
    bool stylesheet;    /* <link rel=stylesheet href> (CSS @imports say "import") */
} mw_link;

typedef struct mw_links {
    mw_link *items;
    size_t count;
    bool nofollow; /* <meta name=robots content=nofollow/none> */
    struct mw_links_span {
        size_t offset, len;
    } *bases; /* where each <base href> value sits in the document (-k empties them, as wget) */
    size_t nbases;
} mw_links;

/* Extracts links from an HTML document fetched from base_url, in document
 * order. Links that are not http(s) (mailto:, javascript:, data:, ftp:), empty
 * and fragment-only references are skipped. follow_tags/ignore_tags:
 * comma-separated tag lists as wget's --follow-tags/--ignore-tags (NULL: no
 * filter); like wget, style="" and <style> are looked at whatever the filters
 * say. Returns 0, -1 when out of memory, larger than MW_LINKS_MAX_DOCUMENT or
 * over the parse budget above (out is then empty). */
int mw_links_from_html(const char *doc, size_t len, const mw_url *base_url, const char *follow_tags,
                       const char *ignore_tags, mw_links *out);
/* The same within other limits than MW_LINKS_DEFAULT_LIMITS. */
int mw_links_from_html_limited(const char *doc, size_t len, const mw_url *base_url, const char *follow_tags,
                               const char *ignore_tags, mw_links_limits limits, mw_links *out);

/* How --follow-tags/--ignore-tags lists are read: entries end at commas,
 * spaces and tabs around them do not count (mw_list_split()). */
#define MW_LINKS_TAG_SEPARATORS ","
#define MW_LINKS_TAG_BLANKS " \t"

/* The same with the tag lists split once beforehand (mw_ctx keeps them so):
 * a list that is NULL or not given filters nothing. */
int mw_links_from_html_lists(const char *doc, size_t len, const mw_url *base_url, const mw_list *follow_tags,
                             const mw_list *ignore_tags, mw_links_limits limits, mw_links *out);

/* The same for a CSS stylesheet (url(...) in any quoting, @import "x" and
 * @import url(x)); every link is a requisite, with tag "css". -1 as above. */
int mw_links_from_css(const char *doc, size_t len, const mw_url *base_url, mw_links *out);

void mw_links_free(mw_links *links);

#endif
