/*
 * dwarf_callsites.c - reading the call sites of an object's debug
 * information: for every call the compiler describes, the callee, the
 * return address and, for each argument register, what the value is
 * (DW_AT_call_value: a constant, an address, the caller's own argument
 * on entry, something else). Each DWARF call site is joined to the .ci
 * call site it belongs to: the same caller after inlining (the function
 * whose code holds the call), the same callee, the same source line,
 * else the same rank by address and by line when both list as many calls.
 */
#include "dwarf_callsites.h"
#include "ci_parse.h"
#include "dwarf_fields.h"
#include "symbols.h"
#include "util.h"

#include <dwarf.h>
#include <elfutils/libdwfl.h>
#include <gelf.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ARGS  8  /* argument registers of the conventions known */
#define MAX_STACK 16 /* of the constant-expression evaluator */

static const char schema_sql[] =
	"CREATE TABLE IF NOT EXISTS obj_call_sites ("
	"  unit_id INTEGER NOT NULL,"
	"  site INTEGER NOT NULL,"
	"  caller TEXT NOT NULL,"
	"  callee TEXT NOT NULL,"
	"  file TEXT, line INTEGER, col INTEGER,"
	"  caller_clone TEXT NOT NULL,"
	"  callee_clone TEXT NOT NULL,"
	"  abi TEXT);"
	"CREATE INDEX IF NOT EXISTS obj_call_sites_unit"
	"  ON obj_call_sites(unit_id);"
	"CREATE INDEX IF NOT EXISTS obj_call_sites_pair"
	"  ON obj_call_sites(callee, caller);"
	"CREATE TABLE IF NOT EXISTS obj_call_args ("
	"  unit_id INTEGER NOT NULL,"
	"  site INTEGER NOT NULL,"
	"  arg INTEGER NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  value INTEGER);"
	"CREATE INDEX IF NOT EXISTS obj_call_args_site"
	"  ON obj_call_args(unit_id, site);";

static const char *const kind_names[] = {
	[CALLARG_NONE] = "none",       [CALLARG_CONST] = "const",
	[CALLARG_ADDRESS] = "address", [CALLARG_PASSED] = "passed",
	[CALLARG_OTHER] = "other",
};

const char *callarg_kind_name(enum callarg_kind k)
{
	return k <= CALLARG_OTHER ? kind_names[k] : "?";
}

int dwarf_callsites_create_tables(sqlite3 *db)
{
	if (sqlite3_exec(db, schema_sql, NULL, NULL, NULL) != SQLITE_OK)
		return error("database: creating the call-site tables: %s",
			     sqlite3_errmsg(db));
	return 0;
}

/* ---- calling conventions ---- */

struct abi {
	const char *name;
	int sp; /* DWARF number of the stack pointer */
	int arg_of_reg[32];
};

/* x86-64 System V: rdi, rsi, rdx, rcx, r8, r9 (DWARF 5, 4, 1, 2, 8, 9). */
static const struct abi abi_x86_64 = {
	"x86_64-sysv", 7, {[5] = 1, [4] = 2, [1] = 3, [2] = 4, [8] = 5, [9] = 6}};
/* AArch64 AAPCS64: x0-x7 (DWARF 0-7); sp is 31. */
static const struct abi abi_aarch64 = {
	"aarch64-aapcs64",
	31,
	{[0] = 1, [1] = 2, [2] = 3, [3] = 4, [4] = 5, [5] = 6, [6] = 7, [7] = 8}};

static const struct abi *abi_of(Dwfl_Module *mod)
{
	GElf_Addr bias;
	Elf *elf = dwfl_module_getelf(mod, &bias);
	GElf_Ehdr eh;

	if (!elf || !gelf_getehdr(elf, &eh))
		return NULL;
	if (eh.e_machine == EM_X86_64 && eh.e_ident[EI_CLASS] == ELFCLASS64)
		return &abi_x86_64;
	if (eh.e_machine == EM_AARCH64)
		return &abi_aarch64;
	return NULL;
}

/* The register a one-operation location names, or -1. */
static int op_register(const Dwarf_Op *ops, size_t n)
{
	if (n != 1)
		return -1;
	if (ops[0].atom >= DW_OP_reg0 && ops[0].atom <= DW_OP_reg31)
		return ops[0].atom - DW_OP_reg0;
	if (ops[0].atom == DW_OP_regx && ops[0].number < 32)
		return (int)ops[0].number;
	if (ops[0].atom >= DW_OP_breg0 && ops[0].atom <= DW_OP_breg31 &&
	    ops[0].number == 0)
		return ops[0].atom - DW_OP_breg0;
	return -1;
}

