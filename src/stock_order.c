/* stock_order: stock change orders (doc/stock-orders.md): one order that brings new phones into a
 * customer's SWAP stock, takes old units out and changes the per-model targets, billed
 * separately. Stored under 'X' customer 0 number; answered as a refill request is
 * (ssvc__swap_decidable), applied through the SWAP pool's own receive and retire. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charges_internal.h"
#include "smartservice/calendar.h"
#include "smartservice/stock_order.h"
#include "swap_record.h"

enum { O_CUSTOMER = 1, O_NUMBER, O_STATE, O_CREATED, O_PRICE, O_LINE, O_DECIDED, O_CHARGE,
       O_EVENT };
enum { L_KIND = 1, L_IMEI, L_MODEL, L_DISPOSAL, L_TARGET };

static const char *const kind_names[] = {NULL, "add", "remove", "target"};
static const char *const disposal_names[] = {NULL, "to-customer", "sold", "retired"};
/* What a removed unit's log says, by disposal. */
static const char *const disposal_notes[] = {NULL, "back to the customer", "sold", "retired"};

const char *ssvc_stock_line_kind_name(int kind) {
  return ssvc__name_of(kind_names, SSVC_STOCK_ADD, SSVC_STOCK_TARGET, kind);
}

const char *ssvc_stock_disposal_name(int disposal) {
  return ssvc__name_of(disposal_names, SSVC_STOCK_TO_CUSTOMER, SSVC_STOCK_RETIRED, disposal);
}

int ssvc_stock_disposal_from_name(ssvc_ctx *ctx, int *out, const char *name) {
  return ssvc__name_lookup(ctx, "ssvc_stock_disposal_from_name", out, name, disposal_names,
                           SSVC_STOCK_TO_CUSTOMER, SSVC_STOCK_RETIRED, "disposal");
}

int ssvc_stock_line_init(ssvc_stock_line *line, unsigned int version) {
  return ssvc__struct_init(line, sizeof *line, version, SSVC_STOCK_LINE_VERSION);
}

int ssvc_stock_order_init(ssvc_stock_order *order, unsigned int version) {
  return ssvc__struct_init(order, sizeof *order, version, SSVC_STOCK_ORDER_VERSION);
}

/* 'X' customer 0 [number]. */
static size_t key_order(uint8_t *k, const char *customer, const uint32_t *number) {
  size_t n = 1;
  k[0] = SSVC_KEY_STOCK_ORDER;
  ssvc__key_text(k, &n, customer);
  if (number) {
    for (int i = 3; i >= 0; i--) k[n + (size_t)i] = (uint8_t)(*number >> (8 * (3 - i)));
    n += 4;
  }
  return n;
}

static int known(uint32_t id) { return id >= O_CUSTOMER && id < O_EVENT && id != O_LINE; }

/* Decodes an order; its lines go to @p fn (NULL: counted only). -1 when malformed. */
static int decode(const void *v, size_t vlen, ssvc_stock_order *o, ssvc_stock_line_fn fn,
                  void *ud) {
  ssvc_rd rd;
  ssvc_field f;
  int rc;
  memset(o, 0, sizeof *o);
  o->version = SSVC_STOCK_ORDER_VERSION;
  if (ssvc__rec_open(&rd, v, vlen, SSVC_REC_STOCK_ORDER)) return -1;
  while ((rc = ssvc__rd_next(&rd, &f)) == 1) {
    uint32_t u = f.u > UINT32_MAX ? UINT32_MAX : (uint32_t)f.u;
    switch (f.id) {
    case O_CUSTOMER: ssvc__swap_copy_text(o->customer_id, sizeof o->customer_id, &f); break;
    case O_NUMBER: o->number = u; break;
    case O_STATE: o->state = (int)u; break;
    case O_CREATED: o->created_at = ssvc__unzigzag(f.u); break;
    case O_PRICE: o->price_minor = ssvc__unzigzag(f.u); break;
    case O_DECIDED: o->decided_at = ssvc__unzigzag(f.u); break;
    case O_CHARGE: o->charge_index = u; break;
    case O_LINE: {
      if (f.wire != SSVC_WIRE_BYTES) return -1;
      ssvc_rd sub = {f.bytes, f.bytes + f.len};
      ssvc_field g;
      ssvc_stock_line l = SSVC_STOCK_LINE_INIT;
      int r;
      while ((r = ssvc__rd_next(&sub, &g)) == 1) {
        uint32_t gu = g.u > UINT32_MAX ? UINT32_MAX : (uint32_t)g.u;
        if (g.id == L_KIND) l.kind = (int)gu;
        else if (g.id == L_IMEI) ssvc__swap_copy_text(l.imei, sizeof l.imei, &g);
        else if (g.id == L_MODEL) ssvc__swap_copy_text(l.model, sizeof l.model, &g);
        else if (g.id == L_DISPOSAL) l.disposal = (int)gu;
        else if (g.id == L_TARGET) l.target = gu;
      }
      if (r < 0 || !ssvc_stock_line_kind_name(l.kind)) return -1;
      if (l.kind == SSVC_STOCK_ADD) o->adds++;
      else if (l.kind == SSVC_STOCK_REMOVE) o->removes++;
      else o->targets++;
      if (fn && fn(ud, &l)) fn = NULL;
      break;
    }
    default: break;
    }
  }
  return rc < 0 || !ssvc_refill_state_name(o->state) || !o->number ? -1 : 0;
}

