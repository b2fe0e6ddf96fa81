#!/usr/bin/env python3
"""Extracts doc/tutorial.md into a program and its expected output (the test doc.tutorial).

usage: extract_tutorial.py TUTORIAL.md OUT.c OUT.txt

Every ```c block, in order, becomes OUT.c; the plain ``` block under "## What it prints" becomes
OUT.txt. Fails when either is missing.
"""
import re
import sys

text = open(sys.argv[1], encoding="utf-8").read()
code = re.findall(r"^```c\n(.*?)^```$", text, flags=re.S | re.M)
prints = re.search(r"^## What it prints\n+```\n(.*?)^```$", text, flags=re.S | re.M)
if not code or not prints:
    sys.exit("%s: no code blocks or no 'What it prints' block" % sys.argv[1])
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write("/* Extracted from doc/tutorial.md: edit the page, not this file. */\n")
    f.write("".join(code))
with open(sys.argv[3], "w", encoding="utf-8") as f:
    f.write(prints.group(1))
