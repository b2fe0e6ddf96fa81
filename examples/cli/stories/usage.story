# Usage errors of the tool as a whole: exit 2, nothing on stdout, a message naming the bad word.
# Format and rules: doc/testing.md, "CLI stories".
mode: independent

step cli.usage.unknown-command
  run: smartservice frobnicate
  exit: 2
  stderr: unknown command 'frobnicate'

step cli.usage.unknown-option
  run: smartservice tiers --colour
  exit: 2
  stderr: unknown option '--colour'

step cli.usage.unknown-global
  run: smartservice --verbose tiers
  exit: 2
  stderr: unknown option '--verbose'

step cli.usage.bad-lang
  run: smartservice tiers --lang fi
  exit: 2
  stderr: --lang must be 'sv' or 'en' \(got 'fi'\)

step cli.usage.missing-value
  run: smartservice tiers --lang
  exit: 2
  stderr: option '--lang' needs a value

step cli.usage.flag-value
  run: smartservice tiers --json=yes
  exit: 2
  stderr: option '--json' takes no value

step cli.usage.extra-arg
  run: smartservice version now
  exit: 2
  stderr: unexpected argument 'now'

step cli.usage.no-command
  run: smartservice
  exit: 2
  stderr: no command given

step cli.usage.calendar.no-year
  run: smartservice calendar
  exit: 2
  stderr: calendar: missing YEAR

step cli.usage.calendar.bad-year
  run: smartservice calendar 20x6
  exit: 2
  stderr: YEAR must be 1900-2199 \(got '20x6'\)

step cli.usage.calendar.year-range
  run: smartservice calendar 2200
  exit: 2
  stderr: YEAR must be 1900-2199 \(got '2200'\)

step cli.usage.calendar.bad-lang
  run: smartservice calendar 2026 --lang de
  exit: 2
  stderr: --lang must be 'sv' or 'en' \(got 'de'\)

step cli.usage.delivery.no-at
  run: smartservice delivery
  exit: 2
  stderr: missing --at

step cli.usage.delivery.bad-at
  run: smartservice delivery --at 2026-02-30T10:00
  exit: 2
  stderr: --at '2026-02-30T10:00': text: column 9: day 30 is not in 2026-02

step cli.usage.delivery.at-range
  run: smartservice delivery --at 1850-01-01T10:00Z
  exit: 2
  stderr: --at '1850-01-01T10:00Z': .*year 1850 is outside 1900-2199

step cli.usage.delivery.bad-cutoff
  run: smartservice delivery --at 2026-12-23T10:00 --cutoff 25:00
  exit: 2
  stderr: --cutoff must be HH:MM from 00:01 to 24:00 \(got '25:00'\)

step cli.usage.delivery.zero-cutoff
  run: smartservice delivery --at 2026-12-23T10:00 --cutoff 00:00
  exit: 2
  stderr: --cutoff must be HH:MM from 00:01 to 24:00 \(got '00:00'\)

step cli.usage.delivery.short-cutoff
  run: smartservice delivery --at 2026-12-23T10:00 --cutoff 9:00
  exit: 2
  stderr: --cutoff must be HH:MM from 00:01 to 24:00 \(got '9:00'\)

step cli.usage.delivery.bad-return-days
  run: smartservice delivery --at 2026-12-23T10:00 --return-days 0
  exit: 2
  stderr: --return-days must be 1-1000 \(got '0'\)
