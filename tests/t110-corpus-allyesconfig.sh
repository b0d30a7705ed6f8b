#!/bin/bash
# t110: callreach on the real Xen 4.21.1 x86_64 allyesconfig call graph
# (../shared/corpus/xen-4.21.1-x86_64-allyesconfig.tar.xz): DEBUG, UBSAN,
# XSM, ... with a strongly connected component of 465 functions through which
# naive path enumeration never ends.
#
# Every expected value is computed by tests/corpus-facts.sh from the .ci text
# (awk/sort/grep) or is a fact of ../shared/corpus/README.md; callreach is
# never asked for an answer it is then compared with.  Fails (does not skip)
# when the corpus is missing.
# shellcheck source=tests/corpus-facts.sh
. "$(dirname "$0")/corpus-facts.sh"

# The facts ../shared/corpus/README.md states (CF_README_FACTS, they
# validate the awk): 444 units; 5,373 defined functions with naive clone
# stripping (5,369 with clones of globals folded onto them: computed, not
# stated); 902 indirect call sites; about 25,600 edges; no count of static
# names in several units.
# The README says the big cycle has 465 functions.  That is true of the graph
# without the 347 edge lines that carry no call-site label; with them (they are
# real calls) it has 467.  These two edge lines have no label:
#   arch/x86/efi/.runtime.o.ci:30: "efi_get_time" -> "arch/x86/efi/runtime.c:efi_rs_enter.part.0"
#   arch/x86/efi/.runtime.o.ci:47: "efi_reset_system" -> "arch/x86/efi/runtime.c:efi_rs_enter.part.0"
# and the part clone calls back into the cycle:
#   arch/x86/efi/.runtime.o.ci:9:  "arch/x86/efi/runtime.c:efi_rs_enter.part.0" -> "save_fpu_enable" arch/x86/efi/runtime.c:96:5
# The part clone is a piece of the global efi_rs_enter (line 20 defines
# "efi_rs_enter" in the same .ci file, and no static
# "arch/x86/efi/runtime.c:efi_rs_enter"), so it folds onto efi_rs_enter (see
# cf_parse in corpus-facts.sh), which closes the cycle save_fpu_enable ->
# __ubsan_handle_pointer_overflow -> common/ubsan/ubsan.c:ubsan_epilogue ->
# panic -> machine_restart -> efi_reset_system -> efi_rs_enter ->
# save_fpu_enable, adding efi_rs_enter and save_fpu_enable to it.
# 465 is checked against the awk on labelled edges; callreach against the awk
# on all edges (467).

# A call path that must NOT exist (same example as t100, harder here: with
# UBSAN, set_timer reaches 516 functions, the whole big cycle
# included).  Two static functions are called add_entry: common/timer.c's and
# common/hypfs.c's.  set_timer calls the timer one; only the hypfs one calls
# common/hypfs.c:hypfs_write_lock.  Checked by hand in the unpacked corpus:
#   $ grep -rn -e 'targetname: "common/hypfs.c:hypfs_write_lock"' \
#              -e 'targetname: "common/hypfs.c:add_entry"' --include='*.ci' .
#   common/.hypfs.o.ci:237: "common/hypfs.c:add_entry" -> "common/hypfs.c:hypfs_write_lock" common/hypfs.c:202:5
#   common/.hypfs.o.ci:315: "hypfs_add_dir" -> "common/hypfs.c:add_entry"        common/hypfs.c:245:11
#   common/.hypfs.o.ci:324: "hypfs_add_leaf" -> "common/hypfs.c:add_entry"       common/hypfs.c:271:15
#   common/.hypfs.o.ci:364: "do_hypfs_op" -> "common/hypfs.c:hypfs_write_lock"   common/hypfs.c:699:9
# The ancestors of hypfs_write_lock are only hypfs/multicall/hypercall entry
# code (hypfs_add_dir, hypfs_add_leaf, do_hypfs_op, do_multicall,
# pv_hypercall, hvm_hypercall, do_entry_int82, vmx/svm_vmexit_handler,
# entry_from_pv, buildinfo_init, param_init, cpupool_init, ...), none of which
# set_timer reaches.  The script re-verifies all of this with its own awk BFS
# (forward, and with statics merged) before asking callreach.
cf_main xen-4.21.1-x86_64-allyesconfig.tar.xz set_timer \
	common/timer.c:add_entry common/hypfs.c:add_entry \
	common/hypfs.c:hypfs_write_lock
