# smartservice charge: usage errors.
# Format and rules: doc/testing.md, "CLI stories".
mode: independent

step cli.charge.usage.kind
  run: SSVC_NOW=1794304800 smartservice --db invoice-test.db charge add --customer RENT --kind monthly-fee --price 1
  exit: 2
  stderr: --kind must be a charge kind.*'monthly-fee'

step cli.charge.usage.price
  run: SSVC_NOW=1794304800 smartservice --db invoice-test.db charge add --customer RENT --kind repair --price 12,50
  exit: 2
  stderr: --price must be an amount in SEK.*'12,50'

step cli.charge.usage.date
  run: SSVC_NOW=1794304800 smartservice --db invoice-test.db charge add --customer RENT --kind repair --price 1 --date 2026-11
  exit: 2
  stderr: --date must be a date YYYY-MM-DD

step cli.charge.usage.sub
  run: SSVC_NOW=1794304800 smartservice --db invoice-test.db charge remove
  exit: 2
  stderr: expected 'add' or 'list' \(got 'remove'\)

step cli.charge.fail.quantity
  run: SSVC_NOW=1794304800 smartservice --db invoice-test.db charge add --customer RENT --kind repair --price 1 --quantity 0
  exit: 1
  stderr: charge.quantity must be 1..10\^6
