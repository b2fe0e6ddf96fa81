/* stock change orders: new (checked against the stock), approve (phones in, units out, targets,
 * the charge, one transaction), decline, get, list, the change feed and the damage check, every
 * refusal and its words, and every operation that changes the store under storage and
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

#define OLD "Fairphone 4"
#define NEW "Fairphone 5"

/* ACME on PROF with two old units in its stock (imeis 1 and 2). */
static void setup_customer(ssvc_store *st) {
  fixture_agreement(st, "ACME", "PROF", 100, 0, 0);
  assert_int_equal(ssvc_swap_receive(st, "ACME", fixture_imei(1), OLD, "lead", NULL), SSVC_OK);
  assert_int_equal(ssvc_swap_receive(st, "ACME", fixture_imei(2), OLD, "lead", NULL), SSVC_OK);
}

static ssvc_stock_line add_line(int n, const char *model) {
  ssvc_stock_line l = SSVC_STOCK_LINE_INIT;
  l.kind = SSVC_STOCK_ADD;
  snprintf(l.imei, sizeof l.imei, "%s", fixture_imei(n));
  snprintf(l.model, sizeof l.model, "%s", model);
  return l;
}

static ssvc_stock_line remove_line(int n, int disposal) {
  ssvc_stock_line l = SSVC_STOCK_LINE_INIT;
  l.kind = SSVC_STOCK_REMOVE;
  snprintf(l.imei, sizeof l.imei, "%s", fixture_imei(n));
  l.disposal = disposal;
  return l;
}

static ssvc_stock_line target_line(const char *model, uint32_t target) {
  ssvc_stock_line l = SSVC_STOCK_LINE_INIT;
  l.kind = SSVC_STOCK_TARGET;
  snprintf(l.model, sizeof l.model, "%s", model);
  l.target = target;
  return l;
}

/* The order of the tests: two new phones in, both old ones out, targets 2 new and 0 old. */
static uint32_t new_order(ssvc_store *st, int64_t price) {
  ssvc_stock_line l[6] = {add_line(3, NEW), add_line(4, NEW),
                          remove_line(1, SSVC_STOCK_TO_CUSTOMER), remove_line(2, SSVC_STOCK_SOLD),
                          target_line(NEW, 2), target_line(OLD, 0)};
  uint32_t number = 0;
  assert_int_equal(ssvc_stock_order_new(st, &number, "ACME", l, 6, price, "lead"), SSVC_OK);
  return number;
}

static int unit_state(ssvc_store *st, int n) {
  ssvc_unit u = SSVC_UNIT_INIT;
  int rc = ssvc_swap_unit_get(st, &u, "ACME", fixture_imei(n));
  return rc ? rc : u.state;
}

struct charges_seen {
  int n;
  ssvc_charge last;
  char sv[200];
};

static int charge_cb(void *ud, uint32_t index, const ssvc_charge *c, int64_t at,
                     const char *actor, int invoiced) {
  (void)index;
  (void)at;
  (void)actor;
  (void)invoiced;
  struct charges_seen *s = ud;
  s->n++;
  s->last = *c;
  snprintf(s->sv, sizeof s->sv, "%s", c->text_sv ? c->text_sv : "");
  s->last.text_sv = s->sv;
  return 0;
}

