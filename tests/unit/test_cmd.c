/*
 * test_cmd.c - unit tests of what the commands share: the table of shared
 * options and the flags that offer them, the command-entry definer, the
 * one exit (cmd_end) closing what cmd_open opened, the check that the
 * rules name both ends, and the outputs several commands share.
 */
#include "unit.h"
#include "cmd.h"
#include "ingest.h"
#include "query.h"
#include "review.h"
#include "traces.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <unistd.h>

enum { OPT_PROBE = OPT_CMD_BASE };

static int cmd_probe(int argc, char **argv)
{
	(void)argv;
	return argc;
}

CMD_DEFINE(probe, "[--probe N]", "a command of the unit tests");

static const struct option probe_options[] = {
	{"probe", required_argument, NULL, OPT_PROBE},
	{NULL, 0, NULL, 0},
};

static int probe_handle(int opt, const char *arg, void *ctx)
{
	if (opt != OPT_PROBE)
		return -1;
	*(const char **)ctx = arg;
	return 0;
}

/* cmd_parse() of "probe" and up to three words with FLAGS; its code. */
static int parse(struct cmd_opts *o, unsigned flags, const char *probe_arg[1],
		 const char *a1, const char *a2, const char *a3)
{
	char *argv[8] = {"probe"};
	int argc = 1;

	if (a1)
		argv[argc++] = (char *)a1;
	if (a2)
		argv[argc++] = (char *)a2;
	if (a3)
		argv[argc++] = (char *)a3;
	return cmd_parse(o, &cmd_probe_entry, flags, argc, argv, probe_options,
			 probe_handle, probe_arg);
}

static void test_entry(void)
{
	CHECK_STR(cmd_probe_entry.name, "probe", "the entry is named");
	CHECK(cmd_probe_entry.fn == cmd_probe, "the entry runs cmd_probe");
	CHECK_STR(cmd_probe_entry.usage, "[--probe N]", "the usage line");
	CHECK_STR(cmd_probe_entry.summary, "a command of the unit tests",
		  "the summary");
}

static void test_options(void)
{
	struct cmd_opts o;
	const char *probe = NULL;

	CHECK(!parse(&o, CO_BUDGET, &probe, "--budget", "5", NULL) &&
		      o.budget == 5,
	      "CO_BUDGET offers --budget");
	cmd_end(&o, 0);
	CHECK(parse(&o, CO_LIMIT, &probe, "--budget", "5", NULL) == EXIT_USAGE,
	      "without CO_BUDGET, --budget is unknown");
	cmd_end(&o, 0);
	CHECK(!parse(&o, CO_FILTERS, &probe, "--rules", "r", "--runtime") &&
		      o.rules.nr == 1 && o.runtime,
	      "CO_FILTERS offers --rules and --runtime");
	cmd_end(&o, 0);
	CHECK(parse(&o, CO_RULES, &probe, "--exclude", "f", NULL) == EXIT_USAGE,
	      "CO_RULES alone offers no filter");
	cmd_end(&o, 0);
	CHECK(!parse(&o, CO_EXPORT_FORMATS, &probe, "--format", "json", NULL) &&
		      o.format == FORMAT_JSON,
	      "CO_EXPORT_FORMATS offers --format");
	cmd_end(&o, 0);
	CHECK(!parse(&o, 0, &probe, "-d", "x.db", "--probe=7") &&
		      !strcmp(cmd_db_path(&o), "x.db") && probe &&
		      !strcmp(probe, "7"),
	      "every command takes -d, then its own options");
	cmd_end(&o, 0);
	CHECK(!parse(&o, CO_DEPTH, &probe, "--max-depth", "4", NULL) &&
		      o.max_depth == 4,
	      "CO_DEPTH offers --max-depth");
	cmd_end(&o, 0);
	CHECK(!parse(&o, 0, &probe, NULL, NULL, NULL) && o.max_depth == -1 &&
		      o.limit == -1 && !o.budget,
	      "no --max-depth nor --limit: -1; no --budget: 0");
	cmd_end(&o, 0);
	CHECK(parse(&o, CO_DEPTH, &probe, "--max-depth", "x", NULL) ==
		      EXIT_USAGE,
	      "--max-depth takes a number");
	cmd_end(&o, 0);
	CHECK(!parse(&o, CO_FILTERS, &probe, "--exclude", "e", "--stop=s") &&
		      o.filter.exclude.nr == 1 && o.filter.stop.nr == 1 &&
		      !strcmp(o.filter.stop.v[0], "s") && !o.filter.only.nr,
	      "each filter option collects into its own vector");
	cmd_end(&o, 0);
	CHECK(!parse(&o, CO_ENDS, &probe, "--from", "a", "b") &&
		      o.from.nr == 1 && o.args.nr == 1,
	      "CO_ENDS offers --from; the rest are arguments");
	cmd_end(&o, 0);
}

/* A database at PATH (a fresh directory DIR) of one unit: f calls g. */
static int make_db(char *dir, char *path, size_t size)
{
	static const char ci[] =
		"graph: { title: \"t.c\"\n"
		"node: { title: \"g\" label: \"g\\nt.c:1:6\\n16 bytes "
		"(static)\\n0 dynamic objects\" }\n"
		"node: { title: \"f\" label: \"f\\nt.c:2:6\\n16 bytes "
		"(static)\\n0 dynamic objects\" }\n"
		"edge: { sourcename: \"f\" targetname: \"g\" label: "
		"\"t.c:2:14\" }\n}\n";
	struct ingest_options io = {NULL, 0, 0, NULL, 1};
	struct ingest_stats stats;
	struct graph_db db;
	const char *paths[1];
	char *file;
	FILE *fp;
	int ret;

	if (!mkdtemp(dir))
		return -1;
	file = xstrfmt("%s/t.ci", dir);
	fp = fopen(file, "w");
	if (!fp || fputs(ci, fp) < 0 || fclose(fp)) {
		free(file);
		return -1;
	}
	snprintf(path, size, "%s/t.db", dir);
	paths[0] = file;
	ret = graph_db_open(&db, path, GDB_WRITE) ? -1 : 0;
	if (!ret) {
		ret = ingest(&db, paths, 1, &io, &stats) ? -1 : 0;
		graph_db_close(&db);
	}
	unlink(file);
	free(file);
	return ret;
}

