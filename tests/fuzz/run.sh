#!/bin/bash
# tests/fuzz/run.sh SECONDS HARNESS...: run each libFuzzer harness (built by
# "make fuzz") for SECONDS, then print its executions, coverage and crashes.
#
# Seeds are made afresh in a temporary directory: for fuzz_ci_parse the .ci
# files of tests/cases (compiled with gcc) and a sample of small files of
# the Xen corpora in ../shared/corpus; for fuzz_rules the files of rules/
# and tests/rules.  What libFuzzer finds is kept in build-fuzz/corpus/NAME,
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
	mkdir -p "$tmp/corpus"
	for f in "$repo"/../shared/corpus/*.tar.xz; do
		[ -f "$f" ] && tar xJf "$f" -C "$tmp/corpus"
	done
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

# cov_files TOPIC: the sources whose line coverage is reported.
cov_files() {
	case $1 in
	ci_parse) echo "$repo/analyzer/ci_parse.c $repo/analyzer/symbols.c" ;;
	rules) echo "$repo/analyzer/rules.c" ;;
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
