#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "deep_page.h"
#include "links.h"

#define BASE "http://example.com/a/b.html"

static mw_url base;
static mw_links links;
static const char *doc;
static size_t doc_len;

static void setup(void)
{
    cr_assert_eq(mw_url_parse(BASE, &base, NULL, 0), MW_URL_OK);
    memset(&links, 0, sizeof links);
}

static void teardown(void)
{
    mw_links_free(&links);
    mw_url_free(&base);
}

TestSuite(links, .init = setup, .fini = teardown);

static void html_filtered(const char *text, const char *follow, const char *ignore)
{
    doc = text;
    doc_len = strlen(doc);
    cr_assert_eq(mw_links_from_html(doc, doc_len, &base, follow, ignore, &links), 0);
}

static void html(const char *text)
{
    html_filtered(text, NULL, NULL);
}

static void css(const char *text)
{
    doc = text;
    doc_len = strlen(doc);
    cr_assert_eq(mw_links_from_css(doc, doc_len, &base, &links), 0);
}

/* Link i is url, of this kind, tag and attribute, and doc[offset..offset+len]
 * is raw (NULL: not rewritable, len 0). */
static void expect(size_t i, mw_link_kind kind, const char *url, const char *raw, const char *tag, const char *attr)
{
    cr_assert_lt(i, links.count, "link %zu missing (%zu links)", i, links.count);
    const mw_link *l = &links.items[i];
    cr_expect_str_eq(l->url, url, "link %zu", i);
    cr_expect_eq(l->kind, kind, "link %zu (%s): kind", i, url);
    cr_expect_str_eq(l->tag, tag, "link %zu (%s): tag", i, url);
    cr_expect_str_eq(l->attr, attr, "link %zu (%s): attr", i, url);
    if (!raw) {
        cr_expect_eq(l->len, 0, "link %zu (%s): len", i, url);
        return;
    }
    cr_assert_leq(l->offset + l->len, doc_len);
    cr_expect_eq(l->len, strlen(raw), "link %zu (%s): len %zu", i, url, l->len);
    cr_expect(strncmp(doc + l->offset, raw, strlen(raw)) == 0, "link %zu: raw text \"%.*s\", want \"%s\"", i,
              (int)l->len, doc + l->offset, raw);
}

#define FOLLOW MW_LINK_FOLLOW
#define REQ MW_LINK_REQUISITE

Test(links, anchors_resolve_every_form_of_reference)
{
    html("<a href=\"c.html\">1</a><a href=\"/root.html\">2</a><a href=\"http://other.org/x\">3</a>"
         "<a href=\"//cdn.example.net/y\">4</a><a href=\"?q=1\">5</a><a href=\"../up/\">6</a>"
         "<a href=\"https://example.com:8443/s\">7</a><area href=\"map.html\">");
    cr_assert_eq(links.count, 8);
    expect(0, FOLLOW, "http://example.com/a/c.html", "c.html", "a", "href");
    expect(1, FOLLOW, "http://example.com/root.html", "/root.html", "a", "href");
    expect(2, FOLLOW, "http://other.org/x", "http://other.org/x", "a", "href");
    expect(3, FOLLOW, "http://cdn.example.net/y", "//cdn.example.net/y", "a", "href");
    expect(4, FOLLOW, "http://example.com/a/b.html?q=1", "?q=1", "a", "href");
    expect(5, FOLLOW, "http://example.com/up/", "../up/", "a", "href");
    expect(6, FOLLOW, "https://example.com:8443/s", "https://example.com:8443/s", "a", "href");
    expect(7, FOLLOW, "http://example.com/a/map.html", "map.html", "area", "href");
}

