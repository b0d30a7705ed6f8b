/*
 * traces_parse.c - reading console logs: the traces a log prints, their
 * frames and context, and the merging of repeated occurrences.
 */
#include "traces_int.h"
#include "traces_minerva.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum line_kind {
	L_BLANK,
	L_HEADER,  /* "Xen call trace:" */
	L_FRAME,   /* "[<addr>] ..." */
	L_PARTIAL, /* "[<addr" cut off */
	L_PLAIN,   /* one function name or address alone */
	L_COMMENT, /* "# ..." */
	L_NOISE,
};

static int is_hex_text(const char *s, size_t len)
{
	size_t i;

	if (!len)
		return 0;
	for (i = 0; i < len; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* A console timestamp between brackets: digits and date punctuation. */
static int is_timestamp(const char *s, size_t len)
{
	size_t i, digits = 0;

	for (i = 0; i < len; i++) {
		if (isdigit((unsigned char)s[i]))
			digits++;
		else if (!strchr(" .:-T+Z,", s[i]))
			return 0;
	}
	return digits > 0;
}

/* Skip the "(XEN) " prefix and timestamps, in any order. */
static const char *skip_console_prefix(const char *s)
{
	for (;;) {
		const char *close;

		while (*s == ' ' || *s == '\t')
			s++;
		if (!strncmp(s, "(XEN)", 5)) {
			s += 5;
			continue;
		}
		if (*s == '[' && s[1] != '<' && (close = strchr(s, ']')) &&
		    is_timestamp(s + 1, (size_t)(close - s - 1))) {
			s = close + 1;
			continue;
		}
		return s;
	}
}

static int ends_with_nocase(const char *s, const char *suffix)
{
	size_t l = strlen(s), k = strlen(suffix);

	return l >= k && !strcasecmp(s + l - k, suffix);
}

/* A bare address: "0x" and hex digits, or at least 8 hex digits. */
static int parse_address(const char *s, size_t len, uint64_t *addr)
{
	const char *digits = s;

	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		digits += 2;
		len -= 2;
	} else if (len < 8) {
		return 0;
	}
	if (len > 16 || !is_hex_text(digits, len))
		return 0;
	*addr = strtoull(digits, NULL, 16);
	return 1;
}

/* The name of a printed symbol "name+0x1a/0x2c0", or NULL if it is none. */
static char *symbol_name(const char *s, size_t len)
{
	const char *plus = memchr(s, '+', len);
	size_t n = plus ? (size_t)(plus - s) : len, i;
	int letters = 0;

	if (!n || s[n - 1] == ':')
		return NULL;
	if (!isalnum((unsigned char)s[n - 1]) && s[n - 1] != '_')
		return NULL;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (isalpha(c) || c == '_')
			letters = 1;
		else if (!isdigit(c) && !strchr(".#/-$:", c))
			return NULL;
	}
	if (!letters)
		return NULL;
	if (plus && (plus[1] != '0' || (plus[2] != 'x' && plus[2] != 'X')))
		return NULL;
	return xstrndup(s, n);
}

/* Classify line S (prefix removed, trimmed), filling F for frames. */
static enum line_kind classify(const char *s, struct trace_frame *f)
{
	size_t len = strlen(s);

