/*
 * cmd.c - what the commands share: options, usage, opening the graph.
 */
#include "cmd.h"
#include "alloc_class.h"
#include "export.h"
#include "query.h"
#include "review.h"
#include "traces.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The shared long options, each with the flags that offer it (0: all). */
static const struct {
	unsigned flags;
	struct option opt;
} shared_options[] = {
	{0, {"db", required_argument, NULL, 'd'}},
	{0, {"help", no_argument, NULL, OPT_HELP}},
	{CO_FORMAT | CO_EXPORT_FORMATS,
	 {"format", required_argument, NULL, OPT_FORMAT}},
	{CO_FILTERS, {"exclude", required_argument, NULL, OPT_EXCLUDE}},
	{CO_FILTERS, {"only", required_argument, NULL, OPT_ONLY}},
	{CO_FILTERS, {"stop", required_argument, NULL, OPT_STOP}},
	{CO_FILTERS,
	 {"exclude-file", required_argument, NULL, OPT_EXCLUDE_FILE}},
	{CO_CLASS, {"class", required_argument, NULL, OPT_CLASS}},
	{CO_FILTERS | CO_RULES, {"rules", required_argument, NULL, OPT_RULES}},
	{CO_FILTERS | CO_INDIRECT,
	 {"indirect", required_argument, NULL, OPT_INDIRECT}},
	{CO_FILTERS | CO_INDIRECT, {"runtime", no_argument, NULL, OPT_RUNTIME}},
	{CO_ENDS, {"from", required_argument, NULL, OPT_FROM}},
	{CO_ENDS, {"to", required_argument, NULL, OPT_TO}},
	{CO_LIMIT, {"limit", required_argument, NULL, OPT_LIMIT}},
	{CO_BUDGET, {"budget", required_argument, NULL, OPT_BUDGET}},
	{CO_DEPTH, {"max-depth", required_argument, NULL, OPT_MAX_DEPTH}},
};

#define VEC(member) offsetof(struct cmd_opts, member)

/* The shared options that collect their values, and the vector of each. */
static const struct {
	int opt;
	size_t vec; /* offset of a struct strvec in struct cmd_opts */
} collectors[] = {
	{OPT_EXCLUDE, VEC(filter.exclude)},
	{OPT_ONLY, VEC(filter.only)},
	{OPT_STOP, VEC(filter.stop)},
	{OPT_EXCLUDE_FILE, VEC(filter.exclude_file)},
	{OPT_RULES, VEC(rules)},
	{OPT_FROM, VEC(from)},
	{OPT_TO, VEC(to)},
};

/* The vector of O that the shared option OPT collects into, or NULL. */
static struct strvec *option_vector(struct cmd_opts *o, int opt)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(collectors); i++)
		if (collectors[i].opt == opt)
			return (struct strvec *)((char *)o + collectors[i].vec);
	return NULL;
}

/* The long options of a command: the shared ones FLAGS offers, then EXTRA. */
static struct option *command_options(unsigned flags,
				      const struct option *extra)
{
	struct option *all;
	size_t nr = 0, n = 0, i;

	while (extra && extra[n].name)
		n++;
	all = xcalloc(ARRAY_SIZE(shared_options) + n + 1, sizeof(*all));
	for (i = 0; i < ARRAY_SIZE(shared_options); i++)
		if (!shared_options[i].flags ||
		    (flags & shared_options[i].flags))
			all[nr++] = shared_options[i].opt;
	for (i = 0; i < n; i++)
		all[nr++] = extra[i];
	return all;
}

void cmd_usage(const struct cmd_entry *cmd, FILE *fp)
{
	fprintf(fp, "usage: callreach [-d DB] %s %s\n", cmd->name, cmd->usage);
}

int cmd_usage_error(const struct cmd_opts *o, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "callreach: error: %s: ", o->cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	cmd_usage(o->cmd, stderr);
	return EXIT_USAGE;
}

