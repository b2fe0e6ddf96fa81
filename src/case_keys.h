/*
 * Private: the key layout and record encoder of cases (doc/storage.md, doc/records.md), shared
 * by case.c and the benchmark (which inserts the very same bytes with raw SQLite calls).
 */
#ifndef SSVC_CASE_KEYS_H
#define SSVC_CASE_KEYS_H

#include "civil_date.h" /* ssvc__year_of */
#include "keyspace.h"
#include "record.h"
#include "smartservice/case.h"

/* Record types (first byte of a value) and the format version this library writes. */
#define SSVC_CASE_FORMAT 1

/* Key sizes. */
#define SSVC_KEY_CASE_LEN 7
#define SSVC_KEY_COUNTER_LEN 3
#define SSVC_KEY_STATE_LEN 8
#define SSVC_KEY_CUSTOMER_MAX (1 + 64 + 1 + 8 + 6)

size_t ssvc__key_case(uint8_t *k, uint32_t year, uint32_t seq);
size_t ssvc__key_counter(uint8_t *k, uint32_t year);
size_t ssvc__key_state(uint8_t *k, int state, uint32_t year, uint32_t seq);
size_t ssvc__key_customer(uint8_t *k, const char *customer, int64_t at, uint32_t year,
                          uint32_t seq);
/* The IMEI index: 'I', the customer, a NUL, the 15 digits, year, number. Every case whose IMEI
 * is valid has one entry (an erased case has none); a new case looks up the IMEI's other cases
 * by the prefix. ssvc__key_imei gives 0 (no entry) for a text that is not a valid IMEI. */
#define SSVC_KEY_IMEI_MAX (1 + 64 + 1 + 15 + 6)
size_t ssvc__key_imei_prefix(uint8_t *k, const char *customer, const char *imei);
size_t ssvc__key_imei(uint8_t *k, const char *customer, const char *imei, uint32_t year,
                      uint32_t seq);

/* Checks @p spec as ssvc_case_create() does (message names @p func and the field). */
int ssvc__case_spec_check(ssvc_ctx *ctx, const char *func, const ssvc_case_spec *spec);

/* ssvc_case_transition() for the SWAP pool's own operations, which alone move a case into, out
 * of and within the swap segment (messages name @p func). */
int ssvc__case_transition_pool(ssvc_store *store, const char *func, const char *id, int to,
                               const char *actor, const char *note);

/* Adds @p shipment (any kind; at 0 for now) to case @p id with its freight and packaging charges
 * at the agreement's amounts, texts "freight: WHAT" and "packaging: WHAT", in one operation
 * (ssvc_case_add_shipment() and the SWAP pool's shipments). */
int ssvc__case_ship(ssvc_store *st, const char *func, const char *id, const char *actor,
                    const ssvc_shipment *shipment, const char *what);

/* Whether IMEI @p imei of @p customer has an open case: 1 and its id in @p open_id
 * (SSVC_CASE_ID_SIZE), 0, or a negative status (message set). */
int ssvc__case_imei_open(ssvc_store *st, const char *func, const char *customer,
                         const char *imei, char *open_id);

/* Encodes the record of a new case (its tier and features already the agreement's), with the
 * delivery @p promised at registration, the "created" event's @p note (may be NULL) and the
 * caller's roster @p coverage (ssvc_roster_coverage; 0 when the agreement keeps no roster). */
void ssvc__case_encode_new(ssvc_buf *rec, const ssvc_case_spec *spec, uint32_t year,
                           uint32_t seq, int64_t now, ssvc_date promised, const char *note,
                           int coverage);
void ssvc__counter_encode(ssvc_buf *rec, uint32_t last);

/* The warranty rule (case_estimate.c, doc/charges.md): ::ssvc_warranty of a repair registered at
 * @p registered for a phone whose warranty ends on @p end (year 0: unknown), compared by the
 * Stockholm date of the registration. -1 when that instant is outside the calendar's years. */
int ssvc__warranty_status(ssvc_date end, int64_t registered);

/* The estimate of @p c into @p out (whose version is set): 1, or 0 when it has none (no message:
 * the exporter asks this of every case). */
int ssvc__case_estimate_of(const ssvc_case *c, ssvc_case_estimate_info *out);

/* ---- Whole records, for the xml module (import) and the report (one-pass reading). ---- */

