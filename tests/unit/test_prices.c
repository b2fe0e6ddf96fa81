/* Dated prices kept in the store (prices.h, doc/charges.md "Stored prices"): set, replace,
 * remove and list them; the invoice run prices each day at the stored price valid that day; bad
 * input named; every storage call and allocation of the changing operations failing cleanly on
 * the memory store and on SQLite. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <smartservice.h>
#include <smartservice/sqlite.h>

#include "fixtures.h"
#include "fresh_store.h"
#include "store_fault.h"

static ssvc_price price(const char *customer, const char *tier, int y, int m, int d,
                        int64_t amount) {
  ssvc_price p = SSVC_PRICE_INIT;
  p.customer_id = customer;
  p.tier = tier;
  p.from = (ssvc_date){y, m, d};
  p.amount_minor = amount;
  return p;
}

static int set(ssvc_store *st, const char *customer, const char *tier, int y, int m, int d,
               int64_t amount) {
  ssvc_price p = price(customer, tier, y, m, d, amount);
  return ssvc_price_set(st, &p, "lead");
}

/* The service invoice of @p customer's month, from the stored prices (spec.pricelist NULL). */
static ssvc_invoice *run(ssvc_store *st, const char *customer, int year, int month) {
  ssvc_party seller = SSVC_PARTY_INIT;
  seller.name = "Seller AB";
  seller.org_number = "556677-8899";
  seller.vat_number = "SE556677889901";
  seller.city = "Stockholm";
  ssvc_invoice_run_spec s = SSVC_INVOICE_RUN_SPEC_INIT;
  s.customer_id = customer;
  s.year = year;
  s.month = month;
  s.seller = &seller;
  ssvc_invoice *inv = NULL;
  int rc = ssvc_invoice_run(st, &inv, NULL, &s);
  if (rc) print_error("%s\n", ssvc_ctx_errmsg(ssvc_store_ctx(st)));
  assert_int_equal(rc, SSVC_OK);
  assert_non_null(inv);
  return inv;
}

static ssvc_invoice_line line(const ssvc_invoice *inv, size_t i) {
  ssvc_invoice_line l = SSVC_INVOICE_LINE_INIT;
  assert_int_equal(ssvc_invoice_line_get(inv, i, &l), SSVC_OK);
  return l;
}

/* ---- Behaviour ---- */

/* A list price change on 10 April splits April's fee by day: 1-9 at the catalogue's 39.00,
 * 10-30 at 45.00, each user-days x price / 30. */
static void list_price_change_mid_month_prorates_by_day(void **state) {
  struct fx *f = *state;
  fixture_agreement(f->st, "ACME", "PROF", 10, 0, 0);
  assert_int_equal(set(f->st, NULL, "prof", 2026, 4, 10, 4500), SSVC_OK);
  ssvc_invoice *inv = run(f->st, "ACME", 2026, 4);
  assert_int_equal(ssvc_invoice_line_count(inv), 2);
  ssvc_invoice_line a = line(inv, 0), b = line(inv, 1);
  assert_int_equal(a.quantity, 90);
  assert_int_equal(a.base_quantity, 30);
  assert_int_equal(a.unit_price_minor, 3900);
  assert_int_equal(a.net_minor, 11700);
  assert_string_equal(a.unit_code, "DAY");
  assert_int_equal(b.quantity, 210);
  assert_int_equal(b.unit_price_minor, 4500);
  assert_int_equal(b.net_minor, 31500);
  assert_non_null(strstr(b.text_en, "2026-04-10 – 2026-04-30"));
  ssvc_invoice_free(inv);
  /* May: the new price all month, one line per user and month. */
  inv = run(f->st, "ACME", 2026, 5);
  assert_int_equal(ssvc_invoice_line_count(inv), 1);
  ssvc_invoice_line c = line(inv, 0);
  assert_int_equal(c.quantity, 10);
  assert_int_equal(c.unit_price_minor, 4500);
  ssvc_invoice_free(inv);
}

