/* warc_cdx: the CDX index wget writes beside its WARC files (--warc-cdx:
 * FILE.cdx, one line per response record: " CDX a b a m s k r M V g u"),
 * and the one --warc-dedup reads back: payloads whose digest it lists for
 * the same URL are recorded as revisits of the record it names. */
#ifndef MW_WARC_CDX_H
#define MW_WARC_CDX_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "strmap.h"

/* One response record, as a CDX line names it. */
typedef struct mw_warc_cdx_entry {
    const char *url;
    const char *timestamp; /* 14 digits, YYYYMMDDhhmmss */
    const char *mime;      /* the Content-Type without parameters; NULL: "-" */
    int status;
    const char *digest;    /* base32, without "sha1:"; NULL: "-" */
    const char *redirect;  /* Location; NULL: "-" */
    uint64_t offset;       /* of the record's gzip member in its file */
    const char *filename;
    const char *record_id; /* "<urn:uuid:...>" */
} mw_warc_cdx_entry;

/* Creates path and writes the header line; NULL with err when it cannot. */
FILE *mw_warc_cdx_create(const char *path, char *err, size_t errlen);
int mw_warc_cdx_add(FILE *cdx, const mw_warc_cdx_entry *e);

/* The records a --warc-dedup index lists, by payload digest. */
typedef struct mw_warc_dedup {
    mw_strmap by_digest; /* digest -> "TIMESTAMP RECORD-ID URL" */
} mw_warc_dedup;

/* Reads a CDX file (its header line says which columns hold the URL 'a',
 * the date 'b', the digest 'k' and the record ID 'u'); -1 with err. */
int mw_warc_dedup_load(mw_warc_dedup *d, const char *path, char *err, size_t errlen);
/* The record an earlier crawl stored this payload of url in: true with its
 * record ID and 14-digit date (valid until the next call). */
bool mw_warc_dedup_find(const mw_warc_dedup *d, const char *digest, const char *url, char *record_id, size_t idlen,
                        char *timestamp, size_t tslen);
void mw_warc_dedup_free(mw_warc_dedup *d);

#endif
