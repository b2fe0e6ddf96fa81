/* report: the quality report of a customer for a period (rule R9, doc/report.md): one pass over
 * the customer's cases gathers the figures (report_data.h); report_write.c writes them. */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keyspace.h"
#include "smartservice/center.h"
#include "report_data.h"
#include "text.h"
#include "xml_util.h"
static const char *const format_names[] = {NULL, "xml", "csv", "html"};

const char *ssvc_report_format_name(int format) {
  return ssvc__name_of(format_names, SSVC_REPORT_XML, SSVC_REPORT_HTML, format);
}

int ssvc_report_format_from_name(ssvc_ctx *ctx, int *out, const char *name) {
  return ssvc__name_lookup(ctx, "ssvc_report_format_from_name", out, name, format_names,
                           SSVC_REPORT_XML, SSVC_REPORT_HTML, "report format");
}

int ssvc_report_options_init(ssvc_report_options *options, unsigned int version) {
  return ssvc__struct_init(options, sizeof *options, version, SSVC_REPORT_OPTIONS_VERSION);
}

size_t ssvc_report_case_count(const ssvc_report *report) { return report ? report->total : 0; }

/* The size of a figures struct of @p version (version 1 ends before the how-to calls). */
static size_t figures_size(unsigned int version) {
  return version == 1 ? offsetof(ssvc_report_figures, howto_calls) : sizeof(ssvc_report_figures);
}

int ssvc_report_figures_init(ssvc_report_figures *figures, unsigned int version) {
  if (version > SSVC_REPORT_FIGURES_VERSION) version = 0; /* refused below, struct untouched */
  return ssvc__struct_init(figures, figures_size(version), version, SSVC_REPORT_FIGURES_VERSION);
}

int ssvc_report_figures_get(const ssvc_report *r, ssvc_report_figures *out) {
  if (!r) return SSVC_EINVAL;
  if (!out) return ssvc__err(r->ctx, SSVC_EINVAL, "ssvc_report_figures_get: out must not be NULL");
  int rc = ssvc__check_version(r->ctx, "ssvc_report_figures_get: out", out->version,
                               SSVC_REPORT_FIGURES_VERSION);
  if (rc) return rc;
  ssvc_report_figures f;
  memset(&f, 0, sizeof f);
  f.version = SSVC_REPORT_FIGURES_VERSION;
  snprintf(f.customer_name, sizeof f.customer_name, "%s", r->customer_name);
  f.from = r->from;
  f.to = r->to;
  f.made = r->made;
  f.period = r->period;
  f.closed = (uint32_t)r->closed;
  f.median_close_seconds = r->closed ? ssvc__report_hist_quantile(r, 50) : -1;
  f.unreturned_value_minor = r->unreturned_value;
  f.unreturned_oldest_days = r->unreturned_oldest_days;
  f.overdue = r->overdue_total;
  f.overdue_value_minor = r->overdue_value;
  f.swap_status = r->swap_status;
  f.swap_available = r->pool.available;
  f.swap_level = r->pool.target;
  f.swap_to_buy = r->swap_recommended;
  f.backorders = r->pool.backorders;
  memcpy(f.trend, r->trend, sizeof f.trend);
  f.targets = r->targets;
  for (int k = 0; k < SSVC_REPORT_HOWTO_AREAS; k++) {
    f.howto_calls[k] = (uint32_t)r->howto[k];
    f.howto_solved[k] = (uint32_t)r->howto_solved[k];
  }
  f.version = out->version;
  memcpy(out, &f, figures_size(out->version));
  return SSVC_OK;
}

void ssvc_report_free(ssvc_report *report) {
  if (report) ssvc__free(report->ctx, report);
}

/* ---- Gathering ---- */

static int hist_index(int64_t v) {
  if (v < 0) v = 0;
  if (v > HIST_MAX_SECONDS) v = HIST_MAX_SECONDS;
  if (v < 64) return (int)v;
  int e = 63 - __builtin_clzll((unsigned long long)v); /* 6..40 */
  int sub = (int)((v >> (e - 5)) & 31);
  return 64 + (e - 6) * 32 + sub;
}

