/*
 * Concurrency test of the SWAP pool on SQLite (not cmocka: it forks).
 *
 *   concurrent_swap DIR PROCESSES UNITS CASES_EACH
 *
 * One database holds a customer with UNITS phones of one model and PROCESSES x CASES_EACH cases in
 * state diagnosing. PROCESSES processes, released at the same moment, each reserve a phone for
 * their own cases. Checked afterwards: exactly UNITS reservations succeeded and every other
 * request became a backorder (no error lost a request), no phone was given to two cases, and the
 * database agrees: every unit is reserved for the case whose order names it, and the backorder
 * list holds the rest.
 *
 *   concurrent_swap DIR PROCESSES UNITS CASES_EACH pg
 *
 * runs the same on PostgreSQL (tests/support/pg_env.h: the test server; a schema of its own,
 * dropped at the end), each process with its own connection; exit 77 without a server.
 *
 * The change feed (doc/storage.md) is read afterwards from the position the processes started
 * at: its positions follow on without a gap; every committed reservation's case and order (and
 * unit, when one was reserved) are there exactly once and next to each other (one transaction);
 * nothing else is; and each process's cases come in the order that process committed them.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <smartservice.h>
#include <smartservice/sqlite.h>
#include <smartservice/pg.h>
#include <libpq-fe.h>

#include "pg_env.h"

static char pg_dsn[1024], pg_schema[64]; /* pg mode */

#define CHECK(cond, ...)                                                                      \
  do {                                                                                        \
    if (!(cond)) {                                                                            \
      fprintf(stderr, "concurrent_swap: FAIL: " __VA_ARGS__);                                 \
      fputc('\n', stderr);                                                                    \
      exit(1);                                                                                \
    }                                                                                         \
  } while (0)

static char db[4096];

static void remove_db(void) {
  if (pg_dsn[0]) {
    char stmt[128];
    snprintf(stmt, sizeof stmt, "DROP SCHEMA IF EXISTS %s CASCADE", pg_schema);
    PGconn *c = PQconnectdb(pg_dsn);
    CHECK(PQstatus(c) == CONNECTION_OK, "connect: %s", PQerrorMessage(c));
    PQclear(PQexec(c, "SET client_min_messages = warning"));
    PGresult *r = PQexec(c, stmt);
    CHECK(PQresultStatus(r) == PGRES_COMMAND_OK, "%s: %s", stmt, PQerrorMessage(c));
    PQclear(r);
    PQfinish(c);
    return;
  }
  char p[4200];
  unlink(db);
  snprintf(p, sizeof p, "%s-wal", db);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", db);
  unlink(p);
}

static const char *imei(int n) {
  static char s[SSVC_IMEI_SIZE];
  char body[15];
  snprintf(body, sizeof body, "35693803%06u", (unsigned)n % 1000000u); /* 14 digits + check */
  ssvc_imei_complete(s, body);
  return s;
}

static ssvc_store *open_store(ssvc_ctx **ctx) {
  CHECK(ssvc_ctx_new(ctx, NULL) == SSVC_OK, "ssvc_ctx_new");
  ssvc_sqlite_options o = SSVC_SQLITE_OPTIONS_INIT;
  o.sync = SSVC_SQLITE_SYNC_NORMAL;
  o.busy_timeout_ms = 60000;
  ssvc_store *st = NULL;
  if (pg_dsn[0]) {
    ssvc_pg_options po = SSVC_PG_OPTIONS_INIT;
    po.schema = pg_schema;
    CHECK(ssvc_pg_open(*ctx, &st, pg_dsn, &po) == SSVC_OK, "open: %s", ssvc_ctx_errmsg(*ctx));
    return st;
  }
  CHECK(ssvc_sqlite_open(*ctx, &st, db, &o) == SSVC_OK, "open: %s", ssvc_ctx_errmsg(*ctx));
  return st;
}

/* One process: reserve for cases [first, first + n); one line per case into @p log. */
static int reserver(int first, int n, const char *log, int start_fd) {
  char go;
  if (read(start_fd, &go, 1) < 0) return 3; /* released when the parent closes the pipe */
  ssvc_ctx *ctx;
  ssvc_store *st = open_store(&ctx);
  FILE *f = fopen(log, "w");
  if (!f) return 4;
  for (int i = first; i < first + n; i++) {
    char id[32];
    snprintf(id, sizeof id, "SC-2026-%06d", i);
    ssvc_order o = SSVC_ORDER_INIT;
    int rc = ssvc_swap_reserve(st, &o, id, NULL, "agent");
    if (rc) {
      fprintf(stderr, "reserve %s: %s\n", id, ssvc_ctx_errmsg(ctx));
      return 5;
    }
    fprintf(f, "%s %s %s\n", id, ssvc_order_state_name(o.state), *o.imei ? o.imei : "-");
  }
  fclose(f);
  ssvc_store_free(st);
  ssvc_ctx_free(ctx);
  return 0;
}

