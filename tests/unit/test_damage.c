/* damage: a store whose records were damaged behind the library's back (a disk error, a bad
 * restore, a hand edit): every reading call reports SSVC_ESTORAGE naming what it could not read,
 * or does not need the record; none crashes, leaks or answers with a made-up value.
 *
 * A day of work (agreement, SWAP units, cases with an order, notes and charges, an account
 * charge, a refill request, an invoice run) is stored; then, one stored value at a time and in
 * eight ways (emptied, cut to its header, cut in half, its last byte flipped, a field appended
 * with a runaway length, a number of more than 64 bits, field number 0 or a wire type that does
 * not exist), the value is damaged and every reader is run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <smartservice.h>

#include "fixtures.h"
#include "fresh_store.h"
#include "store_fault.h"

struct day {
  ssvc_ctx *ctx;
  ssvc_store *st;
  ssvc_storage_backend be; /* the store's backend, written to directly to damage it */
  char case1[SSVC_CASE_ID_SIZE], case2[SSVC_CASE_ID_SIZE], invoice[64];
};

/* A version-1 party, as a caller built before version 2 writes it. */
static const ssvc_party seller = {1, "Support Center AB", "556036-0793", "SE556036079301", NULL,
                                   NULL, "Stockholm", NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL,
                                   NULL, NULL};

/* The invoice run of @p month 2026 for ACME at instant @p now; the service invoice's number into
 * @p number (when given and made). Returns the run's status. */
static int run_invoices(struct day *d, int month, int64_t now, char *number, size_t size) {
  ssvc_catalog *cat = NULL;
  ssvc_pricelist *pl = NULL;
  assert_int_equal(ssvc_catalog_new(d->ctx, &cat), SSVC_OK);
  assert_int_equal(ssvc_pricelist_new(d->ctx, &pl, cat), SSVC_OK);
  ssvc_invoice_run_spec r = SSVC_INVOICE_RUN_SPEC_INIT;
  r.customer_id = "ACME";
  r.year = 2026;
  r.month = month;
  r.pricelist = pl;
  r.seller = &seller;
  ssvc_invoice *svc = NULL, *dir = NULL;
  fixture_now = now;
  int rc = ssvc_invoice_run(d->st, &svc, &dir, &r);
  if (!rc && number) snprintf(number, size, "%s", ssvc_invoice_number(svc));
  ssvc_invoice_free(svc);
  ssvc_invoice_free(dir);
  ssvc_pricelist_free(pl);
  ssvc_catalog_free(cat);
  return rc;
}

static void build_day(struct day *d) {
  ssvc_ctx_options o = SSVC_CTX_OPTIONS_INIT;
  o.clock = fixture_clock;
  fixture_now = STORE_FAULT_NOW;
  assert_int_equal(ssvc_ctx_new(&d->ctx, &o), SSVC_OK);
  assert_int_equal(ssvc_storage_memory_backend(d->ctx, &d->be), SSVC_OK);
  ssvc_storage_backend be = d->be;
  assert_int_equal(ssvc_store_open(d->ctx, &d->st, &be), SSVC_OK);
  ssvc_store *st = d->st;
  fixture_agreement(st, "ACME", "PROF", 100, 0, 0);
  for (int i = 1; i <= 3; i++)
    assert_int_equal(ssvc_swap_receive(st, "ACME", fixture_imei(i), "Fairphone 5", "lead", NULL),
                     SSVC_OK);
  fixture_case(st, d->case1, "ACME", "PROF", fixture_imei(500));
  assert_int_equal(ssvc_case_transition(st, d->case1, SSVC_CASE_DIAGNOSING, "agent", NULL), 0);
  assert_int_equal(ssvc_case_set_diagnosis(st, d->case1, SSVC_CASE_OUTCOME_DEFINITE_FAULT,
                                           "power? no", "agent"), SSVC_OK);
  ssvc_order ord = SSVC_ORDER_INIT;
  assert_int_equal(ssvc_swap_reserve(st, &ord, d->case1, NULL, "agent"), SSVC_OK);
  assert_int_equal(ssvc_swap_ship(st, &ord, d->case1, "PostNord", "PN1", "agent"), SSVC_OK);
  fixture_case(st, d->case2, "ACME", "PROF", fixture_imei(501));
  assert_int_equal(ssvc_case_add_note(st, d->case2, "agent", "called back"), SSVC_OK);
  ssvc_case_charge cc = SSVC_CASE_CHARGE_INIT;
  cc.kind = SSVC_CHARGE_REPAIR;
  cc.amount_minor = 49900;
  cc.text = "screen";
  assert_int_equal(ssvc_case_add_charge(st, d->case2, "agent", &cc), SSVC_OK);
  ssvc_charge ac = SSVC_CHARGE_INIT;
  ac.kind = SSVC_CHARGE_FREIGHT;
  ac.quantity = 1;
  ac.unit_price_minor = 8900;
  ac.date = (ssvc_date){2026, 3, 2};
  ac.text_sv = "Frakt";
  assert_int_equal(ssvc_charges_record(st, NULL, "ACME", &ac, "lead"), SSVC_OK);
  uint32_t number = 0, total = 0;
  assert_int_equal(ssvc_swap_refill_request(st, &number, &total, "ACME", "lead"), SSVC_OK);
  /* March's invoice, run on 1 April 08:00 Stockholm. */
  if (run_invoices(d, 4, INT64_C(1775023200), d->invoice, sizeof d->invoice))
    fail_msg("%s", ssvc_ctx_errmsg(d->ctx));
}

