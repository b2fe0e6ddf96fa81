/*
 * storage: the backend conformance suite that every backend must pass (run here against the
 * memory, SQLite and PostgreSQL backends: `test_storage memory|sqlite|pg DIR`), the store's
 * transactions, and each backend's own behaviour (schema version, open errors, damaged schemas,
 * lost connections, limits).
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, MAP_NORESERVE */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include <smartservice.h>
#include <smartservice/sqlite.h>
#include <smartservice/pg.h>
#include <libpq-fe.h>

#include "keyspace.h"
#include "fixtures.h"
#include "pg_env.h"
#include "store_fault.h"

static const char *kind = "memory";
static char pg_dsn[1024]; /* kind "pg": the server; every fixture gets its own schema */
static char dbpath[4096];
static int dbcount;

struct fixture {
  ssvc_ctx *ctx;
  ssvc_storage_backend be;
  char path[4200];
};

static void open_backend(struct fixture *f) {
  if (strcmp(kind, "memory") == 0) {
    assert_int_equal(ssvc_storage_memory_backend(f->ctx, &f->be), SSVC_OK);
  } else if (strcmp(kind, "pg") == 0) {
    ssvc_pg_options o = SSVC_PG_OPTIONS_INIT;
    o.schema = f->path;
    int rc = ssvc_pg_backend(f->ctx, &f->be, pg_dsn, &o);
    if (rc) fail_msg("ssvc_pg_backend: %s", ssvc_ctx_errmsg(f->ctx));
  } else {
    assert_int_equal(ssvc_sqlite_backend(f->ctx, &f->be, f->path, NULL), SSVC_OK);
  }
}

/* Runs SQL on the test server with a connection of its own. */
static void pg_sql(const char *stmt) {
  PGconn *c = PQconnectdb(pg_dsn);
  assert_int_equal(PQstatus(c), CONNECTION_OK);
  PQclear(PQexec(c, "SET client_min_messages = warning"));
  PGresult *r = PQexec(c, stmt);
  if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
    fail_msg("%s: %s", stmt, PQerrorMessage(c));
  PQclear(r);
  PQfinish(c);
}

static int setup(void **state) {
  struct fixture *f = calloc(1, sizeof *f);
  assert_int_equal(ssvc_ctx_new(&f->ctx, NULL), SSVC_OK);
  if (strcmp(kind, "pg") == 0)
    snprintf(f->path, sizeof f->path, "conf_%d_%d", (int)getpid(), ++dbcount);
  else
    snprintf(f->path, sizeof f->path, "%s/conf-%d-%d.db", dbpath, (int)getpid(), ++dbcount);
  open_backend(f);
  *state = f;
  return 0;
}

static void remove_db(const char *path) {
  char p[4500];
  unlink(path);
  snprintf(p, sizeof p, "%s-wal", path);
  unlink(p);
  snprintf(p, sizeof p, "%s-shm", path);
  unlink(p);
}

static int teardown(void **state) {
  struct fixture *f = *state;
  if (f->be.close) f->be.close(f->be.user_data);
  ssvc_ctx_free(f->ctx);
  if (strcmp(kind, "pg") == 0) {
    char stmt[4300];
    snprintf(stmt, sizeof stmt, "DROP SCHEMA IF EXISTS \"%s\" CASCADE", f->path);
    pg_sql(stmt);
  } else {
    remove_db(f->path);
  }
  free(f);
  return 0;
}

#define B (&f->be)
#define U (f->be.user_data)

static void begin(struct fixture *f) { assert_int_equal(B->begin(U, SSVC_STORAGE_TXN_WRITE), 0); }
static void commit(struct fixture *f) { assert_int_equal(B->commit(U), 0); }

static int put(struct fixture *f, const char *k, const char *v, uint64_t exp, uint64_t *nv) {
  return B->put(U, k, strlen(k), v, strlen(v), exp, nv);
}

static void want_value(struct fixture *f, const char *k, const char *want, uint64_t ver) {
  const void *v;
  size_t n;
  uint64_t got;
  int rc = B->get(U, k, strlen(k), &v, &n, &got);
  if (!want) {
    assert_int_equal(rc, SSVC_ENOTFOUND);
    return;
  }
  assert_int_equal(rc, SSVC_OK);
  assert_int_equal(n, strlen(want));
  assert_memory_equal(v, want, n);
  assert_int_equal(got, ver);
}

static void get_put_versions(void **state) {
  struct fixture *f = *state;
  want_value(f, "a", NULL, 0);
  begin(f);
  uint64_t nv = 0;
  assert_int_equal(put(f, "a", "one", SSVC_STORAGE_NEW, &nv), SSVC_OK);
  assert_int_equal(nv, 1);
  want_value(f, "a", "one", 1); /* a transaction sees its own writes */
  assert_int_equal(put(f, "a", "again", SSVC_STORAGE_NEW, &nv), SSVC_ECONFLICT);
  want_value(f, "a", "one", 1);
  assert_int_equal(put(f, "a", "two", 1, &nv), SSVC_OK);
  assert_int_equal(nv, 2);
  assert_int_equal(put(f, "a", "stale", 1, &nv), SSVC_ECONFLICT);
  assert_int_equal(put(f, "a", "future", 9, &nv), SSVC_ECONFLICT);
  assert_int_equal(put(f, "b", "absent", 3, &nv), SSVC_ECONFLICT); /* expected a version */
  want_value(f, "b", NULL, 0);
  assert_int_equal(put(f, "a", "three", SSVC_STORAGE_ANY, &nv), SSVC_OK);
  assert_int_equal(nv, 3);
  assert_int_equal(put(f, "c", "new", SSVC_STORAGE_ANY, NULL), SSVC_OK);
  commit(f);
  want_value(f, "a", "three", 3);
  want_value(f, "c", "new", 1);
}

static void empty_and_binary_values(void **state) {
  struct fixture *f = *state;
  size_t big = 1 << 20;
  unsigned char *blob = malloc(big);
  for (size_t i = 0; i < big; i++) blob[i] = (unsigned char)(i * 7);
  const unsigned char zk[] = {0, 0xFF, 0};
  begin(f);
  assert_int_equal(B->put(U, "e", 1, "", 0, SSVC_STORAGE_NEW, NULL), SSVC_OK);
  assert_int_equal(B->put(U, zk, 3, blob, big, SSVC_STORAGE_NEW, NULL), SSVC_OK);
  commit(f);
  const void *v;
  size_t n;
  uint64_t ver;
  assert_int_equal(B->get(U, "e", 1, &v, &n, &ver), SSVC_OK);
  assert_int_equal(n, 0);
  assert_non_null(v);
  assert_int_equal(B->get(U, zk, 3, &v, &n, &ver), SSVC_OK);
  assert_int_equal(n, big);
  assert_memory_equal(v, blob, big);
  assert_int_equal(B->get(U, zk, 2, &v, &n, &ver), SSVC_ENOTFOUND); /* a prefix is another key */
  free(blob);
}

static void delete_with_versions(void **state) {
  struct fixture *f = *state;
  begin(f);
  assert_int_equal(put(f, "d", "x", SSVC_STORAGE_NEW, NULL), SSVC_OK);
  assert_int_equal(put(f, "d", "y", 1, NULL), SSVC_OK);
  assert_int_equal(B->del(U, "zz", 2, SSVC_STORAGE_ANY), SSVC_ENOTFOUND);
  assert_int_equal(B->del(U, "zz", 2, 1), SSVC_ENOTFOUND);
  assert_int_equal(B->del(U, "d", 1, 1), SSVC_ECONFLICT);
  want_value(f, "d", "y", 2);
  assert_int_equal(B->del(U, "d", 1, 2), SSVC_OK);
  want_value(f, "d", NULL, 0);
  assert_int_equal(put(f, "d", "back", SSVC_STORAGE_NEW, NULL), SSVC_OK);
  assert_int_equal(B->del(U, "d", 1, SSVC_STORAGE_ANY), SSVC_OK);
  commit(f);
  want_value(f, "d", NULL, 0);
}

struct seen {
  char keys[64][8];
  size_t lens[64];
  int n, stop_after, fail_after;
  struct fixture *f;
};

static int seen_cb(void *data, const void *k, size_t kl, const void *v, size_t vl, uint64_t ver) {
  struct seen *s = data;
  (void)v;
  (void)vl;
  assert_true(ver >= 1);
  assert_true(kl < 8);
  memcpy(s->keys[s->n], k, kl);
  s->lens[s->n++] = kl;
  if (s->f) { /* get is allowed from inside a scan */
    const void *gv;
    size_t gn;
    uint64_t gver;
    assert_int_equal(s->f->be.get(s->f->be.user_data, k, kl, &gv, &gn, &gver), SSVC_OK);
    assert_int_equal(gver, ver);
  }
  if (s->fail_after && s->n == s->fail_after) return SSVC_EINTERNAL;
  return s->stop_after && s->n == s->stop_after;
}

/* The empty key is a key like any other: stored, read, first in a scan from "", outside every
 * range that ends at "", and deleted with its version. */
static void the_empty_key(void **state) {
  struct fixture *f = *state;
  begin(f);
  uint64_t nv = 0;
  assert_int_equal(B->put(U, "", 0, "zero", 4, SSVC_STORAGE_NEW, &nv), SSVC_OK);
  assert_int_equal(nv, 1);
  assert_int_equal(put(f, "a", "one", SSVC_STORAGE_NEW, NULL), SSVC_OK);
  commit(f);
  const void *v;
  size_t n;
  uint64_t ver;
  assert_int_equal(B->get(U, "", 0, &v, &n, &ver), SSVC_OK);
  assert_int_equal(n, 4);
  assert_memory_equal(v, "zero", 4);
  assert_int_equal(ver, 1);
  struct seen s;
  memset(&s, 0, sizeof s);
  assert_int_equal(B->scan(U, "", 0, NULL, 0, seen_cb, &s), SSVC_OK);
  assert_int_equal(s.n, 2);
  assert_int_equal(s.lens[0], 0);
  assert_int_equal(s.lens[1], 1);
  memset(&s, 0, sizeof s);
  assert_int_equal(B->scan(U, NULL, 0, "", 0, seen_cb, &s), SSVC_OK); /* [start, "") */
  assert_int_equal(s.n, 0);
  begin(f);
  assert_int_equal(B->del(U, "", 0, 2), SSVC_ECONFLICT);
  assert_int_equal(B->del(U, "", 0, 1), SSVC_OK);
  commit(f);
  want_value(f, "", NULL, 0);
  want_value(f, "a", "one", 1);
}

static void scan_orders_by_bytes(void **state) {
  struct fixture *f = *state;
  /* Inserted out of order; includes a NUL byte, 0xFF and prefixes. */
  static const char *keys[] = {"b", "ab", "a", "\xff", "a\x00z", "abc", "B", "a\x01"};
  static const size_t lens[] = {1, 2, 1, 1, 3, 3, 1, 2};
  begin(f);
  for (int i = 0; i < 8; i++)
    assert_int_equal(B->put(U, keys[i], lens[i], "v", 1, SSVC_STORAGE_NEW, NULL), SSVC_OK);
  commit(f);
  struct seen s;
  memset(&s, 0, sizeof s);
  s.f = f;
  assert_int_equal(B->scan(U, NULL, 0, NULL, 0, seen_cb, &s), SSVC_OK);
  static const char *order[] = {"B", "a", "a\x00z", "a\x01", "ab", "abc", "b", "\xff"};
  static const size_t olens[] = {1, 1, 3, 2, 2, 3, 1, 1};
  assert_int_equal(s.n, 8);
  for (int i = 0; i < 8; i++) {
    assert_int_equal(s.lens[i], olens[i]);
    assert_memory_equal(s.keys[i], order[i], olens[i]);
  }
  /* [a, b): lo included, hi excluded. */
  memset(&s, 0, sizeof s);
  assert_int_equal(B->scan(U, "a", 1, "b", 1, seen_cb, &s), SSVC_OK);
  assert_int_equal(s.n, 5);
  /* [a\x01, ...) to the end */
  memset(&s, 0, sizeof s);
  assert_int_equal(B->scan(U, "a\x01", 2, NULL, 0, seen_cb, &s), SSVC_OK);
  assert_int_equal(s.n, 5);
  /* empty range */
  memset(&s, 0, sizeof s);
  assert_int_equal(B->scan(U, "c", 1, "d", 1, seen_cb, &s), SSVC_OK);
  assert_int_equal(s.n, 0);
  /* stop early: OK; fail: the callback's status */
  memset(&s, 0, sizeof s);
  s.stop_after = 2;
  assert_int_equal(B->scan(U, NULL, 0, NULL, 0, seen_cb, &s), SSVC_OK);
  assert_int_equal(s.n, 2);
  memset(&s, 0, sizeof s);
  s.fail_after = 3;
  assert_int_equal(B->scan(U, NULL, 0, NULL, 0, seen_cb, &s), SSVC_EINTERNAL);
  assert_int_equal(s.n, 3);
  /* The scan statement is reusable after a stop. */
  memset(&s, 0, sizeof s);
  assert_int_equal(B->scan(U, NULL, 0, NULL, 0, seen_cb, &s), SSVC_OK);
  assert_int_equal(s.n, 8);
}

