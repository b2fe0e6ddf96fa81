#include "store_fault.h"

#include "fresh_store.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static int should_fail(storage_fault *sf) {
  sf->calls++;
  if (sf->fail_at && (sf->calls == sf->fail_at || (sf->persistent && sf->calls > sf->fail_at))) {
    sf->failures++;
    return 1;
  }
  return 0;
}

static int sf_get(void *ud, const void *k, size_t kl, const void **v, size_t *vl, uint64_t *ver) {
  storage_fault *sf = ud;
  if (should_fail(sf)) return SSVC_ESTORAGE;
  return sf->inner.get(sf->inner.user_data, k, kl, v, vl, ver);
}

static int sf_put(void *ud, const void *k, size_t kl, const void *v, size_t vl, uint64_t exp,
                  uint64_t *nv) {
  storage_fault *sf = ud;
  if (should_fail(sf)) return SSVC_ESTORAGE;
  return sf->inner.put(sf->inner.user_data, k, kl, v, vl, exp, nv);
}

static int sf_del(void *ud, const void *k, size_t kl, uint64_t exp) {
  storage_fault *sf = ud;
  if (should_fail(sf)) return SSVC_ESTORAGE;
  return sf->inner.del(sf->inner.user_data, k, kl, exp);
}

static int sf_scan(void *ud, const void *lo, size_t lol, const void *hi, size_t hil,
                   ssvc_storage_scan_fn fn, void *cb) {
  storage_fault *sf = ud;
  if (should_fail(sf)) return SSVC_ESTORAGE;
  return sf->inner.scan(sf->inner.user_data, lo, lol, hi, hil, fn, cb);
}

static int sf_begin(void *ud, unsigned int flags) {
  storage_fault *sf = ud;
  if (should_fail(sf)) return SSVC_ESTORAGE;
  return sf->inner.begin(sf->inner.user_data, flags);
}

static int sf_commit(void *ud) {
  storage_fault *sf = ud;
  if (should_fail(sf)) {
    sf->inner.rollback(sf->inner.user_data); /* a failed commit leaves nothing behind */
    return SSVC_ESTORAGE;
  }
  return sf->inner.commit(sf->inner.user_data);
}

static int sf_rollback(void *ud) {
  storage_fault *sf = ud;
  return sf->inner.rollback(sf->inner.user_data);
}

static void sf_close(void *ud) {
  storage_fault *sf = ud;
  if (sf->inner.close) sf->inner.close(sf->inner.user_data);
}

static const char *sf_errmsg(void *ud) {
  storage_fault *sf = ud;
  if (sf->failures) return "injected storage fault";
  return sf->inner.errmsg ? sf->inner.errmsg(sf->inner.user_data) : NULL;
}

void storage_fault_wrap(storage_fault *sf, const ssvc_storage_backend *inner,
                        ssvc_storage_backend *out) {
  memset(sf, 0, sizeof *sf);
  sf->inner = *inner;
  assert_int_equal(ssvc_storage_backend_init(out, SSVC_STORAGE_BACKEND_VERSION), SSVC_OK);
  out->user_data = sf;
  out->get = sf_get;
  out->put = sf_put;
  out->del = sf_del;
  out->scan = sf_scan;
  out->begin = sf_begin;
  out->commit = sf_commit;
  out->rollback = sf_rollback;
  out->close = sf_close;
  out->errmsg = sf_errmsg;
}

void storage_fault_arm(storage_fault *sf, long nth, int persistent) {
  sf->fail_at = nth ? sf->calls + nth : 0;
  sf->persistent = persistent;
  sf->failures = 0;
}

struct dump {
  char *p;
  size_t len, cap;
};

static void dump_hex(struct dump *d, const void *p, size_t n) {
  static const char hex[] = "0123456789abcdef";
  if (d->len + 2 * n + 64 > d->cap) {
    while (d->len + 2 * n + 64 > d->cap) d->cap = d->cap ? d->cap * 2 : 4096;
    d->p = realloc(d->p, d->cap);
    assert_non_null(d->p);
  }
  for (size_t i = 0; i < n; i++) {
    d->p[d->len++] = hex[((const unsigned char *)p)[i] >> 4];
    d->p[d->len++] = hex[((const unsigned char *)p)[i] & 15];
  }
  d->p[d->len] = '\0';
}

static int dump_cb(void *data, const void *k, size_t kl, const void *v, size_t vl, uint64_t ver) {
  struct dump *d = data;
  dump_hex(d, k, kl);
  d->len += (size_t)snprintf(d->p + d->len, d->cap - d->len, " v%llu ", (unsigned long long)ver);
  dump_hex(d, v, vl);
  d->p[d->len++] = '\n';
  d->p[d->len] = '\0';
  return 0;
}