int cmd_parse(struct cmd_opts *o, const struct cmd_entry *cmd, unsigned flags,
	      int argc, char **argv, const struct option *extra,
	      int (*handle)(int opt, const char *arg, void *ctx), void *ctx)
{
	struct option *all;
	int c, ret = 0;

	memset(o, 0, sizeof(*o));
	o->limit = -1;
	o->max_depth = -1;
	o->cmd = cmd;
	o->flags = flags;
	o->indirect = IND_DEFAULT;
	all = command_options(flags, extra);

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:o:", all, NULL)) != -1) {
		struct strvec *vec = option_vector(o, c);

		if (vec) {
			strvec_push(vec, optarg);
			continue;
		}
		switch (c) {
		case 'd':
			o->db = optarg;
			break;
		case OPT_HELP:
			cmd_usage(cmd, stdout);
			printf("%s\n", cmd->summary);
			o->help = 1;
			ret = -1;
			goto out;
		case OPT_FORMAT:
			o->exporter = (flags & CO_EXPORT_FORMATS)
					      ? exporter_find(optarg)
					      : NULL;
			if (!strcmp(optarg, "text"))
				o->format = FORMAT_TEXT;
			else if (!strcmp(optarg, "json"))
				o->format = FORMAT_JSON;
			else if (!o->exporter) {
				ret = cmd_usage_error(o, "unknown format '%s'",
						      optarg);
				goto out;
			}
			break;
		case OPT_CLASS: {
			int k = alloc_class_parse(optarg);

			if (k < 0) {
				ret = cmd_usage_error(
					o,
					"unknown --class '%s' (anonymous,"
					" attributed, unknown; passed for"
					" sites)",
					optarg);
				goto out;
			}
			o->classes |= 1u << k;
			break;
		}
		case OPT_LIMIT:
		case OPT_BUDGET: {
			long v = parse_count(optarg);

			/* a budget of 0 steps could answer nothing */
			if (v < 0 || (c == OPT_BUDGET && !v)) {
				ret = cmd_usage_error(
					o, "'%s' is not a valid number for %s",
					optarg,
					c == OPT_LIMIT ? "--limit"
						       : "--budget");
				goto out;
			}
			if (c == OPT_LIMIT)
				o->limit = v;
			else
				o->budget = v;
			break;
		}
		case OPT_MAX_DEPTH:
			o->max_depth = parse_count(optarg);
			if (o->max_depth < 0) {
				error("'%s' is not a valid number", optarg);
				cmd_usage(cmd, stderr);
				ret = EXIT_USAGE;
				goto out;
			}
			break;
		case OPT_INDIRECT:
			if (indirect_parse_tiers(optarg, &o->indirect)) {
				ret = cmd_usage_error(
					o,
					"unknown --indirect tiers '%s'"
					" (none, all, or a list of rules,"
					" address-taken, fields, registry)",
					optarg);
				goto out;
			}
			break;
		case OPT_RUNTIME:
			o->runtime = 1;
			break;
		case ':':
			ret = cmd_usage_error(o, "option '%s' needs a value",
					      argv[optind - 1]);
			goto out;
		case '?':
			if (optopt && optopt < 256)
				ret = cmd_usage_error(o, "unknown option '-%c'",
						      optopt);
			else
				ret = cmd_usage_error(o, "unknown option '%s'",
						      argv[optind - 1]);
			goto out;
		default:
			if (!handle || handle(c, optarg, ctx)) {
				ret = EXIT_USAGE;
				cmd_usage(cmd, stderr);
				goto out;
			}
		}
	}
	for (; optind < argc; optind++)
		strvec_push(&o->args, argv[optind]);
out:
	free(all);
	return ret;
}

int cmd_end(struct cmd_opts *o, int code)
{
	if (code < 0 && o->help)
		code = EXIT_OK;
	if (o->q)
		query_release(o->q);
	if (o->cg)
		cmd_graph_close(o->cg);
	o->q = NULL;
	o->cg = NULL;
	cmd_opts_release(o);
	return code;
}

