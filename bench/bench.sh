#!/bin/bash
# bench/bench.sh: the benchmark of "make bench" on the real allyesconfig
# corpus.  Times every operation (median of $RUNS runs, whole processes, the
# page cache warm) with its peak memory, and prints each as a ratio to three
# baselines measured in the same run, so that the table holds on a noisy
# machine:
#
#   cat      cat of all the .ci files: the floor of reading the input
#   sqlite3  the sqlite3 shell answering "ancestors of alloc_domheap_pages"
#            with a recursive query over the call_sites table, as a user
#            would write it by hand
#   python   bench/baseline.py: parse the .ci files with regular
#            expressions and walk the graph, as the Python tools do
#
# An operation whose command this callreach lacks is shown as n/a.
#
# With PEER=path/to/callgraph (Miliox/callgraph, a C++ tool that stores
# nothing: it parses every .ci file and prints the DOT of the ancestors of a
# function each time), the peer is timed in the same run and cold ingest +
# export is compared with it. The bench fetches nothing: without PEER it
# says how to build the peer in a temporary folder.
#
#   CORPUS   the tarball (default ../shared/corpus/xen-4.21.1-x86_64-allyesconfig.tar.xz)
#   DEBUG_CORPUS  a build with objects and DWARF, for the call-site values
#            (default ../shared/corpus/xen-4.21.1-x86_64-defconfig-debug.tar.xz;
#            "none" to skip); its ingest is compared with cat of its .ci and
#            .o files and with the DWARF floor: bench/dwarf-floor reading
#            with libdw alone, on two threads, the DWARF of the objects the
#            ingest read (relocated, each unit's line table, the DIEs down
#            to the call sites), with nothing looked at or kept
#   PEER     the peer's binary (optional)
#   RUNS     timed runs per operation (default 7)
#   BUILD    the build directory (default build)

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
# shellcheck source=bench/lib.sh
. "$here/lib.sh"

: "${BUILD:=build}"
case $BUILD in /*) ;; *) BUILD=$repo/$BUILD ;; esac
CR=$BUILD/callreach
RUNNER=$BUILD/bench/runner
DWARF_FLOOR=$BUILD/bench/dwarf-floor
: "${CORPUS:=$repo/../shared/corpus/xen-4.21.1-x86_64-allyesconfig.tar.xz}"
export LC_ALL=C
unset CALLREACH_DB

[ -x "$CR" ] || die "no $CR: run 'make bench'"
[ -x "$RUNNER" ] || die "no $RUNNER: run 'make bench'"
[ -x "$DWARF_FLOOR" ] || die "no $DWARF_FLOOR: run 'make bench'"
[ -f "$CORPUS" ] || die "no corpus '$CORPUS' (set CORPUS=...)"
command -v sqlite3 >/dev/null || die "sqlite3 (the shell) is missing"
command -v python3 >/dev/null || die "python3 is missing"
if [ -n "${PEER:-}" ]; then
	case $PEER in */*) ;; *) PEER=$(command -v "$PEER") ;; esac
	[ -x "$PEER" ] || die "PEER='$PEER' is not an executable"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/callreach-bench.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
tar -xJf "$CORPUS" -C "$tmp" || die "cannot unpack '$CORPUS'"
tree=$(find "$tmp" -mindepth 1 -maxdepth 1 -type d | head -n 1)
db=$tmp/bench.db
find "$tree" -name '*.ci' -print0 | sort -z >"$tmp/files"
nfiles=$(tr -cd '\0' <"$tmp/files" | wc -c)
bytes=$(xargs -0 -a "$tmp/files" cat | wc -c)

echo "# callreach bench: $(basename "$CORPUS"), $nfiles .ci files, $((bytes / 1024)) KiB"
echo "# $(nproc) CPUs, $(uname -sr), sqlite3 $(sqlite3 --version | cut -d' ' -f1), $(python3 --version 2>&1)"
echo "# median of $RUNS runs each (after one warm-up), whole processes, page cache warm"
echo

