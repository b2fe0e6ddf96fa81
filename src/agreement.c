/* agreement: one customer's agreement, stored through the storage interface (doc/agreement.md). */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "agreement_store.h"
#include "parties.h"
#include "roster_record.h"
#include "smartservice/agreement.h"
#include "smartservice/swap.h"

/* ------------------------------------------------------------------------------------------ */
/* Names                                                                                       */

static const char *const replacement_names[] = {NULL, "swap", "loan"};
static const char *const repaired_to_names[] = {NULL, "stock", "user"};
static const char *const event_kind_names[] = {NULL, "created", "updated"};
static const char *const roster_policy_names[] = {"none", "flag", "refuse"};

const char *ssvc_roster_policy_name(int p) { return ssvc__name_of(roster_policy_names, 0, 2, p); }

int ssvc_roster_policy_from_name(ssvc_ctx *ctx, int *out, const char *name) {
  return ssvc__name_lookup(ctx, "ssvc_roster_policy_from_name", out, name, roster_policy_names, 0,
                           2, "roster policy");
}

const char *ssvc_agreement_event_kind_name(int kind) {
  return ssvc__name_of(event_kind_names, SSVC_AGREEMENT_EVENT_CREATED,
                       SSVC_AGREEMENT_EVENT_UPDATED, kind);
}

int ssvc_agreement_event_kind_from_name(ssvc_ctx *ctx, int *out, const char *name) {
  return ssvc__name_lookup(ctx, "ssvc_agreement_event_kind_from_name", out, name,
                           event_kind_names, SSVC_AGREEMENT_EVENT_CREATED,
                           SSVC_AGREEMENT_EVENT_UPDATED, "agreement event kind");
}

const char *ssvc_replacement_name(int r) { return ssvc__name_of(replacement_names, 1, 2, r); }

const char *ssvc_repaired_to_name(int r) { return ssvc__name_of(repaired_to_names, 1, 2, r); }

int ssvc_replacement_from_name(ssvc_ctx *ctx, int *out, const char *name) {
  return ssvc__name_lookup(ctx, "ssvc_replacement_from_name", out, name, replacement_names, 1, 2,
                           "replacement policy");
}

int ssvc_repaired_to_from_name(ssvc_ctx *ctx, int *out, const char *name) {
  return ssvc__name_lookup(ctx, "ssvc_repaired_to_from_name", out, name, repaired_to_names, 1, 2,
                           "routing");
}

/* ------------------------------------------------------------------------------------------ */
/* The record                                                                                  */

enum {
  F_CUSTOMER = 1, F_NAME, F_TIER, F_FEATURES, F_CUSTOM_TIER, F_FLEET, F_REPLACEMENT,
  F_REPAIRED_TO, F_BASIS_POINTS, F_CUTOFF, F_RETURN_DAYS, F_CLOSED_DAY, F_USER_PRICE, F_FREIGHT,
  F_PACKAGING, F_REPLACEMENT_VALUE, F_MODEL, F_CREATED, F_UPDATED, F_EVENT, F_FLEET_HISTORY,
  F_VAT, F_SWAP_RENT,
  /* The tier and price history (terms). Numbered apart from the spec fields, which grow
   * from 24 on. */
  F_TERMS_HISTORY = 30,
  F_RETENTION = 40, /* spec version 3; a number well apart, so parallel additions cannot collide */
  /* Spec version 4: the buyer (a nested party record, parties.h), its references, the terms. */
  F_BUYER = 50, F_BUYER_REF, F_ORDER_REF, F_PAYMENT_DAYS,
  /* Spec version 5: the roster policy and the few-models thresholds. */
  F_ROSTER_POLICY = 60, F_MODEL_MIN_USERS, F_MODELS_MAX
};
enum { T_CODE = 1, T_NAME_SV, T_NAME_EN, T_FEATURES, T_PRICE, T_CURRENCY };
enum { M_MODEL = 1, M_VALUE, M_TARGET };
enum { E_AT = 1, E_ACTOR, E_KIND, E_NOTE };
enum { H_AT = 1, H_FLEET };
enum { TH_AT = 1, TH_TIER, TH_USER_PRICE, TH_CUSTOM };

/* The fields encode_known() writes; the others (log, fleet history, newer fields) are kept. */
static int known_field(uint32_t id) {
  return (id >= F_CUSTOMER && id < F_EVENT) || id == F_VAT || id == F_SWAP_RENT ||
         id == F_RETENTION || (id >= F_BUYER && id <= F_PAYMENT_DAYS) ||
         (id >= F_ROSTER_POLICY && id <= F_MODELS_MAX);
}

/* The bytes of struct ssvc_agreement_spec that a caller of @p version has (doc/abi.md). */
static size_t spec_size(unsigned int version) {
  return version < 2   ? offsetof(ssvc_agreement_spec, vat_basis_points)
         : version < 3 ? offsetof(ssvc_agreement_spec, retention_months)
         : version < 4 ? offsetof(ssvc_agreement_spec, buyer)
         : version < 5 ? offsetof(ssvc_agreement_spec, roster_policy)
                       : sizeof(ssvc_agreement_spec);
}

typedef struct aevent {
  int64_t at;
  const char *actor, *note;
  int kind;
} aevent;

struct ssvc_agreement {
  ssvc_ctx *ctx;
  ssvc__fleet_change *fh; /* the fleet history, oldest first, at least one entry */
  size_t nfh;
  int fh_stored;          /* 0: an older record without history (synthesized from created) */
  ssvc__terms_change *th; /* the tier and price history, the same way */
  size_t nth;
  int th_stored;
  ssvc_agreement_spec spec; /* pointers into this allocation */
  ssvc_tier_spec tier;
  ssvc_party buyer;         /* what spec.buyer points to, when stored */
  unsigned int features;
  int64_t created, updated;
  uint64_t version;
  aevent *ev;
  size_t nev;
};

/* The checked, canonical form of a spec: what is encoded. */
struct canon {
  const ssvc_agreement_spec *s; /* widened to the current version */
  unsigned int given_version;   /* the caller's: an update keeps the fields it does not know */
  const char *tier_code; /* canonical spelling */
  unsigned int features;
  int replacement, repaired_to;
};

static void encode_price(ssvc_buf *b, uint32_t field, int64_t v) {
  if (v != SSVC_AGREEMENT_NO_OVERRIDE) ssvc__rec_sint(b, field, v);
}

/* A custom tier as a nested record (field @p field): in the spec and in the terms history. */
static void encode_custom(ssvc_buf *b, uint32_t field, const char *code, const ssvc_tier_spec *t) {
  size_t mark = ssvc__rec_sub_begin(b, field);
  ssvc__rec_str(b, T_CODE, code);
  ssvc__rec_str(b, T_NAME_SV, t->name_sv);
  ssvc__rec_str(b, T_NAME_EN, t->name_en);
  ssvc__rec_uint(b, T_FEATURES, t->features);
  ssvc__rec_sint(b, T_PRICE, t->price_minor);
  ssvc__rec_str(b, T_CURRENCY, t->currency && *t->currency ? t->currency : "SEK");
  ssvc__rec_sub_end(b, mark);
}

