/*
 * traces_minerva.c - reading reviewed traces in Minerva's block format
 * (see traces_minerva.h) into struct trace, innermost frame first as Xen
 * prints its own traces.
 */
#include "traces_minerva.h"
#include "traces.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char marker[] = "// MINERVA:";

/* LINE without leading blanks starts with the marker? */
static const char *after_marker(const char *line)
{
	while (*line == ' ' || *line == '\t')
		line++;
	return strncmp(line, marker, sizeof(marker) - 1)
		       ? NULL
		       : line + sizeof(marker) - 1;
}

int traces_minerva_detect(const char *buf, size_t len)
{
	size_t pos = 0;

	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (buf + pos)) : len - pos;
		const char *p = buf + pos;

		while (n && (*p == ' ' || *p == '\t')) {
			p++;
			n--;
		}
		if (n >= sizeof(marker) - 1 &&
		    !memcmp(p, marker, sizeof(marker) - 1))
			return 1;
		pos += n + (size_t)(p - (buf + pos)) + (nl != NULL);
	}
	return 0;
}

struct block {
	int open, line;
	struct trace t;	    /* frames outermost first while reading */
	struct strbuf note; /* the reason: note and comments */
};

/* "KEY : VALUE" with KEY (case-insensitive) at the start of S: VALUE. */
static const char *field(const char *s, const char *key)
{
	size_t n = strlen(key);

	if (strncasecmp(s, key, n))
		return NULL;
	for (s += n; *s == ' ' || *s == '\t'; s++)
		;
	if (*s != ':')
		return NULL;
	for (s++; *s == ' ' || *s == '\t'; s++)
		;
	return s;
}

/* A number, optionally followed by "B"; -1 when malformed. */
static int64_t number(const char *s, int unit)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (end == s || errno || v < 0)
		return -1;
	while (*end == ' ' || *end == '\t')
		end++;
	if (unit && *end == 'B')
		end++;
	return *end ? -1 : (int64_t)v;
}

static int is_symbol(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("_.#$:-+/", *s))
			return 0;
	return 1;
}

static void add_frame(struct trace *t, const char *s)
{
	struct trace_frame *f;
	const char *plus = strchr(s, '+');

	ALLOC_GROW(t->frames, t->nr + 1, t->alloc);
	f = &t->frames[t->nr++];
	memset(f, 0, sizeof(*f));
	f->raw = xstrdup(s);
	f->name = plus ? xstrndup(s, (size_t)(plus - s)) : xstrdup(s);
}

static void block_release(struct block *b)
{
	size_t i;

	for (i = 0; i < b->t.nr; i++) {
		free(b->t.frames[i].raw);
		free(b->t.frames[i].name);
	}
	free(b->t.frames);
	free(b->t.domain);
	free(b->t.verdict);
	free(b->t.reason);
	memset(&b->t, 0, sizeof(b->t));
	strbuf_release(&b->note);
	b->open = 0;
}

/* Close block B into OUT; -1 (reported) when it has no frame. */
static int close_block(const char *path, struct block *b, struct trace_log *out)
{
	struct trace *t = &b->t;
	size_t i;

	if (!b->open)
		return 0;
	if (!t->nr) {
		block_release(b);
		return error("%s:%d: a MINERVA block with no frame", path,
			     b->line);
	}
	b->open = 0;
	/* the allocator is repeated as the last frame */
	if (t->nr > 1 &&
	    !strcmp(t->frames[t->nr - 1].name, t->frames[t->nr - 2].name)) {
		free(t->frames[t->nr - 1].raw);
		free(t->frames[t->nr - 1].name);
		t->nr--;
	}
	for (i = 0; i < t->nr / 2; i++) {
		struct trace_frame tmp = t->frames[i];

		t->frames[i] = t->frames[t->nr - 1 - i];
		t->frames[t->nr - 1 - i] = tmp;
	}
	t->format = "minerva";
	t->line = b->line;
	if (!t->count)
		t->count = 1;
	if (b->note.len && b->note.buf[b->note.len - 1] == ';')
		b->note.buf[--b->note.len] = '\0';
	t->reason = b->note.len ? strbuf_detach(&b->note) : NULL;
	strbuf_release(&b->note);
	ALLOC_GROW(out->v, out->nr + 1, out->alloc);
	out->v[out->nr++] = *t;
	out->occurrences += t->count;
	memset(t, 0, sizeof(*t));
	return 0;
}