Test(links, requisites_by_tag)
{
    html("<html><head><link rel=\"stylesheet\" href=\"s.css\"><link rel=\"shortcut icon\" href=\"/f.ico\">"
         "<link rel=\"next\" href=\"p2.html\"><script src=\"j.js\"></script></head>"
         "<body background=\"bg.gif\"><img src=\"i.png\" lowsrc=\"lo.png\"><video poster=\"v.jpg\" src=\"v.mp4\">"
         "<source src=\"v.webm\"></video><embed src=\"e.swf\"><object data=\"o.svg\"></object>"
         "<input type=\"image\" src=\"go.png\"><input type=\"text\" src=\"not.png\">"
         "<iframe src=\"if.html\"></iframe></body></html>");
    cr_assert_eq(links.count, 14);
    expect(0, REQ, "http://example.com/a/s.css", "s.css", "link", "href");
    expect(1, REQ, "http://example.com/f.ico", "/f.ico", "link", "href");
    expect(2, FOLLOW, "http://example.com/a/p2.html", "p2.html", "link", "href");
    expect(3, REQ, "http://example.com/a/j.js", "j.js", "script", "src");
    expect(4, REQ, "http://example.com/a/bg.gif", "bg.gif", "body", "background");
    expect(5, REQ, "http://example.com/a/i.png", "i.png", "img", "src");
    expect(6, REQ, "http://example.com/a/lo.png", "lo.png", "img", "lowsrc");
    expect(7, REQ, "http://example.com/a/v.jpg", "v.jpg", "video", "poster");
    expect(8, REQ, "http://example.com/a/v.mp4", "v.mp4", "video", "src");
    expect(9, REQ, "http://example.com/a/v.webm", "v.webm", "source", "src");
    expect(10, REQ, "http://example.com/a/e.swf", "e.swf", "embed", "src");
    expect(11, REQ, "http://example.com/a/o.svg", "o.svg", "object", "data");
    expect(12, REQ, "http://example.com/a/go.png", "go.png", "input", "src");
    expect(13, REQ, "http://example.com/a/if.html", "if.html", "iframe", "src");
}

Test(links, frames_are_requisites)
{
    html("<html><frameset><frame src=\"left.html\"><frame src='right.html'></frameset></html>");
    cr_assert_eq(links.count, 2);
    expect(0, REQ, "http://example.com/a/left.html", "left.html", "frame", "src");
    expect(1, REQ, "http://example.com/a/right.html", "right.html", "frame", "src");
}

Test(links, srcset_candidates_each_with_their_position)
{
    html("<img src=\"s.png\" srcset=\"small.png 480w,  /big.png 2x ,x.png?a=1,2 1.5x,\n"
         "  sized.png (max-width: 600px, retina) 3x,last.png,\">"
         "<picture><source srcset=\"p.webm\"></picture>");
    cr_assert_eq(links.count, 7);
    expect(0, REQ, "http://example.com/a/s.png", "s.png", "img", "src");
    expect(1, REQ, "http://example.com/a/small.png", "small.png", "img", "srcset");
    expect(2, REQ, "http://example.com/big.png", "/big.png", "img", "srcset");
    expect(3, REQ, "http://example.com/a/x.png?a=1,2", "x.png?a=1,2", "img", "srcset");
    expect(4, REQ, "http://example.com/a/sized.png", "sized.png", "img", "srcset");
    expect(5, REQ, "http://example.com/a/last.png", "last.png", "img", "srcset");
    expect(6, REQ, "http://example.com/a/p.webm", "p.webm", "source", "srcset");
}

Test(links, srcset_with_entities_keeps_positions)
{
    html("<img srcset=\"a.png?x=1&amp;y=2 1x, b.png 2x\">");
    cr_assert_eq(links.count, 2);
    expect(0, REQ, "http://example.com/a/a.png?x=1&y=2", "a.png?x=1&amp;y=2", "img", "srcset");
    expect(1, REQ, "http://example.com/a/b.png", "b.png", "img", "srcset");
}

