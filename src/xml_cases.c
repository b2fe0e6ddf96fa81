/* xml_cases: <case> records in the XML interchange: written from a case, read into one and
 * stored in the import's open batch (doc/xml.md, doc/cases.xsd). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "smartservice/calendar.h"
#include "smartservice/guidance.h"
#include "smartservice/roster.h"
#include "xml_exporter.h"
#include "xml_importer.h"

static void write_case(struct exporter *x, const ssvc_case *c) {
  ssvc_case_info i;
  memset(&i, 0, sizeof i);
  i.version = SSVC_CASE_INFO_VERSION;
  ssvc_case_info_get(c, &i);
  ssvc__xml_wstart(x, "case");
  ssvc__xml_wattr(x, "id", i.id);
  ssvc__xml_wattr(x, "customer", i.customer_id);
  ssvc__xml_wattr(x, "state", ssvc_case_state_name(i.state));
  ssvc__xml_wattr_instant(x, "registered", i.registered_at);
  ssvc__xml_wattr_instant(x, "updated", i.updated_at);
  if (i.erased) ssvc__xml_wattr(x, "erased", "true");
  ssvc__xml_wattr_date(x, "promised", i.promised_delivery);
  int cover = ssvc_case_roster_coverage(c);
  if (cover) ssvc__xml_wattr(x, "coverage", ssvc_roster_coverage_name(cover));
  ssvc__xml_wstart(x, "user");
  ssvc__xml_wattr(x, "name", i.user_name);
  ssvc__xml_wattr(x, "phone", i.user_phone);
  ssvc__xml_wattr(x, "email", i.user_email);
  ssvc__xml_wend(x);
  ssvc__xml_wstart(x, "device");
  ssvc__xml_wattr(x, "imei", i.imei);
  ssvc__xml_wattr(x, "model", i.model);
  ssvc__xml_wattr(x, "serial", i.serial);
  ssvc__xml_wattr_date(x, "purchased", i.purchase_date);
  ssvc__xml_wattr_date(x, "warranty-end", i.warranty_end);
  ssvc__xml_wend(x);
  ssvc__xml_wstart(x, "tier");
  ssvc__xml_wattr(x, "code", i.tier_code);
  ssvc__xml_wattr_int(x, "features", i.features);
  ssvc__xml_wend(x);
  if (*i.symptom) {
    ssvc__xml_wstart(x, "symptom");
    ssvc__xml_wtext(x, i.symptom);
    ssvc__xml_wend(x);
  }
  if (i.outcome || *i.transcript) {
    ssvc__xml_wstart(x, "diagnosis");
    ssvc__xml_wattr(x, "outcome", ssvc_case_outcome_name(i.outcome));
    ssvc__xml_wtext(x, i.transcript);
    ssvc__xml_wend(x);
  }
  for (size_t n = 0; n < i.shipment_count; n++) {
    ssvc_shipment s = SSVC_SHIPMENT_INIT;
    ssvc_case_shipment_at(c, n, &s);
    ssvc__xml_wstart(x, "shipment");
    ssvc__xml_wattr(x, "kind", ssvc_shipment_kind_name(s.kind) ? ssvc_shipment_kind_name(s.kind) : "replacement");
    ssvc__xml_wattr_instant(x, "at", s.at);
    ssvc__xml_wattr(x, "carrier", s.carrier);
    ssvc__xml_wattr(x, "tracking", s.tracking);
    ssvc__xml_wattr_int(x, "freight", s.freight_minor);
    ssvc__xml_wend(x);
  }
  for (size_t n = 0; n < i.charge_count; n++) {
    ssvc_case_charge g = SSVC_CASE_CHARGE_INIT;
    ssvc_case_charge_at(c, n, &g);
    ssvc__xml_wstart(x, "charge");
    ssvc__xml_wattr_int(x, "kind", g.kind);
    ssvc__xml_wattr_int(x, "amount", g.amount_minor);
    ssvc__xml_wattr(x, "currency", *g.currency ? g.currency : "SEK");
    ssvc__xml_wtext(x, g.text);
    ssvc__xml_wend(x);
  }
  ssvc_case_estimate_info est = SSVC_CASE_ESTIMATE_INFO_INIT;
  if (ssvc__case_estimate_of(c, &est)) {
    ssvc__xml_wstart(x, "estimate");
    ssvc__xml_wattr_int(x, "amount", est.amount_minor);
    if (est.inspection_fee_minor) ssvc__xml_wattr_int(x, "inspection-fee", est.inspection_fee_minor);
    ssvc__xml_wattr(x, "currency", est.currency);
    ssvc__xml_wattr_instant(x, "at", est.at);
    ssvc__xml_wattr(x, "actor", est.actor);
    ssvc__xml_wattr(x, "answer", ssvc_estimate_answer_name(est.answer));
    if (est.answer != SSVC_ESTIMATE_PENDING) {
      ssvc__xml_wattr(x, "answered-by", est.answered_by);
      ssvc__xml_wattr(x, "answer-actor", est.answer_actor);
      ssvc__xml_wattr_instant(x, "answered-at", est.answered_at);
    }
    ssvc__xml_wtext(x, est.text);
    ssvc__xml_wend(x);
  }
  ssvc__xml_write_repair(x, i.customer_id, i.id);
  for (size_t n = 0; n < ssvc_case_guidance_count(c); n++) {
    ssvc_case_guidance g = SSVC_CASE_GUIDANCE_INIT;
    ssvc_case_guidance_at(c, n, &g);
    ssvc__xml_wstart(x, "guidance");
    ssvc__xml_wattr(x, "topic", g.topic);
    ssvc__xml_wattr(x, "area", ssvc_feature_key(g.feature) ? ssvc_feature_key(g.feature) : "");
    ssvc__xml_wattr(x, "result", ssvc_guide_result_key(g.result) ? ssvc_guide_result_key(g.result)
                                                                  : "");
    if (*g.diagnose) ssvc__xml_wattr(x, "diagnose", g.diagnose);
    ssvc__xml_wattr_instant(x, "at", g.at);
    ssvc__xml_wattr(x, "actor", g.actor);
    ssvc__xml_wtext(x, g.transcript);
    ssvc__xml_wend(x);
  }
  for (size_t n = 0; n < i.event_count; n++) {
    ssvc_case_event e = SSVC_CASE_EVENT_INIT;
    ssvc_case_event_at(c, n, &e);
    ssvc__xml_wstart(x, "event");
    ssvc__xml_wattr_instant(x, "at", e.at);
    ssvc__xml_wattr(x, "actor", e.actor);
    ssvc__xml_wattr(x, "kind", ssvc_case_event_kind_name(e.kind) ? ssvc_case_event_kind_name(e.kind) : "note");
    if (e.from_state) ssvc__xml_wattr(x, "from", ssvc_case_state_name(e.from_state));
    if (e.to_state) ssvc__xml_wattr(x, "to", ssvc_case_state_name(e.to_state));
    ssvc__xml_wtext(x, e.note);
    ssvc__xml_wend(x);
  }
  ssvc__xml_wend(x);
  ssvc__xml_record_done(x, "case", i.id);
  x->count++;
  if (!x->rc && x->opt && x->opt->progress && x->count % 1000 == 0 &&
      x->opt->progress(x->opt->progress_data, x->count, x->bytes))
    x->rc = ssvc__err(x->ctx, SSVC_EIO, "%s: stopped by the progress callback", x->func);
}

/* The listing of a customer's cases: load each by id. */
int ssvc__xml_export_list_cb(void *data, const char *id) {
  struct exporter *x = data;
  ssvc_case *c = NULL;
  x->rc = ssvc_case_load(x->st, &c, id);
  if (!x->rc && !x->dry) write_case(x, c);
  ssvc_case_free(c);
  return x->rc ? 1 : 0;
}

