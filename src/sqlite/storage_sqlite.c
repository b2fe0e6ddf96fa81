/* libsmartservice-sqlite: the SQLite storage backend (doc/storage.md). It uses only the public
 * API of libsmartservice. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "smartservice/sqlite.h"

/* Schema migrations: entry i takes a database from version i to i + 1. Never edit a released
 * entry; add a new one and raise SSVC_SQLITE_SCHEMA_VERSION. */
static const char *const migrations[SSVC_SQLITE_SCHEMA_VERSION] = {
    "CREATE TABLE kv (k BLOB PRIMARY KEY NOT NULL, v BLOB NOT NULL, ver INTEGER NOT NULL)"
    " WITHOUT ROWID",
};

enum {
  Q_GET, Q_INSERT_NEW, Q_UPSERT, Q_UPDATE, Q_DELETE_ANY, Q_DELETE_VER, Q_EXISTS, Q_SCAN,
  Q_SCAN_OPEN, Q_BEGIN_READ, Q_BEGIN_WRITE, Q_COMMIT, Q_ROLLBACK, Q_COUNT
};

static const char *const sql[Q_COUNT] = {
    "SELECT v, ver FROM kv WHERE k = ?1",
    "INSERT INTO kv (k, v, ver) VALUES (?1, ?2, 1) ON CONFLICT (k) DO NOTHING",
    "INSERT INTO kv (k, v, ver) VALUES (?1, ?2, 1)"
    " ON CONFLICT (k) DO UPDATE SET v = excluded.v, ver = ver + 1 RETURNING ver",
    "UPDATE kv SET v = ?2, ver = ver + 1 WHERE k = ?1 AND ver = ?3",
    "DELETE FROM kv WHERE k = ?1",
    "DELETE FROM kv WHERE k = ?1 AND ver = ?2",
    "SELECT 1 FROM kv WHERE k = ?1",
    "SELECT k, v, ver FROM kv WHERE k >= ?1 AND k < ?2 ORDER BY k",
    "SELECT k, v, ver FROM kv WHERE k >= ?1 ORDER BY k",
    "BEGIN DEFERRED",
    "BEGIN IMMEDIATE",
    "COMMIT",
    "ROLLBACK",
};

typedef struct sq {
  sqlite3 *db;
  sqlite3_stmt *st[Q_COUNT];
  int in_txn;
  int read_only;
  unsigned char *vbuf; /* the value returned by get, valid until the next call */
  size_t vcap;
  char msg[256];
} sq;

/* The user's words for a failure of SQLite (doc/storage.md), or NULL to use SQLite's message.
 * @p db (may be NULL) tells the system error behind an I/O error. */
static const char *plain_words(sqlite3 *db, int rc, int read_only) {
  int sys = db && (rc & 0xFF) == SQLITE_IOERR ? sqlite3_system_errno(db) : 0;
  if (sys == ENOSPC || sys == EDQUOT) return "disk full";
  if (sys == EFBIG) return "disk full (the file has reached the size limit of the process)";
  switch (rc & 0xFF) {
  case SQLITE_FULL: return "disk full";
  case SQLITE_BUSY: case SQLITE_LOCKED: return "database is locked by another connection";
  case SQLITE_CORRUPT: return "is damaged: run smartservice check";
  case SQLITE_NOTADB: return "is not a smartservice database";
  case SQLITE_READONLY:
    return read_only ? "the database was opened read-only" : "the database file is read-only";
  case SQLITE_CANTOPEN: return "cannot open the file";
  default: return NULL;
  }
}

static int code_of(int rc) {
  switch (rc & 0xFF) {
  case SQLITE_BUSY: case SQLITE_LOCKED: return SSVC_EBUSY;
  case SQLITE_NOMEM: return SSVC_ENOMEM;
  default: return SSVC_ESTORAGE;
  }
}

static int map_rc(sq *s, int rc) {
  const char *w = plain_words(s->db, rc, s->read_only);
  if (w && strncmp(w, "is ", 3) == 0) snprintf(s->msg, sizeof s->msg, "the database %s", w);
  else snprintf(s->msg, sizeof s->msg, "%s", w ? w : sqlite3_errmsg(s->db));
  return code_of(rc);
}

