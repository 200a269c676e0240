/* cookies: RFC 6265 parsing, storage, matching, limits and cookies.txt files. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cookies.h"

#define NOW ((time_t)1600000000)   /* 2020-09-13 12:26:40 UTC */
#define JUN_9_2021 ((time_t)1623233894) /* 2021-06-09 10:18:14 UTC */

static mw_cookie_jar *jar;
static char dir[64];

static void setup(void)
{
    jar = mw_cookies_new();
    cr_assert_not_null(jar);
    strcpy(dir, "/tmp/test_cookies.XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
    mw_cookies_free(jar);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(cookies, .init = setup, .fini = teardown);

static mw_url url_of(const char *text)
{
    mw_url u;
    char err[128] = "";
    cr_assert_eq(mw_url_parse(text, &u, err, sizeof err), MW_URL_OK, "%s: %s", text, err);
    return u;
}

static void set_at(const char *url, const char *set_cookie, time_t now)
{
    mw_url u = url_of(url);
    mw_cookies_set(jar, &u, set_cookie, now);
    mw_url_free(&u);
}

static void set(const char *url, const char *set_cookie)
{
    set_at(url, set_cookie, NOW);
}

static void expect_at(const char *url, const char *expected, time_t now)
{
    mw_url u = url_of(url);
    char *h = mw_cookies_header(jar, &u, now);
    mw_url_free(&u);
    if (expected)
        cr_assert(h && strcmp(h, expected) == 0, "%s: expected \"%s\", got \"%s\"", url, expected, h ? h : "(null)");
    else
        cr_assert_null(h, "%s: expected no cookie, got \"%s\"", url, h);
    free(h);
}

static void expect(const char *url, const char *expected)
{
    expect_at(url, expected, NOW);
}

static char *path_in_dir(const char *name)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "%s", path);
    static char buf[65536];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

/* The expiry the jar would save for "a=1; <attrs>" set at NOW: the number,
 * 0 for a session cookie, -1 when no cookie was stored. */
static long long expiry_of(const char *attrs)
{
    mw_cookie_jar *j = mw_cookies_new();
    mw_url u = url_of("http://example.com/");
    char sc[256], err[256];
    snprintf(sc, sizeof sc, "a=1; %s", attrs);
    mw_cookies_set(j, &u, sc, NOW);
    mw_url_free(&u);
    char *path = path_in_dir("expiry.txt");
    cr_assert_eq(mw_cookies_save(j, path, true, NOW, err, sizeof err), 0, "%s", err);
    mw_cookies_free(j);
    const char *line = strstr(slurp(path), "example.com\t");
    long long expiry;
    if (!line)
        return -1;
    cr_assert_eq(sscanf(line, "%*s %*s %*s %*s %lld", &expiry), 1, "%s", line);
    return expiry;
}

Test(cookies, host_only_cookie_goes_to_its_host_only)
{
    set("http://example.com/", "a=1");
    expect("http://example.com/", "a=1");
    expect("http://example.com/any/path?q", "a=1");
    expect("https://example.com:8443/", "a=1"); /* cookies ignore scheme and port */
    expect("http://www.example.com/", NULL);
    expect("http://other.com/", NULL);
}

Test(cookies, domain_cookie_goes_to_subdomains)
{
    set("http://www.example.com/", "a=1; Domain=example.com");
    expect("http://example.com/", "a=1");
    expect("http://www.example.com/", "a=1");
    expect("http://x.y.example.com/", "a=1");
    expect("http://notexample.com/", NULL);
    expect("http://example.com.evil/", NULL);
}

Test(cookies, leading_dot_in_domain_is_ignored)
{
    set("http://www.example.com/", "a=1; Domain=.EXAMPLE.com");
    expect("http://example.com/", "a=1");
    expect("http://sub.example.com/", "a=1");
}

Test(cookies, domain_equal_to_host_covers_subdomains)
{
    set("http://example.com/", "a=1; Domain=example.com");
    expect("http://www.example.com/", "a=1");
}

Test(cookies, empty_domain_attribute_means_host_only)
{
    set("http://www.example.com/", "a=1; Domain=");
    set("http://www.example.com/", "b=2; Domain=.");
    expect("http://www.example.com/", "a=1; b=2");
    expect("http://x.www.example.com/", NULL);
}

Test(cookies, domain_that_does_not_cover_the_host_is_refused)
{
    set("http://www.example.com/", "a=1; Domain=other.com");
    set("http://www.example.com/", "b=1; Domain=sub.www.example.com");
    set("http://www.example.com/", "c=1; Domain=ample.com");
    set("http://www.example.com/", "d=1; Domain=w.example.com");
    expect("http://other.com/", NULL);
    expect("http://sub.www.example.com/", NULL);
    expect("http://ample.com/", NULL);
    expect("http://w.example.com/", NULL);
    expect("http://www.example.com/", NULL);
}

Test(cookies, public_suffix_domain_is_refused)
{
    set("http://www.example.co.uk/", "a=1; Domain=co.uk");
    set("http://www.example.co.uk/", "b=1; Domain=uk");
    set("http://www.example.com/", "c=1; Domain=com");
    set("http://www.example.com/", "d=1; Domain=.com");
    set("http://user.github.io/", "e=1; Domain=github.io");
    expect("http://other.co.uk/", NULL);
    expect("http://www.example.co.uk/", NULL);
    expect("http://www.example.com/", NULL);
    expect("http://user.github.io/", NULL);
    set("http://www.example.co.uk/", "f=1; Domain=example.co.uk");
    expect("http://shop.example.co.uk/", "f=1");
}

Test(cookies, public_suffix_host_gets_a_host_only_cookie)
{
    /* RFC 6265 5.3 step 5: a Domain equal to the host is dropped, not refused */
    set("http://localhost/", "a=1; Domain=localhost");
    expect("http://localhost/", "a=1");
    expect("http://x.localhost/", NULL);
}

Test(cookies, ip_hosts_get_no_domain_cookies)
{
    set("http://192.168.0.1/", "a=1");
    set("http://192.168.0.1/", "b=2; Domain=0.1");
    set("http://192.168.0.1/", "c=3; Domain=168.0.1");
    set("http://192.168.0.1/", "d=4; Domain=192.168.0.1");
    expect("http://192.168.0.1/", "a=1; d=4");
    expect("http://10.192.168.0.1/", NULL);
    set("http://[::1]:8080/", "e=5");
    expect("http://[::1]/", "e=5");
    /* a domain cookie for a name never goes to an address ending like it */
    set("http://www.example.com/", "f=6; Domain=example.com");
    expect("http://1.2.3.4/", NULL);
    /* nor may a name ending like an address set cookies for the address */
    set("http://x.1.2.3.4/", "g=7; Domain=1.2.3.4");
    expect("http://1.2.3.4/", NULL);
}

Test(cookies, default_path_is_the_directory_of_the_request)
{
    set("http://h.example/foo/bar.html", "a=1");
    set("http://h.example/top.html", "b=2");
    set("http://h.example/", "c=3");
    expect("http://h.example/foo", "a=1; b=2; c=3");
    expect("http://h.example/foo/x/y", "a=1; b=2; c=3");
    expect("http://h.example/foobar", "b=2; c=3");
    expect("http://h.example/", "b=2; c=3");
}

Test(cookies, path_attribute_and_path_match)
{
    set("http://h.example/", "a=1; Path=/foo");
    expect("http://h.example/foo", "a=1");
    expect("http://h.example/foo/", "a=1");
    expect("http://h.example/foo/bar", "a=1");
    expect("http://h.example/foobar", NULL);
    expect("http://h.example/", NULL);
    expect("http://h.example/FOO", NULL);
    set("http://h.example/", "b=2; Path=/dir/");
    expect("http://h.example/dir/x", "b=2");
    expect("http://h.example/dir", NULL);
}

Test(cookies, bad_path_attribute_means_the_default_path)
{
    set("http://h.example/a/b", "a=1; Path=relative");
    set("http://h.example/a/b", "b=2; Path=");
    set("http://h.example/a/b", "c=3; Path=/x; Path=nope");
    expect("http://h.example/a/z", "a=1; b=2; c=3");
    expect("http://h.example/x", NULL);
}

Test(cookies, secure_cookie_only_over_https)
{
    set("https://example.com/", "s=1; Secure");
    set("https://example.com/", "p=2");
    expect("https://example.com/", "s=1; p=2");
    expect("http://example.com/", "p=2");
}

Test(cookies, secure_cookie_from_http_is_refused)
{
    set("http://example.com/", "s=1; Secure");
    expect("https://example.com/", NULL);
}

Test(cookies, http_cannot_overwrite_a_secure_cookie)
{
    set("https://example.com/", "s=1; Secure");
    set("http://example.com/", "s=evil");
    set("http://www.example.com/", "s=evil; Domain=example.com");
    expect("https://example.com/", "s=1");
    expect("http://example.com/", NULL);
}

Test(cookies, cookie_name_prefixes)
{
    set("https://example.com/", "__Secure-a=1");
    set("https://example.com/", "__Secure-b=2; Secure");
    set("https://www.example.com/", "__Host-c=3; Secure; Path=/; Domain=example.com");
    set("https://example.com/", "__Host-d=4; Secure; Path=/x");
    set("https://example.com/x", "__Host-e=5; Secure; Path=/");
    expect("https://example.com/x", "__Secure-b=2; __Host-e=5");
}

Test(cookies, http_only_cookies_are_sent)
{
    set("http://example.com/", "h=1; HttpOnly");
    expect("http://example.com/", "h=1");
}

Test(cookies, max_age_zero_or_negative_deletes)
{
    set("http://example.com/", "a=1; Max-Age=3600");
    set("http://example.com/", "b=2");
    set("http://example.com/", "c=3");
    expect("http://example.com/", "a=1; b=2; c=3");
    set("http://example.com/", "a=gone; Max-Age=0");
    set("http://example.com/", "b=gone; Max-Age=-1");
    expect("http://example.com/", "c=3");
    /* deleting what is not there stores nothing */
    set("http://example.com/", "d=4; Max-Age=0");
    expect("http://example.com/", "c=3");
}

Test(cookies, past_expires_deletes)
{
    set("http://example.com/", "a=1; Expires=Wed, 09 Jun 2021 10:18:14 GMT");
    expect("http://example.com/", "a=1");
    set("http://example.com/", "a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
    expect("http://example.com/", NULL);
}

Test(cookies, cookies_expire_with_time)
{
    set("http://example.com/", "a=1; Max-Age=60");
    expect_at("http://example.com/", "a=1", NOW + 59);
    expect_at("http://example.com/", NULL, NOW + 60);
}

Test(cookies, max_age_beats_expires)
{
    set("http://example.com/", "a=1; Max-Age=60; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
    set("http://example.com/", "b=2; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60");
    set("http://example.com/", "c=3; Max-Age=0; Expires=Wed, 09 Jun 2021 10:18:14 GMT");
    expect("http://example.com/", "a=1; b=2");
    cr_assert_eq(expiry_of("Expires=Wed, 09 Jun 2021 10:18:14 GMT; Max-Age=100"), NOW + 100);
}

Test(cookies, bad_max_age_is_ignored)
{
    cr_assert_eq(expiry_of("Max-Age=12x"), 0);
    cr_assert_eq(expiry_of("Max-Age=+5"), 0);
    cr_assert_eq(expiry_of("Max-Age=-"), 0);
    cr_assert_eq(expiry_of("Max-Age="), 0);
    cr_assert_eq(expiry_of("Max-Age=12x; Expires=Wed, 09 Jun 2021 10:18:14 GMT"), JUN_9_2021);
    /* a huge Max-Age is clamped instead of overflowing */
    cr_assert_eq(expiry_of("Max-Age=99999999999999999999999999999"), 253402300799LL);
}

Test(cookies, expires_date_forms)
{
    cr_assert_eq(expiry_of("Expires=Wed, 09 Jun 2021 10:18:14 GMT"), JUN_9_2021);   /* RFC 1123 */
    cr_assert_eq(expiry_of("Expires=Wednesday, 09-Jun-21 10:18:14 GMT"), JUN_9_2021); /* RFC 850 */
    cr_assert_eq(expiry_of("Expires=Wed Jun  9 10:18:14 2021"), JUN_9_2021);        /* asctime */
    cr_assert_eq(expiry_of("Expires=9 june 2021 10:18:14"), JUN_9_2021);
    cr_assert_eq(expiry_of("expires=2021 Jun 09 10:18:14"), JUN_9_2021);
    cr_assert_eq(expiry_of("Expires=Wed, 09-Jun-2021 10:18:14 UTC"), JUN_9_2021);
    cr_assert_eq(expiry_of("Expires=Fri, 31 Dec 9999 23:59:59 GMT"), 253402300799LL);
    cr_assert_eq(expiry_of("Expires=Sat, 29 Feb 2048 01:02:03 GMT"), 2466550923LL);
    /* two-digit years: 70-99 are 19xx, 00-69 are 20xx */
    cr_assert_eq(expiry_of("Expires=01-Jan-69 00:00:00"), 3124224000LL);
    cr_assert_eq(expiry_of("Expires=01-Jan-70 00:00:00"), -1); /* 1970: expired */
}

Test(cookies, invalid_expires_makes_a_session_cookie)
{
    cr_assert_eq(expiry_of("Expires=Wed, 31 Jun 2021 10:18:14 GMT"), 0); /* no June 31 */
    cr_assert_eq(expiry_of("Expires=Thu, 29 Feb 2035 10:18:14 GMT"), 0); /* not a leap year */
    cr_assert_eq(expiry_of("Expires=Wed, 09 Jun 2021 24:00:00 GMT"), 0);
    cr_assert_eq(expiry_of("Expires=Wed, 09 Jun 2021 10:60:00 GMT"), 0);
    cr_assert_eq(expiry_of("Expires=Wed, 09 Jun 1600 10:18:14 GMT"), 0);
    cr_assert_eq(expiry_of("Expires=Jun 2021 10:18:14"), 0);             /* no day */
    cr_assert_eq(expiry_of("Expires=09 Jun 2021"), 0);                   /* no time */
    cr_assert_eq(expiry_of("Expires=09 Foo 2021 10:18:14"), 0);          /* no month */
    cr_assert_eq(expiry_of("Expires=09 Jun 10:18:14"), 0);               /* no year */
    cr_assert_eq(expiry_of("Expires=009 Jun 2021 10:18:14"), 0);         /* day of three digits */
    cr_assert_eq(expiry_of("Expires=tomorrow"), 0);
    cr_assert_eq(expiry_of("Expires="), 0);
}

Test(cookies, header_order_longer_path_then_earlier_creation)
{
    set("http://h.example/", "a=1; Path=/");
    set("http://h.example/", "b=2; Path=/x/y");
    set("http://h.example/", "c=3; Path=/x");
    set("http://h.example/", "d=4; Path=/");
    set("http://h.example/", "e=5; Path=/x/");
    expect("http://h.example/x/y/z", "b=2; e=5; c=3; a=1; d=4");
}

Test(cookies, same_name_domain_and_path_replaces)
{
    set("http://h.example/", "x=1");
    set("http://h.example/", "y=1");
    set("http://h.example/", "x=2");
    /* the replacement keeps the creation time of the cookie it replaced */
    expect("http://h.example/", "x=2; y=1");
    set("http://h.example/", "x=3; Path=/p");
    expect("http://h.example/p", "x=3; x=2; y=1");
    /* host-only and domain cookies of one domain are the same cookie too */
    set("http://h.example/", "y=dom; Domain=h.example");
    expect("http://www.h.example/", "y=dom");
    expect("http://h.example/", "x=2; y=dom");
}

Test(cookies, name_and_value_are_trimmed)
{
    set("http://h.example/", "  a  =  1 2  ; path = /x ; secure_not ");
    expect("http://h.example/x", "a=1 2");
    set("http://h.example/", "b=\"quoted\"");
    set("http://h.example/", "c=x=y");
    set("http://h.example/", "d=");
    expect("http://h.example/", "b=\"quoted\"; c=x=y; d=");
}

Test(cookies, malformed_pairs_are_refused)
{
    set("http://h.example/", "novalue");
    set("http://h.example/", "=abc");
    set("http://h.example/", "  =abc");
    set("http://h.example/", "");
    set("http://h.example/", "; a=1");
    expect("http://h.example/", NULL);
}

Test(cookies, control_characters_are_refused)
{
    set("http://h.example/", "a=1\r\nX-Evil: 1");
    set("http://h.example/", "b=1\nc=2");
    set("http://h.example/", "d\r=1");
    set("http://h.example/", "e=\x01");
    set("http://h.example/", "f=\x7f");
    set("http://h.example/", "g\th=1");
    set("http://h.example/", "i=1; Path=/\r\nX: y");
    set("http://h.example/", "j=1; Domain=h.example\n");
    set("http://h.example/", "k=1; Unknown=\x1b[31m");
    expect("http://h.example/", NULL);
    /* HTAB inside a value is allowed */
    set("http://h.example/", "l=a\tb");
    expect("http://h.example/", "l=a\tb");
}

Test(cookies, size_bounds)
{
    char sc[MW_SET_COOKIE_MAX_SIZE + 64];
    memset(sc, 'v', sizeof sc);
    /* name + value of exactly 4096 bytes is kept, one more is not */
    memcpy(sc, "big=", 4);
    sc[4 + MW_COOKIE_MAX_SIZE - 3] = '\0';
    set("http://h.example/", sc);
    memcpy(sc, "BIG=", 4);
    sc[4 + MW_COOKIE_MAX_SIZE - 3] = 'v';
    sc[4 + MW_COOKIE_MAX_SIZE - 2] = '\0';
    set("http://h.example/", sc);
    mw_url u = url_of("http://h.example/");
    char *h = mw_cookies_header(jar, &u, NOW);
    cr_assert_not_null(h);
    cr_assert_eq(strlen(h), MW_COOKIE_MAX_SIZE + 1);
    cr_assert(strncmp(h, "big=", 4) == 0);
    free(h);
    /* a Set-Cookie value over 8 KiB is ignored even when the cookie is small */
    memcpy(sc, "s=1; X=", 7);
    memset(sc + 7, 'x', sizeof sc - 7);
    sc[MW_SET_COOKIE_MAX_SIZE + 1] = '\0';
    set("http://other.example/", sc);
    sc[MW_SET_COOKIE_MAX_SIZE] = '\0';
    set("http://other.example/", sc);
    mw_url_free(&u);
    expect("http://other.example/", "s=1");
}

Test(cookies, per_domain_limit_evicts_the_oldest)
{
    char sc[32];
    for (int i = 0; i <= MW_COOKIES_PER_DOMAIN; i++) {
        snprintf(sc, sizeof sc, "c%d=%d", i, i);
        set("http://h.example/", sc);
    }
    mw_url u = url_of("http://h.example/");
    char *h = mw_cookies_header(jar, &u, NOW);
    mw_url_free(&u);
    cr_assert_not_null(h);
    cr_assert(strncmp(h, "c1=1; c2=2", 10) == 0, "%s", h);
    cr_assert_not_null(strstr(h, "; c50=50"));
    int n = 1;
    for (const char *p = h; (p = strchr(p, ';')); p++)
        n++;
    cr_assert_eq(n, MW_COOKIES_PER_DOMAIN);
    free(h);
    /* another domain is not touched by this one's limit */
    set("http://other.example/", "o=1");
    expect("http://other.example/", "o=1");
}

Test(cookies, expired_cookies_go_before_live_ones)
{
    char sc[32];
    set("http://h.example/", "old=1; Max-Age=10");
    for (int i = 1; i < MW_COOKIES_PER_DOMAIN; i++) {
        snprintf(sc, sizeof sc, "c%d=%d", i, i);
        set("http://h.example/", sc);
    }
    set_at("http://h.example/", "new=1", NOW + 20);
    mw_url u = url_of("http://h.example/");
    char *h = mw_cookies_header(jar, &u, NOW + 20);
    mw_url_free(&u);
    cr_assert(h && strncmp(h, "c1=1;", 5) == 0, "%s", h);
    cr_assert_not_null(strstr(h, "; new=1"));
    free(h);
}

Test(cookies, total_limit_evicts_the_oldest)
{
    char url[64], sc[32];
    int hosts = MW_COOKIES_MAX / MW_COOKIES_PER_DOMAIN + 1;
    for (int d = 0; d < hosts; d++) {
        snprintf(url, sizeof url, "http://h%d.example/", d);
        for (int i = 0; i < MW_COOKIES_PER_DOMAIN; i++) {
            snprintf(sc, sizeof sc, "c%d=%d", i, i);
            set(url, sc);
        }
    }
    expect("http://h0.example/", NULL);
    mw_url u = url_of("http://h1.example/");
    char *h = mw_cookies_header(jar, &u, NOW);
    mw_url_free(&u);
    cr_assert(h && strncmp(h, "c0=0; c1=1", 10) == 0, "%s", h);
    free(h);
    snprintf(url, sizeof url, "http://h%d.example/", hosts - 1);
    u = url_of(url);
    h = mw_cookies_header(jar, &u, NOW);
    mw_url_free(&u);
    cr_assert_not_null(h);
    cr_assert_not_null(strstr(h, "c49=49"));
    free(h);
}

Test(cookies, save_and_load_round_trip)
{
    set("https://www.example.com/", "dom=1; Domain=example.com; Path=/p; Max-Age=3600");
    set("https://www.example.com/", "host=2; Expires=Wed, 09 Jun 2021 10:18:14 GMT");
    set("https://www.example.com/", "sec=3; Secure; Max-Age=3600");
    set("https://www.example.com/", "ho=4; HttpOnly; Max-Age=3600");
    set("https://www.example.com/", "sess=5");
    set("https://www.example.com/", "gone=6; Max-Age=1");
    char err[256] = "";
    char *path = path_in_dir("cookies.txt");
    cr_assert_eq(mw_cookies_save(jar, path, false, NOW + 1, err, sizeof err), 0, "%s", err);
    struct stat st;
    cr_assert_eq(stat(path, &st), 0);
    cr_assert_eq(st.st_mode & 0777, 0600);
    char tmp[160];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    cr_assert_eq(access(tmp, F_OK), -1, "the temporary file is renamed");
    const char *text = slurp(path);
    cr_assert(strncmp(text, "# HTTP Cookie File\n", 19) == 0, "%s", text);
    cr_assert_not_null(strstr(text, "\n.example.com\tTRUE\t/p\tFALSE\t1600003600\tdom\t1\n"), "%s", text);
    cr_assert_not_null(strstr(text, "\nwww.example.com\tFALSE\t/\tFALSE\t1623233894\thost\t2\n"), "%s", text);
    cr_assert_not_null(strstr(text, "\nwww.example.com\tFALSE\t/\tTRUE\t1600003600\tsec\t3\n"), "%s", text);
    cr_assert_not_null(strstr(text, "\n#HttpOnly_www.example.com\tFALSE\t/\tFALSE\t1600003600\tho\t4\n"), "%s", text);
    cr_assert_null(strstr(text, "sess"));
    cr_assert_null(strstr(text, "gone"));

    mw_cookie_jar *loaded = mw_cookies_new();
    cr_assert_eq(mw_cookies_load(loaded, path, NOW + 1, err, sizeof err), 0, "%s", err);
    mw_cookies_free(jar);
    jar = loaded;
    expect("https://www.example.com/p/x", "dom=1; host=2; sec=3; ho=4");
    expect("http://www.example.com/", "host=2; ho=4");
    expect("http://example.com/p", "dom=1");
    expect("http://sub.www.example.com/", NULL);
}

Test(cookies, session_cookies_are_saved_only_when_asked)
{
    set("http://example.com/", "sess=1");
    set("http://example.com/", "keep=2; Max-Age=100");
    char err[256] = "";
    char *path = path_in_dir("c.txt");
    cr_assert_eq(mw_cookies_save(jar, path, true, NOW, err, sizeof err), 0, "%s", err);
    cr_assert_not_null(strstr(slurp(path), "\nexample.com\tFALSE\t/\tFALSE\t0\tsess\t1\n"));
    mw_cookies_free(jar);
    jar = mw_cookies_new();
    cr_assert_eq(mw_cookies_load(jar, path, NOW, err, sizeof err), 0, "%s", err);
    expect("http://example.com/", "sess=1; keep=2");
    /* a session cookie loaded from the file stays a session cookie */
    cr_assert_eq(mw_cookies_save(jar, path, false, NOW, err, sizeof err), 0, "%s", err);
    cr_assert_null(strstr(slurp(path), "sess"));
    cr_assert_not_null(strstr(slurp(path), "keep\t2"));
}

Test(cookies, values_with_tabs_are_not_saved)
{
    set("http://example.com/", "t=a\tb; Max-Age=100");
    set("http://example.com/", "u=1; Max-Age=100");
    char err[256] = "";
    char *path = path_in_dir("c.txt");
    cr_assert_eq(mw_cookies_save(jar, path, true, NOW, err, sizeof err), 0, "%s", err);
    const char *text = slurp(path);
    cr_assert_null(strstr(text, "\tt\t"));
    cr_assert_not_null(strstr(text, "\tu\t1\n"));
}

Test(cookies, load_reads_wget_and_curl_files_and_skips_malformed_lines)
{
    char *path = path_in_dir("in.txt");
    write_file(path, "# Netscape HTTP Cookie File\n"
                     "# comment\tlooks\tlike\ta\tcookie\tline\there\n"
                     "\n"
                     "   \n"
                     ".example.com\tTRUE\t/\tFALSE\t2000000000\tdom\t1\n"
                     "www.example.com\tFALSE\t/\tFALSE\t0\tsess\t2\r\n"
                     "#HttpOnly_www.example.com\tFALSE\t/\tTRUE\t2000000000\tho\t3\n"
                     "www.example.com\tFALSE\t/\tFALSE\t2000000000\tempty\t\n"
                     "www.example.com\tFALSE\t/\tFALSE\t2000000000\tnovalue\n"
                     "www.example.com\tFALSE\t/\tFALSE\t1000\texpired\t1\n"
                     "www.example.com\tMAYBE\t/\tFALSE\t2000000000\tbadbool\t1\n"
                     "www.example.com\tFALSE\t/\tFALSE\tsoon\tbadexpiry\t1\n"
                     "www.example.com\tFALSE\t/\tFALSE\t-5\tnegexpiry\t1\n"
                     "www.example.com\tFALSE\tnoslash\tFALSE\t2000000000\tbadpath\t1\n"
                     "www.example.com\tFALSE\t/\tFALSE\t2000000000\ttoo\tmany\tfields\n"
                     "www.example.com\tFALSE\t/\tFALSE\t2000000000\n"
                     "www.example.com\tFALSE\t/\tFALSE\t2000000000\tsemi\ta;b\n"
                     "www.example.com\tFALSE\t/\tFALSE\t2000000000\tctl\ta\x01z\n"
                     "www.example.com\tFALSE\t/\tFALSE\t2000000000\t\tnoname\n"
                     "www.example.com\tFALSE\t/\tFALSE\t2000000000\ta=b\teq\n"
                     "www.example.com\tFALSE\t/\tFALSE\t2000000000\t \tspace\n"
                     "www.example.com\tFALSE\t/\tFALSE\t2000000000\tpadded \t1\n"
                     "\tFALSE\t/\tFALSE\t2000000000\tnodomain\t1\n"
                     ".com\tTRUE\t/\tFALSE\t2000000000\tsuffix\t1\n"
                     "localhost:8080\tFALSE\t/\tFALSE\t0\twgetport\t1\n"
                     "localhost:80x\tFALSE\t/\tFALSE\t0\tbadport\t1\n"
                     "garbage\n");
    char err[256] = "";
    cr_assert_eq(mw_cookies_load(jar, path, NOW, err, sizeof err), 0, "%s", err);
    expect("https://www.example.com/", "dom=1; sess=2; ho=3; empty=; novalue=");
    expect("http://www.example.com/", "dom=1; sess=2; empty=; novalue=");
    expect("http://sub.www.example.com/", "dom=1");
    /* ".com TRUE" from a file is narrowed to the host "com" itself */
    expect("http://other.com/", NULL);
    expect("http://com/", "suffix=1");
    expect("http://localhost:8080/", "wgetport=1");
}

Test(cookies, load_keeps_limits)
{
    char *path = path_in_dir("many.txt");
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    for (int i = 0; i < 2 * MW_COOKIES_PER_DOMAIN; i++)
        fprintf(f, "h.example\tFALSE\t/\tFALSE\t0\tc%d\t%d\n", i, i);
    fclose(f);
    char err[256] = "";
    cr_assert_eq(mw_cookies_load(jar, path, NOW, err, sizeof err), 0, "%s", err);
    mw_url u = url_of("http://h.example/");
    char *h = mw_cookies_header(jar, &u, NOW);
    mw_url_free(&u);
    cr_assert(h && strncmp(h, "c50=50; ", 8) == 0, "%s", h);
    free(h);
}

Test(cookies, missing_file_error)
{
    char err[256] = "";
    cr_assert_eq(mw_cookies_load(jar, "/nonexistent/cookies.txt", NOW, err, sizeof err), -1);
    cr_assert_str_eq(err, "Cannot open cookies file ‘/nonexistent/cookies.txt’: No such file or directory");
}

Test(cookies, unwritable_file_error)
{
    char err[256] = "";
    set("http://h.example/", "a=1; Max-Age=10");
    cr_assert_eq(mw_cookies_save(jar, "/nonexistent/cookies.txt", true, NOW, err, sizeof err), -1);
    cr_assert_str_eq(err, "Cannot write cookies file ‘/nonexistent/cookies.txt’: No such file or directory");
}

Test(cookies, save_replaces_an_existing_file)
{
    char err[256] = "";
    char *path = path_in_dir("c.txt");
    write_file(path, "old contents\n");
    chmod(path, 0644);
    set("http://h.example/", "a=1; Max-Age=10");
    cr_assert_eq(mw_cookies_save(jar, path, false, NOW, err, sizeof err), 0, "%s", err);
    struct stat st;
    cr_assert_eq(stat(path, &st), 0);
    cr_assert_eq(st.st_mode & 0777, 0600);
    cr_assert_null(strstr(slurp(path), "old contents"));
}

Test(cookies, null_arguments_are_harmless)
{
    mw_url u = url_of("http://h.example/");
    mw_cookies_set(NULL, &u, "a=1", NOW);
    mw_cookies_set(jar, NULL, "a=1", NOW);
    mw_cookies_set(jar, &u, NULL, NOW);
    cr_assert_null(mw_cookies_header(NULL, &u, NOW));
    cr_assert_null(mw_cookies_header(jar, &u, NOW));
    mw_url_free(&u);
    mw_cookies_free(NULL);
}

Test(cookies, domain_with_two_leading_dots_is_refused)
{
    /* ".example.com" would be read back from the file as "example.com" */
    set("http://a..example.com/", "a=1; Domain=..example.com");
    expect("http://a..example.com/", NULL);
    char *path = path_in_dir("dots.txt");
    write_file(path, "..example.com\tTRUE\t/\tFALSE\t0\tb\t2\n");
    char err[256] = "";
    cr_assert_eq(mw_cookies_load(jar, path, NOW, err, sizeof err), 0, "%s", err);
    expect("http://a..example.com/", NULL);
}

Test(cookies, long_attributes_and_paths_are_bounded)
{
    char sc[1200], url[1200];
    /* an attribute value over 1024 bytes is ignored, as in RFC 6265bis */
    snprintf(sc, sizeof sc, "a=1; Path=/%01100d", 0);
    set("http://h.example/dir/x", sc);
    expect("http://h.example/dir/y", "a=1");
    /* a default path over 1024 bytes refuses the cookie */
    snprintf(url, sizeof url, "http://h.example/%01100d/x", 0);
    set(url, "b=2");
    expect(url, NULL);
    snprintf(url, sizeof url, "http://h.example/%01000d/x", 0);
    set(url, "c=3");
    expect(url, "c=3");
}
