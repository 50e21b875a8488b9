#!/usr/bin/env python3
"""Prints "PASSED FAILED" for a `swift test` log (swift-testing's closing line)."""
import re, sys
text = open(sys.argv[1], errors="replace").read()
m = re.search(r"Test run with (\d+) tests? .*?(passed|failed)(?: after [\d.]+ seconds)?(?: with (\d+) issues?)?", text)
if not m:
    print("0 1")
else:
    total = int(m.group(1))
    failed = len(set(re.findall(r"✘ Test (\S+?)\(", text))) if m.group(2) == "failed" else 0
    print(f"{total - failed} {max(failed, 1) if m.group(2) == 'failed' else 0}")
