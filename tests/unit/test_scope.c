/* scope: the rules of a recursive download, each decided alone. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "scope.h"

static mw_options opts;

static void reset(void)
{
    mw_options_init(&opts);
}

TestSuite(scope, .init = reset);

static mw_url parse(const char *text)
{
    mw_url u;
    char err[128] = "";
    cr_assert_eq(mw_url_parse(text, &u, err, sizeof err), MW_URL_OK, "%s: %s", text, err);
    return u;
}

/* A scope with one start URL (and no regexes). */
typedef struct one_root {
    mw_url root;
    mw_scope scope;
} one_root;

static void with_root(one_root *r, const char *root)
{
    r->root = parse(root);
    r->scope = (mw_scope){ .options = &opts, .roots = &r->root, .nroots = 1 };
}

/* Applies a rule relative to one start URL. */
static bool root_rule(bool (*rule)(const mw_scope *, const mw_url *), const char *root, const char *link)
{
    one_root r;
    with_root(&r, root);
    mw_url u = parse(link);
    bool ok = rule(&r.scope, &u);
    mw_url_free(&u);
    mw_url_free(&r.root);
    return ok;
}

static bool under(const char *root, const char *link)
{
    return root_rule(mw_scope_under_a_root, root, link);
}

static bool host_ok(const char *root, const char *link)
{
    return root_rule(mw_scope_host_accepted, root, link);
}

static bool same_origin(const char *root, const char *link)
{
    return root_rule(mw_scope_on_a_root_origin, root, link);
}

/* Applies a rule that needs only the options and one URL. */
static bool url_rule(bool (*rule)(const mw_options *, const mw_url *), const char *link)
{
    mw_url u = parse(link);
    bool ok = rule(&opts, &u);
    mw_url_free(&u);
    return ok;
}

static bool url_only(bool (*rule)(const mw_url *), const char *link)
{
    mw_url u = parse(link);
    bool ok = rule(&u);
    mw_url_free(&u);
    return ok;
}

/* ---- depth ---- */

Test(scope, depth_limit_is_inclusive_and_zero_is_none)
{
    cr_expect(mw_scope_depth_allowed(&opts, 5));
    cr_expect(!mw_scope_depth_allowed(&opts, 6));
    cr_expect(mw_scope_goes_deeper(&opts, 4));
    cr_expect(!mw_scope_goes_deeper(&opts, 5));
    opts.max_depth = 0;
    cr_expect(mw_scope_depth_allowed(&opts, 1000));
    cr_expect(mw_scope_goes_deeper(&opts, 1000));
    opts.max_depth = 1;
    cr_expect(mw_scope_depth_allowed(&opts, 1));
    cr_expect(!mw_scope_goes_deeper(&opts, 1));
}

/* ---- -np ---- */

Test(scope, no_parent_keeps_the_start_directory_and_below)
{
    cr_expect(under("http://h/a/b/c.html", "http://h/a/b/x.html"));
    cr_expect(under("http://h/a/b/c.html", "http://h/a/b/"));
    cr_expect(under("http://h/a/b/c.html", "http://h/a/b/d/e.png"));
    cr_expect(!under("http://h/a/b/c.html", "http://h/a/"));
    cr_expect(!under("http://h/a/b/c.html", "http://h/a/x.html"));
    cr_expect(!under("http://h/a/b/c.html", "http://h/a/bc/x.html"));
}

Test(scope, no_parent_trailing_slash_names_the_directory)
{
    cr_expect(under("http://h/a/b/", "http://h/a/b/x.html"));
    cr_expect(under("http://h/a/b/", "http://h/a/b/"));
    /* the directory itself without its slash is its parent's file "b" */
    cr_expect(!under("http://h/a/b/", "http://h/a/b"));
    /* without a trailing slash, b is a file in /a/ */
    cr_expect(under("http://h/a/b", "http://h/a/c"));
}

