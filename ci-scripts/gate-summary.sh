#!/bin/bash
# The merge-request gate's fan-in: one Markdown summary of the gate of
# every build, posted as a comment on the merge request.
#
#   ci-scripts/gate-summary.sh OUT-FILE GATE-DIR...
#
# Each GATE-DIR is the OUT-DIR of a merge-gate.sh job (named after its
# build, e.g. callreach-gate/x86_64-defconfig). OUT-FILE receives a table
# of the builds and their result, then each build's gate.md. When
# $CALLREACH_NOTE_TOKEN is set (a GitLab token allowed to comment), the
# summary is posted to the merge request of $CI_MERGE_REQUEST_IID through
# $CI_API_V4_URL. Exits 0 when every build passed, 1 when one failed or
# left no result.
set -eu
if [ $# -lt 2 ]; then
	echo "usage: gate-summary.sh OUT-FILE GATE-DIR..." >&2
	exit 2
fi
out=$1
shift
failed=0
{
	echo "## callreach: allocation paths of this change"
	echo
	echo "| build | gate |"
	echo "| --- | --- |"
	for d in "$@"; do
		status=$(cat "$d/status" 2>/dev/null || echo none)
		case $status in
		0) result="passed" ;;
		1) result="**failed**: something new lacks a SAFE or PROB_SAFE verdict"; failed=1 ;;
		none) result="**no result** (the job did not finish)"; failed=1 ;;
		*) result="**error** (exit $status)"; failed=1 ;;
		esac
		echo "| $(basename "$d") | $result |"
	done
	for d in "$@"; do
		echo
		echo "### $(basename "$d")"
		echo
		if [ -f "$d/gate.md" ]; then
			cat "$d/gate.md"
		else
			echo "No gate.md: see the job's log."
		fi
	done
} >"$out"
if [ -n "${CALLREACH_NOTE_TOKEN:-}" ] && [ -n "${CI_MERGE_REQUEST_IID:-}" ]; then
	jq -n --rawfile body "$out" '{body: $body}' |
		curl --fail --silent --show-error --request POST \
			--header "PRIVATE-TOKEN: $CALLREACH_NOTE_TOKEN" \
			--header "Content-Type: application/json" --data @- \
			"$CI_API_V4_URL/projects/$CI_PROJECT_ID/merge_requests/$CI_MERGE_REQUEST_IID/notes" >/dev/null
	echo "summary posted to merge request !$CI_MERGE_REQUEST_IID"
else
	echo "summary in $out (set CALLREACH_NOTE_TOKEN to post it on the merge request)"
fi
exit "$failed"
