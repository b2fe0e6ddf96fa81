/* case_estimate: whether a case's repair is in warranty, and the workshop's cost estimate
 * (kostnadsförslag) that the customer accepts or declines before a repair outside warranty
 * (doc/charges.md "Warranty and cost estimates"; the record field: doc/records.md). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "case_record.h"
#include "smartservice/calendar.h"
#include "smartservice/money.h"
#include "text.h"

/* The bounds of an amount, as the charges module bounds a price. */
#define AMOUNT_MAX INT64_C(1000000000000)

static int check_amount(ssvc_ctx *ctx, const char *func, const char *arg, int64_t v) {
  if (v < 0)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: %s: must not be negative (got %" PRId64 ")", func,
                     arg, v);
  if (v > AMOUNT_MAX)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: %s: must be at most 10^12 öre (got %" PRId64 ")",
                     func, arg, v);
  return SSVC_OK;
}

static const char *const warranty_names[] = {"unknown", "in", "out"};
static const char *const answer_names[] = {"pending", "accepted", "declined"};

const char *ssvc_warranty_name(int warranty) {
  return ssvc__name_of(warranty_names, SSVC_WARRANTY_UNKNOWN, SSVC_WARRANTY_OUT, warranty);
}

int ssvc_warranty_from_name(ssvc_ctx *ctx, int *out, const char *name) {
  return ssvc__name_lookup(ctx, "ssvc_warranty_from_name", out, name, warranty_names,
                           SSVC_WARRANTY_UNKNOWN, SSVC_WARRANTY_OUT, "warranty status");
}

const char *ssvc_estimate_answer_name(int answer) {
  return ssvc__name_of(answer_names, SSVC_ESTIMATE_PENDING, SSVC_ESTIMATE_DECLINED, answer);
}

int ssvc_estimate_answer_from_name(ssvc_ctx *ctx, int *out, const char *name) {
  return ssvc__name_lookup(ctx, "ssvc_estimate_answer_from_name", out, name, answer_names,
                           SSVC_ESTIMATE_PENDING, SSVC_ESTIMATE_DECLINED, "estimate answer");
}

int ssvc__warranty_status(ssvc_date end, int64_t registered) {
  if (!end.year) return SSVC_WARRANTY_UNKNOWN;
  ssvc_local_time lt;
  if (ssvc_stockholm_from_instant(NULL, &lt, registered) != SSVC_OK) return -1;
  return ssvc__date_cmp(lt.date, end) <= 0 ? SSVC_WARRANTY_IN : SSVC_WARRANTY_OUT;
}

/* The warranty status of @p c (the rule of ssvc_case_warranty()); @p func names the caller. */
static int warranty_of(ssvc_ctx *ctx, const char *func, const ssvc_case *c, int *out) {
  int w = ssvc__warranty_status(c->warranty, c->registered);
  if (w < 0)
    return ssvc__err(ctx, SSVC_ERANGE,
                     "%s: %s: the registration instant %" PRId64 " is outside 1900-2199", func,
                     c->id, c->registered);
  *out = w;
  return SSVC_OK;
}

int ssvc_case_warranty(const ssvc_case *c, int *out) {
  if (!c) return SSVC_EINVAL;
  if (!out) return ssvc__err(c->ctx, SSVC_EINVAL, "ssvc_case_warranty: out must not be NULL");
  int w, rc = warranty_of(c->ctx, "ssvc_case_warranty", c, &w);
  if (rc == SSVC_OK) *out = w;
  return rc;
}

/* SSVC_ESTATE when @p c is in warranty: a repair in warranty is not billed to the customer. */
static int refuse_in_warranty(ssvc_ctx *ctx, const char *func, const ssvc_case *c,
                              const char *what) {
  int w, rc = warranty_of(ctx, func, c, &w);
  if (rc || w != SSVC_WARRANTY_IN) return rc;
  char d[16];
  ssvc_date_format(d, sizeof d, &c->warranty);
  return ssvc__err(ctx, SSVC_ESTATE,
                   "%s: %s: in warranty until %s: %s (a repair in warranty is not billed to the "
                   "customer)",
                   func, c->id, d, what);
}

