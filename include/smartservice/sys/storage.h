/**
 * @file smartservice/sys/storage.h
 * @brief The storage-backend interface: for writers of backends (SQLite, PostgreSQL, your own).
 *
 * A backend is an ordered key-value store with versioned values, handed to the library as a
 * struct of callbacks (modelled on sqlite3_vfs and libgit2's odb backends). Keys and values are
 * opaque byte strings built by the library (doc/storage.md describes their layout, doc/records.md
 * the value encoding); a backend never interprets them. Every value carries a version: 1 when it
 * is first written, one more on every later write. Writes are compare-and-set on that version, so
 * two agents working on one database can never both take the same spare phone.
 *
 * Every callback returns SSVC_OK or one of SSVC_ENOTFOUND, SSVC_ECONFLICT, SSVC_EBUSY,
 * SSVC_ENOMEM or SSVC_ESTORAGE (anything else is treated as SSVC_ESTORAGE), and may leave a
 * message for the errmsg callback. The library calls a backend from one thread at a time (the
 * thread using the store's context) and never re-enters it from inside a scan callback except
 * through @c get.
 *
 * Transactions: the library brackets every change in begin/commit (or rollback), never nests them,
 * and only calls put and del inside a write transaction. Reads may happen outside a transaction
 * (each then sees committed data). After a failed commit nothing of the transaction may remain.
 * rollback and close must not fail in a way that leaves changes behind.
 */
#ifndef SMARTSERVICE_SYS_STORAGE_H
#define SMARTSERVICE_SYS_STORAGE_H

#include "../context.h"

SSVC_BEGIN_DECLS

/** Current version of struct ssvc_storage_backend: 2 added @c scrub at the end, 3 @c check. */
#define SSVC_STORAGE_BACKEND_VERSION 3

/** expected_version for put: the key must not exist yet. */
#define SSVC_STORAGE_NEW UINT64_C(0)
/** expected_version for put and del: whatever version the key has (an unconditional write). */
#define SSVC_STORAGE_ANY UINT64_MAX

/** begin() flag: the transaction will write (SQLite takes the write lock at once). */
#define SSVC_STORAGE_TXN_WRITE 1

/**
 * Receives one problem found by a check (ssvc_store_check() and the backend's @c check): a line
 * in plain words, borrowed for the call.
 */
typedef void (*ssvc_storage_problem_fn)(void *cb_data, const char *problem);

/**
 * Called by scan for every key in the range, in ascending order of key bytes (memcmp, shorter
 * first when one key is a prefix of the other). @p key and @p value are borrowed for the call.
 * Return 0 to continue, a positive number to stop the scan (scan then returns SSVC_OK), or a
 * negative status to stop it with that status.
 */
typedef int (*ssvc_storage_scan_fn)(void *cb_data, const void *key, size_t key_len,
                                    const void *value, size_t value_len, uint64_t version);

/**
 * A storage backend. Fill it with ssvc_storage_backend_init() and hand it to ssvc_store_open(),
 * which copies as many bytes as the struct's @c version has (a caller built against an older
 * header may pass a shorter struct). Callbacks added in later versions go at the end, below a
 * comment naming the version that added them; the library never reads or calls those a struct
 * of an older version lacks. Every callback gets @c user_data first.
 */
