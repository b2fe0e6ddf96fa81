/* storage: stores over pluggable backends, transactions, and the built-in memory backend. */
#include <stdio.h>
#include <string.h>

#include "record.h"

int ssvc_storage_backend_init(ssvc_storage_backend *backend, unsigned int version) {
  return ssvc__struct_init(backend, sizeof *backend, version, SSVC_STORAGE_BACKEND_VERSION);
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
  return rc;
}

int ssvc__store_del(ssvc_store *st, const char *func, const void *key, size_t klen,
                    uint64_t expected) {
  st->writes++;
  int rc = normalize(st->be.del(st->be.user_data, key, klen, expected));
  if (rc && rc != SSVC_ECONFLICT && rc != SSVC_ENOTFOUND) return ssvc__store_fail(st, func, rc);
  return rc;
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
  st->depth = 1;
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
  if (rc) {
    st->be.rollback(st->be.user_data);
    return rc;
  }
  int c = normalize(st->be.commit(st->be.user_data));
  if (c) {
    int r = ssvc__store_fail(st, func, c);
    st->be.rollback(st->be.user_data);
    return r;
  }
  return SSVC_OK;
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
  st->be = *backend;
  *out = st;
  return SSVC_OK;
}

void ssvc_store_free(ssvc_store *store) {
  if (!store) return;
  if (store->depth > 0) store->be.rollback(store->be.user_data);
  if (store->be.close) store->be.close(store->be.user_data);
  ssvc__free(store->ctx, store);
}

ssvc_ctx *ssvc_store_ctx(const ssvc_store *store) { return store ? store->ctx : NULL; }

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
    store->be.rollback(store->be.user_data);
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
  store->be.rollback(store->be.user_data);
  return SSVC_OK;
}

/* ------------------------------------------------------------------------------------------ */
/* The memory backend: a skip list (p = 1/4) with an undo log for rollback.                    */

#define SL_MAX 24

typedef struct mnode {
  uint64_t prefix; /* the first 8 key bytes, big-endian, zero-padded: most comparisons end here */
  uint8_t *val;
  size_t vlen;
  uint64_t ver;
  uint32_t klen;
  int level;
  struct mnode *next[]; /* `level` pointers, then the key bytes */
} mnode;

static const uint8_t *mkey(const mnode *n) { return (const uint8_t *)&n->next[n->level]; }

enum { U_INSERTED, U_REPLACED, U_DELETED };

typedef struct undo {
  int kind;
  mnode *node;
  uint8_t *old_val; /* U_REPLACED: the value before the write */
  size_t old_vlen;
  uint64_t old_ver;
} undo;

/* A search finger: the predecessors at every level of the last key inserted with the same first
 * byte. Keys of one kind (case records, state index, ...) are mostly appended in order, so the
 * next insert of that kind starts from here instead of from the head. */
typedef struct finger {
  unsigned long gen; /* valid while equal to mem.gen */
  int level;
  struct mnode *pred[SL_MAX];
} finger;

typedef struct mem {
  ssvc_ctx *ctx;
  mnode *head;
  int level;
  unsigned long gen;  /* bumped whenever a node is unlinked: fingers and `last` become stale */
  mnode *last;        /* the node of the last get or put (the id counter is read, then written) */
  unsigned long last_gen;
  finger *fingers;    /* 256, by first key byte */
  uint64_t rng;
  int in_txn, write;
  undo *undo;
  size_t nundo, capundo;
  const char *msg;
} mem;

static int keycmp(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen) {
  int c = memcmp(a, b, alen < blen ? alen : blen);
  if (c) return c;
  return alen < blen ? -1 : alen > blen;
}

static uint64_t key_prefix(const uint8_t *k, size_t n) {
  uint64_t p = 0;
  for (size_t i = 0; i < 8; i++) p = p << 8 | (i < n ? k[i] : 0);
  return p;
}

/* A search key with its prefix. */
typedef struct skey {
  const uint8_t *k;
  size_t n;
  uint64_t prefix;
} skey;

