/* case: case records, their state machine, the event log and the right to erasure. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "case_keys.h"
#include "text.h"
#include "smartservice/diagnosis.h"

/* ------------------------------------------------------------------------------------------ */
/* Names                                                                                       */

static const char *const state_names[] = {
    NULL,      "registered", "diagnosing",      "resolved",  "referred", "swap-requested",
    "shipped", "faulty-returned", "in-repair", "repaired", "closed",   "cancelled"};

static const char *const outcome_names[] = {"none", "handling-error", "workshop",
                                            "definite-fault", "out-of-scope"};

const char *ssvc_case_state_name(int state) {
  return state >= 1 && state <= SSVC_CASE_STATE_MAX ? state_names[state] : NULL;
}

int ssvc_case_outcome_from_diag(int kind) {
  /* The stored numbers: the diagnosis kinds 0..3 are the case outcomes 1..4, in the same order. */
  return kind >= SSVC_DIAG_HANDLING_ERROR && kind <= SSVC_DIAG_OUT_OF_SCOPE
             ? kind + SSVC_CASE_OUTCOME_HANDLING_ERROR
             : SSVC_CASE_OUTCOME_NONE;
}

int ssvc_diag_kind_from_outcome(int outcome) {
  return outcome >= SSVC_CASE_OUTCOME_HANDLING_ERROR && outcome <= SSVC_CASE_OUTCOME_MAX
             ? outcome - SSVC_CASE_OUTCOME_HANDLING_ERROR
             : -1;
}

const char *ssvc_case_outcome_name(int outcome) {
  return outcome >= 0 && outcome <= SSVC_CASE_OUTCOME_MAX ? outcome_names[outcome] : NULL;
}

int ssvc_case_state_from_name(ssvc_ctx *ctx, int *out, const char *name) {
  return ssvc__name_lookup(ctx, "ssvc_case_state_from_name", out, name, state_names, 1,
                           SSVC_CASE_STATE_MAX, "case state");
}

int ssvc_case_outcome_from_name(ssvc_ctx *ctx, int *out, const char *name) {
  return ssvc__name_lookup(ctx, "ssvc_case_outcome_from_name", out, name, outcome_names, 0,
                           SSVC_CASE_OUTCOME_MAX, "outcome");
}