/* Evaluate an expression of constants only; 0 with *V, or -1. */
static int const_value(const Dwarf_Op *ops, size_t n, uint64_t *v)
{
	uint64_t st[MAX_STACK];
	size_t sp = 0, i;

	for (i = 0; i < n; i++) {
		uint8_t a = ops[i].atom;

		if (a >= DW_OP_lit0 && a <= DW_OP_lit31) {
			if (sp == MAX_STACK)
				return -1;
			st[sp++] = a - DW_OP_lit0;
			continue;
		}
		switch (a) {
		case DW_OP_const1u:
		case DW_OP_const2u:
		case DW_OP_const4u:
		case DW_OP_const8u:
		case DW_OP_constu:
		case DW_OP_const1s:
		case DW_OP_const2s:
		case DW_OP_const4s:
		case DW_OP_const8s:
		case DW_OP_consts:
			if (sp == MAX_STACK)
				return -1;
			st[sp++] = ops[i].number; /* libdw sign-extends */
			break;
		case DW_OP_plus_uconst:
			if (!sp)
				return -1;
			st[sp - 1] += ops[i].number;
			break;
		case DW_OP_neg:
		case DW_OP_not:
			if (!sp)
				return -1;
			st[sp - 1] = a == DW_OP_neg ? -st[sp - 1] : ~st[sp - 1];
			break;
		case DW_OP_plus:
		case DW_OP_minus:
		case DW_OP_mul:
		case DW_OP_and:
		case DW_OP_or:
		case DW_OP_xor:
		case DW_OP_shl:
		case DW_OP_shr: {
			uint64_t x, y;

			if (sp < 2)
				return -1;
			y = st[--sp];
			x = st[sp - 1];
			st[sp - 1] = a == DW_OP_plus  ? x + y
				     : a == DW_OP_minus ? x - y
				     : a == DW_OP_mul	? x * y
				     : a == DW_OP_and	? x & y
				     : a == DW_OP_or	? x | y
				     : a == DW_OP_xor	? x ^ y
				     : y >= 64		? 0
				     : a == DW_OP_shl	? x << y
							: x >> y;
			break;
		}
		case DW_OP_stack_value:
			break;
		default:
			return -1;
		}
	}
	if (sp != 1)
		return -1;
	*v = st[0];
	return 0;
}

/* What the value expression ATTR says; *V gets the constant or K. */
static enum callarg_kind value_kind(const struct abi *abi, Dwarf_Attribute *attr,
				    uint64_t *v)
{
	Dwarf_Op *ops;
	size_t n;

	if (dwarf_getlocation(attr, &ops, &n) || !n)
		return CALLARG_OTHER;
	if (!const_value(ops, n, v))
		return CALLARG_CONST;
	switch (ops[0].atom) {
	case DW_OP_addr:
	case DW_OP_addrx:
	case DW_OP_GNU_addr_index:
		/* an object's address, maybe plus an offset: not NULL */
		if (n == 1 || (n == 2 && ops[1].atom == DW_OP_plus_uconst))
			return CALLARG_ADDRESS;
		break;
	case DW_OP_implicit_pointer:
	case DW_OP_GNU_implicit_pointer:
		return n == 1 ? CALLARG_ADDRESS : CALLARG_OTHER;
	case DW_OP_fbreg:
		/* the address of a stack slot (a load would dereference) */
		return n == 1 ? CALLARG_ADDRESS : CALLARG_OTHER;
	case DW_OP_entry_value:
	case DW_OP_GNU_entry_value: {
		Dwarf_Attribute sub;
		Dwarf_Op *sops;
		size_t sn;
		int reg;

		if (n != 1 && !(n == 2 && ops[1].atom == DW_OP_stack_value))
			break;
		if (dwarf_getlocation_attr(attr, &ops[0], &sub) ||
		    dwarf_getlocation(&sub, &sops, &sn))
			break;
		reg = op_register(sops, sn);
		if (reg < 0 || reg >= 32 || !abi->arg_of_reg[reg])
			break;
		*v = (uint64_t)abi->arg_of_reg[reg];
		return CALLARG_PASSED;
	}
	default:
		if (n == 1 && ops[0].atom == DW_OP_breg0 + abi->sp)
			return CALLARG_ADDRESS; /* an address on the stack */
		break;
	}
	return CALLARG_OTHER;
}

/* ---- the DWARF call sites ---- */

