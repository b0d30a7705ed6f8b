/*
 * dwarf_reloc.h - the relocations of a relocatable object's debug
 * sections, applied before libdwfl reads it.
 */
#ifndef DWARF_RELOC_H
#define DWARF_RELOC_H

#include <stddef.h>
#include <stdint.h>

/* A symbol a relocation applied was taken to be at ADDRESS. */
struct dwarf_reloc_symbol {
	size_t index; /* in the object's symbol table */
	uint64_t address;
};

struct dwarf_reloc_assumed {
	struct dwarf_reloc_symbol *v;
	size_t nr, alloc;
};

/*
 * Apply, in the ELF IMAGE (LEN bytes, a relocatable object), each
 * relocation of a debug section whose value is an offset into another
 * section that is not loaded (another debug section: a string, a line
 * table, an abbreviation), and take it out of its relocation section;
 * libdwfl, which would apply it the same way, then applies only the
 * rest. Only ELF64 little-endian x86-64 and AArch64 objects are read,
 * and only entries of the usual types whose place and value are in
 * range: anything else is left as it is. The number applied.
 *
 * With ASSUMED (empty), those into loaded sections (code, data) are
 * applied too, each section at the address libdwfl's offline layout
 * gives it when the object is the first a session reads, and each
 * symbol they use is added to ASSUMED with the address it was given.
 * The caller must then check them against libdwfl's (the address
 * dwfl_module_getsym_info() gives each) before the DWARF is read, and
 * when one differs, read the object again and apply this without
 * ASSUMED: the DWARF would otherwise hold addresses of another layout.
 */
size_t dwarf_reloc_debug(char *image, size_t len,
			 struct dwarf_reloc_assumed *assumed);

/*
 * Whether every symbol of ASSUMED is where libdwfl puts it: ADDR holds
 * the address libdwfl gives each of the NR symbols of the object.
 */
int dwarf_reloc_confirmed(const struct dwarf_reloc_assumed *assumed,
			  const uint64_t *addr, size_t nr);

#endif
