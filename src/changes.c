/* changes: the change feed (doc/storage.md "The change feed"). ssvc__store_put() and
 * ssvc__store_del() note each changed key of a tracked kind in the store's pending list; the
 * outermost commit appends one entry per noted key under the feed's counter, in the same
 * transaction, just before the backend's commit. The feed lives in the generic key space, so
 * every backend keeps it without a callback of its own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_record.h"
#include "keyspace.h"
#include "record.h"
#include "smartservice/changes.h"

enum { FORMAT = 1 };
enum { F_KIND = 1, F_OP = 2, F_AT = 3, F_KEY = 4 }; /* entry fields */
enum { N_LAST = 1 };                                /* counter field */

static const char *const kind_names[] = {NULL,      "case",    "order", "unit",
                                         "agreement", "invoice", "charge", "roster",
                                         "backup-phone", "repair-order", "stock-order"};
static const char *const op_names[] = {NULL, "put", "delete"};

const char *ssvc_change_kind_name(int kind) {
  return ssvc__name_of(kind_names, SSVC_CHANGE_CASE, SSVC_CHANGE_STOCK_ORDER, kind);
}

const char *ssvc_change_op_name(int op) {
  return ssvc__name_of(op_names, SSVC_CHANGE_PUT, SSVC_CHANGE_DELETE, op);
}

/* The kind of the record under @p key, or 0 for a key the feed does not follow (indexes,
 * counters, marks, run records, refill requests). */
static int key_kind(const uint8_t *k, size_t n) {
  if (n < 2) return 0;
  switch (k[0]) {
  case SSVC_KEY_CASE: return n == SSVC_KEY_CASE_LEN ? SSVC_CHANGE_CASE : 0;
  case SSVC_KEY_AGREEMENT: return SSVC_CHANGE_AGREEMENT;
  case SSVC_KEY_ROSTER: return k[1] == 'E' ? SSVC_CHANGE_ROSTER : 0;
  case SSVC_KEY_BACKUP_PHONE: return SSVC_CHANGE_BACKUP_PHONE;
  case SSVC_KEY_REPAIR_ORDER: return SSVC_CHANGE_REPAIR_ORDER;
  case SSVC_KEY_STOCK_ORDER: return SSVC_CHANGE_STOCK_ORDER;
  case SSVC_KEY_SWAP: return k[1] == 'U' ? SSVC_CHANGE_UNIT : k[1] == 'O' ? SSVC_CHANGE_ORDER : 0;
  case SSVC_KEY_BILLING:
    return k[1] == 'I' || k[1] == 'C' ? SSVC_CHANGE_INVOICE : k[1] == 'A' ? SSVC_CHANGE_CHARGE : 0;
  default: return 0;
  }
}

/* Pending entries: op (1 byte), key length (2 bytes), key; a record written twice is noted
 * twice and merged at the commit (merge_repeats), so noting stays O(1). */
int ssvc__changes_note(ssvc_store *st, const void *key, size_t klen, int op) {
  if (!key_kind(key, klen) || klen > 0xffff) return SSVC_OK;
  ssvc_buf *b = &st->feed;
  uint8_t head[3] = {(uint8_t)op, (uint8_t)(klen >> 8), (uint8_t)klen};
  if (ssvc__buf_grow(b, 3 + klen)) {
    b->failed = 0;
    return ssvc__err(st->ctx, SSVC_ENOMEM, "ssvc_store: change feed: out of memory");
  }
  ssvc__buf_append(b, head, 3);
  ssvc__buf_append(b, key, klen);
  return SSVC_OK;
}

static size_t pend_len(const uint8_t *e) { return (size_t)e[1] << 8 | e[2]; }

/* By key, then in the order noted. */
static int cmp_pending(const void *a, const void *b) {
  const uint8_t *x = *(const uint8_t *const *)a, *y = *(const uint8_t *const *)b;
  size_t nx = pend_len(x), ny = pend_len(y);
  int c = memcmp(x + 3, y + 3, nx < ny ? nx : ny);
  if (c) return c;
  if (nx != ny) return nx < ny ? -1 : 1;
  return x < y ? -1 : x > y;
}

/* One entry per record: the first note of a key takes the last one's operation and the others
 * get operation 0 (skipped). The number of entries left in *count. */
