/* transfer_digest: a body's digests as it streams to its file — the
 * sha256 of the URL's result (mw_options.digest_bodies) and the digest
 * --checksum expects (mw_options.expected_digest) — and the verdict once
 * the body is whole. The sink feeds every byte it writes; -c reads the
 * kept prefix back once at the start, and --chunk-size, whose parts write
 * out of order, reads the whole file back at the end. */
#include "transfer_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* "ALGO:HEX" into the transfer's expectation; false when malformed. */
static bool take_expected(mw_transfer *t, const char *spec)
{
    const char *colon = strchr(spec, ':');
    mw_digest_algo algo;
    if (!colon || !mw_digest_algo_by_name(spec, (size_t)(colon - spec), &algo))
        return false;
    const char *hex = colon + 1;
    size_t n = strlen(hex);
    if (n != mw_digest_hex_len(algo) || strspn(hex, "0123456789abcdefABCDEF") != n)
        return false;
    for (size_t i = 0; i <= n; i++)
        t->digest.expected[i] = (char)(hex[i] >= 'A' && hex[i] <= 'F' ? hex[i] - 'A' + 'a' : hex[i]);
    t->digest.expected_algo = algo;
    return true;
}

/* What the caller expects of this URL's body, asked once per transfer. */
static bool ask_expected(mw_transfer *t, const char *name)
{
    const mw_options *o = t->ctx->opts;
    if (!o->expected_digest || t->digest.expected[0])
        return true;
    char *url = mw_url_to_string(&t->original);
    const char *base = name ? strrchr(name, '/') : NULL;
    const char *spec = url ? o->expected_digest(o->callback_data, url, base ? base + 1 : name ? name : "") : NULL;
    bool ok = !spec || take_expected(t, spec);
    if (!ok)
        mw_xfer_fail(t, MW_ERR_PARSE, "%s: ‘%s’ is not a checksum (ALGO:HEX, with md5, sha1, sha256 or sha512).",
                     url ? url : "", spec);
    free(url);
    return ok;
}

bool mw_xfer_digest_start(mw_transfer *t, const char *name)
{
    const mw_options *o = t->ctx->opts;
    if (t->parts.lead) /* a part of a --chunk-size download: its lead digests the whole file */
        return true;
    if (!ask_expected(t, name))
        return false;
    unsigned mask = (o->digest_bodies ? 1u << MW_DIGEST_SHA256 : 0) |
                    (t->digest.expected[0] ? 1u << t->digest.expected_algo : 0);
    if (!mask)
        return true;
    if (!t->digest.digests && !(t->digest.digests = mw_digests_new(mask))) {
        mw_xfer_fail(t, MW_ERR_GENERIC, "Out of memory.");
        return false;
    }
    if (mw_sink_digest_with(&t->body.sink, t->digest.digests) < 0) {
        mw_xfer_fail(t, MW_ERR_IO, "%s", t->body.sink.error);
        return false;
    }
    return true;
}

bool mw_xfer_digest_verify(mw_transfer *t)
{
    if (!t->digest.digests || t->parts.lead)
        return true;
    /* parts wrote beside the lead's stream (they may all end before the lead does) */
    bool parted = t->state == T_WAITING_FOR_PARTS || t->parts.parts_written > 0;
    if (parted && mw_sink_digest_again(&t->body.sink, mw_xfer_file_bytes(t)) < 0) {
        mw_xfer_fail(t, MW_ERR_IO, "%s", t->body.sink.error);
        return false;
    }
    if (!mw_digests_hex(t->digest.digests, MW_DIGEST_SHA256, t->digest.sha256))
        t->digest.sha256[0] = '\0';
    if (!t->digest.expected[0])
        return true;
    char got[MW_DIGEST_HEX_MAX];
    t->digest.verdict = mw_digests_hex(t->digest.digests, t->digest.expected_algo, got) &&
                                strcmp(got, t->digest.expected) == 0 ? 1 : -1;
    if (t->digest.verdict > 0) {
        mw_xfer_log(t, MW_LOG_INFO, "Checksum ok: %s %s.", mw_digest_algo_name(t->digest.expected_algo), got);
        return true;
    }
    /* never left under its name: the bytes are not the ones asked for */
    char *shown = strdup(t->body.sink.display ? t->body.sink.display : "-");
    bool removed = mw_sink_discard(&t->body.sink);
    mw_sink_free(&t->body.sink);
    t->body.sink_open = false;
    mw_xfer_fail(t, MW_ERR_GENERIC, "Checksum mismatch for ‘%s’: expected %s %s, got %s; %s", shown ? shown : "",
                 mw_digest_algo_name(t->digest.expected_algo), t->digest.expected, got,
                 removed ? "the file is removed." : "the bytes written to it are not the file's.");
    free(shown);
    return false;
}

/* The verdict on got against the expectation; false (the transfer ended,
 * exit 1) when it differs: a file complete before this run is not ours to remove. */
static bool judge_existing(mw_transfer *t, const char *path, const char *got)
{
    t->digest.verdict = strcmp(got, t->digest.expected) == 0 ? 1 : -1;
    if (t->digest.verdict > 0) {
        mw_xfer_log(t, MW_LOG_INFO, "Checksum ok: %s %s.", mw_digest_algo_name(t->digest.expected_algo), got);
        return true;
    }
    mw_xfer_fail(t, MW_ERR_GENERIC, "Checksum mismatch for ‘%s’, already complete: expected %s %s, got %s; it is left as it is.",
                 path, mw_digest_algo_name(t->digest.expected_algo), t->digest.expected, got);
    return false;
}

bool mw_xfer_digest_check_existing(mw_transfer *t, const char *path)
{
    if (t->parts.lead || !path)
        return true;
    char got[MW_DIGEST_HEX_MAX];
    if (t->body.sink_open && t->digest.digests) { /* -c opened it and read it all as the prefix */
        if (!t->digest.expected[0] || !mw_digests_hex(t->digest.digests, t->digest.expected_algo, got))
            return true;
        return judge_existing(t, path, got);
    }
    const char *base = strrchr(path, '/');
    if (!ask_expected(t, base ? base + 1 : path))
        return false;
    if (!t->digest.expected[0])
        return true;
    mw_digests *d = mw_digests_new(1u << t->digest.expected_algo);
    int fd = d ? open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW) : -1;
    struct stat st;
    bool read = fd >= 0 && fstat(fd, &st) == 0 && mw_digests_update_from_fd(d, fd, 0, st.st_size) == 0 &&
                mw_digests_hex(d, t->digest.expected_algo, got);
    if (fd >= 0)
        close(fd);
    mw_digests_free(d);
    if (!read) {
        mw_xfer_fail(t, MW_ERR_IO, "Cannot read ‘%s’ for its checksum.", path);
        return false;
    }
    return judge_existing(t, path, got);
}