# The baselines.
CAT=(xargs -0 -a "$tmp/files" cat)
measure cat -- "${CAT[@]}"
"$CR" -d "$db" ingest "$tree" >/dev/null || die "ingest failed"
ancestors="WITH RECURSIVE anc(id) AS (
  SELECT id FROM functions WHERE name = 'alloc_domheap_pages'
  UNION
  SELECT s.caller_id FROM call_sites s JOIN anc ON s.callee_id = anc.id
  WHERE NOT s.internal)
SELECT count(*) FROM anc;"
measure sqlite -- sqlite3 "$db" "$ancestors"
measure python -- python3 "$here/baseline.py" "$tree" reach do_memory_op _xmalloc
if [ -n "${PEER:-}" ]; then
	# every .ci file parsed, the DOT of the ancestors printed (with the
	# file-local functions, as callreach keeps them); its counts to stderr
	measure peer -- sh -c 'exec xargs -0 -a "$1" "$2" --leaf=alloc_domheap_pages -l 2>/dev/null' \
		sh "$tmp/files" "$PEER"
fi

# The operations: NAME|LABEL|TARGET (seconds, or xcat:N for N times cat).
# An xcat target is judged on paired runs: each run of the operation right
# after a run of cat, the median of the per-pair ratios (a machine whose
# speed drifts during the bench slows both sides of a pair alike).
ops=()
rm -f "$db" "$db-wal" "$db-shm"
PAIR=("${CAT[@]}")
measure_paired cold -p "rm -f '$db' '$db-wal' '$db-shm'" -- "$CR" -d "$db" ingest "$tree"
# The floor of storing what a cold ingest stores: the sqlite3 shell
# writing the rows of that ingest into an empty database of the same
# schema, page size and journal, the indexes built after the rows, in one
# transaction. Each cold ingest right after one such copy gives the ratio.
cp "$db" "$tmp/floor-src.db"
floor_sql "$tmp/floor-src.db" >"$tmp/floor.sql"
PAIR=(sqlite3 "$tmp/floor.db" ".read $tmp/floor.sql")
rmfloor="rm -f '$tmp/floor.db' '$tmp/floor.db-journal'"
measure floor -p "$rmfloor" -- "${PAIR[@]}"
measure_paired coldfloor -p "rm -f '$db' '$db-wal' '$db-shm'; $rmfloor" -- \
	"$CR" -d "$db" ingest "$tree"
PAIR=("${CAT[@]}")
ops+=("cold|cold ingest ($(ratio "$R_coldfloor" 1)× the storage floor, paired)|xcat:6")
measure_paired warm -- "$CR" -d "$db" ingest "$tree"
ops+=("warm|re-ingest, unchanged tree|xcat:2")
# one unit changed: flip one node's stack size between two versions
unit=$(find "$tree" -name '.memory.o.ci' | head -n 1)
[ -n "$unit" ] || unit=$(head -z -n 1 "$tmp/files" | tr -d '\0')
cp "$unit" "$tmp/unit.a"
sed -E '0,/[0-9]+ bytes/s//123456 bytes/' "$tmp/unit.a" >"$tmp/unit.b"
cmp -s "$tmp/unit.a" "$tmp/unit.b" && die "cannot make a changed unit"
measure one -p "if cmp -s '$unit' '$tmp/unit.a'; then cp '$tmp/unit.b' '$unit'; else cp '$tmp/unit.a' '$unit'; fi" \
	-- "$CR" -d "$db" ingest "$tree"
