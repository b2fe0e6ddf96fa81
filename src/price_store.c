/* price_store: dated list prices and per-customer overrides kept in the store (prices.h,
 * doc/charges.md "Stored prices"). One record per price:
 *
 *   key   'L' customer 0 kind tier 0 year(2, big-endian) month day
 *         (customer "" for a list price; tier "" for freight and packaging)
 *   value 'L' format, 1: amount (sint), 2: set at (sint, instant), 3: actor (text)
 *
 * so that a customer's overrides, and the list prices, are one key range each, in the order
 * ssvc_price_list() gives them. */
#include <stdio.h>
#include <string.h>

#include "agreement_store.h"
#include "charges_internal.h"
#include "smartservice/agreement.h"
#include "smartservice/calendar.h"
#include "smartservice/prices.h"

#define FORMAT 1
#define TIER_MAX 16
#define ACTOR_MAX 256
#define KEY_MAX (1 + SSVC_AGREEMENT_ID_MAX + 1 + 1 + TIER_MAX + 1 + 4)
enum { P_AMOUNT = 1, P_AT = 2, P_ACTOR = 3 };

/* The key prefix of one customer's prices ("" for the list prices): 'L' customer 0. */
static size_t key_scope(uint8_t *k, const char *customer) {
  size_t n = 1;
  k[0] = SSVC_KEY_PRICE;
  ssvc__key_text(k, &n, customer ? customer : "");
  return n;
}

static size_t key_price(uint8_t *k, const char *customer, int kind, const char *tier,
                        ssvc_date d) {
  size_t n = key_scope(k, customer);
  k[n++] = (uint8_t)kind;
  ssvc__key_text(k, &n, tier ? tier : "");
  k[n++] = (uint8_t)(d.year >> 8);
  k[n++] = (uint8_t)d.year;
  k[n++] = (uint8_t)d.month;
  k[n++] = (uint8_t)d.day;
  return n;
}

/* A stored price read back: its key's parts, copied, and the amount. */
struct parsed {
  char customer[SSVC_AGREEMENT_ID_MAX + 1];
  char tier[TIER_MAX + 1];
  ssvc_price p;
};

/* 0, or -1 for a key or value that is not a price record of this format. */
static int parse(const uint8_t *k, size_t klen, const uint8_t *v, size_t vlen, struct parsed *out) {
  const uint8_t *end = k + klen, *p = k + 1;
  if (klen < 1 || k[0] != SSVC_KEY_PRICE) return -1;
  const uint8_t *z = memchr(p, 0, (size_t)(end - p));
  if (!z || (size_t)(z - p) > SSVC_AGREEMENT_ID_MAX) return -1;
  memcpy(out->customer, p, (size_t)(z - p));
  out->customer[z - p] = 0;
  p = z + 1;
  if (p >= end) return -1;
  int kind = *p++;
  z = memchr(p, 0, (size_t)(end - p));
  if (!z || (size_t)(z - p) > TIER_MAX || end - z != 5) return -1;
  memcpy(out->tier, p, (size_t)(z - p));
  out->tier[z - p] = 0;
  ssvc_date d = {(z[1] << 8) | z[2], z[3], z[4]};
  if (!ssvc_date_is_valid(&d)) return -1;
  if (kind != SSVC_CHARGE_MONTHLY_FEE && kind != SSVC_CHARGE_FREIGHT &&
      kind != SSVC_CHARGE_PACKAGING && kind != SSVC_CHARGE_BACKUP_PHONE)
    return -1;
  if ((kind == SSVC_CHARGE_MONTHLY_FEE) != (out->tier[0] != 0)) return -1;
  ssvc_rd rd;
  ssvc_field f;
  int r, have = 0;
  int64_t amount = 0;
  if (ssvc__rec_open(&rd, v, vlen, SSVC_REC_PRICE) < 0) return -1;
  while ((r = ssvc__rd_next(&rd, &f)) == 1)
    if (f.id == P_AMOUNT && f.wire == SSVC_WIRE_VARINT) {
      amount = ssvc__unzigzag(f.u);
      have = 1;
    }
  if (r < 0 || !have || amount < 0 || amount > SSVC_AMOUNT_MAX) return -1;
  ssvc_price *pr = &out->p;
  *pr = (ssvc_price)SSVC_PRICE_INIT;
  pr->customer_id = out->customer[0] ? out->customer : NULL;
  pr->kind = kind;
  pr->tier = out->tier[0] ? out->tier : NULL;
  pr->from = d;
  pr->amount_minor = amount;
  return 0;
}

