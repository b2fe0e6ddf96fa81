/* case_record: keys and ids of cases, and the record codec between the stored bytes and the
 * in-memory form (case_record.h, doc/records.md). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "case_record.h"
/* ------------------------------------------------------------------------------------------ */
/* Keys and ids                                                                                */

size_t ssvc__key_case(uint8_t *k, uint32_t year, uint32_t seq) {
  k[0] = SSVC_KEY_CASE;
  be16(k + 1, year);
  be32(k + 3, seq);
  return SSVC_KEY_CASE_LEN;
}

size_t ssvc__key_counter(uint8_t *k, uint32_t year) {
  k[0] = SSVC_KEY_CASE_COUNTER;
  be16(k + 1, year);
  return SSVC_KEY_COUNTER_LEN;
}

size_t ssvc__key_state(uint8_t *k, int state, uint32_t year, uint32_t seq) {
  k[0] = SSVC_KEY_CASE_STATE;
  k[1] = (uint8_t)state;
  be16(k + 2, year);
  be32(k + 4, seq);
  return SSVC_KEY_STATE_LEN;
}

/* The customer prefix: 'U', the id, a NUL (ids hold none, so one customer's keys are
 * contiguous and never interleave with a longer id's). */
size_t ssvc__case_key_customer_prefix(uint8_t *k, const char *customer) {
  size_t n = strlen(customer);
  k[0] = SSVC_KEY_CASE_CUSTOMER;
  memcpy(k + 1, customer, n);
  k[1 + n] = 0;
  return n + 2;
}

size_t ssvc__key_customer(uint8_t *k, const char *customer, int64_t at, uint32_t year,
                          uint32_t seq) {
  size_t n = ssvc__case_key_customer_prefix(k, customer);
  be64_biased(k + n, at);
  be16(k + n + 8, year);
  be32(k + n + 10, seq);
  return n + 14;
}

size_t ssvc__key_imei_prefix(uint8_t *k, const char *customer, const char *imei) {
  size_t n = strlen(customer);
  k[0] = SSVC_KEY_CASE_IMEI;
  memcpy(k + 1, customer, n);
  k[1 + n] = 0;
  memcpy(k + 2 + n, imei, 15);
  return n + 17;
}

size_t ssvc__key_imei(uint8_t *k, const char *customer, const char *imei, uint32_t year,
                      uint32_t seq) {
  if (!imei || !ssvc_imei_valid(imei)) return 0;
  size_t n = ssvc__key_imei_prefix(k, customer, imei);
  be16(k + n, year);
  be32(k + n + 2, seq);
  return n + 6;
}

/* "SC-YYYY-NNNNNN" (at least six digits), without printf: it runs for every case listed. */
void ssvc__case_format_id(char *out, uint32_t year, uint32_t seq) {
  char digits[10];
  int n = 0;
  do {
    digits[n++] = (char)('0' + seq % 10);
    seq /= 10;
  } while (seq);
  while (n < 6) digits[n++] = '0';
  memcpy(out, "SC-", 3);
  out[3] = (char)('0' + year / 1000 % 10);
  out[4] = (char)('0' + year / 100 % 10);
  out[5] = (char)('0' + year / 10 % 10);
  out[6] = (char)('0' + year % 10);
  out[7] = '-';
  for (int i = 0; i < n; i++) out[8 + i] = digits[n - 1 - i];
  out[8 + n] = '\0';
}

