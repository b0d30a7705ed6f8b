#!/bin/bash
# t240-limits: path explosion.  On the Xen allyesconfig corpus (a strongly
# connected component of 467 functions: naive path enumeration never ends)
# no query runs unbounded in time or memory: each heavy query finishes
# within the time limit of the tests (60 s) and 2 GB, and when a bound
# of the README ("Reliability": --limit, --budget) is hit, the answer
# says so: "truncated": true, "count_exact": false, "at least", "not
# exact", "--limit reached".

# shellcheck disable=SC1091,SC2016
. "$(dirname "$0")/lib.sh"

require_callreach

unpack_corpus x86_64-allyesconfig || finish
db=$TMP/t.db
expect_success "ingest allyesconfig" \
	cr -d "$db" ingest "$TMP/xen-4.21.1-x86_64-allyesconfig"

max_kb=2000000
have_time=0
[ -x /usr/bin/time ] && have_time=1

# bounded DESC ARGS...: callreach -d DB ARGS exits 0 or 1 within the time
# limit and, where /usr/bin/time can tell, within $max_kb KB.
bounded() {
	local desc=$1 rc kb
	shift
	if [ "$have_time" -eq 1 ]; then
		/usr/bin/time -o "$TMP/.time" -f %M \
			timeout "$CALLREACH_TIMEOUT" "$CALLREACH" -d "$db" "$@" \
			>"$OUT" 2>"$ERR" </dev/null
		rc=$?
		kb=$(tail -n 1 "$TMP/.time")
	else
		cr -d "$db" "$@" >"$OUT" 2>"$ERR" </dev/null
		rc=$?
		kb=0
	fi
	if [ "$rc" -gt 1 ]; then
		fail "$desc: finishes (exit $rc)"
		echo "#  command: callreach $*"
		diag_last
		return 1
	fi
	case $kb in *[!0-9]* | '') kb=0 ;; esac
	if [ "$kb" -gt "$max_kb" ]; then
		fail "$desc: within $max_kb KB (used $kb KB)"
		return 1
	fi
	ok "$desc: finishes within the limits (exit $rc${kb:+, $kb KB})"
}

# --- counting through the big cycle ---
bounded "paths --count --to panic" paths --count --format json --to panic &&
	check "... count_exact is false or true, and the count positive" \
		jq_is '[(.count_exact | type), .count > 0]' '["boolean",true]'
exact=$(jq_out .count_exact)
bounded "paths --count --to panic (text)" paths --count --to panic &&
	if [ "$exact" = false ]; then
		check "... says the count is a lower bound" \
			grep_out '^at least [0-9]+ paths .*not exact'
	else
		check "... gives the exact count" grep_out '^[0-9]+ paths?$'
	fi
bounded "paths --count --from pv_hypercall --to xfree" \
	paths --count --format json --from pv_hypercall --to xfree &&
	check "... count_exact is a boolean" jq_is '.count_exact | type' '"boolean"'
bounded "paths --count --max-depth 6 --to panic" \
	paths --count --format json --max-depth 6 --to panic &&
	check "... exact within the depth" jq_is '[.count_exact, .count > 0]' '[true,true]'

# --- the search budget ---
bounded "paths --count --budget 1000" \
	paths --count --format json --budget 1000 --from do_memory_op --to panic &&
	check "... count_exact is false" jq_is .count_exact false
expect_success "reach do_memory_op panic" cr -d "$db" reach do_memory_op panic
expect_success "paths --count --budget 1000: exit 0, as paths exist (reach)" \
	cr -d "$db" paths --count --budget 1000 --from do_memory_op --to panic &&
	check "... and says the count is not exact" grep_out 'not exact'
bounded "paths --budget 1000 (listing)" \
	paths --format json --budget 1000 --from do_memory_op --to panic &&
	check "... truncated, not exact" jq_is '[.truncated, .count_exact]' '[true,false]'

# --- the listing limit ---
bounded "paths --to panic --limit 5" \
	paths --format json --to panic --limit 5 &&
	check "... at most 5 paths, truncated" \
		jq_is '[(.paths | length) <= 5, .truncated]' '[true,true]'
bounded "paths --to xfree (default limit)" paths --format json --to xfree &&
	check "... 1000 paths, truncated" \
		jq_is '[(.paths | length), .truncated]' '[1000,true]'
bounded "paths --to xfree --limit 7 (text)" paths --to xfree --limit 7 &&
	check "... 7 paths and '--limit reached'" \
		eval 'test "$(grep -c " > " "$OUT")" -eq 7 && grep_out "^7 of .* shown \\(--limit reached\\)"'
bounded "paths --to panic --limit 0" paths --format json --to panic --limit 0 &&
	check "... no path, truncated" jq_is '[(.paths | length), .truncated]' '[0,true]'
# a complete listing agrees with the exact count
bounded "paths --max-depth 3 --from pv_hypercall --to xfree --limit 100000" \
	paths --format json --max-depth 3 --from pv_hypercall --to xfree --limit 100000 &&
	check "... complete: as many paths as the exact count" \
		jq_is '[.truncated, .count_exact, (.paths | length) == .count]' '[false,true,true]'

# --- the other queries are polynomial ---
bounded "callers --depth 0 panic" callers --format json --depth 0 panic &&
	check "... a JSON tree" jq_is '.name' '"panic"'
bounded "callees --depth 0 pv_hypercall" callees --format json --depth 0 pv_hypercall &&
	check "... a JSON tree" jq_is '.name' '"pv_hypercall"'
bounded "export --to panic --format json" export --format json --to panic &&
	check "... nodes and edges" jq_is '[(.nodes | length) > 400, (.edges | length) > 400]' '[true,true]'
bounded "export --from pv_hypercall --format dot" export --format dot --from pv_hypercall
bounded "reach pv_hypercall panic" reach pv_hypercall panic
bounded "show panic" show panic
bounded "stats" stats

finish
