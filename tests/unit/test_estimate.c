/* estimate: the warranty status of a case's repair and the cost estimate (kostnadsförslag) that
 * the customer accepts or declines before a repair outside warranty: the status, the flow, the
 * direct invoice, every refusal with its words, the record, and every operation under storage
 * and allocation faults on memory and SQLite. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <smartservice.h>

#include "fixtures.h"
#include "fresh_store.h"
#include "store_fault.h"

#define C1 "SC-2026-000001"
#define C2 "SC-2026-000002"
#define DEC_01 INT64_C(1796115600) /* 2026-12-01 09:00 UTC */
#define APR_01 INT64_C(1775037600) /* 2026-04-01 10:00 UTC */

static void expect_error(ssvc_store *st, int rc, int want, const char *words) {
  assert_int_equal(rc, want);
  const char *msg = ssvc_ctx_errmsg(ssvc_store_ctx(st));
  if (!strstr(msg, words)) fail_msg("message '%s' lacks '%s'", msg, words);
}

/* A case of ACME (PROF) registered now, with warranty end @p w (year 0: unknown). */
static void new_case(ssvc_store *st, char *id, ssvc_date w) {
  ssvc_case_spec s = SSVC_CASE_SPEC_INIT;
  s.customer_id = "ACME";
  s.user_name = "Anna";
  s.user_phone = "+46701";
  s.imei = fixture_imei(1);
  s.model = "Fairphone 5";
  s.warranty_end = w;
  s.tier_code = "PROF";
  s.features = SSVC_FEATURE_ALL;
  s.actor = "agent";
  /* The suite's users share phones across open cases: the second is deliberate. */
  fixture_agreement_once(st, s.customer_id, "PROF");
  s.flags |= SSVC_CASE_SECOND_OPEN;
  assert_int_equal(ssvc_case_create(st, id, &s), SSVC_OK);
}

/* The agreement, and C1 out of warranty (ended 2026-01-31) and referred to the workshop. */
static void referred_case(ssvc_store *st) {
  fixture_agreement(st, "ACME", "PROF", 10, 0, 0);
  char id[SSVC_CASE_ID_SIZE];
  new_case(st, id, (ssvc_date){2026, 1, 31});
  assert_string_equal(id, C1);
  assert_int_equal(ssvc_case_transition(st, C1, SSVC_CASE_REFERRED, "agent", NULL), SSVC_OK);
}

static int warranty_of(ssvc_store *st, const char *id) {
  ssvc_case *c = NULL;
  assert_int_equal(ssvc_case_load(st, &c, id), SSVC_OK);
  int w = -1;
  assert_int_equal(ssvc_case_warranty(c, &w), SSVC_OK);
  ssvc_case_free(c);
  return w;
}

static ssvc_case_estimate_info estimate_of(ssvc_store *st, const char *id, ssvc_case **c) {
  assert_int_equal(ssvc_case_load(st, c, id), SSVC_OK);
  ssvc_case_estimate_info e = SSVC_CASE_ESTIMATE_INFO_INIT;
  assert_int_equal(ssvc_case_estimate_get(*c, &e), SSVC_OK);
  return e;
}

static ssvc_case_info info_of(const ssvc_case *c) {
  ssvc_case_info i;
  memset(&i, 0, sizeof i);
  i.version = SSVC_CASE_INFO_VERSION;
  assert_int_equal(ssvc_case_info_get(c, &i), SSVC_OK);
  return i;
}

static ssvc_case_event event_of(const ssvc_case *c, size_t n) {
  ssvc_case_event e = SSVC_CASE_EVENT_INIT;
  assert_int_equal(ssvc_case_event_at(c, n, &e), SSVC_OK);
  return e;
}

static ssvc_case_charge charge_of(const ssvc_case *c, size_t n) {
  ssvc_case_charge g = SSVC_CASE_CHARGE_INIT;
  assert_int_equal(ssvc_case_charge_at(c, n, &g), SSVC_OK);
  return g;
}

