#!/bin/sh
# Install the Debian packages callreach needs to build and test, when missing.
# --fuzz adds what "make fuzz" needs (clang and its libFuzzer runtime),
# --valgrind what "make valgrind" needs, --gitlab what "make check-gitlab"
# needs: git, rsync, curl, Node.js and npm (Debian's, unless node and npm are
# there already), then gitlab-ci-local at the pinned version from npm;
# --cross the cross compiler for the other architecture (x86_64, arm64)
# that ci-scripts/build-callgraph.sh uses for a Xen tree.
set -e
GITLAB_CI_LOCAL_VERSION=4.56.0
gitlab=0
# libbz2-dev: the static libdw links libbz2.a (Makefile's STATIC_PKGS)
pkgs="gcc make pkg-config libsqlite3-dev libcjson-dev libgraphviz-dev libelf-dev libdw-dev libbz2-dev libxxhash-dev graphviz jq sqlite3 libxml2-utils mandoc chromium gcc-aarch64-linux-gnu libc6-dev-arm64-cross"
for a in "$@"; do
	case $a in
	--fuzz) pkgs="$pkgs clang libclang-rt-dev" ;;
	--valgrind) pkgs="$pkgs valgrind" ;;
	--cross)
		case $(uname -m) in
		aarch64) pkgs="$pkgs gcc-x86-64-linux-gnu" ;;
		*) pkgs="$pkgs gcc-aarch64-linux-gnu" ;;
		esac ;;
	--gitlab)
		gitlab=1
		pkgs="$pkgs git rsync curl"
		command -v node >/dev/null || pkgs="$pkgs nodejs"
		command -v npm >/dev/null || pkgs="$pkgs npm" ;;
	*) echo "usage: $0 [--fuzz] [--valgrind] [--gitlab] [--cross]" >&2; exit 2 ;;
	esac
done
need=""
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }
for p in $pkgs; do
	have_pkg "$p" || need="$need $p"
done
if [ -n "$need" ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "callreach: missing Debian packages:$need (run as root to install them)" >&2
		exit 1
	fi
	echo "installing:$need" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends $need >/dev/null
fi
if [ "$gitlab" = 1 ] &&
	[ "$(gitlab-ci-local --version 2>/dev/null)" != "$GITLAB_CI_LOCAL_VERSION" ]; then
	echo "installing: gitlab-ci-local@$GITLAB_CI_LOCAL_VERSION (npm)" >&2
	npm install -g --no-fund --no-audit "gitlab-ci-local@$GITLAB_CI_LOCAL_VERSION" >/dev/null
fi
