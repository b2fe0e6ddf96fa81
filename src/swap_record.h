/* The parts of the SWAP pool module (doc/swap.md) share this: one operation in progress, the
 * keys of the 'W' space, the unit and order records and their codecs, the transaction runner and
 * the argument checks. swap_record.c holds them; swap_unit.c (units: receive, get, list, retire),
 * swap_order.c (orders: reserve, ship, return, repair, cancel, get, list, erasure), swap_refill.c
 * (refill advice and requests) and swap_overdue.c (overdue returns) use them. */
#ifndef SSVC_SWAP_RECORD_H
#define SSVC_SWAP_RECORD_H

#include "agreement_store.h"
#include "smartservice/swap.h"

/* 'W' kind customer 0 [model 0] [tail]: at most 2 + 65 + 65 + 8 + 24 bytes. */
#define SSVC__SWAP_KEY_MAX 176

/* One operation in progress. */
struct op {
  ssvc_store *st;
  ssvc_ctx *ctx;
  const char *func;
  const char *actor;
  int64_t now;
};

struct first {
  uint8_t key[SSVC__SWAP_KEY_MAX];
  size_t len;
  int found;
};

typedef int (*op_body)(struct op *p, void *args);

struct receive_args {
  const char *customer, *imei, *model;
  char served[SSVC_CASE_ID_SIZE];
};

size_t ssvc__swap_key_prefix(uint8_t *k, uint8_t kind, const char *customer);
/* The model named by an index key of shape 'W' kind customer 0 model 0 rest (the available and
 * backorder indexes): *model (not NUL-terminated) and *model_len, and in *rest what follows the
 * model's 0. -1 when @p key (@p klen bytes) has not that shape. */
int ssvc__swap_key_model(const uint8_t *key, size_t klen, const uint8_t **model,
                         size_t *model_len, const uint8_t **rest);
size_t ssvc__swap_key_avail(uint8_t *k, const char *customer, const char *model, const char *imei);
size_t ssvc__swap_key_back(uint8_t *k, const char *customer, const char *model, int64_t at,
                           const char *case_id);
size_t ssvc__swap_key_order(uint8_t *k, const char *case_id);
/* The end of a prefix range: the prefix with its last byte (a NUL) raised to 1. */
size_t ssvc__swap_key_end(uint8_t *hi, const uint8_t *lo, size_t n);
void ssvc__swap_copy_text(char *dst, size_t size, const ssvc_field *f);
int ssvc__swap_decode_unit(const void *v, size_t vlen, ssvc_unit *u);
int ssvc__swap_decode_order(const void *v, size_t vlen, ssvc_order *o);
/* 0 when @p v is a well-formed refill request, -1 otherwise (ssvc_store_check()). */
int ssvc__swap_refill_valid(const void *v, size_t vlen);
/* The bytes of an ssvc_order of struct version @p version (version 1 ends before promised). */
size_t ssvc__order_size(unsigned int version);
/* Copies @p o into the caller's @p out (NULL: nothing), only the fields of out->version. */
void ssvc__order_give(ssvc_order *out, const ssvc_order *o);
void ssvc__swap_encode_event(ssvc_buf *b, uint32_t field, int64_t at, const char *actor, int from,
                             int to, const char *case_id, const char *note);
int ssvc__swap_malformed(struct op *p, const char *what, const char *id);
/* A customer's records of one kind, for the public list functions (units, backup phones, repair
 * and stock change orders). @p prefix builds the key prefix of the customer's records; @p each
 * decodes one record's value (ssvc__swap_malformed() naming p->actor, the customer, when it
 * cannot) and, unless @p dry (the reading pass of ssvc__store_scan_whole()), gives it to the
 * caller's callback: non-zero stops the listing. */
typedef size_t (*ssvc__swap_prefix_fn)(uint8_t *k, const char *customer);
typedef int (*ssvc__swap_each_fn)(struct op *p, const void *val, size_t vlen, int dry, void *data);
/* Checks @p store, @p customer_id (1 to SSVC_AGREEMENT_ID_MAX bytes) and that the caller gave a
 * callback (@p has_fn 1), messages naming @p func; then lists the customer's records whole. */
int ssvc__swap_list(ssvc_store *store, const char *func, const char *customer_id, int has_fn,
                    ssvc__swap_prefix_fn prefix, ssvc__swap_each_fn each, void *data);
int ssvc__swap_conflict(struct op *p, const char *what, const char *id);
/* SSVC_OK when the tier of agreement @p ag includes @p feature (SWAP administration for the stock,
 * SWAP activation for an order); otherwise SSVC_ENOTENTITLED "FUNC: [SUBJECT: ]tier T of customer
 * C does not include <feature>". */
int ssvc__swap_require(ssvc_ctx *ctx, const char *func, const char *subject,
                       const struct ssvc_agreement *ag, unsigned int feature);
/* Reads a unit; SSVC_ENOTFOUND without a message. */
int ssvc__swap_unit_read(struct op *p, const char *customer, const char *imei, ssvc_unit *u,
                         uint64_t *ver);
/* Writes unit @p u (new state already set) over version @p expected (SSVC_STORAGE_NEW for a new
 * unit), logging from -> u->state, and keeps the available index in step. */
