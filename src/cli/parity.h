/* parity: wget's options that need more than a field set by the table
 * (parity.c), -b (background.c) and --version's feature line (help.c). */
#ifndef MW_CLI_PARITY_H
#define MW_CLI_PARITY_H

#include "options.h"

/* Reads the word-valued options into the library's fields (--method
 * upper-cased, HEAD as a spider; --prefer-family, --report-speed,
 * --regex-type, --start-pos, which disables -c as in wget) and runs
 * --use-askpass. Returns 0, or an exit status after printing the reason. */
int cli_apply_parity(cli_config *cfg);
void cli_parity_free(cli_config *cfg);

/* IRI: a URL in the local encoding converted to UTF-8 (into *owned, which
 * is freed first); the text itself when there is nothing to convert or it
 * does not convert. */
const char *cli_url_to_utf8(const cli_config *cfg, const char *text, char **owned);

/* -b: forks; the parent prints wget's two lines and returns 1 (it must
 * exit 0 at once), the child returns 0 detached from the terminal, its log
 * going to wget-log (wget-log.1, ... when taken) unless -o/-a name one.
 * -1 when the fork fails (reason printed). */
int cli_go_background(cli_config *cfg);

/* wget's --version: the name and version line, then the feature line
 * (+https +ipv6 +iri -ftp ...), listing only what this build has. */
void cli_print_version(void);

#endif
