/* context: creation and its options, the last error, log and clock callbacks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include <smartservice.h>

#include "fault.h"
#include "fixtures.h"

struct log_capture {
  int calls;
  int level;
  char last[512];
};

static void capture_log(void *ud, int level, const char *message) {
  struct log_capture *c = ud;
  c->calls++;
  c->level = level;
  snprintf(c->last, sizeof c->last, "%s", message);
}

static int64_t fixed_clock(void *ud) { return *(const int64_t *)ud; }

static void default_context_works(void **state) {
  (void)state;
  ssvc_ctx *ctx = NULL;
  assert_int_equal(ssvc_ctx_new(&ctx, NULL), SSVC_OK);
  assert_non_null(ctx);
  assert_int_equal(ssvc_ctx_errcode(ctx), SSVC_OK);
  assert_string_equal(ssvc_ctx_errmsg(ctx), "");
  /* The default clock is the system's: between two readings taken around it, no tolerance. */
  int64_t before = (int64_t)time(NULL);
  int64_t now = ssvc_ctx_now(ctx);
  int64_t after = (int64_t)time(NULL);
  assert_true(now >= before && now <= after);
  ssvc_ctx_free(ctx);
  ssvc_ctx_free(NULL); /* accepted */
}

static void options_init_checks_version(void **state) {
  (void)state;
  ssvc_ctx_options o;
  memset(&o, 0x5A, sizeof o);
  assert_int_equal(ssvc_ctx_options_init(&o, SSVC_CTX_OPTIONS_VERSION), SSVC_OK);
  assert_int_equal(o.version, SSVC_CTX_OPTIONS_VERSION);
  assert_true(!o.allocator && !o.log && !o.log_user_data && !o.clock && !o.clock_user_data);
  assert_int_equal(o.log_level, SSVC_LOG_DEBUG);
  ssvc_ctx_options z = SSVC_CTX_OPTIONS_INIT;
  assert_true(z.version == SSVC_CTX_OPTIONS_VERSION && !z.allocator && !z.log);
  unsigned char raw[sizeof o], copy[sizeof o];
  memset(raw, 0x5A, sizeof raw);
  memcpy(copy, raw, sizeof raw);
  assert_int_equal(ssvc_ctx_options_init((ssvc_ctx_options *)(void *)raw, 0), SSVC_EVERSION);
  assert_int_equal(
      ssvc_ctx_options_init((ssvc_ctx_options *)(void *)raw, SSVC_CTX_OPTIONS_VERSION + 1),
      SSVC_EVERSION);
  assert_memory_equal(raw, copy, sizeof raw);
  assert_int_equal(ssvc_ctx_options_init(NULL, SSVC_CTX_OPTIONS_VERSION), SSVC_EINVAL);
}

static void ctx_new_rejects_bad_options(void **state) {
  (void)state;
  struct log_capture cap = {0, 0, ""};
  ssvc_ctx *ctx = (ssvc_ctx *)&cap; /* must be reset to NULL on failure */
  ssvc_ctx_options o = SSVC_CTX_OPTIONS_INIT;
  o.log = capture_log;
  o.log_user_data = &cap;

  assert_int_equal(ssvc_ctx_new(NULL, &o), SSVC_EINVAL);
  assert_string_equal(cap.last, "ssvc_ctx_new: out must not be NULL");

  o.version = SSVC_CTX_OPTIONS_VERSION + 1;
  assert_int_equal(ssvc_ctx_new(&ctx, &o), SSVC_EVERSION);
  assert_null(ctx);
  assert_non_null(strstr(cap.last, "options->version"));

  o.version = 0; /* never initialised: not even the log callback is used */
  cap.calls = 0;
  assert_int_equal(ssvc_ctx_new(&ctx, &o), SSVC_EVERSION);
  assert_int_equal(cap.calls, 0);

  o.version = SSVC_CTX_OPTIONS_VERSION;
  o.log_level = 7;
  assert_int_equal(ssvc_ctx_new(&ctx, &o), SSVC_EINVAL);
  assert_non_null(strstr(cap.last, "options->log_level"));
  o.log_level = -1;
  assert_int_equal(ssvc_ctx_new(&ctx, &o), SSVC_EINVAL);
  o.log_level = SSVC_LOG_DEBUG;

  ssvc_allocator a = SSVC_ALLOCATOR_INIT; /* no callbacks */
  o.allocator = &a;
  assert_int_equal(ssvc_ctx_new(&ctx, &o), SSVC_EINVAL);
  assert_non_null(strstr(cap.last, "options->allocator"));
  a.version = 0;
  assert_int_equal(ssvc_ctx_new(&ctx, &o), SSVC_EVERSION);
  assert_non_null(strstr(cap.last, "options->allocator->version"));
  a.version = SSVC_ALLOCATOR_VERSION + 1;
  assert_int_equal(ssvc_ctx_new(&ctx, &o), SSVC_EVERSION);
  assert_null(ctx);
}

