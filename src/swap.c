/* swap: the SWAP pool: units, orders, reservation with compare-and-set, backorders, shipment,
 * return, repair, refill advice and overdue returns (doc/swap.md). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pool.h"
#include "smartservice/swap.h"

/* ------------------------------------------------------------------------------------------ */
/* Names                                                                                       */

static const char *const unit_names[] = {NULL,       "available", "reserved",  "shipped",
                                         "on-loan",  "with-user", "in-repair", "retired"};
static const char *const order_names[] = {NULL,        "backordered", "reserved", "shipped",
                                          "in-repair", "loan-out",    "done",     "cancelled"};

const char *ssvc_unit_state_name(int s) { return s >= 1 && s <= 7 ? unit_names[s] : NULL; }
const char *ssvc_order_state_name(int s) { return s >= 1 && s <= 7 ? order_names[s] : NULL; }

int ssvc_unit_state_from_name(ssvc_ctx *ctx, int *out, const char *name) {
  return ssvc__name_lookup(ctx, "ssvc_unit_state_from_name", out, name, unit_names, 1, 7,
                           "unit state");
}

int ssvc_order_state_from_name(ssvc_ctx *ctx, int *out, const char *name) {
  return ssvc__name_lookup(ctx, "ssvc_order_state_from_name", out, name, order_names, 1, 7,
                           "order state");
}

int ssvc_unit_init(ssvc_unit *unit, unsigned int version) {
  return ssvc__struct_init(unit, sizeof *unit, version, SSVC_UNIT_VERSION);
}

int ssvc_order_init(ssvc_order *order, unsigned int version) {
  return ssvc__struct_init(order, sizeof *order, version, SSVC_ORDER_VERSION);
}

/* ------------------------------------------------------------------------------------------ */
/* Keys                                                                                        */

/* 'W' kind customer 0 [model 0] [tail]: at most 2 + 65 + 65 + 8 + 24 bytes. */
#define KEY_MAX 176

static size_t key_prefix(uint8_t *k, uint8_t kind, const char *customer) {
  size_t n = 2;
  k[0] = SSVC_KEY_SWAP;
  k[1] = kind;
  if (customer) ssvc__key_text(k, &n, customer);
  return n;
}

static size_t key_unit(uint8_t *k, const char *customer, const char *imei) {
  size_t n = key_prefix(k, 'U', customer);
  memcpy(k + n, imei, 15);
  return n + 15;
}

static size_t key_avail(uint8_t *k, const char *customer, const char *model, const char *imei) {
  size_t n = key_prefix(k, 'V', customer);
  ssvc__key_text(k, &n, model);
  if (imei) {
    memcpy(k + n, imei, 15);
    n += 15;
  }
  return n;
}

static void be64_biased(uint8_t *p, int64_t at) {
  uint64_t v = (uint64_t)at ^ (UINT64_C(1) << 63);
  for (int i = 7; i >= 0; i--, v >>= 8) p[i] = (uint8_t)v;
}

static size_t key_back(uint8_t *k, const char *customer, const char *model, int64_t at,
                       const char *case_id) {
  size_t n = key_prefix(k, 'B', customer);
  if (model) ssvc__key_text(k, &n, model);
  if (case_id) {
    be64_biased(k + n, at);
    n += 8;
    size_t len = strlen(case_id);
    memcpy(k + n, case_id, len);
    n += len;
  }
  return n;
}

static size_t key_order(uint8_t *k, const char *case_id) {
  size_t n = key_prefix(k, 'O', NULL);
  if (case_id) {
    size_t len = strlen(case_id);
    memcpy(k + n, case_id, len);
    n += len;
  }
  return n;
}

/* The end of a prefix range: the prefix with its last byte (a NUL) raised to 1. */
static size_t key_end(uint8_t *hi, const uint8_t *lo, size_t n) {
  memcpy(hi, lo, n);
  hi[n - 1]++;
  return n;
}

/* ------------------------------------------------------------------------------------------ */
/* Records                                                                                     */

enum { U_CUSTOMER = 1, U_IMEI, U_MODEL, U_STATE, U_CASE, U_RECEIVED, U_UPDATED, U_EVENT };
enum { O_CASE = 1, O_CUSTOMER, O_MODEL, O_IMEI, O_USER_IMEI, O_REPLACEMENT, O_REPAIRED_TO,
       O_STATE, O_REQUESTED, O_RESERVED, O_SHIPPED, O_DELIVERY, O_DEADLINE, O_RETURNED,
       O_OVERDUE, O_EVENT };
enum { EV_AT = 1, EV_ACTOR, EV_FROM, EV_TO, EV_CASE, EV_NOTE };

static int unit_known(uint32_t id) { return id >= U_CUSTOMER && id < U_EVENT; }
static int order_known(uint32_t id) { return id >= O_CASE && id < O_EVENT; }

static void copy_text(char *dst, size_t size, const ssvc_field *f) {
  size_t n = f->wire == SSVC_WIRE_BYTES ? f->len : 0;
  if (n >= size) n = size - 1;
  memcpy(dst, f->bytes, n);
  dst[n] = '\0';
}

static int decode_unit(const void *v, size_t vlen, ssvc_unit *u) {
  ssvc_rd rd;
  ssvc_field f;
  int r;
  unsigned int version = u->version;
  memset(u, 0, sizeof *u);
  u->version = version;
  if (ssvc__rec_open(&rd, v, vlen, SSVC_REC_UNIT)) return -1;
  while ((r = ssvc__rd_next(&rd, &f)) == 1) {
    switch (f.id) {
    case U_CUSTOMER: copy_text(u->customer_id, sizeof u->customer_id, &f); break;
    case U_IMEI: copy_text(u->imei, sizeof u->imei, &f); break;
    case U_MODEL: copy_text(u->model, sizeof u->model, &f); break;
    case U_STATE: u->state = (int)f.u; break;
    case U_CASE: copy_text(u->case_id, sizeof u->case_id, &f); break;
    case U_RECEIVED: u->received_at = ssvc__unzigzag(f.u); break;
    case U_UPDATED: u->updated_at = ssvc__unzigzag(f.u); break;
    default: break;
    }
  }
  return r < 0 || !ssvc_unit_state_name(u->state) || !*u->imei ? -1 : 0;
}

static int decode_order(const void *v, size_t vlen, ssvc_order *o) {
  ssvc_rd rd;
  ssvc_field f;
  int r;
  unsigned int version = o->version;
  memset(o, 0, sizeof *o);
  o->version = version;
  if (ssvc__rec_open(&rd, v, vlen, SSVC_REC_ORDER)) return -1;
  while ((r = ssvc__rd_next(&rd, &f)) == 1) {
    switch (f.id) {
    case O_CASE: copy_text(o->case_id, sizeof o->case_id, &f); break;
    case O_CUSTOMER: copy_text(o->customer_id, sizeof o->customer_id, &f); break;
    case O_MODEL: copy_text(o->model, sizeof o->model, &f); break;
    case O_IMEI: copy_text(o->imei, sizeof o->imei, &f); break;
    case O_USER_IMEI: copy_text(o->user_imei, sizeof o->user_imei, &f); break;
    case O_REPLACEMENT: o->replacement = (int)f.u; break;
    case O_REPAIRED_TO: o->repaired_to = (int)f.u; break;
    case O_STATE: o->state = (int)f.u; break;
    case O_REQUESTED: o->requested_at = ssvc__unzigzag(f.u); break;
    case O_RESERVED: o->reserved_at = ssvc__unzigzag(f.u); break;
    case O_SHIPPED: o->shipped_at = ssvc__unzigzag(f.u); break;
    case O_DELIVERY: o->delivery = ssvc__date_from_code(f.u); break;
    case O_DEADLINE: o->return_deadline = ssvc__date_from_code(f.u); break;
    case O_RETURNED: o->returned_at = ssvc__unzigzag(f.u); break;
    case O_OVERDUE: o->overdue = f.u != 0; break;
    default: break;
    }
  }
  return r < 0 || !ssvc_order_state_name(o->state) || !*o->case_id || !*o->customer_id ? -1 : 0;
}

static void encode_event(ssvc_buf *b, uint32_t field, int64_t at, const char *actor, int from,
                         int to, const char *case_id, const char *note) {
  size_t mark = ssvc__rec_sub_begin(b, field);
  ssvc__rec_sint(b, EV_AT, at);
  ssvc__rec_str(b, EV_ACTOR, actor);
  if (from) ssvc__rec_uint(b, EV_FROM, (uint64_t)from);
  ssvc__rec_uint(b, EV_TO, (uint64_t)to);
  ssvc__rec_str(b, EV_CASE, case_id);
  ssvc__rec_str(b, EV_NOTE, note);
  ssvc__rec_sub_end(b, mark);
}

/* One operation in progress. */
struct op {
  ssvc_store *st;
  ssvc_ctx *ctx;
  const char *func;
  const char *actor;
  int64_t now;
};

static int malformed(struct op *p, const char *what, const char *id) {
  return ssvc__err(p->ctx, SSVC_ESTORAGE, "%s: %s %s: the stored record is malformed", p->func,
                   what, id);
}

static int conflict(struct op *p, const char *what, const char *id) {
  return ssvc__err(p->ctx, SSVC_ECONFLICT, "%s: %s %s changed concurrently; try again", p->func,
                   what, id);
}

/* Reads a unit; SSVC_ENOTFOUND without a message. */
static int unit_read(struct op *p, const char *customer, const char *imei, ssvc_unit *u,
                     uint64_t *ver) {
  uint8_t k[KEY_MAX];
  const void *v;
  size_t vlen;
  int rc = ssvc__store_get(p->st, p->func, k, key_unit(k, customer, imei), &v, &vlen, ver);
  if (rc) return rc;
  u->version = SSVC_UNIT_VERSION;
  if (decode_unit(v, vlen, u)) return malformed(p, "unit", imei);
  return SSVC_OK;
}

