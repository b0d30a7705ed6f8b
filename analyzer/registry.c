/*
 * registry.c - the registry tier (see registry.h): registrars and
 * dispatchers found for each unit, joined with the registration calls
 * once all units are in (objects_read.c).
 *
 * A registrar is a function with a function pointer parameter whose code
 * refers to a variable that can hold a function pointer of the same
 * signature (location "variable", the variable), or that has a parameter
 * pointing to a struct with a member of that signature (location
 * "member", "STRUCT.MEMBER"). A dispatcher is a function with indirect
 * call sites whose code refers to a variable holding function pointers,
 * or that has a parameter or variable (its inlined functions' too) that
 * is or points to a struct with function pointer members.
 */
#include "registry.h"
#include "ci_parse.h"
#include "dwarf_dispatch.h"
#include "graph.h"
#include "graph_db.h"
#include "hashmap.h"
#include "symbols.h"
#include "util.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

const char *const registry_tables[] = {
	"obj_registrars",
	"obj_dispatchers",
	"obj_registration_lines",
};
const size_t registry_nr_tables = ARRAY_SIZE(registry_tables);

/* Rows of one function, each once (SEEN holds those of ROWS). */
struct row_set {
	struct strvec rows;
	struct hashmap seen;
};

/* Add "KIND LOCATION" (and "\x1fSIGNATURE" or SITE) to RS once. */
static void add_row(struct row_set *rs, const char *kind, const char *loc,
		    const char *sig)
{
	struct strbuf r = STRBUF_INIT;

	/* joined by hand: a function adds a row per slot and site */
	strbuf_addstr(&r, kind);
	strbuf_addch(&r, ' ');
	strbuf_addstr(&r, loc);
	if (sig) {
		strbuf_addch(&r, '\x1f');
		strbuf_addstr(&r, sig);
	}
	if (!hashmap_get_str(&rs->seen, r.buf)) {
		strvec_push(&rs->rows, r.buf);
		hashmap_put_str(&rs->seen, rs->rows.v[rs->rows.nr - 1], NULL);
	}
	strbuf_release(&r);
}

static char *ref_key(const char *title, const struct registry_ref *r)
{
	return r->local ? xstrfmt("%s:%s", title, r->name) : xstrdup(r->name);
}

/*
 * Queue ROWS ("KIND LOCATION", "\x1fSIGNATURE" or SITE after it) of
 * function NAME of unit UNIT_ID in B; 0 or -1 (reported).
 */
static int queue_rows(struct graph_db *gdb, struct batch *b, int64_t unit_id,
		      const char *name, const struct strvec *rows)
{
	size_t i;

	for (i = 0; i < rows->nr; i++) {
		const char *sp = strchr(rows->v[i], ' ');
		const char *us = strchr(sp, '\x1f');

		batch_int(b, unit_id);
		batch_str(b, name);
		batch_text(b, rows->v[i], (size_t)(sp - rows->v[i]));
		batch_text(b, sp + 1,
			   us ? (size_t)(us - sp - 1) : strlen(sp + 1));
		batch_str(b, us ? us + 1 : NULL);
		if (batch_row(gdb, b))
			return -1;
	}
	return 0;
}

int registry_writer_flush(struct graph_db *gdb, struct registry_writer *w)
{
	return batch_flush(gdb, &w->registrars) ||
			       batch_flush(gdb, &w->dispatchers)
		       ? -1
		       : 0;
}

void registry_writer_release(struct registry_writer *w)
{
	batch_release(&w->registrars);
	batch_release(&w->dispatchers);
}

/* The registrar and dispatcher rows of function F. */
static void unit_function(struct dwarf_dispatch *dd, const char *title,
			  const struct registry_func *f, struct row_set *reg,
			  struct row_set *disp)
{
	struct strvec sigs = {0}, members = {0}, scope = {0};
	size_t i, k;
	int registrar =
		!dwarf_dispatch_params(dd, f->sym, &sigs, &members) && sigs.nr;
	int dispatches = f->nr_sites > 0;

