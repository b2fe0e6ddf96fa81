# smartservice --db FILE erase: the right to erasure (doc/erasure.md). A user's case goes through
# the SWAP pool, then the user is erased by IMEI: the case, the SWAP order, the unit's history and
# the export no longer name them. Then the agreement's retention erases an old closed case.
# The clock is fixed by SSVC_NOW (2026-03-02 09:00Z; 1803978000 is 2027-03-02 09:00Z, 1806656400 is
# 2027-04-02 09:00Z).
mode: sequence

step cli.erase.agreement
  run: SSVC_NOW=1772442000 smartservice --db erase-test.db agreement new --customer ACME --name 'ACME AB' --tier PROF --fleet 100 --repaired-to user --retention-months 12 --actor lead
  stdout: erase-agreement.out

step cli.erase.agreement.show
  run: SSVC_NOW=1772442000 smartservice --db erase-test.db agreement show ACME
  stdout: erase-agreement-show.out
  value: retention:         12 months -- --retention-months 12 (0, the default, keeps cases forever)

step cli.erase.receive
  run: SSVC_NOW=1772442000 smartservice --db erase-test.db swap receive --customer ACME --imei 356938030000013 --model 'Fairphone 5'
  stdout: any

step cli.erase.case
  run: SSVC_NOW=1772442000 smartservice --db erase-test.db case new --customer ACME --name 'Greta Lindqvist' --phone +46709998877 --email greta@example.se --imei 490154203237518 --model 'Fairphone 5' --serial SER-GRETA-1 --tier PROF --symptom 'Greta dropped it in the lake' --actor agent-7
  stdout: any
  value: SC-2026-000001 -- the first case

step cli.erase.case-other
  run: SSVC_NOW=1772442000 smartservice --db erase-test.db case new --customer ACME --name 'Bo Ek' --phone +46705554433 --imei 356938035643809 --model 'Galaxy A15' --tier PROF --actor agent-7
  stdout: any
  value: SC-2026-000002 -- the second case

step cli.erase.flow
  run: SSVC_NOW=1772442000 smartservice --db erase-test.db case event SC-2026-000001 --to diagnosing --note 'called back on +46709998877'
  stdout: any

step cli.erase.reserve
  run: SSVC_NOW=1772442000 smartservice --db erase-test.db swap reserve SC-2026-000001
  stdout: any

step cli.erase.ship
  run: SSVC_NOW=1772442000 smartservice --db erase-test.db swap ship SC-2026-000001 --carrier PostNord --tracking 'ref +46709998877'
  stdout: any

step cli.erase.return
  run: SSVC_NOW=1772442000 smartservice --db erase-test.db swap return SC-2026-000001
  stdout: any

step cli.erase.repaired
  run: SSVC_NOW=1772442000 smartservice --db erase-test.db swap repaired SC-2026-000001
  stdout: any

step cli.erase.fail.no-key
  run: SSVC_NOW=1772442000 smartservice --db erase-test.db erase --customer ACME
  exit: 2
  stderr: erase: no user key: give --phone, --email, --name or --imei \(or --expired\)

step cli.erase.fail.unknown
  run: SSVC_NOW=1772442000 smartservice --db erase-test.db erase --customer BYG --phone +46709998877
  exit: 1
  stderr: customer_id: no agreement or case for 'BYG'

step cli.erase.fail.bad-imei
  run: SSVC_NOW=1772442000 smartservice --db erase-test.db erase --customer ACME --imei 490154203237519
  exit: 1
  stderr: --imei

step cli.erase.by-imei
  run: SSVC_NOW=1772442000 smartservice --db erase-test.db erase --customer ACME --imei 490154203237518 --actor dpo
  stdout: erase-by-imei.out
  value: cases erased:        1 -- Greta's one case, found by the IMEI of her phone
  value: SWAP orders cleared: 1 -- her case's swap order held her phone's IMEI
  value: SWAP units masked:   1 -- the shipped unit's history held the tracking reference with her phone number

step cli.erase.show
  run: SSVC_NOW=1772442000 smartservice --db erase-test.db case show SC-2026-000001
  stdout: erase-show.out
  absent: Greta -- the name (and the symptom naming her) are erased
  absent: 46709998877 -- the phone number, also in a note and the tracking reference
  absent: greta@example.se -- the e-mail
  absent: 490154203237518 -- the IMEI
  absent: SER-GRETA-1 -- the serial

step cli.erase.order
  run: SSVC_NOW=1772442000 smartservice --db erase-test.db swap order SC-2026-000001
  stdout: erase-order.out
  absent: 490154203237518 -- the order no longer names the user's phone

step cli.erase.export
  run: SSVC_NOW=1772442000 smartservice --db erase-test.db export -
  stdout: erase-export.xml
  absent: Greta -- erased
  absent: 46709998877 -- erased
  absent: 490154203237518 -- erased
  value: Bo Ek -- the other user of the customer is untouched

step cli.erase.again
  run: SSVC_NOW=1772442000 smartservice --db erase-test.db case erase --customer ACME --contact greta@example.se
  stdout: erase-none.out
  value: cases erased:        0 -- case erase is the same command; the erased case matches nothing

step cli.erase.close-other
  run: SSVC_NOW=1772442000 smartservice --db erase-test.db case event SC-2026-000002 --to cancelled --note 'duplicate'
  stdout: any

step cli.erase.expired.not-yet
  run: SSVC_NOW=1803978000 smartservice --db erase-test.db erase --expired
  stdout: erase-none.out
  value: cases erased:        0 -- 2027-03-02 09:00 is exactly 12 months after the cancellation, not more

step cli.erase.expired
  run: SSVC_NOW=1806656400 smartservice --db erase-test.db erase --expired --customer ACME --actor nightly
  stdout: erase-expired.out
  value: cases erased:        1 -- Bo's case, cancelled on 2026-03-02, more than 12 months before 2027-04-02

step cli.erase.expired.show
  run: SSVC_NOW=1806656400 smartservice --db erase-test.db case show SC-2026-000002
  stdout: any
  absent: Bo Ek -- erased by the retention
  absent: 46705554433 -- erased by the retention

step cli.erase.fail.expired-key
  run: SSVC_NOW=1772442000 smartservice --db erase-test.db erase --expired --phone +46705554433
  exit: 2
  stderr: --expired erases by the agreements' retention: give no user key with it
