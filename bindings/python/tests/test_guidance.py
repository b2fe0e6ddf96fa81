"""How-to guidance through the binding: the built-in guidance tree, sessions that end solved or
not solved, store.cases.guide() and the guidance a case carries (doc/guidance.md)."""
import datetime as dt
import unittest

import smartservice as ss
from smartservice import errors
from smartservice.enums import Feature, GuideResult, TreeKind

from _ops_support import USER, agreement

STHLM = dt.timezone(dt.timedelta(hours=1))


class GuidanceTests(unittest.TestCase):
    def setUp(self):
        self.ctx = ss.Context(clock=lambda: dt.datetime(2026, 10, 20, 10, 0, tzinfo=STHLM))
        self.st = ss.Store.memory(self.ctx)
        self.tree = ss.DiagnosisTree.guidance(self.ctx)

    def tearDown(self):
        self.ctx.close()

    def test_tree_and_session(self):
        self.assertEqual(self.tree.kind, TreeKind.GUIDANCE)
        self.assertEqual(ss.DiagnosisTree(self.ctx).kind, TreeKind.FAULTS)
        topics = self.tree.symptoms
        self.assertGreaterEqual(len(topics), 30)
        areas = {self.tree.topic_area(i) for i in range(len(topics))}
        self.assertEqual(areas, {Feature.PHONE_HELP, Feature.OS_HELP, Feature.SYNC})
        self.assertIn('kind="guidance"', ss.DiagnosisTree.guidance_xml())
        prof = ss.Catalog(self.ctx).find("PROF")
        s = ss.DiagnosisSession(self.tree, prof, "passcode")
        while not s.done:
            s.answer(s.answers[0])
        self.assertIn(s.guide_result, (GuideResult.SOLVED, GuideResult.NOT_SOLVED))
        self.assertEqual(s.guide_result.key, s.guide_result.name.lower().replace("_", "-"))

    def test_recorded_on_the_case(self):
        agreement(self.st, "ACME", tier="PROF")
        cid = self.st.cases.create("ACME", "Karin", USER, "iPhone 15", actor="agent")
        g = self.st.cases.guide(cid, self.tree, "mail-account:g-mail-account-1=yes",
                                actor="agent-2")
        self.assertEqual((g.topic, g.area, g.result, g.diagnose),
                         ("mail-account", Feature.SYNC, GuideResult.SOLVED, None))
        (again,) = self.st.cases.get(cid).guidance
        self.assertEqual(again, g)
        self.assertEqual(again.at, dt.datetime(2026, 10, 20, 9, 0, tzinfo=dt.timezone.utc))

    def test_refusals(self):
        agreement(self.st, "BYGG", tier="BAS")
        cid = self.st.cases.create("BYGG", "Olle", USER, "iPhone 15", actor="agent")
        with self.assertRaises(errors.NotEntitled) as cm:
            self.st.cases.guide(cid, self.tree, "mail-account:g-mail-account-1=yes",
                                actor="agent")
        self.assertIn("mail-account", cm.exception.message)
        with self.assertRaises(errors.InvalidArgument) as cm:
            self.st.cases.guide(cid, ss.DiagnosisTree(self.ctx), "screen:", actor="agent")
        self.assertIn("not a guidance tree", cm.exception.message)
        self.assertEqual(self.st.cases.get(cid).guidance, ())


if __name__ == "__main__":
    unittest.main()
