/* case_guide: the how-to guidance given on a case (guidance.h, doc/guidance.md): the transcript
 * replayed on the guidance tree for the case's tier, recorded as one F_GUIDANCE sub-record and a
 * note in the log; the case's state does not change (doc/records.md). */
#include <stdio.h>
#include <string.h>

#include "case_record.h"
#include "diagnosis_internal.h"
#include "smartservice/guidance.h"
#include "text.h"

size_t ssvc_case_guidance_count(const ssvc_case *c) { return c ? c->ngu : 0; }

int ssvc_case_guidance_at(const ssvc_case *c, size_t index, ssvc_case_guidance *out) {
  if (!c || !out) return SSVC_EINVAL;
  int rc = ssvc__check_version(c->ctx, "ssvc_case_guidance_at: out", out->version,
                               SSVC_CASE_GUIDANCE_VERSION);
  if (rc) return rc;
  if (index >= c->ngu)
    return ssvc__err(c->ctx, SSVC_ERANGE, "ssvc_case_guidance_at: index %zu of %zu", index,
                     c->ngu);
  const cguide *g = &c->gu[index];
  unsigned int version = out->version;
  *out = (ssvc_case_guidance){version, g->at, g->actor, g->topic, g->feature, g->result,
                              g->transcript, g->diagnose};
  return SSVC_OK;
}

/* One call in progress. */
struct guide_args {
  const char *func, *id, *actor, *transcript;
  const ssvc_diag_tree *tree;
  int64_t now;
  cguide got; /* what was recorded; strings borrowed from the tree and the transcript */
};

static int guide_body(ssvc_store *st, void *arg) {
  struct guide_args *a = arg;
  ssvc_ctx *ctx = st->ctx;
  ssvc_case *c = NULL;
  ssvc_catalog *cat = NULL;
  ssvc_diag_session *s = NULL;
  cguide *list = NULL;
  ssvc_case_info i;
  char note[256];
  int rc = ssvc__case_load(st, a->func, a->id, &c);
  if (!rc) {
    memset(&i, 0, sizeof i);
    i.version = SSVC_CASE_INFO_VERSION;
    rc = ssvc_case_info_get(c, &i);
  }
  if (!rc && c->state >= SSVC_CASE_CLOSED)
    rc = ssvc__err(ctx, SSVC_ESTATE, "%s: %s: the case is %s; guidance is recorded on an open case",
                   a->func, c->id, ssvc_case_state_name(c->state));
  if (!rc) rc = ssvc__case_replay(ctx, a->func, &i, a->tree, a->transcript, &cat, &s);
  if (!rc) {
    const char *topic = ssvc_diag_session_symptom(s), *dx = ssvc_guide_session_diagnose(s);
    a->got = (cguide){a->now, a->actor, topic, a->transcript, dx ? dx : "",
                      ssvc__diag_session_feature(s), ssvc_guide_session_result(s), NULL, 0};
    if (a->got.result == SSVC_GUIDE_SOLVED)
      snprintf(note, sizeof note, "guidance %s (%s): solved", topic,
               ssvc_feature_key(a->got.feature));
    else
      snprintf(note, sizeof note, "guidance %s (%s): not solved; go on to diagnosis of %s", topic,
               ssvc_feature_key(a->got.feature), a->got.diagnose);
    if (!(list = ssvc__calloc(ctx, c->ngu + 1, sizeof *list))) rc = SSVC_ENOMEM;
  }
  if (!rc) {
    if (c->ngu) memcpy(list, c->gu, c->ngu * sizeof *list);
    list[c->ngu] = a->got;
    c->gu = list; /* the loaded array lives in the case's own allocation */
    c->ngu++;
    c->updated = a->now;
    cevent ev = {a->now, a->actor, note, SSVC_CASE_EVENT_NOTE, 0, 0, NULL, 0};
    ssvc_buf *b = ssvc__store_scratch(st, 0);
    ssvc__case_encode_case(b, c, &ev, NULL, NULL);
    uint8_t k[SSVC_KEY_CASE_LEN];
    if (b->failed) rc = SSVC_ENOMEM;
    else
      rc = ssvc__store_put(st, a->func, k, ssvc__key_case(k, c->year, c->seq), b->p, b->len,
                           c->version, NULL);
    if (rc == SSVC_ECONFLICT) rc = ssvc__case_conflict(ctx, a->func, c->id);
  }
  ssvc__free(ctx, list);
  ssvc_diag_session_free(s);
  ssvc_catalog_free(cat);
  ssvc_case_free(c);
  return rc;
}

int ssvc_case_guide(ssvc_store *store, ssvc_case_guidance *out, const char *case_id,
                    const ssvc_diag_tree *tree, const char *transcript, const char *actor) {
  static const char func[] = "ssvc_case_guide";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  uint32_t y, q;
  int rc;
  if (out && (rc = ssvc__check_version(ctx, "ssvc_case_guide: out", out->version,
                                       SSVC_CASE_GUIDANCE_VERSION)))
    return rc;
  if (!tree) return ssvc__err(ctx, SSVC_EINVAL, "%s: tree must not be NULL", func);
  if (ssvc_diag_tree_kind(tree) != SSVC_DIAG_TREE_GUIDANCE)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: tree: a fault diagnosis tree, not a guidance tree",
                     func);
  if ((rc = ssvc__case_parse_id(ctx, func, case_id, &y, &q)) ||
      (rc = ssvc__check_lines(ctx, func, "actor", actor, 1, 256)) ||
      (rc = ssvc__check_lines(ctx, func, "transcript", transcript, 1, 65536)))
    return rc;
  struct guide_args a = {func, case_id, actor, transcript, tree, ssvc__store_now(store), {0}};
  if ((rc = ssvc__txn_run(store, func, guide_body, &a))) return rc;
  ssvc__log(ctx, SSVC_LOG_INFO, "case %s: guidance %s: %s", case_id, a.got.topic,
            ssvc_guide_result_key(a.got.result));
  if (out) {
    unsigned int version = out->version;
    *out = (ssvc_case_guidance){version, a.got.at, a.got.actor, a.got.topic, a.got.feature,
                                a.got.result, a.got.transcript, a.got.diagnose};
  }
  return SSVC_OK;
}
