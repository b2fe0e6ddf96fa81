/* invoice_store: the stored invoices: keys, the invoice, run, watermark and counter records,
 * and ssvc_invoice_load / ssvc_invoice_list (invoice_store.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "erase.h"
#include "invoice_store.h"
#include "parties.h"
/* ---- Keys ---- */

size_t ssvc__inv_key_cust(uint8_t *k, char sub, const char *customer) {
  size_t n = strlen(customer);
  k[0] = SSVC_KEY_BILLING;
  k[1] = (uint8_t)sub;
  memcpy(k + 2, customer, n);
  k[2 + n] = 0;
  return 3 + n;
}

size_t ssvc__inv_key_run(uint8_t *k, const char *customer, int year, int month) {
  size_t n = ssvc__inv_key_cust(k, 'M', customer);
  k[n++] = (uint8_t)(year >> 8);
  k[n++] = (uint8_t)year;
  k[n++] = (uint8_t)month;
  return n;
}

size_t ssvc__inv_key_invoice(uint8_t *k, const char *number) {
  size_t n = strlen(number);
  k[0] = SSVC_KEY_BILLING;
  k[1] = 'I';
  memcpy(k + 2, number, n);
  return 2 + n;
}

size_t ssvc__inv_key_mark(uint8_t *k, const char *customer, const char *case_id) {
  size_t n = ssvc__inv_key_cust(k, 'H', customer), m = strlen(case_id);
  memcpy(k + n, case_id, m);
  return n + m;
}

size_t ssvc__inv_key_account(uint8_t *k, const char *customer, uint32_t index) {
  size_t n = ssvc__inv_key_cust(k, 'A', customer);
  for (int i = 3; i >= 0; i--) k[n++] = (uint8_t)(index >> (8 * i));
  return n;
}

size_t ssvc__inv_key_account_count(uint8_t *k, const char *customer) {
  return ssvc__inv_key_cust(k, 'K', customer) - 1; /* no NUL: nothing follows the id */
}

size_t ssvc__inv_key_counter(uint8_t *k, int year) {
  k[0] = SSVC_KEY_BILLING;
  k[1] = 'N';
  k[2] = (uint8_t)(year >> 8);
  k[3] = (uint8_t)year;
  return 4;
}

size_t ssvc__inv_key_credit_counter(uint8_t *k, int year) {
  ssvc__inv_key_counter(k, year);
  k[1] = 'O';
  return 4;
}

size_t ssvc__inv_key_credit_listing(uint8_t *k, const char *customer, const char *number) {
  size_t n = ssvc__inv_key_cust(k, 'Q', customer), m = strlen(number);
  memcpy(k + n, number, m);
  return n + m;
}

int ssvc__inv_malformed(ssvc_ctx *ctx, const char *func, const char *what) {
  return ssvc__err(ctx, SSVC_ESTORAGE, "%s: %s: the stored record is malformed", func,
                   what);
}

/* ---- Invoice records ---- */

static void encode_party(ssvc_buf *b, uint32_t field, const struct inv_party *p) {
  ssvc_party q;
  ssvc__inv_party_get(p, &q);
  ssvc__party_encode(b, field, &q);
}