/* ---- Setting and removing ---- */

struct set_args {
  const char *func;
  const ssvc_price *p;
  const char *actor; /* NULL: remove */
  char tier[TIER_MAX + 1]; /* canonical spelling */
};

/* The canonical code of the agreement's custom tier that @p code names (now or in its terms
 * history); NULL when it names none. */
static const char *custom_code(const ssvc_agreement *ag, const char *code) {
  const ssvc__terms_change *th;
  size_t n = ssvc__agreement_terms_history(ag, &th);
  for (size_t i = n; i-- > 0;)
    if (th[i].custom && ssvc__ascii_casecmp(th[i].custom->code, code) == 0)
      return th[i].custom->code;
  return NULL;
}

/* Checks the fields that need no store, and the tier against the built-in catalogue. */
static int check_price(ssvc_ctx *ctx, struct set_args *a, int *builtin) {
  const char *func = a->func;
  const ssvc_price *p = a->p;
  char what[48];
  snprintf(what, sizeof what, "%s: price", func);
  int rc = ssvc__check_version(ctx, what, p->version, SSVC_PRICE_VERSION);
  if (rc) return rc;
  if (p->customer_id && *p->customer_id &&
      (rc = ssvc__check_text(ctx, func, "price->customer_id", p->customer_id, 1,
                             SSVC_AGREEMENT_ID_MAX)))
    return rc;
  if (p->kind == SSVC_CHARGE_MONTHLY_FEE) {
    if (!p->tier || !*p->tier)
      return ssvc__err(ctx, SSVC_EINVAL, "%s: price->tier: must be given for the monthly fee",
                       func);
    if (strlen(p->tier) > TIER_MAX)
      return ssvc__err(ctx, SSVC_EINVAL, "%s: price->tier: no tier '%.32s' (codes are 1-%d "
                       "characters)", func, p->tier, TIER_MAX);
  } else if (p->kind == SSVC_CHARGE_FREIGHT || p->kind == SSVC_CHARGE_PACKAGING ||
             p->kind == SSVC_CHARGE_BACKUP_PHONE) {
    if (p->tier)
      return ssvc__err(ctx, SSVC_EINVAL, "%s: price->tier: must be NULL for %s (got '%.32s')",
                       func, ssvc_charge_kind_key(p->kind), p->tier);
  } else {
    return ssvc__err(ctx, SSVC_EINVAL,
                     "%s: price->kind: must be SSVC_CHARGE_MONTHLY_FEE, SSVC_CHARGE_FREIGHT, "
                     "SSVC_CHARGE_PACKAGING or SSVC_CHARGE_BACKUP_PHONE (got %d)", func, p->kind);
  }
  if (!ssvc_date_is_valid(&p->from))
    return ssvc__err(ctx, SSVC_EINVAL, "%s: price->from: not a valid date (got %d-%d-%d)", func,
                     p->from.year, p->from.month, p->from.day);
  if (a->actor && (p->amount_minor < 0 || p->amount_minor > SSVC_AMOUNT_MAX))
    return ssvc__err(ctx, SSVC_EINVAL, "%s: price->amount_minor: must be 0..10^12 (got %lld)",
                     func, (long long)p->amount_minor);
  if (a->actor && (rc = ssvc__check_text(ctx, func, "actor", a->actor, 1, ACTOR_MAX))) return rc;
  *builtin = 0;
  a->tier[0] = 0;
  if (p->tier) {
    ssvc_catalog *cat = NULL;
    if ((rc = ssvc_catalog_new(ctx, &cat))) return rc;
    size_t n = ssvc_catalog_count(cat);
    for (size_t i = 0; i < n && !*builtin; i++) {
      const char *code = ssvc_tier_code(ssvc_catalog_at(cat, i));
      if (ssvc__ascii_casecmp(code, p->tier) == 0) {
        snprintf(a->tier, sizeof a->tier, "%s", code);
        *builtin = 1;
      }
    }
    ssvc_catalog_free(cat);
  }
  return SSVC_OK;
}

