/*
 * rules.c - reading rule files and applying them: targets, entries,
 * filters, user-supplied edges and triage verdicts.
 *
 * A rule file holds one directive a line; '#' at the start of a word
 * starts a comment; words are separated by blanks; "quoted strings" may hold
 * blanks and \" \\ escapes.
 */
#include "rules.h"
#include "graph.h"
#include "util.h"

#include <errno.h>
#include <fnmatch.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_INCLUDE_DEPTH 16
#define MAX_RULE_FILE	  (64 * 1024 * 1024)

void rules_init(struct rules *r)
{
	memset(r, 0, sizeof(*r));
}

void rules_release(struct rules *r)
{
	size_t i, k;

	for (i = 0; i < r->nr_aliases; i++) {
		free(r->aliases[i].name);
		strvec_clear(&r->aliases[i].pats);
	}
	free(r->aliases);

	FREE_RECORDS(r->targets, r->nr_targets, text);
	FREE_RECORDS(r->entries, r->nr_entries, text);
	FREE_RECORDS(r->entry_callees, r->nr_entry_callees, text);
	FREE_RECORDS(r->entry_registered, r->nr_entry_registered, text);
	FREE_RECORDS(r->filter_pats, r->nr_filter_pats, text);
	filter_release(&r->filter);
	for (i = 0; i < r->nr_edges; i++) {
		free(r->edges[i].caller);
		free(r->edges[i].callee);
		free(r->edges[i].reason);
		free(r->edges[i].where);
	}
	free(r->edges);
	for (i = 0; i < r->nr_triage; i++) {
		for (k = 0; k < r->triage[i].nr_elems; k++)
			free(r->triage[i].elems[k]);
		free(r->triage[i].elems);
		free(r->triage[i].reason);
		free(r->triage[i].text);
	}
	free(r->triage);
	for (i = 0; i < r->nr_alloc; i++) {
		free(r->alloc[i].func);
		free(r->alloc[i].text);
	}
	free(r->alloc);
	strvec_clear(&r->files);
	memset(r, 0, sizeof(*r));
}

/* The words of one line. */
struct words {
	struct strvec v;
	const char *rest; /* after " : " for triage, or NULL */
};

struct directive;

struct parser {
	struct rules *r;
	const char *file; /* in r->files */
	int line;
	int depth;
	const struct directive *dir; /* of the line being parsed */
};

static int perr(const struct parser *p, const char *fmt, ...) PRINTF_LIKE(2, 3);

static int perr(const struct parser *p, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	error("%s:%d: %s", p->file, p->line, strbuf_str(&sb));
	strbuf_release(&sb);
	return -1;
}

/*
 * Split LINE (NUL-terminated) into words. A word ':' standing alone ends
 * the words: what follows is the path pattern of a triage rule.
 */
static int split_words(const struct parser *p, const char *line,
		       struct words *w)
{
	const char *s = line;
	struct strbuf word = STRBUF_INIT;

	memset(w, 0, sizeof(*w));
	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == '\r')
			s++;
		if (!*s || *s == '#')
			break;
		strbuf_reset(&word);
		if (*s == '"') {
			s++;
			while (*s && *s != '"') {
				if (*s == '\\' && (s[1] == '"' || s[1] == '\\'))
					s++;
				strbuf_addch(&word, *s++);
			}
			if (*s != '"') {
				strbuf_release(&word);
				strvec_clear(&w->v);
				return perr(p, "unterminated string");
			}
			s++;
			strvec_push(&w->v, strbuf_str(&word));
			continue;
		}
		if (*s == ':' && (!s[1] || s[1] == ' ' || s[1] == '\t')) {
			w->rest = s + 1;
			break;
		}
		while (*s && *s != ' ' && *s != '\t' && *s != '\r')
			strbuf_addch(&word, *s++);
		strvec_push(&w->v, strbuf_str(&word));
	}
	strbuf_release(&word);
	return 0;
}

