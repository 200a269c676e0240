/* results: --results=FILE, one JSON object per URL attempted (JSON Lines),
 * written whole and flushed as each URL ends, so a run that is killed
 * keeps the lines of every URL that finished. The schema is in the man
 * page (cli_results_print_man). */
#ifndef MW_CLI_RESULTS_H
#define MW_CLI_RESULTS_H

#include "miniwget/miniwget.h"

typedef struct cli_results cli_results;

/* Opens name ("-": standard output), truncated. output_document is -O's
 * name (its file is the path of bodies saved there), or NULL. NULL with
 * the reason printed when it cannot be opened. */
cli_results *cli_results_open(const char *name, const char *output_document);
/* Appends the line of one URL. */
void cli_results_write(cli_results *r, const mw_url_result *result);
/* Closes the file: 0, or MW_ERR_IO when a line could not be written. */
int cli_results_close(cli_results *r);
/* s as a JSON string, quotes included (U+FFFD for bytes that are not
 * UTF-8); NULL when out of memory. Caller frees. */
char *cli_json_quote(const char *s);
/* The schema, as a man page section. */
void cli_results_print_man(void);

#endif
