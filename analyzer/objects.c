/*
 * objects.c - reading the object file beside a .ci file with libelf: the
 * section of every function, the references to functions in relocations
 * (calls and address-taken uses), registrations (a function's address
 * handed to the next call), and, with the debug information and the
 * sources, the struct members functions are stored in and the members
 * indirect call sites call.
 *
 * Only relocations are read, never instructions (but for the byte before
 * a PC-relative field, which tells a call from a load on x86-64): a
 * reference the assembler resolved itself, such as one between two
 * functions of the same section, is not seen. -ffunction-sections (Xen
 * and Linux build so) gives every function its own section.
 *
 * This file writes a unit's facts; what its object gives before the
 * writes is read in objects_unit.c (the object file itself in
 * objects_elf.c), access chains in the sources in objects_source.c, and
 * the tables are made and emptied in objects_store.c.
 */

#include "objects_int.h"
#include "dwarf_dispatch.h"
#include "dwarf_callsites.h"
#include "registry.h"
#include "symbols.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* GCC's placeholder callee of indirect calls in .ci files. */

enum {
	RS_FUNCTIONS,
	RS_ADDRESS_TAKEN,
	RS_REGISTRATIONS,
	RS_FIELD_STORES,
	RS_INDIRECT,
	RS_REG_LINES,
	RS_COUNT
};

/*
 * The fields of each row set, after the unit; bit K of NULLABLE: field K
 * may be NULL. A row a unit holds already is left out (the tables' unique
 * indexes, in schema.c); a unit may call through pointers on one line
 * more than once.
 */
static const struct {
	size_t nr_fields;
	const char *insert;
	unsigned nullable;
} rowset_def[RS_COUNT] = {
	[RS_FUNCTIONS] = {4, "INSERT OR IGNORE INTO obj_functions(unit_id,"
			     " name, symbol, section, global)"},
	[RS_ADDRESS_TAKEN] = {3,
			      "INSERT OR IGNORE INTO obj_address_taken(unit_id,"
			      " name, section, holder)",
			      1u << 2},
	[RS_REGISTRATIONS] = {3, "INSERT OR IGNORE INTO obj_registrations("
				 "unit_id, registrar, name, caller)"},
	[RS_FIELD_STORES] = {5,
			     "INSERT OR IGNORE INTO obj_field_stores(unit_id,"
			     " struct, member, name, holder, how)",
			     1u << 0},
	[RS_INDIRECT] = {7,
			 "INSERT OR FAIL INTO obj_indirect_calls(unit_id,"
			 " caller, file, line, col, struct, member, how)",
			 0x3eu},
	[RS_REG_LINES] = {6,
			  "INSERT OR IGNORE INTO obj_registration_lines("
			  "unit_id, registrar, name, caller, file, line,"
			  " signature)",
			  (1u << 3) | (1u << 4) | (1u << 5)},
};

/* ---- putting it together ---- */

/*
 * What the units of one ingest share: the statements, and whether the
 * object tables were empty when it began and no unit up to MAX_UNIT was
 * written since (then a unit has no rows to delete).
 */
struct objects_session {
	struct graph_db gdb;
	int fresh;
	int64_t max_unit;
	sqlite3_stmt **del; /* objects_nr_tables() */
	sqlite3_stmt *unit; /* the obj_units insert */
	struct objects_rowset rows[RS_COUNT];
	struct registry_writer reg;
	struct callsites_writer sites;
	/* the last unit's source root, and it made absolute (or NULL) */
	char *root, *abs_root;
};

/* The ingest PATH the .ci file at CI was found under as KEY. */
static char *ingest_root(const char *ci, const char *key)
{
	size_t cl = strlen(ci), kl = strlen(key);

	if (kl < cl && !strcmp(ci + cl - kl, key) && ci[cl - kl - 1] == '/') {
		size_t n = cl - kl;

		while (n > 1 && ci[n - 1] == '/')
			n--;
		return xstrndup(ci, n);
	}
	return xstrdup(".");
}

static const char *section_name(const struct object *o, size_t shndx)
{
	/* section 0 has no name, nor has a section of a broken object */
	return shndx < o->nr_sec && o->sec[shndx].name ? o->sec[shndx].name
						       : "";
}

