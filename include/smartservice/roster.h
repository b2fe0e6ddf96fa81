/**
 * @file smartservice/roster.h
 * @brief The roster: per agreement, the users and phones the service covers ("Alla användare som
 *        är anknutna till en Atea Smartservice-nivå").
 *
 * One entry per phone, keyed by its IMEI within the customer: the user's name, contact phone
 * and e-mail, the phone's model, purchase and warranty dates. The contact phone is unique
 * within a customer's roster; the e-mail is not (one user may have two phones). Entries are
 * changed one by one or imported from the CSV file a customer exports from its asset register
 * (all or nothing, with a dry run), and exported in the same format. Every change is one
 * transaction and appears in the change feed. The format and the rules are in doc/roster.md.
 */
#ifndef SMARTSERVICE_ROSTER_H
#define SMARTSERVICE_ROSTER_H

#include "case.h"
#include "common.h"
#include "storage.h"

SSVC_BEGIN_DECLS

/** Current version of struct ssvc_roster_entry. */
#define SSVC_ROSTER_ENTRY_VERSION 1

/** Longest user name, in bytes. */
#define SSVC_ROSTER_NAME_MAX 256
/** Longest e-mail address, in bytes. */
#define SSVC_ROSTER_EMAIL_MAX 254
/** Longest contact phone as given (before it is normalized), in bytes. */
#define SSVC_ROSTER_PHONE_MAX 32

/** One covered user and phone. Given to ssvc_roster_add() and ssvc_roster_update(); given to
 *  the callbacks of the reads with strings borrowed for the call. */
typedef struct ssvc_roster_entry {
  unsigned int version;  /**< SSVC_ROSTER_ENTRY_VERSION. */
  const char *imei;      /**< The phone's IMEI: 15 digits with a valid Luhn check digit. Required. */
  const char *user_name; /**< The user's name, 1-256 bytes of UTF-8. Required. */
  /** The user's contact phone: digits with an optional leading '+', spaces, '-', '(' and ')';
   *  "070-123 45 67" is stored as "+46701234567" (a leading 0 is Sweden, 00 is '+'); 7-15
   *  digits in all. Unique within the customer's roster. NULL or "" when none. */
  const char *phone;
  /** The user's e-mail address (one '@', something on each side, at most 254 bytes); stored as
   *  given, looked up without regard to ASCII case. NULL or "" when none. */
  const char *email;
  const char *model;         /**< The phone's model, 1-64 bytes; NULL or "" when unknown. */
  ssvc_date purchased;       /**< Purchase date; all zero when unknown. */
  ssvc_date warranty_until;  /**< Last day of the warranty; all zero when unknown. */
} ssvc_roster_entry;

/** Static initializer: version set, everything else zero. */
#define SSVC_ROSTER_ENTRY_INIT {SSVC_ROSTER_ENTRY_VERSION, NULL, NULL, NULL, NULL, NULL, {0, 0, 0}, {0, 0, 0}}

/**
 * Adds a phone to the roster of @p customer_id (whose agreement must exist), logged as by
 * @p actor.
 * @return SSVC_OK; SSVC_EINVAL naming the field and its value ("ssvc_roster_add: entry->imei:
 *         Luhn check digit is wrong (got '...')"); SSVC_ENOTFOUND when the customer has no
 *         agreement; SSVC_EEXISTS when the IMEI is on the roster, or another entry has the
 *         contact phone; SSVC_EVERSION; SSVC_EBUSY, SSVC_ESTORAGE, SSVC_ENOMEM. Nothing
 *         changes on failure.
 */
SSVC_API int ssvc_roster_add(ssvc_store *store, const char *customer_id,
                             const ssvc_roster_entry *entry, const char *actor);

/**
 * Replaces the entry of entry->imei on the roster of @p customer_id.
 * @return those of ssvc_roster_add(), but SSVC_ENOTFOUND when the IMEI is not on the roster
 *         (and SSVC_EEXISTS only for a contact phone another entry has).
 */
SSVC_API int ssvc_roster_update(ssvc_store *store, const char *customer_id,
                                const ssvc_roster_entry *entry, const char *actor);

/**
 * Removes the phone @p imei from the roster of @p customer_id.
 * @return SSVC_OK; SSVC_EINVAL; SSVC_ENOTFOUND when it is not on the roster; storage errors.
 *         Nothing changes on failure.
 */
SSVC_API int ssvc_roster_remove(ssvc_store *store, const char *customer_id, const char *imei,
                                const char *actor);

/** Called for a roster entry; @p entry and its strings are borrowed for the call. Return 0 to go
 *  on, nonzero to stop. The callback must not change the store. */
typedef int (*ssvc_roster_fn)(void *user_data, const ssvc_roster_entry *entry);

