/*
 * dwarf_fields.h - what the debug information of one relocatable object
 * says about struct members: which member of which struct type holds a
 * byte of a static variable, which struct type an access chain such as
 * "d->arch.ops" reaches inside a function, and which source line a byte
 * of code comes from.
 *
 * Struct types are named by their tag; an anonymous struct by its typedef
 * name, or else "PARENT.MEMBER" after the named struct and member it was
 * reached through. Members of anonymous members belong to the enclosing
 * struct, as C reads them.
 *
 * Ownership: a struct dwarf_fields owns everything it returns; returned
 * strings are borrowed until dwarf_fields_close().
 */
#ifndef DWARF_FIELDS_H
#define DWARF_FIELDS_H

#include <elfutils/libdw.h>
#include <stddef.h>
#include <stdint.h>

struct dwarf_fields;

/*
 * Read the debug information of the relocatable object PATH (relocated as
 * a linker would). NULL when it has none or it cannot be read; nothing is
 * reported. Threads may each open their own objects.
 */
struct dwarf_fields *dwarf_fields_open(const char *path);
void dwarf_fields_close(struct dwarf_fields *df);
/*
 * Why the calling thread's last dwarf_fields_open() returned NULL, for a
 * message; "" when the DWARF was read but holds no variable or parameter.
 */
const char *dwarf_fields_open_error(void);

/*
 * The member holding byte OFFSET of the variable whose symbol has index
 * SYM in the object's symbol table: 0 with *TYPE (NULL for a struct with
 * no name) and *MEMBER set, or -1 when the debug information does not say.
 */
int dwarf_fields_member_at(struct dwarf_fields *df, size_t sym, uint64_t offset,
			   const char **type, const char **member);

/* The same for the global variable NAME (defined or only declared). */
int dwarf_fields_global_member_at(struct dwarf_fields *df, const char *name,
				  uint64_t offset, const char **type,
				  const char **member);

/* One step of an access chain: "->NAME", ".NAME" or "[...]". */
enum dwarf_step_kind { STEP_ARROW, STEP_DOT, STEP_INDEX };

struct dwarf_step {
	enum dwarf_step_kind kind;
	const char *name; /* NULL for STEP_INDEX */
};

/*
 * The struct type whose member the last of the NR STEPS names, following
 * the steps from BASE, a parameter or variable of function FUNC (its
 * source name) or else a global. Returns 0 with *TYPE set (NULL for a
 * struct with no name) and *FNPTR set when that member points to a
 * function; -1 when the chain cannot be followed, or BASE names several
 * variables that disagree.
 */
int dwarf_fields_chain(struct dwarf_fields *df, const char *func,
		       const char *base, const struct dwarf_step *steps,
		       size_t nr, const char **type, int *fnptr);

/*
 * Is NAME, seen in function FUNC (or NULL), a global variable pointing to
 * a function? 1: of external linkage, 2: file-local, 0: no (FUNC's own
 * variables called NAME hide the globals).
 */
int dwarf_fields_pointer_variable(struct dwarf_fields *df, const char *func,
				  const char *name);

/* Does the debug information say that NAME is a global variable? */
int dwarf_fields_is_variable(struct dwarf_fields *df, const char *name);

/*
 * Did the compiler record a call returning to byte OFFSET of the function
 * whose symbol has index SYM? 1 yes, 0 no, -1 when the debug information
 * records no calls at all (built without -O or without var-tracking).
 */
int dwarf_fields_call_returns_to(struct dwarf_fields *df, size_t sym,
				 uint64_t offset);

/*
 * The source file and line of byte OFFSET of the function whose symbol
 * has index SYM; 0 or -1.
 */
int dwarf_fields_line(struct dwarf_fields *df, size_t sym, uint64_t offset,
		      const char **file, int *line);

/*
 * For readers of other facts (dwarf_dispatch.h): the debug information
 * with its bias, the address DWARF gives the symbol of index SYM (0 or
 * -1), and the variable DIE of symbol SYM or, when SYM is NO index the
 * debug information knows, of the global variable NAME (0 or -1).
 */
Dwarf *dwarf_fields_dwarf(struct dwarf_fields *df, Dwarf_Addr *bias);
/*
 * The function DIEs (offsets) that are children of DF's units, in the
 * order of the units: found by the walk that opening made.
 */
const Dwarf_Off *dwarf_fields_functions(const struct dwarf_fields *df,
					size_t *nr);
int dwarf_fields_sym_address(struct dwarf_fields *df, size_t sym,
			     Dwarf_Addr *addr);
int dwarf_fields_variable_die(struct dwarf_fields *df, size_t sym,
			      const char *name, Dwarf_Die *out);

/*
 * The type of DIE (0 or -1); type T with its typedefs and qualifiers
 * followed, in place (-1 at "void").
 */
int dwarf_fields_type(Dwarf_Die *die, Dwarf_Die *out);
int dwarf_fields_peel(Dwarf_Die *t);

/*
 * The source file (relative to the unit's compilation directory when it
 * is under it) and line of byte OFFSET of the function of symbol SYM.
 */
int dwarf_fields_line_relative(struct dwarf_fields *df, size_t sym,
			       uint64_t offset, const char **file, int *line);

/*
 * The call-site DIEs (DW_TAG_call_site, DW_TAG_GNU_call_site) of the
 * object, with the module they belong to and the bias of its addresses;
 * for dwarf_callsites.c, which reads them through libdw.
 */
struct Dwfl_Module;
size_t dwarf_fields_call_sites(struct dwarf_fields *df,
			       struct Dwfl_Module **mod, uint64_t *bias,
			       const uint64_t **sites);

#endif