int ssvc__stock_order_valid(const void *v, size_t vlen) {
  ssvc_stock_order o;
  return decode(v, vlen, &o, NULL, NULL);
}

static void encode_line(ssvc_buf *b, const ssvc_stock_line *l) {
  size_t mark = ssvc__rec_sub_begin(b, O_LINE);
  ssvc__rec_uint(b, L_KIND, (uint64_t)l->kind);
  if (*l->imei) ssvc__rec_str(b, L_IMEI, l->imei);
  if (*l->model) ssvc__rec_str(b, L_MODEL, l->model);
  if (l->disposal) ssvc__rec_uint(b, L_DISPOSAL, (uint64_t)l->disposal);
  if (l->kind == SSVC_STOCK_TARGET) ssvc__rec_uint(b, L_TARGET, l->target);
  ssvc__rec_sub_end(b, mark);
}

/* ------------------------------------------------------------------------------------------ */
/* New                                                                                         */

struct new_args {
  const char *customer;
  const ssvc_stock_line *lines;
  size_t count;
  int64_t price;
  uint32_t number;
};

/* The lines against the stock as it is: adds not in it, removals in it and free. */
static int check_stock(struct op *p, const struct new_args *a, char (*models)[SSVC_NAME_SIZE]) {
  for (size_t i = 0; i < a->count; i++) {
    const ssvc_stock_line *l = &a->lines[i];
    models[i][0] = '\0';
    if (l->kind == SSVC_STOCK_TARGET) continue;
    ssvc_unit u;
    uint64_t ver;
    int rc = ssvc__swap_unit_read(p, a->customer, l->imei, &u, &ver);
    if (l->kind == SSVC_STOCK_ADD) {
      if (rc == SSVC_OK)
        return ssvc__err(p->ctx, SSVC_EEXISTS, "%s: lines[%zu].imei: %s already has a unit "
                         "with IMEI %s (%s)", p->func, i, a->customer, l->imei,
                         ssvc_unit_state_name(u.state));
      if (rc != SSVC_ENOTFOUND) return rc;
      continue;
    }
    if (rc == SSVC_ENOTFOUND)
      return ssvc__err(p->ctx, rc, "%s: lines[%zu].imei: %s has no unit with IMEI %s", p->func,
                       i, a->customer, l->imei);
    if (rc) return rc;
    if (u.state != SSVC_UNIT_AVAILABLE && u.state != SSVC_UNIT_IN_REPAIR)
      return ssvc__err(p->ctx, SSVC_ESTATE, "%s: lines[%zu].imei: unit %s is %s; only available "
                       "or in-repair units can leave the stock", p->func, i, l->imei,
                       ssvc_unit_state_name(u.state));
    memcpy(models[i], u.model, sizeof u.model);
  }
  return SSVC_OK;
}

