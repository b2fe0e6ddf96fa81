"""Delivery dates, diagnosis sessions and cases on SQLite through the binding."""
import datetime as dt
import os
import tempfile
import unittest

import smartservice as ss
from smartservice import errors

STHLM = dt.timezone(dt.timedelta(hours=1))  # CET: November and December


class CalendarTests(unittest.TestCase):
    def setUp(self):
        self.ctx = ss.Context()
        self.cal = ss.Calendar(self.ctx)

    def tearDown(self):
        self.ctx.close()

    def test_delivery_rule_r7(self):
        before = dt.datetime(2026, 12, 23, 13, 59, 59, tzinfo=STHLM)
        at_cutoff = dt.datetime(2026, 12, 23, 14, 0, 0, tzinfo=STHLM)
        self.assertEqual(self.cal.delivery(before), dt.date(2026, 12, 28))  # past julafton
        self.assertEqual(self.cal.counts_on(at_cutoff), dt.date(2026, 12, 28))
        self.assertEqual(self.cal.delivery(at_cutoff), dt.date(2026, 12, 29))
        self.assertEqual(self.cal.delivery(ss.parse_instant(self.ctx, "2026-11-24T11:30")),
                         dt.date(2026, 11, 25))

    def test_naive_datetimes_are_refused(self):
        with self.assertRaises(ValueError):
            self.cal.delivery(dt.datetime(2026, 12, 23, 10, 0))

    def test_working_days_and_holidays(self):
        self.assertFalse(self.cal.is_working_day(dt.date(2026, 6, 19)))  # midsommarafton
        self.assertEqual(self.cal.next_working_day(dt.date(2026, 12, 31)), dt.date(2027, 1, 4))
        self.assertEqual(self.cal.add_working_days(dt.date(2026, 12, 28), -1),
                         dt.date(2026, 12, 23))
        self.assertEqual(self.cal.count_working_days(dt.date(2026, 12, 1), dt.date(2027, 1, 1)),
                         20)  # 23 weekdays less julafton, juldagen and nyårsafton
        names = dict(self.cal.holidays(2026))
        self.assertEqual(names[dt.date(2026, 4, 3)], "Långfredagen")
        with self.assertRaises(errors.OutOfRange):
            self.cal.holidays(2200)

    def test_agreement_days_and_cutoff(self):
        strike = dt.date(2026, 11, 25)
        cal = ss.Calendar(self.ctx, cutoff=dt.time(12, 0), closed=[strike])
        noon = dt.datetime(2026, 11, 24, 12, 30, tzinfo=STHLM)
        self.assertEqual(cal.delivery(noon), dt.date(2026, 11, 27))
        with self.assertRaises(errors.InvalidArgument):
            ss.Calendar(self.ctx, return_days=5000)

    def test_parse_errors_name_the_column(self):
        with self.assertRaises(errors.ParseError) as cm:
            ss.parse_instant(self.ctx, "2026-11-24T25:00")
        self.assertIn("column", cm.exception.message)


class DiagnosisAndCases(unittest.TestCase):
    def setUp(self):
        self.ctx = ss.Context()
        self.cat = ss.Catalog(self.ctx)
        self.tree = ss.DiagnosisTree(self.ctx)
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.ctx.close()
        self.tmp.cleanup()

    def test_session_outcomes_and_tier_gating(self):
        self.assertIn("screen", self.tree.symptoms)
        s = ss.DiagnosisSession(self.tree, self.cat.find("PROF"), "screen")
        self.assertEqual(s.question, "sc-cracked")
        self.assertEqual(s.answers, ["yes", "no"])
        s.answer("yes")
        s.back()
        s.answer("yes")
        s.answer("yes")
        self.assertTrue(s.done)
        self.assertEqual((s.outcome, s.action), ("definite-fault", "swap-or-loan"))
        with self.assertRaises(errors.NotFound) as cm:
            ss.DiagnosisSession(self.tree, self.cat.find("PROF"), "network").answer("maybe")
        self.assertIn("'maybe' is not an answer", cm.exception.message)
        bas = ss.DiagnosisSession(self.tree, self.cat.find("BAS"), "sync")
        self.assertEqual(bas.outcome, "out-of-scope")
        resumed = ss.DiagnosisSession(self.tree, self.cat.find("BAS"), transcript=s.transcript)
        self.assertEqual(resumed.action, "workshop")  # BAS has no SWAP activation

    def test_case_on_sqlite_from_call_to_swap(self):
        path = os.path.join(self.tmp.name, "cases.db")
        store = ss.Store.sqlite(self.ctx, path)
        prof = self.cat.find("PROF")
        store.create_agreement("KONSULT", "Konsult AB", "PROF", 40, "lead")  # the case's root
        store.swap_receive("KONSULT", "356938030000013", "iPhone 15", "lead")
        cid = store.create_case("KONSULT", "Erik Sjö", "353918112233511", "iPhone 15",
                                actor="agent-1", symptom="screen")
        self.assertRegex(cid, r"^SC-\d{4}-\d{6}$")
        c = store.case(cid)
        self.assertEqual((c["tier"], c["features"]), ("PROF", prof.features))  # the agreement's
        store.transition(cid, "diagnosing", "agent-1")
        s = ss.DiagnosisSession(self.tree, prof, "screen")
        for a in ("yes", "yes"):
            s.answer(a)
        store.set_diagnosis(cid, s, "agent-1")
        with self.assertRaises(errors.StateError) as cm:  # the swap belongs to the pool
            store.transition(cid, "swap-requested", "agent-1")
        self.assertIn("reserve a phone with 'smartservice swap reserve'", cm.exception.message)
        self.assertEqual(store.swap_reserve(cid, "agent-1")["state"], "reserved")
        with self.assertRaises(errors.StateError) as cm:
            store.transition(cid, "closed", "agent-1")
        self.assertIn("swap-requested", cm.exception.message)
        store.close()
        again = ss.Store.sqlite(self.ctx, path)  # durable
        c = again.case(cid)
        self.assertEqual((c["state"], c["outcome"]), ("swap-requested", "definite-fault"))
        self.assertEqual(c["transcript"], "screen:sc-cracked=yes,sc-usable=yes")
        self.assertEqual(again.swap_order(cid)["imei"], "356938030000013")
        self.assertEqual(again.cases_of("KONSULT"), [cid])
        with self.assertRaises(errors.InvalidArgument) as cm:
            again.create_case("KONSULT", "X", "353918112233510", "iPhone 15", prof, "agent-1")
        self.assertIn("imei", cm.exception.message.lower())
        with self.assertRaises(errors.NotFound):
            again.case("SC-2026-999999")


