/* swap_overdue: faulty phones not returned by their deadline: flagged and charged. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swap_record.h"
/* ------------------------------------------------------------------------------------------ */
/* Overdue returns                                                                             */

struct overdue_scan {
  struct op *p;
  const char *customer;
  int64_t today;
  ssvc_order *o;
  size_t n, cap;
};

static int overdue_cb(void *data, const void *key, size_t klen, const void *val, size_t vlen,
                      uint64_t ver) {
  (void)key;
  (void)klen;
  (void)ver;
  struct overdue_scan *s = data;
  ssvc_order o;
  o.version = SSVC_ORDER_VERSION;
  if (ssvc__swap_decode_order(val, vlen, &o))
    return ssvc__swap_malformed(s->p, "order", "in the list");
  if (o.state != SSVC_ORDER_SHIPPED || !o.return_deadline.year) return 0;
  if (s->customer && strcmp(o.customer_id, s->customer) != 0) return 0;
  if (ssvc_date_to_days(&o.return_deadline) >= s->today) return 0;
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 8;
    void *np = ssvc__realloc(s->p->ctx, s->o, cap * sizeof *s->o);
    if (!np) return SSVC_ENOMEM;
    s->o = np;
    s->cap = cap;
  }
  s->o[s->n++] = o;
  return 0;
}

struct overdue_args {
  const char *customer;
  struct overdue_scan scan;
  size_t flagged;
};

static int overdue_body(struct op *p, void *args) {
  struct overdue_args *a = args;
  struct overdue_scan *s = &a->scan;
  s->p = p;
  s->n = 0;
  a->flagged = 0;
  ssvc_local_time lt;
  int rc = ssvc_stockholm_from_instant(p->ctx, &lt, p->now);
  if (rc) return rc;
  s->today = ssvc_date_to_days(&lt.date);
  uint8_t lo[SSVC__SWAP_KEY_MAX], hi[SSVC__SWAP_KEY_MAX];
  size_t n = ssvc__swap_key_order(lo, NULL);
  if ((rc = ssvc__store_scan(p->st, p->func, lo, n, hi, ssvc__swap_key_end(hi, lo, n), overdue_cb,
                             s)))
    return rc;
  for (size_t i = 0; i < s->n; i++) {
    ssvc_order *o = &s->o[i];
    if (o->overdue) continue;
    ssvc_order cur;
    uint64_t over;
    ssvc_agreement *ag = NULL;
    if ((rc = ssvc__swap_order_read(p, o->case_id, &cur, &over))) return rc;
    if ((rc = ssvc__agreement_load(p->st, p->func, o->customer_id, &ag))) return rc;
    int64_t value = ssvc_agreement_replacement_value(ag, o->model);
    ssvc_agreement_free(ag);
    cur.overdue = 1;
    char d[16], text[256];
    ssvc_date_format(d, sizeof d, &cur.return_deadline);
    if ((rc = ssvc__swap_order_write(p, &cur, over, cur.state, "faulty phone overdue"))) return rc;
    ssvc_case_charge ch = SSVC_CASE_CHARGE_INIT;
    ch.kind = SSVC_CHARGE_UNRETURNED;
    ch.amount_minor = value;
    ch.currency = "SEK";
    /* No IMEI in a charge text (the invoice line names the case): doc/erasure.md. */
    snprintf(text, sizeof text, "unreturned faulty phone (%s), due %s%s", cur.model, d,
             value ? "" : "; no replacement value in the agreement");
    ch.text = text;
    if ((rc = ssvc_case_add_charge(p->st, o->case_id, p->actor, &ch))) return rc;
    o->overdue = 1;
    a->flagged++;
  }
  return SSVC_OK;
}

int ssvc_swap_overdue(ssvc_store *store, const char *customer_id, const char *actor,
                      size_t *flagged, ssvc_order_fn fn, void *user_data) {
  static const char func[] = "ssvc_swap_overdue";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  int rc;
  if ((rc = ssvc__check_text(ctx, func, "customer_id", customer_id, 0, SSVC_AGREEMENT_ID_MAX)) ||
      (rc = ssvc__check_text(ctx, func, "actor", actor, 1, 256)))
    return rc;
  struct overdue_args a;
  memset(&a, 0, sizeof a);
  a.customer = customer_id;
  a.scan.customer = customer_id && *customer_id ? customer_id : NULL;
  rc = ssvc__swap_run(store, func, actor, overdue_body, &a);
  if (!rc) {
    if (flagged) *flagged = a.flagged;
    for (size_t i = 0; fn && i < a.scan.n; i++)
      if (fn(user_data, &a.scan.o[i])) break;
    if (a.flagged)
      ssvc__log(ctx, SSVC_LOG_INFO, "swap: %zu faulty phone(s) flagged overdue", a.flagged);
  }
  ssvc__free(ctx, a.scan.o);
  return rc;
}