static void add_pattern(struct rule_pattern **v, size_t *nr,
			const struct parser *p, const char *text)
{
	*v = xrealloc(*v, (*nr + 1) * sizeof(**v));
	(*v)[*nr].text = xstrdup(text);
	(*v)[*nr].origin.file = p->file;
	(*v)[*nr].origin.line = p->line;
	(*v)[*nr].matched = 0;
	(*nr)++;
}

static int has_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

/* Split "a > ... > b" into elements. */
static int parse_path_pattern(const struct parser *p, const char *text,
			      struct triage_rule *t)
{
	const char *s = text;

	t->elems = NULL;
	t->nr_elems = 0;
	t->specificity = 0;
	for (;;) {
		const char *gt = strchr(s, '>');
		const char *end = gt ? gt : s + strlen(s);
		const char *b = s, *e = end;
		char *elem;

		while (b < e && (*b == ' ' || *b == '\t' || *b == '\r'))
			b++;
		while (e > b &&
		       (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			e--;
		if (b == e)
			return perr(p, "empty element in path pattern '%s'",
				    text);
		elem = xstrndup(b, (size_t)(e - b));
		if (strchr(elem, ' ') || strchr(elem, '\t')) {
			free(elem);
			return perr(p, "a path pattern element holds a blank: "
				       "use '>' between functions");
		}
		t->elems = xrealloc(t->elems,
				    (t->nr_elems + 1) * sizeof(*t->elems));
		t->elems[t->nr_elems++] = elem;
		if (strcmp(elem, RULE_ANY))
			t->specificity++;
		if (!gt)
			break;
		s = gt + 1;
	}
	if (!t->specificity)
		return perr(p, "path pattern '%s' names no function", text);
	return 0;
}

static int parse_line(struct parser *p, const char *line);

/*
 * "anonymous FUNC [when arg N == VALUE | when arg N & MASK]" and
 * "size FUNC bytes|order arg N": facts about an allocator's arguments.
 */
static int parse_alloc_rule(struct parser *p, const struct strvec *w)
{
	const char *const *v = (const char *const *)w->v;
	struct alloc_rule a;
	int anon = !strcmp(v[0], "anonymous");
	long arg = -1;
	char *end;
	size_t i;

	memset(&a, 0, sizeof(a));
	if (anon && w->nr == 2) {
		a.kind = ALLOC_ANON_ALWAYS;
	} else if (anon && w->nr == 7 && !strcmp(v[2], "when") &&
		   !strcmp(v[3], "arg") &&
		   (!strcmp(v[5], "==") || !strcmp(v[5], "&"))) {
		a.kind = v[5][0] == '=' ? ALLOC_ANON_EQ : ALLOC_ANON_MASK;
		arg = parse_count(v[4]);
		errno = 0;
		a.value = strtoull(v[6], &end, 0);
		if (!strcmp(v[6], "NULL"))
			a.value = 0;
		else if (errno || end == v[6] || *end || v[6][0] == '-')
			return perr(p, "'%s' is not a number", v[6]);
	} else if (!anon && w->nr == 5 && !strcmp(v[3], "arg") &&
		   (!strcmp(v[2], "bytes") || !strcmp(v[2], "order"))) {
		a.kind = v[2][0] == 'b' ? ALLOC_SIZE_BYTES : ALLOC_SIZE_ORDER;
		arg = parse_count(v[4]);
	} else {
		return perr(p, anon ? "usage: anonymous FUNC [when arg N == "
				      "VALUE | when arg N & MASK]"
				    : "usage: size FUNC bytes|order arg N");
	}
	if (a.kind != ALLOC_ANON_ALWAYS && (arg < 1 || arg > 8))
		return perr(p, "argument number '%s' is not 1 to 8", v[4]);
	a.arg = (int)arg;
	a.func = xstrdup(v[1]);
	{
		struct strbuf sb = STRBUF_INIT;

		for (i = 0; i < w->nr; i++)
			strbuf_addf(&sb, "%s%s", i ? " " : "", v[i]);
		a.text = strbuf_detach(&sb);
	}
	a.origin.file = p->file;
	a.origin.line = p->line;
	p->r->alloc = xrealloc(p->r->alloc,
			       (p->r->nr_alloc + 1) * sizeof(*p->r->alloc));
	p->r->alloc[p->r->nr_alloc++] = a;
	return 0;
}

/* The path pattern of a triage rule: REST without a trailing comment. */
static const char *pattern_text(const char *rest, struct strbuf *buf)
{
	const char *s;

	for (s = rest; *s; s++)
		if (*s == '#' && (s == rest || s[-1] == ' ' || s[-1] == '\t'))
			break;
	strbuf_add(buf, rest, (size_t)(s - rest));
	return strbuf_str(buf);
}

static int parse_text(struct parser *p, const char *buf, size_t len)
{
	const char *s = buf, *end = buf + len;
	struct strbuf line = STRBUF_INIT;
	int ret = 0;

	p->line = 0;
	if (memchr(buf, '\0', len)) {
		p->line = 1;
		for (s = buf; s < end && *s; s++)
			p->line += *s == '\n';
		return perr(p, "binary data (NUL byte)");
	}
	while (s < end && !ret) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *e = nl ? nl : end;

		p->line++;
		strbuf_reset(&line);
		strbuf_add(&line, s, (size_t)(e - s));
		ret = parse_line(p, strbuf_str(&line));
		s = nl ? nl + 1 : end;
	}
	strbuf_release(&line);
	return ret;
}

static int read_whole(const char *path, char **buf, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;

	if (strbuf_read_path(&sb, path, "rule file", MAX_RULE_FILE)) {
		strbuf_release(&sb);
		return -1;
	}
	*len = sb.len;
	*buf = strbuf_detach(&sb);
	return 0;
}

static int load_file(struct rules *r, const char *path, int depth)
{
	struct parser p;
	char *buf;
	size_t len;
	int ret;

	if (read_whole(path, &buf, &len))
		return -1;
	strvec_push(&r->files, path);
	p.r = r;
	p.file = r->files.v[r->files.nr - 1];
	p.depth = depth;
	ret = parse_text(&p, buf, len);
	free(buf);
	return ret;
}

int rules_load(struct rules *r, const char *path)
{
	return load_file(r, path, 0);
}

int rules_parse_buffer(struct rules *r, const char *path, const char *buf,
		       size_t len)
{
	struct parser p;

	strvec_push(&r->files, path);
	p.r = r;
	p.file = r->files.v[r->files.nr - 1];
	p.depth = 0;
	return parse_text(&p, buf, len);
}

static int do_include(struct parser *p, const char *name)
{
	char *path;
	const char *slash;
	int ret;

	if (p->depth >= MAX_INCLUDE_DEPTH)
		return perr(p, "includes nested too deeply (a loop?)");
	slash = strrchr(p->file, '/');
	if (name[0] == '/' || !slash)
		path = xstrdup(name);
	else
		path = xstrfmt("%.*s/%s", (int)(slash - p->file), p->file,
			       name);
	ret = load_file(p->r, path, p->depth + 1);
	if (ret)
		error("%s:%d: included from here", p->file, p->line);
	free(path);
	return ret;
}

/*
 * A directive of a rule file. A line with fewer than MIN or more than MAX
 * words (the directive included; MAX 0: no limit), or without the
 * " : PATTERN" REST it needs, fails with USAGE (its "%s" the directive).
 * The pattern and filter directives name where their words go: LIST and
 * COUNT, the offsets of an array of patterns and its length in struct
 * rules, or FILTER, the offset of a vector of struct rules' filter.
 */
struct directive {
	const char *name;
	size_t min, max;
	int rest;
	const char *usage;
	int (*parse)(struct parser *p, const struct words *w);
	size_t list, count, filter;
};

#define IN_RULES(p, off, type) ((type *)(void *)((char *)(p)->r + (off)))

static void add_patterns(struct rule_pattern **v, size_t *nr,
			 const struct parser *p, const struct words *w)
{
	size_t i;

	for (i = 1; i < w->v.nr; i++)
		add_pattern(v, nr, p, w->v.v[i]);
}

/* target, entry, entry-callees-of, entry-registered-by */
static int dir_patterns(struct parser *p, const struct words *w)
{
	add_patterns(IN_RULES(p, p->dir->list, struct rule_pattern *),
		     IN_RULES(p, p->dir->count, size_t), p, w);
	return 0;
}

static int dir_alias(struct parser *p, const struct words *w)
{
	struct rules *r = p->r;
	struct rule_alias *a;
	size_t i;

	r->aliases = xrealloc(r->aliases, (r->nr_aliases + 1) * sizeof(*a));
	a = &r->aliases[r->nr_aliases++];
	memset(a, 0, sizeof(*a));
	a->name = xstrdup(w->v.v[1]);
	a->origin.file = p->file;
	a->origin.line = p->line;
	for (i = 2; i < w->v.nr; i++)
		strvec_push(&a->pats, w->v.v[i]);
	return 0;
}

static int dir_runtime(struct parser *p, const struct words *w)
{
	(void)w;
	p->r->runtime = 1;
	return 0;
}

/* The patterns of a filter directive go into its vector, and are checked. */
static int dir_filter(struct parser *p, const struct words *w)
{
	struct strvec *dst = IN_RULES(p, p->dir->filter, struct strvec);
	size_t i;

	for (i = 1; i < w->v.nr; i++)
		strvec_push(dst, w->v.v[i]);
	add_patterns(&p->r->filter_pats, &p->r->nr_filter_pats, p, w);
	return 0;
}

static int dir_edge(struct parser *p, const struct words *w)
{
	struct rules *r = p->r;
	struct edge_rule *e;

	r->edges = xrealloc(r->edges, (r->nr_edges + 1) * sizeof(*r->edges));
	e = &r->edges[r->nr_edges++];
	e->caller = xstrdup(w->v.v[1]);
	e->callee = xstrdup(w->v.v[2]);
	e->reason = xstrdup(w->v.v[3]);
	e->where = xstrfmt("%s:%d", p->file, p->line);
	e->origin.file = p->file;
	e->origin.line = p->line;
	e->matched = 0;
	return 0;
}

static int dir_triage(struct parser *p, const struct words *w)
{
	struct rules *r = p->r;
	struct triage_rule t;
	struct strbuf pat = STRBUF_INIT;
	size_t i;
	int v;

	memset(&t, 0, sizeof(t));
	v = verdict_parse(w->v.v[1]);
	if (v < 0)
		return perr(p,
			    "unknown verdict '%s' (SAFE, PROB_SAFE, "
			    "UNSAFE or UNDECIDED)",
			    w->v.v[1]);
	t.verdict = (enum verdict)v;
	if (parse_path_pattern(p, pattern_text(w->rest, &pat), &t)) {
		for (i = 0; i < t.nr_elems; i++)
			free(t.elems[i]);
		free(t.elems);
		strbuf_release(&pat);
		return -1;
	}
	strbuf_release(&pat);
	t.reason = xstrdup(w->v.v[2]);
	{
		struct strbuf sb = STRBUF_INIT;

		for (i = 0; i < t.nr_elems; i++)
			strbuf_addf(&sb, "%s%s", i ? " > " : "", t.elems[i]);
		t.text = strbuf_detach(&sb);
	}
	t.origin.file = p->file;
	t.origin.line = p->line;
	r->triage =
		xrealloc(r->triage, (r->nr_triage + 1) * sizeof(*r->triage));
	r->triage[r->nr_triage++] = t;
	return 0;
}

static int dir_alloc(struct parser *p, const struct words *w)
{
	return parse_alloc_rule(p, &w->v);
}

static int dir_include(struct parser *p, const struct words *w)
{
	return do_include(p, w->v.v[1]);
}

/* Where a pattern or filter directive puts its words (see struct directive). */
#define PATTERNS(v) offsetof(struct rules, v), offsetof(struct rules, nr_##v), 0
#define FILTER(v)   0, 0, offsetof(struct rules, filter.v)
#define OWN	    0, 0, 0 /* a directive with a handler of its own */

static const struct directive directives[] = {
	{"target", 2, 0, 0, "'%s' needs at least one pattern", dir_patterns,
	 PATTERNS(targets)},
	{"entry", 2, 0, 0, "'%s' needs at least one pattern", dir_patterns,
	 PATTERNS(entries)},
	{"entry-callees-of", 2, 0, 0, "'%s' needs at least one function",
	 dir_patterns, PATTERNS(entry_callees)},
	{"entry-registered-by", 2, 0, 0, "'%s' needs at least one function",
	 dir_patterns, PATTERNS(entry_registered)},
	{"alias", 3, 0, 0, "usage: alias NAME PATTERN...", dir_alias, OWN},
	{"runtime", 1, 1, 0, "usage: runtime", dir_runtime, OWN},
	{"exclude", 2, 0, 0, "'%s' needs at least one pattern", dir_filter,
	 FILTER(exclude)},
	{"only", 2, 0, 0, "'%s' needs at least one pattern", dir_filter,
	 FILTER(only)},
	{"stop", 2, 0, 0, "'%s' needs at least one pattern", dir_filter,
	 FILTER(stop)},
	{"exclude-file", 2, 0, 0, "'%s' needs at least one pattern", dir_filter,
	 FILTER(exclude_file)},
	{"edge", 4, 4, 0, "usage: edge CALLER CALLEE \"reason\"", dir_edge,
	 OWN},
	{"triage", 3, 3, 1, "usage: triage VERDICT \"reason\" : PATH-PATTERN",
	 dir_triage, OWN},
	/* the allocator facts check their own shapes */
	{"anonymous", 1, 0, 0, NULL, dir_alloc, OWN},
	{"size", 1, 0, 0, NULL, dir_alloc, OWN},
	{"include", 2, 2, 0, "usage: include FILE", dir_include, OWN},
};

static int parse_line(struct parser *p, const char *line)
{
	const struct directive *dir = NULL;
	struct words w;
	const char *d;
	size_t i, n;
	int ret = -1;

	if (split_words(p, line, &w))
		return -1;
	n = w.v.nr;
	if (!n) {
		ret = w.rest ? perr(p, "':' without a directive") : 0;
		goto out;
	}
	d = w.v.v[0];
	if (strcmp(d, "triage") && w.rest) {
		perr(p, "':' only belongs in a triage rule");
		goto out;
	}
	for (i = 0; i < ARRAY_SIZE(directives) && !dir; i++)
		if (!strcmp(d, directives[i].name))
			dir = &directives[i];
	if (!dir) {
		perr(p, "unknown directive '%s'", d);
		goto out;
	}
	if (n < dir->min || (dir->max && n > dir->max) ||
	    (dir->rest && !w.rest)) {
		perr(p, dir->usage, d);
		goto out;
	}
	p->dir = dir;
	ret = dir->parse(p, &w);
out:
	strvec_clear(&w.v);
	return ret;
}

int rules_elem_matches(const struct graph *g, const char *pat, uint32_t fi)
{
	const struct gfunc *f = &g->f[fi];

	if (strchr(pat, ':') && !strchr(pat, '#') && !has_glob(pat)) {
		/* "path/file.c:name" or a suffix "file.c:name" */
		const char *colon = strrchr(pat, ':');
		char *file = xstrndup(pat, (size_t)(colon - pat));
		int ok = (f->flags & GF_STATIC) &&
			 !strcmp(f->base, colon + 1) &&
			 (!strcmp(f->name, pat) ||
			  sym_unit_matches(f->unit, file));

		free(file);
		return ok;
	}
	return filter_name_matches(pat, f->name, f->base);
}

size_t rules_match_functions(const struct graph *g, const char *pattern,
			     struct sym_matches *out)
{
	struct sym_matches found = {0};
	size_t i, k, n;
	uint32_t f;

