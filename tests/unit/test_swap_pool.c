/* swap pool: units, reservation, backorders, the swap and loan flows under both routings, every
 * refused step, entitlement, refill advice, overdue returns, and every operation under storage
 * and allocation faults. */
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

#define USER_IMEI "490154203237518"
#define FP5 "Fairphone 5"

static void agreement(ssvc_store *st, const char *customer, const char *tier, int replacement,
                      int repaired_to) {
  fixture_agreement(st, customer, tier, 400, replacement, repaired_to);
}

/* A case of @p customer on @p tier for the phone @p phone in state diagnosing; its id into @p id. */
static void new_case_for(ssvc_store *st, char *id, const char *customer, const char *tier,
                         const char *phone) {
  fixture_case(st, id, customer, tier, phone);
  assert_int_equal(ssvc_case_transition(st, id, SSVC_CASE_DIAGNOSING, "agent", NULL), SSVC_OK);
}

/* A case of @p customer in state diagnosing; its id into @p id. The user's phone is USER_IMEI,
 * or a phone of its own while USER_IMEI has an open case (one open case per phone). */
static void new_case(ssvc_store *st, char *id, const char *customer, const char *tier) {
  static int phones;
  ssvc_case_spec s = SSVC_CASE_SPEC_INIT;
  s.customer_id = customer;
  s.user_name = "Anna";
  s.user_phone = "+46701";
  s.imei = USER_IMEI;
  s.model = "Fairphone 5";
  s.tier_code = tier;
  s.actor = "agent";
  int rc = ssvc_case_create(st, id, &s);
  if (rc == SSVC_EEXISTS) {
    s.imei = fixture_imei(800000 + phones++ % 1000);
    rc = ssvc_case_create(st, id, &s);
  }
  assert_int_equal(rc, SSVC_OK);
  assert_int_equal(ssvc_case_transition(st, id, SSVC_CASE_DIAGNOSING, "agent", NULL), SSVC_OK);
}


static int unit_state(struct fx *f, const char *customer, const char *im) {
  ssvc_unit u = SSVC_UNIT_INIT;
  int rc = ssvc_swap_unit_get(f->st, &u, customer, im);
  return rc ? rc : u.state;
}

static ssvc_order order_of(struct fx *f, const char *id) {
  ssvc_order o = SSVC_ORDER_INIT;
  assert_int_equal(ssvc_swap_order_get(f->st, &o, id), SSVC_OK);
  return o;
}

static ssvc_case_info case_info(struct fx *f, const char *id, ssvc_case **c) {
  assert_int_equal(ssvc_case_load(f->st, c, id), SSVC_OK);
  ssvc_case_info i;
  memset(&i, 0, sizeof i);
  i.version = SSVC_CASE_INFO_VERSION;
  assert_int_equal(ssvc_case_info_get(*c, &i), SSVC_OK);
  return i;
}

static int case_state(struct fx *f, const char *id) {
  ssvc_case *c;
  int s = case_info(f, id, &c).state;
  ssvc_case_free(c);
  return s;
}

static void names(void **state) {
  (void)state;
  ssvc_unit u;
  ssvc_order o;
  assert_int_equal(ssvc_unit_init(&u, SSVC_UNIT_VERSION), SSVC_OK);
  assert_int_equal(u.state, 0);
  assert_int_equal(ssvc_unit_init(&u, 2), SSVC_EVERSION);
  assert_int_equal(ssvc_order_init(&o, SSVC_ORDER_VERSION), SSVC_OK);
  assert_int_equal(ssvc_order_init(NULL, 1), SSVC_EINVAL);
  assert_string_equal(ssvc_unit_state_name(SSVC_UNIT_ON_LOAN), "on-loan");
  assert_string_equal(ssvc_unit_state_name(SSVC_UNIT_WITH_USER), "with-user");
  assert_string_equal(ssvc_unit_state_name(SSVC_UNIT_RETIRED), "retired");
  assert_null(ssvc_unit_state_name(0));
  assert_null(ssvc_unit_state_name(8));
  assert_string_equal(ssvc_order_state_name(SSVC_ORDER_BACKORDERED), "backordered");
  assert_string_equal(ssvc_order_state_name(SSVC_ORDER_LOAN_OUT), "loan-out");
  assert_null(ssvc_order_state_name(8));
}

static int list_units(void *ud, const ssvc_unit *u) {
  char *buf = ud;
  strcat(buf, u->imei + 11);
  strcat(buf, ":");
  strcat(buf, ssvc_unit_state_name(u->state));
  strcat(buf, ";");
  return 0;
}

static void receive_and_list(void **state) {
  struct fx *f = *state;
  agreement(f->st, "ACME", "PROF", 0, 0);
  char served[SSVC_CASE_ID_SIZE] = "x";
  assert_int_equal(ssvc_swap_receive(f->st, "ACME", fixture_imei(2), FP5, "lead", served), SSVC_OK);
  assert_string_equal(served, "");
  assert_int_equal(ssvc_swap_receive(f->st, "ACME", fixture_imei(1), "Galaxy A15", "lead", NULL), SSVC_OK);
  ssvc_unit u = SSVC_UNIT_INIT;
  assert_int_equal(ssvc_swap_unit_get(f->st, &u, "ACME", fixture_imei(2)), SSVC_OK);
  assert_string_equal(u.customer_id, "ACME");
  assert_string_equal(u.model, FP5);
  assert_int_equal(u.state, SSVC_UNIT_AVAILABLE);
  assert_string_equal(u.case_id, "");
  assert_int_equal(u.received_at, STORE_FAULT_NOW);
  char buf[256] = "";
  assert_int_equal(ssvc_swap_unit_list(f->st, "ACME", list_units, buf), SSVC_OK);
  assert_string_equal(buf, "0013:available;0021:available;");
  /* Errors. */
  assert_int_equal(ssvc_swap_receive(f->st, "ACME", fixture_imei(2), FP5, "lead", NULL), SSVC_EEXISTS);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "ssvc_swap_receive: ACME already has a unit with "
                                               "IMEI 356938030000021 (available)");
  assert_int_equal(ssvc_swap_receive(f->st, "Nobody", fixture_imei(3), FP5, "lead", NULL), SSVC_ENOTFOUND);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx),
                      "ssvc_swap_receive: customer 'Nobody' has no agreement");
  assert_int_equal(ssvc_swap_receive(f->st, "ACME", "356938030000022", FP5, "lead", NULL),
                   SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "ssvc_swap_receive: imei: Luhn check digit is "
                                               "wrong (got '356938030000022')");
  assert_int_equal(ssvc_swap_receive(f->st, "ACME", "12", FP5, "lead", NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_swap_receive(f->st, "ACME", NULL, FP5, "lead", NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_swap_receive(f->st, "ACME", fixture_imei(3), "", "lead", NULL), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "ssvc_swap_receive: model: must be given");
  assert_int_equal(ssvc_swap_receive(f->st, "ACME", fixture_imei(3),
                                     "0123456789012345678901234567890123456789012345678901234567890123X",
                                     "lead", NULL),
                   SSVC_EINVAL);
  assert_int_equal(ssvc_swap_receive(f->st, "ACME", fixture_imei(3), FP5, NULL, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_swap_receive(f->st, NULL, fixture_imei(3), FP5, "a", NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_swap_receive(NULL, "ACME", fixture_imei(3), FP5, "a", NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_swap_unit_get(f->st, &u, "ACME", fixture_imei(3)), SSVC_ENOTFOUND);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx),
                      "ssvc_swap_unit_get: ACME has no unit with IMEI 356938030000039");
  u.version = 0;
  assert_int_equal(ssvc_swap_unit_get(f->st, &u, "ACME", fixture_imei(2)), SSVC_EVERSION);
  assert_int_equal(ssvc_swap_unit_get(f->st, NULL, "ACME", fixture_imei(2)), SSVC_EINVAL);
  assert_int_equal(ssvc_swap_unit_get(NULL, &u, "ACME", fixture_imei(2)), SSVC_EINVAL);
  assert_int_equal(ssvc_swap_unit_list(f->st, "ACME", NULL, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_swap_unit_list(f->st, NULL, list_units, buf), SSVC_EINVAL);
  assert_int_equal(ssvc_swap_unit_list(NULL, "ACME", list_units, buf), SSVC_EINVAL);
  /* Retire: only available or in-repair units. */
  assert_int_equal(ssvc_swap_retire(f->st, "ACME", fixture_imei(1), "lead", "screen burnt in"), SSVC_OK);
  assert_int_equal(unit_state(f, "ACME", fixture_imei(1)), SSVC_UNIT_RETIRED);
  assert_int_equal(ssvc_swap_retire(f->st, "ACME", fixture_imei(1), "lead", NULL), SSVC_ESTATE);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "ssvc_swap_retire: unit 356938030000013 is retired; "
                                               "only available or in-repair units can be retired");
  assert_int_equal(ssvc_swap_retire(f->st, "ACME", fixture_imei(9), "lead", NULL), SSVC_ENOTFOUND);
  assert_int_equal(ssvc_swap_retire(f->st, "ACME", fixture_imei(2), NULL, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_swap_retire(NULL, "ACME", fixture_imei(2), "a", NULL), SSVC_EINVAL);
  /* A retired unit is not reserved. */
  char id[SSVC_CASE_ID_SIZE];
  new_case(f->st, id, "ACME", "PROF");
  ssvc_order o = SSVC_ORDER_INIT;
  assert_int_equal(ssvc_swap_reserve(f->st, &o, id, "Galaxy A15", "agent"), SSVC_OK);
  assert_int_equal(o.state, SSVC_ORDER_BACKORDERED);
}

static void swap_flow_to_stock(void **state) {
  struct fx *f = *state;
  agreement(f->st, "ACME", "PROF", 0, 0);
  assert_int_equal(ssvc_swap_receive(f->st, "ACME", fixture_imei(1), FP5, "lead", NULL), SSVC_OK);
  assert_int_equal(ssvc_swap_receive(f->st, "ACME", fixture_imei(2), FP5, "lead", NULL), SSVC_OK);
  char id[SSVC_CASE_ID_SIZE];
  new_case(f->st, id, "ACME", "PROF");
  ssvc_order o = SSVC_ORDER_INIT;
  assert_int_equal(ssvc_swap_reserve(f->st, &o, id, NULL, "agent"), SSVC_OK);
  assert_int_equal(o.state, SSVC_ORDER_RESERVED);
  assert_string_equal(o.imei, fixture_imei(1)); /* the first by IMEI */
  assert_string_equal(o.user_imei, USER_IMEI);
  assert_string_equal(o.model, FP5);
  assert_string_equal(o.customer_id, "ACME");
  assert_int_equal(o.replacement, SSVC_REPLACEMENT_SWAP);
  assert_int_equal(o.repaired_to, SSVC_REPAIRED_TO_STOCK);
  assert_int_equal(o.requested_at, STORE_FAULT_NOW);
  assert_int_equal(o.reserved_at, STORE_FAULT_NOW);
  assert_int_equal(unit_state(f, "ACME", fixture_imei(1)), SSVC_UNIT_RESERVED);
  assert_int_equal(case_state(f, id), SSVC_CASE_SWAP_REQUESTED);
  ssvc_unit u = SSVC_UNIT_INIT;
  assert_int_equal(ssvc_swap_unit_get(f->st, &u, "ACME", fixture_imei(1)), SSVC_OK);
  assert_string_equal(u.case_id, id);
  /* Ship: registered Monday 10:00 before the cut-off: delivered Tuesday, faulty phone due ten
   * working days later. */
  fixture_now += 3600;
  assert_int_equal(ssvc_swap_ship(f->st, &o, id, "PostNord", "PN123", "agent"), SSVC_OK);
  assert_int_equal(o.state, SSVC_ORDER_SHIPPED);
  assert_int_equal(o.shipped_at, STORE_FAULT_NOW + 3600);
  assert_int_equal(o.delivery.year, 2026);
  assert_int_equal(o.delivery.month, 3);
  assert_int_equal(o.delivery.day, 3);
  assert_int_equal(o.return_deadline.day, 17);
  assert_int_equal(unit_state(f, "ACME", fixture_imei(1)), SSVC_UNIT_SHIPPED);
  ssvc_case *c;
  ssvc_case_info ci = case_info(f, id, &c);
  assert_int_equal(ci.state, SSVC_CASE_SHIPPED);
  assert_int_equal(ci.shipment_count, 1);
  assert_int_equal(ci.charge_count, 2);
  ssvc_shipment sh = SSVC_SHIPMENT_INIT;
  assert_int_equal(ssvc_case_shipment_at(c, 0, &sh), SSVC_OK);
  assert_int_equal(sh.kind, SSVC_SHIPMENT_REPLACEMENT);
  assert_string_equal(sh.carrier, "PostNord");
  assert_string_equal(sh.tracking, "PN123");
  assert_int_equal(sh.freight_minor, SSVC_FREIGHT_DEFAULT_MINOR + SSVC_PACKAGING_DEFAULT_MINOR);
  ssvc_case_charge ch = SSVC_CASE_CHARGE_INIT;
  assert_int_equal(ssvc_case_charge_at(c, 0, &ch), SSVC_OK);
  assert_int_equal(ch.kind, SSVC_CHARGE_FREIGHT);
  assert_int_equal(ch.amount_minor, SSVC_FREIGHT_DEFAULT_MINOR);
  assert_string_equal(ch.text, "freight: swap phone");
  assert_int_equal(ssvc_case_charge_at(c, 1, &ch), SSVC_OK);
  assert_int_equal(ch.kind, SSVC_CHARGE_PACKAGING);
  assert_int_equal(ch.amount_minor, SSVC_PACKAGING_DEFAULT_MINOR);
  ssvc_case_event e = SSVC_CASE_EVENT_INIT;
  assert_int_equal(ssvc_case_event_at(c, ci.event_count - 1, &e), SSVC_OK);
  assert_string_equal(e.note,
                      "unit 356938030000013, delivery 2026-03-03, faulty phone due 2026-03-17");
  ssvc_case_free(c);
  /* The faulty phone comes back: the user keeps the swap phone; the faulty one joins the pool
   * for repair. */
  assert_int_equal(ssvc_swap_faulty_returned(f->st, id, "agent"), SSVC_OK);
  assert_int_equal(unit_state(f, "ACME", fixture_imei(1)), SSVC_UNIT_WITH_USER);
  assert_int_equal(unit_state(f, "ACME", USER_IMEI), SSVC_UNIT_IN_REPAIR);
  assert_int_equal(case_state(f, id), SSVC_CASE_IN_REPAIR);
  assert_int_equal(order_of(f, id).state, SSVC_ORDER_IN_REPAIR);
  /* Repaired: into the stock, the case is closed. */
  assert_int_equal(ssvc_swap_repaired(f->st, id, "agent"), SSVC_OK);
  assert_int_equal(unit_state(f, "ACME", USER_IMEI), SSVC_UNIT_AVAILABLE);
  assert_int_equal(case_state(f, id), SSVC_CASE_CLOSED);
  assert_int_equal(order_of(f, id).state, SSVC_ORDER_DONE);
  char buf[256] = "";
  assert_int_equal(ssvc_swap_unit_list(f->st, "ACME", list_units, buf), SSVC_OK);
  assert_string_equal(buf, "0013:with-user;0021:available;7518:available;");
  /* Every refused step afterwards. */
  assert_int_equal(ssvc_swap_repaired(f->st, id, "agent"), SSVC_ESTATE);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx),
                      "ssvc_swap_repaired: SC-2026-000001: the order is done (needs in-repair)");
  assert_int_equal(ssvc_swap_ship(f->st, NULL, id, NULL, NULL, "agent"), SSVC_ESTATE);
  assert_int_equal(ssvc_swap_faulty_returned(f->st, id, "agent"), SSVC_ESTATE);
  assert_int_equal(ssvc_swap_loan_returned(f->st, id, "agent"), SSVC_ESTATE);
  assert_int_equal(ssvc_swap_cancel(f->st, id, "agent"), SSVC_ESTATE);
  assert_int_equal(ssvc_swap_reserve(f->st, NULL, id, NULL, "agent"), SSVC_ESTATE);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "ssvc_swap_reserve: SC-2026-000001: cannot request "
                                               "a swap or loan in state closed (diagnosing or "
                                               "referred)");
  /* The user's phone, now a pool unit, breaks again later under a new case: when it is
   * returned it is the same unit, back in repair. */
  char id2[SSVC_CASE_ID_SIZE];
  new_case(f->st, id2, "ACME", "PROF");
  assert_int_equal(ssvc_swap_reserve(f->st, &o, id2, NULL, "agent"), SSVC_OK);
  assert_string_equal(o.imei, fixture_imei(2));
  assert_int_equal(ssvc_swap_ship(f->st, &o, id2, NULL, NULL, "agent"), SSVC_OK);
  /* The swap phone the first user kept (with-user) breaks in its turn: it comes back into the
   * pool for repair, and repaired it is a spare again. */
  char id3[SSVC_CASE_ID_SIZE];
  assert_int_equal(ssvc_swap_receive(f->st, "ACME", fixture_imei(3), FP5, "lead", NULL), SSVC_OK);
  new_case_for(f->st, id3, "ACME", "PROF", fixture_imei(1));
  assert_int_equal(ssvc_swap_reserve(f->st, &o, id3, NULL, "agent"), SSVC_OK);
  assert_string_equal(o.imei, fixture_imei(3));
  assert_int_equal(ssvc_swap_ship(f->st, NULL, id3, NULL, NULL, "agent"), SSVC_OK);
  assert_int_equal(ssvc_swap_faulty_returned(f->st, id3, "agent"), SSVC_OK);
  assert_int_equal(ssvc_swap_unit_get(f->st, &u, "ACME", fixture_imei(1)), SSVC_OK);
  assert_int_equal(u.state, SSVC_UNIT_IN_REPAIR);
  assert_string_equal(u.case_id, id3);
  assert_int_equal(u.received_at, STORE_FAULT_NOW); /* the same unit as before */
  assert_int_equal(ssvc_swap_repaired(f->st, id3, "agent"), SSVC_OK);
  assert_int_equal(unit_state(f, "ACME", fixture_imei(1)), SSVC_UNIT_AVAILABLE);
  /* Its user phone (USER_IMEI) is an available unit: returning it is refused. */
  assert_int_equal(ssvc_swap_faulty_returned(f->st, id2, "agent"), SSVC_EEXISTS);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx),
                      "ssvc_swap_faulty_returned: SC-2026-000002: the faulty phone "
                      "490154203237518 is already in the stock (available)");
  assert_int_equal(case_state(f, id2), SSVC_CASE_SHIPPED); /* nothing changed */
}

