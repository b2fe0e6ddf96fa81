/**
 * @file smartservice/changes.h
 * @brief The change feed: every committed change to a case, order, unit, agreement, invoice or
 *        charge, in one ordered list kept in the store (doc/storage.md "The change feed").
 *
 * Each transaction that changes such a record appends, in the same transaction and just before
 * it commits, one entry per changed record, numbered on from the store's last position. So a
 * rolled-back transaction leaves no entry, a committed one leaves all of its entries, and the
 * positions are 1, 2, 3, ... without gaps, in commit order (on PostgreSQL too, with several
 * nodes writing: the feed's counter row stays locked until the commit). Entries are kept until
 * ssvc_changes_prune(). An entry holds the record's id, never its content.
 */
#ifndef SMARTSERVICE_CHANGES_H
#define SMARTSERVICE_CHANGES_H

#include "storage.h"

SSVC_BEGIN_DECLS

/** What kind of record an entry names. */
typedef enum ssvc_change_kind {
  SSVC_CHANGE_CASE = 1,      /**< a case (its charges included); id: the case id */
  SSVC_CHANGE_ORDER = 2,     /**< a SWAP order; id: the case id it serves */
  SSVC_CHANGE_UNIT = 3,      /**< a SWAP pool unit; id: "CUSTOMER/IMEI" */
  SSVC_CHANGE_AGREEMENT = 4, /**< an agreement; id: the customer id */
  SSVC_CHANGE_INVOICE = 5,   /**< an invoice or its credited lines; id: the invoice number */
  SSVC_CHANGE_CHARGE = 6,    /**< a charge on a customer's account; id: "CUSTOMER/INDEX" */
  SSVC_CHANGE_ROSTER = 7,    /**< a roster entry (smartservice/roster.h); id: "CUSTOMER/IMEI" */
  SSVC_CHANGE_BACKUP_PHONE = 8, /**< a backup phone at a customer's site; id: "CUSTOMER/IMEI" */
  SSVC_CHANGE_REPAIR_ORDER = 9, /**< a repair order (smartservice/workshop.h); id: the case id */
  SSVC_CHANGE_STOCK_ORDER = 10 /**< a stock change order (smartservice/stock_order.h); id:
                                    "CUSTOMER/NUMBER" */
} ssvc_change_kind;

/** What happened to the record. */
typedef enum ssvc_change_op {
  SSVC_CHANGE_PUT = 1,   /**< written (created or changed) */
  SSVC_CHANGE_DELETE = 2 /**< removed */
} ssvc_change_op;

/** The version of ::ssvc_change this library fills in. */
#define SSVC_CHANGE_VERSION 1

/** Longest id in an entry, with its NUL. */
#define SSVC_CHANGE_ID_SIZE 96

/** One entry of the feed, as the callback of ssvc_changes_read() sees it. */
typedef struct ssvc_change {
  unsigned int version; /**< SSVC_CHANGE_VERSION; later versions append fields */
  uint64_t position;    /**< 1, 2, 3, ...: gap-free in commit order */
  int kind;             /**< ::ssvc_change_kind */
  int op;               /**< ::ssvc_change_op */
  int64_t instant;      /**< Unix seconds: the transaction's instant (ssvc_store_set_instant()) */
  const char *id;       /**< the record's id (see ::ssvc_change_kind); valid during the call */
} ssvc_change;

/** Called once per entry; a nonzero return stops the read and is returned by it. */
typedef int (*ssvc_change_fn)(void *user_data, const ssvc_change *change);

/**
 * Calls @p fn for every entry with a position above @p after, in position order (one scan of the
 * store).
 * @param after  0 for the whole feed (what is left after ssvc_changes_prune()).
 * Inside an open write transaction it reads what is committed plus nothing of that transaction
 * (its entries are appended at its commit).
 * @return SSVC_OK; what @p fn returned when it stopped the read; SSVC_EINVAL for a NULL store or
 *         fn ("ssvc_changes_read: fn must not be NULL"); SSVC_ESTORAGE (also for a malformed
 *         entry, the message naming its position).
 */
SSVC_API int ssvc_changes_read(ssvc_store *store, uint64_t after, ssvc_change_fn fn,
                               void *user_data);

/**
 * The position of the last entry ever appended (0 for none), in @p out; pruning does not lower it.
 * @return SSVC_OK; SSVC_EINVAL for a NULL argument; SSVC_ESTORAGE.
 */
SSVC_API int ssvc_changes_last(ssvc_store *store, uint64_t *out);

/**
 * Removes the entries with a position below @p before, in one transaction (joins an open one).
 * Positions are never reused: the next entry still follows the last one.
 * @param[out] removed  the number of entries removed; may be NULL.
 * @return SSVC_OK (nothing to remove included); SSVC_EINVAL for a NULL store; SSVC_ESTORAGE
 *         (nothing removed).
 */
SSVC_API int ssvc_changes_prune(ssvc_store *store, uint64_t before, uint64_t *removed);

/** "case", "order", "unit", "agreement", "invoice", "charge"; NULL for another value. */
SSVC_API const char *ssvc_change_kind_name(int kind);

/** "put", "delete"; NULL for another value. */
SSVC_API const char *ssvc_change_op_name(int op);

SSVC_END_DECLS

#endif /* SMARTSERVICE_CHANGES_H */
