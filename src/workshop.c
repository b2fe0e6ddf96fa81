/* workshop: repair orders to the service provider (smartservice/workshop.h, doc/workshop.md).
 * One record per case under 'V' customer 0 case-id; a referred case moves with its order in the
 * same transaction. The transaction runner and the argument checks are the SWAP pool's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agreement_store.h"
#include "case_keys.h"
#include "civil_date.h"
#include "erase.h"
#include "keyspace.h"
#include "record.h"
#include "smartservice/calendar.h"
#include "smartservice/workshop.h"
#include "swap_record.h"
#include "text.h"
#include "workshop_internal.h"

enum { FORMAT = 1 };
enum { P_CASE = 1, P_CUSTOMER, P_IMEI, P_MODEL, P_PROVIDER, P_STATE, P_MOVED, P_ESTIMATE,
       P_COST, P_SENT, P_DONE, P_TURNAROUND, P_NOTE, P_UPDATED, P_EVENT };

static const char *const state_names[] = {NULL, "sent", "repaired", "scrapped"};

const char *ssvc_repair_state_name(int state) {
  return ssvc__name_of(state_names, SSVC_REPAIR_SENT, SSVC_REPAIR_SCRAPPED, state);
}

int ssvc_repair_state_from_name(ssvc_ctx *ctx, int *out, const char *name) {
  return ssvc__name_lookup(ctx, "ssvc_repair_state_from_name", out, name, state_names,
                           SSVC_REPAIR_SENT, SSVC_REPAIR_SCRAPPED, "repair-order state");
}

int ssvc_repair_order_init(ssvc_repair_order *order, unsigned int version) {
  return ssvc__struct_init(order, sizeof *order, version, SSVC_REPAIR_ORDER_VERSION);
}

size_t ssvc__repair_key(uint8_t *k, const char *customer, const char *case_id) {
  size_t n = 1;
  k[0] = SSVC_KEY_REPAIR_ORDER;
  ssvc__key_text(k, &n, customer);
  if (case_id) {
    size_t m = strlen(case_id);
    memcpy(k + n, case_id, m);
    n += m;
  }
  return n;
}

static int known(uint32_t id) { return id >= P_CASE && id < P_EVENT; }

int ssvc__repair_decode(const void *v, size_t vlen, ssvc_repair_order *o) {
  ssvc_rd rd;
  ssvc_field f;
  int r;
  memset(o, 0, sizeof *o);
  o->version = SSVC_REPAIR_ORDER_VERSION;
  o->estimate_minor = SSVC_REPAIR_NO_ESTIMATE;
  o->turnaround_days = -1;
  if (ssvc__rec_open(&rd, v, vlen, SSVC_REC_REPAIR_ORDER)) return -1;
  while ((r = ssvc__rd_next(&rd, &f)) == 1) {
    switch (f.id) {
    case P_CASE: ssvc__swap_copy_text(o->case_id, sizeof o->case_id, &f); break;
    case P_CUSTOMER: ssvc__swap_copy_text(o->customer_id, sizeof o->customer_id, &f); break;
    case P_IMEI: ssvc__swap_copy_text(o->imei, sizeof o->imei, &f); break;
    case P_MODEL: ssvc__swap_copy_text(o->model, sizeof o->model, &f); break;
    case P_PROVIDER: ssvc__swap_copy_text(o->provider, sizeof o->provider, &f); break;
    case P_STATE: o->state = (int)f.u; break;
    case P_MOVED: o->moved_case = f.u != 0; break;
    case P_ESTIMATE: o->estimate_minor = ssvc__unzigzag(f.u); break;
    case P_COST: o->cost_minor = ssvc__unzigzag(f.u); break;
    case P_SENT: o->sent_at = ssvc__unzigzag(f.u); break;
    case P_DONE: o->done_at = ssvc__unzigzag(f.u); break;
    case P_TURNAROUND: o->turnaround_days = (int)ssvc__unzigzag(f.u); break;
    case P_NOTE: ssvc__swap_copy_text(o->note, sizeof o->note, &f); break;
    case P_UPDATED: o->updated_at = ssvc__unzigzag(f.u); break;
    default: break;
    }
  }
  return r < 0 || !ssvc_repair_state_name(o->state) || !*o->case_id || !*o->provider ? -1 : 0;
}

int ssvc__repair_valid(const void *v, size_t vlen) {
  ssvc_repair_order o;
  return ssvc__repair_decode(v, vlen, &o);
}

int ssvc__repair_get(ssvc_store *st, const char *func, const char *customer, const char *case_id,
                     ssvc_repair_order *out, uint64_t *ver) {
  uint8_t k[SSVC__REPAIR_KEY_MAX];
  const void *v;
  size_t vlen;
  int rc = ssvc__store_get(st, func, k, ssvc__repair_key(k, customer, case_id), &v, &vlen, ver);
  if (rc) return rc;
  if (ssvc__repair_decode(v, vlen, out))
    return ssvc__err(st->ctx, SSVC_ESTORAGE, "%s: the repair order of %s cannot be read", func,
                     case_id);
  return SSVC_OK;
}

/* Reads the order of case @p case_id of @p customer; SSVC_ENOTFOUND with "FUNC: ID has no repair
 * order". */
