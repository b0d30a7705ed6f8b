/*
 * verdict.h - the triage verdicts a path can get, worst first, and their
 * names as rule files, reports and gates write them.
 *
 * Ownership: returned names are static.
 */
#ifndef VERDICT_H
#define VERDICT_H

enum verdict {
	/* ordered from worst to best, so that "worst" is the minimum */
	VERDICT_UNSAFE,
	VERDICT_UNDECIDED,
	VERDICT_PROB_SAFE,
	VERDICT_SAFE,
	VERDICT_COUNT
};

/* "UNSAFE", ...; "?" for no verdict. */
const char *verdict_name(enum verdict v);
/* -1 when NAME is no verdict. */
int verdict_parse(const char *name);
/* SAFE and PROB_SAFE pass a gate. */
int verdict_passes(enum verdict v);

#endif
