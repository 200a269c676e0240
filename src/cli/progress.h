/* progress: wget's progress displays — a bar redrawn in place on a terminal,
 * rows of dots (one per KiB) elsewhere. */
#ifndef MW_CLI_PROGRESS_H
#define MW_CLI_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "miniwget/miniwget.h"

typedef struct progress_state {
    FILE *out;           /* stderr, or the -o/-a log file */
    bool bar;            /* terminal: redraw a bar; otherwise dots */
    int64_t dots_shown;  /* KiB already drawn as dots */
    uint64_t last_ms;    /* elapsed time and bytes at the previous update, */
    int64_t last_bytes;  /* for the rate of the lines drawn since */
    double line_rate;
    const char *name;    /* the body the dots belong to */
} progress_state;

void progress_init(progress_state *st, FILE *out, bool terminal);
void progress_update(progress_state *st, const mw_progress *p);

#endif
