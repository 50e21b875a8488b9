#!/usr/bin/env python3
"""Prints "PASSED FAILED" from the last "<label>: N passed, M failed" line of a log ('-' = stdin)."""
import re, sys
text = sys.stdin.read() if sys.argv[2] == "-" else open(sys.argv[2], errors="replace").read()
m = None
for m in re.finditer(r"(\d+) passed, (\d+) failed", text):
    pass
print(f"{m.group(1)} {m.group(2)}" if m else "0 1")