/* Whether state @p from may go to @p to. */
static int allowed(int from, int to) {
  switch (from) {
  case SSVC_CASE_REGISTERED:
    return to == SSVC_CASE_DIAGNOSING || to == SSVC_CASE_REFERRED || to == SSVC_CASE_CANCELLED;
  case SSVC_CASE_DIAGNOSING:
    return to == SSVC_CASE_RESOLVED || to == SSVC_CASE_REFERRED ||
           to == SSVC_CASE_SWAP_REQUESTED || to == SSVC_CASE_CANCELLED;
  case SSVC_CASE_RESOLVED:
    return to == SSVC_CASE_CLOSED;
  case SSVC_CASE_REFERRED:
    return to == SSVC_CASE_SWAP_REQUESTED || to == SSVC_CASE_FAULTY_RETURNED ||
           to == SSVC_CASE_IN_REPAIR || to == SSVC_CASE_CLOSED || to == SSVC_CASE_CANCELLED;
  case SSVC_CASE_SWAP_REQUESTED:
    return to == SSVC_CASE_SHIPPED || to == SSVC_CASE_CANCELLED;
  case SSVC_CASE_SHIPPED:
    return to == SSVC_CASE_FAULTY_RETURNED;
  case SSVC_CASE_FAULTY_RETURNED:
    return to == SSVC_CASE_IN_REPAIR || to == SSVC_CASE_CLOSED;
  case SSVC_CASE_IN_REPAIR:
    return to == SSVC_CASE_REPAIRED;
  case SSVC_CASE_REPAIRED:
    return to == SSVC_CASE_CLOSED;
  default:
    return 0;
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Keys and ids                                                                                */

static void be16(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)(v >> 8);
  p[1] = (uint8_t)v;
}
static void be32(uint8_t *p, uint32_t v) {
  for (int i = 3; i >= 0; i--, v >>= 8) p[i] = (uint8_t)v;
}
static uint32_t rd16(const uint8_t *p) { return (uint32_t)p[0] << 8 | p[1]; }
static uint32_t rd32(const uint8_t *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

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
static size_t key_customer_prefix(uint8_t *k, const char *customer) {
  size_t n = strlen(customer);
  k[0] = SSVC_KEY_CASE_CUSTOMER;
  memcpy(k + 1, customer, n);
  k[1 + n] = 0;
  return n + 2;
}

static void be64_biased(uint8_t *p, int64_t at) {
  uint64_t v = (uint64_t)at ^ (UINT64_C(1) << 63); /* signed order as unsigned bytes */
  for (int i = 7; i >= 0; i--, v >>= 8) p[i] = (uint8_t)v;
}

size_t ssvc__key_customer(uint8_t *k, const char *customer, int64_t at, uint32_t year,
                          uint32_t seq) {
  size_t n = key_customer_prefix(k, customer);
  be64_biased(k + n, at);
  be16(k + n + 8, year);
  be32(k + n + 10, seq);
  return n + 14;
}

/* "SC-YYYY-NNNNNN" (at least six digits), without printf: it runs for every case listed. */
static void format_id(char *out, uint32_t year, uint32_t seq) {
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

static int parse_id(ssvc_ctx *ctx, const char *func, const char *id, uint32_t *year,
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
      format_id(canon, (uint32_t)y, (uint32_t)s);
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

typedef struct cevent {
  int64_t at;
  const char *actor, *note;
  int kind, from, to;
  const uint8_t *raw; /* the encoded sub-record as loaded (kept verbatim on rewrite), or NULL */
  size_t raw_len;
} cevent;

typedef struct cship {
  ssvc_shipment s;
  const uint8_t *raw;
  size_t raw_len;
} cship;

typedef struct ccharge {
  ssvc_case_charge c;
  const uint8_t *raw;
  size_t raw_len;
} ccharge;

struct ssvc_case {
  ssvc_ctx *ctx;
  char id[SSVC_CASE_ID_SIZE];
  uint32_t year, seq;
  const char *customer, *name, *phone, *email, *imei, *model, *serial, *tier, *symptom,
      *transcript;
  ssvc_date purchase, warranty;
  unsigned int features;
  int outcome, state, erased;
  int64_t registered, updated;
  cevent *ev;
  size_t nev;
  cship *sh;
  size_t nsh;
  ccharge *ch;
  size_t nch;
  const uint8_t *unknown; /* unknown top-level fields, verbatim, kept on rewrite */
  size_t unknown_len;
  uint64_t version; /* the stored version, for compare-and-set */
};

enum {
  F_YEAR = 1, F_SEQ, F_CUSTOMER, F_NAME, F_PHONE, F_EMAIL, F_IMEI, F_MODEL, F_SERIAL, F_PURCHASE,
  F_WARRANTY, F_TIER, F_FEATURES, F_SYMPTOM, F_OUTCOME, F_TRANSCRIPT, F_STATE, F_REGISTERED,
  F_UPDATED, F_ERASED, F_EVENT, F_SHIPMENT, F_CHARGE
};
enum { E_AT = 1, E_ACTOR, E_KIND, E_FROM, E_TO, E_NOTE };
enum { S_KIND = 1, S_AT, S_CARRIER, S_TRACKING, S_FREIGHT };
enum { G_KIND = 1, G_AMOUNT, G_CURRENCY, G_TEXT };

static uint64_t date_code(ssvc_date d) {
  return d.year ? (uint64_t)d.year * 10000 + (uint64_t)d.month * 100 + (uint64_t)d.day : 0;
}
static ssvc_date date_from(uint64_t v) {
  ssvc_date d = {0, 0, 0};
  if (v && v <= 99991231) {
    d.year = (int)(v / 10000);
    d.month = (int)(v / 100 % 100);
    d.day = (int)(v % 100);
  }
  return d;
}

static void encode_event(ssvc_buf *b, const cevent *e) {
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

static void encode_ship(ssvc_buf *b, const cship *s) {
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

static void encode_charge(ssvc_buf *b, const ccharge *c) {
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

/* Encodes @p c plus the optional new event, shipment and charge. */
static void encode_case(ssvc_buf *b, const ssvc_case *c, const cevent *new_ev,
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
  if (c->purchase.year) ssvc__rec_uint(b, F_PURCHASE, date_code(c->purchase));
  if (c->warranty.year) ssvc__rec_uint(b, F_WARRANTY, date_code(c->warranty));
  ssvc__rec_str(b, F_TIER, c->tier);
  ssvc__rec_uint(b, F_FEATURES, c->features);
  ssvc__rec_str(b, F_SYMPTOM, c->symptom);
  if (c->outcome) ssvc__rec_uint(b, F_OUTCOME, (uint64_t)c->outcome);
  ssvc__rec_str(b, F_TRANSCRIPT, c->transcript);
  ssvc__rec_uint(b, F_STATE, (uint64_t)c->state);
  ssvc__rec_sint(b, F_REGISTERED, c->registered);
  ssvc__rec_sint(b, F_UPDATED, c->updated);
  if (c->erased) ssvc__rec_uint(b, F_ERASED, 1);
  for (size_t i = 0; i < c->nev; i++) encode_event(b, &c->ev[i]);
  if (new_ev) encode_event(b, new_ev);
  for (size_t i = 0; i < c->nsh; i++) encode_ship(b, &c->sh[i]);
  if (new_sh) encode_ship(b, new_sh);
  for (size_t i = 0; i < c->nch; i++) encode_charge(b, &c->ch[i]);
  if (new_ch) encode_charge(b, new_ch);
  ssvc__buf_append(b, c->unknown, c->unknown_len);
}

void ssvc__counter_encode(ssvc_buf *rec, uint32_t last) {
  ssvc__rec_header(rec, SSVC_REC_COUNTER, SSVC_CASE_FORMAT);
  ssvc__rec_uint(rec, 1, last);
}

void ssvc__case_encode_new(ssvc_buf *rec, const ssvc_case_spec *spec, uint32_t year,
                           uint32_t seq, int64_t now) {
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
  cevent ev = {now, spec->actor, NULL, SSVC_CASE_EVENT_CREATED, 0, SSVC_CASE_REGISTERED, NULL, 0};
  encode_case(rec, &c, &ev, NULL, NULL);
}

/* Decoding: pass 1 sizes the single allocation, pass 2 fills it. */
struct sizer {
  size_t strings, nev, nsh, nch, unknown;
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

static int corrupt(ssvc_ctx *ctx, const char *func, uint32_t year, uint32_t seq) {
  char id[SSVC_CASE_ID_SIZE];
  format_id(id, year, seq);
  return ssvc__err(ctx, SSVC_ESTORAGE, "%s: %s: the stored record is malformed", func, id);
}

/* Decodes a case record into one allocation that holds the struct, its arrays, a copy of the
 * record (sub-records and unknown fields point into it) and its strings. */
static int decode_case(ssvc_ctx *ctx, const char *func, uint32_t year, uint32_t seq,
                       const void *val, size_t vlen, uint64_t version, ssvc_case **out) {
  ssvc_rd rd;
  ssvc_field f;
  struct sizer sz = {0, 0, 0, 0, 0};
  int r;
  if (ssvc__rec_open(&rd, val, vlen, SSVC_REC_CASE)) return corrupt(ctx, func, year, seq);
  while ((r = ssvc__rd_next(&rd, &f)) == 1) {
    if (is_str_field(f.id)) {
      if (f.wire != SSVC_WIRE_BYTES) return corrupt(ctx, func, year, seq);
      sz.strings += f.len + 1;
    } else if (f.id == F_EVENT || f.id == F_SHIPMENT || f.id == F_CHARGE) {
      if (f.wire != SSVC_WIRE_BYTES) return corrupt(ctx, func, year, seq);
      int (*t)(uint32_t) = f.id == F_EVENT ? ev_str : f.id == F_SHIPMENT ? sh_str : ch_str;
      if (size_sub(f.bytes, f.len, t, &sz.strings) < 0) return corrupt(ctx, func, year, seq);
      if (f.id == F_EVENT) sz.nev++;
      else if (f.id == F_SHIPMENT) sz.nsh++;
      else sz.nch++;
    } else if (f.id > F_CHARGE) {
      sz.unknown += f.raw_len;
    }
  }
  if (r < 0) return corrupt(ctx, func, year, seq);
  size_t total = sizeof(ssvc_case) + sz.nev * sizeof(cevent) + sz.nsh * sizeof(cship) +
                 sz.nch * sizeof(ccharge) + vlen + sz.strings + sz.unknown;
  ssvc_case *c = ssvc__malloc(ctx, total);
  if (!c) return SSVC_ENOMEM;
  memset(c, 0, sizeof *c);
  c->ctx = ctx;
  c->ev = (cevent *)(c + 1);
  c->sh = (cship *)(c->ev + sz.nev);
  c->ch = (ccharge *)(c->sh + sz.nsh);
  uint8_t *copy = (uint8_t *)(c->ch + sz.nch);
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
    case F_PURCHASE: c->purchase = date_from(f.u); break;
    case F_WARRANTY: c->warranty = date_from(f.u); break;
    case F_TIER: c->tier = take_str(&fl, &f); break;
    case F_FEATURES: c->features = (unsigned int)f.u; break;
    case F_SYMPTOM: c->symptom = take_str(&fl, &f); break;
    case F_OUTCOME: c->outcome = (int)f.u; break;
    case F_TRANSCRIPT: c->transcript = take_str(&fl, &f); break;
    case F_STATE: c->state = (int)f.u; break;
    case F_REGISTERED: c->registered = ssvc__unzigzag(f.u); break;
    case F_UPDATED: c->updated = ssvc__unzigzag(f.u); break;
    case F_ERASED: c->erased = f.u != 0; break;
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
    default:
      memcpy(unknown + c->unknown_len, f.raw, f.raw_len);
      c->unknown_len += f.raw_len;
      break;
    }
  }
  if (c->unknown_len) c->unknown = unknown;
  if (c->state < 1 || c->state > SSVC_CASE_STATE_MAX || !*c->customer) {
    ssvc__free(ctx, c);
    return corrupt(ctx, func, year, seq);
  }
  format_id(c->id, year, seq);
  c->version = version;
  *out = c;
  return SSVC_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* Validation                                                                                  */

static int check_date(ssvc_ctx *ctx, const char *func, const char *arg, ssvc_date d) {
  if (d.year == 0 && d.month == 0 && d.day == 0) return SSVC_OK;
  if (!ssvc__date_ok(&d))
    return ssvc__err(ctx, SSVC_EINVAL, "%s: %s: not a valid date (got %04d-%02d-%02d)", func, arg,
                     d.year, d.month, d.day);
  return SSVC_OK;
}

int ssvc__case_spec_check(ssvc_ctx *ctx, const char *func, const ssvc_case_spec *s) {
  int rc;
  if ((rc = ssvc__check_lines(ctx, func, "spec->customer_id", s->customer_id, 1, 64)) ||
      (rc = ssvc__check_lines(ctx, func, "spec->user_name", s->user_name, 1, 256)) ||
      (rc = ssvc__check_lines(ctx, func, "spec->user_phone", s->user_phone, 0, 256)) ||
      (rc = ssvc__check_lines(ctx, func, "spec->user_email", s->user_email, 0, 256)) ||
      (rc = ssvc__check_lines(ctx, func, "spec->imei", s->imei, 1, 256)) ||
      (rc = ssvc__check_lines(ctx, func, "spec->model", s->model, 1, 256)) ||
      (rc = ssvc__check_lines(ctx, func, "spec->serial", s->serial, 0, 256)) ||
      (rc = ssvc__check_lines(ctx, func, "spec->tier_code", s->tier_code, 1, 64)) ||
      (rc = ssvc__check_lines(ctx, func, "spec->symptom", s->symptom, 0, 4096)) ||
      (rc = ssvc__check_lines(ctx, func, "spec->actor", s->actor, 1, 256)) ||
      (rc = check_date(ctx, func, "spec->purchase_date", s->purchase_date)) ||
      (rc = check_date(ctx, func, "spec->warranty_end", s->warranty_end)))
    return rc;
  if ((rc = ssvc__imei_check(ctx, func, "spec->imei", s->imei))) return rc;
  if (s->features & ~SSVC_FEATURE_ALL)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: spec->features: unknown feature bits (got 0x%x)",
                     func, s->features);
  return SSVC_OK;
}

int ssvc_case_spec_init(ssvc_case_spec *spec, unsigned int version) {
  return ssvc__struct_init(spec, sizeof *spec, version, SSVC_CASE_SPEC_VERSION);
}

/* ------------------------------------------------------------------------------------------ */
/* Creation                                                                                    */

/* Reads the counter of @p year: the last number given (0 and version 0 when none yet). */
static int read_counter(ssvc_store *st, const char *func, uint32_t year, uint32_t *last,
                        uint64_t *ver) {
  uint8_t k[SSVC_KEY_COUNTER_LEN];
  const void *v;
  size_t vlen;
  *last = 0;
  *ver = SSVC_STORAGE_NEW;
  int rc = ssvc__store_get(st, func, k, ssvc__key_counter(k, year), &v, &vlen, ver);
  if (rc == SSVC_ENOTFOUND) {
    *ver = SSVC_STORAGE_NEW;
    return SSVC_OK;
  }
  if (rc) return rc;
  ssvc_rd rd;
  ssvc_field f;
  if (ssvc__rec_open(&rd, v, vlen, SSVC_REC_COUNTER))
    return ssvc__err(st->ctx, SSVC_ESTORAGE, "%s: the id counter of %u is malformed", func,
                     (unsigned)year);
  int r;
  while ((r = ssvc__rd_next(&rd, &f)) == 1)
    if (f.id == 1) *last = f.u > UINT32_MAX ? UINT32_MAX : (uint32_t)f.u;
  if (r < 0)
    return ssvc__err(st->ctx, SSVC_ESTORAGE, "%s: the id counter of %u is malformed", func,
                     (unsigned)year);
  return SSVC_OK;
}

static int conflict(ssvc_ctx *ctx, const char *func, const char *what) {
  return ssvc__err(ctx, SSVC_ECONFLICT, "%s: %s changed concurrently; try again", func, what);
}

static int index_exists(ssvc_ctx *ctx, const char *func, uint32_t year, uint32_t seq) {
  char id[SSVC_CASE_ID_SIZE];
  format_id(id, year, seq);
  return ssvc__err(ctx, SSVC_ESTORAGE, "%s: %s: an index entry exists without its case", func, id);
}

static int create_once(ssvc_store *st, const ssvc_case_spec *spec, int64_t now, uint32_t year,
                       char *id_out) {
  static const char func[] = "ssvc_case_create";
  ssvc_ctx *ctx = st->ctx;
  ssvc_txn t;
  int rc = ssvc__txn_begin(st, func, &t);
  if (rc) return rc;
  uint32_t last;
  uint64_t cver;
  ssvc_buf *rec = ssvc__store_scratch(st, 0), *cnt = ssvc__store_scratch(st, 1);
  if ((rc = read_counter(st, func, year, &last, &cver))) goto out;
  if (last == UINT32_MAX) {
    rc = ssvc__err(ctx, SSVC_ERANGE, "%s: no case numbers left in %u", func, (unsigned)year);
    goto out;
  }
  uint32_t seq = last + 1;
  ssvc__counter_encode(cnt, seq);
  ssvc__case_encode_new(rec, spec, year, seq, now);
  if (rec->failed || cnt->failed) {
    rc = SSVC_ENOMEM;
    goto out;
  }
  uint8_t k[SSVC_KEY_CUSTOMER_MAX];
  rc = ssvc__store_put(st, func, k, ssvc__key_counter(k, year), cnt->p, cnt->len, cver, NULL);
  if (rc == SSVC_ECONFLICT) rc = conflict(ctx, func, "the case-id counter");
  if (rc) goto out;
  rc = ssvc__store_put(st, func, k, ssvc__key_case(k, year, seq), rec->p, rec->len,
                       SSVC_STORAGE_NEW, NULL);
  if (rc == SSVC_ECONFLICT) rc = conflict(ctx, func, "the case-id counter");
  if (rc) goto out;
  /* The index entries of a new number cannot exist yet: SSVC_STORAGE_NEW (a plain insert). */
  rc = ssvc__store_put(st, func, k, ssvc__key_state(k, SSVC_CASE_REGISTERED, year, seq), "", 0,
                       SSVC_STORAGE_NEW, NULL);
  if (rc == SSVC_ECONFLICT) rc = index_exists(ctx, func, year, seq);
  if (rc) goto out;
  rc = ssvc__store_put(st, func, k, ssvc__key_customer(k, spec->customer_id, now, year, seq), "",
                       0, SSVC_STORAGE_NEW, NULL);
  if (rc == SSVC_ECONFLICT) rc = index_exists(ctx, func, year, seq);
  if (rc) goto out;
  format_id(id_out, year, seq);
out:
  return ssvc__txn_end(st, func, &t, rc);
}

struct create_args {
  const ssvc_case_spec *spec;
  int64_t now;
  uint32_t year;
  char *id;
};

static int create_attempt(ssvc_store *st, void *arg) {
  struct create_args *a = arg;
  return create_once(st, a->spec, a->now, a->year, a->id);
}

int ssvc_case_create(ssvc_store *store, char *id_out, const ssvc_case_spec *spec) {
  static const char func[] = "ssvc_case_create";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  if (!id_out) return ssvc__err(ctx, SSVC_EINVAL, "%s: id_out must not be NULL", func);
  if (!spec) return ssvc__err(ctx, SSVC_EINVAL, "%s: spec must not be NULL", func);
  int rc = ssvc__check_version(ctx, "ssvc_case_create: spec", spec->version,
                               SSVC_CASE_SPEC_VERSION);
  if (rc || (rc = ssvc__case_spec_check(ctx, func, spec))) return rc;
  int64_t now = ssvc_ctx_now(ctx);
  int year = ssvc__year_of(now);
  if (year < 1 || year > 9999)
    return ssvc__err(ctx, SSVC_ERANGE, "%s: the clock's year is outside 1..9999 (now %" PRId64
                     ")", func, now);
  char id[SSVC_CASE_ID_SIZE];
  struct create_args a = {spec, now, (uint32_t)year, id};
  rc = ssvc__txn_retry(store, create_attempt, &a);
  if (rc == SSVC_OK) {
    memcpy(id_out, id, strlen(id) + 1);
    ssvc__log(ctx, SSVC_LOG_INFO, "case %s registered (customer %s)", id, spec->customer_id);
  }
  return rc;
}

/* ------------------------------------------------------------------------------------------ */
/* Loading and reading                                                                         */

static int load(ssvc_store *st, const char *func, const char *id, ssvc_case **out) {
  uint32_t year = 0, seq = 0;
  int rc = parse_id(st->ctx, func, id, &year, &seq);
  if (rc) return rc;
  uint8_t k[SSVC_KEY_CASE_LEN];
  const void *v;
  size_t vlen;
  uint64_t ver;
  rc = ssvc__store_get(st, func, k, ssvc__key_case(k, year, seq), &v, &vlen, &ver);
  if (rc == SSVC_ENOTFOUND) return ssvc__err(st->ctx, rc, "%s: no case '%s'", func, id);
  if (rc) return rc;
  return decode_case(st->ctx, func, year, seq, v, vlen, ver, out);
}

int ssvc_case_load(ssvc_store *store, ssvc_case **out, const char *id) {
  if (out) *out = NULL;
  if (!store) return SSVC_EINVAL;
  if (!out) return ssvc__err(store->ctx, SSVC_EINVAL, "ssvc_case_load: out must not be NULL");
  return load(store, "ssvc_case_load", id, out);
}

void ssvc_case_free(ssvc_case *c) {
  if (c) ssvc__free(c->ctx, c);
}

int ssvc_case_info_get(const ssvc_case *c, ssvc_case_info *info) {
  if (!c) return SSVC_EINVAL;
  if (!info) return ssvc__err(c->ctx, SSVC_EINVAL, "ssvc_case_info_get: info must not be NULL");
  int rc = ssvc__check_version(c->ctx, "ssvc_case_info_get: info", info->version,
                               SSVC_CASE_INFO_VERSION);
  if (rc) return rc;
  info->id = c->id;
  info->customer_id = c->customer;
  info->user_name = c->name;
  info->user_phone = c->phone;
  info->user_email = c->email;
  info->imei = c->imei;
  info->model = c->model;
  info->serial = c->serial;
  info->purchase_date = c->purchase;
  info->warranty_end = c->warranty;
  info->tier_code = c->tier;
  info->features = c->features;
  info->symptom = c->symptom;
  info->outcome = c->outcome;
  info->transcript = c->transcript;
  info->state = c->state;
  info->registered_at = c->registered;
  info->updated_at = c->updated;
  info->erased = c->erased;
  info->event_count = c->nev;
  info->shipment_count = c->nsh;
  info->charge_count = c->nch;
  return SSVC_OK;
}

/* The checks every *_at getter starts with. */
static int at_check(const ssvc_case *c, const char *func, const void *out, unsigned int version,
                    unsigned int newest, size_t index, size_t count) {
  if (!c) return SSVC_EINVAL;
  if (!out) return ssvc__err(c->ctx, SSVC_EINVAL, "%s: out must not be NULL", func);
  int rc = ssvc__check_version(c->ctx, func, version, newest);
  if (rc) return rc;
  if (index >= count)
    return ssvc__err(c->ctx, SSVC_ERANGE, "%s: index %zu is past the last (%zu)", func, index,
                     count);
  return SSVC_OK;
}

int ssvc_case_event_at(const ssvc_case *c, size_t index, ssvc_case_event *out) {
  int rc = at_check(c, "ssvc_case_event_at", out, out ? out->version : 0,
                    SSVC_CASE_EVENT_VERSION, index, c ? c->nev : 0);
  if (rc) return rc;
  const cevent *e = &c->ev[index];
  out->at = e->at;
  out->actor = e->actor;
  out->kind = e->kind;
  out->from_state = e->from;
  out->to_state = e->to;
  out->note = e->note;
  return SSVC_OK;
}

int ssvc_case_shipment_at(const ssvc_case *c, size_t index, ssvc_shipment *out) {
  int rc = at_check(c, "ssvc_case_shipment_at", out, out ? out->version : 0,
                    SSVC_SHIPMENT_VERSION, index, c ? c->nsh : 0);
  if (rc) return rc;
  const ssvc_shipment *s = &c->sh[index].s;
  out->kind = s->kind;
  out->at = s->at;
  out->carrier = s->carrier;
  out->tracking = s->tracking;
  out->freight_minor = s->freight_minor;
  return SSVC_OK;
}

int ssvc_case_charge_at(const ssvc_case *c, size_t index, ssvc_case_charge *out) {
  int rc = at_check(c, "ssvc_case_charge_at", out, out ? out->version : 0,
                    SSVC_CASE_CHARGE_VERSION, index, c ? c->nch : 0);
  if (rc) return rc;
  const ssvc_case_charge *g = &c->ch[index].c;
  out->kind = g->kind;
  out->amount_minor = g->amount_minor;
  out->currency = g->currency;
  out->text = g->text;
  return SSVC_OK;
}

int ssvc_shipment_init(ssvc_shipment *shipment, unsigned int version) {
  return ssvc__struct_init(shipment, sizeof *shipment, version, SSVC_SHIPMENT_VERSION);
}

int ssvc_case_charge_init(ssvc_case_charge *charge, unsigned int version) {
  return ssvc__struct_init(charge, sizeof *charge, version, SSVC_CASE_CHARGE_VERSION);
}

/* ------------------------------------------------------------------------------------------ */
/* Changes                                                                                     */

/* A change: validates against the loaded case, edits it and fills the event to log. */
struct change {
  int (*apply)(ssvc_ctx *ctx, const char *func, ssvc_case *c, struct change *ch);
  int to;
  int outcome;
  const char *text;
  const ssvc_shipment *ship;
  const ssvc_case_charge *charge;
  cevent ev;
  cship new_sh;
  ccharge new_ch;
  int has_sh, has_ch;
};

/* Rewrites one loaded case after @p ch->apply, keeping its state index right. */
static int rewrite(ssvc_store *st, const char *func, ssvc_case *c, struct change *ch,
                   int64_t now, const char *actor) {
  int old_state = c->state;
  int rc = ch->apply(st->ctx, func, c, ch);
  if (rc) return rc;
  c->updated = now;
  ch->ev.at = now;
  ch->ev.actor = actor;
  ssvc_buf *b = ssvc__store_scratch(st, 0);
  encode_case(b, c, &ch->ev, ch->has_sh ? &ch->new_sh : NULL, ch->has_ch ? &ch->new_ch : NULL);
  if (b->failed) return SSVC_ENOMEM;
  uint8_t k[SSVC_KEY_STATE_LEN];
  rc = ssvc__store_put(st, func, k, ssvc__key_case(k, c->year, c->seq), b->p, b->len,
                       c->version, NULL);
  if (rc == SSVC_ECONFLICT) return conflict(st->ctx, func, c->id);
  if (rc) return rc;
  if (c->state != old_state) {
    rc = ssvc__store_del(st, func, k, ssvc__key_state(k, old_state, c->year, c->seq),
                         SSVC_STORAGE_ANY);
    if (rc == SSVC_ENOTFOUND)
      rc = ssvc__err(st->ctx, SSVC_ESTORAGE, "%s: %s: its state index entry is missing", func,
                     c->id);
    if (rc) return rc;
    rc = ssvc__store_put(st, func, k, ssvc__key_state(k, c->state, c->year, c->seq), "", 0,
                         SSVC_STORAGE_NEW, NULL);
    if (rc == SSVC_ECONFLICT) rc = index_exists(st->ctx, func, c->year, c->seq);
  }
  return rc;
}

struct modify_args {
  const char *func, *id, *actor;
  struct change *ch;
  int64_t now;
};

static int modify_body(ssvc_store *st, void *arg) {
  struct modify_args *a = arg;
  ssvc_case *c = NULL;
  int rc = load(st, a->func, a->id, &c);
  if (!rc) rc = rewrite(st, a->func, c, a->ch, a->now, a->actor);
  ssvc_case_free(c);
  return rc;
}

static int modify(ssvc_store *st, const char *func, const char *id, const char *actor,
                  struct change *ch) {
  ssvc_ctx *ctx = st->ctx;
  int rc = ssvc__check_lines(ctx, func, "actor", actor, 1, 256);
  if (rc) return rc;
  struct modify_args a = {func, id, actor, ch, ssvc_ctx_now(ctx)};
  rc = ssvc__txn_run(st, func, modify_body, &a);
  if (rc == SSVC_OK && ch->ev.kind == SSVC_CASE_EVENT_STATE)
    ssvc__log(ctx, SSVC_LOG_INFO, "case %s: %s -> %s", id, ssvc_case_state_name(ch->ev.from),
              ssvc_case_state_name(ch->ev.to));
  return rc;
}

static int apply_transition(ssvc_ctx *ctx, const char *func, ssvc_case *c, struct change *ch) {
  if (!allowed(c->state, ch->to))
    return ssvc__err(ctx, SSVC_ESTATE, "%s: %s: cannot go from %s to %s", func, c->id,
                     ssvc_case_state_name(c->state), ssvc_case_state_name(ch->to));
  if (ch->to == SSVC_CASE_SWAP_REQUESTED && !(c->features & SSVC_FEATURE_SWAP_ACTIVATION))
    return ssvc__err(ctx, SSVC_ENOTENTITLED,
                     "%s: %s: tier %s does not include SWAP activation (swap-requested)", func,
                     c->id, c->tier);
  ch->ev.kind = SSVC_CASE_EVENT_STATE;
  ch->ev.from = c->state;
  ch->ev.to = ch->to;
  ch->ev.note = ch->text;
  c->state = ch->to;
  return SSVC_OK;
}

int ssvc_case_transition(ssvc_store *store, const char *id, int to, const char *actor,
                         const char *note) {
  static const char func[] = "ssvc_case_transition";
  if (!store) return SSVC_EINVAL;
  if (!ssvc_case_state_name(to))
    return ssvc__err(store->ctx, SSVC_EINVAL, "%s: to: not a case state (got %d)", func, to);
  int rc = ssvc__check_lines(store->ctx, func, "note", note, 0, 4096);
  if (rc) return rc;
  struct change ch;
  memset(&ch, 0, sizeof ch);
  ch.apply = apply_transition;
  ch.to = to;
  ch.text = note;
  return modify(store, func, id, actor, &ch);
}

static int require_open(ssvc_ctx *ctx, const char *func, const ssvc_case *c) {
  if (c->state >= SSVC_CASE_CLOSED)
    return ssvc__err(ctx, SSVC_ESTATE, "%s: %s: the case is %s", func, c->id,
                     ssvc_case_state_name(c->state));
  return SSVC_OK;
}

static int apply_diagnosis(ssvc_ctx *ctx, const char *func, ssvc_case *c, struct change *ch) {
  int rc = require_open(ctx, func, c);
  if (rc) return rc;
  c->outcome = ch->outcome;
  c->transcript = ch->text;
  ch->ev.kind = SSVC_CASE_EVENT_DIAGNOSIS;
  ch->ev.note = ssvc_case_outcome_name(ch->outcome);
  return SSVC_OK;
}

int ssvc_case_set_diagnosis(ssvc_store *store, const char *id, int outcome,
                            const char *transcript, const char *actor) {
  static const char func[] = "ssvc_case_set_diagnosis";
  if (!store) return SSVC_EINVAL;
  if (!ssvc_case_outcome_name(outcome))
    return ssvc__err(store->ctx, SSVC_EINVAL, "%s: outcome: not an outcome (got %d)", func,
                     outcome);
  int rc = ssvc__check_lines(store->ctx, func, "transcript", transcript, 0, 65536);
  if (rc) return rc;
  struct change ch;
  memset(&ch, 0, sizeof ch);
  ch.apply = apply_diagnosis;
  ch.outcome = outcome;
  ch.text = transcript;
  return modify(store, func, id, actor, &ch);
}

static int apply_note(ssvc_ctx *ctx, const char *func, ssvc_case *c, struct change *ch) {
  (void)ctx;
  (void)func;
  (void)c;
  ch->ev.kind = SSVC_CASE_EVENT_NOTE;
  ch->ev.note = ch->text;
  return SSVC_OK;
}

int ssvc_case_add_note(ssvc_store *store, const char *id, const char *actor, const char *note) {
  static const char func[] = "ssvc_case_add_note";
  if (!store) return SSVC_EINVAL;
  int rc = ssvc__check_lines(store->ctx, func, "note", note, 1, 4096);
  if (rc) return rc;
  struct change ch;
  memset(&ch, 0, sizeof ch);
  ch.apply = apply_note;
  ch.text = note;
  return modify(store, func, id, actor, &ch);
}

static int apply_shipment(ssvc_ctx *ctx, const char *func, ssvc_case *c, struct change *ch) {
  int rc = require_open(ctx, func, c);
  if (rc) return rc;
  ch->new_sh.s = *ch->ship;
  ch->has_sh = 1;
  ch->ev.kind = SSVC_CASE_EVENT_SHIPMENT;
  ch->ev.note = ch->ship->tracking;
  return SSVC_OK;
}

int ssvc_case_add_shipment(ssvc_store *store, const char *id, const char *actor,
                           const ssvc_shipment *shipment) {
  static const char func[] = "ssvc_case_add_shipment";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  if (!shipment) return ssvc__err(ctx, SSVC_EINVAL, "%s: shipment must not be NULL", func);
  int vrc = ssvc__check_version(ctx, "ssvc_case_add_shipment: shipment", shipment->version,
                                SSVC_SHIPMENT_VERSION);
  if (vrc) return vrc;
  if (shipment->kind < SSVC_SHIPMENT_REPLACEMENT || shipment->kind > SSVC_SHIPMENT_RETURN)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: shipment->kind: not a shipment kind (got %d)", func,
                     shipment->kind);
  if (shipment->freight_minor < 0)
    return ssvc__err(ctx, SSVC_EINVAL,
                     "%s: shipment->freight_minor: must not be negative (got %" PRId64 ")", func,
                     shipment->freight_minor);
  int rc;
  if ((rc = ssvc__check_lines(ctx, func, "shipment->carrier", shipment->carrier, 0, 256)) ||
      (rc = ssvc__check_lines(ctx, func, "shipment->tracking", shipment->tracking, 0, 256)))
    return rc;
  ssvc_shipment s = *shipment;
  if (s.at == 0) s.at = ssvc_ctx_now(ctx);
  struct change ch;
  memset(&ch, 0, sizeof ch);
  ch.apply = apply_shipment;
  ch.ship = &s;
  return modify(store, func, id, actor, &ch);
}

static int apply_charge(ssvc_ctx *ctx, const char *func, ssvc_case *c, struct change *ch) {
  (void)ctx;
  (void)func;
  (void)c;
  ch->new_ch.c = *ch->charge;
  ch->has_ch = 1;
  ch->ev.kind = SSVC_CASE_EVENT_CHARGE;
  ch->ev.note = ch->charge->text;
  return SSVC_OK;
}

int ssvc_case_add_charge(ssvc_store *store, const char *id, const char *actor,
                         const ssvc_case_charge *charge) {
  static const char func[] = "ssvc_case_add_charge";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  if (!charge) return ssvc__err(ctx, SSVC_EINVAL, "%s: charge must not be NULL", func);
  int vrc = ssvc__check_version(ctx, "ssvc_case_add_charge: charge", charge->version,
                                SSVC_CASE_CHARGE_VERSION);
  if (vrc) return vrc;
  if (charge->kind < 1)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: charge->kind: must be 1 or more (got %d)", func,
                     charge->kind);
  int rc;
  if ((rc = ssvc__check_lines(ctx, func, "charge->text", charge->text, 0, 1024))) return rc;
  const char *cur = charge->currency;
  if (cur && *cur &&
      (strlen(cur) != 3 || strspn(cur, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 3))
    return ssvc__err(ctx, SSVC_EINVAL,
                     "%s: charge->currency: must be three upper-case letters (got '%.16s')",
                     func, cur);
  ssvc_case_charge c = *charge;
  if (!cur || !*cur) c.currency = "SEK";
  struct change ch;
  memset(&ch, 0, sizeof ch);
  ch.apply = apply_charge;
  ch.charge = &c;
  return modify(store, func, id, actor, &ch);
}

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
  format_id(id, rd16(p), rd32(p + 2));
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
  size_t n = key_customer_prefix(lo, customer_id);
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
    return corrupt(s->ctx, "ssvc_case_stats_get", klen >= 3 ? rd16(k + 1) : 0,
                   klen >= 7 ? rd32(k + 3) : 0);
  while ((r = ssvc__rd_next(&rd, &f)) == 1) {
    if (f.id == F_STATE) state = f.u;
    else if (f.id == F_OUTCOME) outcome = f.u;
    else if (f.id == F_ERASED) erased = f.u;
    else if (f.id == F_CUSTOMER && s->customer)
      mine = f.len == strlen(s->customer) && memcmp(f.bytes, s->customer, f.len) == 0;
  }
  if (r < 0) return corrupt(s->ctx, "ssvc_case_stats_get", rd16(k + 1), rd32(k + 3));
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

/* ------------------------------------------------------------------------------------------ */
/* Right to erasure                                                                            */

struct idlist {
  ssvc_ctx *ctx;
  uint32_t (*ids)[2];
  size_t n, cap;
};

static int collect_cb(void *data, const void *key, size_t klen, const void *val, size_t vlen,
                      uint64_t ver) {
  (void)val;
  (void)vlen;
  (void)ver;
  struct idlist *l = data;
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 16;
    void *p = ssvc__realloc(l->ctx, l->ids, cap * sizeof *l->ids);
    if (!p) return SSVC_ENOMEM;
    l->ids = p;
    l->cap = cap;
  }
  const uint8_t *p = (const uint8_t *)key + klen - 6;
  l->ids[l->n][0] = rd16(p);
  l->ids[l->n++][1] = rd32(p + 2);
  return 0;
}

static int apply_erase(ssvc_ctx *ctx, const char *func, ssvc_case *c, struct change *ch) {
  (void)ctx;
  (void)func;
  (void)ch;
  c->name = c->phone = c->email = c->imei = c->serial = "";
  c->erased = 1;
  for (size_t i = 0; i < c->nev; i++)
    if (*c->ev[i].note && c->ev[i].kind != SSVC_CASE_EVENT_DIAGNOSIS) {
      c->ev[i].note = "";
      c->ev[i].raw = NULL; /* re-encoded without the note */
    }
  ch->ev.kind = SSVC_CASE_EVENT_ERASED;
  return SSVC_OK;
}

int ssvc_case_erase_user(ssvc_store *store, size_t *count, const char *customer_id,
                         const char *contact, const char *actor) {
  static const char func[] = "ssvc_case_erase_user";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  int rc;
  if ((rc = ssvc__check_lines(ctx, func, "customer_id", customer_id, 1, 64)) ||
      (rc = ssvc__check_lines(ctx, func, "contact", contact, 1, 256)) ||
      (rc = ssvc__check_lines(ctx, func, "actor", actor, 1, 256)))
    return rc;
  int64_t now = ssvc_ctx_now(ctx);
  ssvc_txn t;
  if ((rc = ssvc__txn_begin(store, func, &t))) return rc;
  struct idlist l = {ctx, NULL, 0, 0};
  uint8_t lo[SSVC_KEY_CUSTOMER_MAX], hi[SSVC_KEY_CUSTOMER_MAX];
  size_t n = key_customer_prefix(lo, customer_id);
  memcpy(hi, lo, n);
  hi[n - 1] = 1; /* just past every key of this customer */
  rc = ssvc__store_scan(store, func, lo, n, hi, n, collect_cb, &l);
  size_t erased = 0;
  for (size_t i = 0; rc == SSVC_OK && i < l.n; i++) {
    char id[SSVC_CASE_ID_SIZE];
    format_id(id, l.ids[i][0], l.ids[i][1]);
    ssvc_case *c = NULL;
    rc = load(store, func, id, &c);
    if (rc) break;
    if (strcmp(c->phone, contact) == 0 || strcmp(c->email, contact) == 0) {
      struct change ch;
      memset(&ch, 0, sizeof ch);
      ch.apply = apply_erase;
      rc = rewrite(store, func, c, &ch, now, actor);
      erased++;
    }
    ssvc_case_free(c);
  }
  ssvc__free(ctx, l.ids);
  rc = ssvc__txn_end(store, func, &t, rc);
  if (rc == SSVC_OK && count) *count = erased;
  return rc;
}

/* ------------------------------------------------------------------------------------------ */
/* Whole records (the xml module's import and the report's reading)                           */

int ssvc__case_decode_kv(ssvc_ctx *ctx, const char *func, const void *key, size_t klen,
                         const void *val, size_t vlen, ssvc_case **out) {
  const uint8_t *k = key;
  if (klen != SSVC_KEY_CASE_LEN || k[0] != 'C')
    return ssvc__err(ctx, SSVC_ESTORAGE, "%s: a case key has the wrong length (%zu)", func, klen);
  return decode_case(ctx, func, rd16(k + 1), rd32(k + 3), val, vlen, 0, out);
}

int ssvc__case_load_num(ssvc_store *st, const char *func, uint32_t year, uint32_t seq,
                        ssvc_case **out) {
  uint8_t k[SSVC_KEY_CASE_LEN];
  const void *v;
  size_t vlen;
  uint64_t ver;
  int rc = ssvc__store_get(st, func, k, ssvc__key_case(k, year, seq), &v, &vlen, &ver);
  if (rc) return rc;
  return decode_case(st->ctx, func, year, seq, v, vlen, ver, out);
}

int ssvc__case_whole_check(ssvc_ctx *ctx, const char *func, const ssvc__case_whole *w) {
  const ssvc_case_info *i = &w->info;
  uint32_t year, seq;
  int rc;
  if ((rc = parse_id(ctx, func, i->id, &year, &seq))) return rc;
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
      (rc = check_date(ctx, func, "purchase date", i->purchase_date)) ||
      (rc = check_date(ctx, func, "warranty end", i->warranty_end)))
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
  if (ssvc__year_of(i->registered_at) != (int)year)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: registered: the id's year %u is not the year of "
                     "registration (UTC)", func, (unsigned)year);
  if (i->updated_at < i->registered_at)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: updated: before the registration", func);
  for (size_t n = 0; n < w->nev; n++) {
    const ssvc_case_event *e = &w->ev[n];
    if (e->kind < SSVC_CASE_EVENT_CREATED || e->kind > SSVC_CASE_EVENT_ERASED)
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
  return SSVC_OK;
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
  if (i->purchase_date.year) ssvc__rec_uint(b, F_PURCHASE, date_code(i->purchase_date));
  if (i->warranty_end.year) ssvc__rec_uint(b, F_WARRANTY, date_code(i->warranty_end));
  ssvc__rec_str(b, F_TIER, i->tier_code);
  ssvc__rec_uint(b, F_FEATURES, i->features);
  ssvc__rec_str(b, F_SYMPTOM, i->symptom);
  if (i->outcome) ssvc__rec_uint(b, F_OUTCOME, (uint64_t)i->outcome);
  ssvc__rec_str(b, F_TRANSCRIPT, i->transcript);
  ssvc__rec_uint(b, F_STATE, (uint64_t)i->state);
  ssvc__rec_sint(b, F_REGISTERED, i->registered_at);
  ssvc__rec_sint(b, F_UPDATED, i->updated_at);
  if (i->erased) ssvc__rec_uint(b, F_ERASED, 1);
  for (size_t n = 0; n < w->nev; n++) {
    cevent e = {w->ev[n].at, w->ev[n].actor, w->ev[n].note, w->ev[n].kind,
                w->ev[n].from_state, w->ev[n].to_state, NULL, 0};
    encode_event(b, &e);
  }
  for (size_t n = 0; n < w->nsh; n++) {
    cship s = {w->sh[n], NULL, 0};
    encode_ship(b, &s);
  }
  for (size_t n = 0; n < w->nch; n++) {
    ccharge g = {w->ch[n], NULL, 0};
    if (!g.c.currency || !*g.c.currency) g.c.currency = "SEK";
    encode_charge(b, &g);
  }
}

static int raise_counter_in(ssvc_store *st, const char *func, uint32_t year, uint32_t seq) {
  uint8_t k[SSVC_KEY_COUNTER_LEN];
  uint32_t last;
  uint64_t cver;
  int rc = read_counter(st, func, year, &last, &cver);
  if (rc || last >= seq) return rc;
  ssvc_buf *cnt = ssvc__store_scratch(st, 1);
  ssvc__counter_encode(cnt, seq);
  if (cnt->failed) return SSVC_ENOMEM;
  rc = ssvc__store_put(st, func, k, ssvc__key_counter(k, year), cnt->p, cnt->len, cver, NULL);
  if (rc == SSVC_ECONFLICT) rc = conflict(st->ctx, func, "the case-id counter");
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
  int rc = parse_id(ctx, func, i->id, &year, &seq);
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
    /* The old index entries go; the new ones are written below. */
    rc = ssvc__store_del(st, func, k, ssvc__key_state(k, old->state, year, seq), SSVC_STORAGE_ANY);
    if (rc == SSVC_OK)
      rc = ssvc__store_del(st, func, k,
                           ssvc__key_customer(k, old->customer, old->registered, year, seq),
                           SSVC_STORAGE_ANY);
    if (rc == SSVC_ENOTFOUND)
      rc = ssvc__err(ctx, SSVC_ESTORAGE, "%s: %s: an index entry of the stored case is missing",
                     func, old->id);
  }
  if (rc) goto out;
  ssvc_buf *b = ssvc__store_scratch(st, 0);
  encode_whole(b, year, seq, w);
  if (b->failed) {
    rc = SSVC_ENOMEM;
    goto out;
  }
  rc = ssvc__store_put(st, func, k, ssvc__key_case(k, year, seq), b->p, b->len, expected, NULL);
  if (rc == SSVC_ECONFLICT) rc = conflict(ctx, func, i->id);
  if (rc) goto out;
  rc = ssvc__store_put(st, func, k, ssvc__key_state(k, i->state, year, seq), "", 0,
                       SSVC_STORAGE_NEW, NULL);
  if (rc == SSVC_OK)
    rc = ssvc__store_put(st, func, k,
                         ssvc__key_customer(k, i->customer_id, i->registered_at, year, seq), "",
                         0, SSVC_STORAGE_NEW, NULL);
  if (rc == SSVC_ECONFLICT) rc = index_exists(ctx, func, year, seq);
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
    case F_WARRANTY: v->warranty_end = date_from(f.u); break;
    default: break;
    }
  }
  return r < 0 ? -1 : 0;
}

int ssvc__case_view_next(const ssvc__case_view *v, const uint8_t **it, int which,
                         ssvc__case_sub *out) {
  uint32_t want = which == SSVC__SUB_EVENT ? F_EVENT : which == SSVC__SUB_SHIPMENT ? F_SHIPMENT
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