static int merge_repeats(ssvc_store *st, const char *func, size_t *count) {
  ssvc_buf *pend = &st->feed;
  size_t n = 0;
  for (size_t i = 0; i < pend->len; n++) i += 3 + pend_len(pend->p + i);
  *count = n;
  if (n < 2) return SSVC_OK;
  uint8_t **e = ssvc__malloc(st->ctx, n * sizeof *e);
  if (!e) return ssvc__err(st->ctx, SSVC_ENOMEM, "%s: change feed: out of memory", func);
  n = 0;
  for (size_t i = 0; i < pend->len; i += 3 + pend_len(pend->p + i)) e[n++] = pend->p + i;
  qsort(e, n, sizeof *e, cmp_pending);
  for (size_t i = 0, j; i < n; i = j) {
    size_t len = pend_len(e[i]);
    for (j = i + 1; j < n && pend_len(e[j]) == len && memcmp(e[j] + 3, e[i] + 3, len) == 0; j++)
      continue;
    e[i][0] = e[j - 1][0]; /* the last operation, in the first note's place */
    for (size_t k = i + 1; k < j; k++) e[k][0] = 0;
    *count -= j - i - 1;
  }
  ssvc__free(st->ctx, e);
  return SSVC_OK;
}

void ssvc__changes_forget(ssvc_store *st) {
  st->feed.len = 0;
  st->feed.failed = 0;
}

size_t ssvc__changes_key(uint8_t *k, uint64_t pos) {
  k[0] = SSVC_KEY_FEED;
  for (int i = 0; i < 8; i++) k[1 + i] = (uint8_t)(pos >> (56 - 8 * i));
  return 9;
}

void ssvc__changes_encode_counter(ssvc_buf *b, uint64_t last) {
  ssvc__rec_header(b, SSVC_REC_COUNTER, FORMAT);
  ssvc__rec_uint(b, N_LAST, last);
}

void ssvc__changes_encode(ssvc_buf *b, const void *key, size_t klen, int op, int64_t at) {
  ssvc__rec_header(b, SSVC_REC_FEED, FORMAT);
  ssvc__rec_uint(b, F_KIND, (uint64_t)key_kind(key, klen));
  ssvc__rec_uint(b, F_OP, (uint64_t)op);
  ssvc__rec_sint(b, F_AT, at);
  ssvc__rec_bytes(b, F_KEY, key, klen);
}

static const uint8_t counter_key[SSVC_CHANGES_COUNTER_LEN] = {SSVC_KEY_FEED};

/* The last position in *last and the counter's version in *ver (SSVC_STORAGE_NEW when none). */
static int read_counter(ssvc_store *st, const char *func, uint64_t *last, uint64_t *ver) {
  const void *v;
  size_t vlen;
  *last = 0;
  *ver = SSVC_STORAGE_NEW;
  int rc = ssvc__store_get(st, func, counter_key, SSVC_CHANGES_COUNTER_LEN, &v, &vlen, ver);
  if (rc == SSVC_ENOTFOUND) {
    *ver = SSVC_STORAGE_NEW;
    return SSVC_OK;
  }
  if (rc) return rc;
  ssvc_rd rd;
  ssvc_field f;
  int r = ssvc__rec_open(&rd, v, vlen, SSVC_REC_COUNTER);
  if (r == 0)
    while ((r = ssvc__rd_next(&rd, &f)) == 1)
      if (f.id == N_LAST && f.wire == SSVC_WIRE_VARINT) *last = f.u;
  if (r < 0) return ssvc__err(st->ctx, SSVC_ESTORAGE, "%s: the change feed's counter is malformed",
                              func);
  return SSVC_OK;
}

int ssvc__changes_append(ssvc_store *st, const char *func) {
  ssvc_buf *pend = &st->feed;
  if (pend->len == 0) return SSVC_OK;
  uint64_t last, ver;
  int rc = read_counter(st, func, &last, &ver);
  if (rc) return rc;
  size_t count;
  if ((rc = merge_repeats(st, func, &count))) return rc;
  /* The counter first: on PostgreSQL its row lock, held to the commit, orders the appends. */
  ssvc_buf *b = ssvc__store_scratch(st, 0);
  ssvc__changes_encode_counter(b, last + count);
  if (b->failed) return SSVC_ENOMEM;
  rc = ssvc__store_put(st, func, counter_key, SSVC_CHANGES_COUNTER_LEN, b->p, b->len, ver, NULL);
  int64_t now = ssvc__store_now(st);
  uint64_t pos = last;
  for (size_t i = 0; !rc && i < pend->len;) {
    size_t n = pend_len(pend->p + i);
    const uint8_t *key = pend->p + i + 3;
    int op = pend->p[i];
    i += 3 + n;
    if (!op) continue; /* a repeat, merged into the record's first note */
    b = ssvc__store_scratch(st, 0);
    ssvc__changes_encode(b, key, n, op, now);
    if (b->failed) return SSVC_ENOMEM;
    uint8_t k[9];
    rc = ssvc__store_put(st, func, k, ssvc__changes_key(k, ++pos), b->p, b->len,
                         SSVC_STORAGE_NEW, NULL);
    if (rc == SSVC_ECONFLICT) /* no other writer gets past the counter we hold: damage */
      rc = ssvc__err(st->ctx, SSVC_ESTORAGE,
                     "%s: the change feed's counter (%llu) is behind its entries", func,
                     (unsigned long long)last);
  }
  return rc;
}

