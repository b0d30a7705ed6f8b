/*
 * export_json.c - JSON: {"nodes": [...], "edges": [...]}, written as it is
 * made, in the layout of cJSON_Print() (tabs, "key":<tab>value, arrays of
 * objects as [{ ... }, { ... }]), which json_print() gives every other
 * command: a subgraph of half a million functions is not built as a tree
 * of items first.
 */
#include "export.h"
#include "filter.h"
#include "indirect.h"
#include "json_out.h"
#include "util.h"

#include <cjson/cJSON.h>
#include <limits.h>
#include <stdlib.h>

/*
 * The characters below 0x20, '"' and '\\' that cJSON escapes with one
 * letter; the other control characters become \u00XX.
 */
static const char json_escapes[0x60] = {
	['"'] = '"', ['\\'] = '\\', ['\b'] = 'b', ['\f'] = 'f',
	['\n'] = 'n', ['\r'] = 'r', ['\t'] = 't',
};

/* Append S as a JSON string, escaped as cJSON escapes it. */
static void add_string(struct strbuf *out, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;

	export_putc(out, '"');
	for (;;) {
		const unsigned char *run = p;
		unsigned char c;

		while (*p >= 0x20 && *p != '"' && *p != '\\')
			p++;
		export_put(out, (const char *)run, (size_t)(p - run));
		c = *p++;
		if (!c)
			break;
		export_putc(out, '\\');
		if (json_escapes[c]) {
			export_putc(out, json_escapes[c]);
		} else {
			EXPORT_LIT(out, "u00");
			export_putc(out, hex[c >> 4]);
			export_putc(out, hex[c & 15]);
		}
	}
	export_putc(out, '"');
}

/* Append N as cJSON prints a number: "%d" in an int's range. */
static void add_int(struct strbuf *out, long n)
{
	if (n >= INT_MIN && n <= INT_MAX) {
		strbuf_addnum(out, n);
	} else {
		char buf[32];

		snprintf(buf, sizeof(buf), "%1.15g", (double)n);
		export_put(out, buf, strlen(buf));
	}
}

static void add_bool(struct strbuf *out, int b)
{
	if (b)
		EXPORT_LIT(out, "true");
	else
		EXPORT_LIT(out, "false");
}

/* The members' separators and keys, indented as at depth 3. */
#define KEY3(k) ",\n\t\t\t\"" k "\":\t"

static void add_node(struct strbuf *out, const struct export_graph *eg,
		     uint32_t v)
{
	const struct gfunc *f = &eg->g->f[v];

	EXPORT_LIT(out, "{\n\t\t\t\"name\":\t");
	add_string(out, f->name);
	EXPORT_LIT(out, KEY3("base"));
	add_string(out, f->base);
	EXPORT_LIT(out, KEY3("file"));
	add_string(out, f->file);
	EXPORT_LIT(out, KEY3("line"));
	add_int(out, f->line);
	EXPORT_LIT(out, KEY3("col"));
	add_int(out, f->col);
	EXPORT_LIT(out, KEY3("unit"));
	add_string(out, f->unit);
	EXPORT_LIT(out, KEY3("defined"));
	add_bool(out, f->flags & GF_DEFINED);
	EXPORT_LIT(out, KEY3("static"));
	add_bool(out, f->flags & GF_STATIC);
	EXPORT_LIT(out, KEY3("source"));
	add_bool(out, eg->flags[v] & NF_SOURCE);
	EXPORT_LIT(out, KEY3("target"));
	add_bool(out, eg->flags[v] & NF_TARGET);
	EXPORT_LIT(out, KEY3("indirect_calls"));
	add_int(out, (long)f->nr_indirect);
	EXPORT_LIT(out, "\n\t\t}");
}

/*
 * A call the compiler did not see, with what indirect_edge_json() says of
 * it: made as cJSON items and printed by cJSON, indented to its depth.
 */
static int add_user_edge(struct strbuf *out, const struct export_graph *eg,
			 const struct export_edge *e,
			 const struct graph_user_edge *ue)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *sites;
	char *text, *p;
	struct export_sites it;
	struct export_site s;

	cJSON_AddStringToObject(o, "caller", eg->g->f[e->caller].name);
	cJSON_AddStringToObject(o, "callee", eg->g->f[e->callee].name);
	indirect_edge_json(ue, o);
	sites = cJSON_AddArrayToObject(o, "sites");
	export_sites_begin(&it, eg, e);
	while (export_sites_next(&it, &s))
		cJSON_AddItemToArray(sites, json_site(s.file, s.line, s.col));
	text = cJSON_Print(o);
	cJSON_Delete(o);
	if (!text)
		return error("out of memory");
	for (p = text; *p; p++) { /* strings hold no raw line break */
		export_putc(out, *p);
		if (*p == '\n')
			EXPORT_LIT(out, "\t\t");
	}
	cJSON_free(text);
	return 0;
}

static int add_edge(struct strbuf *out, const struct export_graph *eg,
		    const struct export_edge *e)
{
	const struct graph_user_edge *ue =
		graph_user_edge(eg->g, e->caller, e->callee);
	struct export_sites it;
	struct export_site s;

	if (ue)
		return add_user_edge(out, eg, e, ue);
	EXPORT_LIT(out, "{\n\t\t\t\"caller\":\t");
	add_string(out, eg->g->f[e->caller].name);
	EXPORT_LIT(out, KEY3("callee"));
	add_string(out, eg->g->f[e->callee].name);
	EXPORT_LIT(out, KEY3("sites") "[");
	export_sites_begin(&it, eg, e);
	while (export_sites_next(&it, &s)) {
		if (it.k > 1) /* not the first */
			EXPORT_LIT(out, ", ");
		EXPORT_LIT(out, "{\n\t\t\t\t\t\"file\":\t");
		add_string(out, s.file);
		EXPORT_LIT(out, ",\n\t\t\t\t\t\"line\":\t");
		add_int(out, s.line);
		EXPORT_LIT(out, ",\n\t\t\t\t\t\"col\":\t");
		add_int(out, s.col);
		EXPORT_LIT(out, "\n\t\t\t\t}");
	}
	EXPORT_LIT(out, "]\n\t\t}");
	return 0;
}

static int write_json(const struct export_graph *eg, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int ret = 0;

	strbuf_grow(&sb, 2 * EXPORT_FLUSH_AT);
	EXPORT_LIT(&sb, "{\n\t\"nodes\":\t[");
	for (i = 0; i < eg->nr_nodes; i++) {
		if (i)
			EXPORT_LIT(&sb, ", ");
		add_node(&sb, eg, eg->nodes[i]);
		export_flush(&sb, out);
	}
	EXPORT_LIT(&sb, "],\n\t\"edges\":\t[");
	for (i = 0; i < eg->nr_edges && !ret; i++) {
		if (i)
			EXPORT_LIT(&sb, ", ");
		ret = add_edge(&sb, eg, &eg->edges[i]);
		export_flush(&sb, out);
	}
	EXPORT_LIT(&sb, "]\n}\n");
	if (!ret)
		fwrite(sb.buf, 1, sb.len, out);
	strbuf_release(&sb);
	return ret;
}

const struct exporter export_json = {"json", write_json};