/**
 * Looks a caller up on the roster of @p customer_id by @p who: an IMEI (15 digits), an e-mail
 * address (holds '@'; ASCII case ignored) or a contact phone (normalized as stored). Calls @p fn
 * once with the entry found (for an e-mail shared by several phones, the first by IMEI).
 * @return SSVC_OK; SSVC_ENOTFOUND (message "ssvc_roster_find: 'x' is not on the roster of
 *         'ACME'") when nothing matches; SSVC_EINVAL for a NULL or malformed @p who; storage
 *         errors.
 */
SSVC_API int ssvc_roster_find(ssvc_store *store, const char *customer_id, const char *who,
                              ssvc_roster_fn fn, void *user_data);

/** Calls @p fn for every entry on the roster of @p customer_id in IMEI order. An empty roster
 *  calls nothing. SSVC_EINVAL for NULL; SSVC_ESTORAGE for a damaged entry (before any call). */
SSVC_API int ssvc_roster_list(ssvc_store *store, const char *customer_id, ssvc_roster_fn fn,
                              void *user_data);

/** The number of entries on the roster of @p customer_id, in @p out. SSVC_EINVAL; storage
 *  errors. */
SSVC_API int ssvc_roster_count(ssvc_store *store, const char *customer_id, uint32_t *out);

/** Flags of ssvc_roster_import(). */
enum {
  /** Check the file and count what would change; change nothing. */
  SSVC_ROSTER_IMPORT_DRY_RUN = 1,
  /** The file is the whole roster: entries not in it are removed. Without this flag the file
   *  adds and updates entries and removes none. */
  SSVC_ROSTER_IMPORT_REPLACE = 2
};

/** Current version of struct ssvc_roster_import_result. */
#define SSVC_ROSTER_IMPORT_RESULT_VERSION 1

/** What an import changed (or, in a dry run, would change). */
typedef struct ssvc_roster_import_result {
  unsigned int version; /**< Set by the caller to SSVC_ROSTER_IMPORT_RESULT_VERSION. */
  uint32_t rows;        /**< Data rows in the file. */
  uint32_t added;       /**< IMEIs new to the roster. */
  uint32_t updated;     /**< IMEIs on the roster whose entry changes. */
  uint32_t unchanged;   /**< IMEIs on the roster with the same entry. */
  uint32_t removed;     /**< Entries removed (SSVC_ROSTER_IMPORT_REPLACE only). */
} ssvc_roster_import_result;

/** Static initializer: version set, counts zero. */
#define SSVC_ROSTER_IMPORT_RESULT_INIT {SSVC_ROSTER_IMPORT_RESULT_VERSION, 0, 0, 0, 0, 0}

/**
 * Imports a CSV file into the roster of @p customer_id, all or nothing (doc/roster.md "CSV"):
 * UTF-8 (a byte-order mark is skipped), a header row naming the columns (English or Swedish:
 * imei, name/namn, phone/telefon, email/e-post, model/modell, purchased/inköpsdatum,
 * warranty/garanti; others are ignored), comma or semicolon between fields (the header decides),
 * fields in double quotes where they hold either, a quote or a line break.
 * @param data      the file's bytes, @p len of them.
 * @param source    the file's name for messages ("assets.csv"); NULL for "input".
 * @param flags     SSVC_ROSTER_IMPORT_DRY_RUN, SSVC_ROSTER_IMPORT_REPLACE, or 0.
 * @param[out] out  the counts (may be NULL; its version must be set).
 * @return SSVC_OK; SSVC_EINVAL with "SOURCE:LINE:COLUMN: what is wrong" for the first fault in
 *         the file (a bad IMEI, an IMEI or phone twice, a row with another number of fields than
 *         the header, a byte that is not UTF-8, a missing imei or name column, a bad date);
 *         SSVC_ENOTFOUND when the customer has no agreement; storage errors. Nothing changes on
 *         failure, nor in a dry run.
 */
SSVC_API int ssvc_roster_import(ssvc_store *store, const char *customer_id, const char *data,
                                size_t len, const char *source, unsigned int flags,
                                ssvc_roster_import_result *out, const char *actor);

/**
 * Writes the roster of @p customer_id as CSV through @p fn (the header row
 * "imei,name,phone,email,model,purchased,warranty", then one row per entry in IMEI order, commas,
 * quotes where needed): what ssvc_roster_import() reads back.
 * @return SSVC_OK; SSVC_EINVAL; storage errors; the nonzero value @p fn returned (stops).
 */
SSVC_API int ssvc_roster_export(ssvc_store *store, const char *customer_id, ssvc_write_fn fn,
                                void *user_data);

/** Current version of struct ssvc_model_advice. */
#define SSVC_MODEL_ADVICE_VERSION 1

