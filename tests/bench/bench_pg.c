/*
 * Benchmark: cases per second on PostgreSQL with 1, 2, 4 and 8 concurrent processes (each its own
 * connection, one transaction per case, as helpdesk nodes register them), beside a reference in
 * the same run (each measured twice, alternating, the better kept): raw libpq doing the same work
 * per case with the same processes — lock and read the customer's agreement, scan the IMEI index
 * for an open case of the phone, compute the delivery promise on the agreement's calendar, lock
 * and read the id counter, see that the case key is free, write the counter, insert the case
 * record and its three index entries (the very same bytes, made by the library's own encoder),
 * then lock, read and write the change feed's counter and insert the case's entry, in one READ
 * COMMITTED transaction. Prints both rates and the ratio library/raw for every process
 * count.
 *
 * Each process registers cases for 200 customers of its own, whose PROF agreements are made
 * before the processes start, and each case is for another phone (a customer's IMEI may have one
 * open case).
 *
 *   bench_pg [N=20000] [PROCS=1,2,4,8]
 *
 * The server: SSVC_PG_TEST_DSN, or run it under tests/pg/with_server.sh. Every run works in
 * schemas of its own and drops them. Figures and the exact command: doc/performance.md
 * ("PostgreSQL").
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "case_keys.h" /* the library's own encoder and key layout (private) */
#include "pg_env.h"
#include "record.h"
#include "smartservice.h"
#include "smartservice/pg.h"

static const int64_t T0 = INT64_C(1772442000); /* 2026-03-02T09:00:00Z */
static char dsn[1024];
enum { CUSTOMERS = 200 }; /* per process */

/* What every agreement gives a case (they differ only in the customer): the features and the
 * calendar of the promise, for the reference (main makes them before any process starts; the
 * library reads and decodes the agreement for each case). */
static unsigned ref_features;
static const ssvc_calendar *ref_cal;

static double seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct gen {
  char customer[16], imei[SSVC_IMEI_SIZE];
  ssvc_case_spec spec;
};

static void gen_case(struct gen *g, int w, long i) {
  /* w and the customer number bounded for the compiler: 8 + 3 + 1 + 3 bytes with the NUL */
  snprintf(g->customer, sizeof g->customer, "CUST-%u-%03u", (unsigned)w % 1000u,
           (unsigned)(i % CUSTOMERS) % 1000u);
  char body[15]; /* case i of process w: "35", w in two digits, i in ten, the check digit */
  snprintf(body, sizeof body, "35%02u%010lu", (unsigned)w % 100u,
           (unsigned long)i % 10000000000ul);
  ssvc_imei_complete(g->imei, body);
  ssvc_case_spec s = SSVC_CASE_SPEC_INIT;
  s.customer_id = g->customer;
  s.user_name = "Anna Andersson";
  s.user_phone = "+46701234567";
  s.user_email = "anna.andersson@example.se";
  s.imei = g->imei;
  s.model = "Fairphone 5";
  s.serial = "SN-000123";
  s.purchase_date = (ssvc_date){2025, 2, 28};
  s.warranty_end = (ssvc_date){2027, 2, 28};
  s.tier_code = "PROF"; /* as the agreement says; the features are the agreement's */
  s.symptom = "screen cracked after a fall";
  s.actor = "agent-7";
  g->spec = s;
}

static void die(const char *what, const char *msg) {
  fprintf(stderr, "bench_pg: %s: %s\n", what, msg ? msg : "");
  exit(1);
}

static void sql(PGconn *c, const char *stmt) {
  PGresult *r = PQexec(c, stmt);
  if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
    die(stmt, PQerrorMessage(c));
  PQclear(r);
}

static int64_t clock_of(void *ud) { return T0 + *(long *)ud / 10; }

/* The agreement of customer @p customer (PROF), as both the library's and the reference's
 * customers have it. */
static int make_agreement(ssvc_store *st, const char *customer) {
  ssvc_agreement_spec a = SSVC_AGREEMENT_SPEC_INIT;
  a.customer_id = customer;
  a.customer_name = customer;
  a.tier_code = "PROF";
  a.fleet = 100;
  return ssvc_agreement_create(st, &a, "lead");
}

