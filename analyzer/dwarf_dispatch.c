/*
 * dwarf_dispatch.c - function pointer parameters, slots and the structs a
 * function handles, read with libdw from the debug information that
 * dwarf_fields.c opened (relocated as a linker would).
 */
#include "dwarf_dispatch.h"
#include "dwarf_fields.h"
#include "hashmap.h"
#include "util.h"

#include <dwarf.h>
#include <stdlib.h>
#include <string.h>

/* How deep types and scopes may nest before they are taken for loops. */
#define MAX_DEPTH 32

struct func_addr {
	Dwarf_Addr addr;
	Dwarf_Off off;
};

struct func_name {
	const char *name;
	Dwarf_Off off;
};

/* The members of the scope of the sites in one body of a function. */
struct scope_memo {
	Dwarf_Off body;	       /* NO_BODY: the whole function */
	struct strvec members; /* each once */
};

#define NO_BODY ((Dwarf_Off)-1)

static char not_function_pointer[1];
#define NOT_FUNCTION_POINTER not_function_pointer

/*
 * An inlined call in the function at MEMO_FN, in the order of a walk of
 * its tree down through inlined calls and blocks: what it inlines, how
 * deep it is, and where the calls inside it end.
 */
struct inlined_call {
	Dwarf_Off off, origin; /* ORIGIN: NO_BODY when it names none */
	size_t end;
	int depth;
};

/* A function defined in the unit, by the line its declaration is on. */
struct func_decl {
	const char *file;
	int line;
	Dwarf_Off off;
};

struct dwarf_dispatch {
	struct dwarf_fields *df;
	/*
	 * the function pointer members of each struct asked for, keyed by
	 * its DIE's offset, '+' with signatures (else ' '), and the name it
	 * goes by: every function taking a struct domain would read its
	 * hundreds of members again (hashmap_strvec_at())
	 */
	struct hashmap members;
	/*
	 * what function_pointer() found of each type it was asked of, by
	 * the type's DIE offset: its signature, or NOT_FUNCTION_POINTER (a
	 * struct's members, a function's parameters and the variables of
	 * a unit share a few types, each signature a walk of its own)
	 */
	struct hashmap pointer_types;
	/* the definitions body_of() chooses among, read once (NULL: not yet) */
	struct func_decl *decls;
	size_t nr_decls;
	/* the scopes asked of the function at MEMO_FN */
	Dwarf_Off memo_fn;
	struct scope_memo *memo;
	size_t nr_memo, alloc_memo;
	/* its inlined calls, listed when a body inlined there is first asked */
	struct inlined_call *inlined;
	size_t nr_inlined, alloc_inlined;
	int inlined_listed;
	Dwarf *dw;
	struct func_addr *funcs; /* functions with code, by address */
	size_t nr_funcs, alloc_funcs;
	struct func_name *names; /* functions and declarations, by name */
	size_t nr_names, alloc_names;
};

static int cmp_func_name(const void *a, const void *b)
{
	const struct func_name *x = a, *y = b;

	return strcmp(x->name, y->name);
}

static int cmp_func_addr(const void *a, const void *b)
{
	const struct func_addr *x = a, *y = b;

	return cmp_u64_pair(x->addr, x->off, y->addr, y->off);
}

/* Index function DIE by the start of each of its address ranges. */
static void add_function(struct dwarf_dispatch *dd, Dwarf_Die *die,
			 Dwarf_Addr bias)
{
	Dwarf_Addr base, start, end;
	ptrdiff_t off = 0;

	while ((off = dwarf_ranges(die, off, &base, &start, &end)) > 0) {
		ALLOC_GROW(dd->funcs, dd->nr_funcs + 1, dd->alloc_funcs);
		dd->funcs[dd->nr_funcs].addr = start + bias;
		dd->funcs[dd->nr_funcs].off = dwarf_dieoffset(die);
		dd->nr_funcs++;
	}
}