static void names(void **state) {
  (void)state;
  assert_string_equal(ssvc_stock_line_kind_name(SSVC_STOCK_ADD), "add");
  assert_string_equal(ssvc_stock_line_kind_name(SSVC_STOCK_REMOVE), "remove");
  assert_string_equal(ssvc_stock_line_kind_name(SSVC_STOCK_TARGET), "target");
  assert_null(ssvc_stock_line_kind_name(0));
  assert_null(ssvc_stock_line_kind_name(4));
  assert_string_equal(ssvc_stock_disposal_name(SSVC_STOCK_TO_CUSTOMER), "to-customer");
  assert_string_equal(ssvc_stock_disposal_name(SSVC_STOCK_SOLD), "sold");
  assert_string_equal(ssvc_stock_disposal_name(SSVC_STOCK_RETIRED), "retired");
  assert_null(ssvc_stock_disposal_name(4));
  int d = 0;
  assert_int_equal(ssvc_stock_disposal_from_name(NULL, &d, "sold"), SSVC_OK);
  assert_int_equal(d, SSVC_STOCK_SOLD);
  assert_int_equal(ssvc_stock_disposal_from_name(NULL, &d, "lost"), SSVC_ENOTFOUND);
  ssvc_stock_line l;
  assert_int_equal(ssvc_stock_line_init(&l, SSVC_STOCK_LINE_VERSION), SSVC_OK);
  assert_int_equal(ssvc_stock_line_init(&l, 2), SSVC_EVERSION);
  assert_int_equal(ssvc_stock_line_init(NULL, 1), SSVC_EINVAL);
  ssvc_stock_order o;
  assert_int_equal(ssvc_stock_order_init(&o, SSVC_STOCK_ORDER_VERSION), SSVC_OK);
  assert_int_equal(o.version, SSVC_STOCK_ORDER_VERSION);
  assert_int_equal(ssvc_stock_order_init(&o, 0), SSVC_EVERSION);
  assert_string_equal(ssvc_change_kind_name(SSVC_CHANGE_STOCK_ORDER), "stock-order");
  assert_string_equal(ssvc_charge_kind_key(SSVC_CHARGE_STOCK_CHANGE), "stock-change");
}

struct lines_seen {
  int n;
  ssvc_stock_line l[8];
};

static int line_cb(void *ud, const ssvc_stock_line *l) {
  struct lines_seen *s = ud;
  if (s->n < 8) s->l[s->n] = *l;
  s->n++;
  return 0;
}

static int target_of(ssvc_store *st, const char *model) {
  ssvc_agreement *ag = NULL;
  assert_int_equal(ssvc_agreement_load(st, &ag, "ACME"), SSVC_OK);
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  ssvc_agreement_spec_get(ag, &s);
  int t = -1;
  for (size_t i = 0; i < s.model_count; i++)
    if (strcmp(s.models[i].model, model) == 0) t = (int)s.models[i].target;
  ssvc_agreement_free(ag);
  return t;
}

static void approve_applies_the_whole_order(void **state) {
  struct fx *f = *state;
  setup_customer(f->st);
  uint32_t number = new_order(f->st, 150000);
  assert_int_equal(number, 1);
  ssvc_stock_order o = SSVC_STOCK_ORDER_INIT;
  struct lines_seen ls = {0};
  assert_int_equal(ssvc_stock_order_get(f->st, &o, "ACME", 1, line_cb, &ls), SSVC_OK);
  assert_int_equal(o.state, SSVC_REFILL_PENDING);
  assert_int_equal(o.adds, 2);
  assert_int_equal(o.removes, 2);
  assert_int_equal(o.targets, 2);
  assert_int_equal(o.price_minor, 150000);
  assert_int_equal(o.decided_at, 0);
  assert_int_equal(ls.n, 6);
  assert_string_equal(ls.l[2].model, OLD); /* the removed unit's model, as the order read it */
  assert_int_equal(ls.l[3].disposal, SSVC_STOCK_SOLD);
  assert_int_equal(ls.l[4].target, 2);
  /* Pending: nothing has happened to the stock. */
  assert_int_equal(unit_state(f->st, 1), SSVC_UNIT_AVAILABLE);
  assert_int_equal(unit_state(f->st, 3), SSVC_ENOTFOUND);

  assert_int_equal(ssvc_stock_order_decide(f->st, "ACME", 1, 1, "customer"), SSVC_OK);
  assert_int_equal(unit_state(f->st, 1), SSVC_UNIT_RETIRED);
  assert_int_equal(unit_state(f->st, 2), SSVC_UNIT_RETIRED);
  assert_int_equal(unit_state(f->st, 3), SSVC_UNIT_AVAILABLE);
  assert_int_equal(unit_state(f->st, 4), SSVC_UNIT_AVAILABLE);
  assert_int_equal(target_of(f->st, NEW), 2);
  assert_int_equal(target_of(f->st, OLD), 0);
  struct charges_seen cs = {0};
  assert_int_equal(ssvc_charges_list(f->st, "ACME", charge_cb, &cs), SSVC_OK);
  assert_int_equal(cs.n, 1);
  assert_int_equal(cs.last.kind, SSVC_CHARGE_STOCK_CHANGE);
  assert_int_equal(cs.last.unit_price_minor, 150000);
  assert_int_equal(cs.last.quantity, 1);
  assert_string_equal(cs.sv, "Ändring av SWAP-lager, beställning 1 (2 in, 2 ut)");
  assert_int_equal(ssvc_stock_order_get(f->st, &o, "ACME", 1, NULL, NULL), SSVC_OK);
  assert_int_equal(o.state, SSVC_REFILL_APPROVED);
  assert_int_equal(o.decided_at, STORE_FAULT_NOW);
  /* Decided once: the refill request's rule and words. */
  assert_int_equal(ssvc_stock_order_decide(f->st, "ACME", 1, 0, "customer"), SSVC_ESTATE);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "ssvc_stock_order_decide: ACME: stock change "
                      "order 1 is approved (needs pending)");
  size_t problems = 9;
  assert_int_equal(ssvc_store_check(f->st, NULL, NULL, &problems), SSVC_OK);
  assert_int_equal(problems, 0);
}

