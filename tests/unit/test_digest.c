/* digest: the streaming digests match the published test vectors whatever
 * the split of the bytes, start over on reset, and read a file's range
 * back; slowhosts: a busy host's share of -j halves, never below one. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "digest.h"
#include "slowhosts.h"

static const char abc_sha256[] = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

Test(digest, published_vectors_for_every_algorithm)
{
    mw_digests *d = mw_digests_new(0xf);
    cr_assert(d);
    mw_digests_update(d, "abc", 3);
    char hex[MW_DIGEST_HEX_MAX];
    cr_assert(mw_digests_hex(d, MW_DIGEST_MD5, hex));
    cr_assert_str_eq(hex, "900150983cd24fb0d6963f7d28e17f72");
    cr_assert(mw_digests_hex(d, MW_DIGEST_SHA1, hex));
    cr_assert_str_eq(hex, "a9993e364706816aba3e25717850c26c9cd0d89d");
    cr_assert(mw_digests_hex(d, MW_DIGEST_SHA256, hex));
    cr_assert_str_eq(hex, abc_sha256);
    cr_assert(mw_digests_hex(d, MW_DIGEST_SHA512, hex));
    cr_assert_eq(strlen(hex), 128);
    cr_assert(strncmp(hex, "ddaf35a193617aba", 16) == 0);
    mw_digests_free(d);
}

Test(digest, split_bytes_reset_and_only_the_algorithms_asked)
{
    mw_digests *d = mw_digests_new(1u << MW_DIGEST_SHA256);
    char hex[MW_DIGEST_HEX_MAX];
    mw_digests_update(d, "junk", 4);
    mw_digests_reset(d);
    mw_digests_update(d, "a", 1);
    cr_assert(mw_digests_hex(d, MW_DIGEST_SHA256, hex)); /* reading one keeps the digest running */
    mw_digests_update(d, "bc", 2);
    cr_assert(mw_digests_hex(d, MW_DIGEST_SHA256, hex));
    cr_assert_str_eq(hex, abc_sha256);
    cr_assert_not(mw_digests_hex(d, MW_DIGEST_MD5, hex));
    mw_digests_free(d);
}

Test(digest, a_range_of_a_file)
{
    char path[] = "/tmp/mw-digest-XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    cr_assert_eq(write(fd, "xxabcyy", 7), 7);
    mw_digests *d = mw_digests_new(1u << MW_DIGEST_SHA256);
    char hex[MW_DIGEST_HEX_MAX];
    cr_assert_eq(mw_digests_update_from_fd(d, fd, 2, 3), 0);
    cr_assert(mw_digests_hex(d, MW_DIGEST_SHA256, hex));
    cr_assert_str_eq(hex, abc_sha256);
    cr_assert_eq(mw_digests_update_from_fd(d, fd, 5, 10), -1); /* past the end */
    mw_digests_free(d);
    close(fd);
    unlink(path);
}

Test(digest, names_and_lengths)
{
    mw_digest_algo a;
    cr_assert(mw_digest_algo_by_name("SHA512", 6, &a));
    cr_assert_eq(a, MW_DIGEST_SHA512);
    cr_assert_eq(mw_digest_hex_len(a), 128);
    cr_assert_not(mw_digest_algo_by_name("sha", 3, &a));
    cr_assert_not(mw_digest_algo_by_name("crc32", 5, &a));
    cr_assert_str_eq(mw_digest_algo_name(MW_DIGEST_MD5), "md5");
}

Test(slowhosts, halves_per_answer_never_below_one_per_origin)
{
    mw_slow_hosts s = { 0 };
    mw_url a, b, a_tls;
    char err[128];
    cr_assert_eq(mw_url_parse("http://a.example/x", &a, err, sizeof err), MW_URL_OK);
    cr_assert_eq(mw_url_parse("http://b.example/", &b, err, sizeof err), MW_URL_OK);
    cr_assert_eq(mw_url_parse("https://a.example/", &a_tls, err, sizeof err), MW_URL_OK);
    cr_assert_eq(mw_slow_hosts_limit(&s, &a, 8), 8);
    cr_assert_eq(mw_slow_hosts_note(&s, &a), 1);
    cr_assert_eq(mw_slow_hosts_limit(&s, &a, 8), 4);
    mw_slow_hosts_note(&s, &a);
    mw_slow_hosts_note(&s, &a);
    mw_slow_hosts_note(&s, &a);
    cr_assert_eq(mw_slow_hosts_limit(&s, &a, 8), 1);
    cr_assert_eq(mw_slow_hosts_limit(&s, &b, 8), 8);
    cr_assert_eq(mw_slow_hosts_limit(&s, &a_tls, 8), 8); /* another origin */
    mw_slow_hosts_free(&s);
    mw_url_free(&a);
    mw_url_free(&b);
    mw_url_free(&a_tls);
}
