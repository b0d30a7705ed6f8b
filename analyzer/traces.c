/*
 * traces.c - run-time call traces: console logs parsed, addresses named
 * through ELF symbols, traces stored in and read from the database, and
 * matched against the static call graph.
 */
#include "traces.h"
#include "traces_minerva.h"
#include "graph.h"
#include "graph_db.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <libelf.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const char *const mark_names[] = {
	[FRAME_NONE] = NULL, [FRAME_R] = "R",	[FRAME_F] = "F",
	[FRAME_S] = "S",     [FRAME_PC] = "PC", [FRAME_LR] = "LR",
};

const char *frame_mark_name(enum frame_mark m)
{
	return (size_t)m < ARRAY_SIZE(mark_names) ? mark_names[m] : NULL;
}

enum frame_mark frame_mark_parse(const char *s)
{
	size_t i;

	for (i = 1; s && i < ARRAY_SIZE(mark_names); i++)
		if (!strcmp(s, mark_names[i]))
			return (enum frame_mark)i;
	return FRAME_NONE;
}

int frame_mark_unreliable(enum frame_mark m)
{
	return m == FRAME_S || m == FRAME_LR;
}

static void frame_release(struct trace_frame *f)
{
	free(f->raw);
	free(f->name);
}

static void trace_release(struct trace *t)
{
	size_t i;

	for (i = 0; i < t->nr; i++)
		frame_release(&t->frames[i]);
	free(t->frames);
	free(t->domain);
	free(t->verdict);
	free(t->reason);
	free(t->log);
	free(t->label);
	memset(t, 0, sizeof(*t));
}

void trace_log_release(struct trace_log *log)
{
	size_t i;

	for (i = 0; i < log->nr; i++)
		trace_release(&log->v[i]);
	free(log->v);
	free(log->path);
	memset(log, 0, sizeof(*log));
}

/* --- reading console logs ------------------------------------------- */

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

static void add_frame(struct trace *t, struct trace_frame *f)
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
		trace_release(t);
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
		add_frame(&p->cur, &f);
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
		add_frame(&p->cur, &f);
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
	frame_release(&f);
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
	trace_release(&p.cur);
	free(p.context);
	strbuf_release(&line);
	trace_log_release(out);
	return -1;
}

int traces_read_file(const char *path, struct trace_log *out)
{
	struct strbuf sb = STRBUF_INIT;
	char chunk[65536];
	size_t n;
	FILE *fp = fopen(path, "rb");
	int ret;

	if (!fp)
		return error("cannot open '%s': %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		strbuf_add(&sb, chunk, n);
	if (ferror(fp)) {
		ret = error("cannot read '%s': %s", path, strerror(errno));
		fclose(fp);
		strbuf_release(&sb);
		return ret;
	}
	fclose(fp);
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

	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	if (a->size != b->size)
		return a->size < b->size ? -1 : 1;
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
			trace_release(&log->v[i]);
			continue;
		}
		log->v[k++] = log->v[i];
	}
	log->nr = k;
	qsort(log->v, log->nr, sizeof(*log->v), cmp_line);
}

/* --- ELF symbols ---------------------------------------------------- */

static int cmp_symbol(const void *x, const void *y)
{
	const struct elf_symbol *a = x, *b = y;
	int la = strchr(a->name, '#') != NULL,
	    lb = strchr(b->name, '#') != NULL;

	if (a->addr != b->addr)
		return a->addr < b->addr ? -1 : 1;
	if (la != lb)
		return la - lb; /* a global alias first */
	return strcmp(a->name, b->name);
}

static const char *file_base(const char *file)
{
	const char *slash = strrchr(file, '/');

	return slash ? slash + 1 : file;
}

