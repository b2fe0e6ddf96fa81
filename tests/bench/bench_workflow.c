/*
 * bench_workflow: the whole service workflow on SQLite beside a raw-sqlite3 reference doing the
 * same reads and writes (issue 15; doc/performance.md "Workflow").
 *
 *   bench_workflow [--customers C] [--cases N] [--stock S] [--history-customers H]
 *                  [--history-cases M] [--years Y] [--runs R] [--dir DIR] [--full]
 *                  [--only workflow|history|feed]
 *
 * Part 1, the workflow. Setup (not timed): C agreements (PROF, swap, repaired phones to the
 * stock), each with a SWAP stock of S phones. Then N cases, spread over the customers and over
 * October 2026, each through the whole flow, every step its own transaction as an agent's call:
 * register (ssvc_case_create), diagnose (ssvc_case_transition to diagnosing and
 * ssvc_case_set_diagnosis: a definite fault), reserve (ssvc_swap_reserve), ship (ssvc_swap_ship:
 * shipment, freight and packaging), the faulty phone returned (ssvc_swap_faulty_returned) and
 * repaired (ssvc_swap_repaired: it joins the stock); then November's invoice run of every
 * customer (ssvc_invoice_run). It runs three times on three copies of the same database:
 *  - recorded (not timed): the SQLite backend under a wrapper that logs every storage call (get,
 *    put with its expected version and outcome, del, scan with the rows the library took, begin,
 *    commit, rollback) and the step it belongs to;
 *  - (lib) timed, the library on the plain SQLite backend;
 *  - (raw) timed, the reference: raw sqlite3 replaying the log with the backend's own statements
 *    and pragmas (WAL, the same synchronous setting): the same rows read and written per step in
 *    the same transactions, without the library's work (decoding, checking, encoding).
 * The timed pair runs R times (3), alternating, each on fresh copies, and the better run of each
 * counts (the machine is shared). The two timed databases must end with the same rows (checked),
 * and the time per step and in all is printed with the ratio lib/raw (target <= 1.5).
 *
 * Part 2, the invoice run against history: H customers with 1 year and H with Y years (10) of
 * history (M cases a month with a shipment's freight and packaging, every month invoiced), then
 * the same month for all (M cases in October 2026): the time and the rows read of November's run
 * for each group, their ratio (about 1: the run reads the cases it bills), and the same on a copy
 * whose uninvoiced-charges index was dropped (a store written before the index: its first run
 * reads the whole history, as every run did before).
 *
 * Part 3, the change feed's cost (--only feed; not in the default run): the workflow of part 1,
 * R times in turn on fresh copies, (with) the library with its feed and (without) the same with
 * the feed's storage calls dropped by the wrapper: the feed's counter reads as absent, and its
 * counter and entries are not written. Both run under the same pass-through wrapper, so the
 * ratio with/without is what the feed's storage work costs each step; the library's in-memory
 * part of the feed (noting keys, merging, encoding entries) is done in both. The check: the two
 * databases differ by exactly the feed's rows.
 */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <smartservice.h>
#include <smartservice/sqlite.h>
#include <sqlite3.h>

#include "bench_util.h"
#include "keyspace.h" /* SSVC_KEY_FEED: part 3 drops the feed's storage calls */

#define OCT_01 INT64_C(1790841600) /* 2026-10-01 08:00 UTC */
#define NOV_01 INT64_C(1793526000) /* 2026-11-01 09:40 UTC */

static int64_t clock_value;
static int64_t bench_clock(void *ud) {
  (void)ud;
  return clock_value;
}

static void die(const char *what, ssvc_ctx *ctx) {
  fprintf(stderr, "bench_workflow: %s: %s\n", what, ctx ? ssvc_ctx_errmsg(ctx) : "");
  exit(1);
}

struct opts {
  long customers, cases, stock, hcustomers, hcases, years, runs;
  const char *dir, *only;
  int full;
};

/* A valid IMEI numbered @p n (0..999999): "35693803", six digits, the Luhn check digit. */
static void imei(char *out, long n) {
  snprintf(out, 16, "35693803%06u", (unsigned)(n % 1000000));
  int sum = 0;
  for (int i = 0; i < 14; i++) {
    int d = out[13 - i] - '0';
    if (i % 2 == 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  out[14] = (char)('0' + (10 - sum % 10) % 10);
  out[15] = 0;
}

static void path_in(char *out, const struct opts *o, const char *name) {
  snprintf(out, 4096, "%s/bench_workflow-%d-%s.db", o->dir, (int)getpid(), name);
}

/* Copies a closed database (its WAL checkpointed away by the last close). */
static void copy_db(const char *from, const char *to) {
  bench_remove_db(to);
  FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
  if (!in || !out) die("copy", NULL);
  static char buf[1 << 16];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, in)) > 0)
    if (fwrite(buf, 1, n, out) != n) die("copy", NULL);
  fclose(in);
  if (fclose(out)) die("copy", NULL);
}

/* ---- The recording backend ---- */

/* Statistics of the storage calls, and the log of them (when @c log is open). */
struct rec {
  ssvc_storage_backend inner;
  FILE *log;
  long gets, rows, puts, dels, scans, txns;
  int drop_feed; /* part 3: the feed's keys read as absent and are not written */
};

static int feed_key(const struct rec *r, const void *key, size_t klen) {
  return r->drop_feed && klen > 0 && *(const uint8_t *)key == SSVC_KEY_FEED;
}

static void put_u32(FILE *f, uint32_t v) { fwrite(&v, sizeof v, 1, f); }
static void put_u64(FILE *f, uint64_t v) { fwrite(&v, sizeof v, 1, f); }
static void put_blob(FILE *f, const void *p, size_t n) {
  put_u32(f, (uint32_t)n);
  if (n) fwrite(p, 1, n, f);
}

