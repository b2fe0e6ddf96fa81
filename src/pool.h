/*
 * Private: helpers shared by the agreement and SWAP modules (agreement.c, swap.c): text checks,
 * key prefixes and the rewrite of a record that keeps its log and unknown fields verbatim.
 */
#ifndef SSVC_POOL_H
#define SSVC_POOL_H

#include "civil_date.h"
#include "keyspace.h"
#include "record.h"
#include "text.h"

/* Format version of the agreement and SWAP records (record types: keyspace.h, doc/records.md). */
#define SSVC_POOL_FORMAT 1


/* Appends @p s and a NUL byte to a key at @p k + *n (the caller sized the buffer). */
void ssvc__key_text(uint8_t *k, size_t *n, const char *s);


/* Appends to @p b every field of the record body @p old (@p old_len bytes after the header) for
 * which known(id) is 0, verbatim and in order: the log and the fields of newer versions. */
void ssvc__rec_keep(ssvc_buf *b, const uint8_t *old, size_t old_len, int (*known)(uint32_t id));

struct ssvc_agreement;
/* ssvc_agreement_load() for other modules, with their function name in messages. */
int ssvc__agreement_load(ssvc_store *st, const char *func, const char *customer,
                         struct ssvc_agreement **out);

/* One entry of an agreement's fleet history: the fleet from instant @c at on. */
typedef struct ssvc__fleet_change {
  int64_t at;
  uint32_t fleet;
} ssvc__fleet_change;

/* At most this many entries are stored; a fleet change beyond drops the oldest (doc/agreement.md).
 */
#define SSVC__FLEET_HISTORY_MAX 1000

/* The agreement's fleet history, oldest first, at least one entry (an older record without
 * history gives one: the current fleet from creation on). Points into the agreement. */
size_t ssvc__agreement_fleet_history(const struct ssvc_agreement *a,
                                     const ssvc__fleet_change **out);

/* The phones of @p customer's SWAP stock at instant @p at: received before it and not retired
 * or kept by a user before it (the rent of doc/charges.md). Storage errors. */
int ssvc__swap_stock_at(ssvc_store *st, const char *customer, int64_t at, uint32_t *out);

#endif
