/* case_whole: whole case records, for the XML import (checked, written with their index entries
 * under a duplicate policy) and the report (read in place). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "case_record.h"
#include "smartservice/guidance.h"
#include "smartservice/roster.h"
#include "charge_index.h"
#include "text.h"
/* ------------------------------------------------------------------------------------------ */
/* Whole records (the xml module's import and the report's reading)                           */

int ssvc__case_decode_kv(ssvc_ctx *ctx, const char *func, const void *key, size_t klen,
                         const void *val, size_t vlen, ssvc_case **out) {
  const uint8_t *k = key;
  if (klen != SSVC_KEY_CASE_LEN || k[0] != 'C')
    return ssvc__err(ctx, SSVC_ESTORAGE, "%s: a case key has the wrong length (%zu)", func, klen);
  return ssvc__case_decode_case(ctx, func, rd16(k + 1), rd32(k + 3), val, vlen, 0, out);
}

int ssvc__case_load_num(ssvc_store *st, const char *func, uint32_t year, uint32_t seq,
                        ssvc_case **out) {
  uint8_t k[SSVC_KEY_CASE_LEN];
  const void *v;
  size_t vlen;
  uint64_t ver;
  int rc = ssvc__store_get(st, func, k, ssvc__key_case(k, year, seq), &v, &vlen, &ver);
  if (rc) return rc;
  return ssvc__case_decode_case(st->ctx, func, year, seq, v, vlen, ver, out);
}

int ssvc__case_load_indexed(ssvc_store *st, const char *func, uint32_t year, uint32_t seq,
                            ssvc_case **out) {
  int rc = ssvc__case_load_num(st, func, year, seq, out);
  return rc == SSVC_ENOTFOUND ? ssvc__case_index_exists(st->ctx, func, year, seq) : rc;
}

