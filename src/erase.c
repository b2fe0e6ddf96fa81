/* erase: the right to erasure (smartservice/erase.h, doc/erasure.md): finds a user's cases, or
 * the cases past the agreement's retention, and erases them with their SWAP orders, the SWAP
 * units' histories and the stored invoices that name them, in one transaction; then lets the
 * backend scrub what was deleted. The masking of values in texts and stored records is here
 * too (erase.h), for the parts of the other modules. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "roster_record.h"
#include "case_record.h"
#include "civil_date.h"
#include "erase.h"
#include "invoice_store.h"
#include "smartservice/erase.h"
#include "smartservice/swap.h"
#include "swap_record.h"
#include "text.h"
#include "workshop_internal.h"

/* ------------------------------------------------------------------------------------------ */
/* The values to mask                                                                          */

int ssvc__scrub_add(ssvc__scrub *s, const char *value) {
  if (!value || strlen(value) < SSVC__SCRUB_MIN) return SSVC_OK;
  for (size_t i = 0; i < s->n; i++)
    if (strcmp(s->v[i], value) == 0) return SSVC_OK;
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 8;
    char **p = ssvc__realloc(s->ctx, s->v, cap * sizeof *p);
    if (!p) return SSVC_ENOMEM;
    s->v = p;
    s->cap = cap;
  }
  if (!(s->v[s->n] = ssvc__strdup(s->ctx, value))) return SSVC_ENOMEM;
  s->n++;
  return SSVC_OK;
}

void ssvc__scrub_free(ssvc__scrub *s) {
  for (size_t i = 0; i < s->n; i++) ssvc__free(s->ctx, s->v[i]);
  ssvc__free(s->ctx, s->v);
  s->v = NULL;
  s->n = s->cap = 0;
}

/* The first occurrence of @p v (@p m bytes) in @p p (@p n bytes), or NULL. */
static uint8_t *find(uint8_t *p, size_t n, const char *v, size_t m) {
  for (size_t i = 0; m && i + m <= n; i++)
    if (p[i] == (uint8_t)v[0] && memcmp(p + i, v, m) == 0) return p + i;
  return NULL;
}

size_t ssvc__scrub_mask(const ssvc__scrub *s, uint8_t *p, size_t n, const char *const *except,
                        size_t nexcept) {
  size_t masked = 0;
  for (size_t i = 0; i < s->n; i++) {
    const char *v = s->v[i];
    int keep = 0;
    for (size_t j = 0; j < nexcept && !keep; j++) keep = except[j] && strstr(except[j], v);
    if (keep) continue;
    size_t m = strlen(v);
    for (uint8_t *q = p; (q = find(q, n - (size_t)(q - p), v, m)) != NULL; q += m) {
      memset(q, '*', m);
      masked++;
    }
  }
  return masked;
}

/* Whether @p p (@p n bytes) holds one of the values. */
static int holds(const ssvc__scrub *s, const void *p, size_t n) {
  for (size_t i = 0; i < s->n; i++)
    if (find((uint8_t *)(uintptr_t)p, n, s->v[i], strlen(s->v[i]))) return 1;
  return 0;
}

int ssvc__scrub_key(ssvc_store *st, const char *func, const ssvc__scrub *s, const uint8_t *key,
                    size_t klen, const char *const *except, size_t nexcept, int *changed) {
  const void *v;
  size_t vlen;
  uint64_t ver;
  *changed = 0;
  int rc = ssvc__store_get(st, func, key, klen, &v, &vlen, &ver);
  if (rc == SSVC_ENOTFOUND) return SSVC_OK;
  if (rc || !holds(s, v, vlen)) return rc;
  ssvc_buf *b = ssvc__store_scratch(st, 1);
  ssvc__buf_append(b, v, vlen);
  if (b->failed) return SSVC_ENOMEM;
  if (!ssvc__scrub_mask(s, b->p, b->len, except, nexcept)) return SSVC_OK;
  rc = ssvc__store_put(st, func, key, klen, b->p, b->len, ver, NULL);
  if (rc == SSVC_ECONFLICT)
    return ssvc__err(st->ctx, rc, "%s: a record changed concurrently; try again", func);
  if (!rc) *changed = 1;
  return rc;
}