static int read_order(struct op *p, const char *customer, const char *case_id,
                      ssvc_repair_order *out, uint64_t *ver) {
  uint8_t k[SSVC__REPAIR_KEY_MAX];
  const void *v;
  size_t vlen;
  int rc = ssvc__store_get(p->st, p->func, k, ssvc__repair_key(k, customer, case_id), &v, &vlen,
                           ver);
  if (rc == SSVC_ENOTFOUND)
    return ssvc__err(p->ctx, rc, "%s: %s has no repair order", p->func, case_id);
  if (rc) return rc;
  if (ssvc__repair_decode(v, vlen, out)) return ssvc__swap_malformed(p, "repair order", case_id);
  return SSVC_OK;
}

int ssvc__repair_write(struct op *p, const ssvc_repair_order *o, uint64_t expected, int from,
                       const char *what) {
  uint8_t k[SSVC__REPAIR_KEY_MAX];
  size_t klen = ssvc__repair_key(k, o->customer_id, o->case_id);
  const uint8_t *old;
  size_t old_len;
  int rc = ssvc__rec_read_expected(p->st, p->func, k, klen, expected, &old, &old_len);
  if (rc == SSVC_ECONFLICT) return ssvc__swap_conflict(p, "repair order", o->case_id);
  if (rc) return rc;
  ssvc_buf *b = ssvc__store_scratch(p->st, 1);
  ssvc__rec_header(b, SSVC_REC_REPAIR_ORDER, FORMAT);
  ssvc__rec_str(b, P_CASE, o->case_id);
  ssvc__rec_str(b, P_CUSTOMER, o->customer_id);
  ssvc__rec_str(b, P_IMEI, o->imei);
  ssvc__rec_str(b, P_MODEL, o->model);
  ssvc__rec_str(b, P_PROVIDER, o->provider);
  ssvc__rec_uint(b, P_STATE, (uint64_t)o->state);
  ssvc__rec_uint(b, P_MOVED, (uint64_t)(o->moved_case != 0));
  ssvc__rec_sint(b, P_ESTIMATE, o->estimate_minor);
  ssvc__rec_sint(b, P_COST, o->cost_minor);
  ssvc__rec_sint(b, P_SENT, o->sent_at);
  ssvc__rec_sint(b, P_DONE, o->done_at);
  ssvc__rec_sint(b, P_TURNAROUND, o->turnaround_days);
  ssvc__rec_str(b, P_NOTE, o->note);
  ssvc__rec_sint(b, P_UPDATED, o->updated_at ? o->updated_at : p->now);
  if (old) ssvc__rec_keep(b, old, old_len, known);
  ssvc__swap_encode_event(b, P_EVENT, p->now, p->actor ? p->actor : "", from, o->state, "",
                          what ? what : "");
  if (b->failed) return SSVC_ENOMEM;
  rc = ssvc__store_put(p->st, p->func, k, klen, b->p, b->len, expected, NULL);
  if (rc == SSVC_ECONFLICT) {
    if (expected == SSVC_STORAGE_NEW)
      return ssvc__err(p->ctx, SSVC_EEXISTS, "%s: %s already has a repair order", p->func,
                       o->case_id);
    return ssvc__swap_conflict(p, "repair order", o->case_id);
  }
  return rc;
}