static void add_functions(struct unit_ctx *c)
{
	const struct object *o = &c->obj;
	size_t i;

	for (i = 0; i < o->nr_sym; i++) {
		const struct osym *s = &o->sym[i];
		const char *f[4];

		if (s->type != STT_FUNC || !s->canon || s->shndx == SHN_UNDEF)
			continue;
		f[0] = s->canon;
		f[1] = s->name;
		f[2] = section_name(o, s->shndx);
		f[3] = s->bind == STB_LOCAL ? "0" : "1";
		objects_rowset_add(&c->rows[RS_FUNCTIONS], f);
	}
}

/*
 * The member name under which global pointer variable NAME, seen in
 * function FUNC (or NULL), is recorded (see OBJ_VARIABLE), or NULL.
 */
static char *variable_key(const struct unit_ctx *c, const char *func,
			  const char *name)
{
	int kind = c->df ? dwarf_fields_pointer_variable(c->df, func, name) : 0;

	if (!kind)
		return NULL;
	return kind == 1 ? xstrdup(name) : xstrfmt("%s:%s", c->u->title, name);
}

/* A function whose address is stored by an assignment in code. */
static void code_store(struct unit_ctx *c, const struct ref *r)
{
	const struct object *o = &c->obj;
	const struct osym *h = &o->sym[r->holder];
	const char *fname = sym_base(o->sym[r->target].canon), *file;
	const struct source *s;
	size_t flen = strlen(fname), b, e, q;
	long ls;
	int line;

	if (!c->df || dwarf_fields_line(c->df, r->holder, r->off - h->value,
					&file, &line))
		return;
	s = objects_source_get(&c->src, file);
	if (!s || (ls = objects_line_start(s, line)) < 0)
		return;
	b = (size_t)ls;
	e = objects_line_end(s, b);
	for (q = b; q + flen <= e; q++) {
		const char *t = s->text;
		size_t p = q, id;
		struct chain ch;
		const char *type = NULL, *f[5];
		int fnptr = 0;

		if (memcmp(t + q, fname, flen) ||
		    (q > 0 && objects_ident_char(t[q - 1])) ||
		    objects_ident_char(t[q + flen]))
			continue;
		while (p > b && objects_blank(t[p - 1]))
			p--;
		if (p > b && t[p - 1] == '&')
			for (p--; p > b && objects_blank(t[p - 1]); p--)
				;
		if (p < b + 2 || t[p - 1] != '=' ||
		    strchr("=!<>+-*/%&|^", t[p - 2]))
			continue;
		for (p--; p > b && objects_blank(t[p - 1]); p--)
			;
		for (id = p; id > b && objects_ident_char(t[id - 1]); id--)
			;
		if (id == p)
			continue;
		q = id;
		while (q > b && objects_blank(t[q - 1]))
			q--;
		if (q >= b + 2 && t[q - 1] == '>' && t[q - 2] == '-') {
			q -= 2;
		} else if (q > b && t[q - 1] == '.') {
			q--;
		} else {
			/* a plain variable: a global pointer to a function? */
			char *name = xstrndup(t + id, p - id);
			char *var = variable_key(c, sym_base(h->canon), name);

			free(name);
			if (var) {
				f[0] = OBJ_VARIABLE;
				f[1] = var;
				f[2] = o->sym[r->target].canon;
				f[3] = h->canon;
				f[4] = "assignment";
				objects_rowset_add(&c->rows[RS_FIELD_STORES],
						   f);
				free(var);
			}
			return;
		}
		objects_parse_chain(t, objects_lines_above(s, line, 3), q,
				    t + id, p - id, &ch);
		if (!ch.base ||
		    dwarf_fields_chain(c->df, sym_base(h->canon), ch.base,
				       ch.steps, ch.nr, &type, &fnptr))
			type = NULL;
		f[0] = type;
		f[1] = ch.steps[ch.nr - 1].name;
		f[2] = o->sym[r->target].canon;
		f[3] = h->canon;
		f[4] = "assignment";
		objects_rowset_add(&c->rows[RS_FIELD_STORES], f);
		objects_chain_release(&ch);
		return;
	}
}

static const char *relative_to_root(const struct unit_ctx *c, const char *file);

/*
 * The source line of registration call R of function TARGET (F:
 * registrar, name, caller), and TARGET's signature.
 */
