/* case: case records, the state machine, the event log, listings, erasure, record evolution,
 * transactions, and every operation under storage and allocation faults. */
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
#include <smartservice/pg.h>
#include <unistd.h>

#include "fixtures.h"
#include "fresh_store.h"
#include "store_fault.h"


static ssvc_case_spec spec_for(const char *customer, const char *name, const char *phone) {
  ssvc_case_spec s = SSVC_CASE_SPEC_INIT;
  s.customer_id = customer;
  s.user_name = name;
  s.user_phone = phone;
  s.user_email = "anna@example.se";
  s.imei = "490154203237518";
  s.model = "Fairphone 5";
  s.serial = "SN-1";
  s.purchase_date = (ssvc_date){2025, 2, 28};
  s.warranty_end = (ssvc_date){2027, 2, 28};
  s.tier_code = "PROF";
  s.features = 0x7F;
  s.symptom = "screen cracked";
  s.actor = "agent-7";
  return s;
}

/* The IMEI of the last create_once(). */
static const char *last_imei;

/* A case of @p customer (PROF; its agreement made first when missing) on a phone of its own:
 * a customer's IMEI has one open case unless the caller says otherwise. */
static void create_once(ssvc_store *st, char *id, const char *customer, const char *phone) {
  static int phones;
  ssvc_case_spec s = spec_for(customer, "Anna Andersson", phone);
  s.imei = last_imei = fixture_imei(700000 + phones++ % 1000);
  fixture_agreement_once(st, customer, "PROF");
  assert_int_equal(ssvc_case_create(st, id, &s), SSVC_OK);
}

static ssvc_case_info info_of(ssvc_store *st, const char *id, ssvc_case **c) {
  assert_int_equal(ssvc_case_load(st, c, id), SSVC_OK);
  ssvc_case_info i;
  memset(&i, 0, sizeof i);
  i.version = SSVC_CASE_INFO_VERSION;
  assert_int_equal(ssvc_case_info_get(*c, &i), SSVC_OK);
  return i;
}

static void names_round_trip(void **state) {
  struct fx *f = *state;
  for (int s = 1; s <= SSVC_CASE_STATE_MAX; s++) {
    int back = 0;
    assert_int_equal(ssvc_case_state_from_name(f->ctx, &back, ssvc_case_state_name(s)), 0);
    assert_int_equal(back, s);
  }
  for (int o = 0; o <= SSVC_CASE_OUTCOME_MAX; o++) {
    int back = -1;
    assert_int_equal(ssvc_case_outcome_from_name(f->ctx, &back, ssvc_case_outcome_name(o)), 0);
    assert_int_equal(back, o);
  }
  assert_null(ssvc_case_state_name(0));
  assert_null(ssvc_case_state_name(12));
  assert_null(ssvc_case_outcome_name(-1));
  assert_null(ssvc_case_outcome_name(5));
  int out = 0;
  assert_int_equal(ssvc_case_state_from_name(f->ctx, &out, "lost"), SSVC_ENOTFOUND);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "ssvc_case_state_from_name: unknown case state 'lost'");
  assert_int_equal(ssvc_case_state_from_name(f->ctx, NULL, "closed"), SSVC_EINVAL);
  assert_int_equal(ssvc_case_outcome_from_name(f->ctx, &out, NULL), SSVC_EINVAL);
  assert_string_equal(ssvc_case_state_name(SSVC_CASE_SWAP_REQUESTED), "swap-requested");
}

static void create_and_load(void **state) {
  struct fx *f = *state;
  char id[SSVC_CASE_ID_SIZE];
  create_once(f->st, id, "ACME", "+46701234567");
  assert_string_equal(id, "SC-2026-000001");
  ssvc_case *c;
  ssvc_case_info i = info_of(f->st, id, &c);
  assert_string_equal(i.id, id);
  assert_string_equal(i.customer_id, "ACME");
  assert_string_equal(i.user_name, "Anna Andersson");
  assert_string_equal(i.user_phone, "+46701234567");
  assert_string_equal(i.user_email, "anna@example.se");
  assert_string_equal(i.imei, last_imei);
  assert_string_equal(i.model, "Fairphone 5");
  assert_string_equal(i.serial, "SN-1");
  assert_int_equal(i.purchase_date.year, 2025);
  assert_int_equal(i.purchase_date.month, 2);
  assert_int_equal(i.purchase_date.day, 28);
  assert_int_equal(i.warranty_end.year, 2027);
  assert_string_equal(i.tier_code, "PROF");
  assert_int_equal(i.features, 0x7F);
  assert_string_equal(i.symptom, "screen cracked");
  assert_int_equal(i.outcome, SSVC_CASE_OUTCOME_NONE);
  assert_string_equal(i.transcript, "");
  assert_int_equal(i.state, SSVC_CASE_REGISTERED);
  assert_int_equal(i.registered_at, STORE_FAULT_NOW);
  assert_int_equal(i.updated_at, STORE_FAULT_NOW);
  assert_int_equal(i.erased, 0);
  assert_int_equal(i.event_count, 1);
  assert_int_equal(i.shipment_count, 0);
  assert_int_equal(i.charge_count, 0);
  ssvc_case_event e = SSVC_CASE_EVENT_INIT;
  assert_int_equal(ssvc_case_event_at(c, 0, &e), SSVC_OK);
  assert_int_equal(e.kind, SSVC_CASE_EVENT_CREATED);
  assert_string_equal(e.actor, "agent-7");
  assert_int_equal(e.at, STORE_FAULT_NOW);
  assert_int_equal(e.to_state, SSVC_CASE_REGISTERED);
  assert_int_equal(ssvc_case_event_at(c, 1, &e), SSVC_ERANGE);
  ssvc_shipment sh = SSVC_SHIPMENT_INIT;
  ssvc_case_charge ch = SSVC_CASE_CHARGE_INIT;
  assert_int_equal(ssvc_case_shipment_at(c, 0, &sh), SSVC_ERANGE);
  assert_int_equal(ssvc_case_charge_at(c, 0, &ch), SSVC_ERANGE);
  ssvc_case_info bad = {0};
  assert_int_equal(ssvc_case_info_get(c, &bad), SSVC_EVERSION);
  assert_int_equal(ssvc_case_info_get(c, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_case_info_get(NULL, &i), SSVC_EINVAL);
  assert_int_equal(ssvc_case_event_at(NULL, 0, &e), SSVC_EINVAL);
  assert_int_equal(ssvc_case_event_at(c, 0, NULL), SSVC_EINVAL);
  ssvc_case_event old = e;
  old.version = 0;
  assert_int_equal(ssvc_case_event_at(c, 0, &old), SSVC_EVERSION);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx),
                      "ssvc_case_event_at: version is 0 (use the _INIT macro or _init function)");
  assert_int_equal(ssvc_case_event_at(c, 5, &e), SSVC_ERANGE);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "ssvc_case_event_at: index 5 is past the last (1)");
  sh.version = 2;
  assert_int_equal(ssvc_case_shipment_at(c, 0, &sh), SSVC_EVERSION);
  assert_int_equal(ssvc_shipment_init(&sh, SSVC_SHIPMENT_VERSION), SSVC_OK);
  assert_int_equal(ssvc_shipment_init(&sh, 0), SSVC_EVERSION);
  assert_int_equal(ssvc_case_charge_init(&ch, SSVC_CASE_CHARGE_VERSION), SSVC_OK);
  assert_int_equal(ssvc_case_charge_init(NULL, 1), SSVC_EINVAL);
  ssvc_case_stats st0 = SSVC_CASE_STATS_INIT;
  st0.version = 0;
  assert_int_equal(ssvc_case_stats_get(f->st, NULL, &st0), SSVC_EVERSION);
  ssvc_case_free(c);
  ssvc_case_free(NULL);
  /* Numbers count up per year, and start again in a new year. */
  create_once(f->st, id, "ACME", NULL);
  assert_string_equal(id, "SC-2026-000002");
  fixture_now = INT64_C(1798761600); /* 2027-01-01T00:00:00Z */
  create_once(f->st, id, "ACME", NULL);
  assert_string_equal(id, "SC-2027-000001");
  fixture_now = INT64_C(1798761599); /* one second before: still 2026 */
  create_once(f->st, id, "ACME", NULL);
  assert_string_equal(id, "SC-2026-000003");
  /* Absent optional fields come back as "". */
  fixture_agreement(f->st, "B", "PROF", 10, 0, 0);
  ssvc_case_spec s = spec_for("B", "Bo", NULL);
  s.user_email = NULL;
  s.serial = NULL;
  s.symptom = NULL;
  s.purchase_date = (ssvc_date){0, 0, 0};
  assert_int_equal(ssvc_case_create(f->st, id, &s), SSVC_OK);
  ssvc_case_info j = info_of(f->st, id, &c);
  assert_string_equal(j.user_phone, "");
  assert_string_equal(j.user_email, "");
  assert_string_equal(j.serial, "");
  assert_int_equal(j.purchase_date.year, 0);
  ssvc_case_free(c);
}