static int set_body(ssvc_store *st, void *arg) {
  struct set_args *a = arg;
  ssvc_ctx *ctx = st->ctx;
  const ssvc_price *p = a->p;
  const char *cust = p->customer_id && *p->customer_id ? p->customer_id : NULL;
  int rc = SSVC_OK;
  if (cust) { /* an override: the agreement must exist, and gives the custom tier */
    ssvc_agreement *ag = NULL;
    rc = ssvc__agreement_load(st, a->func, cust, &ag);
    if (rc == SSVC_ENOTFOUND)
      rc = ssvc__err(ctx, rc, "%s: price->customer_id: no agreement for '%s'", a->func, cust);
    const char *code = !rc && p->tier && !a->tier[0] ? custom_code(ag, p->tier) : NULL;
    if (code) snprintf(a->tier, sizeof a->tier, "%s", code);
    ssvc_agreement_free(ag);
    if (rc) return rc;
  }
  if (p->tier && !a->tier[0])
    return ssvc__err(ctx, SSVC_ENOTFOUND, "%s: price->tier: no tier '%s'%s", a->func, p->tier,
                     cust ? " built in or in the customer's agreement" : " built in");
  uint8_t k[KEY_MAX];
  size_t klen = key_price(k, cust, p->kind, p->tier ? a->tier : NULL, p->from);
  if (!a->actor) {
    rc = ssvc__store_del(st, a->func, k, klen, SSVC_STORAGE_ANY);
    if (rc == SSVC_ENOTFOUND)
      rc = ssvc__err(ctx, rc, "%s: no stored price of %s%s%s from %04d-%02d-%02d%s%s", a->func,
                     ssvc_charge_kind_key(p->kind), p->tier ? " " : "", p->tier ? a->tier : "",
                     p->from.year, p->from.month, p->from.day, cust ? " for " : "",
                     cust ? cust : "");
    return rc;
  }
  ssvc_buf *b = ssvc__store_scratch(st, 0);
  ssvc__rec_header(b, SSVC_REC_PRICE, FORMAT);
  ssvc__rec_sint(b, P_AMOUNT, p->amount_minor);
  ssvc__rec_sint(b, P_AT, ssvc__store_now(st));
  ssvc__rec_str(b, P_ACTOR, a->actor);
  if (b->failed) return SSVC_ENOMEM;
  return ssvc__store_put(st, a->func, k, klen, b->p, b->len, SSVC_STORAGE_ANY, NULL);
}

static int set_or_remove(ssvc_store *store, const char *func, const ssvc_price *price,
                         const char *actor) {
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  if (!price) return ssvc__err(ctx, SSVC_EINVAL, "%s: price must not be NULL", func);
  struct set_args a = {func, price, actor, ""};
  int builtin;
  int rc = check_price(ctx, &a, &builtin);
  if (rc) return rc;
  return ssvc__txn_run(store, func, set_body, &a);
}

