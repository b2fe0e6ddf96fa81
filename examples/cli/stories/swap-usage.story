# smartservice swap: usage errors.
# Format and rules: doc/testing.md, "CLI stories".
mode: independent

step cli.swap.usage.no-sub
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db swap
  exit: 2
  stderr: expected a subcommand: receive, list

step cli.swap.usage.unknown-sub
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db swap frob
  exit: 2
  stderr: unknown subcommand 'frob'

step cli.swap.usage.no-case
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db swap reserve
  exit: 2
  stderr: expected a case id

step cli.swap.usage.no-imei
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db swap receive --customer A --model M
  exit: 2
  stderr: missing --imei

step cli.swap.usage.list
  run: SSVC_NOW=1772442000 smartservice --db swap-test.db swap list
  exit: 2
  stderr: missing --customer

step cli.swap.usage.no-db
  run: smartservice swap list --customer A
  exit: 2
  stderr: no database: give --db FILE, set SMARTSERVICE_DB, or write db = FILE in [^ ]*no-config/smartservice/config
