/*
 * objects.c - reading the object file beside a .ci file with libelf: the
 * section of every function, the references to functions in relocations
 * (calls and address-taken uses), registrations (a function's address
 * handed to the next call), and, with the debug information and the
 * sources, the struct members functions are stored in and the members
 * indirect call sites call.
 *
 * Only relocations are read, never instructions (but for the byte before
 * a PC-relative field, which tells a call from a load on x86-64): a
 * reference the assembler resolved itself, such as one between two
 * functions of the same section, is not seen. -ffunction-sections (Xen
 * and Linux build so) gives every function its own section.
 */
#include "objects.h"
#include "ci_parse.h"
#include "dwarf_dispatch.h"
#include "dwarf_callsites.h"
#include "dwarf_fields.h"
#include "registry.h"
#include "symbols.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_SOURCE_BYTES (16 * 1024 * 1024)
#define MAX_CHAIN	 16 /* steps of an access chain read from the source */

/* GCC's placeholder callee of indirect calls in .ci files. */
static const char indirect_title[] = "__indirect_call";

static const char schema_sql[] =
	"CREATE TABLE IF NOT EXISTS obj_units ("
	"  unit_id INTEGER PRIMARY KEY,"
	"  object TEXT NOT NULL,"
	"  debug INTEGER NOT NULL,"
	"  machine INTEGER);"
	"CREATE TABLE IF NOT EXISTS obj_functions ("
	"  unit_id INTEGER NOT NULL,"
	"  name TEXT NOT NULL,"
	"  symbol TEXT NOT NULL,"
	"  section TEXT NOT NULL,"
	"  global INTEGER NOT NULL);"
	"CREATE INDEX IF NOT EXISTS obj_functions_unit"
	"  ON obj_functions(unit_id);"
	"CREATE TABLE IF NOT EXISTS obj_address_taken ("
	"  unit_id INTEGER NOT NULL,"
	"  name TEXT NOT NULL,"
	"  section TEXT NOT NULL,"
	"  holder TEXT);"
	"CREATE INDEX IF NOT EXISTS obj_address_taken_unit"
	"  ON obj_address_taken(unit_id);"
	"CREATE TABLE IF NOT EXISTS obj_registrations ("
	"  unit_id INTEGER NOT NULL,"
	"  registrar TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  caller TEXT NOT NULL);"
	"CREATE INDEX IF NOT EXISTS obj_registrations_unit"
	"  ON obj_registrations(unit_id);"
	"CREATE TABLE IF NOT EXISTS obj_field_stores ("
	"  unit_id INTEGER NOT NULL,"
	"  struct TEXT,"
	"  member TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  holder TEXT NOT NULL,"
	"  how TEXT NOT NULL);"
	"CREATE INDEX IF NOT EXISTS obj_field_stores_unit"
	"  ON obj_field_stores(unit_id);"
	"CREATE TABLE IF NOT EXISTS obj_indirect_calls ("
	"  unit_id INTEGER NOT NULL,"
	"  caller TEXT NOT NULL,"
	"  file TEXT, line INTEGER, col INTEGER,"
	"  struct TEXT,"
	"  member TEXT,"
	"  how TEXT NOT NULL);"
	"CREATE INDEX IF NOT EXISTS obj_indirect_calls_unit"
	"  ON obj_indirect_calls(unit_id);";

static const char *const tables[] = {
	"obj_units",	     "obj_functions",	 "obj_address_taken",
	"obj_registrations", "obj_field_stores", "obj_indirect_calls",
	"obj_call_sites",
};

static int db_error(sqlite3 *db, const char *what)
{
	return error("database: %s: %s", what, sqlite3_errmsg(db));
}