static void approval_serves_backorders_first(void **state) {
  struct fx *f = *state;
  fixture_agreement(f->st, "ACME", "PROF", 100, 0, 0);
  char id[SSVC_CASE_ID_SIZE];
  fixture_case(f->st, id, "ACME", "PROF", fixture_imei(9));
  assert_int_equal(ssvc_case_transition(f->st, id, SSVC_CASE_DIAGNOSING, "agent", NULL), SSVC_OK);
  ssvc_order ord = SSVC_ORDER_INIT;
  assert_int_equal(ssvc_swap_reserve(f->st, &ord, id, NEW, "agent"), SSVC_OK);
  assert_int_equal(ord.state, SSVC_ORDER_BACKORDERED);
  ssvc_stock_line l = add_line(3, NEW);
  uint32_t number;
  assert_int_equal(ssvc_stock_order_new(f->st, &number, "ACME", &l, 1, 0, "lead"), SSVC_OK);
  assert_int_equal(ssvc_stock_order_decide(f->st, "ACME", number, 1, "customer"), SSVC_OK);
  assert_int_equal(unit_state(f->st, 3), SSVC_UNIT_RESERVED);
  /* Free: no charge. */
  struct charges_seen cs = {0};
  assert_int_equal(ssvc_charges_list(f->st, "ACME", charge_cb, &cs), SSVC_OK);
  assert_int_equal(cs.n, 0);
}

static void decline_changes_only_the_state(void **state) {
  struct fx *f = *state;
  setup_customer(f->st);
  new_order(f->st, 150000);
  assert_int_equal(new_order(f->st, 0), 0 + 2); /* numbered on */
  assert_int_equal(ssvc_stock_order_decide(f->st, "ACME", 1, 0, "customer"), SSVC_OK);
  assert_int_equal(unit_state(f->st, 1), SSVC_UNIT_AVAILABLE);
  assert_int_equal(unit_state(f->st, 3), SSVC_ENOTFOUND);
  assert_int_equal(target_of(f->st, NEW), -1);
  struct charges_seen cs = {0};
  assert_int_equal(ssvc_charges_list(f->st, "ACME", charge_cb, &cs), SSVC_OK);
  assert_int_equal(cs.n, 0);
  ssvc_stock_order o = SSVC_STOCK_ORDER_INIT;
  assert_int_equal(ssvc_stock_order_get(f->st, &o, "ACME", 1, NULL, NULL), SSVC_OK);
  assert_int_equal(o.state, SSVC_REFILL_DECLINED);
}

