/* charges: price lists, the prorated monthly fee, invoices, VAT rounding, direct billing and the
 * UBL 2.1 / Peppol BIS 3.0 export validated against the OASIS schemas (rule R8). */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <libxml/parser.h>
#include <libxml/xmlmemory.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <smartservice.h>

#include "fault.h"
#include "shared_files.h"
#include "xml_fault.h"

#ifndef SSVC_SCHEMAS_DIR
#define SSVC_SCHEMAS_DIR "../shared/schemas"
#endif
#define UBL_XSD SSVC_SCHEMAS_DIR "/ubl-2.1/maindoc/UBL-Invoice-2.1.xsd"

static ssvc_date D(int y, int m, int d) {
  ssvc_date x = {y, m, d};
  return x;
}

static ssvc_ctx *ctx_new(void) {
  ssvc_ctx *ctx;
  assert_int_equal(ssvc_ctx_new(&ctx, NULL), SSVC_OK);
  return ctx;
}

/* A context, a catalogue with a custom tier GULD (59.00), a price list. */
struct fx {
  ssvc_ctx *ctx;
  ssvc_catalog *cat;
  ssvc_pricelist *pl;
};

static void fx_open(struct fx *f, ssvc_ctx *ctx) {
  f->ctx = ctx;
  assert_int_equal(ssvc_catalog_new(ctx, &f->cat), SSVC_OK);
  ssvc_tier_spec spec = SSVC_TIER_SPEC_INIT;
  spec.code = "GULD";
  spec.name_sv = "Smartservice Guld";
  spec.name_en = "Smartservice Gold";
  spec.features = SSVC_FEATURE_ALL;
  spec.price_minor = 5900;
  assert_int_equal(ssvc_catalog_add(f->cat, &spec, NULL), SSVC_OK);
  assert_int_equal(ssvc_pricelist_new(ctx, &f->pl, f->cat), SSVC_OK);
}

static void fx_close(struct fx *f) {
  ssvc_pricelist_free(f->pl);
  ssvc_catalog_free(f->cat);
}

static const ssvc_party *seller(void) {
  static ssvc_party p = SSVC_PARTY_INIT;
  p.name = "Smartservice Support Center AB";
  p.org_number = "556000-0001";
  p.vat_number = "SE556000000101";
  p.street = "Supportvägen 1";
  p.postal_code = "111 22";
  p.city = "Stockholm";
  return &p;
}

static const ssvc_party *buyer(void) {
  static ssvc_party p = SSVC_PARTY_INIT;
  p.name = "Kund & Co AB";
  p.org_number = "559000-0005";
  p.city = "Göteborg";
  return &p;
}

static ssvc_invoice_info info_for(const char *number, int direct) {
  ssvc_invoice_info i = SSVC_INVOICE_INFO_INIT;
  i.number = number;
  i.issue_date = D(2026, 12, 1);
  i.due_date = D(2026, 12, 31);
  i.period_start = D(2026, 11, 1);
  i.period_end = D(2026, 11, 30);
  i.seller = seller();
  i.buyer = buyer();
  i.direct = direct;
  return i;
}

static ssvc_invoice *invoice_new(ssvc_ctx *ctx, const char *number, int direct) {
  ssvc_invoice_info i = info_for(number, direct);
  ssvc_invoice *inv = NULL;
  int rc = ssvc_invoice_new(ctx, &inv, &i);
  if (rc) fail_msg("%s", ssvc_ctx_errmsg(ctx));
  return inv;
}

static ssvc_month_input month_in(const char *tier, int y, int m, const ssvc_user_count *u,
                                 size_t n) {
  ssvc_month_input in = SSVC_MONTH_INPUT_INIT;
  in.tier = tier;
  in.year = y;
  in.month = m;
  in.users = u;
  in.user_changes = n;
  return in;
}

