/* case: the diagnosis of a case, checked against the tree that asked it, and what its outcome
 * does (ssvc_case_diagnose, ssvc_case_apply_outcome; doc/diagnosis.md, "A case's diagnosis").
 * The outcome's actions are the case's own state changes and, for a swap or loan, the pool's
 * reservation (ssvc_swap_reserve), all joined into one transaction. */
#include <stdio.h>
#include <string.h>

#include "case_record.h"
#include "smartservice/guidance.h"
#include "smartservice/swap.h"
#include "swap_record.h" /* ssvc__order_give */
#include "text.h"

int ssvc_case_diag_result_init(ssvc_case_diag_result *result, unsigned int version) {
  return ssvc__struct_init(result, sizeof *result, version, SSVC_CASE_DIAG_RESULT_VERSION);
}

/* The case's tier as registered (its code and features) for a session: the catalogue's tier of
 * that code when its features are the case's, otherwise a custom tier made of them. */
static int case_tier(ssvc_ctx *ctx, const char *func, const ssvc_case_info *i, ssvc_catalog **cat,
                     const ssvc_tier **tier) {
  int rc = ssvc_catalog_new(ctx, cat);
  if (rc) return rc;
  for (size_t k = 0; k < ssvc_catalog_count(*cat); k++) {
    const ssvc_tier *t = ssvc_catalog_at(*cat, k);
    if (ssvc__ascii_casecmp(ssvc_tier_code(t), i->tier_code) != 0) continue;
    if (ssvc_tier_features(t) != i->features)
      return ssvc__err(ctx, SSVC_ESTORAGE,
                       "%s: %s: the case's tier %s has features 0x%x, the catalogue's 0x%x", func,
                       i->id, i->tier_code, i->features, ssvc_tier_features(t));
    *tier = t;
    return SSVC_OK;
  }
  ssvc_tier_spec spec = SSVC_TIER_SPEC_INIT;
  spec.code = i->tier_code;
  spec.name_sv = i->tier_code;
  spec.features = i->features;
  return ssvc_catalog_add(*cat, &spec, tier);
}

/* Replays @p transcript on @p tree for the tier of case @p i into a finished session (case_record.h).
 * A transcript the tree cannot have produced is SSVC_EINVAL naming the step (the diagnosis
 * module's words). */
int ssvc__case_replay(ssvc_ctx *ctx, const char *func, const ssvc_case_info *i,
                      const ssvc_diag_tree *tree, const char *transcript, ssvc_catalog **cat,
                      ssvc_diag_session **s) {
  const ssvc_tier *tier;
  int rc = case_tier(ctx, func, i, cat, &tier);
  if (rc) return rc;
  rc = ssvc_diag_session_resume(ctx, s, tree, tier, NULL, transcript);
  if (rc == SSVC_ENOMEM) return rc;
  if (rc) {
    /* "ssvc_diag_session_resume: transcript: step 3: ..." or "ssvc_diag_session_new: no
     * symptom 'x'": keep what follows the function's name. */
    char why[SSVC_ERRMSG_MAX];
    const char *m = ssvc_ctx_errmsg(ctx), *colon = strstr(m, ": ");
    snprintf(why, sizeof why, "%s", colon ? colon + 2 : m);
    if (rc == SSVC_ENOTENTITLED) /* a guidance topic of an area the tier lacks */
      return ssvc__err(ctx, rc, "%s: %s: %s", func, i->id, why);
    const char *lead = strncmp(why, "transcript: ", 12) == 0 ? "" : "transcript: ";
    return ssvc__err(ctx, SSVC_EINVAL, "%s: %s: %s%s", func, i->id, lead, why);
  }
  if (!ssvc_diag_session_done(*s))
    return ssvc__err(ctx, SSVC_EINVAL,
                     "%s: %s: transcript: ends after step %zu before an outcome (question '%s' "
                     "is next)",
                     func, i->id, ssvc_diag_session_step_count(*s),
                     ssvc_diag_session_question_id(*s));
  return SSVC_OK;
}

