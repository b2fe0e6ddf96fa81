/* smartservice --db FILE invoice: the stored monthly invoice run of one customer (rule R8,
 * doc/charges.md "The invoice run"). The first run of a month stores the invoices; every later
 * run prints the very same ones. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int month_arg(const char *cmd, const char *text, int *year, int *month) {
  int ok = strlen(text) == 7 && text[4] == '-';
  for (int i = 0; ok && i < 7; i++)
    if (i != 4 && (text[i] < '0' || text[i] > '9')) ok = 0;
  if (ok) {
    *year = atoi(text);
    *month = atoi(text + 5);
    ok = *year >= 1901 && *year <= 2199 && *month >= 1 && *month <= 12;
  }
  if (!ok)
    return cli_usage(cmd, "--month must be YYYY-MM with a month 01..12 of 1901..2199 (got '%s')",
                     text);
  return CLI_OK;
}

/* Renders @p inv into a malloc'ed string; NULL (message printed) on failure. */
static char *render(const char *cmd, ssvc_ctx *ctx, const ssvc_invoice *inv, int ubl, int lang) {
  size_t len = 0;
  char *buf = NULL;
  if (ubl) {
    if (ssvc_invoice_ubl(inv, NULL, 0, &len)) return cli_fail(cmd, ctx), NULL;
    buf = malloc(len + 1);
    if (buf && ssvc_invoice_ubl(inv, buf, len + 1, &len)) {
      free(buf);
      return cli_fail(cmd, ctx), NULL;
    }
  } else {
    len = ssvc_invoice_text(inv, lang, NULL, 0);
    buf = malloc(len + 1);
    if (buf) ssvc_invoice_text(inv, lang, buf, len + 1);
  }
  if (!buf) fprintf(stderr, "smartservice %s: out of memory\n", cmd);
  return buf;
}

int cmd_invoice_run(const struct cli_global *g, int argc, char **argv, int first) {
  const char *cmd = "invoice";
  const char *cust = NULL, *month_s = NULL, *format_s = "text", *lang_s = "en", *out_s = NULL;
  int direct_only = 0, npos, year = 0, month = 0, lang = SSVC_LANG_EN;
  const struct cli_opt opts[] = {{"customer", &cust, NULL}, {"month", &month_s, NULL},
                                 {"format", &format_s, NULL}, {"lang", &lang_s, NULL},
                                 {"out", &out_s, NULL},       {"direct", NULL, &direct_only},
                                 {NULL, NULL, NULL}};
  int rc = cli_parse(cmd, argc, argv, first, opts, NULL, 0, &npos);
  if (rc) return rc;
  if (!cust) return cli_usage(cmd, "--customer is required");
  if (!month_s) return cli_usage(cmd, "--month is required");
  if ((rc = month_arg(cmd, month_s, &year, &month))) return rc;
  int ubl = strcmp(format_s, "ubl") == 0;
  if (!ubl && strcmp(format_s, "text") != 0)
    return cli_usage(cmd, "--format must be 'text' or 'ubl' (got '%s')", format_s);
  if ((rc = cli_parse_lang(cmd, lang_s, &lang))) return rc;

  struct cli_store s;
  if ((rc = cli_store_open(cmd, g, &s))) return rc;
  ssvc_invoice *inv[2] = {NULL, NULL};
  ssvc_party seller = cli_seller();
  ssvc_invoice_run_spec spec = SSVC_INVOICE_RUN_SPEC_INIT;
  spec.customer_id = cust;
  spec.year = year;
  spec.month = month;
  spec.seller = &seller;
  /* spec.pricelist stays NULL: the prices kept in the store (price set). */
  if (ssvc_invoice_run(s.st, &inv[0], &inv[1], &spec)) {
    rc = cli_fail(cmd, s.ctx);
    goto out;
  }
  /* Service invoice, then the direct one; --direct: only the direct one. */
  FILE *f = stdout;
  if (out_s && !(f = fopen(out_s, "w"))) {
    fprintf(stderr, "smartservice %s: --out: cannot write '%s'\n", cmd, out_s);
    rc = CLI_FAIL;
    goto out;
  }
  int printed = 0;
  for (int k = direct_only ? 1 : 0; k < 2 && !rc; k++) {
    if (!inv[k]) continue;
    if (ubl && printed) break; /* one XML document per output */
    char *text = render(cmd, s.ctx, inv[k], ubl, lang);
    if (!text) {
      rc = CLI_FAIL;
      break;
    }
    if (printed) fputs("\n", f);
    fputs(text, f);
    free(text);
    printed = 1;
  }
  if (!rc && !printed)
    fprintf(f, "%s %04d-%02d: no %sinvoice (nothing to invoice)\n", cust, year, month,
            direct_only ? "direct " : "");
  if (f != stdout && fclose(f) && !rc) {
    fprintf(stderr, "smartservice %s: --out: cannot write '%s'\n", cmd, out_s);
    rc = CLI_FAIL;
  }
out:
  ssvc_invoice_free(inv[0]);
  ssvc_invoice_free(inv[1]);
  return cli_store_close(&s, rc);
}
