#!/bin/bash
# tests/fuzz/run.sh SECONDS HARNESS...: run each libFuzzer harness (built by
# "make fuzz") for SECONDS, then print its executions, coverage and crashes.
#
# Seeds are made afresh in a temporary directory: for fuzz_ci_parse the .ci
# files of tests/cases (compiled with gcc) and a sample of small files of
# the Xen corpora in ../shared/corpus; for fuzz_rules the files of rules/
# and tests/rules; for fuzz_traces the console logs of tests/traces and a
# log made from the symbols of the corpora's xen-syms; for fuzz_baseline a
# baseline and history of tests/example (built with build/callreach) and
# the tests' history lines; for fuzz_objects a few small objects of the
# corpora with their .ci files, and tests/objects compiled with DWARF 2, 4,
# 5, split DWARF and compressed sections; for fuzz_config the corpora's
# .config files and their first lines; for fuzz_facts the object facts
# images of tests/objects ingested by build/callreach, for fuzz_sites
# their call-site images.  What libFuzzer finds is kept in build-fuzz/corpus/NAME,
# crashing inputs in build-fuzz/crashes/NAME/, the log in build-fuzz/NAME.log.
# Line coverage comes from replaying the corpus through the build-fuzz/cov/
# build when llvm-profdata and llvm-cov are installed.  $FUZZ_ARGS adds
# libFuzzer options.  Exits non-zero when a harness crashed.
set -u

