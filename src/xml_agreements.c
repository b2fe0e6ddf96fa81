/* xml_agreements: <agreement> records in the XML interchange: written from the public agreement
 * API after the cases, read and stored through ssvc_agreement_create/update (doc/xml.md). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "charges_internal.h"
#include "roster_record.h"
#include "smartservice/backup_phone.h"
#include "smartservice/stock_order.h"
#include "swap_record.h"
#include "xml_exporter.h"
#include "xml_importer.h"

/* ---- Agreements: <agreement> after the cases, written from the public agreement API. ---- */

/* A price override; nothing for SSVC_AGREEMENT_NO_OVERRIDE. */
static void wattr_price(struct exporter *x, const char *name, int64_t v) {
  if (v != SSVC_AGREEMENT_NO_OVERRIDE) ssvc__xml_wattr_int(x, name, v);
}

/* The attributes of <buyer> (doc/xml.md), in order, and the party's field each holds. */
static const char *const BUYER_ATTRS[] = {"name",     "org-number",   "vat-number",    "street",
                                          "postal-code", "city",      "country",       "endpoint",
                                          "legal-form", "bankgiro",   "iban",          "bic",
                                          "contact-name", "contact-phone", "contact-email",
                                          "f-skatt",  NULL};
enum { B_FSKATT = 15, B_N = 16 };

static const char **buyer_field(ssvc_party *p, int i) {
  const char **f[B_FSKATT] = {&p->name,          &p->org_number,    &p->vat_number,
                              &p->street,        &p->postal_code,   &p->city,
                              &p->country,       &p->endpoint,      &p->legal_form,
                              &p->bankgiro,      &p->iban,          &p->bic,
                              &p->contact_name,  &p->contact_phone, &p->contact_email};
  return f[i];
}

static void write_buyer(struct exporter *x, const ssvc_party *b) {
  ssvc_party p = *b;
  ssvc__xml_wstart(x, "buyer");
  for (int i = 0; i < B_FSKATT; i++)
    if (*buyer_field(&p, i)) ssvc__xml_wattr(x, BUYER_ATTRS[i], *buyer_field(&p, i));
  if (p.f_skatt) ssvc__xml_wattr_int(x, BUYER_ATTRS[B_FSKATT], 1);
  ssvc__xml_wend(x);
}

static int write_roster_entry(void *ud, const ssvc_roster_entry *e) {
  struct exporter *x = ud;
  ssvc__xml_wstart(x, "roster-entry");
  ssvc__xml_wattr(x, "imei", e->imei);
  ssvc__xml_wattr(x, "name", e->user_name);
  if (e->phone) ssvc__xml_wattr(x, "phone", e->phone);
  if (e->email) ssvc__xml_wattr(x, "email", e->email);
  if (e->model) ssvc__xml_wattr(x, "model", e->model);
  if (e->purchased.year) ssvc__xml_wattr_date(x, "purchased", e->purchased);
  if (e->warranty_until.year) ssvc__xml_wattr_date(x, "warranty", e->warranty_until);
  ssvc__xml_wend(x);
  return 0;
}

static int write_backup_phone(void *ud, const ssvc_backup_phone *p) {
  struct exporter *x = ud;
  if (x->dry) return 0;
  ssvc__xml_wstart(x, "backup-phone");
  ssvc__xml_wattr(x, "imei", p->imei);
  ssvc__xml_wattr(x, "model", p->model);
  ssvc__xml_wattr(x, "terms", ssvc_backup_terms_name(p->terms));
  ssvc__xml_wattr(x, "state", ssvc_backup_state_name(p->state));
  if (*p->user) ssvc__xml_wattr(x, "user", p->user);
  if (p->price_minor) ssvc__xml_wattr_int(x, "price", p->price_minor);
  ssvc__xml_wattr_instant(x, "received", p->received_at);
  if (p->removed_at) ssvc__xml_wattr_instant(x, "removed", p->removed_at);
  ssvc__xml_wend(x);
  return 0;
}

/* The stock change orders: every <stock-order> (pass 0), then every <stock-line> (pass 1). */
struct stock_writer {
  struct exporter *x;
  int pass;
};

static int write_stock_order(void *ud, const ssvc_stock_order *o, const ssvc_stock_line *l,
                             size_t n) {
  struct stock_writer *w = ud;
  struct exporter *x = w->x;
  if (x->dry) return 0;
  if (w->pass == 0) {
    ssvc__xml_wstart(x, "stock-order");
    ssvc__xml_wattr_int(x, "number", o->number);
    ssvc__xml_wattr(x, "state", ssvc_refill_state_name(o->state));
    ssvc__xml_wattr_int(x, "price", o->price_minor);
    ssvc__xml_wattr_instant(x, "created", o->created_at);
    if (o->decided_at) ssvc__xml_wattr_instant(x, "decided", o->decided_at);
    if (o->state == SSVC_REFILL_APPROVED && o->price_minor)
      ssvc__xml_wattr_int(x, "charge", o->charge_index);
    ssvc__xml_wend(x);
    return 0;
  }
  for (size_t i = 0; i < n; i++) {
    ssvc__xml_wstart(x, "stock-line");
    ssvc__xml_wattr_int(x, "order", o->number);
    ssvc__xml_wattr(x, "kind", ssvc_stock_line_kind_name(l[i].kind));
    if (*l[i].imei) ssvc__xml_wattr(x, "imei", l[i].imei);
    if (*l[i].model) ssvc__xml_wattr(x, "model", l[i].model);
    if (l[i].disposal) ssvc__xml_wattr(x, "disposal", ssvc_stock_disposal_name(l[i].disposal));
    if (l[i].kind == SSVC_STOCK_TARGET) ssvc__xml_wattr_int(x, "target", l[i].target);
    ssvc__xml_wend(x);
  }
  return 0;
}

