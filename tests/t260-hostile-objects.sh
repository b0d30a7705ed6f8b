#!/bin/bash
# t260-hostile-objects: object files beside the .ci files that callreach
# cannot read, or reads another way.  For each case the program of
# tests/objects/ is built with -g, one object (shape.o) is replaced, and
# the tree is ingested: a truncated, bit-flipped or zero-length object,
# one whose ELF header is cut short, a
# directory or a FIFO named shape.o, an object without a section name,
# objects of DWARF 2, 4 and 5, split DWARF (-gsplit-dwarf, with and
# without its .dwo), compressed debug sections (-gz), and an aarch64
# object beside the x86-64 .ci files.  Each ingest succeeds; each object
# that cannot be read, or not wholly, gives one warning naming the file
# and the fallback taken (what is left out); the others read as the plain
# -g object does; the database passes the integrity check and holds every
# unit; and so does the real arm64 corpus, whole (no warning) and with an
# x86-64 and a truncated object in it.  Run it under "make check
# SANITIZE=1" and "make valgrind VALGRIND_TESTS=tests/t260-hostile-objects.sh".

# shellcheck disable=SC1091,SC2016
. "$(dirname "$0")/lib.sh"

require_callreach

src=$TMP/src
cp -r "$TESTS_DIR/objects" "$src"
check "the program compiles with -g" build_sources "$src" "-g -O1 -fno-inline"
expect_success "ingest the plain -g objects" cr -d "$TMP/plain.db" ingest "$src"
check "... without a warning" test ! -s "$ERR"

# facts DB: what the object tables hold for shape.o, in one line
facts() {
	sqlite3 "$1" "SELECT (SELECT count(*) FROM units) || ' units, ' ||
		(SELECT count(*) FROM obj_units u WHERE object LIKE '%shape.o')
		|| ' shape.o, debug ' || (SELECT ifnull(max(debug), '-')
		FROM obj_units WHERE object LIKE '%shape.o') || ', ' ||
		(SELECT count(*) FROM obj_functions) || ' functions, ' ||
		(SELECT count(*) FROM obj_field_stores) || ' field stores'"
}
plain=$(facts "$TMP/plain.db")
check "the plain objects give facts ($plain)" \
	test "$(sqlite3 "$TMP/plain.db" 'SELECT count(*) FROM obj_field_stores')" -gt 1

# variant NAME: a copy of the tree in $TMP/NAME, echoed
variant() {
	rm -rf "${TMP:?}/$1"
	cp -r "$src" "$TMP/$1"
	echo "$TMP/$1"
}
# shape_with NAME GCC FLAGS...: the variant NAME with shape.o compiled by
# GCC with FLAGS (from inside the tree, as build_sources does)
shape_with() {
	local d
	d=$(variant "$1")
	(cd "$d" && "${@:2}" -O1 -fno-inline -c shape.c -o shape.o)
}

# hostile NAME WARNING FACTS: ingest the variant NAME: exit 0, one warning
# line matching WARNING (none when empty), the facts FACTS (a regular
# expression), an intact database
hostile() {
	local name=$1 warn=$2 want=$3 db=$TMP/$1.db got
	expect_success "$name: ingest succeeds" \
		cr -d "$db" ingest "$TMP/$name" || return
	if [ -n "$warn" ]; then
		check "$name: one warning" test "$(wc -l <"$ERR")" = 1
		check "$name: naming the file and the fallback" grep_err "$warn"
	else
		check "$name: no warning" test ! -s "$ERR"
	fi
	got=$(facts "$db")
	check "$name: $got" grep -Eq "^$want\$" <<<"$got"
	check "$name: the database is intact" \
		test "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok
}

left_out="its functions' sections and references are left out"
no_dwarf="its struct member facts are left out"
# with shape.o left out: 4 units' functions; read without DWARF: 1 store
# (registry.c's, from its own DWARF)
out_re="5 units, 0 shape.o, debug -, 13 functions, 1 field stores"
nodw_re="5 units, 1 shape.o, debug 0, 17 functions, 1 field stores"

