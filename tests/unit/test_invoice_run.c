/* The stored monthly invoice run (rule R8): the fee of a month from the agreement, charges in
 * arrears from the cases, the direct invoice, exactly once, numbering, UBL validity, and the run
 * under a failure at every storage call and every allocation (memory and SQLite). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include <smartservice.h>
#include <smartservice/sqlite.h>

#include "shared_files.h"
#include "fixtures.h"
#include "fresh_store.h"
#include "store_fault.h"

#ifndef SSVC_SCHEMAS_DIR
#define SSVC_SCHEMAS_DIR "../shared/schemas"
#endif
#define UBL_XSD SSVC_SCHEMAS_DIR "/ubl-2.1/maindoc/UBL-Invoice-2.1.xsd"

/* Instants of 2026 (UTC). */
#define OCT_10 INT64_C(1791615600)   /* 2026-10-10 07:00 */
#define OCT_31 INT64_C(1793444400)   /* 2026-10-31 11:00 */
#define NOV_01 INT64_C(1793526000)   /* 2026-11-01 09:40 */
#define NOV_10 INT64_C(1794304800)   /* 2026-11-10 10:00 */
#define DEC_01 INT64_C(1796115600)   /* 2026-12-01 09:00 */

struct run_fx {
  ssvc_ctx *ctx;
  ssvc_store *st;
  ssvc_catalog *cat;
  ssvc_pricelist *pl;
  ssvc_party seller;
};

static void seller_init(ssvc_party *p) {
  *p = (ssvc_party)SSVC_PARTY_INIT;
  p->name = "Smartservice Support Center AB";
  p->org_number = "556000-0001";
  p->vat_number = "SE556000000101";
  p->city = "Stockholm";
}

static int setup(void **state) {
  struct run_fx *f = calloc(1, sizeof *f);
  ssvc_ctx_options o = SSVC_CTX_OPTIONS_INIT;
  o.clock = fixture_clock;
  fixture_now = OCT_10;
  assert_int_equal(ssvc_ctx_new(&f->ctx, &o), SSVC_OK);
  assert_int_equal(ssvc_store_memory_new(f->ctx, &f->st), SSVC_OK);
  assert_int_equal(ssvc_catalog_new(f->ctx, &f->cat), SSVC_OK);
  assert_int_equal(ssvc_pricelist_new(f->ctx, &f->pl, f->cat), SSVC_OK);
  seller_init(&f->seller);
  *state = f;
  return 0;
}

static int teardown(void **state) {
  struct run_fx *f = *state;
  ssvc_pricelist_free(f->pl);
  ssvc_catalog_free(f->cat);
  ssvc_store_free(f->st);
  ssvc_ctx_free(f->ctx);
  free(f);
  return 0;
}

static void agreement(ssvc_store *st, const char *customer, const char *tier, uint32_t fleet) {
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  s.customer_id = customer;
  s.customer_name = "Kund AB";
  s.tier_code = tier;
  s.fleet = fleet;
  s.buyer = fixture_buyer();
  s.buyer_reference = customer;
  assert_int_equal(ssvc_agreement_create(st, &s, "lead"), SSVC_OK);
}

/* A case of @p customer (on its agreement's tier) on a phone of its own. */
static void new_case(ssvc_store *st, char *id, const char *customer) {
  static int phones;
  fixture_case(st, id, customer, NULL, fixture_imei(600000 + phones++ % 1000));
}

static void charge(ssvc_store *st, const char *id, int kind, int64_t amount, const char *text) {
  ssvc_case_charge c = SSVC_CASE_CHARGE_INIT;
  c.kind = kind;
  c.amount_minor = amount;
  c.text = text;
  assert_int_equal(ssvc_case_add_charge(st, id, "agent", &c), SSVC_OK);
}

/* A shipment's freight and packaging, as the SWAP flows record them. */
static void shipment(ssvc_store *st, const char *id) {
  charge(st, id, SSVC_CHARGE_FREIGHT, 8900, "freight: replacement phone");
  charge(st, id, SSVC_CHARGE_PACKAGING, 2500, "packaging: replacement phone");
}

static int run(struct run_fx *f, ssvc_invoice **svc, ssvc_invoice **dir, const char *customer,
               int year, int month) {
  ssvc_invoice_run_spec s = SSVC_INVOICE_RUN_SPEC_INIT;
  s.customer_id = customer;
  s.year = year;
  s.month = month;
  s.pricelist = f->pl;
  s.seller = &f->seller;
  return ssvc_invoice_run(f->st, svc, dir, &s);
}

static ssvc_invoice_totals totals(const ssvc_invoice *inv) {
  ssvc_invoice_totals t = SSVC_INVOICE_TOTALS_INIT;
  assert_int_equal(ssvc_invoice_get_totals(inv, &t), SSVC_OK);
  return t;
}

static ssvc_invoice_line line_at(const ssvc_invoice *inv, size_t i) {
  ssvc_invoice_line l = SSVC_INVOICE_LINE_INIT;
  assert_int_equal(ssvc_invoice_line_get(inv, i, &l), SSVC_OK);
  return l;
}

static char *text_of(const ssvc_invoice *inv) {
  size_t n = ssvc_invoice_text(inv, SSVC_LANG_EN, NULL, 0);
  char *s = malloc(n + 1);
  ssvc_invoice_text(inv, SSVC_LANG_EN, s, n + 1);
  return s;
}

/* Number of lines of @p inv whose English text contains @p needle. */
static int lines_with(const ssvc_invoice *inv, const char *needle) {
  int n = 0;
  for (size_t i = 0; inv && i < ssvc_invoice_line_count(inv); i++)
    if (strstr(line_at(inv, i).text_en, needle)) n++;
  return n;
}

/* ---- The fee ---- */

/* The fleet changes during the month: the fee follows the days. 400 -> 500 users on PROF on
 * 16 November (30 days): 400 x 39 x 15/30 + 500 x 39 x 15/30 SEK. A change before the month
 * gives its count for the whole month; a change after the month does not touch it. */
static void set_fleet(ssvc_store *st, const char *customer, uint32_t fleet) {
  ssvc_agreement *a;
  assert_int_equal(ssvc_agreement_load(st, &a, customer), SSVC_OK);
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  assert_int_equal(ssvc_agreement_spec_get(a, &s), SSVC_OK);
  s.fleet = fleet;
  assert_int_equal(ssvc_agreement_update(st, &s, 0, "lead"), SSVC_OK);
  ssvc_agreement_free(a);
}

#define NOV_16 INT64_C(1794823200) /* 2026-11-16 10:00 UTC, 11:00 in Stockholm */

static void fleet_change_mid_month(void **state) {
  struct run_fx *f = *state;
  agreement(f->st, "ACME", "PROF", 400);
  fixture_now = NOV_16;
  set_fleet(f->st, "ACME", 450);
  set_fleet(f->st, "ACME", 450); /* no change: no new segment */
  set_fleet(f->st, "ACME", 500); /* the same day: the last count of the day holds */
  fixture_now = DEC_01;
  ssvc_invoice *svc = NULL;
  assert_int_equal(run(f, &svc, NULL, "ACME", 2026, 11), SSVC_OK);
  assert_int_equal(ssvc_invoice_line_count(svc), 2);
  ssvc_invoice_line l = line_at(svc, 0);
  assert_int_equal(l.kind, SSVC_CHARGE_MONTHLY_FEE);
  assert_int_equal(l.quantity, 400 * 15);
  assert_int_equal(l.base_quantity, 30);
  l = line_at(svc, 1);
  assert_int_equal(l.quantity, 500 * 15);
  assert_int_equal(l.base_quantity, 30);
  assert_int_equal(totals(svc).tax_exclusive, 400 * 3900 * 15 / 30 + 500 * 3900 * 15 / 30);
  /* The same as the stateless fee of the same segments. */
  ssvc_user_count u[2] = {{{2026, 11, 1}, 400}, {{2026, 11, 16}, 500}};
  ssvc_month_input in = SSVC_MONTH_INPUT_INIT;
  in.agreement = "ACME";
  in.tier = "PROF";
  in.year = 2026;
  in.month = 11;
  in.users = u;
  in.user_changes = 2;
  int64_t fee = 0;
  assert_int_equal(ssvc_charges_fee(f->pl, &fee, &in), SSVC_OK);
  assert_int_equal(totals(svc).tax_exclusive, fee);
  ssvc_invoice_free(svc);
}

static void fleet_change_before_and_after_month(void **state) {
  struct run_fx *f = *state;
  agreement(f->st, "ACME", "PROF", 400);
  fixture_now = OCT_31;
  set_fleet(f->st, "ACME", 500); /* before November: 500 all month */
  fixture_now = DEC_01;
  set_fleet(f->st, "ACME", 600); /* after November: not on its invoice */
  ssvc_invoice *svc = NULL;
  assert_int_equal(run(f, &svc, NULL, "ACME", 2026, 11), SSVC_OK);
  assert_int_equal(ssvc_invoice_line_count(svc), 1);
  assert_int_equal(line_at(svc, 0).quantity, 500);
  assert_int_equal(totals(svc).tax_exclusive, 500 * 3900);
  ssvc_invoice_free(svc);
  /* October: 400 (made on the 10th, billed from the 1st as before) and 500 from the 31st. */
  assert_int_equal(run(f, &svc, NULL, "ACME", 2026, 10), SSVC_OK);
  assert_int_equal(ssvc_invoice_line_count(svc), 2);
  assert_int_equal(line_at(svc, 0).quantity, 400 * 30);
  assert_int_equal(line_at(svc, 1).quantity, 500 * 1);
  ssvc_invoice_free(svc);
}

static void prof_400_whole_month(void **state) {
  struct run_fx *f = *state;
  agreement(f->st, "ACME", "PROF", 400);
  fixture_now = NOV_01;
  ssvc_invoice *svc = NULL, *dir = (ssvc_invoice *)1;
  assert_int_equal(run(f, &svc, &dir, "ACME", 2026, 11), SSVC_OK);
  assert_non_null(svc);
  assert_null(dir);
  assert_string_equal(ssvc_invoice_number(svc), "INV-2026-000001");
  assert_int_equal(ssvc_invoice_is_direct(svc), 0);
  assert_int_equal(ssvc_invoice_line_count(svc), 1);
  ssvc_invoice_line l = line_at(svc, 0);
  assert_int_equal(l.kind, SSVC_CHARGE_MONTHLY_FEE);
  assert_int_equal(l.quantity, 400);
  assert_int_equal(l.unit_price_minor, 3900);
  ssvc_invoice_totals t = totals(svc);
  assert_int_equal(t.tax_exclusive, 1560000); /* 15 600.00 SEK */
  assert_int_equal(t.tax, 390000);
  assert_int_equal(t.payable, 1950000);
  ssvc_invoice_free(svc);
}

static void custom_tier_and_own_price(void **state) {
  struct run_fx *f = *state;
  ssvc_tier_spec t = SSVC_TIER_SPEC_INIT;
  t.code = "BYGG";
  t.name_sv = "Bygg special";
  t.name_en = "Construction special";
  t.features = SSVC_FEATURE_DIAGNOSIS;
  t.price_minor = 1250;
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  s.customer_id = "Bygg AB";
  s.customer_name = "Bygg AB";
  s.tier_code = "BYGG";
  s.custom_tier = &t;
  s.fleet = 20;
  s.buyer = fixture_buyer();
  s.buyer_reference = "Bygg AB";
  assert_int_equal(ssvc_agreement_create(f->st, &s, "lead"), SSVC_OK);
  s = (ssvc_agreement_spec)SSVC_AGREEMENT_SPEC_INIT;
  s.customer_id = "Billig AB";
  s.customer_name = "Billig AB";
  s.tier_code = "BAS";
  s.fleet = 10;
  s.user_price_minor = 1500; /* the agreement's own price wins over BAS 19.00 */
  s.buyer = fixture_buyer();
  s.order_reference = "Avtal 2026-17"; /* an order reference instead of a buyer reference */
  assert_int_equal(ssvc_agreement_create(f->st, &s, "lead"), SSVC_OK);
  fixture_now = NOV_01;
  ssvc_invoice *svc = NULL;
  assert_int_equal(run(f, &svc, NULL, "Bygg AB", 2026, 11), SSVC_OK);
  assert_int_equal(totals(svc).tax_exclusive, 25000); /* 20 x 12.50 */
  assert_non_null(strstr(line_at(svc, 0).text_en, "Construction special"));
  ssvc_invoice_free(svc);
  assert_int_equal(run(f, &svc, NULL, "Billig AB", 2026, 11), SSVC_OK);
  assert_int_equal(totals(svc).tax_exclusive, 15000); /* 10 x 15.00 */
  assert_string_equal(ssvc_invoice_number(svc), "INV-2026-000002");
  ssvc_invoice_free(svc);
}

static void price_change_mid_month(void **state) {
  struct run_fx *f = *state;
  agreement(f->st, "ACME", "PROF", 400);
  assert_int_equal(ssvc_pricelist_add_price(f->pl, "PROF", (ssvc_date){2026, 11, 16}, 4900),
                   SSVC_OK);
  fixture_now = NOV_01;
  ssvc_invoice *svc = NULL;
  assert_int_equal(run(f, &svc, NULL, "ACME", 2026, 11), SSVC_OK);
  assert_int_equal(ssvc_invoice_line_count(svc), 2);
  /* 400 users x 15 days at 39.00 and 15 days at 49.00, per 30 days. */
  assert_int_equal(line_at(svc, 0).net_minor, 780000);
  assert_int_equal(line_at(svc, 1).net_minor, 980000);
  assert_int_equal(totals(svc).tax_exclusive, 1760000);
  ssvc_invoice_free(svc);
}

/* ---- Tier and price changes (doc/charges.md, "Segments") ---- */

/* Changes the agreement's tier and own price, effective at Stockholm midnight of @p from (the
 * context's clock when from.year is 0); a custom tier when @p custom is given. */
static void set_terms(ssvc_store *st, const char *customer, const char *tier,
                      const ssvc_tier_spec *custom, int64_t user_price, ssvc_date from) {
  ssvc_agreement *a;
  assert_int_equal(ssvc_agreement_load(st, &a, customer), SSVC_OK);
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  assert_int_equal(ssvc_agreement_spec_get(a, &s), SSVC_OK);
  s.tier_code = tier;
  s.custom_tier = custom;
  s.user_price_minor = user_price;
  if (from.year) {
    int64_t at;
    assert_int_equal(ssvc_stockholm_to_instant(ssvc_store_ctx(st), &at, &from, 0, 0, 0),
                     SSVC_OK);
    assert_int_equal(ssvc_agreement_update_from(st, &s, ssvc_agreement_stored_version(a), "lead",
                                                at),
                     SSVC_OK);
  } else {
    assert_int_equal(ssvc_agreement_update(st, &s, ssvc_agreement_stored_version(a), "lead"),
                     SSVC_OK);
  }
  ssvc_agreement_free(a);
}

static void agreement_priced(ssvc_store *st, const char *customer, const char *tier,
                             uint32_t fleet, int64_t user_price) {
  agreement(st, customer, tier, fleet);
  set_terms(st, customer, tier, NULL, user_price, (ssvc_date){0, 0, 0});
}

#define NOV_14 (NOV_10 + 4 * 86400)
#define NO_PRICE SSVC_AGREEMENT_NO_OVERRIDE

