#include <criterion/criterion.h>
#include <string.h>

#include "ctx.h"

static mw_options opts;
static mw_ctx *ctx;

static void make(void)
{
    char err[256];
    ctx = mw_ctx_new(&opts, err, sizeof err);
    cr_assert_not_null(ctx, "%s", err);
}

static void teardown(void)
{
    mw_ctx_free(ctx);
    ctx = NULL;
}

static void setup(void)
{
    mw_options_init(&opts);
    opts.cookies = false;
    opts.hsts = false;
}

TestSuite(ctx, .init = setup, .fini = teardown);

Test(ctx, lists_are_split_once_as_their_users_read_them)
{
    opts.accept = "gif, my file.txt ,,";
    opts.reject = ",";
    opts.follow_tags = " A ,\timg";
    opts.no_proxy = "a.com b.com,\tc.com";
    make();
    const mw_ctx_lists *l = &ctx->lists;
    cr_assert_eq(l->accept.count, 2);
    cr_expect_str_eq(l->accept.items[1], "my file.txt");
    cr_expect(l->reject.given);
    cr_expect_eq(l->reject.count, 0);
    cr_expect(!l->domains.given);
    cr_assert_eq(l->follow_tags.count, 2);
    cr_expect_str_eq(l->follow_tags.items[0], "A");
    cr_expect_eq(l->no_proxy.count, 3);
}

Test(ctx, no_proxy_list_bypasses_the_proxy)
{
    opts.http_proxy = "http://proxy.example:3128";
    opts.no_proxy = "internal.example, .corp";
    make();
    mw_url url;
    cr_assert_eq(mw_url_parse("http://www.internal.example/", &url, NULL, 0), MW_URL_OK);
    cr_expect_null(mw_ctx_proxy_for(ctx, &url));
    mw_url_free(&url);
    cr_assert_eq(mw_url_parse("http://a.corp/", &url, NULL, 0), MW_URL_OK);
    cr_expect_null(mw_ctx_proxy_for(ctx, &url));
    mw_url_free(&url);
    cr_assert_eq(mw_url_parse("http://example.org/", &url, NULL, 0), MW_URL_OK);
    cr_expect_not_null(mw_ctx_proxy_for(ctx, &url));
    mw_url_free(&url);
}

Test(ctx, retry_statuses_read_once)
{
    opts.retry_on_http_error = "503, 429";
    make();
    cr_expect(mw_ctx_retries_status(ctx, 503));
    cr_expect(mw_ctx_retries_status(ctx, 429));
    cr_expect(!mw_ctx_retries_status(ctx, 500));
    cr_expect(!mw_ctx_retries_status(ctx, 2000));
}

/* wget 1.21's rule: a leading dot matches the subdomains only. */
Test(ctx, no_proxy_leading_dot_is_for_subdomains_as_wget)
{
    opts.http_proxy = "http://proxy.example:3128";
    opts.no_proxy = ".corp,plain.example";
    make();
    const char *direct[] = { "http://a.corp/", "http://b.a.CORP/", "http://plain.example/", "http://x.plain.example/" };
    const char *proxied[] = { "http://corp/", "http://acorp/", "http://noplain.example/" };
    mw_url url;
    for (size_t i = 0; i < sizeof direct / sizeof direct[0]; i++) {
        cr_assert_eq(mw_url_parse(direct[i], &url, NULL, 0), MW_URL_OK);
        cr_expect_null(mw_ctx_proxy_for(ctx, &url), "%s", direct[i]);
        mw_url_free(&url);
    }
    for (size_t i = 0; i < sizeof proxied / sizeof proxied[0]; i++) {
        cr_assert_eq(mw_url_parse(proxied[i], &url, NULL, 0), MW_URL_OK);
        cr_expect_not_null(mw_ctx_proxy_for(ctx, &url), "%s", proxied[i]);
        mw_url_free(&url);
    }
}
