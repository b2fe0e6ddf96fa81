/*
 * The stored monthly invoice run (rule R8, doc/charges.md "The invoice run"): gathers one
 * customer's month from its agreement and the charges recorded on its cases, prices it with
 * ssvc_charges_month(), numbers the invoices and stores them with the charges they carry, all in
 * one transaction, exactly once per (customer, month).
 *
 * Keys (doc/storage.md), all under the reserved first byte 'B':
 *   'B' 'M' customer 0x00 year(u16) month(u8)  -> run record: the numbers of the month's invoices
 *   'B' 'I' number                             -> invoice record: head, lines, charges carried
 *   'B' 'H' customer 0x00 case id              -> watermark: charges [0, n) of the case invoiced
 *                                                 (an empty case id: of the customer's account)
 *   'B' 'N' year(u16)                          -> counter: the last invoice number of the year
 *   'B' 'A' customer 0x00 index(u32)           -> a charge on the customer's account
 *   'B' 'K' customer                           -> counter: the charges on the account
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charges_internal.h"
#include "pool.h"
#include "record.h"
#include "keyspace.h"
#include "smartservice/agreement.h"
#include "smartservice/case.h"

#define REC_INVOICE SSVC_REC_B_INVOICE
#define REC_RUN SSVC_REC_B_RUN
#define REC_MARK SSVC_REC_B_MARK
#define REC_COUNTER SSVC_REC_B_COUNTER
#define REC_ACCOUNT SSVC_REC_B_ACCOUNT
#define REC_ACCOUNT_COUNT SSVC_REC_B_ACCOUNT_COUNT
#define FORMAT 1

#define CUST_MAX SSVC_AGREEMENT_ID_MAX
#define NUMBER_MAX 32
#define KEY_MAX (2 + CUST_MAX + 1 + SSVC_CASE_ID_SIZE + 8)

enum { R_SERVICE = 1, R_DIRECT, R_AT };
enum {
  I_NUMBER = 1, I_CUSTOMER, I_YEAR, I_MONTH, I_ISSUE, I_DUE, I_PSTART, I_PEND, I_BUYREF,
  I_CURRENCY, I_SELLER, I_BUYER, I_DIRECT, I_LINE, I_ITEM
};
enum { P_NAME = 1, P_ORG, P_VAT, P_STREET, P_POSTAL, P_CITY, P_COUNTRY };
enum { L_KIND = 1, L_SV, L_EN, L_QTY, L_BASE, L_UNIT, L_PRICE, L_BP };
enum { T_CASE = 1, T_INDEX };
enum { A_KIND = 1, A_SV, A_EN, A_QTY, A_PRICE, A_DATE, A_AT, A_ACTOR };

int ssvc_invoice_run_spec_init(ssvc_invoice_run_spec *spec, unsigned int version) {
  return ssvc__struct_init(spec, sizeof *spec, version, SSVC_INVOICE_RUN_SPEC_VERSION);
}

/* ---- Keys ---- */

static size_t key_cust(uint8_t *k, char sub, const char *customer) {
  size_t n = strlen(customer);
  k[0] = SSVC_KEY_BILLING;
  k[1] = (uint8_t)sub;
  memcpy(k + 2, customer, n);
  k[2 + n] = 0;
  return 3 + n;
}

static size_t key_run(uint8_t *k, const char *customer, int year, int month) {
  size_t n = key_cust(k, 'M', customer);
  k[n++] = (uint8_t)(year >> 8);
  k[n++] = (uint8_t)year;
  k[n++] = (uint8_t)month;
  return n;
}

static size_t key_invoice(uint8_t *k, const char *number) {
  size_t n = strlen(number);
  k[0] = SSVC_KEY_BILLING;
  k[1] = 'I';
  memcpy(k + 2, number, n);
  return 2 + n;
}

static size_t key_mark(uint8_t *k, const char *customer, const char *case_id) {
  size_t n = key_cust(k, 'H', customer), m = strlen(case_id);
  memcpy(k + n, case_id, m);
  return n + m;
}

static size_t key_account(uint8_t *k, const char *customer, uint32_t index) {
  size_t n = key_cust(k, 'A', customer);
  for (int i = 3; i >= 0; i--) k[n++] = (uint8_t)(index >> (8 * i));
  return n;
}

static size_t key_account_count(uint8_t *k, const char *customer) {
  return key_cust(k, 'K', customer) - 1; /* no NUL: nothing follows the id */
}

static size_t key_counter(uint8_t *k, int year) {
  k[0] = SSVC_KEY_BILLING;
  k[1] = 'N';
  k[2] = (uint8_t)(year >> 8);
  k[3] = (uint8_t)year;
  return 4;
}

static int malformed(ssvc_ctx *ctx, const char *func, const char *what) {
  return ssvc__err(ctx, SSVC_ESTORAGE, "%s: %s: the stored record is malformed", func, what);
}

/* ---- Invoice records ---- */

/* One charge carried by an invoice: charge @c index of a case, or of the account ("" case id). */
struct item {
  char case_id[SSVC_CASE_ID_SIZE];
  uint32_t index;
  int kind;
  int64_t qty, price; /* a case charge of amount A: qty = sign of A, price = |A| */
  int direct;
};

