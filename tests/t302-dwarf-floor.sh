#!/bin/bash
# t302-dwarf-floor: bench/dwarf-floor, the DWARF floor of "make bench": libdw
# alone reading objects' DWARF.  It must read what it says it reads: its
# counts of units and DIEs are checked against readelf's dump of objects
# compiled here for x86-64 and AArch64, on one thread and on several.  No
# timing here: speed is measured by "make bench".

# shellcheck disable=SC1091
. "$(dirname "$0")/lib.sh"

floor=$TMP/dwarf-floor
# shellcheck disable=SC2046
check "dwarf-floor compiles" gcc -std=c11 -D_XOPEN_SOURCE=700 -O2 -Wall \
	-Wextra -Werror $(pkg-config --cflags libdw) -o "$floor" \
	"$REPO_DIR/bench/dwarf-floor.c" $(pkg-config --libs libdw libelf) -pthread

cat >"$TMP/a.c" <<'EOF'
struct ops { int (*get)(int); void (*put)(void *); };
static int twice(int x) { return 2 * x; }
static inline int add(int a, int b) { int s = a + b; return twice(s); }
extern void sink(void *p);
struct ops table = { twice, sink };
int run(int n)
{
	int i, t = 0;

	for (i = 0; i < n; i++) {
		int k = add(i, t);

		if (k > 9) {
			char buf[16];

			sink(buf);
			t += table.get(k);
		}
	}
	return t;
}
EOF
cat >"$TMP/b.c" <<'EOF'
struct point { int x, y; };
union u { struct point p; long l; };
enum e { ONE, TWO };
static struct point origin;
extern int use(struct point *, union u *, enum e);
int walk(union u *v) { return use(&origin, v, TWO); }
EOF

# What dwarf-floor should count, from readelf: the units, every DIE with
# -a, else the DIEs at the top of a unit and those whose parents down from
# there are all functions, blocks or inlined calls.
expected() {
	readelf --debug-dump=info "$@" 2>/dev/null | awk -v all="${ALL:-0}" '
	/^ <[0-9]+><[0-9a-f]+>: Abbrev Number: / {
		d = substr($1, 2) + 0
		if ($4 == 0) next	# the end of a list of children
		tag = $5; gsub(/[()]/, "", tag)
		if (d == 0) { units++; next }
		ok[d] = (d == 1) || (ok[d - 1] && (tag_at[d - 1] == "DW_TAG_subprogram" ||
			tag_at[d - 1] == "DW_TAG_lexical_block" ||
			tag_at[d - 1] == "DW_TAG_inlined_subroutine"))
		tag_at[d] = tag
		if (all || ok[d]) dies++
	}
	END { printf "%d units, %d DIEs\n", units, dies }'
}

for arch in x86_64 aarch64; do
	cc=gcc
	[ $arch = aarch64 ] && cc=aarch64-linux-gnu-gcc
	if ! command -v $cc >/dev/null; then
		fail "$cc is installed (apt-get install gcc-aarch64-linux-gnu)"
		continue
	fi
	for f in a b; do
		check "$arch: $f.c compiles" $cc -g -O2 -c -o "$TMP/$arch-$f.o" "$TMP/$f.c"
	done
	objs=("$TMP/$arch-a.o" "$TMP/$arch-b.o")
	want=$(expected "${objs[0]}")
	wantb=$(expected "${objs[1]}")
	want_all=$(ALL=1 expected "${objs[0]}")
	check "$arch: readelf finds units and DIEs ($want)" \
		test "${want%% *}" = 1 -a "$want" != "$want_all"
	expect_success "$arch: one object read" "$floor" "${objs[0]}"
	check "  counts the units and DIEs readelf shows ($want)" grep_out "^1 objects, $want\$"
	expect_success "$arch: every DIE, with -a" "$floor" -a "${objs[0]}"
	check "  ... all of them ($want_all)" grep_out "^1 objects, $want_all\$"
	sum=$(printf '%s\n%s\n' "$want" "$wantb" |
		awk '{ u += $1; d += $3 } END { printf "%d units, %d DIEs", u, d }')
	for j in 1 2 3; do
		expect_success "$arch: two objects on $j thread(s)" \
			"$floor" -j $j "${objs[@]}" "${objs[@]}"
		want2=$(echo "$sum" | awk '{ printf "%d units, %d DIEs", 2 * $1, 2 * $3 }')
		check "  ... each counted once ($want2)" grep_out "^4 objects, $want2\$"
	done
done

printf 'not an object\n' >"$TMP/text.o"
expect_exit 1 "a file that is no object" "$floor" "$TMP/x86_64-a.o" "$TMP/text.o"
check "  named on stderr" grep_err "dwarf-floor: $TMP/text.o: "
check "  the other object still read" grep_out "^2 objects, 1 units, "
expect_exit 1 "a file that is not there" "$floor" "$TMP/none.o"
check "  named on stderr" grep_err "dwarf-floor: $TMP/none.o: cannot be read"
gcc -c -o "$TMP/nodebug.o" "$TMP/b.c"
expect_exit 1 "an object without DWARF" "$floor" "$TMP/nodebug.o"
check "  named on stderr" grep_err "dwarf-floor: $TMP/nodebug.o: "
expect_exit 2 "no object: usage" "$floor"
expect_exit 2 "-j 0: usage" "$floor" -j 0 "$TMP/x86_64-a.o"
expect_exit 2 "an unknown option: usage" "$floor" -x "$TMP/x86_64-a.o"
finish
