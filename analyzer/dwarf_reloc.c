/*
 * dwarf_reloc.c - the relocations between a relocatable object's debug
 * sections, applied before libdwfl reads it.
 *
 * Most relocations of an object's .debug_info, .debug_line and other
 * debug sections give an offset into another debug section: a string of
 * .debug_str, a unit's line table, its abbreviations. Those sections are
 * not loaded, so the value is the offset itself: the symbol's value (0
 * for a section symbol) plus the addend. libdwfl applies every
 * relocation of the debug sections when the DWARF is first asked for,
 * looking the symbol up and converting the datum for each, at about 330
 * instructions a relocation (1.2 million in the x86_64 defconfig-debug
 * build of Xen, 18% of its ingest). Those are written here straight into
 * the image, before libdwfl is given it, and the relocation sections keep
 * only the rest.
 *
 * The relocations that point into code and data (a function's address,
 * a variable's) need the addresses libdwfl gives the sections of an
 * object it reads offline. Its layout is simple and has been the same for
 * years: the sections that are loaded, in order, each at the next address
 * of its alignment, from 0x10000. When asked, those are applied too, each
 * section placed as libdwfl would place it, and the symbols they use are
 * listed with the addresses given them, for the caller to check against
 * libdwfl's own once the object is reported: a libdwfl that placed them
 * otherwise is found out, never trusted.
 */
#include "dwarf_reloc.h"
#include "util.h"

#include <elf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Where libdwfl starts the layout of the first object a session reads. */
#define OFFLINE_BASE 0x10000
#define OFFLINE_MIN_ALIGN 0x100

/* The bytes relocation TYPE writes on MACHINE: 4, 8, or 0 (not here). */
static size_t reloc_size(unsigned machine, unsigned type)
{
	if (machine == EM_X86_64)
		return type == R_X86_64_64 ? 8 : type == R_X86_64_32 ? 4 : 0;
	if (machine == EM_AARCH64)
		return type == R_AARCH64_ABS64	 ? 8
		       : type == R_AARCH64_ABS32 ? 4
						 : 0;
	return 0;
}

/* Whether [OFF, OFF + SIZE) is inside LEN bytes. */
static int in_range(uint64_t off, uint64_t size, uint64_t len)
{
	return off <= len && size <= len - off;
}

/* Whether the bytes of sections A and B (in range) overlap. */
static int overlap(const Elf64_Shdr *a, const Elf64_Shdr *b)
{
	return a->sh_offset < b->sh_offset + b->sh_size &&
	       b->sh_offset < a->sh_offset + a->sh_size;
}

/* Whether section header S (of IMAGE) names a debug section. */
static int debug_name(const char *image, const Elf64_Shdr *strtab,
		      const Elf64_Shdr *s)
{
	static const char prefix[] = ".debug_";

	return s->sh_name < strtab->sh_size &&
	       strtab->sh_size - s->sh_name > sizeof(prefix) - 1 &&
	       !memcmp(image + strtab->sh_offset + s->sh_name, prefix,
		       sizeof(prefix) - 1);
}

static uint64_t alignment(const Elf64_Shdr *s)
{
	return s->sh_addralign ? s->sh_addralign : 1;
}

/* The first address from END that section S's alignment allows. */
static uint64_t place(const Elf64_Shdr *s, uint64_t end)
{
	return (end + alignment(s) - 1) & -alignment(s);
}

/*
 * The address libdwfl gives each of the NR sections SH of an object, the
 * first it reads, in ADDR (0: not loaded): each loaded section at the
 * next address of its alignment, the layout started again from a base of
 * a larger alignment when a section needs one. -1 when a loaded section
 * has an address already (libdwfl keeps those): nothing is placed.
 */
static int offline_layout(const Elf64_Shdr *sh, size_t nr, uint64_t *addr)
{
	uint64_t base = (OFFLINE_BASE + OFFLINE_MIN_ALIGN - 1) &
			-(uint64_t)OFFLINE_MIN_ALIGN;
	uint64_t end = base;
	size_t i, k;

	for (i = 1; i < nr; i++)
		if ((sh[i].sh_flags & SHF_ALLOC) && sh[i].sh_addr)
			return -1;
	memset(addr, 0, nr * sizeof(*addr));
	for (i = 1; i < nr; i++) {
		if (!(sh[i].sh_flags & SHF_ALLOC))
			continue;
		addr[i] = place(&sh[i], end);
		if (end == base) {
			/* the first placed: its address is the base */
			base = addr[i];
		} else if (base & (alignment(&sh[i]) - 1)) {
			/* a base of too small an alignment: start again */
			end = base = place(&sh[i], base);
			for (k = 1; k <= i; k++)
				if (sh[k].sh_flags & SHF_ALLOC) {
					addr[k] = place(&sh[k], end);
					end = addr[k] + sh[k].sh_size;
				}
			continue;
		}
		end = addr[i] + sh[i].sh_size;
	}
	return 0;
}

