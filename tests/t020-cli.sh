#!/bin/bash
# t020-cli: usage, exit codes, and where the database is.
#
# Exit codes (callreach(1)): 0 success / reachable, 1 not reachable, 2 usage
# error or unknown function, 4 database or system error.  The database is
# "-d FILE", else $CALLREACH_DB, else ./callreach.db.

# shellcheck disable=SC1091,SC2016
. "$(dirname "$0")/lib.sh"

require_callreach

src=$TMP/src
mkdir -p "$src"
cat >"$src/cli.c" <<'EOF'
/* t020: entry -> cli.c:helper -> allocate_page; lonely calls nothing. */
extern void allocate_page(void);
extern volatile int sink;

static void __attribute__((noinline)) helper(void)
{
	allocate_page();
	sink++;
}

void entry(void)
{
	helper();
	sink++;
}

void lonely(void)
{
	sink++;
}
EOF
# a second static helper, so that "helper" names two functions: the unit
# b.c of the static-collision case (entry_b -> cli2.c:helper)
cp "$TESTS_DIR/cases/static-collision/b.c" "$src/cli2.c"
check "sources compile" build_sources "$src"
db=$TMP/cli.db
expect_success "ingest with -d" cr -d "$db" ingest "$src"
check "-d FILE creates FILE" test -s "$db"

