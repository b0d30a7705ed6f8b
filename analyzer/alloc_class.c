/*
 * alloc_class.c - classifying allocations as anonymous, attributed or
 * unknown, and sizing them, from the allocator rules and the argument
 * values of call sites (see alloc_class.h). The sites of each call are
 * read from the database once, when first needed, and kept in a hash
 * table keyed by the call.
 */
#include "alloc_class.h"
#include "hashmap.h"
#include "graph.h"
#include "graph_db.h"
#include "rules.h"
#include "util.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#define MAX_VALUES 32 /* values one argument may resolve to on a path */
#define PAGE_SHIFT 12 /* "size FUNC order arg N": 4096 << N bytes */

static const char *const class_names[ACLASS_COUNT] = {
	[ACLASS_ANONYMOUS] = "anonymous",
	[ACLASS_UNKNOWN] = "unknown",
	[ACLASS_PASSED] = "passed",
	[ACLASS_ATTRIBUTED] = "attributed",
};

const char *alloc_class_name(enum alloc_class c)
{
	return name_of(class_names, ACLASS_COUNT, c);
}

int alloc_class_parse(const char *name)
{
	return name_index(class_names, ACLASS_COUNT, name);
}

struct edge_sites {
	struct alloc_site *v;
	size_t nr;
};

struct alloc_classifier {
	struct graph_db *db;
	const struct graph *g;
	const struct rules *r;
	int have_tables;
	struct hashmap edges;	 /* caller << 32 | callee: struct edge_sites */
	struct strvec texts;	 /* the "why" lines handed out, each once */
	struct hashmap text_map; /* each of TEXTS, by itself */
	char *missing;
	sqlite3_stmt *st_sites, *st_unit;
	sqlite3_stmt *st_ci_sites; /* graph_db_call_sites_of()'s, kept */
};

/* S (the caller's, freed) as a text the classifier keeps, made once. */
static const char *text(struct alloc_classifier *ac, char *s)
{
	void **slot = hashmap_get_str(&ac->text_map, s);

	if (!slot) {
		const char *kept;

		strvec_push(&ac->texts, s);
		kept = ac->texts.v[ac->texts.nr - 1];
		slot = hashmap_put_str(&ac->text_map, kept, NULL);
		*slot = (void *)kept;
	}
	free(s);
	return *slot;
}

struct alloc_classifier *alloc_classifier_new(struct graph_db *db,
					      const struct graph *g,
					      const struct rules *r)
{
	struct alloc_classifier *ac = xcalloc(1, sizeof(*ac));
	int64_t n;

	ac->db = db;
	ac->g = g;
	ac->r = r;
	n = graph_db_schema_has(db, "table", "obj_call_sites");
	if (n < 0)
		goto fail;
	ac->have_tables = n > 0;
	if (graph_db_schema_has(db, "table", "obj_units") <= 0)
		ac->missing = xstrdup(
			"no object files were read: keep each object beside"
			" its .ci file and ingest again");
	else if (graph_db_count(db, "SELECT count(*) FROM obj_units") <= 0)
		ac->missing = xstrdup("no object files were read: keep each"
				      " object beside its .ci file and ingest"
				      " again");
	else if (graph_db_count(db, "SELECT count(*) FROM obj_units"
				    " WHERE debug") <= 0)
		ac->missing = xstrdup(
			"the objects have no debug information: build with"
			" -g (Xen: CONFIG_DEBUG_INFO=y) and ingest again");
	else if (!ac->have_tables ||
		 graph_db_count(db, "SELECT count(*) FROM obj_call_sites") <= 0)
		ac->missing = xstrdup(
			"no argument values of call sites were read: ingest"
			" again with --rebuild (and without --no-arguments),"
			" from objects built with -O2 -g");
	if (ac->have_tables &&
	    graph_db_prepare(db,
			     "SELECT file, line, col, caller_clone,"
			     " callee_clone, abi, args FROM obj_call_sites"
			     " WHERE callee = ?1 AND caller = ?2"
			     " ORDER BY file, line, col, unit_id, rowid",
			     &ac->st_sites, "reading call sites"))
		goto fail;
	if (!ac->missing &&
	    graph_db_prepare(db,
			     "SELECT u.debug FROM obj_units u JOIN functions"
			     " f ON f.unit_id = u.unit_id WHERE f.id = ?1",
			     &ac->st_unit, "reading object units"))
		goto fail;
	return ac;
fail:
	alloc_classifier_free(ac);
	return NULL;
}

