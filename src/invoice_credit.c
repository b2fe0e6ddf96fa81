/* invoice_credit: credit notes of stored invoices (doc/charges.md "Credit notes"): issued once
 * per line in one transaction with their own number series, and listed per customer. The
 * document itself is an ssvc_invoice marked as a credit note (invoice.c, invoice_ubl.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "invoice_store.h"

#define FN "ssvc_credit_note_issue"
#define LINES_MAX 10000

int ssvc_credit_spec_init(ssvc_credit_spec *spec, unsigned int version) {
  return ssvc__struct_init(spec, sizeof *spec, version, SSVC_CREDIT_SPEC_VERSION);
}

/* 'B' 'C' invoice number: the invoice's credited lines. */
static size_t key_credited(uint8_t *k, const char *number) {
  size_t n = ssvc__inv_key_invoice(k, number);
  k[1] = 'C';
  return n;
}


/* The credited lines of an invoice: by line (1-based), the credit note's number or "". */
struct credited {
  size_t n;                       /* lines of the invoice */
  char (*by)[NUMBER_MAX + 1];     /* n entries */
  uint64_t ver;                   /* stored version; SSVC_STORAGE_NEW when none */
};

static int credited_read(ssvc_store *st, const char *number, struct credited *c) {
  uint8_t k[KEY_MAX];
  const void *v;
  size_t vlen;
  int rc = ssvc__store_get(st, FN, k, key_credited(k, number), &v, &vlen, &c->ver);
  if (rc == SSVC_ENOTFOUND) {
    c->ver = SSVC_STORAGE_NEW;
    return SSVC_OK;
  }
  if (rc) return rc;
  ssvc_rd rd;
  ssvc_field f;
  int r;
  if (ssvc__rec_open(&rd, v, vlen, SSVC_REC_B_CREDITED)) return ssvc__inv_malformed(st->ctx, FN, number);
  while ((r = ssvc__rd_next(&rd, &f)) == 1) {
    if (f.id != C_LINE) continue;
    ssvc_rd sub = {f.bytes, f.bytes + f.len};
    ssvc_field g;
    uint64_t line = 0;
    const uint8_t *note = NULL;
    size_t note_len = 0;
    while ((r = ssvc__rd_next(&sub, &g)) == 1) {
      if (g.id == CL_LINE) line = g.u;
      if (g.id == CL_NOTE && g.wire == SSVC_WIRE_BYTES) note = g.bytes, note_len = g.len;
    }
    if (r < 0 || line < 1 || line > c->n || !note || note_len == 0 || note_len > NUMBER_MAX)
      return ssvc__inv_malformed(st->ctx, FN, number);
    memcpy(c->by[line - 1], note, note_len);
    c->by[line - 1][note_len] = 0;
  }
  if (r < 0) return ssvc__inv_malformed(st->ctx, FN, number);
  return SSVC_OK;
}

static int credited_write(ssvc_store *st, const char *number, const struct credited *c) {
  uint8_t k[KEY_MAX];
  ssvc_buf *b = ssvc__store_scratch(st, 1);
  ssvc__rec_header(b, SSVC_REC_B_CREDITED, FORMAT);
  for (size_t i = 0; i < c->n; i++) {
    if (!c->by[i][0]) continue;
    size_t m = ssvc__rec_sub_begin(b, C_LINE);
    ssvc__rec_uint(b, CL_LINE, i + 1);
    ssvc__rec_str(b, CL_NOTE, c->by[i]);
    ssvc__rec_sub_end(b, m);
  }
  if (b->failed) return SSVC_ENOMEM;
  return ssvc__store_put(st, FN, k, key_credited(k, number), b->p, b->len, c->ver, NULL);
}

static ssvc_party party_of(const struct inv_party *p);

int ssvc__inv_credit_of(const ssvc_invoice *inv, ssvc_invoice **out, const char *number,
                        ssvc_date issue, const size_t *lines, size_t count, int sign,
                        const char *credited, const char *reason) {
  ssvc_party seller = party_of(&inv->seller), buyer = party_of(&inv->buyer);
  ssvc_invoice_info info = SSVC_INVOICE_INFO_INIT;
  info.number = number;
  info.issue_date = info.due_date = issue;
  info.period_start = inv->pstart;
  info.period_end = inv->pend;
  info.buyer_reference = inv->buyer_ref;
  info.currency = inv->currency;
  info.seller = &seller;
  info.buyer = &buyer;
  info.direct = inv->direct;
  int rc = ssvc_invoice_new(inv->ctx, out, &info);
  if (rc) return rc;
  ssvc__inv_set_credit(*out, credited ? credited : "", inv->issue, reason);
  if (!lines) count = inv->n;
  for (size_t i = 0; i < count && !rc; i++) {
    ssvc_invoice_line l = SSVC_INVOICE_LINE_INIT;
    if (!(rc = ssvc_invoice_line_get(inv, lines ? lines[i] - 1 : i, &l))) {
      l.quantity *= sign;
      rc = ssvc_invoice_add_line(*out, &l);
    }
  }
  if (rc) {
    ssvc_invoice_free(*out);
    *out = NULL;
  }
  return rc;
}