/* Runs a statement without results (or with one row ignored). */
static int run(sq *s, sqlite3_stmt *stmt) {
  int rc = sqlite3_step(stmt);
  int out = rc == SQLITE_DONE || rc == SQLITE_ROW ? SSVC_OK : map_rc(s, rc);
  sqlite3_reset(stmt);
  return out;
}

static int bind_key(sq *s, sqlite3_stmt *stmt, int idx, const void *p, size_t n) {
  int rc = sqlite3_bind_blob64(stmt, idx, n ? p : "", n, SQLITE_STATIC);
  return rc == SQLITE_OK ? SSVC_OK : map_rc(s, rc);
}

static int sq_get(void *ud, const void *key, size_t klen, const void **val, size_t *vlen,
                  uint64_t *ver) {
  sq *s = ud;
  sqlite3_stmt *stmt = s->st[Q_GET];
  int rc = bind_key(s, stmt, 1, key, klen);
  if (rc) return rc;
  int r = sqlite3_step(stmt);
  if (r == SQLITE_DONE) rc = SSVC_ENOTFOUND;
  else if (r != SQLITE_ROW) rc = map_rc(s, r);
  else {
    size_t n = (size_t)sqlite3_column_bytes(stmt, 0);
    const void *p = sqlite3_column_blob(stmt, 0);
    if (n + 1 > s->vcap) {
      unsigned char *nb = realloc(s->vbuf, n + 1);
      if (!nb) {
        snprintf(s->msg, sizeof s->msg, "out of memory");
        rc = SSVC_ENOMEM;
        goto out;
      }
      s->vbuf = nb;
      s->vcap = n + 1;
    }
    if (n) memcpy(s->vbuf, p, n);
    *val = s->vbuf;
    *vlen = n;
    *ver = (uint64_t)sqlite3_column_int64(stmt, 1);
  }
out:
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  return rc;
}

static int sq_put(void *ud, const void *key, size_t klen, const void *val, size_t vlen,
                  uint64_t expected, uint64_t *new_ver) {
  sq *s = ud;
  int q = expected == SSVC_STORAGE_NEW ? Q_INSERT_NEW
          : expected == SSVC_STORAGE_ANY ? Q_UPSERT
                                          : Q_UPDATE;
  sqlite3_stmt *stmt = s->st[q];
  int rc = bind_key(s, stmt, 1, key, klen);
  if (!rc) rc = bind_key(s, stmt, 2, val, vlen);
  if (!rc && q == Q_UPDATE && sqlite3_bind_int64(stmt, 3, (sqlite3_int64)expected) != SQLITE_OK)
    rc = map_rc(s, SQLITE_ERROR);
  if (rc) {
    sqlite3_reset(stmt);
    return rc;
  }
  uint64_t nv = expected + 1;
  int r = sqlite3_step(stmt);
  if (q == Q_UPSERT) {
    if (r == SQLITE_ROW) {
      nv = (uint64_t)sqlite3_column_int64(stmt, 0);
      r = sqlite3_step(stmt);
    }
  }
  if (r != SQLITE_DONE) rc = map_rc(s, r);
  else if (q != Q_UPSERT && sqlite3_changes(s->db) == 0) {
    snprintf(s->msg, sizeof s->msg, "version conflict");
    rc = SSVC_ECONFLICT;
  }
  sqlite3_reset(stmt);
  if (rc == SSVC_OK && new_ver) *new_ver = nv;
  return rc;
}

