/* The right to erasure (smartservice/erase.h, doc/erasure.md): one call erases a user everywhere,
 * found by phone, e-mail, name or IMEI; statistics and invoices do not change; the raw SQLite
 * file and its WAL, a dump of every row and the XML export no longer hold the user's values;
 * the agreement's retention erases old closed cases; the older calls are aliases; every new
 * operation fails cleanly at every allocation and storage call, on memory and SQLite. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include <smartservice.h>
#include <smartservice/sqlite.h>

#include "fixtures.h"
#include "fresh_store.h"
#include "store_fault.h"

#define NAME "Greta Lindqvist"
#define PHONE "+46709998877"
#define EMAIL "greta.lindqvist@example.se"
#define SERIAL "SER-GRETA-0001"
#define OTHER_NAME "Bo Ekstrom-Sand"
#define OTHER_PHONE "+46705554433"
#define FP5 "Fairphone 5"
#define APRIL_2 (STORE_FAULT_NOW + 31 * 86400) /* 2026-04-02 */

static const char *const G = "SC-2026-000001", *const B = "SC-2026-000002";

/* The user's IMEI and the other user's. */
static const char *imei_g(void) { return fixture_imei(77); }
static const char *imei_b(void) { return fixture_imei(88); }

static void new_case(ssvc_store *st, const char *name, const char *phone, const char *email,
                     const char *imei, const char *serial, const char *symptom) {
  ssvc_case_spec s = SSVC_CASE_SPEC_INIT;
  s.customer_id = "ACME";
  s.user_name = name;
  s.user_phone = phone;
  s.user_email = email;
  s.imei = imei;
  s.serial = serial;
  s.model = FP5;
  s.tier_code = "PROF";
  s.features = SSVC_FEATURE_ALL;
  s.symptom = symptom;
  s.actor = "agent";
  char id[SSVC_CASE_ID_SIZE];
  /* The suite's users share phones across open cases: the second is deliberate. */
  fixture_agreement_once(st, s.customer_id, "PROF");
  s.flags |= SSVC_CASE_SECOND_OPEN;
  assert_int_equal(ssvc_case_create(st, id, &s), SSVC_OK);
}

/* Moves the clock the store reads to @p t. */
typedef void (*set_clock_fn)(int64_t t);

/* A day of the Support Center on ACME (PROF, swap, repaired phones back to the user), moved on
 * to an invoice run: Greta's case G swapped, returned, repaired and closed, with a note, a
 * transcript, a shipment whose reference is her phone number and a charge whose text names her
 * IMEI; Bo's case B shipped. Then the clock on 2026-04-02 and April's invoices stored (they
 * carry March's freight and the charge). @p set_clock moves the clock the store reads. */
static void build_day(ssvc_store *st, set_clock_fn set_clock) {
  ssvc_ctx *ctx = ssvc_store_ctx(st);
  fixture_agreement(st, "ACME", "PROF", 100, SSVC_REPLACEMENT_SWAP, SSVC_REPAIRED_TO_USER);
  assert_int_equal(ssvc_swap_receive(st, "ACME", fixture_imei(1), FP5, "lead", NULL), SSVC_OK);
  assert_int_equal(ssvc_swap_receive(st, "ACME", fixture_imei(2), FP5, "lead", NULL), SSVC_OK);
  new_case(st, NAME, PHONE, EMAIL, imei_g(), SERIAL, "dropped by " NAME " in the lake");
  new_case(st, OTHER_NAME, OTHER_PHONE, NULL, imei_b(), NULL, "no sound");
  assert_int_equal(ssvc_case_transition(st, G, SSVC_CASE_DIAGNOSING, "agent", NULL), SSVC_OK);
  assert_int_equal(ssvc_case_set_diagnosis(st, G, SSVC_CASE_OUTCOME_DEFINITE_FAULT,
                                           "power on? no / owner " NAME, "agent"),
                   SSVC_OK);
  assert_int_equal(ssvc_case_add_note(st, G, "agent", "called back on " PHONE), SSVC_OK);
  assert_int_equal(ssvc_swap_reserve(st, NULL, G, NULL, "agent"), SSVC_OK);
  assert_int_equal(ssvc_swap_ship(st, NULL, G, "PostNord", "ref " PHONE, "agent"), SSVC_OK);
  assert_int_equal(ssvc_swap_faulty_returned(st, G, "agent"), SSVC_OK);
  assert_int_equal(ssvc_swap_repaired(st, G, "agent"), SSVC_OK);
  char text[96];
  snprintf(text, sizeof text, "backup phone while %s was away", imei_g());
  ssvc_case_charge ch = SSVC_CASE_CHARGE_INIT;
  ch.kind = SSVC_CHARGE_BACKUP_PHONE;
  ch.amount_minor = 15000;
  ch.text = text;
  assert_int_equal(ssvc_case_add_charge(st, G, "agent", &ch), SSVC_OK);
  assert_int_equal(ssvc_case_transition(st, B, SSVC_CASE_DIAGNOSING, "agent", NULL), SSVC_OK);
  assert_int_equal(ssvc_swap_reserve(st, NULL, B, NULL, "agent"), SSVC_OK);
  assert_int_equal(ssvc_swap_ship(st, NULL, B, "PostNord", "ref " OTHER_PHONE, "agent"), SSVC_OK);
  set_clock(APRIL_2);
  ssvc_catalog *cat;
  ssvc_pricelist *pl;
  assert_int_equal(ssvc_catalog_new(ctx, &cat), SSVC_OK);
  assert_int_equal(ssvc_pricelist_new(ctx, &pl, cat), SSVC_OK);
  ssvc_party seller = SSVC_PARTY_INIT;
  seller.name = "Smartservice Support Center AB";
  seller.org_number = "556000-0001";
  seller.vat_number = "SE556000000101";
  seller.city = "Stockholm";
  ssvc_invoice_run_spec r = SSVC_INVOICE_RUN_SPEC_INIT;
  r.customer_id = "ACME";
  r.year = 2026;
  r.month = 4;
  r.pricelist = pl;
  r.seller = &seller;
  assert_int_equal(ssvc_invoice_run(st, NULL, NULL, &r), SSVC_OK);
  /* And a credit note of the whole invoice: it repeats the lines, so the erasure masks it too. */
  ssvc_credit_spec cs = SSVC_CREDIT_SPEC_INIT;
  cs.invoice_number = "INV-2026-000001";
  assert_int_equal(ssvc_credit_note_issue(st, NULL, &cs), SSVC_OK);
  ssvc_pricelist_free(pl);
  ssvc_catalog_free(cat);
}

