/*
 * traces_minerva.h - reviewed traces in the block format of the Minerva
 * run-time tooling: outermost frame first, the allocator repeated as the
 * last frame; "//" comment lines, the first "// MINERVA: VERDICT" with an
 * optional "(note)"; "Domain :", "Occurrences:" and "Total size : N B"
 * lines; sometimes a header line naming the allocator ("name()").
 *
 * Ownership: traces are added to the caller's struct trace_log, which
 * owns them (trace_log_release()).
 */
#ifndef TRACES_MINERVA_H
#define TRACES_MINERVA_H

#include <stddef.h>

struct trace_log;

/* Does BUF (LEN bytes) hold Minerva blocks (a "// MINERVA:" line)? */
int traces_minerva_detect(const char *buf, size_t len);

/*
 * Append the blocks of BUF (the contents of PATH) to OUT as traces
 * (innermost frame first, format "minerva"), with their verdict, reason,
 * domain, occurrences (count) and total size. Returns 0, or -1 (reported
 * as "PATH:LINE: ...") for a block with no frame or a malformed field.
 */
int traces_minerva_parse(const char *path, const char *buf, size_t len,
			 struct trace_log *out);

#endif
