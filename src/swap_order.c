/* swap_order: swap and loan orders: reservation with compare-and-set and backorders, shipment,
 * the faulty phone's return, repair, a loan's return, cancellation, get and list, and the
 * erasure of a user from the orders. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_keys.h"
#include "erase.h"
#include "swap_record.h"
/* ------------------------------------------------------------------------------------------ */
/* Reserve                                                                                     */

/* Moves the case of an order to state @p to, with @p note: the pool's own transition. */
static int case_move(struct op *p, const char *case_id, int to, const char *note) {
  return ssvc__case_transition_pool(p->st, p->func, case_id, to, p->actor, note);
}

struct case_args {
  const char *case_id;
  const char *model;             /* reserve */
  const char *carrier, *tracking; /* ship */
  ssvc_order order;              /* the order after the operation */
};

static int reserve_body(struct op *p, void *args) {
  struct case_args *a = args;
  ssvc_case *c = NULL;
  ssvc_case_info ci;
  ssvc_agreement *ag = NULL;
  int rc = ssvc__swap_load_case(p, a->case_id, &c, &ci);
  if (rc) goto out;
  if ((rc = ssvc__agreement_load(p->st, p->func, ci.customer_id, &ag))) goto out;
  if ((rc = ssvc__swap_require(p->ctx, p->func, a->case_id, ag, SSVC_FEATURE_SWAP_ACTIVATION)))
    goto out;
  if (!(ci.features & SSVC_FEATURE_SWAP_ACTIVATION)) {
    rc = ssvc__err(p->ctx, SSVC_ENOTENTITLED,
                   "%s: %s: the case's tier %s does not include SWAP activation", p->func,
                   a->case_id, ci.tier_code);
    goto out;
  }
  if (ci.state != SSVC_CASE_DIAGNOSING && ci.state != SSVC_CASE_REFERRED) {
    rc = ssvc__err(p->ctx, SSVC_ESTATE,
                   "%s: %s: cannot request a swap or loan in state %s (diagnosing or referred)",
                   p->func, a->case_id, ssvc_case_state_name(ci.state));
    goto out;
  }
  const char *model = a->model && *a->model ? a->model : ci.model;
  if ((rc = ssvc__check_text(p->ctx, p->func, "model", model, 1, SSVC_MODEL_MAX))) goto out;
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  ssvc_agreement_spec_get(ag, &s);
  ssvc_order *o = &a->order;
  memset(o, 0, sizeof *o);
  o->version = SSVC_ORDER_VERSION;
  memcpy(o->case_id, a->case_id, strlen(a->case_id) + 1);
  memcpy(o->customer_id, ci.customer_id, strlen(ci.customer_id) + 1);
  memcpy(o->model, model, strlen(model) + 1);
  if (ssvc_imei_valid(ci.imei)) memcpy(o->user_imei, ci.imei, 16);
  o->replacement = s.replacement;
  o->repaired_to = s.repaired_to;
  o->requested_at = p->now;
  o->promised = ci.promised_delivery;
  /* An order of the case already? */
  uint8_t k[SSVC__SWAP_KEY_MAX];
  const void *v;
  size_t vlen;
  uint64_t ver;
  rc = ssvc__store_get(p->st, p->func, k, ssvc__swap_key_order(k, a->case_id), &v, &vlen, &ver);
  if (rc == SSVC_OK) {
    rc = ssvc__err(p->ctx, SSVC_EEXISTS, "%s: %s: a swap or loan was already requested", p->func,
                   a->case_id);
    goto out;
  }
  if (rc != SSVC_ENOTFOUND) goto out;
  /* The first available unit of the model, taken with compare-and-set. */
  struct first f;
  uint8_t lo[SSVC__SWAP_KEY_MAX];
  size_t n = ssvc__swap_key_avail(lo, ci.customer_id, model, NULL);
  if ((rc = ssvc__swap_first_in(p, lo, n, &f))) goto out;
  char note[160];
  if (f.found) {
    char imei[SSVC_IMEI_SIZE];
    ssvc_unit u;
    uint64_t uver;
    if (f.len != n + 15) {
      rc = ssvc__swap_malformed(p, "stock index of", ci.customer_id);
      goto out;
    }
    memcpy(imei, f.key + n, 15);
    imei[15] = '\0';
    rc = ssvc__swap_unit_read(p, ci.customer_id, imei, &u, &uver);
    if (rc == SSVC_ENOTFOUND || (!rc && u.state != SSVC_UNIT_AVAILABLE)) {
      rc = ssvc__swap_conflict(p, "unit", imei);
      goto out;
    }
    if (rc) goto out;
    u.state = SSVC_UNIT_RESERVED;
    memcpy(u.case_id, a->case_id, strlen(a->case_id) + 1);
    if ((rc = ssvc__swap_unit_write(p, &u, uver, SSVC_UNIT_AVAILABLE, NULL))) goto out;
    memcpy(o->imei, imei, 16);
    o->state = SSVC_ORDER_RESERVED;
    o->reserved_at = p->now;
    snprintf(note, sizeof note, "%s: unit %s reserved", ssvc_replacement_name(o->replacement),
             imei);
  } else {
    o->state = SSVC_ORDER_BACKORDERED;
    o->late_days = -1; /* the promise is missed; by how much the refill decides */
    char d[16] = "";
    if (o->promised.year) ssvc_date_format(d, sizeof d, &o->promised);
    snprintf(note, sizeof note, "%s: backordered (no %.64s in stock)%s%s%s",
             ssvc_replacement_name(o->replacement), model,
             *d ? "; the delivery promised for " : "", d, *d ? " will be missed" : "");
  }
  if ((rc = ssvc__swap_order_write(p, o, SSVC_STORAGE_NEW, 0, NULL))) goto out;
  rc = case_move(p, a->case_id, SSVC_CASE_SWAP_REQUESTED, note);
out:
  ssvc_agreement_free(ag);
  ssvc_case_free(c);
  return rc;
}