static void encode_known(ssvc_buf *b, const struct canon *c, int64_t created, int64_t updated) {
  const ssvc_agreement_spec *s = c->s;
  ssvc__rec_header(b, SSVC_REC_AGREEMENT, SSVC_POOL_FORMAT);
  ssvc__rec_str(b, F_CUSTOMER, s->customer_id);
  ssvc__rec_str(b, F_NAME, s->customer_name);
  ssvc__rec_str(b, F_TIER, c->tier_code);
  ssvc__rec_uint(b, F_FEATURES, c->features);
  if (s->custom_tier) encode_custom(b, F_CUSTOM_TIER, c->tier_code, s->custom_tier);
  ssvc__rec_uint(b, F_FLEET, s->fleet);
  ssvc__rec_uint(b, F_REPLACEMENT, (uint64_t)c->replacement);
  ssvc__rec_uint(b, F_REPAIRED_TO, (uint64_t)c->repaired_to);
  ssvc__rec_uint(b, F_BASIS_POINTS, s->swap_basis_points);
  ssvc__rec_uint(b, F_CUTOFF, (uint64_t)(s->cutoff_seconds ? s->cutoff_seconds
                                                           : SSVC_CALENDAR_DEFAULT_CUTOFF));
  ssvc__rec_uint(b, F_RETURN_DAYS, (uint64_t)(s->return_days ? s->return_days
                                                             : SSVC_CALENDAR_DEFAULT_RETURN_DAYS));
  for (size_t i = 0; i < s->closed_day_count; i++)
    ssvc__rec_uint(b, F_CLOSED_DAY, ssvc__date_code(s->closed_days[i]));
  encode_price(b, F_USER_PRICE, s->user_price_minor);
  encode_price(b, F_FREIGHT, s->freight_minor);
  encode_price(b, F_PACKAGING, s->packaging_minor);
  encode_price(b, F_REPLACEMENT_VALUE, s->replacement_value_minor);
  for (size_t i = 0; i < s->model_count; i++) {
    const ssvc_agreement_model *m = &s->models[i];
    size_t mark = ssvc__rec_sub_begin(b, F_MODEL);
    ssvc__rec_str(b, M_MODEL, m->model);
    encode_price(b, M_VALUE, m->replacement_value_minor);
    if (m->target) ssvc__rec_uint(b, M_TARGET, m->target);
    ssvc__rec_sub_end(b, mark);
  }
  ssvc__rec_sint(b, F_CREATED, created);
  ssvc__rec_sint(b, F_UPDATED, updated);
  ssvc__rec_uint(b, F_VAT, s->vat_basis_points);
  if (s->swap_rent_minor) ssvc__rec_sint(b, F_SWAP_RENT, s->swap_rent_minor);
  if (s->retention_months) ssvc__rec_uint(b, F_RETENTION, s->retention_months);
  if (s->buyer) ssvc__party_encode(b, F_BUYER, s->buyer);
  if (s->buyer_reference) ssvc__rec_str(b, F_BUYER_REF, s->buyer_reference);
  if (s->order_reference) ssvc__rec_str(b, F_ORDER_REF, s->order_reference);
  if (s->payment_days) ssvc__rec_uint(b, F_PAYMENT_DAYS, (uint64_t)s->payment_days);
  if (s->roster_policy) ssvc__rec_uint(b, F_ROSTER_POLICY, (uint64_t)s->roster_policy);
  if (s->model_min_users) ssvc__rec_uint(b, F_MODEL_MIN_USERS, s->model_min_users);
  if (s->models_max) ssvc__rec_uint(b, F_MODELS_MAX, s->models_max);
}

static void encode_fleet(ssvc_buf *b, int64_t at, uint32_t fleet) {
  size_t mark = ssvc__rec_sub_begin(b, F_FLEET_HISTORY);
  ssvc__rec_sint(b, H_AT, at);
  ssvc__rec_uint(b, H_FLEET, fleet);
  ssvc__rec_sub_end(b, mark);
}

/* One entry of the terms history: the tier (custom: as a whole) and the agreement's own price
 * from instant @p at on. */
static void encode_terms(ssvc_buf *b, int64_t at, const char *code, const ssvc_tier_spec *custom,
                         int64_t user_price) {
  size_t mark = ssvc__rec_sub_begin(b, F_TERMS_HISTORY);
  ssvc__rec_sint(b, TH_AT, at);
  ssvc__rec_str(b, TH_TIER, code);
  encode_price(b, TH_USER_PRICE, user_price);
  if (custom) encode_custom(b, TH_CUSTOM, code, custom);
  ssvc__rec_sub_end(b, mark);
}

static void encode_event(ssvc_buf *b, int64_t at, const char *actor, int kind, const char *note) {
  size_t mark = ssvc__rec_sub_begin(b, F_EVENT);
  ssvc__rec_sint(b, E_AT, at);
  ssvc__rec_str(b, E_ACTOR, actor);
  ssvc__rec_uint(b, E_KIND, (uint64_t)kind);
  ssvc__rec_str(b, E_NOTE, note);
  ssvc__rec_sub_end(b, mark);
}

static int is_str(uint32_t id) {
  return id == F_CUSTOMER || id == F_NAME || id == F_TIER || id == F_BUYER_REF ||
         id == F_ORDER_REF;
}

static int corrupt(ssvc_ctx *ctx, const char *func, const char *customer) {
  return ssvc__err(ctx, SSVC_ESTORAGE, "%s: %.64s: the stored agreement is malformed", func,
                   customer);
}

/* Sums the bytes of every bytes field of a nested record (each + 1 for its NUL). */
static int sub_strings(const ssvc_field *top, size_t *strings) {
  ssvc_rd rd = {top->bytes, top->bytes + top->len};
  ssvc_field f;
  int r;
  while ((r = ssvc__rd_next(&rd, &f)) == 1)
    if (f.wire == SSVC_WIRE_BYTES) *strings += f.len + 1;
  return r;
}

static const char *take(char **area, const ssvc_field *f) {
  char *s = *area;
  memcpy(s, f->bytes, f->len);
  s[f->len] = '\0';
  *area += f->len + 1;
  return s;
}

/* Reads a custom tier's nested record (encode_custom()), its texts copied to @p area. */
static void decode_custom(const ssvc_field *f, ssvc_tier_spec *t, char **area) {
  ssvc_rd sub = {f->bytes, f->bytes + f->len};
  ssvc_field g;
  memset(t, 0, sizeof *t);
  t->version = SSVC_TIER_SPEC_VERSION;
  while (ssvc__rd_next(&sub, &g) == 1) {
    if (g.id == T_CODE && g.wire == SSVC_WIRE_BYTES) t->code = take(area, &g);
    else if (g.id == T_NAME_SV && g.wire == SSVC_WIRE_BYTES) t->name_sv = take(area, &g);
    else if (g.id == T_NAME_EN && g.wire == SSVC_WIRE_BYTES) t->name_en = take(area, &g);
    else if (g.id == T_FEATURES) t->features = (unsigned int)g.u & SSVC_FEATURE_ALL;
    else if (g.id == T_PRICE) t->price_minor = ssvc__unzigzag(g.u);
    else if (g.id == T_CURRENCY && g.wire == SSVC_WIRE_BYTES) t->currency = take(area, &g);
    else if (g.wire == SSVC_WIRE_BYTES) take(area, &g);
  }
}