/* Issue 15: a customer moving from BAS to PROF on 16 November, entered on the 14th, is billed
 * BAS for 1-15 November and PROF for 16-30, not PROF for the whole month. 125 users on BAS at
 * the agreed 23.00 SEK, then PROF at its list price 39.00: 125 x 15/30 x 23.00 + 125 x 15/30 x
 * 39.00 = 1437.50 + 2437.50 = 3875.00 SEK + 25% VAT, where the whole month at PROF is 4875.00.
 * At BAS's list price 19.00 it is 1187.50 + 2437.50 = 3625.00. */
static void tier_change_mid_month(void **state) {
  struct run_fx *f = *state;
  agreement_priced(f->st, "ACME", "BAS", 125, 2300);
  agreement(f->st, "BETA", "BAS", 125);
  fixture_now = NOV_14;
  set_terms(f->st, "ACME", "PROF", NULL, NO_PRICE, (ssvc_date){2026, 11, 16});
  set_terms(f->st, "BETA", "PROF", NULL, NO_PRICE, (ssvc_date){2026, 11, 16});
  fixture_now = DEC_01;
  ssvc_invoice *svc = NULL;
  assert_int_equal(run(f, &svc, NULL, "ACME", 2026, 11), SSVC_OK);
  assert_int_equal(ssvc_invoice_line_count(svc), 2);
  ssvc_invoice_line l = line_at(svc, 0);
  assert_int_equal(l.kind, SSVC_CHARGE_MONTHLY_FEE);
  assert_int_equal(l.quantity, 125 * 15);
  assert_int_equal(l.base_quantity, 30);
  assert_int_equal(l.unit_price_minor, 2300);
  assert_int_equal(l.net_minor, 143750);
  assert_string_equal(l.text_en, "Smartservice BAS, 125 users, 2026-11-01 – 2026-11-15");
  assert_string_equal(l.text_sv, "Smartservice BAS, 125 användare, 2026-11-01 – 2026-11-15");
  l = line_at(svc, 1);
  assert_int_equal(l.quantity, 125 * 15);
  assert_int_equal(l.unit_price_minor, 3900);
  assert_int_equal(l.net_minor, 243750);
  assert_string_equal(l.text_en,
                      "Smartservice PROF, 125 users, 2026-11-16 – 2026-11-30");
  ssvc_invoice_totals t = totals(svc);
  assert_int_equal(t.tax_exclusive, 387500); /* 3875.00 SEK */
  assert_int_equal(t.tax, 96875);
  assert_int_equal(t.payable, 484375);
  ssvc_invoice_free(svc);
  /* December, all PROF: the 4875.00 that November used to be billed. */
  fixture_now = DEC_01 + 31 * 86400;
  assert_int_equal(run(f, &svc, NULL, "ACME", 2026, 12), SSVC_OK);
  assert_int_equal(ssvc_invoice_line_count(svc), 1);
  assert_int_equal(totals(svc).tax_exclusive, 487500);
  ssvc_invoice_free(svc);
  assert_int_equal(run(f, &svc, NULL, "BETA", 2026, 11), SSVC_OK);
  assert_int_equal(totals(svc).tax_exclusive, 362500);
  ssvc_invoice_free(svc);
}

/* A change effective on the 1st bills the whole month at the new tier (and the month before
 * at the old one). */
static void tier_change_on_the_first(void **state) {
  struct run_fx *f = *state;
  agreement(f->st, "ACME", "BAS", 125);
  fixture_now = OCT_31;
  set_terms(f->st, "ACME", "PROF", NULL, NO_PRICE, (ssvc_date){2026, 11, 1});
  fixture_now = DEC_01;
  ssvc_invoice *svc = NULL;
  assert_int_equal(run(f, &svc, NULL, "ACME", 2026, 11), SSVC_OK);
  assert_int_equal(ssvc_invoice_line_count(svc), 1);
  ssvc_invoice_line l = line_at(svc, 0);
  assert_int_equal(l.quantity, 125);
  assert_int_equal(l.base_quantity, 1);
  assert_int_equal(l.unit_price_minor, 3900);
  assert_int_equal(totals(svc).tax_exclusive, 487500);
  ssvc_invoice_free(svc);
  assert_int_equal(run(f, &svc, NULL, "ACME", 2026, 10), SSVC_OK);
  assert_int_equal(ssvc_invoice_line_count(svc), 1);
  assert_int_equal(line_at(svc, 0).unit_price_minor, 1900);
  assert_int_equal(totals(svc).tax_exclusive, 125 * 1900);
  ssvc_invoice_free(svc);
}

/* The agreement's own price changed mid-month (on the context's clock, 16 November): 400 PROF
 * users, 15 days at 39.00 and 15 at 35.00. Together with a fleet change the same day and one
 * later, the segments are the days of constant fleet x tier x price. */
static void own_price_change_mid_month(void **state) {
  struct run_fx *f = *state;
  agreement(f->st, "ACME", "PROF", 400);
  agreement(f->st, "BETA", "PROF", 400);
  fixture_now = NOV_16;
  set_terms(f->st, "ACME", "PROF", NULL, 3500, (ssvc_date){0, 0, 0});
  set_terms(f->st, "BETA", "PROF", NULL, 3500, (ssvc_date){0, 0, 0});
  set_fleet(f->st, "BETA", 500);
  fixture_now = NOV_16 + 5 * 86400; /* 21 November */
  set_fleet(f->st, "BETA", 600);
  fixture_now = DEC_01;
  ssvc_invoice *svc = NULL;
  assert_int_equal(run(f, &svc, NULL, "ACME", 2026, 11), SSVC_OK);
  assert_int_equal(ssvc_invoice_line_count(svc), 2);
  assert_int_equal(line_at(svc, 0).net_minor, 780000);
  assert_int_equal(line_at(svc, 1).unit_price_minor, 3500);
  assert_int_equal(line_at(svc, 1).net_minor, 700000);
  assert_int_equal(totals(svc).tax_exclusive, 1480000);
  ssvc_invoice_free(svc);
  assert_int_equal(run(f, &svc, NULL, "BETA", 2026, 11), SSVC_OK);
  assert_int_equal(ssvc_invoice_line_count(svc), 3);
  assert_int_equal(line_at(svc, 0).quantity, 400 * 15);
  assert_int_equal(line_at(svc, 1).quantity, 500 * 5);
  assert_int_equal(line_at(svc, 1).unit_price_minor, 3500);
  assert_int_equal(line_at(svc, 2).quantity, 600 * 10);
  /* 7800.00 + 500 x 5 x 35.00/30 = 2916.666... rounded to 2916.67 + 7000.00 */
  assert_int_equal(totals(svc).tax_exclusive, 780000 + 291667 + 700000);
  ssvc_invoice_free(svc);
}

/* A custom tier whose price changes mid-month keeps its old price for the days before, and a
 * move from it to a built-in tier names both tiers. */
static void custom_tier_price_change(void **state) {
  struct run_fx *f = *state;
  ssvc_tier_spec t = SSVC_TIER_SPEC_INIT;
  t.code = "BYGG";
  t.name_sv = "Bygg special";
  t.name_en = "Construction special";
  t.features = SSVC_FEATURE_DIAGNOSIS;
  t.price_minor = 1250;
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  s.customer_id = "Bygg AB";
  s.customer_name = "Bygg AB";
  s.tier_code = "BYGG";
  s.custom_tier = &t;
  s.fleet = 20;
  s.buyer = fixture_buyer();
  s.buyer_reference = "Bygg AB";
  assert_int_equal(ssvc_agreement_create(f->st, &s, "lead"), SSVC_OK);
  fixture_now = NOV_14;
  t.price_minor = 1500;
  set_terms(f->st, "Bygg AB", "BYGG", &t, NO_PRICE, (ssvc_date){2026, 11, 16});
  fixture_now = DEC_01;
  ssvc_invoice *svc = NULL;
  assert_int_equal(run(f, &svc, NULL, "Bygg AB", 2026, 11), SSVC_OK);
  assert_int_equal(ssvc_invoice_line_count(svc), 2);
  assert_int_equal(line_at(svc, 0).unit_price_minor, 1250);
  assert_int_equal(line_at(svc, 1).unit_price_minor, 1500);
  assert_int_equal(totals(svc).tax_exclusive, 12500 + 15000);
  ssvc_invoice_free(svc);
  set_terms(f->st, "Bygg AB", "PROF", NULL, NO_PRICE, (ssvc_date){2026, 12, 11});
  assert_int_equal(run(f, &svc, NULL, "Bygg AB", 2026, 12), SSVC_OK);
  assert_int_equal(ssvc_invoice_line_count(svc), 2);
  assert_string_equal(line_at(svc, 0).text_en,
                      "Construction special, 20 users, 2026-12-01 – 2026-12-10");
  assert_string_equal(line_at(svc, 1).text_en,
                      "Smartservice PROF, 20 users, 2026-12-11 – 2026-12-31");
  ssvc_invoice_free(svc);
}

/* ssvc_agreement_update_from() refuses an instant before the histories' last entry and one
 * outside the calendar, naming the argument and the value, and writes nothing; the log's event
 * says from when the change holds. */
static void update_from_errors(void **state) {
  struct run_fx *f = *state;
  agreement(f->st, "ACME", "BAS", 125);
  fixture_now = NOV_14;
  set_terms(f->st, "ACME", "PROF", NULL, NO_PRICE, (ssvc_date){2026, 11, 16});
  ssvc_agreement *a;
  assert_int_equal(ssvc_agreement_load(f->st, &a, "ACME"), SSVC_OK);
  ssvc_agreement_event e = SSVC_AGREEMENT_EVENT_INIT;
  assert_int_equal(ssvc_agreement_event_at(a, 1, &e), SSVC_OK);
  assert_int_equal(e.at, NOV_14);
  assert_string_equal(e.note, "changed: tier (from 2026-11-16T00:00:00+01:00)");
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  assert_int_equal(ssvc_agreement_spec_get(a, &s), SSVC_OK);
  uint64_t ver = ssvc_agreement_stored_version(a);
  s.tier_code = "BAS";
  int64_t nov_10 = INT64_C(1794265200); /* 2026-11-10 00:00 Stockholm */
  assert_int_equal(ssvc_agreement_update_from(f->st, &s, ver, "lead", nov_10), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx),
                         "ssvc_agreement_update_from: effective_at: 2026-11-10T00:00:00+01:00 is "
                         "before the agreement's last recorded change "
                         "(2026-11-16T00:00:00+01:00)"));
  assert_int_equal(ssvc_agreement_update_from(f->st, &s, ver, "lead", INT64_MAX), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx),
                         "ssvc_agreement_update_from: effective_at: 9223372036854775807 is not "
                         "an instant of 1900-2199"));
  ssvc_agreement_free(a);
  assert_int_equal(ssvc_agreement_load(f->st, &a, "ACME"), SSVC_OK);
  assert_int_equal(ssvc_agreement_stored_version(a), ver);
  ssvc_agreement_free(a);
}

/* ---- Charges ---- */

static void october_shipments_on_november_invoice(void **state) {
  struct run_fx *f = *state;
  agreement(f->st, "ACME", "PROF", 400);
  char a[SSVC_CASE_ID_SIZE], b[SSVC_CASE_ID_SIZE];
  fixture_now = OCT_10;
  new_case(f->st, a, "ACME");
  new_case(f->st, b, "ACME");
  shipment(f->st, a);
  shipment(f->st, a);
  shipment(f->st, b);
  fixture_now = NOV_10; /* a November shipment: on December's invoice */
  shipment(f->st, b);
  ssvc_invoice *svc = NULL;
  assert_int_equal(run(f, &svc, NULL, "ACME", 2026, 11), SSVC_OK);
  /* Freight and packaging per case, each line naming its case (doc/charges.md). */
  assert_int_equal(ssvc_invoice_line_count(svc), 5);
  char want[128];
  ssvc_invoice_line l = line_at(svc, 1);
  assert_int_equal(l.kind, SSVC_CHARGE_FREIGHT);
  assert_int_equal(l.quantity, 2);
  assert_int_equal(l.unit_price_minor, 8900);
  snprintf(want, sizeof want, "Freight, case %s, shipments up to 2026-10", a);
  assert_string_equal(l.text_en, want);
  snprintf(want, sizeof want, "Frakt, ärende %s, försändelser till och med 2026-10", a);
  assert_string_equal(l.text_sv, want);
  l = line_at(svc, 2);
  assert_int_equal(l.kind, SSVC_CHARGE_PACKAGING);
  assert_int_equal(l.quantity, 2);
  assert_int_equal(l.unit_price_minor, 2500);
  l = line_at(svc, 3);
  assert_int_equal(l.kind, SSVC_CHARGE_FREIGHT);
  assert_int_equal(l.quantity, 1);
  snprintf(want, sizeof want, "Freight, case %s, shipments up to 2026-10", b);
  assert_string_equal(l.text_en, want);
  assert_int_equal(totals(svc).tax_exclusive, 1560000 + 3 * 11400);
  ssvc_invoice_free(svc);
  fixture_now = DEC_01;
  assert_int_equal(run(f, &svc, NULL, "ACME", 2026, 12), SSVC_OK);
  assert_int_equal(ssvc_invoice_line_count(svc), 3);
  assert_int_equal(line_at(svc, 1).quantity, 1);
  snprintf(want, sizeof want, "Freight, case %s, shipments up to 2026-11", b);
  assert_string_equal(line_at(svc, 1).text_en, want);
  ssvc_invoice_free(svc);
}

static void repair_on_its_own_direct_invoice(void **state) {
  struct run_fx *f = *state;
  agreement(f->st, "ACME", "PROF", 400);
  char a[SSVC_CASE_ID_SIZE];
  new_case(f->st, a, "ACME");
  charge(f->st, a, SSVC_CHARGE_REPAIR, 129900, "display replaced, outside warranty");
  charge(f->st, a, SSVC_CHARGE_UNRETURNED, 250000, NULL);
  charge(f->st, a, SSVC_CHARGE_COST_ESTIMATE, 49500, "cost estimate");
  charge(f->st, a, SSVC_CHARGE_SWAP_RENTAL, -4900, "rent refunded"); /* a credit */
  fixture_now = NOV_01;
  ssvc_invoice *svc = NULL, *dir = NULL;
  assert_int_equal(run(f, &svc, &dir, "ACME", 2026, 11), SSVC_OK);
  assert_non_null(dir);
  assert_int_equal(ssvc_invoice_is_direct(dir), 1);
  assert_string_equal(ssvc_invoice_number(svc), "INV-2026-000001");
  assert_string_equal(ssvc_invoice_number(dir), "INV-2026-000002");
  assert_int_equal(ssvc_invoice_line_count(dir), 2);
  assert_int_equal(line_at(dir, 0).kind, SSVC_CHARGE_REPAIR);
  char want[96];
  snprintf(want, sizeof want, "%s: display replaced, outside warranty", a);
  assert_string_equal(line_at(dir, 0).text_en, want);
  assert_int_equal(line_at(dir, 1).kind, SSVC_CHARGE_COST_ESTIMATE);
  assert_int_equal(totals(dir).tax_exclusive, 129900 + 49500);
  /* The service invoice: the fee, the unreturned phone and the credited rent, no repair. */
  assert_int_equal(ssvc_invoice_line_count(svc), 3);
  assert_int_equal(lines_with(svc, "display"), 0);
  assert_int_equal(line_at(svc, 1).kind, SSVC_CHARGE_UNRETURNED);
  assert_int_equal(line_at(svc, 2).quantity, -1);
  assert_int_equal(totals(svc).tax_exclusive, 1560000 + 250000 - 4900);
  ssvc_invoice_free(svc);
  ssvc_invoice_free(dir);
}

