/* storage: stores over pluggable backends and their transactions (the memory backend is in
 * storage_memory.c). */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "record.h"
#include "smartservice/changes.h"

/* The bytes of struct ssvc_storage_backend that a caller of @p version (1..current) has: a
 * caller built against an older header passes a shorter struct, so nothing past its version's
 * last field is read or written (sys/storage.h marks the boundaries). A new version adds a line:
 * version < N ? offsetof(ssvc_storage_backend, first_field_of_N) : ... */
static size_t backend_size(unsigned int version) {
  return version < 2   ? offsetof(ssvc_storage_backend, scrub)
         : version < 3 ? offsetof(ssvc_storage_backend, check)
                       : sizeof(ssvc_storage_backend);
}

int ssvc_storage_backend_init(ssvc_storage_backend *backend, unsigned int version) {
  if (!backend) return SSVC_EINVAL;
  if (version == 0 || version > SSVC_STORAGE_BACKEND_VERSION) return SSVC_EVERSION;
  return ssvc__struct_init(backend, backend_size(version), version, SSVC_STORAGE_BACKEND_VERSION);
}

int ssvc_storage_set_error(ssvc_ctx *ctx, int code, const char *message) {
  if (code >= 0) code = SSVC_EINVAL;
  return ssvc__err(ctx, code, "%s", message ? message : ssvc_strerror(code));
}

/* ------------------------------------------------------------------------------------------ */
/* The store                                                                                   */

static int normalize(int rc) {
  switch (rc) {
  case SSVC_OK: case SSVC_ENOTFOUND: case SSVC_ECONFLICT: case SSVC_EBUSY: case SSVC_ENOMEM:
  case SSVC_ESTORAGE:
    return rc;
  default:
    return rc > 0 ? SSVC_ESTORAGE : (rc < SSVC_EINTERNAL ? SSVC_ESTORAGE : rc);
  }
}

int ssvc__store_fail(ssvc_store *st, const char *func, int rc) {
  st->failures++;
  const char *msg = st->be.errmsg ? st->be.errmsg(st->be.user_data) : NULL;
  return ssvc__err(st->ctx, rc, "%s: storage: %s", func, msg && *msg ? msg : ssvc_strerror(rc));
}

int ssvc__store_get(ssvc_store *st, const char *func, const void *key, size_t klen,
                    const void **val, size_t *vlen, uint64_t *ver) {
  int rc = normalize(st->be.get(st->be.user_data, key, klen, val, vlen, ver));
  if (rc && rc != SSVC_ENOTFOUND) return ssvc__store_fail(st, func, rc);
  return rc;
}

int ssvc__store_put(ssvc_store *st, const char *func, const void *key, size_t klen,
                    const void *val, size_t vlen, uint64_t expected, uint64_t *new_ver) {
  st->writes++;
  int rc = normalize(st->be.put(st->be.user_data, key, klen, val, vlen, expected, new_ver));
  if (rc && rc != SSVC_ECONFLICT) return ssvc__store_fail(st, func, rc);
  return rc ? rc : ssvc__changes_note(st, key, klen, SSVC_CHANGE_PUT);
}

int ssvc__store_del(ssvc_store *st, const char *func, const void *key, size_t klen,
                    uint64_t expected) {
  st->writes++;
  int rc = normalize(st->be.del(st->be.user_data, key, klen, expected));
  if (rc && rc != SSVC_ECONFLICT && rc != SSVC_ENOTFOUND) return ssvc__store_fail(st, func, rc);
  return rc ? rc : ssvc__changes_note(st, key, klen, SSVC_CHANGE_DELETE);
}

struct scan_wrap {
  ssvc_storage_scan_fn fn;
  void *cb;
  int cb_rc;
};

static int scan_wrap_fn(void *data, const void *key, size_t klen, const void *val, size_t vlen,
                        uint64_t ver) {
  struct scan_wrap *w = data;
  int rc = w->fn(w->cb, key, klen, val, vlen, ver);
  if (rc < 0) w->cb_rc = rc;
  return rc;
}

