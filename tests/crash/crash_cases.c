/*
 * Crash and concurrency test of the SQLite backend (not cmocka: it forks and kills).
 *
 *   crash_cases kill DIR ROUNDS       a child registers its customer's agreement (when a
 *                                     killed child did not) and creates cases until it is
 *                                     SIGKILLed at a random moment; after every kill the database
 *                                     passes PRAGMA integrity_check, every case whose creation
 *                                     returned SSVC_OK (the child logs its id only then) is there
 *                                     and whole, and no partial case exists.
 *   crash_cases concurrent DIR N      two processes each create N cases in one database at once
 *                                     (their agreements made before they start): none is lost and
 *                                     all ids are unique.
 *
 * Every case is for another phone (a customer's IMEI may have one open case), and the check sees
 * that no IMEI has two cases: the IMEI index survives the kills with the records.
 *
 * The seed of the random kill moments is printed; set CRASH_SEED to repeat a run.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include <smartservice.h>
#include <smartservice/sqlite.h>

static char db[4096], logpath[4096];

#define CHECK(cond, ...)                                         \
  do {                                                           \
    if (!(cond)) {                                               \
      fprintf(stderr, "crash_cases:%d: ", __LINE__);             \
      fprintf(stderr, __VA_ARGS__);                              \
      fputc('\n', stderr);                                       \
      exit(1);                                                   \
    }                                                            \
  } while (0)

static void remove_db(void) {
  char p[4200];
  unlink(db);
  snprintf(p, sizeof p, "%s-wal", db);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", db);
  unlink(p);
}

/* The IMEI of case @p n of writer @p w: "35" "0000" w, n in eight digits, the check digit. */
static const char *imei_of(int w, long n, char *out) {
  char body[15];
  snprintf(body, sizeof body, "350000%u%07lu", (unsigned)w % 10u, (unsigned long)n % 10000000ul);
  CHECK(ssvc_imei_complete(out, body) == SSVC_OK, "imei %s", body);
  return out;
}

/* The customer's agreement (its tier PROF, as the cases name it). */
static int agreement_of(ssvc_store *st, const char *customer) {
  ssvc_agreement_spec a = SSVC_AGREEMENT_SPEC_INIT;
  a.customer_id = customer;
  a.customer_name = customer;
  a.tier_code = "PROF";
  a.fleet = 10;
  return ssvc_agreement_create(st, &a, "crash-test");
}

/* The spec every case of writer @p w gets (but its IMEI); the checks compare against it. */
static ssvc_case_spec spec_of(int w, char *customer, size_t size) {
  snprintf(customer, size, "CUST-%d", w);
  ssvc_case_spec s = SSVC_CASE_SPEC_INIT;
  s.customer_id = customer;
  s.user_name = "Crash Test Dummy";
  s.user_phone = "+46700000000";
  s.user_email = "dummy@example.se";
  s.model = "Model K";
  s.tier_code = "PROF";
  s.symptom = "keeps getting killed";
  s.actor = "crash-test";
  return s;
}

/* A writer: creates @p n cases (0: until killed), appending each id to @p log after SSVC_OK.
 * Their IMEIs are numbered from @p first (the cases that earlier writers left). With
 * @p own_agreement it first creates the customer's agreement unless a killed writer did. */