static int64_t fee(struct fx *f, const ssvc_month_input *in) {
  int64_t out = -1;
  int rc = ssvc_charges_fee(f->pl, &out, in);
  if (rc) fail_msg("%s", ssvc_ctx_errmsg(f->ctx));
  return out;
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

/* The error message of the last call contains @p part. */
static void err_has(ssvc_ctx *ctx, const char *part) {
  if (!strstr(ssvc_ctx_errmsg(ctx), part))
    fail_msg("message '%s' lacks '%s'", ssvc_ctx_errmsg(ctx), part);
}

static char *ubl_of(const ssvc_invoice *inv, size_t *len_out);
static void check_ubl(const char *xml, size_t len, const ssvc_invoice *inv);

/* ---- charge kinds ---- */

static void charge_kinds(void **state) {
  (void)state;
  assert_string_equal(ssvc_charge_kind_key(SSVC_CHARGE_MONTHLY_FEE), "monthly-fee");
  assert_string_equal(ssvc_charge_kind_key(SSVC_CHARGE_UNRETURNED), "unreturned");
  assert_string_equal(ssvc_charge_kind_key(SSVC_CHARGE_STOCK_CHANGE), "stock-change");
  assert_string_equal(ssvc_charge_kind_name(SSVC_CHARGE_STOCK_CHANGE, SSVC_LANG_SV),
                      "Ändring av SWAP-lager");
  assert_string_equal(ssvc_charge_kind_name(SSVC_CHARGE_STOCK_CHANGE, SSVC_LANG_EN),
                      "SWAP stock change");
  assert_null(ssvc_charge_kind_key(SSVC_CHARGE_KIND_COUNT));
  assert_null(ssvc_charge_kind_key(-1));
  assert_string_equal(ssvc_charge_kind_name(SSVC_CHARGE_FREIGHT, SSVC_LANG_SV), "Frakt");
  assert_string_equal(ssvc_charge_kind_name(SSVC_CHARGE_BACKUP_PHONE, SSVC_LANG_EN),
                      "Backup phone");
  assert_null(ssvc_charge_kind_name(SSVC_CHARGE_FREIGHT, 2));
  assert_null(ssvc_charge_kind_name(99, SSVC_LANG_SV));
  for (int k = 0; k < SSVC_CHARGE_KIND_COUNT; k++) {
    assert_non_null(ssvc_charge_kind_key(k));
    assert_int_equal(ssvc_charge_kind_is_direct(k),
                     k == SSVC_CHARGE_REPAIR || k == SSVC_CHARGE_COST_ESTIMATE);
  }
  assert_int_equal(ssvc_charge_kind_is_direct(-1), 0);
}

/* ---- price list ---- */

static int64_t lookup(struct fx *f, const char *agreement, const char *tier, ssvc_date d) {
  int64_t out = -1;
  int rc = ssvc_pricelist_lookup(f->pl, &out, agreement, tier, d);
  if (rc) fail_msg("%s", ssvc_ctx_errmsg(f->ctx));
  return out;
}

static void pricelist_defaults_come_from_the_catalogue(void **state) {
  (void)state;
  struct fx f;
  fx_open(&f, ctx_new());
  const ssvc_tier *bas, *prof;
  assert_int_equal(ssvc_catalog_find(f.cat, "BAS", &bas), SSVC_OK);
  assert_int_equal(ssvc_catalog_find(f.cat, "PROF", &prof), SSVC_OK);
  assert_int_equal(lookup(&f, NULL, "BAS", D(2026, 1, 1)), ssvc_tier_price(bas));
  assert_int_equal(lookup(&f, NULL, "bas", D(2026, 1, 1)), 1900);
  assert_int_equal(lookup(&f, "A-1", "PROF", D(1, 1, 1)), ssvc_tier_price(prof));
  assert_int_equal(lookup(&f, NULL, "PROF", D(9999, 12, 31)), 3900);
  assert_int_equal(lookup(&f, NULL, "GULD", D(2026, 1, 1)), 5900); /* a custom tier */
  int64_t amt = -1;
  assert_int_equal(ssvc_pricelist_shipment(f.pl, &amt, NULL, SSVC_CHARGE_FREIGHT, D(2026, 1, 1)),
                   SSVC_OK);
  assert_int_equal(amt, SSVC_FREIGHT_DEFAULT_MINOR);
  assert_int_equal(ssvc_pricelist_shipment(f.pl, &amt, "A", SSVC_CHARGE_PACKAGING, D(2026, 1, 1)),
                   SSVC_OK);
  assert_int_equal(amt, SSVC_PACKAGING_DEFAULT_MINOR);
  fx_close(&f);
  ssvc_ctx_free(f.ctx);
}

static void pricelist_dates_and_overrides(void **state) {
  (void)state;
  struct fx f;
  fx_open(&f, ctx_new());
  assert_int_equal(ssvc_pricelist_add_price(f.pl, "PROF", D(2027, 1, 1), 4200), SSVC_OK);
  assert_int_equal(ssvc_pricelist_add_price(f.pl, "prof", D(2026, 7, 1), 4000), SSVC_OK);
  assert_int_equal(ssvc_pricelist_add_override(f.pl, "A-1", "PROF", D(2026, 9, 15), 3500),
                   SSVC_OK);
  assert_int_equal(lookup(&f, NULL, "PROF", D(2026, 6, 30)), 3900);
  assert_int_equal(lookup(&f, NULL, "PROF", D(2026, 7, 1)), 4000); /* on its date */
  assert_int_equal(lookup(&f, NULL, "PROF", D(2026, 12, 31)), 4000);
  assert_int_equal(lookup(&f, NULL, "PROF", D(2027, 1, 1)), 4200);
  assert_int_equal(lookup(&f, "A-1", "PROF", D(2026, 9, 14)), 4000); /* list price until then */
  assert_int_equal(lookup(&f, "A-1", "PROF", D(2026, 9, 15)), 3500);
  assert_int_equal(lookup(&f, "A-1", "PROF", D(2027, 3, 1)), 3500); /* the override wins */
  assert_int_equal(lookup(&f, "A-2", "PROF", D(2027, 3, 1)), 4200);
  assert_int_equal(lookup(&f, "A-1", "BAS", D(2027, 3, 1)), 1900);
  /* Same date again replaces. */
  assert_int_equal(ssvc_pricelist_add_price(f.pl, "PROF", D(2026, 7, 1), 4100), SSVC_OK);
  assert_int_equal(lookup(&f, NULL, "PROF", D(2026, 8, 1)), 4100);
  assert_int_equal(ssvc_pricelist_add_override(f.pl, "A-1", "PROF", D(2026, 9, 15), 3400),
                   SSVC_OK);
  assert_int_equal(lookup(&f, "A-1", "PROF", D(2026, 9, 15)), 3400);
  /* Shipment amounts, list and per agreement. */
  int64_t amt;
  assert_int_equal(ssvc_pricelist_add_shipment(f.pl, NULL, SSVC_CHARGE_FREIGHT, D(2026, 1, 1), 9900),
                   SSVC_OK);
  assert_int_equal(ssvc_pricelist_add_shipment(f.pl, "A-1", SSVC_CHARGE_FREIGHT, D(2026, 6, 1), 0),
                   SSVC_OK);
  ssvc_pricelist_shipment(f.pl, &amt, "A-1", SSVC_CHARGE_FREIGHT, D(2026, 5, 31));
  assert_int_equal(amt, 9900);
  ssvc_pricelist_shipment(f.pl, &amt, "A-1", SSVC_CHARGE_FREIGHT, D(2026, 6, 1));
  assert_int_equal(amt, 0);
  ssvc_pricelist_shipment(f.pl, &amt, NULL, SSVC_CHARGE_FREIGHT, D(2025, 12, 31));
  assert_int_equal(amt, SSVC_FREIGHT_DEFAULT_MINOR);
  fx_close(&f);
  ssvc_ctx_free(f.ctx);
}

static void pricelist_errors(void **state) {
  (void)state;
  struct fx f;
  ssvc_ctx *ctx = ctx_new();
  fx_open(&f, ctx);
  ssvc_pricelist *pl = (ssvc_pricelist *)1;
  assert_int_equal(ssvc_pricelist_new(NULL, &pl, f.cat), SSVC_EINVAL);
  assert_null(pl);
  assert_int_equal(ssvc_pricelist_new(ctx, NULL, f.cat), SSVC_EINVAL);
  err_has(ctx, "ssvc_pricelist_new: out must not be NULL");
  assert_int_equal(ssvc_pricelist_new(ctx, &pl, NULL), SSVC_EINVAL);
  err_has(ctx, "catalog must not be NULL");
  ssvc_pricelist_free(NULL);

  assert_int_equal(ssvc_pricelist_add_price(NULL, "BAS", D(2026, 1, 1), 1), SSVC_EINVAL);
  assert_int_equal(ssvc_pricelist_add_price(f.pl, NULL, D(2026, 1, 1), 1), SSVC_EINVAL);
  err_has(ctx, "ssvc_pricelist_add_price: tier must not be NULL");
  assert_int_equal(ssvc_pricelist_add_price(f.pl, "NOPE", D(2026, 1, 1), 1), SSVC_ENOTFOUND);
  err_has(ctx, "no tier 'NOPE'");
  assert_int_equal(ssvc_pricelist_add_price(f.pl, "BAS", D(2026, 2, 29), 1), SSVC_EINVAL);
  err_has(ctx, "from is not a valid date (got 2026-2-29)");
  assert_int_equal(ssvc_pricelist_add_price(f.pl, "BAS", D(2026, 1, 1), -1), SSVC_EINVAL);
  err_has(ctx, "amount_minor must be 0..10^12 (got -1)");
  assert_int_equal(ssvc_pricelist_add_price(f.pl, "BAS", D(2026, 1, 1), INT64_C(1000000000001)),
                   SSVC_EINVAL);
  assert_int_equal(ssvc_pricelist_add_override(NULL, "A", "BAS", D(2026, 1, 1), 1), SSVC_EINVAL);
  assert_int_equal(ssvc_pricelist_add_override(f.pl, NULL, "BAS", D(2026, 1, 1), 1), SSVC_EINVAL);
  err_has(ctx, "agreement must not be NULL");
  assert_int_equal(ssvc_pricelist_add_override(f.pl, "A", NULL, D(2026, 1, 1), 1), SSVC_EINVAL);
  err_has(ctx, "ssvc_pricelist_add_override: tier must not be NULL");
  assert_int_equal(ssvc_pricelist_add_override(f.pl, "", "BAS", D(2026, 1, 1), 1), SSVC_EINVAL);
  err_has(ctx, "ssvc_pricelist_add_override: agreement: must not be empty");
  assert_int_equal(ssvc_pricelist_add_override(f.pl, "a\x01", "BAS", D(2026, 1, 1), 1), SSVC_EINVAL);
  assert_int_equal(ssvc_pricelist_add_shipment(NULL, NULL, SSVC_CHARGE_FREIGHT, D(2026, 1, 1), 1),
                   SSVC_EINVAL);
  assert_int_equal(ssvc_pricelist_add_shipment(f.pl, NULL, SSVC_CHARGE_REPAIR, D(2026, 1, 1), 1),
                   SSVC_EINVAL);
  err_has(ctx, "kind must be SSVC_CHARGE_FREIGHT or SSVC_CHARGE_PACKAGING (got 6)");
  assert_int_equal(ssvc_pricelist_add_shipment(f.pl, NULL, SSVC_CHARGE_FREIGHT, D(2026, 13, 1), 1),
                   SSVC_EINVAL);
  /* Nothing above changed the price list. */
  assert_int_equal(lookup(&f, "A", "BAS", D(2026, 6, 1)), 1900);

  int64_t out = 77;
  assert_int_equal(ssvc_pricelist_lookup(NULL, &out, NULL, "BAS", D(2026, 1, 1)), SSVC_EINVAL);
  assert_int_equal(ssvc_pricelist_lookup(f.pl, NULL, NULL, "BAS", D(2026, 1, 1)), SSVC_EINVAL);
  err_has(ctx, "ssvc_pricelist_lookup: out must not be NULL");
  assert_int_equal(ssvc_pricelist_lookup(f.pl, &out, NULL, NULL, D(2026, 1, 1)), SSVC_EINVAL);
  err_has(ctx, "tier must not be NULL");
  assert_int_equal(ssvc_pricelist_lookup(f.pl, &out, NULL, "BAS", D(2026, 0, 1)), SSVC_EINVAL);
  err_has(ctx, "date is not a valid date (got 2026-0-1)");
  assert_int_equal(ssvc_pricelist_lookup(f.pl, &out, NULL, "X", D(2026, 1, 1)), SSVC_ENOTFOUND);
  err_has(ctx, "ssvc_pricelist_lookup: no tier 'X' in the catalogue");
  assert_int_equal(out, 77);
  assert_int_equal(ssvc_pricelist_shipment(NULL, &out, NULL, SSVC_CHARGE_FREIGHT, D(2026, 1, 1)),
                   SSVC_EINVAL);
  assert_int_equal(ssvc_pricelist_shipment(f.pl, NULL, NULL, SSVC_CHARGE_FREIGHT, D(2026, 1, 1)),
                   SSVC_EINVAL);
  err_has(ctx, "ssvc_pricelist_shipment: out must not be NULL");
  assert_int_equal(ssvc_pricelist_shipment(f.pl, &out, NULL, SSVC_CHARGE_MONTHLY_FEE, D(2026, 1, 1)),
                   SSVC_EINVAL);
  assert_int_equal(ssvc_pricelist_shipment(f.pl, &out, NULL, SSVC_CHARGE_FREIGHT, D(2026, 4, 31)),
                   SSVC_EINVAL);
  err_has(ctx, "date is not a valid date");
  assert_int_equal(out, 77);
  fx_close(&f);
  ssvc_ctx_free(ctx);
}

/* ---- the monthly fee ---- */

static void fee_400_prof_whole_month(void **state) {
  (void)state;
  struct fx f;
  fx_open(&f, ctx_new());
  ssvc_user_count u = {D(2026, 10, 15), 400}; /* counted before the month: holds all month */
  ssvc_month_input in = month_in("PROF", 2026, 11, &u, 1);
  assert_int_equal(fee(&f, &in), 1560000); /* 15 600.00 SEK */
  char b[32];
  ssvc_money_format(b, sizeof b, fee(&f, &in), "SEK");
  assert_string_equal(b, "15600.00 SEK");
  /* On an invoice: one line of 400 users at 39.00, VAT 25% = 3 900.00. */
  ssvc_invoice *inv = invoice_new(f.ctx, "F-1", 0);
  assert_int_equal(ssvc_charges_month(f.pl, inv, NULL, &in), SSVC_OK);
  assert_int_equal(ssvc_invoice_line_count(inv), 1);
  ssvc_invoice_line l = line_at(inv, 0);
  assert_int_equal(l.kind, SSVC_CHARGE_MONTHLY_FEE);
  assert_int_equal(l.quantity, 400);
  assert_int_equal(l.base_quantity, 1);
  assert_string_equal(l.unit_code, "C62");
  assert_int_equal(l.unit_price_minor, 3900);
  assert_int_equal(l.net_minor, 1560000);
  assert_int_equal(l.vat_minor, 390000);
  assert_string_equal(l.text_sv, "Smartservice PROF, 400 användare, 2026-11-01 – 2026-11-30");
  ssvc_invoice_totals t = totals(inv);
  assert_int_equal(t.line_extension, 1560000);
  assert_int_equal(t.tax, 390000);
  assert_int_equal(t.payable, 1950000);
  /* 31-day month and February too: a whole month is the whole price. */
  in.month = 12;
  assert_int_equal(fee(&f, &in), 1560000);
  in.year = 2028, in.month = 2;
  assert_int_equal(fee(&f, &in), 1560000);
  ssvc_invoice_free(inv);
  fx_close(&f);
  ssvc_ctx_free(f.ctx);
}

static void fee_custom_tier_and_override(void **state) {
  (void)state;
  struct fx f;
  fx_open(&f, ctx_new());
  ssvc_user_count u = {D(2026, 11, 1), 120};
  ssvc_month_input in = month_in("guld", 2026, 11, &u, 1);
  assert_int_equal(fee(&f, &in), 120 * 5900);
  assert_int_equal(ssvc_pricelist_add_override(f.pl, "K-7", "GULD", D(2026, 1, 1), 5000), SSVC_OK);
  in.agreement = "K-7";
  assert_int_equal(fee(&f, &in), 120 * 5000);
  in.agreement = "K-8";
  assert_int_equal(fee(&f, &in), 120 * 5900);
  fx_close(&f);
  ssvc_ctx_free(f.ctx);
}

static void fee_price_change_mid_month(void **state) {
  (void)state;
  struct fx f;
  fx_open(&f, ctx_new());
  assert_int_equal(ssvc_pricelist_add_price(f.pl, "PROF", D(2026, 11, 16), 4500), SSVC_OK);
  ssvc_user_count u = {D(2026, 1, 1), 400};
  ssvc_month_input in = month_in("PROF", 2026, 11, &u, 1);
  /* 15 days at 39.00 and 15 days at 45.00: 7 800.00 + 9 000.00. */
  assert_int_equal(fee(&f, &in), 780000 + 900000);
  ssvc_invoice *inv = invoice_new(f.ctx, "F-2", 0);
  assert_int_equal(ssvc_charges_month(f.pl, inv, NULL, &in), SSVC_OK);
  assert_int_equal(ssvc_invoice_line_count(inv), 2);
  ssvc_invoice_line a = line_at(inv, 0), b = line_at(inv, 1);
  assert_int_equal(a.quantity, 400 * 15);
  assert_int_equal(a.base_quantity, 30);
  assert_string_equal(a.unit_code, "DAY");
  assert_int_equal(a.unit_price_minor, 3900);
  assert_int_equal(a.net_minor, 780000);
  assert_string_equal(a.text_en, "Smartservice PROF, 400 users, 2026-11-01 – 2026-11-15");
  assert_int_equal(b.unit_price_minor, 4500);
  assert_int_equal(b.net_minor, 900000);
  assert_string_equal(b.text_en, "Smartservice PROF, 400 users, 2026-11-16 – 2026-11-30");
  /* A change on the first day is a whole month at the new price. */
  in.month = 12;
  assert_int_equal(fee(&f, &in), 400 * 4500);
  ssvc_invoice_free(inv);
  fx_close(&f);
  ssvc_ctx_free(f.ctx);
}

/* The version-1 buffer below is deliberately shorter than the current struct, which GCC's
 * -Warray-bounds sees through the struct pointer; only version-1 fields are touched. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Warray-bounds"
#endif
/* Tier and price terms (ssvc_month_input version 2): a segment is a run of days with the same
 * users, tier and price; the price list's override for the agreement comes before the terms'
 * own price, which comes before the list price; a version-1 caller is at in->tier all month. */
static void fee_tier_change_mid_month(void **state) {
  (void)state;
  struct fx f;
  fx_open(&f, ctx_new());
  ssvc_user_count u = {D(2026, 1, 1), 125};
  ssvc_fee_terms t[2] = {{D(2026, 10, 1), "BAS", 2300, -1}, {D(2026, 11, 16), "prof", -1, -1}};
  ssvc_month_input in = month_in("PROF", 2026, 11, &u, 1);
  in.agreement = "ACME";
  in.terms = t;
  in.term_count = 2;
  /* 125 x 15/30 x 23.00 + 125 x 15/30 x 39.00 = 1437.50 + 2437.50 */
  assert_int_equal(fee(&f, &in), 387500);
  ssvc_invoice *inv = invoice_new(f.ctx, "T-1", 0);
  assert_int_equal(ssvc_charges_month(f.pl, inv, NULL, &in), SSVC_OK);
  assert_int_equal(ssvc_invoice_line_count(inv), 2);
  assert_string_equal(line_at(inv, 0).text_en,
                      "Smartservice BAS, 125 users, 2026-11-01 – 2026-11-15");
  assert_string_equal(line_at(inv, 1).text_sv,
                      "Smartservice PROF, 125 användare, 2026-11-16 – 2026-11-30");
  ssvc_invoice_free(inv);
  /* The price list's own override for the agreement wins over the terms' price from its date. */
  assert_int_equal(ssvc_pricelist_add_override(f.pl, "ACME", "BAS", D(2026, 11, 11), 2000),
                   SSVC_OK);
  /* 125 x 10/30 x 23.00 = 958.333 and 125 x 5/30 x 20.00 = 416.666, each line rounded */
  assert_int_equal(fee(&f, &in), 95833 + 41667 + 243750);
  /* Terms beginning mid-month: the days before are at in->tier with the price list's prices
   * (BAS 19.00, the override 20.00 from the 11th), then PROF at the terms' 30.00. */
  in.terms = &t[1];
  in.term_count = 1;
  in.tier = "BAS";
  t[1].user_price_minor = 3000;
  assert_int_equal(fee(&f, &in), 79167 + 41667 + 187500);
  /* A version-1 caller has no terms: PROF (in->tier) all month. */
  in.version = 1;
  in.tier = "PROF";
  assert_int_equal(fee(&f, &in), 125 * 3900);
  /* A buffer of exactly version 1's size: nothing reads or writes past it (ASan sees it). */
  ssvc_month_input *v1 = malloc(offsetof(ssvc_month_input, terms));
  assert_int_equal(ssvc_month_input_init(v1, 1), SSVC_OK);
  assert_int_equal(v1->vat_basis_points, 2500);
  v1->tier = "PROF";
  v1->year = 2026;
  v1->month = 11;
  v1->users = &u;
  v1->user_changes = 1;
  assert_int_equal(fee(&f, v1), 125 * 3900);
  assert_int_equal(ssvc_month_input_init(v1, 3), SSVC_EVERSION);
  free(v1);
  fx_close(&f);
  ssvc_ctx_free(f.ctx);
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

static void fee_user_count_change_mid_month(void **state) {
  (void)state;
  struct fx f;
  fx_open(&f, ctx_new());
  ssvc_user_count u[3] = {{D(2026, 9, 1), 400}, {D(2026, 11, 11), 410}, {D(2026, 12, 1), 5}};
  ssvc_month_input in = month_in("PROF", 2026, 11, u, 3);
  /* 10 days with 400 users, 20 days with 410: 400*10*39/30 + 410*20*39/30. */
  assert_int_equal(fee(&f, &in), 520000 + 1066000);
  /* The rounding: one line, half up once per line. 31 days, 1 user for 1 day at 19.00:
   * 1900/31 = 61.29 öre -> 61. */
  ssvc_user_count v[2] = {{D(2026, 12, 31), 1}, {D(2027, 1, 1), 0}};
  in = month_in("BAS", 2026, 12, v, 2);
  assert_int_equal(fee(&f, &in), 61);
  /* Exactly half an öre rounds up: 3 öre a month, 1 user for 5 of 30 days = 0.5 öre. */
  assert_int_equal(ssvc_pricelist_add_price(f.pl, "BAS", D(2026, 1, 1), 3), SSVC_OK);
  ssvc_user_count w[2] = {{D(2026, 11, 1), 1}, {D(2026, 11, 6), 0}};
  in = month_in("BAS", 2026, 11, w, 2);
  assert_int_equal(fee(&f, &in), 1);
  /* Users counted from mid-month only (none before): no line for the days without users. */
  ssvc_user_count x[1] = {{D(2026, 11, 21), 30}};
  in = month_in("PROF", 2026, 11, x, 1);
  assert_int_equal(fee(&f, &in), 30 * 10 * 3900 / 30);
  ssvc_invoice *inv = invoice_new(f.ctx, "F-3", 0);
  assert_int_equal(ssvc_charges_month(f.pl, inv, NULL, &in), SSVC_OK);
  assert_int_equal(ssvc_invoice_line_count(inv), 1);
  assert_int_equal(line_at(inv, 0).quantity, 300);
  /* No users at all: no line. */
  ssvc_user_count z = {D(2026, 1, 1), 0};
  in = month_in("PROF", 2026, 11, &z, 1);
  assert_int_equal(fee(&f, &in), 0);
  assert_int_equal(ssvc_charges_month(f.pl, inv, NULL, &in), SSVC_OK);
  assert_int_equal(ssvc_invoice_line_count(inv), 1);
  ssvc_invoice_free(inv);
  fx_close(&f);
  ssvc_ctx_free(f.ctx);
}

/* ---- invoices, VAT ---- */

static int add_line(ssvc_invoice *inv, int64_t qty, int64_t price, uint32_t bp) {
  ssvc_invoice_line l = SSVC_INVOICE_LINE_INIT;
  l.kind = SSVC_CHARGE_BACKUP_PHONE;
  l.text_sv = "Reservtelefon";
  l.quantity = qty;
  l.unit_price_minor = price;
  l.vat_basis_points = bp;
  return ssvc_invoice_add_line(inv, &l);
}

static void vat_is_per_rate_on_the_sum(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  ssvc_invoice *inv = invoice_new(ctx, "V-1", 0);
  /* Three lines of 0.02 at 25%: each line's VAT 0.005 rounds up to 0.01 (0.03 in all), but the
   * VAT of the category is 0.06 x 25% = 0.015 -> 0.02, and that is the invoice's VAT. */
  for (int i = 0; i < 3; i++) assert_int_equal(add_line(inv, 1, 2, 2500), SSVC_OK);
  ssvc_invoice_totals t = totals(inv);
  assert_int_equal(line_at(inv, 0).vat_minor, 1);
  assert_int_equal(t.line_vat_sum, 3);
  assert_int_equal(t.tax, 2);
  assert_int_equal(t.tax_inclusive, 8);
  /* Several rates: each has its own subtotal; 0.04 x 25% = 0.01 exact. */
  assert_int_equal(add_line(inv, 7, 333, 1200), SSVC_OK); /* 23.31 x 12% = 2.7972 -> 2.80 */
  assert_int_equal(add_line(inv, 1, 1050, 600), SSVC_OK); /* 10.50 x 6% = 0.63 */
  assert_int_equal(add_line(inv, 3, 1000, 0), SSVC_OK);   /* 0% */
  t = totals(inv);
  assert_int_equal(t.vat_categories, 4);
  assert_int_equal(t.line_extension, 6 + 2331 + 1050 + 3000);
  assert_int_equal(t.tax, 2 + 280 + 63 + 0);
  assert_int_equal(t.payable, t.line_extension + t.tax);
  /* Half up on the category: 0.10 at 25% = 0.025 -> 0.03. */
  ssvc_invoice *h = invoice_new(ctx, "V-2", 0);
  assert_int_equal(add_line(h, 5, 2, 2500), SSVC_OK);
  assert_int_equal(totals(h).tax, 3);
  /* Base quantity: 7 user-days at 39.00 per 31 = 8.806.. -> 8.81. */
  ssvc_invoice_line l = SSVC_INVOICE_LINE_INIT;
  l.text_sv = "x";
  l.quantity = 7;
  l.base_quantity = 31;
  l.unit_price_minor = 3900;
  assert_int_equal(ssvc_invoice_add_line(h, &l), SSVC_OK);
  assert_int_equal(line_at(h, 1).net_minor, 881);
  ssvc_invoice_free(h);
  ssvc_invoice_free(inv);
  ssvc_ctx_free(ctx);
}

static void credits_mirror_charges(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  ssvc_invoice *inv = invoice_new(ctx, "C-1", 0);
  /* A charge and its credit: every amount mirrored, the sums zero. 0.02 at 25% has VAT 0.005,
   * rounded to 0.01 and -0.01 (half away from zero). */
  assert_int_equal(add_line(inv, 1, 2, 2500), SSVC_OK);
  assert_int_equal(add_line(inv, -1, 2, 2500), SSVC_OK);
  assert_int_equal(line_at(inv, 0).vat_minor, 1);
  assert_int_equal(line_at(inv, 1).net_minor, -2);
  assert_int_equal(line_at(inv, 1).vat_minor, -1);
  ssvc_invoice_line l = SSVC_INVOICE_LINE_INIT;
  l.text_sv = "Kreditering, 7 användardagar";
  l.quantity = -7;
  l.base_quantity = 31;
  l.unit_code = "DAY";
  l.unit_price_minor = 3900;
  assert_int_equal(ssvc_invoice_add_line(inv, &l), SSVC_OK);
  assert_int_equal(line_at(inv, 2).net_minor, -881); /* -880.6 */
  l.quantity = 7;
  assert_int_equal(ssvc_invoice_add_line(inv, &l), SSVC_OK);
  assert_int_equal(line_at(inv, 3).net_minor, 881);
  ssvc_invoice_totals t = totals(inv);
  assert_int_equal(t.line_extension, 0);
  assert_int_equal(t.tax, 0);
  assert_int_equal(t.line_vat_sum, 0);
  /* A credit larger than the charges: the totals go negative, the category VAT too. */
  assert_int_equal(add_line(inv, -3, 2, 2500), SSVC_OK); /* -0.06 x 25% = -0.015 -> -0.02 */
  t = totals(inv);
  assert_int_equal(t.line_extension, -6);
  assert_int_equal(t.tax, -2);
  assert_int_equal(t.payable, -8);
  size_t len;
  char *xml = ubl_of(inv, &len);
  check_ubl(xml, len, inv);
  assert_non_null(strstr(xml, "<cbc:InvoicedQuantity unitCode=\"DAY\">-7</cbc:InvoicedQuantity>"));
  assert_non_null(strstr(xml, "<cbc:PayableAmount currencyID=\"SEK\">-0.08</cbc:PayableAmount>"));
  free(xml);
  /* The magnitude of every line counts towards the bound, not the net sum. */
  ssvc_invoice *big = invoice_new(ctx, "C-2", 0);
  assert_int_equal(add_line(big, INT64_C(1000000), INT64_C(1000000000000), 0), SSVC_OK);
  assert_int_equal(add_line(big, INT64_C(-1000000), INT64_C(1000000000000), 0), SSVC_OK);
  assert_int_equal(add_line(big, INT64_C(-1000000), INT64_C(1000000000000), 0), SSVC_ERANGE);
  assert_int_equal(totals(big).line_extension, 0);
  ssvc_invoice_free(big);
  /* A refunded repair on the direct invoice, through the month. */
  struct fx f;
  fx_open(&f, ctx);
  ssvc_invoice *svc = invoice_new(ctx, "S-1", 0), *dir = invoice_new(ctx, "D-1", 1);
  ssvc_user_count u = {D(2026, 1, 1), 10};
  ssvc_month_input in = month_in("BAS", 2026, 11, &u, 1);
  ssvc_charge c = SSVC_CHARGE_INIT;
  c.kind = SSVC_CHARGE_REPAIR, c.quantity = -1, c.unit_price_minor = 50000, c.date = D(2026, 11, 3);
  c.text_sv = "Återbetalning, reparation";
  in.charges = &c;
  in.charge_count = 1;
  assert_int_equal(ssvc_charges_month(f.pl, svc, dir, &in), SSVC_OK);
  assert_int_equal(totals(dir).payable, -62500);
  fx_close(&f);
  ssvc_invoice_free(svc);
  ssvc_invoice_free(dir);
  ssvc_invoice_free(inv);
  ssvc_ctx_free(ctx);
}

static void month_with_shipments_and_charges(void **state) {
  (void)state;
  struct fx f;
  fx_open(&f, ctx_new());
  assert_int_equal(
      ssvc_pricelist_add_shipment(f.pl, "K-1", SSVC_CHARGE_PACKAGING, D(2026, 10, 31), 3000),
      SSVC_OK);
  /* Freight changes on Nov 1: October's shipments are priced at October's end. */
  assert_int_equal(ssvc_pricelist_add_shipment(f.pl, NULL, SSVC_CHARGE_FREIGHT, D(2026, 11, 1), 9900),
                   SSVC_OK);
  ssvc_user_count u = {D(2026, 1, 1), 400};
  ssvc_month_input in = month_in("BAS", 2026, 11, &u, 1);
  in.agreement = "K-1";
  in.shipments = 32;
  ssvc_charge c[4];
  for (int i = 0; i < 4; i++) ssvc_charge_init(&c[i], SSVC_CHARGE_VERSION);
  c[0].kind = SSVC_CHARGE_REPAIR, c[0].quantity = 1, c[0].unit_price_minor = 125000;
  c[0].text_sv = "Reparation, skärm";
  c[0].date = D(2026, 11, 3);
  c[1].kind = SSVC_CHARGE_SWAP_RENTAL, c[1].quantity = 32, c[1].unit_price_minor = 4900;
  c[1].date = D(2026, 11, 1);
  c[2].kind = SSVC_CHARGE_COST_ESTIMATE, c[2].quantity = 1, c[2].unit_price_minor = 30000;
  c[2].date = D(2026, 11, 9);
  c[3].kind = SSVC_CHARGE_UNRETURNED, c[3].quantity = 1, c[3].unit_price_minor = 450000;
  c[3].date = D(2026, 11, 20);
  in.charges = c;
  in.charge_count = 4;
  ssvc_invoice *svc = invoice_new(f.ctx, "S-1", 0), *dir = invoice_new(f.ctx, "D-1", 1);
  /* Direct-billed charges need a direct invoice: refused, nothing changes. */
  assert_int_equal(ssvc_charges_month(f.pl, svc, NULL, &in), SSVC_EINVAL);
  err_has(f.ctx, "direct must not be NULL: in->charges has 2 direct-billed charge(s)");
  assert_int_equal(ssvc_invoice_line_count(svc), 0);
  assert_int_equal(ssvc_charges_month(f.pl, svc, dir, &in), SSVC_OK);
  /* Service: fee, freight, packaging, rental, unreturned phone. */
  assert_int_equal(ssvc_invoice_line_count(svc), 5);
  assert_int_equal(line_at(svc, 0).net_minor, 400 * 1900);
  ssvc_invoice_line fr = line_at(svc, 1), pk = line_at(svc, 2);
  assert_int_equal(fr.kind, SSVC_CHARGE_FREIGHT);
  assert_int_equal(fr.quantity, 32);
  assert_int_equal(fr.unit_price_minor, SSVC_FREIGHT_DEFAULT_MINOR);
  assert_string_equal(fr.text_sv, "Frakt, försändelser 2026-10");
  assert_int_equal(pk.kind, SSVC_CHARGE_PACKAGING);
  assert_int_equal(pk.unit_price_minor, 3000);
  assert_int_equal(line_at(svc, 3).kind, SSVC_CHARGE_SWAP_RENTAL);
  assert_string_equal(line_at(svc, 3).text_sv, "SWAP-telefon, hyra");
  assert_int_equal(line_at(svc, 4).kind, SSVC_CHARGE_UNRETURNED);
  /* Direct: the repair and the estimate, on their own invoice. */
  assert_int_equal(ssvc_invoice_is_direct(dir), 1);
  assert_int_equal(ssvc_invoice_is_direct(svc), 0);
  assert_int_equal(ssvc_invoice_line_count(dir), 2);
  assert_string_equal(line_at(dir, 0).text_sv, "Reparation, skärm");
  assert_string_equal(line_at(dir, 0).text_en, "Repair outside warranty");
  assert_int_equal(line_at(dir, 1).kind, SSVC_CHARGE_COST_ESTIMATE);
  assert_int_equal(totals(dir).line_extension, 155000);
  assert_int_equal(totals(dir).tax, 38750);
  /* January's shipments come from December of the year before. */
  ssvc_month_input jan = month_in("BAS", 2027, 1, &u, 1);
  jan.shipments = 1;
  ssvc_invoice *j = invoice_new(f.ctx, "S-2", 0);
  assert_int_equal(ssvc_charges_month(f.pl, j, NULL, &jan), SSVC_OK);
  assert_string_equal(line_at(j, 1).text_en, "Freight, shipments 2026-12");
  assert_int_equal(line_at(j, 1).unit_price_minor, 9900);
  ssvc_invoice_free(j);
  ssvc_invoice_free(svc);
  ssvc_invoice_free(dir);
  fx_close(&f);
  ssvc_ctx_free(f.ctx);
}

/* ---- UBL ---- */

static xmlSchemaPtr schema; /* parsed once per process: it is large */

static char *ubl_of(const ssvc_invoice *inv, size_t *len_out) {
  size_t len = 0;
  assert_int_equal(ssvc_invoice_ubl(inv, NULL, 0, &len), SSVC_OK);
  char *buf = malloc(len + 1);
  size_t len2 = 0;
  assert_int_equal(ssvc_invoice_ubl(inv, buf, len + 1, &len2), SSVC_OK);
  assert_int_equal(len, len2);
  assert_int_equal(strlen(buf), len);
  if (len_out) *len_out = len;
  return buf;
}

/* "-12.34" -> -1234: an optional minus, units, a point and exactly two decimals. */
static int64_t parse_amount(const char *s) {
  int neg = *s == '-';
  long long units = 0;
  unsigned cents = 0;
  char tail = 0;
  if (sscanf(s + neg, "%lld.%2u%c", &units, &cents, &tail) != 2 || units < 0 ||
      strlen(strchr(s, '.')) != 3)
    fail_msg("bad amount '%s'", s);
  int64_t v = units * 100 + cents;
  return neg ? -v : v;
}

static int64_t amount_at(xmlXPathContextPtr xp, const char *path) {
  xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)path, xp);
  if (!o || !o->nodesetval || o->nodesetval->nodeNr != 1) fail_msg("no single node at %s", path);
  xmlChar *s = xmlNodeGetContent(o->nodesetval->nodeTab[0]);
  int64_t v = parse_amount((const char *)s);
  xmlFree(s);
  xmlXPathFreeObject(o);
  return v;
}

