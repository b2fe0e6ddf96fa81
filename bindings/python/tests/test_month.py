"""The month through the binding: invoices exactly once, XML round trip, the quality report."""
import datetime as dt
import decimal
import os
import tempfile
import unittest

import smartservice as ss
from smartservice import errors

STHLM = dt.timezone(dt.timedelta(hours=1))
SELLER = {"name": "Smartservice Support Center AB", "org_number": "556677-8899",
          "vat_number": "SE556677889901", "city": "Stockholm"}
BUYER = {"name": "Kund AB", "org_number": "556036-0793", "vat_number": "SE556036079301",
         "city": "Solna"}
UNIT = "356938030000013"
USER = "490154203237518"


class MonthTests(unittest.TestCase):
    def setUp(self):
        self.now = dt.datetime(2026, 10, 20, 10, 0, tzinfo=STHLM)
        self.ctx = ss.Context(clock=lambda: self.now)
        self.cat = ss.Catalog(self.ctx)
        self.st = ss.Store.memory(self.ctx)
        self.tmp = tempfile.TemporaryDirectory()
        self.st.agreements.create("ACME", "ACME AB", "PROF", 400, actor="lead", buyer=BUYER,
                                  buyer_reference="Inköp")
        self.st.swap.receive("ACME", UNIT, "Fairphone 5", actor="lead")
        self.cid = self.st.cases.create("ACME", "Anna", USER, "Fairphone 5",
                                        tier=self.cat.find("PROF"), actor="agent",
                                        symptom="screen")
        self.st.cases.transition(self.cid, "diagnosing", actor="agent")
        self.st.cases.set_diagnosis(self.cid, "definite-fault", actor="agent")
        self.st.swap.reserve(self.cid, actor="agent")
        self.st.swap.ship(self.cid, actor="agent")  # an October shipment

    def tearDown(self):
        self.ctx.close()
        self.tmp.cleanup()

    def test_invoices_exactly_once_with_freight_in_arrears(self):
        self.now = dt.datetime(2026, 11, 30, 17, 0, tzinfo=STHLM)
        service, direct = self.st.invoices.run(self.cat, "ACME", 2026, 11, SELLER)
        self.assertIsNone(direct)
        t = service.totals
        fee = 1560000  # öre
        self.assertGreater(t.tax_exclusive_minor, fee)  # the fee, October's freight, packaging
        self.assertEqual(t.payable_minor, t.tax_exclusive_minor + t.tax_minor)
        self.assertEqual(t.tax_minor, (t.tax_exclusive_minor * decimal.Decimal("0.25")).quantize(
            decimal.Decimal("1"), rounding=decimal.ROUND_HALF_UP))
        self.assertIn(b"urn:fdc:peppol.eu:2017:poacc:billing:3.0", service.ubl())
        self.assertIn("Frakt", service.text(ss.Lang.SV))
        again, _ = self.st.invoices.run(self.cat, "ACME", 2026, 11, SELLER)
        self.assertEqual(again.number, service.number)
        december, _ = self.st.invoices.run(self.cat, "ACME", 2026, 12, SELLER)
        self.assertEqual(december.totals.tax_exclusive_minor, fee)  # no charge twice
        self.assertNotEqual(december.number, service.number)
        with self.assertRaises(errors.NotFound):
            self.st.invoices.run(self.cat, "NOBODY", 2026, 11, SELLER)

    def test_vat_rent_and_account_charges(self):
        # A rented stock (PROF: a stock needs SWAP administration), 12% VAT, a backup phone bought
        # in October and a credit recorded in November (so it waits for December).
        self.st.agreements.create("RENT", "Rent AB", "PROF", 10, actor="lead", vat=1200,
                                  swap_rent_minor=4900, buyer=BUYER, order_reference="Avtal 9")
        self.st.swap.receive("RENT", "356938030000021", "Fairphone 5", actor="lead")
        n = self.st.charges.record("RENT", "backup-phone", 199000, dt.date(2026, 10, 20),
                                   actor="lead", text_sv="Reservtelefon")
        self.assertEqual(n, 0)
        with self.assertRaises(ValueError):
            self.st.charges.record("RENT", "nonsense", 1, dt.date(2026, 10, 20), actor="lead")
        with self.assertRaises(errors.NotFound):
            self.st.charges.record("NOBODY", "backup-phone", 1, dt.date(2026, 10, 20),
                                   actor="lead")
        self.now = dt.datetime(2026, 11, 2, 9, 0, tzinfo=STHLM)
        self.st.charges.record("RENT", ss.enums.ChargeKind.BACKUP_PHONE, 199000,
                               dt.date(2026, 11, 2), actor="lead", quantity=-1)
        service, direct = self.st.invoices.run(self.cat, "RENT", 2026, 11, SELLER)
        self.assertIsNone(direct)
        # 10 PROF users x 39.00, one rented phone x 49.00, the backup phone 1990.00
        net = 39000 + 4900 + 199000
        self.assertEqual(service.totals.tax_exclusive_minor, net)
        self.assertEqual(service.totals.tax_minor, (net * decimal.Decimal("0.12")).quantize(
            decimal.Decimal("1"), rounding=decimal.ROUND_HALF_UP))
        self.assertIn("SWAP phone, rental, 2026-11", service.text(ss.Lang.EN))
        charges = self.st.charges.list("RENT")
        self.assertEqual([c.invoiced for c in charges], [True, False])
        self.assertEqual(charges[1].quantity, -1)
        self.assertEqual(charges[0].text_sv, "Reservtelefon")
        self.assertEqual(charges[0].kind, ss.enums.ChargeKind.BACKUP_PHONE)

    def test_xml_round_trip_and_duplicates(self):
        path = os.path.join(self.tmp.name, "cases.xml")
        self.assertEqual(self.st.interchange.export_file(path), 1)
        other = ss.Store.memory(self.ctx)
        first = other.interchange.import_file(path, validate=True)
        self.assertEqual(first.imported, 1)
        self.assertEqual(first.agreements_imported, 1)  # the agreement comes along
        self.assertEqual(other.cases.get(self.cid).state, ss.enums.CaseState.SHIPPED)
        with self.assertRaises(errors.AlreadyExists):
            other.interchange.import_file(path)
        skipped = other.interchange.import_file(path, on_duplicate="skip")
        self.assertEqual((skipped.skipped, skipped.agreements_skipped), (1, 1))
        path2 = os.path.join(self.tmp.name, "again.xml")
        other.interchange.export_file(path2)
        with open(path, "rb") as a, open(path2, "rb") as b:
            self.assertEqual(a.read(), b.read())

    def test_report_without_personal_data(self):
        report = self.st.reports.new("ACME", dt.date(2026, 10, 1), dt.date(2026, 10, 31))
        self.assertEqual(report.case_count, 1)
        for fmt in ("html", "xml", "csv"):
            path = os.path.join(self.tmp.name, "report." + fmt)
            report.write(path, fmt)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            self.assertNotIn("Anna", text)
            self.assertNotIn(USER, text)
        with open(os.path.join(self.tmp.name, "report.html"), encoding="utf-8") as f:
            self.assertIn("<svg", f.read())


if __name__ == "__main__":
    unittest.main()
