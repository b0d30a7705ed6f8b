/*
 * dwarf_reloc.h - the relocations between a relocatable object's debug
 * sections, applied before libdwfl reads it.
 */
#ifndef DWARF_RELOC_H
#define DWARF_RELOC_H

#include <stddef.h>

/*
 * Apply, in the ELF IMAGE (LEN bytes, a relocatable object), each
 * relocation of a debug section whose value is an offset into another
 * section that is not loaded (another debug section: a string, a line
 * table, an abbreviation), and take it out of its relocation section;
 * libdwfl, which would apply it the same way, then applies only the
 * rest. Only ELF64 little-endian x86-64 and AArch64 objects are read,
 * and only entries of the usual types whose place and value are in
 * range: anything else is left as it is. The number applied.
 */
size_t dwarf_reloc_debug(char *image, size_t len);

#endif
