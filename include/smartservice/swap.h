/**
 * @file smartservice/swap.h
 * @brief The SWAP stock: sizing by the 8% rule and by service level, and the pool of units with
 *        reservation, shipment, return, repair, backorders, refill advice and overdue returns
 *        (rules R4-R6).
 *
 * The SWAP stock is the customer's own pool of spare phones, kept at the Support Center. Its size
 * is about 8% of the customer's fleet, rounded up (400 phones give 32). Service-level sizing finds
 * the smallest pool that covers the demand during the turnaround of a faulty phone with a given
 * probability, from a Poisson model of that demand (doc/swap.md).
 *
 * The sizing functions are pure: they only use the context to report errors.
 *
 * The pool lives in a store (smartservice/storage.h) beside the cases and the agreements. Every
 * operation that changes it is one transaction that also moves the case through its states
 * (smartservice/case.h), so a pool and its cases never disagree. A unit is reserved with
 * compare-and-set: two agents, processes or Support Center nodes can never take the same phone.
 * States, keys and the decisions behind them are in doc/swap.md.
 */
#ifndef SMARTSERVICE_SWAP_H
#define SMARTSERVICE_SWAP_H

#include "agreement.h"
#include "case.h"
#include "context.h"

SSVC_BEGIN_DECLS

/** The default SWAP share of the fleet: 800 basis points (8%). */
#define SSVC_SWAP_DEFAULT_BASIS_POINTS 800u

/**
 * Spare phones by the percentage rule: ceil(fleet x basis_points / 10000), exact for every
 * 32-bit fleet (400 phones at 800 give 32, 1 gives 1, 0 gives 0).
 *
 * @param ctx           reports errors.
 * @param[out] out      the number of spare phones.
 * @param fleet         the number of phones the customer has in service.
 * @param basis_points  the share, 0..10000 (100%); SSVC_SWAP_DEFAULT_BASIS_POINTS is 8%.
 * @return SSVC_OK; SSVC_EINVAL for a NULL @p out; SSVC_ERANGE when @p basis_points > 10000.
 */
SSVC_API int ssvc_swap_size_rule(ssvc_ctx *ctx, uint32_t *out, uint32_t fleet,
                                 uint32_t basis_points);

/** Current version of struct ssvc_swap_demand. */
#define SSVC_SWAP_DEMAND_VERSION 1

/** The demand on a pool of spare phones (one phone model, or the whole stock). */
typedef struct ssvc_swap_demand {
  unsigned int version;        /**< SSVC_SWAP_DEMAND_VERSION. */
  uint32_t fleet;              /**< Phones in service that the pool covers. */
  /** Swaps per phone and year in basis points: 1500 means 15% of the phones each year. */
  uint32_t rate_basis_points;
  /** Days until a spare is back in the pool (repair or refill), 1..3650. */
  uint32_t turnaround_days;
  /** Target probability that the pool covers the demand, in basis points, 1..9999. */
  uint32_t fill_basis_points;
} ssvc_swap_demand;

/** Static initializer: version set, everything else zero. */
#define SSVC_SWAP_DEMAND_INIT {SSVC_SWAP_DEMAND_VERSION, 0u, 0u, 0u, 0u}

/**
 * Zeroes @p demand and sets its version. SSVC_EINVAL for NULL; SSVC_EVERSION for a version of 0
 * or newer than SSVC_SWAP_DEMAND_VERSION (the struct is then left untouched).
 */
SSVC_API int ssvc_swap_demand_init(ssvc_swap_demand *demand, unsigned int version);

/** The result of service-level sizing. */
typedef struct ssvc_swap_sizing {
  uint32_t spares;            /**< The smallest pool that meets the fill target. */
  double mean_demand;         /**< Expected swaps during one turnaround (the Poisson mean). */
  double fill;                /**< Probability that @c spares covers the demand, 0..1. */
  double expected_backorders; /**< Expected demand the pool cannot cover, E[max(D - spares, 0)]. */
} ssvc_swap_sizing;