/* ---- Exactly once ---- */

struct listing {
  char numbers[8][32];
  int direct[8];
  int n;
  int stop; /* when set, the listing is stopped after this many */
};

static int list_cb(void *ud, const char *number, int year, int month, int direct) {
  struct listing *l = ud;
  assert_int_equal(year, 2026);
  assert_true(month >= 10 && month <= 12);
  snprintf(l->numbers[l->n], 32, "%s", number);
  l->direct[l->n++] = direct;
  return l->stop && l->n >= l->stop;
}

static void same_month_twice_gives_the_same_invoice(void **state) {
  struct run_fx *f = *state;
  agreement(f->st, "ACME", "PROF", 400);
  char a[SSVC_CASE_ID_SIZE];
  new_case(f->st, a, "ACME");
  shipment(f->st, a);
  charge(f->st, a, SSVC_CHARGE_REPAIR, 100000, "repair");
  fixture_now = NOV_01;
  ssvc_invoice *s1 = NULL, *d1 = NULL, *s2 = NULL, *d2 = NULL;
  assert_int_equal(run(f, &s1, &d1, "ACME", 2026, 11), SSVC_OK);
  /* Later, with other prices and more users: the stored invoices come back unchanged. */
  fixture_now = NOV_10;
  assert_int_equal(ssvc_pricelist_add_price(f->pl, "PROF", (ssvc_date){2026, 1, 1}, 9900),
                   SSVC_OK);
  shipment(f->st, a);
  assert_int_equal(run(f, &s2, &d2, "ACME", 2026, 11), SSVC_OK);
  char *t1 = text_of(s1), *t2 = text_of(s2);
  assert_string_equal(t1, t2);
  free(t1);
  free(t2);
  t1 = text_of(d1);
  t2 = text_of(d2);
  assert_string_equal(t1, t2);
  free(t1);
  free(t2);
  /* Load by number, and the listing. */
  ssvc_invoice *l = NULL;
  assert_int_equal(ssvc_invoice_load(f->st, &l, ssvc_invoice_number(d1)), SSVC_OK);
  assert_int_equal(totals(l).payable, totals(d1).payable);
  assert_int_equal(ssvc_invoice_is_direct(l), 1);
  ssvc_invoice_free(l);
  struct listing ls = {0};
  assert_int_equal(ssvc_invoice_list(f->st, "ACME", list_cb, &ls), SSVC_OK);
  assert_int_equal(ls.n, 2);
  assert_string_equal(ls.numbers[0], "INV-2026-000001");
  assert_int_equal(ls.direct[0], 0);
  assert_string_equal(ls.numbers[1], "INV-2026-000002");
  assert_int_equal(ls.direct[1], 1);
  ls.n = 0;
  assert_int_equal(ssvc_invoice_list(f->st, "Other", list_cb, &ls), SSVC_OK);
  assert_int_equal(ls.n, 0);
  /* The callback stops the listing, at the service invoice or at the direct one. */
  for (int stop = 1; stop <= 2; stop++) {
    ls.n = 0;
    ls.stop = stop;
    assert_int_equal(ssvc_invoice_list(f->st, "ACME", list_cb, &ls), SSVC_OK);
    assert_int_equal(ls.n, stop);
  }
  ssvc_invoice_free(s1);
  ssvc_invoice_free(d1);
  ssvc_invoice_free(s2);
  ssvc_invoice_free(d2);
}

static void late_charge_goes_on_the_next_invoice(void **state) {
  struct run_fx *f = *state;
  agreement(f->st, "ACME", "PROF", 400);
  char a[SSVC_CASE_ID_SIZE];
  new_case(f->st, a, "ACME");
  shipment(f->st, a);
  /* November is run early, on 31 October; then October gets one more shipment. */
  fixture_now = OCT_31;
  ssvc_invoice *nov = NULL, *nov2 = NULL, *dec = NULL;
  assert_int_equal(run(f, &nov, NULL, "ACME", 2026, 11), SSVC_OK);
  assert_int_equal(line_at(nov, 1).quantity, 1);
  fixture_now = OCT_31 + 3600;
  charge(f->st, a, SSVC_CHARGE_FREIGHT, 9900, "freight: return"); /* another amount */
  assert_int_equal(run(f, &nov2, NULL, "ACME", 2026, 11), SSVC_OK);
  assert_string_equal(ssvc_invoice_number(nov2), ssvc_invoice_number(nov));
  assert_int_equal(ssvc_invoice_line_count(nov2), 3);
  fixture_now = DEC_01;
  assert_int_equal(run(f, &dec, NULL, "ACME", 2026, 12), SSVC_OK);
  assert_int_equal(ssvc_invoice_line_count(dec), 2);
  assert_int_equal(line_at(dec, 1).unit_price_minor, 9900);
  assert_int_equal(line_at(dec, 1).quantity, 1);
  /* No charge on two invoices: the first shipment only in November. */
  assert_int_equal(lines_with(dec, "Packaging"), 0);
  ssvc_invoice_free(nov);
  ssvc_invoice_free(nov2);
  ssvc_invoice_free(dec);
}

static void no_charge_on_two_invoices(void **state) {
  struct run_fx *f = *state;
  agreement(f->st, "ACME", "PROF", 3);
  char a[SSVC_CASE_ID_SIZE];
  new_case(f->st, a, "ACME");
  charge(f->st, a, SSVC_CHARGE_UNRETURNED, 250000, "phone A");
  /* Run October, November, December and January: each charge is on exactly one invoice, the
   * first run after the month it was recorded in. */
  fixture_now = OCT_31;
  ssvc_invoice *inv[4] = {NULL, NULL, NULL, NULL};
  assert_int_equal(run(f, &inv[0], NULL, "ACME", 2026, 10), SSVC_OK);
  assert_int_equal(lines_with(inv[0], "phone A"), 0); /* recorded after October began */
  fixture_now = NOV_10;
  charge(f->st, a, SSVC_CHARGE_UNRETURNED, 250000, "phone B");
  assert_int_equal(run(f, &inv[1], NULL, "ACME", 2026, 11), SSVC_OK);
  assert_int_equal(run(f, &inv[2], NULL, "ACME", 2026, 12), SSVC_OK);
  assert_int_equal(run(f, &inv[3], NULL, "ACME", 2027, 1), SSVC_OK);
  int a_count = 0, b_count = 0;
  for (int i = 0; i < 4; i++) {
    a_count += lines_with(inv[i], "phone A");
    b_count += lines_with(inv[i], "phone B");
  }
  assert_int_equal(a_count, 1);
  assert_int_equal(b_count, 1);
  assert_int_equal(lines_with(inv[1], "phone A"), 1);
  assert_int_equal(lines_with(inv[2], "phone B"), 1);
  /* Numbers: sequential per year of issue. */
  assert_string_equal(ssvc_invoice_number(inv[0]), "INV-2026-000001");
  assert_string_equal(ssvc_invoice_number(inv[3]), "INV-2026-000004");
  for (int i = 0; i < 4; i++) ssvc_invoice_free(inv[i]);
}

static void nothing_to_invoice(void **state) {
  struct run_fx *f = *state;
  agreement(f->st, "Zero", "BAS", 0);
  fixture_now = NOV_01;
  ssvc_invoice *svc = (ssvc_invoice *)1, *dir = (ssvc_invoice *)1;
  assert_int_equal(run(f, &svc, &dir, "Zero", 2026, 11), SSVC_OK);
  assert_null(svc);
  assert_null(dir);
  /* The month counts as run: a charge recorded now goes on December's invoice. */
  char a[SSVC_CASE_ID_SIZE];
  fixture_now = OCT_10;
  new_case(f->st, a, "Zero");
  charge(f->st, a, SSVC_CHARGE_BACKUP_PHONE, 30000, "backup phone");
  fixture_now = NOV_10;
  assert_int_equal(run(f, &svc, &dir, "Zero", 2026, 11), SSVC_OK);
  assert_null(svc);
  assert_int_equal(run(f, &svc, &dir, "Zero", 2026, 12), SSVC_OK);
  assert_non_null(svc);
  assert_int_equal(totals(svc).tax_exclusive, 30000);
  assert_string_equal(ssvc_invoice_number(svc), "INV-2026-000001");
  ssvc_invoice_free(svc);
}

/* A dry run bills what the run would, with provisional numbers, and stores nothing: no
 * invoice, no number, no charge marked; the run after it takes the very number shown. A
 * version-1 spec (without dry_run) still runs and stores. */
static void dry_run_consumes_nothing(void **state) {
  struct run_fx *f = *state;
  agreement(f->st, "ACME", "PROF", 400);
  char a[SSVC_CASE_ID_SIZE];
  new_case(f->st, a, "ACME");
  shipment(f->st, a);
  charge(f->st, a, SSVC_CHARGE_REPAIR, 100000, "repair");
  fixture_now = NOV_01;
  ssvc_invoice_run_spec s = SSVC_INVOICE_RUN_SPEC_INIT;
  s.customer_id = "ACME";
  s.year = 2026;
  s.month = 11;
  s.pricelist = f->pl;
  s.seller = &f->seller;
  s.dry_run = 1;
  ssvc_invoice *ds = NULL, *dd = NULL, *ss = NULL, *sd = NULL;
  for (int i = 0; i < 2; i++) { /* twice: the first took nothing */
    if (i) {
      ssvc_invoice_free(ds);
      ssvc_invoice_free(dd);
    }
    assert_int_equal(ssvc_invoice_run(f->st, &ds, &dd, &s), SSVC_OK);
    assert_string_equal(ssvc_invoice_number(ds), "INV-2026-000001 (provisional)");
    assert_string_equal(ssvc_invoice_number(dd), "INV-2026-000002 (provisional)");
  }
  struct listing ls = {0};
  assert_int_equal(ssvc_invoice_list(f->st, "ACME", list_cb, &ls), SSVC_OK);
  assert_int_equal(ls.n, 0);
  ssvc_invoice *none = NULL;
  assert_int_equal(ssvc_invoice_load(f->st, &none, "INV-2026-000001"), SSVC_ENOTFOUND);
  /* The stored run, through a version-1 caller's struct: the same lines, the numbers shown. */
  ssvc_invoice_run_spec v1;
  memset(&v1, 0xA5, sizeof v1); /* bytes past a version-1 struct are never read */
  assert_int_equal(ssvc_invoice_run_spec_init(&v1, 1), SSVC_OK);
  v1.customer_id = "ACME";
  v1.year = 2026;
  v1.month = 11;
  v1.pricelist = f->pl;
  v1.seller = &f->seller;
  assert_int_equal(ssvc_invoice_run(f->st, &ss, &sd, &v1), SSVC_OK);
  assert_string_equal(ssvc_invoice_number(ss), "INV-2026-000001");
  assert_string_equal(ssvc_invoice_number(sd), "INV-2026-000002");
  assert_int_equal(totals(ss).payable, totals(ds).payable);
  assert_int_equal(totals(sd).payable, totals(dd).payable);
  assert_int_equal(ssvc_invoice_line_count(ss), ssvc_invoice_line_count(ds));
  ssvc_invoice_free(ds);
  ssvc_invoice_free(dd);
  /* A dry run of a month already run returns the stored invoices. */
  assert_int_equal(ssvc_invoice_run(f->st, &ds, &dd, &s), SSVC_OK);
  assert_string_equal(ssvc_invoice_number(ds), "INV-2026-000001");
  ssvc_invoice_free(ds);
  ssvc_invoice_free(dd);
  /* Errors. */
  s.dry_run = 2;
  assert_int_equal(ssvc_invoice_run(f->st, &ds, &dd, &s), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "spec->dry_run must be 0 or 1 (got 2)"));
  assert_null(ds);
  assert_int_equal(ssvc_invoice_run_spec_init(&v1, 3), SSVC_EVERSION);
  ssvc_invoice_free(ss);
  ssvc_invoice_free(sd);
}

/* ---- Credit notes ---- */

static char *ubl_text(const ssvc_invoice *inv) {
  size_t len = 0;
  assert_int_equal(ssvc_invoice_ubl(inv, NULL, 0, &len), SSVC_OK);
  char *x = malloc(len + 1);
  assert_int_equal(ssvc_invoice_ubl(inv, x, len + 1, &len), SSVC_OK);
  return x;
}

static int credit(struct run_fx *f, ssvc_invoice **out, const char *number, const size_t *lines,
                  size_t n, const char *reason) {
  ssvc_credit_spec c = SSVC_CREDIT_SPEC_INIT;
  c.invoice_number = number;
  c.lines = lines;
  c.line_count = n;
  c.reason = reason;
  return ssvc_credit_note_issue(f->st, out, &c);
}

struct crn_listing {
  char numbers[4][32], credited[4][32];
  int n;
};

static int crn_cb(void *ud, const char *number, const char *invoice) {
  struct crn_listing *l = ud;
  snprintf(l->numbers[l->n], 32, "%s", number);
  snprintf(l->credited[l->n++], 32, "%s", invoice);
  return 0;
}

/* A whole invoice credited, then one line of another; each line at most once; the credit notes
 * load by number, list per customer and render as UBL CreditNote and as text. */
