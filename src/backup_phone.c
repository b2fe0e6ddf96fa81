/* backup_phone: the backup phones at a customer's site (doc/backup-phones.md). One record per
 * phone under 'K' customer 0 imei; a bought phone's charge goes on the customer's account in the
 * same transaction. The transaction runner and the argument checks are the SWAP pool's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charges_internal.h"
#include "civil_date.h"
#include "keyspace.h"
#include "record.h"
#include "smartservice/backup_phone.h"
#include "smartservice/calendar.h"
#include "swap_record.h"

enum { FORMAT = 1 };
enum { P_CUSTOMER = 1, P_IMEI, P_MODEL, P_TERMS, P_STATE, P_USER, P_PRICE, P_RECEIVED,
       P_REMOVED, P_UPDATED, P_EVENT };

static const char *const state_names[] = {NULL, "at-site", "handed-out", "removed"};
static const char *const terms_names[] = {NULL, "bought", "rented"};

const char *ssvc_backup_state_name(int state) {
  return ssvc__name_of(state_names, SSVC_BACKUP_AT_SITE, SSVC_BACKUP_REMOVED, state);
}

const char *ssvc_backup_terms_name(int terms) {
  return ssvc__name_of(terms_names, SSVC_BACKUP_BOUGHT, SSVC_BACKUP_RENTED, terms);
}

int ssvc_backup_terms_from_name(ssvc_ctx *ctx, int *out, const char *name) {
  return ssvc__name_lookup(ctx, "ssvc_backup_terms_from_name", out, name, terms_names,
                           SSVC_BACKUP_BOUGHT, SSVC_BACKUP_RENTED, "backup-phone terms");
}

int ssvc_backup_phone_init(ssvc_backup_phone *phone, unsigned int version) {
  return ssvc__struct_init(phone, sizeof *phone, version, SSVC_BACKUP_PHONE_VERSION);
}

/* 'K' customer 0 [imei]. */
static size_t key_phone(uint8_t *k, const char *customer, const char *imei) {
  size_t n = 1;
  k[0] = SSVC_KEY_BACKUP_PHONE;
  ssvc__key_text(k, &n, customer);
  if (imei) {
    memcpy(k + n, imei, 15);
    n += 15;
  }
  return n;
}

static int known(uint32_t id) { return id >= P_CUSTOMER && id < P_EVENT; }

static int decode(const void *v, size_t vlen, ssvc_backup_phone *p) {
  ssvc_rd rd;
  ssvc_field f;
  int r;
  memset(p, 0, sizeof *p);
  p->version = SSVC_BACKUP_PHONE_VERSION;
  if (ssvc__rec_open(&rd, v, vlen, SSVC_REC_BACKUP_PHONE)) return -1;
  while ((r = ssvc__rd_next(&rd, &f)) == 1) {
    switch (f.id) {
    case P_CUSTOMER: ssvc__swap_copy_text(p->customer_id, sizeof p->customer_id, &f); break;
    case P_IMEI: ssvc__swap_copy_text(p->imei, sizeof p->imei, &f); break;
    case P_MODEL: ssvc__swap_copy_text(p->model, sizeof p->model, &f); break;
    case P_TERMS: p->terms = (int)f.u; break;
    case P_STATE: p->state = (int)f.u; break;
    case P_USER: ssvc__swap_copy_text(p->user, sizeof p->user, &f); break;
    case P_PRICE: p->price_minor = ssvc__unzigzag(f.u); break;
    case P_RECEIVED: p->received_at = ssvc__unzigzag(f.u); break;
    case P_REMOVED: p->removed_at = ssvc__unzigzag(f.u); break;
    case P_UPDATED: p->updated_at = ssvc__unzigzag(f.u); break;
    default: break;
    }
  }
  return r < 0 || !ssvc_backup_state_name(p->state) || !ssvc_backup_terms_name(p->terms) ||
                 strlen(p->imei) != 15
             ? -1
             : 0;
}

int ssvc__backup_phone_valid(const void *v, size_t vlen) {
  ssvc_backup_phone p;
  return decode(v, vlen, &p);
}

/* Reads a phone; SSVC_ENOTFOUND with "FUNC: CUSTOMER has no backup phone with IMEI I". */
static int read_phone(struct op *p, const char *customer, const char *imei,
                      ssvc_backup_phone *out, uint64_t *ver) {
  uint8_t k[SSVC__SWAP_KEY_MAX];
  const void *v;
  size_t vlen;
  int rc = ssvc__store_get(p->st, p->func, k, key_phone(k, customer, imei), &v, &vlen, ver);
  if (rc == SSVC_ENOTFOUND)
    return ssvc__err(p->ctx, rc, "%s: %s has no backup phone with IMEI %s", p->func, customer,
                     imei);
  if (rc) return rc;
  if (decode(v, vlen, out)) return ssvc__swap_malformed(p, "backup phone", imei);
  return SSVC_OK;
}

