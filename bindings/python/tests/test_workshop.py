"""store.workshop (repair orders at the service provider) and the report's workshop figures
through the binding."""
import datetime as dt
import unittest

import smartservice as ss
from smartservice import errors
from smartservice.enums import ChangeKind, RepairState, WorkshopGrouping

from _ops_support import agreement, diagnosing_case

STHLM = dt.timezone(dt.timedelta(hours=1))


class WorkshopTests(unittest.TestCase):
    def setUp(self):
        self.now = dt.datetime(2026, 10, 20, 10, 0, tzinfo=STHLM)  # a Tuesday
        self.ctx = ss.Context(clock=lambda: self.now)
        self.st = ss.Store.memory(self.ctx)
        agreement(self.st, "ACME", fleet=10)
        self.cid = diagnosing_case(self.st, "ACME")
        self.st.cases.transition(self.cid, "referred", actor="agent")

    def tearDown(self):
        self.ctx.close()

    def test_order_from_sent_to_repaired(self):
        w = self.st.workshop
        o = w.send(self.cid, "Mobilfix AB", actor="agent", note="cracked glass")
        self.assertEqual((o.state, o.provider, o.estimate_minor, o.turnaround_days),
                         (RepairState.SENT, "Mobilfix AB", None, None))
        self.assertEqual((o.customer_id, o.model, o.note), ("ACME", "Fairphone 5",
                                                            "cracked glass"))
        self.assertEqual(w.estimate(self.cid, 90000, actor="agent").estimate_minor, 90000)
        self.now = dt.datetime(2026, 10, 22, 15, 0, tzinfo=STHLM)  # two working days later
        o = w.done(self.cid, "repaired", 85000, actor="workshop")
        self.assertEqual((o.state, o.cost_minor, o.turnaround_days),
                         (RepairState.REPAIRED, 85000, 2))
        self.assertEqual(o.state.key, "repaired")
        self.assertEqual([x.case_id for x in w.list("ACME")], [self.cid])
        self.assertIn(ChangeKind.REPAIR_ORDER, {c.kind for c in self.st.changes.read(0)})
        report = self.st.reports.new("ACME", dt.date(2026, 10, 1), dt.date(2026, 10, 31))
        (line,) = report.workshop()
        self.assertEqual((line.key, line.done, line.repaired, line.cost_minor,
                          line.mean_turnaround), ("Mobilfix AB", 1, 1, 85000, 2.0))
        (by_model,) = report.workshop(WorkshopGrouping.BY_MODEL)
        self.assertEqual(by_model.key, "Fairphone 5")

    def test_refusals(self):
        w = self.st.workshop
        with self.assertRaises(errors.NotFound):
            w.get(self.cid)
        with self.assertRaises(errors.NotFound) as cm:
            w.send("SC-2026-999999", "Mobilfix AB", actor="agent")
        self.assertIn("SC-2026-999999", cm.exception.message)
        w.send(self.cid, "Mobilfix AB", actor="agent")
        with self.assertRaises(errors.SmartServiceError) as cm:
            w.send(self.cid, "Mobilfix AB", actor="agent")
        self.assertIn(self.cid, cm.exception.message)
        with self.assertRaises(errors.UnknownName):
            w.done(self.cid, "fixed", 100, actor="agent")
        self.assertEqual(w.get(self.cid).state, RepairState.SENT)  # nothing changed


if __name__ == "__main__":
    unittest.main()
