/*
 * report_builds.c - the overview of a report over several builds: a table
 * of builds x targets whose counts all come from report_build_counts(),
 * and the differences between the builds. A difference is an allocation
 * site (a function calling a target on some path), an (entry, target)
 * pair or a listed path that some builds have and others lack; each shows
 * the first build having it (builds are given in release order, so this
 * answers "which release introduced it?"), the builds with and without
 * it, and a witness path. Names are data: they go through html_escape().
 */
#include "report_builds.h"
#include "html.h"
#include "report_html.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DIFFS 200 /* differences listed per kind on the page */

enum diff_kind { DIFF_SITE, DIFF_PAIR, DIFF_PATH, DIFF_KIND_COUNT };

static const char *const diff_id[DIFF_KIND_COUNT] = {"sites", "pairs", "paths"};
static const char *const diff_title[DIFF_KIND_COUNT] = {
	"Allocation sites", "Entry and target pairs", "Paths"};

static const char *const diff_head[DIFF_KIND_COUNT] = {
	"site (caller \xe2\x80\xba target)", "entry \xe2\x80\xba target",
	"path"};

/* One key (names joined by '\n') of one build. */
struct diff_key {
	char *key;
	size_t build;
	size_t path; /* a path's index in the build's listing, or SIZE_MAX */
};

/* A key some builds have and others lack. */
struct diff_item {
	const char *key;
	unsigned char *in; /* per build: has it */
	size_t first;	   /* the first build having it */
	size_t path;	   /* a path's index in that build, or SIZE_MAX */
};

struct diff_set {
	struct diff_key *keys;
	size_t nr_keys, alloc_keys;
	struct diff_item *items;
	size_t nr_items, alloc_items;
	size_t *only, *missing; /* per build: only there, lacking there */
};

/* ---- counts ---- */

static const char *last_fn(const struct review_path *p)
{
	return p->functions.nr ? p->functions.v[p->functions.nr - 1] : "";
}

void report_build_counts(const struct report_build *b, const char *target,
			 struct build_target_counts *out)
{
	const struct review *rv = &b->rv;
	size_t i;

	struct strvec anon = {0};

	memset(out, 0, sizeof(*out));
	out->present = strvec_has(&b->targets, target);
	for (i = 0; i < rv->nr_pairs; i++)
		out->entries += !strcmp(rv->pairs[i].target, target);
	for (i = 0; i < rv->nr_edges; i++)
		out->sites += !strcmp(rv->edges[i].callee, target);
	for (i = 0; i < rv->nr_paths; i++) {
		const struct review_path *p = &rv->paths[i];

		if (strcmp(last_fn(p), target))
			continue;
		out->paths++;
		out->by_verdict[p->verdict]++;
		if (p->cls < 0 || p->cls >= ACLASS_COUNT)
			continue;
		out->classified = 1;
		out->by_class[p->cls]++;
		/* the site is the call into the target: its caller */
		if (p->cls == ACLASS_ANONYMOUS && p->functions.nr > 1 &&
		    !strvec_has(&anon, p->functions.v[p->functions.nr - 2]))
			strvec_push(&anon, p->functions.v[p->functions.nr - 2]);
	}
	out->anonymous_sites = anon.nr;
	strvec_clear(&anon);
}

void report_build_release(struct report_build *b)
{
	free(b->label);
	free(b->page);
	if (b->have_rv)
		review_release(&b->rv);
	strvec_clear(&b->targets);
	memset(b, 0, sizeof(*b));
}

/* Every target of the builds, in the order the builds name them. */
static void all_targets(const struct report_build *b, size_t nr,
			struct strvec *out)
{
	size_t i, k;

	for (i = 0; i < nr; i++)
		for (k = 0; k < b[i].targets.nr; k++)
			if (!strvec_has(out, b[i].targets.v[k]))
				strvec_push(out, b[i].targets.v[k]);
}

/* ---- differences ---- */

static void add_key(struct diff_set *d, size_t build, size_t path, char *key)
{
	ALLOC_GROW(d->keys, d->nr_keys + 1, d->alloc_keys);
	d->keys[d->nr_keys].key = key;
	d->keys[d->nr_keys].path = path;
	d->keys[d->nr_keys++].build = build;
}

