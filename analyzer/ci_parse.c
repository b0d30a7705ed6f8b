/*
 * ci_parse.c - parser for GCC's VCG call-graph (.ci) files.
 *
 * The grammar GCC writes is small: a top-level "graph: { ... }" holding
 * "name: value" attributes and nested "node: { ... }" / "edge: { ... }"
 * objects. Attributes we do not know are skipped, so that other GCC versions
 * keep working; structural damage is an error with the file and line.
 */
#include "ci_parse.h"
#include "hashmap.h"
#include "util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define ARENA_BLOCK (64 * 1024)
#define MAX_DEPTH   32

struct ci_arena_block {
	struct ci_arena_block *next;
	size_t used, size;
	char data[];
};

static char *arena_alloc(struct ci_unit *u, size_t n)
{
	struct ci_arena_block *b = u->arena;

	if (!b || b->size - b->used < n) {
		size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;

		b = xmalloc(sizeof(*b) + size);
		b->size = size;
		b->used = 0;
		b->next = u->arena;
		u->arena = b;
	}
	b->used += n;
	return b->data + b->used - n;
}

void ci_unit_release(struct ci_unit *u)
{
	struct ci_arena_block *b = u->arena, *next;

	for (; b; b = next) {
		next = b->next;
		free(b);
	}
	free(u->nodes);
	free(u->edges);
	memset(u, 0, sizeof(*u));
}

enum tok_type { T_EOF, T_LBRACE, T_RBRACE, T_COLON, T_STRING, T_WORD };

struct lexer {
	const char *path;
	const char *p, *end;
	const char *line_start;
	int line;
	struct ci_unit *unit;
	/* the current token */
	enum tok_type type;
	const char *text; /* T_STRING (decoded, in the arena) or T_WORD */
	size_t text_len;
	int tok_line;
	unsigned char cls[256]; /* CC_* of each byte */
};

enum char_class {
	CC_WORD = 1 << 0,   /* in a bare word */
	CC_STRING = 1 << 1, /* stops the scan of a string */
	CC_SPACE = 1 << 2,  /* between tokens */
};

static int lex_error(struct lexer *lx, int line, const char *msg)
{
	return error("%s:%d: %s", lx->path, line, msg);
}

static int newline(struct lexer *lx, const char *nl)
{
	if (nl - lx->line_start > CI_MAX_LINE)
		return lex_error(lx, lx->line,
				 "line too long (more than 1 MiB)");
	lx->line++;
	lx->line_start = nl + 1;
	return 0;
}

static int check_line_length(struct lexer *lx)
{
	if (lx->p - lx->line_start > CI_MAX_LINE)
		return lex_error(lx, lx->line,
				 "line too long (more than 1 MiB)");
	return 0;
}

/*
 * Whether the quote before P ends a string: it does when what follows is
 * the end of the line or of the object, or the next "key: " (or "key : ").
 * GCC does not escape a quote in a file name (title: "we"ird.c"), so any
 * other quote is taken as part of the string.
 */
static int closes_string(const struct lexer *lx, const char *p)
{
	const char *end = lx->end;
	const unsigned char *cls = lx->cls;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p >= end || *p == '\n' || *p == '\r' || *p == '}')
		return 1;
	if (!(cls[(unsigned char)*p] & CC_WORD))
		return 0;
	while (p < end && (cls[(unsigned char)*p] & CC_WORD))
		p++;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p + 1 < end && p[0] == ':' && (p[1] == ' ' || p[1] == '\t');
}

/* Whether a byte of word X is zero, or equal to byte C (a SWAR test). */
#define ONES	       0x0101010101010101ULL
#define HIGHS	       0x8080808080808080ULL
#define HAS_ZERO(x)    (((x) - ONES) & ~(x) & HIGHS)
#define HAS_BYTE(x, c) HAS_ZERO((x) ^ (ONES * (unsigned char)(c)))

/*
 * The first byte from Q on that stops the scan of a string (CC_STRING),
 * or END: sixteen bytes at a time where SSE2 is (every x86-64), else
 * eight (a SWAR test), while none of them can, then one by one. Most of a
 * .ci file is the text of its strings.
 */