	if (!has_glob(pattern)) {
		sym_resolve(g, pattern, &found);
	} else {
		for (f = 0; f < g->nr; f++)
			if (rules_elem_matches(g, pattern, f)) {
				ALLOC_GROW(found.idx, found.nr + 1,
					   found.alloc);
				found.idx[found.nr++] = f;
			}
	}
	/* Merge; the count is of what PATTERN names, new or not. */
	for (i = 0; i < found.nr; i++) {
		for (k = 0; k < out->nr && out->idx[k] != found.idx[i]; k++)
			;
		if (k == out->nr) {
			ALLOC_GROW(out->idx, out->nr + 1, out->alloc);
			out->idx[out->nr++] = found.idx[i];
		}
	}
	n = found.nr;
	sym_matches_release(&found);
	return n;
}

int rules_alias(const struct rules *r, const struct graph *g, const char *name,
		struct sym_matches *out)
{
	size_t i, k;
	int found = 0;

	for (i = 0; i < r->nr_aliases; i++) {
		if (strcmp(r->aliases[i].name, name))
			continue;
		found = 1;
		for (k = 0; k < r->aliases[i].pats.nr; k++) {
			struct sym_matches m = {0};

			rules_match_functions(g, r->aliases[i].pats.v[k], &m);
			rules_merge_matches(out, &m);
			sym_matches_release(&m);
		}
	}
	return found;
}

void rules_merge_matches(struct sym_matches *out, const struct sym_matches *add)
{
	size_t i, k;

	for (i = 0; i < add->nr; i++) {
		for (k = 0; k < out->nr && out->idx[k] != add->idx[i]; k++)
			;
		if (k == out->nr) {
			ALLOC_GROW(out->idx, out->nr + 1, out->alloc);
			out->idx[out->nr++] = add->idx[i];
		}
	}
}

size_t rules_callees_of(const struct graph *g, const char *pattern,
			struct sym_matches *out)
{
	struct sym_matches fns = {0};
	size_t i, j, n;
	uint32_t k;

