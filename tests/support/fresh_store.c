/* Fresh SQLite and PostgreSQL stores for the storage-fault drivers (fresh_store.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <unistd.h>

#include <cmocka.h>
#include <libpq-fe.h>

#include <smartservice/pg.h>
#include <smartservice/sqlite.h>

#include "fresh_store.h"
#include "store_fault.h"

static char sqlite_path[4096], pg_dsn[1024], pg_schema[128];
static PGconn *pg_admin;

void fresh_sqlite_remove(const char *path) {
  char p[4200];
  unlink(path);
  snprintf(p, sizeof p, "%s-wal", path);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", path);
  unlink(p);
}

static int fresh_sqlite(ssvc_ctx *ctx, ssvc_storage_backend *out) {
  fresh_sqlite_remove(sqlite_path);
  ssvc_sqlite_options o = SSVC_SQLITE_OPTIONS_INIT;
  o.sync = SSVC_SQLITE_SYNC_NORMAL; /* durability is the crash tests' business */
  return ssvc_sqlite_backend(ctx, out, sqlite_path, &o);
}

static void drop_schema(void) {
  char stmt[256];
  snprintf(stmt, sizeof stmt, "DROP SCHEMA IF EXISTS %s CASCADE", pg_schema);
  PGresult *r = PQexec(pg_admin, stmt);
  assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
  PQclear(r);
}

static int fresh_pg(ssvc_ctx *ctx, ssvc_storage_backend *out) {
  drop_schema();
  ssvc_pg_options o = SSVC_PG_OPTIONS_INIT;
  o.schema = pg_schema;
  return ssvc_pg_backend(ctx, out, pg_dsn, &o);
}

void fresh_sqlite_begin(const char *dir, const char *name) {
  snprintf(sqlite_path, sizeof sqlite_path, "%s/%s-%d.db", dir, name, (int)getpid());
  store_fault_backend = fresh_sqlite;
}

void fresh_pg_begin(const char *dsn, const char *name) {
  snprintf(pg_dsn, sizeof pg_dsn, "%s", dsn);
  snprintf(pg_schema, sizeof pg_schema, "%s_%d", name, (int)getpid());
  pg_admin = PQconnectdb(pg_dsn);
  assert_int_equal(PQstatus(pg_admin), CONNECTION_OK);
  PQclear(PQexec(pg_admin, "SET client_min_messages = warning"));
  store_fault_backend = fresh_pg;
}

void fresh_store_end(void) {
  if (store_fault_backend == fresh_sqlite) fresh_sqlite_remove(sqlite_path);
  if (store_fault_backend == fresh_pg) {
    drop_schema();
    PQfinish(pg_admin);
    pg_admin = NULL;
  }
  store_fault_backend = NULL;
}
