/*
 * cmd-check.c - "callreach check": every entry-to-target path with its
 * triage verdict, summaries per verdict and per target, and stale rules.
 */
#include "cmd.h"
#include "alloc_class.h"
#include "review.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct stale {
	const char *what, *text;
	struct rule_origin origin;
};

static size_t find_stale(const struct rules *r, struct stale **out)
{
	size_t n = 0, i;

	*out = xmalloc((r->nr_targets + r->nr_entries + r->nr_filter_pats +
			r->nr_edges + r->nr_triage + r->nr_entry_callees +
			r->nr_entry_registered + 1) *
		       sizeof(**out));
#define STALE(cond, w, t, o)                                                   \
	do {                                                                   \
		if (cond) {                                                    \
			(*out)[n].what = (w);                                  \
			(*out)[n].text = (t);                                  \
			(*out)[n].origin = (o);                                \
			n++;                                                   \
		}                                                              \
	} while (0)
	for (i = 0; i < r->nr_targets; i++)
		STALE(!r->targets[i].matched, "target", r->targets[i].text,
		      r->targets[i].origin);
	for (i = 0; i < r->nr_entries; i++)
		STALE(!r->entries[i].matched, "entry", r->entries[i].text,
		      r->entries[i].origin);
	for (i = 0; i < r->nr_entry_callees; i++)
		STALE(!r->entry_callees[i].matched, "entry-callees-of",
		      r->entry_callees[i].text, r->entry_callees[i].origin);
	for (i = 0; i < r->nr_entry_registered; i++)
		STALE(!r->entry_registered[i].matched, "entry-registered-by",
		      r->entry_registered[i].text,
		      r->entry_registered[i].origin);
	for (i = 0; i < r->nr_filter_pats; i++)
		STALE(!r->filter_pats[i].matched, "filter",
		      r->filter_pats[i].text, r->filter_pats[i].origin);
	for (i = 0; i < r->nr_edges; i++) /* none are added with no_edges */
		STALE(!r->no_edges && !r->edges[i].matched, "edge",
		      r->edges[i].caller, r->edges[i].origin);
	for (i = 0; i < r->nr_triage; i++)
		STALE(!r->triage[i].matched, "triage", r->triage[i].text,
		      r->triage[i].origin);
#undef STALE
	return n;
}

struct site_group {
	char *call;
	size_t paths, by_class[ACLASS_COUNT];
};

static const char *last_fn(const struct review_path *p)
{
	return p->functions.nr ? p->functions.v[p->functions.nr - 1] : "";
}

static int cmp_call(const void *a, const void *b)
{
	return strcmp(((const struct site_group *)a)->call,
		      ((const struct site_group *)b)->call);
}

/* Distinct targets of the listed paths, sorted. */
static size_t path_targets(const struct review *rv, const char ***out)
{
	size_t n = 0, i, k;

	*out = xmalloc((rv->nr_paths + 1) * sizeof(**out));
	for (i = 0; i < rv->nr_paths; i++)
		(*out)[n++] = last_fn(&rv->paths[i]);
	qsort(*out, n, sizeof(**out), cmp_strp);
	for (i = k = 0; i < n; i++)
		if (!k || strcmp((*out)[k - 1], (*out)[i]))
			(*out)[k++] = (*out)[i];
	return k;
}

/* The functions of path P as indices of G (unknown names left out). */
static size_t path_indices(const struct graph *g, const struct review_path *p,
			   uint32_t *out)
{
	size_t i, n = 0;

	for (i = 0; i < p->functions.nr; i++) {
		int64_t f = graph_find(g, p->functions.v[i]);

		if (f >= 0)
			out[n++] = (uint32_t)f;
	}
	return n;
}

/* The call a path ends with: "CALLER > TARGET". */
static char *last_call(const struct review_path *p)
{
	size_t n = p->functions.nr;

	return n < 2 ? xstrdup(last_fn(p))
		     : xstrfmt("%s > %s", p->functions.v[n - 2],
			       p->functions.v[n - 1]);
}

