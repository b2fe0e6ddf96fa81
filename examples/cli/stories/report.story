# smartservice report: usage errors.
# Format and rules: doc/testing.md, "CLI stories".
mode: sequence

# A read command opens the database read-only, so it must exist: the agreement makes it.
step cli.report.usage.setup
  run: SSVC_NOW=1772442000 smartservice --db xml-test.db agreement new --customer A --name A --tier BAS --fleet 1
  stdout: any

step cli.report.usage.format
  run: SSVC_NOW=1772442000 smartservice --db xml-test.db report --customer A --from 2026-01-01 --to 2026-01-31 --format pdf
  exit: 2
  stderr: --format must be xml, csv or html \(got 'pdf'\)

step cli.report.usage.missing
  run: SSVC_NOW=1772442000 smartservice --db xml-test.db report --customer A --from 2026-01-01 --format csv
  exit: 2
  stderr: missing --to

step cli.report.fail.period
  run: SSVC_NOW=1772442000 smartservice --db xml-test.db report --customer A --from 2026-02-01 --to 2026-01-31 --format csv
  exit: 1
  stderr: to: before from
