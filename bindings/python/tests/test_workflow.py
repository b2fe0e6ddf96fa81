"""The Python twin of doc/workflow.md (examples/workflow.py) keeps every rule it shows: it runs to
"workflow ok" and exits 0 (a broken rule exits non-zero, naming it)."""
import os
import pathlib
import subprocess
import sys
import unittest

from smartservice.agreements import Agreements

HERE = pathlib.Path(__file__).resolve().parent
WORKFLOW_PY = HERE.parent / "examples" / "workflow.py"


class WorkflowTwin(unittest.TestCase):
    @unittest.skipUnless(hasattr(Agreements, "create"),
                         "store.agreements and store.cases are not in this binding yet")
    def test_runs_the_workflow(self):
        run = subprocess.run([sys.executable, str(WORKFLOW_PY)], capture_output=True,
                             encoding="utf-8", env=dict(os.environ), timeout=120)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertTrue(run.stdout.endswith("workflow ok\n"), run.stdout)
        self.assertIn("delivery promised 2026-12-08", run.stdout)


if __name__ == "__main__":
    unittest.main()
