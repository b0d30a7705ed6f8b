/*
 * cmd.h - the command table and what the commands share: option parsing
 * for the database, output format and filters, and opening the graph.
 *
 * Ownership: a struct cmd_opts owns its vectors and filter; a struct
 * cmd_graph owns its database handle and graph.
 */
#ifndef CMD_H
#define CMD_H

#include <getopt.h>
#include <stdio.h>

#include "filter.h"
#include "indirect.h"
#include "rules.h"
#include "graph.h"
#include "graph_db.h"
#include "json_out.h"
#include "symbols.h"
#include "util.h"

struct exporter;

struct cmd_entry {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *usage; /* arguments after the command name */
	const char *summary;
};

/* Define cmd_NAME_entry, the table entry of the handler cmd_NAME(). */
#define CMD_DEFINE(name, usage, summary)                                       \
	const struct cmd_entry cmd_##name##_entry = {#name, cmd_##name, usage, \
						     summary}

extern const struct cmd_entry cmd_ingest_entry, cmd_stats_entry, cmd_show_entry,
	cmd_callers_entry, cmd_callees_entry, cmd_reach_entry, cmd_paths_entry,
	cmd_export_entry, cmd_check_entry, cmd_baseline_entry, cmd_gate_entry,
	cmd_diff_entry;
extern const struct cmd_entry cmd_traces_entry, cmd_coverage_entry;
extern const struct cmd_entry cmd_report_entry;
extern const struct cmd_entry cmd_entries_entry, cmd_matrix_entry;
extern const struct cmd_entry cmd_sites_entry;

enum output_format { FORMAT_TEXT, FORMAT_JSON };

enum cmd_opt_flags {
	CO_FORMAT = 1 << 0,  /* --format text|json */
	CO_FILTERS = 1 << 1, /* --exclude, --only, --stop, --exclude-file */
	CO_ENDS = 1 << 2,    /* --from, --to */
	CO_EXPORT_FORMATS = 1 << 3, /* --format also names an exporter */
	CO_RULES = 1 << 4,	    /* --rules FILE (implied by CO_FILTERS) */
	CO_INDIRECT =
		1 << 5,	    /* --indirect, --runtime (implied by CO_FILTERS) */
	CO_LIMIT = 1 << 6,  /* --limit N */
	CO_BUDGET = 1 << 7, /* --budget N */
	CO_SEARCH = CO_LIMIT | CO_BUDGET,
	CO_CLASS = 1 << 8, /* --class: the path queries */
	CO_DEPTH = 1 << 9, /* --max-depth N */
};

struct cmd_opts {
	const struct cmd_entry *cmd;
	unsigned flags;
	const char *db;
	enum output_format format;
	const struct exporter *exporter; /* --format's (CO_EXPORT_FORMATS) */
	struct filter filter;
	struct strvec from, to;
	struct strvec rules;  /* --rules files */
	long limit;	      /* --limit, -1 when not given */
	long budget;	      /* --budget, 0 when not given */
	long max_depth;	      /* --max-depth, -1 when not given */
	struct strvec args;   /* positional arguments */
	unsigned indirect;    /* --indirect tiers (IND_*) */
	int runtime;	      /* --runtime: leave out boot-only functions */
	unsigned classes;     /* --class: 1 << ACLASS_* wanted; 0 for all */
	int help;	      /* --help was shown */
	struct cmd_graph *cg; /* opened by cmd_open(): cmd_end() closes it */
	struct query *q;      /* set up by cmd_open(): cmd_end() releases it */
};

/* How many paths a review lists unless --limit says otherwise. */
#define CMD_REVIEW_LIMIT 100000

/* Option codes of the shared long options. */
enum {
	OPT_FORMAT = 256,
	OPT_EXCLUDE,
	OPT_ONLY,
	OPT_STOP,
	OPT_EXCLUDE_FILE,
	OPT_FROM,
	OPT_TO,
	OPT_HELP,
	OPT_RULES,
	OPT_INDIRECT,
	OPT_RUNTIME,
	OPT_LIMIT,
	OPT_BUDGET,
	OPT_CLASS,
	OPT_MAX_DEPTH,
	OPT_CMD_BASE = 512, /* commands number theirs from here */
};

/*
 * Parse ARGV for CMD with the shared options selected by FLAGS plus EXTRA
 * (terminated by a zero entry). HANDLE gets every EXTRA option; it returns
 * 0, or -1 after reporting a bad value. Returns 0, or an exit code (usage
 * errors print the usage; --help prints it and returns -1 meaning exit 0).
 */
int cmd_parse(struct cmd_opts *o, const struct cmd_entry *cmd, unsigned flags,
	      int argc, char **argv, const struct option *extra,
	      int (*handle)(int opt, const char *arg, void *ctx), void *ctx);
void cmd_opts_release(struct cmd_opts *o);
/*
 * The one way out of a command: release O with the graph and query that
 * cmd_open() or cmd_start_rules() gave it, and return CODE, its exit code
 * (EXIT_OK after --help, which cmd_parse() reports as -1).
 */