struct dwarf_dispatch *dwarf_dispatch_open(struct dwarf_fields *df)
{
	struct dwarf_dispatch *dd;
	Dwarf_Addr bias;
	const Dwarf_Off *funcs;
	size_t i, nr;

	if (!df)
		return NULL;
	dd = xcalloc(1, sizeof(*dd));
	dd->df = df;
	dd->dw = dwarf_fields_dwarf(df, &bias);
	funcs = dwarf_fields_functions(df, &nr);
	for (i = 0; dd->dw && i < nr; i++) {
		Dwarf_Die die;
		const char *name;

		if (!dwarf_offdie(dd->dw, funcs[i], &die))
			continue;
		add_function(dd, &die, bias);
		if (!(name = dwarf_diename(&die)))
			continue;
		ALLOC_GROW(dd->names, dd->nr_names + 1, dd->alloc_names);
		dd->names[dd->nr_names].name = name;
		dd->names[dd->nr_names].off = funcs[i];
		dd->nr_names++;
	}
	sort_array(dd->funcs, dd->nr_funcs, sizeof(*dd->funcs), cmp_func_addr);
	sort_array(dd->names, dd->nr_names, sizeof(*dd->names), cmp_func_name);
	return dd;
}

static void memo_clear(struct dwarf_dispatch *dd)
{
	size_t i;

	for (i = 0; i < dd->nr_memo; i++)
		strvec_clear(&dd->memo[i].members);
	dd->nr_memo = 0;
	dd->nr_inlined = 0;
	dd->inlined_listed = 0;
}

void dwarf_dispatch_close(struct dwarf_dispatch *dd)
{
	struct hashmap_entry *e;
	size_t pos;

	if (!dd)
		return;
	memo_clear(dd);
	hashmap_strvecs_release(&dd->members);
	pos = 0;
	while ((e = hashmap_next(&dd->pointer_types, &pos)))
		if (e->value != NOT_FUNCTION_POINTER)
			free(e->value);
	hashmap_release(&dd->pointer_types);
	free(dd->decls);
	free(dd->memo);
	free(dd->inlined);
	free(dd->funcs);
	free(dd->names);
	free(dd);
}

/* The DIE of the function of symbol SYM. */
static int function_die(struct dwarf_dispatch *dd, size_t sym, Dwarf_Die *out)
{
	struct func_addr key = {0, 0}, *f;

	if (!dd->nr_funcs || dwarf_fields_sym_address(dd->df, sym, &key.addr))
		return -1;
	f = bsearch(&key, dd->funcs, dd->nr_funcs, sizeof(*dd->funcs),
		    cmp_func_addr);
	if (!f) {
		/* bsearch compares the offsets too: find the address */
		size_t lo = 0, hi = dd->nr_funcs;

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (dd->funcs[mid].addr < key.addr)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == dd->nr_funcs || dd->funcs[lo].addr != key.addr)
			return -1;
		f = &dd->funcs[lo];
	}
	return dwarf_offdie(dd->dw, f->off, out) ? 0 : -1;
}

static int is_record(Dwarf_Die *t)
{
	int tag = dwarf_tag(t);

	return tag == DW_TAG_structure_type || tag == DW_TAG_union_type;
}

