# smartservice delivery (rule R7): the 14:00 Stockholm cut-off, closed days and the return deadline.
# Format and rules: doc/testing.md, "CLI stories".
mode: independent

step cli.delivery.before-cutoff
  run: smartservice delivery --at 2026-12-23T13:59:59
  stdout: delivery-cutoff-before.out
  value: 2026-12-28 -- R7: Wed 23 Dec 13:59:59 is before 14:00 and counts that day; 24 (julafton), 25, 26 (Sat), 27 (Sun) are closed, so the next working day is Mon 28
  value: 2027-01-14 -- return deadline, 10 working days after 28 Dec: 29, 30, (31 nyårsafton, 1 Jan, weekend closed) 4, 5, (6 Jan closed) 7, 8, 11, 12, 13, 14

step cli.delivery.at-cutoff
  run: smartservice delivery --at 2026-12-23T14:00:00
  stdout: delivery-cutoff-at.out
  value: 2026-12-29 -- R7: 14:00:00 is not before the cut-off, so the call counts on the next working day, Mon 28 Dec, and delivers Tue 29
  value: 2026-12-28 -- the day it counts on (24-27 Dec closed)

step cli.delivery.cutoff-option
  run: smartservice delivery --at 2026-11-27T15:00:00+01:00 --cutoff 16:00
  stdout: delivery-cutoff-option.out
  value: 2026-11-30 -- Fri 27 Nov 15:00 is before the 16:00 cut-off given: counts on Friday, delivered the next working day, Mon 30 Nov

step cli.delivery.easter
  run: smartservice delivery --at 2026-04-02T12:30:00Z
  stdout: delivery-easter.out
  value: 2026-04-08 -- 12:30Z is 14:30 summer time on Thu 2 Apr, after the cut-off; 3 Apr (Långfredagen) to 6 Apr (Annandag påsk) are closed, so it counts on Tue 7 and delivers Wed 8
  value: 2026-04-07 -- the day it counts on

step cli.delivery.new-year
  run: smartservice delivery --at=2026-12-30T10:00:00Z
  stdout: delivery-newyear.out
  value: 2027-01-04 -- 10:00Z is 11:00 on Wed 30 Dec, before the cut-off; 31 Dec (nyårsafton), 1 Jan and the weekend are closed: Mon 4 Jan

step cli.delivery.gap.json
  run: smartservice delivery --at 2026-03-29T02:30:00 --json
  stdout: delivery-gap.json
  value: "delivery":"2026-03-31" -- 02:30 does not exist on 29 Mar 2026 (clocks go 02:00 -> 03:00), so it is 03:30+02:00 on a Sunday: counts on Mon 30, delivers Tue 31
  value: "counts_on":"2026-03-30" -- the first working day after the Sunday

step cli.delivery.return-days
  run: smartservice delivery --at 2026-12-23T13:59:59 --return-days 3
  stdout: delivery-return-days.out
  value: 2027-01-04 -- 3 working days after delivery on 28 Dec: 29, 30, then (31 Dec to 3 Jan closed) 4 Jan

step cli.delivery.beyond-range
  run: smartservice delivery --at 2199-12-31T10:00
  exit: 1
  stderr: delivery: the answer would be after 2199-12-31