	for (i = 0; i < f->nr_refs && (registrar || dispatches); i++) {
		struct strvec slots = {0};
		char *key;

		if (dwarf_dispatch_variable(dd, f->refs[i].sym, f->refs[i].name,
					    &slots) ||
		    !slots.nr) {
			strvec_clear(&slots);
			continue;
		}
		key = ref_key(title, &f->refs[i]);
		if (dispatches)
			add_row(disp, "variable", key, NULL);
		for (k = 0; registrar && k < slots.nr; k++)
			if (strvec_has(&sigs, slots.v[k]))
				add_row(reg, "variable", key, slots.v[k]);
		free(key);
		strvec_clear(&slots);
	}
	for (i = 0; registrar && i + 1 < members.nr; i += 2)
		if (strvec_has(&sigs, members.v[i + 1]))
			add_row(reg, "member", members.v[i], members.v[i + 1]);
	for (k = 0; k < f->nr_sites; k++) {
		int line = 0, col = 0;
		size_t len = ci_split_location(f->sites[k], strlen(f->sites[k]),
					       &line, &col);
		char *file = len ? xstrndup(f->sites[k], len) : NULL;

		/* the members the function a site is in may call */
		if (!dwarf_dispatch_site_scope(dd, f->sym, file, line, &scope))
			for (i = 0; i < scope.nr; i++)
				add_row(disp, "member", scope.v[i],
					f->sites[k]);
		strvec_clear(&scope);
		free(file);
	}
	strvec_clear(&sigs);
	strvec_clear(&members);
	strvec_clear(&scope);
}

/* The rows of one function. */
struct registry_func_rows {
	char *name;
	struct strvec reg, disp;
};

struct registry_rows {
	struct registry_func_rows *v;
	size_t nr;
};

struct registry_rows *registry_read_unit(const char *title,
					 struct dwarf_dispatch *dd,
					 const struct registry_func *funcs,
					 size_t nr)
{
	struct registry_rows *rows;
	size_t i;

	if (!dd)
		return NULL;
	rows = xcalloc(1, sizeof(*rows));
	rows->v = xcalloc(nr + 1, sizeof(*rows->v));
	for (i = 0; i < nr; i++) {
		struct row_set reg = {{0}, HASHMAP_INIT},
			       disp = {{0}, HASHMAP_INIT};
		struct registry_func_rows *f = &rows->v[rows->nr];

		unit_function(dd, title, &funcs[i], &reg, &disp);
		hashmap_release(&reg.seen);
		hashmap_release(&disp.seen);
		if (!reg.rows.nr && !disp.rows.nr)
			continue;
		f->name = xstrdup(funcs[i].name);
		f->reg = reg.rows;
		f->disp = disp.rows;
		rows->nr++;
	}
	return rows;
}

int registry_store_unit(struct graph_db *gdb, struct registry_writer *w,
			int64_t unit_id, const struct registry_rows *rows)
{
	size_t i;

	if (!rows || !rows->nr)
		return 0;
	if (!batch_ready(&w->registrars)) {
		if (batch_prepare(gdb, &w->registrars,
				  "INSERT OR FAIL INTO obj_registrars(unit_id,"
				  " registrar, kind, location, signature)",
				  5))
			return -1;
		if (batch_prepare(gdb, &w->dispatchers,
				  "INSERT OR FAIL INTO obj_dispatchers(unit_id,"
				  " caller, kind, location, site)",
				  5)) {
			batch_release(&w->registrars);
			return -1;
		}
	}
	for (i = 0; i < rows->nr; i++)
		if (queue_rows(gdb, &w->registrars, unit_id, rows->v[i].name,
			       &rows->v[i].reg) ||
		    queue_rows(gdb, &w->dispatchers, unit_id, rows->v[i].name,
			       &rows->v[i].disp))
			return -1;
	return 0;
}

