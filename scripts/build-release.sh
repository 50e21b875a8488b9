#!/usr/bin/env bash
# Builds the release binary that scripts/run.sh runs, .build/release/pocketdav: the Swift
# runtime linked in (one file to copy to a phone), every function in its own section so that
# the layout in Package.swift (releaseLayout) can place each one: the functions a phone session
# runs together, the rest after. The kernel maps text 64 KiB at a time, so before this the code
# run once at start-up, scattered through 28 MB of text, kept 21 MB of it resident.
#
# Extra arguments go to `swift build`.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product pocketdav --static-swift-stdlib \
    -Xswiftc -Xfrontend -Xswiftc -function-sections -Xcc -ffunction-sections -Xcxx -ffunction-sections \
    "$@"