static int rec_get(void *ud, const void *key, size_t klen, const void **val, size_t *vlen,
                   uint64_t *ver) {
  struct rec *r = ud;
  r->gets++;
  if (feed_key(r, key, klen)) return SSVC_ENOTFOUND;
  if (r->log) {
    fputc('G', r->log);
    put_blob(r->log, key, klen);
  }
  return r->inner.get(r->inner.user_data, key, klen, val, vlen, ver);
}

static int rec_put(void *ud, const void *key, size_t klen, const void *val, size_t vlen,
                   uint64_t expected, uint64_t *new_ver) {
  struct rec *r = ud;
  r->puts++;
  if (feed_key(r, key, klen)) {
    if (new_ver) *new_ver = 1;
    return SSVC_OK;
  }
  int rc = r->inner.put(r->inner.user_data, key, klen, val, vlen, expected, new_ver);
  if (r->log) {
    fputc('P', r->log);
    put_blob(r->log, key, klen);
    put_blob(r->log, val, vlen);
    put_u64(r->log, expected);
    put_u32(r->log, (uint32_t)-rc);
  }
  return rc;
}

static int rec_del(void *ud, const void *key, size_t klen, uint64_t expected) {
  struct rec *r = ud;
  r->dels++;
  if (feed_key(r, key, klen)) return SSVC_OK;
  int rc = r->inner.del(r->inner.user_data, key, klen, expected);
  if (r->log) {
    fputc('D', r->log);
    put_blob(r->log, key, klen);
    put_u64(r->log, expected);
    put_u32(r->log, (uint32_t)-rc);
  }
  return rc;
}

struct rec_scan {
  struct rec *r;
  ssvc_storage_scan_fn fn;
  void *cb;
  uint32_t rows;
};

static int rec_scan_cb(void *ud, const void *key, size_t klen, const void *val, size_t vlen,
                       uint64_t ver) {
  struct rec_scan *s = ud;
  s->rows++;
  return s->fn(s->cb, key, klen, val, vlen, ver);
}

static int rec_scan(void *ud, const void *lo, size_t lo_len, const void *hi, size_t hi_len,
                    ssvc_storage_scan_fn fn, void *cb) {
  struct rec *r = ud;
  struct rec_scan s = {r, fn, cb, 0};
  int rc = r->inner.scan(r->inner.user_data, lo, lo_len, hi, hi_len, rec_scan_cb, &s);
  r->scans++;
  r->rows += s.rows;
  if (r->log) { /* after the gets the callback made: the replay does them first, as cheaply */
    fputc(hi ? 'S' : 'O', r->log);
    put_blob(r->log, lo, lo ? lo_len : 0);
    if (hi) put_blob(r->log, hi, hi_len);
    put_u32(r->log, s.rows);
  }
  return rc;
}

static int rec_begin(void *ud, unsigned int flags) {
  struct rec *r = ud;
  r->txns++;
  if (r->log) {
    fputc('B', r->log);
    put_u32(r->log, flags);
  }
  return r->inner.begin(r->inner.user_data, flags);
}

static int rec_commit(void *ud) {
  struct rec *r = ud;
  if (r->log) fputc('C', r->log);
  return r->inner.commit(r->inner.user_data);
}

static int rec_rollback(void *ud) {
  struct rec *r = ud;
  if (r->log) fputc('R', r->log);
  return r->inner.rollback(r->inner.user_data);
}

static void rec_close(void *ud) {
  struct rec *r = ud;
  if (r->inner.close) r->inner.close(r->inner.user_data);
}

static const char *rec_errmsg(void *ud) {
  struct rec *r = ud;
  return r->inner.errmsg ? r->inner.errmsg(r->inner.user_data) : NULL;
}

/* The step the next storage calls belong to (in the log). */
static void rec_step(struct rec *r, int step) {
  if (r && r->log) {
    fputc('M', r->log);
    put_u32(r->log, (uint32_t)step);
  }
}

/* Opens the SQLite database @p path as a store; with @p r, under the recording wrapper. */
static void open_store(const struct opts *o, const char *path, struct rec *r, ssvc_ctx **ctx,
                       ssvc_store **st) {
  ssvc_ctx_options co = SSVC_CTX_OPTIONS_INIT;
  co.clock = bench_clock;
  if (ssvc_ctx_new(ctx, &co)) die("ctx", NULL);
  ssvc_sqlite_options so = SSVC_SQLITE_OPTIONS_INIT;
  so.sync = o->full ? SSVC_SQLITE_SYNC_FULL : SSVC_SQLITE_SYNC_NORMAL;
  ssvc_storage_backend be;
  if (ssvc_sqlite_backend(*ctx, &be, path, &so)) die("sqlite backend", *ctx);
  if (r) {
    r->inner = be;
    ssvc_storage_backend w = SSVC_STORAGE_BACKEND_INIT;
    w.user_data = r;
    w.get = rec_get;
    w.put = rec_put;
    w.del = rec_del;
    w.scan = rec_scan;
    w.begin = rec_begin;
    w.commit = rec_commit;
    w.rollback = rec_rollback;
    w.close = rec_close;
    w.errmsg = rec_errmsg;
    be = w;
  }
  if (ssvc_store_open(*ctx, st, &be)) die("store open", *ctx);
}

static void close_store(ssvc_ctx *ctx, ssvc_store *st) {
  ssvc_store_free(st);
  ssvc_ctx_free(ctx);
}

/* ---- Part 1: the workflow ---- */

enum { REGISTER, DIAGNOSE, RESERVE, SHIP, FAULTY, REPAIRED, INVOICE, STEPS };
static const char *const step_name[STEPS] = {"register",        "diagnose", "reserve", "ship",
                                             "faulty returned", "repaired", "invoice run"};

