/* Invoice parties (issue 16): each number's check with good and bad values and the message words,
 * the OCR reference, the Support Center's identity (set, load, replace; under storage and
 * allocation faults on memory and SQLite), the agreement's buyer (record, XML, an agreement
 * without one, an older caller) and the invoice run that refuses a customer without a buyer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <smartservice.h>

#include "fixtures.h"
#include "mem_out.h"
#include "fresh_store.h"
#include "store_fault.h"

static ssvc_ctx *ctx_new(void) {
  ssvc_ctx *ctx = NULL;
  assert_int_equal(ssvc_ctx_new(&ctx, NULL), SSVC_OK);
  return ctx;
}

static void err_has(ssvc_ctx *ctx, const char *words) {
  const char *m = ssvc_ctx_errmsg(ctx);
  if (!m || !strstr(m, words)) fail_msg("message '%s' lacks '%s'", m ? m : "(null)", words);
}

/* ---- One check per kind of number ---- */

struct bad {
  const char *field, *value, *words;
};

static void set_field(ssvc_party *p, const char *field, const char *v) {
  if (strcmp(field, "org_number") == 0) p->org_number = v;
  else if (strcmp(field, "vat_number") == 0) p->vat_number = v;
  else if (strcmp(field, "endpoint") == 0) p->endpoint = v;
  else if (strcmp(field, "bankgiro") == 0) p->bankgiro = v;
  else if (strcmp(field, "iban") == 0) p->iban = v;
  else if (strcmp(field, "bic") == 0) p->bic = v;
  else fail_msg("no field %s", field);
}

static void each_number_is_checked(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  static const struct bad good[] = {
      {"org_number", "556036-0793", NULL}, {"org_number", "5560360793", NULL},
      {"vat_number", "SE556036079301", NULL}, {"vat_number", "DE123456789", NULL},
      {"endpoint", "0007:5560360793", NULL}, {"endpoint", "0088:7300010000001", NULL},
      {"bankgiro", "123-4566", NULL},     {"bankgiro", "5050-1055", NULL},
      {"bankgiro", "50501055", NULL},     {"iban", "SE45 5000 0000 0583 9825 7466", NULL},
      {"iban", "GB82WEST12345698765432", NULL}};
  static const struct bad bad[] = {
      {"org_number", "556036-0794", "org_number: '556036-0794' fails the check digit (Luhn)"},
      {"org_number", "556000-0000", "fails the check digit"},
      {"org_number", "BYGG", "org_number: 'BYGG' is not an organisation number NNNNNN-NNNN"},
      {"org_number", "55603-60793", "is not an organisation number"},
      {"org_number", "556036-079", "is not an organisation number"},
      {"vat_number", "SE556036079302", "vat_number: 'SE556036079302' is not a Swedish VAT number"},
      {"vat_number", "SE556677889901", "does not match the organisation number '556036-0793'"},
      {"vat_number", "556036079301", "vat_number: '556036079301' is not a VAT number"},
      {"vat_number", "se556036079301", "is not a VAT number"},
      {"endpoint", "0007:BYGG", "endpoint: '0007:BYGG' is not a scheme-0007 endpoint"},
      {"endpoint", "0007:5560360794", "is not a scheme-0007 endpoint"},
      {"endpoint", "5560360793", "is not a Peppol endpoint scheme:id"},
      {"endpoint", "0088:a b", "is not a Peppol endpoint"},
      {"bankgiro", "123-4567", "bankgiro: '123-4567' fails the check digit (Luhn)"},
      {"bankgiro", "12-34566", "is not a bankgiro number NNN-NNNN or NNNN-NNNN"},
      {"bankgiro", "123456", "is not a bankgiro number"},
      {"iban", "SE45 5000 0000 0583 9825 7467", "iban: 'SE45 5000 0000 0583 9825 7467' fails the "
                                                "IBAN check digits (mod 97)"},
      {"iban", "SE4550000000", "is not an IBAN"},
      {"iban", "se45 5000 0000 0583 9825 7466", "is not an IBAN"},
      {"bic", "ESSE", "bic: 'ESSE' is not a BIC"}};
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
    ssvc_party p = *fixture_buyer();
    set_field(&p, good[i].field, good[i].value);
    if (strcmp(good[i].field, "vat_number") == 0 && good[i].value[0] == 'S')
      p.org_number = "556036-0793";
    if (ssvc_party_check(ctx, &p) != SSVC_OK)
      fail_msg("%s '%s' refused: %s", good[i].field, good[i].value, ssvc_ctx_errmsg(ctx));
  }
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    ssvc_party p = *fixture_buyer();
    p.iban = strcmp(bad[i].field, "bic") == 0 ? "SE45 5000 0000 0583 9825 7466" : NULL;
    set_field(&p, bad[i].field, bad[i].value);
    if (ssvc_party_check(ctx, &p) != SSVC_EINVAL)
      fail_msg("%s '%s' accepted", bad[i].field, bad[i].value);
    err_has(ctx, "ssvc_party_check: ");
    err_has(ctx, bad[i].words);
  }
  /* The whole party. */
  ssvc_party p = *fixture_buyer();
  p.f_skatt = 3;
  assert_int_equal(ssvc_party_check(ctx, &p), SSVC_EINVAL);
  err_has(ctx, "f_skatt: must be 0 or 1 (got 3)");
  p = *fixture_buyer();
  p.bic = "ESSESESS";
  assert_int_equal(ssvc_party_check(ctx, &p), SSVC_EINVAL);
  err_has(ctx, "bic: given without an iban");
  p.version = 1;
  assert_int_equal(ssvc_party_check(ctx, &p), SSVC_EVERSION);
  assert_int_equal(ssvc_party_check(ctx, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_party_check(NULL, &p), SSVC_EINVAL);
  ssvc_ctx_free(ctx);
}

