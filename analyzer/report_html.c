/*
 * report_html.c - the report site: writes its assets and its pages, a page
 * per target (with its graph, report_graph.c), per (entry, target) pair
 * and per function on the paths, and the function index; the overview is
 * report_index.c, the parts pages share report_page.c. With run-time
 * traces, the pages say which listed paths were seen. Every name is data (log
 * file names and frames too): it goes through html_escape() or url_escape(),
 * and page file names come from the model's hashes, never from names.
 */
#include "report_html.h"
#include "report_index.h"
#include "report_page.h"
#include "coverage.h"
#include "graph.h"
#include "html.h"
#include "indirect.h"
#include "report_graph.h"
#include "report_site.h"
#include "report_trend.h"
#include "review.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- pages ---- */

static void definition(const struct report_site *s, struct strbuf *sb,
		       uint32_t f)
{
	const struct gfunc *gf = &s->g->f[f];

	if (gf->flags & GF_DEFINED) {
		strbuf_addstr(sb, "defined at ");
		page_src_link(s, sb, gf->file, gf->line, gf->col);
		if (gf->flags & GF_STATIC)
			strbuf_addstr(sb, " (static)");
		if (gf->flags & GF_DUPLICATE)
			strbuf_addstr(sb, " (defined in several units)");
	} else {
		strbuf_addstr(sb,
			      "external: declared, not defined in this build");
	}
}

/* Append to SEL the listed paths (display order) from entry E to target T. */
static size_t select_paths(const struct report_site *s, size_t e, size_t t,
			   size_t *sel)
{
	size_t i, n = 0;

	for (i = 0; i < s->rv->nr_paths; i++) {
		size_t p = s->order[i];

		if (s->pt[p] == t && (e == REPORT_NONE || s->pe[p] == e))
			sel[n++] = p;
	}
	return n;
}

