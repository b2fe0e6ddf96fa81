/* roster: the users and phones an agreement covers (doc/roster.md), under key space 'R':
 *   'R' 'E' customer 0 imei          -> the entry (record 'r')
 *   'R' 'P' customer 0 phone         -> the IMEI of the entry with that contact phone (unique)
 *   'R' 'M' customer 0 email 0 imei  -> empty (the e-mail in ASCII lower case; not unique)
 * The CSV reader and writer are in roster_csv.c. */
#include <stdio.h>
#include <string.h>

#include "agreement_store.h"
#include "case_record.h"
#include "roster_record.h"

/* ------------------------------------------------------------------------------------------ */
/* Checks: one reason per fault, worded for both the API and the CSV file                     */

const char *ssvc__roster_imei_problem(const char *imei) {
  if (strlen(imei) != 15 || strspn(imei, "0123456789") != 15) return "must be 15 digits";
  return ssvc_imei_valid(imei) ? NULL : "Luhn check digit is wrong";
}

const char *ssvc__roster_phone_norm(const char *in, char *out) {
  size_t o = 0, digits = 0;
  const char *p = in;
  while (*p == ' ') p++;
  if (p[0] == '+') {
    out[o++] = '+';
    p++;
  } else if (p[0] == '0' && p[1] == '0') {
    out[o++] = '+';
    p += 2;
  } else if (p[0] == '0') {
    memcpy(out, "+46", 3);
    o = 3;
    digits = 2;
    p++;
  } else {
    return "must begin with +, 00 or 0";
  }
  for (; *p; p++) {
    if (*p == ' ' || *p == '-' || *p == '(' || *p == ')') continue;
    if (*p < '0' || *p > '9') return "may hold only digits, spaces, '-', '(' and ')'";
    if (o >= SSVC__ROSTER_PHONE_NORM_MAX) return "has more than 15 digits";
    out[o++] = *p;
    digits++;
  }
  out[o] = '\0';
  if (digits < 7 || digits > 15) return "must have 7-15 digits";
  return NULL;
}

const char *ssvc__roster_email_problem(const char *email) {
  if (strlen(email) > SSVC_ROSTER_EMAIL_MAX) return "longer than 254 bytes";
  const char *at = strchr(email, '@');
  if (!at || at == email || !at[1] || strchr(at + 1, '@')) return "is not an e-mail address";
  if (strpbrk(email, " \t,;<>\"")) return "is not an e-mail address";
  return NULL;
}

