/* smartservice invoice-preview: a stateless preview of one customer's invoice for a month, so
 * that pricing (and the proration of a user-count or tier change) can be tried without a database
 * (rule R8). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* "YYYY-MM" with a month 01..12; CLI_USAGE naming --month otherwise. */
static int parse_month(const char *cmd, const char *text, int *year, int *month) {
  int ok = cli_parse_month(text, year, month) == 0;
  if (!ok) return cli_usage(cmd, "--month must be YYYY-MM with a month 01..12 (got '%s')", text);
  return CLI_OK;
}

#define MAX_CHANGES 32

/* A value at the month's start and dated changes within it: "A" or "A,B@YYYY-MM-DD,..." (the
 * dates increasing and inside the month: the library checks the order, and cli_errtext names a
 * misplaced item by its place). Splits @p buf (a copy of the option's text) into @p items and
 * @p dates; @p opt, @p what ("count") and @p sample ("N") name the option and its values in
 * messages. Nothing given is an error of the caller's. */
static int parse_dated(const char *cmd, const char *opt, const char *what, const char *sample,
                       char *buf, ssvc_date first_day, char **items, ssvc_date *dates,
                       size_t *n) {
  *n = 0;
  for (char *item = strtok(buf, ","); item; item = strtok(NULL, ",")) {
    if (*n == MAX_CHANGES)
      return cli_usage(cmd, "%s has more than %d %ss", opt, MAX_CHANGES, what);
    char *at = strchr(item, '@');
    ssvc_date from = first_day;
    if (at) {
      *at = '\0';
      if (*n == 0)
        return cli_usage(cmd, "%s: the first %s holds from the month's start (got '%s@%s')",
                         opt, what, item, at + 1);
      if (ssvc_date_parse(NULL, &from, at + 1))
        return cli_usage(cmd, "%s: '%s' is not a date YYYY-MM-DD", opt, at + 1);
      if (from.year != first_day.year || from.month != first_day.month)
        return cli_usage(cmd, "%s: %s is not in the month %04d-%02d", opt, at + 1,
                         first_day.year, first_day.month);
    } else if (*n > 0) {
      return cli_usage(cmd, "%s: %s '%s' needs a date (%s@YYYY-MM-DD)", opt, what, item, sample);
    }
    items[*n] = item;
    dates[(*n)++] = from;
  }
  return CLI_OK;
}

/* --users "N" or "N,M@YYYY-MM-DD,...": the count at the month's start, then changes. */
static int parse_users(const char *cmd, const char *text, ssvc_date first_day,
                       ssvc_user_count *out, size_t *n) {
  char buf[512], *items[MAX_CHANGES];
  ssvc_date dates[MAX_CHANGES];
  if (strlen(text) >= sizeof buf) return cli_usage(cmd, "--users is too long");
  strcpy(buf, text);
  int rc = parse_dated(cmd, "--users", "count", "N", buf, first_day, items, dates, n);
  if (!rc && *n == 0) return cli_usage(cmd, "--users must be a whole number (got '%s')", text);
  for (size_t i = 0; !rc && i < *n; i++) {
    out[i].from = dates[i];
    rc = cli_parse_u32(cmd, "--users", items[i], &out[i].users);
  }
  return rc;
}

/* --tier "T" or "T,U@YYYY-MM-DD,...": the tier at the month's start, then changes; each code
 * must be in @p cat. The codes point into @p buf. */
static int parse_tiers(const char *cmd, const char *text, ssvc_date first_day,
                       const ssvc_catalog *cat, char *buf, size_t size, ssvc_fee_terms *out,
                       size_t *n) {
  char *items[MAX_CHANGES];
  ssvc_date dates[MAX_CHANGES];
  if (strlen(text) >= size) return cli_usage(cmd, "--tier is too long");
  strcpy(buf, text);
  int rc = parse_dated(cmd, "--tier", "tier", "T", buf, first_day, items, dates, n);
  if (!rc && *n == 0) return cli_usage(cmd, "--tier: no tier '%s'", text);
  for (size_t i = 0; !rc && i < *n; i++) {
    const ssvc_tier *t;
    if (ssvc_catalog_find(cat, items[i], &t)) return cli_usage(cmd, "--tier: no tier '%s'", items[i]);
    out[i] = (ssvc_fee_terms){dates[i], ssvc_tier_code(t), -1, -1};
  }
  return rc;
}