static int export_stock_orders(struct exporter *x, const char *customer) {
  int rc = SSVC_OK;
  for (int pass = 0; pass < (x->dry ? 1 : 2) && !rc; pass++) {
    struct stock_writer w = {x, pass};
    rc = ssvc__stock_order_scan(x->st, x->func, customer, write_stock_order, &w);
  }
  return rc;
}

static void write_agreement(struct exporter *x, const ssvc_agreement *a) {
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  ssvc_agreement_spec_get(a, &s);
  ssvc__xml_wstart(x, "agreement");
  ssvc__xml_wattr(x, "customer", s.customer_id);
  ssvc__xml_wattr(x, "name", s.customer_name);
  ssvc__xml_wattr(x, "tier", s.tier_code);
  ssvc__xml_wattr_int(x, "fleet", s.fleet);
  ssvc__xml_wattr(x, "replacement", ssvc_replacement_name(s.replacement ? s.replacement
                                                              : SSVC_REPLACEMENT_SWAP));
  ssvc__xml_wattr(x, "repaired-to", ssvc_repaired_to_name(s.repaired_to ? s.repaired_to
                                                              : SSVC_REPAIRED_TO_STOCK));
  ssvc__xml_wattr_int(x, "swap-basis-points", s.swap_basis_points);
  if (s.cutoff_seconds) ssvc__xml_wattr_int(x, "cutoff-seconds", s.cutoff_seconds);
  if (s.return_days) ssvc__xml_wattr_int(x, "return-days", s.return_days);
  ssvc__xml_wattr_int(x, "vat-basis-points", s.vat_basis_points);
  wattr_price(x, "user-price", s.user_price_minor);
  wattr_price(x, "freight", s.freight_minor);
  wattr_price(x, "packaging", s.packaging_minor);
  wattr_price(x, "replacement-value", s.replacement_value_minor);
  if (s.swap_rent_minor) ssvc__xml_wattr_int(x, "swap-rent", s.swap_rent_minor);
  if (s.retention_months) ssvc__xml_wattr_int(x, "retention-months", s.retention_months);
  if (s.buyer_reference) ssvc__xml_wattr(x, "buyer-reference", s.buyer_reference);
  if (s.order_reference) ssvc__xml_wattr(x, "order-reference", s.order_reference);
  if (s.payment_days) ssvc__xml_wattr_int(x, "payment-days", s.payment_days);
  if (s.roster_policy) ssvc__xml_wattr(x, "roster-policy", ssvc_roster_policy_name(s.roster_policy));
  if (s.model_min_users) ssvc__xml_wattr_int(x, "model-min-users", s.model_min_users);
  if (s.models_max) ssvc__xml_wattr_int(x, "models-max", s.models_max);
  if (s.custom_tier) {
    const ssvc_tier_spec *t = s.custom_tier;
    ssvc__xml_wstart(x, "custom-tier");
    ssvc__xml_wattr(x, "name-sv", t->name_sv);
    ssvc__xml_wattr(x, "name-en", t->name_en);
    ssvc__xml_wattr_int(x, "features", t->features);
    ssvc__xml_wattr_int(x, "price", t->price_minor);
    ssvc__xml_wattr(x, "currency", t->currency && *t->currency ? t->currency : "SEK");
    ssvc__xml_wend(x);
  }
  for (size_t n = 0; n < s.closed_day_count; n++) {
    ssvc__xml_wstart(x, "closed-day");
    ssvc__xml_wattr_date(x, "date", s.closed_days[n]);
    ssvc__xml_wend(x);
  }
  for (size_t n = 0; n < s.model_count; n++) {
    const ssvc_agreement_model *m = &s.models[n];
    ssvc__xml_wstart(x, "model");
    ssvc__xml_wattr(x, "name", m->model);
    wattr_price(x, "value", m->replacement_value_minor);
    if (m->target) ssvc__xml_wattr_int(x, "target", m->target);
    ssvc__xml_wend(x);
  }
  if (s.buyer) write_buyer(x, s.buyer);
  /* The roster travels with its agreement (doc/roster.md). */
  x->roster_rc = ssvc__roster_scan(x->st, x->func, s.customer_id, write_roster_entry, x, NULL);
  /* So do the backup phones at the customer's site (doc/backup-phones.md). */
  x->backup_rc = ssvc_backup_phone_list(x->st, s.customer_id, write_backup_phone, x);
  /* And the stock change orders (doc/stock-orders.md). */
  x->stock_rc = export_stock_orders(x, s.customer_id);
  ssvc__xml_wend(x);
  ssvc__xml_record_done(x, "agreement", s.customer_id);
}

/* One agreement by customer id; @p missing_ok: a customer without one writes nothing. */
static int export_agreement_of(struct exporter *x, const char *customer_id, int missing_ok) {
  ssvc_agreement *a = NULL;
  int rc = ssvc_agreement_load(x->st, &a, customer_id);
  /* A customer without an agreement, or with an id no agreement can have, has none. */
  if ((rc == SSVC_ENOTFOUND || rc == SSVC_EINVAL) && missing_ok) return SSVC_OK;
  if (rc) return x->rc = rc;
  if (!x->dry) write_agreement(x, a);
  else {
    x->roster_rc = ssvc__roster_scan(x->st, x->func, customer_id, NULL, NULL, NULL);
    x->backup_rc = ssvc_backup_phone_list(x->st, customer_id, write_backup_phone, x);
    x->stock_rc = export_stock_orders(x, customer_id);
  }
  ssvc_agreement_free(a);
  if (x->roster_rc && !x->rc) x->rc = x->roster_rc;
  if (x->backup_rc && !x->rc) x->rc = x->backup_rc;
  if (x->stock_rc && !x->rc) x->rc = x->stock_rc;
  return x->rc;
}

