#!/bin/bash
# coverage: which static entry-to-target paths the imported traces have
# seen, which never, and which traces no static path explains (with the
# first unexplained hop), per target and per entry point, with verdicts.
. "$(dirname "$0")/lib.sh"
require_callreach

FIX=$TESTS_DIR/traces
W=$TMP/w
RULES=$FIX/prog.rules
traces_program "$W"
cp "$W/x.db" "$W/none.db"
expect_success "import the logs" in_dir "$W" cr -d x.db traces import \
	logs/x86.log logs/arm.log logs/plain.txt

id_of() { fnv1a64 "$(printf '%s\n' "$@")"; }
P_POPULATE=$(id_of do_memory_op common/memory.c:populate_physmap alloc_domheap_pages)
P_EXCHANGE_PAGES=$(id_of do_memory_op common/memory.c:memory_exchange common/memory.c:populate_physmap alloc_domheap_pages)
P_EXCHANGE=$(id_of do_memory_op common/memory.c:memory_exchange _xmalloc)
P_X86=$(id_of do_memory_op x86_memory_op arch/x86/mm.c:alloc_l1_table alloc_domheap_pages)
P_ARM=$(id_of do_memory_op arm_memory_op arch/arm/mm.c:alloc_l1_table _xmalloc)
P_EVENT=$(id_of do_event_op common/event.c:alloc_bucket _xmalloc)

# --- text --------------------------------------------------------------------
expect_success "coverage --rules" in_dir "$W" cr -d x.db coverage --rules "$RULES"
check "the share of static paths seen" \
	grep_out '^static paths: 6, seen 5 \(83.3%\), never seen 1$'
check "trace counts" \
	grep_out '^traces: 11 distinct \(12 occurrences\) from 3 logs: 6 explained by a static path, 4 not, 1 reach no target$'
check "per target" grep_out '^target _xmalloc: 2 of 3 static paths seen \(66.7%\), 3 traces unexplained$'
check "per entry point" grep_out '^  entry do_event_op: 0 of 1 seen$'
check "the path never seen is listed with its verdict" \
	grep_out "^    never $P_EVENT UNDECIDED do_event_op > common/event.c:alloc_bucket > _xmalloc$"
check "a seen path lists its traces with domain and size" \
	grep_out "^          by 1 trace \(2 times\): logs/x86.log:5 d1 size 16384$"
check "a match with a missing frame says so" \
	grep_out '1 frame missing \(tail call or inlined\): logs/x86.log:30 d3 size 4096$'
check "an indirect call is the first unexplained hop, with a hint" \
	grep_out '^          first unexplained hop: do_domctl -> common/domctl.c:create_domain: do_domctl makes 1 call through a pointer'
check "triage verdicts apply to traces" \
	grep_out '^    trace [0-9a-f]{16} logs/x86.log:22 x1 d2 size 96 UNSAFE$'
check "an unknown frame inside a trace is an unexplained hop" \
	grep_out '^          first unexplained hop: do_memory_op -> frobnicate_widget: the graph does not know it'
check "  and is shown in the trace" grep_out '^          do_memory_op > frobnicate_widget\? > _xmalloc$'
check "a truncated trace lacks its entry point" \
	grep_out '^          no entry point in the trace \(it is truncated\)$'

# --- JSON ----------------------------------------------------------------------
expect_success "coverage --format json" in_dir "$W" cr -d x.db coverage --rules "$RULES" --format json
check "summary" jq_is '[.paths, .seen, .never_seen, .complete]' '[6,5,1,true]'
check "trace summary" jq_is '.traces' \
	'{"distinct":11,"explained":6,"logs":3,"no_target":1,"occurrences":12,"unexplained":4}'
check "per target and entry" \
	jq_is '.targets | map([.target, .paths, .seen, .unexplained, (.entries | map([.entry, .paths, .seen, .unexplained]))])' \
	'[["_xmalloc",3,2,3,[["do_domctl",0,0,1],["do_event_op",1,0,0],["do_memory_op",2,2,1],[null,0,0,1]]],["alloc_domheap_pages",3,3,1,[["do_memory_op",3,3,0],[null,0,0,1]]]]'
check "the never-seen list" jq_is '[.static_paths[] | select(.seen | not) | .id]' "[\"$P_EVENT\"]"
check "a trace is counted for every occurrence" \
	jq_is ".static_paths[] | select(.id == \"$P_POPULATE\") | [.occurrences, .missing, (.traces | map(.line))]" '[2,0,[5]]'
check "a trace through memory_exchange does not see the shorter path through populate_physmap" \
	jq_is "[.static_paths[] | select(.id == \"$P_POPULATE\") | .traces[] | select(.line == 30)] | length" '0'
check "a stale S frame is passed over; a missing frame is a gap" \
	jq_is ".static_paths[] | select(.id == \"$P_EXCHANGE_PAGES\") | [.missing, (.traces | map(.log + \":\" + (.line | tostring)))]" \
	'[1,["logs/x86.log:30"]]'
check "an ambiguous arm frame matches the arm path (LR and frame merged)" \
	jq_is ".static_paths[] | select(.id == \"$P_ARM\") | [.seen, .missing, (.traces | map(.log))]" '[true,0,["logs/arm.log"]]'
check "an ambiguous plain frame matches the x86 path" \
	jq_is ".static_paths[] | select(.id == \"$P_X86\") | [.seen, (.traces | map(.log))]" '[true,["logs/plain.txt"]]'