int objects_create_tables(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int has_machine = 0;

	if (sqlite3_exec(db, schema_sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_error(db, "creating the object tables");
	/* obj_units of schema version 1 lacks the machine */
	if (sqlite3_prepare_v2(db,
			       "SELECT 1 FROM pragma_table_info('obj_units')"
			       " WHERE name = 'machine'",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, "reading the object tables");
	has_machine = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	if (!has_machine &&
	    sqlite3_exec(db, "ALTER TABLE obj_units ADD COLUMN machine INTEGER",
			 NULL, NULL, NULL) != SQLITE_OK)
		return db_error(db, "upgrading the object tables");
	if (registry_create_tables(db))
		return -1;
	return dwarf_callsites_create_tables(db);
}

/* Delete the rows of UNIT_ID (or, when UNIT_ID < 0, of vanished units). */
static int delete_rows(sqlite3 *db, int64_t unit_id)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(tables) + registry_nr_tables; i++) {
		const char *table =
			i < ARRAY_SIZE(tables)
				? tables[i]
				: registry_tables[i - ARRAY_SIZE(tables)];
		char *sql =
			unit_id < 0
				? xstrfmt("DELETE FROM %s WHERE unit_id NOT IN"
					  " (SELECT id FROM units)",
					  table)
				: xstrfmt("DELETE FROM %s WHERE unit_id = ?1",
					  table);
		sqlite3_stmt *st = NULL;
		int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);

		free(sql);
		if (rc == SQLITE_OK) {
			if (unit_id >= 0)
				sqlite3_bind_int64(st, 1, unit_id);
			rc = sqlite3_step(st);
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return db_error(db, "deleting object rows");
	}
	return 0;
}

int objects_prune(sqlite3 *db)
{
	if (objects_create_tables(db) || delete_rows(db, -1))
		return -1;
	if (objects_drop_other_machines(db))
		return -1;
	return dwarf_callsites_index(db);
}

int objects_drop_unit(sqlite3 *db, int64_t unit_id)
{
	return delete_rows(db, unit_id);
}

/* ---- the object file ---- */

enum sec_kind { SEC_SKIP, SEC_TEXT, SEC_DATA };

struct osym {
	const char *name; /* in the ELF string table */
	char *canon;	  /* functions and undefined symbols */
	uint64_t value, size;
	size_t shndx;
	unsigned char type, bind;
};

struct osec {
	const char *name;
	GElf_Shdr sh;
	enum sec_kind kind;
	const unsigned char *bytes; /* contents of text sections */
	size_t nr_bytes;
	size_t *funcs, *objs; /* symbols in it, sorted by value */
	size_t nr_funcs, alloc_funcs, nr_objs, alloc_objs;
};

/* A reference to a function from a relocation. */
struct ref {
	size_t sec;
	uint64_t off;
	size_t holder; /* symbol covering the place, or NO_SYM */
	size_t target; /* the function's symbol */
	int call;
};

#define NO_SYM ((size_t)-1)

/*
 * A call through a pointer in memory that the compiler did not see, such
 * as Xen's alternative_call() ("call *hvm_funcs+0xf8(%rip)" in asm).
 */
struct mem_call {
	size_t sec;
	uint64_t off;
	size_t holder;	 /* the function it is in */
	size_t var;	 /* the variable holding the pointer */
	uint64_t offset; /* of the pointer in the variable */
};

/* A variable a function's code refers to. */
struct data_ref {
	size_t holder, var;
};

struct object {
	const char *path;
	const char *why; /* why it cannot be read, or NULL */
	uint64_t size;	 /* of the file */
	int has_debug;	 /* it holds a .debug_info section */
	size_t unnamed;	 /* sections without a name */
	int fd;
	Elf *elf;
	GElf_Ehdr eh;
	struct osec *sec;
	size_t nr_sec;
	struct osym *sym;
	size_t nr_sym;
	struct ref *refs;
	size_t nr_refs, alloc_refs;
	struct mem_call *mcalls;
	size_t nr_mcalls, alloc_mcalls;
	struct data_ref *drefs;
	size_t nr_drefs, alloc_drefs;
};

static void object_release(struct object *o)
{
	size_t i;

	for (i = 0; i < o->nr_sec; i++) {
		free(o->sec[i].funcs);
		free(o->sec[i].objs);
	}
	free(o->sec);
	for (i = 0; i < o->nr_sym; i++)
		free(o->sym[i].canon);
	free(o->sym);
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

/* The unit's node titles, sorted, for sym_canonical_in_unit(). */
struct titles {
	const char **v;
	size_t nr;
};

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int has_title(const char *t, void *ctx)
{
	const struct titles *ts = ctx;

	return bsearch(&t, ts->v, ts->nr, sizeof(*ts->v), cmp_strp) != NULL;
}

static void push_sym(size_t **v, size_t *nr, size_t *alloc, size_t s)
{
	ALLOC_GROW(*v, *nr + 1, *alloc);
	(*v)[(*nr)++] = s;
}

struct value_idx {
	uint64_t value;
	size_t idx;
};

static int cmp_value_idx(const void *a, const void *b)
{
	const struct value_idx *x = a, *y = b;

	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Sort the symbol indices V by the symbols' values. */
static void sort_by_value(const struct object *o, size_t *v, size_t n)
{
	struct value_idx *t = xmalloc((n + 1) * sizeof(*t));
	size_t i;

	for (i = 0; i < n; i++) {
		t[i].value = o->sym[v[i]].value;
		t[i].idx = v[i];
	}
	qsort(t, n, sizeof(*t), cmp_value_idx);
	for (i = 0; i < n; i++)
		v[i] = t[i].idx;
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

static int read_sections(struct object *o)
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

static int read_symbols(struct object *o, const struct ci_unit *u,
			struct titles *ts)
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

				s->canon = sym_canonical_in_unit(title,
								 has_title, ts);
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

static void read_relocations(struct object *o)
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

static int cmp_ref(const void *a, const void *b)
{
	const struct ref *x = a, *y = b;

	if (x->sec != y->sec)
		return x->sec < y->sec ? -1 : 1;
	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return 0;
}

/* Open PATH; -1 with O->why (or errno, or libelf's error) set. */
static int object_open(struct object *o, const char *path)
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

/* ---- source lines ---- */

struct source {
	char *path; /* as asked for */
	char *text; /* NULL when it could not be read */
	size_t len;
	size_t *line; /* offset of each line's start */
	size_t nr_lines, alloc_lines;
};

struct sources {
	struct source *v;
	size_t nr, alloc;
	const char *root;
};

static void sources_release(struct sources *ss)
{
	size_t i;

	for (i = 0; i < ss->nr; i++) {
		free(ss->v[i].path);
		free(ss->v[i].text);
		free(ss->v[i].line);
	}
	free(ss->v);
}

static char *slurp(const char *path, size_t *len)
{
	struct stat st;
	FILE *fp;
	char *buf;

	if (stat(path, &st) || !S_ISREG(st.st_mode) ||
	    st.st_size > MAX_SOURCE_BYTES)
		return NULL;
	fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	buf = xmalloc((size_t)st.st_size + 1);
	*len = fread(buf, 1, (size_t)st.st_size, fp);
	fclose(fp);
	buf[*len] = '\0';
	return buf;
}

/*
 * The source file NAME: a relative name is under the root; an absolute
 * name that is gone is looked for under the root by its trailing parts
 * (a tree built elsewhere). NULL when it cannot be read.
 */
static const struct source *source_get(struct sources *ss, const char *name)
{
	struct source *s;
	size_t i;

	for (i = 0; i < ss->nr; i++)
		if (!strcmp(ss->v[i].path, name))
			return ss->v[i].text ? &ss->v[i] : NULL;
	ALLOC_GROW(ss->v, ss->nr + 1, ss->alloc);
	s = &ss->v[ss->nr++];
	memset(s, 0, sizeof(*s));
	s->path = xstrdup(name);
	if (name[0] == '/') {
		const char *p = name;

		s->text = slurp(name, &s->len);
		while (!s->text && (p = strchr(p + 1, '/'))) {
			char *alt = xstrfmt("%s/%s", ss->root, p + 1);

			s->text = slurp(alt, &s->len);
			free(alt);
		}
	} else {
		char *full = xstrfmt("%s/%s", ss->root, skip_dot_slash(name));

		s->text = slurp(full, &s->len);
		free(full);
	}
	if (!s->text)
		return NULL;
	for (i = 0; i < s->len; i++)
		if (i == 0 || s->text[i - 1] == '\n') {
			ALLOC_GROW(s->line, s->nr_lines + 1, s->alloc_lines);
			s->line[s->nr_lines++] = i;
		}
	return s;
}

/* The offset of LINE (from 1) in S, or -1. */
static long line_start(const struct source *s, int line)
{
	if (line < 1 || (size_t)line > s->nr_lines)
		return -1;
	return (long)s->line[line - 1];
}

static size_t line_end(const struct source *s, size_t pos)
{
	while (pos < s->len && s->text[pos] != '\n')
		pos++;
	return pos;
}

/* The start of the line N lines above the one holding POS. */
static size_t lines_above(const struct source *s, int line, int n)
{
	long b = line_start(s, line - n > 1 ? line - n : 1);

	return b < 0 ? 0 : (size_t)b;
}

/* ---- access chains in C source text ---- */

static int ident_char(int c)
{
	return isalnum((unsigned char)c) || c == '_';
}

static int blank(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\\';
}

/* "base->a.b[i]->member": the base variable and the steps to the member. */
struct chain {
	char *base; /* NULL: no plain variable starts the chain */
	struct dwarf_step steps[MAX_CHAIN];
	size_t nr;
};

static void chain_release(struct chain *c)
{
	size_t i;

	free(c->base);
	for (i = 0; i < c->nr; i++)
		free((char *)c->steps[i].name);
	memset(c, 0, sizeof(*c));
}

static void chain_push(struct dwarf_step *rev, size_t *n,
		       enum dwarf_step_kind kind, const char *name, size_t len)
{
	rev[*n].kind = kind;
	rev[*n].name = name ? xstrndup(name, len) : NULL;
	(*n)++;
}

/*
 * Read backwards, from the operator at OP ("->" or ".") of member NAME
 * (LEN bytes), the chain that ends there; T[LO..] may be read.
 */
static void parse_chain(const char *t, size_t lo, size_t op, const char *name,
			size_t len, struct chain *c)
{
	struct dwarf_step rev[MAX_CHAIN];
	size_t n = 0, p = op, i;

	memset(c, 0, sizeof(*c));
	chain_push(rev, &n, t[op] == '-' ? STEP_ARROW : STEP_DOT, name, len);
	while (n < MAX_CHAIN) {
		size_t q = p, b, r;

		while (q > lo && blank(t[q - 1]))
			q--;
		if (q > lo && t[q - 1] == ']') {
			int depth = 0;

			for (q--; q > lo; q--) {
				if (t[q] == ']')
					depth++;
				else if (t[q] == '[' && !--depth)
					break;
			}
			if (t[q] != '[' || depth)
				break;
			chain_push(rev, &n, STEP_INDEX, NULL, 0);
			p = q;
			continue;
		}
		if (q == lo || !ident_char(t[q - 1]))
			break;
		for (b = q; b > lo && ident_char(t[b - 1]); b--)
			;
		if (isdigit((unsigned char)t[b]))
			break;
		for (r = b; r > lo && blank(t[r - 1]); r--)
			;
		if (r >= lo + 2 && t[r - 1] == '>' && t[r - 2] == '-') {
			chain_push(rev, &n, STEP_ARROW, t + b, q - b);
			p = r - 2;
		} else if (r > lo && t[r - 1] == '.' &&
			   !(r >= lo + 2 && t[r - 2] == '.')) {
			chain_push(rev, &n, STEP_DOT, t + b, q - b);
			p = r - 1;
		} else {
			c->base = xstrndup(t + b, q - b);
			break;
		}
	}
	for (i = 0; i < n; i++)
		c->steps[i] = rev[n - 1 - i];
	c->nr = n;
	if (!c->base) {
		/* no plain variable: keep only the member */
		for (i = 0; i + 1 < n; i++)
			free((char *)c->steps[i].name);
		c->steps[0] = c->steps[n - 1];
		c->nr = 1;
	}
}

/* A member access "->m" or ".m" followed by ")"s and "(". */
struct cand {
	size_t op, name, len, end;
};

static void add_cand(struct cand **out, size_t *alloc, size_t nr, size_t op,
		     size_t name, size_t len, size_t end)
{
	ALLOC_GROW(*out, nr + 1, *alloc);
	(*out)[nr].op = op;
	(*out)[nr].name = name;
	(*out)[nr].len = len;
	(*out)[nr].end = end;
}

static size_t find_candidates(const char *t, size_t from, size_t to,
			      struct cand **out, size_t *alloc, size_t nr)
{
	size_t i;

	for (i = from; i < to; i++) {
		size_t j, k, m;

		if (t[i] == '-' && i + 1 < to && t[i + 1] == '>')
			j = i + 2;
		else if (t[i] == '.' && i + 1 < to && t[i + 1] != '.' &&
			 (i == 0 || (!isdigit((unsigned char)t[i - 1]) &&
				     t[i - 1] != '.')))
			j = i + 1;
		else
			continue;
		while (j < to && blank(t[j]))
			j++;
		if (j >= to || !ident_char(t[j]) ||
		    isdigit((unsigned char)t[j]))
			continue;
		for (k = j; k < to && ident_char(t[k]); k++)
			;
		for (m = k; m < to && (blank(t[m]) || t[m] == ')'); m++)
			;
		if (m >= to || t[m] != '(')
			continue;
		add_cand(out, alloc, nr++, i, j, k - j, m);
	}
	return nr;
}

/* Is the call whose "(" is at T[OPEN] followed by "->" or "."? */
static int result_used(const char *t, size_t open, size_t to)
{
	size_t e;
	int depth = 0;

	for (e = open; e < to; e++) {
		if (t[e] == '(')
			depth++;
		else if (t[e] == ')' && !--depth)
			break;
	}
	for (e++; e < to && blank(t[e]); e++)
		;
	return e + 1 < to && (t[e] == '.' || (t[e] == '-' && t[e + 1] == '>'));
}

/*
 * The member access ending the first argument of the call whose "(" is at
 * T[OPEN]: "alternative_call(hvm_funcs.m, ...)", "iommu_call(ops, m, ...)".
 */
static size_t first_arg_candidate(const char *t, size_t open, size_t to,
				  struct cand **out, size_t *alloc)
{
	size_t e, m, k, op;
	int depth = 0;

	for (e = open + 1; e < to; e++) {
		if (strchr("([{", t[e]))
			depth++;
		else if (strchr(")]}", t[e]) && depth)
			depth--;
		else if (!depth && (t[e] == ',' || t[e] == ')'))
			break;
	}
	if (e >= to)
		return 0;
	for (k = e; k > open + 1 && blank(t[k - 1]); k--)
		;
	for (m = k; m > open + 1 && ident_char(t[m - 1]); m--)
		;
	if (m == k || isdigit((unsigned char)t[m]))
		return 0;
	for (op = m; op > open + 1 && blank(t[op - 1]); op--)
		;
	if (op >= open + 3 && t[op - 1] == '>' && t[op - 2] == '-')
		op -= 2;
	else if (op >= open + 2 && t[op - 1] == '.')
		op--;
	else
		return 0;
	add_cand(out, alloc, 0, op, m, k - m, e);
	return 1;
}

/* The identifier argument after the ',' at T[POS], or 0 (its length). */
static size_t next_arg_ident(const char *t, size_t pos, size_t to,
			     size_t *start)
{
	size_t j = pos + 1, k, e;

	while (j < to && blank(t[j]))
		j++;
	if (j >= to || !ident_char(t[j]) || isdigit((unsigned char)t[j]))
		return 0;
	for (k = j; k < to && ident_char(t[k]); k++)
		;
	*start = j;
	for (e = k; e < to && blank(t[e]); e++)
		;
	if (e >= to || (t[e] != ',' && t[e] != ')'))
		return 0;
	return k - j;
}

/* ---- rows ---- */

/* Rows of one table, each its fields joined by US; "" stands for NULL. */
struct rowset {
	struct strvec v;
	size_t nr_fields;
	size_t dropped; /* rows with a field holding FIELD_SEP */
};

#define FIELD_SEP '\x1f'

static void rowset_add(struct rowset *rs, const char *const *fields)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < rs->nr_fields; i++) {
		if (fields[i] && strchr(fields[i], FIELD_SEP)) {
			/* a broken object's name: the row cannot be kept */
			rs->dropped++;
			strbuf_release(&sb);
			return;
		}
		if (i)
			strbuf_addch(&sb, FIELD_SEP);
		if (fields[i])
			strbuf_addstr(&sb, fields[i]);
	}
	strvec_push(&rs->v, strbuf_str(&sb));
	strbuf_release(&sb);
}

/*
 * Insert the rows (distinct ones when UNIQUE) with SQL (?1 is the unit); an
 * empty field is NULL when its bit is set in NULLABLE, else "".
 */
static int rowset_insert(sqlite3 *db, struct rowset *rs, const char *sql,
			 int64_t unit_id, int unique, unsigned nullable)
{
	sqlite3_stmt *st = NULL;
	size_t i, k;
	int ret = -1;

	if (!rs->v.nr)
		return 0;
	if (unique)
		qsort(rs->v.v, rs->v.nr, sizeof(*rs->v.v), cmp_strp);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		db_error(db, "preparing");
		goto out;
	}
	for (i = 0; i < rs->v.nr; i++) {
		const char *f = rs->v.v[i];

		if (unique && i && !strcmp(f, rs->v.v[i - 1]))
			continue;
		sqlite3_bind_int64(st, 1, unit_id);
		for (k = 0; k < rs->nr_fields; k++) {
			const char *e = strchr(f, FIELD_SEP);
			size_t len = e ? (size_t)(e - f) : strlen(f);

			if (len || !(nullable & (1u << k)))
				sqlite3_bind_text(st, (int)k + 2, f, (int)len,
						  SQLITE_TRANSIENT);
			else
				sqlite3_bind_null(st, (int)k + 2);
			f = e ? e + 1 : f + len;
		}
		if (sqlite3_step(st) != SQLITE_DONE) {
			db_error(db, "writing object rows");
			goto out;
		}
		sqlite3_reset(st);
	}
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret;
}

enum {
	RS_FUNCTIONS,
	RS_ADDRESS_TAKEN,
	RS_REGISTRATIONS,
	RS_FIELD_STORES,
	RS_INDIRECT,
	RS_REG_LINES,
	RS_COUNT
};

/* The fields of each row set; bit K of NULLABLE: field K may be NULL. */
static const struct {
	size_t nr_fields;
	int unique;
	const char *sql;
	unsigned nullable;
} rowset_def[RS_COUNT] = {
	[RS_FUNCTIONS] = {4, 1,
			  "INSERT INTO obj_functions(unit_id, name, symbol,"
			  " section, global) VALUES (?1, ?2, ?3, ?4, ?5)"},
	[RS_ADDRESS_TAKEN] = {3, 1,
			      "INSERT INTO obj_address_taken(unit_id, name,"
			      " section, holder) VALUES (?1, ?2, ?3, ?4)",
			      1u << 2},
	[RS_REGISTRATIONS] = {3, 1,
			      "INSERT INTO obj_registrations(unit_id,"
			      " registrar, name, caller)"
			      " VALUES (?1, ?2, ?3, ?4)"},
	[RS_FIELD_STORES] = {5, 1,
			     "INSERT INTO obj_field_stores(unit_id, struct,"
			     " member, name, holder, how)"
			     " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
			     1u << 0},
	[RS_INDIRECT] = {7, 0,
			 "INSERT INTO obj_indirect_calls(unit_id, caller,"
			 " file, line, col, struct, member, how)"
			 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
			 0x3eu},
	[RS_REG_LINES] = {6, 1,
			  "INSERT INTO obj_registration_lines(unit_id,"
			  " registrar, name, caller, file, line, signature)"
			  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
			  (1u << 3) | (1u << 4) | (1u << 5)},
};

/* ---- putting it together ---- */

struct unit_ctx {
	const struct ci_unit *u;
	struct titles titles;
	struct object obj;
	int have_obj;
	struct dwarf_fields *df;
	struct dwarf_dispatch *dd;
	struct sources src;
	char *abs_root; /* the source root made absolute, or NULL */
	struct rowset rows[RS_COUNT];
};

/* "dir/.foo.o.ci" and "dir/foo.ci" sit beside "dir/foo.o". */
static char *object_path(const char *ci)
{
	const char *slash = strrchr(ci, '/');
	const char *b = slash ? slash + 1 : ci;
	size_t dir = (size_t)(b - ci), len = strlen(b);

	if (len < 4 || strcmp(b + len - 3, ".ci"))
		return NULL;
	if (b[0] == '.' && len > 6 && !strncmp(b + len - 5, ".o.ci", 5))
		return xstrfmt("%.*s%.*s", (int)dir, ci, (int)(len - 4), b + 1);
	return xstrfmt("%.*s%.*s.o", (int)dir, ci, (int)(len - 3), b);
}

/* The ingest PATH the .ci file at CI was found under as KEY. */
static char *ingest_root(const char *ci, const char *key)
{
	size_t cl = strlen(ci), kl = strlen(key);

	if (kl < cl && !strcmp(ci + cl - kl, key) && ci[cl - kl - 1] == '/') {
		size_t n = cl - kl;

		while (n > 1 && ci[n - 1] == '/')
			n--;
		return xstrndup(ci, n);
	}
	return xstrdup(".");
}

static const char *section_name(const struct object *o, size_t shndx)
{
	/* section 0 has no name, nor has a section of a broken object */
	return shndx < o->nr_sec && o->sec[shndx].name ? o->sec[shndx].name
						       : "";
}

static void add_functions(struct unit_ctx *c)
{
	const struct object *o = &c->obj;
	size_t i;

	for (i = 0; i < o->nr_sym; i++) {
		const struct osym *s = &o->sym[i];
		const char *f[4];

		if (s->type != STT_FUNC || !s->canon || s->shndx == SHN_UNDEF)
			continue;
		f[0] = s->canon;
		f[1] = s->name;
		f[2] = section_name(o, s->shndx);
		f[3] = s->bind == STB_LOCAL ? "0" : "1";
		rowset_add(&c->rows[RS_FUNCTIONS], f);
	}
}

/*
 * The member name under which global pointer variable NAME, seen in
 * function FUNC (or NULL), is recorded (see OBJ_VARIABLE), or NULL.
 */
static char *variable_key(const struct unit_ctx *c, const char *func,
			  const char *name)
{
	int kind = c->df ? dwarf_fields_pointer_variable(c->df, func, name) : 0;

	if (!kind)
		return NULL;
	return kind == 1 ? xstrdup(name) : xstrfmt("%s:%s", c->u->title, name);
}

/* A function whose address is stored by an assignment in code. */
static void code_store(struct unit_ctx *c, const struct ref *r)
{
	const struct object *o = &c->obj;
	const struct osym *h = &o->sym[r->holder];
	const char *fname = sym_base(o->sym[r->target].canon), *file;
	const struct source *s;
	size_t flen = strlen(fname), b, e, q;
	long ls;
	int line;

	if (!c->df || dwarf_fields_line(c->df, r->holder, r->off - h->value,
					&file, &line))
		return;
	s = source_get(&c->src, file);
	if (!s || (ls = line_start(s, line)) < 0)
		return;
	b = (size_t)ls;
	e = line_end(s, b);
	for (q = b; q + flen <= e; q++) {
		const char *t = s->text;
		size_t p = q, id;
		struct chain ch;
		const char *type = NULL, *f[5];
		int fnptr = 0;

		if (memcmp(t + q, fname, flen) ||
		    (q > 0 && ident_char(t[q - 1])) || ident_char(t[q + flen]))
			continue;
		while (p > b && blank(t[p - 1]))
			p--;
		if (p > b && t[p - 1] == '&')
			for (p--; p > b && blank(t[p - 1]); p--)
				;
		if (p < b + 2 || t[p - 1] != '=' ||
		    strchr("=!<>+-*/%&|^", t[p - 2]))
			continue;
		for (p--; p > b && blank(t[p - 1]); p--)
			;
		for (id = p; id > b && ident_char(t[id - 1]); id--)
			;
		if (id == p)
			continue;
		q = id;
		while (q > b && blank(t[q - 1]))
			q--;
		if (q >= b + 2 && t[q - 1] == '>' && t[q - 2] == '-') {
			q -= 2;
		} else if (q > b && t[q - 1] == '.') {
			q--;
		} else {
			/* a plain variable: a global pointer to a function? */
			char *name = xstrndup(t + id, p - id);
			char *var = variable_key(c, sym_base(h->canon), name);

			free(name);
			if (var) {
				f[0] = OBJ_VARIABLE;
				f[1] = var;
				f[2] = o->sym[r->target].canon;
				f[3] = h->canon;
				f[4] = "assignment";
				rowset_add(&c->rows[RS_FIELD_STORES], f);
				free(var);
			}
			return;
		}
		parse_chain(t, lines_above(s, line, 3), q, t + id, p - id, &ch);
		if (!ch.base ||
		    dwarf_fields_chain(c->df, sym_base(h->canon), ch.base,
				       ch.steps, ch.nr, &type, &fnptr))
			type = NULL;
		f[0] = type;
		f[1] = ch.steps[ch.nr - 1].name;
		f[2] = o->sym[r->target].canon;
		f[3] = h->canon;
		f[4] = "assignment";
		rowset_add(&c->rows[RS_FIELD_STORES], f);
		chain_release(&ch);
		return;
	}
}

static const char *relative_to_root(const struct unit_ctx *c, const char *file);

/*
 * The source line of registration call R of function TARGET (F:
 * registrar, name, caller), and TARGET's signature.
 */
static void registration_line(struct unit_ctx *c, const struct ref *r,
			      size_t target, const char **f)
{
	const struct osym *h = &c->obj.sym[r->holder];
	struct strbuf sig = STRBUF_INIT;
	char ls[16];
	int line = 0;

	f[3] = NULL;
	f[4] = NULL;
	f[5] = dwarf_dispatch_function_signature(c->dd, target,
						 c->obj.sym[target].name, &sig)
		       ? NULL
		       : strbuf_str(&sig);
	if (c->df &&
	    !dwarf_fields_line_relative(c->df, r->holder, r->off - h->value,
					&f[3], &line)) {
		snprintf(ls, sizeof(ls), "%d", line);
		f[3] = skip_dot_slash(relative_to_root(c, f[3]));
		f[4] = ls;
	}
	rowset_add(&c->rows[RS_REG_LINES], f);
	strbuf_release(&sig);
}

static void add_references(struct unit_ctx *c)
{
	struct object *o = &c->obj;
	size_t i, k;

	if (o->nr_refs)
		qsort(o->refs, o->nr_refs, sizeof(*o->refs), cmp_ref);
	for (i = 0; i < o->nr_refs; i++) {
		const struct ref *r = &o->refs[i];
		const struct osec *sec = &o->sec[r->sec];
		const struct osym *h =
			r->holder != NO_SYM ? &o->sym[r->holder] : NULL;
		const char *target = o->sym[r->target].canon, *f[6];

		if (r->call || (o->sym[r->target].shndx == SHN_UNDEF && c->df &&
				dwarf_fields_is_variable(c->df, target)))
			continue;
		f[0] = target;
		f[1] = sec->name;
		f[2] = h ? (h->canon ? h->canon : h->name) : NULL;
		rowset_add(&c->rows[RS_ADDRESS_TAKEN], f);
		if (sec->kind == SEC_TEXT && h) {
			/* the next call of the same function takes it */
			for (k = i + 1; k < o->nr_refs && !o->refs[k].call &&
					o->refs[k].sec == r->sec &&
					o->refs[k].holder == r->holder;
			     k++)
				;
			if (k < o->nr_refs && o->refs[k].sec == r->sec &&
			    o->refs[k].holder == r->holder && o->refs[k].call) {
				f[0] = o->sym[o->refs[k].target].canon;
				f[1] = target;
				f[2] = h->canon;
				rowset_add(&c->rows[RS_REGISTRATIONS], f);
				registration_line(c, &o->refs[k], r->target, f);
			}
			code_store(c, r);
		} else if (sec->kind == SEC_DATA && h && c->df) {
			const char *type = NULL, *member = NULL;

			char *var = NULL;

			if (dwarf_fields_member_at(c->df, r->holder,
						   r->off - h->value, &type,
						   &member)) {
				if (r->off != h->value ||
				    !(var = variable_key(c, NULL, h->name)))
					continue;
				type = OBJ_VARIABLE;
				member = var;
			}
			f[0] = type;
			f[1] = member;
			f[2] = target;
			f[3] = h->name;
			f[4] = "initializer";
			rowset_add(&c->rows[RS_FIELD_STORES], f);
			free(var);
		}
	}
}

/* A call "name(...)" or "(*name)(...)" through a global pointer variable. */
static void called_variable(const struct unit_ctx *c, const char *func,
			    const char *t, size_t pos, size_t stop,
			    const char **type, char **member, const char **how)
{
	size_t b, e, p = pos;
	char *name;

	if (p < stop && t[p] == '(') {
		for (p++; p < stop && (blank(t[p]) || t[p] == '*'); p++)
			;
	}
	for (b = e = p; e < stop && ident_char(t[e]); e++)
		;
	if (e == b || isdigit((unsigned char)t[b]))
		return;
	for (p = e; p < stop && (blank(t[p]) || t[p] == ')'); p++)
		;
	if (p >= stop || t[p] != '(')
		return;
	name = xstrndup(t + b, e - b);
	*member = variable_key(c, func, name);
	free(name);
	if (*member) {
		*type = OBJ_VARIABLE;
		*how = "dwarf";
	}
}

/*
 * The member indirect call site LINE:COL of FILE calls, in *TYPE (NULL:
 * unknown) and *MEMBER (the caller's); *HOW says how it was found.
 */
static void site_member(struct unit_ctx *c, const char *func, const char *file,
			int line, int col, const char **type, char **member,
			const char **how)
{
	const struct source *s = source_get(&c->src, file);
	struct cand *cand = NULL;
	size_t alloc = 0, nr, nr_fwd, i, pos, lo, end, stop, open;
	long ls;

	*type = NULL;
	*member = NULL;
	*how = "none";
	if (!s || (ls = line_start(s, line)) < 0 || col < 1)
		return;
	pos = (size_t)ls + (size_t)col - 1;
	if (pos > line_end(s, (size_t)ls))
		return;
	lo = lines_above(s, line, 4);
	end = line_start(s, line + 6) < 0 ? s->len
					  : (size_t)line_start(s, line + 6);
	for (stop = pos; stop < end && !strchr(";{}", s->text[stop]); stop++)
		;
	for (i = pos; i < stop && ident_char(s->text[i]); i++)
		;
	for (open = i; open < stop && blank(s->text[open]); open++)
		;
	nr = 0;
	if (i > pos && !isdigit((unsigned char)s->text[pos]) && open < stop &&
	    s->text[open] == '(' && !result_used(s->text, open, stop))
		/* "name(": a macro, or a pointer called by its name */
		nr = nr_fwd =
			first_arg_candidate(s->text, open, stop, &cand, &alloc);
	if (!nr) {
		/* after the column, nearest first; then before it on its line
		 */
		nr_fwd = find_candidates(s->text, pos, stop, &cand, &alloc, 0);
		nr = find_candidates(s->text, (size_t)ls, pos, &cand, &alloc,
				     nr_fwd);
	}
	for (i = 0; i < nr; i++) {
		const struct cand *k =
			&cand[i < nr_fwd ? i : nr - 1 - (i - nr_fwd)];
		struct chain ch;
		const char *ty = NULL;
		int fnptr = 0, known;

		parse_chain(s->text, lo, k->op, s->text + k->name, k->len, &ch);
		known = c->df && ch.base &&
			!dwarf_fields_chain(c->df, func, ch.base, ch.steps,
					    ch.nr, &ty, &fnptr);
		if (known && !fnptr && s->text[k->end] == ',' &&
		    ch.nr < MAX_CHAIN) {
			/* a macro taking table and member: f(ops, m, ...) */
			size_t start, len = next_arg_ident(s->text, k->end,
							   stop, &start);

			if (len) {
				ch.steps[ch.nr].kind = STEP_ARROW;
				ch.steps[ch.nr].name =
					xstrndup(s->text + start, len);
				ch.nr++;
				if (dwarf_fields_chain(c->df, func, ch.base,
						       ch.steps, ch.nr, &ty,
						       &fnptr))
					fnptr = 0;
			}
		}
		if (known && !fnptr) {
			chain_release(&ch);
			continue;
		}
		*type = known ? ty : NULL;
		*member = xstrdup(ch.steps[ch.nr - 1].name);
		*how = known ? "dwarf" : "source";
		chain_release(&ch);
		break;
	}
	free(cand);
	if (!*member)
		called_variable(c, func, s->text, pos, stop, type, member, how);
}

/* FILE relative to the source root when it is under it. */
static const char *relative_to_root(const struct unit_ctx *c, const char *file)
{
	size_t n = c->abs_root ? strlen(c->abs_root) : 0;

	if (n && !strncmp(file, c->abs_root, n) && file[n] == '/')
		return file + n + 1;
	return file;
}

/*
 * Is memory call M one GCC made itself (and listed as an indirect call)?
 * The debug information lists the calls GCC made; without that list, an
 * indirect call GCC lists on the same line is taken for it.
 */
static int gcc_saw_call(const struct unit_ctx *c, const struct mem_call *m)
{
	const struct osym *h = &c->obj.sym[m->holder];
	const struct ci_unit *u = c->u;
	const char *file;
	int line, k = dwarf_fields_call_returns_to(c->df, m->holder,
						   m->off + 4 - h->value);
	size_t i;

	if (k >= 0)
		return k;
	if (dwarf_fields_line(c->df, m->holder, m->off - h->value, &file,
			      &line))
		return 1;
	for (i = 0; i < u->nr_edges; i++) {
		const struct ci_edge *e = &u->edges[i];
		int l = 0, col = 0;

		if (e->label &&
		    !strcmp(u->nodes[e->target_node].title, indirect_title)) {
			ci_split_location(e->label, strlen(e->label), &l, &col);
			if (l == line)
				return 1;
		}
	}
	return 0;
}

/* Calls through pointers in memory found in the code (see mem_call). */
static void add_mem_calls(struct unit_ctx *c)
{
	const struct object *o = &c->obj;
	size_t i;

	for (i = 0; i < o->nr_mcalls; i++) {
		const struct mem_call *m = &o->mcalls[i];
		const struct osym *h = &o->sym[m->holder], *v = &o->sym[m->var];
		const char *type = NULL, *member = NULL, *file = NULL, *f[7];
		char ls[16], *var = NULL;
		int line = 0;

		if (!h->canon || !c->df || gcc_saw_call(c, m))
			continue;
		{
			if ((v->shndx == SHN_UNDEF ||
			     dwarf_fields_member_at(c->df, m->var, m->offset,
						    &type, &member)) &&
			    dwarf_fields_global_member_at(
				    c->df, v->name, m->offset, &type, &member))
				type = member = NULL;
			if (!member && !m->offset &&
			    (var = variable_key(c, NULL, v->name)))
				type = OBJ_VARIABLE;
			if (dwarf_fields_line(c->df, m->holder,
					      m->off - h->value, &file, &line))
				file = NULL;
		}
		snprintf(ls, sizeof(ls), "%d", line);
		f[0] = h->canon;
		f[1] = file ? skip_dot_slash(relative_to_root(c, file)) : NULL;
		f[2] = file ? ls : NULL;
		f[3] = file ? "0" : NULL;
		f[4] = type;
		f[5] = var ? var : member;
		f[6] = "object";
		rowset_add(&c->rows[RS_INDIRECT], f);
		free(var);
	}
}

static void add_indirect_sites(struct unit_ctx *c)
{
	const struct ci_unit *u = c->u;
	size_t i;

	for (i = 0; i < u->nr_edges; i++) {
		const struct ci_edge *e = &u->edges[i];
		const char *src = u->nodes[e->source_node].title;
		const char *type, *how, *f[7];
		char *caller, *file = NULL, *member = NULL, ls[16], cs[16];
		int line = 0, col = 0;

		if (strcmp(u->nodes[e->target_node].title, indirect_title) ||
		    !strcmp(src, indirect_title))
			continue;
		caller = sym_canonical_in_unit(src, has_title, &c->titles);
		if (e->label)
			file = ci_parse_location(e->label, &line, &col);
		type = how = NULL;
		if (file)
			site_member(c, sym_base(caller), file, line, col, &type,
				    &member, &how);
		snprintf(ls, sizeof(ls), "%d", line);
		snprintf(cs, sizeof(cs), "%d", col);
		f[0] = caller;
		f[1] = file ? skip_dot_slash(file) : NULL;
		f[2] = file ? ls : NULL;
		f[3] = file ? cs : NULL;
		f[4] = type;
		f[5] = member;
		f[6] = how ? how : "none";
		rowset_add(&c->rows[RS_INDIRECT], f);
		free(caller);
		free(file);
		free(member);
	}
}

/* Push GCC's indirect call sites in function NAME (canonical) to OUT. */
static void indirect_sites_of(const struct unit_ctx *c, const char *name,
			      struct strvec *out)
{
	const struct ci_unit *u = c->u;
	size_t i;

	for (i = 0; i < u->nr_edges; i++) {
		const struct ci_edge *e = &u->edges[i];
		const char *src = u->nodes[e->source_node].title;
		char *canon, *file;
		int line = 0, col = 0;

		if (strcmp(u->nodes[e->target_node].title, indirect_title) ||
		    !e->label)
			continue;
		canon = sym_canonical_in_unit(src, has_title,
					      (void *)&c->titles);
		if (!strcmp(canon, name) &&
		    (file = ci_parse_location(e->label, &line, &col))) {
			char *w = xstrfmt("%s:%d:%d", skip_dot_slash(file),
					  line, col);

			strvec_push(out, w);
			free(w);
			free(file);
		}
		free(canon);
	}
}

static int cmp_data_ref(const void *a, const void *b)
{
	const struct data_ref *x = a, *y = b;

	if (x->holder != y->holder)
		return x->holder < y->holder ? -1 : 1;
	return x->var < y->var ? -1 : x->var > y->var;
}

/* The registrars and dispatchers of the unit (registry.h). */
static int add_registry(sqlite3 *db, struct unit_ctx *c, int64_t unit_id)
{
	struct object *o = &c->obj;
	struct registry_func *funcs;
	struct registry_ref *refs;
	struct strvec *sites;
	size_t i, k, nr = 0;
	int ret;

	if (!c->dd)
		return 0;
	if (o->nr_drefs)
		qsort(o->drefs, o->nr_drefs, sizeof(*o->drefs), cmp_data_ref);
	funcs = xcalloc(o->nr_sym + 1, sizeof(*funcs));
	sites = xcalloc(o->nr_sym + 1, sizeof(*sites));
	refs = xcalloc(o->nr_drefs + 1, sizeof(*refs));
	for (i = 0; i < o->nr_drefs; i++) {
		const struct osym *v = &o->sym[o->drefs[i].var];

		refs[i].sym = o->drefs[i].var;
		refs[i].name = v->name;
		refs[i].local = v->bind == STB_LOCAL;
	}
	for (i = 0; i < o->nr_sym; i++) {
		const struct osym *s = &o->sym[i];
		struct registry_func *f = &funcs[nr];

		if (s->type != STT_FUNC || !s->canon || s->shndx == SHN_UNDEF)
			continue;
		f->name = s->canon;
		f->sym = i;
		for (k = 0; k < o->nr_drefs && o->drefs[k].holder != i; k++)
			;
		f->refs = refs + k;
		for (; k < o->nr_drefs && o->drefs[k].holder == i; k++)
			f->nr_refs++;
		indirect_sites_of(c, s->canon, &sites[nr]);
		f->sites = sites[nr].v;
		f->nr_sites = sites[nr].nr;
		nr++;
	}
	ret = registry_ingest_unit(db, unit_id, c->u->title, c->dd, funcs, nr);
	for (i = 0; i < nr; i++)
		strvec_clear(&sites[i]);
	free(sites);
	free(funcs);
	free(refs);
	return ret;
}

static int store_rows(sqlite3 *db, struct unit_ctx *c, int64_t unit_id,
		      const char *obj_path)
{
	sqlite3_stmt *st = NULL;
	size_t i;

	if (c->have_obj) {
		if (sqlite3_prepare_v2(
			    db,
			    "INSERT INTO obj_units(unit_id, object,"
			    " debug, machine) VALUES (?1, ?2, ?3, ?4)",
			    -1, &st, NULL) != SQLITE_OK)
			return db_error(db, "preparing");
		sqlite3_bind_int64(st, 1, unit_id);
		sqlite3_bind_text(st, 2, obj_path, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, c->df != NULL);
		sqlite3_bind_int(st, 4, c->obj.eh.e_machine);
		if (sqlite3_step(st) != SQLITE_DONE) {
			sqlite3_finalize(st);
			return db_error(db, "writing object rows");
		}
		sqlite3_finalize(st);
	}
	for (i = 0; i < RS_COUNT; i++) {
		if (c->rows[i].dropped)
			warning("'%s': %zu names holding control character "
				"0x1f left out",
				obj_path ? obj_path : c->u->title,
				c->rows[i].dropped);
		if (rowset_insert(db, &c->rows[i], rowset_def[i].sql, unit_id,
				  rowset_def[i].unique, rowset_def[i].nullable))
			return -1;
	}
	return add_registry(db, c, unit_id);
}

int objects_ingest_unit(sqlite3 *db, int64_t unit_id, const struct ci_unit *u,
			const char *ci_path, const char *key,
			const char *source_root, int arguments)
{
	struct unit_ctx c;
	char *obj_path, *root;
	size_t i;
	int ret = -1;

	if (objects_create_tables(db) || delete_rows(db, unit_id))
		return -1;
	memset(&c, 0, sizeof(c));
	c.u = u;
	c.obj.fd = -1;
	for (i = 0; i < RS_COUNT; i++)
		c.rows[i].nr_fields = rowset_def[i].nr_fields;
	c.titles.v = xmalloc((u->nr_nodes + 1) * sizeof(*c.titles.v));
	for (i = 0; i < u->nr_nodes; i++)
		c.titles.v[i] = u->nodes[i].title;
	c.titles.nr = u->nr_nodes;
	qsort(c.titles.v, c.titles.nr, sizeof(*c.titles.v), cmp_strp);
	root = source_root ? xstrdup(source_root) : ingest_root(ci_path, key);
	c.src.root = root;
	c.abs_root = realpath(root, NULL);
	obj_path = object_path(ci_path);
	if (obj_path && !access(obj_path, F_OK)) {
		int err;

		elf_version(EV_CURRENT);
		errno = 0;
		if (object_open(&c.obj, obj_path) || read_sections(&c.obj) ||
		    read_symbols(&c.obj, u, &c.titles)) {
			err = elf_errno();
			warning("cannot read object file '%s' (%s); its "
				"functions'"
				" sections and references are left out",
				obj_path,
				c.obj.why ? c.obj.why
				: err	  ? elf_errmsg(err)
				: errno	  ? strerror(errno)
					  : "not a relocatable ELF file");
		} else {
			c.have_obj = 1;
			if (c.obj.unnamed)
				warning("object file '%s' has %zu sections "
					"without a name; the section of their "
					"functions is stored as ''",
					obj_path, c.obj.unnamed);
			read_relocations(&c.obj);
			c.df = dwarf_fields_open(obj_path);
			if (!c.df && c.obj.has_debug &&
			    *dwarf_fields_open_error())
				warning("cannot read the DWARF of object file "
					"'%s' (%s); its struct member facts "
					"are left out",
					obj_path, dwarf_fields_open_error());
			c.dd = dwarf_dispatch_open(c.df);
			add_functions(&c);
			add_references(&c);
			add_mem_calls(&c);
		}
	}
	add_indirect_sites(&c);
	ret = store_rows(db, &c, unit_id, obj_path);
	if (!ret && arguments)
		ret = dwarf_callsites_ingest(db, unit_id, u, c.df, has_title,
					     &c.titles);
	for (i = 0; i < RS_COUNT; i++)
		strvec_clear(&c.rows[i].v);
	dwarf_dispatch_close(c.dd);
	dwarf_fields_close(c.df);
	object_release(&c.obj);
	sources_release(&c.src);
	free(c.titles.v);
	free(obj_path);
	free(root);
	free(c.abs_root);
	return ret;
}