static int case_op_args(ssvc_ctx *ctx, const char *func, const char *case_id, const char *actor,
                        ssvc_order *out) {
  int rc;
  if ((rc = ssvc__swap_check_case_id(ctx, func, case_id)) ||
      (rc = ssvc__check_text(ctx, func, "actor", actor, 1, 256)))
    return rc;
  if (out) {
    char what[64];
    snprintf(what, sizeof what, "%s: out", func);
    return ssvc__check_version(ctx, what, out->version, SSVC_ORDER_VERSION);
  }
  return SSVC_OK;
}


int ssvc_swap_reserve(ssvc_store *store, ssvc_order *out, const char *case_id, const char *model,
                      const char *actor) {
  static const char func[] = "ssvc_swap_reserve";
  if (!store) return SSVC_EINVAL;
  int rc = case_op_args(store->ctx, func, case_id, actor, out);
  if (rc || (rc = ssvc__check_text(store->ctx, func, "model", model, 0, SSVC_MODEL_MAX)))
    return rc;
  struct case_args a;
  memset(&a, 0, sizeof a);
  a.case_id = case_id;
  a.model = model;
  if ((rc = ssvc__swap_run(store, func, actor, reserve_body, &a))) return rc;
  ssvc__order_give(out, &a.order);
  ssvc__log(store->ctx, SSVC_LOG_INFO, "swap: %s %s %s", case_id,
            ssvc_order_state_name(a.order.state), a.order.imei);
  return SSVC_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* Ship, return, repaired, loan returned, cancel                                               */

/* Adds a shipment of @p kind and its freight and packaging charges to the case. */
static int ship_charges(struct op *p, const char *case_id, int kind, const char *carrier,
                        const char *tracking, const char *what) {
  ssvc_shipment sh = SSVC_SHIPMENT_INIT;
  sh.kind = kind;
  sh.at = p->now;
  sh.carrier = carrier;
  sh.tracking = tracking;
  return ssvc__case_ship(p->st, p->func, case_id, p->actor, &sh, what);
}

static int wrong_stage(struct op *p, const ssvc_order *o, const char *need) {
  return ssvc__err(p->ctx, SSVC_ESTATE, "%s: %s: the order is %s (needs %s)", p->func,
                   o->case_id, ssvc_order_state_name(o->state), need);
}

/* Reads the order of the case in @p a into a->order; it must be in state @p want. */
static int order_in(struct op *p, struct case_args *a, int want, uint64_t *over) {
  int rc = ssvc__swap_order_read(p, a->case_id, &a->order, over);
  if (rc) return rc;
  return a->order.state == want ? SSVC_OK
                                : wrong_stage(p, &a->order, ssvc_order_state_name(want));
}

/* Reads the unit an order names, which must be in state @p want. */
static int order_unit(struct op *p, const ssvc_order *o, const char *imei, int want, ssvc_unit *u,
                      uint64_t *ver) {
  int rc = ssvc__swap_unit_read(p, o->customer_id, imei, u, ver);
  if (rc == SSVC_ENOTFOUND || (!rc && u->state != want))
    return ssvc__err(p->ctx, SSVC_ESTORAGE, "%s: %s: unit %s is not %s as its order says",
                     p->func, o->case_id, imei, ssvc_unit_state_name(want));
  return rc;
}

static int ship_body(struct op *p, void *args) {
  struct case_args *a = args;
  ssvc_order *o = &a->order;
  uint64_t over, uver;
  int rc = ssvc__swap_order_read(p, a->case_id, o, &over);
  if (rc) return rc;
  if (o->state != SSVC_ORDER_RESERVED)
    return wrong_stage(p, o, o->state == SSVC_ORDER_BACKORDERED
                                 ? "a reserved unit; the model is backordered"
                                 : "reserved");
  ssvc_agreement *ag = NULL;
  const ssvc_calendar *cal = NULL;
  ssvc_case *c = NULL;
  ssvc_case_info ci;
  ssvc_unit u;
  if ((rc = ssvc__agreement_load(p->st, p->func, o->customer_id, &ag)) ||
      (rc = ssvc__agreement_calendar_shared(p->ctx, ag, &cal)) ||
      (rc = ssvc__swap_load_case(p, a->case_id, &c, &ci)))
    goto out;
  /* Rule R7: the next working day after the later of the day the registration counts on and
   * today: a reservation later than the registration does not move the promise. */
  ssvc_date delivery, deadline;
  if ((rc = ssvc_calendar_delivery_shipped(p->ctx, cal, &delivery, ci.registered_at, p->now)) ||
      (rc = ssvc_calendar_return_deadline(p->ctx, cal, &deadline, &delivery)))
    goto out;
  int late = 0;
  if (o->promised.year &&
      (rc = ssvc_calendar_count_working_days(p->ctx, cal, &late, &o->promised, &delivery)))
    goto out;
  if ((rc = order_unit(p, o, o->imei, SSVC_UNIT_RESERVED, &u, &uver))) goto out;
  u.state = SSVC_UNIT_SHIPPED;
  if ((rc = ssvc__swap_unit_write(p, &u, uver, SSVC_UNIT_RESERVED, a->tracking))) goto out;
  o->state = SSVC_ORDER_SHIPPED;
  o->shipped_at = p->now;
  o->delivery = delivery;
  o->return_deadline = deadline;
  o->late_days = late > 0 ? late : 0;
  if ((rc = ssvc__swap_order_write(p, o, over, SSVC_ORDER_RESERVED, NULL))) goto out;
  char what[64], note[200], d1[16], d2[16], d3[16];
  /* The charge texts name no IMEI (the invoice line names the case): doc/erasure.md. */
  snprintf(what, sizeof what, "%s phone", ssvc_replacement_name(o->replacement));
  if ((rc = ship_charges(p, a->case_id, SSVC_SHIPMENT_REPLACEMENT, a->carrier, a->tracking,
                         what)))
    goto out;
  ssvc_date_format(d1, sizeof d1, &delivery);
  ssvc_date_format(d2, sizeof d2, &deadline);
  ssvc_date_format(d3, sizeof d3, &o->promised);
  if (o->late_days)
    snprintf(note, sizeof note,
             "unit %s, delivery %s, faulty phone due %s; %d working day%s after the promise %s",
             o->imei, d1, d2, o->late_days, o->late_days == 1 ? "" : "s", d3);
  else
    snprintf(note, sizeof note, "unit %s, delivery %s, faulty phone due %s", o->imei, d1, d2);
  rc = case_move(p, a->case_id, SSVC_CASE_SHIPPED, note);
out:
  ssvc_case_free(c);
  ssvc_agreement_free(ag);
  return rc;
}

int ssvc_swap_ship(ssvc_store *store, ssvc_order *out, const char *case_id, const char *carrier,
                   const char *tracking, const char *actor) {
  static const char func[] = "ssvc_swap_ship";
  if (!store) return SSVC_EINVAL;
  int rc = case_op_args(store->ctx, func, case_id, actor, out);
  if (rc || (rc = ssvc__check_text(store->ctx, func, "carrier", carrier, 0, 256)) ||
      (rc = ssvc__check_text(store->ctx, func, "tracking", tracking, 0, 256)))
    return rc;
  struct case_args a;
  memset(&a, 0, sizeof a);
  a.case_id = case_id;
  a.carrier = carrier;
  a.tracking = tracking;
  if ((rc = ssvc__swap_run(store, func, actor, ship_body, &a))) return rc;
  ssvc__order_give(out, &a.order);
  return SSVC_OK;
}

/* The public steps that take a case and an actor: check the arguments, then ssvc__swap_run @p body
 * in one transaction (retried on a lost compare-and-set). */
static int case_step(ssvc_store *store, const char *func, const char *case_id, const char *actor,
                     int (*body)(struct op *, void *)) {
  if (!store) return SSVC_EINVAL;
  int rc = case_op_args(store->ctx, func, case_id, actor, NULL);
  if (rc) return rc;
  struct case_args a;
  memset(&a, 0, sizeof a);
  a.case_id = case_id;
  return ssvc__swap_run(store, func, actor, body, &a);
}

static int returned_body(struct op *p, void *args) {
  struct case_args *a = args;
  ssvc_order *o = &a->order;
  uint64_t over, uver;
  ssvc_unit u;
  int rc = order_in(p, a, SSVC_ORDER_SHIPPED, &over);
  if (rc) return rc;
  if ((rc = order_unit(p, o, o->imei, SSVC_UNIT_SHIPPED, &u, &uver))) return rc;
  u.state = o->replacement == SSVC_REPLACEMENT_LOAN ? SSVC_UNIT_ON_LOAN : SSVC_UNIT_WITH_USER;
  if ((rc = ssvc__swap_unit_write(p, &u, uver, SSVC_UNIT_SHIPPED, NULL))) return rc;
  /* A swap that routes repaired phones to the stock: the faulty phone joins the pool now. */
  if (o->replacement == SSVC_REPLACEMENT_SWAP && o->repaired_to == SSVC_REPAIRED_TO_STOCK &&
      *o->user_imei) {
    ssvc_unit f;
    uint64_t fver;
    rc = ssvc__swap_unit_read(p, o->customer_id, o->user_imei, &f, &fver);
    if (rc == SSVC_OK) {
      if (f.state != SSVC_UNIT_WITH_USER)
        return ssvc__err(p->ctx, SSVC_EEXISTS,
                         "%s: %s: the faulty phone %s is already in the stock (%s)", p->func,
                         o->case_id, o->user_imei, ssvc_unit_state_name(f.state));
      int from = f.state;
      f.state = SSVC_UNIT_IN_REPAIR;
      memcpy(f.case_id, o->case_id, strlen(o->case_id) + 1);
      if ((rc = ssvc__swap_unit_write(p, &f, fver, from, "faulty phone returned"))) return rc;
    } else if (rc == SSVC_ENOTFOUND) {
      memset(&f, 0, sizeof f);
      f.version = SSVC_UNIT_VERSION;
      memcpy(f.customer_id, o->customer_id, sizeof f.customer_id);
      memcpy(f.imei, o->user_imei, sizeof f.imei);
      memcpy(f.model, o->model, sizeof f.model);
      memcpy(f.case_id, o->case_id, sizeof f.case_id);
      f.state = SSVC_UNIT_IN_REPAIR;
      f.received_at = p->now;
      if ((rc = ssvc__swap_unit_write(p, &f, SSVC_STORAGE_NEW, 0, "faulty phone returned")))
        return rc;
    } else {
      return rc;
    }
  }
  o->state = SSVC_ORDER_IN_REPAIR;
  o->returned_at = p->now;
  if ((rc = ssvc__swap_order_write(p, o, over, SSVC_ORDER_SHIPPED, NULL))) return rc;
  if ((rc = case_move(p, a->case_id, SSVC_CASE_FAULTY_RETURNED,
                     o->overdue ? "returned after the deadline" : NULL)))
    return rc;
  return case_move(p, a->case_id, SSVC_CASE_IN_REPAIR, "sent to the workshop");
}

int ssvc_swap_faulty_returned(ssvc_store *store, const char *case_id, const char *actor) {
  return case_step(store, "ssvc_swap_faulty_returned", case_id, actor, returned_body);
}

static int repaired_body(struct op *p, void *args) {
  struct case_args *a = args;
  ssvc_order *o = &a->order;
  uint64_t over;
  int rc = order_in(p, a, SSVC_ORDER_IN_REPAIR, &over);
  if (rc) return rc;
  const char *close_note = NULL;
  if (o->replacement == SSVC_REPLACEMENT_SWAP && o->repaired_to == SSVC_REPAIRED_TO_STOCK) {
    if (*o->user_imei) {
      ssvc_unit f;
      uint64_t fver;
      char served[SSVC_CASE_ID_SIZE];
      rc = ssvc__swap_unit_read(p, o->customer_id, o->user_imei, &f, &fver);
      if (rc == SSVC_ENOTFOUND) rc = SSVC_OK; /* retired meanwhile and gone: nothing to place */
      else if (!rc && f.state == SSVC_UNIT_IN_REPAIR)
        rc = ssvc__swap_place_unit(p, &f, fver, SSVC_UNIT_IN_REPAIR, served);
      if (rc) return rc;
    }
    close_note = "repaired phone into the SWAP stock";
  } else {
    close_note = "repaired phone back to the user";
    if ((rc = ship_charges(p, a->case_id, SSVC_SHIPMENT_RETURN, NULL, NULL, close_note)))
      return rc;
  }
  int from = o->state;
  o->state = o->replacement == SSVC_REPLACEMENT_LOAN ? SSVC_ORDER_LOAN_OUT : SSVC_ORDER_DONE;
  if ((rc = ssvc__swap_order_write(p, o, over, from, NULL)) ||
      (rc = case_move(p, a->case_id, SSVC_CASE_REPAIRED, close_note)))
    return rc;
  return o->state == SSVC_ORDER_DONE ? case_move(p, a->case_id, SSVC_CASE_CLOSED, NULL) : SSVC_OK;
}

int ssvc_swap_repaired(ssvc_store *store, const char *case_id, const char *actor) {
  return case_step(store, "ssvc_swap_repaired", case_id, actor, repaired_body);
}

static int loan_body(struct op *p, void *args) {
  struct case_args *a = args;
  ssvc_order *o = &a->order;
  uint64_t over, uver;
  ssvc_unit u;
  char served[SSVC_CASE_ID_SIZE];
  int rc = order_in(p, a, SSVC_ORDER_LOAN_OUT, &over);
  if (rc) return rc;
  if ((rc = order_unit(p, o, o->imei, SSVC_UNIT_ON_LOAN, &u, &uver)) ||
      (rc = ssvc__swap_place_unit(p, &u, uver, SSVC_UNIT_ON_LOAN, served)))
    return rc;
  o->state = SSVC_ORDER_DONE;
  if ((rc = ssvc__swap_order_write(p, o, over, SSVC_ORDER_LOAN_OUT, "loan phone returned")))
    return rc;
  return case_move(p, a->case_id, SSVC_CASE_CLOSED, "loan phone returned");
}

int ssvc_swap_loan_returned(ssvc_store *store, const char *case_id, const char *actor) {
  return case_step(store, "ssvc_swap_loan_returned", case_id, actor, loan_body);
}

static int cancel_body(struct op *p, void *args) {
  struct case_args *a = args;
  ssvc_order *o = &a->order;
  uint64_t over, uver;
  int rc = ssvc__swap_order_read(p, a->case_id, o, &over);
  if (rc) return rc;
  if (o->state != SSVC_ORDER_RESERVED && o->state != SSVC_ORDER_BACKORDERED)
    return wrong_stage(p, o, "reserved or backordered");
  int from = o->state;
  o->state = SSVC_ORDER_CANCELLED;
  if ((rc = ssvc__swap_order_write(p, o, over, from, NULL))) return rc;
  if (from == SSVC_ORDER_RESERVED) {
    ssvc_unit u;
    char served[SSVC_CASE_ID_SIZE];
    if ((rc = order_unit(p, o, o->imei, SSVC_UNIT_RESERVED, &u, &uver))) return rc;
    u.case_id[0] = '\0';
    if ((rc = ssvc__swap_place_unit(p, &u, uver, SSVC_UNIT_RESERVED, served))) return rc;
  }
  return case_move(p, a->case_id, SSVC_CASE_CANCELLED, "swap or loan cancelled");
}

int ssvc_swap_cancel(ssvc_store *store, const char *case_id, const char *actor) {
  return case_step(store, "ssvc_swap_cancel", case_id, actor, cancel_body);
}

/* ------------------------------------------------------------------------------------------ */
/* Orders: get and list                                                                        */

int ssvc_swap_order_get(ssvc_store *store, ssvc_order *out, const char *case_id) {
  static const char func[] = "ssvc_swap_order_get";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "%s: out must not be NULL", func);
  int rc = ssvc__check_version(ctx, "ssvc_swap_order_get: out", out->version,
                               SSVC_ORDER_VERSION);
  if (rc || (rc = ssvc__swap_check_case_id(ctx, func, case_id))) return rc;
  struct op p = {store, ctx, func, NULL, 0};
  ssvc_order o;
  uint64_t ver;
  if ((rc = ssvc__swap_order_read(&p, case_id, &o, &ver))) return rc;
  ssvc__order_give(out, &o);
  return SSVC_OK;
}

