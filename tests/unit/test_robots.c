#include <criterion/criterion.h>
#include <string.h>

#include "robots.h"

static mw_robots *parse(const char *text)
{
    mw_robots *r = mw_robots_parse(text, strlen(text));
    cr_assert_not_null(r);
    return r;
}

Test(robots, star_group_disallows_prefixes)
{
    mw_robots *r = parse("User-agent: *\nDisallow: /private/\nDisallow: /tmp\n");
    cr_expect(!mw_robots_allows(r, "/private/a.html"));
    cr_expect(!mw_robots_allows(r, "/tmp"));
    cr_expect(!mw_robots_allows(r, "/tmpfile"));
    cr_expect(mw_robots_allows(r, "/public/a.html"));
    cr_expect(mw_robots_allows(r, "/"));
    mw_robots_free(r);
}

Test(robots, other_agents_groups_do_not_apply)
{
    mw_robots *r = parse("User-agent: googlebot\nDisallow: /\n\nUser-agent: *\nDisallow: /x\n");
    cr_expect(mw_robots_allows(r, "/a"));
    cr_expect(!mw_robots_allows(r, "/x/y"));
    mw_robots_free(r);
}

Test(robots, wget_group_and_shared_groups)
{
    mw_robots *r = parse("User-agent: other\nUser-agent: Wget\nDisallow: /w\n# comment\nUser-agent: z\nDisallow: /z\n");
    cr_expect(!mw_robots_allows(r, "/w/1"));
    cr_expect(mw_robots_allows(r, "/z/1"));
    mw_robots_free(r);
}

Test(robots, longest_match_wins_and_allow_wins_ties)
{
    mw_robots *r = parse("User-agent: *\nDisallow: /docs/\nAllow: /docs/public/\nAllow: /same\nDisallow: /same\n");
    cr_expect(!mw_robots_allows(r, "/docs/secret.html"));
    cr_expect(mw_robots_allows(r, "/docs/public/a.html"));
    cr_expect(mw_robots_allows(r, "/same"));
    mw_robots_free(r);
}

Test(robots, wildcards_and_end_anchor)
{
    mw_robots *r = parse("User-agent: *\nDisallow: /*.pdf$\nDisallow: /*?session=\n");
    cr_expect(!mw_robots_allows(r, "/a/b.pdf"));
    cr_expect(mw_robots_allows(r, "/a/b.pdf.html"));
    cr_expect(!mw_robots_allows(r, "/page?session=1"));
    cr_expect(mw_robots_allows(r, "/page?other=1"));
    mw_robots_free(r);
}

Test(robots, empty_disallow_and_garbage)
{
    mw_robots *r = parse("User-agent: *\nDisallow:\nthis is not a rule\n\x01\x02:\n");
    cr_expect(mw_robots_allows(r, "/anything"));
    mw_robots_free(r);
    cr_expect(mw_robots_allows(NULL, "/x"));
}

Test(robots, crlf_lines)
{
    mw_robots *r = parse("User-agent: *\r\nDisallow: /cgi-bin/\r\n");
    cr_expect(!mw_robots_allows(r, "/cgi-bin/x"));
    mw_robots_free(r);
}
