/* store_check: ssvc_store_check(), the whole store read and cross-checked (doc/storage.md,
 * "Damage"). One read transaction: the backend's own check (SQLite's integrity check), then one
 * scan over every key, each record decoded by the module that owns its key space, and each index
 * entry, case and counter checked against the others through get. */
#include <stdio.h>
#include <string.h>

#include "roster_record.h"
#include "case_keys.h"
#include "case_record.h"
#include "charge_index.h"
#include "invoice_store.h"
#include "swap_record.h"
#include "workshop_internal.h"
#include "charges_internal.h"
#include "smartservice/center.h"
#include "smartservice/report.h"

struct check {
  ssvc_store *st;
  ssvc_storage_problem_fn fn;
  void *cb;
  size_t problems;
  int error; /* a storage error that stopped the check (message set) */
};

static const char func[] = "ssvc_store_check";

static void problem(struct check *k, const char *fmt, ...) SSVC_PRINTF(2, 3);
static void problem(struct check *k, const char *fmt, ...) {
  char line[SSVC_ERRMSG_MAX + 128];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  k->problems++;
  if (k->fn) k->fn(k->cb, line);
}

static void backend_problem(void *data, const char *line) { problem(data, "%s", line); }

/* The context's last message (a decoder's), for a problem line. */
static const char *why(struct check *k) { return ssvc_ctx_errtext(k->st->ctx); }

/* Whether @p key exists: 1, 0, or -1 after a storage error (recorded in k->error). */
static int exists(struct check *k, const uint8_t *key, size_t klen) {
  const void *v;
  size_t vlen;
  uint64_t ver;
  int rc = ssvc__store_get(k->st, func, key, klen, &v, &vlen, &ver);
  if (rc == SSVC_OK) return 1;
  if (rc == SSVC_ENOTFOUND) return 0;
  k->error = rc;
  return -1;
}

/* A case: decoded; its index entries and its year's counter are there. */
static int check_case(struct check *k, const uint8_t *key, size_t klen, const void *v,
                      size_t vlen, uint64_t ver) {
  char id[SSVC_CASE_ID_SIZE];
  if (klen != SSVC_KEY_CASE_LEN) {
    problem(k, "a case key of %zu bytes (not %d)", klen, SSVC_KEY_CASE_LEN);
    return 0;
  }
  uint32_t year = rd16(key + 1), seq = rd32(key + 3);
  ssvc__case_format_id(id, year, seq);
  ssvc_case *c = NULL;
  int rc = ssvc__case_decode_case(k->st->ctx, func, year, seq, v, vlen, ver, &c);
  if (rc == SSVC_ENOMEM) return rc;
  if (rc) {
    problem(k, "case %s cannot be read: %s", id, why(k));
    return 0;
  }
  ssvc_case_info in;
  memset(&in, 0, sizeof in);
  in.version = SSVC_CASE_INFO_VERSION;
  ssvc_case_info_get(c, &in);
  uint8_t ik[SSVC_KEY_IMEI_MAX > SSVC_KEY_CUSTOMER_MAX ? SSVC_KEY_IMEI_MAX
                                                       : SSVC_KEY_CUSTOMER_MAX];
  size_t n;
  int e;
  if ((e = exists(k, ik, ssvc__key_state(ik, in.state, year, seq))) == 0)
    problem(k, "case %s is missing from the index of its state (%s)", id,
            ssvc_case_state_name(in.state));
  if (e >= 0 && strlen(in.customer_id) <= SSVC_AGREEMENT_ID_MAX &&
      (e = exists(k, ik, ssvc__key_customer(ik, in.customer_id, in.registered_at, year, seq))) == 0)
    problem(k, "case %s is missing from the case list of customer %s", id, in.customer_id);
  if (e >= 0 && !in.erased && strlen(in.customer_id) <= SSVC_AGREEMENT_ID_MAX &&
      (n = ssvc__key_imei(ik, in.customer_id, in.imei, year, seq)) > 0 &&
      (e = exists(k, ik, n)) == 0)
    problem(k, "case %s is missing from the IMEI index (%s)", id, in.imei);
  uint32_t last = 0;
  uint64_t cver;
  if (e >= 0) {
    rc = ssvc__case_read_counter(k->st, func, year, &last, &cver);
    if (rc == SSVC_ENOMEM) e = -1, k->error = rc;
    else if (rc) problem(k, "the case-number counter of %u cannot be read: %s", year, why(k));
    else if (last < seq)
      problem(k, "the case-number counter of %u is at %u, below case %s: the next case would "
                 "take a number in use",
              year, last, id);
  }
  ssvc_case_free(c);
  return e < 0 ? k->error : 0;
}

