# Messages on stderr in the agent's words (doc/cli.md "Exit status"): every missing option at once,
# no library function names, a refused state change with the states that may follow.
mode: sequence

step cli.messages.missing-all
  run: SSVC_NOW=1772442000 smartservice --db msg.db case new --name B
  exit: 2
  stderr: ^smartservice case new: missing --customer, --imei\n$

step cli.messages.agreement
  run: SSVC_NOW=1772442000 smartservice --db msg.db agreement new --customer ACME --name 'ACME AB' --tier PROF --fleet 10
  stdout: any

step cli.messages.no-case
  run: SSVC_NOW=1772442000 smartservice --db msg.db case show SC-2026-000009
  exit: 1
  stderr: ^smartservice case show: [^\n]*no case 'SC-2026-000009'\n$
  absent: ssvc_ -- the library's function names stay in its log

step cli.messages.new
  run: SSVC_NOW=1772442000 smartservice --db msg.db case new --customer ACME --name 'Anna Berg' --imei 353918112233511 --model 'iPhone 15'
  stdout: any
  value: SC-2026-000001 -- the first case of 2026

step cli.messages.refused
  run: SSVC_NOW=1772442000 smartservice --db msg.db case event SC-2026-000001 --to repaired
  exit: 1
  stderr: ^smartservice case event: SC-2026-000001: cannot go from registered to repaired \(it may go to [a-z, -]+\)\n$
  absent: ssvc_ -- the library's function names stay in its log

step cli.messages.ship-unrequested
  run: SSVC_NOW=1772442000 smartservice --db msg.db swap ship SC-2026-000001
  exit: 1
  stderr: ^smartservice swap ship: SC-2026-000001: 
  absent: ssvc_ -- the library's function names stay in its log