/* A customer's override beats the list price from its date; other customers keep the list
 * price; an override from before the month covers it all. */
static void override_beats_list_price(void **state) {
  struct fx *f = *state;
  fixture_agreement(f->st, "ACME", "PROF", 10, 0, 0);
  fixture_agreement(f->st, "BYGG", "PROF", 10, 0, 0);
  assert_int_equal(set(f->st, NULL, "PROF", 2026, 1, 1, 4500), SSVC_OK);
  assert_int_equal(set(f->st, "ACME", "PROF", 2026, 4, 16, 3000), SSVC_OK);
  assert_int_equal(set(f->st, "BYGG", "PROF", 2025, 1, 1, 2000), SSVC_OK);
  ssvc_invoice *inv = run(f->st, "ACME", 2026, 4);
  assert_int_equal(ssvc_invoice_line_count(inv), 2);
  assert_int_equal(line(inv, 0).unit_price_minor, 4500);
  assert_int_equal(line(inv, 1).unit_price_minor, 3000);
  assert_int_equal(line(inv, 1).quantity, 150);
  ssvc_invoice_free(inv);
  inv = run(f->st, "BYGG", 2026, 4);
  assert_int_equal(ssvc_invoice_line_count(inv), 1);
  assert_int_equal(line(inv, 0).unit_price_minor, 2000);
  ssvc_invoice_free(inv);
  /* The stored price list as a caller sees it: lookups by date. */
  ssvc_catalog *cat = NULL;
  ssvc_pricelist *pl = NULL;
  int64_t v = 0;
  assert_int_equal(ssvc_catalog_new(f->ctx, &cat), SSVC_OK);
  assert_int_equal(ssvc_pricelist_load(f->st, &pl, cat, NULL), SSVC_OK);
  assert_int_equal(ssvc_pricelist_lookup(pl, &v, "ACME", "PROF", (ssvc_date){2026, 4, 15}), 0);
  assert_int_equal(v, 4500);
  assert_int_equal(ssvc_pricelist_lookup(pl, &v, "ACME", "PROF", (ssvc_date){2026, 4, 16}), 0);
  assert_int_equal(v, 3000);
  assert_int_equal(ssvc_pricelist_lookup(pl, &v, NULL, "PROF", (ssvc_date){2025, 6, 1}), 0);
  assert_int_equal(v, 3900);
  ssvc_pricelist_free(pl);
  assert_int_equal(ssvc_pricelist_load(f->st, &pl, cat, "BYGG"), SSVC_OK);
  assert_int_equal(ssvc_pricelist_lookup(pl, &v, "ACME", "PROF", (ssvc_date){2026, 5, 1}), 0);
  assert_int_equal(v, 4500); /* ACME's override is not in BYGG's list */
  ssvc_pricelist_free(pl);
  ssvc_catalog_free(cat);
}

/* A store without stored prices (every store before this version) bills the catalogue's prices,
 * exactly as an empty price list does. */
static void store_without_prices_bills_catalogue(void **state) {
  struct fx *f = *state;
  fixture_agreement(f->st, "ACME", "BAS", 7, 0, 0);
  ssvc_invoice *inv = run(f->st, "ACME", 2026, 4);
  ssvc_catalog *cat = NULL;
  assert_int_equal(ssvc_catalog_new(f->ctx, &cat), SSVC_OK);
  const ssvc_tier *bas = NULL;
  assert_int_equal(ssvc_catalog_find(cat, "BAS", &bas), SSVC_OK);
  assert_int_equal(line(inv, 0).unit_price_minor, ssvc_tier_price(bas));
  assert_int_equal(line(inv, 0).quantity, 7);
  ssvc_invoice_free(inv);
  ssvc_catalog_free(cat);
}

struct listed {
  char text[1024];
  size_t len;
};

