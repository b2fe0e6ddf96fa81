/* account_charges: charges on a customer's account, which belong to no case (SWAP phones bought,
 * backup phones, credits): recorded, listed, and gathered by the invoice run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "invoice_store.h"
/* ---- Charges on the account ---- */

/* A decoded account charge; the texts and the actor are copied into the arrays. */
struct acharge {
  ssvc_charge c;
  int64_t at;
  char sv[TEXT_SLOT], en[TEXT_SLOT], actor[257];
};

static int copy_field(char *dst, size_t size, const ssvc_field *f) {
  if (f->wire != SSVC_WIRE_BYTES || f->len >= size) return -1;
  memcpy(dst, f->bytes, f->len);
  dst[f->len] = 0;
  return 0;
}

static int decode_account(const void *v, size_t vlen, struct acharge *a) {
  ssvc_rd rd;
  ssvc_field f;
  int x, bad = 0;
  memset(a, 0, sizeof *a);
  a->c.version = SSVC_CHARGE_VERSION;
  if (ssvc__rec_open(&rd, v, vlen, REC_ACCOUNT)) return -1;
  while ((x = ssvc__rd_next(&rd, &f)) == 1) {
    switch (f.id) {
      case A_KIND: a->c.kind = f.u < SSVC_CHARGE_KIND_COUNT ? (int)f.u : -1; break;
      case A_SV: bad |= copy_field(a->sv, sizeof a->sv, &f); a->c.text_sv = a->sv; break;
      case A_EN: bad |= copy_field(a->en, sizeof a->en, &f); a->c.text_en = a->en; break;
      case A_QTY: a->c.quantity = ssvc__unzigzag(f.u); break;
      case A_PRICE: a->c.unit_price_minor = ssvc__unzigzag(f.u); break;
      case A_DATE: a->c.date = ssvc__date_from_code(f.u); break;
      case A_AT: a->at = ssvc__unzigzag(f.u); break;
      case A_ACTOR: bad |= copy_field(a->actor, sizeof a->actor, &f); break;
      default: break;
    }
  }
  if (x < 0 || bad || a->c.kind <= SSVC_CHARGE_MONTHLY_FEE || a->c.quantity == 0) return -1;
  return 0;
}

/* The account's charges [0, n) are invoiced: its watermark (0 when none), and its version. */
static int account_mark(ssvc_store *st, const char *func, const char *cust, uint32_t *n) {
  uint8_t k[KEY_MAX];
  uint64_t ver;
  return ssvc__inv_read_uint_rec(st, func, k, ssvc__inv_key_mark(k, cust, ""), REC_MARK,
                                 "an invoiced-charges mark", n, &ver);
}

static int record_once(ssvc_store *st, const char *func, const char *cust,
                       const ssvc_charge *c, const char *actor, int64_t now, uint32_t *index) {
  ssvc_ctx *ctx = st->ctx;
  ssvc_txn t;
  int rc = ssvc__txn_begin(st, func, &t);
  if (rc) return rc;
  ssvc_agreement *ag = NULL;
  rc = ssvc__agreement_load(st, func, cust, &ag); /* the customer must have an agreement */
  ssvc_agreement_free(ag);
  uint8_t kc[KEY_MAX], k[KEY_MAX];
  size_t kcl = ssvc__inv_key_account_count(kc, cust);
  uint64_t cver = SSVC_STORAGE_NEW;
  uint32_t count = 0;
  if (!rc)
    rc = ssvc__inv_read_uint_rec(st, func, kc, kcl, REC_ACCOUNT_COUNT,
                                 "the account's charge counter", &count, &cver);
  if (!rc && count == UINT32_MAX)
    rc = ssvc__err(ctx, SSVC_ERANGE, "%s: the account of '%s' is full", func, cust);
  if (!rc)
    rc = ssvc__rec_key_free(st, func, k, ssvc__inv_key_account(k, cust, count),
                            "the account's next charge");
  if (!rc) {
    ssvc_buf *b = ssvc__store_scratch(st, 0);
    ssvc__rec_header(b, REC_ACCOUNT, FORMAT);
    ssvc__rec_uint(b, A_KIND, (uint64_t)c->kind);
    ssvc__rec_str(b, A_SV, c->text_sv);
    ssvc__rec_str(b, A_EN, c->text_en);
    ssvc__rec_sint(b, A_QTY, c->quantity);
    ssvc__rec_sint(b, A_PRICE, c->unit_price_minor);
    ssvc__rec_uint(b, A_DATE, ssvc__date_code(c->date));
    ssvc__rec_sint(b, A_AT, now);
    ssvc__rec_str(b, A_ACTOR, actor);
    rc = b->failed ? SSVC_ENOMEM
                   : ssvc__store_put(st, func, k, ssvc__inv_key_account(k, cust, count), b->p,
                                     b->len, SSVC_STORAGE_NEW, NULL);
  }
  if (!rc)
    rc = ssvc__inv_write_uint_rec(st, func, kc, kcl, REC_ACCOUNT_COUNT, (uint64_t)count + 1, cver);
  rc = ssvc__txn_end(st, func, &t, rc);
  if (!rc) *index = count;
  return rc;
}

int ssvc__charges_record_in(ssvc_store *st, const char *func, const char *cust,
                            const ssvc_charge *c, const char *actor, int64_t now,
                            uint32_t *index) {
  return record_once(st, func, cust, c, actor, now, index);
}

struct record_args {
  const char *func, *customer;
  const ssvc_charge *charge;
  const char *actor;
  int64_t now;
  uint32_t *at;
};

static int record_attempt(ssvc_store *st, void *arg) {
  const struct record_args *a = arg;
  return record_once(st, a->func, a->customer, a->charge, a->actor, a->now, a->at);
}