/**
 * Service-level sizing: the smallest pool s with P(D <= s) >= fill, where the demand D during
 * one turnaround is Poisson with mean fleet x rate x turnaround_days / 365. Example: 400 phones,
 * 15% a year, 14 days give 5 spares at 95% and 6 at 99%.
 *
 * @param ctx       reports errors.
 * @param[out] out  the pool size and its figures; untouched on failure.
 * @param demand    the demand; read during the call only.
 * @return SSVC_OK; SSVC_EINVAL for NULL arguments; SSVC_EVERSION for an unsupported version;
 *         SSVC_ERANGE naming the field that is out of range (rate above 10000, turnaround outside
 *         1..3650, fill outside 1..9999, or a mean demand above 10 million).
 */
SSVC_API int ssvc_swap_size_service(ssvc_ctx *ctx, ssvc_swap_sizing *out,
                                    const ssvc_swap_demand *demand);

/** @name The pool
 * @{ */

/** The states of a unit of the SWAP stock. Stored; never renumbered. */
typedef enum ssvc_unit_state {
  SSVC_UNIT_AVAILABLE = 1, /**< "available": on the shelf, may be reserved. */
  SSVC_UNIT_RESERVED = 2,  /**< "reserved": taken for a case, not yet shipped. */
  SSVC_UNIT_SHIPPED = 3,   /**< "shipped": on its way to the user. */
  SSVC_UNIT_ON_LOAN = 4,   /**< "on-loan": lent to a user (loan agreements), comes back. */
  SSVC_UNIT_WITH_USER = 5, /**< "with-user": kept by the user (swap agreements); out of the pool. */
  SSVC_UNIT_IN_REPAIR = 6, /**< "in-repair": at the workshop; back to available when repaired. */
  SSVC_UNIT_RETIRED = 7    /**< "retired": out of service for good. */
} ssvc_unit_state;

/** The stable name of a unit state ("on-loan"); NULL for an unknown number. Static. */
SSVC_API const char *ssvc_unit_state_name(int state);
/** The unit state named @p name (as ssvc_unit_state_name() gives it), in @p out. SSVC_EINVAL for a NULL @p out or
 *  @p name, SSVC_ENOTFOUND ("unknown unit state '...'") for another name. @p ctx may be NULL. */
SSVC_API int ssvc_unit_state_from_name(ssvc_ctx *ctx, int *out, const char *name);

/** Size of a buffer for a model name or customer id with its NUL (64 bytes of UTF-8). */
#define SSVC_NAME_SIZE 65

/** Current version of struct ssvc_unit. */
#define SSVC_UNIT_VERSION 1

/** One phone of a customer's SWAP stock. Self-contained: the strings are arrays. */
typedef struct ssvc_unit {
  unsigned int version;              /**< SSVC_UNIT_VERSION. */
  char customer_id[SSVC_NAME_SIZE];  /**< The owner. */
  char imei[SSVC_IMEI_SIZE];         /**< 15 digits, Luhn-checked. */
  char model[SSVC_NAME_SIZE];        /**< Phone model. */
  int state;                         /**< ::ssvc_unit_state. */
  char case_id[SSVC_CASE_ID_SIZE];   /**< The case it serves or last served; "" when none. */
  int64_t received_at;               /**< When it entered the pool. */
  int64_t updated_at;                /**< Its last change. */
} ssvc_unit;

/** Static initializer: version set, everything else empty. */
#define SSVC_UNIT_INIT {SSVC_UNIT_VERSION, {0}, {0}, {0}, 0, {0}, 0, 0}

/** Zeroes @p unit and sets its version (SSVC_EINVAL for NULL, SSVC_EVERSION). */
SSVC_API int ssvc_unit_init(ssvc_unit *unit, unsigned int version);

/** The stages of a swap or loan order (one per case). Stored; never renumbered. */
typedef enum ssvc_order_state {
  SSVC_ORDER_BACKORDERED = 1, /**< "backordered": no phone of the model; first in line on refill. */
  SSVC_ORDER_RESERVED = 2,    /**< "reserved": a unit is reserved for the case. */
  SSVC_ORDER_SHIPPED = 3,     /**< "shipped": waiting for the faulty phone to come back. */
  SSVC_ORDER_IN_REPAIR = 4,   /**< "in-repair": the faulty phone is back, at the workshop. */
  SSVC_ORDER_LOAN_OUT = 5,    /**< "loan-out": repaired phone sent back, loan phone to return. */
  SSVC_ORDER_DONE = 6,        /**< "done". */
  SSVC_ORDER_CANCELLED = 7    /**< "cancelled": the reservation or backorder was released. */
} ssvc_order_state;