static int print_invoice(const char *cmd, ssvc_ctx *ctx, const ssvc_invoice *inv, int ubl,
                         int lang) {
  size_t len = 0;
  char *buf = NULL;
  if (ubl) {
    if (ssvc_invoice_ubl(inv, NULL, 0, &len)) return cli_fail(cmd, ctx);
    buf = malloc(len + 1);
    if (!buf || ssvc_invoice_ubl(inv, buf, len + 1, &len)) {
      int failed = buf != NULL;
      free(buf);
      if (failed) return cli_fail(cmd, ctx);
      fprintf(stderr, "smartservice %s: out of memory\n", cmd);
      return CLI_FAIL;
    }
  } else {
    len = ssvc_invoice_text(inv, lang, NULL, 0);
    buf = malloc(len + 1);
    if (!buf) return fprintf(stderr, "smartservice %s: out of memory\n", cmd), CLI_FAIL;
    ssvc_invoice_text(inv, lang, buf, len + 1);
  }
  fwrite(buf, 1, len, stdout);
  free(buf);
  return CLI_OK;
}

int cmd_invoice_preview(const struct cli_global *g, int argc, char **argv, int first) {
  const char *cmd = "invoice-preview";
  const char *tier_s = NULL, *users_s = NULL, *month_s = NULL, *format_s = "text", *ship_s = "0",
             *lang_s = "en", *vat_s = "25", *cust = NULL;
  int npos, lang = SSVC_LANG_EN, year = 0, month = 0;
  const struct cli_opt opts[] = {
      {"tier", &tier_s, NULL, "T[,T@YYYY-MM-DD...]", NULL,
       "the tier, and its changes in the month (required)"},
      {"users", &users_s, NULL, "N[,N@YYYY-MM-DD...]", NULL,
       "the user count, and its changes (required)"},
      {"month", &month_s, NULL, "YYYY-MM", NULL, "the month invoiced (required)"},
      {"format", &format_s, NULL, "text|ubl", "text",
       "text for people, or UBL 2.1 / Peppol BIS 3.0 XML"},
      {"shipments", &ship_s, NULL, "K", "0", "the number of shipments in the month"},
      {"lang", &lang_s, NULL, "sv|en", "en", "the language of the output"},
      {"vat", &vat_s, NULL, "P", "25", "the VAT rate in percent"},
      {"customer", &cust, NULL, "CUSTOMER", NULL, "the customer whose agreement gives the buyer"},
      {0}};
  char *pos[1];
  int rc = cli_parse(cmd, argc, argv, first, opts, pos, 0, &npos);
  if (rc) return rc;
  if ((rc = cli_require(cmd, "tier", tier_s, "users", users_s, "month", month_s,
                        (const char *)NULL)))
    return rc;
  uint32_t shipments, vat_bp;
  ssvc_user_count users[MAX_CHANGES];
  size_t nusers = 0;
  if ((rc = parse_month(cmd, month_s, &year, &month)) ||
      (rc = parse_users(cmd, users_s, (ssvc_date){year, month, 1}, users, &nusers)) ||
      (rc = cli_parse_u32(cmd, "--shipments", ship_s, &shipments)) ||
      (rc = cli_parse_lang(cmd, lang_s, &lang)) ||
      (rc = cli_parse_share(cmd, "--vat", vat_s, 1, &vat_bp)))
    return rc;
  int ubl = strcmp(format_s, "ubl") == 0;
  if (!ubl && strcmp(format_s, "text") != 0)
    return cli_usage(cmd, "--format must be 'text' or 'ubl' (got '%s')", format_s);

  /* The seller is the stored Support Center; the buyer the agreement's of --customer. */
  struct cli_store st;
  if ((rc = cli_store_open(cmd, g, &st))) return rc;
  ssvc_ctx *ctx = st.ctx;
  ssvc_catalog *cat = NULL;
  ssvc_pricelist *pl = NULL;
  ssvc_invoice *inv = NULL;
  ssvc_center *center = NULL;
  ssvc_agreement *ag = NULL;
  ssvc_party seller = SSVC_PARTY_INIT;
  if (ssvc_center_load(st.st, &center)) {
    rc = cli_fail(cmd, ctx);
    goto done;
  }
  ssvc_center_party(center, &seller);
  ssvc_agreement_spec as = SSVC_AGREEMENT_SPEC_INIT;
  if (cust && (ssvc_agreement_load(st.st, &ag, cust) || ssvc_agreement_spec_get(ag, &as))) {
    rc = cli_fail(cmd, ctx);
    goto done;
  }
  /* Not sendable without a buyer identity and a reference: the text says so, UBL is refused. */
  const char *missing = !cust       ? "no customer (--customer) and so no buyer"
                        : !as.buyer ? "the agreement has no buyer identity (agreement set "
                                      "--buyer-name ... --buyer-org-number ...)"
                        : !as.buyer_reference && !as.order_reference
                            ? "the agreement has no buyer reference or order reference "
                              "(agreement set --buyer-reference ...)"
                            : NULL;
  if (missing && ubl) {
    fprintf(stderr, "smartservice %s: --format ubl: not sendable: %s\n", cmd, missing);
    rc = CLI_FAIL;
    goto done;
  }
  if (ssvc_catalog_new(ctx, &cat) || ssvc_pricelist_new(ctx, &pl, cat)) {
    rc = cli_fail(cmd, ctx);
    goto done;
  }
  char tier_buf[512];
  ssvc_fee_terms terms[MAX_CHANGES];
  size_t nterms = 0;
  if ((rc = parse_tiers(cmd, tier_s, (ssvc_date){year, month, 1}, cat, tier_buf,
                        sizeof tier_buf, terms, &nterms)))
    goto done;
  ssvc_party none = SSVC_PARTY_INIT; /* a placeholder buyer, only on a text marked unsendable */
  none.version = 1;
  none.name = lang == SSVC_LANG_SV ? "(ingen köpare)" : "(no buyer)";
  none.org_number = "-";
  char number[32];
  snprintf(number, sizeof number, "PREVIEW-%04d-%02d", year, month);
  ssvc_invoice_info info = SSVC_INVOICE_INFO_INIT;
  info.number = number;
  /* Issued on the month's first day, due on its last. */
  int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int dim = month == 2 ? 28 + leap : (month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31);
  ssvc_date first_day = {year, month, 1}, last_day = {year, month, dim};
  info.issue_date = first_day;
  info.due_date = last_day;
  info.period_start = first_day;
  info.period_end = last_day;
  info.seller = &seller;
  info.buyer = missing ? &none : as.buyer;
  if (!missing) {
    info.buyer_reference = as.buyer_reference ? as.buyer_reference : cust;
    info.order_reference = as.order_reference;
  }
  ssvc_month_input in = SSVC_MONTH_INPUT_INIT;
  in.tier = terms[0].tier;
  in.terms = terms;
  in.term_count = nterms;
  in.year = year;
  in.month = month;
  in.users = users;
  in.user_changes = nusers;
  in.shipments = shipments;
  in.vat_basis_points = vat_bp;
  if (ssvc_invoice_new(ctx, &inv, &info) || ssvc_charges_month(pl, inv, NULL, &in)) {
    rc = cli_fail(cmd, ctx);
    goto done;
  }
  if (missing)
    printf("%s: %s\n\n",
           lang == SSVC_LANG_SV ? "FÖRHANDSVISNING, KAN INTE SKICKAS" : "PREVIEW, NOT SENDABLE",
           missing);
  rc = print_invoice(cmd, ctx, inv, ubl, lang);
done:
  ssvc_invoice_free(inv);
  ssvc_pricelist_free(pl);
  ssvc_catalog_free(cat);
  ssvc_agreement_free(ag);
  ssvc_center_free(center);
  return cli_store_close(&st, rc);
}