static char *join_names(const struct strvec *sv)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < sv->nr; i++) {
		if (i)
			strbuf_addch(&sb, '\n');
		strbuf_addstr(&sb, sv->v[i]);
	}
	return strbuf_detach(&sb);
}

/* The key "A\nB" of a call site (caller, target) or a pair. */
static void add_two_key(struct diff_set *d, size_t build, const char *a,
			const char *b)
{
	add_key(d, build, SIZE_MAX, xstrfmt("%s\n%s", a, b));
}

static void collect_keys(const struct report_build *b, size_t build,
			 enum diff_kind kind, struct diff_set *d)
{
	const struct review *rv = &b->rv;
	size_t i;

	switch (kind) {
	case DIFF_SITE:
		for (i = 0; i < rv->nr_edges; i++)
			if (strvec_has(&b->targets, rv->edges[i].callee))
				add_two_key(d, build, rv->edges[i].caller,
					    rv->edges[i].callee);
		break;
	case DIFF_PAIR:
		for (i = 0; i < rv->nr_pairs; i++)
			add_two_key(d, build, rv->pairs[i].entry,
				    rv->pairs[i].target);
		break;
	case DIFF_PATH:
		for (i = 0; i < rv->nr_paths; i++)
			add_key(d, build, i,
				join_names(&rv->paths[i].functions));
		break;
	case DIFF_KIND_COUNT:
		break;
	}
}

static int cmp_key(const void *a, const void *b)
{
	const struct diff_key *x = a, *y = b;

	return cmp_str_u64(x->key, x->build, y->key, y->build);
}

static int cmp_item(const void *a, const void *b)
{
	const struct diff_item *x = a, *y = b;

	CMP_BY(x, y, first);
	return strcmp(x->key, y->key);
}

/* The keys of KIND that some builds have and others lack. */
static void diff_compute(const struct report_build *b, size_t nr,
			 enum diff_kind kind, struct diff_set *d)
{
	size_t i, j, k, present;

	memset(d, 0, sizeof(*d));
	d->only = xcalloc(nr, sizeof(*d->only));
	d->missing = xcalloc(nr, sizeof(*d->missing));
	for (i = 0; i < nr; i++)
		if (kind == DIFF_PATH && !b[i].rv.paths_complete)
			return; /* part of a listing: nothing to compare */
	for (i = 0; i < nr; i++)
		collect_keys(&b[i], i, kind, d);
	sort_array(d->keys, d->nr_keys, sizeof(*d->keys), cmp_key);
	for (i = 0; i < d->nr_keys; i = j) {
		unsigned char *in = xcalloc(nr, 1);

		present = 0;
		for (j = i;
		     j < d->nr_keys && !strcmp(d->keys[j].key, d->keys[i].key);
		     j++)
			if (!in[d->keys[j].build]) {
				in[d->keys[j].build] = 1;
				present++;
			}
		if (present == nr) {
			free(in);
			continue;
		}
		for (k = 0; k < nr; k++) {
			if (!in[k])
				d->missing[k]++;
			else if (present == 1)
				d->only[k]++;
		}
		ALLOC_GROW(d->items, d->nr_items + 1, d->alloc_items);
		d->items[d->nr_items].key = d->keys[i].key;
		d->items[d->nr_items].in = in;
		d->items[d->nr_items].path = d->keys[i].path;
		d->items[d->nr_items++].first = d->keys[i].build;
	}
	sort_array(d->items, d->nr_items, sizeof(*d->items), cmp_item);
}

static void diff_release(struct diff_set *d)
{
	size_t i;

	for (i = 0; i < d->nr_items; i++)
		free(d->items[i].in);
	for (i = 0; i < d->nr_keys; i++)
		free(d->keys[i].key);
	free(d->items);
	free(d->keys);
	free(d->only);
	free(d->missing);
}

/*
 * A listed path of B showing ITEM (a site: its last call; a pair: its
 * ends; a path: itself), or NULL when the listing has none.
 */
