/*
 * cmd-sites.c - "callreach sites": every call site into a target, with
 * its class and size at the site, boot-only or run-time, the entry points
 * reaching it with path counts by class, and the triage verdict covering
 * every path through it.
 */
#include "cmd.h"
#include "alloc_sites.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

static const enum alloc_class path_classes[] = {
	ACLASS_ANONYMOUS, ACLASS_ATTRIBUTED, ACLASS_UNKNOWN};

static int wanted(const struct cmd_graph *cg, const struct alloc_site_row *r)
{
	size_t k;

	if (!cg->classes || (cg->classes & (1u << r->v.cls)))
		return 1;
	for (k = 0; k < ARRAY_SIZE(path_classes); k++)
		if ((cg->classes & (1u << path_classes[k])) &&
		    r->paths[path_classes[k]])
			return 1;
	return 0;
}

static char *rule_where(const struct rule_origin *o)
{
	return xstrfmt("%s:%d", o->file, o->line);
}

/* What decided the class at the site, in one line. */
static void class_text(const struct cmd_graph *cg,
		       const struct alloc_site_row *r, int where,
		       struct strbuf *sb)
{
	const struct alloc_verdict *v = &r->v;

	if (v->cls == ACLASS_PASSED)
		strbuf_addf(sb, "depends on argument %d of %s", v->passed_arg,
			    cg->g.f[r->caller].name);
	else if (v->cls == ACLASS_UNKNOWN && v->why)
		strbuf_addstr(sb, v->why);
	else if (v->cls == ACLASS_ATTRIBUTED)
		strbuf_addf(sb, "no anonymous condition on %s holds",
			    cg->g.f[r->callee].name);
	else if (v->rule)
		strbuf_addf(sb, "%s", v->rule->text);
	if (where && v->rule && v->cls == ACLASS_ANONYMOUS)
		strbuf_addf(sb, " [%s:%d]", v->rule->origin.file,
			    v->rule->origin.line);
}

static void size_text(const struct alloc_site_row *r, struct strbuf *sb)
{
	if (r->v.size >= 0)
		strbuf_addf(sb, "%" PRId64 " bytes", r->v.size);
	else if (r->v.size_arg)
		strbuf_addf(sb, "caller's argument %d", r->v.size_arg);
	else
		strbuf_addstr(sb, "size unknown");
}

static void print_text(const struct cmd_graph *cg, const struct alloc_sites *ss)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, k, by[ACLASS_COUNT] = {0}, shown = 0;
	uint32_t callee = UINT32_MAX;

	for (i = 0; i < ss->nr; i++) {
		const struct alloc_site_row *r = &ss->v[i];
		const struct alloc_site *s = r->site;

		if (!wanted(cg, r))
			continue;
		shown++;
		by[r->v.cls]++;
		if (r->callee != callee) {
			callee = r->callee;
			printf("%s%s:\n", shown > 1 ? "\n" : "",
			       cg->g.f[callee].name);
		}
		strbuf_reset(&sb);
		size_text(r, &sb);
		printf("  %-10s %-22s %-9s %s", alloc_class_name(r->v.cls),
		       strbuf_str(&sb), r->boot_only ? "boot-only" : "run-time",
		       cg->g.f[r->caller].name);
		if (s->file)
			printf(" at %s:%d:%d\n", s->file, s->line, s->col);
		else
			printf(" (no call site location)\n");
		strbuf_reset(&sb);
		class_text(cg, r, 1, &sb);
		if (sb.len)
			printf("      %s\n", strbuf_str(&sb));
		printf("      entries %zu%s", r->nr_entries,
		       r->nr_entries ? " (paths anonymous/attributed/unknown):"
				     : "");
		for (k = 0; k < r->nr_entries && k < 4; k++)
			printf("%s%s %" PRIu64 "/%" PRIu64 "/%" PRIu64,
			       k ? ", " : " ", cg->g.f[r->entries[k]].name,
			       r->entry_paths[k][ACLASS_ANONYMOUS],
			       r->entry_paths[k][ACLASS_ATTRIBUTED],
			       r->entry_paths[k][ACLASS_UNKNOWN]);
		if (r->nr_entries > 4)
			printf(", +%zu more", r->nr_entries - 4);
		printf("\n      paths%s: anonymous %" PRIu64
		       ", attributed %" PRIu64 ", unknown %" PRIu64 "\n",
		       r->paths_exact ? "" : " (at least)",
		       r->paths[ACLASS_ANONYMOUS], r->paths[ACLASS_ATTRIBUTED],
		       r->paths[ACLASS_UNKNOWN]);
		if (r->verdict) {
			char *w = rule_where(&r->verdict->origin);

			printf("      verdict %s: %s [%s]\n",
			       verdict_name(r->verdict->verdict),
			       r->verdict->reason, w);
			free(w);
		} else {
			printf("      verdict UNDECIDED\n");
		}
	}
	printf("\n%zu site%s: anonymous %zu, attributed %zu, passed %zu,"
	       " unknown %zu\n",
	       shown, shown == 1 ? "" : "s", by[ACLASS_ANONYMOUS],
	       by[ACLASS_ATTRIBUTED], by[ACLASS_PASSED], by[ACLASS_UNKNOWN]);
	if (alloc_classifier_missing(cg->ac))
		printf("every argument value is unknown: %s\n",
		       alloc_classifier_missing(cg->ac));
	strbuf_release(&sb);
}

