# smartservice --db FILE case ...: one database, one story, in order: registration, diagnosis,
# state changes, listing, erasure and refusals. The clock is fixed by SSVC_NOW (2026-03-02 09:00Z).
# tests/pg/cli_pg.sh replays this story on PostgreSQL.
# Format and rules: doc/testing.md, "CLI stories".
mode: sequence

step cli.case.agreements
  run: SSVC_NOW=1772442000 smartservice --db case-test.db agreement new --customer ACME --name 'ACME AB' --tier PROF --fleet 40 --actor lead
  stdout: any

step cli.case.agreement-bygg
  run: SSVC_NOW=1772442000 smartservice --db case-test.db agreement new --customer 'Bygg AB' --name 'Bygg AB' --tier BAS --fleet 20 --actor lead
  stdout: any

step cli.case.new
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case new --customer ACME --name 'Anna Andersson' --phone +46701234567 --email anna@example.se --imei 490154203237518 --model 'Fairphone 5' --serial FP5-0001 --purchased 2025-02-28 --warranty-end 2027-02-28 --tier PROF --symptom 'screen cracked' --actor agent-7
  stdout: case-new.out
  value: SC-2026-000001 -- the first case of 2026 in a new database: SC-year-sequence (doc/cases.md)

step cli.case.new-bas
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case new --customer 'Bygg AB' --name 'Bo Ek' --imei 356938035643809 --model 'Galaxy A15' --actor agent-2
  stdout: case-new-bas.out
  value: SC-2026-000002 -- the second case of the year

step cli.case.to-diagnosing
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case event SC-2026-000001 --to diagnosing --actor agent-7
  stdout: case-to-diagnosing.out

step cli.case.diagnose
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case event SC-2026-000001 --outcome definite-fault --transcript 'power on? no / dropped? yes' --actor agent-7
  stdout: case-diagnose.out
  value: diagnosing -- a diagnosis is recorded while the case is diagnosing

step cli.case.to-referred
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case event SC-2026-000001 --to referred --note 'to the workshop' --actor agent-7
  stdout: case-to-referred.out

step cli.case.fail.swap-by-hand
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case event SC-2026-000001 --to swap-requested
  exit: 1
  stderr: referred to swap-requested belongs to the case's swap or loan order; reserve a phone for it from the SWAP stock with 'smartservice swap reserve CASE'\n$

step cli.case.fail.outcome-registered
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case event SC-2026-000002 --outcome workshop
  exit: 1
  stderr: SC-2026-000002: the case is registered; a diagnosis is recorded while it is diagnosing

step cli.case.bas-diagnosing
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case event SC-2026-000002 --to diagnosing
  stdout: case-bas-diagnosing.out

step cli.case.fail.not-entitled
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case event SC-2026-000002 --to swap-requested
  exit: 1
  stderr: tier BAS does not include SWAP activation

step cli.case.fail.transition
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case event SC-2026-000001 --to registered
  exit: 1
  stderr: SC-2026-000001: cannot go from referred to registered [(]it may go to swap-requested, faulty-returned, in-repair, closed, cancelled[)]

step cli.case.note
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case event SC-2026-000002 --note 'user calls back'
  stdout: case-bas-diagnosing.out

step cli.case.show
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case show SC-2026-000001
  stdout: case-show.out
  value: registered:   2026-03-02 10:00 +01:00 -- SSVC_NOW=1772442000 is 2026-03-02 09:00:00 UTC, shown in Stockholm time
  value: state:        referred -- the last transition of the story (cli.case.to-referred)
  value: promised:     2026-03-03 -- registered Monday 2 March at 10:00 Stockholm, before the 14:00 cut-off: the next working day (R7)

step cli.case.show.json
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case show SC-2026-000001 --json
  stdout: case-show.json

step cli.case.list
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case list
  stdout: case-list.out

step cli.case.list.state
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case list --state diagnosing
  stdout: case-list-diagnosing.out

step cli.case.list.customer
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case list --customer 'Bygg AB'
  stdout: case-list-diagnosing.out

step cli.case.erase
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case erase --customer ACME --contact anna@example.se --actor dpo
  stdout: case-erase.out

