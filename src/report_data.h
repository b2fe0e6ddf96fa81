/* The figures of a quality report (rule R9), as report.c gathers them and report_write.c writes
 * them: fixed sizes, so memory does not grow with the number of cases (doc/report.md). */
#ifndef SSVC_REPORT_DATA_H
#define SSVC_REPORT_DATA_H

#include "case_keys.h"
#include "smartservice/report.h"
#include "smartservice/swap.h"

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
  int swap_status; /* 0: no agreement, 1: figures below, 2: the tier has no SWAP administration */
  struct swap_line pool;
  struct swap_line swap_models[MAX_SWAP_MODELS];
  size_t n_swap_models, swap_models_more;
  uint32_t swap_recommended;
  size_t refills[4];      /* by ssvc_refill_state */
  uint64_t refill_pending_phones;
};

/* The middle of bucket @p i (its values are within 1/64 of it). */
int64_t ssvc__report_hist_value(int i);
int64_t ssvc__report_hist_quantile(const ssvc_report *r, int percent);

#endif
