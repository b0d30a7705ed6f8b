/*
 * cmd-traces.c - "callreach traces": import the call traces of console
 * logs into the database ("import") and list the stored ones ("list").
 */
#include "cmd.h"
#include "traces.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { OPT_LABEL = OPT_CMD_BASE, OPT_SYMBOLS };

static const struct option traces_options[] = {
	{"label", required_argument, NULL, OPT_LABEL},
	{"symbols", required_argument, NULL, OPT_SYMBOLS},
	{NULL, 0, NULL, 0},
};

struct traces_args {
	const char *label, *symbols;
};

static int handle(int opt, const char *arg, void *ctx)
{
	struct traces_args *a = ctx;

	if (opt == OPT_LABEL)
		a->label = arg;
	else if (opt == OPT_SYMBOLS)
		a->symbols = arg;
	else
		return -1;
	return 0;
}

/* A frame name the graph does not know, or names several functions. */
struct odd_frame {
	char *name;
	char *candidates; /* ", "-joined, for an ambiguous name */
	size_t traces;
	uint64_t last_trace; /* counts each trace once */
};

struct odd_frames {
	struct odd_frame *v;
	size_t nr, alloc;
};

static void odd_add(struct odd_frames *o, const char *name,
		    const char *candidates, uint64_t trace)
{
	size_t i;

	for (i = 0; i < o->nr; i++)
		if (!strcmp(o->v[i].name, name))
			break;
	if (i == o->nr) {
		ALLOC_GROW(o->v, o->nr + 1, o->alloc);
		o->v[i].name = xstrdup(name);
		o->v[i].candidates = candidates ? xstrdup(candidates) : NULL;
		o->v[i].traces = 0;
		o->v[i].last_trace = 0;
		o->nr++;
	}
	if (o->v[i].last_trace != trace) {
		o->v[i].traces++;
		o->v[i].last_trace = trace;
	}
}

static void odd_release(struct odd_frames *o)
{
	FREE_RECORDS2(o->v, o->nr, name, candidates);
	memset(o, 0, sizeof(*o));
}

struct import_stats {
	size_t frames, known, unknown, unnamed, ambiguous;
	size_t occurrences, distinct, truncated;
	struct odd_frames unknown_names, ambiguous_names;
};

/* Resolve every frame of LOGS against G, counting what is odd. */
static void survey(const struct graph *g, const struct trace_log *logs,
		   size_t nr, const int *skipped, struct import_stats *st)
{
	uint64_t serial = 0;
	size_t i, j, k, c;

	for (i = 0; i < nr; i++) {
		if (skipped[i])
			continue;
		st->occurrences += logs[i].occurrences;
		st->distinct += logs[i].nr;
		for (j = 0; j < logs[i].nr; j++) {
			const struct trace *t = &logs[i].v[j];

			serial++;
			st->truncated += t->truncated != 0;
			for (k = 0; k < t->nr; k++) {
				const struct trace_frame *f = &t->frames[k];
				struct sym_matches m = {0};

				st->frames++;
				if (!f->name) {
					st->unnamed++;
					st->unknown++;
					continue;
				}
				traces_resolve_name(g, f->name, &m);
				if (!m.nr) {
					st->unknown++;
					odd_add(&st->unknown_names, f->name,
						NULL, serial);
				} else {
					st->known++;
				}
				if (m.nr > 1) {
					struct strbuf sb = STRBUF_INIT;

					st->ambiguous++;
					for (c = 0; c < m.nr; c++)
						strbuf_addf(
							&sb, "%s%s",
							c ? ", " : "",
							g->f[m.idx[c]].name);
					odd_add(&st->ambiguous_names, f->name,
						strbuf_str(&sb), serial);
					strbuf_release(&sb);
				}
				sym_matches_release(&m);
			}
		}
	}
}