char *storage_dump(const ssvc_storage_backend *be) {
  struct dump d = {NULL, 0, 0};
  dump_hex(&d, "", 0);
  assert_int_equal(be->scan(be->user_data, NULL, 0, NULL, 0, dump_cb, &d), SSVC_OK);
  return d.p;
}

store_fault_backend_fn store_fault_backend;

int64_t store_fault_clock_offset;

static int64_t fixed_clock(void *ud) {
  (void)ud;
  return STORE_FAULT_NOW + store_fault_clock_offset;
}

/* One run on fresh state. mode 0: storage faults, 1: allocation faults. */
static long run_once(const struct store_op *op, int mode, long nth, int persistent) {
  fault_alloc fa;
  ssvc_allocator alloc;
  fault_alloc_init(&fa, &alloc);
  ssvc_ctx_options o = SSVC_CTX_OPTIONS_INIT;
  o.allocator = &alloc;
  o.clock = fixed_clock;
  ssvc_ctx *ctx = NULL;
  assert_int_equal(ssvc_ctx_new(&ctx, &o), SSVC_OK);
  ssvc_storage_backend mem, wrapped;
  if (store_fault_backend) assert_int_equal(store_fault_backend(ctx, &mem), SSVC_OK);
  else assert_int_equal(ssvc_storage_memory_backend(ctx, &mem), SSVC_OK);
  storage_fault *sf = malloc(sizeof *sf);
  assert_non_null(sf);
  storage_fault_wrap(sf, &mem, &wrapped);
  ssvc_store *st = NULL;
  assert_int_equal(ssvc_store_open(ctx, &st, &wrapped), SSVC_OK);
  void *state = op->setup ? op->setup(st) : NULL;
  char *before = storage_dump(&sf->inner);
  long start = mode == 0 ? sf->calls : fa.calls;
  if (mode == 0) storage_fault_arm(sf, nth, persistent);
  else fault_alloc_arm(&fa, nth, persistent);
  int rc = op->run(st, state);
  storage_fault_arm(sf, 0, 0);
  fault_alloc_arm(&fa, 0, 0);
  long used = (mode == 0 ? sf->calls : fa.calls) - start;
  const char *what = mode == 0 ? "storage call" : "allocation";
  const char *how = persistent ? "from there on" : "once";
  int want = mode == 0 ? SSVC_ESTORAGE : SSVC_ENOMEM;
  if (nth == 0) {
    if (rc != SSVC_OK)
      fail_msg("%s: failed without injected faults: %s (%s)", op->name, ssvc_status_name(rc),
               ssvc_ctx_errmsg(ctx));
  } else {
    if (rc != want)
      fail_msg("%s: %s %ld failed (%s): returned %s (%s), expected %s", op->name, what, nth, how,
               ssvc_status_name(rc), ssvc_ctx_errmsg(ctx), ssvc_status_name(want));
    assert_int_equal(ssvc_ctx_errcode(ctx), want);
    assert_true(ssvc_ctx_errmsg(ctx)[0] != '\0');
    char *after = storage_dump(&sf->inner);
    if (strcmp(before, after) != 0)
      fail_msg("%s: %s %ld failed (%s): the store changed\nbefore:\n%safter:\n%s", op->name,
               what, nth, how, before, after);
    free(after);
  }
  free(before);
  if (op->teardown) op->teardown(state);
  ssvc_store_free(st);
  free(sf);
  ssvc_ctx_free(ctx);
  if (fa.live != 0)
    fail_msg("%s: %ld block(s) leaked (%s %ld failing %s)", op->name, fa.live, what, nth, how);
  return used;
}

long fault_every_storage_call(const struct store_op *op) {
  long points = run_once(op, 0, 0, 0);
  for (long k = 1; k <= points; k++) {
    run_once(op, 0, k, 0);
    run_once(op, 0, k, 1);
  }
  return points;
}

long fault_every_store_alloc(const struct store_op *op) {
  long points = run_once(op, 1, 0, 0);
  for (long k = 1; k <= points; k++) {
    run_once(op, 1, k, 0);
    run_once(op, 1, k, 1);
  }
  return points;
}

void fault_every_op(const struct store_op *ops, size_t n, unsigned what) {
  for (size_t i = 0; i < n; i++) {
    if (what & FAULT_STORAGE) assert_true(fault_every_storage_call(&ops[i]) > 0);
    if (what & FAULT_ALLOC) assert_true(fault_every_store_alloc(&ops[i]) > 0);
  }
}

void fault_every_op_on_sqlite(const struct store_op *ops, size_t n, unsigned what,
                              const char *dir, const char *suite) {
  fresh_sqlite_begin(dir, suite);
  fault_every_op(ops, n, what);
  fresh_store_end();
}