/* The middle of bucket @p i (its values are within 1/64 of it). */
int64_t ssvc__report_hist_value(int i) {
  if (i < 64) return i;
  int e = (i - 64) / 32 + 6, sub = (i - 64) % 32;
  int64_t lo = (int64_t)(32 + sub) << (e - 5), width = (int64_t)1 << (e - 5);
  return lo + width / 2;
}

int64_t ssvc__report_hist_quantile(const ssvc_report *r, int percent) {
  if (!r->closed) return 0;
  size_t rank = (r->closed * (size_t)percent + 99) / 100, seen = 0;
  if (rank == 0) rank = 1;
  for (int i = 0; i < HIST_BUCKETS; i++) {
    seen += r->hist[i];
    if (seen >= rank) return ssvc__report_hist_value(i);
  }
  return 0;
}

/* Whether a text might hold personal data: an '@' or six digits in a row (phone, IMEI). */
static int looks_personal(const char *s) {
  int digits = 0;
  for (; *s; s++) {
    if (*s == '@') return 1;
    digits = *s >= '0' && *s <= '9' ? digits + 1 : (*s == ' ' || *s == '-' ? digits : 0);
    if (digits >= 6) return 1;
  }
  return 0;
}

/* A stored text as a C string for the tables (cut to GROUP_TEXT bytes). */
static void text_of(char *buf, const uint8_t *p, size_t n) {
  if (n > GROUP_TEXT) {
    n = GROUP_TEXT;
    while (n && (p[n] & 0xC0) == 0x80) n--; /* whole UTF-8 characters */
  }
  if (n) memcpy(buf, p, n);
  buf[n] = '\0';
}

static void group_add(struct groups *gs, const char *text, int fault) {
  char key[GROUP_TEXT + 1];
  text_of(key, (const uint8_t *)text, strlen(text));
  size_t n = strlen(key);
  for (size_t i = 0; i < gs->n; i++)
    if (strcmp(gs->g[i].key, key) == 0) {
      gs->g[i].cases++;
      gs->g[i].faults += (size_t)fault;
      return;
    }
  if (gs->n < MAX_GROUPS && *key) {
    struct group *g = &gs->g[gs->n++];
    memcpy(g->key, key, n + 1);
    g->cases = 1;
    g->faults = (size_t)fault;
    return;
  }
  gs->other_cases++;
  gs->other_faults += (size_t)fault;
}

struct gather {
  ssvc_store *st;
  ssvc_report *r;
  const ssvc_calendar *cal;
  const char *func;
  int rc;
  /* options->progress (version 3): told every REPORT_PROGRESS_EVERY cases and at the end */
  ssvc_report_progress_fn progress;
  void *progress_data;
  uint64_t cases;
  int64_t lo, hi; /* the registration times read: the trend's first month to the period's end */
};

#define REPORT_PROGRESS_EVERY 1000

/* Tells options->progress how far the reading is (@p at: the registration time reached). */
static int tell_progress(struct gather *g, int64_t at) {
  if (!g->progress) return SSVC_OK;
  uint64_t total = g->hi > g->lo ? (uint64_t)(g->hi - g->lo) : 0;
  uint64_t done = at <= g->lo ? 0 : at >= g->hi ? total : (uint64_t)(at - g->lo);
  if (g->progress(g->progress_data, g->cases, done, total))
    return ssvc__err(g->st->ctx, SSVC_EIO, "%s: stopped by the progress callback", g->func);
  return SSVC_OK;
}

/* The first replacement shipment of a case and the return of its faulty phone (0: none), and the
 * phone's value: the unreturned phones at the end of every month and of the period. */
