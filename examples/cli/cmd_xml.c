/*
 * smartservice --db FILE import FILE.xml [--on-duplicate reject|skip|replace] [--continue]
 *                               [--validate] [--max-record-bytes N]
 * smartservice --db FILE export FILE.xml|- [--customer C] [--from DATE] [--to DATE]
 * smartservice --db FILE report --customer C --from DATE --to DATE --format xml|csv|html
 * smartservice --db FILE report --customer C --month YYYY-MM --format html [--lang sv|en]
 *              [--supplier NAME] [--out FILE]
 * smartservice --db FILE report targets set|show --customer C [--on-time P] ... (cmd_report_targets.c)
 *                               [--out FILE]
 * Case records and agreements in and out as XML (doc/xml.md) and the quality report
 * (doc/report.md). Progress goes to stderr when stderr is a terminal or with --progress
 * (doc/cli.md "Progress").
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* The library's progress hook: an import measures how far it is by the bytes read of the file's
 * size, an export by the cases written of the cases stored. */
struct xml_progress {
  struct cli_progress p;
  int by_bytes;
};

static int progress(void *ud, uint64_t records, uint64_t bytes) {
  struct xml_progress *x = ud;
  cli_progress_show(&x->p, records, x->by_bytes ? bytes : records);
  return 0;
}

/* Only records that are left out come here: a limit stops the import instead (its message is
 * the command's error). The message is also the context's: printed without the library's
 * function names. */
static void bad_record(void *ud, long line, long column, const char *case_id, int code,
                       const char *message) {
  (void)line;
  (void)column;
  (void)case_id;
  (void)code;
  (void)message;
  const struct cli_store *s = ud;
  fprintf(stderr, "smartservice import: skipped: %s\n", ssvc_ctx_errtext(s->ctx));
}

int cmd_import(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "import";
  const char *dup = NULL, *max_record = NULL;
  int cont = 0, validate = 0;
  const struct cli_opt opts[] = {
      {"on-duplicate", &dup, NULL, "reject|skip|replace", "reject",
       "what to do with a case already stored"},
      {"continue", NULL, &cont, NULL, NULL, "go on after a bad record"},
      {"validate", NULL, &validate, NULL, NULL, "validate every record against the schema"},
      {"max-record-bytes", &max_record, NULL, "N", "1048576", "the largest record read"},
      {0}};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage(cmd, "expected the XML file to import");
  ssvc_xml_import_options o = SSVC_XML_IMPORT_OPTIONS_INIT;
  o.on_duplicate = SSVC_XML_DUP_REJECT;
  if (dup && ssvc_xml_dup_policy_from_name(NULL, &o.on_duplicate, dup) != SSVC_OK)
    return cli_usage(cmd, "--on-duplicate must be reject, skip or replace (got '%s')", dup);
  o.continue_on_error = cont;
  o.validate = validate;
  if (max_record) { /* else the library's default, SSVC_XML_MAX_RECORD_BYTES_DEFAULT */
    uint32_t n = 0;
    if ((rc = cli_parse_u32(cmd, "--max-record-bytes", max_record, &n))) return rc;
    if (n < 1) return cli_usage(cmd, "--max-record-bytes must be at least 1 (got '%s')", max_record);
    o.max_record_bytes = n;
  }
  struct cli_store s;
  if (cont) {
    o.on_bad = bad_record;
    o.on_bad_data = &s;
  }
  struct xml_progress xp;
  struct stat sb;
  cli_progress_start(&xp.p, g, cmd, "case",
                     stat(pos[0], &sb) == 0 && sb.st_size > 0 ? (uint64_t)sb.st_size : 0);
  xp.by_bytes = 1;
  o.progress = progress;
  o.progress_data = &xp;
  if ((rc = cli_store_open(cmd, g, &s))) return rc;
  ssvc_xml_import_result res = SSVC_XML_IMPORT_RESULT_INIT;
  int err = ssvc_xml_import_file(s.st, &res, pos[0], &o);
  if (!err) cli_progress_show(&xp.p, res.imported + res.replaced + res.skipped, xp.p.total);
  cli_progress_end(&xp.p);
  /* After a failure the counts say what earlier batches committed, when there is anything. */
  if (!err || res.imported + res.replaced + res.skipped + res.bad > 0)
    printf("imported %zu, replaced %zu, skipped %zu, bad %zu\n"
           "agreements: imported %zu, replaced %zu, skipped %zu\n",
           res.imported, res.replaced, res.skipped, res.bad, res.agreements_imported,
           res.agreements_replaced, res.agreements_skipped);
  return cli_store_close(&s, err ? cli_fail(cmd, s.ctx) : CLI_OK);
}

