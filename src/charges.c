/* charges: the price list, the prorated monthly fee and a month's invoice lines
 * (rule R8). The rules are described in doc/charges.md. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "charges_internal.h"

#define AGREEMENT_MAX 64
#define USERS_MAX 10000000u
#define CHARGE_QUANTITY_MAX INT64_C(1000000)

int ssvc_charge_init(ssvc_charge *charge, unsigned int version) {
  return ssvc__struct_init(charge, sizeof *charge, version, SSVC_CHARGE_VERSION);
}

/* The bytes of struct ssvc_month_input that a caller of @p version has (doc/abi.md). */
static size_t month_input_size(unsigned int version) {
  return version < 2 ? offsetof(ssvc_month_input, terms) : sizeof(ssvc_month_input);
}

int ssvc_month_input_init(ssvc_month_input *in, unsigned int version) {
  int rc = ssvc__struct_init(in, month_input_size(version), version, SSVC_MONTH_INPUT_VERSION);
  if (rc == SSVC_OK) in->vat_basis_points = SSVC_VAT_DEFAULT_BASIS_POINTS;
  return rc;
}

/* ---- Price list ---- */

/* One dated price. item: SSVC_CHARGE_MONTHLY_FEE (for tier), FREIGHT or PACKAGING. */
struct entry {
  char *agreement; /* NULL: a list price; one allocation holding agreement and tier */
  const char *tier;
  int item;
  ssvc_date from;
  int64_t amount;
};

struct ssvc_pricelist {
  ssvc_ctx *ctx;
  const ssvc_catalog *catalog;
  struct entry *entries;
  size_t n, cap;
};

int ssvc_pricelist_new(ssvc_ctx *ctx, ssvc_pricelist **out, const ssvc_catalog *catalog) {
  if (out) *out = NULL;
  if (!ctx) return SSVC_EINVAL;
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "ssvc_pricelist_new: out must not be NULL");
  if (!catalog) return ssvc__err(ctx, SSVC_EINVAL, "ssvc_pricelist_new: catalog must not be NULL");
  ssvc_pricelist *pl = ssvc__calloc(ctx, 1, sizeof *pl);
  if (!pl) return SSVC_ENOMEM;
  pl->ctx = ctx;
  pl->catalog = catalog;
  *out = pl;
  return SSVC_OK;
}

static void entry_free(ssvc_ctx *ctx, struct entry *e) {
  ssvc__free(ctx, e->agreement ? e->agreement : (char *)e->tier);
}

void ssvc_pricelist_free(ssvc_pricelist *pricelist) {
  if (!pricelist) return;
  for (size_t i = 0; i < pricelist->n; i++) entry_free(pricelist->ctx, &pricelist->entries[i]);
  ssvc__free(pricelist->ctx, pricelist->entries);
  ssvc__free(pricelist->ctx, pricelist);
}

static int check_agreement(ssvc_ctx *ctx, const char *fn, const char *a) {
  return ssvc__check_field(ctx, fn, "agreement", a, 1, AGREEMENT_MAX);
}

static int same_str(const char *a, const char *b) {
  if (!a || !b) return a == b;
  return strcmp(a, b) == 0;
}

/* Finds the tier in the catalogue without touching the catalogue's error state. */
static const ssvc_tier *tier_by_code(const ssvc_catalog *c, const char *code) {
  size_t n = ssvc_catalog_count(c);
  for (size_t i = 0; i < n; i++) {
    const ssvc_tier *t = ssvc_catalog_at(c, i);
    if (ssvc__ascii_casecmp(ssvc_tier_code(t), code) == 0) return t;
  }
  return NULL;
}

