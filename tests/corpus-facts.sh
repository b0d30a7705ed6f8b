# tests/corpus-facts.sh -- sourced by t100-corpus-defconfig.sh and
# t110-corpus-allyesconfig.sh.
#
# Tests callreach against the real Xen 4.21.1 .ci corpora in ../shared/corpus.
#
# Core rule: every expected value is computed here, independently of
# callreach, from the .ci text with awk/sort/grep (or is a fact stated in
# ../shared/corpus/README.md).  callreach is only ever run to be checked.
#
# Self-contained (does not use tests/lib.sh): prints "ok N - desc" /
# "not ok N - desc" (TAP), diagnostics as "# ..." lines, and the caller exits
# non-zero when any check failed.
#
# The awk is portable POSIX awk (same results with mawk 1.3.4 and gawk 5.2
# --posix): no gawk
# extensions, no {n,m} interval expressions.

# shellcheck disable=SC2016  # awk/jq programs are in single quotes
set -u
export LC_ALL=C         # byte order for sort/comm/join
unset CALLREACH_DB

# a relative CALLREACH names a file below the current directory; then the
# repository root becomes the current directory
case ${CALLREACH:-} in '' | /*) ;; *) CALLREACH=$PWD/$CALLREACH ;; esac
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
CALLREACH=${CALLREACH:-$(pwd)/build/callreach}
CF_CORPUS_DIR=${CF_CORPUS_DIR:-$(pwd)/../shared/corpus}
CF_TIMEOUT=${CALLREACH_TIMEOUT:-60}

# --------------------------------------------------------------------------
# TAP helpers
# --------------------------------------------------------------------------
CF_N=0
CF_FAILED=0

cf_ok() { CF_N=$((CF_N + 1)); echo "ok $CF_N - $1"; }

# cf_notok DESC [DIAGNOSTIC LINE...]
cf_notok() {
    CF_N=$((CF_N + 1)); CF_FAILED=$((CF_FAILED + 1))
    echo "not ok $CF_N - $1"
    shift
    local l
    for l in "$@"; do printf '#   %s\n' "$l"; done
}

# cf_eq DESC EXPECTED ACTUAL
cf_eq() {
    if [ "$2" = "$3" ]; then cf_ok "$1"
    else cf_notok "$1" "expected: $2" "got:      $3"; fi
}

# cf_true DESC DIAG COMMAND... : ok when COMMAND succeeds
cf_true() {
    local desc=$1 diag=$2; shift 2
    if "$@" > /dev/null; then cf_ok "$desc"; else cf_notok "$desc" "$diag"; fi
}

# cf_sets_eq DESC EXPECTED_FILE ACTUAL_FILE : both are line sets
cf_sets_eq() {
    local desc=$1 e=$2 a=$3 d
    sort -u "$e" > "$e.s"; sort -u "$a" > "$a.s"
    if cmp -s "$e.s" "$a.s"; then cf_ok "$desc"; return; fi
    d=$(diff "$e.s" "$a.s" | grep '^[<>]' | head -n 20 | sed 's/^</missing:/; s/^>/unexpected:/')
    local IFS=$'\n'
    # shellcheck disable=SC2086
    cf_notok "$desc" "$(wc -l < "$e.s") expected vs $(wc -l < "$a.s") reported; first differences:" $d
}

cf_finish() {
    echo "1..$CF_N"
    if [ "$CF_FAILED" -ne 0 ]; then
        echo "# $CF_FAILED of $CF_N checks failed"
        return 1
    fi
    return 0
}

# --------------------------------------------------------------------------
# Running callreach
# --------------------------------------------------------------------------
# cr [ARGS...]: runs callreach on the test database with a timeout;
# sets CR_OUT (stdout file), CR_ERR (stderr file), CR_RC (exit status).
CR_RC=0
cr() {
    CR_OUT=$CF_TMP/cr.out; CR_ERR=$CF_TMP/cr.err
    timeout "$CF_TIMEOUT" "$CALLREACH" -d "$CF_TMP/db" "$@" > "$CR_OUT" 2> "$CR_ERR"
    CR_RC=$?
}
cr_diag() { # one-line description of the last run, for diagnostics
    echo "exit $CR_RC; stderr: $(head -c 300 "$CR_ERR" | tr '\n' ' '); stdout: $(head -c 300 "$CR_OUT" | tr '\n' ' ')"
}
# jq prelude: a call site object -> "file:line:col" (leading "./" dropped),
# or "" for a site without location (GCC writes some edges without label,
# e.g. to memcpy/memset or to a .part clone)
JQ_SITE='def site: if ((.file // "") == "") then "" else "\(.file | ltrimstr("./")):\(.line):\(.col)" end; '

# cr_json: last stdout is valid JSON
cr_json() { jq -e . "$CR_OUT" > /dev/null 2>&1; }

# --------------------------------------------------------------------------
# Independent facts from the .ci text
# --------------------------------------------------------------------------

# cf_parse: the whole .ci tree (cwd) -> one tab-separated record per line:
#   G  unit                                      graph: line (unit = graph title)
#   D  unit  canon  title  file:line:col  naive  defined node (no "shape : ellipse")
#   X  unit  canon  title                        declared-only node (ellipse)
#   E  unit  caller  callee  site  internal      edge (canonical names, site = label)
#
# Canonical names (callreach(1), NAMING FUNCTIONS).  A static's title is
# "unitpath:name", a global's the bare name, so canonical titles are exactly
# the linked function names of the spec: an edge to a bare name links to the
# global of that name, wherever it is defined.
#
# naive = the title with GCC clone suffixes stripped (.isra.N .constprop.N
#   .part.N .lto_priv.N .cold .localalias, repeatedly, any order).  That is
#   the simple rule the corpus README's counts (4,513 / 5,373 defined) are
#   based on; it is kept only to validate this awk against those counts.
# canon = naive, except for a clone of a GLOBAL function.  GCC titles a local
#   clone of a global function like a static one: in common/.xmalloc_tlsf.o.ci
#   "common/xmalloc_tlsf.c:_xmalloc.part.0" is a piece of the global
#   "_xmalloc", but naive stripping makes it a static
#   "common/xmalloc_tlsf.c:_xmalloc" that does not exist.  So a clone title
#   "UNIT:NAME.SUFFIX" whose stripped form "UNIT:NAME" is not a node title of
#   the same .ci file, while the bare "NAME" is, folds onto the global "NAME";
#   otherwise it folds onto "UNIT:NAME" (the static of its unit) as before.
#   Whether a title is a node of the file is only known once the whole file
#   is read, so each file's records are buffered and printed at its end.
# internal = 1 for a call between two pieces of one function: caller and
#   callee fold to the same canonical name but their titles differ ("_xmalloc"
#   -> "common/xmalloc_tlsf.c:_xmalloc.part.0").  Such an edge line is still a
#   call site (stats.call_sites) but not a call edge: not in stats.call_edges,
#   not a caller/callee in show, not a self-loop for cycles, not an export
#   edge.  A title calling itself (same title both ends) is a real self-call,
#   internal = 0.
CF_PARSE_AWK='
function strip(t) {
    # .isra.N .constprop.N .part.N .lto_priv.N .cold .localalias, repeated
    while (match(t, /\.(isra|constprop|part|lto_priv)\.[0-9]+$/) ||
           match(t, /\.(cold|localalias)$/))
        t = substr(t, 1, RSTART - 1)
    return t
}
function canon(t,   s, b) {        # needs title[] = node titles of the file
    s = strip(t)
    if (s == t || !index(s, ":") || (s in title)) return s
    b = s; sub(/^.*:/, "", b)      # the bare name (after the last ":")
    return (b in title) ? b : s
}
function field(line, key,   s) {        # value of   key: "..."
    if (!match(line, key ": \"[^\"]*\"")) return ""
    s = substr(line, RSTART, RLENGTH)
    sub(/^[^"]*"/, "", s); sub(/"$/, "", s)
    return s
}
# print the buffered records of the file just read, then forget them
function flush(   i, a, b) {
    for (i = 1; i <= nr; i++) {
        if (kind[i] == "G") print "G", u[i]
        else if (kind[i] == "X") print "X", u[i], canon(t1[i]), t1[i]
        else if (kind[i] == "D") print "D", u[i], canon(t1[i]), t1[i], t2[i], strip(t1[i])
        else {
            a = canon(t1[i]); b = canon(t2[i])
            print "E", u[i], a, b, t3[i], ((a == b && t1[i] != t2[i]) ? 1 : 0)
        }
    }
    nr = 0; split("", title)
}
BEGIN { OFS = "\t"; nr = 0 }
FILENAME != file { flush(); file = FILENAME; unit = "" }
/^graph:/ { unit = field($0, "title"); kind[++nr] = "G"; u[nr] = unit; next }
/^node:/ {
    t = field($0, "title"); title[t] = 1
    kind[++nr] = index($0, "shape : ellipse") ? "X" : "D"; u[nr] = unit; t1[nr] = t
    # label is "name\nfile:line:col\nN bytes (...)\nM dynamic objects"
    n = split(field($0, "label"), L, /\\n/)
    t2[nr] = n >= 2 ? L[2] : ""
    next
}
/^edge:/ {
    kind[++nr] = "E"; u[nr] = unit
    t1[nr] = field($0, "sourcename"); t2[nr] = field($0, "targetname")
    t3[nr] = field($0, "label")
    next
}
END { flush() }'

# Graph algorithms shared by the queries below (prepended to their awk).
# Reads the E records (not indirect, not internal: a call between pieces of
# one function is no call edge) into adjacency lists both ways.
CF_GRAPH_AWK='
$1 == "E" && $4 != "__indirect_call" && $6 != 1 && (!labelled || $5 != "") {
    k = $3 SUBSEP $4
    if (!(k in edge)) {
        edge[k] = 1
        nout[$3]++; out[$3, nout[$3]] = $4
        nin[$4]++;  inn[$4, nin[$4]] = $3
    }
    node[$3] = 1; node[$4] = 1
    next
}
$1 == "D" { node[$3] = 1; next }
# plain name q (no ":") means the global q and every static "unit:q";
# a name with ":" means exactly that function
function named(n, q,   l) {
    if (n == q) return 1
    if (index(q, ":")) return 0
    l = length(q) + 1
    return length(n) > l && substr(n, length(n) - l + 1) == ":" q
}
'

# cf_derive REC DIR: writes derived fact files into DIR.
cf_derive() {
    local rec=$1 d=$2
    # defined functions: canon unit title loc
    awk -F'\t' -v OFS='\t' '$1 == "D" { print $3, $2, $4, $5 }' "$rec" > "$d/defs"
    cut -f1 "$d/defs" | sort -u > "$d/defined"
    # the same with the naive stripping rule (no folding onto globals): only
    # to check the awk against the corpus README's counts
    awk -F'\t' '$1 == "D" { print $6 }' "$rec" | sort -u > "$d/defined_naive"
    # clone titles folded onto a global function: title canon
    awk -F'\t' -v OFS='\t' '$1 == "D" && index($4, ":") && !index($3, ":") { print $4, $3 }' "$rec" \
        | sort -u > "$d/folded_global"
    # direct call sites of call edges: caller callee site (one line per edge
    # line); internal ones (between pieces of one function, see cf_parse) are
    # call sites but no call edges, so they are apart: caller callee site
    awk -F'\t' -v OFS='\t' '$1 == "E" && $4 != "__indirect_call" && $6 != 1 { print $3, $4, $5 }' "$rec" > "$d/sites"
    awk -F'\t' -v OFS='\t' '$1 == "E" && $6 == 1 { print $3, $4, $5 }' "$rec" > "$d/sites_internal"
    cat "$d/sites" "$d/sites_internal" | wc -l | tr -d ' ' > "$d/n_sites"
    cut -f1,2 "$d/sites" | sort -u > "$d/edges"
    awk -F'\t' '$1 == "E" && $4 == "__indirect_call"' "$rec" | wc -l | tr -d ' ' > "$d/n_indirect"
    # external: called or declared somewhere, defined nowhere
    { awk -F'\t' '$1 == "X" && $3 != "__indirect_call" { print $3 }' "$rec"
      cut -f2 "$d/edges"; } | sort -u | comm -23 - "$d/defined" > "$d/external"
    # duplicates: a global (title without ":") defined in more than one unit
    awk -F'\t' -v OFS='\t' '$1 == "D" && index($3, ":") == 0 { print $2, $3 }' "$rec" \
        | sort -u | cut -f2 | sort | uniq -d > "$d/duplicates"
    # static names (canonical, unit prefix removed) defined in > 1 unit
    awk -F'\t' -v OFS='\t' '$1 == "D" && index($3, ":") { b = $3; sub(/^[^:]*:/, "", b); print $2, b }' "$rec" \
        | sort -u | cut -f2 | sort | uniq -d > "$d/static_collisions"
    # the same with raw titles (clones not folded): what the corpus README counts
    awk -F'\t' -v OFS='\t' '$1 == "D" && index($4, ":") { b = $4; sub(/^[^:]*:/, "", b); print $2, b }' "$rec" \
        | sort -u | cut -f2 | sort | uniq -d > "$d/static_collisions_raw"
}

# cf_cycles REC: prints "NUMBER_OF_CYCLES LARGEST" -- strongly connected
# components of more than one function, or of one function calling itself.
# Iterative Tarjan (awk has no deep recursion to rely on).
# With --labelled, edge lines without a call-site label are ignored (see t110).
cf_cycles() {
    local labelled=0
    if [ "$1" = "--labelled" ]; then labelled=1; shift; fi
    awk -F'\t' -v labelled="$labelled" "$CF_GRAPH_AWK"'
    END {
        idx = 0; ncyc = 0; largest = 0; top = 0
        for (s in node) {
            if (s in index_) continue
            sp = 1; cs[1] = s; it[1] = 1
            index_[s] = low[s] = idx++; stk[++top] = s; onstk[s] = 1
            while (sp > 0) {
                v = cs[sp]
                if (it[sp] <= nout[v]) {
                    w = out[v, it[sp]]; it[sp]++
                    if (!(w in index_)) {
                        index_[w] = low[w] = idx++; stk[++top] = w; onstk[w] = 1
                        sp++; cs[sp] = w; it[sp] = 1
                    } else if (onstk[w] && index_[w] < low[v]) low[v] = index_[w]
                    continue
                }
                if (low[v] == index_[v]) {          # v roots an SCC: pop it
                    size = 0
                    do { w = stk[top--]; onstk[w] = 0; size++ } while (w != v)
                    if (size > 1 || ((v SUBSEP v) in edge)) {
                        ncyc++; if (size > largest) largest = size
                    }
                }
                sp--
                if (sp > 0) { u = cs[sp]; if (low[v] < low[u]) low[u] = low[v] }
            }
        }
        print ncyc, largest
    }' "$1"
}

# cf_bfs REC FROM TO: shortest path (in calls) from the function(s) named FROM
# to any function named TO (plain names match global + statics, see named()).
# Prints "HOPS f0 f1 ... fn" (tab-separated functions), or "-1" if none.
# With -v naive=1 every static's unit prefix is dropped first: the graph a
# linker that ignores "static" would build (used to show an example matters).
cf_bfs() {
    local naive=0
    if [ "$1" = "--naive" ]; then naive=1; shift; fi
    awk -F'\t' -v from="$2" -v to="$3" -v naive="$naive" '
    naive == 1 && ($1 == "E" || $1 == "D") { sub(/^.*:/, "", $3); if ($1 == "E") sub(/^.*:/, "", $4) }
    '"$CF_GRAPH_AWK"'
    END {
        if (naive) { sub(/^.*:/, "", from); sub(/^.*:/, "", to) }
        head = 1; tail = 0
        for (n in node) if (named(n, from)) { q[++tail] = n; seen[n] = 1; pred[n] = "" }
        hit = ""
        while (head <= tail) {
            u = q[head++]
            if (named(u, to)) { hit = u; break }
            for (i = 1; i <= nout[u]; i++) {
                w = out[u, i]
                if (!(w in seen)) { seen[w] = 1; pred[w] = u; q[++tail] = w }
            }
        }
        if (hit == "") { print -1; exit }
        p = hit; h = 0
        for (v = hit; pred[v] != ""; v = pred[v]) { p = pred[v] "\t" p; h++ }
        print h "\t" p
    }' "$1"
}

# cf_ancestors REC NAME: NAME and every function that reaches it (one a line)
cf_ancestors() {
    awk -F'\t' -v to="$2" "$CF_GRAPH_AWK"'
    END {
        head = 1; tail = 0
        for (n in node) if (named(n, to)) { q[++tail] = n; seen[n] = 1 }
        while (head <= tail) {
            u = q[head++]; print u
            for (i = 1; i <= nin[u]; i++) {
                w = inn[u, i]
                if (!(w in seen)) { seen[w] = 1; q[++tail] = w }
            }
        }
    }' "$1"
}

# cf_fnv1a64 STRING: 64-bit FNV-1a of the bytes of STRING, 16 hex digits.
# bash arithmetic is 64-bit and wraps, which is what FNV needs.
cf_fnv1a64() {
    local s=$1 h=$((0xcbf29ce484222325)) i c LC_ALL=C
    for ((i = 0; i < ${#s}; i++)); do
        printf -v c '%d' "'${s:i:1}"
        h=$(( (h ^ c) * 0x100000001b3 ))
    done
    printf '%016x' "$h"
}

# --------------------------------------------------------------------------
# The checks
# --------------------------------------------------------------------------
# The facts ../shared/corpus/README.md states of each tarball, "-" where it
# states none: .ci files, defined functions (naive clone stripping),
# indirect call sites, "about N" caller->callee pairs, static names defined
# in more than one unit (raw titles), the largest cycle.
CF_README_FACTS='
xen-4.21.1-x86_64-defconfig.tar.xz    396 4513 950 14000 33 -
xen-4.21.1-x86_64-allyesconfig.tar.xz 444 5373 902 25600 -  465
'

# cf_shows_callee CALLER CALLEE JQ: the .ci text (the edges of cf_main's
# facts) has the direct call CALLER -> CALLEE, and "show CALLER" lists
# CALLEE among its callees (JQ: a condition on the JSON, joined with "and").
cf_shows_callee() {
    cf_true "awk: $1 calls $2 directly" "no such edge in the corpus" \
        grep -qx "$1${TAB}$2" "$d/edges"
    cr show "$1" --format json
    if [ "$CR_RC" -eq 0 ] && cr_json &&
        jq -e --arg c "$2" "$3"'any(.[0].callees[]; .name == $c)' "$CR_OUT" > /dev/null; then
        cf_ok "show $1: callees include $2"
    else
        cf_notok "show $1: callees include $2" "$(cr_diag)"
    fi
}

# cf_main TARBALL FROM VIA_OTHER VIA TO: every check on the corpus TARBALL
# (a file name in $CF_CORPUS_DIR), with the README's facts of it, and a
# path that must not exist: FROM reaches VIA_OTHER, a static of the same
# name as the static VIA of another unit, which alone calls TO; a tool
# that merged same-named statics would find FROM > VIA > TO.
cf_main() {
    local f v n i rec d
    CF_TARBALL=$1 CF_NO_FROM=$2 CF_NO_VIA_OTHER=$3 CF_NO_VIA=$4 CF_NO_TO=$5
    read -r f CF_UNITS CF_DEFINED CF_INDIRECT CF_EDGES_ABOUT CF_STATIC_COLL \
        CF_LARGEST_CYCLE < <(grep -F "$CF_TARBALL " <<<"$CF_README_FACTS")
    CF_STATIC_COLL=${CF_STATIC_COLL#-} CF_LARGEST_CYCLE=${CF_LARGEST_CYCLE#-}

    # --- setup: corpus, binary, unpack, independent facts, ingest ----------
    if [ ! -d "$CF_CORPUS_DIR" ] || [ ! -f "$CF_CORPUS_DIR/$CF_TARBALL" ]; then
        cf_notok "corpus present: $CF_CORPUS_DIR/$CF_TARBALL not found (CI must provide ../shared/corpus)"
        cf_finish; return 1
    fi
    if [ ! -x "$CALLREACH" ]; then
        cf_notok "callreach binary present: $CALLREACH is not an executable (build it first)"
        cf_finish; return 1
    fi
    CF_TMP=$(mktemp -d "${TMPDIR:-/tmp}/callreach-corpus.XXXXXX") || { cf_notok "mktemp"; cf_finish; return 1; }
    if [ -n "${TEST_KEEP_TMP:-}" ]; then
        echo "# temporary files kept in $CF_TMP"
    else
        # shellcheck disable=SC2064
        trap "rm -rf '$CF_TMP'" EXIT
        trap 'exit 129' HUP INT PIPE TERM     # so that EXIT cleans up
    fi
    if ! tar -C "$CF_TMP" -xJf "$CF_CORPUS_DIR/$CF_TARBALL"; then
        cf_notok "unpack $CF_TARBALL"; cf_finish; return 1
    fi
    CF_TREE=$(find "$CF_TMP" -mindepth 1 -maxdepth 1 -type d | head -n 1)
    d=$CF_TMP/facts; mkdir "$d"
    rec=$d/rec
    ( cd "$CF_TREE" && find . -name '*.ci' -type f -exec awk "$CF_PARSE_AWK" {} + ) > "$rec"
    local nci; nci=$(find "$CF_TREE" -name '*.ci' -type f | wc -l | tr -d ' ')
    cf_derive "$rec" "$d"

    # validate the awk against the corpus README before trusting it
    cf_eq "awk: .ci file count is the README's $CF_UNITS" "$CF_UNITS" "$nci"
    # The corpus README counts defined functions with the naive stripping
    # rule; callreach is held to the folded count (see cf_parse), which is
    # smaller by the static-style names that were clones of a global.
    cf_eq "awk: defined functions (clone suffixes stripped, naive rule) = README's $CF_DEFINED" \
        "$CF_DEFINED" "$(wc -l < "$d/defined_naive" | tr -d ' ')"
    # every clone folded onto a global NAME: NAME is defined (not only
    # declared) in the clone's own unit
    v=$(awk -F'\t' '$1 == "D" && $3 == $4 { def[$2 SUBSEP $3] = 1 }
        $1 == "D" && index($4, ":") && !index($3, ":") { fold[$2 SUBSEP $3] = $4 }
        END { for (k in fold) if (!(k in def)) print fold[k] }' "$rec" | tr '\n' ' ')
    cf_true "awk: $(wc -l < "$d/folded_global" | tr -d ' ') clone titles fold onto a global; each one's global is defined in its unit" \
        "global not defined in the unit of: $v" test -s "$d/folded_global" -a -z "$v"
    # the naive static-style names of those clones ("unit:NAME") are what
    # folding removes from the defined functions, and all it removes
    awk -F'\t' '$1 == "D" && index($4, ":") && !index($3, ":") { print $6 }' "$rec" | sort -u \
        | comm -23 "$d/defined_naive" - > "$d/defined_naive_minus"
    cf_sets_eq "awk: defined with folding = naive defined minus the clones' static-style names" \
        "$d/defined_naive_minus" "$d/defined"
    cf_eq "awk: indirect call sites = README's $CF_INDIRECT" "$CF_INDIRECT" "$(cat "$d/n_indirect")"
    n=$(wc -l < "$d/edges" | tr -d ' ')
    cf_true "awk: $n caller->callee pairs within 5% of the README's about $CF_EDGES_ABOUT" \
        "$n is not within 5% of $CF_EDGES_ABOUT" \
        test $((n * 100)) -ge $((CF_EDGES_ABOUT * 95)) -a $((n * 100)) -le $((CF_EDGES_ABOUT * 105))
    if [ -n "$CF_STATIC_COLL" ]; then
        cf_eq "awk: static names (raw titles) defined in several units = README's $CF_STATIC_COLL" \
            "$CF_STATIC_COLL" "$(wc -l < "$d/static_collisions_raw" | tr -d ' ')"
    fi
    cf_true "awk: memmove is a duplicate global (README fact)" "duplicates: $(tr '\n' ' ' < "$d/duplicates")" \
        grep -qx memmove "$d/duplicates"
    read -r CF_NCYC CF_LARGEST < <(cf_cycles "$rec")
    if [ -n "$CF_LARGEST_CYCLE" ]; then
        # The README's figure leaves out the edge lines that have no call-site
        # label (GCC writes some, e.g. a call to a .part clone); they are real
        # calls and callreach must keep them, which adds two functions to the
        # big cycle in allyesconfig (see t110).  So the README's number
        # validates the awk on labelled edges only, and callreach is held to
        # the awk on all edges.  (Folding clones onto globals does not change
        # either figure: 465 labelled, 467 all, with both naming rules.)
        v=$(cf_cycles --labelled "$rec")
        cf_eq "awk: largest cycle over labelled edges only = README's $CF_LARGEST_CYCLE" "$CF_LARGEST_CYCLE" "${v#* }"
    fi
    echo "# independent facts: units=$nci defined=$(wc -l < "$d/defined") (naive $(wc -l < "$d/defined_naive"))" \
         "external=$(wc -l < "$d/external") folded_onto_global=$(wc -l < "$d/folded_global")" \
         "call_edges=$(wc -l < "$d/edges") call_sites=$(cat "$d/n_sites") (internal $(wc -l < "$d/sites_internal"))" \
         "indirect=$(cat "$d/n_indirect")" \
         "cycles=$CF_NCYC largest=$CF_LARGEST static_collisions=$(wc -l < "$d/static_collisions")" \
         "duplicates=$(tr '\n' ' ' < "$d/duplicates")"

    cr ingest "$CF_TREE"
    if [ "$CR_RC" -ne 0 ]; then
        cf_notok "ingest the corpus (exit 0)" "$(cr_diag)"
        cf_finish; return 1
    fi
    cf_ok "ingest the corpus (exit 0)"

    # --- 1. stats ------------------------------------------------------------
    cr stats --format json
    if [ "$CR_RC" -eq 0 ] && cr_json; then
        cf_ok "stats --format json: exit 0, valid JSON"
        cp "$CR_OUT" "$CF_TMP/stats.json"
        local s=$CF_TMP/stats.json
        cf_eq "stats.units = number of .ci files" "$nci" "$(jq -r .units "$s")"
        cf_eq "stats.defined = distinct canonical defined titles" "$(wc -l < "$d/defined" | tr -d ' ')" "$(jq -r .defined "$s")"
        cf_eq "stats.external = called/declared but never defined" "$(wc -l < "$d/external" | tr -d ' ')" "$(jq -r .external "$s")"
        cf_eq "stats.functions = defined + external" \
            "$(( $(wc -l < "$d/defined") + $(wc -l < "$d/external") ))" "$(jq -r .functions "$s")"
        cf_eq "stats.indirect_call_sites = edges to __indirect_call" "$(cat "$d/n_indirect")" "$(jq -r .indirect_call_sites "$s")"
        cf_eq "stats.call_edges = distinct canonical caller->callee pairs (internal calls left out)" "$(wc -l < "$d/edges" | tr -d ' ')" "$(jq -r .call_edges "$s")"
        cf_eq "stats.call_sites = direct edge lines (internal calls included)" "$(cat "$d/n_sites")" "$(jq -r .call_sites "$s")"
        jq -r '.duplicates[]?' "$s" > "$CF_TMP/dup.got"
        cf_true "stats.duplicates contains memmove" "duplicates: $(tr '\n' ' ' < "$CF_TMP/dup.got")" grep -qx memmove "$CF_TMP/dup.got"
        cf_sets_eq "stats.duplicates = globals defined in more than one unit" "$d/duplicates" "$CF_TMP/dup.got"
        cf_eq "stats.cycles = SCCs of >1 function or self-calling" "$CF_NCYC" "$(jq -r .cycles "$s")"
        cf_eq "stats.largest_cycle = largest SCC" "$CF_LARGEST" "$(jq -r .largest_cycle "$s")"
        # the tarball's .config (top of the ingested tree): same CONFIG_ lines
        grep '^CONFIG_' "$CF_TREE/.config" > "$CF_TMP/config.exp"
        jq -r '.config // empty' "$s" | grep '^CONFIG_' > "$CF_TMP/config.got"
        cf_sets_eq "stats.config holds the ingested .config ($(wc -l < "$CF_TMP/config.exp" | tr -d ' ') CONFIG_ lines)" \
            "$CF_TMP/config.exp" "$CF_TMP/config.got"
    else
        cf_notok "stats --format json: exit 0, valid JSON" "$(cr_diag)"
    fi

    # --- 2. direct calls (show) ------------------------------------------------
    # pv_hypercall -> do_memory_op (README fact; confirmed in the .ci text),
    # the only function of its name
    cf_shows_callee pv_hypercall do_memory_op 'length == 1 and '
    # do_memory_op -> alloc_domheap_pages: verified in the .ci text first
    cf_shows_callee do_memory_op alloc_domheap_pages ''
    cr show alloc_domheap_pages --format json
    if [ "$CR_RC" -eq 0 ] && cr_json; then
        awk -F'\t' '$2 == "alloc_domheap_pages" { print $1 }' "$d/edges" > "$CF_TMP/adp.callers.exp"
        jq -r '.[].callers[].name' "$CR_OUT" > "$CF_TMP/adp.callers.got"
        cf_sets_eq "show alloc_domheap_pages: callers = direct callers in the .ci text" \
            "$CF_TMP/adp.callers.exp" "$CF_TMP/adp.callers.got"
        # every located call site, as a set of "caller file:line:col" ("./"
        # ignored; sites without location are not compared)
        awk -F'\t' '$2 == "alloc_domheap_pages" && $3 != "" { s = $3; sub(/^\.\//, "", s); print $1 " " s }' "$d/sites" > "$CF_TMP/adp.sites.exp"
        jq -r "$JQ_SITE"'.[].callers[] | select(site != "") | "\(.name) \(site)"' "$CR_OUT" > "$CF_TMP/adp.sites.got"
        cf_sets_eq "show alloc_domheap_pages: caller call sites = edge labels in the .ci text" \
            "$CF_TMP/adp.sites.exp" "$CF_TMP/adp.sites.got"
    else
        cf_notok "show alloc_domheap_pages: callers = direct callers in the .ci text" "$(cr_diag)"
        cf_notok "show alloc_domheap_pages: caller call sites = edge labels in the .ci text" "(show failed)"
    fi
    cr show memmove --format json
    if [ "$CR_RC" -eq 0 ] && cr_json; then
        awk -F'\t' '$1 == "memmove" { print $2 }' "$d/defs" | sort -u > "$CF_TMP/mm.exp"
        jq -r '.[] | select(.name == "memmove") | .definitions[].unit | ltrimstr("./")' "$CR_OUT" > "$CF_TMP/mm.got"
        # units may be reported as the unit path (graph title); compare that
        cf_sets_eq "show memmove: one definition per defining unit" "$CF_TMP/mm.exp" "$CF_TMP/mm.got"
    else
        cf_notok "show memmove: one definition per defining unit" "$(cr_diag)"
    fi

    # clones of globals (see cf_parse): show NAME lists the clone among NAME's
    # definitions, and its callers/callees are exactly the awk's call edges,
    # so the internal calls between NAME's pieces do not make NAME its own
    # caller or callee ("kept as call sites, not call edges")
    local bad=""
    : > "$CF_TMP/fold.exp"; : > "$CF_TMP/fold.got"
    cut -f2 "$d/folded_global" | sort -u > "$CF_TMP/fold.names"
    while read -r n; do
        { awk -F'\t' -v n="$n" '$1 == n { print n "\tdefinition " $3 }' "$d/defs"
          awk -F'\t' -v n="$n" '$2 == n { print n "\tcaller " $1 } $1 == n { print n "\tcallee " $2 }' "$d/edges"
        } >> "$CF_TMP/fold.exp"
        cr show "$n" --format json
        if [ "$CR_RC" -ne 0 ] || ! cr_json; then bad="$bad $n(exit $CR_RC)"; continue; fi
        jq -r --arg n "$n" '.[] | select(.name == $n)
            | (.definitions[] | "\($n)\tdefinition \(.title)"),
              (.callers[] | "\($n)\tcaller \(.name)"),
              (.callees[] | "\($n)\tcallee \(.name)")' "$CR_OUT" >> "$CF_TMP/fold.got"
    done < "$CF_TMP/fold.names"
    if [ -n "$bad" ]; then
        cf_notok "show NAME for each global with a clone folded onto it: exit 0" "failed:$bad"
    else
        cf_sets_eq "show NAME for each of the $(wc -l < "$CF_TMP/fold.names" | tr -d ' ') globals with a clone folded onto it: definitions, callers, callees = awk" \
            "$CF_TMP/fold.exp" "$CF_TMP/fold.got"
    fi

    # --- 3. reach do_memory_op _xmalloc: path is real and shortest ----------
    local bfs hops_exp
    bfs=$(cf_bfs "$rec" do_memory_op _xmalloc)
    hops_exp=${bfs%%$'\t'*}
    cf_true "awk BFS: do_memory_op reaches _xmalloc" "awk BFS found no path" test "$hops_exp" -ge 1
    cr reach do_memory_op _xmalloc --format json
    if [ "$CR_RC" -eq 0 ] && cr_json && jq -e '.reachable == true' "$CR_OUT" > /dev/null; then
        cf_ok "reach do_memory_op _xmalloc: exit 0, reachable"
        cp "$CR_OUT" "$CF_TMP/reach.json"
        cf_true "reach: path starts at do_memory_op, ends at a function named _xmalloc, hops chain the path" "$(head -c 600 "$CF_TMP/reach.json")" \
            jq -e '(.path | length) >= 2 and .path[0] == "do_memory_op"
                   and (.path[-1] | . == "_xmalloc" or endswith(":_xmalloc"))
                   and (.hops | length) == (.path | length) - 1
                   and ([range(0; .hops | length) as $i
                         | .hops[$i].caller == .path[$i] and .hops[$i].callee == .path[$i + 1]] | all)' \
            "$CF_TMP/reach.json"
        cf_eq "reach: witness is a shortest path (hops = awk BFS distance)" "$hops_exp" "$(jq '.hops | length' "$CF_TMP/reach.json")"
        # every hop is an edge line of the corpus with exactly that call site
        awk -F'\t' '{ s = $3; sub(/^\.\//, "", s); print $1 "\t" $2 "\t" s }' "$d/sites" | sort -u > "$CF_TMP/sites.norm"
        # (a hop without location must be an edge line without label)
        jq -r "$JQ_SITE"'.hops[] | "\(.caller)\t\(.callee)\t\(site)"' "$CF_TMP/reach.json" | sort -u > "$CF_TMP/hops"
        v=$(comm -13 "$CF_TMP/sites.norm" "$CF_TMP/hops")
        if [ -s "$CF_TMP/hops" ] && [ -z "$v" ]; then cf_ok "reach: every hop is a corpus edge with that call site"
        else cf_notok "reach: every hop is a corpus edge with that call site" "not in the corpus: $(echo "$v" | tr '\n\t' '| ')"; fi
    else
        cf_notok "reach do_memory_op _xmalloc: exit 0, reachable" "$(cr_diag)"
    fi

    # --- 4. static-name collisions --------------------------------------------
    # show N returns one function per unit defining a static N, +1 for a global N
    bad=""
    while read -r n; do
        # functions called n: defined ones (global or "unit:n") + an external n
        v=$(cut -f1 "$d/defs" | cat - "$d/external" \
            | awk -v n="$n" '{ b = $0; sub(/^[^:]*:/, "", b) } b == n' | sort -u | wc -l | tr -d ' ')
        cr show "$n" --format json
        if [ "$CR_RC" -ne 0 ] || ! cr_json; then bad="$bad $n(exit $CR_RC)"; continue; fi
        f=$(jq 'length' "$CR_OUT")
        [ "$f" = "$v" ] || bad="$bad $n(expected $v got $f)"
    done < "$d/static_collisions"
    if [ -z "$bad" ]; then cf_ok "show N: one function per static definition unit (+ global) for all $(wc -l < "$d/static_collisions") colliding static names"
    else cf_notok "show N: one function per static definition unit (+ global) for colliding static names" "mismatches:$bad"; fi

    # A path that must NOT exist (verified in the .ci text, see the calling
    # script): CF_NO_FROM reaches the static CF_NO_VIA_OTHER, which has the
    # same name as CF_NO_VIA (another unit); CF_NO_TO is reached from CF_NO_VIA.
    cf_true "awk: $CF_NO_VIA and $CF_NO_VIA_OTHER are both defined" "definitions missing" \
        test "$(grep -c -e "^$CF_NO_VIA$TAB" -e "^$CF_NO_VIA_OTHER$TAB" "$d/defs")" -ge 2
    cf_true "awk BFS: $CF_NO_FROM reaches $CF_NO_VIA_OTHER" "no path" test "$(cf_bfs "$rec" "$CF_NO_FROM" "$CF_NO_VIA_OTHER" | cut -f1)" -ge 1
    cf_true "awk BFS: $CF_NO_VIA reaches $CF_NO_TO" "no path" test "$(cf_bfs "$rec" "$CF_NO_VIA" "$CF_NO_TO" | cut -f1)" -ge 1
    cf_eq "awk BFS: $CF_NO_FROM does not reach $CF_NO_TO" "-1" "$(cf_bfs "$rec" "$CF_NO_FROM" "$CF_NO_TO" | cut -f1)"
    cf_eq "awk BFS: $CF_NO_FROM does not reach $CF_NO_VIA" "-1" "$(cf_bfs "$rec" "$CF_NO_FROM" "$CF_NO_VIA" | cut -f1)"
    v=$(cf_bfs --naive "$rec" "$CF_NO_FROM" "$CF_NO_TO" | cut -f1)
    cf_true "awk BFS: a linker merging same-named statics would find $CF_NO_FROM -> $CF_NO_TO (the example matters)" \
        "naive BFS: $v" test "$v" -ge 1
    cr reach "$CF_NO_FROM" "$CF_NO_VIA_OTHER" --format json
    if [ "$CR_RC" -eq 0 ] && cr_json && jq -e '.reachable == true' "$CR_OUT" > /dev/null; then
        cf_ok "reach $CF_NO_FROM $CF_NO_VIA_OTHER: exit 0 (control)"
    else cf_notok "reach $CF_NO_FROM $CF_NO_VIA_OTHER: exit 0 (control)" "$(cr_diag)"; fi
    for v in "$CF_NO_TO" "$CF_NO_VIA"; do
        cr reach "$CF_NO_FROM" "$v" --format json
        if [ "$CR_RC" -eq 1 ] && cr_json && jq -e '.reachable == false and .path == [] and .hops == []' "$CR_OUT" > /dev/null; then
            cf_ok "reach $CF_NO_FROM $v: exit 1, not reachable (statics of different units are distinct)"
        else
            cf_notok "reach $CF_NO_FROM $v: exit 1, not reachable (statics of different units are distinct)" "$(cr_diag)"
        fi
    done

    # --- 5/6. exit codes ---------------------------------------------------------
    cr show no_such_function_in_xen_corpus
    cf_eq "show of an unknown function: exit 2" 2 "$CR_RC"
    cr reach do_memory_op no_such_function_in_xen_corpus
    cf_eq "reach to an unknown function: exit 2" 2 "$CR_RC"
    cf_true "awk: __indirect_call is never a defined node" "it is defined" \
        test "$(grep -c "^__indirect_call$" "$d/defined")" -eq 0
    cr show __indirect_call
    cf_eq "show __indirect_call: exit 2 (it is not a function)" 2 "$CR_RC"

    # paths --count through the big cycles must finish
    cr paths --to _xmalloc --count --format json
    if [ "$CR_RC" -eq 0 ] && cr_json && jq -e '(.count | type) == "number" and .count >= 1 and (.count_exact | type) == "boolean"' "$CR_OUT" > /dev/null; then
        cf_ok "paths --to _xmalloc --count: finishes, count >= 1, boolean count_exact ($(jq -c '{count, count_exact}' "$CR_OUT"))"
    else
        cf_notok "paths --to _xmalloc --count: finishes, count >= 1, boolean count_exact" "$(cr_diag)"
    fi

    cr paths --to alloc_domheap_pages --limit 50 --format json
    if [ "$CR_RC" -eq 0 ] && cr_json; then
        cf_ok "paths --to alloc_domheap_pages --limit 50: exit 0, JSON"
        cp "$CR_OUT" "$CF_TMP/paths.json"
        local p=$CF_TMP/paths.json
        cf_true "paths: 1..50 paths" "$(jq -c '.paths | length' "$p") paths" \
            jq -e '(.paths | length) >= 1 and (.paths | length) <= 50' "$p"
        cf_true "paths: when count is exact, min(count, 50) paths are listed" "$(jq -c '{count, count_exact, n: (.paths | length)}' "$p")" \
            jq -e 'if .count_exact then (.paths | length) == ([.count, 50] | min) else true end' "$p"
        cf_true "paths: every path ends at alloc_domheap_pages" "" \
            jq -e 'all(.paths[]; .functions[-1] == "alloc_domheap_pages")' "$p"
        cf_true "paths: no function repeats within a path" "" \
            jq -e 'all(.paths[]; (.functions | length) == (.functions | unique | length))' "$p"
        cf_true "paths: sorted by length (non-decreasing)" "$(jq -c '[.paths[].functions | length]' "$p")" \
            jq -e '[.paths[].functions | length] as $l | all(range(1; $l | length); $l[. - 1] <= $l[.])' "$p"
        # every consecutive pair is a corpus edge
        jq -r '.paths[].functions | range(1; length) as $i | "\(.[$i - 1])\t\(.[$i])"' "$p" | sort -u > "$CF_TMP/pedges"
        v=$(comm -23 "$CF_TMP/pedges" "$d/edges" | head -n 5 | tr '\n\t' '| ')
        cf_true "paths: every step is a corpus call edge" "not edges: $v" test -z "$v"
        # the first function is a root: nobody but itself calls it
        jq -r '.paths[].functions[0]' "$p" | sort -u > "$CF_TMP/pfirst"
        v=$(awk -F'\t' 'NR == FNR { first[$1] = 1; next } ($2 in first) && $1 != $2 { print $2 " (called by " $1 ")" }' \
            "$CF_TMP/pfirst" "$d/edges" | sort -u | head -n 5 | tr '\n' '|')
        cf_true "paths: every path starts at a root (no callers in the corpus)" "not roots: $v" test -z "$v"
        # id = first 16 hex digits of FNV-1a 64 of the names joined by "\n"
        bad=""
        i=0
        while IFS=$'\t' read -r v f; do
            n=$(cf_fnv1a64 "$(printf '%s' "$f" | tr '\001' '\n')")
            [ "$n" = "$v" ] || bad="$bad path$i(id $v, expected $n)"
            i=$((i + 1))
        done < <(jq -r '.paths[] | "\(.id)\t\(.functions | join("\u0001"))"' "$p")
        cf_true "paths: every id is FNV-1a 64 of the newline-joined names" "$bad" test -z "$bad"
    else
        cf_notok "paths --to alloc_domheap_pages --limit 50: exit 0, JSON" "$(cr_diag)"
    fi

    # --- 7. odd units ------------------------------------------------------------
    # -.ci ("<stdin>", defines "_"), asm-offsets.s.ci ("__dummy__"),
    # arch/x86/efi/check.ci ("test", "__x86_return_thunk")
    for f in "-.ci" asm-offsets.s.ci arch/x86/efi/check.ci; do
        if [ ! -f "$CF_TREE/$f" ]; then cf_notok "odd unit $f is in the corpus" "missing"; continue; fi
        # on its own, named directly, into a fresh database
        rm -f "$CF_TMP/odd.db"
        if timeout "$CF_TIMEOUT" "$CALLREACH" -d "$CF_TMP/odd.db" ingest "$CF_TREE/$f" > "$CF_TMP/odd.out" 2>&1; then
            cf_ok "ingest $f alone: exit 0"
        else
            cf_notok "ingest $f alone: exit 0" "$(head -c 300 "$CF_TMP/odd.out")"
        fi
        ( cd "$CF_TREE" && awk "$CF_PARSE_AWK" "./$f" ) | awk -F'\t' '$1 == "D" && index($3, ":") == 0 { print $3 "\t" $5 }' > "$CF_TMP/odd"
        if [ ! -s "$CF_TMP/odd" ]; then cf_notok "odd unit $f defines a global function" "none found by awk"; continue; fi
        while IFS=$'\t' read -r n v; do
            # expected definition site of n: every definition anywhere
            awk -F'\t' -v n="$n" '$1 == n { s = $4; sub(/^\.\//, "", s); print s }' "$d/defs" > "$CF_TMP/odd.exp"
            cr show "$n" --format json
            if [ "$CR_RC" -eq 0 ] && cr_json; then
                jq -r '.[] | select(.name == "'"$n"'") | .definitions[] | "\(.file | ltrimstr("./")):\(.line):\(.col)"' "$CR_OUT" > "$CF_TMP/odd.got"
                cf_sets_eq "show $n (from $f): defined at $(tr '\n' ' ' < "$CF_TMP/odd.exp")" "$CF_TMP/odd.exp" "$CF_TMP/odd.got"
            else
                cf_notok "show $n (from $f): exit 0" "$(cr_diag)"
            fi
        done < "$CF_TMP/odd"
    done

    # --- 8. export -------------------------------------------------------------
    cf_ancestors "$rec" alloc_domheap_pages | sort -u > "$CF_TMP/anc.exp"
    cr export --to alloc_domheap_pages --format json
    if [ "$CR_RC" -eq 0 ] && cr_json; then
        cf_ok "export --to alloc_domheap_pages --format json: exit 0, JSON"
        cp "$CR_OUT" "$CF_TMP/export.json"
        local e=$CF_TMP/export.json
        jq -r '.nodes[].name' "$e" > "$CF_TMP/anc.got"
        cf_true "export: more than one node" "$(wc -l < "$CF_TMP/anc.got") nodes" test "$(wc -l < "$CF_TMP/anc.got")" -gt 1
        cf_true "export: nodes include do_memory_op" "" grep -qx do_memory_op "$CF_TMP/anc.got"
        v=$(awk -F'\t' '$2 == "alloc_domheap_pages" { print $1 }' "$d/edges" | sort -u | comm -23 - <(sort -u "$CF_TMP/anc.got") | tr '\n' ' ')
        cf_true "export: nodes include every direct caller (awk)" "missing: $v" test -z "$v"
        cf_sets_eq "export: nodes = alloc_domheap_pages and all its ancestors (awk reverse BFS)" "$CF_TMP/anc.exp" "$CF_TMP/anc.got"
        cf_true "export: alloc_domheap_pages is the only target node" "$(jq -c '[.nodes[] | select(.target) | .name]' "$e")" \
            jq -e '[.nodes[] | select(.target) | .name] == ["alloc_domheap_pages"]' "$e"
        # edges: the subgraph induced by the nodes ("the subgraph of every
        # function on some path"), each with its located call sites
        awk -F'\t' 'NR == FNR { in_[$1] = 1; next } ($1 in in_) && ($2 in in_) { print $1 "\t" $2 }' \
            "$CF_TMP/anc.exp" "$d/edges" > "$CF_TMP/eedges.exp"
        jq -r '.edges[] | "\(.caller)\t\(.callee)"' "$e" > "$CF_TMP/eedges.got"
        cf_sets_eq "export: edges = corpus call edges among the nodes" "$CF_TMP/eedges.exp" "$CF_TMP/eedges.got"
        awk -F'\t' 'NR == FNR { in_[$1] = 1; next } ($1 in in_) && ($2 in in_) && $3 != "" { s = $3; sub(/^\.\//, "", s); print $1 "\t" $2 "\t" s }' \
            "$CF_TMP/anc.exp" "$d/sites" > "$CF_TMP/esites.exp"
        jq -r "$JQ_SITE"'.edges[] | .caller as $a | .callee as $b | .sites[] | select(site != "") | "\($a)\t\($b)\t\(site)"' "$e" > "$CF_TMP/esites.got"
        cf_sets_eq "export: edge call sites = located corpus call sites among the nodes" "$CF_TMP/esites.exp" "$CF_TMP/esites.got"
    else
        cf_notok "export --to alloc_domheap_pages --format json: exit 0, JSON" "$(cr_diag)"
    fi
    # The full DOT (1,567 / 4,618 functions) is far too big for a Graphviz
    # layout within the time limit (dot -Tsvg takes minutes even on a minimal
    # DOT of the defconfig graph), so it is only parsed (nop -p: Graphviz's
    # parser, no layout) and its nodes counted (gc -n); the layout with
    # dot -Tsvg is checked on the small graph of do_memory_op's callers.
    cr export --to alloc_domheap_pages --format dot -o "$CF_TMP/export.dot"
    if [ "$CR_RC" -eq 0 ] && [ -s "$CF_TMP/export.dot" ]; then
        cf_ok "export --to alloc_domheap_pages --format dot -o FILE: exit 0, non-empty"
        if timeout "$CF_TIMEOUT" nop -p "$CF_TMP/export.dot" > /dev/null 2> "$CF_TMP/dot.err"; then
            cf_ok "export --format dot: valid DOT (Graphviz nop -p)"
        else
            cf_notok "export --format dot: valid DOT (Graphviz nop -p)" "$(head -c 300 "$CF_TMP/dot.err")"
        fi
        n=$(gc -n "$CF_TMP/export.dot" 2> /dev/null | awk '{ s += $1 } END { print s + 0 }')
        cf_eq "export --format dot: one DOT node per function (gc -n = awk ancestors)" "$(wc -l < "$CF_TMP/anc.exp" | tr -d ' ')" "$n"
        # the edges, each once (a large graph's later edges are written on
        # a second thread and joined to the first's)
        awk '/^ *n[0-9]+ \[label="/ { match($0, /label="[^"]*"/); name[$1] = substr($0, RSTART + 7, RLENGTH - 8); next }
             /^ *n[0-9]+ -> n[0-9]+ / { e[++ne] = $1 " " $3 }
             END { for (i = 1; i <= ne; i++) { split(e[i], a, " "); print name[a[1]] "\t" name[a[2]] } }' \
            "$CF_TMP/export.dot" > "$CF_TMP/dedges.got"
        cf_eq "export --format dot: one DOT edge per call (awk)" "$(wc -l < "$CF_TMP/eedges.exp" | tr -d ' ')" "$(wc -l < "$CF_TMP/dedges.got" | tr -d ' ')"
        cf_sets_eq "export --format dot: edges = corpus call edges among the nodes" "$CF_TMP/eedges.exp" "$CF_TMP/dedges.got"
    else
        cf_notok "export --to alloc_domheap_pages --format dot -o FILE: exit 0, non-empty" "$(cr_diag)"
    fi

    cf_ancestors "$rec" do_memory_op | sort -u > "$CF_TMP/anc2.exp"
    cf_true "awk: do_memory_op has a small caller graph ($(wc -l < "$CF_TMP/anc2.exp") functions)" "" \
        test "$(wc -l < "$CF_TMP/anc2.exp")" -ge 5 -a "$(wc -l < "$CF_TMP/anc2.exp")" -le 100
    cr export --to do_memory_op --format json
    if [ "$CR_RC" -eq 0 ] && cr_json; then
        jq -r '.nodes[].name' "$CR_OUT" > "$CF_TMP/anc2.got"
        cf_sets_eq "export --to do_memory_op: nodes = do_memory_op and its ancestors (awk)" "$CF_TMP/anc2.exp" "$CF_TMP/anc2.got"
    else
        cf_notok "export --to do_memory_op: nodes = do_memory_op and its ancestors (awk)" "$(cr_diag)"
    fi
    cr export --to do_memory_op --format dot
    if [ "$CR_RC" -eq 0 ] && [ -s "$CR_OUT" ]; then
        if timeout "$CF_TIMEOUT" dot -Tsvg "$CR_OUT" > "$CF_TMP/small.svg" 2> "$CF_TMP/dot.err" \
           && grep -q '<svg' "$CF_TMP/small.svg"; then
            cf_ok "export --to do_memory_op --format dot: laid out by dot -Tsvg"
        else
            cf_notok "export --to do_memory_op --format dot: laid out by dot -Tsvg" "$(head -c 300 "$CF_TMP/dot.err")"
        fi
    else
        cf_notok "export --to do_memory_op --format dot: exit 0, non-empty" "$(cr_diag)"
    fi
    cr export --to do_memory_op --format svg
    if [ "$CR_RC" -eq 0 ] && grep -q '<svg' "$CR_OUT"; then
        cf_ok "export --to do_memory_op --format svg: an SVG document"
    else
        cf_notok "export --to do_memory_op --format svg: an SVG document" "$(cr_diag)"
    fi

    cf_finish
}

TAB=$'\t'
