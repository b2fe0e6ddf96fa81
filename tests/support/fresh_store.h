/* The one place that makes fresh SQLite and PostgreSQL stores for the storage-fault drivers
 * (store_fault.h): every run of a driver gets a new database file or schema, so the module suites
 * keep no copies of this and link neither SQLite nor libpq themselves. */
#ifndef SSVC_TEST_FRESH_STORE_H
#define SSVC_TEST_FRESH_STORE_H

/* From now on every run of the drivers gets a fresh SQLite database DIR/NAME-PID.db. */
void fresh_sqlite_begin(const char *dir, const char *name);

/* From now on every run gets a fresh schema NAME_PID on the server of @p dsn (pg_env.h gives the
 * DSN, or skips the test). */
void fresh_pg_begin(const char *dsn, const char *name);

/* Back to the memory backend; the last file or schema removed. */
void fresh_store_end(void);

/* Removes the SQLite database at @p path with its -wal and -shm files. */
void fresh_sqlite_remove(const char *path);

#endif