/* ---- What a user sees after the erasure ---- */

static ssvc_case *load(ssvc_store *st, const char *id, ssvc_case_info *i) {
  ssvc_case *c;
  assert_int_equal(ssvc_case_load(st, &c, id), SSVC_OK);
  memset(i, 0, sizeof *i);
  i->version = SSVC_CASE_INFO_VERSION;
  assert_int_equal(ssvc_case_info_get(c, i), SSVC_OK);
  return c;
}

/* Every number of the stored invoices of ACME, summed, and whether a line names @p s. */
struct inv_sum {
  ssvc_store *st;
  int64_t total;
  const char *find;
  int found;
};

static int inv_cb(void *ud, const char *number, int year, int month, int direct) {
  (void)year;
  (void)month;
  (void)direct;
  struct inv_sum *s = ud;
  ssvc_invoice *inv;
  assert_int_equal(ssvc_invoice_load(s->st, &inv, number), SSVC_OK);
  ssvc_invoice_totals t = SSVC_INVOICE_TOTALS_INIT;
  assert_int_equal(ssvc_invoice_get_totals(inv, &t), SSVC_OK);
  s->total += t.payable;
  for (size_t i = 0; i < ssvc_invoice_line_count(inv); i++) {
    ssvc_invoice_line l = SSVC_INVOICE_LINE_INIT;
    assert_int_equal(ssvc_invoice_line_get(inv, i, &l), SSVC_OK);
    if ((l.text_sv && strstr(l.text_sv, s->find)) || (l.text_en && strstr(l.text_en, s->find)))
      s->found = 1;
  }
  ssvc_invoice_free(inv);
  return 0;
}

static struct inv_sum invoices(ssvc_store *st, const char *find) {
  struct inv_sum s = {st, 0, find, 0};
  assert_int_equal(ssvc_invoice_list(st, "ACME", inv_cb, &s), SSVC_OK);
  return s;
}

