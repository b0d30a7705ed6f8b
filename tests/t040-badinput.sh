#!/bin/bash
# t040-badinput: malformed .ci files are errors (exit 3) that name the file
# and the line, and leave the database exactly as it was; attributes the
# parser does not know are ignored.
#
# Each bad file is ingested together with a good unit (extra.c), into a
# database that already holds a good build (good.c): after the failure the
# database file must be byte for byte the same, still answer queries about
# good.c, and know nothing of extra.c.

# shellcheck disable=SC1091,SC2016
. "$(dirname "$0")/lib.sh"

require_callreach

db=$TMP/t.db
good_build "$db"

# bad_input NAME DESC LINE: ingest $TMP/bad-NAME/NAME.ci (with extra.ci);
# it must fail with exit 3, and "NAME.ci:LINE:" in the message (LINE is a
# regex).
bad_input() {
	local name=$1 desc=$2 line=$3 dir=$TMP/bad-$1
	cp "$extra/extra.ci" "$dir/"
	expect_exit 3 "$desc: exit 3" cr -d "$db" ingest "$dir"
	check "$desc: 'callreach: error:' on stderr" grep_err "callreach: error:"
	check "$desc: the message names the file and line" \
		grep_err "$name\\.ci:$line:"
	check "$desc: database unchanged" cmp "$TMP/t.db.orig" "$db"
	expect_success "$desc: the good build is still answered" \
		cr -d "$db" reach entry alloc
	expect_exit 2 "$desc: the good unit of the failed ingest is not there" \
		cr -d "$db" show extra_fn
	# start the next case from the original database in any case
	cp "$TMP/t.db.orig" "$db"
}

mkdir -p "$TMP"/bad-{trunc,nobrace,nul,object,quote,notitle,huge}

# truncated in the middle of a quoted label
printf '%s\n%s\n%s' \
	'graph: { title: "trunc.c"' \
	'node: { title: "f" label: "f\ntrunc.c:1:6\n16 bytes (static)\n0 dynamic objects" }' \
	'node: { title: "g" label: "g\ntrunc.c:' \
	>"$TMP/bad-trunc/trunc.ci"
bad_input trunc "file truncated inside a string" "[0-9]+"

# truncated at a line end: the graph is never closed
head -n 3 "$good/good.ci" >"$TMP/bad-nobrace/nobrace.ci"
bad_input nobrace "file truncated before the closing brace" "[0-9]+"

# NUL bytes and other binary garbage
printf 'graph: { title: "nul.c"\nnode: { title: "f\0\0\377\376" label: "f\\nnul.c:1:6\\n16 bytes (static)\\n0 dynamic objects" }\n\0\0\0\377garbage\n}\n' \
	>"$TMP/bad-nul/nul.ci"
bad_input nul "NUL bytes in a title" 2
cp "$good/good.o" "$TMP/bad-object/object.ci"
bad_input object "an object file named .ci" 1

# unbalanced quote
printf '%s\n%s\n%s\n%s\n' \
	'graph: { title: "quote.c"' \
	'node: { title: "f" label: "f\nquote.c:1:6\n16 bytes (static)\n0 dynamic objects }' \
	'node: { title: "g" label: "g\nquote.c:5:6\n16 bytes (static)\n0 dynamic objects" }' \
	'}' >"$TMP/bad-quote/quote.ci"
bad_input quote "unbalanced quote" "[0-9]+"

# a node without a title
printf '%s\n%s\n%s\n' \
	'graph: { title: "notitle.c"' \
	'node: { label: "f\nnotitle.c:1:6\n16 bytes (static)\n0 dynamic objects" }' \
	'}' >"$TMP/bad-notitle/notitle.ci"
bad_input notitle "node without a title" 2

# a single 2 MB line of garbage
{
	echo 'graph: { title: "huge.c"'
	head -c 2097152 /dev/zero | tr '\0' '@'
	printf '\n}\n'
} >"$TMP/bad-huge/huge.ci"
bad_input huge "a 2 MB line of garbage" 2