struct order_lister {
  struct op *p;
  const char *customer;
  int state;
  ssvc_order_fn fn;
  void *ud;
  /* For backorder listings: the ids, then the orders are read one by one. */
  char (*ids)[SSVC_CASE_ID_SIZE];
  size_t n, cap;
  int dry; /* the reading pass: orders decoded, not given */
};

static int order_list_cb(void *data, const void *key, size_t klen, const void *val, size_t vlen,
                         uint64_t ver) {
  (void)key;
  (void)klen;
  (void)ver;
  struct order_lister *l = data;
  ssvc_order o;
  o.version = SSVC_ORDER_VERSION;
  if (ssvc__swap_decode_order(val, vlen, &o))
    return ssvc__swap_malformed(l->p, "order", "in the list");
  if (l->customer && strcmp(o.customer_id, l->customer) != 0) return 0;
  if (l->state && o.state != l->state) return 0;
  return l->dry ? 0 : l->fn(l->ud, &o) ? 1 : 0;
}

static int back_ids_cb(void *data, const void *key, size_t klen, const void *val, size_t vlen,
                       uint64_t ver) {
  (void)val;
  (void)vlen;
  (void)ver;
  struct order_lister *l = data;
  /* 'W' 'B' customer 0 model 0 instant(8) case-id */
  const uint8_t *end = (const uint8_t *)key + klen, *model, *q;
  size_t mlen;
  if (ssvc__swap_key_model(key, klen, &model, &mlen, &q) || end - q <= 8 ||
      end - q - 8 >= SSVC_CASE_ID_SIZE)
    return ssvc__swap_malformed(l->p, "backorder", "");
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 16;
    void *np = ssvc__realloc(l->p->ctx, l->ids, cap * sizeof *l->ids);
    if (!np) return SSVC_ENOMEM;
    l->ids = np;
    l->cap = cap;
  }
  size_t idlen = (size_t)(end - q - 8);
  memcpy(l->ids[l->n], q + 8, idlen);
  l->ids[l->n++][idlen] = '\0';
  return 0;
}