void cmd_opts_release(struct cmd_opts *o)
{
	filter_release(&o->filter);
	strvec_clear(&o->from);
	strvec_clear(&o->to);
	strvec_clear(&o->rules);
	strvec_clear(&o->args);
}

uint64_t cmd_limit(const struct cmd_opts *o, uint64_t def)
{
	return o->limit < 0 ? def : (uint64_t)o->limit;
}

const char *cmd_db_path(const struct cmd_opts *o)
{
	const char *env;

	if (o->db)
		return o->db;
	env = getenv("CALLREACH_DB");
	if (env && *env)
		return env;
	return "callreach.db";
}

static void append_all(struct strvec *dst, const struct strvec *src)
{
	size_t i;

	for (i = 0; i < src->nr; i++)
		strvec_push(dst, src->v[i]);
}

int cmd_graph_open(struct cmd_graph *cg, const struct cmd_opts *o)
{
	return cmd_graph_open_path(cg, o, cmd_db_path(o));
}

int cmd_graph_open_path(struct cmd_graph *cg, const struct cmd_opts *o,
			const char *path)
{
	size_t i;
	int code;

	memset(cg, 0, sizeof(*cg));
	rules_init(&cg->rules);
	for (i = 0; i < o->rules.nr; i++)
		if (rules_load(&cg->rules, o->rules.v[i])) {
			rules_release(&cg->rules);
			return EXIT_BADINPUT;
		}
	code = graph_db_open(&cg->db, path, 0);
	if (code) {
		rules_release(&cg->rules);
		return code;
	}
	if (graph_db_load_graph(&cg->db, &cg->g)) {
		graph_db_close(&cg->db);
		rules_release(&cg->rules);
		return EXIT_SYSTEM;
	}
	append_all(&cg->filter.exclude, &o->filter.exclude);
	append_all(&cg->filter.only, &o->filter.only);
	append_all(&cg->filter.stop, &o->filter.stop);
	append_all(&cg->filter.exclude_file, &o->filter.exclude_file);
	append_all(&cg->filter.exclude, &cg->rules.filter.exclude);
	append_all(&cg->filter.only, &cg->rules.filter.only);
	append_all(&cg->filter.stop, &cg->rules.filter.stop);
	append_all(&cg->filter.exclude_file, &cg->rules.filter.exclude_file);
	cg->rules.no_edges = !(o->indirect & IND_RULES);
	rules_apply(&cg->rules, &cg->g, &cg->rule_targets, &cg->rule_entries);
	if (indirect_apply(&cg->ind, &cg->db, &cg->g, o->indirect)) {
		cmd_graph_close(cg);
		return EXIT_SYSTEM;
	}
	for (i = 0; i < cg->rules.nr_entry_registered; i++) {
		struct rule_pattern *p = &cg->rules.entry_registered[i];
		struct sym_matches reg = {0};

		/* naming nothing: listed by "check" (stale) */
		indirect_registered_by(&cg->ind, &cg->g, p->text, &reg);
		p->matched = reg.nr;
		rules_merge_matches(&cg->rule_entries, &reg);
		sym_matches_release(&reg);
	}
	if (o->runtime || cg->rules.runtime)
		cg->filter.excluded = cg->ind.init_only;
	cg->classes = o->classes;
	if (cg->rules.nr_alloc || o->classes) {
		cg->ac = alloc_classifier_new(&cg->db, &cg->g, &cg->rules);
		if (!cg->ac) {
			cmd_graph_close(cg);
			return EXIT_SYSTEM;
		}
	}
	return 0;
}

