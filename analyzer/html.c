/*
 * html.c - escaping for HTML, SVG, Graphviz DOT and URLs, and writing a
 * site's files.
 */
#include "html.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define REPLACEMENT "\xef\xbf\xbd" /* U+FFFD */

size_t utf8_seq_len(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = utf8_sequence(s, s + strnlen(str, 4)), i;
	uint32_t cp;

	if (n < 3)
		return n;
	/* what utf8_sequence() accepts, less the non-characters */
	cp = s[0] & (n == 3 ? 0x0f : 0x07);
	for (i = 1; i < n; i++)
		cp = (cp << 6) | (s[i] & 0x3f);
	if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe)
		return 0;
	return n;
}

/* The ASCII characters HTML spells as entities. */
static const char *const html_entities[128] = {
	['&'] = "&amp;",  ['<'] = "&lt;",   ['>'] = "&gt;",
	['"'] = "&quot;", ['\''] = "&#39;",
};

void html_escape(struct strbuf *out, const char *s)
{
	while (*s) {
		unsigned char c = (unsigned char)*s;
		size_t n = c < 0x80 ? 1 : utf8_seq_len(s);

		if (c < 0x80 && html_entities[c])
			strbuf_addstr(out, html_entities[c]);
		else if (c == '\t' || c == '\n')
			strbuf_addch(out, c);
		else if (c < 0x20 || c == 0x7f || !n)
			strbuf_addstr(out, REPLACEMENT);
		else
			strbuf_add(out, s, n);
		s += n ? n : 1;
	}
}

void html_escapef(struct strbuf *out, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	html_escape(out, strbuf_str(&sb));
	strbuf_release(&sb);
}

/* The length of the run at S that dot_quote() copies as it is. */
static size_t dot_plain(const char *s, enum dot_quote mode)
{
	const unsigned char *p = (const unsigned char *)s;

	if (mode == DOT_AS_IS)
		return strcspn(s, "\"\\\n\r");
	while (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\' && *p != '&')
		p++;
	return (size_t)(p - (const unsigned char *)s);
}

void dot_quote(struct strbuf *out, const char *s, enum dot_quote mode)
{
	for (;;) {
		unsigned char c;
		size_t n = dot_plain(s, mode);

		strbuf_add(out, s, n); /* plain runs in one go: export is hot */
		s += n;
		c = (unsigned char)*s;
		if (!c)
			return;
		if (c == '"' || c == '\\') {
			strbuf_addch(out, '\\');
			strbuf_addch(out, c);
		} else if (c == '\n') {
			strbuf_addstr(out, "\\n");
		} else if (mode == DOT_AS_IS) {
			; /* '\r' is dropped */
		} else if (c == '&') {
			strbuf_addstr(out, "&amp;");
		} else if (c == '\t') {
			strbuf_addch(out, ' ');
		} else if (c < 0x20 || c == 0x7f || !(n = utf8_seq_len(s))) {
			strbuf_addstr(out, REPLACEMENT);
		} else {
			strbuf_add(out, s, n);
			s += n;
			continue;
		}
		s++;
	}
}

void url_escape(struct strbuf *out, const char *s, int keep_slash)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~' || (keep_slash && c == '/')) {
			strbuf_addch(out, c);
			continue;
		}
		strbuf_addch(out, '%');
		strbuf_addch(out, hex[c >> 4]);
		strbuf_addch(out, hex[c & 15]);
	}
}

int url_template_valid(const char *tmpl)
{
	for (; *tmpl; tmpl++) {
		if (*tmpl != '%')
			continue;
		tmpl++;
		if (*tmpl != 'f' && *tmpl != 'l' && *tmpl != 'c' &&
		    *tmpl != '%')
			return 0;
	}
	return 1;
}

void url_expand_source(struct strbuf *out, const char *tmpl, const char *file,
		       int line, int col)
{
	for (; *tmpl; tmpl++) {
		if (*tmpl != '%' || !tmpl[1]) {
			strbuf_addch(out, *tmpl);
			continue;
		}
		switch (*++tmpl) {
		case 'f':
			url_escape(out, skip_dot_slash(file), 1);
			break;
		case 'l':
			strbuf_addf(out, "%d", line);
			break;
		case 'c':
			strbuf_addf(out, "%d", col);
			break;
		default:
			strbuf_addch(out, *tmpl);
		}
	}
}

int site_mkdir(const char *path)
{
	struct stat st;

	if (!mkdir(path, 0777))
		return 0;
	if (errno == EEXIST && !stat(path, &st) && S_ISDIR(st.st_mode))
		return 0;
	return error("cannot create directory '%s': %s", path, strerror(errno));
}

struct buffer {
	const void *data;
	size_t len;
};

static int write_buffer(FILE *fp, const void *ctx)
{
	const struct buffer *b = ctx;

	if (b->len && fwrite(b->data, 1, b->len, fp) != b->len)
		return error("cannot write: %s", strerror(errno));
	return 0;
}

int site_write(const char *dir, const char *name, const void *data, size_t len)
{
	char *path = xstrfmt("%s/%s", dir, name);
	struct buffer b = {data, len};
	int ret = replace_file(path, write_buffer, &b);

	free(path);
	return ret;
}