struct orders_seen {
  int n;
  uint32_t numbers[4];
  int stop_after;
};

static int order_cb(void *ud, const ssvc_stock_order *o) {
  struct orders_seen *s = ud;
  if (s->n < 4) s->numbers[s->n] = o->number;
  s->n++;
  return s->stop_after && s->n >= s->stop_after;
}

static void list_by_number(void **state) {
  struct fx *f = *state;
  setup_customer(f->st);
  fixture_agreement(f->st, "BYG", "PROF", 10, 0, 0);
  new_order(f->st, 0);
  new_order(f->st, 0);
  struct orders_seen s = {0};
  assert_int_equal(ssvc_stock_order_list(f->st, "ACME", order_cb, &s), SSVC_OK);
  assert_int_equal(s.n, 2);
  assert_int_equal(s.numbers[0], 1);
  assert_int_equal(s.numbers[1], 2);
  struct orders_seen one = {0, {0}, 1};
  assert_int_equal(ssvc_stock_order_list(f->st, "ACME", order_cb, &one), SSVC_OK);
  assert_int_equal(one.n, 1);
  struct orders_seen none = {0};
  assert_int_equal(ssvc_stock_order_list(f->st, "BYG", order_cb, &none), SSVC_OK);
  assert_int_equal(none.n, 0);
}

static void change_feed(void **state) {
  struct fx *f = *state;
  setup_customer(f->st);
  uint64_t last = 0;
  assert_int_equal(ssvc_changes_last(f->st, &last), SSVC_OK);
  new_order(f->st, 100);
  assert_int_equal(ssvc_stock_order_decide(f->st, "ACME", 1, 1, "customer"), SSVC_OK);
  struct fixture_feed fd = {SSVC_CHANGE_STOCK_ORDER, 0, 0, ""};
  assert_int_equal(ssvc_changes_read(f->st, last, fixture_feed_cb, &fd), SSVC_OK);
  assert_int_equal(fd.of_kind, 2);
  assert_string_equal(fd.last_id, "ACME/1");
}

