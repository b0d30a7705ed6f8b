/*
 * report_index.c - the overview page of the report site (index.html): the
 * build's facts and counts, the changes since a baseline, the entry x
 * target matrix, the run-time coverage with the traces no static path
 * explains, the targets and the nightly trend.
 */
#include "report_index.h"
#include "coverage.h"
#include "graph.h"
#include "html.h"
#include "indirect.h"
#include "kconfig.h"
#include "report_alloc.h"
#include "report_page.h"
#include "report_site.h"
#include "report_trend.h"
#include "review.h"
#include "rules.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CHANGES  200 /* changes listed per kind */
#define HISTORY_ROWS 14	 /* nights in the index's table */
#define MAX_TRACES   200 /* unexplained traces listed */

static void witness(const struct report_site *s, struct strbuf *sb,
		    const struct strvec *w)
{
	size_t k;

	for (k = 0; k < w->nr; k++) {
		if (k)
			strbuf_addstr(
				sb,
				" <span class=\"sep\">\xe2\x80\xba</span> ");
		page_name_link(s, sb, w->v[k]);
	}
}

static void index_changes(const struct report_site *s, struct strbuf *sb)
{
	const struct comparison *c = s->in->cmp;
	size_t k, i, shown;

	strbuf_addstr(sb, "<section id=\"changes\">\n<h2>Changes since the "
			  "baseline</h2>\n");
	if (!c) {
		strbuf_addstr(
			sb,
			"<p class=\"note\">No baseline was given (--baseline "
			"FILE).</p>\n</section>\n");
		return;
	}
	strbuf_addstr(sb, "<p>Baseline <code>");
	html_escape(sb, s->in->baseline ? s->in->baseline : "?");
	strbuf_addstr(sb, "</code>");
	if (c->base_label) {
		strbuf_addstr(sb, " (build <code>");
		html_escape(sb, c->base_label);
		strbuf_addstr(sb, "</code>)");
	}
	strbuf_addf(sb,
		    ". The gate <strong class=\"%s\">%s</strong>: %s.</p>\n",
		    c->failed ? "fail" : "pass", c->failed ? "fails" : "passes",
		    c->by_paths ? "decided from the complete path sets"
				: "the path sets are too large to list, so it "
				  "is decided "
				  "from reachable pairs and call edges");
	strbuf_addstr(
		sb, "<table class=\"counts\" id=\"change-counts\"><thead><tr>");
	for (k = 0; k < CHANGE_KIND_COUNT; k++)
		strbuf_addf(sb, "<th>%s</th>",
			    change_kind_name((enum change_kind)k));
	strbuf_addstr(sb, "</tr></thead><tbody><tr>");
	for (k = 0; k < CHANGE_KIND_COUNT; k++)
		strbuf_addf(sb, "<td class=\"num\" data-kind=\"%s\">%zu</td>",
			    change_kind_name((enum change_kind)k),
			    c->counts[k]);
	strbuf_addstr(sb, "</tr></tbody></table>\n");
	for (k = 0; k < CHANGE_KIND_COUNT; k++) {
		if (!c->counts[k])
			continue;
		strbuf_addf(
			sb,
			"<h3>%s (%zu)</h3>\n<table class=\"changes sortable\">"
			"<thead><tr><th>what</th><th>verdict</th><th>gate</th>"
			"<th>witness path</th><th>call "
			"site</th></tr></thead><tbody>\n",
			change_kind_name((enum change_kind)k), c->counts[k]);
		for (i = shown = 0; i < c->nr && shown < MAX_CHANGES; i++) {
			const struct change *ch = &c->v[i];
			int removed = ch->kind == CHANGE_REMOVED_PATH ||
				      ch->kind == CHANGE_REMOVED_PAIR;

			if (ch->kind != k)
				continue;
			shown++;
			strbuf_addf(sb, "<tr class=\"%s\"><td>",
				    ch->passes ? "ok" : "failing");
			html_escape(sb, ch->title);
			strbuf_addstr(sb, "</td><td>");
			if (!removed) {
				strbuf_addstr(sb, "<span title=\"");
				html_escape(sb, ch->reason ? ch->reason
							   : "no triage rule");
				strbuf_addstr(sb, "\">");
				page_chip(sb, (int)ch->verdict);
				strbuf_addstr(sb, "</span>");
			}
			strbuf_addf(sb, "</td><td>%s</td><td>",
				    ch->passes ? "ok" : "FAIL");
			witness(s, sb, &ch->witness);
			strbuf_addstr(sb, "</td><td>");
			if (ch->file)
				page_src_link(s, sb, ch->file, ch->line,
					      ch->col);
			strbuf_addstr(sb, "</td></tr>\n");
		}
		strbuf_addstr(sb, "</tbody></table>\n");
		if (shown < c->counts[k])
			strbuf_addf(
				sb,
				"<p class=\"note\">%zu more not shown.</p>\n",
				c->counts[k] - shown);
	}
	strbuf_addstr(sb, "</section>\n");
}