static void registration_line(struct unit_ctx *c, const struct ref *r,
			      size_t target, const char **f)
{
	const struct osym *h = &c->obj.sym[r->holder];
	struct strbuf sig = STRBUF_INIT;
	char ls[16];
	int line = 0;

	f[3] = NULL;
	f[4] = NULL;
	f[5] = dwarf_dispatch_function_signature(c->dd, target,
						 c->obj.sym[target].name, &sig)
		       ? NULL
		       : strbuf_str(&sig);
	if (c->df &&
	    !dwarf_fields_line_relative(c->df, r->holder, r->off - h->value,
					&f[3], &line)) {
		snprintf(ls, sizeof(ls), "%d", line);
		f[3] = skip_dot_slash(relative_to_root(c, f[3]));
		f[4] = ls;
	}
	objects_rowset_add(&c->rows[RS_REG_LINES], f);
	strbuf_release(&sig);
}

static void add_references(struct unit_ctx *c)
{
	struct object *o = &c->obj;
	size_t i, k;

	if (o->nr_refs)
		qsort(o->refs, o->nr_refs, sizeof(*o->refs), objects_cmp_ref);
	for (i = 0; i < o->nr_refs; i++) {
		const struct ref *r = &o->refs[i];
		const struct osec *sec = &o->sec[r->sec];
		const struct osym *h =
			r->holder != NO_SYM ? &o->sym[r->holder] : NULL;
		const char *target = o->sym[r->target].canon, *f[6];

		if (r->call || (o->sym[r->target].shndx == SHN_UNDEF && c->df &&
				dwarf_fields_is_variable(c->df, target)))
			continue;
		f[0] = target;
		f[1] = sec->name;
		f[2] = h ? (h->canon ? h->canon : h->name) : NULL;
		objects_rowset_add(&c->rows[RS_ADDRESS_TAKEN], f);
		if (sec->kind == SEC_TEXT && h) {
			/* the next call of the same function takes it */
			for (k = i + 1; k < o->nr_refs && !o->refs[k].call &&
					o->refs[k].sec == r->sec &&
					o->refs[k].holder == r->holder;
			     k++)
				;
			if (k < o->nr_refs && o->refs[k].sec == r->sec &&
			    o->refs[k].holder == r->holder && o->refs[k].call) {
				f[0] = o->sym[o->refs[k].target].canon;
				f[1] = target;
				f[2] = h->canon;
				objects_rowset_add(&c->rows[RS_REGISTRATIONS],
						   f);
				registration_line(c, &o->refs[k], r->target, f);
			}
			code_store(c, r);
		} else if (sec->kind == SEC_DATA && h && c->df) {
			const char *type = NULL, *member = NULL;

			char *var = NULL;

			if (dwarf_fields_member_at(c->df, r->holder,
						   r->off - h->value, &type,
						   &member)) {
				if (r->off != h->value ||
				    !(var = variable_key(c, NULL, h->name)))
					continue;
				type = OBJ_VARIABLE;
				member = var;
			}
			f[0] = type;
			f[1] = member;
			f[2] = target;
			f[3] = h->name;
			f[4] = "initializer";
			objects_rowset_add(&c->rows[RS_FIELD_STORES], f);
			free(var);
		}
	}
}

/* A call "name(...)" or "(*name)(...)" through a global pointer variable. */
static void called_variable(const struct unit_ctx *c, const char *func,
			    const char *t, size_t pos, size_t stop,
			    const char **type, char **member, const char **how)
{
	size_t b, e, p = pos;
	char *name;

	if (p < stop && t[p] == '(') {
		for (p++; p < stop && (objects_blank(t[p]) || t[p] == '*'); p++)
			;
	}
	for (b = e = p; e < stop && objects_ident_char(t[e]); e++)
		;
	if (e == b || isdigit((unsigned char)t[b]))
		return;
	for (p = e; p < stop && (objects_blank(t[p]) || t[p] == ')'); p++)
		;
	if (p >= stop || t[p] != '(')
		return;
	name = xstrndup(t + b, e - b);
	*member = variable_key(c, func, name);
	free(name);
	if (*member) {
		*type = OBJ_VARIABLE;
		*how = "dwarf";
	}
}

/*
 * The member indirect call site LINE:COL of FILE calls, in *TYPE (NULL:
 * unknown) and *MEMBER (the caller's); *HOW says how it was found.
 */
