#!/bin/bash
# t015-man: the manual page man/callreach.1 is well formed, complete and
# installed.
#
# What must be documented is read from the binary, never listed here: the
# commands of "callreach --help", the options of each usage line of
# "callreach COMMAND --help" (in that command's subsection), the options a
# query accepts beyond its usage line (its [FILTERS], found by offering
# "callreach paths" every word the binary's tables point to: in the
# FILTERS or OPTIONS section), the exit codes of "callreach --help" (and
# of a README exit code table, if there is one again), and the variables
# the sources getenv() (in ENVIRONMENT).

# shellcheck disable=SC1091
. "$(dirname "$0")/lib.sh"

require_callreach

page=$REPO_DIR/man/callreach.1
check "man/callreach.1 exists" test -s "$page"

# --- well formed ---
if command -v mandoc >/dev/null; then
	mandoc -T lint -W style "$page" >"$TMP/lint" 2>&1
	rc=$?
	check "mandoc -T lint finds nothing (exit $rc)" \
		test "$rc" -eq 0 -a ! -s "$TMP/lint" || diag_file "$TMP/lint"
else
	fail "mandoc is installed (ci-scripts/install-deps.sh installs it)"
fi
# man --warnings (groff -ww) at 80 columns.  groff 1.22.4's tbl says that
# a table "text block will not fit on one page" wherever a page trap
# happens to fall in a table: about pagination, not the page; set aside.
if command -v man >/dev/null && command -v groff >/dev/null; then
	MANWIDTH=80 man --warnings -l "$page" >"$TMP/man.txt" 2>"$TMP/warn"
	rc=$?
	grep -v 'table text block will not fit on one page' "$TMP/warn" \
		>"$TMP/warn2"
	check "man --warnings renders it without a warning (exit $rc)" \
		test "$rc" -eq 0 -a ! -s "$TMP/warn2" -a -s "$TMP/man.txt" ||
		diag_file "$TMP/warn2"
else
	echo "skip: man or groff is not installed: man --warnings not run"
fi

# The page as plain text, wide enough that no option is broken by a line
# end; sections start in column 0, subsections at 3 spaces.
mandoc -T ascii -O width=250 "$page" 2>/dev/null | sed 's/.\x08//g' \
	>"$TMP/page.txt"
check "the page renders as text" test -s "$TMP/page.txt"

# section NAME: the text of a section, header to the next header
section() {
	awk -v s="$1" '/^[A-Z]/ { on = ($0 == s); next } on' "$TMP/page.txt"
}
# subsection NAME: the text of the COMMANDS subsection whose heading lists
# NAME among its comma-separated names
subsection() {
	section COMMANDS | awk -v c="$1" '
		/^   [^ ]/ {
			n = split(substr($0, 4), w, /, /)
			on = 0
			for (i = 1; i <= n; i++)
				if (w[i] == c)
					on = 1
			next
		}
		on'
}
# has_opt OPT FILE: FILE names OPT as a whole word
has_opt() {
	grep -Eq -- "(^|[^A-Za-z0-9-])$1([^A-Za-z0-9-]|\$)" "$2"
}

for s in NAME SYNOPSIS DESCRIPTION OPTIONS COMMANDS FILTERS "RULE FILES" \
	"OUTPUT FORMATS" "EXIT STATUS" ENVIRONMENT FILES "DATABASE SCHEMA" \
	EXAMPLES "SEE ALSO"; do
	section "$s" >"$TMP/sec"
	check "section $s is there" test -s "$TMP/sec"
done

# --- every command, and every option of its usage line ---
expect_success "callreach --help" cr --help
cp "$OUT" "$TMP/help"
check "callreach --help points to callreach(1)" grep -q 'callreach(1)' \
	"$TMP/help"
awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 }
	on && /^$/ { on = 0 }' "$TMP/help" >"$TMP/commands"
ncmd=$(wc -l <"$TMP/commands")
check "callreach --help lists commands ($ncmd)" test "$ncmd" -ge 10

missing=""
filters_cmds=""
while read -r c; do
	subsection "$c" >"$TMP/sub.$c"
	if [ ! -s "$TMP/sub.$c" ]; then
		missing="$missing $c"
		continue
	fi
	cr "$c" --help >"$TMP/usage.$c" 2>&1
	head -n 1 "$TMP/usage.$c" >"$TMP/u"
	grep -q FILTERS "$TMP/u" && filters_cmds="$filters_cmds $c"
	# the usage line's options; traces and baseline have subcommands
	for o in $(grep -oE -- '(^|[][ |])--?[a-z][a-z-]*' "$TMP/u" |
		sed 's/^[][ |]//' | sort -u) \
		$(sed 's/^usage: callreach \[-d DB\] [a-z]* //' "$TMP/u" |
			grep -oE '(^|\| )[a-z]+ ' | tr -d '| '); do
		has_opt "$o" "$TMP/sub.$c" || missing="$missing $c:$o"
	done
done <"$TMP/commands"
check "every command has a subsection, with every option of its usage" \
	test -z "$missing" || echo "#  missing:$missing"
check "some commands take [FILTERS] ($filters_cmds )" test -n "$filters_cmds"