static void swap_flow_to_user(void **state) {
  struct fx *f = *state;
  agreement(f->st, "ACME", "PROF", SSVC_REPLACEMENT_SWAP, SSVC_REPAIRED_TO_USER);
  assert_int_equal(ssvc_swap_receive(f->st, "ACME", fixture_imei(1), FP5, "lead", NULL), SSVC_OK);
  char id[SSVC_CASE_ID_SIZE];
  new_case(f->st, id, "ACME", "PROF");
  assert_int_equal(ssvc_swap_reserve(f->st, NULL, id, FP5, "agent"), SSVC_OK);
  assert_int_equal(ssvc_swap_ship(f->st, NULL, id, NULL, NULL, "agent"), SSVC_OK);
  assert_int_equal(ssvc_swap_faulty_returned(f->st, id, "agent"), SSVC_OK);
  assert_int_equal(unit_state(f, "ACME", fixture_imei(1)), SSVC_UNIT_WITH_USER);
  assert_int_equal(unit_state(f, "ACME", USER_IMEI), SSVC_ENOTFOUND); /* not the pool's */
  assert_int_equal(ssvc_swap_repaired(f->st, id, "agent"), SSVC_OK);
  assert_int_equal(unit_state(f, "ACME", USER_IMEI), SSVC_ENOTFOUND);
  ssvc_case *c;
  ssvc_case_info ci = case_info(f, id, &c);
  assert_int_equal(ci.state, SSVC_CASE_CLOSED);
  assert_int_equal(ci.shipment_count, 2);
  assert_int_equal(ci.charge_count, 4);
  ssvc_shipment sh = SSVC_SHIPMENT_INIT;
  assert_int_equal(ssvc_case_shipment_at(c, 1, &sh), SSVC_OK);
  assert_int_equal(sh.kind, SSVC_SHIPMENT_RETURN);
  ssvc_case_charge ch = SSVC_CASE_CHARGE_INIT;
  assert_int_equal(ssvc_case_charge_at(c, 2, &ch), SSVC_OK);
  assert_string_equal(ch.text, "freight: repaired phone back to the user");
  ssvc_case_free(c);
  assert_int_equal(order_of(f, id).state, SSVC_ORDER_DONE);
}

static void loan_flow(void **state) {
  struct fx *f = *state;
  agreement(f->st, "ACME", "PROF", SSVC_REPLACEMENT_LOAN, 0);
  assert_int_equal(ssvc_swap_receive(f->st, "ACME", fixture_imei(1), FP5, "lead", NULL), SSVC_OK);
  char id[SSVC_CASE_ID_SIZE];
  new_case(f->st, id, "ACME", "PROF");
  ssvc_order o = SSVC_ORDER_INIT;
  assert_int_equal(ssvc_swap_reserve(f->st, &o, id, NULL, "agent"), SSVC_OK);
  assert_int_equal(o.replacement, SSVC_REPLACEMENT_LOAN);
  assert_int_equal(ssvc_swap_loan_returned(f->st, id, "agent"), SSVC_ESTATE);
  assert_int_equal(ssvc_swap_ship(f->st, NULL, id, NULL, NULL, "agent"), SSVC_OK);
  assert_int_equal(ssvc_swap_faulty_returned(f->st, id, "agent"), SSVC_OK);
  assert_int_equal(unit_state(f, "ACME", fixture_imei(1)), SSVC_UNIT_ON_LOAN);
  assert_int_equal(unit_state(f, "ACME", USER_IMEI), SSVC_ENOTFOUND);
  assert_int_equal(ssvc_swap_loan_returned(f->st, id, "agent"), SSVC_ESTATE);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "ssvc_swap_loan_returned: SC-2026-000001: the order "
                                               "is in-repair (needs loan-out)");
  assert_int_equal(ssvc_swap_repaired(f->st, id, "agent"), SSVC_OK);
  assert_int_equal(order_of(f, id).state, SSVC_ORDER_LOAN_OUT);
  assert_int_equal(case_state(f, id), SSVC_CASE_REPAIRED);
  assert_int_equal(ssvc_swap_loan_returned(f->st, id, "agent"), SSVC_OK);
  assert_int_equal(unit_state(f, "ACME", fixture_imei(1)), SSVC_UNIT_AVAILABLE);
  assert_int_equal(case_state(f, id), SSVC_CASE_CLOSED);
  assert_int_equal(order_of(f, id).state, SSVC_ORDER_DONE);
  /* The phone is on the shelf again: the next case gets it. */
  char id2[SSVC_CASE_ID_SIZE];
  new_case(f->st, id2, "ACME", "PROF");
  assert_int_equal(ssvc_swap_reserve(f->st, &o, id2, NULL, "agent"), SSVC_OK);
  assert_string_equal(o.imei, fixture_imei(1));
}