static void site_member(struct unit_ctx *c, const char *func, const char *file,
			int line, int col, const char **type, char **member,
			const char **how)
{
	const struct source *s = objects_source_get(&c->src, file);
	struct cand *cand = NULL;
	size_t alloc = 0, nr, nr_fwd, i, pos, lo, end, stop, open;
	long ls;

	*type = NULL;
	*member = NULL;
	*how = "none";
	if (!s || (ls = objects_line_start(s, line)) < 0 || col < 1)
		return;
	pos = (size_t)ls + (size_t)col - 1;
	if (pos > objects_line_end(s, (size_t)ls))
		return;
	lo = objects_lines_above(s, line, 4);
	end = objects_line_start(s, line + 6) < 0
		      ? s->len
		      : (size_t)objects_line_start(s, line + 6);
	for (stop = pos; stop < end && !strchr(";{}", s->text[stop]); stop++)
		;
	for (i = pos; i < stop && objects_ident_char(s->text[i]); i++)
		;
	for (open = i; open < stop && objects_blank(s->text[open]); open++)
		;
	nr = 0;
	if (i > pos && !isdigit((unsigned char)s->text[pos]) && open < stop &&
	    s->text[open] == '(' && !objects_result_used(s->text, open, stop))
		/* "name(": a macro, or a pointer called by its name */
		nr = nr_fwd = objects_first_arg_candidate(s->text, open, stop,
							  &cand, &alloc);
	if (!nr) {
		/* after the column, nearest first; then before it on its line
		 */
		nr_fwd = objects_find_candidates(s->text, pos, stop, &cand,
						 &alloc, 0);
		nr = objects_find_candidates(s->text, (size_t)ls, pos, &cand,
					     &alloc, nr_fwd);
	}
	for (i = 0; i < nr; i++) {
		const struct cand *k =
			&cand[i < nr_fwd ? i : nr - 1 - (i - nr_fwd)];
		struct chain ch;
		const char *ty = NULL;
		int fnptr = 0, known;

		objects_parse_chain(s->text, lo, k->op, s->text + k->name,
				    k->len, &ch);
		known = c->df && ch.base &&
			!dwarf_fields_chain(c->df, func, ch.base, ch.steps,
					    ch.nr, &ty, &fnptr);
		if (known && !fnptr && s->text[k->end] == ',' &&
		    ch.nr < MAX_CHAIN) {
			/* a macro taking table and member: f(ops, m, ...) */
			size_t start, len = objects_next_arg_ident(
					      s->text, k->end, stop, &start);

			if (len) {
				ch.steps[ch.nr].kind = STEP_ARROW;
				ch.steps[ch.nr].name =
					xstrndup(s->text + start, len);
				ch.nr++;
				if (dwarf_fields_chain(c->df, func, ch.base,
						       ch.steps, ch.nr, &ty,
						       &fnptr))
					fnptr = 0;
			}
		}
		if (known && !fnptr) {
			objects_chain_release(&ch);
			continue;
		}
		*type = known ? ty : NULL;
		*member = xstrdup(ch.steps[ch.nr - 1].name);
		*how = known ? "dwarf" : "source";
		objects_chain_release(&ch);
		break;
	}
	free(cand);
	if (!*member)
		called_variable(c, func, s->text, pos, stop, type, member, how);
}

/* FILE relative to the source root when it is under it. */
static const char *relative_to_root(const struct unit_ctx *c, const char *file)
{
	size_t n = c->abs_root ? strlen(c->abs_root) : 0;

	if (n && !strncmp(file, c->abs_root, n) && file[n] == '/')
		return file + n + 1;
	return file;
}

/*
 * Is memory call M one GCC made itself (and listed as an indirect call)?
 * The debug information lists the calls GCC made; without that list, an
 * indirect call GCC lists on the same line is taken for it.
 */
static int gcc_saw_call(const struct unit_ctx *c, const struct mem_call *m)
{
	const struct osym *h = &c->obj.sym[m->holder];
	const struct ci_unit *u = c->u;
	const char *file;
	int line, k = dwarf_fields_call_returns_to(c->df, m->holder,
						   m->off + 4 - h->value);
	size_t i;

	if (k >= 0)
		return k;
	if (dwarf_fields_line(c->df, m->holder, m->off - h->value, &file,
			      &line))
		return 1;
	for (i = 0; i < u->nr_edges; i++) {
		const struct ci_edge *e = &u->edges[i];
		int l = 0, col = 0;

		if (e->label &&
		    ci_is_indirect(u->nodes[e->target_node].title)) {
			ci_split_location(e->label, strlen(e->label), &l, &col);
			if (l == line)
				return 1;
		}
	}
	return 0;
}

