# smartservice version: the library version.
# Format and rules: doc/testing.md, "CLI stories".
mode: independent

step cli.version
  run: smartservice version
  stdout: version.out
