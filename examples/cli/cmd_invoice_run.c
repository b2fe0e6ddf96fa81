/* smartservice --db FILE invoice: the stored monthly invoice run of one customer (rule R8,
 * doc/charges.md "The invoice run"). The first run of a month stores the invoices; every later
 * run prints the very same ones. */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fchmod, umask */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* --out FILE, checked before anything is stored: a temporary file beside FILE ("FILE.XXXXXX",
 * so in the same directory and file system) is created first, so a path that cannot be written
 * is refused before the run; the output goes there, and it is renamed over FILE once complete.
 * On any failure it is removed and FILE is left as it was. Without --out, stdout. */
struct out_file {
  const char *path; /* NULL: stdout */
  char *tmp;
  FILE *f;
};

static int out_open(const char *cmd, struct out_file *o, const char *path) {
  o->path = path;
  o->tmp = NULL;
  o->f = stdout;
  if (!path) return CLI_OK;
  size_t n = strlen(path) + 8;
  int fd = -1;
  if (!(o->tmp = malloc(n))) {
    fprintf(stderr, "smartservice %s: out of memory\n", cmd);
    return CLI_FAIL;
  }
  snprintf(o->tmp, n, "%s.XXXXXX", path);
  mode_t mask = umask(0);
  umask(mask);
  if ((fd = mkstemp(o->tmp)) < 0 || fchmod(fd, 0666 & ~mask) != 0 || !(o->f = fdopen(fd, "w"))) {
    int e = errno;
    if (fd >= 0) {
      close(fd);
      unlink(o->tmp);
    }
    fprintf(stderr, "smartservice %s: --out: cannot write '%s' (%s); nothing was done\n", cmd,
            path, strerror(e));
    free(o->tmp);
    o->tmp = NULL;
    o->f = NULL;
    return CLI_FAIL;
  }
  return CLI_OK;
}

/* Ends the output begun by out_open(): with @p rc CLI_OK, closes and renames it into place
 * (a failure is reported and returned); otherwise removes it. Returns the final status. */
static int out_close(const char *cmd, struct out_file *o, int rc) {
  if (!o->path || !o->tmp) return rc;
  int closed = !ferror(o->f);
  if (fclose(o->f) != 0) closed = 0;
  if (!rc && (!closed || rename(o->tmp, o->path) != 0)) {
    fprintf(stderr, "smartservice %s: --out: cannot write '%s' (%s)\n", cmd, o->path,
            strerror(errno));
    rc = CLI_FAIL;
  }
  if (rc) unlink(o->tmp);
  free(o->tmp);
  o->tmp = NULL;
  return rc;
}

