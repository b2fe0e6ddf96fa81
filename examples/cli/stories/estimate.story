# smartservice --db FILE case estimate|estimate-accept|estimate-decline: warranty decides direct
# billing. A phone out of warranty gets the workshop's cost estimate (kostnadsförslag); the repair
# waits for the customer's answer; accepted, it is repaired and April's direct invoice carries the
# estimate's amount; a second phone's estimate is declined (inspection fee, closed unrepaired); a
# phone in warranty gets no estimate. The clock is fixed by SSVC_NOW (2026-03-02 09:00Z).
# Decisions: doc/charges.md "Warranty and cost estimates". Format and rules: doc/testing.md.
mode: sequence

step cli.estimate.setup.center
  run: SSVC_NOW=1772442000 smartservice --db estimate-test.db center set --name 'Smartservice Support Center AB' --org-number 556677-8899 --vat-number SE556677889901 --street 'Supportvägen 1' --postal-code '111 22' --city Stockholm --f-skatt --bankgiro 123-4566
  stdout: any

step cli.estimate.setup.agreement
  run: SSVC_NOW=1772442000 smartservice --db estimate-test.db agreement new --customer ACME --name 'ACME AB' --tier PROF --fleet 10 --buyer-name 'ACME AB' --buyer-org-number 556036-0793 --buyer-vat-number SE556036079301 --buyer-city Solna --buyer-reference Inköp
  stdout: any

step cli.estimate.setup.case
  run: SSVC_NOW=1772442000 smartservice --db estimate-test.db case new --customer ACME --name 'Anna Andersson' --imei 490154203237518 --model 'Fairphone 5' --warranty-end 2026-01-31 --tier PROF --symptom 'display cracked' --actor agent-7
  stdout: any
  value: SC-2026-000001 -- the first case of 2026 in a new database

step cli.estimate.setup.referred
  run: SSVC_NOW=1772442000 smartservice --db estimate-test.db case event SC-2026-000001 --to referred --actor agent-7
  stdout: any

step cli.estimate.new
  run: SSVC_NOW=1772442000 smartservice --db estimate-test.db case estimate SC-2026-000001 --amount 1450.00 --inspection-fee 295.00 --text 'new display' --actor workshop
  stdout: estimate-new.out

step cli.estimate.fail.repair-waits
  run: SSVC_NOW=1772442000 smartservice --db estimate-test.db case event SC-2026-000001 --to in-repair --actor workshop
  exit: 1
  stderr: SC-2026-000001: cannot go to in-repair: its cost estimate \(1450.00 SEK, recorded 2026-03-02T10:00:00\+01:00 by workshop\) waits for the customer's answer

step cli.estimate.show.pending
  run: SSVC_NOW=1772442000 smartservice --db estimate-test.db case show SC-2026-000001
  stdout: estimate-show-pending.out
  value: warranty:     out of warranty -- the warranty ended 2026-01-31, before the registration on 2026-03-02 (Stockholm date)
  value: answer:       pending -- nobody has answered yet

step cli.estimate.accept
  run: SSVC_NOW=1772528400 smartservice --db estimate-test.db case estimate-accept SC-2026-000001 --by 'Bo Berg' --actor agent-7
  stdout: estimate-accept.out

step cli.estimate.fail.twice
  run: SSVC_NOW=1772528400 smartservice --db estimate-test.db case estimate-decline SC-2026-000001 --by 'Bo Berg' --actor agent-7
  exit: 1
  stderr: SC-2026-000001: the cost estimate \(1450.00 SEK, .*\) was answered already: accepted by Bo Berg at 2026-03-03T10:00:00\+01:00

step cli.estimate.repair
  run: SSVC_NOW=1772535600 smartservice --db estimate-test.db case event SC-2026-000001 --to in-repair --actor workshop
  stdout: any

step cli.estimate.repaired
  run: SSVC_NOW=1772881200 smartservice --db estimate-test.db case event SC-2026-000001 --to repaired --actor workshop
  stdout: any

