/* --chunk-size: the transfer of a file (the lead) fetches its first range
 * and hands the others to part transfers, each writing through its own
 * descriptor of the same file at its offset. The file's incomplete mark
 * counts only the bytes that are all in from its start, and a failed
 * part cuts the file back to them: a prefix -c can continue, never a
 * hole passed off as data. */
#include "transfer_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

/* The bytes of the file so far: the lead's own and its parts'. */
int64_t transfer_file_bytes(const mw_transfer *t)
{
    int64_t n = t->body.sink.written + t->parts.parts_written;
    for (size_t i = 0; i < t->parts.nrunning; i++)
        n += t->parts.running[i]->body.sink.written;
    return n;
}

/* A part must get exactly its range, of the same file as the lead's (same
 * length, same validator): anything else would leave a hole or mix two
 * versions. */
bool transfer_part_range_ok(const mw_transfer *t, const mw_http_response *r, int64_t want)
{
    int64_t start, end, total;
    const char *lead_validator = t->parts.lead->resume.validator, *validator = transfer_validator_of(r);
    return r->status == 206 && r->framing == MW_BODY_LENGTH &&
           mw_http_parse_content_range(mw_http_header(r, "Content-Range"), &start, &end, &total) && start == want &&
           end == t->parts.part_end && total == t->parts.lead->body.body_total && start + r->content_length - 1 == t->parts.part_end &&
           (!lead_validator || (validator && strcmp(validator, lead_validator) == 0));
}

/* --chunk-size applies to a plain GET of a whole file into a file of its own. */
bool transfer_may_chunk(const mw_transfer *t)
{
    const mw_options *o = t->ctx->opts;
    return o->chunk_size > 0 && o->output_fd < 0 && !t->spider && o->compression == MW_COMPRESSION_NONE &&
           !o->body && !o->save_headers && !o->continue_download && !o->timestamping && t->resume.resume_from == 0 &&
           !strcasecmp(transfer_method(t), "GET");
}

static void free_part(mw_loop *loop, void *data)
{
    mw_transfer_free(data);
}

static void forget_part(mw_transfer *lead, mw_transfer *part)
{
    for (size_t i = 0; i < lead->parts.nrunning; i++)
        if (lead->parts.running[i] == part) {
            lead->parts.running[i] = lead->parts.running[--lead->parts.nrunning];
            break;
        }
    lead->parts.parts_written += part->result.bytes_written;
    mw_loop_timer(lead->ctx->loop, 0, free_part, part); /* its own code is still on the stack */
}

/* The bytes from the start of the file that are all in: the lead's own
 * while its range comes, then every range up to the first one still
 * coming (ranges are handed out in order), or that failed. */
int64_t transfer_valid_prefix(const mw_transfer *lead)
{
    if (lead->body.sink.written < (int64_t)lead->ctx->opts->chunk_size) /* its own range is still coming */
        return lead->body.sink.written;
    int64_t prefix = lead->parts.next_chunk;
    for (size_t i = 0; i < lead->parts.nrunning; i++) {
        const mw_transfer *p = lead->parts.running[i];
        if (p->parts.part_start + p->body.sink.written < prefix)
            prefix = p->parts.part_start + p->body.sink.written;
    }
    return lead->parts.failed_range_at >= 0 && lead->parts.failed_range_at < prefix ? lead->parts.failed_range_at : prefix;
}

/* Records progress in the file's mark, so that a kill leaves it right. */
void transfer_mark_valid_prefix(mw_transfer *lead)
{
    int64_t prefix = transfer_valid_prefix(lead);
    if (prefix > lead->parts.marked_prefix) /* each flush is paid for only when the count grows */
        mw_sink_mark_valid(&lead->body.sink, lead->parts.marked_prefix = prefix);
}

static void on_part_done(void *data, mw_status status)
{
    mw_transfer *part = data, *lead = part->parts.lead;
    if (status != MW_OK && (lead->parts.failed_range_at < 0 || part->parts.part_start + part->body.sink.written < lead->parts.failed_range_at))
        lead->parts.failed_range_at = part->parts.part_start + part->body.sink.written;
    forget_part(lead, part);
    if (status == MW_OK)
        transfer_mark_valid_prefix(lead);
    if (status != MW_OK) {
        transfer_fail(lead, status, "A range of the file failed; the file is kept up to byte %lld for -c.",
                      (long long)transfer_valid_prefix(lead));
        return;
    }
    if (!transfer_start_parts(lead))
        return;
    if (lead->state == T_WAITING_FOR_PARTS && lead->parts.nrunning == 0 && lead->parts.next_chunk >= lead->body.body_total)
        transfer_complete(lead);
}

static mw_transfer *start_part(mw_transfer *lead, int64_t start, int64_t end)
{
    int fd = open(lead->body.sink.display, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    mw_transfer *p = lseek(fd, start, SEEK_SET) == start ? transfer_new(lead->ctx, &lead->url, on_part_done, NULL) : NULL;
    if (!p) {
        close(fd);
        return NULL;
    }
    p->done_data = p;
    p->parts.lead = lead;
    p->parts.part_fd = fd;
    p->parts.part_start = start;
    p->parts.part_end = end;
    transfer_begin(p);
    return p;
}

/* Keeps up to chunk_connections parts running until every chunk is taken. */
bool transfer_start_parts(mw_transfer *lead)
{
    const mw_options *o = lead->ctx->opts;
    size_t most = o->chunk_connections > 0 ? (size_t)o->chunk_connections : 4;
    int64_t chunk = (int64_t)o->chunk_size;
    if (!lead->parts.running) {
        mw_sink_mark_valid(&lead->body.sink, 0); /* before any range is written ahead of the lead's bytes */
        lead->parts.next_chunk = chunk;
        lead->parts.running = calloc(most, sizeof *lead->parts.running);
        if (!lead->parts.running) {
            transfer_fail(lead, MW_ERR_GENERIC, "Out of memory.");
            return false;
        }
    }
    while (lead->parts.nrunning < most && lead->parts.next_chunk < lead->body.body_total) {
        int64_t start = lead->parts.next_chunk;
        int64_t end = start + chunk < lead->body.body_total ? start + chunk - 1 : lead->body.body_total - 1;
        mw_transfer *p = start_part(lead, start, end);
        if (!p) {
            transfer_fail(lead, MW_ERR_IO, "Cannot open ‘%s’ again for a range (%s).", lead->body.sink.display, strerror(errno));
            return false;
        }
        lead->parts.running[lead->parts.nrunning++] = p;
        lead->parts.next_chunk = end + 1;
    }
    return true;
}

static void ignore_done(void *data, mw_status status)
{
}

/* The lead failed: its parts stop writing before the file is cut back. */
void transfer_stop_parts(mw_transfer *t)
{
    while (t->parts.nrunning > 0) {
        mw_transfer *p = t->parts.running[--t->parts.nrunning];
        p->done = ignore_done;
        transfer_finish(p, MW_ERR_GENERIC);
        mw_loop_timer(t->ctx->loop, 0, free_part, p);
    }
    free(t->parts.running);
    t->parts.running = NULL;
}