/* Note that symbol IDX was taken to be at ADDRESS, once. */
static void assume(struct dwarf_reloc_assumed *assumed, unsigned char *seen,
		   uint64_t idx, uint64_t address)
{
	if (seen[idx])
		return;
	seen[idx] = 1;
	ALLOC_GROW(assumed->v, assumed->nr + 1, assumed->alloc);
	assumed->v[assumed->nr].index = (size_t)idx;
	assumed->v[assumed->nr].address = address;
	assumed->nr++;
}

/* What apply_section() reads besides the section: see dwarf_reloc_debug(). */
struct loaded {
	const uint64_t *addr; /* of each section, or NULL: none applied */
	size_t symtab;	      /* the object's one symbol table */
	unsigned char *seen;  /* its symbols listed in ASSUMED */
	struct dwarf_reloc_assumed *assumed;
};

/*
 * Apply what can be of the relocation section RS (one of the section
 * headers SH) to its target, keeping the rest at its start; RS's new
 * size is set. The number applied.
 */
static size_t apply_section(char *image, const Elf64_Ehdr *eh,
			    const Elf64_Shdr *sh, Elf64_Shdr *rs,
			    const struct loaded *ld)
{
	const Elf64_Shdr *target = &sh[rs->sh_info], *symtab = &sh[rs->sh_link];
	uint64_t nr = rs->sh_size / sizeof(Elf64_Rela), i, kept = 0;
	uint64_t nr_syms = symtab->sh_size / sizeof(Elf64_Sym);
	char *rela = image + rs->sh_offset;
	size_t applied = 0;

	for (i = 0; i < nr; i++) {
		Elf64_Rela r;
		Elf64_Sym sym;
		uint64_t value, idx;
		size_t size;

		memcpy(&r, rela + i * sizeof(r), sizeof(r));
		size = reloc_size(eh->e_machine, ELF64_R_TYPE(r.r_info));
		idx = ELF64_R_SYM(r.r_info);
		if (!size || !idx || idx >= nr_syms ||
		    !in_range(r.r_offset, size, target->sh_size))
			goto keep;
		memcpy(&sym, image + symtab->sh_offset + idx * sizeof(sym),
		       sizeof(sym));
		if (sym.st_shndx == SHN_UNDEF ||
		    sym.st_shndx >= SHN_LORESERVE ||
		    sym.st_shndx >= eh->e_shnum || sh[sym.st_shndx].sh_addr)
			goto keep;
		value = sym.st_value;
		if (sh[sym.st_shndx].sh_flags & SHF_ALLOC) {
			/* loaded: where libdwfl places it, when asked */
			if (!ld->addr || rs->sh_link != ld->symtab)
				goto keep;
			value += ld->addr[sym.st_shndx];
			if (size == 4 && value + (uint64_t)r.r_addend > UINT32_MAX)
				goto keep;
			assume(ld->assumed, ld->seen, idx, value);
		}
		value += (uint64_t)r.r_addend;
		if (size == 4) {
			uint32_t v = (uint32_t)value;

			if (value > UINT32_MAX)
				goto keep;
			memcpy(image + target->sh_offset + r.r_offset, &v, 4);
		} else {
			memcpy(image + target->sh_offset + r.r_offset, &value,
			       8);
		}
		applied++;
		continue;
	keep:
		if (kept != i)
			memcpy(rela + kept * sizeof(r), &r, sizeof(r));
		kept++;
	}
	rs->sh_size = kept * sizeof(Elf64_Rela);
	return applied;
}

/*
 * Whether RS, a section header of SH (NR, at HDRS in the image), is one
 * apply_section() reads: a relocation section of a debug section, each
 * in range, the section written overlapping neither what is read nor
 * the headers.
 */
