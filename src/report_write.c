/* report_write: a quality report as XML, CSV or HTML (doc/report.md, doc/report.xsd). */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "file_out.h"
#include "report_data.h"
#include "text.h"
#include "xml_util.h"
/* ---- Writing ---- */

void ssvc__report_put(struct report_out *o, const char *s, size_t n) {
  if (!o->failed && n && o->fn(o->ud, s, n)) o->failed = 1;
}

void ssvc__report_puts(struct report_out *o, const char *s) { ssvc__report_put(o, s, strlen(s)); }

void ssvc__report_printf(struct report_out *o, const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n > 0) ssvc__report_put(o, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

static void put_any(void *o, const char *s, size_t n) { ssvc__report_put(o, s, n); }

/* XML/HTML text escaping. */
void ssvc__report_esc(struct report_out *o, const char *s) { ssvc__xml_escape(s, put_any, o); }

/* A CSV field: quoted when it holds a comma, quote or line break. */
static void csv(struct report_out *o, const char *s) {
  if (!strpbrk(s, ",\"\r\n")) {
    ssvc__report_puts(o, s);
    return;
  }
  ssvc__report_puts(o, "\"");
  for (const char *p = s; *p; p++) {
    if (*p == '"') ssvc__report_puts(o, "\"");
    ssvc__report_put(o, p, 1);
  }
  ssvc__report_puts(o, "\"");
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
typedef void (*figure_fn)(struct report_out *o, const char *section, const char *key, const char *value,
                          const char *value2);

/* A count, and with @p share its part of @p whole in percent. */
static void count(struct report_out *o, figure_fn f, const char *section, const char *key, size_t n,
                  int share, size_t whole) {
  char a[32], b[32];
  snprintf(a, sizeof a, "%zu", n);
  if (share) pct(b, sizeof b, n, whole);
  f(o, section, key, a, share ? b : NULL);
}

static void each_figure(const ssvc_report *r, struct report_out *o, figure_fn f) {
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
  /* How-to calls per area and the share solved (doc/guidance.md), when the period has any. */
  size_t howto = 0;
  for (int k = 0; k < SSVC_REPORT_HOWTO_AREAS; k++) howto += r->howto[k];
  for (int k = 0; k < SSVC_REPORT_HOWTO_AREAS && howto; k++) {
    snprintf(a, sizeof a, "%zu", r->howto[k]);
    pct(b, sizeof b, r->howto_solved[k], r->howto[k]);
    f(o, "howto", ssvc_feature_key(ssvc__report_howto_area(k)), a, b);
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
  /* Issue 18: the phones not back at the end of the period, those past their deadline today,
   * the targets set, and the trend of the 12 months before the period. */
  count(o, f, "unreturned", "phones", r->period.unreturned, 0, 0);
  money(a, sizeof a, r->unreturned_value);
  f(o, "unreturned", "value", a, NULL);
  count(o, f, "unreturned", "oldest-days", r->unreturned_oldest_days, 0, 0);
  count(o, f, "overdue", "phones", r->overdue_total, 0, 0);
  money(a, sizeof a, r->overdue_value);
  f(o, "overdue", "value", a, NULL);
  const ssvc_report_targets *t = &r->targets;
  if (t->on_time_bp >= 0) count(o, f, "target", "on-time", (size_t)t->on_time_bp, 1, 10000);
  if (t->solved_on_phone_bp >= 0)
    count(o, f, "target", "solved-on-phone", (size_t)t->solved_on_phone_bp, 1, 10000);
  if (t->unreturned_max >= 0) count(o, f, "target", "unreturned-max", (size_t)t->unreturned_max, 0, 0);
  for (int k = 0; k < SSVC_REPORT_TREND_MONTHS; k++) {
    const ssvc_report_month *m = &r->trend[k];
    char key[48];
    snprintf(key, sizeof key, "%04d-%02d/cases", m->year, m->month);
    count(o, f, "trend", key, m->cases, 0, 0);
    snprintf(key, sizeof key, "%04d-%02d/solved-on-phone", m->year, m->month);
    count(o, f, "trend", key, m->solved_on_phone, 1, m->cases);
    snprintf(key, sizeof key, "%04d-%02d/deliveries", m->year, m->month);
    count(o, f, "trend", key, m->deliveries, 0, 0);
    snprintf(key, sizeof key, "%04d-%02d/on-time", m->year, m->month);
    count(o, f, "trend", key, m->on_time, 1, m->deliveries);
    snprintf(key, sizeof key, "%04d-%02d/unreturned", m->year, m->month);
    count(o, f, "trend", key, m->unreturned, 0, 0);
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
  /* Few models (doc/roster.md), as the HTML page's line says it: the figures, then the sentence
   * in the report's language. */
  const ssvc_model_advice *m = &r->model_advice;
  snprintf(a, sizeof a, "%" PRIu32, m->stock_models);
  f(o, "models", "stock-models", a, NULL);
  snprintf(a, sizeof a, "%" PRIu32, m->fleet_models);
  f(o, "models", "fleet-models", a, NULL);
  f(o, "models", "fleet-from", m->from_roster ? "roster" : "agreement", NULL);
  snprintf(a, sizeof a, "%" PRIu32, m->models_max);
  f(o, "models", "models-max", a, NULL);
  snprintf(a, sizeof a, "%" PRIu32, m->model_min_users);
  f(o, "models", "model-min-users", a, NULL);
  snprintf(a, sizeof a, "%" PRIu32, m->few_user_models);
  f(o, "models", "few-user-models", a, NULL);
  snprintf(a, sizeof a, "%" PRIu32, m->stock_only_models);
  f(o, "models", "stock-only-models", a, NULL);
  f(o, "models", "consolidate", m->consolidate ? "yes" : "no", NULL);
  char advice[512];
  ssvc_model_advice_text(m, r->lang, advice, sizeof advice);
  f(o, "models", "advice", advice, NULL);
}

static void csv_figure(struct report_out *o, const char *section, const char *key, const char *value,
                       const char *value2) {
  csv(o, section);
  ssvc__report_puts(o, ",");
  csv(o, key);
  ssvc__report_puts(o, ",");
  csv(o, value);
  ssvc__report_puts(o, ",");
  if (value2) csv(o, value2);
  ssvc__report_puts(o, "\r\n");
}

struct xml_state {
  const char *section;
};

static void xml_figure(struct report_out *o, const char *section, const char *key, const char *value,
                       const char *value2) {
  ssvc__report_puts(o, "  <figure section=\"");
  ssvc__report_esc(o, section);
  ssvc__report_puts(o, "\" key=\"");
  ssvc__report_esc(o, key);
  ssvc__report_puts(o, "\" value=\"");
  ssvc__report_esc(o, value);
  if (value2) {
    ssvc__report_puts(o, "\" percent=\"");
    ssvc__report_esc(o, value2);
  }
  ssvc__report_puts(o, "\"/>\n");
}

static void date_text(char *buf, ssvc_date d) {
  snprintf(buf, 16, "%04d-%02d-%02d", d.year, d.month, d.day);
}

int ssvc_report_write(const ssvc_report *report, int format, ssvc_write_fn fn, void *user_data) {
  static const char func[] = "ssvc_report_write";
  if (!report) return SSVC_EINVAL;
  if (!fn) return ssvc__err(report->ctx, SSVC_EINVAL, "%s: fn must not be NULL", func);
  if (format < SSVC_REPORT_XML || format > SSVC_REPORT_HTML)
    return ssvc__err(report->ctx, SSVC_EINVAL, "%s: format: not a report format (got %d)", func,
                     format);
  struct report_out o = {fn, user_data, 0};
  char f[16], t[16];
  date_text(f, report->from);
  date_text(t, report->to);
  if (format == SSVC_REPORT_CSV) {
    ssvc__report_puts(&o, "section,key,value,percent\r\n");
    csv_figure(&o, "report", "customer", report->customer, NULL);
    csv_figure(&o, "report", "from", f, NULL);
    csv_figure(&o, "report", "to", t, NULL);
    each_figure(report, &o, csv_figure);
    ssvc__report_workshop_figures(report, &o, csv_figure);
  } else if (format == SSVC_REPORT_XML) {
    ssvc__report_puts(&o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<report xmlns=\"" SSVC_REPORT_NS
              "\" version=\"1\" customer=\"");
    ssvc__report_esc(&o, report->customer);
    ssvc__report_printf(&o, "\" from=\"%s\" to=\"%s\">\n", f, t);
    each_figure(report, &o, xml_figure);
    ssvc__report_workshop_figures(report, &o, xml_figure);
    ssvc__report_puts(&o, "</report>\n");
  } else {
    ssvc__report_html(report, &o);
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
