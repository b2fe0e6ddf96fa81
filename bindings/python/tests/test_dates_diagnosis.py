"""Dates and Stockholm time, calendar variants, diagnosis trees from files and memory, learned
check statistics, the context (clock, log, error text) and the money and IMEI helpers."""
import datetime as dt
import os
import tempfile
import unittest

import smartservice as ss
from smartservice import common, dates, diagnosis, errors
from smartservice.enums import (CaseState, DiagAction, DiagKind, Holiday, Lang, LogLevel,
                                Replacement)

UTC = dt.timezone.utc
STHLM = dt.timezone(dt.timedelta(hours=1))


class Dates(unittest.TestCase):
    def setUp(self):
        self.ctx = ss.Context()
        self.cal = ss.Calendar(self.ctx)

    def tearDown(self):
        self.ctx.close()

    def test_stockholm_time_and_formats(self):
        summer = dt.datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
        local = ss.to_stockholm(self.ctx, summer)
        self.assertEqual((local.date, local.time, local.utc_offset),
                         (dt.date(2026, 7, 1), dt.time(14, 0), 7200))
        self.assertEqual(ss.from_stockholm(self.ctx, dt.date(2026, 7, 1), dt.time(14, 0)), summer)
        self.assertEqual(dates.stockholm_offset(dt.datetime(2026, 1, 1, tzinfo=UTC)), 3600)
        self.assertEqual(ss.format_instant(0), "1970-01-01T01:00:00+01:00")
        self.assertEqual(ss.format_date(dt.date(2026, 1, 2)), "2026-01-02")
        self.assertEqual(ss.parse_date(self.ctx, "2026-02-28"), dt.date(2026, 2, 28))
        with self.assertRaises(errors.SmartServiceError):
            ss.parse_date(self.ctx, "2026-02-30")
        self.assertEqual(dates.weekday(dt.date(2026, 12, 4)), 5)
        self.assertEqual(dates.epoch_days(dt.date(1970, 1, 2)), 1)
        self.assertEqual(dates.from_epoch_days(365), dt.date(1971, 1, 1))
        self.assertTrue(dates.is_valid_date(dt.date(2024, 2, 29)))
        self.assertEqual(dates.parse_uint(self.ctx, "42"), 42)
        with self.assertRaises(errors.OutOfRange) as cm:
            dates.parse_uint(self.ctx, "300", 255)
        self.assertIn("300 is over 255", cm.exception.message)

    def test_delivery_variants(self):
        called = dt.datetime(2026, 12, 7, 13, 0, tzinfo=STHLM)  # a Monday, before 14:00
        self.assertEqual(self.cal.delivery(called), dt.date(2026, 12, 8))
        self.assertEqual(self.cal.delivery(called, cutoff=dt.time(12, 0)), dt.date(2026, 12, 9))
        self.assertEqual(self.cal.counts_on(called, cutoff=12 * 3600), dt.date(2026, 12, 8))
        shipped = dt.datetime(2026, 12, 8, 9, 0, tzinfo=STHLM)
        self.assertEqual(self.cal.delivery(called, shipped=shipped), dt.date(2026, 12, 9))
        self.assertEqual(self.cal.deliveries([called, shipped]),
                         [dt.date(2026, 12, 8), dt.date(2026, 12, 9)])
        self.assertEqual(self.cal.previous_working_day(dt.date(2026, 12, 28)),
                         dt.date(2026, 12, 23))
        self.assertEqual((self.cal.cutoff, self.cal.return_days), (dt.time(14, 0), 10))
        eve = ss.Calendar(self.ctx, open_eves=ss.enums.Eve.CHRISTMAS)
        self.assertTrue(eve.is_working_day(dt.date(2026, 12, 24)))
        self.assertNotIn(Holiday.CHRISTMAS_EVE, [h.holiday for h in eve.holidays(2026)])
        opened = ss.Calendar(self.ctx, opened=[dt.date(2026, 12, 24)])  # by agreement: listed
        christmas_eve = [h for h in opened.holidays(2026)
                         if h.holiday == Holiday.CHRISTMAS_EVE][0]
        self.assertTrue(christmas_eve.working and christmas_eve.holiday.eve)
        self.assertEqual(Holiday.GOOD_FRIDAY.display_name(Lang.SV), "Långfredagen")