static void rollback_restores_everything(void **state) {
  struct fixture *f = *state;
  begin(f);
  assert_int_equal(put(f, "k1", "one", SSVC_STORAGE_NEW, NULL), SSVC_OK);
  assert_int_equal(put(f, "k2", "two", SSVC_STORAGE_NEW, NULL), SSVC_OK);
  assert_int_equal(put(f, "k2", "two-b", 1, NULL), SSVC_OK);
  commit(f);
  begin(f);
  assert_int_equal(put(f, "k1", "changed", 1, NULL), SSVC_OK);
  assert_int_equal(put(f, "k1", "changed again", 2, NULL), SSVC_OK);
  assert_int_equal(B->del(U, "k2", 2, 2), SSVC_OK);
  assert_int_equal(put(f, "k2", "reborn", SSVC_STORAGE_NEW, NULL), SSVC_OK);
  assert_int_equal(put(f, "k3", "new", SSVC_STORAGE_NEW, NULL), SSVC_OK);
  for (int i = 0; i < 200; i++) { /* enough to grow any undo log */
    char k[16];
    snprintf(k, sizeof k, "m%03d", i);
    assert_int_equal(put(f, k, "x", SSVC_STORAGE_NEW, NULL), SSVC_OK);
  }
  assert_int_equal(B->rollback(U), SSVC_OK);
  want_value(f, "k1", "one", 1);
  want_value(f, "k2", "two-b", 2);
  want_value(f, "k3", NULL, 0);
  want_value(f, "m100", NULL, 0);
  struct seen s;
  memset(&s, 0, sizeof s);
  assert_int_equal(B->scan(U, NULL, 0, NULL, 0, seen_cb, &s), SSVC_OK);
  assert_int_equal(s.n, 2);
  /* And the store works normally afterwards. */
  begin(f);
  assert_int_equal(put(f, "k3", "now", SSVC_STORAGE_NEW, NULL), SSVC_OK);
  commit(f);
  want_value(f, "k3", "now", 1);
}

static void many_keys_stay_ordered(void **state) {
  struct fixture *f = *state;
  begin(f);
  for (unsigned i = 0; i < 3000; i++) {
    unsigned x = (i * 1009u) % 3001u; /* distinct, in scattered order */
    char k[8];
    snprintf(k, sizeof k, "%05u", x);
    assert_int_equal(put(f, k, k, SSVC_STORAGE_NEW, NULL), SSVC_OK);
  }
  commit(f);
  struct seen s;
  memset(&s, 0, sizeof s);
  s.stop_after = 60;
  assert_int_equal(B->scan(U, "01000", 5, NULL, 0, seen_cb, &s), SSVC_OK);
  for (int i = 1; i < s.n; i++)
    assert_true(memcmp(s.keys[i - 1], s.keys[i], 5) < 0);
  assert_memory_equal(s.keys[0], "01000", 5);
}

/* A model of the store: for key i, its value number (0: absent) and version. */
#define MODEL_KEYS 6000
struct model {
  unsigned val[MODEL_KEYS];
  uint64_t ver[MODEL_KEYS];
};

struct model_scan {
  const struct model *m;
  unsigned next; /* the next key expected to be present */
};

static int model_cb(void *data, const void *k, size_t kl, const void *v, size_t vl,
                    uint64_t ver) {
  struct model_scan *ms = data;
  char key[16], want[16];
  assert_true(kl < sizeof key);
  memcpy(key, k, kl);
  key[kl] = 0;
  unsigned i = (unsigned)strtoul(key + 1, NULL, 10);
  while (ms->next < MODEL_KEYS && !ms->m->val[ms->next]) ms->next++;
  if (i != ms->next) fail_msg("scan gave key %u, expected %u", i, ms->next);
  snprintf(want, sizeof want, "v%u", ms->m->val[i]);
  assert_int_equal(vl, strlen(want));
  assert_memory_equal(v, want, vl);
  assert_int_equal(ver, ms->m->ver[i]);
  ms->next++;
  return 0;
}

static void model_check(struct fixture *f, const struct model *m) {
  struct model_scan ms = {m, 0};
  assert_int_equal(B->scan(U, NULL, 0, NULL, 0, model_cb, &ms), SSVC_OK);
  while (ms.next < MODEL_KEYS && !m->val[ms.next]) ms.next++;
  assert_int_equal(ms.next, MODEL_KEYS);
}

/* Random puts, replaces, deletes and refused compare-and-set deletes in transactions that commit
 * or roll back, checked against a model after every transaction: exercises node splits,
 * tombstones and the undo log. */
static void random_operations_match_a_model(void **state) {
  struct fixture *f = *state;
  static struct model m, saved;
  memset(&m, 0, sizeof m);
  uint32_t rnd = 12345;
  int txns = strcmp(kind, "memory") == 0 ? 200 : 40;
  for (int t = 0; t < txns; t++) {
    saved = m;
    begin(f);
    for (int op = 0; op < 400; op++) {
      rnd = rnd * 1103515245u + 12345u;
      unsigned i = (rnd >> 8) % MODEL_KEYS;
      /* Early on mostly ascending inserts (appends), later anywhere. */
      if (t < txns / 4 && op % 2) i = (unsigned)(t * 400 + op) % MODEL_KEYS;
      char key[16], val[16];
      snprintf(key, sizeof key, "k%05u", i);
      unsigned v = (rnd >> 4) % 1000 + 1;
      snprintf(val, sizeof val, "v%u", v);
      if ((rnd >> 20) % 8 == 1 && m.val[i]) {
        /* A delete with a stale or future version: refused, and the key keeps its value. */
        uint64_t wrong = m.ver[i] > 1 && (rnd >> 24) % 2 ? m.ver[i] - 1 : m.ver[i] + 1;
        assert_int_equal(B->del(U, key, strlen(key), wrong), SSVC_ECONFLICT);
        uint64_t nv;
        assert_int_equal(put(f, key, val, m.ver[i], &nv), SSVC_OK); /* still at its version */
        m.ver[i]++;
        m.val[i] = v;
      } else if ((rnd >> 20) % 4 == 0) {
        int rc = B->del(U, key, strlen(key), m.val[i] ? m.ver[i] : SSVC_STORAGE_ANY);
        assert_int_equal(rc, m.val[i] ? SSVC_OK : SSVC_ENOTFOUND);
        m.val[i] = 0;
      } else {
        uint64_t nv;
        assert_int_equal(put(f, key, val, m.val[i] ? m.ver[i] : SSVC_STORAGE_NEW, &nv), SSVC_OK);
        m.ver[i] = m.val[i] ? m.ver[i] + 1 : 1;
        assert_int_equal(nv, m.ver[i]);
        m.val[i] = v;
      }
    }
    if (t % 3 == 2) {
      assert_int_equal(B->rollback(U), SSVC_OK);
      m = saved;
    } else {
      commit(f);
    }
    model_check(f, &m);
  }
}

static void persists_after_reopen(void **state) {
  struct fixture *f = *state;
  begin(f);
  assert_int_equal(put(f, "p", "kept", SSVC_STORAGE_NEW, NULL), SSVC_OK);
  assert_int_equal(put(f, "p", "kept2", 1, NULL), SSVC_OK);
  commit(f);
  begin(f);
  assert_int_equal(put(f, "q", "lost", SSVC_STORAGE_NEW, NULL), SSVC_OK);
  /* closed with a transaction open: it is rolled back */
  f->be.close(f->be.user_data);
  memset(&f->be, 0, sizeof f->be);
  if (strcmp(kind, "memory") == 0) {
    skip();
    return;
  }
  open_backend(f);
  want_value(f, "p", "kept2", 2);
  want_value(f, "q", NULL, 0);
}

/* ---- The store's transactions (backend-independent, through the public API). ---- */

static void store_transactions_nest(void **state) {
  struct fixture *f = *state;
  ssvc_store *st;
  assert_int_equal(ssvc_store_open(f->ctx, &st, &f->be), SSVC_OK);
  memset(&f->be, 0, sizeof f->be); /* the store owns it now */
  assert_ptr_equal(ssvc_store_ctx(st), f->ctx);
  assert_int_equal(ssvc_store_commit(st), SSVC_ESTATE);
  assert_int_equal(ssvc_store_rollback(st), SSVC_ESTATE);
  assert_int_equal(ssvc_store_begin(st), SSVC_OK);
  assert_int_equal(ssvc_store_begin(st), SSVC_OK);
  assert_int_equal(ssvc_store_commit(st), SSVC_OK); /* inner: nothing yet */
  assert_int_equal(ssvc_store_commit(st), SSVC_OK);
  assert_int_equal(ssvc_store_commit(st), SSVC_ESTATE);
  ssvc_store_free(st);
}

/* A caller built against version 1 of sys/storage.h passes a struct exactly as long as version 1
 * (through errmsg), one built against version 2 one through scrub: ssvc_store_open() and
 * ssvc_storage_backend_init() read and write no byte past it (under AddressSanitizer a heap block
 * of exactly that size catches any), and ssvc_store_check() calls no check callback it lacks. */
static void store_open_reads_only_the_callers_version(void **state) {
  struct fixture *f = *state;
  for (unsigned int want = 1; want <= 2; want++) {
    const size_t size = want == 1 ? offsetof(ssvc_storage_backend, errmsg) + sizeof f->be.errmsg
                                  : offsetof(ssvc_storage_backend, check);
    /* The block is read and written through memcpy at the fields' offsets: a pointer to the
     * whole struct on a shorter block is what the compiler rightly refuses (-Warray-bounds). */
    unsigned char *raw = malloc(size);
    assert_non_null(raw);
    ssvc_storage_backend *b = (ssvc_storage_backend *)(void *)raw;
    memset(raw, 0xAB, size);
    assert_int_equal(ssvc_storage_backend_init(b, want), SSVC_OK);
    unsigned int version;
    void *get, *errmsg;
    memcpy(&version, raw + offsetof(ssvc_storage_backend, version), sizeof version);
    memcpy(&get, raw + offsetof(ssvc_storage_backend, get), sizeof get);
    memcpy(&errmsg, raw + offsetof(ssvc_storage_backend, errmsg), sizeof errmsg);
    assert_int_equal(version, want);
    assert_null(get);
    assert_null(errmsg);
    if (want == 2) open_backend(f); /* the first pass's store took the fixture's backend */
    memcpy(raw, &f->be, size);
    version = want; /* the older caller's struct (f->be is of the current version) */
    memcpy(raw + offsetof(ssvc_storage_backend, version), &version, sizeof version);
    ssvc_store *st;
    assert_int_equal(ssvc_store_open(f->ctx, &st, b), SSVC_OK);
    memset(&f->be, 0, sizeof f->be); /* the store owns it now */
    free(raw);
    assert_int_equal(ssvc_store_begin(st), SSVC_OK);
    assert_int_equal(ssvc_store_commit(st), SSVC_OK);
    size_t problems = 9;
    assert_int_equal(ssvc_store_check(st, NULL, NULL, &problems), SSVC_OK);
    ssvc_store_free(st);
  }
}

/* A backend whose get answers with a code of its own choosing, and has no errmsg. */
static int odd_code;
static int odd_get(void *u, const void *k, size_t kl, const void **v, size_t *vl, uint64_t *ver) {
  (void)u, (void)k, (void)kl, (void)v, (void)vl, (void)ver;
  return odd_code;
}

/* A backend that breaks its contract (a positive code, an unknown negative one, a code it may
 * not give) is reported as SSVC_ESTORAGE; one without errmsg still gives a message. */
static void backend_codes_are_normalized(void **state) {
  (void)state;
  ssvc_ctx *ctx;
  assert_int_equal(ssvc_ctx_new(&ctx, NULL), SSVC_OK);
  ssvc_storage_backend b;
  assert_int_equal(ssvc_storage_memory_backend(ctx, &b), SSVC_OK);
  b.get = odd_get;
  b.errmsg = NULL;
  ssvc_store *st;
  assert_int_equal(ssvc_store_open(ctx, &st, &b), SSVC_OK);
  static const struct {
    int code, want;
  } codes[] = {{7, SSVC_ESTORAGE},          {-999, SSVC_ESTORAGE},        {SSVC_EINVAL, SSVC_EINVAL},
               {SSVC_EBUSY, SSVC_EBUSY},    {SSVC_ENOMEM, SSVC_ENOMEM},   {SSVC_ESTORAGE, SSVC_ESTORAGE}};
  for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
    odd_code = codes[i].code;
    ssvc_case *c = NULL;
    int rc = ssvc_case_load(st, &c, "SC-2026-000001");
    if (rc != codes[i].want)
      fail_msg("backend code %d: got %s (%s)", codes[i].code, ssvc_status_name(rc),
               ssvc_ctx_errmsg(ctx));
    assert_null(c);
    assert_non_null(strstr(ssvc_ctx_errmsg(ctx), "ssvc_case_load: storage: "));
  }
  ssvc_store_free(st);
  ssvc_ctx_free(ctx);
}

