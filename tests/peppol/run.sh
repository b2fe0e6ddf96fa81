#!/usr/bin/env bash
# tests/peppol/run.sh: the Peppol harness (doc/testing.md "Peppol"). Every UBL invoice and credit
# note it is given goes through the official EN 16931 and Peppol BIS Billing 3.0 rules (with the
# Swedish SE-R rules) in ONE call of ../shared/peppol/validate.sh (one JVM start), and through the
# UBL 2.1 Invoice or CreditNote XSD (xmllint, by the document's root). No fatal rule may fire.
#
#   run.sh gen  SHARED TMP PEPPOL_GEN              the documents tests/peppol/peppol_gen.c writes
#   run.sh demo SHARED TMP SMARTSERVICE CLI_TESTS  the demo's invoices (smartservice demo TMP/demo)
#                                                  and the UBL files among the CLI's expected outputs
#
# Exit 0: every document passes; 1: a fatal rule fired (printed); 77 (ctest: skipped) with the
# reason when ../shared/peppol, the UBL schemas, java, Saxon or xmllint are missing.
set -u
mode=$1 shared=$2 tmp=$3
shift 3
skip() { echo "SKIP: $*"; exit 77; }
[ -x "$shared/peppol/validate.sh" ] ||
  skip "$shared/peppol/validate.sh is not there: clone shared/ beside the project (see its README)"
[ -r "$shared/schemas/ubl-2.1/maindoc/UBL-CreditNote-2.1.xsd" ] ||
  skip "the UBL 2.1 schemas are not in $shared/schemas"
command -v java >/dev/null 2>&1 ||
  skip "java not found (Debian package default-jre-headless; .ci/install-deps installs it)"
[ -r "${SAXON_JAR:-/usr/share/java/Saxon-HE.jar}" ] ||
  skip "Saxon-HE not found (Debian package libsaxonhe-java; .ci/install-deps installs it)"
command -v xmllint >/dev/null 2>&1 || skip "xmllint not found (Debian package libxml2-utils)"

rm -rf "$tmp" && mkdir -p "$tmp/docs" || exit 1
case $mode in
  gen)
    "$1" "$tmp/docs" >/dev/null || exit 1 ;;
  demo)
    cli=$1 tests=$2
    (cd "$tmp" && "$cli" demo --out "$tmp/demo" >/dev/null) || { echo "run.sh: the demo failed"; exit 1; }
    cp "$tmp"/demo/*.xml "$tmp/docs/" 2>/dev/null
    for f in "$tests"/*.xml; do
      grep -qE '^<(Invoice|CreditNote) ' "$f" && cp "$f" "$tmp/docs/cli-$(basename "$f")"
    done ;;
  *) echo "usage: run.sh gen|demo SHARED TMP ..." >&2; exit 2 ;;
esac

invoices=() notes=()
for f in "$tmp"/docs/*.xml; do
  [ -e "$f" ] || continue
  if grep -q '^<CreditNote ' "$f"; then notes+=("$f"); elif grep -q '^<Invoice ' "$f"; then invoices+=("$f"); fi
done
[ ${#invoices[@]} -gt 0 ] || { echo "run.sh: no UBL invoice was written"; exit 1; }
echo "run.sh: ${#invoices[@]} invoice(s), ${#notes[@]} credit note(s)"
rc=0
xsd=$shared/schemas/ubl-2.1/maindoc
xmllint --noout --schema "$xsd/UBL-Invoice-2.1.xsd" "${invoices[@]}" 2>&1 | grep -v ' validates$' && rc=1
if [ ${#notes[@]} -gt 0 ]; then
  xmllint --noout --schema "$xsd/UBL-CreditNote-2.1.xsd" "${notes[@]}" 2>&1 | grep -v ' validates$' && rc=1
fi
"$shared/peppol/validate.sh" "${invoices[@]}" "${notes[@]}" || rc=1
exit $rc
