# smartservice --db FILE agreement set --from: a tier and price change agreed for another day
# (issue 15). BYTE has 125 users on BAS at its own price 23.00 SEK; on 14 November it moves to
# PROF at the list price 39.00, effective 16 November. November's invoice bills BAS for 1-15 and
# PROF for 16-30 (3875.00 SEK + VAT), not PROF for the whole month (4875.00); December is all
# PROF. A date before the last recorded change is refused.
# Format and rules: doc/testing.md, "CLI stories".
mode: sequence

step cli.tier-change.setup.center
  run: SSVC_NOW=1791615600 smartservice --db tier-change.db center set --name 'Smartservice Support Center AB' --org-number 556677-8899 --vat-number SE556677889901 --street 'Supportvägen 1' --postal-code '111 22' --city Stockholm --f-skatt --bankgiro 123-4566
  stdout: any

step cli.tier-change.setup.agreement
  run: SSVC_NOW=1791615600 smartservice --db tier-change.db agreement new --customer BYTE --name 'Byte AB' --tier BAS --fleet 125 --user-price 23 --buyer-name 'Byte AB' --buyer-org-number 556036-0793 --buyer-vat-number SE556036079301 --buyer-city Solna --buyer-reference Inköp
  stdout: any

step cli.tier-change.set
  run: SSVC_NOW=1794650400 smartservice --db tier-change.db agreement set BYTE --tier PROF --user-price list --from 2026-11-16
  stdout: any

step cli.tier-change.show
  run: SSVC_NOW=1794650400 smartservice --db tier-change.db agreement show BYTE
  stdout: any
  value: PROF -- the agreement's tier is PROF from the change on (cases see it now)
  value: 2026-11-16T00:00:00+01:00 -- the log says from when the change is billed

step cli.tier-change.november
  run: SSVC_NOW=1796115600 smartservice --db tier-change.db invoice --customer BYTE --month 2026-11
  stdout: invoice-tier-change.out
  value: 1437.50 -- 125 BAS users x 15 days x 23.00/30 (1-15 Nov, the agreed price)
  value: 2437.50 -- 125 PROF users x 15 days x 39.00/30 (16-30 Nov, the list price)
  value: 3875.00 -- 1437.50 + 2437.50, not 125 x 39.00 = 4875.00 for the whole month
  value: 968.75 -- 25% VAT of 3875.00
  value: 4843.75 -- 3875.00 + 968.75
  absent: 4875.00 -- the whole month at PROF

step cli.tier-change.november.sv
  run: SSVC_NOW=1796115600 smartservice --db tier-change.db invoice --customer BYTE --month 2026-11 --lang sv
  stdout: invoice-tier-change-sv.out
  value: Smartservice BAS, 125 användare, 2026-11-01 – 2026-11-15 -- the tier and the days of each segment
  value: Smartservice PROF, 125 användare, 2026-11-16 – 2026-11-30 -- likewise

step cli.tier-change.december
  run: SSVC_NOW=1798794000 smartservice --db tier-change.db invoice --customer BYTE --month 2026-12
  stdout: any
  value: 4875.00 -- 125 PROF users x 39.00 SEK, the whole month

step cli.tier-change.fail.before-last-change
  run: SSVC_NOW=1798794000 smartservice --db tier-change.db agreement set BYTE --fleet 130 --from 2026-11-10
  exit: 1
  stderr: effective_at: 2026-11-10T00:00:00\+01:00 is before the agreement's last recorded change \(2026-11-16T00:00:00\+01:00\)

step cli.tier-change.usage.from
  run: SSVC_NOW=1798794000 smartservice --db tier-change.db agreement set BYTE --fleet 130 --from 2026-11-1
  exit: 2
  stderr: --from must be a date YYYY-MM-DD \(got '2026-11-1'\)