static int sq_del(void *ud, const void *key, size_t klen, uint64_t expected) {
  sq *s = ud;
  int q = expected == SSVC_STORAGE_ANY ? Q_DELETE_ANY : Q_DELETE_VER;
  sqlite3_stmt *stmt = s->st[q];
  int rc = bind_key(s, stmt, 1, key, klen);
  if (!rc && q == Q_DELETE_VER && sqlite3_bind_int64(stmt, 2, (sqlite3_int64)expected))
    rc = map_rc(s, SQLITE_ERROR);
  if (!rc) rc = run(s, stmt);
  if (rc) return rc;
  if (sqlite3_changes(s->db) > 0) return SSVC_OK;
  if (q == Q_DELETE_ANY) return SSVC_ENOTFOUND;
  /* Absent or another version? */
  stmt = s->st[Q_EXISTS];
  if ((rc = bind_key(s, stmt, 1, key, klen))) return rc;
  int r = sqlite3_step(stmt);
  sqlite3_reset(stmt);
  if (r == SQLITE_ROW) {
    snprintf(s->msg, sizeof s->msg, "version conflict");
    return SSVC_ECONFLICT;
  }
  return r == SQLITE_DONE ? SSVC_ENOTFOUND : map_rc(s, r);
}

static int sq_scan(void *ud, const void *lo, size_t lo_len, const void *hi, size_t hi_len,
                   ssvc_storage_scan_fn fn, void *cb) {
  sq *s = ud;
  sqlite3_stmt *stmt = s->st[hi ? Q_SCAN : Q_SCAN_OPEN];
  int rc = bind_key(s, stmt, 1, lo, lo ? lo_len : 0);
  if (!rc && hi) rc = bind_key(s, stmt, 2, hi, hi_len);
  if (rc) {
    sqlite3_reset(stmt);
    return rc;
  }
  int r;
  while ((r = sqlite3_step(stmt)) == SQLITE_ROW) {
    const void *k = sqlite3_column_blob(stmt, 0);
    size_t kn = (size_t)sqlite3_column_bytes(stmt, 0);
    const void *v = sqlite3_column_blob(stmt, 1);
    size_t vn = (size_t)sqlite3_column_bytes(stmt, 1);
    int c = fn(cb, k ? k : "", kn, v ? v : "", vn, (uint64_t)sqlite3_column_int64(stmt, 2));
    if (c > 0) {
      r = SQLITE_DONE;
      break;
    }
    if (c < 0) {
      sqlite3_reset(stmt);
      return c;
    }
  }
  rc = r == SQLITE_DONE ? SSVC_OK : map_rc(s, r);
  sqlite3_reset(stmt);
  return rc;
}

static int sq_begin(void *ud, unsigned int flags) {
  sq *s = ud;
  if (s->read_only && (flags & SSVC_STORAGE_TXN_WRITE)) {
    snprintf(s->msg, sizeof s->msg, "the database was opened read-only");
    return SSVC_ESTORAGE;
  }
  int rc = run(s, s->st[flags & SSVC_STORAGE_TXN_WRITE ? Q_BEGIN_WRITE : Q_BEGIN_READ]);
  if (!rc) s->in_txn = 1;
  return rc;
}

static int sq_commit(void *ud) {
  sq *s = ud;
  int rc = run(s, s->st[Q_COMMIT]);
  if (rc) {
    if (!sqlite3_get_autocommit(s->db)) run(s, s->st[Q_ROLLBACK]);
  }
  s->in_txn = 0;
  return rc;
}

static int sq_rollback(void *ud) {
  sq *s = ud;
  int rc = SSVC_OK;
  if (!sqlite3_get_autocommit(s->db)) rc = run(s, s->st[Q_ROLLBACK]);
  s->in_txn = 0;
  return rc;
}

/* Copies the WAL into the database and truncates it to nothing, so that no page written before
 * (an erased user's data among them) stays in the -wal file. */
static int sq_scrub(void *ud) {
  sq *s = ud;
  int rc = sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
  return rc == SQLITE_OK ? SSVC_OK : map_rc(s, rc);
}