int ssvc__store_scan(ssvc_store *st, const char *func, const void *lo, size_t lo_len,
                     const void *hi, size_t hi_len, ssvc_storage_scan_fn fn, void *cb) {
  struct scan_wrap w = {fn, cb, 0};
  int rc = st->be.scan(st->be.user_data, lo, lo_len, hi, hi_len, scan_wrap_fn, &w);
  if (rc == SSVC_OK) return SSVC_OK;
  if (w.cb_rc && rc == w.cb_rc) return rc; /* the callback has set the message */
  return ssvc__store_fail(st, func, normalize(rc));
}

int ssvc__store_scan_whole(ssvc_store *st, const char *func, const void *lo, size_t lo_len,
                           const void *hi, size_t hi_len, ssvc_storage_scan_fn fn, void *cb,
                           int *dry) {
  *dry = 1;
  int rc = ssvc__store_scan(st, func, lo, lo_len, hi, hi_len, fn, cb);
  *dry = 0;
  return rc ? rc : ssvc__store_scan(st, func, lo, lo_len, hi, hi_len, fn, cb);
}

/* Every rollback of the backend goes through here: the change feed forgets the keys with it. */
static void rollback(ssvc_store *st) {
  ssvc__changes_forget(st);
  st->be.rollback(st->be.user_data);
}

int ssvc__txn_begin(ssvc_store *st, const char *func, ssvc_txn *t) {
  t->writes_at_start = st->writes;
  if (st->depth > 0) {
    if (st->failed)
      return ssvc__err(st->ctx, SSVC_ESTATE,
                       "%s: the enclosing transaction failed; roll it back first", func);
    st->depth++;
    return SSVC_OK;
  }
  int rc = normalize(st->be.begin(st->be.user_data, SSVC_STORAGE_TXN_WRITE));
  if (rc) return ssvc__store_fail(st, func, rc);
  ssvc__changes_forget(st);
  st->depth = 1;
  st->failed = 0; /* a nested operation's failure ends with the outermost rollback */
  return SSVC_OK;
}

int ssvc__txn_end(ssvc_store *st, const char *func, ssvc_txn *t, int rc) {
  st->depth--;
  if (st->depth > 0) {
    if (rc && st->writes != t->writes_at_start) {
      st->failed = 1;
      st->failed_code = rc;
    }
    return rc;
  }
  if (!rc) rc = ssvc__changes_append(st, func); /* the feed, in the same transaction */
  if (rc) {
    rollback(st);
    return rc;
  }
  ssvc__changes_forget(st);
  int c = normalize(st->be.commit(st->be.user_data));
  if (c) {
    int r = ssvc__store_fail(st, func, c);
    st->be.rollback(st->be.user_data);
    return r;
  }
  return SSVC_OK;
}

int ssvc__txn_retry(ssvc_store *st, ssvc__txn_attempt_fn attempt, void *arg) {
  if (st->depth == 0) st->taken_len = 0; /* a new operation: no number found taken yet */
  for (int n = 0;; n++) {
    int nested = st->depth > 0;
    int rc = attempt(st, arg);
    if (rc != SSVC_ECONFLICT || nested || n >= SSVC__TXN_RETRIES) return rc;
  }
}

struct txn_body {
  const char *func;
  ssvc__txn_attempt_fn body;
  void *arg;
};

static int txn_once(ssvc_store *st, void *arg) {
  const struct txn_body *b = arg;
  ssvc_txn t;
  int rc = ssvc__txn_begin(st, b->func, &t);
  if (rc) return rc;
  return ssvc__txn_end(st, b->func, &t, b->body(st, b->arg));
}

int ssvc__txn_run(ssvc_store *st, const char *func, ssvc__txn_attempt_fn body, void *arg) {
  struct txn_body b = {func, body, arg};
  return ssvc__txn_retry(st, txn_once, &b);
}