static const struct review_path *
witness_of(const struct report_build *b, enum diff_kind kind, const char *key)
{
	const char *nl = strchr(key, '\n');
	size_t i, n, alen = nl ? (size_t)(nl - key) : strlen(key);
	const char *second = nl ? nl + 1 : "";

	for (i = 0; i < b->rv.nr_paths; i++) {
		const struct review_path *p = &b->rv.paths[i];
		const struct strvec *f = &p->functions;

		n = f->nr;
		if (n < 2 || strcmp(f->v[n - 1], second))
			continue;
		if (kind == DIFF_SITE && strlen(f->v[n - 2]) == alen &&
		    !strncmp(f->v[n - 2], key, alen))
			return p;
		if (kind == DIFF_PAIR && strlen(f->v[0]) == alen &&
		    !strncmp(f->v[0], key, alen))
			return p;
	}
	return NULL;
}

static const struct review_path *item_witness(const struct report_build *b,
					      enum diff_kind kind,
					      const struct diff_item *it)
{
	if (kind == DIFF_PATH)
		return &b[it->first].rv.paths[it->path];
	return witness_of(&b[it->first], kind, it->key);
}

/* ---- the page ---- */

static void names_html(struct strbuf *sb, const char *key)
{
	const char *p = key, *nl;

	for (;;) {
		nl = strchr(p, '\n');
		strbuf_addstr(sb, "<code>");
		if (nl) {
			char *one = xstrndup(p, (size_t)(nl - p));

			html_escape(sb, one);
			free(one);
		} else {
			html_escape(sb, p);
		}
		strbuf_addstr(sb, "</code>");
		if (!nl)
			break;
		strbuf_addstr(sb, " <span class=\"sep\">\xe2\x80\xba</span> ");
		p = nl + 1;
	}
}

/* A path's key as "entry > ... > target". */
static void path_ends_html(struct strbuf *sb, const char *key)
{
	const char *nl = strchr(key, '\n'), *last = strrchr(key, '\n');
	char *ends;

	if (!nl) {
		names_html(sb, key);
		return;
	}
	ends = nl == last ? xstrdup(key)
			  : xstrfmt("%.*s\n\xe2\x80\xa6\n%s", (int)(nl - key),
				    key, last + 1);
	names_html(sb, ends);
	free(ends);
}

static void labels_html(struct strbuf *sb, const struct report_build *b,
			size_t nr, const unsigned char *in, int want)
{
	size_t k, n = 0;

	for (k = 0; k < nr; k++) {
		if (!in[k] != !want)
			continue;
		strbuf_addstr(sb, n++ ? ", <code>" : "<code>");
		html_escape(sb, b[k].label);
		strbuf_addstr(sb, "</code>");
	}
}

/* data-present="a b": the labels having it, for scripts and tests */
static void labels_attr(struct strbuf *sb, const struct report_build *b,
			size_t nr, const unsigned char *in)
{
	size_t k, n = 0;

	strbuf_addstr(sb, " data-present=\"");
	for (k = 0; k < nr; k++)
		if (in[k]) {
			if (n++)
				strbuf_addch(sb, ' ');
			html_escape(sb, b[k].label);
		}
	strbuf_addch(sb, '"');
}

static void verdict_head(struct strbuf *sb)
{
	size_t v;

	for (v = 0; v < VERDICT_COUNT; v++)
		strbuf_addf(sb, "<th>%s</th>", verdict_name((enum verdict)v));
}