/* A whole case as an import gives it: every field, its id, and its lists. Strings may be NULL
 * (absent). The counts of @p info are ignored. */
typedef struct ssvc__case_whole {
  ssvc_case_info info;
  const ssvc_case_event *ev;
  size_t nev;
  const ssvc_shipment *sh;
  size_t nsh;
  const ssvc_case_charge *ch;
  size_t nch;
  int has_estimate;                 /* 1: @c estimate holds the case's cost estimate */
  ssvc_case_estimate_info estimate; /* strings may be NULL (absent) */
  const struct ssvc_case_guidance *gu; /* the how-to calls (guidance.h); diagnose may be NULL */
  size_t ngu;
  int coverage; /* the caller's roster coverage (ssvc_roster_coverage); 0 when unchecked */
} ssvc__case_whole;

/* What to do when the id exists (the values of SSVC_XML_DUP_*). */
enum { SSVC__DUP_REJECT = 1, SSVC__DUP_SKIP = 2, SSVC__DUP_REPLACE = 3 };

/* Checks @p w as a stored case must be (messages start with @p func, then the field). */
int ssvc__case_whole_check(ssvc_ctx *ctx, const char *func, const ssvc__case_whole *w);

/* Writes @p w (checked) with its index entries as one operation (joins the caller's
 * transaction), and with @p raise_counter raises the id counter of its year when needed. On an
 * existing id: SSVC__DUP_REJECT gives SSVC_EEXISTS, SSVC__DUP_SKIP writes nothing,
 * SSVC__DUP_REPLACE rewrites it and its index entries. *result: 1 written, 2 replaced, 0 skipped.
 * A caller that passes raise_counter 0 must call ssvc__case_raise_counter() in the same
 * transaction (the importer does it once per year and batch). */
int ssvc__case_put_whole(ssvc_store *st, const char *func, const ssvc__case_whole *w, int on_dup,
                         int raise_counter, int *result);

/* Raises the id counter of @p year to at least @p seq (one operation). */
int ssvc__case_raise_counter(ssvc_store *st, const char *func, uint32_t year, uint32_t seq);

/* Decodes the record stored under a case key (for scans over 'C'); the case is freed with
 * ssvc_case_free(). */
int ssvc__case_decode_kv(ssvc_ctx *ctx, const char *func, const void *key, size_t klen,
                         const void *val, size_t vlen, ssvc_case **out);

/* A stored case read in place, without copying (the report reads a million of them). Valid while
 * the value it was opened on is. */
typedef struct ssvc__case_view {
  const uint8_t *body, *end; /* the record's fields */
  const uint8_t *symptom, *model;
  size_t symptom_len, model_len;
  int outcome, state;
  int64_t registered, updated;
  ssvc_date warranty_end, promised;
} ssvc__case_view;

/* One event (kind, to, at), shipment (kind, at) or charge (kind, amount, currency). */
typedef struct ssvc__case_sub {
  int kind, to;
  int64_t at, amount;
  const uint8_t *currency;
  size_t currency_len;
} ssvc__case_sub;

/* SSVC__SUB_GUIDANCE: a how-to call; kind is its area (feature bit), to its result, at when. */
enum { SSVC__SUB_EVENT = 1, SSVC__SUB_SHIPMENT = 2, SSVC__SUB_CHARGE = 3, SSVC__SUB_GUIDANCE = 4 };

/* 0, or -1 for a malformed record. */
int ssvc__case_view_open(ssvc__case_view *v, const void *val, size_t vlen);
/* The next sub-record of kind @p which after *it (start with *it = v->body): 1 and *out filled,
 * 0 at the end, -1 for a malformed record. */
int ssvc__case_view_next(const ssvc__case_view *v, const uint8_t **it, int which,
                         ssvc__case_sub *out);

/* Loads a case by year and number (SSVC_ENOTFOUND without a message when absent). */
int ssvc__case_load_num(ssvc_store *st, const char *func, uint32_t year, uint32_t seq,
                        ssvc_case **out);
/* ssvc__case_load_num() of a number an index gave: a missing case is damage (SSVC_ESTORAGE, "an
 * index entry exists without its case"). */
int ssvc__case_load_indexed(ssvc_store *st, const char *func, uint32_t year, uint32_t seq,
                            ssvc_case **out);

#endif