static int writer(int w, long n, const char *log, long first, int own_agreement) {
  ssvc_ctx *ctx;
  ssvc_store *st;
  if (ssvc_ctx_new(&ctx, NULL)) return 3;
  if (ssvc_sqlite_open(ctx, &st, db, NULL)) {
    fprintf(stderr, "writer %d: %s\n", w, ssvc_ctx_errmsg(ctx));
    return 3;
  }
  int fd = open(log, O_WRONLY | O_APPEND | O_CREAT, 0644);
  if (fd < 0) return 3;
  char customer[32], imei[SSVC_IMEI_SIZE];
  ssvc_case_spec s = spec_of(w, customer, sizeof customer);
  if (own_agreement) {
    ssvc_agreement *a = NULL;
    int rc = ssvc_agreement_load(st, &a, customer);
    ssvc_agreement_free(a);
    if (rc == SSVC_ENOTFOUND) rc = agreement_of(st, customer);
    if (rc) {
      fprintf(stderr, "writer %d: %s\n", w, ssvc_ctx_errmsg(ctx));
      return 4;
    }
  }
  for (long i = 0; n == 0 || i < n; i++) {
    char id[SSVC_CASE_ID_SIZE + 1];
    s.imei = imei_of(w, first + i, imei);
    int rc = ssvc_case_create(st, id, &s);
    if (rc) {
      fprintf(stderr, "writer %d: %s\n", w, ssvc_ctx_errmsg(ctx));
      return 4;
    }
    size_t len = strlen(id);
    id[len] = '\n';
    if (write(fd, id, len + 1) != (ssize_t)(len + 1)) return 5;
  }
  close(fd);
  ssvc_store_free(st);
  ssvc_ctx_free(ctx);
  return 0;
}

static void integrity_ok(void) {
  sqlite3 *h;
  CHECK(sqlite3_open(db, &h) == SQLITE_OK, "cannot open %s", db);
  sqlite3_stmt *q;
  CHECK(sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &q, NULL) == SQLITE_OK, "prepare");
  CHECK(sqlite3_step(q) == SQLITE_ROW, "integrity_check gave no row");
  const char *r = (const char *)sqlite3_column_text(q, 0);
  CHECK(r && strcmp(r, "ok") == 0, "integrity_check: %s", r ? r : "(null)");
  sqlite3_finalize(q);
  sqlite3_close(h);
}

struct idset {
  char (*ids)[SSVC_CASE_ID_SIZE];
  size_t n, cap;
};