void ssvc__inv_encode_invoice(ssvc_buf *b, const ssvc_invoice *inv, const char *number,
                              const char *customer, int year, int month, const struct item *items,
                              size_t nitems) {
  ssvc__rec_header(b, REC_INVOICE, FORMAT);
  ssvc__rec_str(b, I_NUMBER, number);
  ssvc__rec_str(b, I_CUSTOMER, customer);
  ssvc__rec_uint(b, I_YEAR, (uint64_t)year);
  ssvc__rec_uint(b, I_MONTH, (uint64_t)month);
  ssvc__rec_uint(b, I_ISSUE, ssvc__date_code(inv->issue));
  ssvc__rec_uint(b, I_DUE, ssvc__date_code(inv->due));
  ssvc__rec_uint(b, I_PSTART, ssvc__date_code(inv->pstart));
  ssvc__rec_uint(b, I_PEND, ssvc__date_code(inv->pend));
  /* The run's buyer reference is the customer id (never the provisional number). */
  ssvc__rec_str(b, I_BUYREF, inv->buyer_ref);
  ssvc__rec_str(b, I_CURRENCY, inv->currency);
  if (inv->order_ref) ssvc__rec_str(b, I_ORDERREF, inv->order_ref);
  encode_party(b, I_SELLER, &inv->seller);
  encode_party(b, I_BUYER, &inv->buyer);
  ssvc__rec_uint(b, I_DIRECT, (uint64_t)inv->direct);
  for (size_t i = 0; i < inv->n; i++) {
    const struct inv_line *l = &inv->lines[i];
    size_t m = ssvc__rec_sub_begin(b, I_LINE);
    ssvc__rec_uint(b, L_KIND, (uint64_t)l->kind);
    ssvc__rec_str(b, L_SV, l->text_sv);
    ssvc__rec_str(b, L_EN, l->text_en);
    ssvc__rec_sint(b, L_QTY, l->qty);
    ssvc__rec_sint(b, L_BASE, l->base);
    ssvc__rec_str(b, L_UNIT, l->unit);
    ssvc__rec_sint(b, L_PRICE, l->price);
    ssvc__rec_uint(b, L_BP, l->bp);
    ssvc__rec_sub_end(b, m);
  }
  if (inv->credit) {
    /* "" (written as empty bytes): a month's net credit, crediting no invoice. */
    ssvc__rec_bytes(b, I_CREDITED, inv->credited, strlen(inv->credited));
    if (inv->credited[0]) ssvc__rec_uint(b, I_CREDITED_ISSUE, ssvc__date_code(inv->credited_issue));
    if (inv->reason[0]) ssvc__rec_str(b, I_REASON, inv->reason);
  }
  for (size_t i = 0; i < nitems; i++) {
    if (items[i].direct != inv->direct) continue;
    size_t m = ssvc__rec_sub_begin(b, I_ITEM);
    ssvc__rec_str(b, T_CASE, items[i].case_id);
    ssvc__rec_uint(b, T_INDEX, items[i].index);
    ssvc__rec_sub_end(b, m);
  }
}

/* A bump allocator for the NUL-terminated copies of a record's strings. */
struct arena {
  char *p;
  size_t used, cap;
};

static const char *take(struct arena *a, const ssvc_field *f) {
  if (f->wire != SSVC_WIRE_BYTES || a->used + f->len + 1 > a->cap) return NULL;
  char *s = a->p + a->used;
  memcpy(s, f->bytes, f->len);
  s[f->len] = 0;
  a->used += f->len + 1;
  return s;
}

static int decode_party(struct arena *a, const ssvc_field *top, ssvc_party *p) {
  size_t need = 0;
  int r = ssvc__party_strings(top, &need);
  if (r < 0 || a->used + need > a->cap) return -1;
  char *area = a->p + a->used;
  ssvc__party_decode(top, p, &area);
  a->used = (size_t)(area - a->p);
  return 0;
}

static int decode_line(struct arena *a, const ssvc_field *top, ssvc_invoice_line *l) {
  ssvc_rd rd = {top->bytes, top->bytes + top->len};
  ssvc_field f;
  int r;
  while ((r = ssvc__rd_next(&rd, &f)) == 1) {
    switch (f.id) {
      case L_KIND: l->kind = (int)f.u; break;
      case L_SV: l->text_sv = take(a, &f); break;
      case L_EN: l->text_en = take(a, &f); break;
      case L_QTY: l->quantity = ssvc__unzigzag(f.u); break;
      case L_BASE: l->base_quantity = ssvc__unzigzag(f.u); break;
      case L_UNIT: l->unit_code = take(a, &f); break;
      case L_PRICE: l->unit_price_minor = ssvc__unzigzag(f.u); break;
      case L_BP: l->vat_basis_points = (uint32_t)f.u; break;
      default: break;
    }
  }
  return r;
}

/* Rebuilds an invoice from its record through the public constructor, so a stored invoice reads
 * back exactly as it was made (and is checked again on the way). */
