/*
 * unit.h - a tiny TAP-like harness for the C unit tests: each check prints
 * "ok N - desc" or "not ok N - desc"; unit_done() returns the exit status.
 */
#ifndef UNIT_H
#define UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_n, unit_failed;

#define CHECK(cond, ...)                                                       \
	do {                                                                   \
		int unit_ok_ = (cond) ? 1 : 0;                                 \
		printf("%s %d - ", unit_ok_ ? "ok" : "not ok", ++unit_n);      \
		printf(__VA_ARGS__);                                           \
		if (!unit_ok_) {                                               \
			unit_failed++;                                         \
			printf("  [%s:%d: %s]", __FILE__, __LINE__, #cond);    \
		}                                                              \
		putchar('\n');                                                 \
	} while (0)

#define CHECK_STR(a, b, desc)                                                  \
	do {                                                                   \
		const char *unit_a_ = (a), *unit_b_ = (b);                     \
		CHECK(unit_a_ &&unit_b_ && !strcmp(unit_a_, unit_b_),          \
		      "%s ('%s' == '%s')", desc, unit_a_ ? unit_a_ : "(null)", \
		      unit_b_ ? unit_b_ : "(null)");                           \
	} while (0)

/* The exit status: a failed check, or no check at all, fails. */
static int unit_done(void)
{
	if (!unit_n) {
		printf("not ok 1 - no check ran\n");
		return 1;
	}
	return unit_failed ? 1 : 0;
}

#endif
