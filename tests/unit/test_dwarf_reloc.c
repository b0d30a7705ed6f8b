/*
 * test_dwarf_reloc.c - the relocations of debug sections applied before
 * libdwfl reads an object (dwarf_reloc.c): each object, compiled here for
 * x86-64 and AArch64 with several DWARF options, is given to libdwfl as
 * it is and after dwarf_reloc_debug(), with and without the relocations
 * into code and data, and every debug section libdwfl then holds must be
 * the same, byte for byte; the symbols those assumed must be where
 * libdwfl puts them. Cut and damaged images must be read without a
 * fault.
 */
#include "dwarf_reloc.h"
#include "unit.h"
#include "util.h"

#include <elf.h>
#include <elfutils/libdwfl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char source[] =
	"struct ops { int (*run)(int); const char *name; };\n"
	"static int twice(int x) { return 2 * x; }\n"
	"static int more(int x) { return x + 40; }\n"
	"struct ops table[] = { { twice, \"twice\" }, { more, \"more\" } };\n"
	"int total;\n"
	"/* aligned past libdwfl's first base: its layout starts again */\n"
	"char big[16] __attribute__((aligned(0x20000)));\n"
	"int run_all(int x)\n"
	"{\n"
	"	unsigned i;\n"
	"	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)\n"
	"		total += table[i].run(x + (int)i) + big[i];\n"
	"	return total;\n"
	"}\n"
	"int pick(struct ops *o, int x) { return o->run(x) + more(x); }\n";

static const Dwfl_Callbacks callbacks = {
	.find_debuginfo = dwfl_standard_find_debuginfo,
	.section_address = dwfl_offline_section_address,
};

/*
 * The debug sections of IMAGE (LEN bytes) as libdwfl holds them once it
 * has read the DWARF, relocated: each name and its bytes, in OUT.
 */
static int debug_sections(const char *image, size_t len, struct strbuf *out)
{
	char *copy = xmalloc(len);
	Dwfl *dwfl = dwfl_begin(&callbacks);
	Dwfl_Module *mod;
	Dwarf_Addr bias;
	Elf *elf;
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	int ret = -1;

	memcpy(copy, image, len);
	dwfl_report_begin(dwfl);
	mod = dwfl_report_offline_memory(dwfl, "t.o", "t.o", copy, len);
	dwfl_report_end(dwfl, NULL, NULL);
	if (!mod || !dwfl_module_getdwarf(mod, &bias) ||
	    !(elf = dwfl_module_getelf(mod, &bias)) ||
	    elf_getshdrstrndx(elf, &shstrndx))
		goto out;
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		const char *name;
		Elf_Data *d;

		if (!gelf_getshdr(scn, &sh) ||
		    !(name = elf_strptr(elf, shstrndx, sh.sh_name)) ||
		    strncmp(name, ".debug_", 7) || sh.sh_type != SHT_PROGBITS)
			continue;
		d = elf_getdata(scn, NULL);
		strbuf_addf(out, "%s %zu\n", name, d ? d->d_size : 0);
		if (d && d->d_buf)
			strbuf_add(out, d->d_buf, d->d_size);
	}
	ret = 0;
out:
	dwfl_end(dwfl);
	free(copy);
	return ret;
}

/*
 * The address libdwfl gives each symbol of IMAGE (LEN bytes) read offline,
 * in a new array of *NR.
 */
static uint64_t *symbol_addresses(const char *image, size_t len, size_t *nr)
{
	char *copy = xmalloc(len);
	Dwfl *dwfl = dwfl_begin(&callbacks);
	Dwfl_Module *mod;
	uint64_t *addr = NULL;
	int i, n;

	*nr = 0;
	memcpy(copy, image, len);
	dwfl_report_begin(dwfl);
	mod = dwfl_report_offline_memory(dwfl, "t.o", "t.o", copy, len);
	dwfl_report_end(dwfl, NULL, NULL);
	if (mod && (n = dwfl_module_getsymtab(mod)) > 0) {
		addr = xcalloc((size_t)n, sizeof(*addr));
		for (i = 0; i < n; i++) {
			GElf_Sym sym;
			GElf_Addr a;
			GElf_Word shndx;

			if (dwfl_module_getsym_info(mod, i, &sym, &a, &shndx,
						    NULL, NULL))
				addr[i] = a;
		}
		*nr = (size_t)n;
	}
	dwfl_end(dwfl);
	free(copy);
	return addr;
}

/* The relocations of the debug sections of IMAGE, an object made here. */
static size_t debug_relocations(const char *image)
{
	Elf64_Ehdr eh;
	size_t n = 0, i;

	memcpy(&eh, image, sizeof(eh));
	for (i = 1; i < eh.e_shnum; i++) {
		Elf64_Shdr sh, target, strtab;

		memcpy(&sh, image + eh.e_shoff + i * sizeof(sh), sizeof(sh));
		if (sh.sh_type != SHT_RELA || sh.sh_info >= eh.e_shnum)
			continue;
		memcpy(&target, image + eh.e_shoff + sh.sh_info * sizeof(sh),
		       sizeof(sh));
		memcpy(&strtab, image + eh.e_shoff + eh.e_shstrndx * sizeof(sh),
		       sizeof(sh));
		if (!strncmp(image + strtab.sh_offset + target.sh_name,
			     ".debug_", 7))
			n += sh.sh_size / sizeof(Elf64_Rela);
	}
	return n;
}