static int new_body(struct op *p, void *args) {
  struct new_args *a = args;
  ssvc_agreement *ag = NULL;
  int rc = ssvc__agreement_load(p->st, p->func, a->customer, &ag);
  if (!rc) rc = ssvc__swap_require(p->ctx, p->func, NULL, ag, SSVC_FEATURE_SWAP_ADMIN);
  ssvc_agreement_free(ag);
  if (rc) return rc;
  char (*models)[SSVC_NAME_SIZE] = ssvc__malloc(p->ctx, a->count * sizeof *models);
  if (!models) return SSVC_ENOMEM;
  uint8_t lo[SSVC__SWAP_KEY_MAX], k[SSVC__SWAP_KEY_MAX];
  size_t n = key_order(lo, a->customer, NULL);
  uint32_t number = 0;
  if ((rc = check_stock(p, a, models)) ||
      (rc = ssvc__swap_next_number(p, lo, n, a->customer, &number)))
    goto out;
  ssvc_buf *b = ssvc__store_scratch(p->st, 1);
  ssvc__rec_header(b, SSVC_REC_STOCK_ORDER, SSVC_POOL_FORMAT);
  ssvc__rec_str(b, O_CUSTOMER, a->customer);
  ssvc__rec_uint(b, O_NUMBER, number);
  ssvc__rec_uint(b, O_STATE, SSVC_REFILL_PENDING);
  ssvc__rec_sint(b, O_CREATED, p->now);
  ssvc__rec_sint(b, O_PRICE, a->price);
  for (size_t i = 0; i < a->count; i++) {
    ssvc_stock_line l = a->lines[i];
    if (l.kind == SSVC_STOCK_REMOVE) memcpy(l.model, models[i], sizeof l.model);
    if (l.kind != SSVC_STOCK_REMOVE) l.disposal = 0;
    if (l.kind == SSVC_STOCK_TARGET) l.imei[0] = '\0';
    encode_line(b, &l);
  }
  ssvc__swap_encode_event(b, O_EVENT, p->now, p->actor, 0, SSVC_REFILL_PENDING, NULL, "sent");
  if (b->failed) {
    rc = SSVC_ENOMEM;
    goto out;
  }
  rc = ssvc__store_put(p->st, p->func, k, key_order(k, a->customer, &number), b->p, b->len,
                       SSVC_STORAGE_NEW, NULL);
  if (rc == SSVC_ECONFLICT) rc = ssvc__swap_conflict(p, "stock change order of", a->customer);
  if (!rc) a->number = number;
out:
  ssvc__free(p->ctx, models);
  return rc;
}

/* The lines on their own: kinds, IMEIs, models, disposals, targets, no IMEI or target twice. */
int ssvc__stock_lines_check(ssvc_ctx *ctx, const char *func, const ssvc_stock_line *lines,
                            size_t count) {
  char arg[48];
  int rc;
  for (size_t i = 0; i < count; i++) {
    const ssvc_stock_line *l = &lines[i];
    snprintf(arg, sizeof arg, "%s: lines[%zu]", func, i);
    if ((rc = ssvc__check_version(ctx, arg, l->version, SSVC_STOCK_LINE_VERSION))) return rc;
    if (!ssvc_stock_line_kind_name(l->kind))
      return ssvc__err(ctx, SSVC_EINVAL, "%s: lines[%zu].kind: not add (1), remove (2) or "
                       "target (3) (got %d)", func, i, l->kind);
    if (l->kind != SSVC_STOCK_TARGET) {
      snprintf(arg, sizeof arg, "lines[%zu].imei", i);
      if ((rc = ssvc__swap_check_imei(ctx, func, arg, l->imei))) return rc;
    }
    if (l->kind != SSVC_STOCK_REMOVE) {
      snprintf(arg, sizeof arg, "lines[%zu].model", i);
      if ((rc = ssvc__check_text(ctx, func, arg, l->model, 1, SSVC_MODEL_MAX))) return rc;
    }
    if (l->kind == SSVC_STOCK_REMOVE && !ssvc_stock_disposal_name(l->disposal))
      return ssvc__err(ctx, SSVC_EINVAL, "%s: lines[%zu].disposal: not to-customer (1), sold "
                       "(2) or retired (3) (got %d)", func, i, l->disposal);
    if (l->kind == SSVC_STOCK_TARGET && l->target > 10000)
      return ssvc__err(ctx, SSVC_EINVAL, "%s: lines[%zu].target: must be 0..10000 (got %u)",
                       func, i, (unsigned)l->target);
    for (size_t j = 0; j < i; j++) {
      const ssvc_stock_line *m = &lines[j];
      if (l->kind != SSVC_STOCK_TARGET && m->kind != SSVC_STOCK_TARGET &&
          strcmp(l->imei, m->imei) == 0)
        return ssvc__err(ctx, SSVC_EINVAL, "%s: lines[%zu].imei: %s is already in lines[%zu]",
                         func, i, l->imei, j);
      if (l->kind == SSVC_STOCK_TARGET && m->kind == SSVC_STOCK_TARGET &&
          strcmp(l->model, m->model) == 0)
        return ssvc__err(ctx, SSVC_EINVAL, "%s: lines[%zu].model: the target of %s is already "
                         "in lines[%zu]", func, i, l->model, j);
    }
  }
  return SSVC_OK;
}