/* The reminders as their keys, "remove-sim, backup, ...". */
static void reminder_keys(char *buf, size_t size, unsigned int reminders) {
  size_t o = 0;
  buf[0] = '\0';
  for (unsigned int b = 1; b <= SSVC_DIAG_REMIND_ALL && o < size; b <<= 1)
    if (reminders & b)
      o += (size_t)snprintf(buf + o, size - o, "%s%s", o ? ", " : "", ssvc_diag_reminder_key(b));
}

/* One call in progress. */
struct dx {
  const char *func, *id, *actor, *transcript;
  const ssvc_diag_tree *tree;
  unsigned int flags;
  ssvc_case_diag_result res;
  ssvc_order order;
  int has_order;
};

/* Applies the outcome in a->res.outcome to case @p i (diagnosing); @p s is the session that gave
 * it, or NULL when unknown. */
static int apply(ssvc_store *st, struct dx *a, const ssvc_case_info *i,
                 const ssvc_diag_session *s) {
  ssvc_ctx *ctx = st->ctx;
  ssvc_case_diag_result *r = &a->res;
  char note[512], keys[160];
  int rc;
  r->applied = 1;
  r->reminders = s ? ssvc_diag_session_outcome_reminders(s) : SSVC_DIAG_REMIND_ALL;
  r->missing_feature = s ? ssvc_diag_session_missing_feature(s) : 0;
  reminder_keys(keys, sizeof keys, r->reminders);
  const char *oid = r->outcome_id[0] ? r->outcome_id : ssvc_case_outcome_name(r->outcome);
  switch (r->outcome) {
  case SSVC_CASE_OUTCOME_HANDLING_ERROR:
    r->reminders = 0;
    r->action = SSVC_DIAG_ACTION_GUIDANCE;
    snprintf(note, sizeof note, "solved on the phone (%s)", oid);
    if ((rc = ssvc_case_transition(st, a->id, SSVC_CASE_RESOLVED, a->actor, note)) ||
        (rc = ssvc_case_transition(st, a->id, SSVC_CASE_CLOSED, a->actor, NULL)))
      return rc;
    r->state = SSVC_CASE_CLOSED;
    return SSVC_OK;
  case SSVC_CASE_OUTCOME_DEFINITE_FAULT:
    if (i->features & SSVC_FEATURE_SWAP_ACTIVATION) {
      a->order = (ssvc_order)SSVC_ORDER_INIT;
      if ((rc = ssvc_swap_reserve(st, &a->order, a->id, NULL, a->actor))) return rc;
      a->has_order = 1;
      r->action = SSVC_DIAG_ACTION_SWAP_OR_LOAN;
      r->order_state = a->order.state;
      r->state = SSVC_CASE_SWAP_REQUESTED;
      return SSVC_OK;
    }
    snprintf(note, sizeof note,
             "definite fault (%s); tier %s has no SWAP activation: referred to the service "
             "workshop; registration help: %s",
             oid, i->tier_code, keys);
    break;
  case SSVC_CASE_OUTCOME_WORKSHOP:
    snprintf(note, sizeof note, "referred to the service workshop (%s); registration help: %s",
             oid, keys);
    break;
  case SSVC_CASE_OUTCOME_OUT_OF_SCOPE:
    r->reminders = 0;
    r->action = SSVC_DIAG_ACTION_NONE;
    if (r->missing_feature)
      snprintf(note, sizeof note, "out of scope: %s (%s) is not in tier %s",
               ssvc_feature_key(r->missing_feature),
               ssvc_feature_name(r->missing_feature, SSVC_LANG_EN), i->tier_code);
    else
      snprintf(note, sizeof note, "out of scope (%s)", oid);
    if ((rc = ssvc_case_transition(st, a->id, SSVC_CASE_CLOSED, a->actor, note))) return rc;
    r->state = SSVC_CASE_CLOSED;
    return SSVC_OK;
  default:
    return ssvc__err(ctx, SSVC_ESTATE, "%s: %s: no diagnosis is recorded to apply", a->func,
                     a->id);
  }
  r->action = SSVC_DIAG_ACTION_WORKSHOP;
  if ((rc = ssvc_case_transition(st, a->id, SSVC_CASE_REFERRED, a->actor, note))) return rc;
  r->state = SSVC_CASE_REFERRED;
  return SSVC_OK;
}