static int list_cb(void *ud, const ssvc_price *p) {
  struct listed *l = ud;
  l->len += (size_t)snprintf(l->text + l->len, sizeof l->text - l->len, "%s/%s/%s/%04d-%02d-%02d/%lld;",
                             p->customer_id ? p->customer_id : "-",
                             ssvc_charge_kind_key(p->kind), p->tier ? p->tier : "-", p->from.year,
                             p->from.month, p->from.day, (long long)p->amount_minor);
  return 0;
}

/* Set replaces a price of the same item and date; list gives kind, tier, date order; remove
 * takes one away; freight and packaging are kept too. */
static void set_replace_list_remove(void **state) {
  struct fx *f = *state;
  fixture_agreement(f->st, "ACME", "PROF", 10, 0, 0);
  assert_int_equal(set(f->st, NULL, "prof", 2026, 5, 1, 4100), SSVC_OK);
  assert_int_equal(set(f->st, NULL, "BAS", 2026, 5, 1, 1900), SSVC_OK);
  assert_int_equal(set(f->st, NULL, "PROF", 2026, 1, 1, 4000), SSVC_OK);
  assert_int_equal(set(f->st, NULL, "PROF", 2026, 5, 1, 4200), SSVC_OK); /* replaces */
  ssvc_price fr = price(NULL, NULL, 2026, 1, 1, 9900);
  fr.kind = SSVC_CHARGE_FREIGHT;
  assert_int_equal(ssvc_price_set(f->st, &fr, "lead"), SSVC_OK);
  assert_int_equal(set(f->st, "ACME", "PROF", 2026, 2, 1, 100), SSVC_OK);
  struct listed l = {"", 0};
  assert_int_equal(ssvc_price_list(f->st, NULL, list_cb, &l), SSVC_OK);
  assert_string_equal(l.text, "-/monthly-fee/BAS/2026-05-01/1900;-/monthly-fee/PROF/2026-01-01/4000;"
                              "-/monthly-fee/PROF/2026-05-01/4200;-/freight/-/2026-01-01/9900;");
  l.len = 0;
  l.text[0] = 0;
  assert_int_equal(ssvc_price_list(f->st, "ACME", list_cb, &l), SSVC_OK);
  assert_string_equal(l.text, "ACME/monthly-fee/PROF/2026-02-01/100;");
  ssvc_price rm = price(NULL, "PROF", 2026, 1, 1, 0);
  assert_int_equal(ssvc_price_remove(f->st, &rm), SSVC_OK);
  assert_int_equal(ssvc_price_remove(f->st, &rm), SSVC_ENOTFOUND);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "no stored price of monthly-fee PROF from 2026-01-01"));
  l.len = 0;
  l.text[0] = 0;
  assert_int_equal(ssvc_price_list(f->st, NULL, list_cb, &l), SSVC_OK);
  assert_null(strstr(l.text, "2026-01-01/4000"));
}

/* An override may name the customer's custom tier (any case: stored canonical); a list price
 * may not, nor may another customer's override. */
static void override_of_a_custom_tier(void **state) {
  struct fx *f = *state;
  ssvc_tier_spec t = SSVC_TIER_SPEC_INIT;
  t.code = "Gold";
  t.name_sv = "Smartservice Guld";
  t.features = SSVC_FEATURE_ALL;
  t.price_minor = 5900;
  ssvc_agreement_spec a = SSVC_AGREEMENT_SPEC_INIT;
  a.customer_id = a.customer_name = "ACME";
  a.tier_code = "Gold";
  a.custom_tier = &t;
  a.fleet = 10;
  a.buyer = fixture_buyer(); /* the run bills the agreement's buyer */
  a.buyer_reference = "ACME";
  assert_int_equal(ssvc_agreement_create(f->st, &a, "lead"), SSVC_OK);
  fixture_agreement(f->st, "BYGG", "PROF", 10, 0, 0);
  assert_int_equal(set(f->st, "ACME", "GOLD", 2026, 4, 16, 5000), SSVC_OK);
  assert_int_equal(set(f->st, NULL, "Gold", 2026, 4, 16, 5000), SSVC_ENOTFOUND);
  assert_int_equal(set(f->st, "BYGG", "Gold", 2026, 4, 16, 5000), SSVC_ENOTFOUND);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "no tier 'Gold' built in or in the customer's"));
  struct listed l = {"", 0};
  assert_int_equal(ssvc_price_list(f->st, "ACME", list_cb, &l), SSVC_OK);
  assert_string_equal(l.text, "ACME/monthly-fee/Gold/2026-04-16/5000;");
  ssvc_invoice *inv = run(f->st, "ACME", 2026, 4);
  assert_int_equal(ssvc_invoice_line_count(inv), 2);
  assert_int_equal(line(inv, 0).unit_price_minor, 5900);
  assert_int_equal(line(inv, 1).unit_price_minor, 5000);
  ssvc_invoice_free(inv);
}

