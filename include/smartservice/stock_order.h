/**
 * @file smartservice/stock_order.h
 * @brief Stock change orders: one order that changes a customer's SWAP stock (new models in, old
 *        units out, per-model targets changed), billed separately (doc/stock-orders.md).
 *
 * "Om SWAP-lager behöver bytas ut eller på annat sätt ändras ... en beställning som debiteras
 * separat." The Support Center writes the order (ssvc_stock_order_new()); it is pending until the
 * customer answers, as a refill request (ssvc_swap_refill_decide()) is answered: the same states
 * (::ssvc_refill_state) and the same rule (only a pending order is decided). Approval applies the
 * whole order in one transaction: the new phones are received (serving backorders first, as
 * ssvc_swap_receive()), the old units leave the stock (retired, with where they went: back to the
 * customer, sold or retired), the agreement's per-model targets change, and the order's price is
 * charged on the customer's account (kind SSVC_CHARGE_STOCK_CHANGE), a line of its own on the next
 * service invoice. A declined order changes nothing but its state.
 */
#ifndef SMARTSERVICE_STOCK_ORDER_H
#define SMARTSERVICE_STOCK_ORDER_H

#include "swap.h"

SSVC_BEGIN_DECLS

/** What one line of a stock change order does. Stored; never renumbered. */
typedef enum ssvc_stock_line_kind {
  SSVC_STOCK_ADD = 1,    /**< "add": a new phone (IMEI, model) comes into the stock. */
  SSVC_STOCK_REMOVE = 2, /**< "remove": a unit (IMEI) leaves the stock (@c disposal says how). */
  SSVC_STOCK_TARGET = 3  /**< "target": the model's own SWAP level becomes @c target. */
} ssvc_stock_line_kind;

/** Where a removed unit goes. Stored; never renumbered. */
typedef enum ssvc_stock_disposal {
  SSVC_STOCK_TO_CUSTOMER = 1, /**< "to-customer": back to the customer (it is theirs). */
  SSVC_STOCK_SOLD = 2,        /**< "sold": sold on the customer's behalf. */
  SSVC_STOCK_RETIRED = 3      /**< "retired": out of service for good (recycled). */
} ssvc_stock_disposal;

/** The stable name of a line kind ("add", "remove", "target"); NULL when unknown. Static. */
SSVC_API const char *ssvc_stock_line_kind_name(int kind);
/** The stable name of a disposal ("to-customer", "sold", "retired"); NULL when unknown. */
SSVC_API const char *ssvc_stock_disposal_name(int disposal);
/** The disposal named @p name in @p out. SSVC_EINVAL for a NULL @p out or @p name;
 *  SSVC_ENOTFOUND ("unknown disposal '...'") for another name. @p ctx may be NULL. */
SSVC_API int ssvc_stock_disposal_from_name(ssvc_ctx *ctx, int *out, const char *name);

/** Current version of struct ssvc_stock_line. */
#define SSVC_STOCK_LINE_VERSION 1

/** One line of a stock change order. Self-contained: the strings are arrays. */
typedef struct ssvc_stock_line {
  unsigned int version;       /**< SSVC_STOCK_LINE_VERSION. */
  int kind;                   /**< ::ssvc_stock_line_kind. */
  char imei[SSVC_IMEI_SIZE];  /**< add, remove: 15 digits, Luhn-checked; target: "". */
  char model[SSVC_NAME_SIZE]; /**< add, target: the model (1-64 bytes); remove: the unit's model
                                   as the order read it (ignored when given). */
  int disposal;               /**< remove: ::ssvc_stock_disposal; 0 for the other kinds. */
  uint32_t target;            /**< target: the model's new level, 0..10000 (0: none of its own). */
} ssvc_stock_line;

/** Static initializer: version set, everything else empty. */
#define SSVC_STOCK_LINE_INIT {SSVC_STOCK_LINE_VERSION, 0, {0}, {0}, 0, 0u}

/** Zeroes @p line and sets its version (SSVC_EINVAL for NULL, SSVC_EVERSION). */
SSVC_API int ssvc_stock_line_init(ssvc_stock_line *line, unsigned int version);

/** Most lines in one order. */
#define SSVC_STOCK_LINES_MAX 1000

/** Current version of struct ssvc_stock_order. */
#define SSVC_STOCK_ORDER_VERSION 1