/* Loads the case, which must be diagnosing. */
static int load_diagnosing(ssvc_store *st, struct dx *a, ssvc_case **c, ssvc_case_info *i) {
  int rc = ssvc_case_load(st, c, a->id);
  if (rc) return rc;
  memset(i, 0, sizeof *i);
  i->version = SSVC_CASE_INFO_VERSION;
  if ((rc = ssvc_case_info_get(*c, i))) return rc;
  if (i->state != SSVC_CASE_DIAGNOSING)
    return ssvc__err(st->ctx, SSVC_ESTATE, "%s: %s: the case is %s, not diagnosing", a->func,
                     a->id, ssvc_case_state_name(i->state));
  return SSVC_OK;
}

/* Fills the outcome's id and the tree's fingerprint from a finished session. */
static void from_session(struct dx *a, const ssvc_diag_session *s) {
  snprintf(a->res.outcome_id, sizeof a->res.outcome_id, "%s", ssvc_diag_session_outcome_id(s));
  snprintf(a->res.tree, sizeof a->res.tree, "%s", ssvc_diag_tree_fingerprint(a->tree));
}

static int diagnose_body(ssvc_store *st, void *arg) {
  struct dx *a = arg;
  ssvc_ctx *ctx = st->ctx;
  ssvc_case *c = NULL;
  ssvc_catalog *cat = NULL;
  ssvc_diag_session *s = NULL;
  ssvc_case_info i;
  char *text = NULL, note[256];
  a->has_order = 0;
  memset(&a->res, 0, sizeof a->res);
  int rc = load_diagnosing(st, a, &c, &i);
  if (!rc) rc = ssvc__case_replay(ctx, a->func, &i, a->tree, a->transcript, &cat, &s);
  if (!rc) {
    size_t n = ssvc_diag_session_transcript(s, NULL, 0);
    if (!(text = ssvc__malloc(ctx, n + 1))) rc = SSVC_ENOMEM;
    else ssvc_diag_session_transcript(s, text, n + 1);
  }
  if (!rc) {
    from_session(a, s);
    a->res.outcome = ssvc_case_outcome_from_diag(ssvc_diag_session_outcome_kind(s));
    a->res.state = SSVC_CASE_DIAGNOSING;
    snprintf(note, sizeof note, "%s %s; tree %s", ssvc_case_outcome_name(a->res.outcome),
             a->res.outcome_id, a->res.tree);
    rc = ssvc__case_set_diagnosis(st, a->func, a->id, a->res.outcome, text, note, a->actor);
  }
  if (!rc && (a->flags & SSVC_CASE_DIAGNOSE_APPLY)) rc = apply(st, a, &i, s);
  ssvc__free(ctx, text);
  ssvc_diag_session_free(s);
  ssvc_catalog_free(cat);
  ssvc_case_free(c);
  return rc;
}