int cmd_start_rules(struct cmd_opts *o, const struct cmd_entry *cmd,
		    unsigned flags, int argc, char **argv,
		    const struct option *extra,
		    int (*handle)(int opt, const char *arg, void *ctx),
		    void *ctx, struct cmd_graph *cg)
{
	int code = cmd_parse(o, cmd, flags, argc, argv, extra, handle, ctx);

	if (!code && o->args.nr)
		code = cmd_usage_error(o, "unexpected argument '%s'",
				       o->args.v[0]);
	else if (!code && !o->rules.nr)
		code = cmd_usage_error(o, "give at least one --rules file");
	if (!code)
		code = cmd_open(o, cg, NULL);
	return code;
}

/* Resolve names to function indices; EXIT_USAGE when one is unknown. */
static int resolve(const struct cmd_graph *cg, const struct strvec *names,
		   struct sym_matches *out)
{
	size_t i;
	int code = 0;

	for (i = 0; i < names->nr; i++) {
		size_t before = out->nr;

		if (!rules_alias(&cg->rules, &cg->g, names->v[i], out)) {
			if (sym_resolve_all(&cg->g,
					    (const char *const *)&names->v[i],
					    1, out, 0))
				code = EXIT_USAGE;
		} else if (out->nr == before) {
			error("alias '%s' names no function in this build",
			      names->v[i]);
			code = EXIT_USAGE;
		}
	}
	return code;
}

/*
 * Set up Q with CG's filters and the functions named by FROM and TO as
 * sources and targets (the rules' when empty); an exit code or 0.
 */
static int setup_query(const struct cmd_graph *cg, struct query *q,
		       const struct strvec *from, const struct strvec *to)
{
	struct sym_matches src = {0}, dst = {0};
	int code = 0;

	if (resolve(cg, from, &src) || resolve(cg, to, &dst)) {
		code = EXIT_USAGE;
		goto out;
	}
	query_init(q, &cg->g, &cg->filter);
	if (from->nr)
		query_set_sources(q, src.idx, src.nr);
	else
		query_set_sources(q, cg->rule_entries.idx, cg->rule_entries.nr);
	if (to->nr)
		query_set_targets(q, dst.idx, dst.nr);
	else
		query_set_targets(q, cg->rule_targets.idx, cg->rule_targets.nr);
out:
	sym_matches_release(&src);
	sym_matches_release(&dst);
	return code;
}

int cmd_open(struct cmd_opts *o, struct cmd_graph *cg, struct query *q)
{
	int code = cmd_graph_open(cg, o);

	if (code)
		return code;
	o->cg = cg;
	if (q) {
		code = setup_query(cg, q, &o->from, &o->to);
		if (!code)
			o->q = q;
	}
	return code;
}

void cmd_graph_close(struct cmd_graph *cg)
{
	alloc_classifier_free(cg->ac);
	cg->ac = NULL;
	sym_matches_release(&cg->rule_targets);
	sym_matches_release(&cg->rule_entries);
	filter_release(&cg->filter);
	graph_release(&cg->g);
	indirect_release(&cg->ind);
	graph_db_close(&cg->db);
	rules_release(&cg->rules);
}

int cmd_open_args(struct cmd_opts *o, struct cmd_graph *cg,
		  struct sym_matches *m)
{
	int code = cmd_open(o, cg, NULL);

	return code ? code : resolve(cg, &o->args, m);
}

int cmd_need_ends(const struct cmd_graph *cg, const char *db)
{
	if (cg->rule_targets.nr && cg->rule_entries.nr)
		return 0;
	error("%s%sthe rules name no %s", db ? db : "", db ? ": " : "",
	      !cg->rule_targets.nr ? "target" : "entry point");
	return EXIT_USAGE;
}

int cmd_finish(int code)
{
	if (finish_stdout())
		return EXIT_SYSTEM;
	return code;
}

void cmd_print_trace_facts(const struct trace *t)
{
	if (t->domain)
		printf(" %s", echo(t->domain));
	if (t->size >= 0)
		printf(" size %" PRId64, t->size);
	if (t->truncated)
		printf(" truncated");
}

void cmd_print_json(struct cJSON *root)
{
	if (json_print(root, stdout))
		exit(EXIT_SYSTEM);
}

