# calendar: TODO
mode: independent

step cli.calendar.2026
  run: smartservice calendar 2026
  stdout: calendar-2026.out

step cli.calendar.2004
  run: smartservice calendar 2004
  stdout: calendar-2004.out

step cli.calendar.2008.en
  run: smartservice calendar 2008 --lang en
  stdout: calendar-2008-en.out

step cli.calendar.json
  run: smartservice calendar --json 2026
  stdout: calendar-2026.json
