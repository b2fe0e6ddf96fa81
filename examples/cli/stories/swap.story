# smartservice --db FILE agreement ... and swap ...: one database, one story, in order: agreements,
# SWAP stock received, cases reserved and shipped, a backorder, refill requests, returns, overdue
# phones (rules R4-R7).
# Format and rules: doc/testing.md, "CLI stories".
mode: sequence

step cli.agreement.new
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db agreement new --customer ACME --name 'ACME AB' --tier PROF --fleet 400 --cutoff 16:00 --return-days 5 --closed 2026-03-04 --freight 99 --replacement-value 2500 --models 'Fairphone 5:3:4500.50,Galaxy A15' --actor lead
  stdout: agreement-new.out

step cli.agreement.new-custom
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db agreement new --customer 'Bygg AB' --name 'Bygg AB' --tier BYGG --tier-name 'Bygg special' --features diagnosis,phone-help --tier-price 12.50 --fleet 20 --loan
  stdout: agreement-new-custom.out

step cli.agreement.set
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db agreement set ACME --fleet 420 --actor lead
  stdout: agreement-set.out

step cli.agreement.show
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db agreement show ACME
  stdout: agreement-show.out

step cli.agreement.list
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db agreement list
  stdout: agreement-list.out

step cli.agreement.fail.exists
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db agreement new --customer ACME --name A --tier BAS --fleet 1
  exit: 1
  stderr: customer 'ACME' already has an agreement

step cli.agreement.fail.missing
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db agreement show Nobody
  exit: 1
  stderr: customer 'Nobody' has no agreement

step cli.swap.receive
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db swap receive --customer ACME --imei 356938030000013,356938030000021 --model 'Fairphone 5'
  stdout: swap-receive.out

step cli.swap.fail.bad-imei
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db swap receive --customer ACME --imei 356938030000014 --model 'Fairphone 5'
  exit: 1
  stderr: Luhn check digit is wrong

# A delivery fails late (a bad check digit after a good phone): the transaction rolls back and
# nothing is printed as received, since the lines follow the commit (doc/cli.md "Output").
step cli.swap.fail.late-bad-imei
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db swap receive --customer ACME --imei 356938030000039,356938030000014 --model 'Fairphone 5'
  exit: 1
  stderr: Luhn check digit is wrong \(got '356938030000014'\)
  absent: 356938030000039 -- the good phone before the bad one was rolled back: never printed

step cli.swap.fail.late-bad-imei.list
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db swap list --customer ACME
  stdout: any
  absent: 356938030000039 -- the delivery that failed stored nothing

step cli.swap.case1
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db case new --customer ACME --name 'User 1' --imei 490154203237518 --model 'Fairphone 5' --tier PROF
  stdout: swap-case1.out

step cli.swap.case1.diagnosing
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db case event SC-2026-000001 --to diagnosing
  stdout: swap-case1-diagnosing.out

step cli.swap.case2
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db case new --customer ACME --name 'User 2' --imei 490154203237526 --model 'Fairphone 5' --tier PROF
  stdout: swap-case2.out

step cli.swap.case2.diagnosing
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db case event SC-2026-000002 --to diagnosing
  stdout: swap-case2-diagnosing.out

step cli.swap.case3
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db case new --customer ACME --name 'User 3' --imei 490154203237534 --model 'Fairphone 5' --tier PROF
  stdout: swap-case3.out

step cli.swap.case3.diagnosing
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db case event SC-2026-000003 --to diagnosing
  stdout: swap-case3-diagnosing.out

step cli.swap.reserve
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db swap reserve SC-2026-000001 --actor agent-7
  stdout: swap-reserve.out

step cli.swap.reserve2
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db swap reserve SC-2026-000002
  stdout: swap-reserve2.out

step cli.swap.backorder
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db swap reserve SC-2026-000003
  stdout: swap-backorder.out
  stderr: SC-2026-000003: no [^\n]+ phone in [A-Z]+'s SWAP stock: the order is backordered and is served first when stock arrives [^\n]*\nrefill advice for [A-Z]+: buy [1-9][0-9]* phones?:\n  [^\n]+: buy [1-9]

step cli.swap.fail.twice
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db swap reserve SC-2026-000003
  exit: 1
  stderr: SC-2026-000003: cannot request a swap or loan in state swap-requested

