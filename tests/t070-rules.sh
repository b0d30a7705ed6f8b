#!/bin/bash
# t070-rules: rule files: syntax errors (exit 3, FILE:LINE:), include,
# comments, patterns naming nothing (warnings, stale rules), triage
# verdicts (the most specific rule wins), user-supplied edges, and --rules
# supplying the default sources, targets and filters of reach, paths and
# export.
#
# The program (every call direct unless said otherwise):
#
#   ent.c    ent_a -> hub, side;  ent_b -> hub;  ent_c -> side, fp_caller
#   hub.c    hub -> alloc_small, hub.c:helper;  hub.c:helper -> alloc_big
#   side.c   side -> side.c:helper -> alloc_small  (a second static helper)
#   fp.c     fp_caller calls through a pointer (hook = fp_target);
#            fp_target -> alloc_big, and nobody calls fp_target directly
#   alloc.c  alloc_small, alloc_big
#
# With entries ent_* and targets alloc_*, the paths are
#
#   1 ent_a > hub > alloc_small
#   2 ent_a > hub > hub.c:helper > alloc_big
#   3 ent_a > side > side.c:helper > alloc_small
#   4 ent_b > hub > alloc_small
#   5 ent_b > hub > hub.c:helper > alloc_big
#   6 ent_c > side > side.c:helper > alloc_small
#   7 ent_c > fp_caller > fp_target > alloc_big   (only with the edge rule)

# shellcheck disable=SC1091,SC2016
. "$(dirname "$0")/lib.sh"

require_callreach

src=$TMP/src
mkdir -p "$src"
cat >"$src/ent.c" <<'EOF'
/* t070: the entry points. */
extern void hub(int), side(int), fp_caller(int);
extern volatile int sink;

void ent_a(int n)
{
	hub(n);
	side(n);
	sink++;
}

void ent_b(int n)
{
	hub(n);
	sink++;
}

void ent_c(int n)
{
	side(n);
	fp_caller(n);
	sink++;
}
EOF
cat >"$src/hub.c" <<'EOF'
/* t070: hub -> alloc_small, hub -> hub.c:helper -> alloc_big. */
extern void *alloc_small(int), *alloc_big(int);
extern volatile int sink;

static void *__attribute__((noinline)) helper(int n)
{
	sink++;
	return alloc_big(n);
}

void hub(int n)
{
	if (alloc_small(n))
		sink++;
	if (n > 3 && helper(n))
		sink++;
}
EOF
cat >"$src/side.c" <<'EOF'
/* t070: side -> side.c:helper -> alloc_small (a second static helper). */
extern void *alloc_small(int);
extern volatile int sink;

static void *__attribute__((noinline)) helper(int n)
{
	sink++;
	return alloc_small(n);
}

void side(int n)
{
	if (helper(n))
		sink++;
}
EOF
cat >"$src/fp.c" <<'EOF'
/* t070: fp_caller calls through a pointer; fp_target is only called so. */
extern void *alloc_big(int);
extern volatile int sink;
void fp_target(int n);
void (*volatile hook)(int) = fp_target;

void fp_caller(int n)
{
	hook(n);
	sink++;
}

void fp_target(int n)
{
	if (alloc_big(n))
		sink++;
}
EOF
cat >"$src/alloc.c" <<'EOF'
/* t070: the allocators (the targets). */
volatile int sink;
static char pool[4096];

void *alloc_small(int n)
{
	sink += n;
	return pool + (n & 15);
}

void *alloc_big(int n)
{
	sink -= n;
	return pool + (n & 255);
}
EOF
check "sources compile" build_sources "$src"
db=$TMP/t.db
expect_success "ingest" cr -d "$db" ingest "$src"

# err_has TEXT: the last stderr holds TEXT (a fixed string).
err_has() {
	grep -Fq -- "$1" "$ERR"
}

# out_has TEXT: the last stdout holds TEXT (a fixed string).
out_has() {
	grep -Fq -- "$1" "$OUT"
}

# crq ARGS...: callreach with a short time limit (an include loop must
# not hang).
crq() {
	timeout 10 "$CALLREACH" "$@"
}

# ---- malformed rule files: exit 3 and FILE:LINE: ----