static void cust_id(char *out, const char *prefix, long i) {
  snprintf(out, 32, "%s-%05ld", prefix, i);
}

/* The buyer on every benchmark customer's invoices (a fictitious but valid identity). */
static const ssvc_party bench_buyer = {SSVC_PARTY_VERSION, "Kund AB", "556036-0793",
                                       "SE556036079301", NULL, NULL, "Göteborg", NULL, NULL, 0,
                                       NULL, NULL, NULL, NULL, NULL, NULL, NULL};

static void new_agreement(ssvc_ctx *ctx, ssvc_store *st, const char *id, uint32_t fleet) {
  ssvc_agreement_spec a = SSVC_AGREEMENT_SPEC_INIT;
  a.customer_id = id;
  a.customer_name = id;
  a.tier_code = "PROF";
  a.fleet = fleet;
  a.buyer = &bench_buyer;
  a.buyer_reference = id;
  if (ssvc_agreement_create(st, &a, "lead")) die("agreement", ctx);
}

static void new_case(ssvc_ctx *ctx, ssvc_store *st, char *case_id, const char *customer,
                     long n) {
  char im[16];
  imei(im, n);
  ssvc_case_spec c = SSVC_CASE_SPEC_INIT;
  c.customer_id = customer;
  c.user_name = "Anna Andersson";
  c.user_phone = "+46701234567";
  c.user_email = "anna.andersson@example.se";
  c.imei = im;
  c.model = "Fairphone 5";
  c.tier_code = "PROF";
  c.features = SSVC_FEATURE_ALL;
  c.symptom = "does not start";
  c.actor = "agent";
  if (ssvc_case_create(st, case_id, &c)) die("register", ctx);
}

/* The agreements and their stocks, one transaction per customer. */
static void setup_workflow(const struct opts *o, const char *path) {
  ssvc_ctx *ctx;
  ssvc_store *st;
  open_store(o, path, NULL, &ctx, &st);
  clock_value = OCT_01 - 86400 * 7;
  char id[32], im[16];
  for (long c = 0; c < o->customers; c++) {
    cust_id(id, "CUST", c);
    if (ssvc_store_begin(st)) die("begin", ctx);
    new_agreement(ctx, st, id, 100);
    for (long u = 0; u < o->stock; u++) {
      imei(im, u);
      if (ssvc_swap_receive(st, id, im, "Fairphone 5", "lead", NULL)) die("stock", ctx);
    }
    if (ssvc_store_commit(st)) die("commit", ctx);
  }
  close_store(ctx, st);
}

static void invoice_spec(ssvc_invoice_run_spec *s, const char *customer, int year, int month,
                         ssvc_pricelist *pl, const ssvc_party *seller) {
  *s = (ssvc_invoice_run_spec)SSVC_INVOICE_RUN_SPEC_INIT;
  s->customer_id = customer;
  s->year = year;
  s->month = month;
  s->pricelist = pl;
  s->seller = seller;
}

static const ssvc_party seller = {SSVC_PARTY_VERSION, "Smartservice Support Center AB",
                                  "556000-0001", "SE556000000101", NULL, NULL, "Stockholm", NULL,
                                  NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL};

/* The workflow on the database @p path; with @p r recorded. Adds each step's seconds to @p t. */
static void workflow(const struct opts *o, const char *path, struct rec *r, double *t) {
  ssvc_ctx *ctx;
  ssvc_store *st;
  open_store(o, path, r, &ctx, &st);
  char id[32], case_id[SSVC_CASE_ID_SIZE], tracking[32];
  double t0;
#define STEP(s, call, what)                                                                     \
  do {                                                                                          \
    rec_step(r, s);                                                                             \
    t0 = bench_seconds();                                                                       \
    if (call) die(what, ctx);                                                                   \
    t[s] += bench_seconds() - t0;                                                               \
  } while (0)
  /* Spread over October: a case every (30 days / N), its steps a minute apart. */
  int64_t gap = o->cases > 1 ? 30 * 86400 / o->cases : 60;
  for (long i = 0; i < o->cases; i++) {
    cust_id(id, "CUST", i % o->customers);
    clock_value = OCT_01 + i * gap;
    rec_step(r, REGISTER);
    t0 = bench_seconds();
    new_case(ctx, st, case_id, id, 100000 + i);
    t[REGISTER] += bench_seconds() - t0;
    clock_value += 60;
    STEP(DIAGNOSE, ssvc_case_transition(st, case_id, SSVC_CASE_DIAGNOSING, "agent", NULL),
         "diagnosing");
    STEP(DIAGNOSE,
         ssvc_case_set_diagnosis(st, case_id, SSVC_CASE_OUTCOME_DEFINITE_FAULT,
                                 "starts? no\ncharges? no\n", "agent"),
         "diagnosis");
    clock_value += 60;
    STEP(RESERVE, ssvc_swap_reserve(st, NULL, case_id, NULL, "agent"), "reserve");
    snprintf(tracking, sizeof tracking, "PN%08ld", i);
    clock_value += 60;
    STEP(SHIP, ssvc_swap_ship(st, NULL, case_id, "PostNord", tracking, "agent"), "ship");
    clock_value += 60;
    STEP(FAULTY, ssvc_swap_faulty_returned(st, case_id, "agent"), "faulty returned");
    clock_value += 60;
    STEP(REPAIRED, ssvc_swap_repaired(st, case_id, "workshop"), "repaired");
  }
  clock_value = NOV_01;
  ssvc_catalog *cat;
  ssvc_pricelist *pl;
  if (ssvc_catalog_new(ctx, &cat) || ssvc_pricelist_new(ctx, &pl, cat)) die("pricelist", ctx);
  for (long c = 0; c < o->customers; c++) {
    cust_id(id, "CUST", c);
    ssvc_invoice_run_spec s;
    invoice_spec(&s, id, 2026, 11, pl, &seller);
    ssvc_invoice *svc = NULL;
    STEP(INVOICE, ssvc_invoice_run(st, &svc, NULL, &s), "invoice run");
    /* Each shipment's freight and packaging (the agreement's amounts) is on the invoice. */
    if (c == 0) {
      long ships = o->cases / o->customers + (o->cases % o->customers > 0);
      int64_t q = 0;
      for (size_t k = 0; k < ssvc_invoice_line_count(svc); k++) {
        ssvc_invoice_line l = SSVC_INVOICE_LINE_INIT;
        ssvc_invoice_line_get(svc, k, &l);
        if (l.kind == SSVC_CHARGE_FREIGHT) q += l.quantity;
      }
      if (q < ships) {
        fprintf(stderr, "bench_workflow: %s: %lld shipments invoiced, %ld made\n", id,
                (long long)q, ships);
        exit(1);
      }
    }
    ssvc_invoice_free(svc);
  }
#undef STEP
  ssvc_pricelist_free(pl);
  ssvc_catalog_free(cat);
  close_store(ctx, st);
}

