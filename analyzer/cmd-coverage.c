/*
 * cmd-coverage.c - "callreach coverage": the static entry-to-target paths
 * that run-time traces have seen and those never seen, and the traces no
 * static path explains, per target and per entry point.
 */
#include "cmd.h"
#include "coverage.h"
#include "review.h"
#include "traces.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_LABEL = OPT_CMD_BASE };

static const struct option coverage_options[] = {
	{"label", required_argument, NULL, OPT_LABEL},
	{NULL, 0, NULL, 0},
};

#define NONE COVERAGE_NONE

struct coverage_args {
	const char *label;
};

static int handle(int opt, const char *arg, void *ctx)
{
	struct coverage_args *a = ctx;

	if (opt != OPT_LABEL)
		return -1;
	a->label = arg;
	return 0;
}

static const char *fname(const struct coverage *c, uint32_t f)
{
	return c->g->f[f].name;
}

static uint32_t path_entry(const struct path_cov *p)
{
	return p->fn[0];
}

static uint32_t path_target(const struct path_cov *p)
{
	return p->fn[p->len - 1];
}

/* "83.3%"; "<0.1%" rather than "0.0%" when something was seen. */
static const char *share(size_t part, size_t whole, char *buf, size_t size)
{
	double pc = whole ? 100.0 * (double)part / (double)whole : 0.0;

	if (part && pc < 0.05)
		snprintf(buf, size, "<0.1%%");
	else
		snprintf(buf, size, "%.1f%%", pc);
	return buf;
}

/* --- text ----------------------------------------------------------- */

static void print_fns(const struct coverage *c, const uint32_t *fn, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		printf("%s%s", i ? " > " : "", fname(c, fn[i]));
}

static void print_trace_id(const struct trace *t)
{
	printf("%016" PRIx64 " %s:%d x%" PRIu64, t->hash, t->log, t->line,
	       t->count);
	cmd_print_trace_facts(t);
}

static void print_path(const struct coverage *c, const struct path_cov *p)
{
	size_t i;

	struct strbuf sb = STRBUF_INIT;

	printf("    %s %s %s ", p->nr_traces ? "seen " : "never", p->p->id,
	       verdict_name(p->p->verdict));
	print_fns(c, p->fn, p->len);
	review_class_text(p->p, &sb);
	printf("%s\n", strbuf_str(&sb));
	strbuf_release(&sb);
	if (!p->nr_traces)
		return;
	printf("          by %zu trace%s (%" PRIu64 " time%s)", p->nr_traces,
	       p->nr_traces == 1 ? "" : "s", p->occurrences,
	       p->occurrences == 1 ? "" : "s");
	if (p->missing > 0)
		printf(", %d frame%s missing (tail call or inlined)",
		       p->missing, p->missing == 1 ? "" : "s");
	printf(":");
	for (i = 0; i < p->nr_traces && i < 3; i++) {
		const struct trace *t = c->tr[p->traces[i]].t;

		printf("%s %s:%d", i ? "," : "", t->log, t->line);
		if (t->domain)
			printf(" %s", echo(t->domain));
		if (t->size >= 0)
			printf(" size %" PRId64, t->size);
	}
	if (p->nr_traces > 3)
		printf(", %zu more", p->nr_traces - 3);
	putchar('\n');
}

static void print_unexplained(const struct trace_cov *tc)
{
	const struct triage_rule *r = tc->rule;
	size_t i;

	printf("    trace ");
	print_trace_id(tc->t);
	printf(" %s\n          ",
	       verdict_name(r ? r->verdict : VERDICT_UNDECIDED));
	for (i = 0; i < tc->shown.nr; i++)
		printf("%s%s", i ? " > " : "", echo(tc->shown.v[i]));
	putchar('\n');
	if (tc->why == WHY_HOP)
		printf("          first unexplained hop: %s -> %s: %s\n",
		       echo(tc->hop_caller), echo(tc->hop_callee),
		       echo(tc->detail));
	else
		printf("          %s\n", tc->detail);
	if (r)
		printf("          %s  [%s:%d]\n", r->reason, r->origin.file,
		       r->origin.line);
}

