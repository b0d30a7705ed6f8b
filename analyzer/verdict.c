/*
 * verdict.c - the names of the triage verdicts, and which pass a gate.
 */
#include "verdict.h"

#include <string.h>

static const char *const verdict_names[VERDICT_COUNT] = {
	[VERDICT_UNSAFE] = "UNSAFE",
	[VERDICT_UNDECIDED] = "UNDECIDED",
	[VERDICT_PROB_SAFE] = "PROB_SAFE",
	[VERDICT_SAFE] = "SAFE",
};

const char *verdict_name(enum verdict v)
{
	return v < VERDICT_COUNT ? verdict_names[v] : "?";
}

int verdict_parse(const char *name)
{
	int i;

	for (i = 0; i < VERDICT_COUNT; i++)
		if (!strcmp(verdict_names[i], name))
			return i;
	return -1;
}

int verdict_passes(enum verdict v)
{
	return v == VERDICT_SAFE || v == VERDICT_PROB_SAFE;
}
