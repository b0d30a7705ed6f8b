#!/bin/sh
# Install the Debian packages callreach needs to build and test, when missing.
# --fuzz adds what "make fuzz" needs (clang and its libFuzzer runtime),
# --valgrind what "make valgrind" needs.
set -e
pkgs="gcc make pkg-config libsqlite3-dev libcjson-dev libgraphviz-dev libelf-dev libdw-dev libxxhash-dev graphviz jq sqlite3 libxml2-utils chromium"
for a in "$@"; do
	case $a in
	--fuzz) pkgs="$pkgs clang libclang-rt-dev" ;;
	--valgrind) pkgs="$pkgs valgrind" ;;
	*) echo "usage: $0 [--fuzz] [--valgrind]" >&2; exit 2 ;;
	esac
done
need=""
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }
for p in $pkgs; do
	have_pkg "$p" || need="$need $p"
done
[ -z "$need" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "callreach: missing Debian packages:$need (run as root to install them)" >&2
	exit 1
fi
echo "installing:$need" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends $need >/dev/null