	memset(f, 0, sizeof(*f));
	if (!len)
		return L_BLANK;
	if (s[0] == '#')
		return L_COMMENT;
	if (ends_with_nocase(s, "call trace:"))
		return L_HEADER;
	if (s[0] == '[' && s[1] == '<') {
		const char *p = s + 2, *sym;
		size_t n = strspn(p, "0123456789abcdefABCDEF");

		if (!n || n > 16)
			return L_NOISE;
		if (!p[n])
			return L_PARTIAL;
		if (p[n] != '>' || p[n + 1] != ']')
			return L_NOISE;
		f->addr = strtoull(p, NULL, 16);
		f->has_addr = 1;
		p += n + 2;
		while (*p == ' ')
			p++;
		if (strchr("RFS", *p) && *p && p[1] == ' ') {
			f->mark = *p == 'R'   ? FRAME_R
				  : *p == 'F' ? FRAME_F
					      : FRAME_S;
			p += 2;
			while (*p == ' ')
				p++;
		}
		sym = p;
		n = strcspn(p, " \t");
		p += n;
		while (*p == ' ' || *p == '\t')
			p++;
		if (!strncmp(p, "(PC)", 4))
			f->mark = FRAME_PC;
		else if (!strncmp(p, "(LR)", 4))
			f->mark = FRAME_LR;
		/* Xen prints an address it has no symbol for as the address */
		if (n && !parse_address(sym, n, &(uint64_t){0}) &&
		    !(is_hex_text(sym, n) &&
		      strtoull(sym, NULL, 16) == f->addr))
			f->name = symbol_name(sym, n);
		f->raw = xstrdup(s);
		return L_FRAME;
	}
	if (!strpbrk(s, " \t")) {
		uint64_t addr;

		if (parse_address(s, len, &addr)) {
			f->addr = addr;
			f->has_addr = 1;
		} else if (!(f->name = symbol_name(s, len))) {
			return L_NOISE;
		}
		f->raw = xstrdup(s);
		return L_PLAIN;
	}
	return L_NOISE;
}

static int word_start(const char *s, const char *p)
{
	return p == s || (!isalnum((unsigned char)p[-1]) && p[-1] != '_');
}

static int word_end(const char *p)
{
	return !isalnum((unsigned char)*p) && *p != '_';
}

/* A decimal or 0x number at *P after blanks, '=' or ':'; -1 if none. */
static int64_t number_after(const char *p)
{
	char *end;
	unsigned long long v;

	while (*p == ' ' || *p == '=' || *p == ':')
		p++;
	if (!isdigit((unsigned char)*p))
		return -1;
	errno = 0;
	v = strtoull(p, &end, 0);
	if (errno || !word_end(end) || v > INT64_MAX)
		return -1;
	return (int64_t)v;
}

/*
 * The domain ("d1", "d1v0", "dom1", "domid=1", "domain 1") and the size
 * ("size=96", "96 bytes", "order 2" = 4096 << 2) a console line names.
 */
static void parse_context(const char *s, char **domain, int64_t *size)
{
	const char *p;
	int64_t order = -1;

	for (p = s; *p; p++) {
		if (!word_start(s, p))
			continue;
		if (!*domain && p[0] == 'd' && isdigit((unsigned char)p[1])) {
			const char *q = p + 1;

			while (isdigit((unsigned char)*q))
				q++;
			if (*q == 'v' && isdigit((unsigned char)q[1]))
				for (q++; isdigit((unsigned char)*q); q++)
					;
			if (word_end(q))
				*domain = xstrfmt(
					"d%" PRId64,
					(int64_t)strtoll(p + 1, NULL, 10));
		} else if (!*domain && !strncasecmp(p, "dom", 3)) {
			const char *q = p + 3;
			int64_t v;

			if (!strncasecmp(q, "ain", 3))
				q += 3;
			else if (!strncasecmp(q, "id", 2))
				q += 2;
			v = number_after(q);
			if (v >= 0 && (q != p + 3 ||
				       isdigit((unsigned char)*q) || *q == '='))
				*domain = xstrfmt("d%" PRId64, v);
		} else if (*size < 0 && !strncasecmp(p, "size", 4) &&
			   word_end(p + 4)) {
			*size = number_after(p + 4);
		} else if (order < 0 && !strncasecmp(p, "order", 5) &&
			   word_end(p + 5)) {
			order = number_after(p + 5);
		} else if (*size < 0 && isdigit((unsigned char)*p)) {
			char *end;
			unsigned long long v = strtoull(p, &end, 0);

			while (*end == ' ')
				end++;
			if (!strncasecmp(end, "byte", 4) && v <= INT64_MAX)
				*size = (int64_t)v;
		}
	}
	if (*size < 0 && order >= 0 && order < 40)
		*size = (int64_t)4096 << order;
}