static void errors_are_kept_and_logged_by_level(void **state) {
  (void)state;
  struct log_capture cap = {0, 0, ""};
  ssvc_ctx_options o = SSVC_CTX_OPTIONS_INIT;
  o.log = capture_log;
  o.log_user_data = &cap;
  o.log_level = SSVC_LOG_ERROR;
  ssvc_ctx *ctx;
  assert_int_equal(ssvc_ctx_new(&ctx, &o), SSVC_OK);
  unsigned int f;
  assert_int_equal(ssvc_feature_from_key(ctx, &f, "teleport"), SSVC_ENOTFOUND);
  assert_int_equal(ssvc_ctx_errcode(ctx), SSVC_ENOTFOUND);
  assert_string_equal(ssvc_ctx_errmsg(ctx), "ssvc_feature_from_key: unknown feature 'teleport'");
  /* The message without where it came from, for a person (the log keeps the full one). */
  assert_string_equal(ssvc_ctx_errtext(ctx), "unknown feature 'teleport'");
  assert_int_equal(cap.calls, 1);
  assert_int_equal(cap.level, SSVC_LOG_ERROR);
  assert_string_equal(cap.last, ssvc_ctx_errmsg(ctx));
  /* A later success does not erase the message; clearing does. */
  assert_int_equal(ssvc_feature_from_key(ctx, &f, "sync"), SSVC_OK);
  assert_int_equal(ssvc_ctx_errcode(ctx), SSVC_ENOTFOUND);
  ssvc_ctx_clear_error(ctx);
  assert_int_equal(ssvc_ctx_errcode(ctx), SSVC_OK);
  assert_string_equal(ssvc_ctx_errmsg(ctx), "");
  assert_string_equal(ssvc_ctx_errtext(ctx), "");
  ssvc_ctx_clear_error(NULL);
  ssvc_ctx_free(ctx);
  assert_string_equal(ssvc_ctx_errmsg(NULL), "no context");
  assert_string_equal(ssvc_ctx_errtext(NULL), "no context");
  assert_int_equal(ssvc_ctx_errcode(NULL), SSVC_EINVAL);
}

static void long_messages_are_cut_not_overflowed(void **state) {
  (void)state;
  ssvc_ctx *ctx;
  assert_int_equal(ssvc_ctx_new(&ctx, NULL), SSVC_OK);
  char key[2000];
  memset(key, 'x', sizeof key - 1);
  key[sizeof key - 1] = '\0';
  unsigned int f;
  assert_int_equal(ssvc_feature_from_key(ctx, &f, key), SSVC_ENOTFOUND);
  assert_true(strlen(ssvc_ctx_errmsg(ctx)) < 512);
  ssvc_ctx_free(ctx);
}

static void clock_callback_sets_now(void **state) {
  (void)state;
  int64_t t = 1798761600; /* 2027-01-01T00:00:00Z */
  ssvc_ctx_options o = SSVC_CTX_OPTIONS_INIT;
  o.clock = fixed_clock;
  o.clock_user_data = &t;
  ssvc_ctx *ctx;
  assert_int_equal(ssvc_ctx_new(&ctx, &o), SSVC_OK);
  assert_int_equal(ssvc_ctx_now(ctx), 1798761600);
  t += 60;
  assert_int_equal(ssvc_ctx_now(ctx), 1798761660);
  ssvc_ctx_free(ctx);
}

static void custom_allocator_sees_everything(void **state) {
  (void)state;
  fault_alloc fa;
  ssvc_allocator a;
  ssvc_ctx *ctx = fault_ctx_new(&fa, &a);
  assert_int_equal(fa.live, 1);
  ssvc_ctx_free(ctx);
  assert_int_equal(fa.live, 0);
}

static void ctx_new_fails_cleanly_without_memory(void **state) {
  (void)state;
  fault_alloc fa;
  ssvc_allocator a;
  fault_alloc_init(&fa, &a);
  fault_alloc_arm(&fa, 1, 1);
  struct log_capture cap = {0, 0, ""};
  ssvc_ctx_options o = SSVC_CTX_OPTIONS_INIT;
  o.allocator = &a;
  o.log = capture_log;
  o.log_user_data = &cap;
  ssvc_ctx *ctx = (ssvc_ctx *)&cap;
  assert_int_equal(ssvc_ctx_new(&ctx, &o), SSVC_ENOMEM);
  assert_null(ctx);
  assert_int_equal(fa.live, 0);
  assert_string_equal(cap.last, "ssvc_ctx_new: out of memory");
}