static void store_open_checks_backend(void **state) {
  struct fixture *f = *state;
  ssvc_store *st = (ssvc_store *)1;
  ssvc_storage_backend b = f->be;
  b.scan = NULL;
  assert_int_equal(ssvc_store_open(f->ctx, &st, &b), SSVC_EINVAL);
  assert_null(st);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "ssvc_store_open: backend->scan must not be NULL");
  /* Every required function is named when it is missing. */
  static const char *const names[] = {"get", "put", "del", "scan", "begin", "commit", "rollback"};
  for (int i = 0; i < 7; i++) {
    b = f->be;
    void **fn[] = {(void **)&b.get, (void **)&b.put, (void **)&b.del, (void **)&b.scan,
                   (void **)&b.begin, (void **)&b.commit, (void **)&b.rollback};
    *fn[i] = NULL;
    char want[96];
    snprintf(want, sizeof want, "ssvc_store_open: backend->%s must not be NULL", names[i]);
    assert_int_equal(ssvc_store_open(f->ctx, &st, &b), SSVC_EINVAL);
    assert_string_equal(ssvc_ctx_errmsg(f->ctx), want);
  }
  b = f->be;
  b.version = 0;
  assert_int_equal(ssvc_store_open(f->ctx, &st, &b), SSVC_EVERSION);
  b.version = SSVC_STORAGE_BACKEND_VERSION + 1;
  assert_int_equal(ssvc_store_open(f->ctx, &st, &b), SSVC_EVERSION);
  assert_int_equal(ssvc_store_open(f->ctx, &st, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_store_open(f->ctx, NULL, &f->be), SSVC_EINVAL);
  assert_int_equal(ssvc_store_open(NULL, &st, &f->be), SSVC_EINVAL);
  assert_int_equal(ssvc_storage_backend_init(NULL, 1), SSVC_EINVAL);
  assert_int_equal(ssvc_storage_backend_init(&b, 0), SSVC_EVERSION);
  assert_int_equal(ssvc_storage_backend_init(&b, SSVC_STORAGE_BACKEND_VERSION + 1), SSVC_EVERSION);
  assert_int_equal(ssvc_storage_set_error(f->ctx, SSVC_EBUSY, "locked"), SSVC_EBUSY);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "locked");
  assert_int_equal(ssvc_storage_set_error(f->ctx, 5, "positive"), SSVC_EINVAL);
  assert_int_equal(ssvc_storage_set_error(NULL, SSVC_EBUSY, "x"), SSVC_EBUSY);
  assert_int_equal(ssvc_store_memory_new(f->ctx, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_store_memory_new(NULL, &st), SSVC_EINVAL);
  assert_int_equal(ssvc_storage_memory_backend(f->ctx, NULL), SSVC_EINVAL);
  ssvc_store_free(NULL);
  assert_null(ssvc_store_ctx(NULL));
}

/* ---- Memory only: allocation failures while nodes split ---- */

/* Puts @p key into a memory backend whose context allocates through @p fa, failing allocation k
 * (once or from k on) for every k: the put fails with SSVC_ENOMEM, and after the rollback the
 * backend holds exactly what it held before. Returns the allocations of a clean put. */
static long split_under_faults(const char *key, int nkeys, int step) {
  long points = -1;
  for (long k = 0;; k++) {
    for (int persistent = 0; persistent <= (k ? 1 : 0); persistent++) {
      fault_alloc fa;
      ssvc_allocator alloc;
      ssvc_ctx *ctx = fault_ctx_new(&fa, &alloc);
      ssvc_storage_backend be;
      assert_int_equal(ssvc_storage_memory_backend(ctx, &be), SSVC_OK);
      assert_int_equal(be.begin(be.user_data, SSVC_STORAGE_TXN_WRITE), SSVC_OK);
      for (int i = 0; i < nkeys; i++) {
        char kb[16];
        snprintf(kb, sizeof kb, "k%06d", i * step);
        assert_int_equal(be.put(be.user_data, kb, strlen(kb), "v", 1, SSVC_STORAGE_NEW, NULL), 0);
      }
      assert_int_equal(be.commit(be.user_data), SSVC_OK);
      char *before = storage_dump(&be);
      long start = fa.calls;
      fault_alloc_arm(&fa, k, persistent);
      assert_int_equal(be.begin(be.user_data, SSVC_STORAGE_TXN_WRITE), SSVC_OK);
      int rc = be.put(be.user_data, key, strlen(key), "value", 5, SSVC_STORAGE_NEW, NULL);
      fault_alloc_arm(&fa, 0, 0);
      long used = fa.calls - start;
      if (k == 0) {
        assert_int_equal(rc, SSVC_OK);
        points = used;
        assert_int_equal(be.rollback(be.user_data), SSVC_OK);
      } else {
        if (rc != SSVC_ENOMEM) fail_msg("allocation %ld failing: put gave %d", k, rc);
        assert_int_equal(be.rollback(be.user_data), SSVC_OK);
      }
      char *after = storage_dump(&be);
      if (strcmp(before, after) != 0) fail_msg("allocation %ld failing: the tree changed", k);
      /* And the tree still works: the key goes in and is found in order. */
      assert_int_equal(be.begin(be.user_data, SSVC_STORAGE_TXN_WRITE), SSVC_OK);
      assert_int_equal(be.put(be.user_data, key, strlen(key), "value", 5, SSVC_STORAGE_NEW, NULL),
                       SSVC_OK);
      assert_int_equal(be.commit(be.user_data), SSVC_OK);
      const void *v;
      size_t n;
      uint64_t ver;
      assert_int_equal(be.get(be.user_data, key, strlen(key), &v, &n, &ver), SSVC_OK);
      free(before);
      free(after);
      be.close(be.user_data);
      ssvc_ctx_free(ctx);
      assert_int_equal(fa.live, 0);
    }
    if (k >= points && points >= 0) break;
  }
  return points;
}

static void memory_splits_fail_cleanly(void **state) {
  (void)state;
  if (strcmp(kind, "memory") != 0) {
    skip();
    return;
  }
  /* 64 x 64 appended keys fill the root: the next append splits a leaf, the root, and adds a
   * level. A key in the middle of a full leaf splits it in halves. */
  assert_true(split_under_faults("k999999", 64 * 64, 1) >= 4);
  assert_true(split_under_faults("k000031", 64, 2) >= 3);
  assert_true(split_under_faults("k000001", 64 * 64, 2) >= 3);
}

/* ---- SQLite only ---- */

/* SQLite's allocator, failing from allocation number sq_fail_at on (0: never). */
static sqlite3_mem_methods sq_orig;
static long sq_calls, sq_fail_at;
static void *sq_malloc(int n) {
  if (sq_fail_at && ++sq_calls >= sq_fail_at) return NULL;
  return sq_orig.xMalloc(n);
}
static void *sq_realloc(void *p, int n) {
  if (sq_fail_at && ++sq_calls >= sq_fail_at) return NULL;
  return sq_orig.xRealloc(p, n);
}

static int count_keys(void *data, const void *k, size_t kl, const void *v, size_t vl,
                      uint64_t ver) {
  (void)k, (void)kl, (void)v, (void)vl, (void)ver;
  ++*(size_t *)data;
  return 0;
}

/* One day's work on a fresh SQLite database through its backend: open it (schema made), then in
 * one transaction write three keys, read one, scan them, delete one with its version, commit.
 * The message of a failure is copied to @p msg. */
static int sqlite_day(ssvc_ctx *ctx, const char *path, char *msg, size_t size) {
  ssvc_storage_backend be;
  ssvc_sqlite_options o = SSVC_SQLITE_OPTIONS_INIT;
  o.sync = SSVC_SQLITE_SYNC_NORMAL; /* a thousand runs: no fsync at every commit */
  int rc = ssvc_sqlite_backend(ctx, &be, path, &o);
  if (rc) {
    snprintf(msg, size, "%s", ssvc_ctx_errmsg(ctx));
    return rc;
  }
  void *u = be.user_data;
  uint64_t v1 = 0, ver;
  const void *val;
  size_t vlen, n = 0;
  if (!(rc = be.begin(u, SSVC_STORAGE_TXN_WRITE)) &&
      !(rc = be.put(u, "k1", 2, "one", 3, SSVC_STORAGE_NEW, &v1)) &&
      !(rc = be.put(u, "k2", 2, "two", 3, SSVC_STORAGE_NEW, NULL)) &&
      !(rc = be.put(u, "k3", 2, "", 0, SSVC_STORAGE_NEW, NULL)) &&
      !(rc = be.get(u, "k2", 2, &val, &vlen, &ver)) &&
      !(rc = be.scan(u, "k", 1, "l", 1, count_keys, &n)) && !(rc = be.del(u, "k1", 2, v1)))
    rc = be.commit(u);
  if (rc) {
    snprintf(msg, size, "%s", be.errmsg(u));
    be.rollback(u);
  }
  be.close(u);
  return rc;
}

/* When SQLite cannot allocate at any point of opening a store and a day's work on it: the call
 * fails with SSVC_ENOMEM or SSVC_ESTORAGE and a message, nothing is half written (after the
 * failure the file holds either nothing of the transaction or all of it), and the next open
 * works. Every point is tried; the count is printed and must not be zero. */
static void sqlite_out_of_memory(void **state) {
  (void)state;
  if (strcmp(kind, "sqlite") != 0) {
    skip();
    return;
  }
  sqlite3_mem_methods m;
  assert_int_equal(sqlite3_shutdown(), SQLITE_OK);
  assert_int_equal(sqlite3_config(SQLITE_CONFIG_GETMALLOC, &sq_orig), SQLITE_OK);
  m = sq_orig;
  m.xMalloc = sq_malloc;
  m.xRealloc = sq_realloc;
  assert_int_equal(sqlite3_config(SQLITE_CONFIG_MALLOC, &m), SQLITE_OK);
  assert_int_equal(sqlite3_initialize(), SQLITE_OK);
  char path[4300];
  /* A thousand databases made and removed: in memory-backed /dev/shm where there is one. */
  struct stat sb;
  snprintf(path, sizeof path, "%s/ssvc-oom-%d.db",
           stat("/dev/shm", &sb) == 0 && S_ISDIR(sb.st_mode) ? "/dev/shm" : dbpath, (int)getpid());
  ssvc_ctx *ctx;
  assert_int_equal(ssvc_ctx_new(&ctx, NULL), SSVC_OK);
  long points = 0, nomem = 0;
  for (long k = 1;; k++) {
    remove_db(path);
    sq_calls = 0;
    sq_fail_at = k;
    char msg[512] = "";
    int rc = sqlite_day(ctx, path, msg, sizeof msg);
    sq_fail_at = 0;
    if (rc == SSVC_OK) break;
    points++;
    if (rc != SSVC_ENOMEM && rc != SSVC_ESTORAGE)
      fail_msg("SQLite allocation %ld fails: %s (%s)", k, ssvc_status_name(rc), msg);
    if (rc == SSVC_ENOMEM) nomem++;
    if (!*msg)
      fail_msg("SQLite allocation %ld fails: %s without a message", k, ssvc_status_name(rc));
    /* All or nothing: k1 deleted, k2 and k3 there; or none of them. */
    ssvc_storage_backend be;
    if (ssvc_sqlite_backend(ctx, &be, path, NULL) == SSVC_OK) {
      size_t n = 0;
      assert_int_equal(be.scan(be.user_data, "k", 1, "l", 1, count_keys, &n), SSVC_OK);
      if (n != 0 && n != 2) fail_msg("allocation %ld: %zu keys after the failure", k, n);
      be.close(be.user_data);
    }
    assert_true(k < 100000);
  }
  print_message("SQLite allocation failure points: %ld (%ld reported as out of memory)\n", points,
                nomem);
  assert_true(points > 20 && nomem > 0);
  remove_db(path);
  ssvc_ctx_free(ctx);
  assert_int_equal(sqlite3_shutdown(), SQLITE_OK);
  assert_int_equal(sqlite3_config(SQLITE_CONFIG_MALLOC, &sq_orig), SQLITE_OK);
  assert_int_equal(sqlite3_initialize(), SQLITE_OK);
}

