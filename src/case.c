/* case: the case API: registration, loading, the state machine and the other changes, and the
 * right to erasure (the record codec is case_record.c, listings case_list.c, whole records
 * case_whole.c). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <stddef.h>

#include "agreement_store.h"
#include "case_record.h"
#include "roster_record.h"
#include "civil_date.h"
#include "stockholm.h"
#include "smartservice/agreement.h"
#include "charge_index.h"
#include "erase.h"
#include "smartservice/diagnosis.h"
#include "text.h"
/* ------------------------------------------------------------------------------------------ */
/* Names                                                                                       */

static const char *const state_names[] = {
    NULL,      "registered", "diagnosing",      "resolved",  "referred", "swap-requested",
    "shipped", "faulty-returned", "in-repair", "repaired", "closed",   "cancelled"};

static const char *const outcome_names[] = {"none", "handling-error", "workshop",
                                            "definite-fault", "out-of-scope"};

static const char *const event_kind_names[] = {
    NULL, "created", "state", "note", "diagnosis", "shipment", "charge", "erased", "estimate",
    "estimate-answer"};

static const char *const shipment_kind_names[] = {NULL, "replacement", "faulty", "workshop",
                                                  "return"};

const char *ssvc_case_event_kind_name(int kind) {
  return ssvc__name_of(event_kind_names, SSVC_CASE_EVENT_CREATED, SSVC_CASE_EVENT_KIND_MAX, kind);
}

int ssvc_case_event_kind_from_name(ssvc_ctx *ctx, int *out, const char *name) {
  return ssvc__name_lookup(ctx, "ssvc_case_event_kind_from_name", out, name, event_kind_names,
                           SSVC_CASE_EVENT_CREATED, SSVC_CASE_EVENT_KIND_MAX, "event kind");
}

const char *ssvc_shipment_kind_name(int kind) {
  return ssvc__name_of(shipment_kind_names, SSVC_SHIPMENT_REPLACEMENT, SSVC_SHIPMENT_RETURN, kind);
}

int ssvc_shipment_kind_from_name(ssvc_ctx *ctx, int *out, const char *name) {
  return ssvc__name_lookup(ctx, "ssvc_shipment_kind_from_name", out, name, shipment_kind_names,
                           SSVC_SHIPMENT_REPLACEMENT, SSVC_SHIPMENT_RETURN, "shipment kind");
}

const char *ssvc_case_state_name(int state) {
  return ssvc__name_of(state_names, 1, SSVC_CASE_STATE_MAX, state);
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
  return ssvc__name_of(outcome_names, 0, SSVC_CASE_OUTCOME_MAX, outcome);
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
           to == SSVC_CASE_SWAP_REQUESTED || to == SSVC_CASE_CLOSED || to == SSVC_CASE_CANCELLED;
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
/* Validation                                                                                  */

int ssvc__case_check_date(ssvc_ctx *ctx, const char *func, const char *arg, ssvc_date d) {
  if (d.year == 0 && d.month == 0 && d.day == 0) return SSVC_OK;
  if (!ssvc__date_ok(&d))
    return ssvc__err(ctx, SSVC_EINVAL, "%s: %s: not a valid date (got %04d-%02d-%02d)", func, arg,
                     d.year, d.month, d.day);
  return SSVC_OK;
}

int ssvc__case_check_phone_dates(ssvc_ctx *ctx, const char *func, const char *purchase_arg,
                                 ssvc_date purchase, const char *warranty_arg, ssvc_date warranty,
                                 int64_t registered) {
  if (!purchase.year) return SSVC_OK;
  int off;
  int64_t y;
  ssvc_date today;
  ssvc__civil_from_days(ssvc__floor_div(ssvc__local_seconds(registered, &off), DAY), &y,
                        &today.month, &today.day);
  today.year = (int)y;
  if (ssvc__date_cmp(purchase, today) > 0)
    return ssvc__err(ctx, SSVC_EINVAL,
                     "%s: %s: %04d-%02d-%02d is after the registration on %04d-%02d-%02d "
                     "(a purchase cannot be in the future)",
                     func, purchase_arg, purchase.year, purchase.month, purchase.day, today.year,
                     today.month, today.day);
  if (warranty.year && ssvc__date_cmp(warranty, purchase) < 0)
    return ssvc__err(ctx, SSVC_EINVAL,
                     "%s: %s: %04d-%02d-%02d is before the purchase on %04d-%02d-%02d "
                     "(a warranty cannot end before it starts)",
                     func, warranty_arg, warranty.year, warranty.month, warranty.day,
                     purchase.year, purchase.month, purchase.day);
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
      (rc = ssvc__check_lines(ctx, func, "spec->tier_code", s->tier_code, 0, 64)) ||
      (rc = ssvc__check_lines(ctx, func, "spec->symptom", s->symptom, 0, 4096)) ||
      (rc = ssvc__check_lines(ctx, func, "spec->actor", s->actor, 1, 256)) ||
      (rc = ssvc__case_check_date(ctx, func, "spec->purchase_date", s->purchase_date)) ||
      (rc = ssvc__case_check_date(ctx, func, "spec->warranty_end", s->warranty_end)))
    return rc;
  if ((rc = ssvc__imei_check(ctx, func, "spec->imei", s->imei))) return rc;
  if (s->features & ~SSVC_FEATURE_ALL)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: spec->features: unknown feature bits (got 0x%x)",
                     func, s->features);
  return SSVC_OK;
}

