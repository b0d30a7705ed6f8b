/*
 * gen-ci.c - write a synthetic tree of GCC call-graph (.ci) files with the
 * statistics of the Xen allyesconfig corpus, at any size, for the scale
 * benchmarks (make bench-scale) and the tests.
 *
 *   gen-ci [-s SCALE] [-r SEED] DIR
 *
 * SCALE 1 (the default) is about the size of Xen allyesconfig: 444 units,
 * ~5,400 defined functions, ~84,000 call sites, ~900 indirect call sites;
 * SCALE 100 is about a Linux kernel. What the real corpus has, the tree has:
 * global and static functions, static names defined in several units
 * (including static inline functions of headers), GCC clones (.isra.0,
 * .constprop.0, .part.0, .cold) with the calls between their parts,
 * declared-only callees, indirect calls, a duplicate global definition,
 * and cycles (back edges into a layered call graph, which make one large
 * strongly connected component as in the real corpus). Functions named
 * do_memory_op, _xmalloc and alloc_domheap_pages exist at every size, so
 * the same queries run on every tree. The output depends only on SCALE
 * and SEED.
 */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Per unit of SCALE 1 (from the Xen allyesconfig corpus). */
#define UNITS		 444
#define GLOBALS_PER_UNIT 7     /* defined global functions */
#define STATICS_PER_UNIT 4     /* unit-local static functions */
#define INLINES_PER_UNIT 2     /* static inline functions of headers */
#define HEADER_INLINES	 120   /* distinct header inline names (SCALE 1) */
#define SHARED_STATICS	 40    /* static names reused by several units */
#define LEVELS		 14    /* call depth of the layered graph */
#define MEAN_CALLEES	 4.7   /* distinct callees of a function */
#define MEAN_SITES	 3.3   /* call sites of one caller/callee pair */
#define BACK_EDGE	 0.012 /* a call to anywhere: makes cycles */
#define EXTERNAL	 0.01  /* a call to a function defined nowhere */
#define INDIRECT	 0.17  /* functions with an indirect call */
#define CLONE		 0.01  /* functions GCC splits into a clone */

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

struct rng {
	uint64_t s;
};

static uint64_t next(struct rng *r)
{
	/* xorshift64* */
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 0x2545F4914F6CDD1DULL;
}

static double uniform(struct rng *r)
{
	return (double)(next(r) >> 11) / 9007199254740992.0;
}

static uint64_t below(struct rng *r, uint64_t n)
{
	return n ? next(r) % n : 0;
}

/* A geometric count of mean MEAN (at least 1), capped. */
static unsigned geometric(struct rng *r, double mean, unsigned cap)
{
	double p = 1.0 / mean;
	unsigned k = 1;

	while (k < cap && uniform(r) > p)
		k++;
	return k;
}

struct gen {
	unsigned nu; /* units */
	unsigned ng; /* global functions */
	unsigned nh; /* header inline names */
	unsigned ns; /* shared static names */
	uint64_t seed;
	const char *dir;
};

enum { DO_MEMORY_OP, XMALLOC, ALLOC_DOMHEAP_PAGES, MEMMOVE, NR_SPECIAL };

static const char *const special[NR_SPECIAL] = {
	"do_memory_op",
	"_xmalloc",
	"alloc_domheap_pages",
	"memmove",
};

/* Level of global G: callers call deeper levels (mostly). */
static unsigned global_level(const struct gen *g, unsigned i)
{
	struct rng r = {(i + 1) * 0x9E3779B97F4A7C15ULL ^ g->seed};

	switch (i) {
	case DO_MEMORY_OP:
		return 1;
	case XMALLOC:
	case ALLOC_DOMHEAP_PAGES:
		return LEVELS - 3;
	case MEMMOVE:
		return LEVELS - 1;
	}
	next(&r);
	return (unsigned)below(&r, LEVELS);
}

static void global_name(unsigned i, char *buf, size_t len)
{
	if (i < NR_SPECIAL)
		snprintf(buf, len, "%s", special[i]);
	else
		snprintf(buf, len, "fn_%u", i);
}

