/*
 * storage_memory: the built-in memory backend. An in-memory B+tree of entries: leaves hold up to
 * 64 entries with their 8-byte key prefixes inline (a binary search touches one node, not one
 * entry per probe), inner nodes hold copies of separator keys. Keys appended at the end of a leaf
 * start a new leaf instead of halving it, so ordered streams (case records, the state index)
 * fill their leaves. Leaves are not merged when entries go (a store only grows in practice).
 *
 * Transactions: deletes only mark the entry dead until commit, and an undo log records the old
 * value of every write, so rollback never allocates and cannot fail. Splits allocate every node
 * they need before changing anything, so a failed allocation leaves the tree as it was.
 *
 * Entries (with their first value) of up to POOL_MAX bytes are cut from blocks of POOL_BLOCK
 * bytes; a freed one goes on the free list of its size and is reused by the next entry of that
 * size; the blocks go back when the store closes. A case is three entries (record and two index
 * entries): one allocation each cost more than the tree inserts, and the allocator's header and
 * rounding added 32 bytes per case.
 */
#include <string.h>

#include "record.h"

#if defined(__SANITIZE_ADDRESS__)
#define SSVC_POOL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SSVC_POOL_ASAN 1
#endif
#endif
#ifdef SSVC_POOL_ASAN /* freed and not yet used pool memory stays poisoned for AddressSanitizer */
#include <sanitizer/asan_interface.h>
#define POOL_POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define POOL_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POOL_POISON(p, n) ((void)(p), (void)(n))
#define POOL_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define LEAF_MAX 64
#define INNER_MAX 64
#define HEIGHT_MAX 24

#define POOL_BLOCK (256 * 1024)
#define POOL_MAX 2048                    /* larger entries are allocated on their own */
#define POOL_CLASSES (POOL_MAX / 8 + 1) /* class c: entries of c * 8 bytes */

typedef struct ment {
  uint8_t *val;
  size_t vlen;
  uint64_t ver;
  uint32_t klen;
  uint8_t dead;           /* deleted in the open transaction */
  uint8_t deleted_in_txn; /* a U_DELETED record exists for it in the undo log */
  uint16_t cls;           /* its pool size class; 0: allocated on its own */
  uint8_t key[];
} ment;

typedef struct pblock {
  struct pblock *next;
  uint64_t align;
} pblock; /* a pool block: entries follow */

typedef struct sep {
  uint32_t klen;
  uint8_t key[];
} sep;

typedef struct leaf {
  int n;
  struct leaf *next;
  const struct sep *hi; /* the separator of the next leaf: every key here is below it (NULL: none) */
  uint64_t p[LEAF_MAX];
  ment *e[LEAF_MAX];
} leaf;

typedef struct inner {
  int n;                 /* children */
  uint64_t p[INNER_MAX]; /* prefix of s[i]; [0] unused */
  sep *s[INNER_MAX];     /* s[i] <= every key under c[i] < s[i + 1]; [0] unused */
  void *c[INNER_MAX];
} inner;

enum { U_INSERTED, U_REPLACED, U_DELETED, U_REDELETED, U_REVIVED, U_INPLACE };

/* Values up to this size that keep their size are overwritten in place, the old bytes kept in the
 * undo record (the id counter is rewritten this way for every case). */
#define INPLACE_MAX 16

typedef struct undo {
  int kind;
  int old_inline; /* old_val lives inside the entry's own block (never freed on its own) */
  ment *e;
  uint8_t *old_val;
  size_t old_vlen;
  uint64_t old_ver;
  uint8_t small[INPLACE_MAX]; /* U_INPLACE: the old value bytes */
} undo;

typedef struct mem {
  ssvc_ctx *ctx;
  void *root;
  int height; /* 0: the root is a leaf */
  leaf *first;
  ment *last; /* the entry of the last get or put (the id counter is read, then written) */
  leaf *ins_leaf;  /* where insert_at() put the last entry */
  leaf *hint[256]; /* by first key byte: the leaf of the last insert (keys of a kind are mostly
                    * appended in order, so the next one usually belongs there too) */
  leaf *hint12[1024]; /* by a hash of the first 12 key bytes: the same for keys that share a
                       * longer prefix (one customer's index entries) */
  leaf *hint2[256];   /* by a hash of the first 2 key bytes: the same for the short keys of an
                       * index whose second byte is its kind (the state index's states) */
  int in_txn, write;
  undo *undo;
  size_t nundo, capundo;
  pblock *blocks;            /* the pool's blocks */
  uint8_t *pool_at, *pool_end; /* the unused rest of the newest block */
  ment *freel[POOL_CLASSES];   /* freed entries by size class (linked through their val) */
  const char *msg;
} mem;

