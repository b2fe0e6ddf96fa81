"""The binding declares every C function it uses with the types the headers give it.

Parses the SSVC_API declarations and the versioned structs of include/smartservice/*.h and checks
smartservice._native.FUNCTIONS (return and argument types) and the ctypes structures (field names
and types, in order, char arrays with their sizes) against them.
"""
import ctypes
import os
import pathlib
import re
import unittest

from smartservice import _native

INCLUDE = pathlib.Path(os.environ.get("SMARTSERVICE_INCLUDE",
                                      pathlib.Path(__file__).resolve().parents[3] / "include"))

SCALARS = {
    "void": None, "int": ctypes.c_int, "unsigned int": ctypes.c_uint,
    "uint32_t": ctypes.c_uint32, "int32_t": ctypes.c_int32, "int64_t": ctypes.c_int64, "uint64_t": ctypes.c_uint64, "size_t": ctypes.c_size_t,
    "double": ctypes.c_double, "char *": ctypes.c_char_p,
    "char": ctypes.c_char, "unsigned char": ctypes.c_ubyte, "long": ctypes.c_long,
}
STRUCTS = {
    "ssvc_case_guidance": _native.CaseGuidance,
    "ssvc_ctx_options": _native.CtxOptions, "ssvc_allocator": _native.Allocator,
    "ssvc_tier_spec": _native.TierSpec, "ssvc_swap_demand": _native.SwapDemand,
    "ssvc_swap_sizing": _native.SwapSizing, "ssvc_date": _native.Date,
    "ssvc_calendar_options": _native.CalendarOptions, "ssvc_case_spec": _native.CaseSpec,
    "ssvc_case_info": _native.CaseInfo, "ssvc_agreement_spec": _native.AgreementSpec,
    "ssvc_party": _native.Party, "ssvc_invoice_run_spec": _native.InvoiceRunSpec,
    "ssvc_invoice_totals": _native.InvoiceTotals,
    "ssvc_xml_import_options": _native.XmlImportOptions,
    "ssvc_xml_import_result": _native.XmlImportResult, "ssvc_report_options": _native.ReportOptions,
    "ssvc_charge": _native.Charge, "ssvc_case_estimate_info": _native.CaseEstimateInfo,
    "ssvc_case_event": _native.CaseEvent, "ssvc_shipment": _native.Shipment,
    "ssvc_case_charge": _native.CaseCharge, "ssvc_case_stats": _native.CaseStats,
    "ssvc_agreement_model": _native.AgreementModel,
    "ssvc_agreement_event": _native.AgreementEvent, "ssvc_erase_key": _native.EraseKey,
    "ssvc_erase_result": _native.EraseResult, "ssvc_local_time": _native.LocalTime,
    "ssvc_diag_load_options": _native.DiagLoadOptions,
    "ssvc_note_options": _native.NoteOptions,
}
# Passed by address as void pointers (they hold char arrays), so checked for their layout only.
BY_ADDRESS = {"ssvc_unit": _native.Unit, "ssvc_order": _native.Order,
              "ssvc_case_diag_result": _native.CaseDiagResult, "ssvc_note": _native.Note}
CALLBACKS = {"ssvc_report_progress_fn": _native.REPORT_PROGRESS_FN,
             "ssvc_log_fn": _native.LOG_FN, "ssvc_clock_fn": _native.CLOCK_FN,
             "ssvc_case_list_fn": _native.CASE_LIST_FN,
             "ssvc_charges_list_fn": _native.CHARGES_LIST_FN,
             "ssvc_agreement_list_fn": _native.AGREEMENT_LIST_FN,
             "ssvc_write_fn": _native.WRITE_FN}

# The other half of the binding (h22pyB's areas) registers its structures and callback types in
# tests/_decl_ops.py, in dicts of the same names (STRUCTS, BY_ADDRESS, CALLBACKS), when present.
try:
    import _decl_ops
except ImportError:
    _decl_ops = None
if _decl_ops is not None:
    for _table, _theirs in ((STRUCTS, "STRUCTS"), (BY_ADDRESS, "BY_ADDRESS"),
                            (CALLBACKS, "CALLBACKS")):
        _twice = set(_table) & set(getattr(_decl_ops, _theirs, {}))
        assert not _twice, "registered twice: %s" % ", ".join(sorted(_twice))
        _table.update(getattr(_decl_ops, _theirs, {}))


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    return re.sub(r"^\s*#[^\n]*(\\\n[^\n]*)*", " ", text, flags=re.M)  # preprocessor lines


def headers():
    return "\n".join(strip_comments(p.read_text(encoding="utf-8"))
                     for p in sorted(INCLUDE.rglob("*.h")))


def size_constants():
    """The headers' #define NAME NUMBER constants (array sizes such as SSVC_IMEI_SIZE)."""
    return {m.group(1): int(m.group(2)) for p in sorted(INCLUDE.rglob("*.h"))
            for m in re.finditer(r"^#define\s+(SSVC_\w+)\s+(\d+)\s*$",
                                 p.read_text(encoding="utf-8"), flags=re.M)}