check "plain stacks with and without a domain are two traces of one path" \
	jq_is ".static_paths[] | select(.id == \"$P_EXCHANGE\") | [.occurrences, (.traces | map(.domain))]" '[2,["d8",null]]'
check "unexplained traces: why, and the hop" \
	jq_is '.unexplained | map([.log, .line, .why, .hop])' \
	'[["logs/x86.log",22,"unexplained hop",{"callee":"common/domctl.c:create_domain","caller":"do_domctl"}],["logs/x86.log",45,"unexplained hop",{"callee":"frobnicate_widget","caller":"do_memory_op"}],["logs/arm.log",12,"no entry point",null],["logs/arm.log",17,"no entry point",null]]'
check "an unexplained trace carries its verdict and rule" \
	jq_is '.unexplained[0] | [.verdict, .reason, .entry, .target, .functions]' \
	'["UNSAFE","domain structures come from the shared heap","do_domctl","_xmalloc",["do_domctl","common/domctl.c:create_domain","_xmalloc"]]'

# --- an edge rule explains the indirect call -----------------------------------------
cat >"$W/edge.rules" <<EOF
include $RULES
edge do_domctl domctl.c#create_domain "called through domctl_ops"
EOF
expect_success "coverage with an edge rule for the indirect call" \
	in_dir "$W" cr -d x.db coverage --rules edge.rules --format json
check "  the trace now sees the new static path" \
	jq_is '[.paths, .seen, (.unexplained | map(.line))]' '[7,6,[45,12,17]]'
check "  with its verdict" \
	jq_is '.static_paths[] | select(.functions[0] == "do_domctl") | [.verdict, .seen]' '["UNSAFE",true]'

# --- filters ------------------------------------------------------------------------
expect_success "coverage with an exclusion" \
	in_dir "$W" cr -d x.db coverage --rules "$RULES" --exclude x86_memory_op --format json
check "  the plain stack through it is filtered, not a missing call" \
	jq_is '[.paths, (.unexplained[] | select(.log == "logs/plain.txt") | [.line, .why, .detail])]' \
	'[5,[8,"filtered","it passes through x86_memory_op, excluded by the rules"]]'

# --- labels ---------------------------------------------------------------------------
printf '(XEN) d9v9 _xmalloc: size=1\n(XEN) Xen call trace:\n(XEN)    [<ffff82d040226e1a>] R _xmalloc+0x1a/0x2c0\n(XEN)    [<ffff82d040226e1b>] F event.c#alloc_bucket+0x1/0x10\n(XEN)    [<ffff82d040226e1c>] F do_event_op+0x1/0x10\n' >"$W/logs/event.log"
expect_success "import a labelled log" in_dir "$W" cr -d x.db traces import --label nightly logs/event.log
expect_success "coverage --label" in_dir "$W" cr -d x.db coverage --rules "$RULES" --label nightly --format json
check "  counts only that label's traces" jq_is '[.seen, .traces.distinct, (.static_paths[] | select(.seen) | .id)]' "[1,1,\"$P_EVENT\"]"
expect_success "coverage of every label" in_dir "$W" cr -d x.db coverage --rules "$RULES" --format json
check "  covers every path" jq_is '[.paths, .seen, .share]' '[6,6,1]'

# --- the fewest missing frames decide ---------------------------------------------------
cp "$W/none.db" "$W/gap.db"
printf '# a tail call hid the frames in between\nalloc_domheap_pages\ndo_memory_op\n\n' >"$W/logs/gap.txt"
printf '# a debug build did not inline exchange_buffer\n_xmalloc\nmemory.c#exchange_buffer\nmemory.c#memory_exchange\ndo_memory_op\n' >>"$W/logs/gap.txt"
expect_success "import a stack missing its middle, one with an inlined frame" \
	in_dir "$W" cr -d gap.db traces import logs/gap.txt
expect_success "coverage of them" in_dir "$W" cr -d gap.db coverage --rules "$RULES" --format json
check "  the first sees the path with one frame missing, not those with two;" \
	jq_is "[.static_paths[] | select(.id == \"$P_POPULATE\" or .id == \"$P_EXCHANGE_PAGES\") | [.seen, .missing]]" \
	'[[true,1],[false,null]]'
check "  an unknown frame between two frames the graph calls directly is inlined" \
	jq_is "[.static_paths[] | select(.id == \"$P_EXCHANGE\") | [.seen, .missing]] + [.traces.unexplained]" '[[true,0],0]'

# --- no traces, usage, re-ingest --------------------------------------------------------
expect_success "coverage without imported traces" cr -d "$W/none.db" coverage --rules "$RULES" --format json
check "  lists every path as never seen" jq_is '[.paths, .seen, .traces.distinct]' '[6,0,0]'
check "  and says how to import" grep_err "note: no traces in the database: run 'callreach traces import' first"
expect_exit 2 "coverage without --rules is a usage error" cr -d "$W/x.db" coverage
expect_exit 2 "coverage with an argument is a usage error" cr -d "$W/x.db" coverage --rules "$RULES" extra

traces_program_changed "$W"
expect_success "coverage after the re-ingest" in_dir "$W" cr -d x.db coverage --rules "$RULES" --format json
check "  the traces still see the same paths" jq_is '[.paths, .seen, .traces.explained]' '[6,6,7]'

finish
