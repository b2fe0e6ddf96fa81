/**
 * @file smartservice/case.h
 * @brief Case records: every call to the Support Center, its state machine and event log (R9).
 *
 * Cases live in a store (smartservice/storage.h). Every function that changes a case is one
 * transaction of the store: it commits whole or not at all, and appends an event (instant, actor,
 * what changed) to the case's append-only log. Identifiers look like "SC-2026-000123": the year
 * of registration (UTC) and a number counted per year from 1, at least six digits.
 * States, transitions and the erasure rules are described in doc/records.md and doc/storage.md.
 */
#ifndef SMARTSERVICE_CASE_H
#define SMARTSERVICE_CASE_H

#include "storage.h"
#include "tier.h"

SSVC_BEGIN_DECLS

/** Size of a buffer that holds any case id with its NUL ("SC-YYYY-" + up to 10 digits). */
#define SSVC_CASE_ID_SIZE 24

/**
 * The states of a case. The numbers are stored in records and never change. The open states
 * come first: a case is open while its state is below SSVC_CASE_CLOSED.
 *
 * Allowed transitions (anything else is SSVC_ESTATE):
 * - registered -> diagnosing, referred, cancelled
 * - diagnosing -> resolved, referred, swap-requested, cancelled
 * - resolved -> closed
 * - referred -> swap-requested, faulty-returned, in-repair, closed, cancelled
 * - swap-requested -> shipped, cancelled
 * - shipped -> faulty-returned
 * - faulty-returned -> in-repair, closed
 * - in-repair -> repaired
 * - repaired -> closed
 * - closed, cancelled: final.
 * Entering swap-requested needs SSVC_FEATURE_SWAP_ACTIVATION in the case's features
 * (SSVC_ENOTENTITLED otherwise).
 */
typedef enum ssvc_case_state {
  SSVC_CASE_REGISTERED = 1,      /**< "registered": the call is logged. */
  SSVC_CASE_DIAGNOSING = 2,      /**< "diagnosing": control questions are being asked. */
  SSVC_CASE_RESOLVED = 3,        /**< "resolved": solved on the phone (a handling error). */
  SSVC_CASE_REFERRED = 4,        /**< "referred": referred to the service workshop. */
  SSVC_CASE_SWAP_REQUESTED = 5,  /**< "swap-requested": a swap or loan phone is requested. */
  SSVC_CASE_SHIPPED = 6,         /**< "shipped": the replacement phone is on its way. */
  SSVC_CASE_FAULTY_RETURNED = 7, /**< "faulty-returned": the faulty phone has come back. */
  SSVC_CASE_IN_REPAIR = 8,       /**< "in-repair": at the workshop. */
  SSVC_CASE_REPAIRED = 9,        /**< "repaired": the workshop is done. */
  SSVC_CASE_CLOSED = 10,         /**< "closed": final. */
  SSVC_CASE_CANCELLED = 11       /**< "cancelled": final. */
} ssvc_case_state;

/** The highest state number (states are 1..SSVC_CASE_STATE_MAX). */
#define SSVC_CASE_STATE_MAX 11

/** The outcome of the diagnosis: the one outcome enum of the library. Stored in records; numbers
 *  never change. The diagnosis engine's ssvc_diag_kind (diagnosis.h, 0-based, without "none")
 *  names the same results and is kept only for that engine's own calls: convert with
 *  ssvc_case_outcome_from_diag(). */
typedef enum ssvc_case_outcome {
  SSVC_CASE_OUTCOME_NONE = 0,           /**< "none": not diagnosed (yet). */
  SSVC_CASE_OUTCOME_HANDLING_ERROR = 1, /**< "handling-error": solved on the phone. */
  SSVC_CASE_OUTCOME_WORKSHOP = 2,       /**< "workshop": a fault for the service workshop. */
  SSVC_CASE_OUTCOME_DEFINITE_FAULT = 3, /**< "definite-fault": swap/loan when entitled. */
  SSVC_CASE_OUTCOME_OUT_OF_SCOPE = 4    /**< "out-of-scope": the tier lacks the feature. */
} ssvc_case_outcome;

/** The highest outcome number. */
#define SSVC_CASE_OUTCOME_MAX 4

/** The case outcome for the diagnosis outcome kind @p kind (an ssvc_diag_kind):
 *  handling-error, workshop, definite-fault, out-of-scope keep their names. SSVC_CASE_OUTCOME_NONE
 *  for an unknown kind. The library's one mapping between the two enums. */