int ssvc_stock_order_new(ssvc_store *store, uint32_t *number, const char *customer_id,
                         const ssvc_stock_line *lines, size_t count, int64_t price_minor,
                         const char *actor) {
  static const char func[] = "ssvc_stock_order_new";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  int rc;
  if (!number) return ssvc__err(ctx, SSVC_EINVAL, "%s: number must not be NULL", func);
  if ((rc = ssvc__check_text(ctx, func, "customer_id", customer_id, 1, SSVC_AGREEMENT_ID_MAX)))
    return rc;
  if (count == 0 || count > SSVC_STOCK_LINES_MAX)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: count: an order has 1..%d lines (got %zu)", func,
                     SSVC_STOCK_LINES_MAX, count);
  if (!lines) return ssvc__err(ctx, SSVC_EINVAL, "%s: lines must not be NULL", func);
  if ((rc = ssvc__stock_lines_check(ctx, func, lines, count))) return rc;
  if (price_minor < 0 || price_minor > INT64_C(1000000000000))
    return ssvc__err(ctx, SSVC_EINVAL, "%s: price_minor: %" PRId64 " is not 0..10^12", func,
                     price_minor);
  if ((rc = ssvc__check_text(ctx, func, "actor", actor, 1, 256))) return rc;
  struct new_args a = {customer_id, lines, count, price_minor, 0};
  if ((rc = ssvc__swap_run(store, func, actor, new_body, &a))) return rc;
  *number = a.number;
  ssvc__log(ctx, SSVC_LOG_INFO, "swap: stock change order %s/%u: %zu line(s)", customer_id,
            (unsigned)a.number, count);
  return SSVC_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* Decide                                                                                      */

struct decide_args {
  const char *customer;
  uint32_t number;
  int approve;
  /* The lines of the order, read before it is applied. */
  ssvc_stock_line *lines;
  size_t n, cap;
  int failed;
  ssvc_ctx *ctx;
};

static int collect(void *ud, const ssvc_stock_line *l) {
  struct decide_args *a = ud;
  if (a->n == a->cap) {
    size_t cap = a->cap ? a->cap * 2 : 8;
    void *np = ssvc__realloc(a->ctx, a->lines, cap * sizeof *a->lines);
    if (!np) return a->failed = 1;
    a->lines = np;
    a->cap = cap;
  }
  a->lines[a->n++] = *l;
  return 0;
}

