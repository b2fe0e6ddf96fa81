/* case_list: listings of cases (all, by state, open, by customer) and the statistics. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "case_record.h"
#include "text.h"
/* ------------------------------------------------------------------------------------------ */
/* Listing                                                                                     */

struct lister {
  ssvc_case_list_fn fn;
  void *ud;
  size_t tail; /* the id is in the last 6 bytes of every index key */
};

static int list_cb(void *data, const void *key, size_t klen, const void *val, size_t vlen,
                   uint64_t ver) {
  (void)val;
  (void)vlen;
  (void)ver;
  struct lister *l = data;
  if (klen < 6) return 0;
  const uint8_t *p = (const uint8_t *)key + klen - 6;
  char id[SSVC_CASE_ID_SIZE];
  ssvc__case_format_id(id, rd16(p), rd32(p + 2));
  return l->fn(l->ud, id) ? 1 : 0;
}

static int list_range(ssvc_store *st, const char *func, const uint8_t *lo, size_t lo_len,
                      const uint8_t *hi, size_t hi_len, ssvc_case_list_fn fn, void *ud) {
  if (!fn) return ssvc__err(st->ctx, SSVC_EINVAL, "%s: fn must not be NULL", func);
  struct lister l = {fn, ud, 6};
  return ssvc__store_scan(st, func, lo, lo_len, hi, hi_len, list_cb, &l);
}

int ssvc_case_list_all(ssvc_store *store, ssvc_case_list_fn fn, void *user_data) {
  if (!store) return SSVC_EINVAL;
  static const uint8_t lo[] = {'C'}, hi[] = {'C' + 1};
  return list_range(store, "ssvc_case_list_all", lo, 1, hi, 1, fn, user_data);
}

int ssvc_case_list_state(ssvc_store *store, int state, ssvc_case_list_fn fn, void *user_data) {
  static const char func[] = "ssvc_case_list_state";
  if (!store) return SSVC_EINVAL;
  if (!ssvc_case_state_name(state))
    return ssvc__err(store->ctx, SSVC_EINVAL, "%s: state: not a case state (got %d)", func,
                     state);
  uint8_t lo[2] = {'S', (uint8_t)state}, hi[2] = {'S', (uint8_t)(state + 1)};
  return list_range(store, func, lo, 2, hi, 2, fn, user_data);
}

int ssvc_case_list_open(ssvc_store *store, ssvc_case_list_fn fn, void *user_data) {
  if (!store) return SSVC_EINVAL;
  uint8_t lo[2] = {'S', SSVC_CASE_REGISTERED}, hi[2] = {'S', SSVC_CASE_CLOSED};
  return list_range(store, "ssvc_case_list_open", lo, 2, hi, 2, fn, user_data);
}

int ssvc_case_list_customer(ssvc_store *store, const char *customer_id, int64_t from,
                            int64_t to, ssvc_case_list_fn fn, void *user_data) {
  static const char func[] = "ssvc_case_list_customer";
  if (!store) return SSVC_EINVAL;
  int rc = ssvc__check_lines(store->ctx, func, "customer_id", customer_id, 1, 64);
  if (rc) return rc;
  uint8_t lo[SSVC_KEY_CUSTOMER_MAX], hi[SSVC_KEY_CUSTOMER_MAX];
  size_t n = ssvc__case_key_customer_prefix(lo, customer_id);
  memcpy(hi, lo, n);
  be64_biased(lo + n, from);
  be64_biased(hi + n, to);
  return list_range(store, func, lo, n + 8, hi, n + 8, fn, user_data);
}

/* Statistics: read the few fields they need straight from each record. */
struct stats_scan {
  ssvc_ctx *ctx;
  const char *customer;
  ssvc_case_stats *out;
};

static int stats_cb(void *data, const void *key, size_t klen, const void *val, size_t vlen,
                    uint64_t ver) {
  (void)ver;
  struct stats_scan *s = data;
  ssvc_rd rd;
  ssvc_field f;
  uint64_t state = 0, outcome = 0, erased = 0;
  int mine = s->customer == NULL, r;
  const uint8_t *k = key;
  if (klen != SSVC_KEY_CASE_LEN || ssvc__rec_open(&rd, val, vlen, SSVC_REC_CASE))
    return ssvc__case_corrupt(s->ctx, "ssvc_case_stats_get", klen >= 3 ? rd16(k + 1) : 0,
                   klen >= 7 ? rd32(k + 3) : 0);
  while ((r = ssvc__rd_next(&rd, &f)) == 1) {
    if (f.id == F_STATE) state = f.u;
    else if (f.id == F_OUTCOME) outcome = f.u;
    else if (f.id == F_ERASED) erased = f.u;
    else if (f.id == F_CUSTOMER && s->customer)
      mine = f.len == strlen(s->customer) && memcmp(f.bytes, s->customer, f.len) == 0;
  }
  if (r < 0) return ssvc__case_corrupt(s->ctx, "ssvc_case_stats_get", rd16(k + 1), rd32(k + 3));
  if (!mine) return 0;
  s->out->total++;
  if (state <= SSVC_CASE_STATE_MAX) s->out->by_state[state]++;
  if (outcome <= SSVC_CASE_OUTCOME_MAX) s->out->by_outcome[outcome]++;
  if (erased) s->out->erased++;
  return 0;
}

int ssvc_case_stats_get(ssvc_store *store, const char *customer_id, ssvc_case_stats *out) {
  static const char func[] = "ssvc_case_stats_get";
  if (!store) return SSVC_EINVAL;
  if (!out) return ssvc__err(store->ctx, SSVC_EINVAL, "%s: out must not be NULL", func);
  int vrc = ssvc__check_version(store->ctx, "ssvc_case_stats_get: out", out->version,
                                SSVC_CASE_STATS_VERSION);
  if (vrc) return vrc;
  ssvc_case_stats acc;
  memset(&acc, 0, sizeof acc);
  acc.version = out->version;
  struct stats_scan s = {store->ctx, customer_id, &acc};
  static const uint8_t lo[] = {'C'}, hi[] = {'C' + 1};
  int rc = ssvc__store_scan(store, func, lo, 1, hi, 1, stats_cb, &s);
  if (rc == SSVC_OK) *out = acc;
  return rc;
}