static int add_entry(ssvc_pricelist *pl, const char *fn, const char *agreement, const char *tier,
                     int item, ssvc_date from, int64_t amount) {
  ssvc_ctx *ctx = pl->ctx;
  int rc;
  if (agreement && (rc = check_agreement(ctx, fn, agreement))) return rc;
  if (!ssvc_date_is_valid(&from))
    return ssvc__err(ctx, SSVC_EINVAL, "%s: from is not a valid date (got %d-%d-%d)", fn,
                     from.year, from.month, from.day);
  if (amount < 0 || amount > SSVC_AMOUNT_MAX)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: amount_minor must be 0..10^12 (got %lld)", fn,
                     (long long)amount);
  const ssvc_tier *t = NULL;
  if (tier) {
    t = tier_by_code(pl->catalog, tier);
    if (!t) return ssvc__err(ctx, SSVC_ENOTFOUND, "%s: no tier '%.32s' in the catalogue", fn, tier);
    tier = ssvc_tier_code(t); /* canonical spelling */
  }
  /* Same item, agreement and date: replace the amount. */
  for (size_t i = 0; i < pl->n; i++) {
    struct entry *e = &pl->entries[i];
    if (e->item == item && same_str(e->agreement, agreement) && same_str(e->tier, tier) &&
        ssvc__date_cmp(e->from, from) == 0) {
      e->amount = amount;
      return SSVC_OK;
    }
  }
  if (pl->n == pl->cap) {
    size_t cap = pl->cap ? pl->cap * 2 : 8;
    struct entry *e = ssvc__realloc(ctx, pl->entries, cap * sizeof *e);
    if (!e) return SSVC_ENOMEM;
    pl->entries = e;
    pl->cap = cap;
  }
  size_t la = agreement ? strlen(agreement) + 1 : 0, lt = tier ? strlen(tier) + 1 : 0;
  char *s = NULL;
  if (la + lt) {
    s = ssvc__malloc(ctx, la + lt);
    if (!s) return SSVC_ENOMEM;
    if (la) memcpy(s, agreement, la);
    if (lt) memcpy(s + la, tier, lt);
  }
  struct entry *e = &pl->entries[pl->n++];
  e->agreement = la ? s : NULL;
  e->tier = lt ? s + la : NULL;
  e->item = item;
  e->from = from;
  e->amount = amount;
  return SSVC_OK;
}

int ssvc_pricelist_add_price(ssvc_pricelist *pricelist, const char *tier, ssvc_date from,
                             int64_t amount_minor) {
  const char *fn = "ssvc_pricelist_add_price";
  if (!pricelist) return SSVC_EINVAL;
  if (!tier) return ssvc__err(pricelist->ctx, SSVC_EINVAL, "%s: tier must not be NULL", fn);
  return add_entry(pricelist, fn, NULL, tier, SSVC_CHARGE_MONTHLY_FEE, from, amount_minor);
}

int ssvc_pricelist_add_override(ssvc_pricelist *pricelist, const char *agreement,
                                const char *tier, ssvc_date from, int64_t amount_minor) {
  const char *fn = "ssvc_pricelist_add_override";
  if (!pricelist) return SSVC_EINVAL;
  if (!agreement)
    return ssvc__err(pricelist->ctx, SSVC_EINVAL, "%s: agreement must not be NULL", fn);
  if (!tier) return ssvc__err(pricelist->ctx, SSVC_EINVAL, "%s: tier must not be NULL", fn);
  return add_entry(pricelist, fn, agreement, tier, SSVC_CHARGE_MONTHLY_FEE, from, amount_minor);
}

int ssvc_pricelist_add_shipment(ssvc_pricelist *pricelist, const char *agreement, int kind,
                                ssvc_date from, int64_t amount_minor) {
  const char *fn = "ssvc_pricelist_add_shipment";
  if (!pricelist) return SSVC_EINVAL;
  if (kind != SSVC_CHARGE_FREIGHT && kind != SSVC_CHARGE_PACKAGING)
    return ssvc__err(pricelist->ctx, SSVC_EINVAL,
                     "%s: kind must be SSVC_CHARGE_FREIGHT or SSVC_CHARGE_PACKAGING (got %d)", fn,
                     kind);
  return add_entry(pricelist, fn, agreement, NULL, kind, from, amount_minor);
}