int ssvc__inv_decode_invoice(ssvc_ctx *ctx, const char *func, const char *number, const void *v,
                             size_t vlen, ssvc_invoice **out) {
  *out = NULL;
  ssvc_rd rd;
  if (ssvc__rec_open(&rd, v, vlen, REC_INVOICE)) return ssvc__inv_malformed(ctx, func, number);
  struct arena a = {NULL, 0, 2 * vlen + 16};
  a.p = ssvc__malloc(ctx, a.cap);
  if (!a.p) return SSVC_ENOMEM;
  ssvc_invoice_info info = SSVC_INVOICE_INFO_INIT;
  ssvc_party seller = SSVC_PARTY_INIT, buyer = SSVC_PARTY_INIT;
  ssvc_rd body = rd;
  ssvc_field f;
  int r, rc = SSVC_OK;
  const char *credited = NULL, *reason = NULL;
  ssvc_date credited_issue = {0, 0, 0};
  while ((r = ssvc__rd_next(&rd, &f)) == 1) {
    switch (f.id) {
      case I_CREDITED: credited = take(&a, &f); break;
      case I_CREDITED_ISSUE: credited_issue = ssvc__date_from_code(f.u); break;
      case I_REASON: reason = take(&a, &f); break;
      case I_NUMBER: info.number = take(&a, &f); break;
      case I_ISSUE: info.issue_date = ssvc__date_from_code(f.u); break;
      case I_DUE: info.due_date = ssvc__date_from_code(f.u); break;
      case I_PSTART: info.period_start = ssvc__date_from_code(f.u); break;
      case I_PEND: info.period_end = ssvc__date_from_code(f.u); break;
      case I_BUYREF: info.buyer_reference = take(&a, &f); break;
      case I_CURRENCY: info.currency = take(&a, &f); break;
      case I_ORDERREF: info.order_reference = take(&a, &f); break;
      case I_SELLER: r = decode_party(&a, &f, &seller); break;
      case I_BUYER: r = decode_party(&a, &f, &buyer); break;
      case I_DIRECT: info.direct = f.u != 0; break;
      default: break;
    }
    if (r < 0) break;
  }
  info.seller = &seller;
  info.buyer = &buyer;
  if (r < 0 || !info.number) {
    rc = ssvc__inv_malformed(ctx, func, number);
  } else if (!(rc = ssvc_invoice_new(ctx, out, &info))) {
    rd = body;
    while (!rc && (r = ssvc__rd_next(&rd, &f)) == 1) {
      if (f.id != I_LINE) continue;
      ssvc_invoice_line l = SSVC_INVOICE_LINE_INIT;
      if (decode_line(&a, &f, &l) < 0) r = -1;
      else rc = ssvc_invoice_add_line(*out, &l);
    }
    if (!rc && r < 0) rc = ssvc__inv_malformed(ctx, func, number);
    if (!rc && credited) {
      if (strlen(credited) > SSVC_CREDITED_MAX || (reason && strlen(reason) > SSVC_LINE_TEXT_MAX) ||
          (credited[0] && !ssvc_date_is_valid(&credited_issue)))
        rc = ssvc__inv_malformed(ctx, func, number);
      else
        ssvc__inv_set_credit(*out, credited, credited_issue, reason);
    }
  }
  if (rc == SSVC_EINVAL) rc = ssvc__inv_malformed(ctx, func, number);
  if (rc) {
    ssvc_invoice_free(*out);
    *out = NULL;
  }
  ssvc__free(ctx, a.p);
  return rc;
}

int ssvc__inv_decode_customer(const void *v, size_t vlen, char *out) {
  ssvc_rd rd;
  ssvc_field f;
  int r;
  if (ssvc__rec_open(&rd, v, vlen, REC_INVOICE)) return -1;
  while ((r = ssvc__rd_next(&rd, &f)) == 1) {
    if (f.id != I_CUSTOMER) continue;
    if (f.wire != SSVC_WIRE_BYTES || f.len == 0 || f.len > CUST_MAX) return -1;
    memcpy(out, f.bytes, f.len);
    out[f.len] = 0;
    return 0;
  }
  return -1;
}

int ssvc__inv_load_invoice(ssvc_store *st, const char *func, const char *number,
                           ssvc_invoice **out) {
  uint8_t k[2 + NUMBER_MAX + 64];
  const void *v;
  size_t vlen;
  uint64_t ver;
  int rc = ssvc__store_get(st, func, k, ssvc__inv_key_invoice(k, number), &v, &vlen, &ver);
  if (rc == SSVC_ENOTFOUND)
    return ssvc__err(st->ctx, rc, "%s: no invoice '%s'", func, number);
  if (rc) return rc;
  return ssvc__inv_decode_invoice(st->ctx, func, number, v, vlen, out);
}

/* ---- Run records, watermarks, counters ---- */