/* The durability setting's names round-trip and an unknown name is refused by name. */
static void sqlite_sync_names(void **state) {
  (void)state;
  ssvc_ctx *ctx;
  assert_int_equal(ssvc_ctx_new(&ctx, NULL), SSVC_OK);
  for (int v = SSVC_SQLITE_SYNC_FULL; v <= SSVC_SQLITE_SYNC_NORMAL; v++) {
    int back = -1;
    assert_int_equal(ssvc_sqlite_sync_from_name(ctx, &back, ssvc_sqlite_sync_name(v)), SSVC_OK);
    assert_int_equal(back, v);
  }
  assert_string_equal(ssvc_sqlite_sync_name(SSVC_SQLITE_SYNC_NORMAL), "normal");
  assert_null(ssvc_sqlite_sync_name(2));
  assert_null(ssvc_sqlite_sync_name(-1));
  int untouched = -1;
  assert_int_equal(ssvc_sqlite_sync_from_name(ctx, &untouched, "off"), SSVC_ENOTFOUND);
  assert_string_equal(ssvc_ctx_errmsg(ctx), "ssvc_sqlite_sync_from_name: unknown sync setting 'off'");
  assert_int_equal(untouched, -1);
  assert_int_equal(ssvc_sqlite_sync_from_name(ctx, NULL, "full"), SSVC_EINVAL);
  assert_int_equal(ssvc_sqlite_sync_from_name(ctx, &untouched, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_sqlite_sync_from_name(NULL, &untouched, "fast"), SSVC_ENOTFOUND);
  ssvc_ctx_free(ctx);
}

static void sqlite_schema_and_errors(void **state) {
  struct fixture *f = *state;
  if (strcmp(kind, "sqlite") != 0) {
    skip();
    return;
  }
  f->be.close(f->be.user_data);
  memset(&f->be, 0, sizeof f->be);
  sqlite3 *db;
  assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
  sqlite3_stmt *q;
  assert_int_equal(sqlite3_prepare_v2(db, "SELECT version FROM ssvc_schema", -1, &q, NULL), 0);
  assert_int_equal(sqlite3_step(q), SQLITE_ROW);
  assert_int_equal(sqlite3_column_int(q, 0), SSVC_SQLITE_SCHEMA_VERSION);
  sqlite3_finalize(q);
  assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &q, NULL), 0);
  assert_int_equal(sqlite3_step(q), SQLITE_ROW);
  assert_string_equal((const char *)sqlite3_column_text(q, 0), "wal");
  sqlite3_finalize(q);
  /* A database from a newer library is refused, untouched. */
  assert_int_equal(sqlite3_exec(db, "UPDATE ssvc_schema SET version = 99", 0, 0, 0), SQLITE_OK);
  sqlite3_close(db);
  ssvc_store *st = (ssvc_store *)1;
  assert_int_equal(ssvc_sqlite_open(f->ctx, &st, f->path, NULL), SSVC_EVERSION);
  assert_null(st);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "schema version 99, newer"));
  /* Not a database. */
  char other[4300];
  snprintf(other, sizeof other, "%s.txt", f->path);
  FILE *fp = fopen(other, "w");
  fputs("this is not a database, just some text that is long enough......", fp);
  fclose(fp);
  assert_int_equal(ssvc_sqlite_open(f->ctx, &st, other, NULL), SSVC_ESTORAGE);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), other));
  remove_db(other);
  /* A directory, a missing file with must_exist, bad options. */
  assert_int_equal(ssvc_sqlite_open(f->ctx, &st, dbpath, NULL), SSVC_ESTORAGE);
  ssvc_sqlite_options o = SSVC_SQLITE_OPTIONS_INIT;
  o.must_exist = 1;
  assert_int_equal(ssvc_sqlite_open(f->ctx, &st, other, &o), SSVC_ENOTFOUND);
  assert_int_equal(access(other, F_OK), -1);
  o.must_exist = 0;
  o.sync = 7;
  assert_int_equal(ssvc_sqlite_open(f->ctx, &st, other, &o), SSVC_EINVAL);
  o.sync = 0;
  o.busy_timeout_ms = -1;
  assert_int_equal(ssvc_sqlite_open(f->ctx, &st, other, &o), SSVC_EINVAL);
  o.version = 0;
  assert_int_equal(ssvc_sqlite_open(f->ctx, &st, other, &o), SSVC_EVERSION);
  assert_int_equal(ssvc_sqlite_options_init(&o, 0), SSVC_EVERSION);
  assert_int_equal(ssvc_sqlite_options_init(NULL, 1), SSVC_EINVAL);
  assert_int_equal(ssvc_sqlite_options_init(&o, SSVC_SQLITE_OPTIONS_VERSION), SSVC_OK);
  assert_int_equal(ssvc_sqlite_open(f->ctx, &st, NULL, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_sqlite_open(f->ctx, NULL, other, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_sqlite_open(NULL, &st, other, NULL), SSVC_EINVAL);
  /* Schema 0 (an empty file made by an older tool) is migrated. */
  assert_int_equal(sqlite3_open(other, &db), SQLITE_OK);
  sqlite3_close(db);
  assert_int_equal(ssvc_sqlite_open(f->ctx, &st, other, NULL), SSVC_OK);
  ssvc_store_free(st);
  remove_db(other);
}

/* The arguments of ssvc_sqlite_backend() are checked before any file is touched; must_exist opens
 * a database that is there. */
static void sqlite_open_arguments(void **state) {
  struct fixture *f = *state;
  if (strcmp(kind, "sqlite") != 0) {
    skip();
    return;
  }
  char other[4300];
  snprintf(other, sizeof other, "%s.new", f->path);
  ssvc_storage_backend b;
  assert_int_equal(ssvc_sqlite_backend(NULL, &b, other, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_sqlite_backend(f->ctx, NULL, other, NULL), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "ssvc_sqlite_open: backend must not be NULL");
  assert_int_equal(ssvc_sqlite_backend(f->ctx, &b, "", NULL), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "ssvc_sqlite_open: path must be given");
  ssvc_sqlite_options o = SSVC_SQLITE_OPTIONS_INIT;
  o.version = SSVC_SQLITE_OPTIONS_VERSION + 1;
  assert_int_equal(ssvc_sqlite_backend(f->ctx, &b, other, &o), SSVC_EVERSION);
  assert_string_equal(ssvc_ctx_errmsg(f->ctx), "ssvc_sqlite_open: options->version is not supported");
  assert_int_equal(ssvc_sqlite_options_init(&o, SSVC_SQLITE_OPTIONS_VERSION + 1), SSVC_EVERSION);
  assert_int_equal(access(other, F_OK), -1); /* nothing was created */
  /* must_exist: the fixture's database is there, and is opened with what it holds. */
  assert_int_equal(ssvc_sqlite_options_init(&o, SSVC_SQLITE_OPTIONS_VERSION), SSVC_OK);
  o.must_exist = 1;
  begin(f);
  assert_int_equal(put(f, "kept", "v", SSVC_STORAGE_NEW, NULL), SSVC_OK);
  commit(f);
  assert_int_equal(ssvc_sqlite_backend(f->ctx, &b, f->path, &o), SSVC_OK);
  const void *v;
  size_t n;
  uint64_t ver;
  assert_int_equal(b.get(b.user_data, "kept", 4, &v, &n, &ver), SSVC_OK);
  b.close(b.user_data);
}

/* A schema table with two rows or a negative version was not written by this library: the open
 * is refused as damaged, and the database is left as it is. */
static void sqlite_damaged_schema_table(void **state) {
  struct fixture *f = *state;
  if (strcmp(kind, "sqlite") != 0) {
    skip();
    return;
  }
  f->be.close(f->be.user_data);
  memset(&f->be, 0, sizeof f->be);
  static const char *const damage[] = {"INSERT INTO ssvc_schema VALUES (1)",
                                       "UPDATE ssvc_schema SET version = -1"};
  for (int i = 0; i < 2; i++) {
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "DELETE FROM ssvc_schema; INSERT INTO ssvc_schema VALUES (1)",
                                  NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, damage[i], NULL, NULL, NULL), SQLITE_OK);
    ssvc_store *st = (ssvc_store *)1;
    assert_int_equal(ssvc_sqlite_open(f->ctx, &st, f->path, NULL), SSVC_ESTORAGE);
    assert_null(st);
    char want[4400];
    snprintf(want, sizeof want, "ssvc_sqlite_open: %s is damaged: run smartservice check (ssvc_schema)",
             f->path);
    assert_string_equal(ssvc_ctx_errmsg(f->ctx), want);
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*), min(version) FROM ssvc_schema", -1,
                                        &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(q, 0), i == 0 ? 2 : 1);
    assert_int_equal(sqlite3_column_int(q, 1), i == 0 ? 1 : -1);
    sqlite3_finalize(q);
    sqlite3_close(db);
  }
}

/* A read transaction sees one snapshot: a commit of another connection in the middle of it is
 * seen only after it ends. */
static void sqlite_read_transaction_sees_one_snapshot(void **state) {
  struct fixture *f = *state;
  if (strcmp(kind, "sqlite") != 0) {
    skip();
    return;
  }
  begin(f);
  assert_int_equal(put(f, "k", "one", SSVC_STORAGE_NEW, NULL), SSVC_OK);
  commit(f);
  ssvc_storage_backend o;
  assert_int_equal(ssvc_sqlite_backend(f->ctx, &o, f->path, NULL), SSVC_OK);
  assert_int_equal(B->begin(U, 0), SSVC_OK);
  want_value(f, "k", "one", 1);
  assert_int_equal(o.begin(o.user_data, SSVC_STORAGE_TXN_WRITE), SSVC_OK); /* not blocked */
  assert_int_equal(o.put(o.user_data, "k", 1, "two", 3, 1, NULL), SSVC_OK);
  assert_int_equal(o.commit(o.user_data), SSVC_OK);
  want_value(f, "k", "one", 1);
  commit(f);
  want_value(f, "k", "two", 2);
  o.close(o.user_data);
}

/* A database in rollback-journal mode that another program is reading cannot be switched to WAL:
 * the open retries for the busy timeout, then fails with SSVC_EBUSY saying why; once the reader
 * is done it opens. */
static void sqlite_wal_switch_waits_for_readers(void **state) {
  struct fixture *f = *state;
  if (strcmp(kind, "sqlite") != 0) {
    skip();
    return;
  }
  char old[4300];
  snprintf(old, sizeof old, "%s.rollback", f->path);
  remove_db(old);
  sqlite3 *db;
  assert_int_equal(sqlite3_open(old, &db), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db, "CREATE TABLE t (x); INSERT INTO t VALUES (1); BEGIN;"
                                    "SELECT * FROM t", NULL, NULL, NULL), SQLITE_OK);
  ssvc_sqlite_options o = SSVC_SQLITE_OPTIONS_INIT;
  o.busy_timeout_ms = 50;
  ssvc_storage_backend b;
  assert_int_equal(ssvc_sqlite_backend(f->ctx, &b, old, &o), SSVC_EBUSY);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), ": database is locked by another connection"));
  assert_int_equal(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
  assert_int_equal(ssvc_sqlite_backend(f->ctx, &b, old, &o), SSVC_OK);
  b.close(b.user_data);
  sqlite3_close(db);
  remove_db(old);
}

static void sqlite_busy_when_locked(void **state) {
  struct fixture *f = *state;
  if (strcmp(kind, "sqlite") != 0) {
    skip();
    return;
  }
  ssvc_sqlite_options o = SSVC_SQLITE_OPTIONS_INIT;
  o.busy_timeout_ms = 50;
  ssvc_storage_backend other;
  assert_int_equal(ssvc_sqlite_backend(f->ctx, &other, f->path, &o), SSVC_OK);
  begin(f); /* holds the write lock */
  assert_int_equal(other.begin(other.user_data, SSVC_STORAGE_TXN_WRITE), SSVC_EBUSY);
  assert_non_null(strstr(other.errmsg(other.user_data), "locked"));
  /* Readers are not blocked by the writer (WAL). */
  assert_int_equal(put(f, "w", "pending", SSVC_STORAGE_NEW, NULL), SSVC_OK);
  const void *v;
  size_t n;
  uint64_t ver;
  assert_int_equal(other.get(other.user_data, "w", 1, &v, &n, &ver), SSVC_ENOTFOUND);
  commit(f);
  assert_int_equal(other.get(other.user_data, "w", 1, &v, &n, &ver), SSVC_OK);
  other.close(other.user_data);
}

/* Through the case API: a writer waiting too long for another process's lock gets SSVC_EBUSY with
 * the backend's message, and nothing is written. */
static void sqlite_busy_reaches_the_caller(void **state) {
  struct fixture *f = *state;
  if (strcmp(kind, "sqlite") != 0) {
    skip();
    return;
  }
  ssvc_store *a, *b;
  ssvc_sqlite_options o = SSVC_SQLITE_OPTIONS_INIT;
  o.busy_timeout_ms = 50;
  ssvc_ctx *ctx_b;
  assert_int_equal(ssvc_ctx_new(&ctx_b, NULL), SSVC_OK);
  assert_int_equal(ssvc_sqlite_open(f->ctx, &a, f->path, NULL), SSVC_OK);
  assert_int_equal(ssvc_sqlite_open(ctx_b, &b, f->path, &o), SSVC_OK);
  ssvc_case_spec s = SSVC_CASE_SPEC_INIT;
  s.customer_id = "ACME";
  s.user_name = "Anna";
  s.imei = "490154203237518";
  s.model = "M";
  s.tier_code = "PROF";
  s.actor = "a";
  char id[SSVC_CASE_ID_SIZE];
  ssvc_agreement_spec as = SSVC_AGREEMENT_SPEC_INIT;
  as.customer_id = as.customer_name = "ACME";
  as.tier_code = "PROF";
  assert_int_equal(ssvc_agreement_create(a, &as, "lead"), SSVC_OK);
  assert_int_equal(ssvc_store_begin(a), SSVC_OK);
  assert_int_equal(ssvc_case_create(a, id, &s), SSVC_OK);
  assert_int_equal(ssvc_case_create(b, id, &s), SSVC_EBUSY);
  assert_string_equal(ssvc_ctx_errmsg(ctx_b),
                      "ssvc_case_create: storage: database is locked by another connection");
  assert_int_equal(ssvc_store_commit(a), SSVC_OK);
  s.imei = "356938035643809"; /* another phone: one open case per phone */
  assert_int_equal(ssvc_case_create(b, id, &s), SSVC_OK);
  assert_string_equal(id + 7, "-000002"); /* the second case of this year */
  ssvc_case_stats st = SSVC_CASE_STATS_INIT;
  assert_int_equal(ssvc_case_stats_get(a, NULL, &st), SSVC_OK);
  assert_int_equal(st.total, 2);
  ssvc_store_free(b);
  ssvc_store_free(a);
  ssvc_ctx_free(ctx_b);
  f->be.close(f->be.user_data);
  memset(&f->be, 0, sizeof f->be);
}


/* A key or value longer than the backend can hold (SQLite: its length limit, 1 GB by default;
 * PostgreSQL: 2 GiB) is refused with SSVC_ESTORAGE before anything is sent, and nothing is
 * written. The bytes are a read-only mapping that is never touched (no memory is used). */