Test(links, style_attribute_urls)
{
    html("<div style=\"background: url(bg.png) no-repeat; list-style: url( 'dot.gif' )\">x</div>"
         "<p style='cursor:url(\"c.cur\"), auto'>y</p>");
    cr_assert_eq(links.count, 3);
    expect(0, REQ, "http://example.com/a/bg.png", "bg.png", "div", "style");
    expect(1, REQ, "http://example.com/a/dot.gif", "dot.gif", "div", "style");
    expect(2, REQ, "http://example.com/a/c.cur", "c.cur", "p", "style");
}

Test(links, style_attribute_with_entity_quotes)
{
    /* the reference text is the raw bytes, entities and all */
    html("<p style=\"background:url(&quot;q.png&quot;) , url(r.png)\">");
    cr_assert_eq(links.count, 2);
    expect(0, REQ, "http://example.com/a/q.png", "&quot;q.png&quot;", "p", "style");
    expect(1, REQ, "http://example.com/a/r.png", "r.png", "p", "style");
}

Test(links, style_element_import_and_url)
{
    html("<head><style>\n@import \"one.css\";\n@import url(two.css) screen;\n"
         "/* @import \"no.css\"; url(no.png) */\nbody { background: url('/img/bg.png') }\n"
         "p::before { content: \"url(not.png)\" }</style></head><body>"
         "<img src=\"after.png\"></body>");
    cr_assert_eq(links.count, 4);
    expect(0, REQ, "http://example.com/a/one.css", "one.css", "style", "import");
    expect(1, REQ, "http://example.com/a/two.css", "two.css", "style", "import");
    expect(2, REQ, "http://example.com/img/bg.png", "/img/bg.png", "style", "url");
    expect(3, REQ, "http://example.com/a/after.png", "after.png", "img", "src");
}

Test(links, base_href_absolute_applies_to_later_links)
{
    html("<a href=\"before.html\">b</a><base href=\"http://mirror.org/dir/\"><a href=\"after.html\">a</a>"
         "<img src=\"/abs.png\">");
    cr_assert_eq(links.count, 3);
    expect(0, FOLLOW, "http://example.com/a/before.html", "before.html", "a", "href");
    expect(1, FOLLOW, "http://mirror.org/dir/after.html", "after.html", "a", "href");
    expect(2, REQ, "http://mirror.org/abs.png", "/abs.png", "img", "src");
}

Test(links, base_href_relative_to_the_document)
{
    /* a second relative base resolves against the document, as wget does */
    html("<head><base href=\"sub/\"></head><a href=\"x.html\">x</a><base href=\"other/\"><a href=\"y.html\">y</a>"
         "<base href=\"mailto:no@example.com\"><a href=\"z.html\">z</a>");
    cr_assert_eq(links.count, 3);
    expect(0, FOLLOW, "http://example.com/a/sub/x.html", "x.html", "a", "href");
    expect(1, FOLLOW, "http://example.com/a/other/y.html", "y.html", "a", "href");
    expect(2, FOLLOW, "http://example.com/a/other/z.html", "z.html", "a", "href");
}

Test(links, fragments_dropped_fragment_only_ignored)
{
    html("<a href=\"#top\">t</a><a href=\"#\">e</a><a href=\"\">empty</a><a href=\"c.html#sec\">c</a>"
         "<a href=\"?p=2#x\">q</a><a href=\"b.html#y\">self</a>");
    cr_assert_eq(links.count, 3);
    expect(0, FOLLOW, "http://example.com/a/c.html", "c.html#sec", "a", "href");
    expect(1, FOLLOW, "http://example.com/a/b.html?p=2", "?p=2#x", "a", "href");
    expect(2, FOLLOW, "http://example.com/a/b.html", "b.html#y", "a", "href");
}