# --- the options a query accepts beyond its usage line ---
# option_names BIN: the words the binary's tables point to (getopt's option
# names among them): the .rodata strings that a relocation of the
# position-independent binary points to, tail-merged strings included.
option_names() {
	local addr off size a
	read -r addr off size < <(readelf -SW "$1" |
		sed 's/^ *\[ *[0-9]*\] *//' |
		awk '$1 == ".rodata" { print $3, $4, $5 }')
	[ -n "$size" ] || return 1
	addr=$((0x$addr)) off=$((0x$off)) size=$((0x$size))
	readelf -rW "$1" | awk '$3 ~ /_RELATIVE$/ { print $NF }' |
		while read -r a; do
			a=$((0x$a))
			if [ "$a" -ge "$addr" ] && [ "$a" -lt $((addr + size)) ]; then
				echo $((a - addr + off))
			fi
		done >"$TMP/targets"
	strings -a -t d -n 1 "$1" | awk '
		NR == FNR { t[$1] = 1; next }
		{
			s = $1 + 0
			sub(/^ *[0-9]+ /, "")
			for (i = 0; i < length($0); i++)
				if ((s + i) in t)
					print substr($0, i + 1)
		}' "$TMP/targets" - | grep -xE '[a-z][a-z0-9-]*' | sort -u
}
option_names "$CALLREACH" >"$TMP/cands"
check "the binary's tables name words ($(wc -l <"$TMP/cands"))" \
	grep -qx 'exclude-file' "$TMP/cands"
# "paths" is offered each one, alone: an option is not "unknown".
mkdir -p "$TMP/empty"
: >"$TMP/accepted"
while read -r w; do
	(cd "$TMP/empty" &&
		timeout 10 "$CALLREACH" -d "$TMP/empty/none.db" paths "--$w" \
			</dev/null >/dev/null 2>"$TMP/probe")
	grep -q "unknown option" "$TMP/probe" || echo "$w" >>"$TMP/accepted"
done <"$TMP/cands"
# A prefix of a longer accepted option is getopt's abbreviation of it.
awk '{ a[NR] = $0 } END {
	for (i = 1; i <= NR; i++) {
		p = 0
		for (j = 1; j <= NR; j++)
			if (j != i && index(a[j], a[i]) == 1)
				p = 1
		if (!p)
			print a[i]
	} }' "$TMP/accepted" >"$TMP/options"
check "the binary's options are found ($(wc -l <"$TMP/options") for paths)" \
	grep -qx 'max-depth' "$TMP/options"
{ section FILTERS; section OPTIONS; } >"$TMP/general"
missing=""
while read -r w; do
	grep -q -- "--$w\\b" "$TMP/usage.paths" && continue
	has_opt "--$w" "$TMP/general" || missing="$missing --$w"
done <"$TMP/options"
check "every option a query takes is in FILTERS or OPTIONS" \
	test -z "$missing" || echo "#  missing:$missing"

# --- exit codes ---
section "EXIT STATUS" >"$TMP/exit"
sed -n '/^Exit status:/,$p' "$TMP/help" | tr '\n' ' ' |
	grep -oE '(^|[:,] *)[0-9]+ [a-z]' | grep -oE '[0-9]+' >"$TMP/codes"
if [ -f "$REPO_DIR/README.md" ]; then
	sed -n '/^## Exit codes/,/^## /p' "$REPO_DIR/README.md" |
		grep -oE '^\| *[0-9]+ *\|' | grep -oE '[0-9]+' >>"$TMP/codes"
fi
sort -un -o "$TMP/codes" "$TMP/codes"
check "callreach --help gives exit codes ($(tr '\n' ' ' <"$TMP/codes"))" \
	test "$(wc -l <"$TMP/codes")" -ge 4
missing=""
while read -r n; do
	grep -Eq "^ +$n( |\$)" "$TMP/exit" || missing="$missing $n"
done <"$TMP/codes"
check "EXIT STATUS documents every exit code" \
	test -z "$missing" || echo "#  missing:$missing"

# --- environment ---
section ENVIRONMENT >"$TMP/env"
missing=""
for v in $(grep -ohE 'getenv\("[A-Za-z_]+"\)' "$REPO_DIR"/analyzer/*.c |
	grep -oE '"[^"]+"' | tr -d '"' | sort -u); do
	grep -q -- "$v" "$TMP/env" || missing="$missing $v"
done
check "ENVIRONMENT documents every variable the sources read" \
	test -z "$missing" || echo "#  missing:$missing"

# --- make install puts the page in $(PREFIX)/share/man/man1 ---
expect_success "make install DESTDIR=... PREFIX=/usr" \
	make -s -C "$REPO_DIR" -o "$CALLREACH" BUILD="$(dirname "$CALLREACH")" \
	install DESTDIR="$TMP/dest" PREFIX=/usr
check "the page is installed as share/man/man1/callreach.1" \
	cmp -s "$page" "$TMP/dest/usr/share/man/man1/callreach.1"
if command -v man >/dev/null; then
	check "man finds the installed page" test "$(MANPATH=$TMP/dest/usr/share/man \
		man -w callreach 2>/dev/null)" = \
		"$TMP/dest/usr/share/man/man1/callreach.1"
fi

finish