static void too_long_for_the_backend(void **state) {
  struct fixture *f = *state;
  if (strcmp(kind, "memory") == 0) { /* it holds whatever it can allocate */
    skip();
    return;
  }
  size_t limit = (size_t)INT32_MAX;
  if (strcmp(kind, "sqlite") == 0) {
    sqlite3 *db;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    limit = (size_t)sqlite3_limit(db, SQLITE_LIMIT_LENGTH, -1);
    sqlite3_close(db);
  }
  size_t len = limit + 1;
  void *huge = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  assert_true(huge != MAP_FAILED);
  const char *says = strcmp(kind, "sqlite") == 0 ? "too big" : "longer than 2 GiB";
  begin(f);
  assert_int_equal(put(f, "small", "v", SSVC_STORAGE_NEW, NULL), SSVC_OK);
  assert_int_equal(B->put(U, "k", 1, huge, len, SSVC_STORAGE_NEW, NULL), SSVC_ESTORAGE);
  assert_non_null(strstr(B->errmsg(U), says));
  assert_int_equal(B->put(U, huge, len, "v", 1, SSVC_STORAGE_ANY, NULL), SSVC_ESTORAGE);
  assert_non_null(strstr(B->errmsg(U), says));
  if (strcmp(kind, "sqlite") == 0) { /* every statement binds its key the same way */
    const void *v;
    size_t n = 0;
    uint64_t ver;
    assert_int_equal(B->put(U, "k", 1, huge, len, 1, NULL), SSVC_ESTORAGE);
    assert_int_equal(B->get(U, huge, len, &v, &n, &ver), SSVC_ESTORAGE);
    assert_int_equal(B->del(U, huge, len, SSVC_STORAGE_ANY), SSVC_ESTORAGE);
    assert_int_equal(B->del(U, huge, len, 1), SSVC_ESTORAGE);
    assert_int_equal(B->scan(U, huge, len, NULL, 0, count_keys, &n), SSVC_ESTORAGE);
    assert_int_equal(B->scan(U, "a", 1, huge, len, count_keys, &n), SSVC_ESTORAGE);
    assert_int_equal(n, 0);
    assert_non_null(strstr(B->errmsg(U), says));
  }
  commit(f); /* a refused call leaves the transaction as it was */
  want_value(f, "small", "v", 1);
  want_value(f, "k", NULL, 0);
  munmap(huge, len);
}

/* ---- PostgreSQL only ---- */

static int pg_only(void) {
  if (strcmp(kind, "pg") == 0) return 1;
  skip();
  return 0;
}

/* A server that refuses every statement (the store's table is gone, as after a DBA's mistake):
 * each operation, in a transaction and alone, fails with SSVC_ESTORAGE and the server's message;
 * inside a transaction the first failure is kept and every later call returns it, the commit
 * fails and the rollback succeeds; the backend is usable again once the table is back. */
static void pg_server_errors_reach_the_caller(void **state) {
  struct fixture *f = *state;
  if (!pg_only()) return;
  begin(f);
  for (int i = 0; i < 600; i++) { /* more than one scan batch (512 rows) */
    char k[16];
    snprintf(k, sizeof k, "k%04d", i);
    assert_int_equal(put(f, k, "v", SSVC_STORAGE_NEW, NULL), SSVC_OK);
  }
  commit(f);
  size_t n = 0;
  assert_int_equal(B->scan(U, "k", 1, "l", 1, count_keys, &n), SSVC_OK);
  assert_int_equal(n, 600);
  char stmt[4400];
  snprintf(stmt, sizeof stmt, "ALTER TABLE \"%s\".kv RENAME TO kv_away", f->path);
  pg_sql(stmt);
  snprintf(stmt, sizeof stmt, "CREATE TABLE \"%s\".kv (k int)", f->path);
  pg_sql(stmt); /* a table of the wrong shape: every statement of the backend fails */
  const void *v;
  size_t vn;
  uint64_t ver;
  /* Alone: each call fails on its own and names the server's complaint. */
  assert_int_equal(B->get(U, "k0001", 5, &v, &vn, &ver), SSVC_ESTORAGE);
  assert_true(strlen(B->errmsg(U)) > 0);
  assert_int_equal(put(f, "new", "v", SSVC_STORAGE_NEW, NULL), SSVC_ESTORAGE);
  assert_int_equal(B->del(U, "k0001", 5, SSVC_STORAGE_ANY), SSVC_ESTORAGE);
  n = 0;
  assert_int_equal(B->scan(U, "k", 1, "l", 1, count_keys, &n), SSVC_ESTORAGE);
  assert_int_equal(n, 0);
  /* In a transaction: the first failure sticks. */
  begin(f);
  assert_int_equal(put(f, "new", "v", SSVC_STORAGE_NEW, NULL), SSVC_ESTORAGE);
  char first[512];
  snprintf(first, sizeof first, "%s", B->errmsg(U));
  assert_int_equal(B->get(U, "k0001", 5, &v, &vn, &ver), SSVC_ESTORAGE);
  assert_int_equal(B->del(U, "k0001", 5, SSVC_STORAGE_ANY), SSVC_ESTORAGE);
  assert_int_equal(B->scan(U, "k", 1, "l", 1, count_keys, &n), SSVC_ESTORAGE);
  assert_int_not_equal(B->commit(U), SSVC_OK);
  assert_int_equal(B->rollback(U), SSVC_OK);
  /* The table back: everything as it was, nothing of the failed calls written. */
  snprintf(stmt, sizeof stmt, "DROP TABLE \"%s\".kv", f->path);
  pg_sql(stmt);
  snprintf(stmt, sizeof stmt, "ALTER TABLE \"%s\".kv_away RENAME TO kv", f->path);
  pg_sql(stmt);
  want_value(f, "k0001", "v", 1);
  want_value(f, "new", NULL, 0);
  n = 0;
  assert_int_equal(B->scan(U, "k", 1, "l", 1, count_keys, &n), SSVC_OK);
  assert_int_equal(n, 600);
}

static void pg_schema_and_errors(void **state) {
  struct fixture *f = *state;
  if (!pg_only()) return;
  f->be.close(f->be.user_data);
  memset(&f->be, 0, sizeof f->be);
  ssvc_pg_options o = SSVC_PG_OPTIONS_INIT;
  o.schema = f->path;
  char stmt[4400];
  /* A newer schema is refused, and left as it is. */
  snprintf(stmt, sizeof stmt, "UPDATE \"%s\".ssvc_schema SET version = 99", f->path);
  pg_sql(stmt);
  ssvc_store *st = (ssvc_store *)1;
  assert_int_equal(ssvc_pg_open(f->ctx, &st, pg_dsn, &o), SSVC_EVERSION);
  assert_null(st);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "schema version 99, newer than this library"));
  snprintf(stmt, sizeof stmt, "UPDATE \"%s\".ssvc_schema SET version = %d", f->path,
           SSVC_PG_SCHEMA_VERSION);
  pg_sql(stmt);
  assert_int_equal(ssvc_pg_open(f->ctx, &st, pg_dsn, &o), SSVC_OK);
  ssvc_store_free(st);
  /* An unreachable server: the message names the target, never the password. */
  assert_int_equal(ssvc_pg_open(f->ctx, &st, "postgresql://who:s3cret@127.0.0.1:1/nodb", NULL),
                   SSVC_ESTORAGE);
  const char *m = ssvc_ctx_errmsg(f->ctx);
  assert_non_null(strstr(m, "ssvc_pg_open: host=127.0.0.1 port=1 dbname=nodb user=who"));
  assert_non_null(strstr(m, "cannot connect"));
  assert_null(strstr(m, "s3cret"));
  assert_int_equal(ssvc_pg_open(f->ctx, &st, "host=127.0.0.1 port=1 password=s3cret", NULL),
                   SSVC_ESTORAGE);
  assert_null(strstr(ssvc_ctx_errmsg(f->ctx), "s3cret"));
  /* A malformed connection string, bad options. */
  assert_int_equal(ssvc_pg_open(f->ctx, &st, "no equals sign", NULL), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "conninfo is not a connection string"));
  o.lock_timeout_ms = -2;
  assert_int_equal(ssvc_pg_open(f->ctx, &st, pg_dsn, &o), SSVC_EINVAL);
  o.lock_timeout_ms = 0;
  o.statement_timeout_ms = -1;
  assert_int_equal(ssvc_pg_open(f->ctx, &st, pg_dsn, &o), SSVC_EINVAL);
  o.statement_timeout_ms = 0;
  o.schema = "a_schema_name_that_is_longer_than_the_sixty_three_bytes_postgres_allows";
  assert_int_equal(ssvc_pg_open(f->ctx, &st, pg_dsn, &o), SSVC_EINVAL);
  o.version = 0;
  assert_int_equal(ssvc_pg_open(f->ctx, &st, pg_dsn, &o), SSVC_EVERSION);
  o.version = SSVC_PG_OPTIONS_VERSION + 1;
  assert_int_equal(ssvc_pg_open(f->ctx, &st, pg_dsn, &o), SSVC_EVERSION);
  assert_int_equal(ssvc_pg_options_init(&o, 0), SSVC_EVERSION);
  assert_int_equal(ssvc_pg_options_init(NULL, 1), SSVC_EINVAL);
  assert_int_equal(ssvc_pg_options_init(&o, SSVC_PG_OPTIONS_VERSION), SSVC_OK);
  assert_null(o.schema);
  assert_int_equal(ssvc_pg_open(f->ctx, &st, NULL, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_pg_open(f->ctx, NULL, pg_dsn, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_pg_open(NULL, &st, pg_dsn, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_pg_backend(f->ctx, NULL, pg_dsn, NULL), SSVC_EINVAL);
  assert_true(ssvc_pg_is_uri("postgresql://h/db"));
  assert_true(ssvc_pg_is_uri("postgres://h/db"));
  assert_false(ssvc_pg_is_uri("cases.db"));
  assert_false(ssvc_pg_is_uri(NULL));
  /* The tables a migration made: bytea keys and values, bigint versions. */
  PGconn *c = PQconnectdb(pg_dsn);
  snprintf(stmt, sizeof stmt,
           "SELECT string_agg(column_name || ' ' || data_type, ',' ORDER BY ordinal_position)"
           " FROM information_schema.columns WHERE table_schema = '%s' AND table_name = 'kv'",
           f->path);
  PGresult *r = PQexec(c, stmt);
  assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
  assert_string_equal(PQgetvalue(r, 0, 0), "k bytea,v bytea,ver bigint");
  PQclear(r);
  PQfinish(c);
  open_backend(f);
}

/* A second connection with a short lock timeout. */
static void pg_other(struct fixture *f, ssvc_storage_backend *b) {
  ssvc_pg_options o = SSVC_PG_OPTIONS_INIT;
  o.schema = f->path;
  o.lock_timeout_ms = 100;
  assert_int_equal(ssvc_pg_backend(f->ctx, b, pg_dsn, &o), SSVC_OK);
}

static void pg_locks_busy_and_aborted_transactions(void **state) {
  struct fixture *f = *state;
  if (!pg_only()) return;
  ssvc_storage_backend o;
  pg_other(f, &o);
  const void *v;
  size_t n;
  uint64_t ver;
  /* B waits for A's uncommitted insert of the same key, then gives up: SSVC_EBUSY. The failure
   * aborts B's transaction: everything after it fails too, and its commit writes nothing. */
  begin(f);
  assert_int_equal(put(f, "k", "a", SSVC_STORAGE_NEW, NULL), SSVC_OK);
  assert_int_equal(o.begin(o.user_data, SSVC_STORAGE_TXN_WRITE), SSVC_OK);
  assert_int_equal(o.put(o.user_data, "own", 3, "b", 1, SSVC_STORAGE_NEW, NULL), SSVC_OK);
  assert_int_equal(o.put(o.user_data, "k", 1, "b", 1, SSVC_STORAGE_NEW, NULL), SSVC_EBUSY);
  assert_non_null(strstr(o.errmsg(o.user_data), "55P03"));
  assert_int_equal(o.put(o.user_data, "x", 1, "b", 1, SSVC_STORAGE_NEW, NULL), SSVC_EBUSY);
  assert_non_null(strstr(o.errmsg(o.user_data), "aborted"));
  assert_int_equal(o.get(o.user_data, "x", 1, &v, &n, &ver), SSVC_EBUSY);
  assert_int_not_equal(o.commit(o.user_data), SSVC_OK);
  assert_int_equal(o.rollback(o.user_data), SSVC_OK);
  commit(f);
  want_value(f, "own", NULL, 0);
  /* Now B's insert of the same key is a plain conflict. */
  assert_int_equal(o.begin(o.user_data, SSVC_STORAGE_TXN_WRITE), SSVC_OK);
  assert_int_equal(o.put(o.user_data, "k", 1, "b", 1, SSVC_STORAGE_NEW, NULL), SSVC_ECONFLICT);
  assert_int_equal(o.put(o.user_data, "own", 3, "b", 1, SSVC_STORAGE_NEW, NULL), SSVC_OK);
  assert_int_equal(o.commit(o.user_data), SSVC_OK);
  want_value(f, "own", "b", 1);
  /* A read in a write transaction locks the row until commit; reads outside do not wait. */
  begin(f);
  assert_int_equal(B->get(U, "k", 1, &v, &n, &ver), SSVC_OK);
  assert_int_equal(o.get(o.user_data, "k", 1, &v, &n, &ver), SSVC_OK);
  assert_int_equal(o.begin(o.user_data, SSVC_STORAGE_TXN_WRITE), SSVC_OK);
  assert_int_equal(o.get(o.user_data, "k", 1, &v, &n, &ver), SSVC_EBUSY);
  assert_int_equal(o.rollback(o.user_data), SSVC_OK);
  assert_int_equal(B->rollback(U), SSVC_OK);
  /* A read transaction sees one snapshot. */
  assert_int_equal(o.begin(o.user_data, 0), SSVC_OK);
  assert_int_equal(o.get(o.user_data, "k", 1, &v, &n, &ver), SSVC_OK);
  begin(f);
  assert_int_equal(put(f, "k", "a2", 1, NULL), SSVC_OK);
  commit(f);
  assert_int_equal(o.get(o.user_data, "k", 1, &v, &n, &ver), SSVC_OK);
  assert_int_equal(ver, 1);
  assert_int_equal(o.commit(o.user_data), SSVC_OK);
  assert_int_equal(o.get(o.user_data, "k", 1, &v, &n, &ver), SSVC_OK);
  assert_int_equal(ver, 2);
  o.close(o.user_data);
}

static void pg_reconnects_after_a_lost_connection(void **state) {
  struct fixture *f = *state;
  if (!pg_only()) return;
  begin(f);
  assert_int_equal(put(f, "k", "a", SSVC_STORAGE_NEW, NULL), SSVC_OK);
  commit(f);
  /* Kill the backend's server process while it holds a lock in a transaction. */
  begin(f);
  assert_int_equal(put(f, "k", "b", 1, NULL), SSVC_OK);
  char stmt[4400];
  snprintf(stmt, sizeof stmt,
           "SELECT pg_terminate_backend(l.pid) FROM pg_locks l JOIN pg_class c ON c.oid ="
           " l.relation JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = '%s'"
           " AND c.relname = 'kv'", f->path);
  pg_sql(stmt);
  assert_int_equal(put(f, "k", "c", 2, NULL), SSVC_ESTORAGE);
  assert_non_null(strstr(B->errmsg(U), "connection to host=127.0.0.1"));
  assert_int_not_equal(B->commit(U), SSVC_OK);
  assert_int_equal(B->rollback(U), SSVC_OK);
  /* The next transaction runs on a new connection; nothing of the cut one remains. */
  want_value(f, "k", "a", 1);
  begin(f);
  assert_int_equal(put(f, "k", "d", 1, NULL), SSVC_OK);
  commit(f);
  want_value(f, "k", "d", 2);
}

/* Two transactions that lock two rows in opposite orders: PostgreSQL's deadlock detector aborts
 * one of them, which the backend reports as SSVC_ECONFLICT (retried by the library); the other
 * goes on. The second transaction runs in a child process. */
static void pg_deadlock_is_a_conflict(void **state) {
  struct fixture *f = *state;
  if (!pg_only()) return;
  begin(f);
  assert_int_equal(put(f, "x", "1", SSVC_STORAGE_NEW, NULL), SSVC_OK);
  assert_int_equal(put(f, "y", "1", SSVC_STORAGE_NEW, NULL), SSVC_OK);
  commit(f);
  int ready[2];
  assert_int_equal(pipe(ready), 0);
  const void *v;
  size_t n;
  uint64_t ver;
  begin(f);
  assert_int_equal(B->get(U, "x", 1, &v, &n, &ver), SSVC_OK); /* A locks x */
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    ssvc_ctx *ctx;
    ssvc_storage_backend o;
    ssvc_pg_options po = SSVC_PG_OPTIONS_INIT;
    po.schema = f->path;
    po.lock_timeout_ms = -1;
    if (ssvc_ctx_new(&ctx, NULL) || ssvc_pg_backend(ctx, &o, pg_dsn, &po)) _exit(10);
    if (o.begin(o.user_data, SSVC_STORAGE_TXN_WRITE)) _exit(11);
    if (o.get(o.user_data, "y", 1, &v, &n, &ver)) _exit(12); /* B locks y */
    if (write(ready[1], "r", 1) != 1) _exit(13);
    int rc = o.get(o.user_data, "x", 1, &v, &n, &ver); /* B waits for A */
    int code = rc == SSVC_OK ? 0 : rc == SSVC_ECONFLICT && strstr(o.errmsg(o.user_data), "40P01")
                                       ? 1 : 14;
    if (rc == SSVC_OK && o.commit(o.user_data)) code = 15;
    o.rollback(o.user_data);
    o.close(o.user_data);
    ssvc_ctx_free(ctx);
    _exit(code);
  }
  char c;
  assert_int_equal(read(ready[0], &c, 1), 1);
  int rc = B->get(U, "y", 1, &v, &n, &ver); /* A waits for B: a deadlock */
  int a_lost = rc == SSVC_ECONFLICT;
  if (a_lost) assert_non_null(strstr(B->errmsg(U), "40P01"));
  else assert_int_equal(rc, SSVC_OK);
  assert_int_equal(B->rollback(U), SSVC_OK);
  int status;
  assert_int_equal(waitpid(pid, &status, 0), pid);
  assert_true(WIFEXITED(status));
  /* Exactly one of the two lost. */
  assert_int_equal(WEXITSTATUS(status), a_lost ? 0 : 1);
  close(ready[0]);
  close(ready[1]);
}

/* A role without CREATE rights opens a database that is already set up, and works. */
static void pg_least_privilege(void **state) {
  struct fixture *f = *state;
  if (!pg_only()) return;
  char role[64], stmt[18000], conninfo[2048] = "";
  snprintf(role, sizeof role, "ssvc_node_%d", (int)getpid());
  snprintf(stmt, sizeof stmt,
           "DROP ROLE IF EXISTS %s; CREATE ROLE %s LOGIN; GRANT USAGE ON SCHEMA \"%s\" TO %s;"
           " GRANT SELECT, INSERT, UPDATE, DELETE ON \"%s\".kv TO %s;"
           " GRANT SELECT ON \"%s\".ssvc_schema TO %s",
           role, role, f->path, role, f->path, role, f->path, role);
  pg_sql(stmt);
  /* The test server's host, port and database, with that role. */
  PQconninfoOption *opts = PQconninfoParse(pg_dsn, NULL);
  assert_non_null(opts);
  size_t n = 0;
  for (PQconninfoOption *o = opts; o->keyword; o++)
    if (o->val && *o->val && strcmp(o->keyword, "user") != 0 && n < sizeof conninfo)
      n += (size_t)snprintf(conninfo + n, sizeof conninfo - n, "%s='%s' ", o->keyword, o->val);
  PQconninfoFree(opts);
  snprintf(conninfo + n, sizeof conninfo - n, "user=%s", role);
  ssvc_pg_options o = SSVC_PG_OPTIONS_INIT;
  o.schema = f->path;
  ssvc_storage_backend b;
  int rc = ssvc_pg_backend(f->ctx, &b, conninfo, &o);
  if (rc) fail_msg("%s", ssvc_ctx_errmsg(f->ctx));
  assert_int_equal(b.begin(b.user_data, SSVC_STORAGE_TXN_WRITE), SSVC_OK);
  assert_int_equal(b.put(b.user_data, "r", 1, "v", 1, SSVC_STORAGE_NEW, NULL), SSVC_OK);
  assert_int_equal(b.commit(b.user_data), SSVC_OK);
  b.close(b.user_data);
  want_value(f, "r", "v", 1);
  /* A schema that is not there yet: the role may not create it, and the message says so. */
  o.schema = "ssvc_not_allowed_here";
  assert_int_equal(ssvc_pg_backend(f->ctx, &b, conninfo, &o), SSVC_ESTORAGE);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "permission denied"));
  snprintf(stmt, sizeof stmt, "DROP OWNED BY %s; DROP ROLE %s", role, role);
  pg_sql(stmt);
}