int ssvc_case_spec_init(ssvc_case_spec *spec, unsigned int version) {
  /* A version-1 struct ends before flags: write only its fields. */
  return ssvc__struct_init(spec, version == 1 ? offsetof(ssvc_case_spec, flags) : sizeof *spec,
                           version, SSVC_CASE_SPEC_VERSION);
}

/* ------------------------------------------------------------------------------------------ */
/* Creation                                                                                    */

/* Reads the counter of @p year: the last number given (0 and version 0 when none yet). */
int ssvc__case_read_counter(ssvc_store *st, const char *func, uint32_t year, uint32_t *last,
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

int ssvc__case_conflict(ssvc_ctx *ctx, const char *func, const char *what) {
  return ssvc__err(ctx, SSVC_ECONFLICT, "%s: %s changed concurrently; try again", func, what);
}

int ssvc__case_index_exists(ssvc_ctx *ctx, const char *func, uint32_t year, uint32_t seq) {
  char id[SSVC_CASE_ID_SIZE];
  ssvc__case_format_id(id, year, seq);
  return ssvc__err(ctx, SSVC_ESTORAGE, "%s: %s: an index entry exists without its case", func, id);
}

/* The scan callback that collects case numbers (ssvc__case_customer_ids, below). */
static int collect_cb(void *data, const void *key, size_t klen, const void *val, size_t vlen,
                      uint64_t ver);

int ssvc__case_imei_open(ssvc_store *st, const char *func, const char *customer,
                         const char *imei, char *open_id) {
  uint8_t lo[SSVC_KEY_IMEI_MAX], hi[SSVC_KEY_IMEI_MAX];
  size_t n = ssvc__key_imei_prefix(lo, customer, imei);
  memcpy(hi, lo, n);
  memset(hi + n, 0xff, 6);
  ssvc__case_ids l = {st->ctx, NULL, 0, 0};
  int rc = ssvc__store_scan(st, func, lo, n, hi, n + 6, collect_cb, &l);
  int found = 0;
  for (size_t i = 0; rc == SSVC_OK && !found && i < l.n; i++) {
    ssvc_case *c = NULL;
    rc = ssvc__case_load_indexed(st, func, l.ids[i][0], l.ids[i][1], &c);
    if (rc == SSVC_OK && c->state < SSVC_CASE_CLOSED) {
      found = 1;
      memcpy(open_id, c->id, strlen(c->id) + 1);
    }
    ssvc_case_free(c);
  }
  ssvc__free(st->ctx, l.ids);
  return rc ? rc : found;
}

/* What registration takes from the agreement: the tier, its features and the promise. */
struct from_agreement {
  char tier[17]; /* tier codes are 1-16 bytes */
  unsigned int features;
  ssvc_date promised;
  int roster_policy;
};

/* Checks @p spec against the customer's agreement and fills @p out (inside the transaction, so
 * that the agreement read is the one the case is registered under). */
static int agreement_terms(ssvc_store *st, const char *func, const ssvc_case_spec *spec,
                           int64_t now, struct from_agreement *out) {
  ssvc_ctx *ctx = st->ctx;
  ssvc_agreement *ag = NULL;
  int rc = ssvc__agreement_load(st, "ssvc_case_create: spec->customer_id", spec->customer_id, &ag);
  if (rc) return rc;
  ssvc_agreement_spec as = SSVC_AGREEMENT_SPEC_INIT;
  ssvc_agreement_spec_get(ag, &as);
  size_t tl = strlen(as.tier_code);
  memcpy(out->tier, as.tier_code, tl < sizeof out->tier ? tl + 1 : sizeof out->tier);
  out->tier[sizeof out->tier - 1] = '\0';
  out->features = ssvc_agreement_features(ag);
  out->roster_policy = as.roster_policy;
  if (spec->tier_code && *spec->tier_code && ssvc__ascii_casecmp(spec->tier_code, out->tier)) {
    rc = ssvc__err(ctx, SSVC_EINVAL,
                   "%s: spec->tier_code: '%s' contradicts the agreement of customer '%s', which "
                   "is on tier %s",
                   func, spec->tier_code, spec->customer_id, out->tier);
  } else if (spec->features && spec->features != out->features) {
    rc = ssvc__err(ctx, SSVC_EINVAL,
                   "%s: spec->features: 0x%x contradicts tier %s of the agreement of customer "
                   "'%s' (0x%x); pass 0 for the agreement's",
                   func, spec->features, out->tier, spec->customer_id, out->features);
  } else {
    const ssvc_calendar *cal;
    if (!(rc = ssvc__agreement_calendar_shared(ctx, ag, &cal)))
      rc = ssvc_calendar_delivery(ctx, cal, &out->promised, now);
  }
  ssvc_agreement_free(ag);
  return rc;
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
  struct from_agreement fa;
  if ((rc = agreement_terms(st, func, spec, now, &fa))) goto out;
  char other[SSVC_CASE_ID_SIZE], note[96];
  rc = ssvc__case_imei_open(st, func, spec->customer_id, spec->imei, other);
  if (rc < 0) goto out;
  note[0] = '\0';
  if (rc == 1) {
    if (!(spec->flags & SSVC_CASE_SECOND_OPEN)) {
      rc = ssvc__err(ctx, SSVC_EEXISTS,
                     "%s: spec->imei: %s already has the open case %s; pass "
                     "SSVC_CASE_SECOND_OPEN in spec->flags to register a second one",
                     func, spec->imei, other);
      goto out;
    }
    snprintf(note, sizeof note, "second open case for the IMEI (open: %s)", other);
  }
  ssvc_case_spec terms = *spec;
  terms.tier_code = fa.tier;
  terms.features = fa.features;
  int coverage = 0;
  struct ssvc__roster_decoded who;
  if (fa.roster_policy != SSVC_ROSTER_POLICY_NONE) {
    rc = ssvc__roster_caller(st, func, &terms, fa.roster_policy, &who, &coverage);
    if (rc) goto out;
    if (coverage == SSVC_ROSTER_NOT_COVERED && !*note)
      snprintf(note, sizeof note, "not on the roster: registered as not covered");
  }
  if (!terms.user_name || !*terms.user_name || !terms.model || !*terms.model) {
    rc = ssvc__err(ctx, SSVC_EINVAL, "%s: spec->%s: must be given%s", func,
                   !terms.user_name || !*terms.user_name ? "user_name" : "model",
                   fa.roster_policy ? " (the caller's roster entry has none)" : "");
    goto out;
  }
  ssvc_buf *rec = ssvc__store_scratch(st, 0), *cnt = ssvc__store_scratch(st, 1);
  if ((rc = ssvc__case_read_counter(st, func, year, &last, &cver))) goto out;
  if (last == UINT32_MAX) {
    rc = ssvc__err(ctx, SSVC_ERANGE, "%s: no case numbers left in %u", func, (unsigned)year);
    goto out;
  }
  uint32_t seq = last + 1;
  uint8_t k[SSVC_KEY_IMEI_MAX > SSVC_KEY_CUSTOMER_MAX ? SSVC_KEY_IMEI_MAX : SSVC_KEY_CUSTOMER_MAX];
  char id[SSVC_CASE_ID_SIZE];
  ssvc__case_format_id(id, year, seq);
  if ((rc = ssvc__rec_key_free(st, func, k, ssvc__key_case(k, year, seq), id))) goto out;
  ssvc__counter_encode(cnt, seq);
  ssvc__case_encode_new(rec, &terms, year, seq, now, fa.promised, *note ? note : NULL, coverage);
  if (rec->failed || cnt->failed) {
    rc = SSVC_ENOMEM;
    goto out;
  }
  rc = ssvc__store_put(st, func, k, ssvc__key_counter(k, year), cnt->p, cnt->len, cver, NULL);
  if (rc == SSVC_ECONFLICT) rc = ssvc__case_conflict(ctx, func, "the case-id counter");
  if (rc) goto out;
  rc = ssvc__store_put(st, func, k, ssvc__key_case(k, year, seq), rec->p, rec->len,
                       SSVC_STORAGE_NEW, NULL);
  if (rc == SSVC_ECONFLICT) rc = ssvc__case_conflict(ctx, func, "the case-id counter");
  if (rc) goto out;
  /* The index entries of a new number cannot exist yet: SSVC_STORAGE_NEW (a plain insert). */
  rc = ssvc__store_put(st, func, k, ssvc__key_state(k, SSVC_CASE_REGISTERED, year, seq), "", 0,
                       SSVC_STORAGE_NEW, NULL);
  if (rc == SSVC_OK)
    rc = ssvc__store_put(st, func, k, ssvc__key_customer(k, spec->customer_id, now, year, seq),
                         "", 0, SSVC_STORAGE_NEW, NULL);
  if (rc == SSVC_OK)
    rc = ssvc__store_put(st, func, k, ssvc__key_imei(k, spec->customer_id, spec->imei, year, seq),
                         "", 0, SSVC_STORAGE_NEW, NULL);
  if (rc == SSVC_ECONFLICT) rc = ssvc__case_index_exists(ctx, func, year, seq);
  if (rc) goto out;
  ssvc__case_format_id(id_out, year, seq);
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
  if (rc) return rc;
  /* A version-1 caller's struct ends before flags: read only what it has. */
  ssvc_case_spec s;
  memset(&s, 0, sizeof s);
  memcpy(&s, spec, spec->version == 1 ? offsetof(ssvc_case_spec, flags) : sizeof s);
  /* The user's name and the model may come from the roster (doc/roster.md): checked when given,
   * required once the roster has been read (create_once). */
  ssvc_case_spec checked = s;
  if (!checked.user_name || !*checked.user_name) checked.user_name = "-";
  if (!checked.model || !*checked.model) checked.model = "-";
  if ((rc = ssvc__case_spec_check(ctx, func, &checked))) return rc;
  if (s.flags & ~SSVC_CASE_SECOND_OPEN)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: spec->flags: unknown bits 0x%x", func,
                     s.flags & ~SSVC_CASE_SECOND_OPEN);
  int64_t now = s.at ? s.at : ssvc__store_now(store);
  int year = ssvc__year_of(now);
  if (year < 1 || year > 9999)
    return ssvc__err(ctx, SSVC_ERANGE, "%s: %s's year is outside 1..9999 (%" PRId64 ")", func,
                     s.at ? "spec->at" : "the clock", now);
  if ((rc = ssvc__case_check_phone_dates(ctx, func, "spec->purchase_date", s.purchase_date,
                                          "spec->warranty_end", s.warranty_end, now)))
    return rc;
  char id[SSVC_CASE_ID_SIZE];
  struct create_args a = {&s, now, (uint32_t)year, id};
  rc = ssvc__txn_retry(store, create_attempt, &a);
  if (rc == SSVC_OK) {
    memcpy(id_out, id, strlen(id) + 1);
    ssvc__log(ctx, SSVC_LOG_INFO, "case %s registered (customer %s)", id, s.customer_id);
  }
  return rc;
}