static void refusals(void **state) {
  struct fx *f = *state;
  setup_customer(f->st);
  ssvc_ctx *c = f->ctx;
  uint32_t number = 7;
  ssvc_stock_line l[2] = {add_line(3, NEW), add_line(3, NEW)};
#define REFUSED(rc, call, words)                                                                 \
  do {                                                                                           \
    assert_int_equal((call), (rc));                                                              \
    assert_string_equal(ssvc_ctx_errmsg(c), (words));                                            \
  } while (0)
  assert_int_equal(ssvc_stock_order_new(NULL, &number, "ACME", l, 1, 0, "l"), SSVC_EINVAL);
  REFUSED(SSVC_EINVAL, ssvc_stock_order_new(f->st, NULL, "ACME", l, 1, 0, "l"),
          "ssvc_stock_order_new: number must not be NULL");
  REFUSED(SSVC_EINVAL, ssvc_stock_order_new(f->st, &number, "ACME", l, 0, 0, "l"),
          "ssvc_stock_order_new: count: an order has 1..1000 lines (got 0)");
  REFUSED(SSVC_EINVAL, ssvc_stock_order_new(f->st, &number, "ACME", NULL, 1, 0, "l"),
          "ssvc_stock_order_new: lines must not be NULL");
  REFUSED(SSVC_EINVAL, ssvc_stock_order_new(f->st, &number, "ACME", l, 2, 0, "l"),
          "ssvc_stock_order_new: lines[1].imei: 356938030000039 is already in lines[0]");
  REFUSED(SSVC_EINVAL, ssvc_stock_order_new(f->st, &number, "ACME", l, 1, -5, "l"),
          "ssvc_stock_order_new: price_minor: -5 is not 0..10^12");
  assert_int_equal(ssvc_stock_order_new(f->st, &number, "ACME", l, 1, 0, ""), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(c), "ssvc_stock_order_new: actor"));
  assert_int_equal(ssvc_stock_order_new(f->st, &number, "BYG", l, 1, 0, "l"), SSVC_ENOTFOUND);
  assert_non_null(strstr(ssvc_ctx_errmsg(c), "BYG"));
  l[1] = target_line(NEW, 10001);
  REFUSED(SSVC_EINVAL, ssvc_stock_order_new(f->st, &number, "ACME", l, 2, 0, "l"),
          "ssvc_stock_order_new: lines[1].target: must be 0..10000 (got 10001)");
  l[1].kind = 4;
  REFUSED(SSVC_EINVAL, ssvc_stock_order_new(f->st, &number, "ACME", l, 2, 0, "l"),
          "ssvc_stock_order_new: lines[1].kind: not add (1), remove (2) or target (3) (got 4)");
  l[1] = remove_line(1, 0);
  REFUSED(SSVC_EINVAL, ssvc_stock_order_new(f->st, &number, "ACME", l, 2, 0, "l"),
          "ssvc_stock_order_new: lines[1].disposal: not to-customer (1), sold (2) or retired (3) "
          "(got 0)");
  l[1] = add_line(4, "");
  assert_int_equal(ssvc_stock_order_new(f->st, &number, "ACME", l, 2, 0, "l"), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(c), "ssvc_stock_order_new: lines[1].model"));
  l[1] = add_line(4, NEW);
  l[1].imei[14] = l[1].imei[14] == '9' ? '0' : (char)(l[1].imei[14] + 1);
  assert_int_equal(ssvc_stock_order_new(f->st, &number, "ACME", l, 2, 0, "l"), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(c), "ssvc_stock_order_new: lines[1].imei"));
  l[1] = add_line(4, NEW);
  l[1].version = 9;
  assert_int_equal(ssvc_stock_order_new(f->st, &number, "ACME", l, 2, 0, "l"), SSVC_EVERSION);
  l[0] = target_line(NEW, 1);
  l[1] = target_line(NEW, 2);
  REFUSED(SSVC_EINVAL, ssvc_stock_order_new(f->st, &number, "ACME", l, 2, 0, "l"),
          "ssvc_stock_order_new: lines[1].model: the target of Fairphone 5 is already in "
          "lines[0]");
  /* Against the stock. */
  l[0] = add_line(1, NEW);
  REFUSED(SSVC_EEXISTS, ssvc_stock_order_new(f->st, &number, "ACME", l, 1, 0, "l"),
          "ssvc_stock_order_new: lines[0].imei: ACME already has a unit with IMEI "
          "356938030000013 (available)");
  l[0] = remove_line(5, SSVC_STOCK_RETIRED);
  REFUSED(SSVC_ENOTFOUND, ssvc_stock_order_new(f->st, &number, "ACME", l, 1, 0, "l"),
          "ssvc_stock_order_new: lines[0].imei: ACME has no unit with IMEI 356938030000054");
  assert_int_equal(ssvc_swap_retire(f->st, "ACME", fixture_imei(2), "l", NULL), SSVC_OK);
  l[0] = remove_line(2, SSVC_STOCK_RETIRED);
  REFUSED(SSVC_ESTATE, ssvc_stock_order_new(f->st, &number, "ACME", l, 1, 0, "l"),
          "ssvc_stock_order_new: lines[0].imei: unit 356938030000021 is retired; only available "
          "or in-repair units can leave the stock");
  /* A tier without SWAP administration keeps no stock. */
  fixture_agreement(f->st, "BAS1", "BAS", 10, 0, 0);
  l[0] = add_line(3, NEW);
  assert_int_equal(ssvc_stock_order_new(f->st, &number, "BAS1", l, 1, 0, "l"),
                   SSVC_ENOTENTITLED);
  assert_int_equal(number, 7); /* untouched by every refusal */
  struct orders_seen s = {0};
  assert_int_equal(ssvc_stock_order_list(f->st, "ACME", order_cb, &s), SSVC_OK);
  assert_int_equal(s.n, 0);

  /* Decide, get, list. */
  REFUSED(SSVC_ENOTFOUND, ssvc_stock_order_decide(f->st, "ACME", 3, 1, "l"),
          "ssvc_stock_order_decide: ACME has no stock change order 3");
  assert_int_equal(ssvc_stock_order_decide(f->st, "", 1, 1, "l"), SSVC_EINVAL);
  assert_int_equal(ssvc_stock_order_decide(f->st, "ACME", 1, 1, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_stock_order_decide(NULL, "ACME", 1, 1, "l"), SSVC_EINVAL);
  ssvc_stock_order o = SSVC_STOCK_ORDER_INIT;
  REFUSED(SSVC_EINVAL, ssvc_stock_order_get(f->st, NULL, "ACME", 1, NULL, NULL),
          "ssvc_stock_order_get: out must not be NULL");
  REFUSED(SSVC_ENOTFOUND, ssvc_stock_order_get(f->st, &o, "ACME", 1, NULL, NULL),
          "ssvc_stock_order_get: ACME has no stock change order 1");
  o.version = 2;
  assert_int_equal(ssvc_stock_order_get(f->st, &o, "ACME", 1, NULL, NULL), SSVC_EVERSION);
  REFUSED(SSVC_EINVAL, ssvc_stock_order_list(f->st, "ACME", NULL, NULL),
          "ssvc_stock_order_list: fn must not be NULL");
  assert_int_equal(ssvc_stock_order_list(f->st, "", order_cb, &s), SSVC_EINVAL);
#undef REFUSED
}

