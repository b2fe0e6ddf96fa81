/* report_write: a quality report as XML, CSV or HTML (doc/report.md, doc/report.xsd). */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "file_out.h"
#include "report_data.h"
#include "xml_util.h"
/* ---- Writing ---- */

struct out {
  ssvc_write_fn fn;
  void *ud;
  int failed;
};

static void put(struct out *o, const char *s, size_t n) {
  if (!o->failed && n && o->fn(o->ud, s, n)) o->failed = 1;
}

static void puts_(struct out *o, const char *s) { put(o, s, strlen(s)); }

static void printf_(struct out *o, const char *fmt, ...) SSVC_PRINTF(2, 3);
static void printf_(struct out *o, const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n > 0) put(o, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

/* XML/HTML text escaping. */
static void esc(struct out *o, const char *s) {
  const char *run = s;
  for (; *s; s++) {
    const char *e = *s == '&' ? "&amp;" : *s == '<' ? "&lt;" : *s == '>' ? "&gt;"
                  : *s == '"' ? "&quot;" : NULL;
    if (!e) continue;
    put(o, run, (size_t)(s - run));
    puts_(o, e);
    run = s + 1;
  }
  put(o, run, (size_t)(s - run));
}

/* A CSV field: quoted when it holds a comma, quote or line break. */
static void csv(struct out *o, const char *s) {
  if (!strpbrk(s, ",\"\r\n")) {
    puts_(o, s);
    return;
  }
  puts_(o, "\"");
  for (const char *p = s; *p; p++) {
    if (*p == '"') puts_(o, "\"");
    put(o, p, 1);
  }
  puts_(o, "\"");
}

/* Per mille of a share, as "12.3" (percent with one decimal), exact integer arithmetic. */
static void pct(char *buf, size_t n, size_t part, size_t whole) {
  if (!whole) {
    snprintf(buf, n, "0.0");
    return;
  }
  uint64_t pm = ((uint64_t)part * 1000 + whole / 2) / whole;
  snprintf(buf, n, "%" PRIu64 ".%" PRIu64, pm / 10, pm % 10);
}

static void money(char *buf, size_t n, int64_t minor) {
  uint64_t a = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
  snprintf(buf, n, "%s%" PRIu64 ".%02" PRIu64, minor < 0 ? "-" : "", a / 100, a % 100);
}

static void hours(char *buf, size_t n, int64_t secs) {
  /* hours with one decimal, rounded */
  int64_t tenths = (secs * 10 + 1800) / 3600;
  snprintf(buf, n, "%" PRId64 ".%" PRId64, tenths / 10, tenths % 10);
}

/* Every figure as (section, key, value) triples: the one list the three formats share. */
typedef void (*figure_fn)(struct out *o, const char *section, const char *key, const char *value,
                          const char *value2);

/* A count, and with @p share its part of @p whole in percent. */
static void count(struct out *o, figure_fn f, const char *section, const char *key, size_t n,
                  int share, size_t whole) {
  char a[32], b[32];
  snprintf(a, sizeof a, "%zu", n);
  if (share) pct(b, sizeof b, n, whole);
  f(o, section, key, a, share ? b : NULL);
}

static void each_figure(const ssvc_report *r, struct out *o, figure_fn f) {
  char a[64], b[64];
  count(o, f, "summary", "cases", r->total, 0, 0);
  count(o, f, "summary", "solved-on-phone", r->solved_on_phone, 1, r->total);
  count(o, f, "summary", "workshop-referrals", r->referred, 1, r->total);
  count(o, f, "summary", "swaps-and-loans", r->swaps, 1, r->total);
  count(o, f, "summary", "replacement-shipments", r->replacement_shipments, 0, 0);
  count(o, f, "summary", "faulty-not-returned", r->not_returned, 0, 0);
  count(o, f, "delivery", "deliveries", r->deliveries, 0, 0);
  count(o, f, "delivery", "on-time", r->on_time, 1, r->deliveries);
  count(o, f, "delivery", "late", r->late, 0, 0);
  count(o, f, "time-to-close", "closed-cases", r->closed, 0, 0);
  hours(a, sizeof a, r->closed ? r->close_sum / (int64_t)r->closed : 0);
  f(o, "time-to-close", "mean-hours", a, NULL);
  hours(a, sizeof a, ssvc__report_hist_quantile(r, 50));
  f(o, "time-to-close", "median-hours", a, NULL);
  hours(a, sizeof a, ssvc__report_hist_quantile(r, 90));
  f(o, "time-to-close", "p90-hours", a, NULL);
  count(o, f, "warranty", "out-of-warranty-cases", r->out_of_warranty, 0, 0);
  for (size_t k = 0; k < r->n_oow_cost; k++) {
    char key[32];
    snprintf(key, sizeof key, "cost-%s", r->oow_cost[k].code);
    money(a, sizeof a, r->oow_cost[k].amount);
    f(o, "warranty", key, a, NULL);
  }
  for (int k = 0; k <= SSVC_CASE_OUTCOME_MAX; k++) {
    count(o, f, "outcome", ssvc_case_outcome_name(k), r->by_outcome[k], 1, r->total);
  }
  for (int k = 1; k <= SSVC_CASE_STATE_MAX; k++) {
    count(o, f, "state", ssvc_case_state_name(k), r->by_state[k], 0, 0);
  }
  for (size_t k = 0; k < r->symptoms.n; k++) {
    count(o, f, "symptom", r->symptoms.g[k].key, r->symptoms.g[k].cases, 1, r->total);
  }
  if (r->symptoms.other_cases) {
    count(o, f, "symptom", "(other or none)", r->symptoms.other_cases, 1, r->total);
  }
  for (size_t k = 0; k < r->models.n; k++) {
    snprintf(a, sizeof a, "%zu", r->models.g[k].cases);
    pct(b, sizeof b, r->models.g[k].faults, r->models.g[k].cases);
    f(o, "model-fault-rate", r->models.g[k].key, a, b);
  }
  if (r->models.other_cases) {
    snprintf(a, sizeof a, "%zu", r->models.other_cases);
    pct(b, sizeof b, r->models.other_faults, r->models.other_cases);
    f(o, "model-fault-rate", "(other)", a, b);
  }
  /* The SWAP pool as it is now: the pool line, then a line per model (stock level against the
   * sized level, as a percentage of it), then the refill requests. */
  if (r->swap_status != 1) {
    f(o, "swap-pool", "status", r->swap_status ? "not-in-tier" : "no-agreement", NULL);
    return;
  }
  f(o, "swap-pool", "status", "ok", NULL);
  snprintf(a, sizeof a, "%" PRIu32, r->pool.available);
  if (r->pool.target) pct(b, sizeof b, r->pool.available, r->pool.target);
  f(o, "swap-pool", "available", a, r->pool.target ? b : NULL);
  snprintf(a, sizeof a, "%" PRIu32, r->pool.target);
  f(o, "swap-pool", "sized-level", a, NULL);
  snprintf(a, sizeof a, "%" PRIu32, r->pool.backorders);
  f(o, "swap-pool", "backorders", a, NULL);
  snprintf(a, sizeof a, "%" PRIu32, r->swap_recommended);
  f(o, "swap-pool", "recommended-purchase", a, NULL);
  for (size_t k = 0; k < r->n_swap_models; k++) {
    const struct swap_line *l = &r->swap_models[k];
    snprintf(a, sizeof a, "%" PRIu32 "/%" PRIu32, l->available, l->target);
    if (l->target) pct(b, sizeof b, l->available, l->target);
    f(o, "swap-model", l->model, a, l->target ? b : NULL);
  }
  if (r->swap_models_more) {
    count(o, f, "swap-model", "(more models)", r->swap_models_more, 0, 0);
  }
  for (int k = SSVC_REFILL_PENDING; k <= SSVC_REFILL_DECLINED; k++) {
    count(o, f, "refill", ssvc_refill_state_name(k), r->refills[k], 0, 0);
  }
  snprintf(a, sizeof a, "%" PRIu64, r->refill_pending_phones);
  f(o, "refill", "phones-pending", a, NULL);
}

static void csv_figure(struct out *o, const char *section, const char *key, const char *value,
                       const char *value2) {
  csv(o, section);
  puts_(o, ",");
  csv(o, key);
  puts_(o, ",");
  csv(o, value);
  puts_(o, ",");
  if (value2) csv(o, value2);
  puts_(o, "\r\n");
}

struct xml_state {
  const char *section;
};

static void xml_figure(struct out *o, const char *section, const char *key, const char *value,
                       const char *value2) {
  puts_(o, "  <figure section=\"");
  esc(o, section);
  puts_(o, "\" key=\"");
  esc(o, key);
  puts_(o, "\" value=\"");
  esc(o, value);
  if (value2) {
    puts_(o, "\" percent=\"");
    esc(o, value2);
  }
  puts_(o, "\"/>\n");
}

static void date_text(char *buf, ssvc_date d) {
  snprintf(buf, 16, "%04d-%02d-%02d", d.year, d.month, d.day);
}

/* A horizontal bar chart: one row per (label, value, share in per mille of the largest bar). */
static void svg_bars(struct out *o, const char *title, const char *const *labels,
                     const size_t *values, const char *const *notes, size_t n, const char *colour) {
  size_t max = 1;
  for (size_t k = 0; k < n; k++)
    if (values[k] > max) max = values[k];
  printf_(o, "<section><h2>");
  esc(o, title);
  printf_(o, "</h2>\n<svg role=\"img\" viewBox=\"0 0 760 %zu\" width=\"760\" "
          "height=\"%zu\" xmlns=\"http://www.w3.org/2000/svg\">\n", n * 28 + 8, n * 28 + 8);
  for (size_t k = 0; k < n; k++) {
    size_t w = values[k] * 360 / max;
    size_t y = k * 28 + 4;
    printf_(o, "<text x=\"200\" y=\"%zu\" text-anchor=\"end\" class=\"l\">", y + 16);
    esc(o, labels[k]);
    printf_(o, "</text><rect x=\"210\" y=\"%zu\" width=\"%zu\" height=\"20\" rx=\"3\" "
            "fill=\"%s\"/><text x=\"%zu\" y=\"%zu\" class=\"v\">%zu",
            y, w ? w : 1, colour, 216 + w, y + 16, values[k]);
    if (notes && notes[k]) {
      puts_(o, " (");
      esc(o, notes[k]);
      puts_(o, ")");
    }
    puts_(o, "</text>\n");
  }
  puts_(o, "</svg></section>\n");
}

static void tile(struct out *o, const char *label, const char *value, const char *sub) {
  puts_(o, "<div class=\"tile\"><div class=\"n\">");
  esc(o, value);
  puts_(o, "</div><div>");
  esc(o, label);
  puts_(o, "</div>");
  if (sub) {
    puts_(o, "<div class=\"s\">");
    esc(o, sub);
    puts_(o, "</div>");
  }
  puts_(o, "</div>\n");
}

static void write_html(const ssvc_report *r, struct out *o) {
  char f[16], t[16], a[96], b[32], c[32];
  date_text(f, r->from);
  date_text(t, r->to);
  puts_(o, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Quality "
           "report: ");
  esc(o, r->customer);
  printf_(o, ", %s to %s</title>\n", f, t);
  puts_(o, "<style>body{font-family:system-ui,sans-serif;margin:2em auto;max-width:960px;"
           "color:#222}h1{font-weight:600}.tiles{display:flex;flex-wrap:wrap;gap:12px}"
           ".tile{background:#f3f6fa;border-radius:8px;padding:12px 16px;min-width:140px}"
           ".tile .n{font-size:1.8em;font-weight:700;color:#1d5fa8}.tile .s{color:#666;"
           "font-size:.85em}svg .l{font-size:13px}svg .v{font-size:12px;fill:#333}"
           "section{margin-top:2em}footer{margin-top:3em;color:#888;font-size:.8em}</style>\n"
           "</head><body>\n<h1>Quality report: ");
  esc(o, r->customer);
  printf_(o, "</h1>\n<p>Cases registered from %s to %s (UTC).</p>\n<div class=\"tiles\">\n", f, t);
  snprintf(a, sizeof a, "%zu", r->total);
  tile(o, "cases", a, NULL);
  pct(b, sizeof b, r->solved_on_phone, r->total);
  snprintf(a, sizeof a, "%s%%", b);
  snprintf(c, sizeof c, "%zu of %zu cases", r->solved_on_phone, r->total);
  tile(o, "solved on the phone", a, c);
  snprintf(a, sizeof a, "%zu", r->referred);
  tile(o, "workshop referrals", a, NULL);
  snprintf(a, sizeof a, "%zu", r->swaps);
  tile(o, "swaps and loans", a, NULL);
  pct(b, sizeof b, r->on_time, r->deliveries);
  snprintf(a, sizeof a, "%s%%", b);
  snprintf(c, sizeof c, "%zu of %zu deliveries", r->on_time, r->deliveries);
  tile(o, "delivered on time", a, c);
  hours(b, sizeof b, ssvc__report_hist_quantile(r, 50));
  snprintf(a, sizeof a, "%s h", b);
  hours(b, sizeof b, ssvc__report_hist_quantile(r, 90));
  hours(c, sizeof c, r->closed ? r->close_sum / (int64_t)r->closed : 0);
  char sub[200];
  snprintf(sub, sizeof sub, "mean %s h, 90%% within %s h", c, b);
  tile(o, "median time to close", a, sub);
  snprintf(a, sizeof a, "%zu", r->not_returned);
  tile(o, "faulty phones not returned", a, NULL);
  snprintf(a, sizeof a, "%zu", r->out_of_warranty);
  sub[0] = '\0';
  for (size_t k = 0; k < r->n_oow_cost && k < 2; k++) {
    money(b, sizeof b, r->oow_cost[k].amount);
    size_t l = strlen(sub);
    snprintf(sub + l, sizeof sub - l, "%s%s %s", l ? ", " : "", b, r->oow_cost[k].code);
  }
  tile(o, "out-of-warranty cases", a, *sub ? sub : NULL);
  puts_(o, "</div>\n");
  /* Outcomes. */
  const char *labels[MAX_GROUPS + 1];
  size_t values[MAX_GROUPS + 1];
  const char *notes[MAX_GROUPS + 1];
  char notebuf[MAX_GROUPS + 1][24];
  size_t n = 0;
  for (int k = 0; k <= SSVC_CASE_OUTCOME_MAX; k++, n++) {
    labels[n] = ssvc_case_outcome_name(k);
    values[n] = r->by_outcome[k];
    pct(notebuf[n], sizeof notebuf[n], r->by_outcome[k], r->total);
    strcat(notebuf[n], "%");
    notes[n] = notebuf[n];
  }
  svg_bars(o, "Cases by outcome", labels, values, notes, n, "#1d5fa8");
  n = 0;
  for (size_t k = 0; k < r->symptoms.n && n < 15; k++, n++) {
    labels[n] = r->symptoms.g[k].key;
    values[n] = r->symptoms.g[k].cases;
    notes[n] = NULL;
  }
  if (r->symptoms.other_cases || r->symptoms.n > 15) {
    size_t rest = r->symptoms.other_cases;
    for (size_t k = 15; k < r->symptoms.n; k++) rest += r->symptoms.g[k].cases;
    labels[n] = "(other or none)";
    values[n] = rest;
    notes[n++] = NULL;
  }
  if (n) svg_bars(o, "Cases by symptom", labels, values, notes, n, "#3a8f5c");
  n = 0;
  for (size_t k = 0; k < r->models.n && n < 15; k++, n++) {
    labels[n] = r->models.g[k].key;
    values[n] = r->models.g[k].faults;
    snprintf(notebuf[n], sizeof notebuf[n], "of %zu", r->models.g[k].cases);
    notes[n] = notebuf[n];
  }
  if (n) svg_bars(o, "Faults per phone model", labels, values, notes, n, "#c0562b");
  /* Time to close in five bands, from the histogram (a bucket counts in the band of its middle). */
  if (r->closed) {
    static const char *const bands[] = {"up to 4 hours", "4 to 24 hours", "1 to 3 days",
                                        "3 to 7 days", "more than 7 days"};
    static const int64_t upper[] = {4 * 3600, 24 * 3600, 72 * 3600, 168 * 3600, INT64_MAX};
    size_t counts[5] = {0};
    for (int i = 0; i < HIST_BUCKETS; i++) {
      int64_t v = ssvc__report_hist_value(i);
      int k = 0;
      while (v > upper[k]) k++;
      counts[k] += r->hist[i];
    }
    for (n = 0; n < 5; n++) {
      labels[n] = bands[n];
      values[n] = counts[n];
      pct(notebuf[n], sizeof notebuf[n], counts[n], r->closed);
      strcat(notebuf[n], "%");
      notes[n] = notebuf[n];
    }
    svg_bars(o, "Time to close", labels, values, notes, n, "#7a4fb5");
  }
  if (r->swap_status == 0) {
    puts_(o, "<section><h2>SWAP stock</h2><p>No agreement with a SWAP pool.</p></section>\n");
  } else if (r->swap_status == 1) { /* a tier without SWAP administration: no section */
    n = 0;
    labels[n] = "whole pool";
    values[n] = r->pool.available;
    snprintf(notebuf[n], sizeof notebuf[n], "level %" PRIu32, r->pool.target);
    notes[n] = notebuf[n];
    n++;
    for (size_t k = 0; k < r->n_swap_models && n < 16; k++, n++) {
      labels[n] = r->swap_models[k].model;
      values[n] = r->swap_models[k].available;
      snprintf(notebuf[n], sizeof notebuf[n], "level %" PRIu32, r->swap_models[k].target);
      notes[n] = notebuf[n];
    }
    svg_bars(o, "SWAP stock against the sized level", labels, values, notes, n, "#2b8a8a");
    printf_(o, "<p>Backorders: %" PRIu32 ". Phones to buy now: %" PRIu32 ". Refill requests: "
            "%zu pending (%" PRIu64 " phones), %zu approved, %zu declined.</p>\n",
            r->pool.backorders, r->swap_recommended, r->refills[SSVC_REFILL_PENDING],
            r->refill_pending_phones, r->refills[SSVC_REFILL_APPROVED],
            r->refills[SSVC_REFILL_DECLINED]);
  }
  puts_(o, "<footer>Generated by libsmartservice. No personal data of phone users is included. "
           "Time to close: median and 90th percentile within 1.6%.</footer>\n</body></html>\n");
}

int ssvc_report_write(const ssvc_report *report, int format, ssvc_write_fn fn, void *user_data) {
  static const char func[] = "ssvc_report_write";
  if (!report) return SSVC_EINVAL;
  if (!fn) return ssvc__err(report->ctx, SSVC_EINVAL, "%s: fn must not be NULL", func);
  if (format < SSVC_REPORT_XML || format > SSVC_REPORT_HTML)
    return ssvc__err(report->ctx, SSVC_EINVAL, "%s: format: not a report format (got %d)", func,
                     format);
  struct out o = {fn, user_data, 0};
  char f[16], t[16];
  date_text(f, report->from);
  date_text(t, report->to);
  if (format == SSVC_REPORT_CSV) {
    puts_(&o, "section,key,value,percent\r\n");
    csv_figure(&o, "report", "customer", report->customer, NULL);
    csv_figure(&o, "report", "from", f, NULL);
    csv_figure(&o, "report", "to", t, NULL);
    each_figure(report, &o, csv_figure);
  } else if (format == SSVC_REPORT_XML) {
    puts_(&o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<report xmlns=\"" SSVC_REPORT_NS
              "\" version=\"1\" customer=\"");
    esc(&o, report->customer);
    printf_(&o, "\" from=\"%s\" to=\"%s\">\n", f, t);
    each_figure(report, &o, xml_figure);
    puts_(&o, "</report>\n");
  } else {
    write_html(report, &o);
  }
  if (o.failed) return ssvc__err(report->ctx, SSVC_EIO, "%s: the output stopped (write failed)", func);
  return SSVC_OK;
}

int ssvc_report_write_file(const ssvc_report *report, int format, const char *path) {
  static const char func[] = "ssvc_report_write_file";
  if (!report) return SSVC_EINVAL;
  if (!path) return ssvc__err(report->ctx, SSVC_EINVAL, "%s: path must not be NULL", func);
  ssvc__file_out fo;
  int rc = ssvc__file_out_open(&fo, report->ctx, func, path, 0);
  if (rc) return rc;
  rc = ssvc__file_out_close(&fo, ssvc_report_write(report, format, ssvc__file_out_write, &fo));
  return rc;
}