/* Every case: one scan over the case records. */
int ssvc__xml_export_scan_cb(void *data, const void *key, size_t klen, const void *val, size_t vlen,
                             uint64_t ver) {
  (void)ver;
  struct exporter *x = data;
  ssvc_case *c = NULL;
  int rc = ssvc__case_decode_kv(x->ctx, x->func, key, klen, val, vlen, &c);
  if (rc) return x->rc = rc;
  ssvc_case_info i;
  memset(&i, 0, sizeof i);
  i.version = SSVC_CASE_INFO_VERSION;
  ssvc_case_info_get(c, &i);
  if (!x->dry && i.registered_at >= x->from && i.registered_at < x->to) write_case(x, c);
  ssvc_case_free(c);
  return x->rc;
}

/* Reads one <case> element into @p w (strings borrowed from the tree). */
static int read_case(struct importer *im, const xmlNode *n, ssvc__case_whole *w) {
  static const char *const case_attrs[] = {"id", "customer", "state", "registered", "updated",
                                           "erased", "promised", "coverage", NULL};
  const char *a[9];
  int rc = ssvc__xml_get_attrs(im, n, case_attrs, a);
  if (rc) return rc;
  memset(w, 0, sizeof *w);
  ssvc_case_info *i = &w->info;
  i->version = SSVC_CASE_INFO_VERSION;
  if ((rc = ssvc__xml_need(im, n, a[0], "id"))) return rc;
  size_t idlen = 0;
  for (; a[0][idlen] && idlen < sizeof im->case_id - 1; idlen++) im->case_id[idlen] = a[0][idlen];
  im->case_id[idlen] = '\0';
  i->id = a[0];
  i->customer_id = a[1];
  if ((rc = ssvc__xml_need(im, n, a[1], "customer")) ||
      (rc = ssvc__xml_get_state(im, n, a[2], "state", &i->state)) ||
      (rc = ssvc__xml_get_instant(im, n, a[3], "registered", &i->registered_at)) ||
      (rc = ssvc__xml_get_instant(im, n, a[4], "updated", &i->updated_at)) ||
      (rc = ssvc__xml_get_date(im, n, a[6], "promised", &i->promised_delivery)))
    return rc;
  if (a[5] && strcmp(a[5], "true") != 0 && strcmp(a[5], "false") != 0)
    return ssvc__xml_rec_err(im, SSVC_EPARSE, n,
                             "<case>: erased: must be true or false (got '%.20s')", a[5]);
  i->erased = a[5] && strcmp(a[5], "true") == 0;
  if (a[7]) {
    w->coverage = -1;
    for (int q = SSVC_ROSTER_UNCHECKED; q <= SSVC_ROSTER_NOT_COVERED; q++)
      if (strcmp(a[7], ssvc_roster_coverage_name(q)) == 0) w->coverage = q;
    if (w->coverage < 0)
      return ssvc__xml_rec_err(im, SSVC_EPARSE, n, "<case>: coverage: must be unchecked, "
                               "covered or not-covered (got '%.20s')", a[7]);
  }
  /* Children in the order of the schema. */
  enum {
    C_USER, C_DEVICE, C_TIER, C_SYMPTOM, C_DIAGNOSIS, C_SHIPMENT, C_CHARGE, C_ESTIMATE, C_REPAIR,
    C_GUIDANCE, C_EVENT, C_N
  };
  static const char *const kids[] = {"user",     "device",   "tier",     "symptom",
                                     "diagnosis", "shipment", "charge",   "estimate",
                                     "repair-order", "guidance", "event"};
  int last = -1, seen[C_N] = {0};
  size_t nev = 0, nsh = 0, nch = 0, ngu = 0;
  int k;
  const xmlNode *c = n->children;
  for (; (rc = ssvc__xml_next_child(im, n, "case", &c, kids, C_N, last, &k)) == SSVC_OK && c;
       c = c->next) {
    if (nev + nsh + nch + ngu >= SSVC_XML_CASE_LIST_MAX)
      return ssvc__xml_rec_err(im, SSVC_ELIMIT, c, "<case>: more than %d events, shipments, "
                               "charges and how-to calls", SSVC_XML_CASE_LIST_MAX);
    if (k < last || (seen[k] && (k < C_SHIPMENT || k == C_ESTIMATE || k == C_REPAIR)))
      return ssvc__xml_rec_err(im, SSVC_EPARSE, c,
                               "<case>: <%s> is out of place (order: user, device, "
                               "tier, symptom, diagnosis, shipment*, charge*, estimate?, "
                               "repair-order?, guidance*, event*)",
                               kids[k]);
    last = k;
    seen[k] = 1;
    const char *v[10];
    switch (k) {
    case C_USER: {
      static const char *const at[] = {"name", "phone", "email", NULL};
      if ((rc = ssvc__xml_get_attrs(im, c, at, v))) return rc;
      i->user_name = v[0];
      i->user_phone = v[1];
      i->user_email = v[2];
      break;
    }
    case C_DEVICE: {
      static const char *const at[] = {"imei", "model", "serial", "purchased", "warranty-end",
                                       NULL};
      if ((rc = ssvc__xml_get_attrs(im, c, at, v)) ||
          (rc = ssvc__xml_get_date(im, c, v[3], "purchased", &i->purchase_date)) ||
          (rc = ssvc__xml_get_date(im, c, v[4], "warranty-end", &i->warranty_end)))
        return rc;
      i->imei = v[0];
      i->model = v[1];
      i->serial = v[2];
      break;
    }
    case C_TIER: {
      static const char *const at[] = {"code", "features", NULL};
      int64_t f = 0;
      if ((rc = ssvc__xml_get_attrs(im, c, at, v)) || (rc = ssvc__xml_need(im, c, v[0], "code")) ||
          (rc = ssvc__xml_get_int(im, c, v[1], "features", 0, SSVC_FEATURE_ALL, &f)))
        return rc;
      i->tier_code = v[0];
      i->features = (unsigned int)f;
      break;
    }
    case C_SYMPTOM:
      if ((rc = ssvc__xml_get_attrs(im, c, (const char *const[]){NULL}, v)) ||
          (rc = ssvc__xml_elem_text(im, c, &i->symptom)))
        return rc;
      break;
    case C_DIAGNOSIS: {
      static const char *const at[] = {"outcome", NULL};
      if ((rc = ssvc__xml_get_attrs(im, c, at, v)) || (rc = ssvc__xml_need(im, c, v[0], "outcome")))
        return rc;
      int o = -1;
      for (int q = 0; q <= SSVC_CASE_OUTCOME_MAX; q++)
        if (streq(v[0], ssvc_case_outcome_name(q))) o = q;
      if (o < 0)
        return ssvc__xml_rec_err(im, SSVC_EPARSE, c,
                                 "<diagnosis>: outcome: not an outcome (got '%.40s')", v[0]);
      i->outcome = o;
      if ((rc = ssvc__xml_elem_text(im, c, &i->transcript))) return rc;
      break;
    }
    case C_SHIPMENT: {
      static const char *const at[] = {"kind", "at", "carrier", "tracking", "freight", NULL};
      GROW(im, im->sh, im->sh_cap, nsh);
      ssvc_shipment *s = &im->sh[nsh];
      memset(s, 0, sizeof *s);
      s->version = SSVC_SHIPMENT_VERSION;
      if ((rc = ssvc__xml_get_attrs(im, c, at, v)) || (rc = ssvc__xml_need(im, c, v[0], "kind")))
        return rc;
      if (ssvc_shipment_kind_from_name(NULL, &s->kind, v[0]) != SSVC_OK)
        return ssvc__xml_rec_err(im, SSVC_EPARSE, c,
                                 "<shipment>: kind: not a shipment kind (got '%.40s')", v[0]);
      if ((rc = ssvc__xml_get_instant(im, c, v[1], "at", &s->at)) ||
          (rc = ssvc__xml_get_int(im, c, v[4], "freight", 0, INT64_MAX, &s->freight_minor)))
        return rc;
      s->carrier = v[2];
      s->tracking = v[3];
      if ((rc = ssvc__xml_elem_text(im, c, &v[7]))) return rc; /* no text allowed */
      if (*v[7]) return ssvc__xml_rec_err(im, SSVC_EPARSE, c, "<shipment> must be empty");
      nsh++;
      break;
    }
    case C_CHARGE: {
      static const char *const at[] = {"kind", "amount", "currency", NULL};
      GROW(im, im->ch, im->ch_cap, nch);
      ssvc_case_charge *g = &im->ch[nch];
      memset(g, 0, sizeof *g);
      g->version = SSVC_CASE_CHARGE_VERSION;
      int64_t kind = 0;
      if ((rc = ssvc__xml_get_attrs(im, c, at, v)) ||
          (rc = ssvc__xml_get_int(im, c, v[0], "kind", 1, INT32_MAX, &kind)) ||
          (rc = ssvc__xml_get_int(im, c, v[1], "amount", INT64_MIN + 1, INT64_MAX,
                                  &g->amount_minor)) ||
          (rc = ssvc__xml_elem_text(im, c, &g->text)))
        return rc;
      g->kind = (int)kind;
      g->currency = v[2];
      nch++;
      break;
    }
    case C_ESTIMATE: {
      static const char *const at[] = {"amount", "inspection-fee", "currency", "at", "actor",
                                       "answer", "answered-by", "answer-actor", "answered-at",
                                       NULL};
      ssvc_case_estimate_info *e = &w->estimate;
      *e = (ssvc_case_estimate_info)SSVC_CASE_ESTIMATE_INFO_INIT;
      if ((rc = ssvc__xml_get_attrs(im, c, at, v)) ||
          (rc = ssvc__xml_get_int(im, c, v[0], "amount", 0, INT64_C(1000000000000),
                                  &e->amount_minor)) ||
          (v[1] && (rc = ssvc__xml_get_int(im, c, v[1], "inspection-fee", 0,
                                           INT64_C(1000000000000), &e->inspection_fee_minor))) ||
          (rc = ssvc__xml_get_instant(im, c, v[3], "at", &e->at)) ||
          (rc = ssvc__xml_need(im, c, v[4], "actor")) ||
          (rc = ssvc__xml_need(im, c, v[5], "answer")))
        return rc;
      if (ssvc_estimate_answer_from_name(NULL, &e->answer, v[5]) != SSVC_OK)
        return ssvc__xml_rec_err(im, SSVC_EPARSE, c,
                                 "<estimate>: answer: not pending, accepted or declined (got "
                                 "'%.40s')",
                                 v[5]);
      if (e->answer != SSVC_ESTIMATE_PENDING &&
          (rc = ssvc__xml_get_instant(im, c, v[8], "answered-at", &e->answered_at)))
        return rc;
      e->currency = v[2];
      e->actor = v[4];
      e->answered_by = v[6];
      e->answer_actor = v[7];
      if ((rc = ssvc__xml_elem_text(im, c, &e->text))) return rc;
      w->has_estimate = 1;
      break;
    }
    case C_REPAIR:
      if ((rc = ssvc__xml_read_repair(im, c))) return rc;
      break;
    case C_GUIDANCE: {
      static const char *const at[] = {"topic", "area", "result", "diagnose", "at", "actor", NULL};
      GROW(im, im->gu, im->gu_cap, ngu);
      ssvc_case_guidance *g = &im->gu[ngu];
      *g = (ssvc_case_guidance)SSVC_CASE_GUIDANCE_INIT;
      if ((rc = ssvc__xml_get_attrs(im, c, at, v)) || (rc = ssvc__xml_need(im, c, v[0], "topic")) ||
          (rc = ssvc__xml_need(im, c, v[1], "area")) ||
          (rc = ssvc__xml_need(im, c, v[2], "result")) ||
          (rc = ssvc__xml_get_instant(im, c, v[4], "at", &g->at)) ||
          (rc = ssvc__xml_need(im, c, v[5], "actor")))
        return rc;
      if (ssvc_feature_from_key(NULL, &g->feature, v[1]) != SSVC_OK ||
          !(g->feature & SSVC_GUIDE_AREAS))
        return ssvc__xml_rec_err(im, SSVC_EPARSE, c,
                                 "<guidance>: area: not phone-help, os-help or sync (got '%.40s')",
                                 v[1]);
      g->result = streq(v[2], "solved") ? SSVC_GUIDE_SOLVED
                  : streq(v[2], "not-solved") ? SSVC_GUIDE_NOT_SOLVED : 0;
      if (!g->result)
        return ssvc__xml_rec_err(im, SSVC_EPARSE, c,
                                 "<guidance>: result: not solved or not-solved (got '%.40s')",
                                 v[2]);
      g->topic = v[0];
      g->diagnose = v[3];
      g->actor = v[5];
      if ((rc = ssvc__xml_elem_text(im, c, &g->transcript))) return rc;
      ngu++;
      break;
    }
    case C_EVENT: {
      static const char *const at[] = {"at", "actor", "kind", "from", "to", NULL};
      GROW(im, im->ev, im->ev_cap, nev);
      ssvc_case_event *e = &im->ev[nev];
      memset(e, 0, sizeof *e);
      e->version = SSVC_CASE_EVENT_VERSION;
      if ((rc = ssvc__xml_get_attrs(im, c, at, v)) ||
          (rc = ssvc__xml_get_instant(im, c, v[0], "at", &e->at)) ||
          (rc = ssvc__xml_need(im, c, v[2], "kind")))
        return rc;
      e->actor = v[1];
      if (ssvc_case_event_kind_from_name(NULL, &e->kind, v[2]) != SSVC_OK)
        return ssvc__xml_rec_err(im, SSVC_EPARSE, c,
                                 "<event>: kind: not an event kind (got '%.40s')", v[2]);
      if ((v[3] && (rc = ssvc__xml_get_state(im, c, v[3], "from", &e->from_state))) ||
          (v[4] && (rc = ssvc__xml_get_state(im, c, v[4], "to", &e->to_state))) ||
          (rc = ssvc__xml_elem_text(im, c, &e->note)))
        return rc;
      nev++;
      break;
    }
    default:
      break;
    }
  }
  if (rc) return rc;
  if (!seen[C_USER] || !seen[C_DEVICE] || !seen[C_TIER])
    return ssvc__xml_rec_err(im, SSVC_EPARSE, n, "<case>: <%s> is missing",
                   !seen[C_USER] ? "user" : !seen[C_DEVICE] ? "device" : "tier");
  w->ev = im->ev;
  w->nev = nev;
  w->sh = im->sh;
  w->nsh = nsh;
  w->ch = im->ch;
  w->nch = nch;
  w->gu = im->gu;
  w->ngu = ngu;
  return SSVC_OK;
}