/* The agreement's per-model targets as the order's target lines say. */
static int set_targets(struct op *p, const struct decide_args *a) {
  size_t targets = 0;
  for (size_t i = 0; i < a->n; i++) targets += a->lines[i].kind == SSVC_STOCK_TARGET;
  if (!targets) return SSVC_OK;
  ssvc_agreement *ag = NULL;
  int rc = ssvc__agreement_load(p->st, p->func, a->customer, &ag);
  if (rc) return rc;
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  ssvc_agreement_spec_get(ag, &s);
  ssvc_agreement_model *m = ssvc__malloc(p->ctx, (s.model_count + targets) * sizeof *m);
  if (!m) {
    ssvc_agreement_free(ag);
    return SSVC_ENOMEM;
  }
  size_t n = s.model_count;
  if (n) memcpy(m, s.models, n * sizeof *m);
  for (size_t i = 0; i < a->n; i++) {
    const ssvc_stock_line *l = &a->lines[i];
    if (l->kind != SSVC_STOCK_TARGET) continue;
    size_t j = 0;
    while (j < n && strcmp(m[j].model, l->model) != 0) j++;
    if (j == n) {
      m[n].model = l->model;
      m[n].replacement_value_minor = SSVC_AGREEMENT_NO_OVERRIDE;
      n++;
    }
    m[j].target = l->target;
  }
  s.models = m;
  s.model_count = n;
  rc = ssvc_agreement_update(p->st, &s, 0, p->actor);
  ssvc__free(p->ctx, m);
  ssvc_agreement_free(ag);
  return rc;
}

/* The price on the customer's account: a line of its own on the next service invoice. */
static int charge(struct op *p, const struct decide_args *a, const ssvc_stock_order *o,
                  uint32_t *index) {
  char sv[160], en[160];
  snprintf(sv, sizeof sv, "Ändring av SWAP-lager, beställning %u (%u in, %u ut)",
           (unsigned)o->number, (unsigned)o->adds, (unsigned)o->removes);
  snprintf(en, sizeof en, "SWAP stock change, order %u (%u in, %u out)", (unsigned)o->number,
           (unsigned)o->adds, (unsigned)o->removes);
  ssvc_charge c = SSVC_CHARGE_INIT;
  c.kind = SSVC_CHARGE_STOCK_CHANGE;
  c.text_sv = sv;
  c.text_en = en;
  c.quantity = 1;
  c.unit_price_minor = o->price_minor;
  ssvc_local_time lt;
  int rc = ssvc_stockholm_from_instant(p->ctx, &lt, p->now);
  if (rc) return rc;
  c.date = lt.date;
  return ssvc__charges_record_in(p->st, p->func, a->customer, &c, p->actor, p->now, index);
}

static int apply(struct op *p, struct decide_args *a, const ssvc_stock_order *o,
                 uint32_t *index) {
  int rc;
  char note[96];
  /* Out first, so that the shelf holds what stays; then in (serving backorders first). */
  for (size_t i = 0; i < a->n; i++) {
    const ssvc_stock_line *l = &a->lines[i];
    if (l->kind != SSVC_STOCK_REMOVE) continue;
    snprintf(note, sizeof note, "stock change order %u: %s", (unsigned)o->number,
             disposal_notes[l->disposal]);
    struct retire_args ra = {a->customer, l->imei, note};
    if ((rc = ssvc__swap_retire_body(p, &ra))) return rc;
  }
  for (size_t i = 0; i < a->n; i++) {
    const ssvc_stock_line *l = &a->lines[i];
    if (l->kind != SSVC_STOCK_ADD) continue;
    struct receive_args ra = {a->customer, l->imei, l->model, ""};
    if ((rc = ssvc__swap_receive_body(p, &ra))) return rc;
  }
  if ((rc = set_targets(p, a))) return rc;
  return o->price_minor ? charge(p, a, o, index) : SSVC_OK;
}

