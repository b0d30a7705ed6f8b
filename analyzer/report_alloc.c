/*
 * report_alloc.c - the section the report's front page leads with: the
 * run-time call sites that allocate memory no one is charged for, per
 * target, in sortable tables linking to the paths through them.
 */
#include "report_alloc.h"
#include "rules.h"
#include "alloc_sites.h"
#include "graph.h"
#include "html.h"
#include "indirect.h"
#include "report_site.h"
#include "review.h"

#include <inttypes.h>
#include <stdlib.h>

/* Does ROW make anonymous allocations at run time, from an entry point? */
static int anonymous_at_run_time(const struct alloc_site_row *row)
{
	return !row->boot_only && row->nr_entries &&
	       row->paths[ACLASS_ANONYMOUS] > 0;
}

static void site_row(const struct report_site *s,
		     const struct alloc_site_row *row, size_t ti,
		     struct strbuf *sb)
{
	const struct graph *g = s->g;
	const struct alloc_site *site = row->site;
	size_t k, linked = 0;

	strbuf_addstr(sb, "<tr><td>");
	html_escape(sb, g->f[row->caller].name);
	strbuf_addstr(sb, "</td><td>");
	if (site->file) {
		html_escape(sb, site->file);
		strbuf_addf(sb, ":%d:%d", site->line, site->col);
	}
	strbuf_addf(sb, "</td><td>%s</td>", alloc_class_name(row->v.cls));
	if (row->v.size >= 0)
		strbuf_addf(sb,
			    "<td class=\"num\" data-sort=\"%" PRId64
			    "\">%" PRId64 "</td>",
			    row->v.size, row->v.size);
	else if (row->v.size_arg)
		strbuf_addf(sb,
			    "<td class=\"num\" data-sort=\"-1\">caller's "
			    "argument %d</td>",
			    row->v.size_arg);
	else
		strbuf_addstr(sb, "<td class=\"num\" data-sort=\"-1\">?</td>");
	strbuf_addf(sb,
		    "<td class=\"num\" data-sort=\"%" PRIu64 "\">%s%" PRIu64
		    "</td><td>",
		    row->paths[ACLASS_ANONYMOUS],
		    row->paths_exact ? "" : "\xe2\x89\xa5",
		    row->paths[ACLASS_ANONYMOUS]);
	for (k = 0; k < row->nr_entries; k++) {
		size_t e = report_site_entry(s, row->entries[k]);
		const struct report_cell *c =
			e == REPORT_NONE ? NULL : report_site_cell(s, e, ti);

		strbuf_addstr(sb, linked++ ? ", " : "");
		if (c) {
			strbuf_addstr(sb, "<a href=\"");
			html_escape(sb, c->page);
			strbuf_addstr(sb, "\">");
		}
		html_escape(sb, g->f[row->entries[k]].name);
		if (c)
			strbuf_addstr(sb, "</a>");
		strbuf_addf(sb, " (%" PRIu64 ")",
			    row->entry_paths[k][ACLASS_ANONYMOUS]);
	}
	strbuf_addstr(sb, "</td><td>");
	html_escape(sb, verdict_name(row->verdict ? row->verdict->verdict
						  : VERDICT_UNDECIDED));
	strbuf_addstr(sb, "</td></tr>\n");
}

void report_alloc_sites(const struct report_site *s, struct strbuf *sb)
{
	const struct review_ctx *ctx = s->in->ctx;
	struct alloc_sites_ctx ac;
	struct alloc_sites ss;
	size_t i, t, shown = 0;

	if (!ctx->ac)
		return;
	ac.ac = ctx->ac;
	ac.g = ctx->g;
	ac.filter = ctx->filter;
	ac.rules = ctx->rules;
	ac.entries = ctx->entries;
	ac.targets = ctx->targets;
	ac.init_only = s->in->indirect ? s->in->indirect->init_only : NULL;
	ac.budget = ctx->budget;
	alloc_sites_compute(&ac, &ss);
	strbuf_addstr(sb, "<section id=\"anonymous\">\n<h2>Anonymous run-time "
			  "allocation sites</h2>\n<p class=\"note\">The "
			  "call sites that run after boot, that an entry "
			  "point reaches, and that take memory no one is "
			  "charged for on some path (by the <code>anonymous"
			  "</code> rules and the argument values the "
			  "compiler recorded); each entry links to its "
			  "paths. <code>callreach sites</code> lists every "
			  "site.</p>\n");
	if (alloc_classifier_missing(ctx->ac)) {
		strbuf_addstr(sb, "<p class=\"note\">Every argument value is "
				  "unknown: ");
		html_escape(sb, alloc_classifier_missing(ctx->ac));
		strbuf_addstr(sb, ".</p>\n");
	}
	for (t = 0; t < s->nr_t; t++) {
		size_t n = 0;

		for (i = 0; i < ss.nr; i++)
			n += ss.v[i].callee == s->t[t].f &&
			     anonymous_at_run_time(&ss.v[i]);
		if (!n)
			continue;
		shown += n;
		strbuf_addstr(sb, "<h3><a href=\"");
		html_escape(sb, s->t[t].page);
		strbuf_addstr(sb, "\">");
		html_escape(sb, s->g->f[s->t[t].f].name);
		strbuf_addf(sb,
			    "</a> (%zu site%s)</h3>\n<table class=\"sortable "
			    "anonymous\"><thead><tr><th>caller</th><th>site"
			    "</th><th>class</th><th>bytes</th><th>anonymous "
			    "paths</th><th>entries (anonymous paths)</th>"
			    "<th>verdict</th></tr>"
			    "</thead><tbody>\n",
			    n, n == 1 ? "" : "s");
		for (i = 0; i < ss.nr; i++)
			if (ss.v[i].callee == s->t[t].f &&
			    anonymous_at_run_time(&ss.v[i]))
				site_row(s, &ss.v[i], t, sb);
		strbuf_addstr(sb, "</tbody></table>\n");
	}
	if (!shown)
		strbuf_addstr(sb, "<p class=\"note\">None.</p>\n");
	strbuf_addstr(sb, "</section>\n");
	alloc_sites_release(&ss);
}
