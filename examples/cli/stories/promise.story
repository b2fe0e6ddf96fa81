# The delivery promise is the registration's (rule R7, doc/workflow.md): a call registered at 13:58
# on Monday 2026-12-07, before the 14:00 cut-off, and reserved at 14:05 is delivered on Tuesday
# 2026-12-08. A second call the same minute finds the stock empty: backordered, the promise
# missed, and the delivery after the refill says by how many working days.
# Format and rules: doc/testing.md, "CLI stories".
mode: sequence

step cli.promise.agreement
  run: SSVC_NOW=1796647800 smartservice --db promise.db agreement new --customer KONSULT --name 'Konsult AB' --tier PROF --fleet 25
  stdout: any

step cli.promise.stock
  run: SSVC_NOW=1796647800 smartservice --db promise.db swap receive --customer KONSULT --imei 356938030000013 --model 'Fairphone 5'
  stdout: any

step cli.promise.case
  run: SSVC_NOW=1796647800 smartservice --db promise.db case new --customer KONSULT --name 'Erik Sjö' --imei 490154203237518 --model 'Fairphone 5' --at '2026-12-07 13:58'
  stdout: any
  value: SC-2026-000001 -- the first case of the database

step cli.promise.case2
  run: SSVC_NOW=1796647800 smartservice --db promise.db case new --customer KONSULT --name 'Maja Lind' --imei 490154203237526 --model 'Fairphone 5' --at '2026-12-07 13:58'
  stdout: any

step cli.promise.show
  run: SSVC_NOW=1796647800 smartservice --db promise.db case show SC-2026-000001
  stdout: any
  value: promised:     2026-12-08 -- registered Monday 13:58 Stockholm, before the 14:00 cut-off: the next working day
  value: registered:   2026-12-07 13:58 +01:00 -- --at 13:58 Stockholm time, shown in Stockholm time with its offset (12:58 UTC in December)

step cli.promise.diagnosing
  run: SSVC_NOW=1796647800 smartservice --db promise.db case event SC-2026-000001 --to diagnosing
  stdout: any

step cli.promise.diagnosing2
  run: SSVC_NOW=1796647800 smartservice --db promise.db case event SC-2026-000002 --to diagnosing
  stdout: any

step cli.promise.reserve
  run: SSVC_NOW=1796648700 smartservice --db promise.db swap reserve SC-2026-000001
  stdout: any
  value: reserved -- the stock's one Fairphone 5, at 14:05

step cli.promise.ship
  run: SSVC_NOW=1796649000 smartservice --db promise.db swap ship SC-2026-000001
  stdout: any
  value: 2026-12-08 -- reserved and shipped after the cut-off, but the promise is the registration's: Tuesday

step cli.promise.backorder
  run: SSVC_NOW=1796649000 smartservice --db promise.db swap reserve SC-2026-000002
  stdout: any
  value: backordered -- the stock is empty

step cli.promise.backorder-log
  run: SSVC_NOW=1796649000 smartservice --db promise.db case show SC-2026-000002
  stdout: any
  value: the delivery promised for 2026-12-08 will be missed -- the case's log says so at once

step cli.promise.refill
  run: SSVC_NOW=1796803200 smartservice --db promise.db swap receive --customer KONSULT --imei 356938030000021 --model 'Fairphone 5'
  stdout: any
  value: SC-2026-000002 -- the phone serves the backorder first

step cli.promise.late
  run: SSVC_NOW=1796803200 smartservice --db promise.db swap ship SC-2026-000002
  stdout: any
  value: 2026-12-10 -- shipped Wednesday 9 December: delivered Thursday

step cli.promise.late-log
  run: SSVC_NOW=1796803200 smartservice --db promise.db case show SC-2026-000002
  stdout: any
  value: 2 working days after the promise 2026-12-08 -- Tuesday 8 and Wednesday 9 December