/* Append the signature of the type of DIE (a typed DIE) to SB. */
static void signature(Dwarf_Die *die, struct strbuf *sb, int depth)
{
	Dwarf_Die t, child;
	const char *name;
	int first = 1;

	if (depth > MAX_DEPTH || dwarf_fields_type(die, &t) ||
	    dwarf_fields_peel(&t)) {
		strbuf_addstr(sb, "void");
		return;
	}
	switch (dwarf_tag(&t)) {
	case DW_TAG_pointer_type:
		strbuf_addch(sb, '*');
		signature(&t, sb, depth + 1);
		return;
	case DW_TAG_array_type:
		strbuf_addstr(sb, "[]");
		signature(&t, sb, depth + 1);
		return;
	case DW_TAG_subroutine_type:
		strbuf_addch(sb, '(');
		if (!dwarf_child(&t, &child))
			do {
				if (dwarf_tag(&child) ==
				    DW_TAG_unspecified_parameters) {
					strbuf_addstr(sb,
						      first ? "..." : ",...");
					first = 0;
				}
				if (dwarf_tag(&child) !=
				    DW_TAG_formal_parameter)
					continue;
				if (!first)
					strbuf_addch(sb, ',');
				first = 0;
				signature(&child, sb, depth + 1);
			} while (!dwarf_siblingof(&child, &child));
		strbuf_addstr(sb, ")->");
		signature(&t, sb, depth + 1);
		return;
	case DW_TAG_structure_type:
		strbuf_addstr(sb, "struct ");
		break;
	case DW_TAG_union_type:
		strbuf_addstr(sb, "union ");
		break;
	case DW_TAG_enumeration_type:
		strbuf_addstr(sb, "enum ");
		break;
	default:
		break;
	}
	name = dwarf_diename(&t);
	strbuf_addstr(sb, name ? name : "?");
}

/*
 * The signature of DIE's type when it is a pointer to a function, else
 * NULL. Both depend on the type alone, found once per type of DD, which
 * owns the string.
 */
static const char *function_pointer(struct dwarf_dispatch *dd, Dwarf_Die *die)
{
	Dwarf_Die type, t;
	void **known;
	int added;

	if (dwarf_fields_type(die, &type))
		return NULL;
	known = hashmap_put_u64(&dd->pointer_types, dwarf_dieoffset(&type),
				&added);
	if (added) {
		t = type;
		if (dwarf_fields_peel(&t) ||
		    dwarf_tag(&t) != DW_TAG_pointer_type ||
		    dwarf_fields_type(&t, &t) || dwarf_fields_peel(&t) ||
		    dwarf_tag(&t) != DW_TAG_subroutine_type) {
			*known = NOT_FUNCTION_POINTER;
		} else {
			struct strbuf sb = STRBUF_INIT;

			signature(die, &sb, 0);
			*known = strbuf_detach(&sb);
		}
	}
	return *known == NOT_FUNCTION_POINTER ? NULL : *known;
}

/* The struct type T (a record) is named by its tag (NULL: none). */
static void push_members(struct dwarf_dispatch *dd, Dwarf_Die *t,
			 const char *name, struct strvec *out, int with_sigs,
			 int depth)
{
	Dwarf_Die child, mt;

	if (depth > MAX_DEPTH || dwarf_child(t, &child))
		return;
	do {
		const char *mname, *sig;

		if (dwarf_tag(&child) != DW_TAG_member)
			continue;
		mname = dwarf_diename(&child);
		if (!mname) {
			/* an anonymous member: its members are the struct's */
			if (!dwarf_fields_type(&child, &mt) &&
			    !dwarf_fields_peel(&mt) && is_record(&mt))
				push_members(dd, &mt, name, out, with_sigs,
					     depth + 1);
			continue;
		}
		sig = function_pointer(dd, &child);
		if (!sig)
			continue;
		{
			char *key = xstrfmt("%s.%s", name, mname);

			strvec_push(out, key);
			free(key);
		}
		if (with_sigs)
			strvec_push(out, sig);
	} while (!dwarf_siblingof(&child, &child));
}

/* push_members() of T at depth 0, read once per struct of DD. */
static void members_of(struct dwarf_dispatch *dd, Dwarf_Die *t,
		       const char *name, struct strvec *out, int with_sigs)
{
	struct strbuf key = STRBUF_INIT;
	struct strvec *got;
	int added;
	size_t i;

	strbuf_addnum(&key, (int64_t)dwarf_dieoffset(t));
	strbuf_addch(&key, with_sigs ? '+' : ' ');
	strbuf_addstr(&key, name);
	got = hashmap_strvec_at(&dd->members, key.buf, &added);
	strbuf_release(&key);
	if (added)
		push_members(dd, t, name, got, with_sigs, 0);
	for (i = 0; i < got->nr; i++)
		strvec_push(out, got->v[i]);
}

