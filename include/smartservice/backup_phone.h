/**
 * @file smartservice/backup_phone.h
 * @brief Backup phones (reservtelefoner): simple phones kept at the customer's site, bought or
 * rented (doc/backup-phones.md).
 *
 * A customer's backup-phone stock is a set of units, one per IMEI. A unit is received at the
 * site (ssvc_backup_phone_add()), handed to a user (ssvc_backup_phone_hand_out()), back at the
 * site (ssvc_backup_phone_return()) and finally removed (ssvc_backup_phone_remove()). A bought
 * unit is charged once on the customer's account (kind SSVC_CHARGE_BACKUP_PHONE) in the same
 * transaction that adds it; a rented unit is rent on the service invoice for the days it is
 * held. Every operation is one transaction: on failure nothing is changed.
 */
#ifndef SMARTSERVICE_BACKUP_PHONE_H
#define SMARTSERVICE_BACKUP_PHONE_H

#include "agreement.h"
#include "storage.h"

SSVC_BEGIN_DECLS

/** Where a backup phone is. */
typedef enum ssvc_backup_state {
  SSVC_BACKUP_AT_SITE = 1,    /**< on the shelf at the customer's site */
  SSVC_BACKUP_HANDED_OUT = 2, /**< lent to a user */
  SSVC_BACKUP_REMOVED = 3     /**< taken out of the stock (kept as history) */
} ssvc_backup_state;

/** How the customer holds a backup phone. */
typedef enum ssvc_backup_terms {
  SSVC_BACKUP_BOUGHT = 1, /**< bought: one charge on the account when added */
  SSVC_BACKUP_RENTED = 2  /**< rented: a monthly rent prorated by day */
} ssvc_backup_terms;

/** Name of a state ("at-site", "handed-out", "removed"); NULL when unknown. */
SSVC_API const char *ssvc_backup_state_name(int state);
/** Name of terms ("bought", "rented"); NULL when unknown. */
SSVC_API const char *ssvc_backup_terms_name(int terms);
/** The terms named @p name (as ssvc_backup_terms_name() gives it) in @p out. SSVC_EINVAL for a
 *  NULL @p out or @p name, SSVC_ENOTFOUND ("unknown backup-phone terms '...'") for another
 *  name. @p ctx may be NULL. */
SSVC_API int ssvc_backup_terms_from_name(ssvc_ctx *ctx, int *out, const char *name);

/** Current version of struct ssvc_backup_phone. */
#define SSVC_BACKUP_PHONE_VERSION 1
/** Size of the user field, terminator included. */
#define SSVC_BACKUP_USER_SIZE 129

/** One backup phone. */
typedef struct ssvc_backup_phone {
  unsigned int version;                      /**< SSVC_BACKUP_PHONE_VERSION */
  char customer_id[SSVC_AGREEMENT_ID_MAX + 1]; /**< the customer whose site keeps it */
  char imei[16];                             /**< 15 digits */
  char model[SSVC_MODEL_MAX + 1];            /**< model name */
  int terms;                                 /**< ::ssvc_backup_terms */
  int state;                                 /**< ::ssvc_backup_state */
  char user[SSVC_BACKUP_USER_SIZE];          /**< the user holding it; "" unless handed out */
  int64_t price_minor;                       /**< bought: the price charged, öre; rented: 0 */
  int64_t received_at;                       /**< instant it was received at the site */
  int64_t removed_at;                        /**< instant it was removed; 0 while in stock */
  int64_t updated_at;                        /**< instant of the last change */
} ssvc_backup_phone;

/** Static initializer: version set, everything else zero. */
#define SSVC_BACKUP_PHONE_INIT {SSVC_BACKUP_PHONE_VERSION, "", "", "", 0, 0, "", 0, 0, 0, 0}

/** Zeroes @p phone and sets its version. SSVC_EINVAL for NULL; SSVC_EVERSION for a bad one. */
SSVC_API int ssvc_backup_phone_init(ssvc_backup_phone *phone, unsigned int version);

/**
 * Receives a backup phone at @p customer_id's site. A bought phone (@p terms SSVC_BACKUP_BOUGHT)
 * is charged once on the customer's account at @p price_minor öre (kind
 * SSVC_CHARGE_BACKUP_PHONE, quantity 1); a rented one takes @p price_minor 0 and is rent on
 * the service invoice.
 * @return SSVC_OK; SSVC_EINVAL naming the argument (bad IMEI, model, terms, a price with rented
 *         terms or a negative one, actor); SSVC_ENOTFOUND (no agreement for the customer);
 *         SSVC_EEXISTS (the customer already has a phone with that IMEI); storage errors;
 *         SSVC_ENOMEM. On failure nothing is changed.
 */
SSVC_API int ssvc_backup_phone_add(ssvc_store *store, const char *customer_id, const char *imei,
                                   const char *model, int terms, int64_t price_minor,
                                   const char *actor);

/**
 * Hands an at-site phone to @p user (1..128 characters).
 * @return SSVC_OK; SSVC_EINVAL naming the argument; SSVC_ENOTFOUND (no such phone);
 *         SSVC_ESTATE (not at the site); storage errors; SSVC_ENOMEM. Nothing changed on failure.
 */
SSVC_API int ssvc_backup_phone_hand_out(ssvc_store *store, const char *customer_id,
                                        const char *imei, const char *user, const char *actor);

/**
 * A handed-out phone is back at the site.
 * @return as ssvc_backup_phone_hand_out() (SSVC_ESTATE: not handed out).
 */
SSVC_API int ssvc_backup_phone_return(ssvc_store *store, const char *customer_id,
                                      const char *imei, const char *actor);

/**
 * Takes an at-site phone out of the stock (it stays as history; its rent ends).
 * @return as ssvc_backup_phone_hand_out() (SSVC_ESTATE: not at the site).
 */
SSVC_API int ssvc_backup_phone_remove(ssvc_store *store, const char *customer_id,
                                      const char *imei, const char *actor);

/**
 * Reads one phone into @p out (fields of out->version).
 * @return SSVC_OK; SSVC_EINVAL; SSVC_EVERSION; SSVC_ENOTFOUND; storage errors. @p out is
 *         unchanged on failure.
 */
SSVC_API int ssvc_backup_phone_get(ssvc_store *store, ssvc_backup_phone *out,
                                   const char *customer_id, const char *imei);

/** Called once per phone; non-zero stops the listing. The phone is valid during the call. */
typedef int (*ssvc_backup_phone_fn)(void *user_data, const ssvc_backup_phone *phone);

/**
 * Calls @p fn for each of @p customer_id's phones (removed ones too), by IMEI.
 * @return SSVC_OK (also when @p fn stopped); SSVC_EINVAL; storage errors (nothing given).
 */
SSVC_API int ssvc_backup_phone_list(ssvc_store *store, const char *customer_id,
                                    ssvc_backup_phone_fn fn, void *user_data);

SSVC_END_DECLS

#endif /* SMARTSERVICE_BACKUP_PHONE_H */