/* The latest entry for (agreement, tier, item) dated on or before @p date; NULL when none. */
static const struct entry *latest(const ssvc_pricelist *pl, const char *agreement,
                                  const char *tier, int item, ssvc_date date) {
  const struct entry *best = NULL;
  for (size_t i = 0; i < pl->n; i++) {
    const struct entry *e = &pl->entries[i];
    if (e->item != item || !same_str(e->agreement, agreement)) continue;
    if (tier && ssvc__ascii_casecmp(e->tier, tier) != 0) continue;
    if (ssvc__date_cmp(e->from, date) > 0) continue;
    if (!best || ssvc__date_cmp(e->from, best->from) > 0) best = e;
  }
  return best;
}

/* The resolved price; the tier has been found already. In order: the price list's override
 * for the agreement, the agreement's own price (@p user_price, -1: none), the list price, the
 * tier's own price on that day (@p tier_price, -1: the catalogue's). */
static int64_t fee_price(const ssvc_pricelist *pl, const ssvc_tier *t, const char *agreement,
                         ssvc_date date, int64_t user_price, int64_t tier_price) {
  const char *code = ssvc_tier_code(t);
  const struct entry *e = agreement ? latest(pl, agreement, code, SSVC_CHARGE_MONTHLY_FEE, date)
                                    : NULL;
  if (!e && user_price >= 0) return user_price;
  if (!e) e = latest(pl, NULL, code, SSVC_CHARGE_MONTHLY_FEE, date);
  if (e) return e->amount;
  return tier_price >= 0 ? tier_price : ssvc_tier_price(t);
}

static int64_t shipment_price(const ssvc_pricelist *pl, const char *agreement, int kind,
                              ssvc_date date) {
  const struct entry *e = agreement ? latest(pl, agreement, NULL, kind, date) : NULL;
  if (!e) e = latest(pl, NULL, NULL, kind, date);
  if (e) return e->amount;
  return kind == SSVC_CHARGE_FREIGHT ? SSVC_FREIGHT_DEFAULT_MINOR : SSVC_PACKAGING_DEFAULT_MINOR;
}

int ssvc_pricelist_lookup(const ssvc_pricelist *pricelist, int64_t *out, const char *agreement,
                          const char *tier, ssvc_date date) {
  const char *fn = "ssvc_pricelist_lookup";
  if (!pricelist) return SSVC_EINVAL;
  ssvc_ctx *ctx = pricelist->ctx;
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "%s: out must not be NULL", fn);
  if (!tier) return ssvc__err(ctx, SSVC_EINVAL, "%s: tier must not be NULL", fn);
  if (!ssvc_date_is_valid(&date))
    return ssvc__err(ctx, SSVC_EINVAL, "%s: date is not a valid date (got %d-%d-%d)", fn,
                     date.year, date.month, date.day);
  const ssvc_tier *t = tier_by_code(pricelist->catalog, tier);
  if (!t) return ssvc__err(ctx, SSVC_ENOTFOUND, "%s: no tier '%.32s' in the catalogue", fn, tier);
  *out = fee_price(pricelist, t, agreement, date, -1, -1);
  return SSVC_OK;
}

int ssvc_pricelist_shipment(const ssvc_pricelist *pricelist, int64_t *out, const char *agreement,
                            int kind, ssvc_date date) {
  const char *fn = "ssvc_pricelist_shipment";
  if (!pricelist) return SSVC_EINVAL;
  ssvc_ctx *ctx = pricelist->ctx;
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "%s: out must not be NULL", fn);
  if (kind != SSVC_CHARGE_FREIGHT && kind != SSVC_CHARGE_PACKAGING)
    return ssvc__err(ctx, SSVC_EINVAL,
                     "%s: kind must be SSVC_CHARGE_FREIGHT or SSVC_CHARGE_PACKAGING (got %d)", fn,
                     kind);
  if (!ssvc_date_is_valid(&date))
    return ssvc__err(ctx, SSVC_EINVAL, "%s: date is not a valid date (got %d-%d-%d)", fn,
                     date.year, date.month, date.day);
  *out = shipment_price(pricelist, agreement, kind, date);
  return SSVC_OK;
}

