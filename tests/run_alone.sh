#!/usr/bin/env bash
# Runs every registered test of a build alone, as `ctest -R '^NAME$'` does for a developer who
# wants one test: a test that only passes after others ran (shared files, a fixture it does not
# declare) fails here. Prints each failure and a summary; exits 1 when any test failed alone.
#
#   tests/run_alone.sh BUILD_DIR [REGEX]    (REGEX: only the tests whose names match it)
set -uo pipefail
build=${1:?usage: tests/run_alone.sh BUILD_DIR [REGEX]}
filter=${2:-}
cd "$build" || exit 2
mapfile -t names < <(ctest -N | sed -n 's/^ *Test *#[0-9]*: //p' | grep -E -- "${filter:-.}")
[ ${#names[@]} -gt 0 ] || { echo "run_alone: no tests registered in $build" >&2; exit 2; }
failed=()
skipped=0
for n in "${names[@]}"; do
  re="^$(printf '%s' "$n" | sed 's/[][\.^$*+?(){}|]/\\&/g')\$"
  out=$(ctest -R "$re" --output-on-failure 2>&1)
  rc=$?
  if [ $rc -ne 0 ] || ! grep -q '100% tests passed' <<<"$out"; then
    failed+=("$n")
    printf '%s\n' "--- $n failed alone:" "$(tail -n 30 <<<"$out")"
  fi
  grep -q 'Not Run\|\*\*\*Skipped' <<<"$out" && skipped=$((skipped + 1))
done
echo "run_alone: ${#names[@]} tests run one at a time: $(( ${#names[@]} - ${#failed[@]} )) passed," \
     "${#failed[@]} failed ($skipped skipped)"
[ ${#failed[@]} -eq 0 ]