static int cmp_group(const void *a, const void *b)
{
	const struct site_group *x = a, *y = b;

	if (x->paths != y->paths)
		return x->paths > y->paths ? -1 : 1;
	return strcmp(x->call, y->call);
}

/*
 * The undecided paths grouped by the call into the target: a triage rule
 * "... > CALLER > TARGET" decides every path of a group at once.
 */
static size_t undecided_by_site(const struct review *rv,
				struct site_group **out)
{
	struct strvec calls = {0};
	size_t i, n = 0;

	for (i = 0; i < rv->nr_paths; i++)
		if (rv->paths[i].verdict == VERDICT_UNDECIDED) {
			char *c = last_call(&rv->paths[i]);

			strvec_push(&calls, c);
			free(c);
		}
	qsort(calls.v, calls.nr, sizeof(*calls.v), cmp_strp);
	*out = xcalloc(calls.nr + 1, sizeof(**out));
	for (i = 0; i < calls.nr; i++)
		if (!n || strcmp((*out)[n - 1].call, calls.v[i]))
			(*out)[n++].call = xstrdup(calls.v[i]);
	for (i = 0; i < rv->nr_paths; i++) {
		const struct review_path *p = &rv->paths[i];
		char *c;
		struct site_group key, *g;

		if (p->verdict != VERDICT_UNDECIDED)
			continue;
		c = last_call(p);
		key.call = c;
		g = bsearch(&key, *out, n, sizeof(**out), cmp_call);
		g->paths++;
		if (p->cls >= 0)
			g->by_class[p->cls]++;
		free(c);
	}
	strvec_clear(&calls);
	qsort(*out, n, sizeof(**out), cmp_group);
	return n;
}

static void groups_release(struct site_group *g, size_t n)
{
	FREE_RECORDS(g, n, call);
}