static int apply_body(ssvc_store *st, void *arg) {
  struct dx *a = arg;
  ssvc_ctx *ctx = st->ctx;
  ssvc_case *c = NULL;
  ssvc_catalog *cat = NULL;
  ssvc_diag_session *s = NULL;
  ssvc_case_info i;
  a->has_order = 0;
  memset(&a->res, 0, sizeof a->res);
  int rc = load_diagnosing(st, a, &c, &i);
  if (!rc) {
    a->res.outcome = i.outcome;
    if (i.outcome == SSVC_CASE_OUTCOME_NONE)
      rc = ssvc__err(ctx, SSVC_ESTATE, "%s: %s: no diagnosis is recorded to apply", a->func,
                     a->id);
  }
  if (!rc && a->tree) {
    rc = ssvc__case_replay(ctx, a->func, &i, a->tree, i.transcript, &cat, &s);
    int got = rc ? 0 : ssvc_case_outcome_from_diag(ssvc_diag_session_outcome_kind(s));
    if (!rc && got != i.outcome)
      rc = ssvc__err(ctx, SSVC_EINVAL,
                     "%s: %s: transcript: gives the outcome %s on this tree, the case records %s",
                     a->func, a->id, ssvc_case_outcome_name(got), ssvc_case_outcome_name(i.outcome));
    if (!rc) from_session(a, s);
  }
  if (!rc) rc = apply(st, a, &i, s);
  ssvc_diag_session_free(s);
  ssvc_catalog_free(cat);
  ssvc_case_free(c);
  return rc;
}

/* The checks both calls share, then the transaction; copies the results out on success. */
static int run(ssvc_store *store, struct dx *a, ssvc_case_diag_result *out, ssvc_order *order_out,
               ssvc__txn_attempt_fn body) {
  ssvc_ctx *ctx = store->ctx;
  int rc;
  char what[64];
  snprintf(what, sizeof what, "%s: out", a->func);
  if (out && (rc = ssvc__check_version(ctx, what, out->version, SSVC_CASE_DIAG_RESULT_VERSION)))
    return rc;
  snprintf(what, sizeof what, "%s: order_out", a->func);
  if (order_out && (rc = ssvc__check_version(ctx, what, order_out->version, SSVC_ORDER_VERSION)))
    return rc;
  if (!a->id) return ssvc__err(ctx, SSVC_EINVAL, "%s: case_id must not be NULL", a->func);
  if (a->tree && ssvc_diag_tree_kind(a->tree) == SSVC_DIAG_TREE_GUIDANCE)
    return ssvc__err(ctx, SSVC_EINVAL,
                     "%s: tree: a guidance tree, not a fault diagnosis tree (ssvc_case_guide "
                     "records guidance)",
                     a->func);
  if ((rc = ssvc__check_lines(ctx, a->func, "actor", a->actor, 1, 256))) return rc;
  if ((rc = ssvc__txn_run(store, a->func, body, a))) return rc;
  if (out) {
    unsigned int version = out->version;
    *out = a->res;
    out->version = version;
  }
  if (a->has_order) ssvc__order_give(order_out, &a->order);
  return SSVC_OK;
}

int ssvc_case_diagnose(ssvc_store *store, ssvc_case_diag_result *out, ssvc_order *order_out,
                       const char *case_id, const ssvc_diag_tree *tree, const char *transcript,
                       const char *actor, unsigned int flags) {
  static const char func[] = "ssvc_case_diagnose";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  if (!tree) return ssvc__err(ctx, SSVC_EINVAL, "%s: tree must not be NULL", func);
  if (flags & ~SSVC_CASE_DIAGNOSE_APPLY)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: flags: unknown bits 0x%x", func,
                     flags & ~SSVC_CASE_DIAGNOSE_APPLY);
  int rc = ssvc__check_lines(ctx, func, "transcript", transcript, 1, 65536);
  if (rc) return rc;
  struct dx a;
  memset(&a, 0, sizeof a);
  a.func = func;
  a.id = case_id;
  a.actor = actor;
  a.transcript = transcript;
  a.tree = tree;
  a.flags = flags;
  return run(store, &a, out, order_out, diagnose_body);
}

int ssvc_case_apply_outcome(ssvc_store *store, ssvc_case_diag_result *out, ssvc_order *order_out,
                            const char *case_id, const ssvc_diag_tree *tree, const char *actor) {
  if (!store) return SSVC_EINVAL;
  struct dx a;
  memset(&a, 0, sizeof a);
  a.func = "ssvc_case_apply_outcome";
  a.id = case_id;
  a.actor = actor;
  a.tree = tree;
  return run(store, &a, out, order_out, apply_body);
}
