#!/bin/bash
# t610-registry: the registry tier, calls through what a registration
# function stored, on our own program (tests/registry/) built for x86-64
# and for AArch64 (its relocations differ), with and without inlining,
# with -ffunction-sections as Xen builds (the assembler resolves a
# function's address in its own section without a relocation):
#
#   handlers.c  open_handler(nr, fn) stores into the static array
#               handlers[]; run_handlers calls them in a loop;
#               apply(fn) only calls its parameter (not a registrar)
#   timer.c     init_timer(t, fn, data) sets t->function; execute_timer
#               (inlined into timer_action at -O2) calls it
#   hook.c      set_idle_hook(fn) sets the global idle_hook; idle_loop
#               calls it
#   alloc.c     reg_alloc, which the callbacks call
#   users.c     setup() registers net_handler and block_handler,
#               poll_fn, my_idle, and hands decoy to apply(); it stores
#               wrong_sig, of another signature, in my_ops right before
#               a registration call
#   timer.c     check_active(h, notify) calls notify; it handles a
#               struct timer only in the inlined timer_active
#
# Expected values come from the sources: the registered functions, and
# the lines of the registration calls found with grep.

# shellcheck disable=SC1091,SC2016
. "$(dirname "$0")/lib.sh"

require_callreach

# line_of PATTERN: the line of users.c holding PATTERN
line_of() { grep -n -F "$1" "$TESTS_DIR/registry/users.c" | cut -d: -f1; }

# build CC FLAGS DIR: compile the program with CC into DIR
build() {
	local cc=$1 flags=$2 dir=$3 f
	mkdir -p "$dir" && cp "$TESTS_DIR"/registry/*.[ch] "$dir"/ &&
		(cd "$dir" && for f in *.c; do
			# shellcheck disable=SC2086
			$cc $flags -fcallgraph-info=su,da -c "$f" -o "${f%.c}.o" ||
				exit 1
		done)
}

# targets ARCH DB FUNC EXPECTED: FUNC's indirect call sites call EXPECTED
# (the sorted names) by the registry tier
targets() {
	expect_success "$1: show $3" cr -d "$2" show --format json "$3" &&
		check "$1: $3 calls $4" \
			jq_is '[.[0].indirect_calls[].targets[] | select(.tier == "registry") | .name] | unique' "$4"
}

run_arch() {
	local arch=$1 cc=$2 flags=$3 db=$TMP/$1.db src=$TMP/$1
	local l_net l_poll l_idle
	l_net=$(line_of 'open_handler(0, net_handler)')
	l_poll=$(line_of 'init_timer(&poll_timer')
	l_idle=$(line_of 'set_idle_hook(my_idle)')
	check "$arch: the program builds ($flags)" build "$cc" "$flags" "$src" ||
		return
	expect_success "$arch: ingest" cr -d "$db" ingest "$src"
	expect_success "$arch: show run_handlers" \
		cr -d "$db" show --format json run_handlers &&
		check "$arch: its one site calls the two handlers open_handler got" \
			jq_is '[.[0].indirect_calls[] | [.line, ([.targets[].name] | sort)]]' \
			"[[$(grep -n 'handlers\[i\]()' "$TESTS_DIR/registry/handlers.c" | cut -d: -f1),[\"users.c:block_handler\",\"users.c:net_handler\"]]]" &&
		check "$arch: by the registry tier, naming the array and the call's line" \
			jq_is '[.[0].indirect_calls[0].targets[] | select(.name == "users.c:net_handler") | [.tier, .reason]]' \
			"[[\"registry\",\"variable handlers.c:handlers, set by open_handler() at users.c:$l_net\"]]"
	targets "$arch" "$db" "$4" '["users.c:poll_fn"]'
	expect_success "$arch: reach names the init_timer call" \
		cr -d "$db" reach "$4" reg_alloc &&
		check "$arch: ... in text" \
			grep_out "users.c:poll_fn .*by indirect call, registry tier \\(member timer.function, set by init_timer\\(\\) at users.c:$l_poll\\)"
	targets "$arch" "$db" idle_loop '["users.c:my_idle"]'
	expect_success "$arch: paths json through the hook" \
		cr -d "$db" paths --format json --from idle_loop --to reg_alloc &&
		check "$arch: ... the hop carries the tier and the registration" \
			jq_is '[.paths[0].user_edges[0] | .tier, .reason]' \
			"[\"registry\",\"variable hook.c:idle_hook, set by set_idle_hook() at users.c:$l_idle\"]"
	expect_success "$arch: paths text through the hook" \
		cr -d "$db" paths --from idle_loop --to reg_alloc &&
		check "$arch: ... a line gives the registration" \
			grep_out "^    \\(registry\\) idle_loop > users.c:my_idle: variable hook.c:idle_hook, set by set_idle_hook\\(\\) at users.c:$l_idle\$"
	# apply keeps nothing: decoy is in nobody's table
	targets "$arch" "$db" apply '[]'
	# check_active handles a struct timer only in timer_active (inlined
	# at -O2), not where it calls notify
	targets "$arch" "$db" check_active '[]'
	expect_exit 1 "$arch: wrong_sig, stored just before open_handler(), is not a handler (its signature differs)" \
		cr -d "$db" reach run_handlers users.c:wrong_sig
	expect_success "$arch: run_handlers does not reach decoy" \
		cr -d "$db" reach --format json run_handlers reg_alloc &&
		check "$arch: ... only through net_handler" \
			jq_is '[.path[]] | index("users.c:decoy")' 'null'
	expect_exit 1 "$arch: without the tier, run_handlers reaches nothing" \
		cr -d "$db" reach --indirect=rules,fields run_handlers reg_alloc
	expect_success "$arch: stats json" cr -d "$db" stats --format json &&
		check "$arch: the registry tier resolves the three sites" \
			jq_is '.indirect.resolved.registry' '3'
}

run_arch x86-64 gcc "-g -O1 -fno-inline -ffunction-sections" timer.c:execute_timer
run_arch x86-64-O2 gcc "-g -O2 -ffunction-sections" timer_action
if command -v aarch64-linux-gnu-gcc >/dev/null; then
	run_arch aarch64 aarch64-linux-gnu-gcc "-g -O1 -fno-inline -ffunction-sections" timer.c:execute_timer
	run_arch aarch64-O2 aarch64-linux-gnu-gcc "-g -O2 -ffunction-sections" timer_action
else
	fail "aarch64-linux-gnu-gcc is installed (apt-get install gcc-aarch64-linux-gnu)"
fi

finish
