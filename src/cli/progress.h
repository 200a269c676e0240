/* progress: wget's progress displays — a bar redrawn in place on a terminal
 * (a block of bars with -j), rows of dots elsewhere. */
#ifndef MW_CLI_PROGRESS_H
#define MW_CLI_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "miniwget/miniwget.h"

typedef struct progress_state {
    FILE *out;           /* stderr, or the -o/-a log file */
    bool bar;            /* terminal: redraw a bar; otherwise dots */
    bool bits;           /* --report-speed=bits: rates in bits per second */
    int64_t dot_bytes;   /* the dot style: bytes per dot, */
    int dots_per_group;  /* dots between spaces, */
    int dots_per_line;   /* and dots per line */
    int64_t dots_shown;  /* dots already drawn for this body */
    uint64_t last_ms;    /* elapsed time and bytes at the previous update, */
    int64_t last_bytes;  /* for the rate of the lines drawn since */
    double line_rate;
    const char *name;    /* the body the dots belong to */
    /* -j on a terminal: one bar per running download, redrawn as a block */
    bool multi;
    struct progress_row {
        const void *id;  /* the mw_progress name pointer: one per body */
        char name[256];
        mw_progress last;
    } rows[32];
    int nrows;
    int drawn;           /* block lines on screen below the last log line */
    bool json;           /* --progress=json: one JSON object per update, a line each, for wrappers */
} progress_state;

/* spec is --progress's value ("bar", "bar:force", "dot", "dot:mega", "json"...) or
 * NULL for the default: a bar on a terminal, dots elsewhere. Returns -1
 * for a spec wget would not take. */
int progress_init(progress_state *st, FILE *out, bool terminal, const char *spec);
void progress_update(progress_state *st, const mw_progress *p);
/* Erases the -j block so a log line can be printed; the next update redraws it. */
void progress_clear(progress_state *st);

#endif