/* The text id of a record key (see ssvc_change_kind). */
static void key_id(char *out, size_t size, int kind, const uint8_t *k, size_t n) {
  const char *tail = (const char *)k + 2;
  size_t tlen = n - 2;
  switch (kind) {
  case SSVC_CHANGE_CASE:
    ssvc__case_format_id(out, (uint32_t)k[1] << 8 | k[2],
                         (uint32_t)k[3] << 24 | (uint32_t)k[4] << 16 | (uint32_t)k[5] << 8 | k[6]);
    return;
  case SSVC_CHANGE_AGREEMENT: tail = (const char *)k + 1, tlen = n - 1; break;
  case SSVC_CHANGE_UNIT: /* customer 0 imei */
  case SSVC_CHANGE_ROSTER:
    break;
  case SSVC_CHANGE_BACKUP_PHONE: tail = (const char *)k + 1, tlen = n - 1; break; /* as a unit */
  case SSVC_CHANGE_REPAIR_ORDER: { /* customer 0 case-id: the case id */
    const uint8_t *z = memchr(k + 1, 0, n - 1);
    if (z) {
      snprintf(out, size, "%.*s", (int)(k + n - z - 1), (const char *)z + 1);
      return;
    }
    break;
  }
  case SSVC_CHANGE_STOCK_ORDER: tail = (const char *)k + 1, tlen = n - 1; /* as a charge */
    /* fall through */
  case SSVC_CHANGE_CHARGE: { /* customer 0 index (u32) */
    const uint8_t *z = memchr(tail, 0, tlen);
    if (z && (size_t)(k + n - z) == 5) {
      snprintf(out, size, "%.*s/%lu", (int)(z - (const uint8_t *)tail), tail,
               (unsigned long)((uint32_t)z[1] << 24 | (uint32_t)z[2] << 16 | (uint32_t)z[3] << 8 |
                               z[4]));
      return;
    }
    break;
  }
  default: break;
  }
  size_t o = 0;
  for (size_t i = 0; i < tlen && o + 1 < size; i++) out[o++] = tail[i] ? tail[i] : '/';
  out[o] = 0;
}

struct read_cb {
  ssvc_store *st;
  ssvc_change_fn fn;
  void *user_data;
};

static int read_one(void *data, const void *key, size_t klen, const void *val, size_t vlen,
                    uint64_t ver) {
  (void)ver;
  struct read_cb *r = data;
  if (klen != 9) return SSVC_OK; /* the counter */
  const uint8_t *k = key;
  ssvc_change c = {SSVC_CHANGE_VERSION, 0, 0, 0, 0, NULL};
  for (int i = 0; i < 8; i++) c.position = c.position << 8 | k[1 + i];
  ssvc_rd rd;
  ssvc_field f;
  const uint8_t *rk = NULL;
  size_t rklen = 0;
  int rc = ssvc__rec_open(&rd, val, vlen, SSVC_REC_FEED);
  if (rc == 0)
    while ((rc = ssvc__rd_next(&rd, &f)) == 1) {
    if (f.id == F_KIND && f.wire == SSVC_WIRE_VARINT) c.kind = (int)f.u;
    if (f.id == F_OP && f.wire == SSVC_WIRE_VARINT) c.op = (int)f.u;
    if (f.id == F_AT && f.wire == SSVC_WIRE_VARINT) c.instant = ssvc__unzigzag(f.u);
    if (f.id == F_KEY && f.wire == SSVC_WIRE_BYTES) rk = f.bytes, rklen = f.len;
  }
  if (rc < 0 || !rk || rklen < 2 || !ssvc_change_kind_name(c.kind))
    return ssvc__err(r->st->ctx, SSVC_ESTORAGE,
                     "ssvc_changes_read: the entry at position %llu is malformed",
                     (unsigned long long)c.position);
  char id[SSVC_CHANGE_ID_SIZE];
  key_id(id, sizeof id, c.kind, rk, rklen);
  c.id = id;
  return r->fn(r->user_data, &c);
}