struct parser {
	struct trace_log *log;
	struct trace cur;
	int open;      /* cur is being filled */
	int plain;     /* cur is a plain stack */
	int pending;   /* noise lines since cur's last frame */
	char *context; /* the console line just before, if any */
};

void traces_add_frame(struct trace *t, struct trace_frame *f)
{
	ALLOC_GROW(t->frames, t->nr + 1, t->alloc);
	t->frames[t->nr++] = *f;
	memset(f, 0, sizeof(*f));
}

static const char *trace_format(const struct trace *t, int plain)
{
	size_t i;
	int x86 = 0;

	if (plain)
		return "plain";
	for (i = 0; i < t->nr; i++) {
		if (t->frames[i].mark == FRAME_PC ||
		    t->frames[i].mark == FRAME_LR)
			return "arm";
		if (t->frames[i].mark != FRAME_NONE)
			x86 = 1;
	}
	return x86 ? "x86" : "xen";
}

static void close_trace(struct parser *p)
{
	struct trace *t = &p->cur;

	if (!p->open)
		return;
	p->open = 0;
	if (t->nr < (p->plain ? 2u : 1u)) {
		traces_trace_release(t);
		return;
	}
	t->format = trace_format(t, p->plain);
	t->count = 1;
	ALLOC_GROW(p->log->v, p->log->nr + 1, p->log->alloc);
	p->log->v[p->log->nr++] = *t;
	p->log->occurrences++;
	memset(t, 0, sizeof(*t));
}

static void open_trace(struct parser *p, int plain, int line)
{
	close_trace(p);
	memset(&p->cur, 0, sizeof(p->cur));
	p->cur.line = line;
	p->cur.size = -1;
	if (p->context)
		parse_context(p->context, &p->cur.domain, &p->cur.size);
	p->open = 1;
	p->plain = plain;
	p->pending = 0;
}

static void set_context(struct parser *p, const char *line)
{
	free(p->context);
	p->context = line ? xstrdup(line) : NULL;
}

/* Feed one line (prefix removed, trimmed) to the parser. */
static void parse_line(struct parser *p, const char *s, int lineno, int last)
{
	struct trace_frame f;
	enum line_kind k = classify(s, &f);

	switch (k) {
	case L_HEADER:
		open_trace(p, 0, lineno);
		set_context(p, NULL);
		return;
	case L_FRAME:
		if (!p->open || p->plain)
			open_trace(p, 0, lineno);
		traces_add_frame(&p->cur, &f);
		p->log->noise += (size_t)p->pending;
		p->pending = 0;
		if (last)
			p->cur.truncated = 1;
		set_context(p, NULL);
		return;
	case L_PARTIAL:
		if (p->open && !p->plain) {
			p->cur.truncated = 1;
			close_trace(p);
		}
		set_context(p, NULL);
		return;
	case L_PLAIN:
		if (p->open && !p->plain)
			break; /* noise inside a Xen trace */
		if (!p->open)
			open_trace(p, 1, lineno);
		traces_add_frame(&p->cur, &f);
		set_context(p, NULL);
		return;
	case L_COMMENT:
		if (p->open && p->plain)
			return; /* comments do not end a plain stack */
		break;
	case L_BLANK:
		close_trace(p);
		set_context(p, NULL);
		return;
	case L_NOISE:
		break;
	}
	/* a console line that is not part of a trace */
	traces_frame_release(&f);
	if (p->open && !p->plain && ++p->pending < 2) {
		/* one line of another CPU's output inside a trace */
		set_context(p, s);
		return;
	}
	if (p->open && !p->plain)
		p->pending = 0;
	close_trace(p);
	set_context(p, s);
}

int traces_parse(const char *path, const char *buf, size_t len,
		 struct trace_log *out)
{
	struct parser p;
	struct strbuf line = STRBUF_INIT;
	size_t pos = 0;
	int lineno = 0;
	uint64_t h = fnv64(FNV64_INIT, buf, len);