/* What changed between writing and approving is refused at the approval, and nothing moves. */
static void approval_checks_the_stock_again(void **state) {
  struct fx *f = *state;
  setup_customer(f->st);
  new_order(f->st, 150000);
  ssvc_order ord = SSVC_ORDER_INIT;
  char id[SSVC_CASE_ID_SIZE];
  fixture_case(f->st, id, "ACME", "PROF", fixture_imei(9));
  assert_int_equal(ssvc_case_transition(f->st, id, SSVC_CASE_DIAGNOSING, "agent", NULL), SSVC_OK);
  assert_int_equal(ssvc_swap_reserve(f->st, &ord, id, OLD, "agent"), SSVC_OK);
  assert_string_equal(ord.imei, fixture_imei(1));
  assert_int_equal(ssvc_stock_order_decide(f->st, "ACME", 1, 1, "customer"), SSVC_ESTATE);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "ssvc_stock_order_decide: unit 356938030000013 is "
                      "reserved; only available or in-repair units can be retired");
  assert_int_equal(unit_state(f->st, 2), SSVC_UNIT_AVAILABLE);
  assert_int_equal(unit_state(f->st, 3), SSVC_ENOTFOUND);
  ssvc_stock_order o = SSVC_STOCK_ORDER_INIT;
  assert_int_equal(ssvc_stock_order_get(f->st, &o, "ACME", 1, NULL, NULL), SSVC_OK);
  assert_int_equal(o.state, SSVC_REFILL_PENDING);
  /* Declining is still possible. */
  assert_int_equal(ssvc_stock_order_decide(f->st, "ACME", 1, 0, "customer"), SSVC_OK);
}

/* ---- The XML interchange carries the orders with the agreement ---- */

/* Every order of ACME with its lines as one text. */
static int line_text(void *ud, const ssvc_stock_line *l) {
  char *t = ud;
  size_t n = strlen(t);
  snprintf(t + n, 2048 - n, "[%d %s %s %d %u]", l->kind, l->imei, l->model, l->disposal,
           (unsigned)l->target);
  return 0;
}

static void orders_text(ssvc_store *st, char *t) {
  t[0] = '\0';
  for (uint32_t k = 1; k <= 2; k++) {
    ssvc_stock_order o = SSVC_STOCK_ORDER_INIT;
    assert_int_equal(ssvc_stock_order_get(st, &o, "ACME", k, line_text, t), SSVC_OK);
    size_t n = strlen(t);
    snprintf(t + n, 2048 - n, "{%u %d %lld %lld %lld %u}", (unsigned)o.number, o.state,
             (long long)o.price_minor, (long long)o.created_at, (long long)o.decided_at,
             (unsigned)o.charge_index);
  }
}

