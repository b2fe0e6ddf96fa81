"""Warranty and cost estimates through the binding: out of warranty, estimate, the repair waits,
accepted; declined closes the case; in warranty there is no estimate."""
import datetime as dt
import unittest

import smartservice as ss
from smartservice import errors
from smartservice.enums import CaseState, EstimateAnswer, Warranty

USER = "490154203237518"


class EstimateTests(unittest.TestCase):
    def setUp(self):
        self.ctx = ss.Context()
        self.st = ss.Store.memory(self.ctx)
        self.prof = ss.Catalog(self.ctx).find("PROF")
        self.st.agreements.create("ACME", "ACME AB", "PROF", 10, actor="lead")
        self.today = dt.date.today()

    def tearDown(self):
        self.ctx.close()

    def referred(self, warranty_end):
        cid = self.st.cases.create("ACME", "Anna", USER, "Fairphone 5", tier=self.prof,
                                   actor="agent", warranty_end=warranty_end)
        self.st.cases.transition(cid, "referred", actor="agent")
        return cid

    def test_accepted_estimate(self):
        cid = self.referred(self.today - dt.timedelta(days=60))
        self.assertEqual(self.st.cases.warranty(cid), Warranty.OUT)
        self.assertIsNone(self.st.cases.estimate_of(cid))
        self.st.cases.estimate(cid, 145000, actor="workshop", inspection_fee_minor=29500,
                               text="new display")
        with self.assertRaises(errors.StateError) as cm:
            self.st.cases.transition(cid, "in-repair", actor="workshop")
        self.assertIn("waits for the customer's answer", cm.exception.message)
        self.st.cases.answer_estimate(cid, True, "Bo Berg", actor="agent")
        e = self.st.cases.estimate_of(cid)
        self.assertEqual((e.amount_minor, e.answer, e.answered_by),
                         (145000, EstimateAnswer.ACCEPTED, "Bo Berg"))
        self.assertEqual(self.st.cases.get(cid).estimate, e)
        self.st.cases.transition(cid, "in-repair", actor="workshop")
        with self.assertRaises(errors.StateError) as cm:
            self.st.cases.answer_estimate(cid, False, "Bo Berg", actor="agent")
        self.assertIn("answered already", cm.exception.message)

    def test_declined_and_in_warranty(self):
        cid = self.referred(None)
        self.assertEqual(self.st.cases.warranty(cid), Warranty.UNKNOWN)
        with self.assertRaises(errors.InvalidArgument) as cm:
            self.st.cases.estimate(cid, -1, actor="workshop")
        self.assertIn("amount_minor: must not be negative (got -1)", cm.exception.message)
        self.st.cases.estimate(cid, 90000, actor="workshop")
        self.st.cases.answer_estimate(cid, False, "Bo Berg", actor="agent")
        self.assertEqual(self.st.cases.get(cid).state, CaseState.CLOSED)
        covered = self.referred(self.today + dt.timedelta(days=365))
        self.assertEqual(self.st.cases.warranty(covered), Warranty.IN)
        with self.assertRaises(errors.StateError) as cm:
            self.st.cases.estimate(covered, 90000, actor="workshop")
        self.assertIn("in warranty until", cm.exception.message)


if __name__ == "__main__":
    unittest.main()
