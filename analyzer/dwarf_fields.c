/*
 * dwarf_fields.c - struct members, access chains and source lines from the
 * debug information of a relocatable object, read with libdwfl so that
 * the object's relocations are applied to its DWARF as a linker would
 * (those between its debug sections first, by dwarf_reloc.c).
 */
#include "dwarf_fields.h"
#include "dwarf_reloc.h"
#include "hashmap.h"
#include "util.h"

#include <dwarf.h>
#include <errno.h>
#include <elfutils/libdwfl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How deep a type may nest before it is taken for a loop. */
#define MAX_TYPE_DEPTH 64

struct var_addr {
	Dwarf_Addr addr;
	Dwarf_Off off;
};

/*
 * A variable or parameter by name, with the function it belongs to; each
 * name's entries together, in the order met (their DIEs' order).
 */
struct var_name {
	const char *name;
	const char *owner; /* source name of the function; NULL: global */
	Dwarf_Off off;
};

struct dwarf_fields {
	Dwfl *dwfl;
	Dwfl_Module *mod;
	Dwarf *dw;
	Dwarf_Addr bias;
	Dwarf_Addr *sym_addr; /* address of each symbol, as DWARF sees it */
	size_t nr_syms;
	struct var_addr *vars; /* variables with a static address */
	size_t nr_vars, alloc_vars;
	struct var_name *names; /* variables and parameters, by name */
	size_t nr_names, alloc_names;
	struct hashmap groups; /* name -> its group: its entries of NAMES */
	size_t *begin;	       /* by group: where its entries begin */
	Dwarf_Addr *returns; /* return addresses of the calls, sorted */
	size_t nr_returns, alloc_returns;
	Dwarf_Off *sites; /* the call-site DIEs, in the order met */
	size_t nr_sites, alloc_sites;
	Dwarf_Off *funcs; /* the units' own function DIEs, in order */
	size_t nr_funcs, alloc_funcs;
	struct strvec pool; /* strings handed out */
	/*
	 * the object's bytes, which libdwfl relocates in place: read, not
	 * mapped, since a private mapping's copy-on-write faults cost more
	 * than the read once a second thread runs
	 */
	struct strbuf image;
};

static const char *pool_str(struct dwarf_fields *df, char *s)
{
	strvec_push(&df->pool, s);
	free(s);
	return df->pool.v[df->pool.nr - 1];
}

static const char *die_name(Dwarf_Die *die)
{
	Dwarf_Attribute a;

	if (!dwarf_attr_integrate(die, DW_AT_name, &a))
		return NULL;
	return dwarf_formstring(&a);
}

static int die_type(Dwarf_Die *die, Dwarf_Die *out)
{
	Dwarf_Attribute a;

	return dwarf_attr_integrate(die, DW_AT_type, &a) &&
			       dwarf_formref_die(&a, out)
		       ? 0
		       : -1;
}

/* The static address of variable DIE, from a DW_OP_addr location. */
static int var_address(Dwarf_Die *die, Dwarf_Addr *addr)
{
	Dwarf_Attribute a;
	Dwarf_Op *ops;
	Dwarf_Block b;
	size_t nops;

	/*
	 * A static address is an expression starting with DW_OP_addr: the
	 * first byte rules out the locals, before libdw decodes and keeps
	 * (in a tree it locks) every expression
	 */
	if (!dwarf_attr(die, DW_AT_location, &a) || dwarf_formblock(&a, &b) ||
	    !b.length || b.data[0] != DW_OP_addr ||
	    dwarf_getlocation(&a, &ops, &nops) || nops < 1 ||
	    ops[0].atom != DW_OP_addr)
		return -1;
	*addr = ops[0].number;
	return 0;
}

static void add_name(struct dwarf_fields *df, Dwarf_Die *die, const char *owner)
{
	const char *name = die_name(die);

	if (!name)
		return;
	ALLOC_GROW(df->names, df->nr_names + 1, df->alloc_names);
	df->names[df->nr_names].name = name;
	df->names[df->nr_names].owner = owner;
	df->names[df->nr_names].off = dwarf_dieoffset(die);
	df->nr_names++;
}