/* Loads case @p case_id's info (customer, IMEI, model, state) into @p i; @p c is freed by the
 * caller. */
static int load_case(struct op *p, const char *case_id, ssvc_case **c, ssvc_case_info *i) {
  return ssvc__swap_load_case(p, case_id, c, i);
}

static int check_amount(ssvc_ctx *ctx, const char *func, const char *arg, int64_t v) {
  if (v < 0 || v > SSVC_AMOUNT_MAX)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: %s: %lld is not 0..10^12 (öre)", func, arg,
                     (long long)v);
  return SSVC_OK;
}

static int send_body(struct op *p, void *args) {
  const ssvc_repair_spec *s = args;
  ssvc_case *c = NULL;
  ssvc_case_info i;
  int rc = load_case(p, s->case_id, &c, &i);
  if (rc) {
    ssvc_case_free(c);
    return rc;
  }
  ssvc_repair_order o;
  memset(&o, 0, sizeof o);
  o.version = SSVC_REPAIR_ORDER_VERSION;
  snprintf(o.case_id, sizeof o.case_id, "%s", i.id);
  snprintf(o.customer_id, sizeof o.customer_id, "%s", i.customer_id);
  snprintf(o.imei, sizeof o.imei, "%s", i.imei);
  snprintf(o.model, sizeof o.model, "%s", i.model);
  int state = i.state;
  ssvc_case_free(c);
  if (state != SSVC_CASE_REFERRED && state != SSVC_CASE_FAULTY_RETURNED &&
      state != SSVC_CASE_IN_REPAIR)
    return ssvc__err(p->ctx, SSVC_ESTATE,
                     "%s: %s is %s; a phone goes to the workshop from a referred, "
                     "faulty-returned or in-repair case",
                     p->func, o.case_id, ssvc_case_state_name(state));
  snprintf(o.provider, sizeof o.provider, "%s", s->provider);
  snprintf(o.note, sizeof o.note, "%s", s->note ? s->note : "");
  o.state = SSVC_REPAIR_SENT;
  o.moved_case = state == SSVC_CASE_REFERRED;
  o.estimate_minor = s->estimate_minor;
  o.sent_at = p->now;
  o.turnaround_days = -1;
  if ((rc = ssvc__repair_write(p, &o, SSVC_STORAGE_NEW, 0, o.provider))) return rc;
  if (!o.moved_case) return SSVC_OK;
  char note[SSVC_PROVIDER_MAX + 32];
  snprintf(note, sizeof note, "sent to %s", o.provider);
  return ssvc__case_transition_pool(p->st, p->func, o.case_id, SSVC_CASE_IN_REPAIR, p->actor,
                                    note);
}