struct tally {
  int units, reserved;
  char (*case_of)[32]; /* per unit number */
};

static int check_unit(void *ud, const ssvc_unit *u) {
  struct tally *t = ud;
  t->units++;
  if (u->state == SSVC_UNIT_RESERVED) t->reserved++;
  int n = atoi(u->imei + 8) / 10;
  CHECK(strcmp(t->case_of[n], u->case_id) == 0, "unit %s is reserved for %s, its order says %s",
        u->imei, u->case_id, t->case_of[n]);
  return 0;
}

static int count_back(void *ud, const ssvc_order *o) {
  CHECK(o->state == SSVC_ORDER_BACKORDERED, "listed %s", o->case_id);
  ++*(int *)ud;
  return 0;
}

/* The change feed after the processes ran (see the top of the file). */
struct feed_check {
  uint64_t next;      /* the position expected next */
  int total;          /* cases */
  int *case_pos;      /* per case number: its case entry's position (0: none yet) */
  int *order_pos;     /* per case number: its order entry's position */
  int units_seen;
  struct tally *t;
};

static int check_change(void *ud, const ssvc_change *c) {
  struct feed_check *fc = ud;
  CHECK(c->position == fc->next, "feed position %llu, expected %llu (a gap or a repeat)",
        (unsigned long long)c->position, (unsigned long long)fc->next);
  fc->next++;
  if (c->kind == SSVC_CHANGE_UNIT) {
    int n = atoi(c->id + 5 + 8) / 10; /* "ACME/" IMEI */
    CHECK(strncmp(c->id, "ACME/", 5) == 0 && n >= 1 && fc->t->case_of[n][0],
          "feed: unit %s changed but not reserved", c->id);
    fc->units_seen++;
    return 0;
  }
  CHECK(c->kind == SSVC_CHANGE_CASE || c->kind == SSVC_CHANGE_ORDER, "feed: a %s changed",
        ssvc_change_kind_name(c->kind));
  int n = atoi(c->id + 8);
  CHECK(n >= 1 && n <= fc->total, "feed: unknown case %s", c->id);
  int *pos = c->kind == SSVC_CHANGE_CASE ? fc->case_pos : fc->order_pos;
  CHECK(pos[n] == 0, "feed: %s %s twice", ssvc_change_kind_name(c->kind), c->id);
  pos[n] = (int)c->position;
  return 0;
}

static void check_feed(ssvc_store *st, uint64_t start, int procs, int each, struct tally *t,
                       int reserved) {
  int total = procs * each;
  struct feed_check fc = {start + 1, total, calloc((size_t)total + 1, sizeof(int)),
                          calloc((size_t)total + 1, sizeof(int)), 0, t};
  CHECK(fc.case_pos && fc.order_pos, "calloc");
  CHECK(ssvc_changes_read(st, start, check_change, &fc) == SSVC_OK, "feed: %s",
        ssvc_ctx_errmsg(ssvc_store_ctx(st)));
  CHECK(fc.units_seen == reserved, "feed: %d units, %d reserved", fc.units_seen, reserved);
  for (int w = 0; w < procs; w++)
    for (int i = 1 + w * each; i < 1 + (w + 1) * each; i++) {
      CHECK(fc.case_pos[i] && fc.order_pos[i], "feed: case %d's reservation is missing", i);
      int d = fc.case_pos[i] - fc.order_pos[i];
      CHECK(d >= -2 && d <= 2, "feed: case %d and its order are not one transaction", i);
      CHECK(i == 1 + w * each || fc.case_pos[i] > fc.case_pos[i - 1],
            "feed: process %d's case %d before its case %d", w, i, i - 1);
    }
  CHECK(fc.next == start + 1 + (uint64_t)(2 * total + reserved), "feed: %llu entries",
        (unsigned long long)(fc.next - start - 1));
  free(fc.case_pos);
  free(fc.order_pos);
}

