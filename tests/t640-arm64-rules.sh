#!/bin/bash
# t640-arm64-rules: the Xen rules on the arm64 debug corpus
# (../shared/corpus), where the x86 dispatchers pv_hypercall and
# hvm_hypercall do not exist: the hypercalls do_trap_hypercall calls,
# the guest traps and the run-time callbacks are entry points, so check,
# matrix, the nightly and merge-gate scripts give real results; the alias
# directive lets "reach do_memory_op xmalloc" ask about the xmalloc family.

# shellcheck disable=SC1091,SC2016
. "$(dirname "$0")/lib.sh"

require_callreach

export CALLREACH
unset CALLREACH_BUILD CFLAGS MAKEFLAGS MFLAGS MAKELEVEL
SCRIPTS=$REPO_DIR/ci-scripts
XEN=$REPO_DIR/rules/xen/xen.rules
RUNTIME=$REPO_DIR/rules/xen/runtime.rules
unpack_corpus arm64-defconfig-debug || finish
tree=$TMP/xen-4.21.1-arm64-defconfig-debug
db=$TMP/a.db
expect_success "ingest the arm64 build" cr -d "$db" ingest "$tree"

# --- check and matrix --------------------------------------------------------
expect_success "check --rules xen.rules" cr -d "$db" check --format json --rules "$XEN"
check "paths from the arm64 hypercalls reach the allocators" \
	jq_is '[.count > 1000, .pairs > 10]' '[true,true]'
check "the x86 dispatchers are stale rules here, not errors" \
	jq_is '[.stale[] | select(.rule == "pv_hypercall" or .rule == "hvm_hypercall") | .kind]' \
	'["entry-callees-of","entry-callees-of"]'
check "an allyesconfig-only filter is a stale rule" \
	jq_is '[.stale[] | select(.rule == "kexec_crash") | .kind]' '["filter"]'
check "... and no warning about it" eval '! grep -q "kexec_crash" "$ERR"'
expect_success "do_memory_op is an entry (a callee of do_trap_hypercall)" \
	cr -d "$db" entries --format json --rules "$XEN"
check "... listed" jq_is '[.. | strings | select(. == "do_memory_op")] | length > 0' 'true'
expect_success "matrix --rules runtime.rules" \
	cr -d "$db" matrix --format json --rules "$RUNTIME"
check "reachable pairs on arm64" jq_is '[.. | objects | select(has("reachable")) | select(.reachable)] | length > 20' 'true'

# --- alias -------------------------------------------------------------------
expect_success "reach do_memory_op xmalloc (an alias of the Xen rules)" \
	cr -d "$db" reach --format json --rules "$XEN" do_memory_op xmalloc
check "... reaches the family's _xmalloc" jq_is '[.reachable, .path[-1]]' '[true,"_xmalloc"]'
expect_exit 2 "without the rules, xmalloc is unknown" \
	cr -d "$db" reach do_memory_op xmalloc
printf 'alias nothing no_such_function\n' >"$TMP/alias.rules"
expect_exit 2 "an alias naming nothing in the build is a usage error" \
	cr -d "$db" reach --rules "$TMP/alias.rules" do_memory_op nothing
check "... saying so" grep_err "alias 'nothing' names no function in this build"
printf 'alias lonely\n' >"$TMP/bad.rules"
expect_exit 3 "an alias without patterns is a rule error" \
	cr -d "$db" reach --rules "$TMP/bad.rules" do_memory_op _xmalloc
check "... at FILE:LINE" grep_err 'bad.rules:1: usage: alias NAME PATTERN'
expect_success "paths --to xmalloc-family" \
	cr -d "$db" paths --format json --rules "$XEN" --from do_memory_op --to xmalloc-family --limit 5
check "... ends at allocators of the family" \
	jq_is '[.paths[].functions[-1] | test("^_x(v|z)*(m|z|re)alloc")] | all' 'true'

# --- the nightly and merge-gate scripts --------------------------------------
# The corpus is already built: the scripts' build step is a no-op.
export CALLREACH_BUILD=true
expect_success "nightly.sh on the arm64 tree" \
	env NIGHTLY_DATE=2026-12-01 "$SCRIPTS/nightly.sh" "$tree" "$TMP/nightly"
check "nightly: a history line with paths" \
	test "$(jq -s '.[0].count > 1000' "$TMP/nightly/history.jsonl")" = true
check "nightly: the report was written" test -s "$TMP/nightly/2026-12-01/report/index.html"
check "nightly: the report marks registry calls with their registration" \
	grep -rqE 'indirect call, registry tier \(member timer\.function, set by init_timer\(\) at [a-z0-9_/]+\.c:[0-9]+\)' \
	"$TMP/nightly/2026-12-01/report"
expect_success "merge-gate.sh: the same tree passes" \
	"$SCRIPTS/merge-gate.sh" "$tree" "$tree" "$TMP/gate"
check "merge-gate.sh: the baseline holds the arm64 paths" \
	test "$(jq '.path_count > 1000' "$TMP/gate/baseline.json")" = true

finish