/* The customer ids, collected first: an agreement's roster is read by a scan of its own, which
 * a backend does not allow inside the agreements' scan. */
static int collect_id_cb(void *data, const char *customer_id) {
  ssvc_buf *b = data;
  ssvc__buf_append(b, customer_id, strlen(customer_id) + 1);
  return b->failed ? 1 : 0;
}

/* Every agreement (in customer id order), or the one of options->customer_id. */
int ssvc__xml_export_agreements(struct exporter *x) {
  if (x->opt && x->opt->customer_id) return export_agreement_of(x, x->opt->customer_id, 1);
  ssvc_buf ids;
  ssvc__buf_init(&ids, x->ctx);
  int rc = ssvc_agreement_list(x->st, collect_id_cb, &ids);
  if (!rc && ids.failed) rc = SSVC_ENOMEM;
  for (size_t at = 0; !rc && at < ids.len; at += strlen((const char *)ids.p + at) + 1)
    rc = export_agreement_of(x, (const char *)ids.p + at, 0);
  ssvc__buf_free(&ids);
  return rc ? rc : x->rc;
}

/* ---- Agreements: <agreement> records, written through ssvc_agreement_create/update. ---- */

/* The actor of the events an imported agreement's log gets. */
#define XML_IMPORT_ACTOR "xml-import"

/* An optional price attribute: absent means no override. */
static int get_price(struct importer *im, const xmlNode *n, const char *v, const char *what,
                     int64_t *out) {
  *out = SSVC_AGREEMENT_NO_OVERRIDE;
  return v ? ssvc__xml_get_int(im, n, v, what, 0, INT64_MAX, out) : SSVC_OK;
}

/* Most backup phones of one agreement in the interchange. */
#define BACKUP_XML_MAX 100000

/* One <backup-phone> of @p customer's agreement into im->bp (doc/xml.md "Agreements"). */
static int read_backup_phone(struct importer *im, const xmlNode *c, const char *customer) {
  static const char *const at[] = {"imei", "model", "terms", "state", "user", "price",
                                   "received", "removed", NULL};
  enum { P_IMEI, P_MODEL, P_TERMS, P_STATE, P_USER, P_PRICE, P_RECEIVED, P_REMOVED, P_N };
  const char *w[P_N + 1];
  if (im->nbp == BACKUP_XML_MAX)
    return ssvc__xml_rec_err(im, SSVC_ELIMIT, c, "<agreement>: more than %d backup phones",
                             BACKUP_XML_MAX);
  GROW(im, im->bp, im->bp_cap, im->nbp);
  ssvc_backup_phone *p = &im->bp[im->nbp];
  memset(p, 0, sizeof *p);
  p->version = SSVC_BACKUP_PHONE_VERSION;
  int rc;
  if ((rc = ssvc__xml_get_attrs(im, c, at, w)) || (rc = ssvc__xml_need(im, c, w[P_IMEI], "imei")) ||
      (rc = ssvc__xml_need(im, c, w[P_MODEL], "model")) ||
      (rc = ssvc__xml_need(im, c, w[P_TERMS], "terms")) ||
      (rc = ssvc__xml_need(im, c, w[P_STATE], "state")) ||
      (rc = ssvc__xml_need(im, c, w[P_RECEIVED], "received")) ||
      (rc = ssvc__xml_get_instant(im, c, w[P_RECEIVED], "received", &p->received_at)) ||
      (w[P_REMOVED] &&
       (rc = ssvc__xml_get_instant(im, c, w[P_REMOVED], "removed", &p->removed_at))) ||
      (w[P_PRICE] &&
       (rc = ssvc__xml_get_int(im, c, w[P_PRICE], "price", 0, INT64_C(1000000000000),
                               &p->price_minor))))
    return rc;
  if (ssvc__imei_check(im->ctx, "<backup-phone>", "imei", w[P_IMEI]))
    return ssvc__xml_rec_err(im, SSVC_EINVAL, c, "%s", ssvc_ctx_errmsg(im->ctx));
  if (!*w[P_MODEL] || strlen(w[P_MODEL]) > SSVC_MODEL_MAX)
    return ssvc__xml_rec_err(im, SSVC_EINVAL, c, "<backup-phone>: model: 1..%d bytes",
                             SSVC_MODEL_MAX);
  if (ssvc_backup_terms_from_name(NULL, &p->terms, w[P_TERMS]))
    return ssvc__xml_rec_err(im, SSVC_EPARSE, c,
                             "<backup-phone>: terms: not bought or rented (got '%.40s')",
                             w[P_TERMS]);
  for (int st = SSVC_BACKUP_AT_SITE; st <= SSVC_BACKUP_REMOVED; st++)
    if (streq(w[P_STATE], ssvc_backup_state_name(st))) p->state = st;
  if (!p->state)
    return ssvc__xml_rec_err(im, SSVC_EPARSE, c, "<backup-phone>: state: not at-site, "
                             "handed-out or removed (got '%.40s')", w[P_STATE]);
  if ((p->state == SSVC_BACKUP_HANDED_OUT) != (w[P_USER] && *w[P_USER]))
    return ssvc__xml_rec_err(im, SSVC_EINVAL, c, "<backup-phone>: user: given exactly when "
                             "the phone is handed-out");
  if (w[P_USER] && strlen(w[P_USER]) >= SSVC_BACKUP_USER_SIZE)
    return ssvc__xml_rec_err(im, SSVC_EINVAL, c, "<backup-phone>: user: at most %d bytes",
                             SSVC_BACKUP_USER_SIZE - 1);
  if (p->terms == SSVC_BACKUP_RENTED && p->price_minor)
    return ssvc__xml_rec_err(im, SSVC_EINVAL, c, "<backup-phone>: price: a rented phone has "
                             "none");
  if ((p->state == SSVC_BACKUP_REMOVED) != (p->removed_at != 0))
    return ssvc__xml_rec_err(im, SSVC_EINVAL, c, "<backup-phone>: removed: given exactly when "
                             "the phone is removed");
  snprintf(p->customer_id, sizeof p->customer_id, "%s", customer);
  memcpy(p->imei, w[P_IMEI], 16);
  memcpy(p->model, w[P_MODEL], strlen(w[P_MODEL]) + 1);
  if (w[P_USER]) memcpy(p->user, w[P_USER], strlen(w[P_USER]) + 1);
  for (size_t j = 0; j < im->nbp; j++)
    if (strcmp(im->bp[j].imei, p->imei) == 0)
      return ssvc__xml_rec_err(im, SSVC_EINVAL, c,
                               "<backup-phone>: IMEI of an earlier backup phone (%s)", p->imei);
  im->nbp++;
  return SSVC_OK;
}

