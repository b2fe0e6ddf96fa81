# smartservice tiers: the tier/feature matrix with prices (rule R1), in English, Swedish and JSON.
# Format and rules: doc/testing.md, "CLI stories".
mode: independent

step cli.tiers
  run: smartservice tiers
  stdout: tiers.out

step cli.tiers.sv
  run: smartservice tiers --lang sv
  stdout: tiers-sv.out

step cli.tiers.json
  run: smartservice tiers --json
  stdout: tiers.json
