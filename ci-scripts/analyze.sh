#!/bin/bash
# The main job: ingest real .ci files and report which hypercall handlers
# reach which heap allocator.
#
#   ci-scripts/analyze.sh [XEN-SOURCE-TREE]
#
# With a Xen source tree, build it with -fcallgraph-info=su,da first
# (ci-scripts/build-callgraph.sh). Without one, analyze the Xen 4.21.1
# corpus in ../shared/corpus when it is there, else the small example
# program of the tests. The database is left in build/analyze/.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
: "${CALLREACH:=$top/build/callreach}"
out=$top/build/analyze
mkdir -p "$out"
db=$out/callreach.db
rm -f "$db" "$db-wal" "$db-shm"

# Xen knowledge (allocators, hypercall handlers, filters, verdicts) lives
# in the rules; the example program has rules of the same shape.
rules=$top/rules/xen/xen.rules

if [ $# -gt 0 ] && [ -n "$1" ]; then
	"$top/ci-scripts/build-callgraph.sh" "$1" "$db"
	what="Xen tree $1"
elif [ -f "$top/../shared/corpus/xen-4.21.1-x86_64-defconfig.tar.xz" ]; then
	rm -rf "$out/tree"
	mkdir -p "$out/tree"
	tar xJf "$top/../shared/corpus/xen-4.21.1-x86_64-defconfig.tar.xz" -C "$out/tree"
	"$CALLREACH" -d "$db" ingest --label xen-4.21.1-x86_64-defconfig \
		"$out/tree"/xen-4.21.1-x86_64-defconfig
	what="Xen 4.21.1 x86_64 defconfig (../shared/corpus)"
else
	rm -rf "$out/example"
	mkdir -p "$out/example"
	cp "$top"/tests/example/*.c "$top"/tests/example/*.h "$out/example"
	(cd "$out/example" && for f in *.c; do
		gcc -O1 -fno-inline -fcallgraph-info=su,da -c "$f"
	done)
	"$CALLREACH" -d "$db" ingest --label example "$out/example"
	what="the example program of the tests (no Xen corpus found)"
	rules=$top/tests/example/example.rules
fi

echo
echo "== $what"
"$CALLREACH" -d "$db" stats
echo
echo "== Can do_memory_op reach _xmalloc?"
"$CALLREACH" -d "$db" reach do_memory_op _xmalloc || true
echo
echo "== Hypercall handlers reaching heap allocators ($(basename "$rules"))"
echo "   (paths/shortest length in calls; '-' unreachable; '>=' a lower bound)"
"$CALLREACH" -d "$db" matrix --rules "$rules" 2>/dev/null
"$CALLREACH" -d "$db" matrix --rules "$rules" --format json 2>/dev/null | jq -r '
	[.pairs[] | select(.reachable)] as $r
	| ($r | map(.entry) | unique) as $e
	| "\($e | length) of \(.entries | length) entry points reach a heap allocator:",
	  ($r | group_by(.target)[]
	   | "  \(.[0].target): \(length) entry points")'
