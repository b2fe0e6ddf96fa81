/* swap_unit: the units of a SWAP stock: receive, get, list, retire, and the stock at an instant
 * (for the rent). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swap_record.h"
/* ------------------------------------------------------------------------------------------ */
/* Receive, get, list, retire                                                                  */

int ssvc__swap_receive_body(struct op *p, void *args) {
  struct receive_args *a = args;
  ssvc_agreement *ag = NULL;
  int rc = ssvc__agreement_load(p->st, p->func, a->customer, &ag);
  /* The stock is the customer's own: kept only on a tier with SWAP administration. */
  if (!rc) rc = ssvc__swap_require(p->ctx, p->func, NULL, ag, SSVC_FEATURE_SWAP_ADMIN);
  ssvc_agreement_free(ag);
  if (rc) return rc;
  ssvc_unit u;
  uint64_t ver;
  rc = ssvc__swap_unit_read(p, a->customer, a->imei, &u, &ver);
  if (rc == SSVC_OK)
    return ssvc__err(p->ctx, SSVC_EEXISTS, "%s: %s already has a unit with IMEI %s (%s)",
                     p->func, a->customer, a->imei, ssvc_unit_state_name(u.state));
  if (rc != SSVC_ENOTFOUND) return rc;
  memset(&u, 0, sizeof u);
  u.version = SSVC_UNIT_VERSION;
  memcpy(u.customer_id, a->customer, strlen(a->customer) + 1);
  memcpy(u.imei, a->imei, 16);
  memcpy(u.model, a->model, strlen(a->model) + 1);
  u.received_at = p->now;
  return ssvc__swap_place_unit(p, &u, SSVC_STORAGE_NEW, 0, a->served);
}

int ssvc_swap_receive(ssvc_store *store, const char *customer_id, const char *imei,
                      const char *model, const char *actor, char *case_out) {
  static const char func[] = "ssvc_swap_receive";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  int rc;
  if ((rc = ssvc__check_text(ctx, func, "customer_id", customer_id, 1, SSVC_AGREEMENT_ID_MAX)) ||
      (rc = ssvc__swap_check_imei(ctx, func, "imei", imei)) ||
      (rc = ssvc__check_text(ctx, func, "model", model, 1, SSVC_MODEL_MAX)) ||
      (rc = ssvc__check_text(ctx, func, "actor", actor, 1, 256)))
    return rc;
  struct receive_args a = {customer_id, imei, model, ""};
  rc = ssvc__swap_run(store, func, actor, ssvc__swap_receive_body, &a);
  if (rc) return rc;
  if (case_out) memcpy(case_out, a.served, strlen(a.served) + 1);
  ssvc__log(ctx, SSVC_LOG_INFO, "swap: %s received unit %s (%s)%s%s", customer_id, imei, model,
            *a.served ? " for backordered case " : "", a.served);
  return SSVC_OK;
}

int ssvc_swap_unit_get(ssvc_store *store, ssvc_unit *out, const char *customer_id,
                       const char *imei) {
  static const char func[] = "ssvc_swap_unit_get";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "%s: out must not be NULL", func);
  int rc = ssvc__check_version(ctx, "ssvc_swap_unit_get: out", out->version, SSVC_UNIT_VERSION);
  if (rc || (rc = ssvc__check_text(ctx, func, "customer_id", customer_id, 1,
                                   SSVC_AGREEMENT_ID_MAX)) ||
      (rc = ssvc__swap_check_imei(ctx, func, "imei", imei)))
    return rc;
  struct op p = {store, ctx, func, NULL, 0};
  ssvc_unit u;
  uint64_t ver;
  rc = ssvc__swap_unit_read(&p, customer_id, imei, &u, &ver);
  if (rc == SSVC_ENOTFOUND)
    return ssvc__err(ctx, rc, "%s: %s has no unit with IMEI %s", func, customer_id, imei);
  if (rc) return rc;
  u.version = out->version;
  *out = u;
  return SSVC_OK;
}

struct unit_lister {
  ssvc_unit_fn fn;
  void *ud;
};

static size_t unit_list_prefix(uint8_t *k, const char *customer) {
  return ssvc__swap_key_prefix(k, 'U', customer);
}

static int unit_list_each(struct op *p, const void *val, size_t vlen, int dry, void *data) {
  const struct unit_lister *l = data;
  ssvc_unit u;
  u.version = SSVC_UNIT_VERSION;
  if (ssvc__swap_decode_unit(val, vlen, &u)) return ssvc__swap_malformed(p, "unit of", p->actor);
  return dry ? 0 : l->fn(l->ud, &u) ? 1 : 0;
}

int ssvc_swap_unit_list(ssvc_store *store, const char *customer_id, ssvc_unit_fn fn,
                        void *user_data) {
  struct unit_lister l = {fn, user_data};
  return ssvc__swap_list(store, "ssvc_swap_unit_list", customer_id, fn != NULL, unit_list_prefix,
                         unit_list_each, &l);
}

/* Counting the stock at an instant for the rent (ssvc__swap_stock_at()). */
struct stock_count {
  int64_t at;
  uint32_t n;
};

static int stock_count_cb(void *ud, const ssvc_unit *u) {
  struct stock_count *c = ud;
  /* Retired and kept-by-a-user are the states a phone leaves the stock by; its last change is
   * when it left. Every other state is a phone the stock holds (on the shelf, on its way, on
   * loan, at the workshop). */
  int gone = u->state == SSVC_UNIT_RETIRED || u->state == SSVC_UNIT_WITH_USER;
  if (u->received_at < c->at && !(gone && u->updated_at < c->at) && c->n < UINT32_MAX) c->n++;
  return 0;
}

int ssvc__swap_stock_at(ssvc_store *st, const char *customer, int64_t at, uint32_t *out) {
  struct stock_count c = {at, 0};
  int rc = ssvc_swap_unit_list(st, customer, stock_count_cb, &c);
  *out = c.n;
  return rc;
}

int ssvc__swap_retire_body(struct op *p, void *args) {
  struct retire_args *a = args;
  ssvc_unit u;
  uint64_t ver;
  int rc = ssvc__swap_unit_read(p, a->customer, a->imei, &u, &ver);
  if (rc == SSVC_ENOTFOUND)
    return ssvc__err(p->ctx, rc, "%s: %s has no unit with IMEI %s", p->func, a->customer,
                     a->imei);
  if (rc) return rc;
  if (u.state != SSVC_UNIT_AVAILABLE && u.state != SSVC_UNIT_IN_REPAIR)
    return ssvc__err(p->ctx, SSVC_ESTATE, "%s: unit %s is %s; only available or in-repair units "
                     "can be retired", p->func, a->imei, ssvc_unit_state_name(u.state));
  int from = u.state;
  u.state = SSVC_UNIT_RETIRED;
  return ssvc__swap_unit_write(p, &u, ver, from, a->note);
}

int ssvc_swap_retire(ssvc_store *store, const char *customer_id, const char *imei,
                     const char *actor, const char *note) {
  static const char func[] = "ssvc_swap_retire";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  int rc;
  if ((rc = ssvc__check_text(ctx, func, "customer_id", customer_id, 1, SSVC_AGREEMENT_ID_MAX)) ||
      (rc = ssvc__swap_check_imei(ctx, func, "imei", imei)) ||
      (rc = ssvc__check_text(ctx, func, "actor", actor, 1, 256)) ||
      (rc = ssvc__check_text(ctx, func, "note", note, 0, 1024)))
    return rc;
  struct retire_args a = {customer_id, imei, note};
  return ssvc__swap_run(store, func, actor, ssvc__swap_retire_body, &a);
}
