/*
 * Example: one customer's November invoice (rule R8). PROF with an agreement price, a user
 * added mid-month, October's shipments in arrears, a SWAP phone rental, and a repair outside
 * warranty that goes on its own, directly billed invoice. Printed as text; the service invoice
 * is also written as a UBL 2.1 / Peppol BIS 3.0 e-invoice, of which the totals are shown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smartservice.h>

static void print_text(const ssvc_invoice *inv) {
  size_t n = ssvc_invoice_text(inv, SSVC_LANG_EN, NULL, 0);
  char *text = malloc(n + 1);
  if (!text) exit(1);
  ssvc_invoice_text(inv, SSVC_LANG_EN, text, n + 1);
  fputs(text, stdout);
  free(text);
}

static int fail(ssvc_ctx *ctx) {
  fprintf(stderr, "%s\n", ssvc_ctx_errmsg(ctx));
  return 1;
}

int main(void) {
  ssvc_ctx *ctx;
  ssvc_catalog *catalog;
  ssvc_pricelist *prices;
  if (ssvc_ctx_new(&ctx, NULL) != SSVC_OK) return 1;
  if (ssvc_catalog_new(ctx, &catalog) || ssvc_pricelist_new(ctx, &prices, catalog))
    return fail(ctx);
  /* Agreement K-1001 pays 35.00 per PROF user from 2026-01-01, and its own freight amount. */
  ssvc_date jan1 = {2026, 1, 1};
  if (ssvc_pricelist_add_override(prices, "K-1001", "PROF", jan1, 3500) ||
      ssvc_pricelist_add_shipment(prices, "K-1001", SSVC_CHARGE_FREIGHT, jan1, 7500))
    return fail(ctx);

  ssvc_party seller = SSVC_PARTY_INIT, buyer = SSVC_PARTY_INIT;
  seller.name = "Smartservice Support Center AB";
  seller.org_number = "556000-0001";
  seller.vat_number = "SE556000000101";
  seller.city = "Stockholm";
  seller.f_skatt = 1;          /* "Godkänd för F-skatt" */
  seller.bankgiro = "123-4566"; /* paid to; the OCR reference comes from the invoice number */
  buyer.name = "Exempelbolaget AB";
  buyer.org_number = "559111-2221";
  buyer.vat_number = "SE559111222101";
  buyer.street = "Storgatan 5";
  buyer.postal_code = "411 01";
  buyer.city = "Göteborg";
  ssvc_invoice_info info = SSVC_INVOICE_INFO_INIT;
  info.number = "2026-1001-11";
  info.issue_date = (ssvc_date){2026, 11, 1};
  info.due_date = (ssvc_date){2026, 11, 30};
  info.period_start = (ssvc_date){2026, 11, 1};
  info.period_end = (ssvc_date){2026, 11, 30};
  info.buyer_reference = "IT-avdelningen";
  info.seller = &seller;
  info.buyer = &buyer;
  ssvc_invoice *service, *direct;
  if (ssvc_invoice_new(ctx, &service, &info)) return fail(ctx);
  info.number = "2026-1001-11D";
  info.direct = 1;
  if (ssvc_invoice_new(ctx, &direct, &info)) return fail(ctx);

  /* 120 users, 121 from the 16th; 9 shipments in October; two recorded charges. */
  ssvc_user_count users[2] = {{{2026, 3, 1}, 120}, {{2026, 11, 16}, 121}};
  ssvc_charge charges[2] = {SSVC_CHARGE_INIT, SSVC_CHARGE_INIT};
  charges[0].kind = SSVC_CHARGE_SWAP_RENTAL;
  charges[0].quantity = 10;
  charges[0].unit_price_minor = 4900;
  charges[0].date = (ssvc_date){2026, 11, 1};
  charges[1].kind = SSVC_CHARGE_REPAIR;
  charges[1].text_sv = "Skärmbyte, ej garanti";
  charges[1].text_en = "Screen replacement, not under warranty";
  charges[1].quantity = 1;
  charges[1].unit_price_minor = 149000;
  charges[1].date = (ssvc_date){2026, 11, 12};
  ssvc_month_input month = SSVC_MONTH_INPUT_INIT;
  month.agreement = "K-1001";
  month.tier = "PROF";
  month.year = 2026;
  month.month = 11;
  month.users = users;
  month.user_changes = 2;
  month.shipments = 9;
  month.charges = charges;
  month.charge_count = 2;
  if (ssvc_charges_month(prices, service, direct, &month)) return fail(ctx);

  print_text(service);
  printf("\n");
  print_text(direct);

  /* The e-invoice: ask for the size, then write it. */
  size_t len;
  if (ssvc_invoice_ubl(service, NULL, 0, &len)) return fail(ctx);
  char *xml = malloc(len + 1);
  if (!xml || ssvc_invoice_ubl(service, xml, len + 1, &len)) return fail(ctx);
  const char *payable = strstr(xml, "<cbc:PayableAmount");
  printf("\nUBL: %zu bytes, %.*s\n", len, payable ? (int)(strchr(payable, '\n') - payable) : 0,
         payable ? payable : "");
  free(xml);

  ssvc_invoice_free(direct);
  ssvc_invoice_free(service);
  ssvc_pricelist_free(prices);
  ssvc_catalog_free(catalog);
  ssvc_ctx_free(ctx);
  return 0;
}
