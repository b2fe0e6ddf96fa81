# smartservice --db FILE center set|show: the Support Center's own identity, stored once, the
# seller of every invoice; its numbers are checked (doc/charges.md "Parties").
# Format and rules: doc/testing.md, "CLI stories".
mode: sequence

step cli.center.show.none
  run: SSVC_NOW=1791000000 smartservice --db center-test.db center show
  exit: 1
  stderr: no Support Center identity is set.*center set --name

step cli.center.fail.luhn
  run: SSVC_NOW=1791000000 smartservice --db center-test.db center set --name 'Support AB' --org-number 556000-0000 --vat-number SE556000000001 --bankgiro 123-4566
  exit: 1
  stderr: --org-number: '556000-0000' fails the check digit

step cli.center.fail.vat
  run: SSVC_NOW=1791000000 smartservice --db center-test.db center set --name 'Support AB' --org-number 556677-8899 --vat-number SE556677889902 --bankgiro 123-4566
  exit: 1
  stderr: --vat-number: 'SE556677889902' is not a Swedish VAT number

step cli.center.fail.bankgiro
  run: SSVC_NOW=1791000000 smartservice --db center-test.db center set --name 'Support AB' --org-number 556677-8899 --vat-number SE556677889901 --bankgiro 123-4567
  exit: 1
  stderr: --bankgiro: '123-4567' fails the check digit

step cli.center.fail.no-account
  run: SSVC_NOW=1791000000 smartservice --db center-test.db center set --name 'Support AB' --org-number 556677-8899 --vat-number SE556677889901
  exit: 1
  stderr: --bankgiro, --iban: one must be given

step cli.center.set
  run: SSVC_NOW=1791000000 smartservice --db center-test.db center set --name 'Smartservice Support Center AB' --org-number 556677-8899 --vat-number SE556677889901 --street 'Supportvägen 1' --postal-code '111 22' --city Stockholm --f-skatt --bankgiro 123-4566 --contact Fakturaservice --email faktura@smartservice.example
  stdout: center-set.out

step cli.center.set.iban
  run: SSVC_NOW=1791000600 smartservice --db center-test.db center set --iban 'SE45 5000 0000 0583 9825 7466' --bic ESSESESS
  stdout: center-set.out

step cli.center.show
  run: SSVC_NOW=1791000600 smartservice --db center-test.db center show
  stdout: center-show.out
  value: 0007:5566778899 -- the default endpoint: scheme 0007 and the organisation number's digits
  value: Godkänd för F-skatt -- Swedish rule SE-R-005's wording

step cli.center.fail.bad-iban
  run: SSVC_NOW=1791000600 smartservice --db center-test.db center set --iban 'SE45 5000 0000 0583 9825 7467'
  exit: 1
  stderr: --iban: 'SE45 5000 0000 0583 9825 7467' fails the IBAN check digits

step cli.center.usage.nothing
  run: smartservice --db center-test.db center set
  exit: 2
  stderr: nothing to set
