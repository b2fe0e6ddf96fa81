/*
 * Benchmark: create N cases (a) in the memory backend, (b) in the SQLite backend, beside (c) a
 * reference that writes the very same encoded bytes into the same SQLite schema with raw sqlite3
 * calls, doing the same statements per case (read the customer's agreement, scan the IMEI index
 * for an open case of the phone, read the id counter, see that the case key is free, write the
 * counter, insert the case record and its three index entries; at each commit the change feed's
 * counter and one entry per case) in the same transaction sizes
 * with the same pragmas (WAL, synchronous=FULL), and computing the delivery promise on the
 * agreement's calendar as the library does. Prints cases per second, the ratio (b)/(c) and the
 * peak resident memory.
 *
 * The cases belong to 200 customers, each with its PROF agreement (made before the clock runs),
 * and each case is for another phone (a customer's IMEI may have one open case).
 *
 *   bench_cases [N=1000000] [BATCH=1000] [DIR=.] [memory]   (memory: only the memory backend)
 *
 * The figures and the exact command are in doc/performance.md ("Cases and storage").
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "bench_util.h"
#include "case_keys.h" /* the library's own encoder and key layout (private) */
#include "smartservice.h"
#include "smartservice/sqlite.h"

static const int64_t T0 = INT64_C(1772442000); /* 2026-03-02T09:00:00Z */

/* Case i's registration instant: ten cases a second. */
static int64_t clock_of(void *ud) { return T0 + *(long *)ud / 10; }

enum { CUSTOMERS = 200 };

struct gen {
  char customer[16], phone[16], imei[SSVC_IMEI_SIZE];
  ssvc_case_spec spec;
};

static const char *const models[] = {"Fairphone 5", "Galaxy A15", "iPhone 15", "Pixel 8",
                                     "Xperia 10 V"};

static void gen_case(struct gen *g, long i) {
  /* Cheap to make, so that the harness costs little beside what is measured. */
  memcpy(g->customer, "CUST-000", 9);
  g->customer[5] = (char)('0' + i % 200 / 100);
  g->customer[6] = (char)('0' + i % 100 / 10);
  g->customer[7] = (char)('0' + i % 10);
  memcpy(g->phone, "+46700000000", 13);
  for (long v = i, k = 11; k > 5; k--, v /= 10) g->phone[k] = (char)('0' + v % 10);
  char body[15] = "35000000000000"; /* case i's phone: "35", i in twelve digits, the check */
  for (long v = i, k = 13; k > 1; k--, v /= 10) body[k] = (char)('0' + v % 10);
  ssvc_imei_complete(g->imei, body);
  ssvc_case_spec s = SSVC_CASE_SPEC_INIT;
  s.customer_id = g->customer;
  s.user_name = "Anna Andersson";
  s.user_phone = g->phone;
  s.user_email = "anna.andersson@example.se";
  s.imei = g->imei;
  s.model = models[i % 5];
  s.serial = "SN-000123";
  s.purchase_date = (ssvc_date){2025, 2, 28};
  s.warranty_end = (ssvc_date){2027, 2, 28};
  s.tier_code = "PROF"; /* as the agreement says; the features are the agreement's */
  s.symptom = "screen cracked after a fall";
  s.actor = "agent-7";
  g->spec = s;
}

static void die(const char *what, ssvc_ctx *ctx) {
  fprintf(stderr, "bench_cases: %s: %s\n", what, ctx ? ssvc_ctx_errmsg(ctx) : "");
  exit(1);
}

/* The agreements of the CUSTOMERS customers (on the clock's first instant, so that both
 * databases get the same bytes). */
static void make_agreements(ssvc_store *st, ssvc_ctx *ctx, long *clock_i) {
  *clock_i = 0;
  struct gen g;
  if (ssvc_store_begin(st)) die("begin", ctx);
  for (long c = 0; c < CUSTOMERS; c++) {
    gen_case(&g, c);
    ssvc_agreement_spec a = SSVC_AGREEMENT_SPEC_INIT;
    a.customer_id = g.customer;
    a.customer_name = g.customer;
    a.tier_code = "PROF";
    a.fleet = 100;
    if (ssvc_agreement_create(st, &a, "lead")) die("agreement", ctx);
  }
  if (ssvc_store_commit(st)) die("commit", ctx);
}

