/*
 * Private: the stored agreement as the SWAP pool and the invoice run read it (agreement.c,
 * swap_*.c, invoice_*.c): the record format version, loading an agreement under another
 * function's name, the fleet history and the tier and price history.
 */
#ifndef SSVC_AGREEMENT_STORE_H
#define SSVC_AGREEMENT_STORE_H

#include "civil_date.h"
#include "keyspace.h"
#include "record.h"
#include "smartservice/tier.h"
#include "text.h"

/* Format version of the agreement and SWAP records (record types: keyspace.h, doc/records.md). */
#define SSVC_POOL_FORMAT 1





struct ssvc_agreement;
struct ssvc_calendar;
/* The calendar of agreement @p a (ssvc_agreement_calendar()), kept by the store and rebuilt only
 * when the cut-off, return days or closed days differ from the kept one's: building one costs
 * about a megabyte of tables. Borrowed until the next call on the store or ssvc_store_free(). */
int ssvc__agreement_calendar_kept(ssvc_store *st, const struct ssvc_agreement *a,
                                  const struct ssvc_calendar **out);

/* ssvc_agreement_load() for other modules, with their function name in messages. */
int ssvc__agreement_load(ssvc_store *st, const char *func, const char *customer,
                         struct ssvc_agreement **out);

/* One entry of an agreement's fleet history: the fleet from instant @c at on. */
typedef struct ssvc__fleet_change {
  int64_t at;
  uint32_t fleet;
} ssvc__fleet_change;

/* At most this many entries of each history are stored; a change beyond drops the oldest
 * (doc/agreement.md). */
#define SSVC__FLEET_HISTORY_MAX 1000

/* The agreement's fleet history, oldest first, at least one entry (an older record without
 * history gives one: the current fleet from creation on). Points into the agreement. */
size_t ssvc__agreement_fleet_history(const struct ssvc_agreement *a,
                                     const ssvc__fleet_change **out);

/* One entry of an agreement's tier and price history (its terms): from instant @c at on, the
 * tier @c tier (canonical code; @c custom is the custom tier as it was then, NULL for a built-in
 * one) and the agreement's own price per user (@c user_price, SSVC_AGREEMENT_NO_OVERRIDE when
 * none). */
typedef struct ssvc__terms_change {
  int64_t at;
  int64_t user_price;
  const char *tier;
  const struct ssvc_tier_spec *custom;
  struct ssvc_tier_spec custom_spec; /* what @c custom points to, when stored */
} ssvc__terms_change;

/* The agreement's terms history, oldest first, at least one entry (an older record without
 * history gives one: the current tier and price from creation on). Points into the agreement. */
size_t ssvc__agreement_terms_history(const struct ssvc_agreement *a,
                                     const ssvc__terms_change **out);
#endif