/* ---- The raw reference: the log replayed with the backend's statements ---- */

enum { Q_GET, Q_INSERT_NEW, Q_UPSERT, Q_UPDATE, Q_DELETE_ANY, Q_DELETE_VER, Q_SCAN, Q_SCAN_OPEN,
       Q_BEGIN_READ, Q_BEGIN_WRITE, Q_COMMIT, Q_ROLLBACK, Q_COUNT };
static const char *const raw_sql[Q_COUNT] = {
    "SELECT v, ver FROM kv WHERE k = ?1",
    "INSERT INTO kv (k, v, ver) VALUES (?1, ?2, 1) ON CONFLICT (k) DO NOTHING",
    "INSERT INTO kv (k, v, ver) VALUES (?1, ?2, 1)"
    " ON CONFLICT (k) DO UPDATE SET v = excluded.v, ver = ver + 1 RETURNING ver",
    "UPDATE kv SET v = ?2, ver = ver + 1 WHERE k = ?1 AND ver = ?3",
    "DELETE FROM kv WHERE k = ?1",
    "DELETE FROM kv WHERE k = ?1 AND ver = ?2",
    "SELECT k, v, ver FROM kv WHERE k >= ?1 AND k < ?2 ORDER BY k",
    "SELECT k, v, ver FROM kv WHERE k >= ?1 ORDER BY k",
    "BEGIN DEFERRED",
    "BEGIN IMMEDIATE",
    "COMMIT",
    "ROLLBACK",
};

struct rd {
  const uint8_t *p, *end;
};

static uint32_t rd_u32(struct rd *r) {
  uint32_t v;
  memcpy(&v, r->p, sizeof v);
  r->p += sizeof v;
  return v;
}
static uint64_t rd_u64(struct rd *r) {
  uint64_t v;
  memcpy(&v, r->p, sizeof v);
  r->p += sizeof v;
  return v;
}
static const uint8_t *rd_blob(struct rd *r, uint32_t *n) {
  *n = rd_u32(r);
  const uint8_t *p = r->p;
  r->p += *n;
  return p;
}

static void raw_fail(sqlite3 *db, const char *what) {
  fprintf(stderr, "bench_workflow: raw %s: %s\n", what, sqlite3_errmsg(db));
  exit(1);
}

/* Runs @p q to its end; the number of rows it gave. */
static uint32_t raw_run(sqlite3 *db, sqlite3_stmt *q, uint32_t max_rows) {
  uint32_t rows = 0;
  int rc;
  while (rows < max_rows && (rc = sqlite3_step(q)) == SQLITE_ROW) {
    /* Read the columns, as the backend hands them to the library. */
    (void)sqlite3_column_blob(q, 0);
    (void)sqlite3_column_bytes(q, 0);
    rows++;
  }
  if (rows < max_rows && rc != SQLITE_DONE) raw_fail(db, "step");
  sqlite3_reset(q);
  return rows;
}