/* Creates n cases through the library in batches; returns the seconds taken. */
static double run_library(ssvc_store *st, ssvc_ctx *ctx, long n, long batch, long *clock_i) {
  struct gen g;
  char id[SSVC_CASE_ID_SIZE];
  double t = bench_seconds();
  for (long i = 0; i < n; i++) {
    if (i % batch == 0 && ssvc_store_begin(st)) die("begin", ctx);
    *clock_i = i;
    gen_case(&g, i);
    if (ssvc_case_create(st, id, &g.spec)) die("create", ctx);
    if ((i + 1) % batch == 0 || i + 1 == n) {
      if (ssvc_store_commit(st)) die("commit", ctx);
    }
  }
  return bench_seconds() - t;
}

static void exec(sqlite3 *db, const char *sql) {
  char *err = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
    fprintf(stderr, "bench_cases: %s: %s\n", sql, err);
    exit(1);
  }
}

static void step(sqlite3 *db, sqlite3_stmt *s) {
  int rc = sqlite3_step(s);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
    fprintf(stderr, "bench_cases: raw step: %s\n", sqlite3_errmsg(db));
    exit(1);
  }
}

/* The key of @p customer's agreement, laid out as src/agreement.c does: 'A', the id, no NUL. */
static size_t key_agreement(uint8_t *k, const char *customer) {
  size_t n = 1;
  k[0] = SSVC_KEY_AGREEMENT;
  ssvc__key_text(k, &n, customer);
  return n - 1;
}

/* The change feed's part of a commit, as the library does it (doc/storage.md "The change
 * feed"): read the feed counter, write it raised by @p count, insert one entry per case key
 * stamped at the commit's instant @p now. */
static void change_feed(sqlite3 *db, sqlite3_stmt *get, sqlite3_stmt *put_counter,
                        sqlite3_stmt *ins, uint8_t (*keys)[SSVC_KEY_CASE_LEN], long count,
                        int64_t now, ssvc_buf *cnt, ssvc_buf *rec) {
  uint8_t k[9];
  k[0] = SSVC_KEY_FEED;
  uint64_t last = 0;
  sqlite3_bind_blob(get, 1, k, SSVC_CHANGES_COUNTER_LEN, SQLITE_STATIC);
  if (sqlite3_step(get) == SQLITE_ROW) { /* the counter record: header, then field 1 */
    const uint8_t *v = sqlite3_column_blob(get, 0);
    int vlen = sqlite3_column_bytes(get, 0);
    for (int j = vlen - 1; j >= 3; j--) last = last << 7 | (v[j] & 0x7f);
  }
  sqlite3_reset(get);
  cnt->len = 0;
  ssvc__changes_encode_counter(cnt, last + (uint64_t)count);
  sqlite3_bind_blob(put_counter, 1, k, SSVC_CHANGES_COUNTER_LEN, SQLITE_STATIC);
  sqlite3_bind_blob(put_counter, 2, cnt->p, (int)cnt->len, SQLITE_STATIC);
  step(db, put_counter);
  sqlite3_reset(put_counter);
  for (long j = 0; j < count; j++) {
    rec->len = 0;
    ssvc__changes_encode(rec, keys[j], SSVC_KEY_CASE_LEN, SSVC_CHANGE_PUT, now);
    sqlite3_bind_blob(ins, 1, k, (int)ssvc__changes_key(k, last + 1 + (uint64_t)j),
                      SQLITE_STATIC);
    sqlite3_bind_blob(ins, 2, rec->p, (int)rec->len, SQLITE_STATIC);
    step(db, ins);
    sqlite3_reset(ins);
  }
}

/* The raw reference: the same bytes, statements and transactions with plain sqlite3 calls. The
 * agreements are all PROF on the default calendar: @p features and @p cal are theirs (read once
 * before the clock runs; the library decodes the agreement it reads for each case). */
