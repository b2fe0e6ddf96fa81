/* libsmartservice-pg: the PostgreSQL storage backend (doc/storage.md, "The PostgreSQL backend").
 * It uses only the public API of libsmartservice and libpq. Every statement is prepared once per
 * connection and sent with binary parameters and binary results. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "smartservice/pg.h"

/* Schema migrations: entry i takes a database from version i to i + 1. Never edit a released
 * entry; add a new one and raise SSVC_PG_SCHEMA_VERSION. */
static const char *const migrations[SSVC_PG_SCHEMA_VERSION] = {
    "CREATE TABLE kv (k bytea PRIMARY KEY, v bytea NOT NULL, ver bigint NOT NULL)",
};

/* Serializes schema creation and migration between connections (pg_advisory_xact_lock key:
 * "SSVC" and 1). */
#define MIGRATION_LOCK "1397970499000000001"

/* Rows fetched per scan statement; a longer scan continues after the last key it got. */
#define SCAN_BATCH 512

enum {
  Q_GET, Q_GET_LOCK, Q_INSERT_NEW, Q_UPSERT, Q_UPDATE, Q_DELETE_ANY, Q_DELETE_VER, Q_EXISTS,
  Q_SCAN, Q_SCAN_OPEN, Q_SCAN_NEXT, Q_SCAN_NEXT_OPEN, Q_COUNT
};

static const char *const sql[Q_COUNT] = {
    "SELECT v, ver FROM kv WHERE k = $1",
    "SELECT v, ver FROM kv WHERE k = $1 FOR UPDATE",
    "INSERT INTO kv (k, v, ver) VALUES ($1, $2, 1) ON CONFLICT (k) DO NOTHING",
    "INSERT INTO kv (k, v, ver) VALUES ($1, $2, 1)"
    " ON CONFLICT (k) DO UPDATE SET v = excluded.v, ver = kv.ver + 1 RETURNING ver",
    "UPDATE kv SET v = $2, ver = ver + 1 WHERE k = $1 AND ver = $3",
    "DELETE FROM kv WHERE k = $1",
    "DELETE FROM kv WHERE k = $1 AND ver = $2",
    "SELECT 1 FROM kv WHERE k = $1",
    "SELECT k, v, ver FROM kv WHERE k >= $1 AND k < $2 ORDER BY k LIMIT 512",
    "SELECT k, v, ver FROM kv WHERE k >= $1 ORDER BY k LIMIT 512",
    "SELECT k, v, ver FROM kv WHERE k > $1 AND k < $2 ORDER BY k LIMIT 512",
    "SELECT k, v, ver FROM kv WHERE k > $1 ORDER BY k LIMIT 512",
};

typedef struct pgb {
  PGconn *conn;
  char *setup;        /* the session's SET statements, run after every (re)connect */
  char target[256];   /* host, port, database and user: for messages (never the password) */
  int in_txn;         /* 0, or 1 + the begin flags */
  int txn_failed;     /* a statement of the open transaction failed: it is aborted */
  int txn_code;       /* the status of that failure */
  int ready;          /* the session settings and prepared statements are in place */
  PGresult *got;      /* the result that get's value points into, until the next get */
  char msg[512];
} pgb;

/* ---- errors ---- */

/* libpq's accessors take a NULL result: PQresultStatus() gives PGRES_FATAL_ERROR,
 * PQresultErrorField() NULL, PQntuples() 0, PQclear() nothing. So the NULL that PQexec*() returns
 * when it runs out of memory is not tested apart: it fails the status check like a server error,
 * and result_fail() reports it as SSVC_ENOMEM. */

static int sqlstate_code(const char *state) {
  if (!state) return SSVC_ESTORAGE;
  if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0) return SSVC_ECONFLICT;
  if (strcmp(state, "55P03") == 0 || strcmp(state, "57014") == 0) return SSVC_EBUSY;
  if (strcmp(state, "53200") == 0) return SSVC_ENOMEM;
  return SSVC_ESTORAGE;
}

/* libpq's messages span lines ("...refused\n\tIs the server running...?\n"): one line, no
 * trailing blanks. */
static void one_line(char *s) {
  char *w = s;
  for (const char *r = s; *r; r++) {
    char c = *r == '\n' || *r == '\t' ? ' ' : *r;
    if (c == ' ' && (w == s || w[-1] == ' ')) continue;
    *w++ = c;
  }
  while (w > s && w[-1] == ' ') w--;
  *w = 0;
}