static int write_target(struct report_site *s, size_t ti, size_t *sel)
{
	struct report_target *t = &s->t[ti];
	struct strbuf sb = STRBUF_INIT, svg = STRBUF_INIT, note = STRBUF_INIT;
	const char *name = s->g->f[t->f].name, *inline_svg;
	size_t i, n;
	int ret = -1;

	if (!report_target_graph(s, ti, &svg, &note)) {
		if (site_write(s->dir, t->svg, svg.buf, svg.len))
			goto out;
		t->graphed = 1;
		s->sum->graphs++;
		if (t->collapse.collapsed)
			s->sum->collapsed++;
	} else {
		/* one graph lost is no reason to lose the report */
		warning("no graph for target '%s'", s->g->f[t->f].name);
		s->sum->failed++;
	}

	page_begin(s, &sb, name);
	strbuf_addstr(&sb, "<h1>Paths to <code>");
	html_escape(&sb, name);
	strbuf_addstr(&sb, "</code></h1>\n<p>");
	page_fn_link(s, &sb, t->f);
	strbuf_addstr(&sb, ": ");
	definition(s, &sb, t->f);
	strbuf_addstr(&sb, ".</p>\n");
	page_listing_note(s, &sb);
	strbuf_addstr(&sb, "<table class=\"counts\"><thead><tr><th>paths from "
			   "every entry</th>"
			   "<th>listed</th>");
	page_verdict_counts_head(&sb);
	strbuf_addstr(&sb, "</tr></thead><tbody><tr><td class=\"num\">");
	page_count_text(&sb, &t->pc);
	strbuf_addf(&sb, "</td><td class=\"num\">%zu</td>", t->nr_listed);
	page_verdict_counts_row(&sb, t->listed);
	strbuf_addstr(&sb, "</tr></tbody></table>\n");

	strbuf_addstr(&sb,
		      "<h2>Entries reaching it</h2>\n<table class=\"sortable\" "
		      "id=\"entries\">"
		      "<thead><tr><th>entry</th><th>paths</th><th>listed</th>"
		      "<th>worst verdict</th></tr></thead><tbody>\n");
	for (i = 0; i < s->nr_cells; i++) {
		const struct report_cell *c = &s->cells[i];

		if (c->t != ti)
			continue;
		strbuf_addstr(&sb, "<tr><td>");
		page_fn_link(s, &sb, s->e[c->e].f);
		strbuf_addf(&sb,
			    "</td><td class=\"num\" data-sort=\"%" PRIu64
			    "\"><a href=\"",
			    c->pc.count);
		html_escape(&sb, c->page);
		strbuf_addstr(&sb, "\">");
		page_count_text(&sb, &c->pc);
		strbuf_addf(&sb,
			    "</a></td><td class=\"num\">%zu</td><td "
			    "data-sort=\"%d\">",
			    c->nr_listed,
			    c->worst < 0 ? VERDICT_COUNT : c->worst);
		page_chip(&sb, c->worst);
		strbuf_addstr(&sb, "</td></tr>\n");
	}
	strbuf_addstr(&sb, "</tbody></table>\n");

	strbuf_addstr(&sb, "<h2 id=\"graph\">Graph</h2>\n<p "
			   "class=\"legend\">Functions on a "
			   "path from an entry to this target, clustered by "
			   "file. Colour: the "
			   "worst verdict of the listed paths through a "
			   "function or call ");
	for (i = 0; i < VERDICT_COUNT; i++) {
		page_chip(&sb, (int)i);
		strbuf_addch(&sb, ' ');
	}
	page_chip(&sb, -1);
	strbuf_addstr(
		&sb,
		". Bold boxes are entries, the double octagon is the target, "
		"ellipses are external functions, dashed calls come from edge "
		"rules. Click a function for its page.");
	if (t->graphed) {
		strbuf_addstr(&sb, " <a href=\"");
		html_escape(&sb, t->svg);
		strbuf_addstr(&sb, "\">The graph alone (SVG).</a>");
	}
	strbuf_addstr(&sb, "</p>\n");
	if (!t->graphed)
		strbuf_addstr(
			&sb,
			"<p class=\"warn\">Graphviz could not lay out this "
			"graph (its error is in the report's log).</p>\n");
	if (note.len) {
		strbuf_addstr(&sb, "<p class=\"note collapsed\">");
		html_escape(&sb, strbuf_str(&note));
		strbuf_addstr(&sb, "</p>\n");
	}
	inline_svg = strstr(strbuf_str(&svg), "<svg");
	strbuf_addstr(&sb, "<div class=\"graph\">\n");
	if (inline_svg)
		strbuf_addstr(&sb, inline_svg);
	strbuf_addstr(&sb, "</div>\n<h2>Listed paths</h2>\n");
	page_cov_note(s, &sb, t->f, 0, 1);
	n = select_paths(s, REPORT_NONE, ti, sel);
	page_render_sections(s, &sb, sel, n);
	ret = page_end(s, &sb, t->page);
out:
	strbuf_release(&sb);
	strbuf_release(&svg);
	strbuf_release(&note);
	return ret;
}