/* Raises the id counters to the numbers the open batch wrote. */
static int flush_counters(struct importer *im) {
  int rc = SSVC_OK;
  for (size_t k = 0; k < im->ncounters && !rc; k++)
    rc = ssvc__case_raise_counter(im->st, im->func, im->cyear[k], im->cmax[k]);
  im->ncounters = 0;
  return rc;
}

/* Notes the number of a case written in the open batch (its id is well-formed). */
static int note_counter(struct importer *im, const char *id) {
  uint32_t year = 0, seq = 0;
  for (int k = 3; k < 7; k++) year = year * 10 + (uint32_t)(id[k] - '0');
  for (const char *p = id + 8; *p; p++) seq = seq * 10 + (uint32_t)(*p - '0');
  for (size_t k = 0; k < im->ncounters; k++)
    if (im->cyear[k] == year) {
      if (im->cmax[k] < seq) im->cmax[k] = seq;
      return SSVC_OK;
    }
  if (im->ncounters == sizeof im->cyear / sizeof im->cyear[0]) {
    int rc = flush_counters(im);
    if (rc) return rc;
  }
  im->cyear[im->ncounters] = year;
  im->cmax[im->ncounters++] = seq;
  return SSVC_OK;
}

int ssvc__xml_batch_commit(struct importer *im) {
  if (!im->batch_open) return SSVC_OK;
  int rc = flush_counters(im);
  if (rc) return rc; /* the caller rolls the batch back */
  im->batch_open = 0;
  rc = ssvc_store_commit(im->st);
  if (rc) return rc;
  im->in_batch = 0;
  im->res.imported += im->pend_new;
  im->res.replaced += im->pend_replaced;
  im->pend_new = im->pend_replaced = 0;
  im->res.agreements_imported += im->pend_agr_new;
  im->res.agreements_replaced += im->pend_agr_replaced;
  im->pend_agr_new = im->pend_agr_replaced = 0;
  if (im->opt.progress &&
      im->opt.progress(im->opt.progress_data,
                       (uint64_t)(im->res.imported + im->res.replaced + im->res.skipped),
                       im->src.total))
    return ssvc__err(im->ctx, SSVC_EIO, "%s: stopped by the progress callback", im->func);
  return SSVC_OK;
}

