/*
 * fuzz_config.c - libFuzzer harness for the Kconfig .config reader: the
 * input as the .config file ingest finds at the top of a tree
 * (kconfig_parse()), then what "stats" and "report" do with the stored
 * text (kconfig_count(), the HTML escape of the overview page).  Built
 * and run by "make fuzz"; the seeds are the corpora's .config files and
 * pieces of them.
 */
#include "html.h"
#include "kconfig.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kconfig_counts kc;
	struct strbuf sb = STRBUF_INIT;
	char *text;

	if (kconfig_parse("fuzz/.config", (const char *)data, size, &text)) {
		if (text)
			BUG("an ignored .config with a text");
		return 0;
	}
	if (strlen(text) != size)
		BUG("the stored .config is not the file");
	kconfig_count(text, &kc);
	if (kc.set + kc.unset > kc.lines)
		BUG("more options than lines");
	html_escape(&sb, text);
	strbuf_release(&sb);
	free(text);
	return 0;
}
