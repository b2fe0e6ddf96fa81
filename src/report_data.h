/* The figures of a quality report (rule R9), as report.c gathers them and report_write.c writes
 * them: fixed sizes, so memory does not grow with the number of cases (doc/report.md). */
#ifndef SSVC_REPORT_DATA_H
#define SSVC_REPORT_DATA_H

#include "case_keys.h"
#include "smartservice/report.h"
#include "smartservice/agreement.h"
#include "smartservice/roster.h"
#include "smartservice/swap.h"
#include "smartservice/workshop.h"

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

#define MAX_OVERDUE 20 /* overdue phones listed among the actions; the rest are counted */

/* A shipped phone past its return deadline (no IMEI, no case id: no personal data). */
struct overdue_line {
  char model[GROUP_TEXT + 1];
  uint32_t days_since_delivery, days_past_deadline;
  int64_t value_minor;
};

#define MAX_WORKSHOP_LINES 32 /* providers or models listed; the rest add up in "(other)" */

struct workshop_lines {
  ssvc_workshop_figures l[MAX_WORKSHOP_LINES + 1]; /* the last one: "(other)" */
  size_t n;
};

struct ssvc_report {
  ssvc_ctx *ctx;
  char customer[65];
  char customer_name[257]; /* the agreement's; the id when there is none */
  char supplier[257];
  int lang;
  ssvc_date made;          /* Stockholm date gathered */
  uint32_t fleet, swap_bp; /* the agreement's phones in service and SWAP share */
  int64_t period_start;    /* instant the period begins */
  int64_t period_end;      /* instant of the end of the period, or the gathering if earlier */
  ssvc_date from, to;
  /* The period [0] and the trend months: trend[k] is the k-th of the 12 before the period. */
  ssvc_report_month period, trend[SSVC_REPORT_TREND_MONTHS];
  int64_t month_end[SSVC_REPORT_TREND_MONTHS]; /* instants: the ends of the trend months */
  int64_t month_start[SSVC_REPORT_TREND_MONTHS];
  int64_t unreturned_value;
  uint32_t unreturned_oldest_days;
  struct overdue_line overdue[MAX_OVERDUE];
  size_t n_overdue, overdue_more;
  uint32_t overdue_total;
  int64_t overdue_value;
  ssvc_report_targets targets;
  const ssvc_agreement *agreement; /* while gathering only */
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
  int swap_status; /* 0: no agreement, 1: figures below, 2: the tier has no SWAP administration */
  struct swap_line pool;
  struct swap_line swap_models[MAX_SWAP_MODELS];
  size_t n_swap_models, swap_models_more;
  uint32_t swap_recommended;
  size_t refills[4];      /* by ssvc_refill_state */
  uint64_t refill_pending_phones;
  /* Few models (roster_models.c): shown with the SWAP figures when swap_status is 1. */
  ssvc_model_advice model_advice;
  /* The workshop (report_workshop.c): repair orders by provider [0] and by model [1]. */
  struct workshop_lines workshop[2];
  /* How-to calls on the period's cases per area (phone-help, os-help, sync; report_howto.c). */
  size_t howto[SSVC_REPORT_HOWTO_AREAS], howto_solved[SSVC_REPORT_HOWTO_AREAS];
};

/* The output of a writer (report_write.c): after a failed write nothing more is written. */
struct report_out {
  ssvc_write_fn fn;
  void *ud;
  int failed;
};
void ssvc__report_put(struct report_out *o, const char *s, size_t n);
void ssvc__report_puts(struct report_out *o, const char *s);
void ssvc__report_printf(struct report_out *o, const char *fmt, ...) SSVC_PRINTF(2, 3);
/* XML/HTML text escaping. */
void ssvc__report_esc(struct report_out *o, const char *s);
/* The workshop (report_workshop.c): gathered by ssvc_report_new(), written by each writer. */
typedef void (*ssvc__report_figure_fn)(struct report_out *o, const char *section, const char *key,
                                       const char *value, const char *value2);
int ssvc__report_workshop_gather(ssvc_store *st, ssvc_report *r);
void ssvc__report_workshop_figures(const ssvc_report *r, struct report_out *o,
                                   ssvc__report_figure_fn f);
void ssvc__report_workshop_html(const ssvc_report *r, struct report_out *o);
/* report_howto.c: adds the how-to calls of case @p v to r->howto; -1 for a malformed record. */
int ssvc__report_count_howto(ssvc_report *r, const ssvc__case_view *v);
/* report_howto.c: the feature bit of area @p k of r->howto (0 out of range). */
unsigned int ssvc__report_howto_area(int k);
/* The HTML page (report_html.c). */
void ssvc__report_html(const ssvc_report *r, struct report_out *o);

/* The middle of bucket @p i (its values are within 1/64 of it). */
int64_t ssvc__report_hist_value(int i);
int64_t ssvc__report_hist_quantile(const ssvc_report *r, int percent);

#endif
