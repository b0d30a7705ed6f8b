/*
 * objects_unit.c - what a unit's object gives before anything is written:
 * its symbols, sections and relocations (objects_elf.c), its DWARF, the
 * registry's rows and the call sites' values. The reader thread of an
 * ingest runs it ahead of the writes when it has time
 * (objects_preread()); objects.c writes the rows.
 */
#include "objects_int.h"
#include "dwarf_callsites.h"
#include "dwarf_dispatch.h"
#include "hashmap.h"
#include "registry.h"
#include "symbols.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* "dir/.foo.o.ci" and "dir/foo.ci" sit beside "dir/foo.o". */
char *objects_object_path(const char *ci)
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

/*
 * GCC's indirect call sites of the unit ("file:line:col"), by the
 * canonical name of the function they are in: a strvec each.
 */
static void indirect_sites(const struct unit_ctx *c, struct hashmap *by_fn)
{
	const struct ci_unit *u = c->u;
	size_t i;

	for (i = 0; i < u->nr_edges; i++) {
		const struct ci_edge *e = &u->edges[i];
		char *canon, *file, *site;
		int line = 0, col = 0;

		if (!ci_is_indirect(u->nodes[e->target_node].title) ||
		    !e->label ||
		    !(file = ci_parse_location(e->label, &line, &col)))
			continue;
		canon = sym_canonical_in_unit(u->nodes[e->source_node].title,
					      ci_has_title,
					      (void *)&c->titles);
		site = xstrfmt("%s:%d:%d", skip_dot_slash(file), line, col);
		strvec_push(hashmap_strvec_at(by_fn, canon, NULL), site);
		free(site);
		free(file);
		free(canon);
	}
}

static int cmp_data_ref(const void *a, const void *b)
{
	const struct data_ref *x = a, *y = b;

	CMP_BY(x, y, holder);
	return x->var < y->var ? -1 : x->var > y->var;
}

/* The registrars and dispatchers of the unit (registry.h), read. */
static void read_registry(struct unit_ctx *c)
{
	struct object *o = &c->obj;
	struct registry_func *funcs;
	struct registry_ref *refs;
	struct hashmap by_fn = HASHMAP_INIT;
	const struct strvec *sites;
	size_t i, k = 0, nr = 0;

	if (!c->dd)
		return;
	if (o->nr_drefs)
		qsort(o->drefs, o->nr_drefs, sizeof(*o->drefs), cmp_data_ref);
	funcs = xcalloc(o->nr_sym + 1, sizeof(*funcs));
	indirect_sites(c, &by_fn);
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
		/* DREFS are sorted by holder, as the symbols are met */
		while (k < o->nr_drefs && o->drefs[k].holder < i)
			k++;
		f->refs = refs + k;
		for (; k < o->nr_drefs && o->drefs[k].holder == i; k++)
			f->nr_refs++;
		sites = hashmap_strvec_get(&by_fn, s->canon);
		if (sites) {
			f->sites = sites->v;
			f->nr_sites = sites->nr;
		}
		nr++;
	}
	c->registry = registry_read_unit(c->u->title, c->dd, funcs, nr);
	hashmap_strvecs_release(&by_fn);
	free(funcs);
	free(refs);
}

struct objects_pre *objects_preread(const char *ci_path,
				    const struct ci_unit *u, int arguments,
				    int all)
{
	struct objects_pre *p;
	char *obj_path = objects_object_path(ci_path);
	struct stat st;

	/* not a FIFO, which would block: objects_elf_open() tells why */
	if (!obj_path || stat(obj_path, &st) || !S_ISREG(st.st_mode)) {
		free(obj_path);
		return NULL;
	}
	p = xcalloc(1, sizeof(*p));
	p->obj_path = obj_path;
	p->df = dwarf_fields_open(obj_path);
	if (!p->df)
		snprintf(p->why, sizeof(p->why), "%s",
			 dwarf_fields_open_error());
	p->dd = dwarf_dispatch_open(p->df);
	if (all) {
		p->ctx = xmalloc(sizeof(*p->ctx));
		objects_unit_init(p->ctx, u);
		objects_unit_read(p->ctx, p, obj_path, arguments);
	}
	return p;
}

void objects_pre_release(struct objects_pre *p)
{
	if (!p)
		return;
	if (p->ctx) {
		objects_unit_release(p->ctx);
		free(p->ctx);
	}
	dwarf_dispatch_close(p->dd);
	dwarf_fields_close(p->df);
	free(p->obj_path);
	free(p);
}

/*
 * The DWARF of OBJ_PATH into C (df, dd), from PRE when read ahead; *WHY:
 * why there is none.
 */
static void take_dwarf(struct unit_ctx *c, struct objects_pre *pre,
		       const char *obj_path, const char **why)
{
	if (pre && !strcmp(pre->obj_path, obj_path)) {
		c->df = pre->df;
		c->dd = pre->dd;
		pre->df = NULL;
		pre->dd = NULL;
		*why = pre->why;
		return;
	}
	c->df = dwarf_fields_open(obj_path);
	*why = dwarf_fields_open_error();
	c->dd = dwarf_dispatch_open(c->df);
}

void objects_unit_init(struct unit_ctx *c, const struct ci_unit *u)
{
	memset(c, 0, sizeof(*c));
	c->u = u;
	c->obj.fd = -1;
	c->titles.u = u;
}

void objects_unit_release(struct unit_ctx *c)
{
	registry_rows_free(c->registry);
	dwarf_callsites_free(c->sites);
	dwarf_dispatch_close(c->dd);
	dwarf_fields_close(c->df);
	objects_elf_release(&c->obj);
	objects_sources_release(&c->src);
	ci_titles_release(&c->titles);
	strvec_clear(&c->said);
	objects_unit_init(c, NULL);
}

/* Keep a warning of the read for when the unit is stored. */
static void say(struct unit_ctx *c, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void say(struct unit_ctx *c, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	strvec_push(&c->said, strbuf_str(&sb));
	strbuf_release(&sb);
}

/* See objects_int.h. */
void objects_unit_read(struct unit_ctx *c, struct objects_pre *pre,
		       const char *obj_path, int arguments)
{
	const char *why;
	int err;

	if (!obj_path || access(obj_path, F_OK))
		return;
	elf_version(EV_CURRENT);
	errno = 0;
	if (objects_elf_open(&c->obj, obj_path) ||
	    objects_read_sections(&c->obj) ||
	    objects_read_symbols(&c->obj, c->u, &c->titles)) {
		err = elf_errno();
		say(c,
		    "cannot read object file '%s' (%s); its functions'"
		    " sections and references are left out",
		    obj_path,
		    c->obj.why ? c->obj.why
		    : err      ? elf_errmsg(err)
		    : errno    ? strerror(errno)
			       : "not a relocatable ELF file");
		return;
	}
	c->have_obj = 1;
	if (c->obj.unnamed)
		say(c,
		    "object file '%s' has %zu sections without a name; the"
		    " section of their functions is stored as ''",
		    obj_path, c->obj.unnamed);
	objects_read_relocations(&c->obj);
	take_dwarf(c, pre, obj_path, &why);
	if (!c->df && c->obj.has_debug && *why)
		say(c,
		    "cannot read the DWARF of object file '%s' (%s); its"
		    " struct member facts are left out",
		    obj_path, why);
	read_registry(c);
	if (arguments)
		c->sites = dwarf_callsites_read(c->u, c->df, ci_has_title,
						&c->titles);
}
