#!/usr/bin/env bash
# ABI check of a shared library against its committed baseline (doc/abi.md).
#
# usage: check_abi.sh LIBRARY BASELINE.abi HEADERS_DIR [--self-test]
#
# Passes when nothing the baseline has was removed or changed; added functions pass, and so do
# fields appended to a versioned struct (tests/abi/suppressions.abignore). Anything else that
# abidiff reports fails the check, with abidiff's report.
#
# --self-test also proves that the check can fail and that additions pass: it removes one function
# from a copy of the current ABI and expects a failure, then removes one function from a copy of
# the baseline and expects the current library to pass as an addition.
set -u
lib=$1 baseline=$2 headers=$3 self_test=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
for tool in abidw abidiff python3; do
  command -v $tool >/dev/null || { echo "check_abi: $tool not found (install abigail-tools)"; exit 1; }
done
[ -f "$baseline" ] || { echo "check_abi: no baseline at $baseline (see doc/abi.md)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

abidw --no-corpus-path --no-show-locs --drop-private-types --headers-dir "$headers" \
      --out-file "$tmp/current.abi" "$lib" || { echo "check_abi: abidw failed on $lib"; exit 1; }

# compare OLD NEW: 0 when NEW is compatible with OLD; prints abidiff's report otherwise.
compare() {
  abidiff --no-added-syms --suppressions "$here/suppressions.abignore" "$1" "$2" > "$tmp/report.txt"
  local rc=$?
  [ $rc -eq 0 ] || cat "$tmp/report.txt"
  return $rc
}

if ! compare "$baseline" "$tmp/current.abi"; then
  echo "check_abi: $lib is NOT compatible with $baseline (abidiff status $?)."
  echo "check_abi: if the change is intended, see doc/abi.md for how to move the baseline."
  exit 1
fi
echo "check_abi: $lib is compatible with $baseline"
[ "$self_test" = "--self-test" ] || exit 0

# Drop the first exported function that the baseline has too from an abixml corpus: its ELF
# symbol and its declaration. (A function added since the baseline is no removal from it.)
drop_one() {
  python3 - "$1" "$2" "$baseline" <<'PY'
import sys, xml.etree.ElementTree as ET
src, dst, base = sys.argv[1], sys.argv[2], sys.argv[3]
tree = ET.parse(src)
root = tree.getroot()
funcs = root.find("elf-function-symbols")
known = {s.get("name") for s in ET.parse(base).getroot().find("elf-function-symbols")}
victim = next(s for s in funcs if s.get("name", "").startswith("ssvc_") and s.get("name") in known)
funcs.remove(victim)
name = victim.get("name")
for parent in root.iter():
    for child in list(parent):
        if child.tag == "function-decl" and child.get("elf-symbol-id", "").split("@")[0] == name:
            parent.remove(child)
tree.write(dst)
print(name)
PY
}
victim=$(drop_one "$tmp/current.abi" "$tmp/removed.abi") || exit 1
if compare "$baseline" "$tmp/removed.abi" > /dev/null; then
  echo "check_abi self-test: removing $victim was not reported"
  exit 1
fi
echo "check_abi self-test: removing $victim is reported as incompatible, as it must be"
victim=$(drop_one "$baseline" "$tmp/older.abi") || exit 1
if ! compare "$tmp/older.abi" "$tmp/current.abi"; then
  echo "check_abi self-test: adding $victim was not accepted as compatible"
  exit 1
fi
echo "check_abi self-test: adding $victim is accepted as compatible"