/*
 * The struct that DIE (a parameter or variable) is or points to, with
 * its name (tag, else typedef); 0 or -1.
 */
static int struct_of(Dwarf_Die *die, Dwarf_Die *t, const char **name)
{
	Dwarf_Die p;
	const char *td = NULL;
	int i, pointers = 0;

	if (dwarf_fields_type(die, t))
		return -1;
	for (i = 0; i < MAX_DEPTH; i++) {
		int tag = dwarf_tag(t);

		if (tag == DW_TAG_typedef) {
			td = dwarf_diename(t);
		} else if (tag == DW_TAG_pointer_type) {
			if (pointers++)
				return -1;
			td = NULL;
		} else if (tag != DW_TAG_const_type &&
			   tag != DW_TAG_volatile_type &&
			   tag != DW_TAG_restrict_type &&
			   tag != DW_TAG_atomic_type) {
			break;
		}
		if (dwarf_fields_type(t, &p))
			return -1;
		*t = p;
	}
	if (!is_record(t))
		return -1;
	*name = dwarf_diename(t) ? dwarf_diename(t) : td;
	return *name ? 0 : -1;
}

int dwarf_dispatch_function_signature(struct dwarf_dispatch *dd, size_t sym,
				      const char *name, struct strbuf *out)
{
	struct func_name key = {name, 0}, *f;
	Dwarf_Die fn, child;
	int first = 1;

	if (!dd)
		return -1;
	if (function_die(dd, sym, &fn)) {
		if (!name || !dd->nr_names ||
		    !(f = bsearch(&key, dd->names, dd->nr_names,
				  sizeof(*dd->names), cmp_func_name)) ||
		    !dwarf_offdie(dd->dw, f->off, &fn))
			return -1;
	}
	strbuf_addstr(out, "*(");
	if (!dwarf_child(&fn, &child))
		do {
			int tag = dwarf_tag(&child);

			if (tag == DW_TAG_unspecified_parameters) {
				strbuf_addstr(out, first ? "..." : ",...");
				first = 0;
			}
			if (tag != DW_TAG_formal_parameter)
				continue;
			if (!first)
				strbuf_addch(out, ',');
			first = 0;
			signature(&child, out, 1);
		} while (!dwarf_siblingof(&child, &child));
	strbuf_addstr(out, ")->");
	signature(&fn, out, 1);
	return 0;
}

int dwarf_dispatch_params(struct dwarf_dispatch *dd, size_t sym,
			  struct strvec *sigs, struct strvec *members)
{
	Dwarf_Die fn, child, t;
	const char *name, *sig;
	size_t had = sigs->nr;

	if (!dd || function_die(dd, sym, &fn))
		return -1;
	if (!dwarf_child(&fn, &child))
		do {
			if (dwarf_tag(&child) == DW_TAG_formal_parameter &&
			    (sig = function_pointer(dd, &child)))
				strvec_push(sigs, sig);
		} while (!dwarf_siblingof(&child, &child));
	/*
	 * most functions take no function pointer: their structs unread (a
	 * function pointer is no struct's: struct_of() refuses it)
	 */
	if (sigs->nr > had && !dwarf_child(&fn, &child))
		do {
			if (dwarf_tag(&child) == DW_TAG_formal_parameter &&
			    !struct_of(&child, &t, &name))
				members_of(dd, &t, name, members, 1);
		} while (!dwarf_siblingof(&child, &child));
	return 0;
}

/* Push the function pointer slots of type T (peeled) to SIGS. */
static void slots(struct dwarf_dispatch *dd, Dwarf_Die *holder,
		  struct strvec *sigs, int depth)
{
	Dwarf_Die t, child;
	const char *sig;