# A first load (read ahead on a second thread, the storing one reading
# further units rather than wait) of forty units, three of them broken:
# one error, for the first broken one in the order of the files, each
# time, and no database left; a --rebuild of a good build is the same, and leaves
# it as it was.
many=$TMP/many
mkdir -p "$many"
for i in $(seq -w 1 40); do
	sed "s/good\.c/u$i.c/g" "$good/good.ci" >"$many/u$i.ci"
done
# long, so that both threads are in the middle of one when it fails
for i in 17 18 31; do
	{
		printf 'graph: { title: "u%s.c"\n' "$i"
		seq -f 'node: { title: "f%g" label: "f\\nu.c:1:2" }' 1 20000
	} >"$many/u$i.ci"
done
first_ok=0 only_one=0
for run in 1 2 3 4 5 6 7 8; do
	rm -f "$TMP/many.db"*
	cr -d "$TMP/many.db" ingest "$many" >"$OUT" 2>"$ERR" </dev/null
	rc=$?
	[ $rc -eq 3 ] && grep_err '^callreach: error: .*/u17\.ci:[0-9]+:' &&
		first_ok=$((first_ok + 1))
	[ "$(grep -c '' "$ERR")" -eq 1 ] && only_one=$((only_one + 1))
done
check "first load, three broken units: exit 3 naming the first, 8 of 8" \
	test "$first_ok" -eq 8
check "first load, three broken units: one message, 8 of 8" \
	test "$only_one" -eq 8
check "first load, three broken units: no database left" \
	test ! -e "$TMP/many.db"
cp "$db" "$TMP/rebuild.db"
cp "$db" "$TMP/rebuild.db.orig"
expect_exit 3 "--rebuild, three broken units: exit 3" \
	cr -d "$TMP/rebuild.db" ingest --rebuild "$many"
check "--rebuild, three broken units: only the first is named" \
	test "$(grep -c '' "$ERR")" -eq 1 -a -n "$(grep u17.ci "$ERR")"
check "--rebuild, three broken units: database unchanged" \
	cmp "$TMP/rebuild.db.orig" "$TMP/rebuild.db"

# a PATH that does not exist: an error, and nothing changes
cr -d "$db" ingest "$TMP/no-such-dir" >"$OUT" 2>"$ERR" </dev/null
rc=$?
check "missing PATH: an error (exit 3 or 4)" test "$rc" -eq 3 -o "$rc" -eq 4
check "missing PATH: 'callreach: error:' on stderr" grep_err "callreach: error:"
check "missing PATH: database unchanged" cmp "$TMP/t.db.orig" "$db"

# unknown attributes, "name : value" with spaces, an edge without a call
# site (GCC writes those for calls of partially inlined functions): fine
attrs=$TMP/attrs
mkdir -p "$attrs"
printf '%s\n' \
	'graph: { title: "attrs.c" color: lightgrey' \
	'node: { title: "attr_fn" label: "attr_fn\nattrs.c:3:6\n16 bytes (static)\n0 dynamic objects" color: red borderwidth: 2 }' \
	'node: { title: "attr_callee" label: "attr_callee\nattrs.c:1:13" shape : ellipse textcolor : "blue" }' \
	'edge: { sourcename: "attr_fn" targetname: "attr_callee" label: "attrs.c:5:2" color: blue }' \
	'edge: { sourcename: "attr_fn" targetname: "attr_callee" }' \
	'}' >"$attrs/attrs.ci"
expect_success "unknown attributes are ignored" cr -d "$db" ingest "$attrs"
expect_success "reach through the ingested unit" \
	cr -d "$db" reach attr_fn attr_callee
expect_success "show attr_fn" cr -d "$db" show --format json attr_fn &&
	check "attr_fn read right despite the unknown attributes" \
		jq_is '.[0] | {defined, line: .definitions[0].line, col: .definitions[0].col, sites: [.callees[] | select(.line == 5) | [.name, .col]]}' \
		'{"col":6,"defined":true,"line":3,"sites":[["attr_callee",2]]}'

finish