int ssvc__case_whole_check(ssvc_ctx *ctx, const char *func, const ssvc__case_whole *w) {
  const ssvc_case_info *i = &w->info;
  uint32_t year, seq;
  int rc;
  if ((rc = ssvc__case_parse_id(ctx, func, i->id, &year, &seq))) return rc;
  if ((rc = ssvc__check_lines(ctx, func, "customer", i->customer_id, 1, 64)) ||
      (rc = ssvc__check_lines(ctx, func, "user name", i->user_name, !i->erased, 256)) ||
      (rc = ssvc__check_lines(ctx, func, "user phone", i->user_phone, 0, 256)) ||
      (rc = ssvc__check_lines(ctx, func, "user email", i->user_email, 0, 256)) ||
      (rc = ssvc__check_lines(ctx, func, "imei", i->imei, !i->erased, 256)) ||
      (rc = ssvc__check_lines(ctx, func, "model", i->model, 1, 256)) ||
      (rc = ssvc__check_lines(ctx, func, "serial", i->serial, 0, 256)) ||
      (rc = ssvc__check_lines(ctx, func, "tier code", i->tier_code, 1, 64)) ||
      (rc = ssvc__check_lines(ctx, func, "symptom", i->symptom, 0, 4096)) ||
      (rc = ssvc__check_lines(ctx, func, "transcript", i->transcript, 0, 65536)) ||
      (rc = ssvc__case_check_date(ctx, func, "purchase date", i->purchase_date)) ||
      (rc = ssvc__case_check_date(ctx, func, "warranty end", i->warranty_end)))
    return rc;
  if (i->imei && *i->imei && !ssvc_imei_valid(i->imei))
    return ssvc__err(ctx, SSVC_EINVAL, "%s: imei: not 15 digits with a valid Luhn check digit "
                     "(got '%.40s')", func, i->imei);
  if (i->features & ~SSVC_FEATURE_ALL)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: features: unknown feature bits (got 0x%x)", func,
                     i->features);
  if (!ssvc_case_state_name(i->state))
    return ssvc__err(ctx, SSVC_EINVAL, "%s: state: not a case state (got %d)", func, i->state);
  if (!ssvc_case_outcome_name(i->outcome))
    return ssvc__err(ctx, SSVC_EINVAL, "%s: outcome: not an outcome (got %d)", func, i->outcome);
  if (!ssvc_roster_coverage_name(w->coverage))
    return ssvc__err(ctx, SSVC_EINVAL, "%s: coverage: not a roster coverage (got %d)", func,
                     w->coverage);
  if (ssvc__year_of(i->registered_at) != (int)year)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: registered: the id's year %u is not the year of "
                     "registration (UTC)", func, (unsigned)year);
  if (i->updated_at < i->registered_at)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: updated: before the registration", func);
  if ((rc = ssvc__case_check_phone_dates(ctx, func, "purchase date", i->purchase_date,
                                          "warranty end", i->warranty_end, i->registered_at)))
    return rc;
  for (size_t n = 0; n < w->nev; n++) {
    const ssvc_case_event *e = &w->ev[n];
    if (e->kind < SSVC_CASE_EVENT_CREATED || e->kind > SSVC_CASE_EVENT_KIND_MAX)
      return ssvc__err(ctx, SSVC_EINVAL, "%s: event %zu: not an event kind (got %d)", func, n + 1,
                       e->kind);
    if ((e->from_state && !ssvc_case_state_name(e->from_state)) ||
        (e->to_state && !ssvc_case_state_name(e->to_state)))
      return ssvc__err(ctx, SSVC_EINVAL, "%s: event %zu: not a case state", func, n + 1);
    if ((rc = ssvc__check_lines(ctx, func, "event actor", e->actor, 0, 256)) ||
        (rc = ssvc__check_lines(ctx, func, "event note", e->note, 0, 65536)))
      return rc;
  }
  for (size_t n = 0; n < w->nsh; n++) {
    const ssvc_shipment *s = &w->sh[n];
    if (s->kind < SSVC_SHIPMENT_REPLACEMENT || s->kind > SSVC_SHIPMENT_RETURN)
      return ssvc__err(ctx, SSVC_EINVAL, "%s: shipment %zu: not a shipment kind (got %d)", func,
                       n + 1, s->kind);
    if (s->freight_minor < 0)
      return ssvc__err(ctx, SSVC_EINVAL, "%s: shipment %zu: freight must not be negative", func,
                       n + 1);
    if ((rc = ssvc__check_lines(ctx, func, "shipment carrier", s->carrier, 0, 256)) ||
        (rc = ssvc__check_lines(ctx, func, "shipment tracking", s->tracking, 0, 256)))
      return rc;
  }
  for (size_t n = 0; n < w->nch; n++) {
    const ssvc_case_charge *g = &w->ch[n];
    if (g->kind < 1)
      return ssvc__err(ctx, SSVC_EINVAL, "%s: charge %zu: kind must be 1 or more (got %d)", func,
                       n + 1, g->kind);
    const char *cur = g->currency;
    if (cur && *cur && (strlen(cur) != 3 || strspn(cur, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 3))
      return ssvc__err(ctx, SSVC_EINVAL, "%s: charge %zu: currency must be three upper-case "
                       "letters (got '%.16s')", func, n + 1, cur);
    if ((rc = ssvc__check_lines(ctx, func, "charge text", g->text, 0, 1024))) return rc;
  }
  for (size_t n = 0; n < w->ngu; n++) {
    const ssvc_case_guidance *g = &w->gu[n];
    unsigned int f = g->feature;
    if (!f || (f & (f - 1)) || !(f & SSVC_GUIDE_AREAS))
      return ssvc__err(ctx, SSVC_EINVAL, "%s: guidance %zu: area must be phone-help, os-help or "
                       "sync (got 0x%x)", func, n + 1, f);
    if (g->result != SSVC_GUIDE_SOLVED && g->result != SSVC_GUIDE_NOT_SOLVED)
      return ssvc__err(ctx, SSVC_EINVAL, "%s: guidance %zu: result must be solved or not-solved",
                       func, n + 1);
    if ((rc = ssvc__check_text(ctx, func, "guidance topic", g->topic, 1, 64)) ||
        (rc = ssvc__check_lines(ctx, func, "guidance actor", g->actor, 1, 256)) ||
        (rc = ssvc__check_lines(ctx, func, "guidance transcript", g->transcript, 1, 65536)) ||
        (rc = ssvc__check_text(ctx, func, "guidance diagnose", g->diagnose, 0, 64)))
      return rc;
  }
  return w->has_estimate ? ssvc__case_estimate_check(ctx, func, &w->estimate) : SSVC_OK;
}