static double run_raw(const char *path, ssvc_ctx *ctx, long n, long batch, unsigned features,
                      const ssvc_calendar *cal) {
  sqlite3 *db;
  if (sqlite3_open(path, &db) != SQLITE_OK) die("raw open", NULL);
  exec(db, "PRAGMA journal_mode = WAL");
  exec(db, "PRAGMA synchronous = FULL");
  sqlite3_stmt *get, *put_counter, *ins, *scan;
  sqlite3_prepare_v2(db, "SELECT v, ver FROM kv WHERE k = ?1", -1, &get, NULL);
  sqlite3_prepare_v2(db, "SELECT k, v, ver FROM kv WHERE k >= ?1 AND k < ?2 ORDER BY k", -1,
                     &scan, NULL);
  sqlite3_prepare_v2(db,
                     "INSERT INTO kv (k, v, ver) VALUES (?1, ?2, 1)"
                     " ON CONFLICT (k) DO UPDATE SET v = excluded.v, ver = ver + 1",
                     -1, &put_counter, NULL);
  sqlite3_prepare_v2(db, "INSERT INTO kv (k, v, ver) VALUES (?1, ?2, 1)", -1, &ins, NULL);
  struct gen g;
  ssvc_buf rec, cnt;
  ssvc__buf_init(&rec, ctx);
  ssvc__buf_init(&cnt, ctx);
  uint8_t k[SSVC_KEY_IMEI_MAX > SSVC_KEY_CUSTOMER_MAX ? SSVC_KEY_IMEI_MAX : SSVC_KEY_CUSTOMER_MAX];
  uint8_t hi[SSVC_KEY_IMEI_MAX];
  uint8_t (*batch_keys)[SSVC_KEY_CASE_LEN] = malloc((size_t)batch * SSVC_KEY_CASE_LEN);
  if (!batch_keys) die("raw malloc", NULL);
  double t = bench_seconds();
  for (long i = 0; i < n; i++) {
    if (i % batch == 0) exec(db, "BEGIN IMMEDIATE");
    int64_t now = T0 + i / 10;
    uint32_t year = (uint32_t)ssvc__year_of(now);
    gen_case(&g, i);
    /* read the agreement, look for an open case of the phone, the promise, as the library */
    sqlite3_bind_blob(get, 1, k, (int)key_agreement(k, g.customer), SQLITE_STATIC);
    step(db, get);
    sqlite3_reset(get);
    size_t pn = ssvc__key_imei_prefix(k, g.customer, g.imei);
    memcpy(hi, k, pn);
    memset(hi + pn, 0xff, 6);
    sqlite3_bind_blob(scan, 1, k, (int)pn, SQLITE_STATIC);
    sqlite3_bind_blob(scan, 2, hi, (int)pn + 6, SQLITE_STATIC);
    while (sqlite3_step(scan) == SQLITE_ROW) continue; /* each case has its own phone: none */
    sqlite3_reset(scan);
    ssvc_date promised;
    if (ssvc_calendar_delivery(ctx, cal, &promised, now)) die("raw promise", ctx);
    /* read the counter and see that the case key is free, as the library does */
    sqlite3_bind_blob(get, 1, k, (int)ssvc__key_counter(k, year), SQLITE_STATIC);
    step(db, get);
    sqlite3_reset(get);
    uint32_t seq = (uint32_t)i + 1;
    sqlite3_bind_blob(get, 1, k, (int)ssvc__key_case(k, year, seq), SQLITE_STATIC);
    step(db, get);
    sqlite3_reset(get);
    rec.len = cnt.len = 0;
    ssvc__counter_encode(&cnt, seq);
    g.spec.features = features;
    ssvc__case_encode_new(&rec, &g.spec, year, seq, now, promised, NULL, 0);
    sqlite3_bind_blob(put_counter, 1, k, (int)ssvc__key_counter(k, year), SQLITE_STATIC);
    sqlite3_bind_blob(put_counter, 2, cnt.p, (int)cnt.len, SQLITE_STATIC);
    step(db, put_counter);
    sqlite3_reset(put_counter);
    sqlite3_bind_blob(ins, 1, k, (int)ssvc__key_case(k, year, seq), SQLITE_STATIC);
    sqlite3_bind_blob(ins, 2, rec.p, (int)rec.len, SQLITE_STATIC);
    step(db, ins);
    sqlite3_reset(ins);
    sqlite3_bind_blob(ins, 1, k, (int)ssvc__key_state(k, SSVC_CASE_REGISTERED, year, seq),
                      SQLITE_STATIC);
    sqlite3_bind_blob(ins, 2, "", 0, SQLITE_STATIC);
    step(db, ins);
    sqlite3_reset(ins);
    sqlite3_bind_blob(ins, 1, k, (int)ssvc__key_customer(k, g.customer, now, year, seq),
                      SQLITE_STATIC);
    step(db, ins);
    sqlite3_reset(ins);
    sqlite3_bind_blob(ins, 1, k, (int)ssvc__key_imei(k, g.customer, g.imei, year, seq),
                      SQLITE_STATIC);
    step(db, ins);
    sqlite3_reset(ins);
    ssvc__key_case(batch_keys[i % batch], year, seq);
    if ((i + 1) % batch == 0 || i + 1 == n) {
      change_feed(db, get, put_counter, ins, batch_keys, i % batch + 1, now, &cnt, &rec);
      exec(db, "COMMIT");
    }
  }
  free(batch_keys);
  double secs = bench_seconds() - t;
  ssvc__buf_free(&rec);
  ssvc__buf_free(&cnt);
  sqlite3_finalize(get);
  sqlite3_finalize(put_counter);
  sqlite3_finalize(ins);
  sqlite3_finalize(scan);
  sqlite3_close(db);
  return secs;
}