ops+=("one|re-ingest, one unit changed|-")
measure reach -- "$CR" -d "$db" reach do_memory_op _xmalloc
ops+=("reach|reach do_memory_op _xmalloc|0.010")
measure export -- "$CR" -d "$db" export --to alloc_domheap_pages
ops+=("export|export --to alloc_domheap_pages (DOT)|0.010")
measure count -- "$CR" -d "$db" paths --count --to alloc_domheap_pages
ops+=("count|paths --count --to alloc_domheap_pages|0.100")
measure list -- "$CR" -d "$db" paths --limit 100000 --to alloc_domheap_pages
ops+=("list|paths --limit 100000 --to alloc_domheap_pages|-")
if "$CR" gate --help >/dev/null 2>&1; then
	printf 'target alloc_domheap_pages\nentry do_memory_op\n' >"$tmp/bench.rules"
	"$CR" -d "$db" baseline save --rules "$tmp/bench.rules" "$tmp/baseline.json" \
		>/dev/null 2>&1 || die "baseline save failed"
	measure gate -- "$CR" -d "$db" gate --rules "$tmp/bench.rules" \
		--baseline "$tmp/baseline.json"
	ops+=("gate|gate (entry do_memory_op, target alloc_domheap_pages)|-")
else
	ops+=("gate|gate|n/a")
fi

echo "| operation | median s | × cat | × sqlite3 | Python ÷ op | max RSS MiB | target | met |"
echo "|---|---:|---:|---:|---:|---:|---|---|"
row() {
	printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$@"
}
row "baseline: cat of all .ci files" "$(secs "$T_cat")" 1 \
	"$(ratio "$T_cat" "$T_sqlite")" "$(ratio "$T_python" "$T_cat")" \
	"$(mib "$M_cat")" "" ""
row "baseline: sqlite3 shell, ancestors of alloc_domheap_pages" \
	"$(secs "$T_sqlite")" "$(ratio "$T_sqlite" "$T_cat")" 1 \
	"$(ratio "$T_python" "$T_sqlite")" "$(mib "$M_sqlite")" "" ""
row "baseline: Python regex parse + walk (reach)" "$(secs "$T_python")" \
	"$(ratio "$T_python" "$T_cat")" "$(ratio "$T_python" "$T_sqlite")" 1 \
	"$(mib "$M_python")" "" ""
row "baseline: sqlite3 shell storing a cold ingest's rows (the storage floor)" \
	"$(secs "$T_floor")" "$(ratio "$T_floor" "$T_cat")" \
	"$(ratio "$T_floor" "$T_sqlite")" "$(ratio "$T_python" "$T_floor")" \
	"$(mib "$M_floor")" "" ""
missed=()
for op in "${ops[@]}"; do
	IFS='|' read -r name label target <<<"$op"
	if [ "$target" = n/a ]; then
		row "$label" "n/a (command not implemented)" "" "" "" "" "" ""
		continue
	fi
	t_var=T_$name m_var=M_$name r_var=R_$name
	t=${!t_var} m=${!m_var}
	xcat=$(ratio "$t" "$T_cat")
	met=yes want="≥20× faster than Python"
	case $target in
	xcat:*)
		k=${target#xcat:}
		xcat="$(ratio "${!r_var}" 1) (paired)"
		want="≤ ${k}× cat, $want"
		lt "${!r_var}" "$k" || met=no
		;;
	-) ;;
	*)
		want="< ${target} s, $want"
		lt "$t" "$target" || met=no
		;;
	esac
	lt "$(awk -v a="$t" 'BEGIN { print a * 20 }')" "$T_python" || met=no
	[ $met = yes ] || missed+=("$label")
	row "$label" "$(secs "$t")" "$xcat" \
		"$(ratio "$t" "$T_sqlite")" "$(ratio "$T_python" "$t")" \
		"$(mib "$m")" "$want" "$met"