void cmd_json_unresolved(const struct cmd_graph *cg, const uint32_t *path,
			 size_t len, cJSON *obj)
{
	uint32_t *fns = xmalloc((len + 1) * sizeof(*fns));
	size_t n = indirect_unresolved_on_path(&cg->ind, path, len, fns), i;

	if (n) {
		cJSON *arr = cJSON_AddArrayToObject(obj, "unresolved_indirect");

		for (i = 0; i < n; i++)
			cJSON_AddItemToArray(
				arr, cJSON_CreateString(cg->g.f[fns[i]].name));
	}
	free(fns);
}

void cmd_text_unresolved(const struct cmd_graph *cg, const uint32_t *path,
			 size_t len, struct strbuf *sb)
{
	uint32_t *fns = xmalloc((len + 1) * sizeof(*fns));
	size_t n = indirect_unresolved_on_path(&cg->ind, path, len, fns), i;

	for (i = 0; i < n; i++)
		strbuf_addf(sb, "%s%s",
			    i ? ", " : " [unresolved indirect calls in ",
			    cg->g.f[fns[i]].name);
	if (n)
		strbuf_addch(sb, ']');
	free(fns);
}

static void fill_review_ctx(struct cmd_graph *cg, uint64_t limit,
			    uint64_t budget, struct review_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->g = &cg->g;
	ctx->db = &cg->db;
	ctx->filter = &cg->filter;
	ctx->rules = &cg->rules;
	ctx->entries = &cg->rule_entries;
	ctx->targets = &cg->rule_targets;
	ctx->limit = limit;
	ctx->budget = budget;
	ctx->ac = cg->ac;
	ctx->classes = cg->classes;
}

int cmd_path_class(struct cmd_graph *cg, const uint32_t *path, size_t len,
		   struct alloc_verdict *out, int *keep)
{
	*keep = 1;
	if (!cg->ac)
		return -1;
	alloc_classify_path(cg->ac, path, len, NULL, out);
	*keep = !cg->classes || (cg->classes & (1u << out->cls));
	return 0;
}

void cmd_json_class(const struct cmd_graph *cg, const struct alloc_verdict *v,
		    cJSON *obj)
{
	cJSON_AddStringToObject(obj, "class", alloc_class_name(v->cls));
	json_add_count_or_null(obj, "size", v->size);
	if (v->site && v->site->file) {
		char *t = xstrfmt("%s at %s:%d:%d", cg->g.f[v->caller].name,
				  v->site->file, v->site->line, v->site->col);

		cJSON_AddStringToObject(obj, "class_site", t);
		free(t);
	} else {
		cJSON_AddNullToObject(obj, "class_site");
	}
	if (v->cls == ACLASS_UNKNOWN && v->why)
		cJSON_AddStringToObject(obj, "class_reason", v->why);
}

void cmd_text_class(const struct cmd_graph *cg, const struct alloc_verdict *v,
		    struct strbuf *sb)
{
	(void)cg;
	strbuf_addf(sb, " [%s", alloc_class_name(v->cls));
	if (v->size >= 0)
		strbuf_addf(sb, ", %lld bytes", (long long)v->size);
	if (v->site && v->site->file)
		strbuf_addf(sb, " at %s:%d:%d", v->site->file, v->site->line,
			    v->site->col);
	if (v->cls == ACLASS_UNKNOWN && v->why)
		strbuf_addf(sb, ": %s", v->why);
	strbuf_addch(sb, ']');
}

int cmd_review(struct cmd_graph *cg, const struct cmd_opts *o, uint64_t limit,
	       struct review_ctx *ctx, struct review *out)
{
	char *label = NULL;

	fill_review_ctx(cg, limit, (uint64_t)o->budget, ctx);
	if (review_compute(ctx, out))
		return EXIT_SYSTEM;
	if (graph_db_get_build(&cg->db, "label", &label)) {
		review_release(out);
		return EXIT_SYSTEM;
	}
	out->label = label;
	return 0;
}
