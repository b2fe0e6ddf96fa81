/* sqlite_file: the SQLite file as a user meets it (doc/storage.md, "Damage, read-only use and
 * backups"): read-only opens that write nothing and wait for no writer, a database that needs
 * migration, files that are not smartservice databases, a damaged file found by the check, a
 * full disk in plain words, and backups taken while another thread writes, restored and checked.
 * Usage: test_sqlite_file TMPDIR */
#define _DEFAULT_SOURCE /* usleep */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include <smartservice.h>
#include <smartservice/sqlite.h>

#include "fixtures.h"
#include "fresh_store.h"

static const char *tmpdir;

struct sfx {
  ssvc_ctx *ctx;
  char path[4096], copy[4200];
};

static int64_t fixed_clock(void *ud) {
  (void)ud;
  return INT64_C(1772442000);
}

static ssvc_ctx *new_ctx(void) {
  ssvc_ctx_options o = SSVC_CTX_OPTIONS_INIT;
  o.clock = fixed_clock;
  ssvc_ctx *ctx;
  assert_int_equal(ssvc_ctx_new(&ctx, &o), SSVC_OK);
  return ctx;
}

static int setup(void **state) {
  static int n;
  struct sfx *f = calloc(1, sizeof *f);
  f->ctx = new_ctx();
  snprintf(f->path, sizeof f->path, "%s/sqlite-file-%d-%d.db", tmpdir, (int)getpid(), ++n);
  snprintf(f->copy, sizeof f->copy, "%s.copy", f->path);
  fresh_sqlite_remove(f->path);
  fresh_sqlite_remove(f->copy);
  *state = f;
  return 0;
}

static int teardown(void **state) {
  struct sfx *f = *state;
  fresh_sqlite_remove(f->path);
  fresh_sqlite_remove(f->copy);
  ssvc_ctx_free(f->ctx);
  free(f);
  return 0;
}

static ssvc_store *open_rw(struct sfx *f, ssvc_ctx *ctx, const char *path) {
  ssvc_store *st = NULL;
  assert_int_equal(ssvc_sqlite_open(ctx ? ctx : f->ctx, &st, path ? path : f->path, NULL),
                   SSVC_OK);
  return st;
}

static int open_ro(ssvc_ctx *ctx, const char *path, ssvc_store **st) {
  ssvc_sqlite_options o = SSVC_SQLITE_OPTIONS_INIT;
  o.read_only = 1;
  o.busy_timeout_ms = 100;
  return ssvc_sqlite_open(ctx, st, path, &o);
}

/* A database with ACME's agreement and @p cases cases, closed (the WAL checkpointed). */
static void make_db(struct sfx *f, int cases) {
  ssvc_store *st = open_rw(f, NULL, NULL);
  fixture_agreement(st, "ACME", "PROF", 100000, 0, 0);
  char id[SSVC_CASE_ID_SIZE];
  assert_int_equal(ssvc_store_begin(st), SSVC_OK);
  for (int i = 0; i < cases; i++) fixture_case(st, id, "ACME", "PROF", fixture_imei(i));
  assert_int_equal(ssvc_store_commit(st), SSVC_OK);
  ssvc_store_free(st);
}

static int count_id(void *ud, const char *id) {
  (void)id;
  ++*(int *)ud;
  return 0;
}

static int cases_in(ssvc_store *st) {
  int n = 0;
  assert_int_equal(ssvc_case_list_all(st, count_id, &n), SSVC_OK);
  return n;
}

/* The whole file, malloc'd, its size in *n. */
static unsigned char *slurp(const char *path, size_t *n) {
  FILE *fp = fopen(path, "rb");
  assert_non_null(fp);
  fseek(fp, 0, SEEK_END);
  *n = (size_t)ftell(fp);
  fseek(fp, 0, SEEK_SET);
  unsigned char *b = malloc(*n + 1);
  assert_int_equal(fread(b, 1, *n, fp), *n);
  fclose(fp);
  return b;
}

static void overwrite(const char *path, long at, const void *bytes, size_t n) {
  FILE *fp = fopen(path, "r+b");
  assert_non_null(fp);
  assert_int_equal(fseek(fp, at, SEEK_SET), 0);
  assert_int_equal(fwrite(bytes, 1, n, fp), n);
  fclose(fp);
}

static void expect_msg(ssvc_ctx *ctx, const char *path, const char *rest) {
  char want[4600];
  snprintf(want, sizeof want, "ssvc_sqlite_open: %s%s", path, rest);
  assert_string_equal(ssvc_ctx_errmsg(ctx), want);
}

