#include "progress.h"

#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "miniwget/format.h"

#define DOT_BYTES 1024
#define DOTS_PER_GROUP 10
#define DOTS_PER_LINE 50

void progress_init(progress_state *st, bool terminal)
{
    memset(st, 0, sizeof *st);
    st->bar = terminal;
}

static int terminal_width(void)
{
    struct winsize ws;
    if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
        return ws.ws_col;
    return 80;
}

static double rate_of(const mw_progress *p)
{
    return p->elapsed_ms ? (double)p->received * 1000.0 / (double)p->elapsed_ms : 0.0;
}

static void draw_bar(const mw_progress *p)
{
    int width = terminal_width();
    char size[32], rate[32], eta[32] = "";
    mw_format_size(p->received, size, sizeof size);
    mw_format_rate(rate_of(p), rate, sizeof rate);
    double r = rate_of(p);
    if (p->finished)
        snprintf(eta, sizeof eta, "in %.1fs", (double)p->elapsed_ms / 1000.0);
    else if (p->total > 0 && r > 0)
        snprintf(eta, sizeof eta, "eta %.0fs", (double)(p->total - p->received) / r);
    int name_width = width / 4;
    char percent[8] = "    ";
    int bar_width = width - name_width - 40;
    if (bar_width < 10)
        bar_width = 10;
    char bar[256];
    int filled = 0;
    if (p->total > 0) {
        int pct = (int)(p->received * 100 / p->total);
        snprintf(percent, sizeof percent, "%3d%%", pct);
        filled = (int)((int64_t)bar_width * p->received / p->total);
    }
    for (int i = 0; i < bar_width && i < (int)sizeof bar - 1; i++)
        bar[i] = i < filled ? '=' : (i == filled ? '>' : ' ');
    bar[bar_width < (int)sizeof bar ? bar_width : (int)sizeof bar - 1] = '\0';
    fprintf(stderr, "\r%-*.*s %s[%s] %8s  %10s  %-10s", name_width, name_width, p->name, percent, bar, size, rate, eta);
    if (p->finished)
        fputc('\n', stderr);
    fflush(stderr);
}

static void dots_line_end(const mw_progress *p, int64_t upto_kib)
{
    char rate[32];
    mw_format_rate(rate_of(p), rate, sizeof rate);
    if (p->total > 0) {
        int64_t done = upto_kib * DOT_BYTES < p->total ? upto_kib * DOT_BYTES : p->total;
        fprintf(stderr, " %3d%% %s", (int)(done * 100 / p->total), rate);
    } else {
        fprintf(stderr, " %s", rate);
    }
    fputc('\n', stderr);
}

static void draw_dots(progress_state *st, const mw_progress *p)
{
    int64_t kib = p->received / DOT_BYTES;
    if (p->finished && p->received % DOT_BYTES)
        kib++; /* the last, partial KiB gets its dot too */
    while (st->dots_shown < kib) {
        int64_t in_line = st->dots_shown % DOTS_PER_LINE;
        if (in_line == 0)
            fprintf(stderr, "%6lldK", (long long)st->dots_shown);
        if (in_line % DOTS_PER_GROUP == 0)
            fputc(' ', stderr);
        fputc('.', stderr);
        st->dots_shown++;
        if (st->dots_shown % DOTS_PER_LINE == 0)
            dots_line_end(p, st->dots_shown);
    }
    if (p->finished && st->dots_shown % DOTS_PER_LINE)
        dots_line_end(p, st->dots_shown);
    fflush(stderr);
}

void progress_update(progress_state *st, const mw_progress *p)
{
    if (st->name != p->name) {
        st->name = p->name;
        st->dots_shown = 0;
    }
    if (st->bar)
        draw_bar(p);
    else
        draw_dots(st, p);
    if (p->finished)
        st->name = NULL;
}
