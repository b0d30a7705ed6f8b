#!/bin/bash
# t620-corpus-registry: the registry tier on the real Xen 4.21.1 builds
# with objects and DWARF (../shared/corpus/*-debug.tar.xz, no sources):
# __do_softirq calls the functions the build registers with open_softirq
# (12 on x86_64, 6 on arm64 defconfig), the call through t->function in
# timer_softirq_action (execute_timer inlined) calls the init_timer
# callbacks (27 on x86_64), and on arm64 leave_hypervisor_to_guest reaches
# _xmalloc through __do_softirq -> timer_softirq_action, the hop the
# run-time traces show; the Xen rules give real results on both builds.

# shellcheck disable=SC1091,SC2016
. "$(dirname "$0")/lib.sh"

require_callreach

unpack_corpus arm64-defconfig-debug x86_64-defconfig-debug || finish
for a in arm64 x86_64; do
	expect_success "$a: ingest" cr -d "$TMP/$a.db" ingest \
		"$TMP/xen-4.21.1-$a-defconfig-debug"
done

# softirq ARCH COUNT: __do_softirq's one site calls COUNT functions
softirq() {
	expect_success "$1: show __do_softirq" \
		cr -d "$TMP/$1.db" show --format json 'softirq.c#__do_softirq' &&
		check "$1: one site, $2 targets, all by the registry tier" \
			jq_is '[(.[0].indirect_calls | length), (.[0].indirect_calls[0].targets | length), ([.[0].indirect_calls[0].targets[].tier] | unique)]' \
			"[1,$2,[\"registry\"]]" &&
		check "$1: ... the timer, tasklet, RCU and scheduler softirqs" \
			jq_is '[.[0].indirect_calls[0].targets[].name] | contains(["common/timer.c:timer_softirq_action", "common/tasklet.c:tasklet_softirq_action", "common/rcupdate.c:rcu_process_callbacks", "common/sched/core.c:schedule"])' 'true' &&
		check "$1: ... each justified by an open_softirq() call" \
			jq_is '[.[0].indirect_calls[0].targets[].reason | test("^variable common/softirq.c:softirq_handlers, set by open_softirq\\(\\) at [a-z0-9_/]+\\.c:[0-9]+$")] | all' 'true'
}
softirq x86_64 12
softirq arm64 6

for a in x86_64 arm64; do
	expect_success "$a: show timer_softirq_action" \
		cr -d "$TMP/$a.db" show --format json 'timer.c#timer_softirq_action' &&
		check "$a: its sites call init_timer callbacks only" \
			jq_is '[.[0].indirect_calls[].targets[].reason | test("^member timer.function, set by init_timer\\(\\) at ")] | all' 'true' &&
		check "$a: ... among them the scheduler's s_timer_fn" \
			jq_is '[.[0].indirect_calls[].targets[].name] | index("common/sched/core.c:s_timer_fn") != null' 'true'
done
expect_success "x86_64: show timer_softirq_action" \
	cr -d "$TMP/x86_64.db" show --format json 'timer.c#timer_softirq_action' &&
	check "x86_64: the 27 init_timer callbacks of the build" \
		jq_is '[.[0].indirect_calls[].targets[].name] | unique | length' '27'

expect_success "arm64: leave_hypervisor_to_guest reaches _xmalloc" \
	cr -d "$TMP/arm64.db" reach --format json leave_hypervisor_to_guest _xmalloc &&
	check "arm64: ... through __do_softirq -> timer_softirq_action, registry tier" \
		jq_is '[.hops[] | select(.caller == "common/softirq.c:__do_softirq") | [.callee, .tier]]' \
		'[["common/timer.c:timer_softirq_action","registry"]]'
expect_exit 1 "arm64: without the registry tier it does not" \
	cr -d "$TMP/arm64.db" reach --indirect=rules,fields leave_hypervisor_to_guest _xmalloc

for a in x86_64 arm64; do
	expect_success "$a: stats json" cr -d "$TMP/$a.db" stats --format json &&
		check "$a: the registry tier resolves sites, with fewer left" \
			jq_is '.indirect | [.resolved.registry > 20, .unresolved < .sites]' '[true,true]'
done

finish