static void credit_notes(void **state) {
  struct run_fx *f = *state;
  agreement(f->st, "ACME", "PROF", 400);
  char a[SSVC_CASE_ID_SIZE];
  new_case(f->st, a, "ACME");
  shipment(f->st, a);
  charge(f->st, a, SSVC_CHARGE_REPAIR, 100000, "repair");
  charge(f->st, a, SSVC_CHARGE_COST_ESTIMATE, 30000, "estimate");
  fixture_now = NOV_01;
  ssvc_invoice *svc = NULL, *dir = NULL, *cn = NULL, *cn2 = NULL;
  assert_int_equal(run(f, &svc, &dir, "ACME", 2026, 11), SSVC_OK);
  assert_int_equal(ssvc_invoice_line_count(dir), 2);
  fixture_now = NOV_10;
  /* The whole service invoice. */
  assert_int_equal(credit(f, &cn, "INV-2026-000001", NULL, 0, "Fel antal användare"), SSVC_OK);
  assert_string_equal(ssvc_invoice_number(cn), "CRN-2026-000001");
  assert_int_equal(ssvc_invoice_is_credit_note(cn), 1);
  assert_int_equal(ssvc_invoice_is_credit_note(svc), 0);
  assert_string_equal(ssvc_invoice_credited(cn), "INV-2026-000001");
  assert_null(ssvc_invoice_credited(svc));
  assert_int_equal(ssvc_invoice_line_count(cn), ssvc_invoice_line_count(svc));
  assert_int_equal(totals(cn).payable, totals(svc).payable);
  char *x = ubl_text(cn);
  assert_non_null(strstr(x, "<CreditNote xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:"
                            "CreditNote-2\""));
  assert_non_null(strstr(x, "<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>"));
  assert_non_null(strstr(x, "<cbc:Note>Fel antal användare</cbc:Note>"));
  assert_non_null(strstr(x, "<cac:BillingReference>\n    <cac:InvoiceDocumentReference>\n"
                            "      <cbc:ID>INV-2026-000001</cbc:ID>\n"
                            "      <cbc:IssueDate>2026-11-01</cbc:IssueDate>"));
  assert_non_null(strstr(x, "<cac:CreditNoteLine>"));
  assert_non_null(strstr(x, "<cbc:CreditedQuantity unitCode="));
  assert_null(strstr(x, "InvoiceLine"));
  assert_null(strstr(x, "DueDate"));
  free(x);
  char *t = text_of(cn);
  assert_non_null(strstr(t, "Credit note CRN-2026-000001\n"
                            "Issue date: 2026-11-10   Credits invoice INV-2026-000001 of 2026-11-01\n"
                            "Reason: Fel antal användare\n"));
  assert_non_null(strstr(t, "Amount credited"));
  free(t);
  size_t sv_len = ssvc_invoice_text(cn, SSVC_LANG_SV, NULL, 0);
  t = malloc(sv_len + 1);
  ssvc_invoice_text(cn, SSVC_LANG_SV, t, sv_len + 1);
  assert_non_null(strstr(t, "Kreditnota CRN-2026-000001\n"
                            "Datum: 2026-11-10   Krediterar faktura INV-2026-000001 av 2026-11-01\n"
                            "Orsak: Fel antal användare\n"));
  assert_non_null(strstr(t, "Att kreditera"));
  free(t);
  /* Again: refused naming the line and the credit note; nothing taken. */
  assert_int_equal(credit(f, &cn2, "INV-2026-000001", NULL, 0, NULL), SSVC_ESTATE);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "ssvc_credit_note_issue: line 1 of invoice "
                                                  "INV-2026-000001 is already credited by "
                                                  "CRN-2026-000001"));
  assert_null(cn2);
  /* One line of the direct invoice, then the other: the second credit note takes the next
   * number; the first line cannot be credited twice. */
  size_t two = 2, one = 1, both[2] = {1, 2};
  assert_int_equal(credit(f, &cn2, "INV-2026-000002", &two, 1, NULL), SSVC_OK);
  assert_string_equal(ssvc_invoice_number(cn2), "CRN-2026-000002");
  assert_int_equal(ssvc_invoice_line_count(cn2), 1);
  assert_int_equal(line_at(cn2, 0).net_minor, line_at(dir, 1).net_minor);
  assert_int_equal(ssvc_invoice_is_direct(cn2), 1);
  ssvc_invoice_free(cn2);
  assert_int_equal(credit(f, &cn2, "INV-2026-000002", both, 2, NULL), SSVC_ESTATE);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "line 2 of invoice INV-2026-000002 is already "
                                                  "credited by CRN-2026-000002"));
  assert_int_equal(credit(f, &cn2, "INV-2026-000002", &one, 1, NULL), SSVC_OK);
  assert_string_equal(ssvc_invoice_number(cn2), "CRN-2026-000003");
  ssvc_invoice_free(cn2);
  /* Load by number, and the listing. */
  assert_int_equal(ssvc_invoice_load(f->st, &cn2, "CRN-2026-000001"), SSVC_OK);
  char *t1 = text_of(cn), *t2 = text_of(cn2);
  assert_string_equal(t1, t2);
  free(t1);
  free(t2);
  ssvc_invoice_free(cn2);
  struct crn_listing ls = {0};
  assert_int_equal(ssvc_credit_note_list(f->st, "ACME", crn_cb, &ls), SSVC_OK);
  assert_int_equal(ls.n, 3);
  assert_string_equal(ls.numbers[0], "CRN-2026-000001");
  assert_string_equal(ls.credited[0], "INV-2026-000001");
  assert_string_equal(ls.numbers[2], "CRN-2026-000003");
  assert_string_equal(ls.credited[2], "INV-2026-000002");
  ls.n = 0;
  assert_int_equal(ssvc_credit_note_list(f->st, "Other", crn_cb, &ls), SSVC_OK);
  assert_int_equal(ls.n, 0);
  /* The invoice numbers go on from where they were. */
  ssvc_invoice_free(svc);
  ssvc_invoice_free(dir);
  fixture_now = DEC_01;
  assert_int_equal(run(f, &svc, &dir, "ACME", 2026, 12), SSVC_OK);
  assert_string_equal(ssvc_invoice_number(svc), "INV-2026-000003");
  ssvc_invoice_free(svc);
  ssvc_invoice_free(dir);
  ssvc_invoice_free(cn);
}

static uint32_t account_charge(ssvc_store *st, const char *customer, int kind, int64_t qty,
                               int64_t price, const char *text);

/* A credit on the account larger than the month's charges: the month is billed as a credit
 * note of the same lines, signs turned, from the credit-note series; the invoice numbers are not
 * touched; a later run returns it; it is listed and not credited again. */
static void month_whose_credits_exceed_its_charges(void **state) {
  struct run_fx *f = *state;
  agreement(f->st, "ACME", "BAS", 2); /* 2 x 19.00 */
  agreement(f->st, "BETA", "BAS", 2);
  account_charge(f->st, "ACME", SSVC_CHARGE_BACKUP_PHONE, -1, 199000, "Kreditering");
  fixture_now = NOV_01;
  ssvc_invoice *svc = NULL, *again = NULL, *other = NULL;
  assert_int_equal(run(f, &svc, NULL, "ACME", 2026, 11), SSVC_OK);
  assert_string_equal(ssvc_invoice_number(svc), "CRN-2026-000001");
  assert_int_equal(ssvc_invoice_is_credit_note(svc), 1);
  assert_string_equal(ssvc_invoice_credited(svc), "");
  assert_int_equal(totals(svc).tax_exclusive, 199000 - 3800);
  assert_int_equal(line_at(svc, 0).quantity, -2); /* the fee, turned */
  assert_int_equal(line_at(svc, 1).quantity, 1);  /* the credit, turned */
  char *x = ubl_text(svc);
  assert_non_null(strstr(x, "<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>"));
  assert_null(strstr(x, "BillingReference"));
  free(x);
  char *t = text_of(svc);
  assert_non_null(strstr(t, "Credit note CRN-2026-000001\n"
                            "Issue date: 2026-11-01   The month's credits exceed its charges\n"));
  free(t);
  assert_int_equal(run(f, &again, NULL, "ACME", 2026, 11), SSVC_OK);
  assert_string_equal(ssvc_invoice_number(again), "CRN-2026-000001");
  assert_int_equal(ssvc_invoice_is_credit_note(again), 1);
  assert_int_equal(run(f, &other, NULL, "BETA", 2026, 11), SSVC_OK);
  assert_string_equal(ssvc_invoice_number(other), "INV-2026-000001");
  struct crn_listing ls = {0};
  assert_int_equal(ssvc_credit_note_list(f->st, "ACME", crn_cb, &ls), SSVC_OK);
  assert_int_equal(ls.n, 1);
  assert_string_equal(ls.numbers[0], "CRN-2026-000001");
  assert_string_equal(ls.credited[0], "");
  ssvc_invoice *cn = NULL;
  assert_int_equal(credit(f, &cn, "CRN-2026-000001", NULL, 0, NULL), SSVC_ESTATE);
  ssvc_invoice_free(svc);
  ssvc_invoice_free(again);
  ssvc_invoice_free(other);
}

static void credit_note_errors(void **state) {
  struct run_fx *f = *state;
  agreement(f->st, "ACME", "PROF", 400);
  fixture_now = NOV_01;
  ssvc_invoice *svc = NULL, *cn = NULL;
  assert_int_equal(run(f, &svc, NULL, "ACME", 2026, 11), SSVC_OK);
  ssvc_invoice_free(svc);
  size_t zero = 0, nine = 9, twice[2] = {1, 1};
#define REFUSED(call, code, msg)                                        \
  do {                                                                  \
    assert_int_equal(call, code);                                       \
    assert_null(cn);                                                    \
    if (!strstr(ssvc_ctx_errmsg(f->ctx), msg))                          \
      fail_msg("'%s' lacks '%s'", ssvc_ctx_errmsg(f->ctx), msg);        \
  } while (0)
  REFUSED(credit(f, &cn, "INV-2026-000099", NULL, 0, NULL), SSVC_ENOTFOUND,
          "ssvc_credit_note_issue: spec->invoice_number: no invoice 'INV-2026-000099'");
  REFUSED(credit(f, &cn, NULL, NULL, 0, NULL), SSVC_EINVAL, "spec->invoice_number: must be given");
  REFUSED(credit(f, &cn, "INV-2026-000001", &zero, 1, NULL), SSVC_EINVAL,
          "spec->lines[0]: lines are numbered from 1");
  REFUSED(credit(f, &cn, "INV-2026-000001", &nine, 1, NULL), SSVC_EINVAL,
          "spec->lines[0]: invoice INV-2026-000001 has no line 9 (it has 1)");
  REFUSED(credit(f, &cn, "INV-2026-000001", twice, 2, NULL), SSVC_EINVAL,
          "spec->lines[1]: line 1 is named twice");
  REFUSED(credit(f, &cn, "INV-2026-000001", NULL, 1, NULL), SSVC_EINVAL,
          "spec->lines is NULL but spec->line_count is 1");
  REFUSED(credit(f, &cn, "INV-2026-000001", NULL, 0, ""), SSVC_EINVAL,
          "spec->reason: must not be empty");
  ssvc_credit_spec bad = SSVC_CREDIT_SPEC_INIT;
  bad.version = 2;
  REFUSED(ssvc_credit_note_issue(f->st, &cn, &bad), SSVC_EVERSION, "ssvc_credit_note_issue");
  assert_int_equal(ssvc_credit_note_issue(NULL, &cn, &bad), SSVC_EINVAL);
  REFUSED(ssvc_credit_note_issue(f->st, &cn, NULL), SSVC_EINVAL, "spec must not be NULL");
  assert_int_equal(ssvc_credit_spec_init(&bad, 2), SSVC_EVERSION);
  assert_int_equal(ssvc_credit_spec_init(NULL, 1), SSVC_EINVAL);
  assert_int_equal(ssvc_credit_note_list(f->st, "ACME", NULL, NULL), SSVC_EINVAL);
  /* Nothing was taken: the first credit note is number 1; a credit note is not credited. */
  assert_int_equal(credit(f, &cn, "INV-2026-000001", NULL, 0, NULL), SSVC_OK);
  assert_string_equal(ssvc_invoice_number(cn), "CRN-2026-000001");
  ssvc_invoice_free(cn);
  cn = NULL;
  REFUSED(credit(f, &cn, "CRN-2026-000001", NULL, 0, NULL), SSVC_ESTATE,
          "'CRN-2026-000001' is a credit note, not an invoice");
#undef REFUSED
}

/* Inside a caller's group the run joins it: rolled back with it, nothing stays. */
static void inside_a_group(void **state) {
  struct run_fx *f = *state;
  agreement(f->st, "ACME", "PROF", 400);
  char a[SSVC_CASE_ID_SIZE];
  new_case(f->st, a, "ACME");
  shipment(f->st, a);
  fixture_now = NOV_01;
  assert_int_equal(ssvc_store_begin(f->st), SSVC_OK);
  assert_int_equal(run(f, NULL, NULL, "ACME", 2026, 11), SSVC_OK);
  assert_int_equal(ssvc_store_rollback(f->st), SSVC_OK);
  struct listing ls = {0};
  assert_int_equal(ssvc_invoice_list(f->st, "ACME", list_cb, &ls), SSVC_OK);
  assert_int_equal(ls.n, 0);
  /* Run for real: the same number (none was used) and the shipment still on it. */
  ssvc_invoice *svc = NULL;
  assert_int_equal(run(f, &svc, NULL, "ACME", 2026, 11), SSVC_OK);
  assert_string_equal(ssvc_invoice_number(svc), "INV-2026-000001");
  assert_int_equal(ssvc_invoice_line_count(svc), 3);
  ssvc_invoice_free(svc);
}

/* ---- Errors ---- */

static void errors(void **state) {
  struct run_fx *f = *state;
  agreement(f->st, "ACME", "PROF", 4);
  ssvc_invoice *svc = (ssvc_invoice *)1;
  assert_int_equal(run(f, &svc, NULL, "ACME", 2026, 13), SSVC_EINVAL);
  assert_null(svc);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "2026-13"));
  assert_int_equal(run(f, &svc, NULL, "Nobody", 2026, 11), SSVC_ENOTFOUND);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "customer 'Nobody' has no agreement"));
  assert_int_equal(run(f, &svc, NULL, "", 2026, 11), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "spec->customer_id"));
  assert_int_equal(ssvc_invoice_run(f->st, &svc, NULL, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_invoice_run(NULL, &svc, NULL, NULL), SSVC_EINVAL);
  ssvc_invoice_run_spec s = SSVC_INVOICE_RUN_SPEC_INIT;
  s.customer_id = "ACME";
  s.year = 2026;
  s.month = 11;
  s.pricelist = f->pl;
  s.seller = NULL; /* the stored Support Center, which is not set */
  assert_int_equal(ssvc_invoice_run(f->st, &svc, NULL, &s), SSVC_ESTATE);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "no Support Center identity is set"));
  s.seller = &f->seller;
  s.due_days = 400;
  assert_int_equal(ssvc_invoice_run(f->st, &svc, NULL, &s), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "spec->due_days"));
  s.due_days = 0;
  s.version = 0;
  assert_int_equal(ssvc_invoice_run(f->st, &svc, NULL, &s), SSVC_EVERSION);
  assert_int_equal(ssvc_invoice_run_spec_init(&s, 99), SSVC_EVERSION);
  assert_int_equal(ssvc_invoice_run_spec_init(&s, SSVC_INVOICE_RUN_SPEC_VERSION), SSVC_OK);
  /* A price list of another context. */
  ssvc_ctx *other = NULL;
  ssvc_pricelist *opl = NULL;
  assert_int_equal(ssvc_ctx_new(&other, NULL), SSVC_OK);
  assert_int_equal(ssvc_pricelist_new(other, &opl, f->cat), SSVC_OK);
  s.customer_id = "ACME";
  s.year = 2026;
  s.month = 11;
  s.seller = &f->seller;
  s.pricelist = opl;
  assert_int_equal(ssvc_invoice_run(f->st, &svc, NULL, &s), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "store's context"));
  ssvc_pricelist_free(opl);
  ssvc_ctx_free(other);
  /* A bad seller is refused by the invoice and nothing is stored. */
  ssvc_party bad = SSVC_PARTY_INIT;
  bad.name = "X";
  bad.org_number = "1";
  s.pricelist = f->pl;
  s.seller = &bad;
  assert_int_equal(ssvc_invoice_run(f->st, &svc, NULL, &s), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "vat_number"));
  struct listing ls = {0};
  assert_int_equal(ssvc_invoice_list(f->st, "ACME", list_cb, &ls), SSVC_OK);
  assert_int_equal(ls.n, 0);
  /* A charge in another currency. */
  char a[SSVC_CASE_ID_SIZE];
  new_case(f->st, a, "ACME");
  ssvc_case_charge c = SSVC_CASE_CHARGE_INIT;
  c.kind = SSVC_CHARGE_REPAIR;
  c.amount_minor = 100;
  c.currency = "EUR";
  assert_int_equal(ssvc_case_add_charge(f->st, a, "agent", &c), SSVC_OK);
  fixture_now = NOV_01;
  assert_int_equal(run(f, &svc, NULL, "ACME", 2026, 11), SSVC_ESTATE);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "EUR"));
  /* Load and list. */
  ssvc_invoice *l = (ssvc_invoice *)1;
  assert_int_equal(ssvc_invoice_load(f->st, &l, "INV-2026-999999"), SSVC_ENOTFOUND);
  assert_null(l);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "no invoice 'INV-2026-999999'"));
  assert_int_equal(ssvc_invoice_load(f->st, &l, ""), SSVC_EINVAL);
  assert_int_equal(ssvc_invoice_load(f->st, NULL, "X"), SSVC_EINVAL);
  assert_int_equal(ssvc_invoice_load(NULL, &l, "X"), SSVC_EINVAL);
  assert_int_equal(ssvc_invoice_list(f->st, "ACME", NULL, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_invoice_list(f->st, NULL, list_cb, &ls), SSVC_EINVAL);
  assert_int_equal(ssvc_invoice_list(NULL, "ACME", list_cb, &ls), SSVC_EINVAL);
}

