/* The fixtures the module suites share (fixtures.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "fixtures.h"

int64_t fixture_now = STORE_FAULT_NOW;

int64_t fixture_clock(void *user_data) {
  (void)user_data;
  return fixture_now;
}

int fixture_setup(void **state) {
  struct fx *f = calloc(1, sizeof *f);
  assert_non_null(f);
  ssvc_ctx_options o = SSVC_CTX_OPTIONS_INIT;
  o.clock = fixture_clock;
  fixture_now = STORE_FAULT_NOW;
  assert_int_equal(ssvc_ctx_new(&f->ctx, &o), SSVC_OK);
  assert_int_equal(ssvc_store_memory_new(f->ctx, &f->st), SSVC_OK);
  *state = f;
  return 0;
}

int fixture_teardown(void **state) {
  struct fx *f = *state;
  ssvc_store_free(f->st);
  ssvc_ctx_free(f->ctx);
  free(f);
  return 0;
}

const char *fixture_imei(int n) {
  static char buf[8][SSVC_IMEI_SIZE];
  static unsigned slot;
  char *s = buf[slot++ % 8], body[15];
  snprintf(body, sizeof body, "35693803%06u", (unsigned)n % 1000000u);
  assert_int_equal(ssvc_imei_complete(s, body), SSVC_OK);
  return s;
}
