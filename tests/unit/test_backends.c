/* The backend matrix: the same module operations, with the same assertions, on the memory,
 * SQLite and PostgreSQL stores (`test_backends memory|sqlite|pg DIR`, ctest unit.backends.*).
 * A Support Center's story: an agreement and its change, a case through its states, the SWAP
 * stock received, a phone reserved, shipped and the faulty one returned, the listings, and the
 * month's invoice with the freight of the shipment. Values worked out by hand beside them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <smartservice.h>
#include <smartservice/pg.h>
#include <smartservice/sqlite.h>

#include "fixtures.h"
#include "fresh_store.h"
#include "pg_env.h"
#include "store_fault.h"

static const char *kind = "memory";
static char dir[4096], pg_dsn[1024], where[4200];

/* A fresh store of this kind on the fixture clock. */
static int setup(void **state) {
  struct fx *f = calloc(1, sizeof *f);
  assert_non_null(f);
  ssvc_ctx_options o = SSVC_CTX_OPTIONS_INIT;
  o.clock = fixture_clock;
  fixture_now = STORE_FAULT_NOW; /* Monday 2026-03-02 10:00 Stockholm */
  assert_int_equal(ssvc_ctx_new(&f->ctx, &o), SSVC_OK);
  int rc;
  if (strcmp(kind, "memory") == 0) {
    rc = ssvc_store_memory_new(f->ctx, &f->st);
  } else if (strcmp(kind, "sqlite") == 0) {
    snprintf(where, sizeof where, "%s/test_backends-%d.db", dir, (int)getpid());
    fresh_sqlite_remove(where);
    rc = ssvc_sqlite_open(f->ctx, &f->st, where, NULL);
  } else {
    snprintf(where, sizeof where, "backends_%d", (int)getpid());
    ssvc_pg_options po = SSVC_PG_OPTIONS_INIT;
    po.schema = where;
    rc = ssvc_pg_open(f->ctx, &f->st, pg_dsn, &po);
  }
  if (rc) fail_msg("opening a %s store: %s", kind, ssvc_ctx_errmsg(f->ctx));
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture_teardown(state);
  if (strcmp(kind, "sqlite") == 0) fresh_sqlite_remove(where);
  if (strcmp(kind, "pg") == 0) { /* drops the schema backends_PID */
    fresh_pg_begin(pg_dsn, "backends");
    fresh_store_end();
  }
  return 0;
}

static int collect(void *ud, const char *id) {
  char *list = ud;
  strcat(list, id);
  strcat(list, " ");
  return 0;
}