	if (depth > MAX_DEPTH)
		return;
	if ((sig = function_pointer(dd, holder))) {
		strvec_push(sigs, sig);
	} else if (!dwarf_fields_type(holder, &t) && !dwarf_fields_peel(&t)) {
		if (dwarf_tag(&t) == DW_TAG_array_type)
			slots(dd, &t, sigs, depth + 1);
		else if (is_record(&t) && !dwarf_child(&t, &child))
			do {
				if (dwarf_tag(&child) == DW_TAG_member)
					slots(dd, &child, sigs, depth + 1);
			} while (!dwarf_siblingof(&child, &child));
	}
}

int dwarf_dispatch_variable(struct dwarf_dispatch *dd, size_t sym,
			    const char *name, struct strvec *sigs)
{
	Dwarf_Die var;

	if (!dd || dwarf_fields_variable_die(dd->df, sym, name, &var))
		return -1;
	slots(dd, &var, sigs, 0);
	return 0;
}

/*
 * Push the function pointer members of the structs that the parameters
 * and variables under PARENT are or point to; of the functions inlined
 * there too when INLINED.
 */
static void scope(struct dwarf_dispatch *dd, Dwarf_Die *parent,
		  struct strvec *members, int inlined, int depth)
{
	Dwarf_Die child, t;
	const char *name;

	if (depth > MAX_DEPTH || dwarf_child(parent, &child))
		return;
	do {
		switch (dwarf_tag(&child)) {
		case DW_TAG_formal_parameter:
		case DW_TAG_variable:
			if (!struct_of(&child, &t, &name))
				members_of(dd, &t, name, members, 0);
			break;
		case DW_TAG_inlined_subroutine:
			if (inlined)
				scope(dd, &child, members, 1, depth + 1);
			break;
		case DW_TAG_lexical_block:
			scope(dd, &child, members, inlined, depth + 1);
			break;
		default:
			break;
		}
	} while (!dwarf_siblingof(&child, &child));
}

int dwarf_dispatch_scope(struct dwarf_dispatch *dd, size_t sym,
			 struct strvec *members)
{
	Dwarf_Die fn;

	if (!dd || function_die(dd, sym, &fn))
		return -1;
	scope(dd, &fn, members, 1, 0);
	return 0;
}

/* Does path A end with path B (at a '/')? */
static int same_file(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	while (!strncmp(b, "./", 2)) {
		b += 2;
		lb -= 2;
	}
	return la >= lb && !strcmp(a + la - lb, b) &&
	       (la == lb || a[la - lb - 1] == '/');
}

/*
 * The function whose body holds line LINE of FILE: the one declared
 * there last before it (C functions do not nest).
 */
static int body_of(struct dwarf_dispatch *dd, const char *file, int line,
		   Dwarf_Off *off)
{
	size_t i;
	int best = 0;

	if (!dd->decls) {
		dd->decls = xcalloc(dd->nr_names + 1, sizeof(*dd->decls));
		for (i = 0; i < dd->nr_names; i++) {
			struct func_decl *d = &dd->decls[dd->nr_decls];
			Dwarf_Die die;

			if (!dwarf_offdie(dd->dw, dd->names[i].off, &die) ||
			    dwarf_hasattr(&die, DW_AT_declaration) ||
			    dwarf_hasattr(&die, DW_AT_abstract_origin) ||
			    dwarf_decl_line(&die, &d->line) || d->line <= 0 ||
			    !(d->file = dwarf_decl_file(&die)))
				continue;
			d->off = dd->names[i].off;
			dd->nr_decls++;
		}
	}
	for (i = 0; i < dd->nr_decls; i++) {
		const struct func_decl *d = &dd->decls[i];

		if (d->line > line || d->line <= best ||
		    !same_file(d->file, file))
			continue;
		best = d->line;
		*off = d->off;
	}
	return best ? 0 : -1;
}

/* The function DIE inlines, or NO_BODY. */
static Dwarf_Off origin_of(Dwarf_Die *die)
{
	Dwarf_Attribute a;
	Dwarf_Die o;

	return dwarf_attr(die, DW_AT_abstract_origin, &a) &&
			       dwarf_formref_die(&a, &o)
		       ? dwarf_dieoffset(&o)
		       : NO_BODY;
}