static void builds_table(struct strbuf *sb, const struct report_build *b,
			 size_t nr, const struct strvec *targets)
{
	struct build_target_counts c;
	size_t i, k, v, listed[VERDICT_COUNT], sites, anon_sites;
	size_t by_class[ACLASS_COUNT];
	int classified = 0, cl;

	for (i = 0; i < nr && !classified; i++)
		for (k = 0; k < targets->nr && !classified; k++) {
			report_build_counts(&b[i], targets->v[k], &c);
			classified = c.classified;
		}
	strbuf_addstr(sb, "<section id=\"builds\">\n<h2>Builds</h2>\n"
			  "<table class=\"counts sortable\" id=\"build-list\">"
			  "<thead><tr><th>build</th><th>paths</th>"
			  "<th>listed</th><th>sites</th>");
	if (classified)
		strbuf_addstr(sb, "<th>anonymous sites</th>"
				  "<th>anonymous</th><th>unknown</th>"
				  "<th>attributed</th>");
	verdict_head(sb);
	strbuf_addstr(sb, "</tr></thead><tbody>\n");
	for (i = 0; i < nr; i++) {
		memset(listed, 0, sizeof(listed));
		memset(by_class, 0, sizeof(by_class));
		sites = anon_sites = 0;
		for (k = 0; k < targets->nr; k++) {
			report_build_counts(&b[i], targets->v[k], &c);
			sites += c.sites;
			anon_sites += c.anonymous_sites;
			for (v = 0; v < VERDICT_COUNT; v++)
				listed[v] += c.by_verdict[v];
			for (v = 0; v < ACLASS_COUNT; v++)
				by_class[v] += c.by_class[v];
		}
		strbuf_addstr(sb, "<tr data-build=\"");
		html_escape(sb, b[i].label);
		strbuf_addstr(sb, "\"><td><a href=\"");
		html_escape(sb, b[i].page);
		strbuf_addstr(sb, "\">");
		html_escape(sb, b[i].label);
		strbuf_addf(sb,
			    "</a></td><td class=\"num\">%s%" PRIu64
			    "</td><td class=\"num\">%zu</td>"
			    "<td class=\"num\">%zu</td>",
			    b[i].rv.count_exact ? "" : "\xe2\x89\xa5",
			    b[i].rv.path_count, b[i].rv.nr_paths, sites);
		if (classified) {
			static const int cols[] = {ACLASS_ANONYMOUS,
						   ACLASS_UNKNOWN,
						   ACLASS_ATTRIBUTED};

			strbuf_addf(sb, "<td class=\"num\">%zu</td>",
				    anon_sites);
			for (cl = 0; cl < 3; cl++)
				strbuf_addf(
					sb,
					"<td class=\"num class-%s\">%zu</td>",
					alloc_class_name(cols[cl]),
					by_class[cols[cl]]);
		}
		for (v = 0; v < VERDICT_COUNT; v++)
			strbuf_addf(sb, "<td class=\"num v-%s%s\">%zu</td>",
				    verdict_name((enum verdict)v),
				    listed[v] ? "" : " zero", listed[v]);
		strbuf_addstr(sb, "</tr>\n");
	}
	strbuf_addstr(sb, "</tbody></table>\n<p class=\"note\">A site is a "
			  "function calling a target on some path (an "
			  "anonymous site: on some anonymous path); the "
			  "classes and verdicts count the listed paths. "
			  "Each build has its own review: follow its "
			  "label.</p>\n</section>\n");
}

/* "16 paths, 3 sites, 2 entries" and the listed paths per verdict. */
static void counts_cell(struct strbuf *sb, const struct build_target_counts *c)
{
	size_t v;

	strbuf_addf(sb, "\">%zu path%s, %zu site%s, %zu entr%s", c->paths,
		    c->paths == 1 ? "" : "s", c->sites,
		    c->sites == 1 ? "" : "s", c->entries,
		    c->entries == 1 ? "y" : "ies");
	if (c->classified)
		strbuf_addf(sb,
			    " <span class=\"chip anonymous\">anonymous: "
			    "%zu path%s, %zu site%s</span>",
			    c->by_class[ACLASS_ANONYMOUS],
			    c->by_class[ACLASS_ANONYMOUS] == 1 ? "" : "s",
			    c->anonymous_sites,
			    c->anonymous_sites == 1 ? "" : "s");
	for (v = 0; v < VERDICT_COUNT; v++)
		if (c->by_verdict[v])
			strbuf_addf(sb,
				    " <span class=\"chip v-%s\">%s "
				    "%zu</span>",
				    verdict_name((enum verdict)v),
				    verdict_name((enum verdict)v),
				    c->by_verdict[v]);
	strbuf_addstr(sb, "</td>");
}