static int readable(const char *image, uint64_t len, const Elf64_Shdr *sh,
		    uint64_t nr, const Elf64_Shdr *hdrs,
		    const Elf64_Shdr *strtab, const Elf64_Shdr *rs)
{
	const Elf64_Shdr *target, *symtab;

	if (rs->sh_type != SHT_RELA || rs->sh_entsize != sizeof(Elf64_Rela) ||
	    rs->sh_size % sizeof(Elf64_Rela) ||
	    !in_range(rs->sh_offset, rs->sh_size, len) || !rs->sh_info ||
	    rs->sh_info >= nr || !rs->sh_link || rs->sh_link >= nr)
		return 0;
	target = &sh[rs->sh_info];
	symtab = &sh[rs->sh_link];
	/* a compressed section is relocated once inflated, by libdwfl */
	return target != rs && target->sh_type == SHT_PROGBITS &&
	       !(target->sh_flags & (SHF_ALLOC | SHF_COMPRESSED)) &&
	       in_range(target->sh_offset, target->sh_size, len) &&
	       debug_name(image, strtab, target) &&
	       symtab->sh_type == SHT_SYMTAB &&
	       symtab->sh_entsize == sizeof(Elf64_Sym) &&
	       in_range(symtab->sh_offset, symtab->sh_size, len) &&
	       !overlap(target, rs) && !overlap(target, symtab) &&
	       !overlap(target, strtab) && !overlap(target, hdrs) &&
	       !overlap(rs, symtab) && !overlap(rs, hdrs);
}

size_t dwarf_reloc_debug(char *image, size_t len,
			 struct dwarf_reloc_assumed *assumed)
{
	Elf64_Ehdr eh;
	Elf64_Shdr *sh, hdrs;
	struct loaded ld = {NULL, 0, NULL, assumed};
	uint64_t *addr = NULL;
	size_t applied = 0, i, nr_symtabs = 0;

	/* the values are written in the host's order */
	if (__BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__ || len < sizeof(eh))
		return 0;
	memcpy(&eh, image, sizeof(eh));
	if (memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_ident[EI_DATA] != ELFDATA2LSB || eh.e_type != ET_REL ||
	    (eh.e_machine != EM_X86_64 && eh.e_machine != EM_AARCH64) ||
	    eh.e_shentsize != sizeof(Elf64_Shdr) || !eh.e_shnum ||
	    eh.e_shstrndx >= eh.e_shnum ||
	    !in_range(eh.e_shoff, (uint64_t)eh.e_shnum * sizeof(Elf64_Shdr),
		      len))
		return 0;
	/* the headers' bytes, as a section, for overlap() */
	memset(&hdrs, 0, sizeof(hdrs));
	hdrs.sh_offset = eh.e_shoff;
	hdrs.sh_size = (uint64_t)eh.e_shnum * sizeof(Elf64_Shdr);
	sh = xmalloc(hdrs.sh_size);
	memcpy(sh, image + eh.e_shoff, hdrs.sh_size);
	for (i = 1; i < eh.e_shnum; i++)
		if (sh[i].sh_type == SHT_SYMTAB) {
			nr_symtabs++;
			ld.symtab = i;
		}
	/* the symbols libdwfl reads are those of the one table */
	if (assumed && nr_symtabs == 1 &&
	    sh[ld.symtab].sh_entsize == sizeof(Elf64_Sym) &&
	    in_range(sh[ld.symtab].sh_offset, sh[ld.symtab].sh_size, len)) {
		addr = xmalloc(eh.e_shnum * sizeof(*addr));
		if (!offline_layout(sh, eh.e_shnum, addr)) {
			ld.addr = addr;
			ld.seen = xcalloc(sh[ld.symtab].sh_size /
						  sizeof(Elf64_Sym) +
					  1,
					  1);
		}
	}
	if (in_range(sh[eh.e_shstrndx].sh_offset, sh[eh.e_shstrndx].sh_size,
		     len))
		for (i = 1; i < eh.e_shnum; i++) {
			if (!readable(image, len, sh, eh.e_shnum, &hdrs,
				      &sh[eh.e_shstrndx], &sh[i]))
				continue;
			applied += apply_section(image, &eh, sh, &sh[i], &ld);
			memcpy(image + eh.e_shoff + i * sizeof(Elf64_Shdr),
			       &sh[i], sizeof(Elf64_Shdr));
		}
	free(ld.seen);
	free(addr);
	free(sh);
	return applied;
}

int dwarf_reloc_confirmed(const struct dwarf_reloc_assumed *assumed,
			  const uint64_t *addr, size_t nr)
{
	size_t i;

	for (i = 0; i < assumed->nr; i++)
		if (assumed->v[i].index >= nr ||
		    addr[assumed->v[i].index] != assumed->v[i].address)
			return 0;
	return 1;
}