static void index_matrix(const struct report_site *s, struct strbuf *sb)
{
	size_t i, k, v;
	int any = 0;

	strbuf_addstr(
		sb,
		"<section id=\"matrix\">\n<h2>Entries \xc3\x97 targets</h2>\n");
	if (!s->nr_cells) {
		strbuf_addstr(
			sb,
			"<p class=\"note\">No entry reaches a target.</p>\n");
	} else {
		strbuf_addstr(sb, "<p class=\"legend\">Each cell counts the "
				  "paths from an "
				  "entry (row) to a target (column), "
				  "\xe2\x89\xa5 when the "
				  "count "
				  "is a lower bound, and links to them; its "
				  "colour is the "
				  "worst "
				  "verdict among them: ");
		for (v = 0; v < VERDICT_COUNT; v++) {
			page_chip(sb, (int)v);
			strbuf_addch(sb, ' ');
		}
		strbuf_addstr(
			sb, "(paths the listing left out count as UNDECIDED).");
		if (s->in->cov)
			strbuf_addstr(
				sb, " Below the count, how many of the cell's "
				    "listed paths run-time traces have seen: "
				    "seen/listed (see <a href=\"#coverage\">"
				    "Run-time coverage</a>).");
		strbuf_addstr(
			sb,
			"</p>\n"
			"<div class=\"matrix-wrap\"><table class=\"matrix\" "
			"id=\"matrix-table\"><thead><tr><th "
			"class=\"corner\">entry "
			"\\ target</th>");
		for (k = 0; k < s->nr_t; k++) {
			if (!s->t[k].reached)
				continue;
			strbuf_addstr(sb, "<th class=\"target\" "
					  "scope=\"col\"><a href=\"");
			html_escape(sb, s->t[k].page);
			strbuf_addstr(sb, "\">");
			html_escape(sb, s->g->f[s->t[k].f].name);
			strbuf_addstr(sb, "</a></th>");
		}
		strbuf_addstr(sb, "</tr></thead>\n<tbody>\n");
		for (i = 0; i < s->nr_e; i++) {
			if (!s->e[i].reaches)
				continue;
			strbuf_addstr(sb,
				      "<tr><th class=\"entry\" scope=\"row\">");
			page_fn_link(s, sb, s->e[i].f);
			strbuf_addstr(sb, "</th>");
			for (k = 0; k < s->nr_t; k++) {
				const struct report_cell *c;
				struct coverage_tally ct = {0, 0, 0};

				if (!s->t[k].reached)
					continue;
				c = report_site_cell(s, i, k);
				if (!c) {
					strbuf_addstr(sb, "<td class=\"cell "
							  "empty\"></td>");
					continue;
				}
				strbuf_addf(
					sb,
					"<td class=\"cell v-%s\" data-entry=\"",
					page_vname(c->worst));
				html_escape(sb, s->g->f[s->e[i].f].name);
				strbuf_addstr(sb, "\" data-target=\"");
				html_escape(sb, s->g->f[s->t[k].f].name);
				strbuf_addf(sb,
					    "\" data-verdict=\"%s\" "
					    "data-count=\"%" PRIu64
					    "\" data-exact=\"%s\" "
					    "data-listed=\"%zu\"",
					    page_vname(c->worst), c->pc.count,
					    c->pc.exact ? "true" : "false",
					    c->nr_listed);
				if (s->in->cov) {
					coverage_count(s->in->cov, s->t[k].f,
						       s->e[i].f, 0, &ct);
					strbuf_addf(sb,
						    " data-seen=\"%zu\""
						    " data-unexplained=\"%zu\"",
						    ct.seen, ct.unexplained);
				}
				strbuf_addstr(sb, "><a href=\"");
				html_escape(sb, c->page);
				strbuf_addstr(sb, "\" title=\"");
				html_escapef(
					sb,
					"%s to %s: %s%" PRIu64
					" path%s, %zu listed, worst %s",
					s->g->f[s->e[i].f].name,
					s->g->f[s->t[k].f].name,
					c->pc.exact ? "" : "at least ",
					c->pc.count, page_plural(c->pc.count),
					c->nr_listed, page_vname(c->worst));
				if (s->in->cov)
					page_cov_title(sb, &ct);
				strbuf_addstr(sb, "\">");
				page_count_text(sb, &c->pc);
				if (s->in->cov)
					strbuf_addf(sb,
						    "<span class=\"cov-cell\">"
						    "%zu/%zu seen</span>",
						    ct.seen, ct.paths);
				strbuf_addstr(sb, "</a></td>");
			}
			strbuf_addstr(sb, "</tr>\n");
		}
		strbuf_addstr(sb, "</tbody></table></div>\n");
	}
	for (i = 0; i < s->nr_e; i++) {
		if (s->e[i].reaches)
			continue;
		strbuf_addstr(sb, any++ ? ", "
					: "<p class=\"note\">Entries that "
					  "reach no target: ");
		strbuf_addstr(sb, "<code>");
		html_escape(sb, s->g->f[s->e[i].f].name);
		strbuf_addstr(sb, "</code>");
	}
	if (any)
		strbuf_addstr(sb, ".</p>\n");
	any = 0;
	for (k = 0; k < s->nr_t; k++) {
		if (s->t[k].reached)
			continue;
		strbuf_addstr(
			sb,
			any++ ? ", "
			      : "<p class=\"note\">Targets no entry reaches: ");
		strbuf_addstr(sb, "<code>");
		html_escape(sb, s->g->f[s->t[k].f].name);
		strbuf_addstr(sb, "</code>");
	}
	if (any)
		strbuf_addstr(sb, ".</p>\n");
	strbuf_addstr(sb, "</section>\n");
}