/* A keyword connection string to the test server: its host, port, database and user, where
 * @p extra ("dbname=x application_name=y") replaces what it names. */
static void pg_conninfo(char *out, size_t cap, const char *extra) {
  PQconninfoOption *opts = PQconninfoParse(pg_dsn, NULL);
  assert_non_null(opts);
  size_t n = 0;
  char spaced[512];
  snprintf(spaced, sizeof spaced, " %s", extra);
  for (PQconninfoOption *o = opts; o->keyword; o++) {
    char key[64];
    snprintf(key, sizeof key, " %s=", o->keyword);
    int replaced = strstr(spaced, key) != NULL;
    if (o->val && *o->val && !replaced && n < cap)
      n += (size_t)snprintf(out + n, cap - n, "%s='%s' ", o->keyword, o->val);
  }
  PQconninfoFree(opts);
  snprintf(out + n, cap - n, "%s", extra);
}

/* Runs @p tmpl on the test server with every '@' replaced by the quoted schema @p schema. */
static void pg_sql_at(const char *tmpl, const char *schema) {
  char stmt[2048];
  size_t n = 0;
  for (const char *t = tmpl; *t && n < sizeof stmt - 80; t++)
    if (*t == '@') n += (size_t)snprintf(stmt + n, sizeof stmt - n, "\"%.63s\"", schema);
    else stmt[n++] = *t;
  stmt[n] = 0;
  pg_sql(stmt);
}

/* Ends the server processes of the connections named @p app (application_name), waiting until
 * they are gone. */
static void pg_cut(const char *app) {
  char stmt[512];
  snprintf(stmt, sizeof stmt,
           "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE application_name"
           " = '%s'", app);
  pg_sql(stmt);
}

/* Arguments checked before connecting; a connection string that names no server is described as
 * the default server in the message. */
static void pg_open_arguments(void **state) {
  struct fixture *f = *state;
  if (!pg_only()) return;
  ssvc_storage_backend b;
  ssvc_pg_options o;
  assert_int_equal(ssvc_pg_backend(NULL, &b, pg_dsn, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_pg_options_init(&o, SSVC_PG_OPTIONS_VERSION + 1), SSVC_EVERSION);
  assert_int_equal(ssvc_pg_backend(f->ctx, &b, "service=ssvc_no_such_service", NULL),
                   SSVC_ESTORAGE);
  const char *m = ssvc_ctx_errmsg(f->ctx);
  assert_non_null(strstr(m, "ssvc_pg_open: the default PostgreSQL server: cannot connect: "));
  assert_non_null(strstr(m, "ssvc_no_such_service"));
}

/* Databases this library did not leave so: every open is refused with SSVC_ESTORAGE and a message
 * that says what is wrong, and the tables are left as they were. */
static void pg_damaged_schema(void **state) {
  struct fixture *f = *state;
  if (!pg_only()) return;
  f->be.close(f->be.user_data);
  memset(&f->be, 0, sizeof f->be);
  ssvc_pg_options o = SSVC_PG_OPTIONS_INIT;
  o.schema = f->path;
  static const struct {
    const char *damage, *repair, *says;
  } cases[] = {
      {"INSERT INTO @.ssvc_schema VALUES (1)", "DELETE FROM @.ssvc_schema WHERE ctid ="
       " (SELECT max(ctid) FROM @.ssvc_schema)", "the ssvc_schema table is damaged"},
      {"UPDATE @.ssvc_schema SET version = -1", "UPDATE @.ssvc_schema SET version = 1",
       "the ssvc_schema table is damaged"},
      /* version 0 with the table there: the migration cannot create it */
      {"UPDATE @.ssvc_schema SET version = 0", "UPDATE @.ssvc_schema SET version = 1",
       "migration to schema version 1 failed: relation \"kv\" already exists"},
      {"ALTER TABLE @.ssvc_schema RENAME version TO v", "ALTER TABLE @.ssvc_schema RENAME v TO"
       " version", "column \"version\" does not exist"},
      {"ALTER TABLE @.kv RENAME v TO value", "ALTER TABLE @.kv RENAME value TO v",
       "column \"v\" does not exist"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    pg_sql_at(cases[i].damage, f->path);
    ssvc_store *st = (ssvc_store *)1;
    assert_int_equal(ssvc_pg_open(f->ctx, &st, pg_dsn, &o), SSVC_ESTORAGE);
    assert_null(st);
    if (!strstr(ssvc_ctx_errmsg(f->ctx), cases[i].says))
      fail_msg("%s: %s", cases[i].damage, ssvc_ctx_errmsg(f->ctx));
    assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "ssvc_pg_open: host=127.0.0.1"));
    pg_sql_at(cases[i].repair, f->path);
    assert_int_equal(ssvc_pg_open(f->ctx, &st, pg_dsn, &o), SSVC_OK);
    ssvc_store_free(st);
  }
  open_backend(f);
}

/* A ver column that is not a bigint (changed by hand) is refused by every read of it. */
static void pg_ver_column_not_bigint(void **state) {
  struct fixture *f = *state;
  if (!pg_only()) return;
  begin(f);
  assert_int_equal(put(f, "k", "v", SSVC_STORAGE_NEW, NULL), SSVC_OK);
  commit(f);
  f->be.close(f->be.user_data);
  memset(&f->be, 0, sizeof f->be);
  char stmt[4400];
  snprintf(stmt, sizeof stmt, "ALTER TABLE \"%s\".kv ALTER ver TYPE integer", f->path);
  pg_sql(stmt);
  open_backend(f);
  const void *v;
  size_t n = 0;
  uint64_t ver;
  assert_int_equal(B->get(U, "k", 1, &v, &n, &ver), SSVC_ESTORAGE);
  assert_string_equal(B->errmsg(U), "the ver column is not a bigint");
  assert_int_equal(B->scan(U, NULL, 0, NULL, 0, count_keys, &n), SSVC_ESTORAGE);
  assert_int_equal(n, 0);
  assert_string_equal(B->errmsg(U), "the ver column is not a bigint");
  begin(f);
  assert_int_equal(put(f, "k", "w", SSVC_STORAGE_ANY, NULL), SSVC_ESTORAGE);
  assert_string_equal(B->errmsg(U), "the ver column is not a bigint");
  assert_int_equal(B->rollback(U), SSVC_OK);
}

/* Calls out of order are refused with a message: a second begin, a commit without a begin. */
static void pg_calls_out_of_order(void **state) {
  struct fixture *f = *state;
  if (!pg_only()) return;
  assert_int_equal(B->commit(U), SSVC_ESTORAGE);
  assert_string_equal(B->errmsg(U), "no transaction is open");
  begin(f);
  assert_int_equal(put(f, "k", "v", SSVC_STORAGE_NEW, NULL), SSVC_OK);
  assert_int_equal(B->begin(U, SSVC_STORAGE_TXN_WRITE), SSVC_ESTORAGE);
  assert_string_equal(B->errmsg(U), "a transaction is already open");
  commit(f); /* the open transaction goes on */
  want_value(f, "k", "v", 1);
}

/* A connection that the server ended while it was idle: the next read, scan or transaction runs
 * on a new connection without an error. One ended before COMMIT: the commit fails saying that it
 * may or may not have happened, and here it did not. */
