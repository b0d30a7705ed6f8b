/*
 * cmd-gate.c - "callreach gate": compare the database with a baseline and
 * fail when something new lacks a SAFE or PROB_SAFE verdict; the way every
 * comparison of builds goes ("diff" too).
 */
#include "cmd.h"
#include "alloc_class.h"
#include "gate.h"
#include "review.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	OPT_BASELINE = OPT_CMD_BASE,
	OPT_MARKDOWN,
	OPT_JUNIT,
	OPT_SARIF,
};

/* Options of the commands that compare builds (gate, diff). */
struct gate_opts {
	const char *baseline;
	const char *report[3]; /* markdown, junit, sarif output files */
};

static const struct option gate_options[] = {
	{"baseline", required_argument, NULL, OPT_BASELINE},
	{"markdown", required_argument, NULL, OPT_MARKDOWN},
	{"junit", required_argument, NULL, OPT_JUNIT},
	{"sarif", required_argument, NULL, OPT_SARIF},
	{NULL, 0, NULL, 0},
};

static const struct gate_reporter *const reporters[3] = {
	&gate_markdown,
	&gate_junit,
	&gate_sarif,
};

static int handle(int opt, const char *arg, void *ctx)
{
	struct gate_opts *go = ctx;

	switch (opt) {
	case OPT_BASELINE:
		go->baseline = arg;
		return 0;
	case OPT_MARKDOWN:
	case OPT_JUNIT:
	case OPT_SARIF:
		go->report[opt - OPT_MARKDOWN] = arg;
		return 0;
	}
	return -1;
}

static void print_json(const struct comparison *c)
{
	cJSON *root = cJSON_CreateObject(), *arr, *counts;
	size_t i, k;

	cJSON_AddBoolToObject(root, "failed", c->failed);
	cJSON_AddBoolToObject(root, "decided_by_paths", c->by_paths);
	counts = cJSON_AddObjectToObject(root, "counts");
	for (k = 0; k < CHANGE_KIND_COUNT; k++)
		cJSON_AddNumberToObject(counts,
					change_kind_name((enum change_kind)k),
					(double)c->counts[k]);
	arr = cJSON_AddArrayToObject(root, "changes");
	for (i = 0; i < c->nr; i++) {
		const struct change *ch = &c->v[i];
		cJSON *o = cJSON_CreateObject(), *w = cJSON_CreateArray();

		cJSON_AddStringToObject(o, "kind", change_kind_name(ch->kind));
		cJSON_AddStringToObject(o, "what", ch->title);
		cJSON_AddBoolToObject(o, "passes", ch->passes);
		cJSON_AddStringToObject(o, "verdict",
					verdict_name(ch->verdict));
		json_add_string_or_null(o, "reason", ch->reason);
		change_add_class_json(ch, o);
		for (k = 0; k < ch->witness.nr; k++)
			cJSON_AddItemToArray(
				w, cJSON_CreateString(ch->witness.v[k]));
		cJSON_AddItemToObject(o, "witness", w);
		if (ch->witness_id)
			cJSON_AddStringToObject(o, "id", ch->witness_id);
		if (ch->file)
			cJSON_AddItemToObject(
				o, "site",
				json_site(ch->file, ch->line, ch->col));
		cJSON_AddItemToArray(arr, o);
	}
	cmd_print_json(root);
}

static void put_name(FILE *out, const char *name)
{
	fputs(name, out);
}