step cli.case.show.erased
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case show SC-2026-000001
  stdout: case-show-erased.out
  absent: Anna Andersson -- the user's name is erased (the right to erasure)
  absent: anna@example.se -- the e-mail is erased
  absent: +46701234567 -- the phone number is erased
  absent: 490154203237518 -- the IMEI names the user's phone: erased
  absent: screen cracked -- the symptom is free text about the user: erased
  absent: dropped? yes -- the diagnosis transcript holds the user's answers: erased

step cli.case.list.open
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case list --open
  stdout: case-list-open.out

step cli.case.list.combined
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case list --open --customer ACME --state referred
  stdout: case-list-acme-open.out
  value: SC-2026-000001 -- the filters combine: ACME's open case in state referred

step cli.case.list.combined.none
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case list --customer ACME --state diagnosing --no-header
  stdout: empty.out

# case find: IMEI, user name, phone, e-mail or case id; letters without regard to case.
step cli.case.find.name
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case find 'bo ek'
  stdout: case-find-name.out
  value: SC-2026-000002 -- Bo Ek's case, found by his name in lower case

step cli.case.find.id
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case find 2026-000001 --no-header
  stdout: case-find-id.out
  value: SC-2026-000001 -- found by a part of its id

step cli.case.find.none
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case find 'no such caller' --no-header
  stdout: empty.out

step cli.case.fail.unknown
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case show SC-2026-000099
  exit: 1
  stderr: no case 'SC-2026-000099'

step cli.case.fail.luhn
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case new --customer ACME --name X --imei 490154203237517 --model M --tier PROF
  exit: 1
  stderr: --imei: Luhn check digit

step cli.case.fail.tier
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case new --customer ACME --name X --imei 490154203237518 --model M --tier GOLD
  exit: 1
  stderr: GOLD

step cli.case.fail.no-agreement
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case new --customer ACMEE --name X --imei 490154203237526 --model M
  exit: 1
  stderr: --customer: customer 'ACMEE' has no agreement

step cli.case.fail.tier-mismatch
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case new --customer 'Bygg AB' --name X --imei 490154203237526 --model M --tier PROF
  exit: 1
  stderr: --tier: 'PROF' contradicts the agreement of customer 'Bygg AB', which is on tier BAS

step cli.case.fail.second-open
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case new --customer 'Bygg AB' --name 'Bo Ek' --imei 356938035643809 --model 'Galaxy A15'
  exit: 1
  stderr: 356938035643809 already has the open case SC-2026-000002; pass SSVC_CASE_SECOND_OPEN

step cli.case.second-open
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case new --customer 'Bygg AB' --name 'Bo Ek' --imei 356938035643809 --model 'Galaxy A15' --second-open --at '2026-03-02 11:30'
  stdout: any
  value: SC-2026-000003 -- registered deliberately as a second open case of the phone

step cli.case.show.second-open
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case show SC-2026-000003
  stdout: any
  value: second open case for the IMEI (open: SC-2026-000002) -- the log records that the duplicate was deliberate
  value: 2026-03-02 11:30 +01:00 -- --at 11:30 Stockholm time (UTC+1 in March) dates the call

step cli.case.fail.bad-id
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case show 42
  exit: 1
  stderr: not a case id like SC-2026-000123 [(]got '42'[)]

step cli.case.fail.not-a-db
  run: smartservice --db $TESTS/case-new.out case list
  exit: 1
  stderr: case-new.out

# Implausible phone dates are refused by the library with the field named (issue 17).
step cli.case.fail.purchase-future
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case new --customer ACME --name 'User 9' --imei 356938035643809 --model 'Galaxy A15' --purchased 9999-01-01
  exit: 1
  stderr: --purchased: 9999-01-01 is after the registration on 2026-03-02 \(a purchase cannot be in the future\)

step cli.case.fail.warranty-before-purchase
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case new --customer ACME --name 'User 9' --imei 356938035643809 --model 'Galaxy A15' --purchased 2025-06-01 --warranty-end 2025-05-31
  exit: 1
  stderr: --warranty-end: 2025-05-31 is before the purchase on 2025-06-01