static const char *skip_string_text(const struct lexer *lx, const char *q)
{
#ifdef __SSE2__
	const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
	const __m128i nl = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();

	while (lx->end - q >= 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)q);
		__m128i hit = _mm_or_si128(
			_mm_or_si128(_mm_cmpeq_epi8(x, quote),
				     _mm_cmpeq_epi8(x, bslash)),
			_mm_or_si128(_mm_cmpeq_epi8(x, nl),
				     _mm_cmpeq_epi8(x, zero)));
		/* a byte past ASCII has its top bit set already */
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(hit, x));

		if (m)
			return q + __builtin_ctz(m);
		q += 16;
	}
#endif
	while (lx->end - q >= 8) {
		uint64_t x;

		memcpy(&x, q, sizeof(x));
		if ((x & HIGHS) || HAS_ZERO(x) || HAS_BYTE(x, '"') ||
		    HAS_BYTE(x, '\\') || HAS_BYTE(x, '\n'))
			break;
		q += 8;
	}
	while (q < lx->end && !(lx->cls[(unsigned char)*q] & CC_STRING))
		q++;
	return q;
}

/*
 * Copy the text of a string, [S, END), to OUT with its escapes decoded
 * (\n, \" and \\; any other backslash is kept as it is), then a NUL:
 * the NUL's place. Without ESCAPES the text has no backslash to look for.
 */
static char *decode_string(char *out, const char *s, const char *end,
			   int escapes)
{
	const char *bs;

	while (escapes && (bs = memchr(s, '\\', (size_t)(end - s)))) {
		memcpy(out, s, (size_t)(bs - s));
		out += bs - s;
		s = bs + 1;
		if (s < end && (*s == 'n' || *s == '"' || *s == '\\')) {
			*out++ = *s == 'n' ? '\n' : *s;
			s++;
		} else {
			*out++ = '\\';
		}
	}
	memcpy(out, s, (size_t)(end - s));
	out += end - s;
	*out = '\0';
	return out;
}

/* Not inlined: lex() stays small for the punctuation and words. */
static __attribute__((noinline)) int lex_string(struct lexer *lx)
{
	const char *s = lx->p + 1, *q = s;
	char *out, *o;
	int start_line = lx->line, escapes = 0, quotes = 0;

	for (;;) {
		q = skip_string_text(lx, q);
		if (q >= lx->end)
			break;
		if (*q == '"') {
			if (closes_string(lx, q + 1))
				break;
			/* GCC writes a quote in a file name as it is */
			quotes = 1;
			if (lx->line != start_line)
				break; /* not on one line: unbalanced */
			q++;
			continue;
		}
		if ((unsigned char)*q >= 0x80) {
			/* names are text: anything else cannot be shown */
			size_t n =
				utf8_sequence((const unsigned char *)q,
					      (const unsigned char *)lx->end);
			char msg[64];

			if (n) {
				q += n;
				continue;
			}
			snprintf(
				msg, sizeof(msg),
				"a string that is not UTF-8 text (byte 0x%02x)",
				(unsigned char)*q);
			return lex_error(lx, lx->line, msg);
		}
		if (*q == '\\') {
			escapes = 1;
			/* an escaped byte past ASCII is checked as UTF-8 */
			if (q + 1 < lx->end && (unsigned char)q[1] < 0x80)
				q++;
		}
		if (*q == '\0')
			return lex_error(lx, lx->line,
					 "binary data (NUL byte)");
		if (*q == '\n') {
			if (quotes)
				break; /* a quote in a name closes on its line */
			if (newline(lx, q))
				return -1;
		}
		q++;
	}
	if (q >= lx->end || *q != '"' || (quotes && lx->line != start_line))
		return lex_error(lx, start_line, "unterminated string");
	out = arena_alloc(lx->unit, (size_t)(q - s) + 1);
	o = decode_string(out, s, q, escapes);
	lx->type = T_STRING;
	lx->text = out;
	lx->text_len = (size_t)(o - out);
	lx->p = q + 1;
	return check_line_length(lx);
}