static void print_text(const struct cmd_graph *cg, const struct review *rv,
		       const struct stale *st, size_t nr_stale)
{
	struct strbuf sb = STRBUF_INIT;
	size_t counts[VERDICT_COUNT] = {0}, i, k, v;
	const char **targets;
	size_t nr_targets;

	for (i = 0; i < rv->nr_paths; i++)
		counts[rv->paths[i].verdict]++;
	printf("%zu path%s listed of %s%" PRIu64 "%s\n", rv->nr_paths,
	       rv->nr_paths == 1 ? "" : "s", rv->count_exact ? "" : "at least ",
	       rv->path_count,
	       rv->paths_complete
		       ? ""
		       : " (listing incomplete: raise --limit or use filters)");
	for (v = 0; v < VERDICT_COUNT; v++) {
		if (!counts[v])
			continue;
		printf("\n%s (%zu):\n", verdict_name((enum verdict)v),
		       counts[v]);
		for (i = 0; i < rv->nr_paths; i++) {
			const struct review_path *p = &rv->paths[i];

			if (p->verdict != v)
				continue;
			uint32_t *idx =
				xmalloc((p->functions.nr + 1) * sizeof(*idx));

			printf("  %s ", p->id);
			for (k = 0; k < p->functions.nr; k++)
				printf("%s%s", k ? " > " : "",
				       p->functions.v[k]);
			strbuf_reset(&sb);
			cmd_text_unresolved(cg, idx,
					    path_indices(&cg->g, p, idx), &sb);
			review_class_text(p, &sb);
			printf("%s\n", strbuf_str(&sb));
			free(idx);
			if (p->reason)
				printf("      %s  [%s]\n", p->reason, p->rule);
		}
	}
	printf("\nby verdict:");
	for (v = 0; v < VERDICT_COUNT; v++)
		printf(" %s %zu%s", verdict_name((enum verdict)v), counts[v],
		       v + 1 < VERDICT_COUNT ? "," : "\n");
	nr_targets = path_targets(rv, &targets);
	printf("by target:\n");
	for (k = 0; k < nr_targets; k++) {
		size_t tc[VERDICT_COUNT] = {0}, total = 0;

		for (i = 0; i < rv->nr_paths; i++)
			if (!strcmp(last_fn(&rv->paths[i]), targets[k])) {
				tc[rv->paths[i].verdict]++;
				total++;
			}
		printf("  %-32s %zu path%s:", targets[k], total,
		       total == 1 ? "" : "s");
		for (v = 0; v < VERDICT_COUNT; v++)
			if (tc[v])
				printf(" %s %zu", verdict_name((enum verdict)v),
				       tc[v]);
		putchar('\n');
	}
	free(targets);
	strbuf_release(&sb);
	if (cg->ac) {
		size_t bc[ACLASS_COUNT] = {0}, nr_groups;
		struct site_group *groups;

		for (i = 0; i < rv->nr_paths; i++)
			if (rv->paths[i].cls >= 0)
				bc[rv->paths[i].cls]++;
		printf("by class: anonymous %zu, attributed %zu, unknown %zu\n",
		       bc[ACLASS_ANONYMOUS], bc[ACLASS_ATTRIBUTED],
		       bc[ACLASS_UNKNOWN]);
		if (alloc_classifier_missing(cg->ac))
			printf("  (every value is unknown: %s)\n",
			       alloc_classifier_missing(cg->ac));
		nr_groups = undecided_by_site(rv, &groups);
		if (nr_groups)
			printf("undecided paths by the call into the target"
			       " (%zu calls; `callreach sites` shows each):\n",
			       nr_groups);
		for (k = 0; k < nr_groups; k++)
			printf("  %6zu  %s  (anonymous %zu, attributed %zu,"
			       " unknown %zu)\n",
			       groups[k].paths, groups[k].call,
			       groups[k].by_class[ACLASS_ANONYMOUS],
			       groups[k].by_class[ACLASS_ATTRIBUTED],
			       groups[k].by_class[ACLASS_UNKNOWN]);
		groups_release(groups, nr_groups);
	}
	printf("reachable (entry, target) pairs: %zu\n", rv->nr_pairs);
	if (nr_stale) {
		printf("\nrules that matched nothing%s:\n",
		       rv->paths_complete ? ""
					  : " (the listing is incomplete)");
		for (i = 0; i < nr_stale; i++)
			printf("  %s:%d: %s %s\n", st[i].origin.file,
			       st[i].origin.line, st[i].what, st[i].text);
	}
}

