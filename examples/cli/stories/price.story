# smartservice --db FILE price: dated prices kept in the store (rule R8, doc/charges.md "Stored
# prices"). A list price change on 10 November splits November's fee by day; an override of one
# customer beats the list price from its date; bad input is named and nothing is stored.
# Format and rules: doc/testing.md, "CLI stories".
mode: sequence

step cli.price.setup.center
  run: SSVC_NOW=1791000000 smartservice --db price-test.db center set --name 'Smartservice Support Center AB' --org-number 556677-8899 --vat-number SE556677889901 --f-skatt --bankgiro 123-4566
  stdout: any

step cli.price.setup.agreement
  run: SSVC_NOW=1791000000 smartservice --db price-test.db agreement new --customer BYGG --name 'Bygg AB' --tier PROF --fleet 10 --buyer-name 'Bygg AB' --buyer-org-number 559900-1236 --buyer-vat-number SE559900123601 --buyer-reference Inköp
  stdout: any

step cli.price.list.empty
  run: SSVC_NOW=1791000000 smartservice --db price-test.db price list
  stdout: price-list-empty.out

step cli.price.set.list
  run: SSVC_NOW=1791000000 smartservice --db price-test.db price set --tier PROF --from 2026-11-10 --price 45
  stdout: price-set-list.out

step cli.price.set.override
  run: SSVC_NOW=1791000000 smartservice --db price-test.db price set --customer BYGG --tier PROF --from 2026-11-20 --price 30
  stdout: price-set-override.out

step cli.price.set.freight
  run: SSVC_NOW=1791000000 smartservice --db price-test.db price set --kind freight --from 2026-01-01 --price 99
  stdout: any

step cli.price.list
  run: SSVC_NOW=1791000000 smartservice --db price-test.db price list
  stdout: price-list.out

step cli.price.list.customer
  run: SSVC_NOW=1791000000 smartservice --db price-test.db price list --customer BYGG
  stdout: price-list-customer.out

step cli.price.list.no-header
  run: SSVC_NOW=1791000000 smartservice --db price-test.db price list --no-header
  stdout: price-list-no-header.out
  absent: ITEM -- --no-header: the lines of earlier versions, without the column names

step cli.price.invoice
  run: SSVC_NOW=1794304800 smartservice --db price-test.db invoice --customer BYGG --month 2026-11
  stdout: price-invoice.out
  value: 117.00 -- 10 users x 9 days (1-9 Nov) x 39.00 / 30: the catalogue's PROF price before the list price
  value: 150.00 -- 10 users x 10 days (10-19 Nov) x 45.00 / 30: the list price from 10 November
  value: 110.00 -- 10 users x 11 days (20-30 Nov) x 30.00 / 30: BYGG's override from 20 November
  value: 377.00 -- 117.00 + 150.00 + 110.00

step cli.price.remove
  run: SSVC_NOW=1791000000 smartservice --db price-test.db price remove --kind freight --from 2026-01-01
  stdout: any

step cli.price.usage.remove-price
  run: SSVC_NOW=1791000000 smartservice --db price-test.db price remove --kind freight --from 2026-01-01 --price 99
  exit: 2
  stderr: ^smartservice price remove: unknown option '--price'

step cli.price.fail.remove-again
  run: SSVC_NOW=1791000000 smartservice --db price-test.db price remove --kind freight --from 2026-01-01
  exit: 1
  stderr: no stored price of freight from 2026-01-01

step cli.price.fail.customer
  run: SSVC_NOW=1791000000 smartservice --db price-test.db price set --customer NOPE --tier PROF --from 2026-11-20 --price 30
  exit: 1
  stderr: --customer: no agreement for 'NOPE'

step cli.price.fail.tier
  run: SSVC_NOW=1791000000 smartservice --db price-test.db price set --tier GOLD --from 2026-11-20 --price 30
  exit: 1
  stderr: --tier: no tier 'GOLD'

step cli.price.usage.date
  run: SSVC_NOW=1791000000 smartservice --db price-test.db price set --tier PROF --from 2026-02-30 --price 30
  exit: 2
  stderr: --from must be a date YYYY-MM-DD \(got '2026-02-30'\): column 9: day 30 is not in 2026-02

step cli.price.usage.price
  run: SSVC_NOW=1791000000 smartservice --db price-test.db price set --tier PROF --from 2026-02-01 --price -3
  exit: 2
  stderr: --price

step cli.price.usage.item
  run: SSVC_NOW=1791000000 smartservice --db price-test.db price set --from 2026-02-01 --price 3
  exit: 2
  stderr: --tier CODE \(the monthly fee\) or --kind freight\|packaging is required

step cli.price.usage.sub
  run: SSVC_NOW=1791000000 smartservice --db price-test.db price change
  exit: 2
  stderr: expected 'set', 'remove' or 'list' \(got 'change'\)