d=$(variant truncated)
head -c 1500 "$src/shape.o" >"$d/shape.o"
hostile truncated \
	"warning: cannot read object file '.*truncated/shape.o' \(truncated or corrupt: .*\); $left_out" \
	"$out_re"

d=$(variant truncated-tail)
size=$(stat -c %s "$src/shape.o")
head -c $((size - 100)) "$src/shape.o" >"$d/shape.o"
hostile truncated-tail \
	"warning: cannot read object file '.*truncated-tail/shape.o' \(truncated or corrupt: .*\); $left_out" \
	"$out_re"

# an ELF header cut short (found by fuzz_objects): libdwfl 0.188 crashed
# on the image of it in memory
d=$(variant header-cut)
head -c 40 "$src/shape.o" >"$d/shape.o"
hostile header-cut \
	"warning: cannot read object file '.*header-cut/shape.o' \(not a relocatable ELF file\); $left_out" \
	"$out_re"

d=$(variant empty)
: >"$d/shape.o"
hostile empty \
	"warning: cannot read object file '.*empty/shape.o' \(empty file\); $left_out" \
	"$out_re"

d=$(variant directory)
rm "$d/shape.o" && mkdir "$d/shape.o"
hostile directory \
	"warning: cannot read object file '.*directory/shape.o' \(not a regular file\); $left_out" \
	"$out_re"

d=$(variant fifo)
rm "$d/shape.o" && mkfifo "$d/shape.o"
hostile fifo \
	"warning: cannot read object file '.*fifo/shape.o' \(not a regular file\); $left_out" \
	"$out_re"

# elf_patch NAME CODE: the variant NAME with shape.o changed by the Python
# CODE, which sees the bytes as b, the section headers through shdr(i)
# (name, type, flags, addr, offset, size) and the section names' offset as
# stroff
elf_patch() {
	local d
	d=$(variant "$1")
	python3 - "$src/shape.o" "$d/shape.o" "$2" <<'PY'
import random, struct, sys
b = bytearray(open(sys.argv[1], 'rb').read())
shoff, = struct.unpack_from('<Q', b, 0x28)
shentsize, shnum, shstrndx = struct.unpack_from('<HHH', b, 0x3a)
def shdr(i):
    return struct.unpack_from('<IIQQQQ', b, shoff + i * shentsize)
stroff = shdr(shstrndx)[4]
exec(sys.argv[3])
open(sys.argv[2], 'wb').write(b)
PY
}

# 20 bit flips anywhere: here a section header is hit (seed 1)
elf_patch flipped '
r = random.Random(1)
for _ in range(20):
    b[r.randrange(64, len(b))] ^= 1 << r.randrange(8)'
hostile flipped \
	"warning: cannot read object file '.*flipped/shape.o' \(truncated or corrupt: .*\); $left_out" \
	"$out_re"

# bit flips in the first bytes of .debug_info: the ELF reads, not the DWARF
elf_patch flipped-dwarf '
for i in range(shnum):
    name, typ, flags, addr, off, size = shdr(i)
    if b[stroff + name:].split(b"\0")[0] == b".debug_info":
        for k in range(4, 12):   # the unit version and abbrev offset
            b[off + k] ^= 0xff'
hostile flipped-dwarf \
	"warning: cannot read the DWARF of object file '.*flipped-dwarf/shape.o' \(.*\); $no_dwarf" \
	"$nodw_re"

# every byte of the section header string table zeroed: no section names
elf_patch no-names '
size = shdr(shstrndx)[5]
b[stroff:stroff + size] = bytes(size)'
hostile no-names \
	"warning: object file '.*no-names/shape.o' has [0-9]+ sections without a name; the section of their functions is stored as ''" \
	"5 units, 1 shape.o, debug 0, 17 functions, 1 field stores"
check "no-names: shape.o's functions are stored with an empty section" \
	test "$(sqlite3 "$TMP/no-names.db" "SELECT count(*) FROM obj_functions WHERE section = '' AND symbol LIKE 'square%'")" = 2

for v in 2 4 5; do
	shape_with dwarf$v gcc -gdwarf-$v
	hostile dwarf$v "" "$(sed 's/ /\\ /g' <<<"$plain")"
