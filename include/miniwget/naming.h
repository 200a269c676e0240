/* naming: the local file name for a download, as GNU wget chooses it, made safe.
 *
 * Every name returned here is a single path component: it never contains '/'
 * or NUL, is never "", "." or "..", and is at most MW_NAME_MAX bytes (5 more after
 * mw_name_adjust_extension), so joining it to the target directory can never
 * escape that directory. Control bytes are escaped too, unless the restrict
 * mode includes MW_RESTRICT_NOCONTROL (see below). */
#ifndef MINIWGET_NAMING_H
#define MINIWGET_NAMING_H

/* The longest name made here: NAME_MAX (255) less the 19 bytes wget keeps
 * free for its suffixes (".NNN", ".orig", ".tmp"), and where wget cuts. */
#define MW_NAME_MAX 236

#include <stddef.h>

#include "miniwget/export.h"
#include "miniwget/url.h"

/* --restrict-file-names=MODES, as in wget. Which bytes of a name are written
 * as %XX:
 *   UNIX (the default): '/', the control bytes 0x00-0x1f and 0x7f, and the
 *     UTF-8 bidirectional overrides and isolates U+202A-U+202E and
 *     U+2066-U+2069 (each of their three bytes), which would show the name
 *     reordered;
 *   WINDOWS: also \ | : ? " * < > and the bytes 0x80-0x9f (C1 controls, as
 *     wget's manual says; wget 1.21 itself leaves them); trailing dots and
 *     spaces become %2E and %20 (Windows drops them); a device name (CON, PRN,
 *     AUX, NUL, CONIN$, CONOUT$, COM0-9, LPT0-9, COM/LPT with a superscript
 *     1-3), with or without an extension and in any case, gets a '_' right
 *     after the device word: "CON.txt" -> "CON_.txt", "aux" -> "aux_"; and
 *     mw_name_from_url joins the query with '@' instead of '?';
 *   NOCONTROL: control bytes (and bidi controls) are left as they are, except NUL, which like '/'
 *     is always escaped whatever the mode (a NUL would cut the name short);
 *   ASCII: also every byte >= 0x80;
 *   LOWERCASE / UPPERCASE: ASCII letters folded after escaping (so "%2f"), as
 *     wget does, "index.html" included.
 * UNIX and WINDOWS exclude each other, as do LOWERCASE and UPPERCASE; when a
 * mask holds both, WINDOWS and LOWERCASE win. 0 means UNIX. */
typedef enum mw_restrict {
    MW_RESTRICT_UNIX = 1,
    MW_RESTRICT_WINDOWS = 2,
    MW_RESTRICT_NOCONTROL = 4,
    MW_RESTRICT_ASCII = 8,
    MW_RESTRICT_LOWERCASE = 16,
    MW_RESTRICT_UPPERCASE = 32,
} mw_restrict;

/* Parses "unix,lowercase" etc. as wget does: words are case-sensitive, a
 * later unix/windows or lowercase/uppercase overrides an earlier one, a
 * trailing comma is allowed. Returns -1 on an unknown or empty word (wget's
 * "vms" included: there is no VMS mode here). */
MW_API int mw_restrict_parse(const char *modes);

/* wget's name for a URL: the last path segment, percent-decoded, with
 * "?query" appended when the URL has a query ("@query" in windows mode, as
 * wget); "index.html" when the last segment is empty (a directory URL), so
 * "index.html?query" with a query. The result is passed whole through
 * mw_name_sanitize(). Caller frees. */
MW_API char *mw_name_from_url(const mw_url *url);
/* The same with --restrict-file-names modes (0: unix). */
MW_API char *mw_name_from_url_mode(const mw_url *url, int modes);
/* The length the name of url would have before the cut to MW_NAME_MAX (the
 * caller says "The destination name is too long (N), reducing to 236", as
 * wget); 0 when out of memory. */
MW_API size_t mw_name_uncut_length(const mw_url *url, int modes);

/* Makes an untrusted name (decoded URL segment, server-supplied name) safe as a
 * single file name in the target directory, in the default (unix) mode:
 *   - in unix mode, '/', bytes 0x00-0x1f and 0x7f and the bidi controls above are written as %XX
 *     (wget's --restrict-file-names=unix rule; other modes above);
 *   - "" becomes "index.html"; "." and ".." become "%2E" and "%2E%2E";
 *   - a name longer than MW_NAME_MAX bytes is cut to MW_NAME_MAX bytes (not inside
 *     a %XX escape or a UTF-8 sequence), leaving room for ".NNN" suffixes.
 * len is the byte length of raw (it may contain NUL). Caller frees. */
MW_API char *mw_name_sanitize(const char *raw, size_t len);

/* mw_name_sanitize with the given modes (0 means unix, the default). */
MW_API char *mw_name_sanitize_mode(const char *raw, size_t len, int modes);

/* The file name from a Content-Disposition header value (RFC 6266), e.g.
 * `attachment; filename="a b.txt"` or `inline; filename*=UTF-8''%e2%82%ac.txt`:
 *   - any disposition type; parameter names in any case and order; the first
 *     of each wins; quoted strings with \-escapes, or tokens up to ';';
 *   - filename* (RFC 8187) is preferred when usable: UTF-8 or ISO-8859-1
 *     (converted to UTF-8); another charset makes it ignored;
 *   - as wget: only the part after the last '/' or '\' of the value is kept
 *     (the server does not choose directories), and then %XX escapes are
 *     decoded in both forms (wget decodes plain filename too), so an encoded
 *     "a%2fb" becomes "a%2Fb" once sanitized, never a path;
 *   - the result goes through mw_name_sanitize (or _mode with the modes).
 * NULL when there is no usable name: no filename parameter, or one that is
 * empty or only dots and spaces once directories are dropped. Caller frees. */
MW_API char *mw_name_from_disposition(const char *header_value);
/* The same with --restrict-file-names modes (0: unix). */
MW_API char *mw_name_from_disposition_mode(const char *header_value, int modes);

/* wget's -E (--adjust-extension): name with ".html" appended when the type is
 * text/html or application/xhtml+xml (or there is no Content-Type at all:
 * content_type NULL, which wget takes as HTML) and name does not end in .html
 * or .htm (any case: wget's "\.[Hh][Tt][Mm][Ll]?"); ".css" for text/css
 * without .css. Only the text after the last '.' counts, so the query stays:
 * "page.php?x=1" -> "page.php?x=1.html". Parameters (";charset=...") and
 * case in the type are ignored. Nothing changes for the responses wget saves
 * nothing from: status 204 and the redirections 300-303, 307, 308. name is
 * a name from this module. Returns a new string (a copy if unchanged), NULL
 * when name is NULL or out of memory. Caller frees. */
MW_API char *mw_name_adjust_extension(const char *name, const char *content_type, int status);

/* The n-th alternative name wget uses when a file exists: n == 0 gives the
 * name itself, n >= 1 gives "name.n", or with a suffix (the last suffix_len
 * bytes, an extension -E added) "base.n.suffix". Caller frees. */
MW_API char *mw_name_numbered(const char *name, size_t suffix_len, unsigned n);

#endif
