# smartservice COMMAND --help, -h and help COMMAND: the synopsis, every option with its value
# name, default and description, the global options and examples, from the option table the
# command parses with (doc/cli.md "Help"). Exit 0, nothing else done: no database is opened.
# Format and rules: doc/testing.md, "CLI stories".
mode: sequence

step cli.help.top
  run: smartservice help
  stdout: help.out
  value: help COMMAND -- the list of commands says how to get a command's help (issue 19)

step cli.help.top-option
  run: smartservice --help
  stdout: help.out

step cli.help.tiers
  run: smartservice tiers --help
  stdout: help-tiers.out
  value: en -- --lang's default: tiers prints English unless --lang sv (doc/cli.md)

step cli.help.case
  run: smartservice case --help
  stdout: help-case.out
  value: estimate-decline -- case --help lists every sub-command (examples/cli/cmd_case.c)

step cli.help.case-new
  run: smartservice case new --help
  stdout: help-case-new.out
  value: cli -- --actor's default (doc/cli.md "Environment")

step cli.help.case-new-help
  run: smartservice help case new
  stdout: help-case-new.out

step cli.help.no-db
  run: smartservice --db help.db case new --customer ACME -h --name
  stdout: help-case-new.out

step cli.help.no-db-check
  run: smartservice --db help.db check
  exit: 1
  stderr: help.db: no such file

step cli.help.swap-size
  run: smartservice swap-size -h
  stdout: help-swap-size.out
  value: 8 -- --percent's default: the 8% rule (doc/swap.md)

step cli.help.diagnose
  run: smartservice help diagnose
  stdout: help-diagnose.out
  value: PROF -- --tier's default (doc/cli.md)

step cli.help.report-targets-set
  run: smartservice report targets set --help
  stdout: help-report-targets-set.out

step cli.help.unknown-option
  run: smartservice case list --colour
  exit: 2
  stderr: unknown option '--colour'\ntry 'smartservice case list --help'

step cli.help.unknown-sub
  run: smartservice swap frob
  exit: 2
  stderr: unknown subcommand 'frob'.*\ntry 'smartservice swap --help'

step cli.help.unknown-command
  run: smartservice help frob
  exit: 2
  stderr: help: no command 'frob'