int ssvc__case_parse_id(ssvc_ctx *ctx, const char *func, const char *id, uint32_t *year,
                        uint32_t *seq) {
  if (!id) return ssvc__err(ctx, SSVC_EINVAL, "%s: id must not be NULL", func);
  size_t n = strlen(id);
  int ok = n >= 14 && n <= 18 && strncmp(id, "SC-", 3) == 0 && id[7] == '-';
  uint64_t y = 0, s = 0;
  for (size_t i = 3; ok && i < 7; i++) {
    ok = id[i] >= '0' && id[i] <= '9';
    y = y * 10 + (uint64_t)(id[i] - '0');
  }
  for (size_t i = 8; ok && i < n; i++) {
    ok = id[i] >= '0' && id[i] <= '9';
    s = s * 10 + (uint64_t)(id[i] - '0');
  }
  if (ok) {
    ok = y >= 1 && s >= 1 && s <= UINT32_MAX;
    char canon[SSVC_CASE_ID_SIZE];
    if (ok) {
      ssvc__case_format_id(canon, (uint32_t)y, (uint32_t)s);
      ok = strcmp(canon, id) == 0;
    }
  }
  if (!ok)
    return ssvc__err(ctx, SSVC_EINVAL,
                     "%s: id: not a case id like SC-2026-000123 (got '%.40s')", func, id);
  *year = (uint32_t)y;
  *seq = (uint32_t)s;
  return SSVC_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* The in-memory form of a case                                                                */

void ssvc__case_encode_event(ssvc_buf *b, const cevent *e) {
  if (e->raw) {
    ssvc__rec_bytes(b, F_EVENT, e->raw, e->raw_len);
    return;
  }
  size_t mark = ssvc__rec_sub_begin(b, F_EVENT);
  ssvc__rec_sint(b, E_AT, e->at);
  ssvc__rec_str(b, E_ACTOR, e->actor);
  ssvc__rec_uint(b, E_KIND, (uint64_t)e->kind);
  if (e->from) ssvc__rec_uint(b, E_FROM, (uint64_t)e->from);
  if (e->to) ssvc__rec_uint(b, E_TO, (uint64_t)e->to);
  ssvc__rec_str(b, E_NOTE, e->note);
  ssvc__rec_sub_end(b, mark);
}

void ssvc__case_encode_ship(ssvc_buf *b, const cship *s) {
  if (s->raw) {
    ssvc__rec_bytes(b, F_SHIPMENT, s->raw, s->raw_len);
    return;
  }
  size_t mark = ssvc__rec_sub_begin(b, F_SHIPMENT);
  ssvc__rec_uint(b, S_KIND, (uint64_t)s->s.kind);
  ssvc__rec_sint(b, S_AT, s->s.at);
  ssvc__rec_str(b, S_CARRIER, s->s.carrier);
  ssvc__rec_str(b, S_TRACKING, s->s.tracking);
  ssvc__rec_sint(b, S_FREIGHT, s->s.freight_minor);
  ssvc__rec_sub_end(b, mark);
}

void ssvc__case_encode_charge(ssvc_buf *b, const ccharge *c) {
  if (c->raw) {
    ssvc__rec_bytes(b, F_CHARGE, c->raw, c->raw_len);
    return;
  }
  size_t mark = ssvc__rec_sub_begin(b, F_CHARGE);
  ssvc__rec_uint(b, G_KIND, (uint64_t)c->c.kind);
  ssvc__rec_sint(b, G_AMOUNT, c->c.amount_minor);
  ssvc__rec_str(b, G_CURRENCY, c->c.currency);
  ssvc__rec_str(b, G_TEXT, c->c.text);
  ssvc__rec_sub_end(b, mark);
}

void ssvc__case_encode_estimate(ssvc_buf *b, const cestimate *e) {
  if (e->raw) {
    ssvc__rec_bytes(b, F_ESTIMATE, e->raw, e->raw_len);
    return;
  }
  size_t mark = ssvc__rec_sub_begin(b, F_ESTIMATE);
  ssvc__rec_sint(b, K_AMOUNT, e->amount);
  if (e->fee) ssvc__rec_sint(b, K_FEE, e->fee);
  ssvc__rec_str(b, K_CURRENCY, e->currency);
  ssvc__rec_str(b, K_TEXT, e->text);
  ssvc__rec_str(b, K_ACTOR, e->actor);
  ssvc__rec_sint(b, K_AT, e->at);
  if (e->answer) {
    ssvc__rec_uint(b, K_ANSWER, (uint64_t)e->answer);
    ssvc__rec_str(b, K_BY, e->by);
    ssvc__rec_str(b, K_ANSWER_ACTOR, e->answer_actor);
    ssvc__rec_sint(b, K_ANSWERED_AT, e->answered_at);
  }
  ssvc__rec_sub_end(b, mark);
}

/* Encodes @p c plus the optional new event, shipment and charge. */
void ssvc__case_encode_guide(ssvc_buf *b, const cguide *g) {
  if (g->raw) {
    ssvc__rec_bytes(b, F_GUIDANCE, g->raw, g->raw_len);
    return;
  }
  size_t mark = ssvc__rec_sub_begin(b, F_GUIDANCE);
  ssvc__rec_sint(b, U_AT, g->at);
  ssvc__rec_str(b, U_ACTOR, g->actor);
  ssvc__rec_str(b, U_TOPIC, g->topic);
  ssvc__rec_uint(b, U_FEATURE, g->feature);
  ssvc__rec_uint(b, U_RESULT, (uint64_t)g->result);
  ssvc__rec_str(b, U_TRANSCRIPT, g->transcript);
  if (g->diagnose && *g->diagnose) ssvc__rec_str(b, U_DIAGNOSE, g->diagnose);
  ssvc__rec_sub_end(b, mark);
}

void ssvc__case_encode_case(ssvc_buf *b, const ssvc_case *c, const cevent *new_ev,
                            const cship *new_sh, const ccharge *new_ch) {
  ssvc__rec_header(b, SSVC_REC_CASE, SSVC_CASE_FORMAT);
  ssvc__rec_uint(b, F_YEAR, c->year);
  ssvc__rec_uint(b, F_SEQ, c->seq);
  ssvc__rec_str(b, F_CUSTOMER, c->customer);
  ssvc__rec_str(b, F_NAME, c->name);
  ssvc__rec_str(b, F_PHONE, c->phone);
  ssvc__rec_str(b, F_EMAIL, c->email);
  ssvc__rec_str(b, F_IMEI, c->imei);
  ssvc__rec_str(b, F_MODEL, c->model);
  ssvc__rec_str(b, F_SERIAL, c->serial);
  if (c->purchase.year) ssvc__rec_uint(b, F_PURCHASE, ssvc__date_code(c->purchase));
  if (c->warranty.year) ssvc__rec_uint(b, F_WARRANTY, ssvc__date_code(c->warranty));
  ssvc__rec_str(b, F_TIER, c->tier);
  ssvc__rec_uint(b, F_FEATURES, c->features);
  ssvc__rec_str(b, F_SYMPTOM, c->symptom);
  if (c->outcome) ssvc__rec_uint(b, F_OUTCOME, (uint64_t)c->outcome);
  ssvc__rec_str(b, F_TRANSCRIPT, c->transcript);
  ssvc__rec_uint(b, F_STATE, (uint64_t)c->state);
  ssvc__rec_sint(b, F_REGISTERED, c->registered);
  ssvc__rec_sint(b, F_UPDATED, c->updated);
  if (c->erased) ssvc__rec_uint(b, F_ERASED, 1);
  if (c->promised.year) ssvc__rec_uint(b, F_PROMISED, ssvc__date_code(c->promised));
  if (c->coverage) ssvc__rec_uint(b, F_COVERAGE, (uint64_t)c->coverage);
  for (size_t i = 0; i < c->nev; i++) ssvc__case_encode_event(b, &c->ev[i]);
  if (new_ev) ssvc__case_encode_event(b, new_ev);
  for (size_t i = 0; i < c->nsh; i++) ssvc__case_encode_ship(b, &c->sh[i]);
  if (new_sh) ssvc__case_encode_ship(b, new_sh);
  for (size_t i = 0; i < c->nch; i++) ssvc__case_encode_charge(b, &c->ch[i]);
  if (new_ch) ssvc__case_encode_charge(b, new_ch);
  if (c->est.has) ssvc__case_encode_estimate(b, &c->est);
  for (size_t i = 0; i < c->ngu; i++) ssvc__case_encode_guide(b, &c->gu[i]);
  ssvc__buf_append(b, c->unknown, c->unknown_len);
}

void ssvc__counter_encode(ssvc_buf *rec, uint32_t last) {
  ssvc__rec_header(rec, SSVC_REC_COUNTER, SSVC_CASE_FORMAT);
  ssvc__rec_uint(rec, 1, last);
}

void ssvc__case_encode_new(ssvc_buf *rec, const ssvc_case_spec *spec, uint32_t year,
                           uint32_t seq, int64_t now, ssvc_date promised, const char *note,
                           int coverage) {
  ssvc_case c;
  memset(&c, 0, sizeof c);
  c.year = year;
  c.seq = seq;
  c.customer = spec->customer_id;
  c.name = spec->user_name;
  c.phone = spec->user_phone;
  c.email = spec->user_email;
  c.imei = spec->imei;
  c.model = spec->model;
  c.serial = spec->serial;
  c.purchase = spec->purchase_date;
  c.warranty = spec->warranty_end;
  c.tier = spec->tier_code;
  c.features = spec->features;
  c.symptom = spec->symptom;
  c.state = SSVC_CASE_REGISTERED;
  c.registered = c.updated = now;
  c.promised = promised;
  c.coverage = coverage;
  cevent ev = {now, spec->actor, note, SSVC_CASE_EVENT_CREATED, 0, SSVC_CASE_REGISTERED, NULL, 0};
  ssvc__case_encode_case(rec, &c, &ev, NULL, NULL);
}

/* Decoding: pass 1 sizes the single allocation, pass 2 fills it. */
struct sizer {
  size_t strings, nev, nsh, nch, ngu, unknown;
};

static int is_str_field(uint32_t id) {
  return id == F_CUSTOMER || id == F_NAME || id == F_PHONE || id == F_EMAIL || id == F_IMEI ||
         id == F_MODEL || id == F_SERIAL || id == F_TIER || id == F_SYMPTOM || id == F_TRANSCRIPT;
}

/* Sums the string bytes of a sub-record (string fields are given by the caller's test). */
static int size_sub(const uint8_t *p, size_t n, int (*is_str)(uint32_t), size_t *strings) {
  ssvc_rd rd = {p, p + n};
  ssvc_field f;
  int r;
  while ((r = ssvc__rd_next(&rd, &f)) == 1)
    if (is_str(f.id)) {
      if (f.wire != SSVC_WIRE_BYTES) return -1;
      *strings += f.len + 1;
    }
  return r;
}
static int ev_str(uint32_t id) { return id == E_ACTOR || id == E_NOTE; }
static int sh_str(uint32_t id) { return id == S_CARRIER || id == S_TRACKING; }
static int ch_str(uint32_t id) { return id == G_CURRENCY || id == G_TEXT; }
static int est_str(uint32_t id) {
  return id == K_CURRENCY || id == K_TEXT || id == K_ACTOR || id == K_BY || id == K_ANSWER_ACTOR;
}

static int gu_str(uint32_t id) {
  return id == U_ACTOR || id == U_TOPIC || id == U_TRANSCRIPT || id == U_DIAGNOSE;
}

struct filler {
  char *strings;
};

static const char *take_str(struct filler *fl, const ssvc_field *f) {
  char *s = fl->strings;
  memcpy(s, f->bytes, f->len);
  s[f->len] = '\0';
  fl->strings += f->len + 1;
  return s;
}

static int fill_event(struct filler *fl, const ssvc_field *top, cevent *e) {
  ssvc_rd rd = {top->bytes, top->bytes + top->len};
  ssvc_field f;
  int r;
  memset(e, 0, sizeof *e);
  e->actor = e->note = "";
  while ((r = ssvc__rd_next(&rd, &f)) == 1) {
    if (f.id == E_AT) e->at = ssvc__unzigzag(f.u);
    else if (f.id == E_ACTOR) e->actor = take_str(fl, &f);
    else if (f.id == E_KIND) e->kind = (int)f.u;
    else if (f.id == E_FROM) e->from = (int)f.u;
    else if (f.id == E_TO) e->to = (int)f.u;
    else if (f.id == E_NOTE) e->note = take_str(fl, &f);
  }
  return r;
}

static int fill_ship(struct filler *fl, const ssvc_field *top, cship *s) {
  ssvc_rd rd = {top->bytes, top->bytes + top->len};
  ssvc_field f;
  int r;
  memset(s, 0, sizeof *s);
  s->s.carrier = s->s.tracking = "";
  while ((r = ssvc__rd_next(&rd, &f)) == 1) {
    if (f.id == S_KIND) s->s.kind = (int)f.u;
    else if (f.id == S_AT) s->s.at = ssvc__unzigzag(f.u);
    else if (f.id == S_CARRIER) s->s.carrier = take_str(fl, &f);
    else if (f.id == S_TRACKING) s->s.tracking = take_str(fl, &f);
    else if (f.id == S_FREIGHT) s->s.freight_minor = ssvc__unzigzag(f.u);
  }
  return r;
}

static int fill_charge(struct filler *fl, const ssvc_field *top, ccharge *c) {
  ssvc_rd rd = {top->bytes, top->bytes + top->len};
  ssvc_field f;
  int r;
  memset(c, 0, sizeof *c);
  c->c.currency = c->c.text = "";
  while ((r = ssvc__rd_next(&rd, &f)) == 1) {
    if (f.id == G_KIND) c->c.kind = (int)f.u;
    else if (f.id == G_AMOUNT) c->c.amount_minor = ssvc__unzigzag(f.u);
    else if (f.id == G_CURRENCY) c->c.currency = take_str(fl, &f);
    else if (f.id == G_TEXT) c->c.text = take_str(fl, &f);
  }
  return r;
}

static int fill_estimate(struct filler *fl, const ssvc_field *top, cestimate *e) {
  ssvc_rd rd = {top->bytes, top->bytes + top->len};
  ssvc_field f;
  int r;
  memset(e, 0, sizeof *e);
  e->currency = e->text = e->actor = e->by = e->answer_actor = "";
  while ((r = ssvc__rd_next(&rd, &f)) == 1) {
    if (f.id == K_AMOUNT) e->amount = ssvc__unzigzag(f.u);
    else if (f.id == K_FEE) e->fee = ssvc__unzigzag(f.u);
    else if (f.id == K_CURRENCY) e->currency = take_str(fl, &f);
    else if (f.id == K_TEXT) e->text = take_str(fl, &f);
    else if (f.id == K_ACTOR) e->actor = take_str(fl, &f);
    else if (f.id == K_AT) e->at = ssvc__unzigzag(f.u);
    else if (f.id == K_ANSWER) e->answer = (int)f.u;
    else if (f.id == K_BY) e->by = take_str(fl, &f);
    else if (f.id == K_ANSWER_ACTOR) e->answer_actor = take_str(fl, &f);
    else if (f.id == K_ANSWERED_AT) e->answered_at = ssvc__unzigzag(f.u);
  }
  return r;
}

static int fill_guide(struct filler *fl, const ssvc_field *top, cguide *g) {
  ssvc_rd rd = {top->bytes, top->bytes + top->len};
  ssvc_field f;
  int r;
  memset(g, 0, sizeof *g);
  g->actor = g->topic = g->transcript = g->diagnose = "";
  while ((r = ssvc__rd_next(&rd, &f)) == 1) {
    if (f.id == U_AT) g->at = ssvc__unzigzag(f.u);
    else if (f.id == U_ACTOR) g->actor = take_str(fl, &f);
    else if (f.id == U_TOPIC) g->topic = take_str(fl, &f);
    else if (f.id == U_FEATURE) g->feature = (unsigned int)f.u;
    else if (f.id == U_RESULT) g->result = (int)f.u;
    else if (f.id == U_TRANSCRIPT) g->transcript = take_str(fl, &f);
    else if (f.id == U_DIAGNOSE) g->diagnose = take_str(fl, &f);
  }
  return r;
}

int ssvc__case_corrupt(ssvc_ctx *ctx, const char *func, uint32_t year, uint32_t seq) {
  char id[SSVC_CASE_ID_SIZE];
  ssvc__case_format_id(id, year, seq);
  return ssvc__err(ctx, SSVC_ESTORAGE, "%s: %s: the stored record is malformed", func, id);
}

/* Decodes a case record into one allocation that holds the struct, its arrays, a copy of the
 * record (sub-records and unknown fields point into it) and its strings. */
int ssvc__case_decode_case(ssvc_ctx *ctx, const char *func, uint32_t year, uint32_t seq,
                           const void *val, size_t vlen, uint64_t version, ssvc_case **out) {
  ssvc_rd rd;
  ssvc_field f;
  struct sizer sz = {0, 0, 0, 0, 0, 0};
  int r;
  if (ssvc__rec_open(&rd, val, vlen, SSVC_REC_CASE))
    return ssvc__case_corrupt(ctx, func, year, seq);
  while ((r = ssvc__rd_next(&rd, &f)) == 1) {
    if (is_str_field(f.id)) {
      if (f.wire != SSVC_WIRE_BYTES) return ssvc__case_corrupt(ctx, func, year, seq);
      sz.strings += f.len + 1;
    } else if (f.id == F_EVENT || f.id == F_SHIPMENT || f.id == F_CHARGE) {
      if (f.wire != SSVC_WIRE_BYTES) return ssvc__case_corrupt(ctx, func, year, seq);
      int (*t)(uint32_t) = f.id == F_EVENT ? ev_str : f.id == F_SHIPMENT ? sh_str : ch_str;
      if (size_sub(f.bytes, f.len, t, &sz.strings) < 0)
        return ssvc__case_corrupt(ctx, func, year, seq);
      if (f.id == F_EVENT) sz.nev++;
      else if (f.id == F_SHIPMENT) sz.nsh++;
      else sz.nch++;
    } else if (f.id == F_ESTIMATE) {
      if (f.wire != SSVC_WIRE_BYTES || size_sub(f.bytes, f.len, est_str, &sz.strings) < 0)
        return ssvc__case_corrupt(ctx, func, year, seq);
    } else if (f.id == F_GUIDANCE) {
      if (f.wire != SSVC_WIRE_BYTES || size_sub(f.bytes, f.len, gu_str, &sz.strings) < 0)
        return ssvc__case_corrupt(ctx, func, year, seq);
      sz.ngu++;
    } else if (f.id > F_PROMISED && f.id != F_COVERAGE) {
      sz.unknown += f.raw_len;
    }
  }
  if (r < 0) return ssvc__case_corrupt(ctx, func, year, seq);
  size_t total = sizeof(ssvc_case) + sz.nev * sizeof(cevent) + sz.nsh * sizeof(cship) +
                 sz.nch * sizeof(ccharge) + sz.ngu * sizeof(cguide) + vlen + sz.strings +
                 sz.unknown;
  ssvc_case *c = ssvc__malloc(ctx, total);
  if (!c) return SSVC_ENOMEM;
  memset(c, 0, sizeof *c);
  c->ctx = ctx;
  c->ev = (cevent *)(c + 1);
  c->sh = (cship *)(c->ev + sz.nev);
  c->ch = (ccharge *)(c->sh + sz.nsh);
  c->gu = (cguide *)(c->ch + sz.nch);
  uint8_t *copy = (uint8_t *)(c->gu + sz.ngu);
  memcpy(copy, val, vlen);
  struct filler fl = {(char *)copy + vlen};
  c->customer = c->name = c->phone = c->email = c->imei = c->model = c->serial = c->tier =
      c->symptom = c->transcript = "";
  uint8_t *unknown = NULL;
  ssvc__rec_open(&rd, copy, vlen, SSVC_REC_CASE);
  c->year = year;
  c->seq = seq;
  /* Unknown fields are gathered at the end of the copy's string area. */
  unknown = (uint8_t *)fl.strings + sz.strings;
  while (ssvc__rd_next(&rd, &f) == 1) {
    switch (f.id) {
    case F_YEAR: case F_SEQ: break; /* the key is authoritative */
    case F_CUSTOMER: c->customer = take_str(&fl, &f); break;
    case F_NAME: c->name = take_str(&fl, &f); break;
    case F_PHONE: c->phone = take_str(&fl, &f); break;
    case F_EMAIL: c->email = take_str(&fl, &f); break;
    case F_IMEI: c->imei = take_str(&fl, &f); break;
    case F_MODEL: c->model = take_str(&fl, &f); break;
    case F_SERIAL: c->serial = take_str(&fl, &f); break;
    case F_PURCHASE: c->purchase = ssvc__date_from_code(f.u); break;
    case F_WARRANTY: c->warranty = ssvc__date_from_code(f.u); break;
    case F_TIER: c->tier = take_str(&fl, &f); break;
    case F_FEATURES: c->features = (unsigned int)f.u; break;
    case F_SYMPTOM: c->symptom = take_str(&fl, &f); break;
    case F_OUTCOME: c->outcome = (int)f.u; break;
    case F_TRANSCRIPT: c->transcript = take_str(&fl, &f); break;
    case F_STATE: c->state = (int)f.u; break;
    case F_REGISTERED: c->registered = ssvc__unzigzag(f.u); break;
    case F_UPDATED: c->updated = ssvc__unzigzag(f.u); break;
    case F_ERASED: c->erased = f.u != 0; break;
    case F_PROMISED: c->promised = ssvc__date_from_code(f.u); break;
    case F_COVERAGE: c->coverage = f.u > 2 ? 0 : (int)f.u; break;
    case F_EVENT:
      fill_event(&fl, &f, &c->ev[c->nev]);
      c->ev[c->nev].raw = f.bytes;
      c->ev[c->nev++].raw_len = f.len;
      break;
    case F_SHIPMENT:
      fill_ship(&fl, &f, &c->sh[c->nsh]);
      c->sh[c->nsh].raw = f.bytes;
      c->sh[c->nsh++].raw_len = f.len;
      break;
    case F_CHARGE:
      fill_charge(&fl, &f, &c->ch[c->nch]);
      c->ch[c->nch].raw = f.bytes;
      c->ch[c->nch++].raw_len = f.len;
      break;
    case F_GUIDANCE:
      fill_guide(&fl, &f, &c->gu[c->ngu]);
      c->gu[c->ngu].raw = f.bytes;
      c->gu[c->ngu++].raw_len = f.len;
      break;
    case F_ESTIMATE:
      fill_estimate(&fl, &f, &c->est);
      c->est.has = 1;
      c->est.raw = f.bytes;
      c->est.raw_len = f.len;
      break;
    default:
      memcpy(unknown + c->unknown_len, f.raw, f.raw_len);
      c->unknown_len += f.raw_len;
      break;
    }
  }
  if (c->unknown_len) c->unknown = unknown;
  if (c->state < 1 || c->state > SSVC_CASE_STATE_MAX || !*c->customer) {
    ssvc__free(ctx, c);
    return ssvc__case_corrupt(ctx, func, year, seq);
  }
  ssvc__case_format_id(c->id, year, seq);
  c->version = version;
  *out = c;
  return SSVC_OK;
}
