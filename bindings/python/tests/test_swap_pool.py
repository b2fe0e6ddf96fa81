"""store.swap: units, orders, refill advice and requests, overdue returns, erasure."""
import datetime as dt
import unittest

import smartservice as ss
from smartservice import errors
from smartservice.enums import OrderState, RefillState, UnitState
from smartservice.results import Order, RefillAdvice, Unit

from _ops_support import U1, U2, U3, U4, USER, agreement, diagnosing_case

STHLM = dt.timezone(dt.timedelta(hours=1))


class SwapPoolTests(unittest.TestCase):
    def setUp(self):
        self.now = dt.datetime(2026, 10, 20, 10, 0, tzinfo=STHLM)
        self.ctx = ss.Context(clock=lambda: self.now)
        self.st = ss.Store.memory(self.ctx)
        self.pool = self.st.swap
        agreement(self.st, "ACME", fleet=100)

    def tearDown(self):
        self.ctx.close()

    def test_units_listed_and_retired(self):
        self.assertIsNone(self.pool.receive("ACME", U2, "Fairphone 5", actor="lead"))
        self.pool.receive("ACME", U1, "iPhone 15", actor="lead")
        units = self.pool.units("ACME")
        self.assertEqual([u.imei for u in units], [U1, U2])  # by IMEI
        self.assertIsInstance(units[0], Unit)
        self.assertEqual((units[0].model, units[0].state, units[0].case_id),
                         ("iPhone 15", UnitState.AVAILABLE, None))
        self.assertEqual(units[0].received_at.tzinfo, dt.timezone.utc)
        with self.assertRaises(AttributeError):
            units[0].state = UnitState.RETIRED  # frozen
        retired = self.pool.retire("ACME", U1, actor="lead", note="cracked")
        self.assertEqual((retired.state, retired.state.key), (UnitState.RETIRED, "retired"))
        with self.assertRaises(errors.StateError):
            self.pool.retire("ACME", U1, actor="lead")
        with self.assertRaises(errors.NotFound):
            self.pool.unit("ACME", U3)
        with self.assertRaises(errors.AlreadyExists):
            self.pool.receive("ACME", U2, "Fairphone 5", actor="lead")

    def test_orders_by_state_and_customer(self):
        self.pool.receive("ACME", U1, "Fairphone 5", actor="lead")
        first = diagnosing_case(self.st, "ACME")
        second = diagnosing_case(self.st, "ACME", imei="353918112200015", user="Bo")
        self.assertEqual(self.pool.reserve(first, actor="agent").state, OrderState.RESERVED)
        order = self.pool.reserve(second, actor="agent")
        self.assertIsInstance(order, Order)
        self.assertEqual((order.state, order.imei), (OrderState.BACKORDERED, None))
        self.assertEqual([o.case_id for o in self.pool.orders("ACME")], [first, second])
        self.assertEqual([o.case_id for o in self.pool.orders(state="backordered")], [second])
        self.assertEqual([o.case_id for o in self.pool.orders(None, OrderState.RESERVED)],
                         [first])
        self.assertEqual(self.pool.orders("OTHER"), [])
        with self.assertRaises(errors.UnknownName):
            self.pool.orders(state="lost")
        shipped = self.pool.ship(first, actor="agent", carrier="PostNord", tracking="PN1")
        self.assertEqual(shipped.state, OrderState.SHIPPED)
        self.assertEqual(shipped.user_imei, USER)
        self.assertIsNotNone(shipped.shipped_at)
        self.assertIsNone(shipped.returned_at)

    def test_refill_advice_request_and_decision(self):
        advice = self.pool.advise("ACME")
        self.assertIsInstance(advice, RefillAdvice)
        self.assertGreater(advice.total, 0)
        self.assertIsNone(advice.lines[0].model)  # the pool line first
        self.assertEqual(advice.lines[0].recommended, advice.total)
        request = self.pool.request_refill("ACME", actor="lead")
        self.assertEqual((request.number, request.state, request.total),
                         (1, RefillState.PENDING, advice.total))
        self.assertEqual(request.lines, advice.lines)
        done = self.pool.decide_refill("ACME", 1, True,
                                       [(U1, "Fairphone 5"), (U2, "Fairphone 5")], actor="lead")
        self.assertEqual((done.state, done.received), (RefillState.APPROVED, 2))
        self.assertEqual(len(self.pool.units("ACME")), 2)
        with self.assertRaises(errors.StateError):
            self.pool.decide_refill("ACME", 1, False, actor="lead")
        second = self.pool.request_refill("ACME", actor="lead")
        declined = self.pool.decide_refill("ACME", second.number, False, actor="lead")
        self.assertEqual(declined.state.key, "declined")
        with self.assertRaises(errors.NotFound):
            self.pool.refill("ACME", 9)
        with self.assertRaises(errors.NotFound) as cm:
            self.pool.advise("NOBODY")
        self.assertIn("NOBODY", cm.exception.message)

    def test_a_bad_phone_in_a_refill_changes_nothing(self):
        request = self.pool.request_refill("ACME", actor="lead")
        with self.assertRaises(errors.InvalidArgument) as cm:
            self.pool.decide_refill("ACME", request.number, True,
                                    [(U1, "Fairphone 5"), ("123", "Fairphone 5")], actor="lead")
        self.assertIn("1", cm.exception.message)  # the phone's index
        self.assertEqual(self.pool.units("ACME"), [])
        self.assertEqual(self.pool.refill("ACME", request.number).state, RefillState.PENDING)

    def test_overdue_returns_are_flagged_once(self):
        self.pool.receive("ACME", U4, "Fairphone 5", actor="lead")
        cid = diagnosing_case(self.st, "ACME")
        self.pool.reserve(cid, actor="agent")
        order = self.pool.ship(cid, actor="agent")
        self.assertEqual(self.pool.overdue("ACME", actor="lead").flagged, 0)
        self.now = dt.datetime.combine(order.return_deadline + dt.timedelta(days=2),
                                       dt.time(12), STHLM)
        overdue = self.pool.overdue(actor="lead")
        self.assertEqual((overdue.flagged, [o.case_id for o in overdue.orders]), (1, [cid]))
        self.assertTrue(overdue.orders[0].overdue)
        again = self.pool.overdue("ACME", actor="lead")
        self.assertEqual((again.flagged, len(again.orders)), (0, 1))

    def test_erase_user_by_contact(self):
        cid = diagnosing_case(self.st, "ACME")
        self.assertEqual(self.pool.erase_user("ACME", "nobody@example.com", actor="dpo"), 0)
        with self.assertRaises(errors.InvalidArgument):
            self.pool.erase_user("ACME", "", actor="dpo")
        self.assertTrue(cid)


if __name__ == "__main__":
    unittest.main()
