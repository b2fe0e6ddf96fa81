/* The workshop: repair orders sent, estimated and closed (repaired or scrapped), the case moving
 * with them, the turnaround in working days, get and list, the change feed and the damage check,
 * every refusal and its words, and every operation that changes the store under storage and
 * allocation faults (memory and SQLite). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <smartservice.h>
#include <smartservice/sqlite.h>

#include "fixtures.h"
#include "mem_out.h"
#include "fresh_store.h"
#include "store_fault.h"

#define DAY INT64_C(86400)

/* The agreement first, then a case referred to the workshop. */
static void referred_case(ssvc_store *st, char *id, int n) {
  fixture_agreement_once(st, "ACME", "PROF");
  fixture_case(st, id, "ACME", "PROF", fixture_imei(n));
  assert_int_equal(ssvc_case_transition(st, id, SSVC_CASE_REFERRED, "agent", NULL), SSVC_OK);
}

static int case_state(ssvc_store *st, const char *id) {
  ssvc_case *c = NULL;
  assert_int_equal(ssvc_case_load(st, &c, id), SSVC_OK);
  ssvc_case_info i;
  memset(&i, 0, sizeof i);
  i.version = SSVC_CASE_INFO_VERSION;
  assert_int_equal(ssvc_case_info_get(c, &i), SSVC_OK);
  int s = i.state;
  ssvc_case_free(c);
  return s;
}

static int send(ssvc_store *st, const char *id, const char *provider, int64_t estimate) {
  ssvc_repair_spec s = SSVC_REPAIR_SPEC_INIT;
  s.case_id = id;
  s.provider = provider;
  s.estimate_minor = estimate;
  s.note = "display cracked";
  s.actor = "agent";
  return ssvc_repair_order_send(st, &s);
}

static void names(void **state) {
  (void)state;
  assert_string_equal(ssvc_repair_state_name(SSVC_REPAIR_SENT), "sent");
  assert_string_equal(ssvc_repair_state_name(SSVC_REPAIR_REPAIRED), "repaired");
  assert_string_equal(ssvc_repair_state_name(SSVC_REPAIR_SCRAPPED), "scrapped");
  assert_null(ssvc_repair_state_name(0));
  assert_null(ssvc_repair_state_name(4));
  int s = 0;
  assert_int_equal(ssvc_repair_state_from_name(NULL, &s, "scrapped"), SSVC_OK);
  assert_int_equal(s, SSVC_REPAIR_SCRAPPED);
  assert_int_equal(ssvc_repair_state_from_name(NULL, &s, "fixed"), SSVC_ENOTFOUND);
  ssvc_repair_order o;
  assert_int_equal(ssvc_repair_order_init(&o, SSVC_REPAIR_ORDER_VERSION), SSVC_OK);
  assert_int_equal(o.version, SSVC_REPAIR_ORDER_VERSION);
  assert_int_equal(ssvc_repair_order_init(&o, 2), SSVC_EVERSION);
  assert_int_equal(ssvc_repair_order_init(NULL, 1), SSVC_EINVAL);
  assert_string_equal(ssvc_change_kind_name(SSVC_CHANGE_REPAIR_ORDER), "repair-order");
}

struct seen {
  int n;
  char ids[4][SSVC_CASE_ID_SIZE];
  int stop_after;
};

static int seen_cb(void *ud, const ssvc_repair_order *o) {
  struct seen *s = ud;
  if (s->n < 4) snprintf(s->ids[s->n], SSVC_CASE_ID_SIZE, "%s", o->case_id);
  s->n++;
  return s->stop_after && s->n >= s->stop_after;
}