/* Compile the source with CC and FLAGS in DIR; the object, read. */
static int compile(const char *dir, const char *cc, const char *flags,
		   const char *desc, struct strbuf *obj)
{
	char *path = xstrfmt("%s/t.o", dir);
	int ret = unit_compile(dir, cc, flags, desc);

	if (!ret && strbuf_read_regular(obj, path)) {
		CHECK(0, "%s: the object read", desc);
		ret = -1;
	}
	free(path);
	return ret;
}

/* Cut and damaged copies of OBJ: read without a fault, in bounds. */
static void damaged(const struct strbuf *obj, const char *what)
{
	static const size_t cuts[] = {0, 1, 16, 63, 64, 65, 1000};
	struct dwarf_reloc_assumed assumed = {NULL, 0, 0};
	size_t i, ok = 1;
	char *copy = xmalloc(obj->len + 1);

	for (i = 0; i < ARRAY_SIZE(cuts); i++) {
		memcpy(copy, obj->buf, obj->len);
		copy[obj->len] = 'x';
		dwarf_reloc_debug(copy, cuts[i] < obj->len ? cuts[i] : 0, NULL);
		ok &= copy[obj->len] == 'x';
	}
	/* every byte of the headers in turn set to 0xff, then the image cut */
	for (i = 0; i < 64; i++) {
		memcpy(copy, obj->buf, obj->len);
		copy[i] = (char)0xff;
		dwarf_reloc_debug(copy, obj->len, NULL);
		dwarf_reloc_debug(copy, obj->len / 2, NULL);
		memcpy(copy, obj->buf, obj->len);
		copy[i] = (char)0xff;
		dwarf_reloc_debug(copy, obj->len, &assumed);
		assumed.nr = 0;
	}
	{
		Elf64_Ehdr eh;

		/* each section header's fields damaged */
		memcpy(&eh, obj->buf, sizeof(eh));
		for (i = 0; i < (size_t)eh.e_shnum * sizeof(Elf64_Shdr);
		     i += 7) {
			memcpy(copy, obj->buf, obj->len);
			copy[eh.e_shoff + i] ^= (char)0x5a;
			dwarf_reloc_debug(copy, obj->len, NULL);
			memcpy(copy, obj->buf, obj->len);
			copy[eh.e_shoff + i] ^= (char)0x5a;
			dwarf_reloc_debug(copy, obj->len, &assumed);
			assumed.nr = 0;
		}
	}
	{
		Elf64_Ehdr eh;
		Elf64_Shdr sh;
		size_t k, applied;

		/*
		 * a symbol table longer than the image (fuzz_objects: the
		 * symbols' flags were allocated by its size, 2^54 bytes)
		 */
		memcpy(copy, obj->buf, obj->len);
		memcpy(&eh, copy, sizeof(eh));
		for (k = 1; k < eh.e_shnum; k++) {
			char *at = copy + eh.e_shoff + k * sizeof(sh);

			memcpy(&sh, at, sizeof(sh));
			if (sh.sh_type != SHT_SYMTAB)
				continue;
			sh.sh_size = 0xc000000000000bull * sizeof(Elf64_Sym);
			memcpy(at, &sh, sizeof(sh));
		}
		assumed.nr = 0;
		applied = dwarf_reloc_debug(copy, obj->len, &assumed);
		CHECK(applied == 0 && assumed.nr == 0,
		      "%s: a symbol table past the end of the image: nothing "
		      "applied",
		      what);
	}
	free(copy);
	free(assumed.v);
	CHECK(ok, "%s: cut and damaged images read without a fault", what);
}

/*
 * The relocations into code and data of OBJ applied too (dwarf_reloc_debug()
 * with ASSUMED), when APPLIED of its BEFORE debug relocations are without:
 * libdwfl's debug sections still SECTIONS, the symbols assumed where
 * libdwfl puts them. A loaded section with an address of its own leaves
 * those to libdwfl.
 */
