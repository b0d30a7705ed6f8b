/*
 * cmd-stats.c - "callreach stats": what the database holds.
 */
#include "cmd.h"
#include "alloc_class.h"
#include "kconfig.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int self_loop(const struct graph *g, uint32_t v)
{
	uint32_t k;

	for (k = g->out_start[v]; k < g->out_start[v + 1]; k++)
		if (g->out[k] == v)
			return 1;
	return 0;
}

/* What the object files added: boot-only functions, indirect calls. */
/* Add NAME: {TIER: COUNTS[TIER]} to O for the tiers from FIRST on. */
static void add_tier_counts(cJSON *o, const char *name, const uint64_t *counts,
			    unsigned first)
{
	cJSON *r = cJSON_AddObjectToObject(o, name);
	unsigned t;

	for (t = first; t < IND_NR_TIERS; t++)
		cJSON_AddNumberToObject(r, indirect_tier_name(1u << t),
					(double)counts[t]);
}

static void stats_objects_json(const struct cmd_graph *cg, cJSON *root)
{
	const struct indirect *ind = &cg->ind;
	cJSON *o = cJSON_AddObjectToObject(root, "indirect"), *r;
	struct strbuf tiers = STRBUF_INIT;
	unsigned t;

	cJSON_AddNumberToObject(root, "objects", ind->nr_objects);
	cJSON_AddNumberToObject(root, "init_only", ind->nr_init_only);
	for (t = 1; t <= IND_REGISTRY; t <<= 1)
		if (ind->tiers & t)
			strbuf_addf(&tiers, "%s%s", tiers.len ? "," : "",
				    indirect_tier_name(t));
	cJSON_AddStringToObject(o, "tiers",
				tiers.len ? strbuf_str(&tiers) : "none");
	strbuf_release(&tiers);
	cJSON_AddNumberToObject(o, "sites", (double)ind->counts.sites);
	cJSON_AddNumberToObject(o, "with_member",
				(double)ind->counts.with_member);
	add_tier_counts(o, "resolved", ind->counts.resolved, 0);
	cJSON_AddNumberToObject(o, "unresolved",
				(double)ind->counts.unresolved);
	cJSON_AddNumberToObject(o, "address_taken_functions",
				(double)ind->counts.address_taken);
	r = cJSON_AddObjectToObject(o, "in_code");
	cJSON_AddNumberToObject(r, "sites", (double)ind->counts.code_sites);
	cJSON_AddNumberToObject(r, "resolved",
				(double)ind->counts.code_resolved);
	cJSON_AddNumberToObject(r, "unresolved",
				(double)ind->counts.code_unresolved);
	add_tier_counts(o, "edges", ind->counts.edges, 1);
}

static void stats_objects_text(const struct cmd_graph *cg)
{
	const struct indirect *ind = &cg->ind;
	unsigned t;
	int first = 1;

	printf("objects read:          %u\n", ind->nr_objects);
	printf("init-only functions:   %u\n", ind->nr_init_only);
	printf("indirect sites solved: rules %" PRIu64 ", fields %" PRIu64
	       ", registry %" PRIu64 ", address-taken %" PRIu64 " (of %" PRIu64
	       ")\n",
	       ind->counts.resolved[0], ind->counts.resolved[2],
	       ind->counts.resolved[3], ind->counts.resolved[1],
	       ind->counts.sites);
	printf("unresolved sites:      %" PRIu64 " (tiers ",
	       ind->counts.unresolved);
	for (t = 1; t <= IND_REGISTRY; t <<= 1)
		if (ind->tiers & t) {
			printf("%s%s", first ? "" : ",", indirect_tier_name(t));
			first = 0;
		}
	printf("%s)\n", first ? "none" : "");
	printf("calls GCC did not see: %" PRIu64 " through pointers in asm"
	       " (fields %" PRIu64 ", unresolved %" PRIu64 ")\n",
	       ind->counts.code_sites, ind->counts.code_resolved,
	       ind->counts.code_unresolved);
	printf("indirect call edges:   fields %" PRIu64 ", registry %" PRIu64
	       ", address-taken %" PRIu64 "\n",
	       ind->counts.edges[2], ind->counts.edges[3],
	       ind->counts.edges[1]);
}

