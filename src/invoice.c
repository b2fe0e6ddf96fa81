/* invoice: the invoice object, its lines, the VAT arithmetic and the text rendering (rule R8). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "charges_internal.h"
#include "parties.h"

#define NUMBER_MAX 64
#define PARTY_TEXT_MAX 200

/* The bytes of struct ssvc_invoice_info a caller of @p version has. */
static size_t info_size(unsigned int version) {
  return version == 1 ? offsetof(ssvc_invoice_info, order_reference) : sizeof(ssvc_invoice_info);
}

int ssvc_invoice_info_init(ssvc_invoice_info *info, unsigned int version) {
  if (version > SSVC_INVOICE_INFO_VERSION) version = 0; /* refused, struct untouched */
  return ssvc__struct_init(info, info_size(version), version, SSVC_INVOICE_INFO_VERSION);
}

int ssvc_invoice_totals_init(ssvc_invoice_totals *totals, unsigned int version) {
  return ssvc__struct_init(totals, sizeof *totals, version, SSVC_INVOICE_TOTALS_VERSION);
}

int ssvc_invoice_line_init(ssvc_invoice_line *line, unsigned int version) {
  int rc = ssvc__struct_init(line, sizeof *line, version, SSVC_INVOICE_LINE_VERSION);
  if (rc == SSVC_OK) line->vat_basis_points = SSVC_VAT_DEFAULT_BASIS_POINTS;
  return rc;
}

static int check_date(ssvc_ctx *ctx, const char *fn, const char *field, ssvc_date d) {
  if (ssvc_date_is_valid(&d)) return SSVC_OK;
  return ssvc__err(ctx, SSVC_EINVAL, "%s: %s is not a valid date (got %d-%d-%d)", fn, field, d.year,
                   d.month, d.day);
}

static int upper_code(const char *s, size_t len) {
  if (strlen(s) != len) return 0;
  for (size_t i = 0; i < len; i++)
    if (s[i] < 'A' || s[i] > 'Z') return 0;
  return 1;
}

static int check_party(ssvc_ctx *ctx, const char *which, const ssvc_party *p) {
  const char *fn = "ssvc_invoice_new";
  char f[48];
  if (!p) return ssvc__err(ctx, SSVC_EINVAL, "%s: info->%s must not be NULL", fn, which);
  snprintf(f, sizeof f, "info->%s", which);
  int rc = ssvc__check_version(ctx, "ssvc_invoice_new: party", p->version, SSVC_PARTY_VERSION);
  if (rc) return rc;
  return ssvc__party_check(ctx, fn, f, p, strcmp(which, "seller") == 0);
}

static size_t slen(const char *s) { return s ? strlen(s) + 1 : 0; }

static const char *put(char **cursor, const char *s) {
  if (!s) return NULL;
  size_t n = strlen(s) + 1;
  char *d = *cursor;
  memcpy(d, s, n);
  *cursor += n;
  return d;
}

/* The endpoint a party without one gets: "0007:" and its organisation number's digits (the
 * number itself when it has none). */
static void default_endpoint(char *b, size_t size, const ssvc_party *p) {
  char d[64];
  ssvc__digits(d, sizeof d, p->org_number);
  snprintf(b, size, "0007:%s", d[0] ? d : p->org_number);
}

static void put_party(struct inv_party *d, char **cur, const ssvc_party *p) {
  d->name = put(cur, p->name);
  d->org = put(cur, p->org_number);
  d->vat = put(cur, p->vat_number);
  d->street = put(cur, p->street);
  d->postal = put(cur, p->postal_code);
  d->city = put(cur, p->city);
  memcpy(d->country, p->country ? p->country : "SE", 3);
  d->version = p->version;
  char ep[PARTY_TEXT_MAX + 8];
  if (p->version < 2 || !p->endpoint) default_endpoint(ep, sizeof ep, p);
  d->endpoint = put(cur, p->version >= 2 && p->endpoint ? p->endpoint : ep);
  if (p->version < 2) return;
  d->legal_form = put(cur, p->legal_form);
  d->bankgiro = put(cur, p->bankgiro);
  d->iban = put(cur, p->iban);
  d->bic = put(cur, p->bic);
  d->contact = put(cur, p->contact_name);
  d->phone = put(cur, p->contact_phone);
  d->email = put(cur, p->contact_email);
  d->f_skatt = p->f_skatt;
}