static void create_rejects_bad_input(void **state) {
  struct fx *f = *state;
  char id[SSVC_CASE_ID_SIZE] = "untouched";
  ssvc_case_spec s;
  fixture_agreement(f->st, "ACME", "PROF", 10, 0, 0);
#define BAD(stmt, code, text)                                      \
  do {                                                             \
    s = spec_for("ACME", "Anna", "+467");                          \
    stmt;                                                          \
    assert_int_equal(ssvc_case_create(f->st, id, &s), code);       \
    assert_string_equal(ssvc_ctx_errmsg(f->ctx), text);            \
    assert_string_equal(id, "untouched");                          \
  } while (0)
  BAD(s.imei = "490154203237517", SSVC_EINVAL,
      "ssvc_case_create: spec->imei: Luhn check digit is wrong (got '490154203237517')");
  BAD(s.imei = "12345", SSVC_EINVAL, "ssvc_case_create: spec->imei: must be 15 digits (got '12345')");
  BAD(s.customer_id = NULL, SSVC_EINVAL, "ssvc_case_create: spec->customer_id: must be given");
  BAD(s.user_name = "", SSVC_EINVAL, "ssvc_case_create: spec->user_name: must be given");
  BAD(s.model = NULL, SSVC_EINVAL, "ssvc_case_create: spec->model: must be given");
  BAD(s.customer_id = "ACM", SSVC_ENOTFOUND,
      "ssvc_case_create: spec->customer_id: customer 'ACM' has no agreement");
  BAD(s.tier_code = "BAS", SSVC_EINVAL,
      "ssvc_case_create: spec->tier_code: 'BAS' contradicts the agreement of customer 'ACME', "
      "which is on tier PROF");
  BAD(s.features = 0x0F, SSVC_EINVAL,
      "ssvc_case_create: spec->features: 0xf contradicts tier PROF of the agreement of customer "
      "'ACME' (0x7f); pass 0 for the agreement's");
  BAD(s.flags = 0x2, SSVC_EINVAL, "ssvc_case_create: spec->flags: unknown bits 0x2");
  BAD(s.actor = NULL, SSVC_EINVAL, "ssvc_case_create: spec->actor: must be given");
  BAD(s.user_email = "bad\xff", SSVC_EINVAL, "ssvc_case_create: spec->user_email: not valid UTF-8 text");
  BAD(s.customer_id = "0123456789012345678901234567890123456789012345678901234567890123456789",
      SSVC_EINVAL, "ssvc_case_create: spec->customer_id: longer than 64 bytes (got 70)");
  BAD(s.purchase_date = ((ssvc_date){2025, 2, 29}), SSVC_EINVAL,
      "ssvc_case_create: spec->purchase_date: not a valid date (got 2025-02-29)");
  BAD(s.warranty_end = ((ssvc_date){2025, 13, 1}), SSVC_EINVAL,
      "ssvc_case_create: spec->warranty_end: not a valid date (got 2025-13-01)");
  BAD(s.features = 0x80, SSVC_EINVAL, "ssvc_case_create: spec->features: unknown feature bits (got 0x80)");
  /* Plausible phone dates (issue 17): registered Monday 2026-03-02 (the fixture clock). */
  BAD(s.purchase_date = ((ssvc_date){2026, 3, 3}), SSVC_EINVAL,
      "ssvc_case_create: spec->purchase_date: 2026-03-03 is after the registration on 2026-03-02 "
      "(a purchase cannot be in the future)");
  BAD(s.purchase_date = ((ssvc_date){9999, 1, 1}), SSVC_EINVAL,
      "ssvc_case_create: spec->purchase_date: 9999-01-01 is after the registration on 2026-03-02 "
      "(a purchase cannot be in the future)");
  BAD(s.warranty_end = ((ssvc_date){2025, 2, 27}), SSVC_EINVAL,
      "ssvc_case_create: spec->warranty_end: 2025-02-27 is before the purchase on 2025-02-28 "
      "(a warranty cannot end before it starts)");
  /* spec->at 2026-02-28T22:59:59Z is 23:59:59 on 2026-02-28 in Stockholm: the day it counts */
  BAD((s.at = INT64_C(1772319599), s.purchase_date = ((ssvc_date){2026, 3, 1})), SSVC_EINVAL,
      "ssvc_case_create: spec->purchase_date: 2026-03-01 is after the registration on 2026-02-28 "
      "(a purchase cannot be in the future)");
  BAD(s.version = 0, SSVC_EVERSION,
      "ssvc_case_create: spec: version is 0 (use the _INIT macro or _init function)");
  BAD(s.version = 3, SSVC_EVERSION,
      "ssvc_case_create: spec: version 3 is newer than this library knows (2)");
  assert_int_equal(ssvc_case_create(f->st, NULL, &s), SSVC_EINVAL);
  assert_int_equal(ssvc_case_create(f->st, id, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_case_create(NULL, id, &s), SSVC_EINVAL);
  s = spec_for("ACME", "Anna", "+467");
  assert_int_equal(ssvc_case_spec_init(&s, 1), SSVC_OK);
  assert_null(s.customer_id);
  assert_int_equal(ssvc_case_spec_init(&s, 0), SSVC_EVERSION);
  assert_int_equal(ssvc_case_spec_init(NULL, 1), SSVC_EINVAL);
  /* Nothing was stored by any of them. */
  ssvc_case_stats stats = SSVC_CASE_STATS_INIT;
  assert_int_equal(ssvc_case_stats_get(f->st, NULL, &stats), SSVC_OK);
  assert_int_equal(stats.total, 0);
  /* A clock outside 1..9999 */
  fixture_now = INT64_C(-62167219201); /* 0000-12-31 */
  s = spec_for("ACME", "Anna", "+467");
  assert_int_equal(ssvc_case_create(f->st, id, &s), SSVC_ERANGE);
}

static void load_errors(void **state) {
  struct fx *f = *state;
  ssvc_case *c = (ssvc_case *)1;
  assert_int_equal(ssvc_case_load(f->st, &c, "SC-2026-000001"), SSVC_ENOTFOUND);
  assert_null(c);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "ssvc_case_load: no case 'SC-2026-000001'");
  static const char *bad[] = {"SC-2026-00001", "SC-2026-0000001", "sc-2026-000001", "SC-26-000001",
                              "SC-2026-000000", "SC-2026_000001", "SC-2026-00000a", "",
                              "SC-0000-000001", "SC-2026-9999999999"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    assert_int_equal(ssvc_case_load(f->st, &c, bad[i]), SSVC_EINVAL);
    assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "not a case id like SC-2026-000123"));
  }
  assert_int_equal(ssvc_case_load(f->st, &c, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_case_load(f->st, NULL, "SC-2026-000001"), SSVC_EINVAL);
  assert_int_equal(ssvc_case_load(NULL, &c, "SC-2026-000001"), SSVC_EINVAL);
  /* Ten-digit numbers are ids too (beyond 999999 cases in a year). */
  assert_int_equal(ssvc_case_load(f->st, &c, "SC-2026-1000000"), SSVC_ENOTFOUND);
}

static void walk(struct fx *f, const char *id, const int *states, size_t n) {
  for (size_t i = 0; i < n; i++) {
    int rc = ssvc_case_transition(f->st, id, states[i], "agent-7", NULL);
    if (rc) fail_msg("to %s: %s", ssvc_case_state_name(states[i]), ssvc_ctx_errmsg(f->ctx));
  }
}

