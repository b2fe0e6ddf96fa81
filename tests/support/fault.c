#include "fault.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static int should_fail(fault_alloc *fa) {
  fa->calls++;
  if (fa->fail_at && (fa->calls == fa->fail_at || (fa->persistent && fa->calls > fa->fail_at))) {
    fa->failures++;
    return 1;
  }
  return 0;
}

static void *fa_malloc(void *ud, size_t size) {
  fault_alloc *fa = ud;
  if (should_fail(fa)) return NULL;
  void *p = malloc(size);
  if (p) fa->live++;
  return p;
}

static void *fa_realloc(void *ud, void *ptr, size_t size) {
  fault_alloc *fa = ud;
  if (should_fail(fa)) return NULL;
  return realloc(ptr, size);
}

static void fa_free(void *ud, void *ptr) {
  fault_alloc *fa = ud;
  fa->live--;
  free(ptr);
}

void fault_alloc_init(fault_alloc *fa, ssvc_allocator *out) {
  memset(fa, 0, sizeof *fa);
  assert_int_equal(ssvc_allocator_init(out, SSVC_ALLOCATOR_VERSION), SSVC_OK);
  out->malloc_fn = fa_malloc;
  out->realloc_fn = fa_realloc;
  out->free_fn = fa_free;
  out->user_data = fa;
}

void fault_alloc_arm(fault_alloc *fa, long nth, int persistent) {
  fa->fail_at = nth ? fa->calls + nth : 0;
  fa->persistent = persistent;
}

ssvc_ctx *fault_ctx_new(fault_alloc *fa, ssvc_allocator *alloc) {
  fault_alloc_init(fa, alloc);
  ssvc_ctx_options o = SSVC_CTX_OPTIONS_INIT;
  o.allocator = alloc;
  ssvc_ctx *ctx = NULL;
  assert_int_equal(ssvc_ctx_new(&ctx, &o), SSVC_OK);
  return ctx;
}

/* One run of the operation on fresh state; returns its allocation count when nth == 0. */
static long run_once(const struct fault_op *op, long nth, int persistent) {
  fault_alloc fa;
  ssvc_allocator alloc;
  ssvc_ctx *ctx = fault_ctx_new(&fa, &alloc);
  void *state = op->setup ? op->setup(ctx) : NULL;
  char *before = op->snapshot ? op->snapshot(state) : NULL;
  long start = fa.calls;
  fault_alloc_arm(&fa, nth, persistent);
  int rc = op->run(ctx, state);
  fault_alloc_arm(&fa, 0, 0);
  long used = fa.calls - start;
  if (nth == 0) {
    if (rc != SSVC_OK)
      fail_msg("%s: failed without injected faults: %s (%s)", op->name, ssvc_status_name(rc),
               ssvc_ctx_errmsg(ctx));
  } else {
    if (rc != SSVC_ENOMEM)
      fail_msg("%s: allocation %ld failed (%s): returned %s, expected SSVC_ENOMEM", op->name, nth,
               persistent ? "from there on" : "once", ssvc_status_name(rc));
    assert_int_equal(ssvc_ctx_errcode(ctx), SSVC_ENOMEM);
    assert_true(ssvc_ctx_errmsg(ctx)[0] != '\0');
    if (op->snapshot) {
      char *after = op->snapshot(state);
      if (strcmp(before, after) != 0)
        fail_msg("%s: allocation %ld failed (%s): state changed\nbefore: %s\nafter:  %s", op->name,
                 nth, persistent ? "from there on" : "once", before, after);
      free(after);
    }
  }
  free(before);
  if (op->teardown) op->teardown(state);
  ssvc_ctx_free(ctx);
  if (fa.live != 0)
    fail_msg("%s: %ld block(s) leaked (allocation %ld failing %s)", op->name, fa.live, nth,
             persistent ? "from there on" : "once");
  return used;
}

long fault_every_alloc(const struct fault_op *op) {
  long points = run_once(op, 0, 0);
  for (long k = 1; k <= points; k++) {
    run_once(op, k, 0);
    run_once(op, k, 1);
  }
  return points;
}