/* The folders the units are spread over, as in a Xen tree. */
static const char *const dirs[] = {
	"common",
	"arch/x86",
	"arch/x86/mm",
	"arch/x86/hvm",
	"drivers/passthrough",
	"xsm/flask",
	"common/sched",
	"lib",
};

static void unit_path(unsigned u, char *buf, size_t len)
{
	snprintf(buf, len, "%s/unit%u.c", dirs[u % 8], u);
}

/* A function defined in the unit being written. */
struct fn {
	char title[256]; /* node title */
	char name[96];	 /* source name */
	char file[128];	 /* file of the definition */
	unsigned level;
	int line;
	int clone; /* index of its clone in the unit, or -1 */
	int is_clone;
};

struct unit {
	struct fn *f;
	size_t nr, alloc;
	char **declared; /* titles of declared-only callees */
	size_t nr_declared, alloc_declared;
};

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		fprintf(stderr, "gen-ci: out of memory\n");
		exit(1);
	}
	return p;
}

static struct fn *add_fn(struct unit *u)
{
	if (u->nr == u->alloc) {
		u->alloc = u->alloc ? 2 * u->alloc : 64;
		u->f = xrealloc(u->f, u->alloc * sizeof(*u->f));
	}
	memset(&u->f[u->nr], 0, sizeof(u->f[0]));
	u->f[u->nr].clone = -1;
	return &u->f[u->nr++];
}

static int find_fn(const struct unit *u, const char *title)
{
	size_t i;

	for (i = 0; i < u->nr; i++)
		if (!strcmp(u->f[i].title, title))
			return (int)i;
	return -1;
}

static void declare(struct unit *u, const char *title)
{
	size_t i;

	for (i = 0; i < u->nr_declared; i++)
		if (!strcmp(u->declared[i], title))
			return;
	if (u->nr_declared == u->alloc_declared) {
		u->alloc_declared =
			u->alloc_declared ? 2 * u->alloc_declared : 64;
		u->declared = xrealloc(
			u->declared, u->alloc_declared * sizeof(*u->declared));
	}
	u->declared[u->nr_declared] = strdup(title);
	if (!u->declared[u->nr_declared])
		exit(1);
	u->nr_declared++;
}

static const char *const clone_suffix[] = {
	".isra.0",
	".constprop.0",
	".part.0",
	".cold",
};

static void emit_site(FILE *fp, struct rng *r, const char *from, const char *to,
		      const struct fn *f)
{
	fprintf(fp,
		"edge: { sourcename: \"%s\" targetname: \"%s\" "
		"label: \"%s:%d:%u\" }\n",
		from, to, f->file, f->line + 1 + (int)below(r, 60),
		5 + (unsigned)below(r, 40));
}

/* Pick a callee for F: a title to call, in the unit or declared. */
static void pick_callee(const struct gen *g, struct rng *r,
			const struct unit *u, const struct fn *f,
			const char *upath, char *out, size_t len)
{
	unsigned i, tries;

	/* a static of the same unit, deeper */
	if (uniform(r) < 0.25) {
		for (tries = 0; tries < 8; tries++) {
			const struct fn *c = &u->f[below(r, u->nr)];

			if (!c->is_clone && c != f && c->level > f->level &&
			    strchr(c->title, ':')) {
				snprintf(out, len, "%s", c->title);
				return;
			}
		}
	}
	if (uniform(r) < EXTERNAL) {
		snprintf(out, len, "__ext_builtin_%u", (unsigned)below(r, 50));
		return;
	}
	if (uniform(r) < BACK_EDGE) {
		i = (unsigned)below(r, g->ng);
	} else {
		/* popular functions (locks, printk) get a share of calls */
		int popular = uniform(r) < 0.3;

		for (tries = 0; tries < 32; tries++) {
			i = popular ? (unsigned)below(r,
						      NR_SPECIAL + g->ng / 50)
				    : (unsigned)below(r, g->ng);
			if (i < g->ng && global_level(g, i) > f->level)
				break;
		}
		if (tries == 32)
			i = MEMMOVE;
	}
	(void)upath;
	global_name(i, out, len);
}

