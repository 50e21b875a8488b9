#!/usr/bin/env bash
# Regenerates scripts/pocketdav.order, the list of functions scripts/build-release.sh places
# together. It runs the release binary under valgrind's callgrind (every executed function is
# recorded, however briefly it ran), starts the phone profile, runs scripts/phone-session.sh
# twice and stops the server, then writes the functions of the binary in three groups:
# those the sessions ran, then those only start-up ran, then those only shutdown ran. Names are
# sorted within a group so the file changes only where the code did.
#
# Run it after changes that move a lot of code (new dependencies, large refactors); a stale
# list still works, it just leaves more code scattered. Needs valgrind (installed if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { sudo -n true 2>/dev/null && SUDO=sudo || SUDO=; $SUDO apt-get install -y -q valgrind; }
# POCKETDAV_BIN: a binary built by scripts/build-release.sh elsewhere (e.g. another scratch path).
if [ -z "${POCKETDAV_BIN:-}" ]; then
    scripts/build-release.sh >/dev/null
    POCKETDAV_BIN=.build/release/pocketdav
fi
work=$(mktemp -d)
trap 'kill "${server:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
# valgrind cannot read Swift's DWARF 5; symbols are all it needs.
objcopy --strip-debug "$POCKETDAV_BIN" "$work/pocketdav"
port=$(( 20000 + RANDOM % 20000 ))
scripts/phone-config.sh "$work" "$port" > "$work/config.toml"
ADMIN_USER=admin ADMIN_PASSWORD=order-file valgrind --tool=callgrind --demangle=no \
    --callgrind-out-file="$work/callgrind.out" \
    "$work/pocketdav" serve --config "$work/config.toml" 2>"$work/server.log" &
server=$!
for _ in $(seq 300); do
    curl -s -o /dev/null -u admin:order-file "http://127.0.0.1:$port/admin/" && break
    sleep 1
done
callgrind_control --dump=startup "$server" >/dev/null
for _ in 1 2; do scripts/phone-session.sh "http://127.0.0.1:$port" admin order-file; done
callgrind_control --dump=session "$server" >/dev/null
kill -TERM "$server"; wait "$server" || true; server=
python3 - "$work" > "$work/pocketdav.order" <<'PY'
import glob, os, re, sys
work = sys.argv[1]
binary = os.path.join(work, "pocketdav")

def functions(path):
    """Functions of the binary that ran, from one callgrind dump (names are compressed:
    "fn=(id) name" the first time, "fn=(id)" after)."""
    objects, names, found, current_object = {}, {}, set(), None
    for line in open(path, errors="replace"):
        m = re.match(r"^(c?ob|c?fn)=\((\d+)\)(?: (.*))?$", line.rstrip("\n"))
        if not m:
            continue
        kind, key, name = m.groups()
        table = objects if kind.endswith("ob") else names
        if name is not None:
            table[key] = name
        if kind == "ob":
            current_object = objects[key]
        elif kind == "fn" and current_object == binary:
            found.add(re.sub(r"'\d+$", "", names[key]))  # callgrind marks recursion as 'N
    return {f for f in found if not f.startswith("0x")}

dumps = sorted(glob.glob(os.path.join(work, "callgrind.out*")))
by_part = {}
for path in dumps:
    head = open(path, errors="replace").read(4096)
    part = re.search(r"^desc: Trigger: dump (\S+)$", head, re.M)  # callgrind_control --dump=NAME
    trigger = part.group(1) if part else "exit"
    by_part[trigger] = functions(path)
startup = by_part.get("startup", set())
session = by_part.get("session", set())
shutdown = set().union(*(v for k, v in by_part.items() if k not in ("startup", "session")))
for group in (session, startup - session, shutdown - session - startup):
    for name in sorted(group):
        print(name)
PY
mv "$work/pocketdav.order" scripts/pocketdav.order
echo "scripts/pocketdav.order: $(wc -l < scripts/pocketdav.order) functions" >&2