static void flow(void **state) {
  struct fx *f = *state;
  char a[SSVC_CASE_ID_SIZE], b[SSVC_CASE_ID_SIZE];
  referred_case(f->st, a, 1);
  referred_case(f->st, b, 2);
  /* Sent on Monday 2026-03-02: the referred case goes to in-repair with it. */
  assert_int_equal(send(f->st, a, "Mobilfix AB", SSVC_REPAIR_NO_ESTIMATE), SSVC_OK);
  assert_int_equal(case_state(f->st, a), SSVC_CASE_IN_REPAIR);
  ssvc_repair_order o;
  ssvc_repair_order_init(&o, SSVC_REPAIR_ORDER_VERSION);
  assert_int_equal(ssvc_repair_order_get(f->st, &o, a), SSVC_OK);
  assert_string_equal(o.case_id, a);
  assert_string_equal(o.customer_id, "ACME");
  assert_string_equal(o.imei, fixture_imei(1));
  assert_string_equal(o.model, "Fairphone 5");
  assert_string_equal(o.provider, "Mobilfix AB");
  assert_string_equal(o.note, "display cracked");
  assert_int_equal(o.state, SSVC_REPAIR_SENT);
  assert_int_equal(o.moved_case, 1);
  assert_int_equal(o.estimate_minor, SSVC_REPAIR_NO_ESTIMATE);
  assert_int_equal(o.sent_at, fixture_now);
  assert_int_equal(o.done_at, 0);
  assert_int_equal(o.turnaround_days, -1);
  /* The provider's estimate, then repaired on Thursday: three working days. */
  assert_int_equal(ssvc_repair_order_estimate(f->st, a, 89000, "agent"), SSVC_OK);
  fixture_now += 3 * DAY;
  assert_int_equal(ssvc_repair_order_done(f->st, a, SSVC_REPAIR_REPAIRED, 85000, "agent"),
                   SSVC_OK);
  assert_int_equal(ssvc_repair_order_get(f->st, &o, a), SSVC_OK);
  assert_int_equal(o.state, SSVC_REPAIR_REPAIRED);
  assert_int_equal(o.estimate_minor, 89000);
  assert_int_equal(o.cost_minor, 85000);
  assert_int_equal(o.done_at, fixture_now);
  assert_int_equal(o.turnaround_days, 3);
  assert_int_equal(case_state(f->st, a), SSVC_CASE_REPAIRED);
  /* Scrapped over a weekend: Thursday to the next Tuesday is three working days. */
  assert_int_equal(send(f->st, b, "Telereparation", 50000), SSVC_OK);
  fixture_now += 5 * DAY;
  assert_int_equal(ssvc_repair_order_done(f->st, b, SSVC_REPAIR_SCRAPPED, 15000, "agent"),
                   SSVC_OK);
  assert_int_equal(ssvc_repair_order_get(f->st, &o, b), SSVC_OK);
  assert_int_equal(o.state, SSVC_REPAIR_SCRAPPED);
  assert_int_equal(o.turnaround_days, 3);
  assert_int_equal(case_state(f->st, b), SSVC_CASE_REPAIRED);

  /* A case in in-repair by hand: the order records the visit, the case stays. */
  char c[SSVC_CASE_ID_SIZE];
  referred_case(f->st, c, 3);
  assert_int_equal(ssvc_case_transition(f->st, c, SSVC_CASE_IN_REPAIR, "agent", NULL), SSVC_OK);
  assert_int_equal(send(f->st, c, "Mobilfix AB", SSVC_REPAIR_NO_ESTIMATE), SSVC_OK);
  assert_int_equal(ssvc_repair_order_get(f->st, &o, c), SSVC_OK);
  assert_int_equal(o.moved_case, 0);
  assert_int_equal(ssvc_repair_order_done(f->st, c, SSVC_REPAIR_REPAIRED, 0, "agent"), SSVC_OK);
  assert_int_equal(case_state(f->st, c), SSVC_CASE_IN_REPAIR);

  /* The list: by case id; the callback may stop it. */
  struct seen s = {0};
  assert_int_equal(ssvc_repair_order_list(f->st, "ACME", seen_cb, &s), SSVC_OK);
  assert_int_equal(s.n, 3);
  assert_string_equal(s.ids[0], a);
  assert_string_equal(s.ids[1], b);
  assert_string_equal(s.ids[2], c);
  struct seen one = {0, {"", "", "", ""}, 1};
  assert_int_equal(ssvc_repair_order_list(f->st, "ACME", seen_cb, &one), SSVC_OK);
  assert_int_equal(one.n, 1);
  struct seen none = {0};
  assert_int_equal(ssvc_repair_order_list(f->st, "OTHER", seen_cb, &none), SSVC_OK);
  assert_int_equal(none.n, 0);

  size_t problems = 9;
  assert_int_equal(ssvc_store_check(f->st, NULL, NULL, &problems), SSVC_OK);
  assert_int_equal(problems, 0);
}

