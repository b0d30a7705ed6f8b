/*
 * report_page.h - the parts every page of the report site shares: its
 * header and footer, links, verdict chips, counts and path listings. Each
 * appends HTML to SB, every name in it escaped.
 *
 * Ownership: every pointer passed in is borrowed; returned strings are
 * static.
 */
#ifndef REPORT_PAGE_H
#define REPORT_PAGE_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct report_site;
struct graph_user_edge;
struct path_count;
struct trace;
struct coverage_tally;

/* The name of verdict V, "none" when V is -1 (or out of range). */
const char *page_vname(int v);
/* "" when N is 1, else "s". */
const char *page_plural(uint64_t n);

/* The head of a page titled TITLE, up to <main>. */
void page_begin(const struct report_site *s, struct strbuf *sb,
		const char *title);
/* The foot of the page; writes SB to file NAME of the site; -1 on error. */
int page_end(struct report_site *s, struct strbuf *sb, const char *name);

/* Function F, linked to its page when it has one. */
void page_fn_link(const struct report_site *s, struct strbuf *sb, uint32_t f);
/* A name that may not be in this build (a removed path, say). */
void page_name_link(const struct report_site *s, struct strbuf *sb,
		    const char *name);
/* FILE:LINE[:COL], linked through --source-url when given. */
void page_src_link(const struct report_site *s, struct strbuf *sb,
		   const char *file, int line, int col);
/* A call no call site shows: an edge rule's, or an indirect tier's. */
void page_user_edge(struct strbuf *sb, const struct graph_user_edge *ue);
/* The chip of verdict V (-1: no listed path). */
void page_chip(struct strbuf *sb, int v);
/* A path count, "≥N" when it is a lower bound. */
void page_count_text(struct strbuf *sb, const struct path_count *pc);

/* "83.3%"; "<0.1%" rather than "0.0%" when something was seen. */
void page_share_text(struct strbuf *sb, size_t part, size_t whole);
/* Where trace T was found: "LOG:LINE" and, when known, times, domain, size. */
void page_trace_where(struct strbuf *sb, const struct trace *t);
/* How many of the listed paths to target T (from entry E) traces saw. */
void page_cov_note(const struct report_site *s, struct strbuf *sb, uint32_t t,
		   uint32_t e, int any_entry);
/* The end of a matrix cell's title: what traces saw of its paths. */
void page_cov_title(struct strbuf *sb, const struct coverage_tally *ct);

/* Listed path P with its hops, unfolded when OPEN. */
void page_render_path(const struct report_site *s, struct strbuf *sb, size_t p,
		      int open);
/*
 * The paths SEL (N path indices in display order) by verdict, worst
 * first, and by reason within a verdict; at most page_paths per verdict.
 */
void page_render_sections(const struct report_site *s, struct strbuf *sb,
			  const size_t *sel, size_t n);
/* A warning when the review's listing of paths is incomplete. */
void page_listing_note(const struct report_site *s, struct strbuf *sb);
/* The cells (and heads) of a row of counts per verdict. */
void page_verdict_counts_row(struct strbuf *sb, const size_t *listed);
void page_verdict_counts_head(struct strbuf *sb);

#endif