/* ------------------------------------------------------------------------------------------ */
/* Loading and reading                                                                         */

static int load(ssvc_store *st, const char *func, const char *id, ssvc_case **out) {
  uint32_t year = 0, seq = 0;
  int rc = ssvc__case_parse_id(st->ctx, func, id, &year, &seq);
  if (rc) return rc;
  uint8_t k[SSVC_KEY_CASE_LEN];
  const void *v;
  size_t vlen;
  uint64_t ver;
  rc = ssvc__store_get(st, func, k, ssvc__key_case(k, year, seq), &v, &vlen, &ver);
  if (rc == SSVC_ENOTFOUND) return ssvc__err(st->ctx, rc, "%s: no case '%s'", func, id);
  if (rc) return rc;
  return ssvc__case_decode_case(st->ctx, func, year, seq, v, vlen, ver, out);
}

int ssvc__case_load(ssvc_store *st, const char *func, const char *id, ssvc_case **out) {
  return load(st, func, id, out);
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
  if (info->version >= 2) info->promised_delivery = c->promised;
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
  int pool; /* the SWAP pool's own transition (ssvc__case_transition_pool) */
  int outcome;
  const char *text;
  const char *note; /* the diagnosis event's note (NULL: the outcome's name) */
  const ssvc_shipment *ship;
  const ssvc_case_charge *charge;
  const ssvc__scrub *scrub; /* erasure: the values masked in the case's texts */
  cevent ev;
  cship new_sh;
  ccharge new_ch;
  int has_sh, has_ch;
};