static void count_unreturned(ssvc_report *r, int64_t shipped, int64_t returned, const char *model) {
  for (int k = 0; k < SSVC_REPORT_TREND_MONTHS; k++)
    if (shipped < r->month_end[k] && (!returned || returned >= r->month_end[k]))
      r->trend[k].unreturned++;
  if (shipped < r->period_end && (!returned || returned >= r->period_end)) {
    r->period.unreturned++;
    if (r->agreement) r->unreturned_value += ssvc_agreement_replacement_value(r->agreement, model);
    int64_t days = (r->period_end - shipped) / 86400;
    if (days > (int64_t)r->unreturned_oldest_days) r->unreturned_oldest_days = (uint32_t)days;
  }
}

/* The figures of one month of the trend: cases, solved on the phone, deliveries on time. */
static int add_trend_case(struct gather *g, const ssvc__case_view *v, ssvc_report_month *m) {
  m->cases++;
  if (v->outcome == SSVC_CASE_OUTCOME_HANDLING_ERROR) m->solved_on_phone++;
  ssvc__case_sub e;
  const uint8_t *it = v->body;
  int q;
  int64_t shipped = 0, returned = 0;
  while ((q = ssvc__case_view_next(v, &it, SSVC__SUB_EVENT, &e)) == 1)
    if (e.kind == SSVC_CASE_EVENT_STATE && e.to == SSVC_CASE_FAULTY_RETURNED && !returned)
      returned = e.at;
  if (q < 0) return -1;
  for (it = v->body; (q = ssvc__case_view_next(v, &it, SSVC__SUB_SHIPMENT, &e)) == 1;) {
    if (e.kind != SSVC_SHIPMENT_REPLACEMENT) continue;
    ssvc_date promised = v->promised, arrives;
    if ((promised.year || ssvc_calendar_delivery(NULL, g->cal, &promised, v->registered) ==
                              SSVC_OK) &&
        ssvc_calendar_delivery_shipped(NULL, g->cal, &arrives, v->registered, e.at) == SSVC_OK) {
      m->deliveries++;
      if (ssvc_date_to_days(&arrives) <= ssvc_date_to_days(&promised)) m->on_time++;
    }
    shipped = e.at;
    break;
  }
  if (q < 0) return -1;
  if (shipped) {
    char model[GROUP_TEXT + 1];
    text_of(model, v->model, v->model_len);
    count_unreturned(g->r, shipped, returned, model);
  }
  return 0;
}

