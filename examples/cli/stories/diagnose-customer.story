# smartservice --db FILE diagnose --customer ID: the control questions on the tier of the customer's
# agreement (a customer-unique tier included), not a tier typed by hand (doc/workflow.md).
# Format and rules: doc/testing.md, "CLI stories".
mode: sequence

step cli.diagnose-customer.agreement
  run: SSVC_NOW=1772442000 smartservice --db diag-customer.db agreement new --customer BYGG --name 'Bygg AB' --tier BYGG --tier-name 'Bygg special' --features diagnosis,phone-help --tier-price 12.50 --fleet 20
  stdout: any

step cli.diagnose-customer.custom-tier
  run: SSVC_NOW=1772442000 smartservice --db diag-customer.db diagnose --customer BYGG --json --symptom sync
  stdout: any
  value: out-of-scope:sync -- the custom tier BYGG has diagnosis and phone help, not sync
  value: tier BYGG does not include -- the advice names the agreement's own tier

step cli.diagnose-customer.fail.unknown
  run: SSVC_NOW=1772442000 smartservice --db diag-customer.db diagnose --customer BYG --symptom sync
  exit: 1
  stderr: customer 'BYG' has no agreement

step cli.diagnose-customer.fail.both
  run: smartservice --db diag-customer.db diagnose --customer BYGG --tier PROF --symptom sync
  exit: 2
  stderr: give --customer [(]the tier of its agreement[)] or --tier, not both

step cli.diagnose-customer.fail.no-db
  run: smartservice diagnose --customer BYGG --symptom sync
  exit: 2
  stderr: --customer needs --db FILE
