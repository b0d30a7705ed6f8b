/*
 * html.h - escaping text for HTML, SVG (XML), Graphviz DOT and URLs, and
 * writing the
 * files of a static site: names from the input are data, never markup.
 *
 * Ownership: every function appends to a strbuf the caller owns; nothing
 * is kept.
 */
#ifndef HTML_H
#define HTML_H

#include "util.h"

/*
 * The length of the valid UTF-8 sequence the NUL-terminated S starts with
 * (1 to 4), or 0 when S does not start with one or it encodes a
 * non-character (U+FDD0..U+FDEF, U+xFFFE, U+xFFFF): utf8_sequence()
 * (util.h), stricter.
 */
size_t utf8_seq_len(const char *s);

/*
 * Append S escaped for HTML or XML text and attribute values alike:
 * & < > " ' become character references; control characters other than
 * tab and newline (not allowed in XML) and bytes that are not UTF-8
 * become U+FFFD.
 */
void html_escape(struct strbuf *out, const char *s);
/* html_escape of a printf-formatted string. */
void html_escapef(struct strbuf *out, const char *fmt, ...) PRINTF_LIKE(2, 3);

enum dot_quote {
	/* names as they are, for tools that read DOT: '\r' dropped */
	DOT_AS_IS,
	/*
	 * for Graphviz to draw: '&' as "&amp;" (Graphviz reads entities),
	 * tab as a blank, control characters and bytes that are not UTF-8
	 * as U+FFFD
	 */
	DOT_SHOWN,
};

/*
 * Append S as the inside of a DOT double-quoted (escString) string: '"'
 * and '\\' escaped, newline as "\\n"; the rest as MODE says.
 */
void dot_quote(struct strbuf *out, const char *s, enum dot_quote mode);

/*
 * Append S percent-encoded for a URL path or fragment: every byte other
 * than A-Z a-z 0-9 - . _ ~ and (when KEEP_SLASH) '/' becomes %XX.
 */
void url_escape(struct strbuf *out, const char *s, int keep_slash);

/*
 * Expand a source URL template: %f is FILE (percent-encoded, '/' kept),
 * %l LINE, %c COL, %% a percent sign. The result is a URL, not yet
 * escaped for HTML.
 */
void url_expand_source(struct strbuf *out, const char *tmpl, const char *file,
		       int line, int col);
/* Is TMPL a valid source URL template (only %f %l %c %% escapes)? */
int url_template_valid(const char *tmpl);

/* Create directory PATH if it does not exist; -1 with a message. */
int site_mkdir(const char *path);
/*
 * Write the LEN bytes of DATA to DIR/NAME (through a temporary file that
 * is renamed); -1 with a message.
 */
int site_write(const char *dir, const char *name, const void *data, size_t len);

#endif