static int64_t sum_at(xmlXPathContextPtr xp, const char *path) {
  xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)path, xp);
  assert_non_null(o);
  int64_t sum = 0;
  for (int i = 0; o->nodesetval && i < o->nodesetval->nodeNr; i++) {
    xmlChar *s = xmlNodeGetContent(o->nodesetval->nodeTab[i]);
    sum += parse_amount((const char *)s);
    xmlFree(s);
  }
  xmlXPathFreeObject(o);
  return sum;
}

/* Validates @p xml against the UBL 2.1 Invoice schema and checks the Peppol arithmetic. The
 * schemas are outside the project (../shared/schemas); their absence is a failure. */
static void check_ubl(const char *xml, size_t len, const ssvc_invoice *inv) {
  const char *xsd = UBL_XSD; /* present: main() runs these tests only then */
  if (!schema) {
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(xsd);
    assert_non_null(pc);
    schema = xmlSchemaParse(pc);
    xmlSchemaFreeParserCtxt(pc);
    if (!schema) fail_msg("cannot parse %s", xsd);
  }
  xmlDocPtr doc = xmlReadMemory(xml, (int)len, "invoice.xml", NULL, XML_PARSE_NONET);
  assert_non_null(doc);
  xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
  int v = xmlSchemaValidateDoc(vc, doc);
  xmlSchemaFreeValidCtxt(vc);
  if (v != 0) fail_msg("invoice does not validate against UBL 2.1 (%d):\n%s", v, xml);

  xmlXPathContextPtr xp = xmlXPathNewContext(doc);
  xmlXPathRegisterNs(xp, (const xmlChar *)"i",
                     (const xmlChar *)"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2");
  xmlXPathRegisterNs(xp, (const xmlChar *)"cac",
                     (const xmlChar *)"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2");
  xmlXPathRegisterNs(xp, (const xmlChar *)"cbc",
                     (const xmlChar *)"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2");
  int64_t lines = sum_at(xp, "/i:Invoice/cac:InvoiceLine/cbc:LineExtensionAmount");
  int64_t lext = amount_at(xp, "/i:Invoice/cac:LegalMonetaryTotal/cbc:LineExtensionAmount");
  int64_t excl = amount_at(xp, "/i:Invoice/cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount");
  int64_t incl = amount_at(xp, "/i:Invoice/cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount");
  int64_t pay = amount_at(xp, "/i:Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount");
  int64_t tax = amount_at(xp, "/i:Invoice/cac:TaxTotal/cbc:TaxAmount");
  int64_t subtax = sum_at(xp, "/i:Invoice/cac:TaxTotal/cac:TaxSubtotal/cbc:TaxAmount");
  int64_t taxable = sum_at(xp, "/i:Invoice/cac:TaxTotal/cac:TaxSubtotal/cbc:TaxableAmount");
  assert_int_equal(lines, lext);       /* BR-CO-10 */
  assert_int_equal(excl, lext);        /* BR-CO-13, no allowances or charges */
  assert_int_equal(tax, subtax);       /* BR-CO-14 */
  assert_int_equal(taxable, excl);     /* BR-CO-? sum of taxable amounts is the base */
  assert_int_equal(incl, excl + tax);  /* BR-CO-15 */
  assert_int_equal(pay, incl);         /* BR-CO-16, nothing prepaid */
  ssvc_invoice_totals t = totals(inv);
  assert_int_equal(pay, t.payable);
  assert_int_equal(tax, t.tax);
  xmlXPathObjectPtr o = xmlXPathEvalExpression(
      (const xmlChar *)"/i:Invoice/cac:InvoiceLine", xp);
  assert_int_equal(o->nodesetval->nodeNr, (int)ssvc_invoice_line_count(inv));
  xmlXPathFreeObject(o);
  /* The fixed Peppol identifiers. */
  assert_non_null(strstr(xml, "<cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:"
                              "peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>"));
  assert_non_null(strstr(xml, "<cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0<"));
  assert_non_null(strstr(xml, "<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>"));
  xmlXPathFreeContext(xp);
  xmlFreeDoc(doc);
}