/* SQLite's own check of the file: every b-tree page, index and free-list entry. */
static int sq_check(void *ud, ssvc_storage_problem_fn report, void *cb) {
  sq *s = ud;
  sqlite3_stmt *q = NULL;
  int rc = sqlite3_prepare_v2(s->db, "PRAGMA integrity_check", -1, &q, NULL);
  int r = SQLITE_DONE;
  while (rc == SQLITE_OK && (r = sqlite3_step(q)) == SQLITE_ROW) {
    const char *line = (const char *)sqlite3_column_text(q, 0);
    /* Each row is a problem, or several on lines of their own; SQLite heads the first with a
     * line naming the schema ("*** in database main ***"), left out. */
    if (!line || strcmp(line, "ok") == 0) continue;
    while (*line) {
      size_t n = strcspn(line, "\n");
      if (strncmp(line, "*** in database", 15) != 0) {
        char msg[600];
        snprintf(msg, sizeof msg, "SQLite integrity check: %.*s", (int)(n < 500 ? n : 500), line);
        report(cb, msg);
      }
      line += n + (line[n] == '\n');
    }
  }
  if (rc == SQLITE_OK && r != SQLITE_DONE) rc = r;
  sqlite3_finalize(q);
  if (rc == SQLITE_OK) return SSVC_OK;
  if ((rc & 0xFF) == SQLITE_CORRUPT || (rc & 0xFF) == SQLITE_NOTADB) {
    report(cb, "SQLite integrity check: the database file is damaged beyond checking");
    return SSVC_OK;
  }
  return map_rc(s, rc);
}

static void sq_close(void *ud) {
  sq *s = ud;
  if (!s) return;
  if (s->db && !sqlite3_get_autocommit(s->db)) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  for (int i = 0; i < Q_COUNT; i++) sqlite3_finalize(s->st[i]);
  sqlite3_close(s->db);
  free(s->vbuf);
  free(s);
}

static const char *sq_errmsg(void *ud) { return ((sq *)ud)->msg; }

/* The bytes of struct ssvc_sqlite_options a caller of @p version has (an older caller's struct is
 * shorter): a new version adds a line. */
static size_t options_size(unsigned int version) {
  return version < 2 ? offsetof(ssvc_sqlite_options, read_only) : sizeof(ssvc_sqlite_options);
}

int ssvc_sqlite_options_init(ssvc_sqlite_options *options, unsigned int version) {
  if (!options) return SSVC_EINVAL;
  if (version == 0 || version > SSVC_SQLITE_OPTIONS_VERSION) return SSVC_EVERSION;
  memset(options, 0, options_size(version));
  options->version = version;
  return SSVC_OK;
}

/* "FUNC: PATH: WHAT", or "FUNC: PATH is ..." when WHAT is a predicate ("is damaged: ..."). */
static int fail_in(ssvc_ctx *ctx, const char *func, int code, const char *path,
                   const char *what) {
  char msg[512];
  snprintf(msg, sizeof msg, "%s: %s%s%s", func, path, strncmp(what, "is ", 3) ? ": " : " ", what);
  return ssvc_storage_set_error(ctx, code, msg);
}

static int fail(ssvc_ctx *ctx, int code, const char *path, const char *what) {
  return fail_in(ctx, "ssvc_sqlite_open", code, path, what);
}

/* fail() with the user's words for SQLite's @p rc. */
static int fail_rc(ssvc_ctx *ctx, sq *s, const char *path, int rc) {
  const char *w = plain_words(s->db, rc, s->read_only);
  return fail(ctx, code_of(rc), path, w ? w : sqlite3_errmsg(s->db));
}

/* The schema version of the open database in *version (0: no schema table) and whether it has
 * tables at all in *tables. An SQLite status. */
static int schema_version(sq *s, int *version, int *rows, int *tables) {
  sqlite3_stmt *q = NULL;
  *version = 0;
  *rows = 0;
  *tables = 0;
  int rc = sqlite3_prepare_v2(s->db, "SELECT count(*), sum(name = 'ssvc_schema') FROM sqlite_master",
                              -1, &q, NULL);
  int has_schema = 0;
  if (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
    *tables = sqlite3_column_int(q, 0);
    has_schema = sqlite3_column_int(q, 1);
    rc = SQLITE_OK;
  }
  sqlite3_finalize(q);
  if (rc != SQLITE_OK || !has_schema) return rc;
  rc = sqlite3_prepare_v2(s->db, "SELECT version FROM ssvc_schema", -1, &q, NULL);
  int r = SQLITE_DONE;
  while (rc == SQLITE_OK && (r = sqlite3_step(q)) == SQLITE_ROW) {
    *version = sqlite3_column_int(q, 0);
    (*rows)++;
  }
  if (rc == SQLITE_OK && r != SQLITE_DONE) rc = r;
  sqlite3_finalize(q);
  return rc;
}

