/*
 * test_trend.c - unit tests of the nightly history reader: nights sorted by
 * date, and a night run twice counted once, with its last line.
 */
#include "unit.h"
#include "report_trend.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void night(FILE *fp, const char *date, unsigned count)
{
	fprintf(fp,
		"{\"date\": \"%s\", \"count\": %u, \"count_exact\": true,"
		" \"by_verdict\": {\"UNSAFE\": %u, \"UNDECIDED\": 0,"
		" \"PROB_SAFE\": 0, \"SAFE\": 0}}\n",
		date, count, count);
}

static void test_last_line_wins(void)
{
	char path[] = "/tmp/callreach-trend.XXXXXX";
	int fd = mkstemp(path);
	FILE *fp = fd < 0 ? NULL : fdopen(fd, "w");
	struct trend t;
	unsigned i;

	CHECK(fp != NULL, "a temporary history file");
	if (!fp)
		return;
	/*
	 * Many runs of one night, other nights between them: enough lines
	 * that a sort which moved equal dates around would show it.
	 */
	for (i = 1; i <= 40; i++) {
		night(fp, "2026-01-02", i);
		if (i % 7 == 0)
			night(fp, i % 2 ? "2026-01-03" : "2026-01-01", 1000 + i);
	}
	fclose(fp);
	CHECK(trend_read(path, &t) == 0, "the history is read");
	CHECK(t.nr == 3, "three nights (%zu)", t.nr);
	if (t.nr == 3) {
		CHECK_STR(t.v[0].date, "2026-01-01", "the first night");
		CHECK_STR(t.v[1].date, "2026-01-02", "the second night");
		CHECK_STR(t.v[2].date, "2026-01-03", "the third night");
		CHECK(t.v[1].count == 40,
		      "a night run 40 times counts its last line (%llu)",
		      (unsigned long long)t.v[1].count);
		CHECK(t.v[0].count == 1028 && t.v[2].count == 1035,
		      "the other nights keep their last lines (%llu, %llu)",
		      (unsigned long long)t.v[0].count,
		      (unsigned long long)t.v[2].count);
	}
	trend_release(&t);
	unlink(path);
}

int main(void)
{
	test_last_line_wins();
	return unit_done();
}