/* List the inlined calls under P (in the function at MEMO_FN). */
static void list_inlined(struct dwarf_dispatch *dd, Dwarf_Die *parent,
			 int depth)
{
	Dwarf_Die child;

	if (depth > MAX_DEPTH || dwarf_child(parent, &child))
		return;
	do {
		int tag = dwarf_tag(&child);

		if (tag == DW_TAG_inlined_subroutine) {
			size_t at = dd->nr_inlined;

			ALLOC_GROW(dd->inlined, at + 1, dd->alloc_inlined);
			dd->inlined[at].off = dwarf_dieoffset(&child);
			dd->inlined[at].origin = origin_of(&child);
			dd->inlined[at].depth = depth;
			dd->nr_inlined++;
			list_inlined(dd, &child, depth + 1);
			dd->inlined[at].end = dd->nr_inlined;
		} else if (tag == DW_TAG_lexical_block) {
			list_inlined(dd, &child, depth + 1);
		}
	} while (!dwarf_siblingof(&child, &child));
}

/*
 * The scope of the instances of the function at OFF inlined in FN (at
 * MEMO_FN), each with the calls inlined in it, but not the instances
 * inlined in an instance: the function's tree is walked once, whichever
 * bodies are asked of it.
 */
static void inlined_scope(struct dwarf_dispatch *dd, Dwarf_Die *fn,
			  Dwarf_Off off, struct strvec *members)
{
	size_t i = 0;

	if (!dd->inlined_listed) {
		list_inlined(dd, fn, 0);
		dd->inlined_listed = 1;
	}
	while (i < dd->nr_inlined) {
		const struct inlined_call *c = &dd->inlined[i];
		Dwarf_Die die;

		if (c->origin != off) {
			i++;
			continue;
		}
		if (dwarf_offdie(dd->dw, c->off, &die))
			scope(dd, &die, members, 1, c->depth + 1);
		i = c->end;
	}
}

/* The members of the scope of the sites of FN in BODY (or NO_BODY). */
static const struct strvec *site_scope(struct dwarf_dispatch *dd, Dwarf_Die *fn,
				       Dwarf_Off body)
{
	struct strvec all = {0};
	struct hashmap seen = HASHMAP_INIT;
	struct scope_memo *m;
	size_t i;

	if (dwarf_dieoffset(fn) != dd->memo_fn) {
		memo_clear(dd);
		dd->memo_fn = dwarf_dieoffset(fn);
	}
	for (i = 0; i < dd->nr_memo; i++)
		if (dd->memo[i].body == body)
			return &dd->memo[i].members;
	if (body == NO_BODY)
		scope(dd, fn, &all, 1, 0);
	else if (dwarf_dieoffset(fn) == body || origin_of(fn) == body)
		scope(dd, fn, &all, 0, 0);
	else
		inlined_scope(dd, fn, body, &all);
	ALLOC_GROW(dd->memo, dd->nr_memo + 1, dd->alloc_memo);
	m = &dd->memo[dd->nr_memo++];
	m->body = body;
	memset(&m->members, 0, sizeof(m->members));
	for (i = 0; i < all.nr; i++) {
		int added = 0;

		hashmap_put_str(&seen, all.v[i], &added);
		if (added)
			strvec_push(&m->members, all.v[i]);
	}
	hashmap_release(&seen);
	strvec_clear(&all);
	return &m->members;
}

int dwarf_dispatch_site_scope(struct dwarf_dispatch *dd, size_t sym,
			      const char *file, int line,
			      struct strvec *members)
{
	const struct strvec *got;
	Dwarf_Die fn;
	Dwarf_Off body;
	size_t i;

	if (!dd || function_die(dd, sym, &fn))
		return -1;
	if (!file || body_of(dd, file, line, &body))
		body = NO_BODY;
	got = site_scope(dd, &fn, body);
	for (i = 0; i < got->nr; i++)
		strvec_push(members, got->v[i]);
	return 0;
}