/* Says what is wrong with schema @p version (@p rows rows, @p tables tables) for this library,
 * or SSVC_OK. Read-only, a database without the schema table is another program's, and one that
 * needs migration is an error; for writing, both are migrated (the library's tables may live in
 * an application's own database). */
static int schema_verdict(ssvc_ctx *ctx, const char *path, int version, int rows, int tables,
                          int read_only) {
  char what[200];
  if (read_only && rows == 0 && tables > 0)
    return fail(ctx, SSVC_ESTORAGE, path,
                "is not a smartservice database (it has no ssvc_schema table)");
  if (rows > 1 || version < 0)
    return fail(ctx, SSVC_ESTORAGE, path, "is damaged: run smartservice check (ssvc_schema)");
  if (version > SSVC_SQLITE_SCHEMA_VERSION) {
    snprintf(what, sizeof what,
             "the database has schema version %d, newer than this library knows (%d)", version,
             SSVC_SQLITE_SCHEMA_VERSION);
    return fail(ctx, SSVC_EVERSION, path, what);
  }
  if (read_only && version < SSVC_SQLITE_SCHEMA_VERSION) {
    snprintf(what, sizeof what,
             "the database has schema version %d and needs migration to version %d: open it "
             "for writing once (any command that changes it)",
             version, SSVC_SQLITE_SCHEMA_VERSION);
    return fail(ctx, SSVC_EVERSION, path, what);
  }
  return SSVC_OK;
}

/* Creates or migrates the schema inside one write transaction. */
static int migrate(ssvc_ctx *ctx, sq *s, const char *path) {
  sqlite3 *db = s->db;
  char *err = NULL;
  int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (rc != SQLITE_OK) return fail_rc(ctx, s, path, rc);
  int version, rows, tables, code = SSVC_OK;
  char what[200];
  rc = schema_version(s, &version, &rows, &tables);
  if (rc != SQLITE_OK) code = fail_rc(ctx, s, path, rc);
  else code = schema_verdict(ctx, path, version, rows, tables, 0);
  if (code == SSVC_OK && rows == 0) {
    rc = sqlite3_exec(db, "CREATE TABLE ssvc_schema (version INTEGER NOT NULL)", NULL, NULL, NULL);
    if (rc != SQLITE_OK) code = fail_rc(ctx, s, path, rc);
  }
  for (int v = version; code == SSVC_OK && v < SSVC_SQLITE_SCHEMA_VERSION; v++) {
    rc = sqlite3_exec(db, migrations[v], NULL, NULL, &err);
    if (rc != SQLITE_OK) {
      const char *w = plain_words(db, rc, 0);
      snprintf(what, sizeof what, "migration to schema version %d failed: %s", v + 1,
               w ? w : err ? err : sqlite3_errmsg(db));
      code = fail(ctx, code_of(rc), path, what);
      sqlite3_free(err);
      err = NULL;
    }
  }
  if (code == SSVC_OK && version < SSVC_SQLITE_SCHEMA_VERSION) {
    char stmt[128];
    snprintf(stmt, sizeof stmt, "DELETE FROM ssvc_schema; INSERT INTO ssvc_schema VALUES (%d);",
             SSVC_SQLITE_SCHEMA_VERSION);
    rc = sqlite3_exec(db, stmt, NULL, NULL, NULL);
    if (rc != SQLITE_OK) code = fail_rc(ctx, s, path, rc);
  }
  if (code == SSVC_OK) {
    rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK) code = fail_rc(ctx, s, path, rc);
  }
  if (code && !sqlite3_get_autocommit(db)) sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
  return code;
}

/* "file:PATH?immutable=1" with the URI's special bytes of PATH escaped, or NULL (no memory). */
static char *immutable_uri(const char *path) {
  size_t n = strlen(path);
  char *u = malloc(3 * n + 32);
  if (!u) return NULL;
  char *o = u + sprintf(u, "file:");
  for (const unsigned char *p = (const unsigned char *)path; *p; p++)
    o += (*p == '%' || *p == '?' || *p == '#') ? sprintf(o, "%%%02X", *p) : sprintf(o, "%c", *p);
  strcpy(o, "?immutable=1");
  return u;
}