static void encode_whole(ssvc_buf *b, uint32_t year, uint32_t seq, const ssvc__case_whole *w) {
  const ssvc_case_info *i = &w->info;
  ssvc__rec_header(b, SSVC_REC_CASE, SSVC_CASE_FORMAT);
  ssvc__rec_uint(b, F_YEAR, year);
  ssvc__rec_uint(b, F_SEQ, seq);
  ssvc__rec_str(b, F_CUSTOMER, i->customer_id);
  ssvc__rec_str(b, F_NAME, i->user_name);
  ssvc__rec_str(b, F_PHONE, i->user_phone);
  ssvc__rec_str(b, F_EMAIL, i->user_email);
  ssvc__rec_str(b, F_IMEI, i->imei);
  ssvc__rec_str(b, F_MODEL, i->model);
  ssvc__rec_str(b, F_SERIAL, i->serial);
  if (i->purchase_date.year) ssvc__rec_uint(b, F_PURCHASE, ssvc__date_code(i->purchase_date));
  if (i->warranty_end.year) ssvc__rec_uint(b, F_WARRANTY, ssvc__date_code(i->warranty_end));
  ssvc__rec_str(b, F_TIER, i->tier_code);
  ssvc__rec_uint(b, F_FEATURES, i->features);
  ssvc__rec_str(b, F_SYMPTOM, i->symptom);
  if (i->outcome) ssvc__rec_uint(b, F_OUTCOME, (uint64_t)i->outcome);
  ssvc__rec_str(b, F_TRANSCRIPT, i->transcript);
  ssvc__rec_uint(b, F_STATE, (uint64_t)i->state);
  ssvc__rec_sint(b, F_REGISTERED, i->registered_at);
  ssvc__rec_sint(b, F_UPDATED, i->updated_at);
  if (i->erased) ssvc__rec_uint(b, F_ERASED, 1);
  if (i->version >= 2 && i->promised_delivery.year)
    ssvc__rec_uint(b, F_PROMISED, ssvc__date_code(i->promised_delivery));
  if (w->coverage) ssvc__rec_uint(b, F_COVERAGE, (uint64_t)w->coverage);
  for (size_t n = 0; n < w->nev; n++) {
    cevent e = {w->ev[n].at, w->ev[n].actor, w->ev[n].note, w->ev[n].kind,
                w->ev[n].from_state, w->ev[n].to_state, NULL, 0};
    ssvc__case_encode_event(b, &e);
  }
  for (size_t n = 0; n < w->nsh; n++) {
    cship s = {w->sh[n], NULL, 0};
    ssvc__case_encode_ship(b, &s);
  }
  for (size_t n = 0; n < w->nch; n++) {
    ccharge g = {w->ch[n], NULL, 0};
    if (!g.c.currency || !*g.c.currency) g.c.currency = "SEK";
    ssvc__case_encode_charge(b, &g);
  }
  if (w->has_estimate) {
    const ssvc_case_estimate_info *x = &w->estimate;
    cestimate e = {1,       x->amount_minor, x->inspection_fee_minor, x->at, x->answered_at,
                   "SEK",   x->text,         x->actor,                x->answered_by,
                   x->answer_actor, x->answer, NULL, 0};
    ssvc__case_encode_estimate(b, &e);
  }
  for (size_t n = 0; n < w->ngu; n++) {
    const ssvc_case_guidance *x = &w->gu[n];
    cguide g = {x->at, x->actor, x->topic, x->transcript, x->diagnose ? x->diagnose : "",
                x->feature, x->result, NULL, 0};
    ssvc__case_encode_guide(b, &g);
  }
}

static int raise_counter_in(ssvc_store *st, const char *func, uint32_t year, uint32_t seq) {
  uint8_t k[SSVC_KEY_COUNTER_LEN];
  uint32_t last;
  uint64_t cver;
  int rc = ssvc__case_read_counter(st, func, year, &last, &cver);
  if (rc || last >= seq) return rc;
  ssvc_buf *cnt = ssvc__store_scratch(st, 1);
  ssvc__counter_encode(cnt, seq);
  if (cnt->failed) return SSVC_ENOMEM;
  rc = ssvc__store_put(st, func, k, ssvc__key_counter(k, year), cnt->p, cnt->len, cver, NULL);
  if (rc == SSVC_ECONFLICT) rc = ssvc__case_conflict(st->ctx, func, "the case-id counter");
  return rc;
}