static int month_arg(const char *cmd, const char *text, int *year, int *month) {
  int ok = cli_parse_month(text, year, month) == 0 && *year >= 1901 && *year <= 2199;
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

/* "N[,N...]": line numbers 1..10000 into @p lines (at most @p max). */
static int parse_lines(const char *cmd, const char *text, size_t *lines, size_t max, size_t *n) {
  *n = 0;
  const char *p = text;
  for (;;) {
    char *end;
    unsigned long v = (*p >= '0' && *p <= '9') ? strtoul(p, &end, 10) : 0;
    if (v == 0 || v > 10000 || *n == max || (*end != ',' && *end != '\0'))
      return cli_usage(cmd, "--line must be line numbers N[,N...] of 1..10000, at most %zu "
                       "(got '%s')", max, text);
    lines[(*n)++] = v;
    if (!*end) return CLI_OK;
    p = end + 1;
  }
}

/* smartservice --db FILE invoice credit NUMBER [--line N[,N...]] [--reason TEXT] [--format
 * text|ubl] [--lang sv|en] [--out FILE]: a credit note of a stored invoice (doc/charges.md
 * "Credit notes"). */
static int cmd_invoice_credit(const struct cli_global *g, int argc, char **argv, int first) {
  const char *cmd = "invoice credit";
  const char *line_s = NULL, *reason = NULL, *format_s = "text", *lang_s = "en", *out_s = NULL;
  int npos, lang = SSVC_LANG_EN;
  char *pos[1];
  const struct cli_opt opts[] = {
      {"line", &line_s, NULL, "N[,N...]", NULL, "credit only these lines (numbered from 1)"},
      {"reason", &reason, NULL, "TEXT", NULL, "why the invoice is credited"},
      {"format", &format_s, NULL, "text|ubl", "text", "text for people, or UBL 2.1 XML"},
      {"lang", &lang_s, NULL, "sv|en", "en", "the language of the output"},
      {"out", &out_s, NULL, "FILE", NULL, "write to FILE instead of stdout"},
      {0}};
  int rc = cli_parse(cmd, argc, argv, first, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage(cmd, "give the number of the invoice to credit");
  size_t lines[64], nlines = 0;
  if (line_s && (rc = parse_lines(cmd, line_s, lines, 64, &nlines))) return rc;
  int ubl = strcmp(format_s, "ubl") == 0;
  if (!ubl && strcmp(format_s, "text") != 0)
    return cli_usage(cmd, "--format must be 'text' or 'ubl' (got '%s')", format_s);
  if ((rc = cli_parse_lang(cmd, lang_s, &lang))) return rc;
  struct out_file of;
  if ((rc = out_open(cmd, &of, out_s))) return rc;
  struct cli_store s;
  if ((rc = cli_store_open(cmd, g, &s))) return out_close(cmd, &of, rc);
  ssvc_credit_spec spec = SSVC_CREDIT_SPEC_INIT;
  spec.invoice_number = pos[0];
  spec.lines = nlines ? lines : NULL;
  spec.line_count = nlines;
  spec.reason = reason;
  ssvc_invoice *cn = NULL;
  char *text = NULL;
  if (ssvc_credit_note_issue(s.st, &cn, &spec)) rc = cli_fail(cmd, s.ctx);
  else if (!(text = render(cmd, s.ctx, cn, ubl, lang))) rc = CLI_FAIL;
  else fputs(text, of.f);
  free(text);
  ssvc_invoice_free(cn);
  rc = cli_store_close(&s, rc);
  return out_close(cmd, &of, rc);
}

static int credit_cb(void *ud, const char *number, const char *invoice) {
  (void)ud;
  if (!*invoice) return printf("%s  the month's credits exceed its charges\n", number) < 0;
  return printf("%s  credits %s\n", number, invoice) < 0;
}

/* smartservice --db FILE invoice credits --customer C: the customer's credit notes. */
static int cmd_invoice_credits(const struct cli_global *g, int argc, char **argv, int first) {
  const char *cmd = "invoice credits";
  const char *cust = NULL;
  int npos;
  const struct cli_opt opts[] = {
      {"customer", &cust, NULL, "CUSTOMER", NULL, "the customer (required)"},
      {0}};
  int rc = cli_parse(cmd, argc, argv, first, opts, NULL, 0, &npos);
  if (rc) return rc;
  if ((rc = cli_require(cmd, "customer", cust, (const char *)NULL))) return rc;
  struct cli_store s;
  if ((rc = cli_store_open(cmd, g, &s))) return rc;
  if (ssvc_credit_note_list(s.st, cust, credit_cb, NULL)) rc = cli_fail(cmd, s.ctx);
  return cli_store_close(&s, rc);
}

int cmd_invoice_run(const struct cli_global *g, int argc, char **argv, int first) {
  const char *cmd = "invoice";
  if (first < argc && strcmp(argv[first], "credit") == 0)
    return cmd_invoice_credit(g, argc, argv, first + 1);
  if (first < argc && strcmp(argv[first], "credits") == 0)
    return cmd_invoice_credits(g, argc, argv, first + 1);
  const char *cust = NULL, *month_s = NULL, *format_s = "text", *lang_s = "en", *out_s = NULL;
  int direct_only = 0, dry = 0, npos, year = 0, month = 0, lang = SSVC_LANG_EN;
  const struct cli_opt opts[] = {
      {"customer", &cust, NULL, "CUSTOMER", NULL, "the customer (required)"},
      {"month", &month_s, NULL, "YYYY-MM", NULL, "the month invoiced (required)"},
      {"format", &format_s, NULL, "text|ubl", "text", "text for people, or UBL 2.1 XML"},
      {"lang", &lang_s, NULL, "sv|en", "en", "the language of the output"},
      {"out", &out_s, NULL, "FILE", NULL, "write to FILE instead of stdout"},
      {"direct", NULL, &direct_only, NULL, NULL, "only the direct invoice"},
      {"dry-run", NULL, &dry, NULL, NULL, "show what would be billed; store nothing"},
      {0}};
  int rc = cli_parse(cmd, argc, argv, first, opts, NULL, 0, &npos);
  if (rc) return rc;
  if ((rc = cli_require(cmd, "customer", cust, "month", month_s, (const char *)NULL))) return rc;
  if ((rc = month_arg(cmd, month_s, &year, &month))) return rc;
  int ubl = strcmp(format_s, "ubl") == 0;
  if (!ubl && strcmp(format_s, "text") != 0)
    return cli_usage(cmd, "--format must be 'text' or 'ubl' (got '%s')", format_s);
  if ((rc = cli_parse_lang(cmd, lang_s, &lang))) return rc;

  /* The output first: an --out that cannot be written is refused before anything is stored. */
  struct out_file of;
  if ((rc = out_open(cmd, &of, out_s))) return rc;
  struct cli_store s;
  if ((rc = cli_store_open(cmd, g, &s))) return out_close(cmd, &of, rc);
  ssvc_invoice *inv[2] = {NULL, NULL};
  /* The seller is the stored Support Center (center set), the buyer the agreement's. */
  ssvc_invoice_run_spec spec = SSVC_INVOICE_RUN_SPEC_INIT;
  spec.customer_id = cust;
  spec.year = year;
  spec.month = month;
  spec.dry_run = dry;
  /* spec.pricelist stays NULL: the prices kept in the store (price set). */
  if (ssvc_invoice_run(s.st, &inv[0], &inv[1], &spec)) {
    rc = cli_fail(cmd, s.ctx);
    goto out;
  }
  if (dry)
    fprintf(stderr, "smartservice %s: dry run: nothing was stored; numbers marked (provisional) "
                    "are not taken\n", cmd);
  /* Service invoice, then the direct one; --direct: only the direct one. */
  FILE *f = of.f;
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
out:
  ssvc_invoice_free(inv[0]);
  ssvc_invoice_free(inv[1]);
  rc = cli_store_close(&s, rc);
  return out_close(cmd, &of, rc);
}
