# smartservice check and backup: a database checked for damage, reading only, and copied while in
# use; read commands on damaged files fail before they print anything (doc/storage.md, "Damage,
# read-only use and backups"). The damaged files are in tests/data/hostile: damaged_record.db has a
# case and a SWAP unit cut short; damaged_pages.db has a b-tree page whose cell count was lowered,
# so SQLite silently drops two index entries.
# Format and rules: doc/testing.md, "CLI stories".
mode: sequence

step cli.store.setup
  run: SSVC_NOW=1772442000 smartservice --db store-test.db agreement new --customer ACME --name ACME --tier PROF --fleet 100
  stdout: any

step cli.store.setup.case
  run: SSVC_NOW=1772442000 smartservice --db store-test.db case new --customer ACME --name 'Karin Holm' --imei 353918112200015 --model 'iPhone 15' --tier PROF --symptom screen --actor agent-1
  stdout: any

step cli.store.setup.swap
  run: SSVC_NOW=1772442000 smartservice --db store-test.db swap receive --customer ACME --imei 350000000000006 --model 'iPhone 15'
  stdout: any

step cli.store.check.clean
  run: smartservice --db store-test.db check
  stdout: store-check-clean.out

step cli.store.backup
  run: smartservice --db store-test.db backup copy.db
  stdout: store-backup.out

step cli.store.backup.check
  run: smartservice --db copy.db check
  stdout: store-check-copy.out

step cli.store.backup.restored
  run: smartservice --db copy.db case list
  stdout: store-case-list.out
  value: SC-2026-000001 -- the one case registered before the backup

step cli.store.backup.exists
  run: smartservice --db store-test.db backup copy.db
  exit: 1
  stderr: copy.db: already exists

step cli.store.backup.usage
  run: smartservice --db store-test.db backup
  exit: 2
  stderr: give the file to write the copy to

step cli.store.read.missing
  run: smartservice --db missing.db case list
  exit: 1
  stderr: missing.db: no such file

step cli.store.check.record
  run: smartservice --db '$SOURCE/tests/data/hostile/damaged_record.db' check
  exit: 1
  stdout: store-check-record.out
  stderr: damaged_record.db: 2 problems found
  value: SC-2026-000002 cannot be read -- the second case's record was cut in half
  value: SWAP unit ACME 350000000000022 cannot be read -- the third unit's record was cut to 8 bytes

step cli.store.check.pages
  run: smartservice --db '$SOURCE/tests/data/hostile/damaged_pages.db' check
  exit: 1
  stdout: any
  stderr: damaged_pages.db: 3 problems found
  value: SQLite integrity check: -- SQLite's own words follow (they vary with its version)
  value: case SC-2026-000040 is missing from the case list of customer ACME -- the page's last two cells, the list entries of cases 39 and 40, dropped

step cli.store.swap-list.damaged
  run: smartservice --db '$SOURCE/tests/data/hostile/damaged_record.db' swap list --customer ACME
  exit: 1
  stderr: unit of ACME: the stored record is malformed

step cli.store.export.damaged
  run: smartservice --db '$SOURCE/tests/data/hostile/damaged_record.db' export -
  exit: 1
  stderr: SC-2026-000002: the stored record is malformed

step cli.store.case-list.damaged
  run: smartservice --db '$SOURCE/tests/data/hostile/damaged_record.db' case list
  exit: 1
  stderr: SC-2026-000002: the stored record is malformed

step cli.store.not-a-database
  run: smartservice --db '$SOURCE/tests/data/hostile/not_xml.xml' case list
  exit: 1
  stderr: not_xml.xml is not a smartservice database
