# smartservice invoice: usage errors.
# Format and rules: doc/testing.md, "CLI stories".
mode: independent

step cli.invoice.usage.bad-month
  run: SSVC_NOW=1793526000 smartservice --db invoice-test.db invoice --customer ACME --month 2026-13
  exit: 2
  stderr: --month must be YYYY-MM with a month 01..12 .*'2026-13'

step cli.invoice.usage.no-customer
  run: SSVC_NOW=1793526000 smartservice --db invoice-test.db invoice --month 2026-11
  exit: 2
  stderr: missing --customer

step cli.invoice.usage.no-month
  run: SSVC_NOW=1793526000 smartservice --db invoice-test.db invoice --customer ACME
  exit: 2
  stderr: missing --month

step cli.invoice.usage.bad-format
  run: SSVC_NOW=1793526000 smartservice --db invoice-test.db invoice --customer ACME --month 2026-11 --format pdf
  exit: 2
  stderr: --format must be 'text' or 'ubl' \(got 'pdf'\)

step cli.invoice.usage.no-db
  run: smartservice invoice --customer ACME --month 2026-11
  exit: 2
  stderr: --db