Test(scope, no_parent_at_the_root_keeps_the_whole_host)
{
    cr_expect(under("http://h/", "http://h/"));
    cr_expect(under("http://h/", "http://h/x/y/z.html"));
    cr_expect(under("http://h/index.html", "http://h/other.html"));
    cr_expect(!under("http://h/", "http://other/"));
}

Test(scope, no_parent_needs_the_same_host_and_port)
{
    cr_expect(under("http://h:8080/a/", "http://H:8080/a/x"));
    cr_expect(!under("http://h:8080/a/", "http://h:8081/a/x"));
    cr_expect(!under("http://h/a/", "http://g/a/x"));
}

/* ---- -H, -D, --exclude-domains ---- */

Test(scope, without_span_hosts_only_the_start_hosts)
{
    cr_expect(host_ok("http://example.com/", "http://example.com/a"));
    cr_expect(host_ok("http://example.com/", "http://EXAMPLE.com:8080/a")); /* any port */
    cr_expect(!host_ok("http://example.com/", "http://www.example.com/a"));
    cr_expect(!host_ok("http://example.com/", "http://other.org/"));
}

Test(scope, span_hosts_takes_any_host)
{
    opts.span_hosts = true;
    cr_expect(host_ok("http://example.com/", "http://other.org/"));
    cr_expect(host_ok("http://example.com/", "http://127.0.0.1:9/"));
}

Test(scope, domains_match_by_suffix_on_label_boundaries)
{
    opts.span_hosts = true;
    opts.domains = "example.com";
    cr_expect(host_ok("http://start.org/", "http://example.com/"));
    cr_expect(host_ok("http://start.org/", "http://www.example.com/"));
    cr_expect(host_ok("http://start.org/", "http://a.b.EXAMPLE.COM/"));
    cr_expect(!host_ok("http://start.org/", "http://badexample.com/"));
    cr_expect(!host_ok("http://start.org/", "http://example.com.evil/"));
    /* -D does not keep the start host itself when it is outside the list */
    cr_expect(!host_ok("http://start.org/", "http://start.org/"));
}

Test(scope, domain_lists_take_spaces_and_a_leading_dot)
{
    opts.span_hosts = true;
    opts.domains = " a.org , .example.com,";
    cr_expect(host_ok("http://s/", "http://x.a.org/"));
    cr_expect(host_ok("http://s/", "http://www.example.com/"));
    cr_expect(host_ok("http://s/", "http://example.com/"));
    cr_expect(!host_ok("http://s/", "http://b.org/"));
}

Test(scope, domains_do_nothing_without_span_hosts)
{
    opts.domains = "example.com";
    cr_expect(!host_ok("http://start.org/", "http://www.example.com/"));
    cr_expect(host_ok("http://start.org/", "http://start.org/x"));
}

Test(scope, exclude_domains_win_over_everything)
{
    opts.exclude_domains = "bad.com";
    cr_expect(!host_ok("http://bad.com/", "http://bad.com/a")); /* even the start host */
    cr_expect(!host_ok("http://bad.com/", "http://www.bad.com/a"));
    opts.span_hosts = true;
    opts.domains = "com";
    cr_expect(!host_ok("http://good.com/", "http://img.bad.com/"));
    cr_expect(host_ok("http://good.com/", "http://notbad.com/"));
}

Test(scope, origin_is_scheme_host_and_port)
{
    cr_expect(same_origin("http://h/a", "http://h/b/c"));
    cr_expect(same_origin("http://h/a", "http://h:80/b"));
    cr_expect(!same_origin("http://h/a", "https://h/a"));
    cr_expect(!same_origin("http://h/a", "http://h:8080/a"));
    cr_expect(!same_origin("http://h/a", "http://g/a"));
}

/* ---- -I, -X ---- */

Test(scope, no_directory_lists_accept_all)
{
    cr_expect(url_rule(mw_scope_dirs_accepted, "http://h/any/where/x.html"));
    cr_expect(url_rule(mw_scope_dirs_accepted, "http://h/x.html"));
}