static void ocr_reference(void **state) {
  (void)state;
  char b[SSVC_OCR_MAX + 1];
  /* 2026000001, then the length digit 2 (12 digits in all), then the Luhn digit: 1. */
  assert_int_equal(ssvc_ocr_reference(b, sizeof b, "INV-2026-000001"), 12);
  assert_string_equal(b, "202600000121");
  assert_true(ssvc_ocr_valid(b));
  assert_false(ssvc_ocr_valid("202600000122")); /* check digit */
  assert_false(ssvc_ocr_valid("202600000131")); /* length digit */
  assert_false(ssvc_ocr_valid("2026-0001"));
  assert_false(ssvc_ocr_valid(NULL));
  assert_int_equal(ssvc_ocr_reference(b, sizeof b, "PREVIEW"), 0);
  assert_string_equal(b, "");
  assert_int_equal(ssvc_ocr_reference(b, sizeof b, "1234567890123456789012345"), 0); /* too long */
  assert_int_equal(ssvc_ocr_reference(NULL, 0, "7"), 3); /* the length it needs */
  for (int n = 1; n < 200; n++) {
    char num[32];
    snprintf(num, sizeof num, "INV-2026-%06d", n * 4999);
    assert_true(ssvc_ocr_reference(b, sizeof b, num) > 0);
    assert_true(ssvc_ocr_valid(b));
  }
}

/* ---- The Support Center ---- */