/* A trace's path: its known frames, unknown ones as "name?". */
static void trace_chain(struct strbuf *sb, const struct trace_cov *tc)
{
	size_t k;

	strbuf_addstr(sb, "<span class=\"chain\">");
	for (k = 0; k < tc->shown.nr; k++) {
		if (k)
			strbuf_addstr(
				sb,
				" <span class=\"sep\">\xe2\x80\xba</span> ");
		html_escape(sb, tc->shown.v[k]);
	}
	strbuf_addstr(sb, "</span>");
}

static void index_coverage(const struct report_site *s, struct strbuf *sb)
{
	const struct coverage *c = s->in->cov;
	size_t i, shown;

	strbuf_addstr(sb,
		      "<section id=\"coverage\">\n<h2>Run-time coverage</h2>\n"
		      "<table class=\"counts\" id=\"coverage-counts\">"
		      "<thead><tr><th>traces</th><th>occurrences</th>"
		      "<th>logs</th><th>listed paths</th><th>seen</th>"
		      "<th>share</th><th>never seen</th>"
		      "<th>traces explained</th><th>unexplained</th>"
		      "<th>reaching no target</th>"
		      "</tr></thead><tbody><tr>");
	strbuf_addf(sb,
		    "<td class=\"num\" data-count=\"traces\">%zu</td>"
		    "<td class=\"num\" data-count=\"occurrences\">%zu</td>"
		    "<td class=\"num\" data-count=\"logs\">%zu</td>"
		    "<td class=\"num\" data-count=\"paths\">%zu</td>"
		    "<td class=\"num\" data-count=\"seen\">%zu</td>"
		    "<td class=\"num\" data-count=\"share\">",
		    c->nr_tr, c->set->occurrences, c->logs, c->nr_paths,
		    c->seen);
	page_share_text(sb, c->seen, c->nr_paths);
	strbuf_addf(sb,
		    "</td><td class=\"num\" data-count=\"never\">%zu</td>"
		    "<td class=\"num\" data-count=\"explained\">%zu</td>"
		    "<td class=\"num\" data-count=\"unexplained\">%zu</td>"
		    "<td class=\"num\" data-count=\"no-target\">%zu</td>"
		    "</tr></tbody></table>\n",
		    c->nr_paths - c->seen, c->explained, c->unexplained,
		    c->no_target);
	strbuf_addstr(sb,
		      "<p class=\"note\">Each call trace imported with "
		      "<code>callreach traces import</code> (every label) is "
		      "matched against the listed paths: a path is seen when a "
		      "trace follows it from entry to target (stale frames and "
		      "a few missing calls allowed). The target and pair pages "
		      "mark each path seen, with its traces, or never seen; "
		      "<code>callreach coverage</code> prints the same.</p>\n");
	page_listing_note(s, sb);
	if (!c->unexplained) {
		strbuf_addstr(sb, "<p class=\"note\">Every trace reaching a "
				  "target follows a listed path.</p>\n"
				  "</section>\n");
		return;
	}
	strbuf_addf(
		sb,
		"<h3>Traces no static path explains (%zu)</h3>\n"
		"<table class=\"sortable\" id=\"unexplained\"><thead><tr>"
		"<th>trace</th><th>entry</th><th>target</th><th>verdict</th>"
		"<th>first unexplained hop</th><th>why</th>"
		"<th>trace path</th></tr></thead><tbody>\n",
		c->unexplained);
	for (i = shown = 0; i < c->nr_tr && shown < MAX_TRACES; i++) {
		const struct trace_cov *tc = &c->tr[i];
		const struct triage_rule *r = tc->rule;

		if (!tc->relevant || tc->matches)
			continue;
		shown++;
		strbuf_addstr(sb, "<tr class=\"trace\"><td>");
		page_trace_where(sb, tc->t);
		strbuf_addstr(sb, "</td><td>");
		if (tc->entry == COVERAGE_NONE)
			strbuf_addstr(sb, "<span class=\"note\">none</span>");
		else
			page_fn_link(s, sb, tc->entry);
		strbuf_addstr(sb, "</td><td>");
		page_fn_link(s, sb, tc->target);
		strbuf_addstr(sb, "</td><td>");
		if (r) {
			strbuf_addstr(sb, "<span title=\"");
			html_escape(sb, r->reason);
			strbuf_addstr(sb, "\">");
		}
		page_chip(sb, r ? (int)r->verdict : (int)VERDICT_UNDECIDED);
		if (r)
			strbuf_addstr(sb, "</span>");
		strbuf_addstr(sb, "</td><td class=\"hop\">");
		if (tc->why == WHY_HOP) {
			strbuf_addstr(sb, "<code class=\"caller\">");
			html_escape(sb, tc->hop_caller);
			strbuf_addstr(sb, "</code> \xe2\x86\x92 "
					  "<code class=\"callee\">");
			html_escape(sb, tc->hop_callee);
			strbuf_addstr(sb, "</code>");
		}
		strbuf_addstr(sb, "</td><td class=\"why\">");
		html_escape(sb, coverage_why_name(tc->why));
		if (tc->detail) {
			strbuf_addstr(sb, ": ");
			html_escape(sb, tc->detail);
		}
		strbuf_addstr(sb, "</td><td>");
		trace_chain(sb, tc);
		strbuf_addstr(sb, "</td></tr>\n");
	}
	strbuf_addstr(sb, "</tbody></table>\n");
	if (shown < c->unexplained)
		strbuf_addf(sb, "<p class=\"note\">%zu more not shown.</p>\n",
			    c->unexplained - shown);
	strbuf_addstr(sb, "</section>\n");
}