/* Index the variables and parameters under DIE (a CU or a function). */
static void walk(struct dwarf_fields *df, Dwarf_Die *parent, const char *owner,
		 int depth)
{
	Dwarf_Die child;
	Dwarf_Addr addr;

	if (depth > MAX_TYPE_DEPTH || dwarf_child(parent, &child))
		return;
	do {
		switch (dwarf_tag(&child)) {
		case DW_TAG_variable:
			if (!var_address(&child, &addr)) {
				ALLOC_GROW(df->vars, df->nr_vars + 1,
					   df->alloc_vars);
				df->vars[df->nr_vars].addr = addr + df->bias;
				df->vars[df->nr_vars].off =
					dwarf_dieoffset(&child);
				df->nr_vars++;
			}
			add_name(df, &child, owner);
			break;
		case DW_TAG_formal_parameter:
			if (owner)
				add_name(df, &child, owner);
			break;
		case DW_TAG_subprogram:
			if (!depth) { /* a child of the unit */
				ALLOC_GROW(df->funcs, df->nr_funcs + 1,
					   df->alloc_funcs);
				df->funcs[df->nr_funcs++] =
					dwarf_dieoffset(&child);
			}
			walk(df, &child, owner ? owner : die_name(&child),
			     depth + 1);
			break;
		case DW_TAG_lexical_block:
		case DW_TAG_inlined_subroutine:
			walk(df, &child, owner, depth + 1);
			break;
		case DW_TAG_call_site:
		case DW_TAG_GNU_call_site: {
			Dwarf_Attribute a;

			ALLOC_GROW(df->sites, df->nr_sites + 1,
				   df->alloc_sites);
			df->sites[df->nr_sites++] = dwarf_dieoffset(&child);
			if ((dwarf_attr(&child, DW_AT_call_return_pc, &a) ||
			     dwarf_attr(&child, DW_AT_low_pc, &a)) &&
			    !dwarf_formaddr(&a, &addr)) {
				ALLOC_GROW(df->returns, df->nr_returns + 1,
					   df->alloc_returns);
				df->returns[df->nr_returns++] = addr + df->bias;
			}
			break;
		}
		default:
			break;
		}
	} while (!dwarf_siblingof(&child, &child));
}

static int cmp_var_addr(const void *a, const void *b)
{
	const struct var_addr *x = a, *y = b;

	return cmp_u64_pair(x->addr, x->off, y->addr, y->off);
}

static int cmp_addr(const void *a, const void *b)
{
	Dwarf_Addr x = *(const Dwarf_Addr *)a, y = *(const Dwarf_Addr *)b;

	return x < y ? -1 : x > y;
}

/*
 * Put each name's entries of NAMES together, in the order met, and index
 * them by name: a stable counting sort, the names counted in a hash table
 * (sorting the entries by comparisons cost three times as much).
 */
static void group_names(struct dwarf_fields *df)
{
	struct var_name *sorted;
	size_t nr_groups = 0, i, k, *at;
	uint32_t *group = xmalloc((df->nr_names + 1) * sizeof(*group));

	df->begin = xmalloc((df->nr_names + 1) * sizeof(*df->begin));
	for (i = 0; i < df->nr_names; i++) {
		int added;
		void **slot = hashmap_put_str(&df->groups, df->names[i].name,
					      &added);

		if (added) {
			df->begin[nr_groups] = 0;
			*slot = (void *)(uintptr_t)nr_groups++;
		}
		group[i] = (uint32_t)(uintptr_t)*slot;
		df->begin[group[i]]++;
	}
	/* the counts become where each group begins */
	for (i = k = 0; i < nr_groups; i++) {
		size_t n = df->begin[i];

		df->begin[i] = k;
		k += n;
	}
	at = xmalloc((nr_groups + 1) * sizeof(*at));
	memcpy(at, df->begin, nr_groups * sizeof(*at));
	sorted = xmalloc((df->nr_names + 1) * sizeof(*sorted));
	for (i = 0; i < df->nr_names; i++)
		sorted[at[group[i]]++] = df->names[i];
	free(df->names);
	df->names = sorted;
	free(at);
	free(group);
}

/* Why the last dwarf_fields_open() of this thread failed. */
static _Thread_local char open_error[160];

static void set_open_error(const char *why)
{
	snprintf(open_error, sizeof(open_error), "%s", why);
}

const char *dwarf_fields_open_error(void)
{
	return open_error;
}