static void target_matrix(struct strbuf *sb, const struct report_build *b,
			  size_t nr, const struct strvec *targets)
{
	struct build_target_counts c;
	size_t i, k;

	strbuf_addstr(sb, "<section id=\"targets\">\n<h2>Builds \xc3\x97 "
			  "targets</h2>\n<table class=\"counts\" "
			  "id=\"build-matrix\"><thead><tr><th>target</th>");
	for (i = 0; i < nr; i++) {
		strbuf_addstr(sb, "<th>");
		html_escape(sb, b[i].label);
		strbuf_addstr(sb, "</th>");
	}
	strbuf_addstr(sb, "</tr></thead><tbody>\n");
	for (k = 0; k < targets->nr; k++) {
		strbuf_addstr(sb, "<tr><td><code>");
		html_escape(sb, targets->v[k]);
		strbuf_addstr(sb, "</code></td>");
		for (i = 0; i < nr; i++) {
			report_build_counts(&b[i], targets->v[k], &c);
			strbuf_addstr(sb, "<td data-build=\"");
			html_escape(sb, b[i].label);
			if (!c.present)
				strbuf_addstr(sb, "\" title=\"not in this "
						  "build\">absent</td>");
			else if (!c.entries)
				strbuf_addstr(sb, "\">-</td>");
			else
				counts_cell(sb, &c);
		}
		strbuf_addstr(sb, "</tr>\n");
	}
	strbuf_addstr(sb, "</tbody></table>\n<p class=\"note\">Listed "
			  "paths ending in the target (and per verdict), the "
			  "functions calling it on them and the entry points "
			  "reaching it; - "
			  "unreachable, absent: the build has no such "
			  "function.</p>\n</section>\n");
}

static void diff_section(struct strbuf *sb, const struct report_build *b,
			 size_t nr, enum diff_kind kind,
			 const struct diff_set *d)
{
	const struct review_path *w;
	size_t i, incomplete = 0;

	strbuf_addf(sb,
		    "<section id=\"diff-%s\">\n<h2>%s in some builds "
		    "only</h2>\n<table class=\"counts\"><thead><tr>"
		    "<th>build</th><th>only there</th><th>lacking "
		    "there</th></tr></thead><tbody>\n",
		    diff_id[kind], diff_title[kind]);
	for (i = 0; i < nr; i++) {
		strbuf_addstr(sb, "<tr><td>");
		html_escape(sb, b[i].label);
		strbuf_addf(sb,
			    "</td><td class=\"num\">%zu</td><td "
			    "class=\"num\">%zu</td></tr>\n",
			    d->only[i], d->missing[i]);
		incomplete += !b[i].rv.paths_complete;
	}
	strbuf_addstr(sb, "</tbody></table>\n");
	if (kind == DIFF_PATH && incomplete) {
		strbuf_addstr(sb, "<p class=\"note warn\">Paths are not "
				  "compared: some builds list only part of "
				  "theirs (raise --limit or narrow the rules)."
				  "</p>\n</section>\n");
		return;
	}
	if (!d->nr_items) {
		strbuf_addstr(sb, "<p>Every build has the same.</p>\n"
				  "</section>\n");
		return;
	}
	strbuf_addf(sb,
		    "<table class=\"changes sortable\" id=\"diff-%s-list\">"
		    "<thead><tr><th>%s</th><th>first in</th><th>in</th>"
		    "<th>not in</th><th>witness</th></tr></thead><tbody>\n",
		    diff_id[kind], diff_head[kind]);
	for (i = 0; i < d->nr_items && i < MAX_DIFFS; i++) {
		const struct diff_item *it = &d->items[i];

		strbuf_addstr(sb, "<tr");
		labels_attr(sb, b, nr, it->in);
		strbuf_addstr(sb, "><td>");
		if (kind == DIFF_PATH)
			path_ends_html(sb, it->key);
		else
			names_html(sb, it->key);
		strbuf_addstr(sb, "</td><td class=\"first\"><code>");
		html_escape(sb, b[it->first].label);
		strbuf_addstr(sb, "</code></td><td>");
		labels_html(sb, b, nr, it->in, 1);
		strbuf_addstr(sb, "</td><td>");
		labels_html(sb, b, nr, it->in, 0);
		strbuf_addstr(sb, "</td><td>");
		w = item_witness(b, kind, it);
		if (w) {
			char *k = join_names(&w->functions);

			strbuf_addf(sb,
				    "<details><summary><span class=\"chip "
				    "v-%s\">%s</span> %zu call%s</summary>",
				    verdict_name(w->verdict),
				    verdict_name(w->verdict),
				    w->functions.nr - 1,
				    w->functions.nr == 2 ? "" : "s");
			names_html(sb, k);
			strbuf_addstr(sb, "</details>");
			free(k);
		} else {
			strbuf_addstr(sb, "no listed path");
		}
		strbuf_addstr(sb, "</td></tr>\n");
	}
	strbuf_addstr(sb, "</tbody></table>\n");
	if (d->nr_items > MAX_DIFFS)
		strbuf_addf(sb,
			    "<p class=\"note\">%zu more in builds.json.</p>\n",
			    d->nr_items - MAX_DIFFS);
	strbuf_addstr(sb, "</section>\n");
}

