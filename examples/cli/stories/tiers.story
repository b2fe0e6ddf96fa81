# tiers: TODO
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