bad=$TMP/bad
mkdir -p "$bad"
printf 'target alloc_*\nfrobnicate alloc_small\n' >"$bad/unknown.rules"
printf 'target alloc_*\nentry ent_*\ntriage MAYBE "r" : ent_a > hub > alloc_small\n' \
	>"$bad/verdict.rules"
printf 'target alloc_*\ntriage SAFE "r" ent_a > hub > alloc_small\n' \
	>"$bad/nocolon.rules"
printf 'target alloc_*\n\ntriage SAFE "oops : ent_a > hub > alloc_small\n' \
	>"$bad/quote.rules"
printf 'edge fp_caller fp_target\n' >"$bad/edge3.rules"
printf '# one word too many\nedge fp_caller fp_target "reason" extra\n' \
	>"$bad/edge5.rules"
printf 'target alloc_*\n# the next line names a file that is not there\ninclude no-such-file.rules\n' \
	>"$bad/include.rules"
printf 'target alloc_*\ninclude loop-b.rules\n' >"$bad/loop-a.rules"
printf 'entry ent_*\ninclude loop-a.rules\n' >"$bad/loop-b.rules"
printf '# includes itself\ninclude self.rules\n' >"$bad/self.rules"
printf 'target alloc_*\nentry ent_\0*\n' >"$bad/nul.rules"

# bad_rules NAME LINE-RE DESC: check and reach with $bad/NAME exit 3 and
# say "NAME:LINE:" (LINE-RE an extended regex for the line) on stderr.
bad_rules() {
	local name=$1 line=$2 desc=$3 re
	re="$(printf '%s' "$bad/$name" | sed 's/[.[\*^$]/\\&/g'):($line): "
	expect_exit 3 "$desc: check exits 3" \
		crq -d "$db" check --rules "$bad/$name" &&
		check "$desc: check says $name:LINE:" grep_err "$re"
	expect_exit 3 "$desc: reach exits 3" \
		crq -d "$db" reach --rules "$bad/$name" ent_a alloc_small &&
		check "$desc: reach says $name:LINE:" grep_err "$re"
}

bad_rules unknown.rules 2 "unknown directive"
bad_rules verdict.rules 3 "unknown verdict"
bad_rules nocolon.rules 2 "triage without ':'"
bad_rules quote.rules 3 "unterminated quote"
bad_rules edge3.rules 1 "edge with two names and no reason"
bad_rules edge5.rules 2 "edge with an extra word"
bad_rules include.rules 3 "include of a missing file"
bad_rules loop-a.rules 2 "include loop"
bad_rules self.rules 2 "a file including itself"
bad_rules nul.rules 2 "a NUL byte"

# ---- include is relative to the including file ----

mkdir -p "$TMP/r/sub"
printf '# the main file\ninclude sub/targets.rules\n' >"$TMP/r/main.rules"
printf 'target alloc_big\ninclude entries.rules\n' >"$TMP/r/sub/targets.rules"
printf 'entry ent_b\n' >"$TMP/r/sub/entries.rules"
# a decoy next to main.rules (and in the current directory below)
printf 'entry ent_a\n' >"$TMP/r/entries.rules"
expect_success "include from / with an absolute --rules" \
	in_dir / crq -d "$db" reach --format json --rules "$TMP/r/main.rules" &&
	check "include: sub/entries.rules, relative to sub/targets.rules" \
		jq_is '{from, to}' '{"from":["ent_b"],"to":["alloc_big"]}'
expect_success "include with a relative --rules" \
	in_dir "$TMP/r" crq -d "$db" reach --format json --rules main.rules &&
	check "include: not the decoy in the current directory" \
		jq_is '{from, to, path}' \
		'{"from":["ent_b"],"path":["ent_b","hub","hub.c:helper","alloc_big"],"to":["alloc_big"]}'

# ---- comments, quoting ----

cat >"$TMP/comments.rules" <<'EOF'
# a comment line
	# an indented comment
entry ent_b # ent_b only: "ent_a" is in a comment
target hub.c#helper	#the static helper of hub.c, not side.c's
EOF
expect_success "reach with comments and file.c#name" \
	crq -d "$db" reach --format json --rules "$TMP/comments.rules" &&
	check "'#' starts a comment at a word's start, not inside file.c#name" \
		jq_is '{from, to, path}' \
		'{"from":["ent_b"],"path":["ent_b","hub","hub.c:helper"],"to":["hub.c:helper"]}'
