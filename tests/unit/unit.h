/*
 * unit.h - a tiny TAP-like harness for the C unit tests: each check prints
 * "ok N - desc" or "not ok N - desc"; unit_done() returns the exit status.
 */
#ifndef UNIT_H
#define UNIT_H

#include <stdio.h>
#include <stdlib.h>
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

/*
 * Make the temporary folder DIR (a mkdtemp() template, filled in) with
 * SOURCE in its file t.c, for the tests that compile: 0, or -1 (a failed
 * check) when there is no folder.
 */
static inline int unit_source_dir(char *dir, const char *source)
{
	char path[4096];
	FILE *f;

	if (!mkdtemp(dir)) {
		CHECK(0, "a temporary folder");
		return -1;
	}
	snprintf(path, sizeof(path), "%s/t.c", dir);
	f = fopen(path, "w");
	CHECK(f && fputs(source, f) >= 0 && !fclose(f), "the source written");
	return 0;
}

/*
 * Compile its t.c with CC and FLAGS into t.o, in such a folder: 0, or -1
 * (a failed check, telling how to get CC).
 */
static inline int unit_compile(const char *dir, const char *cc,
			       const char *flags, const char *desc)
{
	char cmd[4200];

	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && %s %s -c t.c -o t.o 2>/dev/null", dir, cc, flags);
	if (system(cmd) == 0)
		return 0;
	CHECK(0,
	      "%s: compiled with %s (for AArch64: apt-get install "
	      "gcc-aarch64-linux-gnu)",
	      desc, cc);
	return -1;
}

/* Remove such a folder, with all in it. */
static inline void unit_remove_dir(const char *dir)
{
	char cmd[4200];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK(system(cmd) == 0, "the temporary folder removed");
}

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