static void pg_idle_connection_cut(void **state) {
  struct fixture *f = *state;
  if (!pg_only()) return;
  f->be.close(f->be.user_data);
  memset(&f->be, 0, sizeof f->be);
  char app[64], conninfo[2048];
  snprintf(app, sizeof app, "ssvc_idle_%d", (int)getpid());
  char extra[128];
  snprintf(extra, sizeof extra, "application_name=%s", app);
  pg_conninfo(conninfo, sizeof conninfo, extra);
  ssvc_pg_options o = SSVC_PG_OPTIONS_INIT;
  o.schema = f->path;
  assert_int_equal(ssvc_pg_backend(f->ctx, &f->be, conninfo, &o), SSVC_OK);
  begin(f);
  assert_int_equal(put(f, "k", "one", SSVC_STORAGE_NEW, NULL), SSVC_OK);
  commit(f);
  pg_cut(app);
  want_value(f, "k", "one", 1);
  pg_cut(app);
  size_t n = 0;
  assert_int_equal(B->scan(U, NULL, 0, NULL, 0, count_keys, &n), SSVC_OK);
  assert_int_equal(n, 1);
  pg_cut(app);
  begin(f);
  assert_int_equal(put(f, "k", "two", 1, NULL), SSVC_OK);
  commit(f);
  want_value(f, "k", "two", 2);
  begin(f);
  assert_int_equal(put(f, "k", "three", 2, NULL), SSVC_OK);
  pg_cut(app);
  assert_int_equal(B->commit(U), SSVC_ESTORAGE);
  assert_non_null(strstr(B->errmsg(U), "lost during COMMIT; the transaction may or may not have"
                                       " been committed"));
  assert_int_equal(B->rollback(U), SSVC_OK);
  want_value(f, "k", "two", 2);
}

/* A store in a database of its own, without options: its tables are in the public schema (an
 * empty schema option means the same). While the database refuses connections every call fails
 * naming it; once it takes them again the same backend goes on. */
static void pg_default_schema_and_a_refused_reconnect(void **state) {
  struct fixture *f = *state;
  if (!pg_only()) return;
  char db[64], stmt[256], extra[256], conninfo[2048];
  snprintf(db, sizeof db, "ssvc_db_%d", (int)getpid());
  snprintf(stmt, sizeof stmt, "DROP DATABASE IF EXISTS %s", db);
  pg_sql(stmt);
  snprintf(stmt, sizeof stmt, "CREATE DATABASE %s", db);
  pg_sql(stmt);
  snprintf(extra, sizeof extra, "dbname=%s application_name=%s", db, db);
  pg_conninfo(conninfo, sizeof conninfo, extra);
  ssvc_storage_backend b, e;
  int rc = ssvc_pg_backend(f->ctx, &b, conninfo, NULL);
  if (rc) fail_msg("%s", ssvc_ctx_errmsg(f->ctx));
  ssvc_pg_options o = SSVC_PG_OPTIONS_INIT;
  o.schema = "";
  assert_int_equal(ssvc_pg_backend(f->ctx, &e, conninfo, &o), SSVC_OK);
  assert_int_equal(b.begin(b.user_data, SSVC_STORAGE_TXN_WRITE), SSVC_OK);
  assert_int_equal(b.put(b.user_data, "k", 1, "v", 1, SSVC_STORAGE_NEW, NULL), SSVC_OK);
  assert_int_equal(b.commit(b.user_data), SSVC_OK);
  const void *v;
  size_t n = 0;
  uint64_t ver;
  assert_int_equal(e.get(e.user_data, "k", 1, &v, &n, &ver), SSVC_OK); /* the same table */
  e.close(e.user_data);
  PGconn *c = PQconnectdb(conninfo);
  assert_int_equal(PQstatus(c), CONNECTION_OK);
  PGresult *r = PQexec(c, "SELECT to_regclass('public.kv') IS NOT NULL AND"
                          " to_regclass('public.ssvc_schema') IS NOT NULL");
  assert_string_equal(PQgetvalue(r, 0, 0), "t");
  PQclear(r);
  PQfinish(c);
  snprintf(stmt, sizeof stmt, "ALTER DATABASE %s ALLOW_CONNECTIONS false", db);
  pg_sql(stmt);
  pg_cut(db);
  char want[300];
  snprintf(want, sizeof want, "dbname=%s", db);
  /* The cut is found by the first call, which tries a new connection once, in vain. */
  assert_int_equal(b.get(b.user_data, "k", 1, &v, &n, &ver), SSVC_ESTORAGE);
  assert_non_null(strstr(b.errmsg(b.user_data), want));
  assert_int_equal(b.get(b.user_data, "k", 1, &v, &n, &ver), SSVC_ESTORAGE);
  assert_non_null(strstr(b.errmsg(b.user_data), "cannot reach "));
  assert_non_null(strstr(b.errmsg(b.user_data), want));
  n = 0;
  assert_int_equal(b.scan(b.user_data, NULL, 0, NULL, 0, count_keys, &n), SSVC_ESTORAGE);
  assert_int_equal(n, 0);
  assert_int_equal(b.begin(b.user_data, SSVC_STORAGE_TXN_WRITE), SSVC_ESTORAGE);
  assert_non_null(strstr(b.errmsg(b.user_data), "cannot reach "));
  snprintf(stmt, sizeof stmt, "ALTER DATABASE %s ALLOW_CONNECTIONS true", db);
  pg_sql(stmt);
  assert_int_equal(b.get(b.user_data, "k", 1, &v, &n, &ver), SSVC_OK);
  assert_int_equal(n, 1);
  assert_memory_equal(v, "v", 1);
  b.close(b.user_data);
  snprintf(stmt, sizeof stmt, "DROP DATABASE %s", db);
  pg_sql(stmt);
}

/* statement_timeout_ms bounds a wait for a row lock when lock_timeout_ms is -1 (no lock timeout):
 * SSVC_EBUSY with the server's reason. */
static void pg_statement_timeout_is_busy(void **state) {
  struct fixture *f = *state;
  if (!pg_only()) return;
  begin(f);
  assert_int_equal(put(f, "k", "v", SSVC_STORAGE_NEW, NULL), SSVC_OK);
  commit(f);
  ssvc_pg_options o = SSVC_PG_OPTIONS_INIT;
  o.schema = f->path;
  o.lock_timeout_ms = -1;
  o.statement_timeout_ms = 100;
  ssvc_storage_backend b;
  assert_int_equal(ssvc_pg_backend(f->ctx, &b, pg_dsn, &o), SSVC_OK);
  const void *v;
  size_t n;
  uint64_t ver;
  begin(f);
  assert_int_equal(B->get(U, "k", 1, &v, &n, &ver), SSVC_OK); /* locks k */
  assert_int_equal(b.begin(b.user_data, SSVC_STORAGE_TXN_WRITE), SSVC_OK);
  assert_int_equal(b.get(b.user_data, "k", 1, &v, &n, &ver), SSVC_EBUSY);
  assert_non_null(strstr(b.errmsg(b.user_data), "57014"));
  assert_int_equal(b.rollback(b.user_data), SSVC_OK);
  assert_int_equal(B->rollback(U), SSVC_OK);
  b.close(b.user_data);
}

/* The server refuses a commit (a deferred constraint of the database's owner): SSVC_ESTORAGE with
 * the server's message, and nothing of the transaction is stored. */
static void pg_commit_refused(void **state) {
  struct fixture *f = *state;
  if (!pg_only()) return;
  pg_sql_at("CREATE FUNCTION @.refuse() RETURNS trigger LANGUAGE plpgsql AS"
            " $$BEGIN RAISE EXCEPTION 'refused at commit'; END$$;"
            " CREATE CONSTRAINT TRIGGER refuse AFTER INSERT ON @.kv DEFERRABLE INITIALLY"
            " DEFERRED FOR EACH ROW EXECUTE FUNCTION @.refuse()", f->path);
  begin(f);
  assert_int_equal(put(f, "x", "v", SSVC_STORAGE_NEW, NULL), SSVC_OK);
  assert_int_equal(B->commit(U), SSVC_ESTORAGE);
  assert_non_null(strstr(B->errmsg(U), "refused at commit"));
  assert_int_equal(B->rollback(U), SSVC_OK);
  want_value(f, "x", NULL, 0);
  pg_sql_at("DROP TRIGGER refuse ON @.kv", f->path);
  begin(f);
  assert_int_equal(put(f, "x", "v", SSVC_STORAGE_NEW, NULL), SSVC_OK);
  commit(f);
  want_value(f, "x", "v", 1);
}

/* Another node holds the migration lock: the open waits up to the lock timeout, then fails with
 * SSVC_EBUSY; once the lock is free it opens. */
static void pg_open_waits_for_the_migration_lock(void **state) {
  struct fixture *f = *state;
  if (!pg_only()) return;
  PGconn *c = PQconnectdb(pg_dsn);
  assert_int_equal(PQstatus(c), CONNECTION_OK);
  PGresult *r = PQexec(c, "SELECT pg_advisory_lock(1397970499000000001)");
  assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
  PQclear(r);
  ssvc_pg_options o = SSVC_PG_OPTIONS_INIT;
  o.schema = f->path;
  o.lock_timeout_ms = 100;
  ssvc_storage_backend b;
  assert_int_equal(ssvc_pg_backend(f->ctx, &b, pg_dsn, &o), SSVC_EBUSY);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "lock timeout"));
  PQfinish(c); /* the lock goes with the session */
  assert_int_equal(ssvc_pg_backend(f->ctx, &b, pg_dsn, &o), SSVC_OK);
  b.close(b.user_data);
}

/* A scan of more than one batch (512 rows) inside a transaction delivers every row once, in
 * order, and sees the transaction's own writes. */
static void pg_long_scan_in_a_transaction(void **state) {
  struct fixture *f = *state;
  if (!pg_only()) return;
  begin(f);
  for (int i = 0; i < 1100; i++) {
    char k[16];
    snprintf(k, sizeof k, "k%05d", i);
    assert_int_equal(put(f, k, "v", SSVC_STORAGE_NEW, NULL), SSVC_OK);
  }
  size_t n = 0;
  assert_int_equal(B->scan(U, "k", 1, NULL, 0, count_keys, &n), SSVC_OK);
  assert_int_equal(n, 1100);
  n = 0;
  assert_int_equal(B->scan(U, "k", 1, "k01000", 6, count_keys, &n), SSVC_OK);
  assert_int_equal(n, 1000);
  assert_int_equal(B->rollback(U), SSVC_OK);
  n = 0;
  assert_int_equal(B->scan(U, NULL, 0, NULL, 0, count_keys, &n), SSVC_OK);
  assert_int_equal(n, 0);
}

/* A backend that forwards to another and, once, runs a hook right after its first read of the
 * case-id counter: another node's work slipped in between two steps of an operation. */
struct between {
  ssvc_storage_backend inner;
  void (*hook)(void *arg);
  void *arg;
};
static int bw_get(void *u, const void *k, size_t kl, const void **v, size_t *vl, uint64_t *ver) {
  struct between *b = u;
  int rc = b->inner.get(b->inner.user_data, k, kl, v, vl, ver);
  if (((const uint8_t *)k)[0] != SSVC_KEY_CASE_COUNTER) return rc; /* after the counter read */
  void (*hook)(void *) = b->hook;
  b->hook = NULL;
  if (hook) hook(b->arg);
  return rc;
}
static int bw_put(void *u, const void *k, size_t kl, const void *v, size_t vl, uint64_t e,
                  uint64_t *nv) {
  struct between *b = u;
  return b->inner.put(b->inner.user_data, k, kl, v, vl, e, nv);
}
static int bw_del(void *u, const void *k, size_t kl, uint64_t e) {
  struct between *b = u;
  return b->inner.del(b->inner.user_data, k, kl, e);
}
static int bw_scan(void *u, const void *lo, size_t ll, const void *hi, size_t hl,
                   ssvc_storage_scan_fn fn, void *cb) {
  struct between *b = u;
  return b->inner.scan(b->inner.user_data, lo, ll, hi, hl, fn, cb);
}
static int bw_begin(void *u, unsigned int flags) {
  struct between *b = u;
  return b->inner.begin(b->inner.user_data, flags);
}
static int bw_commit(void *u) {
  struct between *b = u;
  return b->inner.commit(b->inner.user_data);
}
static int bw_rollback(void *u) {
  struct between *b = u;
  return b->inner.rollback(b->inner.user_data);
}
static void bw_close(void *u) {
  struct between *b = u;
  b->inner.close(b->inner.user_data);
}
static const char *bw_errmsg(void *u) {
  struct between *b = u;
  return b->inner.errmsg(b->inner.user_data);
}

static void other_node_registers(void *arg) {
  char id[SSVC_CASE_ID_SIZE];
  /* Another customer: this node holds ACME's agreement row locked until it commits. */
  fixture_case(arg, id, "BETA", "PROF", fixture_imei(2));
  assert_string_equal(id, "SC-2026-000001");
}

/* Two nodes register the first case of a year at once: the other node's whole registration
 * runs right after this node read the (absent) case-id counter. This node loses the race for
 * the number, tries again and gets the next one, instead of taking the other's case for a
 * damaged store. */