SSVC_API int ssvc_case_outcome_from_diag(int kind);
/** The diagnosis outcome kind (ssvc_diag_kind) for the case outcome @p outcome; -1 for
 *  SSVC_CASE_OUTCOME_NONE and unknown numbers. */
SSVC_API int ssvc_diag_kind_from_outcome(int outcome);

/** The stable name of a state ("swap-requested"); NULL for an unknown number. Static. */
SSVC_API const char *ssvc_case_state_name(int state);
/** The state named @p name. SSVC_EINVAL for NULL, SSVC_ENOTFOUND for an unknown name. */
SSVC_API int ssvc_case_state_from_name(ssvc_ctx *ctx, int *out, const char *name);
/** The stable name of an outcome ("handling-error"); NULL for an unknown number. Static. */
SSVC_API const char *ssvc_case_outcome_name(int outcome);
/** The outcome named @p name. SSVC_EINVAL for NULL, SSVC_ENOTFOUND for an unknown name. */
SSVC_API int ssvc_case_outcome_from_name(ssvc_ctx *ctx, int *out, const char *name);

/** Current version of struct ssvc_case_spec. */
#define SSVC_CASE_SPEC_VERSION 1

/**
 * What is known when a call is registered (ssvc_case_create()). Strings are UTF-8 and copied.
 * Required: customer_id, user_name, imei, model. Limits: customer_id 1-64 bytes; other texts up
 * to 256 bytes, symptom up to 4096. Dates: year 0 means unknown.
 */
typedef struct ssvc_case_spec {
  unsigned int version;    /**< SSVC_CASE_SPEC_VERSION. */
  const char *customer_id; /**< The customer organisation's id. */
  const char *user_name;   /**< The phone user's name (personal data). */
  const char *user_phone;  /**< The user's phone number (personal data); may be NULL. */
  const char *user_email;  /**< The user's e-mail address (personal data); may be NULL. */
  const char *imei;        /**< 15 digits with a valid Luhn check digit. */
  const char *model;       /**< Phone model, e.g. "Nokia 3310". */
  const char *serial;      /**< Serial number; may be NULL. */
  ssvc_date purchase_date; /**< When the phone was bought; year 0 when unknown. */
  ssvc_date warranty_end;  /**< Last day of the warranty; year 0 when unknown. */
  const char *tier_code;   /**< The customer's tier at registration, e.g. "PROF"; required. */
  unsigned int features;   /**< That tier's feature set (ssvc_tier_features()). */
  const char *symptom;     /**< What the user reports; may be NULL. */
  const char *actor;       /**< Who registers the case (agent id), for the event log; required. */
} ssvc_case_spec;

/** Static initializer: version set, everything else zero. */
#define SSVC_CASE_SPEC_INIT \
  {SSVC_CASE_SPEC_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, {0, 0, 0}, {0, 0, 0}, \
   NULL, 0u, NULL, NULL}

/** Zeroes @p spec and sets its version (SSVC_EINVAL for NULL, SSVC_EVERSION for a bad version). */
SSVC_API int ssvc_case_spec_init(ssvc_case_spec *spec, unsigned int version);

/**
 * Registers a new case in state "registered", dated ssvc_ctx_now(), with the next id of the year.
 *
 * @param[out] id_out  a buffer of SSVC_CASE_ID_SIZE bytes that receives the new id; left
 *                     untouched on failure.
 * @return SSVC_OK; SSVC_EINVAL for a missing or malformed field (the message names it, e.g.
 *         "ssvc_case_create: spec->imei: Luhn check digit is wrong (got '...')"); SSVC_EVERSION;
 *         SSVC_ECONFLICT when the id counter kept changing under concurrent writers;
 *         SSVC_EBUSY, SSVC_ESTORAGE, SSVC_ENOMEM.
 */
SSVC_API int ssvc_case_create(ssvc_store *store, char *id_out, const ssvc_case_spec *spec);

/** A loaded case: a snapshot of the record, owned by the caller. */
typedef struct ssvc_case ssvc_case;

/**
 * Loads a case. SSVC_ENOTFOUND for an unknown id; SSVC_EINVAL for a malformed id;
 * SSVC_ESTORAGE when the record cannot be decoded (the message names the case).
 */
SSVC_API int ssvc_case_load(ssvc_store *store, ssvc_case **out, const char *id);

/** Releases a loaded case. NULL is accepted. */
SSVC_API void ssvc_case_free(ssvc_case *c);

/** Current version of struct ssvc_case_info. */
#define SSVC_CASE_INFO_VERSION 1

/**
 * A case's fields, filled by ssvc_case_info(). String pointers are borrowed from the case and
 * valid until ssvc_case_free(); absent or erased texts are "" (never NULL).
 */
