/*
 * cmd-matrix.c - "callreach matrix": every entry point against every
 * target of the rules: reachable or not, how many paths (exact, or a lower
 * bound when the search budget runs out), and the shortest path's length.
 */
#include "cmd.h"
#include "alloc_class.h"
#include "query.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Search steps per pair by default: a matrix has many pairs. */
#define MATRIX_DEFAULT_BUDGET 1000000L

struct cell {
	size_t len; /* functions on the shortest path, or 0 */
	struct path_count count;
};

/* With --class, the paths of a pair are listed (up to this) and counted. */
#define MATRIX_CLASS_LIMIT 100000

struct class_count {
	struct cmd_graph *cg;
	uint64_t n;
};

static void count_class(const uint32_t *path, size_t len, void *ctx)
{
	struct class_count *cc = ctx;
	struct alloc_verdict v;
	int keep;

	cmd_path_class(cc->cg, path, len, &v, &keep);
	cc->n += keep;
}

static int cmp_name(const void *a, const void *b, const struct graph *g)
{
	return strcmp(g->f[*(const uint32_t *)a].name,
		      g->f[*(const uint32_t *)b].name);
}

/* Sort function indices by name (short lists: insertion). */
static void sort_by_name(uint32_t *v, size_t n, const struct graph *g)
{
	size_t i, k;

	for (i = 1; i < n; i++) {
		uint32_t x = v[i];

		for (k = i; k > 0 && cmp_name(&v[k - 1], &x, g) > 0; k--)
			v[k] = v[k - 1];
		v[k] = x;
	}
}

static void cell_text(const struct cell *c, char *buf, size_t size)
{
	if (!c->len)
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%s%" PRIu64 "/%zu",
			 c->count.exact ? "" : ">=", c->count.count,
			 c->len - 1);
}

static void print_text(const struct graph *g, const uint32_t *ent, size_t ne,
		       const uint32_t *tgt, size_t nt, const struct cell *cells)
{
	size_t i, k, w0 = 5, reachable = 0;
	size_t *w = xcalloc(nt + 1, sizeof(*w));
	char buf[64];

	printf("targets:\n");
	for (k = 0; k < nt; k++) {
		printf("  T%-3zu %s\n", k + 1, g->f[tgt[k]].name);
		snprintf(buf, sizeof(buf), "T%zu", k + 1);
		w[k] = strlen(buf);
	}
	for (i = 0; i < ne; i++) {
		if (strlen(g->f[ent[i]].name) > w0)
			w0 = strlen(g->f[ent[i]].name);
		for (k = 0; k < nt; k++) {
			cell_text(&cells[i * nt + k], buf, sizeof(buf));
			if (strlen(buf) > w[k])
				w[k] = strlen(buf);
			reachable += cells[i * nt + k].len > 0;
		}
	}
	printf("\ncells: paths/shortest length in calls, '-' when unreachable,"
	       " '>=' when the count is a lower bound\n\n%-*s",
	       (int)w0, "entry");
	for (k = 0; k < nt; k++) {
		snprintf(buf, sizeof(buf), "T%zu", k + 1);
		printf("  %*s", (int)w[k], buf);
	}
	putchar('\n');
	for (i = 0; i < ne; i++) {
		printf("%-*s", (int)w0, g->f[ent[i]].name);
		for (k = 0; k < nt; k++) {
			cell_text(&cells[i * nt + k], buf, sizeof(buf));
			printf("  %*s", (int)w[k], buf);
		}
		putchar('\n');
	}
	printf("\n%zu of %zu (entry, target) pairs reachable\n", reachable,
	       ne * nt);
	free(w);
}

