#include "digest.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

struct mw_digests {
    EVP_MD_CTX *ctx[MW_DIGEST_COUNT]; /* NULL: not asked for */
};

static const char *const names[MW_DIGEST_COUNT] = { "md5", "sha1", "sha256", "sha512" };

static const EVP_MD *md_of(mw_digest_algo algo)
{
    switch (algo) {
    case MW_DIGEST_MD5:
        return EVP_md5();
    case MW_DIGEST_SHA1:
        return EVP_sha1();
    case MW_DIGEST_SHA256:
        return EVP_sha256();
    case MW_DIGEST_SHA512:
        return EVP_sha512();
    default:
        return NULL;
    }
}

bool mw_digest_algo_by_name(const char *name, size_t len, mw_digest_algo *algo)
{
    for (int i = 0; i < MW_DIGEST_COUNT; i++) {
        if (strlen(names[i]) == len && strncasecmp(names[i], name, len) == 0) {
            *algo = (mw_digest_algo)i;
            return true;
        }
    }
    return false;
}

const char *mw_digest_algo_name(mw_digest_algo algo)
{
    return algo < MW_DIGEST_COUNT ? names[algo] : "?";
}

size_t mw_digest_hex_len(mw_digest_algo algo)
{
    static const size_t bytes[MW_DIGEST_COUNT] = { 16, 20, 32, 64 };
    return algo < MW_DIGEST_COUNT ? 2 * bytes[algo] : 0;
}

mw_digests *mw_digests_new(unsigned mask)
{
    mw_digests *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    for (int i = 0; i < MW_DIGEST_COUNT; i++) {
        if (!(mask & (1u << i)))
            continue;
        d->ctx[i] = EVP_MD_CTX_new();
        if (!d->ctx[i] || !EVP_DigestInit_ex(d->ctx[i], md_of((mw_digest_algo)i), NULL)) {
            mw_digests_free(d);
            return NULL;
        }
    }
    return d;
}

void mw_digests_free(mw_digests *d)
{
    if (!d)
        return;
    for (int i = 0; i < MW_DIGEST_COUNT; i++)
        EVP_MD_CTX_free(d->ctx[i]);
    free(d);
}

void mw_digests_reset(mw_digests *d)
{
    for (int i = 0; i < MW_DIGEST_COUNT; i++)
        if (d->ctx[i])
            EVP_DigestInit_ex(d->ctx[i], md_of((mw_digest_algo)i), NULL);
}

void mw_digests_update(mw_digests *d, const void *buf, size_t len)
{
    for (int i = 0; i < MW_DIGEST_COUNT; i++)
        if (d->ctx[i])
            EVP_DigestUpdate(d->ctx[i], buf, len);
}

int mw_digests_update_from_fd(mw_digests *d, int fd, int64_t from, int64_t len)
{
    enum { CHUNK = 128 * 1024 };
    char *buf = malloc(CHUNK);
    if (!buf)
        return -1;
    int rc = 0;
    while (len > 0) {
        ssize_t n = pread(fd, buf, len < CHUNK ? (size_t)len : CHUNK, (off_t)from);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO; /* the file is shorter than it claimed */
            rc = -1;
            break;
        }
        mw_digests_update(d, buf, (size_t)n);
        from += n;
        len -= n;
    }
    free(buf);
    return rc;
}

bool mw_digests_hex(const mw_digests *d, mw_digest_algo algo, char hex[MW_DIGEST_HEX_MAX])
{
    if (algo >= MW_DIGEST_COUNT || !d->ctx[algo])
        return false;
    /* a copy is finalised, so the set goes on with the next bytes */
    EVP_MD_CTX *copy = EVP_MD_CTX_new();
    unsigned char raw[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    bool ok = copy && EVP_MD_CTX_copy_ex(copy, d->ctx[algo]) && EVP_DigestFinal_ex(copy, raw, &n);
    EVP_MD_CTX_free(copy);
    if (!ok)
        return false;
    static const char digits[] = "0123456789abcdef";
    for (unsigned int i = 0; i < n; i++) {
        hex[2 * i] = digits[raw[i] >> 4];
        hex[2 * i + 1] = digits[raw[i] & 15];
    }
    hex[2 * n] = '\0';
    return true;
}