int ssvc__case_warranty_charge_check(ssvc_ctx *ctx, const char *func, const ssvc_case *c,
                                     int kind) {
  if (!ssvc_charge_kind_is_direct(kind)) return SSVC_OK;
  char what[64];
  snprintf(what, sizeof what, "no %s charge", ssvc_charge_kind_key(kind));
  return refuse_in_warranty(ctx, func, c, what);
}

/* "1450.00 SEK, recorded 2026-03-02T10:00:00+01:00 by workshop": the estimate in a message. */
static void describe(char *buf, size_t size, const cestimate *e) {
  char amount[40], at[40];
  ssvc_money_format(amount, sizeof amount, e->amount, "SEK");
  ssvc_instant_format(at, sizeof at, e->at);
  snprintf(buf, size, "%s, recorded %s by %.64s", amount, at, e->actor);
}

int ssvc__case_estimate_gate(ssvc_ctx *ctx, const char *func, const ssvc_case *c, int to) {
  if (!c->est.has || c->est.answer != SSVC_ESTIMATE_PENDING ||
      (to != SSVC_CASE_IN_REPAIR && to != SSVC_CASE_SWAP_REQUESTED))
    return SSVC_OK;
  char d[160];
  describe(d, sizeof d, &c->est);
  return ssvc__err(ctx, SSVC_ESTATE,
                   "%s: %s: cannot go to %s: its cost estimate (%s) waits for the customer's "
                   "answer",
                   func, c->id, ssvc_case_state_name(to), d);
}

int ssvc_case_estimate_get(const ssvc_case *c, ssvc_case_estimate_info *out) {
  static const char func[] = "ssvc_case_estimate_get";
  if (!c) return SSVC_EINVAL;
  if (!out) return ssvc__err(c->ctx, SSVC_EINVAL, "%s: out must not be NULL", func);
  int rc = ssvc__check_version(c->ctx, "ssvc_case_estimate_get: out", out->version,
                               SSVC_CASE_ESTIMATE_INFO_VERSION);
  if (rc) return rc;
  if (!ssvc__case_estimate_of(c, out))
    return ssvc__err(c->ctx, SSVC_ENOTFOUND, "%s: %s: the case has no cost estimate", func,
                     c->id);
  return SSVC_OK;
}

int ssvc__case_estimate_of(const ssvc_case *c, ssvc_case_estimate_info *out) {
  const cestimate *e = &c->est;
  if (!e->has) return 0;
  out->amount_minor = e->amount;
  out->inspection_fee_minor = e->fee;
  out->currency = *e->currency ? e->currency : "SEK";
  out->text = e->text;
  out->actor = e->actor;
  out->at = e->at;
  out->answer = e->answer;
  out->answered_by = e->by;
  out->answer_actor = e->answer_actor;
  out->answered_at = e->answered_at;
  return 1;
}

int ssvc__case_estimate_check(ssvc_ctx *ctx, const char *func, const ssvc_case_estimate_info *e) {
  int rc;
  if ((rc = check_amount(ctx, func, "estimate amount", e->amount_minor)) ||
      (rc = check_amount(ctx, func, "estimate inspection fee", e->inspection_fee_minor)) ||
      (rc = ssvc__check_lines(ctx, func, "estimate text", e->text, 0, 1024)) ||
      (rc = ssvc__check_lines(ctx, func, "estimate actor", e->actor, 1, 256)) ||
      (rc = ssvc__check_lines(ctx, func, "estimate answered by", e->answered_by, 0, 256)) ||
      (rc = ssvc__check_lines(ctx, func, "estimate answer actor", e->answer_actor, 0, 256)))
    return rc;
  if (e->currency && *e->currency && strcmp(e->currency, "SEK") != 0)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: estimate currency: must be SEK (got '%.16s')", func,
                     e->currency);
  if (!ssvc_estimate_answer_name(e->answer))
    return ssvc__err(ctx, SSVC_EINVAL, "%s: estimate answer: not an answer (got %d)", func,
                     e->answer);
  return SSVC_OK;
}

void ssvc__case_estimate_erase(ssvc_case *c) {
  if (!c->est.has || !*c->est.by) return;
  c->est.by = "";
  c->est.raw = NULL; /* re-encoded without the name */
}

/* ------------------------------------------------------------------------------------------ */
/* Changes                                                                                     */

