# smartservice diagnose (rule R2): scripted and interactive runs, usage errors (exit 2, nothing on
# stdout) and failures (exit 1).
# Format and rules: doc/testing.md, "CLI stories".
mode: independent

step cli.diagnose
  run: smartservice diagnose --tier BAS --answers no-power,no,no,2,no,no,1
  stdout: diagnose.out

step cli.diagnose.swap
  run: smartservice diagnose --symptom screen --answers yes,yes
  stdout: diagnose-swap.out

step cli.diagnose.handling
  run: smartservice diagnose --symptom network --answers no,no,yes,yes
  stdout: diagnose-handling.out

step cli.diagnose.out-of-scope.sv
  run: smartservice diagnose --lang sv --tier BAS --symptom sync
  stdout: diagnose-sv-out-of-scope.out

step cli.diagnose.list
  run: smartservice diagnose --list
  stdout: diagnose-list.out

step cli.diagnose.tree
  run: smartservice diagnose --tree $TESTS/diagnose-tree.xml --lang sv --answers headset,yes,no,no
  stdout: diagnose-tree.out

step cli.diagnose.interactive
  run: smartservice diagnose --tier BAS
  stdin: diagnose-interactive.in
  stdout: diagnose-interactive.out

step cli.diagnose.usage.bad-answer
  run: smartservice diagnose --answers screen,yes,maybe
  exit: 2
  stderr: --answers: 'maybe' is not an answer to 'sc-usable'

step cli.diagnose.usage.too-few
  run: smartservice diagnose --answers screen,yes
  exit: 2
  stderr: ended before an outcome \(question 'sc-usable' unanswered\)

step cli.diagnose.usage.too-many
  run: smartservice diagnose --answers screen,yes,yes,extra
  exit: 2
  stderr: 'extra' comes after the outcome

step cli.diagnose.usage.bad-symptom
  run: smartservice diagnose --symptom nope
  exit: 2
  stderr: --symptom: no symptom 'nope'

step cli.diagnose.usage.bad-tier
  run: smartservice diagnose --tier GULD
  exit: 2
  stderr: --tier: no tier 'GULD'

step cli.diagnose.usage.bad-lang
  run: smartservice diagnose --lang fi
  exit: 2
  stderr: --lang must be 'sv' or 'en'

step cli.diagnose.fail.bad-tree
  run: smartservice diagnose --tree $TESTS/diagnose-bad-tree.xml
  exit: 1
  stderr: diagnose-bad-tree.xml:3:3: question 'q': answer 'yes' refers to unknown id 'q-missing'

step cli.diagnose.fail.no-tree
  run: smartservice diagnose --tree $TESTS/no-such-tree.xml
  exit: 1
  stderr: no-such-tree.xml: cannot open

step cli.diagnose.fail.eof
  run: smartservice diagnose
  stdin: diagnose-eof.in
  stdout: diagnose-eof.out
  exit: 1
  stderr: input ended before an outcome

step cli.diagnose.json
  run: smartservice diagnose --json --tier BAS --answers no-power,no,no,2,no,no,1
  stdout: diagnose.json

step cli.diagnose.json.out-of-scope
  run: smartservice diagnose --json --tier BAS --symptom sync
  stdout: diagnose-out-of-scope.json

step cli.diagnose.json.list
  run: smartservice diagnose --json --list
  stdout: diagnose-list.json

step cli.diagnose.usage.json-interactive
  run: smartservice diagnose --json
  exit: 2
  stderr: --json needs --answers, --symptom or --list
