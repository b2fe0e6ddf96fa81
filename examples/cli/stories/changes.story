# smartservice --db FILE changes: the change feed (doc/storage.md "The change feed", issue 20).
# Every committed change to an agreement, unit, case, order, invoice or charge gets the next
# position; a failed command adds none. Text times are Stockholm local time, JSON times UTC.
# The clock is fixed by SSVC_NOW (2026-03-02 09:00Z).
# Format and rules: doc/testing.md, "CLI stories".
mode: sequence

step cli.changes.agreement
  run: SSVC_NOW=1772442000 smartservice --db changes-test.db agreement new --customer ACME --name 'ACME AB' --tier PROF --fleet 100
  stdout: any

step cli.changes.receive
  run: SSVC_NOW=1772442000 smartservice --db changes-test.db swap receive --customer ACME --imei 356938030000013 --model 'Fairphone 5'
  stdout: any

step cli.changes.case
  run: SSVC_NOW=1772442000 smartservice --db changes-test.db case new --customer ACME --name 'Bo Ek' --imei 490154203237518 --model 'Galaxy A15' --tier PROF
  stdout: any

step cli.changes.refused
  run: SSVC_NOW=1772442000 smartservice --db changes-test.db case new --customer NOBODY --name 'Bo Ek' --imei 356938035643809 --model 'Galaxy A15'
  exit: 1
  stderr: has no agreement

step cli.changes.text
  run: SSVC_NOW=1772442000 smartservice --db changes-test.db changes
  stdout: changes.out
  value: 2026-03-02T10:00:00+01:00 -- 09:00Z in Stockholm local time
  value: SC-2026-000001 -- the case, once; the refused case left nothing

step cli.changes.json
  run: SSVC_NOW=1772442000 smartservice --db changes-test.db changes --since 1 --json
  stdout: changes-json.out
  value: "at":"2026-03-02T09:00:00Z" -- JSON times in UTC

step cli.changes.since-bad
  run: SSVC_NOW=1772442000 smartservice --db changes-test.db changes --since x
  exit: 2
  stderr: --since must be a whole number
