# smartservice invoice-preview (rule R8): text in both languages, UBL, proration by day, usage
# errors (exit 2, the option named) and failures (exit 1). The seller is the stored Support
# Center, the buyer the agreement's of --customer; without a buyer the text is marked not
# sendable and UBL is refused.
# Format and rules: doc/testing.md, "CLI stories".
mode: sequence

step cli.invoice-preview.setup.center
  run: smartservice --db preview-test.db center set --name 'Smartservice Support Center AB' --org-number 556677-8899 --vat-number SE556677889901 --street 'Supportvägen 1' --postal-code '111 22' --city Stockholm --f-skatt --bankgiro 123-4566
  stdout: any

step cli.invoice-preview.setup.agreement
  run: smartservice --db preview-test.db agreement new --customer KUND --name 'Kund AB' --tier PROF --fleet 400 --buyer-name 'Kund AB' --buyer-org-number 556036-0793 --buyer-vat-number SE556036079301 --buyer-city Göteborg --buyer-reference Inköp
  stdout: any

step cli.invoice-preview
  run: smartservice --db preview-test.db invoice-preview --tier PROF --users 400 --month 2026-11 --customer KUND
  stdout: invoice-preview.out
  value: 15600.00 -- R1: 400 PROF users x 39.00 SEK
  value: 3900.00 -- 25% VAT of 15600.00
  value: 19500.00 -- 15600.00 + 3900.00