static void state_machine_flows(void **state) {
  struct fx *f = *state;
  char a[SSVC_CASE_ID_SIZE], b[SSVC_CASE_ID_SIZE], c3[SSVC_CASE_ID_SIZE];
  create_once(f->st, a, "ACME", "1");
  create_once(f->st, b, "ACME", "2");
  create_once(f->st, c3, "ACME", "3");
  /* Solved on the phone. */
  static const int phone[] = {SSVC_CASE_DIAGNOSING, SSVC_CASE_RESOLVED, SSVC_CASE_CLOSED};
  walk(f, a, phone, 3);
  /* The workshop: the faulty phone in, repaired (the swap segment belongs to the SWAP pool:
   * test_swap_pool walks it). */
  static const int swap[] = {SSVC_CASE_DIAGNOSING,      SSVC_CASE_REFERRED,
                             SSVC_CASE_FAULTY_RETURNED, SSVC_CASE_IN_REPAIR,
                             SSVC_CASE_REPAIRED,        SSVC_CASE_CLOSED};
  walk(f, b, swap, 6);
  /* Workshop without SWAP, then cancelled. */
  static const int shop[] = {SSVC_CASE_REFERRED, SSVC_CASE_CANCELLED};
  walk(f, c3, shop, 2);
  ssvc_case *c;
  ssvc_case_info i = info_of(f->st, b, &c);
  assert_int_equal(i.state, SSVC_CASE_CLOSED);
  assert_int_equal(i.event_count, 7);
  ssvc_case_event e = SSVC_CASE_EVENT_INIT;
  assert_int_equal(ssvc_case_event_at(c, 2, &e), SSVC_OK);
  assert_int_equal(e.kind, SSVC_CASE_EVENT_STATE);
  assert_int_equal(e.from_state, SSVC_CASE_DIAGNOSING);
  assert_int_equal(e.to_state, SSVC_CASE_REFERRED);
  ssvc_case_free(c);
  /* The swap segment through the case API: refused, naming the pool operation. */
  char d[SSVC_CASE_ID_SIZE];
  create_once(f->st, d, "ACME", "4");
  assert_int_equal(ssvc_case_transition(f->st, d, SSVC_CASE_DIAGNOSING, "agent-7", NULL), SSVC_OK);
  assert_int_equal(ssvc_case_transition(f->st, d, SSVC_CASE_SWAP_REQUESTED, "agent-7", NULL),
                   SSVC_ESTATE);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx),
                      "ssvc_case_transition: SC-2026-000004: diagnosing to swap-requested belongs "
                      "to the case's swap or loan order; reserve a phone for it from the SWAP "
                      "stock");
  assert_string_equal(ssvc_ctx_errremedy(f->ctx), "ssvc_swap_reserve");
  /* Not allowed: named, nothing changed. */
  ssvc_case_info before = info_of(f->st, b, &c);
  uint64_t events = before.event_count;
  ssvc_case_free(c);
  assert_int_equal(ssvc_case_transition(f->st, b, SSVC_CASE_SHIPPED, "agent-7", NULL),
                   SSVC_ESTATE);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx),
                      "ssvc_case_transition: SC-2026-000002: cannot go from closed to shipped (the "
                      "state is final)");
  assert_string_equal(ssvc_ctx_errtext(f->ctx),
                      "SC-2026-000002: cannot go from closed to shipped (the state is final)");
  i = info_of(f->st, b, &c);
  assert_int_equal(i.state, SSVC_CASE_CLOSED);
  assert_int_equal(i.event_count, events);
  ssvc_case_free(c);
  char d4[SSVC_CASE_ID_SIZE];
  create_once(f->st, d4, "ACME", "4");
  assert_int_equal(ssvc_case_transition(f->st, d4, SSVC_CASE_REPAIRED, "x", NULL), SSVC_ESTATE);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx),
                      "ssvc_case_transition: SC-2026-000005: cannot go from registered to repaired "
                      "(it may go to diagnosing, referred, cancelled)");
  assert_int_equal(ssvc_case_transition(f->st, d4, SSVC_CASE_REGISTERED, "x", NULL), SSVC_ESTATE);
  assert_int_equal(ssvc_case_transition(f->st, d4, 0, "x", NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_case_transition(f->st, d4, 12, "x", NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_case_transition(f->st, d4, SSVC_CASE_DIAGNOSING, NULL, NULL), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "ssvc_case_transition: actor: must be given");
  assert_int_equal(ssvc_case_transition(f->st, "SC-2026-000099", SSVC_CASE_DIAGNOSING, "x", NULL),
                   SSVC_ENOTFOUND);
  assert_int_equal(ssvc_case_transition(NULL, d, SSVC_CASE_DIAGNOSING, "x", NULL), SSVC_EINVAL);
}

/* The transition table of case.h, and a path from registered to every state. */
static const char *const table[] = {
    "registered>diagnosing", "registered>referred", "registered>cancelled",
    "diagnosing>resolved", "diagnosing>referred", "diagnosing>swap-requested",
    "diagnosing>closed", "diagnosing>cancelled", "resolved>closed", "referred>swap-requested",
    "referred>faulty-returned", "referred>in-repair", "referred>closed", "referred>cancelled",
    "swap-requested>shipped", "swap-requested>cancelled", "shipped>faulty-returned",
    "faulty-returned>in-repair", "faulty-returned>closed", "in-repair>repaired",
    "repaired>closed"};
static const int paths[SSVC_CASE_STATE_MAX + 1][6] = {
    [1] = {0},
    [2] = {2},
    [3] = {2, 3},
    [4] = {4},
    [5] = {2, 5},
    [6] = {2, 5, 6},
    [7] = {2, 5, 6, 7},
    [8] = {4, 8},
    [9] = {4, 8, 9},
    [10] = {2, 3, 10},
    [11] = {11}};

static void every_pair_follows_the_table(void **state) {
  struct fx *f = *state;
  int allowed_pairs = 0;
  for (int from = 1; from <= SSVC_CASE_STATE_MAX; from++)
    for (int to = 1; to <= SSVC_CASE_STATE_MAX; to++) {
      char id[SSVC_CASE_ID_SIZE], pair[64];
      /* Cases in the swap segment are the SWAP pool's (test_swap_pool walks them). */
      if (from == SSVC_CASE_SWAP_REQUESTED || from == SSVC_CASE_SHIPPED ||
          from == SSVC_CASE_FAULTY_RETURNED)
        continue;
      create_once(f->st, id, "ACME", "1");
      for (int k = 0; paths[from][k]; k++)
        assert_int_equal(ssvc_case_transition(f->st, id, paths[from][k], "a", NULL), SSVC_OK);
      snprintf(pair, sizeof pair, "%s>%s", ssvc_case_state_name(from), ssvc_case_state_name(to));
      int want = SSVC_ESTATE;
      for (size_t k = 0; k < sizeof table / sizeof table[0]; k++)
        if (strcmp(table[k], pair) == 0) want = SSVC_OK;
      if (to == SSVC_CASE_SWAP_REQUESTED || to == SSVC_CASE_SHIPPED) want = SSVC_ESTATE;
      allowed_pairs += want == SSVC_OK;
      int rc = ssvc_case_transition(f->st, id, to, "a", NULL);
      if (rc != want) fail_msg("%s: got %s", pair, ssvc_status_name(rc));
    }
  assert_int_equal(allowed_pairs, 14); /* the table's 21 less the swap segment's 7 */
}

struct loglines {
  char text[8][128];
  int n;
};

static void log_cb(void *ud, int level, const char *message) {
  struct loglines *l = ud;
  if (level == SSVC_LOG_INFO && l->n < 8) snprintf(l->text[l->n++], 128, "%s", message);
}

/* Explicit instants: a helpdesk back-fills a call from its ticket times; every stamp follows the
 * store's instant, then the clock again. */
static void explicit_instants(void **state) {
  struct fx *f = *state;
  const int64_t ticket = INT64_C(1767258000); /* 2026-01-01T09:00:00Z, before the clock */
  fixture_agreement_once(f->st, "ACME", "PROF");
  assert_int_equal(ssvc_store_set_instant(f->st, ticket), SSVC_OK);
  char id[SSVC_CASE_ID_SIZE];
  create_once(f->st, id, "ACME", "1");
  assert_int_equal(ssvc_case_transition(f->st, id, SSVC_CASE_DIAGNOSING, "a", NULL), SSVC_OK);
  assert_int_equal(ssvc_store_set_instant(f->st, ticket + 600), SSVC_OK);
  ssvc_shipment sh = SSVC_SHIPMENT_INIT;
  sh.kind = SSVC_SHIPMENT_FAULTY;
  assert_int_equal(ssvc_case_add_shipment(f->st, id, "a", &sh), SSVC_OK);
  assert_int_equal(ssvc_store_set_instant(f->st, 0), SSVC_OK); /* the clock again */
  assert_int_equal(ssvc_case_add_note(f->st, id, "a", "back to the clock"), SSVC_OK);
  ssvc_case *c;
  ssvc_case_info i = info_of(f->st, id, &c);
  assert_int_equal(i.registered_at, ticket);
  /* New Year's Day (Thursday) is a holiday: the call counts on Friday 2, delivered Monday 5. */
  assert_int_equal(i.promised_delivery.day, 5);
  ssvc_case_event e = SSVC_CASE_EVENT_INIT;
  assert_int_equal(ssvc_case_event_at(c, 1, &e), SSVC_OK);
  assert_int_equal(e.at, ticket);
  ssvc_shipment so = SSVC_SHIPMENT_INIT;
  assert_int_equal(ssvc_case_shipment_at(c, 0, &so), SSVC_OK);
  assert_int_equal(so.at, ticket + 600);
  assert_int_equal(ssvc_case_event_at(c, i.event_count - 1, &e), SSVC_OK);
  assert_int_equal(e.at, STORE_FAULT_NOW);
  ssvc_case_free(c);
  /* Out of range: refused, naming the instant; the store keeps the clock. */
  assert_int_equal(ssvc_store_set_instant(f->st, INT64_C(253402300800)), SSVC_ERANGE);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "ssvc_store_set_instant: instant: 253402300800 is "
                                               "outside the years 1-9999");
  assert_int_equal(ssvc_store_set_instant(NULL, ticket), SSVC_EINVAL);
  create_once(f->st, id, "ACME", "2");
  i = info_of(f->st, id, &c);
  assert_int_equal(i.registered_at, STORE_FAULT_NOW);
  ssvc_case_free(c);
}

static void changes_are_logged(void **state) {
  (void)state;
  struct loglines l;
  memset(&l, 0, sizeof l);
  ssvc_ctx_options o = SSVC_CTX_OPTIONS_INIT;
  o.clock = fixture_clock;
  o.log = log_cb;
  o.log_user_data = &l;
  ssvc_ctx *ctx;
  ssvc_store *st;
  assert_int_equal(ssvc_ctx_new(&ctx, &o), SSVC_OK);
  assert_int_equal(ssvc_store_memory_new(ctx, &st), SSVC_OK);
  char id[SSVC_CASE_ID_SIZE];
  fixture_agreement_once(st, "ACME", "PROF");
  l.n = 0; /* the agreement's own line */
  create_once(st, id, "ACME", "1");
  assert_int_equal(ssvc_case_transition(st, id, SSVC_CASE_DIAGNOSING, "a", NULL), SSVC_OK);
  assert_int_equal(ssvc_case_transition(st, id, SSVC_CASE_REPAIRED, "a", NULL), SSVC_ESTATE);
  assert_int_equal(l.n, 2);
  assert_string_equal(l.text[0], "case SC-2026-000001 registered (customer ACME)");
  assert_string_equal(l.text[1], "case SC-2026-000001: registered -> diagnosing");
  /* A pool move refused: the message in the agent's words naming no program, the remedy and the
   * log name the function; the next error, which asks for nothing, has no remedy. */
  assert_int_equal(ssvc_case_transition(st, id, SSVC_CASE_SWAP_REQUESTED, "a", NULL), SSVC_ESTATE);
  assert_non_null(strstr(ssvc_ctx_errtext(ctx), "; reserve a phone for it from the SWAP stock"));
  assert_null(strstr(ssvc_ctx_errtext(ctx), "ssvc_"));
  assert_null(strstr(ssvc_ctx_errtext(ctx), "smartservice"));
  assert_string_equal(ssvc_ctx_errremedy(ctx), "ssvc_swap_reserve");
  assert_int_equal(l.n, 3);
  assert_string_equal(l.text[2],
                      "ssvc_case_transition: the library function for this is ssvc_swap_reserve()");
  assert_int_equal(ssvc_case_transition(st, id, SSVC_CASE_REPAIRED, "a", NULL), SSVC_ESTATE);
  assert_null(ssvc_ctx_errremedy(ctx));
  assert_int_equal(ssvc_case_transition(st, id, SSVC_CASE_SWAP_REQUESTED, "a", NULL), SSVC_ESTATE);
  ssvc_ctx_clear_error(ctx);
  assert_null(ssvc_ctx_errremedy(ctx));
  assert_null(ssvc_ctx_errremedy(NULL));
  ssvc_store_free(st);
  ssvc_ctx_free(ctx);
}

