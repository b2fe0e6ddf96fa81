/*
 * Concurrency and fault tests of the PostgreSQL backend (not cmocka: they fork). Every run works in
 * a schema of its own on the test server (tests/support/pg_env.h) and drops it at the end.
 *
 *   pg_cases concurrent PROCS CASES   PROCS processes, each with its own connection, register
 *                                     CASES cases in total and, between them, reserve phones from
 *                                     one customer's pool of 32 with compare-and-set until it is
 *                                     empty: every case there and whole, ids unique, exactly 32
 *                                     reservations, no phone twice; the change feed holds every
 *                                     case once, without a gap, each node's in its commit order.
 *   pg_cases restart PROCS            PROCS processes register cases while the server is
 *                                     restarted (pg_ctl restart -m immediate, through
 *                                     tests/pg/with_server.sh --restart): every creation either
 *                                     returned SSVC_OK (and the case is there, whole) or an error;
 *                                     records and index entries agree; the writers go on after the
 *                                     restart on new connections.
 *
 * The writers' customers get their agreements before the writers start, and every case is for
 * another phone (a customer's IMEI may have one open case); the checks see that no IMEI has two
 * cases.
 *
 * The pool is made of plain records on the storage interface ('W' "POOL-1" unit), reserved the way
 * a pool module does it: scan, pick a free unit, write it with its version as expected, retry on
 * SSVC_ECONFLICT. Exit 77 (skipped) without a server.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#include <smartservice.h>
#include <smartservice/pg.h>

#include "pg_env.h"

#define PHONES 32

static char dsn[1024], schema[64], logbase[4096];

#define CHECK(cond, ...)                                         \
  do {                                                           \
    if (!(cond)) {                                               \
      fprintf(stderr, "pg_cases:%d: ", __LINE__);                \
      fprintf(stderr, __VA_ARGS__);                              \
      fputc('\n', stderr);                                       \
      exit(1);                                                   \
    }                                                            \
  } while (0)

static void sql(const char *stmt) {
  PGconn *c = PQconnectdb(dsn);
  CHECK(PQstatus(c) == CONNECTION_OK, "connect: %s", PQerrorMessage(c));
  PQclear(PQexec(c, "SET client_min_messages = warning"));
  PGresult *r = PQexec(c, stmt);
  CHECK(PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK, "%s: %s",
        stmt, PQerrorMessage(c));
  PQclear(r);
  PQfinish(c);
}

/* The IMEI of attempt @p n of writer @p w: "35", w in two digits, n in ten, the check digit. */
static const char *imei_of(int w, long n, char *out) {
  char body[15];
  snprintf(body, sizeof body, "35%02u%010lu", (unsigned)w % 100u,
           (unsigned long)n % 10000000000ul);
  CHECK(ssvc_imei_complete(out, body) == SSVC_OK, "imei %s", body);
  return out;
}

/* The spec of every case of writer @p w but its IMEI. */
static ssvc_case_spec spec_of(int w, char *customer, size_t size) {
  snprintf(customer, size, "CUST-%d", w);
  ssvc_case_spec s = SSVC_CASE_SPEC_INIT;
  s.customer_id = customer;
  s.user_name = "Node Test";
  s.user_phone = "+46700000000";
  s.user_email = "node@example.se";
  s.model = "Model P";
  s.tier_code = "PROF"; /* the agreement's; the features are its too */
  s.symptom = "one of many nodes";
  s.actor = "pg-test";
  return s;
}

static void open_store(ssvc_ctx **ctx, ssvc_store **st, ssvc_storage_backend *be) {
  CHECK(ssvc_ctx_new(ctx, NULL) == SSVC_OK, "ctx");
  ssvc_pg_options o = SSVC_PG_OPTIONS_INIT;
  o.schema = schema;
  CHECK(ssvc_pg_backend(*ctx, be, dsn, &o) == SSVC_OK, "open: %s", ssvc_ctx_errmsg(*ctx));
  CHECK(ssvc_store_open(*ctx, st, be) == SSVC_OK, "store: %s", ssvc_ctx_errmsg(*ctx));
}

/* The schema and the PROF agreements of the customers of writers 0..@p writers - 1, before the
 * writers start. */