int ssvc_price_set(ssvc_store *store, const ssvc_price *price, const char *actor) {
  static const char func[] = "ssvc_price_set";
  if (store && !actor) return ssvc__err(store->ctx, SSVC_EINVAL, "%s: actor: must be given", func);
  int rc = set_or_remove(store, func, price, actor);
  if (!rc)
    ssvc__log(store->ctx, SSVC_LOG_INFO, "price %s%s%s set from %04d-%02d-%02d (%s)",
              ssvc_charge_kind_key(price->kind), price->tier ? " " : "",
              price->tier ? price->tier : "", price->from.year, price->from.month,
              price->from.day, actor);
  return rc;
}

int ssvc_price_remove(ssvc_store *store, const ssvc_price *price) {
  return set_or_remove(store, "ssvc_price_remove", price, NULL);
}

/* ---- Reading ---- */

struct reader {
  ssvc_ctx *ctx;
  const char *func;
  ssvc_price_list_fn fn; /* listing; or */
  void *ud;
  ssvc_pricelist *pl; /* loading */
  int bad, rc;
  int dry; /* a listing's first pass: every record decoded, nothing given (doc/storage.md) */
};

static int read_cb(void *data, const void *key, size_t klen, const void *val, size_t vlen,
                   uint64_t ver) {
  (void)ver;
  struct reader *r = data;
  struct parsed p;
  if (parse(key, klen, val, vlen, &p) < 0) {
    r->bad = 1;
    return 1;
  }
  if (r->dry) return 0;
  if (r->fn) return r->fn(r->ud, &p.p) ? 1 : 0;
  r->rc = ssvc__pricelist_put(r->pl, r->func, p.p.customer_id, p.p.tier, p.p.kind, p.p.from,
                              p.p.amount_minor);
  return r->rc ? 1 : 0;
}

/* Scans the prices of @p customer ("" for the list prices; NULL for every price). */
static int scan(ssvc_store *st, struct reader *r, const char *customer) {
  uint8_t lo[KEY_MAX], hi[KEY_MAX];
  size_t n = 1;
  lo[0] = SSVC_KEY_PRICE;
  if (customer) n = key_scope(lo, customer);
  memcpy(hi, lo, n);
  hi[n - 1]++; /* the byte after the prefix's last: 'M', or customer 1 */
  /* A listing fails on a damaged price before it gives the first one: a first pass decodes
   * every record and gives nothing. */
  r->dry = r->fn != NULL;
  int rc = ssvc__store_scan(st, r->func, lo, n, hi, n, read_cb, r);
  if (r->dry && !rc && !r->bad) {
    r->dry = 0;
    rc = ssvc__store_scan(st, r->func, lo, n, hi, n, read_cb, r);
  }
  if (!rc && r->bad)
    rc = ssvc__err(r->ctx, SSVC_ESTORAGE, "%s: a stored price is malformed (the store is damaged)",
                   r->func);
  if (!rc) rc = r->rc;
  return rc;
}

int ssvc_price_list(ssvc_store *store, const char *customer_id, ssvc_price_list_fn fn,
                    void *user_data) {
  static const char func[] = "ssvc_price_list";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  if (!fn) return ssvc__err(ctx, SSVC_EINVAL, "%s: fn must not be NULL", func);
  int rc = customer_id ? ssvc__check_text(ctx, func, "customer_id", customer_id, 1,
                                          SSVC_AGREEMENT_ID_MAX)
                       : SSVC_OK;
  if (rc) return rc;
  struct reader r = {ctx, func, fn, user_data, NULL, 0, 0, 0};
  return scan(store, &r, customer_id ? customer_id : "");
}

int ssvc__pricelist_load(ssvc_store *st, const char *func, ssvc_pricelist *pl,
                         const char *customer) {
  struct reader r = {st->ctx, func, NULL, NULL, pl, 0, 0, 0};
  int rc = scan(st, &r, "");
  if (!rc) rc = scan(st, &r, customer);
  return rc;
}