/* What static analysis says of a reviewed trace: "explained" or why not. */
static const char *review_status(const struct trace_cov *tc)
{
	if (!tc->relevant)
		return "no target";
	return tc->matches ? "explained" : coverage_why_name(tc->why);
}

/* The traces reviewed at run time (imported with a verdict). */
static void print_reviewed(const struct coverage *c)
{
	size_t i, n = 0, explained = 0;

	for (i = 0; i < c->nr_tr; i++)
		if (c->tr[i].t->verdict) {
			n++;
			explained += c->tr[i].relevant && c->tr[i].matches;
		}
	if (!n)
		return;
	printf("\nreviewed traces: %zu, %zu explained by a static path\n", n,
	       explained);
	for (i = 0; i < c->nr_tr; i++) {
		const struct trace_cov *tc = &c->tr[i];

		if (!tc->t->verdict)
			continue;
		printf("  %s:%d %s: %s%s%s\n", tc->t->log, tc->t->line,
		       tc->t->verdict, review_status(tc),
		       tc->t->reason ? " -- " : "",
		       tc->t->reason ? tc->t->reason : "");
	}
}

static cJSON *reviewed_json(const struct coverage *c)
{
	cJSON *arr = cJSON_CreateArray();
	size_t i;

	for (i = 0; i < c->nr_tr; i++) {
		const struct trace_cov *tc = &c->tr[i];
		cJSON *te;

		if (!tc->t->verdict)
			continue;
		te = cJSON_CreateObject();
		trace_add_json(te, tc->t);
		cJSON_AddStringToObject(te, "verdict", tc->t->verdict);
		json_add_string_or_null(te, "reason", tc->t->reason);
		cJSON_AddBoolToObject(te, "explained",
				      tc->relevant && tc->matches);
		cJSON_AddStringToObject(te, "status", review_status(tc));
		cJSON_AddItemToArray(arr, te);
	}
	return arr;
}

static void print_text(const struct coverage *c)
{
	uint32_t *targets, *entries;
	size_t nt, ne, i, k, j;
	char pc[16];

	printf("static paths: %zu, seen %zu (%s), never seen %zu%s\n",
	       c->nr_paths, c->seen,
	       share(c->seen, c->nr_paths, pc, sizeof(pc)),
	       c->nr_paths - c->seen,
	       c->rv->paths_complete ? ""
				     : " (listing incomplete: raise --limit)");
	printf("traces: %zu distinct (%zu occurrences) from %zu log%s: "
	       "%zu explained by a static path, %zu not, %zu reach no target\n",
	       c->nr_tr, c->set->occurrences, c->logs, c->logs == 1 ? "" : "s",
	       c->explained, c->unexplained, c->no_target);
	nt = coverage_targets(c, &targets);
	for (i = 0; i < nt; i++) {
		struct coverage_tally t;

		coverage_count(c, targets[i], 0, 1, &t);
		printf("\ntarget %s: %zu of %zu static path%s seen",
		       fname(c, targets[i]), t.seen, t.paths,
		       t.paths == 1 ? "" : "s");
		if (t.paths)
			printf(" (%s)", share(t.seen, t.paths, pc, sizeof(pc)));
		printf(", %zu trace%s unexplained\n", t.unexplained,
		       t.unexplained == 1 ? "" : "s");
		ne = coverage_entries(c, targets[i], &entries);
		for (k = 0; k < ne; k++) {
			struct coverage_tally te;

			coverage_count(c, targets[i], entries[k], 0, &te);
			if (entries[k] == NONE)
				printf("  no entry point:\n");
			else if (te.paths)
				printf("  entry %s: %zu of %zu seen\n",
				       fname(c, entries[k]), te.seen, te.paths);
			else
				printf("  entry %s: no static path\n",
				       fname(c, entries[k]));
			for (j = 0; j < c->nr_paths; j++) {
				const struct path_cov *p = &c->paths[j];

				if (p->len && path_target(p) == targets[i] &&
				    path_entry(p) == entries[k])
					print_path(c, p);
			}
			for (j = 0; j < c->nr_tr; j++) {
				const struct trace_cov *tc = &c->tr[j];

				if (tc->relevant && !tc->matches &&
				    tc->target == targets[i] &&
				    tc->entry == entries[k])
					print_unexplained(tc);
			}
		}
		free(entries);
	}
	free(targets);
}