int ssvc_repair_order_send(ssvc_store *store, const ssvc_repair_spec *spec) {
  static const char func[] = "ssvc_repair_order_send";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  if (!spec) return ssvc__err(ctx, SSVC_EINVAL, "%s: spec must not be NULL", func);
  int rc = ssvc__check_version(ctx, "ssvc_repair_order_send: spec", spec->version,
                               SSVC_REPAIR_SPEC_VERSION);
  if (rc || (rc = ssvc__swap_check_case_id(ctx, func, spec->case_id)) ||
      (rc = ssvc__check_text(ctx, func, "spec->provider", spec->provider, 1,
                             SSVC_PROVIDER_MAX)) ||
      (spec->estimate_minor != SSVC_REPAIR_NO_ESTIMATE &&
       (rc = check_amount(ctx, func, "spec->estimate_minor", spec->estimate_minor))) ||
      (spec->note && (rc = ssvc__check_lines(ctx, func, "spec->note", spec->note, 0, 1024))) ||
      (rc = ssvc__check_text(ctx, func, "spec->actor", spec->actor, 1, 256)))
    return rc;
  rc = ssvc__swap_run(store, func, spec->actor, send_body, (void *)spec);
  if (!rc)
    ssvc__log(ctx, SSVC_LOG_INFO, "workshop: %s sent to %s", spec->case_id, spec->provider);
  return rc;
}

struct change_args {
  const char *case_id;
  int outcome; /* 0: the estimate */
  int64_t amount;
};

static int change_body(struct op *p, void *args) {
  struct change_args *a = args;
  ssvc_case *c = NULL;
  ssvc_case_info i;
  int rc = load_case(p, a->case_id, &c, &i);
  char customer[SSVC_AGREEMENT_ID_MAX + 1] = "";
  if (!rc) snprintf(customer, sizeof customer, "%s", i.customer_id);
  int case_state = rc ? 0 : i.state;
  ssvc_case_free(c);
  if (rc) return rc;
  ssvc_repair_order o;
  uint64_t ver;
  if ((rc = read_order(p, customer, a->case_id, &o, &ver))) return rc;
  if (o.state != SSVC_REPAIR_SENT)
    return ssvc__err(p->ctx, SSVC_ESTATE, "%s: the repair order of %s is %s already", p->func,
                     a->case_id, ssvc_repair_state_name(o.state));
  o.updated_at = 0;
  if (!a->outcome) {
    o.estimate_minor = a->amount;
    return ssvc__repair_write(p, &o, ver, o.state, "estimate");
  }
  /* The turnaround: working days on the agreement's calendar, Stockholm days. */
  ssvc_agreement *ag = NULL;
  const ssvc_calendar *cal = NULL;
  ssvc_local_time from, to;
  int days = 0;
  rc = ssvc__agreement_load(p->st, p->func, customer, &ag);
  if (!rc) rc = ssvc__agreement_calendar_shared(p->ctx, ag, &cal);
  if (!rc) rc = ssvc_stockholm_from_instant(p->ctx, &from, o.sent_at);
  if (!rc) rc = ssvc_stockholm_from_instant(p->ctx, &to, p->now);
  if (!rc) rc = ssvc_calendar_count_working_days(p->ctx, cal, &days, &from.date, &to.date);
  ssvc_agreement_free(ag);
  if (rc) return rc;
  o.state = a->outcome;
  o.cost_minor = a->amount;
  o.done_at = p->now;
  o.turnaround_days = days < 0 ? 0 : days;
  if ((rc = ssvc__repair_write(p, &o, ver, SSVC_REPAIR_SENT, o.provider))) return rc;
  if (!o.moved_case || case_state != SSVC_CASE_IN_REPAIR) return SSVC_OK;
  char note[SSVC_PROVIDER_MAX + 32];
  snprintf(note, sizeof note, "%s by %s", ssvc_repair_state_name(o.state), o.provider);
  return ssvc__case_transition_pool(p->st, p->func, o.case_id, SSVC_CASE_REPAIRED, p->actor,
                                    note);
}

static int change(ssvc_store *store, const char *func, struct change_args *a,
                  const char *actor) {
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  int rc = ssvc__swap_check_case_id(ctx, func, a->case_id);
  if (!rc && a->outcome && a->outcome != SSVC_REPAIR_REPAIRED &&
      a->outcome != SSVC_REPAIR_SCRAPPED)
    rc = ssvc__err(ctx, SSVC_EINVAL, "%s: outcome: %d is neither repaired (2) nor scrapped (3)",
                   func, a->outcome);
  if (!rc)
    rc = check_amount(ctx, func, a->outcome ? "cost_minor" : "estimate_minor", a->amount);
  if (!rc) rc = ssvc__check_text(ctx, func, "actor", actor, 1, 256);
  if (rc) return rc;
  rc = ssvc__swap_run(store, func, actor, change_body, a);
  if (!rc && a->outcome)
    ssvc__log(ctx, SSVC_LOG_INFO, "workshop: %s %s", a->case_id,
              ssvc_repair_state_name(a->outcome));
  return rc;
}