static int write_cell(struct report_site *s, const struct report_cell *c,
		      size_t *sel)
{
	struct strbuf sb = STRBUF_INIT, title = STRBUF_INIT;
	uint32_t e = s->e[c->e].f, t = s->t[c->t].f;
	size_t n;
	int ret;

	strbuf_addf(&title, "%s to %s", s->g->f[e].name, s->g->f[t].name);
	page_begin(s, &sb, strbuf_str(&title));
	strbuf_addstr(&sb, "<h1>Paths from <code>");
	html_escape(&sb, s->g->f[e].name);
	strbuf_addstr(&sb, "</code> to <code>");
	html_escape(&sb, s->g->f[t].name);
	strbuf_addstr(&sb, "</code></h1>\n<p>Entry ");
	page_fn_link(s, &sb, e);
	strbuf_addstr(&sb, "; target ");
	page_fn_link(s, &sb, t);
	strbuf_addstr(&sb, " (<a href=\"");
	html_escape(&sb, s->t[c->t].page);
	strbuf_addstr(&sb, "\">all its paths and its graph</a>).</p>\n");
	page_listing_note(s, &sb);
	strbuf_addstr(
		&sb,
		"<table "
		"class=\"counts\"><thead><tr><th>paths</th><th>listed</th>");
	page_verdict_counts_head(&sb);
	strbuf_addstr(
		&sb,
		"<th>worst</th></tr></thead><tbody><tr><td class=\"num\">");
	page_count_text(&sb, &c->pc);
	strbuf_addf(&sb, "</td><td class=\"num\">%zu</td>", c->nr_listed);
	page_verdict_counts_row(&sb, c->listed);
	strbuf_addstr(&sb, "<td>");
	page_chip(&sb, c->worst);
	strbuf_addstr(&sb, "</td></tr></tbody></table>\n");
	if (!c->pc.exact || c->pc.count > c->nr_listed)
		strbuf_addstr(
			&sb,
			"<p class=\"warn\">Not every path of this pair is "
			"listed: those left out have no verdict, so the worst "
			"verdict is at least UNDECIDED.</p>\n");
	page_cov_note(s, &sb, t, e, 0);
	n = select_paths(s, c->e, c->t, sel);
	page_render_sections(s, &sb, sel, n);
	ret = page_end(s, &sb, c->page);
	strbuf_release(&sb);
	strbuf_release(&title);
	return ret;
}

static void neighbour_row(const struct report_site *s, struct strbuf *sb,
			  const struct report_edge *e, uint32_t other)
{
	const struct graph_user_edge *ue = graph_user_edge(s->g, e->u, e->v);

	strbuf_addstr(sb, "<tr><td>");
	page_fn_link(s, sb, other);
	strbuf_addstr(sb, "</td><td>");
	if (e->sites.nr) {
		page_src_link(s, sb, e->sites.v[0].file, e->sites.v[0].line,
			      e->sites.v[0].col);
		if (e->sites.nr > 1)
			strbuf_addf(sb, " (+%zu more)", e->sites.nr - 1);
	}
	if (ue)
		page_user_edge(sb, ue);
	strbuf_addstr(sb, "</td></tr>\n");
}

/* The callers (CALLERS) or the callees of FI on paths, as a table. */
static void neighbour_table(const struct report_site *s, struct strbuf *sb,
			    const struct report_func *fi, int callers)
{
	size_t i, n = 0;

	strbuf_addf(sb, "<h2>%s on paths</h2>\n",
		    callers ? "Callers" : "Callees");
	for (i = 0; i < s->nr_edges; i++) {
		/* into FI: by callee, each in caller order; out: by caller */
		const struct report_edge *e =
			&s->edges[callers ? s->by_callee[i] : i];

		if ((callers ? e->v : e->u) != fi->f)
			continue;
		if (!n++)
			strbuf_addf(sb,
				    "<table class=\"sortable\"><thead><tr>"
				    "<th>%s</th><th>call site</th></tr></thead>"
				    "<tbody>\n",
				    callers ? "caller" : "callee");
		neighbour_row(s, sb, e, callers ? e->u : e->v);
	}
	if (n)
		strbuf_addstr(sb, "</tbody></table>\n");
	else
		strbuf_addf(sb, "<p class=\"note\">None: %s.</p>\n",
			    callers ? "it starts its paths"
				    : "its paths end here");
}

