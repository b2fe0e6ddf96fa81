# smartservice --db FILE case note|label ...: the service note and the return label of a case
# whose phone is sent in (doc/documents.md). The clock is fixed by SSVC_NOW (2026-03-02 09:00Z).
# tests/docs/browser_check.py renders them in Chromium and reads the PDFs' barcodes.
# Format and rules: doc/testing.md, "CLI stories".
mode: sequence

step cli.documents.agreement
  run: SSVC_NOW=1772442000 smartservice --db docs-test.db agreement new --customer BYGG --name 'Bygg & Son AB' --tier BAS --fleet 20 --actor lead
  stdout: any

step cli.documents.case
  run: SSVC_NOW=1772442000 smartservice --db docs-test.db case new --customer BYGG --name 'Bo <Ek>' --imei 356938035643809 --model 'Galaxy A15' --symptom 'startar inte' --actor agent
  stdout: any

step cli.documents.fail.no-center
  run: SSVC_NOW=1772442000 smartservice --db docs-test.db case note SC-2026-000001
  exit: 1
  stderr: ^smartservice case note: --return-name: not given, and no Support Center identity is stored to return the phone to; set it first with 'smartservice center set --name \.\.\. --org-number \.\.\. --vat-number \.\.\. --bankgiro \.\.\.'\n$

step cli.documents.center
  run: SSVC_NOW=1772442000 smartservice --db docs-test.db center set --name 'Smartservice Support Center AB' --org-number 556677-8899 --vat-number SE556677889901 --street 'Supportvägen 1' --postal-code '111 22' --city Stockholm --f-skatt --bankgiro 123-4566
  stdout: any

step cli.documents.fail.registered
  run: SSVC_NOW=1772442000 smartservice --db docs-test.db case note SC-2026-000001
  exit: 1
  stderr: SC-2026-000001: the case is registered [(]diagnosis none[)]; a service note is for a phone sent in

step cli.documents.referred
  run: SSVC_NOW=1772442000 smartservice --db docs-test.db case event SC-2026-000001 --to referred --actor agent
  stdout: any

step cli.documents.note
  run: SSVC_NOW=1772442000 smartservice --db docs-test.db case note SC-2026-000001
  stdout: documents-note.html
  value: Bo &lt;Ek&gt; -- the user's name, escaped
  value: 356938035643809 -- the case's IMEI
  value: Supportvägen 1 -- the stored Support Center's address (center set), the return address

step cli.documents.label-en
  run: SSVC_NOW=1772442000 smartservice --db docs-test.db case label SC-2026-000001 --lang en --return-name 'Verkstad AB' --return-street 'Gatan 2' --return-postal-code '411 01' --return-city Göteborg
  stdout: documents-label-en.html
  value: Verkstad AB -- the return address given with --return-*

step cli.documents.pdf
  run: SSVC_NOW=1772442000 smartservice --db docs-test.db case label SC-2026-000001 --format pdf --out label.pdf

step cli.documents.fail.format
  run: smartservice --db docs-test.db case note SC-2026-000001 --format png
  exit: 2
  stderr: --format must be 'html' or 'pdf' [(]got 'png'[)]

step cli.documents.fail.partial-address
  run: smartservice --db docs-test.db case note SC-2026-000001 --return-name 'Verkstad AB'
  exit: 2
  stderr: --return-name, --return-street, --return-postal-code and --return-city go together

step cli.documents.fail.unknown
  run: smartservice --db docs-test.db case label SC-2026-000099
  exit: 1
  stderr: SC-2026-000099