/* Appends @p s to buf[*len] (size @p cap), truncating like snprintf. */
static void put_str(char *buf, size_t cap, size_t *len, const char *s) {
  while (*s && *len + 1 < cap) buf[(*len)++] = *s++;
  buf[*len] = '\0';
}

static void put_long(char *buf, size_t cap, size_t *len, long v) {
  char d[24];
  size_t k = sizeof d;
  unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
  d[--k] = '\0';
  do d[--k] = (char)('0' + u % 10); while ((u /= 10) != 0);
  if (v < 0) d[--k] = '-';
  put_str(buf, cap, len, d + k);
}

/* The record's "func: name:line:col: case ID", the function name the case module's checks and
 * writes report their errors under (built for every case: no printf). */
static void record_func(const struct importer *im, char *buf, size_t cap) {
  size_t len = 0;
  buf[0] = '\0';
  put_str(buf, cap, &len, im->func);
  put_str(buf, cap, &len, ": ");
  put_str(buf, cap, &len, im->name);
  put_str(buf, cap, &len, ":");
  put_long(buf, cap, &len, im->line);
  put_str(buf, cap, &len, ":");
  put_long(buf, cap, &len, im->col);
  put_str(buf, cap, &len, ": case ");
  put_str(buf, cap, &len, im->case_id);
}