static void sites_release(struct alloc_site *v, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		free(v[i].file);
		free(v[i].abi);
		free(v[i].caller_clone);
		free(v[i].callee_clone);
	}
	free(v);
}

void alloc_classifier_free(struct alloc_classifier *ac)
{
	struct hashmap_entry *e;
	size_t pos = 0;

	if (!ac)
		return;
	while ((e = hashmap_next(&ac->edges, &pos))) {
		struct edge_sites *es = e->value;

		sites_release(es->v, es->nr);
		free(es);
	}
	hashmap_release(&ac->edges);
	strvec_clear(&ac->texts);
	hashmap_release(&ac->text_map);
	free(ac->missing);
	sqlite3_finalize(ac->st_sites);
	sqlite3_finalize(ac->st_unit);
	sqlite3_finalize(ac->st_ci_sites);
	free(ac);
}

const char *alloc_classifier_missing(struct alloc_classifier *ac)
{
	return ac->missing;
}

int alloc_classifier_covers(struct alloc_classifier *ac, uint32_t f)
{
	size_t i;

	for (i = 0; i < ac->r->nr_alloc; i++)
		if (rules_elem_matches(ac->g, ac->r->alloc[i].func, f))
			return 1;
	return 0;
}

/* ---- the sites of a call ---- */

static int same_loc(const struct alloc_site *s, const struct call_site *c)
{
	return s->file && c->file && !strcmp(s->file, c->file) &&
	       s->line == c->line && s->col == c->col;
}

/* Read "1=const:0 2=passed:1 3=other" into S's arguments. */
static void parse_args(const char *t, struct alloc_site *s)
{
	while (t && *t) {
		char *end;
		long a = strtol(t, &end, 10);
		int k;

		if (end == t || *end != '=')
			return;
		t = end + 1;
		for (k = CALLARG_CONST; k <= CALLARG_OTHER; k++) {
			const char *name =
				callarg_kind_name((enum callarg_kind)k);
			size_t n = strlen(name);

			if (!strncmp(t, name, n) &&
			    (t[n] == ':' || t[n] == ' ' || !t[n]))
				break;
		}
		if (k > CALLARG_OTHER)
			return;
		t += strlen(callarg_kind_name((enum callarg_kind)k));
		if (a >= 1 && a <= ACLASS_MAX_ARGS)
			s->arg[a].kind = (enum callarg_kind)k;
		if (*t == ':') {
			unsigned long long v = strtoull(t + 1, &end, 10);

			if (t[1] == '-')
				v = (unsigned long long)strtoll(t + 1, &end,
								10);
			if (a >= 1 && a <= ACLASS_MAX_ARGS)
				s->arg[a].value = v;
			t = end;
		}
		while (*t == ' ')
			t++;
	}
}

/* Why a site of CALLER has no DWARF call site. */
static const char *no_dwarf_reason(struct alloc_classifier *ac, uint32_t caller)
{
	int rc;

	if (ac->missing)
		return ac->missing;
	sqlite3_reset(ac->st_unit);
	sqlite3_bind_int64(ac->st_unit, 1, ac->g->f[caller].id);
	rc = sqlite3_step(ac->st_unit);
	if (rc != SQLITE_ROW)
		return "no object file was read for the caller's unit";
	if (!sqlite3_column_int(ac->st_unit, 0))
		return "the caller's object has no debug information (build"
		       " it with -g)";
	return "no argument of this call has a value known at compile time"
	       " (computed at run time, or not recorded)";
}

struct dwarf_sites {
	struct alloc_site *v;
	size_t nr, alloc;
};

/* A row of obj_call_sites added to the struct dwarf_sites CTX. */
static void add_dwarf_site(sqlite3_stmt *st, void *ctx)
{
	struct dwarf_sites *ds = ctx;
	struct alloc_site *s;

	ALLOC_GROW(ds->v, ds->nr + 1, ds->alloc);
	s = &ds->v[ds->nr++];
	memset(s, 0, sizeof(*s));
	s->file = graph_db_column_strdup(st, 0);
	s->line = sqlite3_column_int(st, 1);
	s->col = sqlite3_column_int(st, 2);
	s->caller_clone = graph_db_column_strdup(st, 3);
	s->callee_clone = graph_db_column_strdup(st, 4);
	s->abi = graph_db_column_strdup(st, 5);
	s->dwarf = 1;
	parse_args((const char *)sqlite3_column_text(st, 6), s);
}

