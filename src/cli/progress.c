#include "progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "miniwget/format.h"
#include "results.h"

/* wget's dot styles: bytes per dot, dots per group, dots per line. */
static const struct dot_style {
    const char *name;
    int64_t bytes;
    int group, line;
} dot_styles[] = {
    { "default", 1024, 10, 50 },
    { "binary", 8 * 1024, 16, 48 },
    { "mega", 64 * 1024, 8, 48 },
    { "giga", 1024 * 1024, 8, 32 },
};

int progress_init(progress_state *st, FILE *out, bool terminal, const char *spec)
{
    memset(st, 0, sizeof *st);
    st->out = out;
    st->bar = terminal;
    const struct dot_style *style = &dot_styles[0];
    if (spec && strcmp(spec, "json") == 0) {
        st->json = true;
        st->bar = false;
    } else if (spec) {
        const char *colon = strchr(spec, ':');
        size_t kind = colon ? (size_t)(colon - spec) : strlen(spec);
        const char *param = colon ? colon + 1 : "";
        if (kind == 3 && strncmp(spec, "bar", 3) == 0) {
            if (strcmp(param, "force") == 0)
                st->bar = true;
            else if (*param && strcmp(param, "noscroll") != 0)
                return -1;
        } else if (kind == 3 && strncmp(spec, "dot", 3) == 0) {
            st->bar = false;
            style = NULL;
            const char *name = *param ? param : "default"; /* plain "dot" is the default style */
            for (size_t i = 0; i < sizeof dot_styles / sizeof dot_styles[0] && !style; i++)
                if (strcmp(dot_styles[i].name, name) == 0)
                    style = &dot_styles[i];
            if (!style)
                return -1;
        } else {
            return -1;
        }
    }
    st->dot_bytes = style->bytes;
    st->dots_per_group = style->group;
    st->dots_per_line = style->line;
    return 0;
}