/* Calls through pointers in memory found in the code (see mem_call). */
static void add_mem_calls(struct unit_ctx *c)
{
	const struct object *o = &c->obj;
	size_t i;

	for (i = 0; i < o->nr_mcalls; i++) {
		const struct mem_call *m = &o->mcalls[i];
		const struct osym *h = &o->sym[m->holder], *v = &o->sym[m->var];
		const char *type = NULL, *member = NULL, *file = NULL, *f[7];
		char ls[16], *var = NULL;
		int line = 0;

		if (!h->canon || !c->df || gcc_saw_call(c, m))
			continue;
		{
			if ((v->shndx == SHN_UNDEF ||
			     dwarf_fields_member_at(c->df, m->var, m->offset,
						    &type, &member)) &&
			    dwarf_fields_global_member_at(
				    c->df, v->name, m->offset, &type, &member))
				type = member = NULL;
			if (!member && !m->offset &&
			    (var = variable_key(c, NULL, v->name)))
				type = OBJ_VARIABLE;
			if (dwarf_fields_line(c->df, m->holder,
					      m->off - h->value, &file, &line))
				file = NULL;
		}
		snprintf(ls, sizeof(ls), "%d", line);
		f[0] = h->canon;
		f[1] = file ? skip_dot_slash(relative_to_root(c, file)) : NULL;
		f[2] = file ? ls : NULL;
		f[3] = file ? "0" : NULL;
		f[4] = type;
		f[5] = var ? var : member;
		f[6] = "object";
		objects_rowset_add(&c->rows[RS_INDIRECT], f);
		free(var);
	}
}

static void add_indirect_sites(struct unit_ctx *c)
{
	const struct ci_unit *u = c->u;
	size_t i;

	for (i = 0; i < u->nr_edges; i++) {
		const struct ci_edge *e = &u->edges[i];
		const char *src = u->nodes[e->source_node].title;
		const char *type, *how, *f[7];
		char *caller, *file = NULL, *member = NULL, ls[16], cs[16];
		int line = 0, col = 0;

		if (!ci_is_indirect(u->nodes[e->target_node].title) ||
		    ci_is_indirect(src))
			continue;
		caller = sym_canonical_in_unit(src, ci_has_title,
					       &c->titles);
		if (e->label)
			file = ci_parse_location(e->label, &line, &col);
		type = how = NULL;
		if (file)
			site_member(c, sym_base(caller), file, line, col, &type,
				    &member, &how);
		snprintf(ls, sizeof(ls), "%d", line);
		snprintf(cs, sizeof(cs), "%d", col);
		f[0] = caller;
		f[1] = file ? skip_dot_slash(file) : NULL;
		f[2] = file ? ls : NULL;
		f[3] = file ? cs : NULL;
		f[4] = type;
		f[5] = member;
		f[6] = how ? how : "none";
		objects_rowset_add(&c->rows[RS_INDIRECT], f);
		free(caller);
		free(file);
		free(member);
	}
}

static int store_unit(struct objects_session *s, struct unit_ctx *c,
		      int64_t unit_id, const char *obj_path)
{
	static const char what[] = "writing object rows";

	if (!s->unit &&
	    graph_db_prepare(&s->gdb,
			     "INSERT INTO obj_units(unit_id, object,"
			     " debug, machine)"
			     " VALUES (?1, ?2, ?3, ?4)",
			     &s->unit, what))
		return -1;
	sqlite3_bind_int64(s->unit, 1, unit_id);
	sqlite3_bind_text(s->unit, 2, obj_path, -1, SQLITE_STATIC);
	sqlite3_bind_int(s->unit, 3, c->df != NULL);
	sqlite3_bind_int(s->unit, 4, c->obj.eh.e_machine);
	return graph_db_step(&s->gdb, s->unit, what);
}

struct objects_session *objects_session_open(sqlite3 *db)
{
	struct objects_session *s = xcalloc(1, sizeof(*s));
	size_t i;