static void center_set_and_load(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  ssvc_store *st = NULL;
  assert_int_equal(ssvc_store_memory_new(ctx, &st), SSVC_OK);
  ssvc_center *c = (ssvc_center *)1;
  assert_int_equal(ssvc_center_load(st, &c), SSVC_ENOTFOUND);
  assert_null(c);
  err_has(ctx, "no Support Center identity is set");
  /* Refused, nothing stored. */
  ssvc_party p = *fixture_seller();
  p.org_number = "556000-0000";
  assert_int_equal(ssvc_center_set(st, &p, "lead"), SSVC_EINVAL);
  err_has(ctx, "ssvc_center_set: center->org_number: '556000-0000' fails the check digit");
  p = *fixture_seller();
  p.vat_number = NULL;
  assert_int_equal(ssvc_center_set(st, &p, "lead"), SSVC_EINVAL);
  err_has(ctx, "center->vat_number must not be NULL");
  p = *fixture_seller();
  p.bankgiro = NULL;
  assert_int_equal(ssvc_center_set(st, &p, "lead"), SSVC_EINVAL);
  err_has(ctx, "center->bankgiro, center->iban: one must be given");
  p.iban = "SE45 5000 0000 0583 9825 7466";
  assert_int_equal(ssvc_center_set(st, &p, "lead"), SSVC_EINVAL);
  err_has(ctx, "center->bic: must be given with center->iban");
  p = *fixture_seller();
  p.version = 1;
  assert_int_equal(ssvc_center_set(st, &p, "lead"), SSVC_EVERSION);
  assert_int_equal(ssvc_center_set(st, fixture_seller(), ""), SSVC_EINVAL);
  err_has(ctx, "actor");
  assert_int_equal(ssvc_center_set(st, NULL, "lead"), SSVC_EINVAL);
  assert_int_equal(ssvc_center_set(NULL, fixture_seller(), "lead"), SSVC_EINVAL);
  assert_int_equal(ssvc_center_load(st, &c), SSVC_ENOTFOUND);
  /* Set, load, replace. */
  assert_int_equal(ssvc_center_set(st, fixture_seller(), "lead"), SSVC_OK);
  assert_int_equal(ssvc_center_load(st, &c), SSVC_OK);
  ssvc_party got = SSVC_PARTY_INIT;
  assert_int_equal(ssvc_center_party(c, &got), SSVC_OK);
  assert_string_equal(got.name, "Smartservice Support Center AB");
  assert_string_equal(got.org_number, "556677-8899");
  assert_string_equal(got.vat_number, "SE556677889901");
  assert_string_equal(got.bankgiro, "123-4566");
  assert_int_equal(got.f_skatt, 1);
  assert_null(got.iban);
  assert_null(got.endpoint);
  assert_string_equal(ssvc_center_set_by(c), "lead");
  ssvc_party v1 = SSVC_PARTY_INIT;
  v1.version = 1;
  v1.endpoint = "untouched"; /* beyond a version-1 struct: not written */
  assert_int_equal(ssvc_center_party(c, &v1), SSVC_OK);
  assert_int_equal(v1.version, 1);
  assert_string_equal(v1.name, "Smartservice Support Center AB");
  assert_string_equal(v1.endpoint, "untouched");
  v1.version = 3;
  assert_int_equal(ssvc_center_party(c, &v1), SSVC_EVERSION);
  ssvc_center_free(c);
  p = *fixture_seller();
  p.bankgiro = NULL;
  p.iban = "SE45 5000 0000 0583 9825 7466";
  p.bic = "ESSESESS";
  p.endpoint = "0007:5566778899";
  p.contact_email = "faktura@example.se";
  assert_int_equal(ssvc_center_set(st, &p, "cfo"), SSVC_OK);
  assert_int_equal(ssvc_center_load(st, &c), SSVC_OK);
  got = (ssvc_party)SSVC_PARTY_INIT;
  assert_int_equal(ssvc_center_party(c, &got), SSVC_OK);
  assert_null(got.bankgiro);
  assert_string_equal(got.iban, "SE45 5000 0000 0583 9825 7466");
  assert_string_equal(got.bic, "ESSESESS");
  assert_string_equal(got.endpoint, "0007:5566778899");
  assert_string_equal(got.contact_email, "faktura@example.se");
  assert_string_equal(ssvc_center_set_by(c), "cfo");
  ssvc_center_free(c);
  ssvc_center_free(NULL);
  assert_null(ssvc_center_set_by(NULL));
  ssvc_store_free(st);
  ssvc_ctx_free(ctx);
}

static void *fx_none(ssvc_store *st) {
  (void)st;
  return NULL;
}

static void *fx_center(ssvc_store *st) {
  assert_int_equal(ssvc_center_set(st, fixture_seller(), "lead"), SSVC_OK);
  return NULL;
}

static int op_set(ssvc_store *st, void *state) {
  (void)state;
  ssvc_party p = *fixture_seller();
  p.contact_name = "Fakturaservice";
  return ssvc_center_set(st, &p, "lead");
}

static int op_load(ssvc_store *st, void *state) {
  (void)state;
  ssvc_center *c = NULL;
  int rc = ssvc_center_load(st, &c);
  ssvc_center_free(c);
  return rc;
}

static const struct store_op center_ops[] = {
    {"ssvc_center_set (first)", fx_none, op_set, NULL},
    {"ssvc_center_set (replace)", fx_center, op_set, NULL},
    {"ssvc_center_load", fx_center, op_load, NULL},
};

static void center_under_faults(void **state) {
  (void)state;
  fault_every_op(center_ops, STORE_OPS_COUNT(center_ops), FAULT_BOTH);
  fault_every_op_on_sqlite(center_ops, STORE_OPS_COUNT(center_ops), FAULT_STORAGE, SSVC_TEST_TMP,
                           "test_parties");
}

/* ---- The agreement's buyer ---- */