/* Read the sites of CALLER -> CALLEE into E. */
static void load_edge(struct alloc_classifier *ac, uint32_t caller,
		      uint32_t callee, struct edge_sites *e)
{
	const struct graph *g = ac->g;
	struct call_sites cs = {0};
	struct dwarf_sites ds = {NULL, 0, 0};
	size_t i, k;

	if (ac->st_sites) {
		sqlite3_stmt *st = ac->st_sites;

		sqlite3_bind_text(st, 1, g->f[callee].name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, g->f[caller].name, -1, SQLITE_STATIC);
		/* an error is reported; the call then has no DWARF sites */
		graph_db_rows(ac->db, st, add_dwarf_site, &ds,
			      "reading call sites");
	}
	/* pair them with the .ci sites of the call, in order */
	if (graph_db_call_sites_of(ac->db, &ac->st_ci_sites, g->f[caller].id,
				   g->f[callee].id, &cs))
		cs.nr = 0;
	e->v = xcalloc(cs.nr + 1, sizeof(*e->v));
	for (i = 0; i < cs.nr; i++) {
		struct alloc_site *s = &e->v[i];

		for (k = 0; k < ds.nr; k++)
			if (ds.v[k].file && same_loc(&ds.v[k], &cs.v[i]))
				break;
		if (k < ds.nr) {
			*s = ds.v[k];
			memset(&ds.v[k], 0, sizeof(ds.v[k]));
		} else {
			s->file = cs.v[i].file && *cs.v[i].file
					  ? xstrdup(cs.v[i].file)
					  : NULL;
			s->line = cs.v[i].line;
			s->col = cs.v[i].col;
			s->no_dwarf = no_dwarf_reason(ac, caller);
		}
	}
	e->nr = cs.nr;
	if (!cs.nr) { /* a call through a pointer, or a rule's edge */
		e->nr = 1;
		e->v[0].no_dwarf = "a call through a pointer: no argument"
				   " values are recorded";
	}
	call_sites_release(&cs);
	sites_release(ds.v, ds.nr);
}

static struct edge_sites *edge(struct alloc_classifier *ac, uint32_t caller,
			       uint32_t callee)
{
	int added;
	void **slot = hashmap_put_u64(&ac->edges,
				      (uint64_t)caller << 32 | callee, &added);

	if (added) {
		struct edge_sites *e = xcalloc(1, sizeof(*e));

		*slot = e;
		load_edge(ac, caller, callee, e);
		return e;
	}
	return *slot;
}

size_t alloc_edge_sites(struct alloc_classifier *ac, uint32_t caller,
			uint32_t callee, const struct alloc_site **v)
{
	struct edge_sites *e = edge(ac, caller, callee);

	*v = e->v;
	return e->nr;
}

/* ---- values along a path ---- */

struct values {
	struct alloc_arg v[MAX_VALUES];
	size_t nr;
	int passed; /* site alone: the caller's argument it depends on */
	int open;   /* some value is the path's first function's argument */
	const char *why; /* of the first unknown value */
};

static void add_value(struct values *vs, enum callarg_kind k, uint64_t v,
		      const char *why)
{
	if (k != CALLARG_CONST && k != CALLARG_ADDRESS && !vs->why)
		vs->why = why;
	if (vs->nr == MAX_VALUES) {
		vs->v[MAX_VALUES - 1].kind = CALLARG_OTHER;
		return;
	}
	vs->v[vs->nr].kind = k;
	vs->v[vs->nr].value = v;
	vs->nr++;
}

static int clone_ok(const char *want, const char *have)
{
	return !strcmp(want ? want : "", have ? have : "");
}

/*
 * The values argument ARG of site S of the call PATH[POS-1] -> PATH[POS]
 * may take; RESOLVE: follow values passed through up the path.
 */
