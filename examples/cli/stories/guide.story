# smartservice guide: how-to guidance (doc/guidance.md, issue 21): the topics of an area, a topic
# walked scripted and on stdin, solved or "not solved -> diagnosis", recorded on a case, and the
# refusals: a topic whose area the tier lacks (BAS has no sync), an unknown topic or area, a
# fault tree given as --tree. The clock is fixed by SSVC_NOW (2026-03-02 09:00Z).
# Format and rules: doc/testing.md, "CLI stories".
mode: sequence

step cli.guide.list
  run: smartservice guide --list --area sync
  stdout: guide-list.out
  value: mail-account -- a sync topic: the work mail account
  value: contacts-sync -- contacts sync

step cli.guide.solved
  run: smartservice guide passcode --answers yes
  stdout: guide-solved.out
  value: solved -- the passcode is on after the step

step cli.guide.not-solved-json
  run: smartservice guide wifi --answers no --json
  stdout: guide-not-solved.out
  value: "diagnose":"network" -- not solved: diagnosis goes on from the network symptom

step cli.guide.interactive
  run: smartservice guide --area os-help --lang sv
  stdin: guide-interactive.in
  stdout: guide-interactive.out
  value: Fullt lagringsutrymme -- topic 3 of the area chosen by number, in Swedish

step cli.guide.bas-refused
  run: smartservice guide mail-account --tier BAS --answers yes
  exit: 1
  stderr: topic 'mail-account' is in the area Sync & e-mail, contacts, calendar \(sync\), which tier BAS does not include

step cli.guide.unknown-topic
  run: smartservice guide knitting --answers yes
  exit: 2
  stderr: TOPIC: no topic 'knitting' \(guide --list names them\)

step cli.guide.unknown-area
  run: smartservice guide --list --area swap-admin
  exit: 2
  stderr: --area: 'swap-admin' is not an area of guidance \(phone-help, os-help or sync\)

step cli.guide.agreement.prof
  run: SSVC_NOW=1772442000 smartservice --db guide-test.db agreement new --customer ACME --name 'ACME AB' --tier PROF --fleet 100
  stdout: any

step cli.guide.agreement.bas
  run: SSVC_NOW=1772442000 smartservice --db guide-test.db agreement new --customer BYGG --name 'Bygg AB' --tier BAS --fleet 20
  stdout: any

step cli.guide.customer.bas-refused
  run: SSVC_NOW=1772442000 smartservice --db guide-test.db guide --customer BYGG calendar-account --answers yes
  exit: 1
  stderr: ^smartservice guide: topic 'calendar-account' is in the area Sync & e-mail, contacts, calendar \(sync\), which tier BAS does not include\n$

step cli.guide.customer.prof
  run: SSVC_NOW=1772442000 smartservice --db guide-test.db guide --customer ACME calendar-account --answers yes
  stdout: guide-customer-prof.out
  value: solved -- a caller before any case is guided on the tier of its agreement

step cli.guide.customer.unknown
  run: SSVC_NOW=1772442000 smartservice --db guide-test.db guide --customer NOBODY passcode --answers yes
  exit: 1
  stderr: ^smartservice guide: customer 'NOBODY' has no agreement\n$

step cli.guide.customer.and-tier
  run: SSVC_NOW=1772442000 smartservice --db guide-test.db guide --customer ACME --tier BAS passcode --answers yes
  exit: 2
  stderr: give one of --case \(its tier\), --customer \(its agreement's\) and --tier

step cli.guide.case.acme
  run: SSVC_NOW=1772442000 smartservice --db guide-test.db case new --customer ACME --name 'Karin Holm' --imei 353918112200015 --model 'iPhone 15'
  stdout: any

step cli.guide.case.bygg
  run: SSVC_NOW=1772442000 smartservice --db guide-test.db case new --customer BYGG --name 'Bo Ek' --imei 353918112200023 --model 'iPhone 15'
  stdout: any

step cli.guide.case.recorded
  run: SSVC_NOW=1772442000 smartservice --db guide-test.db guide --case SC-2026-000001 mail-account --answers no --actor agent-1
  stdout: guide-case-recorded.out
  value: Recorded on SC-2026-000001 -- the guidance is kept on the case
  value: not solved -- and its result

step cli.guide.case.bas-refused
  run: SSVC_NOW=1772442000 smartservice --db guide-test.db guide --case SC-2026-000002 calendar-account --answers yes
  exit: 1
  stderr: topic 'calendar-account' is in the area Sync & e-mail, contacts, calendar \(sync\), which tier BAS does not include

step cli.guide.case.show
  run: SSVC_NOW=1772442000 smartservice --db guide-test.db case show SC-2026-000001
  stdout: guide-case-show.out
  value: guidance mail-account (sync): not solved; go on to diagnosis of sync -- the note in the case's log
  value: guidance:     2026-03-02 10:00:00 +01:00 agent-1 mail-account (sync) not-solved; diagnose sync next -- the how-to call itself

step cli.guide.case.show-json
  run: SSVC_NOW=1772442000 smartservice --db guide-test.db case show SC-2026-000001 --json
  stdout: guide-case-show-json.out
  value: "guidance":[{"at":"2026-03-02T09:00:00Z","actor":"agent-1","topic":"mail-account","area":"sync","result":"not-solved","diagnose":"sync"}] -- for scripts, in UTC