# --help: every command of the table, and every cmd-NAME.c file's command
expect_success "--help exits 0" cr --help
commands=$(sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p' "$OUT")
check "--help lists at least 17 commands" test "$(echo "$commands" | wc -l)" -ge 17
for f in "$REPO_DIR"/analyzer/cmd-*.c; do
	c=$(basename "$f" .c)
	c=${c#cmd-}
	check "--help lists $c (analyzer/cmd-$c.c)" grep_out "^  $c "
done
for c in $commands; do
	check "--help lists the command $c" grep_out "(^|[^a-z_-])$c([^a-z_-]|$)"
done
for c in $commands; do
	expect_success "$c --help exits 0" cr "$c" --help &&
		check "$c --help shows its usage" grep_out "$c"
done

# usage errors
expect_exit 2 "no command: exit 2" cr
expect_exit 2 "unknown command: exit 2" cr frobnicate &&
	check "unknown command: stderr names it" grep_err frobnicate
check "unknown command: nothing on stdout" test ! -s "$OUT"
expect_exit 2 "unknown global option: exit 2" cr --frobnicate stats
expect_exit 2 "unknown option of reach: exit 2" \
	cr -d "$db" reach --bogus entry allocate_page &&
	check "unknown option: stderr names it" grep_err "--bogus"
expect_exit 2 "unknown option of paths: exit 2" \
	cr -d "$db" paths --bogus --to allocate_page
expect_exit 2 "reach with one argument: exit 2" cr -d "$db" reach entry
expect_exit 2 "paths without --to: exit 2" cr -d "$db" paths --from entry
expect_exit 2 "unknown --format: exit 2" \
	cr -d "$db" reach --format yaml entry allocate_page
expect_exit 2 "non-numeric --limit: exit 2" \
	cr -d "$db" paths --limit abc --to allocate_page
expect_exit 2 "non-numeric --depth: exit 2" \
	cr -d "$db" callees --depth abc entry
expect_exit 2 "-d without a file: exit 2" cr -d

# unknown functions: exit 2, an error, and close names suggested
expect_exit 2 "unknown TO: exit 2" cr -d "$db" reach entry allocate_pag &&
	check "unknown TO: 'callreach: error:' on stderr" \
		grep_err "callreach: error:" &&
	check "unknown TO: allocate_page suggested" grep_err allocate_page
check "unknown TO: nothing on stdout" test ! -s "$OUT"
expect_exit 2 "unknown FROM: exit 2" cr -d "$db" reach entyr allocate_page &&
	check "unknown FROM: entry suggested" grep_err "(^|[^a-z_])entry([^a-z_]|$)"
expect_exit 2 "unknown function in show: exit 2" cr -d "$db" show helpr &&
	check "show helpr: helper suggested" grep_err "helper"
expect_exit 2 "unknown static in a known file: exit 2" \
	cr -d "$db" show "cli.c#nothere"
expect_exit 2 "known name in an unknown file: exit 2" \
	cr -d "$db" show "nofile.c:helper"
expect_exit 2 "unknown --to of paths: exit 2" \
	cr -d "$db" paths --to no_such_function_anywhere
expect_exit 2 "unknown function in callers: exit 2" \
	cr -d "$db" callers no_such_function_anywhere

# a name shared by several functions: all of them, and a note on stderr
expect_success "show helper (two statics)" \
	cr -d "$db" show --format json helper &&
	check "show helper: both functions" \
		jq_is 'map(.name) | sort' '["cli.c:helper","cli2.c:helper"]' &&
	check "show helper: a note on stderr lists both" \
		eval 'grep_err "cli\.c:helper" && grep_err "cli2\.c:helper"'

# reach: exit 0 when reachable, 1 when not
expect_success "reach entry allocate_page: exit 0" \
	cr -d "$db" reach entry allocate_page &&
	check "reach text output names the path" \
		eval 'grep_out helper && grep_out allocate_page' &&
	check "reach text output shows the call sites" \
		eval 'grep_out "cli\.c:13" && grep_out "cli\.c:7"'
expect_exit 1 "reach lonely allocate_page: exit 1" \
	cr -d "$db" reach lonely allocate_page
expect_exit 1 "reach entry_b allocate_page: exit 1 (other helper)" \
	cr -d "$db" reach entry_b allocate_page
expect_exit 1 "reach in the wrong direction: exit 1" \
	cr -d "$db" reach allocate_page entry
expect_exit 1 "reach --format json, not reachable: exit 1" \
	cr -d "$db" reach --format json lonely allocate_page &&
	check "not reachable: json says so" \
		jq_is '{reachable, path, hops}' \
		'{"hops":[],"path":[],"reachable":false}'
expect_success "paths: exit 0 when there is a path" \
	cr -d "$db" paths --from entry --to allocate_page
expect_exit 1 "paths: exit 1 when there is none" \
	cr -d "$db" paths --from lonely --to allocate_page

# where the database is
mkdir -p "$TMP/cwd1" "$TMP/cwd2" "$TMP/cwd3"
env_db=$TMP/env.db
expect_success "ingest with \$CALLREACH_DB" \
	in_dir "$TMP/cwd1" cr_env "CALLREACH_DB=$env_db" ingest "$src/cli.ci"
check "\$CALLREACH_DB names the database" test -s "$env_db"
check "\$CALLREACH_DB: no ./callreach.db made" test ! -e "$TMP/cwd1/callreach.db"
expect_success "stats with \$CALLREACH_DB" \
	in_dir "$TMP/cwd3" cr_env "CALLREACH_DB=$env_db" stats --format json &&
	check "stats with \$CALLREACH_DB reads that database" jq_is .units 1
expect_success "-d wins over \$CALLREACH_DB" \
	in_dir "$TMP/cwd3" cr_env "CALLREACH_DB=$env_db" -d "$db" stats --format json &&
	check "-d wins over \$CALLREACH_DB: units of the -d database" \
		jq_is .units 2
check "no ./callreach.db made by queries" test ! -e "$TMP/cwd3/callreach.db"
expect_success "ingest without -d or \$CALLREACH_DB" \
	in_dir "$TMP/cwd2" cr ingest "$src"
check "default database is ./callreach.db" test -s "$TMP/cwd2/callreach.db"
expect_success "stats without -d reads ./callreach.db" \
	in_dir "$TMP/cwd2" cr stats --format json &&
	check "stats of ./callreach.db" jq_is .units 2
expect_exit 0 "reach with the default database" \
	in_dir "$TMP/cwd2" cr reach entry allocate_page
expect_exit 4 "database in a missing directory: exit 4" \
	cr -d "$TMP/no/such/dir/x.db" stats

finish