static int write_unit(const struct gen *g, unsigned ui)
{
	struct rng r = {g->seed ^ ((uint64_t)(ui + 1) * 0xD1B54A32D192ED03ULL)};
	struct unit u = {0};
	char upath[128], path[512], callee[256];
	const char *slash;
	unsigned i, k, nr_defs;
	size_t fi;
	FILE *fp;
	int ret = 0;

	next(&r);
	unit_path(ui, upath, sizeof(upath));
	/* globals defined here: global I lives in unit I % NU */
	for (k = ui; k < g->ng + g->nu; k += g->nu) {
		struct fn *f;

		i = k;
		if (i >= g->ng) {
			if (ui != 1) /* memmove is defined twice */
				break;
			i = MEMMOVE;
		}
		f = add_fn(&u);
		global_name(i, f->name, sizeof(f->name));
		snprintf(f->title, sizeof(f->title), "%s", f->name);
		snprintf(f->file, sizeof(f->file), "%s", upath);
		f->level = global_level(g, i);
	}
	/* statics: own names, shared names, header inlines */
	for (k = 0; k < STATICS_PER_UNIT + INLINES_PER_UNIT; k++) {
		struct fn *f = add_fn(&u);

		if (k >= STATICS_PER_UNIT) {
			unsigned h = (unsigned)below(&r, g->nh);

			snprintf(f->name, sizeof(f->name), "hdr_inline_%u", h);
			snprintf(f->file, sizeof(f->file),
				 "./include/xen/hdr%u.h", h % 97);
			f->level = LEVELS - 2;
		} else {
			if (uniform(&r) < 0.15)
				snprintf(f->name, sizeof(f->name),
					 "init_one_%u",
					 (unsigned)below(&r, g->ns));
			else
				snprintf(f->name, sizeof(f->name), "st_%u_%u",
					 ui, k);
			snprintf(f->file, sizeof(f->file), "%s", upath);
			f->level = 1 + (unsigned)below(&r, LEVELS - 1);
		}
		snprintf(f->title, sizeof(f->title), "%s:%s", upath, f->name);
		u.nr--;
		if (find_fn(&u, f->title) < 0) /* not the same name twice */
			u.nr++;
	}
	/* clones */
	nr_defs = (unsigned)u.nr;
	for (fi = 0; fi < nr_defs; fi++) {
		struct fn *f, *c;
		const char *sfx;

		if (uniform(&r) >= CLONE)
			continue;
		sfx = clone_suffix[below(&r, ARRAY_LEN(clone_suffix))];
		c = add_fn(&u);
		f = &u.f[fi];
		if (strchr(f->title, ':'))
			snprintf(c->title, sizeof(c->title), "%s%s", f->title,
				 sfx);
		else /* a global's clone is a local symbol of its unit */
			snprintf(c->title, sizeof(c->title), "%s:%s%s", upath,
				 f->name, sfx);
		snprintf(c->name, sizeof(c->name), "%s%s", f->name, sfx);
		snprintf(c->file, sizeof(c->file), "%s", f->file);
		c->level = f->level;
		c->is_clone = 1;
		f->clone = (int)(u.nr - 1);
	}
	for (fi = 0; fi < u.nr; fi++)
		u.f[fi].line = 10 + (int)fi * 70;

	slash = strrchr(upath, '/');
	snprintf(path, sizeof(path), "%s/%.*s/.%.*s.o.ci", g->dir,
		 (int)(slash - upath), upath, (int)(strlen(slash + 1) - 2),
		 slash + 1);
	fp = fopen(path, "w");
	if (!fp) {
		fprintf(stderr, "gen-ci: cannot write '%s': %s\n", path,
			strerror(errno));
		return -1;
	}
	fprintf(fp, "graph: { title: \"%s\"\n", upath);
	for (fi = 0; fi < u.nr; fi++) {
		const struct fn *f = &u.f[fi];

		fprintf(fp,
			"node: { title: \"%s\" label: \"%s\\n%s:%d:%d\\n"
			"%u bytes (%s)\\n%u dynamic objects\" }\n",
			f->title, f->name, f->file, f->line, 5 + (int)(fi % 20),
			16 * (1 + (unsigned)below(&r, 20)),
			below(&r, 10) ? "static" : "dynamic,bounded",
			(unsigned)below(&r, 2));
	}
	for (fi = 0; fi < u.nr; fi++) {
		const struct fn *f = &u.f[fi];
		unsigned n = geometric(&r, MEAN_CALLEES, 60), c, s;

		if (f->is_clone)
			continue;
		if (f->clone >= 0) /* the call into its clone */
			emit_site(fp, &r, f->title, u.f[f->clone].title, f);
		for (c = 0; c < n; c++) {
			const struct fn *from = f;
			unsigned sites = geometric(&r, MEAN_SITES, 40);

			if (f->clone >= 0 && (c & 1))
				from = &u.f[f->clone];
			pick_callee(g, &r, &u, f, upath, callee,
				    sizeof(callee));
			if (!strcmp(callee, f->name) ||
			    !strcmp(callee, f->title))
				continue;
			if (find_fn(&u, callee) < 0)
				declare(&u, callee);
			for (s = 0; s < sites; s++)
				emit_site(fp, &r, from->title, callee, from);
		}
		if (uniform(&r) < INDIRECT) {
			declare(&u, "__indirect_call");
			emit_site(fp, &r, f->title, "__indirect_call", f);
		}
	}
	for (fi = 0; fi < u.nr_declared; fi++) {
		const char *t = u.declared[fi];

		if (!strcmp(t, "__indirect_call"))
			fprintf(fp, "node: { title: \"__indirect_call\" label: "
				    "\"Indirect Call Placeholder\" shape : "
				    "ellipse }\n");
		else
			fprintf(fp,
				"node: { title: \"%s\" label: \"%s\\n"
				"./include/xen/decl.h:%u:5\" shape : ellipse "
				"}\n",
				t, t, 10 + (unsigned)below(&r, 900));
		free(u.declared[fi]);
	}
	fprintf(fp, "}\n");
	if (ferror(fp) | fclose(fp)) {
		fprintf(stderr, "gen-ci: cannot write '%s'\n", path);
		ret = -1;
	}
	free(u.f);
	free(u.declared);
	return ret;
}