/* ---- UBL ---- */

/* ---- The agreement's VAT, the rent of the SWAP stock, charges on the account ---- */

static void set_vat_and_rent(ssvc_store *st, const char *customer, uint32_t vat, int64_t rent) {
  ssvc_agreement *a;
  assert_int_equal(ssvc_agreement_load(st, &a, customer), SSVC_OK);
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  assert_int_equal(ssvc_agreement_spec_get(a, &s), SSVC_OK);
  s.vat_basis_points = vat;
  s.swap_rent_minor = rent;
  assert_int_equal(ssvc_agreement_update(st, &s, 0, "lead"), SSVC_OK);
  ssvc_agreement_free(a);
}

static uint32_t account_charge(ssvc_store *st, const char *customer, int kind, int64_t qty,
                               int64_t price, const char *text) {
  ssvc_charge c = SSVC_CHARGE_INIT;
  c.kind = kind;
  c.quantity = qty;
  c.unit_price_minor = price;
  c.text_sv = c.text_en = text;
  c.date = (ssvc_date){2026, 10, 10};
  uint32_t index = UINT32_MAX;
  assert_int_equal(ssvc_charges_record(st, &index, customer, &c, "lead"), SSVC_OK);
  return index;
}

/* The agreement's VAT rate (6%) on every line of both invoices and in the totals. */
static void vat_of_the_agreement(void **state) {
  struct run_fx *f = *state;
  agreement(f->st, "ACME", "BAS", 10);
  set_vat_and_rent(f->st, "ACME", 600, 0);
  char id[SSVC_CASE_ID_SIZE];
  new_case(f->st, id, "ACME");
  charge(f->st, id, SSVC_CHARGE_REPAIR, 100000, "repair");
  fixture_now = NOV_10;
  ssvc_invoice *svc = NULL, *dir = NULL;
  assert_int_equal(run(f, &svc, &dir, "ACME", 2026, 11), SSVC_OK);
  for (int k = 0; k < 2; k++) {
    ssvc_invoice *inv = k ? dir : svc;
    for (size_t i = 0; i < ssvc_invoice_line_count(inv); i++)
      assert_int_equal(line_at(inv, i).vat_basis_points, 600);
  }
  ssvc_invoice_totals t = totals(svc);
  assert_int_equal(t.line_extension, 19000); /* 10 x 19.00 */
  assert_int_equal(t.tax, 1140);             /* 6% */
  t = totals(dir);
  assert_int_equal(t.tax, 6000);
  char *text = text_of(svc);
  assert_non_null(strstr(text, "6%"));
  free(text);
  ssvc_invoice_free(svc);
  ssvc_invoice_free(dir);
}

static const char *const STOCK[] = {"353320110000010", "353320110000028", "353320110000036",
                                    "353320110000044", "353320110000051", "353320110000069"};
#define USER_PHONE "490154203237518"

/* The rent: every phone the stock holds as the month begins (Stockholm midnight), a whole
 * month each. A phone retired before the month or kept by a user does not count; one retired
 * during the month does; one received during the month counts from the next month. */
static void rent_of_the_swap_stock(void **state) {
  struct run_fx *f = *state;
  agreement(f->st, "ACME", "PROF", 100);
  agreement(f->st, "OWN", "PROF", 100);
  set_vat_and_rent(f->st, "ACME", 2500, 4900);
  for (int i = 0; i < 4; i++)
    assert_int_equal(ssvc_swap_receive(f->st, "ACME", STOCK[i], "Fairphone 5", "lead", NULL),
                     SSVC_OK);
  assert_int_equal(ssvc_swap_receive(f->st, "OWN", STOCK[0], "Fairphone 5", "lead", NULL),
                   SSVC_OK);
  /* A swap in October: STOCK[0] goes to the user, who keeps it; the user's faulty phone joins
   * the stock when it comes back (in repair). */
  char id[SSVC_CASE_ID_SIZE];
  new_case(f->st, id, "ACME");
  assert_int_equal(ssvc_case_transition(f->st, id, SSVC_CASE_DIAGNOSING, "agent", NULL), SSVC_OK);
  ssvc_order o = SSVC_ORDER_INIT;
  assert_int_equal(ssvc_swap_reserve(f->st, &o, id, NULL, "agent"), SSVC_OK);
  assert_int_equal(ssvc_swap_ship(f->st, &o, id, NULL, NULL, "agent"), SSVC_OK);
  assert_int_equal(ssvc_swap_faulty_returned(f->st, id, "agent"), SSVC_OK);
  fixture_now = OCT_31;
  assert_int_equal(ssvc_swap_retire(f->st, "ACME", STOCK[1], "lead", "broken"), SSVC_OK);
  /* November: one more phone, and one retired. */
  fixture_now = NOV_10;
  assert_int_equal(ssvc_swap_receive(f->st, "ACME", STOCK[4], "Fairphone 5", "lead", NULL),
                   SSVC_OK);
  assert_int_equal(ssvc_swap_retire(f->st, "ACME", STOCK[2], "lead", NULL), SSVC_OK);
  /* On 1 November the stock held STOCK[2], STOCK[3] and the user's phone. */
  ssvc_invoice *svc = NULL;
  assert_int_equal(run(f, &svc, NULL, "ACME", 2026, 11), SSVC_OK);
  assert_int_equal(lines_with(svc, "SWAP phone, rental, 2026-11"), 1);
  ssvc_invoice_line l = line_at(svc, ssvc_invoice_line_count(svc) - 1);
  assert_int_equal(l.kind, SSVC_CHARGE_SWAP_RENTAL);
  assert_int_equal(l.quantity, 3);
  assert_int_equal(l.unit_price_minor, 4900);
  assert_int_equal(l.net_minor, 14700);
  ssvc_invoice_free(svc);
  /* On 1 December: STOCK[3], STOCK[4] and the user's phone. */
  fixture_now = DEC_01;
  assert_int_equal(run(f, &svc, NULL, "ACME", 2026, 12), SSVC_OK);
  l = line_at(svc, ssvc_invoice_line_count(svc) - 1);
  assert_string_equal(l.text_en, "SWAP phone, rental, 2026-12");
  assert_int_equal(l.quantity, 3);
  ssvc_invoice_free(svc);
  /* A customer who owns its stock pays no rent. */
  assert_int_equal(run(f, &svc, NULL, "OWN", 2026, 12), SSVC_OK);
  assert_int_equal(lines_with(svc, "rent"), 0);
  ssvc_invoice_free(svc);
}

struct seen {
  int n;
  int invoiced[8];
  int64_t qty[8];
};

static int seen_cb(void *ud, uint32_t index, const ssvc_charge *c, int64_t at, const char *actor,
                   int invoiced) {
  struct seen *s = ud;
  assert_int_equal(index, (uint32_t)s->n);
  assert_true(at == OCT_10 || at == NOV_10);
  assert_string_equal(actor, "lead");
  s->invoiced[s->n] = invoiced;
  s->qty[s->n++] = c->quantity;
  return 0;
}

/* Charges on the account (a SWAP phone purchase, a backup phone, a repair) go on the invoices
 * exactly once, the repair on the direct one; one recorded during the month waits. */
static void account_charges_exactly_once(void **state) {
  struct run_fx *f = *state;
  agreement(f->st, "ACME", "PROF", 400);
  assert_int_equal(account_charge(f->st, "ACME", SSVC_CHARGE_SWAP_PURCHASE, 3, 349000,
                                  "Fairphone 5 till SWAP-lagret"), 0);
  assert_int_equal(account_charge(f->st, "ACME", SSVC_CHARGE_BACKUP_PHONE, 1, 199000, NULL), 1);
  assert_int_equal(account_charge(f->st, "ACME", SSVC_CHARGE_REPAIR, 1, 120000, NULL), 2);
  fixture_now = NOV_10;
  assert_int_equal(account_charge(f->st, "ACME", SSVC_CHARGE_BACKUP_PHONE, -1, 199000,
                                  "Reservtelefon åter"), 3);
  ssvc_invoice *svc = NULL, *dir = NULL;
  assert_int_equal(run(f, &svc, &dir, "ACME", 2026, 11), SSVC_OK);
  assert_int_equal(lines_with(svc, "Fairphone 5 till SWAP-lagret"), 1);
  assert_int_equal(lines_with(svc, "Backup phone"), 1);
  assert_int_equal(lines_with(svc, "åter"), 0); /* recorded in November */
  assert_int_equal(totals(svc).line_extension, 1560000 + 3 * 349000 + 199000);
  assert_int_equal(ssvc_invoice_line_count(dir), 1);
  assert_int_equal(line_at(dir, 0).kind, SSVC_CHARGE_REPAIR);
  assert_int_equal(line_at(dir, 0).net_minor, 120000);
  char number[2][40];
  snprintf(number[0], sizeof number[0], "%s", ssvc_invoice_number(svc));
  snprintf(number[1], sizeof number[1], "%s", ssvc_invoice_number(dir));
  ssvc_invoice_free(svc);
  ssvc_invoice_free(dir);
  struct seen seen = {0, {0}, {0}};
  assert_int_equal(ssvc_charges_list(f->st, "ACME", seen_cb, &seen), SSVC_OK);
  assert_int_equal(seen.n, 4);
  assert_int_equal(seen.invoiced[0] + seen.invoiced[1] + seen.invoiced[2], 3);
  assert_int_equal(seen.invoiced[3], 0);
  assert_int_equal(seen.qty[0], 3);
  /* Again: the same invoices. */
  assert_int_equal(run(f, &svc, &dir, "ACME", 2026, 11), SSVC_OK);
  assert_string_equal(ssvc_invoice_number(svc), number[0]);
  assert_string_equal(ssvc_invoice_number(dir), number[1]);
  ssvc_invoice_free(svc);
  ssvc_invoice_free(dir);
  /* December: the credit, and nothing of November's charges. */
  fixture_now = DEC_01;
  assert_int_equal(run(f, &svc, &dir, "ACME", 2026, 12), SSVC_OK);
  assert_null(dir);
  assert_int_equal(lines_with(svc, "Reservtelefon åter"), 1);
  assert_int_equal(lines_with(svc, "Fairphone"), 0);
  assert_int_equal(totals(svc).line_extension, 1560000 - 199000);
  ssvc_invoice_free(svc);
  seen.n = 0;
  assert_int_equal(ssvc_charges_list(f->st, "ACME", seen_cb, &seen), SSVC_OK);
  assert_int_equal(seen.invoiced[3], 1);
}

static void account_charge_errors(void **state) {
  struct run_fx *f = *state;
  agreement(f->st, "ACME", "PROF", 400);
  ssvc_charge c = SSVC_CHARGE_INIT;
  c.kind = SSVC_CHARGE_BACKUP_PHONE;
  c.quantity = 1;
  c.unit_price_minor = 100;
  c.date = (ssvc_date){2026, 10, 10};
  uint32_t index = 77;
#define REFUSED(code, call, needle)                                   \
  do {                                                                \
    assert_int_equal((call), code);                                   \
    assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), needle));         \
    assert_int_equal(index, 77);                                      \
  } while (0)
  REFUSED(SSVC_ENOTFOUND, ssvc_charges_record(f->st, &index, "NOBODY", &c, "lead"), "NOBODY");
  REFUSED(SSVC_EINVAL, ssvc_charges_record(f->st, &index, "", &c, "lead"), "customer_id");
  REFUSED(SSVC_EINVAL, ssvc_charges_record(f->st, &index, "ACME", NULL, "lead"), "charge");
  REFUSED(SSVC_EINVAL, ssvc_charges_record(f->st, &index, "ACME", &c, NULL), "actor");
  c.kind = SSVC_CHARGE_MONTHLY_FEE;
  REFUSED(SSVC_EINVAL, ssvc_charges_record(f->st, &index, "ACME", &c, "lead"), "charge.kind");
  c.kind = SSVC_CHARGE_KIND_COUNT;
  REFUSED(SSVC_EINVAL, ssvc_charges_record(f->st, &index, "ACME", &c, "lead"), "charge.kind");
  c.kind = SSVC_CHARGE_BACKUP_PHONE;
  c.quantity = 0;
  REFUSED(SSVC_EINVAL, ssvc_charges_record(f->st, &index, "ACME", &c, "lead"), "charge.quantity");
  c.quantity = 1;
  c.unit_price_minor = -1;
  REFUSED(SSVC_EINVAL, ssvc_charges_record(f->st, &index, "ACME", &c, "lead"),
          "charge.unit_price_minor");
  c.unit_price_minor = 1;
  c.date = (ssvc_date){2026, 2, 30};
  REFUSED(SSVC_EINVAL, ssvc_charges_record(f->st, &index, "ACME", &c, "lead"), "charge.date");
  c.date = (ssvc_date){2026, 2, 28};
  c.text_sv = "";
  REFUSED(SSVC_EINVAL, ssvc_charges_record(f->st, &index, "ACME", &c, "lead"), "charge.text_sv");
  c.text_sv = NULL;
  c.version = SSVC_CHARGE_VERSION + 1;
  REFUSED(SSVC_EVERSION, ssvc_charges_record(f->st, &index, "ACME", &c, "lead"), "charge");
#undef REFUSED
  struct seen seen = {0, {0}, {0}};
  assert_int_equal(ssvc_charges_list(f->st, "ACME", seen_cb, &seen), SSVC_OK);
  assert_int_equal(seen.n, 0); /* nothing was stored */
  assert_int_equal(ssvc_charges_list(f->st, "NOBODY", seen_cb, &seen), SSVC_OK);
  assert_int_equal(ssvc_charges_list(f->st, "ACME", NULL, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_charges_record(NULL, NULL, "ACME", &c, "lead"), SSVC_EINVAL);
  assert_int_equal(ssvc_charges_list(NULL, "ACME", seen_cb, &seen), SSVC_EINVAL);
}