/* ---- builds.json ---- */

static cJSON *names_json(const char *key)
{
	cJSON *a = cJSON_CreateArray();
	char *copy = xstrdup(key), *p = copy, *nl;

	for (;;) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		cJSON_AddItemToArray(a, cJSON_CreateString(p));
		if (!nl)
			break;
		p = nl + 1;
	}
	free(copy);
	return a;
}

static cJSON *labels_json(const struct report_build *b, size_t nr,
			  const unsigned char *in, int want)
{
	cJSON *a = cJSON_CreateArray();
	size_t k;

	for (k = 0; k < nr; k++)
		if (!in[k] == !want)
			cJSON_AddItemToArray(a, cJSON_CreateString(b[k].label));
	return a;
}

static cJSON *counts_json(const char *target,
			  const struct build_target_counts *c)
{
	cJSON *t = cJSON_CreateObject(), *bv = cJSON_CreateObject();
	size_t v;

	cJSON_AddStringToObject(t, "target", target);
	cJSON_AddBoolToObject(t, "present", c->present);
	cJSON_AddNumberToObject(t, "entries", (double)c->entries);
	cJSON_AddNumberToObject(t, "sites", (double)c->sites);
	cJSON_AddNumberToObject(t, "paths", (double)c->paths);
	for (v = 0; v < VERDICT_COUNT; v++)
		cJSON_AddNumberToObject(bv, verdict_name((enum verdict)v),
					(double)c->by_verdict[v]);
	cJSON_AddItemToObject(t, "by_verdict", bv);
	if (c->classified) {
		cJSON *bc = cJSON_AddObjectToObject(t, "by_class");

		for (v = 0; v < ACLASS_COUNT; v++)
			if (v != ACLASS_PASSED) /* a site's class only */
				cJSON_AddNumberToObject(
					bc,
					alloc_class_name((enum alloc_class)v),
					(double)c->by_class[v]);
		cJSON_AddNumberToObject(t, "anonymous_sites",
					(double)c->anonymous_sites);
	}
	return t;
}

static cJSON *builds_json(const struct report_build *b, size_t nr,
			  const struct strvec *targets,
			  const struct diff_set *d)
{
	struct build_target_counts c;
	cJSON *root = cJSON_CreateObject(), *arr, *o, *ts, *diffs, *list, *it;
	const struct review_path *w;
	size_t i, k;

	arr = cJSON_AddArrayToObject(root, "builds");
	for (i = 0; i < nr; i++) {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "label", b[i].label);
		cJSON_AddStringToObject(o, "page", b[i].page);
		cJSON_AddNumberToObject(o, "path_count",
					(double)b[i].rv.path_count);
		cJSON_AddBoolToObject(o, "count_exact", b[i].rv.count_exact);
		cJSON_AddNumberToObject(o, "listed", (double)b[i].rv.nr_paths);
		cJSON_AddBoolToObject(o, "paths_complete",
				      b[i].rv.paths_complete);
		ts = cJSON_AddArrayToObject(o, "targets");
		for (k = 0; k < targets->nr; k++) {
			report_build_counts(&b[i], targets->v[k], &c);
			cJSON_AddItemToArray(ts,
					     counts_json(targets->v[k], &c));
		}
		cJSON_AddItemToArray(arr, o);
	}
	diffs = cJSON_AddObjectToObject(root, "differences");
	k = 1;
	for (i = 0; i < nr; i++)
		k &= b[i].rv.paths_complete != 0;
	cJSON_AddBoolToObject(diffs, "paths_compared", k);
	for (k = 0; k < DIFF_KIND_COUNT; k++) {
		list = cJSON_AddArrayToObject(diffs, diff_id[k]);
		for (i = 0; i < d[k].nr_items; i++) {
			const struct diff_item *di = &d[k].items[i];

			it = cJSON_CreateObject();
			cJSON_AddItemToObject(it, "calls", names_json(di->key));
			cJSON_AddStringToObject(it, "first",
						b[di->first].label);
			cJSON_AddItemToObject(it, "in",
					      labels_json(b, nr, di->in, 1));
			cJSON_AddItemToObject(it, "not_in",
					      labels_json(b, nr, di->in, 0));
			/* a path is its own witness */
			w = k == DIFF_PATH
				    ? NULL
				    : item_witness(b, (enum diff_kind)k, di);
			if (w) {
				cJSON_AddItemToObject(
					it, "witness",
					cJSON_CreateStringArray(
						(const char *const *)
							w->functions.v,
						(int)w->functions.nr));
				cJSON_AddStringToObject(
					it, "verdict",
					verdict_name(w->verdict));
			} else if (k != DIFF_PATH) {
				cJSON_AddNullToObject(it, "witness");
			} else {
				w = item_witness(b, DIFF_PATH, di);
				cJSON_AddStringToObject(
					it, "verdict",
					verdict_name(w->verdict));
			}
			cJSON_AddItemToArray(list, it);
		}
	}
	return root;
}