Test(links, other_schemes_skipped)
{
    html("<a href=\"mailto:me@example.com\">m</a><a href=\"javascript:void(0)\">j</a>"
         "<a href=\"JavaScript:go()\">J</a><img src=\"data:image/png;base64,AAAA\"><a href=\"ftp://f.org/x\">f</a>"
         "<a href=\"tel:123\">t</a><a href=\"HTTPS://Secure.Example.com/ok\">ok</a>");
    cr_assert_eq(links.count, 1);
    expect(0, FOLLOW, "https://secure.example.com/ok", "HTTPS://Secure.Example.com/ok", "a", "href");
}

Test(links, uppercase_tags_and_attributes)
{
    html("<HTML><BODY BACKGROUND=\"B.GIF\"><A HREF=\"Page.HTML\">x</A><IMG SRC='Pic.PNG'>"
         "<LINK REL=STYLESHEET HREF=S.CSS></BODY></HTML>");
    cr_assert_eq(links.count, 4);
    expect(0, REQ, "http://example.com/a/B.GIF", "B.GIF", "body", "background");
    expect(1, FOLLOW, "http://example.com/a/Page.HTML", "Page.HTML", "a", "href");
    expect(2, REQ, "http://example.com/a/Pic.PNG", "Pic.PNG", "img", "src");
    expect(3, REQ, "http://example.com/a/S.CSS", "S.CSS", "link", "href");
}

Test(links, entities_decoded_but_raw_text_kept)
{
    html("<a href=\"list?a=1&amp;b=2&#38;c=3\">x</a><a href=\"caf&eacute;.html\">y</a>"
         "<a href=\"x?y=1&copy=2\">z</a>");
    cr_assert_eq(links.count, 3);
    expect(0, FOLLOW, "http://example.com/a/list?a=1&b=2&c=3", "list?a=1&amp;b=2&#38;c=3", "a", "href");
    expect(1, FOLLOW, "http://example.com/a/caf%C3%A9.html", "caf&eacute;.html", "a", "href");
    /* "&copy=" in an attribute is not an entity (HTML5 legacy rule) */
    expect(2, FOLLOW, "http://example.com/a/x?y=1&copy=2", "x?y=1&copy=2", "a", "href");
}

Test(links, unquoted_and_spaced_attributes)
{
    html("<a href=plain.html>1</a><img src = spaced.png ><a href=\"  padded.html\n\">2</a>"
         "<a href=\"multi\nline.html\">3</a>");
    cr_assert_eq(links.count, 4);
    expect(0, FOLLOW, "http://example.com/a/plain.html", "plain.html", "a", "href");
    expect(1, REQ, "http://example.com/a/spaced.png", "spaced.png", "img", "src");
    expect(2, FOLLOW, "http://example.com/a/padded.html", "padded.html", "a", "href");
    expect(3, FOLLOW, "http://example.com/a/multiline.html", "multi\nline.html", "a", "href");
}

Test(links, malformed_html)
{
    /* unclosed tags, a misnested <a> the parser reopens, a table it rearranges */
    html("<html><body><p>one<p>two <a href=\"a1.html\"><div>in div</a> still<ul><li>"
         "<table><tr><td>cell</td></tr><img src=\"moved.png\"></table><img src=\"x.png\" alt=\"unclosed");
    cr_assert_eq(links.count, 2);
    expect(0, FOLLOW, "http://example.com/a/a1.html", "a1.html", "a", "href");
    expect(1, REQ, "http://example.com/a/moved.png", "moved.png", "img", "src");
}

Test(links, comments_and_script_text_are_not_links)
{
    html("<!-- <a href=\"c.html\"> --><script>document.write('<img src=\"s.png\">')</script>"
         "<textarea><a href=\"t.html\"></textarea><a href=\"real.html\">r</a>");
    cr_assert_eq(links.count, 1);
    expect(0, FOLLOW, "http://example.com/a/real.html", "real.html", "a", "href");
}