/* The erasure of Greta by IMEI as a user relies on it, on any store built by build_day(). */
static void erase_and_check(ssvc_store *st) {
  ssvc_case_stats before = SSVC_CASE_STATS_INIT, after = SSVC_CASE_STATS_INIT;
  assert_int_equal(ssvc_case_stats_get(st, "ACME", &before), SSVC_OK);
  ssvc_case_info i0;
  ssvc_case *c0 = load(st, G, &i0);
  struct inv_sum inv0 = invoices(st, imei_g());
  assert_true(inv0.found); /* the charge text made it onto the invoice */
  ssvc_erase_key key = SSVC_ERASE_KEY_INIT;
  key.imei = imei_g();
  ssvc_erase_result r = SSVC_ERASE_RESULT_INIT;
  assert_int_equal(ssvc_erase_user(st, &r, "ACME", &key, "dpo"), SSVC_OK);
  assert_int_equal(r.cases, 1);
  assert_int_equal(r.orders, 1);
  assert_int_equal(r.units, 1); /* the shipped unit's history held the reference */
  assert_int_equal(r.invoices, 2); /* the invoice and its credit note */
  /* The case: personal data gone, statistics and money unchanged. */
  ssvc_case_info i;
  ssvc_case *c = load(st, G, &i);
  assert_int_equal(i.erased, 1);
  const char *gone[] = {i.user_name, i.user_phone, i.user_email, i.imei, i.serial, i.symptom,
                        i.transcript};
  for (size_t k = 0; k < sizeof gone / sizeof gone[0]; k++) assert_string_equal(gone[k], "");
  assert_int_equal(i.state, i0.state);
  assert_int_equal(i.outcome, i0.outcome);
  assert_string_equal(i.model, i0.model);
  assert_string_equal(i.tier_code, i0.tier_code);
  assert_int_equal(i.registered_at, i0.registered_at);
  assert_int_equal(i.purchase_date.year, i0.purchase_date.year);
  assert_int_equal(i.charge_count, i0.charge_count);
  assert_int_equal(i.shipment_count, i0.shipment_count);
  for (size_t k = 0; k < i.charge_count; k++) {
    ssvc_case_charge a = SSVC_CASE_CHARGE_INIT, b = SSVC_CASE_CHARGE_INIT;
    assert_int_equal(ssvc_case_charge_at(c0, k, &a), SSVC_OK);
    assert_int_equal(ssvc_case_charge_at(c, k, &b), SSVC_OK);
    assert_int_equal(a.amount_minor, b.amount_minor);
    assert_int_equal(a.kind, b.kind);
    assert_null(strstr(b.text, imei_g()));
  }
  ssvc_case_charge last = SSVC_CASE_CHARGE_INIT;
  assert_int_equal(ssvc_case_charge_at(c, i.charge_count - 1, &last), SSVC_OK);
  assert_string_equal(last.text, "backup phone while *************** was away");
  ssvc_case_event e = SSVC_CASE_EVENT_INIT;
  assert_int_equal(ssvc_case_event_at(c, i.event_count - 1, &e), SSVC_OK);
  assert_int_equal(e.kind, SSVC_CASE_EVENT_ERASED);
  assert_string_equal(e.actor, "dpo");
  for (size_t k = 0; k < i.event_count; k++) {
    assert_int_equal(ssvc_case_event_at(c, k, &e), SSVC_OK);
    assert_null(strstr(e.note, PHONE));
  }
  ssvc_case_free(c);
  ssvc_case_free(c0);
  assert_int_equal(ssvc_case_stats_get(st, "ACME", &after), SSVC_OK);
  assert_int_equal(after.erased, before.erased + 1);
  after.erased = before.erased;
  assert_memory_equal(&before, &after, sizeof before);
  /* The order keeps its state and unit but not the user's phone. */
  ssvc_order o = SSVC_ORDER_INIT;
  assert_int_equal(ssvc_swap_order_get(st, &o, G), SSVC_OK);
  assert_string_equal(o.user_imei, "");
  assert_int_equal(o.state, SSVC_ORDER_DONE);
  /* The invoices: the same amounts, no IMEI in a line; nor in the credit note. */
  struct inv_sum inv = invoices(st, imei_g());
  assert_false(inv.found);
  assert_int_equal(inv.total, inv0.total);
  struct inv_sum cn = {st, 0, key.imei, 0}; /* not imei_g() again: its buffers rotate */
  inv_cb(&cn, "CRN-2026-000001", 0, 0, 0);
  assert_false(cn.found);
  assert_int_equal(cn.total, inv0.total);
  /* Bo is untouched; erasing Greta again finds nothing. */
  c = load(st, B, &i);
  assert_string_equal(i.user_name, OTHER_NAME);
  assert_string_equal(i.imei, imei_b());
  ssvc_case_free(c);
  assert_int_equal(ssvc_erase_user(st, &r, "ACME", &key, "dpo"), SSVC_OK);
  assert_int_equal(r.cases, 0);
}

/* ---- The raw SQLite file, its WAL, every row, the export ---- */

struct bytes {
  char *p;
  size_t n, cap;
};

static struct bytes read_file(const char *path) {
  struct bytes b = {NULL, 0, 0};
  FILE *f = fopen(path, "rb");
  if (!f) return b; /* no file: nothing in it */
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    b.p = realloc(b.p, b.n + n);
    assert_non_null(b.p);
    memcpy(b.p + b.n, chunk, n);
    b.n += n;
  }
  fclose(f);
  return b;
}

static int holds(const struct bytes *b, const char *s) {
  size_t m = strlen(s);
  for (size_t i = 0; i + m <= b->n; i++)
    if (memcmp(b->p + i, s, m) == 0) return 1;
  return 0;
}

static int append_cb(void *ud, const char *p, size_t n) {
  struct bytes *b = ud;
  if (n == 0) return 0; /* an empty blob comes as NULL */
  b->p = realloc(b->p, b->n + n);
  assert_non_null(b->p);
  memcpy(b->p + b->n, p, n);
  b->n += n;
  return 0;
}