static int stdout_put(void *ud, const char *bytes, size_t len) {
  (void)ud;
  return fwrite(bytes, 1, len, stdout) == len ? 0 : 1;
}

static int count_one(void *ud, const char *customer_id) {
  (void)customer_id;
  ++*(size_t *)ud;
  return 0;
}

/* The agreements an export wrote: all of them, or the customer's one (if any). */
static int count_agreements(ssvc_store *st, const char *customer, size_t *n) {
  if (!customer) return ssvc_agreement_list(st, count_one, n);
  ssvc_agreement *a = NULL;
  int rc = ssvc_agreement_load(st, &a, customer);
  ssvc_agreement_free(a);
  *n = rc == SSVC_OK;
  return rc == SSVC_ENOTFOUND || rc == SSVC_EINVAL ? SSVC_OK : rc;
}

int cmd_export(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "export";
  const char *customer = NULL, *from = NULL, *to = NULL;
  const struct cli_opt opts[] = {
      {"customer", &customer, NULL, "CUSTOMER", NULL, "only this customer"},
      {"from", &from, NULL, "DATE", NULL, "from this day (YYYY-MM-DD)"},
      {"to", &to, NULL, "DATE", NULL, "to this day (YYYY-MM-DD)"},
      {0}};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage(cmd, "expected the XML file to write");
  ssvc_xml_export_options o = SSVC_XML_EXPORT_OPTIONS_INIT;
  o.customer_id = customer;
  if ((rc = cli_parse_date(cmd, "from", from, &o.from)) || (rc = cli_parse_date(cmd, "to", to, &o.to)))
    return rc;
  struct cli_store s;
  if ((rc = cli_store_open_read(cmd, g, &s))) return rc;
  /* The total is the cases stored (the customer's); with --from or --to it is not known without
   * reading every case, so then only the count is shown. */
  ssvc_case_stats cs = SSVC_CASE_STATS_INIT;
  int with_total = !from && !to && ssvc_case_stats_get(s.st, customer, &cs) == SSVC_OK;
  struct xml_progress xp;
  cli_progress_start(&xp.p, g, cmd, "case", with_total ? cs.total : 0);
  xp.by_bytes = 0;
  o.progress = progress;
  o.progress_data = &xp;
  size_t n = 0;
  int to_stdout = strcmp(pos[0], "-") == 0;
  int err = to_stdout ? ssvc_xml_export(s.st, &n, stdout_put, NULL, &o)
                      : ssvc_xml_export_file(s.st, &n, pos[0], &o);
  if (!err) cli_progress_show(&xp.p, n, xp.p.total ? xp.p.total : n);
  cli_progress_end(&xp.p);
  size_t agreements = 0;
  if (!err) err = count_agreements(s.st, customer, &agreements);
  /* The count is claimed only once the XML is out of the stream's buffer. */
  if (!err && to_stdout && cli_output_check(cmd)) return cli_store_close(&s, CLI_FAIL);
  if (!err)
    fprintf(to_stdout ? stderr : stdout, "exported %zu case%s, %zu agreement%s\n", n,
            n == 1 ? "" : "s", agreements, agreements == 1 ? "" : "s");
  return cli_store_close(&s, err ? cli_fail(cmd, s.ctx) : CLI_OK);
}

