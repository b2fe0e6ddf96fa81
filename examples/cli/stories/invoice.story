# smartservice --db FILE invoice: the stored monthly run (rule R8): October's shipment goes on
# November's invoice; running November again prints the same invoice; a rented stock, account
# charges and VAT 12%.
# Format and rules: doc/testing.md, "CLI stories".
mode: sequence

step cli.invoice.setup.center
  run: SSVC_NOW=1791000000 smartservice --db invoice-test.db center set --name 'Smartservice Support Center AB' --org-number 556677-8899 --vat-number SE556677889901 --street 'Supportvägen 1' --postal-code '111 22' --city Stockholm --f-skatt --bankgiro 123-4566
  stdout: any

step cli.invoice.setup.agreement
  run: SSVC_NOW=1791000000 smartservice --db invoice-test.db agreement new --customer ACME --name 'ACME AB' --tier PROF --fleet 400 --buyer-name 'ACME AB' --buyer-org-number 556036-0793 --buyer-vat-number SE556036079301 --buyer-city Solna --buyer-reference Inköp
  stdout: any

step cli.invoice.setup.receive
  run: SSVC_NOW=1791000000 smartservice --db invoice-test.db swap receive --customer ACME --imei 356938030000013 --model 'Fairphone 5'
  stdout: any

step cli.invoice.setup.case
  run: SSVC_NOW=1791000000 smartservice --db invoice-test.db case new --customer ACME --name 'User 1' --imei 490154203237518 --model 'Fairphone 5' --tier PROF
  stdout: any

step cli.invoice.setup.diagnosing
  run: SSVC_NOW=1791000000 smartservice --db invoice-test.db case event SC-2026-000001 --to diagnosing
  stdout: any

step cli.invoice.setup.reserve
  run: SSVC_NOW=1791000000 smartservice --db invoice-test.db swap reserve SC-2026-000001
  stdout: any

step cli.invoice.setup.ship
  run: SSVC_NOW=1791000000 smartservice --db invoice-test.db swap ship SC-2026-000001
  stdout: any

step cli.invoice.run
  run: SSVC_NOW=1793526000 smartservice --db invoice-test.db invoice --customer ACME --month 2026-11
  stdout: invoice-run.out
  value: 15600.00 -- R1: 400 PROF users x 39.00 SEK for November
  value: 89.00 -- R8: October's one shipment, freight at the default 89.00 SEK, invoiced in arrears
  value: 25.00 -- R8: packaging of that shipment, default 25.00 SEK
  value: 15714.00 -- 15600.00 + 89.00 + 25.00
  value: 19642.50 -- 15714.00 + 25% VAT 3928.50
  value: 2026-12-01 -- due 30 days after the issue date 2026-11-01

step cli.invoice.run-again
  run: SSVC_NOW=1794304800 smartservice --db invoice-test.db invoice --customer ACME --month 2026-11
  stdout: invoice-run.out

step cli.invoice.run.sv
  run: SSVC_NOW=1794304800 smartservice --db invoice-test.db invoice --customer ACME --month 2026-11 --lang sv
  stdout: invoice-run-sv.out

step cli.invoice.run.ubl
  run: SSVC_NOW=1794304800 smartservice --db invoice-test.db invoice --customer ACME --month 2026-11 --format ubl
  stdout: invoice-run-ubl.xml

step cli.invoice.run.out
  run: SSVC_NOW=1794304800 smartservice --db invoice-test.db invoice --customer ACME --month 2026-11 --format ubl --out invoice-run-out.xml
  stdout: empty.out

step cli.invoice.run.out-file
  compare: invoice-run-out.xml $TESTS/invoice-run-ubl.xml

step cli.invoice.no-direct
  run: SSVC_NOW=1794304800 smartservice --db invoice-test.db invoice --customer ACME --month 2026-11 --direct
  stdout: invoice-run-no-direct.out

step cli.invoice.fail.unknown-customer
  run: SSVC_NOW=1794304800 smartservice --db invoice-test.db invoice --customer Nobody --month 2026-11
  exit: 1
  stderr: customer 'Nobody' has no agreement

step cli.invoice.fail.agreement-vat
  run: SSVC_NOW=1791000000 smartservice --db invoice-test.db agreement new --customer VAT24 --name 'Moms AB' --tier PROF --fleet 10 --vat 24
  exit: 1
  stderr: ^smartservice agreement new: --vat: VAT must be 25, 12, 6 or 0 percent \(2500, 1200, 600 or 0 basis points; Peppol SE-R-006 allows a Swedish seller only these rates\) \(got 24 percent, 2400 basis points\)\n$