typedef struct ssvc_case_info {
  unsigned int version; /**< Set by the caller to SSVC_CASE_INFO_VERSION. */
  const char *id;          /**< "SC-2026-000123". */
  const char *customer_id; /**< The customer organisation. */
  const char *user_name;   /**< The phone user's name ("" after erasure). */
  const char *user_phone;  /**< The user's phone number ("" when none or erased). */
  const char *user_email;  /**< The user's e-mail address ("" when none or erased). */
  const char *imei;        /**< The device's IMEI ("" after erasure). */
  const char *model;       /**< The phone model. */
  const char *serial;      /**< The serial number ("" when none or erased). */
  ssvc_date purchase_date; /**< Year 0 when unknown. */
  ssvc_date warranty_end;  /**< Last day of the warranty; year 0 when unknown. */
  const char *tier_code;   /**< The tier at registration. */
  unsigned int features;   /**< The feature set of that tier (decides entitlement). */
  const char *symptom;     /**< What the user reported. */
  int outcome;             /**< ssvc_case_outcome. */
  const char *transcript;  /**< The diagnosis transcript (text form of the diagnosis module). */
  int state;               /**< ssvc_case_state. */
  int64_t registered_at;   /**< Instant of registration. */
  int64_t updated_at;      /**< Instant of the last change. */
  int erased;              /**< 1 after ssvc_case_erase_user() removed the personal data. */
  size_t event_count;      /**< Entries of the event log (ssvc_case_event_at()). */
  size_t shipment_count;   /**< Shipments (ssvc_case_shipment_at()). */
  size_t charge_count;     /**< Charge lines (ssvc_case_charge_at()). */
} ssvc_case_info;

/** Fills @p info (whose version the caller sets). SSVC_EINVAL for NULL; SSVC_EVERSION. */
SSVC_API int ssvc_case_info_get(const ssvc_case *c, ssvc_case_info *info);

/** Kinds of event in a case's log. */
typedef enum ssvc_case_event_kind {
  SSVC_CASE_EVENT_CREATED = 1,    /**< The case was registered. */
  SSVC_CASE_EVENT_STATE = 2,      /**< The state changed (from_state -> to_state). */
  SSVC_CASE_EVENT_NOTE = 3,       /**< A note was added. */
  SSVC_CASE_EVENT_DIAGNOSIS = 4,  /**< The diagnosis outcome and transcript were recorded. */
  SSVC_CASE_EVENT_SHIPMENT = 5,   /**< A shipment was added. */
  SSVC_CASE_EVENT_CHARGE = 6,     /**< A charge was added. */
  SSVC_CASE_EVENT_ERASED = 7      /**< The user's personal data was erased. */
} ssvc_case_event_kind;

/** The stable name of an event kind ("created", "state", "note", "diagnosis", "shipment",
 *  "charge", "erased"); NULL when unknown. Static. */
SSVC_API const char *ssvc_case_event_kind_name(int kind);
/** The event kind named @p name (as ssvc_case_event_kind_name() gives it), in @p out. SSVC_EINVAL
 *  for a NULL @p out or @p name, SSVC_ENOTFOUND ("unknown event kind '...'") for another name.
 *  @p ctx may be NULL. */
SSVC_API int ssvc_case_event_kind_from_name(ssvc_ctx *ctx, int *out, const char *name);

/** Current version of struct ssvc_case_event. */
#define SSVC_CASE_EVENT_VERSION 1

/** One entry of the event log, filled by ssvc_case_event_at(). Strings borrowed from the case. */
typedef struct ssvc_case_event {
  unsigned int version; /**< Set by the caller to SSVC_CASE_EVENT_VERSION. */
  int64_t at;         /**< Instant. */
  const char *actor;  /**< Who did it. */
  int kind;           /**< ssvc_case_event_kind. */
  int from_state;     /**< For SSVC_CASE_EVENT_STATE, else 0. */
  int to_state;       /**< For SSVC_CASE_EVENT_STATE, else 0. */
  const char *note;   /**< Free text ("" when none; "" after erasure). */
} ssvc_case_event;

/** Static initializer: version set, everything else zero. */
#define SSVC_CASE_EVENT_INIT {SSVC_CASE_EVENT_VERSION, 0, NULL, 0, 0, 0, NULL}

