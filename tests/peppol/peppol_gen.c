/* peppol_gen DIR: writes, through the public API only, the stored invoices and credit notes that
 * the Peppol harness (tests/peppol/run.sh, doc/testing.md "Peppol") validates: a month of four
 * customers at VAT 25, 12, 6 and 0 percent, with a fleet and a tier change mid-month
 * (proration), a rented SWAP stock, charges on the account (a backup phone, a purchase, freight,
 * a credit that the month nets) and a repair on the direct invoice, and a month whose credit
 * exceeds its charges (billed as a credit note); then credit notes of a whole invoice and of
 * single lines. The parties are valid: organisation numbers with their Luhn check
 * digit, VAT numbers SE + number + 01. Prints each file it wrote; exit 0, or 1 with the
 * library's message. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smartservice.h>

static int64_t now;
static int64_t clock_cb(void *ud) {
  (void)ud;
  return now;
}

static ssvc_ctx *ctx;
static ssvc_store *st;
static const char *dir;

static void die(const char *what) {
  fprintf(stderr, "peppol_gen: %s: %s\n", what, ssvc_ctx_errmsg(ctx));
  exit(1);
}

/* "NNNNNN-NNNN" from nine digits and their Luhn check digit. */
static void org_number(char out[12], const char *nine) {
  int sum = 0;
  for (int i = 0; i < 9; i++) {
    int d = (nine[i] - '0') * (i % 2 == 0 ? 2 : 1);
    sum += d > 9 ? d - 9 : d;
  }
  snprintf(out, 12, "%.6s-%.3s%d", nine, nine + 6, (10 - sum % 10) % 10);
}

/* "SE" + the ten digits + "01". */
static void vat_number(char out[15], const char *org) {
  snprintf(out, 15, "SE%.6s%.4s01", org, org + 7);
}

struct party_buf {
  char org[12], vat[15];
  ssvc_party p;
};

static void party(struct party_buf *b, const char *name, const char *nine, const char *city) {
  org_number(b->org, nine);
  vat_number(b->vat, b->org);
  b->p = (ssvc_party)SSVC_PARTY_INIT;
  b->p.name = name;
  b->p.org_number = b->org;
  b->p.vat_number = b->vat;
  b->p.street = "Storgatan 1";
  b->p.postal_code = "111 22";
  b->p.city = city;
}

static void agreement(const char *id, const char *tier, uint32_t fleet, uint32_t vat,
                      int64_t rent) {
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  s.customer_id = id;
  s.customer_name = id;
  s.tier_code = tier;
  s.fleet = fleet;
  s.vat_basis_points = vat;
  s.swap_rent_minor = rent;
  if (ssvc_agreement_create(st, &s, "harness")) die("ssvc_agreement_create");
}

/* From @p at on: @p tier with @p fleet users. */
static void change(const char *id, const char *tier, uint32_t fleet, int64_t at) {
  ssvc_agreement *a;
  if (ssvc_agreement_load(st, &a, id)) die("ssvc_agreement_load");
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  if (ssvc_agreement_spec_get(a, &s)) die("ssvc_agreement_spec_get");
  s.tier_code = tier;
  s.fleet = fleet;
  if (ssvc_agreement_update_from(st, &s, ssvc_agreement_stored_version(a), "harness", at))
    die("ssvc_agreement_update_from");
  ssvc_agreement_free(a);
}

static void account(const char *id, int kind, int64_t qty, int64_t price, const char *text) {
  ssvc_charge c = SSVC_CHARGE_INIT;
  c.kind = kind;
  c.quantity = qty;
  c.unit_price_minor = price;
  c.text_sv = text;
  c.date = (ssvc_date){2026, 10, 12};
  if (ssvc_charges_record(st, NULL, id, &c, "harness")) die("ssvc_charges_record");
}

static void write_doc(ssvc_invoice *inv) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s.xml", dir, ssvc_invoice_number(inv));
  if (ssvc_invoice_ubl_file(inv, path)) die("ssvc_invoice_ubl_file");
  printf("%s\n", path);
}

static void run(const char *id, const ssvc_pricelist *pl, const ssvc_party *seller,
                const ssvc_party *buyer) {
  ssvc_invoice_run_spec r = SSVC_INVOICE_RUN_SPEC_INIT;
  r.customer_id = id;
  r.year = 2026;
  r.month = 11;
  r.pricelist = pl;
  r.seller = seller;
  r.buyer = buyer;
  ssvc_invoice *svc = NULL, *dir_inv = NULL;
  if (ssvc_invoice_run(st, &svc, &dir_inv, &r)) die("ssvc_invoice_run");
  if (svc) write_doc(svc);
  if (dir_inv) write_doc(dir_inv);
  ssvc_invoice_free(svc);
  ssvc_invoice_free(dir_inv);
}

