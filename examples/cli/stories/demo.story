# demo: TODO
mode: sequence

step cli.demo
  run: smartservice demo --out demo-test
  stdout: demo.out

step cli.demo.again
  run: smartservice demo --out demo-test
  stdout: demo.out