/* Rewrites one loaded case after @p ch->apply, keeping its state index right. */
static int rewrite(ssvc_store *st, const char *func, ssvc_case *c, struct change *ch,
                   int64_t now, const char *actor) {
  int old_state = c->state;
  uint8_t imei_was[SSVC_KEY_IMEI_MAX], imei_now[SSVC_KEY_IMEI_MAX];
  size_t imei_was_len = ssvc__key_imei(imei_was, c->customer, c->imei, c->year, c->seq);
  int rc = ch->apply(st->ctx, func, c, ch);
  if (rc) return rc;
  c->updated = now;
  ch->ev.at = now;
  ch->ev.actor = actor;
  ssvc_buf *b = ssvc__store_scratch(st, 0);
  ssvc__case_encode_case(b, c, &ch->ev, ch->has_sh ? &ch->new_sh : NULL,
                         ch->has_ch ? &ch->new_ch : NULL);
  if (b->failed) return SSVC_ENOMEM;
  uint8_t k[SSVC_KEY_STATE_LEN];
  rc = ssvc__store_put(st, func, k, ssvc__key_case(k, c->year, c->seq), b->p, b->len,
                       c->version, NULL);
  if (rc == SSVC_ECONFLICT) return ssvc__case_conflict(st->ctx, func, c->id);
  if (rc) return rc;
  uint8_t was[SSVC_KEY_STATE_LEN];
  rc = ssvc__index_step(st, func, was, ssvc__key_state(was, old_state, c->year, c->seq), k,
                        ssvc__key_state(k, c->state, c->year, c->seq));
  if (rc == SSVC_ENOTFOUND)
    rc = ssvc__err(st->ctx, SSVC_ESTORAGE, "%s: %s: its state index entry is missing", func, c->id);
  if (rc == SSVC_ECONFLICT) rc = ssvc__case_index_exists(st->ctx, func, c->year, c->seq);
  /* The IMEI entry goes when the IMEI is erased (a change never sets another IMEI). A case
   * stored before the IMEI index existed has no entry: nothing to remove then. */
  if (rc == SSVC_OK) {
    rc = ssvc__index_step(st, func, imei_was, imei_was_len, imei_now,
                          ssvc__key_imei(imei_now, c->customer, c->imei, c->year, c->seq));
    if (rc == SSVC_ENOTFOUND) rc = SSVC_OK;
  }
  /* A new charge waits for the invoice run: the case joins the uninvoiced-charges index. */
  if (rc == SSVC_OK && ch->has_ch)
    rc = ssvc__charge_index_add(st, func, c->customer, c->registered, c->year, c->seq);
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
  struct modify_args a = {func, id, actor, ch, ssvc__store_now(st)};
  rc = ssvc__txn_run(st, func, modify_body, &a);
  if (rc == SSVC_OK && ch->ev.kind == SSVC_CASE_EVENT_STATE)
    ssvc__log(ctx, SSVC_LOG_INFO, "case %s: %s -> %s", id, ssvc_case_state_name(ch->ev.from),
              ssvc_case_state_name(ch->ev.to));
  return rc;
}

