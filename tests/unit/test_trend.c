/*
 * test_trend.c - unit tests of the history reader: nights in date order,
 * a night written twice counted once with its last line, lines that are
 * not a night's counts skipped, and hostile counts.
 */
#include "report_trend.h"
#include "unit.h"
#include "util.h"

#include <stdint.h>
#include <string.h>

static void test_last_line_wins(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct trend t;
	int i;

	/* 40 nights, each written twice (count i, then i + 100), shuffled */
	for (i = 0; i < 80; i++) {
		int night = (i * 7) % 40;

		strbuf_addf(&sb,
			    "{\"date\":\"2026-01-%02d\",\"count\":%d,"
			    "\"by_verdict\":{}}\n",
			    night + 1, i < 40 ? night : night + 100);
	}
	CHECK(!trend_parse("h.jsonl", sb.buf, sb.len, &t), "40 nights read");
	CHECK(t.nr == 40, "a night written twice counts once");
	for (i = 0; i < (int)t.nr; i++)
		if (t.v[i].count != (uint64_t)i + 100)
			break;
	CHECK(i == 40, "each night keeps its last line");
	trend_release(&t);
	strbuf_release(&sb);
}

static void test_hostile(void)
{
	static const char text[] =
		"\n"
		"not json\n"
		"{\"date\":\"2026-01-02\",\"count\":1e300,\"by_verdict\":{}}\n"
		"{\"date\":\"2026-01-01\",\"count\":-5,\"by_verdict\":{}}\n"
		"{\"date\":\"x\0y\",\"count\":1,\"by_verdict\":{}}\n";
	struct trend t;

	CHECK(!trend_parse("h.jsonl", "", 0, &t) && t.nr == 0,
	      "an empty history has no night");
	trend_release(&t);
	CHECK(!trend_parse("h.jsonl", text, sizeof(text) - 1, &t),
	      "a hostile history is read");
	CHECK(t.nr == 1 && t.v[0].count == UINT64_MAX,
	      "a count beyond 64 bits is saturated");
	CHECK(t.skipped == 3, "not JSON, a negative count, a NUL: skipped");
	trend_release(&t);
}

int main(void)
{
	test_last_line_wins();
	test_hostile();
	return unit_done();
}