static void print_text(const struct comparison *c)
{
	size_t i, k;

	for (i = 0; i < c->nr; i++) {
		const struct change *ch = &c->v[i];

		printf("%s %s: %s\n", ch->passes ? "  ok  " : "  FAIL",
		       change_kind_name(ch->kind), ch->title);
		if (ch->witness.nr) {
			printf("         witness: ");
			change_write_witness(ch, stdout, " > ", put_name);
			putchar('\n');
		}
		if (ch->kind != CHANGE_REMOVED_PATH &&
		    ch->kind != CHANGE_REMOVED_PAIR)
			printf("         verdict: %s%s%s\n",
			       verdict_name(ch->verdict),
			       ch->reason ? " - " : "",
			       ch->reason ? ch->reason : "");
		if (ch->cls >= 0 && ch->kind != CHANGE_REMOVED_PATH &&
		    ch->kind != CHANGE_REMOVED_PAIR) {
			printf("         class: %s",
			       alloc_class_name((enum alloc_class)ch->cls));
			if (ch->size >= 0)
				printf(", %lld bytes", (long long)ch->size);
			if (ch->class_site)
				printf(", %s", ch->class_site);
			putchar('\n');
		}
		if (ch->file)
			printf("         at %s:%d:%d\n", ch->file, ch->line,
			       ch->col);
	}
	printf("%s", c->nr ? "\n" : "");
	for (k = 0; k < CHANGE_KIND_COUNT; k++)
		printf("%s%zu %s%s", k ? ", " : "", c->counts[k],
		       change_kind_name((enum change_kind)k),
		       k + 1 == CHANGE_KIND_COUNT ? "\n" : "");
	printf("%s\n", c->by_paths
			       ? "decided from the complete path sets"
			       : "the path sets are too large to list: decided "
				 "from reachable pairs and call edges");
	printf("gate: %s\n",
	       c->failed ? "FAIL (new items lack a SAFE or PROB_SAFE verdict)"
			 : "pass");
}

/* Print the comparison, write the CI reports; the gate's exit code. */
static int finish(const struct cmd_opts *o, const struct gate_opts *go,
		  const struct comparison *c)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(reporters); i++)
		if (go->report[i] &&
		    replace_file(go->report[i], reporters[i]->write, c))
			return EXIT_SYSTEM;
	if (o->format == FORMAT_JSON)
		print_json(c);
	else
		print_text(c);
	return c->failed ? EXIT_NOTFOUND : EXIT_OK;
}

/*
 * The base review of a comparison: the --baseline file (gate), or the
 * review of the first database (diff).
 */
static int read_base(const struct cmd_opts *o, const struct gate_opts *go,
		     struct review *base)
{
	struct cmd_graph cg;
	struct review_ctx ctx;
	int code;

	if (go->baseline)
		return review_read_json(go->baseline, base) ? EXIT_BADINPUT : 0;
	code = cmd_graph_open_path(&cg, o, o->args.v[0]);
	if (code)
		return code;
	code = cmd_review(&cg, o, cmd_limit(o, CMD_REVIEW_LIMIT), &ctx, base);
	cmd_graph_close(&cg);
	return code;
}

int cmd_compare(int argc, char **argv, const struct cmd_entry *cmd)
{
	struct gate_opts go = {NULL, {NULL, NULL, NULL}};
	int diff = cmd == &cmd_diff_entry;
	struct cmd_opts o;
	struct cmd_graph cg;
	struct review_ctx ctx;
	struct review base, head;
	struct comparison c;
	int code;

	code = cmd_parse(&o, cmd, CO_FORMAT | CO_FILTERS | CO_CLASS | CO_SEARCH,
			 argc, argv, gate_options, handle, &go);
	if (!code && diff && (o.args.nr != 2 || !o.rules.nr || go.baseline))
		code = cmd_usage_error(&o,
				       "give A.db B.db and --rules FILE...");
	else if (!code && !diff && (!go.baseline || !o.rules.nr || o.args.nr))
		code = cmd_usage_error(
			&o, "give --rules FILE... and --baseline FILE");
	if (!code)
		code = read_base(&o, &go, &base);
	if (code)
		goto out;
	if (diff)
		o.db = o.args.v[1]; /* the head: the second database */
	code = cmd_open(&o, &cg, NULL);
	/*
	 * Against a baseline whose paths could not all be listed, pairs and
	 * edges decide: listing the head's paths would be wasted work.
	 */
	if (!code)
		code = cmd_review(&cg, &o,
				  base.paths_complete || diff
					  ? cmd_limit(&o, CMD_REVIEW_LIMIT)
					  : 0,
				  &ctx, &head);
	if (!code) {
		review_compare(&base, &head, &ctx, &c);
		code = finish(&o, &go, &c);
		comparison_release(&c);
		review_release(&head);
	}
	review_release(&base);
out:
	return cmd_end(&o, code);
}

static int cmd_gate(int argc, char **argv)
{
	return cmd_compare(argc, argv, &cmd_gate_entry);
}

CMD_DEFINE(
	gate,
	"--rules FILE... --baseline FILE [--markdown F] [--junit F] [--sarif "
	"F] "
	"[--format text|json]",
	"compare with a baseline; exit 1 when something new lacks a SAFE "
	"verdict");
