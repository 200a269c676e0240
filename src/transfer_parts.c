/* transfer_parts: --chunk-size. The transfer of a file (the lead) fetches
 * its first range and hands the others to part transfers, each writing
 * through its own descriptor of the same file at its offset. The file's
 * incomplete mark counts only the bytes that are all in from its start,
 * and a failed part cuts the file back to them: a prefix -c can continue,
 * never a hole passed off as data. */
#include "transfer_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <fcntl.h>


static void forget_part(mw_transfer *lead, mw_transfer *part)
{
    for (size_t i = 0; i < lead->parts.nrunning; i++)
        if (lead->parts.running[i] == part) {
            lead->parts.running[i] = lead->parts.running[--lead->parts.nrunning];
            break;
        }
    lead->parts.parts_written += part->result.bytes_written;
    mw_xfer_free_later(part); /* its own code is still on the stack */
}

static void on_part_done(void *data, mw_status status)
{
    mw_transfer *part = data, *lead = part->parts.lead;
    if (status != MW_OK && (lead->parts.failed_range_at < 0 || part->parts.part_start + part->body.sink.written < lead->parts.failed_range_at))
        lead->parts.failed_range_at = part->parts.part_start + part->body.sink.written;
    forget_part(lead, part);
    if (status == MW_OK)
        mw_xfer_mark_valid_prefix(lead);
    if (status != MW_OK) {
        mw_xfer_fail(lead, status, "A range of the file failed; the file is kept up to byte %lld for -c.",
                      (long long)mw_xfer_valid_prefix(lead));
        return;
    }
    if (!mw_xfer_start_parts(lead))
        return;
    if (lead->state == T_WAITING_FOR_PARTS && lead->parts.nrunning == 0 && lead->parts.next_chunk >= lead->body.body_total)
        mw_xfer_complete(lead);
}

static mw_transfer *start_part(mw_transfer *lead, int64_t start, int64_t end)
{
    int fd = open(lead->body.sink.display, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    mw_transfer *p = lseek(fd, start, SEEK_SET) == start ? mw_xfer_new(lead->ctx, &lead->url, lead->ops, on_part_done, NULL) : NULL;
    if (!p) {
        close(fd);
        return NULL;
    }
    p->done_data = p;
    p->parts.lead = lead;
    p->parts.part_fd = fd;
    p->parts.part_start = start;
    p->parts.part_end = end;
    p->ops->begin(p);
    return p;
}

/* Keeps up to chunk_connections parts running until every chunk is taken. */
bool mw_xfer_start_parts(mw_transfer *lead)
{
    const mw_options *o = lead->ctx->opts;
    size_t most = o->chunk_connections > 0 ? (size_t)o->chunk_connections : 4;
    int64_t chunk = (int64_t)o->chunk_size;
    if (!lead->parts.running) {
        mw_sink_mark_valid(&lead->body.sink, 0); /* before any range is written ahead of the lead's bytes */
        lead->parts.next_chunk = chunk;
        lead->parts.running = calloc(most, sizeof *lead->parts.running);
        if (!lead->parts.running) {
            mw_xfer_fail(lead, MW_ERR_GENERIC, "Out of memory.");
            return false;
        }
    }
    while (lead->parts.nrunning < most && lead->parts.next_chunk < lead->body.body_total) {
        int64_t start = lead->parts.next_chunk;
        int64_t end = start + chunk < lead->body.body_total ? start + chunk - 1 : lead->body.body_total - 1;
        mw_transfer *p = start_part(lead, start, end);
        if (!p) {
            mw_xfer_fail(lead, MW_ERR_IO, "Cannot open ‘%s’ again for a range (%s).", lead->body.sink.display, strerror(errno));
            return false;
        }
        lead->parts.running[lead->parts.nrunning++] = p;
        lead->parts.next_chunk = end + 1;
    }
    return true;
}
