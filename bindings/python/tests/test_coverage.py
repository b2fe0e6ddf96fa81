"""The binding reaches every public operation of the C API (issue 20).

Every SSVC_API function of include/**/*.h (libsmartservice, -sqlite and -pg) is declared in the
binding's tables and called by some module of the package (``lib.ssvc_...``), or is listed in
EXCEPTIONS with the reason it is deliberately not bound.
"""
import os
import pathlib
import re
import unittest

from smartservice import _native

INCLUDE = pathlib.Path(os.environ.get("SMARTSERVICE_INCLUDE",
                                      pathlib.Path(__file__).resolve().parents[3] / "include"))
PACKAGE = pathlib.Path(_native.__file__).resolve().parent

# name: why the binding does not offer it.
EXCEPTIONS = {
    # Writing a storage backend is for C: Python code cannot be a backend's callbacks safely
    # (they run inside the library's transactions, on its threads).
    "ssvc_store_open": "opens a store over a storage backend written in C",
    "ssvc_storage_backend_init": "fills a storage backend written in C",
    "ssvc_storage_set_error": "reports an error from a storage backend written in C",
    "ssvc_storage_memory_backend": "the memory backend as a struct for ssvc_store_open; "
                                   "Store.memory() opens it",
    "ssvc_sqlite_backend": "the SQLite backend as a struct for ssvc_store_open; "
                           "Store.sqlite() opens it",
    "ssvc_pg_backend": "the PostgreSQL backend as a struct for ssvc_store_open; "
                       "Store.postgresql() opens it",
    "ssvc_store_ctx": "a Store keeps the Context it was opened with",
    "ssvc_allocator_init": "fills a custom allocator for ssvc_ctx_new, made of C functions; "
                           "Python code cannot serve the library's allocations",
}



def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def api_functions():
    """{function name: header file name} of every SSVC_API function."""
    found = {}
    for path in sorted(INCLUDE.rglob("*.h")):
        text = strip_comments(path.read_text(encoding="utf-8"))
        for m in re.finditer(r"SSVC_API\s+[^;(]*?\b(ssvc_\w+)\s*\(", text):
            found[m.group(1)] = path.name
    return found


def declared():
    names = set(_native.FUNCTIONS)
    for table in ("SQLITE_FUNCTIONS", "SQLITE_OPS_FUNCTIONS", "PG_FUNCTIONS", "DOCS_FUNCTIONS"):
        names |= set(getattr(_native, table, {}))
    return names


def called():
    """The C functions the package's modules reach (lib.ssvc_x, _sqlite.ssvc_x, ...): called or
    passed on (a handle's _free, an enum's _from_name table); the declaration tables' quoted
    names do not count."""
    names = set()
    for path in PACKAGE.glob("*.py"):
        names |= set(re.findall(r"\.\s*(ssvc_\w+)\b", path.read_text(encoding="utf-8")))
    return names


class CoverageTests(unittest.TestCase):
    def test_every_api_function_is_bound_or_excepted(self):
        api = api_functions()
        self.assertGreater(len(api), 200)
        have = declared() & called()
        missing = {n: h for n, h in api.items() if n not in have and n not in EXCEPTIONS}
        failing = sorted("%s (%s)" % (n, h) for n, h in missing.items())
        self.assertFalse(failing, "%d C functions are neither declared and called by the "
                         "package nor listed in EXCEPTIONS with a reason: %s"
                         % (len(failing), ", ".join(failing)))

    def test_declared_functions_are_used(self):
        unused = sorted(declared() - called())
        self.assertFalse(unused, "declared but used by no module: " + ", ".join(unused))

    def test_exceptions_are_real(self):
        api = api_functions()
        for name, reason in EXCEPTIONS.items():
            with self.subTest(function=name):
                self.assertIn(name, api, "EXCEPTIONS lists %s, which no header declares" % name)
                self.assertNotIn(name, called(), "%s is listed as an exception but called" % name)
                self.assertGreater(len(reason), 20)


if __name__ == "__main__":
    unittest.main()
