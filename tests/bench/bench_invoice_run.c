/*
 * bench_invoice_run: the stored monthly invoice run (issue 7) on the SQLite backend.
 *
 *   bench_invoice_run [--customers N] [--users U] [--shipment-bp BP] [--dir DIR] [--full]
 *
 * Setup (a child process, not timed for the figures): N agreements (PROF, U users), and for
 * BP/10000 of the users a case registered in October with one shipment's freight and packaging
 * charges recorded through the public API, grouped 1 customer per transaction.
 *
 * Then, in the same run (each measured phase in a process of its own, so each peak RSS is its
 * own):
 *  (a) the reference: raw sqlite3 over the same database reading the same rows the run reads per
 *      customer: the agreement row, the customer's index range, every case record by key; no
 *      decoding, no writes;
 *  (a2) the same reads plus, per customer, one write transaction inserting as many rows of about
 *      the sizes the run writes (raw_scan_rw());
 *  (b) the invoice run for November of every customer (one transaction each: reads, pricing, the
 *      invoice records, the marks, the counter);
 *  (c) the same run again: every customer's stored invoices read back (the exactly-once path).
 * Prints the times, customers per second, the ratio (b)/(a) and the peak RSS of each phase.
 * SQLite runs with synchronous=NORMAL unless --full (synchronous=FULL: one fsync per customer).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <smartservice.h>
#include <smartservice/sqlite.h>
#include <sqlite3.h>

#include "bench_util.h"
#include "case_keys.h"

#define OCT_10 INT64_C(1791615600) /* setup clock: 2026-10-10 */
#define NOV_01 INT64_C(1793526000) /* run clock: 2026-11-01 */

/* The buyer on every benchmark customer's invoices (a fictitious but valid identity). */
static const ssvc_party bench_buyer = {SSVC_PARTY_VERSION, "Kund AB", "556036-0793",
                                       "SE556036079301", NULL, NULL, "Göteborg", NULL, NULL, 0,
                                       NULL, NULL, NULL, NULL, NULL, NULL, NULL};

static int64_t clock_value = OCT_10;
static int64_t bench_clock(void *ud) {
  (void)ud;
  return clock_value;
}

static void die(const char *what, ssvc_ctx *ctx) {
  fprintf(stderr, "bench_invoice_run: %s: %s\n", what, ctx ? ssvc_ctx_errmsg(ctx) : "");
  exit(1);
}

struct opts {
  long customers, users, ship_bp;
  const char *dir;
  int full;
  char path[4096];
};

static void cust_id(char *out, long i) { snprintf(out, 32, "CUST-%06ld", i); }

static void open_store(const struct opts *o, ssvc_ctx **ctx, ssvc_store **st) {
  ssvc_ctx_options co = SSVC_CTX_OPTIONS_INIT;
  co.clock = bench_clock;
  if (ssvc_ctx_new(ctx, &co)) die("ctx", NULL);
  ssvc_sqlite_options so = SSVC_SQLITE_OPTIONS_INIT;
  so.sync = o->full ? SSVC_SQLITE_SYNC_FULL : SSVC_SQLITE_SYNC_NORMAL;
  ssvc_storage_backend be;
  if (ssvc_sqlite_backend(*ctx, &be, o->path, &so)) die("sqlite backend", *ctx);
  if (ssvc_store_open(*ctx, st, &be)) die("store open", *ctx);
}