int cmd_end(struct cmd_opts *o, int code);
/* Print "usage: ..." for CMD to FP. */
void cmd_usage(const struct cmd_entry *cmd, FILE *fp);
/* Report a usage error for the command and return EXIT_USAGE. */
int cmd_usage_error(const struct cmd_opts *o, const char *fmt, ...)
	PRINTF_LIKE(2, 3);

/* --limit, or DEFAULT when it was not given. */
uint64_t cmd_limit(const struct cmd_opts *o, uint64_t def);

/* The database path: -d, else $CALLREACH_DB, else ./callreach.db. */
const char *cmd_db_path(const struct cmd_opts *o);

struct cmd_graph {
	struct graph_db db;
	struct graph g;
	struct rules rules;   /* from --rules */
	struct filter filter; /* the options' filters and the rules' */
	struct sym_matches rule_targets, rule_entries;
	struct indirect ind; /* indirect calls, boot-only functions */
	/* allocation classes, when the rules say something or --class */
	struct alloc_classifier *ac;
	unsigned classes; /* --class */
};

/*
 * Open the database read-only, load the graph and apply the --rules
 * files (their edges join the graph, their filters the options'), the
 * --indirect tiers and --runtime; an exit code or 0.
 */
int cmd_graph_open(struct cmd_graph *cg, const struct cmd_opts *o);
/* The same for the database at PATH. */
int cmd_graph_open_path(struct cmd_graph *cg, const struct cmd_opts *o,
			const char *path);
void cmd_graph_close(struct cmd_graph *cg);

struct query;
/*
 * Open the command's graph CG (cmd_graph_open()) and, when Q is not NULL,
 * set up Q with the graph's filters, the functions --from names as sources
 * (else the rules' entry points) and --to names as targets (else the
 * rules' targets); an exit code or 0 (EXIT_USAGE for an unknown name).
 * Whatever was opened, cmd_end() closes.
 */
int cmd_open(struct cmd_opts *o, struct cmd_graph *cg, struct query *q);
/* cmd_open() without a query, then resolve the arguments into M. */
int cmd_open_args(struct cmd_opts *o, struct cmd_graph *cg,
		  struct sym_matches *m);
/*
 * The start of a command driven by rule files: parse the options, require
 * --rules and no other argument, open the graph. Returns 0 with CG open,
 * or what the command should return (-1 after --help); either way the
 * command ends with cmd_end(), which closes CG.
 */
int cmd_start_rules(struct cmd_opts *o, const struct cmd_entry *cmd,
		    unsigned flags, int argc, char **argv,
		    const struct option *extra,
		    int (*handle)(int opt, const char *arg, void *ctx),
		    void *ctx, struct cmd_graph *cg);

/*
 * EXIT_USAGE, said (after "DB: " when DB is not NULL), when the rules of CG
 * name no target or no entry point; else 0.
 */
int cmd_need_ends(const struct cmd_graph *cg, const char *db);

struct review;
struct review_ctx;
/*
 * Compute the review of CG, labelled with the build's label, listing at
 * most LIMIT paths within --budget; CTX is filled as cmd_review_ctx() does.
 */
int cmd_review(struct cmd_graph *cg, const struct cmd_opts *o, uint64_t limit,
	       struct review_ctx *ctx, struct review *out);

/*
 * Run CMD, gate or diff: compare the review of a build (the database; the
 * second database) with a base (the --baseline file; the first database),
 * print the changes and write the CI reports; the gate's exit code.
 */
int cmd_compare(int argc, char **argv, const struct cmd_entry *cmd);

struct cJSON;
/*
 * The functions of PATH (LEN functions), the last left out, with indirect
 * call sites the chosen tiers left unresolved: added to OBJ as an array
 * "unresolved_indirect" when there are any; appended to SB as
 * " [unresolved indirect calls in f, g]".
 */
void cmd_json_unresolved(const struct cmd_graph *cg, const uint32_t *path,
			 size_t len, struct cJSON *obj);
void cmd_text_unresolved(const struct cmd_graph *cg, const uint32_t *path,
			 size_t len, struct strbuf *sb);
/* Print ROOT as JSON on stdout and delete it. */
void cmd_print_json(struct cJSON *root);

/*
 * The class and size of PATH (LEN functions) when CG classifies
 * allocations: 0 with *OUT set, or -1 (not classified). *KEEP says
 * whether --class lets the path through.
 */
struct alloc_verdict;
int cmd_path_class(struct cmd_graph *cg, const uint32_t *path, size_t len,
		   struct alloc_verdict *out, int *keep);
/*
 * Add "class", "size" (bytes or null), "class_site" ("CALLER at
 * FILE:LINE:COL" or null) and, when unknown, "class_reason" to OBJ.
 */
void cmd_json_class(const struct cmd_graph *cg, const struct alloc_verdict *v,
		    struct cJSON *obj);
/* Append " [anonymous, 4096 bytes at f.c:1:2]" to SB. */
void cmd_text_class(const struct cmd_graph *cg, const struct alloc_verdict *v,
		    struct strbuf *sb);

struct trace;
/* Print " DOMAIN", " size N" and " truncated" for those T has. */
void cmd_print_trace_facts(const struct trace *t);

/* Finish the command: flush stdout and turn a write error into EXIT_SYSTEM. */
int cmd_finish(int code);

#endif