Test(scope, include_dirs_keep_a_directory_and_below)
{
    opts.include_dirs = "/a";
    cr_expect(url_rule(mw_scope_dirs_accepted, "http://h/a/x.html"));
    cr_expect(url_rule(mw_scope_dirs_accepted, "http://h/a/b/c/x.html"));
    cr_expect(url_rule(mw_scope_dirs_accepted, "http://h/a/"));
    cr_expect(!url_rule(mw_scope_dirs_accepted, "http://h/ab/x.html"));
    cr_expect(!url_rule(mw_scope_dirs_accepted, "http://h/x.html"));
    cr_expect(!url_rule(mw_scope_dirs_accepted, "http://h/a")); /* the file "a" is in "/" */
}

Test(scope, include_dirs_ignore_a_trailing_slash)
{
    opts.include_dirs = "/a/";
    cr_expect(url_rule(mw_scope_dirs_accepted, "http://h/a/x.html"));
    cr_expect(!url_rule(mw_scope_dirs_accepted, "http://h/ab/x.html"));
    opts.include_dirs = "/";
    cr_expect(url_rule(mw_scope_dirs_accepted, "http://h/x.html"));
}

Test(scope, exclude_dirs_drop_a_directory_and_below)
{
    opts.exclude_dirs = "/a/b, /tmp";
    cr_expect(!url_rule(mw_scope_dirs_accepted, "http://h/a/b/c.html"));
    cr_expect(!url_rule(mw_scope_dirs_accepted, "http://h/a/b/c/d.html"));
    cr_expect(!url_rule(mw_scope_dirs_accepted, "http://h/tmp/x"));
    cr_expect(url_rule(mw_scope_dirs_accepted, "http://h/a/x.html"));
    cr_expect(url_rule(mw_scope_dirs_accepted, "http://h/a/bb/x.html"));
    opts.include_dirs = "/a";
    cr_expect(!url_rule(mw_scope_dirs_accepted, "http://h/a/b/x")); /* -X wins over -I */
    cr_expect(url_rule(mw_scope_dirs_accepted, "http://h/a/c/x"));
}

Test(scope, directory_patterns_take_wildcards_and_what_is_below)
{
    opts.include_dirs = "/a/*/c";
    cr_expect(url_rule(mw_scope_dirs_accepted, "http://h/a/b/c/x.html"));
    cr_expect(url_rule(mw_scope_dirs_accepted, "http://h/a/b/c/d/x.html"));
    cr_expect(!url_rule(mw_scope_dirs_accepted, "http://h/a/b/x.html"));
    opts.include_dirs = "/img?";
    cr_expect(url_rule(mw_scope_dirs_accepted, "http://h/img1/x.png"));
    cr_expect(!url_rule(mw_scope_dirs_accepted, "http://h/img/x.png"));
}

Test(scope, directory_case_is_folded_only_when_asked)
{
    opts.include_dirs = "/Docs";
    cr_expect(!url_rule(mw_scope_dirs_accepted, "http://h/docs/x"));
    opts.ignore_case = true;
    cr_expect(url_rule(mw_scope_dirs_accepted, "http://h/docs/x"));
    opts.include_dirs = "/D*";
    cr_expect(url_rule(mw_scope_dirs_accepted, "http://h/docs/x"));
}

/* ---- -A, -R ---- */

Test(scope, accept_suffixes_with_or_without_the_dot)
{
    opts.accept = "gif,.jpg";
    cr_expect(mw_scope_file_name_accepted(&opts, "a.gif"));
    cr_expect(mw_scope_file_name_accepted(&opts, "b.jpg"));
    cr_expect(mw_scope_file_name_accepted(&opts, "agif")); /* a suffix, as wget */
    cr_expect(!mw_scope_file_name_accepted(&opts, "a.png"));
    cr_expect(!mw_scope_file_name_accepted(&opts, "a.GIF"));
    opts.ignore_case = true;
    cr_expect(mw_scope_file_name_accepted(&opts, "a.GIF"));
}

