# ci-scripts/lib.sh - what the CI scripts share (sourced, never run).

# The history line of one night, from the JSON of "callreach check": the
# date and the path counts by verdict, as the trend of the report reads it.
history_line() {
	jq -c --arg date "$2" '{date: $date, count, count_exact, by_verdict}' "$1"
}
