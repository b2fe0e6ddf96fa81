#!/usr/bin/env bash
# schema_check.sh XSD FILE...: validates each FILE against the XML schema XSD with xmllint.
# Exit 77 (ctest: skipped) with the reason when xmllint or the schema is missing: the UBL schemas
# live outside the project, in ../shared/schemas (doc/testing.md, "Skips").
set -u
xsd=$1
shift
if ! command -v xmllint >/dev/null 2>&1; then
  echo "SKIP: xmllint not found (Debian package libxml2-utils; .ci/install-deps installs it)"
  exit 77
fi
if [ ! -r "$xsd" ]; then
  echo "SKIP: the schema $xsd is not there: clone shared/ beside the project (see its README)"
  exit 77
fi
exec xmllint --noout --schema "$xsd" "$@"