/* ---- read-only use ---- */

/* A read-only open reads everything and writes nothing: the file's bytes stay as they were, no
 * write is accepted, and the store says why. */
static void read_only_open_writes_nothing(void **state) {
  struct sfx *f = *state;
  make_db(f, 3);
  size_t n0, n1;
  unsigned char *before = slurp(f->path, &n0);
  ssvc_store *st = NULL;
  assert_int_equal(open_ro(f->ctx, f->path, &st), SSVC_OK);
  assert_int_equal(cases_in(st), 3);
  size_t problems = 9;
  assert_int_equal(ssvc_store_check(st, NULL, NULL, &problems), SSVC_OK);
  assert_int_equal(problems, 0);
  char id[SSVC_CASE_ID_SIZE];
  ssvc_case_spec s = SSVC_CASE_SPEC_INIT;
  s.customer_id = "ACME";
  s.user_name = "Anna";
  s.imei = fixture_imei(99);
  s.model = "M";
  s.actor = "agent";
  assert_int_equal(ssvc_case_create(st, id, &s), SSVC_ESTORAGE);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx),
                      "ssvc_case_create: storage: the database was opened read-only");
  assert_int_equal(ssvc_store_scrub(st), SSVC_OK); /* nothing to scrub: nothing was written */
  ssvc_store_free(st);
  unsigned char *after = slurp(f->path, &n1);
  assert_int_equal(n0, n1);
  assert_memory_equal(before, after, n0);
  free(before);
  free(after);
  /* A missing file is not created. */
  char missing[4200];
  snprintf(missing, sizeof missing, "%s.missing", f->path);
  assert_int_equal(open_ro(f->ctx, missing, &st), SSVC_ENOTFOUND);
  expect_msg(f->ctx, missing, ": no such file");
  assert_int_equal(access(missing, F_OK), -1);
}

/* Readers neither wait for nor block a writer's long transaction: before, every open took the
 * write lock to migrate and a reader failed after the busy timeout. A writer still waits, and
 * its failure says the database is locked. */
static void readers_beside_a_long_write(void **state) {
  struct sfx *f = *state;
  make_db(f, 2);
  ssvc_store *w = open_rw(f, NULL, NULL);
  char id[SSVC_CASE_ID_SIZE];
  assert_int_equal(ssvc_store_begin(w), SSVC_OK);
  fixture_case(w, id, "ACME", "PROF", fixture_imei(50)); /* holds the write lock */
  ssvc_ctx *ctx = new_ctx();
  ssvc_store *r = NULL;
  assert_int_equal(open_ro(ctx, f->path, &r), SSVC_OK);
  assert_int_equal(cases_in(r), 2); /* the committed cases only */
  ssvc_sqlite_options o = SSVC_SQLITE_OPTIONS_INIT;
  o.busy_timeout_ms = 100;
  ssvc_store *w2 = NULL;
  assert_int_equal(ssvc_sqlite_open(ctx, &w2, f->path, &o), SSVC_EBUSY);
  expect_msg(ctx, f->path, ": database is locked by another connection");
  assert_int_equal(ssvc_store_commit(w), SSVC_OK);
  assert_int_equal(cases_in(r), 3);
  ssvc_store_free(r);
  ssvc_store_free(w);
  ssvc_ctx_free(ctx);
}

/* A read-only file in a read-only directory (the -shm file cannot be made) is read when no other
 * process has it open. Root ignores file modes, so the modes are only asserted for other users. */
static void read_only_file_and_directory(void **state) {
  struct sfx *f = *state;
  char dir[4200], path[4300];
  snprintf(dir, sizeof dir, "%s.dir", f->path);
  snprintf(path, sizeof path, "%s/ro.db", dir);
  assert_int_equal(mkdir(dir, 0755), 0);
  ssvc_store *st = open_rw(f, NULL, path);
  fixture_agreement(st, "ACME", "PROF", 100, 0, 0);
  char id[SSVC_CASE_ID_SIZE];
  fixture_case(st, id, "ACME", "PROF", fixture_imei(1));
  ssvc_store_free(st);
  assert_int_equal(chmod(path, 0444), 0);
  assert_int_equal(chmod(dir, 0555), 0);
  if (geteuid() != 0) {
    assert_int_equal(ssvc_sqlite_open(f->ctx, &st, path, NULL), SSVC_ESTORAGE);
  }
  assert_int_equal(open_ro(f->ctx, path, &st), SSVC_OK);
  assert_int_equal(cases_in(st), 1);
  size_t problems = 9;
  assert_int_equal(ssvc_store_check(st, NULL, NULL, &problems), SSVC_OK);
  assert_int_equal(problems, 0);
  ssvc_store_free(st);
  assert_int_equal(chmod(dir, 0755), 0);
  fresh_sqlite_remove(path);
  assert_int_equal(rmdir(dir), 0);
}

