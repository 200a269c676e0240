/* warc_digest: SHA-1 through OpenSSL's EVP interface, in base32. */
#include "warc_digest.h"

#include <openssl/evp.h>
#include <string.h>

bool mw_warc_digest_start(mw_warc_digest *d)
{
    d->md = EVP_MD_CTX_new();
    if (d->md && EVP_DigestInit_ex(d->md, EVP_sha1(), NULL) == 1)
        return true;
    mw_warc_digest_free(d);
    return false;
}

void mw_warc_digest_add(mw_warc_digest *d, const void *buf, size_t len)
{
    if (d->md && len)
        EVP_DigestUpdate(d->md, buf, len);
}

/* RFC 4648 base32, without padding: 20 bytes make exactly 32 characters. */
static void base32(const unsigned char *in, size_t len, char *out)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    unsigned bits = 0, nbits = 0;
    for (size_t i = 0; i < len; i++) {
        bits = (bits << 8) | in[i];
        nbits += 8;
        while (nbits >= 5) {
            *out++ = alphabet[(bits >> (nbits - 5)) & 31];
            nbits -= 5;
        }
    }
    if (nbits)
        *out++ = alphabet[(bits << (5 - nbits)) & 31];
    *out = '\0';
}

void mw_warc_digest_finish(mw_warc_digest *d, char text[MW_WARC_DIGEST_TEXT])
{
    unsigned char sum[EVP_MAX_MD_SIZE];
    unsigned n = 0;
    text[0] = '\0';
    if (!d->md || EVP_DigestFinal_ex(d->md, sum, &n) != 1 || n != 20) {
        mw_warc_digest_free(d);
        return;
    }
    memcpy(text, "sha1:", 5);
    base32(sum, n, text + 5);
    mw_warc_digest_free(d);
}

void mw_warc_digest_free(mw_warc_digest *d)
{
    EVP_MD_CTX_free(d->md);
    d->md = NULL;
}
