# Strict input (issue 17): dates and numbers are read by one strict reader each, digits only and
# exact widths, and a case's phone dates must be plausible; a file of tests/data/hostile/ per
# refusal, each imported into an empty database, refused with the field named and nothing stored.
# Format and rules: doc/testing.md, "CLI stories".
mode: independent

step cli.strict.date-lenient
  run: SSVC_NOW=1772442000 smartservice --db strict-test.db import $SOURCE/tests/data/hostile/date_lenient.xml
  exit: 1
  stdout: any
  value: imported 0 -- the refused record is not stored
  stderr: date_lenient.xml:6:5: case SC-2026-000001: <device>: purchased: not a date YYYY-MM-DD \(got '2026- 1-01'\)

step cli.strict.date-signed
  run: SSVC_NOW=1772442000 smartservice --db strict-test.db import $SOURCE/tests/data/hostile/date_signed.xml
  exit: 1
  stdout: any
  value: imported 0 -- the refused record is not stored
  stderr: date_signed.xml:6:5: case SC-2026-000001: <device>: warranty-end: not a date YYYY-MM-DD \(got '2026-\+1-01'\)

step cli.strict.number-signed
  run: SSVC_NOW=1772442000 smartservice --db strict-test.db import $SOURCE/tests/data/hostile/number_signed.xml
  exit: 1
  stdout: any
  value: imported 0 -- the refused record is not stored
  stderr: number_signed.xml:7:5: case SC-2026-000001: <tier>: features: not a whole number 0\.\.127 \(got '\+127'\)

step cli.strict.purchase-future
  run: SSVC_NOW=1772442000 smartservice --db strict-test.db import $SOURCE/tests/data/hostile/purchase_future.xml
  exit: 1
  stdout: any
  value: imported 0 -- the refused record is not stored
  stderr: purchase_future.xml:4:3: case SC-2026-000001: purchase date: 9999-01-01 is after the registration on 2026-03-02 \(a purchase cannot be in the future\)

step cli.strict.warranty-before-purchase
  run: SSVC_NOW=1772442000 smartservice --db strict-test.db import $SOURCE/tests/data/hostile/warranty_before_purchase.xml
  exit: 1
  stdout: any
  value: imported 0 -- the refused record is not stored
  stderr: warranty end: 2025-05-31 is before the purchase on 2025-06-01