static void idset_add(struct idset *s, const char *id) {
  if (s->n == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 256;
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

/* A kill can cut a write to the log short (Linux lets a fatal signal interrupt a write to a
 * regular file): drop such a torn last line, so that the next writer's first id does not run on
 * from it. A torn line was never an acknowledgement: its writer died before the write returned. */
static void trim_torn_line(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) return;
  long keep = 0, pos = 0;
  int c;
  while ((c = fgetc(f)) != EOF) {
    pos++;
    if (c == '\n') keep = pos;
  }
  fclose(f);
  if (keep != pos && truncate(path, keep) != 0) {
    fprintf(stderr, "crash_cases: truncate %s: %s\n", path, strerror(errno));
    exit(1);
  }
}

static void read_log(const char *path, struct idset *out) {
  FILE *f = fopen(path, "r");
  if (!f) return;
  char line[64];
  while (fgets(line, sizeof line, f)) {
    size_t n = strlen(line);
    if (n && line[n - 1] == '\n') line[--n] = '\0';
    else continue; /* a line cut by the kill: its write never completed */
    idset_add(out, line);
  }
  fclose(f);
}

/* Checks one whole case against the spec of its writer; its IMEI into @p imei. */
static void case_whole(ssvc_store *st, ssvc_ctx *ctx, const char *id, char *imei) {
  ssvc_case *c;
  int rc = ssvc_case_load(st, &c, id);
  CHECK(rc == SSVC_OK, "%s: %s", id, ssvc_ctx_errmsg(ctx));
  ssvc_case_info i;
  memset(&i, 0, sizeof i);
  i.version = SSVC_CASE_INFO_VERSION;
  CHECK(ssvc_case_info_get(c, &i) == SSVC_OK, "info");
  char customer[32];
  int w = strncmp(i.customer_id, "CUST-", 5) == 0 ? atoi(i.customer_id + 5) : -1;
  ssvc_case_spec s = spec_of(w, customer, sizeof customer);
  CHECK(strcmp(i.customer_id, s.customer_id) == 0, "%s: customer '%s'", id, i.customer_id);
  char prefix[8];
  snprintf(prefix, sizeof prefix, "350000%d", w);
  CHECK(strcmp(i.user_name, s.user_name) == 0 && strcmp(i.user_email, s.user_email) == 0 &&
            strncmp(i.imei, prefix, 7) == 0 && strlen(i.imei) == 15 &&
            strcmp(i.model, s.model) == 0 && strcmp(i.tier_code, "PROF") == 0 &&
            strcmp(i.symptom, s.symptom) == 0 && i.state == SSVC_CASE_REGISTERED &&
            i.event_count == 1,
        "%s: not whole", id);
  snprintf(imei, SSVC_IMEI_SIZE, "%s", i.imei);
  ssvc_case_free(c);
}

/* Everything in the database is consistent: every case record has its index entries and every
 * index entry its record; every logged id is there and whole; ids are unique, and so are the
 * phones (each case open, each for another IMEI); a customer with cases has its agreement. */
static size_t check_db(struct idset *logged) {
  integrity_ok();
  ssvc_ctx *ctx;
  ssvc_store *st;
  CHECK(ssvc_ctx_new(&ctx, NULL) == SSVC_OK, "ctx");
  CHECK(ssvc_sqlite_open(ctx, &st, db, NULL) == SSVC_OK, "open: %s", ssvc_ctx_errmsg(ctx));
  struct idset all = {0}, reg = {0}, cust = {0}, imeis = {0};
  CHECK(ssvc_case_list_all(st, add_cb, &all) == SSVC_OK, "list_all");
  CHECK(ssvc_case_list_state(st, SSVC_CASE_REGISTERED, add_cb, &reg) == SSVC_OK, "list_state");
  for (int w = 0; w < 2; w++) {
    char customer[32];
    snprintf(customer, sizeof customer, "CUST-%d", w);
    size_t before = cust.n;
    CHECK(ssvc_case_list_customer(st, customer, INT64_MIN, INT64_MAX, add_cb, &cust) == 0, "c");
    ssvc_agreement *a = NULL;
    int rc = ssvc_agreement_load(st, &a, customer);
    ssvc_agreement_free(a);
    CHECK(rc == SSVC_OK || (rc == SSVC_ENOTFOUND && cust.n == before),
          "%s: %zu cases, agreement: %s", customer, cust.n - before, ssvc_ctx_errmsg(ctx));
  }
  CHECK(all.n == reg.n && all.n == cust.n, "partial case: %zu records, %zu state entries, %zu "
        "customer entries", all.n, reg.n, cust.n);
  if (all.n) { /* a kill before the first commit leaves none (qsort wants a non-NULL array) */
    qsort(reg.ids, reg.n, sizeof *reg.ids, cmp_id);
    qsort(cust.ids, cust.n, sizeof *cust.ids, cmp_id);
  }
  for (size_t i = 0; i < all.n; i++) {
    CHECK(strcmp(all.ids[i], reg.ids[i]) == 0 && strcmp(all.ids[i], cust.ids[i]) == 0,
          "index entries disagree at %s", all.ids[i]);
    if (i) CHECK(strcmp(all.ids[i - 1], all.ids[i]) < 0, "duplicate id %s", all.ids[i]);
    char imei[SSVC_IMEI_SIZE];
    case_whole(st, ctx, all.ids[i], imei);
    idset_add(&imeis, imei);
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

static int run_kill(int rounds) {
  unsigned seed = getenv("CRASH_SEED") ? (unsigned)strtoul(getenv("CRASH_SEED"), NULL, 10)
                                       : (unsigned)time(NULL) ^ (unsigned)getpid();
  printf("crash_cases kill: seed %u (CRASH_SEED=%u repeats this run)\n", seed, seed);
  srand(seed);
  remove_db();
  unlink(logpath);
  struct idset logged = {0};
  size_t total = 0;
  for (int r = 1; r <= rounds; r++) {
    pid_t pid = fork();
    CHECK(pid >= 0, "fork: %s", strerror(errno));
    if (pid == 0) _exit(writer(0, 0, logpath, (long)total, 1));
    /* 1..60 ms: sometimes during open and migration, mostly in the middle of commits. */
    struct timespec ts = {0, (long)(1 + rand() % 60) * 1000000L};
    nanosleep(&ts, NULL);
    kill(pid, SIGKILL);
    int status;
    CHECK(waitpid(pid, &status, 0) == pid, "waitpid");
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
          "round %d: the writer ended by itself (status %d)", r, status);
    trim_torn_line(logpath);
    logged.n = 0;
    read_log(logpath, &logged);
    total = check_db(&logged);
  }
  printf("crash_cases kill: %d kills survived; %zu cases, %zu acknowledged, all whole\n", rounds,
         total, logged.n);
  CHECK(logged.n > 0, "no case was ever acknowledged: the test proved nothing");
  free(logged.ids);
  remove_db();
  unlink(logpath);
  return 0;
}

static int run_concurrent(long n) {
  remove_db();
  char logs[2][4200];
  pid_t pids[2];
  for (int w = 0; w < 2; w++) {
    snprintf(logs[w], sizeof logs[w], "%s.%d", logpath, w);
    unlink(logs[w]);
  }
  ssvc_ctx *ctx;
  ssvc_store *st;
  CHECK(ssvc_ctx_new(&ctx, NULL) == SSVC_OK, "ctx");
  CHECK(ssvc_sqlite_open(ctx, &st, db, NULL) == SSVC_OK, "open: %s", ssvc_ctx_errmsg(ctx));
  for (int w = 0; w < 2; w++) {
    char customer[32];
    snprintf(customer, sizeof customer, "CUST-%d", w);
    CHECK(agreement_of(st, customer) == SSVC_OK, "agreement: %s", ssvc_ctx_errmsg(ctx));
  }
  ssvc_store_free(st);
  ssvc_ctx_free(ctx);
  for (int w = 0; w < 2; w++) {
    pids[w] = fork();
    CHECK(pids[w] >= 0, "fork");
    if (pids[w] == 0) _exit(writer(w, n, logs[w], 0, 0));
  }
  for (int w = 0; w < 2; w++) {
    int status;
    CHECK(waitpid(pids[w], &status, 0) == pids[w], "waitpid");
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "writer %d failed (status %d)", w,
          status);
  }
  struct idset logged = {0};
  read_log(logs[0], &logged);
  read_log(logs[1], &logged);
  CHECK(logged.n == (size_t)(2 * n), "%zu ids logged, expected %ld", logged.n, 2 * n);
  if (logged.n) qsort(logged.ids, logged.n, sizeof *logged.ids, cmp_id);
  for (size_t i = 1; i < logged.n; i++)
    CHECK(strcmp(logged.ids[i - 1], logged.ids[i]) != 0, "id %s given twice", logged.ids[i]);
  size_t total = check_db(&logged);
  CHECK(total == (size_t)(2 * n), "%zu cases in the database, expected %ld", total, 2 * n);
  printf("crash_cases concurrent: 2 writers x %ld cases: all %zu there, ids unique\n", n, total);
  free(logged.ids);
  for (int w = 0; w < 2; w++) unlink(logs[w]);
  remove_db();
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 4 || (strcmp(argv[1], "kill") != 0 && strcmp(argv[1], "concurrent") != 0)) {
    fprintf(stderr, "usage: crash_cases kill|concurrent DIR COUNT\n");
    return 2;
  }
  snprintf(db, sizeof db, "%s/crash-%s.db", argv[2], argv[1]);
  snprintf(logpath, sizeof logpath, "%s/crash-%s.log", argv[2], argv[1]);
  long count = strtol(argv[3], NULL, 10);
  return strcmp(argv[1], "kill") == 0 ? run_kill((int)count) : run_concurrent(count);
}