static void print_json(const struct cmd_graph *cg, const struct alloc_sites *ss)
{
	cJSON *root = cJSON_CreateObject(), *arr, *byc;
	size_t i, k, by[ACLASS_COUNT] = {0};

	arr = cJSON_AddArrayToObject(root, "sites");
	for (i = 0; i < ss->nr; i++) {
		const struct alloc_site_row *r = &ss->v[i];
		const struct alloc_site *s = r->site;
		cJSON *o, *a, *p;
		struct strbuf sb = STRBUF_INIT;

		if (!wanted(cg, r))
			continue;
		by[r->v.cls]++;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "caller", cg->g.f[r->caller].name);
		cJSON_AddStringToObject(o, "callee", cg->g.f[r->callee].name);
		if (s->file) {
			cJSON_AddStringToObject(o, "file", s->file);
			cJSON_AddNumberToObject(o, "line", s->line);
			cJSON_AddNumberToObject(o, "col", s->col);
		} else {
			cJSON_AddNullToObject(o, "file");
			cJSON_AddNullToObject(o, "line");
			cJSON_AddNullToObject(o, "col");
		}
		cJSON_AddStringToObject(o, "class", alloc_class_name(r->v.cls));
		if (r->v.cls == ACLASS_PASSED)
			cJSON_AddNumberToObject(o, "passed_arg",
						r->v.passed_arg);
		if (r->v.size >= 0)
			cJSON_AddNumberToObject(o, "size", (double)r->v.size);
		else
			cJSON_AddNullToObject(o, "size");
		if (r->v.size_arg)
			cJSON_AddNumberToObject(o, "size_arg", r->v.size_arg);
		cJSON_AddBoolToObject(o, "boot_only", r->boot_only);
		class_text(cg, r, 0, &sb);
		cJSON_AddStringToObject(o, "reason", strbuf_str(&sb));
		strbuf_release(&sb);
		if (r->v.rule && r->v.cls == ACLASS_ANONYMOUS) {
			char *w = rule_where(&r->v.rule->origin);

			cJSON_AddStringToObject(o, "rule", w);
			free(w);
		} else {
			cJSON_AddNullToObject(o, "rule");
		}
		a = cJSON_AddArrayToObject(o, "entries");
		for (k = 0; k < r->nr_entries; k++) {
			cJSON *eo = cJSON_CreateObject(), *ep;
			size_t c;

			cJSON_AddStringToObject(eo, "name",
						cg->g.f[r->entries[k]].name);
			ep = cJSON_AddObjectToObject(eo, "paths");
			for (c = 0; c < ARRAY_SIZE(path_classes); c++)
				cJSON_AddNumberToObject(
					ep, alloc_class_name(path_classes[c]),
					(double)r
						->entry_paths[k]
							     [path_classes[c]]);
			cJSON_AddItemToArray(a, eo);
		}
		p = cJSON_AddObjectToObject(o, "paths");
		for (k = 0; k < ARRAY_SIZE(path_classes); k++)
			cJSON_AddNumberToObject(
				p, alloc_class_name(path_classes[k]),
				(double)r->paths[path_classes[k]]);
		cJSON_AddBoolToObject(o, "paths_exact", r->paths_exact);
		cJSON_AddStringToObject(
			o, "verdict",
			verdict_name(r->verdict ? r->verdict->verdict
						: VERDICT_UNDECIDED));
		if (r->verdict) {
			char *w = rule_where(&r->verdict->origin);

			cJSON_AddStringToObject(o, "verdict_reason",
						r->verdict->reason);
			cJSON_AddStringToObject(o, "verdict_rule", w);
			free(w);
		} else {
			cJSON_AddNullToObject(o, "verdict_reason");
			cJSON_AddNullToObject(o, "verdict_rule");
		}
		cJSON_AddItemToArray(arr, o);
	}
	byc = cJSON_AddObjectToObject(root, "by_class");
	for (k = 0; k < ACLASS_COUNT; k++)
		cJSON_AddNumberToObject(byc,
					alloc_class_name((enum alloc_class)k),
					(double)by[k]);
	if (alloc_classifier_missing(cg->ac))
		cJSON_AddStringToObject(root, "class_missing",
					alloc_classifier_missing(cg->ac));
	else
		cJSON_AddNullToObject(root, "class_missing");
	cmd_print_json(root);
}

