# smartservice calendar YEAR: every holiday and closed eve (rule R7's Swedish calendar).
# Format and rules: doc/testing.md, "CLI stories".
mode: independent

step cli.calendar.2026
  run: smartservice calendar 2026
  stdout: calendar-2026.out
  value: 2026-04-03\tLångfredagen -- Easter Sunday 2026 is 5 April (computus), Good Friday two days before
  value: 2026-05-14\tKristi himmelsfärdsdag -- Ascension: Easter + 39 days
  value: 2026-06-19\tMidsommarafton -- midsummer eve: the Friday of 19-25 June
  value: 2026-10-31\tAlla helgons dag -- All Saints: the Saturday of 31 Oct - 6 Nov
  value: 2026-12-31\tNyårsafton -- a closed eve of the service (R7)

step cli.calendar.2004
  run: smartservice calendar 2004
  stdout: calendar-2004.out
  value: 2004-04-09\tLångfredagen -- Easter Sunday 2004 is 11 April
  value: 2004-06-25\tMidsommarafton -- the Friday of 19-25 June 2004

step cli.calendar.2008.en
  run: smartservice calendar 2008 --lang en
  stdout: calendar-2008-en.out

step cli.calendar.json
  run: smartservice calendar --json 2026
  stdout: calendar-2026.json