/* Checks @p e (API arguments, "entry->imei" etc.) into @p n. */
int ssvc__roster_check_entry(ssvc_ctx *ctx, const char *func, const ssvc_roster_entry *e,
                       struct ssvc__roster_norm *n) {
  if (!e) return ssvc__err(ctx, SSVC_EINVAL, "%s: entry must not be NULL", func);
  char what[64];
  snprintf(what, sizeof what, "%s: entry", func);
  int rc = ssvc__check_version(ctx, what, e->version, SSVC_ROSTER_ENTRY_VERSION);
  if (rc) return rc;
  if (!e->imei) return ssvc__err(ctx, SSVC_EINVAL, "%s: entry->imei: must be given", func);
  if ((rc = ssvc__imei_check(ctx, func, "entry->imei", e->imei)) ||
      (rc = ssvc__check_text(ctx, func, "entry->user_name", e->user_name, 1,
                             SSVC_ROSTER_NAME_MAX)) ||
      (rc = ssvc__check_text(ctx, func, "entry->phone", e->phone, 0, SSVC_ROSTER_PHONE_MAX)) ||
      (rc = ssvc__check_text(ctx, func, "entry->email", e->email, 0, SSVC_ROSTER_EMAIL_MAX)) ||
      (rc = ssvc__check_text(ctx, func, "entry->model", e->model, 0, SSVC_MODEL_MAX)))
    return rc;
  memset(n, 0, sizeof *n);
  n->e = *e;
  if (e->phone && *e->phone) {
    const char *why = ssvc__roster_phone_norm(e->phone, n->phone);
    if (why) return ssvc__err(ctx, SSVC_EINVAL, "%s: entry->phone: %s (got '%s')", func, why,
                              e->phone);
    n->e.phone = n->phone;
  } else {
    n->e.phone = NULL;
  }
  if (e->email && *e->email) {
    const char *why = ssvc__roster_email_problem(e->email);
    if (why) return ssvc__err(ctx, SSVC_EINVAL, "%s: entry->email: %s (got '%s')", func, why,
                              e->email);
  } else {
    n->e.email = NULL;
  }
  if (n->e.model && !*n->e.model) n->e.model = NULL;
  const ssvc_date *d[2] = {&e->purchased, &e->warranty_until};
  static const char *const dn[2] = {"entry->purchased", "entry->warranty_until"};
  for (int i = 0; i < 2; i++)
    if ((d[i]->year || d[i]->month || d[i]->day) &&
        (!ssvc_date_is_valid(d[i]) || d[i]->year < 1900 || d[i]->year > 2199))
      return ssvc__err(ctx, SSVC_EINVAL, "%s: %s: not a day of 1900-2199 (got %04d-%02d-%02d)",
                       func, dn[i], d[i]->year, d[i]->month, d[i]->day);
  return SSVC_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* Keys and records                                                                            */

size_t ssvc__roster_key(uint8_t *k, int kind, const char *customer, const char *tail) {
  size_t n = 0;
  k[n++] = SSVC_KEY_ROSTER;
  k[n++] = (uint8_t)kind;
  ssvc__key_text(k, &n, customer);
  if (tail) {
    size_t len = strlen(tail);
    memcpy(k + n, tail, len);
    n += len;
  }
  return n;
}

/* The e-mail index key of @p email (ASCII lower case) for the entry @p imei. */
static size_t key_email(uint8_t *k, const char *customer, const char *email, const char *imei) {
  size_t n = ssvc__roster_key(k, 'M', customer, NULL);
  for (const char *p = email; *p; p++)
    k[n++] = (uint8_t)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
  k[n++] = 0;
  memcpy(k + n, imei, 15);
  return n + 15;
}

enum { R_CUSTOMER = 1, R_IMEI, R_NAME, R_PHONE, R_EMAIL, R_MODEL, R_PURCHASED, R_WARRANTY,
       R_UPDATED, R_ACTOR };

static void encode(ssvc_buf *b, const char *customer, const ssvc_roster_entry *e, int64_t now,
                   const char *actor) {
  ssvc__rec_header(b, SSVC_REC_ROSTER, SSVC__ROSTER_FORMAT);
  ssvc__rec_str(b, R_CUSTOMER, customer);
  ssvc__rec_str(b, R_IMEI, e->imei);
  ssvc__rec_str(b, R_NAME, e->user_name);
  ssvc__rec_str(b, R_PHONE, e->phone);
  ssvc__rec_str(b, R_EMAIL, e->email);
  ssvc__rec_str(b, R_MODEL, e->model);
  if (e->purchased.year) ssvc__rec_uint(b, R_PURCHASED, ssvc__date_code(e->purchased));
  if (e->warranty_until.year) ssvc__rec_uint(b, R_WARRANTY, ssvc__date_code(e->warranty_until));
  ssvc__rec_sint(b, R_UPDATED, now);
  ssvc__rec_str(b, R_ACTOR, actor);
}

static const char *take(char **area, char *end, const ssvc_field *f) {
  if (f->wire != SSVC_WIRE_BYTES || (size_t)(end - *area) < f->len + 1) return NULL;
  char *s = *area;
  memcpy(s, f->bytes, f->len);
  s[f->len] = '\0';
  *area += f->len + 1;
  return s;
}

int ssvc__roster_decode(const void *val, size_t vlen, struct ssvc__roster_decoded *d) {
  ssvc_rd rd;
  ssvc_field f;
  int r;
  ssvc_roster_entry *e = &d->e;
  memset(e, 0, sizeof *e);
  e->version = SSVC_ROSTER_ENTRY_VERSION;
  char *area = d->area, *end = d->area + sizeof d->area;
  if (ssvc__rec_open(&rd, val, vlen, SSVC_REC_ROSTER)) return -1;
  while ((r = ssvc__rd_next(&rd, &f)) == 1) {
    const char **s = f.id == R_IMEI ? &e->imei : f.id == R_NAME ? &e->user_name
                   : f.id == R_PHONE ? &e->phone : f.id == R_EMAIL ? &e->email
                   : f.id == R_MODEL ? &e->model : NULL;
    if (s && !(*s = take(&area, end, &f))) return -1;
    if (f.id == R_PURCHASED || f.id == R_WARRANTY) {
      ssvc_date dt = ssvc__date_from_code(f.u);
      if (f.wire != SSVC_WIRE_VARINT || !ssvc_date_is_valid(&dt)) return -1;
      *(f.id == R_PURCHASED ? &e->purchased : &e->warranty_until) = dt;
    }
  }
  if (r < 0 || !e->imei || !ssvc_imei_valid(e->imei) || !e->user_name) return -1;
  return 0;
}

static int malformed(ssvc_ctx *ctx, const char *func, const char *customer, const char *imei) {
  return ssvc__err(ctx, SSVC_ESTORAGE, "%s: %s/%s: the stored roster entry is malformed", func,
                   customer, imei);
}

/* Reads the entry of @p imei: SSVC_ENOTFOUND without a message when there is none. */
static int get_entry(ssvc_store *st, const char *func, const char *customer, const char *imei,
                     struct ssvc__roster_decoded *d, uint64_t *ver) {
  if (strlen(imei) != 15) return SSVC_ENOTFOUND;
  uint8_t k[SSVC__ROSTER_KEY_MAX];
  const void *v;
  size_t vlen;
  int rc = ssvc__store_get(st, func, k, ssvc__roster_key(k, 'E', customer, imei), &v, &vlen, ver);
  if (rc) return rc;
  return ssvc__roster_decode(v, vlen, d) ? malformed(st->ctx, func, customer, imei) : SSVC_OK;
}

int ssvc__roster_get(ssvc_store *st, const char *func, const char *customer, const char *imei,
                     struct ssvc__roster_decoded *d) {
  uint64_t ver;
  return get_entry(st, func, customer, imei, d, &ver);
}

static int same_text(const char *a, const char *b) { return strcmp(a ? a : "", b ? b : "") == 0; }

static int same_date(ssvc_date a, ssvc_date b) {
  return a.year == b.year && a.month == b.month && a.day == b.day;
}

int ssvc__roster_same(const ssvc_roster_entry *a, const ssvc_roster_entry *b) {
  return same_text(a->imei, b->imei) && same_text(a->user_name, b->user_name) &&
         same_text(a->phone, b->phone) && same_text(a->email, b->email) &&
         same_text(a->model, b->model) && same_date(a->purchased, b->purchased) &&
         same_date(a->warranty_until, b->warranty_until);
}

static int email_same(const char *a, const char *b) {
  if (!a || !b) return a == b;
  return ssvc__ascii_casecmp(a, b) == 0;
}

/* Removes the stored entry @p old (at version @p ver) with its index entries. */
static int remove_stored(ssvc_store *st, const char *func, const char *customer,
                         const ssvc_roster_entry *old, uint64_t ver) {
  uint8_t k[SSVC__ROSTER_KEY_MAX];
  int rc;
  if (old->phone &&
      (rc = ssvc__store_del(st, func, k, ssvc__roster_key(k, 'P', customer, old->phone),
                            SSVC_STORAGE_ANY)))
    return rc == SSVC_ENOTFOUND ? malformed(st->ctx, func, customer, old->imei) : rc;
  if (old->email &&
      (rc = ssvc__index_step(st, func, k, key_email(k, customer, old->email, old->imei), NULL,
                             0)))
    return rc == SSVC_ENOTFOUND ? malformed(st->ctx, func, customer, old->imei) : rc;
  rc = ssvc__store_del(st, func, k, ssvc__roster_key(k, 'E', customer, old->imei), ver);
  return rc == SSVC_ECONFLICT || rc == SSVC_ENOTFOUND
             ? ssvc__err(st->ctx, SSVC_ECONFLICT, "%s: %s/%s: the entry changed meanwhile", func,
                         customer, old->imei)
             : rc;
}

/* The IMEI that holds the contact phone @p phone on the roster ("" when none). */
static int phone_owner(ssvc_store *st, const char *func, const char *customer, const char *phone,
                       char imei[16]) {
  uint8_t k[SSVC__ROSTER_KEY_MAX];
  const void *v;
  size_t vlen;
  uint64_t ver;
  imei[0] = '\0';
  int rc = ssvc__store_get(st, func, k, ssvc__roster_key(k, 'P', customer, phone), &v, &vlen,
                           &ver);
  if (rc == SSVC_ENOTFOUND) return SSVC_OK;
  if (rc) return rc;
  if (vlen != 15) return malformed(st->ctx, func, customer, phone);
  memcpy(imei, v, 15);
  imei[15] = '\0';
  return SSVC_OK;
}

int ssvc__roster_put(ssvc_store *st, const char *func, const char *customer,
                     const ssvc_roster_entry *e, int mode, const char *actor, int *changed,
                     char *clash) {
  ssvc_ctx *ctx = st->ctx;
  struct ssvc__roster_decoded old;
  uint64_t ver = SSVC_STORAGE_NEW;
  int rc = get_entry(st, func, customer, e->imei, &old, &ver);
  int exists = rc == SSVC_OK;
  if (rc && rc != SSVC_ENOTFOUND) return rc;
  if (changed) *changed = 0;
  if (exists && mode == SSVC__ROSTER_ADD)
    return ssvc__err(ctx, SSVC_EEXISTS, "%s: IMEI %s is already on the roster of '%s'", func,
                     e->imei, customer);
  if (!exists && mode == SSVC__ROSTER_UPDATE)
    return ssvc__err(ctx, SSVC_ENOTFOUND, "%s: IMEI %s is not on the roster of '%s'", func,
                     e->imei, customer);
  if (exists && ssvc__roster_same(&old.e, e)) return SSVC_OK;
  uint8_t k[SSVC__ROSTER_KEY_MAX], w[SSVC__ROSTER_KEY_MAX];
  const char *old_phone = exists ? old.e.phone : NULL, *old_email = exists ? old.e.email : NULL;
  if (!same_text(old_phone, e->phone)) {
    if (e->phone) {
      char owner[16];
      if ((rc = phone_owner(st, func, customer, e->phone, owner))) return rc;
      if (*owner) {
        if (clash) memcpy(clash, owner, 16);
        return ssvc__err(ctx, SSVC_EEXISTS,
                         "%s: phone %s is already on the roster of '%s' (IMEI %s)", func,
                         e->phone, customer, owner);
      }
    }
    if (old_phone &&
        (rc = ssvc__store_del(st, func, k, ssvc__roster_key(k, 'P', customer, old_phone),
                              SSVC_STORAGE_ANY)))
      return rc == SSVC_ENOTFOUND ? malformed(ctx, func, customer, e->imei) : rc;
    if (e->phone &&
        (rc = ssvc__store_put(st, func, k, ssvc__roster_key(k, 'P', customer, e->phone), e->imei,
                              15, SSVC_STORAGE_NEW, NULL)))
      return rc;
  }
  if (!email_same(old_email, e->email)) {
    size_t wl = old_email ? key_email(w, customer, old_email, e->imei) : 0;
    size_t kl = e->email ? key_email(k, customer, e->email, e->imei) : 0;
    rc = ssvc__index_step(st, func, w, wl, k, kl);
    if (rc == SSVC_ENOTFOUND || rc == SSVC_ECONFLICT) return malformed(ctx, func, customer, e->imei);
    if (rc) return rc;
  }
  ssvc_buf *b = ssvc__store_scratch(st, 0);
  encode(b, customer, e, ssvc__store_now(st), actor);
  if (b->failed) return SSVC_ENOMEM;
  rc = ssvc__store_put(st, func, k, ssvc__roster_key(k, 'E', customer, e->imei), b->p, b->len,
                       ver, NULL);
  if (rc == SSVC_ECONFLICT)
    return ssvc__err(ctx, rc, "%s: %s/%s: the entry changed meanwhile", func, customer, e->imei);
  if (!rc && changed) *changed = 1;
  return rc;
}

int ssvc__roster_remove(ssvc_store *st, const char *func, const char *customer, const char *imei) {
  struct ssvc__roster_decoded old;
  uint64_t ver;
  int rc = get_entry(st, func, customer, imei, &old, &ver);
  if (rc == SSVC_ENOTFOUND)
    return ssvc__err(st->ctx, rc, "%s: IMEI %s is not on the roster of '%s'", func, imei,
                     customer);
  if (rc) return rc;
  return remove_stored(st, func, customer, &old.e, ver);
}

/* ------------------------------------------------------------------------------------------ */
/* Public operations                                                                           */

static int check_common(ssvc_ctx *ctx, const char *func, const char *customer, const char *actor) {
  int rc = ssvc__check_text(ctx, func, "customer_id", customer, 1, SSVC_AGREEMENT_ID_MAX);
  if (!rc && actor != ssvc__roster_no_actor)
    rc = ssvc__check_text(ctx, func, "actor", actor, 1, 256);
  return rc;
}

const char ssvc__roster_no_actor[] = "";

int ssvc__roster_agreement(ssvc_store *st, const char *func, const char *customer) {
  struct ssvc_agreement *a = NULL;
  int rc = ssvc__agreement_load(st, func, customer, &a);
  ssvc_agreement_free(a);
  return rc;
}

struct put_args {
  const char *func, *customer, *actor;
  const ssvc_roster_entry *e;
  int mode;
};

static int put_body(ssvc_store *st, void *arg) {
  struct put_args *a = arg;
  int changed, rc = ssvc__roster_agreement(st, a->func, a->customer);
  if (!rc) rc = ssvc__roster_put(st, a->func, a->customer, a->e, a->mode, a->actor, &changed, NULL);
  if (!rc && changed) rc = ssvc__roster_changed(st, a->func, a->customer, a->actor);
  return rc;
}

static int put(ssvc_store *store, const char *func, const char *customer,
               const ssvc_roster_entry *entry, const char *actor, int mode) {
  if (!store) return SSVC_EINVAL;
  struct ssvc__roster_norm n;
  int rc = check_common(store->ctx, func, customer, actor);
  if (!rc) rc = ssvc__roster_check_entry(store->ctx, func, entry, &n);
  if (rc) return rc;
  struct put_args a = {func, customer, actor, &n.e, mode};
  return ssvc__txn_run(store, func, put_body, &a);
}

int ssvc_roster_add(ssvc_store *store, const char *customer_id, const ssvc_roster_entry *entry,
                    const char *actor) {
  return put(store, "ssvc_roster_add", customer_id, entry, actor, SSVC__ROSTER_ADD);
}

int ssvc_roster_update(ssvc_store *store, const char *customer_id,
                       const ssvc_roster_entry *entry, const char *actor) {
  return put(store, "ssvc_roster_update", customer_id, entry, actor, SSVC__ROSTER_UPDATE);
}

struct remove_args {
  const char *func, *customer, *imei, *actor;
};

static int remove_body(ssvc_store *st, void *arg) {
  struct remove_args *a = arg;
  int rc = ssvc__roster_agreement(st, a->func, a->customer);
  if (!rc) rc = ssvc__roster_remove(st, a->func, a->customer, a->imei);
  if (!rc) rc = ssvc__roster_changed(st, a->func, a->customer, a->actor);
  return rc;
}

int ssvc_roster_remove(ssvc_store *store, const char *customer_id, const char *imei,
                       const char *actor) {
  static const char func[] = "ssvc_roster_remove";
  if (!store) return SSVC_EINVAL;
  int rc = check_common(store->ctx, func, customer_id, actor);
  if (!rc && !imei) rc = ssvc__err(store->ctx, SSVC_EINVAL, "%s: imei must not be NULL", func);
  if (!rc) rc = ssvc__imei_check(store->ctx, func, "imei", imei);
  if (rc) return rc;
  struct remove_args a = {func, customer_id, imei, actor};
  return ssvc__txn_run(store, func, remove_body, &a);
}

/* ------------------------------------------------------------------------------------------ */
/* Reads                                                                                       */

struct lister {
  ssvc_ctx *ctx;
  const char *func, *customer;
  ssvc_roster_fn fn;
  void *ud;
  int dry;
  uint32_t count;
};

static int list_cb(void *data, const void *key, size_t klen, const void *val, size_t vlen,
                   uint64_t ver) {
  (void)key;
  (void)klen;
  (void)ver;
  struct lister *l = data;
  struct ssvc__roster_decoded d;
  if (ssvc__roster_decode(val, vlen, &d)) return malformed(l->ctx, l->func, l->customer, "?");
  if (l->dry) return 0;
  l->count++;
  if (!l->fn) return 0;
  return l->fn(l->ud, &d.e) ? 1 : 0;
}

int ssvc__roster_scan(ssvc_store *st, const char *func, const char *customer, ssvc_roster_fn fn,
                      void *ud, uint32_t *count) {
  struct lister l = {st->ctx, func, customer, fn, ud, 0, 0};
  uint8_t lo[SSVC__ROSTER_KEY_MAX], hi[SSVC__ROSTER_KEY_MAX];
  size_t n = ssvc__roster_key(lo, 'E', customer, NULL);
  memcpy(hi, lo, n);
  hi[n - 1]++;
  int rc = ssvc__store_scan_whole(st, func, lo, n, hi, n, list_cb, &l, &l.dry);
  if (count) *count = l.count;
  return rc;
}

int ssvc_roster_list(ssvc_store *store, const char *customer_id, ssvc_roster_fn fn,
                     void *user_data) {
  static const char func[] = "ssvc_roster_list";
  if (!store) return SSVC_EINVAL;
  int rc = check_common(store->ctx, func, customer_id, ssvc__roster_no_actor);
  if (rc) return rc;
  if (!fn) return ssvc__err(store->ctx, SSVC_EINVAL, "%s: fn must not be NULL", func);
  return ssvc__roster_scan(store, func, customer_id, fn, user_data, NULL);
}

int ssvc_roster_count(ssvc_store *store, const char *customer_id, uint32_t *out) {
  static const char func[] = "ssvc_roster_count";
  if (!store) return SSVC_EINVAL;
  int rc = check_common(store->ctx, func, customer_id, ssvc__roster_no_actor);
  if (rc) return rc;
  if (!out) return ssvc__err(store->ctx, SSVC_EINVAL, "%s: out must not be NULL", func);
  return ssvc__roster_scan(store, func, customer_id, NULL, NULL, out);
}

struct first_email {
  char imei[16];
};

static int email_cb(void *data, const void *key, size_t klen, const void *val, size_t vlen,
                    uint64_t ver) {
  (void)val;
  (void)vlen;
  (void)ver;
  struct first_email *f = data;
  if (klen < 16) return 0;
  memcpy(f->imei, (const uint8_t *)key + klen - 15, 15);
  f->imei[15] = '\0';
  return 1;
}

int ssvc__roster_lookup(ssvc_store *st, const char *func, const char *customer, const char *who,
                        struct ssvc__roster_decoded *d) {
  char imei[16] = "", phone[SSVC__ROSTER_PHONE_NORM_MAX + 1];
  uint8_t k[SSVC__ROSTER_KEY_MAX], hi[SSVC__ROSTER_KEY_MAX];
  int rc = SSVC_OK;
  if (strlen(who) == 15 && strspn(who, "0123456789") == 15) {
    memcpy(imei, who, 16);
  } else if (strchr(who, '@')) {
    if (strlen(who) > SSVC_ROSTER_EMAIL_MAX)
      return ssvc__err(st->ctx, SSVC_EINVAL, "%s: who: longer than 254 bytes", func);
    struct first_email f = {""};
    size_t n = key_email(k, customer, who, "000000000000000") - 15;
    memcpy(hi, k, n);
    hi[n - 1]++;
    rc = ssvc__store_scan(st, func, k, n, hi, n, email_cb, &f);
    memcpy(imei, f.imei, 16);
  } else {
    const char *why = ssvc__roster_phone_norm(who, phone);
    if (why)
      return ssvc__err(st->ctx, SSVC_EINVAL,
                       "%s: who: not an IMEI, e-mail address or phone: the phone %s (got '%s')",
                       func, why, who);
    rc = phone_owner(st, func, customer, phone, imei);
  }
  if (rc) return rc;
  uint64_t ver;
  rc = *imei ? get_entry(st, func, customer, imei, d, &ver) : SSVC_ENOTFOUND;
  if (rc == SSVC_ENOTFOUND)
    return ssvc__err(st->ctx, rc, "%s: '%s' is not on the roster of '%s'", func, who, customer);
  return rc;
}

int ssvc_roster_find(ssvc_store *store, const char *customer_id, const char *who,
                     ssvc_roster_fn fn, void *user_data) {
  static const char func[] = "ssvc_roster_find";
  if (!store) return SSVC_EINVAL;
  int rc = check_common(store->ctx, func, customer_id, ssvc__roster_no_actor);
  if (!rc && (!who || !*who)) rc = ssvc__err(store->ctx, SSVC_EINVAL, "%s: who must be given", func);
  if (!rc && !fn) rc = ssvc__err(store->ctx, SSVC_EINVAL, "%s: fn must not be NULL", func);
  if (rc) return rc;
  struct ssvc__roster_decoded d;
  rc = ssvc__roster_lookup(store, func, customer_id, who, &d);
  if (!rc) fn(user_data, &d.e);
  return rc;
}

/* ------------------------------------------------------------------------------------------ */
/* Registration                                                                                */

static const char *const coverage_names[] = {"unchecked", "covered", "not-covered"};

const char *ssvc_roster_coverage_name(int coverage) {
  return ssvc__name_of(coverage_names, 0, 2, coverage);
}

int ssvc_case_roster_coverage(const ssvc_case *c) { return c ? c->coverage : 0; }

/* The entry of the first of @p spec's IMEI, phone and e-mail that is on the roster: 1, 0 when
 * none is, or a negative status. */
static int find_caller(ssvc_store *st, const char *func, const ssvc_case_spec *spec,
                       struct ssvc__roster_decoded *who) {
  const char *keys[3] = {spec->imei, spec->user_phone, spec->user_email};
  for (int i = 0; i < 3; i++) {
    const char *k = keys[i];
    char phone[SSVC__ROSTER_PHONE_NORM_MAX + 1], imei[16] = "";
    int rc = SSVC_OK;
    if (!k || !*k) continue;
    if (i == 0) {
      rc = ssvc__roster_get(st, func, spec->customer_id, k, who);
    } else if (i == 1) {
      if (ssvc__roster_phone_norm(k, phone)) continue; /* not a phone the roster could hold */
      rc = phone_owner(st, func, spec->customer_id, phone, imei);
      rc = rc ? rc : *imei ? ssvc__roster_get(st, func, spec->customer_id, imei, who)
                           : SSVC_ENOTFOUND;
    } else {
      if (ssvc__roster_email_problem(k)) continue;
      uint8_t lo[SSVC__ROSTER_KEY_MAX], hi[SSVC__ROSTER_KEY_MAX];
      struct first_email f = {""};
      size_t n = key_email(lo, spec->customer_id, k, "000000000000000") - 15;
      memcpy(hi, lo, n);
      hi[n - 1]++;
      rc = ssvc__store_scan(st, func, lo, n, hi, n, email_cb, &f);
      rc = rc ? rc : *f.imei ? ssvc__roster_get(st, func, spec->customer_id, f.imei, who)
                             : SSVC_ENOTFOUND;
    }
    if (rc == SSVC_OK) return 1;
    if (rc != SSVC_ENOTFOUND) return rc;
  }
  return 0;
}

int ssvc__roster_caller(ssvc_store *st, const char *func, ssvc_case_spec *spec, int policy,
                        struct ssvc__roster_decoded *who, int *coverage) {
  int rc = find_caller(st, func, spec, who);
  if (rc < 0) return rc;
  if (rc == 0) {
    if (policy == SSVC_ROSTER_POLICY_REFUSE)
      return ssvc__err(st->ctx, SSVC_ENOTENTITLED,
                       "%s: the caller (IMEI %s%s%s%s%s) is not on the roster of '%s', whose "
                       "agreement serves only the users on it (roster policy refuse)",
                       func, spec->imei, spec->user_phone ? ", phone " : "",
                       spec->user_phone ? spec->user_phone : "", spec->user_email ? ", e-mail " : "",
                       spec->user_email ? spec->user_email : "", spec->customer_id);
    *coverage = SSVC_ROSTER_NOT_COVERED;
    return SSVC_OK;
  }
  const ssvc_roster_entry *e = &who->e;
  if (!spec->user_name || !*spec->user_name) spec->user_name = e->user_name;
  if (!spec->user_phone || !*spec->user_phone) spec->user_phone = e->phone;
  if (!spec->user_email || !*spec->user_email) spec->user_email = e->email;
  if (!spec->model || !*spec->model) spec->model = e->model;
  if (!spec->purchase_date.year) spec->purchase_date = e->purchased;
  if (!spec->warranty_end.year) spec->warranty_end = e->warranty_until;
  *coverage = SSVC_ROSTER_COVERED;
  return SSVC_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* Erasure                                                                                     */

static int erase_collect_cb(void *ud, const ssvc_roster_entry *e) {
  ssvc_buf *b = ud;
  char k[16];
  memcpy(k, e->imei, 16);
  ssvc__buf_append(b, k, 16);
  return b->failed ? 1 : 0;
}

struct erase_scan {
  const char *phone, *email, *name, *imei; /* phone normalized; NULL when not given */
  ssvc_buf hits;                           /* IMEIs, 16 bytes each */
};

static int erase_cb(void *ud, const ssvc_roster_entry *e) {
  struct erase_scan *x = ud;
  if ((x->imei && strcmp(x->imei, e->imei) == 0) || (x->name && strcmp(x->name, e->user_name) == 0) ||
      (x->phone && e->phone && strcmp(x->phone, e->phone) == 0) ||
      (x->email && e->email && ssvc__ascii_casecmp(x->email, e->email) == 0)) {
    char k[16];
    memcpy(k, e->imei, 16);
    ssvc__buf_append(&x->hits, k, 16);
  }
  return x->hits.failed ? 1 : 0;
}

int ssvc__roster_erase(ssvc_store *st, const char *func, const char *customer, const char *phone,
                       const char *email, const char *name, const char *imei, const char *actor,
                       size_t *removed) {
  char norm[SSVC__ROSTER_PHONE_NORM_MAX + 1];
  struct erase_scan x = {NULL, email && *email ? email : NULL, name && *name ? name : NULL,
                         imei && *imei ? imei : NULL, {0}};
  if (phone && *phone && !ssvc__roster_phone_norm(phone, norm)) x.phone = norm;
  ssvc__buf_init(&x.hits, st->ctx);
  int rc = ssvc__roster_scan(st, func, customer, erase_cb, &x, NULL);
  if (!rc && x.hits.failed) rc = SSVC_ENOMEM;
  size_t n = x.hits.len / 16;
  for (size_t i = 0; !rc && i < n; i++)
    rc = ssvc__roster_remove(st, func, customer, (const char *)x.hits.p + 16 * i);
  ssvc__buf_free(&x.hits);
  if (!rc && n) rc = ssvc__roster_changed(st, func, customer, actor);
  if (!rc && removed) *removed += n;
  return rc;
}

/* ------------------------------------------------------------------------------------------ */
/* The damage check                                                                            */

const char *ssvc__roster_check(ssvc_store *st, const uint8_t *key, size_t klen, const void *val,
                               size_t vlen) {
  static const char func[] = "ssvc_store_check";
  char customer[SSVC_AGREEMENT_ID_MAX + 1], tail[SSVC__ROSTER_KEY_MAX];
  const uint8_t *z = klen > 2 ? memchr(key + 2, 0, klen - 2) : NULL;
  if (!z || z - key - 2 < 1 || z - key - 2 > SSVC_AGREEMENT_ID_MAX)
    return "a roster key that names no customer";
  memcpy(customer, key + 2, (size_t)(z - key - 2));
  customer[z - key - 2] = '\0';
  size_t tlen = klen - (size_t)(z + 1 - key);
  memcpy(tail, z + 1, tlen);
  tail[tlen] = '\0';
  struct ssvc__roster_decoded d;
  uint64_t ver;
  switch (key[1]) {
  case 'E': {
    if (ssvc__roster_decode(val, vlen, &d) || strcmp(d.e.imei, tail) != 0)
      return "a roster entry that cannot be read";
    char owner[16];
    if (d.e.phone && (phone_owner(st, func, customer, d.e.phone, owner) || strcmp(owner, tail)))
      return "a roster entry whose phone is not in the phone index";
    uint8_t k[SSVC__ROSTER_KEY_MAX];
    const void *v;
    size_t vl;
    if (d.e.email && ssvc__store_get(st, func, k, key_email(k, customer, d.e.email, d.e.imei), &v,
                                     &vl, &ver))
      return "a roster entry whose e-mail is not in the e-mail index";
    return NULL;
  }
  case 'P':
    if (vlen != 15) return "a roster phone index entry without an IMEI";
    memcpy(tail, val, 15);
    tail[15] = '\0';
    if (get_entry(st, func, customer, tail, &d, &ver)) return "a roster phone index entry of no entry";
    return NULL;
  case 'M':
    if (tlen < 16 || get_entry(st, func, customer, tail + tlen - 15, &d, &ver) || !d.e.email)
      return "a roster e-mail index entry of no entry";
    return NULL;
  default: return "a roster key of an unknown kind";
  }
}

/* ------------------------------------------------------------------------------------------ */
/* The XML interchange                                                                         */

int ssvc__roster_set_all(ssvc_store *st, const char *func, const char *customer,
                         const struct ssvc__roster_norm *v, size_t n, const char *actor) {
  struct imei_keep {
    ssvc_buf b;
  } have;
  ssvc__buf_init(&have.b, st->ctx);
  int rc = ssvc__roster_scan(st, func, customer, erase_collect_cb, &have.b, NULL);
  if (!rc && have.b.failed) rc = SSVC_ENOMEM;
  int changed = 0;
  for (size_t i = 0; !rc && i < have.b.len / 16; i++) {
    const char *imei = (const char *)have.b.p + 16 * i;
    size_t j = 0;
    while (j < n && strcmp(v[j].e.imei, imei) != 0) j++;
    struct ssvc__roster_decoded d;
    /* Entries not in the list go, and so do those that change (a phone may move). */
    if (j < n && !(rc = ssvc__roster_get(st, func, customer, imei, &d)) &&
        ssvc__roster_same(&d.e, &v[j].e))
      continue;
    if (!rc) rc = ssvc__roster_remove(st, func, customer, imei);
    changed = 1;
  }
  ssvc__buf_free(&have.b);
  for (size_t i = 0; !rc && i < n; i++) {
    int c = 0;
    rc = ssvc__roster_put(st, func, customer, &v[i].e, SSVC__ROSTER_ANY, actor, &c, NULL);
    changed |= c;
  }
  if (!rc && changed) rc = ssvc__roster_changed(st, func, customer, actor);
  return rc;
}