static void make_agreements(int writers) {
  ssvc_ctx *ctx;
  ssvc_store *st;
  ssvc_storage_backend be;
  open_store(&ctx, &st, &be);
  for (int w = 0; w < writers; w++) {
    char customer[32];
    ssvc_case_spec s = spec_of(w, customer, sizeof customer);
    ssvc_agreement_spec a = SSVC_AGREEMENT_SPEC_INIT;
    a.customer_id = s.customer_id;
    a.customer_name = s.customer_id;
    a.tier_code = "PROF";
    a.fleet = 100;
    CHECK(ssvc_agreement_create(st, &a, "pg-test") == SSVC_OK, "agreement: %s",
          ssvc_ctx_errmsg(ctx));
  }
  ssvc_store_free(st);
  ssvc_ctx_free(ctx);
}

/* ---- the phone pool ---- */

static size_t unit_key(unsigned char *k, int unit) {
  memcpy(k, "WPOOL-1", 7);
  k[7] = 0;
  k[8] = (unsigned char)unit;
  return 9;
}

struct pick {
  unsigned char key[16];
  size_t klen;
  uint64_t ver;
  int free_seen;
  unsigned rnd;
};

static int pick_cb(void *ud, const void *k, size_t kl, const void *v, size_t vl, uint64_t ver) {
  struct pick *p = ud;
  if (vl != 4 || memcmp(v, "free", 4) != 0 || kl > sizeof p->key) return 0;
  /* A random free unit (reservoir sampling), so that concurrent nodes rarely pick the same. */
  p->free_seen++;
  p->rnd = p->rnd * 1103515245u + 12345u;
  if ((p->rnd >> 8) % (unsigned)p->free_seen == 0) {
    memcpy(p->key, k, kl);
    p->klen = kl;
    p->ver = ver;
  }
  return 0;
}

/* Reserves one phone for @p who: 1 (its unit in *unit), 0 when the pool is empty, -1 when every
 * attempt lost against another node (8, as the library retries). */
static int reserve(ssvc_storage_backend *be, const char *who, unsigned *rnd, int *unit) {
  void *u = be->user_data;
  unsigned char lo[16], hi[16];
  size_t n = unit_key(lo, 0) - 1;
  memcpy(hi, lo, n);
  hi[n - 1]++; /* past the NUL after the pool id */
  for (int attempt = 0; attempt <= 8; attempt++) {
    struct pick p = {{0}, 0, 0, 0, *rnd};
    int rc = be->begin(u, SSVC_STORAGE_TXN_WRITE);
    if (rc == SSVC_OK) rc = be->scan(u, lo, n, hi, n, pick_cb, &p);
    *rnd = p.rnd;
    if (rc == SSVC_OK && p.free_seen == 0) {
      be->rollback(u);
      return 0;
    }
    if (rc == SSVC_OK)
      rc = be->put(u, p.key, p.klen, who, strlen(who), p.ver, NULL);
    if (rc == SSVC_OK) rc = be->commit(u);
    else be->rollback(u);
    if (rc == SSVC_OK) {
      *unit = p.key[p.klen - 1];
      return 1;
    }
    CHECK(rc == SSVC_ECONFLICT, "reserve: %d: %s", rc, be->errmsg(u));
  }
  return -1;
}

/* ---- checks ---- */

struct idset {
  char (*ids)[SSVC_CASE_ID_SIZE];
  size_t n, cap;
};

static void idset_add(struct idset *s, const char *id) {
  if (s->n == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 1024;
    s->ids = realloc(s->ids, s->cap * sizeof *s->ids);
    CHECK(s->ids, "out of memory");
  }
  snprintf(s->ids[s->n++], SSVC_CASE_ID_SIZE, "%s", id);
}

static int add_cb(void *ud, const char *id) {
  idset_add(ud, id);
  return 0;
}

static int cmp_id(const void *a, const void *b) { return strcmp(a, b); }

/* Reads the ids a writer logged after SSVC_OK; lines starting with '#' are its counters. */
static void read_log(const char *path, struct idset *out, long *counters) {
  FILE *f = fopen(path, "r");
  CHECK(f, "%s: %s", path, strerror(errno));
  char line[128];
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, "\n")] = 0;
    if (line[0] == '#') {
      long a = 0, b = 0, c = 0;
      if (sscanf(line + 1, "%ld %ld %ld", &a, &b, &c) == 3) {
        counters[0] += a;
        counters[1] += b;
        counters[2] += c;
      }
    } else if (line[0] && line[0] != '!') { /* '!': a failed call (restart_writer) */
      idset_add(out, line);
    }
  }
  fclose(f);
}