	n = rules_match_functions(g, pattern, &fns);
	for (i = 0; i < fns.nr; i++)
		for (k = g->out_start[fns.idx[i]];
		     k < g->out_start[fns.idx[i] + 1]; k++) {
			uint32_t c = g->out[k];
			const struct graph_user_edge *ue =
				graph_user_edge(g, fns.idx[i], c);

			/* calls the compiler saw, and edge rules */
			if (ue && !strncmp(ue->origin, GRAPH_INDIRECT_ORIGIN,
					   strlen(GRAPH_INDIRECT_ORIGIN)))
				continue;
			for (j = 0; j < out->nr && out->idx[j] != c; j++)
				;
			if (j == out->nr) {
				ALLOC_GROW(out->idx, out->nr + 1, out->alloc);
				out->idx[out->nr++] = c;
			}
		}
	sym_matches_release(&fns);
	return n;
}

/*
 * Match the patterns P; warn about one naming nothing when WHAT is given.
 * An entry point naming nothing is only listed by "check" (stale): one
 * rule set serves builds of several architectures and configurations.
 */
static void resolve_patterns(const struct graph *g, struct rule_pattern *p,
			     size_t n, struct sym_matches *out,
			     const char *what)
{
	size_t i;

	for (i = 0; i < n; i++) {
		p[i].matched = rules_match_functions(g, p[i].text, out);
		if (!p[i].matched && what)
			warning("%s:%d: %s '%s' names no function",
				p[i].origin.file, p[i].origin.line, what,
				p[i].text);
	}
}

void rules_apply(struct rules *r, struct graph *g, struct sym_matches *targets,
		 struct sym_matches *entries)
{
	struct graph_user_edge *add = NULL;
	size_t nr_add = 0, i, a, b;
	uint32_t k;

