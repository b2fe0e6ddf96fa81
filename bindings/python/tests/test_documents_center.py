"""store.notes (the service note and return label as HTML and PDF) and store.center (the Support
Center's identity)."""
import os
import tempfile
import unittest

import smartservice as ss
from smartservice import errors, notes
from smartservice._native import docs
from smartservice.enums import CaseState, DiagReminder, DocKind, NoteWord

CENTER = {"name": "Smartservice Support Center AB", "org_number": "556677-8899",
          "vat_number": "SE556677889901", "street": "Servicevägen 2", "postal_code": "11122",
          "city": "Stockholm", "bankgiro": "5050-1055", "f_skatt": True}
WORKSHOP = {"name": "Verkstan AB", "street": "Gatan 1", "postal_code": "11122",
            "city": "Stockholm"}


class NotesAndCenter(unittest.TestCase):
    def setUp(self):
        self.ctx = ss.Context()
        self.st = ss.Store.memory(self.ctx)
        self.st.agreements.create("ACME", "ACME AB", "PROF", 40, actor="lead")
        self.cid = self.st.cases.create("ACME", "Anna", "490154203237518", "Fairphone 5",
                                        actor="agent", symptom="cracked")
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.ctx.close()
        self.tmp.cleanup()

    def test_center_identity(self):
        with self.assertRaises(errors.NotFound) as cm:
            self.st.center.get()
        self.assertIn("no Support Center identity is set", cm.exception.message)
        with self.assertRaises(errors.InvalidArgument) as cm:
            self.st.center.set(dict(CENTER, org_number="556677-8890"), actor="lead")
        self.assertIn("center->org_number", cm.exception.message)
        self.st.center.set(CENTER, actor="lead")
        c = self.st.center.get()
        self.assertEqual((c.party["name"], c.party["bankgiro"], c.party["f_skatt"], c.set_by),
                         (CENTER["name"], "5050-1055", True, "lead"))

    def test_note_needs_a_phone_sent_in_and_a_return_address(self):
        with self.assertRaises(errors.StateError) as cm:
            self.st.notes.get(self.cid, WORKSHOP)
        self.assertIn("a service note is for a phone sent in", cm.exception.message)
        self.st.cases.transition(self.cid, "referred", actor="agent")
        with self.assertRaises(errors.InvalidArgument) as cm:
            self.st.notes.get(self.cid)
        self.assertIn("options->return_to: not given", cm.exception.message)
        self.st.center.set(CENTER, actor="lead")
        n = self.st.notes.get(self.cid)  # the Support Center's address
        self.assertEqual((n.case_id, n.state, n.return_to["city"], n.symptom),
                         (self.cid, CaseState.REFERRED, "Stockholm", "cracked"))
        self.assertIn(DiagReminder.REMOVE_SIM, n.todo)
        n = self.st.notes.get(self.cid, WORKSHOP)
        self.assertEqual(n.return_to["name"], "Verkstan AB")
        html = self.st.notes.html(n, DocKind.LABEL, ss.Lang.SV)
        self.assertIn('<html lang="sv">', html)
        self.assertIn("Returetikett", html)
        self.assertIn('lang="en"', self.st.notes.html(n))  # the context's language
        path = os.path.join(self.tmp.name, "note.html")
        self.st.notes.write_html(n, path, "note")
        with open(path, encoding="utf-8") as f:
            self.assertIn(self.cid, f.read())
        with self.assertRaises(errors.UnknownName):
            self.st.notes.html(n, "poster")

    @unittest.skipIf(docs is None, "libsmartservice-docs is not built (no cairo)")
    def test_pdf(self):
        self.st.cases.transition(self.cid, "referred", actor="agent")
        n = self.st.notes.get(self.cid, WORKSHOP)
        self.assertTrue(self.st.notes.pdf(n).startswith(b"%PDF-"))
        path = os.path.join(self.tmp.name, "label.pdf")
        self.st.notes.write_pdf(n, path, DocKind.LABEL, ss.Lang.SV)
        self.assertGreater(os.path.getsize(path), 1000)

    def test_words_and_barcode(self):
        self.assertEqual(notes.word(NoteWord.TITLE, ss.Lang.SV), "Servicesedel")
        self.assertEqual(NoteWord.TITLE.text(), "Service note")
        self.assertEqual(notes.outcome_text(ss.CaseOutcome.DEFINITE_FAULT), "Definite fault")
        modules = notes.code128("SC-2026-000001")
        self.assertEqual(len(modules), 11 * (14 + 3) + 2)
        self.assertEqual(set(modules), {0, 1})
        with self.assertRaises(ValueError):
            notes.code128("Å")


if __name__ == "__main__":
    unittest.main()