/* Every key and value of the kv table through the sqlite3 API, as a dump would read them. */
static struct bytes dump_rows(const char *path) {
  struct bytes b = {NULL, 0, 0};
  sqlite3 *db;
  assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
  sqlite3_stmt *q;
  assert_int_equal(sqlite3_prepare_v2(db, "SELECT k, v, ver FROM kv", -1, &q, NULL), SQLITE_OK);
  while (sqlite3_step(q) == SQLITE_ROW)
    for (int col = 0; col < 2; col++)
      append_cb(&b, sqlite3_column_blob(q, col), (size_t)sqlite3_column_bytes(q, col));
  sqlite3_finalize(q);
  sqlite3_close(db);
  return b;
}

static int64_t sqlite_now;
static int64_t sqlite_clock(void *ud) {
  (void)ud;
  return sqlite_now;
}
static void set_sqlite_clock(int64_t t) { sqlite_now = t; }
static void set_fixture_clock(int64_t t) { fixture_now = t; }
static void set_fault_clock(int64_t t) { store_fault_clock_offset = t - STORE_FAULT_NOW; }

static void no_trace_on_sqlite(void **state) {
  (void)state;
  char path[512], wal[520];
  snprintf(path, sizeof path, "%s/test_erase-%ld.db", SSVC_TEST_TMP, (long)getpid());
  snprintf(wal, sizeof wal, "%s-wal", path);
  fresh_sqlite_remove(path);
  ssvc_ctx_options o = SSVC_CTX_OPTIONS_INIT;
  o.clock = sqlite_clock;
  sqlite_now = STORE_FAULT_NOW;
  ssvc_ctx *ctx;
  ssvc_store *st;
  assert_int_equal(ssvc_ctx_new(&ctx, &o), SSVC_OK);
  assert_int_equal(ssvc_sqlite_open(ctx, &st, path, NULL), SSVC_OK);
  build_day(st, set_sqlite_clock);
  /* Before: the values are there (so the searches below can find them). */
  struct bytes rows = dump_rows(path);
  assert_true(holds(&rows, NAME) && holds(&rows, imei_g()));
  free(rows.p);
  erase_and_check(st);
  /* After the erasure committed, with the store still open: the database file, its WAL (checked
   * before the last connection closes, which would remove it), every row, the export. */
  struct bytes file = read_file(path), log = read_file(wal);
  rows = dump_rows(path);
  struct bytes xml = {NULL, 0, 0};
  assert_int_equal(ssvc_xml_export(st, NULL, append_cb, &xml, NULL), SSVC_OK);
  const char *values[] = {NAME, PHONE, EMAIL, imei_g(), SERIAL};
  const struct bytes *where[] = {&file, &log, &rows, &xml};
  const char *names[] = {"the database file", "its WAL", "a dump of the rows", "the export"};
  for (size_t w = 0; w < 4; w++)
    for (size_t v = 0; v < sizeof values / sizeof values[0]; v++)
      if (holds(where[w], values[v])) fail_msg("%s still holds '%s'", names[w], values[v]);
  /* Bo's data is all still there: the searches work. */
  assert_true(holds(&file, OTHER_NAME) && holds(&rows, OTHER_NAME) && holds(&xml, OTHER_NAME));
  assert_true(holds(&rows, imei_b()) && holds(&xml, OTHER_PHONE));
  free(file.p);
  free(log.p);
  free(rows.p);
  free(xml.p);
  ssvc_store_free(st);
  ssvc_ctx_free(ctx);
  fresh_sqlite_remove(path);
}

/* A reader of another connection keeps the checkpoint from truncating the WAL: the erasure is
 * committed all the same and says so in the log; ssvc_store_scrub() reports SSVC_EBUSY until
 * the reader is done, then empties the WAL. */
static char warned[512];
static void warn_log(void *ud, int level, const char *msg) {
  (void)ud;
  if (level >= SSVC_LOG_WARN) snprintf(warned, sizeof warned, "%s", msg);
}