static void resolve(struct alloc_classifier *ac, const uint32_t *path,
		    size_t pos, const struct alloc_site *s, int arg,
		    int resolve_up, struct values *vs)
{
	const struct alloc_arg *a = &s->arg[arg];
	const char *caller = ac->g->f[path[pos - 1]].name;
	const struct alloc_site *up;
	size_t n, i, used = 0;
	char *why;

	if (vs->nr == MAX_VALUES) { /* enough: the rest is not looked at */
		add_value(vs, CALLARG_OTHER, 0, "too many values on the path");
		return;
	}
	if (!s->dwarf) {
		add_value(vs, CALLARG_NONE, 0, s->no_dwarf);
		return;
	}
	if (!s->abi) {
		add_value(vs, CALLARG_NONE, 0,
			  "the calling convention of this architecture is"
			  " unknown (x86_64 and AArch64 are known)");
		return;
	}
	switch (a->kind) {
	case CALLARG_CONST:
	case CALLARG_ADDRESS:
		add_value(vs, a->kind, a->value, NULL);
		return;
	case CALLARG_NONE:
	case CALLARG_OTHER:
		why = a->kind == CALLARG_NONE
			      ? xstrfmt("%s records no value for argument %d",
					caller, arg)
			      : xstrfmt("argument %d is computed at run time"
					" in %s",
					arg, caller);
		add_value(vs, a->kind, 0, text(ac, why));
		return;
	case CALLARG_PASSED:
		break;
	}
	if (!resolve_up) {
		if (!vs->passed)
			vs->passed = (int)a->value;
		add_value(vs, CALLARG_PASSED, a->value, NULL);
		return;
	}
	if (pos < 2) {
		vs->open = 1;
		add_value(
			vs, CALLARG_PASSED, a->value,
			text(ac, xstrfmt("argument %d is %s's own argument"
					 " %d, and %s is the entry point",
					 arg, caller, (int)a->value, caller)));
		return;
	}
	if (a->value > ACLASS_MAX_ARGS) {
		add_value(vs, CALLARG_OTHER, 0,
			  "an argument beyond the eighth");
		return;
	}
	n = alloc_edge_sites(ac, path[pos - 2], path[pos - 1], &up);
	for (i = 0; i < n; i++) {
		if (up[i].dwarf &&
		    !clone_ok(s->caller_clone, up[i].callee_clone))
			continue; /* a call to another clone of the caller */
		used++;
		resolve(ac, path, pos - 1, &up[i], (int)a->value, 1, vs);
	}
	if (!used)
		add_value(vs, CALLARG_OTHER, 0,
			  text(ac, xstrfmt("argument %d of %s%s is not passed"
					   " by a call on the path",
					   (int)a->value, caller,
					   s->caller_clone ? s->caller_clone
							   : "")));
}

enum truth { T_FALSE, T_TRUE, T_UNKNOWN };

static enum truth holds(const struct alloc_rule *r, const struct values *vs)
{
	size_t i;
	int all_false = 1;

	for (i = 0; i < vs->nr; i++) {
		const struct alloc_arg *a = &vs->v[i];
		enum truth t = T_UNKNOWN;

		if (a->kind == CALLARG_CONST)
			t = r->kind == ALLOC_ANON_EQ
				    ? a->value == r->value
				    : (a->value & r->value) != 0;
		else if (a->kind == CALLARG_ADDRESS &&
			 r->kind == ALLOC_ANON_EQ && r->value == 0)
			t = T_FALSE; /* an object's address is not NULL */
		if (t == T_TRUE)
			return T_TRUE;
		if (t != T_FALSE)
			all_false = 0;
	}
	return all_false && vs->nr ? T_FALSE : T_UNKNOWN;
}

/* The verdict on site S of PATH[LEN-2] -> PATH[LEN-1]. */
static void classify(struct alloc_classifier *ac, const uint32_t *path,
		     size_t len, const struct alloc_site *s, int resolve_up,
		     struct alloc_verdict *out)
{
	const struct rules *r = ac->r;
	uint32_t callee = path[len - 1];
	const char *name = ac->g->f[callee].name;
	size_t i;
	int conds = 0, passed = 0, other = 0, all_false = 1;
	const char *why = NULL;

