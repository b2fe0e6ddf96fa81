"""Tiers, entitlement, errors and handle lifetime through the binding."""
import decimal
import gc
import unittest

import smartservice as ss
from smartservice import errors


class Tiers(unittest.TestCase):
    def setUp(self):
        self.ctx = ss.Context()
        self.cat = ss.Catalog(self.ctx)

    def tearDown(self):
        self.ctx.close()

    def test_version(self):
        self.assertRegex(ss.version(), r"^1\.\d+\.\d+$")

    def test_builtin_tiers(self):
        self.assertEqual([t.code for t in self.cat], ["BAS", "PROF"])
        bas, prof = self.cat.find("BAS"), self.cat.find("prof")
        self.assertEqual(bas.price, decimal.Decimal("19.00"))
        self.assertEqual(prof.price_minor, 3900)
        self.assertEqual(prof.currency, "SEK")
        self.assertTrue(bas.builtin)
        self.assertTrue(prof.has(ss.Feature.SYNC | ss.Feature.SWAP_ACTIVATION))
        self.assertFalse(bas.has(ss.Feature.SYNC))
        self.assertEqual(ss.Feature.SWAP_ACTIVATION.key, "swap-activation")
        self.assertEqual(ss.Feature.DIAGNOSIS.display_name(ss.Lang.SV), "Diagnos")

    def test_entitlement_raises_with_code_and_message(self):
        self.cat.find("PROF").check(ss.Feature.SWAP_ACTIVATION)
        with self.assertRaises(errors.NotEntitled) as cm:
            self.cat.find("BAS").check(ss.Feature.SWAP_ACTIVATION)
        self.assertEqual(cm.exception.code, errors.ENOTENTITLED)
        self.assertEqual(cm.exception.name, "SSVC_ENOTENTITLED")
        self.assertEqual(cm.exception.message, "tier BAS does not include SWAP activation")

    def test_custom_tier_and_its_errors(self):
        t = self.cat.add("SKOLA", "Skolans avtal", "School", ss.Feature.DIAGNOSIS, 2450)
        self.assertEqual(t.price, decimal.Decimal("24.50"))
        self.assertEqual(t.name(ss.Lang.SV), "Skolans avtal")
        with self.assertRaises(errors.InvalidArgument) as cm:
            self.cat.add("GRATIS", "Gratis", price_minor=-1)
        self.assertIn("spec->price_minor", cm.exception.message)
        with self.assertRaises(errors.AlreadyExists):
            self.cat.add("bas", "Bas igen")
        with self.assertRaises(errors.NotFound) as cm:
            self.cat.find("GULD")
        self.assertIn("'GULD'", str(cm.exception))
        self.assertEqual(len(self.cat), 3)

    def test_closed_handles_refuse_use_and_close_once(self):
        tier = self.cat.find("BAS")
        self.ctx.close()  # closes the catalogue first
        self.assertTrue(self.cat.closed)
        with self.assertRaises(ValueError):
            tier.code
        with self.assertRaises(ValueError):
            len(self.cat)
        self.cat.close()
        self.ctx.close()

    def test_garbage_collection_frees_without_double_free(self):
        for _ in range(200):
            ctx = ss.Context()
            cat = ss.Catalog(ctx)
            cat.add("X1", "x")
            del ctx, cat
        gc.collect()

    def test_swap_sizing(self):
        self.assertEqual(ss.swap_size_rule(self.ctx, 400), 32)
        self.assertEqual(ss.swap_size_rule(self.ctx, 400, decimal.Decimal("0.125")), 50)
        s = ss.swap_size_service(self.ctx, 400, "0.15", 14, "0.99")
        self.assertEqual(s.spares, 6)
        self.assertGreaterEqual(s.fill, 0.99)
        with self.assertRaises(errors.OutOfRange) as cm:
            ss.swap_size_service(self.ctx, 400, 1500, 0, 9500)
        self.assertIn("turnaround_days", cm.exception.message)


if __name__ == "__main__":
    unittest.main()
