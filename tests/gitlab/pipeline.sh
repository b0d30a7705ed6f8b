#!/bin/bash
# The GitLab pipeline (ci-scripts/gitlab-ci.yml) run for real by
# gitlab-ci-local (ci-scripts/install-deps.sh --gitlab installs the pinned
# version) in shell mode, on a git repository made here from
# tests/gitlab/fixture: a small C project standing in for Xen, with
# arch/x86_64.c or arch/arm64.c per ARCH and debug.c with CONFIG=debug.
#   - the scheduled pipeline: four matrix jobs (2 ARCH x 2 CONFIG) pass and
#     keep database and baseline; the fan-in writes one report of the four
#     builds (a site on arm64 only, one in debug builds only) and one
#     history line per build and night; a second night, with only the
#     GitLab cache left from the first, adds the second line and compares
#     with the first night's baseline;
#   - the merge-request pipeline: the gate jobs fail on a commit that adds
#     an allocator path, with gate.md, junit.xml and gate.sarif per build
#     and one summary; they pass once the path has a SAFE verdict, and the
#     summary is posted to a stand-in of GitLab's notes API on 127.0.0.1.
# Run by "make check-gitlab" (and so by .ci/run), not by "make check".

# shellcheck disable=SC1091,SC2016
. "$(dirname "$0")/../lib.sh"

require_callreach
for tool in gitlab-ci-local rsync git; do
	if ! command -v "$tool" >/dev/null; then
		fail "$tool is installed (ci-scripts/install-deps.sh --gitlab)"
		finish
	fi
done
check "gitlab-ci-local is the pinned 4.56.0" \
	test "$(gitlab-ci-local --version)" = 4.56.0

repo=$TMP/xen
mkdir -p "$repo"
cp -r "$TESTS_DIR/gitlab/fixture/." "$repo/"
cp "$REPO_DIR/ci-scripts/gitlab-ci.yml" "$repo/callreach-ci.yml"
cat >"$repo/ci-build.sh" <<'EOS'
#!/bin/sh
# the build of a matrix job: its ARCH and CONFIG, with the call-graph flag
exec make ARCH="$CALLREACH_ARCH" CONFIG="$CALLREACH_CONFIG" CFLAGS="-O1 $CALLGRAPH_FLAG"
EOS
cat >"$repo/.gitlab-ci.yml" <<'EOS'
include:
  - local: callreach-ci.yml

variables:
  CALLREACH_RULES: "$CI_PROJECT_DIR/callreach.rules"
  CALLREACH_BUILD: "sh ci-build.sh"
  CALLREACH_NAME: "fixture"

.callreach-matrix:
  parallel:
    matrix:
      - ARCH: [x86_64, arm64]
        CONFIG: [defconfig, debug]
EOS
git_c() {
	git -C "$repo" -c user.name=ci -c user.email=ci@localhost "$@"
}
git_c init -q
git_c add -A
git_c commit -qm "the stand-in hypervisor"
base=$(git_c rev-parse HEAD)

# pipeline SOURCE [VAR=VALUE]...: run the pipeline as GitLab would for SOURCE
pipeline() {
	local source=$1 vars=() v
	shift
	for v in "$@"; do
		vars+=(--variable "$v")
	done
	(cd "$repo" && timeout 300 gitlab-ci-local --shell-isolation \
		--concurrency 2 --no-color \
		--variable CI_PIPELINE_SOURCE="$source" \
		--variable CALLREACH_HOME="$REPO_DIR" \
		--variable CALLREACH="$CALLREACH" "${vars[@]}")
}
passed() {
	grep -Eq "PASS +$1" "$OUT"
}
failed() {
	grep -Eq "FAIL +$1" "$OUT"
}

# --- the nightly ---------------------------------------------------------------
expect_success "the scheduled pipeline passes" \
	pipeline schedule NIGHTLY_DATE=2026-01-01
for b in x86_64,defconfig x86_64,debug arm64,defconfig arm64,debug; do
	check "matrix job [$b] ran and passed" passed "callreach-nightly: \[$b\]"
done
check "the fan-in report job passed" passed "callreach-nightly-report"
check "no gate job in a scheduled pipeline" \
	bash -c "! grep -q callreach-gate '$OUT'"
for b in x86_64-defconfig x86_64-debug arm64-defconfig arm64-debug; do
	check "$b keeps database and baseline as artifacts" \
		test -s "$repo/callreach-nightly/$b/2026-01-01/callreach.db" \
		-a -s "$repo/callreach-nightly/$b/2026-01-01/baseline.json"
done
site=$repo/callreach-report/report
json=$site/builds.json
check "one report of the four builds" \
	json_is "$json" '[.builds[].label]' \
	'["fixture-arm64-debug","fixture-arm64-defconfig","fixture-x86_64-debug","fixture-x86_64-defconfig"]'
check "a page per build" test -s "$site/build-1/index.html" -a \
	-s "$site/build-4/index.html"
