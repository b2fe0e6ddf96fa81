# Two events in the same minute, told apart (doc/cli.md "Which outputs are contracts"): case show
# lists its events with the seconds; its single times (registered, updated) keep the minute.
# The clock is fixed by SSVC_NOW: 2026-03-02 09:00:00Z, then 09:00:35Z (10:00 in Stockholm).
# Format and rules: doc/testing.md, "CLI stories".
mode: sequence

step cli.case-seconds.agreement
  run: SSVC_NOW=1772442000 smartservice --db seconds.db agreement new --customer ACME --name 'ACME AB' --tier PROF --fleet 10
  stdout: any

step cli.case-seconds.new
  run: SSVC_NOW=1772442000 smartservice --db seconds.db case new --customer ACME --name 'Anna Berg' --imei 353918112233511 --model 'iPhone 15'
  stdout: any

step cli.case-seconds.diagnosing
  run: SSVC_NOW=1772442035 smartservice --db seconds.db case event SC-2026-000001 --to diagnosing
  stdout: any

step cli.case-seconds.show
  run: SSVC_NOW=1772442035 smartservice --db seconds.db case show SC-2026-000001
  stdout: case-seconds-show.out
  value: 2026-03-02 10:00:00 +01:00 -- the case is created at 09:00:00Z
  value: 2026-03-02 10:00:35 +01:00 -- and goes to diagnosing 35 seconds later, in the same minute