/* Records and index entries agree, every case is whole, ids unique, no IMEI twice, every logged
 * id there. Returns the number of cases. */
static size_t check_cases(struct idset *logged, int writers) {
  ssvc_ctx *ctx;
  ssvc_store *st;
  ssvc_storage_backend be;
  open_store(&ctx, &st, &be);
  struct idset all = {0}, reg = {0}, cust = {0}, imeis = {0};
  CHECK(ssvc_case_list_all(st, add_cb, &all) == SSVC_OK, "list_all: %s", ssvc_ctx_errmsg(ctx));
  CHECK(ssvc_case_list_state(st, SSVC_CASE_REGISTERED, add_cb, &reg) == SSVC_OK, "list_state");
  for (int w = 0; w < writers; w++) {
    char customer[32];
    snprintf(customer, sizeof customer, "CUST-%d", w);
    CHECK(ssvc_case_list_customer(st, customer, INT64_MIN, INT64_MAX, add_cb, &cust) == 0, "c");
  }
  CHECK(all.n == reg.n && all.n == cust.n,
        "partial case: %zu records, %zu state entries, %zu customer entries", all.n, reg.n,
        cust.n);
  if (all.n) {
    qsort(reg.ids, reg.n, sizeof *reg.ids, cmp_id);
    qsort(cust.ids, cust.n, sizeof *cust.ids, cmp_id);
  }
  for (size_t i = 0; i < all.n; i++) {
    CHECK(strcmp(all.ids[i], reg.ids[i]) == 0 && strcmp(all.ids[i], cust.ids[i]) == 0,
          "index entries disagree at %s", all.ids[i]);
    if (i) CHECK(strcmp(all.ids[i - 1], all.ids[i]) < 0, "duplicate id %s", all.ids[i]);
    ssvc_case *c;
    CHECK(ssvc_case_load(st, &c, all.ids[i]) == SSVC_OK, "%s: %s", all.ids[i],
          ssvc_ctx_errmsg(ctx));
    ssvc_case_info in;
    memset(&in, 0, sizeof in);
    in.version = SSVC_CASE_INFO_VERSION;
    CHECK(ssvc_case_info_get(c, &in) == SSVC_OK, "info");
    CHECK(strncmp(in.customer_id, "CUST-", 5) == 0 && strcmp(in.model, "Model P") == 0 &&
              strcmp(in.symptom, "one of many nodes") == 0 && in.event_count == 1 &&
              strcmp(in.tier_code, "PROF") == 0 && strlen(in.imei) == 15,
          "%s: not whole", all.ids[i]);
    idset_add(&imeis, in.imei);
    ssvc_case_free(c);
  }
  if (imeis.n) qsort(imeis.ids, imeis.n, sizeof *imeis.ids, cmp_id);
  for (size_t i = 1; i < imeis.n; i++)
    CHECK(strcmp(imeis.ids[i - 1], imeis.ids[i]) != 0, "two open cases for %s", imeis.ids[i]);
  for (size_t i = 0; i < logged->n; i++)
    CHECK(all.n && bsearch(logged->ids[i], all.ids, all.n, sizeof *all.ids, cmp_id),
          "case %s was created (SSVC_OK) but is lost", logged->ids[i]);
  size_t n = all.n;
  free(all.ids);
  free(reg.ids);
  free(cust.ids);
  free(imeis.ids);
  ssvc_store_free(st);
  ssvc_ctx_free(ctx);
  return n;
}

/* ---- concurrent ---- */