/* The argument values of call sites read from DWARF, or why none are. */
struct call_values {
	int64_t sites, values, unknown_abi; /* values: sites with some */
	char *missing;
};

static int call_values(struct cmd_graph *cg, struct call_values *cv)
{
	struct alloc_classifier *ac =
		alloc_classifier_new(&cg->db, &cg->g, &cg->rules);

	memset(cv, 0, sizeof(*cv));
	if (!ac)
		return -1;
	if (alloc_classifier_missing(ac)) {
		cv->missing = xstrdup(alloc_classifier_missing(ac));
	} else {
		cv->sites = graph_db_count(&cg->db, "SELECT count(*) FROM"
						    " obj_call_sites");
		cv->values = graph_db_count(&cg->db, "SELECT count(*) FROM"
						     " obj_call_sites WHERE"
						     " args != ''");
		cv->unknown_abi =
			graph_db_count(&cg->db, "SELECT count(*) FROM"
						" obj_call_sites WHERE abi"
						" IS NULL");
	}
	alloc_classifier_free(ac);
	return cv->sites < 0 || cv->values < 0 || cv->unknown_abi < 0 ? -1 : 0;
}

static int cmd_stats(int argc, char **argv)
{
	struct cmd_opts o;
	struct cmd_graph cg;
	struct graph_scc scc;
	char *label = NULL, *config = NULL, *when = NULL;
	int64_t units, sites, indirect;
	uint32_t i, defined = 0, cycles = 0, largest = 0, call_edges;
	uint32_t *cycle_of;
	struct strvec dups = {0};
	struct call_values cv = {0, 0, 0, NULL};
	int code;

	code = cmd_parse(&o, &cmd_stats_entry,
			 CO_FORMAT | CO_RULES | CO_INDIRECT, argc, argv, NULL,
			 NULL, NULL);
	if (!code && o.args.nr)
		code = cmd_usage_error(&o, "unexpected argument '%s'",
				       o.args.v[0]);
	if (!code)
		code = cmd_open(&o, &cg, NULL);
	if (code)
		goto out;
	units = graph_db_count(&cg.db, "SELECT count(*) FROM units");
	sites = graph_db_count(&cg.db, "SELECT count(*) FROM call_sites");
	indirect =
		graph_db_count(&cg.db, "SELECT count(*) FROM indirect_sites");
	if (units < 0 || sites < 0 || indirect < 0 ||
	    graph_db_get_build(&cg.db, "label", &label) ||
	    graph_db_get_build(&cg.db, "config", &config) ||
	    graph_db_get_build(&cg.db, "ingested_at", &when) ||
	    call_values(&cg, &cv)) {
		code = EXIT_SYSTEM;
		goto out;
	}
	for (i = 0; i < cg.g.nr; i++) {
		if (cg.g.f[i].flags & GF_DEFINED)
			defined++;
		if (cg.g.f[i].flags & GF_DUPLICATE)
			strvec_push(&dups, cg.g.f[i].name);
	}
	/* the calls the compiler saw (and edge rules), not the tiers' */
	call_edges = cg.g.nr_edges - (uint32_t)(cg.ind.counts.edges[1] +
						cg.ind.counts.edges[2] +
						cg.ind.counts.edges[3]);
	graph_scc(&cg.g, NULL, NULL, NULL, &scc);
	cycle_of = xcalloc((size_t)scc.nr + 1, sizeof(*cycle_of));
	for (i = 0; i < cg.g.nr; i++)
		if (scc.size[scc.comp[i]] > 1 || self_loop(&cg.g, i))
			cycle_of[scc.comp[i]] = 1;
	for (i = 0; i < scc.nr; i++)
		if (cycle_of[i]) {
			cycles++;
			if (scc.size[i] > largest)
				largest = scc.size[i];
		}
	free(cycle_of);
	graph_scc_release(&scc);

	if (o.format == FORMAT_JSON) {
		cJSON *root = cJSON_CreateObject();
		cJSON *d = cJSON_AddArrayToObject(root, "duplicates");

		if (label)
			cJSON_AddStringToObject(root, "label", label);
		else
			cJSON_AddNullToObject(root, "label");
		cJSON_AddStringToObject(root, "ingested_at", when ? when : "");
		cJSON_AddNumberToObject(root, "units", (double)units);
		cJSON_AddNumberToObject(root, "functions", cg.g.nr);
		cJSON_AddNumberToObject(root, "defined", defined);
		cJSON_AddNumberToObject(root, "external", cg.g.nr - defined);
		cJSON_AddNumberToObject(root, "call_edges", call_edges);
		cJSON_AddNumberToObject(root, "call_sites", (double)sites);
		cJSON_AddNumberToObject(root, "indirect_call_sites",
					(double)indirect);
		for (i = 0; i < dups.nr; i++)
			cJSON_AddItemToArray(d, cJSON_CreateString(dups.v[i]));
		cJSON_AddNumberToObject(root, "cycles", cycles);
		cJSON_AddNumberToObject(root, "largest_cycle", largest);
		if (config)
			cJSON_AddStringToObject(root, "config", config);
		else
			cJSON_AddNullToObject(root, "config");
		stats_objects_json(&cg, root);
		{
			cJSON *v = cJSON_AddObjectToObject(root,
							   "argument_values");

			cJSON_AddNumberToObject(v, "sites", (double)cv.sites);
			cJSON_AddNumberToObject(v, "with_values",
						(double)cv.values);
			cJSON_AddNumberToObject(v, "unknown_abi",
						(double)cv.unknown_abi);
			if (cv.missing)
				cJSON_AddStringToObject(v, "missing",
							cv.missing);
			else
				cJSON_AddNullToObject(v, "missing");
		}
		cmd_print_json(root);
	} else {
		printf("build:                 %s\n",
		       label ? label : "(no label)");
		printf("ingested:              %s\n", when ? when : "?");
		printf("units:                 %lld\n", (long long)units);
		printf("functions:             %u (%u defined, %u external)\n",
		       cg.g.nr, defined, cg.g.nr - defined);
		printf("call edges:            %u\n", call_edges);
		printf("call sites:            %lld\n", (long long)sites);
		printf("indirect call sites:   %lld\n", (long long)indirect);
		printf("duplicate definitions: %zu", dups.nr);
		for (i = 0; i < dups.nr; i++)
			printf("%s%s", i ? ", " : " (", dups.v[i]);
		printf("%s\n", dups.nr ? ")" : "");
		printf("cycles:                %u (largest: %u functions)\n",
		       cycles, largest);
		if (config) {
			struct kconfig_counts kc;

			kconfig_count(config, &kc);
			printf("config:                %zu lines, %zu options "
			       "set\n",
			       kc.lines, kc.set);
		} else {
			printf("config:                (none)\n");
		}
		stats_objects_text(&cg);
		if (cv.missing)
			printf("argument values:       unknown: %s\n",
			       cv.missing);
		else
			printf("argument values:       at %lld of %lld call"
			       " sites read (%lld of an unknown calling"
			       " convention)\n",
			       (long long)cv.values, (long long)cv.sites,
			       (long long)cv.unknown_abi);
	}
out:
	strvec_clear(&dups);
	free(cv.missing);
	free(label);
	free(config);
	free(when);
	return cmd_end(&o, code);
}

CMD_DEFINE(stats, "[--format text|json] [--rules FILE] [--indirect TIERS]",
	   "count units, functions, calls, duplicates and cycles");