/* Replays the log @p log (@p n bytes) on @p path; adds each step's seconds to @p t. */
static void replay(const struct opts *o, const char *path, const uint8_t *log, size_t n,
                   double *t) {
  sqlite3 *db;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) raw_fail(db, "open");
  sqlite3_busy_timeout(db, 10000);
  if (sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) ||
      sqlite3_exec(db, o->full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL",
                   NULL, NULL, NULL))
    raw_fail(db, "pragmas");
  sqlite3_stmt *q[Q_COUNT];
  for (int i = 0; i < Q_COUNT; i++)
    if (sqlite3_prepare_v3(db, raw_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &q[i], NULL))
      raw_fail(db, "prepare");
  struct rd r = {log, log + n};
  int step = REGISTER;
  double t0 = bench_seconds();
  while (r.p < r.end) {
    int op = *r.p++;
    uint32_t kn, vn, hn;
    const uint8_t *k, *v, *h;
    switch (op) {
    case 'M': {
      double t1 = bench_seconds();
      t[step] += t1 - t0;
      t0 = t1;
      step = (int)rd_u32(&r);
      break;
    }
    case 'G':
      k = rd_blob(&r, &kn);
      sqlite3_bind_blob(q[Q_GET], 1, k, (int)kn, SQLITE_STATIC);
      raw_run(db, q[Q_GET], 1);
      break;
    case 'P': {
      k = rd_blob(&r, &kn);
      v = rd_blob(&r, &vn);
      uint64_t expected = rd_u64(&r);
      int rc = -(int)rd_u32(&r);
      int which = expected == SSVC_STORAGE_NEW   ? Q_INSERT_NEW
                  : expected == SSVC_STORAGE_ANY ? Q_UPSERT
                                                 : Q_UPDATE;
      sqlite3_stmt *s = q[which];
      sqlite3_bind_blob(s, 1, k, (int)kn, SQLITE_STATIC);
      sqlite3_bind_blob(s, 2, vn ? (const void *)v : "", (int)vn, SQLITE_STATIC);
      if (which == Q_UPDATE) sqlite3_bind_int64(s, 3, (sqlite3_int64)expected);
      raw_run(db, s, 1);
      /* The same outcome as in the recorded run: the same rows. */
      if (which != Q_UPSERT && (sqlite3_changes(db) == 1) != (rc == SSVC_OK)) {
        fprintf(stderr, "bench_workflow: the replay's put differs from the library's\n");
        exit(1);
      }
      break;
    }
    case 'D': {
      k = rd_blob(&r, &kn);
      uint64_t expected = rd_u64(&r);
      int rc = -(int)rd_u32(&r);
      sqlite3_stmt *s = q[expected == SSVC_STORAGE_ANY ? Q_DELETE_ANY : Q_DELETE_VER];
      sqlite3_bind_blob(s, 1, k, (int)kn, SQLITE_STATIC);
      if (expected != SSVC_STORAGE_ANY) sqlite3_bind_int64(s, 2, (sqlite3_int64)expected);
      raw_run(db, s, 1);
      if ((sqlite3_changes(db) == 1) != (rc == SSVC_OK)) {
        fprintf(stderr, "bench_workflow: the replay's del differs from the library's\n");
        exit(1);
      }
      break;
    }
    case 'S':
    case 'O': {
      k = rd_blob(&r, &kn);
      sqlite3_stmt *s = q[op == 'S' ? Q_SCAN : Q_SCAN_OPEN];
      sqlite3_bind_blob(s, 1, kn ? (const void *)k : "", (int)kn, SQLITE_STATIC);
      if (op == 'S') {
        h = rd_blob(&r, &hn);
        sqlite3_bind_blob(s, 2, hn ? (const void *)h : "", (int)hn, SQLITE_STATIC);
      }
      uint32_t rows = rd_u32(&r);
      if (raw_run(db, s, rows) != rows) {
        fprintf(stderr, "bench_workflow: the replay's scan found other rows\n");
        exit(1);
      }
      break;
    }
    case 'B':
      raw_run(db, q[rd_u32(&r) & SSVC_STORAGE_TXN_WRITE ? Q_BEGIN_WRITE : Q_BEGIN_READ], 1);
      break;
    case 'C':
      raw_run(db, q[Q_COMMIT], 1);
      break;
    case 'R':
      if (!sqlite3_get_autocommit(db)) raw_run(db, q[Q_ROLLBACK], 1);
      break;
    default:
      fprintf(stderr, "bench_workflow: the log is damaged\n");
      exit(1);
    }
  }
  t[step] += bench_seconds() - t0;
  for (int i = 0; i < Q_COUNT; i++) sqlite3_finalize(q[i]);
  sqlite3_close(db);
}

/* Checks that two databases hold the same rows (keys, values and versions). */
static long same_rows(const char *a, const char *b) {
  sqlite3 *db;
  if (sqlite3_open(a, &db) != SQLITE_OK) raw_fail(db, "open");
  char sql[9000];
  snprintf(sql, sizeof sql, "ATTACH '%s' AS other", b);
  if (sqlite3_exec(db, sql, NULL, NULL, NULL)) raw_fail(db, "attach");
  sqlite3_stmt *q;
  if (sqlite3_prepare_v2(db,
                         "SELECT (SELECT count(*) FROM main.kv), (SELECT count(*) FROM other.kv),"
                         " (SELECT count(*) FROM (SELECT * FROM main.kv EXCEPT"
                         " SELECT * FROM other.kv))",
                         -1, &q, NULL) ||
      sqlite3_step(q) != SQLITE_ROW)
    raw_fail(db, "compare");
  long rows = sqlite3_column_int64(q, 0), other = sqlite3_column_int64(q, 1),
       differ = sqlite3_column_int64(q, 2);
  sqlite3_finalize(q);
  sqlite3_close(db);
  if (rows != other || differ) {
    fprintf(stderr, "bench_workflow: library %ld rows, reference %ld, %ld differ\n", rows, other,
            differ);
    exit(1);
  }
  return rows;
}