static void scrub_waits_for_a_reader(void **state) {
  (void)state;
  char path[512], wal[520];
  snprintf(path, sizeof path, "%s/test_erase-busy-%ld.db", SSVC_TEST_TMP, (long)getpid());
  snprintf(wal, sizeof wal, "%s-wal", path);
  fresh_sqlite_remove(path);
  ssvc_ctx_options o = SSVC_CTX_OPTIONS_INIT;
  o.clock = sqlite_clock;
  o.log = warn_log;
  sqlite_now = STORE_FAULT_NOW;
  ssvc_ctx *ctx;
  ssvc_store *st;
  assert_int_equal(ssvc_ctx_new(&ctx, &o), SSVC_OK);
  ssvc_sqlite_options so = SSVC_SQLITE_OPTIONS_INIT;
  so.busy_timeout_ms = 50;
  assert_int_equal(ssvc_sqlite_open(ctx, &st, path, &so), SSVC_OK);
  fixture_agreement(st, "ACME", "PROF", 100, 0, 0);
  new_case(st, NAME, PHONE, EMAIL, imei_g(), SERIAL, NULL);
  /* Another connection in the middle of a read. */
  sqlite3 *reader;
  sqlite3_stmt *q;
  assert_int_equal(sqlite3_open_v2(path, &reader, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_prepare_v2(reader, "SELECT k FROM kv", -1, &q, NULL), SQLITE_OK);
  assert_int_equal(sqlite3_step(q), SQLITE_ROW);
  ssvc_erase_key k = SSVC_ERASE_KEY_INIT;
  k.phone = PHONE;
  ssvc_erase_result r = SSVC_ERASE_RESULT_INIT;
  warned[0] = '\0';
  assert_int_equal(ssvc_erase_user(st, &r, "ACME", &k, "dpo"), SSVC_OK);
  assert_int_equal(r.cases, 1);
  assert_non_null(strstr(warned, "ssvc_erase_user: erased, but the storage could not scrub yet"));
  assert_int_equal(ssvc_store_scrub(st), SSVC_EBUSY);
  assert_non_null(strstr(ssvc_ctx_errmsg(ctx), "ssvc_store_scrub: storage:"));
  struct bytes log = read_file(wal);
  assert_true(holds(&log, NAME)); /* still there while the reader reads */
  free(log.p);
  sqlite3_finalize(q);
  sqlite3_close(reader);
  assert_int_equal(ssvc_store_scrub(st), SSVC_OK);
  log = read_file(wal);
  assert_int_equal(log.n, 0);
  free(log.p);
  /* Not inside a transaction; nothing to do on a store without a scrub. */
  assert_int_equal(ssvc_store_begin(st), SSVC_OK);
  assert_int_equal(ssvc_store_scrub(st), SSVC_ESTATE);
  assert_string_equal(ssvc_ctx_errmsg(ctx), "ssvc_store_scrub: a transaction is open");
  assert_int_equal(ssvc_store_rollback(st), SSVC_OK);
  assert_int_equal(ssvc_store_scrub(NULL), SSVC_EINVAL);
  ssvc_store_free(st);
  assert_int_equal(ssvc_store_memory_new(ctx, &st), SSVC_OK);
  assert_int_equal(ssvc_store_scrub(st), SSVC_OK);
  ssvc_store_free(st);
  ssvc_ctx_free(ctx);
  fresh_sqlite_remove(path);
}

/* The same erasure on the memory store. */

static void erases_everywhere_on_memory(void **state) {
  struct fx *f = *state;
  build_day(f->st, set_fixture_clock);
  erase_and_check(f->st);
}

/* ---- Finding the user; bad input ---- */

static void found_by_each_key(void **state) {
  struct fx *f = *state;
  fixture_agreement(f->st, "ACME", "PROF", 100, 0, 0);
  new_case(f->st, NAME, PHONE, EMAIL, imei_g(), SERIAL, NULL);
  new_case(f->st, NAME, NULL, NULL, fixture_imei(3), NULL, NULL);
  new_case(f->st, "Someone Else", PHONE, NULL, fixture_imei(4), NULL, NULL);
  new_case(f->st, "Other Person", NULL, EMAIL, fixture_imei(5), NULL, NULL);
  new_case(f->st, "Fifth Person", NULL, NULL, imei_g(), NULL, NULL);
  ssvc_erase_result r = SSVC_ERASE_RESULT_INIT;
  ssvc_erase_key k = SSVC_ERASE_KEY_INIT;
  k.name = NAME; /* cases 1 and 2 */
  assert_int_equal(ssvc_erase_user(f->st, &r, "ACME", &k, "dpo"), SSVC_OK);
  assert_int_equal(r.cases, 2);
  k.name = NULL;
  k.phone = PHONE; /* case 3 (case 1 is erased: its phone is gone) */
  assert_int_equal(ssvc_erase_user(f->st, &r, "ACME", &k, "dpo"), SSVC_OK);
  assert_int_equal(r.cases, 1);
  k.phone = NULL;
  k.email = EMAIL; /* case 4 */
  k.imei = imei_g(); /* and case 5: any value given matches */
  assert_int_equal(ssvc_erase_user(f->st, &r, "ACME", &k, "dpo"), SSVC_OK);
  assert_int_equal(r.cases, 2);
  ssvc_case_stats s = SSVC_CASE_STATS_INIT;
  assert_int_equal(ssvc_case_stats_get(f->st, "ACME", &s), SSVC_OK);
  assert_int_equal(s.erased, 5);
  /* A customer with an agreement and no case: nothing to erase, no error; NULL result. */
  fixture_agreement(f->st, "EMPTY", "PROF", 10, 0, 0);
  assert_int_equal(ssvc_erase_user(f->st, NULL, "EMPTY", &k, "dpo"), SSVC_OK);
}

static void bad_input_is_refused(void **state) {
  struct fx *f = *state;
  ssvc_ctx *ctx = f->ctx;
  fixture_agreement(f->st, "ACME", "PROF", 100, 0, 0);
  new_case(f->st, NAME, PHONE, EMAIL, imei_g(), SERIAL, NULL);
  ssvc_erase_result r = SSVC_ERASE_RESULT_INIT;
  ssvc_erase_key k = SSVC_ERASE_KEY_INIT;
  assert_int_equal(ssvc_erase_user(f->st, &r, "ACME", &k, "dpo"), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(ctx),
                      "ssvc_erase_user: key: give a phone, e-mail, name or IMEI");
  k.phone = "";
  assert_int_equal(ssvc_erase_user(f->st, &r, "ACME", &k, "dpo"), SSVC_EINVAL);
  assert_int_equal(ssvc_erase_user(f->st, &r, "ACME", NULL, "dpo"), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(ctx), "key must not be NULL"));
  k.imei = "490154203237519"; /* wrong check digit */
  assert_int_equal(ssvc_erase_user(f->st, &r, "ACME", &k, "dpo"), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(ctx), "key->imei"));
  k.imei = NULL;
  k.phone = PHONE;
  assert_int_equal(ssvc_erase_user(f->st, &r, "BYG", &k, "dpo"), SSVC_ENOTFOUND);
  assert_string_equal(ssvc_ctx_errmsg(ctx),
                      "ssvc_erase_user: customer_id: no agreement or case for 'BYG'");
  assert_int_equal(ssvc_erase_user(f->st, &r, NULL, &k, "dpo"), SSVC_EINVAL);
  assert_int_equal(ssvc_erase_user(f->st, &r, "ACME", &k, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_erase_user(NULL, &r, "ACME", &k, "dpo"), SSVC_EINVAL);
  r.version = 0;
  assert_int_equal(ssvc_erase_user(f->st, &r, "ACME", &k, "dpo"), SSVC_EVERSION);
  r.version = SSVC_ERASE_RESULT_VERSION;
  k.version = SSVC_ERASE_KEY_VERSION + 1;
  assert_int_equal(ssvc_erase_user(f->st, &r, "ACME", &k, "dpo"), SSVC_EVERSION);
  assert_int_equal(ssvc_erase_key_init(&k, SSVC_ERASE_KEY_VERSION), SSVC_OK);
  assert_null(k.phone);
  assert_int_equal(ssvc_erase_key_init(&k, 0), SSVC_EVERSION);
  assert_int_equal(ssvc_erase_expired(f->st, &r, "BYG", STORE_FAULT_NOW, "dpo"), SSVC_ENOTFOUND);
  assert_string_equal(ssvc_ctx_errmsg(ctx),
                      "ssvc_erase_expired: customer_id: no agreement for 'BYG'");
  assert_int_equal(ssvc_erase_expired(f->st, &r, "ACME", STORE_FAULT_NOW, ""), SSVC_EINVAL);
  /* Nothing changed. */
  ssvc_case_stats s = SSVC_CASE_STATS_INIT;
  assert_int_equal(ssvc_case_stats_get(f->st, "ACME", &s), SSVC_OK);
  assert_int_equal(s.erased, 0);
  /* The older calls keep their own messages and their leniency for an unknown customer. */
  size_t n = 9;
  assert_int_equal(ssvc_case_erase_user(f->st, &n, "BYG", PHONE, "dpo"), SSVC_OK);
  assert_int_equal(n, 0);
  assert_int_equal(ssvc_case_erase_user(f->st, &n, "ACME", NULL, "dpo"), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(ctx), "ssvc_case_erase_user: contact"));
}