typedef struct skey {
  const uint8_t *k;
  size_t n;
  uint64_t prefix;
} skey;

static uint64_t key_prefix(const uint8_t *k, size_t n) {
  uint64_t p = 0;
  for (size_t i = 0; i < 8; i++) p = p << 8 | (i < n ? k[i] : 0);
  return p;
}

static int keycmp(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen) {
  int c = memcmp(a, b, alen < blen ? alen : blen);
  if (c) return c;
  return alen < blen ? -1 : alen > blen;
}

/* Compares the key (prefix p, bytes a[0..an)) with the search key. */
static inline int cmp(uint64_t p, const uint8_t *a, size_t an, const skey *s) {
  if (p != s->prefix) return p < s->prefix ? -1 : 1;
  if (an <= 8 && s->n <= 8) return an < s->n ? -1 : an > s->n;
  return keycmp(a, an, s->k, s->n);
}

/* Descends to the leaf that holds (or would hold) the key; path[h] and idx[h] record the inner
 * node at height h + 1 and the child taken. */
static leaf *descend(mem *m, const skey *s, inner **path, int *idx) {
  void *x = m->root;
  for (int h = m->height - 1; h >= 0; h--) {
    inner *in = x;
    int lo = 1, hi = in->n;
    while (lo < hi) {
      int mid = (lo + hi) / 2;
      if (cmp(in->p[mid], in->s[mid]->key, in->s[mid]->klen, s) <= 0) lo = mid + 1;
      else hi = mid;
    }
    path[h] = in;
    idx[h] = lo - 1;
    x = in->c[lo - 1];
  }
  return x;
}

