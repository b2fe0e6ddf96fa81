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


if __name__ == "__main__":
    unittest.main()