/* Writes unit @p u (new state already set) over version @p expected (SSVC_STORAGE_NEW for a new
 * unit), logging from -> u->state, and keeps the available index in step. */
static int unit_write(struct op *p, const ssvc_unit *u, uint64_t expected, int from,
                      const char *note) {
  uint8_t k[KEY_MAX];
  size_t klen = key_unit(k, u->customer_id, u->imei);
  const void *old = NULL;
  size_t old_len = 0;
  int rc;
  if (expected != SSVC_STORAGE_NEW) {
    uint64_t ver;
    rc = ssvc__store_get(p->st, p->func, k, klen, &old, &old_len, &ver);
    if (rc == SSVC_ENOTFOUND || (!rc && ver != expected)) return conflict(p, "unit", u->imei);
    if (rc) return rc;
  }
  ssvc_buf *b = ssvc__store_scratch(p->st, 1);
  ssvc__rec_header(b, SSVC_REC_UNIT, SSVC_POOL_FORMAT);
  ssvc__rec_str(b, U_CUSTOMER, u->customer_id);
  ssvc__rec_str(b, U_IMEI, u->imei);
  ssvc__rec_str(b, U_MODEL, u->model);
  ssvc__rec_uint(b, U_STATE, (uint64_t)u->state);
  ssvc__rec_str(b, U_CASE, u->case_id);
  ssvc__rec_sint(b, U_RECEIVED, u->received_at);
  ssvc__rec_sint(b, U_UPDATED, p->now);
  if (old) ssvc__rec_keep(b, (const uint8_t *)old + 2, old_len - 2, unit_known);
  encode_event(b, U_EVENT, p->now, p->actor, from, u->state, u->case_id, note);
  if (b->failed) return SSVC_ENOMEM;
  rc = ssvc__store_put(p->st, p->func, k, klen, b->p, b->len, expected, NULL);
  if (rc == SSVC_ECONFLICT) {
    if (expected == SSVC_STORAGE_NEW)
      return ssvc__err(p->ctx, SSVC_EEXISTS, "%s: %s already has a unit with IMEI %s", p->func,
                       u->customer_id, u->imei);
    return conflict(p, "unit", u->imei);
  }
  if (rc) return rc;
  if (from == SSVC_UNIT_AVAILABLE && u->state != SSVC_UNIT_AVAILABLE) {
    rc = ssvc__store_del(p->st, p->func, k, key_avail(k, u->customer_id, u->model, u->imei),
                         SSVC_STORAGE_ANY);
    if (rc == SSVC_ENOTFOUND) return conflict(p, "unit", u->imei);
  } else if (from != SSVC_UNIT_AVAILABLE && u->state == SSVC_UNIT_AVAILABLE) {
    rc = ssvc__store_put(p->st, p->func, k, key_avail(k, u->customer_id, u->model, u->imei), "",
                         0, SSVC_STORAGE_NEW, NULL);
    if (rc == SSVC_ECONFLICT) return conflict(p, "unit", u->imei);
  }
  return rc;
}

static int order_read(struct op *p, const char *case_id, ssvc_order *o, uint64_t *ver) {
  uint8_t k[KEY_MAX];
  const void *v;
  size_t vlen;
  int rc = ssvc__store_get(p->st, p->func, k, key_order(k, case_id), &v, &vlen, ver);
  if (rc == SSVC_ENOTFOUND)
    return ssvc__err(p->ctx, rc, "%s: %s: no swap or loan was requested for the case", p->func,
                     case_id);
  if (rc) return rc;
  o->version = SSVC_ORDER_VERSION;
  if (decode_order(v, vlen, o)) return malformed(p, "order", case_id);
  return SSVC_OK;
}

/* Writes order @p o over @p expected (SSVC_STORAGE_NEW: a new order) and keeps the backorder
 * index in step. */
static int order_write(struct op *p, const ssvc_order *o, uint64_t expected, int from,
                       const char *note) {
  uint8_t k[KEY_MAX];
  size_t klen = key_order(k, o->case_id);
  const void *old = NULL;
  size_t old_len = 0;
  int rc;
  if (expected != SSVC_STORAGE_NEW) {
    uint64_t ver;
    rc = ssvc__store_get(p->st, p->func, k, klen, &old, &old_len, &ver);
    if (rc == SSVC_ENOTFOUND || (!rc && ver != expected)) return conflict(p, "order", o->case_id);
    if (rc) return rc;
  }
  ssvc_buf *b = ssvc__store_scratch(p->st, 1);
  ssvc__rec_header(b, SSVC_REC_ORDER, SSVC_POOL_FORMAT);
  ssvc__rec_str(b, O_CASE, o->case_id);
  ssvc__rec_str(b, O_CUSTOMER, o->customer_id);
  ssvc__rec_str(b, O_MODEL, o->model);
  ssvc__rec_str(b, O_IMEI, o->imei);
  ssvc__rec_str(b, O_USER_IMEI, o->user_imei);
  ssvc__rec_uint(b, O_REPLACEMENT, (uint64_t)o->replacement);
  ssvc__rec_uint(b, O_REPAIRED_TO, (uint64_t)o->repaired_to);
  ssvc__rec_uint(b, O_STATE, (uint64_t)o->state);
  ssvc__rec_sint(b, O_REQUESTED, o->requested_at);
  if (o->reserved_at) ssvc__rec_sint(b, O_RESERVED, o->reserved_at);
  if (o->shipped_at) ssvc__rec_sint(b, O_SHIPPED, o->shipped_at);
  if (o->delivery.year) ssvc__rec_uint(b, O_DELIVERY, ssvc__date_code(o->delivery));
  if (o->return_deadline.year) ssvc__rec_uint(b, O_DEADLINE, ssvc__date_code(o->return_deadline));
  if (o->returned_at) ssvc__rec_sint(b, O_RETURNED, o->returned_at);
  if (o->overdue) ssvc__rec_uint(b, O_OVERDUE, 1);
  if (old) ssvc__rec_keep(b, (const uint8_t *)old + 2, old_len - 2, order_known);
  encode_event(b, O_EVENT, p->now, p->actor, from, o->state, NULL, note);
  if (b->failed) return SSVC_ENOMEM;
  rc = ssvc__store_put(p->st, p->func, k, klen, b->p, b->len, expected, NULL);
  if (rc == SSVC_ECONFLICT) {
    if (expected == SSVC_STORAGE_NEW)
      return ssvc__err(p->ctx, SSVC_EEXISTS, "%s: %s: a swap or loan was already requested",
                       p->func, o->case_id);
    return conflict(p, "order", o->case_id);
  }
  if (rc) return rc;
  if (from == SSVC_ORDER_BACKORDERED && o->state != SSVC_ORDER_BACKORDERED) {
    rc = ssvc__store_del(p->st, p->func, k,
                         key_back(k, o->customer_id, o->model, o->requested_at, o->case_id),
                         SSVC_STORAGE_ANY);
    if (rc == SSVC_ENOTFOUND) return conflict(p, "order", o->case_id);
  } else if (from != SSVC_ORDER_BACKORDERED && o->state == SSVC_ORDER_BACKORDERED) {
    rc = ssvc__store_put(p->st, p->func, k,
                         key_back(k, o->customer_id, o->model, o->requested_at, o->case_id), "",
                         0, SSVC_STORAGE_NEW, NULL);
    if (rc == SSVC_ECONFLICT) return conflict(p, "order", o->case_id);
  }
  return rc;
}

/* ------------------------------------------------------------------------------------------ */
/* Finding the first key of a range                                                            */

struct first {
  uint8_t key[KEY_MAX];
  size_t len;
  int found;
};

static int first_cb(void *data, const void *key, size_t klen, const void *val, size_t vlen,
                    uint64_t ver) {
  (void)val;
  (void)vlen;
  (void)ver;
  struct first *f = data;
  if (klen > KEY_MAX) return 0;
  memcpy(f->key, key, klen);
  f->len = klen;
  f->found = 1;
  return 1;
}

static int first_in(struct op *p, const uint8_t *lo, size_t n, struct first *f) {
  uint8_t hi[KEY_MAX];
  f->found = 0;
  return ssvc__store_scan(p->st, p->func, lo, n, hi, key_end(hi, lo, n), first_cb, f);
}

/* Puts a unit that has just become free (new, repaired, returned, released) where it belongs:
 * to the oldest backorder of its model, or on the shelf. @p u holds the unit with its current
 * state as @p from; @p served receives the case id served ("" when none). */