check "comments: no warning" eval '! grep -q warning "$ERR"'

cat >"$TMP/tcomment.rules" <<'EOF'
entry "ent_b"
target alloc_small
triage SAFE "reviewed" : ent_b > hub > alloc_small # see review 12
EOF
expect_success "a comment after a triage rule's path pattern" \
	crq -d "$db" check --format json --rules "$TMP/tcomment.rules" &&
	check "the comment is not part of the path pattern" \
		jq_is '[.paths[] | {functions, verdict}]' \
		'[{"functions":["ent_b","hub","alloc_small"],"verdict":"SAFE"}]'

# ---- triage ----

R=$TMP/triage.rules
cat >"$R" <<'EOF'
# t070 triage rules: entries, targets, a user edge and verdicts
target alloc_*
entry ent_* no_such_function
edge fp_caller fp_target "installed as the hook in fp.c"
edge nobody_calls fp_target "a stale edge"
exclude zz_nothing
triage SAFE "hub is \"reviewed\" \\ #42" : ... > hub > ...
triage UNSAFE "ent_a's small allocation" : ent_a > ... > hub > alloc_small
triage UNSAFE "ent_c through side" : ent_c > ... > side.c#helper > alloc_small
triage PROB_SAFE "side's helper" : ent_* > ... > side.c#helper > alloc_small
triage UNDECIDED "first of two" : ent_b > ... > alloc_big
triage PROB_SAFE "second of two" : ... > hub.c:helper > alloc_big
triage UNSAFE "not anchored" : hub > alloc_small
triage SAFE "never" : ent_b > side > ...
EOF
# Verdicts, from the rules above (line numbers in brackets):
#   1 ent_a > hub > alloc_small: [7] "... > hub > ..." names 1 function,
#     [8] names 3 ("..." matching no function): UNSAFE
#   2 ent_a > hub > hub.c:helper > alloc_big: [7] and [12] (2): PROB_SAFE
#   3 ent_a > side > side.c:helper > alloc_small: [10] only: PROB_SAFE
#   4 ent_b > hub > alloc_small: [7]; [13] must match the whole path and
#     does not: SAFE
#   5 ent_b > hub > hub.c:helper > alloc_big: [7], [11] and [12] name 2
#     functions each with no glob: the later [12] wins: PROB_SAFE
#   6 ent_c > side > side.c:helper > alloc_small: [9] and [10] name 3
#     each; [9] has no glob, [10] one: [9] wins although written first:
#     UNSAFE
#   7 ent_c > fp_caller > fp_target > alloc_big: no rule: UNDECIDED
# Stale: [3] no_such_function, [5] nobody_calls, [6] zz_nothing, and the
# triage rules deciding no path: [11], [13], [14].
expect_success "check --rules (text)" crq -d "$db" check --rules "$R"
check "an edge naming nothing is a warning (an entry's or filter's is only stale)" \
	eval 'grep -q "warning" "$ERR" && ! err_has no_such_function &&
	! err_has zz_nothing && err_has nobody_calls'
stale_text_ok=1
for l in 3 5 6 11 13 14; do
	grep -Fq -- "$R:$l:" "$OUT" || {
		echo "#  stale rule at line $l not listed"
		stale_text_ok=0
	}
done
for l in 2 4 7 8 9 10 12; do
	grep -Fq -- "$R:$l: " "$OUT" && {
		echo "#  line $l listed as stale"
		stale_text_ok=0
	}
done
check "check (text) lists the stale rules, and only those" test "$stale_text_ok" = 1
check "check (text) shows a verdict's reason" \
	out_has "ent_a's small allocation"

expect_success "check --rules --format json" \
	crq -d "$db" check --format json --rules "$R"
cp "$OUT" "$TMP/check.json"
check "check: 7 paths, 6 pairs" jq_is '{count, n: (.paths | length), pairs: (.pairs | length)}' \
	'{"count":7,"n":7,"pairs":6}'
