#!/usr/bin/env bash
# Benchmarks pocketdav against Radicale 3.9.0 (or, with REFERENCE=xandikos, Xandikos 0.4.10 behind
# the reference nginx auth proxy) side by side with ../shared/bench, at N events.
#
#   [REFERENCE=radicale|xandikos] Benchmarks/compare-radicale.sh N [extra run.py compare options]
#
# Needs the reference venv of ../shared/bench/README.md (radicale==3.9.0 and bcrypt in
# ~/.cache/pocketdav-bench/anchors or $ANCHORS_VENV). pocketdav is seeded over HTTP with
# seed.py (4 writers, fsync on); Radicale is seeded over HTTP for N <= 1000 and, for larger
# N, by copying pocketdav's collection folder (the two share Radicale's on-disk layout, and
# Radicale's own HTTP seeding of 10000 items takes about 40 minutes). Xandikos keeps each
# collection in a git repository; it is seeded by baseline.py (over HTTP) and must be seeded
# before this script runs. Results go to .build-bench/results/nN/ (nN-xandikos/ for Xandikos).
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:?usage: compare-radicale.sh N}"; shift || true
BENCH="${POCKETDAV_SHARED:-$PWD/../shared}/bench"
DATA="$PWD/.build-bench/data"
REFERENCE="${REFERENCE:-radicale}"
case "$REFERENCE" in
    radicale) RPORT=$((N <= 1000 ? 25232 : 26232)); RCAL=/bench/cal/; OUT="$PWD/.build-bench/results/n$N" ;;
    xandikos) RPORT=$((N <= 1000 ? 25241 : 26241)); RCAL=/user/calendars/bench/; OUT="$PWD/.build-bench/results/n$N-xandikos" ;;
    *) echo "REFERENCE must be radicale or xandikos, not '$REFERENCE'" >&2; exit 2 ;;
esac
PORT=$((27000 + N % 1000 + (N > 1000 ? 500 : 0)))
mkdir -p "$DATA" "$OUT"

# POCKETDAV_BIN names an already built binary instead.
BIN="${POCKETDAV_BIN:-}"
if [ -z "$BIN" ]; then
    scripts/build-release.sh 2>&1 | tail -n 1  # the binary scripts/run.sh runs
    BIN="$PWD/.build/release/pocketdav"
fi
DIR="$DATA/n$N/pocketdav"
mkdir -p "$DIR"
cat > "$DIR/pocketdav.toml" <<TOML
[server]
hosts = ["127.0.0.1:$PORT"]
max_connections = 256
[auth.htpasswd]
file = "users"
[storage.filesystem]
folder = "collections"
[logging]
level = "warning"
TOML
[ -f "$DIR/users" ] || POCKETDAV_PASSWORD=benchpw "$BIN" user add --config "$DIR/pocketdav.toml" bench
"$BIN" serve --config "$DIR/pocketdav.toml" 2>"$DIR/server.log" &
PID=$!
RPID=""
cleanup() { kill "$PID" 2>/dev/null || true; [ -n "$RPID" ] && kill -INT "$RPID" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.1; done
python3 "$BENCH/run.py" rss "$PID" > "$OUT/pocketdav-idle-rss.txt" || true

if [ ! -f "$DIR/seed.json" ]; then
    python3 "$BENCH/seed.py" "http://127.0.0.1:$PORT" bench benchpw /bench/cal/ "$N" --workers 4 --json "$DIR/seed.json"
fi
cat "$OUT/pocketdav-idle-rss.txt"

RDIR="/tmp/caldav-bench/n$N/$REFERENCE"
if [ ! -f "$RDIR/seed.json" ]; then
    if [ "$REFERENCE" = xandikos ] || [ "$N" -le 1000 ]; then
        python3 "$BENCH/reference/baseline.py" seed "$REFERENCE" --n "$N"
    else
        mkdir -p "$RDIR/collections/collection-root/bench"
        (cd "$DIR/collections/collection-root/bench" && tar --exclude='.pocketdav' -cf - cal) \
            | (cd "$RDIR/collections/collection-root/bench" && tar -xf -)
        echo "{\"items\": $N, \"copied_from\": \"pocketdav\"}" > "$RDIR/seed.json"
    fi
fi
python3 "$BENCH/reference/baseline.py" serve "$REFERENCE" --n "$N" > "$OUT/$REFERENCE-serve.log" 2>&1 &
RPID=$!
# Xandikos answers only after it has read its store (nginx says 502 until then).
for _ in $(seq 3000); do
    code=$(curl -s -o /dev/null -w "%{http_code}" -u bench:benchpw "http://127.0.0.1:$RPORT/" || true)
    [ "$code" != 000 ] && [ "$code" != 502 ] && break
    sleep 0.2
done
# Radicale fills its item cache on the first full listing (minutes at N=10000); do that before
# the harness's 30 s checks, so the comparison measures its warm state (Xandikos likewise
# builds its index on the first listing).
curl -s -o /dev/null -m 1800 -u bench:benchpw -X PROPFIND -H 'Depth: 1' "http://127.0.0.1:$RPORT$RCAL" || true

python3 "$BENCH/run.py" compare --n "$N" --out "$OUT" \
    --a "$REFERENCE" "http://127.0.0.1:$RPORT" bench benchpw "$RCAL" \
    --b pocketdav "http://127.0.0.1:$PORT" bench benchpw /bench/cal/ "$@"
python3 "$BENCH/run.py" rss "$PID" > "$OUT/pocketdav-loaded-rss.txt" || true
cat "$OUT/pocketdav-loaded-rss.txt"
