"""Agreements and the SWAP pool through the binding: a swap and a loan, a backorder."""
import datetime as dt
import unittest

import smartservice as ss
from smartservice import errors

U1, U2, U3 = "356938030000013", "356938030000021", "356938030000039"
USER = "490154203237518"


class SwapTests(unittest.TestCase):
    def setUp(self):
        self.ctx = ss.Context()
        self.st = ss.Store.memory(self.ctx)
        self.prof = ss.Catalog(self.ctx).find("PROF")

    def tearDown(self):
        self.ctx.close()

    def case(self, customer="ACME", model="Fairphone 5", imei=USER):
        """A diagnosing case; its tier comes from the customer's agreement."""
        cid = self.st.create_case(customer, "Anna", imei, model, actor="agent")
        self.st.transition(cid, "diagnosing", "agent")
        return cid

    def test_diagnosis_belongs_to_the_case(self):
        self.st.create_agreement("ACME", "ACME AB", "PROF", 400, "lead")
        self.assertIsNone(self.st.swap_receive("ACME", U1, "Fairphone 5", "lead"))
        tree = ss.DiagnosisTree(self.ctx)
        cid = self.st.create_case("ACME", "Anna", "353918112200015", "Fairphone 5", self.prof,
                                  "agent")
        s = ss.DiagnosisSession(tree, self.prof, "screen")
        for a in ("yes", "yes"):
            s.answer(a)
        with self.assertRaises(errors.StateError) as cm:  # still registered
            self.st.diagnose(cid, s, "agent")
        self.assertIn("the case is registered, not diagnosing", cm.exception.message)
        self.st.transition(cid, "diagnosing", "agent")
        done = self.st.diagnose(cid, s, "agent")
        self.assertEqual((done["outcome"], done["action"], done["state"]),
                         ("definite-fault", "swap-or-loan", "swap-requested"))
        self.assertEqual((done["order"]["state"], done["order"]["imei"]), ("reserved", U1))
        self.assertEqual(done["order"]["promised"], self.st.case(cid)["promised_delivery"])
        self.assertIn("backup", done["reminders"])
        self.assertEqual(len(done["tree"]), 16)
        # A transcript the tree cannot have produced is refused, naming the step.
        cid = self.st.create_case("ACME", "Bo", "353918112200023", "Fairphone 5", self.prof,
                                  "agent")
        self.st.transition(cid, "diagnosing", "agent")
        bad = ss.DiagnosisSession(tree, self.prof, "screen")
        bad.answer("yes")
        with self.assertRaises(errors.SmartServiceError) as cm:
            self.st.diagnose(cid, bad, "agent")
        self.assertIn("ends after step 1 before an outcome", cm.exception.message)

    def test_swap_to_stock(self):
        self.st.create_agreement("ACME", "ACME AB", "PROF", 400, "lead")
        self.assertIsNone(self.st.swap_receive("ACME", U1, "Fairphone 5", "lead"))
        cid = self.case()
        order = self.st.swap_reserve(cid, "agent")
        self.assertEqual((order["state"], order["imei"]), ("reserved", U1))
        order = self.st.swap_ship(cid, "agent", carrier="PostNord")
        self.assertEqual(order["state"], "shipped")
        self.assertIsInstance(order["delivery"], dt.date)
        self.assertGreater(order["return_deadline"], order["delivery"])
        self.assertEqual(self.st.swap_unit("ACME", U1)["state"], "shipped")
        self.assertEqual(self.st.swap_faulty_returned(cid, "agent")["state"], "in-repair")
        self.assertEqual(self.st.swap_unit("ACME", U1)["state"], "with-user")
        self.assertEqual(self.st.swap_unit("ACME", USER)["state"], "in-repair")
        self.assertEqual(self.st.swap_repaired(cid, "agent")["state"], "done")
        self.assertEqual(self.st.swap_unit("ACME", USER)["state"], "available")
        c = self.st.case(cid)
        self.assertEqual(c["state"], "closed")
        self.assertEqual((c["shipments"], c["charges"]), (1, 2))  # freight and packaging
        with self.assertRaises(errors.StateError):
            self.st.swap_repaired(cid, "agent")

    def test_the_swap_segment_belongs_to_the_pool(self):
        self.st.create_agreement("ACME", "ACME AB", "PROF", 400, "lead")
        self.st.swap_receive("ACME", U1, "Fairphone 5", "lead")
        cid = self.case()
        with self.assertRaises(errors.StateError) as cm:
            self.st.transition(cid, "swap-requested", "agent")
        self.assertIn("reserve a phone with 'smartservice swap reserve'", cm.exception.message)
        self.st.swap_reserve(cid, "agent")
        with self.assertRaises(errors.StateError) as cm:
            self.st.transition(cid, "shipped", "agent")
        self.assertIn("ship the phone with 'smartservice swap ship'", cm.exception.message)
        self.st.swap_ship(cid, "agent")
        with self.assertRaises(errors.StateError) as cm:
            self.st.transition(cid, "faulty-returned", "agent")
        self.assertIn("record the faulty phone's return with 'smartservice swap return'",
                      cm.exception.message)
        self.assertEqual(self.st.case(cid)["state"], "shipped")  # nothing changed
        self.assertEqual(self.st.swap_order(cid)["state"], "shipped")

    def test_loan_and_backorder(self):
        self.st.create_agreement("ACME", "ACME AB", "PROF", 40, "lead", replacement="loan")
        first, second = self.case(), self.case(imei="353918112233511")
        order = self.st.swap_reserve(first, "agent")
        self.assertEqual((order["state"], order["late_days"]), ("backordered", None))
        self.assertEqual(self.st.swap_reserve(second, "agent")["state"], "backordered")
        self.assertEqual(self.st.swap_receive("ACME", U2, "Fairphone 5", "lead"), first)
        self.assertEqual(self.st.swap_cancel(second, "agent")["state"], "cancelled")
        self.assertEqual(self.st.swap_ship(first, "agent")["replacement"], "loan")
        self.st.swap_faulty_returned(first, "agent")
        self.assertEqual(self.st.swap_unit("ACME", U2)["state"], "on-loan")
        self.assertEqual(self.st.swap_repaired(first, "agent")["state"], "loan-out")
        self.assertEqual(self.st.swap_loan_returned(first, "agent")["state"], "done")
        self.assertEqual(self.st.swap_unit("ACME", U2)["state"], "available")

    def test_errors(self):
        self.st.create_agreement("Bygg", "Bygg AB", "BAS", 10, "lead")
        with self.assertRaises(errors.AlreadyExists):
            self.st.create_agreement("Bygg", "Bygg AB", "BAS", 10, "lead")
        with self.assertRaises(errors.NotFound):
            self.st.swap_receive("Nobody", U3, "Fairphone 5", "lead")
        with self.assertRaises(errors.InvalidArgument):
            self.st.swap_receive("Bygg", "123", "Fairphone 5", "lead")
        cid = self.case("Bygg")
        with self.assertRaises(errors.NotEntitled) as cm:
            self.st.swap_reserve(cid, "agent")
        self.assertIn("does not include SWAP activation", str(cm.exception))
        with self.assertRaises(ValueError):
            self.st.create_agreement("X", "X", "PROF", 1, "lead", replacement="rent")


if __name__ == "__main__":
    unittest.main()