Test(scope, patterns_with_wildcards_match_the_whole_name)
{
    opts.accept = "page-*.htm?";
    cr_expect(mw_scope_file_name_accepted(&opts, "page-1.html"));
    cr_expect(!mw_scope_file_name_accepted(&opts, "page-1.htm"));
    cr_expect(!mw_scope_file_name_accepted(&opts, "my-page-1.html"));
    opts.accept = "[ab].txt";
    cr_expect(mw_scope_file_name_accepted(&opts, "a.txt"));
    cr_expect(!mw_scope_file_name_accepted(&opts, "c.txt"));
}

Test(scope, reject_wins_over_accept)
{
    opts.accept = "html";
    opts.reject = "secret*";
    cr_expect(mw_scope_file_name_accepted(&opts, "index.html"));
    cr_expect(!mw_scope_file_name_accepted(&opts, "secret.html"));
    opts.accept = NULL;
    cr_expect(mw_scope_file_name_accepted(&opts, "a.png"));
}

Test(scope, a_link_is_judged_by_its_decoded_last_segment)
{
    opts.reject = "a b.gif";
    cr_expect(!url_rule(mw_scope_link_name_accepted, "http://h/x/a%20b.gif"));
    cr_expect(url_rule(mw_scope_link_name_accepted, "http://h/x/ab.gif"));
    /* a directory URL has no name to judge yet */
    opts.accept = "gif";
    opts.reject = NULL;
    cr_expect(url_rule(mw_scope_link_name_accepted, "http://h/dir/"));
    cr_expect(url_rule(mw_scope_link_name_accepted, "http://h/"));
    cr_expect(!url_rule(mw_scope_link_name_accepted, "http://h/dir"));
    /* the query is not part of a link's name */
    cr_expect(url_rule(mw_scope_link_name_accepted, "http://h/a.gif?v=2"));
}

Test(scope, a_saved_file_is_judged_by_its_name_on_disk)
{
    cr_expect(mw_scope_saved_name_accepted(&opts, "h/b.html?x=1"));
    opts.accept = "html";
    cr_expect(mw_scope_saved_name_accepted(&opts, "h/dir/index.html"));
    cr_expect(mw_scope_saved_name_accepted(&opts, "index.html"));
    cr_expect(!mw_scope_saved_name_accepted(&opts, "h/b.html?x=1"));
    cr_expect(!mw_scope_saved_name_accepted(&opts, "html/b.png")); /* not the directory's name */
}

Test(scope, the_default_page_of_a_directory_url)
{
    opts.recursive = true;
    cr_expect(!url_rule(mw_scope_default_page_rejected, "http://h/dir/")); /* no -A/-R */
    opts.accept = "gif";
    cr_expect(url_rule(mw_scope_default_page_rejected, "http://h/dir/"));
    cr_expect(url_rule(mw_scope_default_page_rejected, "http://h/"));
    cr_expect(!url_rule(mw_scope_default_page_rejected, "http://h/dir/a.html")); /* not a directory */
    opts.default_page = "home.gif";
    cr_expect(!url_rule(mw_scope_default_page_rejected, "http://h/dir/"));
    opts.default_page = NULL;
    opts.accept = "html";
    cr_expect(!url_rule(mw_scope_default_page_rejected, "http://h/dir/"));
    opts.reject = "index.html";
    cr_expect(url_rule(mw_scope_default_page_rejected, "http://h/dir/"));
    opts.recursive = false;
    cr_expect(!url_rule(mw_scope_default_page_rejected, "http://h/dir/"));
}

/* ---- pages ---- */

