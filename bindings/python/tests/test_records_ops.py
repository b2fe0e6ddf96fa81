"""store.reports, store.roster, store.backup_phones, store.changes, store.interchange and
store.storage through the binding."""
import ctypes
import datetime as dt
import os
import tempfile
import unittest

import smartservice as ss
from smartservice import errors, storage
from smartservice import _native_ops
from smartservice.enums import (BackupState, BackupTerms, ChangeKind, ChangeOp, ChargeKind,
                                ReportFormat, RosterCoverage)
from smartservice.results import ReportTargets, RosterEntry

import test_declarations as decl
from _ops_support import U1, U2, U3, USER, agreement, diagnosing_case

STHLM = dt.timezone(dt.timedelta(hours=1))


class OpsTests(unittest.TestCase):
    def setUp(self):
        self.now = dt.datetime(2026, 10, 20, 10, 0, tzinfo=STHLM)
        self.ctx = ss.Context(clock=lambda: self.now)
        self.st = ss.Store.memory(self.ctx)
        agreement(self.st, "ACME", fleet=10)
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.ctx.close()
        self.tmp.cleanup()

    def test_report_targets_figures_and_formats(self):
        diagnosing_case(self.st, "ACME")
        reports = self.st.reports
        self.assertEqual(reports.targets("ACME"), ReportTargets())
        reports.set_targets("ACME", ReportTargets(on_time_bp=9500, unreturned_max=2),
                            actor="lead")
        self.assertEqual(reports.targets("ACME"), ReportTargets(9500, None, 2))
        with self.assertRaises(errors.InvalidArgument) as cm:
            reports.set_targets("ACME", ReportTargets(on_time_bp=12000), actor="lead")
        self.assertIn("on_time_bp", cm.exception.message)
        report = reports.new("ACME", dt.date(2026, 10, 1), dt.date(2026, 10, 31),
                             lang=ss.Lang.SV)
        f = report.figures
        self.assertEqual((f.customer_name, f.start, f.end), ("ACME AB", dt.date(2026, 10, 1),
                                                             dt.date(2026, 10, 31)))
        self.assertEqual(f.period.cases, 1)
        self.assertEqual(f.targets.on_time_bp, 9500)
        self.assertEqual((f.howto_calls, f.howto_solved), ((0, 0, 0), (0, 0, 0)))  # version 2
        seen = []
        reports.new("ACME", dt.date(2026, 10, 1), dt.date(2026, 10, 31),
                    progress=lambda n, done, total: seen.append((n, done, total)))
        self.assertEqual(seen[-1][1], seen[-1][2])  # the last call: done == total
        self.assertGreaterEqual(seen[-1][0], 1)
        with self.assertRaises(errors.SmartServiceError):  # a true return stops it
            reports.new("ACME", dt.date(2026, 10, 1), dt.date(2026, 10, 31),
                        progress=lambda n, done, total: True)
        csv = report.render("csv")
        self.assertNotIn(USER.encode(), csv)
        path = os.path.join(self.tmp.name, "r.xml")
        report.write(path, ReportFormat.XML)
        with open(path, "rb") as fh:
            self.assertEqual(fh.read(), report.render(ReportFormat.XML))
        self.assertIn(b"<svg", report.render())
        with self.assertRaises(errors.UnknownName):
            report.render("pdf")

    def test_roster(self):
        roster = self.st.roster
        roster.add("ACME", RosterEntry(U1, "Anna Berg", email="anna@acme.se", model="Fairphone 5",
                                       purchased=dt.date(2025, 1, 2)), actor="lead")
        self.assertEqual(roster.find("ACME", "anna@acme.se").user_name, "Anna Berg")
        roster.update("ACME", RosterEntry(U1, "Anna Berg", phone="0701234567"), actor="lead")
        self.assertEqual(roster.find("ACME", U1).phone, "+46701234567")  # normalized
        with self.assertRaises(errors.AlreadyExists):
            roster.add("ACME", RosterEntry(U1, "X"), actor="lead")
        with self.assertRaises(errors.NotFound) as cm:
            roster.find("ACME", "bo@acme.se")
        self.assertIn("is not on the roster of 'ACME'", cm.exception.message)
        result = roster.import_csv("ACME", "imei,name,model\n%s,Bo,iPhone 15\n%s,Cai,iPhone 15\n"
                                   % (U2, U3), actor="lead", source="assets.csv", dry_run=True)
        self.assertEqual((result.rows, result.added), (2, 2))
        self.assertEqual(roster.count("ACME"), 1)
        roster.import_csv("ACME", "imei,name,model\n%s,Bo,iPhone 15\n%s,Cai,iPhone 15\n"
                          % (U2, U3), actor="lead")
        self.assertEqual([e.imei for e in roster.list("ACME")], [U1, U2, U3])
        with self.assertRaises(errors.InvalidArgument) as cm:
            roster.import_csv("ACME", b"imei,name\n123,Dag\n", actor="lead", source="bad.csv")
        self.assertIn("bad.csv:2", cm.exception.message)
        self.assertIn(U2.encode(), roster.export_csv("ACME"))
        advice = roster.models_advice("ACME")
        self.assertEqual((advice.fleet_models, advice.fleet_phones), (1, 2))  # U1 has no model now
        self.assertIn("iPhone 15", [line.model for line in advice.lines])
        self.assertTrue(advice.text)
        self.assertNotEqual(roster.models_advice("ACME", lang=ss.Lang.SV).text, advice.text)
        roster.remove("ACME", U3, actor="lead")
        self.assertEqual(roster.count("ACME"), 2)
        cid = diagnosing_case(self.st, "ACME")
        self.assertIn(roster.coverage(cid), set(RosterCoverage))
        self.assertEqual(RosterCoverage.NOT_COVERED.key, "not-covered")

    def test_backup_phones(self):
        phones = self.st.backup_phones
        bought = phones.add("ACME", U1, "Fairphone 5", "bought", price_minor=199000,
                            actor="lead")
        self.assertEqual((bought.terms, bought.state, bought.user),
                         (BackupTerms.BOUGHT, BackupState.AT_SITE, None))
        self.assertEqual(self.st.charges.list("ACME")[0].kind, ChargeKind.BACKUP_PHONE)
        phones.add("ACME", U2, "Fairphone 5", BackupTerms.RENTED, actor="lead")
        out = phones.hand_out("ACME", U1, "Anna", actor="agent")
        self.assertEqual((out.state.key, out.user), ("handed-out", "Anna"))
        with self.assertRaises(errors.StateError):
            phones.hand_out("ACME", U1, "Bo", actor="agent")
        self.assertEqual(phones.return_("ACME", U1, actor="agent").state, BackupState.AT_SITE)
        removed = phones.remove("ACME", U2, actor="lead")
        self.assertEqual(removed.state, BackupState.REMOVED)
        self.assertIsNotNone(removed.removed_at)
        self.assertEqual([p.imei for p in phones.list("ACME")], [U1, U2])
        with self.assertRaises(errors.InvalidArgument):
            phones.add("ACME", U3, "Fairphone 5", "rented", price_minor=100, actor="lead")
        with self.assertRaises(errors.UnknownName):
            phones.add("ACME", U3, "Fairphone 5", "borrowed", actor="lead")

    def test_change_feed(self):
        changes = self.st.changes
        first = changes.last()
        self.assertEqual([c.kind for c in changes.read()][:1], [ChangeKind.AGREEMENT])
        cid = diagnosing_case(self.st, "ACME")
        after = changes.read(first)
        self.assertEqual({(c.kind, c.op, c.id) for c in after}, {(ChangeKind.CASE, ChangeOp.PUT,
                                                                   cid)})
        self.assertEqual([c.position for c in after], list(range(first + 1, changes.last() + 1)))
        self.assertEqual(after[0].instant.tzinfo, dt.timezone.utc)
        self.assertEqual(len(changes.read(0, limit=1)), 1)
        self.assertEqual([c.position for c in changes.follow(0)],
                         list(range(1, changes.last() + 1)))
        self.assertEqual(changes.prune(first + 1), first)
        self.assertEqual(changes.read()[0].position, first + 1)
        self.assertEqual(ChangeKind.BACKUP_PHONE.key, "backup-phone")

    def test_interchange_in_memory(self):
        cid = diagnosing_case(self.st, "ACME")
        xml = self.st.interchange.export_bytes(customer_id="ACME", start=dt.date(2026, 10, 1))
        self.assertIn(cid.encode(), xml)
        self.assertNotIn(cid.encode(), self.st.interchange.export_bytes(
            customer_id="ACME", end=dt.date(2026, 9, 30)))
        other = ss.Store.memory(self.ctx)
        r = other.interchange.import_bytes(xml, name="acme.xml", validate=True)
        self.assertEqual((r.imported, r.agreements_imported, r.bad), (1, 1, 0))
        r = other.interchange.import_bytes(xml, on_duplicate="replace")
        self.assertEqual(r.replaced, 1)
        with self.assertRaises(errors.SmartServiceError) as cm:
            other.interchange.import_bytes(b"<cases", name="broken.xml")
        self.assertIn("broken.xml", cm.exception.message)

    def test_transactions_instants_check_scrub(self):
        store = self.st.storage
        with self.assertRaises(RuntimeError):
            with store.transaction():
                self.st.swap.receive("ACME", U1, "Fairphone 5", actor="lead")
                raise RuntimeError("give up")
        self.assertEqual(self.st.swap.units("ACME"), [])
        with store.transaction():
            self.st.swap.receive("ACME", U1, "Fairphone 5", actor="lead")
            with self.assertRaises(errors.StateError):
                store.scrub()
        self.assertEqual(len(self.st.swap.units("ACME")), 1)
        back = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.timezone.utc)
        store.set_instant(back)
        self.assertEqual(self.st.swap.receive("ACME", U2, "Fairphone 5", actor="lead"), None)
        self.assertEqual(self.st.swap.unit("ACME", U2).received_at, back)
        store.set_instant(None)
        self.assertEqual(store.check(), [])
        store.scrub()