/* Writes @p ph over @p expected (SSVC_STORAGE_NEW: a new phone), logging from -> ph->state. */
static int write_phone(struct op *p, const ssvc_backup_phone *ph, uint64_t expected, int from) {
  uint8_t k[SSVC__SWAP_KEY_MAX];
  size_t klen = key_phone(k, ph->customer_id, ph->imei);
  const uint8_t *old;
  size_t old_len;
  int rc = ssvc__rec_read_expected(p->st, p->func, k, klen, expected, &old, &old_len);
  if (rc == SSVC_ECONFLICT) return ssvc__swap_conflict(p, "backup phone", ph->imei);
  if (rc) return rc;
  ssvc_buf *b = ssvc__store_scratch(p->st, 1);
  ssvc__rec_header(b, SSVC_REC_BACKUP_PHONE, FORMAT);
  ssvc__rec_str(b, P_CUSTOMER, ph->customer_id);
  ssvc__rec_str(b, P_IMEI, ph->imei);
  ssvc__rec_str(b, P_MODEL, ph->model);
  ssvc__rec_uint(b, P_TERMS, (uint64_t)ph->terms);
  ssvc__rec_uint(b, P_STATE, (uint64_t)ph->state);
  ssvc__rec_str(b, P_USER, ph->user);
  ssvc__rec_sint(b, P_PRICE, ph->price_minor);
  ssvc__rec_sint(b, P_RECEIVED, ph->received_at);
  ssvc__rec_sint(b, P_REMOVED, ph->removed_at);
  ssvc__rec_sint(b, P_UPDATED, p->now);
  if (old) ssvc__rec_keep(b, old, old_len, known);
  ssvc__swap_encode_event(b, P_EVENT, p->now, p->actor, from, ph->state, "", ph->user);
  if (b->failed) return SSVC_ENOMEM;
  rc = ssvc__store_put(p->st, p->func, k, klen, b->p, b->len, expected, NULL);
  if (rc == SSVC_ECONFLICT) {
    if (expected == SSVC_STORAGE_NEW)
      return ssvc__err(p->ctx, SSVC_EEXISTS, "%s: %s already has a backup phone with IMEI %s",
                       p->func, ph->customer_id, ph->imei);
    return ssvc__swap_conflict(p, "backup phone", ph->imei);
  }
  return rc;
}

int ssvc__backup_phone_put(ssvc_store *st, const char *func, const ssvc_backup_phone *ph,
                           const char *actor) {
  struct op p = {st, st->ctx, func, actor, ssvc__store_now(st)};
  uint8_t k[SSVC__SWAP_KEY_MAX];
  const void *v;
  size_t vlen;
  uint64_t ver;
  int rc = ssvc__store_get(st, func, k, key_phone(k, ph->customer_id, ph->imei), &v, &vlen, &ver);
  if (rc == SSVC_ENOTFOUND) return write_phone(&p, ph, SSVC_STORAGE_NEW, 0);
  if (rc) return rc;
  ssvc_backup_phone old;
  if (decode(v, vlen, &old)) return ssvc__swap_malformed(&p, "backup phone", ph->imei);
  return write_phone(&p, ph, ver, old.state);
}

struct add_args {
  const char *customer, *imei, *model;
  int terms;
  int64_t price;
};

static int add_body(struct op *p, void *args) {
  struct add_args *a = args;
  ssvc_agreement *ag = NULL;
  int rc = ssvc__agreement_load(p->st, p->func, a->customer, &ag);
  ssvc_agreement_free(ag);
  if (rc) return rc;
  ssvc_backup_phone ph;
  memset(&ph, 0, sizeof ph);
  ph.version = SSVC_BACKUP_PHONE_VERSION;
  memcpy(ph.customer_id, a->customer, strlen(a->customer) + 1);
  memcpy(ph.imei, a->imei, 16);
  memcpy(ph.model, a->model, strlen(a->model) + 1);
  ph.terms = a->terms;
  ph.state = SSVC_BACKUP_AT_SITE;
  ph.price_minor = a->price;
  ph.received_at = p->now;
  rc = write_phone(p, &ph, SSVC_STORAGE_NEW, 0);
  if (rc || a->terms != SSVC_BACKUP_BOUGHT) return rc;
  char sv[160], en[160];
  snprintf(sv, sizeof sv, "Reservtelefon %s (IMEI %s)", a->model, a->imei);
  snprintf(en, sizeof en, "Backup phone %s (IMEI %s)", a->model, a->imei);
  ssvc_charge c = SSVC_CHARGE_INIT;
  c.kind = SSVC_CHARGE_BACKUP_PHONE;
  c.text_sv = sv;
  c.text_en = en;
  c.quantity = 1;
  c.unit_price_minor = a->price;
  ssvc_local_time lt;
  if ((rc = ssvc_stockholm_from_instant(p->ctx, &lt, p->now))) return rc;
  c.date = lt.date;
  uint32_t index;
  return ssvc__charges_record_in(p->st, p->func, a->customer, &c, p->actor, p->now, &index);
}