/* Without options and without a log callback a bad call still only returns its code. */
static void ctx_new_fails_without_a_log_callback(void **state) {
  (void)state;
  assert_int_equal(ssvc_ctx_new(NULL, NULL), SSVC_EINVAL);
  ssvc_ctx_options o = SSVC_CTX_OPTIONS_INIT;
  o.log_level = SSVC_LOG_ERROR + 1;
  ssvc_ctx *ctx = (ssvc_ctx *)&o;
  assert_int_equal(ssvc_ctx_new(&ctx, &o), SSVC_EINVAL);
  assert_null(ctx);
}

/* An allocator is refused when any one of its three callbacks is missing, and the message says
 * which are needed; a complete one is taken. */
static void allocator_needs_all_three_callbacks(void **state) {
  (void)state;
  struct log_capture cap = {0, 0, ""};
  fault_alloc fa;
  ssvc_allocator full;
  fault_alloc_init(&fa, &full);
  ssvc_ctx_options o = SSVC_CTX_OPTIONS_INIT;
  o.log = capture_log;
  o.log_user_data = &cap;
  for (int missing = 0; missing < 3; missing++) {
    ssvc_allocator a = full;
    if (missing == 0) a.malloc_fn = NULL;
    if (missing == 1) a.realloc_fn = NULL;
    if (missing == 2) a.free_fn = NULL;
    o.allocator = &a;
    ssvc_ctx *ctx = (ssvc_ctx *)&cap;
    cap.last[0] = '\0';
    assert_int_equal(ssvc_ctx_new(&ctx, &o), SSVC_EINVAL);
    assert_null(ctx);
    assert_string_equal(cap.last,
                        "ssvc_ctx_new: options->allocator needs malloc_fn, realloc_fn and free_fn");
  }
  assert_int_equal(fa.calls, 0); /* nothing was allocated through a refused allocator */
  o.allocator = &full;
  ssvc_ctx *ctx;
  assert_int_equal(ssvc_ctx_new(&ctx, &o), SSVC_OK);
  assert_int_equal(fa.live, 1);
  ssvc_ctx_free(ctx);
  assert_int_equal(fa.live, 0);
}

/* Without a context the clock is the system's. */
static void now_without_a_context_is_the_system_clock(void **state) {
  (void)state;
  int64_t before = (int64_t)time(NULL);
  int64_t now = ssvc_ctx_now(NULL);
  int64_t after = (int64_t)time(NULL);
  assert_true(now >= before && now <= after);
}

/* The events of normal work (a case registered) reach the log callback at SSVC_LOG_INFO when the
 * level lets them through, and not at all when the lowest level passed on is SSVC_LOG_WARN. */
static void info_events_are_logged_by_level(void **state) {
  (void)state;
  for (int level = SSVC_LOG_DEBUG; level <= SSVC_LOG_WARN; level++) {
    struct log_capture cap = {0, -1, ""};
    ssvc_ctx_options o = SSVC_CTX_OPTIONS_INIT;
    o.log = capture_log;
    o.log_user_data = &cap;
    o.log_level = level;
    o.clock = fixture_clock;
    fixture_now = STORE_FAULT_NOW;
    ssvc_ctx *ctx;
    ssvc_store *st;
    assert_int_equal(ssvc_ctx_new(&ctx, &o), SSVC_OK);
    assert_int_equal(ssvc_store_memory_new(ctx, &st), SSVC_OK);
    char id[SSVC_CASE_ID_SIZE];
    fixture_agreement(st, "ACME", "PROF", 10, 0, 0);
    cap.calls = 0; /* the agreement's own line */
    fixture_case(st, id, "ACME", "PROF", fixture_imei(1));
    assert_string_equal(id, "SC-2026-000001");
    if (level <= SSVC_LOG_INFO) {
      assert_int_equal(cap.calls, 1);
      assert_int_equal(cap.level, SSVC_LOG_INFO);
      assert_string_equal(cap.last, "case SC-2026-000001 registered (customer ACME)");
    } else {
      assert_int_equal(cap.calls, 0);
    }
    assert_int_equal(ssvc_ctx_errcode(ctx), SSVC_OK); /* an event is not an error */
    ssvc_store_free(st);
    ssvc_ctx_free(ctx);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(default_context_works),
      cmocka_unit_test(options_init_checks_version),
      cmocka_unit_test(ctx_new_rejects_bad_options),
      cmocka_unit_test(errors_are_kept_and_logged_by_level),
      cmocka_unit_test(long_messages_are_cut_not_overflowed),
      cmocka_unit_test(clock_callback_sets_now),
      cmocka_unit_test(custom_allocator_sees_everything),
      cmocka_unit_test(ctx_new_fails_cleanly_without_memory),
      cmocka_unit_test(ctx_new_fails_without_a_log_callback),
      cmocka_unit_test(allocator_needs_all_three_callbacks),
      cmocka_unit_test(now_without_a_context_is_the_system_clock),
      cmocka_unit_test(info_events_are_logged_by_level),
  };
  return cmocka_run_group_tests_name("context", tests, NULL, NULL);
}