static void pg_nodes_race_for_a_case_number(void **state) {
  struct fixture *f = *state;
  if (!pg_only()) return;
  ssvc_ctx_options co = SSVC_CTX_OPTIONS_INIT;
  co.clock = fixture_clock;
  fixture_now = STORE_FAULT_NOW;
  ssvc_ctx *ctx_a, *ctx_b;
  assert_int_equal(ssvc_ctx_new(&ctx_a, &co), SSVC_OK);
  assert_int_equal(ssvc_ctx_new(&ctx_b, &co), SSVC_OK);
  ssvc_pg_options o = SSVC_PG_OPTIONS_INIT;
  o.schema = f->path;
  ssvc_store *other, *st;
  assert_int_equal(ssvc_pg_open(ctx_a, &other, pg_dsn, &o), SSVC_OK);
  fixture_agreement(other, "ACME", "PROF", 100, 0, 0);
  fixture_agreement(other, "BETA", "PROF", 100, 0, 0);
  struct between bw;
  assert_int_equal(ssvc_pg_backend(ctx_b, &bw.inner, pg_dsn, &o), SSVC_OK);
  bw.hook = other_node_registers;
  bw.arg = other;
  ssvc_storage_backend b;
  assert_int_equal(ssvc_storage_backend_init(&b, SSVC_STORAGE_BACKEND_VERSION), SSVC_OK);
  b.user_data = &bw;
  b.get = bw_get;
  b.put = bw_put;
  b.del = bw_del;
  b.scan = bw_scan;
  b.begin = bw_begin;
  b.commit = bw_commit;
  b.rollback = bw_rollback;
  b.close = bw_close;
  b.errmsg = bw_errmsg;
  assert_int_equal(ssvc_store_open(ctx_b, &st, &b), SSVC_OK);
  char id[SSVC_CASE_ID_SIZE];
  ssvc_case_spec s = SSVC_CASE_SPEC_INIT;
  s.customer_id = "ACME";
  s.user_name = "Bo";
  s.imei = fixture_imei(1);
  s.model = "Fairphone 5";
  s.tier_code = "PROF";
  s.actor = "agent";
  int rc = ssvc_case_create(st, id, &s);
  if (rc) fail_msg("%s", ssvc_ctx_errmsg(ctx_b));
  assert_null(bw.hook); /* the other node did register in between */
  assert_string_equal(id, "SC-2026-000002");
  ssvc_case_stats cs = SSVC_CASE_STATS_INIT;
  assert_int_equal(ssvc_case_stats_get(other, NULL, &cs), SSVC_OK);
  assert_int_equal(cs.total, 2);
  ssvc_store_free(st);
  ssvc_store_free(other);
  ssvc_ctx_free(ctx_a);
  ssvc_ctx_free(ctx_b);
}

/* Opening a store of this kind (ssvc_store_memory_new / ssvc_storage_memory_backend,
 * ssvc_sqlite_open, ssvc_pg_open) with the context's allocation failing at every point in turn:
 * SSVC_ENOMEM, nothing leaked, and the next open works. Points are asserted to exist. */
static char open_path[4400];

static void *open_setup(ssvc_ctx *ctx) {
  (void)ctx;
  if (strcmp(kind, "sqlite") == 0) remove_db(open_path);
  return NULL;
}

static int open_run(ssvc_ctx *ctx, void *state) {
  (void)state;
  ssvc_store *st = NULL;
  int rc;
  if (strcmp(kind, "memory") == 0) {
    rc = ssvc_store_memory_new(ctx, &st);
  } else if (strcmp(kind, "sqlite") == 0) {
    rc = ssvc_sqlite_open(ctx, &st, open_path, NULL);
  } else {
    ssvc_pg_options o = SSVC_PG_OPTIONS_INIT;
    o.schema = open_path;
    rc = ssvc_pg_open(ctx, &st, pg_dsn, &o);
  }
  if (!rc) {
    rc = ssvc_store_begin(st); /* and the store works */
    if (!rc) rc = ssvc_store_commit(st);
  }
  ssvc_store_free(st);
  return rc;
}

static int backend_run(ssvc_ctx *ctx, void *state) {
  (void)state;
  ssvc_storage_backend be;
  int rc = ssvc_storage_memory_backend(ctx, &be);
  if (!rc) be.close(be.user_data);
  return rc;
}

static void opening_fails_cleanly_at_every_allocation(void **state) {
  (void)state;
  if (strcmp(kind, "pg") == 0)
    snprintf(open_path, sizeof open_path, "open_%d", (int)getpid());
  else
    snprintf(open_path, sizeof open_path, "%s/open-%d.db", dbpath, (int)getpid());
  const struct fault_op op = {"open a store", open_setup, open_run, NULL, NULL};
  assert_true(fault_every_alloc(&op) > 0);
  if (strcmp(kind, "memory") == 0) {
    const struct fault_op be = {"ssvc_storage_memory_backend", NULL, backend_run, NULL, NULL};
    assert_true(fault_every_alloc(&be) > 0);
  }
  if (strcmp(kind, "pg") == 0) {
    char stmt[4500];
    snprintf(stmt, sizeof stmt, "DROP SCHEMA IF EXISTS \"%s\" CASCADE", open_path);
    pg_sql(stmt);
  } else {
    remove_db(open_path);
  }
}

/* The key-space table (src/keyspace.h): no two names in one space share a byte. A duplicate is
 * a duplicate case label below, which the compiler refuses; the loop checks the same at run
 * time, and that every byte is a printable letter as doc/records.md lists them. */
static int keyspace_known(int space, int byte) {
  switch (space) {
  case 0: /* first key bytes */
    switch (byte) {
    case SSVC_KEY_AGREEMENT: case SSVC_KEY_BILLING: case SSVC_KEY_CASE:
    case SSVC_KEY_CASE_COUNTER: case SSVC_KEY_CASE_STATE: case SSVC_KEY_CASE_CUSTOMER:
    case SSVC_KEY_SWAP: case SSVC_KEY_PRICE: case SSVC_KEY_REPORT_TARGETS: case SSVC_KEY_FEED:
    case SSVC_KEY_ROSTER:
    case SSVC_KEY_BACKUP_PHONE:
    case SSVC_KEY_STOCK_ORDER:
    case SSVC_KEY_REPAIR_ORDER:
      return 1;
    default: return 0;
    }
  case 1: /* top-level record types */
    switch (byte) {
    case SSVC_REC_AGREEMENT: case SSVC_REC_CASE: case SSVC_REC_COUNTER: case SSVC_REC_ORDER:
    case SSVC_REC_REFILL: case SSVC_REC_UNIT: case SSVC_REC_PRICE: case SSVC_REC_REPORT_TARGETS:
    case SSVC_REC_FEED: case SSVC_REC_ROSTER: case SSVC_REC_BACKUP_PHONE:
    case SSVC_REC_STOCK_ORDER:
    case SSVC_REC_REPAIR_ORDER:
      return 1;
    default: return 0;
    }
  default: /* record types in the invoice space 'B' */
    switch (byte) {
    case SSVC_REC_B_ACCOUNT: case SSVC_REC_B_MARK: case SSVC_REC_B_INVOICE:
    case SSVC_REC_B_ACCOUNT_COUNT: case SSVC_REC_B_COUNTER: case SSVC_REC_B_RUN: return 1;
    default: return 0;
    }
  }
}

static void keyspace_bytes_are_distinct(void **state) {
  (void)state;
  static const int spaces[3][15] = {
      {SSVC_KEY_AGREEMENT, SSVC_KEY_BILLING, SSVC_KEY_CASE, SSVC_KEY_CASE_COUNTER,
       SSVC_KEY_CASE_STATE, SSVC_KEY_CASE_CUSTOMER, SSVC_KEY_SWAP, SSVC_KEY_PRICE,
       SSVC_KEY_REPORT_TARGETS, SSVC_KEY_FEED, SSVC_KEY_ROSTER, SSVC_KEY_BACKUP_PHONE,
       SSVC_KEY_STOCK_ORDER, SSVC_KEY_REPAIR_ORDER, 0},
      {SSVC_REC_AGREEMENT, SSVC_REC_CASE, SSVC_REC_COUNTER, SSVC_REC_ORDER, SSVC_REC_REFILL,
       SSVC_REC_UNIT, SSVC_REC_PRICE, SSVC_REC_REPORT_TARGETS, SSVC_REC_FEED, SSVC_REC_ROSTER,
       SSVC_REC_BACKUP_PHONE, SSVC_REC_STOCK_ORDER, SSVC_REC_REPAIR_ORDER, 0},
      {SSVC_REC_B_ACCOUNT, SSVC_REC_B_MARK, SSVC_REC_B_INVOICE, SSVC_REC_B_ACCOUNT_COUNT,
       SSVC_REC_B_COUNTER, SSVC_REC_B_RUN, 0},
  };
  for (int sp = 0; sp < 3; sp++) {
    int n = 0;
    for (int b = 0; b < 256; b++) n += keyspace_known(sp, b);
    int listed = 0;
    for (int i = 0; spaces[sp][i]; i++, listed++) {
      assert_true(spaces[sp][i] >= 'A' && spaces[sp][i] <= 'Z');
      for (int j = 0; j < i; j++) assert_int_not_equal(spaces[sp][i], spaces[sp][j]);
    }
    assert_int_equal(n, listed);
  }
}

int main(int argc, char **argv) {
  if (argc > 1) kind = argv[1];
  snprintf(dbpath, sizeof dbpath, "%s", argc > 2 ? argv[2] : ".");
  if (strcmp(kind, "pg") == 0) pg_test_require("unit.storage.pg", pg_dsn, sizeof pg_dsn);
  if (strcmp(kind, "memory") != 0 && strcmp(kind, "sqlite") != 0 && strcmp(kind, "pg") != 0) {
    fprintf(stderr, "usage: test_storage memory|sqlite|pg [DIR]\n");
    return 2;
  }
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(keyspace_bytes_are_distinct),
      cmocka_unit_test_setup_teardown(get_put_versions, setup, teardown),
      cmocka_unit_test_setup_teardown(empty_and_binary_values, setup, teardown),
      cmocka_unit_test_setup_teardown(delete_with_versions, setup, teardown),
      cmocka_unit_test_setup_teardown(the_empty_key, setup, teardown),
      cmocka_unit_test_setup_teardown(scan_orders_by_bytes, setup, teardown),
      cmocka_unit_test_setup_teardown(rollback_restores_everything, setup, teardown),
      cmocka_unit_test_setup_teardown(many_keys_stay_ordered, setup, teardown),
      cmocka_unit_test_setup_teardown(random_operations_match_a_model, setup, teardown),
      cmocka_unit_test_setup_teardown(persists_after_reopen, setup, teardown),
      cmocka_unit_test_setup_teardown(store_transactions_nest, setup, teardown),
      cmocka_unit_test_setup_teardown(store_open_checks_backend, setup, teardown),
      cmocka_unit_test(backend_codes_are_normalized),
      cmocka_unit_test_setup_teardown(store_open_reads_only_the_callers_version, setup, teardown),
      cmocka_unit_test_setup_teardown(memory_splits_fail_cleanly, setup, teardown),
      cmocka_unit_test(opening_fails_cleanly_at_every_allocation),
      cmocka_unit_test(sqlite_sync_names),
      cmocka_unit_test(sqlite_out_of_memory),
      cmocka_unit_test_setup_teardown(sqlite_schema_and_errors, setup, teardown),
      cmocka_unit_test_setup_teardown(too_long_for_the_backend, setup, teardown),
      cmocka_unit_test_setup_teardown(sqlite_busy_when_locked, setup, teardown),
      cmocka_unit_test_setup_teardown(sqlite_open_arguments, setup, teardown),
      cmocka_unit_test_setup_teardown(sqlite_damaged_schema_table, setup, teardown),
      cmocka_unit_test_setup_teardown(sqlite_read_transaction_sees_one_snapshot, setup, teardown),
      cmocka_unit_test_setup_teardown(sqlite_wal_switch_waits_for_readers, setup, teardown),
      cmocka_unit_test_setup_teardown(sqlite_busy_reaches_the_caller, setup, teardown),
      cmocka_unit_test_setup_teardown(pg_schema_and_errors, setup, teardown),
      cmocka_unit_test_setup_teardown(pg_server_errors_reach_the_caller, setup, teardown),
      cmocka_unit_test_setup_teardown(pg_locks_busy_and_aborted_transactions, setup, teardown),
      cmocka_unit_test_setup_teardown(pg_reconnects_after_a_lost_connection, setup, teardown),
      cmocka_unit_test_setup_teardown(pg_deadlock_is_a_conflict, setup, teardown),
      cmocka_unit_test_setup_teardown(pg_least_privilege, setup, teardown),
      cmocka_unit_test_setup_teardown(pg_open_arguments, setup, teardown),
      cmocka_unit_test_setup_teardown(pg_damaged_schema, setup, teardown),
      cmocka_unit_test_setup_teardown(pg_ver_column_not_bigint, setup, teardown),
      cmocka_unit_test_setup_teardown(pg_calls_out_of_order, setup, teardown),
      cmocka_unit_test_setup_teardown(pg_idle_connection_cut, setup, teardown),
      cmocka_unit_test_setup_teardown(pg_default_schema_and_a_refused_reconnect, setup, teardown),
      cmocka_unit_test_setup_teardown(pg_statement_timeout_is_busy, setup, teardown),
      cmocka_unit_test_setup_teardown(pg_commit_refused, setup, teardown),
      cmocka_unit_test_setup_teardown(pg_open_waits_for_the_migration_lock, setup, teardown),
      cmocka_unit_test_setup_teardown(pg_long_scan_in_a_transaction, setup, teardown),
      cmocka_unit_test_setup_teardown(pg_nodes_race_for_a_case_number, setup, teardown),
  };
  char name[64];
  snprintf(name, sizeof name, "storage conformance (%s)", kind);
  return _cmocka_run_group_tests(name, tests, sizeof tests / sizeof tests[0], NULL, NULL);
}