static void remove_db(const char *dir, const char *path)
{
	static const char *const suffixes[] = {"", "-wal", "-shm"};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(suffixes); i++) {
		char *p = xstrfmt("%s%s", path, suffixes[i]);

		unlink(p);
		free(p);
	}
	CHECK(!rmdir(dir), "the temporary directory is removed");
}

static void test_end(void)
{
	char dir[] = "/tmp/test_cmd_XXXXXX", path[64];
	struct cmd_opts o;
	struct cmd_graph cg;
	struct query q;
	const char *probe = NULL;

	CHECK(!make_db(dir, path, sizeof(path)), "a database of f and g");
	CHECK(!parse(&o, CO_ENDS, &probe, "-d", path, "--to=g"), "parsed");
	CHECK(!cmd_open(&o, &cg, &q) && o.cg == &cg && o.q == &q &&
		      q.nr_targets == 1,
	      "cmd_open gives the graph and the query to the options");
	CHECK(cmd_end(&o, 3) == 3 && !o.cg && !o.q,
	      "cmd_end closes them and returns the code");
	CHECK(!parse(&o, CO_ENDS, &probe, "-d", path, "--to=nosuch"),
	      "parsed again");
	CHECK(cmd_open(&o, &cg, &q) == EXIT_USAGE && o.cg == &cg && !o.q,
	      "an unknown function: the graph is open, the query is not");
	CHECK(cmd_end(&o, 2) == 2 && !o.cg, "cmd_end closes the graph");
	CHECK(!parse(&o, 0, &probe, "-d", path, NULL), "parsed again");
	CHECK(!cmd_open(&o, &cg, NULL) && o.cg == &cg && !o.q,
	      "without a query, only the graph");
	CHECK(cmd_end(&o, 0) == 0 && !o.cg, "closed");
	{
		char *db = xstrfmt("--db=%s", path);
		struct sym_matches m = {0};

		CHECK(!parse(&o, 0, &probe, db, "f", "g"), "parsed again");
		CHECK(!cmd_open_args(&o, &cg, &m) && m.nr == 2 && o.cg == &cg,
		      "cmd_open_args resolves the arguments");
		sym_matches_release(&m);
		free(db);
	}
	CHECK(cmd_end(&o, 0) == 0 && !o.cg, "closed");
	CHECK(!parse(&o, 0, &probe, NULL, NULL, NULL), "parsed again");
	o.help = 1; /* what --help sets, after printing the usage */
	CHECK(cmd_end(&o, -1) == EXIT_OK, "after --help, the exit is 0");
	remove_db(dir, path);
}

/* What F(ARG) prints on stdout, in BUF. */
static void printed(void (*f)(const void *), const void *arg, char *buf,
		    size_t size)
{
	FILE *tmp = tmpfile();
	int saved = dup(STDOUT_FILENO);
	size_t n;

	fflush(stdout);
	dup2(fileno(tmp), STDOUT_FILENO);
	f(arg);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	rewind(tmp);
	n = fread(buf, 1, size - 1, tmp);
	buf[n] = '\0';
	fclose(tmp);
}

static void trace_facts(const void *t)
{
	cmd_print_trace_facts(t);
}

static void test_trace_facts(void)
{
	struct trace t;
	char buf[256];

	memset(&t, 0, sizeof(t));
	t.size = -1;
	printed(trace_facts, &t, buf, sizeof(buf));
	CHECK_STR(buf, "", "a trace without facts: nothing");
	t.domain = "d1\n";
	t.size = 4096;
	t.truncated = 1;
	printed(trace_facts, &t, buf, sizeof(buf));
	CHECK_STR(buf, " d1\\n size 4096 truncated",
		  "domain (escaped), size, truncated");
}

static void test_path_json(void)
{
	struct review_path p;
	cJSON *o;
	char *text;

	memset(&p, 0, sizeof(p));
	p.id = "P1";
	p.verdict = VERDICT_PROB_SAFE;
	strvec_push(&p.functions, "e");
	strvec_push(&p.functions, "t");
	o = review_path_json(&p);
	text = cJSON_PrintUnformatted(o);
	CHECK_STR(text,
		  "{\"id\":\"P1\",\"functions\":[\"e\",\"t\"],"
		  "\"verdict\":\"PROB_SAFE\"}",
		  "a review path as JSON: id, functions, verdict");
	free(text);
	cJSON_Delete(o);
	strvec_clear(&p.functions);
}

static void test_need_ends(void)
{
	struct cmd_graph cg;
	uint32_t one = 0;

	memset(&cg, 0, sizeof(cg));
	CHECK(cmd_need_ends(&cg, NULL) == EXIT_USAGE, "no target: usage");
	cg.rule_targets.nr = 1;
	cg.rule_targets.idx = &one;
	CHECK(cmd_need_ends(&cg, "x.db") == EXIT_USAGE,
	      "no entry point: usage");
	cg.rule_entries.nr = 1;
	cg.rule_entries.idx = &one;
	CHECK(cmd_need_ends(&cg, NULL) == 0, "both ends: 0");
}

int main(void)
{
	test_entry();
	test_options();
	test_end();
	test_need_ends();
	test_trace_facts();
	test_path_json();
	return unit_done();
}
