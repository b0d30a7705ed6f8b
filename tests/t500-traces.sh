#!/bin/bash
# traces import: Xen x86 and arm call traces and plain stacks from console
# logs (with noise, duplicates, truncation, unknown and ambiguous frames),
# bare addresses named through an ELF symbol table, and what is stored.
. "$(dirname "$0")/lib.sh"
require_callreach

W=$TMP/w
traces_program "$W"
cp "$W/x.db" "$W/empty-traces.db"

# --- import --------------------------------------------------------------
expect_success "import three logs" in_dir "$W" cr -d x.db traces import \
	--label run1 logs/x86.log logs/arm.log logs/plain.txt
check "12 traces, 11 distinct, 1 truncated" \
	grep_out '^imported 3 logs into x.db: 12 traces, 11 distinct, 1 truncated$'
check "unknown frames are reported" grep_out '^  frobnicate_widget  \(1 trace\)$'
check "ambiguous file.c#name frames list every candidate" \
	grep_out '^  mm.c#alloc_l1_table: arch/arm/mm.c:alloc_l1_table, arch/x86/mm.c:alloc_l1_table  \(3 traces\)$'
check "a bare address without a symbol is reported" \
	grep_out '1 bare address without a symbol \(give --symbols FILE\)'

expect_success "list the stored traces as JSON" cr -d "$W/x.db" traces list --format json
check "11 traces stored" jq_is 'length' '11'
check "a duplicate x86 trace is stored once with its count, domain and size" \
	jq_is '[.[] | select(.log == "logs/x86.log" and .line == 5)][0] | [.count, .domain, .size, .format, .label]' \
	'[2,"d1",16384,"x86","run1"]'
check "x86 frames keep their markers, innermost first" \
	jq_is '[.[] | select(.log == "logs/x86.log" and .line == 5)][0].frames | map([.mark, .name])' \
	'[["R","alloc_domheap_pages"],["F","memory.c#populate_physmap"],["F","do_memory_op"],["F","pv_hypercall"],["F","lstar_enter"]]'
check "a static frame resolves to its unit's function" \
	jq_is '[.[] | select(.log == "logs/x86.log" and .line == 5)][0].frames[1].functions' \
	'["common/memory.c:populate_physmap"]'
check "an unknown frame is kept, unresolved" \
	jq_is '[.[] | select(.log == "logs/x86.log" and .line == 5)][0].frames[4] | [.name, .functions]' \
	'["lstar_enter",[]]'
check "a line of console noise inside a trace is skipped, the trace goes on" \
	jq_is '[.[] | select(.log == "logs/x86.log" and .line == 22)][0] | [.domain, .size, (.frames | map(.name))]' \
	'["d2",96,["_xmalloc","domctl.c#create_domain","do_domctl","pv_hypercall"]]'
check "a stack-scanned frame keeps its S marker" \
	jq_is '[.[] | select(.log == "logs/x86.log" and .line == 30)][0].frames[1] | [.mark, .name]' \
	'["S","console_write"]'
check "a trace after a non-allocation line has no domain" \
	jq_is '[.[] | select(.log == "logs/x86.log" and .line == 39)][0] | [.domain, .size]' '[null,null]'
check "arm frames: PC, LR and unmarked, the unknown ??? kept" \
	jq_is '[.[] | select(.log == "logs/arm.log" and .line == 3)][0] | [.format, (.frames | map(.mark)), .frames[5].name]' \
	'["arm",["PC","LR",null,null,null,null],null]'
check "an ambiguous frame resolves to every candidate" \
	jq_is '[.[] | select(.log == "logs/arm.log" and .line == 3)][0].frames[1].functions' \
	'["arch/arm/mm.c:alloc_l1_table","arch/x86/mm.c:alloc_l1_table"]'
check "a trace cut off mid-frame is marked truncated" \
	jq_is '[.[] | select(.log == "logs/arm.log" and .line == 17)][0] | [.truncated, (.frames | length), .domain, .size]' \
	'[true,2,"d7",64]'
