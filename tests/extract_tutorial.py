#!/usr/bin/env python3
"""Extracts doc/tutorial.md into a program and its expected output (the test doc.tutorial).

usage: extract_tutorial.py TUTORIAL.md OUT.c OUT.txt

Every ```c block, in order, becomes OUT.c; the plain ``` block under "## What it prints" becomes
OUT.txt. Fails when either is missing, or when what the page prints no longer shows the whole
workflow ending in the next month's invoice with the shipment's freight and packaging (issue 15:
the tutorial follows the real flow, and its test shows the freight on that invoice).
"""
import re
import sys

text = open(sys.argv[1], encoding="utf-8").read()
code = re.findall(r"^```c\n(.*?)^```$", text, flags=re.S | re.M)
prints = re.search(r"^## What it prints\n+```\n(.*?)^```$", text, flags=re.S | re.M)
if not code or not prints:
    sys.exit("%s: no code blocks or no 'What it prints' block" % sys.argv[1])
# The program exits with 1 when the invoice lacks these lines; the page must show them too.
REQUIRED = [r"^invoice INV-\d{4}-\d{6} for \d{4}-\d{2}:$",
            r"^ +\d+\.\d{2} SEK  Freight, case SC-\d{4}-\d{6}, shipments up to \d{4}-\d{2}$",
            r"^ +\d+\.\d{2} SEK  Packaging, case SC-\d{4}-\d{6}, shipments up to \d{4}-\d{2}$"]
for pattern in REQUIRED:
    if not re.search(pattern, prints.group(1), flags=re.M):
        sys.exit("%s: 'What it prints' lacks a line matching %s" % (sys.argv[1], pattern))
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write("/* Extracted from doc/tutorial.md: edit the page, not this file. */\n")
    f.write("".join(code))
with open(sys.argv[3], "w", encoding="utf-8") as f:
    f.write(prints.group(1))