/* An index entry ('I', 'S', 'U'): its case exists and has the entry's key. */
static int check_index(struct check *k, const uint8_t *key, size_t klen) {
  static const char *const names[] = {"IMEI index", "state index", "customer's case list"};
  int which = key[0] == SSVC_KEY_CASE_IMEI ? 0 : key[0] == SSVC_KEY_CASE_STATE ? 1 : 2;
  if (klen < 7 || klen > 128) {
    problem(k, "an entry of the %s has a key of %zu bytes", names[which], klen);
    return 0;
  }
  uint32_t year = rd16(key + klen - 6), seq = rd32(key + klen - 4);
  char id[SSVC_CASE_ID_SIZE];
  ssvc__case_format_id(id, year, seq);
  ssvc_case *c = NULL;
  int rc = ssvc__case_load_num(k->st, func, year, seq, &c);
  if (rc == SSVC_ENOTFOUND) {
    problem(k, "the %s has an entry for case %s, which does not exist", names[which], id);
    return 0;
  }
  if (rc) return rc == SSVC_ENOMEM ? rc : 0; /* a damaged case is reported under its own key */
  ssvc_case_info in;
  memset(&in, 0, sizeof in);
  in.version = SSVC_CASE_INFO_VERSION;
  ssvc_case_info_get(c, &in);
  uint8_t want[128];
  size_t n = 0;
  if (strlen(in.customer_id) <= SSVC_AGREEMENT_ID_MAX)
    n = which == 0   ? (in.erased ? 0 : ssvc__key_imei(want, in.customer_id, in.imei, year, seq))
        : which == 1 ? ssvc__key_state(want, in.state, year, seq)
                     : ssvc__key_customer(want, in.customer_id, in.registered_at, year, seq);
  if (n != klen || memcmp(want, key, n) != 0)
    problem(k, "the %s has a stale entry for case %s (the case's %s differs)", names[which], id,
            which == 0 ? "IMEI or customer" : which == 1 ? "state" : "customer or registration");
  ssvc_case_free(c);
  return 0;
}

/* A case the SWAP pool refers to exists. */
static int check_case_ref(struct check *k, const char *what, const char *imei_or_id,
                          const char *case_id) {
  uint32_t year, seq;
  if (ssvc__case_parse_id(k->st->ctx, func, case_id, &year, &seq)) {
    problem(k, "SWAP %s %s names a malformed case id '%s'", what, imei_or_id, case_id);
    return 0;
  }
  uint8_t ck[SSVC_KEY_CASE_LEN];
  int e = exists(k, ck, ssvc__key_case(ck, year, seq));
  if (e == 0) problem(k, "SWAP %s %s serves case %s, which does not exist", what, imei_or_id,
                      case_id);
  return e < 0 ? k->error : 0;
}

/* The printable text of @p key after its first two bytes, its NULs as spaces ("ACME 3500..."). */
static void key_text(char *out, size_t size, const uint8_t *key, size_t klen) {
  size_t n = 0;
  for (size_t i = 2; i < klen && n + 1 < size; i++)
    out[n++] = key[i] == 0 ? ' ' : key[i] >= 0x20 && key[i] < 0x7F ? (char)key[i] : '?';
  out[n] = 0;
}

