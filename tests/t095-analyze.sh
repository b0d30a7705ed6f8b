#!/bin/bash
# t095-analyze.sh: the main job (make analyze, ci-scripts/analyze.sh) on the
# Xen 4.21.1 x86_64 and arm64 defconfig builds of ../shared/corpus: it
# answers for both architectures, and its counts are those of "sites".
. "$(dirname "$0")/lib.sh"

corpus=$REPO_DIR/../shared/corpus
if [ ! -f "$corpus/xen-4.21.1-arm64-defconfig-debug.tar.xz" ]; then
	fail "corpus present: $corpus/xen-4.21.1-*-debug.tar.xz not found (CI must provide ../shared/corpus)"
	finish
fi
out=$TMP/analyze
expect_success "ci-scripts/analyze.sh" \
	env ANALYZE_OUT="$out" CALLREACH="$CALLREACH" \
	timeout 600 "$REPO_DIR/ci-scripts/analyze.sh"
cp "$OUT" "$TMP/analyze.txt"
for arch in x86_64 arm64; do
	check "$arch: a section for the build" \
		grep -q "^== Xen 4.21.1 $arch defconfig, with objects and DWARF" "$TMP/analyze.txt"
	# the same counts, computed from sites' JSON here
	cr -d "$out/$arch.db" sites --rules "$REPO_DIR/rules/xen/runtime.rules" \
		--format json >"$TMP/$arch-sites.json" 2>/dev/null
	n=$(jq '.sites | length' "$TMP/$arch-sites.json")
	r=$(jq '[.sites[] | select(.entries | length > 0)] | length' "$TMP/$arch-sites.json")
	check "$arch: the sites and the reached sites ($n, $r) are those of 'sites'" \
		grep -q "^$n call sites into the allocators, $r reached from an entry point$" "$TMP/analyze.txt"
	check "$arch: some sites are reached" test "$r" -gt 0
done
check "both: do_memory_op reaches the xmalloc family" \
	test "$(grep -c '^reachable: do_memory_op -> _xmalloc' "$TMP/analyze.txt")" = 2
check "arm64: p2m_alloc_page's page is anonymous, 4096 bytes" \
	grep -qE '^ +[0-9]+ paths  4096 bytes +arch/arm/mmu/p2m.c:p2m_alloc_page > alloc_domheap_pages' "$TMP/analyze.txt"
check "x86_64: the hypercall handlers reaching an allocator are counted" \
	grep -qE '^[0-9]+ of [0-9]+ entry points reach a heap allocator:$' "$TMP/analyze.txt"
check "no rule of the other architecture is warned about" \
	eval '! grep -q "names no function" "$ERR"'
finish