static void print_import_text(const char *db, const struct trace_log *logs,
			      size_t nr, const int *skipped,
			      const struct import_stats *st)
{
	size_t i, imported = 0;

	for (i = 0; i < nr; i++)
		imported += !skipped[i];
	printf("imported %zu log%s into %s: %zu trace%s, %zu distinct",
	       imported, imported == 1 ? "" : "s", db, st->occurrences,
	       st->occurrences == 1 ? "" : "s", st->distinct);
	if (st->truncated)
		printf(", %zu truncated", st->truncated);
	printf("\nframes: %zu, %zu known to the graph, %zu unknown, %zu "
	       "ambiguous\n",
	       st->frames, st->known, st->unknown, st->ambiguous);
	for (i = 0; i < nr; i++)
		if (skipped[i])
			printf("skipped %s: imported before\n", logs[i].path);
		else if (!logs[i].nr)
			printf("no call trace in %s\n", logs[i].path);
	if (st->unknown_names.nr || st->unnamed)
		printf("\nunknown to the graph (kept, not matched):\n");
	for (i = 0; i < st->unknown_names.nr; i++)
		printf("  %s  (%zu trace%s)\n",
		       echo(st->unknown_names.v[i].name),
		       st->unknown_names.v[i].traces,
		       st->unknown_names.v[i].traces == 1 ? "" : "s");
	if (st->unnamed)
		printf("  %zu bare address%s without a symbol (give --symbols "
		       "FILE)\n",
		       st->unnamed, st->unnamed == 1 ? "" : "es");
	if (st->ambiguous_names.nr)
		printf("\nambiguous (every candidate kept):\n");
	for (i = 0; i < st->ambiguous_names.nr; i++)
		printf("  %s: %s  (%zu trace%s)\n",
		       echo(st->ambiguous_names.v[i].name),
		       echo(st->ambiguous_names.v[i].candidates),
		       st->ambiguous_names.v[i].traces,
		       st->ambiguous_names.v[i].traces == 1 ? "" : "s");
}

static cJSON *odd_json(const struct odd_frames *o, int candidates)
{
	cJSON *arr = cJSON_CreateArray();
	size_t i;

	for (i = 0; i < o->nr; i++) {
		cJSON *e = cJSON_CreateObject();

		cJSON_AddStringToObject(e, "name", o->v[i].name);
		if (candidates) {
			cJSON *c = cJSON_AddArrayToObject(e, "candidates");
			const char *p = o->v[i].candidates;

			while (p && *p) {
				const char *end = strstr(p, ", ");
				size_t n = end ? (size_t)(end - p) : strlen(p);
				char *s = xstrndup(p, n);

				cJSON_AddItemToArray(c, cJSON_CreateString(s));
				free(s);
				p += n + (end ? 2 : 0);
			}
		}
		cJSON_AddNumberToObject(e, "traces", (double)o->v[i].traces);
		cJSON_AddItemToArray(arr, e);
	}
	return arr;
}

static void print_import_json(const struct trace_log *logs, size_t nr,
			      const int *skipped, const struct import_stats *st)
{
	cJSON *root = cJSON_CreateObject(), *arr;
	size_t i;

	arr = cJSON_AddArrayToObject(root, "logs");
	for (i = 0; i < nr; i++) {
		cJSON *e = cJSON_CreateObject();

		cJSON_AddStringToObject(e, "path", logs[i].path);
		cJSON_AddStringToObject(e, "hash", logs[i].hash);
		cJSON_AddBoolToObject(e, "skipped", skipped[i]);
		cJSON_AddNumberToObject(e, "traces",
					(double)logs[i].occurrences);
		cJSON_AddNumberToObject(e, "distinct", (double)logs[i].nr);
		cJSON_AddItemToArray(arr, e);
	}
	cJSON_AddNumberToObject(root, "traces", (double)st->occurrences);
	cJSON_AddNumberToObject(root, "distinct", (double)st->distinct);
	cJSON_AddNumberToObject(root, "truncated", (double)st->truncated);
	cJSON_AddNumberToObject(root, "frames", (double)st->frames);
	cJSON_AddNumberToObject(root, "known", (double)st->known);
	cJSON_AddNumberToObject(root, "unnamed", (double)st->unnamed);
	cJSON_AddItemToObject(root, "unknown", odd_json(&st->unknown_names, 0));
	cJSON_AddItemToObject(root, "ambiguous",
			      odd_json(&st->ambiguous_names, 1));
	cmd_print_json(root);
}

