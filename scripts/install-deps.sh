#!/usr/bin/env bash
# Installs the Debian packages pocketdav needs to build (and, with --test, to run its test
# suite). Idempotent: packages already present are not reinstalled.
set -euo pipefail
packages=(libxml2-dev libcrypt-dev libargon2-dev libgit2-dev pkg-config)
# The release build links libxml2 statically (scripts/release-link): its archive needs these two;
# libicu-dev comes with libxml2-dev, libstdc++'s archive with the toolchain's C++ headers.
packages+=(zlib1g-dev liblzma-dev)
if [ "${1:-}" = "--test" ]; then
    packages+=(litmus curl python3 python3-venv git)
    packages+=(postgresql)  # the throwaway server of scripts/pg-throwaway.sh
fi
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}" >&2
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "swift is not on PATH: install the Swift 6 toolchain first" >&2; exit 1; }