static void index_targets(const struct report_site *s, struct strbuf *sb)
{
	size_t k;

	strbuf_addstr(
		sb, "<section id=\"targets\">\n<h2>Targets</h2>\n"
		    "<table class=\"sortable\" id=\"target-table\"><thead><tr>"
		    "<th>target</th><th>paths</th><th>listed</th>");
	page_verdict_counts_head(sb);
	strbuf_addstr(sb, "<th>graph</th></tr></thead><tbody>\n");
	for (k = 0; k < s->nr_t; k++) {
		const struct report_target *t = &s->t[k];

		if (!t->reached)
			continue;
		strbuf_addstr(sb, "<tr><td><a href=\"");
		html_escape(sb, t->page);
		strbuf_addstr(sb, "\">");
		html_escape(sb, s->g->f[t->f].name);
		strbuf_addf(sb,
			    "</a></td><td class=\"num\" data-sort=\"%" PRIu64
			    "\">",
			    t->pc.count);
		page_count_text(sb, &t->pc);
		strbuf_addf(sb, "</td><td class=\"num\">%zu</td>",
			    t->nr_listed);
		page_verdict_counts_row(sb, t->listed);
		strbuf_addstr(sb, "<td><a href=\"");
		html_escape(sb, t->page);
		if (!t->graphed)
			strbuf_addstr(sb, "#graph\">none (Graphviz "
					  "failed)</a></td></tr>\n");
		else if (t->collapse.collapsed)
			strbuf_addf(sb,
				    "#graph\">%zu shown, %zu collapsed into "
				    "%zu</a></td></tr>\n",
				    t->collapse.shown, t->collapse.collapsed,
				    t->collapse.groups);
		else
			strbuf_addf(sb,
				    "#graph\">%zu function%s</a></td></tr>\n",
				    t->collapse.shown,
				    page_plural(t->collapse.shown));
	}
	strbuf_addstr(sb, "</tbody></table>\n</section>\n");
}