/* The older calls are the new one by contact: ssvc_case_erase_user() now also clears the order. */
static void older_calls_are_aliases(void **state) {
  struct fx *f = *state;
  build_day(f->st, set_fixture_clock);
  size_t n = 0;
  assert_int_equal(ssvc_case_erase_user(f->st, &n, "ACME", EMAIL, "dpo"), SSVC_OK);
  assert_int_equal(n, 1);
  ssvc_order o = SSVC_ORDER_INIT;
  assert_int_equal(ssvc_swap_order_get(f->st, &o, G), SSVC_OK);
  assert_string_equal(o.user_imei, "");
  assert_false(invoices(f->st, imei_g()).found);
  assert_int_equal(ssvc_swap_erase_user(f->st, &n, "ACME", OTHER_PHONE, "dpo"), SSVC_OK);
  assert_int_equal(n, 1);
}

/* ---- Retention ---- */

static void set_retention(ssvc_store *st, const char *customer, uint32_t months) {
  ssvc_agreement *a;
  assert_int_equal(ssvc_agreement_load(st, &a, customer), SSVC_OK);
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  assert_int_equal(ssvc_agreement_spec_get(a, &s), SSVC_OK);
  s.retention_months = months;
  assert_int_equal(ssvc_agreement_update(st, &s, 0, "lead"), SSVC_OK);
  ssvc_agreement_free(a);
}

