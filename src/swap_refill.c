/* swap_refill: refill advice for the SWAP stock and refill requests (anmodan) with their
 * decisions. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swap_record.h"
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
  const uint8_t *model, *rest;
  size_t mlen;
  if (ssvc__swap_key_model(key, klen, &model, &mlen, &rest))
    return ssvc__swap_malformed(c->p, "stock index of", "a customer");
  struct model_count *s = model_slot(c, (const char *)model, mlen);
  if (!s) return SSVC_ENOMEM;
  if (((const uint8_t *)key)[1] == 'V') {
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
  if ((rc = ssvc__swap_require(ctx, func, NULL, ag, SSVC_FEATURE_SWAP_ADMIN))) {
    ssvc_agreement_free(ag);
    return rc;
  }
  struct counter c = {&p, NULL, 0, 0, 0, 0};
  uint8_t lo[SSVC__SWAP_KEY_MAX], hi[SSVC__SWAP_KEY_MAX];
  size_t n = ssvc__swap_key_prefix(lo, 'V', customer_id);
  rc = ssvc__store_scan(store, func, lo, n, hi, ssvc__swap_key_end(hi, lo, n), count_cb, &c);
  if (!rc) {
    n = ssvc__swap_key_prefix(lo, 'B', customer_id);
    rc = ssvc__store_scan(store, func, lo, n, hi, ssvc__swap_key_end(hi, lo, n), count_cb, &c);
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
/* Refill requests (anmodan)                                                                   */

static const char *const refill_names[] = {NULL, "pending", "approved", "declined"};

const char *ssvc_refill_state_name(int s) { return ssvc__name_of(refill_names, 1, 3, s); }

int ssvc_refill_state_from_name(ssvc_ctx *ctx, int *out, const char *name) {
  return ssvc__name_lookup(ctx, "ssvc_refill_state_from_name", out, name, refill_names, 1, 3,
                           "refill state");
}

enum { R_CUSTOMER = 1, R_NUMBER, R_STATE, R_CREATED, R_TOTAL, R_LINE, R_DECIDED, R_RECEIVED,
       R_EVENT };
enum { L_MODEL = 1, L_AVAILABLE, L_TARGET, L_BACKORDERS, L_RECOMMENDED };

static int refill_known(uint32_t id) { return id >= R_CUSTOMER && id < R_EVENT && id != R_LINE; }

static size_t key_refill(uint8_t *k, const char *customer, uint32_t number) {
  size_t n = ssvc__swap_key_prefix(k, 'R', customer);
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
        if (g.id == L_MODEL) ssvc__swap_copy_text(model, sizeof model, &g);
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

int ssvc__swap_refill_valid(const void *v, size_t vlen) {
  struct refill_rec r;
  return decode_refill(v, vlen, &r, NULL, NULL) ? -1 : 0;
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
  uint8_t lo[SSVC__SWAP_KEY_MAX];
  size_t n = ssvc__swap_key_prefix(lo, 'R', a->customer);
  uint32_t number;
  if ((rc = ssvc__swap_next_number(p, lo, n, a->customer, &number))) return rc;
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
  ssvc__swap_encode_event(b, R_EVENT, p->now, p->actor, 0, SSVC_REFILL_PENDING, NULL, "sent");
  if (b->failed) return SSVC_ENOMEM;
  uint8_t k[SSVC__SWAP_KEY_MAX];
  rc = ssvc__store_put(p->st, p->func, k, key_refill(k, a->customer, number), b->p, b->len,
                       SSVC_STORAGE_NEW, NULL);
  if (rc == SSVC_ECONFLICT) return ssvc__swap_conflict(p, "refill request of", a->customer);
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
  rc = ssvc__swap_run(store, func, actor, request_body, &a);
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
  uint8_t k[SSVC__SWAP_KEY_MAX];
  size_t klen = key_refill(k, a->customer, a->number);
  const void *v;
  size_t vlen;
  uint64_t ver;
  int rc = ssvc__swap_request_get(p, k, klen, "refill request", a->customer, a->number, &v,
                                  &vlen, &ver);
  if (rc) return rc;
  struct refill_rec r;
  if (decode_refill(v, vlen, &r, NULL, NULL))
    return ssvc__swap_malformed(p, "refill request of", a->customer);
  if ((rc = ssvc__swap_decidable(p, r.state, "refill request", a->customer, a->number)))
    return rc;
  for (size_t i = 0; a->approve && i < a->count; i++) {
    struct receive_args ra = {a->customer, a->imeis[i], a->models[i], ""};
    if ((rc = ssvc__swap_receive_body(p, &ra))) return rc;
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
  return ssvc__swap_request_put(p, b, R_EVENT, state, k, klen, ver, "refill request",
                                a->customer);
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
    if ((rc = ssvc__swap_check_imei(ctx, func, arg, imeis[i]))) return rc;
    snprintf(arg, sizeof arg, "models[%zu]", i);
    if ((rc = ssvc__check_text(ctx, func, arg, models[i], 1, SSVC_MODEL_MAX))) return rc;
  }
  struct decide_args a = {customer_id, number, approve != 0, imeis, models, count};
  return ssvc__swap_run(store, func, actor, decide_body, &a);
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
  uint8_t k[SSVC__SWAP_KEY_MAX];
  const void *v;
  size_t vlen;
  uint64_t ver;
  rc = ssvc__swap_request_get(&p, k, key_refill(k, customer_id, number), "refill request",
                              customer_id, number, &v, &vlen, &ver);
  if (rc) return rc;
  /* Copy the record first: the callback may read the store. */
  struct refill_rec r;
  if (decode_refill(v, vlen, &r, NULL, NULL))
    return ssvc__swap_malformed(&p, "refill request of", customer_id);
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