typedef struct ssvc_storage_backend {
  unsigned int version; /**< SSVC_STORAGE_BACKEND_VERSION. */
  void *user_data;      /**< The backend's own state, passed to every callback. */

  /**
   * Reads one key. On SSVC_OK sets *value (borrowed: valid until the next call on this backend),
   * *value_len and *version (>= 1). SSVC_ENOTFOUND when the key does not exist. Required.
   */
  int (*get)(void *user_data, const void *key, size_t key_len, const void **value,
             size_t *value_len, uint64_t *version);

  /**
   * Writes one key when its current version equals @p expected_version (SSVC_STORAGE_NEW: the key
   * must not exist; SSVC_STORAGE_ANY: no condition). Sets *new_version (may be NULL) to the
   * version now stored. SSVC_ECONFLICT when the condition fails (nothing written). The value
   * bytes are copied. Only called inside a write transaction. Required.
   */
  int (*put)(void *user_data, const void *key, size_t key_len, const void *value,
             size_t value_len, uint64_t expected_version, uint64_t *new_version);

  /**
   * Deletes one key when its version equals @p expected_version (or SSVC_STORAGE_ANY).
   * SSVC_ENOTFOUND when the key does not exist, SSVC_ECONFLICT when the version differs.
   * Only called inside a write transaction. Required.
   */
  int (*del)(void *user_data, const void *key, size_t key_len, uint64_t expected_version);

  /**
   * Calls @p fn for every key k with lo <= k < hi in ascending byte order. @p lo NULL (or empty)
   * means from the first key; @p hi NULL means to the last key. The callback may call @c get but
   * nothing else of the backend. Returns SSVC_OK, the callback's negative status, or an error
   * of the backend. Required.
   */
  int (*scan)(void *user_data, const void *lo, size_t lo_len, const void *hi, size_t hi_len,
              ssvc_storage_scan_fn fn, void *cb_data);

  /** Starts a transaction; @p flags is 0 (read) or SSVC_STORAGE_TXN_WRITE. Required. */
  int (*begin)(void *user_data, unsigned int flags);
  /** Makes the transaction's writes durable and visible. On failure nothing remains. Required. */
  int (*commit)(void *user_data);
  /** Discards the transaction's writes. Required. */
  int (*rollback)(void *user_data);
  /** Releases the backend; called once by ssvc_store_free(). May be NULL. */
  void (*close)(void *user_data);
  /**
   * The message of the last failed call, e.g. "database is locked", or NULL. Borrowed until the
   * next call. May be NULL (the library then uses the status's description).
   */
  const char *(*errmsg)(void *user_data);

  /* ---- The fields of version 1 end here; those of version 2 follow this line. ---- */

  /**
   * Makes deleted and overwritten data unreadable from the backend's files, for the right to
   * erasure (doc/erasure.md): called by ssvc_store_scrub(), outside any transaction, after an
   * erasure committed. SQLite checkpoints its WAL and truncates it (deleted content is already
   * zeroed: the database runs with secure_delete). SSVC_EBUSY when a reader keeps it from
   * finishing (the next call tries again). May be NULL: nothing to do.
   */
  int (*scrub)(void *user_data);

  /* ---- The fields of version 2 end here; those of version 3 follow this line. ---- */

  /**
   * Checks the backend's own files below the records (SQLite: PRAGMA integrity_check), calling
   * @p report once per problem found; called by ssvc_store_check() outside any transaction.
   * Returns SSVC_OK when the check ran (whatever it found), an error when it could not run. May be
   * NULL: the backend has nothing of its own to check.
   */
  int (*check)(void *user_data, ssvc_storage_problem_fn report, void *cb_data);

  /* ---- The fields of version 3 end here; those of version 4 will follow this line. ---- */
} ssvc_storage_backend;

/** Static initializer: version set, everything else NULL. */
#define SSVC_STORAGE_BACKEND_INIT \
  {SSVC_STORAGE_BACKEND_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, \
   NULL}

/**
 * Zeroes @p backend and sets its version. SSVC_EINVAL for NULL; SSVC_EVERSION for a version of 0
 * or newer than SSVC_STORAGE_BACKEND_VERSION (the struct is then left untouched).
 */
SSVC_API int ssvc_storage_backend_init(ssvc_storage_backend *backend, unsigned int version);

/**
 * Lets a backend that lives in another library (it cannot reach the library's internals) report
 * a failure of its own constructor through @p ctx: sets the context's last error to @p code and
 * @p message (copied, cut at 511 bytes) and returns @p code. @p code must be negative; otherwise
 * SSVC_EINVAL is recorded. A NULL @p ctx is ignored (the code is still returned).
 */
SSVC_API int ssvc_storage_set_error(ssvc_ctx *ctx, int code, const char *message);

SSVC_END_DECLS

#endif /* SMARTSERVICE_SYS_STORAGE_H */
