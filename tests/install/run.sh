#!/usr/bin/env bash
# The installed library as its users meet it (doc/install.md): `cmake --install` into a temporary
# prefix, then
# - a consumer per component (core, sqlite, and pg and docs when built), with find_package
#   (consumer/, one configure for all) and with pkg-config, each shared and static, run;
# - find_package refusing another major version and a component that is not installed;
# - the installed smartservice tool started from the prefix without LD_LIBRARY_PATH (RPATH);
# - the Python package installed by cmake --install: a program outside the tree imports it and
#   works through an agreement and a case with no environment variable (workflow.py);
# - `pip install` and `pip wheel` of bindings/python offline with Debian's python3, setuptools
#   and wheel, in a virtual environment with the system's packages.
# Skips (77) naming the tool when cc, pkg-config or Debian's python3 packages are missing.
#
# usage: run.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(realpath "$1") src=$(realpath "$2")
skip() { echo "SKIP: install test: $1 (.ci/install-deps installs it)"; exit 77; }
fail() { echo "install test: $1"; exit 1; }
command -v cc > /dev/null || skip "no C compiler (cc)"
command -v pkg-config > /dev/null || skip "no pkg-config"
py=/usr/bin/python3 # Debian's, with python3-pip, python3-setuptools and python3-wheel
[ -x "$py" ] || skip "no /usr/bin/python3 (python3)"
for m in pip setuptools wheel venv; do
  "$py" -c "import $m" 2> /dev/null || skip "$py has no module $m (python3-$m)"
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
cmake --install "$build" --prefix "$prefix" > "$tmp/install.log"

for f in include/smartservice.h include/smartservice/common.h include/smartservice/sys/storage.h \
         bin/smartservice lib/cmake/SmartService/SmartServiceConfig.cmake \
         lib/cmake/SmartService/SmartServiceConfigVersion.cmake; do
  [ -e "$prefix/$f" ] || fail "$f was not installed"
done
[ "$(readlink "$prefix/lib/libsmartservice.so.1")" = "libsmartservice.so.1.0.0" ] ||
  fail "libsmartservice.so.1 does not point at libsmartservice.so.1.0.0"

# The tool finds its libraries through its RPATH ($ORIGIN/../lib), from any prefix.
[ "$(env -u LD_LIBRARY_PATH "$prefix/bin/smartservice" version)" = "1.0.0" ] ||
  fail "the installed smartservice tool does not run without LD_LIBRARY_PATH"
echo "install test: the installed tool runs from the prefix"

# The components this build installed, and what each consumer must print.
components=core
for c in sqlite pg docs; do
  if [ -e "$prefix/lib/libsmartservice-$c.so.1" ]; then components="$components $c"; fi
done
source_of() {
  case $1 in
    core) echo "$src/examples/entitlement.c" ;;
    sqlite) echo "$src/examples/case_sqlite.c" ;;
    *) echo "$src/tests/install/consumer/$1.c" ;;
  esac
}
expected_of() {
  case $1 in
    core) cat "$src/examples/entitlement.out" ;;
    sqlite) cat "$src/examples/case_sqlite.out" ;;
    *) echo "$1 ok" ;;
  esac
}
pc_of() { if [ "$1" = core ]; then echo smartservice; else echo "smartservice-$1"; fi; }

check() { # description component program [static]
  local out
  out=$(cd "$tmp" && LD_LIBRARY_PATH="$prefix/lib" "$3" "$tmp/$2.db") ||
    fail "$1: exit status $?: $out"
  [ "$out" = "$(expected_of "$2")" ] || { echo "install test: $1 printed:"; echo "$out"; exit 1; }
  if [ "${4:-}" = static ] && grep -q libsmartservice <<< "$(ldd "$3")"; then
    fail "$1 still loads a libsmartservice shared library"
  fi
  echo "install test: $1 ok"
}

