/*
 * traces.h - run-time call traces: reading them from console logs (Xen's
 * x86 and arm call traces, plain stacks, bare addresses), naming bare
 * addresses through an ELF symbol table, storing traces in the database
 * and reading them back, and matching them against the static call graph.
 *
 * Ownership: a struct trace_log owns its traces and every string in them
 * (trace_log_release); struct elf_symbols, struct trace_walk and struct
 * trace_matcher own their arrays; a struct trace_hops is the caller's.
 */
#ifndef TRACES_H
#define TRACES_H

#include <stddef.h>
#include <stdint.h>

#include "symbols.h"

struct graph;
struct graph_db;

/* How a frame was printed, which says how far it can be trusted. */
enum frame_mark {
	FRAME_NONE, /* no marker (arm, older x86, plain stacks) */
	FRAME_R,    /* x86 "R": the current instruction */
	FRAME_F,    /* x86 "F": found through the frame pointers */
	FRAME_S,    /* x86 "S": found by scanning the stack, may be stale */
	FRAME_PC,   /* arm "(PC)": the program counter */
	FRAME_LR,   /* arm "(LR)": the link register, may be stale */
};

/* "R", "F", "S", "PC", "LR" or NULL; and back (FRAME_NONE when unknown). */
const char *frame_mark_name(enum frame_mark m);
enum frame_mark frame_mark_parse(const char *s);
/* S and LR frames may be stale: matching may pass over them. */
int frame_mark_unreliable(enum frame_mark m);

struct trace_frame {
	char *raw;  /* as printed, console prefix removed */
	char *name; /* symbol without "+off/size", or NULL */
	uint64_t addr;
	int has_addr;
	enum frame_mark mark;
};

struct trace {
	struct trace_frame *frames; /* innermost first, as Xen prints */
	size_t nr, alloc;
	const char *format; /* "x86", "arm", "xen", "plain" or "minerva" */
	int line;	    /* line of the header or of the first frame */
	char *domain;	    /* "d1" when the line before says so, or NULL */
	int64_t size;	    /* allocation size in bytes, or -1 */
	int truncated;	    /* a frame line was cut off */
	uint64_t count;	    /* occurrences (after traces_merge) */
	uint64_t hash;	    /* traces_hash() */
	char *verdict;	    /* a review's verdict ("PROB_SAFE"), or NULL */
	char *reason;	    /* and its comment, or NULL */
	/* filled by traces_load() */
	int64_t id;
	char *log, *label;
};

struct trace_log {
	char *path;    /* NULL for traces read from the database */
	char hash[17]; /* FNV-1a 64 of the contents, hex */
	struct trace *v;
	size_t nr, alloc;
	size_t occurrences; /* traces found, duplicates included */
	size_t noise;	    /* lines inside traces that were skipped */
};

void trace_log_release(struct trace_log *log);

/*
 * Find the traces in BUF (LEN bytes, the contents of PATH), one entry per
 * occurrence. Returns -1 (reported as "PATH:LINE: ...") when BUF is not a
 * text log.
 */
int traces_parse(const char *path, const char *buf, size_t len,
		 struct trace_log *out);
/* The same for the file at PATH. */
int traces_read_file(const char *path, struct trace_log *out);

/*
 * Give every trace its hash (FNV-1a 64 of the frame names, or of "0x..."
 * for an unnamed address, joined by newlines) and merge the traces of LOG
 * with the same hash, domain, size and truncation into one with a count.
 */
void traces_merge(struct trace_log *log);

/* The functions of ELF file's symbol table, sorted by address. */
struct elf_symbol {
	uint64_t addr, size;
	char *name; /* "file.c#name" for a local function */
};

struct elf_symbols {
	struct elf_symbol *v;
	size_t nr;
};

/* Read PATH's symbol table; -1 (reported) when it is no ELF file. */
int elf_symbols_load(struct elf_symbols *s, const char *path);
void elf_symbols_release(struct elf_symbols *s);
/* The function containing ADDR, or NULL. */
const char *elf_symbols_lookup(const struct elf_symbols *s, uint64_t addr);
/*
 * Name every frame of LOG that has an address but no name; returns the
 * number named, *MISSED counts those no symbol contains.
 */
size_t traces_symbolize(struct trace_log *log, const struct elf_symbols *s,
			size_t *missed);

/*
 * The functions of G a frame NAME may be: the clone suffixes dropped,
 * "file.c#name" (Xen's name of a static function) the static functions
 * called so in units ending with file.c, a plain name the global function
 * or, without one, every static function called so. Appends to OUT and
 * returns the number added (0: unknown; more than 1: ambiguous).
 */