static void swap_needs_entitlement(void **state) {
  struct fx *f = *state;
  fixture_agreement(f->st, "BYGG", "BAS", 10, 0, 0);
  ssvc_case_spec s = spec_for("BYGG", "Bo", "+4670");
  s.tier_code = "BAS";
  s.features = 0x0F;
  char id[SSVC_CASE_ID_SIZE];
  assert_int_equal(ssvc_case_create(f->st, id, &s), SSVC_OK);
  assert_int_equal(ssvc_case_transition(f->st, id, SSVC_CASE_DIAGNOSING, "a", NULL), SSVC_OK);
  assert_int_equal(ssvc_case_transition(f->st, id, SSVC_CASE_SWAP_REQUESTED, "a", NULL),
                   SSVC_ENOTENTITLED);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx),
                      "ssvc_case_transition: SC-2026-000001: tier BAS does not include SWAP "
                      "activation (swap-requested)");
  assert_int_equal(ssvc_case_transition(f->st, id, SSVC_CASE_REFERRED, "a", "to the workshop"),
                   SSVC_OK);
  ssvc_case *c;
  ssvc_case_info i = info_of(f->st, id, &c);
  assert_int_equal(i.state, SSVC_CASE_REFERRED);
  ssvc_case_event e = SSVC_CASE_EVENT_INIT;
  assert_int_equal(ssvc_case_event_at(c, 2, &e), SSVC_OK);
  assert_string_equal(e.note, "to the workshop");
  ssvc_case_free(c);
}

static void diagnosis_notes_shipments_charges(void **state) {
  struct fx *f = *state;
  char id[SSVC_CASE_ID_SIZE];
  create_once(f->st, id, "ACME", "1");
  fixture_now += 60;
  /* A diagnosis is recorded while the case is diagnosing, not before. */
  assert_int_equal(ssvc_case_set_diagnosis(f->st, id, SSVC_CASE_OUTCOME_DEFINITE_FAULT, "t",
                                           "agent-7"),
                   SSVC_ESTATE);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx),
                      "ssvc_case_set_diagnosis: SC-2026-000001: the case is registered; a "
                      "diagnosis is recorded while it is diagnosing");
  assert_int_equal(ssvc_case_transition(f->st, id, SSVC_CASE_DIAGNOSING, "agent-7", NULL),
                   SSVC_OK);
  assert_int_equal(ssvc_case_set_diagnosis(f->st, id, SSVC_CASE_OUTCOME_DEFINITE_FAULT,
                                           "Q1 Does it power on? no\nQ2 ...", "agent-7"),
                   SSVC_OK);
  assert_int_equal(ssvc_case_add_note(f->st, id, "agent-7", "user called back"), SSVC_OK);
  /* A shipment is charged by the library: freight and packaging at the agreement's amounts. */
  ssvc_shipment sh = {SSVC_SHIPMENT_VERSION, SSVC_SHIPMENT_FAULTY, 0, "PostNord", "PN123", 9900};
  assert_int_equal(ssvc_case_add_shipment(f->st, id, "agent-7", &sh), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx),
                      "ssvc_case_add_shipment: shipment->freight_minor: the agreement of customer "
                      "'ACME' charges 11400 (freight 8900 + packaging 2500, minor units) per "
                      "shipment; give 0 or that amount (got 9900)");
  sh.kind = SSVC_SHIPMENT_REPLACEMENT;
  sh.freight_minor = 0;
  assert_int_equal(ssvc_case_add_shipment(f->st, id, "agent-7", &sh), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx),
                      "ssvc_case_add_shipment: shipment->kind: a replacement phone leaves the SWAP "
                      "stock when its order is shipped");
  assert_string_equal(ssvc_ctx_errremedy(f->ctx), "ssvc_swap_ship");
  sh.kind = SSVC_SHIPMENT_FAULTY;
  assert_int_equal(ssvc_case_add_shipment(f->st, id, "agent-7", &sh), SSVC_OK);
  ssvc_case_charge ch = {SSVC_CASE_CHARGE_VERSION, 2, 14900, NULL, "repair estimate"};
  assert_int_equal(ssvc_case_add_charge(f->st, id, "agent-7", &ch), SSVC_OK);
  ssvc_case *c;
  ssvc_case_info i = info_of(f->st, id, &c);
  assert_int_equal(i.outcome, SSVC_CASE_OUTCOME_DEFINITE_FAULT);
  assert_string_equal(i.transcript, "Q1 Does it power on? no\nQ2 ...");
  assert_int_equal(i.updated_at, STORE_FAULT_NOW + 60);
  assert_int_equal(i.event_count, 8);
  assert_int_equal(i.shipment_count, 1);
  assert_int_equal(i.charge_count, 3);
  ssvc_shipment so = SSVC_SHIPMENT_INIT;
  assert_int_equal(ssvc_case_shipment_at(c, 0, &so), SSVC_OK);
  assert_int_equal(so.kind, SSVC_SHIPMENT_FAULTY);
  assert_int_equal(so.at, STORE_FAULT_NOW + 60);
  assert_string_equal(so.carrier, "PostNord");
  assert_string_equal(so.tracking, "PN123");
  assert_int_equal(so.freight_minor, 11400);
  ssvc_case_charge co = SSVC_CASE_CHARGE_INIT;
  assert_int_equal(ssvc_case_charge_at(c, 0, &co), SSVC_OK);
  assert_int_equal(co.kind, SSVC_CHARGE_FREIGHT);
  assert_int_equal(co.amount_minor, 8900);
  assert_string_equal(co.text, "freight: faulty phone");
  assert_int_equal(ssvc_case_charge_at(c, 1, &co), SSVC_OK);
  assert_int_equal(co.kind, SSVC_CHARGE_PACKAGING);
  assert_int_equal(co.amount_minor, 2500);
  assert_int_equal(ssvc_case_charge_at(c, 2, &co), SSVC_OK);
  assert_int_equal(co.kind, 2);
  assert_int_equal(co.amount_minor, 14900);
  assert_string_equal(co.currency, "SEK");
  assert_string_equal(co.text, "repair estimate");
  ssvc_case_event e = SSVC_CASE_EVENT_INIT;
  assert_int_equal(ssvc_case_event_at(c, 2, &e), SSVC_OK);
  assert_int_equal(e.kind, SSVC_CASE_EVENT_DIAGNOSIS);
  assert_string_equal(e.note, "definite-fault");
  assert_int_equal(ssvc_case_event_at(c, 3, &e), SSVC_OK);
  assert_int_equal(e.kind, SSVC_CASE_EVENT_NOTE);
  assert_string_equal(e.note, "user called back");
  assert_int_equal(ssvc_case_event_at(c, 4, &e), SSVC_OK);
  assert_int_equal(e.kind, SSVC_CASE_EVENT_SHIPMENT);
  for (size_t k = 5; k < 8; k++) {
    assert_int_equal(ssvc_case_event_at(c, k, &e), SSVC_OK);
    assert_int_equal(e.kind, SSVC_CASE_EVENT_CHARGE);
  }
  ssvc_case_free(c);
  /* Errors */
  assert_int_equal(ssvc_case_set_diagnosis(f->st, id, 9, NULL, "a"), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx),
                      "ssvc_case_set_diagnosis: outcome: not an outcome (got 9)");
  assert_int_equal(ssvc_case_add_note(f->st, id, "a", ""), SSVC_EINVAL);
  sh.kind = 9;
  assert_int_equal(ssvc_case_add_shipment(f->st, id, "a", &sh), SSVC_EINVAL);
  sh.kind = SSVC_SHIPMENT_FAULTY;
  sh.freight_minor = -1;
  assert_int_equal(ssvc_case_add_shipment(f->st, id, "a", &sh), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx),
                      "ssvc_case_add_shipment: shipment->freight_minor: must not be negative (got -1)");
  assert_int_equal(ssvc_case_add_shipment(f->st, id, "a", NULL), SSVC_EINVAL);
  sh.version = 0;
  assert_int_equal(ssvc_case_add_shipment(f->st, id, "a", &sh), SSVC_EVERSION);
  sh.version = SSVC_SHIPMENT_VERSION;
  ch.version = 9;
  assert_int_equal(ssvc_case_add_charge(f->st, id, "a", &ch), SSVC_EVERSION);
  ch.version = SSVC_CASE_CHARGE_VERSION;
  ch.kind = 0;
  assert_int_equal(ssvc_case_add_charge(f->st, id, "a", &ch), SSVC_EINVAL);
  ch.kind = 1;
  ch.currency = "sek";
  assert_int_equal(ssvc_case_add_charge(f->st, id, "a", &ch), SSVC_EINVAL);
  assert_int_equal(ssvc_case_add_charge(f->st, id, "a", NULL), SSVC_EINVAL);
  /* Closed cases take charges and notes, but no diagnosis or shipment. */
  assert_int_equal(ssvc_case_transition(f->st, id, SSVC_CASE_CANCELLED, "a", NULL), SSVC_OK);
  sh.freight_minor = 0;
  assert_int_equal(ssvc_case_add_shipment(f->st, id, "a", &sh), SSVC_ESTATE);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx),
                      "ssvc_case_add_shipment: SC-2026-000001: the case is cancelled");
  assert_int_equal(ssvc_case_set_diagnosis(f->st, id, 1, NULL, "a"), SSVC_ESTATE);
  ch.currency = "EUR";
  assert_int_equal(ssvc_case_add_charge(f->st, id, "a", &ch), SSVC_OK);
  assert_int_equal(ssvc_case_add_note(f->st, id, "a", "closed but noted"), SSVC_OK);
}