/* The keys of a range whose values hold a value: each as its length (one byte) and bytes. */
struct keys {
  ssvc_ctx *ctx;
  const ssvc__scrub *s;
  ssvc_buf b;
};

static int keys_cb(void *data, const void *key, size_t klen, const void *val, size_t vlen,
                   uint64_t ver) {
  (void)ver;
  struct keys *k = data;
  if (klen > 255 || !holds(k->s, val, vlen)) return 0;
  uint8_t len = (uint8_t)klen;
  ssvc__buf_append(&k->b, &len, 1);
  ssvc__buf_append(&k->b, key, klen);
  return k->b.failed ? SSVC_ENOMEM : 0;
}

int ssvc__scrub_range(ssvc_store *st, const char *func, const ssvc__scrub *s, const uint8_t *lo,
                      size_t n, const char *customer, size_t tail, size_t *count) {
  uint8_t hi[256];
  if (n > sizeof hi) return SSVC_EINTERNAL;
  memcpy(hi, lo, n);
  hi[n - 1]++;
  struct keys k = {st->ctx, s, {0}};
  ssvc__buf_init(&k.b, st->ctx);
  int rc = ssvc__store_scan(st, func, lo, n, hi, n, keys_cb, &k);
  for (size_t at = 0; rc == SSVC_OK && at < k.b.len; at += 1 + k.b.p[at]) {
    const uint8_t *key = k.b.p + at + 1;
    size_t klen = k.b.p[at];
    char own[256] = "";
    if (tail && tail <= klen) {
      memcpy(own, key + klen - tail, tail);
      own[tail] = '\0';
    }
    const char *except[] = {customer, own};
    int changed;
    rc = ssvc__scrub_key(st, func, s, key, klen, except, 2, &changed);
    if (!rc && changed) ++*count;
  }
  ssvc__buf_free(&k.b);
  return rc;
}

/* ------------------------------------------------------------------------------------------ */
/* Erasure                                                                                     */

struct erase_args {
  const char *func, *actor;
  const char *customer;      /* one customer, or NULL: every customer with an agreement */
  const ssvc_erase_key *key; /* by key, or NULL: by retention */
  int strict;                /* refuse a customer with neither agreement nor case */
  int64_t at;
  ssvc_erase_result res;
  ssvc__scrub scrub;
  ssvc__case_ids ids;
  uint32_t (*hit)[2];
  size_t nhit, caphit;
};

static int eq(const char *given, const char *field) {
  return given && *given && strcmp(given, field) == 0;
}

/* Whether case @p c is erased by this call; @p cutoff for retention. */
static int matches(const struct erase_args *a, const ssvc_case *c, int64_t cutoff) {
  if (c->erased) return 0;
  if (a->key)
    return eq(a->key->phone, c->phone) || eq(a->key->email, c->email) ||
           eq(a->key->name, c->name) || eq(a->key->imei, c->imei);
  return c->state >= SSVC_CASE_CLOSED && c->updated < cutoff;
}

static int add_hit(struct erase_args *a, const uint32_t id[2]) {
  if (a->nhit == a->caphit) {
    size_t cap = a->caphit ? a->caphit * 2 : 8;
    void *p = ssvc__realloc(a->ids.ctx, a->hit, cap * sizeof *a->hit);
    if (!p) return SSVC_ENOMEM;
    a->hit = p;
    a->caphit = cap;
  }
  a->hit[a->nhit][0] = id[0];
  a->hit[a->nhit++][1] = id[1];
  return SSVC_OK;
}

