#!/bin/bash
# Build a source tree with -fcallgraph-info=su,da and ingest its call graph.
#
#   ci-scripts/build-callgraph.sh [--arch ARCH] [--config CONFIG]
#                                 [--label LABEL] SOURCE-TREE DATABASE
#
# A Xen tree (one with xen/Makefile) is configured with CONFIG (defconfig,
# allyesconfig, ... or the path of a .config file; default: keep an existing
# xen/.config, else defconfig) for ARCH (XEN_TARGET_ARCH, default x86_64) and
# built with the flag in EXTRA_CFLAGS_XEN_CORE; an ARCH other than the
# machine's is cross-built with CROSS_COMPILE (default: the Debian cross
# compiler, aarch64-linux-gnu- for arm64; exit 3 when it is missing). Any
# other tree is built with
# "make CFLAGS='$CFLAGS -fcallgraph-info=su,da'", or with $CALLREACH_BUILD
# when that is set (run in the tree, with $CALLGRAPH_FLAG, and ARCH and
# CONFIG as $CALLREACH_ARCH and $CALLREACH_CONFIG, in its environment).
set -eu
# shellcheck source=ci-scripts/lib.sh
. "$(dirname "$0")/lib.sh"
usage="[--arch ARCH] [--config CONFIG] [--label LABEL] SOURCE-TREE DATABASE"
arch=x86_64
config=
label=
opt_arch() { arch=$1; }
opt_config() { config=$1; }
opt_label() { label=$1; }
parse_args 2 2 "$@"
src=${operands[0]}
db=${operands[1]}
export CALLGRAPH_FLAG="-fcallgraph-info=su,da"
jobs=$(nproc 2>/dev/null || echo 2)

if [ -f "$src/xen/Makefile" ]; then
	# another architecture than the machine's is cross-built
	case $arch in
	arm64|aarch64) triplet=aarch64-linux-gnu ;;
	*) triplet=$arch-linux-gnu ;;
	esac
	if [ -z "${CROSS_COMPILE+set}" ] && [ "${triplet%%-*}" != "$(uname -m)" ]; then
		CROSS_COMPILE=$triplet-
	fi
	if [ -n "${CROSS_COMPILE:-}" ] && ! command -v "${CROSS_COMPILE}gcc" >/dev/null; then
		echo "build-callgraph.sh: ${CROSS_COMPILE}gcc not found to build for $arch: install it (Debian: gcc-${triplet//_/-}, or ci-scripts/install-deps.sh --cross) or set CROSS_COMPILE" >&2
		exit 3
	fi
	xmake() {
		make -C "$src/xen" XEN_TARGET_ARCH="$arch" \
			${CROSS_COMPILE:+CROSS_COMPILE="$CROSS_COMPILE"} "$@"
	}
	case $config in
	"") [ -f "$src/xen/.config" ] || xmake defconfig ;;
	*/*|*.config) cp "$config" "$src/xen/.config"; xmake olddefconfig ;;
	*) xmake "$config" ;;
	esac
	xmake -j"$jobs" EXTRA_CFLAGS_XEN_CORE="$CALLGRAPH_FLAG"
	tree=$src/xen
	: "${label:=xen-$arch${config:+-$(basename "$config")}}"
elif [ -n "${CALLREACH_BUILD:-}" ]; then
	(export CALLREACH_ARCH="$arch" CALLREACH_CONFIG="${config:-defconfig}"
	 cd "$src" && eval "$CALLREACH_BUILD")
	tree=$src
else
	make -C "$src" -j"$jobs" CFLAGS="${CFLAGS:--O2} $CALLGRAPH_FLAG"
	tree=$src
fi
: "${label:=$(basename "$(cd "$src" && pwd)")}"
"$CALLREACH" -d "$db" ingest --label "$label" "$tree"
