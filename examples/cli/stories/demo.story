# smartservice demo: the scripted Support Center day (doc/demo.md), and the same day again on the
# same folder: it starts afresh and prints the same.
# Format and rules: doc/testing.md, "CLI stories".
mode: sequence

step cli.demo
  run: smartservice demo --out demo-test
  stdout: demo.out
  value: delivery 2026-11-25 -- the 13:59 call (before the 14:00 cut-off) is delivered the next working day (R7, the registration's promise)
  value: BYGG 2026-12, 4398.39 SEK to pay -- 120 users, BAS 19.00 for 1-15 Dec (1103.23) and PROF 39.00 for 16-31 Dec (2415.48) of 31 days: 3518.71 + 25% VAT 879.68
  value: CRN-2026-000001.xml  credit note of INV-2026-000005 lines 3, 5, 7, 93.75 SEK credited -- Konsult AB's December packaging lines, one per case (3 x 25.00), credited as goodwill, + 25% VAT
  value: erased from 1 case -- Olle Lund's one call (08:40, sync), found by name

step cli.demo.again
  run: smartservice demo --out demo-test
  stdout: demo.out

step cli.demo.check
  run: smartservice --db demo-test/demo.db check
  stdout: any
  value: no problems found -- the day's database, with every kind of record the day writes (cases, orders, units, agreements, the Support Center, stored prices, invoices, a credit note, the change feed), reads back whole and its indexes and counters agree
