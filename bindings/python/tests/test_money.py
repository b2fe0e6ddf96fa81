"""store.prices, price lists, store.charges and store.invoices: dated prices, a price list loaded
once for many runs, hand-made invoices, credit notes, parties and OCR references."""
import datetime as dt
import os
import tempfile
import unittest

import smartservice as ss
from smartservice import errors
from smartservice.enums import ChargeKind
from smartservice.invoices import Invoice, ocr_reference, ocr_valid
from smartservice.prices import PriceList

from _ops_support import BUYER, SELLER, U1, agreement, diagnosing_case

STHLM = dt.timezone(dt.timedelta(hours=1))


class MoneyTests(unittest.TestCase):
    def setUp(self):
        self.now = dt.datetime(2026, 10, 20, 10, 0, tzinfo=STHLM)
        self.ctx = ss.Context(clock=lambda: self.now, lang=ss.Lang.SV)
        self.cat = ss.Catalog(self.ctx)
        self.st = ss.Store.memory(self.ctx)
        agreement(self.st, "ACME", fleet=10)

    def tearDown(self):
        self.ctx.close()

    def test_stored_prices_and_overrides(self):
        prices = self.st.prices
        prices.set("monthly-fee", dt.date(2026, 1, 1), 4500, tier="PROF", actor="lead")
        prices.set(ChargeKind.FREIGHT, dt.date(2026, 1, 1), 12000, actor="lead")
        prices.set("monthly-fee", dt.date(2026, 6, 1), 4000, tier="PROF", customer_id="ACME",
                   actor="lead")
        listed = prices.list()
        self.assertEqual([(p.kind, p.tier, p.amount_minor) for p in listed],
                         [(ChargeKind.MONTHLY_FEE, "PROF", 4500), (ChargeKind.FREIGHT, None, 12000)])
        self.assertEqual(listed[0].valid_from, dt.date(2026, 1, 1))
        self.assertEqual([p.customer_id for p in prices.list("ACME")], ["ACME"])
        pl = prices.load(self.cat)
        self.assertIsInstance(pl, PriceList)
        self.assertEqual(pl.lookup("PROF", dt.date(2026, 3, 1)), 4500)
        self.assertEqual(pl.lookup("PROF", dt.date(2026, 7, 1), agreement="ACME"), 4000)
        self.assertEqual(pl.shipment("freight", dt.date(2026, 7, 1)), 12000)
        prices.remove("freight", dt.date(2026, 1, 1))
        with self.assertRaises(errors.NotFound):
            prices.remove("freight", dt.date(2026, 1, 1))
        with self.assertRaises(errors.InvalidArgument) as cm:
            prices.set("freight", dt.date(2026, 1, 1), -5, actor="lead")
        self.assertIn("amount_minor", cm.exception.message)
        with self.assertRaises(errors.NotFound):
            prices.set("monthly-fee", dt.date(2026, 1, 1), 1, tier="PROF", customer_id="NOBODY",
                       actor="lead")

    def test_a_price_list_by_hand_and_a_month_on_hand_made_invoices(self):
        pl = PriceList(self.ctx, self.cat)
        pl.add_price("PROF", dt.date(2026, 1, 1), 5000)
        pl.add_override("ACME", "PROF", dt.date(2026, 1, 1), 4000)
        pl.add_shipment("packaging", dt.date(2026, 1, 1), 2500)
        self.assertEqual(pl.lookup("PROF", dt.date(2026, 5, 5)), 5000)
        self.assertEqual(pl.shipment(ChargeKind.PACKAGING, dt.date(2026, 5, 5)), 2500)
        self.assertEqual(pl.fee("ACME", "PROF", 2026, 11, 10), 40000)
        with self.assertRaises(errors.InvalidArgument):
            pl.add_shipment("repair", dt.date(2026, 1, 1), 1)
        parties = dict(seller=SELLER, buyer=BUYER, issue_date=dt.date(2026, 12, 1),
                       due_date=dt.date(2026, 12, 31), period_start=dt.date(2026, 11, 1),
                       period_end=dt.date(2026, 11, 30))
        service = Invoice.new(self.ctx, "T-1", **parties)
        direct = Invoice.new(self.ctx, "T-2", direct=True, **parties)
        pl.month(service, direct, "ACME", "PROF", 2026, 11, 10, shipments=1,
                 charges=[dict(kind="repair", unit_price_minor=90000, date=dt.date(2026, 11, 3),
                               text_sv="Reparation")])
        self.assertEqual([line.kind for line in direct.lines()], [ChargeKind.REPAIR])
        self.assertTrue(direct.direct)
        kinds = [line.kind for line in service.lines()]
        self.assertEqual(kinds[0], ChargeKind.MONTHLY_FEE)
        self.assertIn(ChargeKind.PACKAGING, kinds)
        service.add_line("backup-phone", 1, 199000, text_sv="Reservtelefon")
        self.assertEqual(service.lines()[-1].unit_price_minor, 199000)
        self.assertEqual(service.totals.lines, len(kinds) + 1)
        with self.assertRaises(errors.InvalidArgument):
            Invoice.new(self.ctx, "", **parties)

    def test_run_with_one_price_list_then_credit(self):
        self.st.swap.receive("ACME", U1, "Fairphone 5", actor="lead")
        cid = diagnosing_case(self.st, "ACME")
        self.st.swap.reserve(cid, actor="agent")
        self.st.swap.ship(cid, actor="agent")
        self.now = dt.datetime(2026, 12, 1, 9, 0, tzinfo=STHLM)
        pl = self.st.prices.load(self.cat)
        service, direct = self.st.invoices.run(pl, "ACME", 2026, 11, SELLER, due_days=20)
        december, _ = self.st.invoices.run(pl, "ACME", 2026, 12, SELLER)
        self.assertIsNone(direct)
        self.assertIn("Frakt", service.text())  # the context's language: Swedish
        self.assertIn("Freight", service.text(ss.Lang.EN))
        self.assertTrue(ocr_valid(service.ocr))
        self.assertEqual(ocr_reference("INV-2026-000001"), "202600000121")
        self.assertFalse(ocr_valid("12345"))
        self.assertIsNone(ocr_reference("no digits"))
        listed = self.st.invoices.list("ACME")
        self.assertEqual([(e.number, e.month, e.direct) for e in listed],
                         [(service.number, 11, False), (december.number, 12, False)])
        loaded = self.st.invoices.load(service.number)
        self.assertEqual(loaded.totals, service.totals)
        self.assertEqual(len(loaded.lines()), service.totals.lines)
        note = self.st.invoices.credit(service.number, "Fel pris", lines=[1])
        self.assertTrue(note.credit_note)
        self.assertEqual(note.credited, service.number)
        self.assertIsNone(service.credited)
        self.assertIn(b"CreditNote", note.ubl())
        self.assertEqual([(c.number, c.invoice_number) for c in
                          self.st.invoices.credit_notes("ACME")], [(note.number, service.number)])
        with self.assertRaises(errors.StateError) as cm:
            self.st.invoices.credit(service.number, "again", lines=[1])
        self.assertIn(note.number, cm.exception.message)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "invoice.xml")
            service.ubl_file(path)
            with open(path, "rb") as f:
                self.assertEqual(f.read(), service.ubl())
        with self.assertRaises(errors.NotFound):
            self.st.invoices.load("INV-1999-000001")
        # a catalogue instead of a price list loads the stored prices for the one run
        again, _ = self.st.invoices.run(self.cat, "ACME", 2026, 11, SELLER)
        self.assertEqual(again.number, service.number)

    def test_parties_are_checked(self):
        self.st.invoices.check_party(SELLER)
        with self.assertRaises(errors.InvalidArgument) as cm:
            self.st.invoices.check_party(dict(SELLER, org_number="556000-0000"))
        self.assertIn("org_number", cm.exception.message)
        with self.assertRaises(TypeError):
            self.st.invoices.check_party(dict(SELLER, town="Solna"))


if __name__ == "__main__":
    unittest.main()