/** Shipment kinds (rule R3/R4). */
typedef enum ssvc_shipment_kind {
  SSVC_SHIPMENT_REPLACEMENT = 1, /**< A swap or loan phone to the user. */
  SSVC_SHIPMENT_FAULTY = 2,      /**< The faulty phone from the user to the Support Center. */
  SSVC_SHIPMENT_WORKSHOP = 3,    /**< To or from the workshop. */
  SSVC_SHIPMENT_RETURN = 4       /**< The repaired phone back to the user or the stock. */
} ssvc_shipment_kind;

/** The stable name of a shipment kind ("replacement", "faulty", "workshop", "return"); NULL when
 *  unknown. Static. */
SSVC_API const char *ssvc_shipment_kind_name(int kind);
/** The shipment kind named @p name (as ssvc_shipment_kind_name() gives it), in @p out. SSVC_EINVAL
 *  for a NULL @p out or @p name, SSVC_ENOTFOUND ("unknown shipment kind '...'") for another name.
 *  @p ctx may be NULL. */
SSVC_API int ssvc_shipment_kind_from_name(ssvc_ctx *ctx, int *out, const char *name);

/** Current version of struct ssvc_shipment. */
#define SSVC_SHIPMENT_VERSION 1

/** A shipment of a case. Strings borrowed (from the caller on input, from the case on output). */
typedef struct ssvc_shipment {
  unsigned int version;  /**< SSVC_SHIPMENT_VERSION (set by the caller, on input and output). */
  int kind;              /**< ssvc_shipment_kind. */
  int64_t at;            /**< Instant sent (0: now, on input). */
  const char *carrier;   /**< May be NULL/"". */
  const char *tracking;  /**< May be NULL/"". */
  int64_t freight_minor; /**< Freight and packaging cost, minor units, >= 0 (R8). */
} ssvc_shipment;

/** Static initializer: version set, everything else zero. */
#define SSVC_SHIPMENT_INIT {SSVC_SHIPMENT_VERSION, 0, 0, NULL, NULL, 0}

/** Zeroes @p shipment and sets its version (SSVC_EINVAL for NULL, SSVC_EVERSION). */
SSVC_API int ssvc_shipment_init(ssvc_shipment *shipment, unsigned int version);

/** Current version of struct ssvc_case_charge. */
#define SSVC_CASE_CHARGE_VERSION 1

/** A charge line of a case (the charges module builds invoices from these). */
typedef struct ssvc_case_charge {
  unsigned int version;  /**< SSVC_CASE_CHARGE_VERSION (set by the caller, on input and output). */
  int kind;              /**< Defined by the charges module; >= 1. */
  int64_t amount_minor;  /**< Minor units; may be negative (a credit). */
  const char *currency;  /**< ISO 4217; NULL/"" for "SEK". */
  const char *text;      /**< Description; may be NULL/"". */
} ssvc_case_charge;

/** Static initializer: version set, everything else zero. */
#define SSVC_CASE_CHARGE_INIT {SSVC_CASE_CHARGE_VERSION, 0, 0, NULL, NULL}

/** Zeroes @p charge and sets its version (SSVC_EINVAL for NULL, SSVC_EVERSION). */
SSVC_API int ssvc_case_charge_init(ssvc_case_charge *charge, unsigned int version);

/** Event @p index (0 = oldest) of @p c into @p out (whose version the caller sets).
 * SSVC_EINVAL for NULL, SSVC_EVERSION, SSVC_ERANGE for a bad index. */
SSVC_API int ssvc_case_event_at(const ssvc_case *c, size_t index, ssvc_case_event *out);
/** Shipment @p index of @p c (out->version set by the caller). SSVC_EINVAL, SSVC_EVERSION,
 * SSVC_ERANGE. */
SSVC_API int ssvc_case_shipment_at(const ssvc_case *c, size_t index, ssvc_shipment *out);
/** Charge @p index of @p c (out->version set by the caller). SSVC_EINVAL, SSVC_EVERSION,
 * SSVC_ERANGE. */
SSVC_API int ssvc_case_charge_at(const ssvc_case *c, size_t index, ssvc_case_charge *out);

/**
 * Moves case @p id to state @p to and logs it, with an optional @p note.
 * @return SSVC_OK; SSVC_ESTATE when the state machine does not allow it, naming the current and
 *         attempted state ("ssvc_case_transition: SC-2026-000001: cannot go from closed to
 *         shipped"); SSVC_ENOTENTITLED for swap-requested without SWAP activation;
 *         SSVC_ENOTFOUND; SSVC_EINVAL; SSVC_ECONFLICT when the case changed concurrently;
 *         storage errors. Nothing changes on failure.
 */
SSVC_API int ssvc_case_transition(ssvc_store *store, const char *id, int to, const char *actor,
                                  const char *note);