int main(int argc, char **argv) {
  if (argc != 5 && !(argc == 6 && strcmp(argv[5], "pg") == 0)) {
    fprintf(stderr, "usage: concurrent_swap DIR PROCESSES UNITS CASES_EACH [pg]\n");
    return 2;
  }
  if (argc == 6) {
    pg_test_require("pg.concurrent.swap", pg_dsn, sizeof pg_dsn);
    snprintf(pg_schema, sizeof pg_schema, "swap_%d", (int)getpid());
  }
  int procs = atoi(argv[2]), units = atoi(argv[3]), each = atoi(argv[4]);
  CHECK(procs > 0 && procs <= 64 && units > 0 && units < 10000 && each > 0, "bad arguments");
  snprintf(db, sizeof db, "%s/concurrent-swap.db", argv[1]);
  remove_db();
  ssvc_ctx *ctx;
  ssvc_store *st = open_store(&ctx);
  ssvc_agreement_spec a = SSVC_AGREEMENT_SPEC_INIT;
  a.customer_id = "ACME";
  a.customer_name = "ACME AB";
  a.tier_code = "PROF";
  a.fleet = 400;
  CHECK(ssvc_agreement_create(st, &a, "lead") == SSVC_OK, "%s", ssvc_ctx_errmsg(ctx));
  CHECK(ssvc_store_begin(st) == SSVC_OK, "begin");
  for (int i = 1; i <= units; i++)
    CHECK(ssvc_swap_receive(st, "ACME", imei(i), "Fairphone 5", "lead", NULL) == SSVC_OK, "%s",
          ssvc_ctx_errmsg(ctx));
  int total = procs * each;
  for (int i = 1; i <= total; i++) {
    ssvc_case_spec s = SSVC_CASE_SPEC_INIT;
    s.customer_id = "ACME";
    s.user_name = "User";
    s.imei = imei(100000 + i); /* one open case per phone; the units are 1..UNITS */
    s.model = "Fairphone 5";
    s.actor = "agent";
    char id[SSVC_CASE_ID_SIZE];
    CHECK(ssvc_case_create(st, id, &s) == SSVC_OK, "%s", ssvc_ctx_errmsg(ctx));
    CHECK(ssvc_case_transition(st, id, SSVC_CASE_DIAGNOSING, "agent", NULL) == SSVC_OK, "%s",
          ssvc_ctx_errmsg(ctx));
  }
  CHECK(ssvc_store_commit(st) == SSVC_OK, "commit: %s", ssvc_ctx_errmsg(ctx));
  uint64_t feed_start = 0;
  CHECK(ssvc_changes_last(st, &feed_start) == SSVC_OK, "%s", ssvc_ctx_errmsg(ctx));
  ssvc_store_free(st);
  ssvc_ctx_free(ctx);

  int start[2];
  CHECK(pipe(start) == 0, "pipe: %s", strerror(errno));
  pid_t *pids = calloc((size_t)procs, sizeof *pids);
  char (*logs)[4200] = calloc((size_t)procs, sizeof *logs);
  for (int w = 0; w < procs; w++) {
    snprintf(logs[w], sizeof logs[w], "%s/concurrent-swap.%d.log", argv[1], w);
    pids[w] = fork();
    CHECK(pids[w] >= 0, "fork");
    if (pids[w] == 0) {
      close(start[1]);
      _exit(reserver(1 + w * each, each, logs[w], start[0]));
    }
  }
  close(start[0]);
  close(start[1]); /* every process starts now */
  for (int w = 0; w < procs; w++) {
    int status;
    CHECK(waitpid(pids[w], &status, 0) == pids[w], "waitpid");
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "process %d failed (status %d)", w,
          status);
  }
  /* What the processes were told. */
  struct tally t = {0, 0, calloc((size_t)units + 1, 32)};
  int reserved = 0, backordered = 0;
  for (int w = 0; w < procs; w++) {
    FILE *f = fopen(logs[w], "r");
    CHECK(f, "no log %s", logs[w]);
    char id[32], state[32], im[32];
    while (fscanf(f, "%31s %31s %31s", id, state, im) == 3) {
      if (strcmp(state, "reserved") == 0) {
        int n = atoi(im + 8) / 10;
        CHECK(n >= 1 && n <= units, "unknown unit %s", im);
        CHECK(t.case_of[n][0] == '\0', "unit %s given to %s and %s", im, t.case_of[n], id);
        snprintf(t.case_of[n], 32, "%s", id);
        reserved++;
      } else {
        CHECK(strcmp(state, "backordered") == 0 && strcmp(im, "-") == 0, "%s: %s %s", id, state,
              im);
        backordered++;
      }
    }
    fclose(f);
    unlink(logs[w]);
  }
  int expect_reserved = units < total ? units : total;
  CHECK(reserved == expect_reserved, "%d reservations succeeded, expected %d", reserved,
        expect_reserved);
  CHECK(backordered == total - expect_reserved, "%d backorders, expected %d", backordered,
        total - expect_reserved);
  /* What the database says. */
  st = open_store(&ctx);
  CHECK(ssvc_swap_unit_list(st, "ACME", check_unit, &t) == SSVC_OK, "%s", ssvc_ctx_errmsg(ctx));
  CHECK(t.units == units && t.reserved == expect_reserved, "%d units, %d reserved", t.units,
        t.reserved);
  int back = 0;
  CHECK(ssvc_swap_order_list(st, "ACME", SSVC_ORDER_BACKORDERED, count_back, &back) == SSVC_OK,
        "%s", ssvc_ctx_errmsg(ctx));
  CHECK(back == backordered, "%d backorders listed, %d reported", back, backordered);
  check_feed(st, feed_start, procs, each, &t, reserved);
  ssvc_store_free(st);
  ssvc_ctx_free(ctx);
  printf("concurrent_swap: %d processes x %d requests on %d units: %d reserved, %d backordered, "
         "no unit twice, every change once in the feed\n",
         procs, each, units, reserved, backordered);
  free(t.case_of);
  free(pids);
  free(logs);
  remove_db();
  return 0;
}