static void ubl_validates_and_adds_up(void **state) {
  (void)state;
  struct fx f;
  fx_open(&f, ctx_new());
  assert_int_equal(ssvc_pricelist_add_price(f.pl, "PROF", D(2026, 11, 16), 4500), SSVC_OK);
  ssvc_user_count u[2] = {{D(2026, 1, 1), 400}, {D(2026, 11, 11), 413}};
  ssvc_month_input in = month_in("PROF", 2026, 11, u, 2);
  in.shipments = 7;
  ssvc_charge c = SSVC_CHARGE_INIT;
  c.kind = SSVC_CHARGE_REPAIR, c.quantity = 1, c.unit_price_minor = 99950, c.date = D(2026, 11, 2);
  c.text_sv = "Reparation <skärm> & \"knapp\"";
  in.charges = &c;
  in.charge_count = 1;
  ssvc_invoice *svc = invoice_new(f.ctx, "S-9", 0), *dir = invoice_new(f.ctx, "D-9", 1);
  assert_int_equal(ssvc_charges_month(f.pl, svc, dir, &in), SSVC_OK);
  assert_int_equal(add_line(svc, 3, 1000, 0), SSVC_OK);   /* a zero-rated line: category Z */
  assert_int_equal(add_line(svc, 1, 1111, 1200), SSVC_OK); /* 12% */
  assert_int_equal(add_line(svc, 2, 999, 600), SSVC_OK);   /* 6% */
  size_t len;
  char *xml = ubl_of(svc, &len);
  check_ubl(xml, len, svc);
  assert_non_null(strstr(xml, "<cbc:BaseQuantity unitCode=\"DAY\">30</cbc:BaseQuantity>"));
  assert_non_null(strstr(xml, "<cbc:ID>Z</cbc:ID>"));
  assert_non_null(strstr(xml, "<cbc:Percent>6</cbc:Percent>"));
  assert_non_null(strstr(xml, "<cbc:EndpointID schemeID=\"0007\">5560000001</cbc:EndpointID>"));
  free(xml);
  xml = ubl_of(dir, &len);
  check_ubl(xml, len, dir);
  assert_non_null(strstr(xml, "<cbc:Name>Reparation &lt;skärm&gt; &amp; &quot;knapp&quot;</cbc:Name>"));
  free(xml);
  /* A cut buffer: NUL-terminated, the full length reported. */
  char small[16];
  size_t need = 0;
  assert_int_equal(ssvc_invoice_ubl(dir, small, sizeof small, &need), SSVC_OK);
  assert_int_equal(need, len);
  assert_int_equal(strlen(small), sizeof small - 1);
  assert_memory_equal(small, "<?xml version=\"", 15);
  /* To a file. */
  char path[] = "/tmp/ssvc-charges-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  assert_int_equal(ssvc_invoice_ubl_file(dir, path), SSVC_OK);
  FILE *fp = fopen(path, "rb");
  char *back = calloc(1, len + 1);
  assert_int_equal(fread(back, 1, len + 1, fp), len);
  fclose(fp);
  remove(path);
  xml = ubl_of(dir, NULL);
  assert_string_equal(back, xml);
  free(back);
  free(xml);
  ssvc_invoice_free(svc);
  ssvc_invoice_free(dir);
  fx_close(&f);
  ssvc_ctx_free(f.ctx);
}