/* Is CU the skeleton of a split unit (-gsplit-dwarf, DWARF 4 or 5)? */
static int is_skeleton(Dwarf_Die *cu)
{
	uint8_t type = 0;

	return (!dwarf_cu_info(cu->cu, NULL, &type, NULL, NULL, NULL, NULL,
			       NULL) &&
		type == DW_UT_skeleton) ||
	       dwarf_hasattr(cu, DW_AT_GNU_dwo_name) ||
	       dwarf_hasattr(cu, DW_AT_dwo_name);
}

/*
 * Is IMAGE a relocatable ELF file whose header libelf can read? libdwfl
 * (0.188) takes a memory image with a header cut short for an ELF file,
 * and writes through a NULL pointer: only such a file goes to it.
 */
static int relocatable_elf(struct strbuf *image)
{
	Elf *e = elf_memory(image->buf, image->len);
	GElf_Ehdr eh;
	int ok = e && elf_kind(e) == ELF_K_ELF && gelf_getehdr(e, &eh) &&
		 eh.e_type == ET_REL;

	elf_end(e);
	return ok;
}

static const Dwfl_Callbacks offline_callbacks = {
	.find_debuginfo = dwfl_standard_find_debuginfo,
	.section_address = dwfl_offline_section_address,
};

/*
 * Read the object at PATH into DF and report it to a libdwfl session of
 * its own, with the address of each of its symbols; the relocations of its
 * debug sections are applied first, those into code and data too when
 * LOADED (dwarf_reloc.c), libdwfl's layout assumed, then checked. 0; 1
 * when libdwfl placed a symbol elsewhere (DF is then to be emptied and
 * the object read again without LOADED); -1 on an error, said.
 */
static int report_object(struct dwarf_fields *df, const char *path,
			 int loaded)
{
	struct dwarf_reloc_assumed assumed = {NULL, 0, 0};
	size_t i;
	int n, ret = -1;

	if (strbuf_read_regular(&df->image, path)) {
		set_open_error(errno == EINVAL ? "not a regular file"
					       : strerror(errno));
		return -1;
	}
	df->dwfl = dwfl_begin(&offline_callbacks); /* (sets libelf's version) */
	if (!df->dwfl)
		goto dwfl_fail;
	if (!relocatable_elf(&df->image)) {
		set_open_error("not a relocatable ELF file");
		return -1;
	}
	/* libdwfl applies the rest, when the DWARF is first asked for */
	dwarf_reloc_debug(df->image.buf, df->image.len,
			  loaded ? &assumed : NULL);
	dwfl_report_begin(df->dwfl);
	df->mod = dwfl_report_offline_memory(df->dwfl, path, path,
					     df->image.buf, df->image.len);
	if (!df->mod || dwfl_report_end(df->dwfl, NULL, NULL))
		goto dwfl_fail;
	n = dwfl_module_getsymtab(df->mod);
	if (n < 0)
		goto dwfl_fail;
	df->nr_syms = (size_t)n;
	df->sym_addr = xcalloc((size_t)n + 1, sizeof(*df->sym_addr));
	for (i = 0; i < df->nr_syms; i++) {
		GElf_Sym sym;
		GElf_Addr addr;
		GElf_Word shndx;

		if (dwfl_module_getsym_info(df->mod, (int)i, &sym, &addr,
					    &shndx, NULL, NULL))
			df->sym_addr[i] = addr;
	}
	ret = !dwarf_reloc_confirmed(&assumed, df->sym_addr, df->nr_syms);
	free(assumed.v);
	return ret;
dwfl_fail:
	set_open_error(dwfl_errmsg(-1));
	free(assumed.v);
	return -1;
}

struct dwarf_fields *dwarf_fields_open(const char *path)
{
	struct dwarf_fields *df = xcalloc(1, sizeof(*df));
	Dwarf_Die *cu = NULL;
	Dwarf_Addr cu_bias;
	int ret, split = 0, nr_cus = 0;

