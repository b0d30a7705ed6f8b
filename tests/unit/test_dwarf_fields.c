/*
 * test_dwarf_fields.c - dwarf_fields_open() when libdwfl places an
 * object's code and data elsewhere than dwarf_reloc.c assumed: the object
 * is read again, its relocations into code and data left to libdwfl, and
 * it must tell what it tells when the layout agrees.
 *
 * No libdwfl at hand lays sections out otherwise, so this test makes one
 * seem to: it is linked with "ld --wrap" around two libdwfl calls, and
 * while SHIFT is set, each symbol address libdwfl gives for the first
 * object reported is moved by a byte. Each object, compiled here for
 * x86-64 and AArch64, is opened with and without SHIFT; the variables
 * are found by the address their DWARF gives (which only a right
 * relocation makes the symbol's), and the functions' lines are read from
 * the line table, relocated too.
 */
#include "dwarf_fields.h"
#include "unit.h"
#include "util.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char source[] =
	"static int counter = 3;\n"
	"int table[4] = {1, 2, 3, 4};\n"
	"const char *const names[] = {\"a\", \"b\"};\n"
	"char big[16] __attribute__((aligned(0x20000)));\n"
	"int bump(int x)\n"
	"{\n"
	"	counter += x + big[x & 15];\n"
	"	return counter + table[x & 3];\n"
	"}\n"
	"const char *name_of(int i)\n"
	"{\n"
	"	return names[i & 1];\n"
	"}\n";

/* The symbols looked at, and the lines of the functions' bodies. */
static const struct {
	const char *name;
	int first, last; /* lines of a function; 0 for a variable */
} symbols[] = {
	{"counter", 0, 0}, {"table", 0, 0},  {"names", 0, 0},
	{"big", 0, 0},	   {"bump", 5, 9}, {"name_of", 10, 13},
};

static int shift;   /* move the addresses libdwfl gives the first object */
static int reports; /* objects reported to libdwfl since the last reset */

Dwfl_Module *__real_dwfl_report_offline_memory(Dwfl *dwfl, const char *name,
					       const char *file_name,
					       char *data, size_t size);
const char *__real_dwfl_module_getsym_info(Dwfl_Module *mod, int ndx,
					   GElf_Sym *sym, GElf_Addr *addr,
					   GElf_Word *shndxp, Elf **elfp,
					   Dwarf_Addr *bias);

Dwfl_Module *__wrap_dwfl_report_offline_memory(Dwfl *dwfl, const char *name,
					       const char *file_name,
					       char *data, size_t size)
{
	reports++;
	return __real_dwfl_report_offline_memory(dwfl, name, file_name, data,
						 size);
}

const char *__wrap_dwfl_module_getsym_info(Dwfl_Module *mod, int ndx,
					   GElf_Sym *sym, GElf_Addr *addr,
					   GElf_Word *shndxp, Elf **elfp,
					   Dwarf_Addr *bias)
{
	const char *name = __real_dwfl_module_getsym_info(mod, ndx, sym, addr,
							  shndxp, elfp, bias);

	if (name && addr && shift && reports == 1)
		*addr += 1;
	return name;
}

/*
 * The index of each of SYMBOLS in the symbol table of the object at PATH,
 * in INDEX (-1 when it is not there): 0 when all are.
 */
static int symbol_indexes(const char *path, long *index)
{
	struct strbuf obj = STRBUF_INIT;
	Elf *elf;
	Elf_Scn *scn = NULL;
	size_t i, k;
	int ret = 0;

	for (k = 0; k < ARRAY_SIZE(symbols); k++)
		index[k] = -1;
	if (strbuf_read_regular(&obj, path))
		return -1;
	elf_version(EV_CURRENT);
	elf = elf_memory(obj.buf, obj.len);
	while (elf && (scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *d;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB ||
		    !sh.sh_entsize || !(d = elf_getdata(scn, NULL)))
			continue;
		for (i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Sym s;
			const char *n;

			if (!gelf_getsym(d, (int)i, &s) ||
			    !(n = elf_strptr(elf, sh.sh_link, s.st_name)))
				continue;
			for (k = 0; k < ARRAY_SIZE(symbols); k++)
				if (index[k] < 0 && !strcmp(n, symbols[k].name))
					index[k] = (long)i;
		}
	}
	elf_end(elf);
	strbuf_release(&obj);
	for (k = 0; k < ARRAY_SIZE(symbols); k++)
		if (index[k] < 0)
			ret = -1;
	return ret;
}