static ssvc_party party_of(const struct inv_party *p) {
  ssvc_party q = SSVC_PARTY_INIT;
  q.name = p->name;
  q.org_number = p->org;
  q.vat_number = p->vat;
  q.street = p->street;
  q.postal_code = p->postal;
  q.city = p->city;
  q.country = p->country;
  return q;
}

struct issue {
  ssvc_store *st;
  const ssvc_credit_spec *spec;
  ssvc_invoice *out;
};

static int issue_once(ssvc_store *st, void *arg) {
  struct issue *is = arg;
  const ssvc_credit_spec *s = is->spec;
  ssvc_invoice_free(is->out); /* an attempt whose commit failed */
  is->out = NULL;
  ssvc_ctx *ctx = st->ctx;
  const char *num = s->invoice_number;
  ssvc_invoice *inv = NULL, *cn = NULL;
  struct credited c = {0, NULL, 0};
  char cust[CUST_MAX + 1];
  uint8_t k[KEY_MAX], kc[8];
  const void *v;
  size_t vlen;
  uint64_t ver;

  /* The invoice and its customer. */
  int rc = ssvc__store_get(st, FN, k, ssvc__inv_key_invoice(k, num), &v, &vlen, &ver);
  if (rc == SSVC_ENOTFOUND)
    return ssvc__err(ctx, rc, "%s: spec->invoice_number: no invoice '%s'", FN, num);
  if (rc) return rc;
  if (ssvc__inv_decode_customer(v, vlen, cust) < 0) return ssvc__inv_malformed(ctx, FN, num);
  if ((rc = ssvc__inv_decode_invoice(ctx, FN, num, v, vlen, &inv))) return rc;
  if (inv->credit) {
    rc = ssvc__err(ctx, SSVC_ESTATE, "%s: spec->invoice_number: '%s' is a credit note, not an "
                   "invoice", FN, num);
    goto done;
  }
  for (size_t i = 0; i < s->line_count; i++)
    if (s->lines[i] > inv->n) {
      rc = ssvc__err(ctx, SSVC_EINVAL, "%s: spec->lines[%zu]: invoice %s has no line %zu (it has "
                     "%zu)", FN, i, num, s->lines[i], inv->n);
      goto done;
    }

  /* Its credited lines: each at most once. */
  c.n = inv->n;
  c.by = ssvc__malloc(ctx, (c.n ? c.n : 1) * sizeof *c.by);
  if (!c.by) {
    rc = SSVC_ENOMEM;
    goto done;
  }
  memset(c.by, 0, (c.n ? c.n : 1) * sizeof *c.by);
  if ((rc = credited_read(st, num, &c))) goto done;
  size_t count = s->line_count ? s->line_count : inv->n;
  for (size_t i = 0; i < count; i++) {
    size_t line = s->line_count ? s->lines[i] : i + 1;
    if (c.by[line - 1][0]) {
      rc = ssvc__err(ctx, SSVC_ESTATE, "%s: line %zu of invoice %s is already credited by %s", FN,
                     line, num, c.by[line - 1]);
      goto done;
    }
  }

  /* The number: sequential per year of issue, a series of its own. */
  ssvc_local_time lt;
  if ((rc = ssvc_stockholm_from_instant(ctx, &lt, ssvc__store_now(st)))) goto done;
  int year = lt.date.year;
  size_t kcl = ssvc__inv_key_credit_counter(kc, year);
  uint32_t last;
  uint64_t cver;
  if ((rc = ssvc__inv_read_uint_rec(st, FN, kc, kcl, REC_COUNTER, "the credit-note counter",
                                    &last, &cver)))
    goto done;
  if (last >= 999999) {
    rc = ssvc__err(ctx, SSVC_ERANGE, "%s: the credit-note numbers of %d are used up", FN, year);
    goto done;
  }
  char number[NUMBER_MAX + 1];
  snprintf(number, sizeof number, "CRN-%04d-%06u", year, ++last);
  if ((rc = ssvc__rec_key_free(st, FN, k, ssvc__inv_key_invoice(k, number), number))) goto done;

  /* The credit note: the invoice's head and the credited lines as they were. */
  ssvc_invoice *doc = NULL;
  if ((rc = ssvc__inv_credit_of(inv, &doc, number, lt.date, s->line_count ? s->lines : NULL,
                                count, 1, num, s->reason)))
    goto done;
  for (size_t i = 0; i < count; i++) {
    size_t line = s->line_count ? s->lines[i] : i + 1;
    snprintf(c.by[line - 1], sizeof c.by[line - 1], "%s", number);
  }
  {
    ssvc_buf *b = ssvc__store_scratch(st, 0);
    ssvc__inv_encode_invoice(b, doc, number, cust, inv->pstart.year, inv->pstart.month, NULL, 0);
    if (b->failed) rc = SSVC_ENOMEM;
    if (!rc) rc = ssvc__inv_decode_invoice(ctx, FN, number, b->p, b->len, &cn);
    if (!rc)
      rc = ssvc__store_put(st, FN, k, ssvc__inv_key_invoice(k, number), b->p, b->len,
                           SSVC_STORAGE_NEW, NULL);
  }
  ssvc_invoice_free(doc);
  if (!rc) rc = credited_write(st, num, &c);
  if (!rc)
    rc = ssvc__store_put(st, FN, k, ssvc__inv_key_credit_listing(k, cust, number), num, strlen(num),
                         SSVC_STORAGE_NEW, NULL);
  if (!rc) rc = ssvc__inv_write_uint_rec(st, FN, kc, kcl, REC_COUNTER, last, cver);

done:
  ssvc__free(ctx, c.by);
  ssvc_invoice_free(inv);
  if (rc) ssvc_invoice_free(cn);
  else is->out = cn;
  return rc;
}

