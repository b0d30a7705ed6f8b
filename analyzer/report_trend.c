/*
 * report_trend.c - reading the nightly history and drawing its trend
 * chart: small multiples, one panel per verdict, as plain SVG.
 */
#include "report_trend.h"
#include "html.h"
#include "json_out.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Verdict colours, shared in spirit with the site's style sheet. */
static const char *const line_colour[VERDICT_COUNT] = {
	[VERDICT_UNSAFE] = "#c62828",
	[VERDICT_UNDECIDED] = "#e08a00",
	[VERDICT_PROB_SAFE] = "#7cb342",
	[VERDICT_SAFE] = "#2e7d32",
};

static int parse_line(const char *line, struct trend_point *p)
{
	cJSON *root = cJSON_Parse(line), *byv, *date;
	int ret = -1;
	size_t v;

	memset(p, 0, sizeof(*p));
	if (!cJSON_IsObject(root))
		goto out;
	date = cJSON_GetObjectItemCaseSensitive(root, "date");
	byv = cJSON_GetObjectItemCaseSensitive(root, "by_verdict");
	if (!cJSON_IsString(date) || !cJSON_IsObject(byv) ||
	    json_get_count(root, "count", &p->count))
		goto out;
	for (v = 0; v < VERDICT_COUNT; v++)
		if (json_get_count(byv, verdict_name((enum verdict)v),
				   &p->by_verdict[v]))
			p->by_verdict[v] =
				0; /* a verdict the night did not know */
	p->count_exact = cJSON_IsTrue(
		cJSON_GetObjectItemCaseSensitive(root, "count_exact"));
	p->date = xstrdup(date->valuestring);
	ret = 0;
out:
	cJSON_Delete(root);
	return ret;
}

static int cmp_date(const void *a, const void *b)
{
	const struct trend_point *x = a, *y = b;

	/* equal dates keep file order (lines count from 1) */
	return cmp_str_u64(x->date, (uint64_t)x->line, y->date,
			   (uint64_t)y->line);
}

int trend_read(const char *path, struct trend *out)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	memset(out, 0, sizeof(*out));
	if (strbuf_read_path(&sb, path, "history", 0)) {
		strbuf_release(&sb);
		return -1;
	}
	ret = trend_parse(path, strbuf_str(&sb), sb.len, out);
	strbuf_release(&sb);
	return ret;
}

int trend_parse(const char *path, const char *buf, size_t len,
		struct trend *out)
{
	struct strbuf line = STRBUF_INIT;
	size_t pos = 0, i, k;
	int lineno = 0;

	memset(out, 0, sizeof(*out));
	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (buf + pos)) : len - pos;
		struct trend_point p;

		strbuf_reset(&line);
		strbuf_add(&line, buf + pos, n);
		pos += n + (nl != NULL);
		lineno++;
		if (strspn(strbuf_str(&line), " \t\r") == line.len)
			continue;
		if (memchr(line.buf, '\0', line.len) ||
		    parse_line(strbuf_str(&line), &p)) {
			warning("%s:%d: not a night's counts; skipped", path,
				lineno);
			out->skipped++;
		} else {
			p.line = lineno;
			ALLOC_GROW(out->v, out->nr + 1, out->alloc);
			out->v[out->nr++] = p;
		}
	}
	strbuf_release(&line);
	/* by date; a night run twice counts once, with its last line */
	if (out->nr)
		qsort(out->v, out->nr, sizeof(*out->v), cmp_date);
	for (i = k = 0; i < out->nr; i++) {
		if (i + 1 < out->nr &&
		    !strcmp(out->v[i].date, out->v[i + 1].date)) {
			free(out->v[i].date);
			continue;
		}
		out->v[k++] = out->v[i];
	}
	out->nr = k;
	return 0;
}

void trend_release(struct trend *t)
{
	FREE_RECORDS(t->v, t->nr, date);
	memset(t, 0, sizeof(*t));
}

/* The smallest 1, 2 or 5 times a power of ten that is >= V (at least 1). */
static double nice_ceil(double v)
{
	double p = 1;

	if (v <= 1)
		return 1;
	while (p * 10 < v)
		p *= 10;
	if (p >= v)
		return p;
	if (2 * p >= v)
		return 2 * p;
	if (5 * p >= v)
		return 5 * p;
	return 10 * p;
}

#define CHART_W	    900
#define LEFT	    80
#define RIGHT	    20
#define TOP	    34
#define PANEL_H	    96
#define PANEL_GAP   18
#define BOTTOM	    40
#define NR_PANELS   (VERDICT_COUNT + 1)
#define MAX_MARKERS 400

static uint64_t panel_value(const struct trend_point *p, size_t panel)
{
	return panel < VERDICT_COUNT ? p->by_verdict[panel] : p->count;
}

static double x_of(const struct trend *t, size_t i)
{
	double w = CHART_W - LEFT - RIGHT;

	return t->nr < 2 ? LEFT + w / 2
			 : LEFT + w * (double)i / (double)(t->nr - 1);
}