/* ---- The month ---- */

/* One run of days with the same user count, tier and price. */
struct segment {
  int first, last; /* days of the month */
  uint32_t users;
  const ssvc_tier *tier;
  int64_t price;
};

struct month {
  const ssvc_tier *tier; /* in->tier: the days before the first terms */
  int dim;
  struct segment seg[31];
  int nseg;
};

int ssvc__charge_check(ssvc_ctx *ctx, const char *func, const char *arg, const ssvc_charge *c) {
  char what[96];
  snprintf(what, sizeof what, "%s: %s", func, arg);
  int rc = ssvc__check_version(ctx, what, c->version, SSVC_CHARGE_VERSION);
  if (rc) return rc;
  if (c->kind <= SSVC_CHARGE_MONTHLY_FEE || c->kind >= SSVC_CHARGE_KIND_COUNT)
    return ssvc__err(ctx, SSVC_EINVAL,
                     "%s.kind must be a charge kind other than the monthly fee (got %d)", what,
                     c->kind);
  if (c->quantity == 0 || c->quantity < -CHARGE_QUANTITY_MAX || c->quantity > CHARGE_QUANTITY_MAX)
    return ssvc__err(ctx, SSVC_EINVAL,
                     "%s.quantity must be 1..10^6, or -10^6..-1 for a credit (got %lld)", what,
                     (long long)c->quantity);
  if (c->unit_price_minor < 0 || c->unit_price_minor > SSVC_AMOUNT_MAX)
    return ssvc__err(ctx, SSVC_EINVAL, "%s.unit_price_minor must be 0..10^12 (got %lld)", what,
                     (long long)c->unit_price_minor);
  if (!ssvc_date_is_valid(&c->date))
    return ssvc__err(ctx, SSVC_EINVAL, "%s.date is not a valid date", what);
  char field[80];
  snprintf(field, sizeof field, "%s.text_sv", arg);
  if ((rc = ssvc__check_field(ctx, func, field, c->text_sv, 0, SSVC_LINE_TEXT_MAX))) return rc;
  snprintf(field, sizeof field, "%s.text_en", arg);
  return ssvc__check_field(ctx, func, field, c->text_en, 0, SSVC_LINE_TEXT_MAX);
}