Test(links, meta_robots)
{
    html("<meta name=\"robots\" content=\"index, follow\"><a href=\"x\">x</a>");
    cr_expect_not(links.nofollow);
    mw_links_free(&links);
    html("<meta name=\"ROBOTS\" content=\"noindex,NOFOLLOW\"><a href=\"x\">x</a>");
    cr_expect(links.nofollow);
    cr_expect_eq(links.count, 1); /* still listed: requisites are fetched all the same */
    mw_links_free(&links);
    html("<meta name=robots content=none>");
    cr_expect(links.nofollow);
    mw_links_free(&links);
    html("<meta name=\"description\" content=\"nofollow\">");
    cr_expect_not(links.nofollow);
}

Test(links, meta_refresh)
{
    html("<meta http-equiv=\"Refresh\" content=\"5; URL=next.html\"><meta content=\"0;url='q.html'\" "
         "http-equiv=refresh><meta http-equiv=refresh content=\"3\"><meta name=x content=\"1; url=no.html\">"
         "<meta http-equiv=refresh content=\"soon; url=no2.html\">");
    cr_assert_eq(links.count, 2);
    expect(0, FOLLOW, "http://example.com/a/next.html", "next.html", "meta", "content");
    expect(1, FOLLOW, "http://example.com/a/q.html", "q.html", "meta", "content");
}

Test(links, follow_tags_filter)
{
    const char *page = "<a href=\"a.html\">a</a><img src=\"i.png\"><link rel=stylesheet href=\"s.css\">"
                       "<p style=\"background:url(st.png)\">p</p>";
    html_filtered(page, "A, img", NULL);
    cr_assert_eq(links.count, 3);
    expect(0, FOLLOW, "http://example.com/a/a.html", "a.html", "a", "href");
    expect(1, REQ, "http://example.com/a/i.png", "i.png", "img", "src");
    /* style="" is looked at whatever the filters say, as wget does */
    expect(2, REQ, "http://example.com/a/st.png", "st.png", "p", "style");
    mw_links_free(&links);
    html_filtered(page, "", NULL);
    cr_assert_eq(links.count, 1);
    expect(0, REQ, "http://example.com/a/st.png", "st.png", "p", "style");
}

Test(links, ignore_tags_filter)
{
    html_filtered("<a href=\"a.html\">a</a><img src=\"i.png\"><LINK rel=stylesheet href=\"s.css\">"
                  "<base href=\"http://other.org/\"><a href=\"b.html\">b</a>",
                  NULL, "img,link , base");
    cr_assert_eq(links.count, 2);
    expect(0, FOLLOW, "http://example.com/a/a.html", "a.html", "a", "href");
    expect(1, FOLLOW, "http://example.com/a/b.html", "b.html", "a", "href");
}

Test(links, crlf_and_templates)
{
    html("<template><img src=\"t.png\"></template>\r\n<a\r\nhref=\"r.html\"\r\n>x</a>"
         "<svg><a href=\"svg.html\">s</a></svg>");
    cr_assert_eq(links.count, 3);
    expect(0, REQ, "http://example.com/a/t.png", "t.png", "img", "src");
    expect(1, FOLLOW, "http://example.com/a/r.html", "r.html", "a", "href");
    expect(2, FOLLOW, "http://example.com/a/svg.html", "svg.html", "a", "href");
}

Test(links, document_not_nul_terminated)
{
    const char page[] = "<a href=\"one.html\">1</a><a href=\"two.html\">2</a>";
    doc = page;
    doc_len = sizeof page - 1;
    size_t cut = strstr(page, "two") - page + 3; /* ends inside the second tag */
    cr_assert_eq(mw_links_from_html(page, cut, &base, NULL, NULL, &links), 0);
    cr_assert_eq(links.count, 1);
    expect(0, FOLLOW, "http://example.com/a/one.html", "one.html", "a", "href");
    mw_links_free(&links);
    cr_assert_eq(mw_links_from_html("", 0, &base, NULL, NULL, &links), 0);
    cr_expect_eq(links.count, 0);
}

