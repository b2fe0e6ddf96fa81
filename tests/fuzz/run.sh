#!/usr/bin/env bash
# Builds every libFuzzer harness (tests/fuzz/fuzz_*.c) with clang in build/fuzz and runs each for
# SECONDS seconds (default 60) on a copy of its seed corpus tests/fuzz/corpus/<target>/, with the
# dictionary tests/fuzz/<target>.dict when there is one.
# Exit status: 0 when no fuzzer found a crash, leak or sanitizer report; otherwise 1, with the
# reproducer left in build/fuzz/artifacts/<target>/.
#   usage: tests/fuzz/run.sh [SECONDS]
set -euo pipefail
seconds=${1:-60}
case $seconds in ''|*[!0-9]*) echo "run.sh: SECONDS must be a number (got '$seconds')" >&2; exit 2;; esac
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$root/build/fuzz
CC=clang cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSSVC_FUZZ=ON \
  -DSSVC_BUILD_EXAMPLES=OFF >/dev/null
targets=()
for src in "$root"/tests/fuzz/fuzz_*.c; do
  targets+=("$(basename "$src" .c)")
done
cmake --build "$build" -j2 --target "${targets[@]}"
status=0
for t in "${targets[@]}"; do
  name=${t#fuzz_}
  work=$build/corpus/$name artifacts=$build/artifacts/$name
  mkdir -p "$work" "$artifacts"
  if [ -d "$root/tests/fuzz/corpus/$name" ]; then cp -R "$root/tests/fuzz/corpus/$name/." "$work/"; fi
  dict=()
  if [ -f "$root/tests/fuzz/$name.dict" ]; then dict=(-dict="$root/tests/fuzz/$name.dict"); fi
  echo "== $t: ${seconds}s"
  if ! "$build/fuzz/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$artifacts/" -print_final_stats=1 "${dict[@]}" "$work" 2>"$build/$t.log"; then
    tail -50 "$build/$t.log" >&2
    echo "== $t FAILED: reproducer in $artifacts/" >&2
    status=1
  else
    grep -E "^(stat::number_of_executed_units|Done)" "$build/$t.log" || true
  fi
done
exit $status
