#!/usr/bin/env bash
# The whole test suite, as CI runs it: Swift unit, in-process protocol and end-to-end tests,
# then litmus and ../shared/conformance/interop.py against a live pocketdav on each storage
# backend (filesystem, git, PostgreSQL), then the end-to-end checks of the binary (kill -9
# during writes on the filesystem and git backends). Installs what it needs; idempotent.
# A throwaway PostgreSQL (scripts/pg-throwaway.sh) serves the PostgreSQL backend's Swift tests,
# its live pass and the fault test. With CI=true a PostgreSQL that cannot start is a failure;
# locally those parts are skipped, saying so.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
SHARED="${POCKETDAV_SHARED:-$ROOT/../shared}"
VENV="$ROOT/.build-venv"
RESULTS="$ROOT/.build-results"
rm -rf "$RESULTS" && mkdir -p "$RESULTS"
failures=()
passed=0
failed=0

scripts/install-deps.sh --test || exit 1
if [ ! -x "$VENV/bin/python" ] || ! cmp -s "$SHARED/conformance/requirements.txt" "$VENV/requirements.txt"; then
    python3 -m venv "$VENV" && "$VENV/bin/pip" install -q -r "$SHARED/conformance/requirements.txt" \
        && cp "$SHARED/conformance/requirements.txt" "$VENV/requirements.txt" || exit 1
fi
PY="$VENV/bin/python"

echo "== build"
if ! swift build --build-tests > "$RESULTS/build.log" 2>&1; then
    grep -E -B2 -A6 "error:" "$RESULTS/build.log" | head -n 80
    echo "build failed (full log: $RESULTS/build.log)"
    exit 1
fi
tail -n 1 "$RESULTS/build.log"

echo "== PostgreSQL (throwaway)"
source scripts/pg-throwaway.sh
PG_DIR=$(mktemp -d /tmp/pocketdav-pg.XXXXXX)
if pg_start "$PG_DIR" > "$RESULTS/pg-start.txt" 2>&1; then
    PG_UP=1
    echo "listening: $POCKETDAV_TEST_PG_URL"
else
    PG_UP=0
    rm -rf "$PG_DIR"
    tail -n 20 "$RESULTS/pg-start.txt"
    if [ "${CI:-}" = "true" ]; then
        echo "PostgreSQL did not start, and CI requires the PostgreSQL tests"
        failures+=("postgres start"); failed=$((failed + 1))
    else
        echo "PostgreSQL did not start: its Swift tests, live pass and fault test are skipped"
    fi
fi

echo "== swift test"
swift test --skip-build 2>&1 | tee "$RESULTS/swift-test.log" | grep -E "✘|error:|Test run with|Suite .* failed" | tail -n 60
swift_rc=${PIPESTATUS[0]}
read -r sp sf < <("$PY" scripts/count-swift-tests.py "$RESULTS/swift-test.log")
passed=$((passed + sp)); failed=$((failed + sf))
[ "$swift_rc" -eq 0 ] || failures+=("swift test (rc=$swift_rc)")

# litmus and interop.py against a live pocketdav on one storage backend; one pending list for all.
live_checks() {
    local storage="$1" out="$RESULTS/$1"
    mkdir -p "$out"
    echo "== live server ($storage storage)"
    LIVE_STORAGE="$storage" live_start "$out/live" || { echo "could not start pocketdav ($storage)"; failures+=("live server ($storage)"); failed=$((failed + 1)); return; }

    echo "== litmus (basic copymove props http) on $storage"
    LITMUS_SUITES="basic copymove props http" LITMUS_OUT="$out/litmus" PY="$PY" \
        bash "$SHARED/conformance/run-litmus.sh" "$LIVE_URL/alice/" alice alicepw > "$out/litmus.txt" 2>&1
    local litmus_rc=$?
    grep -E "^FAIL|^litmus:" "$out/litmus.txt"
    read -r lp lf < <("$PY" scripts/count-line.py litmus "$out/litmus.txt")
    passed=$((passed + lp)); failed=$((failed + lf))
    [ "$litmus_rc" -eq 0 ] || failures+=("litmus ($storage)")

    echo "== interop.py on $storage"
    "$PY" "$SHARED/conformance/interop.py" "$LIVE_URL/" alice alicepw --user2 bob --pass2 bobpw \
        --json "$out/interop.json" > "$out/interop.txt" 2>&1
    tail -n 1 "$out/interop.txt"
    "$PY" scripts/check-interop.py "$out/interop.json" tests/conformance/interop-pending.txt > "$out/interop-check.txt"
    local interop_rc=$?
    cat "$out/interop-check.txt"
    read -r ip if_ < <(tail -n 1 "$out/interop-check.txt" | "$PY" scripts/count-line.py interop-check -)
    passed=$((passed + ip)); failed=$((failed + if_))
    [ "$interop_rc" -eq 0 ] || failures+=("interop.py ($storage)")
    live_stop
}

source scripts/live-server.sh
trap 'live_stop; pg_stop' EXIT

live_checks filesystem
live_checks git
if [ "$PG_UP" -eq 1 ]; then
    live_checks postgres
    echo "== PostgreSQL fault test: the database stops and restarts under writes"
    "$PY" tests/e2e/pg_fault.py "$ROOT/.build/debug/pocketdav" > "$RESULTS/pg-fault.txt" 2>&1
    pg_fault_rc=$?
    tail -n 15 "$RESULTS/pg-fault.txt"
    read -r fp ff < <("$PY" scripts/count-line.py pg-fault "$RESULTS/pg-fault.txt")
    passed=$((passed + fp)); failed=$((failed + ff))
    [ "$pg_fault_rc" -eq 0 ] || failures+=("pg-fault")
fi
pg_stop

echo "== end-to-end: crash and security checks against the binary"
"$PY" tests/e2e/run_e2e.py "$ROOT/.build/debug/pocketdav" > "$RESULTS/e2e.txt" 2>&1
e2e_rc=$?
cat "$RESULTS/e2e.txt" | tail -n 30
read -r ep ef < <("$PY" scripts/count-line.py e2e "$RESULTS/e2e.txt")
passed=$((passed + ep)); failed=$((failed + ef))
[ "$e2e_rc" -eq 0 ] || failures+=("e2e")

echo
if [ ${#failures[@]} -gt 0 ]; then
    echo "FAILED: ${failures[*]} (logs in $RESULTS)"
fi
echo "total: $passed passed, $failed failed"
[ ${#failures[@]} -eq 0 ]