static int check_input(const ssvc_pricelist *pl, ssvc_ctx *ctx, const char *fn,
                       const ssvc_month_input *in, struct month *m) {
  int rc = ssvc__check_version(ctx, fn, in->version, SSVC_MONTH_INPUT_VERSION);
  if (rc) return rc;
  if (in->agreement && (rc = check_agreement(ctx, fn, in->agreement))) return rc;
  if (!in->tier) return ssvc__err(ctx, SSVC_EINVAL, "%s: in->tier must not be NULL", fn);
  m->tier = tier_by_code(pl->catalog, in->tier);
  if (!m->tier)
    return ssvc__err(ctx, SSVC_ENOTFOUND, "%s: in->tier: no tier '%.32s' in the catalogue", fn,
                     in->tier);
  if (in->year < 1 || in->year > 9999 || in->month < 1 || in->month > 12)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: in->year/in->month is not a month (got %04d-%02d)", fn,
                     in->year, in->month);
  if (in->year == 1 && in->month == 1 && in->shipments)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: in->shipments: there is no month before 0001-01", fn);
  if (!in->users || in->user_changes == 0)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: in->users must hold at least one user count", fn);
  for (size_t i = 0; i < in->user_changes; i++) {
    const ssvc_user_count *u = &in->users[i];
    if (!ssvc_date_is_valid(&u->from))
      return ssvc__err(ctx, SSVC_EINVAL,
                       "%s: in->users[%zu].from is not a valid date (got %d-%d-%d)", fn, i,
                       u->from.year, u->from.month, u->from.day);
    if (i > 0 && ssvc__date_cmp(u->from, in->users[i - 1].from) <= 0)
      return ssvc__err(ctx, SSVC_EINVAL, "%s: in->users[%zu].from is not after in->users[%zu].from",
                       fn, i, i - 1);
    if (u->users > USERS_MAX)
      return ssvc__err(ctx, SSVC_EINVAL, "%s: in->users[%zu].users must be 0..%u (got %u)", fn, i,
                       USERS_MAX, u->users);
  }
  if (in->shipments > USERS_MAX)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: in->shipments must be 0..%u (got %u)", fn, USERS_MAX,
                     in->shipments);
  if ((rc = ssvc__vat_check(ctx, fn, "in->vat_basis_points", in->vat_basis_points))) return rc;
  const ssvc_fee_terms *terms = in->version >= 2 ? in->terms : NULL;
  size_t nterms = terms ? in->term_count : 0;
  if (in->version >= 2 && in->term_count && !in->terms)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: in->terms is NULL but in->term_count is %zu", fn,
                     in->term_count);
  for (size_t i = 0; i < nterms; i++) {
    const ssvc_fee_terms *t = &terms[i];
    if (!ssvc_date_is_valid(&t->from))
      return ssvc__err(ctx, SSVC_EINVAL,
                       "%s: in->terms[%zu].from is not a valid date (got %d-%d-%d)", fn, i,
                       t->from.year, t->from.month, t->from.day);
    if (i > 0 && ssvc__date_cmp(t->from, terms[i - 1].from) <= 0)
      return ssvc__err(ctx, SSVC_EINVAL, "%s: in->terms[%zu].from is not after in->terms[%zu].from",
                       fn, i, i - 1);
    if (!t->tier) return ssvc__err(ctx, SSVC_EINVAL, "%s: in->terms[%zu].tier must not be NULL", fn, i);
    if (!tier_by_code(pl->catalog, t->tier))
      return ssvc__err(ctx, SSVC_ENOTFOUND, "%s: in->terms[%zu].tier: no tier '%.32s' in the catalogue",
                       fn, i, t->tier);
    if (t->user_price_minor < -1 || t->user_price_minor > SSVC_AMOUNT_MAX)
      return ssvc__err(ctx, SSVC_EINVAL,
                       "%s: in->terms[%zu].user_price_minor must be 0..10^12 or -1 (got %lld)", fn,
                       i, (long long)t->user_price_minor);
    if (t->tier_price_minor < -1 || t->tier_price_minor > SSVC_AMOUNT_MAX)
      return ssvc__err(ctx, SSVC_EINVAL,
                       "%s: in->terms[%zu].tier_price_minor must be 0..10^12 or -1 (got %lld)", fn,
                       i, (long long)t->tier_price_minor);
  }
  if (in->charge_count && !in->charges)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: in->charges is NULL but in->charge_count is %zu", fn,
                     in->charge_count);
  for (size_t i = 0; i < in->charge_count; i++) {
    char arg[40];
    snprintf(arg, sizeof arg, "in->charges[%zu]", i);
    if ((rc = ssvc__charge_check(ctx, fn, arg, &in->charges[i]))) return rc;
  }

  /* Day by day: the user count, the tier and the price in force, merged into segments. */
  m->dim = ssvc__days_in_month(in->year, in->month);
  m->nseg = 0;
  size_t ui = 0, ti = 0;
  uint32_t users = 0;
  const ssvc_tier *tier = m->tier;
  int64_t user_price = -1, tier_price = -1;
  for (int d = 1; d <= m->dim; d++) {
    ssvc_date day = {in->year, in->month, d};
    while (ui < in->user_changes && ssvc__date_cmp(in->users[ui].from, day) <= 0)
      users = in->users[ui++].users;
    for (; ti < nterms && ssvc__date_cmp(terms[ti].from, day) <= 0; ti++) {
      tier = tier_by_code(pl->catalog, terms[ti].tier);
      user_price = terms[ti].user_price_minor;
      tier_price = terms[ti].tier_price_minor;
    }
    int64_t price = fee_price(pl, tier, in->agreement, day, user_price, tier_price);
    struct segment *s = m->nseg ? &m->seg[m->nseg - 1] : NULL;
    if (s && s->users == users && s->tier == tier && s->price == price) {
      s->last = d;
    } else {
      s = &m->seg[m->nseg++];
      s->first = s->last = d;
      s->users = users;
      s->tier = tier;
      s->price = price;
    }
  }
  return SSVC_OK;
}

