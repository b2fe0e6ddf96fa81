#!/usr/bin/env bash
# Installs the build into a temporary prefix and builds an example against the installed copy,
# the way a consumer would: with pkg-config, and with find_package(SmartService CONFIG) for the
# shared and the static library. Each program must print the example's expected output.
#
# usage: run.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
cmake --install "$build" --prefix "$prefix" > "$tmp/install.log"
example=$src/examples/entitlement.c
expected=$src/examples/entitlement.out

check() { # name program
  local out
  out=$(LD_LIBRARY_PATH="$prefix/lib:${LD_LIBRARY_PATH:-}" "$2")
  if [ "$out" != "$(cat "$expected")" ]; then
    echo "install test: $1 printed:"; echo "$out"; exit 1
  fi
  echo "install test: $1 ok"
}

for f in include/smartservice.h include/smartservice/common.h lib/libsmartservice.so.1 \
         lib/libsmartservice.a lib/pkgconfig/smartservice.pc bin/smartservice \
         lib/cmake/SmartService/SmartServiceConfig.cmake \
         lib/cmake/SmartService/SmartServiceConfigVersion.cmake; do
  [ -e "$prefix/$f" ] || { echo "install test: $f was not installed"; exit 1; }
done
[ "$(readlink "$prefix/lib/libsmartservice.so.1")" = "libsmartservice.so.1.0.0" ] ||
  { echo "install test: libsmartservice.so.1 does not point at libsmartservice.so.1.0.0"; exit 1; }
[ "$(LD_LIBRARY_PATH=$prefix/lib "$prefix/bin/smartservice" version)" = "1.0.0" ] ||
  { echo "install test: the installed smartservice tool does not run"; exit 1; }

export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
# libsmartservice-pg (issue 10): library, header, pkg-config file and exported CMake target.
for f in include/smartservice/pg.h lib/libsmartservice-pg.so.1 lib/libsmartservice-pg.a \
         lib/pkgconfig/smartservice-pg.pc; do
  [ -e "$prefix/$f" ] || { echo "install test: $f was not installed"; exit 1; }
done
pkg-config --libs smartservice-pg | grep -q -- '-lsmartservice-pg' ||
  { echo "install test: pkg-config smartservice-pg lacks -lsmartservice-pg"; exit 1; }
grep -q 'smartservice::smartservice-pg ' "$prefix"/lib/cmake/SmartService/SmartServiceTargets.cmake ||
  { echo "install test: CMake target smartservice::smartservice-pg is not exported"; exit 1; }
grep -q '^Requires.private: libxml-2.0' "$prefix/lib/pkgconfig/smartservice.pc" ||
  { echo "install test: smartservice.pc lacks Requires.private: libxml-2.0"; exit 1; }
# shellcheck disable=SC2046
cc -std=c11 -Wall -Wextra -Wpedantic -Werror -o "$tmp/pc_example" "$example" \
   $(pkg-config --cflags --libs smartservice)
check "pkg-config" "$tmp/pc_example"

cmake -S "$src/tests/install/consumer" -B "$tmp/consumer" -DCMAKE_PREFIX_PATH="$prefix" \
      -DEXAMPLE="$example" > "$tmp/consumer.log"
cmake --build "$tmp/consumer" >> "$tmp/consumer.log"
check "find_package, shared" "$tmp/consumer/entitlement_shared"
check "find_package, static" "$tmp/consumer/entitlement_static"
if ldd "$tmp/consumer/entitlement_static" | grep -q libsmartservice; then
  echo "install test: the static build still loads libsmartservice.so"; exit 1
fi

# A consumer asking for another major version must be refused (SameMajorVersion).
if cmake -S "$src/tests/install/consumer" -B "$tmp/consumer2" -DCMAKE_PREFIX_PATH="$prefix" \
      -DEXAMPLE="$example" -DSSVC_WANT=2.0 > "$tmp/consumer2.log" 2>&1; then
  echo "install test: find_package(SmartService 2.0) accepted version 1"; exit 1
fi
echo "install test: find_package(SmartService 2.0) refused, as it must be"
# libsmartservice-sqlite: its files, and an example built with pkg-config smartservice-sqlite.
for f in include/smartservice/sqlite.h include/smartservice/sys/storage.h \
         lib/libsmartservice-sqlite.so.1 lib/libsmartservice-sqlite.a \
         lib/pkgconfig/smartservice-sqlite.pc; do
  [ -e "$prefix/$f" ] || { echo "install test: $f was not installed"; exit 1; }
done
# shellcheck disable=SC2046
cc -std=c11 -Wall -Wextra -Wpedantic -Werror -o "$tmp/pc_sqlite" "$src/examples/case_sqlite.c" \
   $(pkg-config --cflags --libs smartservice-sqlite)
out=$(LD_LIBRARY_PATH="$prefix/lib:${LD_LIBRARY_PATH:-}" "$tmp/pc_sqlite" "$tmp/cases.db")
[ "$out" = "$(cat "$src/examples/case_sqlite.out")" ] ||
  { echo "install test: pkg-config smartservice-sqlite: the example printed:"; echo "$out"; exit 1; }
echo "install test: pkg-config smartservice-sqlite ok"
echo "install test: passed"