static int decide_body(struct op *p, void *args) {
  struct decide_args *a = args;
  a->n = 0;
  a->failed = 0;
  uint8_t k[SSVC__SWAP_KEY_MAX];
  size_t klen = key_order(k, a->customer, &a->number);
  const void *v;
  size_t vlen;
  uint64_t ver;
  int rc = ssvc__swap_request_get(p, k, klen, "stock change order", a->customer, a->number, &v,
                                  &vlen, &ver);
  if (rc) return rc;
  ssvc_stock_order o;
  if (decode(v, vlen, &o, collect, a))
    return ssvc__swap_malformed(p, "stock change order of", a->customer);
  if (a->failed) return SSVC_ENOMEM;
  if ((rc = ssvc__swap_decidable(p, o.state, "stock change order", a->customer, a->number)))
    return rc;
  uint32_t index = 0;
  if (a->approve && (rc = apply(p, a, &o, &index))) return rc;
  /* Read again: the changes wrote elsewhere, and the value pointer is gone. */
  if ((rc = ssvc__store_get(p->st, p->func, k, klen, &v, &vlen, &ver))) return rc;
  int state = a->approve ? SSVC_REFILL_APPROVED : SSVC_REFILL_DECLINED;
  ssvc_buf *b = ssvc__store_scratch(p->st, 1);
  ssvc__rec_header(b, SSVC_REC_STOCK_ORDER, SSVC_POOL_FORMAT);
  ssvc__rec_str(b, O_CUSTOMER, a->customer);
  ssvc__rec_uint(b, O_NUMBER, a->number);
  ssvc__rec_uint(b, O_STATE, (uint64_t)state);
  ssvc__rec_sint(b, O_CREATED, o.created_at);
  ssvc__rec_sint(b, O_PRICE, o.price_minor);
  ssvc__rec_sint(b, O_DECIDED, p->now);
  if (a->approve && o.price_minor) ssvc__rec_uint(b, O_CHARGE, index);
  ssvc__rec_keep(b, (const uint8_t *)v + 2, vlen - 2, known);
  return ssvc__swap_request_put(p, b, O_EVENT, state, k, klen, ver, "stock change order",
                                a->customer);
}

int ssvc_stock_order_decide(ssvc_store *store, const char *customer_id, uint32_t number,
                            int approve, const char *actor) {
  static const char func[] = "ssvc_stock_order_decide";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  int rc;
  if ((rc = ssvc__check_text(ctx, func, "customer_id", customer_id, 1, SSVC_AGREEMENT_ID_MAX)) ||
      (rc = ssvc__check_text(ctx, func, "actor", actor, 1, 256)))
    return rc;
  struct decide_args a;
  memset(&a, 0, sizeof a);
  a.customer = customer_id;
  a.number = number;
  a.approve = approve != 0;
  a.ctx = ctx;
  rc = ssvc__swap_run(store, func, actor, decide_body, &a);
  ssvc__free(ctx, a.lines);
  if (!rc)
    ssvc__log(ctx, SSVC_LOG_INFO, "swap: stock change order %s/%u %s", customer_id,
              (unsigned)number, approve ? "approved" : "declined");
  return rc;
}

/* ------------------------------------------------------------------------------------------ */
/* Get and list                                                                                */

int ssvc_stock_order_get(ssvc_store *store, ssvc_stock_order *out, const char *customer_id,
                         uint32_t number, ssvc_stock_line_fn fn, void *user_data) {
  static const char func[] = "ssvc_stock_order_get";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "%s: out must not be NULL", func);
  int rc = ssvc__check_version(ctx, "ssvc_stock_order_get: out", out->version,
                               SSVC_STOCK_ORDER_VERSION);
  if (rc ||
      (rc = ssvc__check_text(ctx, func, "customer_id", customer_id, 1, SSVC_AGREEMENT_ID_MAX)))
    return rc;
  struct op p = {store, ctx, func, NULL, 0};
  uint8_t k[SSVC__SWAP_KEY_MAX];
  const void *v;
  size_t vlen;
  uint64_t ver;
  rc = ssvc__swap_request_get(&p, k, key_order(k, customer_id, &number), "stock change order",
                              customer_id, number, &v, &vlen, &ver);
  if (rc) return rc;
  ssvc_stock_order o;
  if (decode(v, vlen, &o, NULL, NULL))
    return ssvc__swap_malformed(&p, "stock change order of", customer_id);
  if (fn) {
    /* A copy: the callback may read the store. */
    uint8_t *copy = ssvc__malloc(ctx, vlen);
    if (!copy) return SSVC_ENOMEM;
    memcpy(copy, v, vlen);
    decode(copy, vlen, &o, fn, user_data);
    ssvc__free(ctx, copy);
  }
  *out = o;
  return SSVC_OK;
}

struct lister {
  ssvc_stock_order_fn fn;
  void *ud;
};

static size_t list_prefix(uint8_t *k, const char *customer) { return key_order(k, customer, NULL); }

static int list_each(struct op *p, const void *val, size_t vlen, int dry, void *data) {
  const struct lister *l = data;
  ssvc_stock_order o;
  if (decode(val, vlen, &o, NULL, NULL))
    return ssvc__swap_malformed(p, "stock change order of", p->actor);
  return dry ? 0 : l->fn(l->ud, &o) ? 1 : 0;
}