static int add_case(struct gather *g, const ssvc__case_view *v) {
  ssvc_report *r = g->r;
  if (v->registered < r->month_end[SSVC_REPORT_TREND_MONTHS - 1]) {
    for (int k = 0; k < SSVC_REPORT_TREND_MONTHS; k++)
      if (v->registered >= r->month_start[k] && v->registered < r->month_end[k])
        return add_trend_case(g, v, &r->trend[k]);
    return 0;
  }
  if (v->registered < r->period_start) return 0; /* before a period not starting on the 1st */
  /* The period's own trend point, with the same rules as the months before it. */
  if (add_trend_case(g, v, &r->period)) return -1;
  r->total++;
  if (v->outcome >= 0 && v->outcome <= SSVC_CASE_OUTCOME_MAX) r->by_outcome[v->outcome]++;
  if (v->state >= 1 && v->state <= SSVC_CASE_STATE_MAX) r->by_state[v->state]++;
  if (v->outcome == SSVC_CASE_OUTCOME_HANDLING_ERROR) r->solved_on_phone++;
  if (ssvc__report_count_howto(r, v)) return -1;
  int fault = v->outcome == SSVC_CASE_OUTCOME_WORKSHOP ||
              v->outcome == SSVC_CASE_OUTCOME_DEFINITE_FAULT;
  char text[GROUP_TEXT + 1];
  text_of(text, v->symptom, v->symptom_len);
  group_add(&r->symptoms, looks_personal(text) ? "" : text, fault);
  text_of(text, v->model, v->model_len);
  group_add(&r->models, text, fault);
  int referred = 0, swap = 0, faulty_back = 0, q;
  int64_t closed_at = 0;
  ssvc__case_sub e;
  const uint8_t *it = v->body;
  while ((q = ssvc__case_view_next(v, &it, SSVC__SUB_EVENT, &e)) == 1) {
    if (e.kind != SSVC_CASE_EVENT_STATE) continue;
    if (e.to == SSVC_CASE_REFERRED) referred = 1;
    if (e.to == SSVC_CASE_SWAP_REQUESTED) swap = 1;
    if (e.to == SSVC_CASE_FAULTY_RETURNED) faulty_back = 1;
    if (e.to == SSVC_CASE_CLOSED) closed_at = e.at;
  }
  if (q < 0) return -1;
  r->referred += (size_t)referred;
  r->swaps += (size_t)swap;
  int replaced = 0;
  for (it = v->body; (q = ssvc__case_view_next(v, &it, SSVC__SUB_SHIPMENT, &e)) == 1;) {
    if (e.kind != SSVC_SHIPMENT_REPLACEMENT) continue;
    r->replacement_shipments++;
    if (replaced++) continue; /* the first replacement is the one promised */
    /* The promise is the registration's (fixed on the case; a case stored before promises were
     * kept: the registration on this calendar), the delivery the pool's rule R7 for a phone
     * shipped at the shipment's instant. */
    ssvc_date promised = v->promised, arrives;
    if ((promised.year || ssvc_calendar_delivery(NULL, g->cal, &promised, v->registered) ==
                              SSVC_OK) &&
        ssvc_calendar_delivery_shipped(NULL, g->cal, &arrives, v->registered, e.at) == SSVC_OK) {
      r->deliveries++;
      if (ssvc_date_to_days(&arrives) <= ssvc_date_to_days(&promised)) r->on_time++;
      else r->late++;
    }
  }
  if (q < 0) return -1;
  if (replaced && !faulty_back) r->not_returned++;
  if (v->state == SSVC_CASE_CLOSED) {
    if (!closed_at) closed_at = v->updated;
    int64_t d = closed_at - v->registered;
    if (d < 0) d = 0;
    if (d > HIST_MAX_SECONDS) d = HIST_MAX_SECONDS; /* about 70 000 years */
    r->closed++;
    r->close_sum += d;
    r->hist[hist_index(d)]++;
  }
  /* The library's one warranty rule; a case without a warranty end is not counted. */
  if (v->warranty_end.year) {
    if (ssvc__warranty_status(v->warranty_end, v->registered) == SSVC_WARRANTY_OUT) {
      r->out_of_warranty++;
      for (it = v->body; (q = ssvc__case_view_next(v, &it, SSVC__SUB_CHARGE, &e)) == 1;) {
        char cur[4] = "SEK";
        if (e.currency_len == 3) memcpy(cur, e.currency, 3);
        size_t k = 0;
        while (k < r->n_oow_cost && strcmp(r->oow_cost[k].code, cur) != 0) k++;
        if (k == r->n_oow_cost) {
          if (k == MAX_CURRENCIES) {
            r->charges_other_currency++;
            continue;
          }
          memcpy(r->oow_cost[k].code, cur, 4);
          r->oow_cost[k].amount = 0;
          r->n_oow_cost++;
        }
        r->oow_cost[k].amount += e.amount;
      }
      if (q < 0) return -1;
    }
  }
  return 0;
}

/* The customer index in registration order; each case record read in place. */
static int gather_cb(void *data, const void *key, size_t klen, const void *val, size_t vlen,
                     uint64_t ver) {
  (void)val;
  (void)vlen;
  (void)ver;
  struct gather *g = data;
  const uint8_t *p = (const uint8_t *)key + klen - 6;
  uint8_t k[SSVC_KEY_CASE_LEN];
  k[0] = SSVC_KEY_CASE;
  memcpy(k + 1, p, 6);
  const void *rec;
  size_t rlen;
  uint64_t rver;
  uint32_t year = (uint32_t)p[0] << 8 | p[1];
  uint32_t seq = (uint32_t)p[2] << 24 | (uint32_t)p[3] << 16 | (uint32_t)p[4] << 8 | p[5];
  int rc = ssvc__store_get(g->st, g->func, k, sizeof k, &rec, &rlen, &rver);
  if (rc == SSVC_ENOTFOUND)
    rc = ssvc__err(g->st->ctx, SSVC_ESTORAGE, "%s: SC-%04u-%06u: an index entry has no case",
                   g->func, (unsigned)year, (unsigned)seq);
  ssvc__case_view v;
  if (!rc && (ssvc__case_view_open(&v, rec, rlen) || add_case(g, &v)))
    rc = ssvc__err(g->st->ctx, SSVC_ESTORAGE, "%s: SC-%04u-%06u: the stored record is malformed",
                   g->func, (unsigned)year, (unsigned)seq);
  if (!rc && ++g->cases % REPORT_PROGRESS_EVERY == 0) rc = tell_progress(g, v.registered);
  return rc;
}