/* Erases the matching cases of @p customer and what names their users. */
static int erase_customer(ssvc_store *st, struct erase_args *a, const char *customer,
                          int64_t cutoff) {
  const char *func = a->func;
  a->ids.n = a->nhit = 0;
  ssvc__scrub_free(&a->scrub);
  int rc = ssvc__case_customer_ids(st, func, customer, &a->ids);
  if (rc) return rc;
  if (a->strict && a->ids.n == 0) {
    ssvc_agreement *ag = NULL;
    rc = ssvc__agreement_load(st, func, customer, &ag);
    ssvc_agreement_free(ag);
    if (rc == SSVC_ENOTFOUND)
      return ssvc__err(st->ctx, rc, "%s: customer_id: no agreement or case for '%s'", func,
                       customer);
    if (rc) return rc; /* no case: the roster may still name the user (below) */
  }
  /* First the cases and the values to mask, so that every text is masked of every value. */
  for (size_t i = 0; rc == SSVC_OK && i < a->ids.n; i++) {
    ssvc_case *c = NULL;
    if ((rc = ssvc__case_load_indexed(st, func, a->ids.ids[i][0], a->ids.ids[i][1], &c))) break;
    if (matches(a, c, cutoff)) {
      const char *values[] = {c->name, c->phone, c->email, c->imei, c->serial};
      rc = add_hit(a, a->ids.ids[i]);
      for (size_t j = 0; rc == SSVC_OK && j < sizeof values / sizeof values[0]; j++)
        rc = ssvc__scrub_add(&a->scrub, values[j]);
    }
    ssvc_case_free(c);
  }
  for (size_t i = 0; rc == SSVC_OK && i < a->nhit; i++) {
    ssvc_case *c = NULL;
    if ((rc = ssvc__case_load_indexed(st, func, a->hit[i][0], a->hit[i][1], &c))) break;
    rc = ssvc__case_erase(st, func, c, a->at, a->actor, &a->scrub);
    if (!rc) rc = ssvc__swap_erase_order(st, func, a->actor, a->at, c->id, &a->scrub,
                                         &a->res.orders);
    if (!rc) rc = ssvc__repair_erase(st, func, a->actor, a->at, c->customer, c->id, NULL);
    ssvc_case_free(c);
    a->res.cases++;
  }
  /* The user's roster entries go too (doc/roster.md "Erasure"), cases or not. */
  if (!rc && a->key)
    rc = ssvc__roster_erase(st, func, customer, a->key->phone, a->key->email, a->key->name,
                            a->key->imei, a->actor, NULL);
  if (rc || a->nhit == 0) return rc;
  if ((rc = ssvc__swap_erase_units(st, func, customer, &a->scrub, &a->res.units))) return rc;
  return ssvc__inv_erase(st, func, customer, &a->scrub, &a->res.invoices);
}

/* The instant @p months before @p at: the same UTC time of day, the same day of the month or
 * the month's last day. */
static int64_t months_before(int64_t at, uint32_t months) {
  int64_t days = ssvc__floor_div(at, 86400), y;
  int m, d;
  ssvc__civil_from_days(days, &y, &m, &d);
  int64_t index = y * 12 + (m - 1) - (int64_t)months;
  y = ssvc__floor_div(index, 12);
  m = (int)(index - y * 12) + 1;
  int last = ssvc__days_in_month(y, m);
  return ssvc__days_from_civil(y, m, d > last ? last : d) * 86400 + (at - days * 86400);
}

struct customers {
  ssvc_ctx *ctx;
  char **id;
  size_t n, cap;
  int nomem;
};

static int customer_cb(void *data, const char *customer_id) {
  struct customers *l = data;
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 8;
    char **p = ssvc__realloc(l->ctx, l->id, cap * sizeof *p);
    if (!p) return l->nomem = 1;
    l->id = p;
    l->cap = cap;
  }
  if (!(l->id[l->n] = ssvc__strdup(l->ctx, customer_id))) return l->nomem = 1;
  l->n++;
  return 0;
}