/* A database that needs migration says so when opened read-only, and is migrated by the first
 * open for writing. */
static void read_only_needs_migration(void **state) {
  struct sfx *f = *state;
  sqlite3 *db;
  assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK); /* an empty file */
  sqlite3_close(db);
  ssvc_store *st = NULL;
  assert_int_equal(open_ro(f->ctx, f->path, &st), SSVC_EVERSION);
  expect_msg(f->ctx, f->path,
             ": the database has no schema yet and needs migration: open it for writing once "
             "(any command that changes it)");
  /* An older schema (version 0: the table, no kv yet). */
  assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db, "CREATE TABLE ssvc_schema (version INTEGER NOT NULL);"
                                    "INSERT INTO ssvc_schema VALUES (0)", NULL, NULL, NULL),
                   SQLITE_OK);
  sqlite3_close(db);
  assert_int_equal(open_ro(f->ctx, f->path, &st), SSVC_EVERSION);
  expect_msg(f->ctx, f->path,
             ": the database has schema version 0 and needs migration to version 1: open it for "
             "writing once (any command that changes it)");
  st = open_rw(f, NULL, NULL);
  ssvc_store_free(st);
  assert_int_equal(open_ro(f->ctx, f->path, &st), SSVC_OK);
  assert_int_equal(cases_in(st), 0);
  ssvc_store_free(st);
}

/* ---- files that are not smartservice databases, and damage ---- */

static void not_a_smartservice_database(void **state) {
  struct sfx *f = *state;
  FILE *fp = fopen(f->path, "wb");
  assert_non_null(fp);
  for (int i = 0; i < 200; i++) fputs("this is a text file, not a database\n", fp);
  fclose(fp);
  ssvc_store *st = NULL;
  assert_int_equal(ssvc_sqlite_open(f->ctx, &st, f->path, NULL), SSVC_ESTORAGE);
  expect_msg(f->ctx, f->path, " is not a smartservice database");
  assert_int_equal(open_ro(f->ctx, f->path, &st), SSVC_ESTORAGE);
  expect_msg(f->ctx, f->path, " is not a smartservice database");
  /* Another program's SQLite database: read-only, it is not ours (for writing, the library's
   * tables join it: an application may keep them in its own database). */
  fresh_sqlite_remove(f->path);
  sqlite3 *db;
  assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db, "CREATE TABLE t (x)", NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close(db);
  assert_int_equal(open_ro(f->ctx, f->path, &st), SSVC_ESTORAGE);
  expect_msg(f->ctx, f->path, " is not a smartservice database (it has no ssvc_schema table)");
  /* The schema table names version 1, but the kv table is not the library's. */
  fresh_sqlite_remove(f->path);
  assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db, "CREATE TABLE ssvc_schema (version INTEGER NOT NULL);"
                                    "INSERT INTO ssvc_schema VALUES (1); CREATE TABLE kv (a)",
                                NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close(db);
  assert_int_equal(ssvc_sqlite_open(f->ctx, &st, f->path, NULL), SSVC_ESTORAGE);
  expect_msg(f->ctx, f->path,
             " is damaged: run smartservice check (the kv table: no such column: v)");
}

/* Bytes flipped inside the file: the check reports what SQLite's integrity check finds (before,
 * every command went on and listings silently lost records); a damaged header is named. */