check "the arm64-only allocation site, with its witness" \
	json_is "$json" '.differences.sites[] | select(.calls == ["arch/arm64.c:p2m_alloc_table","page_alloc"]) | [.in, .not_in, .witness]' \
	'[["fixture-arm64-debug","fixture-arm64-defconfig"],["fixture-x86_64-debug","fixture-x86_64-defconfig"],["do_memory_op","arch_memory_op","arch/arm64.c:p2m_alloc_table","page_alloc"]]'
check "the debug-only pair (configuration-dependent code)" \
	json_is "$json" '.differences.pairs[] | select(.calls == ["do_debug_op","heap_alloc"]) | .in' \
	'["fixture-arm64-debug","fixture-x86_64-debug"]'
check "one history line per build" \
	test "$(cat "$repo"/callreach-report/state/*.history.jsonl | wc -l)" = 4

# GitLab keeps no artifact from one pipeline to the next: only the cache
rm -rf "$repo/callreach-report" "$repo/callreach-nightly"
expect_success "the next night passes too" \
	pipeline schedule NIGHTLY_DATE=2026-01-02
check "the fan-in's state came back from the cache" \
	grep -q "imported cache 'callreach-nightly-state'" "$OUT"
check "each build's history has both nights" \
	test "$(jq -sc 'map(.date)' "$repo/callreach-report/state/fixture-arm64-debug.history.jsonl")" = \
	'["2026-01-01","2026-01-02"]'
check "the build pages compare with the last night's baseline" \
	grep -q 'state/fixture-arm64-debug.baseline.json' "$site/build-1/index.html"
check "the builds' pages draw the trend" test -s "$site/build-1/trend.svg"

# --- the merge-request gate ----------------------------------------------------
sed -i 's/\treturn 0x40015;/\treturn heap_alloc(16) ? 0x40015 : -1;/' \
	"$repo/hypercall.c"
git_c commit -qam "version: a buffer from the shared heap"
expect_exit 1 "the merge-request pipeline fails on a new allocator path" \
	pipeline merge_request_event CI_MERGE_REQUEST_DIFF_BASE_SHA="$base"
for b in x86_64,defconfig x86_64,debug arm64,defconfig arm64,debug; do
	check "gate job [$b] failed" failed "callreach-gate: \[$b\]"
done
gate=$repo/callreach-gate
for b in x86_64-defconfig arm64-debug; do
	check "$b: JUnit names the new path" \
		grep -q 'do_version &gt; heap_alloc' "$gate/$b/junit.xml"
	check "$b: SARIF has the result" \
		test "$(jq '.runs[0].results | length' "$gate/$b/gate.sarif")" -gt 0
done
check "one summary of all builds, each failed" \
	test "$(grep -c '| \*\*failed\*\*' "$gate/summary.md")" = 4
check "the summary holds each build's gate" \
	test "$(grep -c '^### ' "$gate/summary.md")" = 4

echo 'triage SAFE "the version buffer is bounded and freed" : do_version > heap_alloc' \
	>>"$repo/callreach.rules"
git_c commit -qam "triage the version buffer"
# a stand-in for GitLab's notes API on 127.0.0.1: it keeps what is posted
cat >"$TMP/notes.js" <<'EOS'
const http = require('http'), fs = require('fs');
const [out, portFile] = process.argv.slice(2);
const srv = http.createServer((req, res) => {
	let body = '';
	req.on('data', (c) => { body += c; });
	req.on('end', () => {
		fs.writeFileSync(out, JSON.stringify({method: req.method, url: req.url,
			token: req.headers['private-token'], body: JSON.parse(body).body}));
		res.writeHead(201, {'Content-Type': 'application/json'});
		res.end('{"id": 1}');
	});
});
srv.listen(0, '127.0.0.1', () => fs.writeFileSync(portFile, String(srv.address().port)));
setTimeout(() => process.exit(0), 120000);
EOS
node "$TMP/notes.js" "$TMP/note.json" "$TMP/port" &
notes_pid=$!
for _ in $(seq 50); do [ -s "$TMP/port" ] && break; sleep 0.1; done
expect_success "the gate passes once the path has a verdict" \
	pipeline merge_request_event CI_MERGE_REQUEST_DIFF_BASE_SHA="$base" \
	CALLREACH_NOTE_TOKEN=secret CI_MERGE_REQUEST_IID=7 CI_PROJECT_ID=42 \
	CI_API_V4_URL="http://127.0.0.1:$(cat "$TMP/port")/api/v4"
kill "$notes_pid" 2>/dev/null
check "the summary is posted once on the merge request, with the token" \
	json_is "$TMP/note.json" '[.method, .url, .token]' \
	'["POST","/api/v4/projects/42/merge_requests/7/notes","secret"]'
check "the note is the summary" \
	test "$(jq -r .body "$TMP/note.json")" = "$(cat "$repo/callreach-gate/summary.md")"
for b in x86_64,defconfig arm64,debug; do
	check "gate job [$b] passed" passed "callreach-gate: \[$b\]"
done
check "the summary says every build passed" \
	test "$(grep -c '| passed |' "$gate/summary.md")" = 4

finish