int ssvc_store_open(ssvc_ctx *ctx, ssvc_store **out, const ssvc_storage_backend *backend) {
  if (out) *out = NULL;
  if (!ctx) return SSVC_EINVAL;
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "ssvc_store_open: out must not be NULL");
  if (!backend) return ssvc__err(ctx, SSVC_EINVAL, "ssvc_store_open: backend must not be NULL");
  int rc = ssvc__check_version(ctx, "ssvc_store_open: backend", backend->version,
                               SSVC_STORAGE_BACKEND_VERSION);
  if (rc) return rc;
  const char *missing = !backend->get        ? "get"
                        : !backend->put      ? "put"
                        : !backend->del      ? "del"
                        : !backend->scan     ? "scan"
                        : !backend->begin    ? "begin"
                        : !backend->commit   ? "commit"
                        : !backend->rollback ? "rollback"
                                             : NULL;
  if (missing)
    return ssvc__err(ctx, SSVC_EINVAL, "ssvc_store_open: backend->%s must not be NULL", missing);
  ssvc_store *st = ssvc__calloc(ctx, 1, sizeof *st);
  if (!st) return SSVC_ENOMEM;
  st->ctx = ctx;
  memcpy(&st->be, backend, backend_size(backend->version)); /* the rest stays NULL */
  ssvc__buf_init(&st->scratch[0], ctx);
  ssvc__buf_init(&st->scratch[1], ctx);
  ssvc__buf_init(&st->feed, ctx);
  *out = st;
  return SSVC_OK;
}

void ssvc_store_free(ssvc_store *store) {
  if (!store) return;
  if (store->depth > 0) rollback(store);
  if (store->be.close) store->be.close(store->be.user_data);
  ssvc__buf_free(&store->scratch[0]);
  ssvc__buf_free(&store->scratch[1]);
  ssvc__buf_free(&store->feed);
  ssvc__free(store->ctx, store);
}

int64_t ssvc__store_now(ssvc_store *st) {
  return st->instant ? st->instant : ssvc_ctx_now(st->ctx);
}

int ssvc_store_set_instant(ssvc_store *store, int64_t instant) {
  if (!store) return SSVC_EINVAL;
  /* Unix seconds of 0001-01-01 and 9999-12-31T23:59:59Z: case ids need a four-digit year. */
  if (instant < INT64_C(-62135596800) || instant > INT64_C(253402300799))
    return ssvc__err(store->ctx, SSVC_ERANGE,
                     "ssvc_store_set_instant: instant: %lld is outside the years 1-9999",
                     (long long)instant);
  store->instant = instant;
  return SSVC_OK;
}

ssvc_buf *ssvc__store_scratch(ssvc_store *st, int i) {
  ssvc_buf *b = &st->scratch[i];
  b->len = 0;
  b->failed = 0;
  return b;
}

ssvc_ctx *ssvc_store_ctx(const ssvc_store *store) { return store ? store->ctx : NULL; }

int ssvc_store_scrub(ssvc_store *store) {
  if (!store) return SSVC_EINVAL;
  if (store->depth > 0)
    return ssvc__err(store->ctx, SSVC_ESTATE, "ssvc_store_scrub: a transaction is open");
  if (!store->be.scrub) return SSVC_OK;
  int rc = normalize(store->be.scrub(store->be.user_data));
  return rc ? ssvc__store_fail(store, "ssvc_store_scrub", rc) : SSVC_OK;
}

int ssvc_store_begin(ssvc_store *store) {
  if (!store) return SSVC_EINVAL;
  ssvc_txn t;
  return ssvc__txn_begin(store, "ssvc_store_begin", &t);
}

int ssvc_store_commit(ssvc_store *store) {
  if (!store) return SSVC_EINVAL;
  if (store->depth == 0)
    return ssvc__err(store->ctx, SSVC_ESTATE, "ssvc_store_commit: no transaction is open");
  if (store->depth > 1) {
    store->depth--;
    return SSVC_OK;
  }
  if (store->failed) {
    int code = store->failed_code;
    store->failed = 0;
    store->depth = 0;
    rollback(store);
    return ssvc__err(store->ctx, SSVC_ESTORAGE,
                     "ssvc_store_commit: an operation in the transaction failed (%s); "
                     "everything was rolled back",
                     ssvc_status_name(code));
  }
  ssvc_txn t = {store->writes};
  return ssvc__txn_end(store, "ssvc_store_commit", &t, SSVC_OK);
}

int ssvc_store_rollback(ssvc_store *store) {
  if (!store) return SSVC_EINVAL;
  if (store->depth == 0)
    return ssvc__err(store->ctx, SSVC_ESTATE, "ssvc_store_rollback: no transaction is open");
  store->depth = 0;
  store->failed = 0;
  rollback(store);
  return SSVC_OK;
}

