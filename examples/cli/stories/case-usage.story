# smartservice case: usage errors (exit 2, the bad option named) and the PostgreSQL connection error.
# Format and rules: doc/testing.md, "CLI stories".
mode: independent

step cli.case.usage.no-db
  run: smartservice case list
  exit: 2
  stderr: give --db FILE

step cli.case.usage.no-sub
  run: smartservice --db case-test.db case
  exit: 2
  stderr: expected a subcommand

step cli.case.usage.bad-sub
  run: smartservice --db case-test.db case open
  exit: 2
  stderr: unknown subcommand 'open'

step cli.case.usage.missing
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case new --customer A --name B --model M --tier PROF
  exit: 2
  stderr: option '--imei' is required

step cli.case.usage.date
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case new --customer A --name B --imei 1 --model M --tier PROF --purchased 2025-2-28
  exit: 2
  stderr: --purchased must be a date YYYY-MM-DD \(got '2025-2-28'\)

step cli.case.usage.state
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case event SC-2026-000001 --to lost
  exit: 2
  stderr: --to: unknown case state 'lost'

step cli.case.usage.nothing
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case event SC-2026-000001
  exit: 2
  stderr: nothing to do

step cli.case.usage.list
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case list --open --state closed
  exit: 2
  stderr: at most one of

step cli.case.usage.show
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case show
  exit: 2
  stderr: expected a case id

step cli.case.usage.option
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case show X --colour
  exit: 2
  stderr: unknown option '--colour'

step cli.case.usage.now
  run: SSVC_NOW=soon smartservice --db case-test.db case list
  exit: 2
  stderr: SSVC_NOW must be Unix seconds \(got 'soon'\)

step cli.case.pg-unreachable
  run: smartservice --db postgresql://who:s3cret@127.0.0.1:1/nodb case list
  exit: 1
  stderr: ^smartservice case list: ssvc_pg_open: host=127.0.0.1 port=1 dbname=nodb user=who: cannot connect: [^\n]*refused[^\n]*\n$