int ssvc_changes_read(ssvc_store *store, uint64_t after, ssvc_change_fn fn, void *user_data) {
  if (!store) return SSVC_EINVAL;
  if (!fn) return ssvc__err(store->ctx, SSVC_EINVAL, "ssvc_changes_read: fn must not be NULL");
  if (after == UINT64_MAX) return SSVC_OK;
  uint8_t lo[9], hi[1] = {SSVC_KEY_FEED + 1};
  struct read_cb r = {store, fn, user_data};
  return ssvc__store_scan(store, "ssvc_changes_read", lo, ssvc__changes_key(lo, after + 1), hi, 1,
                          read_one, &r);
}

int ssvc_changes_last(ssvc_store *store, uint64_t *out) {
  if (out) *out = 0;
  if (!store) return SSVC_EINVAL;
  if (!out) return ssvc__err(store->ctx, SSVC_EINVAL, "ssvc_changes_last: out must not be NULL");
  uint64_t ver;
  return read_counter(store, "ssvc_changes_last", out, &ver);
}

struct prune {
  uint64_t before, removed;
  ssvc_buf keys; /* the positions to remove, 8 bytes each */
};

static int collect(void *data, const void *key, size_t klen, const void *val, size_t vlen,
                   uint64_t ver) {
  (void)val, (void)vlen, (void)ver;
  struct prune *p = data;
  if (klen == 9) ssvc__buf_append(&p->keys, (const uint8_t *)key + 1, 8);
  return p->keys.failed ? SSVC_ENOMEM : SSVC_OK;
}

static int prune_body(ssvc_store *st, void *arg) {
  struct prune *p = arg;
  const char *func = "ssvc_changes_prune";
  p->keys.len = 0;
  p->removed = 0;
  if (p->before <= 1) return SSVC_OK;
  uint8_t lo[9], hi[9];
  int rc = ssvc__store_scan(st, func, lo, ssvc__changes_key(lo, 1), hi,
                            ssvc__changes_key(hi, p->before), collect, p);
  if (rc == SSVC_ENOMEM && p->keys.failed) rc = ssvc__err(st->ctx, rc, "%s: out of memory", func);
  for (size_t i = 0; !rc && i < p->keys.len; i += 8) {
    uint8_t k[9] = {SSVC_KEY_FEED};
    memcpy(k + 1, p->keys.p + i, 8);
    rc = ssvc__store_del(st, func, k, 9, SSVC_STORAGE_ANY);
    if (rc == SSVC_ENOTFOUND) rc = SSVC_OK; /* pruned meanwhile by another node */
    else if (!rc) p->removed++;
  }
  return rc;
}

int ssvc_changes_prune(ssvc_store *store, uint64_t before, uint64_t *removed) {
  if (removed) *removed = 0;
  if (!store) return SSVC_EINVAL;
  struct prune p = {before, 0, {0}};
  ssvc__buf_init(&p.keys, store->ctx);
  int rc = ssvc__txn_run(store, "ssvc_changes_prune", prune_body, &p);
  ssvc__buf_free(&p.keys);
  if (!rc && removed) *removed = p.removed;
  return rc;
}

int ssvc__changes_valid(const void *key, size_t klen, const void *val, size_t vlen) {
  ssvc_rd rd;
  ssvc_field f;
  if (klen == SSVC_CHANGES_COUNTER_LEN) { /* the counter */
    int r = ssvc__rec_open(&rd, val, vlen, SSVC_REC_COUNTER);
    if (r == 0)
      while ((r = ssvc__rd_next(&rd, &f)) == 1) {
      }
    return r < 0 ? -1 : 0;
  }
  if (klen != 9) return -1;
  int kind = 0, have_key = 0;
  int r = ssvc__rec_open(&rd, val, vlen, SSVC_REC_FEED);
  if (r == 0)
    while ((r = ssvc__rd_next(&rd, &f)) == 1) {
      if (f.id == F_KIND && f.wire == SSVC_WIRE_VARINT) kind = (int)f.u;
      if (f.id == F_KEY && f.wire == SSVC_WIRE_BYTES && f.len >= 2) have_key = 1;
    }
  (void)key;
  return r < 0 || !have_key || !ssvc_change_kind_name(kind) ? -1 : 0;
}