static void agreement_case_swap_and_invoice(void **state) {
  struct fx *f = *state;
  /* The agreement: PROF, 401 phones; then 420. R6: 8% of 401 = 32.08 -> 33; of 420 -> 34. */
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  s.customer_id = "ACME";
  s.customer_name = "ACME AB";
  s.tier_code = "PROF";
  s.fleet = 401;
  assert_int_equal(ssvc_agreement_create(f->st, &s, "lead"), SSVC_OK);
  ssvc_agreement *a = NULL;
  assert_int_equal(ssvc_agreement_load(f->st, &a, "ACME"), SSVC_OK);
  assert_int_equal(ssvc_agreement_swap_level(a), 33);
  ssvc_agreement_free(a);
  s.fleet = 420;
  assert_int_equal(ssvc_agreement_update(f->st, &s, 0, "lead"), SSVC_OK);
  assert_int_equal(ssvc_agreement_load(f->st, &a, "ACME"), SSVC_OK);
  assert_int_equal(ssvc_agreement_swap_level(a), 34);
  ssvc_agreement_free(a);
  assert_int_equal(ssvc_agreement_create(f->st, &s, "lead"), SSVC_EEXISTS);

  /* Two phones into the stock. */
  char served[SSVC_CASE_ID_SIZE] = "x";
  assert_int_equal(ssvc_swap_receive(f->st, "ACME", fixture_imei(1), "Fairphone 5", "lead",
                                     served), SSVC_OK);
  assert_string_equal(served, "");
  assert_int_equal(ssvc_swap_receive(f->st, "ACME", fixture_imei(2), "Fairphone 5", "lead",
                                     NULL), SSVC_OK);

  /* A case: registered, diagnosed, swap requested. */
  char id[SSVC_CASE_ID_SIZE];
  ssvc_case_spec c = SSVC_CASE_SPEC_INIT;
  c.customer_id = "ACME";
  c.user_name = "Anna Andersson";
  c.imei = fixture_imei(500);
  c.model = "Fairphone 5";
  c.tier_code = "PROF";
  c.features = SSVC_FEATURE_ALL;
  c.actor = "agent";
  assert_int_equal(ssvc_case_create(f->st, id, &c), SSVC_OK);
  assert_string_equal(id, "SC-2026-000001");
  assert_int_equal(ssvc_case_transition(f->st, id, SSVC_CASE_DIAGNOSING, "agent", NULL), 0);
  assert_int_equal(ssvc_case_set_diagnosis(f->st, id, SSVC_CASE_OUTCOME_DEFINITE_FAULT, "t",
                                           "agent"), SSVC_OK);

  /* Reserved and shipped on Monday at 10:00, before 14:00 (R7): delivered Tuesday 2026-03-03;
   * the faulty phone due back 10 working days later, Tuesday 2026-03-17. */
  ssvc_order o = SSVC_ORDER_INIT;
  assert_int_equal(ssvc_swap_reserve(f->st, &o, id, NULL, "agent"), SSVC_OK);
  assert_int_equal(o.state, SSVC_ORDER_RESERVED);
  assert_string_equal(o.imei, fixture_imei(1)); /* the first phone received */
  assert_int_equal(ssvc_swap_ship(f->st, &o, id, "PostNord", "PN1", "agent"), SSVC_OK);
  assert_int_equal(o.state, SSVC_ORDER_SHIPPED);
  assert_int_equal(o.delivery.year, 2026);
  assert_int_equal(o.delivery.month, 3);
  assert_int_equal(o.delivery.day, 3);
  assert_int_equal(o.return_deadline.month, 3);
  assert_int_equal(o.return_deadline.day, 17);
  assert_int_equal(ssvc_swap_faulty_returned(f->st, id, "agent"), SSVC_OK);
  ssvc_case *cs = NULL;
  assert_int_equal(ssvc_case_load(f->st, &cs, id), SSVC_OK);
  ssvc_case_info ci;
  memset(&ci, 0, sizeof ci);
  ci.version = SSVC_CASE_INFO_VERSION;
  assert_int_equal(ssvc_case_info_get(cs, &ci), SSVC_OK);
  assert_int_equal(ci.state, SSVC_CASE_IN_REPAIR); /* returned, and on to the workshop */
  assert_int_equal(ci.shipment_count, 1); /* the replacement out */
  assert_int_equal(ci.charge_count, 2);   /* its freight and its packaging (R8) */
  ssvc_case_free(cs);
  /* A phone in repair cannot be closed before it is repaired. */
  assert_int_equal(ssvc_case_transition(f->st, id, SSVC_CASE_CLOSED, "agent", NULL),
                   SSVC_ESTATE);

  /* The listings agree. */
  char list[256] = "";
  assert_int_equal(ssvc_case_list_customer(f->st, "ACME", INT64_MIN, INT64_MAX, collect, list),
                   SSVC_OK);
  assert_string_equal(list, "SC-2026-000001 ");
  ssvc_case_stats st = SSVC_CASE_STATS_INIT;
  assert_int_equal(ssvc_case_stats_get(f->st, "ACME", &st), SSVC_OK);
  assert_int_equal(st.total, 1);

  /* April's invoice: 420 PROF users x 39.00 = 16380.00, and March's one shipment in arrears:
   * freight 89.00 and packaging 25.00, so 16494.00 before VAT, 20617.50 with 25%. */
  fixture_now = INT64_C(1775023200); /* 2026-04-01 08:00 Stockholm (06:00Z) */
  ssvc_catalog *cat = NULL;
  ssvc_pricelist *pl = NULL;
  assert_int_equal(ssvc_catalog_new(f->ctx, &cat), SSVC_OK);
  assert_int_equal(ssvc_pricelist_new(f->ctx, &pl, cat), SSVC_OK);
  ssvc_party seller = SSVC_PARTY_INIT;
  seller.name = "Support Center AB";
  seller.org_number = "556036-0793";
  seller.vat_number = "SE556036079301";
  seller.city = "Stockholm";
  ssvc_invoice_run_spec r = SSVC_INVOICE_RUN_SPEC_INIT;
  r.customer_id = "ACME";
  r.year = 2026;
  r.month = 4;
  r.pricelist = pl;
  r.seller = &seller;
  r.buyer = fixture_buyer(); /* an agreement made without a buyer identity */
  ssvc_invoice *svc = NULL, *dirinv = NULL;
  if (ssvc_invoice_run(f->st, &svc, &dirinv, &r)) fail_msg("%s", ssvc_ctx_errmsg(f->ctx));
  ssvc_invoice_totals t = SSVC_INVOICE_TOTALS_INIT;
  assert_int_equal(ssvc_invoice_get_totals(svc, &t), SSVC_OK);
  assert_int_equal(t.line_extension, 1649400);
  assert_int_equal(t.payable, 2061750);
  assert_null(dirinv); /* nothing billed directly */
  ssvc_invoice_free(svc);
  ssvc_pricelist_free(pl);
  ssvc_catalog_free(cat);
}