static void change_feed(void **state) {
  struct fx *f = *state;
  char a[SSVC_CASE_ID_SIZE];
  referred_case(f->st, a, 1);
  uint64_t last = 0;
  assert_int_equal(ssvc_changes_last(f->st, &last), SSVC_OK);
  assert_int_equal(send(f->st, a, "Mobilfix AB", 100), SSVC_OK);
  assert_int_equal(ssvc_repair_order_done(f->st, a, SSVC_REPAIR_REPAIRED, 100, "l"), SSVC_OK);
  struct fixture_feed fd = {SSVC_CHANGE_REPAIR_ORDER, 0, 0, ""};
  assert_int_equal(ssvc_changes_read(f->st, last, fixture_feed_cb, &fd), SSVC_OK);
  assert_int_equal(fd.of_kind, 2);
  assert_string_equal(fd.last_id, a);
  assert_int_equal(fd.n, 4); /* the case moved twice too */
}

static void refusals(void **state) {
  struct fx *f = *state;
  ssvc_ctx *ctx = f->ctx;
  char a[SSVC_CASE_ID_SIZE], r[SSVC_CASE_ID_SIZE];
  referred_case(f->st, a, 1);
  fixture_case(f->st, r, "ACME", "PROF", fixture_imei(2)); /* registered */
  ssvc_repair_spec s = SSVC_REPAIR_SPEC_INIT;
  s.case_id = a;
  s.provider = "Mobilfix AB";
  s.actor = "agent";
  assert_int_equal(ssvc_repair_order_send(NULL, &s), SSVC_EINVAL);
  assert_int_equal(ssvc_repair_order_send(f->st, NULL), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(ctx), "ssvc_repair_order_send: spec must not be NULL");
  s.version = 7;
  assert_int_equal(ssvc_repair_order_send(f->st, &s), SSVC_EVERSION);
  s.version = SSVC_REPAIR_SPEC_VERSION;
  s.provider = "";
  assert_int_equal(ssvc_repair_order_send(f->st, &s), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(ctx), "ssvc_repair_order_send: spec->provider"));
  s.provider = "Mobilfix AB";
  s.estimate_minor = -5;
  assert_int_equal(ssvc_repair_order_send(f->st, &s), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(ctx),
                      "ssvc_repair_order_send: spec->estimate_minor: -5 is not 0..10^12 (öre)");
  s.estimate_minor = SSVC_REPAIR_NO_ESTIMATE;
  s.actor = NULL;
  assert_int_equal(ssvc_repair_order_send(f->st, &s), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(ctx), "ssvc_repair_order_send: spec->actor"));
  s.actor = "agent";
  s.case_id = "SC-2026-999999";
  assert_int_equal(ssvc_repair_order_send(f->st, &s), SSVC_ENOTFOUND);
  assert_non_null(strstr(ssvc_ctx_errmsg(ctx), "SC-2026-999999"));
  s.case_id = "nonsense";
  assert_int_equal(ssvc_repair_order_send(f->st, &s), SSVC_EINVAL);
  s.case_id = r;
  assert_int_equal(ssvc_repair_order_send(f->st, &s), SSVC_ESTATE);
  char want[200];
  snprintf(want, sizeof want,
           "ssvc_repair_order_send: %s is registered; a phone goes to the workshop from a "
           "referred, faulty-returned or in-repair case", r);
  assert_string_equal(ssvc_ctx_errmsg(ctx), want);
  s.case_id = a;
  assert_int_equal(ssvc_repair_order_send(f->st, &s), SSVC_OK);
  assert_int_equal(ssvc_repair_order_send(f->st, &s), SSVC_EEXISTS);
  snprintf(want, sizeof want, "ssvc_repair_order_send: %s already has a repair order", a);
  assert_string_equal(ssvc_ctx_errmsg(ctx), want);

  /* Estimate and done. */
  assert_int_equal(ssvc_repair_order_estimate(f->st, a, -1, "agent"), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(ctx),
                      "ssvc_repair_order_estimate: estimate_minor: -1 is not 0..10^12 (öre)");
  assert_int_equal(ssvc_repair_order_estimate(f->st, r, 10, "agent"), SSVC_ENOTFOUND);
  snprintf(want, sizeof want, "ssvc_repair_order_estimate: %s has no repair order", r);
  assert_string_equal(ssvc_ctx_errmsg(ctx), want);
  assert_int_equal(ssvc_repair_order_done(f->st, a, 0, 10, "agent"), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(ctx), "ssvc_repair_order_done: outcome: -1 is neither "
                                            "repaired (2) nor scrapped (3)");
  assert_int_equal(ssvc_repair_order_done(f->st, a, SSVC_REPAIR_SENT, 10, "agent"), SSVC_EINVAL);
  assert_int_equal(ssvc_repair_order_done(f->st, a, SSVC_REPAIR_REPAIRED, -2, "agent"),
                   SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(ctx),
                      "ssvc_repair_order_done: cost_minor: -2 is not 0..10^12 (öre)");
  assert_int_equal(ssvc_repair_order_done(f->st, a, SSVC_REPAIR_REPAIRED, 2, ""), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(ctx), "ssvc_repair_order_done: actor"));
  assert_int_equal(ssvc_repair_order_done(f->st, a, SSVC_REPAIR_SCRAPPED, 0, "agent"), SSVC_OK);
  assert_int_equal(ssvc_repair_order_done(f->st, a, SSVC_REPAIR_REPAIRED, 0, "agent"),
                   SSVC_ESTATE);
  snprintf(want, sizeof want, "ssvc_repair_order_done: the repair order of %s is scrapped "
           "already", a);
  assert_string_equal(ssvc_ctx_errmsg(ctx), want);
  assert_int_equal(ssvc_repair_order_estimate(f->st, a, 10, "agent"), SSVC_ESTATE);

  /* Get and list. */
  ssvc_repair_order o;
  ssvc_repair_order_init(&o, SSVC_REPAIR_ORDER_VERSION);
  assert_int_equal(ssvc_repair_order_get(f->st, NULL, a), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(ctx), "ssvc_repair_order_get: out must not be NULL");
  o.version = 9;
  assert_int_equal(ssvc_repair_order_get(f->st, &o, a), SSVC_EVERSION);
  o.version = SSVC_REPAIR_ORDER_VERSION;
  assert_int_equal(ssvc_repair_order_get(f->st, &o, r), SSVC_ENOTFOUND);
  assert_int_equal(ssvc_repair_order_list(f->st, "ACME", NULL, NULL), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(ctx), "ssvc_repair_order_list: fn must not be NULL");
  assert_int_equal(ssvc_repair_order_list(f->st, "", seen_cb, NULL), SSVC_EINVAL);
  assert_int_equal(case_state(f->st, r), SSVC_CASE_REGISTERED);
}