static int node(int w, long cases, int reserve_every, const char *log) {
  ssvc_ctx *ctx;
  ssvc_store *st;
  ssvc_storage_backend be;
  open_store(&ctx, &st, &be);
  FILE *f = fopen(log, "w");
  CHECK(f, "%s", log);
  char customer[32], who[32], imei[SSVC_IMEI_SIZE];
  ssvc_case_spec s = spec_of(w, customer, sizeof customer);
  snprintf(who, sizeof who, "node-%d", w);
  unsigned rnd = (unsigned)w * 7919u + 1;
  int empty = 0;
  long reserved = 0, gave_up = 0;
  for (long i = 0; i < cases; i++) {
    char id[SSVC_CASE_ID_SIZE];
    s.imei = imei_of(w, i, imei);
    CHECK(ssvc_case_create(st, id, &s) == SSVC_OK, "node %d: %s", w, ssvc_ctx_errmsg(ctx));
    fprintf(f, "%s\n", id);
    if (!empty && i % reserve_every == 0) {
      int unit, r = reserve(&be, who, &rnd, &unit);
      if (r == 0) empty = 1;
      else if (r < 0) gave_up++;
      else {
        reserved++;
        fprintf(f, "@%d\n", unit);
      }
    }
  }
  /* Then take what is left until the pool is empty. */
  while (!empty) {
    int unit, r = reserve(&be, who, &rnd, &unit);
    if (r == 0) empty = 1;
    else if (r < 0) gave_up++;
    else {
      reserved++;
      fprintf(f, "@%d\n", unit);
    }
  }
  fprintf(f, "#%ld %ld 0\n", reserved, gave_up);
  CHECK(fclose(f) == 0, "log");
  ssvc_store_free(st);
  ssvc_ctx_free(ctx);
  return 0;
}

/* The change feed after the nodes (doc/storage.md "The change feed"): after the agreements, one
 * entry per case, positions without a gap, and each node's cases in the order it logged them
 * (its commit order). Every entry must be the next case of some node, so that a case missing,
 * repeated or out of its node's order fails. */
struct feed_walk {
  uint64_t next;
  struct idset *node_ids; /* per node, its cases in log order */
  size_t *at;             /* per node, how many of them the feed has given */
  int procs;
};

static int feed_cb(void *ud, const ssvc_change *c) {
  struct feed_walk *fw = ud;
  CHECK(c->position == fw->next, "feed: position %llu, expected %llu",
        (unsigned long long)c->position, (unsigned long long)fw->next);
  fw->next++;
  CHECK(c->kind == SSVC_CHANGE_CASE && c->op == SSVC_CHANGE_PUT, "feed: %s %s %s",
        ssvc_change_kind_name(c->kind), ssvc_change_op_name(c->op), c->id);
  for (int w = 0; w < fw->procs; w++) {
    struct idset *s = &fw->node_ids[w];
    if (fw->at[w] < s->n && strcmp(s->ids[fw->at[w]], c->id) == 0) {
      fw->at[w]++;
      return 0;
    }
  }
  CHECK(0, "feed: %s at %llu is no node's next case (lost, repeated or out of order)", c->id,
        (unsigned long long)c->position);
  return 0;
}

static void check_feed(uint64_t start, int procs, char (*logs)[4200]) {
  struct idset node_ids[64];
  size_t at[64] = {0};
  for (int w = 0; w < procs; w++) {
    long ignored[3] = {0, 0, 0};
    memset(&node_ids[w], 0, sizeof node_ids[w]);
    read_log(logs[w], &node_ids[w], ignored);
    size_t k = 0; /* drop the '@' lines (reservations) */
    for (size_t i = 0; i < node_ids[w].n; i++)
      if (node_ids[w].ids[i][0] != '@')
        memcpy(node_ids[w].ids[k++], node_ids[w].ids[i], SSVC_CASE_ID_SIZE);
    node_ids[w].n = k;
  }
  ssvc_ctx *ctx;
  ssvc_store *st;
  ssvc_storage_backend be;
  open_store(&ctx, &st, &be);
  struct feed_walk fw = {start + 1, node_ids, at, procs};
  CHECK(ssvc_changes_read(st, start, feed_cb, &fw) == SSVC_OK, "feed: %s", ssvc_ctx_errmsg(ctx));
  for (int w = 0; w < procs; w++) {
    CHECK(at[w] == node_ids[w].n, "feed: %zu of node %d's %zu cases", at[w], w, node_ids[w].n);
    free(node_ids[w].ids);
  }
  ssvc_store_free(st);
  ssvc_ctx_free(ctx);
}

