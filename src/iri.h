/* iri: internationalised resource identifiers, as wget built with libidn2
 * handles them: host names through IDNA 2008 (UTS #46 mapping, not
 * transitional: "faß.de" is xn--fa-hia.de) and text between charsets
 * through iconv.
 *
 * libidn2 is opened with dlopen the first time a host name is not ASCII,
 * so runs that never meet one do not pay for loading it. */
#ifndef MW_IRI_H
#define MW_IRI_H

#include <stdbool.h>
#include <stddef.h>

/* True when the text has a byte >= 0x80. */
bool mw_iri_has_non_ascii(const char *text);

/* The ASCII (punycode) form of a UTF-8 host name, lower-cased; NULL with
 * the reason in err when it is not a valid IDNA name or libidn2 cannot be
 * loaded. Caller frees. */
char *mw_iri_host_to_ascii(const char *host, char *err, size_t errlen);

/* True when the charset names UTF-8 ("utf-8", "UTF8"; case ignored). */
bool mw_iri_is_utf8(const char *charset);

/* len bytes of text converted from one charset to another, NUL-terminated;
 * NULL when a charset is unknown or the text is not valid in `from`.
 * Caller frees. */
char *mw_iri_convert(const char *text, size_t len, const char *from, const char *to);

/* The value of the first "charset=" in text (a Content-Type, or the inside
 * of a <meta> tag), quotes dropped, into out; false when there is none. */
bool mw_iri_charset_param(const char *text, size_t len, char *out, size_t size);

/* The charset an HTML page names in a <meta charset="..."> or <meta
 * http-equiv="Content-Type" content="...; charset=..."> within its first
 * 4 KiB; false when it names none. */
bool mw_iri_meta_charset(const char *doc, size_t len, char *out, size_t size);

/* len bytes of text in charset converted to UTF-8, with *map (len of the
 * result + 1 entries) giving for each byte of the result the offset of the
 * input byte it came from, so positions found in the result can be
 * carried back to the original. NULL when the charset is unknown or the
 * text is not valid in it. Caller frees both. */
char *mw_iri_to_utf8_mapped(const char *text, size_t len, const char *charset, size_t **map, size_t *out_len);

#endif
