/*
 * report_alloc.h - the anonymous run-time allocation sites on the front
 * page of the report (report_alloc.c).
 *
 * Ownership: nothing is kept; the site model is borrowed.
 */
#ifndef REPORT_ALLOC_H
#define REPORT_ALLOC_H

struct report_site;
struct strbuf;

/*
 * Append to SB the section of the run-time call sites into each target
 * that allocate anonymously, when the review classifies allocations.
 */
void report_alloc_sites(const struct report_site *s, struct strbuf *sb);

#endif