static int run_concurrent(int procs, long cases) {
  /* The pool: 32 free phones of one customer. */
  {
    ssvc_ctx *ctx;
    ssvc_store *st;
    ssvc_storage_backend be;
    open_store(&ctx, &st, &be);
    CHECK(be.begin(be.user_data, SSVC_STORAGE_TXN_WRITE) == SSVC_OK, "begin");
    for (int i = 0; i < PHONES; i++) {
      unsigned char k[16];
      CHECK(be.put(be.user_data, k, unit_key(k, i), "free", 4, SSVC_STORAGE_NEW, NULL) == 0, "put");
    }
    CHECK(be.commit(be.user_data) == SSVC_OK, "commit");
    ssvc_store_free(st);
    ssvc_ctx_free(ctx);
  }
  make_agreements(procs);
  uint64_t feed_start = 0;
  {
    ssvc_ctx *ctx;
    ssvc_store *st;
    ssvc_storage_backend be;
    open_store(&ctx, &st, &be);
    CHECK(ssvc_changes_last(st, &feed_start) == SSVC_OK, "%s", ssvc_ctx_errmsg(ctx));
    ssvc_store_free(st);
    ssvc_ctx_free(ctx);
  }
  pid_t pids[64];
  char logs[64][4200];
  for (int w = 0; w < procs; w++) {
    snprintf(logs[w], sizeof logs[w], "%s.%d", logbase, w);
    long mine = cases / procs + (w < cases % procs ? 1 : 0);
    pids[w] = fork();
    CHECK(pids[w] >= 0, "fork");
    if (pids[w] == 0) _exit(node(w, mine, (int)(mine / 16 > 0 ? mine / 16 : 1), logs[w]));
  }
  int failed = 0;
  for (int w = 0; w < procs; w++) {
    int status;
    CHECK(waitpid(pids[w], &status, 0) == pids[w], "waitpid");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) failed = 1;
  }
  CHECK(!failed, "a node failed");
  struct idset logged = {0};
  long counters[3] = {0, 0, 0};
  int units[PHONES] = {0};
  for (int w = 0; w < procs; w++) {
    FILE *f = fopen(logs[w], "r");
    CHECK(f, "log");
    char line[64];
    while (fgets(line, sizeof line, f))
      if (line[0] == '@') {
        int u = atoi(line + 1);
        CHECK(u >= 0 && u < PHONES, "unit %d", u);
        CHECK(units[u] == 0, "phone %d reserved twice (nodes %d and %d)", u, units[u] - 1, w);
        units[u] = w + 1;
      }
    fclose(f);
    read_log(logs[w], &logged, counters);
  }
  /* '@' lines went into the id set too: drop them. */
  size_t k = 0;
  for (size_t i = 0; i < logged.n; i++)
    if (logged.ids[i][0] != '@') memcpy(logged.ids[k++], logged.ids[i], SSVC_CASE_ID_SIZE);
  logged.n = k;
  CHECK(logged.n == (size_t)cases, "%zu ids acknowledged, expected %ld", logged.n, cases);
  qsort(logged.ids, logged.n, sizeof *logged.ids, cmp_id);
  for (size_t i = 1; i < logged.n; i++)
    CHECK(strcmp(logged.ids[i - 1], logged.ids[i]) != 0, "id %s given twice", logged.ids[i]);
  size_t total = check_cases(&logged, procs);
  CHECK(total == (size_t)cases, "%zu cases stored, expected %ld", total, cases);
  CHECK(counters[0] == PHONES, "%ld reservations succeeded, expected exactly %d", counters[0],
        PHONES);
  /* And the stored pool agrees: every unit taken, by the node that logged it. */
  ssvc_ctx *ctx;
  ssvc_store *st;
  ssvc_storage_backend be;
  open_store(&ctx, &st, &be);
  for (int i = 0; i < PHONES; i++) {
    unsigned char kk[16];
    const void *v;
    size_t n;
    uint64_t ver;
    CHECK(be.get(be.user_data, kk, unit_key(kk, i), &v, &n, &ver) == SSVC_OK, "unit %d", i);
    char want[32];
    snprintf(want, sizeof want, "node-%d", units[i] - 1);
    CHECK(units[i] && n == strlen(want) && memcmp(v, want, n) == 0 && ver == 2,
          "unit %d: stored '%.*s' version %llu, logged by node %d", i, (int)n, (const char *)v,
          (unsigned long long)ver, units[i] - 1);
  }
  ssvc_store_free(st);
  ssvc_ctx_free(ctx);
  check_feed(feed_start, procs, logs);
  printf("pg_cases concurrent: %d processes, %ld cases: all there and whole, ids unique; "
         "exactly %d of the %d phones reserved, none twice (%ld reservation attempts gave up "
         "after 8 conflicts); the change feed has every case once, in each node's order\n",
         procs, cases, PHONES, PHONES, counters[1]);
  free(logged.ids);
  for (int w = 0; w < procs; w++) unlink(logs[w]);
  return 0;
}

