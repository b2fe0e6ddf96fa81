# smartservice --db FILE swap change: stock change orders (doc/stock-orders.md, issue 21): new
# models in, old units out, per-model targets, approved by the customer as a refill request is
# and billed on a line of its own. The clock is fixed by SSVC_NOW (2026-03-02 09:00Z).
# Format and rules: doc/testing.md, "CLI stories".
mode: sequence

step cli.swap-change.agreement
  run: SSVC_NOW=1772442000 smartservice --db swap-change-test.db agreement new --customer ACME --name 'ACME AB' --tier PROF --fleet 100
  stdout: any

step cli.swap-change.stock
  run: SSVC_NOW=1772442000 smartservice --db swap-change-test.db swap receive --customer ACME --imei 356938030000013,356938030000021 --model 'Fairphone 4'
  stdout: any

step cli.swap-change.new
  run: SSVC_NOW=1772442000 smartservice --db swap-change-test.db swap change new --customer ACME --add 356938030000039,356938030000047 --model 'Fairphone 5' --remove 356938030000013 --disposal to-customer --target 'Fairphone 5=2,Fairphone 4=0' --price 1500
  stdout: swap-change-new.out
  value: order 1 -- the customer's first order
  value: pending -- until the customer answers

step cli.swap-change.show
  run: SSVC_NOW=1772442000 smartservice --db swap-change-test.db swap change show --customer ACME --order 1
  stdout: swap-change-show.out
  value: 1500.00 SEK -- the price given
  value: to-customer -- the disposal given
  value: Fairphone 4 -- the removed unit's model, read from the stock

step cli.swap-change.pending-stock
  run: SSVC_NOW=1772442000 smartservice --db swap-change-test.db swap list --customer ACME
  stdout: swap-change-pending-stock.out
  value: available -- a pending order changes nothing

step cli.swap-change.approve
  run: SSVC_NOW=1772442000 smartservice --db swap-change-test.db swap change approve --customer ACME --order 1 --actor customer
  stdout: swap-change-approve.out
  value: approved -- the customer's answer

step cli.swap-change.stock-after
  run: SSVC_NOW=1772442000 smartservice --db swap-change-test.db swap list --customer ACME
  stdout: swap-change-stock-after.out
  value: retired -- the unit given back to the customer left the stock
  value: Fairphone 5 -- the new phones came in

step cli.swap-change.charged
  run: SSVC_NOW=1772442000 smartservice --db swap-change-test.db charge list --customer ACME
  stdout: swap-change-charged.out
  value: stock-change -- the order's own charge kind
  value: 1500.00 -- the order's price

step cli.swap-change.list
  run: SSVC_NOW=1772442000 smartservice --db swap-change-test.db swap change list --customer ACME
  stdout: swap-change-list.out
  value: approved -- the answered order

step cli.swap-change.again
  run: SSVC_NOW=1772442000 smartservice --db swap-change-test.db swap change decline --customer ACME --order 1
  exit: 1
  stderr: stock change order 1 is approved \(needs pending\)

step cli.swap-change.remove-unknown
  run: SSVC_NOW=1772442000 smartservice --db swap-change-test.db swap change new --customer ACME --remove 356938030000054 --disposal sold
  exit: 1
  stderr: ^smartservice swap change new: --remove 356938030000054: ACME has no unit with IMEI 356938030000054\n$

step cli.swap-change.usage-disposal
  run: SSVC_NOW=1772442000 smartservice --db swap-change-test.db swap change new --customer ACME --remove 356938030000021 --disposal lost
  exit: 2
  stderr: --disposal must be to-customer, sold or retired \(got 'lost'\)

step cli.swap-change.usage-nothing
  run: SSVC_NOW=1772442000 smartservice --db swap-change-test.db swap change new --customer ACME
  exit: 2
  stderr: give at least one of --add, --remove and --target

step cli.swap-change.usage-target
  run: SSVC_NOW=1772442000 smartservice --db swap-change-test.db swap change new --customer ACME --target 'Fairphone 5'
  exit: 2
  stderr: --target must be MODEL=N

step cli.swap-change.unknown-order
  run: SSVC_NOW=1772442000 smartservice --db swap-change-test.db swap change show --customer ACME --order 9
  exit: 1
  stderr: ACME has no stock change order 9

step cli.swap-change.mixed
  run: SSVC_NOW=1772442000 smartservice --db swap-change-test.db swap change new --customer ACME --add '356938030000062:iPhone 15,356938030000070' --model 'Fairphone 5' --remove 356938030000021:sold
  stdout: swap-change-mixed.out
  value: order 2 -- one order for phones of two models

step cli.swap-change.mixed-show
  run: SSVC_NOW=1772442000 smartservice --db swap-change-test.db swap change show --customer ACME --order 2
  stdout: swap-change-mixed-show.out
  value: iPhone 15 -- the phone's own model
  value: Fairphone 5 -- the model of --model for the phone that names none
  value: sold -- the unit's own disposal

step cli.swap-change.usage-no-model
  run: SSVC_NOW=1772442000 smartservice --db swap-change-test.db swap change new --customer ACME --add '356938030000062:iPhone 15,356938030000070'
  exit: 2
  stderr: --add 356938030000070: no model: give --model MODEL or IMEI:MODEL

step cli.swap-change.usage-item-disposal
  run: SSVC_NOW=1772442000 smartservice --db swap-change-test.db swap change new --customer ACME --remove 356938030000021:lost
  exit: 2
  stderr: --remove 356938030000021: the disposal must be to-customer, sold or retired \(got 'lost'\)

step cli.swap-change.twice
  run: SSVC_NOW=1772442000 smartservice --db swap-change-test.db swap change new --customer ACME --remove 356938030000021,356938030000021:sold --disposal retired
  exit: 1
  stderr: ^smartservice swap change new: --remove 356938030000021: 356938030000021 is given twice\n$