static void ubl_errors(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  ssvc_invoice *inv = invoice_new(ctx, "E-1", 0);
  size_t len = 5;
  char buf[8];
  assert_int_equal(ssvc_invoice_ubl(NULL, buf, sizeof buf, &len), SSVC_EINVAL);
  assert_int_equal(ssvc_invoice_ubl(inv, buf, sizeof buf, NULL), SSVC_EINVAL);
  err_has(ctx, "ssvc_invoice_ubl: len must not be NULL");
  assert_int_equal(ssvc_invoice_ubl(inv, NULL, 4, &len), SSVC_EINVAL);
  err_has(ctx, "buf is NULL but size is 4");
  assert_int_equal(ssvc_invoice_ubl(inv, buf, sizeof buf, &len), SSVC_ESTATE);
  err_has(ctx, "ssvc_invoice_ubl: invoice E-1 has no lines");
  assert_int_equal(len, 5);
  assert_int_equal(ssvc_invoice_ubl_file(NULL, "/tmp/x"), SSVC_EINVAL);
  assert_int_equal(ssvc_invoice_ubl_file(inv, NULL), SSVC_EINVAL);
  err_has(ctx, "ssvc_invoice_ubl_file: path must not be NULL");
  assert_int_equal(ssvc_invoice_ubl_file(inv, "/tmp/x"), SSVC_ESTATE);
  assert_int_equal(add_line(inv, 1, 100, 2500), SSVC_OK);
  assert_int_equal(ssvc_invoice_ubl_file(inv, "/nonexistent-dir/inv.xml"), SSVC_EIO);
  err_has(ctx, "ssvc_invoice_ubl_file: /nonexistent-dir/inv.xml: cannot create (No such file");
  if (access("/dev/full", W_OK) == 0) { /* a full disk: the failed write names the file */
    assert_int_equal(ssvc_invoice_ubl_file(inv, "/dev/full"), SSVC_EIO);
    err_has(ctx, "ssvc_invoice_ubl_file: /dev/full: cannot write (No space left on device)");
  }
  ssvc_invoice_free(inv);
  ssvc_ctx_free(ctx);
}

/* When libxml2 cannot allocate at any point of the writing: SSVC_ENOMEM with a message, nothing
 * written to the caller's buffer or length, nothing printed, and no block of libxml2 left behind
 * (but libxml2's own leak above). */
static void ubl_libxml2_failures(void **state) {
  (void)state;
  static const char *const names[] = {"Invoice", "cbc:", "cac:", NULL};
  ssvc_ctx *ctx = ctx_new();
  ssvc_invoice *inv = invoice_new(ctx, "X-1", 0);
  assert_int_equal(add_line(inv, 3, 1000, 2500), SSVC_OK);
  assert_int_equal(add_line(inv, 1, 1000, 0), SSVC_OK);
  xml_fault_install();
  long failures = 0, known = 0;
  for (long k = 1;; k++) {
    xml_fault_arm(k);
    char buf[64] = "untouched";
    size_t len = 7;
    int rc = ssvc_invoice_ubl(inv, buf, sizeof buf, &len);
    xml_fault_disarm();
    if (rc == SSVC_OK) {
      assert_int_equal(xml_fault_live(), 0);
      break;
    }
    failures++;
    assert_int_equal(rc, SSVC_ENOMEM);
    err_has(ctx, "ssvc_invoice_ubl: libxml2");
    assert_string_equal(buf, "untouched");
    assert_int_equal(len, 7);
    if (xml_fault_live() != 0) {
      if (!xml_fault_known_leak(names))
        fail_msg("failure at libxml2 allocation %ld left %ld blocks", k, xml_fault_live());
      known++;
      xml_fault_release();
    }
    assert_true(k < 100000);
  }
  xml_fault_remove();
  assert_true(failures > 3);
  print_message("libxml2 failure points: %ld (libxml2's own leak at %ld of them)\n", failures, known);
  ssvc_invoice_free(inv);
  ssvc_ctx_free(ctx);
}

/* ---- text ---- */

static void text_rendering(void **state) {
  (void)state;
  struct fx f;
  fx_open(&f, ctx_new());
  ssvc_user_count u = {D(2026, 1, 1), 400};
  ssvc_month_input in = month_in("PROF", 2026, 11, &u, 1);
  in.shipments = 2;
  ssvc_invoice *inv = invoice_new(f.ctx, "S-1", 0);
  assert_int_equal(ssvc_charges_month(f.pl, inv, NULL, &in), SSVC_OK);
  size_t n = ssvc_invoice_text(inv, SSVC_LANG_SV, NULL, 0);
  char *t = malloc(n + 1);
  assert_int_equal(ssvc_invoice_text(inv, SSVC_LANG_SV, t, n + 1), n);
  assert_int_equal(strlen(t), n);
  const char *want =
      "Faktura S-1\n"
      "Fakturadatum: 2026-12-01   Förfallodatum: 2026-12-31\n"
      "Period: 2026-11-01 – 2026-11-30   Er referens: S-1\n"
      "Säljare: Smartservice Support Center AB (556000-0001), SE556000000101\n"
      "         Supportvägen 1, 111 22 Stockholm, SE\n"
      "Köpare:  Kund & Co AB (559000-0005)\n"
      "         Göteborg, SE\n"
      "\n"
      "Beskrivning                                                Antal  Enhet  À-pris    Belopp  Moms\n"
      "-----------------------------------------------------------------------------------------------\n"
      "Smartservice PROF, 400 användare, 2026-11-01 – 2026-11-30    400  st      39.00  15600.00   25%\n"
      "Frakt, försändelser 2026-10                                    2  st      89.00    178.00   25%\n"
      "Emballage, försändelser 2026-10                                2  st      25.00     50.00   25%\n"
      "-----------------------------------------------------------------------------------------------\n"
      "                                                               Summa exkl. moms  15828.00\n"
      "                                                           Moms 25% på 15828.00   3957.00\n"
      "                                                                     Att betala  19785.00 SEK\n";
  assert_string_equal(t, want);
  /* Cut: like snprintf. */
  char small[8];
  assert_int_equal(ssvc_invoice_text(inv, SSVC_LANG_SV, small, sizeof small), n);
  assert_string_equal(small, "Faktura");
  free(t);
  n = ssvc_invoice_text(inv, SSVC_LANG_EN, NULL, 0);
  t = malloc(n + 1);
  ssvc_invoice_text(inv, SSVC_LANG_EN, t, n + 1);
  assert_non_null(strstr(t, "Smartservice PROF, 400 users"));
  assert_non_null(strstr(t, "Amount due  19785.00 SEK\n"));
  free(t);
  assert_int_equal(ssvc_invoice_text(NULL, SSVC_LANG_SV, NULL, 0), 0);
  assert_int_equal(ssvc_invoice_text(inv, 7, NULL, 0), 0);
  /* Prorated lines show their base quantity. */
  ssvc_invoice *p = invoice_new(f.ctx, "P-1", 0);
  ssvc_user_count pu[2] = {{D(2026, 1, 1), 10}, {D(2026, 11, 21), 12}};
  ssvc_month_input pin = month_in("BAS", 2026, 11, pu, 2);
  pin.vat_basis_points = 1200;
  assert_int_equal(ssvc_charges_month(f.pl, p, NULL, &pin), SSVC_OK);
  n = ssvc_invoice_text(p, SSVC_LANG_EN, NULL, 0);
  t = malloc(n + 1);
  ssvc_invoice_text(p, SSVC_LANG_EN, t, n + 1);
  assert_non_null(strstr(t, "Smartservice BAS, 10 users, 2026-11-01 – 2026-11-20       200  day     19.00/30  126.67  12%\n"));
  assert_non_null(strstr(t, "Smartservice BAS, 12 users, 2026-11-21 – 2026-11-30       120  day     19.00/30   76.00  12%\n"));
  assert_non_null(strstr(t, "VAT 12% on 202.67   24.32\n"));
  free(t);
  ssvc_invoice_free(p);
  /* A direct invoice says so. */
  ssvc_invoice *d = invoice_new(f.ctx, "D-1", 1);
  char head[64];
  ssvc_invoice_text(d, SSVC_LANG_EN, head, sizeof head);
  assert_non_null(strstr(head, "Invoice D-1 (billed directly)\n"));
  ssvc_invoice_free(d);
  ssvc_invoice_free(inv);
  fx_close(&f);
  ssvc_ctx_free(f.ctx);
}