/* Sets the message: @p prefix and a libpq message. */
static void set_msg(pgb *p, const char *prefix, const char *m) {
  snprintf(p->msg, sizeof p->msg, "%s%s", prefix, m && *m ? m : "unknown error");
  one_line(p->msg);
}

/* The status of a failed result (or of a NULL result: the connection), with the message. */
static int result_fail(pgb *p, PGresult *r) {
  if (PQstatus(p->conn) != CONNECTION_OK) {
    char pre[300];
    snprintf(pre, sizeof pre, "connection to %s lost: ", p->target);
    set_msg(p, pre, PQerrorMessage(p->conn));
    return SSVC_ESTORAGE;
  }
  const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
  const char *m = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
  set_msg(p, "", m ? m : PQerrorMessage(p->conn));
  if (state) {
    size_t n = strlen(p->msg);
    snprintf(p->msg + n, sizeof p->msg - n, " (SQLSTATE %s)", state);
  }
  return r ? sqlstate_code(state) : SSVC_ENOMEM;
}

/* A statement inside a transaction failed: PostgreSQL has aborted the transaction. */
static int txn_fail(pgb *p, int code) {
  if (p->in_txn && !p->txn_failed) {
    p->txn_failed = 1;
    p->txn_code = code;
  }
  return code;
}

static int aborted(pgb *p) {
  snprintf(p->msg, sizeof p->msg,
           "the transaction was aborted by an earlier error; it must be rolled back");
  return p->txn_code ? p->txn_code : SSVC_ESTORAGE;
}

/* ---- the connection ---- */

/* Runs the session settings and prepares every statement on a fresh connection. */
static int session_setup(pgb *p) {
  PGresult *r = PQexec(p->conn, p->setup);
  int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  int rc = ok ? SSVC_OK : result_fail(p, r);
  PQclear(r);
  for (int i = 0; rc == SSVC_OK && i < Q_COUNT; i++) {
    char name[8];
    snprintf(name, sizeof name, "q%d", i);
    r = PQprepare(p->conn, name, sql[i], 0, NULL);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) rc = result_fail(p, r);
    PQclear(r);
  }
  return rc;
}

/* Outside a transaction: re-establishes a broken connection (the server was restarted). */
static int ensure_connected(pgb *p) {
  if (PQstatus(p->conn) == CONNECTION_OK && p->ready) return SSVC_OK;
  p->ready = 0; /* a setup cut short: start over on a new connection */
  PQreset(p->conn);
  if (PQstatus(p->conn) != CONNECTION_OK) {
    char pre[300];
    snprintf(pre, sizeof pre, "cannot reach %s: ", p->target);
    set_msg(p, pre, PQerrorMessage(p->conn));
    return SSVC_ESTORAGE;
  }
  int rc = session_setup(p);
  p->ready = rc == SSVC_OK;
  return rc;
}

/* Sends prepared statement @p q with binary parameters; binary results. */
static PGresult *exec_q(pgb *p, int q, int n, const char *const *vals, const int *lens) {
  static const int fmts[3] = {1, 1, 1};
  char name[8];
  snprintf(name, sizeof name, "q%d", q);
  return PQexecPrepared(p->conn, name, n, vals, lens, fmts, 1);
}

/* A read outside a transaction after the connection broke is retried once on a new one. */
static int retryable(pgb *p, PGresult *r) {
  (void)r;
  return !p->in_txn && PQstatus(p->conn) != CONNECTION_OK && ensure_connected(p) == SSVC_OK;
}

static void be64(unsigned char *b, uint64_t v) {
  for (int i = 7; i >= 0; i--, v >>= 8) b[i] = (unsigned char)v;
}

static uint64_t rd64(const char *s) {
  const unsigned char *b = (const unsigned char *)s;
  uint64_t v = 0;
  for (int i = 0; i < 8; i++) v = v << 8 | b[i];
  return v;
}

/* The version column of row @p row, column @p col (binary int8). */
static int row_version(pgb *p, PGresult *r, int row, int col, uint64_t *out) {
  if (PQgetlength(r, row, col) != 8) {
    snprintf(p->msg, sizeof p->msg, "the ver column is not a bigint");
    return SSVC_ESTORAGE;
  }
  *out = rd64(PQgetvalue(r, row, col));
  return SSVC_OK;
}

/* libpq prints notices ("relation already exists, skipping") to stderr by default; a library
 * prints nothing. */