/* ---- restart ---- */

static int restart_writer(int w, const char *log, const char *stopfile) {
  ssvc_ctx *ctx;
  ssvc_store *st;
  ssvc_storage_backend be;
  open_store(&ctx, &st, &be);
  FILE *f = fopen(log, "w");
  CHECK(f, "%s", log);
  setvbuf(f, NULL, _IOLBF, 0);
  char customer[32], imei[SSVC_IMEI_SIZE];
  ssvc_case_spec s = spec_of(w, customer, sizeof customer);
  long errors = 0, after = 0, in_doubt = 0;
  struct stat sb;
  /* Another phone at every attempt: a call in doubt may have registered its case. */
  for (long attempt = 0; stat(stopfile, &sb) != 0; attempt++) {
    char id[SSVC_CASE_ID_SIZE];
    s.imei = imei_of(w, attempt, imei);
    int rc = ssvc_case_create(st, id, &s);
    if (rc == SSVC_OK) {
      fprintf(f, "%s\n", id);
      if (errors) after++;
      continue;
    }
    CHECK(rc == SSVC_ESTORAGE || rc == SSVC_ECONFLICT || rc == SSVC_EBUSY, "writer %d: %d: %s",
          w, rc, ssvc_ctx_errmsg(ctx));
    if (strstr(ssvc_ctx_errmsg(ctx), "may or may not have been committed")) in_doubt++;
    errors++;
    fprintf(f, "!\n");
    struct timespec ts = {0, 20 * 1000000L}; /* the server is coming back */
    nanosleep(&ts, NULL);
  }
  fprintf(f, "#%ld %ld %ld\n", errors, after, in_doubt);
  CHECK(fclose(f) == 0, "log");
  ssvc_store_free(st);
  ssvc_ctx_free(ctx);
  return 0;
}

/* How far writer log @p path has come: *ids cases logged, *after of them after a failed call. */
static void log_progress(const char *path, long *ids, long *after) {
  *ids = *after = 0;
  FILE *f = fopen(path, "r");
  if (!f) return;
  char line[128];
  int failed = 0;
  while (fgets(line, sizeof line, f)) {
    if (line[0] == '!') failed = 1;
    else if (line[0] != '#' && line[0] != '\n') {
      (*ids)++;
      if (failed) (*after)++;
    }
  }
  fclose(f);
}

/* Waits (polling every 10 ms, at most 60 s) until every writer has logged a case, or with
 * @p after_failure a case after a failed call; the condition, not a fixed sleep, sets the pace.
 * 1 when it came, 0 (with a message) when not. */
static int wait_for_writers(char (*logs)[4200], int procs, int after_failure) {
  for (int tick = 0; tick < 6000; tick++) {
    int ready = 0;
    for (int w = 0; w < procs; w++) {
      long ids, after;
      log_progress(logs[w], &ids, &after);
      ready += after_failure ? after > 0 : ids > 0;
    }
    if (ready == procs) return 1;
    struct timespec ts = {0, 10 * 1000000L};
    nanosleep(&ts, NULL);
  }
  fprintf(stderr, "pg_cases: after 60 s not every writer had %s\n",
          after_failure ? "created a case after a failed call (no reconnection)"
                        : "created a case (the server does not answer)");
  return 0;
}