/* Whether the case was ever swap-requested: then its swap or loan order moves it. */
static int pool_held(const ssvc_case *c) {
  for (size_t i = 0; i < c->nev; i++)
    if (c->ev[i].kind == SSVC_CASE_EVENT_STATE && c->ev[i].to == SSVC_CASE_SWAP_REQUESTED)
      return 1;
  return 0;
}

/* The SWAP pool operation that makes the move from @p from to @p to: in the agent's words (the
 * message) and the library function (the error's remedy, ssvc_ctx_errremedy()). */
static const char *pool_operation(int from, int to, const char **api) {
  if (to == SSVC_CASE_SWAP_REQUESTED)
    return *api = "ssvc_swap_reserve", "reserve a phone for it from the SWAP stock";
  if (to == SSVC_CASE_SHIPPED) return *api = "ssvc_swap_ship", "ship the phone of its order";
  if (to == SSVC_CASE_CANCELLED) return *api = "ssvc_swap_cancel", "cancel its order";
  if (from == SSVC_CASE_SHIPPED)
    return *api = "ssvc_swap_faulty_returned", "record the faulty phone's return on its order";
  if (from == SSVC_CASE_REPAIRED)
    return *api = "ssvc_swap_loan_returned", "record the loan phone's return on its order";
  return *api = "ssvc_swap_repaired", "record the repair on its order";
}

