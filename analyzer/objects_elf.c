/*
 * objects_elf.c - reading an object file with libelf: its sections, its
 * function symbols and the references its relocations make.
 */
#include "objects_int.h"
#include "symbols.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void objects_elf_release(struct object *o)
{
	FREE_RECORDS2(o->sec, o->nr_sec, funcs, objs);
	FREE_RECORDS(o->sym, o->nr_sym, canon);
	free(o->refs);
	free(o->mcalls);
	free(o->drefs);
	if (o->elf)
		elf_end(o->elf);
	if (o->fd >= 0)
		close(o->fd);
}

static enum sec_kind section_kind(const char *name, const GElf_Shdr *sh)
{
	if (!(sh->sh_flags & SHF_ALLOC) || !strncmp(name, ".debug", 6) ||
	    !strcmp(name, ".eh_frame") || !strncmp(name, ".note", 5) ||
	    !strcmp(name, ".comment"))
		return SEC_SKIP;
	return (sh->sh_flags & SHF_EXECINSTR) ? SEC_TEXT : SEC_DATA;
}

static void push_sym(size_t **v, size_t *nr, size_t *alloc, size_t s)
{
	ALLOC_GROW(*v, *nr + 1, *alloc);
	(*v)[(*nr)++] = s;
}

/* Sort the symbol indices V by the symbols' values. */
static void sort_by_value(const struct object *o, size_t *v, size_t n)
{
	struct keyed *t = xmalloc((n + 1) * sizeof(*t));
	size_t i;

	for (i = 0; i < n; i++) {
		t[i].key = o->sym[v[i]].value;
		t[i].i = v[i];
	}
	sort_array(t, n, sizeof(*t), cmp_keyed);
	for (i = 0; i < n; i++)
		v[i] = t[i].i;
	free(t);
}

/* The symbol of V (sorted by value) covering byte OFF, or NO_SYM. */
static size_t covering(const struct object *o, const size_t *v, size_t n,
		       uint64_t off)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (o->sym[v[mid]].value <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo > 0) {
		const struct osym *s = &o->sym[v[lo - 1]];

		if (off < s->value + (s->size ? s->size : 1))
			return v[lo - 1];
		if (s->size)
			break;
		lo--;
	}
	return NO_SYM;
}

/* The function starting at ADDR in section SEC, or NO_SYM. */
static size_t function_at(const struct object *o, size_t sec, uint64_t addr)
{
	const struct osec *s;
	size_t i;

	if (sec >= o->nr_sec)
		return NO_SYM;
	s = &o->sec[sec];
	i = covering(o, s->funcs, s->nr_funcs, addr);
	return i != NO_SYM && o->sym[i].value == addr ? i : NO_SYM;
}

int objects_read_sections(struct object *o)
{
	size_t shstrndx, nr;
	Elf_Scn *scn = NULL;

	if (elf_getshdrnum(o->elf, &nr) || elf_getshdrstrndx(o->elf, &shstrndx))
		return -1;
	/* (libelf reports no section when it cannot read their headers) */
	if (o->eh.e_shoff > o->size || nr < o->eh.e_shnum ||
	    (uint64_t)nr * o->eh.e_shentsize > o->size - o->eh.e_shoff) {
		o->why = "truncated or corrupt: its section headers lie "
			 "past its end";
		return -1;
	}
	/* o->nr_sec counts o->sec's entries: set together */
	o->sec = xcalloc(nr + 1, sizeof(*o->sec));
	o->nr_sec = nr;
	while ((scn = elf_nextscn(o->elf, scn))) {
		size_t idx = elf_ndxscn(scn);
		struct osec *s;

		if (idx >= o->nr_sec)
			return -1;
		s = &o->sec[idx];
		if (!gelf_getshdr(scn, &s->sh))
			return -1;
		if (s->sh.sh_type != SHT_NOBITS &&
		    (s->sh.sh_offset > o->size ||
		     s->sh.sh_size > o->size - s->sh.sh_offset)) {
			o->why = "truncated or corrupt: a section lies past "
				 "its end";
			return -1;
		}
		s->name = elf_strptr(o->elf, shstrndx, s->sh.sh_name);
		if (!s->name)
			s->name = "";
		o->unnamed += !*s->name;
		if (!strcmp(s->name, ".debug_info") ||
		    !strcmp(s->name, ".zdebug_info"))
			o->has_debug = 1;
		s->kind = section_kind(s->name, &s->sh);
		if (s->kind == SEC_TEXT && s->sh.sh_type == SHT_PROGBITS) {
			Elf_Data *d = elf_getdata(scn, NULL);

			if (d && d->d_buf) {
				s->bytes = d->d_buf;
				s->nr_bytes = d->d_size;
			}
		}
	}
	return 0;
}