static ssvc_store *store_new(ssvc_ctx **ctx) {
  ssvc_ctx_options o = SSVC_CTX_OPTIONS_INIT;
  o.clock = fixture_clock;
  fixture_now = STORE_FAULT_NOW;
  assert_int_equal(ssvc_ctx_new(ctx, &o), SSVC_OK);
  ssvc_store *st = NULL;
  assert_int_equal(ssvc_store_memory_new(*ctx, &st), SSVC_OK);
  return st;
}

static void agreement_buyer_round_trip(void **state) {
  (void)state;
  ssvc_ctx *ctx;
  ssvc_store *st = store_new(&ctx);
  ssvc_party buyer = *fixture_buyer();
  buyer.endpoint = "0088:7300010000001";
  buyer.contact_email = "inkop@kund.se";
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  s.customer_id = "KUND";
  s.customer_name = "Kund";
  s.tier_code = "PROF";
  s.fleet = 10;
  s.buyer = &buyer;
  s.order_reference = "Avtal 2026-17";
  s.payment_days = 20;
  assert_int_equal(ssvc_agreement_create(st, &s, "lead"), SSVC_OK);
  /* A bad buyer is refused naming the field; nothing changes. */
  ssvc_party bad = buyer;
  bad.org_number = "556036-0794";
  s.buyer = &bad;
  assert_int_equal(ssvc_agreement_update(st, &s, 0, "lead"), SSVC_EINVAL);
  err_has(ctx, "ssvc_agreement_update: spec->buyer->org_number: '556036-0794' fails the check");
  s.buyer = &buyer;
  s.payment_days = 366;
  assert_int_equal(ssvc_agreement_update(st, &s, 0, "lead"), SSVC_EINVAL);
  err_has(ctx, "spec->payment_days: must be 0..365 (got 366)");
  s.payment_days = 20;
  s.buyer_reference = "";
  assert_int_equal(ssvc_agreement_update(st, &s, 0, "lead"), SSVC_EINVAL);
  err_has(ctx, "spec->buyer_reference: must not be empty");
  ssvc_agreement *a = NULL;
  assert_int_equal(ssvc_agreement_load(st, &a, "KUND"), SSVC_OK);
  ssvc_agreement_spec g = SSVC_AGREEMENT_SPEC_INIT;
  assert_int_equal(ssvc_agreement_spec_get(a, &g), SSVC_OK);
  assert_non_null(g.buyer);
  assert_int_equal(g.buyer->version, SSVC_PARTY_VERSION);
  assert_string_equal(g.buyer->org_number, "556036-0793");
  assert_string_equal(g.buyer->endpoint, "0088:7300010000001");
  assert_string_equal(g.buyer->contact_email, "inkop@kund.se");
  assert_null(g.buyer_reference);
  assert_string_equal(g.order_reference, "Avtal 2026-17");
  assert_int_equal(g.payment_days, 20);
  assert_int_equal(ssvc_agreement_event_count(a), 1);
  /* A caller of version 3 changes the fleet; the buyer stays. */
  ssvc_agreement_spec v3;
  assert_int_equal(ssvc_agreement_spec_init(&v3, 3), SSVC_OK);
  memcpy(&v3, &g, offsetof(ssvc_agreement_spec, buyer));
  v3.version = 3;
  v3.fleet = 12;
  assert_int_equal(ssvc_agreement_update(st, &v3, 0, "old"), SSVC_OK);
  ssvc_agreement_free(a);
  assert_int_equal(ssvc_agreement_load(st, &a, "KUND"), SSVC_OK);
  g = (ssvc_agreement_spec)SSVC_AGREEMENT_SPEC_INIT;
  assert_int_equal(ssvc_agreement_spec_get(a, &g), SSVC_OK);
  assert_int_equal(g.fleet, 12);
  assert_non_null(g.buyer);
  assert_string_equal(g.order_reference, "Avtal 2026-17");
  /* The XML interchange carries it: export, import into an empty store, the same agreement. */
  struct mem m = {NULL, 0, 0, 0};
  assert_int_equal(ssvc_xml_export(st, NULL, mem_put, &m, NULL), SSVC_OK);
  char *doc = m.p;
  size_t len = m.len;
  assert_non_null(strstr(doc, "order-reference=\"Avtal 2026-17\" payment-days=\"20\""));
  assert_non_null(strstr(doc, "<buyer name=\"Fixturköparen AB\" org-number=\"556036-0793\""));
  ssvc_ctx *ctx2;
  ssvc_store *st2 = store_new(&ctx2);
  ssvc_xml_import_result r = SSVC_XML_IMPORT_RESULT_INIT;
  assert_int_equal(ssvc_xml_import_memory(st2, &r, doc, len, NULL, NULL), SSVC_OK);
  assert_int_equal(r.agreements_imported, 1);
  ssvc_agreement *b = NULL;
  assert_int_equal(ssvc_agreement_load(st2, &b, "KUND"), SSVC_OK);
  ssvc_agreement_spec h = SSVC_AGREEMENT_SPEC_INIT;
  assert_int_equal(ssvc_agreement_spec_get(b, &h), SSVC_OK);
  assert_non_null(h.buyer);
  assert_string_equal(h.buyer->name, "Fixturköparen AB");
  assert_string_equal(h.buyer->vat_number, "SE556036079301");
  assert_string_equal(h.buyer->endpoint, "0088:7300010000001");
  assert_int_equal(h.payment_days, 20);
  ssvc_agreement_free(b);
  /* A bad buyer in XML is a bad record naming the field. */
  char *bad_doc = malloc(len + 1);
  memcpy(bad_doc, doc, len + 1);
  char *at = strstr(bad_doc, "556036-0793");
  at[10] = '4';
  ssvc_store *st3 = NULL;
  assert_int_equal(ssvc_store_memory_new(ctx2, &st3), SSVC_OK);
  r = (ssvc_xml_import_result)SSVC_XML_IMPORT_RESULT_INIT;
  assert_int_not_equal(ssvc_xml_import_memory(st3, &r, bad_doc, len, NULL, NULL), SSVC_OK);
  err_has(ctx2, "spec->buyer->org_number: '556036-0794' fails the check digit");
  assert_int_equal(ssvc_agreement_load(st3, &b, "KUND"), SSVC_ENOTFOUND);
  free(bad_doc);
  ssvc_store_free(st3);
  ssvc_store_free(st2);
  ssvc_ctx_free(ctx2);
  free(doc);
  ssvc_agreement_free(a);
  /* An agreement without a buyer (as every one made before version 4) reads back without one. */
  ssvc_agreement_spec o = SSVC_AGREEMENT_SPEC_INIT;
  o.customer_id = "OLD";
  o.customer_name = "Old AB";
  o.tier_code = "BAS";
  o.fleet = 3;
  assert_int_equal(ssvc_agreement_create(st, &o, "lead"), SSVC_OK);
  assert_int_equal(ssvc_agreement_load(st, &a, "OLD"), SSVC_OK);
  g = (ssvc_agreement_spec)SSVC_AGREEMENT_SPEC_INIT;
  assert_int_equal(ssvc_agreement_spec_get(a, &g), SSVC_OK);
  assert_null(g.buyer);
  assert_null(g.buyer_reference);
  assert_null(g.order_reference);
  assert_int_equal(g.payment_days, 0);
  ssvc_agreement_free(a);
  ssvc_store_free(st);
  ssvc_ctx_free(ctx);
}