Test(links, long_urls_ignored)
{
    size_t n = MW_LINKS_MAX_URL + 100;
    char *page = malloc(n + 64);
    cr_assert(page);
    strcpy(page, "<a href=\"");
    memset(page + 9, 'x', n);
    strcpy(page + 9 + n, "\">long</a><a href=\"short.html\">s</a>");
    html(page);
    cr_assert_eq(links.count, 1);
    expect(0, FOLLOW, "http://example.com/a/short.html", "short.html", "a", "href");
    free(page);
}

Test(links, css_quoting)
{
    css("a { background: url(plain.png) }\n"
        "b { background: url( \"double.png\" ) }\n"
        "c { background: url('single.png') }\n"
        "d { background: URL(  spaced.png  ) }\n"
        "e { background: url(http://cdn.org/abs.png) }\n");
    cr_assert_eq(links.count, 5);
    expect(0, REQ, "http://example.com/a/plain.png", "plain.png", "css", "url");
    expect(1, REQ, "http://example.com/a/double.png", "double.png", "css", "url");
    expect(2, REQ, "http://example.com/a/single.png", "single.png", "css", "url");
    expect(3, REQ, "http://example.com/a/spaced.png", "spaced.png", "css", "url");
    expect(4, REQ, "http://cdn.org/abs.png", "http://cdn.org/abs.png", "css", "url");
}

Test(links, css_escapes)
{
    css("a { background: url(a\\(b\\).png) }\n"
        "b { background: url(\"q\\\"uote.png\") }\n"
        "c { background: url(\\41 Z.png) }\n"
        "d { background: url('line\\\ncontinued.png') }\n"
        "e { background: u\\72l(esc-name.png) }\n");
    cr_assert_eq(links.count, 5);
    expect(0, REQ, "http://example.com/a/a(b).png", "a\\(b\\).png", "css", "url");
    expect(1, REQ, "http://example.com/a/q%22uote.png", "q\\\"uote.png", "css", "url");
    expect(2, REQ, "http://example.com/a/AZ.png", "\\41 Z.png", "css", "url");
    expect(3, REQ, "http://example.com/a/linecontinued.png", "line\\\ncontinued.png", "css", "url");
    expect(4, REQ, "http://example.com/a/esc-name.png", "esc-name.png", "css", "url");
}

Test(links, css_import_forms)
{
    css("@import \"a.css\";\n@import 'b.css' screen;\n@import url(c.css);\n@IMPORT url(\"d.css\") print;\n"
        "@import /* comment */ \"e.css\";\n@media print { @import \"not-really.css\"; }\n");
    cr_assert_eq(links.count, 6);
    expect(0, REQ, "http://example.com/a/a.css", "a.css", "css", "import");
    expect(1, REQ, "http://example.com/a/b.css", "b.css", "css", "import");
    expect(2, REQ, "http://example.com/a/c.css", "c.css", "css", "import");
    expect(3, REQ, "http://example.com/a/d.css", "d.css", "css", "import");
    expect(4, REQ, "http://example.com/a/e.css", "e.css", "css", "import");
    /* a tokenizer that sees @import takes it, as wget's lexer does */
    expect(5, REQ, "http://example.com/a/not-really.css", "not-really.css", "css", "import");
}

Test(links, css_comments_strings_and_lookalikes_skipped)
{
    css("/* url(c1.png) @import \"c2.css\"; */\n"
        "a::after { content: \"url(s.png)\" }\n"
        "b { background: myurl(f.png) }\n"
        "c { background: url(bad\"quote.png) }\n"
        "d { background: url(bad space.png) }\n"
        "e { background: url() }\n"
        "f { background: url(data:image/gif;base64,R0lGOD) }\n"
        "g { background: url(ok.png) } /* unterminated comment url(x.png)");
    cr_assert_eq(links.count, 1);
    expect(0, REQ, "http://example.com/a/ok.png", "ok.png", "css", "url");
}