int ssvc__inv_decode_run(const void *v, size_t vlen, struct run_rec *r) {
  ssvc_rd rd;
  ssvc_field f;
  int x;
  r->service[0] = r->direct[0] = 0;
  if (ssvc__rec_open(&rd, v, vlen, REC_RUN)) return -1;
  while ((x = ssvc__rd_next(&rd, &f)) == 1) {
    char *dst = f.id == R_SERVICE ? r->service : f.id == R_DIRECT ? r->direct : NULL;
    if (!dst) continue;
    if (f.wire != SSVC_WIRE_BYTES || f.len > NUMBER_MAX) return -1;
    memcpy(dst, f.bytes, f.len);
    dst[f.len] = 0;
  }
  return x;
}

static int decode_uint_rec(const void *v, size_t vlen, uint8_t type, uint32_t *out) {
  ssvc_rd rd;
  ssvc_field f;
  int x;
  *out = 0;
  if (ssvc__rec_open(&rd, v, vlen, type)) return -1;
  while ((x = ssvc__rd_next(&rd, &f)) == 1)
    if (f.id == 1) *out = f.u > UINT32_MAX ? UINT32_MAX : (uint32_t)f.u;
  return x;
}

/* Reads a one-number record of @p type (a counter or a mark; @p what names it in an error):
 * 0 and SSVC_STORAGE_NEW when there is none. */
int ssvc__inv_read_uint_rec(ssvc_store *st, const char *func, const uint8_t *k, size_t klen,
                            uint8_t type, const char *what, uint32_t *out, uint64_t *ver) {
  const void *v;
  size_t vlen;
  *out = 0;
  int rc = ssvc__store_get(st, func, k, klen, &v, &vlen, ver);
  if (rc == SSVC_ENOTFOUND) {
    *ver = SSVC_STORAGE_NEW;
    return SSVC_OK;
  }
  if (!rc && decode_uint_rec(v, vlen, type, out) < 0) rc = ssvc__inv_malformed(st->ctx, func, what);
  return rc;
}

/* Writes a one-number record of @p type over stored version @p ver (compare-and-set). */
int ssvc__inv_write_uint_rec(ssvc_store *st, const char *func, const uint8_t *k, size_t klen,
                             uint8_t type, uint64_t value, uint64_t ver) {
  ssvc_buf *b = ssvc__store_scratch(st, 0);
  ssvc__rec_header(b, type, FORMAT);
  ssvc__rec_uint(b, 1, value);
  return b->failed ? SSVC_ENOMEM : ssvc__store_put(st, func, k, klen, b->p, b->len, ver, NULL);
}

int ssvc__inv_mark_cb(void *cb, const void *key, size_t klen, const void *val, size_t vlen,
                      uint64_t ver) {
  struct marks *ms = cb;
  size_t idlen = klen - ms->prefix;
  uint32_t count;
  if (idlen >= SSVC_CASE_ID_SIZE || decode_uint_rec(val, vlen, REC_MARK, &count) < 0) {
    ms->bad = 1;
    return SSVC_ESTORAGE;
  }
  if (ms->n == ms->cap) {
    size_t cap = ms->cap ? ms->cap * 2 : 16;
    struct mark *m = ssvc__realloc(ms->ctx, ms->m, cap * sizeof *m);
    if (!m) return SSVC_ENOMEM;
    ms->m = m;
    ms->cap = cap;
  }
  struct mark *m = &ms->m[ms->n++];
  memcpy(m->case_id, (const uint8_t *)key + ms->prefix, idlen);
  m->case_id[idlen] = 0;
  m->count = m->next = count;
  m->ver = ver;
  return 0;
}

int ssvc__inv_mark_cmp(const void *a, const void *b) {
  return strcmp(((const struct mark *)a)->case_id, ((const struct mark *)b)->case_id);
}

int ssvc_invoice_load(ssvc_store *store, ssvc_invoice **out, const char *number) {
  static const char func[] = "ssvc_invoice_load";
  if (out) *out = NULL;
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "%s: out must not be NULL", func);
  int rc = ssvc__check_text(ctx, func, "number", number, 1, NUMBER_MAX);
  if (rc) return rc;
  return ssvc__inv_load_invoice(store, func, number, out);
}

struct list {
  ssvc_ctx *ctx;
  size_t prefix;
  ssvc_invoice_list_fn fn;
  void *ud;
  int bad;
};