static int place_unit(struct op *p, ssvc_unit *u, uint64_t expected, int from, char *served) {
  uint8_t lo[KEY_MAX];
  struct first f;
  served[0] = '\0';
  int rc = first_in(p, lo, key_back(lo, u->customer_id, u->model, 0, NULL), &f);
  if (rc) return rc;
  if (!f.found) {
    u->state = SSVC_UNIT_AVAILABLE;
    return unit_write(p, u, expected, from, NULL);
  }
  /* The backorder key ends with 8 bytes of instant and the case id. */
  size_t base = key_back(lo, u->customer_id, u->model, 0, NULL) + 8;
  size_t idlen = f.len - base;
  if (f.len <= base || idlen >= SSVC_CASE_ID_SIZE) return malformed(p, "backorder of", u->model);
  char case_id[SSVC_CASE_ID_SIZE];
  memcpy(case_id, f.key + base, idlen);
  case_id[idlen] = '\0';
  ssvc_order o;
  uint64_t over;
  if ((rc = order_read(p, case_id, &o, &over))) return rc == SSVC_ENOTFOUND ? SSVC_ESTORAGE : rc;
  if (o.state != SSVC_ORDER_BACKORDERED) return malformed(p, "order", case_id);
  u->state = SSVC_UNIT_RESERVED;
  memcpy(u->case_id, case_id, idlen + 1);
  if ((rc = unit_write(p, u, expected, from, "backorder served"))) return rc;
  memcpy(o.imei, u->imei, SSVC_IMEI_SIZE);
  o.state = SSVC_ORDER_RESERVED;
  o.reserved_at = p->now;
  if ((rc = order_write(p, &o, over, SSVC_ORDER_BACKORDERED, "backorder served"))) return rc;
  char note[64];
  snprintf(note, sizeof note, "backorder served: unit %s reserved", u->imei);
  if ((rc = ssvc_case_add_note(p->st, case_id, p->actor, note))) return rc;
  memcpy(served, case_id, idlen + 1);
  return SSVC_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* Argument checks and the transaction loop                                                    */

static int check_imei(ssvc_ctx *ctx, const char *func, const char *arg, const char *imei) {
  if (!imei) return ssvc__err(ctx, SSVC_EINVAL, "%s: %s must not be NULL", func, arg);
  return ssvc__imei_check(ctx, func, arg, imei);
}

static int check_case_id(ssvc_ctx *ctx, const char *func, const char *id) {
  if (!id || !*id) return ssvc__err(ctx, SSVC_EINVAL, "%s: case_id must be given", func);
  if (strlen(id) >= SSVC_CASE_ID_SIZE || strncmp(id, "SC-", 3) != 0)
    return ssvc__err(ctx, SSVC_EINVAL,
                     "%s: case_id: not a case id like SC-2026-000123 (got '%.40s')", func, id);
  return SSVC_OK;
}

typedef int (*op_body)(struct op *p, void *args);

struct run_args {
  struct op *p;
  op_body body;
  void *args;
};

static int run_body(ssvc_store *st, void *arg) {
  (void)st;
  struct run_args *r = arg;
  return r->body(r->p, r->args);
}

/* Runs @p body as one transaction, again on a lost compare-and-set (ssvc__txn_run). */
static int run(ssvc_store *st, const char *func, const char *actor, op_body body, void *args) {
  struct op p = {st, st->ctx, func, actor, ssvc_ctx_now(st->ctx)};
  struct run_args r = {&p, body, args};
  return ssvc__txn_run(st, func, run_body, &r);
}

static int load_case(struct op *p, const char *case_id, ssvc_case **c, ssvc_case_info *i) {
  int rc = ssvc_case_load(p->st, c, case_id);
  if (rc) return rc;
  memset(i, 0, sizeof *i);
  i->version = SSVC_CASE_INFO_VERSION;
  return ssvc_case_info_get(*c, i);
}

/* ------------------------------------------------------------------------------------------ */
/* Receive, get, list, retire                                                                  */

struct receive_args {
  const char *customer, *imei, *model;
  char served[SSVC_CASE_ID_SIZE];
};

static int receive_body(struct op *p, void *args) {
  struct receive_args *a = args;
  ssvc_agreement *ag = NULL;
  int rc = ssvc__agreement_load(p->st, p->func, a->customer, &ag);
  ssvc_agreement_free(ag);
  if (rc) return rc;
  ssvc_unit u;
  uint64_t ver;
  rc = unit_read(p, a->customer, a->imei, &u, &ver);
  if (rc == SSVC_OK)
    return ssvc__err(p->ctx, SSVC_EEXISTS, "%s: %s already has a unit with IMEI %s (%s)",
                     p->func, a->customer, a->imei, ssvc_unit_state_name(u.state));
  if (rc != SSVC_ENOTFOUND) return rc;
  memset(&u, 0, sizeof u);
  u.version = SSVC_UNIT_VERSION;
  memcpy(u.customer_id, a->customer, strlen(a->customer) + 1);
  memcpy(u.imei, a->imei, 16);
  memcpy(u.model, a->model, strlen(a->model) + 1);
  u.received_at = p->now;
  return place_unit(p, &u, SSVC_STORAGE_NEW, 0, a->served);
}

int ssvc_swap_receive(ssvc_store *store, const char *customer_id, const char *imei,
                      const char *model, const char *actor, char *case_out) {
  static const char func[] = "ssvc_swap_receive";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  int rc;
  if ((rc = ssvc__check_text(ctx, func, "customer_id", customer_id, 1, SSVC_AGREEMENT_ID_MAX)) ||
      (rc = check_imei(ctx, func, "imei", imei)) ||
      (rc = ssvc__check_text(ctx, func, "model", model, 1, SSVC_MODEL_MAX)) ||
      (rc = ssvc__check_text(ctx, func, "actor", actor, 1, 256)))
    return rc;
  struct receive_args a = {customer_id, imei, model, ""};
  rc = run(store, func, actor, receive_body, &a);
  if (rc) return rc;
  if (case_out) memcpy(case_out, a.served, strlen(a.served) + 1);
  ssvc__log(ctx, SSVC_LOG_INFO, "swap: %s received unit %s (%s)%s%s", customer_id, imei, model,
            *a.served ? " for backordered case " : "", a.served);
  return SSVC_OK;
}

int ssvc_swap_unit_get(ssvc_store *store, ssvc_unit *out, const char *customer_id,
                       const char *imei) {
  static const char func[] = "ssvc_swap_unit_get";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "%s: out must not be NULL", func);
  int rc = ssvc__check_version(ctx, "ssvc_swap_unit_get: out", out->version, SSVC_UNIT_VERSION);
  if (rc || (rc = ssvc__check_text(ctx, func, "customer_id", customer_id, 1,
                                   SSVC_AGREEMENT_ID_MAX)) ||
      (rc = check_imei(ctx, func, "imei", imei)))
    return rc;
  struct op p = {store, ctx, func, NULL, 0};
  ssvc_unit u;
  uint64_t ver;
  rc = unit_read(&p, customer_id, imei, &u, &ver);
  if (rc == SSVC_ENOTFOUND)
    return ssvc__err(ctx, rc, "%s: %s has no unit with IMEI %s", func, customer_id, imei);
  if (rc) return rc;
  u.version = out->version;
  *out = u;
  return SSVC_OK;
}

struct unit_lister {
  struct op *p;
  ssvc_unit_fn fn;
  void *ud;
};

static int unit_list_cb(void *data, const void *key, size_t klen, const void *val, size_t vlen,
                        uint64_t ver) {
  (void)key;
  (void)klen;
  (void)ver;
  struct unit_lister *l = data;
  ssvc_unit u;
  u.version = SSVC_UNIT_VERSION;
  if (decode_unit(val, vlen, &u)) return malformed(l->p, "unit of", l->p->actor);
  return l->fn(l->ud, &u) ? 1 : 0;
}

int ssvc_swap_unit_list(ssvc_store *store, const char *customer_id, ssvc_unit_fn fn,
                        void *user_data) {
  static const char func[] = "ssvc_swap_unit_list";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  int rc = ssvc__check_text(ctx, func, "customer_id", customer_id, 1, SSVC_AGREEMENT_ID_MAX);
  if (rc) return rc;
  if (!fn) return ssvc__err(ctx, SSVC_EINVAL, "%s: fn must not be NULL", func);
  struct op p = {store, ctx, func, customer_id, 0};
  struct unit_lister l = {&p, fn, user_data};
  uint8_t lo[KEY_MAX], hi[KEY_MAX];
  size_t n = key_prefix(lo, 'U', customer_id);
  return ssvc__store_scan(store, func, lo, n, hi, key_end(hi, lo, n), unit_list_cb, &l);
}

/* Counting the stock at an instant for the rent (ssvc__swap_stock_at()). */
struct stock_count {
  int64_t at;
  uint32_t n;
};

static int stock_count_cb(void *ud, const ssvc_unit *u) {
  struct stock_count *c = ud;
  /* Retired and kept-by-a-user are the states a phone leaves the stock by; its last change is
   * when it left. Every other state is a phone the stock holds (on the shelf, on its way, on
   * loan, at the workshop). */
  int gone = u->state == SSVC_UNIT_RETIRED || u->state == SSVC_UNIT_WITH_USER;
  if (u->received_at < c->at && !(gone && u->updated_at < c->at) && c->n < UINT32_MAX) c->n++;
  return 0;
}

int ssvc__swap_stock_at(ssvc_store *st, const char *customer, int64_t at, uint32_t *out) {
  struct stock_count c = {at, 0};
  int rc = ssvc_swap_unit_list(st, customer, stock_count_cb, &c);
  *out = c.n;
  return rc;
}

struct retire_args {
  const char *customer, *imei, *note;
};

static int retire_body(struct op *p, void *args) {
  struct retire_args *a = args;
  ssvc_unit u;
  uint64_t ver;
  int rc = unit_read(p, a->customer, a->imei, &u, &ver);
  if (rc == SSVC_ENOTFOUND)
    return ssvc__err(p->ctx, rc, "%s: %s has no unit with IMEI %s", p->func, a->customer,
                     a->imei);
  if (rc) return rc;
  if (u.state != SSVC_UNIT_AVAILABLE && u.state != SSVC_UNIT_IN_REPAIR)
    return ssvc__err(p->ctx, SSVC_ESTATE, "%s: unit %s is %s; only available or in-repair units "
                     "can be retired", p->func, a->imei, ssvc_unit_state_name(u.state));
  int from = u.state;
  u.state = SSVC_UNIT_RETIRED;
  return unit_write(p, &u, ver, from, a->note);
}