/* A pending cost estimate on the case holds the phone back: nothing is sent. */
static void estimate_gate(void **state) {
  struct fx *f = *state;
  char a[SSVC_CASE_ID_SIZE];
  referred_case(f->st, a, 1);
  assert_int_equal(ssvc_case_estimate(f->st, a, 120000, 0, "new display", "agent"), SSVC_OK);
  assert_int_equal(send(f->st, a, "Mobilfix AB", SSVC_REPAIR_NO_ESTIMATE), SSVC_ESTATE);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "waits for the customer's answer"));
  ssvc_repair_order o;
  ssvc_repair_order_init(&o, SSVC_REPAIR_ORDER_VERSION);
  assert_int_equal(ssvc_repair_order_get(f->st, &o, a), SSVC_ENOTFOUND);
  assert_int_equal(case_state(f->st, a), SSVC_CASE_REFERRED);
}


/* Erasure: the order keeps its provider, model, state and cost, loses the IMEI and the note. */
static void erasure(void **state) {
  struct fx *f = *state;
  char a[SSVC_CASE_ID_SIZE];
  referred_case(f->st, a, 1);
  assert_int_equal(send(f->st, a, "Mobilfix AB", 100), SSVC_OK);
  assert_int_equal(ssvc_repair_order_done(f->st, a, SSVC_REPAIR_REPAIRED, 300, "agent"), SSVC_OK);
  ssvc_erase_key key = SSVC_ERASE_KEY_INIT;
  key.imei = fixture_imei(1);
  assert_int_equal(ssvc_erase_user(f->st, NULL, "ACME", &key, "dpo"), SSVC_OK);
  ssvc_repair_order o;
  ssvc_repair_order_init(&o, SSVC_REPAIR_ORDER_VERSION);
  assert_int_equal(ssvc_repair_order_get(f->st, &o, a), SSVC_OK);
  assert_string_equal(o.imei, "");
  assert_string_equal(o.note, "");
  assert_string_equal(o.provider, "Mobilfix AB");
  assert_string_equal(o.model, "Fairphone 5");
  assert_int_equal(o.state, SSVC_REPAIR_REPAIRED);
  assert_int_equal(o.cost_minor, 300);
  size_t problems = 9;
  assert_int_equal(ssvc_store_check(f->st, NULL, NULL, &problems), SSVC_OK);
  assert_int_equal(problems, 0);
}