/* ACME with an approved order (1) and a pending one (2). */
static void two_orders(ssvc_store *st) {
  setup_customer(st);
  new_order(st, 150000);
  assert_int_equal(ssvc_stock_order_decide(st, "ACME", 1, 1, "customer"), SSVC_OK);
  ssvc_stock_line l = remove_line(3, SSVC_STOCK_RETIRED);
  uint32_t number;
  assert_int_equal(ssvc_stock_order_new(st, &number, "ACME", &l, 1, 0, "lead"), SSVC_OK);
}

static void xml_round_trip(void **state) {
  struct fx *f = *state;
  two_orders(f->st);
  struct mem exported = {0};
  assert_int_equal(ssvc_xml_export(f->st, NULL, mem_put, &exported, NULL), SSVC_OK);
  assert_non_null(strstr(exported.p, "<stock-order number=\"1\" state=\"approved\" "
                                     "price=\"150000\" created=\"2026-03-02T09:00:00Z\" "
                                     "decided=\"2026-03-02T09:00:00Z\" charge=\"0\"/>"));
  assert_non_null(strstr(exported.p, "<stock-line order=\"1\" kind=\"remove\" "
                                     "imei=\"356938030000021\" model=\"Fairphone 4\" "
                                     "disposal=\"sold\"/>"));
  assert_non_null(strstr(exported.p, "<stock-line order=\"1\" kind=\"target\" "
                                     "model=\"Fairphone 5\" target=\"2\"/>"));
  static char before[2048], after[2048];
  orders_text(f->st, before);
  ssvc_store *st2 = NULL;
  assert_int_equal(ssvc_store_memory_new(f->ctx, &st2), SSVC_OK);
  ssvc_xml_import_result r = SSVC_XML_IMPORT_RESULT_INIT;
  assert_int_equal(ssvc_xml_import_memory(st2, &r, exported.p, exported.len, "x.xml", NULL),
                   SSVC_OK);
  orders_text(st2, after);
  assert_string_equal(before, after);
  /* A record of what was ordered: nothing applied to the (empty) stock, nothing charged. */
  assert_int_equal(unit_state(st2, 3), SSVC_ENOTFOUND);
  struct charges_seen cs = {0};
  assert_int_equal(ssvc_charges_list(st2, "ACME", charge_cb, &cs), SSVC_OK);
  assert_int_equal(cs.n, 0);
  size_t problems = 1;
  assert_int_equal(ssvc_store_check(st2, NULL, NULL, &problems), SSVC_OK);
  assert_int_equal(problems, 0);
  ssvc_store_free(st2);
  mem_free(&exported);
}