Test(scope, what_may_be_a_page)
{
    cr_expect(url_only(mw_scope_may_be_page, "http://h/"));
    cr_expect(url_only(mw_scope_may_be_page, "http://h/dir/page"));
    cr_expect(url_only(mw_scope_may_be_page, "http://h/a.html"));
    cr_expect(url_only(mw_scope_may_be_page, "http://h/a.HTM"));
    cr_expect(url_only(mw_scope_may_be_page, "http://h/a.php?x=1"));
    cr_expect(url_only(mw_scope_may_be_page, "http://h/a.aspx"));
    cr_expect(url_only(mw_scope_may_be_page, "http://h/a.shtml"));
    cr_expect(url_only(mw_scope_may_be_page, "http://h/a.d/page")); /* a dot in a directory is no extension */
    cr_expect(!url_only(mw_scope_may_be_page, "http://h/a.png"));
    cr_expect(!url_only(mw_scope_may_be_page, "http://h/a.css"));
    cr_expect(!url_only(mw_scope_may_be_page, "http://h/a.html.gz"));
}

Test(scope, html_suffix_is_html_or_htm_only)
{
    cr_expect(url_only(mw_scope_has_html_suffix, "http://h/a.html"));
    cr_expect(url_only(mw_scope_has_html_suffix, "http://h/a.HTM"));
    cr_expect(!url_only(mw_scope_has_html_suffix, "http://h/a.shtml"));
    cr_expect(!url_only(mw_scope_has_html_suffix, "http://h/a"));
    cr_expect(!url_only(mw_scope_has_html_suffix, "http://h/dir/"));
}

/* ---- robots.txt ---- */

Test(scope, robots_is_asked_by_recursion_and_requisites)
{
    cr_expect(!mw_scope_asks_robots(&opts));
    opts.recursive = true;
    cr_expect(mw_scope_asks_robots(&opts));
    opts.recursive = false;
    opts.page_requisites = true;
    cr_expect(mw_scope_asks_robots(&opts));
    opts.robots = false;
    cr_expect(!mw_scope_asks_robots(&opts));
}

Test(scope, robots_binds_neither_start_urls_nor_itself)
{
    cr_expect(!mw_scope_robots_bind(0, false));
    cr_expect(!mw_scope_robots_bind(1, true));
    cr_expect(mw_scope_robots_bind(1, false));
    cr_expect(mw_scope_robots_bind(7, false));
}

Test(scope, robots_rules_judge_path_and_query)
{
    const char *text = "User-agent: *\nDisallow: /private\nDisallow: /search?q\n";
    mw_robots *rules = mw_robots_parse(text, strlen(text));
    cr_assert_not_null(rules);
    mw_url u = parse("http://h/private/a.html");
    cr_expect(!mw_scope_robots_allow(rules, &u));
    mw_url_free(&u);
    u = parse("http://h/search?q=1");
    cr_expect(!mw_scope_robots_allow(rules, &u));
    mw_url_free(&u);
    u = parse("http://h/search");
    cr_expect(mw_scope_robots_allow(rules, &u));
    cr_expect(mw_scope_robots_allow(NULL, &u)); /* no rules: all allowed */
    mw_url_free(&u);
    mw_robots_free(rules);
}

/* ---- the regexes ---- */

Test(scope, regexes_judge_the_whole_url)
{
    mw_scope_regexes re;
    char err[256] = "";
    cr_assert(mw_scope_regexes_compile(&opts, &re, err, sizeof err));
    cr_expect(mw_scope_regexes_accept(&re, "http://h/anything"));
    mw_scope_regexes_free(&re);

    opts.accept_regex = "/docs/";
    opts.reject_regex = "\\.pdf$";
    cr_assert(mw_scope_regexes_compile(&opts, &re, err, sizeof err), "%s", err);
    cr_expect(mw_scope_regexes_accept(&re, "http://h/docs/a.html"));
    cr_expect(!mw_scope_regexes_accept(&re, "http://h/docs/a.pdf"));
    cr_expect(!mw_scope_regexes_accept(&re, "http://h/other/a.html"));
    cr_expect(!mw_scope_regexes_accept(&re, "http://h/DOCS/a.html"));
    mw_scope_regexes_free(&re);

    opts.ignore_case = true;
    cr_assert(mw_scope_regexes_compile(&opts, &re, err, sizeof err), "%s", err);
    cr_expect(mw_scope_regexes_accept(&re, "http://h/DOCS/a.html"));
    cr_expect(!mw_scope_regexes_accept(&re, "http://h/docs/a.PDF"));
    mw_scope_regexes_free(&re);
}

