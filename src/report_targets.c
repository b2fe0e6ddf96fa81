/* report_targets: a customer's targets for the quality report (doc/report.md "Targets"), stored
 * under their own key 'Q' customer, not in the agreement: the agreement's record and spec keep
 * their fields, and the targets change without a new agreement version. */
#include <stdio.h>
#include <string.h>

#include "agreement_store.h"
#include "report_data.h"

#define TARGETS_FORMAT 1
/* Fields of the record (doc/records.md): a value absent is no target. */
enum { T_CUSTOMER = 1, T_ON_TIME = 2, T_SOLVED = 3, T_UNRETURNED = 4, T_SET_AT = 5, T_ACTOR = 6 };

static size_t key_targets(uint8_t *k, const char *customer) {
  size_t n = 0;
  k[n++] = SSVC_KEY_REPORT_TARGETS;
  ssvc__key_text(k, &n, customer);
  return n;
}

static int check_range(ssvc_ctx *ctx, const char *func, const char *arg, int32_t v, int32_t max) {
  if (v == SSVC_REPORT_NO_TARGET || (v >= 0 && v <= max)) return SSVC_OK;
  return ssvc__err(ctx, SSVC_EINVAL, "%s: %s: must be 0..%ld or SSVC_REPORT_NO_TARGET (got %ld)",
                   func, arg, (long)max, (long)v);
}

struct set_args {
  const char *func, *customer, *actor;
  const ssvc_report_targets *t;
};

static int set_body(ssvc_store *st, void *arg) {
  struct set_args *a = arg;
  struct ssvc_agreement *ag = NULL;
  int rc = ssvc__agreement_load(st, a->func, a->customer, &ag);
  ssvc_agreement_free(ag);
  if (rc) return rc;
  uint8_t k[2 + SSVC_AGREEMENT_ID_MAX];
  size_t klen = key_targets(k, a->customer);
  const void *v;
  size_t vlen;
  uint64_t ver;
  rc = ssvc__store_get(st, a->func, k, klen, &v, &vlen, &ver);
  if (rc == SSVC_ENOTFOUND) ver = SSVC_STORAGE_NEW;
  else if (rc) return rc;
  ssvc_buf *b = ssvc__store_scratch(st, 0);
  ssvc__rec_header(b, SSVC_REC_REPORT_TARGETS, TARGETS_FORMAT);
  ssvc__rec_str(b, T_CUSTOMER, a->customer);
  if (a->t->on_time_bp >= 0) ssvc__rec_uint(b, T_ON_TIME, (uint64_t)a->t->on_time_bp);
  if (a->t->solved_on_phone_bp >= 0) ssvc__rec_uint(b, T_SOLVED, (uint64_t)a->t->solved_on_phone_bp);
  if (a->t->unreturned_max >= 0) ssvc__rec_uint(b, T_UNRETURNED, (uint64_t)a->t->unreturned_max);
  ssvc__rec_sint(b, T_SET_AT, ssvc__store_now(st));
  ssvc__rec_str(b, T_ACTOR, a->actor);
  if (b->failed) return SSVC_ENOMEM;
  rc = ssvc__store_put(st, a->func, k, klen, b->p, b->len, ver, NULL);
  if (rc == SSVC_ECONFLICT)
    return ssvc__err(st->ctx, rc, "%s: %s: the targets changed meanwhile", a->func, a->customer);
  return rc;
}

int ssvc_report_targets_set(ssvc_store *store, const char *customer_id,
                            const ssvc_report_targets *targets, const char *actor) {
  static const char func[] = "ssvc_report_targets_set";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  int rc;
  if ((rc = ssvc__check_text(ctx, func, "customer_id", customer_id, 1, SSVC_AGREEMENT_ID_MAX)) ||
      (rc = ssvc__check_text(ctx, func, "actor", actor, 1, 256)))
    return rc;
  if (!targets) return ssvc__err(ctx, SSVC_EINVAL, "%s: targets must not be NULL", func);
  if ((rc = ssvc__check_version(ctx, "ssvc_report_targets_set: targets", targets->version,
                                SSVC_REPORT_TARGETS_VERSION)) ||
      (rc = check_range(ctx, func, "targets->on_time_bp", targets->on_time_bp, 10000)) ||
      (rc = check_range(ctx, func, "targets->solved_on_phone_bp", targets->solved_on_phone_bp,
                        10000)) ||
      (rc = check_range(ctx, func, "targets->unreturned_max", targets->unreturned_max, 1000000)))
    return rc;
  struct set_args a = {func, customer_id, actor, targets};
  return ssvc__txn_run(store, func, set_body, &a);
}

int ssvc_report_targets_get(ssvc_store *store, const char *customer_id, ssvc_report_targets *out) {
  static const char func[] = "ssvc_report_targets_get";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  int rc = ssvc__check_text(ctx, func, "customer_id", customer_id, 1, SSVC_AGREEMENT_ID_MAX);
  if (rc) return rc;
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "%s: out must not be NULL", func);
  if ((rc = ssvc__check_version(ctx, "ssvc_report_targets_get: out", out->version,
                                SSVC_REPORT_TARGETS_VERSION)))
    return rc;
  ssvc_report_targets t = SSVC_REPORT_TARGETS_INIT;
  uint8_t k[2 + SSVC_AGREEMENT_ID_MAX];
  const void *v;
  size_t vlen;
  uint64_t ver;
  rc = ssvc__store_get(store, func, k, key_targets(k, customer_id), &v, &vlen, &ver);
  if (rc == SSVC_ENOTFOUND) {
    *out = t;
    return SSVC_OK;
  }
  if (rc) return rc;
  ssvc_rd rd;
  ssvc_field f;
  int q = ssvc__rec_open(&rd, v, vlen, SSVC_REC_REPORT_TARGETS) ? -1 : 1;
  while (q == 1 && (q = ssvc__rd_next(&rd, &f)) == 1) {
    int32_t *dst = f.id == T_ON_TIME ? &t.on_time_bp : f.id == T_SOLVED ? &t.solved_on_phone_bp
                 : f.id == T_UNRETURNED ? &t.unreturned_max : NULL;
    if (!dst) continue; /* a field of a later format is skipped */
    if (f.wire != SSVC_WIRE_VARINT || f.u > 1000000) q = -1;
    else *dst = (int32_t)f.u;
  }
  if (q < 0)
    return ssvc__err(ctx, SSVC_ESTORAGE, "%s: %s: the stored targets are malformed", func,
                     customer_id);
  *out = t;
  return SSVC_OK;
}
