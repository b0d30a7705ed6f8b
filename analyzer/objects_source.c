/*
 * objects_source.c - the source lines of a unit, and the access chains
 * ("base->a.b[i]->member") read from them around a call or a store.
 */
#include "objects_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_SOURCE_BYTES (16 * 1024 * 1024)

void objects_sources_release(struct sources *ss)
{
	size_t i;

	for (i = 0; i < ss->nr; i++) {
		free(ss->v[i].path);
		free(ss->v[i].text);
		free(ss->v[i].line);
	}
	free(ss->v);
}

static char *slurp(const char *path, size_t *len)
{
	struct stat st;
	FILE *fp;
	char *buf;

	if (stat(path, &st) || !S_ISREG(st.st_mode) ||
	    st.st_size > MAX_SOURCE_BYTES)
		return NULL;
	fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	buf = xmalloc((size_t)st.st_size + 1);
	*len = fread(buf, 1, (size_t)st.st_size, fp);
	fclose(fp);
	buf[*len] = '\0';
	return buf;
}

/*
 * The source file NAME: a relative name is under the root; an absolute
 * name that is gone is looked for under the root by its trailing parts
 * (a tree built elsewhere). NULL when it cannot be read.
 */
const struct source *objects_source_get(struct sources *ss, const char *name)
{
	struct source *s;
	size_t i;

	for (i = 0; i < ss->nr; i++)
		if (!strcmp(ss->v[i].path, name))
			return ss->v[i].text ? &ss->v[i] : NULL;
	ALLOC_GROW(ss->v, ss->nr + 1, ss->alloc);
	s = &ss->v[ss->nr++];
	memset(s, 0, sizeof(*s));
	s->path = xstrdup(name);
	if (name[0] == '/') {
		const char *p = name;

		s->text = slurp(name, &s->len);
		while (!s->text && (p = strchr(p + 1, '/'))) {
			char *alt = xstrfmt("%s/%s", ss->root, p + 1);

			s->text = slurp(alt, &s->len);
			free(alt);
		}
	} else {
		char *full = xstrfmt("%s/%s", ss->root, skip_dot_slash(name));

		s->text = slurp(full, &s->len);
		free(full);
	}
	if (!s->text)
		return NULL;
	for (i = 0; i < s->len; i++)
		if (i == 0 || s->text[i - 1] == '\n') {
			ALLOC_GROW(s->line, s->nr_lines + 1, s->alloc_lines);
			s->line[s->nr_lines++] = i;
		}
	return s;
}

/* The offset of LINE (from 1) in S, or -1. */
long objects_line_start(const struct source *s, int line)
{
	if (line < 1 || (size_t)line > s->nr_lines)
		return -1;
	return (long)s->line[line - 1];
}

size_t objects_line_end(const struct source *s, size_t pos)
{
	while (pos < s->len && s->text[pos] != '\n')
		pos++;
	return pos;
}

/* The start of the line N lines above the one holding POS. */
size_t objects_lines_above(const struct source *s, int line, int n)
{
	long b = objects_line_start(s, line - n > 1 ? line - n : 1);

	return b < 0 ? 0 : (size_t)b;
}

/* ---- access chains in C source text ---- */

int objects_ident_char(int c)
{
	return isalnum((unsigned char)c) || c == '_';
}

int objects_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\\';
}

void objects_chain_release(struct chain *c)
{
	size_t i;

	free(c->base);
	for (i = 0; i < c->nr; i++)
		free((char *)c->steps[i].name);
	memset(c, 0, sizeof(*c));
}

static void chain_push(struct dwarf_step *rev, size_t *n,
		       enum dwarf_step_kind kind, const char *name, size_t len)
{
	rev[*n].kind = kind;
	rev[*n].name = name ? xstrndup(name, len) : NULL;
	(*n)++;
}

/*
 * Read backwards, from the operator at OP ("->" or ".") of member NAME
 * (LEN bytes), the chain that ends there; T[LO..] may be read.
 */
void objects_parse_chain(const char *t, size_t lo, size_t op, const char *name,
			 size_t len, struct chain *c)
{
	struct dwarf_step rev[MAX_CHAIN];
	size_t n = 0, p = op, i;

	memset(c, 0, sizeof(*c));
	chain_push(rev, &n, t[op] == '-' ? STEP_ARROW : STEP_DOT, name, len);
	while (n < MAX_CHAIN) {
		size_t q = p, b, r;

		while (q > lo && objects_blank(t[q - 1]))
			q--;
		if (q > lo && t[q - 1] == ']') {
			int depth = 0;

			for (q--; q > lo; q--) {
				if (t[q] == ']')
					depth++;
				else if (t[q] == '[' && !--depth)
					break;
			}
			if (t[q] != '[' || depth)
				break;
			chain_push(rev, &n, STEP_INDEX, NULL, 0);
			p = q;
			continue;
		}
		if (q == lo || !objects_ident_char(t[q - 1]))
			break;
		for (b = q; b > lo && objects_ident_char(t[b - 1]); b--)
			;
		if (isdigit((unsigned char)t[b]))
			break;
		for (r = b; r > lo && objects_blank(t[r - 1]); r--)
			;
		if (r >= lo + 2 && t[r - 1] == '>' && t[r - 2] == '-') {
			chain_push(rev, &n, STEP_ARROW, t + b, q - b);
			p = r - 2;
		} else if (r > lo && t[r - 1] == '.' &&
			   !(r >= lo + 2 && t[r - 2] == '.')) {
			chain_push(rev, &n, STEP_DOT, t + b, q - b);
			p = r - 1;
		} else {
			c->base = xstrndup(t + b, q - b);
			break;
		}
	}
	for (i = 0; i < n; i++)
		c->steps[i] = rev[n - 1 - i];
	c->nr = n;
	if (!c->base) {
		/* no plain variable: keep only the member */
		for (i = 0; i + 1 < n; i++)
			free((char *)c->steps[i].name);
		c->steps[0] = c->steps[n - 1];
		c->nr = 1;
	}
}

