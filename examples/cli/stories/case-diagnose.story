# smartservice --db FILE case diagnose ID: the control questions asked for a case, recorded on it
# and applied as the agreement says (doc/diagnosis.md, "A case's diagnosis"): solved on the phone
# (closed), workshop (referred, with the reminders), a definite fault on PROF (a phone of the SWAP
# stock reserved, then a backorder), the same on BAS (referred), out of scope (closed, the missing
# feature named); and the refusals: the wrong state, an answer the tree does not have.
# The clock is fixed by SSVC_NOW (2026-03-02 09:00Z).
# Format and rules: doc/testing.md, "CLI stories".
mode: sequence

step cli.case-diagnose.agreement.prof
  run: SSVC_NOW=1772442000 smartservice --db diag-test.db agreement new --customer ACME --name 'ACME AB' --tier PROF --fleet 400
  stdout: case-diagnose-acme.out

step cli.case-diagnose.agreement.bas
  run: SSVC_NOW=1772442000 smartservice --db diag-test.db agreement new --customer BYGG --name 'Bygg AB' --tier BAS --fleet 120
  stdout: case-diagnose-bygg.out

step cli.case-diagnose.stock
  run: SSVC_NOW=1772442000 smartservice --db diag-test.db swap receive --customer ACME --imei 350000000000006 --model 'iPhone 15'
  stdout: case-diagnose-stock.out

step cli.case-diagnose.new
  run: SSVC_NOW=1772442000 smartservice --db diag-test.db case new --customer ACME --name 'Karin Holm' --imei 353918112200015 --model 'iPhone 15' --tier PROF --symptom screen --actor agent-1
  stdout: case-diagnose-new.out

step cli.case-diagnose.fail.registered
  run: SSVC_NOW=1772442000 smartservice --db diag-test.db case diagnose SC-2026-000001 --answers yes,yes
  exit: 1
  stderr: SC-2026-000001: the case is registered, not diagnosing

step cli.case-diagnose.fail.outcome-registered
  run: SSVC_NOW=1772442000 smartservice --db diag-test.db case event SC-2026-000001 --outcome definite-fault
  exit: 1
  stderr: SC-2026-000001: the case is registered; a diagnosis is recorded while it is diagnosing

step cli.case-diagnose.to-diagnosing
  run: SSVC_NOW=1772442000 smartservice --db diag-test.db case event SC-2026-000001 --to diagnosing --actor agent-1
  stdout: case-diagnose-diagnosing1.out

step cli.case-diagnose.fail.bad-answer
  run: SSVC_NOW=1772442000 smartservice --db diag-test.db case diagnose SC-2026-000001 --answers yes,purple
  exit: 2
  stderr: --answers: 'purple' is not an answer to 'sc-usable'

step cli.case-diagnose.swap
  run: SSVC_NOW=1772442000 smartservice --db diag-test.db case diagnose SC-2026-000001 --answers yes,yes --actor agent-1
  stdout: case-diagnose-swap.out
  value: Case SC-2026-000001: swap phone iPhone 15 350000000000006 reserved -- the only phone of the stock (cli.case-diagnose.stock)
  value: State: swap-requested -- a definite fault on PROF (SWAP activation) asks the pool for a phone

step cli.case-diagnose.fail.again
  run: SSVC_NOW=1772442000 smartservice --db diag-test.db case diagnose SC-2026-000001 --answers yes,yes
  exit: 1
  stderr: SC-2026-000001: the case is swap-requested, not diagnosing

step cli.case-diagnose.new2
  run: SSVC_NOW=1772442000 smartservice --db diag-test.db case new --customer ACME --name 'Erik Sjö' --imei 353918112200023 --model 'iPhone 15' --tier PROF --symptom screen --actor agent-1
  stdout: case-diagnose-new2.out

step cli.case-diagnose.to-diagnosing2
  run: SSVC_NOW=1772442000 smartservice --db diag-test.db case event SC-2026-000002 --to diagnosing --actor agent-1
  stdout: case-diagnose-diagnosing2.out

step cli.case-diagnose.backorder
  run: SSVC_NOW=1772442000 smartservice --db diag-test.db case diagnose SC-2026-000002 --answers yes,yes --actor agent-1
  stdout: case-diagnose-backorder.out
  value: Case SC-2026-000002: no iPhone 15 in the SWAP stock: swap phone backordered -- the stock's one phone went to SC-2026-000001

step cli.case-diagnose.new3
  run: SSVC_NOW=1772442000 smartservice --db diag-test.db case new --customer ACME --name 'Maja Lind' --imei 353918112200031 --model 'iPhone 15' --tier PROF --symptom network --actor agent-1
  stdout: case-diagnose-new3.out

step cli.case-diagnose.to-diagnosing3
  run: SSVC_NOW=1772442000 smartservice --db diag-test.db case event SC-2026-000003 --to diagnosing --actor agent-1
  stdout: case-diagnose-diagnosing3.out