/* The report's progress hook: the total is the time the report reads (known at the first call). */
static int report_progress(void *ud, uint64_t cases, uint64_t done, uint64_t total) {
  struct cli_progress *p = ud;
  p->total = total;
  cli_progress_show(p, cases, done);
  return 0;
}

int cmd_report(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "report";
  if (first < argc && strcmp(argv[first], "targets") == 0)
    return cmd_report_targets(g, argc, argv, first + 1);
  const char *customer = NULL, *from = NULL, *to = NULL, *format = NULL, *out = NULL;
  const char *month = NULL, *lang = NULL, *supplier = NULL;
  const struct cli_opt opts[] = {
      {"customer", &customer, NULL, "CUSTOMER", NULL, "the customer reported (required)"},
      {"from", &from, NULL, "DATE", NULL, "from this day (YYYY-MM-DD)"},
      {"to", &to, NULL, "DATE", NULL, "to this day (YYYY-MM-DD)"},
      {"format", &format, NULL, "xml|csv|html", "by --out's extension, else csv",
       "the report's format"},
      {"out", &out, NULL, "FILE", NULL, "write to FILE instead of stdout"},
      {"month", &month, NULL, "YYYY-MM", NULL,
       "the Stockholm month reported (instead of --from and --to)"},
      {"lang", &lang, NULL, "sv|en", "sv", "the language of the report"},
      {"supplier", &supplier, NULL, "NAME", NULL, "the Support Center's name in the report"},
      {0}};
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, opts, pos, 0, &npos);
  if (rc) return rc;
  if (month && (from || to)) return cli_usage(cmd, "--month goes without --from and --to");
  if ((rc = cli_require(cmd, "customer", customer, "from", month ? month : from, "to",
                        month ? month : to, (const char *)NULL)))
    return rc;
  /* No --format: the extension of --out says it (report.html), else CSV, which reads in a
   * terminal and opens in a spreadsheet. */
  const char *dot = out ? strrchr(out, '.') : NULL;
  if (!format) format = dot && ssvc_report_format_from_name(NULL, &(int){0}, dot + 1) == SSVC_OK
                            ? dot + 1
                            : "csv";
  int fmt = 0;
  if (ssvc_report_format_from_name(NULL, &fmt, format) != SSVC_OK)
    return cli_usage(cmd, "--format must be xml, csv or html (got '%s')", format);
  ssvc_report_options o = SSVC_REPORT_OPTIONS_INIT;
  o.customer_id = customer;
  o.supplier_name = supplier;
  if (lang && (rc = cli_parse_lang(cmd, lang, &o.lang))) return rc;
  if (month) {
    int y, m;
    if (cli_parse_month(month, &y, &m))
      return cli_usage(cmd, "--month must be YYYY-MM (got '%s')", month);
    o.from = (ssvc_date){y, m, 1};
    ssvc_date next = {m == 12 ? y + 1 : y, m % 12 + 1, 1};
    if (ssvc_date_from_days(&o.to, ssvc_date_to_days(&next) - 1) != SSVC_OK)
      return cli_usage(cmd, "--month must be YYYY-MM (got '%s')", month);
  } else if ((rc = cli_parse_date(cmd, "from", from, &o.from)) ||
             (rc = cli_parse_date(cmd, "to", to, &o.to))) {
    return rc;
  }
  struct cli_progress p;
  cli_progress_start(&p, g, cmd, "case", 0);
  o.progress = report_progress;
  o.progress_data = &p;
  struct cli_store s;
  if ((rc = cli_store_open_read(cmd, g, &s))) return rc;
  ssvc_report *r = NULL;
  int err = ssvc_report_new(s.st, &r, &o);
  cli_progress_end(&p);
  if (!err)
    err = out ? ssvc_report_write_file(r, fmt, out) : ssvc_report_write(r, fmt, stdout_put, NULL);
  ssvc_report_free(r);
  return cli_store_close(&s, err ? cli_fail(cmd, s.ctx) : CLI_OK);
}
