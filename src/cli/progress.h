/* progress: wget's progress displays — a bar redrawn in place on a terminal,
 * rows of dots (one per KiB) elsewhere. Both write to stderr. */
#ifndef MW_CLI_PROGRESS_H
#define MW_CLI_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

#include "miniwget/miniwget.h"

typedef struct progress_state {
    bool bar;            /* terminal: redraw a bar; otherwise dots */
    int64_t dots_shown;  /* KiB already drawn as dots */
    uint64_t last_ms;    /* elapsed time and bytes at the previous update, */
    int64_t last_bytes;  /* for the rate of the lines drawn since */
    double line_rate;
    const char *name;    /* the body the dots belong to */
} progress_state;

void progress_init(progress_state *st, bool terminal);
void progress_update(progress_state *st, const mw_progress *p);

#endif
