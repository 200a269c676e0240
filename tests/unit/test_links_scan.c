/* The tokenizer alone (links_html_scan.c) against gumbo's tree: the same
 * links wherever the scan keeps a page, and the tree wherever it would not
 * be the same. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "deep_page.h"
#include "links.h"
#include "links_html_scan.h"

static mw_url base;

static void setup(void)
{
    cr_assert_eq(mw_url_parse("http://example.com/a/b.html", &base, NULL, 0), MW_URL_OK);
}

static void teardown(void)
{
    mw_url_free(&base);
}

TestSuite(links_scan, .init = setup, .fini = teardown);

static int count_tags(void *arg, const mw_html_tag *tag)
{
    (void)tag;
    (*(int *)arg)++;
    return 0;
}

static int scan(const char *page)
{
    int tags = 0;
    return mw_html_scan(page, strlen(page), count_tags, &tags);
}

/* Both readings of page give the same links; returns how many. */
static size_t same_links(const char *page)
{
    mw_links a, b;
    mw_links_limits limits = MW_LINKS_DEFAULT_LIMITS;
    cr_assert_eq(mw_links_from_html_lists(page, strlen(page), &base, NULL, NULL, limits, &a), 0, "%s", page);
    limits.tree = true;
    cr_assert_eq(mw_links_from_html_lists(page, strlen(page), &base, NULL, NULL, limits, &b), 0, "%s", page);
    cr_expect_eq(a.count, b.count, "%s: %zu links scanned, %zu in the tree", page, a.count, b.count);
    cr_expect_eq(a.nofollow, b.nofollow, "%s", page);
    for (size_t i = 0; i < a.count && i < b.count; i++) {
        const mw_link *x = &a.items[i], *y = &b.items[i];
        cr_expect_str_eq(x->url, y->url, "%s: link %zu", page, i);
        cr_expect_eq(x->offset, y->offset, "%s: link %zu", page, i);
        cr_expect_eq(x->len, y->len, "%s: link %zu", page, i);
        cr_expect_eq(x->kind, y->kind, "%s: link %zu", page, i);
        cr_expect_str_eq(x->tag, y->tag, "%s: link %zu", page, i);
        cr_expect_str_eq(x->attr, y->attr, "%s: link %zu", page, i);
    }
    size_t n = a.count;
    mw_links_free(&a);
    mw_links_free(&b);
    return n;
}

/* Pages the scan reads on its own, including what real documentation sites
 * carry (an inline <svg> icon, a script hidden in "<!--"). */
static const char *const scanned[] = {
    "<a href=\"a&amp;b&#65;&#x42;.html\" title=\"&copy;\">x</a><A HREF=up.html>",
    "<svg viewBox=\"0 0 1 1\"><circle r=\"1\"/><a xlink:href=\"s.html\">s</a></svg><img src=i.png>",
    "<svg/><style>p{background:url(after.png)}</style>",
    "<script><!--//--><![CDATA[//><!--\nif (a<b) x();\n//--><!]]></script><a href=after.html>",
    "<script><!--<script>x</script><a href=no.html></script><a href=yes.html>",
    "<script>var s = '</scripts>';</script><a href=s.html>",
    "<!--><a href=c1.html>--><!---><a href=c2.html><!-- --!><a href=c3.html><? x ><a href=c4.html></ x><a href=c5.html>",
    "<!-- <a href=no.html> -- > --><a href=yes.html><!DOCTYPE html><a href=d.html>",
    "<textarea><a href=t.html></textarea><title><a href=ti.html></TITLE ><xmp><a href=x.html></xmp><a href=ok.html>",
    "<style type=\"text/css\">\r\n@import \"i.css\";\r\nbody{background:url( 'b.png' )}</style >",
    "<html><head><base href=\"/base/\"><link rel=stylesheet href=s.css><link rel=next href=n.html>"
    "<meta http-equiv=refresh content=\"0; url=r.html\"><meta name=robots content=nofollow></head>",
    "<table><tr><td>x<td style=\"color:red\"><a href=cell.html>c</a></table>",
    "<form action=f.cgi><input type=image src=btn.png><input type=text src=no.png></form>",
    "<img srcset=\"a.png 1x, b.png 2x\" src=c.png><a href='q?x=1&amp;y=2'>q</a><a href=\"unterminated",
    "<div style=\"background:url(d.png)\"><a/href=slash.html>s</a><a href = spaced.html =x>",
    /* found by fuzz_links: a <base href> without a value, which gumbo reads as "href" */
    "<base href\n<link rel=x><a href=\"?q\">q</a><a href>empty</a>",
    "<p>caf\xc3\xa9 <a href=\"caf\xe9.html\">latin-1</a> <a href=\"\xc3\xa9t\xc3\xa9.html\">utf-8</a>",
};