/* The invoice line of a fee segment: a whole month is users x price; part of a month is
 * user-days x price / days of the month. */
static void segment_line(const struct month *m, const struct segment *s, ssvc_invoice_line *l) {
  int days = s->last - s->first + 1;
  if (days == m->dim) {
    l->quantity = s->users;
    l->base_quantity = 1;
    l->unit_code = "C62";
  } else {
    l->quantity = (int64_t)s->users * days;
    l->base_quantity = m->dim;
    l->unit_code = "DAY";
  }
  l->unit_price_minor = s->price;
}

int ssvc_charges_fee(const ssvc_pricelist *pricelist, int64_t *out, const ssvc_month_input *in) {
  const char *fn = "ssvc_charges_fee";
  if (!pricelist) return SSVC_EINVAL;
  ssvc_ctx *ctx = pricelist->ctx;
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "%s: out must not be NULL", fn);
  if (!in) return ssvc__err(ctx, SSVC_EINVAL, "%s: in must not be NULL", fn);
  struct month m;
  int rc = check_input(pricelist, ctx, fn, in, &m);
  if (rc) return rc;
  int64_t sum = 0;
  for (int i = 0; i < m.nseg; i++) {
    ssvc_invoice_line l = SSVC_INVOICE_LINE_INIT;
    segment_line(&m, &m.seg[i], &l);
    if (l.unit_price_minor && l.quantity > SSVC_SUM_MAX / l.unit_price_minor)
      return ssvc__err(ctx, SSVC_ERANGE, "%s: the fee of %lld x %lld is too large", fn,
                       (long long)l.quantity, (long long)l.unit_price_minor);
    /* No overflow: every segment's users x price x days <= SSVC_SUM_MAX, and the nets are that
     * times days/days-in-month, so their sum stays below SSVC_SUM_MAX + 31. */
    sum += ssvc__div_round(l.quantity * l.unit_price_minor, l.base_quantity);
  }
  *out = sum;
  return SSVC_OK;
}

/* The lines of a month, prepared but not yet appended. */
struct pending {
  struct inv_line *l;
  ssvc_invoice **to;
  size_t n;
};

static int prepare(ssvc_invoice *inv, const char *fn, struct pending *p,
                   const ssvc_invoice_line *line) {
  int rc = ssvc__inv_line_prepare(inv, fn, line, &p->l[p->n]);
  if (rc) return rc;
  p->to[p->n++] = inv;
  return SSVC_OK;
}

static void month_name(char *buf, size_t size, int y, int m) {
  snprintf(buf, size, "%04d-%02d", y, m);
}

