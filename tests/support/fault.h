/*
 * Fault injection for tests: an allocator that fails at allocation N (once, or from N on), and a
 * driver that runs an operation with a failure at every allocation point in turn and checks what
 * a user relies on: an error is returned, nothing leaks, and the observable state is unchanged.
 *
 * Used by every module's suite for every public operation; see doc/testing.md.
 */
#ifndef SSVC_TEST_FAULT_H
#define SSVC_TEST_FAULT_H

#include <smartservice.h>

typedef struct fault_alloc {
  long calls;     /* malloc_fn and realloc_fn calls so far */
  long fail_at;   /* 0: never fail; N: fail call number N */
  int persistent; /* when set, fail every call from fail_at on */
  long failures;  /* calls failed so far */
  long live;      /* blocks allocated and not yet freed */
} fault_alloc;

/* Resets @p fa and fills @p out with callbacks that allocate through it. */
void fault_alloc_init(fault_alloc *fa, ssvc_allocator *out);

/* Arms @p fa to fail the @p nth allocation from now on (1 = the next one); 0 disarms. */
void fault_alloc_arm(fault_alloc *fa, long nth, int persistent);

/* A context whose allocator is @p fa; fails the test when it cannot be made. */
ssvc_ctx *fault_ctx_new(fault_alloc *fa, ssvc_allocator *alloc);

/* One public operation under test. */
struct fault_op {
  const char *name;
  /* Builds the state the operation works on, with the context given; may return NULL when the
   * operation needs no state. Never runs with failures armed. */
  void *(*setup)(ssvc_ctx *ctx);
  /* The operation: returns its status. */
  int (*run)(ssvc_ctx *ctx, void *state);
  /* A malloc'd text that describes every observable part of the state (NULL: nothing to
   * compare). Taken before and after a failed run; the two must be equal. */
  char *(*snapshot)(void *state);
  /* Releases the state. */
  void (*teardown)(void *state);
};

/*
 * Runs @p op once without failures (it must return SSVC_OK) to count its allocation points, then,
 * for every point k and for both modes (fail once at k, fail from k on), on fresh state: the run
 * must return SSVC_ENOMEM, the context must report SSVC_ENOMEM with a message, the snapshot must
 * be unchanged, and after teardown no block may be live. Returns the number of points.
 */
long fault_every_alloc(const struct fault_op *op);

#endif