static void free_day(struct day *d) {
  ssvc_store_free(d->st);
  ssvc_ctx_free(d->ctx);
}

/* ---- the keys of the day ---- */

struct keys {
  uint8_t k[512][128];
  size_t len[512], vlen[512];
  size_t n;
};

static int key_cb(void *data, const void *k, size_t kl, const void *v, size_t vl, uint64_t ver) {
  (void)v, (void)ver;
  struct keys *ks = data;
  if (ks->n < 512 && kl <= 128) {
    memcpy(ks->k[ks->n], k, kl);
    ks->len[ks->n] = kl;
    ks->vlen[ks->n++] = vl;
  }
  return 0;
}

/* Replaces the value under key @p k with @p mode's damage of it (0..MODES-1). */
#define MODES 8
static void damage(struct day *d, const uint8_t *k, size_t kl, int mode) {
  void *u = d->be.user_data;
  assert_int_equal(d->be.begin(u, SSVC_STORAGE_TXN_WRITE), SSVC_OK);
  const void *v;
  size_t vl;
  uint64_t ver;
  assert_int_equal(d->be.get(u, k, kl, &v, &vl, &ver), SSVC_OK);
  uint8_t buf[65536 + 16];
  size_t n = vl < 65536 ? vl : 65536;
  memcpy(buf, v, n);
  switch (mode) {
  case 0: n = 0; break;                        /* emptied */
  case 1: n = n < 2 ? n : 2; break;            /* cut to its header */
  case 2: n /= 2; break;                       /* cut in half */
  case 3: if (n) buf[n - 1] ^= 0x5A; break;    /* its last byte flipped */
  case 4:                                      /* a field whose length runs past the end */
    memcpy(buf + n, "\x0A\xFF\xFF\xFF\xFF\x0F", 6);
    n += 6;
    break;
  case 5:                                      /* a number of more than 64 bits */
    memcpy(buf + n, "\x08\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x7F", 11);
    n += 11;
    break;
  case 6:                                      /* field number 0 */
    memcpy(buf + n, "\x00\x01", 2);
    n += 2;
    break;
  default:                                     /* a wire type that does not exist */
    memcpy(buf + n, "\x0F\x01", 2);
    n += 2;
    break;
  }
  assert_int_equal(d->be.put(u, k, kl, buf, n, ver, NULL), SSVC_OK);
  assert_int_equal(d->be.commit(u), SSVC_OK);
}

/* ---- the readers ---- */

static int any_id(void *ud, const char *id) {
  (void)id;
  ++*(int *)ud;
  return 0;
}
static int any_unit(void *ud, const ssvc_unit *u) {
  (void)u;
  ++*(int *)ud;
  return 0;
}
static int any_order(void *ud, const ssvc_order *o) {
  (void)o;
  ++*(int *)ud;
  return 0;
}
static int any_line(void *ud, const ssvc_refill_line *l) {
  (void)l;
  ++*(int *)ud;
  return 0;
}
static int any_charge(void *ud, uint32_t index, const ssvc_charge *c, int64_t at, const char *actor,
                      int invoiced) {
  (void)index, (void)c, (void)at, (void)actor, (void)invoiced;
  ++*(int *)ud;
  return 0;
}
static int any_invoice(void *ud, const char *number, int year, int month, int direct) {
  (void)number, (void)year, (void)month, (void)direct;
  ++*(int *)ud;
  return 0;
}
static int discard(void *ud, const char *b, size_t n) {
  (void)ud, (void)b, (void)n;
  return 0;
}