int ssvc_swap_retire(ssvc_store *store, const char *customer_id, const char *imei,
                     const char *actor, const char *note) {
  static const char func[] = "ssvc_swap_retire";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  int rc;
  if ((rc = ssvc__check_text(ctx, func, "customer_id", customer_id, 1, SSVC_AGREEMENT_ID_MAX)) ||
      (rc = check_imei(ctx, func, "imei", imei)) ||
      (rc = ssvc__check_text(ctx, func, "actor", actor, 1, 256)) ||
      (rc = ssvc__check_text(ctx, func, "note", note, 0, 1024)))
    return rc;
  struct retire_args a = {customer_id, imei, note};
  return run(store, func, actor, retire_body, &a);
}

/* ------------------------------------------------------------------------------------------ */
/* Reserve                                                                                     */

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
  int rc = load_case(p, a->case_id, &c, &ci);
  if (rc) goto out;
  if ((rc = ssvc__agreement_load(p->st, p->func, ci.customer_id, &ag))) goto out;
  if (!(ssvc_agreement_features(ag) & SSVC_FEATURE_SWAP_ACTIVATION)) {
    ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
    ssvc_agreement_spec_get(ag, &s);
    rc = ssvc__err(p->ctx, SSVC_ENOTENTITLED,
                   "%s: %s: tier %s of customer %s does not include SWAP activation", p->func,
                   a->case_id, s.tier_code, ci.customer_id);
    goto out;
  }
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
  /* An order of the case already? */
  uint8_t k[KEY_MAX];
  const void *v;
  size_t vlen;
  uint64_t ver;
  rc = ssvc__store_get(p->st, p->func, k, key_order(k, a->case_id), &v, &vlen, &ver);
  if (rc == SSVC_OK) {
    rc = ssvc__err(p->ctx, SSVC_EEXISTS, "%s: %s: a swap or loan was already requested", p->func,
                   a->case_id);
    goto out;
  }
  if (rc != SSVC_ENOTFOUND) goto out;
  /* The first available unit of the model, taken with compare-and-set. */
  struct first f;
  uint8_t lo[KEY_MAX];
  size_t n = key_avail(lo, ci.customer_id, model, NULL);
  if ((rc = first_in(p, lo, n, &f))) goto out;
  char note[160];
  if (f.found) {
    char imei[SSVC_IMEI_SIZE];
    ssvc_unit u;
    uint64_t uver;
    if (f.len != n + 15) {
      rc = malformed(p, "stock index of", ci.customer_id);
      goto out;
    }
    memcpy(imei, f.key + n, 15);
    imei[15] = '\0';
    rc = unit_read(p, ci.customer_id, imei, &u, &uver);
    if (rc == SSVC_ENOTFOUND || (!rc && u.state != SSVC_UNIT_AVAILABLE)) {
      rc = conflict(p, "unit", imei);
      goto out;
    }
    if (rc) goto out;
    u.state = SSVC_UNIT_RESERVED;
    memcpy(u.case_id, a->case_id, strlen(a->case_id) + 1);
    if ((rc = unit_write(p, &u, uver, SSVC_UNIT_AVAILABLE, NULL))) goto out;
    memcpy(o->imei, imei, 16);
    o->state = SSVC_ORDER_RESERVED;
    o->reserved_at = p->now;
    snprintf(note, sizeof note, "%s: unit %s reserved", ssvc_replacement_name(o->replacement),
             imei);
  } else {
    o->state = SSVC_ORDER_BACKORDERED;
    snprintf(note, sizeof note, "%s: backordered (no %.64s in stock)",
             ssvc_replacement_name(o->replacement), model);
  }
  if ((rc = order_write(p, o, SSVC_STORAGE_NEW, 0, NULL))) goto out;
  rc = ssvc_case_transition(p->st, a->case_id, SSVC_CASE_SWAP_REQUESTED, p->actor, note);
out:
  ssvc_agreement_free(ag);
  ssvc_case_free(c);
  return rc;
}

static int case_op_args(ssvc_ctx *ctx, const char *func, const char *case_id, const char *actor,
                        ssvc_order *out) {
  int rc;
  if ((rc = check_case_id(ctx, func, case_id)) ||
      (rc = ssvc__check_text(ctx, func, "actor", actor, 1, 256)))
    return rc;
  if (out) {
    char what[64];
    snprintf(what, sizeof what, "%s: out", func);
    return ssvc__check_version(ctx, what, out->version, SSVC_ORDER_VERSION);
  }
  return SSVC_OK;
}

