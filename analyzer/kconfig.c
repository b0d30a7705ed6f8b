/*
 * kconfig.c - the Kconfig .config file stored with a build: checking that
 * a file is one to store, and counting the options it sets.
 */
#include "kconfig.h"
#include "util.h"

#include <string.h>

int kconfig_parse(const char *path, const char *buf, size_t len, char **out)
{
	*out = NULL;
	if (len > KCONFIG_MAX_BYTES) {
		warning("'%s' is larger than %d bytes; not stored", path,
			KCONFIG_MAX_BYTES);
		return 1;
	}
	if (memchr(buf, '\0', len)) {
		warning("'%s' is not text (NUL byte); not stored", path);
		return 1;
	}
	*out = xstrndup(buf, len);
	return 0;
}

/* Does the option name at S (after "CONFIG_") end as END says? */
static int option_then(const char *s, const char *end)
{
	size_t n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
			     "abcdefghijklmnopqrstuvwxyz0123456789_");

	return n && !strncmp(s + n, end, strlen(end));
}

void kconfig_count(const char *text, struct kconfig_counts *c)
{
	const char *p = text;

	memset(c, 0, sizeof(*c));
	while (p && *p) {
		const char *nl = strchr(p, '\n');

		c->lines++;
		if (!strncmp(p, "CONFIG_", 7) && option_then(p + 7, "="))
			c->set++;
		else if (!strncmp(p, "# CONFIG_", 9) &&
			 option_then(p + 9, " is not set"))
			c->unset++;
		p = nl ? nl + 1 : NULL;
	}
}