/* The change feed (doc/storage.md): entries as "position kind op id", in position order. */
static int feed_text(void *ud, const ssvc_change *c) {
  char *out = ud;
  assert_int_equal(c->version, SSVC_CHANGE_VERSION);
  assert_int_equal(c->instant, fixture_now);
  size_t n = strlen(out);
  snprintf(out + n, 2048 - n, "%llu %s %s %s\n", (unsigned long long)c->position,
           ssvc_change_kind_name(c->kind), ssvc_change_op_name(c->op), c->id);
  return 0;
}

static void change_feed(void **state) {
  struct fx *f = *state;
  char text[2048] = "";
  uint64_t last = 99;
  assert_int_equal(ssvc_changes_last(f->st, &last), SSVC_OK);
  assert_int_equal(last, 0);
  /* A rolled-back transaction leaves no entry and does not move the counter. */
  assert_int_equal(ssvc_store_begin(f->st), SSVC_OK);
  fixture_agreement(f->st, "ACME", "PROF", 100, 0, 0);
  assert_int_equal(ssvc_store_rollback(f->st), SSVC_OK);
  assert_int_equal(ssvc_changes_read(f->st, 0, feed_text, text), SSVC_OK);
  assert_string_equal(text, "");
  /* Committed: one entry per changed record, the indexes and counters not followed; a
   * transaction that writes a record twice gives it one entry. */
  fixture_agreement(f->st, "ACME", "PROF", 100, 0, 0);
  char id[SSVC_CASE_ID_SIZE];
  assert_int_equal(ssvc_store_begin(f->st), SSVC_OK);
  fixture_case(f->st, id, "ACME", "PROF", fixture_imei(1));
  assert_int_equal(ssvc_case_transition(f->st, id, SSVC_CASE_DIAGNOSING, "agent", NULL),
                   SSVC_OK);
  assert_int_equal(ssvc_store_commit(f->st), SSVC_OK);
  ssvc_charge ac = SSVC_CHARGE_INIT;
  ac.kind = SSVC_CHARGE_PACKAGING;
  ac.quantity = 1;
  ac.unit_price_minor = 2500;
  ac.date = (ssvc_date){2026, 3, 2};
  ac.text_sv = "Emballage";
  assert_int_equal(ssvc_charges_record(f->st, NULL, "ACME", &ac, "lead"), SSVC_OK);
  assert_int_equal(ssvc_changes_read(f->st, 0, feed_text, text), SSVC_OK);
  char want[512];
  snprintf(want, sizeof want, "1 agreement put ACME\n2 case put %s\n3 charge put ACME/0\n", id);
  assert_string_equal(text, want);
  /* From any position; the callback's nonzero return stops the read. */
  text[0] = 0;
  assert_int_equal(ssvc_changes_read(f->st, 2, feed_text, text), SSVC_OK);
  assert_string_equal(text, "3 charge put ACME/0\n");
  /* Pruned: the rest reads on, and positions go on from the last one. */
  uint64_t removed = 0;
  assert_int_equal(ssvc_changes_prune(f->st, 3, &removed), SSVC_OK);
  assert_int_equal(removed, 2);
  text[0] = 0;
  assert_int_equal(ssvc_changes_read(f->st, 0, feed_text, text), SSVC_OK);
  assert_string_equal(text, "3 charge put ACME/0\n");
  assert_int_equal(ssvc_case_transition(f->st, id, SSVC_CASE_CANCELLED, "agent", NULL), SSVC_OK);
  assert_int_equal(ssvc_changes_last(f->st, &last), SSVC_OK);
  assert_int_equal(last, 4);
  assert_int_equal(ssvc_changes_read(f->st, 0, NULL, NULL), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "ssvc_changes_read: fn must not be NULL");
}

