#!/bin/bash
# t630-reviewed-traces: the two run-time traces of the study behind this
# tool, on the arm64 debug corpus (../shared/corpus): the timer softirq
# allocating through _xmalloc in Xen's console form
# (traces/rfc-timer-arm64.log) and, in the reviewed block format of the
# Minerva tooling (traces/rfc-p2m-minerva.txt, recognised by its content),
# the p2m_alloc_page path with its PROB_SAFE review and the timer path.
# "traces import" keeps the reviews, "traces triage" writes them as triage
# rules that decide static paths, and "coverage" says which reviewed
# traces static analysis explains: all, thanks to the registry tier, and
# not the timer traces without it.

# shellcheck disable=SC1091,SC2016
. "$(dirname "$0")/lib.sh"

require_callreach

FIX=$TESTS_DIR/traces
RULES=$REPO_DIR/rules/xen/runtime.rules
unpack_corpus arm64-defconfig-debug || finish
db=$TMP/a.db
expect_success "ingest the arm64 build" cr -d "$db" ingest \
	"$TMP/xen-4.21.1-arm64-defconfig-debug"
# the format is told by the contents, not the name
cp "$FIX/rfc-p2m-minerva.txt" "$TMP/reviews.log"
cp "$db" "$TMP/before.db"

# --- bad input leaves the database alone ----------------------------------
printf '// MINERVA: SAFE\n// nothing below\n\nfoo\n' >"$TMP/empty.log"
expect_exit 3 "a block without frames is malformed (exit 3)" \
	cr -d "$db" traces import "$TMP/empty.log"
check "... saying FILE:LINE" grep_err 'empty.log:1: a MINERVA block with no frame'
printf '// MINERVA: SAFE\ndo_memory_op\nTotal size : many B\n' >"$TMP/bad.log"
expect_exit 3 "a malformed size is malformed (exit 3)" \
	cr -d "$db" traces import "$TMP/bad.log"
check "... saying FILE:LINE" grep_err "bad.log:3: bad total size 'many B'"
check "the database is as it was" cmp -s "$db" "$TMP/before.db"

# --- import and list -------------------------------------------------------
expect_success "import the reviews and the console trace" \
	cr -d "$db" traces import "$TMP/reviews.log" "$FIX/rfc-timer-arm64.log"
expect_success "traces list --format json" cr -d "$db" traces list --format json
check "the p2m review: verdict, reason, size, domain, occurrences" \
	jq_is '[.[] | select(.format == "minerva" and .line == 1)][0] | [.verdict, .reason, .size, .domain, .count]' \
	'["PROB_SAFE","under the assumption that hwdom are safe; the path is already attributed to a domain pool, except if the domain is a hardware domain, in this case the allocation is anonymous (p2m_alloc_page).",12288,"d0",3]'
check "... innermost frame first, the allocator once, no header line" \
	jq_is '[.[] | select(.format == "minerva" and .line == 1)][0].frames | [length, .[0].name, .[1].name, .[-1].name]' \
	'[11,"alloc_domheap_pages","p2m.c#p2m_alloc_page","entry.o#guest_sync_slowpath"]'
check "the console trace has no verdict" \
	jq_is '[.[] | select(.format == "arm")][0] | [.verdict, .reason]' '[null,null]'

# --- the reviews as triage rules -------------------------------------------
expect_success "traces triage" cr -d "$db" traces triage --rules "$RULES"
cp "$OUT" "$TMP/reviews.rules"
check "the timer review starts at the softirq handler, an entry point" \
	grep_out '^triage UNSAFE "the timer softirq allocates for nobody" : \.\.\. > common/timer\.c:timer_softirq_action > _xmalloc$'
check "the p2m review starts at the hypercall, frames the graph calls directly joined by >" \
	grep_out '^triage PROB_SAFE "under the assumption .*\(p2m_alloc_page\)\." : \.\.\. > do_memory_op > xenmem_add_to_physmap > xenmem_add_to_physmap_one > p2m_set_entry > .*p2m\.c:p2m_alloc_page > alloc_domheap_pages$'
printf 'include %s\ninclude %s\n' "$RULES" "$TMP/reviews.rules" >"$TMP/all.rules"
expect_success "check with the reviews" cr -d "$db" check --format json --rules "$TMP/all.rules"
check "both reviews decide static paths (neither is stale)" \
	jq_is '[.stale[] | select(.file | test("reviews.rules"))] | length' '0'
check "... static paths get the UNSAFE verdict" jq_is '.by_verdict.UNSAFE > 0' 'true'

# --- coverage ----------------------------------------------------------------
expect_success "coverage json" cr -d "$db" coverage --format json --rules "$RULES"
check "both reviewed traces are explained by a static path" \
	jq_is '[.reviewed[] | [.verdict, .explained, .status]]' \
	'[["PROB_SAFE",true,"explained"],["UNSAFE",true,"explained"]]'
check "the console trace too" \
	jq_is '[.unexplained[] | select(.log | test("rfc-timer"))] | length' '0'
expect_success "coverage text" cr -d "$db" coverage --rules "$RULES"
check "coverage text: the reviewed traces" \
	grep_out '^reviewed traces: 2, 2 explained by a static path$'
# xen.rules alone: the softirq handlers are no entry points, only
# leave_hypervisor_to_guest (the return to a guest) is
XEN=$REPO_DIR/rules/xen/xen.rules
expect_success "coverage with xen.rules" \
	cr -d "$db" coverage --format json --rules "$XEN"
check "the timer review is explained from leave_hypervisor_to_guest" \
	jq_is '[.reviewed[] | select(.verdict == "UNSAFE") | .explained]' '[true]'
expect_success "coverage with xen.rules, without the registry tier" \
	cr -d "$db" coverage --format json --indirect=rules,fields --rules "$XEN"
check "the timer traces are then unexplained at __do_softirq" \
	jq_is '[.unexplained[] | select(.target == "_xmalloc") | .hop.caller] | unique' \
	'["common/softirq.c:__do_softirq"]'
check "... and the timer review is not explained" \
	jq_is '[.reviewed[] | select(.verdict == "UNSAFE") | .explained]' '[false]'

finish