static void draw_panel(const struct trend *t, size_t panel, struct strbuf *out)
{
	const char *colour =
		panel < VERDICT_COUNT ? line_colour[panel] : "#1f4e8c";
	const char *title = panel < VERDICT_COUNT
				    ? verdict_name((enum verdict)panel)
				    : "all paths";
	double top = TOP + (double)panel * (PANEL_H + PANEL_GAP);
	double max = 0, scale;
	size_t i;

	for (i = 0; i < t->nr; i++)
		if ((double)panel_value(&t->v[i], panel) > max)
			max = (double)panel_value(&t->v[i], panel);
	scale = nice_ceil(max);
	strbuf_addf(out, "<g class=\"panel\" data-panel=\"%s\">\n", title);
	strbuf_addf(out,
		    "<text x=\"%d\" y=\"%.1f\" class=\"title\" "
		    "fill=\"%s\">%s%s</text>\n",
		    LEFT, top - 4, colour, title,
		    panel < VERDICT_COUNT ? " (listed paths)" : "");
	for (i = 0; i <= 2; i++) {
		double y = top + PANEL_H - (double)PANEL_H * (double)i / 2;

		strbuf_addf(out,
			    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
			    "class=\"grid\"/>\n",
			    LEFT, y, CHART_W - RIGHT, y);
		strbuf_addf(out,
			    "<text x=\"%d\" y=\"%.1f\" class=\"tick\" "
			    "text-anchor=\"end\">%.0f</text>\n",
			    LEFT - 6, y + 4, scale * (double)i / 2);
	}
	if (t->nr > 1) {
		strbuf_addf(out,
			    "<polyline fill=\"none\" stroke=\"%s\" "
			    "stroke-width=\"2\" points=\"",
			    colour);
		for (i = 0; i < t->nr; i++)
			strbuf_addf(out, "%s%.1f,%.1f", i ? " " : "",
				    x_of(t, i),
				    top + PANEL_H -
					    PANEL_H *
						    (double)panel_value(
							    &t->v[i], panel) /
						    scale);
		strbuf_addstr(out, "\"/>\n");
	}
	for (i = 0; t->nr <= MAX_MARKERS && i < t->nr; i++) {
		const struct trend_point *p = &t->v[i];
		int lower = panel == VERDICT_COUNT && !p->count_exact;

		strbuf_addf(out,
			    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" "
			    "fill=\"%s\" stroke=\"%s\"><title>",
			    x_of(t, i),
			    top + PANEL_H -
				    PANEL_H * (double)panel_value(p, panel) /
					    scale,
			    lower ? "white" : colour, colour);
		html_escape(out, p->date);
		strbuf_addf(out, ": %s%" PRIu64 " %s</title></circle>\n",
			    lower ? "at least " : "", panel_value(p, panel),
			    panel < VERDICT_COUNT ? title : "paths");
	}
	strbuf_addstr(out, "</g>\n");
}

void trend_svg(const struct trend *t, struct strbuf *out)
{
	int height = TOP + NR_PANELS * (PANEL_H + PANEL_GAP) + BOTTOM;
	size_t i, panel, step, labels = 8;

	strbuf_addf(out,
		    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
		    "height=\"%d\" "
		    "viewBox=\"0 0 %d %d\" font-family=\"Helvetica, Arial, "
		    "sans-serif\" "
		    "font-size=\"12\" role=\"img\">\n",
		    CHART_W, height, CHART_W, height);
	strbuf_addstr(
		out,
		"<title>Paths per verdict, night by night</title>\n"
		"<style>.grid{stroke:#dddddd}.tick{fill:#555555;font-size:11px}"
		".title{font-weight:bold}.date{fill:#333333;font-size:11px}</"
		"style>\n"
		"<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
	strbuf_addf(
		out,
		"<text x=\"%d\" y=\"18\" font-size=\"14\" font-weight=\"bold\">"
		"Paths per verdict over %zu night%s</text>\n",
		LEFT, t->nr, t->nr == 1 ? "" : "s");
	if (!t->nr) {
		strbuf_addf(out,
			    "<text x=\"%d\" y=\"%d\">No nights recorded "
			    "yet.</text>\n",
			    LEFT, TOP + 20);
		strbuf_addstr(out, "</svg>\n");
		return;
	}
	for (panel = 0; panel < NR_PANELS; panel++)
		draw_panel(t, panel, out);
	step = t->nr <= labels ? 1 : (t->nr + labels - 1) / labels;
	for (i = 0; i < t->nr; i += step) {
		strbuf_addf(out,
			    "<text x=\"%.1f\" y=\"%d\" class=\"date\" "
			    "text-anchor=\"middle\">",
			    x_of(t, i), height - BOTTOM + 16);
		html_escape(out, t->v[i].date);
		strbuf_addstr(out, "</text>\n");
	}
	strbuf_addstr(out, "</svg>\n");
}
