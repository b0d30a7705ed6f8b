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
#include "hashmap.h"
#include "symbols.h"
#include "util.h"

#include <dwarf.h>
#include <elfutils/libdwfl.h>
#include <gelf.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ARGS  8  /* argument registers of the conventions known */
#define MAX_STACK 16 /* of the constant-expression evaluator */

static const char *const kind_names[] = {
	[CALLARG_NONE] = "none",       [CALLARG_CONST] = "const",
	[CALLARG_ADDRESS] = "address", [CALLARG_PASSED] = "passed",
	[CALLARG_OTHER] = "other",
};

const char *callarg_kind_name(enum callarg_kind k)
{
	return name_of(kind_names, ARRAY_SIZE(kind_names), k);
}

/* ---- calling conventions ---- */

struct abi {
	const char *name;
	int sp; /* DWARF number of the stack pointer */
	int arg_of_reg[32];
};

/* x86-64 System V: rdi, rsi, rdx, rcx, r8, r9 (DWARF 5, 4, 1, 2, 8, 9). */
static const struct abi abi_x86_64 = {
	"x86_64-sysv",
	7,
	{[5] = 1, [4] = 2, [1] = 3, [2] = 4, [8] = 5, [9] = 6}};
/* AArch64 AAPCS64: x0-x7 (DWARF 0-7); sp is 31. */
static const struct abi abi_aarch64 = {"aarch64-aapcs64",
				       31,
				       {[0] = 1,
					[1] = 2,
					[2] = 3,
					[3] = 4,
					[4] = 5,
					[5] = 6,
					[6] = 7,
					[7] = 8}};

/*
 * The ABI of MOD's machine, read from the ELF under its DWARF (which
 * dwfl_module_getelf() would first relocate whole, code and data too).
 */
