# smartservice --db FILE roster: the users and phones ACME's agreement covers (issue 21,
# doc/roster.md). The customer's asset-register export (semicolons, Swedish headers, an extra
# column) is tried in a dry run, then imported; the fleet follows the roster (policy refuse);
# entries change one by one; registration fills the case from the roster and refuses a caller
# who is not on it; a file with a duplicate phone is refused with file:line:column.
# Format and rules: doc/testing.md, "CLI stories".
mode: sequence

step cli.roster.setup.agreement
  run: SSVC_NOW=1772442000 smartservice --db roster.db agreement new --customer ACME --name 'Acme AB' --tier PROF --fleet 40 --roster-policy refuse
  stdout: any

step cli.roster.import.dry-run
  run: SSVC_NOW=1772442000 smartservice --db roster.db roster import --customer ACME --dry-run $TESTS/roster-acme.csv
  stdout: roster-dry-run.out
  value: 3 added -- the file's three data rows, none on the roster yet

step cli.roster.import
  run: SSVC_NOW=1772442000 smartservice --db roster.db roster import --customer ACME $TESTS/roster-acme.csv
  stdout: any
  value: 3 rows: 3 added -- the same file, now imported

step cli.roster.list
  run: SSVC_NOW=1772442000 smartservice --db roster.db roster list --customer ACME
  stdout: roster-list.out
  value: +46701234567 -- 070-123 45 67 stored as an international number
  value: Öberg, Bo -- the quoted field keeps its comma

step cli.roster.fleet
  run: SSVC_NOW=1772442000 smartservice --db roster.db agreement show ACME
  stdout: any
  value: fleet:             3 -- the roster's three phones, not the 40 given at creation
  value: roster policy:     refuse -- as created

step cli.roster.show.by-email
  run: SSVC_NOW=1772442000 smartservice --db roster.db roster show --customer ACME BO.OBERG@acme.se
  stdout: roster-show.out
  value: 356938030000021 -- Bo's phone, found by e-mail in another case

step cli.roster.add
  run: SSVC_NOW=1772442000 smartservice --db roster.db roster add --customer ACME --imei 356938030000047 --name 'Dan Ek' --phone 0704444444 --model 'Fairphone 5'
  stdout: any

step cli.roster.set
  run: SSVC_NOW=1772442000 smartservice --db roster.db roster set --customer ACME --imei 356938030000047 --email dan.ek@acme.se
  stdout: any

step cli.roster.remove
  run: SSVC_NOW=1772442000 smartservice --db roster.db roster remove --customer ACME --imei 356938030000039
  stdout: any

step cli.roster.export
  run: SSVC_NOW=1772442000 smartservice --db roster.db roster export --customer ACME
  stdout: roster-export.out
  value: 356938030000047,Dan Ek,+46704444444,dan.ek@acme.se,Fairphone 5,, -- added, then its e-mail set
  absent: 356938030000039 -- removed

step cli.roster.case.from-roster
  run: SSVC_NOW=1772442000 smartservice --db roster.db case new --customer ACME --imei 356938030000013 --symptom 'screen dark'
  stdout: any

step cli.roster.case.show
  run: SSVC_NOW=1772442000 smartservice --db roster.db case show SC-2026-000001
  stdout: any
  value: Anna Berg -- the name from the roster
  value: Fairphone 5 -- the model from the roster
  value: covered (on the customer's roster) -- looked up by IMEI

step cli.roster.fail.not-covered
  run: SSVC_NOW=1772442000 smartservice --db roster.db case new --customer ACME --imei 356938030000062 --name 'Okänd' --model Nokia --phone 0709999999
  exit: 1
  stderr: is not on the roster of 'ACME', whose agreement serves only the users on it

step cli.roster.fail.duplicate-phone
  run: SSVC_NOW=1772442000 smartservice --db roster.db roster import --customer ACME $TESTS/roster-bad-phone.csv
  exit: 1
  stderr: roster-bad-phone.csv:3:26: phone 070-444 44 44 is on line 2 too

step cli.roster.fail.bad-policy
  run: SSVC_NOW=1772442000 smartservice --db roster.db agreement set ACME --roster-policy maybe
  exit: 2
  stderr: --roster-policy must be none, flag or refuse