/* Ships a phone on case @p id now and returns the freight and packaging it was charged (the
 * case's last two charges). */
static void ship_charges(ssvc_store *st, const char *id, int64_t *freight, int64_t *packaging) {
  ssvc_shipment sh = SSVC_SHIPMENT_INIT;
  sh.kind = SSVC_SHIPMENT_WORKSHOP;
  assert_int_equal(ssvc_case_add_shipment(st, id, "agent", &sh), SSVC_OK);
  ssvc_case *c;
  assert_int_equal(ssvc_case_load(st, &c, id), SSVC_OK);
  ssvc_case_info i;
  memset(&i, 0, sizeof i);
  i.version = SSVC_CASE_INFO_VERSION;
  assert_int_equal(ssvc_case_info_get(c, &i), SSVC_OK);
  assert_true(i.charge_count >= 2);
  ssvc_case_charge g[2] = {SSVC_CASE_CHARGE_INIT, SSVC_CASE_CHARGE_INIT};
  assert_int_equal(ssvc_case_charge_at(c, i.charge_count - 2, &g[0]), SSVC_OK);
  assert_int_equal(ssvc_case_charge_at(c, i.charge_count - 1, &g[1]), SSVC_OK);
  assert_int_equal(g[0].kind, SSVC_CHARGE_FREIGHT);
  assert_int_equal(g[1].kind, SSVC_CHARGE_PACKAGING);
  *freight = g[0].amount_minor;
  *packaging = g[1].amount_minor;
  ssvc_case_free(c);
}

static int set_shipping(ssvc_store *st, const char *customer, int kind, int y, int m, int d,
                        int64_t amount) {
  ssvc_price p = price(customer, NULL, y, m, d, amount);
  p.kind = kind;
  return ssvc_price_set(st, &p, "lead");
}

/* A shipment is charged the freight and packaging of its Stockholm day: the customer's stored
 * override, else the agreement's own price, else the stored list price, else the default. */