static void entitlement_and_refusals(void **state) {
  struct fx *f = *state;
  agreement(f->st, "Bygg", "BAS", 0, 0);
  agreement(f->st, "ACME", "PROF", 0, 0);
  /* A stock of its own needs SWAP administration: BAS has none, so no phone, advice or request. */
  assert_int_equal(ssvc_swap_receive(f->st, "Bygg", fixture_imei(1), FP5, "lead", NULL),
                   SSVC_ENOTENTITLED);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "ssvc_swap_receive: tier BAS of customer Bygg does "
                                               "not include SWAP administration");
  assert_int_equal(unit_state(f, "Bygg", fixture_imei(1)), SSVC_ENOTFOUND);
  uint32_t total = 99, number = 99;
  assert_int_equal(ssvc_swap_advise(f->st, "Bygg", &total, NULL, NULL), SSVC_ENOTENTITLED);
  assert_int_equal(ssvc_swap_refill_request(f->st, &number, &total, "Bygg", "lead"),
                   SSVC_ENOTENTITLED);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "does not include SWAP administration"));
  assert_int_equal(number, 99);
  assert_int_equal(ssvc_swap_receive(f->st, "ACME", fixture_imei(2), FP5, "lead", NULL), SSVC_OK);
  char id[SSVC_CASE_ID_SIZE];
  new_case(f->st, id, "Bygg", "BAS");
  assert_int_equal(ssvc_swap_reserve(f->st, NULL, id, NULL, "agent"), SSVC_ENOTENTITLED);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "ssvc_swap_reserve: SC-2026-000001: tier BAS of "
                                               "customer Bygg does not include SWAP activation");
  assert_int_equal(case_state(f, id), SSVC_CASE_DIAGNOSING);
  /* A case cannot disagree with its agreement: a BAS case of a PROF customer, or a case of a
   * customer without one, is never registered (test_case), so the pool never sees one. */
  ssvc_case_spec bad_spec = SSVC_CASE_SPEC_INIT;
  bad_spec.customer_id = "ACME";
  bad_spec.user_name = "Anna";
  bad_spec.imei = fixture_imei(3);
  bad_spec.model = FP5;
  bad_spec.tier_code = "BAS";
  bad_spec.actor = "agent";
  assert_int_equal(ssvc_case_create(f->st, id, &bad_spec), SSVC_EINVAL);
  bad_spec.customer_id = "Nobody";
  bad_spec.tier_code = NULL;
  assert_int_equal(ssvc_case_create(f->st, id, &bad_spec), SSVC_ENOTFOUND);
  /* Unknown case, bad ids and arguments. */
  assert_int_equal(ssvc_swap_reserve(f->st, NULL, "SC-2026-000099", NULL, "agent"),
                   SSVC_ENOTFOUND);
  assert_int_equal(ssvc_swap_reserve(f->st, NULL, "X-1", NULL, "agent"), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx),
                      "ssvc_swap_reserve: case_id: not a case id like SC-2026-000123 (got 'X-1')");
  assert_int_equal(ssvc_swap_reserve(f->st, NULL, NULL, NULL, "agent"), SSVC_EINVAL);
  assert_int_equal(ssvc_swap_reserve(f->st, NULL, "SC-2026-000001", NULL, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_swap_reserve(NULL, NULL, "SC-2026-000001", NULL, "a"), SSVC_EINVAL);
  ssvc_order bad = SSVC_ORDER_INIT;
  bad.version = 0;
  assert_int_equal(ssvc_swap_reserve(f->st, &bad, "SC-2026-000001", NULL, "a"), SSVC_EVERSION);
  /* A registered case cannot get a phone yet; a case gets one order only. */
  ssvc_case_spec s = SSVC_CASE_SPEC_INIT;
  s.customer_id = "ACME";
  s.user_name = "Bo";
  s.imei = USER_IMEI;
  s.model = FP5;
  s.tier_code = "PROF";
  s.features = 0x7F;
  s.actor = "a";
  assert_int_equal(ssvc_case_create(f->st, id, &s), SSVC_OK);
  assert_int_equal(ssvc_swap_reserve(f->st, NULL, id, NULL, "agent"), SSVC_ESTATE);
  assert_int_equal(ssvc_case_transition(f->st, id, SSVC_CASE_REFERRED, "a", NULL), SSVC_OK);
  assert_int_equal(ssvc_swap_reserve(f->st, NULL, id, NULL, "agent"), SSVC_OK); /* referred: ok */
  assert_int_equal(unit_state(f, "ACME", fixture_imei(2)), SSVC_UNIT_RESERVED);
  assert_int_equal(ssvc_swap_retire(f->st, "ACME", fixture_imei(2), "lead", NULL), SSVC_ESTATE);
  /* Steps out of order. */
  char id2[SSVC_CASE_ID_SIZE];
  new_case(f->st, id2, "ACME", "PROF");
  assert_int_equal(ssvc_swap_ship(f->st, NULL, id2, NULL, NULL, "agent"), SSVC_ENOTFOUND);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "ssvc_swap_ship: SC-2026-000003: no swap or loan was "
                                               "requested for the case");
  assert_int_equal(ssvc_swap_faulty_returned(f->st, id, "agent"), SSVC_ESTATE);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "ssvc_swap_faulty_returned: SC-2026-000002: the "
                                               "order is reserved (needs shipped)");
  assert_int_equal(ssvc_swap_repaired(f->st, id, "agent"), SSVC_ESTATE);
  assert_int_equal(ssvc_swap_ship(f->st, NULL, id, "x\ny", NULL, "agent"), SSVC_EINVAL);
  assert_int_equal(ssvc_swap_order_get(f->st, NULL, id), SSVC_EINVAL);
  ssvc_order o = SSVC_ORDER_INIT;
  o.version = 0;
  assert_int_equal(ssvc_swap_order_get(f->st, &o, id), SSVC_EVERSION);
  o.version = SSVC_ORDER_VERSION;
  assert_int_equal(ssvc_swap_order_get(f->st, &o, id2), SSVC_ENOTFOUND);
  assert_int_equal(ssvc_swap_order_get(NULL, &o, id2), SSVC_EINVAL);
  /* Cancel a reserved order: the unit goes back; the case is cancelled. */
  assert_int_equal(ssvc_swap_cancel(f->st, id, "agent"), SSVC_OK);
  assert_int_equal(unit_state(f, "ACME", fixture_imei(2)), SSVC_UNIT_AVAILABLE);
  assert_int_equal(case_state(f, id), SSVC_CASE_CANCELLED);
  assert_int_equal(order_of(f, id).state, SSVC_ORDER_CANCELLED);
  assert_int_equal(ssvc_swap_cancel(f->st, id, "agent"), SSVC_ESTATE);
  /* Every other public function with a NULL store. */
  assert_int_equal(ssvc_swap_ship(NULL, NULL, id, NULL, NULL, "a"), SSVC_EINVAL);
  assert_int_equal(ssvc_swap_faulty_returned(NULL, id, "a"), SSVC_EINVAL);
  assert_int_equal(ssvc_swap_repaired(NULL, id, "a"), SSVC_EINVAL);
  assert_int_equal(ssvc_swap_loan_returned(NULL, id, "a"), SSVC_EINVAL);
  assert_int_equal(ssvc_swap_cancel(NULL, id, "a"), SSVC_EINVAL);
  assert_int_equal(ssvc_swap_faulty_returned(f->st, id, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_swap_repaired(f->st, NULL, "a"), SSVC_EINVAL);
  assert_int_equal(ssvc_swap_loan_returned(f->st, "", "a"), SSVC_EINVAL);
  assert_int_equal(ssvc_swap_cancel(f->st, id, ""), SSVC_EINVAL);
}

static int list_orders(void *ud, const ssvc_order *o) {
  char *buf = ud;
  strcat(buf, o->case_id + 8);
  strcat(buf, ":");
  strcat(buf, ssvc_order_state_name(o->state));
  strcat(buf, ";");
  return 0;
}

struct lines {
  char text[512];
};

static int list_lines(void *ud, const ssvc_refill_line *l) {
  struct lines *out = ud;
  char line[128];
  snprintf(line, sizeof line, "%s %u/%u b%u +%u;", *l->model ? l->model : "*", l->available,
           l->target, l->backorders, l->recommended);
  strcat(out->text, line);
  return 0;
}

