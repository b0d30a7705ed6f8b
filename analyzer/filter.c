/*
 * filter.c - path filters turned into per-function flags.
 */
#include "filter.h"
#include "graph.h"

#include <fnmatch.h>
#include <string.h>

void filter_release(struct filter *f)
{
	strvec_clear(&f->exclude);
	strvec_clear(&f->only);
	strvec_clear(&f->stop);
	strvec_clear(&f->exclude_file);
}

/* Does the unit part of static NAME ("unit:base") end with FILE? */
static int unit_ends_with(const char *name, const char *base, const char *file,
			  size_t flen)
{
	size_t ulen;

	if (base == name)
		return 0; /* a global function has no unit in its name */
	ulen = (size_t)(base - name) - 1;
	if (flen > ulen || memcmp(name + ulen - flen, file, flen))
		return 0;
	return flen == ulen || name[ulen - flen - 1] == '/';
}

int filter_name_matches(const char *pat, const char *name, const char *base)
{
	const char *hash = strrchr(pat, '#');

	if (hash) {
		/* Xen's "file.c#name": a static function of that file */
		return unit_ends_with(name, base, skip_dot_slash(pat),
				      (size_t)(hash - skip_dot_slash(pat))) &&
		       !fnmatch(hash + 1, base, 0);
	}
	if (strchr(pat, ':'))
		return !fnmatch(pat, name, 0);
	return !fnmatch(pat, base, 0);
}

static int any_name(const struct strvec *pats, const struct gfunc *f)
{
	size_t i;

	for (i = 0; i < pats->nr; i++)
		if (filter_name_matches(pats->v[i], f->name, f->base))
			return 1;
	return 0;
}

static int any_file(const struct strvec *pats, const struct gfunc *f)
{
	const char *file = skip_dot_slash(f->file);
	const char *unit = skip_dot_slash(f->unit);
	size_t i;

	if (!(f->flags & GF_DEFINED))
		return 0;
	for (i = 0; i < pats->nr; i++)
		if ((*file && !fnmatch(pats->v[i], file, 0)) ||
		    (*unit && !fnmatch(pats->v[i], unit, 0)))
			return 1;
	return 0;
}

unsigned char *filter_flags(const struct filter *flt, const struct graph *g)
{
	unsigned char *flags = xcalloc((size_t)g->nr + 1, 1);
	uint32_t i;

	for (i = 0; i < g->nr; i++) {
		const struct gfunc *f = &g->f[i];

		if (any_name(&flt->exclude, f) ||
		    any_file(&flt->exclude_file, f) ||
		    (flt->excluded && flt->excluded[i]))
			flags[i] |= NF_EXCLUDED;
		if (flt->only.nr && !any_name(&flt->only, f))
			flags[i] |= NF_NOT_ONLY;
		if (any_name(&flt->stop, f))
			flags[i] |= NF_STOP;
	}
	return flags;
}
