"""store.stock_orders (stock change orders) through the binding."""
import datetime as dt
import unittest

import smartservice as ss
from smartservice import errors
from smartservice.enums import ChargeKind, RefillState, StockDisposal, StockLineKind
from smartservice.results import StockLine

from _ops_support import U1, U2, U3, agreement

STHLM = dt.timezone(dt.timedelta(hours=1))


class StockOrderTests(unittest.TestCase):
    def setUp(self):
        self.now = dt.datetime(2026, 10, 20, 10, 0, tzinfo=STHLM)
        self.ctx = ss.Context(clock=lambda: self.now)
        self.st = ss.Store.memory(self.ctx)
        agreement(self.st, "ACME", fleet=10)
        for imei in (U1, U2):
            self.st.swap.receive("ACME", imei, "iPhone 15", actor="lead")

    def tearDown(self):
        self.ctx.close()

    def test_approved_order_changes_the_stock_and_is_charged(self):
        so = self.st.stock_orders
        lines = [StockLine(StockLineKind.ADD, imei=U3, model="Galaxy S24"),
                 StockLine(StockLineKind.REMOVE, imei=U1, disposal="to-customer"),
                 StockLine(StockLineKind.TARGET, model="Galaxy S24", target=2)]
        o = so.new("ACME", lines, 150000, actor="agent")
        self.assertEqual((o.number, o.state, o.adds, o.removes, o.targets),
                         (1, RefillState.PENDING, 1, 1, 1))
        self.assertEqual(o.lines[1].disposal, StockDisposal.TO_CUSTOMER)
        self.assertEqual(o.lines[2], StockLine(StockLineKind.TARGET, model="Galaxy S24",
                                               target=2))
        with self.assertRaises(errors.NotFound):
            self.st.swap.unit("ACME", U3)  # nothing changes before the answer
        o = so.decide("ACME", 1, True, actor="ACME AB")
        self.assertEqual(o.state, RefillState.APPROVED)
        self.assertIsNotNone(o.decided_at)
        self.assertEqual(self.st.swap.unit("ACME", U3).state.key, "available")
        self.assertNotEqual(self.st.swap.unit("ACME", U1).state.key, "available")
        kinds = [c.kind for c in self.st.charges.list("ACME")]
        self.assertIn(ChargeKind.STOCK_CHANGE, kinds)
        self.assertEqual([x.number for x in so.list("ACME")], [1])
        with self.assertRaises(errors.StateError):
            so.decide("ACME", 1, False, actor="ACME AB")

    def test_refusals_change_nothing(self):
        so = self.st.stock_orders
        with self.assertRaises(errors.InvalidArgument) as cm:
            so.new("ACME", [StockLine(StockLineKind.ADD, imei="12345", model="X")], 0,
                   actor="agent")
        self.assertIn("12345", cm.exception.message)
        with self.assertRaises(errors.UnknownName):
            so.new("ACME", [StockLine(StockLineKind.REMOVE, imei=U2, disposal="lost")], 0,
                   actor="agent")
        self.assertEqual(so.list("ACME"), [])
        with self.assertRaises(errors.NotFound):
            so.get("ACME", 7)


if __name__ == "__main__":
    unittest.main()