/* --- JSON ----------------------------------------------------------- */

static cJSON *names_json(const struct coverage *c, const uint32_t *fn, size_t n)
{
	cJSON *arr = cJSON_CreateArray();
	size_t i;

	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(fname(c, fn[i])));
	return arr;
}

static void add_share(cJSON *o, size_t part, size_t whole)
{
	if (whole)
		cJSON_AddNumberToObject(o, "share",
					(double)part / (double)whole);
	else
		cJSON_AddNullToObject(o, "share");
}

static void add_name_or_null(const struct coverage *c, cJSON *o,
			     const char *key, uint32_t f)
{
	if (f == NONE)
		cJSON_AddNullToObject(o, key);
	else
		cJSON_AddStringToObject(o, key, fname(c, f));
}

static void print_json(const struct coverage *c)
{
	cJSON *root = cJSON_CreateObject(), *o, *arr;
	uint32_t *targets, *entries;
	size_t nt, ne, i, k;

	cJSON_AddNumberToObject(root, "paths", (double)c->nr_paths);
	cJSON_AddNumberToObject(root, "seen", (double)c->seen);
	cJSON_AddNumberToObject(root, "never_seen",
				(double)(c->nr_paths - c->seen));
	add_share(root, c->seen, c->nr_paths);
	cJSON_AddBoolToObject(root, "complete", c->rv->paths_complete);
	o = cJSON_AddObjectToObject(root, "traces");
	cJSON_AddNumberToObject(o, "distinct", (double)c->nr_tr);
	cJSON_AddNumberToObject(o, "occurrences", (double)c->set->occurrences);
	cJSON_AddNumberToObject(o, "logs", (double)c->logs);
	cJSON_AddNumberToObject(o, "explained", (double)c->explained);
	cJSON_AddNumberToObject(o, "unexplained", (double)c->unexplained);
	cJSON_AddNumberToObject(o, "no_target", (double)c->no_target);
	arr = cJSON_AddArrayToObject(root, "targets");
	nt = coverage_targets(c, &targets);
	for (i = 0; i < nt; i++) {
		cJSON *to = cJSON_CreateObject(), *ea;
		struct coverage_tally t;

		coverage_count(c, targets[i], 0, 1, &t);
		cJSON_AddStringToObject(to, "target", fname(c, targets[i]));
		cJSON_AddNumberToObject(to, "paths", (double)t.paths);
		cJSON_AddNumberToObject(to, "seen", (double)t.seen);
		add_share(to, t.seen, t.paths);
		cJSON_AddNumberToObject(to, "unexplained",
					(double)t.unexplained);
		ea = cJSON_AddArrayToObject(to, "entries");
		ne = coverage_entries(c, targets[i], &entries);
		for (k = 0; k < ne; k++) {
			cJSON *eo = cJSON_CreateObject();
			struct coverage_tally te;

			coverage_count(c, targets[i], entries[k], 0, &te);
			add_name_or_null(c, eo, "entry", entries[k]);
			cJSON_AddNumberToObject(eo, "paths", (double)te.paths);
			cJSON_AddNumberToObject(eo, "seen", (double)te.seen);
			add_share(eo, te.seen, te.paths);
			cJSON_AddNumberToObject(eo, "unexplained",
						(double)te.unexplained);
			cJSON_AddItemToArray(ea, eo);
		}
		free(entries);
		cJSON_AddItemToArray(arr, to);
	}
	free(targets);
	arr = cJSON_AddArrayToObject(root, "static_paths");
	for (i = 0; i < c->nr_paths; i++) {
		const struct path_cov *p = &c->paths[i];
		cJSON *po = cJSON_CreateObject(), *ta;

		cJSON_AddStringToObject(po, "id", p->p->id);
		cJSON_AddItemToObject(po, "functions",
				      names_json(c, p->fn, p->len));
		cJSON_AddStringToObject(po, "verdict",
					verdict_name(p->p->verdict));
		cJSON_AddBoolToObject(po, "seen", p->nr_traces > 0);
		review_add_class_json(p->p, po);
		json_add_count_or_null(po, "missing", p->missing);
		cJSON_AddNumberToObject(po, "occurrences",
					(double)p->occurrences);
		ta = cJSON_AddArrayToObject(po, "traces");
		for (k = 0; k < p->nr_traces; k++) {
			cJSON *te = cJSON_CreateObject();

			trace_add_json(te, c->tr[p->traces[k]].t);
			cJSON_AddItemToArray(ta, te);
		}
		cJSON_AddItemToArray(arr, po);
	}
	cJSON_AddItemToObject(root, "reviewed", reviewed_json(c));
	arr = cJSON_AddArrayToObject(root, "unexplained");
	for (i = 0; i < c->nr_tr; i++) {
		const struct trace_cov *tc = &c->tr[i];
		const struct triage_rule *r = tc->rule;
		cJSON *te, *fr;

		if (!tc->relevant || tc->matches)
			continue;
		te = cJSON_CreateObject();
		trace_add_json(te, tc->t);
		add_name_or_null(c, te, "entry", tc->entry);
		add_name_or_null(c, te, "target", tc->target);
		cJSON_AddItemToObject(te, "functions",
				      names_json(c, tc->fns, tc->nr_fns));
		fr = cJSON_AddArrayToObject(te, "frames");
		for (k = 0; k < tc->shown.nr; k++)
			cJSON_AddItemToArray(
				fr, cJSON_CreateString(tc->shown.v[k]));
		cJSON_AddStringToObject(
			te, "verdict",
			verdict_name(r ? r->verdict : VERDICT_UNDECIDED));
		if (r) {
			char *where = xstrfmt("%s:%d", r->origin.file,
					      r->origin.line);

			cJSON_AddStringToObject(te, "reason", r->reason);
			cJSON_AddStringToObject(te, "rule", where);
			free(where);
		} else {
			cJSON_AddNullToObject(te, "reason");
			cJSON_AddNullToObject(te, "rule");
		}
		cJSON_AddStringToObject(te, "why", coverage_why_name(tc->why));
		cJSON_AddStringToObject(te, "detail", tc->detail);
		if (tc->why == WHY_HOP) {
			cJSON *h = cJSON_AddObjectToObject(te, "hop");

			cJSON_AddStringToObject(h, "caller", tc->hop_caller);
			cJSON_AddStringToObject(h, "callee", tc->hop_callee);
		} else {
			cJSON_AddNullToObject(te, "hop");
		}
		cJSON_AddItemToArray(arr, te);
	}
	cmd_print_json(root);
}