/* ---- The run: the stored parties, refused without a buyer ---- */

static int list_count(void *ud, const char *number, int year, int month, int direct) {
  (void)number, (void)year, (void)month, (void)direct;
  ++*(int *)ud;
  return 0;
}

static void run_uses_the_stored_parties(void **state) {
  (void)state;
  ssvc_ctx *ctx;
  ssvc_store *st = store_new(&ctx);
  ssvc_catalog *cat = NULL;
  ssvc_pricelist *pl = NULL;
  assert_int_equal(ssvc_catalog_new(ctx, &cat), SSVC_OK);
  assert_int_equal(ssvc_pricelist_new(ctx, &pl, cat), SSVC_OK);
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  s.customer_id = "NOBUY";
  s.customer_name = "Nobuy AB";
  s.tier_code = "BAS";
  s.fleet = 5;
  assert_int_equal(ssvc_agreement_create(st, &s, "lead"), SSVC_OK);
  fixture_agreement(st, "KUND", "PROF", 10, 0, 0);
  ssvc_invoice_run_spec r = SSVC_INVOICE_RUN_SPEC_INIT;
  r.customer_id = "NOBUY";
  r.year = 2026;
  r.month = 3;
  r.pricelist = pl;
  ssvc_invoice *inv = NULL;
  /* No buyer: refused naming what is missing; nothing stored, no number taken. */
  assert_int_equal(ssvc_center_set(st, fixture_seller(), "lead"), SSVC_OK);
  assert_int_equal(ssvc_invoice_run(st, &inv, NULL, &r), SSVC_ESTATE);
  assert_null(inv);
  err_has(ctx, "ssvc_invoice_run: NOBUY: the agreement has no buyer identity");
  int n = 0;
  assert_int_equal(ssvc_invoice_list(st, "NOBUY", list_count, &n), SSVC_OK);
  assert_int_equal(n, 0);
  /* A buyer but no reference. */
  ssvc_agreement *a = NULL;
  assert_int_equal(ssvc_agreement_load(st, &a, "NOBUY"), SSVC_OK);
  ssvc_agreement_spec g = SSVC_AGREEMENT_SPEC_INIT;
  assert_int_equal(ssvc_agreement_spec_get(a, &g), SSVC_OK);
  g.buyer = fixture_buyer();
  assert_int_equal(ssvc_agreement_update(st, &g, 0, "lead"), SSVC_OK);
  ssvc_agreement_free(a);
  assert_int_equal(ssvc_invoice_run(st, &inv, NULL, &r), SSVC_ESTATE);
  err_has(ctx, "no buyer reference and no order reference (Peppol needs one");
  assert_int_equal(ssvc_invoice_list(st, "NOBUY", list_count, &n), SSVC_OK);
  assert_int_equal(n, 0);
  /* The first invoice of the year is still number 1: the refusals took none. */
  r.customer_id = "KUND";
  assert_int_equal(ssvc_invoice_run(st, &inv, NULL, &r), SSVC_OK);
  assert_string_equal(ssvc_invoice_number(inv), "INV-2026-000001");
  char text[4096];
  ssvc_invoice_text(inv, SSVC_LANG_SV, text, sizeof text);
  assert_non_null(strstr(text, "Säljare: Smartservice Support Center AB (556677-8899)"));
  assert_non_null(strstr(text, "Godkänd för F-skatt"));
  assert_non_null(strstr(text, "Köpare:  Fixturköparen AB (556036-0793)"));
  assert_non_null(strstr(text, "Betalas senast 2026-04-01 till bankgiro 123-4566"));
  assert_non_null(strstr(text, "Ange OCR-nummer: 202600000121"));
  ssvc_invoice_text(inv, SSVC_LANG_EN, text, sizeof text);
  assert_non_null(strstr(text, "Pay by 2026-04-01 to bankgiro 123-4566"));
  assert_non_null(strstr(text, "OCR reference: 202600000121"));
  size_t len = 0;
  assert_int_equal(ssvc_invoice_ubl(inv, NULL, 0, &len), SSVC_OK);
  char *xml = malloc(len + 1);
  assert_int_equal(ssvc_invoice_ubl(inv, xml, len + 1, &len), SSVC_OK);
  assert_non_null(strstr(xml, "<cbc:EndpointID schemeID=\"0007\">5560360793</cbc:EndpointID>"));
  assert_non_null(strstr(xml, "<cbc:CompanyID>Godkänd för F-skatt</cbc:CompanyID>"));
  assert_non_null(strstr(xml, "<cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>\n"
                              "    <cbc:PaymentID>202600000121</cbc:PaymentID>"));
  assert_non_null(strstr(xml, "<cbc:ID>1234566</cbc:ID>"));
  assert_non_null(strstr(xml, "<cbc:ID>SE:BANKGIRO</cbc:ID>"));
  assert_non_null(strstr(xml, "<cbc:Note>Betalning inom 30 dagar</cbc:Note>"));
  free(xml);
  /* The stored invoice reads back with its parties. */
  ssvc_invoice *again = NULL;
  assert_int_equal(ssvc_invoice_load(st, &again, "INV-2026-000001"), SSVC_OK);
  char text2[4096];
  ssvc_invoice_text(again, SSVC_LANG_EN, text2, sizeof text2);
  assert_string_equal(text, text2);
  ssvc_invoice_free(again);
  ssvc_invoice_free(inv);
  ssvc_pricelist_free(pl);
  ssvc_catalog_free(cat);
  ssvc_store_free(st);
  ssvc_ctx_free(ctx);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(each_number_is_checked),
      cmocka_unit_test(ocr_reference),
      cmocka_unit_test(center_set_and_load),
      cmocka_unit_test(center_under_faults),
      cmocka_unit_test(agreement_buyer_round_trip),
      cmocka_unit_test(run_uses_the_stored_parties),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