/* Checks that the two databases hold byte-identical rows (the same work was done). */
static void same_rows(const char *a, const char *b) {
  sqlite3 *db;
  sqlite3_open(a, &db);
  char sql[9000];
  snprintf(sql, sizeof sql, "ATTACH '%s' AS other", b);
  exec(db, sql);
  sqlite3_stmt *q;
  sqlite3_prepare_v2(db,
                     "SELECT (SELECT count(*) FROM main.kv), (SELECT count(*) FROM (SELECT k, v"
                     " FROM main.kv EXCEPT SELECT k, v FROM other.kv))",
                     -1, &q, NULL);
  step(db, q);
  long rows = sqlite3_column_int64(q, 0), differ = sqlite3_column_int64(q, 1);
  sqlite3_finalize(q);
  sqlite3_close(db);
  if (differ) {
    fprintf(stderr, "bench_cases: %ld of %ld rows differ between library and reference\n",
            differ, rows);
    exit(1);
  }
  printf("check: library and reference databases hold the same %ld rows\n", rows);
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 1000000;
  long batch = argc > 2 ? atol(argv[2]) : 1000;
  const char *dir = argc > 3 ? argv[3] : ".";
  if (n < 1 || batch < 1) {
    fprintf(stderr, "usage: bench_cases [N] [BATCH] [DIR]\n");
    return 2;
  }
  char lib_db[4096], raw_db[4096];
  snprintf(lib_db, sizeof lib_db, "%s/bench-lib.db", dir);
  snprintf(raw_db, sizeof raw_db, "%s/bench-raw.db", dir);
  long clock_i = 0;
  ssvc_ctx_options o = SSVC_CTX_OPTIONS_INIT;
  o.clock = clock_of;
  o.clock_user_data = &clock_i;
  ssvc_ctx *ctx;
  if (ssvc_ctx_new(&ctx, &o)) die("context", NULL);
  printf("bench_cases: %ld cases, %ld per transaction, libsmartservice %s, SQLite %s\n", n, batch,
         ssvc_version(), sqlite3_libversion());
  long rss0 = bench_peak_kib();

  /* (a) memory backend */
  ssvc_store *st;
  if (ssvc_store_memory_new(ctx, &st)) die("memory store", ctx);
  make_agreements(st, ctx, &clock_i);
  double mem = run_library(st, ctx, n, batch, &clock_i);
  long rss_mem = bench_peak_kib();
  ssvc_store_free(st);
  printf("memory backend:   %8.3f s  %10.0f cases/s   (target >= 1000000)   peak RSS %ld MiB "
         "(%.0f bytes/case)\n",
         mem, n / mem, rss_mem / 1024, (double)(rss_mem - rss0) * 1024.0 / (double)n);

  if (argc > 4 && strcmp(argv[4], "memory") == 0) {
    ssvc_ctx_free(ctx);
    return 0;
  }
  /* (b) SQLite backend; (c) the raw reference in a database with the same schema */
  bench_remove_db(lib_db);
  bench_remove_db(raw_db);
  if (ssvc_sqlite_open(ctx, &st, raw_db, NULL)) die("schema for the reference", ctx);
  make_agreements(st, ctx, &clock_i);
  ssvc_agreement *ag;
  ssvc_calendar *cal;
  if (ssvc_agreement_load(st, &ag, "CUST-000") || ssvc_agreement_calendar(ctx, ag, &cal))
    die("the reference's agreement", ctx);
  unsigned features = ssvc_agreement_features(ag);
  ssvc_agreement_free(ag);
  ssvc_store_free(st);
  if (ssvc_sqlite_open(ctx, &st, lib_db, NULL)) die("sqlite store", ctx);
  make_agreements(st, ctx, &clock_i);
  double lib = run_library(st, ctx, n, batch, &clock_i);
  ssvc_store_free(st);
  double raw = run_raw(raw_db, ctx, n, batch, features, cal);
  ssvc_calendar_free(cal);
  printf("sqlite backend:   %8.3f s  %10.0f cases/s\n", lib, n / lib);
  printf("raw sqlite3 ref:  %8.3f s  %10.0f cases/s\n", raw, n / raw);
  printf("ratio backend/raw: %.2f   (target <= 1.50)\n", lib / raw);
  same_rows(lib_db, raw_db);
  printf("peak RSS of the whole run: %ld MiB\n", bench_peak_kib() / 1024);
  bench_remove_db(lib_db);
  bench_remove_db(raw_db);
  ssvc_ctx_free(ctx);
  return 0;
}