static void retention_erases_old_closed_cases(void **state) {
  struct fx *f = *state;
  build_day(f->st, set_fixture_clock); /* G closed on 2026-03-02, B open */
  set_retention(f->st, "ACME", 12);
  fixture_agreement(f->st, "KEEP", "PROF", 10, 0, 0); /* retention 0: kept forever */
  ssvc_erase_result r = SSVC_ERASE_RESULT_INIT;
  /* G was last changed on 2026-03-02 (the invoice run on 04-02 does not change cases). */
  int64_t year = 365 * 86400;
  assert_int_equal(ssvc_erase_expired(f->st, &r, NULL, STORE_FAULT_NOW + year - 86400, "nightly"),
                   SSVC_OK);
  assert_int_equal(r.cases, 0);
  assert_int_equal(ssvc_erase_expired(f->st, &r, "ACME", STORE_FAULT_NOW + year + 86400,
                                      "nightly"),
                   SSVC_OK);
  assert_int_equal(r.cases, 1); /* G; B is open */
  assert_int_equal(r.orders, 1);
  ssvc_case_info i;
  ssvc_case *c = load(f->st, G, &i);
  assert_int_equal(i.erased, 1);
  ssvc_case_event e = SSVC_CASE_EVENT_INIT;
  assert_int_equal(ssvc_case_event_at(c, i.event_count - 1, &e), SSVC_OK);
  assert_int_equal(e.at, STORE_FAULT_NOW + year + 86400);
  ssvc_case_free(c);
  c = load(f->st, B, &i);
  assert_int_equal(i.erased, 0);
  ssvc_case_free(c);
  /* The retention is part of the agreement: spec version 3, stored, in the change log. */
  ssvc_agreement *a;
  assert_int_equal(ssvc_agreement_load(f->st, &a, "ACME"), SSVC_OK);
  ssvc_agreement_spec as = SSVC_AGREEMENT_SPEC_INIT;
  assert_int_equal(ssvc_agreement_spec_get(a, &as), SSVC_OK);
  assert_int_equal(as.retention_months, 12);
  ssvc_agreement_event ev = SSVC_AGREEMENT_EVENT_INIT;
  assert_int_equal(ssvc_agreement_event_at(a, ssvc_agreement_event_count(a) - 1, &ev), SSVC_OK);
  assert_non_null(strstr(ev.note, "retention"));
  ssvc_agreement_free(a);
  /* A caller of spec version 2 does not see it and an update keeps it. */
  assert_int_equal(ssvc_agreement_load(f->st, &a, "ACME"), SSVC_OK);
  ssvc_agreement_spec v2;
  assert_int_equal(ssvc_agreement_spec_init(&v2, 2), SSVC_OK);
  assert_int_equal(ssvc_agreement_spec_get(a, &v2), SSVC_OK);
  v2.fleet = 120;
  assert_int_equal(ssvc_agreement_update(f->st, &v2, 0, "lead"), SSVC_OK);
  ssvc_agreement_free(a);
  assert_int_equal(ssvc_agreement_load(f->st, &a, "ACME"), SSVC_OK);
  assert_int_equal(ssvc_agreement_spec_get(a, &as), SSVC_OK);
  assert_int_equal(as.retention_months, 12);
  assert_int_equal(as.fleet, 120);
  /* Out of range, named. */
  as.retention_months = 1201;
  assert_int_equal(ssvc_agreement_update(f->st, &as, 0, "lead"), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "spec->retention_months: must be 0..1200"));
  ssvc_agreement_free(a);
}

/* N months before the 31st is the last day of a shorter month, at the same time of day. */
static void retention_counts_calendar_months(void **state) {
  struct fx *f = *state;
  fixture_now = INT64_C(1803808800); /* 2027-02-28 10:00Z */
  fixture_agreement(f->st, "ACME", "PROF", 100, 0, 0);
  set_retention(f->st, "ACME", 1);
  new_case(f->st, NAME, PHONE, NULL, imei_g(), NULL, NULL);
  assert_int_equal(ssvc_case_transition(f->st, "SC-2027-000001", SSVC_CASE_CANCELLED, "agent",
                                        NULL),
                   SSVC_OK);
  ssvc_erase_result r = SSVC_ERASE_RESULT_INIT;
  /* 2027-03-31 09:00Z: one month before is 2027-02-28 09:00Z, before the cancellation. */
  assert_int_equal(ssvc_erase_expired(f->st, &r, "ACME", INT64_C(1806483600), "nightly"),
                   SSVC_OK);
  assert_int_equal(r.cases, 0);
  /* 2027-03-31 11:00Z: one month before is 2027-02-28 11:00Z, after it. */
  assert_int_equal(ssvc_erase_expired(f->st, &r, "ACME", INT64_C(1806490800), "nightly"),
                   SSVC_OK);
  assert_int_equal(r.cases, 1);
}

/* The retention travels with the agreement through the XML interchange; an agreement stored
 * without it (as every record written before spec version 3) reads back 0. */