static void quiet(void *arg, const char *message) {
  (void)arg;
  (void)message;
}

/* ---- the callbacks ---- */

static int pg_get(void *ud, const void *key, size_t klen, const void **val, size_t *vlen,
                  uint64_t *ver) {
  pgb *p = ud;
  if (p->txn_failed) return aborted(p);
  if (!p->in_txn) {
    int rc = ensure_connected(p);
    if (rc) return rc;
  }
  PQclear(p->got);
  p->got = NULL;
  const char *vals[1] = {klen ? key : ""};
  int lens[1] = {(int)klen};
  /* In a write transaction the row stays locked until commit: what was read cannot change
   * before the transaction writes what it decided on it. */
  int q = p->in_txn == 1 + SSVC_STORAGE_TXN_WRITE ? Q_GET_LOCK : Q_GET;
  PGresult *r = exec_q(p, q, 1, vals, lens);
  if (PQresultStatus(r) != PGRES_TUPLES_OK && retryable(p, r)) {
    PQclear(r);
    r = exec_q(p, q, 1, vals, lens);
  }
  if (PQresultStatus(r) != PGRES_TUPLES_OK) {
    int rc = txn_fail(p, result_fail(p, r));
    PQclear(r);
    return rc;
  }
  if (PQntuples(r) == 0) {
    PQclear(r);
    return SSVC_ENOTFOUND;
  }
  int rc = row_version(p, r, 0, 1, ver);
  if (rc) {
    PQclear(r);
    return rc;
  }
  *val = PQgetvalue(r, 0, 0);
  *vlen = (size_t)PQgetlength(r, 0, 0);
  p->got = r;
  return SSVC_OK;
}

static int pg_put(void *ud, const void *key, size_t klen, const void *val, size_t vlen,
                  uint64_t expected, uint64_t *new_ver) {
  pgb *p = ud;
  if (p->txn_failed) return aborted(p);
  if (klen > INT32_MAX || vlen > INT32_MAX) {
    snprintf(p->msg, sizeof p->msg, "key or value longer than 2 GiB");
    return SSVC_ESTORAGE;
  }
  int q = expected == SSVC_STORAGE_NEW ? Q_INSERT_NEW
          : expected == SSVC_STORAGE_ANY ? Q_UPSERT
                                          : Q_UPDATE;
  unsigned char vb[8];
  be64(vb, expected);
  const char *vals[3] = {klen ? key : "", vlen ? val : "", (const char *)vb};
  int lens[3] = {(int)klen, (int)vlen, 8};
  PGresult *r = exec_q(p, q, q == Q_UPDATE ? 3 : 2, vals, lens);
  int want = q == Q_UPSERT ? PGRES_TUPLES_OK : PGRES_COMMAND_OK;
  int rc = SSVC_OK;
  uint64_t nv = expected == SSVC_STORAGE_NEW ? 1 : expected + 1;
  if ((int)PQresultStatus(r) != want) {
    rc = txn_fail(p, result_fail(p, r));
  } else if (q == Q_UPSERT) {
    rc = PQntuples(r) == 1 ? row_version(p, r, 0, 0, &nv) : SSVC_ESTORAGE;
  } else if (strcmp(PQcmdTuples(r), "0") == 0) {
    snprintf(p->msg, sizeof p->msg, "version conflict");
    rc = SSVC_ECONFLICT;
  }
  PQclear(r);
  if (rc == SSVC_OK && new_ver) *new_ver = nv;
  return rc;
}

static int pg_del(void *ud, const void *key, size_t klen, uint64_t expected) {
  pgb *p = ud;
  if (p->txn_failed) return aborted(p);
  int q = expected == SSVC_STORAGE_ANY ? Q_DELETE_ANY : Q_DELETE_VER;
  unsigned char vb[8];
  be64(vb, expected);
  const char *vals[2] = {klen ? key : "", (const char *)vb};
  int lens[2] = {(int)klen, 8};
  PGresult *r = exec_q(p, q, q == Q_DELETE_VER ? 2 : 1, vals, lens);
  if (PQresultStatus(r) != PGRES_COMMAND_OK) {
    int rc = txn_fail(p, result_fail(p, r));
    PQclear(r);
    return rc;
  }
  int deleted = strcmp(PQcmdTuples(r), "0") != 0;
  PQclear(r);
  if (deleted) return SSVC_OK;
  if (q == Q_DELETE_ANY) return SSVC_ENOTFOUND;
  r = exec_q(p, Q_EXISTS, 1, vals, lens); /* absent, or another version? */
  if (PQresultStatus(r) != PGRES_TUPLES_OK) {
    int rc = txn_fail(p, result_fail(p, r));
    PQclear(r);
    return rc;
  }
  int exists = PQntuples(r) > 0;
  PQclear(r);
  if (!exists) return SSVC_ENOTFOUND;
  snprintf(p->msg, sizeof p->msg, "version conflict");
  return SSVC_ECONFLICT;
}

