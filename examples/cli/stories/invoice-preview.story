# invoice-preview: TODO
mode: independent

step cli.invoice-preview
  run: smartservice invoice-preview --tier PROF --users 400 --month 2026-11
  stdout: invoice-preview.out

step cli.invoice-preview.sv
  run: smartservice invoice-preview --tier BAS --users 25 --month 2026-02 --shipments 3 --lang sv
  stdout: invoice-preview-sv.out

step cli.invoice-preview.ubl
  run: smartservice invoice-preview --tier PROF --users 400 --month 2026-11 --shipments 32 --format ubl
  stdout: invoice-preview-ubl.xml

step cli.invoice-preview.prorated
  run: smartservice invoice-preview --tier PROF --users 400,410@2026-11-11,395@2026-11-21 --month 2026-11
  stdout: invoice-preview-prorated.out

step cli.invoice-preview.usage.users-no-date
  run: smartservice invoice-preview --tier PROF --users 400,410 --month 2026-11
  exit: 2
  stderr: --users: count '410' needs a date \(N@YYYY-MM-DD\)

step cli.invoice-preview.usage.users-bad-date
  run: smartservice invoice-preview --tier PROF --users 400,410@2026-13-01 --month 2026-11
  exit: 2
  stderr: --users: '2026-13-01' is not a date YYYY-MM-DD

step cli.invoice-preview.usage.users-other-month
  run: smartservice invoice-preview --tier PROF --users 400,410@2026-12-01 --month 2026-11
  exit: 2
  stderr: --users: 2026-12-01 is not in the month 2026-11

step cli.invoice-preview.fail.users-order
  run: smartservice invoice-preview --tier PROF --users 400,410@2026-11-11,411@2026-11-05 --month 2026-11
  exit: 1
  stderr: in->users\[2\].from is not after in->users\[1\].from

step cli.invoice-preview.usage.bad-month
  run: smartservice invoice-preview --tier PROF --users 400 --month 2026-13
  exit: 2
  stderr: --month must be YYYY-MM with a month 01..12 \(got '2026-13'\)

step cli.invoice-preview.usage.no-month
  run: smartservice invoice-preview --tier PROF --users 400
  exit: 2
  stderr: --month is required

step cli.invoice-preview.usage.no-tier
  run: smartservice invoice-preview --users 400 --month 2026-11
  exit: 2
  stderr: --tier is required

step cli.invoice-preview.usage.no-users
  run: smartservice invoice-preview --tier BAS --month 2026-11
  exit: 2
  stderr: --users is required

step cli.invoice-preview.usage.bad-tier
  run: smartservice invoice-preview --tier GULD --users 4 --month 2026-11
  exit: 2
  stderr: --tier: no tier 'GULD'

step cli.invoice-preview.usage.bad-users
  run: smartservice invoice-preview --tier BAS --users x --month 2026-11
  exit: 2
  stderr: --users must be a whole number

step cli.invoice-preview.usage.bad-shipments
  run: smartservice invoice-preview --tier BAS --users 4 --month 2026-11 --shipments -1
  exit: 2
  stderr: --shipments must be a whole number

step cli.invoice-preview.usage.bad-format
  run: smartservice invoice-preview --tier BAS --users 4 --month 2026-11 --format pdf
  exit: 2
  stderr: --format must be 'text' or 'ubl' \(got 'pdf'\)

step cli.invoice-preview.usage.bad-vat
  run: smartservice invoice-preview --tier BAS --users 4 --month 2026-11 --vat 101
  exit: 2
  stderr: --vat must be a percentage

step cli.invoice-preview.usage.bad-lang
  run: smartservice invoice-preview --tier BAS --users 4 --month 2026-11 --lang fi
  exit: 2
  stderr: --lang must be 'sv' or 'en'

step cli.invoice-preview.fail.users
  run: smartservice invoice-preview --tier BAS --users 20000000 --month 2026-11
  exit: 1
  stderr: in->users\[0\].users must be 0..10000000 \(got 20000000\)

step cli.invoice-preview.fail.empty-ubl
  run: smartservice invoice-preview --tier BAS --users 0 --month 2026-11 --format ubl
  exit: 1
  stderr: invoice PREVIEW-2026-11 has no lines