static int check_swap(struct check *k, const uint8_t *key, size_t klen, const uint8_t *v,
                      size_t vlen) {
  if (vlen == 0) return 0; /* an index entry of the pool */
  if (v[0] == SSVC_REC_UNIT) {
    ssvc_unit u = SSVC_UNIT_INIT;
    if (ssvc__swap_decode_unit(v, vlen, &u)) {
      char what[160];
      key_text(what, sizeof what, key, klen);
      problem(k, "SWAP unit %s cannot be read (the stored record is malformed)", what);
      return 0;
    }
    if ((u.state == SSVC_UNIT_RESERVED || u.state == SSVC_UNIT_SHIPPED) && !u.case_id[0])
      problem(k, "SWAP unit %s is %s for no case", u.imei, ssvc_unit_state_name(u.state));
    else if (u.state == SSVC_UNIT_RESERVED || u.state == SSVC_UNIT_SHIPPED)
      return check_case_ref(k, "unit", u.imei, u.case_id);
    return 0;
  }
  if (v[0] == SSVC_REC_ORDER) {
    ssvc_order o;
    memset(&o, 0, sizeof o);
    o.version = SSVC_ORDER_VERSION;
    if (ssvc__swap_decode_order(v, vlen, &o)) {
      problem(k, "a SWAP order record cannot be read");
      return 0;
    }
    return check_case_ref(k, "order of", o.case_id, o.case_id);
  }
  if (v[0] != SSVC_REC_REFILL) problem(k, "a SWAP record of unknown type 0x%02x", v[0]);
  else if (ssvc__swap_refill_valid(v, vlen)) problem(k, "a SWAP refill request cannot be read");
  return 0;
}

/* Invoice INV-YYYY-NNNNNN (credit note CRN-YYYY-NNNNNN): the invoice-number (credit-note)
 * counter of YYYY has given NNNNNN. */
static int check_invoice_number(struct check *k, const char *number) {
  int year;
  unsigned seq;
  char tail;
  int credit = strncmp(number, "CRN-", 4) == 0;
  if (sscanf(number + 4, "%4d-%6u%c", &year, &seq, &tail) != 2 || year < 1 ||
      (!credit && strncmp(number, "INV-", 4) != 0)) {
    problem(k, "invoice %s has a number of no known form", number);
    return 0;
  }
  uint8_t ck[4] = {SSVC_KEY_BILLING, credit ? 'O' : 'N'};
  be16(ck + 2, (uint32_t)year);
  uint32_t last;
  uint64_t ver;
  int rc = ssvc__inv_read_uint_rec(k->st, func, ck, sizeof ck, REC_COUNTER,
                                   credit ? "credit-note counter" : "invoice-number counter",
                                   &last, &ver);
  if (rc == SSVC_ENOMEM) return rc;
  if (rc == SSVC_OK && last < seq)
    problem(k, "the %s counter of %d is at %u, below %s: the next one would take a number in "
               "use", credit ? "credit-note" : "invoice-number", year, last, number);
  return 0; /* a counter that cannot be read is reported under its own key */
}

/* An entry of the uninvoiced-charges index: its case exists, of that customer, registered then. */
static int check_charge_index(struct check *k, const uint8_t *key, size_t klen) {
  const uint8_t *nul = memchr(key + 2, 0, klen - 2);
  size_t tail = nul ? klen - (size_t)(nul + 1 - key) : 0;
  if (!nul || (tail != 0 && tail != SSVC__CHARGE_INDEX_TAIL)) {
    problem(k, "an entry of the uninvoiced-charges index has a key of %zu bytes", klen);
    return 0;
  }
  if (tail == 0) return 0; /* the customer's built marker */
  int64_t registered;
  uint32_t year, seq;
  ssvc__charge_index_tail(nul + 1, &registered, &year, &seq);
  char id[SSVC_CASE_ID_SIZE];
  ssvc__case_format_id(id, year, seq);
  ssvc_case *c = NULL;
  int rc = ssvc__case_load_num(k->st, func, year, seq, &c);
  if (rc == SSVC_ENOTFOUND) {
    problem(k, "the uninvoiced-charges index has an entry for case %s, which does not exist", id);
    return 0;
  }
  if (rc) return rc == SSVC_ENOMEM ? rc : 0; /* a damaged case is reported under its own key */
  ssvc_case_info in;
  memset(&in, 0, sizeof in);
  in.version = SSVC_CASE_INFO_VERSION;
  ssvc_case_info_get(c, &in);
  uint8_t want[SSVC__CHARGE_INDEX_KEY_MAX];
  size_t n = strlen(in.customer_id) <= SSVC_AGREEMENT_ID_MAX
                 ? ssvc__charge_index_key(want, in.customer_id, in.registered_at, year, seq)
                 : 0;
  if (n != klen || memcmp(want, key, n) != 0)
    problem(k, "the uninvoiced-charges index has a stale entry for case %s (the case's customer "
               "or registration differs)", id);
  ssvc_case_free(c);
  return 0;
}

