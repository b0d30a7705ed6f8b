# ci-scripts/lib.sh - what the CI scripts share (sourced, never run).
# shellcheck shell=bash disable=SC2034,SC2154  # usage, operands: the script's
#
# Sourcing it sets "top", the callreach checkout, and CALLREACH, the binary
# (default: top/build/callreach), exported for the scripts a script runs.

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
: "${CALLREACH:=$top/build/callreach}"
export CALLREACH
script=${0##*/}

# usage_error MESSAGE: say MESSAGE and the script's $usage; exit 2.
usage_error() {
	[ -z "$1" ] || echo "$script: $1" >&2
	echo "usage: $script $usage" >&2
	exit 2
}

# parse_args MIN MAX ARGS...: the options at the head of ARGS, then at
# least MIN and at most MAX (empty: any number) operands, which are left in
# the array "operands".  An option --NAME VALUE calls the script's function
# opt_NAME VALUE, a flag --NAME its function flag_NAME (a dash in NAME is
# an underscore in the function's name).  "--" ends the options.  Anything
# else is a usage error.
parse_args() {
	local min=$1 max=$2 name
	shift 2
	while [ $# -gt 0 ]; do
		case $1 in
		--) shift; break ;;
		--?*) name=${1#--}; name=${name//-/_} ;;
		-?*) usage_error "unknown option '$1'" ;;
		*) break ;;
		esac
		if declare -F "flag_$name" >/dev/null; then
			"flag_$name"
			shift
		elif ! declare -F "opt_$name" >/dev/null; then
			usage_error "unknown option '$1'"
		elif [ $# -lt 2 ]; then
			usage_error "option '$1' needs a value"
		else
			"opt_$name" "$2"
			shift 2
		fi
	done
	if [ $# -lt "$min" ] || { [ -n "$max" ] && [ $# -gt "$max" ]; }; then
		usage_error ""
	fi
	operands=("$@")
}

# default_rules: the array "rules" (the "--rules FILE" options of
# callreach a script was given) names the Xen rules when it is empty.
rules=()
default_rules() {
	[ ${#rules[@]} -gt 0 ] || rules=(--rules "$top/rules/xen/xen.rules")
}

# The history line of one night, from the JSON of "callreach check": the
# date and the path counts by verdict, as the trend of the report reads it.
history_line() {
	jq -c --arg date "$2" '{date: $date, count, count_exact, by_verdict}' "$1"
}
