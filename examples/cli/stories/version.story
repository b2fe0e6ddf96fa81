# version: TODO
mode: independent

step cli.version
  run: smartservice version
  stdout: version.out