	memset(out, 0, sizeof(*out));
	out->cls = ACLASS_UNKNOWN;
	out->size = -1;
	out->site = s;
	out->caller = path[len - 2];
	for (i = 0; i < r->nr_alloc; i++) {
		const struct alloc_rule *a = &r->alloc[i];
		struct values vs;
		enum truth t;

		if (a->kind > ALLOC_ANON_MASK ||
		    !rules_elem_matches(ac->g, a->func, callee))
			continue;
		conds++;
		if (a->kind == ALLOC_ANON_ALWAYS) {
			out->cls = ACLASS_ANONYMOUS;
			out->rule = a;
			break;
		}
		if (s->callee_clone && *s->callee_clone) {
			why = text(ac, xstrfmt("the call goes to the clone"
					       " %s%s, whose arguments may"
					       " differ",
					       ac->g->f[callee].base,
					       s->callee_clone));
			all_false = 0;
			other = 1;
			continue;
		}
		memset(&vs, 0, sizeof(vs));
		resolve(ac, path, len - 1, s, a->arg, resolve_up, &vs);
		t = holds(a, &vs);
		if (t == T_TRUE) {
			out->cls = ACLASS_ANONYMOUS;
			out->rule = a;
			break;
		}
		if (t == T_UNKNOWN) {
			all_false = 0;
			if (vs.open)
				out->open = 1;
			if (vs.passed && !vs.why) {
				passed = 1;
				if (!out->passed_arg)
					out->passed_arg = vs.passed;
			} else {
				other = 1;
				if (!why)
					why = vs.why;
			}
		}
		if (!out->rule)
			out->rule = a;
	}
	if (out->cls == ACLASS_ANONYMOUS)
		out->open = 0;
	if (out->cls != ACLASS_ANONYMOUS) {
		if (!conds) {
			out->rule = NULL;
			why = text(ac,
				   xstrfmt("no anonymous rule names %s", name));
		} else if (all_false) {
			out->cls = ACLASS_ATTRIBUTED;
		} else if (passed && !other) {
			out->cls = ACLASS_PASSED;
		}
		if (out->cls != ACLASS_PASSED)
			out->passed_arg = 0;
		if (out->cls != ACLASS_UNKNOWN)
			out->open = 0;
		out->why = why;
	}
	/* the size */
	for (i = 0; i < r->nr_alloc; i++) {
		const struct alloc_rule *a = &r->alloc[i];
		struct values vs;
		size_t k;
		int64_t max = -1;

		if (a->kind < ALLOC_SIZE_BYTES ||
		    !rules_elem_matches(ac->g, a->func, callee))
			continue;
		if (s->callee_clone && *s->callee_clone)
			break;
		memset(&vs, 0, sizeof(vs));
		resolve(ac, path, len - 1, s, a->arg, resolve_up, &vs);
		for (k = 0; k < vs.nr; k++) {
			int64_t b;

			if (vs.v[k].kind != CALLARG_CONST) {
				max = -1;
				if (vs.v[k].kind == CALLARG_PASSED &&
				    !resolve_up)
					out->size_arg = (int)vs.v[k].value;
				break;
			}
			if (a->kind == ALLOC_SIZE_ORDER)
				b = vs.v[k].value < 51
					    ? (int64_t)1 << (vs.v[k].value +
							     PAGE_SHIFT)
					    : -1;
			else
				b = vs.v[k].value <= INT64_MAX
					    ? (int64_t)vs.v[k].value
					    : -1;
			if (b < 0) {
				max = -1;
				break;
			}
			if (b > max)
				max = b;
		}
		out->size = max;
		break;
	}
}

void alloc_classify_site(struct alloc_classifier *ac, uint32_t caller,
			 uint32_t callee, const struct alloc_site *s,
			 struct alloc_verdict *out)
{
	uint32_t path[2] = {caller, callee};

	classify(ac, path, 2, s, 0, out);
}

void alloc_classify_path(struct alloc_classifier *ac, const uint32_t *path,
			 size_t len, const struct alloc_site *only_site,
			 struct alloc_verdict *out)
{
	const struct alloc_site *v;
	struct alloc_verdict best, cur;
	size_t n, i;
	int all_attr = 1;

	if (len < 2) {
		memset(out, 0, sizeof(*out));
		out->cls = ACLASS_UNKNOWN;
		out->size = -1;
		out->why = "a path of one function makes no call";
		return;
	}
	if (only_site) {
		classify(ac, path, len, only_site, 1, out);
		return;
	}
	n = alloc_edge_sites(ac, path[len - 2], path[len - 1], &v);
	memset(&best, 0, sizeof(best));
	for (i = 0; i < n; i++) {
		classify(ac, path, len, &v[i], 1, &cur);
		if (cur.cls != ACLASS_ATTRIBUTED)
			all_attr = 0;
		if (!i || cur.cls < best.cls ||
		    (cur.cls == best.cls && cur.size > best.size))
			best = cur;
	}
	if (!all_attr && best.cls == ACLASS_ATTRIBUTED)
		best.cls = ACLASS_UNKNOWN;
	*out = best;
}