/* The first position in @p l whose key is >= the search key. */
static int lower_bound(const leaf *l, const skey *s) {
  int lo = 0, hi = l->n;
  while (lo < hi) {
    int mid = (lo + hi) / 2;
    if (cmp(l->p[mid], l->e[mid]->key, l->e[mid]->klen, s) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* The entry with exactly this key (dead or alive), or NULL; *lp, *posp where it is or would go. */
static ment *lookup(mem *m, const skey *s, inner **path, int *idx, leaf **lp, int *posp) {
  leaf *l = descend(m, s, path, idx);
  int pos = lower_bound(l, s);
  *lp = l;
  *posp = pos;
  if (pos < l->n && cmp(l->p[pos], l->e[pos]->key, l->e[pos]->klen, s) == 0) return l->e[pos];
  return NULL;
}

static unsigned hash2(const skey *s) { return (s->k[0] * 31u + s->k[1]) & 255; }

static unsigned hash12(const skey *s) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < s->n && i < 12; i++) h = (h ^ s->k[i]) * 16777619u;
  return (h ^ h >> 16) & 1023;
}

/* Whether the key certainly belongs in leaf @p l and @p l has room. */
static int fits(const leaf *l, const skey *s) {
  if (!l || l->n == 0 || l->n == LEAF_MAX) return 0;
  if (cmp(l->p[0], l->e[0]->key, l->e[0]->klen, s) > 0) return 0;
  return !l->hi || cmp(key_prefix(l->hi->key, l->hi->klen), l->hi->key, l->hi->klen, s) > 0;
}

/* The hinted leaf when the key certainly belongs in it and it has room; else NULL. */
static leaf *hinted(mem *m, const skey *s, int *posp) {
  if (!s->n) return NULL;
  /* Keys of 12 bytes or less hash whole, so their slot never predicts the next key's leaf. */
  leaf *l = s->n > 12 ? m->hint12[hash12(s)] : NULL;
  if (!fits(l, s) && s->n >= 2) l = m->hint2[hash2(s)];
  if (!fits(l, s)) l = m->hint[s->k[0]];
  if (!fits(l, s)) return NULL;
  *posp = lower_bound(l, s);
  return l;
}


static void leaf_insert(leaf *l, int pos, uint64_t p, ment *e) {
  memmove(&l->p[pos + 1], &l->p[pos], (size_t)(l->n - pos) * sizeof l->p[0]);
  memmove(&l->e[pos + 1], &l->e[pos], (size_t)(l->n - pos) * sizeof l->e[0]);
  l->p[pos] = p;
  l->e[pos] = e;
  l->n++;
}

static void inner_insert(inner *in, int i, uint64_t p, sep *s, void *c) {
  memmove(&in->p[i + 1], &in->p[i], (size_t)(in->n - i) * sizeof in->p[0]);
  memmove(&in->s[i + 1], &in->s[i], (size_t)(in->n - i) * sizeof in->s[0]);
  memmove(&in->c[i + 1], &in->c[i], (size_t)(in->n - i) * sizeof in->c[0]);
  in->p[i] = p;
  in->s[i] = s;
  in->c[i] = c;
  in->n++;
}

/* Inserts @p e (prefix @p p) at @p pos of @p l, splitting nodes up the path as needed. Every node
 * is allocated first: on failure nothing has changed. */
static int insert_at(mem *m, leaf *l, int pos, uint64_t p, ment *e, inner **path, int *idx) {
  if (l->n < LEAF_MAX) {
    leaf_insert(l, pos, p, e);
    m->ins_leaf = l;
    return SSVC_OK;
  }
  int full = 0; /* full inner nodes above the leaf, from the bottom */
  while (full < m->height && path[full]->n == INNER_MAX) full++;
  int new_root = full == m->height;
  if (m->height + new_root > HEIGHT_MAX) {
    m->msg = "tree too deep";
    return SSVC_ESTORAGE;
  }
  leaf *r = ssvc__malloc(m->ctx, sizeof *r);
  inner *in_new[HEIGHT_MAX + 1];
  int got = 0;
  int ok = r != NULL;
  while (ok && got < full + new_root) {
    in_new[got] = ssvc__malloc(m->ctx, sizeof(inner));
    if (in_new[got]) got++;
    else ok = 0;
  }
  /* The separator of the new leaf: its first key after the split. */
  const ment *first = pos == LEAF_MAX || pos == LEAF_MAX / 2 ? e : l->e[LEAF_MAX / 2];
  sep *sp = ok ? ssvc__malloc(m->ctx, sizeof *sp + first->klen) : NULL;
  if (!sp) {
    ssvc__free(m->ctx, r);
    for (int i = 0; i < got; i++) ssvc__free(m->ctx, in_new[i]);
    m->msg = "out of memory";
    return SSVC_ENOMEM;
  }
  /* Split the leaf: appends start an empty right leaf, others move the upper half. */
  r->n = 0;
  r->next = l->next;
  r->hi = l->hi;
  l->next = r;
  l->hi = sp;
  if (pos == LEAF_MAX) {
    leaf_insert(r, 0, p, e);
    m->ins_leaf = r;
  } else {
    int half = LEAF_MAX / 2;
    memcpy(r->p, &l->p[half], (size_t)half * sizeof l->p[0]);
    memcpy(r->e, &l->e[half], (size_t)half * sizeof l->e[0]);
    r->n = half;
    l->n = half;
    m->ins_leaf = pos < half ? l : r;
    if (pos < half) leaf_insert(l, pos, p, e);
    else leaf_insert(r, pos - half, p, e);
  }
  sp->klen = r->e[0]->klen;
  memcpy(sp->key, r->e[0]->key, sp->klen);
  uint64_t up_p = key_prefix(sp->key, sp->klen);
  sep *up_s = sp;
  void *up_c = r;
  /* Carry (up_s, up_c) up the path. */
  for (int h = 0; h < m->height; h++) {
    inner *in = path[h];
    int at = idx[h] + 1;
    if (in->n < INNER_MAX) {
      inner_insert(in, at, up_p, up_s, up_c);
      return SSVC_OK;
    }
    /* Split a full inner node around the insertion. */
    uint64_t tp[INNER_MAX + 1];
    sep *ts[INNER_MAX + 1];
    void *tc[INNER_MAX + 1];
    memcpy(tp, in->p, sizeof in->p);
    memcpy(ts, in->s, sizeof in->s);
    memcpy(tc, in->c, sizeof in->c);
    memmove(&tp[at + 1], &tp[at], (size_t)(INNER_MAX - at) * sizeof tp[0]);
    memmove(&ts[at + 1], &ts[at], (size_t)(INNER_MAX - at) * sizeof ts[0]);
    memmove(&tc[at + 1], &tc[at], (size_t)(INNER_MAX - at) * sizeof tc[0]);
    tp[at] = up_p;
    ts[at] = up_s;
    tc[at] = up_c;
    int total = INNER_MAX + 1, left = at == INNER_MAX ? INNER_MAX : total / 2;
    inner *rn = in_new[h];
    memcpy(in->p, tp, (size_t)left * sizeof tp[0]);
    memcpy(in->s, ts, (size_t)left * sizeof ts[0]);
    memcpy(in->c, tc, (size_t)left * sizeof tc[0]);
    in->n = left;
    rn->n = total - left;
    memcpy(rn->p, &tp[left], (size_t)rn->n * sizeof tp[0]);
    memcpy(rn->s, &ts[left], (size_t)rn->n * sizeof ts[0]);
    memcpy(rn->c, &tc[left], (size_t)rn->n * sizeof tc[0]);
    up_p = rn->p[0]; /* the right node's first separator moves up */
    up_s = rn->s[0];
    rn->s[0] = NULL;
    up_c = rn;
  }
  inner *root = in_new[full];
  root->n = 2;
  root->c[0] = m->root;
  root->c[1] = up_c;
  root->p[1] = up_p;
  root->s[1] = up_s;
  root->s[0] = NULL;
  m->root = root;
  m->height++;
  return SSVC_OK;
}

/* Takes entry @p e out of the tree (no allocation). */
static void remove_entry(mem *m, ment *e) {
  inner *path[HEIGHT_MAX];
  int idx[HEIGHT_MAX];
  skey s = {e->key, e->klen, key_prefix(e->key, e->klen)};
  leaf *l;
  int pos;
  if (lookup(m, &s, path, idx, &l, &pos) != e) return;
  memmove(&l->p[pos], &l->p[pos + 1], (size_t)(l->n - pos - 1) * sizeof l->p[0]);
  memmove(&l->e[pos], &l->e[pos + 1], (size_t)(l->n - pos - 1) * sizeof l->e[0]);
  l->n--;
  if (m->last == e) m->last = NULL;
}

/* A new entry's first value shares the entry's block (one allocation instead of two). */
static int is_inline(const ment *e, const uint8_t *v) { return v && v == e->key + e->klen; }

static void free_val(mem *m, ment *e) {
  if (!is_inline(e, e->val)) ssvc__free(m->ctx, e->val);
}

/* A new entry of @p size bytes (NULL when out of memory). */
static ment *entry_alloc(mem *m, size_t size) {
  size_t cls = (size + 7) / 8;
  ment *e;
  if (cls >= POOL_CLASSES) {
    e = ssvc__malloc(m->ctx, size);
    if (e) e->cls = 0;
    return e;
  }
  size_t bytes = cls * 8;
  if ((e = m->freel[cls]) != NULL) {
    POOL_UNPOISON(e, bytes);
    m->freel[cls] = (ment *)(void *)e->val;
  } else {
    if ((size_t)(m->pool_end - m->pool_at) < bytes) {
      pblock *b = ssvc__malloc(m->ctx, POOL_BLOCK);
      if (!b) return NULL;
      b->next = m->blocks;
      m->blocks = b;
      m->pool_at = (uint8_t *)(b + 1);
      m->pool_end = (uint8_t *)b + POOL_BLOCK;
      POOL_POISON(m->pool_at, (size_t)(m->pool_end - m->pool_at));
    }
    e = (ment *)(void *)m->pool_at;
    m->pool_at += bytes;
    POOL_UNPOISON(e, bytes);
  }
  e->cls = (uint16_t)cls;
  return e;
}

static void free_entry(mem *m, ment *e) {
  free_val(m, e);
  if (!e->cls) {
    ssvc__free(m->ctx, e);
    return;
  }
  e->val = (uint8_t *)(void *)m->freel[e->cls];
  m->freel[e->cls] = e;
  POOL_POISON(&e->vlen, (size_t)e->cls * 8 - sizeof e->val); /* the link stays readable */
}

static int push_undo(mem *m, int kind, ment *e) {
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
  undo *u = &m->undo[m->nundo++];
  u->kind = kind;
  u->old_inline = e && is_inline(e, e->val);
  u->e = e;
  u->old_val = e ? e->val : NULL;
  u->old_vlen = e ? e->vlen : 0;
  u->old_ver = e ? e->ver : 0;
  if (kind == U_INPLACE) memcpy(u->small, e->val, e->vlen);
  return SSVC_OK;
}

/* The live entry with this key, or NULL. */
static ment *find_live(mem *m, const void *key, size_t klen) {
  ment *e = m->last;
  if (!e || keycmp(e->key, e->klen, key, klen) != 0) {
    inner *path[HEIGHT_MAX];
    int idx[HEIGHT_MAX];
    skey s = {key, klen, key_prefix(key, klen)};
    leaf *l;
    int pos;
    e = lookup(m, &s, path, idx, &l, &pos);
    if (!e) return NULL;
    m->last = e;
  }
  return e->dead ? NULL : e;
}

static int mem_get(void *ud, const void *key, size_t klen, const void **val, size_t *vlen,
                   uint64_t *ver) {
  mem *m = ud;
  ment *e = find_live(m, key, klen);
  if (!e) return SSVC_ENOTFOUND;
  *val = e->val ? e->val : (const void *)"";
  *vlen = e->vlen;
  *ver = e->ver;
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
  inner *path[HEIGHT_MAX];
  int idx[HEIGHT_MAX];
  skey s = {key, klen, key_prefix(key, klen)};
  leaf *l = NULL;
  int pos = 0;
  ment *e = m->last;
  if (!e || keycmp(e->key, e->klen, key, klen) != 0) {
    e = NULL;
    if ((l = hinted(m, &s, &pos))) {
      if (pos < l->n && cmp(l->p[pos], l->e[pos]->key, l->e[pos]->klen, &s) == 0) e = l->e[pos];
    } else {
      e = lookup(m, &s, path, idx, &l, &pos);
    }
  }
  int live = e && !e->dead;
  if (expected != SSVC_STORAGE_ANY && (live ? e->ver != expected : expected != 0)) {
    m->msg = "version conflict";
    return SSVC_ECONFLICT;
  }
  if (live && vlen == e->vlen && vlen && vlen <= INPLACE_MAX) {
    if ((rc = push_undo(m, U_INPLACE, e))) return rc;
    memcpy(e->val, val, vlen);
    e->ver++;
    m->last = e;
    if (new_ver) *new_ver = e->ver;
    return SSVC_OK;
  }
  uint8_t *copy = NULL;
  if (vlen && e) {
    if (!(copy = ssvc__malloc(m->ctx, vlen))) {
      m->msg = "out of memory";
      return SSVC_ENOMEM;
    }
    memcpy(copy, val, vlen);
  }
  if (e) { /* replace a live value, or revive a dead entry as a new key (version 1) */
    if ((rc = push_undo(m, live ? U_REPLACED : U_REVIVED, e))) {
      ssvc__free(m->ctx, copy);
      return rc;
    }
    e->val = copy;
    e->vlen = vlen;
    e->ver = live ? e->ver + 1 : 1;
    e->dead = 0;
  } else {
    e = entry_alloc(m, sizeof *e + klen + vlen);
    if (!e) {
      m->msg = "out of memory";
      return SSVC_ENOMEM;
    }
    memcpy(e->key, key, klen);
    e->klen = (uint32_t)klen;
    e->val = vlen ? e->key + klen : NULL;
    if (vlen) memcpy(e->val, val, vlen);
    e->vlen = vlen;
    e->ver = 1;
    e->dead = 0;
    e->deleted_in_txn = 0;
    /* A hinted leaf has room, so insert_at() needs no path there. */
    if ((rc = push_undo(m, U_INSERTED, e)) || (rc = insert_at(m, l, pos, s.prefix, e, path, idx))) {
      if (rc != SSVC_OK && m->nundo && m->undo[m->nundo - 1].e == e) m->nundo--;
      free_entry(m, e);
      return rc;
    }
    if (klen) {
      m->hint[s.k[0]] = m->ins_leaf;
      if (klen >= 2) m->hint2[hash2(&s)] = m->ins_leaf;
      if (klen > 12) m->hint12[hash12(&s)] = m->ins_leaf;
    }
  }
  m->last = e;
  if (new_ver) *new_ver = e->ver;
  return SSVC_OK;
}

static int mem_del(void *ud, const void *key, size_t klen, uint64_t expected) {
  mem *m = ud;
  int rc = need_write(m);
  if (rc) return rc;
  ment *e = find_live(m, key, klen);
  if (!e) return SSVC_ENOTFOUND;
  if (expected != SSVC_STORAGE_ANY && e->ver != expected) {
    m->msg = "version conflict";
    return SSVC_ECONFLICT;
  }
  if ((rc = push_undo(m, e->deleted_in_txn ? U_REDELETED : U_DELETED, e))) return rc;
  e->deleted_in_txn = 1;
  e->dead = 1;
  return SSVC_OK;
}

static int mem_scan(void *ud, const void *lo, size_t lo_len, const void *hi, size_t hi_len,
                    ssvc_storage_scan_fn fn, void *cb) {
  mem *m = ud;
  leaf *l = m->first;
  int pos = 0;
  if (lo && lo_len) {
    inner *path[HEIGHT_MAX];
    int idx[HEIGHT_MAX];
    skey s = {lo, lo_len, key_prefix(lo, lo_len)};
    l = descend(m, &s, path, idx);
    pos = lower_bound(l, &s);
  }
  skey h = {hi, hi_len, hi ? key_prefix(hi, hi_len) : 0};
  for (; l; l = l->next, pos = 0) {
    for (; pos < l->n; pos++) {
      ment *e = l->e[pos];
      if (hi && cmp(l->p[pos], e->key, e->klen, &h) >= 0) return SSVC_OK;
      if (e->dead) continue;
      int rc = fn(cb, e->key, e->klen, e->val ? e->val : (const void *)"", e->vlen, e->ver);
      if (rc > 0) return SSVC_OK;
      if (rc < 0) return rc;
    }
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

static int mem_commit(void *ud) {
  mem *m = ud;
  if (!m->in_txn) {
    m->msg = "no transaction is open";
    return SSVC_ESTORAGE;
  }
  /* Only U_DELETED dereferences its entry here, once per entry, so freeing is safe. */
  for (size_t i = 0; i < m->nundo; i++) {
    undo *u = &m->undo[i];
    if (u->kind == U_REPLACED || u->kind == U_REVIVED) {
      if (!u->old_inline) ssvc__free(m->ctx, u->old_val);
    } else if (u->kind == U_DELETED) {
      if (u->e->dead) {
        remove_entry(m, u->e);
        free_entry(m, u->e);
      } else {
        u->e->deleted_in_txn = 0;
      }
    }
  }
  m->nundo = 0;
  m->in_txn = 0;
  return SSVC_OK;
}

static int mem_rollback(void *ud) {
  mem *m = ud;
  for (size_t i = m->nundo; i-- > 0;) {
    undo *u = &m->undo[i];
    ment *e = u->e;
    switch (u->kind) {
    case U_INSERTED:
      remove_entry(m, e);
      free_entry(m, e);
      break;
    case U_REPLACED:
    case U_REVIVED:
      free_val(m, e);
      e->val = u->old_val;
      e->vlen = u->old_vlen;
      e->ver = u->old_ver;
      e->dead = u->kind == U_REVIVED;
      break;
    case U_DELETED:
      e->dead = 0;
      e->deleted_in_txn = 0;
      break;
    case U_INPLACE:
      memcpy(e->val, u->small, u->old_vlen);
      e->ver = u->old_ver;
      break;
    default: /* U_REDELETED */
      e->dead = 0;
      break;
    }
  }
  m->last = NULL;
  m->nundo = 0;
  m->in_txn = 0;
  return SSVC_OK;
}

static void free_node(mem *m, void *x, int height) {
  if (height == 0) {
    leaf *l = x;
    for (int i = 0; i < l->n; i++) free_entry(m, l->e[i]);
  } else {
    inner *in = x;
    for (int i = 0; i < in->n; i++) {
      if (i) ssvc__free(m->ctx, in->s[i]);
      free_node(m, in->c[i], height - 1);
    }
  }
  ssvc__free(m->ctx, x);
}

static void mem_close(void *ud) {
  mem *m = ud;
  if (m->in_txn) mem_rollback(m);
  free_node(m, m->root, m->height);
  for (pblock *b = m->blocks, *next; b; b = next) {
    next = b->next;
    POOL_UNPOISON(b, POOL_BLOCK);
    ssvc__free(m->ctx, b);
  }
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
  leaf *l = ssvc__calloc(ctx, 1, sizeof *l);
  if (!l) {
    ssvc__free(ctx, m);
    return SSVC_ENOMEM;
  }
  m->ctx = ctx;
  m->root = m->first = l;
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