static void index_trend(const struct report_site *s, struct strbuf *sb)
{
	const struct trend *t = s->in->history;
	size_t i, v;

	strbuf_addstr(sb, "<section id=\"trend\">\n<h2>Trend</h2>\n");
	if (!t) {
		strbuf_addstr(
			sb, "<p class=\"note\">No history was given (--history "
			    "FILE).</p>\n</section>\n");
		return;
	}
	strbuf_addf(
		sb,
		"<p><img src=\"trend.svg\" alt=\"Paths per verdict over %zu "
		"night%s\" class=\"trend\"></p>\n",
		t->nr, page_plural(t->nr));
	if (!t->nr) {
		strbuf_addstr(sb, "</section>\n");
		return;
	}
	strbuf_addstr(sb, "<table class=\"sortable\" "
			  "id=\"history\"><thead><tr><th>night</th>"
			  "<th>paths</th>");
	page_verdict_counts_head(sb);
	strbuf_addstr(sb, "</tr></thead><tbody>\n");
	for (i = t->nr; i > 0 && i + HISTORY_ROWS > t->nr; i--) {
		const struct trend_point *p = &t->v[i - 1];

		strbuf_addstr(sb, "<tr><td>");
		html_escape(sb, p->date);
		strbuf_addf(sb,
			    "</td><td class=\"num\" data-sort=\"%" PRIu64
			    "\">%s%" PRIu64 "</td>",
			    p->count, p->count_exact ? "" : "\xe2\x89\xa5",
			    p->count);
		for (v = 0; v < VERDICT_COUNT; v++)
			strbuf_addf(sb, "<td class=\"num\">%" PRIu64 "</td>",
				    p->by_verdict[v]);
		strbuf_addstr(sb, "</tr>\n");
	}
	strbuf_addstr(sb, "</tbody></table>\n</section>\n");
}

