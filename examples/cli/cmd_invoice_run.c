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

/* The customers with an agreement, collected before the run (the list's callback must not
 * change the store). */
struct customers {
  char **id;
  size_t n, cap;
  int nomem;
};

static int customer_cb(void *ud, const char *customer_id) {
  struct customers *c = ud;
  if (c->n == c->cap) {
    size_t cap = c->cap ? 2 * c->cap : 64;
    char **id = realloc(c->id, cap * sizeof *id);
    if (!id) return c->nomem = 1;
    c->id = id;
    c->cap = cap;
  }
  if (!(c->id[c->n] = strdup(customer_id))) return c->nomem = 1;
  c->n++;
  return 0;
}

/* Whether a failed customer is that customer's alone (refused: it is named and the run goes on)
 * or stops the run (storage, memory, a concurrent writer). */
static int refused(int code) {
  return code == SSVC_EINVAL || code == SSVC_ENOTFOUND || code == SSVC_ESTATE ||
         code == SSVC_ERANGE;
}

/* invoice --all --month YYYY-MM: the month's invoices of every customer with an agreement, one
 * ssvc_invoice_run() each, so each customer's invoices are stored all or nothing (doc/cli.md
 * "invoice --all"): one line per customer on stdout, a refused customer named on stderr and the
 * others run; exit 1 when any customer was not invoiced. A second run stores only what is
 * missing (a month already run prints its stored invoices' numbers again). */
static int invoice_all(const struct cli_global *g, const char *cmd, int year, int month,
                       int dry) {
  struct cli_store s;
  int rc = cli_store_open(cmd, g, &s);
  if (rc) return rc;
  struct customers c = {NULL, 0, 0, 0};
  size_t done = 0, nothing = 0, failed = 0;
  /* The seller of every invoice: without it no customer can be invoiced, so say it once. */
  ssvc_center *center = NULL;
  if (ssvc_center_load(s.st, &center)) {
    rc = cli_fail(cmd, s.ctx);
    goto out;
  }
  ssvc_center_free(center);
  if (ssvc_agreement_list(s.st, customer_cb, &c) || c.nomem) {
    if (c.nomem) fprintf(stderr, "smartservice %s: out of memory\n", cmd);
    rc = c.nomem ? CLI_FAIL : cli_fail(cmd, s.ctx);
    goto out;
  }
  struct cli_progress p;
  cli_progress_start(&p, g, cmd, "customer", c.n);
  for (size_t k = 0; k < c.n && !rc; k++) {
    ssvc_invoice *inv[2] = {NULL, NULL};
    ssvc_invoice_run_spec spec = SSVC_INVOICE_RUN_SPEC_INIT;
    spec.customer_id = c.id[k];
    spec.year = year;
    spec.month = month;
    spec.dry_run = dry;
    int code = ssvc_invoice_run(s.st, &inv[0], &inv[1], &spec);
    if (code) {
      cli_progress_end(&p); /* the message on a line of its own */
      p.shown = 0;
      if (!refused(code)) {
        rc = cli_fail(cmd, s.ctx);
        break;
      }
      char why[1024];
      fprintf(stderr, "smartservice %s: %s: not invoiced: %s\n", cmd, c.id[k],
              cli_errtext(s.ctx, why, sizeof why));
      failed++;
    } else if (!inv[0] && !inv[1]) {
      printf("%s\t-\tnothing to invoice\n", c.id[k]);
      nothing++;
    } else {
      printf("%s", c.id[k]);
      for (int i = 0; i < 2; i++) {
        if (!inv[i]) continue;
        ssvc_invoice_totals t = SSVC_INVOICE_TOTALS_INIT;
        char amount[64] = "?";
        if (ssvc_invoice_get_totals(inv[i], &t) == SSVC_OK)
          ssvc_money_format(amount, sizeof amount, t.payable, "SEK");
        printf("\t%s %s%s", ssvc_invoice_number(inv[i]), amount, i ? " (direct)" : "");
      }
      putchar('\n');
      done++;
    }
    ssvc_invoice_free(inv[0]);
    ssvc_invoice_free(inv[1]);
    cli_progress_show(&p, k + 1, k + 1);
  }
  cli_progress_end(&p);
  if (!rc) {
    printf("%zu customer%s: %zu invoiced, %zu with nothing to invoice, %zu not invoiced%s\n",
           c.n, c.n == 1 ? "" : "s", done, nothing, failed,
           dry ? " (dry run: nothing stored)" : "");
    if (failed) rc = CLI_FAIL;
  }
out:
  for (size_t k = 0; k < c.n; k++) free(c.id[k]);
  free(c.id);
  return cli_store_close(&s, rc);
}

int cmd_invoice_run(const struct cli_global *g, int argc, char **argv, int first) {
  const char *cmd = "invoice";
  if (first < argc && strcmp(argv[first], "credit") == 0)
    return cmd_invoice_credit(g, argc, argv, first + 1);
  if (first < argc && strcmp(argv[first], "credits") == 0)
    return cmd_invoice_credits(g, argc, argv, first + 1);
  const char *cust = NULL, *month_s = NULL, *format_s = "text", *lang_s = NULL, *out_s = NULL;
  int direct_only = 0, dry = 0, all = 0, npos, year = 0, month = 0, lang = SSVC_LANG_EN;
  const struct cli_opt opts[] = {
      {"customer", &cust, NULL, "CUSTOMER", NULL, "the customer (required, or --all)"},
      {"month", &month_s, NULL, "YYYY-MM", NULL, "the month invoiced (required)"},
      {"format", &format_s, NULL, "text|ubl", "text", "text for people, or UBL 2.1 XML"},
      {"lang", &lang_s, NULL, "sv|en", "en", "the language of the output"},
      {"out", &out_s, NULL, "FILE", NULL, "write to FILE instead of stdout"},
      {"direct", NULL, &direct_only, NULL, NULL, "only the direct invoice"},
      {"dry-run", NULL, &dry, NULL, NULL, "show what would be billed; store nothing"},
      {"all", NULL, &all, NULL, NULL,
       "every customer with an agreement, one line each (instead of --customer)"},
      {0}};
  int rc = cli_parse(cmd, argc, argv, first, opts, NULL, 0, &npos);
  if (rc) return rc;
  if (all) {
    if (cust) return cli_usage(cmd, "give --customer or --all, not both");
    if (out_s || direct_only || lang_s || strcmp(format_s, "text") != 0)
      return cli_usage(cmd, "--all prints one line per customer: it takes no --out, --direct, "
                            "--lang or --format");
    if ((rc = cli_require(cmd, "month", month_s, (const char *)NULL))) return rc;
    if ((rc = month_arg(cmd, month_s, &year, &month))) return rc;
    return invoice_all(g, cmd, year, month, dry);
  }
  if ((rc = cli_require(cmd, "customer", cust, "month", month_s, (const char *)NULL))) return rc;
  if ((rc = month_arg(cmd, month_s, &year, &month))) return rc;
  int ubl = strcmp(format_s, "ubl") == 0;
  if (!ubl && strcmp(format_s, "text") != 0)
    return cli_usage(cmd, "--format must be 'text' or 'ubl' (got '%s')", format_s);
  if ((rc = cli_parse_lang(cmd, lang_s ? lang_s : "en", &lang))) return rc;

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