check "check: the verdict of every path" \
	jq_is '[.paths[] | [(.functions | join(" > ")), .verdict]] | sort' \
	'[["ent_a > hub > alloc_small","UNSAFE"],["ent_a > hub > hub.c:helper > alloc_big","PROB_SAFE"],["ent_a > side > side.c:helper > alloc_small","PROB_SAFE"],["ent_b > hub > alloc_small","SAFE"],["ent_b > hub > hub.c:helper > alloc_big","PROB_SAFE"],["ent_c > fp_caller > fp_target > alloc_big","UNDECIDED"],["ent_c > side > side.c:helper > alloc_small","UNSAFE"]]'
check "check: the deciding rule of every decided path" \
	jq_is '[.paths[] | [(.functions | join(" > ")), .rule]] | sort' \
	"$(jq -cn --arg R "$R" '[["ent_a > hub > alloc_small", "\($R):8"], ["ent_a > hub > hub.c:helper > alloc_big", "\($R):12"], ["ent_a > side > side.c:helper > alloc_small", "\($R):10"], ["ent_b > hub > alloc_small", "\($R):7"], ["ent_b > hub > hub.c:helper > alloc_big", "\($R):12"], ["ent_c > fp_caller > fp_target > alloc_big", null], ["ent_c > side > side.c:helper > alloc_small", "\($R):9"]]')"
check "check: quoted reason with \\\" and \\\\ escapes (and a # inside)" \
	jq_is '[.paths[] | select(.functions == ["ent_b","hub","alloc_small"]) | .reason]' \
	'["hub is \"reviewed\" \\ #42"]'
check "check: .by_verdict" jq_is .by_verdict \
	'{"PROB_SAFE":3,"SAFE":1,"UNDECIDED":1,"UNSAFE":2}'
check "check: .by_target" jq_is .by_target \
	'{"alloc_big":{"PROB_SAFE":2,"SAFE":0,"UNDECIDED":1,"UNSAFE":0},"alloc_small":{"PROB_SAFE":1,"SAFE":1,"UNDECIDED":0,"UNSAFE":2}}'
check "check: .stale lists lines 3, 5, 6, 11, 13 and 14 of the file" \
	jq_is '[.stale[] | .line] | sort' '[3,5,6,11,13,14]'
check "check: .stale names the file, and the entry naming nothing" \
	jq_is '[.stale[] | select(.line == 3) | (tostring | contains("no_such_function"))]' \
	'[true]'
check "check: every .stale item names the rule file" \
	test "$(jq -r '.stale[].file' "$TMP/check.json" 2>/dev/null | sort -u)" = "$R"

# a pattern naming a function another pattern named already is not stale
printf 'entry ent_b\ntarget alloc_* alloc_small\n' >"$TMP/overlap.rules"
expect_success "check with overlapping target patterns" \
	crq -d "$db" check --format json --rules "$TMP/overlap.rules" &&
	check "overlapping patterns: both name functions, nothing stale" \
		jq_is '{count, stale}' '{"count":2,"stale":[]}'
check "overlapping patterns: no warning" eval '! grep -q warning "$ERR"'

# ---- edge rules ----

E=$TMP/edge.rules
printf 'edge fp_caller fp_target "installed as the hook in fp.c"\n' >"$E"
expect_exit 1 "without the edge rule ent_c cannot reach alloc_big" \
	crq -d "$db" reach ent_c alloc_big
expect_success "with the edge rule ent_c reaches alloc_big" \
	crq -d "$db" reach --rules "$E" ent_c alloc_big &&
	check "reach shows the user-supplied edge with its reason" \
		out_has "installed as the hook in fp.c"
expect_success "reach --format json with the edge rule" \
	crq -d "$db" reach --format json --rules "$E" ent_c alloc_big &&
	check "the witness goes through the user-supplied edge" \
		jq_is .path '["ent_c","fp_caller","fp_target","alloc_big"]'

# ---- --rules supplies default entries, targets and filters ----

expect_success "reach --rules with no FROM and TO" \
	crq -d "$db" reach --format json --rules "$R" &&
	check "reach: the rules' entries and targets, the first shortest path" \
		jq_is '{from, to, path}' \
		'{"from":["ent_a","ent_b","ent_c"],"path":["ent_a","hub","alloc_small"],"to":["alloc_big","alloc_small"]}'