/* The extended section indices of symbol table SYMTAB, or NULL. */
static Elf_Data *symtab_shndx(Elf *elf, size_t symtab)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;

		if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_SYMTAB_SHNDX &&
		    sh.sh_link == symtab)
			return elf_getdata(scn, NULL);
	}
	return NULL;
}

int objects_read_symbols(struct object *o, const struct ci_unit *u,
			 struct ci_titles *ts)
{
	Elf_Scn *scn = NULL;
	size_t i;

	while ((scn = elf_nextscn(o->elf, scn))) {
		Elf_Data *xd;
		GElf_Shdr sh;
		Elf_Data *d;
		size_t n;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB)
			continue;
		d = elf_getdata(scn, NULL);
		if (!d || !sh.sh_entsize)
			return -1;
		n = sh.sh_size / sh.sh_entsize;
		o->sym = xcalloc(n + 1, sizeof(*o->sym));
		o->nr_sym = n;
		xd = symtab_shndx(o->elf, elf_ndxscn(scn));
		for (i = 0; i < n; i++) {
			struct osym *s = &o->sym[i];
			GElf_Sym sym;
			Elf32_Word xndx = 0;

			if (!gelf_getsymshndx(d, xd, (int)i, &sym, &xndx))
				return -1;
			s->name = elf_strptr(o->elf, sh.sh_link, sym.st_name);
			if (!s->name)
				s->name = "";
			s->value = sym.st_value;
			s->size = sym.st_size;
			s->shndx = sym.st_shndx == SHN_XINDEX ? xndx
							      : sym.st_shndx;
			s->type = GELF_ST_TYPE(sym.st_info);
			s->bind = GELF_ST_BIND(sym.st_info);
			if (s->type == STT_FUNC && s->shndx != SHN_UNDEF &&
			    s->shndx < o->nr_sec && *s->name) {
				char *title =
					s->bind == STB_LOCAL
						? xstrfmt("%s:%s", u->title,
							  s->name)
						: xstrdup(s->name);

				s->canon = sym_canonical_in_unit(
					title, ci_has_title, ts);
				free(title);
				push_sym(&o->sec[s->shndx].funcs,
					 &o->sec[s->shndx].nr_funcs,
					 &o->sec[s->shndx].alloc_funcs, i);
			} else if (s->type == STT_OBJECT &&
				   s->shndx < o->nr_sec &&
				   s->shndx != SHN_UNDEF) {
				push_sym(&o->sec[s->shndx].objs,
					 &o->sec[s->shndx].nr_objs,
					 &o->sec[s->shndx].alloc_objs, i);
			} else if (s->shndx == SHN_UNDEF && *s->name &&
				   s->bind != STB_LOCAL) {
				s->canon = xstrdup(s->name);
			}
		}
		for (i = 0; i < o->nr_sec; i++) {
			sort_by_value(o, o->sec[i].funcs, o->sec[i].nr_funcs);
			sort_by_value(o, o->sec[i].objs, o->sec[i].nr_objs);
		}
		return 0;
	}
	return 0; /* no symbols: nothing to read */
}

/* Relocation types: PC-relative ones, and those of calls. */
static int reloc_pcrel(const struct object *o, unsigned type)
{
	if (o->eh.e_machine == EM_X86_64)
		return type == R_X86_64_PC32 || type == R_X86_64_PLT32 ||
		       type == R_X86_64_PC64 || type == R_X86_64_GOTPCREL ||
		       type == R_X86_64_GOTPCRELX ||
		       type == R_X86_64_REX_GOTPCRELX;
	return 0;
}