static void stored_invoices_validate_as_ubl(void **state) {
  struct run_fx *f = *state;
  agreement(f->st, "ACME", "PROF", 400);
  char a[SSVC_CASE_ID_SIZE];
  new_case(f->st, a, "ACME");
  shipment(f->st, a);
  charge(f->st, a, SSVC_CHARGE_REPAIR, 129900, "repair");
  charge(f->st, a, SSVC_CHARGE_SWAP_RENTAL, -4900, "credit");
  /* The agreement's VAT, a rented stock and charges on the account, a credit among them. */
  set_vat_and_rent(f->st, "ACME", 1200, 4900);
  assert_int_equal(ssvc_swap_receive(f->st, "ACME", STOCK[0], "Fairphone 5", "lead", NULL),
                   SSVC_OK);
  account_charge(f->st, "ACME", SSVC_CHARGE_SWAP_PURCHASE, 2, 349000, NULL);
  account_charge(f->st, "ACME", SSVC_CHARGE_BACKUP_PHONE, -1, 199000, "Reservtelefon åter");
  account_charge(f->st, "ACME", SSVC_CHARGE_COST_ESTIMATE, 1, 45000, NULL);
  fixture_now = NOV_01;
  ssvc_invoice *inv[2] = {NULL, NULL};
  assert_int_equal(run(f, &inv[0], &inv[1], "ACME", 2026, 11), SSVC_OK);
  assert_int_equal(lines_with(inv[0], "SWAP phone, rental, 2026-11"), 1);
  assert_int_equal(lines_with(inv[0], "Reservtelefon åter"), 1);
  assert_int_equal(ssvc_invoice_line_count(inv[1]), 2); /* the repair and the estimate */
  assert_int_equal(line_at(inv[1], 1).vat_basis_points, 1200);
  const char *xsd = UBL_XSD; /* present: main() runs this test only then */
  xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(xsd);
  xmlSchemaPtr schema = xmlSchemaParse(pc);
  xmlSchemaFreeParserCtxt(pc);
  assert_non_null(schema);
  for (int k = 0; k < 2; k++) {
    size_t len = 0;
    assert_int_equal(ssvc_invoice_ubl(inv[k], NULL, 0, &len), SSVC_OK);
    char *xml = malloc(len + 1);
    assert_int_equal(ssvc_invoice_ubl(inv[k], xml, len + 1, &len), SSVC_OK);
    xmlDocPtr doc = xmlReadMemory(xml, (int)len, "invoice.xml", NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
    int v = xmlSchemaValidateDoc(vc, doc);
    xmlSchemaFreeValidCtxt(vc);
    if (v != 0) fail_msg("invoice does not validate against UBL 2.1 (%d):\n%s", v, xml);
    char id[64];
    snprintf(id, sizeof id, "<cbc:ID>%s</cbc:ID>", ssvc_invoice_number(inv[k]));
    assert_non_null(strstr(xml, id));
    xmlFreeDoc(doc);
    free(xml);
    ssvc_invoice_free(inv[k]);
  }
  xmlSchemaFree(schema);
}

/* ---- Faults ---- */

struct fstate {
  ssvc_catalog *cat;
  ssvc_pricelist *pl;
  ssvc_party seller;
};

static struct fstate *fstate_new(ssvc_store *st) {
  struct fstate *s = calloc(1, sizeof *s);
  ssvc_ctx *ctx = ssvc_store_ctx(st);
  assert_int_equal(ssvc_catalog_new(ctx, &s->cat), SSVC_OK);
  assert_int_equal(ssvc_pricelist_new(ctx, &s->pl, s->cat), SSVC_OK);
  assert_int_equal(ssvc_pricelist_add_price(s->pl, "PROF", (ssvc_date){2026, 4, 16}, 4900),
                   SSVC_OK);
  seller_init(&s->seller);
  return s;
}

static void fstate_free(void *p) {
  struct fstate *s = p;
  ssvc_pricelist_free(s->pl);
  ssvc_catalog_free(s->cat);
  free(s);
}

static int frun(ssvc_store *st, struct fstate *s, int month) {
  ssvc_invoice_run_spec r = SSVC_INVOICE_RUN_SPEC_INIT;
  r.customer_id = "ACME";
  r.year = 2026;
  r.month = month;
  r.pricelist = s->pl;
  r.seller = &s->seller;
  ssvc_invoice *svc = NULL, *dir = NULL;
  int rc = ssvc_invoice_run(st, &svc, &dir, &r);
  if (rc == SSVC_OK) {
    assert_non_null(svc);
    assert_non_null(dir);
  } else {
    assert_null(svc);
    assert_null(dir);
  }
  ssvc_invoice_free(svc);
  ssvc_invoice_free(dir);
  return rc;
}

/* An agreement, two cases with shipments, a repair and an unreturned phone (all recorded on the
 * drivers' clock, 2 March): the April run invoices them. */
static void *fx_charges(ssvc_store *st) {
  agreement(st, "ACME", "PROF", 400);
  char a[SSVC_CASE_ID_SIZE], b[SSVC_CASE_ID_SIZE];
  new_case(st, a, "ACME");
  new_case(st, b, "ACME");
  shipment(st, a);
  shipment(st, b);
  charge(st, a, SSVC_CHARGE_REPAIR, 100000, "repair");
  charge(st, b, SSVC_CHARGE_UNRETURNED, 250000, "unreturned");
  /* A rented stock of one phone, and charges on the account. */
  set_vat_and_rent(st, "ACME", 2500, 4900);
  assert_int_equal(ssvc_swap_receive(st, "ACME", STOCK[0], "Fairphone 5", "lead", NULL), SSVC_OK);
  account_charge(st, "ACME", SSVC_CHARGE_SWAP_PURCHASE, 1, 349000, NULL);
  account_charge(st, "ACME", SSVC_CHARGE_COST_ESTIMATE, 1, 30000, NULL);
  return fstate_new(st);
}

/* The same after April's run, with more charges for May: marks and the counter exist. */
static void *fx_after_april(ssvc_store *st) {
  struct fstate *s = fx_charges(st);
  assert_int_equal(frun(st, s, 4), SSVC_OK);
  char b[SSVC_CASE_ID_SIZE];
  new_case(st, b, "ACME");
  shipment(st, "SC-2026-000001");
  shipment(st, b);
  charge(st, b, SSVC_CHARGE_COST_ESTIMATE, 50000, "estimate");
  account_charge(st, "ACME", SSVC_CHARGE_BACKUP_PHONE, 2, 199000, NULL);
  return s;
}

/* The same with the agreement moved from PROF to BAS with its own price 15.00, effective
 * 16 April (entered on the drivers' clock, 2 March). */
static void *fx_tier_change(ssvc_store *st) {
  struct fstate *s = fx_charges(st);
  set_terms(st, "ACME", "BAS", NULL, 1500, (ssvc_date){2026, 4, 16});
  return s;
}

static int op_update_from(ssvc_store *st, void *s) {
  (void)s;
  ssvc_agreement *a;
  int rc = ssvc_agreement_load(st, &a, "ACME");
  if (rc) return rc;
  ssvc_agreement_spec sp = SSVC_AGREEMENT_SPEC_INIT;
  assert_int_equal(ssvc_agreement_spec_get(a, &sp), SSVC_OK);
  sp.tier_code = "BAS";
  sp.user_price_minor = 1500;
  sp.fleet = 450;
  rc = ssvc_agreement_update_from(st, &sp, ssvc_agreement_stored_version(a), "lead",
                                  INT64_C(1776290400)); /* 2026-04-16 00:00 Stockholm */
  ssvc_agreement_free(a);
  return rc;
}

static int op_run_april(ssvc_store *st, void *s) { return frun(st, s, 4); }
static int op_run_may(ssvc_store *st, void *s) { return frun(st, s, 5); }
static int op_rerun_april(ssvc_store *st, void *s) { return frun(st, s, 4); }

static int op_load(ssvc_store *st, void *s) {
  (void)s;
  ssvc_invoice *inv = NULL;
  int rc = ssvc_invoice_load(st, &inv, "INV-2026-000002");
  ssvc_invoice_free(inv);
  return rc;
}

static int count_cb(void *ud, const char *number, int year, int month, int direct) {
  (void)number;
  (void)year;
  (void)month;
  (void)direct;
  ++*(int *)ud;
  return 0;
}

static int op_list(ssvc_store *st, void *s) {
  (void)s;
  int n = 0;
  int rc = ssvc_invoice_list(st, "ACME", count_cb, &n);
  if (!rc) assert_int_equal(n, 2);
  return rc;
}

static int op_record(ssvc_store *st, void *s) {
  (void)s;
  ssvc_charge c = SSVC_CHARGE_INIT;
  c.kind = SSVC_CHARGE_BACKUP_PHONE;
  c.quantity = 1;
  c.unit_price_minor = 199000;
  c.text_sv = "Reservtelefon";
  c.date = (ssvc_date){2026, 3, 2};
  uint32_t index = 0;
  int rc = ssvc_charges_record(st, &index, "ACME", &c, "lead");
  if (!rc) assert_int_equal(index, 3);
  return rc;
}

static int charges_count_cb(void *ud, uint32_t index, const ssvc_charge *c, int64_t at,
                            const char *actor, int invoiced) {
  (void)index;
  (void)c;
  (void)at;
  (void)actor;
  *(int *)ud += invoiced ? 10 : 1;
  return 0;
}

static int op_charges_list(ssvc_store *st, void *s) {
  (void)s;
  int n = 0;
  int rc = ssvc_charges_list(st, "ACME", charges_count_cb, &n);
  if (!rc) assert_int_equal(n, 21); /* two invoiced in April, one waiting */
  return rc;
}

static int op_credit(ssvc_store *st, void *s) {
  (void)s;
  ssvc_credit_spec c = SSVC_CREDIT_SPEC_INIT;
  size_t line = 1;
  c.invoice_number = "INV-2026-000001";
  c.lines = &line;
  c.line_count = 1;
  c.reason = "credit";
  ssvc_invoice *cn = NULL;
  int rc = ssvc_credit_note_issue(st, &cn, &c);
  if (!rc) assert_string_equal(ssvc_invoice_number(cn), "CRN-2026-000001");
  else assert_null(cn);
  ssvc_invoice_free(cn);
  return rc;
}

static int op_dry_run(ssvc_store *st, void *p) {
  struct fstate *s = p;
  ssvc_invoice_run_spec r = SSVC_INVOICE_RUN_SPEC_INIT;
  r.customer_id = "ACME";
  r.year = 2026;
  r.month = 5;
  r.pricelist = s->pl;
  r.seller = &s->seller;
  r.dry_run = 1;
  ssvc_invoice *svc = NULL, *dir = NULL;
  int rc = ssvc_invoice_run(st, &svc, &dir, &r);
  if (!rc) assert_string_equal(ssvc_invoice_number(svc), "INV-2026-000003 (provisional)");
  ssvc_invoice_free(svc);
  ssvc_invoice_free(dir);
  return rc;
}

/* A month whose credit exceeds its charges: the run stores a credit note. */
static void *fx_net_credit(ssvc_store *st) {
  agreement(st, "ACME", "BAS", 2);
  account_charge(st, "ACME", SSVC_CHARGE_BACKUP_PHONE, -1, 199000, "Kreditering");
  return fstate_new(st);
}

static int op_run_net_credit(ssvc_store *st, void *p) {
  struct fstate *s = p;
  ssvc_invoice_run_spec r = SSVC_INVOICE_RUN_SPEC_INIT;
  r.customer_id = "ACME";
  r.year = 2026;
  r.month = 4;
  r.pricelist = s->pl;
  r.seller = &s->seller;
  ssvc_invoice *svc = NULL;
  int rc = ssvc_invoice_run(st, &svc, NULL, &r);
  if (!rc) assert_string_equal(ssvc_invoice_number(svc), "CRN-2026-000001");
  else assert_null(svc);
  ssvc_invoice_free(svc);
  return rc;
}

static const struct store_op ops[] = {
    {"ssvc_invoice_run (a month billed as a credit note)", fx_net_credit, op_run_net_credit,
     fstate_free},
    {"ssvc_credit_note_issue", fx_after_april, op_credit, fstate_free},
    {"ssvc_invoice_run (dry run)", fx_after_april, op_dry_run, fstate_free},
    {"ssvc_invoice_run (first run)", fx_charges, op_run_april, fstate_free},
    {"ssvc_invoice_run (with marks and counter)", fx_after_april, op_run_may, fstate_free},
    {"ssvc_invoice_run (run before)", fx_after_april, op_rerun_april, fstate_free},
    {"ssvc_invoice_load", fx_after_april, op_load, fstate_free},
    {"ssvc_invoice_list", fx_after_april, op_list, fstate_free},
    {"ssvc_charges_record", fx_after_april, op_record, fstate_free},
    {"ssvc_charges_list", fx_after_april, op_charges_list, fstate_free},
    {"ssvc_agreement_update_from", fx_charges, op_update_from, fstate_free},
    {"ssvc_invoice_run (a tier and price change mid-month)", fx_tier_change, op_run_april,
     fstate_free},
};

static void every_storage_call_fails_cleanly(void **state) {
  (void)state;
  fault_every_op(ops, STORE_OPS_COUNT(ops), FAULT_STORAGE);
}

static void every_allocation_fails_cleanly(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
    if (ops[i].run == op_list || ops[i].run == op_charges_list) continue; /* allocate nothing */
    assert_true(fault_every_store_alloc(&ops[i]) > 0);
  }
}

static void storage_faults_on_sqlite(void **state) {
  (void)state;
  fresh_sqlite_begin(SSVC_TEST_TMP, "test_invoice_run");
  assert_true(fault_every_storage_call(&ops[0]) > 0);
  assert_true(fault_every_storage_call(&ops[1]) > 0);
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
    if (ops[i].run == op_update_from || ops[i].setup == fx_tier_change)
      assert_true(fault_every_storage_call(&ops[i]) > 0);
  fresh_store_end();
}

/* Four processes run the same 12 customers' November at once on one SQLite database: every
 * customer ends with one invoice, and the numbers are 1..12 of 2026, each once. */
static int number_cb(void *ud, const char *number, int year, int month, int direct) {
  (void)year;
  (void)month;
  (void)direct;
  int *seen = ud;
  int n = atoi(number + strlen("INV-2026-"));
  assert_true(strncmp(number, "INV-2026-", 9) == 0);
  assert_true(n >= 1 && n <= 12);
  seen[n]++;
  seen[0]++;
  return 0;
}

static void open_sqlite(ssvc_ctx **ctx, ssvc_store **st, const char *path) {
  ssvc_ctx_options o = SSVC_CTX_OPTIONS_INIT;
  o.clock = fixture_clock;
  assert_int_equal(ssvc_ctx_new(ctx, &o), SSVC_OK);
  ssvc_storage_backend be;
  ssvc_sqlite_options so = SSVC_SQLITE_OPTIONS_INIT;
  so.sync = SSVC_SQLITE_SYNC_NORMAL;
  assert_int_equal(ssvc_sqlite_backend(*ctx, &be, path, &so), SSVC_OK);
  assert_int_equal(ssvc_store_open(*ctx, st, &be), SSVC_OK);
}

static void concurrent_runs_on_sqlite(void **state) {
  (void)state;
  char path[4096];
  snprintf(path, sizeof path, "%s/test_invoice_run-conc-%d.db", SSVC_TEST_TMP, (int)getpid());
  fresh_sqlite_remove(path);
  struct run_fx f;
  memset(&f, 0, sizeof f);
  fixture_now = OCT_10;
  open_sqlite(&f.ctx, &f.st, path);
  char id[16], c[SSVC_CASE_ID_SIZE];
  for (int i = 0; i < 12; i++) {
    snprintf(id, sizeof id, "K%02d", i);
    agreement(f.st, id, "PROF", 10);
    new_case(f.st, c, id);
    shipment(f.st, c);
  }
  ssvc_store_free(f.st);
  ssvc_ctx_free(f.ctx);
  pid_t kids[4];
  for (int k = 0; k < 4; k++) {
    kids[k] = fork();
    assert_true(kids[k] >= 0);
    if (kids[k] == 0) {
      fixture_now = NOV_01;
      open_sqlite(&f.ctx, &f.st, path);
      assert_int_equal(ssvc_catalog_new(f.ctx, &f.cat), SSVC_OK);
      assert_int_equal(ssvc_pricelist_new(f.ctx, &f.pl, f.cat), SSVC_OK);
      seller_init(&f.seller);
      int bad = 0;
      for (int i = 0; i < 12; i++) {
        snprintf(id, sizeof id, "K%02d", (i + 3 * k) % 12);
        ssvc_invoice *svc = NULL;
        if (run(&f, &svc, NULL, id, 2026, 11) != SSVC_OK || !svc ||
            totals(svc).tax_exclusive != 10 * 3900 + 11400)
          bad = 1;
        ssvc_invoice_free(svc);
      }
      ssvc_pricelist_free(f.pl);
      ssvc_catalog_free(f.cat);
      ssvc_store_free(f.st);
      ssvc_ctx_free(f.ctx);
      _exit(bad);
    }
  }
  for (int k = 0; k < 4; k++) {
    int status = 0;
    assert_int_equal(waitpid(kids[k], &status, 0), kids[k]);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
  }
  open_sqlite(&f.ctx, &f.st, path);
  int seen[13] = {0};
  for (int i = 0; i < 12; i++) {
    snprintf(id, sizeof id, "K%02d", i);
    int before = seen[0];
    assert_int_equal(ssvc_invoice_list(f.st, id, number_cb, seen), SSVC_OK);
    assert_int_equal(seen[0], before + 1);
  }
  for (int n = 1; n <= 12; n++) assert_int_equal(seen[n], 1);
  ssvc_store_free(f.st);
  ssvc_ctx_free(f.ctx);
  fresh_sqlite_remove(path);
}