/* Compares node @p x with the search key: <0, 0, >0. */
static inline int nodecmp(const mnode *x, const skey *s) {
  if (x->prefix != s->prefix) return x->prefix < s->prefix ? -1 : 1;
  if (x->klen <= 8 && s->n <= 8) return x->klen < s->n ? -1 : x->klen > s->n;
  return keycmp(mkey(x), x->klen, s->k, s->n);
}

/* Finds the first node >= key; fills update[] with the last node < key at every level. */
static mnode *find_from(mem *m, const skey *s, mnode **update, const finger *f) {
  mnode *x = m->head;
  for (int i = m->level - 1; i >= 0; i--) {
    if (f && i < f->level) {
      /* Start from the finger's node at this level when it is further along than x. */
      mnode *p = f->pred[i];
      if (p != m->head && (x == m->head || nodecmp(x, &(skey){mkey(p), p->klen, p->prefix}) < 0))
        x = p;
    }
    while (x->next[i] && nodecmp(x->next[i], s) < 0) x = x->next[i];
    if (update) update[i] = x;
  }
  return x->next[0];
}

static mnode *find(mem *m, const uint8_t *key, size_t klen, mnode **update) {
  skey s = {key, klen, key_prefix(key, klen)};
  return find_from(m, &s, update, NULL);
}

/* find() for an insert: starts from the finger of the key's kind when the key lies after it. */
static mnode *find_insert(mem *m, const skey *s, mnode **update) {
  finger *f = s->n ? &m->fingers[s->k[0]] : NULL;
  if (f && (f->gen != m->gen || f->level == 0 || nodecmp(f->pred[0], s) >= 0)) f = NULL;
  return find_from(m, s, update, f);
}

static void finger_save(mem *m, const skey *s, mnode **update, mnode *n) {
  if (!s->n) return;
  finger *f = &m->fingers[s->k[0]];
  f->gen = m->gen;
  f->level = m->level;
  for (int i = 0; i < m->level; i++) f->pred[i] = i < n->level ? n : update[i];
}

static int random_level(mem *m) {
  uint64_t x = m->rng;
  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  m->rng = x;
  int lvl = 1;
  while ((x & 3) == 0 && lvl < SL_MAX) {
    lvl++;
    x >>= 2;
  }
  return lvl;
}

static void link_node(mem *m, mnode *n) {
  mnode *update[SL_MAX];
  find(m, mkey(n), n->klen, update);
  for (int i = m->level; i < n->level; i++) update[i] = m->head;
  if (n->level > m->level) m->level = n->level;
  for (int i = 0; i < n->level; i++) {
    n->next[i] = update[i]->next[i];
    update[i]->next[i] = n;
  }
}

static void unlink_node(mem *m, mnode *n) {
  m->gen++;
  mnode *update[SL_MAX];
  find(m, mkey(n), n->klen, update);
  for (int i = 0; i < n->level; i++)
    if (update[i]->next[i] == n) update[i]->next[i] = n->next[i];
  while (m->level > 1 && !m->head->next[m->level - 1]) m->level--;
}

static int push_undo(mem *m, undo u) {
  if (m->nundo == m->capundo) {
    size_t cap = m->capundo ? m->capundo * 2 : 16;
    undo *nu = ssvc__realloc(m->ctx, m->undo, cap * sizeof *nu);
    if (!nu) {
      m->msg = "out of memory";
      return SSVC_ENOMEM;
    }
    m->undo = nu;
    m->capundo = cap;
  }
  m->undo[m->nundo++] = u;
  return SSVC_OK;
}

static int mem_get(void *ud, const void *key, size_t klen, const void **val, size_t *vlen,
                   uint64_t *ver) {
  mem *m = ud;
  mnode *n = m->last;
  if (!n || m->last_gen != m->gen || keycmp(mkey(n), n->klen, key, klen) != 0) {
    n = find(m, key, klen, NULL);
    if (!n || keycmp(mkey(n), n->klen, key, klen) != 0) return SSVC_ENOTFOUND;
    m->last = n;
    m->last_gen = m->gen;
  }
  *val = n->val ? n->val : (const void *)"";
  *vlen = n->vlen;
  *ver = n->ver;
  return SSVC_OK;
}

static int need_write(mem *m) {
  if (m->in_txn && m->write) return SSVC_OK;
  m->msg = "write outside a write transaction";
  return SSVC_ESTORAGE;
}

