# swap-size: TODO
mode: independent

step cli.swap-size.rule
  run: smartservice swap-size --fleet 400
  stdout: swap-size-rule.out

step cli.swap-size.percent
  run: smartservice swap-size --fleet 400 --percent 12.5
  stdout: swap-size-percent.out

step cli.swap-size.service95
  run: smartservice swap-size --fleet 400 --rate 0.15 --turnaround 14 --fill 0.95
  stdout: swap-size-95.out

step cli.swap-size.service99
  run: smartservice swap-size --fleet 400 --rate 15% --turnaround 14 --fill 99% --json
  stdout: swap-size-99.json

step cli.swap-size.no-fleet
  run: smartservice swap-size --percent 8
  exit: 2
  stderr: --fleet is required

step cli.swap-size.bad-fleet
  run: smartservice swap-size --fleet 12x
  exit: 2
  stderr: --fleet must be a whole number 0..4294967295 \(got '12x'\)

step cli.swap-size.bad-percent
  run: smartservice swap-size --fleet 4 --percent 8.125
  exit: 2
  stderr: --percent must be a percentage 0..100 with at most 2 decimals

step cli.swap-size.partial
  run: smartservice swap-size --fleet 4 --rate 0.1
  exit: 2
  stderr: needs all of --rate, --turnaround and --fill

step cli.swap-size.mixed
  run: smartservice swap-size --fleet 4 --percent 8 --rate 0.1 --turnaround 3 --fill 0.9
  exit: 2
  stderr: --percent cannot be combined

step cli.swap-size.bad-fill
  run: smartservice swap-size --fleet 4 --rate 0.1 --turnaround 3 --fill 1.5
  exit: 2
  stderr: --fill must be a fraction 0..1

step cli.swap-size.range
  run: smartservice swap-size --fleet 4 --rate 0.1 --turnaround 4000 --fill 0.9
  exit: 1
  stderr: demand->turnaround_days must be 1..3650 \(got 4000\)