static int write_function(struct report_site *s, const struct report_func *fi)
{
	const struct gfunc *gf = &s->g->f[fi->f];
	struct strbuf sb = STRBUF_INIT;
	size_t i, n;
	size_t te = report_site_target(s, fi->f),
	       ee = report_site_entry(s, fi->f);
	int ret;

	page_begin(s, &sb, gf->name);
	strbuf_addstr(&sb, "<h1><code>");
	html_escape(&sb, gf->name);
	strbuf_addstr(&sb, "</code></h1>\n<ul class=\"facts\">\n<li>");
	definition(s, &sb, fi->f);
	strbuf_addstr(&sb, "</li>\n");
	if (gf->flags & GF_STATIC) {
		strbuf_addstr(&sb, "<li>static function <code>");
		html_escape(&sb, gf->base);
		strbuf_addstr(&sb, "</code> of unit <code>");
		html_escape(&sb, gf->unit);
		strbuf_addstr(&sb, "</code></li>\n");
	}
	if (gf->nr_indirect) {
		const struct indirect *ind = s->in->indirect;
		uint32_t left = ind && ind->unresolved ? ind->unresolved[fi->f]
						       : gf->nr_indirect;

		strbuf_addf(&sb,
			    "<li>%u indirect call site%s in its body, "
			    "%u unresolved</li>\n",
			    gf->nr_indirect, page_plural(gf->nr_indirect),
			    left);
	}
	if (ee != REPORT_NONE)
		strbuf_addstr(&sb, "<li>an entry point</li>\n");
	if (te != REPORT_NONE && s->t[te].reached) {
		strbuf_addstr(&sb, "<li>a target: <a href=\"");
		html_escape(&sb, s->t[te].page);
		strbuf_addstr(&sb, "\">its paths and graph</a></li>\n");
	} else if (te != REPORT_NONE) {
		strbuf_addstr(&sb, "<li>a target no entry reaches</li>\n");
	}
	strbuf_addstr(&sb, "</ul>\n");

	strbuf_addf(
		&sb,
		"<h2>On listed paths</h2>\n<table class=\"counts\"><thead><tr>"
		"<th>listed paths through it</th>");
	page_verdict_counts_head(&sb);
	strbuf_addf(&sb, "</tr></thead><tbody><tr><td class=\"num\">%zu</td>",
		    fi->nr_through);
	page_verdict_counts_row(&sb, fi->through);
	strbuf_addstr(&sb, "</tr></tbody></table>\n");
	for (i = n = 0; i < s->nr_t; i++)
		n += fi->by_target[i] != 0;
	if (n) {
		strbuf_addstr(&sb,
			      "<table class=\"sortable\"><thead><tr><th>to "
			      "target</th>"
			      "<th>listed "
			      "paths</th><th>worst</th></tr></thead><tbody>\n");
		for (i = 0; i < s->nr_t; i++) {
			if (!fi->by_target[i])
				continue;
			strbuf_addstr(&sb, "<tr><td><a href=\"");
			html_escape(&sb, s->t[i].page);
			strbuf_addstr(&sb, "\">");
			html_escape(&sb, s->g->f[s->t[i].f].name);
			strbuf_addf(&sb,
				    "</a></td><td class=\"num\">%zu</td><td "
				    "data-sort=\"%d\">",
				    fi->by_target[i], fi->worst_target[i]);
			page_chip(&sb, fi->worst_target[i]);
			strbuf_addstr(&sb, "</td></tr>\n");
		}
		strbuf_addstr(&sb, "</tbody></table>\n");
	}

	neighbour_table(s, &sb, fi, 1);
	neighbour_table(s, &sb, fi, 0);
	if (fi->nr_sample) {
		strbuf_addf(
			&sb,
			"<h2>Listed paths through it</h2>\n<p "
			"class=\"note\">The "
			"first %zu, worst verdict first, shortest first.</p>\n",
			fi->nr_sample);
		for (i = 0; i < fi->nr_sample; i++)
			page_render_path(s, &sb, fi->sample[i], 0);
	}
	ret = page_end(s, &sb, fi->page);
	strbuf_release(&sb);
	return ret;
}