static void setup(const struct opts *o) {
  ssvc_ctx *ctx;
  ssvc_store *st;
  open_store(o, &ctx, &st);
  long ships = o->users * o->ship_bp / 10000;
  char id[32], case_id[SSVC_CASE_ID_SIZE];
  for (long i = 0; i < o->customers; i++) {
    cust_id(id, i);
    if (ssvc_store_begin(st)) die("begin", ctx);
    ssvc_agreement_spec a = SSVC_AGREEMENT_SPEC_INIT;
    a.customer_id = id;
    a.customer_name = id;
    a.tier_code = "PROF";
    a.fleet = (uint32_t)o->users;
    a.buyer = &bench_buyer;
    a.buyer_reference = id;
    if (ssvc_agreement_create(st, &a, "bench")) die("agreement", ctx);
    for (long k = 0; k < ships; k++) {
      char body[15], imei[SSVC_IMEI_SIZE]; /* user k's phone: one open case each */
      snprintf(body, sizeof body, "35%012ld", k % 1000000000000L);
      if (ssvc_imei_complete(imei, body)) die("imei", ctx);
      ssvc_case_spec c = SSVC_CASE_SPEC_INIT;
      c.customer_id = id;
      c.user_name = "User";
      c.imei = imei;
      c.model = "Fairphone 5";
      c.tier_code = "PROF"; /* the agreement's; the features are its too */
      c.actor = "bench";
      if (ssvc_case_create(st, case_id, &c)) die("case", ctx);
      ssvc_case_charge ch = SSVC_CASE_CHARGE_INIT;
      ch.kind = SSVC_CHARGE_FREIGHT;
      ch.amount_minor = 8900;
      ch.text = "freight: replacement phone";
      if (ssvc_case_add_charge(st, case_id, "bench", &ch)) die("freight", ctx);
      ch.kind = SSVC_CHARGE_PACKAGING;
      ch.amount_minor = 2500;
      ch.text = "packaging: replacement phone";
      if (ssvc_case_add_charge(st, case_id, "bench", &ch)) die("packaging", ctx);
    }
    if (ssvc_store_commit(st)) die("commit", ctx);
  }
  ssvc_store_free(st);
  ssvc_ctx_free(ctx);
}

/* (a) Raw sqlite3: per customer the agreement row, its customer-index range and each case
 * record by key. Prints rows and bytes read. With @p write (a2), each customer is also one write
 * transaction (BEGIN IMMEDIATE ... COMMIT, the store's pragmas) that inserts as many rows of
 * about the sizes the run writes: one 1 KiB row (the invoice), one of 32 bytes (the run record),
 * one of 8 bytes per case read (the marks) and an update of one counter row. */