struct raise_args {
  const char *func;
  uint32_t year, seq;
};

static int raise_body(ssvc_store *st, void *arg) {
  const struct raise_args *a = arg;
  return raise_counter_in(st, a->func, a->year, a->seq);
}

int ssvc__case_raise_counter(ssvc_store *st, const char *func, uint32_t year, uint32_t seq) {
  struct raise_args a = {func, year, seq};
  return ssvc__txn_run(st, func, raise_body, &a);
}

static int put_whole_once(ssvc_store *st, const char *func, const ssvc__case_whole *w, int on_dup,
                          int raise_counter, int *result) {
  ssvc_ctx *ctx = st->ctx;
  const ssvc_case_info *i = &w->info;
  uint32_t year, seq;
  int rc = ssvc__case_parse_id(ctx, func, i->id, &year, &seq);
  if (rc) return rc;
  ssvc_txn t;
  if ((rc = ssvc__txn_begin(st, func, &t))) return rc;
  ssvc_case *old = NULL;
  uint64_t expected = SSVC_STORAGE_NEW;
  uint8_t k[SSVC_KEY_CUSTOMER_MAX];
  *result = 1;
  if (on_dup == SSVC__DUP_REPLACE) {
    rc = ssvc__case_load_num(st, func, year, seq, &old);
  } else { /* only whether it exists */
    const void *v;
    size_t vlen;
    uint64_t ver;
    rc = ssvc__store_get(st, func, k, ssvc__key_case(k, year, seq), &v, &vlen, &ver);
  }
  if (rc == SSVC_ENOTFOUND) {
    rc = SSVC_OK;
  } else if (rc == SSVC_OK) {
    if (on_dup == SSVC__DUP_SKIP) {
      *result = 0;
      goto out;
    }
    if (on_dup != SSVC__DUP_REPLACE) {
      rc = ssvc__err(ctx, SSVC_EEXISTS, "%s: the case exists already", func);
      goto out;
    }
    *result = 2;
    expected = old->version;
  }
  if (rc) goto out;
  ssvc_buf *b = ssvc__store_scratch(st, 0);
  encode_whole(b, year, seq, w);
  if (b->failed) {
    rc = SSVC_ENOMEM;
    goto out;
  }
  rc = ssvc__store_put(st, func, k, ssvc__key_case(k, year, seq), b->p, b->len, expected, NULL);
  if (rc == SSVC_ECONFLICT) rc = ssvc__case_conflict(ctx, func, i->id);
  if (rc) goto out;
  /* The index entries follow the record: the replaced case's go, the new ones come. */
  uint8_t was[SSVC_KEY_CUSTOMER_MAX];
  rc = ssvc__index_step(st, func, was, old ? ssvc__key_state(was, old->state, year, seq) : 0, k,
                        ssvc__key_state(k, i->state, year, seq));
  if (rc == SSVC_OK)
    rc = ssvc__index_step(
        st, func, was, old ? ssvc__key_customer(was, old->customer, old->registered, year, seq) : 0,
        k, ssvc__key_customer(k, i->customer_id, i->registered_at, year, seq));
  if (rc == SSVC_OK) { /* the IMEI index; a case stored before it existed has no entry */
    uint8_t iw[SSVC_KEY_IMEI_MAX], in[SSVC_KEY_IMEI_MAX];
    size_t iwl = old ? ssvc__key_imei(iw, old->customer, old->imei, year, seq) : 0;
    size_t inl = ssvc__key_imei(in, i->customer_id, i->imei, year, seq);
    rc = ssvc__index_step(st, func, iw, iwl, in, inl);
    if (rc == SSVC_ENOTFOUND) rc = ssvc__index_step(st, func, NULL, 0, in, inl);
  }
  if (rc == SSVC_ENOTFOUND)
    rc = ssvc__err(ctx, SSVC_ESTORAGE, "%s: %s: an index entry of the stored case is missing", func,
                   i->id);
  if (rc == SSVC_ECONFLICT) rc = ssvc__case_index_exists(ctx, func, year, seq);
  /* Imported charges wait for the invoice run like recorded ones (charge_index.h). */
  if (rc == SSVC_OK && w->nch > 0)
    rc = ssvc__charge_index_add(st, func, i->customer_id, i->registered_at, year, seq);
  if (rc) goto out;
  /* New cases of the year must get numbers after the imported ones. */
  if (raise_counter) rc = raise_counter_in(st, func, year, seq);
out:
  ssvc_case_free(old);
  return ssvc__txn_end(st, func, &t, rc);
}