struct dsite {
	char *caller;	    /* canonical */
	char *caller_clone; /* the clone suffix of the caller's symbol */
	char *callee;	    /* canonical */
	Dwarf_Addr pc;	    /* return address */
	const char *file;   /* of the call instruction, from the line table */
	int line;
	enum callarg_kind kind[MAX_ARGS + 1];
	uint64_t value[MAX_ARGS + 1];
	int used;
};

/* The suffix of SYMBOL after the name CANON's base (".isra.0"), ".cold" off. */
static char *clone_suffix(const char *symbol, const char *canon)
{
	const char *base = sym_base(canon);
	size_t bl = strlen(base), sl = strlen(symbol);

	if (sl >= 5 && !strcmp(symbol + sl - 5, ".cold"))
		sl -= 5;
	if (sl >= bl && !strncmp(symbol, base, bl))
		return xstrndup(symbol + bl, sl - bl);
	return xstrdup("");
}

struct reader {
	Dwfl_Module *mod;
	Dwarf_Addr bias;
	const struct abi *abi;
	const struct ci_unit *u;
	int (*has_title)(const char *t, void *ctx);
	void *ctx;
};

/* The canonical name of the function DIE names (static: in this unit). */
static char *die_function(const struct reader *r, Dwarf_Die *die)
{
	Dwarf_Attribute a;
	const char *name = dwarf_diename(die);
	bool ext = false;
	char *title, *canon;

	if (!name) {
		if (!dwarf_attr_integrate(die, DW_AT_name, &a) ||
		    !(name = dwarf_formstring(&a)))
			return NULL;
	}
	if (dwarf_attr_integrate(die, DW_AT_external, &a))
		dwarf_formflag(&a, &ext);
	title = ext ? xstrdup(name) : xstrfmt("%s:%s", r->u->title, name);
	canon = sym_canonical_in_unit(title, r->has_title, r->ctx);
	free(title);
	return canon;
}

static int read_site(const struct reader *r, Dwarf_Die *die, struct dsite *s)
{
	Dwarf_Attribute a;
	Dwarf_Die origin, child;
	Dwarf_Addr pc;
	GElf_Off off;
	GElf_Sym sym;
	const char *symname;
	Dwfl_Line *l;

	memset(s, 0, sizeof(*s));
	if (!(dwarf_attr(die, DW_AT_call_origin, &a) ||
	      dwarf_attr(die, DW_AT_abstract_origin, &a)) ||
	    !dwarf_formref_die(&a, &origin))
		return -1; /* an indirect call: no callee to join */
	if (!(dwarf_attr(die, DW_AT_call_return_pc, &a) ||
	      dwarf_attr(die, DW_AT_low_pc, &a)) ||
	    dwarf_formaddr(&a, &pc))
		return -1;
	pc += r->bias;
	symname = dwfl_module_addrinfo(r->mod, pc - 1, &off, &sym, NULL, NULL,
				       NULL);
	if (!symname || GELF_ST_TYPE(sym.st_info) != STT_FUNC)
		return -1;
	{
		char *title = GELF_ST_BIND(sym.st_info) == STB_LOCAL
				      ? xstrfmt("%s:%s", r->u->title, symname)
				      : xstrdup(symname);

		s->caller = sym_canonical_in_unit(title, r->has_title, r->ctx);
		free(title);
	}
	s->callee = die_function(r, &origin);
	if (!s->callee) {
		free(s->caller);
		return -1;
	}
	s->caller_clone = clone_suffix(symname, s->caller);
	s->pc = pc;
	l = dwfl_module_getsrc(r->mod, pc - 1);
	if (l)
		s->file = dwfl_lineinfo(l, NULL, &s->line, NULL, NULL, NULL);
	if (!r->abi || dwarf_child(die, &child))
		return 0;
	do {
		int tag = dwarf_tag(&child), reg, k;
		Dwarf_Op *ops;
		size_t n;

		if (tag != DW_TAG_call_site_parameter &&
		    tag != DW_TAG_GNU_call_site_parameter)
			continue;
		if (!dwarf_attr(&child, DW_AT_location, &a) ||
		    dwarf_getlocation(&a, &ops, &n))
			continue;
		reg = op_register(ops, n);
		if (reg < 0 ||
		    (ops[0].atom >= DW_OP_breg0 &&
		     ops[0].atom <= DW_OP_breg31) ||
		    !(k = r->abi->arg_of_reg[reg]))
			continue;
		if (!dwarf_attr(&child, DW_AT_call_value, &a) &&
		    !dwarf_attr(&child, DW_AT_GNU_call_site_value, &a))
			continue;
		s->kind[k] = value_kind(r->abi, &a, &s->value[k]);
	} while (!dwarf_siblingof(&child, &child));
	return 0;
}