static int swap_line_cb(void *data, const ssvc_refill_line *line) {
  ssvc_report *r = data;
  struct swap_line *l;
  if (!*line->model) {
    l = &r->pool;
  } else if (r->n_swap_models < MAX_SWAP_MODELS) {
    l = &r->swap_models[r->n_swap_models++];
  } else {
    r->swap_models_more++;
    return 0;
  }
  text_of(l->model, (const uint8_t *)line->model, strlen(line->model));
  l->available = line->available;
  l->target = line->target;
  l->backorders = line->backorders;
  l->recommended = line->recommended;
  return 0;
}

/* The customer's SWAP pool: stock against the sized level (ssvc_swap_advise()) and its refill
 * requests. No agreement, or a tier without SWAP administration: the report says so. */
static int gather_swap(ssvc_store *st, ssvc_report *r) {
  int rc = ssvc_swap_advise(st, r->customer, &r->swap_recommended, swap_line_cb, r);
  if (rc == SSVC_ENOTFOUND || rc == SSVC_ENOTENTITLED) { /* no agreement, or no SWAP in its tier */
    r->swap_status = rc == SSVC_ENOTENTITLED ? 2 : 0;
    ssvc_ctx_clear_error(st->ctx);
    return SSVC_OK;
  }
  if (rc) return rc;
  r->swap_status = 1;
  for (uint32_t n = 1; n <= MAX_REFILLS; n++) {
    int state = 0;
    uint32_t total = 0, received = 0;
    rc = ssvc_swap_refill_get(st, &state, &total, &received, r->customer, n, NULL, NULL);
    if (rc == SSVC_ENOTFOUND) {
      ssvc_ctx_clear_error(st->ctx);
      return SSVC_OK;
    }
    if (rc) return rc;
    if (state >= 1 && state <= 3) r->refills[state]++;
    if (state == SSVC_REFILL_PENDING) r->refill_pending_phones += total;
  }
  return SSVC_OK;
}

static int cmp_group(const void *a, const void *b) {
  const struct group *x = a, *y = b;
  if (x->cases != y->cases) return x->cases > y->cases ? -1 : 1;
  return strcmp(x->key, y->key);
}

/* Phones shipped and past their return deadline today: the actions of the report. */
static int overdue_cb(void *data, const ssvc_order *o) {
  ssvc_report *r = data;
  int64_t today = ssvc_date_to_days(&r->made);
  if (!o->return_deadline.year || ssvc_date_to_days(&o->return_deadline) >= today) return 0;
  int64_t value = r->agreement ? ssvc_agreement_replacement_value(r->agreement, o->model) : 0;
  r->overdue_total++;
  r->overdue_value += value;
  if (r->n_overdue == MAX_OVERDUE) {
    r->overdue_more++;
    return 0;
  }
  struct overdue_line *l = &r->overdue[r->n_overdue++];
  text_of(l->model, (const uint8_t *)o->model, strlen(o->model));
  l->days_since_delivery = o->delivery.year
                               ? (uint32_t)(today - ssvc_date_to_days(&o->delivery)) : 0;
  l->days_past_deadline = (uint32_t)(today - ssvc_date_to_days(&o->return_deadline));
  l->value_minor = value;
  return 0;
}

