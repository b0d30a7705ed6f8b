/*
 * traces.c - run-time call traces: console logs parsed, addresses named
 * through ELF symbols, traces stored in and read from the database, and
 * matched against the static call graph.
 *
 * This file holds the frame marks, the naming of frames in the graph and
 * a trace's JSON; the console logs are read in traces_parse.c, addresses
 * named in traces_elf.c, traces stored in traces_store.c and matched in
 * traces_match.c.
 */
#include "traces_int.h"
#include "graph.h"
#include "util.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static const char *const mark_names[] = {
	[FRAME_NONE] = NULL, [FRAME_R] = "R",	[FRAME_F] = "F",
	[FRAME_S] = "S",     [FRAME_PC] = "PC", [FRAME_LR] = "LR",
};

const char *frame_mark_name(enum frame_mark m)
{
	return (size_t)m < ARRAY_SIZE(mark_names) ? mark_names[m] : NULL;
}

enum frame_mark frame_mark_parse(const char *s)
{
	int i = s ? name_index(mark_names, ARRAY_SIZE(mark_names), s) : -1;

	return i < 0 ? FRAME_NONE : (enum frame_mark)i;
}

int frame_mark_unreliable(enum frame_mark m)
{
	return m == FRAME_S || m == FRAME_LR;
}

void traces_frame_release(struct trace_frame *f)
{
	free(f->raw);
	free(f->name);
}

void traces_trace_release(struct trace *t)
{
	size_t i;

	for (i = 0; i < t->nr; i++)
		traces_frame_release(&t->frames[i]);
	free(t->frames);
	free(t->domain);
	free(t->verdict);
	free(t->reason);
	free(t->log);
	free(t->label);
	memset(t, 0, sizeof(*t));
}

void trace_log_release(struct trace_log *log)
{
	size_t i;

	for (i = 0; i < log->nr; i++)
		traces_trace_release(&log->v[i]);
	free(log->v);
	free(log->path);
	memset(log, 0, sizeof(*log));
}

/* --- naming frames -------------------------------------------------- */

size_t traces_resolve_name(const struct graph *g, const char *name,
			   struct sym_matches *out)
{
	char *canon = sym_canonical(name);
	size_t n;
	int64_t exact;

	if (!*canon || strchr(canon, '#') || strchr(canon, ':')) {
		n = *canon ? sym_resolve(g, canon, out) : 0;
	} else if ((exact = graph_find(g, canon)) >= 0) {
		/* a plain name is the global function when there is one */
		ALLOC_GROW(out->idx, out->nr + 1, out->alloc);
		out->idx[out->nr++] = (uint32_t)exact;
		n = 1;
	} else {
		n = sym_resolve(g, canon, out);
	}
	free(canon);
	return n;
}

void trace_add_json(struct cJSON *o, const struct trace *t)
{
	char hash[17];

	snprintf(hash, sizeof(hash), "%016" PRIx64, t->hash);
	cJSON_AddStringToObject(o, "hash", hash);
	cJSON_AddStringToObject(o, "log", t->log);
	cJSON_AddNumberToObject(o, "line", t->line);
	cJSON_AddNumberToObject(o, "count", (double)t->count);
	if (t->domain)
		cJSON_AddStringToObject(o, "domain", t->domain);
	else
		cJSON_AddNullToObject(o, "domain");
	if (t->size >= 0)
		cJSON_AddNumberToObject(o, "size", (double)t->size);
	else
		cJSON_AddNullToObject(o, "size");
	cJSON_AddBoolToObject(o, "truncated", t->truncated);
}