/* ---- the site ---- */

int report_builds_write(const struct report_build *b, size_t nr,
			const char *dir, const char *generated)
{
	struct strbuf sb = STRBUF_INIT;
	struct strvec targets = {0};
	struct diff_set d[DIFF_KIND_COUNT];
	cJSON *json = NULL;
	char *text = NULL;
	size_t i, k;
	int ret = -1;

	all_targets(b, nr, &targets);
	for (k = 0; k < DIFF_KIND_COUNT; k++)
		diff_compute(b, nr, (enum diff_kind)k, &d[k]);

	strbuf_addstr(&sb, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
			   "<meta charset=\"utf-8\">\n"
			   "<meta name=\"viewport\" "
			   "content=\"width=device-width, initial-scale=1\">\n"
			   "<link rel=\"icon\" href=\"data:,\">\n"
			   "<link rel=\"stylesheet\" href=\"style.css\">\n"
			   "<script src=\"report.js\" defer></script>\n"
			   "<title>Builds - callreach</title>\n</head>\n"
			   "<body>\n<header><nav><a href=\"index.html\">All "
			   "builds</a>");
	for (i = 0; i < nr; i++) {
		strbuf_addstr(&sb, " <a href=\"");
		html_escape(&sb, b[i].page);
		strbuf_addstr(&sb, "\">");
		html_escape(&sb, b[i].label);
		strbuf_addstr(&sb, "</a>");
	}
	strbuf_addf(&sb,
		    "</nav></header>\n<main>\n<h1>Review of %zu "
		    "builds</h1>\n",
		    nr);
	builds_table(&sb, b, nr, &targets);
	target_matrix(&sb, b, nr, &targets);
	strbuf_addstr(&sb, "<p class=\"note\">Below, what some builds have "
			   "and others lack. Builds are in the order given: "
			   "for releases, \"first in\" is the release that "
			   "introduced it. Every row has a witness path from "
			   "that build (machine-readable: <a "
			   "href=\"builds.json\">builds.json</a>).</p>\n");
	for (k = 0; k < DIFF_KIND_COUNT; k++)
		diff_section(&sb, b, nr, (enum diff_kind)k, &d[k]);
	strbuf_addstr(&sb, "</main>\n<footer>Generated by callreach on ");
	html_escape(&sb, generated);
	strbuf_addstr(&sb, ".</footer>\n</body>\n</html>\n");

	json = builds_json(b, nr, &targets, d);
	text = cJSON_Print(json);
	if (!text) {
		error("out of memory writing builds.json");
		goto out;
	}
	if (site_mkdir(dir) ||
	    site_write(dir, "style.css", report_style_css,
		       strlen(report_style_css)) ||
	    site_write(dir, "report.js", report_script_js,
		       strlen(report_script_js)) ||
	    site_write(dir, "builds.json", text, strlen(text)) ||
	    site_write(dir, "index.html", sb.buf, sb.len))
		goto out;
	ret = 0;
out:
	free(text);
	cJSON_Delete(json);
	for (k = 0; k < DIFF_KIND_COUNT; k++)
		diff_release(&d[k]);
	strvec_clear(&targets);
	strbuf_release(&sb);
	return ret;
}