/* What an object tells of one symbol. */
struct told {
	Dwarf_Addr addr;
	Dwarf_Off die; /* a variable's, found by its address */
	int line;      /* of a function's first byte */
};

/*
 * Open PATH (with SHIFT as given) and read what it tells of each of
 * SYMBOLS (at INDEX) into OUT: 0, or -1 when it cannot be opened.
 */
static int read_object(const char *path, const long *index,
		       struct told *out, const char *what)
{
	struct dwarf_fields *df;
	size_t i;

	reports = 0;
	df = dwarf_fields_open(path);
	if (!df) {
		CHECK(0, "%s: opened (%s)", what, dwarf_fields_open_error());
		return -1;
	}
	for (i = 0; i < ARRAY_SIZE(symbols); i++) {
		struct told *t = &out[i];
		Dwarf_Die die;
		const char *file, *name;

		memset(t, 0, sizeof(*t));
		CHECK(!dwarf_fields_sym_address(df, (size_t)index[i], &t->addr),
		      "%s: %s has an address", what, symbols[i].name);
		if (symbols[i].first) {
			CHECK(!dwarf_fields_line(df, (size_t)index[i], 0, &file,
						 &t->line) &&
				      t->line >= symbols[i].first &&
				      t->line <= symbols[i].last,
			      "%s: %s begins on a line of its body (%d)", what,
			      symbols[i].name, t->line);
			continue;
		}
		/* by the address alone: DW_OP_addr must be the symbol's */
		CHECK(!dwarf_fields_variable_die(df, (size_t)index[i], NULL,
						 &die) &&
			      (name = dwarf_diename(&die)) &&
			      !strcmp(name, symbols[i].name),
		      "%s: the variable at %s's address is %s", what,
		      symbols[i].name, symbols[i].name);
		t->die = dwarf_dieoffset(&die);
	}
	dwarf_fields_close(df);
	return 0;
}

static void one_build(const char *dir, const char *cc, const char *desc)
{
	char *path = xstrfmt("%s/t.o", dir);
	struct told agreed[ARRAY_SIZE(symbols)], shifted[ARRAY_SIZE(symbols)];
	long index[ARRAY_SIZE(symbols)];
	char *what;
	size_t i;
	int ok, r;

	if (unit_compile(dir, cc, "-g -O2 -ffunction-sections -fdata-sections",
			 desc))
		goto out;
	ok = !symbol_indexes(path, index);
	CHECK(ok, "%s: the symbols are in the object", desc);
	if (!ok)
		goto out;

	shift = 0;
	what = xstrfmt("%s, the layout agreed", desc);
	r = read_object(path, index, agreed, what);
	CHECK(!r && reports == 1, "%s: read once (%d reports)", what, reports);
	free(what);
	if (r)
		goto out;

	shift = 1;
	what = xstrfmt("%s, libdwfl's layout otherwise", desc);
	r = read_object(path, index, shifted, what);
	shift = 0;
	CHECK(!r && reports == 2, "%s: read again (%d reports)", what,
	      reports);
	free(what);
	if (r)
		goto out;
	for (i = 0; i < ARRAY_SIZE(symbols); i++)
		CHECK(agreed[i].addr == shifted[i].addr &&
			      agreed[i].die == shifted[i].die &&
			      agreed[i].line == shifted[i].line,
		      "%s: %s told the same read either way", desc,
		      symbols[i].name);
out:
	free(path);
}

int main(void)
{
	char dir[] = "/tmp/callreach-fields.XXXXXX";

	if (unit_source_dir(dir, source))
		return unit_done();
	one_build(dir, "gcc", "x86-64");
	one_build(dir, "aarch64-linux-gnu-gcc", "AArch64");
	unit_remove_dir(dir);
	return unit_done();
}