static void part_workflow(const struct opts *o) {
  char base[4096], recorded[4096], lib[4096], raw[4096], logpath[4200];
  path_in(base, o, "base");
  path_in(recorded, o, "recorded");
  path_in(lib, o, "lib");
  path_in(raw, o, "raw");
  snprintf(logpath, sizeof logpath, "%s.log", recorded);
  bench_remove_db(base);
  double ts = bench_seconds();
  setup_workflow(o, base);
  copy_db(base, recorded);
  printf("setup (not timed): %ld agreements with %ld phones each, %.2f s\n", o->customers,
         o->stock, bench_seconds() - ts);

  struct rec r;
  memset(&r, 0, sizeof r);
  if (!(r.log = fopen(logpath, "wb"))) die("log", NULL);
  double tr[STEPS] = {0}, tl[STEPS] = {0}, tx[STEPS] = {0};
  workflow(o, recorded, &r, tr);
  if (fclose(r.log)) die("log", NULL);
  printf("recorded run (not timed): %ld transactions, %ld gets, %ld scans giving %ld rows, %ld "
         "puts, %ld dels\n",
         r.txns, r.gets, r.scans, r.rows, r.puts, r.dels);

  int fd = open(logpath, O_RDONLY);
  struct stat sb;
  if (fd < 0 || fstat(fd, &sb)) die("log", NULL);
  size_t n = (size_t)sb.st_size;
  uint8_t *log = malloc(n ? n : 1); /* read in before the clock starts */
  if (!log || (n && read(fd, log, n) != (ssize_t)n)) die("log", NULL);
  close(fd);
  unlink(logpath);
  double best_l = 1e300, best_x = 1e300;
  for (long run = 0; run < o->runs; run++) {
    double ul[STEPS] = {0}, ux[STEPS] = {0}, sl = 0, sx = 0;
    copy_db(base, lib);
    copy_db(base, raw);
    workflow(o, lib, NULL, ul);
    replay(o, raw, log, n, ux);
    for (int s = 0; s < STEPS; s++) sl += ul[s], sx += ux[s];
    printf("run %ld: library %.3f s, raw %.3f s\n", run + 1, sl, sx);
    if (sl < best_l) best_l = sl, memcpy(tl, ul, sizeof ul);
    if (sx < best_x) best_x = sx, memcpy(tx, ux, sizeof ux);
  }
  free(log);

  long rows = same_rows(lib, raw);
  printf("check: the library's and the reference's databases hold the same %ld rows\n", rows);
  printf("\nthe better of %ld runs each:\n%-16s %10s %10s %7s\n", o->runs, "step", "library s",
         "raw s", "ratio");
  double sl = 0, sx = 0;
  for (int s = 0; s < STEPS; s++) {
    printf("%-16s %10.3f %10.3f %7.2f\n", step_name[s], tl[s], tx[s], tl[s] / tx[s]);
    sl += tl[s];
    sx += tx[s];
  }
  printf("%-16s %10.3f %10.3f %7.2f   (target <= 1.50)\n", "whole workflow", sl, sx, sl / sx);
  printf("cases per second: library %.0f, raw %.0f\n\n", o->cases / sl, o->cases / sx);
  bench_remove_db(base);
  bench_remove_db(recorded);
  bench_remove_db(lib);
  bench_remove_db(raw);
}

/* ---- Part 3: the change feed's cost ---- */

static double cpu_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long count_rows(const char *path, const char *where) {
  sqlite3 *db;
  sqlite3_stmt *q;
  char sql[200];
  snprintf(sql, sizeof sql, "SELECT count(*) FROM kv %s", where);
  if (sqlite3_open(path, &db) || sqlite3_prepare_v2(db, sql, -1, &q, NULL) ||
      sqlite3_step(q) != SQLITE_ROW)
    raw_fail(db, "count");
  long n = sqlite3_column_int64(q, 0);
  sqlite3_finalize(q);
  sqlite3_close(db);
  return n;
}

static void part_feed(const struct opts *o) {
  char base[4096], with[4096], without[4096];
  path_in(base, o, "feed-base");
  path_in(with, o, "feed-with");
  path_in(without, o, "feed-without");
  bench_remove_db(base);
  setup_workflow(o, base);
  double tw[STEPS] = {0}, to[STEPS] = {0}, best_w = 1e300, best_o = 1e300;
  double best_cw = 1e300, best_co = 1e300;
  for (long run = 0; run < o->runs; run++) {
    double uw[STEPS] = {0}, uo[STEPS] = {0}, sw = 0, so = 0;
    struct rec rw, ro;
    memset(&rw, 0, sizeof rw);
    memset(&ro, 0, sizeof ro);
    ro.drop_feed = 1;
    copy_db(base, with);
    copy_db(base, without);
    double cw = 0, co = 0; /* CPU seconds: less sensitive to the other jobs of the machine */
    for (int k = 0; k < 2; k++) { /* which goes first alternates from run to run */
      int feed = (k == 0) == (run % 2 == 0);
      double c0 = cpu_seconds();
      workflow(o, feed ? with : without, feed ? &rw : &ro, feed ? uw : uo);
      *(feed ? &cw : &co) = cpu_seconds() - c0;
    }
    for (int s = 0; s < STEPS; s++) sw += uw[s], so += uo[s];
    printf("run %ld: with the feed %.3f s (CPU %.3f s), without %.3f s (CPU %.3f s)\n", run + 1,
           sw, cw, so, co);
    if (sw < best_w) best_w = sw, memcpy(tw, uw, sizeof uw);
    if (so < best_o) best_o = so, memcpy(to, uo, sizeof uo);
    if (cw < best_cw) best_cw = cw;
    if (co < best_co) best_co = co;
  }
  /* 'F' keys: the counter and the entries (the setup's too, in both); nothing else differs. */
  const char *f = "WHERE k >= x'46' AND k < x'47'";
  long fw = count_rows(with, f), fo = count_rows(without, f);
  long rw = count_rows(with, ""), ro = count_rows(without, "");
  if (fw - fo < o->cases || rw - ro != fw - fo) {
    fprintf(stderr, "bench_workflow: with the feed %ld rows (%ld of the feed), without %ld (%ld)\n",
            rw, fw, ro, fo);
    exit(1);
  }
  printf("check: with the feed %ld rows, without %ld: the workflow's %ld feed entries\n", rw, ro,
         fw - fo);
  printf("\nthe better of %ld runs each:\n%-16s %10s %10s %7s\n", o->runs, "step", "with s",
         "without s", "ratio");
  double sw = 0, so = 0;
  for (int s = 0; s < STEPS; s++) {
    printf("%-16s %10.3f %10.3f %7.2f\n", step_name[s], tw[s], to[s], tw[s] / to[s]);
    sw += tw[s];
    so += to[s];
  }
  printf("%-16s %10.3f %10.3f %7.2f\n", "whole workflow", sw, so, sw / so);
  printf("%-16s %10.3f %10.3f %7.2f\n\n", "CPU, whole", best_cw, best_co, best_cw / best_co);
  bench_remove_db(base);
  bench_remove_db(with);
  bench_remove_db(without);
}