/** A stock change order without its lines (ssvc_stock_order_get() gives those). */
typedef struct ssvc_stock_order {
  unsigned int version;             /**< SSVC_STOCK_ORDER_VERSION. */
  char customer_id[SSVC_NAME_SIZE]; /**< The customer. */
  uint32_t number;                  /**< Numbered from 1 per customer. */
  int state;                        /**< ::ssvc_refill_state: pending, approved or declined. */
  int64_t price_minor;              /**< The price charged when approved, öre (0: free). */
  uint32_t adds;                    /**< How many add lines. */
  uint32_t removes;                 /**< How many remove lines. */
  uint32_t targets;                 /**< How many target lines. */
  int64_t created_at;               /**< When it was written. */
  int64_t decided_at;               /**< When the customer answered; 0 while pending. */
  uint32_t charge_index;            /**< Approved with a price: the charge's index on the
                                         customer's account (ssvc_charges_list()). */
} ssvc_stock_order;

/** Static initializer: version set, everything else empty. */
#define SSVC_STOCK_ORDER_INIT {SSVC_STOCK_ORDER_VERSION, {0}, 0u, 0, 0, 0u, 0u, 0u, 0, 0, 0u}

/** Zeroes @p order and sets its version (SSVC_EINVAL for NULL, SSVC_EVERSION). */
SSVC_API int ssvc_stock_order_init(ssvc_stock_order *order, unsigned int version);

/**
 * Writes a stock change order for @p customer_id, pending until the customer answers
 * (ssvc_stock_order_decide()). The lines are checked against the stock now: an added IMEI must
 * not be in the customer's stock, a removed unit must be in it and available or in repair, no
 * IMEI and no target model twice.
 * @param[out] number  the order's number (from 1 per customer).
 * @param lines        @p count lines (1..SSVC_STOCK_LINES_MAX); read during the call only.
 * @param price_minor  what the order costs the customer, öre, 0..10^12.
 * @return SSVC_OK; SSVC_EINVAL naming the argument and the line ("lines[2].imei: ..."), also for
 *         an IMEI or a target model twice; SSVC_EVERSION for a line's version; SSVC_EEXISTS
 *         (an added IMEI is in the stock); SSVC_ENOTFOUND (no agreement, or a removed IMEI is
 *         not in the stock); SSVC_ESTATE (a removed unit is not available or in repair);
 *         SSVC_ENOTENTITLED (the tier has no SWAP administration); SSVC_ERANGE (no numbers
 *         left); SSVC_ENOMEM; storage errors. Nothing changes on failure.
 */
SSVC_API int ssvc_stock_order_new(ssvc_store *store, uint32_t *number, const char *customer_id,
                                  const ssvc_stock_line *lines, size_t count,
                                  int64_t price_minor, const char *actor);

/**
 * The customer's answer to order @p number, as a refill request is answered. Approved: the
 * order is applied in one transaction (adds received, removals retired with their disposal,
 * targets set on the agreement, the price charged on the account); declined: only the state
 * changes.
 * @return SSVC_OK; SSVC_ESTATE when the order is not pending; SSVC_ENOTFOUND (no such order);
 *         SSVC_EEXISTS (an added IMEI came into the stock meanwhile); SSVC_ESTATE (a removed
 *         unit is no longer free: the message names its IMEI and state); SSVC_EINVAL;
 *         SSVC_ENOMEM; storage errors. Nothing changes on failure.
 */
SSVC_API int ssvc_stock_order_decide(ssvc_store *store, const char *customer_id, uint32_t number,
                                     int approve, const char *actor);

/** Called for each line of an order; @p line is borrowed for the call. Nonzero stops. */
typedef int (*ssvc_stock_line_fn)(void *user_data, const ssvc_stock_line *line);

/**
 * Reads order @p number into @p out (out->version set by the caller) and gives its lines to
 * @p fn (may be NULL) in the order they were written.
 * @return SSVC_OK; SSVC_ENOTFOUND; SSVC_EINVAL; SSVC_EVERSION; SSVC_ESTORAGE (malformed);
 *         SSVC_ENOMEM. @p out is unchanged on failure.
 */
SSVC_API int ssvc_stock_order_get(ssvc_store *store, ssvc_stock_order *out,
                                  const char *customer_id, uint32_t number, ssvc_stock_line_fn fn,
                                  void *user_data);

/** Called for each order of a listing; @p order is borrowed for the call. Nonzero stops. */
typedef int (*ssvc_stock_order_fn)(void *user_data, const ssvc_stock_order *order);

/**
 * Lists @p customer_id's orders by number. Every order is read before the first is given.
 * @return SSVC_OK; SSVC_EINVAL; SSVC_ESTORAGE; SSVC_ENOMEM; storage errors.
 */
SSVC_API int ssvc_stock_order_list(ssvc_store *store, const char *customer_id,
                                   ssvc_stock_order_fn fn, void *user_data);

SSVC_END_DECLS

#endif /* SMARTSERVICE_STOCK_ORDER_H */