static void give_order(ssvc_order *out, const ssvc_order *o) {
  if (!out) return;
  unsigned int v = out->version;
  *out = *o;
  out->version = v;
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
  if ((rc = run(store, func, actor, reserve_body, &a))) return rc;
  give_order(out, &a.order);
  ssvc__log(store->ctx, SSVC_LOG_INFO, "swap: %s %s %s", case_id,
            ssvc_order_state_name(a.order.state), a.order.imei);
  return SSVC_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* Ship, return, repaired, loan returned, cancel                                               */

/* Adds a shipment of @p kind and its freight and packaging charges to the case. */
static int ship_charges(struct op *p, const char *case_id, const ssvc_agreement *ag, int kind,
                        const char *carrier, const char *tracking, const char *what) {
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  ssvc_agreement_spec_get(ag, &s);
  int64_t freight = s.freight_minor == SSVC_AGREEMENT_NO_OVERRIDE
                        ? SSVC_FREIGHT_DEFAULT_MINOR
                        : s.freight_minor;
  int64_t packaging = s.packaging_minor == SSVC_AGREEMENT_NO_OVERRIDE
                          ? SSVC_PACKAGING_DEFAULT_MINOR
                          : s.packaging_minor;
  ssvc_shipment sh = SSVC_SHIPMENT_INIT;
  sh.kind = kind;
  sh.at = p->now;
  sh.carrier = carrier;
  sh.tracking = tracking;
  sh.freight_minor = freight + packaging;
  int rc = ssvc_case_add_shipment(p->st, case_id, p->actor, &sh);
  if (rc) return rc;
  char text[96];
  ssvc_case_charge ch = SSVC_CASE_CHARGE_INIT;
  ch.kind = SSVC_CHARGE_FREIGHT;
  ch.amount_minor = freight;
  ch.currency = "SEK";
  snprintf(text, sizeof text, "freight: %s", what);
  ch.text = text;
  if ((rc = ssvc_case_add_charge(p->st, case_id, p->actor, &ch))) return rc;
  ch.kind = SSVC_CHARGE_PACKAGING;
  ch.amount_minor = packaging;
  snprintf(text, sizeof text, "packaging: %s", what);
  return ssvc_case_add_charge(p->st, case_id, p->actor, &ch);
}

static int wrong_stage(struct op *p, const ssvc_order *o, const char *need) {
  return ssvc__err(p->ctx, SSVC_ESTATE, "%s: %s: the order is %s (needs %s)", p->func,
                   o->case_id, ssvc_order_state_name(o->state), need);
}

/* Reads the unit an order names, which must be in state @p want. */
static int order_unit(struct op *p, const ssvc_order *o, const char *imei, int want, ssvc_unit *u,
                      uint64_t *ver) {
  int rc = unit_read(p, o->customer_id, imei, u, ver);
  if (rc == SSVC_ENOTFOUND || (!rc && u->state != want))
    return ssvc__err(p->ctx, SSVC_ESTORAGE, "%s: %s: unit %s is not %s as its order says",
                     p->func, o->case_id, imei, ssvc_unit_state_name(want));
  return rc;
}

static int ship_body(struct op *p, void *args) {
  struct case_args *a = args;
  ssvc_order *o = &a->order;
  uint64_t over, uver;
  int rc = order_read(p, a->case_id, o, &over);
  if (rc) return rc;
  if (o->state != SSVC_ORDER_RESERVED)
    return wrong_stage(p, o, o->state == SSVC_ORDER_BACKORDERED
                                 ? "a reserved unit; the model is backordered"
                                 : "reserved");
  ssvc_agreement *ag = NULL;
  ssvc_calendar *cal = NULL;
  ssvc_unit u;
  if ((rc = ssvc__agreement_load(p->st, p->func, o->customer_id, &ag)) ||
      (rc = ssvc_agreement_calendar(p->ctx, ag, &cal)))
    goto out;
  /* Rule R7: the next working day after the later of the day the reservation counts on and
   * today. */
  ssvc_date counts, delivery, deadline;
  ssvc_local_time today;
  if ((rc = ssvc_calendar_counts_on(p->ctx, cal, &counts, o->reserved_at)) ||
      (rc = ssvc_stockholm_from_instant(p->ctx, &today, p->now)))
    goto out;
  const ssvc_date *later =
      ssvc_date_to_days(&today.date) > ssvc_date_to_days(&counts) ? &today.date : &counts;
  if ((rc = ssvc_calendar_next_working_day(p->ctx, cal, &delivery, later)) ||
      (rc = ssvc_calendar_return_deadline(p->ctx, cal, &deadline, &delivery)))
    goto out;
  if ((rc = order_unit(p, o, o->imei, SSVC_UNIT_RESERVED, &u, &uver))) goto out;
  u.state = SSVC_UNIT_SHIPPED;
  if ((rc = unit_write(p, &u, uver, SSVC_UNIT_RESERVED, a->tracking))) goto out;
  o->state = SSVC_ORDER_SHIPPED;
  o->shipped_at = p->now;
  o->delivery = delivery;
  o->return_deadline = deadline;
  if ((rc = order_write(p, o, over, SSVC_ORDER_RESERVED, NULL))) goto out;
  char what[64], note[96], d1[16], d2[16];
  snprintf(what, sizeof what, "%s phone %s", ssvc_replacement_name(o->replacement), o->imei);
  if ((rc = ship_charges(p, a->case_id, ag, SSVC_SHIPMENT_REPLACEMENT, a->carrier, a->tracking,
                         what)))
    goto out;
  ssvc_date_format(d1, sizeof d1, &delivery);
  ssvc_date_format(d2, sizeof d2, &deadline);
  snprintf(note, sizeof note, "unit %s, delivery %s, faulty phone due %s", o->imei, d1, d2);
  rc = ssvc_case_transition(p->st, a->case_id, SSVC_CASE_SHIPPED, p->actor, note);
out:
  ssvc_calendar_free(cal);
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
  if ((rc = run(store, func, actor, ship_body, &a))) return rc;
  give_order(out, &a.order);
  return SSVC_OK;
}


/* The public steps that take a case and an actor: check the arguments, then run @p body in one
 * transaction (retried on a lost compare-and-set). */
static int case_step(ssvc_store *store, const char *func, const char *case_id, const char *actor,
                     int (*body)(struct op *, void *)) {
  if (!store) return SSVC_EINVAL;
  int rc = case_op_args(store->ctx, func, case_id, actor, NULL);
  if (rc) return rc;
  struct case_args a;
  memset(&a, 0, sizeof a);
  a.case_id = case_id;
  return run(store, func, actor, body, &a);
}

static int returned_body(struct op *p, void *args) {
  struct case_args *a = args;
  ssvc_order *o = &a->order;
  uint64_t over, uver;
  ssvc_unit u;
  int rc = order_read(p, a->case_id, o, &over);
  if (rc) return rc;
  if (o->state != SSVC_ORDER_SHIPPED) return wrong_stage(p, o, "shipped");
  if ((rc = order_unit(p, o, o->imei, SSVC_UNIT_SHIPPED, &u, &uver))) return rc;
  u.state = o->replacement == SSVC_REPLACEMENT_LOAN ? SSVC_UNIT_ON_LOAN : SSVC_UNIT_WITH_USER;
  if ((rc = unit_write(p, &u, uver, SSVC_UNIT_SHIPPED, NULL))) return rc;
  /* A swap that routes repaired phones to the stock: the faulty phone joins the pool now. */
  if (o->replacement == SSVC_REPLACEMENT_SWAP && o->repaired_to == SSVC_REPAIRED_TO_STOCK &&
      *o->user_imei) {
    ssvc_unit f;
    uint64_t fver;
    rc = unit_read(p, o->customer_id, o->user_imei, &f, &fver);
    if (rc == SSVC_OK) {
      if (f.state != SSVC_UNIT_WITH_USER)
        return ssvc__err(p->ctx, SSVC_EEXISTS,
                         "%s: %s: the faulty phone %s is already in the stock (%s)", p->func,
                         o->case_id, o->user_imei, ssvc_unit_state_name(f.state));
      int from = f.state;
      f.state = SSVC_UNIT_IN_REPAIR;
      memcpy(f.case_id, o->case_id, strlen(o->case_id) + 1);
      if ((rc = unit_write(p, &f, fver, from, "faulty phone returned"))) return rc;
    } else if (rc == SSVC_ENOTFOUND) {
      memset(&f, 0, sizeof f);
      f.version = SSVC_UNIT_VERSION;
      memcpy(f.customer_id, o->customer_id, sizeof f.customer_id);
      memcpy(f.imei, o->user_imei, sizeof f.imei);
      memcpy(f.model, o->model, sizeof f.model);
      memcpy(f.case_id, o->case_id, sizeof f.case_id);
      f.state = SSVC_UNIT_IN_REPAIR;
      f.received_at = p->now;
      if ((rc = unit_write(p, &f, SSVC_STORAGE_NEW, 0, "faulty phone returned"))) return rc;
    } else {
      return rc;
    }
  }
  o->state = SSVC_ORDER_IN_REPAIR;
  o->returned_at = p->now;
  if ((rc = order_write(p, o, over, SSVC_ORDER_SHIPPED, NULL))) return rc;
  if ((rc = ssvc_case_transition(p->st, a->case_id, SSVC_CASE_FAULTY_RETURNED, p->actor,
                                 o->overdue ? "returned after the deadline" : NULL)))
    return rc;
  return ssvc_case_transition(p->st, a->case_id, SSVC_CASE_IN_REPAIR, p->actor,
                              "sent to the workshop");
}

int ssvc_swap_faulty_returned(ssvc_store *store, const char *case_id, const char *actor) {
  return case_step(store, "ssvc_swap_faulty_returned", case_id, actor, returned_body);
}

static int repaired_body(struct op *p, void *args) {
  struct case_args *a = args;
  ssvc_order *o = &a->order;
  uint64_t over;
  int rc = order_read(p, a->case_id, o, &over);
  if (rc) return rc;
  if (o->state != SSVC_ORDER_IN_REPAIR) return wrong_stage(p, o, "in-repair");
  ssvc_agreement *ag = NULL;
  const char *close_note = NULL;
  char note[96];
  if (o->replacement == SSVC_REPLACEMENT_SWAP && o->repaired_to == SSVC_REPAIRED_TO_STOCK) {
    if (*o->user_imei) {
      ssvc_unit f;
      uint64_t fver;
      char served[SSVC_CASE_ID_SIZE];
      rc = unit_read(p, o->customer_id, o->user_imei, &f, &fver);
      if (rc == SSVC_ENOTFOUND) rc = SSVC_OK; /* retired meanwhile and gone: nothing to place */
      else if (!rc && f.state == SSVC_UNIT_IN_REPAIR)
        rc = place_unit(p, &f, fver, SSVC_UNIT_IN_REPAIR, served);
      if (rc) goto out;
    }
    close_note = "repaired phone into the SWAP stock";
  } else {
    if ((rc = ssvc__agreement_load(p->st, p->func, o->customer_id, &ag))) goto out;
    snprintf(note, sizeof note, "repaired phone %s back to the user",
             *o->user_imei ? o->user_imei : "");
    if ((rc = ship_charges(p, a->case_id, ag, SSVC_SHIPMENT_RETURN, NULL, NULL, note))) goto out;
    close_note = "repaired phone back to the user";
  }
  int from = o->state;
  o->state = o->replacement == SSVC_REPLACEMENT_LOAN ? SSVC_ORDER_LOAN_OUT : SSVC_ORDER_DONE;
  if ((rc = order_write(p, o, over, from, NULL))) goto out;
  if ((rc = ssvc_case_transition(p->st, a->case_id, SSVC_CASE_REPAIRED, p->actor, close_note)))
    goto out;
  if (o->state == SSVC_ORDER_DONE)
    rc = ssvc_case_transition(p->st, a->case_id, SSVC_CASE_CLOSED, p->actor, NULL);
out:
  ssvc_agreement_free(ag);
  return rc;
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
  int rc = order_read(p, a->case_id, o, &over);
  if (rc) return rc;
  if (o->state != SSVC_ORDER_LOAN_OUT) return wrong_stage(p, o, "loan-out");
  if ((rc = order_unit(p, o, o->imei, SSVC_UNIT_ON_LOAN, &u, &uver)) ||
      (rc = place_unit(p, &u, uver, SSVC_UNIT_ON_LOAN, served)))
    return rc;
  o->state = SSVC_ORDER_DONE;
  if ((rc = order_write(p, o, over, SSVC_ORDER_LOAN_OUT, "loan phone returned"))) return rc;
  return ssvc_case_transition(p->st, a->case_id, SSVC_CASE_CLOSED, p->actor,
                              "loan phone returned");
}

int ssvc_swap_loan_returned(ssvc_store *store, const char *case_id, const char *actor) {
  return case_step(store, "ssvc_swap_loan_returned", case_id, actor, loan_body);
}

static int cancel_body(struct op *p, void *args) {
  struct case_args *a = args;
  ssvc_order *o = &a->order;
  uint64_t over, uver;
  int rc = order_read(p, a->case_id, o, &over);
  if (rc) return rc;
  if (o->state != SSVC_ORDER_RESERVED && o->state != SSVC_ORDER_BACKORDERED)
    return wrong_stage(p, o, "reserved or backordered");
  int from = o->state;
  o->state = SSVC_ORDER_CANCELLED;
  if ((rc = order_write(p, o, over, from, NULL))) return rc;
  if (from == SSVC_ORDER_RESERVED) {
    ssvc_unit u;
    char served[SSVC_CASE_ID_SIZE];
    if ((rc = order_unit(p, o, o->imei, SSVC_UNIT_RESERVED, &u, &uver))) return rc;
    u.case_id[0] = '\0';
    if ((rc = place_unit(p, &u, uver, SSVC_UNIT_RESERVED, served))) return rc;
  }
  return ssvc_case_transition(p->st, a->case_id, SSVC_CASE_CANCELLED, p->actor,
                              "swap or loan cancelled");
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
  if (rc || (rc = check_case_id(ctx, func, case_id))) return rc;
  struct op p = {store, ctx, func, NULL, 0};
  ssvc_order o;
  uint64_t ver;
  if ((rc = order_read(&p, case_id, &o, &ver))) return rc;
  give_order(out, &o);
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
};

static int order_list_cb(void *data, const void *key, size_t klen, const void *val, size_t vlen,
                         uint64_t ver) {
  (void)key;
  (void)klen;
  (void)ver;
  struct order_lister *l = data;
  ssvc_order o;
  o.version = SSVC_ORDER_VERSION;
  if (decode_order(val, vlen, &o)) return malformed(l->p, "order", "in the list");
  if (l->customer && strcmp(o.customer_id, l->customer) != 0) return 0;
  if (l->state && o.state != l->state) return 0;
  return l->fn(l->ud, &o) ? 1 : 0;
}

static int back_ids_cb(void *data, const void *key, size_t klen, const void *val, size_t vlen,
                       uint64_t ver) {
  (void)val;
  (void)vlen;
  (void)ver;
  struct order_lister *l = data;
  /* 'W' 'B' customer 0 model 0 instant(8) case-id */
  const uint8_t *k = key, *end = k + klen, *q = k + 2;
  for (int z = 0; z < 2 && q < end; q++)
    if (*q == 0) z++;
  if (end - q <= 8 || end - q - 8 >= SSVC_CASE_ID_SIZE) return malformed(l->p, "backorder", "");
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
                           user_data, NULL, 0, 0};
  uint8_t lo[KEY_MAX], hi[KEY_MAX];
  if (state != SSVC_ORDER_BACKORDERED) {
    size_t n = key_order(lo, NULL);
    return ssvc__store_scan(store, func, lo, n, hi, key_end(hi, lo, n), order_list_cb, &l);
  }
  /* Backorders in serving order, from their index. */
  size_t n = l.customer ? key_back(lo, l.customer, NULL, 0, NULL) : key_prefix(lo, 'B', NULL);
  if (l.customer) rc = ssvc__store_scan(store, func, lo, n, hi, key_end(hi, lo, n), back_ids_cb, &l);
  else {
    hi[0] = 'W';
    hi[1] = 'C';
    rc = ssvc__store_scan(store, func, lo, n, hi, 2, back_ids_cb, &l);
  }
  for (size_t i = 0; rc == SSVC_OK && i < l.n; i++) {
    ssvc_order o;
    uint64_t ver;
    if ((rc = order_read(&p, l.ids[i], &o, &ver))) break;
    if (fn(user_data, &o)) break;
  }
  ssvc__free(ctx, l.ids);
  return rc;
}

