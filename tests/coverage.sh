#!/usr/bin/env bash
# Line and branch coverage of the library's sources by the whole test suite, for every library
# (libsmartservice and the SQLite and PostgreSQL backends).
#
# usage: tests/coverage.sh      (from the top of the tree)
#
# Builds and tests with the coverage preset (gcc --coverage), then asks gcov for each file of
# src/ (src/sqlite and src/pg included) and prints the lines and branches executed per file and
# in total. The PostgreSQL tests need a server (tests/pg/with_server.sh starts one).
set -euo pipefail
cd "$(dirname "$0")/.."
find build/coverage -name '*.gcda' -delete 2>/dev/null || true
cmake --workflow --preset coverage > build-coverage.log 2>&1 || { tail -30 build-coverage.log; exit 1; }
rm -f build-coverage.log
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
top=$PWD
for objdir in build/coverage/src/CMakeFiles/ssvc_objects.dir \
              build/coverage/src/sqlite/CMakeFiles/*.dir build/coverage/src/pg/CMakeFiles/*.dir; do
  ls "$top/$objdir"/*.gcda >/dev/null 2>&1 || continue
  ( cd "$tmp" && gcov -b -n "$top/$objdir"/*.gcda ) >> "$tmp/gcov.txt" 2>>"$tmp/gcov.err" ||
    { cat "$tmp/gcov.err"; exit 1; }
done
python3 - "$tmp/gcov.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
files = {}
for block in re.split(r"\n(?=File ')", text):
    m = re.match(r"File '([^']+)'", block)
    if not m or "/src/" not in m.group(1):
        continue
    name = m.group(1).split("/src/", 1)[1]
    lm = re.search(r"Lines executed:([\d.]+)% of (\d+)", block)
    bm = re.search(r"Taken at least once:([\d.]+)% of (\d+)", block)
    if not lm or name in files:
        continue
    files[name] = (float(lm.group(1)), int(lm.group(2)),
                   float(bm.group(1)) if bm else 0.0, int(bm.group(2)) if bm else 0)
tl = th = tb = tbh = 0
print("%-28s %16s %20s" % ("file", "lines", "branches"))
for name in sorted(files):
    lp, ln, bp, bn = files[name]
    tl += ln; th += round(lp * ln / 100); tb += bn; tbh += round(bp * bn / 100)
    print("%-28s %6.1f%% of %5d %8.1f%% of %5d" % (name, lp, ln, bp, bn))
print("%-28s %6.1f%% of %5d %8.1f%% of %5d" % ("total", 100.0 * th / max(tl, 1), tl,
                                               100.0 * tbh / max(tb, 1), tb))
PY