/* One <stock-order> of @p customer's agreement into im->so (doc/xml.md "Agreements"). */
static int read_stock_order(struct importer *im, const xmlNode *c, const char *customer) {
  static const char *const at[] = {"number", "state", "price", "created", "decided", "charge",
                                   NULL};
  enum { S_NUMBER, S_STATE, S_PRICE, S_CREATED, S_DECIDED, S_CHARGE, S_N };
  const char *w[S_N + 1];
  if (im->nso == BACKUP_XML_MAX)
    return ssvc__xml_rec_err(im, SSVC_ELIMIT, c, "<agreement>: more than %d stock change orders",
                             BACKUP_XML_MAX);
  GROW(im, im->so, im->so_cap, im->nso);
  ssvc_stock_order *o = &im->so[im->nso];
  ssvc_stock_order_init(o, SSVC_STOCK_ORDER_VERSION);
  int64_t v = 0;
  int rc;
  if ((rc = ssvc__xml_get_attrs(im, c, at, w)) ||
      (rc = ssvc__xml_need(im, c, w[S_NUMBER], "number")) ||
      (rc = ssvc__xml_need(im, c, w[S_STATE], "state")) ||
      (rc = ssvc__xml_need(im, c, w[S_CREATED], "created")) ||
      (rc = ssvc__xml_get_int(im, c, w[S_NUMBER], "number", 1, UINT32_MAX, &v)))
    return rc;
  o->number = (uint32_t)v;
  if ((w[S_PRICE] && (rc = ssvc__xml_get_int(im, c, w[S_PRICE], "price", 0,
                                             INT64_C(1000000000000), &o->price_minor))) ||
      (rc = ssvc__xml_get_instant(im, c, w[S_CREATED], "created", &o->created_at)) ||
      (w[S_DECIDED] &&
       (rc = ssvc__xml_get_instant(im, c, w[S_DECIDED], "decided", &o->decided_at))))
    return rc;
  if (w[S_CHARGE]) {
    if ((rc = ssvc__xml_get_int(im, c, w[S_CHARGE], "charge", 0, UINT32_MAX, &v))) return rc;
    o->charge_index = (uint32_t)v;
  }
  if (ssvc_refill_state_from_name(NULL, &o->state, w[S_STATE]))
    return ssvc__xml_rec_err(im, SSVC_EPARSE, c, "<stock-order>: state: not pending, approved "
                             "or declined (got '%.40s')", w[S_STATE]);
  if ((o->state == SSVC_REFILL_PENDING) != !w[S_DECIDED])
    return ssvc__xml_rec_err(im, SSVC_EINVAL, c, "<stock-order>: decided: given exactly when "
                             "the order is approved or declined");
  for (size_t j = 0; j < im->nso; j++)
    if (im->so[j].number == o->number)
      return ssvc__xml_rec_err(im, SSVC_EINVAL, c, "<stock-order>: number %u of an earlier "
                               "order", (unsigned)o->number);
  snprintf(o->customer_id, sizeof o->customer_id, "%s", customer);
  im->nso++;
  return SSVC_OK;
}