/* ---- The report: turnaround and cost by provider and by model ---- */

static void report(void **state) {
  struct fx *f = *state;
  char a[SSVC_CASE_ID_SIZE], b[SSVC_CASE_ID_SIZE], c[SSVC_CASE_ID_SIZE];
  referred_case(f->st, a, 1);
  referred_case(f->st, b, 2);
  referred_case(f->st, c, 3);
  assert_int_equal(send(f->st, a, "Mobilfix AB", 90000), SSVC_OK);
  assert_int_equal(send(f->st, b, "Mobilfix AB", SSVC_REPAIR_NO_ESTIMATE), SSVC_OK);
  assert_int_equal(send(f->st, c, "Telereparation", SSVC_REPAIR_NO_ESTIMATE), SSVC_OK);
  fixture_now += 2 * DAY; /* Wednesday: two working days */
  assert_int_equal(ssvc_repair_order_done(f->st, a, SSVC_REPAIR_REPAIRED, 85000, "agent"),
                   SSVC_OK);
  fixture_now += 1 * DAY; /* Thursday: three */
  assert_int_equal(ssvc_repair_order_done(f->st, b, SSVC_REPAIR_SCRAPPED, 12550, "agent"),
                   SSVC_OK);
  ssvc_report_options opt = SSVC_REPORT_OPTIONS_INIT;
  opt.customer_id = "ACME";
  opt.from = (ssvc_date){2026, 3, 1};
  opt.to = (ssvc_date){2026, 3, 31};
  opt.supplier_name = "";
  ssvc_report *r = NULL;
  assert_int_equal(ssvc_report_new(f->st, &r, &opt), SSVC_OK);
  assert_int_equal(ssvc_report_workshop_count(r, SSVC_WORKSHOP_BY_PROVIDER), 2);
  assert_int_equal(ssvc_report_workshop_count(r, SSVC_WORKSHOP_BY_MODEL), 1);
  assert_int_equal(ssvc_report_workshop_count(r, 3), 0);
  assert_int_equal(ssvc_report_workshop_count(NULL, 1), 0);
  ssvc_workshop_figures w;
  assert_int_equal(ssvc_workshop_figures_init(&w, SSVC_WORKSHOP_FIGURES_VERSION), SSVC_OK);
  assert_int_equal(ssvc_report_workshop_at(r, SSVC_WORKSHOP_BY_PROVIDER, 0, &w), SSVC_OK);
  assert_string_equal(w.key, "Mobilfix AB");
  assert_int_equal(w.done, 2);
  assert_int_equal(w.repaired, 1);
  assert_int_equal(w.scrapped, 1);
  assert_int_equal(w.at_provider, 0);
  assert_int_equal(w.turnaround_days, 5);
  assert_int_equal(w.turnaround_tenths, 25);
  assert_int_equal(w.cost_minor, 97550);
  assert_int_equal(ssvc_report_workshop_at(r, SSVC_WORKSHOP_BY_PROVIDER, 1, &w), SSVC_OK);
  assert_string_equal(w.key, "Telereparation");
  assert_int_equal(w.done, 0);
  assert_int_equal(w.at_provider, 1);
  assert_int_equal(ssvc_report_workshop_at(r, SSVC_WORKSHOP_BY_MODEL, 0, &w), SSVC_OK);
  assert_string_equal(w.key, "Fairphone 5");
  assert_int_equal(w.done, 2);
  assert_int_equal(w.at_provider, 1);
  /* Refusals. */
  assert_int_equal(ssvc_report_workshop_at(r, SSVC_WORKSHOP_BY_MODEL, 1, &w), SSVC_ERANGE);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx),
                      "ssvc_report_workshop_at: index: 1 is past the 1 lines");
  assert_int_equal(ssvc_report_workshop_at(r, 0, 0, &w), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "ssvc_report_workshop_at: grouping: 0 is neither "
                                               "by provider (1) nor by model (2)");
  assert_int_equal(ssvc_report_workshop_at(r, 1, 0, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_report_workshop_at(NULL, 1, 0, &w), SSVC_EINVAL);
  w.version = 5;
  assert_int_equal(ssvc_report_workshop_at(r, 1, 0, &w), SSVC_EVERSION);
  /* The writers. */
  struct mem m = {0};
  assert_int_equal(ssvc_report_write(r, SSVC_REPORT_CSV, mem_put, &m), SSVC_OK);
  assert_non_null(strstr(m.p, "workshop-provider,Mobilfix AB/orders-done,2,\r\n"));
  assert_non_null(strstr(m.p, "workshop-provider,Mobilfix AB/mean-turnaround-days,2.5,\r\n"));
  assert_non_null(strstr(m.p, "workshop-provider,Mobilfix AB/cost,975.50,\r\n"));
  assert_non_null(strstr(m.p, "workshop-provider,Telereparation/at-provider,1,\r\n"));
  assert_non_null(strstr(m.p, "workshop-model,Fairphone 5/repaired,1,\r\n"));
  m.len = 0;
  assert_int_equal(ssvc_report_write(r, SSVC_REPORT_XML, mem_put, &m), SSVC_OK);
  assert_non_null(strstr(m.p, "<figure section=\"workshop-model\" key=\"Fairphone 5/scrapped\" "
                                "value=\"1\"/>"));
  m.len = 0;
  assert_int_equal(ssvc_report_write(r, SSVC_REPORT_HTML, mem_put, &m), SSVC_OK);
  assert_non_null(strstr(m.p, "<h2>Verkstad</h2>"));
  assert_non_null(strstr(m.p, "<table class=\"figs\">"));
  assert_non_null(strstr(m.p, "Mobilfix AB</td><td data-label=\"Klara\">2</td>"));
  assert_non_null(strstr(m.p, ">2,5</td><td data-label=\"Kostnad (kr)\">975,50</td></tr>"));
  ssvc_report_free(r);
  /* A customer without repair orders: no lines, no section. */
  fixture_agreement(f->st, "BYG", "PROF", 10, 0, 0);
  opt.customer_id = "BYG";
  assert_int_equal(ssvc_report_new(f->st, &r, &opt), SSVC_OK);
  assert_int_equal(ssvc_report_workshop_count(r, SSVC_WORKSHOP_BY_PROVIDER), 0);
  m.len = 0;
  assert_int_equal(ssvc_report_write(r, SSVC_REPORT_HTML, mem_put, &m), SSVC_OK);
  assert_null(strstr(m.p, "Verkstad"));
  ssvc_report_free(r);
  mem_free(&m);
}