	memset(out, 0, sizeof(*out));
	out->path = xstrdup(path);
	snprintf(out->hash, sizeof(out->hash), "%016" PRIx64, h);
	if (traces_minerva_detect(buf, len)) {
		if (!traces_minerva_parse(path, buf, len, out))
			return 0;
		trace_log_release(out);
		return -1;
	}
	memset(&p, 0, sizeof(p));
	p.log = out;
	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (buf + pos)) : len - pos;
		const char *s;
		size_t sl;

		lineno++;
		if (memchr(buf + pos, '\0', n)) {
			error("%s:%d: not a text log (NUL byte)", path, lineno);
			goto fail;
		}
		strbuf_reset(&line);
		strbuf_add(&line, buf + pos, n);
		pos += n + (nl != NULL);
		s = skip_console_prefix(strbuf_str(&line));
		sl = strlen(s);
		while (sl && isspace((unsigned char)s[sl - 1]))
			sl--;
		line.buf[(size_t)(s - line.buf) + sl] = '\0';
		parse_line(&p, s, lineno, !nl);
	}
	close_trace(&p);
	free(p.context);
	strbuf_release(&line);
	return 0;
fail:
	traces_trace_release(&p.cur);
	free(p.context);
	strbuf_release(&line);
	trace_log_release(out);
	return -1;
}

int traces_read_file(const char *path, struct trace_log *out)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	if (strbuf_read_path(&sb, path, NULL, 0)) {
		strbuf_release(&sb);
		return -1;
	}
	ret = traces_parse(path, strbuf_str(&sb), sb.len, out);
	strbuf_release(&sb);
	return ret;
}

static uint64_t trace_hash(const struct trace *t)
{
	uint64_t h = FNV64_INIT;
	size_t i;

	for (i = 0; i < t->nr; i++) {
		const struct trace_frame *f = &t->frames[i];
		char addr[32];

		if (i)
			h = fnv64(h, "\n", 1);
		if (f->name) {
			h = fnv64(h, f->name, strlen(f->name));
		} else {
			snprintf(addr, sizeof(addr), "0x%" PRIx64, f->addr);
			h = fnv64(h, addr, strlen(addr));
		}
	}
	return h;
}

static int same_occurrence(const struct trace *a, const struct trace *b)
{
	if (a->hash != b->hash || a->size != b->size ||
	    a->truncated != b->truncated || a->nr != b->nr)
		return 0;
	if (!a->domain || !b->domain)
		return !a->domain && !b->domain;
	return !strcmp(a->domain, b->domain);
}

static int cmp_occurrence(const void *x, const void *y)
{
	const struct trace *a = x, *b = y;

	CMP_BY(a, b, hash);
	CMP_BY(a, b, size);
	if (a->truncated != b->truncated)
		return a->truncated - b->truncated;
	if (!a->domain != !b->domain)
		return a->domain ? 1 : -1;
	if (a->domain && strcmp(a->domain, b->domain))
		return strcmp(a->domain, b->domain);
	if (!a->verdict != !b->verdict)
		return a->verdict ? 1 : -1;
	if (a->verdict && strcmp(a->verdict, b->verdict))
		return strcmp(a->verdict, b->verdict);
	return a->line - b->line;
}

static int cmp_line(const void *x, const void *y)
{
	const struct trace *a = x, *b = y;

	return a->line - b->line;
}

void traces_merge(struct trace_log *log)
{
	size_t i, k = 0;

	if (!log->nr)
		return;
	for (i = 0; i < log->nr; i++)
		log->v[i].hash = trace_hash(&log->v[i]);
	qsort(log->v, log->nr, sizeof(*log->v), cmp_occurrence);
	for (i = 0; i < log->nr; i++) {
		if (k && same_occurrence(&log->v[k - 1], &log->v[i])) {
			log->v[k - 1].count += log->v[i].count;
			traces_trace_release(&log->v[i]);
			continue;
		}
		log->v[k++] = log->v[i];
	}
	log->nr = k;
	qsort(log->v, log->nr, sizeof(*log->v), cmp_line);
}
