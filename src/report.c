/* report: the quality report of a customer for a period (rule R9, doc/report.md). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "case_keys.h"
#include "smartservice/report.h"
#include "smartservice/swap.h"
#include "xml_util.h"

/* Fixed sizes: memory does not grow with the number of cases. */
#define MAX_GROUPS 64   /* distinct symptoms and models listed; the rest count as "other" */
#define GROUP_TEXT 64   /* bytes of a symptom or model kept */
#define HIST_MAX_SECONDS ((INT64_C(1) << 41) - 1) /* longer times to close count as this */
#define HIST_BUCKETS (64 + 35 * 32)                   /* exponents 6..40, 32 buckets each */
#define MAX_CURRENCIES 8
#define MAX_SWAP_MODELS 32 /* model lines of the SWAP advice listed; the rest are counted */
#define MAX_REFILLS 100000 /* refill requests read (numbered from 1) */

struct swap_line {
  char model[GROUP_TEXT + 1];
  uint32_t available, target, backorders, recommended;
};

struct group {
  char key[GROUP_TEXT + 1];
  size_t cases, faults;
};

struct groups {
  struct group g[MAX_GROUPS];
  size_t n;
  size_t other_cases, other_faults;
};

struct ssvc_report {
  ssvc_ctx *ctx;
  char customer[65];
  ssvc_date from, to;
  size_t total;
  size_t by_outcome[SSVC_CASE_OUTCOME_MAX + 1];
  size_t by_state[SSVC_CASE_STATE_MAX + 1];
  size_t solved_on_phone, referred, swaps, replacement_shipments;
  size_t deliveries, on_time, late;
  size_t closed;
  int64_t close_sum;
  uint32_t hist[HIST_BUCKETS];
  size_t not_returned;
  size_t out_of_warranty;
  struct {
    char code[4];
    int64_t amount;
  } oow_cost[MAX_CURRENCIES];
  size_t n_oow_cost;
  size_t charges_other_currency;
  struct groups symptoms, models;
  /* The SWAP pool now (not limited to the period): advice lines and refill requests. */
  int swap_status; /* 0: no agreement, 1: figures below */
  struct swap_line pool;
  struct swap_line swap_models[MAX_SWAP_MODELS];
  size_t n_swap_models, swap_models_more;
  uint32_t swap_recommended;
  size_t refills[4];      /* by ssvc_refill_state */
  uint64_t refill_pending_phones;
};

int ssvc_report_options_init(ssvc_report_options *options, unsigned int version) {
  return ssvc__struct_init(options, sizeof *options, version, SSVC_REPORT_OPTIONS_VERSION);
}

size_t ssvc_report_case_count(const ssvc_report *report) { return report ? report->total : 0; }

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
static int64_t hist_value(int i) {
  if (i < 64) return i;
  int e = (i - 64) / 32 + 6, sub = (i - 64) % 32;
  int64_t lo = (int64_t)(32 + sub) << (e - 5), width = (int64_t)1 << (e - 5);
  return lo + width / 2;
}

