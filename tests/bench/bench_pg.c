/*
 * Benchmark: cases per second on PostgreSQL with 1, 2, 4 and 8 concurrent processes (each its own
 * connection, one transaction per case, as helpdesk nodes register them), beside a reference in
 * the same run (each measured twice, alternating, the better kept): raw libpq doing the same work
 * per case with the same processes — lock and read the
 * id counter, write it, insert the case record and its two index entries (the very same bytes,
 * made by the library's own encoder) in one READ COMMITTED transaction. Prints both rates and the
 * ratio library/raw for every process count.
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
#include "smartservice/pg.h"

static const int64_t T0 = INT64_C(1772442000); /* 2026-03-02T09:00:00Z */
static char dsn[1024];

static double seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct gen {
  char customer[16];
  ssvc_case_spec spec;
};

static void gen_case(struct gen *g, int w, long i) {
  snprintf(g->customer, sizeof g->customer, "CUST-%d-%03ld", w, i % 200);
  ssvc_case_spec s = SSVC_CASE_SPEC_INIT;
  s.customer_id = g->customer;
  s.user_name = "Anna Andersson";
  s.user_phone = "+46701234567";
  s.user_email = "anna.andersson@example.se";
  s.imei = "490154203237518";
  s.model = "Fairphone 5";
  s.serial = "SN-000123";
  s.purchase_date = (ssvc_date){2025, 2, 28};
  s.warranty_end = (ssvc_date){2027, 2, 28};
  s.tier_code = "PROF";
  s.features = SSVC_FEATURE_ALL;
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

/* A node with raw libpq: the same statements and bytes per case. */
static void node_raw(const char *schema, int w, long n, int go_fd) {
  PGconn *c = PQconnectdb(dsn);
  if (PQstatus(c) != CONNECTION_OK) die("connect", PQerrorMessage(c));
  char stmt[200];
  snprintf(stmt, sizeof stmt, "SET search_path TO \"%s\"", schema);
  sql(c, stmt);
  PQclear(PQprepare(c, "get", "SELECT v, ver FROM kv WHERE k = $1 FOR UPDATE", 0, NULL));
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
  uint8_t kc[SSVC_KEY_CUSTOMER_MAX], kk[SSVC_KEY_CUSTOMER_MAX];
  for (long i = 0; i < n;) {
    int64_t now = T0 + i / 10;
    uint32_t year = (uint32_t)ssvc__year_of(now);
    gen_case(&g, w, i);
    sql(c, "BEGIN ISOLATION LEVEL READ COMMITTED");
    const char *v[3];
    int l[3];
    v[0] = (const char *)kc;
    l[0] = (int)ssvc__key_counter(kc, year);
    PGresult *r = prep(c, "get", 1, v, l);
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
    rec.len = cnt.len = 0;
    ssvc__counter_encode(&cnt, seq);
    ssvc__case_encode_new(&rec, &g.spec, year, seq, now, (ssvc_date){0, 0, 0}, NULL);
    v[1] = (const char *)cnt.p;
    l[1] = (int)cnt.len;
    v[2] = (const char *)ver;
    l[2] = 8;
    r = prep(c, exists ? "upd" : "new", exists ? 3 : 2, v, l);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK && strcmp(PQcmdTuples(r), "1") == 0;
    PQclear(r);
    struct { size_t kl; const void *val; size_t vl; } rows[3] = {
        {ssvc__key_case(kk, year, seq), rec.p, rec.len}, {0, "", 0}, {0, "", 0}};
    for (int j = 0; ok && j < 3; j++) {
      uint8_t *k = j == 0 ? kk : kc;
      size_t kl = j == 0 ? rows[0].kl
                  : j == 1 ? ssvc__key_state(k, SSVC_CASE_REGISTERED, year, seq)
                           : ssvc__key_customer(k, g.customer, now, year, seq);
      v[0] = (const char *)k;
      l[0] = (int)kl;
      v[1] = rows[j].vl ? rows[j].val : "";
      l[1] = (int)rows[j].vl;
      r = prep(c, "new", 2, v, l);
      ok = PQresultStatus(r) == PGRES_COMMAND_OK && strcmp(PQcmdTuples(r), "1") == 0;
      PQclear(r);
    }
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
  { /* the schema, made by the library in both cases */
    ssvc_ctx *ctx;
    ssvc_store *st;
    ssvc_pg_options po = SSVC_PG_OPTIONS_INIT;
    po.schema = schema;
    if (ssvc_ctx_new(&ctx, NULL) || ssvc_pg_open(ctx, &st, dsn, &po))
      die("schema", ctx ? ssvc_ctx_errmsg(ctx) : NULL);
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
    if (lrows != 3 * n + 1 || rrows != lrows) {
      fprintf(stderr, "bench_pg: %ld rows stored by the library, %ld by the reference, expected "
              "%ld (3 per case and the counter)\n", lrows, rrows, 3 * n + 1);
      return 1;
    }
    /* time ratio: > 1 means the library is slower than raw libpq */
    printf("%6d %14.0f %14.0f %8.2f\n", procs, n / lib, n / raw, lib / raw);
    fflush(stdout);
  }
  return 0;
}
