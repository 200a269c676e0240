#include "tls.h"

#include <errno.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "addr.h"

struct mw_tls_ctx {
    SSL_CTX *ssl_ctx;
    bool verify;
    BIO_METHOD *socket_method; /* a socket BIO that never raises SIGPIPE */
};

struct mw_tls {
    SSL *ssl;
    mw_tls_ctx *ctx;
    char host[256];
    char issuer[256]; /* of the first certificate that failed verification */
    char error[256];
    bool failed; /* a fatal error: no close_notify may follow (SSL_shutdown(3)) */
};

/* OpenSSL's socket BIO writes with write(2): a peer that has reset the
 * connection would raise SIGPIPE and kill the process, where send(2) with
 * MSG_NOSIGNAL gets EPIPE. So the BIO here is OpenSSL's socket BIO with its
 * write replaced; the process's signal disposition is not the library's to
 * change, and no signal mask has to be juggled around every call. */
static int write_nosignal(BIO *bio, const char *data, int len)
{
    int fd = -1;
    BIO_get_fd(bio, &fd);
    ssize_t n = send(fd, data, (size_t)len, MSG_NOSIGNAL);
    BIO_clear_retry_flags(bio);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        BIO_set_retry_write(bio);
    return (int)n;
}

static BIO_METHOD *new_socket_method(void)
{
    const BIO_METHOD *plain = BIO_s_socket();
    BIO_METHOD *m = BIO_meth_new(BIO_TYPE_SOCKET, "mini-wget socket");
    if (m && !(BIO_meth_set_write(m, write_nosignal) && BIO_meth_set_read(m, BIO_meth_get_read(plain)) &&
               BIO_meth_set_puts(m, BIO_meth_get_puts(plain)) && BIO_meth_set_ctrl(m, BIO_meth_get_ctrl(plain)) &&
               BIO_meth_set_create(m, BIO_meth_get_create(plain)) &&
               BIO_meth_set_destroy(m, BIO_meth_get_destroy(plain)))) {
        BIO_meth_free(m);
        m = NULL;
    }
    return m;
}

/* Notes who issued the certificate that failed, for the message: after a
 * failed handshake the peer's certificate is no longer at hand. */
static int on_verify(int ok, X509_STORE_CTX *store)
{
    SSL *ssl = X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx());
    mw_tls *tls = ssl ? SSL_get_app_data(ssl) : NULL;
    X509 *cert = X509_STORE_CTX_get_current_cert(store);
    if (!ok && tls && cert && !tls->issuer[0])
        X509_NAME_oneline(X509_get_issuer_name(cert), tls->issuer, sizeof tls->issuer);
    return ok;
}

static void openssl_reason(char *buf, size_t len)
{
    unsigned long code = ERR_get_error();
    if (code)
        ERR_error_string_n(code, buf, len);
    else
        snprintf(buf, len, "%s", errno ? strerror(errno) : "unknown TLS error");
    ERR_clear_error();
}

static int min_version_of(const char *secure_protocol)
{
    if (!secure_protocol || strcasecmp(secure_protocol, "auto") == 0 || strcasecmp(secure_protocol, "PFS") == 0 ||
        strcasecmp(secure_protocol, "TLSv1_2") == 0)
        return TLS1_2_VERSION;
    if (strcasecmp(secure_protocol, "TLSv1_3") == 0)
        return TLS1_3_VERSION;
    return -1;
}

/* --crl-file: certificates the CRLs in file revoke fail verification; as
 * wget, every certificate of the chain is checked against them. */
static bool load_crl(SSL_CTX *ssl_ctx, const char *file)
{
    X509_STORE *store = SSL_CTX_get_cert_store(ssl_ctx);
    X509_LOOKUP *lookup = store ? X509_STORE_add_lookup(store, X509_LOOKUP_file()) : NULL;
    if (!lookup || X509_load_crl_file(lookup, file, X509_FILETYPE_PEM) <= 0)
        return false;
    return X509_STORE_set_flags(store, X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL) == 1;
}