static const struct abi *abi_of(Dwfl_Module *mod)
{
	Dwarf_Addr bias;
	Dwarf *dw = dwfl_module_getdwarf(mod, &bias);
	Elf *elf = dw ? dwarf_getelf(dw) : NULL;
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
			st[sp - 1] = a == DW_OP_plus	? x + y
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
static enum callarg_kind value_kind(const struct abi *abi,
				    Dwarf_Attribute *attr, uint64_t *v)
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
	const char *caller;	  /* canonical (the reader's) */
	const char *caller_clone; /* the clone suffix of the caller's symbol */
	const char *callee;	  /* canonical (the reader's) */
	Dwarf_Addr pc;		  /* return address */
	const char *file; /* of the call instruction, from the line table */
	int line;
	int have_line; /* file and line looked up (only when needed) */
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

/* A function symbol of the object, by address. */
struct fsym {
	Dwarf_Addr addr, size;
	const char *name;
	int local;
	char *canon, *clone; /* made when first needed */
};

static int cmp_fsym(const void *a, const void *b)
{
	const struct fsym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

struct reader {
	struct fsym *syms; /* sorted by address */
	size_t nr_syms;
	struct hashmap callees; /* a callee DIE's offset: its canonical name */
	Dwfl_Module *mod;
	Dwarf_Addr bias;
	const struct abi *abi;
	const struct ci_unit *u;
	int (*has_title)(const char *t, void *ctx);
	void *ctx;
};

static void read_symbols(struct reader *r)
{
	int n = dwfl_module_getsymtab(r->mod), i;

	r->syms = xcalloc(n > 0 ? (size_t)n + 1 : 1, sizeof(*r->syms));
	for (i = 0; i < n; i++) {
		GElf_Sym sym;
		GElf_Addr addr;
		const char *name = dwfl_module_getsym_info(
			r->mod, i, &sym, &addr, NULL, NULL, NULL);

		if (!name || !*name || GELF_ST_TYPE(sym.st_info) != STT_FUNC ||
		    !sym.st_size || sym.st_shndx == SHN_UNDEF)
			continue;
		r->syms[r->nr_syms].addr = addr;
		r->syms[r->nr_syms].size = sym.st_size;
		r->syms[r->nr_syms].name = name;
		r->syms[r->nr_syms].local =
			GELF_ST_BIND(sym.st_info) == STB_LOCAL;
		r->nr_syms++;
	}
	if (r->nr_syms)
		qsort(r->syms, r->nr_syms, sizeof(*r->syms), cmp_fsym);
}

/* The function symbol holding address A, or NULL. */
static struct fsym *symbol_at(const struct reader *r, Dwarf_Addr a)
{
	size_t lo = 0, hi = r->nr_syms;

	while (lo < hi) { /* the last symbol starting at or before A */
		size_t mid = lo + (hi - lo) / 2;

		if (r->syms[mid].addr <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo || a - r->syms[lo - 1].addr >= r->syms[lo - 1].size)
		return NULL;
	return &r->syms[lo - 1];
}

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

/* The canonical name of callee DIE, made once per DIE. */
static const char *callee_of(struct reader *r, Dwarf_Die *die)
{
	int added;
	void **slot =
		hashmap_put_u64(&r->callees, dwarf_dieoffset(die), &added);

	if (added)
		*slot = die_function(r, die);
	return *slot;
}

static void symbol_names(const struct reader *r, struct fsym *fs)
{
	char *title;

	if (fs->canon)
		return;
	title = fs->local ? xstrfmt("%s:%s", r->u->title, fs->name)
			  : xstrdup(fs->name);
	fs->canon = sym_canonical_in_unit(title, r->has_title, r->ctx);
	fs->clone = clone_suffix(fs->name, fs->canon);
	free(title);
}

/* The source file and line of D's call instruction, looked up once. */
static void site_line(const struct reader *r, struct dsite *d)
{
	Dwfl_Line *l;

	if (d->have_line)
		return;
	d->have_line = 1;
	l = dwfl_module_getsrc(r->mod, d->pc - 1);
	if (l)
		d->file = dwfl_lineinfo(l, NULL, &d->line, NULL, NULL, NULL);
}

static int read_site(struct reader *r, Dwarf_Die *die, struct dsite *s)
{
	Dwarf_Attribute a;
	Dwarf_Die origin, child;
	Dwarf_Addr pc;
	struct fsym *fs;

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
	fs = symbol_at(r, pc - 1);
	if (!fs)
		return -1;
	s->callee = callee_of(r, &origin);
	if (!s->callee)
		return -1;
	symbol_names(r, fs);
	s->caller = fs->canon;
	s->caller_clone = fs->clone;
	s->pc = pc;
	if (!r->abi || dwarf_child(die, &child))
		return 0;
	do {
		int tag = dwarf_tag(&child), reg, k;
		Dwarf_Block blk;
		Dwarf_Op *ops;
		size_t n;

		if (tag != DW_TAG_call_site_parameter &&
		    tag != DW_TAG_GNU_call_site_parameter)
			continue;
		if (!dwarf_attr(&child, DW_AT_location, &a))
			continue;
		reg = -1;
		if (!dwarf_formblock(&a, &blk) && blk.length == 1 &&
		    blk.data[0] >= DW_OP_reg0 && blk.data[0] <= DW_OP_reg31)
			reg = blk.data[0] - DW_OP_reg0; /* the common case */
		else if (!dwarf_getlocation(&a, &ops, &n) &&
			 n && /* (an empty one, of a damaged object: none) */
			 !(ops[0].atom >= DW_OP_breg0 &&
			   ops[0].atom <= DW_OP_breg31))
			reg = op_register(ops, n);
		if (reg < 0 || reg >= 32 || !(k = r->abi->arg_of_reg[reg]))
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
	size_t edge;		     /* in the unit */
	const char *caller, *callee; /* canonical (of the node) */
	char *file;
	int line, col;
	struct dsite *match;
	/* of a row worth storing (else NULL): its values and callee clone */
	char *args, *callee_clone;
};

/* Calls in the order of their caller, then of their callee. */
static int cmp_call(const char *caller_x, const char *callee_x,
		    const char *caller_y, const char *callee_y)
{
	int c = strcmp(caller_x, caller_y);

	return c ? c : strcmp(callee_x, callee_y);
}

static int cmp_dsite(const void *a, const void *b)
{
	const struct dsite *x = a, *y = b;
	int c = cmp_call(x->caller, x->callee, y->caller, y->callee);

	return c ? c : x->pc < y->pc ? -1 : x->pc > y->pc;
}

static int cmp_csite(const void *a, const void *b)
{
	const struct csite *x = a, *y = b;
	int c = cmp_call(x->caller, x->callee, y->caller, y->callee);

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

static int same_place(const struct reader *r, struct dsite *d,
		      const struct csite *c)
{
	site_line(r, d);
	return d->file && c->file && d->line == c->line &&
	       !strcmp(base_name(d->file), base_name(c->file));
}

/*
 * Join the DWARF sites D[0..nd) and the .ci sites C[0..nc) of one caller
 * and callee: by source line first, then by rank when as many are left.
 */
static void join_group(const struct reader *r, struct dsite *d, size_t nd,
		       struct csite *c, size_t nc)
{
	size_t i, k, ld = 0, lc = 0;

	if (nd == 1 && nc == 1) { /* the one call: no line to compare */
		c[0].match = &d[0];
		d[0].used = 1;
		return;
	}
	for (i = 0; i < nc; i++)
		for (k = 0; k < nd; k++)
			if (!d[k].used && same_place(r, &d[k], &c[i])) {
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

/* "1=const:0 2=passed:1 3=other": the values recorded, by argument. */
static void args_text(const struct dsite *d, struct strbuf *sb)
{
	int k;

	for (k = 1; k <= MAX_ARGS; k++) {
		if (d->kind[k] == CALLARG_NONE)
			continue;
		/* "K=KIND[:VALUE]", without printf: a row per call site */
		if (sb->len)
			strbuf_addch(sb, ' ');
		strbuf_addnum(sb, k);
		strbuf_addch(sb, '=');
		strbuf_addstr(sb, kind_names[d->kind[k]]);
		if (d->kind[k] == CALLARG_CONST) {
			strbuf_addch(sb, ':');
			strbuf_addnum(sb, (int64_t)d->value[k]);
		} else if (d->kind[k] == CALLARG_PASSED) {
			strbuf_addch(sb, ':');
			strbuf_addnum(sb, (int)d->value[k]);
		}
	}
}

/*
 * Does D say something a reader can use: a constant, an address or a
 * value passed through? A site whose every value is computed at run time
 * or not recorded is left out (it reads as "no value known"): more than
 * half of the sites, and the cost of storing them.
 */
static int worth_storing(const struct dsite *d)
{
	int k;

	for (k = 1; d && k <= MAX_ARGS; k++)
		if (d->kind[k] == CALLARG_CONST ||
		    d->kind[k] == CALLARG_ADDRESS ||
		    d->kind[k] == CALLARG_PASSED)
			return 1;
	return 0;
}

int callsites_writer_flush(struct graph_db *gdb, struct callsites_writer *w)
{
	return batch_flush(gdb, &w->b);
}

void callsites_writer_release(struct callsites_writer *w)
{
	batch_release(&w->b);
}

static const char *node_canon(const struct ci_unit *u, char **canon,
			      size_t node,
			      int (*has_title)(const char *, void *), void *ctx)
{
	if (!canon[node])
		canon[node] = sym_canonical_in_unit(u->nodes[node].title,
						    has_title, ctx);
	return canon[node];
}

/* A unit's call sites joined to their values, not yet written. */
struct callsites {
	struct reader r;
	struct dsite *d;
	struct csite *c;
	char **canon; /* of each node, made when first needed */
	size_t nd, nc;
};

struct callsites *dwarf_callsites_read(const struct ci_unit *u,
				       struct dwarf_fields *df,
				       int (*has_title)(const char *t,
							void *ctx),
				       void *ctx)
{
	struct callsites *cs;
	struct reader *r;
	const uint64_t *offs;
	struct dsite *d;
	struct csite *c;
	size_t nr, nd = 0, nc = 0, i, k, j, m;
	Dwfl_Module *mod;
	Dwarf_Addr bias;
	Dwarf *dw;

	if (!df)
		return NULL;
	nr = dwarf_fields_call_sites(df, &mod, &bias, &offs);
	if (!nr)
		return NULL;
	cs = xcalloc(1, sizeof(*cs));
	r = &cs->r;
	r->mod = mod;
	r->bias = bias;
	r->abi = abi_of(r->mod);
	r->u = u;
	r->has_title = has_title;
	r->ctx = ctx;
	read_symbols(r);
	dw = dwfl_module_getdwarf(r->mod, &bias);
	d = cs->d = xcalloc(nr, sizeof(*d));
	for (i = 0; i < nr; i++) {
		Dwarf_Die die;

		if (dw && dwarf_offdie(dw, offs[i], &die) &&
		    !read_site(r, &die, &d[nd]))
			nd++;
	}
	cs->canon = xcalloc(u->nr_nodes + 1, sizeof(*cs->canon));
	c = cs->c = xcalloc(u->nr_edges + 1, sizeof(*c));
	for (i = 0; i < u->nr_edges; i++) {
		const struct ci_edge *e = &u->edges[i];

		if (ci_is_indirect(u->nodes[e->target_node].title) ||
		    ci_is_indirect(u->nodes[e->source_node].title))
			continue;
		c[nc].edge = i;
		c[nc].caller = node_canon(u, cs->canon, e->source_node,
					  has_title, ctx);
		c[nc].callee = node_canon(u, cs->canon, e->target_node,
					  has_title, ctx);
		if (e->label)
			c[nc].file = ci_parse_location(e->label, &c[nc].line,
						       &c[nc].col);
		nc++;
	}
	cs->nd = nd;
	cs->nc = nc;
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
			join_group(r, d + k, m - k, c + i, j - i);
		k = m;
	}
	/* the rows' texts too: the storing side only binds them */
	for (i = 0; i < nc; i++) {
		const char *target, *colon;
		struct strbuf sb = STRBUF_INIT;

		if (!worth_storing(c[i].match))
			continue;
		target = u->nodes[u->edges[c[i].edge].target_node].title;
		colon = strrchr(target, ':');
		c[i].callee_clone =
			clone_suffix(colon ? colon + 1 : target, c[i].callee);
		args_text(c[i].match, &sb);
		c[i].args = strbuf_detach(&sb);
	}
	return cs;
}

int dwarf_callsites_store(struct graph_db *gdb, struct callsites_writer *w,
			  int64_t unit_id, const struct callsites *cs)
{
	struct batch *b = &w->b;
	size_t i;

	for (i = 0; cs && i < cs->nc; i++) {
		const struct csite *c = &cs->c[i];
		const char *abi = cs->r.abi ? cs->r.abi->name : NULL;

		if (!c->args)
			continue;
		if (!batch_ready(b) &&
		    batch_prepare(gdb, b,
				  "INSERT OR FAIL INTO obj_call_sites(unit_id,"
				  " caller, callee, file, line, col,"
				  " caller_clone, callee_clone, abi, args)",
				  10))
			return -1;
		batch_int(b, unit_id);
		batch_str(b, c->caller);
		batch_str(b, c->callee);
		if (c->file) {
			batch_str(b, skip_dot_slash(c->file));
			batch_int(b, c->line);
			batch_int(b, c->col);
		} else {
			batch_null(b);
			batch_null(b);
			batch_null(b);
		}
		batch_str(b, c->match->caller_clone);
		batch_str(b, c->callee_clone);
		batch_str(b, abi);
		batch_str(b, c->args);
		if (batch_row(gdb, b))
			return -1;
	}
	return 0;
}

void dwarf_callsites_free(struct callsites *cs)
{
	struct hashmap_entry *ce;
	size_t i, pos = 0;

	if (!cs)
		return;
	for (i = 0; i < cs->r.nr_syms; i++) {
		free(cs->r.syms[i].canon);
		free(cs->r.syms[i].clone);
	}
	while ((ce = hashmap_next(&cs->r.callees, &pos)))
		free(ce->value);
	hashmap_release(&cs->r.callees);
	for (i = 0; i < cs->nc; i++) {
		free(cs->c[i].file);
		free(cs->c[i].args);
		free(cs->c[i].callee_clone);
	}
	for (i = 0; i < cs->r.u->nr_nodes; i++)
		free(cs->canon[i]);
	free(cs->canon);
	free(cs->d);
	free(cs->c);
	free(cs->r.syms);
	free(cs);
}