check "order N on the line before means 4096 << N bytes" \
	jq_is '[.[] | select(.log == "logs/arm.log" and .line == 12)][0] | [.domain, .size, .truncated]' \
	'["d6",8192,false]'
check "plain stacks: one name a line, the comment before giving domain and size" \
	jq_is '[.[] | select(.format == "plain")] | map([.line, .domain, .size, (.frames | length)])' \
	'[[3,"d8",128,3],[8,"d9",32768,5],[14,null,null,3]]'

# --- the schema --------------------------------------------------------------
sql() { sqlite3 "$W/x.db" "$1"; }
check "the trace tables exist" \
	test "$(sql "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'trace%' ORDER BY name)")" = "trace_frames trace_logs trace_reviews traces"
check "frames store their canonical function and its id at import" \
	test "$(sql "SELECT f.function, f.function_id = fn.id FROM trace_frames f JOIN functions fn ON fn.name = f.function WHERE f.name = 'memory.c#populate_physmap' LIMIT 1")" = "common/memory.c:populate_physmap|1"
check "ambiguous frames store their candidates" \
	test "$(sql "SELECT DISTINCT replace(candidates, char(10), ',') FROM trace_frames WHERE name = 'mm.c#alloc_l1_table'")" = "arch/arm/mm.c:alloc_l1_table,arch/x86/mm.c:alloc_l1_table"
check "unknown frames store no function" \
	test "$(sql "SELECT count(*) FROM trace_frames WHERE name = 'frobnicate_widget' AND function IS NULL AND function_id IS NULL")" = 1
check "logs are stored with their label and number of traces" \
	test "$(sql "SELECT group_concat(path || ':' || label || ':' || occurrences, ' ') FROM trace_logs")" = "logs/x86.log:run1:6 logs/arm.log:run1:3 logs/plain.txt:run1:3"

# --- re-import, errors, one transaction ----------------------------------------
sql "SELECT * FROM traces; SELECT * FROM trace_frames; SELECT * FROM trace_logs" >"$W/before"
expect_success "importing a log again skips it" in_dir "$W" cr -d x.db traces import logs/x86.log
check "  and says so" grep_out '^skipped logs/x86.log: imported before$'
sql "SELECT * FROM traces; SELECT * FROM trace_frames; SELECT * FROM trace_logs" >"$W/after"
check "  and stores nothing" compare "$W/before" "$W/after"

printf '(XEN) Xen call trace:\n(XEN)    [<ffff82d040226e1a>] R _xmalloc+0x1a/0x2c0\n\0garbage\n' >"$W/logs/binary.log"
printf 'Xen call trace:\n   [<ffff82d040226e1a>] R _xmalloc+0x1a/0x2c0\n' >"$W/logs/new.log"
expect_exit 3 "a log with a NUL byte is malformed (exit 3)" \
	in_dir "$W" cr -d x.db traces import logs/new.log logs/binary.log
check "  and the error names the file and line" grep_err 'error: logs/binary.log:3: not a text log'
sql "SELECT * FROM traces; SELECT * FROM trace_frames; SELECT * FROM trace_logs" >"$W/after"
check "  and the database is unchanged (no log of the batch stored)" compare "$W/before" "$W/after"
expect_exit 3 "an unreadable log is bad input (exit 3)" \
	in_dir "$W" cr -d x.db traces import logs/new.log logs/missing.log
check "  and the database is unchanged" compare "$W/before" "$W/after"
printf '(XEN) Done.\n(XEN) nothing to see\n' >"$W/logs/quiet.log"
expect_exit 1 "a log without any call trace finds nothing (exit 1)" \
	in_dir "$W" cr -d x.db traces import logs/quiet.log
expect_exit 4 "importing into a missing database fails (exit 4)" \
	in_dir "$W" cr -d nope.db traces import logs/x86.log