class Diagnosis(unittest.TestCase):
    def setUp(self):
        self.ctx = ss.Context()
        self.tree = ss.DiagnosisTree(self.ctx)
        self.prof = ss.Catalog(self.ctx).find("PROF")
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.ctx.close()
        self.tmp.cleanup()

    def test_trees_from_file_and_memory(self):
        path = os.path.join(self.tmp.name, "tree.xml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(diagnosis.default_xml())
        from_file = ss.DiagnosisTree.from_file(self.ctx, path)
        self.assertEqual(from_file.fingerprint, self.tree.fingerprint)
        self.assertEqual(from_file.symptoms, self.tree.symptoms)
        self.assertGreater(self.tree.question_count + self.tree.check_count, 0)
        self.assertEqual(self.tree.symptom_labels()["screen"], "The screen is broken or black")
        self.assertEqual(self.tree.text("screen"), "The screen is broken or black")
        self.assertIsNone(self.tree.text("no-such-node"))
        self.assertIn(("screen", Lang.SV, self.tree.text("screen", Lang.SV)), self.tree.texts())
        with self.assertRaises(errors.ParseError) as cm:
            ss.DiagnosisTree.from_xml(self.ctx, "<tree/>")
        self.assertIn("the root element must be <diagnosis>", cm.exception.message)
        with self.assertRaises(errors.StorageError) as cm:
            ss.DiagnosisTree.from_file(self.ctx, os.path.join(self.tmp.name, "none.xml"))
        self.assertIn("cannot open", cm.exception.message)
        with self.assertRaises(errors.SmartServiceError):
            ss.DiagnosisTree.from_xml(self.ctx, diagnosis.default_xml(), max_nodes=5)

    def test_learned_statistics_order_the_checks(self):
        self.assertEqual(self.tree.check_probability("np-force-restart"), 0.25)
        stats = ss.DiagnosisStats(self.tree)
        stats.record("np-force-restart", True)
        stats.record("np-force-restart", False)
        self.assertEqual(stats.get("np-force-restart"), (2, 1))
        self.assertGreater(self.tree.check_probability("np-force-restart", stats), 0.25)
        with self.assertRaises(errors.NotFound) as cm:
            stats.record("nope", True)
        self.assertIn("no check 'nope'", cm.exception.message)
        with self.assertRaises(KeyError):
            self.tree.check_probability("nope")
        again = ss.DiagnosisStats(self.tree, stats.export())
        self.assertEqual(again.export(), "np-force-restart 2 1\n")
        with self.assertRaises(errors.ParseError) as cm:
            again.load("np-force-restart 1 5\n")
        self.assertIn("line 1", cm.exception.message)
        s = ss.DiagnosisSession(self.tree, self.prof, "no-power", stats=stats)
        self.assertEqual((s.symptom, s.is_check), ("no-power", False))
        self.assertEqual(s.answer_labels(), {"yes": "Yes", "no": "No"})
        s.answer("no")
        self.assertEqual(s.steps, [("np-liquid", "no")])
        self.assertTrue(s.is_check)
        s.answer("yes")  # the check fixed it
        self.assertEqual((s.outcome, s.action), (DiagKind.HANDLING_ERROR, DiagAction.GUIDANCE))
        self.assertEqual(s.outcome.case_outcome(), ss.CaseOutcome.HANDLING_ERROR)
        check = s.steps[-1][0]
        tried, fixed = again.get(check)
        again.record_session(s)
        self.assertEqual(again.get(check), (tried + 1, fixed + 1))

    def test_out_of_scope_names_the_missing_feature(self):
        bas = ss.Catalog(self.ctx).find("BAS")
        s = ss.DiagnosisSession(self.tree, bas, "sync")
        self.assertEqual((s.outcome, s.missing_feature), (DiagKind.OUT_OF_SCOPE, ss.Feature.SYNC))
        self.assertEqual(s.outcome_id, "out-of-scope:sync")


class ContextAndHelpers(unittest.TestCase):
    def test_clock_log_and_error_text(self):
        lines = []
        now = dt.datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
        ctx = ss.Context(clock=lambda: now, log=lambda level, msg: lines.append((level, msg)),
                         log_level="warn")
        self.assertEqual(ctx.now(), now)
        st = ss.Store.memory(ctx)
        with self.assertRaises(errors.NotFound) as cm:
            st.agreements.get("NOBODY")
        self.assertEqual(ctx.error_code, errors.ENOTFOUND)
        self.assertTrue(ctx.error_message.startswith("ssvc_agreement_load"))
        self.assertEqual(ctx.error_text, cm.exception.text)
        self.assertNotIn("ssvc_", cm.exception.text)
        self.assertTrue(lines and all(level >= LogLevel.WARN for level, _ in lines))
        self.assertIsNone(ctx.error_remedy)  # a missing agreement asks for nothing first
        with self.assertRaises(errors.NotFound) as cm:
            st.center.get()
        self.assertEqual(ctx.error_remedy, "ssvc_center_set")
        self.assertEqual(cm.exception.remedy, "ssvc_center_set")
        self.assertTrue(cm.exception.text.endswith("; set it first"))
        ctx.clear_error()
        self.assertEqual((ctx.error_code, ctx.error_text, ctx.error_remedy), (0, "", None))
        ctx.close()

    def test_enum_keys(self):
        self.assertEqual(CaseState.SWAP_REQUESTED.key, "swap-requested")
        self.assertIs(CaseState.from_key("swap-requested"), CaseState.SWAP_REQUESTED)
        self.assertEqual(Replacement.from_key("loan"), Replacement.LOAN)
        self.assertEqual(Lang.from_key("sv"), Lang.SV)
        self.assertEqual(LogLevel.ERROR.key, "error")
        self.assertEqual(ss.Feature.from_key("swap-activation"), ss.Feature.SWAP_ACTIVATION)
        with self.assertRaises(errors.UnknownName):
            ss.Feature.from_key("teleport")
        self.assertEqual(ss.enums.DiagReminder.BACKUP.key, "backup")

    def test_version(self):
        self.assertEqual(ss.version_info(), (ss.constants.VERSION_MAJOR,
                                             ss.constants.VERSION_MINOR,
                                             ss.constants.VERSION_PATCH))
        self.assertEqual(ss.version(), ss.constants.VERSION_STRING)

    def test_money_and_imei(self):
        self.assertEqual(common.format_money(-123456), "-1234.56 SEK")
        self.assertEqual(common.format_money(1900, None), "19.00")
        self.assertEqual(common.imei_complete("49015420323751"), "490154203237518")
        self.assertTrue(common.imei_valid("490154203237518"))
        self.assertFalse(common.imei_valid("490154203237519"))
        self.assertEqual(common.luhn_check_digit("4901542032375"), 1)
        self.assertTrue(common.luhn_valid("79927398713"))
        with self.assertRaises(ValueError):
            common.imei_complete("123")


if __name__ == "__main__":
    unittest.main()