/* The key of @p customer's agreement, laid out as src/agreement.c does: 'A', the id, no NUL. */
static size_t key_agreement(uint8_t *k, const char *customer) {
  size_t n = 1;
  k[0] = SSVC_KEY_AGREEMENT;
  ssvc__key_text(k, &n, customer);
  return n - 1;
}

/* A node through the library: n cases, one transaction each. */
static void node_library(const char *schema, int w, long n, int go_fd) {
  long clock_i = 0;
  ssvc_ctx_options o = SSVC_CTX_OPTIONS_INIT;
  o.clock = clock_of;
  o.clock_user_data = &clock_i;
  ssvc_ctx *ctx;
  ssvc_store *st;
  if (ssvc_ctx_new(&ctx, &o)) die("context", NULL);
  ssvc_pg_options po = SSVC_PG_OPTIONS_INIT;
  po.schema = schema;
  if (ssvc_pg_open(ctx, &st, dsn, &po)) die("open", ssvc_ctx_errmsg(ctx));
  char c;
  if (read(go_fd, &c, 1) != 1) die("go", NULL);
  struct gen g;
  char id[SSVC_CASE_ID_SIZE];
  for (long i = 0; i < n; i++) {
    clock_i = i;
    gen_case(&g, w, i);
    if (ssvc_case_create(st, id, &g.spec)) die("create", ssvc_ctx_errmsg(ctx));
  }
  ssvc_store_free(st);
  ssvc_ctx_free(ctx);
}

static PGresult *prep(PGconn *c, const char *name, int n, const char *const *v, const int *l) {
  static const int fmt[3] = {1, 1, 1};
  return PQexecPrepared(c, name, n, v, l, fmt, 1);
}

/* The change feed's part of the commit, as the library does it (doc/storage.md "The change
 * feed"): lock and read the feed counter, write it raised by one, insert the case's entry. 0 when
 * a write found another's row (as the library, the caller rolls back and tries again). */
static int feed_raw(PGconn *c, const uint8_t *case_key, size_t case_klen, int64_t now,
                    ssvc_buf *cnt, ssvc_buf *rec) {
  uint8_t k[9];
  k[0] = SSVC_KEY_FEED;
  const char *v[3] = {(const char *)k};
  int l[3] = {SSVC_CHANGES_COUNTER_LEN};
  PGresult *r = prep(c, "get", 1, v, l);
  if (PQresultStatus(r) != PGRES_TUPLES_OK) die("feed counter", PQerrorMessage(c));
  uint64_t last = 0;
  unsigned char ver[8] = {0};
  int exists = PQntuples(r) == 1;
  if (exists) {
    ssvc_rd rd;
    ssvc_field f;
    if (ssvc__rec_open(&rd, PQgetvalue(r, 0, 0), (size_t)PQgetlength(r, 0, 0), SSVC_REC_COUNTER))
      die("feed counter", "malformed");
    while (ssvc__rd_next(&rd, &f) == 1)
      if (f.id == 1) last = f.u;
    memcpy(ver, PQgetvalue(r, 0, 1), 8);
  }
  PQclear(r);
  cnt->len = rec->len = 0;
  ssvc__changes_encode_counter(cnt, last + 1);
  v[1] = (const char *)cnt->p;
  l[1] = (int)cnt->len;
  v[2] = (const char *)ver;
  l[2] = 8;
  r = prep(c, exists ? "upd" : "new", exists ? 3 : 2, v, l);
  int ok = PQresultStatus(r) == PGRES_COMMAND_OK && strcmp(PQcmdTuples(r), "1") == 0;
  PQclear(r);
  if (!ok) return 0;
  ssvc__changes_encode(rec, case_key, case_klen, SSVC_CHANGE_PUT, now);
  l[0] = (int)ssvc__changes_key(k, last + 1);
  v[1] = (const char *)rec->p;
  l[1] = (int)rec->len;
  r = prep(c, "new", 2, v, l);
  ok = PQresultStatus(r) == PGRES_COMMAND_OK && strcmp(PQcmdTuples(r), "1") == 0;
  PQclear(r);
  return ok;
}

