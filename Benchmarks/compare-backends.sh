#!/usr/bin/env bash
# Benchmarks pocketdav's filesystem and PostgreSQL backends side by side with ../shared/bench,
# at each N given, in one run (so the ratios between sizes come from the same machine state).
#
#   Benchmarks/compare-backends.sh N [N ...]
#   SIZES=postgres Benchmarks/compare-backends.sh N1 N2
#       one backend (filesystem or postgres) at two sizes instead, each measured with `run.py
#       bench` straight after the other: how "query at N=100000 within 2x of N=10000" is measured.
#
# For every N: a fresh filesystem data folder and a fresh database in one throwaway PostgreSQL
# (scripts/pg-throwaway.sh), both seeded over HTTP with seed.py (4 writers, fsync on; its rate is
# the PUT figure), then `run.py compare` with A = filesystem, B = postgres on the metrics in
# $METRICS. BIN overrides the binary (default: a release build). Results go to
# .build-bench/results/backends-nN/.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: compare-backends.sh N [N ...]" >&2; exit 2; }
BENCH="${POCKETDAV_SHARED:-$PWD/../shared}/bench"
METRICS="${METRICS:-query_month,sync_delta,multiget50,get}"
if [ -z "${BIN:-}" ]; then
    scripts/build-release.sh 2>&1 | tail -n 1  # the binary scripts/run.sh runs
    BIN="$PWD/.build/release/pocketdav"
fi
ROOT="$PWD/.build-bench/data/backends"
rm -rf "$ROOT" && mkdir -p "$ROOT"

# shellcheck source=../scripts/pg-throwaway.sh
source scripts/pg-throwaway.sh
pg_start "$ROOT/pg"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; pg_stop; }
trap cleanup EXIT
PGBIN=$(pg_bin)
PGURL_BASE="${POCKETDAV_TEST_PG_URL%/*}"

# serve NAME PORT STORAGE_TOML: starts pocketdav in $ROOT/NAME with user bench:benchpw.
serve() {
    local dir="$ROOT/$1" port="$2"
    mkdir -p "$dir"
    cat > "$dir/pocketdav.toml" <<TOML
[server]
hosts = ["127.0.0.1:$port"]
max_connections = 256
[auth.htpasswd]
file = "users"
$3
[logging]
level = "warning"
TOML
    POCKETDAV_PASSWORD=benchpw "$BIN" user add --config "$dir/pocketdav.toml" bench > /dev/null
    (cd "$dir" && exec "$BIN" serve --config pocketdav.toml 2> server.log) &
    PIDS+=($!)
    for _ in $(seq 300); do curl -s -o /dev/null "http://127.0.0.1:$port/" && return 0; sleep 0.2; done
    echo "pocketdav $1 did not start; see $dir/server.log" >&2; return 1
}

storage_toml() {  # storage_toml SIDE N
    if [ "$1" = fs ]; then
        printf '[storage]\ntype = "filesystem"\n[storage.filesystem]\nfolder = "collections"\n'
    else
        printf '[storage]\ntype = "postgres"\n[storage.postgres]\nurl = "%s/bench_n%s"\npool_size = 16\ntls = "disable"\n' \
            "$PGURL_BASE" "$2"
    fi
}

PORT=27700
if [ -n "${SIZES:-}" ]; then
    [ $# -eq 2 ] || { echo "SIZES needs exactly two sizes" >&2; exit 2; }
    side=$([ "$SIZES" = filesystem ] && echo fs || echo pg)
    OUT="$PWD/.build-bench/results/$SIZES-n$1-vs-n$2"
    mkdir -p "$OUT"
    ports=()
    for N in "$1" "$2"; do
        [ "$side" = pg ] && "$PGBIN/createdb" -h 127.0.0.1 -p "${PGURL_BASE##*:}" -U pocketdav "bench_n$N"
        port=$((PORT++)); ports+=("$port")
        serve "$side-n$N" "$port" "$(storage_toml "$side" "$N")"
        python3 "$BENCH/seed.py" "http://127.0.0.1:$port" bench benchpw /bench/cal/ "$N" --workers 4 \
            --json "$OUT/seed-n$N.json" | tail -n 2
    done
    # run.py compare insists on equal sizes, so each size gets a `run.py bench` of its own, one
    # straight after the other.
    for i in 0 1; do
        N=$([ $i = 0 ] && echo "$1" || echo "$2")
        python3 "$BENCH/run.py" bench "http://127.0.0.1:${ports[$i]}" bench benchpw /bench/cal/ --n "$N" \
            --name "$SIZES-n$N" --metrics "$METRICS" --out "$OUT" | tail -n 12
    done
    exit 0
fi
for N in "$@"; do
    OUT="$PWD/.build-bench/results/backends-n$N"
    mkdir -p "$OUT"
    "$PGBIN/createdb" -h 127.0.0.1 -p "${PGURL_BASE##*:}" -U pocketdav "bench_n$N"
    FS_PORT=$((PORT++)); PG_PORT=$((PORT++))
    serve "fs-n$N" "$FS_PORT" "[storage]
type = \"filesystem\"
[storage.filesystem]
folder = \"collections\""
    serve "pg-n$N" "$PG_PORT" "[storage]
type = \"postgres\"
[storage.postgres]
url = \"$PGURL_BASE/bench_n$N\"
pool_size = 16
tls = \"disable\""
    for side in fs pg; do
        port=$([ $side = fs ] && echo "$FS_PORT" || echo "$PG_PORT")
        python3 "$BENCH/seed.py" "http://127.0.0.1:$port" bench benchpw /bench/cal/ "$N" --workers 4 \
            --json "$OUT/seed-$side.json" | tail -n 2
    done
    python3 "$BENCH/run.py" compare --n "$N" --out "$OUT" --metrics "$METRICS" \
        --a filesystem "http://127.0.0.1:$FS_PORT" bench benchpw /bench/cal/ \
        --b postgres "http://127.0.0.1:$PG_PORT" bench benchpw /bench/cal/
done