struct est_args {
  const char *func, *id, *actor;
  int64_t now;
  /* ssvc_case_estimate */
  int64_t amount, fee;
  const char *text;
  /* ssvc_case_estimate_answer */
  int accepted;
  const char *by;
};

/* Stores @p c, whose estimate changed, with the event @p ev (its state is unchanged, so its
 * index entries stay). */
static int put_case(ssvc_store *st, const struct est_args *a, ssvc_case *c, cevent *ev) {
  c->updated = a->now;
  c->est.raw = NULL; /* re-encoded */
  ev->at = a->now;
  ev->actor = a->actor;
  ssvc_buf *b = ssvc__store_scratch(st, 0);
  ssvc__case_encode_case(b, c, ev, NULL, NULL);
  if (b->failed) return SSVC_ENOMEM;
  uint8_t k[SSVC_KEY_CASE_LEN];
  int rc = ssvc__store_put(st, a->func, k, ssvc__key_case(k, c->year, c->seq), b->p, b->len,
                           c->version, NULL);
  if (rc == SSVC_ECONFLICT) rc = ssvc__case_conflict(st->ctx, a->func, c->id);
  return rc;
}

static int estimate_body(ssvc_store *st, void *arg) {
  struct est_args *a = arg;
  ssvc_ctx *ctx = st->ctx;
  ssvc_case *c = NULL;
  int rc = ssvc__case_load(st, a->func, a->id, &c);
  if (rc) return rc;
  char note[1200], d[160];
  if (c->state != SSVC_CASE_REFERRED && c->state != SSVC_CASE_FAULTY_RETURNED) {
    rc = ssvc__err(ctx, SSVC_ESTATE,
                   "%s: %s: the case is %s; a cost estimate is given while it is referred or "
                   "faulty-returned",
                   a->func, c->id, ssvc_case_state_name(c->state));
    goto out;
  }
  if ((rc = refuse_in_warranty(ctx, a->func, c, "no cost estimate"))) goto out;
  if (c->est.has) {
    describe(d, sizeof d, &c->est);
    rc = ssvc__err(ctx, SSVC_ESTATE, "%s: %s: the case has a cost estimate already (%s, %s)",
                   a->func, c->id, d, ssvc_estimate_answer_name(c->est.answer));
    goto out;
  }
  memset(&c->est, 0, sizeof c->est);
  c->est.has = 1;
  c->est.amount = a->amount;
  c->est.fee = a->fee;
  c->est.currency = "SEK";
  c->est.text = a->text;
  c->est.actor = a->actor;
  c->est.at = a->now;
  char amount[40], fee[40];
  ssvc_money_format(amount, sizeof amount, a->amount, "SEK");
  ssvc_money_format(fee, sizeof fee, a->fee, "SEK");
  snprintf(note, sizeof note, "%s, inspection fee %s%s%s", amount, fee, a->text ? ": " : "",
           a->text ? a->text : "");
  cevent ev = {0, NULL, note, SSVC_CASE_EVENT_ESTIMATE, 0, 0, NULL, 0};
  rc = put_case(st, a, c, &ev);
out:
  ssvc_case_free(c);
  return rc;
}

/* The checks both changes start with: the store, the case id, the actor. */
static int check_common(ssvc_store *store, const char *func, const char *id, const char *actor) {
  if (!store) return SSVC_EINVAL;
  uint32_t y, s;
  int rc = ssvc__case_parse_id(store->ctx, func, id, &y, &s);
  if (!rc) rc = ssvc__check_lines(store->ctx, func, "actor", actor, 1, 256);
  return rc;
}

int ssvc_case_estimate(ssvc_store *store, const char *case_id, int64_t amount_minor,
                       int64_t inspection_fee_minor, const char *text, const char *actor) {
  static const char func[] = "ssvc_case_estimate";
  int rc = check_common(store, func, case_id, actor);
  if (rc) return rc;
  ssvc_ctx *ctx = store->ctx;
  if ((rc = check_amount(ctx, func, "amount_minor", amount_minor)) ||
      (rc = check_amount(ctx, func, "inspection_fee_minor", inspection_fee_minor)) ||
      (rc = ssvc__check_lines(ctx, func, "text", text, 0, 1024)))
    return rc;
  struct est_args a = {func, case_id, actor, ssvc__store_now(store), amount_minor,
                       inspection_fee_minor, text && *text ? text : NULL, 0, NULL};
  rc = ssvc__txn_run(store, func, estimate_body, &a);
  if (rc == SSVC_OK) ssvc__log(ctx, SSVC_LOG_INFO, "case %s: cost estimate recorded", case_id);
  return rc;
}