static int traces_import(const struct cmd_opts *o, const struct traces_args *a)
{
	struct elf_symbols syms = {0};
	struct trace_log *logs;
	struct import_stats st;
	struct graph_db db;
	struct graph g;
	int *skipped, code = 0, db_open = 0, graph_loaded = 0;
	size_t nr = o->args.nr - 1, i, found = 0, missed;
	char when[32];
	time_t now = time(NULL);

	memset(&st, 0, sizeof(st));
	logs = xcalloc(nr + 1, sizeof(*logs));
	skipped = xcalloc(nr + 1, sizeof(*skipped));
	if (a->symbols && elf_symbols_load(&syms, a->symbols)) {
		code = EXIT_BADINPUT;
		goto out;
	}
	for (i = 0; i < nr; i++) {
		if (traces_read_file(o->args.v[i + 1], &logs[i])) {
			code = EXIT_BADINPUT;
			goto out;
		}
		if (a->symbols) {
			traces_symbolize(&logs[i], &syms, &missed);
			if (missed)
				warning("%s: %zu address%s outside every "
					"function of '%s'",
					logs[i].path, missed,
					missed == 1 ? "" : "es", a->symbols);
		}
		traces_merge(&logs[i]);
		found += logs[i].nr;
	}
	if (!found) {
		error("no call trace in the log%s", nr == 1 ? "" : "s");
		code = EXIT_NOTFOUND;
		goto out;
	}
	if (access(cmd_db_path(o), F_OK)) {
		error("no database '%s': run 'callreach ingest' first",
		      cmd_db_path(o));
		code = EXIT_SYSTEM;
		goto out;
	}
	code = graph_db_open(&db, cmd_db_path(o), GDB_WRITE);
	if (code)
		goto out;
	db_open = 1;
	if (graph_db_load_graph(&db, &g)) {
		code = EXIT_SYSTEM;
		goto out;
	}
	graph_loaded = 1;
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	if (traces_store(&db, &g, logs, nr, a->label, when, skipped)) {
		code = EXIT_SYSTEM;
		goto out;
	}
	survey(&g, logs, nr, skipped, &st);
	if (o->format == FORMAT_JSON)
		print_import_json(logs, nr, skipped, &st);
	else
		print_import_text(cmd_db_path(o), logs, nr, skipped, &st);
out:
	odd_release(&st.unknown_names);
	odd_release(&st.ambiguous_names);
	if (graph_loaded)
		graph_release(&g);
	if (db_open)
		graph_db_close(&db);
	for (i = 0; i < nr; i++)
		trace_log_release(&logs[i]);
	free(logs);
	free(skipped);
	elf_symbols_release(&syms);
	return code;
}

/* The canonical names frame NAME resolves to now, ", "-joined, or NULL. */
static char *resolved_text(const struct graph *g, const char *name)
{
	struct sym_matches m = {0};
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	if (name)
		traces_resolve_name(g, name, &m);
	for (i = 0; i < m.nr; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", g->f[m.idx[i]].name);
	sym_matches_release(&m);
	if (!sb.len) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb);
}

static void list_text(const struct graph *g, const struct trace_log *set)
{
	size_t i, k;

	for (i = 0; i < set->nr; i++) {
		const struct trace *t = &set->v[i];

		printf("%s%016" PRIx64 " %s:%d x%" PRIu64 " %s", i ? "\n" : "",
		       t->hash, t->log, t->line, t->count, t->format);
		cmd_print_trace_facts(t);
		if (t->label)
			printf(" [%s]", t->label);
		putchar('\n');
		for (k = 0; k < t->nr; k++) {
			const struct trace_frame *f = &t->frames[k];
			char *res = resolved_text(g, f->name);

			printf("  %-2s %s -> %s\n",
			       frame_mark_name(f->mark)
				       ? frame_mark_name(f->mark)
				       : "",
			       echo(f->name ? f->name : f->raw),
			       res ? echo(res) : "?");
			free(res);
		}
	}
}

