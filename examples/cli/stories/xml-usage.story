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

step cli.xml.usage.max-record-zero
  run: SSVC_NOW=1772442000 smartservice --db xml-test.db import --max-record-bytes 0 x.xml
  exit: 2
  stderr: --max-record-bytes must be at least 1 \(got '0'\)

step cli.xml.usage.max-record-word
  run: SSVC_NOW=1772442000 smartservice --db xml-test.db import --max-record-bytes 1MB x.xml
  exit: 2
  stderr: --max-record-bytes must be a whole number 0..4294967295 \(got '1MB'\)