/* The XML interchange: the order travels inside its <case> and comes back whole. */
static void xml_round_trip(void **state) {
  struct fx *f = *state;
  char a[SSVC_CASE_ID_SIZE], b[SSVC_CASE_ID_SIZE];
  referred_case(f->st, a, 1);
  referred_case(f->st, b, 2);
  assert_int_equal(send(f->st, a, "Mobilfix AB", 90000), SSVC_OK);
  assert_int_equal(send(f->st, b, "Telereparation", SSVC_REPAIR_NO_ESTIMATE), SSVC_OK);
  fixture_now += 1 * DAY;
  assert_int_equal(ssvc_repair_order_done(f->st, a, SSVC_REPAIR_SCRAPPED, 20000, "agent"),
                   SSVC_OK);
  struct mem m = {0};
  size_t count = 0;
  assert_int_equal(ssvc_xml_export(f->st, &count, mem_put, &m, NULL), SSVC_OK);
  assert_int_equal(count, 2);
  assert_non_null(strstr(m.p, "<repair-order provider=\"Mobilfix AB\" state=\"scrapped\""));
  ssvc_repair_order want;
  ssvc_repair_order_init(&want, SSVC_REPAIR_ORDER_VERSION);
  assert_int_equal(ssvc_repair_order_get(f->st, &want, a), SSVC_OK);

  ssvc_store *to = NULL;
  assert_int_equal(ssvc_store_memory_new(f->ctx, &to), SSVC_OK); /* the export has the agreement */
  ssvc_xml_import_result res = SSVC_XML_IMPORT_RESULT_INIT;
  int irc = ssvc_xml_import_memory(to, &res, m.p, m.len, "export.xml", NULL);
  if (irc) fprintf(stderr, "import: %s\n", ssvc_ctx_errmsg(f->ctx));
  assert_int_equal(irc, SSVC_OK);
  assert_int_equal(res.imported, 2);
  ssvc_repair_order o;
  ssvc_repair_order_init(&o, SSVC_REPAIR_ORDER_VERSION);
  assert_int_equal(ssvc_repair_order_get(to, &o, a), SSVC_OK);
  assert_string_equal(o.provider, want.provider);
  assert_string_equal(o.imei, want.imei);
  assert_string_equal(o.model, want.model);
  assert_string_equal(o.note, want.note);
  assert_int_equal(o.state, SSVC_REPAIR_SCRAPPED);
  assert_int_equal(o.moved_case, 1);
  assert_int_equal(o.estimate_minor, 90000);
  assert_int_equal(o.cost_minor, 20000);
  assert_int_equal(o.sent_at, want.sent_at);
  assert_int_equal(o.done_at, want.done_at);
  assert_int_equal(o.turnaround_days, 1);
  assert_int_equal(ssvc_repair_order_get(to, &o, b), SSVC_OK);
  assert_int_equal(o.state, SSVC_REPAIR_SENT);
  assert_int_equal(o.estimate_minor, SSVC_REPAIR_NO_ESTIMATE);
  assert_int_equal(o.turnaround_days, -1);
  /* Imported again with replace: the orders are overwritten, not refused. */
  ssvc_xml_import_options io = SSVC_XML_IMPORT_OPTIONS_INIT;
  io.on_duplicate = SSVC_XML_DUP_REPLACE;
  assert_int_equal(ssvc_xml_import_memory(to, &res, m.p, m.len, "export.xml", &io), SSVC_OK);
  size_t problems = 9;
  assert_int_equal(ssvc_store_check(to, NULL, NULL, &problems), SSVC_OK);
  assert_int_equal(problems, 0);
  ssvc_store_free(to);

  /* A bad <repair-order> is a bad record, naming the attribute. */
  const char *bad = strstr(m.p, "state=\"scrapped\"");
  assert_non_null(bad);
  memcpy((char *)bad, "state=\"scrappd\" ", 17);
  assert_int_equal(ssvc_store_memory_new(f->ctx, &to), SSVC_OK); /* the export has the agreement */
  assert_int_not_equal(ssvc_xml_import_memory(to, &res, m.p, m.len, "export.xml", NULL), SSVC_OK);
  ssvc_store_free(to);
  mem_free(&m);
}