/** The stable name of an order state ("backordered"); NULL for an unknown number. Static. */
SSVC_API const char *ssvc_order_state_name(int state);
/** The order state named @p name (as ssvc_order_state_name() gives it), in @p out. SSVC_EINVAL for a NULL @p out or
 *  @p name, SSVC_ENOTFOUND ("unknown order state '...'") for another name. @p ctx may be NULL. */
SSVC_API int ssvc_order_state_from_name(ssvc_ctx *ctx, int *out, const char *name);

/** Current version of struct ssvc_order: 2 appended @c promised and @c late_days. A caller that
 *  sets version 1 gets (and must only have room for) the version-1 fields. */
#define SSVC_ORDER_VERSION 2

/** The swap or loan order of a case. Self-contained: the strings are arrays. */
typedef struct ssvc_order {
  unsigned int version;              /**< SSVC_ORDER_VERSION. */
  char case_id[SSVC_CASE_ID_SIZE];   /**< The case. */
  char customer_id[SSVC_NAME_SIZE];  /**< Its customer. */
  char model[SSVC_NAME_SIZE];        /**< The model asked for. */
  char imei[SSVC_IMEI_SIZE];         /**< The replacement unit; "" while backordered. */
  char user_imei[SSVC_IMEI_SIZE];    /**< The user's faulty phone (from the case); may be "". */
  int replacement;                   /**< ::ssvc_replacement of the agreement at the request. */
  int repaired_to;                   /**< ::ssvc_repaired_to of the agreement at the request. */
  int state;                         /**< ::ssvc_order_state. */
  int64_t requested_at;              /**< When the swap or loan was requested. */
  int64_t reserved_at;               /**< When a unit was reserved (0 while backordered). */
  int64_t shipped_at;                /**< When it was shipped (0 before). */
  ssvc_date delivery;                /**< Delivery date (rule R7); year 0 before shipping. */
  ssvc_date return_deadline;         /**< The faulty phone's deadline; year 0 before shipping. */
  int64_t returned_at;               /**< When the faulty phone came back (0 before). */
  int overdue;                       /**< 1 once flagged overdue and charged. */
  /* Version 2. */
  /** The delivery promised when the case was registered (ssvc_case_info.promised_delivery);
   *  year 0 for an order of a case stored before promises were kept. */
  ssvc_date promised;
  /** Working days the delivery is after the promise (0: on time), set when shipped; -1 while
   *  a backorder keeps the promise unknown; 0 before. */
  int late_days;
} ssvc_order;

/** Static initializer: version set, everything else empty. */
#define SSVC_ORDER_INIT \
  {SSVC_ORDER_VERSION, {0}, {0}, {0}, {0}, {0}, 0, 0, 0, 0, 0, 0, {0, 0, 0}, {0, 0, 0}, 0, 0, \
   {0, 0, 0}, 0}

/** Zeroes @p order and sets its version (SSVC_EINVAL for NULL, SSVC_EVERSION). */
SSVC_API int ssvc_order_init(ssvc_order *order, unsigned int version);

/**
 * Receives a phone into the customer's stock (after the customer approved a refill request, or
 * a phone bought separately). When a case of that customer waits for the model (a backorder),
 * the oldest one gets the phone at once: the unit is reserved for it and its id is written to
 * @p case_out; otherwise the unit is available and @p case_out is "".
 * @param customer_id  the owner; must have an agreement.
 * @param imei         15 digits with a valid Luhn check digit.
 * @param model        1-64 bytes of UTF-8.
 * @param case_out     NULL, or a buffer of SSVC_CASE_ID_SIZE bytes.
 * @return SSVC_OK; SSVC_EINVAL naming the argument; SSVC_ENOTFOUND when the customer has no
 *         agreement; SSVC_ENOTENTITLED when its tier has no SWAP administration (a stock of its
 *         own); SSVC_EEXISTS when the customer's stock already has the IMEI; storage errors.
 *         Nothing changes on failure.
 */
