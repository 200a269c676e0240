/* links_html_tree: gumbo's parse of a page kept within a budget (every block
 * it allocates is tracked, so that a parse can be abandoned at once), and
 * the elements that may hold references listed in source order. */
#include "links_html_tree.h"

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "strbuf.h"

/* ---- gumbo's memory: every block tracked, so that a parse can be abandoned ---- */

/* gumbo does not check its allocations; a failing one longjmp()s out of the
 * parse and everything it had is released at once. */
typedef union arena_block {
    struct {
        union arena_block *prev, *next;
        size_t size;
    } h;
    max_align_t align;
} arena_block;

struct mw_html_arena {
    arena_block *head;
    size_t used;
    unsigned long allocations;
    double cpu_deadline;
    mw_links_limits limits;
    jmp_buf fail;
};

typedef struct mw_html_arena arena;

static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* gumbo allocates for every tag it reads, so its allocations are also where
 * a parse that runs too long (deep nesting is quadratic in gumbo) is caught. */
static bool over_budget(arena *a, size_t size)
{
    if (a->used > a->limits.memory || size > a->limits.memory - a->used)
        return true;
    return ++a->allocations % 256 == 0 && cpu_seconds() > a->cpu_deadline;
}

static void *arena_alloc(void *userdata, size_t size)
{
    arena *a = userdata;
    arena_block *b = over_budget(a, size) ? NULL : malloc(sizeof *b + size);
    if (!b)
        longjmp(a->fail, 1);
    b->h.prev = NULL;
    b->h.next = a->head;
    b->h.size = size;
    if (a->head)
        a->head->h.prev = b;
    a->head = b;
    a->used += size;
    return b + 1;
}

static void arena_free(void *userdata, void *ptr)
{
    arena *a = userdata;
    if (!ptr)
        return;
    arena_block *b = (arena_block *)ptr - 1;
    if (b->h.prev)
        b->h.prev->h.next = b->h.next;
    else
        a->head = b->h.next;
    if (b->h.next)
        b->h.next->h.prev = b->h.prev;
    a->used -= b->h.size;
    free(b);
}

/* Frees the whole tree at once; also avoids gumbo's recursive destructor,
 * which a deeply nested page would take deep into the stack. */
static void arena_release(arena *a)
{
    while (a->head) {
        arena_block *next = a->head->h.next;
        free(a->head);
        a->head = next;
    }
    a->used = 0;
}

static GumboOutput *parse_html(arena *a, const char *doc, size_t len)
{
    GumboOptions opts = kGumboDefaultOptions;
    opts.allocator = arena_alloc;
    opts.deallocator = arena_free;
    opts.userdata = a;
    opts.max_errors = 0; /* parse errors are of no use here, and a broken page has many */
    a->cpu_deadline = cpu_seconds() + a->limits.seconds;
    if (setjmp(a->fail))
        return NULL;
    return gumbo_parse_with_options(&opts, doc, len);
}

/* ---- walking the tree in document order ---- */

static int by_position(const void *pa, const void *pb)
{
    const mw_html_element *a = pa, *b = pb;
    if (a->pos != b->pos)
        return a->pos < b->pos ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

static const GumboVector *children(const GumboNode *node)
{
    if (node->type == GUMBO_NODE_DOCUMENT)
        return &node->v.document.children;
    if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE)
        return &node->v.element.children;
    return NULL;
}

/* Where an element's references start in the source. Attributes that a
 * second <body> tag adds to the parser's implied one keep their own place. */
static size_t element_position(const GumboElement *el)
{
    if (el->attributes.length > 0) {
        const GumboAttribute *a = el->attributes.data[0];
        return a->name_start.offset;
    }
    return el->start_pos.offset;
}

/* Elements that may hold references, sorted by source position: the tree
 * order differs where the parser moved nodes (content foster-parented out of
 * a table comes before the table). Copies the parser makes of formatting
 * elements (<a> reopened after a misnested tag) are left out: their
 * attributes are the original's, at the same place. */
static int keep_element(mw_html_element **list, size_t *n, size_t *cap, const GumboNode *node)
{
    const GumboParseFlags copies = GUMBO_INSERTION_RECONSTRUCTED_FORMATTING_ELEMENT |
                                   GUMBO_INSERTION_ADOPTION_AGENCY_CLONED;
    const GumboElement *el = &node->v.element;
    if ((node->parse_flags & copies) || (el->attributes.length == 0 && el->tag != GUMBO_TAG_STYLE))
        return 0;
    if (mw_grow(list, cap, *n + 1, sizeof **list, 64) < 0)
        return -1;
    (*list)[*n] = (mw_html_element){ el, element_position(el), *n };
    (*n)++;
    return 0;
}

