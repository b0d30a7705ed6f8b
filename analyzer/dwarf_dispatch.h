/*
 * dwarf_dispatch.h - what the debug information of one relocatable object
 * says about where function pointers can be kept: the function pointer
 * parameters of a function, the function pointer members of the structs
 * its parameters point to, the function pointer slots of a variable
 * (itself, its array elements, its members), and the structs a function
 * (with what was inlined into it) handles.
 *
 * A function pointer type is compared by its signature, a string such as
 * "*(int)->void" built from the pointed-to function's parameter and
 * return types (typedefs and qualifiers left out, structs by their tag).
 *
 * Ownership: strings pushed to a caller's strvec are copies; a struct
 * dwarf_dispatch borrows the struct dwarf_fields it reads, which must
 * outlive it.
 */
#ifndef DWARF_DISPATCH_H
#define DWARF_DISPATCH_H

#include <stddef.h>

struct dwarf_fields;
struct strbuf;
struct strvec;
struct dwarf_dispatch;

/* NULL when DF is NULL. */
struct dwarf_dispatch *dwarf_dispatch_open(struct dwarf_fields *df);
void dwarf_dispatch_close(struct dwarf_dispatch *dd);

/*
 * Append to OUT the signature of a pointer to the function of symbol SYM
 * (or, when that is not a function defined here, of the function or
 * declaration NAME): what a function pointer parameter it is handed to
 * has. 0, or -1 when the debug information does not describe it.
 */
int dwarf_dispatch_function_signature(struct dwarf_dispatch *dd, size_t sym,
				      const char *name, struct strbuf *out);

/*
 * The function of symbol SYM: push to SIGS the signature of each of its
 * parameters that points to a function and, when there is one, to
 * MEMBERS, for each of its parameters that points to a struct, each
 * function pointer member of that struct as "STRUCT.MEMBER" followed by
 * its signature on the next entry. Returns 0, or -1 when the debug
 * information does not describe the function.
 */
int dwarf_dispatch_params(struct dwarf_dispatch *dd, size_t sym,
			  struct strvec *sigs, struct strvec *members);

/*
 * Push to SIGS the signatures of the function pointers variable SYM (or,
 * not found by its symbol, the global NAME) can hold: itself, its array
 * elements, its members at any depth. 0, or -1 when it is not described.
 */
int dwarf_dispatch_variable(struct dwarf_dispatch *dd, size_t sym,
			    const char *name, struct strvec *sigs);

/*
 * Push to MEMBERS, as "STRUCT.MEMBER", the function pointer members of
 * the structs that parameters and variables of the function of symbol
 * SYM (of functions inlined into it too) are or point to. 0 or -1.
 */
int dwarf_dispatch_scope(struct dwarf_dispatch *dd, size_t sym,
			 struct strvec *members);

/*
 * The same for the indirect call site at line LINE of FILE (a path
 * relative to the compilation directory): only the parameters and
 * variables of the function whose body holds that line, the function of
 * SYM itself or one inlined into it. Without FILE, or when no function
 * of FILE holds the line, as dwarf_dispatch_scope(). Each member once;
 * the scopes of the sites of one function are read once.
 */
int dwarf_dispatch_site_scope(struct dwarf_dispatch *dd, size_t sym,
			      const char *file, int line,
			      struct strvec *members);

#endif