static void damaged_file_is_found(void **state) {
  struct sfx *f = *state;
  make_db(f, 400);
  size_t n;
  unsigned char *all = slurp(f->path, &n);
  free(all);
  assert_true(n > 16 * 4096);
  /* The middle of a page in the middle of the file: garbage over cells of the kv b-tree. */
  unsigned char junk[512];
  for (size_t i = 0; i < sizeof junk; i++) junk[i] = (unsigned char)(i * 37 + 11);
  overwrite(f->path, (long)(n / 4096 / 2) * 4096 + 1024, junk, sizeof junk);
  ssvc_store *st = NULL;
  int rc = open_ro(f->ctx, f->path, &st);
  if (rc == SSVC_OK) {
    size_t problems = 0;
    rc = ssvc_store_check(st, NULL, NULL, &problems);
    if (rc == SSVC_OK) assert_true(problems > 0);
    ssvc_store_free(st);
  }
  if (rc != SSVC_OK) assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "is damaged: run smartservice check"));
  /* The header's magic string: not a database at all. */
  overwrite(f->path, 0, "Not an SQLite db", 16);
  assert_int_equal(open_ro(f->ctx, f->path, &st), SSVC_ESTORAGE);
  expect_msg(f->ctx, f->path, " is not a smartservice database");
}

/* A full disk is "disk full", not "disk I/O error", and the transaction is rolled back: on a
 * 64 KiB tmpfs, which needs root (skipped otherwise; a file size limit is no stand-in: SQLite
 * reports EFBIG as an I/O error). */
static void full_disk_in_plain_words(void **state) {
  struct sfx *f = *state;
  char dir[4200], path[4300];
  snprintf(dir, sizeof dir, "%s.tmpfs", f->path);
  assert_int_equal(mkdir(dir, 0755), 0);
  if (geteuid() != 0 || mount("tmpfs", dir, "tmpfs", 0, "size=64k") != 0) {
    rmdir(dir);
    skip();
    return;
  }
  snprintf(path, sizeof path, "%s/full.db", dir);
  ssvc_store *st = open_rw(f, NULL, path);
  fixture_agreement(st, "ACME", "PROF", 100000, 0, 0);
  char id[SSVC_CASE_ID_SIZE];
  int rc = SSVC_OK, made = 0;
  for (int i = 0; rc == SSVC_OK && i < 10000; i++) {
    ssvc_case_spec s = SSVC_CASE_SPEC_INIT;
    s.customer_id = "ACME";
    s.user_name = "Anna Andersson, with a name long enough to fill the disk in fewer cases";
    s.imei = fixture_imei(i);
    s.model = "Fairphone 5";
    s.actor = "agent";
    rc = ssvc_case_create(st, id, &s);
    made += rc == SSVC_OK;
  }
  assert_int_equal(rc, SSVC_ESTORAGE);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "ssvc_case_create: storage: disk full");
  assert_int_equal(cases_in(st), made); /* the failed case left nothing */
  ssvc_store_free(st);
  assert_int_equal(umount(dir), 0);
  assert_int_equal(rmdir(dir), 0);
}

/* ---- backups ---- */

struct writer {
  const char *path;
  volatile int stop;
  int written;
};

static void *write_cases(void *arg) {
  struct writer *w = arg;
  ssvc_ctx *ctx = new_ctx();
  ssvc_store *st = NULL;
  assert_int_equal(ssvc_sqlite_open(ctx, &st, w->path, NULL), SSVC_OK);
  char id[SSVC_CASE_ID_SIZE];
  for (int i = 1000; !w->stop && i < 100000; i++) {
    fixture_case(st, id, "ACME", "PROF", fixture_imei(i));
    w->written++;
  }
  ssvc_store_free(st);
  ssvc_ctx_free(ctx);
  return NULL;
}

/* A backup taken while another thread writes cases is a consistent database: restored in place
 * of a lost one, it opens, the check finds nothing, and every case it lists loads. */
static void backup_during_writes_restores(void **state) {
  struct sfx *f = *state;
  make_db(f, 50);
  struct writer w = {f->path, 0, 0};
  pthread_t t;
  assert_int_equal(pthread_create(&t, NULL, write_cases, &w), 0);
  while (w.written < 20) usleep(1000);
  assert_int_equal(ssvc_sqlite_backup(f->ctx, f->path, f->copy, NULL), SSVC_OK);
  int during = w.written;
  while (w.written < during + 20) usleep(1000);
  w.stop = 1;
  pthread_join(t, NULL);
  /* Restore: the copy put in place of a lost database (doc/storage.md, "Restore"). */
  char lost[4300];
  snprintf(lost, sizeof lost, "%s.restored", f->path);
  fresh_sqlite_remove(lost);
  assert_int_equal(rename(f->copy, lost), 0);
  ssvc_store *st = NULL;
  assert_int_equal(open_ro(f->ctx, lost, &st), SSVC_OK);
  size_t problems = 9;
  assert_int_equal(ssvc_store_check(st, NULL, NULL, &problems), SSVC_OK);
  assert_int_equal(problems, 0);
  int n = cases_in(st);
  assert_true(n >= 50 + 20 && n <= 50 + during + 1);
  ssvc_store_free(st);
  st = open_rw(f, NULL, lost); /* and it takes writes: the next case number follows */
  char id[SSVC_CASE_ID_SIZE];
  fixture_case(st, id, "ACME", "PROF", fixture_imei(999));
  char want[SSVC_CASE_ID_SIZE];
  snprintf(want, sizeof want, "SC-2026-%06d", n + 1);
  assert_string_equal(id, want);
  ssvc_store_free(st);
  fresh_sqlite_remove(lost);
}