/* ---- Every operation that changes the store under storage and allocation faults ---- */

static char fx_sent[SSVC_CASE_ID_SIZE], fx_referred[SSVC_CASE_ID_SIZE];

static void *fx_base(ssvc_store *st) {
  referred_case(st, fx_sent, 1);
  referred_case(st, fx_referred, 2);
  assert_int_equal(send(st, fx_sent, "Mobilfix AB", SSVC_REPAIR_NO_ESTIMATE), SSVC_OK);
  return NULL;
}
static int op_send(ssvc_store *st, void *u) {
  (void)u;
  return send(st, fx_referred, "Telereparation", 40000);
}
static int op_estimate(ssvc_store *st, void *u) {
  (void)u;
  return ssvc_repair_order_estimate(st, fx_sent, 70000, "agent");
}
static int op_repaired(ssvc_store *st, void *u) {
  (void)u;
  return ssvc_repair_order_done(st, fx_sent, SSVC_REPAIR_REPAIRED, 65000, "agent");
}
static int op_scrapped(ssvc_store *st, void *u) {
  (void)u;
  return ssvc_repair_order_done(st, fx_sent, SSVC_REPAIR_SCRAPPED, 0, "agent");
}

static const struct store_op ops[] = {
    {"ssvc_repair_order_send", fx_base, op_send, NULL},
    {"ssvc_repair_order_estimate", fx_base, op_estimate, NULL},
    {"ssvc_repair_order_done repaired", fx_base, op_repaired, NULL},
    {"ssvc_repair_order_done scrapped", fx_base, op_scrapped, NULL},
};

STORE_FAULT_TEST_FUNCTIONS(ops, FAULT_STORAGE, "test_workshop")

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(names),
      cmocka_unit_test_setup_teardown(flow, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(change_feed, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(refusals, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(estimate_gate, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(report, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(erasure, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(xml_round_trip, fixture_setup, fixture_teardown),
      STORE_FAULT_TESTS,
  };
  return cmocka_run_group_tests_name("workshop", tests, NULL, NULL);
}
