#!/usr/bin/env bash
# Builds the release binary that scripts/run.sh runs, .build/release/pocketdav: the Swift
# runtime linked in (one file to copy to a phone), every function in its own section so that
# the layout in Package.swift (releaseLayout) can place each one: the functions a phone session
# runs together, the rest after. The kernel maps text 64 KiB at a time, so before this the code
# run once at start-up, scattered through 28 MB of text, kept 21 MB of it resident.
#
# libxml2 (with the ICU converters it calls) and libstdc++ are linked in too, through the linker
# scripts in scripts/release-link/lib: loading libicuuc.so and libstdc++.so cost 2 MB of
# resident memory at start (Benchmarks/RESULTS.md). libc, libm, libcrypt, libargon2 and
# libgcc_s stay shared; libgit2 is opened only by a git storage.
#
# Extra arguments go to `swift build`.
set -euo pipefail
cd "$(dirname "$0")/.."
link="$PWD/scripts/release-link"
# SwiftPM does not know the order file and linker scripts are inputs of the link: remove the
# binary so that it is always linked again (a few seconds) and a new list takes effect.
rm -f "$(swift build -c release --show-bin-path "$@")/pocketdav"
PKG_CONFIG_PATH="$link/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}" \
swift build -c release --product pocketdav --static-swift-stdlib \
    -Xswiftc -Xfrontend -Xswiftc -function-sections -Xcc -ffunction-sections -Xcxx -ffunction-sections \
    -Xlinker -L"$link/lib" \
    "$@"