/* ---- errors ---- */

static void init_functions(void **state) {
  (void)state;
  ssvc_party p;
  ssvc_invoice_info i;
  ssvc_invoice_line l;
  ssvc_charge c;
  ssvc_month_input m;
  assert_int_equal(ssvc_party_init(&p, SSVC_PARTY_VERSION), SSVC_OK);
  assert_int_equal(p.version, SSVC_PARTY_VERSION);
  assert_null(p.name);
  assert_int_equal(ssvc_invoice_info_init(&i, SSVC_INVOICE_INFO_VERSION), SSVC_OK);
  assert_int_equal(ssvc_invoice_line_init(&l, SSVC_INVOICE_LINE_VERSION), SSVC_OK);
  assert_int_equal(l.vat_basis_points, 2500);
  assert_int_equal(ssvc_charge_init(&c, SSVC_CHARGE_VERSION), SSVC_OK);
  assert_int_equal(ssvc_month_input_init(&m, SSVC_MONTH_INPUT_VERSION), SSVC_OK);
  assert_int_equal(m.vat_basis_points, 2500);
  assert_int_equal(ssvc_party_init(NULL, 1), SSVC_EINVAL);
  assert_int_equal(ssvc_party_init(&p, 3), SSVC_EVERSION);
  assert_int_equal(ssvc_party_init(&p, 1), SSVC_OK);
  assert_int_equal(p.version, 1);
  assert_int_equal(ssvc_invoice_info_init(&i, 0), SSVC_EVERSION);
  assert_int_equal(ssvc_invoice_line_init(&l, 2), SSVC_EVERSION);
  assert_int_equal(ssvc_charge_init(NULL, 1), SSVC_EINVAL);
  assert_int_equal(ssvc_month_input_init(&m, 9), SSVC_EVERSION);
  ssvc_invoice_totals t;
  assert_int_equal(ssvc_invoice_totals_init(&t, SSVC_INVOICE_TOTALS_VERSION), SSVC_OK);
  assert_int_equal(t.version, SSVC_INVOICE_TOTALS_VERSION);
  assert_int_equal(t.payable, 0);
  assert_int_equal(ssvc_invoice_totals_init(&t, 0), SSVC_EVERSION);
}

static void invoice_new_errors(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  ssvc_invoice *inv = (ssvc_invoice *)1;
  ssvc_invoice_info i = info_for("N-1", 0);
  assert_int_equal(ssvc_invoice_new(NULL, &inv, &i), SSVC_EINVAL);
  assert_null(inv);
  assert_int_equal(ssvc_invoice_new(ctx, NULL, &i), SSVC_EINVAL);
  err_has(ctx, "ssvc_invoice_new: out must not be NULL");
  assert_int_equal(ssvc_invoice_new(ctx, &inv, NULL), SSVC_EINVAL);
  err_has(ctx, "info must not be NULL");
  int n = 0;
#define CASE(body, c, m)                                                   \
  do {                                                                     \
    ssvc_invoice_info x = info_for("N-1", 0);                              \
    ssvc_party sp = *seller(), bp = *buyer();                              \
    x.seller = &sp, x.buyer = &bp;                                         \
    body;                                                                  \
    inv = (ssvc_invoice *)1;                                               \
    assert_int_equal(ssvc_invoice_new(ctx, &inv, &x), c);                  \
    assert_null(inv);                                                      \
    err_has(ctx, m);                                                       \
    n++;                                                                   \
  } while (0)
  CASE(x.version = 0, SSVC_EVERSION, "info");
  CASE(x.version = 3, SSVC_EVERSION, "info");
  CASE(x.number = NULL, SSVC_EINVAL, "ssvc_invoice_new: info->number: must be given");
  CASE(x.number = "", SSVC_EINVAL, "info->number: must not be empty");
  CASE(x.number = "\xff", SSVC_EINVAL, "info->number: not valid UTF-8 text");
  CASE(x.buyer_reference = "", SSVC_EINVAL, "info->buyer_reference: must not be empty");
  CASE(x.issue_date.month = 13, SSVC_EINVAL, "info->issue_date is not a valid date (got 2026-13-1)");
  CASE(x.due_date.day = 0, SSVC_EINVAL, "info->due_date is not a valid date");
  CASE(x.period_start.year = 0, SSVC_EINVAL, "info->period_start is not a valid date");
  CASE(x.period_end.day = 31, SSVC_EINVAL, "info->period_end is not a valid date");
  CASE(x.due_date = D(2026, 11, 30), SSVC_EINVAL, "info->due_date is before info->issue_date");
  CASE(x.period_end = D(2026, 10, 31), SSVC_EINVAL, "info->period_end is before info->period_start");
  CASE(x.currency = "sek", SSVC_EINVAL, "info->currency must be three upper-case letters");
  CASE(x.seller = NULL, SSVC_EINVAL, "info->seller must not be NULL");
  CASE(x.buyer = NULL, SSVC_EINVAL, "info->buyer must not be NULL");
  CASE(sp.version = 9, SSVC_EVERSION, "party");
  CASE(sp.name = NULL, SSVC_EINVAL, "info->seller->name: must be given");
  CASE(bp.org_number = NULL, SSVC_EINVAL, "info->buyer->org_number: must be given");
  CASE(bp.city = "", SSVC_EINVAL, "info->buyer->city: must not be empty");
  CASE(sp.street = "a\tb\x01", SSVC_EINVAL, "info->seller->street: not valid UTF-8 text");
  CASE(bp.country = "Sweden", SSVC_EINVAL, "info->buyer->country must be two upper-case letters");
  CASE(x.direct = 2, SSVC_EINVAL, "info->direct must be 0 or 1 (got 2)");
  CASE(sp.vat_number = NULL, SSVC_EINVAL, "info->seller->vat_number must not be NULL");
  CASE((bp.version = 1, bp.vat_number = "556000000001"), SSVC_EINVAL,
       "info->buyer->vat_number must begin with a two-letter country prefix");
  /* A version-2 party's numbers are checked. */
  CASE(bp.org_number = "556000-0000", SSVC_EINVAL,
       "info->buyer->org_number: '556000-0000' fails the check digit");
  CASE(bp.org_number = "55600-00001", SSVC_EINVAL,
       "info->buyer->org_number: '55600-00001' is not an organisation number");
  CASE(bp.vat_number = "556000000001", SSVC_EINVAL,
       "info->buyer->vat_number: '556000000001' is not a VAT number");
  CASE(sp.vat_number = "SE556036079301", SSVC_EINVAL,
       "info->seller->vat_number: 'SE556036079301' does not match the organisation number");
  CASE(sp.vat_number = "SE5560000001", SSVC_EINVAL, "is not a Swedish VAT number");
  CASE(sp.bankgiro = "123-4567", SSVC_EINVAL,
       "info->seller->bankgiro: '123-4567' fails the check digit");
  CASE(sp.bankgiro = "12-34567", SSVC_EINVAL, "is not a bankgiro number");
  CASE(sp.iban = "SE45 5000 0000 0583 9825 7467", SSVC_EINVAL,
       "info->seller->iban: 'SE45 5000 0000 0583 9825 7467' fails the IBAN check digits");
  CASE((sp.iban = "SE45 5000 0000 0583 9825 7466", sp.bic = "ESSE"), SSVC_EINVAL,
       "info->seller->bic: 'ESSE' is not a BIC");
  CASE(sp.bic = "ESSESESS", SSVC_EINVAL, "info->seller->bic: given without an iban");
  CASE(bp.endpoint = "0007:BYGG", SSVC_EINVAL,
       "info->buyer->endpoint: '0007:BYGG' is not a scheme-0007 endpoint");
  CASE(bp.endpoint = "7:1", SSVC_EINVAL, "is not a Peppol endpoint scheme:id");
  CASE(sp.f_skatt = 2, SSVC_EINVAL, "info->seller->f_skatt: must be 0 or 1 (got 2)");
  CASE(x.order_reference = "", SSVC_EINVAL, "info->order_reference: must not be empty");
#undef CASE
  assert_int_equal(n, 38);
  ssvc_invoice_free(NULL);
  assert_int_equal(ssvc_invoice_line_count(NULL), 0);
  assert_null(ssvc_invoice_number(NULL));
  assert_int_equal(ssvc_invoice_is_direct(NULL), 0);
  /* The accepted variants. */
  i.currency = "EUR";
  i.buyer_reference = "PO 12";
  assert_int_equal(ssvc_invoice_new(ctx, &inv, &i), SSVC_OK);
  assert_string_equal(ssvc_invoice_number(inv), "N-1");
  ssvc_invoice_free(inv);
  ssvc_ctx_free(ctx);
}

