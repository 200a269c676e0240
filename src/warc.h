/* warc: WARC 1.1 output (ISO 28500:2017) as wget's --warc-file writes it:
 * a warcinfo record first in each file; for each exchange a request record
 * with the bytes sent and a response record with the bytes received as they
 * were on the wire (head as received, chunk framing kept), linked by
 * WARC-Concurrent-To, with SHA-1 block and payload digests (the payload is
 * the entity-body: without chunk framing, before any content decoding); a
 * revisit record instead when --warc-dedup lists the payload; the run's log
 * as a resource record at the end. Records are written whole when their
 * exchange ends, so transfers running at once never interleave inside one;
 * a body is spooled (warc_spool.h), so memory does not grow with it.
 *
 * The transfer reports an exchange through four calls: made once the
 * request is out, then the response head's bytes, the body's bytes, and its
 * end. Every call accepts a NULL exchange and then does nothing. */
#ifndef MW_WARC_H
#define MW_WARC_H

#include <stdbool.h>
#include <stddef.h>

#include "miniwget/miniwget.h"
#include "miniwget/url.h"

typedef struct mw_warc mw_warc;
typedef struct mw_warc_exchange mw_warc_exchange;

/* Told once of the first failure to write the WARC output (the message
 * names the file); the run goes on, and ends with exit 3. */
typedef void (*mw_warc_report_fn)(void *data, const char *message);

/* Opens the output opts->warc_file names (and its CDX, and reads the
 * --warc-dedup index), and writes the warcinfo record. NULL with err. */
mw_warc *mw_warc_open(const mw_options *opts, const char *software, mw_warc_report_fn report, void *report_data,
                      char *err, size_t errlen);
/* The path of the file being written ("FILE.warc.gz"). */
const char *mw_warc_path(const mw_warc *w);
/* Keeps a line of the run's log for the resource record written at the end. */
void mw_warc_log_line(mw_warc *w, const char *line);
/* True once writing failed (the run's exit status is then 3). */
bool mw_warc_failed(const mw_warc *w);
/* Writes the log record (unless --no-warc-keep-log) and closes the files. */
void mw_warc_close(mw_warc *w);

/* An exchange whose request (len bytes, as sent) just went out on fd for url. */
mw_warc_exchange *mw_warc_exchange_new(mw_warc *w, const mw_url *url, int fd, const char *request, size_t len);
/* Bytes of the response head, with any 1xx responses before it. */
void mw_warc_exchange_head(mw_warc_exchange *e, const char *buf, size_t len);
/* Bytes of the body as they came off the connection (framing included). */
void mw_warc_exchange_body(mw_warc_exchange *e, const char *buf, size_t len);
/* The exchange is over (the response read whole, or given up): its records
 * are written, and e freed. */
void mw_warc_exchange_end(mw_warc_exchange *e);

#endif