/* ------------------------------------------------------------------------------------------ */
/* Refill advice                                                                               */

struct model_count {
  char model[SSVC_NAME_SIZE];
  uint32_t available, backorders, target;
};

struct counter {
  struct op *p;
  struct model_count *m;
  size_t n, cap;
  uint32_t available, backorders;
};

static struct model_count *model_slot(struct counter *c, const char *model, size_t len) {
  for (size_t i = 0; i < c->n; i++)
    if (strlen(c->m[i].model) == len && memcmp(c->m[i].model, model, len) == 0) return &c->m[i];
  if (c->n == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 8;
    void *np = ssvc__realloc(c->p->ctx, c->m, cap * sizeof *c->m);
    if (!np) return NULL;
    c->m = np;
    c->cap = cap;
  }
  struct model_count *s = &c->m[c->n++];
  memset(s, 0, sizeof *s);
  if (len >= sizeof s->model) len = sizeof s->model - 1;
  memcpy(s->model, model, len);
  return s;
}

/* Available index keys: 'W' 'V' customer 0 model 0 imei. Backorder keys: 'W' 'B' customer 0
 * model 0 instant case-id. Both name the model after the customer. */
static int count_cb(void *data, const void *key, size_t klen, const void *val, size_t vlen,
                    uint64_t ver) {
  (void)val;
  (void)vlen;
  (void)ver;
  struct counter *c = data;
  const uint8_t *k = key, *end = k + klen, *q = k + 2;
  while (q < end && *q) q++;
  const uint8_t *model = ++q;
  while (q < end && *q) q++;
  if (q >= end) return malformed(c->p, "stock index of", "a customer");
  struct model_count *s = model_slot(c, (const char *)model, (size_t)(q - model));
  if (!s) return SSVC_ENOMEM;
  if (k[1] == 'V') {
    s->available++;
    c->available++;
  } else {
    s->backorders++;
    c->backorders++;
  }
  return 0;
}

static int model_cmp(const void *a, const void *b) {
  return strcmp(((const struct model_count *)a)->model, ((const struct model_count *)b)->model);
}

int ssvc_swap_advise(ssvc_store *store, const char *customer_id, uint32_t *total,
                     ssvc_refill_fn fn, void *user_data) {
  static const char func[] = "ssvc_swap_advise";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  int rc = ssvc__check_text(ctx, func, "customer_id", customer_id, 1, SSVC_AGREEMENT_ID_MAX);
  if (rc) return rc;
  struct op p = {store, ctx, func, NULL, 0};
  ssvc_agreement *ag = NULL;
  if ((rc = ssvc__agreement_load(store, func, customer_id, &ag))) return rc;
  struct counter c = {&p, NULL, 0, 0, 0, 0};
  uint8_t lo[KEY_MAX], hi[KEY_MAX];
  size_t n = key_prefix(lo, 'V', customer_id);
  rc = ssvc__store_scan(store, func, lo, n, hi, key_end(hi, lo, n), count_cb, &c);
  if (!rc) {
    n = key_prefix(lo, 'B', customer_id);
    rc = ssvc__store_scan(store, func, lo, n, hi, key_end(hi, lo, n), count_cb, &c);
  }
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  ssvc_agreement_spec_get(ag, &s);
  for (size_t i = 0; !rc && i < s.model_count; i++) {
    if (!s.models[i].target) continue;
    struct model_count *m = model_slot(&c, s.models[i].model, strlen(s.models[i].model));
    if (!m) rc = SSVC_ENOMEM;
    else m->target = s.models[i].target;
  }
  if (rc) goto out;
  if (c.n > 1) qsort(c.m, c.n, sizeof *c.m, model_cmp);
  /* Model lines: their own level plus their backorders; the pool line covers the rest of the
   * agreement's level. */
  uint32_t level = ssvc_agreement_swap_level(ag), by_model = 0, sum;
  for (size_t i = 0; i < c.n; i++) {
    struct model_count *m = &c.m[i];
    uint64_t need = (uint64_t)m->target + m->backorders;
    by_model += need > m->available ? (uint32_t)(need - m->available) : 0;
  }
  uint64_t pool_need = (uint64_t)level + c.backorders;
  uint64_t have = (uint64_t)c.available + by_model;
  uint32_t pool_rec = pool_need > have ? (uint32_t)(pool_need - have) : 0;
  sum = pool_rec + by_model;
  if (fn) {
    ssvc_refill_line line = {SSVC_REFILL_LINE_VERSION, "", c.available, level, c.backorders,
                             pool_rec};
    if (fn(user_data, &line)) goto done;
    for (size_t i = 0; i < c.n; i++) {
      struct model_count *m = &c.m[i];
      if (!m->target && !m->backorders) continue;
      uint64_t need = (uint64_t)m->target + m->backorders;
      line.model = m->model;
      line.available = m->available;
      line.target = m->target;
      line.backorders = m->backorders;
      line.recommended = need > m->available ? (uint32_t)(need - m->available) : 0;
      if (fn(user_data, &line)) break;
    }
  }
done:
  if (total) *total = sum;
out:
  ssvc__free(ctx, c.m);
  ssvc_agreement_free(ag);
  return rc;
}

/* ------------------------------------------------------------------------------------------ */
/* Overdue returns                                                                             */

struct overdue_scan {
  struct op *p;
  const char *customer;
  int64_t today;
  ssvc_order *o;
  size_t n, cap;
};

static int overdue_cb(void *data, const void *key, size_t klen, const void *val, size_t vlen,
                      uint64_t ver) {
  (void)key;
  (void)klen;
  (void)ver;
  struct overdue_scan *s = data;
  ssvc_order o;
  o.version = SSVC_ORDER_VERSION;
  if (decode_order(val, vlen, &o)) return malformed(s->p, "order", "in the list");
  if (o.state != SSVC_ORDER_SHIPPED || !o.return_deadline.year) return 0;
  if (s->customer && strcmp(o.customer_id, s->customer) != 0) return 0;
  if (ssvc_date_to_days(&o.return_deadline) >= s->today) return 0;
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 8;
    void *np = ssvc__realloc(s->p->ctx, s->o, cap * sizeof *s->o);
    if (!np) return SSVC_ENOMEM;
    s->o = np;
    s->cap = cap;
  }
  s->o[s->n++] = o;
  return 0;
}

struct overdue_args {
  const char *customer;
  struct overdue_scan scan;
  size_t flagged;
};

static int overdue_body(struct op *p, void *args) {
  struct overdue_args *a = args;
  struct overdue_scan *s = &a->scan;
  s->p = p;
  s->n = 0;
  a->flagged = 0;
  ssvc_local_time lt;
  int rc = ssvc_stockholm_from_instant(p->ctx, &lt, p->now);
  if (rc) return rc;
  s->today = ssvc_date_to_days(&lt.date);
  uint8_t lo[KEY_MAX], hi[KEY_MAX];
  size_t n = key_order(lo, NULL);
  if ((rc = ssvc__store_scan(p->st, p->func, lo, n, hi, key_end(hi, lo, n), overdue_cb, s)))
    return rc;
  for (size_t i = 0; i < s->n; i++) {
    ssvc_order *o = &s->o[i];
    if (o->overdue) continue;
    ssvc_order cur;
    uint64_t over;
    ssvc_agreement *ag = NULL;
    if ((rc = order_read(p, o->case_id, &cur, &over))) return rc;
    if ((rc = ssvc__agreement_load(p->st, p->func, o->customer_id, &ag))) return rc;
    int64_t value = ssvc_agreement_replacement_value(ag, o->model);
    ssvc_agreement_free(ag);
    cur.overdue = 1;
    char d[16], text[256];
    ssvc_date_format(d, sizeof d, &cur.return_deadline);
    if ((rc = order_write(p, &cur, over, cur.state, "faulty phone overdue"))) return rc;
    ssvc_case_charge ch = SSVC_CASE_CHARGE_INIT;
    ch.kind = SSVC_CHARGE_UNRETURNED;
    ch.amount_minor = value;
    ch.currency = "SEK";
    snprintf(text, sizeof text, "unreturned faulty phone %s (%s), due %s%s",
             *cur.user_imei ? cur.user_imei : "-", cur.model, d,
             value ? "" : "; no replacement value in the agreement");
    ch.text = text;
    if ((rc = ssvc_case_add_charge(p->st, o->case_id, p->actor, &ch))) return rc;
    o->overdue = 1;
    a->flagged++;
  }
  return SSVC_OK;
}

