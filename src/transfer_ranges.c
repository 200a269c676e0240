/* transfer_ranges: the arithmetic of a file fetched in pieces (--chunk-size
 * ranges, -c resumes): which bytes are in, which validator they belong
 * to, what the file's incomplete mark may vouch for. No transitions: the
 * files above decide what to do with the answers. */
#include "transfer_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "miniwget/format.h"


/* RFC 9110 13.1.5: If-Range takes a strong ETag or a date. */
const char *mw_xfer_validator_of(const mw_http_response *r)
{
    const char *etag = mw_http_header(r, "ETag");
    if (etag && *etag == '"')
        return etag;
    return mw_http_header(r, "Last-Modified");
}

/* The bytes of the file so far: the lead's own and its parts'. */
int64_t mw_xfer_file_bytes(const mw_transfer *t)
{
    int64_t n = t->body.sink.written + t->parts.parts_written;
    for (size_t i = 0; i < t->parts.nrunning; i++)
        n += t->parts.running[i]->body.sink.written;
    return n;
}

/* A part must get exactly its range, of the same file as the lead's (same
 * length, same validator): anything else would leave a hole or mix two
 * versions. */
bool mw_xfer_part_range_ok(const mw_transfer *t, const mw_http_response *r, int64_t want)
{
    int64_t start, end, total;
    const char *lead_validator = t->parts.lead->resume.validator, *validator = mw_xfer_validator_of(r);
    return r->status == 206 && r->framing == MW_BODY_LENGTH &&
           mw_http_parse_content_range(mw_http_header(r, "Content-Range"), &start, &end, &total) && start == want &&
           end == t->parts.part_end && total == t->parts.lead->body.body_total && start + r->content_length - 1 == t->parts.part_end &&
           (!lead_validator || (validator && strcmp(validator, lead_validator) == 0));
}

/* --chunk-size applies to a plain GET of a whole file into a file of its own. */
bool mw_xfer_may_chunk(const mw_transfer *t)
{
    const mw_options *o = t->ctx->opts;
    return o->chunk_size > 0 && o->start_pos <= 0 && o->output_fd < 0 && !t->spider && o->compression == MW_COMPRESSION_NONE &&
           !o->body && !o->save_headers && !o->continue_download && !o->timestamping && t->resume.resume_from == 0 &&
           !strcasecmp(mw_xfer_method(t), "GET");
}

/* The bytes from the start of the file that are all in: the lead's own
 * while its range comes, then every range up to the first one still
 * coming (ranges are handed out in order), or that failed. */
int64_t mw_xfer_valid_prefix(const mw_transfer *lead)
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
void mw_xfer_mark_valid_prefix(mw_transfer *lead)
{
    int64_t prefix = mw_xfer_valid_prefix(lead);
    if (prefix > lead->parts.marked_prefix) /* each flush is paid for only when the count grows */
        mw_sink_mark_valid(&lead->body.sink, lead->parts.marked_prefix = prefix);
}