	set_open_error("");
	ret = report_object(df, path, 1);
	if (ret > 0) {
		/* a libdwfl of another layout: it relocates those itself */
		dwfl_end(df->dwfl);
		df->dwfl = NULL;
		df->mod = NULL;
		free(df->sym_addr);
		df->sym_addr = NULL;
		ret = report_object(df, path, 0);
	}
	if (ret)
		goto fail;
	df->dw = dwfl_module_getdwarf(df->mod, &df->bias);
	if (!df->dw) {
		set_open_error(dwfl_errmsg(-1));
		goto fail;
	}
	dwfl_errno(); /* (clears the last error) */
	while ((cu = dwfl_module_nextcu(df->mod, cu, &cu_bias))) {
		split |= is_skeleton(cu);
		walk(df, cu, NULL, 0);
		nr_cus++;
	}
	if (dwfl_errno() || !nr_cus) {
		set_open_error("a compilation unit cannot be read");
		goto fail;
	}
	if (split) {
		set_open_error(
			"split DWARF (-gsplit-dwarf), which is not read");
		goto fail;
	}
	if (!df->nr_vars && !df->nr_names)
		goto fail; /* nothing to tell: not an error */
	sort_array(df->vars, df->nr_vars, sizeof(*df->vars), cmp_var_addr);
	sort_array(df->returns, df->nr_returns, sizeof(*df->returns), cmp_addr);
	group_names(df);
	return df;
fail:
	dwarf_fields_close(df);
	return NULL;
}

void dwarf_fields_close(struct dwarf_fields *df)
{
	if (!df)
		return;
	if (df->dwfl)
		dwfl_end(df->dwfl);
	strbuf_release(&df->image);
	free(df->sym_addr);
	free(df->sites);
	free(df->funcs);
	free(df->vars);
	free(df->names);
	hashmap_release(&df->groups);
	free(df->begin);
	free(df->returns);
	strvec_clear(&df->pool);
	free(df);
}

/*
 * Follow typedefs and qualifiers from T (in place). *TYPEDEF_NAME, when
 * given, gets the name of the last typedef passed. -1 at "void".
 */
static int peel(Dwarf_Die *t, const char **typedef_name)
{
	int i;

	for (i = 0; i < MAX_TYPE_DEPTH; i++) {
		switch (dwarf_tag(t)) {
		case DW_TAG_typedef:
			if (typedef_name)
				*typedef_name = dwarf_diename(t);
			break;
		case DW_TAG_const_type:
		case DW_TAG_volatile_type:
		case DW_TAG_restrict_type:
		case DW_TAG_atomic_type:
			break;
		default:
			return 0;
		}
		if (die_type(t, t))
			return -1;
	}
	return -1;
}

static int is_record(Dwarf_Die *t)
{
	int tag = dwarf_tag(t);

	return tag == DW_TAG_structure_type || tag == DW_TAG_union_type ||
	       tag == DW_TAG_class_type;
}

/* The name of struct type T: its tag, its typedef, else HINT. */
static const char *record_name(Dwarf_Die *t, const char *typedef_name,
			       const char *hint)
{
	const char *n = dwarf_diename(t);

	if (n)
		return n;
	return typedef_name ? typedef_name : hint;
}

/* Is member type T a pointer to a function? */
static int is_function_pointer(Dwarf_Die *member)
{
	Dwarf_Die t;

	if (die_type(member, &t) || peel(&t, NULL) ||
	    dwarf_tag(&t) != DW_TAG_pointer_type || die_type(&t, &t) ||
	    peel(&t, NULL))
		return 0;
	return dwarf_tag(&t) == DW_TAG_subroutine_type;
}

static int member_offset(Dwarf_Die *m, Dwarf_Word *off)
{
	Dwarf_Attribute a;
	Dwarf_Op *ops;
	size_t nops;

	*off = 0;
	if (!dwarf_attr(m, DW_AT_data_member_location, &a))
		return 0; /* union members */
	if (!dwarf_formudata(&a, off))
		return 0;
	if (!dwarf_getlocation(&a, &ops, &nops) && nops == 1 &&
	    ops[0].atom == DW_OP_plus_uconst) {
		*off = ops[0].number;
		return 0;
	}
	return -1;
}

/*
 * The member of type T (a struct, union or array, named NAME) holding byte
 * OFF: fills *TYPE and *MEMBER.
 */