static int mkdirs(const char *path)
{
	char buf[1024], *p;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, 0755) && errno != EEXIST ? -1 : 0;
}

int main(int argc, char **argv)
{
	struct gen g;
	double scale = 1.0;
	char sub[600];
	unsigned i;
	int opt;

	memset(&g, 0, sizeof(g));
	g.seed = 1;
	while ((opt = getopt(argc, argv, "s:r:")) != -1) {
		switch (opt) {
		case 's':
			scale = atof(optarg);
			break;
		case 'r':
			g.seed = strtoull(optarg, NULL, 10);
			break;
		default:
			goto usage;
		}
	}
	if (optind != argc - 1 || scale <= 0)
		goto usage;
	g.dir = argv[optind];
	g.nu = (unsigned)(UNITS * scale + 0.5);
	if (g.nu < 2)
		g.nu = 2;
	g.ng = g.nu * GLOBALS_PER_UNIT;
	g.nh = (unsigned)(HEADER_INLINES * scale + 0.5) + 1;
	g.ns = (unsigned)(SHARED_STATICS * scale + 0.5) + 1;
	g.seed = g.seed * 0x9E3779B97F4A7C15ULL + 1;
	for (i = 0; i < 8; i++) {
		snprintf(sub, sizeof(sub), "%s/%s", g.dir, dirs[i]);
		if (mkdirs(sub)) {
			fprintf(stderr, "gen-ci: cannot create '%s': %s\n", sub,
				strerror(errno));
			return 1;
		}
	}
	for (i = 0; i < g.nu; i++)
		if (write_unit(&g, i))
			return 1;
	return 0;
usage:
	fprintf(stderr, "usage: gen-ci [-s SCALE] [-r SEED] DIR\n");
	return 2;
}