size_t traces_resolve_name(const struct graph *g, const char *name,
			   struct sym_matches *out);

/*
 * Store LOGS in the database in one transaction, creating the trace tables
 * when missing; frames are resolved against G for the record. A log whose
 * contents were imported before is skipped and flagged in SKIPPED (NR
 * entries). Returns -1 (reported, database unchanged) on error.
 */
int traces_store(struct graph_db *db, const struct graph *g,
		 const struct trace_log *logs, size_t nr, const char *label,
		 const char *imported_at, int *skipped);

/* Create the trace tables when they are missing; 0 or -1 (reported). */
int traces_create_tables(struct graph_db *db);

/*
 * Every stored trace (of logs labelled LABEL, unless NULL) into OUT,
 * ordered by log and line; empty when nothing was imported.
 */
int traces_load(struct graph_db *db, const char *label, struct trace_log *out);

/* Calls a trace may lack between two of its frames (tail calls, inlining). */
#define TRACE_MAX_GAP 2

/* A trace as the graph knows it: its known frames, outermost first. */
struct walk_frame {
	uint32_t *cand; /* the functions it may be, sorted */
	size_t nr;	/* 0: a frame the graph does not know */
	int unreliable; /* an S or LR frame */
	int inlined;	/* unknown, between two frames the graph
			 * calls directly: inlined in its build */
	size_t pos;	/* index in the trace's frames */
};

struct trace_walk {
	struct walk_frame *f;
	size_t nr;
	size_t unknown; /* frames the graph does not know */
};

/*
 * The walk of T over G, from its outermost known frame to its innermost
 * known frame: unknown frames in between stay (with no candidate), and a
 * frame naming the same function as the frame outside it is merged into
 * that one. A run of unknown frames between frames A and B where the graph
 * has a direct call A -> B was inlined into A in the graph's build: such
 * frames are marked and passed over like stale ones.
 */
void trace_walk_init(struct trace_walk *w, const struct graph *g,
		     const struct trace *t);
void trace_walk_release(struct trace_walk *w);

/*
 * Does W follow the static path PATH (LEN functions, entry first)? The
 * path's first and last functions are frames of W, in that order; every
 * frame between them is a function of the path, in order, except stale
 * (unreliable) and inlined frames, which may be passed over; at most
 * TRACE_MAX_GAP functions in a row of the path may be missing from W.
 * Returns the fewest missing functions of such a match, or -1.
 */
int trace_walk_match(const struct trace_walk *w, const uint32_t *path,
		     size_t len);

/* Scratch space for bounded searches over a graph. */
struct trace_matcher {
	const struct graph *g;
	uint32_t *stamp, *queue, *depth;
	uint32_t gen;
};

void trace_matcher_init(struct trace_matcher *m, const struct graph *g);
void trace_matcher_release(struct trace_matcher *m);
/* Is some function of TO reachable from some of FROM in 1..MAX calls? */
int trace_matcher_reaches(struct trace_matcher *m, const uint32_t *from,
			  size_t nr_from, uint32_t to, unsigned max);

/* The hops of a walk, outermost first. */
struct trace_hops {
	uint32_t *chosen;      /* per walk frame: its function, or UINT32_MAX
				* for a stale or unknown frame */
	long *from;	       /* per walk frame: the frame it was called
				* from, or -1 (the first, or stale) */
	unsigned char *bad;    /* per walk frame: the hop into it is
				* unexplained */
	long first_bad;	       /* walk index of the callee of the first
				* unexplained hop, or -1 */
	long first_bad_caller; /* walk index of its caller */
	size_t nr_bad;	       /* unexplained hops */
	size_t stale;	       /* stale frames passed over */
};

/*
 * Explain W's hops: a hop A -> B (consecutive frames, outer to inner) is
 * explained when the graph reaches B from A within TRACE_MAX_GAP + 1
 * calls. An unexplained hop into a stale frame passes over that frame; a
 * hop into a frame the graph does not know is unexplained (unless that
 * frame is stale or inlined), and the frame after it starts afresh.
 * Ambiguous frames become the candidate the frame before reaches.
 */
void trace_walk_hops(const struct trace_walk *w, struct trace_matcher *m,
		     struct trace_hops *out);
void trace_hops_release(struct trace_hops *h);

struct cJSON;
/*
 * Add what identifies trace T to the JSON object O: hash, log, line,
 * count, domain, size (null when unknown) and truncated.
 */
void trace_add_json(struct cJSON *o, const struct trace *t);

#endif
