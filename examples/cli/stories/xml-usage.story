# smartservice import/export: usage errors.
# Format and rules: doc/testing.md, "CLI stories".
mode: independent

step cli.xml.usage.policy
  run: SSVC_NOW=1772442000 smartservice --db xml-test.db import --on-duplicate merge x.xml
  exit: 2
  stderr: --on-duplicate must be reject, skip or replace \(got 'merge'\)

step cli.xml.usage.no-file
  run: SSVC_NOW=1772442000 smartservice --db xml-test.db import
  exit: 2
  stderr: expected the XML file to import

step cli.xml.usage.export-date
  run: SSVC_NOW=1772442000 smartservice --db xml-test.db export - --from 2026-02-30
  exit: 2
  stderr: --from must be a date YYYY-MM-DD \(got '2026-02-30'\)