int ssvc_swap_overdue(ssvc_store *store, const char *customer_id, const char *actor,
                      size_t *flagged, ssvc_order_fn fn, void *user_data) {
  static const char func[] = "ssvc_swap_overdue";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  int rc;
  if ((rc = ssvc__check_text(ctx, func, "customer_id", customer_id, 0, SSVC_AGREEMENT_ID_MAX)) ||
      (rc = ssvc__check_text(ctx, func, "actor", actor, 1, 256)))
    return rc;
  struct overdue_args a;
  memset(&a, 0, sizeof a);
  a.customer = customer_id;
  a.scan.customer = customer_id && *customer_id ? customer_id : NULL;
  rc = run(store, func, actor, overdue_body, &a);
  if (!rc) {
    if (flagged) *flagged = a.flagged;
    for (size_t i = 0; fn && i < a.scan.n; i++)
      if (fn(user_data, &a.scan.o[i])) break;
    if (a.flagged)
      ssvc__log(ctx, SSVC_LOG_INFO, "swap: %zu faulty phone(s) flagged overdue", a.flagged);
  }
  ssvc__free(ctx, a.scan.o);
  return rc;
}

/* ------------------------------------------------------------------------------------------ */
/* Erasure                                                                                     */

struct erase_args {
  const char *customer, *contact;
  size_t count;
  struct order_lister ids; /* the customer's orders with a user IMEI */
};

static int erase_ids_cb(void *data, const void *key, size_t klen, const void *val, size_t vlen,
                        uint64_t ver) {
  (void)key;
  (void)klen;
  (void)ver;
  struct order_lister *l = data;
  ssvc_order o;
  o.version = SSVC_ORDER_VERSION;
  if (decode_order(val, vlen, &o)) return malformed(l->p, "order", "in the list");
  if (strcmp(o.customer_id, l->customer) != 0 || !*o.user_imei) return 0;
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 8;
    void *np = ssvc__realloc(l->p->ctx, l->ids, cap * sizeof *l->ids);
    if (!np) return SSVC_ENOMEM;
    l->ids = np;
    l->cap = cap;
  }
  memcpy(l->ids[l->n++], o.case_id, sizeof o.case_id);
  return 0;
}

static int erase_body(struct op *p, void *args) {
  struct erase_args *a = args;
  a->ids.p = p;
  a->ids.customer = a->customer;
  a->ids.n = 0;
  int rc = ssvc_case_erase_user(p->st, &a->count, a->customer, a->contact, p->actor);
  if (rc || !a->count) return rc;
  uint8_t lo[KEY_MAX], hi[KEY_MAX];
  size_t n = key_order(lo, NULL);
  if ((rc = ssvc__store_scan(p->st, p->func, lo, n, hi, key_end(hi, lo, n), erase_ids_cb,
                             &a->ids)))
    return rc;
  for (size_t i = 0; i < a->ids.n; i++) {
    ssvc_case *c = NULL;
    ssvc_case_info ci;
    if ((rc = load_case(p, a->ids.ids[i], &c, &ci))) return rc;
    int erased = ci.erased;
    ssvc_case_free(c);
    if (!erased) continue;
    ssvc_order o;
    uint64_t over;
    if ((rc = order_read(p, a->ids.ids[i], &o, &over))) return rc;
    o.user_imei[0] = '\0';
    if ((rc = order_write(p, &o, over, o.state, "personal data erased"))) return rc;
  }
  return SSVC_OK;
}

int ssvc_swap_erase_user(ssvc_store *store, size_t *count, const char *customer_id,
                         const char *contact, const char *actor) {
  static const char func[] = "ssvc_swap_erase_user";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  int rc;
  if ((rc = ssvc__check_text(ctx, func, "customer_id", customer_id, 1, SSVC_AGREEMENT_ID_MAX)) ||
      (rc = ssvc__check_text(ctx, func, "actor", actor, 1, 256)))
    return rc;
  struct erase_args a;
  memset(&a, 0, sizeof a);
  a.customer = customer_id;
  a.contact = contact;
  rc = run(store, func, actor, erase_body, &a);
  ssvc__free(ctx, a.ids.ids);
  if (!rc && count) *count = a.count;
  return rc;
}

/* ------------------------------------------------------------------------------------------ */
/* Refill requests (anmodan)                                                                   */

static const char *const refill_names[] = {NULL, "pending", "approved", "declined"};

const char *ssvc_refill_state_name(int s) { return s >= 1 && s <= 3 ? refill_names[s] : NULL; }

int ssvc_refill_state_from_name(ssvc_ctx *ctx, int *out, const char *name) {
  return ssvc__name_lookup(ctx, "ssvc_refill_state_from_name", out, name, refill_names, 1, 3,
                           "refill state");
}

enum { R_CUSTOMER = 1, R_NUMBER, R_STATE, R_CREATED, R_TOTAL, R_LINE, R_DECIDED, R_RECEIVED,
       R_EVENT };
enum { L_MODEL = 1, L_AVAILABLE, L_TARGET, L_BACKORDERS, L_RECOMMENDED };

static int refill_known(uint32_t id) { return id >= R_CUSTOMER && id < R_EVENT && id != R_LINE; }

static size_t key_refill(uint8_t *k, const char *customer, uint32_t number) {
  size_t n = key_prefix(k, 'R', customer);
  for (int i = 3; i >= 0; i--, number >>= 8) k[n + (size_t)i] = (uint8_t)number;
  return n + 4;
}

struct refill_rec {
  int state;
  uint32_t total, received;
  int64_t created, decided;
};

static int decode_refill(const void *v, size_t vlen, struct refill_rec *r, ssvc_refill_fn fn,
                         void *ud) {
  ssvc_rd rd;
  ssvc_field f;
  int rc;
  memset(r, 0, sizeof *r);
  if (ssvc__rec_open(&rd, v, vlen, SSVC_REC_REFILL)) return -1;
  while ((rc = ssvc__rd_next(&rd, &f)) == 1) {
    if (f.id == R_STATE) r->state = (int)f.u;
    else if (f.id == R_TOTAL) r->total = f.u > UINT32_MAX ? UINT32_MAX : (uint32_t)f.u;
    else if (f.id == R_RECEIVED) r->received = f.u > UINT32_MAX ? UINT32_MAX : (uint32_t)f.u;
    else if (f.id == R_CREATED) r->created = ssvc__unzigzag(f.u);
    else if (f.id == R_DECIDED) r->decided = ssvc__unzigzag(f.u);
    else if (f.id == R_LINE && fn && f.wire == SSVC_WIRE_BYTES) {
      ssvc_rd sub = {f.bytes, f.bytes + f.len};
      ssvc_field g;
      char model[SSVC_NAME_SIZE] = "";
      ssvc_refill_line line = {SSVC_REFILL_LINE_VERSION, model, 0, 0, 0, 0};
      while (ssvc__rd_next(&sub, &g) == 1) {
        uint32_t u = g.u > UINT32_MAX ? UINT32_MAX : (uint32_t)g.u;
        if (g.id == L_MODEL) copy_text(model, sizeof model, &g);
        else if (g.id == L_AVAILABLE) line.available = u;
        else if (g.id == L_TARGET) line.target = u;
        else if (g.id == L_BACKORDERS) line.backorders = u;
        else if (g.id == L_RECOMMENDED) line.recommended = u;
      }
      if (fn(ud, &line)) fn = NULL;
    }
  }
  return rc < 0 || !ssvc_refill_state_name(r->state) ? -1 : 0;
}

struct refill_lines {
  ssvc_ctx *ctx;
  ssvc_refill_line *l;
  char (*models)[SSVC_NAME_SIZE];
  size_t n, cap;
  int failed; /* an allocation failed: the advice stopped early */
};

static int collect_line(void *ud, const ssvc_refill_line *line) {
  struct refill_lines *c = ud;
  if (c->n == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 8;
    void *a = ssvc__realloc(c->ctx, c->l, cap * sizeof *c->l);
    if (!a) return c->failed = 1;
    c->l = a;
    void *b = ssvc__realloc(c->ctx, c->models, cap * sizeof *c->models);
    if (!b) return c->failed = 1;
    c->models = b;
    c->cap = cap;
  }
  snprintf(c->models[c->n], SSVC_NAME_SIZE, "%s", line->model);
  c->l[c->n++] = *line;
  return 0;
}

struct last_key {
  uint32_t number;
};

static int last_cb(void *data, const void *key, size_t klen, const void *val, size_t vlen,
                   uint64_t ver) {
  (void)val;
  (void)vlen;
  (void)ver;
  struct last_key *l = data;
  const uint8_t *k = (const uint8_t *)key + klen - 4;
  l->number = (uint32_t)k[0] << 24 | (uint32_t)k[1] << 16 | (uint32_t)k[2] << 8 | k[3];
  return 0;
}

