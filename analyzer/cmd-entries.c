/*
 * cmd-entries.c - "callreach entries": the entry points the rules name,
 * each with the rules that produced it ("entry", "entry-callees-of",
 * "entry-registered-by").
 */
#include "cmd.h"
#include "query.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One entry point found by one rule. */
struct found {
	const char *name; /* borrowed from the graph */
	uint32_t f;
	size_t rule; /* index into the rule list */
};

struct entry_rule {
	const char *directive;
	const struct rule_pattern *p;
	size_t count;
};

static int cmp_found(const void *a, const void *b)
{
	const struct found *x = a, *y = b;

	return cmp_str_u64(x->name, x->rule, y->name, y->rule);
}

static void add_rule(struct entry_rule **rules, size_t *nr, const char *dir,
		     const struct rule_pattern *p)
{
	*rules = xrealloc(*rules, (*nr + 1) * sizeof(**rules));
	(*rules)[*nr].directive = dir;
	(*rules)[*nr].p = p;
	(*rules)[*nr].count = 0;
	(*nr)++;
}

static int cmd_entries(int argc, char **argv)
{
	struct cmd_opts o;
	struct cmd_graph cg;
	struct entry_rule *rules = NULL;
	struct found *found = NULL;
	size_t nr_rules = 0, nr_found = 0, alloc_found = 0, i, k;
	unsigned char *flags = NULL;
	int code;

	code = cmd_start_rules(&o, &cmd_entries_entry, CO_FORMAT | CO_FILTERS,
			       argc, argv, NULL, NULL, NULL, &cg);
	if (code)
		goto out;
	for (i = 0; i < cg.rules.nr_entries; i++)
		add_rule(&rules, &nr_rules, "entry", &cg.rules.entries[i]);
	for (i = 0; i < cg.rules.nr_entry_callees; i++)
		add_rule(&rules, &nr_rules, "entry-callees-of",
			 &cg.rules.entry_callees[i]);
	for (i = 0; i < cg.rules.nr_entry_registered; i++)
		add_rule(&rules, &nr_rules, "entry-registered-by",
			 &cg.rules.entry_registered[i]);
	for (i = 0; i < nr_rules; i++) {
		struct sym_matches m = {0};
		const char *text = rules[i].p->text;

		if (!strcmp(rules[i].directive, "entry"))
			rules_match_functions(&cg.g, text, &m);
		else if (!strcmp(rules[i].directive, "entry-callees-of"))
			rules_callees_of(&cg.g, text, &m);
		else
			indirect_registered_by(&cg.ind, &cg.g, text, &m);
		rules[i].count = m.nr;
		for (k = 0; k < m.nr; k++) {
			ALLOC_GROW(found, nr_found + 1, alloc_found);
			found[nr_found].name = cg.g.f[m.idx[k]].name;
			found[nr_found].f = m.idx[k];
			found[nr_found].rule = i;
			nr_found++;
		}
		sym_matches_release(&m);
	}
	sort_array(found, nr_found, sizeof(*found), cmp_found);
	flags = filter_flags(&cg.filter, &cg.g);

	if (o.format == FORMAT_JSON) {
		cJSON *root = cJSON_CreateObject();
		cJSON *arr = cJSON_AddArrayToObject(root, "entries");
		cJSON *rarr = cJSON_AddArrayToObject(root, "rules");
		cJSON *e = NULL, *from = NULL;

		for (i = 0; i < nr_found; i++) {
			const struct entry_rule *r = &rules[found[i].rule];
			cJSON *ro;
			char *where;

			if (!i || found[i].f != found[i - 1].f) {
				uint32_t f = found[i].f;

				e = cJSON_CreateObject();
				cJSON_AddStringToObject(e, "name",
							cg.g.f[f].name);
				cJSON_AddBoolToObject(e, "excluded",
						      flags[f] & NF_EXCLUDED);
				cJSON_AddBoolToObject(e, "init_only",
						      cg.ind.init_only[f]);
				from = cJSON_AddArrayToObject(e, "rules");
				cJSON_AddItemToArray(arr, e);
			}
			ro = cJSON_CreateObject();
			where = xstrfmt("%s:%d", r->p->origin.file,
					r->p->origin.line);
			cJSON_AddStringToObject(ro, "rule", where);
			free(where);
			cJSON_AddStringToObject(ro, "directive", r->directive);
			cJSON_AddStringToObject(ro, "pattern", r->p->text);
			cJSON_AddItemToArray(from, ro);
		}
		for (i = 0; i < nr_rules; i++) {
			cJSON *ro = cJSON_CreateObject();
			char *where = xstrfmt("%s:%d", rules[i].p->origin.file,
					      rules[i].p->origin.line);

			cJSON_AddStringToObject(ro, "rule", where);
			free(where);
			cJSON_AddStringToObject(ro, "directive",
						rules[i].directive);
			cJSON_AddStringToObject(ro, "pattern",
						rules[i].p->text);
			cJSON_AddNumberToObject(ro, "entries",
						(double)rules[i].count);
			cJSON_AddItemToArray(rarr, ro);
		}
		cmd_print_json(root);
	} else {
		size_t distinct = 0;

		for (i = 0; i < nr_found; i++) {
			const struct entry_rule *r = &rules[found[i].rule];
			uint32_t f = found[i].f;
			int first = !i || f != found[i - 1].f;

			distinct += first;
			printf("%-40s %s:%d: %s %s%s%s\n",
			       first ? cg.g.f[f].name : "", r->p->origin.file,
			       r->p->origin.line, r->directive, r->p->text,
			       first && (flags[f] & NF_EXCLUDED) ? " (excluded)"
								 : "",
			       first && cg.ind.init_only[f] ? " (boot only)"
							    : "");
		}
		printf("\n%zu entry point%s\n", distinct,
		       distinct == 1 ? "" : "s");
		for (i = 0; i < nr_rules; i++)
			printf("  %s:%d: %s %s: %zu\n", rules[i].p->origin.file,
			       rules[i].p->origin.line, rules[i].directive,
			       rules[i].p->text, rules[i].count);
	}
	code = nr_found ? EXIT_OK : EXIT_NOTFOUND;
	free(flags);
	free(found);
	free(rules);
out:
	return cmd_end(&o, code);
}

CMD_DEFINE(entries, "--rules FILE... [--format text|json] [FILTERS]",
	   "list the entry points the rules name, each with its rules");