static int cmp_overdue(const void *a, const void *b) {
  const struct overdue_line *x = a, *y = b;
  if (x->days_past_deadline != y->days_past_deadline)
    return x->days_past_deadline > y->days_past_deadline ? -1 : 1;
  return strcmp(x->model, y->model);
}

/* The instant Stockholm day @p d begins. Beyond the calendar's years (the trend of January 1900,
 * the end of December 2199) the day is a winter day: midnight CET, an hour before UTC's. */
static int day_start(ssvc_ctx *ctx, int64_t *out, ssvc_date d) {
  if (d.year < 1900 || d.year > 2199) {
    *out = ssvc_date_to_days(&d) * 86400 - 3600;
    return SSVC_OK;
  }
  return ssvc_stockholm_to_instant(ctx, out, &d, 0, 0, 0);
}

/* The first of month @p m of year @p y (months counted on past 1..12), in *date and *out. */
static int month_start(ssvc_ctx *ctx, int64_t *out, ssvc_date *date, int y, int m) {
  while (m < 1) {
    m += 12;
    y--;
  }
  while (m > 12) {
    m -= 12;
    y++;
  }
  *date = (ssvc_date){y, m, 1};
  return day_start(ctx, out, *date);
}

/* The name and the trend months; the period's bounds in Stockholm days, in *lo and *hi. */
static int set_period(ssvc_store *st, ssvc_report *r, int64_t *lo, int64_t *hi) {
  ssvc_ctx *ctx = st->ctx;
  ssvc_date next;
  int rc = ssvc_date_from_days(&next, ssvc_date_to_days(&r->to) + 1);
  if (!rc) rc = day_start(ctx, lo, r->from);
  if (!rc) rc = day_start(ctx, hi, next);
  for (int k = 0; k < SSVC_REPORT_TREND_MONTHS && !rc; k++) {
    int m = r->from.month - SSVC_REPORT_TREND_MONTHS + k;
    ssvc_date first, after;
    rc = month_start(ctx, &r->month_start[k], &first, r->from.year, m);
    if (!rc) rc = month_start(ctx, &r->month_end[k], &after, r->from.year, m + 1);
    r->trend[k].year = first.year;
    r->trend[k].month = first.month;
  }
  if (rc) return rc;
  r->period.year = r->from.year;
  r->period.month = r->from.month;
  int64_t now = ssvc__store_now(st);
  r->period_end = now < *hi ? now : *hi;
  r->period_start = *lo;
  ssvc_local_time lt;
  if ((rc = ssvc_stockholm_from_instant(ctx, &lt, now))) return rc;
  r->made = lt.date;
  return SSVC_OK;
}