void ssvc__inv_party_get(const struct inv_party *d, ssvc_party *out) {
  memset(out, 0, sizeof *out);
  out->version = d->version;
  out->name = d->name;
  out->org_number = d->org;
  out->vat_number = d->vat;
  out->street = d->street;
  out->postal_code = d->postal;
  out->city = d->city;
  out->country = d->country;
  if (d->version < 2) return;
  out->endpoint = d->endpoint;
  out->legal_form = d->legal_form;
  out->bankgiro = d->bankgiro;
  out->iban = d->iban;
  out->bic = d->bic;
  out->contact_name = d->contact;
  out->contact_phone = d->phone;
  out->contact_email = d->email;
  out->f_skatt = d->f_skatt;
}

static size_t party_size(const ssvc_party *p) {
  size_t n = slen(p->name) + slen(p->org_number) + slen(p->vat_number) + slen(p->street) +
             slen(p->postal_code) + slen(p->city) + 5 + slen(p->org_number); /* endpoint */
  if (p->version >= 2)
    n += slen(p->endpoint) + slen(p->legal_form) + slen(p->bankgiro) + slen(p->iban) +
         slen(p->bic) + slen(p->contact_name) + slen(p->contact_phone) + slen(p->contact_email);
  return n;
}

int ssvc_invoice_new(ssvc_ctx *ctx, ssvc_invoice **out, const ssvc_invoice_info *given) {
  const char *fn = "ssvc_invoice_new";
  if (out) *out = NULL;
  if (!ctx) return SSVC_EINVAL;
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "%s: out must not be NULL", fn);
  if (!given) return ssvc__err(ctx, SSVC_EINVAL, "%s: info must not be NULL", fn);
  int rc = ssvc__check_version(ctx, "ssvc_invoice_new: info", given->version,
                               SSVC_INVOICE_INFO_VERSION);
  if (rc) return rc;
  ssvc_invoice_info full = SSVC_INVOICE_INFO_INIT; /* widened to the current version */
  memcpy(&full, given, info_size(given->version));
  const ssvc_invoice_info *info = &full;
  if ((rc = ssvc__check_field(ctx, fn, "info->order_reference", info->order_reference, 0,
                              NUMBER_MAX)))
    return rc;
  if ((rc = ssvc__check_field(ctx, fn, "info->number", info->number, 1, NUMBER_MAX)) ||
      (rc = ssvc__check_field(ctx, fn, "info->buyer_reference", info->buyer_reference, 0, NUMBER_MAX)) ||
      (rc = check_date(ctx, fn, "info->issue_date", info->issue_date)) ||
      (rc = check_date(ctx, fn, "info->due_date", info->due_date)) ||
      (rc = check_date(ctx, fn, "info->period_start", info->period_start)) ||
      (rc = check_date(ctx, fn, "info->period_end", info->period_end)))
    return rc;
  if (ssvc__date_cmp(info->due_date, info->issue_date) < 0)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: info->due_date is before info->issue_date", fn);
  if (ssvc__date_cmp(info->period_end, info->period_start) < 0)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: info->period_end is before info->period_start", fn);
  if (info->currency && !upper_code(info->currency, 3))
    return ssvc__err(ctx, SSVC_EINVAL,
                     "%s: info->currency must be three upper-case letters (ISO 4217)", fn);
  if ((rc = check_party(ctx, "seller", info->seller)) ||
      (rc = check_party(ctx, "buyer", info->buyer)))
    return rc;
  if (info->direct != 0 && info->direct != 1)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: info->direct must be 0 or 1 (got %d)", fn, info->direct);

  size_t extra = slen(info->number) + slen(info->buyer_reference) + slen(info->order_reference) +
                 party_size(info->seller) +
                 party_size(info->buyer);
  ssvc_invoice *inv = ssvc__malloc(ctx, sizeof *inv + extra);
  if (!inv) return SSVC_ENOMEM;
  memset(inv, 0, sizeof *inv);
  char *cur = (char *)(inv + 1);
  inv->ctx = ctx;
  inv->number = put(&cur, info->number);
  inv->buyer_ref = info->buyer_reference ? put(&cur, info->buyer_reference) : inv->number;
  inv->order_ref = put(&cur, info->order_reference);
  memcpy(inv->currency, info->currency ? info->currency : "SEK", 4);
  inv->issue = info->issue_date;
  inv->due = info->due_date;
  inv->pstart = info->period_start;
  inv->pend = info->period_end;
  put_party(&inv->seller, &cur, info->seller);
  put_party(&inv->buyer, &cur, info->buyer);
  inv->direct = info->direct;
  *out = inv;
  return SSVC_OK;
}