static void list_json(const struct graph *g, const struct trace_log *set)
{
	cJSON *root = cJSON_CreateArray();
	size_t i, k;

	for (i = 0; i < set->nr; i++) {
		const struct trace *t = &set->v[i];
		cJSON *e = cJSON_CreateObject(), *frames;

		trace_add_json(e, t);
		cJSON_AddStringToObject(e, "format", t->format);
		if (t->verdict)
			cJSON_AddStringToObject(e, "verdict", t->verdict);
		else
			cJSON_AddNullToObject(e, "verdict");
		if (t->reason)
			cJSON_AddStringToObject(e, "reason", t->reason);
		else
			cJSON_AddNullToObject(e, "reason");
		if (t->label)
			cJSON_AddStringToObject(e, "label", t->label);
		else
			cJSON_AddNullToObject(e, "label");
		frames = cJSON_AddArrayToObject(e, "frames");
		for (k = 0; k < t->nr; k++) {
			const struct trace_frame *f = &t->frames[k];
			struct sym_matches m = {0};
			cJSON *fe = cJSON_CreateObject(), *fns;
			size_t c;

			cJSON_AddStringToObject(fe, "raw", f->raw);
			if (f->name)
				cJSON_AddStringToObject(fe, "name", f->name);
			else
				cJSON_AddNullToObject(fe, "name");
			if (frame_mark_name(f->mark))
				cJSON_AddStringToObject(
					fe, "mark", frame_mark_name(f->mark));
			else
				cJSON_AddNullToObject(fe, "mark");
			if (f->name)
				traces_resolve_name(g, f->name, &m);
			fns = cJSON_AddArrayToObject(fe, "functions");
			for (c = 0; c < m.nr; c++)
				cJSON_AddItemToArray(
					fns, cJSON_CreateString(
						     g->f[m.idx[c]].name));
			sym_matches_release(&m);
			cJSON_AddItemToArray(frames, fe);
		}
		cJSON_AddItemToArray(root, e);
	}
	cmd_print_json(root);
}

static int traces_list(const struct cmd_opts *o, const struct traces_args *a)
{
	struct trace_log set;
	struct graph_db db;
	struct graph g;
	int code = graph_db_open(&db, cmd_db_path(o), 0);

	if (code)
		return code;
	if (graph_db_load_graph(&db, &g)) {
		graph_db_close(&db);
		return EXIT_SYSTEM;
	}
	if (traces_load(&db, a->label, &set)) {
		code = EXIT_SYSTEM;
		goto out;
	}
	if (o->format == FORMAT_JSON)
		list_json(&g, &set);
	else
		list_text(&g, &set);
	if (!set.nr)
		code = EXIT_NOTFOUND;
	trace_log_release(&set);
out:
	graph_release(&g);
	graph_db_close(&db);
	return code;
}

/* Append S to SB as a rule file's "quoted" word. */
static void add_quoted(struct strbuf *sb, const char *s)
{
	strbuf_addch(sb, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			strbuf_addch(sb, '\\');
		strbuf_addch(sb, *s == '\n' || *s == '\t' ? ' ' : *s);
	}
	strbuf_addch(sb, '"');
}

static int is_entry(const struct cmd_graph *cg, uint32_t f)
{
	size_t i;

	for (i = 0; i < cg->rule_entries.nr; i++)
		if (cg->rule_entries.idx[i] == f)
			return 1;
	return 0;
}

/*
 * The triage rule carrying the review of T over to static paths: its
 * known frames from the innermost entry point of the rules (else the
 * outermost) to the allocator, "..." where the graph has no direct call
 * between two of them, and "..." before. 0, or -1 when no frame is known.
 */
static int review_rule(const struct cmd_graph *cg, const struct trace *t,
		       struct strbuf *out)
{
	const struct graph *g = &cg->g;
	struct trace_walk w;
	size_t i, start = 0, n = 0;
	int64_t prev = -1;

