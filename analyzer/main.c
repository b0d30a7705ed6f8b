/*
 * main.c - find the command and run it.
 */
#include "cmd.h"
#include "graph_db.h"

#include <malloc.h>
#include <stdio.h>
#include <string.h>

#define CALLREACH_VERSION "0.1.0"

static const struct cmd_entry *const commands[] = {
	&cmd_ingest_entry,   &cmd_stats_entry,	  &cmd_show_entry,
	&cmd_callers_entry,  &cmd_callees_entry,  &cmd_reach_entry,
	&cmd_paths_entry,    &cmd_export_entry,	  &cmd_check_entry,
	&cmd_baseline_entry, &cmd_gate_entry,	  &cmd_diff_entry,
	&cmd_traces_entry,   &cmd_coverage_entry, &cmd_report_entry,
	&cmd_entries_entry,  &cmd_matrix_entry,	  &cmd_sites_entry,
};

static void usage(FILE *fp)
{
	size_t i;

	fprintf(fp,
		"usage: callreach [-d DB] COMMAND [OPTIONS] [ARGS]\n\n"
		"Call-graph reachability over GCC -fcallgraph-info files.\n\n"
		"Commands:\n");
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(fp, "  %-9s %s\n", commands[i]->name,
			commands[i]->summary);
	fprintf(fp,
		"\nThe database is ./callreach.db unless -d DB or "
		"$CALLREACH_DB "
		"names another.\n"
		"'callreach COMMAND --help': its options. See callreach(1).\n\n"
		"Exit status: 0 ok (reachable), 1 not reachable or nothing "
		"found,\n"
		"2 usage error or unknown function, 3 bad input (a .ci file, "
		"rules,\n"
		"baseline or log), 4 database or system error.\n");
}

/*
 * Large blocks from the heap, not each mapped on its own: glibc maps a
 * block over its threshold (128 KiB at first) and unmaps it when it is
 * freed, and each unmapping or move of a mapping in a process whose
 * threads run on other processors interrupts them to flush their TLBs.
 * The heap keeps freed blocks for the next ones, and a heap shrinks only
 * past 64 MiB free; blocks of 32 MiB and more are still mapped. See
 * doc/performance-rounds.md.
 */
static void setup_malloc(void)
{
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD)
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}

int main(int argc, char **argv)
{
	const char *db = NULL;
	int i = 1;
	size_t k;

	setup_malloc();
	graph_db_setup();
	while (i < argc && argv[i][0] == '-') {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return cmd_finish(EXIT_OK);
		}
		if (!strcmp(argv[i], "--version")) {
			printf("callreach %s\n", CALLREACH_VERSION);
			return cmd_finish(EXIT_OK);
		}
		if (!strcmp(argv[i], "-d") || !strcmp(argv[i], "--db")) {
			if (i + 1 >= argc) {
				error("option '%s' needs a value", argv[i]);
				usage(stderr);
				return EXIT_USAGE;
			}
			db = argv[i + 1];
			i += 2;
			continue;
		}
		if (!strncmp(argv[i], "--db=", 5)) {
			db = argv[i] + 5;
			i++;
			continue;
		}
		error("unknown option '%s'", argv[i]);
		usage(stderr);
		return EXIT_USAGE;
	}
	if (i >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	for (k = 0; k < ARRAY_SIZE(commands); k++) {
		if (strcmp(argv[i], commands[k]->name))
			continue;
		/* A global -d becomes the command's own first option. */
		if (db) {
			argv[i - 2] = argv[i];
			argv[i - 1] = "-d";
			argv[i] = (char *)db;
			return cmd_finish(
				commands[k]->fn(argc - i + 2, argv + i - 2));
		}
		return cmd_finish(commands[k]->fn(argc - i, argv + i));
	}
	error("unknown command '%s'", argv[i]);
	usage(stderr);
	return EXIT_USAGE;
}
