#!/usr/bin/env bash
# Resident memory of the phone profile (filesystem + htpasswd + owner_only): starts BINARY on a
# fresh data directory, serves one PROPFIND, prints VmRSS and its anonymous and file-backed
# parts; then runs one scripts/phone-session.sh and prints VmRSS again.
#
# usage: Benchmarks/idle-rss.sh [BINARY]     (default .build/release/pocketdav, made by
#                                             scripts/build-release.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
binary=$(realpath "${1:-.build/release/pocketdav}")
work=$(mktemp -d)
trap 'kill "${server:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(( 20000 + RANDOM % 20000 ))
scripts/phone-config.sh "$work" "$port" > "$work/config.toml"
# Start from a cold page cache for the binary, as after a reboot. A cached file maps in whatever
# folio sizes the writer or an earlier reader left (large folios, 8 MB read-ahead here), so the
# same binary measured 1.5 MB apart depending on whether the linker, cp or a run had cached it.
dd if="$binary" iflag=nocache count=0 status=none
ADMIN_USER=admin ADMIN_PASSWORD=idle-rss "$binary" serve --config "$work/config.toml" 2>"$work/server.log" &
server=$!
for _ in $(seq 100); do
    curl -s -o /dev/null -u admin:idle-rss -X PROPFIND -H "Depth: 0" "http://127.0.0.1:$port/" && break
    sleep 0.1
done
curl -s -o /dev/null -u admin:idle-rss -X PROPFIND -H "Depth: 1" "http://127.0.0.1:$port/admin/"
sleep 0.5
rss() { awk '/^(VmRSS|RssAnon|RssFile):/ {printf "%s %.1f MB  ", $1, $2 / 1024}' "/proc/$server/status"; echo; }
echo "after start and one PROPFIND: $(rss)"
scripts/phone-session.sh "http://127.0.0.1:$port" admin idle-rss
sleep 0.5
echo "after one phone session:      $(rss)"