class AgreementIsTheRoot(unittest.TestCase):
    """A case needs its customer's agreement, takes its tier from it and keeps its promise."""
    IMEI = "490154203237518"

    def setUp(self):
        self.now = dt.datetime(2026, 12, 7, 14, 5, tzinfo=STHLM)  # Monday, after the cut-off
        self.ctx = ss.Context(clock=lambda: self.now)
        self.cat = ss.Catalog(self.ctx)
        self.st = ss.Store.memory(self.ctx)

    def tearDown(self):
        self.ctx.close()

    def test_no_agreement_no_case(self):
        with self.assertRaises(errors.NotFound) as cm:
            self.st.create_case("BYG", "Bo", self.IMEI, "Fairphone 5", actor="agent")
        self.assertIn("spec->customer_id: customer 'BYG' has no agreement",
                      cm.exception.message)
        self.assertEqual(self.st.cases_of("BYG"), [])
        with self.assertRaises(TypeError):
            self.st.create_case("BYG", "Bo", self.IMEI, "Fairphone 5")  # no actor

    def test_tier_from_the_agreement_and_a_contradicting_one(self):
        self.st.create_agreement("BYG", "Bygg AB", "BAS", 10, "lead")
        for tier in ("PROF", self.cat.find("PROF")):
            with self.assertRaises(errors.InvalidArgument) as cm:
                self.st.create_case("BYG", "Bo", self.IMEI, "Fairphone 5", tier, "agent")
            self.assertIn("'PROF' contradicts the agreement of customer 'BYG', which is on "
                          "tier BAS", cm.exception.message)
        self.assertEqual(self.st.cases_of("BYG"), [])
        cid = self.st.create_case("BYG", "Bo", self.IMEI, "Fairphone 5", self.cat.find("BAS"),
                                  "agent")
        c = self.st.case(cid)
        self.assertEqual((c["tier"], c["features"]), ("BAS", self.cat.find("BAS").features))
        self.assertNotIn(ss.Feature.SWAP_ACTIVATION, c["features"])

    def test_second_open_case_for_an_imei_only_when_asked(self):
        self.st.create_agreement("BYG", "Bygg AB", "BAS", 10, "lead")
        first = self.st.create_case("BYG", "Bo", self.IMEI, "Fairphone 5", actor="agent")
        with self.assertRaises(errors.AlreadyExists) as cm:
            self.st.create_case("BYG", "Bo", self.IMEI, "Fairphone 5", actor="agent")
        self.assertIn("already has the open case %s" % first, cm.exception.message)
        self.assertEqual(self.st.cases_of("BYG"), [first])
        second = self.st.create_case("BYG", "Bo", self.IMEI, "Fairphone 5", actor="agent",
                                     second_open=True)
        self.assertEqual(self.st.cases_of("BYG"), [first, second])

    def test_the_promise_is_the_registrations(self):
        # Registered at 13:58 (before the 14:00 cut-off), back-filled with `at`; reserved and
        # shipped at 14:05: delivered on Tuesday as promised, not on Wednesday.
        self.st.create_agreement("ACME", "ACME AB", "PROF", 40, "lead")
        self.st.swap_receive("ACME", "356938030000013", "Fairphone 5", "lead")
        called = dt.datetime(2026, 12, 7, 13, 58, tzinfo=STHLM)
        cid = self.st.create_case("ACME", "Anna", self.IMEI, "Fairphone 5", actor="agent",
                                  at=called)
        c = self.st.case(cid)
        self.assertEqual(c["registered_at"], called)
        self.assertEqual(c["promised_delivery"], dt.date(2026, 12, 8))
        late = self.st.create_case("ACME", "Per", "356938030000021", "Fairphone 5",
                                   actor="agent")  # at 14:05, by the context's clock
        self.assertEqual(self.st.case(late)["promised_delivery"], dt.date(2026, 12, 9))
        self.st.transition(cid, "diagnosing", "agent")
        self.assertEqual(self.st.swap_reserve(cid, "agent")["promised"], dt.date(2026, 12, 8))
        order = self.st.swap_ship(cid, "agent")
        self.assertEqual((order["delivery"], order["late_days"]), (dt.date(2026, 12, 8), 0))

if __name__ == "__main__":
    unittest.main()