step cli.swap.fail.ship-backordered
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db swap ship SC-2026-000003
  exit: 1
  stderr: the order is backordered

step cli.swap.ship
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db swap ship SC-2026-000001 --carrier PostNord --tracking PN1
  stdout: swap-ship.out

step cli.swap.list
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db swap list --customer ACME
  stdout: swap-list.out

step cli.swap.list.backorders
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db swap list --backorders
  stdout: swap-list-backorders.out

step cli.swap.advise
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db swap advise --customer ACME
  stdout: swap-advise.out
  value: 34 -- R6: 8% of the fleet of 420 (agreement set) = 33.6, rounded up
  value: 3 -- the agreement's own level for Fairphone 5 (--models "Fairphone 5:3:...")

step cli.swap.advise.no-header
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db swap advise --customer ACME --no-header
  stdout: swap-advise-no-header.out

step cli.swap.request
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db swap request --customer ACME
  stdout: swap-request.out

step cli.swap.decline
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db swap decline --customer ACME --request 1
  stdout: swap-decline.out

step cli.swap.request2
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db swap request --customer ACME
  stdout: swap-request2.out

step cli.swap.fail.decided
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db swap approve --customer ACME --request 1 --imei 356938030000047 --model 'Galaxy A15'
  exit: 1
  stderr: refill request 1 is declined

step cli.swap.approve
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db swap approve --customer ACME --request 2 --imei 356938030000047 --model 'Galaxy A15'
  stdout: swap-approve.out

step cli.swap.overdue
  run: SSVC_NOW=1773648000 smartservice --db swap-test.db swap overdue --actor nightly
  stdout: swap-overdue.out
  value: 2026-03-11 -- the return deadline (see cli.swap.return); on 16 Mar the faulty phone is overdue
  value: flagged 1 -- one faulty phone not back

step cli.swap.return
  run: SSVC_NOW=1773648000 smartservice --db swap-test.db swap return SC-2026-000001
  stdout: swap-return.out
  value: 2026-03-03 -- R7 with the agreement's 16:00 cut-off: reserved Mon 2 Mar 10:00 Stockholm, delivered Tue 3 Mar
  value: 2026-03-11 -- the agreement's 5 return days after 3 Mar, with 4 Mar closed by the agreement: 5, 6, 9, 10, 11

step cli.swap.fail.return-twice
  run: SSVC_NOW=1773648000 smartservice --db swap-test.db swap return SC-2026-000001
  exit: 1
  stderr: the order is in-repair [(]needs shipped[)]

step cli.swap.receive-serves
  run: SSVC_NOW=1773648000 smartservice --db swap-test.db swap receive --customer ACME --imei 356938030000039 --model 'Fairphone 5'
  stdout: swap-receive-serves.out

step cli.swap.repaired
  run: SSVC_NOW=1773648000 smartservice --db swap-test.db swap repaired SC-2026-000001
  stdout: swap-repaired.out

step cli.swap.order
  run: SSVC_NOW=1773648000 smartservice --db swap-test.db swap order SC-2026-000001
  stdout: swap-order.out

step cli.swap.cancel
  run: SSVC_NOW=1773648000 smartservice --db swap-test.db swap cancel SC-2026-000002
  stdout: swap-cancel.out

step cli.swap.retire
  run: SSVC_NOW=1773648000 smartservice --db swap-test.db swap retire --customer ACME --imei 356938030000021 --note cracked
  stdout: swap-retire.out

step cli.swap.list.end
  run: SSVC_NOW=1773648000 smartservice --db swap-test.db swap list --customer ACME
  stdout: swap-list-end.out

step cli.swap.fail.not-entitled
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db swap advise --customer Nobody
  exit: 1
  stderr: customer 'Nobody' has no agreement

step cli.swap.bas.agreement
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db agreement new --customer BYGG --name 'Bygg AB' --tier BAS --fleet 120
  stdout: any

step cli.swap.bas.fail.receive
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db swap receive --customer BYGG --imei 356938030000047 --model 'Fairphone 5'
  exit: 1
  stderr: tier BAS of customer BYGG does not include SWAP administration
  absent: available -- BAS has no SWAP administration: no phone may enter a stock it does not have

step cli.swap.bas.fail.advise
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db swap advise --customer BYGG
  exit: 1
  stderr: tier BAS of customer BYGG does not include SWAP administration
