# Sourced by scripts/test.sh: starts the built pocketdav on a free loopback port with two users
# (alice/alicepw, bob/bobpw) in a throwaway folder, and stops it by PID.
# LIVE_STORAGE picks the backend: filesystem (the default), git, or postgres (the PostgreSQL at
# POCKETDAV_TEST_PG_URL, password from PGPASSWORD handed over in a password_file, in a fresh
# schema).
live_start() {
    local dir="$1"
    rm -rf "$dir" && mkdir -p "$dir"
    LIVE_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    cat > "$dir/pocketdav.toml" <<TOML
[server]
hosts = ["127.0.0.1:$LIVE_PORT"]
[auth]
type = ["htpasswd"]
failure_delay = 0.2
[auth.htpasswd]
file = "users"
[storage]
type = "${LIVE_STORAGE:-filesystem}"
[storage.filesystem]
folder = "collections"
[storage.git]
repository = "collections.git"
[logging]
level = "debug"
TOML
    if [ "${LIVE_STORAGE:-filesystem}" = postgres ]; then
        (umask 077 && printf '%s\n' "${PGPASSWORD:-}" > "$dir/pgpassword")
        cat >> "$dir/pocketdav.toml" <<TOML
[storage.postgres]
url = "$POCKETDAV_TEST_PG_URL"
password_file = "pgpassword"
schema = "live_$$_$RANDOM"
tls = "disable"
TOML
    fi
    local bin="$ROOT/.build/debug/pocketdav"
    POCKETDAV_PASSWORD=alicepw "$bin" user add --config "$dir/pocketdav.toml" alice >/dev/null || return 1
    POCKETDAV_PASSWORD=bobpw "$bin" user add --config "$dir/pocketdav.toml" bob >/dev/null || return 1
    "$bin" serve --config "$dir/pocketdav.toml" > "$dir/server.log" 2>&1 &
    LIVE_PID=$!
    LIVE_URL="http://127.0.0.1:$LIVE_PORT"
    for _ in $(seq 1 100); do
        curl -s -o /dev/null "$LIVE_URL/" && return 0
        kill -0 "$LIVE_PID" 2>/dev/null || { cat "$dir/server.log"; return 1; }
        sleep 0.1
    done
    return 1
}

live_stop() {
    [ -n "${LIVE_PID:-}" ] || return 0
    kill -TERM "$LIVE_PID" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$LIVE_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$LIVE_PID" 2>/dev/null
    LIVE_PID=""
}
trap live_stop EXIT