struct ids {
  char id[64][SSVC_CASE_ID_SIZE];
  int n, stop;
};

static int collect(void *ud, const char *id) {
  struct ids *l = ud;
  snprintf(l->id[l->n++], SSVC_CASE_ID_SIZE, "%s", id);
  return l->stop && l->n == l->stop;
}

static void listings(void **state) {
  struct fx *f = *state;
  char id[SSVC_CASE_ID_SIZE];
  /* ACME cases at t0+300, t0+100 (a later id, an earlier instant), t0+200; one of ACME-2. */
  fixture_now = STORE_FAULT_NOW + 300;
  create_once(f->st, id, "ACME", "1"); /* 000001 */
  fixture_now = STORE_FAULT_NOW + 100;
  create_once(f->st, id, "ACME", "2"); /* 000002 */
  fixture_now = STORE_FAULT_NOW + 200;
  create_once(f->st, id, "ACME-2", "3"); /* 000003: a customer whose id extends ACME */
  create_once(f->st, id, "ACME", "4");   /* 000004 */
  assert_int_equal(ssvc_case_transition(f->st, "SC-2026-000002", SSVC_CASE_CANCELLED, "a", NULL),
                   SSVC_OK);
  assert_int_equal(ssvc_case_transition(f->st, "SC-2026-000004", SSVC_CASE_DIAGNOSING, "a", NULL),
                   SSVC_OK);
  struct ids l;
  memset(&l, 0, sizeof l);
  assert_int_equal(ssvc_case_list_customer(f->st, "ACME", INT64_MIN, INT64_MAX, collect, &l), 0);
  assert_int_equal(l.n, 3);
  assert_string_equal(l.id[0], "SC-2026-000002");
  assert_string_equal(l.id[1], "SC-2026-000004");
  assert_string_equal(l.id[2], "SC-2026-000001");
  memset(&l, 0, sizeof l);
  assert_int_equal(ssvc_case_list_customer(f->st, "ACME", STORE_FAULT_NOW + 100,
                                           STORE_FAULT_NOW + 300, collect, &l), 0);
  assert_int_equal(l.n, 2); /* [from, to) */
  assert_string_equal(l.id[1], "SC-2026-000004");
  memset(&l, 0, sizeof l);
  assert_int_equal(ssvc_case_list_state(f->st, SSVC_CASE_REGISTERED, collect, &l), 0);
  assert_int_equal(l.n, 2);
  assert_string_equal(l.id[0], "SC-2026-000001");
  assert_string_equal(l.id[1], "SC-2026-000003");
  memset(&l, 0, sizeof l);
  assert_int_equal(ssvc_case_list_open(f->st, collect, &l), 0);
  assert_int_equal(l.n, 3);
  assert_string_equal(l.id[2], "SC-2026-000004"); /* by state, then id */
  memset(&l, 0, sizeof l);
  assert_int_equal(ssvc_case_list_all(f->st, collect, &l), 0);
  assert_int_equal(l.n, 4);
  memset(&l, 0, sizeof l);
  l.stop = 2;
  assert_int_equal(ssvc_case_list_all(f->st, collect, &l), 0);
  assert_int_equal(l.n, 2);
  assert_int_equal(ssvc_case_list_state(f->st, 0, collect, &l), SSVC_EINVAL);
  assert_int_equal(ssvc_case_list_all(f->st, NULL, &l), SSVC_EINVAL);
  assert_int_equal(ssvc_case_list_customer(f->st, NULL, 0, 1, collect, &l), SSVC_EINVAL);
  ssvc_case_stats s = SSVC_CASE_STATS_INIT;
  assert_int_equal(ssvc_case_stats_get(f->st, NULL, &s), 0);
  assert_int_equal(s.total, 4);
  assert_int_equal(s.by_state[SSVC_CASE_REGISTERED], 2);
  assert_int_equal(s.by_state[SSVC_CASE_CANCELLED], 1);
  assert_int_equal(s.by_outcome[SSVC_CASE_OUTCOME_NONE], 4);
  assert_int_equal(ssvc_case_stats_get(f->st, "ACME-2", &s), 0);
  assert_int_equal(s.total, 1);
  assert_int_equal(ssvc_case_stats_get(f->st, NULL, NULL), SSVC_EINVAL);
}

static void erasure_keeps_statistics(void **state) {
  struct fx *f = *state;
  char a[SSVC_CASE_ID_SIZE], b[SSVC_CASE_ID_SIZE], other[SSVC_CASE_ID_SIZE],
      else_[SSVC_CASE_ID_SIZE];
  create_once(f->st, a, "ACME", "+46701");
  create_once(f->st, b, "ACME", "+46701");
  create_once(f->st, other, "ACME", "+46702");
  create_once(f->st, else_, "OTHER", "+46701"); /* same number, another customer */
  assert_int_equal(ssvc_case_transition(f->st, a, SSVC_CASE_DIAGNOSING, "x", NULL), 0);
  assert_int_equal(ssvc_case_set_diagnosis(f->st, a, SSVC_CASE_OUTCOME_WORKSHOP, "t", "x"), 0);
  assert_int_equal(ssvc_case_transition(f->st, a, SSVC_CASE_REFERRED, "x", "Anna's phone"), 0);
  assert_int_equal(ssvc_case_add_note(f->st, b, "x", "call Anna on +46701"), 0);
  ssvc_case_stats before = SSVC_CASE_STATS_INIT, after = SSVC_CASE_STATS_INIT;
  assert_int_equal(ssvc_case_stats_get(f->st, NULL, &before), 0);
  size_t n = 99;
  assert_int_equal(ssvc_case_erase_user(f->st, &n, "ACME", "+46701", "dpo"), SSVC_OK);
  assert_int_equal(n, 2);
  assert_int_equal(ssvc_case_stats_get(f->st, NULL, &after), 0);
  assert_int_equal(after.erased, 2);
  after.erased = before.erased;
  assert_memory_equal(&before, &after, sizeof before);
  ssvc_case *c;
  ssvc_case_info i = info_of(f->st, a, &c);
  assert_int_equal(i.erased, 1);
  assert_string_equal(i.user_name, "");
  assert_string_equal(i.user_phone, "");
  assert_string_equal(i.user_email, "");
  assert_string_equal(i.imei, "");
  assert_string_equal(i.serial, "");
  assert_string_equal(i.model, "Fairphone 5");
  assert_string_equal(i.customer_id, "ACME");
  assert_int_equal(i.state, SSVC_CASE_REFERRED);
  assert_int_equal(i.outcome, SSVC_CASE_OUTCOME_WORKSHOP);
  ssvc_case_event e = SSVC_CASE_EVENT_INIT;
  for (size_t k = 0; k < i.event_count; k++) {
    assert_int_equal(ssvc_case_event_at(c, k, &e), SSVC_OK);
    if (e.kind != SSVC_CASE_EVENT_DIAGNOSIS) assert_string_equal(e.note, "");
  }
  assert_int_equal(e.kind, SSVC_CASE_EVENT_ERASED);
  assert_string_equal(e.actor, "dpo");
  ssvc_case_free(c);
  i = info_of(f->st, other, &c);
  assert_string_equal(i.user_name, "Anna Andersson");
  ssvc_case_free(c);
  i = info_of(f->st, else_, &c);
  assert_string_equal(i.user_phone, "+46701");
  ssvc_case_free(c);
  /* By e-mail too; none left to erase is not an error. */
  assert_int_equal(ssvc_case_erase_user(f->st, &n, "ACME", "anna@example.se", "dpo"), SSVC_OK);
  assert_int_equal(n, 1);
  assert_int_equal(ssvc_case_erase_user(f->st, &n, "ACME", "+46701", "dpo"), SSVC_OK);
  assert_int_equal(n, 0);
  assert_int_equal(ssvc_case_erase_user(f->st, NULL, "ACME", "", "dpo"), SSVC_EINVAL);
  assert_int_equal(ssvc_case_erase_user(f->st, NULL, NULL, "x", "dpo"), SSVC_EINVAL);
  /* The customer listing still finds the erased cases. */
  struct ids l;
  memset(&l, 0, sizeof l);
  assert_int_equal(ssvc_case_list_customer(f->st, "ACME", INT64_MIN, INT64_MAX, collect, &l), 0);
  assert_int_equal(l.n, 3);
}

