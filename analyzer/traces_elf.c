/*
 * traces_elf.c - naming trace addresses through the ELF symbols of an
 * image such as xen-syms.
 */
#include "traces_int.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int cmp_symbol(const void *x, const void *y)
{
	const struct elf_symbol *a = x, *b = y;
	int la = strchr(a->name, '#') != NULL,
	    lb = strchr(b->name, '#') != NULL;

	CMP_BY(a, b, addr);
	if (la != lb)
		return la - lb; /* a global alias first */
	return strcmp(a->name, b->name);
}

static const char *file_base(const char *file)
{
	const char *slash = strrchr(file, '/');

	return slash ? slash + 1 : file;
}

int elf_symbols_load(struct elf_symbols *s, const char *path)
{
	Elf *elf = NULL;
	Elf_Scn *scn = NULL, *symtab = NULL;
	GElf_Shdr shdr, symshdr;
	Elf_Data *data;
	const char *file = NULL;
	size_t alloc = 0, i, nsyms;
	int fd, ret = -1;

	memset(s, 0, sizeof(*s));
	if (elf_version(EV_CURRENT) == EV_NONE)
		return error("libelf: %s", elf_errmsg(-1));
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return error("cannot open '%s': %s", path, strerror(errno));
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF) {
		error("'%s' is not an ELF file", path);
		goto out;
	}
	while ((scn = elf_nextscn(elf, scn))) {
		if (!gelf_getshdr(scn, &shdr))
			continue;
		if (shdr.sh_type == SHT_SYMTAB ||
		    (shdr.sh_type == SHT_DYNSYM && !symtab)) {
			symtab = scn;
			symshdr = shdr;
		}
	}
	if (!symtab) {
		error("'%s' has no symbol table", path);
		goto out;
	}
	data = elf_getdata(symtab, NULL);
	if (!data || !symshdr.sh_entsize) {
		error("'%s': cannot read the symbol table: %s", path,
		      elf_errmsg(-1));
		goto out;
	}
	nsyms = symshdr.sh_size / symshdr.sh_entsize;
	for (i = 0; i < nsyms; i++) {
		GElf_Sym sym;
		const char *name;

		if (!gelf_getsym(data, (int)i, &sym))
			continue;
		name = elf_strptr(elf, symshdr.sh_link, sym.st_name);
		if (!name)
			continue;
		if (GELF_ST_TYPE(sym.st_info) == STT_FILE) {
			file = *name ? file_base(name) : NULL;
			continue;
		}
		if (GELF_ST_TYPE(sym.st_info) != STT_FUNC ||
		    sym.st_shndx == SHN_UNDEF || !*name)
			continue;
		ALLOC_GROW(s->v, s->nr + 1, alloc);
		s->v[s->nr].addr = sym.st_value;
		s->v[s->nr].size = sym.st_size;
		s->v[s->nr].name =
			GELF_ST_BIND(sym.st_info) == STB_LOCAL && file
				? xstrfmt("%s#%s", file, name)
				: xstrdup(name);
		s->nr++;
	}
	if (s->nr)
		qsort(s->v, s->nr, sizeof(*s->v), cmp_symbol);
	ret = 0;
out:
	if (elf)
		elf_end(elf);
	close(fd);
	if (ret)
		elf_symbols_release(s);
	return ret;
}

void elf_symbols_release(struct elf_symbols *s)
{
	FREE_RECORDS(s->v, s->nr, name);
	memset(s, 0, sizeof(*s));
}

const char *elf_symbols_lookup(const struct elf_symbols *s, uint64_t addr)
{
	size_t lo = 0, hi = s->nr, i;

	/* the first symbol above ADDR */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->v[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	/* the symbols at the highest address not above ADDR, then below */
	for (i = lo; i-- > 0;) {
		const struct elf_symbol *e = &s->v[i];

		if (e->size && addr < e->addr + e->size)
			return e->name;
		if (!e->size && e->addr == s->v[lo - 1].addr)
			return e->name; /* a symbol without size (assembly) */
		if (e->addr != s->v[lo - 1].addr)
			break;
	}
	/* the first symbol of that address when sizes say nothing better */
	for (i = lo - 1; i > 0 && s->v[i - 1].addr == s->v[lo - 1].addr; i--)
		;
	return s->v[i].size ? NULL : s->v[i].name;
}

size_t traces_symbolize(struct trace_log *log, const struct elf_symbols *s,
			size_t *missed)
{
	size_t named = 0, i, k;

	*missed = 0;
	for (i = 0; i < log->nr; i++)
		for (k = 0; k < log->v[i].nr; k++) {
			struct trace_frame *f = &log->v[i].frames[k];
			const char *name;

			if (f->name || !f->has_addr)
				continue;
			name = elf_symbols_lookup(s, f->addr);
			if (name) {
				f->name = xstrdup(name);
				named++;
			} else {
				(*missed)++;
			}
		}
	return named;
}
