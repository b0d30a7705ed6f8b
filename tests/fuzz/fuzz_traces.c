/*
 * fuzz_traces.c - libFuzzer harness for the run-time trace readers: every
 * parser of the table below on the input, then what "traces import" and
 * "traces match" do with the traces (merging, naming bare addresses
 * through a symbol table, resolving frame names against a small graph,
 * walking and explaining the walk).  A new trace format adds its parser
 * to the table.  Built and run by "make fuzz"; the seeds are console logs
 * the tests write and logs made from the corpus's symbols.
 */
#include "fuzz_graph.h"
#include "graph.h"
#include "graph_db.h"
#include "traces.h"
#include "util.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The trace readers, each taking a whole file's contents. */
static const struct {
	const char *name;
	int (*parse)(const char *path, const char *buf, size_t len,
		     struct trace_log *out);
} parsers[] = {
	/* console logs, and Minerva's reviewed blocks, told by content */
	{"console log", traces_parse},
};

static struct strbuf image = STRBUF_INIT;

static const char *const fn_names[] = {
	"start_xen", "a.c:init",     "b.c:init", "xmalloc",
	"_xmalloc",  "sub/c.c:loop", "xfree",	 "do_domctl",
};

static char sym_names[][16] = {"start_xen", "a.c#init", "xmalloc", "do_domctl"};
static struct elf_symbol syms[ARRAY_SIZE(sym_names)];
static struct graph_db db = {NULL, "fuzz.db"};

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const int64_t edges[][2] = {
		{1, 2}, {2, 4}, {1, 3}, {3, 6}, {6, 6}, {6, 4}, {4, 5}, {8, 4},
	};
	size_t i;

	(void)argc;
	(void)argv;
	if (sqlite3_open(":memory:", &db.db) != SQLITE_OK)
		BUG("cannot open an in-memory database");
	fuzz_graph_image(fn_names, ARRAY_SIZE(fn_names), edges,
			 ARRAY_SIZE(edges), 1, &image);
	for (i = 0; i < ARRAY_SIZE(syms); i++) {
		syms[i].addr = 0xffff82d040200000ULL + i * 0x100;
		syms[i].size = 0x80;
		syms[i].name = sym_names[i];
	}
	return 0;
}

static void use_log(const struct graph *g, struct trace_log *log)
{
	struct elf_symbols es = {syms, ARRAY_SIZE(syms)};
	struct trace_matcher m;
	size_t i, j, missed;
	static const uint32_t path[] = {0, 1, 3};

	traces_merge(log);
	traces_symbolize(log, &es, &missed);
	trace_matcher_init(&m, g);
	for (i = 0; i < log->nr; i++) {
		const struct trace *t = &log->v[i];
		struct trace_walk w;
		struct trace_hops h;

		for (j = 0; j < t->nr; j++) {
			struct sym_matches sm = {0};

			if (t->frames[j].name) {
				traces_resolve_name(g, t->frames[j].name, &sm);
				sym_matches_release(&sm);
			}
		}
		trace_walk_init(&w, g, t);
		if (w.nr > t->nr)
			BUG("a walk longer than its trace");
		trace_walk_match(&w, path, ARRAY_SIZE(path));
		trace_walk_hops(&w, &m, &h);
		trace_hops_release(&h);
		trace_walk_release(&w);
	}
	trace_matcher_release(&m);
}

/* Store LOG as "traces import" does, and load it back. */
static void store_and_load(const struct graph *g, const struct trace_log *log)
{
	struct trace_log back;
	size_t i, frames = 0, frames_back = 0;
	int skipped;

	if (traces_store(&db, g, log, 1, "fuzz", "2026-01-01T00:00:00Z",
			 &skipped))
		BUG("a parsed log is not stored");
	if (traces_load(&db, NULL, &back))
		BUG("stored traces do not load");
	for (i = 0; i < log->nr; i++)
		frames += log->v[i].nr;
	for (i = 0; i < back.nr; i++)
		frames_back += back.v[i].nr;
	if (back.nr != log->nr || frames_back != frames)
		BUG("%zu traces of %zu frames stored, %zu of %zu loaded",
		    log->nr, frames, back.nr, frames_back);
	trace_log_release(&back);
	if (graph_db_exec(&db, "DELETE FROM trace_reviews;"
			       " DELETE FROM trace_frames; DELETE FROM traces;"
			       " DELETE FROM trace_logs"))
		BUG("cannot empty the trace tables");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct graph g;
	size_t i;

	if (graph_from_image(&g, image.buf, image.len))
		BUG("the graph image does not load");
	for (i = 0; i < ARRAY_SIZE(parsers); i++) {
		struct trace_log log;

		memset(&log, 0, sizeof(log));
		if (parsers[i].parse("fuzz.log", (const char *)data, size,
				     &log)) {
			trace_log_release(&log);
			continue;
		}
		use_log(&g, &log);
		store_and_load(&g, &log);
		trace_log_release(&log);
	}
	graph_release(&g);
	return 0;
}
