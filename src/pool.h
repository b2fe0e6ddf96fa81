/*
 * Private: what the agreement module gives the SWAP pool and the invoice run (agreement.c,
 * swap_*.c, invoice_*.c): its format version, loading an agreement under another function's
 * name, the fleet history, and the stock at an instant for the rent.
 */
#ifndef SSVC_POOL_H
#define SSVC_POOL_H

#include "civil_date.h"
#include "keyspace.h"
#include "record.h"
#include "text.h"

/* Format version of the agreement and SWAP records (record types: keyspace.h, doc/records.md). */
#define SSVC_POOL_FORMAT 1





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