/* Retention for one customer: its agreement's period. */
static int expire_customer(ssvc_store *st, struct erase_args *a, const char *customer) {
  ssvc_agreement *ag = NULL;
  int rc = ssvc__agreement_load(st, a->func, customer, &ag);
  if (rc == SSVC_ENOTFOUND)
    return ssvc__err(st->ctx, rc, "%s: customer_id: no agreement for '%s'", a->func, customer);
  if (rc) return rc;
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  ssvc_agreement_spec_get(ag, &s);
  uint32_t months = s.retention_months;
  ssvc_agreement_free(ag);
  if (months == 0) return SSVC_OK;
  return erase_customer(st, a, customer, months_before(a->at, months));
}

static int erase_body(ssvc_store *st, void *arg) {
  struct erase_args *a = arg;
  unsigned int version = a->res.version;
  memset(&a->res, 0, sizeof a->res);
  a->res.version = version;
  if (a->key) return erase_customer(st, a, a->customer, 0);
  if (a->customer) return expire_customer(st, a, a->customer);
  struct customers l = {st->ctx, NULL, 0, 0, 0};
  int rc = ssvc_agreement_list(st, customer_cb, &l);
  if (rc == SSVC_OK && l.nomem) rc = SSVC_ENOMEM;
  for (size_t i = 0; rc == SSVC_OK && i < l.n; i++) rc = expire_customer(st, a, l.id[i]);
  for (size_t i = 0; i < l.n; i++) ssvc__free(st->ctx, l.id[i]);
  ssvc__free(st->ctx, l.id);
  return rc;
}

/* Runs the erasure as one transaction, then the backend's scrub. */
static int run(ssvc_store *st, struct erase_args *a, ssvc_erase_result *result) {
  ssvc_ctx *ctx = st->ctx;
  a->scrub.ctx = a->ids.ctx = ctx;
  a->res.version = SSVC_ERASE_RESULT_VERSION;
  int nested = st->depth > 0;
  int rc = ssvc__txn_run(st, a->func, erase_body, a);
  ssvc__scrub_free(&a->scrub);
  ssvc__free(ctx, a->ids.ids);
  ssvc__free(ctx, a->hit);
  if (rc) return rc;
  ssvc__log(ctx, SSVC_LOG_INFO,
            "%s: %zu cases erased (%zu SWAP orders, %zu units, %zu invoices)", a->func,
            a->res.cases, a->res.orders, a->res.units, a->res.invoices);
  if (!nested && a->res.cases && ssvc_store_scrub(st) != SSVC_OK)
    ssvc__log(ctx, SSVC_LOG_WARN, "%s: erased, but the storage could not scrub yet: %s",
              a->func, ssvc_ctx_errmsg(ctx));
  if (result) {
    unsigned int v = result->version;
    *result = a->res;
    result->version = v;
  }
  return SSVC_OK;
}

static int check_result(ssvc_ctx *ctx, const char *func, const ssvc_erase_result *result) {
  if (!result) return SSVC_OK;
  char what[64];
  snprintf(what, sizeof what, "%s: result", func);
  return ssvc__check_version(ctx, what, result->version, SSVC_ERASE_RESULT_VERSION);
}

int ssvc_erase_key_init(ssvc_erase_key *key, unsigned int version) {
  return ssvc__struct_init(key, sizeof *key, version, SSVC_ERASE_KEY_VERSION);
}

/* ssvc_erase_user() under the name @p func; @p strict refuses a customer with neither an
 * agreement nor a case (the older calls, which it serves too, did not). */