int ssvc_stock_order_list(ssvc_store *store, const char *customer_id, ssvc_stock_order_fn fn,
                          void *user_data) {
  struct lister l = {fn, user_data};
  return ssvc__swap_list(store, "ssvc_stock_order_list", customer_id, fn != NULL, list_prefix,
                         list_each, &l);
}

/* ------------------------------------------------------------------------------------------ */
/* The XML interchange (xml_agreements.c)                                                      */

struct scan_all {
  struct op *p;
  ssvc__stock_order_fn fn;
  void *ud;
  struct decide_args lines; /* the lines of the order given, reused */
};

static int scan_all_cb(void *data, const void *key, size_t klen, const void *val, size_t vlen,
                       uint64_t ver) {
  (void)key;
  (void)klen;
  (void)ver;
  struct scan_all *s = data;
  ssvc_stock_order o;
  s->lines.n = 0;
  s->lines.failed = 0;
  if (decode(val, vlen, &o, collect, &s->lines))
    return ssvc__swap_malformed(s->p, "stock change order of", o.customer_id);
  if (s->lines.failed) return SSVC_ENOMEM;
  return s->fn(s->ud, &o, s->lines.lines, s->lines.n) ? 1 : 0;
}

int ssvc__stock_order_scan(ssvc_store *st, const char *func, const char *customer,
                           ssvc__stock_order_fn fn, void *ud) {
  struct op p = {st, st->ctx, func, NULL, 0};
  struct scan_all s;
  memset(&s, 0, sizeof s);
  s.p = &p;
  s.fn = fn;
  s.ud = ud;
  s.lines.ctx = st->ctx;
  uint8_t lo[SSVC__SWAP_KEY_MAX], hi[SSVC__SWAP_KEY_MAX];
  size_t n = key_order(lo, customer, NULL);
  int rc = ssvc__store_scan(st, func, lo, n, hi, ssvc__swap_key_end(hi, lo, n), scan_all_cb, &s);
  ssvc__free(st->ctx, s.lines.lines);
  return rc;
}

int ssvc__stock_order_put(ssvc_store *st, const char *func, const ssvc_stock_order *o,
                          const ssvc_stock_line *lines, size_t count, const char *actor) {
  struct op p = {st, st->ctx, func, actor, ssvc__store_now(st)};
  uint8_t k[SSVC__SWAP_KEY_MAX];
  size_t klen = key_order(k, o->customer_id, &o->number);
  const void *v;
  size_t vlen;
  uint64_t ver;
  int rc = ssvc__store_get(st, func, k, klen, &v, &vlen, &ver);
  if (rc == SSVC_ENOTFOUND) ver = SSVC_STORAGE_NEW;
  else if (rc) return rc;
  ssvc_buf *b = ssvc__store_scratch(st, 1);
  ssvc__rec_header(b, SSVC_REC_STOCK_ORDER, SSVC_POOL_FORMAT);
  ssvc__rec_str(b, O_CUSTOMER, o->customer_id);
  ssvc__rec_uint(b, O_NUMBER, o->number);
  ssvc__rec_uint(b, O_STATE, (uint64_t)o->state);
  ssvc__rec_sint(b, O_CREATED, o->created_at);
  ssvc__rec_sint(b, O_PRICE, o->price_minor);
  for (size_t i = 0; i < count; i++) encode_line(b, &lines[i]);
  if (o->decided_at) ssvc__rec_sint(b, O_DECIDED, o->decided_at);
  if (o->state == SSVC_REFILL_APPROVED && o->price_minor)
    ssvc__rec_uint(b, O_CHARGE, o->charge_index);
  ssvc__swap_encode_event(b, O_EVENT, p.now, actor, 0, o->state, NULL, "imported");
  if (b->failed) return SSVC_ENOMEM;
  rc = ssvc__store_put(st, func, k, klen, b->p, b->len, ver, NULL);
  if (rc == SSVC_ECONFLICT) return ssvc__swap_conflict(&p, "stock change order of", o->customer_id);
  return rc;
}