SSVC_API int ssvc_swap_receive(ssvc_store *store, const char *customer_id, const char *imei,
                               const char *model, const char *actor, char *case_out);

/** Reads one unit into @p out (out->version set by the caller). SSVC_ENOTFOUND; SSVC_EINVAL;
 * SSVC_EVERSION; SSVC_ESTORAGE for a malformed record. */
SSVC_API int ssvc_swap_unit_get(ssvc_store *store, ssvc_unit *out, const char *customer_id,
                                const char *imei);

/** Called for each unit of a listing; @p unit is borrowed for the call. Return nonzero to stop.
 * The callback must not change the store. */
typedef int (*ssvc_unit_fn)(void *user_data, const ssvc_unit *unit);

/** Every unit of @p customer_id by IMEI. SSVC_EINVAL; storage errors. */
SSVC_API int ssvc_swap_unit_list(ssvc_store *store, const char *customer_id, ssvc_unit_fn fn,
                                 void *user_data);

/** Retires an available or in-repair unit for good, with an optional @p note.
 * SSVC_ESTATE in any other state; SSVC_ENOTFOUND; SSVC_EINVAL; storage errors. */
SSVC_API int ssvc_swap_retire(ssvc_store *store, const char *customer_id, const char *imei,
                              const char *actor, const char *note);

/**
 * Requests a swap or loan phone for a case (its agreement decides which, rule R4) and moves the
 * case to swap-requested. A unit of @p model is reserved with compare-and-set; when the stock has
 * none, the request is recorded as a backorder (SSVC_OK, out->state SSVC_ORDER_BACKORDERED),
 * listed by ssvc_swap_order_list() and served first when a phone of the model arrives.
 * @param[out] out  the order (may be NULL; out->version set by the caller when given).
 * @param model     NULL or "" for the case's model.
 * @return SSVC_OK; SSVC_ENOTENTITLED when the agreement's tier or the case's lacks SWAP
 *         activation; SSVC_ESTATE when the case is not diagnosing or referred; SSVC_EEXISTS when
 *         the case has an order; SSVC_ENOTFOUND for an unknown case or a customer without an
 *         agreement; SSVC_EINVAL; SSVC_ECONFLICT when other writers kept taking the units;
 *         storage errors. Nothing changes on failure.
 */
SSVC_API int ssvc_swap_reserve(ssvc_store *store, ssvc_order *out, const char *case_id,
                               const char *model, const char *actor);

/**
 * Ships the reserved unit: the delivery date follows rule R7 on the agreement's calendar (the
 * next working day after the later of the day the case's registration counts on and the day of
 * shipping: ssvc_calendar_delivery_shipped()), so a reservation later than the registration does
 * not move the promise; the order records how many working days the delivery is after the
 * promise (ssvc_order.late_days). The faulty phone's return deadline is the agreement's working
 * days after the delivery. Adds
 * the shipment and a freight and a packaging charge (the agreement's amounts) to the case and
 * moves it to shipped.
 * @param carrier, tracking  may be NULL.
 * @return SSVC_OK; SSVC_ESTATE when the order is not reserved (backordered, already shipped);
 *         SSVC_ENOTFOUND when the case has no order; SSVC_ERANGE outside the calendar's years;
 *         SSVC_EINVAL; storage errors.
 */
SSVC_API int ssvc_swap_ship(ssvc_store *store, ssvc_order *out, const char *case_id,
                            const char *carrier, const char *tracking, const char *actor);

/**
 * The user's faulty phone has come back: the shipped unit is now on loan (loan) or the user's
 * (swap, out of the pool); the case goes to faulty-returned and in-repair. On a swap agreement
 * that routes repaired phones to the stock, the faulty phone joins the pool as an in-repair unit.
 * @return SSVC_OK; SSVC_ESTATE when the order is not shipped; SSVC_EEXISTS when the faulty
 *         phone's IMEI is already in the stock in another state; as ssvc_swap_ship().
 */