static void init_classes(unsigned char *cls)
{
	static const char word[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		"0123456789_.-+";
	const char *p;
	int c;

	memset(cls, 0, 256);
	for (p = word; *p; p++)
		cls[(unsigned char)*p] |= CC_WORD;
	for (c = 0x80; c < 256; c++)
		cls[c] |= CC_STRING; /* checked to be UTF-8 */
	for (p = " \t\r\f\v\n"; *p; p++)
		cls[(unsigned char)*p] |= CC_SPACE;
	cls['"'] |= CC_STRING;
	cls['\\'] |= CC_STRING;
	cls['\n'] |= CC_STRING;
	cls[0] |= CC_STRING;
}

static int is_word_char(const struct lexer *lx, int c)
{
	return lx->cls[c] & CC_WORD;
}

static int lex(struct lexer *lx)
{
	const char *p = lx->p, *end = lx->end;

	for (;; p++) {
		if (p >= end) {
			lx->p = p;
			lx->type = T_EOF;
			lx->tok_line = lx->line;
			return check_line_length(lx);
		}
		if (*p == ' ') /* most of the space */
			continue;
		if (!(lx->cls[(unsigned char)*p] & CC_SPACE))
			break;
		if (*p == '\n' && newline(lx, p))
			return -1;
	}
	lx->p = p;
	lx->tok_line = lx->line;
	switch (*p) {
	case '{':
		lx->type = T_LBRACE;
		lx->p++;
		return 0;
	case '}':
		lx->type = T_RBRACE;
		lx->p++;
		return 0;
	case ':':
		lx->type = T_COLON;
		lx->p++;
		return 0;
	case '"':
		return lex_string(lx);
	case '\0':
		return lex_error(lx, lx->line, "binary data (NUL byte)");
	}
	if (is_word_char(lx, (unsigned char)*p)) {
		const unsigned char *cls = lx->cls;
		const char *s = p;

		while (++p < end && (cls[(unsigned char)*p] & CC_WORD))
			;
		lx->p = p;
		lx->type = T_WORD;
		lx->text = s;
		lx->text_len = (size_t)(p - s);
		return check_line_length(lx);
	}
	if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
		return lex_error(lx, lx->line, "binary data");
	{
		char msg[64];

		snprintf(msg, sizeof(msg), "unexpected character '%c'", *p);
		return lex_error(lx, lx->line, msg);
	}
}

static int word_is(const struct lexer *lx, const char *w)
{
	return lx->type == T_WORD && lx->text_len == strlen(w) &&
	       !memcmp(lx->text, w, lx->text_len);
}

static const char *tok_desc(const struct lexer *lx)
{
	switch (lx->type) {
	case T_EOF:
		return "end of file";
	case T_LBRACE:
		return "'{'";
	case T_RBRACE:
		return "'}'";
	case T_COLON:
		return "':'";
	case T_STRING:
		return "a string";
	case T_WORD:
		return "a word";
	}
	return "?";
}

static int expect(struct lexer *lx, enum tok_type t, const char *what)
{
	char msg[128];

	if (lx->type == t)
		return 0;
	if (lx->type == T_EOF)
		snprintf(msg, sizeof(msg),
			 "unexpected end of file, expected %s", what);
	else
		snprintf(msg, sizeof(msg), "expected %s, found %s", what,
			 tok_desc(lx));
	return lex_error(lx, lx->tok_line, msg);
}

enum obj_kind { OBJ_GRAPH, OBJ_NODE, OBJ_EDGE, OBJ_OTHER };

struct obj {
	enum obj_kind kind;
	int line;
	const char *title, *label, *shape, *source, *target;
};

static const char *value_text(struct lexer *lx)
{
	char *s;

	if (lx->type == T_STRING)
		return lx->text;
	s = arena_alloc(lx->unit, lx->text_len + 1);
	memcpy(s, lx->text, lx->text_len);
	s[lx->text_len] = '\0';
	return s;
}

static void set_attr(struct obj *o, const char *key, size_t klen,
		     const char *val)
{
#define KEY(k) (klen == sizeof(k) - 1 && !memcmp(key, k, klen))
	if (KEY("title"))
		o->title = val;
	else if (KEY("label"))
		o->label = val;
	else if (KEY("shape"))
		o->shape = val;
	else if (KEY("sourcename"))
		o->source = val;
	else if (KEY("targetname"))
		o->target = val;
#undef KEY
}

static int finish_object(struct lexer *lx, struct obj *o, int depth)
{
	struct ci_unit *u = lx->unit;

	switch (o->kind) {
	case OBJ_GRAPH:
		if (depth == 0) {
			if (!o->title)
				return lex_error(lx, o->line,
						 "graph without a title");
			u->title = o->title;
		}
		return 0;
	case OBJ_NODE:
		if (!o->title)
			return lex_error(lx, o->line, "node without a title");
		if (!*o->title)
			return lex_error(lx, o->line,
					 "node with an empty title");
		ALLOC_GROW(u->nodes, u->nr_nodes + 1, u->alloc_nodes);
		u->nodes[u->nr_nodes].title = o->title;
		u->nodes[u->nr_nodes].label = o->label;
		u->nodes[u->nr_nodes].declared_only =
			o->shape && !strcmp(o->shape, "ellipse");
		u->nodes[u->nr_nodes].line = o->line;
		u->nr_nodes++;
		return 0;
	case OBJ_EDGE:
		if (!o->source || !*o->source)
			return lex_error(lx, o->line,
					 "edge without a sourcename");
		if (!o->target || !*o->target)
			return lex_error(lx, o->line,
					 "edge without a targetname");
		ALLOC_GROW(u->edges, u->nr_edges + 1, u->alloc_edges);
		u->edges[u->nr_edges].source = o->source;
		u->edges[u->nr_edges].target = o->target;
		u->edges[u->nr_edges].label = o->label;
		u->edges[u->nr_edges].line = o->line;
		u->nr_edges++;
		return 0;
	case OBJ_OTHER:
		return 0;
	}
	return 0;
}

/*
 * Match LEAD (LEN bytes) at P, then the text of a string up to its
 * closing quote (into S and N; ESC set when it has escapes, not
 * decoded): the quote, or NULL to leave the object to the tokens.
 * Inlined, so that each LEAD is compared as the constant it is.
 */
static inline __attribute__((always_inline)) const char *
fast_string(const struct lexer *lx, const char *p, const char *lead, size_t len,
	    const char **s, size_t *n, int *esc)
{
	if (!p || (size_t)(lx->end - p) < len || memcmp(p, lead, len))
		return NULL;
	*s = p += len;
	*esc = 0;
	for (;;) {
		p = skip_string_text(lx, p);
		if (p + 1 >= lx->end)
			return NULL;
		if (*p == '"')
			break;
		if (*p != '\\' || p[1] != 'n')
			return NULL;
		*esc = 1;
		p += 2;
	}
	*n = (size_t)(p - *s);
	return p;
}

#define FAST_STRING(p, lead, k)                                                \
	fast_string(lx, p, lead, sizeof(lead) - 1, &s[k], &n[k], &esc[k])
#define FAST_END(p, text) fast_end(lx, p, text, sizeof(text) - 1)

/* After TEXT (LEN bytes) at P, or NULL when P is not at TEXT. */
static inline __attribute__((always_inline)) const char *
fast_end(const struct lexer *lx, const char *p, const char *text, size_t len)
{
	if ((size_t)(lx->end - p) < len || memcmp(p, text, len))
		return NULL;
	return p + len;
}

/*
 * Most of a .ci file is nodes and edges, each on a line of its own as GCC
 * writes them:
 *
 *   node: { title: "T" label: "T\nfile:1:2\n..." }
 *   node: { title: "T" label: "T\nfile:1:2" shape : ellipse }
 *   edge: { sourcename: "A" targetname: "B" label: "file:1:2" }
 *
 * Read right after its "node:" or "edge:", such an object is stored
 * without tokens. Anything else (another attribute or spacing, a quote,
 * an escape other than \n, a byte past ASCII or a newline in a string)
 * is left to the tokens, nothing read, so that what is stored is what
 * they would store.
 *
 * fast_object() reads the object of KIND (OBJ_NODE or OBJ_EDGE) at lx->p
 * so: 1 when it did (and stored it), 0 when it leaves it to the tokens,
 * -1 on error.
 */
static int fast_object(struct lexer *lx, enum obj_kind kind)
{
	const char *p = lx->p, *end = NULL, *s[3];
	const char **to[3];
	size_t n[3], k, nr, total = 0;
	int esc[3];
	struct obj o = {kind, lx->line, 0, 0, 0, 0, 0};
	char *out;

	if (kind == OBJ_NODE) {
		p = FAST_STRING(p, " { title: \"", 0);
		p = FAST_STRING(p, "\" label: \"", 1);
		if (p && !(end = FAST_END(p, "\" }")) &&
		    (end = FAST_END(p, "\" shape : ellipse }")))
			o.shape = "ellipse";
		to[0] = &o.title;
		to[1] = &o.label;
		nr = 2;
	} else {
		p = FAST_STRING(p, " { sourcename: \"", 0);
		p = FAST_STRING(p, "\" targetname: \"", 1);
		p = FAST_STRING(p, "\" label: \"", 2);
		if (p)
			end = FAST_END(p, "\" }");
		to[0] = &o.source;
		to[1] = &o.target;
		to[2] = &o.label;
		nr = 3;
	}
	/* the tokens check the line's length */
	if (!end || end - lx->line_start > CI_MAX_LINE)
		return 0;
	lx->p = end;
	for (k = 0; k < nr; k++)
		total += n[k] + 1;
	out = arena_alloc(lx->unit, total);
	for (k = 0; k < nr; k++) {
		*to[k] = out;
		out = decode_string(out, s[k], s[k] + n[k], esc[k]) + 1;
	}
	return finish_object(lx, &o, 1) ? -1 : 1;
}

#undef FAST_STRING
#undef FAST_END

/* Parse "{ key: value ... }" after the opening brace has been consumed. */
static int parse_object(struct lexer *lx, struct obj *o, int depth)
{
	if (depth > MAX_DEPTH)
		return lex_error(lx, lx->tok_line, "objects nested too deeply");
	for (;;) {
		const char *key;
		size_t klen;

		if (lex(lx))
			return -1;
		if (lx->type == T_RBRACE)
			return finish_object(lx, o, depth);
		if (lx->type == T_EOF)
			return lex_error(lx, o->line,
					 "unexpected end of file: '{' opened "
					 "here is not closed");
		if (expect(lx, T_WORD, "an attribute name"))
			return -1;
		key = lx->text;
		klen = lx->text_len;
		/* "key:", the colon right after the key: no need to lex it */
		if (lx->p < lx->end && *lx->p == ':') {
			lx->p++;
			lx->type = T_COLON;
		} else if (lex(lx) || expect(lx, T_COLON, "':'")) {
			return -1;
		}
		if (o->kind == OBJ_GRAPH && klen == 4 &&
		    (!memcmp(key, "node", 4) || !memcmp(key, "edge", 4))) {
			int fast = fast_object(lx, *key == 'n' ? OBJ_NODE
							       : OBJ_EDGE);

			if (fast < 0)
				return -1;
			if (fast)
				continue;
		}
		if (lex(lx))
			return -1;
		if (lx->type == T_LBRACE) {
			struct obj child = {OBJ_OTHER, lx->tok_line, 0, 0, 0, 0,
					    0};

			if (klen == 4 && !memcmp(key, "node", 4))
				child.kind = OBJ_NODE;
			else if (klen == 4 && !memcmp(key, "edge", 4))
				child.kind = OBJ_EDGE;
			if (o->kind != OBJ_GRAPH && child.kind != OBJ_OTHER)
				return lex_error(
					lx, lx->tok_line,
					"node or edge outside a graph");
			if (parse_object(lx, &child, depth + 1))
				return -1;
			continue;
		}
		if (lx->type != T_STRING && lx->type != T_WORD)
			return expect(lx, T_STRING, "a value");
		set_attr(o, key, klen, value_text(lx));
	}
}

/* The node index + 1 of TITLE in TS (title -> index + 1), or 0. */
static size_t title_node(const struct hashmap *ts, const char *title)
{
	void **slot = hashmap_get_str(ts, title);

	return slot ? (size_t)(uintptr_t)*slot : 0;
}

/*
 * Give every node the node standing for its title, and every edge the
 * nodes of its ends; an edge to or from an undeclared node is an error.
 */
static int link_edges(struct lexer *lx)
{
	struct ci_unit *u = lx->unit;
	struct hashmap ts = HASHMAP_INIT;
	size_t i;
	int ret = 0;

	for (i = 0; i < u->nr_nodes; i++) {
		void **slot = hashmap_put_str(&ts, u->nodes[i].title, NULL);
		size_t first = (size_t)(uintptr_t)*slot;

		if (!first || (u->nodes[first - 1].declared_only &&
			       !u->nodes[i].declared_only)) {
			*slot = (void *)(uintptr_t)(i + 1);
		} else if (!u->nodes[first - 1].declared_only &&
			   !u->nodes[i].declared_only) {
			ret = error("%s:%d: function '%s' defined twice (first "
				    "at line %d)",
				    lx->path, u->nodes[i].line,
				    echo(u->nodes[i].title),
				    u->nodes[first - 1].line);
			goto out;
		}
	}
	for (i = 0; i < u->nr_nodes; i++)
		u->nodes[i].first = title_node(&ts, u->nodes[i].title) - 1;
	for (i = 0; i < u->nr_edges && !ret; i++) {
		struct ci_edge *e = &u->edges[i];
		/* a function's calls follow one another: its title again */
		size_t src = i && !strcmp(e->source, e[-1].source)
				     ? e[-1].source_node + 1
				     : title_node(&ts, e->source);
		size_t dst = title_node(&ts, e->target);

		if (!src || !dst) {
			ret = error("%s:%d: edge %s undeclared node '%s'",
				    lx->path, e->line, src ? "to" : "from",
				    echo(src ? e->target : e->source));
			break;
		}
		e->source_node = src - 1;
		e->target_node = dst - 1;
	}
out:
	hashmap_release(&ts);
	return ret;
}

int ci_parse(const char *path, const char *buf, size_t len,
	     struct ci_unit *unit)
{
	struct lexer lx;
	struct obj top = {OBJ_GRAPH, 1, 0, 0, 0, 0, 0};

	memset(unit, 0, sizeof(*unit));
	memset(&lx, 0, sizeof(lx));
	lx.path = path;
	lx.p = buf;
	lx.end = buf + len;
	lx.line_start = buf;
	lx.line = 1;
	lx.unit = unit;
	init_classes(lx.cls);

	if (len == 0) {
		error("%s:1: empty file", path);
		goto fail;
	}
	if (lex(&lx))
		goto fail;
	if (!word_is(&lx, "graph")) {
		if (lx.type == T_EOF)
			error("%s:%d: empty file", path, lx.tok_line);
		else
			error("%s:%d: not a GCC call-graph file (expected "
			      "'graph:')",
			      path, lx.tok_line);
		goto fail;
	}
	top.line = lx.tok_line;
	if (lex(&lx) || expect(&lx, T_COLON, "':'") || lex(&lx) ||
	    expect(&lx, T_LBRACE, "'{'"))
		goto fail;
	if (parse_object(&lx, &top, 0))
		goto fail;
	if (lex(&lx))
		goto fail;
	if (lx.type != T_EOF) {
		error("%s:%d: unexpected text after the end of the graph", path,
		      lx.tok_line);
		goto fail;
	}
	if (link_edges(&lx))
		goto fail;
	return 0;
fail:
	ci_unit_release(unit);
	return -1;
}

/*
 * strtol(P, STOP, 10), the usual case of a few digits read here: a run
 * of up to ten digits is exact in a long, anything else (no digit first,
 * a longer run) is left to strtol().
 */
static long read_decimal(const char *p, char **stop)
{
	const char *q = p;
	long v = 0;

	while (*q >= '0' && *q <= '9' && q - p < 10)
		v = v * 10 + (*q++ - '0');
	if (q == p || (*q >= '0' && *q <= '9'))
		return strtol(p, stop, 10);
	*stop = (char *)q;
	return v;
}

size_t ci_split_location(const char *s, size_t len, int *line, int *col)
{
	const char *c1, *c2 = NULL, *end = s + len, *p;
	char *stop;
	long a, b;

	*line = *col = 0;
	for (p = end; p > s; p--)
		if (p[-1] == ':') {
			c2 = p - 1;
			break;
		}
	if (!c2)
		return len;
	b = read_decimal(c2 + 1, &stop);
	if (stop == c2 + 1 || stop != end || b < 0)
		return len;
	for (c1 = c2; c1 > s && c1[-1] != ':'; c1--)
		;
	if (c1 > s) {
		a = read_decimal(c1, &stop);
		if (stop != c1 && stop == c2 && a >= 0) {
			*line = a > 0x7fffffff ? 0 : (int)a;
			*col = b > 0x7fffffff ? 0 : (int)b;
			return (size_t)(c1 - 1 - s);
		}
	}
	*line = b > 0x7fffffff ? 0 : (int)b;
	return (size_t)(c2 - s);
}

char *ci_parse_location(const char *s, int *line, int *col)
{
	return xstrndup(s, ci_split_location(s, strlen(s), line, col));
}

/* Parse "N WORD..." at S (LEN bytes): N, or -1 unless WORD follows. */
static long leading_count(const char *s, size_t len, const char *word,
			  const char **rest)
{
	size_t i = 0, wl = strlen(word);
	long v = 0;

	while (i < len && s[i] == ' ')
		i++;
	if (i == len || s[i] < '0' || s[i] > '9')
		return -1;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		if (v > (0x7fffffffL - 9) / 10)
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	while (i < len && s[i] == ' ')
		i++;
	if (len - i < wl || memcmp(s + i, word, wl))
		return -1;
	*rest = s + i + wl;
	return v;
}

/* The start of the last line of [S, END): after its last newline, or S. */
static const char *last_line(const char *s, const char *end)
{
	while (end > s && end[-1] != '\n')
		end--;
	return end;
}

int ci_is_indirect(const char *title)
{
	return !strcmp(title, "__indirect_call");
}

int ci_has_title(const char *title, void *titles)
{
	struct ci_titles *ts = titles;
	size_t i;

	/* sorted on first use: clones of globals, which ask, are rare */
	if (!ts->v) {
		ts->v = xmalloc((ts->u->nr_nodes + 1) * sizeof(*ts->v));
		for (i = 0; i < ts->u->nr_nodes; i++)
			ts->v[i] = ts->u->nodes[i].title;
		qsort(ts->v, ts->u->nr_nodes, sizeof(*ts->v), cmp_strp);
	}
	return bsearch(&title, ts->v, ts->u->nr_nodes, sizeof(*ts->v),
		       cmp_strp) != NULL;
}

void ci_titles_release(struct ci_titles *ts)
{
	free(ts->v);
	ts->v = NULL;
}

void ci_label_parse(const char *label, struct ci_label *out)
{
	const char *nl, *loc, *end, *ls, *rest, *close;
	long v;
	size_t fl;

	memset(out, 0, sizeof(*out));
	out->stack_bytes = -1;
	out->dynamic_objects = -1;
	if (!label)
		return;
	nl = strchr(label, '\n');
	out->name = xstrndup(label, nl ? (size_t)(nl - label) : strlen(label));
	if (!nl)
		return;
	/*
	 * "name\nfile:line:col\nN bytes (KIND)\nM dynamic objects": GCC
	 * writes the file name as it is, newlines included, so the stack
	 * lines are taken from the end and the location is what is left.
	 */
	loc = nl + 1;
	end = loc + strlen(loc);
	ls = last_line(loc, end);
	if (ls > loc) {
		v = leading_count(ls, (size_t)(end - ls), "dynamic objects",
				  &rest);
		if (v >= 0) {
			out->dynamic_objects = v;
			end = ls - 1;
			ls = last_line(loc, end);
		}
	}
	if (ls > loc) {
		v = leading_count(ls, (size_t)(end - ls), "bytes (", &rest);
		close = v >= 0 ? memchr(rest, ')', (size_t)(end - rest)) : NULL;
		if (close && close > rest && close - rest < 64) {
			out->stack_bytes = v;
			out->stack_kind =
				xstrndup(rest, (size_t)(close - rest));
			end = ls - 1;
		}
	}
	fl = ci_split_location(loc, (size_t)(end - loc), &out->line, &out->col);
	out->file = xstrndup(loc, fl);
}

void ci_label_release(struct ci_label *l)
{
	free(l->name);
	free(l->file);
	free(l->stack_kind);
	memset(l, 0, sizeof(*l));
}