int report_index_write(struct report_site *s)
{
	const struct graph *g = s->g;
	struct strbuf sb = STRBUF_INIT;
	int64_t unresolved = s->indirect;
	uint32_t i, defined = 0;
	size_t v;
	int ret;

	for (i = 0; i < g->nr; i++)
		defined += (g->f[i].flags & GF_DEFINED) != 0;
	/* without the indirect tiers' counts, every site is unresolved */
	if (s->in->indirect &&
	    s->in->indirect->counts.unresolved <= (uint64_t)s->indirect)
		unresolved = (int64_t)s->in->indirect->counts.unresolved;
	page_begin(s, &sb, "Overview");
	strbuf_addstr(&sb, "<h1>Review of <code>");
	html_escape(&sb, s->label ? s->label : "(no label)");
	strbuf_addstr(&sb, "</code></h1>\n<section id=\"build\">\n<table "
			   "class=\"facts\">\n"
			   "<tr><th>build</th><td>");
	html_escape(&sb, s->label ? s->label : "(no label)");
	strbuf_addstr(&sb, "</td></tr>\n<tr><th>ingested</th><td>");
	html_escape(&sb, s->ingested ? s->ingested : "?");
	strbuf_addstr(&sb, "</td></tr>\n<tr><th>report made</th><td>");
	html_escape(&sb, s->in->generated);
	strbuf_addstr(&sb, "</td></tr>\n<tr><th>rules</th><td>");
	for (v = 0; v < s->in->rules->nr; v++) {
		strbuf_addstr(&sb, v ? ", <code>" : "<code>");
		html_escape(&sb, s->in->rules->v[v]);
		strbuf_addstr(&sb, "</code>");
	}
	strbuf_addstr(&sb, "</td></tr>\n<tr><th>config</th><td>");
	if (s->config) {
		struct kconfig_counts kc;

		kconfig_count(s->config, &kc);
		strbuf_addf(&sb,
			    "<details><summary>%zu options set</summary><pre "
			    "class=\"config\">",
			    kc.set);
		html_escape(&sb, s->config);
		strbuf_addstr(&sb, "</pre></details>");
	} else {
		strbuf_addstr(&sb, "none stored");
	}
	strbuf_addstr(&sb, "</td></tr>\n</table>\n</section>\n");
	report_alloc_sites(s, &sb);

	strbuf_addf(
		&sb,
		"<section id=\"counts\">\n<h2>The call graph</h2>\n"
		"<table class=\"counts\" "
		"id=\"graph-counts\"><thead><tr><th>units</th>"
		"<th>functions</th><th>defined</th><th>external</th><th>call "
		"edges</th>"
		"<th>call sites</th><th>indirect call "
		"sites</th><th>resolved</th>"
		"<th>unresolved</th></tr></thead><tbody><tr>"
		"<td class=\"num\" data-count=\"units\">%" PRId64 "</td>"
		"<td class=\"num\" data-count=\"functions\">%u</td>"
		"<td class=\"num\" data-count=\"defined\">%u</td>"
		"<td class=\"num\" data-count=\"external\">%u</td>"
		"<td class=\"num\" data-count=\"call-edges\">%u</td>"
		"<td class=\"num\" data-count=\"call-sites\">%" PRId64 "</td>"
		"<td class=\"num\" data-count=\"indirect\">%" PRId64 "</td>"
		"<td class=\"num\" data-count=\"indirect-resolved\">%" PRId64
		"</td>"
		"<td class=\"num\" data-count=\"indirect-unresolved\">%" PRId64
		"</td>"
		"</tr></tbody></table>\n<p class=\"note\">An indirect call "
		"site "
		"is resolved when a tier of --indirect (edge rules, struct "
		"members, registrations, functions whose address is taken) "
		"finds the "
		"functions "
		"it may call: those calls join the graph. Nothing is reachable "
		"through an unresolved site.</p>\n</section>\n",
		s->units, g->nr, defined, g->nr - defined, g->nr_edges,
		s->call_sites, s->indirect, s->indirect - unresolved,
		unresolved);

	strbuf_addstr(
		&sb, "<section id=\"paths\">\n<h2>Paths</h2>\n"
		     "<table class=\"counts\" id=\"verdict-counts\"><thead><tr>"
		     "<th>paths</th><th>listed</th>");
	page_verdict_counts_head(&sb);
	strbuf_addf(&sb,
		    "</tr></thead><tbody><tr><td class=\"num\">%s%" PRIu64
		    "</td><td class=\"num\">%zu</td>",
		    s->rv->count_exact ? "" : "\xe2\x89\xa5", s->rv->path_count,
		    s->rv->nr_paths);
	page_verdict_counts_row(&sb, s->listed);
	strbuf_addstr(&sb, "</tr></tbody></table>\n");
	page_listing_note(s, &sb);
	strbuf_addstr(&sb, "</section>\n");

	index_changes(s, &sb);
	index_matrix(s, &sb);
	if (s->in->cov)
		index_coverage(s, &sb);
	index_targets(s, &sb);
	index_trend(s, &sb);
	ret = page_end(s, &sb, "index.html");
	strbuf_release(&sb);
	return ret;
}
