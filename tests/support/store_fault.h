/*
 * Fault injection for storage: a backend that wraps another and fails at storage call N (once,
 * or from N on), and drivers that run an operation on a store with a failure at every storage
 * call, or at every allocation, checking what a user relies on: an error is returned, nothing
 * half-written remains (every key, value and version is compared before and after), no leak.
 */
#ifndef SSVC_TEST_STORE_FAULT_H
#define SSVC_TEST_STORE_FAULT_H

#include <smartservice.h>

#include "fault.h"

typedef struct storage_fault {
  ssvc_storage_backend inner; /* the wrapped backend (owned: closed with the wrapper) */
  long calls;                 /* get, put, del, scan, begin and commit calls so far */
  long fail_at;               /* 0: never fail; N: fail call number N */
  int persistent;             /* fail every call from fail_at on */
  long failures;
} storage_fault;

/* Fills @p out with a backend that forwards to @p inner through @p sf. rollback and close are
 * never failed (a backend must always be able to undo). A failed commit rolls back first. */
void storage_fault_wrap(storage_fault *sf, const ssvc_storage_backend *inner,
                        ssvc_storage_backend *out);

/* Arms @p sf to fail the @p nth storage call from now on (1 = the next one); 0 disarms. */
void storage_fault_arm(storage_fault *sf, long nth, int persistent);

/* A text of every key, value and version in @p be (hex), malloc'd. */
char *storage_dump(const ssvc_storage_backend *be);

/* One public operation on a store. */
struct store_op {
  const char *name;
  /* Builds the state the operation works on (cases etc.) in @p st; may return NULL. Never runs
   * with failures armed. */
  void *(*setup)(ssvc_store *st);
  int (*run)(ssvc_store *st, void *state);
  void (*teardown)(void *state); /* may be NULL */
};

/* Makes the backend the drivers wrap: NULL (the default) for the memory backend. A suite sets it
 * to run the same operations against another backend (test_case runs them on SQLite too). */
typedef int (*store_fault_backend_fn)(ssvc_ctx *ctx, ssvc_storage_backend *out);
extern store_fault_backend_fn store_fault_backend;

/* The fixed clock of the stores these drivers make: 2026-03-02T09:00:00Z. */
#define STORE_FAULT_NOW INT64_C(1772442000)
/* Seconds added to that clock (0 unless a setup moves time on, e.g. past a deadline). */
extern int64_t store_fault_clock_offset;

/* Runs @p op on a memory store with a failure at every storage call in turn, once and from there
 * on: SSVC_ESTORAGE must come back with a message, the store must be unchanged, nothing leaked.
 * Returns the number of storage calls of a clean run. */
long fault_every_storage_call(const struct store_op *op);

/* The same with a failure at every allocation (SSVC_ENOMEM expected). */
long fault_every_store_alloc(const struct store_op *op);

/* What fault_every_op() injects. */
enum { FAULT_STORAGE = 1, FAULT_ALLOC = 2, FAULT_BOTH = 3 };

/* Runs every operation of @p ops (@p n of them) under the drivers above that @p what names,
 * asserting each made storage calls and allocations. A suite's fault tests are then one call per
 * backend, not a loop each. (A read that allocates nothing asserts that itself: the allocation
 * driver returns 0 for it.) */
void fault_every_op(const struct store_op *ops, size_t n, unsigned what);

/* The same on a fresh SQLite database in @p dir named after @p suite (support/fresh_store.h),
 * storage calls only unless @p what says more. */
void fault_every_op_on_sqlite(const struct store_op *ops, size_t n, unsigned what,
                              const char *dir, const char *suite);

/* The number of operations in a table. */
#define STORE_OPS_COUNT(ops) (sizeof(ops) / sizeof((ops)[0]))

/* The usual fault tests of a suite whose storing operations are the table @p ops: every storage
 * call, then every allocation, failing on a memory store, and on a fresh SQLite database in
 * SSVC_TEST_TMP named @p suite, what @p sqlite_what names. Defines the test functions
 * every_storage_call_fails_cleanly, every_allocation_fails_cleanly and storage_faults_on_sqlite;
 * STORE_FAULT_TESTS lists them in a suite's cmocka table. */
#define STORE_FAULT_TEST_FUNCTIONS(ops, sqlite_what, suite)                                        \
  static void every_storage_call_fails_cleanly(void **state) {                                     \
    (void)state;                                                                                   \
    fault_every_op(ops, STORE_OPS_COUNT(ops), FAULT_STORAGE);                                      \
  }                                                                                                \
  static void every_allocation_fails_cleanly(void **state) {                                       \
    (void)state;                                                                                   \
    fault_every_op(ops, STORE_OPS_COUNT(ops), FAULT_ALLOC);                                        \
  }                                                                                                \
  static void storage_faults_on_sqlite(void **state) {                                             \
    (void)state;                                                                                   \
    fault_every_op_on_sqlite(ops, STORE_OPS_COUNT(ops), sqlite_what, SSVC_TEST_TMP, suite);        \
  }

#define STORE_FAULT_TESTS                                                                          \
  cmocka_unit_test(every_storage_call_fails_cleanly),                                              \
      cmocka_unit_test(every_allocation_fails_cleanly), cmocka_unit_test(storage_faults_on_sqlite)

#endif