static void print_json(const struct cmd_graph *cg, const struct review *rv,
		       const struct stale *st, size_t nr_stale)
{
	cJSON *root = cJSON_CreateObject(), *arr, *byv, *byt;
	size_t counts[VERDICT_COUNT] = {0}, i, k, v;
	const char **targets;
	size_t nr_targets;

	cJSON_AddNumberToObject(root, "count", (double)rv->path_count);
	cJSON_AddBoolToObject(root, "count_exact", rv->count_exact);
	cJSON_AddBoolToObject(root, "complete", rv->paths_complete);
	arr = cJSON_AddArrayToObject(root, "paths");
	for (i = 0; i < rv->nr_paths; i++) {
		const struct review_path *p = &rv->paths[i];
		cJSON *o = review_path_json(p);

		counts[p->verdict]++;
		{
			uint32_t *idx =
				xmalloc((p->functions.nr + 1) * sizeof(*idx));

			cmd_json_unresolved(cg, idx,
					    path_indices(&cg->g, p, idx), o);
			free(idx);
		}
		if (p->reason) {
			cJSON_AddStringToObject(o, "reason", p->reason);
			cJSON_AddStringToObject(o, "rule", p->rule);
		} else {
			cJSON_AddNullToObject(o, "reason");
			cJSON_AddNullToObject(o, "rule");
		}
		review_add_class_json(p, o);
		cJSON_AddItemToArray(arr, o);
	}
	byv = cJSON_AddObjectToObject(root, "by_verdict");
	for (v = 0; v < VERDICT_COUNT; v++)
		cJSON_AddNumberToObject(byv, verdict_name((enum verdict)v),
					(double)counts[v]);
	byt = cJSON_AddObjectToObject(root, "by_target");
	nr_targets = path_targets(rv, &targets);
	for (k = 0; k < nr_targets; k++) {
		cJSON *o = cJSON_AddObjectToObject(byt, targets[k]);
		size_t tc[VERDICT_COUNT] = {0};

		for (i = 0; i < rv->nr_paths; i++)
			if (!strcmp(last_fn(&rv->paths[i]), targets[k]))
				tc[rv->paths[i].verdict]++;
		for (v = 0; v < VERDICT_COUNT; v++)
			cJSON_AddNumberToObject(o,
						verdict_name((enum verdict)v),
						(double)tc[v]);
	}
	free(targets);
	if (cg->ac) {
		size_t bc[ACLASS_COUNT] = {0}, nr_groups;
		struct site_group *groups;
		cJSON *byc = cJSON_AddObjectToObject(root, "by_class");

		for (i = 0; i < rv->nr_paths; i++)
			if (rv->paths[i].cls >= 0)
				bc[rv->paths[i].cls]++;
		for (v = 0; v < ACLASS_COUNT; v++)
			if (v != ACLASS_PASSED)
				cJSON_AddNumberToObject(
					byc,
					alloc_class_name((enum alloc_class)v),
					(double)bc[v]);
		if (alloc_classifier_missing(cg->ac))
			cJSON_AddStringToObject(
				root, "class_missing",
				alloc_classifier_missing(cg->ac));
		nr_groups = undecided_by_site(rv, &groups);
		arr = cJSON_AddArrayToObject(root, "undecided_by_call");
		for (k = 0; k < nr_groups; k++) {
			cJSON *o = cJSON_CreateObject();

			cJSON_AddStringToObject(o, "call", groups[k].call);
			cJSON_AddNumberToObject(o, "paths",
						(double)groups[k].paths);
			for (v = 0; v < ACLASS_COUNT; v++)
				if (v != ACLASS_PASSED)
					cJSON_AddNumberToObject(
						o,
						alloc_class_name(
							(enum alloc_class)v),
						(double)groups[k].by_class[v]);
			cJSON_AddItemToArray(arr, o);
		}
		groups_release(groups, nr_groups);
	}
	review_add_pairs_json(rv, root);
	arr = cJSON_AddArrayToObject(root, "stale");
	for (i = 0; i < nr_stale; i++) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "file", st[i].origin.file);
		cJSON_AddNumberToObject(o, "line", st[i].origin.line);
		cJSON_AddStringToObject(o, "kind", st[i].what);
		cJSON_AddStringToObject(o, "rule", st[i].text);
		cJSON_AddItemToArray(arr, o);
	}
	cmd_print_json(root);
}

static int cmd_check(int argc, char **argv)
{
	struct cmd_opts o;
	struct cmd_graph cg;
	struct review_ctx ctx;
	struct review rv;
	struct stale *st;
	size_t nr_stale;
	int code;

	code = cmd_start_rules(&o, &cmd_check_entry,
			       CO_FORMAT | CO_FILTERS | CO_CLASS | CO_SEARCH,
			       argc, argv, NULL, NULL, NULL, &cg);
	if (!code)
		code = cmd_need_ends(&cg, NULL);
	if (code)
		goto out;
	code = cmd_review(&cg, &o, cmd_limit(&o, CMD_REVIEW_LIMIT), &ctx, &rv);
	if (code)
		goto out;
	nr_stale = find_stale(&cg.rules, &st);
	if (o.format == FORMAT_JSON)
		print_json(&cg, &rv, st, nr_stale);
	else
		print_text(&cg, &rv, st, nr_stale);
	free(st);
	review_release(&rv);
out:
	return cmd_end(&o, code);
}

CMD_DEFINE(check,
	   "--rules FILE... [--limit N] [--budget N] [--format text|json] "
	   "[FILTERS]",
	   "list every entry-to-target path with its triage verdict");