static void encode_party(ssvc_buf *b, uint32_t field, const struct inv_party *p) {
  size_t m = ssvc__rec_sub_begin(b, field);
  ssvc__rec_str(b, P_NAME, p->name);
  ssvc__rec_str(b, P_ORG, p->org);
  ssvc__rec_str(b, P_VAT, p->vat);
  ssvc__rec_str(b, P_STREET, p->street);
  ssvc__rec_str(b, P_POSTAL, p->postal);
  ssvc__rec_str(b, P_CITY, p->city);
  ssvc__rec_str(b, P_COUNTRY, p->country);
  ssvc__rec_sub_end(b, m);
}

static void encode_invoice(ssvc_buf *b, const ssvc_invoice *inv, const char *number,
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
  ssvc_rd rd = {top->bytes, top->bytes + top->len};
  ssvc_field f;
  int r;
  while ((r = ssvc__rd_next(&rd, &f)) == 1) {
    const char *s = take(a, &f);
    switch (f.id) {
      case P_NAME: p->name = s; break;
      case P_ORG: p->org_number = s; break;
      case P_VAT: p->vat_number = s; break;
      case P_STREET: p->street = s; break;
      case P_POSTAL: p->postal_code = s; break;
      case P_CITY: p->city = s; break;
      case P_COUNTRY: p->country = s; break;
      default: break;
    }
  }
  return r;
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
static int decode_invoice(ssvc_ctx *ctx, const char *func, const char *number, const void *v,
                          size_t vlen, ssvc_invoice **out) {
  *out = NULL;
  ssvc_rd rd;
  if (ssvc__rec_open(&rd, v, vlen, REC_INVOICE)) return malformed(ctx, func, number);
  struct arena a = {NULL, 0, 2 * vlen + 16};
  a.p = ssvc__malloc(ctx, a.cap);
  if (!a.p) return SSVC_ENOMEM;
  ssvc_invoice_info info = SSVC_INVOICE_INFO_INIT;
  ssvc_party seller = SSVC_PARTY_INIT, buyer = SSVC_PARTY_INIT;
  ssvc_rd body = rd;
  ssvc_field f;
  int r, rc = SSVC_OK;
  while ((r = ssvc__rd_next(&rd, &f)) == 1) {
    switch (f.id) {
      case I_NUMBER: info.number = take(&a, &f); break;
      case I_ISSUE: info.issue_date = ssvc__date_from_code(f.u); break;
      case I_DUE: info.due_date = ssvc__date_from_code(f.u); break;
      case I_PSTART: info.period_start = ssvc__date_from_code(f.u); break;
      case I_PEND: info.period_end = ssvc__date_from_code(f.u); break;
      case I_BUYREF: info.buyer_reference = take(&a, &f); break;
      case I_CURRENCY: info.currency = take(&a, &f); break;
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
    rc = malformed(ctx, func, number);
  } else if (!(rc = ssvc_invoice_new(ctx, out, &info))) {
    rd = body;
    while (!rc && (r = ssvc__rd_next(&rd, &f)) == 1) {
      if (f.id != I_LINE) continue;
      ssvc_invoice_line l = SSVC_INVOICE_LINE_INIT;
      if (decode_line(&a, &f, &l) < 0) r = -1;
      else rc = ssvc_invoice_add_line(*out, &l);
    }
    if (!rc && r < 0) rc = malformed(ctx, func, number);
  }
  if (rc == SSVC_EINVAL) rc = malformed(ctx, func, number);
  if (rc) {
    ssvc_invoice_free(*out);
    *out = NULL;
  }
  ssvc__free(ctx, a.p);
  return rc;
}

static int load_invoice(ssvc_store *st, const char *func, const char *number,
                        ssvc_invoice **out) {
  uint8_t k[2 + NUMBER_MAX + 64];
  const void *v;
  size_t vlen;
  uint64_t ver;
  int rc = ssvc__store_get(st, func, k, key_invoice(k, number), &v, &vlen, &ver);
  if (rc == SSVC_ENOTFOUND)
    return ssvc__err(st->ctx, rc, "%s: no invoice '%s'", func, number);
  if (rc) return rc;
  return decode_invoice(st->ctx, func, number, v, vlen, out);
}

/* ---- Run records, watermarks, counters ---- */

struct run_rec {
  char service[NUMBER_MAX + 1], direct[NUMBER_MAX + 1];
};

static int decode_run(const void *v, size_t vlen, struct run_rec *r) {
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
static int read_uint_rec(ssvc_store *st, const char *func, const uint8_t *k, size_t klen,
                         uint8_t type, const char *what, uint32_t *out, uint64_t *ver) {
  const void *v;
  size_t vlen;
  *out = 0;
  int rc = ssvc__store_get(st, func, k, klen, &v, &vlen, ver);
  if (rc == SSVC_ENOTFOUND) {
    *ver = SSVC_STORAGE_NEW;
    return SSVC_OK;
  }
  if (!rc && decode_uint_rec(v, vlen, type, out) < 0) rc = malformed(st->ctx, func, what);
  return rc;
}

/* Writes a one-number record of @p type over stored version @p ver (compare-and-set). */
static int write_uint_rec(ssvc_store *st, const char *func, const uint8_t *k, size_t klen,
                          uint8_t type, uint64_t value, uint64_t ver) {
  ssvc_buf *b = ssvc__store_scratch(st, 0);
  ssvc__rec_header(b, type, FORMAT);
  ssvc__rec_uint(b, 1, value);
  return b->failed ? SSVC_ENOMEM : ssvc__store_put(st, func, k, klen, b->p, b->len, ver, NULL);
}

struct mark {
  char case_id[SSVC_CASE_ID_SIZE];
  uint32_t count;   /* invoiced so far */
  uint32_t next;    /* after this run */
  uint64_t ver;     /* stored version; SSVC_STORAGE_NEW when none */
};

struct marks {
  ssvc_ctx *ctx;
  struct mark *m;
  size_t n, cap;
  size_t prefix; /* key bytes before the case id */
  int bad;
};

static int mark_cb(void *cb, const void *key, size_t klen, const void *val, size_t vlen,
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

static int mark_cmp(const void *a, const void *b) {
  return strcmp(((const struct mark *)a)->case_id, ((const struct mark *)b)->case_id);
}

/* ---- Gathering the month ---- */

/* The month's user counts from the agreement's fleet history (doc/charges.md): a change takes
 * effect on the Stockholm date of its instant; of several changes on one date the last counts;
 * changes on or before the month's first day give the count it starts with (the oldest entry
 * also covers any days before the agreement was made); changes after the month are ignored. */
static int fleet_segments(ssvc_ctx *ctx, const ssvc_agreement *ag, ssvc_date first,
                          ssvc_user_count **out, size_t *n) {
  const ssvc__fleet_change *h;
  size_t nh = ssvc__agreement_fleet_history(ag, &h);
  ssvc_user_count *u = ssvc__malloc(ctx, nh * sizeof *u);
  if (!u) return SSVC_ENOMEM;
  uint64_t c_first = ssvc__date_code(first);
  uint64_t c_next = first.month == 12 ? ssvc__date_code((ssvc_date){first.year + 1, 1, 1})
                                      : ssvc__date_code((ssvc_date){first.year, first.month + 1, 1});
  size_t k = 0;
  for (size_t i = 0; i < nh; i++) {
    ssvc_local_time lt;
    int rc = ssvc_stockholm_from_instant(ctx, &lt, h[i].at);
    if (rc) {
      ssvc__free(ctx, u);
      return rc;
    }
    uint64_t c = ssvc__date_code(lt.date);
    if (c >= c_next) break;
    if (c < c_first) c = c_first;
    /* Dates never go back: a clock set back counts the change on the previous change's date. */
    if (k && c <= ssvc__date_code(u[k - 1].from)) {
      u[k - 1].users = h[i].fleet;
      continue;
    }
    u[k].from = k ? ssvc__date_from_code(c) : first;
    u[k].users = h[i].fleet;
    k++;
  }
  if (!k) { /* made after the month: its first fleet, as before the history existed */
    u[0].from = first;
    u[0].users = h[0].fleet;
    k = 1;
  }
  *out = u;
  *n = k;
  return SSVC_OK;
}

struct ids {
  ssvc_ctx *ctx;
  char (*id)[SSVC_CASE_ID_SIZE];
  size_t n, cap;
  int rc;
};

static int id_cb(void *ud, const char *id) {
  struct ids *ids = ud;
  if (ids->n == ids->cap) {
    size_t cap = ids->cap ? ids->cap * 2 : 32;
    void *p = ssvc__realloc(ids->ctx, ids->id, cap * sizeof *ids->id);
    if (!p) {
      ids->rc = SSVC_ENOMEM;
      return 1;
    }
    ids->id = p;
    ids->cap = cap;
  }
  snprintf(ids->id[ids->n++], SSVC_CASE_ID_SIZE, "%s", id);
  return 0;
}

/* The charges of the run, and the month input built from them. */
struct gather {
  ssvc_ctx *ctx;
  struct item *items;
  size_t nitems, capitems;
  ssvc_charge *ch; /* aggregated freight/packaging first, then one per other charge */
  size_t nch, capch;
  char *texts;     /* (SSVC_LINE_TEXT_MAX + 1) * 2 per item */
  size_t captexts;
};

static int grow(ssvc_ctx *ctx, void **p, size_t *cap, size_t need, size_t size) {
  if (need <= *cap) return SSVC_OK;
  size_t c = *cap ? *cap : 16;
  while (c < need) c *= 2;
  void *q = ssvc__realloc(ctx, *p, c * size);
  if (!q) return SSVC_ENOMEM;
  *p = q;
  *cap = c;
  return SSVC_OK;
}

/* Copies at most @p max bytes of @p s, cut at a UTF-8 character boundary. */
static void copy_cut(char *dst, const char *s, size_t max) {
  size_t n = strlen(s);
  if (n > max) {
    n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
  }
  memcpy(dst, s, n);
  dst[n] = 0;
}

#define TEXT_SLOT (SSVC_LINE_TEXT_MAX + 1)

/* Adds charge @p index of case @p case_id ("" for the account) to the run. Freight and packaging
 * are summed into lines of their own texts (build_charges()); every other charge keeps its text
 * (@p text, else the kind's name; prefixed with the case id on a case) for its own line. */
static int add_item(struct gather *g, const char *case_id, uint32_t index, int kind, int64_t qty,
                    int64_t price, const char *text_sv, const char *text_en) {
  int rc = grow(g->ctx, (void **)&g->items, &g->capitems, g->nitems + 1, sizeof *g->items);
  if (!rc && kind != SSVC_CHARGE_FREIGHT && kind != SSVC_CHARGE_PACKAGING)
    rc = grow(g->ctx, (void **)&g->texts, &g->captexts, g->nitems + 1, 2 * TEXT_SLOT);
  if (rc) return rc;
  struct item *it = &g->items[g->nitems];
  snprintf(it->case_id, sizeof it->case_id, "%s", case_id);
  it->index = index;
  it->kind = kind;
  it->qty = qty;
  it->price = price;
  it->direct = ssvc_charge_kind_is_direct(kind);
  if (kind != SSVC_CHARGE_FREIGHT && kind != SSVC_CHARGE_PACKAGING) {
    const char *texts[2] = {text_sv, text_en};
    for (int k = 0; k < 2; k++) {
      char buf[SSVC_LINE_TEXT_MAX * 2];
      const char *t = texts[k] && *texts[k]
                          ? texts[k]
                          : ssvc_charge_kind_name(kind, k ? SSVC_LANG_EN : SSVC_LANG_SV);
      snprintf(buf, sizeof buf, "%s%s%s", case_id, *case_id ? ": " : "", t);
      copy_cut(g->texts + (g->nitems * 2 + (size_t)k) * TEXT_SLOT, buf, SSVC_LINE_TEXT_MAX);
    }
  }
  g->nitems++;
  return SSVC_OK;
}

/* Reads case @p id: the charges from the watermark on that were recorded before @p cutoff. */
static int gather_case(ssvc_store *st, const char *func, struct gather *g, const char *id,
                       struct mark *mk, int64_t cutoff) {
  ssvc_case *c = NULL;
  int rc = ssvc_case_load(st, &c, id);
  if (rc) return rc;
  ssvc_case_info info;
  memset(&info, 0, sizeof info);
  info.version = SSVC_CASE_INFO_VERSION;
  ssvc_case_info_get(c, &info);
  size_t nev = info.event_count, ei = 0, ci = 0;
  uint32_t next = mk->count;
  /* Charge i was recorded at the instant of the i-th charge event. */
  for (size_t i = 0; i < info.charge_count && !rc; i++) {
    int64_t at = INT64_MIN;
    for (; ei < nev; ei++) {
      ssvc_case_event e = SSVC_CASE_EVENT_INIT;
      ssvc_case_event_at(c, ei, &e);
      if (e.kind == SSVC_CASE_EVENT_CHARGE) {
        if (ci++ == i) {
          at = e.at;
          ei++;
          break;
        }
      }
    }
    if (i < mk->count) continue;
    if (at >= cutoff) break; /* this and the later ones wait for a later run */
    ssvc_case_charge ch = SSVC_CASE_CHARGE_INIT;
    ssvc_case_charge_at(c, i, &ch);
    if (ch.currency && *ch.currency && strcmp(ch.currency, "SEK") != 0) {
      rc = ssvc__err(g->ctx, SSVC_ESTATE, "%s: %s: charge %zu is in %s; invoices are in SEK", func,
                     id, i, ch.currency);
      break;
    }
    if (ch.kind <= SSVC_CHARGE_MONTHLY_FEE || ch.kind >= SSVC_CHARGE_KIND_COUNT) {
      rc = ssvc__err(g->ctx, SSVC_ESTATE, "%s: %s: charge %zu has an unknown kind %d", func, id,
                     i, ch.kind);
      break;
    }
    int64_t a = ch.amount_minor;
    if ((rc = add_item(g, id, (uint32_t)i, ch.kind, a < 0 ? -1 : 1, a < 0 ? -a : a, ch.text,
                       ch.text)))
      break;
    next = (uint32_t)i + 1;
  }
  mk->next = next;
  ssvc_case_free(c);
  return rc;
}

/* Builds the charges of the month input: freight and packaging summed per amount into one line
 * each, every other charge a line of its own (its text names the case). @p ship_text holds the
 * texts of the shipment lines (2 * TEXT_SLOT each, up to g->nitems lines). */
static int build_charges(struct gather *g, int year, int month, char *ship_text) {
  int rc = grow(g->ctx, (void **)&g->ch, &g->capch, g->nitems, sizeof *g->ch);
  if (rc) return rc;
  int py = month == 1 ? year - 1 : year, pm = month == 1 ? 12 : month - 1;
  size_t nship = 0;
  for (size_t i = 0; i < g->nitems; i++) {
    const struct item *it = &g->items[i];
    if (it->kind != SSVC_CHARGE_FREIGHT && it->kind != SSVC_CHARGE_PACKAGING) continue;
    int64_t price = it->price, sign = it->qty < 0 ? -1 : 1;
    size_t j = 0;
    for (; j < nship; j++) {
      ssvc_charge *c = &g->ch[j];
      if (c->kind == it->kind && c->unit_price_minor == price && (c->quantity < 0) == (sign < 0) &&
          (c->quantity + it->qty) * sign <= INT64_C(1000000))
        break;
    }
    if (j == nship) {
      ssvc_charge *c = &g->ch[nship++];
      *c = (ssvc_charge)SSVC_CHARGE_INIT;
      c->kind = it->kind;
      c->unit_price_minor = price;
      c->date = (ssvc_date){py, pm, 1};
      char *sv = ship_text + j * 2 * TEXT_SLOT;
      snprintf(sv, TEXT_SLOT, "%s per försändelse, till och med %04d-%02d",
               ssvc_charge_kind_name(it->kind, SSVC_LANG_SV), py, pm);
      snprintf(sv + TEXT_SLOT, TEXT_SLOT, "%s per shipment, up to %04d-%02d",
               ssvc_charge_kind_name(it->kind, SSVC_LANG_EN), py, pm);
      c->text_sv = sv;
      c->text_en = sv + TEXT_SLOT;
    }
    g->ch[j].quantity += it->qty;
  }
  g->nch = nship;
  for (size_t i = 0; i < g->nitems; i++) {
    const struct item *it = &g->items[i];
    if (it->kind == SSVC_CHARGE_FREIGHT || it->kind == SSVC_CHARGE_PACKAGING) continue;
    ssvc_charge *c = &g->ch[g->nch++];
    *c = (ssvc_charge)SSVC_CHARGE_INIT;
    c->kind = it->kind;
    c->quantity = it->qty;
    c->unit_price_minor = it->price;
    c->date = (ssvc_date){py, pm, 1};
    c->text_sv = g->texts + i * 2 * TEXT_SLOT;
    c->text_en = c->text_sv + TEXT_SLOT;
  }
  return SSVC_OK;
}

static void gather_free(struct gather *g) {
  ssvc__free(g->ctx, g->items);
  ssvc__free(g->ctx, g->ch);
  ssvc__free(g->ctx, g->texts);
}

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
  return read_uint_rec(st, func, k, key_mark(k, cust, ""), REC_MARK, "an invoiced-charges mark",
                       n, &ver);
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
  size_t kcl = key_account_count(kc, cust);
  uint64_t cver = SSVC_STORAGE_NEW;
  uint32_t count = 0;
  if (!rc)
    rc = read_uint_rec(st, func, kc, kcl, REC_ACCOUNT_COUNT, "the account's charge counter",
                       &count, &cver);
  if (!rc && count == UINT32_MAX)
    rc = ssvc__err(ctx, SSVC_ERANGE, "%s: the account of '%s' is full", func, cust);
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
                   : ssvc__store_put(st, func, k, key_account(k, cust, count), b->p, b->len,
                                     SSVC_STORAGE_NEW, NULL);
  }
  if (!rc) rc = write_uint_rec(st, func, kc, kcl, REC_ACCOUNT_COUNT, (uint64_t)count + 1, cver);
  rc = ssvc__txn_end(st, func, &t, rc);
  if (!rc) *index = count;
  return rc;
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
  if ((rc = ssvc__charge_check(ctx, "ssvc_charges_record: charge", charge))) return rc;
  if ((rc = ssvc__check_text(ctx, func, "actor", actor, 1, 256))) return rc;
  int64_t now = ssvc_ctx_now(ctx);
  uint32_t at = 0;
  struct record_args a = {func, customer_id, charge, actor, now, &at};
  rc = ssvc__txn_retry(store, record_attempt, &a);
  if (rc == SSVC_ECONFLICT)
    return ssvc__err(ctx, rc, "%s: %s: the account changed concurrently; try again", func,
                     customer_id);
  if (!rc && index) *index = at;
  return rc;
}

/* Walks the account's charges from @p from on, in order, as decoded charges. */
struct account_walk {
  ssvc_ctx *ctx;
  size_t prefix;
  uint32_t next; /* the index the next record must have */
  int (*fn)(struct account_walk *w, uint32_t index, const struct acharge *a);
  int bad;
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
  return w->fn(w, index, &a);
}

static int account_walk(ssvc_store *st, const char *func, const char *cust, uint32_t from,
                        struct account_walk *w) {
  uint8_t lo[KEY_MAX], hi[KEY_MAX];
  w->prefix = key_cust(lo, 'A', cust);
  size_t n = key_account(lo, cust, from);
  memcpy(hi, lo, w->prefix);
  hi[w->prefix - 1] = 1;
  w->next = from;
  w->bad = 0;
  int rc = ssvc__store_scan(st, func, lo, n, hi, w->prefix, account_cb, w);
  if (w->bad) return malformed(w->ctx, func, "a charge on the account");
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
  struct lister l = {{ctx, 0, 0, list_one, 0}, 0, fn, user_data};
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
  int rc = add_item(ag->g, "", index, a->c.kind, a->c.quantity, a->c.unit_price_minor,
                    a->c.text_sv, a->c.text_en);
  if (!rc) ag->mk->next = index + 1;
  return rc;
}

static int gather_account(ssvc_store *st, const char *func, struct gather *g, const char *cust,
                          struct mark *mk, int64_t cutoff) {
  struct account_gather ag = {{g->ctx, 0, 0, gather_one, 0}, g, mk, cutoff};
  int rc = account_walk(st, func, cust, mk->count, &ag.w);
  return rc > 0 ? SSVC_OK : rc;
}

/* ---- The run ---- */

struct run {
  ssvc_store *st;
  ssvc_ctx *ctx;
  const ssvc_invoice_run_spec *spec;
  int64_t now;
  ssvc_invoice *out[2]; /* service, direct */
};

static const char FN[] = "ssvc_invoice_run";

/* Reads the stored invoices of a month that has been run. */
static int load_run(struct run *r, const void *v, size_t vlen) {
  struct run_rec rec;
  if (decode_run(v, vlen, &rec) < 0) return malformed(r->ctx, FN, r->spec->customer_id);
  const char *nums[2] = {rec.service, rec.direct};
  for (int k = 0; k < 2; k++) {
    if (!nums[k][0]) continue;
    int rc = load_invoice(r->st, FN, nums[k], &r->out[k]);
    if (rc) return rc;
  }
  return SSVC_OK;
}

static int new_invoice(struct run *r, ssvc_invoice **out, int direct, ssvc_date issue,
                       const ssvc_party *buyer) {
  const ssvc_invoice_run_spec *s = r->spec;
  ssvc_invoice_info info = SSVC_INVOICE_INFO_INIT;
  info.number = "-"; /* provisional: numbers are given once the lines are known */
  info.issue_date = issue;
  int64_t due = ssvc_date_to_days(&issue) + (s->due_days ? s->due_days : 30);
  ssvc_date_from_days(&info.due_date, due);
  info.period_start = (ssvc_date){s->year, s->month, 1};
  info.period_end = (ssvc_date){s->year, s->month, ssvc__days_in_month(s->year, s->month)};
  info.buyer_reference = s->customer_id;
  info.seller = s->seller;
  info.buyer = buyer;
  info.direct = direct;
  return ssvc_invoice_new(r->ctx, out, &info);
}

static int run_once(struct run *r) {
  ssvc_store *st = r->st;
  ssvc_ctx *ctx = r->ctx;
  const ssvc_invoice_run_spec *s = r->spec;
  const char *cust = s->customer_id;
  ssvc_agreement *ag = NULL;
  ssvc_catalog *cat = NULL;
  ssvc_pricelist *pl = NULL;
  ssvc_invoice *inv[2] = {NULL, NULL};
  struct marks ms = {ctx, NULL, 0, 0, 0, 0};
  struct ids ids = {ctx, NULL, 0, 0, SSVC_OK};
  struct gather g;
  memset(&g, 0, sizeof g);
  g.ctx = ctx;
  char *ship_text = NULL;
  ssvc_user_count *users = NULL;
  size_t nusers = 0;
  uint8_t krec[KEY_MAX], kcnt[8], k[KEY_MAX], k2[KEY_MAX];
  const void *v;
  size_t vlen;
  uint64_t ver;

  ssvc_txn t;
  int rc = ssvc__txn_begin(st, FN, &t);
  if (rc) return rc;

  /* Run before: the stored invoices, unchanged. */
  size_t krun = key_run(krec, cust, s->year, s->month);
  rc = ssvc__store_get(st, FN, krec, krun, &v, &vlen, &ver);
  if (rc == SSVC_OK) {
    rc = load_run(r, v, vlen);
    goto done;
  }
  if (rc != SSVC_ENOTFOUND) goto done;

  /* The agreement: tier, fleet, own price. */
  if ((rc = ssvc__agreement_load(st, FN, cust, &ag))) goto done;
  ssvc_agreement_spec as = SSVC_AGREEMENT_SPEC_INIT;
  if ((rc = ssvc_agreement_spec_get(ag, &as))) goto done;
  if (as.custom_tier) {
    const ssvc_tier *tt;
    if ((rc = ssvc_catalog_new(ctx, &cat)) || (rc = ssvc_catalog_add(cat, as.custom_tier, &tt)))
      goto done;
  }
  if ((rc = ssvc__pricelist_derive(s->pricelist, &pl, cat, cust, as.tier_code,
                                   as.user_price_minor == SSVC_AGREEMENT_NO_OVERRIDE
                                       ? -1
                                       : as.user_price_minor)))
    goto done;

  /* Charges recorded before the month began (Stockholm midnight) and not yet invoiced. */
  int64_t cutoff;
  ssvc_date first = {s->year, s->month, 1};
  if ((rc = ssvc_stockholm_to_instant(ctx, &cutoff, &first, 0, 0, 0))) goto done;
  ms.prefix = key_cust(k, 'H', cust);
  memcpy(k2, k, ms.prefix);
  k2[ms.prefix - 1] = 1;
  rc = ssvc__store_scan(st, FN, k, ms.prefix, k2, ms.prefix, mark_cb, &ms);
  if (ms.bad) rc = malformed(ctx, FN, "an invoiced-charges mark");
  if (rc) goto done;
  /* Keys come sorted, but sort anyway: bsearch needs it and it costs nothing when sorted. */
  if (ms.n > 1) qsort(ms.m, ms.n, sizeof *ms.m, mark_cmp);
  size_t nold = ms.n;
  rc = ssvc_case_list_customer(st, cust, INT64_MIN, cutoff, id_cb, &ids);
  if (!rc) rc = ids.rc;
  if (rc) goto done;
  /* Every case, then the account (its mark has the empty case id). */
  for (size_t i = 0; i <= ids.n && !rc; i++) {
    struct mark key;
    memset(key.case_id, 0, SSVC_CASE_ID_SIZE);
    if (i < ids.n) memcpy(key.case_id, ids.id[i], SSVC_CASE_ID_SIZE);
    struct mark *mk = nold ? bsearch(&key, ms.m, nold, sizeof *ms.m, mark_cmp) : NULL;
    if (!mk) {
      if ((rc = grow(ctx, (void **)&ms.m, &ms.cap, ms.n + 1, sizeof *ms.m))) break;
      mk = &ms.m[ms.n++];
      memcpy(mk->case_id, key.case_id, SSVC_CASE_ID_SIZE);
      mk->count = mk->next = 0;
      mk->ver = SSVC_STORAGE_NEW;
    }
    rc = i < ids.n ? gather_case(st, FN, &g, ids.id[i], mk, cutoff)
                   : gather_account(st, FN, &g, cust, mk, cutoff);
  }
  if (rc) goto done;
  ship_text = ssvc__malloc(ctx, (g.nitems ? g.nitems : 1) * 2 * TEXT_SLOT);
  if (!ship_text) {
    rc = SSVC_ENOMEM;
    goto done;
  }
  if ((rc = build_charges(&g, s->year, s->month, ship_text))) goto done;
  /* The rent of a rented SWAP stock: the phones it holds as the month begins. */
  char rent_text[2 * TEXT_SLOT];
  if (as.swap_rent_minor > 0) {
    uint32_t phones;
    if ((rc = ssvc__swap_stock_at(st, cust, cutoff, &phones))) goto done;
    snprintf(rent_text, TEXT_SLOT, "Hyra SWAP-telefoner %04d-%02d", s->year, s->month);
    snprintf(rent_text + TEXT_SLOT, TEXT_SLOT, "SWAP phone rent %04d-%02d", s->year, s->month);
    while (phones > 0) { /* lines of at most 10^6 phones, the bound of a charge's quantity */
      uint32_t q = phones > 1000000u ? 1000000u : phones;
      if ((rc = grow(ctx, (void **)&g.ch, &g.capch, g.nch + 1, sizeof *g.ch))) goto done;
      ssvc_charge *c = &g.ch[g.nch++];
      *c = (ssvc_charge)SSVC_CHARGE_INIT;
      c->kind = SSVC_CHARGE_SWAP_RENTAL;
      c->quantity = q;
      c->unit_price_minor = as.swap_rent_minor;
      c->date = first;
      c->text_sv = rent_text;
      c->text_en = rent_text + TEXT_SLOT;
      phones -= q;
    }
  }

  /* Price the month on provisional invoices. */
  ssvc_local_time lt;
  if ((rc = ssvc_stockholm_from_instant(ctx, &lt, r->now))) goto done;
  ssvc_party buyer = SSVC_PARTY_INIT;
  buyer.name = as.customer_name;
  buyer.org_number = cust;
  const ssvc_party *b = s->buyer ? s->buyer : &buyer;
  if ((rc = new_invoice(r, &inv[0], 0, lt.date, b)) || (rc = new_invoice(r, &inv[1], 1, lt.date, b)))
    goto done;
  if ((rc = fleet_segments(ctx, ag, first, &users, &nusers))) goto done;
  ssvc_month_input in = SSVC_MONTH_INPUT_INIT;
  in.agreement = cust;
  in.tier = as.tier_code;
  in.year = s->year;
  in.month = s->month;
  in.users = users;
  in.user_changes = nusers;
  in.charges = g.ch;
  in.charge_count = g.nch;
  in.vat_basis_points = as.vat_basis_points;
  if ((rc = ssvc_charges_month(pl, inv[0], inv[1], &in))) goto done;

  /* Numbers: sequential per year of issue (compare-and-set on the counter). */
  int year = lt.date.year;
  size_t kc = key_counter(kcnt, year);
  uint64_t cver;
  uint32_t last;
  if ((rc = read_uint_rec(st, FN, kcnt, kc, REC_COUNTER, "the invoice-number counter", &last,
                          &cver)))
    goto done;
  char num[2][NUMBER_MAX + 1] = {"", ""};
  for (int j = 0; j < 2; j++) {
    if (ssvc_invoice_line_count(inv[j]) == 0) continue;
    if (last >= 999999) {
      rc = ssvc__err(ctx, SSVC_ERANGE, "%s: the invoice numbers of %d are used up", FN, year);
      goto done;
    }
    snprintf(num[j], sizeof num[j], "INV-%04d-%06u", year, ++last);
  }

  /* Write: the invoices (and read them back as the caller gets them), the run, the marks, the
   * counter. Everything was read above. */
  for (int j = 0; j < 2; j++) {
    if (!num[j][0]) continue;
    ssvc_buf *buf = ssvc__store_scratch(st, 0);
    encode_invoice(buf, inv[j], num[j], cust, s->year, s->month, g.items, g.nitems);
    if (buf->failed) {
      rc = SSVC_ENOMEM;
      goto done;
    }
    if ((rc = decode_invoice(ctx, FN, num[j], buf->p, buf->len, &r->out[j]))) goto done;
    rc = ssvc__store_put(st, FN, k2, key_invoice(k2, num[j]), buf->p, buf->len, SSVC_STORAGE_NEW,
                         NULL);
    if (rc) goto done;
  }
  ssvc_buf *buf = ssvc__store_scratch(st, 0);
  ssvc__rec_header(buf, REC_RUN, FORMAT);
  ssvc__rec_str(buf, R_SERVICE, num[0]);
  ssvc__rec_str(buf, R_DIRECT, num[1]);
  ssvc__rec_sint(buf, R_AT, r->now);
  if (buf->failed) rc = SSVC_ENOMEM;
  if (!rc) rc = ssvc__store_put(st, FN, krec, krun, buf->p, buf->len, SSVC_STORAGE_NEW, NULL);
  for (size_t i = 0; i < ms.n && !rc; i++) {
    const struct mark *mk = &ms.m[i];
    if (mk->next == mk->count) continue;
    rc = write_uint_rec(st, FN, k2, key_mark(k2, cust, mk->case_id), REC_MARK, mk->next, mk->ver);
  }
  if (!rc && (num[0][0] || num[1][0]))
    rc = write_uint_rec(st, FN, kcnt, kc, REC_COUNTER, last, cver);

done:
  rc = ssvc__txn_end(st, FN, &t, rc);
  if (rc) {
    for (int j = 0; j < 2; j++) {
      ssvc_invoice_free(r->out[j]);
      r->out[j] = NULL;
    }
  }
  ssvc_invoice_free(inv[0]);
  ssvc_invoice_free(inv[1]);
  ssvc__free(ctx, ship_text);
  ssvc__free(ctx, users);
  gather_free(&g);
  ssvc__free(ctx, ids.id);
  ssvc__free(ctx, ms.m);
  ssvc_pricelist_free(pl);
  ssvc_catalog_free(cat);
  ssvc_agreement_free(ag);
  return rc;
}

static int run_attempt(ssvc_store *st, void *arg) {
  (void)st;
  return run_once(arg);
}

int ssvc_invoice_run(ssvc_store *store, ssvc_invoice **service, ssvc_invoice **direct,
                     const ssvc_invoice_run_spec *spec) {
  if (service) *service = NULL;
  if (direct) *direct = NULL;
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  if (!spec) return ssvc__err(ctx, SSVC_EINVAL, "%s: spec must not be NULL", FN);
  int rc = ssvc__check_version(ctx, "ssvc_invoice_run: spec", spec->version,
                               SSVC_INVOICE_RUN_SPEC_VERSION);
  if (rc) return rc;
  if ((rc = ssvc__check_text(ctx, FN, "spec->customer_id", spec->customer_id, 1, CUST_MAX)))
    return rc;
  if (spec->year < 1901 || spec->year > 2199 || spec->month < 1 || spec->month > 12)
    return ssvc__err(ctx, SSVC_EINVAL,
                     "%s: spec->year/spec->month must be a month of 1901..2199 (got %04d-%02d)",
                     FN, spec->year, spec->month);
  if (!spec->pricelist)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: spec->pricelist must not be NULL", FN);
  if (ssvc__pricelist_ctx(spec->pricelist) != ctx)
    return ssvc__err(ctx, SSVC_EINVAL,
                     "%s: spec->pricelist must belong to the store's context", FN);
  if (!spec->seller) return ssvc__err(ctx, SSVC_EINVAL, "%s: spec->seller must not be NULL", FN);
  if (spec->due_days < 0 || spec->due_days > 365)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: spec->due_days must be 0..365 (got %d)", FN,
                     spec->due_days);
  struct run r = {store, ctx, spec, ssvc_ctx_now(ctx), {NULL, NULL}};
  rc = ssvc__txn_retry(store, run_attempt, &r);
  if (rc == SSVC_ECONFLICT)
    return ssvc__err(ctx, rc, "%s: %s %04d-%02d: the invoices changed concurrently; try again",
                     FN, spec->customer_id, spec->year, spec->month);
  if (rc) return rc;
  if (service) *service = r.out[0];
  else ssvc_invoice_free(r.out[0]);
  if (direct) *direct = r.out[1];
  else ssvc_invoice_free(r.out[1]);
  return SSVC_OK;
}

int ssvc_invoice_load(ssvc_store *store, ssvc_invoice **out, const char *number) {
  static const char func[] = "ssvc_invoice_load";
  if (out) *out = NULL;
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "%s: out must not be NULL", func);
  int rc = ssvc__check_text(ctx, func, "number", number, 1, NUMBER_MAX);
  if (rc) return rc;
  return load_invoice(store, func, number, out);
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
  if (klen != l->prefix + 3 || decode_run(val, vlen, &rec) < 0) {
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
  struct list l = {ctx, key_cust(lo, 'M', customer_id), fn, user_data, 0};
  memcpy(hi, lo, l.prefix);
  hi[l.prefix - 1] = 1;
  rc = ssvc__store_scan(store, func, lo, l.prefix, hi, l.prefix, list_cb, &l);
  if (l.bad) return malformed(ctx, func, customer_id);
  return rc > 0 ? SSVC_OK : rc;
}