/* Raw access to the memory backend under a store, for record-format tests. */
struct rawfx {
  ssvc_ctx *ctx;
  ssvc_storage_backend be;
  ssvc_store *st;
};

static void raw_open(struct rawfx *r) {
  ssvc_ctx_options o = SSVC_CTX_OPTIONS_INIT;
  o.clock = fixture_clock;
  fixture_now = STORE_FAULT_NOW;
  assert_int_equal(ssvc_ctx_new(&r->ctx, &o), SSVC_OK);
  assert_int_equal(ssvc_storage_memory_backend(r->ctx, &r->be), SSVC_OK);
  assert_int_equal(ssvc_store_open(r->ctx, &r->st, &r->be), SSVC_OK);
}

static const uint8_t case1_key[] = {'C', 0x07, 0xEA, 0, 0, 0, 1}; /* 2026, 1 */

static void rewrite_case1(struct rawfx *r, const uint8_t *extra, size_t extra_len) {
  const void *v;
  size_t n;
  uint64_t ver;
  assert_int_equal(r->be.get(r->be.user_data, case1_key, 7, &v, &n, &ver), SSVC_OK);
  uint8_t *nv = malloc(n + extra_len);
  memcpy(nv, v, n);
  memcpy(nv + n, extra, extra_len);
  assert_int_equal(r->be.begin(r->be.user_data, SSVC_STORAGE_TXN_WRITE), SSVC_OK);
  assert_int_equal(r->be.put(r->be.user_data, case1_key, 7, nv, n + extra_len, ver, NULL), 0);
  assert_int_equal(r->be.commit(r->be.user_data), SSVC_OK);
  free(nv);
}

static void newer_record_with_unknown_fields_loads(void **state) {
  (void)state;
  struct rawfx r;
  raw_open(&r);
  char id[SSVC_CASE_ID_SIZE];
  create_once(r.st, id, "ACME", "1");
  /* A newer library added field 40 (bytes "future"), field 41 (varint 300) and a fixed64
   * field 42: tag = id << 3 | wire type. */
  static const uint8_t extra[] = {0xC1, 0x02, 6,    'f',  'u', 't', 'u', 'r', 'e', /* 40 */
                                  0xC8, 0x02, 0xAC, 0x02,                        /* 41 */
                                  0xD2, 0x02, 1,    2,    3,   4,   5,   6,   7,   8};
  rewrite_case1(&r, extra, sizeof extra);
  ssvc_case *c;
  ssvc_case_info i = info_of(r.st, id, &c);
  assert_string_equal(i.model, "Fairphone 5");
  assert_int_equal(i.state, SSVC_CASE_REGISTERED);
  ssvc_case_free(c);
  /* A change by this library keeps the fields it does not know. */
  assert_int_equal(ssvc_case_add_note(r.st, id, "a", "kept?"), SSVC_OK);
  const void *v;
  size_t n;
  uint64_t ver;
  assert_int_equal(r.be.get(r.be.user_data, case1_key, 7, &v, &n, &ver), SSVC_OK);
  assert_int_equal(ver, 3);
  int found = 0;
  for (size_t k = 0; k + sizeof extra <= n; k++)
    if (memcmp((const uint8_t *)v + k, extra, sizeof extra) == 0) found = 1;
  assert_true(found);
  i = info_of(r.st, id, &c);
  assert_int_equal(i.event_count, 2);
  ssvc_case_free(c);
  /* A malformed record is reported, not crashed on. */
  static const uint8_t broken[] = {21 << 3 | 1, 0x7F}; /* an event longer than the record */
  rewrite_case1(&r, broken, sizeof broken);
  assert_int_equal(ssvc_case_load(r.st, &c, id), SSVC_ESTORAGE);
  assert_string_equal(ssvc_ctx_errmsg(r.ctx),
                      "ssvc_case_load: SC-2026-000001: the stored record is malformed");
  ssvc_case_stats s = SSVC_CASE_STATS_INIT;
  assert_int_equal(ssvc_case_stats_get(r.st, NULL, &s), SSVC_ESTORAGE);
  ssvc_store_free(r.st);
  ssvc_ctx_free(r.ctx);
}

/* A record damaged in the store: its state and outcome out of range count in the total only; a
 * record that is not a case record at all is reported with the case's id. */
static void replace_case1(struct rawfx *r, const uint8_t *val, size_t len) {
  const void *v;
  size_t n;
  uint64_t ver;
  assert_int_equal(r->be.get(r->be.user_data, case1_key, 7, &v, &n, &ver), SSVC_OK);
  assert_int_equal(r->be.begin(r->be.user_data, SSVC_STORAGE_TXN_WRITE), SSVC_OK);
  assert_int_equal(r->be.put(r->be.user_data, case1_key, 7, val, len, ver, NULL), 0);
  assert_int_equal(r->be.commit(r->be.user_data), SSVC_OK);
}

static int discard(void *ud, const char *bytes, size_t len) {
  (void)ud, (void)bytes, (void)len;
  return 0;
}

static void stats_of_damaged_records(void **state) {
  (void)state;
  struct rawfx r;
  raw_open(&r);
  char id[SSVC_CASE_ID_SIZE];
  create_once(r.st, id, "ACME", "1");
  /* A later state field (17) and outcome field (15), both 200: the last one read wins. */
  static const uint8_t odd[] = {17 << 3, 0x01, 0xC8, 0x01, 15 << 3, 0xC8, 0x01};
  rewrite_case1(&r, odd, sizeof odd);
  ssvc_case_stats s = SSVC_CASE_STATS_INIT;
  assert_int_equal(ssvc_case_stats_get(r.st, "ACME", &s), SSVC_OK);
  assert_int_equal(s.total, 1);
  size_t in_states = 0, in_outcomes = 0;
  for (int k = 0; k <= SSVC_CASE_STATE_MAX; k++) in_states += s.by_state[k];
  for (int k = 0; k <= SSVC_CASE_OUTCOME_MAX; k++) in_outcomes += s.by_outcome[k];
  assert_int_equal(in_states, 0);
  assert_int_equal(in_outcomes, 0);
  /* Not a case record (another record type): an error naming the case, no figures. */
  static const uint8_t other[] = {'X', 1};
  replace_case1(&r, other, sizeof other);
  ssvc_case_stats s2 = SSVC_CASE_STATS_INIT;
  assert_int_equal(ssvc_case_stats_get(r.st, NULL, &s2), SSVC_ESTORAGE);
  assert_non_null(strstr(ssvc_ctx_errmsg(r.ctx), "SC-2026-000001"));
  assert_int_equal(s2.total, 0);
  /* A case key cut short (it sorts first): the statistics and the XML export stop at it. */
  static const uint8_t short_key[] = {'C', 0x07, 0xEA};
  assert_int_equal(r.be.begin(r.be.user_data, SSVC_STORAGE_TXN_WRITE), SSVC_OK);
  assert_int_equal(r.be.put(r.be.user_data, short_key, sizeof short_key, other, sizeof other,
                            SSVC_STORAGE_NEW, NULL), 0);
  assert_int_equal(r.be.commit(r.be.user_data), SSVC_OK);
  assert_int_equal(ssvc_case_stats_get(r.st, NULL, &s2), SSVC_ESTORAGE);
  assert_int_equal(s2.total, 0);
  size_t exported = 9;
  assert_int_equal(ssvc_xml_export(r.st, &exported, discard, NULL, NULL), SSVC_ESTORAGE);
  assert_non_null(strstr(ssvc_ctx_errmsg(r.ctx), "a case key has the wrong length (3)"));
  ssvc_store_free(r.st);
  ssvc_ctx_free(r.ctx);
}

/* Every listing and the statistics refuse a NULL store. */
static void listings_need_a_store(void **state) {
  (void)state;
  struct ids l;
  memset(&l, 0, sizeof l);
  ssvc_case_stats s = SSVC_CASE_STATS_INIT;
  assert_int_equal(ssvc_case_list_all(NULL, collect, &l), SSVC_EINVAL);
  assert_int_equal(ssvc_case_list_state(NULL, SSVC_CASE_REGISTERED, collect, &l), SSVC_EINVAL);
  assert_int_equal(ssvc_case_list_open(NULL, collect, &l), SSVC_EINVAL);
  assert_int_equal(ssvc_case_list_customer(NULL, "ACME", 0, 1, collect, &l), SSVC_EINVAL);
  assert_int_equal(ssvc_case_stats_get(NULL, NULL, &s), SSVC_EINVAL);
  assert_int_equal(l.n, 0);
  assert_int_equal(s.total, 0);
}

/* Imported whole cases are checked field by field: a text too long, a bad currency. The error
 * names the field and nothing is written. */
/* The purchase may be the day of registration (Stockholm date) and the warranty may end on the
 * day of purchase; an unknown date (year 0) is never compared. */