/* A change-feed entry, counted. */
static int any_change(void *data, const ssvc_change *c) {
  (void)c;
  ++*(int *)data;
  return 0;
}

/* Every reading call once; each result is SSVC_OK, SSVC_ENOTFOUND (a record that an index or a
 * listing no longer leads to) or SSVC_ESTORAGE with a message; the number of SSVC_ESTORAGE
 * answers is returned. */
static int read_everything(struct day *d) {
  ssvc_store *st = d->st;
  int n = 0, damaged = 0;
/* One reader: its result judged at once (the context keeps the last call's message). */
#define R(call)                                                                                 \
  do {                                                                                          \
    int rc_ = (call);                                                                           \
    if (rc_ == SSVC_ESTORAGE) {                                                                 \
      damaged++;                                                                                \
      if (!*ssvc_ctx_errmsg(d->ctx)) fail_msg("%s: SSVC_ESTORAGE without a message", #call);    \
    } else if (rc_ != SSVC_OK && rc_ != SSVC_ENOTFOUND) {                                       \
      fail_msg("%s: %s (%s)", #call, ssvc_status_name(rc_), ssvc_ctx_errmsg(d->ctx));           \
    }                                                                                           \
  } while (0)
  ssvc_agreement *a = NULL;
  R(ssvc_agreement_load(st, &a, "ACME"));
  ssvc_agreement_free(a);
  R(ssvc_agreement_list(st, any_id, &n));
  ssvc_case *c = NULL;
  R(ssvc_case_load(st, &c, d->case1));
  ssvc_case_free(c);
  c = NULL;
  R(ssvc_case_load(st, &c, d->case2));
  ssvc_case_free(c);
  R(ssvc_case_list_all(st, any_id, &n));
  R(ssvc_case_list_open(st, any_id, &n));
  R(ssvc_case_list_state(st, SSVC_CASE_REGISTERED, any_id, &n));
  R(ssvc_case_list_customer(st, "ACME", INT64_MIN, INT64_MAX, any_id, &n));
  ssvc_case_stats cs = SSVC_CASE_STATS_INIT;
  R(ssvc_case_stats_get(st, "ACME", &cs));
  R(ssvc_case_stats_get(st, NULL, &cs));
  ssvc_unit u = SSVC_UNIT_INIT;
  R(ssvc_swap_unit_get(st, &u, "ACME", fixture_imei(2)));
  R(ssvc_swap_unit_list(st, "ACME", any_unit, &n));
  ssvc_order o = SSVC_ORDER_INIT;
  R(ssvc_swap_order_get(st, &o, d->case1));
  R(ssvc_swap_order_list(st, "ACME", 0, any_order, &n));
  uint32_t total = 0, received = 0;
  R(ssvc_swap_advise(st, "ACME", &total, any_line, &n));
  int state = 0;
  R(ssvc_swap_refill_get(st, &state, &total, &received, "ACME", 1, any_line, &n));
  R(ssvc_charges_list(st, "ACME", any_charge, &n));
  R(ssvc_invoice_list(st, "ACME", any_invoice, &n));
  ssvc_invoice *inv = NULL;
  R(ssvc_invoice_load(st, &inv, d->invoice));
  ssvc_invoice_free(inv);
  ssvc_report_options ro = SSVC_REPORT_OPTIONS_INIT;
  ro.customer_id = "ACME";
  ro.from = (ssvc_date){2026, 3, 1};
  ro.to = (ssvc_date){2026, 3, 31};
  ssvc_report *rep = NULL;
  R(ssvc_report_new(st, &rep, &ro));
  ssvc_report_free(rep);
  R(ssvc_xml_export(st, NULL, discard, NULL, NULL));
  R(ssvc_changes_read(st, 0, any_change, &n));
  /* Records that only writers read: the case-id counter (a new case), the account's count (a
   * new charge), the watermarks, the invoice-number counter and the runs (May's invoice run). */
  char id[SSVC_CASE_ID_SIZE];
  ssvc_case_spec cspec = SSVC_CASE_SPEC_INIT;
  cspec.customer_id = "ACME";
  cspec.user_name = "Bo";
  cspec.imei = fixture_imei(502);
  cspec.model = "Fairphone 5";
  cspec.tier_code = "PROF";
  cspec.features = SSVC_FEATURE_ALL;
  cspec.actor = "agent";
  R(ssvc_case_create(st, id, &cspec));
  ssvc_charge ac = SSVC_CHARGE_INIT;
  ac.kind = SSVC_CHARGE_PACKAGING;
  ac.quantity = 1;
  ac.unit_price_minor = 2500;
  ac.date = (ssvc_date){2026, 4, 2};
  ac.text_sv = "Emballage";
  R(ssvc_charges_record(st, NULL, "ACME", &ac, "lead"));
  /* A charge on each case, so that May's run reads their watermarks: it reads only the cases
   * with charges waiting (the uninvoiced-charges index). */
  ssvc_case_charge cc = SSVC_CASE_CHARGE_INIT;
  cc.kind = SSVC_CHARGE_FREIGHT;
  cc.amount_minor = 8900;
  R(ssvc_case_add_charge(st, d->case1, "agent", &cc));
  R(ssvc_case_add_charge(st, d->case2, "agent", &cc));
  R(run_invoices(d, 5, INT64_C(1777615200), NULL, 0)); /* 2026-05-01 08:00 Stockholm */
#undef R
  return damaged;
}

static void every_damaged_record_is_reported(void **state) {
  (void)state;
  struct day d;
  build_day(&d);
  static struct keys ks;
  ks.n = 0;
  assert_int_equal(d.be.scan(d.be.user_data, "", 0, NULL, 0, key_cb, &ks), SSVC_OK);
  assert_int_equal(read_everything(&d), 0); /* the undamaged day reads whole */
  free_day(&d);
  assert_true(ks.n > 20 && ks.n < 512);
  size_t records = 0, noticed = 0;
  for (size_t i = 0; i < ks.n; i++) {
    if (ks.vlen[i] == 0) continue; /* an index entry: nothing to damage */
    records++;
    int seen = 0;
    for (int mode = 0; mode < MODES; mode++) {
      build_day(&d);
      damage(&d, ks.k[i], ks.len[i], mode);
      seen += read_everything(&d) > 0;
      free_day(&d);
    }
    if (seen) noticed++;
    else print_message("key %zu (%c...): no damage noticed\n", i, ks.k[i][0]);
  }
  print_message("%zu records damaged %d ways each; damage noticed in %zu of them\n", records,
                MODES, noticed);
  assert_true(records > 10);
  assert_true(noticed * 10 >= records * 9); /* almost every record is read by some call */
}

static void count_problem(void *ud, const char *line) {
  (void)line;
  ++*(int *)ud;
}

/* The problems ssvc_store_check() finds in the day (each also counted through the callback). */
static size_t check_day(struct day *d) {
  size_t problems = 99;
  int lines = 0;
  assert_int_equal(ssvc_store_check(d->st, count_problem, &lines, &problems), SSVC_OK);
  assert_int_equal((size_t)lines, problems);
  return problems;
}

/* ssvc_store_check() finds every damaged record the readers find, and every index entry removed
 * or left behind (doc/storage.md, "Damage"), and changes nothing. */
static void check_finds_the_damage(void **state) {
  (void)state;
  struct day d;
  build_day(&d);
  static struct keys ks;
  ks.n = 0;
  assert_int_equal(d.be.scan(d.be.user_data, "", 0, NULL, 0, key_cb, &ks), SSVC_OK);
  assert_int_equal(check_day(&d), 0); /* the undamaged day is clean */
  free_day(&d);
  size_t records = 0, found = 0, entries = 0, entries_found = 0;
  for (size_t i = 0; i < ks.n; i++) {
    uint8_t first = ks.k[i][0];
    int case_index = first == 'I' || first == 'S' || first == 'U';
    if (ks.vlen[i] == 0 && first == 'B' && ks.k[i][1] == 'P' && ks.len[i] >= 18 &&
        ks.k[i][ks.len[i] - 15] == 0) {
      /* An entry of the uninvoiced-charges index, left stale: its case number moved on. */
      entries++;
      build_day(&d);
      uint8_t k[128];
      memcpy(k, ks.k[i], ks.len[i]);
      k[ks.len[i] - 5]++;
      assert_int_equal(d.be.begin(d.be.user_data, SSVC_STORAGE_TXN_WRITE), SSVC_OK);
      assert_int_equal(d.be.put(d.be.user_data, k, ks.len[i], "", 0, SSVC_STORAGE_ANY, NULL),
                       SSVC_OK);
      assert_int_equal(d.be.commit(d.be.user_data), SSVC_OK);
      if (check_day(&d) > 0) entries_found++;
      else print_message("index key %zu (B P...): stale entry not found\n", i);
      free_day(&d);
      continue;
    }
    if (ks.vlen[i] == 0) {
      if (!case_index) continue; /* the pool's own indexes: not cross-checked */
      entries++;
      build_day(&d); /* the entry removed: its case is missing from the index */
      void *u = d.be.user_data;
      assert_int_equal(d.be.begin(u, SSVC_STORAGE_TXN_WRITE), SSVC_OK);
      assert_int_equal(d.be.del(u, ks.k[i], ks.len[i], SSVC_STORAGE_ANY), SSVC_OK);
      assert_int_equal(d.be.commit(u), SSVC_OK);
      size_t p = check_day(&d);
      free_day(&d);
      build_day(&d); /* a stale entry: the year of its case number raised by one */
      u = d.be.user_data;
      uint8_t k[128];
      memcpy(k, ks.k[i], ks.len[i]);
      k[ks.len[i] - 5]++;
      assert_int_equal(d.be.begin(u, SSVC_STORAGE_TXN_WRITE), SSVC_OK);
      assert_int_equal(d.be.put(u, k, ks.len[i], "", 0, SSVC_STORAGE_ANY, NULL), SSVC_OK);
      assert_int_equal(d.be.commit(u), SSVC_OK);
      size_t q = check_day(&d);
      free_day(&d);
      if (p > 0 && q > 0) entries_found++;
      else print_message("index key %zu (%c...): removed %zu, stale %zu problems\n", i, first, p, q);
      continue;
    }
    records++;
    int seen = 0;
    for (int mode = 0; mode < MODES; mode++) {
      build_day(&d);
      damage(&d, ks.k[i], ks.len[i], mode);
      seen += check_day(&d) > 0;
      free_day(&d);
    }
    /* A flipped byte or an extra number may still be a well-formed record: no checksum. */
    if (seen >= MODES / 2) found++;
    else print_message("key %zu (%c...): damage found %d of %d ways\n", i, first, seen, MODES);
  }
  print_message("check: %zu of %zu records found damaged most ways; %zu of %zu index entries "
                "found removed and stale\n", found, records, entries_found, entries);
  assert_int_equal(entries_found, entries);
  assert_true(entries > 5);
  assert_int_equal(found, records);
}

/* Overwrites the value of key @p k (of @p kl bytes) in the day's store with @p v. */
static void put_raw(struct day *d, const void *k, size_t kl, const void *v, size_t vl) {
  void *u = d->be.user_data;
  assert_int_equal(d->be.begin(u, SSVC_STORAGE_TXN_WRITE), SSVC_OK);
  assert_int_equal(d->be.put(u, k, kl, v, vl, SSVC_STORAGE_ANY, NULL), SSVC_OK);
  assert_int_equal(d->be.commit(u), SSVC_OK);
}

static void key_scan(struct day *d, struct keys *ks) {
  ks->n = 0;
  assert_int_equal(d->be.scan(d->be.user_data, "", 0, NULL, 0, key_cb, ks), SSVC_OK);
}

/* The counters behind the numbers given, and the uninvoiced-charges index: a case-number or
 * invoice-number counter set back below a number in use, and an index entry for a case that does
 * not exist, are each one problem. */
static void check_finds_counters_and_charge_index(void **state) {
  (void)state;
  static struct keys ks;
  for (int what = 0; what < 3; what++) {
    struct day d;
    build_day(&d);
    ssvc_case_charge cc = SSVC_CASE_CHARGE_INIT; /* a charge no invoice carries yet */
    cc.kind = SSVC_CHARGE_REPAIR;
    cc.amount_minor = 100;
    assert_int_equal(ssvc_case_add_charge(d.st, d.case1, "agent", &cc), SSVC_OK);
    assert_int_equal(check_day(&d), 0);
    key_scan(&d, &ks);
    size_t hits = 0;
    for (size_t i = 0; i < ks.n; i++) {
      const uint8_t *k = ks.k[i];
      if (what == 0 && k[0] == 'N') { /* the case-number counter of 2026, back at 0 */
        uint8_t zero[4] = {'N', 1, 0x08, 0x00}; /* record type, format 1, field 1 = 0 */
        put_raw(&d, k, ks.len[i], zero, sizeof zero);
        hits++;
      } else if (what == 1 && k[0] == 'B' && k[1] == 'N') {
        uint8_t zero[4] = {'N', 1, 0x08, 0x00};
        put_raw(&d, k, ks.len[i], zero, sizeof zero);
        hits++;
      } else if (what == 2 && k[0] == 'B' && k[1] == 'P' && ks.len[i] >= 18 &&
                 k[ks.len[i] - 15] == 0) {
        uint8_t moved[128];
        memcpy(moved, k, ks.len[i]);
        moved[ks.len[i] - 1] ^= 0x40; /* another case number */
        put_raw(&d, moved, ks.len[i], "", 0);
        hits++;
      }
    }
    assert_true(hits > 0);
    size_t problems = check_day(&d);
    if (problems == 0) print_message("damage %d not found\n", what);
    assert_true(problems > 0);
    free_day(&d);
  }
}

/* The read-only check itself: bad arguments, and inside a transaction. */
static void check_arguments(void **state) {
  (void)state;
  struct day d;
  build_day(&d);
  size_t problems = 7;
  assert_int_equal(ssvc_store_check(NULL, NULL, NULL, &problems), SSVC_EINVAL);
  assert_int_equal(problems, 0);
  assert_int_equal(ssvc_store_check(d.st, NULL, NULL, NULL), SSVC_OK);
  assert_int_equal(ssvc_store_begin(d.st), SSVC_OK);
  assert_int_equal(ssvc_store_check(d.st, NULL, NULL, &problems), SSVC_ESTATE);
  assert_string_equal(ssvc_ctx_errmsg(d.ctx), "ssvc_store_check: a transaction is open");
  assert_int_equal(ssvc_store_rollback(d.st), SSVC_OK);
  free_day(&d);
}

/* ---- ssvc_store_check under faults: a failed storage call or allocation is an error, never a
 * verdict of "clean" or a made-up problem ---- */

static void *fx_pool(ssvc_store *st) {
  char id[SSVC_CASE_ID_SIZE];
  fixture_agreement(st, "ACME", "PROF", 100, 0, 0);
  fixture_case(st, id, "ACME", "PROF", fixture_imei(1));
  assert_int_equal(ssvc_swap_receive(st, "ACME", fixture_imei(2), "Fairphone 5", "lead", NULL),
                   SSVC_OK);
  assert_int_equal(ssvc_case_transition(st, id, SSVC_CASE_DIAGNOSING, "agent", NULL), 0);
  assert_int_equal(ssvc_case_set_diagnosis(st, id, SSVC_CASE_OUTCOME_DEFINITE_FAULT, "power? no",
                                           "agent"), SSVC_OK);
  assert_int_equal(ssvc_swap_reserve(st, NULL, id, NULL, "agent"), SSVC_OK);
  return NULL;
}

static int op_check(ssvc_store *st, void *u) {
  (void)u;
  size_t problems = 1;
  int rc = ssvc_store_check(st, NULL, NULL, &problems);
  return rc ? rc : problems ? SSVC_EINTERNAL : SSVC_OK;
}

static const struct store_op check_op = {"ssvc_store_check", fx_pool, op_check, NULL};

static void check_fails_cleanly(void **state) {
  (void)state;
  assert_true(fault_every_storage_call(&check_op) > 0);
  assert_true(fault_every_store_alloc(&check_op) > 0);
  fresh_sqlite_begin(SSVC_TEST_TMP, "test_damage");
  assert_true(fault_every_storage_call(&check_op) > 0);
  fresh_store_end();
}

/* The check on PostgreSQL (`test_damage pg`, ctest unit.damage.pg): it is the same code over any
 * backend (PostgreSQL has no check callback of its own), with a failure at every storage call. */
#include "pg_env.h"
static char pg_dsn[1024];

static void check_fails_cleanly_on_pg(void **state) {
  (void)state;
  fresh_pg_begin(pg_dsn, "test_damage");
  assert_true(fault_every_storage_call(&check_op) > 0);
  fresh_store_end();
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "pg") == 0) {
    pg_test_require("unit.damage.pg", pg_dsn, sizeof pg_dsn);
    const struct CMUnitTest pg_tests[] = {cmocka_unit_test(check_fails_cleanly_on_pg)};
    return cmocka_run_group_tests_name("check on PostgreSQL", pg_tests, NULL, NULL);
  }
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_damaged_record_is_reported),
      cmocka_unit_test(check_finds_the_damage),
      cmocka_unit_test(check_arguments),
      cmocka_unit_test(check_finds_counters_and_charge_index),
      cmocka_unit_test(check_fails_cleanly),
  };
  return cmocka_run_group_tests_name("damaged records", tests, NULL, NULL);
}
