#!/usr/bin/env bash
# Line coverage of the library's sources by the whole test suite.
#
# usage: tests/coverage.sh      (from the top of the tree)
#
# Builds and tests with the coverage preset (gcc --coverage), then asks gcov for each file of
# src/ and prints the lines executed per file and in total.
set -euo pipefail
cd "$(dirname "$0")/.."
find build/coverage -name '*.gcda' -delete 2>/dev/null || true
cmake --workflow --preset coverage > build-coverage.log 2>&1 || { tail -30 build-coverage.log; exit 1; }
rm -f build-coverage.log
objdir=build/coverage/src/CMakeFiles/ssvc_objects.dir
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
top=$PWD
( cd "$tmp" && gcov -n "$top/$objdir"/*.gcda ) > "$tmp/gcov.txt" 2>"$tmp/gcov.err" ||
  { cat "$tmp/gcov.err"; exit 1; }
python3 - "$tmp/gcov.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
total_lines = total_hit = 0
rows = []
for m in re.finditer(r"File '([^']+)'\nLines executed:([\d.]+)% of (\d+)", text):
    path, pct, n = m.group(1), float(m.group(2)), int(m.group(3))
    if "/src/" not in path:
        continue
    hit = round(pct * n / 100)
    total_lines += n
    total_hit += hit
    rows.append((path.split("/src/", 1)[1], pct, n))
for name, pct, n in sorted(rows):
    print("%-28s %6.1f%% of %5d lines" % (name, pct, n))
print("%-28s %6.1f%% of %5d lines" % ("total", 100.0 * total_hit / max(total_lines, 1), total_lines))
PY