Test(scope, a_bad_regex_is_named)
{
    mw_scope_regexes re;
    char err[256] = "";
    opts.accept_regex = "ok";
    opts.reject_regex = "(";
    cr_expect(!mw_scope_regexes_compile(&opts, &re, err, sizeof err));
    cr_expect(strncmp(err, "Invalid regular expression ‘(’: ", strlen("Invalid regular expression ‘(’: ")) == 0, "%s", err);
    mw_scope_regexes_free(&re); /* harmless after a failure */
}

/* ---- a link found in a page ---- */

static mw_scope_verdict judge(const char *root, const mw_scope_regexes *re, const char *link, bool requisite_link,
                              int from_depth, bool from_requisite)
{
    one_root r;
    with_root(&r, root);
    r.scope.regexes = re;
    mw_url u = parse(link);
    mw_scope_verdict v = mw_scope_judge_link(&r.scope, &u, requisite_link, from_depth, from_requisite);
    mw_url_free(&u);
    mw_url_free(&r.root);
    return v;
}

#define ROOT "http://h/d/index.html"

Test(scope, recursion_follows_links_to_the_depth_limit)
{
    cr_expect_eq(judge(ROOT, NULL, "http://h/d/a.html", false, 0, false), MW_SCOPE_SKIP); /* no -r */
    opts.recursive = true;
    cr_expect_eq(judge(ROOT, NULL, "http://h/d/a.html", false, 0, false), MW_SCOPE_FETCH);
    cr_expect_eq(judge(ROOT, NULL, "http://h/d/a.html", false, 4, false), MW_SCOPE_FETCH);
    cr_expect_eq(judge(ROOT, NULL, "http://h/d/a.html", false, 5, false), MW_SCOPE_SKIP);
    cr_expect_eq(judge(ROOT, NULL, "http://other/a.html", false, 0, false), MW_SCOPE_SKIP);
    cr_expect_eq(judge(ROOT, NULL, "http://h/up.html", false, 0, false), MW_SCOPE_FETCH);
    cr_expect_eq(judge(ROOT, NULL, "http://h/d/a.png", true, 0, false), MW_SCOPE_FETCH); /* no -p: a plain link */
    /* the links of a requisite are not recursed into */
    cr_expect_eq(judge(ROOT, NULL, "http://h/d/a.html", false, 0, true), MW_SCOPE_SKIP);
}

Test(scope, requisites_pass_depth_and_no_parent)
{
    opts.page_requisites = true;
    opts.no_parent = true;
    cr_expect_eq(judge(ROOT, NULL, "http://h/d/a.png", true, 0, false), MW_SCOPE_FETCH_REQUISITE);
    cr_expect_eq(judge(ROOT, NULL, "http://h/img/a.png", true, 1, true), MW_SCOPE_FETCH_REQUISITE);
    /* as wget: two levels past -l (0 with -p alone), no further */
    cr_expect_eq(judge(ROOT, NULL, "http://h/img/a.png", true, 2, true), MW_SCOPE_SKIP);
    cr_expect_eq(judge(ROOT, NULL, "http://h/d/a.html", false, 0, false), MW_SCOPE_SKIP); /* -p alone */
    cr_expect_eq(judge(ROOT, NULL, "http://other/a.png", true, 0, false), MW_SCOPE_SKIP); /* but not hosts */
    opts.recursive = true;
    cr_expect_eq(judge(ROOT, NULL, "http://h/up.html", false, 0, false), MW_SCOPE_SKIP);
    cr_expect_eq(judge(ROOT, NULL, "http://h/d/sub/a.html", false, 0, false), MW_SCOPE_FETCH);
    cr_expect_eq(judge(ROOT, NULL, "http://h/img/a.png", true, opts.max_depth + 1, true), MW_SCOPE_FETCH_REQUISITE);
    cr_expect_eq(judge(ROOT, NULL, "http://h/img/a.png", true, opts.max_depth + 2, true), MW_SCOPE_SKIP);
    opts.max_depth = 0; /* -l inf */
    cr_expect_eq(judge(ROOT, NULL, "http://h/img/a.png", true, 50, true), MW_SCOPE_FETCH_REQUISITE);
}