static int member_at(struct dwarf_fields *df, Dwarf_Die *t, Dwarf_Word off,
		     const char *hint, const char **type, const char **member,
		     int depth)
{
	const char *td = NULL, *name;
	Dwarf_Die child, mt;
	Dwarf_Word size;

	if (depth > MAX_TYPE_DEPTH || peel(t, &td))
		return -1;
	if (dwarf_tag(t) == DW_TAG_array_type) {
		if (die_type(t, &mt) || dwarf_aggregate_size(&mt, &size) ||
		    !size)
			return -1;
		return member_at(df, &mt, off % size, hint, type, member,
				 depth + 1);
	}
	if (!is_record(t) || dwarf_child(t, &child))
		return -1;
	name = record_name(t, td, hint);
	if (dwarf_tag(t) == DW_TAG_union_type && !off) {
		/* of the members sharing the bytes, a function pointer */
		Dwarf_Die u = child;

		do {
			const char *mname = dwarf_diename(&u);

			if (dwarf_tag(&u) == DW_TAG_member && mname &&
			    is_function_pointer(&u)) {
				*type = name;
				*member = mname;
				return 0;
			}
		} while (!dwarf_siblingof(&u, &u));
	}
	do {
		Dwarf_Word moff;
		const char *mname;

		if (dwarf_tag(&child) != DW_TAG_member ||
		    dwarf_hasattr(&child, DW_AT_bit_size) ||
		    member_offset(&child, &moff) || off < moff ||
		    die_type(&child, &mt) || dwarf_aggregate_size(&mt, &size) ||
		    off >= moff + size)
			continue;
		mname = dwarf_diename(&child);
		if (!peel(&mt, NULL) &&
		    (is_record(&mt) || dwarf_tag(&mt) == DW_TAG_array_type)) {
			const char *inner = name;

			if (mname)
				inner = name ? pool_str(df,
							xstrfmt("%s.%s", name,
								mname))
					     : NULL;
			if (!member_at(df, &mt, off - moff, inner, type, member,
				       depth + 1))
				return 0;
			continue;
		}
		if (off == moff && mname) {
			*type = name;
			*member = mname;
			return 0;
		}
	} while (!dwarf_siblingof(&child, &child));
	return -1;
}

