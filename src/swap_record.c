/* swap_record: the SWAP pool's state names, keys, records and their codecs, the operation
 * runner and argument checks (swap_record.h). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#include "swap_record.h"
/* ------------------------------------------------------------------------------------------ */
/* Names                                                                                       */

static const char *const unit_names[] = {NULL,       "available", "reserved",  "shipped",
                                         "on-loan",  "with-user", "in-repair", "retired"};
static const char *const order_names[] = {NULL,        "backordered", "reserved", "shipped",
                                          "in-repair", "loan-out",    "done",     "cancelled"};

const char *ssvc_unit_state_name(int s) { return ssvc__name_of(unit_names, 1, 7, s); }
const char *ssvc_order_state_name(int s) { return ssvc__name_of(order_names, 1, 7, s); }

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

size_t ssvc__order_size(unsigned int version) {
  return version == 1 ? offsetof(ssvc_order, promised) : sizeof(ssvc_order);
}

void ssvc__order_give(ssvc_order *out, const ssvc_order *o) {
  if (!out) return;
  unsigned int v = out->version;
  memcpy(out, o, ssvc__order_size(v)); /* a version-1 caller's struct is shorter */
  out->version = v;
}

int ssvc_order_init(ssvc_order *order, unsigned int version) {
  return ssvc__struct_init(order, ssvc__order_size(version), version, SSVC_ORDER_VERSION);
}

/* ------------------------------------------------------------------------------------------ */
/* Keys                                                                                        */

size_t ssvc__swap_key_prefix(uint8_t *k, uint8_t kind, const char *customer) {
  size_t n = 2;
  k[0] = SSVC_KEY_SWAP;
  k[1] = kind;
  if (customer) ssvc__key_text(k, &n, customer);
  return n;
}

static size_t key_unit(uint8_t *k, const char *customer, const char *imei) {
  size_t n = ssvc__swap_key_prefix(k, 'U', customer);
  memcpy(k + n, imei, 15);
  return n + 15;
}