void ssvc_invoice_free(ssvc_invoice *invoice) {
  if (!invoice) return;
  for (size_t i = 0; i < invoice->n; i++) ssvc__free(invoice->ctx, invoice->lines[i].text_sv);
  ssvc__free(invoice->ctx, invoice->lines);
  ssvc__free(invoice->ctx, invoice);
}

/* UN/ECE rec. 20 codes are 1-3 upper-case letters or digits. */
static int unit_ok(const char *u) {
  size_t n = strlen(u);
  if (n < 1 || n > 3) return 0;
  for (size_t i = 0; i < n; i++)
    if (!((u[i] >= 'A' && u[i] <= 'Z') || (u[i] >= '0' && u[i] <= '9'))) return 0;
  return 1;
}

int ssvc__inv_line_prepare(ssvc_invoice *inv, const char *fn, const ssvc_invoice_line *in,
                           struct inv_line *out) {
  ssvc_ctx *ctx = inv->ctx;
  int rc = ssvc__check_version(ctx, fn, in->version, SSVC_INVOICE_LINE_VERSION);
  if (rc) return rc;
  if (in->kind < 0 || in->kind >= SSVC_CHARGE_KIND_COUNT)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: line->kind is not a charge kind (got %d)", fn, in->kind);
  if ((rc = ssvc__check_field(ctx, fn, "line->text_sv", in->text_sv, 1, SSVC_LINE_TEXT_MAX)) ||
      (rc = ssvc__check_field(ctx, fn, "line->text_en", in->text_en, 0, SSVC_LINE_TEXT_MAX)))
    return rc;
  if (in->quantity < -SSVC_QUANTITY_MAX || in->quantity > SSVC_QUANTITY_MAX)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: line->quantity must be -10^12..10^12 (got %lld)", fn,
                     (long long)in->quantity);
  if (in->base_quantity < 0 || in->base_quantity > SSVC_BASE_QUANTITY_MAX)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: line->base_quantity must be 0..10^6 (got %lld)", fn,
                     (long long)in->base_quantity);
  if (in->unit_code && !unit_ok(in->unit_code))
    return ssvc__err(ctx, SSVC_EINVAL,
                     "%s: line->unit_code must be 1-3 upper-case letters or digits (UN/ECE rec. 20)",
                     fn);
  if (in->unit_price_minor < 0 || in->unit_price_minor > SSVC_AMOUNT_MAX)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: line->unit_price_minor must be 0..10^12 (got %lld)",
                     fn, (long long)in->unit_price_minor);
  if ((rc = ssvc__vat_check(ctx, fn, "line->vat_basis_points", in->vat_basis_points))) return rc;
  int64_t base = in->base_quantity ? in->base_quantity : 1;
  if (in->unit_price_minor && ssvc__abs64(in->quantity) > SSVC_SUM_MAX / in->unit_price_minor)
    return ssvc__err(ctx, SSVC_ERANGE,
                     "%s: line->quantity x line->unit_price_minor is too large (%lld x %lld)", fn,
                     (long long)in->quantity, (long long)in->unit_price_minor);
  size_t lsv = strlen(in->text_sv) + 1, len = in->text_en ? strlen(in->text_en) + 1 : 0;
  char *t = ssvc__malloc(ctx, lsv + len);
  if (!t) return SSVC_ENOMEM;
  memcpy(t, in->text_sv, lsv);
  if (len) memcpy(t + lsv, in->text_en, len);
  memset(out, 0, sizeof *out);
  out->kind = in->kind;
  out->text_sv = t;
  out->text_en = len ? t + lsv : t;
  snprintf(out->unit, sizeof out->unit, "%s", in->unit_code ? in->unit_code : "C62");
  out->qty = in->quantity;
  out->base = base;
  out->price = in->unit_price_minor;
  out->net = ssvc__div_round(in->quantity * in->unit_price_minor, base);
  out->bp = in->vat_basis_points;
  out->vat = ssvc__vat(out->net, out->bp);
  return SSVC_OK;
}