struct request_args {
  const char *customer;
  uint32_t number, total;
  struct refill_lines lines;
};

static int request_body(struct op *p, void *args) {
  struct request_args *a = args;
  a->lines.n = 0;
  a->lines.failed = 0;
  a->number = 0;
  int rc = ssvc_swap_advise(p->st, a->customer, &a->total, collect_line, &a->lines);
  if (rc) return rc;
  if (a->lines.failed) return SSVC_ENOMEM;
  if (a->total == 0) return SSVC_OK;
  uint8_t lo[KEY_MAX], hi[KEY_MAX];
  size_t n = key_prefix(lo, 'R', a->customer);
  struct last_key last = {0};
  if ((rc = ssvc__store_scan(p->st, p->func, lo, n, hi, key_end(hi, lo, n), last_cb, &last)))
    return rc;
  if (last.number == UINT32_MAX)
    return ssvc__err(p->ctx, SSVC_ERANGE, "%s: %s: no request numbers left", p->func,
                     a->customer);
  uint32_t number = last.number + 1;
  ssvc_buf *b = ssvc__store_scratch(p->st, 1);
  ssvc__rec_header(b, SSVC_REC_REFILL, SSVC_POOL_FORMAT);
  ssvc__rec_str(b, R_CUSTOMER, a->customer);
  ssvc__rec_uint(b, R_NUMBER, number);
  ssvc__rec_uint(b, R_STATE, SSVC_REFILL_PENDING);
  ssvc__rec_sint(b, R_CREATED, p->now);
  ssvc__rec_uint(b, R_TOTAL, a->total);
  for (size_t i = 0; i < a->lines.n; i++) {
    const ssvc_refill_line *l = &a->lines.l[i];
    size_t mark = ssvc__rec_sub_begin(b, R_LINE);
    ssvc__rec_str(b, L_MODEL, a->lines.models[i]);
    ssvc__rec_uint(b, L_AVAILABLE, l->available);
    ssvc__rec_uint(b, L_TARGET, l->target);
    ssvc__rec_uint(b, L_BACKORDERS, l->backorders);
    ssvc__rec_uint(b, L_RECOMMENDED, l->recommended);
    ssvc__rec_sub_end(b, mark);
  }
  encode_event(b, R_EVENT, p->now, p->actor, 0, SSVC_REFILL_PENDING, NULL, "sent");
  if (b->failed) return SSVC_ENOMEM;
  uint8_t k[KEY_MAX];
  rc = ssvc__store_put(p->st, p->func, k, key_refill(k, a->customer, number), b->p, b->len,
                       SSVC_STORAGE_NEW, NULL);
  if (rc == SSVC_ECONFLICT) return conflict(p, "refill request of", a->customer);
  if (rc) return rc;
  a->number = number;
  return SSVC_OK;
}

int ssvc_swap_refill_request(ssvc_store *store, uint32_t *number, uint32_t *total,
                             const char *customer_id, const char *actor) {
  static const char func[] = "ssvc_swap_refill_request";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  int rc;
  if (!number) return ssvc__err(ctx, SSVC_EINVAL, "%s: number must not be NULL", func);
  if ((rc = ssvc__check_text(ctx, func, "customer_id", customer_id, 1, SSVC_AGREEMENT_ID_MAX)) ||
      (rc = ssvc__check_text(ctx, func, "actor", actor, 1, 256)))
    return rc;
  struct request_args a;
  memset(&a, 0, sizeof a);
  a.customer = customer_id;
  a.lines.ctx = ctx;
  rc = run(store, func, actor, request_body, &a);
  ssvc__free(ctx, a.lines.l);
  ssvc__free(ctx, a.lines.models);
  if (rc) return rc;
  *number = a.number;
  if (total) *total = a.total;
  if (a.number)
    ssvc__log(ctx, SSVC_LOG_INFO, "swap: refill request %s/%u: %u phone(s)", customer_id,
              (unsigned)a.number, (unsigned)a.total);
  return SSVC_OK;
}

struct decide_args {
  const char *customer;
  uint32_t number;
  int approve;
  const char *const *imeis, *const *models;
  size_t count;
};

static int decide_body(struct op *p, void *args) {
  struct decide_args *a = args;
  uint8_t k[KEY_MAX];
  size_t klen = key_refill(k, a->customer, a->number);
  const void *v;
  size_t vlen;
  uint64_t ver;
  int rc = ssvc__store_get(p->st, p->func, k, klen, &v, &vlen, &ver);
  if (rc == SSVC_ENOTFOUND)
    return ssvc__err(p->ctx, rc, "%s: %s has no refill request %u", p->func, a->customer,
                     (unsigned)a->number);
  if (rc) return rc;
  struct refill_rec r;
  if (decode_refill(v, vlen, &r, NULL, NULL)) return malformed(p, "refill request of", a->customer);
  if (r.state != SSVC_REFILL_PENDING)
    return ssvc__err(p->ctx, SSVC_ESTATE, "%s: %s: refill request %u is %s (needs pending)",
                     p->func, a->customer, (unsigned)a->number, ssvc_refill_state_name(r.state));
  for (size_t i = 0; a->approve && i < a->count; i++) {
    struct receive_args ra = {a->customer, a->imeis[i], a->models[i], ""};
    if ((rc = receive_body(p, &ra))) return rc;
  }
  /* Read again: the receives wrote elsewhere, and the value pointer is gone. */
  if ((rc = ssvc__store_get(p->st, p->func, k, klen, &v, &vlen, &ver))) return rc;
  int state = a->approve ? SSVC_REFILL_APPROVED : SSVC_REFILL_DECLINED;
  ssvc_buf *b = ssvc__store_scratch(p->st, 1);
  ssvc__rec_header(b, SSVC_REC_REFILL, SSVC_POOL_FORMAT);
  ssvc__rec_str(b, R_CUSTOMER, a->customer);
  ssvc__rec_uint(b, R_NUMBER, a->number);
  ssvc__rec_uint(b, R_STATE, (uint64_t)state);
  ssvc__rec_sint(b, R_CREATED, r.created);
  ssvc__rec_uint(b, R_TOTAL, r.total);
  ssvc__rec_sint(b, R_DECIDED, p->now);
  ssvc__rec_uint(b, R_RECEIVED, a->approve ? a->count : 0);
  ssvc__rec_keep(b, (const uint8_t *)v + 2, vlen - 2, refill_known);
  encode_event(b, R_EVENT, p->now, p->actor, SSVC_REFILL_PENDING, state, NULL, NULL);
  if (b->failed) return SSVC_ENOMEM;
  rc = ssvc__store_put(p->st, p->func, k, klen, b->p, b->len, ver, NULL);
  if (rc == SSVC_ECONFLICT) return conflict(p, "refill request of", a->customer);
  return rc;
}

int ssvc_swap_refill_decide(ssvc_store *store, const char *customer_id, uint32_t number,
                            int approve, const char *const *imeis, const char *const *models,
                            size_t count, const char *actor) {
  static const char func[] = "ssvc_swap_refill_decide";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  int rc;
  if ((rc = ssvc__check_text(ctx, func, "customer_id", customer_id, 1, SSVC_AGREEMENT_ID_MAX)) ||
      (rc = ssvc__check_text(ctx, func, "actor", actor, 1, 256)))
    return rc;
  if (!approve && count)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: count: a declined request receives no phones "
                     "(got %zu)", func, count);
  if (count && (!imeis || !models))
    return ssvc__err(ctx, SSVC_EINVAL, "%s: imeis and models must be given for %zu phone(s)",
                     func, count);
  for (size_t i = 0; i < count; i++) {
    char arg[32];
    snprintf(arg, sizeof arg, "imeis[%zu]", i);
    if ((rc = check_imei(ctx, func, arg, imeis[i]))) return rc;
    snprintf(arg, sizeof arg, "models[%zu]", i);
    if ((rc = ssvc__check_text(ctx, func, arg, models[i], 1, SSVC_MODEL_MAX))) return rc;
  }
  struct decide_args a = {customer_id, number, approve != 0, imeis, models, count};
  return run(store, func, actor, decide_body, &a);
}

int ssvc_swap_refill_get(ssvc_store *store, int *state, uint32_t *total, uint32_t *received,
                         const char *customer_id, uint32_t number, ssvc_refill_fn fn,
                         void *user_data) {
  static const char func[] = "ssvc_swap_refill_get";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  int rc = ssvc__check_text(ctx, func, "customer_id", customer_id, 1, SSVC_AGREEMENT_ID_MAX);
  if (rc) return rc;
  struct op p = {store, ctx, func, NULL, 0};
  uint8_t k[KEY_MAX];
  const void *v;
  size_t vlen;
  uint64_t ver;
  rc = ssvc__store_get(store, func, k, key_refill(k, customer_id, number), &v, &vlen, &ver);
  if (rc == SSVC_ENOTFOUND)
    return ssvc__err(ctx, rc, "%s: %s has no refill request %u", func, customer_id,
                     (unsigned)number);
  if (rc) return rc;
  /* Copy the record first: the callback may read the store. */
  struct refill_rec r;
  if (decode_refill(v, vlen, &r, NULL, NULL)) return malformed(&p, "refill request of", customer_id);
  if (fn) {
    uint8_t *copy = ssvc__malloc(ctx, vlen);
    if (!copy) return SSVC_ENOMEM;
    memcpy(copy, v, vlen);
    decode_refill(copy, vlen, &r, fn, user_data);
    ssvc__free(ctx, copy);
  }
  if (state) *state = r.state;
  if (total) *total = r.total;
  if (received) *received = r.received;
  return SSVC_OK;
}