/* Opens the file read-only and checks its schema; nothing is written, no lock is taken. A WAL
 * database in a directory where its -shm file cannot be made (a read-only directory, no other
 * process using it) is opened as immutable: nobody can be writing it then. */
static int open_read_only(ssvc_ctx *ctx, sq *s, const char *path, int timeout) {
  int version = 0, rows = 0, tables = 0;
  int rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READONLY, NULL);
  if (rc == SQLITE_OK) {
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, timeout);
    rc = schema_version(s, &version, &rows, &tables);
  }
  if ((rc & 0xFF) == SQLITE_CANTOPEN || (rc & 0xFF) == SQLITE_READONLY) {
    sqlite3_close(s->db);
    s->db = NULL;
    char *uri = immutable_uri(path);
    if (!uri) return fail(ctx, SSVC_ENOMEM, path, "out of memory");
    rc = sqlite3_open_v2(uri, &s->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
    free(uri);
    if (rc == SQLITE_OK) {
      sqlite3_extended_result_codes(s->db, 1);
      rc = schema_version(s, &version, &rows, &tables);
    }
  }
  if (!s->db) return fail(ctx, SSVC_ENOMEM, path, "out of memory");
  if (rc != SQLITE_OK) return fail_rc(ctx, s, path, rc);
  if (rows == 0 && tables == 0)
    return fail(ctx, SSVC_EVERSION, path,
                "the database has no schema yet and needs migration: open it for writing once "
                "(any command that changes it)");
  return schema_verdict(ctx, path, version, rows, tables, 1);
}

int ssvc_sqlite_backend(ssvc_ctx *ctx, ssvc_storage_backend *backend, const char *path,
                        const ssvc_sqlite_options *options) {
  if (!ctx) return SSVC_EINVAL;
  if (!backend)
    return ssvc_storage_set_error(ctx, SSVC_EINVAL, "ssvc_sqlite_open: backend must not be NULL");
  if (!path || !*path)
    return ssvc_storage_set_error(ctx, SSVC_EINVAL, "ssvc_sqlite_open: path must be given");
  ssvc_sqlite_options o = SSVC_SQLITE_OPTIONS_INIT;
  if (options) {
    if (options->version == 0 || options->version > SSVC_SQLITE_OPTIONS_VERSION)
      return ssvc_storage_set_error(ctx, SSVC_EVERSION,
                                    "ssvc_sqlite_open: options->version is not supported");
  }
  if (options) memcpy(&o, options, options_size(options->version)); /* the rest: defaults */
  if (o.busy_timeout_ms < 0)
    return ssvc_storage_set_error(ctx, SSVC_EINVAL,
                                  "ssvc_sqlite_open: options->busy_timeout_ms must not be "
                                  "negative");
  if (o.sync != SSVC_SQLITE_SYNC_FULL && o.sync != SSVC_SQLITE_SYNC_NORMAL)
    return ssvc_storage_set_error(ctx, SSVC_EINVAL,
                                  "ssvc_sqlite_open: options->sync is not a ssvc_sqlite_sync");
  struct stat sb;
  if ((o.must_exist || o.read_only) && stat(path, &sb) != 0)
    return fail(ctx, SSVC_ENOTFOUND, path, "no such file");
  sq *s = calloc(1, sizeof *s);
  if (!s) return ssvc_storage_set_error(ctx, SSVC_ENOMEM, "ssvc_sqlite_open: out of memory");
  s->read_only = o.read_only != 0;
  int timeout = o.busy_timeout_ms ? o.busy_timeout_ms : 10000, rc, code = SSVC_OK;
  if (s->read_only) {
    if ((code = open_read_only(ctx, s, path, timeout))) goto bad;
    goto prepare;
  }
  rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK) {
    code = s->db ? fail_rc(ctx, s, path, rc) : fail(ctx, SSVC_ENOMEM, path, "out of memory");
    goto bad;
  }
  sqlite3_extended_result_codes(s->db, 1);
  sqlite3_busy_timeout(s->db, timeout);
  /* WAL: readers never block the writer, and a commit is one append to the log. */
  /* Switching to WAL needs a moment without other connections; the busy handler is not called
   * for it, so retry within the busy timeout (another process usually switched it already). */
  int waited = 0, wal = 0;
  sqlite3_stmt *q = NULL;
  for (;;) {
    rc = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &q, NULL);
    if (rc == SQLITE_OK) rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
      const char *mode = (const char *)sqlite3_column_text(q, 0);
      wal = mode && strcmp(mode, "wal") == 0;
    }
    if (wal || ((rc & 0xFF) != SQLITE_BUSY && (rc & 0xFF) != SQLITE_LOCKED) || waited >= timeout)
      break;
    sqlite3_finalize(q);
    q = NULL;
    sqlite3_sleep(5);
    waited += 5;
  }
  if (!wal) {
    /* The pragma is the first read of the file: its failure is usually the file's (not a
     * database, damaged, locked, read-only), told in the user's words. */
    sqlite3_finalize(q);
    if (rc == SQLITE_ROW || rc == SQLITE_OK)
      code = fail(ctx, SSVC_ESTORAGE, path, "cannot switch the database to WAL mode");
    else code = fail_rc(ctx, s, path, rc);
    goto bad;
  }
  sqlite3_finalize(q);
  rc = sqlite3_exec(s->db,
                    o.sync == SSVC_SQLITE_SYNC_FULL ? "PRAGMA synchronous = FULL"
                                                    : "PRAGMA synchronous = NORMAL",
                    NULL, NULL, NULL);
  if (rc != SQLITE_OK) {
    code = fail_rc(ctx, s, path, rc);
    goto bad;
  }
  /* The right to erasure (doc/erasure.md): deleted and overwritten content is zeroed in the file,
   * so that an erased user's data is not left in free space; sq_scrub() then empties the WAL. */
  rc = sqlite3_exec(s->db, "PRAGMA secure_delete = ON", NULL, NULL, NULL);
  if (rc != SQLITE_OK) {
    code = fail_rc(ctx, s, path, rc);
    goto bad;
  }
  if ((code = migrate(ctx, s, path))) goto bad;