int ssvc_repair_order_estimate(ssvc_store *store, const char *case_id, int64_t estimate_minor,
                               const char *actor) {
  struct change_args a = {case_id, 0, estimate_minor};
  return change(store, "ssvc_repair_order_estimate", &a, actor);
}

int ssvc_repair_order_done(ssvc_store *store, const char *case_id, int outcome,
                           int64_t cost_minor, const char *actor) {
  struct change_args a = {case_id, outcome, cost_minor};
  if (!outcome) a.outcome = -1; /* not the estimate: refused as an outcome */
  return change(store, "ssvc_repair_order_done", &a, actor);
}

int ssvc_repair_order_get(ssvc_store *store, ssvc_repair_order *out, const char *case_id) {
  static const char func[] = "ssvc_repair_order_get";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "%s: out must not be NULL", func);
  int rc = ssvc__check_version(ctx, "ssvc_repair_order_get: out", out->version,
                               SSVC_REPAIR_ORDER_VERSION);
  if (rc || (rc = ssvc__swap_check_case_id(ctx, func, case_id))) return rc;
  struct op p = {store, ctx, func, NULL, 0};
  ssvc_case *c = NULL;
  ssvc_case_info i;
  rc = load_case(&p, case_id, &c, &i);
  char customer[SSVC_AGREEMENT_ID_MAX + 1] = "";
  if (!rc) snprintf(customer, sizeof customer, "%s", i.customer_id);
  ssvc_case_free(c);
  if (rc) return rc;
  ssvc_repair_order o;
  uint64_t ver;
  if ((rc = read_order(&p, customer, case_id, &o, &ver))) return rc;
  *out = o;
  return SSVC_OK;
}

struct lister {
  ssvc_repair_order_fn fn;
  void *ud;
};

static size_t list_prefix(uint8_t *k, const char *customer) {
  return ssvc__repair_key(k, customer, NULL);
}

static int list_each(struct op *p, const void *val, size_t vlen, int dry, void *data) {
  const struct lister *l = data;
  ssvc_repair_order o;
  if (ssvc__repair_decode(val, vlen, &o))
    return ssvc__swap_malformed(p, "repair order of", p->actor);
  return dry ? 0 : l->fn(l->ud, &o) ? 1 : 0;
}

int ssvc_repair_order_list(ssvc_store *store, const char *customer_id, ssvc_repair_order_fn fn,
                           void *user_data) {
  struct lister l = {fn, user_data};
  return ssvc__swap_list(store, "ssvc_repair_order_list", customer_id, fn != NULL, list_prefix,
                         list_each, &l);
}

/* ---- Erasure (erase.c) ---- */

int ssvc__repair_erase(ssvc_store *st, const char *func, const char *actor, int64_t now,
                       const char *customer, const char *case_id, size_t *count) {
  struct op p = {st, st->ctx, func, actor, now};
  ssvc_repair_order o;
  uint64_t ver;
  int rc = read_order(&p, customer, case_id, &o, &ver);
  if (rc == SSVC_ENOTFOUND) {
    ssvc_ctx_clear_error(st->ctx);
    return SSVC_OK;
  }
  if (rc) return rc;
  if (!*o.imei && !*o.note) return SSVC_OK;
  o.imei[0] = '\0';
  o.note[0] = '\0';
  o.updated_at = 0;
  rc = ssvc__repair_write(&p, &o, ver, o.state, "personal data erased");
  if (!rc && count) ++*count;
  return rc;
}
