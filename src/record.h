/*
 * Private: the library's record encoding (doc/records.md) and the store's internal interface
 * used by the domain modules (case, and later swap, charges, xml). Nothing here is exported.
 */
#ifndef SSVC_RECORD_H
#define SSVC_RECORD_H

#include <stdint.h>
#include <string.h>

#include "internal.h"
#include "smartservice/storage.h"

/* Wire types of a field tag (tag = field_id << 3 | wire type). */
enum { SSVC_WIRE_VARINT = 0, SSVC_WIRE_BYTES = 1, SSVC_WIRE_FIXED64 = 2 };

/* A growable byte buffer in the context's allocator. After an allocation failure every later
 * append is ignored and `failed` stays set (the context holds SSVC_ENOMEM). */
typedef struct ssvc_buf {
  ssvc_ctx *ctx;
  uint8_t *p;
  size_t len, cap;
  int failed;
} ssvc_buf;

void ssvc__buf_init(ssvc_buf *b, ssvc_ctx *ctx);
void ssvc__buf_free(ssvc_buf *b);
/* Makes room for @p n more bytes; 0 on success, -1 (and `failed` set) when it cannot. */
int ssvc__buf_grow(ssvc_buf *b, size_t n);

static inline void ssvc__buf_append(ssvc_buf *b, const void *p, size_t n) {
  if (n == 0 || (b->len + n > b->cap && ssvc__buf_grow(b, n))) return;
  memcpy(b->p + b->len, p, n);
  b->len += n;
}

static inline void ssvc__buf_varint(ssvc_buf *b, uint64_t v) {
  if (b->len + 10 > b->cap && ssvc__buf_grow(b, 10)) return;
  do {
    uint8_t byte = (uint8_t)(v & 0x7F);
    v >>= 7;
    b->p[b->len++] = (uint8_t)(byte | (v ? 0x80 : 0));
  } while (v);
}

/* A nested record written in place: ssvc__rec_sub_begin() writes the tag and reserves a length
 * byte; ssvc__rec_sub_end() fills in the length (moving the body when it needs more bytes). */
size_t ssvc__rec_sub_begin(ssvc_buf *b, uint32_t field);
void ssvc__rec_sub_end(ssvc_buf *b, size_t mark);
void ssvc__rec_header(ssvc_buf *b, uint8_t type, uint8_t format);
void ssvc__rec_uint(ssvc_buf *b, uint32_t field, uint64_t v);
void ssvc__rec_sint(ssvc_buf *b, uint32_t field, int64_t v);
void ssvc__rec_bytes(ssvc_buf *b, uint32_t field, const void *p, size_t n);
/* Writes nothing for NULL or "" (absent and empty read back the same: NULL). */
void ssvc__rec_str(ssvc_buf *b, uint32_t field, const char *s);

/* A reader over one record body (after the header). */
typedef struct ssvc_rd {
  const uint8_t *p, *end;
} ssvc_rd;

typedef struct ssvc_field {
  uint32_t id;
  int wire;
  uint64_t u;            /* varint / fixed64 value */
  const uint8_t *bytes;  /* bytes value */
  size_t len;
  const uint8_t *raw;    /* the whole field, tag included, for keeping unknown fields */
  size_t raw_len;
} ssvc_field;

/* 1: a field was read into *f; 0: end of the record; -1: malformed. */
int ssvc__rd_next(ssvc_rd *rd, ssvc_field *f);
int64_t ssvc__unzigzag(uint64_t u);

/* Checks the header of a record of @p type; on success sets rd over the body. */
int ssvc__rec_open(ssvc_rd *rd, const void *rec, size_t len, uint8_t type);

/* ---- The store as the domain modules see it. ---- */