static int check_phone_args(ssvc_ctx *ctx, const char *func, const char *customer_id,
                            const char *imei, const char *actor) {
  int rc;
  if ((rc = ssvc__check_text(ctx, func, "customer_id", customer_id, 1, SSVC_AGREEMENT_ID_MAX)) ||
      (rc = ssvc__swap_check_imei(ctx, func, "imei", imei)) ||
      (actor && (rc = ssvc__check_text(ctx, func, "actor", actor, 1, 256))))
    return rc;
  return SSVC_OK;
}

int ssvc_backup_phone_add(ssvc_store *store, const char *customer_id, const char *imei,
                          const char *model, int terms, int64_t price_minor, const char *actor) {
  static const char func[] = "ssvc_backup_phone_add";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  int rc;
  if ((rc = check_phone_args(ctx, func, customer_id, imei, NULL)) ||
      (rc = ssvc__check_text(ctx, func, "model", model, 1, SSVC_MODEL_MAX)))
    return rc;
  if (!ssvc_backup_terms_name(terms))
    return ssvc__err(ctx, SSVC_EINVAL, "%s: terms: %d is neither bought (1) nor rented (2)",
                     func, terms);
  if (terms == SSVC_BACKUP_BOUGHT && (price_minor < 0 || price_minor > SSVC_AMOUNT_MAX))
    return ssvc__err(ctx, SSVC_EINVAL, "%s: price_minor: %lld is not 0..10^12", func,
                     (long long)price_minor);
  if (terms == SSVC_BACKUP_RENTED && price_minor != 0)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: price_minor: %lld; a rented phone has no price (its "
                     "rent comes from the price list)", func, (long long)price_minor);
  if ((rc = ssvc__check_text(ctx, func, "actor", actor, 1, 256))) return rc;
  struct add_args a = {customer_id, imei, model, terms, price_minor};
  rc = ssvc__swap_run(store, func, actor, add_body, &a);
  if (!rc)
    ssvc__log(ctx, SSVC_LOG_INFO, "backup phone: %s received %s %s (%s)", customer_id, imei,
              model, ssvc_backup_terms_name(terms));
  return rc;
}

struct move_args {
  const char *customer, *imei, *user;
  int from, to;
  const char *refusal;
};

static int move_body(struct op *p, void *args) {
  struct move_args *a = args;
  ssvc_backup_phone ph;
  uint64_t ver;
  int rc = read_phone(p, a->customer, a->imei, &ph, &ver);
  if (rc) return rc;
  if (ph.state != a->from)
    return ssvc__err(p->ctx, SSVC_ESTATE, "%s: backup phone %s is %s; %s", p->func, a->imei,
                     ssvc_backup_state_name(ph.state), a->refusal);
  ph.state = a->to;
  const char *user = a->user ? a->user : "";
  memcpy(ph.user, user, strlen(user) + 1);
  if (a->to == SSVC_BACKUP_REMOVED) ph.removed_at = p->now;
  return write_phone(p, &ph, ver, a->from);
}

static int move(ssvc_store *store, const char *func, struct move_args *a, const char *actor) {
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  int rc = check_phone_args(ctx, func, a->customer, a->imei, NULL);
  if (!rc && a->to == SSVC_BACKUP_HANDED_OUT)
    rc = ssvc__check_text(ctx, func, "user", a->user, 1, SSVC_BACKUP_USER_SIZE - 1);
  if (!rc) rc = ssvc__check_text(ctx, func, "actor", actor, 1, 256);
  if (rc) return rc;
  rc = ssvc__swap_run(store, func, actor, move_body, a);
  if (!rc)
    ssvc__log(ctx, SSVC_LOG_INFO, "backup phone: %s %s is %s", a->customer, a->imei,
              ssvc_backup_state_name(a->to));
  return rc;
}

