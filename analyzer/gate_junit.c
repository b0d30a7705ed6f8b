/*
 * gate_junit.c - JUnit XML: one test case per change, failing when the
 * change fails the gate (GitLab shows these in merge requests).
 */
#include "gate.h"
#include "html.h"
#include "review.h"
#include "util.h"

/* S as XML text: html_escape() serves XML too (invalid UTF-8 as U+FFFD). */
static void xml_escape(FILE *out, const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	html_escape(&sb, s);
	fputs(strbuf_str(&sb), out);
	strbuf_release(&sb);
}

static int write_junit(FILE *out, const void *comparison)
{
	const struct comparison *c = comparison;
	struct strbuf cls = STRBUF_INIT;
	size_t i, failures = 0;

	for (i = 0; i < c->nr; i++)
		failures += !c->v[i].passes;
	fprintf(out,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<testsuites name=\"callreach\" tests=\"%zu\" "
		"failures=\"%zu\">\n"
		"  <testsuite name=\"callreach gate\" tests=\"%zu\" "
		"failures=\"%zu\">\n",
		c->nr, failures, c->nr, failures);
	for (i = 0; i < c->nr; i++) {
		const struct change *ch = &c->v[i];

		fputs("    <testcase classname=\"callreach.", out);
		xml_escape(out, change_kind_name(ch->kind));
		fputs("\" name=\"", out);
		xml_escape(out, ch->title);
		fputs("\"", out);
		if (ch->file) {
			fputs(" file=\"", out);
			xml_escape(out, ch->file);
			fprintf(out, "\" line=\"%d\"", ch->line);
		}
		fputs(">\n", out);
		strbuf_reset(&cls);
		change_class_text(ch, &cls);
		if (!ch->passes) {
			fputs("      <failure message=\"", out);
			xml_escape(out, change_kind_name(ch->kind));
			fprintf(out, " with verdict %s",
				verdict_name(ch->verdict));
			if (cls.len) {
				fputs(" (", out);
				xml_escape(out, strbuf_str(&cls));
				fputc(')', out);
			}
			fputs("\">", out);
			change_write_witness(ch, out, " &gt; ", xml_escape);
			fputs("</failure>\n", out);
		}
		fputs("      <system-out>verdict: ", out);
		fputs(verdict_name(ch->verdict), out);
		if (ch->reason) {
			fputs(" (", out);
			xml_escape(out, ch->reason);
			fputs(")", out);
		}
		if (cls.len) {
			fputs("; class: ", out);
			xml_escape(out, strbuf_str(&cls));
		}
		fputs("</system-out>\n    </testcase>\n", out);
	}
	strbuf_release(&cls);
	fputs("  </testsuite>\n</testsuites>\n", out);
	return 0;
}

const struct gate_reporter gate_junit = {"junit", write_junit};