static int apply_transition(ssvc_ctx *ctx, const char *func, ssvc_case *c, struct change *ch) {
  if (!allowed(c->state, ch->to)) {
    char next[160];
    size_t n = 0;
    next[0] = '\0';
    for (int s = 1; s <= SSVC_CASE_STATE_MAX; s++)
      if (allowed(c->state, s))
        n += (size_t)snprintf(next + n, sizeof next - n, "%s%s", n ? ", " : "",
                              ssvc_case_state_name(s));
    return ssvc__err(ctx, SSVC_ESTATE, "%s: %s: cannot go from %s to %s (%s%s)", func, c->id,
                     ssvc_case_state_name(c->state), ssvc_case_state_name(ch->to),
                     n ? "it may go to " : "", n ? next : "the state is final");
  }
  if (ch->to == SSVC_CASE_SWAP_REQUESTED && !(c->features & SSVC_FEATURE_SWAP_ACTIVATION))
    return ssvc__err(ctx, SSVC_ENOTENTITLED,
                     "%s: %s: tier %s does not include SWAP activation (swap-requested)", func,
                     c->id, c->tier);
  if (!ch->pool &&
      (ch->to == SSVC_CASE_SWAP_REQUESTED || ch->to == SSVC_CASE_SHIPPED ||
       c->state == SSVC_CASE_SWAP_REQUESTED || c->state == SSVC_CASE_SHIPPED || pool_held(c))) {
    const char *api, *does = pool_operation(c->state, ch->to, &api);
    ssvc__log_api(ctx, func, api, NULL);
    return ssvc__err(ctx, SSVC_ESTATE,
                     "%s: %s: %s to %s belongs to the case's swap or loan order; %s", func, c->id,
                     ssvc_case_state_name(c->state), ssvc_case_state_name(ch->to), does);
  }
  int rc = ssvc__case_estimate_gate(ctx, func, c, ch->to);
  if (rc) return rc;
  ch->ev.kind = SSVC_CASE_EVENT_STATE;
  ch->ev.from = c->state;
  ch->ev.to = ch->to;
  ch->ev.note = ch->text;
  c->state = ch->to;
  return SSVC_OK;
}

static int transition(ssvc_store *store, const char *func, const char *id, int to,
                      const char *actor, const char *note, int pool) {
  if (!store) return SSVC_EINVAL;
  if (!ssvc_case_state_name(to))
    return ssvc__err(store->ctx, SSVC_EINVAL, "%s: to: not a case state (got %d)", func, to);
  int rc = ssvc__check_lines(store->ctx, func, "note", note, 0, 4096);
  if (rc) return rc;
  struct change ch;
  memset(&ch, 0, sizeof ch);
  ch.apply = apply_transition;
  ch.to = to;
  ch.pool = pool;
  ch.text = note;
  return modify(store, func, id, actor, &ch);
}

int ssvc_case_transition(ssvc_store *store, const char *id, int to, const char *actor,
                         const char *note) {
  return transition(store, "ssvc_case_transition", id, to, actor, note, 0);
}

int ssvc__case_transition_pool(ssvc_store *store, const char *func, const char *id, int to,
                               const char *actor, const char *note) {
  return transition(store, func, id, to, actor, note, 1);
}

static int require_open(ssvc_ctx *ctx, const char *func, const ssvc_case *c) {
  if (c->state >= SSVC_CASE_CLOSED)
    return ssvc__err(ctx, SSVC_ESTATE, "%s: %s: the case is %s", func, c->id,
                     ssvc_case_state_name(c->state));
  return SSVC_OK;
}