static int list_cb(void *cb, const void *key, size_t klen, const void *val, size_t vlen,
                   uint64_t ver) {
  (void)ver;
  struct list *l = cb;
  struct run_rec rec;
  if (klen != l->prefix + 3 || ssvc__inv_decode_run(val, vlen, &rec) < 0) {
    l->bad = 1;
    return SSVC_ESTORAGE;
  }
  const uint8_t *k = (const uint8_t *)key + l->prefix;
  int year = k[0] << 8 | k[1], month = k[2];
  if (rec.service[0] && l->fn(l->ud, rec.service, year, month, 0)) return 1;
  if (rec.direct[0] && l->fn(l->ud, rec.direct, year, month, 1)) return 1;
  return 0;
}

int ssvc_invoice_list(ssvc_store *store, const char *customer_id, ssvc_invoice_list_fn fn,
                      void *user_data) {
  static const char func[] = "ssvc_invoice_list";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  int rc = ssvc__check_text(ctx, func, "customer_id", customer_id, 1, CUST_MAX);
  if (rc) return rc;
  if (!fn) return ssvc__err(ctx, SSVC_EINVAL, "%s: fn must not be NULL", func);
  uint8_t lo[KEY_MAX], hi[KEY_MAX];
  struct list l = {ctx, ssvc__inv_key_cust(lo, 'M', customer_id), fn, user_data, 0};
  memcpy(hi, lo, l.prefix);
  hi[l.prefix - 1] = 1;
  rc = ssvc__store_scan(store, func, lo, l.prefix, hi, l.prefix, list_cb, &l);
  if (l.bad) return ssvc__inv_malformed(ctx, func, customer_id);
  return rc > 0 ? SSVC_OK : rc;
}

/* ---- Erasure (erase.c): the values masked in the customer's stored invoices ---- */

struct numbers {
  ssvc_buf b; /* the invoice numbers, each with its NUL */
  int bad;
};

static int numbers_cb(void *cb, const void *key, size_t klen, const void *val, size_t vlen,
                      uint64_t ver) {
  (void)key;
  (void)klen;
  (void)ver;
  struct numbers *l = cb;
  struct run_rec rec;
  if (ssvc__inv_decode_run(val, vlen, &rec) < 0) {
    l->bad = 1;
    return SSVC_ESTORAGE;
  }
  ssvc__buf_append(&l->b, rec.service, strlen(rec.service) + 1);
  ssvc__buf_append(&l->b, rec.direct, strlen(rec.direct) + 1);
  return l->b.failed ? SSVC_ENOMEM : 0;
}

/* The credit notes' numbers, from the customer's listing ('B' 'Q' customer 0x00 number). */
static int credit_numbers_cb(void *cb, const void *key, size_t klen, const void *val, size_t vlen,
                             uint64_t ver) {
  (void)val;
  (void)vlen;
  (void)ver;
  struct numbers *l = cb;
  const uint8_t *k = key;
  size_t at = 2;
  while (at < klen && k[at]) at++; /* past the customer id and its NUL */
  if (at + 1 >= klen || klen - at - 1 > NUMBER_MAX) {
    l->bad = 1;
    return SSVC_ESTORAGE;
  }
  ssvc__buf_append(&l->b, k + at + 1, klen - at - 1);
  ssvc__buf_append(&l->b, "", 1);
  return l->b.failed ? SSVC_ENOMEM : 0;
}

int ssvc__inv_erase(ssvc_store *st, const char *func, const char *customer, const ssvc__scrub *s,
                    size_t *count) {
  uint8_t lo[KEY_MAX], hi[KEY_MAX];
  size_t n = ssvc__inv_key_cust(lo, 'M', customer);
  memcpy(hi, lo, n);
  hi[n - 1] = 1;
  struct numbers l = {{0}, 0};
  ssvc__buf_init(&l.b, st->ctx);
  int rc = ssvc__store_scan(st, func, lo, n, hi, n, numbers_cb, &l);
  if (!rc && !l.bad) { /* and its credit notes */
    lo[1] = hi[1] = 'Q';
    rc = ssvc__store_scan(st, func, lo, n, hi, n, credit_numbers_cb, &l);
  }
  if (l.bad) rc = ssvc__inv_malformed(st->ctx, func, customer);
  for (size_t at = 0; rc == SSVC_OK && at < l.b.len; at += strlen((char *)l.b.p + at) + 1) {
    const char *number = (const char *)l.b.p + at;
    if (!*number) continue;
    const char *except[] = {customer, number};
    int changed;
    rc = ssvc__scrub_key(st, func, s, lo, ssvc__inv_key_invoice(lo, number), except, 2, &changed);
    if (!rc && changed) ++*count;
  }
  ssvc__buf_free(&l.b);
  return rc;
}