static void backorders_and_refill(void **state) {
  struct fx *f = *state;
  ssvc_agreement_model models[] = {{"Galaxy A15", SSVC_AGREEMENT_NO_OVERRIDE, 2}};
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  s.customer_id = "ACME";
  s.customer_name = "ACME";
  s.tier_code = "PROF";
  s.fleet = 50; /* 8%: 4 */
  s.models = models;
  s.model_count = 1;
  assert_int_equal(ssvc_agreement_create(f->st, &s, "lead"), SSVC_OK);
  uint32_t total = 99;
  struct lines l = {""};
  assert_int_equal(ssvc_swap_advise(f->st, "ACME", &total, list_lines, &l), SSVC_OK);
  assert_string_equal(l.text, "* 0/4 b0 +2;Galaxy A15 0/2 b0 +2;");
  assert_int_equal(total, 4);
  /* Three cases, no Fairphone in stock: three backorders, not errors. */
  char ids[3][SSVC_CASE_ID_SIZE];
  for (int i = 0; i < 3; i++) {
    new_case(f->st, ids[i], "ACME", "PROF");
    fixture_now += 60;
    ssvc_order o = SSVC_ORDER_INIT;
    assert_int_equal(ssvc_swap_reserve(f->st, &o, ids[i], NULL, "agent"), SSVC_OK);
    assert_int_equal(o.state, SSVC_ORDER_BACKORDERED);
    assert_string_equal(o.imei, "");
    assert_int_equal(case_state(f, ids[i]), SSVC_CASE_SWAP_REQUESTED);
  }
  assert_int_equal(ssvc_swap_ship(f->st, NULL, ids[0], NULL, NULL, "agent"), SSVC_ESTATE);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "ssvc_swap_ship: SC-2026-000001: the order is "
                                               "backordered (needs a reserved unit; the model is "
                                               "backordered)");
  char buf[256] = "";
  assert_int_equal(ssvc_swap_order_list(f->st, "ACME", SSVC_ORDER_BACKORDERED, list_orders, buf),
                   SSVC_OK);
  assert_string_equal(buf, "000001:backordered;000002:backordered;000003:backordered;");
  buf[0] = '\0';
  assert_int_equal(ssvc_swap_order_list(f->st, NULL, SSVC_ORDER_BACKORDERED, list_orders, buf),
                   SSVC_OK);
  assert_string_equal(buf, "000001:backordered;000002:backordered;000003:backordered;");
  l.text[0] = '\0';
  assert_int_equal(ssvc_swap_advise(f->st, "ACME", &total, list_lines, &l), SSVC_OK);
  assert_string_equal(l.text, "* 0/4 b3 +2;Fairphone 5 0/0 b3 +3;Galaxy A15 0/2 b0 +2;");
  assert_int_equal(total, 7);
  /* The customer approves: phones arrive; the oldest backorder is served first. */
  char served[SSVC_CASE_ID_SIZE];
  assert_int_equal(ssvc_swap_receive(f->st, "ACME", fixture_imei(5), FP5, "lead", served), SSVC_OK);
  assert_string_equal(served, ids[0]);
  assert_int_equal(unit_state(f, "ACME", fixture_imei(5)), SSVC_UNIT_RESERVED);
  ssvc_order o = order_of(f, ids[0]);
  assert_int_equal(o.state, SSVC_ORDER_RESERVED);
  assert_string_equal(o.imei, fixture_imei(5));
  ssvc_case *c;
  ssvc_case_info ci = case_info(f, ids[0], &c);
  ssvc_case_event e = SSVC_CASE_EVENT_INIT;
  assert_int_equal(ssvc_case_event_at(c, ci.event_count - 1, &e), SSVC_OK);
  assert_string_equal(e.note, "backorder served: unit 356938030000054 reserved");
  ssvc_case_free(c);
  assert_int_equal(ssvc_swap_receive(f->st, "ACME", fixture_imei(6), "Galaxy A15", "lead", served), SSVC_OK);
  assert_string_equal(served, ""); /* no one waits for that model */
  /* Cancelling a reserved order hands its unit to the next backorder. */
  assert_int_equal(ssvc_swap_cancel(f->st, ids[0], "agent"), SSVC_OK);
  assert_string_equal(order_of(f, ids[1]).imei, fixture_imei(5));
  /* Cancelling a backorder drops it from the line. */
  assert_int_equal(ssvc_swap_cancel(f->st, ids[2], "agent"), SSVC_OK);
  buf[0] = '\0';
  assert_int_equal(ssvc_swap_order_list(f->st, "ACME", SSVC_ORDER_BACKORDERED, list_orders, buf),
                   SSVC_OK);
  assert_string_equal(buf, "");
  buf[0] = '\0';
  assert_int_equal(ssvc_swap_order_list(f->st, "ACME", 0, list_orders, buf), SSVC_OK);
  assert_string_equal(buf, "000001:cancelled;000002:reserved;000003:cancelled;");
  l.text[0] = '\0';
  assert_int_equal(ssvc_swap_advise(f->st, "ACME", NULL, list_lines, &l), SSVC_OK);
  assert_string_equal(l.text, "* 1/4 b0 +2;Galaxy A15 1/2 b0 +1;");
  assert_int_equal(ssvc_swap_advise(f->st, "ACME", &total, NULL, NULL), SSVC_OK);
  assert_int_equal(total, 3);
  /* Errors. */
  assert_int_equal(ssvc_swap_advise(f->st, "Nobody", &total, NULL, NULL), SSVC_ENOTFOUND);
  assert_int_equal(ssvc_swap_advise(f->st, NULL, &total, NULL, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_swap_advise(NULL, "ACME", &total, NULL, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_swap_order_list(f->st, "ACME", 9, list_orders, buf), SSVC_EINVAL);
  assert_int_equal(ssvc_swap_order_list(f->st, "ACME", 0, NULL, buf), SSVC_EINVAL);
  assert_int_equal(ssvc_swap_order_list(NULL, "ACME", 0, list_orders, buf), SSVC_EINVAL);
}

static int count_orders(void *ud, const ssvc_order *o) {
  (void)o;
  ++*(int *)ud;
  return 0;
}

static int stop_orders(void *ud, const ssvc_order *o) {
  (void)o;
  ++*(int *)ud;
  return 1;
}

static void overdue_returns(void **state) {
  struct fx *f = *state;
  ssvc_agreement_model models[] = {{FP5, 480000, 0}};
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  s.customer_id = "ACME";
  s.customer_name = "ACME";
  s.tier_code = "PROF";
  s.fleet = 50;
  s.return_days = 3;
  s.repaired_to = SSVC_REPAIRED_TO_USER; /* both cases' faulty phones share an IMEI here */
  s.models = models;
  s.model_count = 1;
  assert_int_equal(ssvc_agreement_create(f->st, &s, "lead"), SSVC_OK);
  agreement(f->st, "Other", "PROF", 0, 0);
  assert_int_equal(ssvc_swap_receive(f->st, "ACME", fixture_imei(1), FP5, "lead", NULL), SSVC_OK);
  assert_int_equal(ssvc_swap_receive(f->st, "ACME", fixture_imei(2), FP5, "lead", NULL), SSVC_OK);
  char id[SSVC_CASE_ID_SIZE], id2[SSVC_CASE_ID_SIZE];
  new_case(f->st, id, "ACME", "PROF");
  new_case(f->st, id2, "ACME", "PROF");
  ssvc_order o = SSVC_ORDER_INIT;
  assert_int_equal(ssvc_swap_reserve(f->st, NULL, id, NULL, "agent"), SSVC_OK);
  assert_int_equal(ssvc_swap_reserve(f->st, NULL, id2, NULL, "agent"), SSVC_OK);
  assert_int_equal(ssvc_swap_ship(f->st, &o, id, NULL, NULL, "agent"), SSVC_OK);
  /* Delivered Tuesday 3 March, due three working days later: Friday 6 March. */
  assert_int_equal(o.return_deadline.day, 6);
  /* Shipped at 15:00, after the reservation's day's cut-off? No: the reservation counts. */
  assert_int_equal(ssvc_swap_ship(f->st, &o, id2, NULL, NULL, "agent"), SSVC_OK);
  assert_int_equal(ssvc_swap_faulty_returned(f->st, id2, "agent"), SSVC_OK);
  size_t flagged = 9;
  int n = 0;
  /* On the deadline itself: not overdue. */
  fixture_now = INT64_C(1772787600); /* Friday 2026-03-06 10:00 */
  assert_int_equal(ssvc_swap_overdue(f->st, NULL, "nightly", &flagged, count_orders, &n), SSVC_OK);
  assert_int_equal(flagged, 0);
  assert_int_equal(n, 0);
  /* Saturday: overdue, flagged once, charged at the model's replacement value. */
  fixture_now += 86400;
  assert_int_equal(ssvc_swap_overdue(f->st, "ACME", "nightly", &flagged, count_orders, &n),
                   SSVC_OK);
  assert_int_equal(flagged, 1);
  assert_int_equal(n, 1);
  assert_int_equal(order_of(f, id).overdue, 1);
  ssvc_case *c;
  ssvc_case_info ci = case_info(f, id, &c);
  assert_int_equal(ci.charge_count, 3);
  ssvc_case_charge ch = SSVC_CASE_CHARGE_INIT;
  assert_int_equal(ssvc_case_charge_at(c, 2, &ch), SSVC_OK);
  assert_int_equal(ch.kind, SSVC_CHARGE_UNRETURNED);
  assert_int_equal(ch.amount_minor, 480000);
  assert_string_equal(ch.text,
                      "unreturned faulty phone (Fairphone 5), due 2026-03-06");
  ssvc_case_free(c);
  /* Again: reported, not charged twice. Another customer's list is empty. */
  n = 0;
  assert_int_equal(ssvc_swap_overdue(f->st, NULL, "nightly", &flagged, count_orders, &n), SSVC_OK);
  assert_int_equal(flagged, 0);
  assert_int_equal(n, 1);
  n = 0;
  assert_int_equal(ssvc_swap_overdue(f->st, "Other", "nightly", NULL, count_orders, &n), SSVC_OK);
  assert_int_equal(n, 0);
  /* A callback that stops the listing: the overdue order still reported, once. */
  n = 0;
  assert_int_equal(ssvc_swap_overdue(f->st, NULL, "nightly", &flagged, stop_orders, &n), SSVC_OK);
  assert_int_equal(n, 1);
  assert_int_equal(flagged, 0);
  ci = case_info(f, id, &c);
  assert_int_equal(ci.charge_count, 3);
  ssvc_case_free(c);
  /* It comes back late after all: the flow goes on, noted on the case. */
  assert_int_equal(ssvc_swap_faulty_returned(f->st, id, "agent"), SSVC_OK);
  ci = case_info(f, id, &c);
  ssvc_case_event e = SSVC_CASE_EVENT_INIT;
  assert_int_equal(ssvc_case_event_at(c, ci.event_count - 2, &e), SSVC_OK);
  assert_string_equal(e.note, "returned after the deadline");
  ssvc_case_free(c);
  n = 0;
  assert_int_equal(ssvc_swap_overdue(f->st, NULL, "nightly", NULL, count_orders, &n), SSVC_OK);
  assert_int_equal(n, 0);
  assert_int_equal(ssvc_swap_overdue(f->st, NULL, NULL, NULL, NULL, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_swap_overdue(NULL, NULL, "a", NULL, NULL, NULL), SSVC_EINVAL);
  char longid[SSVC_AGREEMENT_ID_MAX + 2];
  memset(longid, 'x', sizeof longid - 1);
  longid[sizeof longid - 1] = '\0';
  assert_int_equal(ssvc_swap_overdue(f->st, longid, "a", NULL, NULL, NULL), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "customer_id"));
}

/* Delivery follows rule R7 on the agreement's calendar: after the cut-off, and before a closed
 * day. */
static void delivery_dates(void **state) {
  struct fx *f = *state;
  ssvc_date closed[] = {{2026, 3, 4}};
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  s.customer_id = "ACME";
  s.customer_name = "ACME";
  s.tier_code = "PROF";
  s.fleet = 50;
  s.cutoff_seconds = 12 * 3600;
  s.closed_days = closed;
  s.closed_day_count = 1;
  assert_int_equal(ssvc_agreement_create(f->st, &s, "lead"), SSVC_OK);
  assert_int_equal(ssvc_swap_receive(f->st, "ACME", fixture_imei(1), FP5, "lead", NULL), SSVC_OK);
  /* Registered Monday 10:00, before this agreement's 12:00 cut-off: promised Tuesday 3 March.
   * Reserved and shipped at 14:00, after the cut-off: the promise is the registration's, so
   * still Tuesday. */
  char id[SSVC_CASE_ID_SIZE];
  new_case(f->st, id, "ACME", "PROF");
  ssvc_case *c;
  ssvc_case_info ci = case_info(f, id, &c);
  assert_int_equal(ci.promised_delivery.day, 3);
  ssvc_case_free(c);
  fixture_now = INT64_C(1772456400); /* Monday 14:00 Stockholm */
  assert_int_equal(ssvc_swap_reserve(f->st, NULL, id, NULL, "agent"), SSVC_OK);
  ssvc_order o = SSVC_ORDER_INIT;
  assert_int_equal(ssvc_swap_ship(f->st, &o, id, NULL, NULL, "agent"), SSVC_OK);
  assert_int_equal(o.delivery.day, 3);
  assert_int_equal(o.promised.day, 3);
  assert_int_equal(o.late_days, 0);
  /* Registered Monday 14:00: counts on Tuesday; Wednesday is closed: Thursday 5 March. */
  char id2[SSVC_CASE_ID_SIZE];
  assert_int_equal(ssvc_swap_receive(f->st, "ACME", fixture_imei(2), FP5, "lead", NULL), SSVC_OK);
  new_case(f->st, id2, "ACME", "PROF");
  assert_int_equal(ssvc_swap_reserve(f->st, NULL, id2, NULL, "agent"), SSVC_OK);
  assert_int_equal(ssvc_swap_ship(f->st, &o, id2, NULL, NULL, "agent"), SSVC_OK);
  assert_int_equal(o.delivery.day, 5);
  assert_int_equal(o.late_days, 0);
  /* Shipped late (Friday) for a case registered Monday 14:00: the day after shipping, two
   * working days (Thursday, Friday) after the promise, and the case's log says so. */
  char id3[SSVC_CASE_ID_SIZE];
  assert_int_equal(ssvc_swap_receive(f->st, "ACME", fixture_imei(3), FP5, "lead", NULL), SSVC_OK);
  new_case(f->st, id3, "ACME", "PROF");
  assert_int_equal(ssvc_swap_reserve(f->st, NULL, id3, NULL, "agent"), SSVC_OK);
  fixture_now = INT64_C(1772787600); /* Friday 2026-03-06 10:00 */
  assert_int_equal(ssvc_swap_ship(f->st, &o, id3, NULL, NULL, "agent"), SSVC_OK);
  assert_int_equal(o.delivery.day, 9); /* Monday */
  assert_int_equal(o.promised.day, 5);
  assert_int_equal(o.late_days, 2);
  ci = case_info(f, id3, &c);
  ssvc_case_event e = SSVC_CASE_EVENT_INIT;
  assert_int_equal(ssvc_case_event_at(c, ci.event_count - 1, &e), SSVC_OK);
  assert_non_null(strstr(e.note, "2 working days after the promise 2026-03-05"));
  ssvc_case_free(c);
  /* A version-1 caller gets the version-1 fields only: nothing written past them. */
  struct {
    ssvc_order o;
    unsigned char guard[64];
  } v1;
  memset(&v1, 0xAB, sizeof v1);
  v1.o.version = 1;
  assert_int_equal(ssvc_swap_order_get(f->st, &v1.o, id3), SSVC_OK);
  const unsigned char *tail = (const unsigned char *)&v1.o + offsetof(ssvc_order, promised);
  for (size_t k = 0; k < sizeof v1.o - offsetof(ssvc_order, promised); k++)
    assert_int_equal(tail[k], 0xAB);
}

/* The case: registered at 13:58 on Monday 2026-12-07 (before the 14:00 cut-off) and
 * reserved at 14:05, the phone is delivered the next working day, Tuesday 2026-12-08; a backorder
 * says that the promise will be missed, and the delivery after the refill says by how much. */
static void promise_is_the_registrations(void **state) {
  struct fx *f = *state;
  fixture_agreement(f->st, "ACME", "PROF", 100, 0, 0);
  assert_int_equal(ssvc_swap_receive(f->st, "ACME", fixture_imei(1), FP5, "lead", NULL), SSVC_OK);
  fixture_now = INT64_C(1796648280); /* 2026-12-07 13:58 Stockholm */
  char id[SSVC_CASE_ID_SIZE], late[SSVC_CASE_ID_SIZE];
  new_case(f->st, id, "ACME", "PROF");
  new_case(f->st, late, "ACME", "PROF");
  fixture_now = INT64_C(1796648700); /* 14:05 */
  ssvc_order o = SSVC_ORDER_INIT;
  assert_int_equal(ssvc_swap_reserve(f->st, &o, id, NULL, "agent"), SSVC_OK);
  assert_int_equal(ssvc_swap_ship(f->st, &o, id, NULL, NULL, "agent"), SSVC_OK);
  assert_int_equal(o.delivery.year, 2026);
  assert_int_equal(o.delivery.month, 12);
  assert_int_equal(o.delivery.day, 8);
  assert_int_equal(o.late_days, 0);
  /* The stock is empty now: the second case is backordered, the promise missed. */
  assert_int_equal(ssvc_swap_reserve(f->st, &o, late, NULL, "agent"), SSVC_OK);
  assert_int_equal(o.state, SSVC_ORDER_BACKORDERED);
  assert_int_equal(o.late_days, -1);
  ssvc_case *c;
  ssvc_case_info ci = case_info(f, late, &c);
  ssvc_case_event e = SSVC_CASE_EVENT_INIT;
  assert_int_equal(ssvc_case_event_at(c, ci.event_count - 1, &e), SSVC_OK);
  assert_non_null(strstr(e.note, "the delivery promised for 2026-12-08 will be missed"));
  ssvc_case_free(c);
  /* A phone arrives on Wednesday and ships: delivered Thursday, two working days late. */
  fixture_now += 2 * 86400;
  assert_int_equal(ssvc_swap_receive(f->st, "ACME", fixture_imei(2), FP5, "lead", NULL), SSVC_OK);
  assert_int_equal(ssvc_swap_ship(f->st, &o, late, NULL, NULL, "agent"), SSVC_OK);
  assert_int_equal(o.delivery.day, 10);
  assert_int_equal(o.late_days, 2);
}

/* A refill request (anmodan) is stored; the customer's approval receives the phones. */
static void refill_requests(void **state) {
  struct fx *f = *state;
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  s.customer_id = "ACME";
  s.customer_name = "ACME";
  s.tier_code = "PROF";
  s.fleet = 25; /* 8%: 2 */
  assert_int_equal(ssvc_agreement_create(f->st, &s, "lead"), SSVC_OK);
  char id[SSVC_CASE_ID_SIZE];
  new_case(f->st, id, "ACME", "PROF");
  assert_int_equal(ssvc_swap_reserve(f->st, NULL, id, NULL, "agent"), SSVC_OK); /* backorder */
  uint32_t number = 9, total = 0, received = 9;
  assert_int_equal(ssvc_swap_refill_request(f->st, &number, &total, "ACME", "lead"), SSVC_OK);
  assert_int_equal(number, 1);
  assert_int_equal(total, 3);
  int st = 0;
  struct lines l = {""};
  assert_int_equal(ssvc_swap_refill_get(f->st, &st, &total, &received, "ACME", 1, list_lines, &l),
                   SSVC_OK);
  assert_int_equal(st, SSVC_REFILL_PENDING);
  assert_string_equal(ssvc_refill_state_name(st), "pending");
  assert_int_equal(received, 0);
  assert_string_equal(l.text, "* 0/2 b1 +2;Fairphone 5 0/0 b1 +1;");
  /* The customer buys three; the first serves the backorder. */
  const char *imeis[] = {fixture_imei(1), fixture_imei(2), fixture_imei(3)};
  const char *models[] = {FP5, FP5, FP5};
  assert_int_equal(ssvc_swap_refill_decide(f->st, "ACME", 1, 1, imeis, models, 3, "customer"),
                   SSVC_OK);
  assert_int_equal(order_of(f, id).state, SSVC_ORDER_RESERVED);
  assert_int_equal(unit_state(f, "ACME", fixture_imei(2)), SSVC_UNIT_AVAILABLE);
  assert_int_equal(ssvc_swap_refill_get(f->st, &st, NULL, &received, "ACME", 1, NULL, NULL),
                   SSVC_OK);
  assert_int_equal(st, SSVC_REFILL_APPROVED);
  assert_int_equal(received, 3);
  assert_int_equal(ssvc_swap_refill_decide(f->st, "ACME", 1, 0, NULL, NULL, 0, "customer"),
                   SSVC_ESTATE);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "ssvc_swap_refill_decide: ACME: refill request 1 "
                                               "is approved (needs pending)");
  /* Nothing needed: no request. */
  assert_int_equal(ssvc_swap_refill_request(f->st, &number, &total, "ACME", "lead"), SSVC_OK);
  assert_int_equal(number, 0);
  assert_int_equal(total, 0);
  /* A second request, declined; a failed approval receives nothing. */
  assert_int_equal(ssvc_swap_retire(f->st, "ACME", fixture_imei(2), "lead", NULL), SSVC_OK);
  assert_int_equal(ssvc_swap_refill_request(f->st, &number, NULL, "ACME", "lead"), SSVC_OK);
  assert_int_equal(number, 2);
  const char *dup[] = {fixture_imei(4), fixture_imei(3)};
  assert_int_equal(ssvc_swap_refill_decide(f->st, "ACME", 2, 1, dup, models, 2, "customer"),
                   SSVC_EEXISTS);
  assert_int_equal(unit_state(f, "ACME", fixture_imei(4)), SSVC_ENOTFOUND);
  assert_int_equal(ssvc_swap_refill_decide(f->st, "ACME", 2, 0, NULL, NULL, 0, "customer"),
                   SSVC_OK);
  assert_int_equal(ssvc_swap_refill_get(f->st, &st, NULL, NULL, "ACME", 2, NULL, NULL), SSVC_OK);
  assert_int_equal(st, SSVC_REFILL_DECLINED);
  /* Errors. */
  assert_int_equal(ssvc_swap_refill_get(f->st, &st, NULL, NULL, "ACME", 7, NULL, NULL),
                   SSVC_ENOTFOUND);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "ssvc_swap_refill_get: ACME has no refill request 7");
  assert_int_equal(ssvc_swap_refill_decide(f->st, "ACME", 7, 0, NULL, NULL, 0, "c"), SSVC_ENOTFOUND);
  assert_int_equal(ssvc_swap_refill_decide(f->st, "ACME", 2, 0, imeis, models, 1, "c"), SSVC_EINVAL);
  assert_int_equal(ssvc_swap_refill_decide(f->st, "ACME", 2, 1, NULL, models, 1, "c"), SSVC_EINVAL);
  const char *bad[] = {"123"};
  assert_int_equal(ssvc_swap_refill_decide(f->st, "ACME", 2, 1, bad, models, 1, "c"), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx),
                      "ssvc_swap_refill_decide: imeis[0]: must be 15 digits (got '123')");
  assert_int_equal(ssvc_swap_refill_decide(f->st, NULL, 2, 0, NULL, NULL, 0, "c"), SSVC_EINVAL);
  assert_int_equal(ssvc_swap_refill_decide(NULL, "ACME", 2, 0, NULL, NULL, 0, "c"), SSVC_EINVAL);
  assert_int_equal(ssvc_swap_refill_request(f->st, NULL, NULL, "ACME", "lead"), SSVC_EINVAL);
  assert_int_equal(ssvc_swap_refill_request(f->st, &number, NULL, "Nobody", "lead"), SSVC_ENOTFOUND);
  assert_int_equal(ssvc_swap_refill_request(f->st, &number, NULL, "ACME", NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_swap_refill_request(NULL, &number, NULL, "ACME", "l"), SSVC_EINVAL);
  assert_int_equal(ssvc_swap_refill_get(f->st, &st, NULL, NULL, NULL, 1, NULL, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_swap_refill_get(NULL, &st, NULL, NULL, "ACME", 1, NULL, NULL), SSVC_EINVAL);
  assert_null(ssvc_refill_state_name(4));
}

/* Erasure reaches the orders: the faulty phone's IMEI goes with the user's other data. */
static void erasure_reaches_orders(void **state) {
  struct fx *f = *state;
  agreement(f->st, "ACME", "PROF", SSVC_REPLACEMENT_LOAN, 0);
  assert_int_equal(ssvc_swap_receive(f->st, "ACME", fixture_imei(1), FP5, "lead", NULL), SSVC_OK);
  ssvc_case_spec s = SSVC_CASE_SPEC_INIT;
  s.customer_id = "ACME";
  s.user_name = "Anna";
  s.user_phone = "+46701";
  s.imei = USER_IMEI;
  s.model = FP5;
  s.tier_code = "PROF";
  s.features = 0x7F;
  s.actor = "a";
  char id[SSVC_CASE_ID_SIZE], other[SSVC_CASE_ID_SIZE];
  assert_int_equal(ssvc_case_create(f->st, id, &s), SSVC_OK);
  assert_int_equal(ssvc_case_transition(f->st, id, SSVC_CASE_DIAGNOSING, "a", NULL), SSVC_OK);
  s.user_phone = "+46702";
  s.imei = fixture_imei(9);
  assert_int_equal(ssvc_case_create(f->st, other, &s), SSVC_OK);
  assert_int_equal(ssvc_case_transition(f->st, other, SSVC_CASE_DIAGNOSING, "a", NULL), SSVC_OK);
  assert_int_equal(ssvc_swap_reserve(f->st, NULL, id, NULL, "agent"), SSVC_OK);
  assert_int_equal(ssvc_swap_reserve(f->st, NULL, other, NULL, "agent"), SSVC_OK);
  size_t n = 9;
  assert_int_equal(ssvc_swap_erase_user(f->st, &n, "ACME", "+46709", "dpo"), SSVC_OK);
  assert_int_equal(n, 0);
  assert_int_equal(ssvc_swap_erase_user(f->st, &n, "ACME", "+46701", "dpo"), SSVC_OK);
  assert_int_equal(n, 1);
  assert_string_equal(order_of(f, id).user_imei, "");
  assert_string_equal(order_of(f, other).user_imei, fixture_imei(9)); /* another user's */
  assert_int_equal(order_of(f, id).state, SSVC_ORDER_RESERVED);
  assert_int_equal(ssvc_swap_erase_user(f->st, &n, NULL, "x", "dpo"), SSVC_EINVAL);
  assert_int_equal(ssvc_swap_erase_user(f->st, &n, "ACME", NULL, "dpo"), SSVC_EINVAL);
  assert_int_equal(ssvc_swap_erase_user(f->st, &n, "ACME", "x", NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_swap_erase_user(NULL, &n, "ACME", "x", "dpo"), SSVC_EINVAL);
}

/* An operation inside a caller's transaction joins it; a lost compare-and-set there is not
 * retried but reported. */
static void grouped_with_cases(void **state) {
  struct fx *f = *state;
  agreement(f->st, "ACME", "PROF", 0, 0);
  assert_int_equal(ssvc_swap_receive(f->st, "ACME", fixture_imei(1), FP5, "lead", NULL), SSVC_OK);
  char id[SSVC_CASE_ID_SIZE];
  assert_int_equal(ssvc_store_begin(f->st), SSVC_OK);
  new_case(f->st, id, "ACME", "PROF");
  assert_int_equal(ssvc_swap_reserve(f->st, NULL, id, NULL, "agent"), SSVC_OK);
  assert_int_equal(ssvc_store_rollback(f->st), SSVC_OK);
  assert_int_equal(unit_state(f, "ACME", fixture_imei(1)), SSVC_UNIT_AVAILABLE);
  ssvc_case *c = NULL;
  assert_int_equal(ssvc_case_load(f->st, &c, id), SSVC_ENOTFOUND);
}

/* Raw access to the memory backend under a store: the key of the first record of @p type in
 * the SWAP key space, and a rewrite of it. */
struct rawswap {
  ssvc_ctx *ctx;
  ssvc_storage_backend be;
  ssvc_store *st;
  uint8_t key[256];
  size_t klen;
  uint8_t want;
};

/* A store over a memory backend the test also reaches raw, with ACME's PROF agreement and one
 * SWAP unit (fixture_imei(1)). */
static void raw_open(struct rawswap *r) {
  ssvc_ctx_options co = SSVC_CTX_OPTIONS_INIT;
  co.clock = fixture_clock;
  fixture_now = STORE_FAULT_NOW;
  assert_int_equal(ssvc_ctx_new(&r->ctx, &co), SSVC_OK);
  assert_int_equal(ssvc_storage_memory_backend(r->ctx, &r->be), SSVC_OK);
  assert_int_equal(ssvc_store_open(r->ctx, &r->st, &r->be), SSVC_OK);
  agreement(r->st, "ACME", "PROF", 0, 0);
  assert_int_equal(ssvc_swap_receive(r->st, "ACME", fixture_imei(1), FP5, "lead", NULL), SSVC_OK);
}

static int find_type(void *ud, const void *key, size_t klen, const void *val, size_t vlen,
                     uint64_t ver) {
  (void)ver;
  struct rawswap *r = ud;
  if (!vlen || ((const uint8_t *)val)[0] != r->want || klen > sizeof r->key) return 0;
  memcpy(r->key, key, klen);
  r->klen = klen;
  return 1;
}

static uint8_t *raw_record(struct rawswap *r, uint8_t type, size_t *len) {
  r->want = type;
  r->klen = 0;
  assert_true(r->be.scan(r->be.user_data, "W", 1, "X", 1, find_type, r) >= 0);
  assert_true(r->klen > 0);
  const void *v;
  uint64_t ver;
  assert_int_equal(r->be.get(r->be.user_data, r->key, r->klen, &v, len, &ver), SSVC_OK);
  uint8_t *c = malloc(*len + 128);
  memcpy(c, v, *len);
  return c;
}

/* Stores @p orig (@p len bytes, 0 for none) followed by @p tail under the found key. */
static void raw_rewrite(struct rawswap *r, const uint8_t *orig, size_t len, const uint8_t *tail,
                        size_t tlen) {
  uint8_t buf[1024];
  assert_true(len + tlen <= sizeof buf);
  if (len) memcpy(buf, orig, len);
  memcpy(buf + len, tail, tlen);
  assert_int_equal(r->be.begin(r->be.user_data, SSVC_STORAGE_TXN_WRITE), SSVC_OK);
  assert_int_equal(r->be.put(r->be.user_data, r->key, r->klen, buf, len + tlen, SSVC_STORAGE_ANY,
                             NULL), 0);
  assert_int_equal(r->be.commit(r->be.user_data), SSVC_OK);
}

/* Whether the record under the found key holds @p bytes. */
static int raw_holds(struct rawswap *r, const uint8_t *bytes, size_t n) {
  const void *v;
  size_t len;
  uint64_t ver;
  assert_int_equal(r->be.get(r->be.user_data, r->key, r->klen, &v, &len, &ver), SSVC_OK);
  for (size_t k = 0; k + n <= len; k++)
    if (memcmp((const uint8_t *)v + k, bytes, n) == 0) return 1;
  return 0;
}

/* Counts what a listing gave. */
static int count_unit(void *ud, const ssvc_unit *u) { (void)u; ++*(int *)ud; return 0; }
static int count_backup(void *ud, const ssvc_backup_phone *p) { (void)p; ++*(int *)ud; return 0; }
static int count_repair(void *ud, const ssvc_repair_order *o) { (void)o; ++*(int *)ud; return 0; }
static int count_stock(void *ud, const ssvc_stock_order *o) { (void)o; ++*(int *)ud; return 0; }

/* A damaged record among a customer's units, backup phones, repair or stock change orders fails
 * the listing before it gives anything, naming the customer; other customers list on. */
static void damaged_record_stops_a_listing(void **state) {
  (void)state;
  struct rawswap r;
  raw_open(&r);
  static const struct {
    uint8_t key[12];
    size_t klen;
    const char *what;
  } bad[] = {{{'W', 'U', 'A', 'C', 'M', 'E', 0, '9'}, 8, "unit of ACME"},
             {{'K', 'A', 'C', 'M', 'E', 0, '9'}, 7, "backup phone of ACME"},
             {{'V', 'A', 'C', 'M', 'E', 0, '9'}, 7, "repair order of ACME"},
             {{'X', 'A', 'C', 'M', 'E', 0, 0, 0, 0, 9}, 10, "stock change order of ACME"}};
  static const uint8_t garbage[] = {'?', 1};
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    memcpy(r.key, bad[k].key, bad[k].klen);
    r.klen = bad[k].klen;
    raw_rewrite(&r, NULL, 0, garbage, sizeof garbage);
    int given = 0, rc;
    switch (k) {
    case 0: rc = ssvc_swap_unit_list(r.st, "ACME", count_unit, &given); break;
    case 1: rc = ssvc_backup_phone_list(r.st, "ACME", count_backup, &given); break;
    case 2: rc = ssvc_repair_order_list(r.st, "ACME", count_repair, &given); break;
    default: rc = ssvc_stock_order_list(r.st, "ACME", count_stock, &given); break;
    }
    assert_int_equal(rc, SSVC_ESTORAGE);
    assert_int_equal(given, 0); /* the good unit before it is not given either */
    char want[128];
    snprintf(want, sizeof want, "%s: the stored record is malformed", bad[k].what);
    assert_non_null(strstr(ssvc_ctx_errmsg(r.ctx), want));
  }
  /* Another customer's listings do not reach ACME's records. */
  int given = 0;
  assert_int_equal(ssvc_swap_unit_list(r.st, "ACM", count_unit, &given), SSVC_OK);
  assert_int_equal(ssvc_backup_phone_list(r.st, "ACMEX", count_backup, &given), SSVC_OK);
  assert_int_equal(ssvc_repair_order_list(r.st, "ACM", count_repair, &given), SSVC_OK);
  assert_int_equal(ssvc_stock_order_list(r.st, "ACMEX", count_stock, &given), SSVC_OK);
  assert_int_equal(given, 0);
  /* The checks every listing shares. */
  assert_int_equal(ssvc_stock_order_list(r.st, "", count_stock, &given), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(r.ctx), "ssvc_stock_order_list: customer_id"));
  assert_int_equal(ssvc_repair_order_list(r.st, "ACME", NULL, NULL), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(r.ctx), "ssvc_repair_order_list: fn must not be NULL");
  assert_int_equal(ssvc_backup_phone_list(NULL, "ACME", count_backup, &given), SSVC_EINVAL);
  ssvc_store_free(r.st);
  ssvc_ctx_free(r.ctx);
}