/* A store on a memory backend the test can reach under the library, to damage records. */
struct raw_run_fx {
  struct run_fx f; /* first: the helpers and teardown take it */
  ssvc_storage_backend be;
};

static int setup_raw(void **state) {
  struct raw_run_fx *r = calloc(1, sizeof *r);
  ssvc_ctx_options o = SSVC_CTX_OPTIONS_INIT;
  o.clock = fixture_clock;
  fixture_now = OCT_10;
  assert_int_equal(ssvc_ctx_new(&r->f.ctx, &o), SSVC_OK);
  assert_int_equal(ssvc_storage_memory_backend(r->f.ctx, &r->be), SSVC_OK);
  assert_int_equal(ssvc_store_open(r->f.ctx, &r->f.st, &r->be), SSVC_OK);
  assert_int_equal(ssvc_catalog_new(r->f.ctx, &r->f.cat), SSVC_OK);
  assert_int_equal(ssvc_pricelist_new(r->f.ctx, &r->f.pl, r->f.cat), SSVC_OK);
  seller_init(&r->f.seller);
  *state = r;
  return 0;
}

static void raw_put(struct raw_run_fx *r, const void *key, size_t klen, const void *val,
                    size_t vlen) {
  assert_int_equal(r->be.begin(r->be.user_data, SSVC_STORAGE_TXN_WRITE), SSVC_OK);
  assert_int_equal(r->be.put(r->be.user_data, key, klen, val, vlen, SSVC_STORAGE_ANY, NULL), 0);
  assert_int_equal(r->be.commit(r->be.user_data), SSVC_OK);
}

/* A copy of the value stored under @p key (malloc'd). */
static uint8_t *raw_copy(struct raw_run_fx *r, const void *key, size_t klen, size_t *len) {
  const void *v;
  uint64_t ver;
  assert_int_equal(r->be.get(r->be.user_data, key, klen, &v, len, &ver), SSVC_OK);
  uint8_t *c = malloc(*len);
  memcpy(c, v, *len);
  return c;
}

static int count_charges(void *ud, uint32_t index, const ssvc_charge *c, int64_t at,
                         const char *actor, int invoiced) {
  (void)index, (void)c, (void)at, (void)actor, (void)invoiced;
  ++*(int *)ud;
  return 0;
}

/* Damaged account records: a full or unreadable charge counter refuses a new charge, an
 * unreadable charge or a gap in the numbering is an error of the listing; nothing is written. */
static void damaged_account_records(void **state) {
  struct raw_run_fx *r = *state;
  struct run_fx *f = &r->f;
  agreement(f->st, "ACME", "PROF", 400);
  assert_int_equal(account_charge(f->st, "ACME", SSVC_CHARGE_BACKUP_PHONE, 1, 100, "x"), 0);
  static const uint8_t kcount[] = {'B', 'K', 'A', 'C', 'M', 'E'};
  static const uint8_t kcharge[] = {'B', 'A', 'A', 'C', 'M', 'E', 0, 0, 0, 0, 0};
  static const uint8_t kcharge2[] = {'B', 'A', 'A', 'C', 'M', 'E', 0, 0, 0, 0, 2};
  size_t count_len, charge_len;
  uint8_t *count = raw_copy(r, kcount, sizeof kcount, &count_len);
  uint8_t *charge = raw_copy(r, kcharge, sizeof kcharge, &charge_len);
  ssvc_charge c = SSVC_CHARGE_INIT;
  c.kind = SSVC_CHARGE_BACKUP_PHONE;
  c.quantity = 1;
  c.unit_price_minor = 100;
  c.date = (ssvc_date){2026, 10, 10};
  uint32_t index = 77;
  int n;
  /* A counter past 32 bits reads as full. */
  static const uint8_t huge[] = {'K', 1, 0x08, 0x80, 0x80, 0x80, 0x80, 0x10};
  raw_put(r, kcount, sizeof kcount, huge, sizeof huge);
  assert_int_equal(ssvc_charges_record(f->st, &index, "ACME", &c, "lead"), SSVC_ERANGE);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "the account of 'ACME' is full"));
  /* Not a counter record at all. */
  static const uint8_t other[] = {'X', 1};
  raw_put(r, kcount, sizeof kcount, other, sizeof other);
  assert_int_equal(ssvc_charges_record(f->st, &index, "ACME", &c, "lead"), SSVC_ESTORAGE);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "the account's charge counter"));
  assert_int_equal(index, 77);
  raw_put(r, kcount, sizeof kcount, count, count_len);
  n = 0;
  assert_int_equal(ssvc_charges_list(f->st, "ACME", count_charges, &n), SSVC_OK);
  assert_int_equal(n, 1);
  /* The charge itself: not an account record, a kind that is no charge, a text that is no
   * text. */
  static const uint8_t kind0[] = {'A', 1, 1 << 3, 0};
  static const uint8_t text_no_bytes[] = {'A', 1, 1 << 3, SSVC_CHARGE_BACKUP_PHONE, 2 << 3, 1};
  const struct {
    const uint8_t *v;
    size_t len;
  } bad[] = {{other, sizeof other}, {kind0, sizeof kind0}, {text_no_bytes, sizeof text_no_bytes}};
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    raw_put(r, kcharge, sizeof kcharge, bad[k].v, bad[k].len);
    n = 0;
    assert_int_equal(ssvc_charges_list(f->st, "ACME", count_charges, &n), SSVC_ESTORAGE);
    assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "a charge on the account"));
    assert_int_equal(n, 0);
  }
  raw_put(r, kcharge, sizeof kcharge, charge, charge_len);
  /* Charge 2 without a charge 1. */
  raw_put(r, kcharge2, sizeof kcharge2, charge, charge_len);
  n = 0;
  assert_int_equal(ssvc_charges_list(f->st, "ACME", count_charges, &n), SSVC_ESTORAGE);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "a charge on the account"));
  assert_int_equal(n, 0); /* charge 0 is not given: the listing reads all before it gives any */
  free(count);
  free(charge);
}

/* Damaged invoice-space records: an invoice that is no invoice record or has no number, a run
 * record of the listing, a case's watermark. */
static void damaged_invoice_records(void **state) {
  struct raw_run_fx *r = *state;
  struct run_fx *f = &r->f;
  agreement(f->st, "ACME", "PROF", 400);
  char a[SSVC_CASE_ID_SIZE];
  new_case(f->st, a, "ACME");
  charge(f->st, a, SSVC_CHARGE_REPAIR, 100000, "repair");
  fixture_now = NOV_01;
  ssvc_invoice *svc = NULL, *dir = NULL;
  assert_int_equal(run(f, &svc, &dir, "ACME", 2026, 10), SSVC_OK);
  ssvc_invoice_free(svc);
  ssvc_invoice_free(dir);
  /* The invoice INV-2026-000001. */
  uint8_t kinv[32] = {'B', 'I'};
  size_t kinv_len = 2 + (size_t)sprintf((char *)kinv + 2, "INV-2026-000001");
  static const uint8_t other[] = {'X', 1}, no_number[] = {'I', 1};
  ssvc_invoice *l = (ssvc_invoice *)f;
  raw_put(r, kinv, kinv_len, other, sizeof other);
  assert_int_equal(ssvc_invoice_load(f->st, &l, "INV-2026-000001"), SSVC_ESTORAGE);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "INV-2026-000001: the stored record is malformed"));
  assert_null(l);
  raw_put(r, kinv, kinv_len, no_number, sizeof no_number);
  assert_int_equal(ssvc_invoice_load(f->st, &l, "INV-2026-000001"), SSVC_ESTORAGE);
  assert_null(l);
  /* The month's run record (2026-10). */
  static const uint8_t krun[] = {'B', 'M', 'A', 'C', 'M', 'E', 0, 0x07, 0xEA, 10};
  struct listing ls = {0};
  raw_put(r, krun, sizeof krun, other, sizeof other);
  assert_int_equal(ssvc_invoice_list(f->st, "ACME", list_cb, &ls), SSVC_ESTORAGE);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "ACME"));
  assert_int_equal(ls.n, 0);
  /* The case's watermark: the next run cannot tell what was invoiced. */
  uint8_t kmark[64] = {'B', 'H', 'A', 'C', 'M', 'E', 0};
  size_t kmark_len = 7 + (size_t)sprintf((char *)kmark + 7, "%s", a);
  raw_put(r, kmark, kmark_len, other, sizeof other);
  fixture_now = DEC_01;
  svc = dir = NULL;
  assert_int_equal(run(f, &svc, &dir, "ACME", 2026, 11), SSVC_ESTORAGE);
  assert_null(svc);
  assert_null(dir);
}

/* ---- The uninvoiced-charges index (doc/storage.md, doc/charges.md "Which cases it reads") ---- */

/* Backup phones (doc/backup-phones.md): a bought one is its account charge; a rented one is a
 * line per phone on the service invoice in arrears, its month's rent prorated by the days held.
 * By hand: HYRA's override 31.00 SEK a month in October (31 days): held 10-30 October (removed
 * the 31st) 21 days = 31.00 * 21 / 31 = 21.00; held 10-31 October 22 days = 22.00. DEF has no
 * stored rent: the default 49.00 * 22 / 31 = 34.774... = 34.77. */
static void backup_phone_rent(void **state) {
  struct run_fx *f = *state;
  fixture_now = OCT_10;
  agreement(f->st, "HYRA", "PROF", 10);
  agreement(f->st, "DEF", "PROF", 10);
  ssvc_price p = SSVC_PRICE_INIT;
  p.customer_id = "HYRA";
  p.kind = SSVC_CHARGE_BACKUP_PHONE;
  p.from = (ssvc_date){2026, 1, 1};
  p.amount_minor = 3100;
  assert_int_equal(ssvc_price_set(f->st, &p, "lead"), SSVC_OK);
  assert_int_equal(ssvc_backup_phone_add(f->st, "HYRA", fixture_imei(1), "Nokia 105",
                                         SSVC_BACKUP_RENTED, 0, "lead"), SSVC_OK);
  assert_int_equal(ssvc_backup_phone_add(f->st, "HYRA", fixture_imei(2), "Nokia 105",
                                         SSVC_BACKUP_RENTED, 0, "lead"), SSVC_OK);
  assert_int_equal(ssvc_backup_phone_add(f->st, "HYRA", fixture_imei(3), "Nokia 105",
                                         SSVC_BACKUP_BOUGHT, 49900, "lead"), SSVC_OK);
  assert_int_equal(ssvc_backup_phone_add(f->st, "DEF", fixture_imei(4), "Nokia 105",
                                         SSVC_BACKUP_RENTED, 0, "lead"), SSVC_OK);
  fixture_now = OCT_31;
  assert_int_equal(ssvc_backup_phone_remove(f->st, "HYRA", fixture_imei(1), "lead"), SSVC_OK);
  fixture_now = NOV_10;
  ssvc_invoice *svc = NULL, *dir = NULL;
  assert_int_equal(run(f, &svc, &dir, "HYRA", 2026, 11), SSVC_OK);
  int rents = 0, bought = 0;
  for (size_t i = 0; i < ssvc_invoice_line_count(svc); i++) {
    ssvc_invoice_line l = line_at(svc, i);
    if (l.kind != SSVC_CHARGE_BACKUP_PHONE) continue;
    if (strstr(l.text_en, "rent 2026-10: 21/31 days")) {
      assert_int_equal(l.net_minor, 2100);
      assert_non_null(strstr(l.text_en, "356938030000013"));
      rents++;
    } else if (strstr(l.text_en, "rent 2026-10: 22/31 days")) {
      assert_int_equal(l.net_minor, 2200);
      rents++;
    } else {
      assert_int_equal(l.net_minor, 49900);
      bought++;
    }
  }
  assert_int_equal(rents, 2);
  assert_int_equal(bought, 1);
  assert_int_equal(lines_with(svc, "IMEI 356938030000039), rent"), 0); /* bought: no rent */
  ssvc_invoice_free(svc);
  ssvc_invoice_free(dir);
  svc = dir = NULL;
  assert_int_equal(run(f, &svc, &dir, "DEF", 2026, 11), SSVC_OK);
  assert_int_equal(lines_with(svc, "rent 2026-10: 22/31 days"), 1);
  for (size_t i = 0; i < ssvc_invoice_line_count(svc); i++)
    if (line_at(svc, i).kind == SSVC_CHARGE_BACKUP_PHONE)
      assert_int_equal(line_at(svc, i).net_minor, 3477);
  ssvc_invoice_free(svc);
  ssvc_invoice_free(dir);
  /* The month the phones arrived in has no rent yet: October's run bills September. */
  svc = dir = NULL;
  assert_int_equal(run(f, &svc, &dir, "DEF", 2026, 10), SSVC_OK);
  assert_int_equal(lines_with(svc, "Backup phone"), 0);
  ssvc_invoice_free(svc);
  ssvc_invoice_free(dir);
}

#define MAR_2016 INT64_C(1457604000) /* 2016-03-10 10:00 UTC */
#define MAY_2016 INT64_C(1462874400) /* 2016-05-10 10:00 UTC */
#define OCT_2025 INT64_C(1760090400) /* 2025-10-10 10:00 UTC */
#define DEC_2025 INT64_C(1764579600) /* 2025-12-01 09:00 UTC */

/* A charge on a case registered ten years ago is found: one recorded in May 2016 and never
 * invoiced since (no run for ten years), one recorded in October 2026 on another 2016 case. */
