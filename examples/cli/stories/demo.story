# smartservice demo: the scripted Support Center day (doc/demo.md), and the same day again on the
# same folder: it starts afresh and prints the same.
# Format and rules: doc/testing.md, "CLI stories".
mode: sequence

step cli.demo
  run: smartservice demo --out demo-test
  stdout: demo.out

step cli.demo.again
  run: smartservice demo --out demo-test
  stdout: demo.out