	graph_db_borrow(&s->gdb, db);
	s->fresh = objects_tables_empty(&s->gdb);
	s->del = xcalloc(objects_nr_tables(), sizeof(*s->del));
	for (i = 0; i < RS_COUNT; i++)
		objects_rowset_init(&s->rows[i], &s->gdb, rowset_def[i].insert,
				    rowset_def[i].nr_fields,
				    rowset_def[i].nullable, 0);
	return s;
}

int objects_session_fresh(const struct objects_session *s)
{
	return s && s->fresh;
}

int objects_session_flush(struct objects_session *s)
{
	size_t i;
	int ret = 0;

	for (i = 0; s && i < RS_COUNT; i++)
		if (objects_rowset_flush(&s->rows[i]))
			ret = -1;
	if (s && (registry_writer_flush(&s->gdb, &s->reg) ||
		  callsites_writer_flush(&s->gdb, &s->sites)))
		ret = -1;
	return ret;
}

void objects_session_close(struct objects_session *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < objects_nr_tables(); i++)
		sqlite3_finalize(s->del[i]);
	free(s->del);
	sqlite3_finalize(s->unit);
	for (i = 0; i < RS_COUNT; i++)
		objects_rowset_finish(&s->rows[i]);
	registry_writer_release(&s->reg);
	callsites_writer_release(&s->sites);
	free(s->root);
	free(s->abs_root);
	free(s);
}

int objects_ingest_unit(sqlite3 *db, int64_t unit_id, const struct ci_unit *u,
			const char *ci_path, const char *key,
			const char *source_root, int arguments)
{
	struct objects_session *s = objects_session_open(db);
	int ret = objects_session_unit(s, NULL, unit_id, u, ci_path, key,
				       source_root, arguments);

	if (objects_session_flush(s))
		ret = -1;
	objects_session_close(s);
	return ret;
}

int objects_session_unit(struct objects_session *s, struct objects_pre *pre,
			 int64_t unit_id, const struct ci_unit *u,
			 const char *ci_path, const char *key,
			 const char *source_root, int arguments)
{
	struct unit_ctx local, *c;
	char *obj_path, *root;
	size_t i;
	int ret = 0;

	/* a unit id used before may have rows left */
	if (!s->fresh || unit_id <= s->max_unit) {
		s->fresh = 0;
		if (objects_delete_unit(&s->gdb, s->del, unit_id))
			return -1;
	}
	s->max_unit = unit_id;
	obj_path = objects_object_path(ci_path);
	if (pre && pre->ctx) {
		c = pre->ctx; /* read ahead, from this unit's object */
	} else {
		c = &local;
		objects_unit_init(c, u);
		objects_unit_read(c, pre, obj_path, arguments);
	}
	for (i = 0; i < c->said.nr; i++)
		warning("%s", c->said.v[i]);
	c->rows = s->rows;
	c->reg = &s->reg;
	for (i = 0; i < RS_COUNT; i++)
		s->rows[i].unit_id = unit_id;
	root = source_root ? xstrdup(source_root) : ingest_root(ci_path, key);
	if (!s->root || strcmp(s->root, root)) { /* the units share it */
		free(s->root);
		free(s->abs_root);
		s->root = xstrdup(root);
		s->abs_root = realpath(root, NULL);
	}
	c->src.root = root;
	c->abs_root = s->abs_root;
	if (c->have_obj) {
		add_functions(c);
		add_references(c);
		add_mem_calls(c);
	}
	add_indirect_sites(c);
	for (i = 0; i < RS_COUNT; i++)
		if (s->rows[i].failed)
			ret = -1;
	if (!ret && c->have_obj)
		ret = store_unit(s, c, unit_id, obj_path);
	if (!ret)
		ret = registry_store_unit(&s->gdb, c->reg, unit_id,
					  c->registry);
	if (!ret && arguments)
		ret = dwarf_callsites_store(&s->gdb, &s->sites, unit_id,
					    c->sites);
	/* this call's root and the session's: not kept with the unit */
	c->src.root = NULL;
	c->abs_root = NULL;
	free(root);
	if (c == &local && pre) {
		/* freed with PRE, which the reader thread may do */
		pre->ctx = xmalloc(sizeof(*pre->ctx));
		*pre->ctx = local;
	} else if (c == &local) {
		objects_unit_release(c);
	}
	free(obj_path);
	return ret;
}