mw_tls_ctx *mw_tls_ctx_new(const mw_options *o, char *err, size_t errlen)
{
    mw_tls_ctx *ctx = calloc(1, sizeof *ctx);
    if (!ctx) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    ctx->verify = o->check_certificate;
    ctx->ssl_ctx = SSL_CTX_new(TLS_client_method());
    ctx->socket_method = new_socket_method();
    int min_version = min_version_of(o->secure_protocol);
    char reason[200] = "";
    if (!ctx->ssl_ctx || !ctx->socket_method) {
        openssl_reason(reason, sizeof reason);
        snprintf(err, errlen, "TLS: %s", reason);
    } else if (min_version < 0) {
        snprintf(err, errlen, "--secure-protocol: unsupported protocol ‘%s’ (auto, TLSv1_2, TLSv1_3, PFS)",
                 o->secure_protocol);
    } else if (!SSL_CTX_set_min_proto_version(ctx->ssl_ctx, min_version)) {
        snprintf(err, errlen, "TLS: cannot set the protocol version");
    } else if (o->ciphers && !SSL_CTX_set_cipher_list(ctx->ssl_ctx, o->ciphers)) {
        snprintf(err, errlen, "--ciphers: no usable cipher in ‘%s’", o->ciphers);
    } else if ((o->ca_certificate || o->ca_directory) &&
               !SSL_CTX_load_verify_locations(ctx->ssl_ctx, o->ca_certificate, o->ca_directory)) {
        openssl_reason(reason, sizeof reason);
        snprintf(err, errlen, "Cannot load CA certificates from ‘%s’: %s",
                 o->ca_certificate ? o->ca_certificate : o->ca_directory, reason);
    } else if (!o->ca_certificate && !o->ca_directory && !SSL_CTX_set_default_verify_paths(ctx->ssl_ctx)) {
        snprintf(err, errlen, "TLS: cannot load the system certificate store");
    } else if (o->certificate && SSL_CTX_use_certificate_chain_file(ctx->ssl_ctx, o->certificate) != 1) {
        openssl_reason(reason, sizeof reason);
        snprintf(err, errlen, "Cannot load certificate ‘%s’: %s", o->certificate, reason);
    } else if ((o->private_key || o->certificate) &&
               SSL_CTX_use_PrivateKey_file(ctx->ssl_ctx, o->private_key ? o->private_key : o->certificate,
                                           SSL_FILETYPE_PEM) != 1) {
        openssl_reason(reason, sizeof reason);
        snprintf(err, errlen, "Cannot load private key ‘%s’: %s", o->private_key ? o->private_key : o->certificate,
                 reason);
    } else if (o->crl_file && !load_crl(ctx->ssl_ctx, o->crl_file)) {
        openssl_reason(reason, sizeof reason);
        snprintf(err, errlen, "Cannot load CRL file ‘%s’: %s", o->crl_file, reason);
    } else {
        /* Verification is always computed; with --no-check-certificate its
         * failure becomes a warning instead of the end of the download. */
        SSL_CTX_set_verify(ctx->ssl_ctx, ctx->verify ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, on_verify);
        SSL_CTX_set_mode(ctx->ssl_ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
        return ctx;
    }
    mw_tls_ctx_free(ctx);
    return NULL;
}

void mw_tls_ctx_free(mw_tls_ctx *ctx)
{
    if (!ctx)
        return;
    SSL_CTX_free(ctx->ssl_ctx);
    BIO_meth_free(ctx->socket_method);
    free(ctx);
}

mw_tls *mw_tls_new(mw_tls_ctx *ctx, int fd, const char *host)
{
    mw_tls *tls = calloc(1, sizeof *tls);
    if (!tls)
        return NULL;
    tls->ctx = ctx;
    snprintf(tls->host, sizeof tls->host, "%s", host);
    tls->ssl = SSL_new(ctx->ssl_ctx);
    BIO *bio = tls->ssl ? BIO_new(ctx->socket_method) : NULL;
    if (!bio) {
        mw_tls_free(tls);
        return NULL;
    }
    BIO_set_fd(bio, fd, BIO_NOCLOSE);
    SSL_set_bio(tls->ssl, bio, bio);
    SSL_set_app_data(tls->ssl, tls);
    X509_VERIFY_PARAM *param = SSL_get0_param(tls->ssl);
    if (mw_addr_is_literal(host)) {
        X509_VERIFY_PARAM_set1_ip_asc(param, host);
    } else {
        SSL_set_tlsext_host_name(tls->ssl, host); /* SNI is for names only (RFC 6066) */
        X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
        X509_VERIFY_PARAM_set1_host(param, host, 0);
    }
    SSL_set_connect_state(tls->ssl);
    return tls;
}

void mw_tls_free(mw_tls *tls)
{
    if (!tls)
        return;
    if (tls->ssl) {
        if (!tls->failed)
            SSL_shutdown(tls->ssl); /* one non-blocking try at close_notify; no waiting */
        SSL_free(tls->ssl);
    }
    ERR_clear_error();
    free(tls);
}

/* wget's wording: "cannot verify HOST's certificate, issued by 'ISSUER':\n  REASON." */
static void describe_untrusted(mw_tls *tls, long result, const char *prefix, char *err, size_t errlen)
{
    const char *issuer = tls->issuer[0] ? tls->issuer : "?";
    const char *reason = X509_verify_cert_error_string(result);
    if (result == X509_V_ERR_HOSTNAME_MISMATCH || result == X509_V_ERR_IP_ADDRESS_MISMATCH)
        reason = "The certificate's owner does not match the host name";
    snprintf(err, errlen, "%s: cannot verify %s's certificate, issued by ‘%s’:\n  %s.", prefix, tls->host, issuer,
             reason);
}

static mw_tls_result want_of(mw_tls *tls, int rc)
{
    int e = SSL_get_error(tls->ssl, rc);
    switch (e) {
    case SSL_ERROR_WANT_READ:
        return MW_TLS_WANT_READ;
    case SSL_ERROR_WANT_WRITE:
        return MW_TLS_WANT_WRITE;
    case SSL_ERROR_ZERO_RETURN:
        return MW_TLS_CLOSED;
    case SSL_ERROR_SYSCALL:
        if (ERR_peek_error() == 0) { /* EOF without close_notify, or a socket error */
            if (errno == 0 || errno == EAGAIN)
                return MW_TLS_CLOSED;
            snprintf(tls->error, sizeof tls->error, "%s", strerror(errno));
            tls->failed = true;
            return MW_TLS_ERROR;
        }
        /* fall through */
    default:
        openssl_reason(tls->error, sizeof tls->error);
        tls->failed = true;
        return MW_TLS_ERROR;
    }
}

mw_tls_result mw_tls_handshake(mw_tls *tls, char *err, size_t errlen)
{
    err[0] = '\0';
    ERR_clear_error();
    errno = 0;
    int rc = SSL_do_handshake(tls->ssl);
    long result = SSL_get_verify_result(tls->ssl);
    if (rc == 1) {
        if (result != X509_V_OK) /* only reached with verification off */
            describe_untrusted(tls, result, "WARNING", err, errlen);
        return MW_TLS_OK;
    }
    mw_tls_result r = want_of(tls, rc);
    if (r == MW_TLS_WANT_READ || r == MW_TLS_WANT_WRITE)
        return r;
    if (tls->ctx->verify && result != X509_V_OK) {
        describe_untrusted(tls, result, "ERROR", err, errlen);
        return MW_TLS_UNTRUSTED;
    }
    snprintf(err, errlen, "Unable to establish SSL connection (%s).",
             r == MW_TLS_CLOSED ? "the server closed the connection" : tls->error);
    return MW_TLS_ERROR;
}

/* The server's public key as DER (SubjectPublicKeyInfo); caller frees. */
static unsigned char *peer_key_der(mw_tls *tls, int *len)
{
    X509 *cert = SSL_get1_peer_certificate(tls->ssl);
    EVP_PKEY *key = cert ? X509_get0_pubkey(cert) : NULL;
    unsigned char *der = NULL;
    *len = key ? i2d_PUBKEY(key, &der) : -1;
    X509_free(cert);
    return *len > 0 ? der : NULL;
}

/* A pin file's key as DER: PEM "PUBLIC KEY" or raw DER. */
static unsigned char *file_key_der(const char *path, int *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    EVP_PKEY *key = PEM_read_PUBKEY(f, NULL, NULL, NULL);
    if (!key) {
        rewind(f);
        key = d2i_PUBKEY_fp(f, NULL);
    }
    fclose(f);
    unsigned char *der = NULL;
    *len = key ? i2d_PUBKEY(key, &der) : -1;
    EVP_PKEY_free(key);
    ERR_clear_error();
    return *len > 0 ? der : NULL;
}

bool mw_tls_matches_pin(mw_tls *tls, const char *pin, char *err, size_t errlen)
{
    int len;
    unsigned char *der = peer_key_der(tls, &len);
    bool match = false;
    if (der && strncmp(pin, "sha256//", 8) == 0) {
        unsigned char digest[32];
        char b64[64];
        SHA256(der, (size_t)len, digest);
        EVP_EncodeBlock((unsigned char *)b64, digest, sizeof digest);
        for (const char *p = pin; p && !match; p = strchr(p, ';') ? strchr(p, ';') + 1 : NULL) {
            size_t n = strcspn(p + 8, ";");
            match = strncmp(p, "sha256//", 8) == 0 && n == strlen(b64) && strncmp(p + 8, b64, n) == 0;
        }
    } else if (der) {
        int want_len;
        unsigned char *want = file_key_der(pin, &want_len);
        if (!want)
            snprintf(err, errlen, "--pinnedpubkey: cannot read a public key from ‘%s’.", pin);
        match = want && want_len == len && memcmp(want, der, (size_t)len) == 0;
        OPENSSL_free(want);
    }
    if (!match && !err[0])
        snprintf(err, errlen, "ERROR: the public key of %s does not match --pinnedpubkey.", tls->host);
    OPENSSL_free(der);
    return match;
}

mw_tls_result mw_tls_read(mw_tls *tls, void *buf, size_t len, size_t *n)
{
    ERR_clear_error();
    errno = 0;
    int rc = SSL_read_ex(tls->ssl, buf, len, n) ? 1 : 0; /* may write: alerts, key updates */
    return rc == 1 ? MW_TLS_OK : want_of(tls, 0);
}

mw_tls_result mw_tls_write(mw_tls *tls, const void *buf, size_t len, size_t *n)
{
    ERR_clear_error();
    errno = 0;
    int rc = SSL_write_ex(tls->ssl, buf, len, n) ? 1 : 0;
    return rc == 1 ? MW_TLS_OK : want_of(tls, 0);
}

bool mw_tls_has_pending(mw_tls *tls)
{
    return SSL_pending(tls->ssl) > 0 || SSL_has_pending(tls->ssl);
}

const char *mw_tls_error(mw_tls *tls)
{
    return tls->error[0] ? tls->error : "TLS error";
}

void mw_tls_offer_h2(mw_tls *tls)
{
    static const unsigned char protos[] = "\x02h2\x08http/1.1";
    SSL_set_alpn_protos(tls->ssl, protos, sizeof protos - 1);
}

bool mw_tls_speaks_h2(mw_tls *tls)
{
    const unsigned char *proto = NULL;
    unsigned len = 0;
    SSL_get0_alpn_selected(tls->ssl, &proto, &len);
    return len == 2 && !memcmp(proto, "h2", 2);
}

void mw_tls_read_ahead(mw_tls *tls)
{
    SSL_set_read_ahead(tls->ssl, 1);
}
