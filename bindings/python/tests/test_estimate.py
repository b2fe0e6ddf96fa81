"""Warranty and cost estimates through the binding: out of warranty, estimate, the repair waits,
accepted; declined closes the case; in warranty there is no estimate."""
import datetime as dt
import unittest

import smartservice as ss
from smartservice import errors

USER = "490154203237518"


class EstimateTests(unittest.TestCase):
    def setUp(self):
        self.ctx = ss.Context()
        self.st = ss.Store.memory(self.ctx)
        self.prof = ss.Catalog(self.ctx).find("PROF")
        self.st.create_agreement("ACME", "ACME AB", "PROF", 10, "lead")
        self.today = dt.date.today()

    def tearDown(self):
        self.ctx.close()

    def referred(self, warranty_end):
        cid = self.st.create_case("ACME", "Anna", USER, "Fairphone 5", self.prof, "agent",
                                  warranty_end=warranty_end)
        self.st.transition(cid, "referred", "agent")
        return cid

    def test_accepted_estimate(self):
        cid = self.referred(self.today - dt.timedelta(days=60))
        self.assertEqual(self.st.warranty(cid), "out")
        self.assertIsNone(self.st.estimate_of(cid))
        self.st.estimate(cid, 145000, "workshop", inspection_fee_minor=29500, text="new display")
        with self.assertRaises(errors.StateError) as cm:
            self.st.transition(cid, "in-repair", "workshop")
        self.assertIn("waits for the customer's answer", cm.exception.message)
        self.st.answer_estimate(cid, True, "Bo Berg", "agent")
        e = self.st.estimate_of(cid)
        self.assertEqual((e["amount_minor"], e["answer"], e["answered_by"]),
                         (145000, "accepted", "Bo Berg"))
        self.st.transition(cid, "in-repair", "workshop")
        with self.assertRaises(errors.StateError) as cm:
            self.st.answer_estimate(cid, False, "Bo Berg", "agent")
        self.assertIn("answered already", cm.exception.message)

    def test_declined_and_in_warranty(self):
        cid = self.referred(None)
        self.assertEqual(self.st.warranty(cid), "unknown")
        with self.assertRaises(errors.InvalidArgument) as cm:
            self.st.estimate(cid, -1, "workshop")
        self.assertIn("amount_minor: must not be negative (got -1)", cm.exception.message)
        self.st.estimate(cid, 90000, "workshop")
        self.st.answer_estimate(cid, False, "Bo Berg", "agent")
        self.assertEqual(self.st.case(cid)["state"], "closed")
        covered = self.referred(self.today + dt.timedelta(days=365))
        self.assertEqual(self.st.warranty(covered), "in")
        with self.assertRaises(errors.StateError) as cm:
            self.st.estimate(covered, 90000, "workshop")
        self.assertIn("in warranty until", cm.exception.message)


if __name__ == "__main__":
    unittest.main()