static void loaded(const struct strbuf *obj, const struct strbuf *sections,
		   size_t applied, size_t before, const char *what,
		   int compressed)
{
	struct dwarf_reloc_assumed assumed = {NULL, 0, 0};
	struct strbuf b = STRBUF_INIT, c = STRBUF_INIT;
	char *mine = xmalloc(obj->len);
	size_t all, nr, i;
	uint64_t *addr = symbol_addresses(obj->buf, obj->len, &nr);
	Elf64_Ehdr eh;

	memcpy(mine, obj->buf, obj->len);
	all = dwarf_reloc_debug(mine, obj->len, &assumed);
	if (compressed) {
		CHECK(all == 0 && assumed.nr == 0,
		      "%s, code and data too: left to libdwfl", what);
	} else {
		CHECK(all > applied && all <= before &&
			      debug_relocations(mine) == before - all,
		      "%s, code and data too: %zu of %zu relocations applied "
		      "(%zu without)",
		      what, all, before, applied);
		CHECK(assumed.nr > 0 && addr &&
			      dwarf_reloc_confirmed(&assumed, addr, nr),
		      "%s: the %zu symbols assumed where libdwfl puts them",
		      what, assumed.nr);
	}
	CHECK(!debug_sections(mine, obj->len, &b) && b.len == sections->len &&
		      !memcmp(b.buf, sections->buf, b.len),
	      "%s, code and data too: libdwfl's debug sections the same",
	      what);
	if (assumed.nr) {
		assumed.v[0].address++;
		CHECK(!dwarf_reloc_confirmed(&assumed, addr, nr),
		      "%s: a symbol placed elsewhere is found out", what);
		assumed.v[0].address--;
		assumed.v[0].index = nr;
		CHECK(!dwarf_reloc_confirmed(&assumed, addr, nr),
		      "%s: ... and one libdwfl does not have", what);
	}
	/* a loaded section placed already: libdwfl keeps that layout */
	memcpy(mine, obj->buf, obj->len);
	memcpy(&eh, mine, sizeof(eh));
	for (i = 1; i < eh.e_shnum; i++) {
		Elf64_Shdr sh;
		char *at = mine + eh.e_shoff + i * sizeof(sh);

		memcpy(&sh, at, sizeof(sh));
		if (sh.sh_flags & SHF_ALLOC) {
			sh.sh_addr = 0x400000;
			memcpy(at, &sh, sizeof(sh));
			break;
		}
	}
	assumed.nr = 0;
	strbuf_reset(&b);
	CHECK(!debug_sections(mine, obj->len, &c), "%s: read placed", what);
	all = dwarf_reloc_debug(mine, obj->len, &assumed);
	CHECK(i < eh.e_shnum && assumed.nr == 0 && all == applied &&
		      !debug_sections(mine, obj->len, &b) && b.len == c.len &&
		      !memcmp(b.buf, c.buf, b.len),
	      "%s: a section placed already leaves code and data to libdwfl "
	      "(%zu applied)",
	      what, all);
	free(assumed.v);
	free(addr);
	free(mine);
	strbuf_release(&b);
	strbuf_release(&c);
}

int main(void)
{
	static const struct {
		const char *cc, *flags, *desc;
		int compressed;
	} builds[] = {
		{"gcc", "-g -O2 -ffunction-sections", "x86-64, -O2", 0},
		{"gcc", "-g -O0", "x86-64, -O0", 0},
		{"gcc", "-gdwarf-4 -O1", "x86-64, DWARF 4", 0},
		{"gcc", "-g -O1 -gz=zlib", "x86-64, compressed sections", 1},
		{"aarch64-linux-gnu-gcc", "-g -O2 -ffunction-sections",
		 "AArch64, -O2", 0},
		{"aarch64-linux-gnu-gcc", "-gdwarf-4 -O0", "AArch64, DWARF 4",
		 0},
	};
	char dir[] = "/tmp/callreach-reloc.XXXXXX";
	size_t i;

	if (unit_source_dir(dir, source))
		return unit_done();
	for (i = 0; i < ARRAY_SIZE(builds); i++) {
		struct strbuf obj = STRBUF_INIT, a = STRBUF_INIT,
			      b = STRBUF_INIT;
		size_t before, applied, after;
		char *mine;

		if (compile(dir, builds[i].cc, builds[i].flags, builds[i].desc,
			    &obj))
			continue;
		mine = xmalloc(obj.len);
		memcpy(mine, obj.buf, obj.len);
		before = debug_relocations(mine);
		applied = dwarf_reloc_debug(mine, obj.len, NULL);
		after = debug_relocations(mine);
		if (builds[i].compressed)
			CHECK(applied == 0 && after == before,
			      "%s: left to libdwfl (%zu relocations)",
			      builds[i].desc, before);
		else
			CHECK(applied > before / 2 && after == before - applied,
			      "%s: most relocations applied (%zu of %zu), the "
			      "rest kept",
			      builds[i].desc, applied, before);
		CHECK(!debug_sections(obj.buf, obj.len, &a) &&
			      !debug_sections(mine, obj.len, &b) && a.len > 0 &&
			      a.len == b.len && !memcmp(a.buf, b.buf, a.len),
		      "%s: libdwfl's debug sections the same (%zu bytes)",
		      builds[i].desc, a.len);
		loaded(&obj, &a, applied, before, builds[i].desc,
		       builds[i].compressed);
		damaged(&obj, builds[i].desc);
		free(mine);
		strbuf_release(&obj);
		strbuf_release(&a);
		strbuf_release(&b);
	}
	unit_remove_dir(dir);
	return unit_done();
}