static void credit(const char *number, size_t line, const char *reason) {
  ssvc_credit_spec c = SSVC_CREDIT_SPEC_INIT;
  c.invoice_number = number;
  c.lines = line ? &line : NULL;
  c.line_count = line ? 1 : 0;
  c.reason = reason;
  ssvc_invoice *cn = NULL;
  if (ssvc_credit_note_issue(st, &cn, &c)) die("ssvc_credit_note_issue");
  write_doc(cn);
  ssvc_invoice_free(cn);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: peppol_gen DIR\n");
    return 2;
  }
  dir = argv[1];
  ssvc_ctx_options o = SSVC_CTX_OPTIONS_INIT;
  o.clock = clock_cb;
  now = INT64_C(1791615600); /* 2026-10-10 07:00 UTC */
  if (ssvc_ctx_new(&ctx, &o) || ssvc_store_memory_new(ctx, &st)) return 1;
  ssvc_catalog *cat = NULL;
  ssvc_pricelist *pl = NULL;
  if (ssvc_catalog_new(ctx, &cat) || ssvc_pricelist_new(ctx, &pl, cat)) die("price list");

  struct party_buf seller, b25, b12, b06, b00;
  party(&seller, "Smartservice Harness AB", "556677889", "Stockholm");
  party(&b25, "Bygg i Norr AB", "556123456", "Umeå");
  party(&b12, "Tolv Procent AB", "556234567", "Göteborg");
  party(&b06, "Sex Procent AB", "556345678", "Malmö");
  party(&b00, "Nollmoms AB", "556456789", "Luleå");

  /* VAT 25: BAS -> PROF and 120 -> 150 users on 16 November (two prorated lines), a rented
   * stock of two phones, account charges (and a credit the month nets), a repair. */
  agreement("A25", "BAS", 120, 2500, 4900);
  agreement("B12", "PROF", 40, 1200, 0);
  agreement("C06", "BAS", 12, 600, 0);
  agreement("D00", "PROF", 25, 0, 0);
  agreement("E25", "BAS", 2, 2500, 0); /* a credit larger than its month: a credit note */
  change("A25", "PROF", 150, INT64_C(1794783600)); /* 2026-11-16 00:00 Stockholm */
  now = INT64_C(1791615600);
  if (ssvc_swap_receive(st, "A25", "353320110000010", "Fairphone 5", "harness", NULL) ||
      ssvc_swap_receive(st, "A25", "353320110000028", "Fairphone 5", "harness", NULL))
    die("ssvc_swap_receive");
  account("A25", SSVC_CHARGE_BACKUP_PHONE, 1, 199000, "Reservtelefon Fairphone 5");
  account("A25", SSVC_CHARGE_SWAP_PURCHASE, 2, 349000, NULL);
  account("A25", SSVC_CHARGE_FREIGHT, 3, 8900, "Frakt, tre försändelser");
  account("A25", SSVC_CHARGE_BACKUP_PHONE, -1, 50000, "Kreditering, skadad reservtelefon");
  account("A25", SSVC_CHARGE_REPAIR, 1, 125000, "Reparation, skärmbyte");
  account("B12", SSVC_CHARGE_BACKUP_PHONE, 1, 199000, NULL);
  account("C06", SSVC_CHARGE_PACKAGING, 2, 2500, NULL);
  account("D00", SSVC_CHARGE_COST_ESTIMATE, 1, 30000, "Kostnadsförslag");
  account("E25", SSVC_CHARGE_SWAP_PURCHASE, -1, 349000, "Återköp SWAP-telefon");
  /* Rented backup phones from 10 October: the November runs bill their rent for 22 of October's
   * 31 days (the default 49.00: 34.77 each), at 25% and 12% VAT. */
  if (ssvc_backup_phone_add(st, "A25", "356938030000013", "Nokia 105", SSVC_BACKUP_RENTED, 0,
                            "harness") ||
      ssvc_backup_phone_add(st, "B12", "356938030000021", "Nokia 105", SSVC_BACKUP_RENTED, 0,
                            "harness"))
    die("ssvc_backup_phone_add");

  now = INT64_C(1793526000); /* 2026-11-01 09:40 UTC: the month's runs */
  run("A25", pl, &seller.p, &b25.p);
  run("B12", pl, &seller.p, &b12.p);
  run("C06", pl, &seller.p, &b06.p);
  run("D00", pl, &seller.p, &b00.p);
  run("E25", pl, &seller.p, &b25.p);

  now = INT64_C(1794304800); /* 2026-11-10: credit notes, whole and partial */
  credit("INV-2026-000001", 0, "Fel användarantal");  /* A25's service invoice, whole */
  credit("INV-2026-000002", 1, NULL);                 /* A25's repair, its one line */
  credit("INV-2026-000003", 1, "Avtalat pris");       /* B12: one line of two */
  credit("INV-2026-000006", 0, NULL);                 /* D00 at 0%, whole */

  ssvc_pricelist_free(pl);
  ssvc_catalog_free(cat);
  ssvc_store_free(st);
  ssvc_ctx_free(ctx);
  return 0;
}
