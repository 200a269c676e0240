/* warc_digest: the SHA-1 digests of WARC records, written as the web
 * archiving tools expect them: "sha1:" and the digest in base32 (RFC 4648). */
#ifndef MW_WARC_DIGEST_H
#define MW_WARC_DIGEST_H

#include <stdbool.h>
#include <stddef.h>

/* "sha1:" + 32 base32 characters + NUL */
#define MW_WARC_DIGEST_TEXT 38

typedef struct mw_warc_digest {
    void *md; /* OpenSSL's EVP_MD_CTX; NULL: digests are off, or out of memory */
} mw_warc_digest;

/* Starts a digest; false when out of memory (the digest then stays empty). */
bool mw_warc_digest_start(mw_warc_digest *d);
void mw_warc_digest_add(mw_warc_digest *d, const void *buf, size_t len);
/* Writes "sha1:BASE32" into text and frees the digest; "" when it was never started. */
void mw_warc_digest_finish(mw_warc_digest *d, char text[MW_WARC_DIGEST_TEXT]);
void mw_warc_digest_free(mw_warc_digest *d);

#endif
