#!/bin/bash
# t290-fuzz-found: the inputs the libFuzzer harnesses of tests/fuzz/ found
# (or that writing them showed), replayed through the command line.  Run
# under "make check SANITIZE=1" each of them was a sanitizer report or a
# failed command before its fix.  The object file whose sections have no
# name (fuzz_objects: "NOT NULL constraint failed: obj_functions.section",
# the whole ingest failed) is the "no-names" case of t260-hostile-objects.

# shellcheck disable=SC1091,SC2016
. "$(dirname "$0")/lib.sh"

require_callreach

FIX=$TESTS_DIR/traces
RULES=$FIX/prog.rules
W=$TMP/w
cp -r "$FIX/prog" "$W"
check "the test program builds" build_sources "$W"
db=$TMP/x.db
expect_success "ingest" cr -d "$db" ingest "$W"
expect_success "save a baseline" \
	cr -d "$db" baseline save --rules "$RULES" "$TMP/base.json"

# fuzz_baseline: an empty history file (qsort() of a NULL array)
: >"$TMP/empty.jsonl"
expect_success "report with an empty history file" \
	cr -d "$db" report --rules "$RULES" --out "$TMP/site1" \
	--history "$TMP/empty.jsonl"
check "  and no warning" test ! -s "$ERR"
printf '\n  \n\t\n' >"$TMP/blank.jsonl"
expect_success "report with a history of blank lines" \
	cr -d "$db" report --rules "$RULES" --out "$TMP/site2" \
	--history "$TMP/blank.jsonl"

# a count beyond uint64_t or negative (a float cast out of range)
for n in 1e300 -5 18446744073709551616; do
	jq --argjson n "$n" '.path_count = $n' "$TMP/base.json" >"$TMP/big.json"
	expect_success "gate with a baseline whose path_count is $n" \
		cr -d "$db" gate --rules "$RULES" --baseline "$TMP/big.json"
	printf '{"date":"2026-01-01","count":%s,"by_verdict":{"UNSAFE":%s}}\n' \
		"$n" "$n" >"$TMP/big.jsonl"
	expect_success "report with a history count of $n" \
		cr -d "$db" report --rules "$RULES" --out "$TMP/site-$n" \
		--history "$TMP/big.jsonl"
done

# a history line holding a NUL byte: that line is skipped, with its number
printf '{"date":"2026-01-01","count":1,"by_verdict":{}}\n{"date":\0"x"}\n' \
	>"$TMP/nul.jsonl"
expect_success "report with a NUL byte in a history line" \
	cr -d "$db" report --rules "$RULES" --out "$TMP/site3" \
	--history "$TMP/nul.jsonl"
check "  warns about line 2" grep_err 'nul.jsonl:2: not a night'

# fuzz_objects: section headers said to be 0xffff bytes each, past the end
# of the file, while libelf reads them at their real size (the object was
# released with a count of sections and no array: a NULL dereference)
cp -r "$W" "$TMP/far"
python3 - "$TMP/far/common/heap.o" <<'PY'
import struct, sys
b = bytearray(open(sys.argv[1], 'rb').read())
struct.pack_into('<H', b, 0x3a, 0xffff)
open(sys.argv[1], 'wb').write(b)
PY
expect_success "ingest with an object of 0xffff-byte section headers" \
	cr -d "$TMP/far.db" ingest "$TMP/far"
check "  warns, naming it" \
	grep_err "cannot read object file '.*common/heap.o' \(truncated or corrupt: its section headers lie past its end\)"

# fuzz_objects: a "call *x(%rip)" whose relocation addend is near INT64_MAX
# (a signed overflow adding the 4 bytes of the displacement; UBSan)
mkdir -p "$TMP/addend"
cat >"$TMP/addend/hook.c" <<'EOF'
void (*hook)(void);
void run_hook(void)
{
	asm volatile("call *hook(%rip)");
}
EOF
check "the asm call compiles" build_sources "$TMP/addend"
python3 - "$TMP/addend/hook.o" <<'PY'
import struct, sys
b = bytearray(open(sys.argv[1], 'rb').read())
shoff, = struct.unpack_from('<Q', b, 0x28)
shentsize, shnum = struct.unpack_from('<HH', b, 0x3a)
n = 0
for i in range(shnum):
    typ, = struct.unpack_from('<I', b, shoff + i * shentsize + 4)
    off, size = struct.unpack_from('<QQ', b, shoff + i * shentsize + 0x18)
    if typ != 4:  # SHT_RELA
        continue
    for r in range(off, off + size, 24):
        info, addend = struct.unpack_from('<Qq', b, r + 8)
        if info & 0xffffffff == 2 and addend == -4:  # R_X86_64_PC32
            struct.pack_into('<q', b, r + 16, 0x7ffffffffffffffc)
            n += 1
assert n, 'no PC32 relocation'
open(sys.argv[1], 'wb').write(b)
PY
check "  the relocation is patched" test $? -eq 0
expect_success "ingest an object with a relocation addend near INT64_MAX" \
	cr -d "$TMP/addend.db" ingest "$TMP/addend"

# fuzz_objects: a call-site parameter whose location is an empty
# expression (libdw gives no operation, and the first was read; UBSan);
# its length, 1, is written again as 0 in two bytes (ULEB128 "80 00"),
# so that the DIEs after it are read as before
mkdir -p "$TMP/emptyloc"
cat >"$TMP/emptyloc/args.c" <<'EOF'
extern int sink(int, int, long);
int caller(int a, int b)
{
	return sink(a + 1, b * 2, 42L) + sink(b, a, 7L);
}
EOF
check "the calls with arguments compile" build_sources "$TMP/emptyloc" "-O2 -g"
python3 - "$TMP/emptyloc/args.o" <<'PY'
import re, struct, subprocess, sys
path = sys.argv[1]
b = bytearray(open(path, 'rb').read())
shoff, = struct.unpack_from('<Q', b, 0x28)
shentsize, shnum, shstrndx = struct.unpack_from('<HHH', b, 0x3a)
def header(i):
    return struct.unpack_from('<IIQQQQ', b, shoff + i * shentsize)
names = header(shstrndx)[4]
def name(i):
    start = names + header(i)[0]
    return b[start:b.index(b'\0', start)].decode()
info = [header(i)[4] for i in range(shnum) if name(i) == '.debug_info'][0]
dump = subprocess.run(['readelf', '--debug-dump=info', path],
                      capture_output=True, text=True).stdout
param = False
for line in dump.splitlines():
    if 'DW_TAG_' in line:
        param = 'DW_TAG_call_site_parameter' in line
    m = re.search(r'<(\w+)>\s+DW_AT_location\s*: 1 byte block: (\w+)', line)
    if param and m:
        at = info + int(m.group(1), 16)
        assert b[at] == 1 and b[at + 1] == int(m.group(2), 16)
        b[at:at + 2] = b'\x80\x00'
        break
else:
    sys.exit('no call-site parameter with a register location')
open(path, 'wb').write(b)
PY
check "  its first parameter's location is made empty" test $? -eq 0
expect_success "ingest an object with an empty call-site parameter location" \
	cr -d "$TMP/emptyloc.db" ingest "$TMP/emptyloc"
check "  its two calls are still read" test "$(sqlite3 "$TMP/emptyloc.db" \
	"SELECT count(*) FROM obj_call_sites")" = 2

finish