prepare:
  for (int i = 0; i < Q_COUNT; i++) {
    rc = sqlite3_prepare_v3(s->db, sql[i], -1, SQLITE_PREPARE_PERSISTENT, &s->st[i], NULL);
    if (rc == SQLITE_ERROR) { /* the schema table says version 1, but the kv table is not ours */
      char what[300];
      snprintf(what, sizeof what, "is damaged: run smartservice check (the kv table: %s)",
               sqlite3_errmsg(s->db));
      code = fail(ctx, SSVC_ESTORAGE, path, what);
      goto bad;
    }
    if (rc != SQLITE_OK) {
      code = fail_rc(ctx, s, path, rc);
      goto bad;
    }
  }
  ssvc_storage_backend b = SSVC_STORAGE_BACKEND_INIT;
  b.user_data = s;
  b.get = sq_get;
  b.put = sq_put;
  b.del = sq_del;
  b.scan = sq_scan;
  b.begin = sq_begin;
  b.commit = sq_commit;
  b.rollback = sq_rollback;
  b.close = sq_close;
  b.errmsg = sq_errmsg;
  b.scrub = s->read_only ? NULL : sq_scrub;
  b.check = sq_check;
  *backend = b;
  return SSVC_OK;
bad:
  sq_close(s);
  return code;
}

static const char *const sync_names[] = {"full", "normal"};

const char *ssvc_sqlite_sync_name(int sync) {
  return sync >= SSVC_SQLITE_SYNC_FULL && sync <= SSVC_SQLITE_SYNC_NORMAL ? sync_names[sync] : NULL;
}

/* This library cannot reach the core's name lookup (it is private to libsmartservice), so the
 * two-entry table is searched here with the same messages. */