static void phone_dates_at_their_limits_are_taken(void **state) {
  struct fx *f = *state;
  char id[SSVC_CASE_ID_SIZE];
  fixture_agreement(f->st, "ACME", "PROF", 10, 0, 0);
  ssvc_case_spec s = spec_for("ACME", "Anna", "+467");
  s.at = INT64_C(1772319600); /* 2026-02-28T23:00:00Z: 2026-03-01 00:00 in Stockholm */
  s.purchase_date = (ssvc_date){2026, 3, 1};
  s.warranty_end = (ssvc_date){2026, 3, 1};
  assert_int_equal(ssvc_case_create(f->st, id, &s), SSVC_OK);
  s = spec_for("ACME", "Bo", "+468");
  s.imei = fixture_imei(2);
  s.purchase_date = (ssvc_date){0, 0, 0};
  s.warranty_end = (ssvc_date){2020, 1, 1}; /* no purchase known: an old warranty is just over */
  assert_int_equal(ssvc_case_create(f->st, id, &s), SSVC_OK);
}

/* An imported record is held to the same phone dates, the field named. */
static void import_refuses_implausible_phone_dates(void **state) {
  struct fx *f = *state;
  static const char head[] =
      "<cases xmlns=\"urn:smartservice:cases:1\" version=\"1\"><case id=\"SC-2026-000001\" "
      "customer=\"A\" state=\"registered\" registered=\"2026-03-02T09:00:00Z\" "
      "updated=\"2026-03-02T09:00:00Z\"><user name=\"N\"/>"
      "<device imei=\"490154203237518\" model=\"M\" %s/>"
      "<tier code=\"PROF\" features=\"3\"/></case></cases>";
  static const struct {
    const char *attrs, *msg;
  } bad[] = {
      {"purchased=\"2026-03-03\"",
       "purchase date: 2026-03-03 is after the registration on 2026-03-02"},
      {"purchased=\"9999-12-31\"",
       "purchase date: 9999-12-31 is after the registration on 2026-03-02"},
      {"purchased=\"2025-06-01\" warranty-end=\"2025-05-31\"",
       "warranty end: 2025-05-31 is before the purchase on 2025-06-01"},
      {"purchased=\"2026- 3-01\"", "purchased: not a date YYYY-MM-DD (got '2026- 3-01')"},
  };
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    char xml[1024];
    snprintf(xml, sizeof xml, head, bad[k].attrs);
    assert_int_not_equal(ssvc_xml_import_memory(f->st, NULL, xml, strlen(xml), NULL, NULL),
                         SSVC_OK);
    if (!strstr(ssvc_ctx_errmsg(f->ctx), bad[k].msg))
      fail_msg("%s: %s", bad[k].attrs, ssvc_ctx_errmsg(f->ctx));
    ssvc_case_stats st = SSVC_CASE_STATS_INIT;
    assert_int_equal(ssvc_case_stats_get(f->st, NULL, &st), SSVC_OK);
    assert_int_equal(st.total, 0);
  }
}

static void import_checks_every_field(void **state) {
  struct fx *f = *state;
  static const char head[] =
      "<cases xmlns=\"urn:smartservice:cases:1\" version=\"1\"><case id=\"SC-2026-000001\" "
      "customer=\"%s\" state=\"registered\" registered=\"2026-03-02T09:00:00Z\" "
      "updated=\"2026-03-02T09:00:00Z\"><user name=\"%s\" phone=\"%s\" email=\"%s\"/>"
      "<device imei=\"490154203237518\" model=\"%s\" serial=\"%s\"/>"
      "<tier code=\"%s\" features=\"3\"/><symptom>%s</symptom>%s</case></cases>";
  static char big[5000];
  memset(big, 'x', sizeof big - 1);
  char *l65 = big + sizeof big - 1 - 65, *l257 = big + sizeof big - 1 - 257,
       *l1025 = big + sizeof big - 1 - 1025, *l4097 = big + sizeof big - 1 - 4097;
  char extra[2000];
  struct {
    const char *field;
    const char *v[8];
  } cases[] = {
      {"customer", {l65, "N", "", "", "M", "", "PROF", ""}},
      {"user name", {"A", l257, "", "", "M", "", "PROF", ""}},
      {"user phone", {"A", "N", l257, "", "M", "", "PROF", ""}},
      {"user email", {"A", "N", "", l257, "M", "", "PROF", ""}},
      {"model", {"A", "N", "", "", l257, "", "PROF", ""}},
      {"serial", {"A", "N", "", "", "M", l257, "PROF", ""}},
      {"tier code", {"A", "N", "", "", "M", "", l65, ""}},
      {"symptom", {"A", "N", "", "", "M", "", "PROF", l4097}},
      {"event actor", {"A", "N", "", "", "M", "", "PROF", ""}},
      {"shipment carrier", {"A", "N", "", "", "M", "", "PROF", ""}},
      {"currency", {"A", "N", "", "", "M", "", "PROF", ""}},
      {"currency", {"A", "N", "", "", "M", "", "PROF", ""}},
      {"charge text", {"A", "N", "", "", "M", "", "PROF", ""}},
      {"shipment tracking", {"A", "N", "", "", "M", "", "PROF", ""}},
      {"imei", {"A", "N", "", "", "M", "", "PROF", ""}},
      {"", {"A", "N", "", "", "M", "", "PROF", ""}}, /* no currency: SEK */
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    const char *field = cases[k].field;
    extra[0] = '\0';
    if (!strcmp(field, "event actor"))
      snprintf(extra, sizeof extra,
               "<event at=\"2026-03-02T09:00:00Z\" actor=\"%s\" kind=\"note\"/>", l257);
    else if (!strcmp(field, "shipment carrier"))
      snprintf(extra, sizeof extra, "<shipment kind=\"replacement\" at=\"2026-03-02T09:00:00Z\" "
               "carrier=\"%s\" freight=\"0\"/>", l257);
    else if (!strcmp(field, "currency"))
      snprintf(extra, sizeof extra,
               "<charge kind=\"1\" amount=\"100\" currency=\"%s\">fee</charge>",
               k == 10 ? "sek" : "SEKX");
    else if (!strcmp(field, "shipment tracking"))
      snprintf(extra, sizeof extra, "<shipment kind=\"replacement\" at=\"2026-03-02T09:00:00Z\" "
               "tracking=\"%s\" freight=\"0\"/>", l257);
    else if (!*field)
      snprintf(extra, sizeof extra, "<charge kind=\"1\" amount=\"100\" currency=\"\">fee</charge>");
    else if (!strcmp(field, "charge text"))
      snprintf(extra, sizeof extra, "<charge kind=\"1\" amount=\"100\">%s</charge>", l1025);
    const char *const *v = cases[k].v;
    size_t cap = sizeof head + sizeof big + sizeof extra;
    char *xml = malloc(cap);
    snprintf(xml, cap, head, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], extra);
    if (!strcmp(field, "imei")) memcpy(strstr(xml, "490154203237518"), "490154203237519", 15);
    int rc = ssvc_xml_import_memory(f->st, NULL, xml, strlen(xml), NULL, NULL);
    free(xml);
    if (!*field) {
      assert_int_equal(rc, SSVC_OK);
      ssvc_case *c;
      assert_int_equal(ssvc_case_load(f->st, &c, "SC-2026-000001"), SSVC_OK);
      ssvc_case_charge ch = SSVC_CASE_CHARGE_INIT;
      assert_int_equal(ssvc_case_charge_at(c, 0, &ch), SSVC_OK);
      assert_string_equal(ch.currency, "SEK");
      ssvc_case_free(c);
      continue;
    }
    if (rc == SSVC_OK || !strstr(ssvc_ctx_errmsg(f->ctx), field))
      fail_msg("%s: rc %d: %s", field, rc, ssvc_ctx_errmsg(f->ctx));
    ssvc_case_stats s = SSVC_CASE_STATS_INIT;
    assert_int_equal(ssvc_case_stats_get(f->st, NULL, &s), SSVC_OK);
    assert_int_equal(s.total, 0);
  }
}

static void grouped_transactions(void **state) {
  struct fx *f = *state;
  char id[SSVC_CASE_ID_SIZE];
  assert_int_equal(ssvc_store_begin(f->st), SSVC_OK);
  create_once(f->st, id, "ACME", "1");
  create_once(f->st, id, "ACME", "2");
  assert_int_equal(ssvc_store_rollback(f->st), SSVC_OK);
  ssvc_case_stats s = SSVC_CASE_STATS_INIT;
  assert_int_equal(ssvc_case_stats_get(f->st, NULL, &s), 0);
  assert_int_equal(s.total, 0);
  assert_int_equal(ssvc_store_begin(f->st), SSVC_OK);
  create_once(f->st, id, "ACME", "1");
  create_once(f->st, id, "ACME", "2");
  /* A failure before writing leaves the group intact. */
  assert_int_equal(ssvc_case_transition(f->st, id, SSVC_CASE_CLOSED, "a", NULL), SSVC_ESTATE);
  assert_int_equal(ssvc_store_commit(f->st), SSVC_OK);
  assert_int_equal(ssvc_case_stats_get(f->st, NULL, &s), 0);
  assert_int_equal(s.total, 2);
  assert_string_equal(id, "SC-2026-000002");
}