int ssvc_backup_phone_hand_out(ssvc_store *store, const char *customer_id, const char *imei,
                               const char *user, const char *actor) {
  struct move_args a = {customer_id, imei, user, SSVC_BACKUP_AT_SITE, SSVC_BACKUP_HANDED_OUT,
                        "only a phone at the site can be handed out"};
  return move(store, "ssvc_backup_phone_hand_out", &a, actor);
}

int ssvc_backup_phone_return(ssvc_store *store, const char *customer_id, const char *imei,
                             const char *actor) {
  struct move_args a = {customer_id, imei, NULL, SSVC_BACKUP_HANDED_OUT, SSVC_BACKUP_AT_SITE,
                        "only a handed-out phone can be returned"};
  return move(store, "ssvc_backup_phone_return", &a, actor);
}

int ssvc_backup_phone_remove(ssvc_store *store, const char *customer_id, const char *imei,
                             const char *actor) {
  struct move_args a = {customer_id, imei, NULL, SSVC_BACKUP_AT_SITE, SSVC_BACKUP_REMOVED,
                        "only a phone at the site can be removed (return it first)"};
  return move(store, "ssvc_backup_phone_remove", &a, actor);
}

int ssvc_backup_phone_get(ssvc_store *store, ssvc_backup_phone *out, const char *customer_id,
                          const char *imei) {
  static const char func[] = "ssvc_backup_phone_get";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "%s: out must not be NULL", func);
  int rc = ssvc__check_version(ctx, "ssvc_backup_phone_get: out", out->version,
                               SSVC_BACKUP_PHONE_VERSION);
  if (rc || (rc = check_phone_args(ctx, func, customer_id, imei, NULL))) return rc;
  struct op p = {store, ctx, func, NULL, 0};
  ssvc_backup_phone ph;
  uint64_t ver;
  rc = read_phone(&p, customer_id, imei, &ph, &ver);
  if (rc) return rc;
  *out = ph;
  return SSVC_OK;
}

struct lister {
  ssvc_backup_phone_fn fn;
  void *ud;
};

static size_t list_prefix(uint8_t *k, const char *customer) { return key_phone(k, customer, NULL); }

static int list_each(struct op *p, const void *val, size_t vlen, int dry, void *data) {
  const struct lister *l = data;
  ssvc_backup_phone ph;
  if (decode(val, vlen, &ph)) return ssvc__swap_malformed(p, "backup phone of", p->actor);
  return dry ? 0 : l->fn(l->ud, &ph) ? 1 : 0;
}

int ssvc_backup_phone_list(ssvc_store *store, const char *customer_id, ssvc_backup_phone_fn fn,
                           void *user_data) {
  struct lister l = {fn, user_data};
  return ssvc__swap_list(store, "ssvc_backup_phone_list", customer_id, fn != NULL, list_prefix,
                         list_each, &l);
}

/* ---- The rent (the invoice run, doc/backup-phones.md "Bought or rented") ---- */

struct rented {
  ssvc_store *st;
  int64_t first, end; /* day numbers: the month is [first, end) */
  int (*fn)(void *ud, const char *model, const char *imei, int days);
  void *ud;
  int rc;
};

/* The Stockholm day number of instant @p t. */
static int day_of(ssvc_ctx *ctx, int64_t t, int64_t *out) {
  ssvc_local_time lt;
  int rc = ssvc_stockholm_from_instant(ctx, &lt, t);
  if (!rc) *out = ssvc__days_from_civil(lt.date.year, lt.date.month, lt.date.day);
  return rc;
}

static int rented_cb(void *data, const ssvc_backup_phone *p) {
  struct rented *r = data;
  if (p->terms != SSVC_BACKUP_RENTED) return 0;
  int64_t from, to = r->end;
  if ((r->rc = day_of(r->st->ctx, p->received_at, &from))) return 1;
  if (p->state == SSVC_BACKUP_REMOVED && (r->rc = day_of(r->st->ctx, p->removed_at, &to)))
    return 1;
  if (from < r->first) from = r->first;
  if (to > r->end) to = r->end;
  if (to <= from) return 0;
  r->rc = r->fn(r->ud, p->model, p->imei, (int)(to - from));
  return r->rc != 0;
}

int ssvc__backup_rented_days(ssvc_store *st, const char *func, const char *cust, int year,
                             int month, int (*fn)(void *ud, const char *model, const char *imei,
                                                  int days), void *ud) {
  (void)func;
  struct rented r = {st, ssvc__days_from_civil(year, month, 1), 0, fn, ud, 0};
  r.end = r.first + ssvc__days_in_month(year, month);
  int rc = ssvc_backup_phone_list(st, cust, rented_cb, &r);
  return rc ? rc : r.rc;
}