static int cmd_coverage(int argc, char **argv)
{
	struct coverage_args a = {NULL};
	struct cmd_opts o;
	struct cmd_graph cg;
	struct review_ctx ctx;
	struct review rv;
	struct trace_log set;
	struct coverage c;
	int code;

	code = cmd_start_rules(&o, &cmd_coverage_entry,
			       CO_FORMAT | CO_FILTERS | CO_CLASS | CO_SEARCH,
			       argc, argv, coverage_options, handle, &a, &cg);
	if (!code)
		code = cmd_need_ends(&cg, NULL);
	if (code)
		goto out;
	if (traces_load(&cg.db, a.label, &set)) {
		code = EXIT_SYSTEM;
		goto out;
	}
	if (!set.nr)
		note("no traces%s%s%s in the database: run 'callreach traces "
		     "import' first",
		     a.label ? " labelled '" : "", a.label ? a.label : "",
		     a.label ? "'" : "");
	code = cmd_review(&cg, &o, cmd_limit(&o, CMD_REVIEW_LIMIT), &ctx, &rv);
	if (code) {
		trace_log_release(&set);
		goto out;
	}
	coverage_compute(&c, &cg.g, &cg.rules, &cg.filter, &cg.rule_entries,
			 &cg.rule_targets, &rv, &set);
	if (o.format == FORMAT_JSON) {
		print_json(&c);
	} else {
		print_text(&c);
		print_reviewed(&c);
	}
	coverage_release(&c);
	review_release(&rv);
	trace_log_release(&set);
out:
	return cmd_end(&o, code);
}

CMD_DEFINE(coverage,
	   "--rules FILE... [--label NAME] [--limit N] [--budget N] [--format "
	   "text|json] [FILTERS]",
	   "static paths seen and never seen at run time, and traces no path "
	   "explains");