static void raw_scan_rw(const struct opts *o, int write) {
  sqlite3 *db;
  if (sqlite3_open_v2(o->path, &db, write ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY, NULL) !=
      SQLITE_OK)
    die("raw open", 0);
  sqlite3_stmt *get, *range, *ins = NULL, *upd = NULL;
  if (write) {
    sqlite3_exec(db, o->full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL", NULL,
                 NULL, NULL);
    sqlite3_prepare_v2(db, "INSERT INTO kv (k, v, ver) VALUES (?1, ?2, 1)", -1, &ins, NULL);
    sqlite3_prepare_v2(db, "INSERT INTO kv (k, v, ver) VALUES (x'5A00', ?1, 1) ON CONFLICT(k) "
                       "DO UPDATE SET v = excluded.v, ver = ver + 1", -1, &upd, NULL);
  }
  static uint8_t blob[1024];
  long wrote = 0;
  sqlite3_prepare_v2(db, "SELECT v FROM kv WHERE k = ?1", -1, &get, NULL);
  sqlite3_prepare_v2(db, "SELECT k FROM kv WHERE k >= ?1 AND k < ?2 ORDER BY k", -1, &range,
                     NULL);
  if (!write) sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
  long rows = 0;
  long long bytes = 0;
  char id[32];
  uint8_t k[128], lo[128], hi[128];
  for (long i = 0; i < o->customers; i++) {
    cust_id(id, i);
    size_t n = strlen(id);
    long cases = 0;
    if (write) sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    k[0] = 'A';
    memcpy(k + 1, id, n);
    sqlite3_bind_blob(get, 1, k, (int)(n + 1), SQLITE_STATIC);
    if (sqlite3_step(get) == SQLITE_ROW) bytes += sqlite3_column_bytes(get, 0), rows++;
    sqlite3_reset(get);
    lo[0] = hi[0] = 'U';
    memcpy(lo + 1, id, n);
    memcpy(hi + 1, id, n);
    lo[n + 1] = 0;
    hi[n + 1] = 1;
    sqlite3_bind_blob(range, 1, lo, (int)(n + 2), SQLITE_STATIC);
    sqlite3_bind_blob(range, 2, hi, (int)(n + 2), SQLITE_STATIC);
    while (sqlite3_step(range) == SQLITE_ROW) {
      const uint8_t *ik = sqlite3_column_blob(range, 0);
      int il = sqlite3_column_bytes(range, 0);
      rows++;
      /* The index key ends with year (u16) and number (u32): the case key. */
      k[0] = 'C';
      memcpy(k + 1, ik + il - 6, 6);
      sqlite3_bind_blob(get, 1, k, SSVC_KEY_CASE_LEN, SQLITE_TRANSIENT);
      if (sqlite3_step(get) == SQLITE_ROW) bytes += sqlite3_column_bytes(get, 0), rows++;
      sqlite3_reset(get);
      cases++;
    }
    sqlite3_reset(range);
    if (!write) continue;
    /* Keys 'Z' customer 0x00 serial: apart from the library's keys. */
    uint8_t wk[64];
    wk[0] = 'Z';
    memcpy(wk + 1, id, n);
    wk[n + 1] = 0;
    for (long j = 0; j < cases + 2; j++) {
      wk[n + 2] = (uint8_t)(j >> 8);
      wk[n + 3] = (uint8_t)j;
      int size = j == 0 ? 1024 : j == 1 ? 32 : 8;
      sqlite3_bind_blob(ins, 1, wk, (int)(n + 4), SQLITE_STATIC);
      sqlite3_bind_blob(ins, 2, blob, size, SQLITE_STATIC);
      if (sqlite3_step(ins) != SQLITE_DONE) die("raw insert", NULL);
      sqlite3_reset(ins);
      wrote++;
    }
    sqlite3_bind_blob(upd, 1, blob, 8, SQLITE_STATIC);
    if (sqlite3_step(upd) != SQLITE_DONE) die("raw update", NULL);
    sqlite3_reset(upd);
    wrote++;
    if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) die("raw commit", NULL);
  }
  if (!write) sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
  sqlite3_finalize(get);
  sqlite3_finalize(range);
  sqlite3_finalize(ins);
  sqlite3_finalize(upd);
  sqlite3_close(db);
  printf("  raw%s: rows read %ld, %lld bytes of values; rows written %ld\n", write ? " r+w" : "",
         rows, bytes, wrote);
}

static void raw_scan(const struct opts *o) { raw_scan_rw(o, 0); }
static void raw_scan_write(const struct opts *o) { raw_scan_rw(o, 1); }

/* (b)/(c) The invoice run of every customer. */
static void invoice_run(const struct opts *o, int again) {
  ssvc_ctx *ctx;
  ssvc_store *st;
  open_store(o, &ctx, &st);
  clock_value = NOV_01;
  ssvc_catalog *cat;
  ssvc_pricelist *pl;
  if (ssvc_catalog_new(ctx, &cat) || ssvc_pricelist_new(ctx, &pl, cat)) die("pricelist", ctx);
  ssvc_party seller = SSVC_PARTY_INIT;
  seller.name = "Smartservice Support Center AB";
  seller.org_number = "556000-0001";
  seller.vat_number = "SE556000000101";
  char id[32];
  long lines = 0;
  int64_t payable = 0;
  for (long i = 0; i < o->customers; i++) {
    cust_id(id, i);
    ssvc_invoice_run_spec s = SSVC_INVOICE_RUN_SPEC_INIT;
    s.customer_id = id;
    s.year = 2026;
    s.month = 11;
    s.pricelist = pl;
    s.seller = &seller;
    ssvc_invoice *svc = NULL;
    if (ssvc_invoice_run(st, &svc, NULL, &s)) die("run", ctx);
    ssvc_invoice_totals t = SSVC_INVOICE_TOTALS_INIT;
    ssvc_invoice_get_totals(svc, &t);
    lines += (long)t.lines;
    payable += t.payable;
    if (i == 0 && !again) {
      /* Check the figures once: fee + shipments. */
      long ships = o->users * o->ship_bp / 10000;
      int64_t want = (int64_t)o->users * 3900 + ships * (8900 + 2500);
      if (t.tax_exclusive != want) {
        fprintf(stderr, "bench_invoice_run: %s: %lld, expected %lld\n", id,
                (long long)t.tax_exclusive, (long long)want);
        exit(1);
      }
    }
    ssvc_invoice_free(svc);
  }
  printf("  %s: %ld invoices, %ld lines, %.2f SEK payable in all\n",
         again ? "re-run" : "run", o->customers, lines, (double)payable / 100.0);
  ssvc_pricelist_free(pl);
  ssvc_catalog_free(cat);
  ssvc_store_free(st);
  ssvc_ctx_free(ctx);
}