static int decode(ssvc_ctx *ctx, const char *func, const char *customer, const void *val,
                  size_t vlen, uint64_t version, ssvc_agreement **out) {
  ssvc_rd rd;
  ssvc_field f;
  size_t strings = 0, nev = 0, ndays = 0, nmodels = 0, nfh = 0, nth = 0;
  int r, bad = 0;
  if (ssvc__rec_open(&rd, val, vlen, SSVC_REC_AGREEMENT)) return corrupt(ctx, func, customer);
  while ((r = ssvc__rd_next(&rd, &f)) == 1) {
    if (is_str(f.id)) {
      if (f.wire != SSVC_WIRE_BYTES) return corrupt(ctx, func, customer);
      strings += f.len + 1;
    } else if (f.id == F_CUSTOM_TIER || f.id == F_MODEL || f.id == F_EVENT ||
               f.id == F_TERMS_HISTORY) {
      if (f.wire != SSVC_WIRE_BYTES || sub_strings(&f, &strings) < 0)
        return corrupt(ctx, func, customer);
      if (f.id == F_MODEL) nmodels++;
      else if (f.id == F_EVENT) nev++;
      else if (f.id == F_TERMS_HISTORY) nth++;
    } else if (f.id == F_BUYER) {
      if (f.wire != SSVC_WIRE_BYTES || ssvc__party_strings(&f, &strings) < 0)
        return corrupt(ctx, func, customer);
    } else if (f.id == F_CLOSED_DAY) {
      ndays++;
    } else if (f.id == F_FLEET_HISTORY) {
      if (f.wire != SSVC_WIRE_BYTES) return corrupt(ctx, func, customer);
      nfh++;
    }
  }
  if (r < 0) return corrupt(ctx, func, customer);
  size_t total = sizeof(ssvc_agreement) + nev * sizeof(aevent) +
                 (nth ? nth : 1) * sizeof(ssvc__terms_change) +
                 (nfh ? nfh : 1) * sizeof(ssvc__fleet_change) + ndays * sizeof(ssvc_date) +
                 nmodels * sizeof(ssvc_agreement_model) + strings;
  ssvc_agreement *a = ssvc__malloc(ctx, total);
  if (!a) return SSVC_ENOMEM;
  memset(a, 0, sizeof *a);
  a->ctx = ctx;
  a->ev = (aevent *)(a + 1);
  /* Widest alignment first: events and models hold 64-bit fields, dates only ints. */
  a->th = (ssvc__terms_change *)(a->ev + nev);
  a->fh = (ssvc__fleet_change *)(a->th + (nth ? nth : 1));
  ssvc_agreement_model *models = (ssvc_agreement_model *)(a->fh + (nfh ? nfh : 1));
  ssvc_date *days = (ssvc_date *)(models + nmodels);
  char *area = (char *)(days + ndays);
  ssvc_agreement_spec *s = &a->spec;
  s->version = SSVC_AGREEMENT_SPEC_VERSION;
  s->customer_id = s->customer_name = s->tier_code = "";
  s->user_price_minor = s->freight_minor = s->packaging_minor = s->replacement_value_minor =
      SSVC_AGREEMENT_NO_OVERRIDE;
  s->vat_basis_points = SSVC_VAT_DEFAULT_BASIS_POINTS; /* records from before field F_VAT */
  s->closed_days = days;
  s->models = models;
  ssvc__rec_open(&rd, val, vlen, SSVC_REC_AGREEMENT);
  while (ssvc__rd_next(&rd, &f) == 1) {
    switch (f.id) {
    case F_CUSTOMER: s->customer_id = take(&area, &f); break;
    case F_NAME: s->customer_name = take(&area, &f); break;
    case F_TIER: s->tier_code = take(&area, &f); break;
    case F_FEATURES: a->features = (unsigned int)f.u & SSVC_FEATURE_ALL; break;
    case F_FLEET: s->fleet = f.u > UINT32_MAX ? UINT32_MAX : (uint32_t)f.u; break;
    case F_REPLACEMENT: s->replacement = (int)f.u; break;
    case F_REPAIRED_TO: s->repaired_to = (int)f.u; break;
    case F_BASIS_POINTS: s->swap_basis_points = f.u > 10000 ? 10000 : (uint32_t)f.u; break;
    case F_CUTOFF: s->cutoff_seconds = f.u > 86400 ? 0 : (int)f.u; break;
    case F_RETURN_DAYS: s->return_days = f.u > 1000 ? 0 : (int)f.u; break;
    case F_CLOSED_DAY: days[s->closed_day_count++] = ssvc__date_from_code(f.u); break;
    case F_USER_PRICE: s->user_price_minor = ssvc__unzigzag(f.u); break;
    case F_FREIGHT: s->freight_minor = ssvc__unzigzag(f.u); break;
    case F_PACKAGING: s->packaging_minor = ssvc__unzigzag(f.u); break;
    case F_REPLACEMENT_VALUE: s->replacement_value_minor = ssvc__unzigzag(f.u); break;
    case F_CREATED: a->created = ssvc__unzigzag(f.u); break;
    case F_UPDATED: a->updated = ssvc__unzigzag(f.u); break;
    case F_VAT: s->vat_basis_points = f.u > 10000 ? 10000 : (uint32_t)f.u; break;
    case F_SWAP_RENT: s->swap_rent_minor = ssvc__unzigzag(f.u); break;
    case F_RETENTION: s->retention_months = f.u > 1200 ? 1200 : (uint32_t)f.u; break;
    case F_BUYER:
      ssvc__party_decode(&f, &a->buyer, &area);
      s->buyer = &a->buyer;
      break;
    case F_BUYER_REF: s->buyer_reference = take(&area, &f); break;
    case F_ORDER_REF: s->order_reference = take(&area, &f); break;
    case F_PAYMENT_DAYS: s->payment_days = f.u > 365 ? 0 : (int)f.u; break;
    case F_ROSTER_POLICY: s->roster_policy = f.u > 2 ? SSVC_ROSTER_POLICY_REFUSE : (int)f.u; break;
    case F_MODEL_MIN_USERS: s->model_min_users = f.u > 100000 ? 100000 : (uint32_t)f.u; break;
    case F_MODELS_MAX: s->models_max = f.u > 256 ? 256 : (uint32_t)f.u; break;
    case F_FLEET_HISTORY: {
      ssvc_rd sub = {f.bytes, f.bytes + f.len};
      ssvc_field g;
      ssvc__fleet_change *h = &a->fh[a->nfh++];
      h->at = 0;
      h->fleet = 0;
      while (ssvc__rd_next(&sub, &g) == 1) {
        if (g.id == H_AT && g.wire == SSVC_WIRE_VARINT) h->at = ssvc__unzigzag(g.u);
        else if (g.id == H_FLEET && g.wire == SSVC_WIRE_VARINT)
          h->fleet = g.u > UINT32_MAX ? UINT32_MAX : (uint32_t)g.u;
      }
      break;
    }
    case F_TERMS_HISTORY: {
      ssvc_rd sub = {f.bytes, f.bytes + f.len};
      ssvc_field g;
      ssvc__terms_change *h = &a->th[a->nth++];
      memset(h, 0, sizeof *h);
      h->tier = "";
      h->user_price = SSVC_AGREEMENT_NO_OVERRIDE;
      while (ssvc__rd_next(&sub, &g) == 1) {
        if (g.id == TH_AT && g.wire == SSVC_WIRE_VARINT) h->at = ssvc__unzigzag(g.u);
        else if (g.id == TH_TIER && g.wire == SSVC_WIRE_BYTES) h->tier = take(&area, &g);
        else if (g.id == TH_USER_PRICE && g.wire == SSVC_WIRE_VARINT)
          h->user_price = ssvc__unzigzag(g.u);
        else if (g.id == TH_CUSTOM && g.wire == SSVC_WIRE_BYTES) {
          decode_custom(&g, &h->custom_spec, &area);
          h->custom = &h->custom_spec;
        } else if (g.wire == SSVC_WIRE_BYTES) take(&area, &g);
      }
      if (!*h->tier || (h->custom && (!h->custom->code || !h->custom->name_sv))) bad = 1;
      break;
    }
    case F_CUSTOM_TIER:
    case F_MODEL:
    case F_EVENT: {
      ssvc_rd sub = {f.bytes, f.bytes + f.len};
      ssvc_field g;
      if (f.id == F_CUSTOM_TIER) {
        decode_custom(&f, &a->tier, &area);
        s->custom_tier = &a->tier;
      } else if (f.id == F_MODEL) {
        ssvc_agreement_model *m = &models[s->model_count++];
        memset(m, 0, sizeof *m);
        m->model = "";
        m->replacement_value_minor = SSVC_AGREEMENT_NO_OVERRIDE;
        while (ssvc__rd_next(&sub, &g) == 1) {
          if (g.id == M_MODEL && g.wire == SSVC_WIRE_BYTES) m->model = take(&area, &g);
          else if (g.id == M_VALUE) m->replacement_value_minor = ssvc__unzigzag(g.u);
          else if (g.id == M_TARGET) m->target = g.u > UINT32_MAX ? UINT32_MAX : (uint32_t)g.u;
          else if (g.wire == SSVC_WIRE_BYTES) take(&area, &g);
        }
      } else {
        aevent *e = &a->ev[a->nev++];
        memset(e, 0, sizeof *e);
        e->actor = e->note = "";
        while (ssvc__rd_next(&sub, &g) == 1) {
          if (g.id == E_AT) e->at = ssvc__unzigzag(g.u);
          else if (g.id == E_ACTOR && g.wire == SSVC_WIRE_BYTES) e->actor = take(&area, &g);
          else if (g.id == E_KIND) e->kind = (int)g.u;
          else if (g.id == E_NOTE && g.wire == SSVC_WIRE_BYTES) e->note = take(&area, &g);
          else if (g.wire == SSVC_WIRE_BYTES) take(&area, &g);
        }
      }
      break;
    }
    default: break;
    }
  }
  if (bad || !*s->customer_id || !*s->tier_code || !ssvc_replacement_name(s->replacement) ||
      !ssvc_repaired_to_name(s->repaired_to)) {
    ssvc__free(ctx, a);
    return corrupt(ctx, func, customer);
  }
  a->fh_stored = a->nfh > 0;
  if (!a->nfh) { /* an older record: the current fleet since creation */
    a->fh[0].at = a->created;
    a->fh[0].fleet = s->fleet;
    a->nfh = 1;
  }
  a->th_stored = a->nth > 0;
  if (!a->nth) { /* an older record: the current tier and price since creation */
    memset(a->th, 0, sizeof *a->th);
    a->th[0].at = a->created;
    a->th[0].tier = s->tier_code;
    a->th[0].custom = s->custom_tier;
    a->th[0].user_price = s->user_price_minor;
    a->nth = 1;
  }
  a->version = version;
  *out = a;
  return SSVC_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* Validation                                                                                  */

/* An agreement's price: 0..10^12 öre like every amount (SSVC_AMOUNT_MAX; an invoice refuses a
 * larger one), or SSVC_AGREEMENT_NO_OVERRIDE. */
static int check_price(ssvc_ctx *ctx, const char *func, const char *arg, int64_t v) {
  if (v != SSVC_AGREEMENT_NO_OVERRIDE && (v < 0 || v > SSVC_AMOUNT_MAX))
    return ssvc__err(ctx, SSVC_EINVAL,
                     "%s: %s: must be 0..10^12, or SSVC_AGREEMENT_NO_OVERRIDE (got %" PRId64 ")",
                     func, arg, v);
  return SSVC_OK;
}

/* Checks @p given; fills @p full with it, widened to the current version (the fields a caller of
 * an older version does not have take their defaults), and @p c, which points to @p full. Uses
 * a catalogue for the tier (allocates; released here). */
static int check_spec(ssvc_ctx *ctx, const char *func, const ssvc_agreement_spec *given,
                      ssvc_agreement_spec *full, struct canon *c, ssvc_catalog **cat) {
  if (!given) return ssvc__err(ctx, SSVC_EINVAL, "%s: spec must not be NULL", func);
  char what[64];
  snprintf(what, sizeof what, "%s: spec", func);
  int rc = ssvc__check_version(ctx, what, given->version, SSVC_AGREEMENT_SPEC_VERSION);
  if (rc) return rc;
  ssvc_agreement_spec_init(full, SSVC_AGREEMENT_SPEC_VERSION);
  memcpy(full, given, spec_size(given->version));
  const ssvc_agreement_spec *s = full;
  if ((rc = ssvc__check_text(ctx, func, "spec->customer_id", s->customer_id, 1,
                             SSVC_AGREEMENT_ID_MAX)) ||
      (rc = ssvc__check_text(ctx, func, "spec->customer_name", s->customer_name, 1, 256)) ||
      (rc = ssvc__check_text(ctx, func, "spec->tier_code", s->tier_code, 1, 16)))
    return rc;
  if (s->replacement && !ssvc_replacement_name(s->replacement))
    return ssvc__err(ctx, SSVC_EINVAL, "%s: spec->replacement: not swap (1) or loan (2) (got %d)",
                     func, s->replacement);
  if (s->repaired_to && !ssvc_repaired_to_name(s->repaired_to))
    return ssvc__err(ctx, SSVC_EINVAL,
                     "%s: spec->repaired_to: not stock (1) or user (2) (got %d)", func,
                     s->repaired_to);
  if (s->swap_basis_points > 10000)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: spec->swap_basis_points: must be 0..10000 (got %u)",
                     func, (unsigned)s->swap_basis_points);
  if (s->cutoff_seconds < 0 || s->cutoff_seconds > 86400)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: spec->cutoff_seconds: must be 0..86400 (got %d)",
                     func, s->cutoff_seconds);
  if (s->return_days < 0 || s->return_days > SSVC_CALENDAR_MAX_RETURN_DAYS)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: spec->return_days: must be 0..1000 (got %d)", func,
                     s->return_days);
  if (s->closed_day_count > SSVC_AGREEMENT_LIST_MAX || (s->closed_day_count && !s->closed_days))
    return ssvc__err(ctx, SSVC_EINVAL,
                     "%s: spec->closed_days: NULL or more than 256 days (count %zu)", func,
                     s->closed_day_count);
  for (size_t i = 0; i < s->closed_day_count; i++) {
    const ssvc_date *d = &s->closed_days[i];
    if (!ssvc_date_is_valid(d) || d->year < SSVC_CALENDAR_YEAR_MIN ||
        d->year > SSVC_CALENDAR_YEAR_MAX)
      return ssvc__err(ctx, SSVC_EINVAL,
                       "%s: spec->closed_days[%zu]: not a day of 1900-2199 (got %04d-%02d-%02d)",
                       func, i, d->year, d->month, d->day);
    for (size_t j = 0; j < i; j++)
      if (ssvc_date_to_days(&s->closed_days[j]) == ssvc_date_to_days(d))
        return ssvc__err(ctx, SSVC_EINVAL, "%s: spec->closed_days[%zu]: %04d-%02d-%02d twice",
                         func, i, d->year, d->month, d->day);
  }
  if ((rc = check_price(ctx, func, "spec->user_price_minor", s->user_price_minor)) ||
      (rc = check_price(ctx, func, "spec->freight_minor", s->freight_minor)) ||
      (rc = check_price(ctx, func, "spec->packaging_minor", s->packaging_minor)) ||
      (rc = check_price(ctx, func, "spec->replacement_value_minor", s->replacement_value_minor)))
    return rc;
  if ((rc = ssvc__vat_check(ctx, func, "spec->vat_basis_points", s->vat_basis_points))) return rc;
  if (s->swap_rent_minor < 0 || s->swap_rent_minor > SSVC_AMOUNT_MAX)
    return ssvc__err(ctx, SSVC_EINVAL,
                     "%s: spec->swap_rent_minor: must be 0..10^12 (got %" PRId64 ")", func,
                     s->swap_rent_minor);
  if (s->retention_months > 1200)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: spec->retention_months: must be 0..1200 (got %u)",
                     func, (unsigned)s->retention_months);
  if (s->buyer && s->buyer->version != SSVC_PARTY_VERSION)
    return ssvc__err(ctx, SSVC_EVERSION, "%s: spec->buyer: version must be %u (got %u)", func,
                     SSVC_PARTY_VERSION, s->buyer->version);
  if ((s->buyer && (rc = ssvc__party_check(ctx, func, "spec->buyer", s->buyer, 0))) ||
      (rc = ssvc__check_field(ctx, func, "spec->buyer_reference", s->buyer_reference, 0, 64)) ||
      (rc = ssvc__check_field(ctx, func, "spec->order_reference", s->order_reference, 0, 64)))
    return rc;
  if (s->payment_days < 0 || s->payment_days > 365)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: spec->payment_days: must be 0..365 (got %d)", func,
                     s->payment_days);
  if (!ssvc_roster_policy_name(s->roster_policy))
    return ssvc__err(ctx, SSVC_EINVAL,
                     "%s: spec->roster_policy: not none (0), flag (1) or refuse (2) (got %d)", func,
                     s->roster_policy);
  if (s->model_min_users > 100000)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: spec->model_min_users: must be 0..100000 (got %u)",
                     func, (unsigned)s->model_min_users);
  if (s->models_max > SSVC_AGREEMENT_LIST_MAX)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: spec->models_max: must be 0..256 (got %u)", func,
                     (unsigned)s->models_max);
  if (s->model_count > SSVC_AGREEMENT_LIST_MAX || (s->model_count && !s->models))
    return ssvc__err(ctx, SSVC_EINVAL, "%s: spec->models: NULL or more than 256 (count %zu)",
                     func, s->model_count);
  for (size_t i = 0; i < s->model_count; i++) {
    char arg[80];
    snprintf(arg, sizeof arg, "spec->models[%zu].model", i);
    if ((rc = ssvc__check_text(ctx, func, arg, s->models[i].model, 1, SSVC_MODEL_MAX))) return rc;
    snprintf(arg, sizeof arg, "spec->models[%zu].replacement_value_minor", i);
    if ((rc = check_price(ctx, func, arg, s->models[i].replacement_value_minor))) return rc;
    for (size_t j = 0; j < i; j++)
      if (strcmp(s->models[j].model, s->models[i].model) == 0)
        return ssvc__err(ctx, SSVC_EINVAL, "%s: spec->models[%zu]: model '%s' twice", func, i,
                         s->models[i].model);
  }
  /* The tier: built-in by code, or the custom tier's spec (validated by a catalogue). */
  if ((rc = ssvc_catalog_new(ctx, cat))) return rc;
  const ssvc_tier *t;
  if (s->custom_tier) {
    if ((rc = ssvc_catalog_add(*cat, s->custom_tier, &t))) return rc;
    if (ssvc__ascii_casecmp(s->custom_tier->code, s->tier_code) != 0)
      return ssvc__err(ctx, SSVC_EINVAL,
                       "%s: spec->tier_code: must equal spec->custom_tier->code (got '%s' and "
                       "'%s')",
                       func, s->tier_code, s->custom_tier->code);
  } else {
    rc = ssvc_catalog_find(*cat, s->tier_code, &t);
    if (rc == SSVC_ENOTFOUND)
      return ssvc__err(ctx, rc,
                       "%s: spec->tier_code: no built-in tier '%s' (give spec->custom_tier for a "
                       "custom one)",
                       func, s->tier_code);
    if (rc) return rc;
  }
  c->s = s;
  c->given_version = given->version;
  c->tier_code = ssvc_tier_code(t);
  c->features = ssvc_tier_features(t);
  c->replacement = s->replacement ? s->replacement : SSVC_REPLACEMENT_SWAP;
  c->repaired_to = s->repaired_to ? s->repaired_to : SSVC_REPAIRED_TO_STOCK;
  return SSVC_OK;
}