@unittest.skipIf(storage.sqlite is None, "libsmartservice-sqlite not built")
class SqliteTests(unittest.TestCase):
    def test_options_and_backup(self):
        with tempfile.TemporaryDirectory() as tmp, ss.Context() as ctx:
            path = os.path.join(tmp, "s.db")
            with self.assertRaises(errors.NotFound):
                ss.Store.sqlite(ctx, path, must_exist=True)
            st = ss.Store.sqlite(ctx, path, sync=ss.SqliteSync.NORMAL, busy_timeout_ms=500)
            agreement(st, "ACME")
            st.close()
            storage.sqlite_backup(ctx, path, os.path.join(tmp, "copy.db"))
            with self.assertRaises(errors.AlreadyExists):
                storage.sqlite_backup(ctx, path, os.path.join(tmp, "copy.db"))
            ro = ss.Store.sqlite(ctx, os.path.join(tmp, "copy.db"), read_only=True)
            self.assertEqual(ro.changes.last(), st_last(ro))
            with self.assertRaises(errors.SmartServiceError):
                ro.swap.receive("ACME", U1, "Fairphone 5", actor="lead")
            self.assertEqual(ss.SqliteSync.NORMAL.key, "normal")
            self.assertEqual(ss.SqliteSync.from_key("full", ctx), ss.SqliteSync.FULL)
            with self.assertRaises(errors.UnknownName):
                ss.Store.sqlite(ctx, path, sync="sometimes")