/* ---- joining them to the .ci call sites ---- */

struct csite {
	size_t edge; /* in the unit */
	char *caller, *callee, *file;
	int line, col;
	struct dsite *match;
};

static int cmp_dsite(const void *a, const void *b)
{
	const struct dsite *x = a, *y = b;
	int c = strcmp(x->caller, y->caller);

	if (!c)
		c = strcmp(x->callee, y->callee);
	if (!c)
		c = x->pc < y->pc ? -1 : x->pc > y->pc;
	return c;
}

static int cmp_csite(const void *a, const void *b)
{
	const struct csite *x = a, *y = b;
	int c = strcmp(x->caller, y->caller);

	if (!c)
		c = strcmp(x->callee, y->callee);
	if (!c)
		c = x->line - y->line;
	if (!c)
		c = x->col - y->col;
	if (!c)
		c = x->edge < y->edge ? -1 : x->edge > y->edge;
	return c;
}

static const char *base_name(const char *path)
{
	const char *s = path ? strrchr(path, '/') : NULL;

	return s ? s + 1 : path ? path : "";
}

static int same_place(const struct dsite *d, const struct csite *c)
{
	return d->file && c->file && d->line == c->line &&
	       !strcmp(base_name(d->file), base_name(c->file));
}

/*
 * Join the DWARF sites D[0..nd) and the .ci sites C[0..nc) of one caller
 * and callee: by source line first, then by rank when as many are left.
 */
static void join_group(struct dsite *d, size_t nd, struct csite *c, size_t nc)
{
	size_t i, k, ld = 0, lc = 0;

	for (i = 0; i < nc; i++)
		for (k = 0; k < nd; k++)
			if (!d[k].used && same_place(&d[k], &c[i])) {
				c[i].match = &d[k];
				d[k].used = 1;
				break;
			}
	for (i = 0; i < nc; i++)
		lc += !c[i].match;
	for (k = 0; k < nd; k++)
		ld += !d[k].used;
	if (!lc || lc != ld)
		return;
	for (i = k = 0; i < nc; i++) {
		if (c[i].match)
			continue;
		while (d[k].used)
			k++;
		c[i].match = &d[k];
		d[k].used = 1;
	}
}