/** Records the diagnosis: @p outcome (ssvc_case_outcome) and @p transcript (may be NULL, up to
 * 64 KiB of UTF-8). Allowed while the case is open. Errors as ssvc_case_transition(). */
SSVC_API int ssvc_case_set_diagnosis(ssvc_store *store, const char *id, int outcome,
                                     const char *transcript, const char *actor);

/** Appends a note (1-4096 bytes of UTF-8) to the event log. Allowed in every state. */
SSVC_API int ssvc_case_add_note(ssvc_store *store, const char *id, const char *actor,
                                const char *note);

/** Adds a shipment to an open case. */
SSVC_API int ssvc_case_add_shipment(ssvc_store *store, const char *id, const char *actor,
                                    const ssvc_shipment *shipment);

/** Adds a charge line to a case (any state: charges may follow closing). */
SSVC_API int ssvc_case_add_charge(ssvc_store *store, const char *id, const char *actor,
                                  const ssvc_case_charge *charge);

/**
 * Right to erasure by contact, kept for existing callers: ssvc_erase_user() (smartservice/erase.h,
 * doc/erasure.md) with @p contact as the key's phone and e-mail, so the user of every case of
 * @p customer_id whose phone or e-mail equals @p contact is erased everywhere (case fields,
 * symptom, transcript, notes, the IMEI in the SWAP order, the values in texts, unit histories and
 * stored invoices), with an "erased" event on each case. State, outcome, model, dates, tier,
 * shipments and charge amounts stay, so statistics are unchanged. One transaction. Unlike
 * ssvc_erase_user(), a customer with neither agreement nor case is 0 cases, not an error.
 * @param[out] count  number of cases erased (may be NULL); 0 is not an error.
 * @return SSVC_OK; SSVC_EINVAL naming @p customer_id, @p contact or @p actor; SSVC_ENOMEM;
 *         SSVC_ECONFLICT; storage errors. Nothing changes on failure.
 */
SSVC_API int ssvc_case_erase_user(ssvc_store *store, size_t *count, const char *customer_id,
                                  const char *contact, const char *actor);

/**
 * Called for every case id of a listing, in order; @p id is borrowed for the call. Return 0 to go
 * on, nonzero to stop (the listing then returns SSVC_OK). The callback may load cases but must not
 * change the store or start another listing: collect the ids first, then change the cases.
 */
typedef int (*ssvc_case_list_fn)(void *user_data, const char *id);

/** Every case, by id (year, then number). */
SSVC_API int ssvc_case_list_all(ssvc_store *store, ssvc_case_list_fn fn, void *user_data);
/** The cases of @p customer_id registered in [@p from, @p to) (Unix seconds), by registration
 * instant. Pass INT64_MIN/INT64_MAX for no bound. */
SSVC_API int ssvc_case_list_customer(ssvc_store *store, const char *customer_id, int64_t from,
                                     int64_t to, ssvc_case_list_fn fn, void *user_data);
/** The cases in state @p state, by id. */
SSVC_API int ssvc_case_list_state(ssvc_store *store, int state, ssvc_case_list_fn fn,
                                  void *user_data);
/** The open cases (state below closed), by state and then id. */
SSVC_API int ssvc_case_list_open(ssvc_store *store, ssvc_case_list_fn fn, void *user_data);

/** Current version of struct ssvc_case_stats. */
#define SSVC_CASE_STATS_VERSION 1

/**
 * Case counts, filled by ssvc_case_stats_get() (the caller sets the version). The arrays have room
 * for states and outcomes added in later versions of the library.
 */
typedef struct ssvc_case_stats {
  unsigned int version;  /**< Set by the caller to SSVC_CASE_STATS_VERSION. */
  size_t total;          /**< Every case. */
  size_t by_state[32];   /**< Index: ssvc_case_state (0 unused). */
  size_t by_outcome[16]; /**< Index: ssvc_case_outcome. */
  size_t erased;         /**< Cases whose personal data was erased. */
} ssvc_case_stats;

/** Static initializer: version set, every count zero. */
#define SSVC_CASE_STATS_INIT {SSVC_CASE_STATS_VERSION, 0, {0}, {0}, 0}

/** Counts the cases of @p customer_id (NULL: of everyone) by state and outcome into @p out.
 * SSVC_EINVAL for NULL @p out, SSVC_EVERSION; storage errors. */
SSVC_API int ssvc_case_stats_get(ssvc_store *store, const char *customer_id,
                                 ssvc_case_stats *out);

SSVC_END_DECLS

#endif /* SMARTSERVICE_CASE_H */
