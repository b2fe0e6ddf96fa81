/* record: the library's versioned tag-length-value record encoding (doc/records.md). */
#include <string.h>

#include "record.h"

void ssvc__buf_init(ssvc_buf *b, ssvc_ctx *ctx) {
  memset(b, 0, sizeof *b);
  b->ctx = ctx;
}

void ssvc__buf_free(ssvc_buf *b) {
  ssvc__free(b->ctx, b->p);
  b->p = NULL;
  b->len = b->cap = 0;
}

int ssvc__buf_grow(ssvc_buf *b, size_t n) {
  if (b->failed) return -1;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->len + n) cap *= 2;
  uint8_t *np = ssvc__realloc(b->ctx, b->p, cap);
  if (!np) {
    b->failed = 1;
    return -1;
  }
  b->p = np;
  b->cap = cap;
  return 0;
}

size_t ssvc__rec_sub_begin(ssvc_buf *b, uint32_t field) {
  ssvc__buf_varint(b, (uint64_t)field << 3 | SSVC_WIRE_BYTES);
  uint8_t zero = 0;
  ssvc__buf_append(b, &zero, 1);
  return b->len; /* the body starts here; its length byte is just before */
}

void ssvc__rec_sub_end(ssvc_buf *b, size_t mark) {
  if (b->failed) return;
  size_t len = b->len - mark;
  if (len < 0x80) {
    b->p[mark - 1] = (uint8_t)len;
    return;
  }
  uint8_t tmp[10];
  size_t n = 0;
  for (size_t v = len; v; v >>= 7) tmp[n++] = (uint8_t)((v & 0x7F) | (v >> 7 ? 0x80 : 0));
  if (b->len + n - 1 > b->cap && ssvc__buf_grow(b, n - 1)) return;
  memmove(b->p + mark - 1 + n, b->p + mark, len);
  memcpy(b->p + mark - 1, tmp, n);
  b->len += n - 1;
}

void ssvc__rec_header(ssvc_buf *b, uint8_t type, uint8_t format) {
  uint8_t h[2] = {type, format};
  ssvc__buf_append(b, h, 2);
}

void ssvc__rec_uint(ssvc_buf *b, uint32_t field, uint64_t v) {
  ssvc__buf_varint(b, (uint64_t)field << 3 | SSVC_WIRE_VARINT);
  ssvc__buf_varint(b, v);
}

void ssvc__rec_sint(ssvc_buf *b, uint32_t field, int64_t v) {
  uint64_t z = ((uint64_t)v << 1) ^ (uint64_t)(v < 0 ? -1 : 0);
  ssvc__rec_uint(b, field, z);
}

void ssvc__rec_bytes(ssvc_buf *b, uint32_t field, const void *p, size_t n) {
  ssvc__buf_varint(b, (uint64_t)field << 3 | SSVC_WIRE_BYTES);
  ssvc__buf_varint(b, n);
  ssvc__buf_append(b, p, n);
}

void ssvc__rec_str(ssvc_buf *b, uint32_t field, const char *s) {
  if (s && *s) ssvc__rec_bytes(b, field, s, strlen(s));
}

int64_t ssvc__unzigzag(uint64_t u) { return (int64_t)(u >> 1) ^ -(int64_t)(u & 1); }

static int rd_varint(ssvc_rd *rd, uint64_t *out) {
  if (rd->p < rd->end && *rd->p < 0x80) { /* one byte: most tags, lengths and small values */
    *out = *rd->p++;
    return 0;
  }
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (rd->p >= rd->end) return -1;
    uint8_t byte = *rd->p++;
    if (shift == 63 && byte > 1) return -1;
    v |= (uint64_t)(byte & 0x7F) << shift;
    if (!(byte & 0x80)) {
      *out = v;
      return 0;
    }
  }
  return -1;
}