/* The first variable at ADDR or after it. */
static size_t first_var(const struct dwarf_fields *df, Dwarf_Addr addr)
{
	size_t lo = 0, hi = df->nr_vars;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (df->vars[mid].addr < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int dwarf_fields_member_at(struct dwarf_fields *df, size_t sym, uint64_t offset,
			   const char **type, const char **member)
{
	size_t lo;
	Dwarf_Addr addr;
	Dwarf_Die var, t;

	if (sym >= df->nr_syms)
		return -1;
	addr = df->sym_addr[sym];
	for (lo = first_var(df, addr);
	     lo < df->nr_vars && df->vars[lo].addr == addr; lo++) {
		if (!dwarf_offdie(df->dw, df->vars[lo].off, &var) ||
		    die_type(&var, &t))
			continue;
		*type = NULL;
		/* an anonymous struct is named after its variable */
		if (!member_at(df, &t, offset, die_name(&var), type, member, 0))
			return 0;
	}
	return -1;
}

/* The member NAME of struct T, looking into anonymous members too. */
static int find_member(Dwarf_Die *t, const char *name, Dwarf_Die *out,
		       int depth)
{
	Dwarf_Die child, mt;

	if (depth > MAX_TYPE_DEPTH || dwarf_child(t, &child))
		return -1;
	do {
		const char *mname;

		if (dwarf_tag(&child) != DW_TAG_member)
			continue;
		mname = dwarf_diename(&child);
		if (mname && !strcmp(mname, name)) {
			*out = child;
			return 0;
		}
		if (!mname && !die_type(&child, &mt) && !peel(&mt, NULL) &&
		    is_record(&mt) && !find_member(&mt, name, out, depth + 1))
			return 0;
	} while (!dwarf_siblingof(&child, &child));
	return -1;
}

/* Follow STEPS from variable VAR; see dwarf_fields_chain(). */
static int follow(struct dwarf_fields *df, Dwarf_Die *var,
		  const struct dwarf_step *steps, size_t nr, const char **type,
		  int *fnptr)
{
	const char *hint = die_name(var);
	Dwarf_Die t, m;
	size_t i;

	if (die_type(var, &t))
		return -1;
	for (i = 0; i < nr; i++) {
		const struct dwarf_step *s = &steps[i];
		const char *td = NULL, *name;

		if (peel(&t, &td))
			return -1;
		if (s->kind != STEP_DOT) {
			int tag = dwarf_tag(&t);

			if ((tag != DW_TAG_pointer_type &&
			     tag != DW_TAG_array_type) ||
			    die_type(&t, &t))
				return -1;
			if (s->kind == STEP_INDEX)
				continue;
			td = NULL;
			if (peel(&t, &td))
				return -1;
		}
		if (!is_record(&t))
			return -1;
		name = record_name(&t, td, hint);
		if (find_member(&t, s->name, &m, 0)) {
			/* a struct only declared here: trust the name */
			if (i + 1 == nr &&
			    dwarf_hasattr(&t, DW_AT_declaration) && name) {
				*type = name;
				*fnptr = 1;
				return 0;
			}
			return -1;
		}
		if (i + 1 == nr) {
			*type = name;
			*fnptr = is_function_pointer(&m);
			return 0;
		}
		hint = name ? pool_str(df, xstrfmt("%s.%s", name, s->name))
			    : NULL;
		if (die_type(&m, &t))
			return -1;
	}
	return -1;
}

/* Follow the chain from every variable in NAMES[LO..HI) OWNER owns. */
static int follow_all(struct dwarf_fields *df, size_t lo, size_t hi,
		      const char *owner, int any_owner,
		      const struct dwarf_step *steps, size_t nr,
		      const char **type, int *fnptr, int *found)
{
	size_t i;
	int agreed = 0;

	for (i = lo; i < hi; i++) {
		const struct var_name *v = &df->names[i];
		const char *ty = NULL;
		int fp = 0;
		Dwarf_Die die;

		if (!any_owner && (owner ? !v->owner || strcmp(v->owner, owner)
					 : v->owner != NULL))
			continue;
		if (!dwarf_offdie(df->dw, v->off, &die) ||
		    follow(df, &die, steps, nr, &ty, &fp))
			continue;
		if (*found && (fp != *fnptr || !ty != !*type ||
			       (ty && strcmp(ty, *type))))
			agreed = -1;
		*found = 1;
		*type = ty;
		*fnptr = fp;
	}
	return agreed;
}

/* The first entry of NAMES called NAME, or the end when none is. */
static size_t first_name(const struct dwarf_fields *df, const char *name)
{
	void **slot = hashmap_get_str(&df->groups, name);

	return slot ? df->begin[(uintptr_t)*slot] : df->nr_names;
}

int dwarf_fields_global_member_at(struct dwarf_fields *df, const char *name,
				  uint64_t offset, const char **type,
				  const char **member)
{
	size_t i;
	Dwarf_Die var, t;

	for (i = first_name(df, name);
	     i < df->nr_names && !strcmp(df->names[i].name, name); i++) {
		if (df->names[i].owner ||
		    !dwarf_offdie(df->dw, df->names[i].off, &var) ||
		    die_type(&var, &t))
			continue;
		*type = NULL;
		if (!member_at(df, &t, offset, name, type, member, 0))
			return 0;
	}
	return -1;
}

int dwarf_fields_pointer_variable(struct dwarf_fields *df, const char *func,
				  const char *name)
{
	size_t i, lo = first_name(df, name);
	Dwarf_Die var, t;

	for (i = lo;
	     func && i < df->nr_names && !strcmp(df->names[i].name, name); i++)
		if (df->names[i].owner && !strcmp(df->names[i].owner, func))
			return 0;
	for (i = lo; i < df->nr_names && !strcmp(df->names[i].name, name);
	     i++) {
		if (df->names[i].owner ||
		    !dwarf_offdie(df->dw, df->names[i].off, &var) ||
		    die_type(&var, &t) || peel(&t, NULL) ||
		    dwarf_tag(&t) != DW_TAG_pointer_type || die_type(&t, &t) ||
		    peel(&t, NULL) || dwarf_tag(&t) != DW_TAG_subroutine_type)
			continue;
		return dwarf_hasattr_integrate(&var, DW_AT_external) ? 1 : 2;
	}
	return 0;
}

int dwarf_fields_is_variable(struct dwarf_fields *df, const char *name)
{
	size_t i;

	for (i = first_name(df, name);
	     i < df->nr_names && !strcmp(df->names[i].name, name); i++)
		if (!df->names[i].owner)
			return 1;
	return 0;
}

int dwarf_fields_chain(struct dwarf_fields *df, const char *func,
		       const char *base, const struct dwarf_step *steps,
		       size_t nr, const char **type, int *fnptr)
{
	size_t lo, end;
	int found = 0, pass;

	if (!nr)
		return -1;
	lo = first_name(df, base);
	for (end = lo; end < df->nr_names && !strcmp(df->names[end].name, base);
	     end++)
		;
	/* The function's own variables, then globals, then any that agree. */
	for (pass = 0; pass < 3; pass++) {
		if (pass == 0 && !func)
			continue;
		if (follow_all(df, lo, end, pass == 0 ? func : NULL, pass == 2,
			       steps, nr, type, fnptr, &found))
			return -1;
		if (found)
			return 0;
	}
	return -1;
}

int dwarf_fields_call_returns_to(struct dwarf_fields *df, size_t sym,
				 uint64_t offset)
{
	Dwarf_Addr addr;

	if (!df->nr_returns)
		return -1;
	if (sym >= df->nr_syms)
		return 0;
	addr = df->sym_addr[sym] + offset;
	return bsearch(&addr, df->returns, df->nr_returns, sizeof(addr),
		       cmp_addr) != NULL;
}

int dwarf_fields_line(struct dwarf_fields *df, size_t sym, uint64_t offset,
		      const char **file, int *line)
{
	Dwfl_Line *l;
	Dwarf_Addr addr;
	const char *f;
	int col;

	if (sym >= df->nr_syms)
		return -1;
	l = dwfl_module_getsrc(df->mod, df->sym_addr[sym] + offset);
	if (!l)
		return -1;
	f = dwfl_lineinfo(l, &addr, line, &col, NULL, NULL);
	if (!f)
		return -1;
	*file = f;
	return 0;
}

const Dwarf_Off *dwarf_fields_functions(const struct dwarf_fields *df,
					size_t *nr)
{
	*nr = df->nr_funcs;
	return df->funcs;
}

Dwarf *dwarf_fields_dwarf(struct dwarf_fields *df, Dwarf_Addr *bias)
{
	*bias = df->bias;
	return df->dw;
}

int dwarf_fields_sym_address(struct dwarf_fields *df, size_t sym,
			     Dwarf_Addr *addr)
{
	if (sym >= df->nr_syms)
		return -1;
	*addr = df->sym_addr[sym];
	return 0;
}

int dwarf_fields_variable_die(struct dwarf_fields *df, size_t sym,
			      const char *name, Dwarf_Die *out)
{
	size_t lo, i;
	Dwarf_Addr addr;

	if (sym < df->nr_syms) {
		addr = df->sym_addr[sym];
		lo = first_var(df, addr);
		if (lo < df->nr_vars && df->vars[lo].addr == addr &&
		    dwarf_offdie(df->dw, df->vars[lo].off, out))
			return 0;
	}
	if (!name)
		return -1;
	for (i = first_name(df, name);
	     i < df->nr_names && !strcmp(df->names[i].name, name); i++)
		if (!df->names[i].owner &&
		    dwarf_offdie(df->dw, df->names[i].off, out))
			return 0;
	return -1;
}

int dwarf_fields_line_relative(struct dwarf_fields *df, size_t sym,
			       uint64_t offset, const char **file, int *line)
{
	Dwfl_Line *l;
	const char *dir;
	size_t n;

	if (dwarf_fields_line(df, sym, offset, file, line))
		return -1;
	l = dwfl_module_getsrc(df->mod, df->sym_addr[sym] + offset);
	dir = l ? dwfl_line_comp_dir(l) : NULL;
	n = dir ? strlen(dir) : 0;
	if (n && !strncmp(*file, dir, n) && (*file)[n] == '/')
		*file += n + 1;
	return 0;
}

int dwarf_fields_type(Dwarf_Die *die, Dwarf_Die *out)
{
	return die_type(die, out);
}

int dwarf_fields_peel(Dwarf_Die *t)
{
	return peel(t, NULL);
}

size_t dwarf_fields_call_sites(struct dwarf_fields *df, Dwfl_Module **mod,
			       Dwarf_Addr *bias, const Dwarf_Off **sites)
{
	*mod = df->mod;
	*bias = df->bias;
	*sites = df->sites;
	return df->nr_sites;
}