struct put_whole_args {
  const char *func;
  const ssvc__case_whole *w;
  int on_dup, raise_counter, *result;
};

static int put_whole_attempt(ssvc_store *st, void *arg) {
  const struct put_whole_args *a = arg;
  return put_whole_once(st, a->func, a->w, a->on_dup, a->raise_counter, a->result);
}

int ssvc__case_put_whole(ssvc_store *st, const char *func, const ssvc__case_whole *w, int on_dup,
                         int raise_counter, int *result) {
  struct put_whole_args a = {func, w, on_dup, raise_counter, result};
  return ssvc__txn_retry(st, put_whole_attempt, &a);
}

int ssvc__case_view_open(ssvc__case_view *v, const void *val, size_t vlen) {
  ssvc_rd rd;
  ssvc_field f;
  int r;
  memset(v, 0, sizeof *v);
  if (ssvc__rec_open(&rd, val, vlen, SSVC_REC_CASE)) return -1;
  v->body = rd.p;
  v->end = rd.end;
  while ((r = ssvc__rd_next(&rd, &f)) == 1) {
    switch (f.id) {
    case F_SYMPTOM: v->symptom = f.bytes; v->symptom_len = f.len; break;
    case F_MODEL: v->model = f.bytes; v->model_len = f.len; break;
    case F_OUTCOME: v->outcome = (int)f.u; break;
    case F_STATE: v->state = (int)f.u; break;
    case F_REGISTERED: v->registered = ssvc__unzigzag(f.u); break;
    case F_UPDATED: v->updated = ssvc__unzigzag(f.u); break;
    case F_WARRANTY: v->warranty_end = ssvc__date_from_code(f.u); break;
    case F_PROMISED: v->promised = ssvc__date_from_code(f.u); break;
    default: break;
    }
  }
  return r < 0 ? -1 : 0;
}

int ssvc__case_view_next(const ssvc__case_view *v, const uint8_t **it, int which,
                         ssvc__case_sub *out) {
  uint32_t want = which == SSVC__SUB_EVENT      ? F_EVENT
                  : which == SSVC__SUB_SHIPMENT ? F_SHIPMENT
                  : which == SSVC__SUB_GUIDANCE ? F_GUIDANCE
                                                : F_CHARGE;
  ssvc_rd rd = {*it, v->end};
  ssvc_field f;
  int r;
  while ((r = ssvc__rd_next(&rd, &f)) == 1) {
    if (f.id != want) continue;
    *it = rd.p;
    memset(out, 0, sizeof *out);
    ssvc_rd sub = {f.bytes, f.bytes + f.len};
    ssvc_field g;
    int q;
    while ((q = ssvc__rd_next(&sub, &g)) == 1) {
      if (want == F_EVENT) {
        if (g.id == E_AT) out->at = ssvc__unzigzag(g.u);
        else if (g.id == E_KIND) out->kind = (int)g.u;
        else if (g.id == E_TO) out->to = (int)g.u;
      } else if (want == F_GUIDANCE) {
        if (g.id == U_FEATURE) out->kind = (int)g.u;
        else if (g.id == U_RESULT) out->to = (int)g.u;
        else if (g.id == U_AT) out->at = ssvc__unzigzag(g.u);
      } else if (want == F_SHIPMENT) {
        if (g.id == S_KIND) out->kind = (int)g.u;
        else if (g.id == S_AT) out->at = ssvc__unzigzag(g.u);
      } else {
        if (g.id == G_KIND) out->kind = (int)g.u;
        else if (g.id == G_AMOUNT) out->amount = ssvc__unzigzag(g.u);
        else if (g.id == G_CURRENCY) {
          out->currency = g.bytes;
          out->currency_len = g.len;
        }
      }
    }
    return q < 0 ? -1 : 1;
  }
  *it = rd.p;
  return r < 0 ? -1 : 0;
}
