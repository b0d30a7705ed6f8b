/*
 * symbols.c - canonical names and the resolution of user-given names.
 */
#include "symbols.h"
#include "graph.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* GCC clone suffixes; those marked alone may stand without a number. */
static const struct {
	const char *word;
	int alone;
} clone_words[] = {
	{"isra", 0},	 {"constprop", 0},  {"part", 0},  {"cold", 1},
	{"lto_priv", 0}, {"localalias", 1}, {"clone", 0}, {"specialization", 0},
};

static int is_clone_word(const char *s, size_t len, int numbered)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(clone_words); i++)
		if (strlen(clone_words[i].word) == len &&
		    !memcmp(clone_words[i].word, s, len) &&
		    (numbered || clone_words[i].alone))
			return 1;
	return 0;
}

/* Are the LEN (> 0) first bytes of S digits? */
static int all_digits(const char *s, size_t len)
{
	return len && strspn(s, "0123456789") >= len;
}

/* Length of BASE (LEN bytes) once clone suffixes are stripped. */
static size_t strip_clone(const char *base, size_t len)
{
	for (;;) {
		const char *dot = NULL, *p;
		size_t seg;

		for (p = base + len; p > base; p--)
			if (p[-1] == '.') {
				dot = p - 1;
				break;
			}
		if (!dot || dot == base)
			return len;
		seg = (size_t)(base + len - dot - 1);
		if (all_digits(dot + 1, seg)) {
			const char *dot2 = NULL;

			for (p = dot; p > base; p--)
				if (p[-1] == '.') {
					dot2 = p - 1;
					break;
				}
			if (!dot2 || dot2 == base ||
			    !is_clone_word(dot2 + 1, (size_t)(dot - dot2 - 1),
					   1))
				return len;
			len = (size_t)(dot2 - base);
		} else if (is_clone_word(dot + 1, seg, 0)) {
			len = (size_t)(dot - base);
		} else {
			return len;
		}
	}
}

char *sym_canonical(const char *title)
{
	const char *colon = strrchr(title, ':');
	const char *base = colon ? colon + 1 : title;
	size_t keep = strip_clone(base, strlen(base));

	return xstrndup(title, (size_t)(base - title) + keep);
}

char *sym_canonical_in_unit(const char *title,
			    int (*has_title)(const char *t, void *ctx),
			    void *ctx)
{
	char *canon = sym_canonical(title);
	const char *base = sym_base(canon);

	if (base != canon && strcmp(canon, title) && !has_title(canon, ctx) &&
	    has_title(base, ctx)) {
		char *global = xstrdup(base);

		free(canon);
		return global;
	}
	return canon;
}

int sym_is_clone(const char *title)
{
	const char *colon = strrchr(title, ':');
	const char *base = colon ? colon + 1 : title;

	return strip_clone(base, strlen(base)) != strlen(base);
}

const char *sym_base(const char *canonical)
{
	const char *colon = strrchr(canonical, ':');

	return colon ? colon + 1 : canonical;
}

int sym_is_static(const char *canonical)
{
	return strchr(canonical, ':') != NULL;
}

static void add_match(struct sym_matches *out, uint32_t i)
{
	size_t k;

	for (k = 0; k < out->nr; k++)
		if (out->idx[k] == i)
			return;
	ALLOC_GROW(out->idx, out->nr + 1, out->alloc);
	out->idx[out->nr++] = i;
}

/* Does unit path UNIT name the file FILE ("a/b.c" matches "b.c", "a/b.c")? */
int sym_unit_matches(const char *unit, const char *file)
{
	size_t ul, fl;

	unit = skip_dot_slash(unit);
	file = skip_dot_slash(file);
	ul = strlen(unit);
	fl = strlen(file);
	if (fl > ul)
		return 0;
	if (strcmp(unit + ul - fl, file))
		return 0;
	return fl == ul || unit[ul - fl - 1] == '/';
}

size_t sym_resolve(const struct graph *g, const char *spec,
		   struct sym_matches *out)
{
	size_t before = out->nr;
	const char *sep = strrchr(spec, '#');
	uint32_t i;
	int64_t exact;

