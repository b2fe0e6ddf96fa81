"""Delivery dates, diagnosis sessions and cases on SQLite through the binding."""
import datetime as dt
import os
import tempfile
import unittest

import smartservice as ss
from smartservice import errors
from smartservice.enums import CaseOutcome, CaseState

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
        names = {h.date: h.name for h in self.cal.holidays(2026, lang=ss.Lang.SV)}
        self.assertEqual(names[dt.date(2026, 4, 3)], "Långfredagen")
        good_friday = [h for h in self.cal.holidays(2026) if h.date == dt.date(2026, 4, 3)][0]
        self.assertEqual((good_friday.holiday, good_friday.name, good_friday.working),
                         (ss.enums.Holiday.GOOD_FRIDAY, "Good Friday", False))  # the context's
        sv = ss.Context(lang=ss.Lang.SV)
        self.assertEqual(ss.Calendar(sv).holidays(2026)[0].name, "Nyårsdagen")
        sv.close()
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
        self.assertEqual((s.outcome, s.action), (ss.enums.DiagKind.DEFINITE_FAULT,
                                                 ss.enums.DiagAction.SWAP_OR_LOAN))
        with self.assertRaises(errors.NotFound) as cm:
            ss.DiagnosisSession(self.tree, self.cat.find("PROF"), "network").answer("maybe")
        self.assertIn("'maybe' is not an answer", cm.exception.message)
        bas = ss.DiagnosisSession(self.tree, self.cat.find("BAS"), "sync")
        self.assertEqual(bas.outcome.key, "out-of-scope")
        resumed = ss.DiagnosisSession(self.tree, self.cat.find("BAS"), transcript=s.transcript)
        self.assertEqual(resumed.action, ss.enums.DiagAction.WORKSHOP)  # BAS has no SWAP activation

    def test_case_on_sqlite_from_call_to_swap(self):
        path = os.path.join(self.tmp.name, "cases.db")
        store = ss.Store.sqlite(self.ctx, path)
        prof = self.cat.find("PROF")
        store.agreements.create("KONSULT", "Konsult AB", "PROF", 40, actor="lead")  # the case's root
        store.swap.receive("KONSULT", "356938030000013", "iPhone 15", actor="lead")
        cid = store.cases.create("KONSULT", "Erik Sjö", "353918112233511", "iPhone 15",
                                 actor="agent-1", symptom="screen")
        self.assertRegex(cid, r"^SC-\d{4}-\d{6}$")
        c = store.cases.get(cid)
        self.assertEqual((c.tier, c.features), ("PROF", prof.features))  # the agreement's
        store.cases.transition(cid, "diagnosing", actor="agent-1")
        s = ss.DiagnosisSession(self.tree, prof, "screen")
        for a in ("yes", "yes"):
            s.answer(a)
        store.cases.diagnose(cid, s, actor="agent-1", apply=False)
        with self.assertRaises(errors.StateError) as cm:  # the swap belongs to the pool
            store.cases.transition(cid, "swap-requested", actor="agent-1")
        self.assertIn("reserve a phone for it from the SWAP stock", cm.exception.message)
        self.assertEqual(store.swap.reserve(cid, actor="agent-1").state.key, "reserved")
        with self.assertRaises(errors.StateError) as cm:
            store.cases.transition(cid, "closed", actor="agent-1")
        self.assertIn("swap-requested", cm.exception.message)
        store.close()
        again = ss.Store.sqlite(self.ctx, path)  # durable
        c = again.cases.get(cid)
        self.assertEqual((c.state, c.outcome), (CaseState.SWAP_REQUESTED,
                                                CaseOutcome.DEFINITE_FAULT))
        self.assertEqual(c.transcript, "screen:sc-cracked=yes,sc-usable=yes")
        self.assertEqual(again.swap.order(cid).imei, "356938030000013")
        self.assertEqual(again.cases.of_customer("KONSULT"), [cid])
        with self.assertRaises(errors.InvalidArgument) as cm:
            again.cases.create("KONSULT", "X", "353918112233510", "iPhone 15", tier=prof,
                               actor="agent-1")
        self.assertIn("imei", cm.exception.message.lower())
        with self.assertRaises(errors.NotFound):
            again.cases.get("SC-2026-999999")


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
            self.st.cases.create("BYG", "Bo", self.IMEI, "Fairphone 5", actor="agent")
        self.assertIn("spec->customer_id: customer 'BYG' has no agreement",
                      cm.exception.message)
        self.assertEqual(self.st.cases.of_customer("BYG"), [])
        with self.assertRaises(TypeError):
            self.st.cases.create("BYG", "Bo", self.IMEI, "Fairphone 5")  # no actor

    def test_tier_from_the_agreement_and_a_contradicting_one(self):
        self.st.agreements.create("BYG", "Bygg AB", "BAS", 10, actor="lead")
        for tier in ("PROF", self.cat.find("PROF")):
            with self.assertRaises(errors.InvalidArgument) as cm:
                self.st.cases.create("BYG", "Bo", self.IMEI, "Fairphone 5", tier=tier,
                                     actor="agent")
            self.assertIn("'PROF' contradicts the agreement of customer 'BYG', which is on "
                          "tier BAS", cm.exception.message)
        self.assertEqual(self.st.cases.of_customer("BYG"), [])
        cid = self.st.cases.create("BYG", "Bo", self.IMEI, "Fairphone 5",
                                   tier=self.cat.find("BAS"), actor="agent")
        c = self.st.cases.get(cid)
        self.assertEqual((c.tier, c.features), ("BAS", self.cat.find("BAS").features))
        self.assertNotIn(ss.Feature.SWAP_ACTIVATION, c.features)

    def test_second_open_case_for_an_imei_only_when_asked(self):
        self.st.agreements.create("BYG", "Bygg AB", "BAS", 10, actor="lead")
        first = self.st.cases.create("BYG", "Bo", self.IMEI, "Fairphone 5", actor="agent")
        with self.assertRaises(errors.AlreadyExists) as cm:
            self.st.cases.create("BYG", "Bo", self.IMEI, "Fairphone 5", actor="agent")
        self.assertIn("already has the open case %s" % first, cm.exception.message)
        self.assertEqual(self.st.cases.of_customer("BYG"), [first])
        second = self.st.cases.create("BYG", "Bo", self.IMEI, "Fairphone 5", actor="agent",
                                      second_open=True)
        self.assertEqual(self.st.cases.of_customer("BYG"), [first, second])

    def test_the_promise_is_the_registrations(self):
        # Registered at 13:58 (before the 14:00 cut-off), back-filled with `at`; reserved and
        # shipped at 14:05: delivered on Tuesday as promised, not on Wednesday.
        self.st.agreements.create("ACME", "ACME AB", "PROF", 40, actor="lead")
        self.st.swap.receive("ACME", "356938030000013", "Fairphone 5", actor="lead")
        called = dt.datetime(2026, 12, 7, 13, 58, tzinfo=STHLM)
        cid = self.st.cases.create("ACME", "Anna", self.IMEI, "Fairphone 5", actor="agent",
                                   at=called)
        c = self.st.cases.get(cid)
        self.assertEqual(c.registered_at, called)
        self.assertEqual(c.promised_delivery, dt.date(2026, 12, 8))
        late = self.st.cases.create("ACME", "Per", "356938030000021", "Fairphone 5",
                                    actor="agent")  # at 14:05, by the context's clock
        self.assertEqual(self.st.cases.get(late).promised_delivery, dt.date(2026, 12, 9))
        self.st.cases.transition(cid, "diagnosing", actor="agent")
        self.assertEqual(self.st.swap.reserve(cid, actor="agent").promised, dt.date(2026, 12, 8))
        order = self.st.swap.ship(cid, actor="agent")
        self.assertEqual((order.delivery, order.late_days), (dt.date(2026, 12, 8), 0))

if __name__ == "__main__":
    unittest.main()