static int64_t hist_quantile(const ssvc_report *r, int percent) {
  if (!r->closed) return 0;
  size_t rank = (r->closed * (size_t)percent + 99) / 100, seen = 0;
  if (rank == 0) rank = 1;
  for (int i = 0; i < HIST_BUCKETS; i++) {
    seen += r->hist[i];
    if (seen >= rank) return hist_value(i);
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

static void group_add(struct groups *gs, const char *text, int fault) {
  char key[GROUP_TEXT + 1];
  size_t n = strlen(text);
  if (n > GROUP_TEXT) {
    n = GROUP_TEXT;
    while (n && ((unsigned char)text[n] & 0xC0) == 0x80) n--; /* whole UTF-8 characters */
  }
  memcpy(key, text, n);
  key[n] = '\0';
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
};

/* A stored text as a C string for the tables (cut to GROUP_TEXT bytes). */
static void text_of(char *buf, const uint8_t *p, size_t n) {
  if (n > GROUP_TEXT) {
    n = GROUP_TEXT;
    while (n && (p[n] & 0xC0) == 0x80) n--; /* whole UTF-8 characters */
  }
  if (n) memcpy(buf, p, n);
  buf[n] = '\0';
}

static int add_case(struct gather *g, const ssvc__case_view *v) {
  ssvc_report *r = g->r;
  r->total++;
  if (v->outcome >= 0 && v->outcome <= SSVC_CASE_OUTCOME_MAX) r->by_outcome[v->outcome]++;
  if (v->state >= 1 && v->state <= SSVC_CASE_STATE_MAX) r->by_state[v->state]++;
  if (v->outcome == SSVC_CASE_OUTCOME_HANDLING_ERROR) r->solved_on_phone++;
  int fault = v->outcome == SSVC_CASE_OUTCOME_WORKSHOP ||
              v->outcome == SSVC_CASE_OUTCOME_DEFINITE_FAULT;
  char text[GROUP_TEXT + 1];
  text_of(text, v->symptom, v->symptom_len);
  group_add(&r->symptoms, looks_personal(text) ? "" : text, fault);
  text_of(text, v->model, v->model_len);
  group_add(&r->models, text, fault);
  int referred = 0, swap = 0, faulty_back = 0, q;
  int64_t swap_at = v->registered, closed_at = 0;
  ssvc__case_sub e;
  const uint8_t *it = v->body;
  while ((q = ssvc__case_view_next(v, &it, SSVC__SUB_EVENT, &e)) == 1) {
    if (e.kind != SSVC_CASE_EVENT_STATE) continue;
    if (e.to == SSVC_CASE_REFERRED) referred = 1;
    if (e.to == SSVC_CASE_SWAP_REQUESTED && !swap) {
      swap = 1;
      swap_at = e.at;
    }
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
    ssvc_date promised, arrives;
    if (ssvc_calendar_delivery(NULL, g->cal, &promised, swap_at) == SSVC_OK &&
        ssvc_calendar_delivery(NULL, g->cal, &arrives, e.at) == SSVC_OK) {
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
  if (v->warranty_end.year) {
    int64_t reg_day = ssvc__floor_div(v->registered, 86400);
    if (ssvc_date_to_days(&v->warranty_end) < reg_day) {
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
 * requests. No agreement: the report says so. */
static int gather_swap(ssvc_store *st, ssvc_report *r) {
  int rc = ssvc_swap_advise(st, r->customer, &r->swap_recommended, swap_line_cb, r);
  if (rc == SSVC_ENOTFOUND) {
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
  if (!cust || !*cust || strlen(cust) > 64)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: options->customer_id: must be 1-64 bytes", func);
  if (!options->from.year || !options->to.year)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: options->from and options->to must be given", func);
  int64_t lo, hi;
  if ((rc = ssvc__utc_day_bounds(ctx, func, options->from, options->to, &lo, &hi))) return rc;
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
  r->from = options->from;
  r->to = options->to;
  struct gather g = {store, r, cal, func, SSVC_OK};
  uint8_t klo[SSVC_KEY_CUSTOMER_MAX], khi[SSVC_KEY_CUSTOMER_MAX];
  size_t nlo = ssvc__key_customer(klo, cust, lo, 0, 0), nhi = ssvc__key_customer(khi, cust, hi, 0, 0);
  rc = ssvc__store_scan(store, func, klo, nlo, khi, nhi, gather_cb, &g);
  ssvc_calendar_free(own);
  if (!rc) rc = gather_swap(store, r);
  if (rc) {
    ssvc__free(ctx, r);
    return rc;
  }
  qsort(r->symptoms.g, r->symptoms.n, sizeof r->symptoms.g[0], cmp_group);
  qsort(r->models.g, r->models.n, sizeof r->models.g[0], cmp_group);
  *out = r;
  return SSVC_OK;
}

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

static void each_figure(const ssvc_report *r, struct out *o, figure_fn f) {
  char a[64], b[64];
  snprintf(a, sizeof a, "%zu", r->total);
  f(o, "summary", "cases", a, NULL);
  snprintf(a, sizeof a, "%zu", r->solved_on_phone);
  pct(b, sizeof b, r->solved_on_phone, r->total);
  f(o, "summary", "solved-on-phone", a, b);
  snprintf(a, sizeof a, "%zu", r->referred);
  pct(b, sizeof b, r->referred, r->total);
  f(o, "summary", "workshop-referrals", a, b);
  snprintf(a, sizeof a, "%zu", r->swaps);
  pct(b, sizeof b, r->swaps, r->total);
  f(o, "summary", "swaps-and-loans", a, b);
  snprintf(a, sizeof a, "%zu", r->replacement_shipments);
  f(o, "summary", "replacement-shipments", a, NULL);
  snprintf(a, sizeof a, "%zu", r->not_returned);
  f(o, "summary", "faulty-not-returned", a, NULL);
  snprintf(a, sizeof a, "%zu", r->deliveries);
  f(o, "delivery", "deliveries", a, NULL);
  snprintf(a, sizeof a, "%zu", r->on_time);
  pct(b, sizeof b, r->on_time, r->deliveries);
  f(o, "delivery", "on-time", a, b);
  snprintf(a, sizeof a, "%zu", r->late);
  f(o, "delivery", "late", a, NULL);
  snprintf(a, sizeof a, "%zu", r->closed);
  f(o, "time-to-close", "closed-cases", a, NULL);
  hours(a, sizeof a, r->closed ? r->close_sum / (int64_t)r->closed : 0);
  f(o, "time-to-close", "mean-hours", a, NULL);
  hours(a, sizeof a, hist_quantile(r, 50));
  f(o, "time-to-close", "median-hours", a, NULL);
  hours(a, sizeof a, hist_quantile(r, 90));
  f(o, "time-to-close", "p90-hours", a, NULL);
  snprintf(a, sizeof a, "%zu", r->out_of_warranty);
  f(o, "warranty", "out-of-warranty-cases", a, NULL);
  for (size_t k = 0; k < r->n_oow_cost; k++) {
    char key[32];
    snprintf(key, sizeof key, "cost-%s", r->oow_cost[k].code);
    money(a, sizeof a, r->oow_cost[k].amount);
    f(o, "warranty", key, a, NULL);
  }
  for (int k = 0; k <= SSVC_CASE_OUTCOME_MAX; k++) {
    snprintf(a, sizeof a, "%zu", r->by_outcome[k]);
    pct(b, sizeof b, r->by_outcome[k], r->total);
    f(o, "outcome", ssvc_case_outcome_name(k), a, b);
  }
  for (int k = 1; k <= SSVC_CASE_STATE_MAX; k++) {
    snprintf(a, sizeof a, "%zu", r->by_state[k]);
    f(o, "state", ssvc_case_state_name(k), a, NULL);
  }
  for (size_t k = 0; k < r->symptoms.n; k++) {
    snprintf(a, sizeof a, "%zu", r->symptoms.g[k].cases);
    pct(b, sizeof b, r->symptoms.g[k].cases, r->total);
    f(o, "symptom", r->symptoms.g[k].key, a, b);
  }
  if (r->symptoms.other_cases) {
    snprintf(a, sizeof a, "%zu", r->symptoms.other_cases);
    pct(b, sizeof b, r->symptoms.other_cases, r->total);
    f(o, "symptom", "(other or none)", a, b);
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
  if (!r->swap_status) {
    f(o, "swap-pool", "status", "no-agreement", NULL);
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
    snprintf(a, sizeof a, "%zu", r->swap_models_more);
    f(o, "swap-model", "(more models)", a, NULL);
  }
  for (int k = SSVC_REFILL_PENDING; k <= SSVC_REFILL_DECLINED; k++) {
    snprintf(a, sizeof a, "%zu", r->refills[k]);
    f(o, "refill", ssvc_refill_state_name(k), a, NULL);
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
  hours(b, sizeof b, hist_quantile(r, 50));
  snprintf(a, sizeof a, "%s h", b);
  hours(b, sizeof b, hist_quantile(r, 90));
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
      int64_t v = hist_value(i);
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
  if (!r->swap_status) {
    puts_(o, "<section><h2>SWAP stock</h2><p>No agreement with a SWAP pool.</p></section>\n");
  } else {
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

static int file_put(void *data, const char *bytes, size_t len) {
  return fwrite(bytes, 1, len, (FILE *)data) == len ? 0 : 1;
}

int ssvc_report_write_file(const ssvc_report *report, int format, const char *path) {
  static const char func[] = "ssvc_report_write_file";
  if (!report) return SSVC_EINVAL;
  if (!path) return ssvc__err(report->ctx, SSVC_EINVAL, "%s: path must not be NULL", func);
  FILE *fp = fopen(path, "wb");
  if (!fp)
    return ssvc__err(report->ctx, SSVC_EIO, "%s: %s: cannot create (%s)", func, path,
                     strerror(errno));
  int rc = ssvc_report_write(report, format, file_put, fp);
  if (fclose(fp) != 0 && rc == SSVC_OK)
    rc = ssvc__err(report->ctx, SSVC_EIO, "%s: %s: cannot write (%s)", func, path, strerror(errno));
  return rc;
}