/* One <stock-line> into im->sl, with the number of its order in im->sl_order. */
static int read_stock_line(struct importer *im, const xmlNode *c) {
  static const char *const at[] = {"order", "kind", "imei", "model", "disposal", "target", NULL};
  enum { L_ORDER, L_KIND, L_IMEI, L_MODEL, L_DISPOSAL, L_TARGET, L_N };
  const char *w[L_N + 1];
  if (im->nsl == SSVC_STOCK_LINES_MAX * 16)
    return ssvc__xml_rec_err(im, SSVC_ELIMIT, c, "<agreement>: more than %d stock lines",
                             SSVC_STOCK_LINES_MAX * 16);
  GROW(im, im->sl, im->sl_cap, im->nsl);
  GROW(im, im->sl_order, im->slo_cap, im->nsl);
  ssvc_stock_line *l = &im->sl[im->nsl];
  ssvc_stock_line_init(l, SSVC_STOCK_LINE_VERSION);
  int64_t v = 0;
  int rc;
  if ((rc = ssvc__xml_get_attrs(im, c, at, w)) ||
      (rc = ssvc__xml_need(im, c, w[L_ORDER], "order")) ||
      (rc = ssvc__xml_need(im, c, w[L_KIND], "kind")) ||
      (rc = ssvc__xml_get_int(im, c, w[L_ORDER], "order", 1, UINT32_MAX, &v)))
    return rc;
  im->sl_order[im->nsl] = (uint32_t)v;
  for (int k = SSVC_STOCK_ADD; k <= SSVC_STOCK_TARGET; k++)
    if (streq(w[L_KIND], ssvc_stock_line_kind_name(k))) l->kind = k;
  if (!l->kind)
    return ssvc__xml_rec_err(im, SSVC_EPARSE, c, "<stock-line>: kind: not add, remove or target "
                             "(got '%.40s')", w[L_KIND]);
  if (w[L_DISPOSAL] && ssvc_stock_disposal_from_name(NULL, &l->disposal, w[L_DISPOSAL]))
    return ssvc__xml_rec_err(im, SSVC_EPARSE, c, "<stock-line>: disposal: not to-customer, sold "
                             "or retired (got '%.40s')", w[L_DISPOSAL]);
  if (w[L_TARGET]) {
    if ((rc = ssvc__xml_get_int(im, c, w[L_TARGET], "target", 0, 10000, &v))) return rc;
    l->target = (uint32_t)v;
  }
  if (w[L_IMEI] && strlen(w[L_IMEI]) < sizeof l->imei) memcpy(l->imei, w[L_IMEI], strlen(w[L_IMEI]) + 1);
  else if (w[L_IMEI])
    return ssvc__xml_rec_err(im, SSVC_EINVAL, c, "<stock-line>: imei: 15 digits");
  if (w[L_MODEL] && strlen(w[L_MODEL]) <= SSVC_MODEL_MAX)
    memcpy(l->model, w[L_MODEL], strlen(w[L_MODEL]) + 1);
  else if (w[L_MODEL])
    return ssvc__xml_rec_err(im, SSVC_EINVAL, c, "<stock-line>: model: at most %d bytes",
                             SSVC_MODEL_MAX);
  if (im->nsl && im->sl_order[im->nsl] < im->sl_order[im->nsl - 1])
    return ssvc__xml_rec_err(im, SSVC_EPARSE, c, "<stock-line>: order %u after a line of order "
                             "%u (lines come by order)", (unsigned)im->sl_order[im->nsl],
                             (unsigned)im->sl_order[im->nsl - 1]);
  im->nsl++;
  return SSVC_OK;
}

/* The lines of stock order @p i of the file: *first and *n in im->sl (contiguous: by order). */
static void stock_lines_of(const struct importer *im, size_t i, size_t *first, size_t *n) {
  size_t a = 0;
  while (a < im->nsl && im->sl_order[a] != im->so[i].number) a++;
  size_t b = a;
  while (b < im->nsl && im->sl_order[b] == im->so[i].number) b++;
  *first = a;
  *n = b - a;
}

/* Every line belongs to an order of the file, and every order's lines pass the order's checks. */
static int check_stock_orders(struct importer *im, const xmlNode *n) {
  for (size_t j = 0; j < im->nsl; j++) {
    size_t i = 0;
    while (i < im->nso && im->so[i].number != im->sl_order[j]) i++;
    if (i == im->nso)
      return ssvc__xml_rec_err(im, SSVC_EINVAL, n, "<stock-line>: order %u is not a "
                               "<stock-order> of the agreement", (unsigned)im->sl_order[j]);
  }
  for (size_t i = 0; i < im->nso; i++) {
    size_t first, count;
    stock_lines_of(im, i, &first, &count);
    if (!count)
      return ssvc__xml_rec_err(im, SSVC_EINVAL, n, "<stock-order>: order %u has no "
                               "<stock-line>", (unsigned)im->so[i].number);
    if (ssvc__stock_lines_check(im->ctx, "<stock-order>", im->sl + first, count))
      return ssvc__xml_rec_err(im, SSVC_EINVAL, n, "order %u: %s", (unsigned)im->so[i].number,
                               ssvc_ctx_errmsg(im->ctx));
  }
  return SSVC_OK;
}

