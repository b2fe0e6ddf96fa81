"""store.cases: reading a case with its history, lists, notes, shipments, charges, statistics and
erasure, with the error classes and message words."""
import datetime as dt
import unittest

import smartservice as ss
from smartservice import errors
from smartservice.enums import CaseEventKind, CaseOutcome, CaseState, ShipmentKind

USER = "490154203237518"
OTHER = "353918112233511"


class CasesArea(unittest.TestCase):
    def setUp(self):
        self.ctx = ss.Context()
        self.st = ss.Store.memory(self.ctx)
        self.st.agreements.create("ACME", "ACME AB", "PROF", 40, actor="lead")

    def tearDown(self):
        self.ctx.close()

    def case(self, imei=USER, **kw):
        return self.st.cases.create("ACME", "Anna", imei, "Fairphone 5", actor="agent",
                                    user_phone="0701234567", user_email="anna@acme.se", **kw)

    def test_history_shipments_and_charges(self):
        cid = self.case(symptom="cracked")
        self.st.cases.transition(cid, CaseState.DIAGNOSING, actor="agent", note="calling")
        self.st.cases.add_note(cid, "called back", actor="agent")
        self.st.cases.add_shipment(cid, ShipmentKind.FAULTY, actor="agent", carrier="PostNord",
                                   tracking="X1")
        self.st.cases.add_charge(cid, "repair", -5000, actor="agent", text="goodwill")
        c = self.st.cases.get(cid)
        self.assertEqual([e.kind for e in c.events],
                         [CaseEventKind.CREATED, CaseEventKind.STATE, CaseEventKind.NOTE,
                          CaseEventKind.SHIPMENT] + [CaseEventKind.CHARGE] * 3)  # freight,
        # packaging (the shipment's) and the credit
        state = c.events[1]
        self.assertEqual((state.from_state, state.to_state, state.note),
                         (CaseState.REGISTERED, CaseState.DIAGNOSING, "calling"))
        self.assertEqual(c.events[2].note, "called back")
        self.assertEqual(c.events[0].at.tzinfo, dt.timezone.utc)
        ship = c.shipments[0]
        self.assertEqual((ship.kind, ship.carrier, ship.tracking, ship.freight_minor),
                         (ShipmentKind.FAULTY, "PostNord", "X1", 8900 + 2500))  # the agreement's
        amounts = [(ch.amount_minor, ch.text) for ch in c.charges]
        self.assertIn((-5000, "goodwill"), amounts)
        self.assertEqual((c.state, c.outcome, c.symptom, c.user_phone),
                         (CaseState.DIAGNOSING, CaseOutcome.NONE, "cracked", "0701234567"))
        with self.assertRaises(AttributeError):
            c.state = CaseState.CLOSED  # frozen
        with self.assertRaises(errors.InvalidArgument) as cm:
            self.st.cases.add_shipment(cid, "faulty", actor="agent", freight_minor=1)
        self.assertIn("shipment->freight_minor", cm.exception.message)
        with self.assertRaises(errors.UnknownName) as cm:
            self.st.cases.add_shipment(cid, "pigeon", actor="agent")
        self.assertIn("unknown shipment kind 'pigeon'", cm.exception.message)
        with self.assertRaises(errors.UnknownName):
            self.st.cases.add_charge(cid, "nonsense", 1, actor="agent")

    def test_lists_and_statistics(self):
        first, second = self.case(), self.case(OTHER)
        self.st.cases.transition(second, "diagnosing", actor="agent")
        self.st.cases.set_diagnosis(second, CaseOutcome.HANDLING_ERROR, actor="agent")
        self.st.cases.transition(second, "resolved", actor="agent")
        self.st.cases.transition(second, "closed", actor="agent")
        self.assertEqual(self.st.cases.all(), [first, second])
        self.assertEqual(self.st.cases.open(), [first])
        self.assertEqual(self.st.cases.in_state("closed"), [second])
        self.assertEqual(self.st.cases.in_state(CaseState.REGISTERED), [first])
        self.assertEqual(self.st.cases.of_customer("ACME"), [first, second])
        later = dt.datetime(2199, 1, 1, tzinfo=dt.timezone.utc)
        self.assertEqual(self.st.cases.of_customer("ACME", start=later), [])
        stats = self.st.cases.stats("ACME")
        self.assertEqual((stats.total, stats.by_state[CaseState.CLOSED],
                          stats.by_outcome[CaseOutcome.HANDLING_ERROR], stats.erased),
                         (2, 1, 1, 0))
        self.assertEqual(self.st.cases.stats().total, 2)
        with self.assertRaises(errors.UnknownName) as cm:
            self.st.cases.in_state("nonsense")
        self.assertIsInstance(cm.exception, ValueError)
        self.assertIn("unknown case state 'nonsense'", cm.exception.message)

    def test_erasure(self):
        cid = self.case()
        kept = self.case(OTHER)
        with self.assertRaises(errors.InvalidArgument) as cm:
            self.st.cases.erase_user("ACME", actor="dpo")
        self.assertIn("key: give a phone, e-mail, name or IMEI", cm.exception.message)
        with self.assertRaises(errors.NotFound) as cm:
            self.st.cases.erase_user("NOBODY", actor="dpo", phone="0701234567")
        self.assertIn("no agreement or case for 'NOBODY'", cm.exception.message)
        self.assertEqual(self.st.cases.get(cid).user_name, "Anna")  # nothing changed
        done = self.st.cases.erase_user("ACME", actor="dpo", imei=USER)
        self.assertEqual((done.cases, done.orders), (1, 0))
        c = self.st.cases.get(cid)
        self.assertTrue(c.erased)
        self.assertEqual((c.user_name, c.imei, c.user_email), ("", "", None))
        self.assertEqual(c.events[-1].kind, CaseEventKind.ERASED)
        self.assertEqual(self.st.cases.get(kept).user_name, "Anna")
        self.assertEqual(self.st.cases.erase_contact("ACME", "anna@acme.se", actor="dpo"), 1)
        self.assertEqual(self.st.cases.erase_contact("NOBODY", "x@y.se", actor="dpo"), 0)
        self.assertEqual(self.st.cases.stats().erased, 2)
        self.assertEqual(self.st.cases.erase_expired(actor="dpo").cases, 0)  # kept forever

    def test_errors_name_the_case_and_the_argument(self):
        with self.assertRaises(errors.NotFound) as cm:
            self.st.cases.add_note("SC-2026-999999", "x", actor="agent")
        self.assertIn("no case 'SC-2026-999999'", cm.exception.message)
        self.assertEqual(cm.exception.text, "no case 'SC-2026-999999'")  # no function name
        with self.assertRaises(errors.InvalidArgument) as cm:
            self.case(imei="490154203237519")
        self.assertIn("spec->imei", cm.exception.message)
        self.assertEqual(self.st.cases.all(), [])


if __name__ == "__main__":
    unittest.main()
