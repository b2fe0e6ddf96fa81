/* The in-memory form of a case and its record codec, shared by the parts of the case module:
 * case.c (the API: create, load, change, erase), case_record.c (keys, ids, encode, decode),
 * case_list.c (listings and statistics) and case_whole.c (whole records for import and the
 * report). Record layout: doc/records.md. */
#ifndef SSVC_CASE_RECORD_H
#define SSVC_CASE_RECORD_H

#include "case_keys.h"

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

/* The cost estimate of a case (case_estimate.c); has == 0: none. */
typedef struct cestimate {
  int has;
  int64_t amount, fee, at, answered_at;
  const char *currency, *text, *actor, *by, *answer_actor;
  int answer;
  const uint8_t *raw; /* as loaded (kept verbatim on rewrite), or NULL once changed */
  size_t raw_len;
} cestimate;

/* One how-to call recorded on the case (F_GUIDANCE, guidance.h). */
typedef struct cguide {
  int64_t at;
  const char *actor, *topic, *transcript, *diagnose;
  unsigned int feature;
  int result;
  const uint8_t *raw; /* as loaded (kept verbatim on rewrite), or NULL */
  size_t raw_len;
} cguide;

struct ssvc_case {
  ssvc_ctx *ctx;
  char id[SSVC_CASE_ID_SIZE];
  uint32_t year, seq;
  const char *customer, *name, *phone, *email, *imei, *model, *serial, *tier, *symptom,
      *transcript;
  ssvc_date purchase, warranty, promised;
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
  cestimate est;
  int coverage; /* F_COVERAGE: ssvc_roster_coverage, 0 when the agreement keeps no roster */
  cguide *gu;   /* F_GUIDANCE: the how-to calls, in the order recorded */
  size_t ngu;
};

enum {
  F_YEAR = 1, F_SEQ, F_CUSTOMER, F_NAME, F_PHONE, F_EMAIL, F_IMEI, F_MODEL, F_SERIAL, F_PURCHASE,
  F_WARRANTY, F_TIER, F_FEATURES, F_SYMPTOM, F_OUTCOME, F_TRANSCRIPT, F_STATE, F_REGISTERED,
  F_UPDATED, F_ERASED, F_EVENT, F_SHIPMENT, F_CHARGE, F_ESTIMATE, F_PROMISED,
  /* The roster (issue 21, fields 26..29): whether the caller was on it at registration. */
  F_COVERAGE = 26,
  /* How-to guidance (issue 21, fields 30..33): one sub-record per how-to call. */
  F_GUIDANCE = 30
};
enum { U_AT = 1, U_ACTOR, U_TOPIC, U_FEATURE, U_RESULT, U_TRANSCRIPT, U_DIAGNOSE };
enum { E_AT = 1, E_ACTOR, E_KIND, E_FROM, E_TO, E_NOTE };
enum { S_KIND = 1, S_AT, S_CARRIER, S_TRACKING, S_FREIGHT };
enum { G_KIND = 1, G_AMOUNT, G_CURRENCY, G_TEXT };
enum { K_AMOUNT = 1, K_FEE, K_CURRENCY, K_TEXT, K_ACTOR, K_AT, K_ANSWER, K_BY, K_ANSWER_ACTOR,
       K_ANSWERED_AT };

