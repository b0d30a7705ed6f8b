#!/bin/bash
# t660-alloc-corpus: the argument values of call sites and the allocation
# classes on the real Xen 4.21.1 builds with objects and DWARF, x86_64 and
# arm64 defconfig (../shared/corpus/*-debug.tar.xz).
#
# The constant values are checked against an independent reading of the
# DWARF (llvm-dwarfdump and tests/dwarf-call-values.awk); the classes
# against facts of the Xen source: alloc_xenheap_pages calls
# alloc_domheap_pages(NULL, order, memflags) (anonymous), arm64's
# p2m_alloc_page calls alloc_domheap_page(d, MEMF_no_owner) (anonymous),
# do_memory_op passes a domain computed at run time (unknown).

# shellcheck disable=SC1091,SC2016
. "$(dirname "$0")/lib.sh"

require_callreach

rules=$REPO_DIR/rules/xen/xen.rules

# consts: keep the constant values of an args column ("1=const:0 2=other")
consts() {
	while read -r l; do
		tr ' ' '\n' <<<"$l" | grep const | paste -sd ' '
	done | grep . | sort
}

# cross_check DB ABI TREE OBJECT CI CALLEE: the constants callreach stored
# for the calls of OBJECT to CALLEE are those the DWARF holds.
cross_check() {
	local db=$1 abi=$2 tree=$3 obj=$4 ci=$5 callee=$6
	llvm-dwarfdump --debug-info "$tree/$obj" |
		awk -v ABI="$abi" -v CALLEE="$callee" \
			-f "$TESTS_DIR/dwarf-call-values.awk" | sort >"$TMP/want"
	sqlite3 "$db" "SELECT s.args FROM obj_call_sites s JOIN units u
		ON u.id = s.unit_id WHERE s.callee = '$callee'
		AND u.path = '$ci'" | consts >"$TMP/got"
	check "$obj: the constants of its calls to $callee are the DWARF's" \
		compare "$TMP/want" "$TMP/got" &&
		check "... and there are some" test -s "$TMP/want"
}

for arch in x86_64 arm64; do
	tree=$TMP/xen-4.21.1-$arch-defconfig-debug
	unpack_corpus "$arch-defconfig-debug" || continue
	db=$TMP/$arch.db
	expect_success "$arch: ingest with objects" cr -d "$db" ingest "$tree"
	expect_success "$arch: stats" cr -d "$db" stats --format json &&
		check "$arch: argument values read, on a known convention" \
			jq_is '.argument_values | [.sites > 1000, .with_values == .sites, .unknown_abi, .missing]' \
			'[true,true,0,null]'
	want_abi=x86_64-sysv
	[ $arch = arm64 ] && want_abi=aarch64-aapcs64
	check "$arch: every site is on the $want_abi convention" \
		test "$(sqlite3 "$db" "SELECT DISTINCT abi FROM obj_call_sites")" = "$want_abi"

	if [ $arch = x86_64 ]; then
		dwabi=x86_64
		cross_check "$db" $dwabi "$tree" common/page_alloc.o \
			common/.page_alloc.o.ci alloc_domheap_pages
		cross_check "$db" $dwabi "$tree" arch/x86/mm.o \
			arch/x86/.mm.o.ci alloc_domheap_pages
		cross_check "$db" $dwabi "$tree" arch/x86/pv/dom0_build.o \
			arch/x86/pv/.dom0_build.o.ci alloc_domheap_pages
		cross_check "$db" $dwabi "$tree" common/domctl.o \
			common/.domctl.o.ci _xmalloc
	else
		dwabi=aarch64
		cross_check "$db" $dwabi "$tree" arch/arm/mmu/p2m.o \
			arch/arm/mmu/p2m.ci alloc_domheap_pages
		cross_check "$db" $dwabi "$tree" common/page_alloc.o \
			common/page_alloc.ci alloc_domheap_pages
	fi

	expect_success "$arch: sites" cr -d "$db" sites --rules "$rules" --format json &&
		check "$arch: every site has a class, the counts add up" \
			jq_is '(.sites | length) == ([.by_class[]] | add)' 'true' &&
		check "$arch: alloc_xenheap_pages passes a NULL domain: anonymous" \
			jq_is '[.sites[] | select(.caller == "alloc_xenheap_pages" and
				.callee == "alloc_domheap_pages") | .class] | unique' \
			'["anonymous"]' &&
		check "$arch: do_memory_op's domain is computed at run time: unknown" \
			jq_is '[.sites[] | select(.caller == "do_memory_op" and
				.callee == "alloc_domheap_pages") | .class] | unique' \
			'["unknown"]' &&
		check "$arch: every _xmalloc site is anonymous" \
			jq_is '[.sites[] | select(.callee == "_xmalloc") | .class] | unique' \
			'["anonymous"]' &&
		check "$arch: some sizes are constant" \
			jq_is '[.sites[] | select(.size != null)] | length > 10' 'true' &&
		check "$arch: no information is missing" jq_is '.class_missing' 'null'
	if [ $arch = arm64 ]; then
		check "arm64: p2m_alloc_page passes MEMF_no_owner: anonymous" \
			jq_is '[.sites[] | select(.caller == "arch/arm/mmu/p2m.c:p2m_alloc_page") |
				[.class, .reason]]' \
			'[["anonymous","anonymous alloc_domheap_pages when arg 3 & 0x20"]]'
	fi
	# the Xen rules name the entry points of both architectures
	expect_success "$arch: check json" \
		cr -d "$db" check --rules "$rules" --format json &&
		check "$arch: some paths are listed" \
			jq_is '.paths | length > 100' 'true' &&
		check "$arch: every listed path has a class" \
			jq_is '[.paths[] | .class] | map(select(. == null)) | length' '0' &&
		check "$arch: the classes add up" \
			jq_is '([.by_class[]] | add) == (.paths | length)' 'true' &&
		check "$arch: anonymous paths are listed with a site" \
			jq_is '[.paths[] | select(.class == "anonymous" and .class_site == null)] | length' '0'
	if [ $arch = x86_64 ]; then
		expect_success "x86_64: paths --class unknown --count" \
			cr -d "$db" paths --rules "$rules" --class unknown --count &&
			check "... a bound, since it looked at 1000 paths" \
				grep_out '^at least [0-9]+ paths? of those classes \(the first 1000 paths looked at: raise --limit\)$'
		# its counts use two threads, which shape the heap that each
		# Graphviz child inherits: the pages must not depend on it
		for run in 1 2; do
			SOURCE_DATE_EPOCH=1700000000 expect_success \
				"x86_64: report ($run)" cr -d "$db" report \
				--rules "$rules" --out "$TMP/report$run"
		done
		check "x86_64: the report is the same twice, byte for byte" \
			diff -rq "$TMP/report1" "$TMP/report2" &&
			check "... with graphs of clusters" \
				test "$(grep -l 'class="cluster"' "$TMP/report1"/*.svg |
					wc -l)" -ge 4
	fi
done

finish