step cli.invoice.rent.agreement
  run: SSVC_NOW=1791000000 smartservice --db invoice-test.db agreement new --customer RENT --name 'Rent AB' --tier PROF --fleet 10 --vat 12 --swap-rent 49 --buyer-name 'Rent AB' --buyer-org-number 559900-1236 --buyer-vat-number SE559900123601 --buyer-city Malmö --buyer-reference Hyra
  stdout: any

step cli.invoice.rent.receive1
  run: SSVC_NOW=1791000000 smartservice --db invoice-test.db swap receive --customer RENT --imei 353320110000010 --model 'Fairphone 5'
  stdout: any

step cli.invoice.rent.receive2
  run: SSVC_NOW=1791000000 smartservice --db invoice-test.db swap receive --customer RENT --imei 353320110000028 --model 'Fairphone 5'
  stdout: any

step cli.invoice.rent.charge
  run: SSVC_NOW=1791000000 smartservice --db invoice-test.db charge add --customer RENT --kind backup-phone --price 1990 --text 'Reservtelefon Fairphone 5' --actor lead
  stdout: charge-add.out

step cli.invoice.rent.credit
  run: SSVC_NOW=1794304800 smartservice --db invoice-test.db charge add --customer RENT --kind backup-phone --price 1990 --credit --actor lead
  stdout: charge-add-credit.out

step cli.invoice.rent.run
  run: SSVC_NOW=1794304800 smartservice --db invoice-test.db invoice --customer RENT --month 2026-11
  stdout: invoice-run-rent.out
  value: 390.00 -- R1: 10 PROF users x 39.00 SEK (a rented stock needs SWAP administration: PROF)
  value: 98.00 -- R6/R8: 2 rented SWAP phones x 49.00 SEK for the month
  value: 297.36 -- the agreement's 12% VAT of 390.00 + 1990.00 + 98.00 = 2478.00
  value: 2775.36 -- 2478.00 + 297.36

step cli.invoice.rent.list
  run: SSVC_NOW=1794304800 smartservice --db invoice-test.db charge list --customer RENT
  stdout: charge-list.out

step cli.invoice.rent.list.no-header
  run: SSVC_NOW=1794304800 smartservice --db invoice-test.db charge list --customer RENT --no-header
  stdout: charge-list-no-header.out
  absent: UNIT PRICE -- --no-header: the lines of earlier versions, without the column names

step cli.invoice.rent.fail.customer
  run: SSVC_NOW=1794304800 smartservice --db invoice-test.db charge add --customer Nobody --kind backup-phone --price 1
  exit: 1
  stderr: customer 'Nobody' has no agreement

step cli.invoice.no-buyer.agreement
  run: SSVC_NOW=1791000000 smartservice --db invoice-test.db agreement new --customer NOBUY --name 'Nobuy AB' --tier BAS --fleet 5
  stdout: any

step cli.invoice.fail.no-buyer
  run: SSVC_NOW=1794304800 smartservice --db invoice-test.db invoice --customer NOBUY --month 2026-11
  exit: 1
  stderr: NOBUY: the agreement has no buyer identity .*; set it on the agreement with 'smartservice agreement set CUSTOMER --buyer-name .*--buyer-org-number

step cli.invoice.no-buyer.reference-missing
  run: SSVC_NOW=1794304800 smartservice --db invoice-test.db agreement set NOBUY --buyer-name 'Nobuy AB' --buyer-org-number 556123-4567 --buyer-vat-number SE556123456701
  stdout: any

step cli.invoice.fail.no-reference
  run: SSVC_NOW=1794304800 smartservice --db invoice-test.db invoice --customer NOBUY --month 2026-11
  exit: 1
  stderr: no buyer reference and no order reference.*--buyer-reference

step cli.invoice.fail.bad-buyer-org
  run: SSVC_NOW=1794304800 smartservice --db invoice-test.db agreement set NOBUY --buyer-org-number 556123-4568
  exit: 1
  stderr: --buyer-org-number: '556123-4568' fails the check digit

step cli.invoice.no-buyer.nothing-stored
  run: SSVC_NOW=1794304800 smartservice --db invoice-test.db agreement set NOBUY --order-reference 'Avtal 17' --payment-days 20
  stdout: any