static void xml_bad_records(void **state) {
  struct fx *f = *state;
  static const struct {
    const char *body, *words;
  } bad[] = {
      {"<stock-order number=\"1\" state=\"open\" created=\"2026-03-02T09:00:00Z\"/>",
       "state: not pending, approved or declined (got 'open')"},
      {"<stock-order number=\"1\" state=\"approved\" created=\"2026-03-02T09:00:00Z\"/>"
       "<stock-line order=\"1\" kind=\"target\" model=\"X\" target=\"1\"/>",
       "decided: given exactly when the order is approved or declined"},
      {"<stock-order number=\"1\" state=\"pending\" created=\"2026-03-02T09:00:00Z\"/>",
       "order 1 has no <stock-line>"},
      {"<stock-order number=\"1\" state=\"pending\" created=\"2026-03-02T09:00:00Z\"/>"
       "<stock-line order=\"2\" kind=\"target\" model=\"X\" target=\"1\"/>",
       "order 2 is not a <stock-order> of the agreement"},
      {"<stock-order number=\"1\" state=\"pending\" created=\"2026-03-02T09:00:00Z\"/>"
       "<stock-line order=\"1\" kind=\"remove\" imei=\"356938030000013\"/>",
       "order 1: <stock-order>: lines[0].disposal"},
      {"<stock-order number=\"1\" state=\"pending\" created=\"2026-03-02T09:00:00Z\"/>"
       "<stock-line order=\"1\" kind=\"swap\"/>", "kind: not add, remove or target"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char xml[2048];
    snprintf(xml, sizeof xml,
             "<cases version=\"1\" xmlns=\"urn:smartservice:cases:1\"><agreement "
             "customer=\"ACME\" name=\"ACME\" tier=\"PROF\" fleet=\"10\">%s</agreement>"
             "</cases>", bad[i].body);
    ssvc_xml_import_result r = SSVC_XML_IMPORT_RESULT_INIT;
    assert_int_not_equal(ssvc_xml_import_memory(f->st, &r, xml, strlen(xml), "x.xml", NULL),
                         SSVC_OK);
    if (!strstr(ssvc_ctx_errmsg(f->ctx), bad[i].words))
      fail_msg("case %zu: '%s' lacks '%s'", i, ssvc_ctx_errmsg(f->ctx), bad[i].words);
    struct orders_seen s = {0};
    assert_int_equal(ssvc_stock_order_list(f->st, "ACME", order_cb, &s), SSVC_OK);
    assert_int_equal(s.n, 0);
  }
}

/* ---- Every operation that changes the store under storage and allocation faults ---- */

static void *fx_base(ssvc_store *st) {
  setup_customer(st);
  new_order(st, 150000);
  return NULL;
}
static int op_new(ssvc_store *st, void *u) {
  (void)u;
  ssvc_stock_line l[3] = {add_line(5, NEW), remove_line(1, SSVC_STOCK_RETIRED),
                          target_line(NEW, 3)};
  uint32_t number;
  return ssvc_stock_order_new(st, &number, "ACME", l, 3, 9900, "lead");
}
static int op_approve(ssvc_store *st, void *u) {
  (void)u;
  return ssvc_stock_order_decide(st, "ACME", 1, 1, "customer");
}
static int op_decline(ssvc_store *st, void *u) {
  (void)u;
  return ssvc_stock_order_decide(st, "ACME", 1, 0, "customer");
}

/* The import of an agreement with its orders (over a store that has the customer). */
static struct mem fault_xml;
static void *fx_xml(ssvc_store *st) {
  mem_export_once(&fault_xml, two_orders);
  fixture_agreement(st, "ACME", "PROF", 100, 0, 0);
  return NULL;
}
static int op_import(ssvc_store *st, void *u) {
  (void)u;
  return mem_import_replace(st, &fault_xml);
}

static const struct store_op ops[] = {
    {"ssvc_xml_import_memory with stock change orders", fx_xml, op_import, NULL},
    {"ssvc_stock_order_new", fx_base, op_new, NULL},
    {"ssvc_stock_order_decide approve", fx_base, op_approve, NULL},
    {"ssvc_stock_order_decide decline", fx_base, op_decline, NULL},
};

STORE_FAULT_TEST_FUNCTIONS(ops, FAULT_STORAGE, "test_stock_order")

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(names),
      cmocka_unit_test_setup_teardown(approve_applies_the_whole_order, fixture_setup,
                                      fixture_teardown),
      cmocka_unit_test_setup_teardown(approval_serves_backorders_first, fixture_setup,
                                      fixture_teardown),
      cmocka_unit_test_setup_teardown(decline_changes_only_the_state, fixture_setup,
                                      fixture_teardown),
      cmocka_unit_test_setup_teardown(list_by_number, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(change_feed, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(refusals, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(approval_checks_the_stock_again, fixture_setup,
                                      fixture_teardown),
      cmocka_unit_test_setup_teardown(xml_round_trip, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(xml_bad_records, fixture_setup, fixture_teardown),
      STORE_FAULT_TESTS,
  };
  return cmocka_run_group_tests_name("stock change orders", tests, NULL, NULL);
}