int ssvc_swap_order_list(ssvc_store *store, const char *customer_id, int state,
                         ssvc_order_fn fn, void *user_data) {
  static const char func[] = "ssvc_swap_order_list";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  int rc = ssvc__check_text(ctx, func, "customer_id", customer_id, 0, SSVC_AGREEMENT_ID_MAX);
  if (rc) return rc;
  if (state && !ssvc_order_state_name(state))
    return ssvc__err(ctx, SSVC_EINVAL, "%s: state: not an order state (got %d)", func, state);
  if (!fn) return ssvc__err(ctx, SSVC_EINVAL, "%s: fn must not be NULL", func);
  struct op p = {store, ctx, func, NULL, 0};
  struct order_lister l = {&p, customer_id && *customer_id ? customer_id : NULL, state, fn,
                           user_data, NULL, 0, 0, 0};
  uint8_t lo[SSVC__SWAP_KEY_MAX], hi[SSVC__SWAP_KEY_MAX];
  if (state != SSVC_ORDER_BACKORDERED) {
    size_t n = ssvc__swap_key_order(lo, NULL);
    return ssvc__store_scan_whole(store, func, lo, n, hi, ssvc__swap_key_end(hi, lo, n),
                                  order_list_cb, &l, &l.dry);
  }
  /* Backorders in serving order, from their index. */
  size_t n = l.customer ? ssvc__swap_key_back(lo, l.customer, NULL, 0, NULL)
                        : ssvc__swap_key_prefix(lo, 'B', NULL);
  if (l.customer)
    rc = ssvc__store_scan(store, func, lo, n, hi, ssvc__swap_key_end(hi, lo, n), back_ids_cb, &l);
  else {
    hi[0] = 'W';
    hi[1] = 'C';
    rc = ssvc__store_scan(store, func, lo, n, hi, 2, back_ids_cb, &l);
  }
  /* Every order is read before the first is given (doc/storage.md, "Damage"). */
  for (int pass = 0; pass < 2; pass++)
    for (size_t i = 0; rc == SSVC_OK && i < l.n; i++) {
      ssvc_order o;
      uint64_t ver;
      if ((rc = ssvc__swap_order_read(&p, l.ids[i], &o, &ver))) break;
      if (pass == 1 && fn(user_data, &o)) break;
    }
  ssvc__free(ctx, l.ids);
  return rc;
}