void ssvc__xml_free_owned(struct importer *im) {
  for (size_t k = 0; k < im->nowned; k++) xmlFree(im->owned[k]);
  im->nowned = 0;
}

/* One <case>: read, check, write into the open batch. A bad record is reported; it fails the
 * import unless continue_on_error (structural errors and storage failures always do). */
int ssvc__xml_import_case(struct importer *im, const xmlNode *n) {
  ssvc__case_whole w;
  char func[300];
  im->case_id[0] = '\0';
  im->has_repair = 0;
  /* run_import() has found where the record starts (im->line, im->col). */
  im->eline = im->line;
  im->ecol = im->col;
  int rc = read_case(im, n, &w);
  if (rc == SSVC_OK) {
    record_func(im, func, sizeof func);
    rc = ssvc__case_whole_check(im->ctx, func, &w);
  }
  if (rc == SSVC_OK) {
    if (!im->batch_open) {
      if ((rc = ssvc_store_begin(im->st))) goto out;
      im->batch_open = 1;
    }
    int result = 0;
    rc = ssvc__case_put_whole(im->st, func, &w, im->opt.on_duplicate, 0, &result);
    if (rc == SSVC_EEXISTS || rc == SSVC_EINVAL) {
      /* refused before writing: a bad record (the batch is intact) */
    } else if (rc) {
      goto out; /* storage: fatal */
    } else {
      if (result == 1) im->pend_new++;
      else if (result == 2) im->pend_replaced++;
      else im->res.skipped++;
      if (result) {
        im->in_batch++;
        if ((rc = note_counter(im, w.info.id)) || (rc = ssvc__xml_put_repair(im, func, &w.info)))
          goto out;
      }
      if (im->in_batch >= im->opt.batch_size) rc = ssvc__xml_batch_commit(im);
      goto out;
    }
  }
  if (rc == SSVC_ENOMEM || rc == SSVC_ELIMIT) goto out; /* a limit stops the import */
  im->res.bad++;
  if (im->opt.on_bad)
    im->opt.on_bad(im->opt.on_bad_data, im->eline, im->ecol, im->case_id, rc,
                   ssvc_ctx_errmsg(im->ctx));
  if (im->opt.continue_on_error) rc = SSVC_OK;
out:
  ssvc__xml_free_owned(im);
  return rc;
}
