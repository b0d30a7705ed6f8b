/*
 * kconfig.h - the Kconfig .config file stored with a build: checking that
 * a file is one to store, and counting what it sets.
 *
 * Ownership: kconfig_parse() hands the caller a copy of the text.
 */
#ifndef KCONFIG_H
#define KCONFIG_H

#include <stddef.h>

/* The largest .config stored (a defconfig is ~100 KiB). */
#define KCONFIG_MAX_BYTES (4 * 1024 * 1024)

/*
 * Check BUF (LEN bytes, the contents of PATH) is a .config to store: text
 * (no NUL byte), at most KCONFIG_MAX_BYTES. Returns 0 with *OUT a copy of
 * the text, or 1 with *OUT NULL after a warning saying why it is ignored.
 * BUF is not looked at (and may be NULL) when LEN is over the limit.
 */
int kconfig_parse(const char *path, const char *buf, size_t len, char **out);

struct kconfig_counts {
	size_t lines; /* lines of the file */
	size_t set;   /* "CONFIG_X=value" lines */
	size_t unset; /* "# CONFIG_X is not set" lines */
};

/* Count the lines of the stored .config TEXT (NULL counts nothing). */
void kconfig_count(const char *text, struct kconfig_counts *c);

#endif