/* A node with raw libpq: the same statements and bytes per case. */
static void node_raw(const char *schema, int w, long n, int go_fd) {
  PGconn *c = PQconnectdb(dsn);
  if (PQstatus(c) != CONNECTION_OK) die("connect", PQerrorMessage(c));
  char stmt[200];
  snprintf(stmt, sizeof stmt, "SET search_path TO \"%s\"", schema);
  sql(c, stmt);
  PQclear(PQprepare(c, "get", "SELECT v, ver FROM kv WHERE k = $1 FOR UPDATE", 0, NULL));
  PQclear(PQprepare(c, "scan",
                    "SELECT k, v, ver FROM kv WHERE k >= $1 AND k < $2 ORDER BY k LIMIT 512", 0,
                    NULL));
  PQclear(PQprepare(c, "new",
                    "INSERT INTO kv (k, v, ver) VALUES ($1, $2, 1) ON CONFLICT (k) DO NOTHING", 0,
                    NULL));
  PQclear(PQprepare(c, "upd", "UPDATE kv SET v = $2, ver = ver + 1 WHERE k = $1 AND ver = $3", 0,
                    NULL));
  ssvc_ctx *ctx;
  if (ssvc_ctx_new(&ctx, NULL)) die("context", NULL);
  ssvc_buf rec, cnt;
  ssvc__buf_init(&rec, ctx);
  ssvc__buf_init(&cnt, ctx);
  char go;
  if (read(go_fd, &go, 1) != 1) die("go", NULL);
  struct gen g;
  enum { KMAX = SSVC_KEY_IMEI_MAX > SSVC_KEY_CUSTOMER_MAX ? SSVC_KEY_IMEI_MAX
                                                         : SSVC_KEY_CUSTOMER_MAX };
  uint8_t kc[KMAX], kk[KMAX];
  for (long i = 0; i < n;) {
    int64_t now = T0 + i / 10;
    uint32_t year = (uint32_t)ssvc__year_of(now);
    gen_case(&g, w, i);
    sql(c, "BEGIN ISOLATION LEVEL READ COMMITTED");
    const char *v[3];
    int l[3];
    /* the agreement, the phone's other cases (none: each case has its own), the promise */
    v[0] = (const char *)kc;
    l[0] = (int)key_agreement(kc, g.customer);
    PGresult *r = prep(c, "get", 1, v, l);
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1)
      die("agreement", PQerrorMessage(c));
    PQclear(r);
    l[0] = (int)ssvc__key_imei_prefix(kc, g.customer, g.imei);
    memcpy(kk, kc, (size_t)l[0]);
    memset(kk + l[0], 0xff, 6);
    v[1] = (const char *)kk;
    l[1] = l[0] + 6;
    r = prep(c, "scan", 2, v, l);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) die("scan", PQerrorMessage(c));
    PQclear(r);
    ssvc_date promised;
    if (ssvc_calendar_delivery(ctx, ref_cal, &promised, now)) die("promise", ssvc_ctx_errmsg(ctx));
    /* the counter, and that the case key is free */
    v[0] = (const char *)kc;
    l[0] = (int)ssvc__key_counter(kc, year);
    r = prep(c, "get", 1, v, l);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) die("get", PQerrorMessage(c));
    uint32_t last = 0;
    unsigned char ver[8] = {0};
    int exists = PQntuples(r) == 1;
    if (exists) {
      ssvc_rd rd;
      ssvc_field f;
      if (ssvc__rec_open(&rd, PQgetvalue(r, 0, 0), (size_t)PQgetlength(r, 0, 0),
                         SSVC_REC_COUNTER))
        die("counter", "malformed");
      while (ssvc__rd_next(&rd, &f) == 1)
        if (f.id == 1) last = (uint32_t)f.u;
      memcpy(ver, PQgetvalue(r, 0, 1), 8);
    }
    PQclear(r);
    uint32_t seq = last + 1;
    v[0] = (const char *)kk;
    l[0] = (int)ssvc__key_case(kk, year, seq);
    r = prep(c, "get", 1, v, l);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) die("case key", PQerrorMessage(c));
    PQclear(r);
    v[0] = (const char *)kc;
    l[0] = (int)ssvc__key_counter(kc, year);
    rec.len = cnt.len = 0;
    ssvc__counter_encode(&cnt, seq);
    g.spec.features = ref_features;
    ssvc__case_encode_new(&rec, &g.spec, year, seq, now, promised, NULL, 0);
    v[1] = (const char *)cnt.p;
    l[1] = (int)cnt.len;
    v[2] = (const char *)ver;
    l[2] = 8;
    r = prep(c, exists ? "upd" : "new", exists ? 3 : 2, v, l);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK && strcmp(PQcmdTuples(r), "1") == 0;
    PQclear(r);
    struct { size_t kl; const void *val; size_t vl; } rows[4] = {
        {ssvc__key_case(kk, year, seq), rec.p, rec.len}, {0, "", 0}, {0, "", 0}, {0, "", 0}};
    for (int j = 0; ok && j < 4; j++) {
      uint8_t *k = j == 0 ? kk : kc;
      size_t kl = j == 0   ? rows[0].kl
                  : j == 1 ? ssvc__key_state(k, SSVC_CASE_REGISTERED, year, seq)
                  : j == 2 ? ssvc__key_customer(k, g.customer, now, year, seq)
                           : ssvc__key_imei(k, g.customer, g.imei, year, seq);
      v[0] = (const char *)k;
      l[0] = (int)kl;
      v[1] = rows[j].vl ? rows[j].val : "";
      l[1] = (int)rows[j].vl;
      r = prep(c, "new", 2, v, l);
      ok = PQresultStatus(r) == PGRES_COMMAND_OK && strcmp(PQcmdTuples(r), "1") == 0;
      PQclear(r);
    }
    if (ok) ok = feed_raw(c, kk, rows[0].kl, now, &cnt, &rec);
    if (ok) {
      sql(c, "COMMIT");
      i++;
    } else {
      sql(c, "ROLLBACK"); /* lost the first-of-the-year race: again, as the library does */
    }
  }
  ssvc__buf_free(&rec);
  ssvc__buf_free(&cnt);
  ssvc_ctx_free(ctx);
  PQfinish(c);
}