/* ------------------------------------------------------------------------------------------ */
/* Erasure (the whole of it is erase.c)                                                        */

int ssvc__swap_erase_order(ssvc_store *st, const char *func, const char *actor, int64_t now,
                           const char *case_id, const ssvc__scrub *s, size_t *count) {
  struct op p = {st, st->ctx, func, actor, now};
  ssvc_order o;
  uint64_t over;
  uint8_t k[SSVC__SWAP_KEY_MAX];
  const void *v;
  size_t vlen;
  int rc = ssvc__store_get(st, func, k, ssvc__swap_key_order(k, case_id), &v, &vlen, &over);
  if (rc == SSVC_ENOTFOUND) return SSVC_OK;
  if (rc || (rc = ssvc__swap_order_read(&p, case_id, &o, &over))) return rc;
  o.user_imei[0] = '\0';
  if ((rc = ssvc__swap_order_write(&p, &o, over, o.state, "personal data erased"))) return rc;
  /* Its history: the values in the notes, never the order's own customer, model or unit. */
  const char *except[] = {o.customer_id, o.model, o.imei};
  int changed;
  if ((rc = ssvc__scrub_key(st, func, s, k, ssvc__swap_key_order(k, case_id), except, 3,
                            &changed)))
    return rc;
  ++*count;
  return SSVC_OK;
}

int ssvc__swap_erase_units(ssvc_store *st, const char *func, const char *customer,
                           const ssvc__scrub *s, size_t *count) {
  uint8_t lo[SSVC__SWAP_KEY_MAX];
  size_t n = ssvc__swap_key_prefix(lo, 'U', customer);
  return ssvc__scrub_range(st, func, s, lo, n, customer, SSVC_IMEI_SIZE - 1, count);
}

/* ssvc_swap_erase_user() is erase.c's: it is ssvc_erase_user() by contact. */