static int mem_put(void *ud, const void *key, size_t klen, const void *val, size_t vlen,
                   uint64_t expected, uint64_t *new_ver) {
  mem *m = ud;
  int rc = need_write(m);
  if (rc) return rc;
  if (klen > UINT32_MAX) {
    m->msg = "key too long";
    return SSVC_ESTORAGE;
  }
  mnode *update[SL_MAX];
  skey sk = {key, klen, key_prefix(key, klen)};
  mnode *n = m->last;
  int exists = n && m->last_gen == m->gen && keycmp(mkey(n), n->klen, key, klen) == 0;
  if (!exists) {
    n = find_insert(m, &sk, update);
    exists = n && keycmp(mkey(n), n->klen, key, klen) == 0;
  }
  if (expected != SSVC_STORAGE_ANY && (exists ? n->ver != expected : expected != 0)) {
    m->msg = "version conflict";
    return SSVC_ECONFLICT;
  }
  uint8_t *copy = NULL;
  if (vlen) {
    copy = ssvc__malloc(m->ctx, vlen);
    if (!copy) {
      m->msg = "out of memory";
      return SSVC_ENOMEM;
    }
    memcpy(copy, val, vlen);
  }
  if (exists) {
    undo u = {U_REPLACED, n, n->val, n->vlen, n->ver};
    if ((rc = push_undo(m, u))) {
      ssvc__free(m->ctx, copy);
      return rc;
    }
    n->val = copy;
    n->vlen = vlen;
    n->ver++;
  } else {
    int lvl = random_level(m);
    mnode *nn = ssvc__malloc(m->ctx, sizeof *nn + (size_t)lvl * sizeof(mnode *) + klen);
    if (!nn) {
      ssvc__free(m->ctx, copy);
      m->msg = "out of memory";
      return SSVC_ENOMEM;
    }
    undo u = {U_INSERTED, nn, NULL, 0, 0};
    if ((rc = push_undo(m, u))) {
      ssvc__free(m->ctx, copy);
      ssvc__free(m->ctx, nn);
      return rc;
    }
    nn->val = copy;
    nn->vlen = vlen;
    nn->ver = 1;
    nn->klen = (uint32_t)klen;
    nn->prefix = sk.prefix;
    nn->level = lvl;
    memcpy((uint8_t *)&nn->next[lvl], key, klen);
    for (int i = m->level; i < lvl; i++) update[i] = m->head;
    if (lvl > m->level) m->level = lvl;
    for (int i = 0; i < lvl; i++) {
      nn->next[i] = update[i]->next[i];
      update[i]->next[i] = nn;
    }
    finger_save(m, &sk, update, nn);
    n = nn;
  }
  m->last = n;
  m->last_gen = m->gen;
  if (new_ver) *new_ver = n->ver;
  return SSVC_OK;
}

static int mem_del(void *ud, const void *key, size_t klen, uint64_t expected) {
  mem *m = ud;
  int rc = need_write(m);
  if (rc) return rc;
  mnode *n = find(m, key, klen, NULL);
  if (!n || keycmp(mkey(n), n->klen, key, klen) != 0) return SSVC_ENOTFOUND;
  if (expected != SSVC_STORAGE_ANY && n->ver != expected) {
    m->msg = "version conflict";
    return SSVC_ECONFLICT;
  }
  undo u = {U_DELETED, n, NULL, 0, 0};
  if ((rc = push_undo(m, u))) return rc;
  unlink_node(m, n);
  return SSVC_OK;
}

static int mem_scan(void *ud, const void *lo, size_t lo_len, const void *hi, size_t hi_len,
                    ssvc_storage_scan_fn fn, void *cb) {
  mem *m = ud;
  mnode *n = lo && lo_len ? find(m, lo, lo_len, NULL) : m->head->next[0];
  for (; n; n = n->next[0]) {
    if (hi && keycmp(mkey(n), n->klen, hi, hi_len) >= 0) break;
    int rc = fn(cb, mkey(n), n->klen, n->val ? n->val : (const void *)"", n->vlen, n->ver);
    if (rc > 0) break;
    if (rc < 0) return rc;
  }
  return SSVC_OK;
}