/* Damaged unit and order records are reported as malformed; a text of the wrong wire type reads
 * empty, one too long is cut; fields a newer library added survive a rewrite. */
static void damaged_unit_and_order_records(void **state) {
  (void)state;
  struct rawswap r;
  raw_open(&r);
  size_t n;
  uint8_t *unit = raw_record(&r, 'W', &n);
  static const uint8_t other[] = {'X', 1}, no_imei[] = {'W', 1};
  static const uint8_t state99[] = {4 << 3, 99};     /* U_STATE */
  static const uint8_t model_varint[] = {3 << 3, 5}; /* U_MODEL, not bytes */
  static const uint8_t newer[] = {0xF0, 0x01, 42}; /* field 30: this library does not know it */
  ssvc_unit u = SSVC_UNIT_INIT;
  raw_rewrite(&r, NULL, 0, other, sizeof other);
  assert_int_equal(ssvc_swap_unit_get(r.st, &u, "ACME", fixture_imei(1)), SSVC_ESTORAGE);
  assert_non_null(strstr(ssvc_ctx_errmsg(r.ctx), fixture_imei(1)));
  raw_rewrite(&r, unit, n, state99, sizeof state99);
  assert_int_equal(ssvc_swap_unit_get(r.st, &u, "ACME", fixture_imei(1)), SSVC_ESTORAGE);
  raw_rewrite(&r, NULL, 0, no_imei, sizeof no_imei);
  assert_int_equal(ssvc_swap_unit_get(r.st, &u, "ACME", fixture_imei(1)), SSVC_ESTORAGE);
  /* A text field of another wire type has no bytes: nothing is copied (memcpy from NULL was
   * undefined behaviour, which the sanitizer build reported; issue 17). */
  raw_rewrite(&r, unit, n, model_varint, sizeof model_varint);
  assert_int_equal(ssvc_swap_unit_get(r.st, &u, "ACME", fixture_imei(1)), SSVC_OK);
  assert_string_equal(u.model, "");
  static const uint8_t case_varint[] = {5 << 3, 7}; /* U_CASE, not bytes */
  raw_rewrite(&r, unit, n, case_varint, sizeof case_varint);
  assert_int_equal(ssvc_swap_unit_get(r.st, &u, "ACME", fixture_imei(1)), SSVC_OK);
  assert_string_equal(u.case_id, "");
  uint8_t long_model[3 + 200] = {3 << 3 | 1, 0xC8, 0x01}; /* 200 bytes */
  memset(long_model + 3, 'm', 200);
  raw_rewrite(&r, unit, n, long_model, sizeof long_model);
  assert_int_equal(ssvc_swap_unit_get(r.st, &u, "ACME", fixture_imei(1)), SSVC_OK);
  assert_int_equal(strlen(u.model), sizeof u.model - 1);
  raw_rewrite(&r, unit, n, newer, sizeof newer);
  assert_int_equal(ssvc_swap_retire(r.st, "ACME", fixture_imei(1), "lead", NULL), SSVC_OK);
  assert_int_equal(ssvc_swap_unit_get(r.st, &u, "ACME", fixture_imei(1)), SSVC_OK);
  assert_int_equal(u.state, SSVC_UNIT_RETIRED);
  assert_true(raw_holds(&r, newer, sizeof newer));
  free(unit);
  /* An order (a backorder: no unit left). */
  char id[SSVC_CASE_ID_SIZE];
  new_case(r.st, id, "ACME", "PROF");
  assert_int_equal(ssvc_swap_reserve(r.st, NULL, id, NULL, "agent"), SSVC_OK);
  uint8_t *order = raw_record(&r, 'O', &n);
  static const uint8_t no_case[] = {'O', 1};
  static const uint8_t no_customer[] = {'O', 1, 1 << 3 | 1, 3, 'S', 'C', '1'};
  static const uint8_t ostate99[] = {8 << 3, 99}; /* O_STATE */
  const struct {
    const uint8_t *v;
    size_t len;
    int append;
  } bad[] = {{other, sizeof other, 0}, {no_case, sizeof no_case, 0},
             {no_customer, sizeof no_customer, 0}, {ostate99, sizeof ostate99, 1}};
  ssvc_order o = SSVC_ORDER_INIT;
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    raw_rewrite(&r, order, bad[k].append ? n : 0, bad[k].v, bad[k].len);
    assert_int_equal(ssvc_swap_order_get(r.st, &o, id), SSVC_ESTORAGE);
    assert_non_null(strstr(ssvc_ctx_errmsg(r.ctx), "the stored record is malformed"));
  }
  /* The order's texts stored as numbers (the same undefined copy): read as empty. */
  static const uint8_t omodel_varint[] = {3 << 3, 5, 4 << 3, 6}; /* O_MODEL, O_IMEI */
  raw_rewrite(&r, order, n, omodel_varint, sizeof omodel_varint);
  assert_int_equal(ssvc_swap_order_get(r.st, &o, id), SSVC_OK);
  assert_string_equal(o.model, "");
  assert_string_equal(o.imei, "");
  /* The backorder's order gone: a new unit cannot serve it, and is not received. */
  assert_int_equal(r.be.begin(r.be.user_data, SSVC_STORAGE_TXN_WRITE), SSVC_OK);
  assert_int_equal(r.be.del(r.be.user_data, r.key, r.klen, SSVC_STORAGE_ANY), 0);
  assert_int_equal(r.be.commit(r.be.user_data), SSVC_OK);
  assert_int_equal(ssvc_swap_receive(r.st, "ACME", fixture_imei(2), FP5, "lead", NULL),
                   SSVC_ESTORAGE);
  assert_int_equal(ssvc_ctx_errcode(r.ctx), SSVC_ESTORAGE); /* the message says the same */
  assert_non_null(strstr(ssvc_ctx_errmsg(r.ctx), "backorder of"));
  assert_non_null(strstr(ssvc_ctx_errmsg(r.ctx), "the stored record is malformed"));
  assert_int_equal(ssvc_swap_unit_get(r.st, &u, "ACME", fixture_imei(2)), SSVC_ENOTFOUND);
  raw_rewrite(&r, order, n, newer, sizeof newer);
  assert_int_equal(ssvc_swap_receive(r.st, "ACME", fixture_imei(2), FP5, "lead", NULL), SSVC_OK);
  assert_int_equal(ssvc_swap_order_get(r.st, &o, id), SSVC_OK);
  assert_int_equal(o.state, SSVC_ORDER_RESERVED);
  assert_true(raw_holds(&r, newer, sizeof newer));
  free(order);
  /* Case ids that cannot be: too long, or of another form. */
  const char *bad_ids[] = {"SC-2026-0000000000000001", "XX-2026-000001"};
  for (size_t k = 0; k < 2; k++) {
    assert_int_equal(ssvc_swap_order_get(r.st, &o, bad_ids[k]), SSVC_EINVAL);
    assert_non_null(strstr(ssvc_ctx_errmsg(r.ctx), "case_id: not a case id"));
  }
  ssvc_store_free(r.st);
  ssvc_ctx_free(r.ctx);
}