/* Reads one <agreement> into @p s (strings borrowed from the tree, lists in the importer). */
static int read_agreement(struct importer *im, const xmlNode *n, ssvc_agreement_spec *s,
                          ssvc_tier_spec *t, ssvc_party *buyer) {
  static const char *const attrs[] = {"customer", "name", "tier", "fleet", "replacement",
                                      "repaired-to", "swap-basis-points", "cutoff-seconds",
                                      "return-days", "user-price", "freight", "packaging",
                                      "replacement-value", "vat-basis-points", "swap-rent",
                                      "retention-months", "buyer-reference", "order-reference",
                                      "payment-days", "roster-policy", "model-min-users",
                                      "models-max", NULL};
  enum { A_CUSTOMER, A_NAME, A_TIER, A_FLEET, A_REPLACEMENT, A_REPAIRED_TO, A_BP, A_CUTOFF,
         A_RETURN, A_USER_PRICE, A_FREIGHT, A_PACKAGING, A_VALUE, A_VAT, A_RENT, A_RETENTION,
         A_BUYER_REF, A_ORDER_REF, A_PAYMENT_DAYS, A_ROSTER_POLICY, A_MIN_USERS, A_MODELS_MAX,
         A_N };
  const char *a[A_N + 1];
  int rc = ssvc__xml_get_attrs(im, n, attrs, a);
  if (rc) return rc;
  if ((rc = ssvc__xml_need(im, n, a[A_CUSTOMER], "customer"))) return rc;
  snprintf(im->agr_id, sizeof im->agr_id, "%s", a[A_CUSTOMER]);
  if ((rc = ssvc__xml_need(im, n, a[A_NAME], "name")) ||
      (rc = ssvc__xml_need(im, n, a[A_TIER], "tier")))
    return rc;
  s->customer_id = a[A_CUSTOMER];
  s->customer_name = a[A_NAME];
  s->tier_code = a[A_TIER];
  int64_t v = 0;
  if ((rc = ssvc__xml_get_int(im, n, a[A_FLEET], "fleet", 0, UINT32_MAX, &v))) return rc;
  s->fleet = (uint32_t)v;
  if (a[A_REPLACEMENT]) {
    if (ssvc_replacement_from_name(NULL, &s->replacement, a[A_REPLACEMENT]))
      return ssvc__xml_rec_err(im, SSVC_EPARSE, n,
                               "<agreement>: replacement: not swap or loan (got "
                               "'%.40s')",
                               a[A_REPLACEMENT]);
  }
  if (a[A_REPAIRED_TO]) {
    if (ssvc_repaired_to_from_name(NULL, &s->repaired_to, a[A_REPAIRED_TO]))
      return ssvc__xml_rec_err(im, SSVC_EPARSE, n,
                               "<agreement>: repaired-to: not stock or user (got "
                               "'%.40s')",
                               a[A_REPAIRED_TO]);
  }
  if (a[A_BP]) {
    if ((rc = ssvc__xml_get_int(im, n, a[A_BP], "swap-basis-points", 0, 10000, &v))) return rc;
    s->swap_basis_points = (uint32_t)v;
  }
  if (a[A_CUTOFF]) {
    if ((rc = ssvc__xml_get_int(im, n, a[A_CUTOFF], "cutoff-seconds", 1, 86400, &v))) return rc;
    s->cutoff_seconds = (int)v;
  }
  if (a[A_RETURN]) {
    if ((rc = ssvc__xml_get_int(im, n, a[A_RETURN], "return-days", 1, 1000, &v))) return rc;
    s->return_days = (int)v;
  }
  if ((rc = get_price(im, n, a[A_USER_PRICE], "user-price", &s->user_price_minor)) ||
      (rc = get_price(im, n, a[A_FREIGHT], "freight", &s->freight_minor)) ||
      (rc = get_price(im, n, a[A_PACKAGING], "packaging", &s->packaging_minor)) ||
      (rc = get_price(im, n, a[A_VALUE], "replacement-value", &s->replacement_value_minor)))
    return rc;
  if (a[A_VAT]) {
    if ((rc = ssvc__xml_get_int(im, n, a[A_VAT], "vat-basis-points", 0, 10000, &v))) return rc;
    s->vat_basis_points = (uint32_t)v;
  }
  if (a[A_RENT] && (rc = ssvc__xml_get_int(im, n, a[A_RENT], "swap-rent", 0, INT64_MAX,
                                 &s->swap_rent_minor)))
    return rc;
  if (a[A_RETENTION]) {
    if ((rc = ssvc__xml_get_int(im, n, a[A_RETENTION], "retention-months", 0, 1200, &v)))
      return rc;
    s->retention_months = (uint32_t)v;
  }
  s->buyer_reference = a[A_BUYER_REF];
  s->order_reference = a[A_ORDER_REF];
  if (a[A_PAYMENT_DAYS]) {
    if ((rc = ssvc__xml_get_int(im, n, a[A_PAYMENT_DAYS], "payment-days", 1, 365, &v))) return rc;
    s->payment_days = (int)v;
  }
  if (a[A_ROSTER_POLICY] && ssvc_roster_policy_from_name(NULL, &s->roster_policy,
                                                         a[A_ROSTER_POLICY]))
    return ssvc__xml_rec_err(im, SSVC_EPARSE, n,
                             "<agreement>: roster-policy: not none, flag or refuse (got '%.40s')",
                             a[A_ROSTER_POLICY]);
  if (a[A_MIN_USERS]) {
    if ((rc = ssvc__xml_get_int(im, n, a[A_MIN_USERS], "model-min-users", 0, 100000, &v)))
      return rc;
    s->model_min_users = (uint32_t)v;
  }
  if (a[A_MODELS_MAX]) {
    if ((rc = ssvc__xml_get_int(im, n, a[A_MODELS_MAX], "models-max", 0, 256, &v))) return rc;
    s->models_max = (uint32_t)v;
  }
  /* Children: custom-tier?, closed-day*, model*, buyer?, roster-entry*, backup-phone*,
   * stock-order*, stock-line*. */
  enum { K_TIER, K_CLOSED, K_MODEL, K_BUYER, K_ROSTER, K_BACKUP, K_ORDER, K_LINE, K_N };
  static const char *const kids[] = {"custom-tier", "closed-day", "model", "buyer",
                                     "roster-entry", "backup-phone", "stock-order",
                                     "stock-line"};
  im->nre = 0;
  im->nbp = 0;
  im->nso = 0;
  im->nsl = 0;
  int last = -1;
  size_t ncd = 0, nmd = 0;
  int k;
  const xmlNode *c = n->children;
  for (; (rc = ssvc__xml_next_child(im, n, "agreement", &c, kids, K_N, last, &k)) == SSVC_OK && c;
       c = c->next) {
    if (k < last || ((k == K_TIER || k == K_BUYER) && last == k))
      return ssvc__xml_rec_err(im, SSVC_EPARSE, c, "<agreement>: <%s> is out of place (order: "
                     "custom-tier, closed-day*, model*, buyer, roster-entry*, backup-phone*, "
                     "stock-order*, stock-line*)", kids[k]);
    last = k;
    const char *w[B_N + 1], *text;
    if ((rc = ssvc__xml_elem_text(im, c, &text))) return rc;
    if (*text) return ssvc__xml_rec_err(im, SSVC_EPARSE, c, "<%s> must be empty", kids[k]);
    if (k == K_TIER) {
      static const char *const at[] = {"name-sv", "name-en", "features", "price", "currency",
                                       NULL};
      if ((rc = ssvc__xml_get_attrs(im, c, at, w)) ||
          (rc = ssvc__xml_get_int(im, c, w[2], "features", 0, SSVC_FEATURE_ALL, &v)))
        return rc;
      t->features = (unsigned int)v;
      if ((rc = ssvc__xml_get_int(im, c, w[3], "price", 0, INT64_MAX, &t->price_minor))) return rc;
      t->code = s->tier_code;
      t->name_sv = w[0];
      t->name_en = w[1];
      t->currency = w[4];
      s->custom_tier = t;
    } else if (k == K_BUYER) {
      if ((rc = ssvc__xml_get_attrs(im, c, BUYER_ATTRS, w)) ||
          (rc = ssvc__xml_need(im, c, w[0], "name")) ||
          (rc = ssvc__xml_need(im, c, w[1], "org-number")))
        return rc;
      *buyer = (ssvc_party)SSVC_PARTY_INIT;
      for (int i = 0; i < B_FSKATT; i++) {
        if (w[i] && !*w[i]) /* the schema's minLength 1 */
          return ssvc__xml_rec_err(im, SSVC_EPARSE, c, "<buyer>: attribute '%s' is empty",
                                   BUYER_ATTRS[i]);
        *buyer_field(buyer, i) = w[i];
      }
      if (w[B_FSKATT]) {
        if ((rc = ssvc__xml_get_int(im, c, w[B_FSKATT], "f-skatt", 0, 1, &v))) return rc;
        buyer->f_skatt = (int)v;
      }
      s->buyer = buyer; /* checked by the agreement module, like every other field */
    } else if (k == K_ROSTER) {
      static const char *const at[] = {"imei", "name", "phone", "email", "model", "purchased",
                                       "warranty", NULL};
      if (im->nre == SSVC__ROSTER_XML_MAX)
        return ssvc__xml_rec_err(im, SSVC_ELIMIT, c, "<agreement>: more than %d roster entries",
                                 SSVC__ROSTER_XML_MAX);
      GROW(im, im->re, im->re_cap, im->nre);
      ssvc_roster_entry e = SSVC_ROSTER_ENTRY_INIT;
      if ((rc = ssvc__xml_get_attrs(im, c, at, w)) || (rc = ssvc__xml_need(im, c, w[0], "imei")) ||
          (rc = ssvc__xml_need(im, c, w[1], "name")) ||
          (w[5] && (rc = ssvc__xml_get_date(im, c, w[5], "purchased", &e.purchased))) ||
          (w[6] && (rc = ssvc__xml_get_date(im, c, w[6], "warranty", &e.warranty_until))))
        return rc;
      e.imei = w[0];
      e.user_name = w[1];
      e.phone = w[2];
      e.email = w[3];
      e.model = w[4];
      struct ssvc__roster_norm *r = &im->re[im->nre];
      if (ssvc__roster_check_entry(im->ctx, "roster-entry", &e, r))
        return ssvc__xml_rec_err(im, SSVC_EINVAL, c, "%s", ssvc_ctx_errtext(im->ctx));
      for (size_t j = 0; j < im->nre; j++)
        if (strcmp(im->re[j].e.imei, r->e.imei) == 0 ||
            (r->e.phone && im->re[j].e.phone && strcmp(im->re[j].phone, r->phone) == 0))
          return ssvc__xml_rec_err(im, SSVC_EINVAL, c,
                                   "<roster-entry>: IMEI or phone of an earlier entry (%s)",
                                   r->e.imei);
      im->nre++;
    } else if (k == K_BACKUP) {
      if ((rc = read_backup_phone(im, c, a[A_CUSTOMER]))) return rc;
    } else if (k == K_ORDER) {
      if ((rc = read_stock_order(im, c, a[A_CUSTOMER]))) return rc;
    } else if (k == K_LINE) {
      if ((rc = read_stock_line(im, c))) return rc;
    } else if (k == K_CLOSED) {
      static const char *const at[] = {"date", NULL};
      if (ncd == SSVC_AGREEMENT_LIST_MAX)
        return ssvc__xml_rec_err(im, SSVC_ELIMIT, c, "<agreement>: more than %d closed days",
                       SSVC_AGREEMENT_LIST_MAX);
      GROW(im, im->cd, im->cd_cap, ncd);
      if ((rc = ssvc__xml_get_attrs(im, c, at, w)) || (rc = ssvc__xml_need(im, c, w[0], "date")) ||
          (rc = ssvc__xml_get_date(im, c, w[0], "date", &im->cd[ncd])))
        return rc;
      ncd++;
    } else {
      static const char *const at[] = {"name", "value", "target", NULL};
      if (nmd == SSVC_AGREEMENT_LIST_MAX)
        return ssvc__xml_rec_err(im, SSVC_ELIMIT, c, "<agreement>: more than %d models",
                       SSVC_AGREEMENT_LIST_MAX);
      GROW(im, im->md, im->md_cap, nmd);
      ssvc_agreement_model *m = &im->md[nmd];
      memset(m, 0, sizeof *m);
      if ((rc = ssvc__xml_get_attrs(im, c, at, w)) || (rc = ssvc__xml_need(im, c, w[0], "name")) ||
          (rc = get_price(im, c, w[1], "value", &m->replacement_value_minor)))
        return rc;
      if (w[2]) {
        if ((rc = ssvc__xml_get_int(im, c, w[2], "target", 0, UINT32_MAX, &v))) return rc;
        m->target = (uint32_t)v;
      }
      m->model = w[0];
      nmd++;
    }
  }
  if (rc) return rc;
  if ((rc = check_stock_orders(im, n))) return rc;
  s->closed_days = ncd ? im->cd : NULL;
  s->closed_day_count = ncd;
  s->models = nmd ? im->md : NULL;
  s->model_count = nmd;
  for (size_t j = 0; j < im->nre; j++) /* the array has stopped moving */
    if (im->re[j].e.phone) im->re[j].e.phone = im->re[j].phone;
  return SSVC_OK;
}

