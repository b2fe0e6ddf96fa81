"""Where the binding looks for libsmartservice (bindings/python/README.md, doc/install.md).

In this order, the first that exists and loads wins:

1. the path in ``SMARTSERVICE_LIBRARY``, and only that one;
2. beside the package: the library in the package directory (a bundle), then in the library
   directory of the prefix the package is installed in (``cmake --install`` puts the package in
   PREFIX/lib/python3.X/dist-packages or PREFIX/lib/python3/dist-packages and the library in
   PREFIX/lib), found by walking up from this file;
3. the build tree, when the package is imported from the source tree (bindings/python): the
   newest build/*/src of the checkout that is not a sanitizer build;
4. the system's loader (``ctypes.util.find_library``, then the soname itself).
"""
import ctypes.util
import os
import pathlib
import sysconfig

LIBRARY_ENV = "SMARTSERVICE_LIBRARY"

# How far above the package's parent directory a prefix may be: site-packages is at most
# PREFIX/lib/<multiarch>/python3.X/site-packages.
_PREFIX_DEPTH = 4


def _library_dirs(prefix):
    multiarch = sysconfig.get_config_var("MULTIARCH")
    yield prefix / "lib"
    if multiarch:
        yield prefix / "lib" / multiarch
    yield prefix / "lib64"


def _beside(package, names):
    for name in names:
        yield package / name
    site = package.parent
    for prefix in list(site.parents)[:_PREFIX_DEPTH]:
        for libdir in _library_dirs(prefix):
            for name in names:
                yield libdir / name


def _sanitized(build):
    try:
        cache = (build / "CMakeCache.txt").read_text(errors="replace")
    except OSError:
        return False
    return "SSVC_SANITIZE:BOOL=ON" in cache


def _build_tree(package, soname):
    root = package.parent.parent.parent  # bindings/python/smartservice -> the checkout
    if not (root / "bindings" / "python" / "pyproject.toml").exists():
        return
    found = []
    for lib in (root / "build").glob("*/src/" + soname):
        if not _sanitized(lib.parent.parent):  # its runtime would have to be loaded first
            found.append((lib.stat().st_mtime, str(lib)))
    for _, path in sorted(found, reverse=True):
        yield pathlib.Path(path)


def candidates(soname):
    """The paths (or bare names, for the system's loader) to try for library @p soname, in
    order. An explicit ``SMARTSERVICE_LIBRARY`` is the only candidate."""
    env = os.environ.get(LIBRARY_ENV)
    if env:
        yield env
        return
    package = pathlib.Path(__file__).resolve().parent
    names = (soname, soname.rsplit(".so", 1)[0] + ".so")
    seen = set()
    for path in list(_beside(package, names)) + list(_build_tree(package, soname)):
        if path.exists() and path not in seen:
            seen.add(path)
            yield str(path)
    found = ctypes.util.find_library("smartservice")
    if found:
        yield found
    yield soname