static int run_restart(int procs, const char *script) {
  const char *state = getenv("SSVC_PG_TEST_STATE");
  if (!state || !*state) {
    printf("SKIP pg.fault.restart: needs a server it may restart (tests/pg/with_server.sh); "
           "SSVC_PG_TEST_DSN alone is not enough\n");
    return PG_TEST_SKIP;
  }
  /* The server to restart must be the one the test talks to. */
  char own[1024] = "";
  FILE *sf0 = fopen(state, "r");
  if (sf0) {
    if (fgets(own, sizeof own, sf0)) own[strcspn(own, "\t\n")] = 0;
    fclose(sf0);
  }
  if (strcmp(own, dsn) != 0) {
    printf("SKIP pg.fault.restart: SSVC_PG_TEST_DSN names another server than the one "
           "tests/pg/with_server.sh started (%s), and the test restarts the server\n",
           own[0] ? own : "none");
    return PG_TEST_SKIP;
  }
  char stopfile[4200], cmd[9000];
  snprintf(stopfile, sizeof stopfile, "%s.stop", logbase);
  unlink(stopfile);
  /* Create the schema and the agreements first, so the restart does not hit the migration. */
  make_agreements(procs);
  pid_t pids[64];
  char logs[64][4200];
  for (int w = 0; w < procs; w++) {
    snprintf(logs[w], sizeof logs[w], "%s.%d", logbase, w);
    pids[w] = fork();
    CHECK(pids[w] >= 0, "fork");
    if (pids[w] == 0) _exit(restart_writer(w, logs[w], stopfile));
  }
  /* Restart while every writer is working; stop once every writer has come back. */
  int rc = -1, came = wait_for_writers(logs, procs, 0);
  snprintf(cmd, sizeof cmd, "bash '%s' --restart '%s'", script, state);
  if (came && (rc = system(cmd)) == 0) came = wait_for_writers(logs, procs, 1);
  FILE *sf = fopen(stopfile, "w");
  CHECK(sf, "stop file");
  fclose(sf);
  int failed = 0;
  for (int w = 0; w < procs; w++) {
    int status;
    CHECK(waitpid(pids[w], &status, 0) == pids[w], "waitpid");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) failed = 1;
  }
  unlink(stopfile);
  CHECK(came, "the writers did not get going or did not come back (above)");
  CHECK(rc == 0, "%s failed (%d)", cmd, rc);
  CHECK(!failed, "a writer failed");
  struct idset logged = {0};
  long counters[3] = {0, 0, 0};
  for (int w = 0; w < procs; w++) read_log(logs[w], &logged, counters);
  CHECK(counters[0] > 0, "no operation failed: the restart did not happen during the run");
  CHECK(counters[1] > 0, "no case was created after the restart: no reconnection");
  size_t total = check_cases(&logged, procs);
  CHECK(total >= logged.n && total <= logged.n + (size_t)counters[2],
        "%zu cases stored, %zu acknowledged, %ld in doubt", total, logged.n, counters[2]);
  printf("pg_cases restart: %d writers, server restarted (immediate): %zu cases acknowledged, "
         "all there and whole; %ld calls failed, %ld in doubt (connection lost in COMMIT), %ld "
         "cases created after the failures; records and index entries agree\n",
         procs, logged.n, counters[0], counters[2], counters[1]);
  free(logged.ids);
  for (int w = 0; w < procs; w++) unlink(logs[w]);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 4 || (strcmp(argv[1], "concurrent") != 0 && strcmp(argv[1], "restart") != 0)) {
    fprintf(stderr, "usage: pg_cases concurrent DIR PROCS CASES | restart DIR PROCS SCRIPT\n");
    return 2;
  }
  int restart = strcmp(argv[1], "restart") == 0;
  pg_test_require(restart ? "pg.fault.restart" : "pg.concurrent", dsn, sizeof dsn);
  int procs = atoi(argv[3]);
  CHECK(procs >= 1 && procs <= 64, "PROCS must be 1..64");
  snprintf(schema, sizeof schema, "%s_%d", argv[1], (int)getpid());
  snprintf(logbase, sizeof logbase, "%s/pg-%s-%d", argv[2], argv[1], (int)getpid());
  int rc;
  if (restart) {
    CHECK(argc == 5, "restart needs the path of with_server.sh");
    rc = run_restart(procs, argv[4]);
  } else {
    CHECK(argc == 5, "concurrent needs CASES");
    rc = run_concurrent(procs, strtol(argv[4], NULL, 10));
  }
  if (rc == 0) {
    char stmt[200];
    snprintf(stmt, sizeof stmt, "DROP SCHEMA IF EXISTS \"%s\" CASCADE", schema);
    sql(stmt);
  }
  return rc;
}