check "  without creating it" test ! -e "$W/nope.db"
expect_exit 2 "traces without a subcommand is a usage error" cr -d "$W/x.db" traces
expect_exit 2 "traces import without a LOG is a usage error" cr -d "$W/x.db" traces import
expect_exit 2 "an unknown subcommand is a usage error" cr -d "$W/x.db" traces frob

# --- labels ----------------------------------------------------------------------
expect_success "list --label run1" cr -d "$W/x.db" traces list --label run1 --format json
check "  lists the labelled traces" jq_is 'length' '11'
expect_exit 1 "list --label of no import finds nothing" cr -d "$W/x.db" traces list --label other

# --- --symbols: bare addresses through the ELF symbol table ------------------------
printf 'long pv_hypercall(int op, long arg);\nint main(int argc, char **argv)\n{\n\t(void)argv;\n\treturn (int)pv_hypercall(argc, argc);\n}\n' >"$W/main.c"
check "link the program into an ELF executable" \
	gcc -O1 -fno-inline -o "$W/xen-syms" $(find "$W/src" -name '*.o' | sort) "$W/main.c"
addr() { # SYMBOL OFFSET [FILE-INDEX]: the address of SYMBOL+OFFSET (nm)
	local a
	a=$(nm "$W/xen-syms" | awk -v n="$1" '$3 == n { print $1 }' | sed -n "${3:-1}p")
	printf '%x' $((0x$a + $2))
}
x86_l1=$(nm "$W/xen-syms" | awk '$3 == "x86_memory_op" { print $1 }')
{
	echo "sampled stack of d3 size=64"
	echo "0x$(addr _xmalloc 4)"
	echo "0x$(addr memory_exchange 8)"
	echo "0x$(addr do_memory_op 16)"
	echo "0x$(addr main 4)"
	echo
	echo "(XEN) Xen call trace:"
	echo "(XEN)    [<$(addr alloc_domheap_pages 2)>] R $(addr alloc_domheap_pages 2)"
	echo "(XEN)    [<$(addr alloc_l1_table 3)>] F ???"
	echo "(XEN)    [<$(addr x86_memory_op 3)>] F $(addr x86_memory_op 3)"
} >"$W/logs/samples.log"
check "the samples name x86_memory_op's address" test -n "$x86_l1"
cp "$W/empty-traces.db" "$W/s.db"
expect_success "import bare addresses with --symbols" \
	in_dir "$W" cr -d s.db traces import --format json --symbols xen-syms logs/samples.log
check "  every address inside a function gets its name" jq_is '[.traces, .unnamed, (.unknown | map(.name))]' '[2,0,["main"]]'
check "  static functions get Xen's file.c#name, ambiguous ones say so" \
	jq_is '.ambiguous | map([.name, .candidates])' \
	'[["mm.c#alloc_l1_table",["arch/arm/mm.c:alloc_l1_table","arch/x86/mm.c:alloc_l1_table"]]]'
expect_success "list the symbolized traces" cr -d "$W/s.db" traces list --format json
check "  a sampled stack is one address a line, innermost first" \
	jq_is '.[0] | [.format, .domain, .size, (.frames | map(.name))]' \
	'["plain","d3",64,["_xmalloc","memory.c#memory_exchange","do_memory_op","main"]]'
check "  x86 frames printed as bare addresses are named too" \
	jq_is '.[1].frames | map(.functions | length)' '[1,2,1]'
expect_exit 3 "--symbols with a file that is no ELF is bad input" \
	in_dir "$W" cr -d s.db traces import --symbols logs/x86.log logs/samples.log

# --- traces survive a re-ingest of the call graph --------------------------------------
traces_program_changed "$W"
check "the traces are still there" test "$(sql "SELECT count(*) FROM traces")" = 11
expect_success "list after the re-ingest" cr -d "$W/x.db" traces list --format json
check "  frames resolve against the new graph" \
	jq_is '[.[] | select(.log == "logs/x86.log" and .line == 5)][0].frames[1:3] | map(.functions[0])' \
	'["common/memory.c:populate_physmap","do_memory_op"]'

finish