static void retention_in_xml(void **state) {
  struct fx *f = *state;
  fixture_agreement(f->st, "ACME", "PROF", 100, 0, 0);
  ssvc_agreement *a;
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  assert_int_equal(ssvc_agreement_load(f->st, &a, "ACME"), SSVC_OK);
  assert_int_equal(ssvc_agreement_spec_get(a, &s), SSVC_OK);
  assert_int_equal(s.retention_months, 0);
  ssvc_agreement_free(a);
  set_retention(f->st, "ACME", 36);
  struct bytes xml = {NULL, 0, 0};
  assert_int_equal(ssvc_xml_export(f->st, NULL, append_cb, &xml, NULL), SSVC_OK);
  assert_true(holds(&xml, "retention-months=\"36\""));
  ssvc_store *other;
  assert_int_equal(ssvc_store_memory_new(f->ctx, &other), SSVC_OK);
  assert_int_equal(ssvc_xml_import_memory(other, NULL, xml.p, xml.n, "export", NULL), SSVC_OK);
  assert_int_equal(ssvc_agreement_load(other, &a, "ACME"), SSVC_OK);
  assert_int_equal(ssvc_agreement_spec_get(a, &s), SSVC_OK);
  assert_int_equal(s.retention_months, 36);
  ssvc_agreement_free(a);
  ssvc_store_free(other);
  /* Out of range in a document: refused, naming the attribute. */
  const char *bad = "<cases version=\"1\" xmlns=\"urn:smartservice:cases:1\"><agreement "
                    "customer=\"B\" name=\"B\" tier=\"PROF\" fleet=\"1\" "
                    "retention-months=\"1201\"/></cases>";
  assert_int_equal(ssvc_store_memory_new(f->ctx, &other), SSVC_OK);
  assert_int_not_equal(ssvc_xml_import_memory(other, NULL, bad, strlen(bad), "bad", NULL),
                       SSVC_OK);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "retention-months"));
  ssvc_store_free(other);
  free(xml.p);
}

/* ---- Every allocation and storage call fails cleanly ---- */

static void *fx_day(ssvc_store *st) {
  store_fault_clock_offset = 0;
  build_day(st, set_fault_clock); /* the store's clock ends on 2026-04-02 */
  return NULL;
}
static void *fx_retention(ssvc_store *st) {
  fx_day(st);
  set_retention(st, "ACME", 1);
  return NULL;
}
static void reset_clock(void *u) {
  (void)u;
  store_fault_clock_offset = 0;
}
static int op_erase_user(ssvc_store *st, void *u) {
  (void)u;
  ssvc_erase_key k = SSVC_ERASE_KEY_INIT;
  k.imei = imei_g();
  ssvc_erase_result r = SSVC_ERASE_RESULT_INIT;
  int rc = ssvc_erase_user(st, &r, "ACME", &k, "dpo");
  return rc ? rc : r.cases == 1 && r.orders == 1 && r.units == 1 && r.invoices == 2
                       ? SSVC_OK
                       : SSVC_EINTERNAL;
}
static int op_erase_expired(ssvc_store *st, void *u) {
  (void)u;
  ssvc_erase_result r = SSVC_ERASE_RESULT_INIT;
  int rc = ssvc_erase_expired(st, &r, NULL, APRIL_2 + 62 * 86400, "nightly");
  return rc ? rc : r.cases == 1 ? SSVC_OK : SSVC_EINTERNAL;
}

static const struct store_op ops[] = {
    {"ssvc_erase_user", fx_day, op_erase_user, reset_clock},
    {"ssvc_erase_expired", fx_retention, op_erase_expired, reset_clock},
};

static void every_failure_changes_nothing(void **state) {
  (void)state;
  fault_every_op(ops, STORE_OPS_COUNT(ops), FAULT_BOTH);
}

static void every_failure_changes_nothing_on_sqlite(void **state) {
  (void)state;
  fault_every_op_on_sqlite(ops, STORE_OPS_COUNT(ops), FAULT_STORAGE, SSVC_TEST_TMP, "test_erase");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(no_trace_on_sqlite),
      cmocka_unit_test(scrub_waits_for_a_reader),
      cmocka_unit_test_setup_teardown(erases_everywhere_on_memory, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(found_by_each_key, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(bad_input_is_refused, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(older_calls_are_aliases, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(retention_erases_old_closed_cases, fixture_setup,
                                      fixture_teardown),
      cmocka_unit_test_setup_teardown(retention_counts_calendar_months, fixture_setup,
                                      fixture_teardown),
      cmocka_unit_test_setup_teardown(retention_in_xml, fixture_setup, fixture_teardown),
      cmocka_unit_test(every_failure_changes_nothing),
      cmocka_unit_test(every_failure_changes_nothing_on_sqlite),
  };
  return cmocka_run_group_tests_name("erase", tests, NULL, NULL);
}