/* An operation that fails after writing inside a caller's transaction dooms the transaction. */
static void failed_write_dooms_the_group(void **state) {
  (void)state;
  ssvc_ctx_options o = SSVC_CTX_OPTIONS_INIT;
  o.clock = fixture_clock;
  ssvc_ctx *ctx;
  assert_int_equal(ssvc_ctx_new(&ctx, &o), SSVC_OK);
  ssvc_storage_backend mem, wrapped;
  assert_int_equal(ssvc_storage_memory_backend(ctx, &mem), SSVC_OK);
  storage_fault sf;
  storage_fault_wrap(&sf, &mem, &wrapped);
  ssvc_store *st;
  assert_int_equal(ssvc_store_open(ctx, &st, &wrapped), SSVC_OK);
  char id[SSVC_CASE_ID_SIZE];
  create_once(st, id, "ACME", "1");
  assert_int_equal(ssvc_store_begin(st), SSVC_OK);
  create_once(st, id, "ACME", "2");
  /* get agreement, scan the IMEI, get counter, get key, put counter, put record: the sixth
   * fails, after a write */
  storage_fault_arm(&sf, 6, 0);
  ssvc_case_spec s = spec_for("ACME", "Anna", "3");
  assert_int_equal(ssvc_case_create(st, id, &s), SSVC_ESTORAGE);
  storage_fault_arm(&sf, 0, 0);
  assert_int_equal(ssvc_case_create(st, id, &s), SSVC_ESTATE);
  assert_string_equal(ssvc_ctx_errmsg(ctx),
                      "ssvc_case_create: the enclosing transaction failed; roll it back first");
  assert_int_equal(ssvc_store_commit(st), SSVC_ESTORAGE);
  assert_non_null(strstr(ssvc_ctx_errmsg(ctx), "everything was rolled back"));
  ssvc_case_stats stats = SSVC_CASE_STATS_INIT;
  assert_int_equal(ssvc_case_stats_get(st, NULL, &stats), SSVC_OK);
  assert_int_equal(stats.total, 1); /* only the case from before the group */
  /* The store works normally again. */
  create_once(st, id, "ACME", "4");
  assert_string_equal(id, "SC-2026-000002");
  ssvc_store_free(st);
  ssvc_ctx_free(ctx);
}

/* ---- Every operation under storage and allocation faults ---- */

static void *fx_setup(ssvc_store *st) {
  char id[SSVC_CASE_ID_SIZE];
  create_once(st, id, "ACME", "+46701");
  create_once(st, id, "ACME", "+46702");
  assert_int_equal(ssvc_case_transition(st, id, SSVC_CASE_DIAGNOSING, "a", "first"), SSVC_OK);
  create_once(st, id, "ACME", "+46701");
  return NULL;
}

static int op_create(ssvc_store *st, void *s) {
  (void)s;
  char id[SSVC_CASE_ID_SIZE];
  ssvc_case_spec spec = spec_for("ACME", "Anna", "+46701");
  return ssvc_case_create(st, id, &spec);
}
static int op_create_first(ssvc_store *st, void *s) { return op_create(st, s); }
static void *fx_agreement(ssvc_store *st) {
  fixture_agreement_once(st, "ACME", "PROF");
  return NULL;
}
static int op_load(ssvc_store *st, void *s) {
  (void)s;
  ssvc_case *c;
  int rc = ssvc_case_load(st, &c, "SC-2026-000002");
  ssvc_case_free(c);
  return rc;
}
static int op_transition(ssvc_store *st, void *s) {
  (void)s;
  return ssvc_case_transition(st, "SC-2026-000002", SSVC_CASE_RESOLVED, "a", "solved");
}
static int op_diagnosis(ssvc_store *st, void *s) {
  (void)s;
  return ssvc_case_set_diagnosis(st, "SC-2026-000002", 3, "transcript", "a");
}
static int op_note(ssvc_store *st, void *s) {
  (void)s;
  return ssvc_case_add_note(st, "SC-2026-000002", "a", "a note");
}
static int op_shipment(ssvc_store *st, void *s) {
  (void)s;
  ssvc_shipment sh = {SSVC_SHIPMENT_VERSION, SSVC_SHIPMENT_FAULTY, 0, "DHL", "1", 0};
  return ssvc_case_add_shipment(st, "SC-2026-000002", "a", &sh);
}
static int op_charge(ssvc_store *st, void *s) {
  (void)s;
  ssvc_case_charge ch = {SSVC_CASE_CHARGE_VERSION, 1, 100, "SEK", "freight"};
  return ssvc_case_add_charge(st, "SC-2026-000002", "a", &ch);
}
static int op_erase(ssvc_store *st, void *s) {
  (void)s;
  size_t n;
  return ssvc_case_erase_user(st, &n, "ACME", "+46701", "dpo");
}
static int count_cb(void *ud, const char *id) {
  (void)id;
  ++*(int *)ud;
  return 0;
}
static int op_lists(ssvc_store *st, void *s) {
  (void)s;
  int n = 0, rc;
  if ((rc = ssvc_case_list_all(st, count_cb, &n)) ||
      (rc = ssvc_case_list_open(st, count_cb, &n)) ||
      (rc = ssvc_case_list_state(st, SSVC_CASE_DIAGNOSING, count_cb, &n)) ||
      (rc = ssvc_case_list_customer(st, "ACME", INT64_MIN, INT64_MAX, count_cb, &n)))
    return rc;
  return n == 3 + 3 + 1 + 3 ? SSVC_OK : SSVC_EINTERNAL;
}
static int op_stats(ssvc_store *st, void *s) {
  (void)s;
  ssvc_case_stats stats = SSVC_CASE_STATS_INIT;
  return ssvc_case_stats_get(st, "ACME", &stats);
}
static int op_group(ssvc_store *st, void *s) {
  (void)s;
  int rc = ssvc_store_begin(st);
  if (rc) return rc;
  if ((rc = op_create(st, s)) || (rc = op_note(st, s)) || (rc = op_transition(st, s))) {
    ssvc_store_rollback(st);
    return rc;
  }
  return ssvc_store_commit(st);
}

static const struct store_op ops[] = {
    {"ssvc_case_create (first)", fx_agreement, op_create_first, NULL},
    {"ssvc_case_create", fx_setup, op_create, NULL},
    {"ssvc_case_load", fx_setup, op_load, NULL},
    {"ssvc_case_transition", fx_setup, op_transition, NULL},
    {"ssvc_case_set_diagnosis", fx_setup, op_diagnosis, NULL},
    {"ssvc_case_add_note", fx_setup, op_note, NULL},
    {"ssvc_case_add_shipment", fx_setup, op_shipment, NULL},
    {"ssvc_case_add_charge", fx_setup, op_charge, NULL},
    {"ssvc_case_erase_user", fx_setup, op_erase, NULL},
    {"ssvc_case_list_*", fx_setup, op_lists, NULL},
    {"ssvc_case_stats_get", fx_setup, op_stats, NULL},
    {"ssvc_store_begin/commit group", fx_setup, op_group, NULL},
};

static void every_storage_call_fails_cleanly(void **state) {
  (void)state;
  fault_every_op(ops, STORE_OPS_COUNT(ops), FAULT_STORAGE);
}

static void every_allocation_fails_cleanly(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
    if (ops[i].run == op_lists || ops[i].run == op_stats) {
      /* Listings and statistics allocate nothing: assert that, too. */
      assert_int_equal(fault_every_store_alloc(&ops[i]), 0);
      continue;
    }
    assert_true(fault_every_store_alloc(&ops[i]) > 0);
  }
}

/* The same operations on SQLite: a fresh database file for every run. */
static void every_storage_call_fails_cleanly_on_sqlite(void **state) {
  (void)state;
  fault_every_op_on_sqlite(ops, STORE_OPS_COUNT(ops), FAULT_STORAGE, SSVC_TEST_TMP,
                           "test_case");
}

/* The same operations on PostgreSQL (`test_case pg`, ctest unit.case.pg): a fresh schema for
 * every run. */
#include "pg_env.h"
static char pg_dsn[1024];

static void every_storage_call_fails_cleanly_on_pg(void **state) {
  (void)state;
  fresh_pg_begin(pg_dsn, "test_case");
  fault_every_op(ops, STORE_OPS_COUNT(ops), FAULT_STORAGE);
  fresh_store_end();
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "pg") == 0) {
    pg_test_require("unit.case.pg", pg_dsn, sizeof pg_dsn);
    const struct CMUnitTest pg_tests[] = {cmocka_unit_test(every_storage_call_fails_cleanly_on_pg)};
    return cmocka_run_group_tests_name("case on PostgreSQL", pg_tests, NULL, NULL);
  }
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(names_round_trip, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(create_and_load, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(create_rejects_bad_input, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(phone_dates_at_their_limits_are_taken, fixture_setup,
                                      fixture_teardown),
      cmocka_unit_test_setup_teardown(import_refuses_implausible_phone_dates, fixture_setup,
                                      fixture_teardown),
      cmocka_unit_test_setup_teardown(load_errors, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(state_machine_flows, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(every_pair_follows_the_table, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(swap_needs_entitlement, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(explicit_instants, fixture_setup, fixture_teardown),
      cmocka_unit_test(changes_are_logged),
      cmocka_unit_test_setup_teardown(diagnosis_notes_shipments_charges, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(listings, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(erasure_keeps_statistics, fixture_setup, fixture_teardown),
      cmocka_unit_test(newer_record_with_unknown_fields_loads),
      cmocka_unit_test(stats_of_damaged_records),
      cmocka_unit_test(listings_need_a_store),
      cmocka_unit_test_setup_teardown(import_checks_every_field, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(grouped_transactions, fixture_setup, fixture_teardown),
      cmocka_unit_test(failed_write_dooms_the_group),
      cmocka_unit_test(every_storage_call_fails_cleanly),
      cmocka_unit_test(every_allocation_fails_cleanly),
      cmocka_unit_test(every_storage_call_fails_cleanly_on_sqlite),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