static void names(void **state) {
  (void)state;
  assert_string_equal(ssvc_warranty_name(SSVC_WARRANTY_UNKNOWN), "unknown");
  assert_string_equal(ssvc_warranty_name(SSVC_WARRANTY_IN), "in");
  assert_string_equal(ssvc_warranty_name(SSVC_WARRANTY_OUT), "out");
  assert_null(ssvc_warranty_name(3));
  assert_string_equal(ssvc_estimate_answer_name(SSVC_ESTIMATE_PENDING), "pending");
  assert_string_equal(ssvc_estimate_answer_name(SSVC_ESTIMATE_ACCEPTED), "accepted");
  assert_string_equal(ssvc_estimate_answer_name(SSVC_ESTIMATE_DECLINED), "declined");
  assert_null(ssvc_estimate_answer_name(-1));
  assert_string_equal(ssvc_case_event_kind_name(SSVC_CASE_EVENT_ESTIMATE), "estimate");
  assert_string_equal(ssvc_case_event_kind_name(SSVC_CASE_EVENT_ESTIMATE_ANSWER),
                      "estimate-answer");
  int k = 0;
  assert_int_equal(ssvc_case_event_kind_from_name(NULL, &k, "estimate-answer"), SSVC_OK);
  assert_int_equal(k, SSVC_CASE_EVENT_ESTIMATE_ANSWER);
}