static int check_billing(struct check *k, const uint8_t *key, size_t klen, const uint8_t *v,
                         size_t vlen) {
  if (klen < 2) {
    problem(k, "an invoice-space key of %zu bytes", klen);
    return 0;
  }
  if (key[1] == 'I') {
    char number[NUMBER_MAX + 1];
    size_t n = klen - 2 < NUMBER_MAX ? klen - 2 : NUMBER_MAX;
    memcpy(number, key + 2, n);
    number[n] = 0;
    ssvc_invoice *inv = NULL;
    int rc = ssvc__inv_decode_invoice(k->st->ctx, func, number, v, vlen, &inv);
    ssvc_invoice_free(inv);
    if (rc == SSVC_ENOMEM) return rc;
    if (rc) problem(k, "invoice %s cannot be read: %s", number, why(k));
    return check_invoice_number(k, number);
  } else if (key[1] == 'P') {
    return check_charge_index(k, key, klen);
  } else if (key[1] == 'M') {
    struct run_rec r;
    if (ssvc__inv_decode_run(v, vlen, &r)) problem(k, "an invoice run record cannot be read");
  } else if (key[1] == 'A') {
    if (ssvc__inv_account_valid(v, vlen)) problem(k, "a charge on an account cannot be read");
  } else if (key[1] == 'S') {
    ssvc_center *c = NULL;
    int rc = ssvc_center_load(k->st, &c);
    ssvc_center_free(c);
    if (rc == SSVC_ENOMEM) return rc;
    if (rc) problem(k, "the Support Center's identity cannot be read: %s", why(k));
  } else if (key[1] == 'N' || key[1] == 'O' || key[1] == 'H' || key[1] == 'K') {
    static const char *const what[] = {"invoice-number counter", "invoiced mark of a case",
                                       "count of an account's charges", "credit-note counter"};
    int w = key[1] == 'N' ? 0 : key[1] == 'H' ? 1 : key[1] == 'K' ? 2 : 3;
    uint8_t type = key[1] == 'N' || key[1] == 'O' ? REC_COUNTER
                   : key[1] == 'H'                ? REC_MARK
                                                  : REC_ACCOUNT_COUNT;
    uint32_t n;
    uint64_t ver;
    int rc = ssvc__inv_read_uint_rec(k->st, func, key, klen, type, what[w], &n, &ver);
    if (rc == SSVC_ENOMEM) return rc;
    if (rc) problem(k, "the %s cannot be read: %s", what[w], why(k));
  }
  return 0;
}

static int check_agreement(struct check *k, const uint8_t *key, size_t klen) {
  char customer[SSVC_AGREEMENT_ID_MAX + 1];
  if (klen < 2 || klen - 1 > SSVC_AGREEMENT_ID_MAX || memchr(key + 1, 0, klen - 1)) {
    problem(k, "an agreement key of %zu bytes that names no customer", klen);
    return 0;
  }
  memcpy(customer, key + 1, klen - 1);
  customer[klen - 1] = 0;
  struct ssvc_agreement *a = NULL;
  int rc = ssvc__agreement_load(k->st, func, customer, &a);
  if (rc == SSVC_ENOMEM) return rc;
  if (rc) problem(k, "the agreement of customer %s cannot be read: %s", customer, why(k));
  ssvc_agreement_free(a);
  return 0;
}

static int check_counter(struct check *k, const uint8_t *key, size_t klen) {
  if (klen != SSVC_KEY_COUNTER_LEN) {
    problem(k, "a case-number counter key of %zu bytes", klen);
    return 0;
  }
  uint32_t last;
  uint64_t ver;
  int rc = ssvc__case_read_counter(k->st, func, rd16(key + 1), &last, &ver);
  if (rc == SSVC_ENOMEM) return rc;
  if (rc) problem(k, "the case-number counter of %u cannot be read: %s", rd16(key + 1), why(k));
  return 0;
}