done

shape_with split gcc -g -gsplit-dwarf
check "split: GCC wrote shape.dwo" test -f "$TMP/split/shape.dwo"
hostile split \
	"warning: cannot read the DWARF of object file '.*split/shape.o' \(split DWARF \(-gsplit-dwarf\), which is not read\); $no_dwarf" \
	"$nodw_re"
shape_with split-gone gcc -g -gsplit-dwarf
rm -f "$TMP/split-gone/shape.dwo"
hostile split-gone \
	"warning: cannot read the DWARF of object file '.*split-gone/shape.o' \(split DWARF .*\); $no_dwarf" \
	"$nodw_re"

shape_with compressed gcc -g -gz
check "compressed: the debug sections are compressed" \
	grep -q 'C' <(readelf -SW "$TMP/compressed/shape.o" | grep '\.debug_info')
hostile compressed "" "$(sed 's/ /\\ /g' <<<"$plain")"

shape_with arm64 aarch64-linux-gnu-gcc -g
check "arm64: shape.o is an aarch64 object" \
	grep -q AArch64 <(readelf -h "$TMP/arm64/shape.o")
hostile arm64 \
	"warning: object file '.*arm64/shape.o' is for aarch64, most objects for x86-64: it is left out" \
	"$out_re"

# --- the real arm64 corpus, whole and with hostile objects ---------------
if unpack_corpus arm64-defconfig-debug; then
	arm=$TMP/xen-4.21.1-arm64-defconfig-debug
	expect_success "ingest the arm64 debug corpus" cr -d "$TMP/arm.db" ingest "$arm"
	check "  without a warning" test ! -s "$ERR"
	check "  every object read, with DWARF, as aarch64" \
		test "$(sqlite3 "$TMP/arm.db" "SELECT count(*) || ' ' || sum(debug) || ' ' || group_concat(DISTINCT machine) FROM obj_units")" = "215 215 183"
	cp "$TMP/plain/shape.o" "$arm/common/notifier.o" 2>/dev/null ||
		cp "$src/shape.o" "$arm/common/notifier.o"
	# truncated objects from the first unit to the last: the reader
	# thread reads most of them ahead, and each warning still comes in
	# the order of the units
	cut=(arch/arm/alternative arch/arm/mm common/device common/event_2l
		lib/ctors)
	for o in "${cut[@]}"; do
		head -c 2000 "$arm/$o.o" >"$TMP/cut.o"
		mv "$TMP/cut.o" "$arm/$o.o"
	done
	expect_success "ingest it again (--rebuild) with an x86-64 object and five truncated ones" \
		cr -d "$TMP/arm.db" ingest --rebuild "$arm"
	check "  six warnings" test "$(wc -l <"$ERR")" = 6
	check "  the x86-64 object is left out" \
		grep_err "warning: object file '.*common/notifier.o' is for x86-64, most objects for aarch64: it is left out"
	check "  a truncated object is left out" \
		grep_err "warning: cannot read object file '.*common/device.o' \(truncated or corrupt: .*\); $left_out"
	check "  the truncated objects' warnings in the order of the units" \
		test "$(sed -n "s|.*cannot read object file '$arm/\(.*\)\.o'.*|\1|p" "$ERR" | tr '\n' ' ')" = "${cut[*]} "
	check "  209 objects remain" \
		test "$(sqlite3 "$TMP/arm.db" 'SELECT count(*) FROM obj_units')" = 209
	check "  the database is intact" \
		test "$(sqlite3 "$TMP/arm.db" 'PRAGMA integrity_check')" = ok
fi

# not a relocatable object: the ELF of callreach itself
d=$(variant executable)
cp "$CALLREACH" "$d/shape.o" 2>/dev/null || cp /bin/true "$d/shape.o"
file "$d/shape.o" | grep -q 'shell script' && cp /bin/true "$d/shape.o"
hostile executable \
	"warning: cannot read object file '.*executable/shape.o' \(not a relocatable ELF file\); $left_out" \
	"$out_re"

finish