Test(links, css_unterminated_at_end)
{
    css("a { background: url(\"end.png");
    cr_assert_eq(links.count, 1);
    expect(0, REQ, "http://example.com/a/end.png", "end.png", "css", "url");
}

Test(links, css_link_limit)
{
    size_t n = MW_LINKS_MAX + 10;
    char *sheet = malloc(n * 7 + 1);
    cr_assert(sheet);
    for (size_t i = 0; i < n; i++)
        memcpy(sheet + i * 7, "url(x) ", 7);
    sheet[n * 7] = '\0';
    css(sheet);
    cr_expect_eq(links.count, MW_LINKS_MAX);
    expect(MW_LINKS_MAX - 1, REQ, "http://example.com/a/x", "x", "css", "url");
    free(sheet);
}

Test(links, css_hash_tokens)
{
    /* found by fuzz_links: a lone '#' read as an empty name */
    css("#x { background: url(a.png) } # url(b.png) #url(c.png) #");
    cr_assert_eq(links.count, 2);
    expect(0, REQ, "http://example.com/a/a.png", "a.png", "css", "url");
    expect(1, REQ, "http://example.com/a/b.png", "b.png", "css", "url");
}

Test(links, legacy_encoded_bytes_kept)
{
    /* a Latin-1 page: the parser reads UTF-8, but the request must carry the page's own bytes */
    html("<a href=\"caf\xe9.html\">x</a><p style=\"background:url(\xe9t\xe9.png)\">"
         "<img srcset=\"\xe0.png 1x, b.png 2x\">");
    cr_assert_eq(links.count, 4);
    expect(0, FOLLOW, "http://example.com/a/caf%E9.html", "caf\xe9.html", "a", "href");
    expect(1, REQ, "http://example.com/a/%E9t%E9.png", "\xe9t\xe9.png", "p", "style");
    expect(2, REQ, "http://example.com/a/%E0.png", "\xe0.png", "img", "srcset");
    expect(3, REQ, "http://example.com/a/b.png", "b.png", "img", "srcset");
}

Test(links, entities_that_change_the_split_leave_len_zero)
{
    /* "&#32;" is a space only once decoded: the raw text splits differently,
     * so the candidates are given without a position */
    html("<img srcset=\"a.png&#32;1x,&#32;b.png\"><a href=\"ok.html\">ok</a>");
    cr_assert_eq(links.count, 3);
    expect(0, REQ, "http://example.com/a/a.png", NULL, "img", "srcset");
    expect(1, REQ, "http://example.com/a/b.png", NULL, "img", "srcset");
    expect(2, FOLLOW, "http://example.com/a/ok.html", "ok.html", "a", "href");
}

Test(links, css_nul_bytes)
{
    static const char sheet[] = "a{background:url(\"n\0ul.png\")} b{background:url(raw\0.png)} c{background:url(ok.png)}";
    doc = sheet;
    doc_len = sizeof sheet - 1;
    cr_assert_eq(mw_links_from_css(sheet, doc_len, &base, &links), 0);
    cr_assert_eq(links.count, 2);
    /* CSS reads NUL as U+FFFD; in an unquoted url() it makes a bad url */
    cr_expect_str_eq(links.items[0].url, "http://example.com/a/n%EF%BF%BDul.png");
    cr_expect_eq(links.items[0].offset, 18);
    cr_expect_eq(links.items[0].len, 8);
    expect(1, REQ, "http://example.com/a/ok.png", "ok.png", "css", "url");
}

Test(links, parser_memory_limit_is_out_of_memory)
{
    /* gumbo is stopped in the middle of its parse; nothing may leak (valgrind) */
    mw_links_limits limits = MW_LINKS_DEFAULT_LIMITS;
    limits.memory = 16 * 1024;
    limits.tree = true; /* the tokenizer alone would need no such memory */
    char page[8192];
    for (size_t i = 0; i + 16 < sizeof page; i += 16)
        memcpy(page + i, "<a href=x>y</a> ", 16);
    page[sizeof page - 16] = '\0';
    doc = page;
    int rc = mw_links_from_html_limited(page, strlen(page), &base, NULL, NULL, limits, &links);
    cr_assert_eq(rc, -1);
    cr_expect_eq(links.count, 0);
    cr_expect_null(links.items);
    html(page);
    cr_expect_eq(links.count, 511);
}

