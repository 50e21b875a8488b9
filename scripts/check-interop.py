#!/usr/bin/env python3
"""Judges an interop.py JSON result against the list of cases not yet expected to pass.

Usage: check-interop.py RESULTS.json PENDING.txt
PENDING.txt holds one case name or prefix (ending in '*') per line, '#' comments allowed: the
cases that belong to work not done yet. Any other failure fails the check; a pending case that
now passes is reported so the list can shrink.
"""
import json, sys

results = json.load(open(sys.argv[1]))["results"]
patterns = [l.strip() for l in open(sys.argv[2]) if l.strip() and not l.startswith("#")]

def pending(name):
    return any(name.startswith(p[:-1]) if p.endswith("*") else name == p for p in patterns)

ok, bad, expected, fixed = 0, [], 0, []
for r in results:
    name, status = r["name"], r["status"]
    if status == "FAIL":
        if pending(name):
            expected += 1
        else:
            bad.append(f"{name}: {r.get('reason', '')}")
    elif status == "PASS":
        ok += 1
        if pending(name):
            fixed.append(name)
for b in bad:
    print("UNEXPECTED FAIL " + b)
for f in fixed:
    print("now passing (remove from pending list): " + f)
print(f"interop-check: {ok} passed, {len(bad)} failed ({expected} pending failures for later issues)")
sys.exit(1 if bad else 0)