static void add_line_errors(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  ssvc_invoice *inv = invoice_new(ctx, "L-1", 0);
  assert_int_equal(ssvc_invoice_add_line(NULL, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_invoice_add_line(inv, NULL), SSVC_EINVAL);
  err_has(ctx, "ssvc_invoice_add_line: line must not be NULL");
#define CASE(body, c, m)                                       \
  do {                                                         \
    ssvc_invoice_line l = SSVC_INVOICE_LINE_INIT;              \
    l.text_sv = "x";                                           \
    l.quantity = 1;                                            \
    body;                                                      \
    assert_int_equal(ssvc_invoice_add_line(inv, &l), c);       \
    err_has(ctx, m);                                           \
  } while (0)
  CASE(l.version = 0, SSVC_EVERSION, "ssvc_invoice_add_line");
  CASE(l.kind = SSVC_CHARGE_KIND_COUNT, SSVC_EINVAL, "line->kind is not a charge kind (got 10)");
  CASE(l.kind = -1, SSVC_EINVAL, "line->kind is not a charge kind (got -1)");
  CASE(l.text_sv = NULL, SSVC_EINVAL, "ssvc_invoice_add_line: line->text_sv: must be given");
  CASE(l.text_en = "", SSVC_EINVAL, "line->text_en: must not be empty");
  CASE(l.quantity = INT64_C(-1000000000001), SSVC_EINVAL,
       "line->quantity must be -10^12..10^12 (got -1000000000001)");
  CASE(l.base_quantity = 1000001, SSVC_EINVAL, "line->base_quantity must be 0..10^6");
  CASE(l.unit_code = "ea", SSVC_EINVAL, "line->unit_code must be 1-3 upper-case letters");
  CASE(l.unit_code = "ABCD", SSVC_EINVAL, "line->unit_code");
  CASE(l.unit_price_minor = -5, SSVC_EINVAL, "line->unit_price_minor must be 0..10^12 (got -5)");
  CASE(l.vat_basis_points = 10001, SSVC_EINVAL, "line->vat_basis_points: VAT must be 25, 12, 6 or 0 percent");
  CASE(l.vat_basis_points = 2400, SSVC_EINVAL,
       "SE-R-006 allows a Swedish seller only these rates) (got 24 percent, 2400 basis points)");
  CASE(l.vat_basis_points = 1250, SSVC_EINVAL, "(got 12.5 percent, 1250 basis points)");
  CASE((l.quantity = INT64_C(1000000000000), l.unit_price_minor = INT64_C(1000000000000)),
       SSVC_ERANGE, "line->quantity x line->unit_price_minor is too large");
#undef CASE
  assert_int_equal(ssvc_invoice_line_count(inv), 0);
  /* The invoice's total is bounded. */
  for (int i = 0; i < 2; i++)
    assert_int_equal(add_line(inv, INT64_C(1000000), INT64_C(1000000000000), 0), SSVC_OK);
  assert_int_equal(add_line(inv, INT64_C(1000000), INT64_C(1000000000000), 0), SSVC_ERANGE);
  err_has(ctx, "the invoice total would exceed");
  assert_int_equal(ssvc_invoice_line_count(inv), 2);
  ssvc_invoice_free(inv);
  /* The four Swedish rates on one invoice, each with its subtotal. */
  inv = invoice_new(ctx, "L-2", 0);
  const uint32_t rates[4] = {2500, 1200, 600, 0};
  for (int r = 0; r < 9; r++) assert_int_equal(add_line(inv, 1, 100, rates[r % 4]), SSVC_OK);
  assert_int_equal(totals(inv).vat_categories, 4);
  /* Getters. */
  ssvc_invoice_line l = SSVC_INVOICE_LINE_INIT;
  ssvc_invoice_totals t = SSVC_INVOICE_TOTALS_INIT;
  assert_int_equal(ssvc_invoice_line_get(NULL, 0, &l), SSVC_EINVAL);
  assert_int_equal(ssvc_invoice_line_get(inv, 0, NULL), SSVC_EINVAL);
  err_has(ctx, "ssvc_invoice_line_get: out must not be NULL");
  assert_int_equal(ssvc_invoice_line_get(inv, 9, &l), SSVC_ENOTFOUND);
  err_has(ctx, "index 9 is past the last line (9 lines)");
  l.version = 0;
  assert_int_equal(ssvc_invoice_line_get(inv, 0, &l), SSVC_EVERSION);
  assert_int_equal(ssvc_invoice_get_totals(NULL, &t), SSVC_EINVAL);
  assert_int_equal(ssvc_invoice_get_totals(inv, NULL), SSVC_EINVAL);
  err_has(ctx, "ssvc_invoice_get_totals: out must not be NULL");
  t.version = 2;
  assert_int_equal(ssvc_invoice_get_totals(inv, &t), SSVC_EVERSION);
  ssvc_invoice_free(inv);
  ssvc_ctx_free(ctx);
}

static void month_errors(void **state) {
  (void)state;
  struct fx f;
  ssvc_ctx *ctx = ctx_new();
  fx_open(&f, ctx);
  ssvc_invoice *svc = invoice_new(ctx, "M-1", 0), *dir = invoice_new(ctx, "M-2", 1);
  ssvc_user_count u[2] = {{D(2026, 1, 1), 400}, {D(2026, 11, 11), 410}};
  ssvc_charge c = SSVC_CHARGE_INIT;
  c.kind = SSVC_CHARGE_SWAP_PURCHASE, c.quantity = 1, c.unit_price_minor = 100,
  c.date = D(2026, 11, 1);
  int64_t out = 55;
  ssvc_month_input ok = month_in("PROF", 2026, 11, u, 2);
  assert_int_equal(ssvc_charges_fee(NULL, &out, &ok), SSVC_EINVAL);
  assert_int_equal(ssvc_charges_fee(f.pl, NULL, &ok), SSVC_EINVAL);
  err_has(ctx, "ssvc_charges_fee: out must not be NULL");
  assert_int_equal(ssvc_charges_fee(f.pl, &out, NULL), SSVC_EINVAL);
  err_has(ctx, "ssvc_charges_fee: in must not be NULL");
  assert_int_equal(ssvc_charges_month(NULL, svc, dir, &ok), SSVC_EINVAL);
  assert_int_equal(ssvc_charges_month(f.pl, NULL, dir, &ok), SSVC_EINVAL);
  err_has(ctx, "service must not be NULL");
  assert_int_equal(ssvc_charges_month(f.pl, svc, dir, NULL), SSVC_EINVAL);
  err_has(ctx, "ssvc_charges_month: in must not be NULL");
  assert_int_equal(ssvc_charges_month(f.pl, svc, svc, &ok), SSVC_EINVAL);
  err_has(ctx, "service and direct must be different invoices");
  assert_int_equal(ssvc_charges_month(f.pl, dir, NULL, &ok), SSVC_EINVAL);
  err_has(ctx, "service is a direct-billed invoice");
  ssvc_invoice *svc2 = invoice_new(ctx, "M-3", 0);
  assert_int_equal(ssvc_charges_month(f.pl, svc, svc2, &ok), SSVC_EINVAL);
  err_has(ctx, "direct is not a direct-billed invoice");
  ssvc_ctx *other = ctx_new();
  ssvc_invoice *foreign = invoice_new(other, "M-4", 0);
  assert_int_equal(ssvc_charges_month(f.pl, foreign, NULL, &ok), SSVC_EINVAL);
  err_has(ctx, "the invoices must belong to the price list's context");
#define CASE(body, code, m)                                                   \
  do {                                                                        \
    ssvc_user_count uu[2] = {{D(2026, 1, 1), 400}, {D(2026, 11, 11), 410}};   \
    ssvc_charge cc = c;                                                       \
    ssvc_fee_terms tt[2] = {{D(2026, 1, 1), "BAS", -1, -1},                    \
                            {D(2026, 11, 16), "PROF", 3500, -1}};              \
    ssvc_month_input in = month_in("PROF", 2026, 11, uu, 2);                  \
    in.charges = &cc;                                                         \
    in.charge_count = 1;                                                      \
    in.terms = tt;                                                            \
    in.term_count = 2;                                                        \
    body;                                                                     \
    assert_int_equal(ssvc_charges_fee(f.pl, &out, &in), code);                \
    err_has(ctx, m);                                                          \
    assert_int_equal(ssvc_charges_month(f.pl, svc, dir, &in), code);          \
    err_has(ctx, m);                                                          \
  } while (0)
  CASE(in.version = 0, SSVC_EVERSION, "ssvc_charges_");
  CASE(in.agreement = "", SSVC_EINVAL, "agreement: must not be empty");
  CASE(in.tier = NULL, SSVC_EINVAL, "in->tier must not be NULL");
  CASE(in.tier = "GOLD", SSVC_ENOTFOUND, "in->tier: no tier 'GOLD' in the catalogue");
  CASE(in.month = 13, SSVC_EINVAL, "in->year/in->month is not a month (got 2026-13)");
  CASE(in.month = 0, SSVC_EINVAL, "is not a month (got 2026-00)");
  CASE(in.year = 10000, SSVC_EINVAL, "is not a month (got 10000-11)");
  CASE((in.year = 1, in.month = 1, in.shipments = 1), SSVC_EINVAL,
       "in->shipments: there is no month before 0001-01");
  CASE(in.users = NULL, SSVC_EINVAL, "in->users must hold at least one user count");
  CASE(in.user_changes = 0, SSVC_EINVAL, "in->users must hold at least one user count");
  CASE(uu[1].from = D(2026, 11, 31), SSVC_EINVAL, "in->users[1].from is not a valid date");
  CASE(uu[1].from = D(2026, 1, 1), SSVC_EINVAL, "in->users[1].from is not after in->users[0].from");
  CASE(uu[0].users = 10000001, SSVC_EINVAL, "in->users[0].users must be 0..10000000 (got 10000001)");
  CASE(in.shipments = 10000001, SSVC_EINVAL, "in->shipments must be 0..10000000");
  CASE(in.vat_basis_points = 10001, SSVC_EINVAL, "in->vat_basis_points: VAT must be 25, 12, 6 or 0 percent");
  CASE(in.vat_basis_points = 2400, SSVC_EINVAL, "Peppol SE-R-006");
  CASE(in.charges = NULL, SSVC_EINVAL, "in->charges is NULL but in->charge_count is 1");
  CASE(cc.version = 7, SSVC_EVERSION, "in->charges[0]");
  CASE(cc.kind = SSVC_CHARGE_MONTHLY_FEE, SSVC_EINVAL,
       "in->charges[0].kind must be a charge kind other than the monthly fee (got 0)");
  CASE(cc.kind = SSVC_CHARGE_KIND_COUNT, SSVC_EINVAL, "in->charges[0].kind must be a charge kind");
  CASE(cc.quantity = 0, SSVC_EINVAL,
       "in->charges[0].quantity must be 1..10^6, or -10^6..-1 for a credit (got 0)");
  CASE(cc.quantity = -1000001, SSVC_EINVAL, "in->charges[0].quantity must be 1..10^6");
  CASE(cc.unit_price_minor = -1, SSVC_EINVAL, "in->charges[0].unit_price_minor must be 0..10^12");
  CASE(cc.date = D(2026, 2, 30), SSVC_EINVAL, "in->charges[0].date is not a valid date");
  CASE(cc.text_sv = "", SSVC_EINVAL, "in->charges[0].text_sv: must not be empty");
  CASE(cc.text_en = "\xc3", SSVC_EINVAL, "in->charges[0].text_en: not valid UTF-8 text");
  CASE(in.terms = NULL, SSVC_EINVAL, "in->terms is NULL but in->term_count is 2");
  CASE(tt[1].from = D(2026, 11, 31), SSVC_EINVAL, "in->terms[1].from is not a valid date");
  CASE(tt[1].from = D(2026, 1, 1), SSVC_EINVAL, "in->terms[1].from is not after in->terms[0].from");
  CASE(tt[0].tier = NULL, SSVC_EINVAL, "in->terms[0].tier must not be NULL");
  CASE(tt[1].tier = "GOLD", SSVC_ENOTFOUND, "in->terms[1].tier: no tier 'GOLD' in the catalogue");
  CASE(tt[1].user_price_minor = -2, SSVC_EINVAL,
       "in->terms[1].user_price_minor must be 0..10^12 or -1 (got -2)");
  CASE(tt[0].tier_price_minor = INT64_C(1000000000001), SSVC_EINVAL,
       "in->terms[0].tier_price_minor must be 0..10^12 or -1");
#undef CASE
  assert_int_equal(out, 55);
  assert_int_equal(ssvc_invoice_line_count(svc), 0);
  assert_int_equal(ssvc_invoice_line_count(dir), 0);
  /* The largest prices and user counts: refused, not overflowed. */
  ssvc_pricelist *dear;
  assert_int_equal(ssvc_pricelist_new(ctx, &dear, f.cat), SSVC_OK);
  assert_int_equal(ssvc_pricelist_add_price(dear, "PROF", D(2026, 1, 1), INT64_C(1000000000000)),
                   SSVC_OK);
  ssvc_user_count many[2] = {{D(2026, 1, 1), 10000000}, {D(2026, 11, 2), 9999999}};
  ssvc_month_input big_month = month_in("PROF", 2026, 11, many, 2);
  assert_int_equal(ssvc_charges_fee(dear, &out, &big_month), SSVC_ERANGE);
  err_has(ctx, "ssvc_charges_fee: the fee of 10000000 x 1000000000000 is too large");
  assert_int_equal(ssvc_charges_month(dear, svc, NULL, &big_month), SSVC_ERANGE);
  err_has(ctx, "ssvc_charges_month: line->quantity x line->unit_price_minor is too large");
  ssvc_pricelist_free(dear);
  /* Lines that fit one by one but not together: refused before anything is appended. */
  ssvc_charge big[3];
  for (int i = 0; i < 3; i++) {
    big[i] = c;
    big[i].quantity = 1000000;
    big[i].unit_price_minor = INT64_C(1000000000000);
  }
  ssvc_month_input huge = ok;
  huge.charges = big;
  huge.charge_count = 3;
  assert_int_equal(ssvc_charges_month(f.pl, svc, dir, &huge), SSVC_ERANGE);
  err_has(ctx, "ssvc_charges_month: the invoice total would exceed");
  assert_int_equal(ssvc_invoice_line_count(svc), 0);
  /* A rate no Swedish seller invoices is refused before anything is appended. */
  assert_int_equal(add_line(svc2, 1, 100, 600), SSVC_OK);
  ssvc_month_input odd = ok;
  odd.vat_basis_points = 700;
  assert_int_equal(ssvc_charges_month(f.pl, svc2, NULL, &odd), SSVC_EINVAL);
  err_has(ctx, "ssvc_charges_month: in->vat_basis_points: VAT must be 25, 12, 6 or 0 percent");
  assert_int_equal(ssvc_invoice_line_count(svc2), 1);
  ssvc_invoice_free(foreign);
  ssvc_ctx_free(other);
  ssvc_invoice_free(svc2);
  ssvc_invoice_free(svc);
  ssvc_invoice_free(dir);
  fx_close(&f);
  ssvc_ctx_free(ctx);
}

/* ---- allocation failures ---- */

struct st {
  struct fx f;
  ssvc_invoice *svc, *dir, *made_inv;
  ssvc_pricelist *made_pl;
  ssvc_user_count u[2];
  ssvc_charge c[2];
};

static void *st_setup(ssvc_ctx *ctx) {
  struct st *s = calloc(1, sizeof *s);
  fx_open(&s->f, ctx);
  /* Fill the price list's array to its growth point (8 entries). */
  for (int m = 1; m <= 8; m++)
    assert_int_equal(ssvc_pricelist_add_price(s->f.pl, "BAS", D(2020, m, 1), 1900 + m), SSVC_OK);
  s->svc = invoice_new(ctx, "S-1", 0);
  s->dir = invoice_new(ctx, "D-1", 1);
  for (int i = 0; i < 4; i++) assert_int_equal(add_line(s->svc, 1, 100, 2500), SSVC_OK);
  s->u[0] = (ssvc_user_count){D(2026, 1, 1), 400};
  s->u[1] = (ssvc_user_count){D(2026, 11, 11), 410};
  ssvc_charge_init(&s->c[0], SSVC_CHARGE_VERSION);
  s->c[0].kind = SSVC_CHARGE_REPAIR, s->c[0].quantity = 1, s->c[0].unit_price_minor = 5000;
  s->c[0].date = D(2026, 11, 2);
  s->c[1] = s->c[0];
  s->c[1].kind = SSVC_CHARGE_BACKUP_PHONE;
  return s;
}

static char *st_snapshot(void *state) {
  struct st *s = state;
  size_t cap = 16384, len = 0;
  char *out = malloc(cap);
  ssvc_invoice *invs[2] = {s->svc, s->dir};
  for (int k = 0; k < 2; k++) {
    len += ssvc_invoice_text(invs[k], SSVC_LANG_EN, out + len, cap - len);
    assert_true(len < cap);
  }
  const char *agreements[2] = {NULL, "A-1"};
  for (int a = 0; a < 2; a++)
    for (int m = 1; m <= 12; m++) {
      int64_t p = 0, fr = 0, pk = 0;
      ssvc_pricelist_lookup(s->f.pl, &p, agreements[a], "BAS", D(2026, m, 15));
      ssvc_pricelist_shipment(s->f.pl, &fr, agreements[a], SSVC_CHARGE_FREIGHT, D(2026, m, 15));
      ssvc_pricelist_shipment(s->f.pl, &pk, agreements[a], SSVC_CHARGE_PACKAGING, D(2026, m, 15));
      len += (size_t)snprintf(out + len, cap - len, "%lld/%lld/%lld;", (long long)p,
                              (long long)fr, (long long)pk);
    }
  snprintf(out + len, cap - len, "made=%d,%d", s->made_inv != NULL, s->made_pl != NULL);
  return out;
}

static void st_teardown(void *state) {
  struct st *s = state;
  ssvc_invoice_free(s->svc);
  ssvc_invoice_free(s->dir);
  ssvc_invoice_free(s->made_inv);
  ssvc_pricelist_free(s->made_pl);
  fx_close(&s->f);
  free(s);
}

static int op_pricelist_new(ssvc_ctx *ctx, void *state) {
  struct st *s = state;
  return ssvc_pricelist_new(ctx, &s->made_pl, s->f.cat);
}
static int op_add_price(ssvc_ctx *ctx, void *state) {
  (void)ctx;
  return ssvc_pricelist_add_price(((struct st *)state)->f.pl, "BAS", D(2026, 6, 1), 2000);
}
static int op_add_override(ssvc_ctx *ctx, void *state) {
  (void)ctx;
  return ssvc_pricelist_add_override(((struct st *)state)->f.pl, "A-1", "BAS", D(2026, 6, 1), 100);
}
static int op_add_shipment(ssvc_ctx *ctx, void *state) {
  (void)ctx;
  return ssvc_pricelist_add_shipment(((struct st *)state)->f.pl, "A-1", SSVC_CHARGE_FREIGHT,
                                     D(2026, 6, 1), 100);
}
static int op_lookup(ssvc_ctx *ctx, void *state) {
  (void)ctx;
  int64_t out;
  return ssvc_pricelist_lookup(((struct st *)state)->f.pl, &out, "A-1", "BAS", D(2026, 6, 1));
}
static int op_invoice_new(ssvc_ctx *ctx, void *state) {
  struct st *s = state;
  ssvc_invoice_info i = info_for("X-1", 0);
  return ssvc_invoice_new(ctx, &s->made_inv, &i);
}
static int op_add_line(ssvc_ctx *ctx, void *state) {
  (void)ctx;
  return add_line(((struct st *)state)->svc, 2, 300, 1200);
}
static int op_month(ssvc_ctx *ctx, void *state) {
  (void)ctx;
  struct st *s = state;
  ssvc_month_input in = month_in("BAS", 2026, 11, s->u, 2);
  in.shipments = 3;
  in.charges = s->c;
  in.charge_count = 2;
  return ssvc_charges_month(s->f.pl, s->svc, s->dir, &in);
}
static int op_fee(ssvc_ctx *ctx, void *state) {
  (void)ctx;
  struct st *s = state;
  ssvc_month_input in = month_in("BAS", 2026, 11, s->u, 2);
  int64_t out;
  return ssvc_charges_fee(s->f.pl, &out, &in);
}
static int op_ubl(ssvc_ctx *ctx, void *state) {
  (void)ctx;
  size_t len;
  char buf[64];
  return ssvc_invoice_ubl(((struct st *)state)->svc, buf, sizeof buf, &len);
}
static int op_text(ssvc_ctx *ctx, void *state) {
  (void)ctx;
  char buf[64];
  return ssvc_invoice_text(((struct st *)state)->svc, SSVC_LANG_SV, buf, sizeof buf) > 0
             ? SSVC_OK
             : SSVC_EINTERNAL;
}

static void allocation_failures(void **state) {
  (void)state;
  const struct fault_op ops[] = {
      {"ssvc_pricelist_new", st_setup, op_pricelist_new, st_snapshot, st_teardown},
      {"ssvc_pricelist_add_price", st_setup, op_add_price, st_snapshot, st_teardown},
      {"ssvc_pricelist_add_override", st_setup, op_add_override, st_snapshot, st_teardown},
      {"ssvc_pricelist_add_shipment", st_setup, op_add_shipment, st_snapshot, st_teardown},
      {"ssvc_pricelist_lookup", st_setup, op_lookup, st_snapshot, st_teardown},
      {"ssvc_invoice_new", st_setup, op_invoice_new, st_snapshot, st_teardown},
      {"ssvc_invoice_add_line", st_setup, op_add_line, st_snapshot, st_teardown},
      {"ssvc_charges_month", st_setup, op_month, st_snapshot, st_teardown},
      {"ssvc_charges_fee", st_setup, op_fee, st_snapshot, st_teardown},
      {"ssvc_invoice_ubl", st_setup, op_ubl, st_snapshot, st_teardown},
      {"ssvc_invoice_text", st_setup, op_text, st_snapshot, st_teardown},
  };
  long points[11];
  for (size_t i = 0; i < 11; i++) points[i] = fault_every_alloc(&ops[i]);
  assert_int_equal(points[0], 1); /* the price list */
  assert_int_equal(points[1], 2); /* the array grows, then the entry's text */
  assert_int_equal(points[2], 2); /* the array grows, then the agreement's text */
  assert_int_equal(points[3], 2);
  assert_int_equal(points[4], 0);
  assert_int_equal(points[5], 1); /* one block for the invoice and its texts */
  assert_int_equal(points[6], 2); /* the line's texts, then the array grows */
  /* Two scratch arrays, 6 line texts (two fee segments, freight, packaging, the backup phone,
   * the repair), growing the service array (4 + 5 lines) and the direct invoice's first array. */
  assert_int_equal(points[7], 2 + 6 + 2);
  assert_int_equal(points[8], 0);
  assert_int_equal(points[9], 0); /* libxml2 allocates through its own allocator */
  assert_int_equal(points[10], 0);
}

int main(int argc, char **argv) {
  /* Run as "test_charges ubl": the tests that validate invoices against the UBL 2.1 schema in
   * ../shared (registered as unit.charges.ubl; skipped when the schema is missing). */
  const struct CMUnitTest ubl_tests[] = {
      cmocka_unit_test(credits_mirror_charges),
      cmocka_unit_test(ubl_validates_and_adds_up),
  };
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(charge_kinds),
      cmocka_unit_test(pricelist_defaults_come_from_the_catalogue),
      cmocka_unit_test(pricelist_dates_and_overrides),
      cmocka_unit_test(fee_tier_change_mid_month),
      cmocka_unit_test(pricelist_errors),
      cmocka_unit_test(fee_400_prof_whole_month),
      cmocka_unit_test(fee_custom_tier_and_override),
      cmocka_unit_test(fee_price_change_mid_month),
      cmocka_unit_test(fee_user_count_change_mid_month),
      cmocka_unit_test(vat_is_per_rate_on_the_sum),
      cmocka_unit_test(month_with_shipments_and_charges),
      cmocka_unit_test(ubl_errors),
      cmocka_unit_test(ubl_libxml2_failures),
      cmocka_unit_test(text_rendering),
      cmocka_unit_test(init_functions),
      cmocka_unit_test(invoice_new_errors),
      cmocka_unit_test(add_line_errors),
      cmocka_unit_test(month_errors),
      cmocka_unit_test(allocation_failures),
  };
  int rc;
  if (argc > 1 && strcmp(argv[1], "ubl") == 0) {
    if (!shared_file_present(UBL_XSD, "the UBL 2.1 Invoice schema")) return SKIP_EXIT;
    rc = cmocka_run_group_tests_name("UBL schema", ubl_tests, NULL, NULL);
  } else {
    rc = cmocka_run_group_tests(tests, NULL, NULL);
  }
  if (schema) xmlSchemaFree(schema);
  xmlCleanupParser();
  return rc;
}