static int store(sqlite3 *db, int64_t unit_id, const struct ci_unit *u,
		 const struct abi *abi, struct csite *c, size_t nc)
{
	sqlite3_stmt *ss = NULL, *sa = NULL;
	size_t i;
	int k, ret = -1;

	if (sqlite3_prepare_v2(db,
			       "INSERT INTO obj_call_sites(unit_id, site,"
			       " caller, callee, file, line, col,"
			       " caller_clone, callee_clone, abi)"
			       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
			       " ?10)",
			       -1, &ss, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
			       "INSERT INTO obj_call_args(unit_id, site, arg,"
			       " kind, value) VALUES (?1, ?2, ?3, ?4, ?5)",
			       -1, &sa, NULL) != SQLITE_OK) {
		error("database: preparing: %s", sqlite3_errmsg(db));
		goto out;
	}
	for (i = 0; i < nc; i++) {
		const struct dsite *d = c[i].match;
		const char *target = u->edges[c[i].edge].target;
		char *callee_clone;

		if (!d)
			continue;
		callee_clone = clone_suffix(strchr(target, ':')
						    ? strrchr(target, ':') + 1
						    : target,
					    c[i].callee);
		sqlite3_bind_int64(ss, 1, unit_id);
		sqlite3_bind_int64(ss, 2, (int64_t)i);
		sqlite3_bind_text(ss, 3, c[i].caller, -1, SQLITE_STATIC);
		sqlite3_bind_text(ss, 4, c[i].callee, -1, SQLITE_STATIC);
		if (c[i].file) {
			sqlite3_bind_text(ss, 5, skip_dot_slash(c[i].file), -1,
					  SQLITE_STATIC);
			sqlite3_bind_int(ss, 6, c[i].line);
			sqlite3_bind_int(ss, 7, c[i].col);
		} else {
			sqlite3_bind_null(ss, 5);
			sqlite3_bind_null(ss, 6);
			sqlite3_bind_null(ss, 7);
		}
		sqlite3_bind_text(ss, 8, d->caller_clone, -1, SQLITE_STATIC);
		sqlite3_bind_text(ss, 9, callee_clone, -1, SQLITE_TRANSIENT);
		if (abi)
			sqlite3_bind_text(ss, 10, abi->name, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(ss, 10);
		free(callee_clone);
		if (sqlite3_step(ss) != SQLITE_DONE)
			goto db_fail;
		sqlite3_reset(ss);
		for (k = 1; k <= MAX_ARGS; k++) {
			if (d->kind[k] == CALLARG_NONE)
				continue;
			sqlite3_bind_int64(sa, 1, unit_id);
			sqlite3_bind_int64(sa, 2, (int64_t)i);
			sqlite3_bind_int(sa, 3, k);
			sqlite3_bind_text(sa, 4, kind_names[d->kind[k]], -1,
					  SQLITE_STATIC);
			if (d->kind[k] == CALLARG_CONST ||
			    d->kind[k] == CALLARG_PASSED)
				sqlite3_bind_int64(sa, 5,
						   (int64_t)d->value[k]);
			else
				sqlite3_bind_null(sa, 5);
			if (sqlite3_step(sa) != SQLITE_DONE)
				goto db_fail;
			sqlite3_reset(sa);
		}
	}
	ret = 0;
	goto out;
db_fail:
	error("database: writing call sites: %s", sqlite3_errmsg(db));
out:
	sqlite3_finalize(ss);
	sqlite3_finalize(sa);
	return ret;
}

int dwarf_callsites_ingest(sqlite3 *db, int64_t unit_id,
			   const struct ci_unit *u, struct dwarf_fields *df,
			   int (*has_title)(const char *t, void *ctx),
			   void *ctx)
{
	struct reader r;
	const uint64_t *offs;
	struct dsite *d;
	struct csite *c;
	size_t nr, nd = 0, nc = 0, i, k, j, m;
	Dwarf_Addr bias;
	Dwarf *dw;
	int ret;

	if (!df)
		return 0;
	nr = dwarf_fields_call_sites(df, &r.mod, &bias, &offs);
	if (!nr)
		return 0;
	r.bias = bias;
	r.abi = abi_of(r.mod);
	r.u = u;
	r.has_title = has_title;
	r.ctx = ctx;
	dw = dwfl_module_getdwarf(r.mod, &bias);
	d = xcalloc(nr, sizeof(*d));
	for (i = 0; i < nr; i++) {
		Dwarf_Die die;

		if (dw && dwarf_offdie(dw, offs[i], &die) &&
		    !read_site(&r, &die, &d[nd]))
			nd++;
	}
	c = xcalloc(u->nr_edges + 1, sizeof(*c));
	for (i = 0; i < u->nr_edges; i++) {
		const struct ci_edge *e = &u->edges[i];

		if (!strcmp(u->nodes[e->target_node].title,
			    "__indirect_call") ||
		    !strcmp(u->nodes[e->source_node].title, "__indirect_call"))
			continue;
		c[nc].edge = i;
		c[nc].caller = sym_canonical_in_unit(
			u->nodes[e->source_node].title, has_title, ctx);
		c[nc].callee = sym_canonical_in_unit(
			u->nodes[e->target_node].title, has_title, ctx);
		if (e->label)
			c[nc].file = ci_parse_location(e->label, &c[nc].line,
						       &c[nc].col);
		nc++;
	}
	qsort(d, nd, sizeof(*d), cmp_dsite);
	qsort(c, nc, sizeof(*c), cmp_csite);
	/* walk both sorted lists group by group */
	for (i = k = 0; i < nc; i = j) {
		for (j = i + 1; j < nc && !strcmp(c[j].caller, c[i].caller) &&
				!strcmp(c[j].callee, c[i].callee);
		     j++)
			;
		while (k < nd) {
			int cmp = strcmp(d[k].caller, c[i].caller);

			if (!cmp)
				cmp = strcmp(d[k].callee, c[i].callee);
			if (cmp >= 0)
				break;
			k++;
		}
		for (m = k; m < nd && !strcmp(d[m].caller, c[i].caller) &&
			    !strcmp(d[m].callee, c[i].callee);
		     m++)
			;
		if (m > k)
			join_group(d + k, m - k, c + i, j - i);
		k = m;
	}
	ret = store(db, unit_id, u, r.abi, c, nc);
	for (i = 0; i < nd; i++) {
		free(d[i].caller);
		free(d[i].callee);
		free(d[i].caller_clone);
	}
	for (i = 0; i < nc; i++) {
		free(c[i].caller);
		free(c[i].callee);
		free(c[i].file);
	}
	free(d);
	free(c);
	return ret;
}