/* One <agreement>: read, then (in the open batch) created, or under the duplicate policy kept or
 * updated. The agreement rules are ssvc_agreement_create()'s; its refusal is a bad record. */
int ssvc__xml_import_agreement(struct importer *im, const xmlNode *n) {
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  ssvc_tier_spec t = SSVC_TIER_SPEC_INIT;
  ssvc_party buyer = SSVC_PARTY_INIT;
  im->agr_id[0] = '\0';
  im->eline = im->line;
  im->ecol = im->col;
  int rc = read_agreement(im, n, &s, &t, &buyer);
  if (rc == SSVC_OK && !im->batch_open) {
    if ((rc = ssvc_store_begin(im->st))) goto out;
    im->batch_open = 1;
  }
  int exists = 0;
  if (rc == SSVC_OK) {
    ssvc_agreement *old = NULL;
    rc = ssvc_agreement_load(im->st, &old, s.customer_id);
    ssvc_agreement_free(old);
    exists = rc == SSVC_OK;
    if (rc == SSVC_ENOTFOUND) rc = SSVC_OK;
    if (rc == SSVC_EINVAL)
      rc = ssvc__xml_rec_err(im, rc, n, "customer: %s", ssvc_ctx_errtext(im->ctx));
  }
  if (rc == SSVC_OK && exists && im->opt.on_duplicate == SSVC_XML_DUP_REJECT)
    rc = ssvc__xml_rec_err(im, SSVC_EEXISTS, n, "the customer has an agreement already");
  if (rc == SSVC_OK && exists && im->opt.on_duplicate == SSVC_XML_DUP_SKIP) {
    im->res.agreements_skipped++;
    goto out;
  }
  if (rc == SSVC_OK) {
    rc = exists ? ssvc_agreement_update(im->st, &s, 0, XML_IMPORT_ACTOR)
                : ssvc_agreement_create(im->st, &s, XML_IMPORT_ACTOR);
    /* The roster as the file has it (checked while reading: only storage can fail here). */
    if (rc == SSVC_OK)
      rc = ssvc__roster_set_all(im->st, im->func, s.customer_id, im->re, im->nre,
                                XML_IMPORT_ACTOR);
    /* The backup phones as the file has them (checked while reading). */
    for (size_t j = 0; rc == SSVC_OK && j < im->nbp; j++)
      rc = ssvc__backup_phone_put(im->st, im->func, &im->bp[j], XML_IMPORT_ACTOR);
    /* The stock change orders as records of what was ordered: nothing is applied again. */
    for (size_t j = 0; rc == SSVC_OK && j < im->nso; j++) {
      size_t first, count;
      stock_lines_of(im, j, &first, &count);
      rc = ssvc__stock_order_put(im->st, im->func, &im->so[j], im->sl + first, count,
                                 XML_IMPORT_ACTOR);
    }
    if (rc == SSVC_EINVAL || rc == SSVC_ENOTFOUND || rc == SSVC_EEXISTS) {
      /* refused before writing (the rules of the agreement module): a bad record, in the
       * agreement module's words without its function's name */
      char why[400];
      snprintf(why, sizeof why, "%s", ssvc_ctx_errtext(im->ctx));
      rc = ssvc__xml_rec_err(im, rc, n, "%s", why);
    } else if (rc) {
      goto out; /* storage: fatal */
    } else {
      if (exists) im->pend_agr_replaced++;
      else im->pend_agr_new++;
      im->in_batch++;
      if (im->in_batch >= im->opt.batch_size) rc = ssvc__xml_batch_commit(im);
      goto out;
    }
  }
  /* Storage failures and limits stop the import; the rest is a bad record. */
  if (rc == SSVC_ENOMEM || (rc != SSVC_EPARSE && rc != SSVC_EINVAL && rc != SSVC_ENOTFOUND &&
                            rc != SSVC_EEXISTS))
    goto out;
  im->res.bad++;
  if (im->opt.on_bad)
    im->opt.on_bad(im->opt.on_bad_data, im->eline, im->ecol, "", rc, ssvc_ctx_errmsg(im->ctx));
  if (im->opt.continue_on_error) rc = SSVC_OK;
out:
  ssvc__xml_free_owned(im);
  im->agr_id[0] = '\0';
  return rc;
}
