/*
 * report_index.h - the overview page of the report site, index.html.
 *
 * Ownership: the site is borrowed.
 */
#ifndef REPORT_INDEX_H
#define REPORT_INDEX_H

struct report_site;

/* Write index.html into the site's directory; -1 on error. */
int report_index_write(struct report_site *s);

#endif