int ssvc_charges_record(ssvc_store *store, uint32_t *index, const char *customer_id,
                        const ssvc_charge *charge, const char *actor) {
  static const char func[] = "ssvc_charges_record";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  int rc = ssvc__check_text(ctx, func, "customer_id", customer_id, 1, CUST_MAX);
  if (rc) return rc;
  if (!charge) return ssvc__err(ctx, SSVC_EINVAL, "%s: charge must not be NULL", func);
  if ((rc = ssvc__charge_check(ctx, func, "charge", charge))) return rc;
  if ((rc = ssvc__check_text(ctx, func, "actor", actor, 1, 256))) return rc;
  int64_t now = ssvc__store_now(store);
  uint32_t at = 0;
  struct record_args a = {func, customer_id, charge, actor, now, &at};
  rc = ssvc__txn_retry(store, record_attempt, &a);
  if (rc == SSVC_ECONFLICT)
    return ssvc__err(ctx, rc, "%s: %s: the account changed concurrently; try again", func,
                     customer_id);
  if (!rc && index) *index = at;
  return rc;
}

int ssvc__inv_account_valid(const void *v, size_t vlen) {
  struct acharge a;
  return decode_account(v, vlen, &a) < 0 ? -1 : 0;
}

/* Walks the account's charges from @p from on, in order, as decoded charges. */
struct account_walk {
  ssvc_ctx *ctx;
  size_t prefix;
  uint32_t next; /* the index the next record must have */
  int (*fn)(struct account_walk *w, uint32_t index, const struct acharge *a);
  int bad;
  int whole; /* a listing: every charge read before fn sees the first (doc/storage.md) */
  int dry;   /* the reading pass of a listing: fn is not called */
};

static int account_cb(void *cb, const void *key, size_t klen, const void *val, size_t vlen,
                      uint64_t ver) {
  (void)ver;
  struct account_walk *w = cb;
  const uint8_t *k = (const uint8_t *)key + w->prefix;
  struct acharge a;
  if (klen != w->prefix + 4 || decode_account(val, vlen, &a) < 0) {
    w->bad = 1;
    return SSVC_ESTORAGE;
  }
  uint32_t index = (uint32_t)k[0] << 24 | (uint32_t)k[1] << 16 | (uint32_t)k[2] << 8 | k[3];
  if (index != w->next) {
    w->bad = 1;
    return SSVC_ESTORAGE;
  }
  w->next++;
  return w->dry ? 0 : w->fn(w, index, &a);
}

static int account_walk(ssvc_store *st, const char *func, const char *cust, uint32_t from,
                        struct account_walk *w) {
  uint8_t lo[KEY_MAX], hi[KEY_MAX];
  w->prefix = ssvc__inv_key_cust(lo, 'A', cust);
  size_t n = ssvc__inv_key_account(lo, cust, from);
  memcpy(hi, lo, w->prefix);
  hi[w->prefix - 1] = 1;
  int rc = SSVC_OK;
  for (w->dry = w->whole; rc == SSVC_OK && w->dry >= 0; w->dry--) {
    w->next = from;
    w->bad = 0;
    rc = ssvc__store_scan(st, func, lo, n, hi, w->prefix, account_cb, w);
    if (w->bad) return ssvc__inv_malformed(w->ctx, func, "a charge on the account");
  }
  return rc;
}

struct lister {
  struct account_walk w;
  uint32_t invoiced;
  ssvc_charges_list_fn fn;
  void *ud;
};

static int list_one(struct account_walk *w, uint32_t index, const struct acharge *a) {
  struct lister *l = (struct lister *)w;
  return l->fn(l->ud, index, &a->c, a->at, a->actor, index < l->invoiced) ? 1 : 0;
}

int ssvc_charges_list(ssvc_store *store, const char *customer_id, ssvc_charges_list_fn fn,
                      void *user_data) {
  static const char func[] = "ssvc_charges_list";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  int rc = ssvc__check_text(ctx, func, "customer_id", customer_id, 1, CUST_MAX);
  if (rc) return rc;
  if (!fn) return ssvc__err(ctx, SSVC_EINVAL, "%s: fn must not be NULL", func);
  struct lister l = {{ctx, 0, 0, list_one, 0, 1, 0}, 0, fn, user_data};
  if ((rc = account_mark(store, func, customer_id, &l.invoiced))) return rc;
  rc = account_walk(store, func, customer_id, 0, &l.w);
  return rc > 0 ? SSVC_OK : rc;
}

/* The run's part: the account's charges from the watermark on, recorded before the cut-off. */
struct account_gather {
  struct account_walk w;
  struct gather *g;
  struct mark *mk;
  int64_t cutoff;
};

static int gather_one(struct account_walk *w, uint32_t index, const struct acharge *a) {
  struct account_gather *ag = (struct account_gather *)w;
  if (a->at >= ag->cutoff) return 1; /* this and the later ones wait for a later run */
  int rc = ssvc__inv_add_item(ag->g, "", index, a->c.kind, a->c.quantity, a->c.unit_price_minor,
                    a->c.text_sv, a->c.text_en);
  if (!rc) ag->mk->next = index + 1;
  return rc;
}

int ssvc__inv_gather_account(ssvc_store *st, const char *func, struct gather *g, const char *cust,
                             struct mark *mk, int64_t cutoff) {
  struct account_gather ag = {{g->ctx, 0, 0, gather_one, 0, 0, 0}, g, mk, cutoff};
  int rc = account_walk(st, func, cust, mk->count, &ag.w);
  return rc > 0 ? SSVC_OK : rc;
}
