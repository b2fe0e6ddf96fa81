/**
 * @file smartservice/pg.h
 * @brief The PostgreSQL storage backend: libsmartservice-pg, several nodes on one database.
 *
 * Link with -lsmartservice-pg -lsmartservice (pkg-config smartservice-pg, or CMake target
 * smartservice::smartservice-pg). It talks to the server with libpq. Keys, values and versions
 * live in one table, kv(k bytea PRIMARY KEY, v bytea, ver bigint), beside a schema-version table;
 * the schema is created or migrated when a store is opened (doc/storage.md, "The PostgreSQL
 * backend").
 *
 * Write transactions run at READ COMMITTED: a read inside one locks the row it reads
 * (SELECT ... FOR UPDATE) until commit, and every write is a compare-and-set on the version
 * column (UPDATE ... WHERE k = $1 AND ver = $2, INSERT ... ON CONFLICT DO NOTHING), so two nodes
 * never lose an update and never both take the same record. A serialization failure or deadlock
 * (SQLSTATE 40001, 40P01) is reported as SSVC_ECONFLICT, which the library's operations retry on
 * fresh data a bounded number of times; a lock or statement timeout is SSVC_EBUSY.
 *
 * A broken connection (server restarted) is re-established at the start of the next transaction
 * or read; a transaction that was open when it broke fails with SSVC_ESTORAGE. When the connection
 * breaks during COMMIT the outcome is unknown to the client: the call fails with SSVC_ESTORAGE and
 * a message saying so, and the transaction may or may not have been committed (whole or not at
 * all, never half).
 *
 * Threads: a backend (one connection) is used by one thread at a time, like its store. The
 * backend allocates with libpq's and the C library's allocators, not the context's, and prints
 * nothing (server notices are dropped).
 */
#ifndef SMARTSERVICE_PG_H
#define SMARTSERVICE_PG_H

#include "storage.h"

SSVC_BEGIN_DECLS

/** The schema version this library creates and migrates databases to. */
#define SSVC_PG_SCHEMA_VERSION 1

/** Current version of struct ssvc_pg_options. */
#define SSVC_PG_OPTIONS_VERSION 1

/** Options for ssvc_pg_open(). Fields left zero take their defaults. */
typedef struct ssvc_pg_options {
  unsigned int version; /**< SSVC_PG_OPTIONS_VERSION. */
  /**
   * Milliseconds a statement waits for a row lock held by another connection before the call
   * fails with SSVC_EBUSY (PostgreSQL's lock_timeout); 0 for 10000, -1 to wait forever.
   */
  int lock_timeout_ms;
  /** Milliseconds a statement may run before it fails with SSVC_EBUSY (statement_timeout);
   * 0: no limit. */
  int statement_timeout_ms;
  /**
   * The PostgreSQL schema (namespace) that holds the tables, created when absent; several stores
   * can share one database in different schemas. NULL or "" for the connection's search_path
   * (normally "public"). Copied.
   */
  const char *schema;
} ssvc_pg_options;

/** Static initializer: version set, every option at its default. */
#define SSVC_PG_OPTIONS_INIT {SSVC_PG_OPTIONS_VERSION, 0, 0, NULL}

/** Zeroes @p options and sets its version (SSVC_EINVAL for NULL, SSVC_EVERSION). */
SSVC_API int ssvc_pg_options_init(ssvc_pg_options *options, unsigned int version);

/**
 * Connects to the server named by the libpq connection string @p conninfo ("host=... dbname=..."
 * or a "postgresql://user@host:port/db" URI) and fills @p backend with a backend over it, for
 * code that wraps backends. The schema is created or migrated first (several processes may open
 * one database at the same moment).
 * @param options  NULL for the defaults.
 * @return SSVC_OK; SSVC_EINVAL for NULL arguments, bad options or a malformed connection string;
 *         SSVC_EVERSION when the options version is unknown or the database's schema is newer
 *         than this library; SSVC_ESTORAGE when the server cannot be reached or refuses the
 *         connection (the message names host, port, database and user, never the password);
 *         SSVC_EBUSY; SSVC_ENOMEM.
 */
SSVC_API int ssvc_pg_backend(ssvc_ctx *ctx, ssvc_storage_backend *backend, const char *conninfo,
                             const ssvc_pg_options *options);

/** ssvc_pg_backend() and ssvc_store_open() in one call. Errors as ssvc_pg_backend(). */
SSVC_API int ssvc_pg_open(ssvc_ctx *ctx, ssvc_store **out, const char *conninfo,
                          const ssvc_pg_options *options);

/**
 * 1 when @p db looks like a PostgreSQL connection URI (it starts with "postgresql://" or
 * "postgres://"), else 0 (also for NULL). For tools that take either a file or a server.
 */
SSVC_API int ssvc_pg_is_uri(const char *db);

SSVC_END_DECLS

#endif /* SMARTSERVICE_PG_H */
