/*
 * dwarf_callsites.h - the argument values the compiler recorded at call
 * sites (DW_TAG_call_site and DW_TAG_GNU_call_site with their parameter
 * children), mapped to argument positions by the calling convention and
 * joined to the call sites of the unit's .ci file.
 *
 * Ownership: arguments are borrowed; what dwarf_callsites_read() returns
 * is the caller's.
 */
#ifndef DWARF_CALLSITES_H
#define DWARF_CALLSITES_H

#include "batch.h"

#include <stdint.h>

struct ci_unit;
struct dwarf_fields;

/* What a call-site parameter says about an argument's value. */
enum callarg_kind {
	CALLARG_NONE,	 /* nothing recorded */
	CALLARG_CONST,	 /* a constant: value */
	CALLARG_ADDRESS, /* the address of an object: not NULL */
	CALLARG_PASSED,	 /* the caller's own incoming argument number value */
	CALLARG_OTHER,	 /* computed at run time */
};

const char *callarg_kind_name(enum callarg_kind k);

/*
 * The call-site rows of the units of an ingest, written as the batch
 * fills and the rest by callsites_writer_flush().
 */
struct callsites_writer {
	struct batch b; /* prepared when the first row comes */
};

int callsites_writer_flush(struct graph_db *gdb, struct callsites_writer *w);
void callsites_writer_release(struct callsites_writer *w);

/*
 * The call sites of the unit parsed into U, whose object's debug
 * information DF has, joined to their values (NULL: no debug
 * information, or no call site in it). HAS_TITLE(t, CTX) says whether
 * the unit has a node titled t. Nothing is written, so that another
 * thread may read them; U, DF and CTX must outlive the result
 * (dwarf_callsites_free()).
 */
struct callsites;
struct callsites *dwarf_callsites_read(const struct ci_unit *u,
				       struct dwarf_fields *df,
				       int (*has_title)(const char *t,
							void *ctx),
				       void *ctx);
/*
 * Queue CS (NULL: nothing) as unit UNIT_ID's rows in W. Returns 0, or -1
 * on a database error (reported).
 */
int dwarf_callsites_store(struct graph_db *gdb, struct callsites_writer *w,
			  int64_t unit_id, const struct callsites *cs);
void dwarf_callsites_free(struct callsites *cs);

#endif
