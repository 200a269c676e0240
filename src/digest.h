/* digest: message digests of a body as it streams to its file (OpenSSL
 * EVP), for the per-URL results (sha256) and --checksum (md5, sha1,
 * sha256, sha512). A set holds one running digest per algorithm asked. */
#ifndef MW_DIGEST_H
#define MW_DIGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum mw_digest_algo {
    MW_DIGEST_MD5,
    MW_DIGEST_SHA1,
    MW_DIGEST_SHA256,
    MW_DIGEST_SHA512,
    MW_DIGEST_COUNT,
} mw_digest_algo;

/* Longest hex digest (sha512) with its NUL. */
#define MW_DIGEST_HEX_MAX 129

typedef struct mw_digests mw_digests;

/* The algorithm named "md5", "sha1", "sha256" or "sha512" (any case); false when none. */
bool mw_digest_algo_by_name(const char *name, size_t len, mw_digest_algo *algo);
const char *mw_digest_algo_name(mw_digest_algo algo);
/* Hex digits of the algorithm's digest (32, 40, 64, 128). */
size_t mw_digest_hex_len(mw_digest_algo algo);

/* A set running the algorithms whose bits (1u << algo) are in mask; NULL
 * when out of memory or OpenSSL lacks one. */
mw_digests *mw_digests_new(unsigned mask);
void mw_digests_free(mw_digests *d);
/* Every algorithm of the set starts over, as for an empty body. */
void mw_digests_reset(mw_digests *d);
void mw_digests_update(mw_digests *d, const void *buf, size_t len);
/* Feeds the bytes [from, from + len) of fd (pread: its offset is left
 * alone). -1 with errno when they cannot all be read. */
int mw_digests_update_from_fd(mw_digests *d, int fd, int64_t from, int64_t len);
/* The lowercase hex digest of the bytes so far (the set keeps running);
 * false when the algorithm is not in the set. hex holds MW_DIGEST_HEX_MAX. */
bool mw_digests_hex(const mw_digests *d, mw_digest_algo algo, char hex[MW_DIGEST_HEX_MAX]);

#endif
