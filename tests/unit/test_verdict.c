/*
 * test_verdict.c - unit tests of the verdicts' names, order and gate.
 */
#include "unit.h"
#include "verdict.h"

int main(void)
{
	static const char *const names[] = {"UNSAFE", "UNDECIDED", "PROB_SAFE",
					    "SAFE"};
	int v;

	for (v = 0; v < VERDICT_COUNT; v++) {
		CHECK_STR(verdict_name((enum verdict)v), names[v],
			  "a verdict's name");
		CHECK(verdict_parse(names[v]) == v, "%s parses back", names[v]);
	}
	CHECK_STR(verdict_name(VERDICT_COUNT), "?", "no verdict is '?'");
	CHECK_STR(verdict_name((enum verdict) - 1), "?",
		  "below the table is no verdict either");
	CHECK(verdict_parse("safe") == -1, "names are upper case");
	CHECK(verdict_parse("") == -1, "an empty name is no verdict");
	CHECK(VERDICT_UNSAFE < VERDICT_UNDECIDED &&
		      VERDICT_UNDECIDED < VERDICT_PROB_SAFE &&
		      VERDICT_PROB_SAFE < VERDICT_SAFE,
	      "worst first");
	CHECK(verdict_passes(VERDICT_SAFE) && verdict_passes(VERDICT_PROB_SAFE),
	      "SAFE and PROB_SAFE pass a gate");
	CHECK(!verdict_passes(VERDICT_UNSAFE) &&
		      !verdict_passes(VERDICT_UNDECIDED),
	      "UNSAFE and UNDECIDED do not");
	return unit_done();
}