/* Runs @p fn in a child process: returns its wall time; prints its peak RSS. */
static double in_child(const char *name, const struct opts *o, void (*fn)(const struct opts *)) {
  fflush(stdout);
  double t0 = bench_seconds();
  pid_t pid = fork();
  if (pid < 0) die("fork", NULL);
  if (pid == 0) {
    fn(o);
    printf("  %s: peak RSS %ld KiB\n", name, bench_peak_kib());
    fflush(stdout);
    _exit(0);
  }
  int status;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    fprintf(stderr, "bench_invoice_run: %s failed\n", name);
    exit(1);
  }
  return bench_seconds() - t0;
}

static void run_first(const struct opts *o) { invoice_run(o, 0); }
static void run_again(const struct opts *o) { invoice_run(o, 1); }

int main(int argc, char **argv) {
  struct opts o = {10000, 1000, 800, "/tmp", 0, ""};
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--customers") && v) o.customers = atol(v), i++;
    else if (!strcmp(a, "--users") && v) o.users = atol(v), i++;
    else if (!strcmp(a, "--shipment-bp") && v) o.ship_bp = atol(v), i++;
    else if (!strcmp(a, "--dir") && v) o.dir = v, i++;
    else if (!strcmp(a, "--full")) o.full = 1;
    else {
      fprintf(stderr,
              "usage: bench_invoice_run [--customers N] [--users U] [--shipment-bp BP] "
              "[--dir DIR] [--full]\n");
      return 2;
    }
  }
  if (o.customers < 1 || o.users < 0 || o.ship_bp < 0 || o.ship_bp > 10000) {
    fprintf(stderr, "bench_invoice_run: bad size\n");
    return 2;
  }
  snprintf(o.path, sizeof o.path, "%s/bench_invoice_run-%d.db", o.dir, (int)getpid());
  long ships = o.users * o.ship_bp / 10000;
  printf("invoice run: %ld customers x %ld users, %ld shipments each (%ld cases in all), SQLite "
         "synchronous=%s\n",
         o.customers, o.users, ships, ships * o.customers, o.full ? "FULL" : "NORMAL");
  double ts = in_child("setup", &o, setup);
  printf("  setup (not part of the figures): %.2f s\n", ts);
  double tr = in_child("raw scan", &o, raw_scan);
  double tw = in_child("raw read+write", &o, raw_scan_write);
  double tb = in_child("invoice run", &o, run_first);
  double tc = in_child("re-run", &o, run_again);
  printf("(a)  raw sqlite3 reads, same rows:     %8.3f s  %9.0f customers/s\n", tr,
         o.customers / tr);
  printf("(a2) raw reads + as many writes, 1 txn:%8.3f s  %9.0f customers/s\n", tw,
         o.customers / tw);
  printf("(b)  invoice run (stored, 1 txn each): %8.3f s  %9.0f customers/s\n", tb,
         o.customers / tb);
  printf("(c)  same month again (stored ones):   %8.3f s  %9.0f customers/s\n", tc,
         o.customers / tc);
  printf("ratio (b)/(a): %.2f   (b)/(a2): %.2f   (c)/(a): %.2f\n", tb / tr, tb / tw, tc / tr);
  bench_remove_db(o.path);
  return 0;
}