static int simple(pgb *p, const char *stmt) {
  PGresult *r = PQexec(p->conn, stmt);
  ExecStatusType t = PQresultStatus(r);
  int rc = t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK ? SSVC_OK : result_fail(p, r);
  PQclear(r);
  return rc;
}

static int pg_scan(void *ud, const void *lo, size_t lo_len, const void *hi, size_t hi_len,
                   ssvc_storage_scan_fn fn, void *cb) {
  pgb *p = ud;
  if (p->txn_failed) return aborted(p);
  int own = 0, rc = SSVC_OK;
  if (!p->in_txn && (rc = ensure_connected(p))) return rc;
  const char *vals[2] = {lo && lo_len ? lo : "", hi && hi_len ? hi : ""};
  int lens[2] = {lo ? (int)lo_len : 0, hi ? (int)hi_len : 0};
  char *last = NULL; /* the last key delivered, where the next batch starts */
  for (int batch = 0;; batch++) {
    int q = batch == 0 ? (hi ? Q_SCAN : Q_SCAN_OPEN) : (hi ? Q_SCAN_NEXT : Q_SCAN_NEXT_OPEN);
    PGresult *r = exec_q(p, q, hi ? 2 : 1, vals, lens);
    if (batch == 0 && !p->in_txn && PQresultStatus(r) != PGRES_TUPLES_OK &&
        retryable(p, r)) {
      PQclear(r);
      r = exec_q(p, q, hi ? 2 : 1, vals, lens);
    }
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
      rc = own ? result_fail(p, r) : txn_fail(p, result_fail(p, r));
      PQclear(r);
      break;
    }
    int n = PQntuples(r);
    if (batch == 0 && n == SCAN_BATCH && !p->in_txn && !own) {
      /* More than one batch outside a transaction: read them all from one snapshot. */
      PQclear(r);
      if ((rc = simple(p, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"))) break;
      own = 1;
      batch = -1;
      continue;
    }
    int stop = 0;
    for (int i = 0; i < n && !stop; i++) {
      uint64_t ver;
      if ((rc = row_version(p, r, i, 2, &ver))) break;
      int c = fn(cb, PQgetvalue(r, i, 0), (size_t)PQgetlength(r, i, 0), PQgetvalue(r, i, 1),
                 (size_t)PQgetlength(r, i, 1), ver);
      if (c < 0) rc = c;
      if (c) stop = 1;
    }
    if (rc || stop || n < SCAN_BATCH) {
      PQclear(r);
      break;
    }
    size_t kn = (size_t)PQgetlength(r, n - 1, 0);
    char *nl = realloc(last, kn ? kn : 1);
    if (!nl) {
      PQclear(r);
      snprintf(p->msg, sizeof p->msg, "out of memory");
      rc = SSVC_ENOMEM;
      break;
    }
    last = nl;
    memcpy(last, PQgetvalue(r, n - 1, 0), kn);
    PQclear(r);
    vals[0] = last;
    lens[0] = (int)kn;
  }
  free(last);
  if (own) {
    PGresult *r = PQexec(p->conn, "COMMIT");
    PQclear(r);
  }
  return rc;
}

static int pg_begin(void *ud, unsigned int flags) {
  pgb *p = ud;
  if (p->in_txn) {
    snprintf(p->msg, sizeof p->msg, "a transaction is already open");
    return SSVC_ESTORAGE;
  }
  int rc = ensure_connected(p);
  if (rc) return rc;
  /* Write transactions: READ COMMITTED with row locks on what they read (see pg_get). Read
   * transactions: one snapshot. */
  const char *stmt = flags & SSVC_STORAGE_TXN_WRITE
                         ? "BEGIN ISOLATION LEVEL READ COMMITTED"
                         : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
  rc = simple(p, stmt);
  if (rc && PQstatus(p->conn) != CONNECTION_OK && ensure_connected(p) == SSVC_OK)
    rc = simple(p, stmt); /* nothing was sent in a transaction yet: safe to try again */
  if (rc) return rc;
  p->in_txn = 1 + (int)(flags & SSVC_STORAGE_TXN_WRITE);
  p->txn_failed = 0;
  p->txn_code = 0;
  return SSVC_OK;
}

static int pg_rollback(void *ud) {
  pgb *p = ud;
  if (p->in_txn && PQstatus(p->conn) == CONNECTION_OK &&
      PQtransactionStatus(p->conn) != PQTRANS_IDLE) {
    PGresult *r = PQexec(p->conn, "ROLLBACK");
    PQclear(r); /* a dead connection is rolled back by the server */
  }
  p->in_txn = 0;
  p->txn_failed = 0;
  return SSVC_OK;
}

static int pg_commit(void *ud) {
  pgb *p = ud;
  if (!p->in_txn) {
    snprintf(p->msg, sizeof p->msg, "no transaction is open");
    return SSVC_ESTORAGE;
  }
  if (p->txn_failed) {
    int rc = aborted(p);
    pg_rollback(p);
    return rc;
  }
  PGresult *r = PQexec(p->conn, "COMMIT");
  int rc = SSVC_OK;
  if (PQresultStatus(r) != PGRES_COMMAND_OK) {
    if (PQstatus(p->conn) != CONNECTION_OK) {
      char pre[400];
      snprintf(pre, sizeof pre,
               "connection to %s lost during COMMIT; the transaction may or may not have been "
               "committed: ", p->target);
      set_msg(p, pre, PQerrorMessage(p->conn));
      rc = SSVC_ESTORAGE;
    } else {
      rc = result_fail(p, r);
    }
  } else if (strcmp(PQcmdStatus(r), "COMMIT") != 0) {
    snprintf(p->msg, sizeof p->msg, "the server rolled the transaction back");
    rc = SSVC_ESTORAGE;
  }
  PQclear(r);
  p->in_txn = 0;
  if (rc) pg_rollback(p);
  return rc;
}

static void pg_close(void *ud) {
  pgb *p = ud;
  if (!p) return;
  PQclear(p->got);
  PQfinish(p->conn); /* an open transaction is rolled back by the server */
  free(p->setup);
  free(p);
}

static const char *pg_errmsg(void *ud) { return ((pgb *)ud)->msg; }

/* ---- opening ---- */

int ssvc_pg_options_init(ssvc_pg_options *options, unsigned int version) {
  if (!options) return SSVC_EINVAL;
  if (version == 0 || version > SSVC_PG_OPTIONS_VERSION) return SSVC_EVERSION;
  memset(options, 0, sizeof *options);
  options->version = version;
  return SSVC_OK;
}

int ssvc_pg_is_uri(const char *db) {
  return db && (strncmp(db, "postgresql://", 13) == 0 || strncmp(db, "postgres://", 11) == 0);
}

static int fail(ssvc_ctx *ctx, int code, const char *target, const char *what) {
  char msg[700];
  if (snprintf(msg, sizeof msg, "ssvc_pg_open: %s: %s", target, what) >= (int)sizeof msg)
    msg[sizeof msg - 1] = 0; /* cut: ssvc_storage_set_error keeps 511 bytes anyway */
  one_line(msg);
  return ssvc_storage_set_error(ctx, code, msg);
}

/* "host=H port=P dbname=D user=U" from a connection string: what messages name (never the
 * password). */
static void describe(PQconninfoOption *opts, char *out, size_t cap) {
  static const char *const keys[] = {"host", "hostaddr", "port", "dbname", "user"};
  size_t n = 0;
  out[0] = 0;
  for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
    for (PQconninfoOption *o = opts; o && o->keyword; o++)
      if (strcmp(o->keyword, keys[k]) == 0 && o->val && *o->val && n < cap)
        n += (size_t)snprintf(out + n, cap - n, "%s%s=%s", n ? " " : "", o->keyword, o->val);
  if (!out[0]) snprintf(out, cap, "the default PostgreSQL server");
}

/* Creates or migrates the schema in one transaction, serialized by an advisory lock. */
/* 1 when the one-row boolean @p query answers true, 0 when false, or a negative status. */
static int ask(pgb *p, const char *query) {
  PGresult *r = PQexec(p->conn, query);
  int rc = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1
               ? strcmp(PQgetvalue(r, 0, 0), "t") == 0
               : result_fail(p, r);
  PQclear(r);
  return rc;
}

static int migrate(ssvc_ctx *ctx, pgb *p, const char *schema_ident) {
  char what[600];
  int code = simple(p, "BEGIN ISOLATION LEVEL READ COMMITTED");
  if (!code) code = simple(p, "SELECT pg_advisory_xact_lock(" MIGRATION_LOCK ")");
  /* Create only what is missing, so that a role without CREATE rights can open a database that
   * is already set up. current_schema() is NULL while the schema named by search_path is absent. */
  int have = 0;
  if (!code && schema_ident && (have = ask(p, "SELECT current_schema() IS NOT NULL")) == 0) {
    char stmt[300];
    snprintf(stmt, sizeof stmt, "CREATE SCHEMA %s", schema_ident);
    code = simple(p, stmt);
  } else if (have < 0) {
    code = have;
  }
  if (!code && (have = ask(p, "SELECT to_regclass('ssvc_schema') IS NOT NULL")) == 0)
    code = simple(p, "CREATE TABLE ssvc_schema (version integer NOT NULL)");
  else if (!code && have < 0)
    code = have;
  if (code) {
    fail(ctx, code, p->target, p->msg);
    goto out;
  }
  PGresult *r = PQexec(p->conn, "SELECT version FROM ssvc_schema");
  int version = 0, rows = 0;
  if (PQresultStatus(r) != PGRES_TUPLES_OK) {
    code = fail(ctx, result_fail(p, r), p->target, p->msg);
    PQclear(r);
    goto out;
  }
  rows = PQntuples(r);
  if (rows == 1) version = atoi(PQgetvalue(r, 0, 0));
  PQclear(r);
  if (rows > 1 || version < 0) {
    code = fail(ctx, SSVC_ESTORAGE, p->target, "the ssvc_schema table is damaged");
  } else if (version > SSVC_PG_SCHEMA_VERSION) {
    snprintf(what, sizeof what,
             "the database has schema version %d, newer than this library knows (%d)", version,
             SSVC_PG_SCHEMA_VERSION);
    code = fail(ctx, SSVC_EVERSION, p->target, what);
  }
  for (int v = version; code == SSVC_OK && v < SSVC_PG_SCHEMA_VERSION; v++) {
    if ((code = simple(p, migrations[v]))) {
      char m[sizeof p->msg];
      memcpy(m, p->msg, sizeof m);
      snprintf(what, sizeof what, "migration to schema version %d failed: %s", v + 1, m);
      fail(ctx, code, p->target, what);
    }
  }
  if (code == SSVC_OK && version < SSVC_PG_SCHEMA_VERSION) {
    char stmt[128];
    snprintf(stmt, sizeof stmt, "DELETE FROM ssvc_schema; INSERT INTO ssvc_schema VALUES (%d)",
             SSVC_PG_SCHEMA_VERSION);
    if ((code = simple(p, stmt))) fail(ctx, code, p->target, p->msg);
  }
  if (code == SSVC_OK && (code = simple(p, "COMMIT"))) fail(ctx, code, p->target, p->msg);
out:
  if (code && PQtransactionStatus(p->conn) != PQTRANS_IDLE) PQclear(PQexec(p->conn, "ROLLBACK"));
  return code;
}

int ssvc_pg_backend(ssvc_ctx *ctx, ssvc_storage_backend *backend, const char *conninfo,
                    const ssvc_pg_options *options) {
  if (!ctx) return SSVC_EINVAL;
  if (!backend)
    return ssvc_storage_set_error(ctx, SSVC_EINVAL, "ssvc_pg_open: backend must not be NULL");
  if (!conninfo)
    return ssvc_storage_set_error(ctx, SSVC_EINVAL, "ssvc_pg_open: conninfo must not be NULL");
  ssvc_pg_options o = SSVC_PG_OPTIONS_INIT;
  if (options) {
    if (options->version == 0 || options->version > SSVC_PG_OPTIONS_VERSION)
      return ssvc_storage_set_error(ctx, SSVC_EVERSION,
                                    "ssvc_pg_open: options->version is not supported");
    o = *options;
  }
  if (o.lock_timeout_ms < -1)
    return ssvc_storage_set_error(ctx, SSVC_EINVAL,
                                  "ssvc_pg_open: options->lock_timeout_ms must be -1 or more");
  if (o.statement_timeout_ms < 0)
    return ssvc_storage_set_error(ctx, SSVC_EINVAL,
                                  "ssvc_pg_open: options->statement_timeout_ms must not be "
                                  "negative");
  if (o.schema && strlen(o.schema) > 63)
    return ssvc_storage_set_error(ctx, SSVC_EINVAL,
                                  "ssvc_pg_open: options->schema is longer than 63 bytes");
  char *err = NULL;
  PQconninfoOption *opts = PQconninfoParse(conninfo, &err);
  if (!opts) {
    char what[400];
    snprintf(what, sizeof what, "ssvc_pg_open: conninfo is not a connection string: %s",
             err ? err : "out of memory");
    one_line(what);
    PQfreemem(err);
    return ssvc_storage_set_error(ctx, err ? SSVC_EINVAL : SSVC_ENOMEM, what);
  }
  pgb *p = calloc(1, sizeof *p);
  if (!p) {
    PQconninfoFree(opts);
    return ssvc_storage_set_error(ctx, SSVC_ENOMEM, "ssvc_pg_open: out of memory");
  }
  describe(opts, p->target, sizeof p->target);
  PQconninfoFree(opts);
  int code = SSVC_OK;
  p->conn = PQconnectdb(conninfo);
  if (!p->conn) {
    code = ssvc_storage_set_error(ctx, SSVC_ENOMEM, "ssvc_pg_open: out of memory");
    goto bad;
  }
  PQsetNoticeProcessor(p->conn, quiet, NULL); /* kept by PQreset */
  if (PQstatus(p->conn) != CONNECTION_OK) {
    char what[600];
    snprintf(what, sizeof what, "cannot connect: %s", PQerrorMessage(p->conn));
    code = fail(ctx, SSVC_ESTORAGE, p->target, what);
    goto bad;
  }
  /* The session: search_path, timeouts. Run again after every reconnect. */
  char *ident = NULL;
  if (o.schema && *o.schema) {
    ident = PQescapeIdentifier(p->conn, o.schema, strlen(o.schema));
    if (!ident) {
      code = fail(ctx, SSVC_EINVAL, p->target, "options->schema cannot be quoted");
      goto bad;
    }
  }
  int lock_ms = o.lock_timeout_ms == 0 ? 10000 : o.lock_timeout_ms < 0 ? 0 : o.lock_timeout_ms;
  size_t cap = 200 + (ident ? strlen(ident) : 0);
  p->setup = malloc(cap);
  if (!p->setup) {
    PQfreemem(ident);
    code = ssvc_storage_set_error(ctx, SSVC_ENOMEM, "ssvc_pg_open: out of memory");
    goto bad;
  }
  snprintf(p->setup, cap, "SET lock_timeout = %d; SET statement_timeout = %d%s%s", lock_ms,
           o.statement_timeout_ms, ident ? "; SET search_path TO " : "", ident ? ident : "");
  PGresult *r = PQexec(p->conn, p->setup);
  int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  if (!ok) code = fail(ctx, result_fail(p, r), p->target, p->msg);
  PQclear(r);
  if (!code) code = migrate(ctx, p, ident);
  PQfreemem(ident);
  if (code) goto bad;
  if ((code = session_setup(p))) {
    fail(ctx, code, p->target, p->msg);
    goto bad;
  }
  p->ready = 1;
  ssvc_storage_backend b = SSVC_STORAGE_BACKEND_INIT;
  b.user_data = p;
  b.get = pg_get;
  b.put = pg_put;
  b.del = pg_del;
  b.scan = pg_scan;
  b.begin = pg_begin;
  b.commit = pg_commit;
  b.rollback = pg_rollback;
  b.close = pg_close;
  b.errmsg = pg_errmsg;
  *backend = b;
  return SSVC_OK;
bad:
  pg_close(p);
  return code;
}

int ssvc_pg_open(ssvc_ctx *ctx, ssvc_store **out, const char *conninfo,
                 const ssvc_pg_options *options) {
  if (out) *out = NULL;
  if (!ctx) return SSVC_EINVAL;
  if (!out) return ssvc_storage_set_error(ctx, SSVC_EINVAL, "ssvc_pg_open: out must not be NULL");
  ssvc_storage_backend b;
  int rc = ssvc_pg_backend(ctx, &b, conninfo, options);
  if (rc) return rc;
  rc = ssvc_store_open(ctx, out, &b);
  if (rc) pg_close(b.user_data);
  return rc;
}