/* ---- Part 2: the invoice run against history ---- */

/* @p m cases of @p customer registered at the clock, each with a shipment's freight and
 * packaging; one transaction. */
static void month_cases(ssvc_ctx *ctx, ssvc_store *st, const char *customer, long m, long *serial) {
  char case_id[SSVC_CASE_ID_SIZE];
  if (ssvc_store_begin(st)) die("begin", ctx);
  for (long k = 0; k < m; k++) {
    new_case(ctx, st, case_id, customer, (*serial)++ % 1000000);
    ssvc_case_charge ch = SSVC_CASE_CHARGE_INIT;
    ch.kind = SSVC_CHARGE_FREIGHT;
    ch.amount_minor = 8900;
    ch.text = "freight: replacement phone";
    if (ssvc_case_add_charge(st, case_id, "agent", &ch)) die("freight", ctx);
    ch.kind = SSVC_CHARGE_PACKAGING;
    ch.amount_minor = 2500;
    ch.text = "packaging: replacement phone";
    if (ssvc_case_add_charge(st, case_id, "agent", &ch)) die("packaging", ctx);
  }
  if (ssvc_store_commit(st)) die("commit", ctx);
}

/* Stockholm 10:00 (UTC+1/+2, 09:00 UTC is inside both) on day @p day of a month. */
static int64_t instant(int year, int month, int day) {
  ssvc_date d = {year, month, day};
  return (ssvc_date_to_days(&d) * 86400) + 9 * 3600;
}