static void add_note(struct strbuf *sb, const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (!n)
		return;
	if (sb->len)
		strbuf_addch(sb, ' ');
	strbuf_add(sb, s, n);
}

/* Open a block at the marker line REST (after "// MINERVA:"). */
static void open_block(struct block *b, const char *rest, int line)
{
	const char *w, *e;

	memset(&b->t, 0, sizeof(b->t));
	strbuf_init(&b->note);
	b->open = 1;
	b->line = line;
	b->t.size = -1;
	for (w = rest; *w == ' ' || *w == '\t'; w++)
		;
	for (e = w; *e && !isspace((unsigned char)*e) && *e != '('; e++)
		;
	b->t.verdict =
		e > w ? xstrndup(w, (size_t)(e - w)) : xstrdup("UNDECIDED");
	for (; *e == ' ' || *e == '\t'; e++)
		;
	if (*e == '(') {
		const char *close = strrchr(e, ')');

		add_note(&b->note, e + 1,
			 close ? (size_t)(close - e - 1) : strlen(e + 1));
		if (b->note.len)
			strbuf_addch(&b->note, ';'); /* before the comments */
	} else {
		add_note(&b->note, e, strlen(e));
	}
}

static int parse_line(const char *path, struct block *b, char *s, int line,
		      struct trace_log *out)
{
	const char *v;
	size_t n = strlen(s);
	int64_t x;

	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	while (*s == ' ' || *s == '\t')
		s++;
	if ((v = after_marker(s))) {
		if (close_block(path, b, out))
			return -1;
		open_block(b, v, line);
		return 0;
	}
	if (!*s)
		return close_block(path, b, out);
	if (!b->open)
		return 0; /* text between blocks */
	if (!strncmp(s, "//", 2)) {
		add_note(&b->note, s + 2, strlen(s + 2));
	} else if ((v = field(s, "Domain"))) {
		free(b->t.domain);
		b->t.domain = xstrdup(v);
	} else if ((v = field(s, "Occurrences"))) {
		if ((x = number(v, 0)) < 0)
			return error("%s:%d: bad occurrences '%s'", path, line,
				     v);
		b->t.count = (uint64_t)x;
	} else if ((v = field(s, "Total size"))) {
		if ((b->t.size = number(v, 1)) < 0)
			return error("%s:%d: bad total size '%s'", path, line,
				     v);
	} else if (n > 2 && !strcmp(s + n - 2, "()") && !b->t.nr) {
		/* a header naming the allocator */
	} else if (is_symbol(s)) {
		add_frame(&b->t, s);
	} else {
		return error("%s:%d: not a frame of a MINERVA block: '%s'",
			     path, line, s);
	}
	return 0;
}

int traces_minerva_parse(const char *path, const char *buf, size_t len,
			 struct trace_log *out)
{
	struct block b;
	struct strbuf line = STRBUF_INIT;
	size_t pos = 0;
	int lineno = 0, ret = 0;

	memset(&b, 0, sizeof(b));
	while (!ret && pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (buf + pos)) : len - pos;

		lineno++;
		if (memchr(buf + pos, '\0', n)) {
			ret = error("%s:%d: not a text log (NUL byte)", path,
				    lineno);
			break;
		}
		strbuf_reset(&line);
		strbuf_add(&line, buf + pos, n);
		pos += n + (nl != NULL);
		ret = parse_line(path, &b, line.buf, lineno, out);
	}
	if (!ret)
		ret = close_block(path, &b, out);
	if (b.open)
		block_release(&b);
	strbuf_release(&line);
	return ret;
}