int ssvc_credit_note_issue(ssvc_store *store, ssvc_invoice **out, const ssvc_credit_spec *spec) {
  if (out) *out = NULL;
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  if (!spec) return ssvc__err(ctx, SSVC_EINVAL, "%s: spec must not be NULL", FN);
  int rc = ssvc__check_version(ctx, "ssvc_credit_note_issue: spec", spec->version,
                               SSVC_CREDIT_SPEC_VERSION);
  if (rc) return rc;
  if ((rc = ssvc__check_text(ctx, FN, "spec->invoice_number", spec->invoice_number, 1,
                             NUMBER_MAX)) ||
      (rc = ssvc__check_field(ctx, FN, "spec->reason", spec->reason, 0, SSVC_LINE_TEXT_MAX)))
    return rc;
  if (spec->line_count > LINES_MAX)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: spec->line_count must be 0..%d (got %zu)", FN,
                     LINES_MAX, spec->line_count);
  if (spec->line_count && !spec->lines)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: spec->lines is NULL but spec->line_count is %zu", FN,
                     spec->line_count);
  for (size_t i = 0; i < spec->line_count; i++) {
    if (spec->lines[i] == 0)
      return ssvc__err(ctx, SSVC_EINVAL, "%s: spec->lines[%zu]: lines are numbered from 1", FN, i);
    for (size_t j = 0; j < i; j++)
      if (spec->lines[j] == spec->lines[i])
        return ssvc__err(ctx, SSVC_EINVAL, "%s: spec->lines[%zu]: line %zu is named twice", FN, i,
                         spec->lines[i]);
  }
  struct issue is = {store, spec, NULL};
  rc = ssvc__txn_run(store, FN, issue_once, &is);
  if (rc == SSVC_ECONFLICT)
    return ssvc__err(ctx, rc, "%s: invoice %s: its credits changed concurrently; try again", FN,
                     spec->invoice_number);
  if (rc) {
    ssvc_invoice_free(is.out);
    return rc;
  }
  if (out) *out = is.out;
  else ssvc_invoice_free(is.out);
  return SSVC_OK;
}

struct listing {
  size_t prefix;
  ssvc_credit_note_list_fn fn;
  void *ud;
  int bad;
};

static int list_cb(void *cb, const void *key, size_t klen, const void *val, size_t vlen,
                   uint64_t ver) {
  (void)ver;
  struct listing *l = cb;
  char number[NUMBER_MAX + 1], credited[NUMBER_MAX + 1];
  size_t n = klen - l->prefix;
  if (klen <= l->prefix || n > NUMBER_MAX || vlen > NUMBER_MAX) {
    l->bad = 1;
    return SSVC_ESTORAGE;
  }
  memcpy(number, (const uint8_t *)key + l->prefix, n);
  number[n] = 0;
  if (vlen) memcpy(credited, val, vlen);
  credited[vlen] = 0;
  return l->fn(l->ud, number, credited) ? 1 : 0;
}

int ssvc_credit_note_list(ssvc_store *store, const char *customer_id,
                          ssvc_credit_note_list_fn fn, void *user_data) {
  static const char func[] = "ssvc_credit_note_list";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  int rc = ssvc__check_text(ctx, func, "customer_id", customer_id, 1, CUST_MAX);
  if (rc) return rc;
  if (!fn) return ssvc__err(ctx, SSVC_EINVAL, "%s: fn must not be NULL", func);
  uint8_t lo[KEY_MAX], hi[KEY_MAX];
  struct listing l = {ssvc__inv_key_cust(lo, 'Q', customer_id), fn, user_data, 0};
  memcpy(hi, lo, l.prefix);
  hi[l.prefix - 1] = 1;
  rc = ssvc__store_scan(store, func, lo, l.prefix, hi, l.prefix, list_cb, &l);
  if (l.bad) return ssvc__inv_malformed(ctx, func, customer_id);
  return rc > 0 ? SSVC_OK : rc;
}