static void charge_on_a_case_registered_years_ago(void **state) {
  struct run_fx *f = *state;
  fixture_now = MAR_2016;
  fixture_agreement(f->st, "ACME", "PROF", 400, 0, 0);
  char old1[SSVC_CASE_ID_SIZE], old2[SSVC_CASE_ID_SIZE];
  new_case(f->st, old1, "ACME");
  new_case(f->st, old2, "ACME");
  ssvc_invoice *svc = NULL;
  assert_int_equal(run(f, &svc, NULL, "ACME", 2016, 4), SSVC_OK); /* nothing; the index built */
  assert_int_equal(lines_with(svc, "SC-2016"), 0);
  ssvc_invoice_free(svc);
  fixture_now = MAY_2016;
  charge(f->st, old1, SSVC_CHARGE_UNRETURNED, 250000, "phone never returned");
  fixture_now = OCT_10;
  char now1[SSVC_CASE_ID_SIZE];
  new_case(f->st, now1, "ACME");
  shipment(f->st, now1);
  charge(f->st, old2, SSVC_CHARGE_UNRETURNED, 250000, "loan phone never returned");
  fixture_now = DEC_01;
  assert_int_equal(run(f, &svc, NULL, "ACME", 2026, 11), SSVC_OK);
  assert_int_equal(lines_with(svc, old1), 1);
  assert_int_equal(lines_with(svc, old2), 1);
  assert_int_equal(lines_with(svc, "Freight, case "), 1);
  ssvc_invoice_free(svc);
  assert_int_equal(run(f, &svc, NULL, "ACME", 2026, 12), SSVC_OK); /* invoiced once */
  assert_int_equal(lines_with(svc, "SC-"), 0);
  ssvc_invoice_free(svc);
}

/* The keys of the uninvoiced-charges index ('B' 'P') in a backend, in order. */
struct index_keys {
  uint8_t k[32][96];
  size_t len[32];
  size_t n;
};

static int index_key_cb(void *ud, const void *k, size_t kl, const void *v, size_t vl,
                        uint64_t ver) {
  (void)v, (void)vl, (void)ver;
  struct index_keys *l = ud;
  assert_true(l->n < 32 && kl <= 96);
  memcpy(l->k[l->n], k, kl);
  l->len[l->n++] = kl;
  return 0;
}

static void index_keys_of(const ssvc_storage_backend *be, struct index_keys *l) {
  l->n = 0;
  assert_int_equal(be->scan(be->user_data, "BP", 2, "BQ", 2, index_key_cb, l), SSVC_OK);
}

/* Makes the store a store written before the index: its entries and markers go. */
static void drop_index(const ssvc_storage_backend *be) {
  static struct index_keys l;
  index_keys_of(be, &l);
  assert_int_equal(be->begin(be->user_data, SSVC_STORAGE_TXN_WRITE), SSVC_OK);
  for (size_t i = 0; i < l.n; i++)
    assert_int_equal(be->del(be->user_data, l.k[i], l.len[i], SSVC_STORAGE_ANY), SSVC_OK);
  assert_int_equal(be->commit(be->user_data), SSVC_OK);
}

/* October and November of a customer: cases with shipments, a repair, a charge on the account,
 * a November shipment that waits for December. */
static void two_months(struct run_fx *f) {
  fixture_now = OCT_10;
  fixture_agreement(f->st, "ACME", "PROF", 400, 0, 0);
  char a[SSVC_CASE_ID_SIZE], b[SSVC_CASE_ID_SIZE], c[SSVC_CASE_ID_SIZE];
  new_case(f->st, a, "ACME");
  new_case(f->st, b, "ACME");
  new_case(f->st, c, "ACME");
  shipment(f->st, a);
  shipment(f->st, b);
  charge(f->st, c, SSVC_CHARGE_REPAIR, 129900, "display replaced");
  account_charge(f->st, "ACME", SSVC_CHARGE_BACKUP_PHONE, 1, 199000, NULL);
  fixture_now = NOV_10;
  shipment(f->st, c);
  charge(f->st, b, SSVC_CHARGE_UNRETURNED, 250000, NULL);
}

/* Both invoices of @p month as UBL (malloc'd, concatenated). */
static char *month_ubl(struct run_fx *f, int month) {
  ssvc_invoice *inv[2] = {NULL, NULL};
  assert_int_equal(run(f, &inv[0], &inv[1], "ACME", 2026, month), SSVC_OK);
  char *out = calloc(1, 1);
  for (int k = 0; k < 2; k++) {
    if (!inv[k]) continue;
    size_t n = 0;
    assert_int_equal(ssvc_invoice_ubl(inv[k], NULL, 0, &n), SSVC_OK);
    size_t have = strlen(out);
    out = realloc(out, have + n + 1);
    assert_int_equal(ssvc_invoice_ubl(inv[k], out + have, n + 1, &n), SSVC_OK);
    ssvc_invoice_free(inv[k]);
  }
  return out;
}

/* A store written before the index (no entries, no marker) gives the invoices, byte for byte,
 * that the same store with the index gives; its first run builds the index, which then holds what
 * the other one holds. A stale entry (a case that is not there) is taken away by the run. */
static void store_without_the_index_gives_the_same_invoices(void **state) {
  struct raw_run_fx *with = *state, *without = NULL;
  setup_raw((void **)&without);
  two_months(&with->f);
  two_months(&without->f);
  drop_index(&without->be);
  uint8_t stale[96];
  size_t n = sizeof "BPACME";
  memcpy(stale, "BPACME", n);
  /* Registered on OCT_10 (sign bit flipped), SC-2026-000099: no such case. */
  static const uint8_t tail[14] = {0x80, 0, 0, 0, 0x6a, 0xc9, 0xe2, 0x70, 0x07, 0xea, 0, 0, 0, 99};
  memcpy(stale + n, tail, sizeof tail);
  raw_put(with, stale, n + 14, "", 0);
  fixture_now = DEC_01;
  struct index_keys ki, ko;
  for (int month = 11; month <= 12; month++) {
    char *a = month_ubl(&with->f, month), *b = month_ubl(&without->f, month);
    assert_true(strlen(a) > 1000);
    assert_string_equal(a, b);
    free(a);
    free(b);
    index_keys_of(&with->be, &ki);
    index_keys_of(&without->be, &ko);
    assert_int_equal(ki.n, ko.n);
    for (size_t i = 0; i < ki.n; i++) {
      assert_int_equal(ki.len[i], ko.len[i]);
      assert_memory_equal(ki.k[i], ko.k[i], ki.len[i]);
    }
    /* The marker, and after November's run the two cases with charges of November. */
    assert_int_equal(ki.n, month == 11 ? 3 : 1);
    assert_int_equal(ki.len[0], n);
  }
  teardown((void **)&without);
}

/* The run's storage calls do not grow with the customer's history: 1 or 40 cases of 2025, all
 * invoiced, then the same two cases with October shipments for November 2026. */
static long run_calls_after_history(int history) {
  ssvc_ctx_options o = SSVC_CTX_OPTIONS_INIT;
  o.clock = fixture_clock;
  struct run_fx f;
  memset(&f, 0, sizeof f);
  assert_int_equal(ssvc_ctx_new(&f.ctx, &o), SSVC_OK);
  ssvc_storage_backend mem, wrapped;
  assert_int_equal(ssvc_storage_memory_backend(f.ctx, &mem), SSVC_OK);
  storage_fault sf;
  storage_fault_wrap(&sf, &mem, &wrapped);
  assert_int_equal(ssvc_store_open(f.ctx, &f.st, &wrapped), SSVC_OK);
  assert_int_equal(ssvc_catalog_new(f.ctx, &f.cat), SSVC_OK);
  assert_int_equal(ssvc_pricelist_new(f.ctx, &f.pl, f.cat), SSVC_OK);
  seller_init(&f.seller);
  fixture_now = OCT_2025;
  fixture_agreement(f.st, "ACME", "PROF", 400, 0, 0);
  char id[SSVC_CASE_ID_SIZE];
  for (int i = 0; i < history; i++) {
    new_case(f.st, id, "ACME");
    shipment(f.st, id);
  }
  fixture_now = DEC_2025;
  ssvc_invoice *svc = NULL;
  assert_int_equal(run(&f, &svc, NULL, "ACME", 2025, 11), SSVC_OK);
  assert_int_equal(lines_with(svc, "Freight"), history); /* one line per case */
  ssvc_invoice_free(svc);
  fixture_now = OCT_10;
  for (int i = 0; i < 2; i++) {
    new_case(f.st, id, "ACME");
    shipment(f.st, id);
  }
  fixture_now = DEC_01;
  long before = sf.calls;
  assert_int_equal(run(&f, &svc, NULL, "ACME", 2026, 11), SSVC_OK);
  long calls = sf.calls - before;
  assert_int_equal(line_at(svc, 1).quantity, 1); /* one freight line per case */
  ssvc_invoice_free(svc);
  ssvc_pricelist_free(f.pl);
  ssvc_catalog_free(f.cat);
  ssvc_store_free(f.st);
  ssvc_ctx_free(f.ctx);
  return calls;
}

static void run_cost_does_not_follow_the_history(void **state) {
  (void)state;
  long one = run_calls_after_history(1), forty = run_calls_after_history(40);
  assert_true(one > 0);
  assert_int_equal(one, forty);
}

/* Faults where the index is read, built and kept: the drivers' store is reached under the
 * library (the backend it wraps) to make it a store written before the index. */
static store_fault_backend_fn below_factory;
static ssvc_storage_backend below;

static int recording_backend(ssvc_ctx *ctx, ssvc_storage_backend *out) {
  int rc = below_factory ? below_factory(ctx, out) : ssvc_storage_memory_backend(ctx, out);
  if (rc == SSVC_OK) below = *out;
  return rc;
}

static void *fx_old_store(ssvc_store *st) {
  struct fstate *s = fx_after_april(st);
  drop_index(&below);
  return s;
}

/* March after April on a store without the index: the charges of 2 March wait (the index gets
 * their cases); May: everything is invoiced (only the marker stays). */
static int op_run_march(ssvc_store *st, void *s) {
  struct fstate *f = s;
  ssvc_invoice_run_spec r = SSVC_INVOICE_RUN_SPEC_INIT;
  r.customer_id = "ACME";
  r.year = 2026;
  r.month = 3;
  r.pricelist = f->pl;
  r.seller = &f->seller;
  ssvc_invoice *svc = NULL;
  int rc = ssvc_invoice_run(st, &svc, NULL, &r);
  assert_true(rc == SSVC_OK ? svc != NULL && lines_with(svc, "SC-") == 0 : svc == NULL);
  ssvc_invoice_free(svc);
  return rc;
}

static int op_charge_again(ssvc_store *st, void *s) {
  (void)s; /* SC-2026-000003 has charges waiting: its entry is there already */
  ssvc_case_charge c = SSVC_CASE_CHARGE_INIT;
  c.kind = SSVC_CHARGE_FREIGHT;
  c.amount_minor = 8900;
  return ssvc_case_add_charge(st, "SC-2026-000003", "agent", &c);
}

static const struct store_op index_ops[] = {
    {"ssvc_invoice_run (store without the index, all invoiced)", fx_old_store, op_run_may,
     fstate_free},
    {"ssvc_invoice_run (store without the index, charges wait)", fx_old_store, op_run_march,
     fstate_free},
    {"ssvc_invoice_run (index built, charges wait)", fx_after_april, op_run_march, fstate_free},
    {"ssvc_case_add_charge (case in the index already)", fx_after_april, op_charge_again,
     fstate_free},
};

static void index_faults(int sqlite) {
  if (sqlite) fresh_sqlite_begin(SSVC_TEST_TMP, "test_invoice_run_index");
  below_factory = store_fault_backend;
  store_fault_backend = recording_backend;
  fault_every_op(index_ops, STORE_OPS_COUNT(index_ops), sqlite ? FAULT_STORAGE : FAULT_BOTH);
  store_fault_backend = below_factory;
  below_factory = NULL;
  if (sqlite) fresh_store_end();
}

static void index_faults_on_memory(void **state) {
  (void)state;
  index_faults(0);
}

static void index_faults_on_sqlite(void **state) {
  (void)state;
  index_faults(1);
}

int main(int argc, char **argv) {
  /* Run as "test_invoice_run ubl": the stored invoices against the UBL 2.1 schema in ../shared
   * (registered as unit.invoice_run.ubl; skipped when the schema is missing). */
  const struct CMUnitTest ubl_tests[] = {
      cmocka_unit_test_setup_teardown(stored_invoices_validate_as_ubl, setup, teardown),
  };
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(prof_400_whole_month, setup, teardown),
      cmocka_unit_test_setup_teardown(dry_run_consumes_nothing, setup, teardown),
      cmocka_unit_test_setup_teardown(credit_notes, setup, teardown),
      cmocka_unit_test_setup_teardown(credit_note_errors, setup, teardown),
      cmocka_unit_test_setup_teardown(month_whose_credits_exceed_its_charges, setup, teardown),
      cmocka_unit_test_setup_teardown(vat_of_the_agreement, setup, teardown),
      cmocka_unit_test_setup_teardown(rent_of_the_swap_stock, setup, teardown),
      cmocka_unit_test_setup_teardown(account_charges_exactly_once, setup, teardown),
      cmocka_unit_test_setup_teardown(account_charge_errors, setup, teardown),
      cmocka_unit_test_setup_teardown(damaged_account_records, setup_raw, teardown),
      cmocka_unit_test_setup_teardown(damaged_invoice_records, setup_raw, teardown),
      cmocka_unit_test_setup_teardown(fleet_change_mid_month, setup, teardown),
      cmocka_unit_test_setup_teardown(fleet_change_before_and_after_month, setup, teardown),
      cmocka_unit_test_setup_teardown(custom_tier_and_own_price, setup, teardown),
      cmocka_unit_test_setup_teardown(price_change_mid_month, setup, teardown),
      cmocka_unit_test_setup_teardown(tier_change_mid_month, setup, teardown),
      cmocka_unit_test_setup_teardown(tier_change_on_the_first, setup, teardown),
      cmocka_unit_test_setup_teardown(own_price_change_mid_month, setup, teardown),
      cmocka_unit_test_setup_teardown(custom_tier_price_change, setup, teardown),
      cmocka_unit_test_setup_teardown(update_from_errors, setup, teardown),
      cmocka_unit_test_setup_teardown(october_shipments_on_november_invoice, setup, teardown),
      cmocka_unit_test_setup_teardown(repair_on_its_own_direct_invoice, setup, teardown),
      cmocka_unit_test_setup_teardown(same_month_twice_gives_the_same_invoice, setup, teardown),
      cmocka_unit_test_setup_teardown(late_charge_goes_on_the_next_invoice, setup, teardown),
      cmocka_unit_test_setup_teardown(no_charge_on_two_invoices, setup, teardown),
      cmocka_unit_test_setup_teardown(nothing_to_invoice, setup, teardown),
      cmocka_unit_test_setup_teardown(inside_a_group, setup, teardown),
      cmocka_unit_test_setup_teardown(errors, setup, teardown),
      cmocka_unit_test(every_storage_call_fails_cleanly),
      cmocka_unit_test(every_allocation_fails_cleanly),
      cmocka_unit_test(storage_faults_on_sqlite),
      cmocka_unit_test(concurrent_runs_on_sqlite),
      cmocka_unit_test_setup_teardown(charge_on_a_case_registered_years_ago, setup, teardown),
      cmocka_unit_test_setup_teardown(backup_phone_rent, setup, teardown),
      cmocka_unit_test_setup_teardown(store_without_the_index_gives_the_same_invoices, setup_raw,
                                      teardown),
      cmocka_unit_test(run_cost_does_not_follow_the_history),
      cmocka_unit_test(index_faults_on_memory),
      cmocka_unit_test(index_faults_on_sqlite),
  };
  int rc;
  if (argc > 1 && strcmp(argv[1], "ubl") == 0) {
    if (!shared_file_present(UBL_XSD, "the UBL 2.1 Invoice schema")) return SKIP_EXIT;
    rc = cmocka_run_group_tests_name("UBL schema", ubl_tests, NULL, NULL);
  } else {
    rc = cmocka_run_group_tests(tests, NULL, NULL);
  }
  xmlCleanupParser();
  return rc;
}
