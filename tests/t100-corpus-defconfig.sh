#!/bin/bash
# t100: callreach on the real Xen 4.21.1 x86_64 defconfig call graph
# (../shared/corpus/xen-4.21.1-x86_64-defconfig.tar.xz).
#
# Every expected value is computed by tests/corpus-facts.sh from the .ci text
# (awk/sort/grep) or is a fact of ../shared/corpus/README.md; callreach is
# never asked for an answer it is then compared with.  Fails (does not skip)
# when the corpus is missing.
# shellcheck source=tests/corpus-facts.sh
. "$(dirname "$0")/corpus-facts.sh"

# The facts ../shared/corpus/README.md states (CF_README_FACTS, they
# validate the awk): 396 units; 4,513 defined functions with naive clone
# stripping (4,495 with clones of globals folded onto them: computed, not
# stated); 950 indirect call sites; about 14,000 edges; 33 static names in
# several units, counted on raw titles (clones such as
# cpumask_first.constprop.0 count as their own name); no largest cycle.

# A call path that must NOT exist.  Two static functions are called add_entry:
# common/timer.c:add_entry and common/hypfs.c:add_entry.  set_timer calls the
# timer one; only the hypfs one calls common/hypfs.c:hypfs_write_lock.  A tool
# that merged same-named statics would report set_timer -> add_entry ->
# hypfs_write_lock.  Checked by hand in the unpacked corpus:
#   $ grep -rn -e 'targetname: "common/hypfs.c:hypfs_write_lock"' \
#              -e 'targetname: "common/hypfs.c:add_entry"' --include='*.ci' .
#   common/.hypfs.o.ci:55: "common/hypfs.c:add_entry" -> "common/hypfs.c:hypfs_write_lock" common/hypfs.c:202:5
#   common/.hypfs.o.ci:76: "hypfs_add_dir" -> "common/hypfs.c:add_entry"        common/hypfs.c:245:11
#   common/.hypfs.o.ci:79: "hypfs_add_leaf" -> "common/hypfs.c:add_entry"       common/hypfs.c:271:15
#   common/.hypfs.o.ci:93: "do_hypfs_op" -> "common/hypfs.c:hypfs_write_lock"   common/hypfs.c:699:9
#   $ grep -n 'sourcename: "set_timer"' common/.timer.o.ci
#   ... "set_timer" -> "common/timer.c:add_entry" common/timer.c:230:10  (and lock/softirq helpers)
# The ancestors of hypfs_write_lock (reverse closure) are only hypfs/multicall/
# hypercall entry code (hypfs_add_dir, hypfs_add_leaf, do_hypfs_op,
# do_multicall, pv_hypercall, hvm_hypercall, vmx/svm_vmexit_handler,
# entry_from_pv, buildinfo_init, param_init, cpupool_init, ...); set_timer
# reaches 15 functions, none of them.  The script re-verifies all of this with
# its own awk BFS (forward, and with statics merged) before asking callreach.
cf_main xen-4.21.1-x86_64-defconfig.tar.xz set_timer \
	common/timer.c:add_entry common/hypfs.c:add_entry \
	common/hypfs.c:hypfs_write_lock
