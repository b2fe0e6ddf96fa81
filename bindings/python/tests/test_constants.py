"""smartservice.constants is what tools/gen_constants.py makes of the headers, so versions, sizes
and enum numbers are written in one place and follow the C API."""
import os
import pathlib
import sys
import unittest

HERE = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE / "tools"))
import gen_constants  # noqa: E402

from smartservice import constants  # noqa: E402

INCLUDE = pathlib.Path(os.environ.get("SMARTSERVICE_INCLUDE", HERE.parents[1] / "include"))


class ConstantsTest(unittest.TestCase):
    def test_module_is_generated_from_the_headers(self):
        wanted = gen_constants.generate(INCLUDE)
        have = pathlib.Path(constants.__file__).read_text(encoding="utf-8")
        self.assertEqual(have, wanted, "smartservice/constants.py is out of date: run "
                         "python3 bindings/python/tools/gen_constants.py > "
                         "bindings/python/smartservice/constants.py")

    def test_known_values(self):
        self.assertEqual(constants.CASE_ID_SIZE, 24)
        self.assertEqual(constants.CASE_REGISTERED, 1)
        self.assertEqual(constants.CASE_CANCELLED, 11)
        self.assertEqual(constants.SWAP_DEFAULT_BASIS_POINTS, 800)
        self.assertEqual(constants.REPORT_NO_TARGET, -1)
        self.assertEqual(constants.XML_CASES_NS, "urn:smartservice:cases:1")


class EnumFamiliesTest(unittest.TestCase):
    """An enum mirrors a family of the C API's constants member for member, so a kind or state
    added to a header fails here until the binding has it (a stock-change charge once reached
    Python as a bare number)."""

    FAMILIES = [  # (enum, the constants' prefix, names of the family that are not members)
        ("ChargeKind", "CHARGE_", {"VERSION", "KIND_COUNT"}),
        ("ChangeKind", "CHANGE_", {"PUT", "DELETE", "VERSION", "ID_SIZE"}),
        ("RepairState", "REPAIR_", {"SPEC_VERSION", "ORDER_VERSION", "NO_ESTIMATE"}),
        ("StockDisposal", "STOCK_", {"ADD", "REMOVE", "TARGET", "LINE_VERSION", "LINES_MAX",
                                     "ORDER_VERSION"}),
        ("StockLineKind", "STOCK_", {"TO_CUSTOMER", "SOLD", "RETIRED", "LINE_VERSION",
                                     "LINES_MAX", "ORDER_VERSION"}),
        ("GuideResult", "GUIDE_", {"AREAS"}),
    ]

    def test_every_member_of_each_family(self):
        from smartservice import enums
        for name, prefix, others in self.FAMILIES:
            with self.subTest(enum=name):
                cls = getattr(enums, name)
                members = {m.name for m in cls}
                family = {n[len(prefix):] for n in vars(constants) if n.startswith(prefix)}
                self.assertEqual(members, family - others,
                                 "%s and the constants %s* differ" % (name, prefix))


if __name__ == "__main__":
    unittest.main()