step cli.estimate.show.accepted
  run: SSVC_NOW=1772881200 smartservice --db estimate-test.db case show SC-2026-000001
  stdout: estimate-show-accepted.out
  value: answer:       accepted by Bo Berg (2026-03-03 10:00 +01:00 by agent-7) -- who answered, when (SSVC_NOW=1772528400, in Stockholm time) and who recorded it
  value: charge:       repair 1450.00 SEK new display -- the accepted estimate, a repair charge (direct)

step cli.estimate.setup.unknown
  run: SSVC_NOW=1772881200 smartservice --db estimate-test.db case new --customer ACME --name 'Cecilia Dahl' --imei 356938035643809 --model 'Galaxy A15' --tier PROF --actor agent-7
  stdout: any
  value: SC-2026-000002 -- the second case of the year

step cli.estimate.setup.unknown-referred
  run: SSVC_NOW=1772881200 smartservice --db estimate-test.db case event SC-2026-000002 --to referred --actor agent-7
  stdout: any

step cli.estimate.unknown
  run: SSVC_NOW=1772881200 smartservice --db estimate-test.db case estimate SC-2026-000002 --amount 900 --inspection-fee 295 --text 'new battery' --actor workshop
  stdout: any
  value: estimate pending -- no warranty end was recorded: treated as out of warranty

step cli.estimate.decline
  run: SSVC_NOW=1772967600 smartservice --db estimate-test.db case estimate-decline SC-2026-000002 --by 'Cecilia Dahl' --actor agent-7
  stdout: estimate-decline.out
  value: closed -- a declined estimate sends the phone back unrepaired and closes the case

step cli.estimate.show.declined.json
  run: SSVC_NOW=1772967600 smartservice --db estimate-test.db case show SC-2026-000002 --json
  stdout: estimate-show-declined.json
  value: "warranty":"unknown" -- no warranty end was recorded for this phone
  value: "answer":"declined","answered_by":"Cecilia Dahl" -- the answer and who gave it
  value: "state":"closed" -- declined: the phone goes back unrepaired

step cli.estimate.setup.in-warranty
  run: SSVC_NOW=1772967600 smartservice --db estimate-test.db case new --customer ACME --name 'Erik Fors' --imei 352099001761481 --model 'Fairphone 5' --warranty-end 2027-02-28 --tier PROF --actor agent-7
  stdout: any

step cli.estimate.setup.in-warranty-referred
  run: SSVC_NOW=1772967600 smartservice --db estimate-test.db case event SC-2026-000003 --to referred --actor agent-7
  stdout: any

step cli.estimate.fail.in-warranty
  run: SSVC_NOW=1772967600 smartservice --db estimate-test.db case estimate SC-2026-000003 --amount 1450 --actor workshop
  exit: 1
  stderr: SC-2026-000003: in warranty until 2027-02-28: no cost estimate \(a repair in warranty is not billed to the customer\)

step cli.estimate.invoice
  run: SSVC_NOW=1775037600 smartservice --db estimate-test.db invoice --customer ACME --month 2026-04 --direct
  stdout: estimate-invoice-direct.out
  value: 1450.00 -- the accepted estimate of SC-2026-000001, recorded in March, on April's direct invoice
  value: 295.00 -- the inspection fee of SC-2026-000002's declined estimate
  value: 1745.00 -- 1450.00 + 295.00
  value: 2181.25 -- 1745.00 + 25% VAT 436.25

step cli.estimate.fail.no-amount
  run: SSVC_NOW=1775037600 smartservice --db estimate-test.db case estimate SC-2026-000003
  exit: 2
  stderr: missing --amount

step cli.estimate.fail.no-by
  run: SSVC_NOW=1775037600 smartservice --db estimate-test.db case estimate-accept SC-2026-000003
  exit: 2
  stderr: missing --by