static void print_json(const struct graph *g, const uint32_t *ent, size_t ne,
		       const uint32_t *tgt, size_t nt, const struct cell *cells)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *e = cJSON_AddArrayToObject(root, "entries");
	cJSON *t = cJSON_AddArrayToObject(root, "targets");
	cJSON *pairs = cJSON_AddArrayToObject(root, "pairs");
	size_t i, k;

	for (i = 0; i < ne; i++)
		cJSON_AddItemToArray(e, cJSON_CreateString(g->f[ent[i]].name));
	for (k = 0; k < nt; k++)
		cJSON_AddItemToArray(t, cJSON_CreateString(g->f[tgt[k]].name));
	for (i = 0; i < ne; i++)
		for (k = 0; k < nt; k++) {
			const struct cell *c = &cells[i * nt + k];
			cJSON *o = cJSON_CreateObject();

			cJSON_AddStringToObject(o, "entry", g->f[ent[i]].name);
			cJSON_AddStringToObject(o, "target", g->f[tgt[k]].name);
			cJSON_AddBoolToObject(o, "reachable", c->len > 0);
			cJSON_AddNumberToObject(o, "paths",
						c->len ? (double)c->count.count
						       : 0);
			cJSON_AddBoolToObject(o, "paths_exact",
					      !c->len || c->count.exact);
			if (c->len)
				cJSON_AddNumberToObject(o, "shortest",
							(double)(c->len - 1));
			else
				cJSON_AddNullToObject(o, "shortest");
			cJSON_AddItemToArray(pairs, o);
		}
	cmd_print_json(root);
}

static int cmd_matrix(int argc, char **argv)
{
	struct cmd_opts o;
	struct cmd_graph cg;
	struct cell *cells = NULL;
	uint32_t *ent = NULL, *tgt = NULL;
	size_t ne, nt, i, k, reachable = 0;
	int code;

	code = cmd_start_rules(&o, &cmd_matrix_entry,
			       CO_FORMAT | CO_FILTERS | CO_CLASS | CO_BUDGET |
				       CO_DEPTH,
			       argc, argv, NULL, NULL, NULL, &cg);
	if (code)
		goto out;
	ne = cg.rule_entries.nr;
	nt = cg.rule_targets.nr;
	if (!ne || !nt) {
		code = cmd_usage_error(&o, "the rules name no %s",
				       !ne ? "entry point" : "target");
		goto out;
	}
	ent = xmalloc(ne * sizeof(*ent));
	tgt = xmalloc(nt * sizeof(*tgt));
	memcpy(ent, cg.rule_entries.idx, ne * sizeof(*ent));
	memcpy(tgt, cg.rule_targets.idx, nt * sizeof(*tgt));
	sort_by_name(ent, ne, &cg.g);
	sort_by_name(tgt, nt, &cg.g);
	cells = xcalloc(ne * nt, sizeof(*cells));
	for (i = 0; i < ne; i++)
		for (k = 0; k < nt; k++) {
			struct cell *c = &cells[i * nt + k];
			struct query q;
			uint32_t *path = NULL;

			query_init(&q, &cg.g, &cg.filter);
			query_set_sources(&q, &ent[i], 1);
			query_set_targets(&q, &tgt[k], 1);
			q.budget = o.budget ? (uint64_t)o.budget
					    : MATRIX_DEFAULT_BUDGET;
			q.max_depth = o.max_depth;
			c->len = query_reach(&q, &path);
			if (c->len && o.max_depth >= 0 &&
			    c->len - 1 > (size_t)o.max_depth)
				c->len = 0;
			if (c->len && cg.classes) {
				struct class_count cc = {&cg, 0};

				c->count.exact =
					query_paths(&q, MATRIX_CLASS_LIMIT,
						    count_class, &cc);
				c->count.count = cc.n;
				reachable++;
			} else if (c->len) {
				query_count(&q, &c->count);
				reachable++;
			}
			free(path);
			query_release(&q);
		}
	if (o.format == FORMAT_JSON)
		print_json(&cg.g, ent, ne, tgt, nt, cells);
	else
		print_text(&cg.g, ent, ne, tgt, nt, cells);
	code = reachable ? EXIT_OK : EXIT_NOTFOUND;
out:
	free(cells);
	free(ent);
	free(tgt);
	return cmd_end(&o, code);
}

CMD_DEFINE(
	matrix,
	"--rules FILE... [--budget N] [--max-depth N] [--format text|json] "
	"[FILTERS]",
	"every entry point against every target: reachable, paths, shortest");
