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
/* The freight and the packaging of one shipment under agreement @p a, its overrides or the
 * defaults (their sum is ssvc_agreement_shipment_cost()). */
void ssvc__agreement_shipment_parts(const struct ssvc_agreement *a, int64_t *freight,
                                    int64_t *packaging);
/* The agreement's own freight and packaging prices: SSVC_AGREEMENT_NO_OVERRIDE when it has none. */
void ssvc__agreement_shipment_own(const struct ssvc_agreement *a, int64_t *freight,
                                  int64_t *packaging);
/* The freight and the packaging a shipment of @p a's customer at @p at is charged, the price of
 * its Stockholm day (doc/charges.md "Stored prices"): the customer's stored override, else the
 * agreement's own price, else the stored list price, else the default. Read in the caller's
 * transaction (price_store.c); errors name @p func. */
int ssvc__shipment_prices(ssvc_store *st, const char *func, const struct ssvc_agreement *a,
                          const char *customer, int64_t at, int64_t *freight,
                          int64_t *packaging);

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

/* The calendar of agreement @p a, as ssvc_agreement_calendar() makes it, but borrowed from the
 * context: an operation that needs it (a shipment's delivery date) would otherwise build the
 * table of every day of 1900-2199 each time. The context keeps the last one built with its
 * settings (cut-off, return days, closed days) and builds a new one when they differ. Valid until
 * the next call of this function on the context, or its end. SSVC_ENOMEM (nothing changes). */
struct ssvc_calendar;
int ssvc__agreement_calendar_shared(ssvc_ctx *ctx, const struct ssvc_agreement *a,
                                    const struct ssvc_calendar **out);

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