/* Pages the scan hands to the tree, which reads them otherwise. */
static const char *const need_the_tree[] = {
    "<table><td background=\"bg.png\">x</td></table><td background=\"bg2.png\">",
    "<select><option><img src=x.png></select>",
    "<frameset><frame src=f.html></frameset>",
    "<p><frame src=f.html>",
    "<body background=b.png><p><body background=c.png>",
    "<image src=im.png>",
    "<template><a href=tp.html></template>",
    "<a href=\"&eacute;.html\">",
    "<a href=\"x&amp\">",
    "<svg><foreignObject><style>a{b:url(f.png)}</style></foreignObject></svg>",
    "<svg><title><a href=t.html></title></svg>",
    "<math><mi><a href=m.html></mi></math>",
    "<svg viewBox=\"0 0 1 1\"><title>icon</title><circle r=\"1\"/><a xlink:href=\"s.html\">s</a></svg><img src=i.png>",
    "<svg><circle/><p><style>a{b:url(q.png)}</style>",
    /* found by fuzz_links: gumbo makes U+FFFD of the control bytes, which CSS then takes */
    "<style>a{b:url(\x17\x17q.png)}</style>",
    "<p style=\"background:url(\x01x.png)\">",
    "<img srcset=\"a\xe9.png 1x, b.png 2x\">",
    /* found by fuzz_links: after a repeated attribute gumbo loses what follows */
    "<iframe a a style=\"background:url(q.png)\">",
    "<A HREF=up.html HREF=no.html>",
};

Test(links_scan, both_readings_agree)
{
    for (size_t i = 0; i < sizeof scanned / sizeof scanned[0]; i++) {
        cr_expect_eq(scan(scanned[i]), 0, "the scan gave up on %s", scanned[i]);
        cr_expect_gt(same_links(scanned[i]), 0, "%s", scanned[i]);
    }
    for (size_t i = 0; i < sizeof need_the_tree / sizeof need_the_tree[0]; i++) {
        cr_expect_eq(scan(need_the_tree[i]), MW_HTML_SCAN_NEEDS_TREE, "%s", need_the_tree[i]);
        same_links(need_the_tree[i]);
    }
    cr_expect_eq(scan("<a href=x>\0<a href=y>"), 0); /* strlen: the NUL is not in it */
    const char nul[] = "<a href=\"x\0y\">";
    int tags = 0;
    cr_expect_eq(mw_html_scan(nul, sizeof nul - 1, count_tags, &tags), MW_HTML_SCAN_NEEDS_TREE);
}

Test(links_scan, deep_nesting_costs_nothing_without_the_tree)
{
    /* what takes gumbo past a CPU budget is a plain page to the tokenizer */
    char *page = deep_page(30000);
    mw_links_limits limits = MW_LINKS_DEFAULT_LIMITS;
    limits.seconds = 0.01;
    mw_links links;
    cr_assert_eq(mw_links_from_html_lists(page, strlen(page), &base, NULL, NULL, limits, &links), 0);
    cr_expect_eq(links.count, 1);
    mw_links_free(&links);
    free(page);
}