static int terminal_width(FILE *out)
{
    struct winsize ws;
    if (ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
        return ws.ws_col;
    return 80;
}

static double rate_of(const mw_progress *p)
{
    return p->elapsed_ms ? (double)p->received * 1000.0 / (double)p->elapsed_ms : 0.0;
}

static void format_bar(progress_state *st, const mw_progress *p, char *line, size_t linelen)
{
    int width = terminal_width(st->out);
    char size[32], rate[32], eta[32] = "";
    mw_format_size(p->received, size, sizeof size);
    if (st->bits)
        mw_format_rate_bits(rate_of(p), rate, sizeof rate);
    else
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
    snprintf(line, linelen, "%-*.*s %s[%s] %8s  %10s  %-10s", name_width, name_width, p->name, percent, bar, size, rate,
             eta);
}

static void draw_bar(progress_state *st, const mw_progress *p)
{
    char line[512];
    format_bar(st, p, line, sizeof line);
    fprintf(st->out, "\r%s", line);
    if (p->finished)
        fputc('\n', st->out);
    fflush(st->out);
}

void progress_clear(progress_state *st)
{
    if (st->drawn > 0)
        fprintf(st->out, "\033[%dA\r\033[J", st->drawn); /* up over the block, erase to the end */
    st->drawn = 0;
}

/* -j: finished bodies leave their last line above; running ones are redrawn below. */
static void draw_block(progress_state *st, const mw_progress *p)
{
    int i = 0;
    while (i < st->nrows && st->rows[i].id != p->name)
        i++;
    if (i == st->nrows) {
        if (st->nrows == (int)(sizeof st->rows / sizeof st->rows[0]))
            return; /* more bodies than rows: the extra ones go undrawn */
        st->rows[i].id = p->name;
        snprintf(st->rows[i].name, sizeof st->rows[i].name, "%s", p->name);
        st->nrows++;
    }
    st->rows[i].last = *p;
    st->rows[i].last.name = st->rows[i].name;
    progress_clear(st);
    char line[512];
    /* finished bodies first: their last line stays above the block for good */
    for (int k = 0; k < st->nrows;) {
        if (!st->rows[k].last.finished) {
            k++;
            continue;
        }
        format_bar(st, &st->rows[k].last, line, sizeof line);
        fprintf(st->out, "%s\033[K\n", line);
        memmove(&st->rows[k], &st->rows[k + 1], (size_t)(st->nrows - k - 1) * sizeof st->rows[0]);
        st->nrows--;
    }
    for (int k = 0; k < st->nrows; k++) {
        format_bar(st, &st->rows[k].last, line, sizeof line);
        fprintf(st->out, "%s\033[K\n", line);
        st->drawn++;
    }
    fflush(st->out);
}

/* wget's short rate in dot lines: "137M", "2.02M", "586K". */
static void short_rate(double bytes_per_second, bool bits, char *buf, size_t buflen)
{
    static const char units[] = "KMGT";
    double unit = bits ? 1000.0 : 1024.0; /* --report-speed=bits: bits, powers of 1000, as wget */
    double v = (bits ? bytes_per_second * 8.0 : bytes_per_second) / unit;
    size_t i = 0;
    while (v >= unit && i + 1 < sizeof units - 1) {
        v /= unit;
        i++;
    }
    int decimals = v >= 99.95 ? 0 : v >= 9.995 ? 1 : 2;
    snprintf(buf, buflen, "%.*f%c", decimals, v, units[i]);
}

static void short_duration(double seconds, char *buf, size_t buflen)
{
    long long s = (long long)(seconds + 0.5);
    if (s < 60)
        snprintf(buf, buflen, "%llds", s);
    else if (s < 3600)
        snprintf(buf, buflen, "%lldm%llds", s / 60, s % 60);
    else
        snprintf(buf, buflen, "%lldh%lldm", s / 3600, (s / 60) % 60);
}

static void dots_line_end(progress_state *st, const mw_progress *p, bool last)
{
    char rate[32], tail[32];
    short_rate(st->line_rate, st->bits, rate, sizeof rate);
    if (last) {
        double secs = (double)p->elapsed_ms / 1000.0;
        if (secs < 0.005)
            snprintf(tail, sizeof tail, "=0s");
        else
            snprintf(tail, sizeof tail, "=%.*fs", secs < 10 ? 2 : 1, secs);
    } else if (p->total > 0 && st->line_rate > 0) {
        char eta[24];
        short_duration((double)(p->total - p->received) / st->line_rate, eta, sizeof eta);
        snprintf(tail, sizeof tail, " %s", eta);
    } else {
        tail[0] = '\0';
    }
    if (p->total > 0) {
        int64_t done = st->dots_shown * st->dot_bytes;
        if (last || done > p->total)
            done = p->received;
        fprintf(st->out, "%3d%% %5s%s\n", (int)(done * 100 / (p->total ? p->total : 1)), rate, tail);
    } else {
        fprintf(st->out, " %5s%s\n", rate, tail);
    }
}

static void draw_dots(progress_state *st, const mw_progress *p)
{
    /* The rate of the lines drawn now is the rate since the last call. */
    uint64_t dt = p->elapsed_ms - st->last_ms;
    int64_t db = p->received - st->last_bytes;
    st->line_rate = (double)db * 1000.0 / (double)(dt ? dt : 1);
    st->last_ms = p->elapsed_ms;
    st->last_bytes = p->received;

    int64_t kib = p->received / st->dot_bytes; /* one dot per whole unit, as wget */
    while (st->dots_shown < kib) {
        int64_t in_line = st->dots_shown % st->dots_per_line;
        if (in_line == 0)
            fprintf(st->out, "%6lldK", (long long)(st->dots_shown * st->dot_bytes / 1024));
        if (in_line % st->dots_per_group == 0)
            fputc(' ', st->out);
        fputc('.', st->out);
        st->dots_shown++;
        if (st->dots_shown % st->dots_per_line == 0 && !(p->finished && st->dots_shown == kib && p->received % st->dot_bytes == 0))
            dots_line_end(st, p, false);
    }
    if (p->finished) {
        int64_t in_line = st->dots_shown % st->dots_per_line;
        bool partial = in_line != 0 || st->dots_shown == 0 || p->received % st->dot_bytes != 0;
        if (partial && in_line == 0)
            fprintf(st->out, "%6lldK", (long long)(st->dots_shown * st->dot_bytes / 1024));
        for (int64_t i = in_line; partial && i < st->dots_per_line; i++) /* line up the last percentage */
            fputs(i % st->dots_per_group == 0 ? "  " : " ", st->out);
        dots_line_end(st, p, true);
    }
    fflush(st->out);
}

/* --progress=json: {"progress":NAME,"received":N,"total":N|null,"seconds":S,"finished":B} */
static void write_json(progress_state *st, const mw_progress *p)
{
    char *name = cli_json_quote(p->name ? p->name : "");
    char total[24] = "null";
    if (p->total >= 0)
        snprintf(total, sizeof total, "%lld", (long long)p->total);
    fprintf(st->out, "{\"progress\":%s,\"received\":%lld,\"total\":%s,\"seconds\":%.3f,\"finished\":%s}\n",
            name ? name : "\"\"", (long long)p->received, total, (double)p->elapsed_ms / 1000.0,
            p->finished ? "true" : "false");
    fflush(st->out);
    free(name);
}

void progress_update(progress_state *st, const mw_progress *p)
{
    if (st->json) {
        write_json(st, p);
        return;
    }
    if (st->multi && st->bar) {
        draw_block(st, p);
        return;
    }
    if (st->name != p->name) {
        st->name = p->name;
        st->dots_shown = 0;
        st->last_ms = 0;
        st->last_bytes = 0;
    }
    if (st->bar)
        draw_bar(st, p);
    else
        draw_dots(st, p);
    if (p->finished)
        st->name = NULL;
}