int ssvc_pricelist_load(ssvc_store *store, ssvc_pricelist **out, const ssvc_catalog *catalog,
                        const char *customer_id) {
  static const char func[] = "ssvc_pricelist_load";
  if (out) *out = NULL;
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "%s: out must not be NULL", func);
  if (!catalog) return ssvc__err(ctx, SSVC_EINVAL, "%s: catalog must not be NULL", func);
  int rc = customer_id ? ssvc__check_text(ctx, func, "customer_id", customer_id, 1,
                                          SSVC_AGREEMENT_ID_MAX)
                       : SSVC_OK;
  ssvc_pricelist *pl = NULL;
  if (!rc) rc = ssvc_pricelist_new(ctx, &pl, catalog);
  if (!rc) {
    struct reader r = {ctx, func, NULL, NULL, pl, 0, 0, 0};
    rc = customer_id ? ssvc__pricelist_load(store, func, pl, customer_id) : scan(store, &r, NULL);
  }
  if (rc) {
    ssvc_pricelist_free(pl);
    return rc;
  }
  *out = pl;
  return SSVC_OK;
}

/* ---- The price of a shipment ---- */

/* The latest stored price of kind @c kind dated on or before @c day, in one scan. */
struct pick {
  int kind;
  ssvc_date day;
  int found;
  ssvc_date from;
  int64_t amount;
};

static int pick_cb(void *data, const ssvc_price *p) {
  struct pick *k = data;
  if (p->kind != k->kind || ssvc__date_cmp(p->from, k->day) > 0) return 0;
  if (!k->found || ssvc__date_cmp(p->from, k->from) > 0) {
    k->found = 1;
    k->from = p->from;
    k->amount = p->amount_minor;
  }
  return 0;
}

int ssvc__shipment_prices(ssvc_store *st, const char *func, const struct ssvc_agreement *a,
                          const char *customer, int64_t at, int64_t *freight,
                          int64_t *packaging) {
  ssvc_local_time lt;
  int rc = ssvc_stockholm_from_instant(st->ctx, &lt, at);
  if (rc) return rc;
  int64_t own[2];
  ssvc__agreement_shipment_own(a, &own[0], &own[1]);
  const int kinds[2] = {SSVC_CHARGE_FREIGHT, SSVC_CHARGE_PACKAGING};
  int64_t *out[2] = {freight, packaging};
  for (int i = 0; i < 2; i++) {
    struct pick over = {kinds[i], lt.date, 0, {0, 0, 0}, 0}, list = over;
    struct reader r = {st->ctx, func, pick_cb, &over, NULL, 0, 0, 0};
    if ((rc = scan(st, &r, customer))) return rc;
    r.ud = &list;
    if (!over.found && own[i] == SSVC_AGREEMENT_NO_OVERRIDE && (rc = scan(st, &r, "")))
      return rc;
    *out[i] = over.found ? over.amount
              : own[i] != SSVC_AGREEMENT_NO_OVERRIDE ? own[i]
              : list.found ? list.amount
              : kinds[i] == SSVC_CHARGE_FREIGHT ? SSVC_FREIGHT_DEFAULT_MINOR
                                                : SSVC_PACKAGING_DEFAULT_MINOR;
  }
  return SSVC_OK;
}

int ssvc__backup_rent_price(ssvc_store *st, const char *func, const char *customer, ssvc_date day,
                            int64_t *out) {
  struct pick over = {SSVC_CHARGE_BACKUP_PHONE, day, 0, {0, 0, 0}, 0}, list = over;
  struct reader r = {st->ctx, func, pick_cb, &over, NULL, 0, 0, 0};
  int rc = scan(st, &r, customer);
  r.ud = &list;
  if (!rc && !over.found) rc = scan(st, &r, "");
  if (rc) return rc;
  *out = over.found ? over.amount : list.found ? list.amount : SSVC_BACKUP_RENT_DEFAULT_MINOR;
  return SSVC_OK;
}

int ssvc__price_valid(const void *key, size_t klen, const void *val, size_t vlen) {
  struct parsed p;
  return parse(key, klen, val, vlen, &p);
}
