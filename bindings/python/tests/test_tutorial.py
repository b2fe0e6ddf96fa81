"""The Python twin of doc/tutorial.md (examples/tutorial.py) prints what the C tutorial prints:
the block under "What it prints" on that page."""
import os
import pathlib
import re
import subprocess
import sys
import unittest

HERE = pathlib.Path(__file__).resolve().parent
TUTORIAL_PY = HERE.parent / "examples" / "tutorial.py"
TUTORIAL_MD = pathlib.Path(os.environ.get("SMARTSERVICE_DOC", HERE.parents[2] / "doc")) / \
    "tutorial.md"


def expected_output():
    text = TUTORIAL_MD.read_text(encoding="utf-8")
    m = re.search(r"^## What it prints\n\n```\n(.*?)^```", text, flags=re.M | re.S)
    assert m, "doc/tutorial.md has no 'What it prints' block"
    return m.group(1)


class TutorialTwin(unittest.TestCase):
    @unittest.skipUnless(TUTORIAL_MD.exists(), "doc/tutorial.md is not beside the binding")
    def test_prints_what_the_c_tutorial_prints(self):
        run = subprocess.run([sys.executable, str(TUTORIAL_PY)], capture_output=True,
                             encoding="utf-8", env=dict(os.environ), timeout=120)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertEqual(run.stdout, expected_output())


if __name__ == "__main__":
    unittest.main()
