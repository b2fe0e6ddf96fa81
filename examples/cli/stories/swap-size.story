# smartservice swap-size: the 8% rule (R6, rounded up) and service-level sizing (Poisson).
# Format and rules: doc/testing.md, "CLI stories".
mode: independent

step cli.swap-size.rule
  run: smartservice swap-size --fleet 400
  stdout: swap-size-rule.out
  value: 32 -- R6: 8% of 400 = 32.00, exactly

step cli.swap-size.rounds-up
  run: smartservice swap-size --fleet 401
  stdout: any
  value: 33 -- R6: 8% of 401 = 32.08, rounded up to 33 (rounding down would give 32)

step cli.swap-size.rounds-up-small
  run: smartservice swap-size --fleet 12
  stdout: any
  value: 1 -- R6: 8% of 12 = 0.96, rounded up to 1

step cli.swap-size.exact-small
  run: smartservice swap-size --fleet 25 --json
  stdout: any
  value: "spares":2 -- R6: 8% of 25 = 2.00, exactly: nothing to round

step cli.swap-size.zero
  run: smartservice swap-size --fleet 0
  stdout: any
  value: 0 -- R6: 8% of no phones is none

step cli.swap-size.percent
  run: smartservice swap-size --fleet 400 --percent 12.5
  stdout: swap-size-percent.out
  value: 50 -- R6 with 12.5%: 400 x 0.125 = 50

step cli.swap-size.service95
  run: smartservice swap-size --fleet 400 --rate 0.15 --turnaround 14 --fill 0.95
  stdout: swap-size-95.out
  value: 5 -- Poisson(400 x 0.15 x 14/365 = 2.3014): P(N <= 4) = 0.916 < 0.95 <= P(N <= 5) = 0.970

step cli.swap-size.service99
  run: smartservice swap-size --fleet 400 --rate 15% --turnaround 14 --fill 99% --json
  stdout: swap-size-99.json

step cli.swap-size.no-fleet
  run: smartservice swap-size --percent 8
  exit: 2
  stderr: missing --fleet

step cli.swap-size.bad-fleet
  run: smartservice swap-size --fleet 12x
  exit: 2
  stderr: --fleet must be a whole number 0..4294967295 \(got '12x'\)

step cli.swap-size.fleet-space
  run: smartservice swap-size --fleet ' 12'
  exit: 2
  stderr: --fleet must be a whole number 0\.\.4294967295 \(got ' 12'\): column 1: expected a digit \(got ' '\)

step cli.swap-size.fleet-overflow
  run: smartservice swap-size --fleet 18446744073709551617
  exit: 2
  stderr: --fleet must be a whole number 0\.\.4294967295 \(got '18446744073709551617'\): 18446744073709551617 is over 4294967295

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
  stderr: ^smartservice swap-size: --turnaround must be 1..3650 \(got 4000\)\n$

step cli.swap-size.fill-one
  run: smartservice swap-size --fleet 4 --rate 0.1 --turnaround 10 --fill 1
  exit: 2
  stderr: ^smartservice swap-size: --fill must be above 0 and below 1, e.g. 0.95 \(got '1'\)\n$