/* In warranty through the last day, by the Stockholm date of the registration. */
static void warranty_status(void **state) {
  struct fx *f = *state;
  fixture_agreement(f->st, "ACME", "PROF", 10, 0, 0);
  char id[SSVC_CASE_ID_SIZE];
  /* Registered 2026-03-02 10:00 Stockholm. */
  new_case(f->st, id, (ssvc_date){0, 0, 0});
  assert_int_equal(warranty_of(f->st, id), SSVC_WARRANTY_UNKNOWN);
  new_case(f->st, id, (ssvc_date){2026, 3, 2});
  assert_int_equal(warranty_of(f->st, id), SSVC_WARRANTY_IN);
  new_case(f->st, id, (ssvc_date){2026, 3, 1});
  assert_int_equal(warranty_of(f->st, id), SSVC_WARRANTY_OUT);
  /* 2026-03-01 23:30 UTC is 2026-03-02 00:30 in Stockholm: a day after a warranty ending on
   * the 1st, although the UTC date is still the 1st. */
  fixture_now = INT64_C(1772407800);
  new_case(f->st, id, (ssvc_date){2026, 3, 1});
  assert_int_equal(warranty_of(f->st, id), SSVC_WARRANTY_OUT);
  ssvc_case *c = NULL;
  assert_int_equal(ssvc_case_load(f->st, &c, id), SSVC_OK);
  assert_int_equal(ssvc_case_warranty(NULL, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_case_warranty(c, NULL), SSVC_EINVAL);
  ssvc_case_estimate_info e = SSVC_CASE_ESTIMATE_INFO_INIT;
  expect_error(f->st, ssvc_case_estimate_get(c, &e), SSVC_ENOTFOUND,
               "ssvc_case_estimate_get: SC-2026-000004: the case has no cost estimate");
  e.version = 99;
  assert_int_equal(ssvc_case_estimate_get(c, &e), SSVC_EVERSION);
  assert_int_equal(ssvc_case_estimate_get(c, NULL), SSVC_EINVAL);
  ssvc_case_free(c);
}

/* Estimate, the repair waits, accepted, repaired; the estimate is billed on the direct invoice
 * of the next month's run. */
static void accepted_estimate_is_billed_directly(void **state) {
  struct fx *f = *state;
  referred_case(f->st);
  assert_int_equal(ssvc_case_estimate(f->st, C1, 145000, 29500, "new display", "workshop"),
                   SSVC_OK);
  ssvc_case *c = NULL;
  ssvc_case_estimate_info e = estimate_of(f->st, C1, &c);
  assert_int_equal(e.amount_minor, 145000);
  assert_int_equal(e.inspection_fee_minor, 29500);
  assert_string_equal(e.currency, "SEK");
  assert_string_equal(e.text, "new display");
  assert_string_equal(e.actor, "workshop");
  assert_int_equal(e.at, STORE_FAULT_NOW);
  assert_int_equal(e.answer, SSVC_ESTIMATE_PENDING);
  assert_string_equal(e.answered_by, "");
  assert_int_equal(e.answered_at, 0);
  ssvc_case_info i = info_of(c);
  ssvc_case_event ev = event_of(c, i.event_count - 1);
  assert_int_equal(ev.kind, SSVC_CASE_EVENT_ESTIMATE);
  assert_string_equal(ev.actor, "workshop");
  assert_string_equal(ev.note, "1450.00 SEK, inspection fee 295.00 SEK: new display");
  size_t nev = i.event_count;
  ssvc_case_free(c);

  /* The repair waits for the answer; so does a swap phone. */
  expect_error(f->st, ssvc_case_transition(f->st, C1, SSVC_CASE_IN_REPAIR, "workshop", NULL),
               SSVC_ESTATE,
               "ssvc_case_transition: SC-2026-000001: cannot go to in-repair: its cost estimate "
               "(1450.00 SEK, recorded 2026-03-02T10:00:00+01:00 by workshop) waits for the "
               "customer's answer");
  expect_error(f->st, ssvc_swap_reserve(f->st, NULL, C1, NULL, "agent"), SSVC_ESTATE,
               "cannot go to swap-requested: its cost estimate");
  assert_int_equal(ssvc_case_load(f->st, &c, C1), SSVC_OK);
  assert_int_equal(info_of(c).event_count, nev);
  assert_int_equal(info_of(c).state, SSVC_CASE_REFERRED);
  ssvc_case_free(c);
  ssvc_order o = SSVC_ORDER_INIT;
  assert_int_equal(ssvc_swap_order_get(f->st, &o, C1), SSVC_ENOTFOUND); /* no order either */

  fixture_now += 3600;
  assert_int_equal(ssvc_case_estimate_answer(f->st, C1, 1, "Bo Berg", "agent"), SSVC_OK);
  e = estimate_of(f->st, C1, &c);
  assert_int_equal(e.answer, SSVC_ESTIMATE_ACCEPTED);
  assert_string_equal(e.answered_by, "Bo Berg");
  assert_string_equal(e.answer_actor, "agent");
  assert_int_equal(e.answered_at, STORE_FAULT_NOW + 3600);
  i = info_of(c);
  assert_int_equal(i.state, SSVC_CASE_REFERRED);
  assert_int_equal(i.charge_count, 1);
  ssvc_case_charge g = charge_of(c, 0);
  assert_int_equal(g.kind, SSVC_CHARGE_REPAIR);
  assert_int_equal(g.amount_minor, 145000);
  assert_string_equal(g.text, "new display");
  assert_int_equal(event_of(c, nev).kind, SSVC_CASE_EVENT_ESTIMATE_ANSWER);
  assert_string_equal(event_of(c, nev).note, "accepted by Bo Berg");
  assert_int_equal(event_of(c, nev + 1).kind, SSVC_CASE_EVENT_CHARGE);
  ssvc_case_free(c);

  /* Answered twice: refused, naming the earlier answer. */
  expect_error(f->st, ssvc_case_estimate_answer(f->st, C1, 0, "Bo Berg", "agent"), SSVC_ESTATE,
               "ssvc_case_estimate_answer: SC-2026-000001: the cost estimate (1450.00 SEK, "
               "recorded 2026-03-02T10:00:00+01:00 by workshop) was answered already: accepted "
               "by Bo Berg at 2026-03-02T11:00:00+01:00");
  expect_error(f->st, ssvc_case_estimate(f->st, C1, 100, 0, NULL, "workshop"), SSVC_ESTATE,
               "SC-2026-000001: the case has a cost estimate already (1450.00 SEK");
  assert_int_equal(ssvc_case_transition(f->st, C1, SSVC_CASE_IN_REPAIR, "workshop", NULL),
                   SSVC_OK);
  assert_int_equal(ssvc_case_transition(f->st, C1, SSVC_CASE_REPAIRED, "workshop", NULL),
                   SSVC_OK);

  /* March's charges go on April's invoices: the repair alone on the direct one. */
  ssvc_catalog *cat;
  ssvc_pricelist *pl;
  assert_int_equal(ssvc_catalog_new(f->ctx, &cat), SSVC_OK);
  assert_int_equal(ssvc_pricelist_new(f->ctx, &pl, cat), SSVC_OK);
  ssvc_party seller = SSVC_PARTY_INIT;
  seller.name = "Support Center AB";
  seller.org_number = "556000-0001";
  seller.vat_number = "SE556000000101";
  ssvc_invoice_run_spec s = SSVC_INVOICE_RUN_SPEC_INIT;
  s.customer_id = "ACME";
  s.year = 2026;
  s.month = 4;
  s.pricelist = pl;
  s.seller = &seller;
  fixture_now = APR_01;
  ssvc_invoice *svc = NULL, *dir = NULL;
  assert_int_equal(ssvc_invoice_run(f->st, &svc, &dir, &s), SSVC_OK);
  assert_non_null(dir);
  assert_int_equal(ssvc_invoice_line_count(dir), 1);
  ssvc_invoice_line l = SSVC_INVOICE_LINE_INIT;
  assert_int_equal(ssvc_invoice_line_get(dir, 0, &l), SSVC_OK);
  assert_int_equal(l.kind, SSVC_CHARGE_REPAIR);
  assert_string_equal(l.text_en, C1 ": new display");
  ssvc_invoice_totals t = SSVC_INVOICE_TOTALS_INIT;
  assert_int_equal(ssvc_invoice_get_totals(dir, &t), SSVC_OK);
  assert_int_equal(t.tax_exclusive, 145000);
  ssvc_invoice_free(svc);
  ssvc_invoice_free(dir);
  ssvc_pricelist_free(pl);
  ssvc_catalog_free(cat);
}

/* Declined: the inspection fee is charged (direct), and the case is closed unrepaired. */
static void declined_estimate_closes_the_case(void **state) {
  struct fx *f = *state;
  referred_case(f->st);
  assert_int_equal(ssvc_case_estimate(f->st, C1, 145000, 29500, NULL, "workshop"), SSVC_OK);
  assert_int_equal(ssvc_case_estimate_answer(f->st, C1, 0, "Bo Berg", "agent"), SSVC_OK);
  ssvc_case *c = NULL;
  ssvc_case_estimate_info e = estimate_of(f->st, C1, &c);
  assert_int_equal(e.answer, SSVC_ESTIMATE_DECLINED);
  assert_string_equal(e.text, "");
  ssvc_case_info i = info_of(c);
  assert_int_equal(i.state, SSVC_CASE_CLOSED);
  assert_int_equal(i.charge_count, 1);
  assert_int_equal(charge_of(c, 0).kind, SSVC_CHARGE_COST_ESTIMATE);
  assert_int_equal(charge_of(c, 0).amount_minor, 29500);
  assert_string_equal(charge_of(c, 0).text, "inspection fee, cost estimate declined");
  assert_int_equal(ssvc_charge_kind_is_direct(charge_of(c, 0).kind), 1);
  ssvc_case_event last = event_of(c, i.event_count - 1);
  assert_int_equal(last.kind, SSVC_CASE_EVENT_STATE);
  assert_int_equal(last.to_state, SSVC_CASE_CLOSED);
  assert_string_equal(last.note, "cost estimate declined: the phone goes back unrepaired");
  assert_string_equal(event_of(c, i.event_count - 3).note, "declined by Bo Berg");
  ssvc_case_free(c);
  expect_error(f->st, ssvc_case_estimate_answer(f->st, C1, 1, "Bo Berg", "agent"), SSVC_ESTATE,
               "was answered already: declined by Bo Berg");

  /* Without an inspection fee, from faulty-returned: closed, nothing charged. */
  char id[SSVC_CASE_ID_SIZE];
  new_case(f->st, id, (ssvc_date){0, 0, 0});
  assert_int_equal(ssvc_case_transition(f->st, id, SSVC_CASE_REFERRED, "agent", NULL), SSVC_OK);
  assert_int_equal(ssvc_case_transition(f->st, id, SSVC_CASE_FAULTY_RETURNED, "agent", NULL),
                   SSVC_OK);
  assert_int_equal(ssvc_case_estimate(f->st, id, 90000, 0, "battery", "workshop"), SSVC_OK);
  assert_int_equal(ssvc_case_estimate_answer(f->st, id, 0, "Bo Berg", "agent"), SSVC_OK);
  assert_int_equal(ssvc_case_load(f->st, &c, id), SSVC_OK);
  assert_int_equal(info_of(c).state, SSVC_CASE_CLOSED);
  assert_int_equal(info_of(c).charge_count, 0);
  ssvc_case_free(c);
}

/* In warranty: no estimate and no direct charge; other charges are recorded as before. */
static void in_warranty_is_not_billed(void **state) {
  struct fx *f = *state;
  fixture_agreement(f->st, "ACME", "PROF", 10, 0, 0);
  char id[SSVC_CASE_ID_SIZE];
  new_case(f->st, id, (ssvc_date){2027, 2, 28});
  assert_int_equal(ssvc_case_transition(f->st, id, SSVC_CASE_REFERRED, "agent", NULL), SSVC_OK);
  expect_error(f->st, ssvc_case_estimate(f->st, id, 145000, 0, NULL, "workshop"), SSVC_ESTATE,
               "ssvc_case_estimate: SC-2026-000001: in warranty until 2027-02-28: no cost "
               "estimate (a repair in warranty is not billed to the customer)");
  ssvc_case_charge g = SSVC_CASE_CHARGE_INIT;
  g.kind = SSVC_CHARGE_REPAIR;
  g.amount_minor = 145000;
  expect_error(f->st, ssvc_case_add_charge(f->st, id, "agent", &g), SSVC_ESTATE,
               "ssvc_case_add_charge: SC-2026-000001: in warranty until 2027-02-28: no repair "
               "charge");
  g.kind = SSVC_CHARGE_COST_ESTIMATE;
  expect_error(f->st, ssvc_case_add_charge(f->st, id, "agent", &g), SSVC_ESTATE,
               "no cost-estimate charge");
  g.kind = SSVC_CHARGE_FREIGHT;
  g.amount_minor = 8900;
  assert_int_equal(ssvc_case_add_charge(f->st, id, "agent", &g), SSVC_OK);
  ssvc_case *c = NULL;
  assert_int_equal(ssvc_case_load(f->st, &c, id), SSVC_OK);
  assert_int_equal(info_of(c).charge_count, 1);
  ssvc_case_estimate_info e = SSVC_CASE_ESTIMATE_INFO_INIT;
  assert_int_equal(ssvc_case_estimate_get(c, &e), SSVC_ENOTFOUND);
  ssvc_case_free(c);
  /* The repair goes ahead without an estimate. */
  assert_int_equal(ssvc_case_transition(f->st, id, SSVC_CASE_IN_REPAIR, "workshop", NULL),
                   SSVC_OK);
}

/* Bad arguments and states: refused with words naming them, nothing changed. */
static void refusals(void **state) {
  struct fx *f = *state;
  referred_case(f->st);
  ssvc_store *st = f->st;
  ssvc_case *c = NULL;
  assert_int_equal(ssvc_case_load(st, &c, C1), SSVC_OK);
  size_t nev = info_of(c).event_count;
  ssvc_case_free(c);
  assert_int_equal(ssvc_case_estimate(NULL, C1, 1, 0, NULL, "w"), SSVC_EINVAL);
  expect_error(st, ssvc_case_estimate(st, C1, -100, 0, NULL, "w"), SSVC_EINVAL,
               "ssvc_case_estimate: amount_minor: must not be negative (got -100)");
  expect_error(st, ssvc_case_estimate(st, C1, 100, -1, NULL, "w"), SSVC_EINVAL,
               "ssvc_case_estimate: inspection_fee_minor: must not be negative (got -1)");
  expect_error(st, ssvc_case_estimate(st, C1, INT64_C(1000000000001), 0, NULL, "w"),
               SSVC_EINVAL, "amount_minor: must be at most 10^12 öre (got 1000000000001)");
  expect_error(st, ssvc_case_estimate(st, C1, 100, 0, NULL, NULL), SSVC_EINVAL, "actor");
  expect_error(st, ssvc_case_estimate(st, "SC-26-1", 100, 0, NULL, "w"), SSVC_EINVAL,
               "ssvc_case_estimate: id: not a case id like SC-2026-000123 (got 'SC-26-1')");
  expect_error(st, ssvc_case_estimate(st, C2, 100, 0, NULL, "w"), SSVC_ENOTFOUND,
               "ssvc_case_estimate: no case 'SC-2026-000002'");
  char long_text[1100];
  memset(long_text, 'x', sizeof long_text - 1);
  long_text[sizeof long_text - 1] = 0;
  expect_error(st, ssvc_case_estimate(st, C1, 100, 0, long_text, "w"), SSVC_EINVAL, "text");
  expect_error(st, ssvc_case_estimate_answer(st, C1, 1, "Bo", "agent"), SSVC_ESTATE,
               "ssvc_case_estimate_answer: SC-2026-000001: the case has no cost estimate to "
               "answer");
  expect_error(st, ssvc_case_estimate_answer(st, C1, 2, "Bo", "agent"), SSVC_EINVAL,
               "ssvc_case_estimate_answer: accepted: must be 1 or 0 (got 2)");
  expect_error(st, ssvc_case_estimate_answer(st, C1, 1, "", "agent"), SSVC_EINVAL,
               "who_answered");
  expect_error(st, ssvc_case_estimate_answer(st, C1, 1, "Bo", NULL), SSVC_EINVAL, "actor");
  /* States: registered (not yet at the workshop), in repair, closed. */
  char id[SSVC_CASE_ID_SIZE];
  new_case(st, id, (ssvc_date){0, 0, 0});
  expect_error(st, ssvc_case_estimate(st, id, 100, 0, NULL, "w"), SSVC_ESTATE,
               "ssvc_case_estimate: SC-2026-000002: the case is registered; a cost estimate is "
               "given while it is referred or faulty-returned");
  assert_int_equal(ssvc_case_transition(st, id, SSVC_CASE_REFERRED, "agent", NULL), SSVC_OK);
  assert_int_equal(ssvc_case_transition(st, id, SSVC_CASE_IN_REPAIR, "agent", NULL), SSVC_OK);
  expect_error(st, ssvc_case_estimate(st, id, 100, 0, NULL, "w"), SSVC_ESTATE,
               "the case is in-repair");
  /* An estimate left unanswered on a cancelled case can no longer be answered. */
  new_case(st, id, (ssvc_date){0, 0, 0});
  assert_int_equal(ssvc_case_transition(st, id, SSVC_CASE_REFERRED, "agent", NULL), SSVC_OK);
  assert_int_equal(ssvc_case_estimate(st, id, 100, 0, NULL, "w"), SSVC_OK);
  assert_int_equal(ssvc_case_transition(st, id, SSVC_CASE_CANCELLED, "agent", NULL), SSVC_OK);
  expect_error(st, ssvc_case_estimate_answer(st, id, 1, "Bo", "agent"), SSVC_ESTATE,
               "ssvc_case_estimate_answer: SC-2026-000003: the case is cancelled; its cost "
               "estimate can no longer be answered");
  assert_int_equal(ssvc_case_load(st, &c, C1), SSVC_OK);
  assert_int_equal(info_of(c).event_count, nev);
  assert_int_equal(ssvc_case_estimate_get(c, &(ssvc_case_estimate_info)SSVC_CASE_ESTIMATE_INFO_INIT),
                   SSVC_ENOTFOUND);
  ssvc_case_free(c);
}

struct text {
  char s[16384];
  size_t len;
};

static int put_text(void *ud, const char *bytes, size_t len) {
  struct text *t = ud;
  if (t->len + len >= sizeof t->s) return 1;
  memcpy(t->s + t->len, bytes, len);
  t->len += len;
  t->s[t->len] = 0;
  return 0;
}

/* The estimate is kept by every later change, and a case stored before estimates existed reads
 * back without one (the field is appended; doc/records.md). */
static void record_keeps_the_estimate(void **state) {
  struct fx *f = *state;
  referred_case(f->st);
  assert_int_equal(ssvc_case_add_note(f->st, C1, "agent", "before"), SSVC_OK);
  assert_int_equal(ssvc_case_estimate(f->st, C1, 145000, 0, "display", "workshop"), SSVC_OK);
  assert_int_equal(ssvc_case_add_note(f->st, C1, "agent", "called the customer"), SSVC_OK);
  assert_int_equal(ssvc_case_add_note(f->st, C1, "agent", "the customer will answer"), SSVC_OK);
  assert_int_equal(ssvc_case_estimate_answer(f->st, C1, 1, "Bo Berg", "agent"), SSVC_OK);
  ssvc_case *c = NULL;
  assert_string_equal(estimate_of(f->st, C1, &c).answered_by, "Bo Berg");
  ssvc_case_free(c);
  size_t n = 0;
  assert_int_equal(ssvc_case_erase_user(f->st, &n, "ACME", "+46701", "dpo"), SSVC_OK);
  assert_int_equal(n, 1);
  /* Erasure blanks who answered; the amount, text and answer stay. */
  ssvc_case_estimate_info e = estimate_of(f->st, C1, &c);
  assert_int_equal(e.amount_minor, 145000);
  assert_string_equal(e.text, "display");
  assert_int_equal(e.answer, SSVC_ESTIMATE_ACCEPTED);
  assert_string_equal(e.answered_by, "");
  assert_string_equal(e.answer_actor, "agent");
  ssvc_case_free(c);
  /* The XML export carries the estimate events (doc/cases.xsd names their kinds). */
  struct text xml = {{0}, 0};
  assert_int_equal(ssvc_xml_export(f->st, NULL, put_text, &xml, NULL), SSVC_OK);
  assert_non_null(strstr(xml.s, "kind=\"estimate\""));
}

/* Export, import into an empty store, export again: the same bytes, the estimate included;
 * a damaged <estimate> is refused with its words. */
static void xml_round_trip(void **state) {
  struct fx *f = *state;
  referred_case(f->st);
  assert_int_equal(ssvc_case_estimate(f->st, C1, 145000, 29500, "new display", "workshop"),
                   SSVC_OK);
  assert_int_equal(ssvc_case_estimate_answer(f->st, C1, 0, "Bo Berg", "agent"), SSVC_OK);
  static struct text a, b;
  a.len = b.len = 0;
  assert_int_equal(ssvc_xml_export(f->st, NULL, put_text, &a, NULL), SSVC_OK);
  assert_non_null(strstr(a.s, "<estimate amount=\"145000\" inspection-fee=\"29500\" "
                              "currency=\"SEK\" at=\"2026-03-02T09:00:00Z\" "
                              "actor=\"workshop\" answer=\"declined\" answered-by=\"Bo Berg\""));
  ssvc_store *st2;
  assert_int_equal(ssvc_store_memory_new(f->ctx, &st2), SSVC_OK);
  assert_int_equal(ssvc_xml_import_memory(st2, NULL, a.s, a.len, NULL, NULL), SSVC_OK);
  assert_int_equal(ssvc_xml_export(st2, NULL, put_text, &b, NULL), SSVC_OK);
  assert_string_equal(a.s, b.s);
  ssvc_case *c = NULL;
  ssvc_case_estimate_info e = estimate_of(st2, C1, &c);
  assert_int_equal(e.answer, SSVC_ESTIMATE_DECLINED);
  assert_string_equal(e.answered_by, "Bo Berg");
  assert_int_equal(e.answered_at, STORE_FAULT_NOW);
  ssvc_case_free(c);
  /* Damaged estimates. */
  static const struct {
    const char *from, *to, *words;
  } bad[] = {
      {"answer=\"declined\"", "answer=\"maybe\"",
       "<estimate>: answer: not pending, accepted or declined (got 'maybe')"},
      {"amount=\"145000\"", "amount=\"-1\"", "<estimate>: amount: not a whole number"},
      {"</estimate>", "</estimate><estimate amount=\"1\" at=\"2026-03-02T09:00:00Z\" "
                      "actor=\"w\" answer=\"pending\"/>",
       "<estimate> is out of place"},
  };
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    static char doc[sizeof a.s + 256];
    const char *p = strstr(a.s, bad[k].from);
    assert_non_null(p);
    snprintf(doc, sizeof doc, "%.*s%s%s", (int)(p - a.s), a.s, bad[k].to,
             p + strlen(bad[k].from));
    ssvc_store *st3;
    assert_int_equal(ssvc_store_memory_new(f->ctx, &st3), SSVC_OK);
    ssvc_xml_import_result r = SSVC_XML_IMPORT_RESULT_INIT;
    assert_int_not_equal(ssvc_xml_import_memory(st3, &r, doc, strlen(doc), NULL, NULL), SSVC_OK);
    const char *msg = ssvc_ctx_errmsg(f->ctx);
    if (!strstr(msg, bad[k].words)) fail_msg("message '%s' lacks '%s'", msg, bad[k].words);
    ssvc_store_free(st3);
  }
  ssvc_store_free(st2);
}