int elf_symbols_load(struct elf_symbols *s, const char *path)
{
	Elf *elf = NULL;
	Elf_Scn *scn = NULL, *symtab = NULL;
	GElf_Shdr shdr, symshdr;
	Elf_Data *data;
	const char *file = NULL;
	size_t alloc = 0, i, nsyms;
	int fd, ret = -1;

	memset(s, 0, sizeof(*s));
	if (elf_version(EV_CURRENT) == EV_NONE)
		return error("libelf: %s", elf_errmsg(-1));
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return error("cannot open '%s': %s", path, strerror(errno));
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF) {
		error("'%s' is not an ELF file", path);
		goto out;
	}
	while ((scn = elf_nextscn(elf, scn))) {
		if (!gelf_getshdr(scn, &shdr))
			continue;
		if (shdr.sh_type == SHT_SYMTAB ||
		    (shdr.sh_type == SHT_DYNSYM && !symtab)) {
			symtab = scn;
			symshdr = shdr;
		}
	}
	if (!symtab) {
		error("'%s' has no symbol table", path);
		goto out;
	}
	data = elf_getdata(symtab, NULL);
	if (!data || !symshdr.sh_entsize) {
		error("'%s': cannot read the symbol table: %s", path,
		      elf_errmsg(-1));
		goto out;
	}
	nsyms = symshdr.sh_size / symshdr.sh_entsize;
	for (i = 0; i < nsyms; i++) {
		GElf_Sym sym;
		const char *name;

		if (!gelf_getsym(data, (int)i, &sym))
			continue;
		name = elf_strptr(elf, symshdr.sh_link, sym.st_name);
		if (!name)
			continue;
		if (GELF_ST_TYPE(sym.st_info) == STT_FILE) {
			file = *name ? file_base(name) : NULL;
			continue;
		}
		if (GELF_ST_TYPE(sym.st_info) != STT_FUNC ||
		    sym.st_shndx == SHN_UNDEF || !*name)
			continue;
		ALLOC_GROW(s->v, s->nr + 1, alloc);
		s->v[s->nr].addr = sym.st_value;
		s->v[s->nr].size = sym.st_size;
		s->v[s->nr].name =
			GELF_ST_BIND(sym.st_info) == STB_LOCAL && file
				? xstrfmt("%s#%s", file, name)
				: xstrdup(name);
		s->nr++;
	}
	if (s->nr)
		qsort(s->v, s->nr, sizeof(*s->v), cmp_symbol);
	ret = 0;
out:
	if (elf)
		elf_end(elf);
	close(fd);
	if (ret)
		elf_symbols_release(s);
	return ret;
}