step cli.case-diagnose.solved
  run: SSVC_NOW=1772442000 smartservice --db diag-test.db case diagnose SC-2026-000003 --answers no,no,yes,yes --actor agent-1
  stdout: case-diagnose-solved.out
  value: State: closed -- a handling error is resolved and closed at once

step cli.case-diagnose.new4
  run: SSVC_NOW=1772442000 smartservice --db diag-test.db case new --customer BYGG --name 'Sara Ek' --imei 353918112200049 --model 'Fairphone 5' --tier BAS --symptom screen --actor agent-2
  stdout: case-diagnose-new4.out

step cli.case-diagnose.to-diagnosing4
  run: SSVC_NOW=1772442000 smartservice --db diag-test.db case event SC-2026-000004 --to diagnosing --actor agent-2
  stdout: case-diagnose-diagnosing4.out

step cli.case-diagnose.workshop
  run: SSVC_NOW=1772442000 smartservice --db diag-test.db case diagnose SC-2026-000004 --actor agent-2
  stdin: case-diagnose-workshop.in
  stdout: case-diagnose-workshop.out
  value: State: referred -- a workshop outcome refers the case, with the outcome's reminders

step cli.case-diagnose.new5
  run: SSVC_NOW=1772442000 smartservice --db diag-test.db case new --customer BYGG --name 'Bo Ek' --imei 353918112200056 --model 'Fairphone 5' --tier BAS --symptom screen --actor agent-2
  stdout: case-diagnose-new5.out

step cli.case-diagnose.to-diagnosing5
  run: SSVC_NOW=1772442000 smartservice --db diag-test.db case event SC-2026-000005 --to diagnosing --actor agent-2
  stdout: case-diagnose-diagnosing5.out

step cli.case-diagnose.fault-bas
  run: SSVC_NOW=1772442000 smartservice --db diag-test.db case diagnose SC-2026-000005 --answers yes,yes --actor agent-2
  stdout: case-diagnose-fault-bas.out
  value: Case SC-2026-000005: referred to the service workshop (the tier has no SWAP activation) -- BAS has no SWAP activation

step cli.case-diagnose.new6
  run: SSVC_NOW=1772442000 smartservice --db diag-test.db case new --customer BYGG --name 'Olle Lund' --imei 353918112200064 --model 'Fairphone 5' --tier BAS --symptom sync --actor agent-2
  stdout: case-diagnose-new6.out

step cli.case-diagnose.to-diagnosing6
  run: SSVC_NOW=1772442000 smartservice --db diag-test.db case event SC-2026-000006 --to diagnosing --actor agent-2
  stdout: case-diagnose-diagnosing6.out

step cli.case-diagnose.out-of-scope
  run: SSVC_NOW=1772442000 smartservice --db diag-test.db case diagnose SC-2026-000006 --actor agent-2
  stdout: case-diagnose-out-of-scope.out
  value: State: closed -- out of scope: closed, not cancelled

step cli.case-diagnose.show
  run: SSVC_NOW=1772442000 smartservice --db diag-test.db case show SC-2026-000006
  stdout: case-diagnose-show.out
  value: state:        closed -- cli.case-diagnose.out-of-scope
  value: state diagnosing -> closed: out of scope: sync (Sync & e-mail, contacts, calendar) is not in tier BAS -- the missing feature named in the event note
  value: diagnosis: out-of-scope out-of-scope:sync; tree 718a5c9ffdc9d244 -- the outcome id and the built-in tree's fingerprint (ssvc_diag_tree_fingerprint(): it changes when src/data/default_tree.xml does)

step cli.case-diagnose.new7
  run: SSVC_NOW=1772442000 smartservice --db diag-test.db case new --customer BYGG --name 'Eva Berg' --imei 353918112200072 --model 'Fairphone 5' --tier BAS --symptom 'the headset is silent' --actor agent-2
  stdout: case-diagnose-new7.out

step cli.case-diagnose.to-diagnosing7
  run: SSVC_NOW=1772442000 smartservice --db diag-test.db case event SC-2026-000007 --to diagnosing --actor agent-2
  stdout: case-diagnose-diagnosing7.out

step cli.case-diagnose.fail.bad-tree
  run: SSVC_NOW=1772442000 smartservice --db diag-test.db case diagnose SC-2026-000007 --tree $TESTS/diagnose-bad-tree.xml --answers headset,yes
  exit: 1
  stderr: diagnose-bad-tree.xml:[0-9]+:[0-9]+:

step cli.case-diagnose.usage.no-id
  run: SSVC_NOW=1772442000 smartservice --db diag-test.db case diagnose --answers yes
  exit: 2
  stderr: expected a case id

step cli.case-diagnose.tree
  run: SSVC_NOW=1772442000 smartservice --db diag-test.db case diagnose SC-2026-000007 --tree $TESTS/diagnose-tree.xml --lang sv --answers headset,yes,no,no --actor agent-2
  stdout: case-diagnose-tree.out
  value: Transkript: headset:q-wired=yes,c-charge=no,c-pair=no -- the case's free-text symptom names no symptom of the tree: the first --answers item is the symptom
  value: Tillstånd: referred -- the words in Swedish (--lang sv), the state by its stable name