int ssvc__rd_next(ssvc_rd *rd, ssvc_field *f) {
  if (rd->p >= rd->end) return 0;
  const uint8_t *start = rd->p;
  uint64_t tag;
  if (rd_varint(rd, &tag)) return -1;
  if ((tag >> 3) == 0 || (tag >> 3) > UINT32_MAX) return -1;
  f->id = (uint32_t)(tag >> 3);
  f->wire = (int)(tag & 7);
  f->bytes = NULL;
  f->len = 0;
  f->u = 0;
  switch (f->wire) {
  case SSVC_WIRE_VARINT:
    if (rd_varint(rd, &f->u)) return -1;
    break;
  case SSVC_WIRE_BYTES: {
    uint64_t n;
    if (rd_varint(rd, &n)) return -1;
    if (n > (uint64_t)(rd->end - rd->p)) return -1;
    f->bytes = rd->p;
    f->len = (size_t)n;
    rd->p += n;
    break;
  }
  case SSVC_WIRE_FIXED64:
    if (rd->end - rd->p < 8) return -1;
    for (int i = 7; i >= 0; i--) f->u = f->u << 8 | rd->p[i];
    rd->p += 8;
    break;
  default:
    return -1; /* a wire type no reader can skip: the record is malformed */
  }
  f->raw = start;
  f->raw_len = (size_t)(rd->p - start);
  return 1;
}

int ssvc__rec_open(ssvc_rd *rd, const void *rec, size_t len, uint8_t type) {
  const uint8_t *p = rec;
  if (len < 2 || p[0] != type || p[1] == 0) return -1;
  rd->p = p + 2;
  rd->end = p + len;
  return 0;
}

void ssvc__key_text(uint8_t *k, size_t *n, const char *s) {
  size_t len = strlen(s);
  memcpy(k + *n, s, len);
  k[*n + len] = 0;
  *n += len + 1;
}

void ssvc__rec_keep(ssvc_buf *b, const uint8_t *old, size_t old_len, int (*known)(uint32_t id)) {
  ssvc_rd rd = {old, old + old_len};
  ssvc_field f;
  while (ssvc__rd_next(&rd, &f) == 1)
    if (!known(f.id)) ssvc__buf_append(b, f.raw, f.raw_len);
}

int ssvc__index_step(ssvc_store *st, const char *func, const uint8_t *was, size_t was_len,
                     const uint8_t *now, size_t now_len) {
  if (was_len == now_len && (was_len == 0 || memcmp(was, now, was_len) == 0)) return SSVC_OK;
  int rc = was_len ? ssvc__store_del(st, func, was, was_len, SSVC_STORAGE_ANY) : SSVC_OK;
  if (!rc && now_len) rc = ssvc__store_put(st, func, now, now_len, "", 0, SSVC_STORAGE_NEW, NULL);
  return rc;
}

int ssvc__rec_key_free(ssvc_store *st, const char *func, const uint8_t *key, size_t klen,
                       const char *what) {
  const void *v;
  size_t vlen;
  uint64_t ver;
  int rc = ssvc__store_get(st, func, key, klen, &v, &vlen, &ver);
  if (rc == SSVC_ENOTFOUND) return SSVC_OK;
  if (rc) return rc;
  int again = st->taken_len == klen && memcmp(st->taken, key, klen) == 0;
  if (!again) {
    st->taken_len = klen <= sizeof st->taken ? klen : 0;
    if (st->taken_len) memcpy(st->taken, key, klen);
    return SSVC_ECONFLICT;
  }
  return ssvc__err(ssvc_store_ctx(st), SSVC_ESTORAGE,
                   "%s: %s already exists: its counter is behind the stored records (the store "
                   "is damaged)",
                   func, what);
}

int ssvc__rec_read_expected(ssvc_store *st, const char *func, const uint8_t *key, size_t klen,
                            uint64_t expected, const uint8_t **old, size_t *old_len) {
  *old = NULL;
  *old_len = 0;
  if (expected == SSVC_STORAGE_NEW) return SSVC_OK;
  const void *v;
  size_t vlen;
  uint64_t ver;
  int rc = ssvc__store_get(st, func, key, klen, &v, &vlen, &ver);
  if (rc == SSVC_ENOTFOUND || (!rc && ver != expected)) return SSVC_ECONFLICT;
  if (rc) return rc;
  if (vlen < 2) return ssvc__err(ssvc_store_ctx(st), SSVC_ESTORAGE, "%s: a stored record is "
                                 "shorter than its header", func);
  *old = (const uint8_t *)v + 2;
  *old_len = vlen - 2;
  return SSVC_OK;
}