/* Another agent's write lands between our read of a unit and our write: a backend that, armed,
 * rewrites the unit (a new version) just before the library's compare-and-set on it. */
struct racer {
  ssvc_storage_backend inner;
  int armed, raced;
};

static int race_put(void *ud, const void *key, size_t klen, const void *val, size_t vlen,
                    uint64_t expected, uint64_t *new_ver) {
  struct racer *r = ud;
  if (r->armed && klen > 2 && memcmp(key, "WU", 2) == 0 && expected != SSVC_STORAGE_NEW) {
    const void *cur;
    size_t clen;
    uint64_t ver;
    r->armed--;
    r->raced++;
    if (r->inner.get(r->inner.user_data, key, klen, &cur, &clen, &ver) == SSVC_OK) {
      uint8_t copy[4096];
      memcpy(copy, cur, clen < sizeof copy ? clen : sizeof copy);
      r->inner.put(r->inner.user_data, key, klen, copy, clen, SSVC_STORAGE_ANY, NULL);
    }
  }
  return r->inner.put(r->inner.user_data, key, klen, val, vlen, expected, new_ver);
}
static int race_get(void *ud, const void *k, size_t kl, const void **v, size_t *vl, uint64_t *ver) {
  struct racer *r = ud;
  return r->inner.get(r->inner.user_data, k, kl, v, vl, ver);
}
static int race_del(void *ud, const void *k, size_t kl, uint64_t e) {
  struct racer *r = ud;
  return r->inner.del(r->inner.user_data, k, kl, e);
}
static int race_scan(void *ud, const void *lo, size_t ll, const void *hi, size_t hl,
                     ssvc_storage_scan_fn fn, void *cb) {
  struct racer *r = ud;
  return r->inner.scan(r->inner.user_data, lo, ll, hi, hl, fn, cb);
}
static int race_begin(void *ud, unsigned int flags) {
  struct racer *r = ud;
  return r->inner.begin(r->inner.user_data, flags);
}
static int race_commit(void *ud) {
  struct racer *r = ud;
  return r->inner.commit(r->inner.user_data);
}
static int race_rollback(void *ud) {
  struct racer *r = ud;
  return r->inner.rollback(r->inner.user_data);
}
static void race_close(void *ud) {
  struct racer *r = ud;
  r->inner.close(r->inner.user_data);
}