static int month_lines(const ssvc_pricelist *pl, ssvc_invoice *service, ssvc_invoice *direct,
                       const ssvc_month_input *in, const struct month *m, struct pending *p,
                       const char *fn) {
  int rc;
  char sv[SSVC_LINE_TEXT_MAX + 1], en[SSVC_LINE_TEXT_MAX + 1], d1[48], d2[48];
  for (int i = 0; i < m->nseg; i++) {
    const struct segment *s = &m->seg[i];
    if (s->users == 0) continue;
    ssvc_invoice_line l = SSVC_INVOICE_LINE_INIT;
    l.kind = SSVC_CHARGE_MONTHLY_FEE;
    l.vat_basis_points = in->vat_basis_points;
    segment_line(m, s, &l);
    ssvc_date_format(d1, sizeof d1, &(ssvc_date){in->year, in->month, s->first});
    ssvc_date_format(d2, sizeof d2, &(ssvc_date){in->year, in->month, s->last});
    for (int lang = SSVC_LANG_SV; lang <= SSVC_LANG_EN; lang++)
      snprintf(lang == SSVC_LANG_SV ? sv : en, sizeof sv, "%s, %u %s, %s – %s",
               ssvc_tier_name(s->tier, lang), s->users, ssvc__word(SSVC__WORD_USERS, lang), d1, d2);
    l.text_sv = sv;
    l.text_en = en;
    if ((rc = prepare(service, fn, p, &l))) return rc;
  }
  if (in->shipments) {
    int py = in->month == 1 ? in->year - 1 : in->year, pm = in->month == 1 ? 12 : in->month - 1;
    ssvc_date last = {py, pm, ssvc__days_in_month(py, pm)};
    char mon[32];
    month_name(mon, sizeof mon, py, pm);
    const int ship_kinds[2] = {SSVC_CHARGE_FREIGHT, SSVC_CHARGE_PACKAGING};
    for (int k = 0; k < 2; k++) {
      ssvc_invoice_line l = SSVC_INVOICE_LINE_INIT;
      l.kind = ship_kinds[k];
      l.vat_basis_points = in->vat_basis_points;
      l.quantity = in->shipments;
      l.unit_price_minor = shipment_price(pl, in->agreement, ship_kinds[k], last);
      for (int lang = SSVC_LANG_SV; lang <= SSVC_LANG_EN; lang++)
        snprintf(lang == SSVC_LANG_SV ? sv : en, sizeof sv, "%s, %s %s",
                 ssvc_charge_kind_name(l.kind, lang), ssvc__word(SSVC__WORD_SHIPMENTS, lang), mon);
      l.text_sv = sv;
      l.text_en = en;
      if ((rc = prepare(service, fn, p, &l))) return rc;
    }
  }
  for (size_t i = 0; i < in->charge_count; i++) {
    const ssvc_charge *c = &in->charges[i];
    ssvc_invoice_line l = SSVC_INVOICE_LINE_INIT;
    l.kind = c->kind;
    l.vat_basis_points = in->vat_basis_points;
    l.quantity = c->quantity;
    l.unit_price_minor = c->unit_price_minor;
    l.text_sv = c->text_sv ? c->text_sv : ssvc_charge_kind_name(c->kind, SSVC_LANG_SV);
    l.text_en = c->text_en ? c->text_en : ssvc_charge_kind_name(c->kind, SSVC_LANG_EN);
    if ((rc = prepare(ssvc_charge_kind_is_direct(c->kind) ? direct : service, fn, p, &l)))
      return rc;
  }
  return SSVC_OK;
}

