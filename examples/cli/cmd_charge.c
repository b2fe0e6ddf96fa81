/* smartservice --db FILE charge add|list: charges on a customer's account, outside any case
 * (rule R8: SWAP phones bought for the stock, backup phones, ...; doc/charges.md "Charges on the
 * account"). The next invoice run of a later month carries them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int kind_arg(const char *cmd, const char *text, int *out) {
  for (int k = SSVC_CHARGE_MONTHLY_FEE + 1; k < SSVC_CHARGE_KIND_COUNT; k++)
    if (strcmp(text, ssvc_charge_kind_key(k)) == 0) {
      *out = k;
      return CLI_OK;
    }
  return cli_usage(cmd,
                   "--kind must be a charge kind: swap-purchase, swap-rental, backup-phone, repair, "
                   "cost-estimate, unreturned, stock-change, freight or packaging (got '%s')",
                   text);
}

static int charge_add(const struct cli_global *g, int argc, char **argv, int first) {
  const char *cmd = "charge add";
  const char *cust = NULL, *kind_s = NULL, *price_s = NULL, *qty_s = "1", *text = NULL,
             *date_s = NULL, *actor = g->actor;
  int credit = 0, npos;
  const struct cli_opt opts[] = {
      {"customer", &cust, NULL, "CUSTOMER", NULL, "the customer (required)"},
      {"kind", &kind_s, NULL,
       "swap-purchase|swap-rental|backup-phone|repair|cost-estimate|unreturned|stock-change|"
       "freight|packaging",
       NULL, "what is charged (required)"},
      {"price", &price_s, NULL, "SEK", NULL, "the unit price (required)"},
      {"quantity", &qty_s, NULL, "N", "1", "how many"},
      {"text", &text, NULL, "TEXT", NULL, "a text for the invoice line"},
      {"date", &date_s, NULL, "YYYY-MM-DD", NULL, "the day of the charge (default today)"},
      {"actor", &actor, NULL, "WHO", "cli", "the name recorded in the logs for this change"},
      {"credit", NULL, &credit, NULL, NULL, "a credit: the amount is paid back"},
      {0}};
  int rc = cli_parse(cmd, argc, argv, first, opts, NULL, 0, &npos);
  if (rc) return rc;
  if ((rc = cli_require(cmd, "customer", cust, "kind", kind_s, "price", price_s,
                        (const char *)NULL)))
    return rc;
  ssvc_charge c = SSVC_CHARGE_INIT;
  uint32_t qty;
  if ((rc = kind_arg(cmd, kind_s, &c.kind)) ||
      (rc = cli_parse_money(cmd, "--price", price_s, &c.unit_price_minor)) ||
      (rc = cli_parse_u32(cmd, "--quantity", qty_s, &qty)) ||
      (rc = cli_parse_date(cmd, "date", date_s, &c.date)))
    return rc;
  c.quantity = credit ? -(int64_t)qty : (int64_t)qty;
  c.text_sv = c.text_en = text;

  struct cli_store s;
  if ((rc = cli_store_open(cmd, g, &s))) return rc;
  if (!date_s) { /* today in Stockholm, by the tool's clock */
    ssvc_local_time lt;
    if (ssvc_stockholm_from_instant(s.ctx, &lt, ssvc_ctx_now(s.ctx)))
      return cli_store_close(&s, cli_fail(cmd, s.ctx));
    c.date = lt.date;
  }
  uint32_t index;
  if (ssvc_charges_record(s.st, &index, cust, &c, actor))
    return cli_store_close(&s, cli_fail(cmd, s.ctx));
  char amount[64];
  ssvc_money_format(amount, sizeof amount, c.quantity * c.unit_price_minor, "SEK");
  printf("%s: charge %u recorded: %s x %lld, %s\n", cust, (unsigned)index, kind_s,
         (long long)c.quantity, amount);
  return cli_store_close(&s, CLI_OK);
}

static int list_cb(void *ud, uint32_t index, const ssvc_charge *c, int64_t at, const char *actor,
                   int invoiced) {
  (void)ud;
  char price[64], date[16], when[32];
  ssvc_money_format(price, sizeof price, c->unit_price_minor, "SEK");
  ssvc_date_format(date, sizeof date, &c->date);
  cli_format_local_seconds(when, sizeof when, at);
  printf("%3u  %s  %-13s %6lld x %12s  %-9s %s by %s%s%s\n", (unsigned)index, date,
         ssvc_charge_kind_key(c->kind), (long long)c->quantity, price,
         invoiced ? "invoiced" : "open", when, actor, c->text_sv ? "  " : "",
         c->text_sv ? c->text_sv : "");
  return 0;
}

static int charge_list(const struct cli_global *g, int argc, char **argv, int first) {
  const char *cmd = "charge list";
  const char *cust = NULL;
  int npos, no_header = 0;
  const struct cli_opt opts[] = {
      {"customer", &cust, NULL, "CUSTOMER", NULL, "the customer (required)"},
      {"no-header", NULL, &no_header, NULL, NULL, "leave out the header line"},
      {0}};
  int rc = cli_parse(cmd, argc, argv, first, opts, NULL, 0, &npos);
  if (rc) return rc;
  if ((rc = cli_require(cmd, "customer", cust, (const char *)NULL))) return rc;
  struct cli_store s;
  if ((rc = cli_store_open_read(cmd, g, &s))) return rc;
  if (!no_header)
    printf("%3s  %-10s  %-13s %6s   %12s  %-9s %s\n", "#", "DATE", "KIND", "QTY", "UNIT PRICE",
           "STATE", "RECORDED, TEXT");
  if (ssvc_charges_list(s.st, cust, list_cb, NULL)) rc = cli_fail(cmd, s.ctx);
  return cli_store_close(&s, rc);
}

int cmd_charge(const struct cli_global *g, int argc, char **argv, int first) {
  if (cli_help_asked("charge", argc, argv, first)) return CLI_HELP;
  if (first < argc && strcmp(argv[first], "add") == 0) return charge_add(g, argc, argv, first + 1);
  if (first < argc && strcmp(argv[first], "list") == 0)
    return charge_list(g, argc, argv, first + 1);
  return cli_usage("charge", "expected 'add' or 'list' (got '%s')",
                   first < argc ? argv[first] : "nothing");
}