static void lost_compare_and_set_is_retried(void **state) {
  (void)state;
  ssvc_ctx_options o = SSVC_CTX_OPTIONS_INIT;
  o.clock = fixture_clock;
  ssvc_ctx *ctx;
  assert_int_equal(ssvc_ctx_new(&ctx, &o), SSVC_OK);
  struct racer r;
  memset(&r, 0, sizeof r);
  assert_int_equal(ssvc_storage_memory_backend(ctx, &r.inner), SSVC_OK);
  ssvc_storage_backend be = SSVC_STORAGE_BACKEND_INIT;
  be.user_data = &r;
  be.get = race_get;
  be.put = race_put;
  be.del = race_del;
  be.scan = race_scan;
  be.begin = race_begin;
  be.commit = race_commit;
  be.rollback = race_rollback;
  be.close = race_close;
  ssvc_store *st;
  assert_int_equal(ssvc_store_open(ctx, &st, &be), SSVC_OK);
  agreement(st, "ACME", "PROF", 0, 0);
  assert_int_equal(ssvc_swap_receive(st, "ACME", fixture_imei(1), FP5, "lead", NULL), SSVC_OK);
  char id[SSVC_CASE_ID_SIZE], id2[SSVC_CASE_ID_SIZE];
  new_case(st, id, "ACME", "PROF");
  new_case(st, id2, "ACME", "PROF");
  /* The whole operation: the lost compare-and-set is retried on fresh data, and succeeds. */
  r.armed = 1;
  ssvc_order ord = SSVC_ORDER_INIT;
  assert_int_equal(ssvc_swap_reserve(st, &ord, id, NULL, "agent"), SSVC_OK);
  assert_int_equal(r.raced, 1);
  assert_string_equal(ord.imei, fixture_imei(1));
  ssvc_unit u = SSVC_UNIT_INIT;
  assert_int_equal(ssvc_swap_unit_get(st, &u, "ACME", fixture_imei(1)), SSVC_OK);
  assert_string_equal(u.case_id, id);
  /* Every attempt loses: SSVC_ECONFLICT after the retries, and nothing changed. */
  assert_int_equal(ssvc_swap_cancel(st, id, "agent"), SSVC_OK);
  r.armed = 100;
  assert_int_equal(ssvc_swap_reserve(st, &ord, id2, NULL, "agent"), SSVC_ECONFLICT);
  assert_non_null(strstr(ssvc_ctx_errmsg(ctx), "changed concurrently; try again"));
  assert_int_equal(r.raced, 1 + 9);
  assert_int_equal(ssvc_swap_unit_get(st, &u, "ACME", fixture_imei(1)), SSVC_OK);
  assert_int_equal(u.state, SSVC_UNIT_AVAILABLE);
  /* Inside a caller's transaction it is not retried: the caller decides. */
  r.armed = 1;
  assert_int_equal(ssvc_store_begin(st), SSVC_OK);
  assert_int_equal(ssvc_swap_reserve(st, &ord, id2, NULL, "agent"), SSVC_ECONFLICT);
  assert_int_equal(ssvc_store_rollback(st), SSVC_OK);
  assert_int_equal(ssvc_swap_reserve(st, &ord, id2, NULL, "agent"), SSVC_OK);
  assert_string_equal(ord.imei, fixture_imei(1));
  ssvc_store_free(st);
  ssvc_ctx_free(ctx);
}

/* ---- Every operation under storage and allocation faults ---- */

static const char *const C1 = "SC-2026-000001", *const C2 = "SC-2026-000002",
                         *const C3 = "SC-2026-000003";

/* ACME (swap, stock): 2 Fairphones; C1 reserved, C2 shipped, C3 diagnosing. */
static void *base(ssvc_store *st, int replacement, int repaired_to) {
  agreement(st, "ACME", "PROF", replacement, repaired_to);
  assert_int_equal(ssvc_swap_receive(st, "ACME", fixture_imei(1), FP5, "lead", NULL), SSVC_OK);
  assert_int_equal(ssvc_swap_receive(st, "ACME", fixture_imei(2), FP5, "lead", NULL), SSVC_OK);
  char id[SSVC_CASE_ID_SIZE];
  for (int i = 0; i < 3; i++) new_case(st, id, "ACME", "PROF");
  assert_int_equal(ssvc_swap_reserve(st, NULL, C1, NULL, "a"), SSVC_OK);
  assert_int_equal(ssvc_swap_reserve(st, NULL, C2, NULL, "a"), SSVC_OK);
  assert_int_equal(ssvc_swap_ship(st, NULL, C2, NULL, NULL, "a"), SSVC_OK);
  return NULL;
}
static void *fx_swap(ssvc_store *st) { return base(st, SSVC_REPLACEMENT_SWAP, 0); }
static void *fx_user(ssvc_store *st) {
  return base(st, SSVC_REPLACEMENT_SWAP, SSVC_REPAIRED_TO_USER);
}
static void *fx_loan(ssvc_store *st) { return base(st, SSVC_REPLACEMENT_LOAN, 0); }
static void *fx_returned(ssvc_store *st) {
  fx_swap(st);
  assert_int_equal(ssvc_swap_faulty_returned(st, C2, "a"), SSVC_OK);
  return NULL;
}
static void *fx_returned_user(ssvc_store *st) {
  fx_user(st);
  assert_int_equal(ssvc_swap_faulty_returned(st, C2, "a"), SSVC_OK);
  return NULL;
}
static void *fx_loan_out(ssvc_store *st) {
  fx_loan(st);
  assert_int_equal(ssvc_swap_faulty_returned(st, C2, "a"), SSVC_OK);
  assert_int_equal(ssvc_swap_repaired(st, C2, "a"), SSVC_OK);
  return NULL;
}
/* C3 backordered (the pool is empty after C1, C2), so a receive serves it. */
static void *fx_backorder(ssvc_store *st) {
  fx_swap(st);
  assert_int_equal(ssvc_swap_reserve(st, NULL, C3, NULL, "a"), SSVC_OK);
  return NULL;
}
static void *fx_overdue(ssvc_store *st) {
  fx_swap(st);
  store_fault_clock_offset = 30 * 86400; /* a month later: C2's faulty phone is overdue */
  return NULL;
}
static void reset_clock(void *u) {
  (void)u;
  store_fault_clock_offset = 0;
}