secs=$1
shift
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out=$repo/build-fuzz
tmp=$(mktemp -d "${TMPDIR:-/tmp}/callreach-fuzz.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# seeds_ci_parse DIR: .ci files of the test cases and of the corpora.
seeds_ci_parse() {
	local dir=$1 c f n=0
	for c in "$repo"/tests/cases/*/; do
		mkdir -p "$tmp/cases/$(basename "$c")"
		cp -r "$c". "$tmp/cases/$(basename "$c")/"
	done
	(
		cd "$tmp/cases" || exit 1
		find . -name '*.c' | while read -r src; do
			(cd "$(dirname "$src")" &&
				gcc -O1 -fno-inline -fcallgraph-info=su,da -c \
					"$(basename "$src")" -o /dev/null 2>/dev/null)
		done
	)
	find "$tmp/cases" "$repo/tests/cases" -name '*.ci' | while read -r f; do
		n=$((n + 1))
		cp "$f" "$dir/case-$n.ci"
	done
	corpus_unpacked
	# every 8th file of up to 16 KiB, in size order: small and varied
	find "$tmp/corpus" -name '*.ci' -size -16k -printf '%s %p\n' |
		sort -n | awk 'NR % 8 == 1 { print $2 }' | while read -r f; do
		n=$((n + 1))
		cp "$f" "$dir/xen-$n.ci"
	done
}

# seeds_rules DIR: the rule files of rules/, and those the tests write.
seeds_rules() {
	local dir=$1 n=0 f
	find "$repo/rules" -type f -name '*.rules' | while read -r f; do
		n=$((n + 1))
		cp "$f" "$dir/rules-$n"
	done
	# here-documents of the tests written to *.rules files
	for f in "$repo"/tests/t*.sh; do
		awk -v out="$dir/$(basename "$f" .sh)-" '
			/^cat >.*\.rules"? <<.EOF.$/ { n++; file = out n; next }
			/^EOF$/ { file = ""; next }
			file != "" { print > file }' "$f"
	done
}

# corpus_unpacked [PATTERN...]: the files of the corpora matching the
# patterns (all files without one) unpacked into $tmp/corpus.
corpus_unpacked() {
	local f
	mkdir -p "$tmp/corpus"
	for f in "$repo"/../shared/corpus/*.tar.xz; do
		[ -f "$f" ] && tar xJf "$f" -C "$tmp/corpus" --wildcards "$@" \
			2>/dev/null
	done
}

# seeds_traces DIR: the test logs, and traces of real Xen function names.
seeds_traces() {
	local dir=$1 f n=0
	cp "$repo"/tests/traces/*.log "$repo"/tests/traces/*.txt "$dir/"
	corpus_unpacked '*/xen-syms'
	for f in "$tmp"/corpus/*/xen-syms; do
		n=$((n + 1))
		nm --defined-only "$f" | awk '$2 ~ /[tT]/' | head -n 400 |
			awk -v n="$n" '
			NR % 40 == 1 { print "(XEN) Xen call trace:" }
			{ printf "(XEN)    [<%s>] %s %s+0x%x/0x%x\n", $1,
				substr("RFS", NR % 3 + 1, 1), $3, NR % 64, 256 }
			NR % 40 == 0 { print "(XEN) d" n " allocated " NR " bytes" }
			' >"$dir/xen-$n.log"
	done
}

# seeds_baseline DIR: a baseline and a history of tests/example, and the
# history lines of the tests.
seeds_baseline() {
	local dir=$1 cr=$repo/build/callreach f
	cp -r "$repo/tests/example" "$tmp/example"
	make -s -C "$tmp/example" CFLAGS="-O1 -fcallgraph-info=su,da" \
		>/dev/null 2>&1
	if [ -x "$cr" ] && "$cr" -d "$tmp/ex.db" ingest "$tmp/example" \
		>/dev/null 2>&1; then
		"$cr" -d "$tmp/ex.db" baseline save \
			--rules "$tmp/example/example.rules" "$dir/base.json" \
			>/dev/null 2>&1
	fi
	for f in "$repo"/tests/t*.sh; do
		grep -ho "'{\"date\":[^']*'" "$f" | tr -d "'"
	done >"$dir/history.jsonl"
}

# seeds_objects DIR: .ci file, NUL, object, for a few small objects of
# the corpora and tests/objects built with other DWARF options.
seeds_objects() {
	local dir=$1 f ci n=0 opt
	corpus_unpacked '*/lib/*' '*/common/*' '*/genapic/*'
	for f in $(cd "$tmp/corpus" && ls -d \
		*x86_64-defconfig-debug/lib/{ctors,sort,strtol}.o \
		*x86_64-defconfig-debug/common/notifier.o \
		*x86_64-defconfig-debug/arch/x86/genapic/probe.o \
		*arm64-defconfig-debug/lib/{ctors,list-sort}.o \
		*arm64-defconfig-debug/common/device.o 2>/dev/null); do
		f=$tmp/corpus/$f
		ci=$(dirname "$f")/.$(basename "$f").ci
		[ -f "$ci" ] || ci=${f%.o}.ci
		[ -f "$ci" ] || continue
		n=$((n + 1))
		{ cat "$ci"; printf '\0'; cat "$f"; } >"$dir/xen-$n"
	done
	mkdir -p "$tmp/objects"
	for opt in -gdwarf-2 -gdwarf-4 -gdwarf-5 -gsplit-dwarf -gz; do
		for f in "$repo"/tests/objects/*.c; do
			(cd "$tmp/objects" && gcc -O1 -fno-inline $opt \
				-fcallgraph-info=su,da -c "$f" -o u.o) \
				2>/dev/null || continue
			n=$((n + 1))
			{ cat "$tmp/objects/u.ci"; printf '\0'
				cat "$tmp/objects/u.o"; } >"$dir/obj-$n"
		done
	done
}

# seeds_facts DIR: the object facts images of ingests of tests/objects
# (with and without the debug information).
seeds_facts() {
	seeds_images "$1" obj_facts_image facts
}

# seeds_sites DIR: the call-site images of the same ingests.
seeds_sites() {
	seeds_images "$1" sites_image sites
}

# seeds_images DIR TABLE NAME: the image in TABLE of ingests of
# tests/objects built with and without DWARF, as DIR/NAME-N.
seeds_images() {
	local dir=$1 table=$2 name=$3 cr=$repo/build/callreach opt n=0
	[ -x "$cr" ] || return 0
	for opt in -g -g0; do
		n=$((n + 1))
		mkdir -p "$tmp/$name-$n"
		cp "$repo"/tests/objects/*.c "$repo"/tests/objects/*.h \
			"$tmp/$name-$n"/
		(cd "$tmp/$name-$n" && for f in *.c; do
			gcc -O1 -fno-inline $opt -fcallgraph-info=su,da -c "$f"
		done) 2>/dev/null
		"$cr" -d "$tmp/$name-$n.db" ingest "$tmp/$name-$n" \
			>/dev/null 2>&1 &&
			sqlite3 "$tmp/$name-$n.db" "SELECT writefile('$dir/$name-$n',
				data) FROM $table" >/dev/null
	done
}

# seeds_config DIR: the corpora's .config files, whole and their start.
seeds_config() {
	local dir=$1 f n=0
	corpus_unpacked '*/.config'
	for f in "$tmp"/corpus/*/.config; do
		n=$((n + 1))
		cp "$f" "$dir/config-$n"
		head -n 60 "$f" >"$dir/head-$n"
	done
}

# cov_files TOPIC: the sources whose line coverage is reported.
cov_files() {
	case $1 in
	ci_parse) echo "$repo/analyzer/ci_parse.c $repo/analyzer/symbols.c" ;;
	rules) echo "$repo/analyzer/rules.c" ;;
	traces) echo "$repo/analyzer/traces_parse.c $repo/analyzer/traces_minerva.c" \
		"$repo/analyzer/traces_elf.c $repo/analyzer/traces_store.c" \
		"$repo/analyzer/traces_match.c $repo/analyzer/traces.c" ;;
	baseline) echo "$repo/analyzer/review.c $repo/analyzer/report_trend.c" \
		"$repo/analyzer/gate_markdown.c $repo/analyzer/gate_junit.c" \
		"$repo/analyzer/gate_sarif.c" ;;
	objects) echo "$repo/analyzer/objects.c $repo/analyzer/objects_unit.c" \
		"$repo/analyzer/objects_elf.c" \
		"$repo/analyzer/objects_source.c $repo/analyzer/objects_store.c" \
		"$repo/analyzer/dwarf_fields.c $repo/analyzer/dwarf_callsites.c" \
		"$repo/analyzer/dwarf_dispatch.c $repo/analyzer/registry.c" \
		"$repo/analyzer/traces_elf.c" ;;
	config) echo "$repo/analyzer/kconfig.c $repo/analyzer/html.c" ;;
	facts) echo "$repo/analyzer/objects_facts.c" ;;
	sites) echo "$repo/analyzer/sites_image.c" ;;
	esac
}

status=0
for bin in "$@"; do
	name=$(basename "$bin")
	topic=${name#fuzz_}
	seeds=$tmp/seeds-$topic
	corpus=$out/corpus/$name
	crashes=$out/crashes/$name
	log=$out/$name.log
	dict=$repo/tests/fuzz/$topic.dict
	mkdir -p "$seeds" "$corpus" "$crashes"
	if declare -F "seeds_$topic" >/dev/null; then
		"seeds_$topic" "$seeds"
	fi
	echo "# $name: $(find "$seeds" -type f | wc -l) seeds," \
		"$(find "$corpus" -type f | wc -l) inputs kept, ${secs}s"
	args=(-max_total_time="$secs" -print_final_stats=1 -close_fd_mask=3
		-artifact_prefix="$crashes/")
	[ -f "$dict" ] && args+=(-dict="$dict")
	# shellcheck disable=SC2086
	"$bin" "${args[@]}" ${FUZZ_ARGS:-} "$corpus" "$seeds" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
	cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	echo "$name: ${execs:-?} executions in ${secs}s," \
		"cov: ${cov:-?} edges, ft: ${ft:-?} features," \
		"corpus: $(find "$corpus" -type f | wc -l) inputs"
	found=$(find "$crashes" -type f | wc -l)
	if [ "$rc" -ne 0 ] || [ "$found" -ne 0 ]; then
		echo "$name: CRASHED (exit $rc); inputs in $crashes/:"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" |
			head -n 5 | sed 's/^/#   /'
		find "$crashes" -type f | sed 's/^/#   /'
		status=1
	fi
	covbin=$out/cov/$name
	if [ -x "$covbin" ] && command -v llvm-profdata >/dev/null &&
		command -v llvm-cov >/dev/null; then
		LLVM_PROFILE_FILE=$tmp/$name.profraw "$covbin" -runs=0 \
			-close_fd_mask=3 "$corpus" >/dev/null 2>&1
		if llvm-profdata merge -o "$tmp/$name.profdata" \
			"$tmp/$name.profraw" 2>/dev/null; then
			echo "# line coverage of the corpus of $name:"
			# shellcheck disable=SC2046
			llvm-cov report "$covbin" \
				-instr-profile="$tmp/$name.profdata" \
				$(cov_files "$topic") 2>/dev/null | sed 's/^/#   /'
		fi
	fi
done
exit $status