static void history(const struct opts *o, const char *path) {
  ssvc_ctx *ctx;
  ssvc_store *st;
  open_store(o, path, NULL, &ctx, &st);
  ssvc_catalog *cat;
  ssvc_pricelist *pl;
  if (ssvc_catalog_new(ctx, &cat) || ssvc_pricelist_new(ctx, &pl, cat)) die("pricelist", ctx);
  char id[32];
  long serial = 0;
  /* Month 0 is October 2026 - years; the last history month is September 2026. */
  long months = o->years * 12;
  for (long mi = 0; mi <= months; mi++) {
    long ym = 2026 * 12 + 9 - months + mi; /* year * 12 + month - 1 */
    int year = (int)(ym / 12), month = (int)(ym % 12) + 1;
    for (int g = 0; g < 2; g++) {
      long first = g ? months : 12; /* the group's history begins this many months back */
      if (mi < months - first) continue;
      for (long c = 0; c < o->hcustomers; c++) {
        cust_id(id, g ? "HISTY" : "HIST1", c);
        clock_value = instant(year, month, 1);
        if (mi == months - first) new_agreement(ctx, st, id, 100);
        else { /* the month's run: last month's cases invoiced */
          ssvc_invoice_run_spec s;
          invoice_spec(&s, id, year, month, pl, &seller);
          if (ssvc_invoice_run(st, NULL, NULL, &s)) die("history run", ctx);
        }
        if (mi == months) continue; /* October 2026: the month of part 2, made below */
        clock_value = instant(year, month, 10);
        month_cases(ctx, st, id, o->hcases, &serial);
      }
    }
  }
  /* October 2026: the same month's cases for every customer, and a warm-up customer's. */
  clock_value = instant(2026, 10, 1);
  new_agreement(ctx, st, "WARM", 100);
  clock_value = instant(2026, 10, 10);
  month_cases(ctx, st, "WARM", o->hcases, &serial);
  for (int g = 0; g < 2; g++)
    for (long c = 0; c < o->hcustomers; c++) {
      cust_id(id, g ? "HISTY" : "HIST1", c);
      month_cases(ctx, st, id, o->hcases, &serial);
    }
  ssvc_pricelist_free(pl);
  ssvc_catalog_free(cat);
  close_store(ctx, st);
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* November 2026's run on @p path of a warm-up customer (not timed: the first run of a context
 * builds what later runs reuse), then of both groups, a customer of each in turn: the median
 * seconds (@p t; a WAL checkpoint's fsync lands on one run now and then) and the mean rows read
 * (@p rows) per run of each group. */
static void group_runs(const struct opts *o, const char *path, double t[2], double rows[2]) {
  double *each[2] = {calloc((size_t)o->hcustomers, sizeof(double)),
                     calloc((size_t)o->hcustomers, sizeof(double))};
  if (!each[0] || !each[1]) die("memory", NULL);
  ssvc_ctx *ctx;
  ssvc_store *st;
  struct rec r;
  memset(&r, 0, sizeof r);
  open_store(o, path, &r, &ctx, &st);
  ssvc_catalog *cat;
  ssvc_pricelist *pl;
  if (ssvc_catalog_new(ctx, &cat) || ssvc_pricelist_new(ctx, &pl, cat)) die("pricelist", ctx);
  clock_value = NOV_01;
  char id[32];
  t[0] = t[1] = rows[0] = rows[1] = 0;
  for (long c = -1; c < o->hcustomers; c++)
    for (int g = 0; g < 2; g++) {
      if (c < 0 && g) continue;
      if (c < 0) snprintf(id, sizeof id, "WARM");
      else cust_id(id, g ? "HISTY" : "HIST1", c);
      ssvc_invoice_run_spec s;
      invoice_spec(&s, id, 2026, 11, pl, &seller);
      ssvc_invoice *svc = NULL;
      long before = r.gets + r.rows;
      double t0 = bench_seconds();
      if (ssvc_invoice_run(st, &svc, NULL, &s)) die("run", ctx);
      if (c >= 0) {
        each[g][c] = bench_seconds() - t0;
        rows[g] += (double)(r.gets + r.rows - before) / (double)o->hcustomers;
      }
      int64_t shipped = 0; /* one freight line per case (doc/charges.md) */
      for (size_t k = 0; k < ssvc_invoice_line_count(svc); k++) {
        ssvc_invoice_line l = SSVC_INVOICE_LINE_INIT;
        if (!ssvc_invoice_line_get(svc, k, &l) && l.kind == SSVC_CHARGE_FREIGHT)
          shipped += l.quantity;
      }
      if (shipped != o->hcases) {
        fprintf(stderr, "bench_workflow: %s: not October's %ld shipments\n", id, o->hcases);
        exit(1);
      }
      ssvc_invoice_free(svc);
    }
  for (int g = 0; g < 2; g++) {
    qsort(each[g], (size_t)o->hcustomers, sizeof(double), cmp_double);
    long h = o->hcustomers;
    t[g] = h % 2 ? each[g][h / 2] : (each[g][h / 2 - 1] + each[g][h / 2]) / 2;
    free(each[g]);
  }
  ssvc_pricelist_free(pl);
  ssvc_catalog_free(cat);
  close_store(ctx, st);
}

static void part_history(const struct opts *o) {
  char base[4096], run[4096], old[4096];
  path_in(base, o, "history");
  path_in(run, o, "history-run");
  path_in(old, o, "history-old");
  bench_remove_db(base);
  double ts = bench_seconds();
  history(o, base);
  printf("history (not timed): %ld customers with 1 year and %ld with %ld years, %ld cases a "
         "month each, every month invoiced: %.2f s\n",
         o->hcustomers, o->hcustomers, o->years, o->hcases, bench_seconds() - ts);
  copy_db(base, run);
  copy_db(base, old);
  sqlite3 *db;
  if (sqlite3_open(old, &db) ||
      sqlite3_exec(db, "DELETE FROM kv WHERE k >= x'4250' AND k < x'4251'", NULL, NULL, NULL))
    raw_fail(db, "drop the index");
  sqlite3_close(db);
  double t[2], rows[2], u[2], urows[2];
  group_runs(o, run, t, rows);
  group_runs(o, old, u, urows);
  double t1 = t[0], ty = t[1], r1 = rows[0], ry = rows[1];
  double u1 = u[0], uy = u[1], o1 = urows[0], oy = urows[1];
  printf("invoice run of November 2026 (%ld cases of October each), per customer (median time, "
         "mean rows read):\n",
         o->hcases);
  char ylabel[32];
  snprintf(ylabel, sizeof ylabel, "%ld years", o->years);
  printf("%-34s %12s %12s %7s\n", "", "1 year", ylabel, "ratio");
  printf("%-34s %9.3f ms %9.3f ms %7.2f\n", "with the index: time", t1 * 1e3, ty * 1e3, ty / t1);
  printf("%-34s %12.0f %12.0f %7.2f\n", "with the index: rows read", r1, ry, ry / r1);
  printf("%-34s %9.3f ms %9.3f ms %7.2f\n", "store without the index: time", u1 * 1e3,
         uy * 1e3, uy / u1);
  printf("%-34s %12.0f %12.0f %7.2f\n", "store without the index: rows", o1, oy, oy / o1);
  bench_remove_db(base);
  bench_remove_db(run);
  bench_remove_db(old);
}

int main(int argc, char **argv) {
  struct opts o = {50, 5000, 5, 20, 10, 10, 3, "/tmp", NULL, 0};
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--customers") && v) o.customers = atol(v), i++;
    else if (!strcmp(a, "--cases") && v) o.cases = atol(v), i++;
    else if (!strcmp(a, "--stock") && v) o.stock = atol(v), i++;
    else if (!strcmp(a, "--history-customers") && v) o.hcustomers = atol(v), i++;
    else if (!strcmp(a, "--history-cases") && v) o.hcases = atol(v), i++;
    else if (!strcmp(a, "--years") && v) o.years = atol(v), i++;
    else if (!strcmp(a, "--runs") && v) o.runs = atol(v), i++;
    else if (!strcmp(a, "--dir") && v) o.dir = v, i++;
    else if (!strcmp(a, "--full")) o.full = 1;
    else if (!strcmp(a, "--only") && v &&
             (!strcmp(v, "workflow") || !strcmp(v, "history") || !strcmp(v, "feed")))
      o.only = v, i++;
    else {
      fprintf(stderr, "usage: bench_workflow [--customers C] [--cases N] [--stock S] "
                      "[--history-customers H] [--history-cases M] [--years Y] [--runs R] "
                      "[--dir DIR] [--full] [--only workflow|history|feed]\n");
      return 2;
    }
  }
  if (o.customers < 1 || o.cases < o.customers || o.cases > 800000 || o.stock < 1 ||
      o.hcustomers < 1 || o.hcases < 1 || o.years < 2 || o.years > 50 || o.runs < 1) {
    fprintf(stderr, "bench_workflow: bad size\n");
    return 2;
  }
  printf("bench_workflow: libsmartservice %s, SQLite %s, WAL, synchronous=%s\n", ssvc_version(),
         sqlite3_libversion(), o.full ? "FULL" : "NORMAL");
  printf("workflow: %ld cases of %ld customers, each registered, diagnosed, reserved, shipped, "
         "returned and repaired, then November's invoice runs\n",
         o.cases, o.customers);
  if (!o.only || !strcmp(o.only, "workflow")) part_workflow(&o);
  if (!o.only || !strcmp(o.only, "history")) part_history(&o);
  if (o.only && !strcmp(o.only, "feed")) part_feed(&o);
  return 0;
}
