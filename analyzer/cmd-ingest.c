/*
 * cmd-ingest.c - "callreach ingest": read .ci trees into the database.
 */
#include "cmd.h"
#include "ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

enum { OPT_LABEL = OPT_CMD_BASE, OPT_REBUILD, OPT_SOURCE, OPT_NO_ARGUMENTS };

static const struct option ingest_options[] = {
	{"label", required_argument, NULL, OPT_LABEL},
	{"rebuild", no_argument, NULL, OPT_REBUILD},
	{"source", required_argument, NULL, OPT_SOURCE},
	{"no-arguments", no_argument, NULL, OPT_NO_ARGUMENTS},
	{NULL, 0, NULL, 0},
};

static int handle(int opt, const char *arg, void *ctx)
{
	struct ingest_options *io = ctx;

	switch (opt) {
	case OPT_LABEL:
		io->label = arg;
		return 0;
	case OPT_REBUILD:
		io->rebuild = 1;
		return 0;
	case OPT_SOURCE:
		io->source = arg;
		return 0;
	case OPT_NO_ARGUMENTS:
		io->no_arguments = 1;
		return 0;
	}
	return -1;
}

static int cmd_ingest(int argc, char **argv)
{
	struct ingest_options io = {NULL, 0, 0, NULL, 0};
	struct ingest_stats stats;
	struct cmd_opts o;
	struct graph_db db;
	int code, existed;

	code = cmd_parse(&o, &cmd_ingest_entry, 0, argc, argv, ingest_options,
			 handle, &io);
	if (code)
		goto out;
	if (!o.args.nr) {
		code = cmd_usage_error(&o, "no PATH given");
		goto out;
	}
	io.progress = isatty(2);
	existed = !access(cmd_db_path(&o), F_OK);
	code = graph_db_open(&db, cmd_db_path(&o), GDB_WRITE | GDB_FIRST_LOAD);
	if (code)
		goto out;
	code = ingest(&db, (const char *const *)o.args.v, o.args.nr, &io,
		      &stats);
	graph_db_close(&db);
	/* a database this ingest created goes when the ingest fails */
	if (code && !existed)
		graph_db_remove(cmd_db_path(&o));
	if (!code)
		printf("ingested %zu units into %s: %zu added, %zu changed, "
		       "%zu unchanged, %zu removed\n",
		       stats.units, cmd_db_path(&o), stats.added, stats.changed,
		       stats.unchanged, stats.removed);
out:
	return cmd_end(&o, code);
}

CMD_DEFINE(ingest,
	   "[--label NAME] [--rebuild] [--source DIR] [--no-arguments] PATH...",
	   "read every .ci file under the PATHs into the database");