static void add_cand(struct cand **out, size_t *alloc, size_t nr, size_t op,
		     size_t name, size_t len, size_t end)
{
	ALLOC_GROW(*out, nr + 1, *alloc);
	(*out)[nr].op = op;
	(*out)[nr].name = name;
	(*out)[nr].len = len;
	(*out)[nr].end = end;
}

size_t objects_find_candidates(const char *t, size_t from, size_t to,
			       struct cand **out, size_t *alloc, size_t nr)
{
	size_t i;

	for (i = from; i < to; i++) {
		size_t j, k, m;

		if (t[i] == '-' && i + 1 < to && t[i + 1] == '>')
			j = i + 2;
		else if (t[i] == '.' && i + 1 < to && t[i + 1] != '.' &&
			 (i == 0 || (!isdigit((unsigned char)t[i - 1]) &&
				     t[i - 1] != '.')))
			j = i + 1;
		else
			continue;
		while (j < to && objects_blank(t[j]))
			j++;
		if (j >= to || !objects_ident_char(t[j]) ||
		    isdigit((unsigned char)t[j]))
			continue;
		for (k = j; k < to && objects_ident_char(t[k]); k++)
			;
		for (m = k; m < to && (objects_blank(t[m]) || t[m] == ')'); m++)
			;
		if (m >= to || t[m] != '(')
			continue;
		add_cand(out, alloc, nr++, i, j, k - j, m);
	}
	return nr;
}

/* Is the call whose "(" is at T[OPEN] followed by "->" or "."? */
int objects_result_used(const char *t, size_t open, size_t to)
{
	size_t e;
	int depth = 0;

	for (e = open; e < to; e++) {
		if (t[e] == '(')
			depth++;
		else if (t[e] == ')' && !--depth)
			break;
	}
	for (e++; e < to && objects_blank(t[e]); e++)
		;
	return e + 1 < to && (t[e] == '.' || (t[e] == '-' && t[e + 1] == '>'));
}

/*
 * The member access ending the first argument of the call whose "(" is at
 * T[OPEN]: "alternative_call(hvm_funcs.m, ...)", "iommu_call(ops, m, ...)".
 */
size_t objects_first_arg_candidate(const char *t, size_t open, size_t to,
				   struct cand **out, size_t *alloc)
{
	size_t e, m, k, op;
	int depth = 0;

	for (e = open + 1; e < to; e++) {
		if (strchr("([{", t[e]))
			depth++;
		else if (strchr(")]}", t[e]) && depth)
			depth--;
		else if (!depth && (t[e] == ',' || t[e] == ')'))
			break;
	}
	if (e >= to)
		return 0;
	for (k = e; k > open + 1 && objects_blank(t[k - 1]); k--)
		;
	for (m = k; m > open + 1 && objects_ident_char(t[m - 1]); m--)
		;
	if (m == k || isdigit((unsigned char)t[m]))
		return 0;
	for (op = m; op > open + 1 && objects_blank(t[op - 1]); op--)
		;
	if (op >= open + 3 && t[op - 1] == '>' && t[op - 2] == '-')
		op -= 2;
	else if (op >= open + 2 && t[op - 1] == '.')
		op--;
	else
		return 0;
	add_cand(out, alloc, 0, op, m, k - m, e);
	return 1;
}

/* The identifier argument after the ',' at T[POS], or 0 (its length). */
size_t objects_next_arg_ident(const char *t, size_t pos, size_t to,
			      size_t *start)
{
	size_t j = pos + 1, k, e;

	while (j < to && objects_blank(t[j]))
		j++;
	if (j >= to || !objects_ident_char(t[j]) ||
	    isdigit((unsigned char)t[j]))
		return 0;
	for (k = j; k < to && objects_ident_char(t[k]); k++)
		;
	*start = j;
	for (e = k; e < to && objects_blank(t[e]); e++)
		;
	if (e >= to || (t[e] != ',' && t[e] != ')'))
		return 0;
	return k - j;
}