	if (!sep)
		sep = strrchr(spec, ':');
	if (!sep) {
		for (i = 0; i < g->nr; i++)
			if (!strcmp(g->f[i].base, spec))
				add_match(out, i);
		return out->nr - before;
	}
	if (*sep == ':') {
		exact = graph_find(g, spec);
		if (exact >= 0) {
			add_match(out, (uint32_t)exact);
			return out->nr - before;
		}
	}
	{
		char *file = xstrndup(spec, (size_t)(sep - spec));
		const char *name = sep + 1;

		for (i = 0; i < g->nr; i++) {
			const struct gfunc *f = &g->f[i];

			if (strcmp(f->base, name))
				continue;
			if ((f->flags & GF_STATIC)
				    ? sym_unit_matches(f->unit, file)
				    : (*f->file && sym_unit_matches(f->file, file)))
				add_match(out, i);
		}
		free(file);
	}
	return out->nr - before;
}

static size_t edit_distance(const char *a, const char *b, size_t cap)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t *row, best, r;

	if (la > lb + cap || lb > la + cap)
		return cap + 1;
	row = xmalloc((lb + 1) * sizeof(*row));
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		best = row[0];
		for (j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t v = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < v)
				v = up + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			diag = up;
			row[j] = v;
			if (v < best)
				best = v;
		}
		if (best > cap) {
			free(row);
			return cap + 1;
		}
	}
	r = row[lb];
	free(row);
	return r;
}

int sym_unknown(const struct graph *g, const char *spec)
{
	const char *sep = strrchr(spec, '#');
	const char *name;
	struct strbuf sb = STRBUF_INIT;
	size_t cap, best = (size_t)-1, shown = 0;
	size_t *dist;
	uint32_t i;

	if (!sep)
		sep = strrchr(spec, ':');
	name = sep ? sep + 1 : spec;
	cap = strlen(name) / 3;
	if (cap < 2)
		cap = 2;
	dist = xmalloc(((size_t)g->nr + 1) * sizeof(*dist));
	for (i = 0; i < g->nr; i++) {
		dist[i] = edit_distance(name, g->f[i].base, cap);
		if (dist[i] > cap && strstr(g->f[i].base, name) &&
		    strlen(name) >= 4)
			dist[i] = cap;
		if (dist[i] < best)
			best = dist[i];
	}
	if (best <= cap) {
		size_t d;

		for (d = best; d <= cap && shown < 5; d++)
			for (i = 0; i < g->nr && shown < 5; i++)
				if (dist[i] == d) {
					if (shown)
						strbuf_addstr(&sb, ", ");
					strbuf_add_echo(&sb, g->f[i].name);
					shown++;
				}
	}
	free(dist);
	if (shown)
		error("unknown function '%s'; did you mean: %s?", echo(spec),
		      strbuf_str(&sb));
	else
		error("unknown function '%s'", echo(spec));
	strbuf_release(&sb);
	return -1;
}

int sym_resolve_all(const struct graph *g, const char *const *specs, size_t nr,
		    struct sym_matches *out, int quiet)
{
	size_t i, k;
	int ret = 0;

	for (i = 0; i < nr; i++) {
		size_t before = out->nr;
		size_t n = sym_resolve(g, specs[i], out);

		if (!n && out->nr == before) {
			/* Unknown, or only functions already named. */
			struct sym_matches tmp = {0};

			if (!sym_resolve(g, specs[i], &tmp))
				ret = sym_unknown(g, specs[i]);
			sym_matches_release(&tmp);
			continue;
		}
		if (n > 1 && !quiet) {
			struct strbuf sb = STRBUF_INIT;

			for (k = before; k < out->nr; k++) {
				if (k > before)
					strbuf_addstr(&sb, ", ");
				strbuf_add_echo(&sb, g->f[out->idx[k]].name);
			}
			note("'%s' names %zu functions: %s", echo(specs[i]), n,
			     strbuf_str(&sb));
			strbuf_release(&sb);
		}
	}
	return ret;
}

void sym_matches_release(struct sym_matches *m)
{
	free(m->idx);
	memset(m, 0, sizeof(*m));
}

uint64_t sym_path_id(const struct graph *g, const uint32_t *path, size_t len)
{
	uint64_t h = FNV64_INIT;
	size_t i;

	for (i = 0; i < len; i++) {
		const char *name = g->f[path[i]].name;

		if (i)
			h = fnv64(h, "\n", 1);
		h = fnv64(h, name, strlen(name));
	}
	return h;
}