void elf_symbols_release(struct elf_symbols *s)
{
	size_t i;

	for (i = 0; i < s->nr; i++)
		free(s->v[i].name);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

const char *elf_symbols_lookup(const struct elf_symbols *s, uint64_t addr)
{
	size_t lo = 0, hi = s->nr, i;

	/* the first symbol above ADDR */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->v[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	/* the symbols at the highest address not above ADDR, then below */
	for (i = lo; i-- > 0;) {
		const struct elf_symbol *e = &s->v[i];

		if (e->size && addr < e->addr + e->size)
			return e->name;
		if (!e->size && e->addr == s->v[lo - 1].addr)
			return e->name; /* a symbol without size (assembly) */
		if (e->addr != s->v[lo - 1].addr)
			break;
	}
	/* the first symbol of that address when sizes say nothing better */
	for (i = lo - 1; i > 0 && s->v[i - 1].addr == s->v[lo - 1].addr; i--)
		;
	return s->v[i].size ? NULL : s->v[i].name;
}

size_t traces_symbolize(struct trace_log *log, const struct elf_symbols *s,
			size_t *missed)
{
	size_t named = 0, i, k;

	*missed = 0;
	for (i = 0; i < log->nr; i++)
		for (k = 0; k < log->v[i].nr; k++) {
			struct trace_frame *f = &log->v[i].frames[k];
			const char *name;

			if (f->name || !f->has_addr)
				continue;
			name = elf_symbols_lookup(s, f->addr);
			if (name) {
				f->name = xstrdup(name);
				named++;
			} else {
				(*missed)++;
			}
		}
	return named;
}

/* --- naming frames -------------------------------------------------- */

size_t traces_resolve_name(const struct graph *g, const char *name,
			   struct sym_matches *out)
{
	char *canon = sym_canonical(name);
	size_t n;
	int64_t exact;

	if (!*canon || strchr(canon, '#') || strchr(canon, ':')) {
		n = *canon ? sym_resolve(g, canon, out) : 0;
	} else if ((exact = graph_find(g, canon)) >= 0) {
		/* a plain name is the global function when there is one */
		ALLOC_GROW(out->idx, out->nr + 1, out->alloc);
		out->idx[out->nr++] = (uint32_t)exact;
		n = 1;
	} else {
		n = sym_resolve(g, canon, out);
	}
	free(canon);
	return n;
}

/* --- the database --------------------------------------------------- */

static const char trace_schema_sql[] =
	"CREATE TABLE IF NOT EXISTS trace_logs ("
	"  id INTEGER PRIMARY KEY,"
	"  path TEXT NOT NULL,"	       /* as named on the command line */
	"  hash TEXT NOT NULL UNIQUE," /* FNV-1a 64 of the contents */
	"  label TEXT,"
	"  imported_at TEXT NOT NULL,"
	"  occurrences INTEGER NOT NULL);" /* traces found, duplicates too */
	"CREATE TABLE IF NOT EXISTS traces ("
	"  id INTEGER PRIMARY KEY,"
	"  log_id INTEGER NOT NULL REFERENCES trace_logs(id),"
	"  hash TEXT NOT NULL,"	    /* FNV-1a 64 of the frame names */
	"  line INTEGER NOT NULL,"  /* of the first occurrence */
	"  count INTEGER NOT NULL," /* occurrences in the log */
	"  domain TEXT,"
	"  size INTEGER,"
	"  format TEXT NOT NULL," /* x86, arm, xen, plain */
	"  truncated INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS trace_frames ("
	"  trace_id INTEGER NOT NULL REFERENCES traces(id),"
	"  position INTEGER NOT NULL," /* 0: innermost, printed first */
	"  raw TEXT NOT NULL,"
	"  address TEXT,"	 /* hex, when printed */
	"  mark TEXT,"		 /* R, F, S, PC, LR */
	"  name TEXT,"		 /* symbol, without +offset */
	"  function TEXT,"	 /* canonical name at import */
	"  function_id INTEGER," /* functions.id at import */
	"  candidates TEXT,"	 /* canonical names, when several */
	"  PRIMARY KEY (trace_id, position));"
	"CREATE INDEX IF NOT EXISTS traces_log ON traces(log_id);"
	"CREATE TABLE IF NOT EXISTS trace_reviews ("
	"  trace_id INTEGER PRIMARY KEY REFERENCES traces(id),"
	"  verdict TEXT NOT NULL,"
	"  reason TEXT);";

int traces_create_tables(struct graph_db *db)
{
	return graph_db_exec(db, trace_schema_sql);
}

enum {
	TS_FIND_LOG,
	TS_INSERT_LOG,
	TS_INSERT_TRACE,
	TS_INSERT_FRAME,
	TS_INSERT_REVIEW,
	TS_COUNT
};

static const char *const store_sql[TS_COUNT] = {
	[TS_FIND_LOG] = "SELECT path FROM trace_logs WHERE hash = ?1",
	[TS_INSERT_LOG] =
		"INSERT INTO trace_logs (path, hash, label,"
		" imported_at, occurrences) VALUES (?1, ?2, ?3, ?4, ?5)",
	[TS_INSERT_TRACE] = "INSERT INTO traces (log_id, hash, line, count,"
			    " domain, size, format, truncated)"
			    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[TS_INSERT_FRAME] =
		"INSERT INTO trace_frames (trace_id, position, raw,"
		" address, mark, name, function, function_id,"
		" candidates) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[TS_INSERT_REVIEW] = "INSERT INTO trace_reviews (trace_id, verdict,"
			     " reason) VALUES (?1, ?2, ?3)",
};

static int step_done(struct graph_db *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return graph_db_error(db, what);
	return 0;
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static int store_frame(struct graph_db *db, const struct graph *g,
		       sqlite3_stmt *st, int64_t trace_id, size_t pos,
		       const struct trace_frame *f)
{
	struct sym_matches m = {0};
	struct strbuf cands = STRBUF_INIT;
	char addr[32];
	size_t i;
	int ret;

	if (f->name)
		traces_resolve_name(g, f->name, &m);
	for (i = 0; m.nr > 1 && i < m.nr; i++)
		strbuf_addf(&cands, "%s%s", i ? "\n" : "", g->f[m.idx[i]].name);
	snprintf(addr, sizeof(addr), "%" PRIx64, f->addr);
	sqlite3_bind_int64(st, 1, trace_id);
	sqlite3_bind_int64(st, 2, (int64_t)pos);
	sqlite3_bind_text(st, 3, f->raw, -1, SQLITE_TRANSIENT);
	bind_text_or_null(st, 4, f->has_addr ? addr : NULL);
	bind_text_or_null(st, 5, frame_mark_name(f->mark));
	bind_text_or_null(st, 6, f->name);
	bind_text_or_null(st, 7, m.nr == 1 ? g->f[m.idx[0]].name : NULL);
	if (m.nr == 1)
		sqlite3_bind_int64(st, 8, g->f[m.idx[0]].id);
	else
		sqlite3_bind_null(st, 8);
	bind_text_or_null(st, 9, m.nr > 1 ? strbuf_str(&cands) : NULL);
	ret = step_done(db, st, "storing a trace frame");
	strbuf_release(&cands);
	sym_matches_release(&m);
	return ret;
}

static int store_log(struct graph_db *db, const struct graph *g,
		     sqlite3_stmt **st, const struct trace_log *log,
		     const char *label, const char *imported_at)
{
	int64_t log_id;
	size_t i, k;

	sqlite3_bind_text(st[TS_INSERT_LOG], 1, log->path, -1,
			  SQLITE_TRANSIENT);
	sqlite3_bind_text(st[TS_INSERT_LOG], 2, log->hash, -1,
			  SQLITE_TRANSIENT);
	bind_text_or_null(st[TS_INSERT_LOG], 3, label);
	sqlite3_bind_text(st[TS_INSERT_LOG], 4, imported_at, -1,
			  SQLITE_TRANSIENT);
	sqlite3_bind_int64(st[TS_INSERT_LOG], 5, (int64_t)log->occurrences);
	if (step_done(db, st[TS_INSERT_LOG], "storing a log"))
		return -1;
	log_id = sqlite3_last_insert_rowid(db->db);
	for (i = 0; i < log->nr; i++) {
		const struct trace *t = &log->v[i];
		sqlite3_stmt *s = st[TS_INSERT_TRACE];
		char hash[17];
		int64_t trace_id;

		snprintf(hash, sizeof(hash), "%016" PRIx64, t->hash);
		sqlite3_bind_int64(s, 1, log_id);
		sqlite3_bind_text(s, 2, hash, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(s, 3, t->line);
		sqlite3_bind_int64(s, 4, (int64_t)t->count);
		bind_text_or_null(s, 5, t->domain);
		if (t->size >= 0)
			sqlite3_bind_int64(s, 6, t->size);
		else
			sqlite3_bind_null(s, 6);
		sqlite3_bind_text(s, 7, t->format, -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 8, t->truncated);
		if (step_done(db, s, "storing a trace"))
			return -1;
		trace_id = sqlite3_last_insert_rowid(db->db);
		if (t->verdict) {
			s = st[TS_INSERT_REVIEW];
			sqlite3_bind_int64(s, 1, trace_id);
			sqlite3_bind_text(s, 2, t->verdict, -1,
					  SQLITE_TRANSIENT);
			bind_text_or_null(s, 3, t->reason);
			if (step_done(db, s, "storing a review"))
				return -1;
		}
		for (k = 0; k < t->nr; k++)
			if (store_frame(db, g, st[TS_INSERT_FRAME], trace_id, k,
					&t->frames[k]))
				return -1;
	}
	return 0;
}

int traces_store(struct graph_db *db, const struct graph *g,
		 const struct trace_log *logs, size_t nr, const char *label,
		 const char *imported_at, int *skipped)
{
	sqlite3_stmt *st[TS_COUNT] = {NULL};
	size_t i;
	int ret = -1, began = 0, rc;

	if (graph_db_exec(db, "BEGIN IMMEDIATE"))
		return -1;
	began = 1;
	if (traces_create_tables(db))
		goto out;
	for (i = 0; i < TS_COUNT; i++)
		if (sqlite3_prepare_v2(db->db, store_sql[i], -1, &st[i],
				       NULL) != SQLITE_OK) {
			graph_db_error(db, "preparing the trace tables");
			goto out;
		}
	for (i = 0; i < nr; i++) {
		sqlite3_bind_text(st[TS_FIND_LOG], 1, logs[i].hash, -1,
				  SQLITE_TRANSIENT);
		rc = sqlite3_step(st[TS_FIND_LOG]);
		sqlite3_reset(st[TS_FIND_LOG]);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			graph_db_error(db, "looking up a log");
			goto out;
		}
		skipped[i] = rc == SQLITE_ROW;
		if (!skipped[i] &&
		    store_log(db, g, st, &logs[i], label, imported_at))
			goto out;
	}
	if (graph_db_exec(db, "COMMIT"))
		goto out;
	began = 0;
	ret = 0;
out:
	for (i = 0; i < TS_COUNT; i++)
		sqlite3_finalize(st[i]);
	if (began)
		graph_db_exec(db, "ROLLBACK");
	return ret;
}

static const char *format_const(const char *s)
{
	static const char *const formats[] = {"x86", "arm", "xen", "plain",
					      "minerva"};
	size_t i;

	for (i = 0; s && i < ARRAY_SIZE(formats); i++)
		if (!strcmp(s, formats[i]))
			return formats[i];
	return "xen";
}

static char *column_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? xstrdup((const char *)s) : NULL;
}

struct id_index {
	int64_t id;
	size_t idx;
};

static int cmp_id_index(const void *x, const void *y)
{
	const struct id_index *a = x, *b = y;

	return a->id < b->id ? -1 : a->id > b->id;
}

int traces_load(struct graph_db *db, const char *label, struct trace_log *out)
{
	sqlite3_stmt *st = NULL, *fr = NULL;
	struct id_index *ids = NULL;
	int64_t have, reviews;
	size_t i;
	int ret = -1, rc;

	memset(out, 0, sizeof(*out));
	have = graph_db_count(
		db, "SELECT count(*) FROM sqlite_master"
		    " WHERE type = 'table' AND name = 'trace_frames'");
	if (have < 0)
		return -1;
	if (!have)
		return 0;
	/* a database of traces imported before reviews were stored */
	reviews = graph_db_count(
		db, "SELECT count(*) FROM sqlite_master"
		    " WHERE type = 'table' AND name = 'trace_reviews'");
	if (reviews < 0)
		return -1;
	if (sqlite3_prepare_v2(
		    db->db,
		    reviews ? "SELECT t.id, l.path, l.label, t.hash, t.line,"
			      " t.count, t.domain, t.size, t.format,"
			      " t.truncated, r.verdict, r.reason"
			      " FROM traces t JOIN trace_logs l"
			      " ON l.id = t.log_id"
			      " LEFT JOIN trace_reviews r ON r.trace_id = t.id"
			      " WHERE ?1 IS NULL OR l.label = ?1"
			      " ORDER BY l.id, t.line, t.id"
			    : "SELECT t.id, l.path, l.label, t.hash, t.line,"
			      " t.count, t.domain, t.size, t.format,"
			      " t.truncated, NULL, NULL"
			      " FROM traces t JOIN trace_logs l"
			      " ON l.id = t.log_id"
			      " WHERE ?1 IS NULL OR l.label = ?1"
			      " ORDER BY l.id, t.line, t.id",
		    -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db->db,
			       "SELECT trace_id, raw, address, mark, name"
			       " FROM trace_frames ORDER BY trace_id, position",
			       -1, &fr, NULL) != SQLITE_OK) {
		graph_db_error(db, "reading traces");
		goto out;
	}
	bind_text_or_null(st, 1, label);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct trace *t;

		ALLOC_GROW(out->v, out->nr + 1, out->alloc);
		t = &out->v[out->nr++];
		memset(t, 0, sizeof(*t));
		t->id = sqlite3_column_int64(st, 0);
		t->log = column_dup(st, 1);
		t->label = column_dup(st, 2);
		t->hash = strtoull((const char *)sqlite3_column_text(st, 3),
				   NULL, 16);
		t->line = sqlite3_column_int(st, 4);
		t->count = (uint64_t)sqlite3_column_int64(st, 5);
		t->domain = column_dup(st, 6);
		t->size = sqlite3_column_type(st, 7) == SQLITE_NULL
				  ? -1
				  : sqlite3_column_int64(st, 7);
		t->format =
			format_const((const char *)sqlite3_column_text(st, 8));
		t->truncated = sqlite3_column_int(st, 9);
		t->verdict = column_dup(st, 10);
		t->reason = column_dup(st, 11);
		out->occurrences += t->count;
	}
	if (rc != SQLITE_DONE) {
		graph_db_error(db, "reading traces");
		goto out;
	}
	ids = xmalloc((out->nr + 1) * sizeof(*ids));
	for (i = 0; i < out->nr; i++) {
		ids[i].id = out->v[i].id;
		ids[i].idx = i;
	}
	qsort(ids, out->nr, sizeof(*ids), cmp_id_index);
	while ((rc = sqlite3_step(fr)) == SQLITE_ROW) {
		struct id_index key = {sqlite3_column_int64(fr, 0), 0}, *hit;
		struct trace_frame f;
		const char *addr;

		hit = bsearch(&key, ids, out->nr, sizeof(*ids), cmp_id_index);
		if (!hit)
			continue; /* a trace of another label */
		memset(&f, 0, sizeof(f));
		f.raw = column_dup(fr, 1);
		if (!f.raw)
			f.raw = xstrdup("");
		addr = (const char *)sqlite3_column_text(fr, 2);
		if (addr) {
			f.addr = strtoull(addr, NULL, 16);
			f.has_addr = 1;
		}
		f.mark = frame_mark_parse(
			(const char *)sqlite3_column_text(fr, 3));
		f.name = column_dup(fr, 4);
		add_frame(&out->v[hit->idx], &f);
	}
	if (rc != SQLITE_DONE) {
		graph_db_error(db, "reading trace frames");
		goto out;
	}
	ret = 0;
out:
	free(ids);
	sqlite3_finalize(st);
	sqlite3_finalize(fr);
	if (ret)
		trace_log_release(out);
	return ret;
}

/* --- matching ------------------------------------------------------- */

static int same_set(const struct walk_frame *a, const uint32_t *v, size_t n)
{
	return a->nr == n && !memcmp(a->cand, v, n * sizeof(*v));
}

/* Does G call some function of B directly from some function of A? */
static int calls_directly(const struct graph *g, const struct walk_frame *a,
			  const struct walk_frame *b)
{
	size_t i, j;
	uint32_t k;

	for (i = 0; i < a->nr; i++)
		for (k = g->out_start[a->cand[i]];
		     k < g->out_start[a->cand[i] + 1]; k++)
			for (j = 0; j < b->nr; j++)
				if (g->out[k] == b->cand[j])
					return 1;
	return 0;
}

/* Mark the runs of unknown frames the graph's build inlined. */
static void mark_inlined(struct trace_walk *w, const struct graph *g)
{
	size_t i = 0, j;

	while (i < w->nr) {
		if (w->f[i].nr) {
			i++;
			continue;
		}
		for (j = i; j < w->nr && !w->f[j].nr; j++)
			;
		/* the walk starts and ends with known frames */
		if (i > 0 && j < w->nr &&
		    calls_directly(g, &w->f[i - 1], &w->f[j]))
			for (; i < j; i++)
				w->f[i].inlined = 1;
		i = j;
	}
}

void trace_walk_init(struct trace_walk *w, const struct graph *g,
		     const struct trace *t)
{
	size_t i, alloc = 0;

	memset(w, 0, sizeof(*w));
	for (i = t->nr; i-- > 0;) {
		const struct trace_frame *f = &t->frames[i];
		struct sym_matches m = {0};
		struct walk_frame *last = w->nr ? &w->f[w->nr - 1] : NULL;

		if (!f->name || !traces_resolve_name(g, f->name, &m)) {
			w->unknown++;
			sym_matches_release(&m);
			if (!w->nr)
				continue; /* outside the first known frame */
		}
		if (m.nr)
			qsort(m.idx, m.nr, sizeof(*m.idx), cmp_u32);
		if (last && m.nr && same_set(last, m.idx, m.nr)) {
			/* printed twice (arm's LR and first frame): one frame
			 */
			if (!frame_mark_unreliable(f->mark))
				last->unreliable = 0;
			sym_matches_release(&m);
			continue;
		}
		ALLOC_GROW(w->f, w->nr + 1, alloc);
		w->f[w->nr].cand = m.idx;
		w->f[w->nr].nr = m.nr;
		w->f[w->nr].unreliable = frame_mark_unreliable(f->mark);
		w->f[w->nr].inlined = 0;
		w->f[w->nr].pos = i;
		w->nr++;
	}
	/* unknown frames inside the last known one explain nothing */
	while (w->nr && !w->f[w->nr - 1].nr)
		w->nr--;
	mark_inlined(w, g);
}

void trace_walk_release(struct trace_walk *w)
{
	size_t i;

	for (i = 0; i < w->nr; i++)
		free(w->f[i].cand);
	free(w->f);
	memset(w, 0, sizeof(*w));
}

static int frame_has(const struct walk_frame *f, uint32_t fn)
{
	return f->nr &&
	       bsearch(&fn, f->cand, f->nr, sizeof(fn), cmp_u32) != NULL;
}

int trace_walk_match(const struct trace_walk *w, const uint32_t *path,
		     size_t len)
{
	size_t m = w->nr, i, j, i2, j2;
	int *dp, best = -1;
	const int inf = 1 << 30;

	if (!len || !m)
		return -1;
	if (len == 1) {
		for (i = 0; i < m; i++)
			if (frame_has(&w->f[i], path[0]))
				return 0;
		return -1;
	}
	/* dp[i * len + j]: fewest missing with frame i as path function j */
	dp = xmalloc(m * len * sizeof(*dp));
	for (i = 0; i < m * len; i++)
		dp[i] = inf;
	for (i = 0; i < m; i++)
		if (frame_has(&w->f[i], path[0]))
			dp[i * len] = 0;
	for (i = 0; i < m; i++)
		for (j = 0; j + 1 < len; j++) {
			int here = dp[i * len + j];

			if (here == inf)
				continue;
			for (i2 = i + 1; i2 < m; i2++) {
				for (j2 = j + 1;
				     j2 < len && j2 <= j + 1 + TRACE_MAX_GAP;
				     j2++) {
					int v = here + (int)(j2 - j - 1);

					if (v < dp[i2 * len + j2] &&
					    frame_has(&w->f[i2], path[j2]))
						dp[i2 * len + j2] = v;
				}
				if (!w->f[i2].unreliable && !w->f[i2].inlined)
					break; /* a frame the path must explain
						*/
			}
		}
	for (i = 0; i < m; i++)
		if (dp[i * len + len - 1] != inf &&
		    (best < 0 || dp[i * len + len - 1] < best))
			best = dp[i * len + len - 1];
	free(dp);
	return best;
}

void trace_matcher_init(struct trace_matcher *m, const struct graph *g)
{
	m->g = g;
	m->stamp = xcalloc((size_t)g->nr + 1, sizeof(*m->stamp));
	m->queue = xmalloc(((size_t)g->nr + 1) * sizeof(*m->queue));
	m->depth = xmalloc(((size_t)g->nr + 1) * sizeof(*m->depth));
	m->gen = 0;
}

void trace_matcher_release(struct trace_matcher *m)
{
	free(m->stamp);
	free(m->queue);
	free(m->depth);
	memset(m, 0, sizeof(*m));
}

int trace_matcher_reaches(struct trace_matcher *m, const uint32_t *from,
			  size_t nr_from, uint32_t to, unsigned max)
{
	const struct graph *g = m->g;
	size_t head = 0, tail = 0, i;

	if (++m->gen == 0) {
		memset(m->stamp, 0, (size_t)g->nr * sizeof(*m->stamp));
		m->gen = 1;
	}
	for (i = 0; i < nr_from; i++) {
		if (m->stamp[from[i]] == m->gen)
			continue;
		m->stamp[from[i]] = m->gen;
		m->depth[from[i]] = 0;
		m->queue[tail++] = from[i];
	}
	while (head < tail) {
		uint32_t u = m->queue[head++], k;

		if (m->depth[u] >= max)
			continue;
		for (k = g->out_start[u]; k < g->out_start[u + 1]; k++) {
			uint32_t v = g->out[k];

			if (v == to)
				return 1;
			if (m->stamp[v] == m->gen)
				continue;
			m->stamp[v] = m->gen;
			m->depth[v] = m->depth[u] + 1;
			m->queue[tail++] = v;
		}
	}
	return 0;
}

void trace_walk_hops(const struct trace_walk *w, struct trace_matcher *m,
		     struct trace_hops *out)
{
	uint32_t *prev = NULL, *next;
	size_t nr_prev = 0, nr_next, k, i;
	long prev_k = -1;

	memset(out, 0, sizeof(*out));
	out->first_bad = out->first_bad_caller = -1;
	out->chosen = xmalloc((w->nr + 1) * sizeof(*out->chosen));
	out->from = xmalloc((w->nr + 1) * sizeof(*out->from));
	out->bad = xcalloc(w->nr + 1, 1);
	next = xmalloc(sizeof(*next));
	for (k = 0; k < w->nr; k++) {
		const struct walk_frame *f = &w->f[k];

		next = xrealloc(next, (f->nr + 1) * sizeof(*next));
		nr_next = 0;
		out->from[k] = prev_k;
		out->chosen[k] = UINT32_MAX;
		if (!f->nr) {
			/* not in the graph: stale, inlined, or a call it lacks
			 */
			if (f->unreliable || f->inlined) {
				out->from[k] = -1;
				out->stale++;
				continue;
			}
			if (prev_k >= 0) {
				out->nr_bad++;
				out->bad[k] = 1;
				if (out->first_bad < 0) {
					out->first_bad = (long)k;
					out->first_bad_caller = prev_k;
				}
			}
			free(prev);
			prev = NULL;
			nr_prev = 0;
			prev_k = -1;
			continue;
		}
		for (i = 0; prev_k >= 0 && i < f->nr; i++)
			if (trace_matcher_reaches(m, prev, nr_prev, f->cand[i],
						  TRACE_MAX_GAP + 1))
				next[nr_next++] = f->cand[i];
		out->from[k] = prev_k;
		if (prev_k >= 0 && !nr_next && f->unreliable) {
			out->chosen[k] = UINT32_MAX; /* stale: pass over */
			out->from[k] = -1;
			out->stale++;
			continue;
		}
		if (prev_k >= 0 && !nr_next) {
			out->nr_bad++;
			out->bad[k] = 1;
			if (out->first_bad < 0) {
				out->first_bad = (long)k;
				out->first_bad_caller = prev_k;
			}
		}
		if (!nr_next) {
			memcpy(next, f->cand, f->nr * sizeof(*next));
			nr_next = f->nr;
		} else if (nr_prev > 1) {
			/* the ambiguous frame before: one that reaches this one
			 */
			for (i = 0; i < nr_prev; i++)
				if (trace_matcher_reaches(m, &prev[i], 1,
							  next[0],
							  TRACE_MAX_GAP + 1)) {
					out->chosen[prev_k] = prev[i];
					break;
				}
		}
		out->chosen[k] = next[0];
		free(prev);
		prev = next;
		nr_prev = nr_next;
		next = xmalloc(sizeof(*next));
		prev_k = (long)k;
	}
	free(prev);
	free(next);
}

void trace_hops_release(struct trace_hops *h)
{
	free(h->chosen);
	free(h->from);
	free(h->bad);
	memset(h, 0, sizeof(*h));
}

void trace_add_json(struct cJSON *o, const struct trace *t)
{
	char hash[17];

	snprintf(hash, sizeof(hash), "%016" PRIx64, t->hash);
	cJSON_AddStringToObject(o, "hash", hash);
	cJSON_AddStringToObject(o, "log", t->log);
	cJSON_AddNumberToObject(o, "line", t->line);
	cJSON_AddNumberToObject(o, "count", (double)t->count);
	if (t->domain)
		cJSON_AddStringToObject(o, "domain", t->domain);
	else
		cJSON_AddNullToObject(o, "domain");
	if (t->size >= 0)
		cJSON_AddNumberToObject(o, "size", (double)t->size);
	else
		cJSON_AddNullToObject(o, "size");
	cJSON_AddBoolToObject(o, "truncated", t->truncated);
}
