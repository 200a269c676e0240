/* checksums: the digests bodies must have. --checksum=ALGO:HEX for the one
 * URL of the command line; --checksums=FILE for a list, in the format of
 * sha256sum and its kin ("HEX  NAME", "HEX *NAME"; md5, sha1, sha256 or
 * sha512 told apart by the length of HEX) or their --tag form
 * ("SHA256 (NAME) = HEX"). NAME is a URL (it has "://"), or else a file
 * name, matched against the local name of a URL's file (its directories
 * dropped). The file is read whole at the start: one entry per line in
 * memory. */
#ifndef MW_CLI_CHECKSUMS_H
#define MW_CLI_CHECKSUMS_H

typedef struct cli_checksums cli_checksums;

/* One digest for the single URL: spec is "ALGO:HEX". NULL with the reason
 * printed (*rc the exit status) when it is malformed. */
cli_checksums *cli_checksums_single(const char *spec, int *rc);
/* The digests listed in the file at path. NULL with the reason printed
 * (*rc 2: a line that is not a checksum, or a file that cannot be read). */
cli_checksums *cli_checksums_load(const char *path, int *rc);
/* "ALGO:HEX" for the URL (normalised) or its file name, or NULL when the
 * list has none (a warning is printed to log once per URL then). */
const char *cli_checksums_lookup(cli_checksums *c, const char *url, const char *name, void (*warn)(void *, const char *),
                                 void *warn_data);
void cli_checksums_free(cli_checksums *c);

#endif