# pkg-config: the .pc files are relocatable (${pcfiledir}) and name their dependencies in
# Requires.private. A static consumer links libsmartservice's archives (-l:libNAME.a: pkg-config
# cannot choose them) and the dependencies shared: `pkg-config --static` would ask for the
# dependencies' own archives, and Debian's libpq.pc names -lpgcommon -lpgport, which libpq-dev
# lacks (doc/install.md).
static_libs() { # pc: the static link line of smartservice library pc
  local chain=$1 dep deps=""
  if [ "$1" != smartservice ]; then chain="$1 smartservice"; fi
  for dep in $chain; do
    echo "-l:lib$dep.a"
    deps="$deps $(pkg-config --print-requires-private "$dep")"
  done
  # shellcheck disable=SC2086
  pkg-config --libs $deps
  echo -lm
}
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
for c in $components; do
  pc=$(pc_of "$c")
  [ -e "$prefix/lib/pkgconfig/$pc.pc" ] || fail "$pc.pc was not installed"
  [ "$(pkg-config --variable=prefix "$pc")" -ef "$prefix" ] || fail "$pc.pc is not relocatable"
  grep -q '^Requires.private: ' "$prefix/lib/pkgconfig/$pc.pc" ||
    fail "$pc.pc has no Requires.private"
  # shellcheck disable=SC2046
  cc -std=c11 -Wall -Wextra -Wpedantic -Werror -o "$tmp/pc_${c}_shared" "$(source_of "$c")" \
     $(pkg-config --cflags --libs "$pc")
  check "pkg-config $pc, shared" "$c" "$tmp/pc_${c}_shared"
  # shellcheck disable=SC2046
  cc -std=c11 -Wall -Wextra -Wpedantic -Werror -o "$tmp/pc_${c}_static" "$(source_of "$c")" \
     $(pkg-config --cflags "$pc") \
     -L"$(pkg-config --variable=libdir "$pc")" $(static_libs "$pc")
  check "pkg-config $pc, static" "$c" "$tmp/pc_${c}_static" static
done

