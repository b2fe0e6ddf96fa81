# smartservice --db FILE import|export|report: hostile files refused, cases and agreements imported
# and exported, the quality report (rule R9).
# Format and rules: doc/testing.md, "CLI stories".
mode: sequence

step cli.xml.fail.hostile
  run: SSVC_NOW=1772442000 smartservice --db xml-test.db import '$SOURCE/tests/data/hostile/billion_laughs.xml'
  exit: 1
  stderr: billion_laughs.xml:2:1: DOCTYPE is not allowed

step cli.xml.fail.record-limit
  run: SSVC_NOW=1772442000 smartservice --db xml-test.db import --continue --max-record-bytes 500 $TESTS/report-cases.xml
  exit: 1
  stderr: report-cases.xml:3:3: record <case> larger than max_record_bytes \(500 bytes; line 9 reached\) \(a limit stops the import even with continue_on_error\)

step cli.xml.import
  run: SSVC_NOW=1772442000 smartservice --db xml-test.db import $TESTS/report-cases.xml
  stdout: import.out

step cli.xml.export
  run: SSVC_NOW=1772442000 smartservice --db xml-test.db export -
  stdout: report-cases.xml
  stderr: exported 6 cases

step cli.xml.export.customer
  run: SSVC_NOW=1772442000 smartservice --db xml-test.db export - --customer 'Bygg AB'
  stdout: export-bygg.xml

step cli.xml.export.period
  run: SSVC_NOW=1772442000 smartservice --db xml-test.db export - --customer ACME --from 2026-04-01 --to 2026-04-30
  stdout: export-april.xml

step cli.xml.fail.duplicate
  run: SSVC_NOW=1772442000 smartservice --db xml-test.db import $TESTS/report-cases.xml
  stdout: import-dup.out
  exit: 1
  stderr: report-cases.xml:3:3: case SC-2026-000001: the case exists already

step cli.xml.import.skip
  run: SSVC_NOW=1772442000 smartservice --db xml-test.db import --on-duplicate skip $TESTS/report-cases.xml
  stdout: import-skip.out

step cli.xml.import.replace
  run: SSVC_NOW=1772442000 smartservice --db xml-test.db import --on-duplicate=replace --validate $TESTS/report-cases.xml
  stdout: import-replace.out

step cli.report.csv
  run: SSVC_NOW=1772442000 smartservice --db xml-test.db report --customer ACME --from 2026-03-01 --to 2026-03-31 --format csv
  stdout: report.csv

step cli.report.xml
  run: SSVC_NOW=1772442000 smartservice --db xml-test.db report --customer ACME --from 2026-03-01 --to 2026-03-31 --format xml
  stdout: report.xml

step cli.report.html
  run: SSVC_NOW=1772442000 smartservice --db xml-test.db report --customer ACME --from 2026-03-01 --to 2026-03-31 --format html
  stdout: report.html

# Progress (doc/cli.md "Progress"): --progress shows it without a terminal, the count of cases
# read and how far through the times the report covers; quiet without it (the step above).
step cli.report.progress
  run: SSVC_NOW=1772442000 smartservice --progress --db xml-test.db report --customer ACME --from 2026-03-01 --to 2026-03-31 --format csv
  stdout: report.csv
  stderr: ^report: [0-9]+ cases?, 100%\n$

# Without --format: the extension of --out, else CSV.
step cli.report.default-csv
  run: SSVC_NOW=1772442000 smartservice --db xml-test.db report --customer ACME --from 2026-03-01 --to 2026-03-31
  stdout: report.csv

step cli.report.default-by-out
  run: SSVC_NOW=1772442000 smartservice --db xml-test.db report --customer ACME --from 2026-03-01 --to 2026-03-31 --out march.html

step cli.report.default-by-out.html
  compare: march.html $TESTS/report.html

step cli.xml.fail.missing
  run: SSVC_NOW=1772442000 smartservice --db xml-test.db import $TESTS/no-such.xml
  exit: 1
  stderr: no-such.xml: cannot open

step cli.report.agreement
  run: SSVC_NOW=1772442000 smartservice --db xml-test.db agreement new --customer ACME --name 'ACME AB' --tier PROF --fleet 100
  stdout: report-agreement.out

step cli.report.receive
  run: SSVC_NOW=1772442000 smartservice --db xml-test.db swap receive --customer ACME --imei 352099001761481,356938035643809 --model 'Galaxy A15'
  stdout: report-receive.out

step cli.report.swap
  run: SSVC_NOW=1772442000 smartservice --db xml-test.db report --customer ACME --from 2026-03-01 --to 2026-03-31 --format csv
  stdout: report-swap.csv

step cli.report.targets.set
  run: SSVC_NOW=1772442000 smartservice --db xml-test.db report targets set --customer ACME --on-time 98 --solved-on-phone 25
  stdout: report-targets.out

step cli.report.targets.show
  run: SSVC_NOW=1772442000 smartservice --db xml-test.db report targets show --customer ACME
  stdout: report-targets.out

step cli.report.targets.bad
  run: SSVC_NOW=1772442000 smartservice --db xml-test.db report targets set --customer ACME --on-time 120
  exit: 2
  stderr: on-time

step cli.report.targets.no-agreement
  run: SSVC_NOW=1772442000 smartservice --db xml-test.db report targets set --customer NOPE --on-time 98
  exit: 1
  stderr: NOPE

step cli.report.month.en
  run: SSVC_NOW=1772442000 smartservice --db xml-test.db report --customer ACME --month 2026-03 --format html --lang en --supplier 'Smartservice Support Center'
  stdout: report-en.html

step cli.report.usage.month
  run: SSVC_NOW=1772442000 smartservice --db xml-test.db report --customer ACME --month 2026-13 --format html
  exit: 2
  stderr: --month must be YYYY-MM \(got '2026-13'\)