static inline void be16(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)(v >> 8);
  p[1] = (uint8_t)v;
}
static inline void be32(uint8_t *p, uint32_t v) {
  for (int i = 3; i >= 0; i--, v >>= 8) p[i] = (uint8_t)v;
}
static inline uint32_t rd16(const uint8_t *p) { return (uint32_t)p[0] << 8 | p[1]; }
static inline uint32_t rd32(const uint8_t *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
/* The customer prefix: 'U', the id, a NUL (ids hold none, so one customer's keys are
 * contiguous and never interleave with a longer id's). */
size_t ssvc__case_key_customer_prefix(uint8_t *k, const char *customer);
static inline void be64_biased(uint8_t *p, int64_t at) {
  uint64_t v = (uint64_t)at ^ (UINT64_C(1) << 63); /* signed order as unsigned bytes */
  for (int i = 7; i >= 0; i--, v >>= 8) p[i] = (uint8_t)v;
}
/* "SC-YYYY-NNNNNN" (at least six digits), without printf: it runs for every case listed. */
void ssvc__case_format_id(char *out, uint32_t year, uint32_t seq);
int ssvc__case_parse_id(ssvc_ctx *ctx, const char *func, const char *id, uint32_t *year,
                        uint32_t *seq);
void ssvc__case_encode_event(ssvc_buf *b, const cevent *e);
void ssvc__case_encode_ship(ssvc_buf *b, const cship *s);
void ssvc__case_encode_charge(ssvc_buf *b, const ccharge *c);
/* Encodes @p c plus the optional new event, shipment and charge. */
void ssvc__case_encode_case(ssvc_buf *b, const ssvc_case *c, const cevent *new_ev,
                            const cship *new_sh, const ccharge *new_ch);
int ssvc__case_corrupt(ssvc_ctx *ctx, const char *func, uint32_t year, uint32_t seq);
/* Decodes a case record into one allocation that holds the struct, its arrays, a copy of the
 * record (sub-records and unknown fields point into it) and its strings. */
int ssvc__case_decode_case(ssvc_ctx *ctx, const char *func, uint32_t year, uint32_t seq,
                           const void *val, size_t vlen, uint64_t version, ssvc_case **out);
int ssvc__case_check_date(ssvc_ctx *ctx, const char *func, const char *arg, ssvc_date d);
/* The plausibility of a case's phone dates (doc/cases.md): the purchase, when known, is not after
 * the Stockholm date of @p registered, and the warranty, when both are known, does not end before
 * the purchase. SSVC_EINVAL naming @p purchase_arg or @p warranty_arg and both dates otherwise. */
int ssvc__case_check_phone_dates(ssvc_ctx *ctx, const char *func, const char *purchase_arg,
                                 ssvc_date purchase, const char *warranty_arg, ssvc_date warranty,
                                 int64_t registered);
/* Reads the counter of @p year: the last number given (0 and version 0 when none yet). */
int ssvc__case_read_counter(ssvc_store *st, const char *func, uint32_t year, uint32_t *last,
                            uint64_t *ver);
int ssvc__case_conflict(ssvc_ctx *ctx, const char *func, const char *what);
int ssvc__case_index_exists(ssvc_ctx *ctx, const char *func, uint32_t year, uint32_t seq);
void ssvc__case_encode_estimate(ssvc_buf *b, const cestimate *e);
void ssvc__case_encode_guide(ssvc_buf *b, const cguide *g);
/* case_diagnose.c: replays @p transcript on @p tree for the tier case @p i was registered with
 * into a finished session (@p cat holds the tier; the caller frees both). A transcript the tree
 * cannot have produced is SSVC_EINVAL naming the step; a guidance topic the tier lacks stays
 * SSVC_ENOTENTITLED; messages start with @p func and the case's id. */
int ssvc__case_replay(ssvc_ctx *ctx, const char *func, const ssvc_case_info *i,
                      const ssvc_diag_tree *tree, const char *transcript, ssvc_catalog **cat,
                      ssvc_diag_session **s);
/* Loads case @p id (case.c), errors naming @p func. */
int ssvc__case_load(ssvc_store *st, const char *func, const char *id, ssvc_case **out);
/* case_estimate.c: SSVC_ESTATE (message naming @p func, the case and its estimate) when the
 * case's cost estimate keeps it from going to state @p to: in-repair or swap-requested while the
 * estimate is unanswered. */
int ssvc__case_estimate_gate(ssvc_ctx *ctx, const char *func, const ssvc_case *c, int to);
/* case_estimate.c: checks an estimate as an import gives it (messages start with @p func, then
 * "estimate", then the field). */
int ssvc__case_estimate_check(ssvc_ctx *ctx, const char *func, const ssvc_case_estimate_info *e);
/* case_estimate.c: removes the personal data of @p c's estimate (who answered). */
void ssvc__case_estimate_erase(ssvc_case *c);
/* case_estimate.c: SSVC_ESTATE when a charge of @p kind may not be billed to the customer on
 * case @p c: a direct kind (repair, cost estimate) on a case in warranty. */
int ssvc__case_warranty_charge_check(ssvc_ctx *ctx, const char *func, const ssvc_case *c,
                                     int kind);
/* ssvc_case_set_diagnosis() for @p func, with the event's @p note (NULL: the outcome's name). */
int ssvc__case_set_diagnosis(ssvc_store *store, const char *func, const char *id, int outcome,
                             const char *transcript, const char *note, const char *actor);

/* The right to erasure (erase.c). The numbers (year, seq) of every case of @p customer, by
 * registration, appended to l->ids (grown with l->ctx; the caller frees it). */
typedef struct ssvc__case_ids {
  ssvc_ctx *ctx;
  uint32_t (*ids)[2];
  size_t n, cap;
} ssvc__case_ids;
int ssvc__case_customer_ids(ssvc_store *st, const char *func, const char *customer,
                            ssvc__case_ids *l);
struct ssvc__scrub;
/* Erases the personal data of loaded case @p c and rewrites it with an "erased" event: user
 * name, phone, e-mail, IMEI, serial, symptom, transcript and the notes of the log go; in the
 * texts of its shipments and charges the values of @p scrub are masked. */
int ssvc__case_erase(ssvc_store *st, const char *func, ssvc_case *c, int64_t now,
                     const char *actor, const struct ssvc__scrub *scrub);

#endif
