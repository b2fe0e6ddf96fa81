#!/usr/bin/env python3
"""Lost output is never a success (doc/cli.md "Output"): each command of a FAMILY runs with its
standard output on /dev/full (a full disk) and must exit 1 with "cannot write the standard
output" on standard error; a change the command made is stored all the same (its
output follows the commit), which the next command checks on a readable output.

    cli_lost_output.py --cli SMARTSERVICE --tests EXPECTED_DIR FAMILY

Exit status: 0 when every command held, 1 when one did not, 77 (skipped) without /dev/full.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

NOW = "1791000000"  # 2026-10-03
IMEI = "490154203237518"
STOCK = "356938030000013"

# Commands run with a readable output to set the database up, per family.
SETUP = {
    "stateless": [],
    "agreement": [],
    "case": [["agreement", "new", "--customer", "ACME", "--name", "ACME AB", "--tier", "PROF",
              "--fleet", "400"]],
}
SETUP["swap"] = SETUP["case"] + [
    ["case", "new", "--customer", "ACME", "--name", "U", "--imei", IMEI, "--model", "Fairphone 5",
     "--tier", "PROF"],
    ["case", "event", "SC-2026-000001", "--to", "diagnosing"]]
SETUP["charge"] = SETUP["case"]
SETUP["invoice"] = SETUP["swap"] + [
    ["center", "set", "--name", "Smartservice Support Center AB", "--org-number", "556677-8899",
     "--vat-number", "SE556677889901", "--f-skatt", "--bankgiro", "123-4566"],
    ["agreement", "set", "ACME", "--buyer-name", "ACME AB", "--buyer-org-number", "556036-0793",
     "--buyer-vat-number", "SE556036079301", "--buyer-reference", "Inköp"],
    ["swap", "receive", "--customer", "ACME", "--imei", STOCK, "--model", "Fairphone 5"],
    ["swap", "reserve", "SC-2026-000001"], ["swap", "ship", "SC-2026-000001"]]
SETUP["xml"] = SETUP["swap"]
SETUP["erase"] = SETUP["swap"]

# (command on /dev/full, command that shows the change was stored or None, what it must print)
LOST = {
    "stateless": [(["version"], None, None), (["tiers"], None, None),
                  (["calendar", "2026"], None, None), (["swap-size", "--fleet", "400"], None, None),
                  (["delivery", "--at", "2026-03-02T09:00:00Z"], None, None),
                  (["help"], None, None)],
    "agreement": [(["agreement", "new", "--customer", "ACME", "--name", "ACME AB", "--tier",
                    "PROF", "--fleet", "400"], ["agreement", "list"], "ACME"),
                  (["agreement", "set", "ACME", "--fleet", "420"], ["agreement", "show", "ACME"],
                   "420"),
                  (["agreement", "show", "ACME"], None, None), (["agreement", "list"], None, None)],
    "case": [(["case", "new", "--customer", "ACME", "--name", "U", "--imei", IMEI, "--model",
               "Fairphone 5", "--tier", "PROF"], ["case", "list"], "SC-2026-000001"),
             (["case", "event", "SC-2026-000001", "--to", "diagnosing"],
              ["case", "show", "SC-2026-000001"], "diagnosing"),
             (["case", "show", "SC-2026-000001"], None, None),
             (["case", "show", "SC-2026-000001", "--json"], None, None),
             (["case", "list"], None, None)],
    "swap": [(["swap", "receive", "--customer", "ACME", "--imei", STOCK, "--model",
               "Fairphone 5"], ["swap", "list", "--customer", "ACME"], STOCK),
             (["swap", "reserve", "SC-2026-000001"], ["swap", "order", "SC-2026-000001"],
              "reserved"),
             (["swap", "ship", "SC-2026-000001"], ["swap", "order", "SC-2026-000001"], "shipped"),
             (["swap", "list", "--customer", "ACME"], None, None),
             (["swap", "order", "SC-2026-000001"], None, None),
             (["swap", "advise", "--customer", "ACME"], None, None)],
    "charge": [(["charge", "add", "--customer", "ACME", "--kind", "backup-phone", "--price",
                 "1990"], ["charge", "list", "--customer", "ACME"], "backup-phone"),
               (["charge", "list", "--customer", "ACME"], None, None)],
    "invoice": [(["invoice", "--customer", "ACME", "--month", "2026-10"],
                 ["invoice", "--customer", "ACME", "--month", "2026-10"], "ACME"),
                (["invoice", "--customer", "ACME", "--month", "2026-10", "--format", "ubl"],
                 None, None),
                (["invoice-preview", "--tier", "PROF", "--users", "10", "--month", "2026-03",
                  "--customer", "ACME"], None, None)],
    "xml": [(["export", "-"], None, None), (["export", "x.xml"], None, None),
            (["report", "--customer", "ACME", "--from", "2026-01-01", "--to", "2026-12-31",
              "--format", "csv"], None, None)],
    "erase": [(["erase", "--customer", "ACME", "--imei", IMEI],
               ["case", "show", "SC-2026-000001"], "(erased)")],
}


# Commands whose report goes to standard error, run with it on /dev/full: exit 1 all the same.
LOST_STDERR = {"xml": [["export", "-"]]}


def run(cli, db, words, stdout, stderr=subprocess.PIPE):
    env = dict(os.environ, SSVC_NOW=NOW)
    return subprocess.run([cli, "--db", db] + words, stdout=stdout, stderr=stderr,
                          env=env, cwd=os.path.dirname(db), timeout=120)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("family", choices=sorted(LOST))
    args = ap.parse_args()
    args.cli = os.path.abspath(args.cli)
    if not os.access("/dev/full", os.W_OK):
        print("no writable /dev/full: skipped")
        return 77
    work = tempfile.mkdtemp(prefix="lost-output-", dir=os.getcwd())
    db = os.path.join(work, "t.db")
    failures = []
    for words in SETUP[args.family]:
        p = run(args.cli, db, words, subprocess.PIPE)
        if p.returncode:
            failures.append("setup %s: exit %d: %s" % (words, p.returncode, p.stderr.decode()))
    for words, check, want in [] if failures else LOST[args.family]:
        with open("/dev/full", "wb") as full:
            p = run(args.cli, db, words, full)
        err = p.stderr.decode("utf-8", "replace")
        if p.returncode != 1:
            failures.append("%s > /dev/full: exit %d, expected 1" % (" ".join(words),
                                                                     p.returncode))
        if "cannot write the standard output" not in err:
            failures.append("%s > /dev/full: stderr does not name the lost output:\n%s"
                            % (" ".join(words), err))
        if check:
            q = run(args.cli, db, check, subprocess.PIPE)
            if q.returncode or want not in q.stdout.decode("utf-8", "replace"):
                failures.append("%s > /dev/full: the change is not stored (%s prints no '%s')"
                                % (" ".join(words), " ".join(check), want))
    for words in [] if failures else LOST_STDERR.get(args.family, []):
        with open("/dev/full", "wb") as full:
            p = run(args.cli, db, words, subprocess.DEVNULL, full)
        if p.returncode != 1:
            failures.append("%s 2> /dev/full: exit %d, expected 1" % (" ".join(words),
                                                                      p.returncode))
    if failures:
        print("\n".join(failures))
        print("(kept: %s)" % work)
        return 1
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
