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

# The heap allocators of Xen (rules/xen will take over this list).
allocators="alloc_domheap_pages alloc_xenheap_pages _xmalloc _xzalloc _xrealloc"
dispatchers="pv_hypercall hvm_hypercall"

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
fi

echo
echo "== $what"
"$CALLREACH" -d "$db" stats
echo
echo "== Can do_memory_op reach _xmalloc?"
"$CALLREACH" -d "$db" reach do_memory_op _xmalloc || true
echo
echo "== Hypercall handlers (direct callees of $dispatchers) reaching heap allocators"
present=""
for a in $allocators; do
	"$CALLREACH" -d "$db" show --format json "$a" >/dev/null 2>&1 && present="$present $a"
done
handlers=$(for d in $dispatchers; do
	"$CALLREACH" -d "$db" show --format json "$d" 2>/dev/null |
		jq -r '.[].callees[].name'
done | sort -u)
printf '%-32s %s\n' "handler" "allocators reached (calls on the shortest path)"
reaching=0
total=0
for h in $handlers; do
	total=$((total + 1))
	line=""
	for a in $present; do
		n=$("$CALLREACH" -d "$db" reach --format json "$h" "$a" 2>/dev/null |
			jq -r 'if .reachable then (.hops | length) else empty end') || true
		[ -n "$n" ] && line="$line $a($n)"
	done
	if [ -n "$line" ]; then
		reaching=$((reaching + 1))
		printf '%-32s%s\n' "$h" "$line"
	fi
done
echo
echo "$reaching of $total hypercall handlers reach a heap allocator."
