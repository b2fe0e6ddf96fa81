"""A Python program outside the source tree, for the install test: it imports smartservice from
an installed prefix and works through an agreement, a case and its promised delivery date on a
SQLite file, with no environment variable pointing at the library.

usage: python3 workflow.py SITE_DIR DB_FILE
SITE_DIR is where `cmake --install` put the package (on sys.path, as /usr/local's is for Debian's
python3); the program checks that the library came from the same prefix.
"""
import datetime
import os
import sys

sys.path.insert(0, sys.argv[1])
import smartservice as ss  # noqa: E402
from smartservice import _native  # noqa: E402

prefix = os.path.realpath(os.path.join(sys.argv[1], "..", "..", ".."))
if not os.path.realpath(_native.lib._name).startswith(prefix + os.sep):
    sys.exit("workflow: libsmartservice came from %s, not from %s" % (_native.lib._name, prefix))
ctx = ss.Context()
store = ss.Store.sqlite(ctx, sys.argv[2])
store.agreements.create("KONSULT", "Konsult AB", "PROF", 40, actor="lead")
case_id = store.cases.create("KONSULT", "Erik Sjö", "353918112233511", "iPhone 15",
                             actor="agent-1", symptom="screen")
case = store.cases.get(case_id)
promised = case.promised_delivery
assert case.tier == "PROF" and isinstance(promised, datetime.date), case
store.close()
ctx.close()
print("workflow ok: %s, tier %s, delivery promised %s (library %s)"
      % (case_id, case.tier, promised.isoformat(), os.path.basename(_native.lib._name)))