static int apply_diagnosis(ssvc_ctx *ctx, const char *func, ssvc_case *c, struct change *ch) {
  if (c->state != SSVC_CASE_DIAGNOSING)
    return ssvc__err(ctx, SSVC_ESTATE,
                     "%s: %s: the case is %s; a diagnosis is recorded while it is diagnosing", func,
                     c->id, ssvc_case_state_name(c->state));
  c->outcome = ch->outcome;
  c->transcript = ch->text;
  ch->ev.kind = SSVC_CASE_EVENT_DIAGNOSIS;
  ch->ev.note = ch->note ? ch->note : ssvc_case_outcome_name(ch->outcome);
  return SSVC_OK;
}

int ssvc__case_set_diagnosis(ssvc_store *store, const char *func, const char *id, int outcome,
                             const char *transcript, const char *note, const char *actor) {
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
  ch.note = note;
  return modify(store, func, id, actor, &ch);
}

int ssvc_case_set_diagnosis(ssvc_store *store, const char *id, int outcome,
                            const char *transcript, const char *actor) {
  return ssvc__case_set_diagnosis(store, "ssvc_case_set_diagnosis", id, outcome, transcript, NULL,
                                  actor);
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

static int apply_charge(ssvc_ctx *ctx, const char *func, ssvc_case *c, struct change *ch);

/* What a charged shipment needs: the shipment and, for the charge texts, what was shipped. */
struct ship_args {
  const char *func, *id, *actor, *what;
  ssvc_shipment s;
  int check_freight; /* the public call: freight_minor must be 0 or the agreement's sum */
};

static int ship_body(ssvc_store *st, void *arg) {
  struct ship_args *a = arg;
  ssvc_ctx *ctx = st->ctx;
  ssvc_case *c = NULL;
  ssvc_agreement *ag = NULL;
  int rc = load(st, a->func, a->id, &c);
  if (rc || (rc = require_open(ctx, a->func, c)) ||
      (rc = ssvc__agreement_load(st, a->func, c->customer, &ag)))
    goto out;
  int64_t freight, packaging;
  if ((rc = ssvc__shipment_prices(st, a->func, ag, c->customer, a->s.at, &freight, &packaging)))
    goto out;
  if (a->check_freight && a->s.freight_minor && a->s.freight_minor != freight + packaging) {
    rc = ssvc__err(ctx, SSVC_EINVAL,
                   "%s: shipment->freight_minor: the agreement of customer '%s' charges %" PRId64
                   " (freight %" PRId64 " + packaging %" PRId64 ", minor units) per shipment; "
                   "give 0 or that amount (got %" PRId64 ")",
                   a->func, c->customer, freight + packaging, freight, packaging,
                   a->s.freight_minor);
    goto out;
  }
  a->s.freight_minor = freight + packaging;
  struct change ch;
  memset(&ch, 0, sizeof ch);
  ch.apply = apply_shipment;
  ch.ship = &a->s;
  if ((rc = rewrite(st, a->func, c, &ch, a->s.at, a->actor))) goto out;
  char text[2][128];
  ssvc_case_charge g[2] = {SSVC_CASE_CHARGE_INIT, SSVC_CASE_CHARGE_INIT};
  g[0].kind = SSVC_CHARGE_FREIGHT;
  g[0].amount_minor = freight;
  g[1].kind = SSVC_CHARGE_PACKAGING;
  g[1].amount_minor = packaging;
  snprintf(text[0], sizeof text[0], "freight: %s", a->what);
  snprintf(text[1], sizeof text[1], "packaging: %s", a->what);
  for (int i = 0; i < 2 && rc == SSVC_OK; i++) {
    g[i].currency = "SEK";
    g[i].text = text[i];
    ssvc_case_free(c);
    c = NULL;
    if ((rc = load(st, a->func, a->id, &c))) break;
    memset(&ch, 0, sizeof ch);
    ch.apply = apply_charge;
    ch.charge = &g[i];
    rc = rewrite(st, a->func, c, &ch, a->s.at, a->actor);
  }
out:
  ssvc_agreement_free(ag);
  ssvc_case_free(c);
  return rc;
}

static int ship(ssvc_store *st, struct ship_args *a) {
  int rc = ssvc__check_lines(st->ctx, a->func, "actor", a->actor, 1, 256);
  if (rc) return rc;
  if (a->s.at == 0) a->s.at = ssvc__store_now(st);
  return ssvc__txn_run(st, a->func, ship_body, a);
}

int ssvc__case_ship(ssvc_store *st, const char *func, const char *id, const char *actor,
                    const ssvc_shipment *shipment, const char *what) {
  struct ship_args a = {func, id, actor, what, *shipment, 0};
  return ship(st, &a);
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
  if (shipment->kind == SSVC_SHIPMENT_REPLACEMENT) {
    ssvc__log_api(ctx, func, "ssvc_swap_ship", NULL);
    return ssvc__err(ctx, SSVC_EINVAL,
                     "%s: shipment->kind: a replacement phone leaves the SWAP stock when its order "
                     "is shipped",
                     func);
  }
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
  static const char *const what[] = {NULL, NULL, "faulty phone", "workshop shipment",
                                     "return shipment"};
  struct ship_args a = {func, id, actor, what[shipment->kind], *shipment, 1};
  return ship(store, &a);
}

static int apply_charge(ssvc_ctx *ctx, const char *func, ssvc_case *c, struct change *ch) {
  int rc = ssvc__case_warranty_charge_check(ctx, func, c, ch->charge->kind);
  if (rc) return rc;
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
/* Right to erasure: one case (erase.c finds the cases and does the rest)                      */

static int collect_cb(void *data, const void *key, size_t klen, const void *val, size_t vlen,
                      uint64_t ver) {
  (void)val;
  (void)vlen;
  (void)ver;
  ssvc__case_ids *l = data;
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

int ssvc__case_customer_ids(ssvc_store *st, const char *func, const char *customer,
                            ssvc__case_ids *l) {
  uint8_t lo[SSVC_KEY_CUSTOMER_MAX], hi[SSVC_KEY_CUSTOMER_MAX];
  size_t n = ssvc__case_key_customer_prefix(lo, customer);
  memcpy(hi, lo, n);
  hi[n - 1] = 1; /* just past every key of this customer */
  return ssvc__store_scan(st, func, lo, n, hi, n, collect_cb, l);
}

/* Masks the erased values in a text of the loaded case (it lives in the case's own allocation);
 * 1 when something was masked. */
static int mask_text(const ssvc__scrub *sc, const ssvc_case *c, const char *text) {
  const char *except[] = {c->customer, c->model};
  return text && *text &&
         ssvc__scrub_mask(sc, (uint8_t *)(uintptr_t)text, strlen(text), except, 2) > 0;
}

static int apply_erase(ssvc_ctx *ctx, const char *func, ssvc_case *c, struct change *ch) {
  (void)ctx;
  (void)func;
  c->name = c->phone = c->email = c->imei = c->serial = c->symptom = c->transcript = "";
  c->erased = 1;
  ssvc__case_estimate_erase(c);
  for (size_t i = 0; i < c->nev; i++)
    if (*c->ev[i].note && c->ev[i].kind != SSVC_CASE_EVENT_DIAGNOSIS) {
      c->ev[i].note = "";
      c->ev[i].raw = NULL; /* re-encoded without the note */
    }
  /* Shipments and charges stay (freight, amounts, the invoice); only a text naming the user is
   * masked. */
  for (size_t i = 0; i < c->nsh; i++)
    if (mask_text(ch->scrub, c, c->sh[i].s.carrier) | mask_text(ch->scrub, c, c->sh[i].s.tracking))
      c->sh[i].raw = NULL;
  for (size_t i = 0; i < c->nch; i++)
    if (mask_text(ch->scrub, c, c->ch[i].c.text)) c->ch[i].raw = NULL;
  ch->ev.kind = SSVC_CASE_EVENT_ERASED;
  return SSVC_OK;
}

int ssvc__case_erase(ssvc_store *st, const char *func, ssvc_case *c, int64_t now,
                     const char *actor, const ssvc__scrub *scrub) {
  struct change ch;
  memset(&ch, 0, sizeof ch);
  ch.apply = apply_erase;
  ch.scrub = scrub;
  return rewrite(st, func, c, &ch, now, actor);
}

/* ssvc_case_erase_user() is erase.c's: it is ssvc_erase_user() by contact. */