def ctype_of(c):
    """The ctypes type a C type must be declared as in the binding."""
    c = " ".join(re.sub(r"\b(const|struct)\b", " ", c).split())
    am = re.match(r"^(\w+(?: \w+)?)((?:\[\w+\])+)$", c)  # an array member: type name[N][M]
    if am:
        t = ctype_of(am.group(1))
        for size in reversed(re.findall(r"\[(\w+)\]", am.group(2))):
            t = t * (int(size) if size.isdigit() else size_constants()[size])
        return t
    stars = c.count("*")
    base = c.replace("*", " ").strip()
    if stars == 0 and base in SCALARS:
        return SCALARS[base]
    if stars == 0 and base in STRUCTS:
        return STRUCTS[base]  # a struct member held by value
    if stars == 1 and base == "char":
        return ctypes.c_char_p
    if stars == 1 and base == "void":
        return ctypes.c_void_p
    if stars == 2 and base == "char":
        return ctypes.POINTER(ctypes.c_char_p)  # an array of strings
    if stars == 2 and base.startswith("ssvc_"):
        return ctypes.POINTER(ctypes.c_void_p)  # where a handle is written
    if stars == 1:
        if base in STRUCTS:
            return ctypes.POINTER(STRUCTS[base])
        if base in SCALARS and SCALARS[base] is not None:
            return ctypes.POINTER(SCALARS[base])
        if base.startswith("ssvc_"):
            return ctypes.c_void_p  # an opaque handle
    if stars == 0 and base in CALLBACKS:
        return CALLBACKS[base]
    if stars == 0 and base.startswith("ssvc_") and base.endswith("_fn"):
        return ctypes.c_void_p  # a callback the binding never sets: passed as NULL
    raise AssertionError("no ctypes mapping for C type '%s'" % c)


def split_params(args):
    """The parameters of a C parameter list, split at the commas outside parentheses."""
    params, depth, cur = [], 0, ""
    for ch in args:
        if ch == "," and depth == 0:
            params.append(cur)
            cur = ""
            continue
        depth += {"(": 1, ")": -1}.get(ch, 0)
        cur += ch
    return params + [cur]


def declarations():
    decls = {}
    for m in re.finditer(r"SSVC_API\s+([^;(]*?)\b(ssvc_\w+)\s*\(((?:[^()]|\([^()]*\))*)\)\s*;",
                         headers()):
        ret, name, args = m.group(1), m.group(2), m.group(3)
        params = []
        if args.strip() != "void":
            for a in split_params(args):
                a = " ".join(a.split())
                if "(*" in a.replace("( *", "(*"):  # a function pointer parameter
                    params.append("fnptr " + re.sub(r"\s", "", a))
                    continue
                pm = re.match(r"(.*?)(\w+)$", a)
                params.append(pm.group(1).strip())
        decls[name] = (ret.strip(), params)
    return decls


def struct_fields(name):
    m = re.search(r"typedef struct %s \{(.*?)\} %s;" % (name, name), headers(), re.S)
    assert m, "struct %s not found in the headers" % name
    fields = []
    for line in m.group(1).split(";"):
        line = " ".join(line.split())
        if not line:
            continue
        fm = re.match(r"(.*?)\(\s*\*\s*(\w+)\)\s*\(.*\)$", line)  # function pointer
        if fm:
            fields.append((fm.group(2), "fnptr"))
            continue
        fm = re.match(r"(.*?)(\w+)\s*((?:\[\s*\w+\s*\])+)$", line)  # an array, [N] or [N][M]
        if fm:
            fields.append((fm.group(2), fm.group(1).strip() +
                           re.sub(r"\s+", "", fm.group(3))))
            continue
        fm = re.match(r"(.*?)(\w+)$", line)
        fields.append((fm.group(2), fm.group(1).strip()))
    return fields


class DeclarationsMatchHeaders(unittest.TestCase):
    def test_every_used_function_is_declared_with_header_types(self):
        decls = declarations()
        self.assertGreater(len(decls), 20)
        used = dict(_native.FUNCTIONS)
        used.update(_native.SQLITE_FUNCTIONS)
        used.update(_native.DOCS_FUNCTIONS)
        for name, (restype, argtypes) in used.items():
            with self.subTest(function=name):
                self.assertIn(name, decls, "the binding uses %s, which no header declares" % name)
                ret, params = decls[name]
                self.assertIs(restype, ctype_of(ret), "%s returns %s" % (name, ret))
                self.assertEqual(len(argtypes), len(params), "%s takes %s" % (name, params))
                for i, (have, c) in enumerate(zip(argtypes, params)):
                    if c.startswith("fnptr "):  # a callback: a ctypes function type
                        self.assertTrue(hasattr(have, "_argtypes_"),
                                        "%s argument %d is %s" % (name, i + 1, c))
                        continue
                    self.assertIs(have, ctype_of(c), "%s argument %d is %s" % (name, i + 1, c))

    def test_structures_match_header_layout(self):
        for cname, pytype in list(STRUCTS.items()) + list(BY_ADDRESS.items()):
            with self.subTest(struct=cname):
                fields = struct_fields(cname)
                self.assertEqual([f[0] for f in fields], [f[0] for f in pytype._fields_],
                                 "fields of %s" % cname)
                for (fname, ctype), (_, have) in zip(fields, pytype._fields_):
                    if ctype == "fnptr":
                        self.assertTrue(issubclass(have, ctypes.c_void_p) or
                                        hasattr(have, "_argtypes_") or have is ctypes.c_void_p,
                                        "%s.%s is a function pointer" % (cname, fname))
                        continue
                    want = ctype_of(ctype)
                    if want is ctypes.c_void_p and have is not ctypes.c_void_p:
                        continue  # a typed pointer where the header has an opaque one
                    self.assertIs(have, want, "%s.%s is %s" % (cname, fname, ctype))


if __name__ == "__main__":
    unittest.main()
