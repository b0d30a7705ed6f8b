#!/bin/bash
# The main job: which run-time paths make Xen allocate memory that no domain
# is accountable for, and how much?  Ingest real builds (call graphs, object
# files and DWARF) and print, per architecture, the anonymous allocation
# sites that hypercalls, traps, softirqs, timers and tasklets reach, with
# their sizes, and which hypercall handlers reach which heap allocator.
#
#   ci-scripts/analyze.sh [XEN-SOURCE-TREE]
#
# With a Xen source tree, build it with -fcallgraph-info=su,da first
# (ci-scripts/build-callgraph.sh). Without one, analyze the Xen 4.21.1
# x86_64 and arm64 defconfig builds in ../shared/corpus when they are
# there, else the small example program of the tests. The databases are
# left in build/analyze/ (or $ANALYZE_OUT).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
: "${CALLREACH:=$top/build/callreach}"
out=${ANALYZE_OUT:-$top/build/analyze}
corpus=$top/../shared/corpus
mkdir -p "$out"

# Xen knowledge (allocators, when they are anonymous, entry points,
# filters, verdicts) lives in the rules; the example program has rules of
# the same shape.
rules=$top/rules/xen/xen.rules
runtime=$top/rules/xen/runtime.rules

fresh_db() {
	rm -f "$1" "$1-wal" "$1-shm"
}

# summary DB WHAT: the answer for one build.
summary() {
	local db=$1 what=$2

	echo
	echo "== $what"
	"$CALLREACH" -d "$db" stats | grep -E '^(build|units|functions|call edges|objects read|init-only|indirect sites solved|argument values)'
	echo
	echo "== Can do_memory_op reach xmalloc (the _xmalloc family)?"
	"$CALLREACH" -d "$db" reach --rules "$rules" do_memory_op xmalloc || true
	echo
	echo "== Anonymous run-time allocation sites ($(basename "$runtime"): hypercalls, traps, softirqs, timers, tasklets; boot-only code left out)"
	"$CALLREACH" -d "$db" sites --rules "$runtime" --format json 2>/dev/null | jq -r '
		.sites as $s
		| [$s[] | select(.entries | length > 0)] as $r
		| "\($s | length) call sites into the allocators, \($r | length) reached from an entry point",
		  "reached, by class: " + ([$r | group_by(.class)[] | "\(.[0].class) \(length)"] | join(", ")),
		  "reached anonymous sites with a size known at compile time: \([$r[] | select(.class == "anonymous" and .size != null)] | length) of \([$r[] | select(.class == "anonymous")] | length)",
		  "",
		  "the 15 reached anonymous sites with the most paths:",
		  ([$r[] | select(.class == "anonymous")]
		   | sort_by(-.paths.anonymous)[:15][]
		   | "  \(.paths.anonymous | tostring | (" " * (6 - length)) + .) paths  \(if .size == null then "size unknown" else "\(.size) bytes" end | . + (" " * (14 - length)))  \(.caller) > \(.callee)\(if .file then " at \(.file):\(.line):\(.col)" else "" end)  (\(.entries | length) entry points, \(.verdict))")'
	echo
	echo "== Hypercall handlers reaching heap allocators ($(basename "$rules"))"
	"$CALLREACH" -d "$db" matrix --rules "$rules" --format json 2>/dev/null | jq -r '
		[.pairs[] | select(.reachable)] as $r
		| ($r | map(.entry) | unique) as $e
		| ([.pairs[].entry] | unique) as $all
		| "\($e | length) of \($all | length) entry points reach a heap allocator:",
		  ($r | group_by(.target)[]
		   | "  \(.[0].target): \(length) entry points")'
}

if [ $# -gt 0 ] && [ -n "$1" ]; then
	db=$out/callreach.db
	fresh_db "$db"
	"$top/ci-scripts/build-callgraph.sh" "$1" "$db"
	summary "$db" "Xen tree $1"
elif [ -f "$corpus/xen-4.21.1-x86_64-defconfig-debug.tar.xz" ]; then
	for arch in x86_64 arm64; do
		name=xen-4.21.1-$arch-defconfig-debug
		db=$out/$arch.db
		fresh_db "$db"
		rm -rf "${out:?}/$name"
		tar xJf "$corpus/$name.tar.xz" -C "$out"
		"$CALLREACH" -d "$db" ingest --label "xen-4.21.1-$arch-defconfig" \
			"$out/$name"
		summary "$db" "Xen 4.21.1 $arch defconfig, with objects and DWARF (../shared/corpus)"
	done
else
	db=$out/callreach.db
	fresh_db "$db"
	rm -rf "$out/example"
	mkdir -p "$out/example"
	cp "$top"/tests/example/*.c "$top"/tests/example/*.h "$out/example"
	(cd "$out/example" && for f in *.c; do
		gcc -O1 -fno-inline -fcallgraph-info=su,da -c "$f"
	done)
	"$CALLREACH" -d "$db" ingest --label example "$out/example"
	rules=$top/tests/example/example.rules
	runtime=$rules
	summary "$db" "the example program of the tests (no Xen corpus found)"
fi