size_t ssvc__swap_key_avail(uint8_t *k, const char *customer, const char *model, const char *imei) {
  size_t n = ssvc__swap_key_prefix(k, 'V', customer);
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

size_t ssvc__swap_key_back(uint8_t *k, const char *customer, const char *model, int64_t at,
                           const char *case_id) {
  size_t n = ssvc__swap_key_prefix(k, 'B', customer);
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

size_t ssvc__swap_key_order(uint8_t *k, const char *case_id) {
  size_t n = ssvc__swap_key_prefix(k, 'O', NULL);
  if (case_id) {
    size_t len = strlen(case_id);
    memcpy(k + n, case_id, len);
    n += len;
  }
  return n;
}

/* The end of a prefix range: the prefix with its last byte (a NUL) raised to 1. */
size_t ssvc__swap_key_end(uint8_t *hi, const uint8_t *lo, size_t n) {
  memcpy(hi, lo, n);
  hi[n - 1]++;
  return n;
}

/* ------------------------------------------------------------------------------------------ */
/* Records                                                                                     */

enum { U_CUSTOMER = 1, U_IMEI, U_MODEL, U_STATE, U_CASE, U_RECEIVED, U_UPDATED, U_EVENT };
enum { O_CASE = 1, O_CUSTOMER, O_MODEL, O_IMEI, O_USER_IMEI, O_REPLACEMENT, O_REPAIRED_TO,
       O_STATE, O_REQUESTED, O_RESERVED, O_SHIPPED, O_DELIVERY, O_DEADLINE, O_RETURNED,
       O_OVERDUE, O_EVENT, O_PROMISED, O_LATE };
enum { EV_AT = 1, EV_ACTOR, EV_FROM, EV_TO, EV_CASE, EV_NOTE };

static int unit_known(uint32_t id) { return id >= U_CUSTOMER && id < U_EVENT; }
static int order_known(uint32_t id) {
  return (id >= O_CASE && id < O_EVENT) || id == O_PROMISED || id == O_LATE;
}

void ssvc__swap_copy_text(char *dst, size_t size, const ssvc_field *f) {
  size_t n = f->wire == SSVC_WIRE_BYTES ? f->len : 0;
  if (n >= size) n = size - 1;
  if (n) memcpy(dst, f->bytes, n); /* a field of another wire type has no bytes */
  dst[n] = '\0';
}

int ssvc__swap_decode_unit(const void *v, size_t vlen, ssvc_unit *u) {
  ssvc_rd rd;
  ssvc_field f;
  int r;
  unsigned int version = u->version;
  memset(u, 0, sizeof *u);
  u->version = version;
  if (ssvc__rec_open(&rd, v, vlen, SSVC_REC_UNIT)) return -1;
  while ((r = ssvc__rd_next(&rd, &f)) == 1) {
    switch (f.id) {
    case U_CUSTOMER: ssvc__swap_copy_text(u->customer_id, sizeof u->customer_id, &f); break;
    case U_IMEI: ssvc__swap_copy_text(u->imei, sizeof u->imei, &f); break;
    case U_MODEL: ssvc__swap_copy_text(u->model, sizeof u->model, &f); break;
    case U_STATE: u->state = (int)f.u; break;
    case U_CASE: ssvc__swap_copy_text(u->case_id, sizeof u->case_id, &f); break;
    case U_RECEIVED: u->received_at = ssvc__unzigzag(f.u); break;
    case U_UPDATED: u->updated_at = ssvc__unzigzag(f.u); break;
    default: break;
    }
  }
  return r < 0 || !ssvc_unit_state_name(u->state) || !*u->imei ? -1 : 0;
}

int ssvc__swap_decode_order(const void *v, size_t vlen, ssvc_order *o) {
  ssvc_rd rd;
  ssvc_field f;
  int r;
  unsigned int version = o->version;
  memset(o, 0, sizeof *o);
  o->version = version;
  if (ssvc__rec_open(&rd, v, vlen, SSVC_REC_ORDER)) return -1;
  while ((r = ssvc__rd_next(&rd, &f)) == 1) {
    switch (f.id) {
    case O_CASE: ssvc__swap_copy_text(o->case_id, sizeof o->case_id, &f); break;
    case O_CUSTOMER: ssvc__swap_copy_text(o->customer_id, sizeof o->customer_id, &f); break;
    case O_MODEL: ssvc__swap_copy_text(o->model, sizeof o->model, &f); break;
    case O_IMEI: ssvc__swap_copy_text(o->imei, sizeof o->imei, &f); break;
    case O_USER_IMEI: ssvc__swap_copy_text(o->user_imei, sizeof o->user_imei, &f); break;
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
    case O_PROMISED: o->promised = ssvc__date_from_code(f.u); break;
    case O_LATE: o->late_days = (int)ssvc__unzigzag(f.u); break;
    default: break;
    }
  }
  return r < 0 || !ssvc_order_state_name(o->state) || !*o->case_id || !*o->customer_id ? -1 : 0;
}

void ssvc__swap_encode_event(ssvc_buf *b, uint32_t field, int64_t at, const char *actor, int from,
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

struct swap_lister {
  struct op p;
  ssvc__swap_each_fn each;
  void *data;
  int dry;
};

static int swap_list_cb(void *data, const void *key, size_t klen, const void *val, size_t vlen,
                        uint64_t ver) {
  (void)key;
  (void)klen;
  (void)ver;
  struct swap_lister *l = data;
  return l->each(&l->p, val, vlen, l->dry, l->data);
}

int ssvc__swap_list(ssvc_store *store, const char *func, const char *customer_id, int has_fn,
                    ssvc__swap_prefix_fn prefix, ssvc__swap_each_fn each, void *data) {
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  int rc = ssvc__check_text(ctx, func, "customer_id", customer_id, 1, SSVC_AGREEMENT_ID_MAX);
  if (rc) return rc;
  if (!has_fn) return ssvc__err(ctx, SSVC_EINVAL, "%s: fn must not be NULL", func);
  struct swap_lister l = {{store, ctx, func, customer_id, 0}, each, data, 0};
  uint8_t lo[SSVC__SWAP_KEY_MAX], hi[SSVC__SWAP_KEY_MAX];
  size_t n = prefix(lo, customer_id);
  return ssvc__store_scan_whole(store, func, lo, n, hi, ssvc__swap_key_end(hi, lo, n),
                                swap_list_cb, &l, &l.dry);
}

int ssvc__swap_malformed(struct op *p, const char *what, const char *id) {
  return ssvc__err(p->ctx, SSVC_ESTORAGE, "%s: %s %s: the stored record is malformed",
                   p->func, what, id);
}

int ssvc__swap_require(ssvc_ctx *ctx, const char *func, const char *subject,
                       const struct ssvc_agreement *ag, unsigned int feature) {
  if (ssvc_agreement_features(ag) & feature) return SSVC_OK;
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  ssvc_agreement_spec_get(ag, &s);
  return ssvc__err(ctx, SSVC_ENOTENTITLED, "%s: %s%stier %s of customer %s does not include %s",
                   func, subject ? subject : "", subject ? ": " : "", s.tier_code, s.customer_id,
                   ssvc_feature_name(feature, SSVC_LANG_EN));
}

int ssvc__swap_key_model(const uint8_t *key, size_t klen, const uint8_t **model,
                         size_t *model_len, const uint8_t **rest) {
  const uint8_t *end = key + klen, *q = key + 2;
  if (klen < 2) return -1;
  while (q < end && *q) q++; /* the customer */
  if (q >= end) return -1;
  *model = ++q;
  while (q < end && *q) q++;
  if (q >= end) return -1;
  *model_len = (size_t)(q - *model);
  *rest = q + 1;
  return 0;
}

int ssvc__swap_conflict(struct op *p, const char *what, const char *id) {
  return ssvc__err(p->ctx, SSVC_ECONFLICT, "%s: %s %s changed concurrently; try again", p->func,
                   what, id);
}

/* Reads a unit; SSVC_ENOTFOUND without a message. */
int ssvc__swap_unit_read(struct op *p, const char *customer, const char *imei, ssvc_unit *u,
                         uint64_t *ver) {
  uint8_t k[SSVC__SWAP_KEY_MAX];
  const void *v;
  size_t vlen;
  int rc = ssvc__store_get(p->st, p->func, k, key_unit(k, customer, imei), &v, &vlen, ver);
  if (rc) return rc;
  u->version = SSVC_UNIT_VERSION;
  if (ssvc__swap_decode_unit(v, vlen, u)) return ssvc__swap_malformed(p, "unit", imei);
  return SSVC_OK;
}

/* Writes unit @p u (new state already set) over version @p expected (SSVC_STORAGE_NEW for a new
 * unit), logging from -> u->state, and keeps the available index in step. */
int ssvc__swap_unit_write(struct op *p, const ssvc_unit *u, uint64_t expected, int from,
                          const char *note) {
  uint8_t k[SSVC__SWAP_KEY_MAX];
  size_t klen = key_unit(k, u->customer_id, u->imei);
  const uint8_t *old;
  size_t old_len;
  int rc = ssvc__rec_read_expected(p->st, p->func, k, klen, expected, &old, &old_len);
  if (rc == SSVC_ECONFLICT) return ssvc__swap_conflict(p, "unit", u->imei);
  if (rc) return rc;
  ssvc_buf *b = ssvc__store_scratch(p->st, 1);
  ssvc__rec_header(b, SSVC_REC_UNIT, SSVC_POOL_FORMAT);
  ssvc__rec_str(b, U_CUSTOMER, u->customer_id);
  ssvc__rec_str(b, U_IMEI, u->imei);
  ssvc__rec_str(b, U_MODEL, u->model);
  ssvc__rec_uint(b, U_STATE, (uint64_t)u->state);
  ssvc__rec_str(b, U_CASE, u->case_id);
  ssvc__rec_sint(b, U_RECEIVED, u->received_at);
  ssvc__rec_sint(b, U_UPDATED, p->now);
  if (old) ssvc__rec_keep(b, old, old_len, unit_known);
  ssvc__swap_encode_event(b, U_EVENT, p->now, p->actor, from, u->state, u->case_id, note);
  if (b->failed) return SSVC_ENOMEM;
  rc = ssvc__store_put(p->st, p->func, k, klen, b->p, b->len, expected, NULL);
  if (rc == SSVC_ECONFLICT) {
    if (expected == SSVC_STORAGE_NEW)
      return ssvc__err(p->ctx, SSVC_EEXISTS, "%s: %s already has a unit with IMEI %s", p->func,
                       u->customer_id, u->imei);
    return ssvc__swap_conflict(p, "unit", u->imei);
  }
  if (rc) return rc;
  /* The available index holds the unit exactly while it is available. */
  size_t alen = ssvc__swap_key_avail(k, u->customer_id, u->model, u->imei);
  rc = ssvc__index_step(p->st, p->func, k, from == SSVC_UNIT_AVAILABLE ? alen : 0, k,
                        u->state == SSVC_UNIT_AVAILABLE ? alen : 0);
  if (rc == SSVC_ENOTFOUND || rc == SSVC_ECONFLICT) return ssvc__swap_conflict(p, "unit", u->imei);
  return rc;
}

int ssvc__swap_order_read(struct op *p, const char *case_id, ssvc_order *o, uint64_t *ver) {
  uint8_t k[SSVC__SWAP_KEY_MAX];
  const void *v;
  size_t vlen;
  int rc = ssvc__store_get(p->st, p->func, k, ssvc__swap_key_order(k, case_id), &v, &vlen, ver);
  if (rc == SSVC_ENOTFOUND)
    return ssvc__err(p->ctx, rc, "%s: %s: no swap or loan was requested for the case", p->func,
                     case_id);
  if (rc) return rc;
  o->version = SSVC_ORDER_VERSION;
  if (ssvc__swap_decode_order(v, vlen, o)) return ssvc__swap_malformed(p, "order", case_id);
  return SSVC_OK;
}

/* Writes order @p o over @p expected (SSVC_STORAGE_NEW: a new order) and keeps the backorder
 * index in step. */
int ssvc__swap_order_write(struct op *p, const ssvc_order *o, uint64_t expected, int from,
                           const char *note) {
  uint8_t k[SSVC__SWAP_KEY_MAX];
  size_t klen = ssvc__swap_key_order(k, o->case_id);
  const uint8_t *old;
  size_t old_len;
  int rc = ssvc__rec_read_expected(p->st, p->func, k, klen, expected, &old, &old_len);
  if (rc == SSVC_ECONFLICT) return ssvc__swap_conflict(p, "order", o->case_id);
  if (rc) return rc;
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
  if (o->promised.year) ssvc__rec_uint(b, O_PROMISED, ssvc__date_code(o->promised));
  if (o->late_days) ssvc__rec_sint(b, O_LATE, o->late_days);
  if (old) ssvc__rec_keep(b, old, old_len, order_known);
  ssvc__swap_encode_event(b, O_EVENT, p->now, p->actor, from, o->state, NULL, note);
  if (b->failed) return SSVC_ENOMEM;
  rc = ssvc__store_put(p->st, p->func, k, klen, b->p, b->len, expected, NULL);
  if (rc == SSVC_ECONFLICT) {
    if (expected == SSVC_STORAGE_NEW)
      return ssvc__err(p->ctx, SSVC_EEXISTS, "%s: %s: a swap or loan was already requested",
                       p->func, o->case_id);
    return ssvc__swap_conflict(p, "order", o->case_id);
  }
  if (rc) return rc;
  /* The backorder index holds the order exactly while it is backordered. */
  size_t blen = ssvc__swap_key_back(k, o->customer_id, o->model, o->requested_at, o->case_id);
  rc = ssvc__index_step(p->st, p->func, k, from == SSVC_ORDER_BACKORDERED ? blen : 0, k,
                        o->state == SSVC_ORDER_BACKORDERED ? blen : 0);
  if (rc == SSVC_ENOTFOUND || rc == SSVC_ECONFLICT)
    return ssvc__swap_conflict(p, "order", o->case_id);
  return rc;
}

/* ------------------------------------------------------------------------------------------ */
/* Finding the first key of a range                                                            */

static int first_cb(void *data, const void *key, size_t klen, const void *val, size_t vlen,
                    uint64_t ver) {
  (void)val;
  (void)vlen;
  (void)ver;
  struct first *f = data;
  if (klen > SSVC__SWAP_KEY_MAX) return 0;
  memcpy(f->key, key, klen);
  f->len = klen;
  f->found = 1;
  return 1;
}

int ssvc__swap_first_in(struct op *p, const uint8_t *lo, size_t n, struct first *f) {
  uint8_t hi[SSVC__SWAP_KEY_MAX];
  f->found = 0;
  return ssvc__store_scan(p->st, p->func, lo, n, hi, ssvc__swap_key_end(hi, lo, n), first_cb, f);
}

/* Puts a unit that has just become free (new, repaired, returned, released) where it belongs:
 * to the oldest backorder of its model, or on the shelf. @p u holds the unit with its current
 * state as @p from; @p served receives the case id served ("" when none). */
int ssvc__swap_place_unit(struct op *p, ssvc_unit *u, uint64_t expected, int from, char *served) {
  uint8_t lo[SSVC__SWAP_KEY_MAX];
  struct first f;
  served[0] = '\0';
  int rc =
      ssvc__swap_first_in(p, lo, ssvc__swap_key_back(lo, u->customer_id, u->model, 0, NULL), &f);
  if (rc) return rc;
  if (!f.found) {
    u->state = SSVC_UNIT_AVAILABLE;
    return ssvc__swap_unit_write(p, u, expected, from, NULL);
  }
  /* The backorder key ends with 8 bytes of instant and the case id. */
  size_t base = ssvc__swap_key_back(lo, u->customer_id, u->model, 0, NULL) + 8;
  size_t idlen = f.len - base;
  if (f.len <= base || idlen >= SSVC_CASE_ID_SIZE)
    return ssvc__swap_malformed(p, "backorder of", u->model);
  char case_id[SSVC_CASE_ID_SIZE];
  memcpy(case_id, f.key + base, idlen);
  case_id[idlen] = '\0';
  ssvc_order o;
  uint64_t over;
  if ((rc = ssvc__swap_order_read(p, case_id, &o, &over)))
    return rc == SSVC_ENOTFOUND ? ssvc__swap_malformed(p, "backorder of", case_id) : rc;
  if (o.state != SSVC_ORDER_BACKORDERED) return ssvc__swap_malformed(p, "order", case_id);
  u->state = SSVC_UNIT_RESERVED;
  memcpy(u->case_id, case_id, idlen + 1);
  if ((rc = ssvc__swap_unit_write(p, u, expected, from, "backorder served"))) return rc;
  memcpy(o.imei, u->imei, SSVC_IMEI_SIZE);
  o.state = SSVC_ORDER_RESERVED;
  o.reserved_at = p->now;
  if ((rc = ssvc__swap_order_write(p, &o, over, SSVC_ORDER_BACKORDERED, "backorder served")))
    return rc;
  char note[64];
  snprintf(note, sizeof note, "backorder served: unit %s reserved", u->imei);
  if ((rc = ssvc_case_add_note(p->st, case_id, p->actor, note))) return rc;
  memcpy(served, case_id, idlen + 1);
  return SSVC_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* Argument checks and the transaction loop                                                    */

int ssvc__swap_check_imei(ssvc_ctx *ctx, const char *func, const char *arg, const char *imei) {
  if (!imei) return ssvc__err(ctx, SSVC_EINVAL, "%s: %s must not be NULL", func, arg);
  return ssvc__imei_check(ctx, func, arg, imei);
}

int ssvc__swap_check_case_id(ssvc_ctx *ctx, const char *func, const char *id) {
  if (!id || !*id) return ssvc__err(ctx, SSVC_EINVAL, "%s: case_id must be given", func);
  if (strlen(id) >= SSVC_CASE_ID_SIZE || strncmp(id, "SC-", 3) != 0)
    return ssvc__err(ctx, SSVC_EINVAL,
                     "%s: case_id: not a case id like SC-2026-000123 (got '%.40s')", func, id);
  return SSVC_OK;
}

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
int ssvc__swap_run(ssvc_store *st, const char *func, const char *actor, op_body body, void *args) {
  struct op p = {st, st->ctx, func, actor, ssvc__store_now(st)};
  struct run_args r = {&p, body, args};
  return ssvc__txn_run(st, func, run_body, &r);
}

int ssvc__swap_load_case(struct op *p, const char *case_id, ssvc_case **c, ssvc_case_info *i) {
  int rc = ssvc_case_load(p->st, c, case_id);
  if (rc) return rc;
  memset(i, 0, sizeof *i);
  i->version = SSVC_CASE_INFO_VERSION;
  return ssvc_case_info_get(*c, i);
}

/* ------------------------------------------------------------------------------------------ */
/* Numbered requests and their answer (refill requests, stock change orders)                   */

static int last_number_cb(void *data, const void *key, size_t klen, const void *val, size_t vlen,
                          uint64_t ver) {
  (void)val;
  (void)vlen;
  (void)ver;
  uint32_t *last = data;
  const uint8_t *k = (const uint8_t *)key + klen - 4;
  *last = (uint32_t)k[0] << 24 | (uint32_t)k[1] << 16 | (uint32_t)k[2] << 8 | k[3];
  return 0;
}

int ssvc__swap_next_number(struct op *p, const uint8_t *lo, size_t n, const char *customer,
                           uint32_t *out) {
  uint8_t hi[SSVC__SWAP_KEY_MAX];
  uint32_t last = 0;
  int rc = ssvc__store_scan(p->st, p->func, lo, n, hi, ssvc__swap_key_end(hi, lo, n),
                            last_number_cb, &last);
  if (rc) return rc;
  if (last == UINT32_MAX)
    return ssvc__err(p->ctx, SSVC_ERANGE, "%s: %s: no request numbers left", p->func, customer);
  *out = last + 1;
  return SSVC_OK;
}

int ssvc__swap_decidable(struct op *p, int state, const char *what, const char *customer,
                         uint32_t number) {
  if (state == SSVC_REFILL_PENDING) return SSVC_OK;
  return ssvc__err(p->ctx, SSVC_ESTATE, "%s: %s: %s %u is %s (needs pending)", p->func, customer,
                   what, (unsigned)number, ssvc_refill_state_name(state));
}

int ssvc__swap_request_get(struct op *p, const uint8_t *k, size_t klen, const char *what,
                           const char *customer, uint32_t number, const void **v, size_t *vlen,
                           uint64_t *ver) {
  int rc = ssvc__store_get(p->st, p->func, k, klen, v, vlen, ver);
  if (rc == SSVC_ENOTFOUND)
    return ssvc__err(p->ctx, rc, "%s: %s has no %s %u", p->func, customer, what,
                     (unsigned)number);
  return rc;
}

int ssvc__swap_request_put(struct op *p, ssvc_buf *b, uint32_t event_field, int state,
                           const uint8_t *k, size_t klen, uint64_t ver, const char *what,
                           const char *customer) {
  ssvc__swap_encode_event(b, event_field, p->now, p->actor, SSVC_REFILL_PENDING, state, NULL,
                          NULL);
  if (b->failed) return SSVC_ENOMEM;
  int rc = ssvc__store_put(p->st, p->func, k, klen, b->p, b->len, ver, NULL);
  if (rc == SSVC_ECONFLICT) {
    char of[64];
    snprintf(of, sizeof of, "%s of", what);
    return ssvc__swap_conflict(p, of, customer);
  }
  return rc;
}