done
both=$(awk -v a="$T_cold" -v b="$T_export" 'BEGIN { print a + b }')
if [ -n "${PEER:-}" ]; then
	row "peer: Miliox/callgraph, every .ci parsed + DOT of the ancestors of alloc_domheap_pages" \
		"$(secs "$T_peer")" "$(ratio "$T_peer" "$T_cat")" \
		"$(ratio "$T_peer" "$T_sqlite")" "$(ratio "$T_python" "$T_peer")" \
		"$(mib "$M_peer")" "" ""
	# judged on pairs: the peer's run, then callreach's two (with the
	# shell that runs them, which counts against callreach)
	PAIR=(sh -c 'exec xargs -0 -a "$1" "$2" --leaf=alloc_domheap_pages -l 2>/dev/null' \
		sh "$tmp/files" "$PEER")
	measure_paired both -p "rm -f '$db' '$db-wal' '$db-shm'" -- \
		sh -c '"$1" -d "$2" ingest "$3" >/dev/null &&
			exec "$1" -d "$2" export --to alloc_domheap_pages' \
		sh "$CR" "$db" "$tree"
	met=yes
	lt "$R_both" 1 || met=no
	row "cold ingest + export, against the peer ($(ratio "$R_both" 1)× its time, paired)" \
		"$(secs "$both")" "$(ratio "$both" "$T_cat")" "$(ratio "$both" "$T_sqlite")" \
		"$(ratio "$T_python" "$both")" "" "≤ the peer" "$met"
	[ $met = yes ] || missed+=("cold ingest + export against the peer")
else
	row "cold ingest + export (the C++ peer: PEER not set, see below)" \
		"$(secs "$both")" "$(ratio "$both" "$T_cat")" "$(ratio "$both" "$T_sqlite")" \
		"$(ratio "$T_python" "$both")" "" "≤ the peer" "n/a"
fi
echo