int ssvc_sqlite_sync_from_name(ssvc_ctx *ctx, int *out, const char *name) {
  if (!out)
    return ssvc_storage_set_error(ctx, SSVC_EINVAL, "ssvc_sqlite_sync_from_name: out must not be NULL");
  if (!name)
    return ssvc_storage_set_error(ctx, SSVC_EINVAL,
                                  "ssvc_sqlite_sync_from_name: name must not be NULL");
  for (int i = SSVC_SQLITE_SYNC_FULL; i <= SSVC_SQLITE_SYNC_NORMAL; i++)
    if (strcmp(sync_names[i], name) == 0) {
      *out = i;
      return SSVC_OK;
    }
  char msg[160];
  snprintf(msg, sizeof msg, "ssvc_sqlite_sync_from_name: unknown sync setting '%.64s'", name);
  return ssvc_storage_set_error(ctx, SSVC_ENOTFOUND, msg);
}

int ssvc_sqlite_open(ssvc_ctx *ctx, ssvc_store **out, const char *path,
                     const ssvc_sqlite_options *options) {
  if (out) *out = NULL;
  if (!ctx) return SSVC_EINVAL;
  if (!out) return ssvc_storage_set_error(ctx, SSVC_EINVAL, "ssvc_sqlite_open: out must not be NULL");
  ssvc_storage_backend b;
  int rc = ssvc_sqlite_backend(ctx, &b, path, options);
  if (rc) return rc;
  rc = ssvc_store_open(ctx, out, &b);
  if (rc) sq_close(b.user_data);
  return rc;
}

int ssvc_sqlite_backup(ssvc_ctx *ctx, const char *path, const char *dest,
                       const ssvc_sqlite_options *options) {
  static const char func[] = "ssvc_sqlite_backup";
  if (!ctx) return SSVC_EINVAL;
  if (!path || !*path)
    return ssvc_storage_set_error(ctx, SSVC_EINVAL, "ssvc_sqlite_backup: path must be given");
  if (!dest || !*dest)
    return ssvc_storage_set_error(ctx, SSVC_EINVAL, "ssvc_sqlite_backup: dest must be given");
  ssvc_sqlite_options o = SSVC_SQLITE_OPTIONS_INIT;
  if (options) {
    if (options->version == 0 || options->version > SSVC_SQLITE_OPTIONS_VERSION)
      return ssvc_storage_set_error(ctx, SSVC_EVERSION,
                                    "ssvc_sqlite_backup: options->version is not supported");
    o.busy_timeout_ms = options->busy_timeout_ms;
  }
  o.read_only = 1;
  struct stat sb;
  if (stat(dest, &sb) == 0) return fail_in(ctx, func, SSVC_EEXISTS, dest, "already exists");
  ssvc_storage_backend be;
  int code = ssvc_sqlite_backend(ctx, &be, path, &o);
  if (code) return code;
  sq *src = be.user_data;
  sqlite3 *out = NULL;
  int rc = sqlite3_open_v2(dest, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc == SQLITE_OK) {
    sqlite3_extended_result_codes(out, 1);
    /* One step copies every page under one read transaction of the source: a snapshot of what
     * was committed when it began, while other connections go on writing (WAL). */
    sqlite3_backup *b = sqlite3_backup_init(out, "main", src->db, "main");
    if (!b) rc = sqlite3_extended_errcode(out);
    else {
      int r = sqlite3_backup_step(b, -1);
      rc = sqlite3_backup_finish(b);
      if (r != SQLITE_DONE) rc = r;
    }
  }
  if (rc != SQLITE_OK) {
    const char *w = plain_words(out, rc, 0);
    char what[300];
    snprintf(what, sizeof what, "%s", w ? w : out ? sqlite3_errmsg(out) : "out of memory");
    code = fail_in(ctx, func, code_of(rc), dest, what);
  }
  if (out && sqlite3_close(out) != SQLITE_OK && code == SSVC_OK)
    code = fail_in(ctx, func, SSVC_ESTORAGE, dest, "cannot close the copy");
  sq_close(src);
  if (code) {
    unlink(dest); /* no half copy is left to be mistaken for a backup */
    char side[4096];
    snprintf(side, sizeof side, "%s-journal", dest);
    unlink(side);
  }
  return code;
}