static int answer_body(ssvc_store *st, void *arg) {
  struct est_args *a = arg;
  ssvc_ctx *ctx = st->ctx;
  ssvc_case *c = NULL;
  int rc = ssvc__case_load(st, a->func, a->id, &c);
  if (rc) return rc;
  cestimate *e = &c->est;
  char note[400], d[160], at[40];
  if (!e->has) {
    rc = ssvc__err(ctx, SSVC_ESTATE, "%s: %s: the case has no cost estimate to answer", a->func,
                   c->id);
    goto out;
  }
  if (e->answer == SSVC_ESTIMATE_PENDING && c->state != SSVC_CASE_REFERRED &&
      c->state != SSVC_CASE_FAULTY_RETURNED) {
    rc = ssvc__err(ctx, SSVC_ESTATE,
                   "%s: %s: the case is %s; its cost estimate can no longer be answered", a->func,
                   c->id, ssvc_case_state_name(c->state));
    goto out;
  }
  if (e->answer != SSVC_ESTIMATE_PENDING) {
    describe(d, sizeof d, e);
    ssvc_instant_format(at, sizeof at, e->answered_at);
    rc = ssvc__err(ctx, SSVC_ESTATE,
                   "%s: %s: the cost estimate (%s) was answered already: %s by %.64s at %s",
                   a->func, c->id, d, ssvc_estimate_answer_name(e->answer), e->by, at);
    goto out;
  }
  e->answer = a->accepted ? SSVC_ESTIMATE_ACCEPTED : SSVC_ESTIMATE_DECLINED;
  e->by = a->by;
  e->answer_actor = a->actor;
  e->answered_at = a->now;
  snprintf(note, sizeof note, "%s by %s", ssvc_estimate_answer_name(e->answer), a->by);
  cevent ev = {0, NULL, note, SSVC_CASE_EVENT_ESTIMATE_ANSWER, 0, 0, NULL, 0};
  ssvc_case_charge ch = SSVC_CASE_CHARGE_INIT;
  ch.kind = a->accepted ? SSVC_CHARGE_REPAIR : SSVC_CHARGE_COST_ESTIMATE;
  ch.amount_minor = a->accepted ? e->amount : e->fee;
  ch.currency = "SEK";
  /* The invoice line's text (after the case id); NULL: the kind's name. */
  ch.text = !a->accepted ? "inspection fee, cost estimate declined" : *e->text ? e->text : NULL;
  if ((rc = put_case(st, a, c, &ev))) goto out;
  /* The charge and the closing are changes of their own, joined to this transaction. */
  if (ch.amount_minor > 0 && (rc = ssvc_case_add_charge(st, a->id, a->actor, &ch))) goto out;
  if (!a->accepted)
    rc = ssvc_case_transition(st, a->id, SSVC_CASE_CLOSED, a->actor,
                              "cost estimate declined: the phone goes back unrepaired");
out:
  ssvc_case_free(c);
  return rc;
}

int ssvc_case_estimate_answer(ssvc_store *store, const char *case_id, int accepted,
                              const char *who_answered, const char *actor) {
  static const char func[] = "ssvc_case_estimate_answer";
  int rc = check_common(store, func, case_id, actor);
  if (rc) return rc;
  ssvc_ctx *ctx = store->ctx;
  if (accepted != 0 && accepted != 1)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: accepted: must be 1 or 0 (got %d)", func, accepted);
  if ((rc = ssvc__check_lines(ctx, func, "who_answered", who_answered, 1, 256))) return rc;
  struct est_args a = {func, case_id, actor, ssvc__store_now(store), 0, 0, NULL, accepted,
                       who_answered};
  rc = ssvc__txn_run(store, func, answer_body, &a);
  if (rc == SSVC_OK)
    ssvc__log(ctx, SSVC_LOG_INFO, "case %s: cost estimate %s", case_id,
              accepted ? "accepted" : "declined");
  return rc;
}
