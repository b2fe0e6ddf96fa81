"""store.agreements: create with every term, read back, update (now and from a date), list, the
agreement's calendar, custom tiers, and the errors."""
import datetime as dt
import decimal
import unittest

import smartservice as ss
from smartservice import errors
from smartservice.enums import (AgreementEventKind, Feature, RepairedTo, Replacement,
                                RosterPolicy)

STHLM = dt.timezone(dt.timedelta(hours=1))
BUYER = {"name": "Kund AB", "org_number": "556036-0793", "vat_number": "SE556036079301",
         "street": "Vägen 1", "postal_code": "17000", "city": "Solna"}


class AgreementsArea(unittest.TestCase):
    def setUp(self):
        self.now = dt.datetime(2026, 11, 14, 10, 0, tzinfo=STHLM)
        self.ctx = ss.Context(clock=lambda: self.now)
        self.st = ss.Store.memory(self.ctx)

    def tearDown(self):
        self.ctx.close()

    def test_every_term_reads_back(self):
        strike = dt.date(2026, 11, 25)
        self.st.agreements.create(
            "ACME", "ACME AB", "PROF", 40, actor="lead", replacement=Replacement.LOAN,
            repaired_to="user", swap_share=decimal.Decimal("0.10"), cutoff=dt.time(12, 0),
            return_days=5, closed_days=[strike], user_price_minor=3500, freight_minor=9900,
            replacement_value_minor=300000,
            models=[ss.ModelTerms("Fairphone 5", 450000, 2), "iPhone 15"], vat=1200,
            swap_rent_minor=4900, retention_months=24, buyer=BUYER, buyer_reference="Inköp",
            payment_days=20, roster_policy=RosterPolicy.FLAG, model_min_users=3, models_max=2)
        a = self.st.agreements.get("ACME")
        self.assertEqual((a.tier, a.fleet, a.replacement, a.repaired_to),
                         ("PROF", 0, Replacement.LOAN, RepairedTo.USER))  # a roster: its count
        self.assertEqual((a.swap_share_basis_points, a.cutoff_seconds, a.return_days),
                         (1000, 12 * 3600, 5))
        self.assertEqual(a.closed_days, (strike,))
        self.assertEqual((a.user_price_minor, a.freight_minor, a.packaging_minor),
                         (3500, 9900, None))
        self.assertEqual(a.models, (ss.ModelTerms("Fairphone 5", 450000, 2),
                                    ss.ModelTerms("iPhone 15", None, 0)))
        self.assertEqual((a.vat_basis_points, a.swap_rent_minor, a.retention_months),
                         (1200, 4900, 24))
        self.assertEqual((a.buyer["name"], a.buyer_reference, a.payment_days),
                         ("Kund AB", "Inköp", 20))
        self.assertEqual((a.roster_policy, a.model_min_users, a.models_max),
                         (RosterPolicy.FLAG, 3, 2))
        self.assertEqual((a.version, a.features, a.shipment_cost_minor),
                         (1, ss.Catalog(self.ctx).find("PROF").features, 9900 + 2500))
        self.assertEqual(a.events[0].kind, AgreementEventKind.CREATED)
        self.assertEqual(self.st.agreements.replacement_value("ACME", "Fairphone 5"), 450000)
        self.assertEqual(self.st.agreements.replacement_value("ACME", "Nokia 3310"), 300000)
        cal = self.st.agreements.calendar("ACME")
        self.assertEqual((cal.cutoff, cal.return_days), (dt.time(12, 0), 5))
        self.assertFalse(cal.is_working_day(strike))

    def test_defaults_and_a_custom_tier(self):
        school = ss.CustomTier("SKOLA", "Skolans avtal", "School plan",
                               Feature.DIAGNOSIS | Feature.REGISTRATION, 1900)
        self.st.agreements.create("SKOLA", "Skolan", school, 100, actor="lead")
        self.st.agreements.create("BYG", "Bygg AB", "BAS", 10, actor="lead")
        a = self.st.agreements.get("SKOLA")
        self.assertEqual((a.tier, a.custom_tier.code, a.custom_tier.price_minor, a.features),
                         ("SKOLA", "SKOLA", 1900, Feature.DIAGNOSIS | Feature.REGISTRATION))
        b = self.st.agreements.get("BYG")
        self.assertEqual((b.replacement, b.vat_basis_points, b.swap_share_basis_points,
                          b.user_price_minor, b.roster_policy, b.buyer, b.custom_tier),
                         (Replacement.SWAP, 2500, 800, None, RosterPolicy.NONE, None, None))
        self.assertEqual(self.st.agreements.list(), ["BYG", "SKOLA"])
        self.assertIn("BYG", self.st.agreements)
        cid = self.st.cases.create("SKOLA", "Elev", "490154203237518", "Fairphone 5",
                                   actor="agent")
        self.assertEqual(self.st.cases.get(cid).tier, "SKOLA")

    def test_update_now_from_a_date_and_conflicts(self):
        self.st.agreements.create("ACME", "ACME AB", "PROF", 40, actor="lead")
        a = self.st.agreements.update("ACME", actor="lead", fleet=50, closed_days=[
            dt.date(2026, 12, 28)])
        self.assertEqual((a.fleet, a.version, a.closed_days), (50, 2, (dt.date(2026, 12, 28),)))
        self.assertEqual((a.events[-1].kind, a.events[-1].actor),
                         (AgreementEventKind.UPDATED, "lead"))
        self.assertIn("fleet", a.events[-1].note)
        with self.assertRaises(errors.Conflict) as cm:
            self.st.agreements.update("ACME", actor="lead", expected_version=1, fleet=60)
        self.assertIn("changed since it was loaded", cm.exception.message)
        agreed = dt.datetime(2026, 11, 16, tzinfo=STHLM)
        a = self.st.agreements.update("ACME", actor="lead", expected_version=2, fleet=60,
                                      effective_at=agreed)
        self.assertEqual(a.fleet, 60)
        self.assertIn("(from ", a.events[-1].note)
        with self.assertRaises(errors.InvalidArgument) as cm:
            self.st.agreements.update("ACME", actor="lead", fleet=70,
                                      effective_at=dt.datetime(2026, 11, 10, tzinfo=STHLM))
        self.assertIn("effective_at", cm.exception.message)
        self.assertEqual(self.st.agreements.get("ACME").fleet, 60)  # nothing changed
        with self.assertRaises(TypeError):
            self.st.agreements.update("ACME", actor="lead", flet=1)

    def test_errors_name_the_field(self):
        with self.assertRaises(errors.NotFound) as cm:
            self.st.agreements.get("NOBODY")
        self.assertIn("NOBODY", cm.exception.message)
        with self.assertRaises(errors.InvalidArgument) as cm:
            self.st.agreements.create("ACME", "ACME AB", "PROF", 40, actor="lead", vat=1000)
        self.assertIn("vat_basis_points", cm.exception.message)
        with self.assertRaises(errors.UnknownName) as cm:
            self.st.agreements.create("ACME", "ACME AB", "PROF", 40, actor="lead",
                                      roster_policy="sometimes")
        self.assertIn("unknown roster policy 'sometimes'", cm.exception.message)
        with self.assertRaises(TypeError):
            self.st.agreements.create("ACME", "ACME AB", "PROF", 40, actor="lead", colour=1)
        self.assertEqual(self.st.agreements.list(), [])


if __name__ == "__main__":
    unittest.main()