static int write_functions(struct report_site *s)
{
	struct strbuf sb = STRBUF_INIT;
	size_t *callers = xcalloc(s->g->nr + 1, sizeof(*callers));
	size_t *callees = xcalloc(s->g->nr + 1, sizeof(*callees));
	size_t i, v;
	int ret;

	for (i = 0; i < s->nr_edges; i++) {
		callers[s->edges[i].v]++;
		callees[s->edges[i].u]++;
	}
	page_begin(s, &sb, "Functions on paths");
	strbuf_addf(&sb,
		    "<h1>Functions on paths</h1>\n<p>The %zu functions on some "
		    "path "
		    "from an entry to a target. Click a column to sort.</p>\n"
		    "<p><input type=\"search\" class=\"filter\" "
		    "data-filter=\"functions\" "
		    "placeholder=\"filter by name or file\" "
		    "aria-label=\"filter\"></p>\n"
		    "<table class=\"sortable\" "
		    "id=\"functions\"><thead><tr><th>function</th>"
		    "<th>file</th><th>listed paths through it</th><th>worst "
		    "verdict</th>"
		    "<th>callers on paths</th><th>callees on "
		    "paths</th></tr></thead><tbody>\n",
		    s->nr_fi);
	for (i = 0; i < s->nr_fi; i++) {
		const struct report_func *fi = &s->fi[i];
		const struct gfunc *gf = &s->g->f[fi->f];
		int worst = -1;

		for (v = 0; v < VERDICT_COUNT; v++)
			if (fi->through[v]) {
				worst = (int)v;
				break;
			}
		strbuf_addstr(&sb, "<tr><td>");
		page_fn_link(s, &sb, fi->f);
		strbuf_addstr(&sb, "</td><td>");
		html_escape(&sb, (gf->flags & GF_DEFINED)
					 ? skip_dot_slash(gf->file)
					 : "(external)");
		strbuf_addf(
			&sb,
			"</td><td class=\"num\">%zu</td><td data-sort=\"%d\">",
			fi->nr_through, worst < 0 ? VERDICT_COUNT : worst);
		page_chip(&sb, worst);
		strbuf_addf(&sb,
			    "</td><td class=\"num\">%zu</td><td "
			    "class=\"num\">%zu</td></tr>\n",
			    callers[fi->f], callees[fi->f]);
	}
	strbuf_addstr(&sb, "</tbody></table>\n");
	ret = page_end(s, &sb, "functions.html");
	strbuf_release(&sb);
	free(callers);
	free(callees);
	return ret;
}

int report_html_write(const struct report_input *in, const char *dir,
		      struct report_summary *sum)
{
	struct report_site s;
	struct strbuf sb = STRBUF_INIT;
	size_t i, *sel = NULL;
	int ret = -1;

	memset(&s, 0, sizeof(s));
	memset(sum, 0, sizeof(*sum));
	if (in->cov && in->cov->rv != in->rv)
		BUG("the coverage was computed over another review");
	if (site_mkdir(dir) || report_site_build(&s, in))
		goto out;
	s.dir = dir;
	s.sum = sum;
	if (site_write(dir, "style.css", report_style_css,
		       strlen(report_style_css)) ||
	    site_write(dir, "report.js", report_script_js,
		       strlen(report_script_js)))
		goto out;
	if (in->history) {
		trend_svg(in->history, &sb);
		if (site_write(dir, "trend.svg", sb.buf, sb.len))
			goto out;
	}
	sel = xmalloc((s.rv->nr_paths + 1) * sizeof(*sel));
	for (i = 0; i < s.nr_t; i++)
		if (s.t[i].reached && write_target(&s, i, sel))
			goto out;
	for (i = 0; i < s.nr_cells; i++)
		if (write_cell(&s, &s.cells[i], sel))
			goto out;
	for (i = 0; i < s.nr_fi; i++)
		if (write_function(&s, &s.fi[i]))
			goto out;
	if (write_functions(&s) || report_index_write(&s))
		goto out;
	ret = 0;
out:
	free(sel);
	strbuf_release(&sb);
	report_site_release(&s);
	return ret;
}
