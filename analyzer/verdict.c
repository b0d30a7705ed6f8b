/*
 * verdict.c - the names of the triage verdicts, and which pass a gate.
 */
#include "verdict.h"
#include "util.h"

static const char *const verdict_names[VERDICT_COUNT] = {
	[VERDICT_UNSAFE] = "UNSAFE",
	[VERDICT_UNDECIDED] = "UNDECIDED",
	[VERDICT_PROB_SAFE] = "PROB_SAFE",
	[VERDICT_SAFE] = "SAFE",
};

const char *verdict_name(enum verdict v)
{
	return name_of(verdict_names, VERDICT_COUNT, v);
}

int verdict_parse(const char *name)
{
	return name_index(verdict_names, VERDICT_COUNT, name);
}

int verdict_passes(enum verdict v)
{
	return v == VERDICT_SAFE || v == VERDICT_PROB_SAFE;
}