void ssvc__inv_line_discard(ssvc_invoice *inv, struct inv_line *line) {
  ssvc__free(inv->ctx, line->text_sv);
  line->text_sv = NULL;
}

static struct inv_rate *find_rate(ssvc_invoice *inv, uint32_t bp) {
  for (size_t i = 0; i < inv->nrates; i++)
    if (inv->rates[i].bp == bp) return &inv->rates[i];
  return NULL;
}

int ssvc__inv_reserve(ssvc_invoice *inv, const char *fn, size_t extra, int64_t extra_abs,
                      uint32_t bp) {
  ssvc_ctx *ctx = inv->ctx;
  if (extra_abs > SSVC_SUM_MAX - inv->abs_sum)
    return ssvc__err(ctx, SSVC_ERANGE, "%s: the invoice total would exceed %lld öre", fn,
                     (long long)SSVC_SUM_MAX);
  if (!find_rate(inv, bp) && inv->nrates == SSVC_INVOICE_MAX_RATES)
    return ssvc__err(ctx, SSVC_ELIMIT, "%s: an invoice holds at most %d VAT rates", fn,
                     SSVC_INVOICE_MAX_RATES);
  if (inv->cap - inv->n >= extra) return SSVC_OK;
  size_t cap = inv->cap ? inv->cap : 4;
  while (cap - inv->n < extra) cap *= 2;
  struct inv_line *l = ssvc__realloc(ctx, inv->lines, cap * sizeof *l);
  if (!l) return SSVC_ENOMEM;
  inv->lines = l;
  inv->cap = cap;
  return SSVC_OK;
}

void ssvc__inv_line_commit(ssvc_invoice *inv, struct inv_line *line) {
  struct inv_rate *r = find_rate(inv, line->bp);
  if (!r) {
    r = &inv->rates[inv->nrates++];
    r->bp = line->bp;
    r->taxable = 0;
    r->line_vat = 0;
  }
  r->taxable += line->net;
  r->line_vat += line->vat;
  inv->line_sum += line->net;
  inv->abs_sum += ssvc__abs64(line->net);
  inv->line_vat_sum += line->vat;
  inv->lines[inv->n++] = *line;
}

int ssvc_invoice_add_line(ssvc_invoice *invoice, const ssvc_invoice_line *line) {
  const char *fn = "ssvc_invoice_add_line";
  if (!invoice) return SSVC_EINVAL;
  if (!line) return ssvc__err(invoice->ctx, SSVC_EINVAL, "%s: line must not be NULL", fn);
  struct inv_line l;
  int rc = ssvc__inv_line_prepare(invoice, fn, line, &l);
  if (rc) return rc;
  if ((rc = ssvc__inv_reserve(invoice, fn, 1, ssvc__abs64(l.net), l.bp))) {
    ssvc__inv_line_discard(invoice, &l);
    return rc;
  }
  ssvc__inv_line_commit(invoice, &l);
  return SSVC_OK;
}

size_t ssvc_invoice_line_count(const ssvc_invoice *invoice) { return invoice ? invoice->n : 0; }

int ssvc_invoice_line_get(const ssvc_invoice *invoice, size_t index, ssvc_invoice_line *out) {
  const char *fn = "ssvc_invoice_line_get";
  if (!invoice) return SSVC_EINVAL;
  if (!out) return ssvc__err(invoice->ctx, SSVC_EINVAL, "%s: out must not be NULL", fn);
  int rc = ssvc__check_version(invoice->ctx, "ssvc_invoice_line_get: out", out->version,
                               SSVC_INVOICE_LINE_VERSION);
  if (rc) return rc;
  if (index >= invoice->n)
    return ssvc__err(invoice->ctx, SSVC_ENOTFOUND, "%s: index %zu is past the last line (%zu lines)",
                     fn, index, invoice->n);
  const struct inv_line *l = &invoice->lines[index];
  out->kind = l->kind;
  out->text_sv = l->text_sv;
  out->text_en = l->text_en;
  out->quantity = l->qty;
  out->base_quantity = l->base;
  out->unit_code = l->unit;
  out->unit_price_minor = l->price;
  out->vat_basis_points = l->bp;
  out->net_minor = l->net;
  out->vat_minor = l->vat;
  return SSVC_OK;
}