def st_last(store):
    return store.changes.read()[-1].position


class BackendDeclarationsTests(unittest.TestCase):
    def test_sqlite_and_pg_functions_match_the_headers(self):
        decls = decl.declarations()
        for table in (_native_ops.SQLITE_OPS_FUNCTIONS, _native_ops.PG_FUNCTIONS):
            for name, (restype, argtypes) in table.items():
                with self.subTest(function=name):
                    ret, params = decls[name]
                    self.assertIs(restype, decl.ctype_of(ret))
                    self.assertEqual([decl.ctype_of(c) for c in params], list(argtypes))

    def test_layouts_passed_by_address(self):
        # struct ssvc_backup_phone and ssvc_report_figures: sizes as the library's own
        # zeroing init writes them (a shorter Python structure would be overrun)
        for cls, init, version in (
                (_native_ops.BackupPhone, ss._native.lib.ssvc_backup_phone_init,
                 ss.constants.BACKUP_PHONE_VERSION),
                (_native_ops.ReportFigures, ss._native.lib.ssvc_report_figures_init,
                 ss.constants.REPORT_FIGURES_VERSION),
                (_native_ops.RepairOrder, ss._native.lib.ssvc_repair_order_init,
                 ss.constants.REPAIR_ORDER_VERSION),
                (_native_ops.WorkshopFigures, ss._native.lib.ssvc_workshop_figures_init,
                 ss.constants.WORKSHOP_FIGURES_VERSION)):
            with self.subTest(struct=cls.__name__):
                buf = (ctypes.c_ubyte * (ctypes.sizeof(cls) + 64))(*([0xAB] *
                                                                     (ctypes.sizeof(cls) + 64)))
                self.assertEqual(init(ctypes.addressof(buf), version), 0)
                self.assertEqual(list(buf[ctypes.sizeof(cls):]), [0xAB] * 64)
                self.assertEqual(buf[ctypes.sizeof(cls) - 1], 0)

    @unittest.skipIf(storage.pg is None, "libsmartservice-pg not built")
    def test_pg_uri(self):
        self.assertTrue(storage.is_postgresql("postgresql://localhost/ssvc"))
        self.assertFalse(storage.is_postgresql("cases.db"))


if __name__ == "__main__":
    unittest.main()
