/*
 * gate_markdown.c - a Markdown summary of a comparison, for a merge
 * request comment.
 */
#include "gate.h"
#include "review.h"
#include "util.h"

#include <string.h>

/* Names are data: keep Markdown from reading them as markup. */
static void md_escape(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (strchr("\\`*_{}[]<>()#+!|", *s))
			fputc('\\', out);
		if (*s == '\n' || *s == '\r')
			fputc(' ', out);
		else
			fputc(*s, out);
	}
}

static int write_md(FILE *out, const void *comparison)
{
	const struct comparison *c = comparison;
	size_t i, k, failing = 0;

	for (i = 0; i < c->nr; i++)
		failing += !c->v[i].passes;
	fprintf(out, "## callreach: %s\n\n",
		c->failed ? "new unreviewed call paths to allocators"
			  : "no new unreviewed call paths");
	fprintf(out, "| change | count |\n|---|---:|\n");
	for (k = 0; k < CHANGE_KIND_COUNT; k++)
		fprintf(out, "| %s | %zu |\n",
			change_kind_name((enum change_kind)k), c->counts[k]);
	fprintf(out, "\n%s\n\n",
		c->by_paths ? "Decided from the complete path sets."
			    : "The path sets are too large to list: decided "
			      "from reachable pairs and call edges.");
	if (!c->nr)
		return 0;
	fprintf(out, "| | change | what | verdict | class | reason | "
		     "witness |\n|---|---|---|---|---|---|---|\n");
	for (i = 0; i < c->nr; i++) {
		const struct change *ch = &c->v[i];
		struct strbuf cls = STRBUF_INIT;

		fprintf(out, "| %s | %s | ", ch->passes ? "ok" : "**FAIL**",
			change_kind_name(ch->kind));
		md_escape(out, ch->title);
		fprintf(out, " | %s | ", verdict_name(ch->verdict));
		fputs(change_class_text(ch, &cls) ? strbuf_str(&cls) : "-",
		      out);
		strbuf_release(&cls);
		fputs(" | ", out);
		if (ch->reason)
			md_escape(out, ch->reason);
		fputs(" | ", out);
		change_write_witness(ch, out, " > ", md_escape);
		fputs(" |\n", out);
	}
	fprintf(out, "\n%zu item%s fail the gate.\n", failing,
		failing == 1 ? "" : "s");
	return 0;
}

const struct gate_reporter gate_markdown = {"markdown", write_md};