/* Runs @p procs nodes of one kind on a fresh schema; returns the seconds from "go" to the end. */
static double run(int raw, int procs, long n, long *rows) {
  char schema[64];
  snprintf(schema, sizeof schema, "bench_%d_%s_%d", (int)getpid(), raw ? "raw" : "lib", procs);
  { /* the schema and the agreements, made by the library in both cases */
    ssvc_ctx *ctx;
    ssvc_store *st;
    ssvc_pg_options po = SSVC_PG_OPTIONS_INIT;
    po.schema = schema;
    if (ssvc_ctx_new(&ctx, NULL) || ssvc_pg_open(ctx, &st, dsn, &po))
      die("schema", ctx ? ssvc_ctx_errmsg(ctx) : NULL);
    if (ssvc_store_begin(st)) die("begin", ssvc_ctx_errmsg(ctx));
    for (int w = 0; w < procs; w++)
      for (long i = 0; i < CUSTOMERS; i++) {
        struct gen g;
        gen_case(&g, w, i);
        if (make_agreement(st, g.customer)) die("agreement", ssvc_ctx_errmsg(ctx));
      }
    if (ssvc_store_commit(st)) die("commit", ssvc_ctx_errmsg(ctx));
    ssvc_store_free(st);
    ssvc_ctx_free(ctx);
  }
  int go[2];
  if (pipe(go)) die("pipe", NULL);
  pid_t pids[64];
  for (int w = 0; w < procs; w++) {
    long mine = n / procs + (w < n % procs ? 1 : 0);
    pids[w] = fork();
    if (pids[w] < 0) die("fork", NULL);
    if (pids[w] == 0) {
      close(go[1]);
      if (raw) node_raw(schema, w, mine, go[0]);
      else node_library(schema, w, mine, go[0]);
      _exit(0);
    }
  }
  close(go[0]);
  struct timespec ts = {0, 300 * 1000000L}; /* let every node connect */
  nanosleep(&ts, NULL);
  double t = seconds();
  char buf[64] = {0};
  if (write(go[1], buf, (size_t)procs) != procs) die("go", NULL);
  for (int w = 0; w < procs; w++) {
    int status;
    if (waitpid(pids[w], &status, 0) != pids[w] || !WIFEXITED(status) || WEXITSTATUS(status))
      die("node", "failed");
  }
  double secs = seconds() - t;
  close(go[1]);
  PGconn *c = PQconnectdb(dsn);
  char stmt[200];
  snprintf(stmt, sizeof stmt, "SELECT count(*) FROM \"%s\".kv", schema);
  PGresult *r = PQexec(c, stmt);
  if (PQresultStatus(r) != PGRES_TUPLES_OK) die("count", PQerrorMessage(c));
  *rows = atol(PQgetvalue(r, 0, 0));
  PQclear(r);
  PQclear(PQexec(c, "SET client_min_messages = warning"));
  snprintf(stmt, sizeof stmt, "DROP SCHEMA \"%s\" CASCADE", schema);
  sql(c, stmt);
  PQfinish(c);
  return secs;
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 20000;
  const char *list = argc > 2 ? argv[2] : "1,2,4,8";
  if (n < 1) {
    fprintf(stderr, "usage: bench_pg [N] [PROCS,...]\n");
    return 2;
  }
  pg_test_require("bench_pg", dsn, sizeof dsn);
  { /* the reference's agreement terms: those of any customer's agreement */
    ssvc_ctx *ctx;
    ssvc_store *st;
    ssvc_agreement *ag;
    ssvc_calendar *cal;
    if (ssvc_ctx_new(&ctx, NULL) || ssvc_store_memory_new(ctx, &st) ||
        make_agreement(st, "CUST-0-000") || ssvc_agreement_load(st, &ag, "CUST-0-000") ||
        ssvc_agreement_calendar(ctx, ag, &cal))
      die("the reference's agreement", NULL);
    ref_features = ssvc_agreement_features(ag);
    ref_cal = cal; /* kept, with its context, for the whole run */
    ssvc_agreement_free(ag);
    ssvc_store_free(st);
  }
  PGconn *c = PQconnectdb(dsn);
  if (PQstatus(c) != CONNECTION_OK) die("connect", PQerrorMessage(c));
  PGresult *r = PQexec(c, "SELECT current_setting('server_version'), current_setting('fsync'),"
                          " current_setting('synchronous_commit')");
  printf("bench_pg: %ld cases per run, one transaction each; libsmartservice %s, PostgreSQL %s "
         "(fsync=%s, synchronous_commit=%s), libpq %d\n", n, ssvc_version(), PQgetvalue(r, 0, 0),
         PQgetvalue(r, 0, 1), PQgetvalue(r, 0, 2), PQlibVersion());
  PQclear(r);
  PQfinish(c);
  printf("%6s %14s %14s %8s\n", "procs", "library c/s", "raw libpq c/s", "lib/raw");
  char buf[64];
  snprintf(buf, sizeof buf, "%s", list);
  for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
    int procs = atoi(tok);
    if (procs < 1 || procs > 64) die("PROCS", "1..64 each");
    /* Each twice, alternating, the better of the two: the machine may be shared. */
    long lrows, rrows;
    double lib = run(0, procs, n, &lrows);
    double raw = run(1, procs, n, &rrows);
    double lib2 = run(0, procs, n, &lrows), raw2 = run(1, procs, n, &rrows);
    if (lib2 < lib) lib = lib2;
    if (raw2 < raw) raw = raw2;
    /* 4 rows and a feed entry per case, a feed entry per agreement, two counters */
    long expect = 5 * n + 2 + 2 * (long)procs * CUSTOMERS;
    if (lrows != expect || rrows != lrows) {
      fprintf(stderr, "bench_pg: %ld rows stored by the library, %ld by the reference, expected "
              "%ld (5 per case, 2 per agreement, the counters)\n", lrows, rrows, expect);
      return 1;
    }
    /* time ratio: > 1 means the library is slower than raw libpq */
    printf("%6d %14.0f %14.0f %8.2f\n", procs, n / lib, n / raw, lib / raw);
    fflush(stdout);
  }
  return 0;
}