# Call-site argument values (DWARF) and the review by allocation site, on
# a build with objects: reading the values adds at most 25% to an ingest
# with objects; "sites" answers in under 0.1 s, and "reach" in under 10 ms
# there too.
: "${DEBUG_CORPUS:=$repo/../shared/corpus/xen-4.21.1-x86_64-defconfig-debug.tar.xz}"
if [ "$DEBUG_CORPUS" != none ]; then
	[ -f "$DEBUG_CORPUS" ] || die "no corpus '$DEBUG_CORPUS' (set DEBUG_CORPUS=...)"
	mkdir -p "$tmp/debug"
	tar -xJf "$DEBUG_CORPUS" -C "$tmp/debug" || die "cannot unpack '$DEBUG_CORPUS'"
	dtree=$(find "$tmp/debug" -mindepth 1 -maxdepth 1 -type d | head -n 1)
	ddb=$tmp/debug.db
	drm="rm -f '$ddb' '$ddb-wal' '$ddb-shm'"
	# the floor: reading the bytes ingest reads (its .ci and .o files)
	find "$dtree" -type f \( -name '*.ci' -o -name '*.o' \) -print0 \
		>"$tmp/dfiles"
	measure dcat -- xargs -0 -a "$tmp/dfiles" cat
	PAIR=(xargs -0 -a "$tmp/dfiles" cat)
	measure_paired noargs -p "$drm" -- "$CR" -d "$ddb" ingest --no-arguments "$dtree"
	measure_paired args -p "$drm" -- "$CR" -d "$ddb" ingest "$dtree"
	# the values' cost: each ingest with them right after one without
	# (into another database), so that the two sides of a pair see the
	# same machine; the ratios to cat above are each a pair of their own
	ndb=$tmp/noargs.db
	PAIR=("$CR" -d "$ndb" ingest --no-arguments "$dtree")
	measure_paired argcost -p "$drm; rm -f '$ndb' '$ndb-wal' '$ndb-shm'" \
		-- "$CR" -d "$ddb" ingest "$dtree"
	measure sites -- "$CR" -d "$ddb" sites --rules "$repo/rules/xen/xen.rules"
	# the DWARF floor: libdw alone reading the DWARF of the objects the
	# ingest read, on two threads as the ingest has (bench/dwarf-floor.c)
	sqlite3 "$ddb" "SELECT object FROM obj_units WHERE debug ORDER BY 1" |
		tr '\n' '\0' >"$tmp/dobjs"
	[ -s "$tmp/dobjs" ] || die "the ingest read no object with DWARF"
	PAIR=(xargs -0 -a "$tmp/dfiles" cat)
	measure_paired dfloor -- xargs -0 -a "$tmp/dobjs" "$DWARF_FLOOR" -j 2
	PAIR=(xargs -0 -a "$tmp/dobjs" "$DWARF_FLOOR" -j 2)
	measure_paired argsfloor -p "$drm" -- "$CR" -d "$ddb" ingest "$dtree"
	# a query's cost of the indirect-call tiers, which read the object
	# facts: the 10 ms of "reach" holds on a build with objects too
	measure dreach -- "$CR" -d "$ddb" reach do_memory_op _xmalloc
	echo "# $(basename "$DEBUG_CORPUS"): call-site argument values"
	echo
	echo "| operation | median s | max RSS MiB | target | met |"
	echo "|---|---:|---:|---|---|"
	met=yes
	lt "$R_argcost" 1.25 || met=no
	[ $met = yes ] || missed+=("ingest with argument values")
	row5() {
		printf '| %s | %s | %s | %s | %s |\n' "$@"
	}
	row5 "baseline: cat of its .ci and .o files" "$(secs "$T_dcat")" \
		"$(mib "$M_dcat")" "" ""
	row5 "baseline: libdw reading the DWARF of its objects, two threads (the DWARF floor; $(ratio "$R_dfloor" 1)× cat, paired)" \
		"$(secs "$T_dfloor")" "$(mib "$M_dfloor")" "" ""
	met_cat=yes
	lt "$R_args" 5 || met_cat=no
	[ $met_cat = yes ] || missed+=("ingest with objects")
	row5 "cold ingest with objects and argument values, against cat" \
		"$(secs "$T_args")" "$(mib "$M_args")" \
		"≤ 5× cat (here $(ratio "$R_args" 1)×, paired; $(ratio "$R_argsfloor" 1)× the DWARF floor, paired)" "$met_cat"
	row5 "cold ingest with objects, without argument values (--no-arguments)" \
		"$(secs "$T_noargs")" "$(mib "$M_noargs")" "" ""
	row5 "cold ingest with objects and argument values" "$(secs "$T_args")" \
		"$(mib "$M_args")" \
		"≤ 1.25× the above (here $(ratio "$R_argcost" 1)×, paired)" "$met"
	met=yes
	lt "$T_sites" 0.100 || met=no
	[ $met = yes ] || missed+=("sites")
	row5 "sites --rules rules/xen/xen.rules" "$(secs "$T_sites")" \
		"$(mib "$M_sites")" "< 0.100 s" "$met"
	met=yes
	lt "$T_dreach" 0.010 || met=no
	[ $met = yes ] || missed+=("reach with objects")
	row5 "reach do_memory_op _xmalloc (the indirect-call tiers on)" \
		"$(secs "$T_dreach")" "$(mib "$M_dreach")" "< 0.010 s" "$met"
	echo
fi
if [ -z "${PEER:-}" ]; then
	cat <<'HOW'
# The C++ peer (Miliox/callgraph) is not timed: build it in a temporary
# folder (never in this tree) and name it in PEER:
#   git clone https://github.com/Miliox/callgraph /tmp/callgraph
#   cmake -S /tmp/callgraph -B /tmp/callgraph/build -DCMAKE_BUILD_TYPE=Release
#   cmake --build /tmp/callgraph/build
#   PEER=/tmp/callgraph/build/callgraph make bench

HOW
fi
if [ ${#missed[@]} -eq 0 ]; then
	echo "# every target met"
else
	echo "# targets missed: $(printf '%s; ' "${missed[@]}")"
fi
