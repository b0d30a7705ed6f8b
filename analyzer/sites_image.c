/*
 * sites_image.c - the call-site image: every call site but internal ones,
 * in one blob that readers of many calls (export) load in one read.
 *
 * Layout: a header, then per (caller, callee) pair in ascending order its
 * caller as the difference from the previous pair's, its callee (the
 * difference from the previous callee of the same caller, else the id),
 * its number of sites, and its sites sorted by file rank, line, column:
 * each the difference from the previous site of the pair where the
 * earlier keys agree, else the value. Every number is an unsigned LEB128
 * varint (most take one or two bytes instead of four). The file names
 * follow, sorted, each ending in NUL. Reading decodes it into the arrays
 * of struct graph_db_sites.
 */
#include "graph_db.h"
#include "util.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

/*
 * Version 3 is laid out as version 2 was; the graph image stored with it
 * records its stamp (graph_db_sites_stamp()), which an older ingest's did
 * not: the next ingest makes both again.
 */
static const char sites_magic[8] = {'C', 'R', 'S', 'I', 'T', 'E', 'S', 3};

struct sites_header {
	char magic[8];
	uint32_t nr_pairs, nr_sites, nr_files, strings_len;
};

static void put_varint(struct strbuf *sb, uint32_t v)
{
	unsigned char b[5];
	size_t n = 0;

	while (v >= 0x80) {
		b[n++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	b[n++] = (unsigned char)v;
	strbuf_add(sb, b, n);
}

/* get_varint() of a number of more than one byte. */
static int get_long_varint(const unsigned char **p, const unsigned char *end,
			   uint32_t *v)
{
	uint32_t r = 0;
	unsigned shift;

	for (shift = 0; *p < end && shift < 35; shift += 7) {
		unsigned char c = *(*p)++;

		r |= (uint32_t)(c & 0x7f) << shift;
		if (!(c & 0x80)) {
			*v = r;
			return 0;
		}
	}
	return -1;
}

/* The varint at *P before END into *V: 0, or -1 when it is cut short. */
static inline int get_varint(const unsigned char **p,
			     const unsigned char *end, uint32_t *v)
{
	const unsigned char *q = *p;

	if (q < end && *q < 0x80) { /* most numbers: one byte */
		*v = *q;
		*p = q + 1;
		return 0;
	}
	if (end - q >= 2 && q[1] < 0x80) { /* most lines: two */
		*v = (uint32_t)(q[0] & 0x7f) | (uint32_t)q[1] << 7;
		*p = q + 2;
		return 0;
	}
	return get_long_varint(p, end, v);
}

static int site_key_less(const struct site_in *x, const struct site_in *y)
{
	if (x->caller != y->caller)
		return x->caller < y->caller;
	if (x->callee != y->callee)
		return x->callee < y->callee;
	if (x->file != y->file)
		return x->file < y->file;
	if (x->line != y->line)
		return x->line < y->line;
	return x->col < y->col;
}

/* Append the pairs and sites of SITES[0 .. NR) to IMG; the pair count. */
static uint32_t put_sites(struct strbuf *img, const struct site_in *sites,
			  size_t nr, size_t nr_files, uint32_t *nr_sites)
{
	const struct site_in *prev = NULL;
	uint32_t nr_pairs = 0;
	size_t i, j;

	*nr_sites = 0;
	for (i = 0; i < nr; i = j) {
		const struct site_in *s = &sites[i], *ps = NULL;
		uint32_t n = 0;

		if (s->flags & SITE_INTERNAL) {
			j = i + 1;
			continue;
		}
		if (prev && !site_key_less(prev, s))
			BUG("call sites not sorted");
		for (j = i; j < nr && sites[j].caller == s->caller &&
			    sites[j].callee == s->callee;
		     j++)
			n += !(sites[j].flags & SITE_INTERNAL);
		put_varint(img, (uint32_t)(s->caller - (prev ? prev->caller : 0)));
		put_varint(img, (uint32_t)(prev && prev->caller == s->caller
						   ? s->callee - prev->callee
						   : s->callee));
		put_varint(img, n);
		for (; i < j; i++) {
			const struct site_in *t = &sites[i];

			if (t->flags & SITE_INTERNAL)
				continue;
			if (t->file >= nr_files)
				BUG("call site of unknown file %u", t->file);
			if (ps && site_key_less(t, ps))
				BUG("call sites not sorted");
			put_varint(img, t->file - (ps ? ps->file : 0));
			if (!ps || ps->file != t->file) {
				put_varint(img, (uint32_t)t->line);
				put_varint(img, (uint32_t)t->col);
			} else if (ps->line != t->line) {
				put_varint(img, (uint32_t)(t->line - ps->line));
				put_varint(img, (uint32_t)t->col);
			} else {
				put_varint(img, 0);
				put_varint(img, (uint32_t)(t->col - ps->col));
			}
			ps = t;
			prev = t;
		}
		nr_pairs++;
		*nr_sites += n;
	}
	return nr_pairs;
}

void sites_image_encode(struct strbuf *img, const struct site_in *sites,
			size_t nr, const char *const *files, size_t nr_files)
{
	struct sites_header h;
	size_t i, at = img->len;

	for (i = 1; i < nr_files; i++)
		if (strcmp(files[i - 1], files[i]) > 0)
			BUG("file names not sorted");
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, sites_magic, sizeof(h.magic));
	strbuf_add(img, &h, sizeof(h));
	h.nr_pairs = put_sites(img, sites, nr, nr_files, &h.nr_sites);
	h.nr_files = (uint32_t)nr_files;
	for (i = 0; i < nr_files; i++) {
		size_t len = strlen(files[i]) + 1;

		strbuf_add(img, files[i], len);
		h.strings_len += (uint32_t)len;
	}
	memcpy(img->buf + at, &h, sizeof(h));
}

int graph_db_store_sites_image(struct graph_db *gdb, const struct strbuf *img)
{
	return graph_db_write_image(gdb, "sites_image", img->buf, img->len,
				    "storing the call sites");
}

int graph_db_sites_current(struct graph_db *gdb)
{
	return graph_db_image_current(gdb, "sites_image", sites_magic);
}

/*
 * The next site of C at C->p, before END, into C's FILE, LINE and COL:
 * each number the difference from the pair's previous site where the
 * earlier keys agree, else the value. 0, or -1 when cut short.
 */
static inline int decode_site(struct graph_db_site_cursor *c,
			      const unsigned char *end)
{
	const unsigned char *p = c->p;
	uint32_t df, dl, dc;

	if (end - p >= 3 && !((p[0] | p[1] | p[2]) & 0x80)) {
		/* most sites: three one-byte numbers */
		df = p[0];
		dl = p[1];
		dc = p[2];
		p += 3;
	} else if (get_varint(&p, end, &df) || get_varint(&p, end, &dl) ||
		   get_varint(&p, end, &dc)) {
		return -1;
	}
	c->p = p;
	if (c->first || df) {
		c->file = (c->first ? 0 : c->file) + df;
		c->line = dl;
		c->col = dc;
	} else if (dl) {
		c->line += dl;
		c->col = dc;
	} else {
		c->col += dc;
	}
	c->first = 0;
	return 0;
}

/*
 * Past the N sites of a pair at P, before END, checked: each number
 * whole, each file one of the NR_FILES (lines and columns need no check:
 * every number is one). NULL when one is not.
 */
static const unsigned char *skip_sites(const unsigned char *p,
				       const unsigned char *end, uint32_t n,
				       uint32_t nr_files)
{
	uint32_t file = 0, df, num;

	for (; n; n--) {
		if (get_varint(&p, end, &df) || get_varint(&p, end, &num) ||
		    get_varint(&p, end, &num))
			return NULL;
		/* the first site's file, then the difference from it */
		if (df >= nr_files - file)
			return NULL;
		file += df;
	}
	return p;
}

/*
 * Check the pairs and sites of P .. END and index the pairs into SI's
 * arrays: 0, or -1 when damaged or when *STOP (if STOP) is set.
 */
static int index_pairs(struct graph_db_sites *si, const unsigned char *p,
		       const unsigned char *end, uint32_t nr_files,
		       atomic_int *stop)
{
	uint32_t *caller = (uint32_t *)si->caller,
		 *callee = (uint32_t *)si->callee,
		 *start = (uint32_t *)si->start, *at = (uint32_t *)si->at;
	const unsigned char *data = (const unsigned char *)si->data;
	uint32_t i, k = 0, v, n;

	for (i = 0; i < si->nr_pairs; i++) {
		if (stop && !(i % 4096) &&
		    atomic_load_explicit(stop, memory_order_relaxed))
			return -1;
		if (get_varint(&p, end, &v))
			return -1;
		caller[i] = (i ? caller[i - 1] : 0) + v;
		if (get_varint(&p, end, &v))
			return -1;
		/* pairs ascend: a caller's next callee is a larger id */
		if (i && caller[i] == caller[i - 1]) {
			if (!v || v > UINT32_MAX - callee[i - 1])
				return -1;
			callee[i] = callee[i - 1] + v;
		} else {
			callee[i] = v;
		}
		if ((i && caller[i] < caller[i - 1]) ||
		    get_varint(&p, end, &n) || n > si->nr_sites - k)
			return -1;
		start[i] = k;
		at[i] = (uint32_t)(p - data);
		k += n;
		p = skip_sites(p, end, n, nr_files);
		if (!p)
			return -1;
	}
	start[i] = k;
	return k == si->nr_sites && p == end ? 0 : -1;
}

/* SI's pairs by caller id, when the ids are dense: see graph_db.h. */
static void index_callers(struct graph_db_sites *si)
{
	uint32_t i, id, lo, hi;

	if (!si->nr_pairs)
		return;
	lo = si->caller[0];
	hi = si->caller[si->nr_pairs - 1];
	if ((uint64_t)hi - lo > 4 * (uint64_t)si->nr_pairs + 1024)
		return;
	si->by_caller =
		xmalloc(((size_t)(hi - lo) + 2) * sizeof(*si->by_caller));
	for (i = 0, id = lo; i < si->nr_pairs; i++)
		while (id <= si->caller[i]) /* the ids up to this caller */
			si->by_caller[id++ - lo] = i;
	si->by_caller[hi - lo + 1] = si->nr_pairs;
	si->min_caller = lo;
	si->max_caller = hi;
}

void graph_db_sites_begin(const struct graph_db_sites *si, uint32_t pair,
			  struct graph_db_site_cursor *c)
{
	memset(c, 0, sizeof(*c));
	c->p = (const unsigned char *)si->data + si->at[pair];
	c->left = si->start[pair + 1] - si->start[pair];
	c->first = 1;
}

int graph_db_sites_next(const struct graph_db_sites *si,
			struct graph_db_site_cursor *c, const char **file,
			int *line, int *col)
{
	if (!c->left)
		return 0;
	/* checked when opened: no site is cut short, none names no file */
	decode_site(c, si->end);
	c->left--;
	*file = si->strings + si->file_off[c->file];
	*line = (int)c->line;
	*col = (int)c->col;
	return 1;
}

/* Where each of the NR NUL-ended names of S .. S + LEN starts: 0 or -1. */
static int get_file_offsets(uint32_t *off, uint32_t nr, const char *s,
			    uint32_t len)
{
	uint32_t i, at = 0;

	for (i = 0; i < nr; i++) {
		const char *nul = at < len ? memchr(s + at, '\0', len - at)
					   : NULL;

		if (!nul)
			return -1;
		off[i] = at;
		at = (uint32_t)(nul - s) + 1;
	}
	return at == len ? 0 : -1;
}

uint32_t graph_db_sites_stamp(const char *image, size_t len)
{
	uint32_t stamp = (uint32_t)XXH3_64bits(image, len);

	return stamp ? stamp : 1; /* 0 is for no stamp */
}

int graph_db_sites_adopt(struct graph_db_sites *si, char *image, size_t len,
			 atomic_int *stop)
{
	struct sites_header h;
	size_t words;
	uint32_t *p;

	memset(si, 0, sizeof(*si));
	si->data = image;
	if (len < sizeof(h))
		goto damaged;
	memcpy(&h, si->data, sizeof(h));
	/*
	 * each pair takes three bytes at least, each site three, each file
	 * name one
	 */
	if (memcmp(h.magic, sites_magic, sizeof(sites_magic)) ||
	    h.strings_len > len - sizeof(h) || h.nr_files > h.strings_len ||
	    3 * ((size_t)h.nr_pairs + h.nr_sites) >
		    len - sizeof(h) - h.strings_len)
		goto damaged;
	words = 4 * (size_t)h.nr_pairs + 1 + h.nr_files;
	si->index = p = xmalloc(words * sizeof(*p));
	si->caller = p;
	si->callee = p += h.nr_pairs;
	si->at = p += h.nr_pairs;
	si->start = p += h.nr_pairs;
	si->file_off = p += h.nr_pairs + 1;
	si->nr_pairs = h.nr_pairs;
	si->nr_sites = h.nr_sites;
	si->strings = si->data + len - h.strings_len;
	si->end = (const unsigned char *)si->strings;
	if (get_file_offsets(p, h.nr_files, si->strings, h.strings_len) ||
	    index_pairs(si, (const unsigned char *)si->data + sizeof(h),
			si->end, h.nr_files, stop))
		goto damaged;
	index_callers(si);
	return 1;
damaged:
	graph_db_sites_close(si);
	return 0;
}

int graph_db_sites_open(struct graph_db *gdb, struct graph_db_sites *si)
{
	char *image;
	size_t len;

	memset(si, 0, sizeof(*si));
	if (graph_db_read_image(gdb, "sites_image", &image, &len))
		return 0;
	return graph_db_sites_adopt(si, image, len, NULL);
}
