#!/usr/bin/env python3
"""Compares the symbols a shared library exports with the functions its public headers declare.

usage: check_symbols.py LIBRARY VERSION_NODE_PREFIX HEADER...

Fails (exit 1, listing each problem) when
  - an exported symbol does not begin with ssvc_,
  - an exported symbol carries no version node starting with VERSION_NODE_PREFIX (e.g. SSVC_1.),
  - an exported symbol is declared in none of the headers (a leak from the library's inside),
  - a header declares an SSVC_API function that the library does not export (a missing definition
    or a symbol the version script hides).
"""
import re
import subprocess
import sys


def exported(lib):
    out = subprocess.run(["nm", "-D", "--defined-only", "--with-symbol-versions", lib],
                         check=True, capture_output=True, text=True).stdout
    syms = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) != 3 or parts[1] not in "TDBRVW":
            continue
        name, _, version = parts[2].partition("@")
        version = version.lstrip("@")
        if name.startswith("SSVC_") and name == version:
            continue  # the version node's own definition symbol
        syms[name] = version
    return syms


DECL = re.compile(r"\bSSVC_API\b[^;{]*?\b(ssvc_\w+)\s*\(", re.S)


def declared(headers):
    names = set()
    for h in headers:
        with open(h, encoding="utf-8") as f:
            text = re.sub(r"/\*.*?\*/", " ", f.read(), flags=re.S)
        text = re.sub(r"//[^\n]*", " ", text)
        text = re.sub(r"#\s*define[^\n]*(\\\n[^\n]*)*", " ", text)
        names.update(DECL.findall(text))
    return names


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        return 2
    lib, node, headers = sys.argv[1], sys.argv[2], sys.argv[3:]
    syms, decls = exported(lib), declared(headers)
    problems = []
    for name, version in sorted(syms.items()):
        if not name.startswith("ssvc_"):
            problems.append(f"exported without the ssvc_ prefix: {name}")
        if not version.startswith(node):
            problems.append(f"exported without a {node}* version node: {name} (version '{version}')")
        if name not in decls:
            problems.append(f"exported but declared in no public header: {name}")
    for name in sorted(decls - syms.keys()):
        problems.append(f"declared SSVC_API but not exported: {name}")
    if not syms:
        problems.append(f"{lib} exports nothing")
    for p in problems:
        print(p)
    print(f"{lib}: {len(syms)} exported, {len(decls)} declared, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