/* Operations that append to the change feed or prune it, under a failure at every storage call
 * (on this kind of store) and at every allocation (memory): the error comes back and the store,
 * the feed's counter and entries included, is as it was (store_fault.h compares whole dumps). */
static void *feed_setup(ssvc_store *st) {
  static char id[SSVC_CASE_ID_SIZE];
  fixture_agreement(st, "ACME", "PROF", 100, 0, 0);
  fixture_case(st, id, "ACME", "PROF", fixture_imei(1));
  return id;
}

static int feed_first_append(ssvc_store *st, void *state) {
  (void)state;
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  s.customer_id = "ACME";
  s.customer_name = "ACME AB";
  s.tier_code = "PROF";
  s.fleet = 100;
  return ssvc_agreement_create(st, &s, "lead");
}

static int feed_next_append(ssvc_store *st, void *state) {
  return ssvc_case_transition(st, state, SSVC_CASE_DIAGNOSING, "agent", NULL);
}

static int feed_prune(ssvc_store *st, void *state) {
  (void)state;
  return ssvc_changes_prune(st, 2, NULL);
}

static void change_feed_faults(void **state) {
  (void)state;
  static const struct store_op ops[] = {
      {"ssvc_agreement_create (the feed's first entry)", NULL, feed_first_append, NULL},
      {"ssvc_case_transition (an entry after others)", feed_setup, feed_next_append, NULL},
      {"ssvc_changes_prune", feed_setup, feed_prune, NULL},
  };
  if (strcmp(kind, "sqlite") == 0) fresh_sqlite_begin(dir, "test_backends_feed");
  if (strcmp(kind, "pg") == 0) fresh_pg_begin(pg_dsn, "backends_feed");
  fault_every_op(ops, STORE_OPS_COUNT(ops),
                 strcmp(kind, "memory") == 0 ? FAULT_BOTH : FAULT_STORAGE);
  if (strcmp(kind, "memory") != 0) fresh_store_end();
}

int main(int argc, char **argv) {
  if (argc > 1) kind = argv[1];
  snprintf(dir, sizeof dir, "%s", argc > 2 ? argv[2] : ".");
  if (strcmp(kind, "memory") != 0 && strcmp(kind, "sqlite") != 0 && strcmp(kind, "pg") != 0) {
    fprintf(stderr, "usage: test_backends memory|sqlite|pg [DIR]\n");
    return 2;
  }
  if (strcmp(kind, "pg") == 0) pg_test_require("unit.backends.pg", pg_dsn, sizeof pg_dsn);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(agreement_case_swap_and_invoice, setup, teardown),
      cmocka_unit_test_setup_teardown(change_feed, setup, teardown),
      cmocka_unit_test(change_feed_faults),
  };
  char name[64];
  snprintf(name, sizeof name, "backend matrix (%s)", kind);
  return _cmocka_run_group_tests(name, tests, sizeof tests / sizeof tests[0], NULL, NULL);
}