static int mem_begin(void *ud, unsigned int flags) {
  mem *m = ud;
  if (m->in_txn) {
    m->msg = "a transaction is already open";
    return SSVC_ESTORAGE;
  }
  m->in_txn = 1;
  m->write = (flags & SSVC_STORAGE_TXN_WRITE) != 0;
  m->nundo = 0;
  return SSVC_OK;
}

static void free_node(mem *m, mnode *n) {
  ssvc__free(m->ctx, n->val);
  ssvc__free(m->ctx, n);
}

static int mem_commit(void *ud) {
  mem *m = ud;
  if (!m->in_txn) {
    m->msg = "no transaction is open";
    return SSVC_ESTORAGE;
  }
  for (size_t i = 0; i < m->nundo; i++) {
    undo *u = &m->undo[i];
    if (u->kind == U_REPLACED) ssvc__free(m->ctx, u->old_val);
    else if (u->kind == U_DELETED) free_node(m, u->node);
  }
  m->nundo = 0;
  m->in_txn = 0;
  return SSVC_OK;
}

static int mem_rollback(void *ud) {
  mem *m = ud;
  for (size_t i = m->nundo; i-- > 0;) {
    undo *u = &m->undo[i];
    if (u->kind == U_INSERTED) {
      unlink_node(m, u->node);
      free_node(m, u->node);
    } else if (u->kind == U_REPLACED) {
      ssvc__free(m->ctx, u->node->val);
      u->node->val = u->old_val;
      u->node->vlen = u->old_vlen;
      u->node->ver = u->old_ver;
    } else {
      link_node(m, u->node);
    }
  }
  m->nundo = 0;
  m->in_txn = 0;
  return SSVC_OK;
}

static void mem_close(void *ud) {
  mem *m = ud;
  if (m->in_txn) mem_rollback(m);
  mnode *n = m->head->next[0];
  while (n) {
    mnode *next = n->next[0];
    free_node(m, n);
    n = next;
  }
  ssvc__free(m->ctx, m->head);
  ssvc__free(m->ctx, m->fingers);
  ssvc__free(m->ctx, m->undo);
  ssvc__free(m->ctx, m);
}

static const char *mem_errmsg(void *ud) { return ((mem *)ud)->msg; }

int ssvc_storage_memory_backend(ssvc_ctx *ctx, ssvc_storage_backend *backend) {
  if (!ctx) return SSVC_EINVAL;
  if (!backend)
    return ssvc__err(ctx, SSVC_EINVAL, "ssvc_storage_memory_backend: backend must not be NULL");
  mem *m = ssvc__calloc(ctx, 1, sizeof *m);
  if (!m) return SSVC_ENOMEM;
  m->head = ssvc__calloc(ctx, 1, sizeof *m->head + SL_MAX * sizeof(mnode *));
  if (!m->head) {
    ssvc__free(ctx, m);
    return SSVC_ENOMEM;
  }
  m->fingers = ssvc__calloc(ctx, 256, sizeof *m->fingers);
  if (!m->fingers) {
    ssvc__free(ctx, m->head);
    ssvc__free(ctx, m);
    return SSVC_ENOMEM;
  }
  m->head->level = SL_MAX;
  m->ctx = ctx;
  m->level = 1;
  m->rng = 0x9E3779B97F4A7C15u;
  ssvc_storage_backend b = SSVC_STORAGE_BACKEND_INIT;
  b.user_data = m;
  b.get = mem_get;
  b.put = mem_put;
  b.del = mem_del;
  b.scan = mem_scan;
  b.begin = mem_begin;
  b.commit = mem_commit;
  b.rollback = mem_rollback;
  b.close = mem_close;
  b.errmsg = mem_errmsg;
  *backend = b;
  return SSVC_OK;
}

int ssvc_store_memory_new(ssvc_ctx *ctx, ssvc_store **out) {
  if (out) *out = NULL;
  if (!ctx) return SSVC_EINVAL;
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "ssvc_store_memory_new: out must not be NULL");
  ssvc_storage_backend b;
  int rc = ssvc_storage_memory_backend(ctx, &b);
  if (rc) return rc;
  rc = ssvc_store_open(ctx, out, &b);
  if (rc) mem_close(b.user_data);
  return rc;
}