static int erase_user(ssvc_store *store, const char *func, ssvc_erase_result *result,
                     const char *customer_id, const ssvc_erase_key *key, const char *actor,
                     int strict) {
  ssvc_ctx *ctx = store->ctx;
  int rc;
  if ((rc = check_result(ctx, func, result)) ||
      (rc = ssvc__check_lines(ctx, func, "customer_id", customer_id, 1, 64)) ||
      (rc = ssvc__check_lines(ctx, func, "actor", actor, 1, 256)))
    return rc;
  if (!key) return ssvc__err(ctx, SSVC_EINVAL, "%s: key must not be NULL", func);
  char what[64];
  snprintf(what, sizeof what, "%s: key", func);
  if ((rc = ssvc__check_version(ctx, what, key->version, SSVC_ERASE_KEY_VERSION)) ||
      (rc = ssvc__check_lines(ctx, func, "key->phone", key->phone, 0, 256)) ||
      (rc = ssvc__check_lines(ctx, func, "key->email", key->email, 0, 256)) ||
      (rc = ssvc__check_lines(ctx, func, "key->name", key->name, 0, 256)) ||
      (rc = ssvc__check_lines(ctx, func, "key->imei", key->imei, 0, 256)))
    return rc;
  if (key->imei && *key->imei && (rc = ssvc__imei_check(ctx, func, "key->imei", key->imei)))
    return rc;
  if (!(key->phone && *key->phone) && !(key->email && *key->email) &&
      !(key->name && *key->name) && !(key->imei && *key->imei))
    return ssvc__err(ctx, SSVC_EINVAL, "%s: key: give a phone, e-mail, name or IMEI", func);
  struct erase_args a;
  memset(&a, 0, sizeof a);
  a.func = func;
  a.actor = actor;
  a.customer = customer_id;
  a.key = key;
  a.strict = strict;
  a.at = ssvc__store_now(store);
  return run(store, &a, result);
}

int ssvc_erase_user(ssvc_store *store, ssvc_erase_result *result, const char *customer_id,
                    const ssvc_erase_key *key, const char *actor) {
  if (!store) return SSVC_EINVAL;
  return erase_user(store, "ssvc_erase_user", result, customer_id, key, actor, 1);
}

int ssvc_erase_expired(ssvc_store *store, ssvc_erase_result *result, const char *customer_id,
                       int64_t at, const char *actor) {
  static const char func[] = "ssvc_erase_expired";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  int rc;
  if ((rc = check_result(ctx, func, result)) ||
      (rc = ssvc__check_lines(ctx, func, "customer_id", customer_id, 0, 64)) ||
      (rc = ssvc__check_lines(ctx, func, "actor", actor, 1, 256)))
    return rc;
  struct erase_args a;
  memset(&a, 0, sizeof a);
  a.func = func;
  a.actor = actor;
  a.customer = customer_id && *customer_id ? customer_id : NULL;
  a.at = at;
  return run(store, &a, result);
}

/* The older calls, kept: the user found by @p contact as phone or e-mail, erased everywhere as
 * ssvc_erase_user() does; a customer with neither agreement nor case is 0 cases, as before. */
static int erase_contact(ssvc_store *store, const char *func, size_t *count,
                         const char *customer_id, const char *contact, const char *actor) {
  if (!store) return SSVC_EINVAL;
  int rc = ssvc__check_lines(store->ctx, func, "contact", contact, 1, 256);
  if (rc) return rc;
  ssvc_erase_key key = SSVC_ERASE_KEY_INIT;
  key.phone = key.email = contact;
  ssvc_erase_result r = SSVC_ERASE_RESULT_INIT;
  if ((rc = erase_user(store, func, &r, customer_id, &key, actor, 0))) return rc;
  if (count) *count = r.cases;
  return SSVC_OK;
}

int ssvc_case_erase_user(ssvc_store *store, size_t *count, const char *customer_id,
                         const char *contact, const char *actor) {
  return erase_contact(store, "ssvc_case_erase_user", count, customer_id, contact, actor);
}

int ssvc_swap_erase_user(ssvc_store *store, size_t *count, const char *customer_id,
                         const char *contact, const char *actor) {
  return erase_contact(store, "ssvc_swap_erase_user", count, customer_id, contact, actor);
}