/* Walks the tree with a stack of its own, not recursion (deep nesting is
 * cheap to send), visiting each node once whatever the parser rearranged. */
static mw_html_element *collect_elements(const GumboNode *root, size_t *count)
{
    typedef struct frame {
        const GumboVector *kids;
        unsigned next;
    } frame;
    size_t n = 0, cap = 64, depth = 0, max_depth = 64;
    mw_html_element *list = malloc(cap * sizeof *list);
    frame *stack = malloc(max_depth * sizeof *stack);
    bool failed = !list || !stack;
    if (!failed)
        stack[depth++] = (frame){ children(root), 0 };
    while (!failed && depth > 0) {
        frame *top = &stack[depth - 1];
        if (top->next >= top->kids->length) {
            depth--;
            continue;
        }
        const GumboNode *node = top->kids->data[top->next++];
        const GumboVector *kids = children(node);
        if (!kids)
            continue; /* text, comment */
        failed = keep_element(&list, &n, &cap, node) != 0;
        if (!failed)
            failed = mw_grow(&stack, &max_depth, depth + 1, sizeof *stack, 64) < 0;
        if (!failed)
            stack[depth++] = (frame){ kids, 0 };
    }
    free(stack);
    if (failed) {
        free(list);
        return NULL;
    }
    if (n > 1)
        qsort(list, n, sizeof *list, by_position);
    *count = n;
    return list;
}

int mw_html_tree_parse(const char *doc, size_t len, mw_links_limits limits, mw_html_tree *out)
{
    memset(out, 0, sizeof *out);
    arena *a = calloc(1, sizeof *a);
    if (!a)
        return -1;
    a->limits = limits;
    out->arena = a;
    GumboOutput *tree = parse_html(a, doc, len);
    out->elements = tree ? collect_elements(tree->document, &out->count) : NULL;
    if (!out->elements) {
        mw_html_tree_free(out);
        return -1;
    }
    return 0;
}

void mw_html_tree_free(mw_html_tree *tree)
{
    free(tree->elements);
    if (tree->arena)
        arena_release(tree->arena);
    free(tree->arena);
    memset(tree, 0, sizeof *tree);
}

/* ---- the elements as start tags (links_internal.h) ---- */

/* The raw text of an attribute value, without its quotes. */
static void raw_value(const GumboAttribute *a, const char **raw, size_t *n)
{
    *raw = a->original_value.data;
    *n = a->original_value.length;
    if (*n > 0 && (**raw == '"' || **raw == '\'')) {
        char quote = **raw;
        (*raw)++;
        (*n)--;
        if (*n > 0 && (*raw)[*n - 1] == quote)
            (*n)--;
    }
}

int mw_html_tree_each(const mw_html_tree *tree, mw_html_tag_fn *fn, void *arg)
{
    mw_html_attr *attrs = NULL;
    mw_html_text *texts = NULL;
    size_t attrs_cap = 0, texts_cap = 0;
    int rc = 0;
    for (size_t i = 0; i < tree->count && rc == 0; i++) {
        const GumboElement *el = tree->elements[i].el;
        const char *name = gumbo_normalized_tagname(el->tag);
        mw_html_tag tag = { .tag = el->tag, .name = name && *name ? name : "unknown", .nattrs = el->attributes.length };
        if (tag.nattrs > attrs_cap) {
            free(attrs);
            attrs_cap = tag.nattrs * 2;
            if (!(attrs = malloc(attrs_cap * sizeof *attrs))) {
                rc = -1;
                break;
            }
        }
        for (size_t k = 0; k < tag.nattrs; k++) {
            const GumboAttribute *a = el->attributes.data[k];
            attrs[k] = (mw_html_attr){ .name = a->name, .value = a->value };
            raw_value(a, &attrs[k].raw, &attrs[k].raw_len);
        }
        if (el->tag == GUMBO_TAG_STYLE && el->children.length > texts_cap) {
            free(texts);
            texts_cap = el->children.length * 2;
            if (!(texts = malloc(texts_cap * sizeof *texts))) {
                rc = -1;
                break;
            }
        }
        for (unsigned k = 0; el->tag == GUMBO_TAG_STYLE && k < el->children.length; k++) {
            const GumboNode *child = el->children.data[k];
            if (child->type != GUMBO_NODE_TEXT && child->type != GUMBO_NODE_WHITESPACE)
                continue;
            const GumboText *t = &child->v.text;
            texts[tag.ntexts++] = (mw_html_text){ t->text, strlen(t->text), t->original_text.data,
                                                  t->original_text.length };
        }
        tag.attrs = attrs;
        tag.texts = texts;
        rc = fn(arg, &tag);
    }
    free(attrs);
    free(texts);
    return rc;
}
