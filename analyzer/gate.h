/*
 * gate.h - the CI reports of "callreach gate", one file each (gate_*.c):
 * a comparison with the baseline as Markdown, JUnit XML or SARIF. They
 * are not the report web site (report_*.c).
 *
 * Ownership: a reporter borrows the comparison and the stream.
 */
#ifndef GATE_H
#define GATE_H

#include <stdio.h>

struct comparison;

struct gate_reporter {
	const char *option; /* "markdown", "junit", "sarif" */
	/*
	 * Write the struct comparison C to OUT (the caller checks the
	 * stream); -1 on error. A writer of replace_file().
	 */
	int (*write)(FILE *out, const void *c);
};

extern const struct gate_reporter gate_markdown, gate_junit, gate_sarif;

#endif