/* A customer's report targets ('Q' customer 0): read back as ssvc_report_targets_get() does. */
static int check_targets(struct check *k, const uint8_t *key, size_t klen) {
  char customer[SSVC_AGREEMENT_ID_MAX + 1];
  if (klen < 3 || klen - 2 > SSVC_AGREEMENT_ID_MAX || key[klen - 1] != 0 ||
      memchr(key + 1, 0, klen - 2)) {
    problem(k, "a report-targets key of %zu bytes that names no customer", klen);
    return 0;
  }
  memcpy(customer, key + 1, klen - 2);
  customer[klen - 2] = 0;
  ssvc_report_targets t;
  memset(&t, 0, sizeof t);
  t.version = SSVC_REPORT_TARGETS_VERSION;
  int rc = ssvc_report_targets_get(k->st, customer, &t);
  if (rc == SSVC_ENOMEM) return rc;
  if (rc) problem(k, "the report targets of customer %s cannot be read: %s", customer, why(k));
  return 0;
}

static int check_one(void *data, const void *key, size_t klen, const void *val, size_t vlen,
                     uint64_t ver) {
  struct check *k = data;
  const uint8_t *kb = key;
  int rc = 0;
  unsigned long failures = k->st->failures;
  if (klen == 0) {
    problem(k, "an empty key");
    return 0;
  }
  switch (kb[0]) {
  case SSVC_KEY_CASE: rc = check_case(k, kb, klen, val, vlen, ver); break;
  case SSVC_KEY_CASE_IMEI: case SSVC_KEY_CASE_STATE: case SSVC_KEY_CASE_CUSTOMER:
    rc = check_index(k, kb, klen);
    break;
  case SSVC_KEY_CASE_COUNTER: rc = check_counter(k, kb, klen); break;
  case SSVC_KEY_AGREEMENT: rc = check_agreement(k, kb, klen); break;
  case SSVC_KEY_SWAP: rc = check_swap(k, kb, klen, val, vlen); break;
  case SSVC_KEY_BILLING: rc = check_billing(k, kb, klen, val, vlen); break;
  case SSVC_KEY_PRICE:
    if (ssvc__price_valid(kb, klen, val, vlen)) problem(k, "a stored price cannot be read");
    break;
  case SSVC_KEY_FEED:
    if (ssvc__changes_valid(kb, klen, val, vlen))
      problem(k, "an entry of the change feed cannot be read");
    break;
  case SSVC_KEY_REPORT_TARGETS: rc = check_targets(k, kb, klen); break;
  case SSVC_KEY_ROSTER: {
    const char *bad = ssvc__roster_check(k->st, kb, klen, val, vlen);
    if (bad) problem(k, "%s", bad);
    break;
  }
  case SSVC_KEY_BACKUP_PHONE:
    if (ssvc__backup_phone_valid(val, vlen)) problem(k, "a backup phone cannot be read");
    break;
  case SSVC_KEY_STOCK_ORDER:
    if (ssvc__stock_order_valid(val, vlen)) problem(k, "a stock change order cannot be read");
    break;
  case SSVC_KEY_REPAIR_ORDER:
    if (ssvc__repair_valid(val, vlen)) problem(k, "a repair order cannot be read");
    break;
  default: problem(k, "a key in an unknown key space (first byte 0x%02x)", kb[0]);
  }
  /* A record that could not be read because the backend failed is no verdict on the record. */
  if (rc == 0 && k->st->failures != failures) {
    rc = ssvc_ctx_errcode(k->st->ctx);
    k->error = rc = rc < 0 ? rc : SSVC_ESTORAGE;
  }
  return rc < 0 ? rc : 0;
}

int ssvc_store_check(ssvc_store *store, ssvc_storage_problem_fn fn, void *user_data,
                     size_t *problems) {
  if (problems) *problems = 0;
  if (!store) return SSVC_EINVAL;
  if (store->depth > 0)
    return ssvc__err(store->ctx, SSVC_ESTATE, "ssvc_store_check: a transaction is open");
  struct check k = {store, fn, user_data, 0, 0};
  int rc = SSVC_OK;
  if (store->be.check) {
    rc = store->be.check(store->be.user_data, backend_problem, &k);
    if (rc) return ssvc__store_fail(store, func, rc < 0 ? rc : SSVC_ESTORAGE);
  }
  /* One snapshot for the scan and its cross-checks. */
  rc = store->be.begin(store->be.user_data, 0);
  if (rc) return ssvc__store_fail(store, func, rc < 0 ? rc : SSVC_ESTORAGE);
  rc = ssvc__store_scan(store, func, NULL, 0, NULL, 0, check_one, &k);
  store->be.rollback(store->be.user_data);
  if (rc == SSVC_OK && k.error) rc = k.error;
  if (problems) *problems = k.problems;
  return rc;
}
