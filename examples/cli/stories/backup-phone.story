# smartservice --db FILE backup-phone: the backup phones at a customer's site
# (doc/backup-phones.md, issue 21). A bought phone is charged once on the account; a rented one
# is rent on the invoice. The clock is fixed by SSVC_NOW (2026-03-02 09:00Z).
# Format and rules: doc/testing.md, "CLI stories".
mode: sequence

step cli.backup-phone.agreement
  run: SSVC_NOW=1772442000 smartservice --db backup-phone-test.db agreement new --customer ACME --name 'ACME AB' --tier PROF --fleet 100
  stdout: any

step cli.backup-phone.add-rented
  run: SSVC_NOW=1772442000 smartservice --db backup-phone-test.db backup-phone add --customer ACME --imei 356938030000013 --model 'Nokia 105' --terms rented
  stdout: backup-phone-add-rented.out
  value: at the site, rented -- the terms given

step cli.backup-phone.add-bought
  run: SSVC_NOW=1772442000 smartservice --db backup-phone-test.db backup-phone add --customer ACME --imei 356938030000021 --model 'Nokia 105' --terms bought --price 499.00
  stdout: backup-phone-add-bought.out
  value: at the site, bought -- the terms given

step cli.backup-phone.charged
  run: SSVC_NOW=1772442000 smartservice --db backup-phone-test.db charge list --customer ACME
  stdout: backup-phone-charged.out
  value: 499.00 -- the bought phone's price, charged once on the account

step cli.backup-phone.hand-out
  run: SSVC_NOW=1772442000 smartservice --db backup-phone-test.db backup-phone hand-out --customer ACME --imei 356938030000013 --user 'Anna Ek'
  stdout: backup-phone-hand-out.out
  value: handed-out to Anna Ek -- the user given

step cli.backup-phone.remove-refused
  run: SSVC_NOW=1772442000 smartservice --db backup-phone-test.db backup-phone remove --customer ACME --imei 356938030000013
  exit: 1
  stderr: is handed-out; only a phone at the site can be removed

step cli.backup-phone.list
  run: SSVC_NOW=1772442000 smartservice --db backup-phone-test.db backup-phone list --customer ACME
  stdout: backup-phone-list.out
  value: handed-out -- the rented phone after hand-out
  value: 499.00 SEK -- the bought phone's price

step cli.backup-phone.return
  run: SSVC_NOW=1772442000 smartservice --db backup-phone-test.db backup-phone return --customer ACME --imei 356938030000013
  stdout: backup-phone-return.out
  value: at-site -- back at the site

step cli.backup-phone.remove
  run: SSVC_NOW=1772442000 smartservice --db backup-phone-test.db backup-phone remove --customer ACME --imei 356938030000013
  stdout: backup-phone-remove.out
  value: removed -- taken out of the stock

step cli.backup-phone.unknown
  run: SSVC_NOW=1772442000 smartservice --db backup-phone-test.db backup-phone hand-out --customer ACME --imei 356938030000039 --user Bo
  exit: 1
  stderr: ACME has no backup phone with IMEI 356938030000039

step cli.backup-phone.usage-terms
  run: SSVC_NOW=1772442000 smartservice --db backup-phone-test.db backup-phone add --customer ACME --imei 356938030000039 --model X --terms leased
  exit: 2
  stderr: --terms must be bought or rented \(got 'leased'\)

step cli.backup-phone.usage-sub
  run: SSVC_NOW=1772442000 smartservice --db backup-phone-test.db backup-phone lend
  exit: 2
  stderr: unknown subcommand 'lend' \(expected add, hand-out, return, remove or list\)
