# Agreements in the XML interchange: export, import under each duplicate policy, round trip.
# Format and rules: doc/testing.md, "CLI stories".
mode: sequence

step cli.xml.agreement.new
  run: SSVC_NOW=1772442000 smartservice --db xml-agreements.db agreement new --customer 'Kund AB' --name 'Kund & Co AB' --tier GOLD --tier-name Guld --features diagnosis,sync,swap-activation --tier-price 45.50 --fleet 120 --loan --percent 5 --cutoff 15:30 --return-days 7 --closed 2026-12-28,2026-05-05 --freight 99 --packaging 0 --replacement-value 1500 --vat 12 --swap-rent 49 --models 'Fairphone 5:3:2500,Galaxy A15'
  stdout: agreement-new-kund.out

step cli.xml.agreement.new2
  run: SSVC_NOW=1772442000 smartservice --db xml-agreements.db agreement new --customer ACME --name 'ACME AB' --tier PROF --fleet 100
  stdout: report-agreement.out

step cli.xml.agreement.cases
  run: SSVC_NOW=1772442000 smartservice --db xml-agreements.db import $TESTS/export-bygg.xml
  stdout: import-bygg.out

step cli.xml.agreement.export
  run: SSVC_NOW=1772442000 smartservice --db xml-agreements.db export -
  stdout: export-agreements.xml
  stderr: exported 1 case, 2 agreements

step cli.xml.agreement.export.customer
  run: SSVC_NOW=1772442000 smartservice --db xml-agreements.db export - --customer 'Kund AB'
  stdout: export-agreement-kund.xml
  stderr: exported 0 cases, 1 agreement

step cli.xml.agreement.export.file
  run: SSVC_NOW=1772442000 smartservice --db xml-agreements.db export agreements.xml
  stdout: export-agreements.out

step cli.xml.agreement.import
  run: SSVC_NOW=1772442000 smartservice --db xml-agreements2.db import --validate agreements.xml
  stdout: import-agreements.out

# Progress (doc/cli.md "Progress"): --progress shows it without a terminal; the agreements in the
# file are not counted as cases.
step cli.xml.agreement.import.progress
  run: SSVC_NOW=1772442000 smartservice import agreements.xml --db xml-agreements3.db --progress
  stdout: import-agreements.out
  stderr: ^import: 1 case, 100%\n$

step cli.xml.agreement.export.progress
  run: SSVC_NOW=1772442000 smartservice --progress --db xml-agreements3.db export -
  stdout: export-agreements.xml
  stderr: ^export: 1 case, 100%\nexported 1 case, 2 agreements\n$

step cli.xml.agreement.export.quiet
  run: SSVC_NOW=1772442000 smartservice --db xml-agreements3.db export -
  stdout: export-agreements.xml
  stderr: ^exported 1 case, 2 agreements\n$

step cli.xml.agreement.round-trip
  run: SSVC_NOW=1772442000 smartservice --db xml-agreements2.db export -
  stdout: export-agreements.xml

step cli.xml.agreement.show
  run: SSVC_NOW=1772442000 smartservice --db xml-agreements2.db agreement show 'Kund AB'
  stdout: agreement-show-imported.out

step cli.xml.agreement.skip
  run: SSVC_NOW=1772442000 smartservice --db xml-agreements2.db import --on-duplicate skip agreements.xml
  stdout: import-agreements-skip.out

step cli.xml.agreement.replace
  run: SSVC_NOW=1772442000 smartservice --db xml-agreements2.db import --on-duplicate replace agreements.xml
  stdout: import-agreements-replace.out

step cli.xml.agreement.fail.bad
  run: SSVC_NOW=1772442000 smartservice --db xml-agreements2.db import --continue $TESTS/import-agreement-bad.xml
  stdout: import-agreement-bad.out
  stderr: import-agreement-bad.xml:3:3: agreement X: .*spec->tier_code: no built-in tier 'GOLDEN'
