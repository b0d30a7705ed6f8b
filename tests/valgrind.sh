#!/bin/bash
# tests/valgrind.sh BINARY SCRIPT...: run test scripts with every callreach
# run under valgrind memcheck ("make valgrind").  A run with a memory error
# or a leak (definite, indirect or possible) exits 99, which fails the
# check it belongs to, and leaves its report in a log; this prints every
# such report and exits non-zero if there is one.
set -u

bin=$1
shift
tests_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/callreach-valgrind.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
mkdir -m 777 "$tmp/logs"

cat >"$tmp/callreach" <<WRAP
#!/bin/sh
exec valgrind -q --tool=memcheck --leak-check=full \\
	--suppressions="$tests_dir/valgrind.supp" \\
	--errors-for-leak-kinds=definite,indirect,possible \\
	--show-leak-kinds=definite,indirect,possible \\
	--error-exitcode=99 --log-file="$tmp/logs/vg.%p.log" \\
	"$bin" "\$@"
WRAP
chmod 755 "$tmp/callreach"

CALLREACH=$tmp/callreach CALLREACH_TIMEOUT=${CALLREACH_TIMEOUT:-900} \
	"$tests_dir/run.sh" "$@"
status=$?

runs=$(find "$tmp/logs" -name 'vg.*.log' | wc -l)
bad=0
for log in "$tmp"/logs/vg.*.log; do
	[ -s "$log" ] || continue
	bad=$((bad + 1))
	echo "# valgrind report $(basename "$log"):"
	head -n 60 "$log" | sed 's/^/#   /'
done
echo "# valgrind: $runs callreach runs, $bad with errors or leaks"
[ "$bad" -eq 0 ] && [ "$status" -eq 0 ]