int ssvc_report_new(ssvc_store *store, ssvc_report **out, const ssvc_report_options *options) {
  static const char func[] = "ssvc_report_new";
  if (out) *out = NULL;
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "%s: out must not be NULL", func);
  if (!options) return ssvc__err(ctx, SSVC_EINVAL, "%s: options must not be NULL", func);
  int rc = ssvc__check_version(ctx, "ssvc_report_new: options", options->version,
                               SSVC_REPORT_OPTIONS_VERSION);
  if (rc) return rc;
  const char *cust = options->customer_id;
  if ((rc = ssvc__check_text(ctx, func, "options->customer_id", cust, 1, 64))) return rc;
  if (!options->from.year || !options->to.year)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: options->from and options->to must be given", func);
  int64_t lo, hi;
  if ((rc = ssvc__utc_day_bounds(ctx, func, options->from, options->to, &lo, &hi))) return rc;
  const char *supplier = options->version >= 2 ? options->supplier_name : NULL;
  int lang = options->version >= 2 ? options->lang : SSVC_LANG_SV;
  if (supplier && *supplier &&
      (rc = ssvc__check_text(ctx, func, "options->supplier_name", supplier, 0, 256)))
    return rc;
  if (lang != SSVC_LANG_SV && lang != SSVC_LANG_EN)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: options->lang: not a language (got %d)", func, lang);
  /* No name given: the stored Support Center's, the seller on the customer's invoices. */
  char stored[257] = "";
  if (options->version >= 2 && !supplier) {
    ssvc_center *center = NULL;
    rc = ssvc_center_load(store, &center);
    if (rc && rc != SSVC_ENOTFOUND) return rc;
    ssvc_party p = SSVC_PARTY_INIT;
    if (!rc && !ssvc_center_party(center, &p)) snprintf(stored, sizeof stored, "%s", p.name);
    ssvc_center_free(center);
    supplier = stored;
  }
  ssvc_calendar *own = NULL;
  const ssvc_calendar *cal = options->calendar;
  if (!cal) {
    if ((rc = ssvc_calendar_new(ctx, &own, NULL))) return rc;
    cal = own;
  }
  ssvc_report *r = ssvc__calloc(ctx, 1, sizeof *r);
  if (!r) {
    ssvc_calendar_free(own);
    return SSVC_ENOMEM;
  }
  r->ctx = ctx;
  snprintf(r->customer, sizeof r->customer, "%s", cust);
  snprintf(r->supplier, sizeof r->supplier, "%s", supplier ? supplier : "");
  r->lang = lang;
  r->from = options->from;
  r->to = options->to;
  ssvc_agreement *ag = NULL;
  rc = set_period(store, r, &lo, &hi);
  r->targets.version = SSVC_REPORT_TARGETS_VERSION;
  if (!rc) rc = ssvc_report_targets_get(store, cust, &r->targets);
  if (!rc) {
    rc = ssvc_agreement_load(store, &ag, cust);
    if (rc == SSVC_ENOTFOUND) {
      ssvc_ctx_clear_error(ctx);
      rc = SSVC_OK;
    }
  }
  if (!rc) {
    ssvc_agreement_spec spec;
    if (ag && ssvc_agreement_spec_init(&spec, SSVC_AGREEMENT_SPEC_VERSION) == SSVC_OK &&
        ssvc_agreement_spec_get(ag, &spec) == SSVC_OK && spec.customer_name) {
      snprintf(r->customer_name, sizeof r->customer_name, "%s", spec.customer_name);
      r->fleet = spec.fleet;
      r->swap_bp = spec.swap_basis_points;
    } else
      snprintf(r->customer_name, sizeof r->customer_name, "%s", cust);
  }
  r->agreement = ag;
  struct gather g = {store, r, cal, func, SSVC_OK, NULL, NULL, 0, r->month_start[0], hi};
  if (options->version >= 3) {
    g.progress = options->progress;
    g.progress_data = options->progress_data;
  }
  uint8_t klo[SSVC_KEY_CUSTOMER_MAX], khi[SSVC_KEY_CUSTOMER_MAX];
  size_t nlo = ssvc__key_customer(klo, cust, r->month_start[0], 0, 0),
         nhi = ssvc__key_customer(khi, cust, hi, 0, 0);
  if (!rc) rc = ssvc__store_scan(store, func, klo, nlo, khi, nhi, gather_cb, &g);
  if (!rc) rc = tell_progress(&g, hi);
  ssvc_calendar_free(own);
  if (!rc) rc = gather_swap(store, r);
  r->model_advice = (ssvc_model_advice)SSVC_MODEL_ADVICE_INIT;
  if (!rc && r->swap_status == 1) rc = ssvc_models_advise(store, cust, &r->model_advice, NULL, NULL);
  if (!rc && ag) rc = ssvc_swap_order_list(store, cust, SSVC_ORDER_SHIPPED, overdue_cb, r);
  if (!rc) rc = ssvc__report_workshop_gather(store, r);
  r->agreement = NULL;
  ssvc_agreement_free(ag);
  if (rc) {
    ssvc__free(ctx, r);
    return rc;
  }
  qsort(r->overdue, r->n_overdue, sizeof r->overdue[0], cmp_overdue);
  qsort(r->symptoms.g, r->symptoms.n, sizeof r->symptoms.g[0], cmp_group);
  qsort(r->models.g, r->models.n, sizeof r->models.g[0], cmp_group);
  *out = r;
  return SSVC_OK;
}
