# smartservice agreement: usage errors.
# Format and rules: doc/testing.md, "CLI stories".
mode: independent

step cli.agreement.usage.no-fleet
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db agreement new --customer A --name A --tier BAS
  exit: 2
  stderr: missing --fleet

step cli.agreement.usage.cutoff
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db agreement new --customer A --name A --tier BAS --fleet 1 --cutoff 25:00
  exit: 2
  stderr: --cutoff must be HH:MM from 00:01 to 24:00 \(got '25:00'\)

# Numbers and dates are digits only, exact widths (doc/conventions.md "Dates and numbers as text").
step cli.agreement.usage.cutoff-space
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db agreement new --customer A --name A --tier BAS --fleet 1 --cutoff ' 9:00'
  exit: 2
  stderr: --cutoff must be HH:MM from 00:01 to 24:00 \(got ' 9:00'\)

step cli.agreement.usage.closed-sign
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db agreement new --customer A --name A --tier BAS --fleet 1 --closed 2026-12-24,2026-+1-02
  exit: 2
  stderr: --closed must be a date YYYY-MM-DD \(got '2026-\+1-02'\): column 6

step cli.agreement.usage.fleet-sign
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db agreement new --customer A --name A --tier BAS --fleet +1
  exit: 2
  stderr: --fleet must be a whole number 0\.\.[0-9]+ \(got '\+1'\)

step cli.agreement.usage.money-half
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db agreement new --customer A --name A --tier BAS --fleet 1 --freight 89.
  exit: 2
  stderr: --freight must be an amount in SEK from 0 to 10000000000, like 89 or 89.50 \(got '89\.'\)

step cli.agreement.usage.money-too-large
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db agreement new --customer A --name A --tier BAS --fleet 1 --user-price 10000000001
  exit: 2
  stderr: ^smartservice agreement new: --user-price must be an amount in SEK from 0 to 10000000000, like 89 or 89.50 \(got '10000000001'\)\n$

step cli.agreement.usage.money
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db agreement new --customer A --name A --tier BAS --fleet 1 --freight 1.234
  exit: 2
  stderr: --freight must be an amount in SEK from 0 to 10000000000, like 89 or 89.50 \(got '1.234'\)

step cli.agreement.usage.repaired-to
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db agreement new --customer A --name A --tier BAS --fleet 1 --repaired-to shelf
  exit: 2
  stderr: --repaired-to must be 'user' or 'stock' \(got 'shelf'\)

step cli.agreement.usage.feature
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db agreement new --customer A --name A --tier X --fleet 1 --features teleport
  exit: 2
  stderr: --features: unknown feature 'teleport'

step cli.agreement.usage.no-sub
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db agreement
  exit: 2
  stderr: expected a subcommand: new, set, show or list
