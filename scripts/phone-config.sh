#!/usr/bin/env bash
# Prints a phone-profile configuration (filesystem + htpasswd + owner_only) on 127.0.0.1:PORT
# with everything under DIR: DIR/collections, DIR/users. For the scripts that start a throwaway
# server (scripts/order-file.sh, Benchmarks/idle-rss.sh).
#
# usage: phone-config.sh DIR PORT > DIR/config.toml
set -euo pipefail
cat <<TOML
[server]
hosts = ["127.0.0.1:$2"]
[storage]
type = "filesystem"
[storage.filesystem]
folder = "$1/collections"
[auth]
type = ["htpasswd"]
[auth.htpasswd]
file = "$1/users"
TOML
