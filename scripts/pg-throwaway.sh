#!/usr/bin/env bash
# A throwaway PostgreSQL for tests, from Debian's `postgresql` package (scripts/install-deps.sh
# --test installs it). Source this file, then:
#   pg_start DIR   initdb in DIR (as the `postgres` user when running as root: PostgreSQL refuses
#                  to run as root), password (scram-sha-256) auth, listening on 127.0.0.1 on a free
#                  port and on a unix socket in DIR only; creates the database pocketdav_test and
#                  exports POCKETDAV_TEST_PG_URL, PGPASSWORD and POCKETDAV_TEST_PG_DIR.
#   pg_stop        stops that server and removes DIR.
# Run as a command, it stops or starts the server of an existing DIR without removing anything
# (the fault test takes the database away under a running pocketdav):
#   scripts/pg-throwaway.sh server-stop DIR
#   scripts/pg-throwaway.sh server-start DIR

pg_bin() {
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$found" ] && [ -x "$found/initdb" ] && echo "$found"
}

# The unprivileged user that owns the cluster when we are root.
pg_owner() {
    if id postgres >/dev/null 2>&1; then echo postgres; return; fi
    id pocketdav-pg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin pocketdav-pg
    echo pocketdav-pg
}

# Runs a PostgreSQL server program as the cluster's owner.
pg_as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$(pg_owner)" -- "$@"
    else
        "$@"
    fi
}

pg_ctl_dir() {
    local dir="$1"; shift
    local bin
    bin=$(pg_bin) || { echo "no PostgreSQL under /usr/lib/postgresql" >&2; return 1; }
    pg_as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 "$@"
}

pg_start() {
    local dir="$1"
    local bin
    bin=$(pg_bin) || {
        echo "pg_start: PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); run scripts/install-deps.sh --test" >&2
        return 1
    }
    rm -rf "$dir" && mkdir -p "$dir" || return 1
    local password port
    password=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    (umask 077 && printf '%s\n' "$password" > "$dir/pwfile")
    if [ "$(id -u)" -eq 0 ]; then chown -R "$(pg_owner)" "$dir" || return 1; fi
    pg_as_owner "$bin/initdb" -D "$dir/data" -U pocketdav --pwfile="$dir/pwfile" --auth=scram-sha-256 \
        -E UTF8 --locale=C > "$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
    # In postgresql.conf, so that server-start brings it back exactly as it was.
    pg_as_owner tee -a "$dir/data/postgresql.conf" > /dev/null <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 300
CONF
    pg_ctl_dir "$dir" start > /dev/null || { cat "$dir/server.log" >&2; return 1; }
    PGPASSWORD="$password" "$bin/createdb" -h 127.0.0.1 -p "$port" -U pocketdav pocketdav_test || return 1
    export PGPASSWORD="$password"
    export POCKETDAV_TEST_PG_URL="postgres://pocketdav@127.0.0.1:$port/pocketdav_test"
    export POCKETDAV_TEST_PG_DIR="$dir"
}

pg_stop() {
    local dir="${POCKETDAV_TEST_PG_DIR:-}"
    [ -n "$dir" ] || return 0
    pg_ctl_dir "$dir" stop -m fast > /dev/null 2>&1
    rm -rf "$dir"
    unset POCKETDAV_TEST_PG_URL POCKETDAV_TEST_PG_DIR PGPASSWORD
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    case "${1:-}" in
        server-stop) pg_ctl_dir "$2" stop -m fast ;;
        server-start) pg_ctl_dir "$2" start ;;
        *) echo "usage: $0 server-stop|server-start DIR (or source it and call pg_start DIR / pg_stop)" >&2; exit 2 ;;
    esac
fi
