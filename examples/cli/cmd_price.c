/* smartservice --db FILE price set|remove|list: the dated prices kept in the store (rule R8,
 * doc/charges.md "Stored prices"): list prices, and a customer's overrides, each valid from a
 * date. The invoice run prices each day at the price valid that day. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* The item of a price: --tier CODE for the monthly fee, or --kind freight|packaging. */
static int item_args(const char *cmd, const char *tier, const char *kind, ssvc_price *p) {
  if (tier && kind) return cli_usage(cmd, "give --tier or --kind, not both");
  if (!tier && !kind)
    return cli_usage(cmd, "--tier CODE (the monthly fee) or --kind freight|packaging is required");
  if (tier) {
    p->kind = SSVC_CHARGE_MONTHLY_FEE;
    p->tier = tier;
  } else if (strcmp(kind, "freight") == 0) {
    p->kind = SSVC_CHARGE_FREIGHT;
  } else if (strcmp(kind, "packaging") == 0) {
    p->kind = SSVC_CHARGE_PACKAGING;
  } else {
    return cli_usage(cmd, "--kind must be freight or packaging (got '%s')", kind);
  }
  return CLI_OK;
}

static int price_change(const struct cli_global *g, int argc, char **argv, int first, int set) {
  const char *cmd = set ? "price set" : "price remove";
  const char *cust = NULL, *tier = NULL, *kind = NULL, *from_s = NULL, *price_s = NULL,
             *actor = g->actor;
  int npos;
  struct cli_opt opts[] = {
      {"customer", &cust, NULL, "CUSTOMER", NULL,
       "the customer's override instead of the list price"},
      {"tier", &tier, NULL, "CODE", NULL, "the price per user and month of this tier"},
      {"kind", &kind, NULL, "freight|packaging", NULL, "the price of freight or packaging"},
      {"from", &from_s, NULL, "YYYY-MM-DD", NULL, "the first day the price is valid (required)"},
      {"actor", &actor, NULL, "WHO", "cli", "the name recorded in the logs for this change"},
      {"price", &price_s, NULL, "SEK", NULL, "the price (required)"},
      {0}};
  if (!set) opts[5] = (struct cli_opt){0}; /* remove takes no price: an unknown option there */
  int rc = cli_parse(cmd, argc, argv, first, opts, NULL, 0, &npos);
  if (rc) return rc;
  ssvc_price p = SSVC_PRICE_INIT;
  p.customer_id = cust;
  if ((rc = item_args(cmd, tier, kind, &p))) return rc;
  if (!from_s) return cli_usage(cmd, "--from YYYY-MM-DD is required");
  if ((rc = cli_parse_date(cmd, "from", from_s, &p.from))) return rc;
  if (set && !price_s) return cli_usage(cmd, "--price is required (in SEK)");
  if (set && (rc = cli_parse_money(cmd, "--price", price_s, &p.amount_minor))) return rc;

  struct cli_store s;
  if ((rc = cli_store_open(cmd, g, &s))) return rc;
  if (set ? ssvc_price_set(s.st, &p, actor) : ssvc_price_remove(s.st, &p))
    return cli_store_close(&s, cli_fail(cmd, s.ctx));
  char date[16], amount[64];
  ssvc_date_format(date, sizeof date, &p.from);
  ssvc_money_format(amount, sizeof amount, p.amount_minor, "SEK");
  const char *what = tier ? tier : kind;
  if (set)
    printf("%s%s price of %s from %s: %s\n", cust ? cust : "list", cust ? " override:" : ":",
           what, date, amount);
  else
    printf("%s%s price of %s from %s removed\n", cust ? cust : "list", cust ? " override:" : ":",
           what, date);
  return cli_store_close(&s, rc);
}

static int list_cb(void *ud, const ssvc_price *p) {
  int *n = ud;
  char date[16], amount[64];
  ssvc_date_format(date, sizeof date, &p->from);
  ssvc_money_format(amount, sizeof amount, p->amount_minor, "SEK");
  const char *item = p->kind == SSVC_CHARGE_MONTHLY_FEE ? "monthly-fee" : ssvc_charge_kind_key(p->kind);
  printf("%-12s %-6s from %s  %14s%s\n", item, p->tier ? p->tier : "-", date, amount,
         p->kind == SSVC_CHARGE_MONTHLY_FEE ? " per user and month" : " per shipment");
  ++*n;
  return 0;
}

static int price_list(const struct cli_global *g, int argc, char **argv, int first) {
  const char *cmd = "price list";
  const char *cust = NULL;
  int npos, n = 0, no_header = 0;
  const struct cli_opt opts[] = {
      {"customer", &cust, NULL, "CUSTOMER", NULL,
       "the customer's override instead of the list price"},
      {"no-header", NULL, &no_header, NULL, NULL, "leave out the header line"},
      {0}};
  int rc = cli_parse(cmd, argc, argv, first, opts, NULL, 0, &npos);
  if (rc) return rc;
  struct cli_store s;
  if ((rc = cli_store_open_read(cmd, g, &s))) return rc;
  printf("%s\n", cust ? cust : "list prices");
  if (!no_header) printf("%-12s %-6s %-15s  %14s\n", "ITEM", "TIER", "FROM", "PRICE");
  if (ssvc_price_list(s.st, cust, list_cb, &n)) return cli_store_close(&s, cli_fail(cmd, s.ctx));
  if (!n)
    printf("  none stored: %s\n", cust ? "the list prices apply" : "the tiers' catalogue prices "
                                                                   "and the default freight and "
                                                                   "packaging apply");
  return cli_store_close(&s, CLI_OK);
}

int cmd_price(const struct cli_global *g, int argc, char **argv, int first) {
  if (cli_help_asked("price", argc, argv, first)) return CLI_HELP;
  const char *sub = first < argc ? argv[first] : "nothing";
  if (strcmp(sub, "set") == 0) return price_change(g, argc, argv, first + 1, 1);
  if (strcmp(sub, "remove") == 0) return price_change(g, argc, argv, first + 1, 0);
  if (strcmp(sub, "list") == 0) return price_list(g, argc, argv, first + 1);
  return cli_usage("price", "expected 'set', 'remove' or 'list' (got '%s')", sub);
}