void registry_rows_free(struct registry_rows *rows)
{
	size_t i;

	if (!rows)
		return;
	for (i = 0; i < rows->nr; i++) {
		free(rows->v[i].name);
		strvec_clear(&rows->v[i].reg);
		strvec_clear(&rows->v[i].disp);
	}
	free(rows->v);
	free(rows);
}

void registry_edges_free(struct registry_edge *e, size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		free(e[i].reason);
		free(e[i].site);
	}
	free(e);
}

int registry_resolve(struct graph_db *db, const struct graph *g,
		     struct registry_edge **out, size_t *nr)
{
	sqlite3_stmt *st = NULL;
	size_t alloc = 0;
	int64_t have;
	int rc, ret = -1;

	*out = NULL;
	*nr = 0;
	have = graph_db_count(db, "SELECT count(*) FROM sqlite_master"
				  " WHERE type = 'table'"
				  " AND name = 'obj_registrars'");
	if (have <= 0)
		return (int)have;
	if (sqlite3_prepare_v2(
		    db->db,
		    /*
		     * the dispatchers of a place registrars store to, each
		     * with its count of sites once: most dispatchers match
		     * no registrar, and a match joins many registrations
		     */
		    "WITH d AS MATERIALIZED (SELECT d.*,"
		    " (SELECT count(*) FROM obj_indirect_calls c"
		    "  WHERE c.unit_id = d.unit_id AND c.caller = d.caller"
		    "  AND c.how != 'object'"
		    "  AND c.file || ':' || c.line || ':' || c.col = d.site)"
		    "  AS nr_sites"
		    " FROM obj_dispatchers d"
		    " WHERE d.location IN (SELECT location FROM obj_registrars))"
		    "SELECT d.caller, r.name, d.kind, d.location,"
		    " g.registrar, r.file, r.line, d.site, d.nr_sites"
		    " FROM d"
		    " JOIN obj_registrars g"
		    "  ON g.kind = d.kind AND g.location = d.location"
		    " JOIN obj_registration_lines r"
		    "  ON r.registrar = g.registrar"
		    "  AND (r.signature IS NULL OR g.signature IS NULL"
		    "   OR r.signature = g.signature)"
		    " ORDER BY d.caller, r.name, d.site IS NOT NULL, d.site,"
		    "  r.file, r.line, d.kind, d.location",
		    -1, &st, NULL) != SQLITE_OK)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *file = (const char *)sqlite3_column_text(st, 5);
		const char *site = (const char *)sqlite3_column_text(st, 7);
		int64_t u = graph_find(
				g, (const char *)sqlite3_column_text(st, 0)),
			v = graph_find(
				g, (const char *)sqlite3_column_text(st, 1));
		struct registry_edge *e;

		if (u < 0 || v < 0)
			continue;
		/* one edge per site; one for all sites comes first */
		if (*nr && (*out)[*nr - 1].caller == (uint32_t)u &&
		    (*out)[*nr - 1].callee == (uint32_t)v &&
		    (!(*out)[*nr - 1].site ||
		     (site && !strcmp((*out)[*nr - 1].site, site))))
			continue;
		ALLOC_GROW(*out, *nr + 1, alloc);
		e = &(*out)[(*nr)++];
		e->caller = (uint32_t)u;
		e->callee = (uint32_t)v;
		e->site = site ? xstrdup(site) : NULL;
		e->nr_sites = (uint32_t)sqlite3_column_int(st, 8);
		e->reason = xstrfmt(
			"%s %s, set by %s() at %s:%d",
			sqlite3_column_text(st, 2), sqlite3_column_text(st, 3),
			sym_base((const char *)sqlite3_column_text(st, 4)),
			file ? file : "?", sqlite3_column_int(st, 6));
	}
	if (rc != SQLITE_DONE)
		goto out;
	ret = 0;
out:
	if (ret) {
		graph_db_error(db, "reading the registry tables");
		registry_edges_free(*out, *nr);
		*out = NULL;
		*nr = 0;
	}
	sqlite3_finalize(st);
	return ret;
}