static int reloc_is_call(const struct object *o, const struct osec *s,
			 unsigned type, uint64_t off)
{
	if (o->eh.e_machine == EM_X86_64) {
		unsigned char b;

		if ((type != R_X86_64_PC32 && type != R_X86_64_PLT32) || !off ||
		    off > s->nr_bytes)
			return 0;
		b = s->bytes[off - 1];
		if (b == 0xe8 || b == 0xe9) /* call, jmp rel32 */
			return 1;
		/* jcc rel32: a conditional tail call */
		return off >= 2 && s->bytes[off - 2] == 0x0f &&
		       (b & 0xf0) == 0x80;
	}
	if (o->eh.e_machine == EM_AARCH64)
		return type == R_AARCH64_CALL26 || type == R_AARCH64_JUMP26;
	return 0;
}

/*
 * A relocation of "call *x(%rip)" or "jmp *x(%rip)" (x86-64): note the
 * variable and the offset of the pointer in it. Returns 1 when it is one.
 */
static int mem_call(struct object *o, size_t sec, const GElf_Rela *r,
		    unsigned type)
{
	const struct osec *s = &o->sec[sec];
	size_t symi = GELF_R_SYM(r->r_info), var = NO_SYM, holder;
	uint64_t off = r->r_offset, offset = (uint64_t)r->r_addend + 4;
	const struct osym *sym;
	struct mem_call *m;

	if (o->eh.e_machine != EM_X86_64 || type != R_X86_64_PC32 || off < 2 ||
	    off > s->nr_bytes || s->bytes[off - 2] != 0xff ||
	    (s->bytes[off - 1] != 0x15 && s->bytes[off - 1] != 0x25) ||
	    symi >= o->nr_sym)
		return 0;
	sym = &o->sym[symi];
	if (sym->type == STT_OBJECT || (sym->shndx == SHN_UNDEF && *sym->name))
		var = symi;
	else if (sym->type == STT_SECTION && sym->shndx < o->nr_sec) {
		const struct osec *vs = &o->sec[sym->shndx];

		var = covering(o, vs->objs, vs->nr_objs, offset);
		if (var != NO_SYM)
			offset -= o->sym[var].value;
	}
	holder = covering(o, s->funcs, s->nr_funcs, off);
	if (var == NO_SYM || holder == NO_SYM)
		return 1;
	ALLOC_GROW(o->mcalls, o->nr_mcalls + 1, o->alloc_mcalls);
	m = &o->mcalls[o->nr_mcalls++];
	m->sec = sec;
	m->off = off;
	m->holder = holder;
	m->var = var;
	m->offset = offset;
	return 1;
}

/* Note the variable a relocation in code refers to, if any. */
static void data_ref(struct object *o, size_t sec, const GElf_Rela *r,
		     unsigned type)
{
	const struct osec *s = &o->sec[sec];
	size_t symi = GELF_R_SYM(r->r_info), var = NO_SYM, holder;
	const struct osym *sym;

	if (symi >= o->nr_sym)
		return;
	sym = &o->sym[symi];
	if (sym->type == STT_OBJECT && sym->shndx != SHN_UNDEF)
		var = symi;
	else if (sym->type == STT_SECTION && sym->shndx < o->nr_sec &&
		 o->sec[sym->shndx].kind == SEC_DATA)
		var = covering(o, o->sec[sym->shndx].objs,
			       o->sec[sym->shndx].nr_objs,
			       sym->value + (uint64_t)r->r_addend +
				       (reloc_pcrel(o, type) ? 4 : 0));
	else if (sym->shndx == SHN_UNDEF && *sym->name &&
		 sym->type != STT_FUNC &&
		 !reloc_is_call(o, s, type, r->r_offset))
		var = symi; /* a function or a variable: DWARF tells */
	holder = covering(o, s->funcs, s->nr_funcs, r->r_offset);
	if (var == NO_SYM || holder == NO_SYM)
		return;
	if (o->nr_drefs && o->drefs[o->nr_drefs - 1].holder == holder &&
	    o->drefs[o->nr_drefs - 1].var == var)
		return;
	ALLOC_GROW(o->drefs, o->nr_drefs + 1, o->alloc_drefs);
	o->drefs[o->nr_drefs].holder = holder;
	o->drefs[o->nr_drefs].var = var;
	o->nr_drefs++;
}

