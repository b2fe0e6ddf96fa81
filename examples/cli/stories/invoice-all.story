# smartservice --db FILE invoice --all --month YYYY-MM: the month's invoices of every customer with
# an agreement (doc/cli.md "invoice --all"). Each customer is run on its own, all or nothing: one
# without a buyer is named and not invoiced, the others are; a second run after the fix invoices
# it and prints the stored numbers of the others again.
# Format and rules: doc/testing.md, "CLI stories".
mode: sequence

step cli.invoice-all.fail.no-center
  run: SSVC_NOW=1791000000 smartservice --db all.db agreement new --customer ACME --name 'ACME AB' --tier PROF --fleet 40 --buyer-name 'ACME AB' --buyer-org-number 556036-0793 --buyer-vat-number SE556036079301 --buyer-reference Inköp
  stdout: any

step cli.invoice-all.fail.no-center.run
  run: SSVC_NOW=1794304800 smartservice --db all.db invoice --all --month 2026-11
  exit: 1
  stderr: ^smartservice invoice: no Support Center identity is set; set it first with 'smartservice center set --name \.\.\. --org-number \.\.\. --vat-number \.\.\. --bankgiro \.\.\.'\n$

step cli.invoice-all.setup.center
  run: SSVC_NOW=1791000000 smartservice --db all.db center set --name 'Smartservice Support Center AB' --org-number 556677-8899 --vat-number SE556677889901 --f-skatt --bankgiro 123-4566
  stdout: any

step cli.invoice-all.setup.bygg
  run: SSVC_NOW=1791000000 smartservice --db all.db agreement new --customer BYGG --name 'Bygg AB' --tier BAS --fleet 10 --buyer-name 'Bygg AB' --buyer-org-number 559900-1236 --buyer-vat-number SE559900123601 --buyer-reference Inköp
  stdout: any

step cli.invoice-all.setup.nobuy
  run: SSVC_NOW=1791000000 smartservice --db all.db agreement new --customer NOBUY --name 'Nobuy AB' --tier BAS --fleet 5
  stdout: any

step cli.invoice-all.dry-run
  run: SSVC_NOW=1794304800 smartservice --db all.db invoice --all --month 2026-11 --dry-run
  exit: 1
  stdout: invoice-all-dry-run.out
  stderr: ^smartservice invoice: NOBUY: not invoiced: NOBUY: the agreement has no buyer identity
  value: provisional -- a dry run takes no number

step cli.invoice-all.run
  run: SSVC_NOW=1794304800 smartservice --progress --db all.db invoice --all --month 2026-11
  exit: 1
  stdout: invoice-all-run.out
  stderr: ^invoice: 1 customer, 33%[^\n]*\ninvoice: 2 customers, 66%[^\n]*\nsmartservice invoice: NOBUY: not invoiced: [^\n]*no buyer identity[^\n]*\ninvoice: 3 customers, 100%\n$
  value: INV-2026-000001 -- ACME's service invoice, stored although NOBUY was refused
  value: INV-2026-000002 -- BYGG's

step cli.invoice-all.fix
  run: SSVC_NOW=1794304800 smartservice --db all.db agreement set NOBUY --buyer-name 'Nobuy AB' --buyer-org-number 556123-4567 --buyer-vat-number SE556123456701 --buyer-reference Inköp
  stdout: any

step cli.invoice-all.run-again
  run: SSVC_NOW=1794304800 smartservice --db all.db invoice --all --month 2026-11
  stdout: invoice-all-run-again.out
  value: INV-2026-000003 -- NOBUY's, now that its agreement has a buyer
  value: 3 invoiced -- ACME and BYGG print their stored invoices again

step cli.invoice-all.usage.customer
  run: smartservice --db all.db invoice --all --customer ACME --month 2026-11
  exit: 2
  stderr: give --customer or --all, not both

step cli.invoice-all.usage.format
  run: smartservice --db all.db invoice --all --month 2026-11 --format ubl
  exit: 2
  stderr: --all prints one line per customer

step cli.invoice-all.usage.month
  run: smartservice --db all.db invoice --all
  exit: 2
  stderr: missing --month

step cli.invoice-all.usage.lang
  run: smartservice --db all.db invoice --all --month 2026-11 --lang sv
  exit: 2
  stderr: --all prints one line per customer: it takes no --out, --direct, --lang or --format
