#!/usr/bin/env bash
# Runs pocketdav on the embedded default (the phone profile): filesystem storage under
# ./data/collections, htpasswd users in ./data/users, owner_only rights, 127.0.0.1:5232.
#
# On the first start (no ./data/users yet) an admin account is created: ADMIN_USER (default
# "admin") with ADMIN_PASSWORD, or with a generated password that is printed once.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build-release.sh 2>&1 | tail -n 3
mkdir -p data && chmod 700 data
if [ ! -f data/users ]; then
    export ADMIN_USER="${ADMIN_USER:-admin}"
    if [ -z "${ADMIN_PASSWORD:-}" ]; then
        ADMIN_PASSWORD="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
        export ADMIN_PASSWORD
        echo "First start: created user '$ADMIN_USER' with password '$ADMIN_PASSWORD' (shown once; change it with: pocketdav user passwd $ADMIN_USER)"
    fi
fi
exec .build/release/pocketdav serve "$@"