static int64_t total_tax(const ssvc_invoice *inv) {
  int64_t t = 0;
  for (size_t i = 0; i < inv->nrates; i++) t += ssvc__vat(inv->rates[i].taxable, inv->rates[i].bp);
  return t;
}

int ssvc_invoice_get_totals(const ssvc_invoice *invoice, ssvc_invoice_totals *out) {
  if (!invoice) return SSVC_EINVAL;
  if (!out) return ssvc__err(invoice->ctx, SSVC_EINVAL, "ssvc_invoice_get_totals: out must not be NULL");
  int rc = ssvc__check_version(invoice->ctx, "ssvc_invoice_get_totals: out", out->version,
                               SSVC_INVOICE_TOTALS_VERSION);
  if (rc) return rc;
  out->lines = invoice->n;
  out->vat_categories = invoice->nrates;
  out->line_extension = invoice->line_sum;
  out->tax_exclusive = invoice->line_sum;
  out->tax = total_tax(invoice);
  out->tax_inclusive = out->tax_exclusive + out->tax;
  out->payable = out->tax_inclusive;
  out->line_vat_sum = invoice->line_vat_sum;
  return SSVC_OK;
}

void ssvc__inv_set_credit(ssvc_invoice *inv, const char *number, ssvc_date issue,
                          const char *reason) {
  inv->credit = 1;
  snprintf(inv->credited, sizeof inv->credited, "%s", number);
  inv->credited_issue = issue;
  snprintf(inv->reason, sizeof inv->reason, "%s", reason ? reason : "");
}

int ssvc_invoice_is_credit_note(const ssvc_invoice *invoice) {
  return invoice ? invoice->credit : 0;
}

const char *ssvc_invoice_credited(const ssvc_invoice *invoice) {
  return invoice && invoice->credit ? invoice->credited : NULL;
}

const char *ssvc_invoice_number(const ssvc_invoice *invoice) {
  return invoice ? invoice->number : NULL;
}

int ssvc_invoice_is_direct(const ssvc_invoice *invoice) { return invoice ? invoice->direct : 0; }

/* ---- Text rendering ---- */

struct out {
  char *buf;
  size_t size, len;
};

static void emit(struct out *o, const char *fmt, ...) SSVC_PRINTF(2, 3);
static void emit(struct out *o, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *dst = o->len < o->size ? o->buf + o->len : NULL;
  size_t room = o->len < o->size ? o->size - o->len : 0;
  char dummy[1];
  int n = vsnprintf(dst ? dst : dummy, dst ? room : 0, fmt, ap);
  va_end(ap);
  if (n > 0) o->len += (size_t)n;
}

/* Characters (code points) in UTF-8 text. */
static int width(const char *s) {
  int w = 0;
  for (; *s; s++)
    if (((unsigned char)*s & 0xC0) != 0x80) w++;
  return w;
}

static void emit_padded(struct out *o, const char *s, int w, int right) {
  int pad = w - width(s);
  if (right)
    emit(o, "%*s%s", pad > 0 ? pad : 0, "", s);
  else
    emit(o, "%s%*s", s, pad > 0 ? pad : 0, "");
}

static void money(char *buf, size_t size, int64_t v) { ssvc_money_format(buf, size, v, NULL); }

static void percent(char *buf, size_t size, uint32_t bp) {
  if (bp % 100 == 0)
    snprintf(buf, size, "%u%%", bp / 100);
  else
    snprintf(buf, size, "%u.%02u%%", bp / 100, bp % 100);
}

static void emit_party(struct out *o, const char *label, const struct inv_party *p) {
  emit(o, "%s%s (%s)", label, p->name, p->org);
  if (p->vat) emit(o, ", %s", p->vat);
  emit(o, "\n");
  if (p->street || p->postal || p->city) {
    emit(o, "%*s", width(label), "");
    if (p->street) emit(o, "%s%s", p->street, p->postal || p->city ? ", " : "");
    if (p->postal) emit(o, "%s%s", p->postal, p->city ? " " : "");
    if (p->city) emit(o, "%s", p->city);
    emit(o, ", %s\n", p->country);
  }
}