static void backup_errors(void **state) {
  struct sfx *f = *state;
  make_db(f, 1);
  assert_int_equal(ssvc_sqlite_backup(NULL, f->path, f->copy, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_sqlite_backup(f->ctx, NULL, f->copy, NULL), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "ssvc_sqlite_backup: path must be given");
  assert_int_equal(ssvc_sqlite_backup(f->ctx, f->path, "", NULL), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "ssvc_sqlite_backup: dest must be given");
  /* An existing file is never overwritten. */
  assert_int_equal(ssvc_sqlite_backup(f->ctx, f->path, f->path, NULL), SSVC_EEXISTS);
  char want[9000];
  snprintf(want, sizeof want, "ssvc_sqlite_backup: %s: already exists", f->path);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), want);
  char missing[4300], nodir[4400];
  snprintf(missing, sizeof missing, "%s.missing", f->path);
  assert_int_equal(ssvc_sqlite_backup(f->ctx, missing, f->copy, NULL), SSVC_ENOTFOUND);
  assert_int_equal(access(f->copy, F_OK), -1);
  snprintf(nodir, sizeof nodir, "%s.no-such-dir/copy.db", f->path);
  assert_int_equal(ssvc_sqlite_backup(f->ctx, f->path, nodir, NULL), SSVC_ESTORAGE);
  snprintf(want, sizeof want, "ssvc_sqlite_backup: %s: cannot open the file", nodir);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), want);
  ssvc_sqlite_options bad = SSVC_SQLITE_OPTIONS_INIT;
  bad.version = 0;
  assert_int_equal(ssvc_sqlite_backup(f->ctx, f->path, f->copy, &bad), SSVC_EVERSION);
}

/* A caller built against version 1 of the options (no read_only) passes a shorter struct. */
static void options_version_1(void **state) {
  struct sfx *f = *state;
  make_db(f, 1);
  ssvc_sqlite_options o;
  memset(&o, 0xAB, sizeof o); /* the bytes past version 1's fields are not the caller's */
  assert_int_equal(ssvc_sqlite_options_init(&o, 1), SSVC_OK);
  assert_int_equal(o.must_exist, 0);
  unsigned char tail[sizeof o];
  memset(tail, 0xAB, sizeof tail);
  size_t v1 = offsetof(ssvc_sqlite_options, read_only);
  assert_memory_equal((unsigned char *)&o + v1, tail, sizeof o - v1);
  ssvc_store *st = NULL;
  assert_int_equal(ssvc_sqlite_open(f->ctx, &st, f->path, &o), SSVC_OK); /* not read-only */
  char id[SSVC_CASE_ID_SIZE];
  fixture_case(st, id, "ACME", "PROF", fixture_imei(5));
  ssvc_store_free(st);
}

int main(int argc, char **argv) {
  tmpdir = argc > 1 ? argv[1] : ".";
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(read_only_open_writes_nothing, setup, teardown),
      cmocka_unit_test_setup_teardown(readers_beside_a_long_write, setup, teardown),
      cmocka_unit_test_setup_teardown(read_only_file_and_directory, setup, teardown),
      cmocka_unit_test_setup_teardown(read_only_needs_migration, setup, teardown),
      cmocka_unit_test_setup_teardown(not_a_smartservice_database, setup, teardown),
      cmocka_unit_test_setup_teardown(damaged_file_is_found, setup, teardown),
      cmocka_unit_test_setup_teardown(full_disk_in_plain_words, setup, teardown),
      cmocka_unit_test_setup_teardown(backup_during_writes_restores, setup, teardown),
      cmocka_unit_test_setup_teardown(backup_errors, setup, teardown),
      cmocka_unit_test_setup_teardown(options_version_1, setup, teardown),
  };
  return cmocka_run_group_tests_name("sqlite file", tests, NULL, NULL);
}
