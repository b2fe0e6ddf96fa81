# smartservice --db FILE workshop: repair orders to the service provider (doc/workshop.md, issue 21).
# A referred case goes to in-repair when its phone is sent and to repaired when the provider is
# done; the turnaround counts working days. The clock is fixed by SSVC_NOW (Monday 2026-03-02
# 09:00Z; Thursday 2026-03-05 09:00Z). Format and rules: doc/testing.md, "CLI stories".
mode: sequence

step cli.workshop.agreement
  run: SSVC_NOW=1772442000 smartservice --db workshop-test.db agreement new --customer ACME --name 'ACME AB' --tier PROF --fleet 10
  stdout: any

step cli.workshop.case
  run: SSVC_NOW=1772442000 smartservice --db workshop-test.db case new --customer ACME --name 'Anna Andersson' --imei 490154203237518 --model 'Fairphone 5' --tier PROF --symptom 'display cracked' --actor agent-7
  stdout: any

step cli.workshop.send-refused
  run: SSVC_NOW=1772442000 smartservice --db workshop-test.db workshop send SC-2026-000001 --provider 'Mobilfix AB'
  exit: 1
  stderr: SC-2026-000001 is registered; a phone goes to the workshop from a referred, faulty-returned or in-repair case

step cli.workshop.referred
  run: SSVC_NOW=1772442000 smartservice --db workshop-test.db case event SC-2026-000001 --to referred --actor agent-7
  stdout: any

step cli.workshop.send
  run: SSVC_NOW=1772442000 smartservice --db workshop-test.db workshop send SC-2026-000001 --provider 'Mobilfix AB' --note 'display cracked' --actor agent-7
  stdout: workshop-send.out
  value: (the case is in-repair) -- the referred case moved with its order

step cli.workshop.send-again
  run: SSVC_NOW=1772442000 smartservice --db workshop-test.db workshop send SC-2026-000001 --provider 'Mobilfix AB'
  exit: 1
  stderr: SC-2026-000001 already has a repair order

step cli.workshop.estimate
  run: SSVC_NOW=1772442000 smartservice --db workshop-test.db workshop estimate SC-2026-000001 --amount 890
  stdout: workshop-estimate.out
  value: 890.00 SEK -- the estimate given

step cli.workshop.usage-outcome
  run: SSVC_NOW=1772701200 smartservice --db workshop-test.db workshop done SC-2026-000001 --outcome fixed --cost 850
  exit: 2
  stderr: --outcome must be repaired or scrapped \(got 'fixed'\)

step cli.workshop.usage-case
  run: SSVC_NOW=1772701200 smartservice --db workshop-test.db workshop done --outcome repaired --cost 850
  exit: 2
  stderr: expected a case id

step cli.workshop.done
  run: SSVC_NOW=1772701200 smartservice --db workshop-test.db workshop done SC-2026-000001 --outcome repaired --cost 850 --actor agent-7
  stdout: workshop-done.out
  value: 3 working days -- Monday to Thursday

step cli.workshop.case-repaired
  run: SSVC_NOW=1772701200 smartservice --db workshop-test.db case show SC-2026-000001 --json
  stdout: any
  value: "state":"repaired" -- the case moved with its order

step cli.workshop.list
  run: SSVC_NOW=1772701200 smartservice --db workshop-test.db workshop list --customer ACME
  stdout: workshop-list.out
  value: repaired -- the order's state, with its header

step cli.workshop.show
  run: SSVC_NOW=1772701200 smartservice --db workshop-test.db workshop show SC-2026-000001
  stdout: workshop-show.out
  value: 3 working days -- the turnaround

step cli.workshop.show-json
  run: SSVC_NOW=1772701200 smartservice --db workshop-test.db workshop show SC-2026-000001 --json
  stdout: workshop-show-json.out
  value: "turnaround_days":3 -- the turnaround

step cli.workshop.report
  run: SSVC_NOW=1772701200 smartservice --db workshop-test.db report --customer ACME --from 2026-03-01 --to 2026-03-31 --format csv
  stdout: workshop-report.out
  value: workshop-provider,Mobilfix AB/mean-turnaround-days,3.0 -- the provider's turnaround

step cli.workshop.changes
  run: SSVC_NOW=1772701200 smartservice --db workshop-test.db changes --since 3
  stdout: any
  value: repair-order -- the feed names the order

step cli.workshop.show-none
  run: SSVC_NOW=1772701200 smartservice --db workshop-test.db workshop show SC-2026-000002
  exit: 1
  stderr: SC-2026-000002

step cli.workshop.usage-sub
  run: SSVC_NOW=1772701200 smartservice --db workshop-test.db workshop fix
  exit: 2
  stderr: unknown subcommand 'fix' \(expected send, estimate, done, list or show\)