# CMake: find_package(SmartService CONFIG REQUIRED COMPONENTS ...), one project for every
# component. ccache is not assumed; the consumer is small.
comp_list=${components// /;}
cmake -S "$src/tests/install/consumer" -B "$tmp/consumer" -DCMAKE_PREFIX_PATH="$prefix" \
      -DEXAMPLES="$src/examples" "-DSSVC_COMPONENTS=$comp_list" > "$tmp/consumer.log" 2>&1 ||
  { cat "$tmp/consumer.log"; fail "find_package(SmartService COMPONENTS $components) failed"; }
cmake --build "$tmp/consumer" -j2 >> "$tmp/consumer.log" 2>&1 ||
  { cat "$tmp/consumer.log"; fail "the find_package consumers do not build"; }
for c in $components; do
  check "find_package $c, shared" "$c" "$tmp/consumer/${c}_shared"
  check "find_package $c, static" "$c" "$tmp/consumer/${c}_static" static
done
# The static targets link their dependencies' imported targets (find_dependency), never bare names.
if grep -E 'INTERFACE_LINK_LIBRARIES "([^"]*;)?(xml2|sqlite3|pq|cairo)[;"]' \
     "$prefix"/lib/cmake/SmartService/*Targets.cmake; then
  fail "a static target links a bare library name"
fi

probe() { # name cmake-args...: configures tests/install/probe; its log is $tmp/$name.log
  local name=$1
  shift
  cmake -S "$src/tests/install/probe" -B "$tmp/$name" -DCMAKE_PREFIX_PATH="$prefix" "$@" \
        > "$tmp/$name.log" 2>&1
}
# Another major version is refused (SameMajorVersion).
if probe major -DSSVC_WANT=2.0; then fail "find_package(SmartService 2.0) accepted version 1"; fi
echo "install test: find_package(SmartService 2.0) refused, as it must be"
# A component that is not installed fails a REQUIRED find_package, saying which and why.
if probe missing "-DSSVC_COMPONENTS=sqlite;nosuch"; then
  fail "find_package(SmartService COMPONENTS nosuch) succeeded"
fi
grep -q "required component 'nosuch': not installed in" "$tmp/missing.log" ||
  { cat "$tmp/missing.log"; fail "the missing component's message does not say why"; }
echo "install test: a component that is not installed is refused with its reason"

# Python: the package cmake --install put in the prefix, from a program outside the tree, with no
# variable pointing at the library or the package.
site=$(cd "$prefix" && find . -path '*-packages/smartservice/_loader.py' | head -n 1)
[ -n "$site" ] || fail "the Python package was not installed"
site=$prefix/${site%/smartservice/_loader.py}
cp "$src/tests/install/workflow.py" "$tmp/workflow.py"
(cd "$tmp" && env -u SMARTSERVICE_LIBRARY -u SMARTSERVICE_SQLITE_LIBRARY -u LD_LIBRARY_PATH \
   -u PYTHONPATH PYTHONDONTWRITEBYTECODE=1 "$py" workflow.py "$site" "$tmp/py.db") ||
  fail "the installed Python package does not work without environment variables"
# The whole day of doc/workflow.md (the README's install section runs it from the clone). The
# prefix here is a scratch directory, not on python3's path, so only PYTHONPATH names it.
cp "$src/bindings/python/examples/workflow.py" "$tmp/day.py"
(cd "$tmp" && env -u SMARTSERVICE_LIBRARY -u SMARTSERVICE_SQLITE_LIBRARY -u LD_LIBRARY_PATH \
   PYTHONPATH="$site" PYTHONDONTWRITEBYTECODE=1 "$py" day.py > "$tmp/day.log") ||
  { cat "$tmp/day.log"; fail "the Python workflow failed against the installed package"; }
tail -n 1 "$tmp/day.log" | grep -qx "workflow ok" || fail "the Python workflow did not finish"
echo "install test: the Python twin of doc/workflow.md runs against the installed package"

# pip, offline, in a virtual environment that sees Debian's setuptools and wheel (and pip itself:
# no python3-venv needed). --no-build-isolation: an isolated build would fetch setuptools.
export PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore
export PYTHONDONTWRITEBYTECODE=1
cp -r "$src/bindings/python" "$tmp/pysrc" # the build writes beside the sources
rm -rf "$tmp/pysrc/build" "$tmp/pysrc"/*.egg-info
"$py" -m venv --system-site-packages --without-pip "$tmp/venv"
"$tmp/venv/bin/python" -m pip install -q --no-build-isolation "$tmp/pysrc" > "$tmp/pip.log" 2>&1 ||
  { cat "$tmp/pip.log"; fail "pip install --no-build-isolation bindings/python failed offline"; }
(cd "$tmp" && SMARTSERVICE_LIBRARY=$prefix/lib/libsmartservice.so.1 "$tmp/venv/bin/python" -c \
   'import smartservice, sys; sys.exit(smartservice.version() != "1.0.0")') ||
  fail "the package pip installed does not import"
echo "install test: pip install --no-build-isolation ok"
"$tmp/venv/bin/python" -m pip wheel -q --no-build-isolation --no-deps -w "$tmp/wheels" \
  "$tmp/pysrc" > "$tmp/wheel.log" 2>&1 ||
  { cat "$tmp/wheel.log"; fail "pip wheel --no-build-isolation bindings/python failed offline"; }
wheel=$(ls "$tmp"/wheels/smartservice-1.0.0-*.whl)
listing=$("$py" -m zipfile -l "$wheel") # not piped into grep -q: it would close the pipe early
grep -q 'smartservice/_loader.py' <<< "$listing" || fail "the wheel lacks smartservice/_loader.py"
echo "install test: pip wheel ok ($(basename "$wheel"))"
echo "install test: passed"