/* ---- Faults ---- */

static void *fx_referred(ssvc_store *st) {
  referred_case(st);
  return NULL;
}
static void *fx_estimated(ssvc_store *st) {
  referred_case(st);
  assert_int_equal(ssvc_case_estimate(st, C1, 145000, 29500, "display", "workshop"), SSVC_OK);
  return NULL;
}
static int op_estimate(ssvc_store *st, void *u) {
  (void)u;
  return ssvc_case_estimate(st, C1, 145000, 29500, "display", "workshop");
}
static int op_accept(ssvc_store *st, void *u) {
  (void)u;
  return ssvc_case_estimate_answer(st, C1, 1, "Bo Berg", "agent");
}
static int op_decline(ssvc_store *st, void *u) {
  (void)u;
  return ssvc_case_estimate_answer(st, C1, 0, "Bo Berg", "agent");
}

static const struct store_op ops[] = {
    {"ssvc_case_estimate", fx_referred, op_estimate, NULL},
    {"ssvc_case_estimate_answer (accepted)", fx_estimated, op_accept, NULL},
    {"ssvc_case_estimate_answer (declined)", fx_estimated, op_decline, NULL},
};

STORE_FAULT_TEST_FUNCTIONS(ops, FAULT_STORAGE, "test_estimate")

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(names),
      cmocka_unit_test_setup_teardown(warranty_status, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(accepted_estimate_is_billed_directly, fixture_setup,
                                      fixture_teardown),
      cmocka_unit_test_setup_teardown(declined_estimate_closes_the_case, fixture_setup,
                                      fixture_teardown),
      cmocka_unit_test_setup_teardown(in_warranty_is_not_billed, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(refusals, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(record_keeps_the_estimate, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(xml_round_trip, fixture_setup, fixture_teardown),
      STORE_FAULT_TESTS,
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
