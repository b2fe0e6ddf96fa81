/**
 * @file smartservice/sqlite.h
 * @brief The SQLite storage backend: libsmartservice-sqlite, the embedded default.
 *
 * Link with -lsmartservice-sqlite -lsmartservice (pkg-config smartservice-sqlite, or CMake target
 * smartservice::smartservice-sqlite). The database is one file in WAL mode, shared safely by
 * several processes: writers take the write lock at the start of each transaction
 * (BEGIN IMMEDIATE) and wait up to the busy timeout for it. A commit is durable when it returns
 * (synchronous=FULL by default). The schema is versioned and migrated when opened for writing
 * (doc/storage.md); a read-only open (ssvc_sqlite_options.read_only) neither migrates nor locks. The backend allocates with SQLite's and the C library's allocators, not the
 * context's.
 */
#ifndef SMARTSERVICE_SQLITE_H
#define SMARTSERVICE_SQLITE_H

#include "storage.h"

SSVC_BEGIN_DECLS

/** The schema version this library creates and migrates databases to. */
#define SSVC_SQLITE_SCHEMA_VERSION 1

/** Current version of struct ssvc_sqlite_options: 2 added @c read_only. */
#define SSVC_SQLITE_OPTIONS_VERSION 2

/** Durability of a commit (the SQLite synchronous setting in WAL mode). */
typedef enum ssvc_sqlite_sync {
  /** synchronous=FULL: a returned commit survives a power failure. The default. */
  SSVC_SQLITE_SYNC_FULL = 0,
  /** synchronous=NORMAL: survives a crash of the process, but the last commits may be lost on
   * a power failure (never corrupted). Faster. */
  SSVC_SQLITE_SYNC_NORMAL = 1
} ssvc_sqlite_sync;

/** The stable name of a durability setting ("full", "normal"); NULL when unknown. Static. */
SSVC_API const char *ssvc_sqlite_sync_name(int sync);
/** The durability setting named @p name (as ssvc_sqlite_sync_name() gives it), in @p out.
 *  SSVC_EINVAL for a NULL @p out or @p name, SSVC_ENOTFOUND ("unknown sync setting '...'") for
 *  another name. @p ctx may be NULL. */
SSVC_API int ssvc_sqlite_sync_from_name(ssvc_ctx *ctx, int *out, const char *name);

/** Options for ssvc_sqlite_open(). Fields left zero take their defaults. */
typedef struct ssvc_sqlite_options {
  unsigned int version; /**< SSVC_SQLITE_OPTIONS_VERSION. */
  /** Milliseconds to wait for another process's lock before SSVC_EBUSY; 0 for 10000. */
  int busy_timeout_ms;
  int sync;             /**< ssvc_sqlite_sync; default SSVC_SQLITE_SYNC_FULL. */
  /** 1: fail with SSVC_ENOTFOUND instead of creating a missing database file. */
  int must_exist;
  /* ---- The fields of version 1 end here. ---- */
  /**
   * 1: open for reading only (version 2). Nothing is written: no schema migration, no write lock,
   * no WAL switch; the file may be read-only (and its directory too, when no other process has it
   * open). Reads see committed data and do not wait for another connection's write transaction.
   * Every write fails with SSVC_ESTORAGE ("the database was opened read-only"). A missing file is
   * SSVC_ENOTFOUND; a database whose schema is older than this library's is SSVC_EVERSION ("needs
   * migration: open it for writing once"). Implies must_exist.
   */
  int read_only;
} ssvc_sqlite_options;

/** Static initializer: version set, every option at its default. */
#define SSVC_SQLITE_OPTIONS_INIT {SSVC_SQLITE_OPTIONS_VERSION, 0, 0, 0, 0}

/** Zeroes @p options and sets its version (SSVC_EINVAL for NULL, SSVC_EVERSION). */
SSVC_API int ssvc_sqlite_options_init(ssvc_sqlite_options *options, unsigned int version);

/**
 * Opens (creating when absent) the SQLite database at @p path and fills @p backend with a backend
 * over it, for code that wraps backends. The schema is created or migrated first.
 * @param options  NULL for the defaults.
 * @return SSVC_OK; SSVC_EINVAL for NULL arguments or bad options; SSVC_EVERSION when the options
 *         version is unknown or the database's schema is newer than this library (or, read-only,
 *         older); SSVC_ENOTFOUND with must_exist or read_only and no file; SSVC_EBUSY ("database
 *         is locked"); SSVC_ESTORAGE when the file cannot be opened, "is not a smartservice
 *         database" (not SQLite, or SQLite with tables of another program) or "is damaged: run
 *         smartservice check", or the disk is full ("disk full"); the message names the path;
 *         SSVC_ENOMEM.
 */
SSVC_API int ssvc_sqlite_backend(ssvc_ctx *ctx, ssvc_storage_backend *backend, const char *path,
                                 const ssvc_sqlite_options *options);

/** ssvc_sqlite_backend() and ssvc_store_open() in one call. Errors as ssvc_sqlite_backend(). */
SSVC_API int ssvc_sqlite_open(ssvc_ctx *ctx, ssvc_store **out, const char *path,
                              const ssvc_sqlite_options *options);

/**
 * Copies the database at @p path into a new file @p dest with SQLite's online backup API: one
 * consistent snapshot of the committed data, taken from a read-only connection of its own, so
 * writers in other connections and processes go on meanwhile (WAL). The copy is a complete
 * database: restore it by putting it in place of the database while no process has that open
 * (doc/storage.md), or open it directly. @p dest must not exist yet; on failure it is removed.
 * @param options  NULL for the defaults; only busy_timeout_ms is used.
 * @return SSVC_OK; SSVC_EINVAL for NULL or empty arguments; SSVC_EEXISTS when @p dest exists;
 *         SSVC_ENOTFOUND when @p path does not; errors of a read-only ssvc_sqlite_backend() for
 *         @p path; SSVC_EBUSY; SSVC_ESTORAGE ("disk full", a directory that cannot be written;
 *         the message names the file); SSVC_ENOMEM.
 */
SSVC_API int ssvc_sqlite_backup(ssvc_ctx *ctx, const char *path, const char *dest,
                                const ssvc_sqlite_options *options);

SSVC_END_DECLS

#endif /* SMARTSERVICE_SQLITE_H */