static void shipment_charged_at_stored_prices(void **state) {
  struct fx *f = *state;
  fixture_agreement(f->st, "ACME", "PROF", 10, 0, 0);
  ssvc_agreement_spec a = SSVC_AGREEMENT_SPEC_INIT;
  a.customer_id = a.customer_name = "BYGG";
  a.tier_code = "PROF";
  a.fleet = 10;
  a.freight_minor = 5000; /* BYGG's own freight; its packaging is not agreed */
  assert_int_equal(ssvc_agreement_create(f->st, &a, "lead"), SSVC_OK);
  char acme[SSVC_CASE_ID_SIZE], bygg[SSVC_CASE_ID_SIZE];
  fixture_case(f->st, acme, "ACME", NULL, fixture_imei(1));
  fixture_case(f->st, bygg, "BYGG", NULL, fixture_imei(2));
  int64_t fr, pk;
  ship_charges(f->st, acme, &fr, &pk); /* nothing stored: the defaults */
  assert_int_equal(fr, SSVC_FREIGHT_DEFAULT_MINOR);
  assert_int_equal(pk, SSVC_PACKAGING_DEFAULT_MINOR);
  assert_int_equal(set_shipping(f->st, NULL, SSVC_CHARGE_FREIGHT, 2026, 1, 1, 9900), SSVC_OK);
  assert_int_equal(set_shipping(f->st, NULL, SSVC_CHARGE_FREIGHT, 2026, 3, 3, 12000), SSVC_OK);
  assert_int_equal(set_shipping(f->st, NULL, SSVC_CHARGE_PACKAGING, 2026, 1, 1, 3000), SSVC_OK);
  ship_charges(f->st, acme, &fr, &pk); /* 2 March: the list prices of that day */
  assert_int_equal(fr, 9900);
  assert_int_equal(pk, 3000);
  ship_charges(f->st, bygg, &fr, &pk); /* the agreement's own freight beats the list price */
  assert_int_equal(fr, 5000);
  assert_int_equal(pk, 3000);
  assert_int_equal(set_shipping(f->st, "BYGG", SSVC_CHARGE_FREIGHT, 2026, 3, 1, 4000), SSVC_OK);
  ship_charges(f->st, bygg, &fr, &pk); /* the stored override beats the agreement's price */
  assert_int_equal(fr, 4000);
  fixture_now += 86400; /* 3 March: the new list freight */
  ship_charges(f->st, acme, &fr, &pk);
  assert_int_equal(fr, 12000);
  assert_int_equal(pk, 3000);
}

/* Bad input names the field and stores nothing. */
static void bad_input_named_nothing_stored(void **state) {
  struct fx *f = *state;
  fixture_agreement(f->st, "ACME", "PROF", 10, 0, 0);
  struct {
    ssvc_price p;
    const char *actor;
    int rc;
    const char *words;
  } cases[] = {
      {price(NULL, "PROF", 2026, 1, 1, -5), "lead", SSVC_EINVAL,
       "ssvc_price_set: price->amount_minor: must be 0..10^12 (got -5)"},
      {price(NULL, "PROF", 2026, 1, 1, INT64_C(1000000000001)), "lead", SSVC_EINVAL,
       "price->amount_minor"},
      {price(NULL, "PROF", 2026, 2, 30, 100), "lead", SSVC_EINVAL,
       "price->from: not a valid date (got 2026-2-30)"},
      {price(NULL, NULL, 2026, 2, 1, 100), "lead", SSVC_EINVAL, "price->tier: must be given"},
      {price(NULL, "GOLD", 2026, 2, 1, 100), "lead", SSVC_ENOTFOUND, "price->tier: no tier 'GOLD'"},
      {price("BYGG", "PROF", 2026, 2, 1, 100), "lead", SSVC_ENOTFOUND,
       "ssvc_price_set: price->customer_id: no agreement for 'BYGG'"},
      {price(NULL, "PROF", 2026, 2, 1, 100), "", SSVC_EINVAL, "actor"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    assert_int_equal(ssvc_price_set(f->st, &cases[i].p, cases[i].actor), cases[i].rc);
    assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), cases[i].words));
  }
  ssvc_price p = price(NULL, "PROF", 2026, 1, 1, 100);
  p.kind = SSVC_CHARGE_REPAIR;
  assert_int_equal(ssvc_price_set(f->st, &p, "lead"), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "price->kind"));
  p.kind = SSVC_CHARGE_PACKAGING;
  assert_int_equal(ssvc_price_set(f->st, &p, "lead"), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "price->tier: must be NULL for packaging"));
  p.version = 99;
  assert_int_equal(ssvc_price_set(f->st, &p, "lead"), SSVC_EVERSION);
  assert_int_equal(ssvc_price_set(f->st, NULL, "lead"), SSVC_EINVAL);
  assert_int_equal(ssvc_price_set(NULL, &p, "lead"), SSVC_EINVAL);
  assert_int_equal(ssvc_price_list(f->st, NULL, NULL, NULL), SSVC_EINVAL);
  struct listed l = {"", 0};
  assert_int_equal(ssvc_price_list(f->st, NULL, list_cb, &l), SSVC_OK);
  assert_string_equal(l.text, "");
}