step cli.invoice.order-reference
  run: SSVC_NOW=1794304800 smartservice --db invoice-test.db invoice --customer NOBUY --month 2026-11
  stdout: invoice-run-order-reference.out
  value: INV-2026-000003 -- the refused runs took no number: ACME's and RENT's are 000001 and 000002
  value: 2026-11-30 -- the agreement's 20 payment days after the issue date 2026-11-10
  value: Avtal 17 -- the agreement's order reference (Peppol BT-13), as it has no buyer reference

step cli.invoice.out.unwritable
  run: SSVC_NOW=1796983200 smartservice --db invoice-test.db invoice --customer RENT --month 2026-12 --out no-such-dir/rent.txt
  exit: 1
  stderr: --out: cannot write 'no-such-dir/rent.txt' \(No such file or directory\); nothing was done

step cli.invoice.dry-run
  run: SSVC_NOW=1796983200 smartservice --db invoice-test.db invoice --customer RENT --month 2026-12 --dry-run
  stdout: invoice-run-dry.out
  stderr: dry run: nothing was stored
  value: Credit note CRN-2026-000001 (provisional) -- RENT's December: the credit recorded in November (1990.00) exceeds the month's 488.00, so the month is billed as a credit note, the first of 2026; the refused --out above took no number
  value: 1682.24 -- (1990.00 - 390.00 - 98.00) x 1.12

step cli.invoice.dry-run.again
  run: SSVC_NOW=1796983200 smartservice --db invoice-test.db invoice --customer RENT --month 2026-12 --dry-run
  stdout: invoice-run-dry.out
  value: CRN-2026-000001 (provisional) -- the dry run before took no number

step cli.invoice.after-dry-run
  run: SSVC_NOW=1796983200 smartservice --db invoice-test.db invoice --customer RENT --month 2026-12
  stdout: any
  value: Credit note CRN-2026-000001 -- the number the dry runs showed as provisional
  absent: provisional -- the stored run is not marked

step cli.invoice.credit.whole
  run: SSVC_NOW=1797069600 smartservice --db invoice-test.db invoice credit INV-2026-000002 --reason 'Fel hyra'
  stdout: invoice-credit.out
  value: Credit note CRN-2026-000002 -- the next credit note of 2026 (RENT's December took 1), a number series of its own
  value: Credits invoice INV-2026-000002 of 2026-11-10 -- RENT's November invoice, issued on SSVC_NOW 1794304800
  value: 2775.36 -- the whole invoice is credited: its amount due (cli.invoice.rent.run)

step cli.invoice.credit.twice
  run: SSVC_NOW=1797069600 smartservice --db invoice-test.db invoice credit INV-2026-000002 --line 2
  exit: 1
  stderr: line 2 of invoice INV-2026-000002 is already credited by CRN-2026-000002

step cli.invoice.credit.line
  run: SSVC_NOW=1797069600 smartservice --db invoice-test.db invoice credit INV-2026-000001 --line 2 --format ubl --out credit-note.xml
  stdout: empty.out

step cli.invoice.credit.line-file
  compare: credit-note.xml $TESTS/invoice-credit-ubl.xml

step cli.invoice.credits
  run: SSVC_NOW=1797069600 smartservice --db invoice-test.db invoice credits --customer RENT
  stdout: invoice-credits.out
  value: CRN-2026-000002  credits INV-2026-000002 -- the credit note above

step cli.invoice.credit.fail.no-invoice
  run: SSVC_NOW=1797069600 smartservice --db invoice-test.db invoice credit INV-2026-000099
  exit: 1
  stderr: ^smartservice invoice credit: NUMBER: no invoice 'INV-2026-000099'

step cli.invoice.credit.usage.line
  run: SSVC_NOW=1797069600 smartservice --db invoice-test.db invoice credit INV-2026-000001 --line 0
  exit: 2
  stderr: --line must be line numbers N\[,N...\] of 1..10000

step cli.invoice.credit.out.unwritable
  run: SSVC_NOW=1797069600 smartservice --db invoice-test.db invoice credit INV-2026-000001 --line 1 --out no-such-dir/crn.xml
  exit: 1
  stderr: --out: cannot write 'no-such-dir/crn.xml' \(No such file or directory\); nothing was done

step cli.invoice.credit.after-refused-out
  run: SSVC_NOW=1797069600 smartservice --db invoice-test.db invoice credit INV-2026-000001 --line 1 --lang sv
  stdout: any
  value: Kreditnota CRN-2026-000004 -- the refused --out above credited nothing and took no number (RENT's December, RENT's credit and ACME's line 2 took 1-3)