step cli.invoice-preview.sv
  run: smartservice --db preview-test.db invoice-preview --tier BAS --users 25 --month 2026-02 --shipments 3 --lang sv --customer KUND
  stdout: invoice-preview-sv.out
  value: 475.00 -- R1: 25 BAS users x 19.00 SEK
  value: 267.00 -- R8: 3 shipments x 89.00 SEK freight, in arrears (January on February's invoice)
  value: 75.00 -- R8: 3 x 25.00 SEK packaging
  value: 817.00 -- 475.00 + 267.00 + 75.00
  value: 204.25 -- 25% of 817.00
  value: 1021.25 -- 817.00 + 204.25

step cli.invoice-preview.ubl
  run: smartservice --db preview-test.db invoice-preview --tier PROF --users 400 --month 2026-11 --shipments 32 --format ubl --customer KUND
  stdout: invoice-preview-ubl.xml

step cli.invoice-preview.prorated
  run: smartservice --db preview-test.db invoice-preview --tier PROF --users 400,410@2026-11-11,395@2026-11-21 --month 2026-11 --customer KUND
  stdout: invoice-preview-prorated.out
  value: 5200.00 -- 400 users x 10 days x 39.00/30 (1-10 Nov)
  value: 5330.00 -- 410 users x 10 days x 1.30 (11-20 Nov)
  value: 5135.00 -- 395 users x 10 days x 1.30 (21-30 Nov)
  value: 15665.00 -- the sum of the three periods
  value: 19581.25 -- 15665.00 + 25% VAT 3916.25

step cli.invoice-preview.tier-change
  run: smartservice --db preview-test.db invoice-preview --tier BAS,PROF@2026-11-16 --users 125 --month 2026-11 --customer KUND
  stdout: invoice-preview-tier-change.out
  value: 1187.50 -- 125 BAS users x 15 days x 19.00/30 (1-15 Nov)
  value: 2437.50 -- 125 PROF users x 15 days x 39.00/30 (16-30 Nov)
  value: 3625.00 -- the sum, not 125 x 39.00 = 4875.00 for the whole month at PROF
  value: 4531.25 -- 3625.00 + 25% VAT 906.25

step cli.invoice-preview.usage.tier-no-date
  run: smartservice --db preview-test.db invoice-preview --tier BAS,PROF --users 125 --month 2026-11 --customer KUND
  exit: 2
  stderr: --tier: tier 'PROF' needs a date \(T@YYYY-MM-DD\)

step cli.invoice-preview.usage.tier-change-unknown
  run: smartservice --db preview-test.db invoice-preview --tier BAS,GOLD@2026-11-16 --users 125 --month 2026-11 --customer KUND
  exit: 2
  stderr: --tier: no tier 'GOLD'

step cli.invoice-preview.usage.users-no-date
  run: smartservice --db preview-test.db invoice-preview --tier PROF --users 400,410 --month 2026-11 --customer KUND
  exit: 2
  stderr: --users: count '410' needs a date \(N@YYYY-MM-DD\)

step cli.invoice-preview.usage.users-bad-date
  run: smartservice --db preview-test.db invoice-preview --tier PROF --users 400,410@2026-13-01 --month 2026-11 --customer KUND
  exit: 2
  stderr: --users: '2026-13-01' is not a date YYYY-MM-DD

step cli.invoice-preview.usage.users-other-month
  run: smartservice --db preview-test.db invoice-preview --tier PROF --users 400,410@2026-12-01 --month 2026-11 --customer KUND
  exit: 2
  stderr: --users: 2026-12-01 is not in the month 2026-11

step cli.invoice-preview.fail.users-order
  run: smartservice --db preview-test.db invoice-preview --tier PROF --users 400,410@2026-11-11,411@2026-11-05 --month 2026-11 --customer KUND
  exit: 1
  stderr: ^smartservice invoice-preview: --users item 3's date is not after --users item 2's date\n$

step cli.invoice-preview.usage.bad-month
  run: smartservice --db preview-test.db invoice-preview --tier PROF --users 400 --month 2026-13 --customer KUND
  exit: 2
  stderr: --month must be YYYY-MM with a month 01..12 \(got '2026-13'\)

step cli.invoice-preview.usage.no-month
  run: smartservice --db preview-test.db invoice-preview --tier PROF --users 400 --customer KUND
  exit: 2
  stderr: missing --month

step cli.invoice-preview.usage.no-tier
  run: smartservice --db preview-test.db invoice-preview --users 400 --month 2026-11 --customer KUND
  exit: 2
  stderr: missing --tier

step cli.invoice-preview.usage.no-users
  run: smartservice --db preview-test.db invoice-preview --tier BAS --month 2026-11 --customer KUND
  exit: 2
  stderr: missing --users

step cli.invoice-preview.usage.bad-tier
  run: smartservice --db preview-test.db invoice-preview --tier GULD --users 4 --month 2026-11 --customer KUND
  exit: 2
  stderr: --tier: no tier 'GULD'

step cli.invoice-preview.usage.bad-users
  run: smartservice --db preview-test.db invoice-preview --tier BAS --users x --month 2026-11 --customer KUND
  exit: 2
  stderr: --users must be a whole number

step cli.invoice-preview.usage.bad-shipments
  run: smartservice --db preview-test.db invoice-preview --tier BAS --users 4 --month 2026-11 --shipments -1 --customer KUND
  exit: 2
  stderr: --shipments must be a whole number

step cli.invoice-preview.usage.bad-format
  run: smartservice --db preview-test.db invoice-preview --tier BAS --users 4 --month 2026-11 --format pdf --customer KUND
  exit: 2
  stderr: --format must be 'text' or 'ubl' \(got 'pdf'\)

step cli.invoice-preview.usage.bad-vat
  run: smartservice --db preview-test.db invoice-preview --tier BAS --users 4 --month 2026-11 --vat 101 --customer KUND
  exit: 2
  stderr: --vat must be a percentage

step cli.invoice-preview.fail.vat-not-swedish
  run: smartservice --db preview-test.db invoice-preview --tier BAS --users 4 --month 2026-11 --vat 24 --customer KUND
  exit: 1
  stderr: --vat: VAT must be 25, 12, 6 or 0 percent \(2500, 1200, 600 or 0 basis points; Peppol SE-R-006 allows a Swedish seller only these rates\) \(got 24 percent, 2400 basis points\)

step cli.invoice-preview.fail.vat-fraction
  run: smartservice --db preview-test.db invoice-preview --tier BAS --users 4 --month 2026-11 --vat 12.5 --customer KUND
  exit: 1
  stderr: SE-R-006.*\(got 12.5 percent, 1250 basis points\)

step cli.invoice-preview.usage.bad-lang
  run: smartservice --db preview-test.db invoice-preview --tier BAS --users 4 --month 2026-11 --lang fi --customer KUND
  exit: 2
  stderr: --lang must be 'sv' or 'en'

step cli.invoice-preview.fail.tier-order
  run: smartservice --db preview-test.db invoice-preview --tier BAS,PROF@2026-11-20,BAS@2026-11-10 --users 4 --month 2026-11 --customer KUND
  exit: 1
  stderr: ^smartservice invoice-preview: --tier item 3's date is not after --tier item 2's date\n$

step cli.invoice-preview.fail.users
  run: smartservice --db preview-test.db invoice-preview --tier BAS --users 20000000 --month 2026-11 --customer KUND
  exit: 1
  stderr: ^smartservice invoice-preview: --users item 1 must be 0..10000000 \(got 20000000\)\n$

step cli.invoice-preview.fail.empty-ubl
  run: smartservice --db preview-test.db invoice-preview --tier BAS --users 0 --month 2026-11 --format ubl --customer KUND
  exit: 1
  stderr: invoice PREVIEW-2026-11 has no lines

step cli.invoice-preview.no-customer
  run: smartservice --db preview-test.db invoice-preview --tier PROF --users 400 --month 2026-11
  stdout: invoice-preview-unsendable.out
  value: PREVIEW, NOT SENDABLE -- no --customer: no buyer identity, so the text is marked

step cli.invoice-preview.no-customer.ubl
  run: smartservice --db preview-test.db invoice-preview --tier PROF --users 400 --month 2026-11 --format ubl
  exit: 1
  stderr: --format ubl: not sendable: no customer

step cli.invoice-preview.no-center
  run: smartservice --db empty-test.db invoice-preview --tier PROF --users 400 --month 2026-11
  exit: 1
  stderr: no Support Center identity is set.*center set --name
