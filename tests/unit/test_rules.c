/*
 * test_rules.c - unit tests of the rule file parser's table of directives:
 * what each directive adds to the rules, and the message of each misuse.
 */
#include "unit.h"
#include "rules.h"

#include <stdlib.h>
#include <unistd.h>

static char said[512];

/* Parse TEXT as "t.rules" into R; what error() said goes into SAID. */
static int parse(struct rules *r, const char *text)
{
	FILE *f = tmpfile();
	int saved = dup(STDERR_FILENO), ret;
	size_t n;

	fflush(stderr);
	dup2(fileno(f), STDERR_FILENO);
	ret = rules_parse_buffer(r, "t.rules", text, strlen(text));
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(f);
	n = fread(said, 1, sizeof(said) - 1, f);
	said[n] = '\0';
	fclose(f);
	return ret;
}

/* Does TEXT fail with a message holding MSG? */
static int fails(const char *text, const char *msg)
{
	struct rules r;
	int ret;

	rules_init(&r);
	ret = parse(&r, text);
	rules_release(&r);
	if (!ret || !strstr(said, msg))
		printf("# '%s' said: %s", text, said);
	return ret && strstr(said, msg);
}

static void test_directives(void)
{
	struct rules r;

	rules_init(&r);
	CHECK(!parse(&r, "target a b\n"
			 "entry e\n"
			 "entry-callees-of t\n"
			 "entry-registered-by reg\n"
			 "alias A x y\n"
			 "runtime\n"
			 "exclude ex\nonly on\nstop st\nexclude-file f.c\n"
			 "edge c d \"why\"\n"
			 "triage SAFE \"ok\" : e > ... > a\n"
			 "anonymous xmalloc\n"
			 "size alloc_pages order arg 2\n"),
	      "every directive parses");
	CHECK(r.nr_targets == 2 && !strcmp(r.targets[1].text, "b") &&
		      r.targets[1].origin.line == 1,
	      "target adds its patterns, with their line");
	CHECK(r.nr_entries == 1 && r.nr_entry_callees == 1 &&
		      r.nr_entry_registered == 1,
	      "the entry directives add to their own lists");
	CHECK(r.nr_aliases == 1 && r.aliases[0].pats.nr == 2,
	      "alias keeps its name and patterns");
	CHECK(r.runtime == 1, "runtime is set");
	CHECK(r.filter.exclude.nr == 1 && r.filter.only.nr == 1 &&
		      r.filter.stop.nr == 1 && r.filter.exclude_file.nr == 1 &&
		      r.nr_filter_pats == 4,
	      "each filter directive fills its list, all are checked");
	CHECK(r.nr_edges == 1 && !strcmp(r.edges[0].where, "t.rules:11"),
	      "edge says where it was written");
	CHECK(r.nr_triage == 1 && r.triage[0].verdict == VERDICT_SAFE &&
		      !strcmp(r.triage[0].text, "e > ... > a"),
	      "triage keeps its verdict and pattern");
	CHECK(r.nr_alloc == 2, "anonymous and size are allocator facts");
	rules_release(&r);
}

static void test_errors(void)
{
	/* each text, a piece of the message it must fail with, and why */
	static const struct {
		const char *text, *msg, *desc;
	} cases[] = {
		{"target\n", "t.rules:1: 'target' needs at least one pattern",
		 "target without a pattern"},
		{"\n\nexclude-file\n",
		 "t.rules:3: 'exclude-file' needs at least one pattern",
		 "a filter without a pattern, at its line"},
		{"entry-callees-of\n",
		 "'entry-callees-of' needs at least one function",
		 "entry-callees-of without a function"},
		{"alias A\n", "usage: alias NAME PATTERN...",
		 "alias without a pattern"},
		{"runtime x\n", "usage: runtime", "runtime takes nothing"},
		{"edge a b\n", "usage: edge CALLER CALLEE \"reason\"",
		 "edge with too few words"},
		{"edge a b \"r\" x\n", "usage: edge CALLER",
		 "edge with too many words"},
		{"triage SAFE \"r\" a > b\n",
		 "usage: triage VERDICT \"reason\" : PATH-PATTERN",
		 "triage without ':'"},
		{"triage GOOD \"r\" : a\n", "unknown verdict 'GOOD'",
		 "triage with an unknown verdict"},
		{"include\n", "usage: include FILE", "include without a file"},
		{"size f\n", "usage: size FUNC bytes|order arg N",
		 "size checks its own shape"},
		{"frobnicate x\n", "unknown directive 'frobnicate'",
		 "an unknown directive"},
		{"target a : b\n", "':' only belongs in a triage rule",
		 "':' outside triage"},
		{": a\n", "':' without a directive", "':' without a directive"},
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		CHECK(fails(cases[i].text, cases[i].msg), "%s", cases[i].desc);
}

static void test_unit_matches(void)
{
	CHECK(sym_unit_matches("xen/common/page_alloc.c", "page_alloc.c"),
	      "a file name names its unit");
	CHECK(sym_unit_matches("./xen/common/a.c", "common/a.c"),
	      "so does a path suffix, './' aside");
	CHECK(sym_unit_matches("a.c", "./a.c"), "and the whole path");
	CHECK(!sym_unit_matches("xen/common/xa.c", "a.c"),
	      "only at a '/' boundary");
	CHECK(!sym_unit_matches("a.c", "x/a.c"), "not a longer path");
}

int main(void)
{
	test_directives();
	test_errors();
	test_unit_matches();
	return unit_done();
}