static int op_receive(ssvc_store *st, void *u) {
  (void)u;
  return ssvc_swap_receive(st, "ACME", fixture_imei(3), FP5, "lead", NULL);
}
static int op_reserve(ssvc_store *st, void *u) {
  (void)u;
  return ssvc_swap_reserve(st, NULL, C3, NULL, "a");
}
static int op_reserve_backorder(ssvc_store *st, void *u) {
  (void)u;
  return ssvc_swap_reserve(st, NULL, C3, "Galaxy A15", "a");
}
static int op_ship(ssvc_store *st, void *u) {
  (void)u;
  return ssvc_swap_ship(st, NULL, C1, "PostNord", "PN1", "a");
}
static int op_returned(ssvc_store *st, void *u) {
  (void)u;
  return ssvc_swap_faulty_returned(st, C2, "a");
}
static int op_repaired(ssvc_store *st, void *u) {
  (void)u;
  return ssvc_swap_repaired(st, C2, "a");
}
static int op_loan_returned(ssvc_store *st, void *u) {
  (void)u;
  return ssvc_swap_loan_returned(st, C2, "a");
}
static int op_cancel(ssvc_store *st, void *u) {
  (void)u;
  return ssvc_swap_cancel(st, C1, "a");
}
static void *fx_spare(ssvc_store *st) {
  fx_swap(st);
  assert_int_equal(ssvc_swap_receive(st, "ACME", fixture_imei(4), FP5, "lead", NULL), SSVC_OK);
  return NULL;
}
static int op_retire(ssvc_store *st, void *u) {
  (void)u;
  return ssvc_swap_retire(st, "ACME", fixture_imei(4), "lead", "broken");
}
static int op_receive_served(ssvc_store *st, void *u) {
  (void)u;
  char served[SSVC_CASE_ID_SIZE];
  int rc = ssvc_swap_receive(st, "ACME", fixture_imei(3), FP5, "lead", served);
  return rc ? rc : strcmp(served, C3) == 0 ? SSVC_OK : SSVC_EINTERNAL;
}
static int op_overdue(ssvc_store *st, void *u) {
  (void)u;
  size_t n = 0;
  int rc = ssvc_swap_overdue(st, NULL, "nightly", &n, NULL, NULL);
  return rc ? rc : n == 1 ? SSVC_OK : SSVC_EINTERNAL;
}
static int op_advise(ssvc_store *st, void *u) {
  (void)u;
  uint32_t total;
  return ssvc_swap_advise(st, "ACME", &total, NULL, NULL);
}
static int op_erase(ssvc_store *st, void *u) {
  (void)u;
  size_t n = 0;
  int rc = ssvc_swap_erase_user(st, &n, "ACME", "+46701", "dpo");
  return rc ? rc : n == 3 ? SSVC_OK : SSVC_EINTERNAL;
}
static void *fx_request(ssvc_store *st) {
  fx_backorder(st);
  uint32_t number;
  assert_int_equal(ssvc_swap_refill_request(st, &number, NULL, "ACME", "lead"), SSVC_OK);
  return NULL;
}
static int op_request(ssvc_store *st, void *u) {
  (void)u;
  uint32_t number, total;
  int rc = ssvc_swap_refill_request(st, &number, &total, "ACME", "lead");
  return rc ? rc : number == 1 ? SSVC_OK : SSVC_EINTERNAL;
}
static int op_decide(ssvc_store *st, void *u) {
  (void)u;
  const char *imeis[] = {fixture_imei(3), fixture_imei(4)};
  const char *models[] = {FP5, FP5};
  return ssvc_swap_refill_decide(st, "ACME", 1, 1, imeis, models, 2, "customer");
}
static int op_refill_get(ssvc_store *st, void *u) {
  (void)u;
  int state;
  struct lines l = {""};
  return ssvc_swap_refill_get(st, &state, NULL, NULL, "ACME", 1, list_lines, &l);
}
static int op_reads(ssvc_store *st, void *u) {
  (void)u;
  int n = 0, rc;
  ssvc_unit un = SSVC_UNIT_INIT;
  ssvc_order o = SSVC_ORDER_INIT;
  if ((rc = ssvc_swap_unit_list(st, "ACME", (ssvc_unit_fn)count_orders, &n)) ||
      (rc = ssvc_swap_unit_get(st, &un, "ACME", fixture_imei(1))) ||
      (rc = ssvc_swap_order_get(st, &o, C1)) ||
      (rc = ssvc_swap_order_list(st, NULL, 0, count_orders, &n)) ||
      (rc = ssvc_swap_order_list(st, "ACME", SSVC_ORDER_BACKORDERED, count_orders, &n)))
    return rc;
  return n == 4 ? SSVC_OK : SSVC_EINTERNAL;
}

static const struct store_op ops[] = {
    {"ssvc_swap_receive", fx_swap, op_receive, NULL},
    {"ssvc_swap_receive (serves a backorder)", fx_backorder, op_receive_served, NULL},
    {"ssvc_swap_reserve", fx_swap, op_reserve, NULL},
    {"ssvc_swap_reserve (backorder)", fx_swap, op_reserve_backorder, NULL},
    {"ssvc_swap_ship", fx_swap, op_ship, NULL},
    {"ssvc_swap_faulty_returned (to stock)", fx_swap, op_returned, NULL},
    {"ssvc_swap_faulty_returned (loan)", fx_loan, op_returned, NULL},
    {"ssvc_swap_repaired (to stock)", fx_returned, op_repaired, NULL},
    {"ssvc_swap_repaired (to user)", fx_returned_user, op_repaired, NULL},
    {"ssvc_swap_loan_returned", fx_loan_out, op_loan_returned, NULL},
    {"ssvc_swap_cancel", fx_backorder, op_cancel, NULL},
    {"ssvc_swap_retire", fx_spare, op_retire, NULL},
    {"ssvc_swap_overdue", fx_overdue, op_overdue, reset_clock},
    {"ssvc_swap_advise", fx_backorder, op_advise, NULL},
    {"ssvc_swap_erase_user", fx_swap, op_erase, NULL},
    {"ssvc_swap_refill_request", fx_backorder, op_request, NULL},
    {"ssvc_swap_refill_decide", fx_request, op_decide, NULL},
    {"ssvc_swap_refill_get", fx_request, op_refill_get, NULL},
    {"ssvc_swap reads", fx_swap, op_reads, NULL},
};

static void every_storage_call_fails_cleanly(void **state) {
  (void)state;
  fault_every_op(ops, STORE_OPS_COUNT(ops), FAULT_STORAGE);
}

static void every_allocation_fails_cleanly(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
    if (ops[i].run == op_reads) {
      assert_int_equal(fault_every_store_alloc(&ops[i]), 0); /* reads allocate nothing */
      continue;
    }
    assert_true(fault_every_store_alloc(&ops[i]) > 0);
  }
}

/* The same operations on SQLite: a fresh database file for every run. */
/* Reserve, ship and return (the operations two agents race on) under storage faults on SQLite. */
static void storage_faults_on_sqlite(void **state) {
  (void)state;
  fresh_sqlite_begin(SSVC_TEST_TMP, "test_swap_pool");
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
    if (ops[i].run == op_reserve || ops[i].run == op_ship || ops[i].run == op_returned ||
        ops[i].run == op_receive_served)
      assert_true(fault_every_storage_call(&ops[i]) > 0);
  fresh_store_end();
}

/* The same on PostgreSQL (`test_swap_pool pg`, ctest unit.swap_pool.pg): a fresh schema for every
 * run. */
#include "pg_env.h"
static char pg_dsn[1024];

static void storage_faults_on_pg(void **state) {
  (void)state;
  fresh_pg_begin(pg_dsn, "test_swap_pool");
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
    if (ops[i].run == op_reserve || ops[i].run == op_ship || ops[i].run == op_returned ||
        ops[i].run == op_receive_served)
      assert_true(fault_every_storage_call(&ops[i]) > 0);
  fresh_store_end();
}

/* Each agreement's calendar, whatever the context shipped for before (the context keeps the last
 * calendar built): ACME is closed on Wednesday 4 March, BETA is not, then ACME's closed day is
 * taken away. Registered, reserved and shipped on Tuesday 3 March 10:00 each time. */
static ssvc_date ship_today(struct fx *f, const char *customer, int n) {
  char id[SSVC_CASE_ID_SIZE];
  fixture_now = INT64_C(1772528400); /* Tuesday 2026-03-03 10:00 Stockholm */
  assert_int_equal(ssvc_swap_receive(f->st, customer, fixture_imei(n), FP5, "lead", NULL), 0);
  new_case_for(f->st, id, customer, "PROF", fixture_imei(100 + n));
  assert_int_equal(ssvc_swap_reserve(f->st, NULL, id, NULL, "agent"), SSVC_OK);
  ssvc_order o = SSVC_ORDER_INIT;
  assert_int_equal(ssvc_swap_ship(f->st, &o, id, NULL, NULL, "agent"), SSVC_OK);
  return o.delivery;
}

static void calendar_of_each_agreement(void **state) {
  struct fx *f = *state;
  ssvc_date closed[] = {{2026, 3, 4}};
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  s.customer_id = s.customer_name = "ACME";
  s.tier_code = "PROF";
  s.fleet = 50;
  s.closed_days = closed;
  s.closed_day_count = 1;
  assert_int_equal(ssvc_agreement_create(f->st, &s, "lead"), SSVC_OK);
  agreement(f->st, "BETA", "PROF", 0, 0);
  assert_int_equal(ship_today(f, "ACME", 1).day, 5);
  assert_int_equal(ship_today(f, "BETA", 2).day, 4);
  assert_int_equal(ship_today(f, "ACME", 3).day, 5);
  s.closed_days = NULL;
  s.closed_day_count = 0;
  assert_int_equal(ssvc_agreement_update(f->st, &s, 0, "lead"), SSVC_OK);
  assert_int_equal(ship_today(f, "ACME", 4).day, 4);
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "pg") == 0) {
    pg_test_require("unit.swap_pool.pg", pg_dsn, sizeof pg_dsn);
    const struct CMUnitTest pg_tests[] = {cmocka_unit_test(storage_faults_on_pg)};
    return cmocka_run_group_tests_name("SWAP pool on PostgreSQL", pg_tests, NULL, NULL);
  }
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(names),
      cmocka_unit_test_setup_teardown(receive_and_list, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(swap_flow_to_stock, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(swap_flow_to_user, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(loan_flow, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(entitlement_and_refusals, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(backorders_and_refill, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(overdue_returns, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(delivery_dates, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(promise_is_the_registrations, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(calendar_of_each_agreement, fixture_setup,
                                      fixture_teardown),
      cmocka_unit_test_setup_teardown(grouped_with_cases, fixture_setup, fixture_teardown),
      cmocka_unit_test(damaged_unit_and_order_records),
      cmocka_unit_test(damaged_record_stops_a_listing),
      cmocka_unit_test(lost_compare_and_set_is_retried),
      cmocka_unit_test_setup_teardown(erasure_reaches_orders, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(refill_requests, fixture_setup, fixture_teardown),
      cmocka_unit_test(every_storage_call_fails_cleanly),
      cmocka_unit_test(every_allocation_fails_cleanly),
      cmocka_unit_test(storage_faults_on_sqlite),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