/* The function a relocation refers to (by its start), or NO_SYM. */
static size_t reloc_target(const struct object *o, size_t symi, int64_t addend,
			   int pcrel)
{
	const struct osym *s;
	uint64_t addr;
	int k;

	if (symi >= o->nr_sym)
		return NO_SYM;
	s = &o->sym[symi];
	if (s->canon && (pcrel ? addend >= -8 && addend <= -4 : addend == 0))
		return symi;
	if (s->shndx == SHN_UNDEF || s->shndx >= o->nr_sec ||
	    (s->type != STT_FUNC && s->type != STT_SECTION))
		return NO_SYM;
	/* a section symbol (or a function) plus an offset */
	addr = s->value + (uint64_t)addend + (pcrel ? 4 : 0);
	for (k = 0; k <= (pcrel ? 4 : 0); k++) {
		size_t f = function_at(o, s->shndx, addr + (uint64_t)k);

		if (f != NO_SYM)
			return f;
	}
	return NO_SYM;
}

void objects_read_relocations(struct object *o)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(o->elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *d;
		size_t n, i, t;
		struct osec *ts;

		if (!gelf_getshdr(scn, &sh) ||
		    (sh.sh_type != SHT_RELA && sh.sh_type != SHT_REL) ||
		    !sh.sh_entsize)
			continue;
		t = sh.sh_info;
		if (t >= o->nr_sec || o->sec[t].kind == SEC_SKIP)
			continue;
		ts = &o->sec[t];
		d = elf_getdata(scn, NULL);
		if (!d)
			continue;
		n = sh.sh_size / sh.sh_entsize;
		for (i = 0; i < n; i++) {
			GElf_Rela r;
			GElf_Rel rel;
			unsigned type;
			size_t target;
			struct ref *ref;

			if (sh.sh_type == SHT_RELA) {
				if (!gelf_getrela(d, (int)i, &r))
					break;
			} else {
				if (!gelf_getrel(d, (int)i, &rel))
					break;
				r.r_offset = rel.r_offset;
				r.r_info = rel.r_info;
				r.r_addend = 0;
			}
			type = (unsigned)GELF_R_TYPE(r.r_info);
			if (ts->kind == SEC_TEXT)
				data_ref(o, t, &r, type);
			if (ts->kind == SEC_TEXT && mem_call(o, t, &r, type))
				continue;
			target = reloc_target(o, GELF_R_SYM(r.r_info),
					      r.r_addend, reloc_pcrel(o, type));
			if (target == NO_SYM)
				continue;
			ALLOC_GROW(o->refs, o->nr_refs + 1, o->alloc_refs);
			ref = &o->refs[o->nr_refs++];
			ref->sec = t;
			ref->off = r.r_offset;
			ref->target = target;
			ref->call = ts->kind == SEC_TEXT &&
				    reloc_is_call(o, ts, type, r.r_offset);
			ref->holder =
				ts->kind == SEC_TEXT
					? covering(o, ts->funcs, ts->nr_funcs,
						   r.r_offset)
					: covering(o, ts->objs, ts->nr_objs,
						   r.r_offset);
		}
	}
}

int objects_cmp_ref(const void *a, const void *b)
{
	const struct ref *x = a, *y = b;

	CMP_BY(x, y, sec);
	CMP_BY(x, y, off);
	return 0;
}

/* Open PATH; -1 with O->why (or errno, or libelf's error) set. */
int objects_elf_open(struct object *o, const char *path)
{
	struct stat st;

	memset(o, 0, sizeof(*o));
	o->path = path;
	/* not blocking: a FIFO named .o must not wait for a writer */
	o->fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
	if (o->fd < 0)
		return -1;
	if (fstat(o->fd, &st))
		return -1;
	if (!S_ISREG(st.st_mode)) {
		o->why = "not a regular file";
		return -1;
	}
	o->size = (uint64_t)st.st_size;
	if (!o->size) {
		o->why = "empty file";
		return -1;
	}
	o->elf = elf_begin(o->fd, ELF_C_READ, NULL);
	if (!o->elf || elf_kind(o->elf) != ELF_K_ELF ||
	    !gelf_getehdr(o->elf, &o->eh) || o->eh.e_type != ET_REL) {
		o->why = "not a relocatable ELF file";
		return -1;
	}
	if (o->eh.e_machine != EM_X86_64 && o->eh.e_machine != EM_AARCH64) {
		o->why = "an architecture callreach does not read: only x86-64 "
			 "and aarch64 objects are";
		return -1;
	}
	return 0;
}
