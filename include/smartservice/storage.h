/**
 * @file smartservice/storage.h
 * @brief Stores: where cases (and later agreements, SWAP pools and charges) are kept.
 *
 * A store is a storage backend (see smartservice/sys/storage.h) opened on a context. The library
 * ships the memory backend here and the SQLite backend in libsmartservice-sqlite
 * (smartservice/sqlite.h). Every operation of the library that changes domain state runs as one
 * transaction of its store: it commits whole or not at all. A store belongs to one context and is
 * used by the thread using that context.
 */
#ifndef SMARTSERVICE_STORAGE_H
#define SMARTSERVICE_STORAGE_H

#include "sys/storage.h"

SSVC_BEGIN_DECLS

/** An opened store. Create with ssvc_store_open() or ssvc_store_memory_new(). */
typedef struct ssvc_store ssvc_store;

/**
 * Opens a store over a backend.
 *
 * @param[out] out      the new store, owned by the caller; NULL on failure.
 * @param      backend  copied. The store owns the backend from a successful call on: it calls
 *                      backend->close once from ssvc_store_free(). On failure the caller keeps it.
 * @return SSVC_OK; SSVC_EINVAL for NULL arguments or a missing required callback (the message
 *         names it); SSVC_EVERSION for an unsupported backend->version; SSVC_ENOMEM.
 */
SSVC_API int ssvc_store_open(ssvc_ctx *ctx, ssvc_store **out,
                             const ssvc_storage_backend *backend);

/**
 * Opens a store over a new, empty memory backend: an ordered map (a B+tree) in the context's
 * allocator, with transactions undone from an undo log. Nothing outlives the store. For tests,
 * embedding and caches.
 * @return SSVC_OK; SSVC_EINVAL for a NULL argument; SSVC_ENOMEM.
 */
SSVC_API int ssvc_store_memory_new(ssvc_ctx *ctx, ssvc_store **out);

/**
 * Fills @p backend with a new, empty memory backend (the one ssvc_store_memory_new() uses), for
 * code that wraps a backend in another (tests, caching, fault injection). Allocates through
 * @p ctx; release it by its close callback (or by the store that was opened over it).
 * @return SSVC_OK; SSVC_EINVAL for a NULL argument; SSVC_ENOMEM.
 */
SSVC_API int ssvc_storage_memory_backend(ssvc_ctx *ctx, ssvc_storage_backend *backend);

/** Closes the backend and releases the store. NULL is accepted. A transaction left open is
 * rolled back. */
SSVC_API void ssvc_store_free(ssvc_store *store);

/** The context the store was opened on. */
SSVC_API ssvc_ctx *ssvc_store_ctx(const ssvc_store *store);

/**
 * Explicit instants: from this call on, every operation on @p store that stamps a time (a case's
 * registration when its spec gives no instant, state changes, notes, diagnoses, shipments,
 * charges, cost estimates and their answers, the SWAP pool's steps, agreement changes, the
 * invoice run's issue date, erasures) is stamped at @p instant instead of the context's clock,
 * until the next call; 0 returns to the clock. For back-filling calls from a helpdesk's own ticket
 * times (doc/workflow.md). The instants are the caller's: they are not checked to move forward.
 * @param instant  Unix seconds, in the years 1-9999; 0 for the context's clock.
 * @return SSVC_OK; SSVC_EINVAL for a NULL store; SSVC_ERANGE outside the years (nothing changes).
 */
SSVC_API int ssvc_store_set_instant(ssvc_store *store, int64_t instant);

/**
 * Starts a write transaction that groups the following operations (e.g. 1000 case creations in
 * one commit). Operations inside it join it instead of committing on their own. Transactions
 * nest by count: only the outermost ssvc_store_commit() commits. When an operation inside fails
 * after it has written, the whole transaction is marked failed: ssvc_store_commit() then rolls
 * it back and returns the error (no half of an operation is ever committed).
 * @return SSVC_OK; SSVC_EBUSY when another process holds the write lock too long;
 *         SSVC_ESTORAGE.
 */
SSVC_API int ssvc_store_begin(ssvc_store *store);

/**
 * Ends the innermost ssvc_store_begin(); the outermost commits. SSVC_ESTATE when no transaction
 * is open; SSVC_ESTORAGE (rolled back) when the transaction was marked failed or the commit fails.
 */
SSVC_API int ssvc_store_commit(ssvc_store *store);

/** Discards everything since the outermost ssvc_store_begin() (at any depth: every level ends).
 * SSVC_ESTATE when no transaction is open. */
SSVC_API int ssvc_store_rollback(ssvc_store *store);

/**
 * Makes what the committed transactions deleted or overwrote unreadable from the store's files
 * (the backend's @c scrub; on SQLite a WAL checkpoint that truncates the WAL, the database itself
 * running with secure_delete). ssvc_erase_user() and ssvc_erase_expired() call it after their
 * commit; call it after an erasure done inside your own ssvc_store_begin() once you commit.
 * @return SSVC_OK (also for a backend with nothing to scrub); SSVC_ESTATE inside a transaction;
 *         SSVC_EBUSY when another connection's reader keeps the checkpoint from finishing (try
 *         again later); SSVC_ESTORAGE.
 */
SSVC_API int ssvc_store_scrub(ssvc_store *store);

/**
 * Checks the whole store for damage (doc/storage.md, "Damage"), reading only: the backend's own
 * check of its files (SQLite's integrity check), then every record decoded (agreements, cases,
 * counters, SWAP units and orders, invoices and runs) and cross-checked: every case is in the
 * index of its state, its customer's case list and the IMEI index, and every entry of those
 * indexes names an existing case with that state, customer and IMEI; no case number is above its
 * year's counter; every unit reserved or shipped and every SWAP order names an existing case.
 * @param fn         called once per problem found, with a line in plain words; may be NULL.
 * @param problems   set to the number of problems found; may be NULL.
 * @return SSVC_OK when the check ran to the end (*problems tells whether the store is clean);
 *         SSVC_EINVAL for a NULL store; SSVC_ESTATE inside a transaction; SSVC_ESTORAGE, SSVC_EBUSY
 *         when the store could not be read; SSVC_ENOMEM. Nothing is ever changed.
 */
SSVC_API int ssvc_store_check(ssvc_store *store, ssvc_storage_problem_fn fn, void *user_data,
                              size_t *problems);

SSVC_END_DECLS

#endif /* SMARTSERVICE_STORAGE_H */