Test(scope, rejected_html_pages_are_read_then_deleted)
{
    opts.recursive = true;
    opts.page_requisites = true;
    opts.accept = "gif";
    cr_expect_eq(judge(ROOT, NULL, "http://h/d/b.html", false, 0, false), MW_SCOPE_FETCH_TO_READ);
    cr_expect_eq(judge(ROOT, NULL, "http://h/d/b.gif", false, 0, false), MW_SCOPE_FETCH);
    cr_expect_eq(judge(ROOT, NULL, "http://h/d/b.png", false, 0, false), MW_SCOPE_SKIP);
    cr_expect_eq(judge(ROOT, NULL, "http://h/d/b.php", false, 0, false), MW_SCOPE_SKIP); /* not an .html suffix */
    cr_expect_eq(judge(ROOT, NULL, "http://h/d/sub/", false, 0, false), MW_SCOPE_FETCH); /* no name yet */
    /* at the last level its links would not be followed: no use reading it */
    cr_expect_eq(judge(ROOT, NULL, "http://h/d/b.html", false, 4, false), MW_SCOPE_SKIP);
    /* a requisite is judged by name at once */
    cr_expect_eq(judge(ROOT, NULL, "http://h/d/b.css", true, 0, false), MW_SCOPE_SKIP);
    cr_expect_eq(judge(ROOT, NULL, "http://h/d/b.gif", true, 0, false), MW_SCOPE_FETCH_REQUISITE);
}

Test(scope, directories_hosts_and_regexes_apply_to_every_link)
{
    opts.recursive = true;
    opts.page_requisites = true;
    opts.exclude_dirs = "/d/private";
    cr_expect_eq(judge(ROOT, NULL, "http://h/d/private/a.png", true, 0, false), MW_SCOPE_SKIP);
    cr_expect_eq(judge(ROOT, NULL, "http://h/d/private/a.html", false, 0, false), MW_SCOPE_SKIP);
    opts.exclude_dirs = NULL;
    opts.reject_regex = "nope";
    mw_scope_regexes re;
    char err[256] = "";
    cr_assert(mw_scope_regexes_compile(&opts, &re, err, sizeof err), "%s", err);
    cr_expect_eq(judge(ROOT, &re, "http://h/d/nope.png", true, 0, false), MW_SCOPE_SKIP);
    cr_expect_eq(judge(ROOT, &re, "http://h/d/yes.png", true, 0, false), MW_SCOPE_FETCH_REQUISITE);
    mw_scope_regexes_free(&re);
}

Test(scope, directory_lists_ignore_a_leading_slash)
{
    /* as wget: "-X a/b" and "-X /a/b" are the same list */
    opts.exclude_dirs = "a/b";
    cr_expect(!url_rule(mw_scope_dirs_accepted, "http://h/a/b/c.html"));
    cr_expect(url_rule(mw_scope_dirs_accepted, "http://h/a/c.html"));
    opts.exclude_dirs = NULL;
    opts.include_dirs = "a";
    cr_expect(url_rule(mw_scope_dirs_accepted, "http://h/a/x.html"));
    cr_expect(!url_rule(mw_scope_dirs_accepted, "http://h/b/x.html"));
    opts.include_dirs = "a/*";
    cr_expect(url_rule(mw_scope_dirs_accepted, "http://h/a/b/x.html"));
}