SSVC_API int ssvc_swap_faulty_returned(ssvc_store *store, const char *case_id,
                                       const char *actor);

/**
 * The workshop has repaired the faulty phone (rule R5). Swap to stock: the phone becomes
 * available (or serves the oldest backorder) and the case is closed. Swap to user: the phone is
 * shipped back (shipment, freight and packaging charges) and the case is closed. Loan: the phone
 * is shipped back, the case is repaired and the order waits for the loan phone
 * (ssvc_swap_loan_returned()).
 * @return SSVC_OK; SSVC_ESTATE when the order is not in repair; as ssvc_swap_ship().
 */
SSVC_API int ssvc_swap_repaired(ssvc_store *store, const char *case_id, const char *actor);

/** The loan phone is back: it becomes available (or serves the oldest backorder) and the case is
 * closed. SSVC_ESTATE unless the order is loan-out; as ssvc_swap_ship(). */
SSVC_API int ssvc_swap_loan_returned(ssvc_store *store, const char *case_id, const char *actor);

/** Cancels a reserved or backordered order: the unit goes back (or to the next backorder) and
 * the case is cancelled. SSVC_ESTATE once shipped; as ssvc_swap_ship(). */
SSVC_API int ssvc_swap_cancel(ssvc_store *store, const char *case_id, const char *actor);

/** Reads the order of a case (out->version set by the caller). SSVC_ENOTFOUND; SSVC_EINVAL;
 * SSVC_EVERSION; SSVC_ESTORAGE. */
SSVC_API int ssvc_swap_order_get(ssvc_store *store, ssvc_order *out, const char *case_id);

/** Called for each order of a listing; @p order is borrowed for the call. Return nonzero to
 * stop. The callback must not change the store. */
typedef int (*ssvc_order_fn)(void *user_data, const ssvc_order *order);

/**
 * Lists orders: of @p customer_id (NULL: every customer) in @p state (0: every state).
 * Backorders (SSVC_ORDER_BACKORDERED) come in the order they will be served (oldest first, per
 * customer and model); other listings by case id.
 * @return SSVC_OK; SSVC_EINVAL; storage errors.
 */
SSVC_API int ssvc_swap_order_list(ssvc_store *store, const char *customer_id, int state,
                                  ssvc_order_fn fn, void *user_data);

/** Current version of struct ssvc_refill_line. */
#define SSVC_REFILL_LINE_VERSION 1

/** One line of refill advice (a request, anmodan, to the customer). */
typedef struct ssvc_refill_line {
  unsigned int version;     /**< SSVC_REFILL_LINE_VERSION. */
  const char *model;        /**< The model; "" for the pool as a whole (any model). */
  uint32_t available;       /**< Units available now. */
  uint32_t target;          /**< The sized level (the agreement's share, or the model's own). */
  uint32_t backorders;      /**< Cases waiting for the model. */
  uint32_t recommended;     /**< Phones to buy: fills the backorders, then up to the level. */
} ssvc_refill_line;

/** Called for each line of advice; @p line is borrowed for the call. Return nonzero to stop. */
typedef int (*ssvc_refill_fn)(void *user_data, const ssvc_refill_line *line);

/**
 * Refill advice for a customer's stock: the pool line ("" model; level = the agreement's share
 * of the fleet, ssvc_agreement_swap_level()) first, then a line per model with its own level or
 * with backorders, by model name. The customer approves a request by buying the phones, which
 * are then received (ssvc_swap_receive()). A read: changes nothing.
 * @param[out] total  the sum of the recommended quantities (0: no request needed); may be NULL.
 * @param fn          may be NULL when only the total is wanted.
 * @return SSVC_OK; SSVC_ENOTFOUND (no agreement); SSVC_ENOTENTITLED (the tier has no SWAP
 *         administration); SSVC_EINVAL; SSVC_ENOMEM; storage errors.
 */
SSVC_API int ssvc_swap_advise(ssvc_store *store, const char *customer_id, uint32_t *total,
                              ssvc_refill_fn fn, void *user_data);

