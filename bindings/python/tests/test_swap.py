"""Agreements and the SWAP pool through the binding: a swap and a loan, a backorder."""
import datetime as dt
import unittest

import smartservice as ss
from smartservice import errors
from smartservice.enums import CaseOutcome, CaseState, DiagAction, DiagReminder

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
        cid = self.st.cases.create(customer, "Anna", imei, model, actor="agent")
        self.st.cases.transition(cid, "diagnosing", actor="agent")
        return cid

    def test_diagnosis_belongs_to_the_case(self):
        self.st.agreements.create("ACME", "ACME AB", "PROF", 400, actor="lead")
        self.assertIsNone(self.st.swap.receive("ACME", U1, "Fairphone 5", actor="lead"))
        tree = ss.DiagnosisTree(self.ctx)
        cid = self.st.cases.create("ACME", "Anna", "353918112200015", "Fairphone 5",
                                   tier=self.prof, actor="agent")
        s = ss.DiagnosisSession(tree, self.prof, "screen")
        for a in ("yes", "yes"):
            s.answer(a)
        with self.assertRaises(errors.StateError) as cm:  # still registered
            self.st.cases.diagnose(cid, s, actor="agent")
        self.assertIn("the case is registered, not diagnosing", cm.exception.message)
        self.st.cases.transition(cid, "diagnosing", actor="agent")
        done = self.st.cases.diagnose(cid, s, actor="agent")
        self.assertEqual((done.outcome, done.action, done.state),
                         (CaseOutcome.DEFINITE_FAULT, DiagAction.SWAP_OR_LOAN,
                          CaseState.SWAP_REQUESTED))
        self.assertEqual(done.order_state, ss.constants.ORDER_RESERVED)
        order = self.st.swap.order(cid)
        self.assertEqual((order.state.key, order.imei), ("reserved", U1))
        self.assertEqual(order.promised, self.st.cases.get(cid).promised_delivery)
        self.assertIn(DiagReminder.BACKUP, done.reminders)
        self.assertEqual(len(done.tree), 16)
        # A transcript the tree cannot have produced is refused, naming the step.
        cid = self.st.cases.create("ACME", "Bo", "353918112200023", "Fairphone 5",
                                   tier=self.prof, actor="agent")
        self.st.cases.transition(cid, "diagnosing", actor="agent")
        bad = ss.DiagnosisSession(tree, self.prof, "screen")
        bad.answer("yes")
        with self.assertRaises(errors.SmartServiceError) as cm:
            self.st.cases.diagnose(cid, bad, actor="agent")
        self.assertIn("ends after step 1 before an outcome", cm.exception.message)

    def test_swap_to_stock(self):
        self.st.agreements.create("ACME", "ACME AB", "PROF", 400, actor="lead")
        self.assertIsNone(self.st.swap.receive("ACME", U1, "Fairphone 5", actor="lead"))
        cid = self.case()
        order = self.st.swap.reserve(cid, actor="agent")
        self.assertEqual((order.state.key, order.imei), ("reserved", U1))
        order = self.st.swap.ship(cid, actor="agent", carrier="PostNord")
        self.assertEqual(order.state.key, "shipped")
        self.assertIsInstance(order.delivery, dt.date)
        self.assertGreater(order.return_deadline, order.delivery)
        self.assertEqual(self.st.swap.unit("ACME", U1).state.key, "shipped")
        self.assertEqual(self.st.swap.faulty_returned(cid, actor="agent").state.key, "in-repair")
        self.assertEqual(self.st.swap.unit("ACME", U1).state.key, "with-user")
        self.assertEqual(self.st.swap.unit("ACME", USER).state.key, "in-repair")
        self.assertEqual(self.st.swap.repaired(cid, actor="agent").state.key, "done")
        self.assertEqual(self.st.swap.unit("ACME", USER).state.key, "available")
        c = self.st.cases.get(cid)
        self.assertEqual(c.state, CaseState.CLOSED)
        self.assertEqual((len(c.shipments), len(c.charges)), (1, 2))  # freight and packaging
        with self.assertRaises(errors.StateError):
            self.st.swap.repaired(cid, actor="agent")

    def test_the_swap_segment_belongs_to_the_pool(self):
        self.st.agreements.create("ACME", "ACME AB", "PROF", 400, actor="lead")
        self.st.swap.receive("ACME", U1, "Fairphone 5", actor="lead")
        cid = self.case()
        with self.assertRaises(errors.StateError) as cm:
            self.st.cases.transition(cid, "swap-requested", actor="agent")
        self.assertIn("reserve a phone for it from the SWAP stock", cm.exception.message)
        self.assertEqual(cm.exception.remedy, "ssvc_swap_reserve")
        self.st.swap.reserve(cid, actor="agent")
        with self.assertRaises(errors.StateError) as cm:
            self.st.cases.transition(cid, "shipped", actor="agent")
        self.assertIn("ship the phone of its order", cm.exception.message)
        self.assertEqual(cm.exception.remedy, "ssvc_swap_ship")
        self.st.swap.ship(cid, actor="agent")
        with self.assertRaises(errors.StateError) as cm:
            self.st.cases.transition(cid, "faulty-returned", actor="agent")
        self.assertIn("record the faulty phone's return on its order", cm.exception.message)
        self.assertEqual(cm.exception.remedy, "ssvc_swap_faulty_returned")
        with self.assertRaises(errors.StateError) as cm:  # a refusal that asks for nothing
            self.st.swap.ship(cid, actor="agent")
        self.assertIsNone(cm.exception.remedy)
        self.assertEqual(self.st.cases.get(cid).state, CaseState.SHIPPED)  # nothing changed
        self.assertEqual(self.st.swap.order(cid).state.key, "shipped")

    def test_loan_and_backorder(self):
        self.st.agreements.create("ACME", "ACME AB", "PROF", 40, actor="lead",
                                  replacement="loan")
        first, second = self.case(), self.case(imei="353918112233511")
        order = self.st.swap.reserve(first, actor="agent")
        self.assertEqual((order.state.key, order.late_days), ("backordered", None))
        self.assertEqual(self.st.swap.reserve(second, actor="agent").state.key, "backordered")
        self.assertEqual(self.st.swap.receive("ACME", U2, "Fairphone 5", actor="lead"), first)
        self.assertEqual(self.st.swap.cancel(second, actor="agent").state.key, "cancelled")
        self.assertEqual(int(self.st.swap.ship(first, actor="agent").replacement),
                         ss.constants.REPLACEMENT_LOAN)
        self.st.swap.faulty_returned(first, actor="agent")
        self.assertEqual(self.st.swap.unit("ACME", U2).state.key, "on-loan")
        self.assertEqual(self.st.swap.repaired(first, actor="agent").state.key, "loan-out")
        self.assertEqual(self.st.swap.loan_returned(first, actor="agent").state.key, "done")
        self.assertEqual(self.st.swap.unit("ACME", U2).state.key, "available")

    def test_errors(self):
        self.st.agreements.create("Bygg", "Bygg AB", "BAS", 10, actor="lead")
        with self.assertRaises(errors.AlreadyExists):
            self.st.agreements.create("Bygg", "Bygg AB", "BAS", 10, actor="lead")
        with self.assertRaises(errors.NotFound):
            self.st.swap.receive("Nobody", U3, "Fairphone 5", actor="lead")
        with self.assertRaises(errors.InvalidArgument):
            self.st.swap.receive("Bygg", "123", "Fairphone 5", actor="lead")
        cid = self.case("Bygg")
        with self.assertRaises(errors.NotEntitled) as cm:
            self.st.swap.reserve(cid, actor="agent")
        self.assertIn("does not include SWAP activation", str(cm.exception))
        with self.assertRaises(ValueError):
            self.st.agreements.create("X", "X", "PROF", 1, actor="lead", replacement="rent")


if __name__ == "__main__":
    unittest.main()
