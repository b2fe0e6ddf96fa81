# delivery: TODO
mode: independent

step cli.delivery.before-cutoff
  run: smartservice delivery --at 2026-12-23T13:59:59
  stdout: delivery-cutoff-before.out

step cli.delivery.at-cutoff
  run: smartservice delivery --at 2026-12-23T14:00:00
  stdout: delivery-cutoff-at.out

step cli.delivery.cutoff-option
  run: smartservice delivery --at 2026-11-27T15:00:00+01:00 --cutoff 16:00
  stdout: delivery-cutoff-option.out

step cli.delivery.easter
  run: smartservice delivery --at 2026-04-02T12:30:00Z
  stdout: delivery-easter.out

step cli.delivery.new-year
  run: smartservice delivery --at=2026-12-30T10:00:00Z
  stdout: delivery-newyear.out

step cli.delivery.gap.json
  run: smartservice delivery --at 2026-03-29T02:30:00 --json
  stdout: delivery-gap.json

step cli.delivery.return-days
  run: smartservice delivery --at 2026-12-23T13:59:59 --return-days 3
  stdout: delivery-return-days.out

step cli.delivery.beyond-range
  run: smartservice delivery --at 2199-12-31T10:00
  exit: 1
  stderr: delivery: ssvc_calendar_delivery: the answer would be after 2199-12-31
