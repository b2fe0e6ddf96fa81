# Configuration: global options anywhere on the line, SMARTSERVICE_DB / SMARTSERVICE_ACTOR, the
# configuration file, and their precedence (doc/cli.md "Configuration"). The runner hides the
# developer's own settings: HOME is the story's directory, XDG_CONFIG_HOME an empty one.
mode: sequence

step cli.config.option-after-command
  run: SSVC_NOW=1772442000 smartservice agreement new --customer LINE --name "Line AB" --tier BAS --fleet 10 --db line.db
  stdout: any
  value: LINE -- the customer id, printed by agreement new

step cli.config.env-db
  run: SMARTSERVICE_DB=line.db smartservice agreement list
  stdout: any
  value: LINE -- the agreement stored in line.db, named by SMARTSERVICE_DB

step cli.config.file
  run: SSVC_NOW=1772442000 XDG_CONFIG_HOME=$TESTS/config-ok smartservice agreement new --customer FILE --name "File AB" --tier BAS --fleet 10
  stdout: any
  value: FILE -- stored in file.db, the configuration file's db

step cli.config.file-actor
  run: XDG_CONFIG_HOME=$TESTS/config-ok smartservice agreement show FILE
  stdout: any
  value: anna -- the configuration file's actor, recorded with the agreement's creation
  value: (1 phone) -- the SWAP level, 8% of a fleet of 10 rounded up: one phone, singular

step cli.config.env-beats-file
  run: SSVC_NOW=1772442000 SMARTSERVICE_DB=env.db SMARTSERVICE_ACTOR=eva XDG_CONFIG_HOME=$TESTS/config-ok smartservice agreement new --customer ENV --name "Env AB" --tier BAS --fleet 10
  stdout: any
  value: ENV -- stored in env.db (SMARTSERVICE_DB wins over the file's db)

step cli.config.env-beats-file-actor
  run: smartservice --db env.db agreement show ENV
  stdout: any
  value: eva -- SMARTSERVICE_ACTOR wins over the file's actor
  absent: anna -- the file's actor, which the environment overrides

step cli.config.file-untouched
  run: smartservice agreement list --db file.db
  stdout: any
  value: FILE -- the one agreement of file.db
  absent: ENV -- stored in env.db, not in the configuration file's database

step cli.config.line-beats-env
  run: SMARTSERVICE_DB=env.db smartservice agreement list --db line.db
  stdout: any
  value: LINE -- --db on the line wins over SMARTSERVICE_DB
  absent: ENV -- the agreement of env.db, which the line overrides

step cli.config.line-actor
  run: SSVC_NOW=1772443000 SMARTSERVICE_ACTOR=eva XDG_CONFIG_HOME=$TESTS/config-ok smartservice agreement set LINE --fleet 11 --db line.db --actor bo
  stdout: any

step cli.config.line-actor-recorded
  run: smartservice --db line.db agreement show LINE
  stdout: any
  value: bo -- the --actor of the line, over SMARTSERVICE_ACTOR and the file
  absent: eva -- SMARTSERVICE_ACTOR, overridden by --actor

step cli.config.default-actor
  run: smartservice --db=line.db agreement show LINE
  stdout: any
  value: cli -- the default actor, recorded with the creation (no setting anywhere)

step cli.config.bad-file
  run: XDG_CONFIG_HOME=$TESTS/config-bad smartservice agreement list
  exit: 2
  stderr: config-bad/smartservice/config:2:3: unknown key 'database' \(known: db, actor\)

step cli.config.home-default
  run: XDG_CONFIG_HOME= smartservice agreement list
  exit: 2
  stderr: no database: give --db FILE, set SMARTSERVICE_DB, or write db = FILE in [^ ]*/\.config/smartservice/config

step cli.config.global-needs-value
  run: smartservice agreement list --db
  exit: 2
  stderr: ^smartservice: option '--db' needs a value