/**
 * Few models ("Vi rekommenderar att så få modeller används", doc/roster.md "Few models"): how
 * many models the customer's SWAP stock spans against how many its fleet uses, and whether to
 * consolidate. The fleet is the roster (entries with a model) when the customer has one, else the
 * agreement's model list.
 */
typedef struct ssvc_model_advice {
  unsigned int version;       /**< Set by the caller to SSVC_MODEL_ADVICE_VERSION. */
  uint32_t stock_models;      /**< Models of the units in the stock (available, reserved, on
                                   loan, in repair). */
  uint32_t fleet_models;      /**< Models the fleet uses. */
  uint32_t fleet_phones;      /**< Roster entries with a model (0 when from the agreement). */
  uint32_t model_min_users;   /**< The threshold in force (the agreement's, or the default). */
  uint32_t models_max;        /**< Likewise. */
  uint32_t few_user_models;   /**< Fleet models with fewer users than model_min_users (roster
                                   only: the agreement's list has no users). */
  uint32_t stock_only_models; /**< Stock models the fleet does not use. */
  int from_roster;            /**< 1: the fleet is the roster; 0: the agreement's models. */
  int consolidate;            /**< 1: consolidating is advised (the fleet or the stock on more
                                   models than models_max, a model with few users, or stock of a
                                   model the fleet does not use). With neither a roster nor
                                   models on the agreement (fleet_models 0) only the stock's
                                   spread is judged. */
} ssvc_model_advice;

/** Static initializer: version set, everything else zero. */
#define SSVC_MODEL_ADVICE_INIT {SSVC_MODEL_ADVICE_VERSION, 0, 0, 0, 0, 0, 0, 0, 0, 0}

/** Called per model in byte order of the name: its users on the roster (0 when the fleet is the
 *  agreement's list), its units in the stock, and whether it is one to consolidate away (few
 *  users, or stock only). Strings borrowed for the call; nonzero stops. */
typedef int (*ssvc_model_line_fn)(void *user_data, const char *model, uint32_t users,
                                  uint32_t stock, int consolidate);

/**
 * The few-models advice of @p customer_id (see ::ssvc_model_advice).
 * @param[out] out  the advice (its version set by the caller).
 * @param fn        called per model after @p out is filled; may be NULL.
 * @return SSVC_OK; SSVC_EINVAL; SSVC_EVERSION; SSVC_ENOTFOUND when the customer has no agreement;
 *         storage errors; what @p fn returned when it stopped.
 */
SSVC_API int ssvc_models_advise(ssvc_store *store, const char *customer_id,
                                ssvc_model_advice *out, ssvc_model_line_fn fn, void *user_data);

/**
 * The advice as one sentence in @p lang (SSVC_LANG_SV or SSVC_LANG_EN), e.g. "The fleet uses 4
 * models (3 advised at most) and the SWAP stock spans 3; 2 models serve fewer than 5 users:
 * consider consolidating on fewer models." Into @p buf of @p size bytes (cut, NUL-terminated);
 * @p buf may be NULL when @p size is 0, to learn the length first.
 * @return the length of the whole sentence (as snprintf); -1 for a NULL @p advice, or a NULL
 *         @p buf with a size.
 */
SSVC_API int ssvc_model_advice_text(const ssvc_model_advice *advice, int lang, char *buf,
                                    size_t size);

/** What registration found on the roster (doc/roster.md "Registration"). Stored on the case;
 *  never renumbered. */
typedef enum ssvc_roster_coverage {
  SSVC_ROSTER_UNCHECKED = 0,  /**< "unchecked": the agreement keeps no roster (policy none). */
  SSVC_ROSTER_COVERED = 1,    /**< "covered": the caller was on the roster. */
  SSVC_ROSTER_NOT_COVERED = 2 /**< "not-covered": not on it, registered under policy flag. */
} ssvc_roster_coverage;

/** The stable name of a coverage ("unchecked", "covered", "not-covered"); NULL when unknown. */
SSVC_API const char *ssvc_roster_coverage_name(int coverage);

/**
 * Whether the caller of case @p c was on its customer's roster at registration
 * (::ssvc_roster_coverage). ssvc_case_create() looks the caller up when the agreement keeps a
 * roster: by spec->imei, then spec->user_phone, then spec->user_email; it fills the user's name,
 * phone, e-mail, the model and the phone's dates the spec leaves out from the entry found; a
 * caller not on the roster is refused (SSVC_ENOTENTITLED, policy refuse) or registered as not
 * covered (policy flag). 0 (unchecked) for NULL.
 */
SSVC_API int ssvc_case_roster_coverage(const ssvc_case *c);

SSVC_END_DECLS

#endif /* SMARTSERVICE_ROSTER_H */