	resolve_patterns(g, r->targets, r->nr_targets, targets, "target");
	resolve_patterns(g, r->entries, r->nr_entries, entries, NULL);
	for (i = 0; i < r->nr_filter_pats; i++) {
		struct rule_pattern *p = &r->filter_pats[i];

		for (k = 0; k < g->nr && !p->matched; k++)
			if (filter_name_matches(p->text, g->f[k].name,
						g->f[k].base) ||
			    (*g->f[k].file &&
			     !fnmatch(p->text, skip_dot_slash(g->f[k].file),
				      0)) ||
			    (*g->f[k].unit &&
			     !fnmatch(p->text, g->f[k].unit, 0)))
				p->matched++;
		/* one naming nothing is only listed by "check" (stale) */
	}
	for (i = 0; i < r->nr_edges && !r->no_edges; i++) {
		struct edge_rule *e = &r->edges[i];
		struct sym_matches from = {0}, to = {0};

		rules_match_functions(g, e->caller, &from);
		rules_match_functions(g, e->callee, &to);
		if (!from.nr || !to.nr)
			warning("%s:%d: edge rule names no function ('%s')",
				e->origin.file, e->origin.line,
				!from.nr ? e->caller : e->callee);
		for (a = 0; a < from.nr; a++)
			for (b = 0; b < to.nr; b++) {
				add = xrealloc(add,
					       (nr_add + 1) * sizeof(*add));
				add[nr_add].caller = from.idx[a];
				add[nr_add].callee = to.idx[b];
				add[nr_add].reason = e->reason;
				add[nr_add].origin = e->where;
				nr_add++;
				e->matched++;
			}
		sym_matches_release(&from);
		sym_matches_release(&to);
	}
	if (nr_add)
		graph_add_user_edges(g, add, nr_add);
	free(add);
	for (i = 0; i < r->nr_entry_callees; i++) {
		struct rule_pattern *p = &r->entry_callees[i];
		struct sym_matches callees = {0};

		/* naming nothing: listed by "check" (stale) */
		rules_callees_of(g, p->text, &callees);
		p->matched = callees.nr;
		rules_merge_matches(entries, &callees);
		sym_matches_release(&callees);
	}
}

/* Does pattern T match PATH exactly ("..." is any run, even empty)? */
static int pattern_matches(const struct graph *g, const struct triage_rule *t,
			   const uint32_t *path, size_t len)
{
	/* m[j]: the first i pattern elements match the first j functions */
	unsigned char *m = xcalloc(len + 1, 1), *nm = xcalloc(len + 1, 1);
	size_t i, j;
	int ok;

	m[0] = 1;
	for (i = 0; i < t->nr_elems; i++) {
		const char *e = t->elems[i];

		memset(nm, 0, len + 1);
		if (!strcmp(e, RULE_ANY)) {
			int seen = 0;

			for (j = 0; j <= len; j++) {
				seen |= m[j];
				nm[j] = (unsigned char)seen;
			}
		} else {
			for (j = 1; j <= len; j++)
				nm[j] = m[j - 1] &&
					rules_elem_matches(g, e, path[j - 1]);
		}
		memcpy(m, nm, len + 1);
	}
	ok = m[len];
	free(m);
	free(nm);
	return ok;
}

static size_t glob_chars(const struct triage_rule *t)
{
	size_t i, n = 0;

	for (i = 0; i < t->nr_elems; i++)
		if (strcmp(t->elems[i], RULE_ANY) && has_glob(t->elems[i]))
			n++;
	return n;
}

const struct triage_rule *rules_triage(const struct rules *r,
				       const struct graph *g,
				       const uint32_t *path, size_t len)
{
	const struct triage_rule *best = NULL;
	size_t i;

	for (i = 0; i < r->nr_triage; i++) {
		const struct triage_rule *t = &r->triage[i];

		if (!pattern_matches(g, t, path, len))
			continue;
		/* More named functions win; then fewer globs; then the later
		 * rule. */
		if (!best || t->specificity > best->specificity ||
		    (t->specificity == best->specificity &&
		     glob_chars(t) <= glob_chars(best)))
			best = t;
	}
	return best;
}
