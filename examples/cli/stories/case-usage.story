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
  stderr: missing --imei

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

step cli.case.usage.find
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case find
  exit: 2
  stderr: expected the text to look for

step cli.case.usage.list
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case list --open --state shipped-out
  exit: 2
  stderr: --state: unknown case state 'shipped-out'

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
  stderr: SSVC_NOW must be Unix seconds 0\.\.7258118399, digits only \(got 'soon'\): column 1: expected a digit

# SSVC_NOW is read as dates and numbers are (doc/conventions.md "Dates and numbers as text"): a
# clock before 1970 (it gave case SC-1969-000001) or past the calendar is refused, not wrapped.
step cli.case.usage.now-negative
  run: SSVC_NOW=-1 smartservice --db case-test.db case new --customer A --name B --imei 490154203237518 --model M
  exit: 2
  stderr: SSVC_NOW must be Unix seconds 0\.\.7258118399, digits only \(got '-1'\): column 1: expected a digit \(got '-'\)
  absent: SC-1969 -- no case is registered on a clock before 1970

step cli.case.usage.now-overflow
  run: SSVC_NOW=99999999999999999999 smartservice --db case-test.db case list
  exit: 2
  stderr: \(got '99999999999999999999'\): 99999999999999999999 is over 7258118399

step cli.case.usage.now-space
  run: SSVC_NOW=' 1772442000' smartservice --db case-test.db case list
  exit: 2
  stderr: column 1: expected a digit \(got ' '\)

step cli.case.usage.date-space
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case new --customer A --name B --imei 490154203237518 --model M --purchased '2026- 1-01'
  exit: 2
  stderr: --purchased must be a date YYYY-MM-DD \(got '2026- 1-01'\): column 6: expected two digits of the month \(got ' '\)

step cli.case.usage.date-sign
  run: SSVC_NOW=1772442000 smartservice --db case-test.db case new --customer A --name B --imei 490154203237518 --model M --warranty-end 2026-+1-01
  exit: 2
  stderr: --warranty-end must be a date YYYY-MM-DD \(got '2026-\+1-01'\): column 6: expected two digits of the month \(got '\+'\)

step cli.case.pg-unreachable
  run: smartservice --db postgresql://who:s3cret@127.0.0.1:1/nodb case list
  exit: 1
  stderr: ^smartservice case list: host=127.0.0.1 port=1 dbname=nodb user=who: cannot connect: [^\n]*refused[^\n]*\n$