int ssvc__swap_unit_write(struct op *p, const ssvc_unit *u, uint64_t expected, int from,
                          const char *note);
int ssvc__swap_order_read(struct op *p, const char *case_id, ssvc_order *o, uint64_t *ver);
/* Writes order @p o over @p expected (SSVC_STORAGE_NEW: a new order) and keeps the backorder
 * index in step. */
int ssvc__swap_order_write(struct op *p, const ssvc_order *o, uint64_t expected, int from,
                           const char *note);
int ssvc__swap_first_in(struct op *p, const uint8_t *lo, size_t n, struct first *f);
/* Puts a unit that has just become free (new, repaired, returned, released) where it belongs:
 * to the oldest backorder of its model, or on the shelf. @p u holds the unit with its current
 * state as @p from; @p served receives the case id served ("" when none). */
int ssvc__swap_place_unit(struct op *p, ssvc_unit *u, uint64_t expected, int from, char *served);
int ssvc__swap_check_imei(ssvc_ctx *ctx, const char *func, const char *arg, const char *imei);
int ssvc__swap_check_case_id(ssvc_ctx *ctx, const char *func, const char *id);
/* Runs @p body as one transaction, again on a lost compare-and-set (ssvc__txn_run). */
int ssvc__swap_run(ssvc_store *st, const char *func, const char *actor, op_body body, void *args);
int ssvc__swap_load_case(struct op *p, const char *case_id, ssvc_case **c, ssvc_case_info *i);
int ssvc__swap_receive_body(struct op *p, void *args);
struct retire_args {
  const char *customer, *imei, *note;
};
/* Retires an available or in-repair unit (ssvc_swap_retire(), a stock change order's removal):
 * SSVC_ENOTFOUND, SSVC_ESTATE naming the unit and its state. */
int ssvc__swap_retire_body(struct op *p, void *args);
/* 0 when @p v is a well-formed stock change order ('X'), -1 otherwise (ssvc_store_check()). */
int ssvc__stock_order_valid(const void *v, size_t vlen);
/* The checks of ssvc_stock_order_new() on the lines alone (messages "FUNC: lines[i]...").
 * The XML interchange's reader uses them too. */
struct ssvc_stock_line;
int ssvc__stock_lines_check(ssvc_ctx *ctx, const char *func, const struct ssvc_stock_line *lines,
                            size_t count);
/* Every stock change order of @p customer by number, with its lines (borrowed for the call), to
 * @p fn (nonzero stops). SSVC_ESTORAGE for a malformed record, SSVC_ENOMEM, storage errors. */
struct ssvc_stock_order;
typedef int (*ssvc__stock_order_fn)(void *ud, const struct ssvc_stock_order *o,
                                    const struct ssvc_stock_line *lines, size_t n);
int ssvc__stock_order_scan(ssvc_store *st, const char *func, const char *customer,
                           ssvc__stock_order_fn fn, void *ud);
/* A stock change order as the XML interchange has it: written over the stored order with its
 * customer and number, or new, in the caller's transaction; nothing is applied or charged (it is
 * a record of what was ordered). @p o and @p lines are checked by the caller. */
int ssvc__stock_order_put(ssvc_store *st, const char *func, const struct ssvc_stock_order *o,
                          const struct ssvc_stock_line *lines, size_t count, const char *actor);

/* Numbered requests of a customer (refill requests, stock change orders: keys of prefix @p lo,
 * @p n bytes, then the number in 4 bytes big-endian): the number after the last one in *out.
 * SSVC_ERANGE "FUNC: CUSTOMER: no request numbers left"; storage errors. */
int ssvc__swap_next_number(struct op *p, const uint8_t *lo, size_t n, const char *customer,
                           uint32_t *out);
/* The one rule of answering a request (refill request, stock change order): only a pending one
 * is decided. SSVC_OK when @p state is SSVC_REFILL_PENDING, else SSVC_ESTATE "FUNC: CUSTOMER: WHAT
 * NUMBER is STATE (needs pending)". */
int ssvc__swap_decidable(struct op *p, int state, const char *what, const char *customer,
                         uint32_t number);
/* Reads request @p number of @p customer (@p what: "refill request", "stock change order") under
 * key @p k; SSVC_ENOTFOUND "FUNC: CUSTOMER has no WHAT NUMBER". */
int ssvc__swap_request_get(struct op *p, const uint8_t *k, size_t klen, const char *what,
                           const char *customer, uint32_t number, const void **v, size_t *vlen,
                           uint64_t *ver);
/* Ends the decided request's record in @p b with the event pending -> @p state (sub-record
 * @p event_field) and writes it over version @p ver; a lost race is SSVC_ECONFLICT naming
 * "WHAT of CUSTOMER". */
int ssvc__swap_request_put(struct op *p, ssvc_buf *b, uint32_t event_field, int state,
                           const uint8_t *k, size_t klen, uint64_t ver, const char *what,
                           const char *customer);

/* The phones of @p customer's SWAP stock at instant @p at: received before it and not retired
 * or kept by a user before it (the rent of doc/charges.md). Storage errors. */
int ssvc__swap_stock_at(ssvc_store *st, const char *customer, int64_t at, uint32_t *out);

#endif
