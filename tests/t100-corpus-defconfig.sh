#!/bin/bash
# t100: callreach on the real Xen 4.21.1 x86_64 defconfig call graph
# (../shared/corpus/xen-4.21.1-x86_64-defconfig.tar.xz).
#
# Every expected value is computed by tests/corpus-facts.sh from the .ci text
# (awk/sort/grep) or is a fact of ../shared/corpus/README.md; callreach is
# never asked for an answer it is then compared with.  Fails (does not skip)
# when the corpus is missing.
set -u
case ${CALLREACH:-} in '' | /*) ;; *) CALLREACH=$PWD/$CALLREACH ;; esac
cd "$(dirname "$0")/.." || exit 1
# shellcheck source=tests/corpus-facts.sh
. tests/corpus-facts.sh
# shellcheck disable=SC2034  # the CF_ settings below are read by cf_main

# facts stated in ../shared/corpus/README.md (they validate the awk)
CF_TARBALL=xen-4.21.1-x86_64-defconfig.tar.xz
CF_UNITS=396
CF_DEFINED=4513          # naive clone stripping; 4,495 with clones of
                         # globals folded onto them (computed, not stated)
CF_INDIRECT=950
CF_EDGES_ABOUT=14000
CF_STATIC_COLL=33        # counted on raw titles: clones such as
                         # cpumask_first.constprop.0 count as their own name
CF_LARGEST_CYCLE=""      # not stated for defconfig

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
CF_NO_FROM=set_timer
CF_NO_VIA_OTHER=common/timer.c:add_entry
CF_NO_VIA=common/hypfs.c:add_entry
CF_NO_TO=common/hypfs.c:hypfs_write_lock

cf_main