static int cmd_sites(int argc, char **argv)
{
	struct cmd_opts o;
	struct cmd_graph cg;
	struct alloc_sites_ctx ctx;
	struct alloc_sites ss;
	size_t i, shown = 0;
	int code;

	code = cmd_start_rules(&o, &cmd_sites_entry,
			       CO_FORMAT | CO_FILTERS | CO_CLASS | CO_BUDGET,
			       argc, argv, NULL, NULL, NULL, &cg);
	if (code)
		goto out;
	if (!cg.rule_targets.nr) {
		error("the rules name no target");
		code = EXIT_USAGE;
		goto out;
	}
	if (!cg.ac) {
		cg.ac = alloc_classifier_new(&cg.db, &cg.g, &cg.rules);
		if (!cg.ac) {
			code = EXIT_SYSTEM;
			goto out;
		}
	}
	if (!cg.rules.nr_alloc)
		warning("the rules have no 'anonymous' or 'size' directive:"
			" every class is unknown");
	ctx.ac = cg.ac;
	ctx.g = &cg.g;
	ctx.filter = &cg.filter;
	ctx.rules = &cg.rules;
	ctx.entries = &cg.rule_entries;
	ctx.targets = &cg.rule_targets;
	ctx.init_only = cg.ind.init_only;
	ctx.budget = (uint64_t)o.budget;
	alloc_sites_compute(&ctx, &ss);
	for (i = 0; i < ss.nr; i++)
		shown += wanted(&cg, &ss.v[i]);
	if (o.format == FORMAT_JSON)
		print_json(&cg, &ss);
	else
		print_text(&cg, &ss);
	code = shown ? EXIT_OK : EXIT_NOTFOUND;
	alloc_sites_release(&ss);
out:
	return cmd_end(&o, code);
}

CMD_DEFINE(sites,
	   "--rules FILE... [--class CLASS]... [--budget N] "
	   "[--format text|json] [FILTERS]",
	   "list every call site into a target with its allocation class, size "
	   "and verdict");
