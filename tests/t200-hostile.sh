#!/bin/bash
# t200-hostile: hostile input to "ingest".  Each case is a tree holding one
# hostile .ci file (and a good unit besides), ingested into a database that
# already holds a good build.  Each must give a clear message (one
# "callreach: error:" line naming the file, and the line where there is
# one, in printable UTF-8), exit 3 (bad input, README "Exit codes"), leave
# the database byte for byte unchanged, and never hang or crash.
#
# Cases: empty and blank files, truncated files, binary files, NUL bytes,
# 10 MB lines, unterminated strings, deep nesting, a node without title,
# an edge to nowhere, duplicate definitions, non-UTF-8 names, unreadable
# files and directories, a FIFO, symlink loops, 50,000 empty .ci files.

# shellcheck disable=SC1091,SC2016
. "$(dirname "$0")/lib.sh"

require_callreach

db=$TMP/t.db
good_build "$db"
# a unit of some size, to truncate: the example program's memory.c
big=$TMP/big
mkdir -p "$big"
cp "$REPO_DIR"/tests/example/*.[ch] "$big/"
check "example program compiles" build_sources "$big"

# clear_message FILE LINE: the last stderr is a clear error naming FILE
# (a fixed string) and, unless LINE is empty, "FILE:LINE:" (LINE a regex).
clear_message() {
	local file=$1 line=$2
	if ! head -n 1 "$ERR" | grep -q '^callreach: error: '; then
		echo "#  first line of stderr is not 'callreach: error: ...'"
		return 1
	fi
	if ! grep -qF -- "$file" "$ERR"; then
		echo "#  stderr does not name '$file'"
		return 1
	fi
	if [ -n "$line" ] && ! grep -Eq -- "$(printf '%s' "$file" |
		sed 's/[][\.*^$+?(){}|]/\\&/g'):$line:" "$ERR"; then
		echo "#  stderr has no '$file:$line:'"
		return 1
	fi
	if [ "$(wc -l <"$ERR")" -gt 3 ]; then
		echo "#  more than 3 lines on stderr"
		return 1
	fi
	if ! iconv -f UTF-8 -t UTF-8 "$ERR" >/dev/null 2>&1; then
		echo "#  stderr is not UTF-8"
		return 1
	fi
	if tr -d '\n' <"$ERR" | LC_ALL=C grep -q '[[:cntrl:]]'; then
		echo "#  control characters on stderr"
		return 1
	fi
	if grep -Eq 'BUG|Sanitizer|runtime error|Assertion' "$ERR"; then
		echo "#  a crash report on stderr"
		return 1
	fi
	return 0
}

# hostile NAME DESC FILE LINE: ingest the tree $TMP/h-NAME (with extra.ci
# added) into the good database; it must fail with exit 3 and a clear
# message naming FILE (a path under the tree) and LINE (a regex, or "" when
# there is no line), and change nothing.
hostile() {
	local desc=$2 file=$3 line=$4 dir=$TMP/h-$1
	cp "$extra/extra.ci" "$dir/"
	expect_exit 3 "$desc: exit 3" cr -d "$db" ingest "$dir"
	check "$desc: a clear message naming the file${line:+ and line}" \
		clear_message "$dir/$file" "$line"
	check "$desc: database unchanged" cmp "$TMP/t.db.orig" "$db"
	# start the next case from the original database in any case
	cp "$TMP/t.db.orig" "$db"
}

# a defined node line for .ci texts written by hand
node() {
	printf 'node: { title: "%s" label: "%s\\nh.c:%d:6\\n16 bytes (static)\\n0 dynamic objects" }\n' \
		"$1" "$1" "${2:-1}"
}

mkdir -p "$TMP"/h-{empty,blank,nulls,nul-ws,urandom,gzip,elf}
mkdir -p "$TMP"/h-{long-string,long-word,long-space,unterm,unterm-long}
mkdir -p "$TMP"/h-{deep,notitle,emptytitle,graphtitle,nosource,nowhere}
mkdir -p "$TMP"/h-{nofrom,ctl,dupdef,utf8-title,utf8-file,utf8-overlong}
mkdir -p "$TMP"/h-{utf8-surrogate,fifo,symloop,dangling,many}

# --- empty, blank ---
: >"$TMP/h-empty/empty.ci"
hostile empty "an empty file" empty.ci 1
printf '\n\n  \t\n\n' >"$TMP/h-blank/blank.ci"
hostile blank "a file of blank lines" blank.ci "[0-9]+"

# --- truncated: a real unit cut at ten places ---
size=$(wc -c <"$big/memory.ci")
check "the unit to truncate is not tiny ($size bytes)" test "$size" -gt 1000
for i in 1 2 3 4 5 6 7 8 9 10; do
	cut=$((size * i / 11))
	mkdir -p "$TMP/h-trunc$i"
	head -c "$cut" "$big/memory.ci" >"$TMP/h-trunc$i/memory.ci"
	hostile "trunc$i" "memory.ci cut after $cut of $size bytes" \
		memory.ci "[0-9]+"
done

# --- binary ---
head -c 4096 /dev/zero >"$TMP/h-nulls/nulls.ci"
hostile nulls "4 KiB of NUL bytes" nulls.ci 1
{
	echo 'graph: { title: "nul.c"'
	printf '\0\n'
	node f 2
	echo '}'
} >"$TMP/h-nul-ws/nul-ws.ci"
hostile nul-ws "a NUL byte between tokens" nul-ws.ci 2
head -c 65536 /dev/urandom >"$TMP/h-urandom/random.ci"
hostile urandom "64 KiB of random bytes" random.ci "[0-9]+"
gzip -c "$big/memory.ci" >"$TMP/h-gzip/gzip.ci"
hostile gzip "a gzip-compressed unit" gzip.ci "[0-9]+"
cp "$CALLREACH" "$TMP/h-elf/elf.ci" 2>/dev/null || cp "$big/memory.o" "$TMP/h-elf/elf.ci"
hostile elf "an executable named .ci" elf.ci 1

# --- 10 MB lines (the limit is 1 MiB: README "Reliability") ---
ten_mb() { head -c 10485760 /dev/zero | tr '\0' "$1"; }
{
	echo 'graph: { title: "long.c"'
	printf 'node: { title: "f" label: "'
	ten_mb x
	printf '" }\n}\n'
} >"$TMP/h-long-string/long.ci"
hostile long-string "a 10 MB string on one line" long.ci 2
{
	echo 'graph: { title: "long.c"'
	printf 'node: { title: "f" label: '
	ten_mb y
	printf ' }\n}\n'
} >"$TMP/h-long-word/long.ci"
hostile long-word "a 10 MB word on one line" long.ci 2
{
	printf 'graph: { title: "long.c"\nnode: { title: "f"'
	ten_mb ' '
	printf '}\n}\n'
} >"$TMP/h-long-space/long.ci"
hostile long-space "10 MB of blanks on one line" long.ci 2

# --- unterminated strings ---
{
	echo 'graph: { title: "unterm.c"'
	node f 2
	printf 'node: { title: "g }\n}\n'
} >"$TMP/h-unterm/unterm.ci"
hostile unterm "a string opened and never closed" unterm.ci 3
{
	echo 'graph: { title: "unterm.c"'
	printf 'node: { title: "f" label: "f\n'
	for i in $(seq 1 2000); do echo "line $i of a string"; done
} >"$TMP/h-unterm-long/unterm.ci"
hostile unterm-long "a string running to the end of the file" unterm.ci 2

# --- structure ---
{
	printf 'graph: { title: "deep.c"\n'
	for i in $(seq 1 100000); do printf 'x: { '; done
	echo
} >"$TMP/h-deep/deep.ci"
hostile deep "100,000 nested objects" deep.ci "[0-9]+"
printf 'graph: { title: "notitle.c"\nnode: { label: "f" }\n}\n' \
	>"$TMP/h-notitle/notitle.ci"
hostile notitle "a node without title" notitle.ci 2
printf 'graph: { title: "e.c"\nnode: { title: "" label: "f" }\n}\n' \
	>"$TMP/h-emptytitle/empty-title.ci"
hostile emptytitle "a node with an empty title" empty-title.ci 2
{
	echo 'graph: { label: "no title"'
	node f 2
	echo '}'
} >"$TMP/h-graphtitle/graph-title.ci"
hostile graphtitle "a graph without title" graph-title.ci 1
{
	echo 'graph: { title: "nosource.c"'
	node f 2
	echo 'edge: { targetname: "f" }'
	echo '}'
} >"$TMP/h-nosource/nosource.ci"
hostile nosource "an edge without a source" nosource.ci 3
{
	echo 'graph: { title: "nowhere.c"'
	node f 2
	echo 'edge: { sourcename: "f" targetname: "nowhere" label: "h.c:2:3" }'
	echo '}'
} >"$TMP/h-nowhere/nowhere.ci"
hostile nowhere "an edge to nowhere" nowhere.ci 3
{
	echo 'graph: { title: "nofrom.c"'
	node f 2
	echo 'edge: { sourcename: "ghost" targetname: "f" label: "h.c:2:3" }'
	echo '}'
} >"$TMP/h-nofrom/nofrom.ci"
hostile nofrom "an edge from nowhere" nofrom.ci 3
# names quoted in a message are escaped: no line break, no terminal control
{
	echo 'graph: { title: "ctl.c"'
	node f 2
	printf 'edge: { sourcename: "f" targetname: "evil\033[2J\\nname" label: "h.c:2:3" }\n'
	echo '}'
} >"$TMP/h-ctl/ctl.ci"
hostile ctl "an edge to nowhere named with control characters" ctl.ci 3

# --- duplicate definitions ---
# The same title defined twice in one unit: GCC never writes that, and
# the two labels disagree; which one would be stored?
{
	echo 'graph: { title: "dup.c"'
	node f 2
	node f 3
	echo '}'
} >"$TMP/h-dupdef/dup.ci"
hostile dupdef "a function defined twice in one unit" dup.ci 3
# the same unit under two PATHs
mkdir -p "$TMP/dupunit1" "$TMP/dupunit2"
cp "$good/good.ci" "$TMP/dupunit1/" && cp "$good/good.ci" "$TMP/dupunit2/"
expect_exit 3 "the same unit under two PATHs: exit 3" \
	cr -d "$db" ingest "$TMP/dupunit1" "$TMP/dupunit2"
check "the same unit under two PATHs: both files named" \
	clear_message "$TMP/dupunit2/good.ci" ""
check "the same unit under two PATHs: database unchanged" \
	cmp "$TMP/t.db.orig" "$db"
cp "$TMP/t.db.orig" "$db"
# a global defined in two units is real (Xen's memmove): not an error,
# reported by stats
mkdir -p "$TMP/dupglobal"
printf 'void twice(void) { }\n' >"$TMP/dupglobal/one.c"
printf 'void twice(void) { }\n' >"$TMP/dupglobal/two.c"
check "dupglobal sources compile" build_sources "$TMP/dupglobal"
expect_success "a global defined in two units is accepted" \
	cr -d "$TMP/dupglobal.db" ingest "$TMP/dupglobal"
expect_success "stats lists the duplicate" \
	cr -d "$TMP/dupglobal.db" stats --format json &&
	check "stats: duplicates = [twice]" jq_is .duplicates '["twice"]'

# --- non-UTF-8 names: refused, and not echoed raw ---
{
	echo 'graph: { title: "u.c"'
	node f 2
	printf 'node: { title: "caf\351" label: "caf\351\\nh.c:3:6" }\n'
	echo '}'
} >"$TMP/h-utf8-title/latin1.ci"
hostile utf8-title "a Latin-1 function name" latin1.ci 3
{
	echo 'graph: { title: "u.c"'
	printf 'node: { title: "f" label: "f\\nfich\351.c:3:6\\n16 bytes (static)\\n0 dynamic objects" }\n'
	echo '}'
} >"$TMP/h-utf8-file/latin1.ci"
hostile utf8-file "a Latin-1 file name in a label" latin1.ci 2
printf 'graph: { title: "u.c"\nnode: { title: "\300\257etc" }\n}\n' \
	>"$TMP/h-utf8-overlong/overlong.ci"
hostile utf8-overlong "an overlong UTF-8 sequence in a name" overlong.ci 2
printf 'graph: { title: "u.c"\nnode: { title: "x\355\240\200" }\n}\n' \
	>"$TMP/h-utf8-surrogate/surrogate.ci"
hostile utf8-surrogate "a UTF-16 surrogate in a name" surrogate.ci 2
# valid UTF-8 is data like any other
mkdir -p "$TMP/utf8ok"
{
	echo 'graph: { title: "u.c"'
	printf 'node: { title: "u.c:caf\303\251_\360\237\220\233" label: "x\\nu.c:3:6\\n16 bytes (static)\\n0 dynamic objects" }\n'
	echo '}'
} >"$TMP/utf8ok/ok.ci"
expect_success "valid UTF-8 names are accepted" \
	cr -d "$TMP/utf8ok.db" ingest "$TMP/utf8ok"
expect_success "a UTF-8 name is found by its name" \
	cr -d "$TMP/utf8ok.db" show --format json "$(printf 'u.c:caf\303\251_\360\237\220\233')" &&
	check "the UTF-8 name round-trips" \
		jq_is '.[0].name' "\"$(printf 'u.c:caf\303\251_\360\237\220\233')\""

# --- unreadable files and directories ---
# Root reads files whatever their mode, so as root the commands run as
# "nobody" on a world-accessible copy.
as_user=()
if [ "$(id -u)" -eq 0 ]; then
	if command -v setpriv >/dev/null; then
		as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	else
		as_user=(false)
	fi
fi
nb=$TMP/nobody
mkdir -p "$nb/tree-file" "$nb/tree-dir/sub"
chmod 755 "$TMP"
cp "$extra/extra.ci" "$nb/tree-file/" && cp "$extra/extra.ci" "$nb/tree-dir/"
cp "$good/good.ci" "$nb/tree-file/secret.ci"
cp "$good/good.ci" "$nb/tree-dir/sub/hidden.ci"
cp "$TMP/t.db.orig" "$nb/t.db"
chmod 777 "$nb" && chmod 666 "$nb/t.db"
chmod 000 "$nb/tree-file/secret.ci" "$nb/tree-dir/sub"
expect_exit 3 "an unreadable .ci file: exit 3" \
	"${as_user[@]}" timeout "$CALLREACH_TIMEOUT" "$CALLREACH" \
	-d "$nb/t.db" ingest "$nb/tree-file"
check "an unreadable .ci file: a clear message naming it" \
	clear_message "$nb/tree-file/secret.ci" ""
check "an unreadable .ci file: database unchanged" cmp "$TMP/t.db.orig" "$nb/t.db"
expect_exit 3 "an unreadable directory: exit 3" \
	"${as_user[@]}" timeout "$CALLREACH_TIMEOUT" "$CALLREACH" \
	-d "$nb/t.db" ingest "$nb/tree-dir"
check "an unreadable directory: a clear message naming it" \
	clear_message "$nb/tree-dir/sub" ""
check "an unreadable directory: database unchanged" cmp "$TMP/t.db.orig" "$nb/t.db"
chmod 755 "$nb/tree-dir/sub"
chmod 644 "$nb/tree-file/secret.ci"

# a FIFO named .ci: opening it for reading would wait for a writer forever
mkfifo "$TMP/h-fifo/fifo.ci"
CALLREACH_TIMEOUT=10 hostile fifo "a FIFO named .ci (must not hang)" fifo.ci ""

# --- symlinks ---
ln -s loop-b.ci "$TMP/h-symloop/loop-a.ci"
ln -s loop-a.ci "$TMP/h-symloop/loop-b.ci"
hostile symloop "a loop of .ci symlinks" loop- ""
ln -s no-such-file.ci "$TMP/h-dangling/dangling.ci"
hostile dangling "a dangling .ci symlink" dangling.ci ""
# a PATH that is a symlink loop itself
ln -s self "$TMP/self"
expect_exit 3 "a PATH that is a symlink loop: exit 3" \
	cr -d "$db" ingest "$TMP/self"
check "a PATH that is a symlink loop: a clear message naming it" \
	clear_message "$TMP/self" ""
check "a PATH that is a symlink loop: database unchanged" \
	cmp "$TMP/t.db.orig" "$db"
# symlinks to directories are not followed (README "ingest"): a tree
# with directory loops is read once, promptly
mkdir -p "$TMP/dirloop/sub"
cp "$good/good.ci" "$TMP/dirloop/sub/"
ln -s .. "$TMP/dirloop/sub/up"
ln -s . "$TMP/dirloop/here"
ln -s "$TMP/dirloop" "$TMP/dirloop/sub/abs"
expect_success "a tree with directory symlink loops is ingested" \
	cr -d "$TMP/dirloop.db" ingest "$TMP/dirloop" &&
	check "... each unit once" grep_out "ingested 1 units"

# --- no .ci file at all ---
mkdir -p "$TMP/none/sub"
echo 'not a call graph' >"$TMP/none/sub/notes.txt"
expect_exit 3 "a tree without .ci files: exit 3" cr -d "$db" ingest "$TMP/none"
check "a tree without .ci files: a clear message naming it" \
	clear_message "$TMP/none" ""
check "a tree without .ci files: database unchanged" cmp "$TMP/t.db.orig" "$db"

# --- 50,000 empty .ci files ---
(
	cd "$TMP/h-many" || exit 1
	seq -w 0 49999 | awk '{ print "d" substr($1, 1, 2) "/e" $1 ".ci" }' >"$TMP/many.list"
	cut -d/ -f1 "$TMP/many.list" | sort -u | xargs mkdir -p
	xargs touch <"$TMP/many.list"
)
check "50,000 empty .ci files made" \
	test "$(find "$TMP/h-many" -name '*.ci' | wc -l)" -eq 50000
start=$(date +%s)
hostile many "a tree of 50,000 empty .ci files" d00/e00000.ci 1
check "50,000 empty .ci files: rejected within 30 s" \
	test $(($(date +%s) - start)) -le 30

finish