struct ssvc_store {
  ssvc_ctx *ctx;
  ssvc_storage_backend be;
  int depth;        /* open ssvc__txn_begin / ssvc_store_begin levels */
  int failed;       /* an operation failed after writing inside an outer transaction */
  int failed_code;
  unsigned long writes; /* put/del calls so far (to know whether a failed operation wrote) */
  unsigned long failures; /* backend calls that failed so far (ssvc_store_check tells them from
                             damage) */
  ssvc_buf scratch[2];  /* encoding buffers reused by every operation (ssvc__store_scratch) */
  uint8_t taken[128];   /* the last numbered key found taken (ssvc__rec_key_free) */
  size_t taken_len;
  int64_t instant;      /* ssvc_store_set_instant(); 0: the context's clock */
  ssvc_buf feed;        /* keys changed by the open transaction, for the change feed */
};

/* The change feed (changes.c). ssvc__changes_note() remembers that the open transaction wrote
 * (op SSVC_CHANGE_PUT) or removed (SSVC_CHANGE_DELETE) the record under @p key, when the feed
 * follows its kind (SSVC_ENOMEM with a message when it cannot); ssvc__changes_append() appends
 * the remembered keys to the feed just before the outermost commit; ssvc__changes_forget()
 * empties the list when the transaction ends either way. */
int ssvc__changes_note(ssvc_store *st, const void *key, size_t klen, int op);
int ssvc__changes_append(ssvc_store *st, const char *func);
void ssvc__changes_forget(ssvc_store *st);
/* The feed's stored bytes, for the benchmark's raw reference too: the counter's key is the one
 * byte SSVC_KEY_FEED (SSVC_CHANGES_COUNTER_LEN), an entry's key that byte and the position
 * (ssvc__changes_key(): 9 bytes); the counter record of the @p last position; the entry record
 * of the record under @p key, operation @p op (SSVC_CHANGE_PUT/DELETE), instant @p at. */
#define SSVC_CHANGES_COUNTER_LEN 1
size_t ssvc__changes_key(uint8_t *k, uint64_t pos);
/* 0 when @p key / @p val are the feed's counter or an entry ssvc_changes_read() reads; -1. */
int ssvc__changes_valid(const void *key, size_t klen, const void *val, size_t vlen);
void ssvc__changes_encode_counter(ssvc_buf *b, uint64_t last);
void ssvc__changes_encode(ssvc_buf *b, const void *key, size_t klen, int op, int64_t at);

/* The instant operations on @p st are stamped at: ssvc_store_set_instant()'s, or the clock's. */
int64_t ssvc__store_now(ssvc_store *st);

/* Scratch buffer @p i (0 or 1) of the store, emptied; owned by the store. */
ssvc_buf *ssvc__store_scratch(ssvc_store *st, int i);

/* A failure of the backend, reported on the context as "FUNC: storage: <backend message>". */
int ssvc__store_fail(ssvc_store *st, const char *func, int rc);

/* These return SSVC_ENOTFOUND / SSVC_ECONFLICT without setting a message (the caller knows what
 * is missing); every other failure sets the context's message naming @p func. */
int ssvc__store_get(ssvc_store *st, const char *func, const void *key, size_t klen,
                    const void **val, size_t *vlen, uint64_t *ver);
int ssvc__store_put(ssvc_store *st, const char *func, const void *key, size_t klen,
                    const void *val, size_t vlen, uint64_t expected, uint64_t *new_ver);
int ssvc__store_del(ssvc_store *st, const char *func, const void *key, size_t klen,
                    uint64_t expected);
int ssvc__store_scan(ssvc_store *st, const char *func, const void *lo, size_t lo_len,
                     const void *hi, size_t hi_len, ssvc_storage_scan_fn fn, void *cb);
/* ssvc__store_scan() for a listing that must fail before it gives anything (doc/storage.md,
 * "Damage"): the range is scanned twice, first with *dry set to 1 (the callback decodes each
 * record and returns its error, but gives nothing to its caller), then with *dry 0. */
int ssvc__store_scan_whole(ssvc_store *st, const char *func, const void *lo, size_t lo_len,
                           const void *hi, size_t hi_len, ssvc_storage_scan_fn fn, void *cb,
                           int *dry);