int ssvc_agreement_spec_init(ssvc_agreement_spec *spec, unsigned int version) {
  if (version > SSVC_AGREEMENT_SPEC_VERSION) version = 0; /* refused below, struct untouched */
  int rc = ssvc__struct_init(spec, spec_size(version), version, SSVC_AGREEMENT_SPEC_VERSION);
  if (rc) return rc;
  spec->swap_basis_points = SSVC_SWAP_DEFAULT_BASIS_POINTS;
  spec->user_price_minor = spec->freight_minor = spec->packaging_minor =
      spec->replacement_value_minor = SSVC_AGREEMENT_NO_OVERRIDE;
  if (version >= 2) spec->vat_basis_points = SSVC_VAT_DEFAULT_BASIS_POINTS;
  return SSVC_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* Keys, create, load, update, list                                                            */

#define KEY_MAX (1 + SSVC_AGREEMENT_ID_MAX + 1)

static size_t key_agreement(uint8_t *k, const char *customer) {
  size_t n = 1;
  k[0] = SSVC_KEY_AGREEMENT;
  ssvc__key_text(k, &n, customer);
  return n - 1; /* no trailing NUL: ids hold none, and 'A' keys hold nothing else */
}

static int check_actor(ssvc_ctx *ctx, const char *func, const char *actor) {
  return ssvc__check_text(ctx, func, "actor", actor, 1, 256);
}

int ssvc_agreement_create(ssvc_store *store, const ssvc_agreement_spec *spec,
                          const char *actor) {
  static const char func[] = "ssvc_agreement_create";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  struct canon c;
  ssvc_agreement_spec full;
  ssvc_catalog *cat = NULL;
  int rc = check_spec(ctx, func, spec, &full, &c, &cat);
  if (!rc) rc = check_actor(ctx, func, actor);
  if (rc) {
    ssvc_catalog_free(cat);
    return rc;
  }
  int64_t now = ssvc__store_now(store);
  ssvc_txn t;
  if ((rc = ssvc__txn_begin(store, func, &t))) {
    ssvc_catalog_free(cat);
    return rc;
  }
  /* An agreement that keeps a roster counts its fleet there (a roster left from before). */
  if (full.roster_policy != SSVC_ROSTER_POLICY_NONE &&
      (rc = ssvc__roster_scan(store, func, full.customer_id, NULL, NULL, &full.fleet))) {
    ssvc_catalog_free(cat);
    return ssvc__txn_end(store, func, &t, rc);
  }
  ssvc_buf *b = ssvc__store_scratch(store, 0);
  encode_known(b, &c, now, now);
  encode_event(b, now, actor, SSVC_AGREEMENT_EVENT_CREATED, NULL);
  encode_fleet(b, now, full.fleet);
  encode_terms(b, now, c.tier_code, full.custom_tier, full.user_price_minor);
  ssvc_catalog_free(cat); /* c.tier_code pointed into it: encoded by now */
  if (b->failed) rc = SSVC_ENOMEM;
  uint8_t k[KEY_MAX];
  if (!rc) {
    rc = ssvc__store_put(store, func, k, key_agreement(k, spec->customer_id), b->p, b->len,
                         SSVC_STORAGE_NEW, NULL);
    if (rc == SSVC_ECONFLICT)
      rc = ssvc__err(ctx, SSVC_EEXISTS, "%s: customer '%s' already has an agreement", func,
                     spec->customer_id);
  }
  rc = ssvc__txn_end(store, func, &t, rc);
  if (!rc)
    ssvc__log(ctx, SSVC_LOG_INFO, "agreement %s created (%s)", spec->customer_id, actor);
  return rc;
}

static int load(ssvc_store *st, const char *func, const char *customer, ssvc_agreement **out) {
  int rc = ssvc__check_text(st->ctx, func, "customer_id", customer, 1, SSVC_AGREEMENT_ID_MAX);
  if (rc) return rc;
  uint8_t k[KEY_MAX];
  const void *v;
  size_t vlen;
  uint64_t ver;
  rc = ssvc__store_get(st, func, k, key_agreement(k, customer), &v, &vlen, &ver);
  if (rc == SSVC_ENOTFOUND)
    return ssvc__err(st->ctx, rc, "%s: customer '%s' has no agreement", func, customer);
  if (rc) return rc;
  return decode(st->ctx, func, customer, v, vlen, ver, out);
}

int ssvc__agreement_load(ssvc_store *st, const char *func, const char *customer,
                         ssvc_agreement **out) {
  *out = NULL;
  return load(st, func, customer, out);
}

int ssvc_agreement_load(ssvc_store *store, ssvc_agreement **out, const char *customer_id) {
  if (out) *out = NULL;
  if (!store) return SSVC_EINVAL;
  if (!out) return ssvc__err(store->ctx, SSVC_EINVAL, "ssvc_agreement_load: out must not be NULL");
  return load(store, "ssvc_agreement_load", customer_id, out);
}

void ssvc_agreement_free(ssvc_agreement *a) {
  if (a) ssvc__free(a->ctx, a);
}

int ssvc_agreement_spec_get(const ssvc_agreement *a, ssvc_agreement_spec *spec) {
  if (!a) return SSVC_EINVAL;
  if (!spec)
    return ssvc__err(a->ctx, SSVC_EINVAL, "ssvc_agreement_spec_get: spec must not be NULL");
  int rc = ssvc__check_version(a->ctx, "ssvc_agreement_spec_get: spec", spec->version,
                               SSVC_AGREEMENT_SPEC_VERSION);
  if (rc) return rc;
  unsigned int v = spec->version;
  memcpy(spec, &a->spec, spec_size(v));
  spec->version = v;
  return SSVC_OK;
}

uint64_t ssvc_agreement_stored_version(const ssvc_agreement *a) { return a ? a->version : 0; }
unsigned int ssvc_agreement_features(const ssvc_agreement *a) { return a ? a->features : 0; }
int64_t ssvc_agreement_created_at(const ssvc_agreement *a) { return a ? a->created : 0; }
int64_t ssvc_agreement_updated_at(const ssvc_agreement *a) { return a ? a->updated : 0; }
size_t ssvc_agreement_event_count(const ssvc_agreement *a) { return a ? a->nev : 0; }

size_t ssvc__agreement_fleet_history(const ssvc_agreement *a, const ssvc__fleet_change **out) {
  *out = a->fh;
  return a->nfh;
}

size_t ssvc__agreement_terms_history(const ssvc_agreement *a, const ssvc__terms_change **out) {
  *out = a->th;
  return a->nth;
}

/* Like ssvc__rec_keep() with known_field, but drops the oldest @p drop_fleet fleet-history and
 * @p drop_terms terms-history entries. */
static void keep_old(ssvc_buf *b, const uint8_t *old, size_t old_len, size_t drop_fleet,
                     size_t drop_terms) {
  ssvc_rd rd = {old, old + old_len};
  ssvc_field f;
  while (ssvc__rd_next(&rd, &f) == 1) {
    if (known_field(f.id)) continue;
    size_t *drop = f.id == F_FLEET_HISTORY ? &drop_fleet
                   : f.id == F_TERMS_HISTORY ? &drop_terms
                                             : NULL;
    if (drop && *drop) {
      (*drop)--;
      continue;
    }
    ssvc__buf_append(b, f.raw, f.raw_len);
  }
}

/* The entries to drop so that one more fits a history of @p n stored entries. */
static size_t history_drop(size_t n) {
  return n >= SSVC__FLEET_HISTORY_MAX ? n - SSVC__FLEET_HISTORY_MAX + 1 : 0;
}

static int same_text(const char *a, const char *b) {
  return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Whether the new spec bills differently from the stored one: another tier (or custom tier as
 * the invoice shows and prices it), or another own price. */
static int terms_changed(const ssvc_agreement *old, const struct canon *c) {
  const ssvc_agreement_spec *o = &old->spec, *n = c->s;
  if (strcmp(o->tier_code, c->tier_code) != 0 || !!o->custom_tier != !!n->custom_tier ||
      o->user_price_minor != n->user_price_minor)
    return 1;
  if (!n->custom_tier) return 0;
  const ssvc_tier_spec *ot = o->custom_tier, *nt = n->custom_tier;
  return ot->price_minor != nt->price_minor || !same_text(ot->name_sv, nt->name_sv) ||
         !same_text(ot->name_en, nt->name_en) || ot->features != nt->features ||
         !same_text(ot->currency && *ot->currency ? ot->currency : "SEK",
                    nt->currency && *nt->currency ? nt->currency : "SEK");
}

uint32_t ssvc_agreement_swap_level(const ssvc_agreement *a) {
  if (!a) return 0;
  return ssvc__share_round_up(a->spec.fleet, a->spec.swap_basis_points);
}

void ssvc__agreement_shipment_own(const ssvc_agreement *a, int64_t *freight,
                                  int64_t *packaging) {
  *freight = a->spec.freight_minor;
  *packaging = a->spec.packaging_minor;
}

void ssvc__agreement_shipment_parts(const ssvc_agreement *a, int64_t *freight,
                                    int64_t *packaging) {
  int64_t f, p;
  ssvc__agreement_shipment_own(a, &f, &p);
  *freight = f == SSVC_AGREEMENT_NO_OVERRIDE ? SSVC_FREIGHT_DEFAULT_MINOR : f;
  *packaging = p == SSVC_AGREEMENT_NO_OVERRIDE ? SSVC_PACKAGING_DEFAULT_MINOR : p;
}

int64_t ssvc_agreement_shipment_cost(const ssvc_agreement *a) {
  if (!a) return 0;
  int64_t f, p;
  ssvc__agreement_shipment_parts(a, &f, &p);
  return f + p;
}

int64_t ssvc_agreement_replacement_value(const ssvc_agreement *a, const char *model) {
  if (!a) return 0;
  for (size_t i = 0; model && i < a->spec.model_count; i++)
    if (strcmp(a->spec.models[i].model, model) == 0 &&
        a->spec.models[i].replacement_value_minor != SSVC_AGREEMENT_NO_OVERRIDE)
      return a->spec.models[i].replacement_value_minor;
  int64_t v = a->spec.replacement_value_minor;
  return v == SSVC_AGREEMENT_NO_OVERRIDE ? 0 : v;
}

int ssvc_agreement_event_at(const ssvc_agreement *a, size_t index, ssvc_agreement_event *out) {
  if (!a) return SSVC_EINVAL;
  if (!out) return ssvc__err(a->ctx, SSVC_EINVAL, "ssvc_agreement_event_at: out must not be NULL");
  int rc = ssvc__check_version(a->ctx, "ssvc_agreement_event_at: out", out->version,
                               SSVC_AGREEMENT_EVENT_VERSION);
  if (rc) return rc;
  if (index >= a->nev)
    return ssvc__err(a->ctx, SSVC_ERANGE,
                     "ssvc_agreement_event_at: index %zu is past the last (%zu)", index, a->nev);
  out->at = a->ev[index].at;
  out->actor = a->ev[index].actor;
  out->kind = a->ev[index].kind;
  out->note = a->ev[index].note;
  return SSVC_OK;
}

static int text_same(const char *a, const char *b) {
  return a == b || (a && b && strcmp(a, b) == 0);
}

/* Two buyers (either may be NULL) hold the same values. */
static int party_same(const ssvc_party *a, const ssvc_party *b) {
  if (!a || !b) return a == b;
  return text_same(a->name, b->name) && text_same(a->org_number, b->org_number) &&
         text_same(a->vat_number, b->vat_number) && text_same(a->street, b->street) &&
         text_same(a->postal_code, b->postal_code) && text_same(a->city, b->city) &&
         text_same(a->country, b->country) && text_same(a->endpoint, b->endpoint) &&
         a->f_skatt == b->f_skatt && text_same(a->legal_form, b->legal_form) &&
         text_same(a->bankgiro, b->bankgiro) && text_same(a->iban, b->iban) &&
         text_same(a->bic, b->bic) && text_same(a->contact_name, b->contact_name) &&
         text_same(a->contact_phone, b->contact_phone) &&
         text_same(a->contact_email, b->contact_email);
}

/* The names of the fields that differ between the stored agreement and the new spec. */
static void changed_fields(char *note, size_t size, const ssvc_agreement *old,
                           const struct canon *c) {
  const ssvc_agreement_spec *o = &old->spec, *n = c->s;
  size_t len = 0;
  note[0] = '\0';
#define CHANGED(cond, name)                                                                    \
  do {                                                                                         \
    if ((cond) && len + 32 < size)                                                             \
      len += (size_t)snprintf(note + len, size - len, "%s%s", len ? ", " : "changed: ", name); \
  } while (0)
  int ncut = n->cutoff_seconds ? n->cutoff_seconds : SSVC_CALENDAR_DEFAULT_CUTOFF;
  int nret = n->return_days ? n->return_days : SSVC_CALENDAR_DEFAULT_RETURN_DAYS;
  int days_differ = o->closed_day_count != n->closed_day_count;
  for (size_t i = 0; !days_differ && i < n->closed_day_count; i++)
    days_differ = ssvc__date_code(o->closed_days[i]) != ssvc__date_code(n->closed_days[i]);
  int models_differ = o->model_count != n->model_count;
  for (size_t i = 0; !models_differ && i < n->model_count; i++)
    models_differ = strcmp(o->models[i].model, n->models[i].model) != 0 ||
                    o->models[i].replacement_value_minor != n->models[i].replacement_value_minor ||
                    o->models[i].target != n->models[i].target;
  CHANGED(strcmp(o->customer_name, n->customer_name) != 0, "name");
  /* A custom tier changes with its price or names too, not only its code and features. */
  int custom_differ = o->custom_tier && n->custom_tier &&
                      (o->custom_tier->price_minor != n->custom_tier->price_minor ||
                       !text_same(o->custom_tier->name_sv, n->custom_tier->name_sv) ||
                       !text_same(o->custom_tier->name_en, n->custom_tier->name_en) ||
                       !text_same(o->custom_tier->currency, n->custom_tier->currency));
  CHANGED(strcmp(o->tier_code, c->tier_code) != 0 || !!o->custom_tier != !!n->custom_tier ||
              old->features != c->features || custom_differ,
          "tier");
  CHANGED(o->fleet != n->fleet, "fleet");
  CHANGED(o->replacement != c->replacement, "replacement");
  CHANGED(o->repaired_to != c->repaired_to, "repaired-to");
  CHANGED(o->swap_basis_points != n->swap_basis_points, "swap-share");
  CHANGED(o->cutoff_seconds != ncut, "cutoff");
  CHANGED(o->return_days != nret, "return-days");
  CHANGED(days_differ, "closed-days");
  CHANGED(o->user_price_minor != n->user_price_minor, "user-price");
  CHANGED(o->freight_minor != n->freight_minor, "freight");
  CHANGED(o->packaging_minor != n->packaging_minor, "packaging");
  CHANGED(o->replacement_value_minor != n->replacement_value_minor, "replacement-value");
  CHANGED(models_differ, "models");
  CHANGED(o->vat_basis_points != n->vat_basis_points, "vat");
  CHANGED(o->swap_rent_minor != n->swap_rent_minor, "swap-rent");
  CHANGED(o->retention_months != n->retention_months, "retention");
  CHANGED(!party_same(o->buyer, n->buyer), "buyer");
  CHANGED(!text_same(o->buyer_reference, n->buyer_reference), "buyer-reference");
  CHANGED(!text_same(o->order_reference, n->order_reference), "order-reference");
  CHANGED(o->payment_days != n->payment_days, "payment-days");
  CHANGED(o->roster_policy != n->roster_policy, "roster-policy");
  CHANGED(o->model_min_users != n->model_min_users, "model-min-users");
  CHANGED(o->models_max != n->models_max, "models-max");
#undef CHANGED
}

/* The instant of the agreement's latest history entry (fleet or terms). */
static int64_t last_change(const ssvc_agreement *a) {
  int64_t f = a->fh[a->nfh - 1].at, t = a->th[a->nth - 1].at;
  return f > t ? f : t;
}

static int update_once(ssvc_store *st, const char *func, const struct canon *c,
                       uint64_t expected, const char *actor, int64_t now, int64_t from,
                       int explicit_from) {
  ssvc_ctx *ctx = st->ctx;
  ssvc_txn t;
  int rc = ssvc__txn_begin(st, func, &t);
  if (rc) return rc;
  ssvc_agreement *old = NULL;
  rc = load(st, func, c->s->customer_id, &old);
  if (!rc && expected && old->version != expected)
    rc = ssvc__err(ctx, SSVC_ECONFLICT,
                   "%s: %s: the agreement changed since it was loaded (version %" PRIu64
                   ", now %" PRIu64 "); load it again",
                   func, c->s->customer_id, expected, old->version);
  /* An explicit date may not go before what the histories hold: they stay in order. */
  if (!rc && explicit_from && from < last_change(old)) {
    char f1[32], f2[32];
    ssvc_instant_format(f1, sizeof f1, from);
    ssvc_instant_format(f2, sizeof f2, last_change(old));
    rc = ssvc__err(ctx, SSVC_EINVAL,
                   "%s: effective_at: %s is before the agreement's last recorded change (%s)",
                   func, f1, f2);
  }
  uint8_t k[KEY_MAX];
  size_t klen = key_agreement(k, c->s->customer_id);
  const uint8_t *kept = NULL; /* the stored body, for its log and unknown fields */
  size_t kept_len = 0;
  if (!rc) {
    rc = ssvc__rec_read_expected(st, func, k, klen, old->version, &kept, &kept_len);
    if (rc == SSVC_ECONFLICT)
      rc = ssvc__err(ctx, rc, "%s: %s: the agreement changed concurrently; try again", func,
                     c->s->customer_id);
  }
  /* A caller of an older spec version cannot see the newer fields: they keep their values. */
  ssvc_agreement_spec eff;
  struct canon ce;
  if (!rc) {
    eff = *c->s;
    if (c->given_version < 2) {
      eff.vat_basis_points = old->spec.vat_basis_points;
      eff.swap_rent_minor = old->spec.swap_rent_minor;
    }
    if (c->given_version < 3) eff.retention_months = old->spec.retention_months;
    if (c->given_version < 4) {
      eff.buyer = old->spec.buyer;
      eff.buyer_reference = old->spec.buyer_reference;
      eff.order_reference = old->spec.order_reference;
      eff.payment_days = old->spec.payment_days;
    }
    if (c->given_version < 5) {
      eff.roster_policy = old->spec.roster_policy;
      eff.model_min_users = old->spec.model_min_users;
      eff.models_max = old->spec.models_max;
    }
    /* An agreement that keeps a roster counts its fleet there. */
    if (eff.roster_policy != SSVC_ROSTER_POLICY_NONE)
      rc = ssvc__roster_scan(st, func, eff.customer_id, NULL, NULL, &eff.fleet);
    ce = *c;
    ce.s = &eff;
    c = &ce;
  }
  if (!rc) {
    char note[256];
    changed_fields(note, sizeof note, old, c);
    int fleet_changed = old->spec.fleet != c->s->fleet, terms = terms_changed(old, c);
    if (explicit_from && (fleet_changed || terms) && from != now) {
      size_t len = strlen(note);
      char when[32];
      ssvc_instant_format(when, sizeof when, from);
      snprintf(note + len, sizeof note - len, " (from %s)", when);
    }
    ssvc_buf *b = ssvc__store_scratch(st, 0);
    /* Each history grows by one on a change of its own; at the bound the oldest entry goes. An
     * older record without a history first gets its implied entry (created, the old value). */
    size_t drop_fleet = fleet_changed && old->fh_stored ? history_drop(old->nfh) : 0;
    size_t drop_terms = terms && old->th_stored ? history_drop(old->nth) : 0;
    encode_known(b, c, old->created, now);
    keep_old(b, kept, kept_len, drop_fleet, drop_terms);
    encode_event(b, now, actor, SSVC_AGREEMENT_EVENT_UPDATED, note);
    if (fleet_changed && !old->fh_stored) encode_fleet(b, old->created, old->spec.fleet);
    if (fleet_changed) encode_fleet(b, from, c->s->fleet);
    if (terms && !old->th_stored)
      encode_terms(b, old->created, old->spec.tier_code, old->spec.custom_tier,
                   old->spec.user_price_minor);
    if (terms) encode_terms(b, from, c->tier_code, c->s->custom_tier, c->s->user_price_minor);
    if (b->failed) rc = SSVC_ENOMEM;
    else {
      rc = ssvc__store_put(st, func, k, klen, b->p, b->len, old->version, NULL);
      if (rc == SSVC_ECONFLICT)
        rc = ssvc__err(ctx, rc, "%s: %s: the agreement changed concurrently; try again", func,
                       c->s->customer_id);
    }
  }
  ssvc_agreement_free(old);
  return ssvc__txn_end(st, func, &t, rc);
}

struct update_args {
  const char *func;
  const struct canon *c;
  uint64_t expected;
  const char *actor;
  int64_t now, from;
  int explicit_from;
};

static int update_attempt(ssvc_store *st, void *arg) {
  const struct update_args *a = arg;
  return update_once(st, a->func, a->c, a->expected, a->actor, a->now, a->from,
                     a->explicit_from);
}

/* ssvc_agreement_update() and ssvc_agreement_update_from(): @p explicit_from says that
 * @p effective_at was given. */
static int update(ssvc_store *store, const char *func, const ssvc_agreement_spec *spec,
                  uint64_t expected_version, const char *actor, int64_t effective_at,
                  int explicit_from) {
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  struct canon c;
  ssvc_agreement_spec full;
  ssvc_catalog *cat = NULL;
  int rc = check_spec(ctx, func, spec, &full, &c, &cat);
  if (!rc) rc = check_actor(ctx, func, actor);
  int64_t now = ssvc__store_now(store);
  ssvc_local_time lt;
  if (!rc && explicit_from && ssvc_stockholm_from_instant(ctx, &lt, effective_at))
    rc = ssvc__err(ctx, SSVC_EINVAL, "%s: effective_at: %" PRId64 " is not an instant of "
                   "1900-2199", func, effective_at);
  struct update_args u = {func, &c, expected_version, actor, now,
                          explicit_from ? effective_at : now, explicit_from};
  /* A lost compare-and-set is tried again only when the caller named no version: with one,
   * the conflict is the answer ("load it again"). */
  if (!rc)
    rc = expected_version ? update_attempt(store, &u) : ssvc__txn_retry(store, update_attempt, &u);
  ssvc_catalog_free(cat);
  if (!rc) ssvc__log(ctx, SSVC_LOG_INFO, "agreement %s updated (%s)", spec->customer_id, actor);
  return rc;
}

int ssvc_agreement_update(ssvc_store *store, const ssvc_agreement_spec *spec,
                          uint64_t expected_version, const char *actor) {
  return update(store, "ssvc_agreement_update", spec, expected_version, actor, 0, 0);
}

int ssvc_agreement_update_from(ssvc_store *store, const ssvc_agreement_spec *spec,
                               uint64_t expected_version, const char *actor,
                               int64_t effective_at) {
  return update(store, "ssvc_agreement_update_from", spec, expected_version, actor,
                effective_at, 1);
}

struct lister {
  ssvc_agreement_list_fn fn;
  void *ud;
};

static int list_cb(void *data, const void *key, size_t klen, const void *val, size_t vlen,
                   uint64_t ver) {
  (void)val;
  (void)vlen;
  (void)ver;
  struct lister *l = data;
  char id[SSVC_AGREEMENT_ID_MAX + 1];
  if (klen < 2 || klen - 1 > SSVC_AGREEMENT_ID_MAX) return 0;
  memcpy(id, (const uint8_t *)key + 1, klen - 1);
  id[klen - 1] = '\0';
  return l->fn(l->ud, id) ? 1 : 0;
}

int ssvc_agreement_list(ssvc_store *store, ssvc_agreement_list_fn fn, void *user_data) {
  if (!store) return SSVC_EINVAL;
  if (!fn) return ssvc__err(store->ctx, SSVC_EINVAL, "ssvc_agreement_list: fn must not be NULL");
  static const uint8_t lo[] = {'A'}, hi[] = {'A' + 1};
  struct lister l = {fn, user_data};
  return ssvc__store_scan(store, "ssvc_agreement_list", lo, 1, hi, 1, list_cb, &l);
}

int ssvc_agreement_calendar(ssvc_ctx *ctx, const ssvc_agreement *a, ssvc_calendar **out) {
  if (out) *out = NULL;
  if (!ctx) return SSVC_EINVAL;
  if (!a || !out)
    return ssvc__err(ctx, SSVC_EINVAL, "ssvc_agreement_calendar: agreement and out must be given");
  ssvc_calendar_options o = SSVC_CALENDAR_OPTIONS_INIT;
  o.cutoff_seconds = a->spec.cutoff_seconds;
  o.return_days = a->spec.return_days;
  ssvc_calendar *cal;
  int rc = ssvc_calendar_new(ctx, &cal, &o);
  if (rc) return rc;
  for (size_t i = 0; i < a->spec.closed_day_count; i++)
    if ((rc = ssvc_calendar_add_closed(cal, &a->spec.closed_days[i]))) {
      ssvc_calendar_free(cal);
      return rc;
    }
  *out = cal;
  return SSVC_OK;
}

int ssvc__agreement_calendar_shared(ssvc_ctx *ctx, const ssvc_agreement *a,
                                    const ssvc_calendar **out) {
  const ssvc_agreement_spec *s = &a->spec;
  size_t n = s->closed_day_count;
  if (ctx->cal && ctx->cal_cutoff == s->cutoff_seconds && ctx->cal_return_days == s->return_days &&
      ctx->cal_nclosed == n &&
      (!n || !memcmp(ctx->cal_closed, s->closed_days, n * sizeof *s->closed_days))) {
    *out = ctx->cal;
    return SSVC_OK;
  }
  ssvc_calendar *cal;
  ssvc_date *closed = NULL;
  int rc = ssvc_agreement_calendar(ctx, a, &cal);
  if (rc) return rc;
  if (n && !(closed = ssvc__malloc(ctx, n * sizeof *closed))) {
    ssvc_calendar_free(cal);
    return SSVC_ENOMEM;
  }
  if (n) memcpy(closed, s->closed_days, n * sizeof *closed);
  ssvc_calendar_free(ctx->cal);
  ssvc__free(ctx, ctx->cal_closed);
  ctx->cal = cal;
  ctx->cal_cutoff = s->cutoff_seconds;
  ctx->cal_return_days = s->return_days;
  ctx->cal_closed = closed;
  ctx->cal_nclosed = n;
  *out = cal;
  return SSVC_OK;
}

/* The fleet follows the roster (roster_record.h): after a change of the roster of @p customer,
 * an agreement that keeps one gets the roster's count as its fleet, recorded in its fleet
 * history and its log as an update by @p actor. */
int ssvc__roster_changed(ssvc_store *st, const char *func, const char *customer,
                         const char *actor) {
  ssvc_agreement *a = NULL;
  int rc = load(st, func, customer, &a);
  if (rc) return rc;
  uint32_t count = 0;
  if (a->spec.roster_policy != SSVC_ROSTER_POLICY_NONE)
    rc = ssvc__roster_scan(st, func, customer, NULL, NULL, &count);
  if (!rc && a->spec.roster_policy != SSVC_ROSTER_POLICY_NONE && count != a->spec.fleet) {
    struct canon c = {&a->spec, SSVC_AGREEMENT_SPEC_VERSION, a->spec.tier_code, a->features,
                      a->spec.replacement, a->spec.repaired_to};
    int64_t now = ssvc__store_now(st);
    rc = update_once(st, func, &c, a->version, actor, now, now, 0);
  }
  ssvc_agreement_free(a);
  return rc;
}