/** The states of a refill request (anmodan). Stored; never renumbered. */
typedef enum ssvc_refill_state {
  SSVC_REFILL_PENDING = 1,  /**< "pending": sent to the customer, not answered. */
  SSVC_REFILL_APPROVED = 2, /**< "approved": the customer bought the phones; they were received. */
  SSVC_REFILL_DECLINED = 3  /**< "declined". */
} ssvc_refill_state;

/** The stable name of a refill state ("pending"); NULL for an unknown number. Static. */
SSVC_API const char *ssvc_refill_state_name(int state);
/** The refill state named @p name (as ssvc_refill_state_name() gives it), in @p out. SSVC_EINVAL for a NULL @p out or
 *  @p name, SSVC_ENOTFOUND ("unknown refill state '...'") for another name. @p ctx may be NULL. */
SSVC_API int ssvc_refill_state_from_name(ssvc_ctx *ctx, int *out, const char *name);

/**
 * Sends a refill request (anmodan): stores the current advice (ssvc_swap_advise()) as the
 * customer's next request, numbered from 1, in state pending.
 * @param[out] number  the request's number; 0 when no phone is needed (nothing is stored).
 * @param[out] total   the phones recommended (may be NULL).
 * @return SSVC_OK; SSVC_ENOTFOUND (no agreement); SSVC_ENOTENTITLED (the tier has no SWAP
 *         administration); SSVC_EINVAL; storage errors.
 */
SSVC_API int ssvc_swap_refill_request(ssvc_store *store, uint32_t *number, uint32_t *total,
                                      const char *customer_id, const char *actor);

/**
 * The customer's answer to request @p number. Approved: the phones bought (imeis[i], of model
 * models[i], @p count of them, any number) are received as by ssvc_swap_receive(), serving
 * backorders first, and the request becomes approved, all in one transaction. Declined: pass
 * @p count 0.
 * @return SSVC_OK; SSVC_ESTATE when the request is not pending; SSVC_ENOTFOUND; the errors of
 *         ssvc_swap_receive() for a phone (the message names its index); storage errors.
 */
SSVC_API int ssvc_swap_refill_decide(ssvc_store *store, const char *customer_id, uint32_t number,
                                     int approve, const char *const *imeis,
                                     const char *const *models, size_t count, const char *actor);

/**
 * Reads request @p number: its state, the phones recommended, how many were received, and its
 * lines through @p fn (may be NULL), as ssvc_swap_advise() gave them when it was sent.
 * @return SSVC_OK; SSVC_ENOTFOUND; SSVC_EINVAL; SSVC_ESTORAGE.
 */
SSVC_API int ssvc_swap_refill_get(ssvc_store *store, int *state, uint32_t *total,
                                  uint32_t *received, const char *customer_id, uint32_t number,
                                  ssvc_refill_fn fn, void *user_data);

/**
 * Flags the faulty phones not back by their return deadline: every shipped order of
 * @p customer_id (NULL: every customer) whose deadline is before today (Stockholm date of
 * ssvc_ctx_now()). A newly flagged order gets an "unreturned" charge at the replacement value
 * of its model (ssvc_agreement_replacement_value()) on its case, once. One transaction; then
 * @p fn (may be NULL) is called for every overdue order, flagged now or before.
 * @param[out] flagged  the number newly flagged (may be NULL).
 * @return SSVC_OK; SSVC_EINVAL; SSVC_ENOMEM; storage errors.
 */
SSVC_API int ssvc_swap_overdue(ssvc_store *store, const char *customer_id, const char *actor,
                               size_t *flagged, ssvc_order_fn fn, void *user_data);

/**
 * Right to erasure by contact, kept for existing callers: the same call as
 * ssvc_case_erase_user(), which is ssvc_erase_user() (smartservice/erase.h) with @p contact as
 * phone or e-mail and so also clears the user's faulty-phone IMEI from the SWAP orders and masks
 * the user's values in the orders' and units' histories, in the same transaction.
 * @param[out] count  cases erased (may be NULL).
 * @return as ssvc_case_erase_user().
 */
SSVC_API int ssvc_swap_erase_user(ssvc_store *store, size_t *count, const char *customer_id,
                                  const char *contact, const char *actor);
/** @} */

SSVC_END_DECLS

#endif /* SMARTSERVICE_SWAP_H */