/* One operation's transaction: joins an open one, or begins (and later commits) its own.
 * ssvc__txn_end(st, rc, mark) commits when rc is SSVC_OK, otherwise rolls back (or, inside an
 * outer transaction that the operation wrote to, marks it failed). Returns the final status. */
typedef struct ssvc_txn {
  unsigned long writes_at_start;
} ssvc_txn;
int ssvc__txn_begin(ssvc_store *st, const char *func, ssvc_txn *t);
int ssvc__txn_end(ssvc_store *st, const char *func, ssvc_txn *t, int rc);

/* The compare-and-set retry, once for every operation: calls @p attempt(st, arg) and, when it
 * lost a compare-and-set to another writer (SSVC_ECONFLICT) while being the whole transaction
 * (not nested in a caller's), calls it again, up to SSVC__TXN_RETRIES more times. @p attempt
 * opens and ends its own transaction (or is ssvc__txn_run's wrapper of a body, below). Returns the last
 * attempt's status. */
#define SSVC__TXN_RETRIES 8
typedef int (*ssvc__txn_attempt_fn)(ssvc_store *st, void *arg);
int ssvc__txn_retry(ssvc_store *st, ssvc__txn_attempt_fn attempt, void *arg);

/* ssvc__txn_retry of one transaction around @p body: begin, body(st, arg), end (commit on
 * SSVC_OK, otherwise roll back), again on a lost compare-and-set. */
int ssvc__txn_run(ssvc_store *st, const char *func, ssvc__txn_attempt_fn body, void *arg);

/* Appends @p s and a NUL byte to a key at @p k + *n (the caller sized the buffer). */
void ssvc__key_text(uint8_t *k, size_t *n, const char *s);

/* The read half of a compare-and-set rewrite: with @p expected other than SSVC_STORAGE_NEW, the
 * record under @p key must exist at version @p expected; *old and *old_len give its body after
 * the two header bytes (borrowed until the next storage call), for ssvc__rec_keep(). SSVC_ECONFLICT
 * without a message when it is missing or at another version. For SSVC_STORAGE_NEW: NULL, 0. */
int ssvc__rec_read_expected(ssvc_store *st, const char *func, const uint8_t *key, size_t klen,
                            uint64_t expected, const uint8_t **old, size_t *old_len);

/* The index half of a rewrite: keeps one index in step with a rewritten record. The entry @p was
 * (@p was_len bytes; 0: the old record was not in the index) goes and the entry @p now (@p now_len
 * bytes; 0: the new record is not in it) comes, with an empty value; nothing happens when the two
 * keys are equal. SSVC_ENOTFOUND when the entry to remove is missing and SSVC_ECONFLICT when the
 * entry to add exists, both without a message (the caller names the record); other failures as
 * ssvc__store_put(). */
int ssvc__index_step(ssvc_store *st, const char *func, const uint8_t *was, size_t was_len,
                     const uint8_t *now, size_t now_len);

/* A record numbered by a counter (a case, an invoice, an account charge) is written under the
 * counter's next number in the transaction that raises the counter. SSVC_OK when nothing is
 * stored under @p key. When something is, another writer may have taken the number after the
 * counter was read (a backend that reads committed rows statement by statement): SSVC_ECONFLICT
 * without a message, so the operation is tried again on a fresh counter. But when the same key is
 * found taken by two attempts in a row, the counter did not move although its number is used, and
 * no race can do that (the record and its counter are committed together): SSVC_ESTORAGE "FUNC:
 * WHAT already exists: its counter is behind the stored records (the store is damaged)", instead
 * of the endless conflict that writing there would give. */
int ssvc__rec_key_free(ssvc_store *st, const char *func, const uint8_t *key, size_t klen,
                       const char *what);

/* Appends to @p b every field of the record body @p old (@p old_len bytes after the header) for
 * which known(id) is 0, verbatim and in order: the log and the fields of newer versions. */
void ssvc__rec_keep(ssvc_buf *b, const uint8_t *old, size_t old_len, int (*known)(uint32_t id));

#endif