/* The payment lines (doc/charges.md "Payment"): the due date, the seller's account and the OCR
 * reference; nothing when the seller has no account (a version-1 seller). */
static void emit_payment(struct out *o, const ssvc_invoice *inv, int sv) {
  const struct inv_party *s = &inv->seller;
  if (!s->bankgiro && !s->iban) return;
  char d[48], ocr[SSVC_OCR_MAX + 1];
  ssvc_date_format(d, sizeof d, &inv->due);
  emit(o, "\n%s %s ", sv ? "Betalas senast" : "Pay by", d);
  if (s->bankgiro) emit(o, "%s %s", sv ? "till bankgiro" : "to bankgiro", s->bankgiro);
  else emit(o, "%s %s%s%s", sv ? "till IBAN" : "to IBAN", s->iban, s->bic ? ", BIC " : "",
            s->bic ? s->bic : "");
  emit(o, "\n");
  if (ssvc_ocr_reference(ocr, sizeof ocr, inv->number))
    emit(o, "%s %s\n", sv ? "Ange OCR-nummer:" : "OCR reference:", ocr);
}

size_t ssvc_invoice_text(const ssvc_invoice *invoice, int lang, char *buf, size_t size) {
  if (!invoice || (lang != SSVC_LANG_SV && lang != SSVC_LANG_EN)) return 0;
  if (size && buf) buf[0] = '\0';
  struct out o = {buf, buf ? size : 0, 0};
  int sv = lang == SSVC_LANG_SV;
  char d1[48], d2[48], a[32], b[32], c[32], p[32];
  const ssvc_invoice *inv = invoice;
  if (inv->credit) {
    emit(&o, "%s %s\n", sv ? "Kreditnota" : "Credit note", inv->number);
    ssvc_date_format(d1, sizeof d1, &inv->issue);
    ssvc_date_format(d2, sizeof d2, &inv->credited_issue);
    if (inv->credited[0])
      emit(&o, "%s %s   %s %s %s %s\n", sv ? "Datum:" : "Issue date:", d1,
           sv ? "Krediterar faktura" : "Credits invoice", inv->credited, sv ? "av" : "of", d2);
    else
      emit(&o, "%s %s   %s\n", sv ? "Datum:" : "Issue date:", d1,
           sv ? "Månadens kredit överstiger dess avgifter" : "The month's credits exceed its charges");
    if (inv->reason[0]) emit(&o, "%s %s\n", sv ? "Orsak:" : "Reason:", inv->reason);
  } else {
    emit(&o, "%s %s%s\n", sv ? "Faktura" : "Invoice", inv->number,
         inv->direct ? (sv ? " (direktfakturering)" : " (billed directly)") : "");
    ssvc_date_format(d1, sizeof d1, &inv->issue);
    ssvc_date_format(d2, sizeof d2, &inv->due);
    emit(&o, "%s %s   %s %s\n", sv ? "Fakturadatum:" : "Issue date:", d1,
         sv ? "Förfallodatum:" : "Due date:", d2);
  }
  ssvc_date_format(d1, sizeof d1, &inv->pstart);
  ssvc_date_format(d2, sizeof d2, &inv->pend);
  emit(&o, "%s %s – %s   %s %s\n", sv ? "Period:" : "Period:", d1, d2,
       sv ? "Er referens:" : "Your reference:", inv->buyer_ref);
  if (inv->order_ref)
    emit(&o, "%s %s\n", sv ? "Order-/avtalsreferens:" : "Order/contract reference:", inv->order_ref);
  emit_party(&o, sv ? "Säljare: " : "Seller:  ", &inv->seller);
  if (inv->seller.f_skatt) emit(&o, "         %s\n", sv ? "Godkänd för F-skatt" : "Approved for F-tax");
  emit_party(&o, sv ? "Köpare:  " : "Buyer:   ", &inv->buyer);
  emit(&o, "\n");

  /* Columns: description, quantity, unit, unit price (/base), net, VAT rate. */
  const char *h[6] = {sv ? "Beskrivning" : "Description", sv ? "Antal" : "Quantity",
                      sv ? "Enhet" : "Unit", sv ? "À-pris" : "Unit price",
                      sv ? "Belopp" : "Amount", sv ? "Moms" : "VAT"};
  int w[6];
  for (int i = 0; i < 6; i++) w[i] = width(h[i]);
  for (size_t i = 0; i < inv->n; i++) {
    const struct inv_line *l = &inv->lines[i];
    int t = width(sv ? l->text_sv : l->text_en);
    if (t > w[0]) w[0] = t;
    t = snprintf(a, sizeof a, "%lld", (long long)l->qty);
    if (t > w[1]) w[1] = t;
    t = width(ssvc__unit_name(l->unit, lang));
    if (t > w[2]) w[2] = t;
    money(b, sizeof b, l->price);
    t = width(b) + (l->base != 1 ? snprintf(c, sizeof c, "/%lld", (long long)l->base) : 0);
    if (t > w[3]) w[3] = t;
    money(b, sizeof b, l->net);
    t = width(b);
    if (t > w[4]) w[4] = t;
    percent(p, sizeof p, l->bp);
    t = width(p);
    if (t > w[5]) w[5] = t;
  }
  for (int i = 0; i < 6; i++) {
    emit_padded(&o, h[i], w[i], i > 0 && i != 2);
    emit(&o, "%s", i < 5 ? "  " : "\n");
  }
  int total_w = 0;
  for (int i = 0; i < 6; i++) total_w += w[i] + (i < 5 ? 2 : 0);
  for (int i = 0; i < total_w; i++) emit(&o, "-");
  emit(&o, "\n");
  for (size_t i = 0; i < inv->n; i++) {
    const struct inv_line *l = &inv->lines[i];
    emit_padded(&o, sv ? l->text_sv : l->text_en, w[0], 0);
    snprintf(a, sizeof a, "%lld", (long long)l->qty);
    emit(&o, "  ");
    emit_padded(&o, a, w[1], 1);
    emit(&o, "  ");
    emit_padded(&o, ssvc__unit_name(l->unit, lang), w[2], 0);
    emit(&o, "  ");
    money(b, sizeof b, l->price);
    if (l->base != 1) {
      size_t bl = strlen(b);
      snprintf(b + bl, sizeof b - bl, "/%lld", (long long)l->base);
    }
    emit_padded(&o, b, w[3], 1);
    emit(&o, "  ");
    money(b, sizeof b, l->net);
    emit_padded(&o, b, w[4], 1);
    emit(&o, "  ");
    percent(p, sizeof p, l->bp);
    emit_padded(&o, p, w[5], 1);
    emit(&o, "\n");
  }
  for (int i = 0; i < total_w; i++) emit(&o, "-");
  emit(&o, "\n");

  /* Totals, labels right-aligned to end where the amount column begins. */
  ssvc_invoice_totals t = SSVC_INVOICE_TOTALS_INIT;
  ssvc_invoice_get_totals(inv, &t);
  int label_w = w[0] + 2 + w[1] + 2 + w[2] + 2 + w[3];
  money(a, sizeof a, t.tax_exclusive);
  emit_padded(&o, sv ? "Summa exkl. moms" : "Total excluding VAT", label_w, 1);
  emit(&o, "  ");
  emit_padded(&o, a, w[4], 1);
  emit(&o, "\n");
  for (size_t i = 0; i < inv->nrates; i++) {
    char label[96];
    percent(p, sizeof p, inv->rates[i].bp);
    money(b, sizeof b, inv->rates[i].taxable);
    snprintf(label, sizeof label, "%s %s %s %s", sv ? "Moms" : "VAT", p, sv ? "på" : "on", b);
    money(a, sizeof a, ssvc__vat(inv->rates[i].taxable, inv->rates[i].bp));
    emit_padded(&o, label, label_w, 1);
    emit(&o, "  ");
    emit_padded(&o, a, w[4], 1);
    emit(&o, "\n");
  }
  ssvc_money_format(a, sizeof a, t.payable, inv->currency);
  emit_padded(&o, inv->credit ? (sv ? "Att kreditera" : "Amount credited")
                              : (sv ? "Att betala" : "Amount due"),
              label_w, 1);
  emit(&o, "  ");
  emit_padded(&o, a, w[4], 1);
  emit(&o, "\n");
  emit_payment(&o, inv, sv);
  return o.len;
}