/* ---- Faults: every storage call and every allocation of set and remove ---- */

static void *fx_agreement(ssvc_store *st) {
  fixture_agreement(st, "ACME", "PROF", 10, 0, 0);
  assert_int_equal(set(st, NULL, "PROF", 2026, 1, 1, 4000), SSVC_OK);
  return NULL;
}

static int op_set_list(ssvc_store *st, void *state) {
  (void)state;
  return set(st, NULL, "PROF", 2026, 5, 1, 4500);
}

static int op_set_override(ssvc_store *st, void *state) {
  (void)state;
  return set(st, "ACME", "PROF", 2026, 5, 1, 3000);
}

static int op_replace(ssvc_store *st, void *state) {
  (void)state;
  return set(st, NULL, "PROF", 2026, 1, 1, 4100);
}

static int op_remove(ssvc_store *st, void *state) {
  (void)state;
  ssvc_price p = price(NULL, "PROF", 2026, 1, 1, 0);
  return ssvc_price_remove(st, &p);
}

/* The run from stored prices: the list price and an override split the month. */
static void *fx_priced(ssvc_store *st) {
  fx_agreement(st);
  assert_int_equal(set(st, NULL, "PROF", 2026, 4, 10, 4500), SSVC_OK);
  assert_int_equal(set(st, "ACME", "PROF", 2026, 4, 20, 3000), SSVC_OK);
  return NULL;
}

static int op_run(ssvc_store *st, void *state) {
  (void)state;
  ssvc_party seller = SSVC_PARTY_INIT;
  seller.name = "Seller AB";
  seller.org_number = "556677-8899";
  seller.vat_number = "SE556677889901";
  ssvc_invoice_run_spec s = SSVC_INVOICE_RUN_SPEC_INIT;
  s.customer_id = "ACME";
  s.year = 2026;
  s.month = 4;
  s.seller = &seller;
  ssvc_invoice *inv = NULL;
  int rc = ssvc_invoice_run(st, &inv, NULL, &s);
  if (!rc && ssvc_invoice_line_count(inv) != 3) rc = SSVC_EINTERNAL;
  ssvc_invoice_free(inv);
  return rc;
}

static const struct store_op ops[] = {
    {"ssvc_invoice_run (stored prices)", fx_priced, op_run, NULL},
    {"ssvc_price_set (list)", fx_agreement, op_set_list, NULL},
    {"ssvc_price_set (override)", fx_agreement, op_set_override, NULL},
    {"ssvc_price_set (replace)", fx_agreement, op_replace, NULL},
    {"ssvc_price_remove", fx_agreement, op_remove, NULL},
};

static void run_faults(void) {
  fault_every_op(ops, STORE_OPS_COUNT(ops), FAULT_BOTH);
}

static void faults_on_memory(void **state) {
  (void)state;
  run_faults();
}

static void faults_on_sqlite(void **state) {
  (void)state;
  fresh_sqlite_begin(SSVC_TEST_TMP, "test_prices");
  run_faults();
  fresh_store_end();
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(list_price_change_mid_month_prorates_by_day, fixture_setup,
                                      fixture_teardown),
      cmocka_unit_test_setup_teardown(override_beats_list_price, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(store_without_prices_bills_catalogue, fixture_setup,
                                      fixture_teardown),
      cmocka_unit_test_setup_teardown(set_replace_list_remove, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(override_of_a_custom_tier, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(shipment_charged_at_stored_prices, fixture_setup,
                                      fixture_teardown),
      cmocka_unit_test_setup_teardown(bad_input_named_nothing_stored, fixture_setup,
                                      fixture_teardown),
      cmocka_unit_test(faults_on_memory),
      cmocka_unit_test(faults_on_sqlite),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