int ssvc_charges_month(const ssvc_pricelist *pricelist, ssvc_invoice *service,
                       ssvc_invoice *direct, const ssvc_month_input *in) {
  const char *fn = "ssvc_charges_month";
  if (!pricelist) return SSVC_EINVAL;
  ssvc_ctx *ctx = pricelist->ctx;
  if (!service) return ssvc__err(ctx, SSVC_EINVAL, "%s: service must not be NULL", fn);
  if (!in) return ssvc__err(ctx, SSVC_EINVAL, "%s: in must not be NULL", fn);
  if (service->ctx != ctx || (direct && direct->ctx != ctx))
    return ssvc__err(ctx, SSVC_EINVAL, "%s: the invoices must belong to the price list's context",
                     fn);
  if (direct == service)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: service and direct must be different invoices", fn);
  if (service->direct)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: service is a direct-billed invoice", fn);
  if (direct && !direct->direct)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: direct is not a direct-billed invoice", fn);
  struct month m;
  int rc = check_input(pricelist, ctx, fn, in, &m);
  if (rc) return rc;
  size_t ndirect = 0;
  for (size_t i = 0; i < in->charge_count; i++)
    ndirect += (size_t)ssvc_charge_kind_is_direct(in->charges[i].kind);
  if (ndirect && !direct)
    return ssvc__err(ctx, SSVC_EINVAL,
                     "%s: direct must not be NULL: in->charges has %zu direct-billed charge(s)", fn,
                     ndirect);

  size_t max = (size_t)m.nseg + 2 + in->charge_count;
  struct pending p = {NULL, NULL, 0};
  p.l = ssvc__malloc(ctx, max * sizeof *p.l);
  p.to = ssvc__malloc(ctx, max * sizeof *p.to);
  if (!p.l || !p.to) {
    rc = SSVC_ENOMEM;
    goto out;
  }
  if ((rc = month_lines(pricelist, service, direct, in, &m, &p, fn))) goto out;
  /* Room and sums for both invoices, then appending cannot fail. */
  ssvc_invoice *invs[2] = {service, direct};
  for (int k = 0; k < 2; k++) {
    if (!invs[k]) continue;
    size_t n = 0;
    int64_t gross = 0; /* sum of |net| */
    for (size_t i = 0; i < p.n; i++)
      if (p.to[i] == invs[k]) {
        n++;
        if (gross > SSVC_SUM_MAX - ssvc__abs64(p.l[i].net)) {
          rc = ssvc__err(ctx, SSVC_ERANGE, "%s: the invoice total would exceed %lld öre", fn,
                         (long long)SSVC_SUM_MAX);
          goto out;
        }
        gross += ssvc__abs64(p.l[i].net);
      }
    if (n && (rc = ssvc__inv_reserve(invs[k], fn, n, gross, in->vat_basis_points))) goto out;
  }
  for (size_t i = 0; i < p.n; i++) ssvc__inv_line_commit(p.to[i], &p.l[i]);
  p.n = 0;
out:
  for (size_t i = 0; i < p.n; i++) ssvc__inv_line_discard(p.to[i], &p.l[i]);
  ssvc__free(ctx, p.l);
  ssvc__free(ctx, p.to);
  return rc;
}

/* ---- For the invoice run (invoice_run.c) ---- */

ssvc_ctx *ssvc__pricelist_ctx(const ssvc_pricelist *pl) { return pl->ctx; }

int ssvc__pricelist_put(ssvc_pricelist *pl, const char *fn, const char *agreement,
                        const char *tier, int item, ssvc_date from, int64_t amount) {
  /* An entry of a tier the catalogue lacks cannot apply to this price list's agreements. */
  if (tier && !tier_by_code(pl->catalog, tier)) return SSVC_OK;
  return add_entry(pl, fn, agreement, tier, item, from, amount);
}

int ssvc__pricelist_derive(const ssvc_pricelist *pl, ssvc_pricelist **out,
                           const ssvc_catalog *catalog) {
  const char *fn = "ssvc_invoice_run";
  *out = NULL;
  ssvc_pricelist *d = NULL;
  int rc = ssvc_pricelist_new(pl->ctx, &d, catalog ? catalog : pl->catalog);
  if (rc) return rc;
  for (size_t i = 0; i < pl->n && !rc; i++) {
    const struct entry *e = &pl->entries[i];
    rc = ssvc__pricelist_put(d, fn, e->agreement, e->tier, e->item, e->from, e->amount);
  }
  if (rc) {
    ssvc_pricelist_free(d);
    return rc;
  }
  *out = d;
  return SSVC_OK;
}