	trace_walk_init(&w, g, t);
	for (i = 0; i < w.nr; i++)
		if (w.f[i].nr == 1 && is_entry(cg, w.f[i].cand[0]))
			start = i;
	strbuf_addf(out, "triage %s ", t->verdict);
	add_quoted(out, t->reason ? t->reason : "reviewed at run time");
	strbuf_addstr(out, " : ...");
	for (i = start; i < w.nr; i++) {
		const struct walk_frame *f = &w.f[i];
		int64_t cur = f->nr == 1 ? (int64_t)f->cand[0] : -1;
		int direct = 0;

		if (!f->nr)
			continue;
		if (prev >= 0 && cur >= 0) {
			uint32_t k;

			for (k = g->out_start[prev]; k < g->out_start[prev + 1];
			     k++)
				direct |= g->out[k] == (uint32_t)cur;
		}
		strbuf_addstr(out, n && !direct ? " > ... > " : " > ");
		strbuf_addstr(out, cur >= 0 ? g->f[cur].name
					    : t->frames[f->pos].name);
		prev = cur;
		n++;
	}
	trace_walk_release(&w);
	return n ? 0 : -1;
}

/* "traces triage": the stored reviews written as triage rules. */
static int traces_triage(const struct cmd_opts *o, const struct traces_args *a)
{
	struct cmd_graph cg;
	struct trace_log set;
	size_t i, n = 0;
	int code;

	if ((code = cmd_graph_open(&cg, o)))
		return code;
	if (traces_load(&cg.db, a->label, &set)) {
		cmd_graph_close(&cg);
		return EXIT_SYSTEM;
	}
	printf("# Verdicts of the traces reviewed at run time, as triage "
	       "rules\n");
	for (i = 0; i < set.nr; i++) {
		const struct trace *t = &set.v[i];
		struct strbuf sb = STRBUF_INIT;

		if (!t->verdict)
			continue;
		if (verdict_parse(t->verdict) < 0) {
			warning("%s:%d: verdict '%s' is not one of SAFE, "
				"PROB_SAFE, UNSAFE, UNDECIDED: left out",
				t->log, t->line, t->verdict);
			continue;
		}
		if (review_rule(&cg, t, &sb)) {
			warning("%s:%d: no frame of the trace is in the graph: "
				"left out",
				t->log, t->line);
		} else {
			printf("# %s:%d", t->log, t->line);
			if (t->domain)
				printf(", domain %s", t->domain);
			printf(", %" PRIu64 " occurrence%s", t->count,
			       t->count == 1 ? "" : "s");
			if (t->size >= 0)
				printf(", %" PRId64 " bytes", t->size);
			printf("\n%s\n", strbuf_str(&sb));
			n++;
		}
		strbuf_release(&sb);
	}
	trace_log_release(&set);
	cmd_graph_close(&cg);
	return n ? EXIT_OK : EXIT_NOTFOUND;
}

static int cmd_traces(int argc, char **argv)
{
	struct traces_args a = {NULL, NULL};
	struct cmd_opts o;
	int code;

	code = cmd_parse(&o, &cmd_traces_entry,
			 CO_FORMAT | CO_RULES | CO_INDIRECT, argc, argv,
			 traces_options, handle, &a);
	if (code)
		goto out;
	if (!o.args.nr)
		code = cmd_usage_error(
			&o, "give a subcommand: import, list or triage");
	else if (!strcmp(o.args.v[0], "triage"))
		code = o.args.nr > 1 || a.symbols
			       ? cmd_usage_error(
					 &o,
					 "triage takes no LOG nor --symbols")
			       : traces_triage(&o, &a);
	else if (o.rules.nr)
		code = cmd_usage_error(&o, "only triage takes --rules");
	else if (!strcmp(o.args.v[0], "import"))
		code = o.args.nr < 2 ? cmd_usage_error(&o, "no LOG given")
				     : traces_import(&o, &a);
	else if (!strcmp(o.args.v[0], "list"))
		code = o.args.nr > 1 || a.symbols
			       ? cmd_usage_error(
					 &o, "list takes no LOG nor --symbols")
			       : traces_list(&o, &a);
	else
		code = cmd_usage_error(&o, "unknown subcommand '%s'",
				       o.args.v[0]);
out:
	return cmd_end(&o, code);
}

CMD_DEFINE(traces,
	   "import [--label NAME] [--symbols ELF] LOG... | list [--label NAME] "
	   "[--format text|json] | triage [--label NAME] [--rules FILE...]",
	   "store the call traces of console logs and reviewed traces; list "
	   "them; write their reviews as triage rules");