Test(links, parser_time_limit)
{
    /* deep nesting is quadratic for gumbo: a budget stops it */
    char *page = deep_page(30000);
    mw_links_limits limits = MW_LINKS_DEFAULT_LIMITS;
    limits.seconds = 0.01;
    limits.tree = true;
    doc = page;
    int rc = mw_links_from_html_limited(page, strlen(page), &base, NULL, NULL, limits, &links);
    cr_expect_eq(rc, -1);
    cr_expect_eq(links.count, 0);
    free(page);
}

Test(links, css_string_spaces_trimmed_like_urls)
{
    /* found by fuzz_links' invariant: the reference is trimmed as a URL is,
     * the raw text is the whole string content */
    css("@import \" sp.css \";\na{background:url( ' x y.png\t' )}");
    cr_assert_eq(links.count, 2);
    expect(0, REQ, "http://example.com/a/sp.css", " sp.css ", "css", "import");
    expect(1, REQ, "http://example.com/a/x%20y.png", " x y.png\t", "css", "url");
}

Test(links, documents_over_the_cap_are_refused_whole)
{
    size_t n = MW_LINKS_MAX_DOCUMENT + 1;
    char *page = malloc(n);
    cr_assert(page);
    memset(page, ' ', n);
    memcpy(page, "<a href=x>", 10);
    cr_expect_eq(mw_links_from_html(page, n, &base, NULL, NULL, &links), -1);
    cr_expect_eq(links.count, 0);
    memcpy(page, "url(x)    ", 10);
    cr_expect_eq(mw_links_from_css(page, n, &base, &links), -1);
    cr_expect_eq(links.count, 0);
    cr_expect_eq(mw_links_from_css(page, n - 1, &base, &links), 0);
    cr_expect_eq(links.count, 1);
    free(page);
}

Test(links, tag_lists_split_beforehand_filter_as_the_strings_do)
{
    doc = "<a href=\"a.html\">a</a><img src=\"i.png\"><script src=\"s.js\"></script>";
    doc_len = strlen(doc);
    mw_list follow, ignore, none = { 0 };
    cr_assert_eq(mw_list_split(" A , img", MW_LINKS_TAG_SEPARATORS, MW_LINKS_TAG_BLANKS, &follow), 0);
    cr_assert_eq(mw_list_split("img", MW_LINKS_TAG_SEPARATORS, MW_LINKS_TAG_BLANKS, &ignore), 0);
    cr_assert_eq(mw_links_from_html_lists(doc, doc_len, &base, &follow, &ignore, MW_LINKS_DEFAULT_LIMITS, &links), 0);
    cr_assert_eq(links.count, 1);
    expect(0, FOLLOW, "http://example.com/a/a.html", "a.html", "a", "href");
    mw_links_free(&links);
    cr_assert_eq(mw_links_from_html_lists(doc, doc_len, &base, NULL, &none, MW_LINKS_DEFAULT_LIMITS, &links), 0);
    cr_expect_eq(links.count, 3);
    mw_links_free(&links);
    mw_list_free(&follow);
    /* given but empty: no tag is followed */
    cr_assert_eq(mw_list_split(",", MW_LINKS_TAG_SEPARATORS, MW_LINKS_TAG_BLANKS, &follow), 0);
    cr_assert_eq(mw_links_from_html_lists(doc, doc_len, &base, &follow, NULL, MW_LINKS_DEFAULT_LIMITS, &links), 0);
    cr_expect_eq(links.count, 0);
    mw_list_free(&follow);
    mw_list_free(&ignore);
}