expect_success "paths --rules" crq -d "$db" paths --format json --rules "$R" &&
	check "paths: the seven paths from the entries" \
		jq_is '{count, p: ([.paths[].functions | join(" > ")] | sort)}' \
		'{"count":7,"p":["ent_a > hub > alloc_small","ent_a > hub > hub.c:helper > alloc_big","ent_a > side > side.c:helper > alloc_small","ent_b > hub > alloc_small","ent_b > hub > hub.c:helper > alloc_big","ent_c > fp_caller > fp_target > alloc_big","ent_c > side > side.c:helper > alloc_small"]}'
expect_success "export --rules" crq -d "$db" export --format json --rules "$R" &&
	check "export: the subgraph between the rules' entries and targets" \
		jq_is '{n: ([.nodes[].name] | sort), s: ([.nodes[] | select(.source) | .name] | sort), t: ([.nodes[] | select(.target) | .name] | sort)}' \
		'{"n":["alloc_big","alloc_small","ent_a","ent_b","ent_c","fp_caller","fp_target","hub","hub.c:helper","side","side.c:helper"],"s":["ent_a","ent_b","ent_c"],"t":["alloc_big","alloc_small"]}'

F=$TMP/filters.rules
printf 'entry ent_*\ntarget alloc_*\nedge fp_caller fp_target "hook"\nexclude hub\n' >"$F"
expect_success "paths --rules with 'exclude hub'" \
	crq -d "$db" paths --format json --rules "$F" &&
	check "exclude in the rules: no path through hub" \
		jq_is '[.paths[].functions | join(" > ")] | sort' \
		'["ent_a > side > side.c:helper > alloc_small","ent_c > fp_caller > fp_target > alloc_big","ent_c > side > side.c:helper > alloc_small"]'
expect_success "paths --rules with 'exclude hub' and --exclude side" \
	crq -d "$db" paths --format json --rules "$F" --exclude side &&
	check "the rules' filters join the command line's" \
		jq_is '[.paths[].functions | join(" > ")]' \
		'["ent_c > fp_caller > fp_target > alloc_big"]'
expect_success "reach --rules with 'exclude hub'" \
	crq -d "$db" reach --format json --rules "$F" &&
	check "reach: the first shortest path avoiding hub" \
		jq_is .path '["ent_a","side","side.c:helper","alloc_small"]'
expect_exit 1 "reach --rules FROM TO: the rules' filters still apply" \
	crq -d "$db" reach --rules "$F" ent_b alloc_small
expect_success "export --rules with 'exclude hub'" \
	crq -d "$db" export --format json --rules "$F" &&
	check "export: hub and its helper are not in the subgraph" \
		jq_is '[.nodes[].name] | sort' \
		'["alloc_big","alloc_small","ent_a","ent_c","fp_caller","fp_target","side","side.c:helper"]'

printf 'entry ent_*\ntarget alloc_*\nexclude-file side.c\n' >"$TMP/xfile.rules"
expect_success "paths --rules with 'exclude-file side.c'" \
	crq -d "$db" paths --format json --count --rules "$TMP/xfile.rules" &&
	check "exclude-file: paths 1, 2, 4 and 5" jq_is .count 4
printf 'entry ent_*\ntarget alloc_*\nonly hub\n' >"$TMP/only.rules"
expect_success "paths --rules with 'only hub'" \
	crq -d "$db" paths --format json --rules "$TMP/only.rules" &&
	check "only: the paths whose intermediates are all hub" \
		jq_is '[.paths[].functions | join(" > ")] | sort' \
		'["ent_a > hub > alloc_small","ent_b > hub > alloc_small"]'
printf 'entry ent_*\ntarget alloc_*\nstop hub.c#helper\n' >"$TMP/stop.rules"
expect_success "paths --rules with 'stop hub.c#helper'" \
	crq -d "$db" paths --format json --rules "$TMP/stop.rules" &&
	check "stop: nothing beyond hub.c:helper (side.c's helper is not stopped)" \
		jq_is '[.paths[].functions | join(" > ")] | sort' \
		'["ent_a > hub > alloc_small","ent_a > side > side.c:helper > alloc_small","ent_b > hub > alloc_small","ent_c > side > side.c:helper > alloc_small"]'

finish
