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

#include "diagnosis.h"
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
 * - diagnosing -> resolved, referred, swap-requested, closed (out of scope), cancelled
 * - resolved -> closed
 * - referred -> swap-requested, faulty-returned, in-repair, closed, cancelled
 * - swap-requested -> shipped, cancelled
 * - shipped -> faulty-returned
 * - faulty-returned -> in-repair, closed
 * - in-repair -> repaired
 * - repaired -> closed
 * - closed, cancelled: final.
 * The swap segment (swap-requested, shipped, and every later state of a case that was
 * swap-requested) belongs to the SWAP pool: only its operations (smartservice/swap.h:
 * ssvc_swap_reserve(), ssvc_swap_ship(), ssvc_swap_faulty_returned(), ...) move such a case, so
 * that the case and its order never disagree and every shipment is charged.
 * ssvc_case_transition() refuses them with SSVC_ESTATE naming the pool operation to use.
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

/** Current version of struct ssvc_case_spec: 2 appended @c flags and @c at. A caller built
 *  against version 1 passes version 1 and a struct that ends before them; the library then reads
 *  only the version-1 fields and takes 0 for the others. */
#define SSVC_CASE_SPEC_VERSION 2

/** ssvc_case_spec.flags: register the case although the same IMEI of the same customer has an
 *  open case. Without it that is refused (SSVC_EEXISTS); with it the "created" event's note
 *  names the other open case, so the log shows that the duplicate was deliberate. */
#define SSVC_CASE_SECOND_OPEN 0x1u

/**
 * What is known when a call is registered (ssvc_case_create()). Strings are UTF-8 and copied.
 * Required: customer_id (a customer with an agreement), user_name, imei, model, actor. Limits:
 * customer_id 1-64 bytes; other texts up to 256 bytes, symptom up to 4096. Dates: year 0 means
 * unknown. The tier and its features come from the customer's agreement (doc/workflow.md).
 */
typedef struct ssvc_case_spec {
  unsigned int version;    /**< SSVC_CASE_SPEC_VERSION. */
  const char *customer_id; /**< The customer organisation; its agreement must exist. */
  const char *user_name;   /**< The phone user's name (personal data). */
  const char *user_phone;  /**< The user's phone number (personal data); may be NULL. */
  const char *user_email;  /**< The user's e-mail address (personal data); may be NULL. */
  const char *imei;        /**< 15 digits with a valid Luhn check digit. */
  const char *model;       /**< Phone model, e.g. "Nokia 3310". */
  const char *serial;      /**< Serial number; may be NULL. */
  /** When the phone was bought; year 0 when unknown. Not after the Stockholm date of the
   *  registration (ssvc_case_create() refuses a purchase in the future). */
  ssvc_date purchase_date;
  /** Last day of the warranty; year 0 when unknown. Not before a known purchase date. */
  ssvc_date warranty_end;
  /** NULL or "": the agreement's tier (a custom tier included). Given, it must name the
   *  agreement's tier (any case), or the case is refused naming both. */
  const char *tier_code;
  /** 0: the agreement's tier's features. Given, they must equal them (SSVC_EINVAL otherwise). */
  unsigned int features;
  const char *symptom;     /**< What the user reports; may be NULL. */
  const char *actor;       /**< Who registers the case (agent id), for the event log; required. */
  /* Version 2. */
  unsigned int flags;      /**< 0 or SSVC_CASE_SECOND_OPEN. */
  /** The instant of the call (Unix seconds), for back-filling calls from a helpdesk's own ticket
   *  times; 0: the context's clock. It dates the case, its id's year and the delivery promise. */
  int64_t at;
} ssvc_case_spec;

/** Static initializer: version set, everything else zero. */
#define SSVC_CASE_SPEC_INIT \
  {SSVC_CASE_SPEC_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, {0, 0, 0}, {0, 0, 0}, \
   NULL, 0u, NULL, NULL, 0u, 0}

/** Zeroes @p spec and sets its version (SSVC_EINVAL for NULL, SSVC_EVERSION for a bad version).
 *  With version 1 only the fields of version 1 are written. */
SSVC_API int ssvc_case_spec_init(ssvc_case_spec *spec, unsigned int version);

/**
 * Registers a new case in state "registered", dated spec->at (or ssvc_ctx_now()), with the next
 * id of the year. The customer's agreement is the root of the case: the case takes its tier and
 * features from it, and the delivery promise (rule R7: the next working day after the day the
 * registration counts on, by the agreement's cut-off and closed days) is fixed on the case now
 * and stays its measure (ssvc_case_info.promised_delivery).
 *
 * @param[out] id_out  a buffer of SSVC_CASE_ID_SIZE bytes that receives the new id; left
 *                     untouched on failure.
 *
 * When the agreement keeps a roster (smartservice/roster.h) the caller is looked up on it first:
 * the user's name and the model may then be left out, the roster filling them (and the phone,
 * e-mail and dates left out); see ssvc_case_roster_coverage().
 * @return SSVC_OK; SSVC_ENOTENTITLED when the caller is not on the roster and the agreement's
 *         roster policy is refuse (naming the caller); SSVC_EINVAL for a missing or malformed
 *         field (the message names it, e.g.
 *         "ssvc_case_create: spec->imei: Luhn check digit is wrong (got '...')"), or a tier or
 *         features that contradict the agreement (naming both), or implausible phone dates: a
 *         purchase after the registration's Stockholm date or a warranty ending before the
 *         purchase ("spec->purchase_date: 9999-01-01 is after the registration on 2026-03-02 (a
 *         purchase cannot be in the future)"); SSVC_ENOTFOUND when the customer
 *         has no agreement ("spec->customer_id: no agreement for 'BYG'"); SSVC_EEXISTS when the
 *         IMEI has an open case of the customer and spec->flags lacks SSVC_CASE_SECOND_OPEN
 *         (naming that case); SSVC_EVERSION; SSVC_ERANGE for an instant outside the calendar's
 *         years; SSVC_ECONFLICT when the id counter kept changing under concurrent writers;
 *         SSVC_EBUSY, SSVC_ESTORAGE, SSVC_ENOMEM. Nothing is stored on failure.
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

/** Current version of struct ssvc_case_info: 2 appended @c promised_delivery. A caller that sets
 *  version 1 gets the version-1 fields only. */
#define SSVC_CASE_INFO_VERSION 2

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
  /* Version 2. */
  /** The delivery date promised at registration (rule R7 on the agreement's calendar); a
   *  replacement delivered later missed it. Year 0 for a case stored before the promise was
   *  kept (the report then takes the registration instant on the agreement's calendar). */
  ssvc_date promised_delivery;
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
  SSVC_CASE_EVENT_ERASED = 7,     /**< The user's personal data was erased. */
  SSVC_CASE_EVENT_ESTIMATE = 8,   /**< A cost estimate was recorded (ssvc_case_estimate()). */
  SSVC_CASE_EVENT_ESTIMATE_ANSWER = 9 /**< The customer answered the cost estimate. */
} ssvc_case_event_kind;

/** The highest event kind number. */
#define SSVC_CASE_EVENT_KIND_MAX 9

/** The stable name of an event kind ("created", "state", "note", "diagnosis", "shipment",
 *  "charge", "erased", "estimate", "estimate-answer"); NULL when unknown. Static. */
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
 *         attempted state and the states that may follow ("ssvc_case_transition: SC-2026-000001:
 *         cannot go from closed to diagnosing"), or when the move belongs to the SWAP pool (see
 *         ssvc_case_state: into or out of swap-requested and shipped, or any move of a case that
 *         was swap-requested), naming the pool operation, or for in-repair and swap-requested
 *         while the case's cost estimate waits for the customer's answer (ssvc_case_estimate());
 *         SSVC_ENOTENTITLED for swap-requested without SWAP activation;
 *         SSVC_ENOTFOUND; SSVC_EINVAL; SSVC_ECONFLICT when the case changed concurrently;
 *         storage errors. Nothing changes on failure.
 */
SSVC_API int ssvc_case_transition(ssvc_store *store, const char *id, int to, const char *actor,
                                  const char *note);

/** Records a diagnosis made elsewhere: @p outcome (ssvc_case_outcome) and @p transcript (may be
 * NULL, up to 64 KiB of UTF-8), unchecked. Allowed only while the case is diagnosing (SSVC_ESTATE
 * "...: the case is registered; a diagnosis is recorded while it is diagnosing" otherwise).
 * Prefer ssvc_case_diagnose(), which checks the transcript against its tree. Errors as
 * ssvc_case_transition(). */
SSVC_API int ssvc_case_set_diagnosis(ssvc_store *store, const char *id, int outcome,
                                     const char *transcript, const char *actor);

/** Appends a note (1-4096 bytes of UTF-8) to the event log. Allowed in every state. */
SSVC_API int ssvc_case_add_note(ssvc_store *store, const char *id, const char *actor,
                                const char *note);

/**
 * Adds a shipment (faulty phone, workshop, return) to an open case and charges it: a freight and a
 * packaging charge line at the prices of the shipment's Stockholm day (the customer's stored
 * override, the agreement's own price, the stored list price or the default: smartservice/prices.h,
 * doc/charges.md "Stored prices"), whatever path shipped the phone (rule R8), so that the month's
 * invoice carries them.
 * @param shipment  kind SSVC_SHIPMENT_REPLACEMENT is refused: a replacement phone leaves the SWAP
 *                  pool through ssvc_swap_ship(). freight_minor: 0 for that freight plus
 *                  packaging, or exactly that sum (anything else is refused, naming it).
 *                  at: 0 for now, or the instant the phone was sent.
 * @return SSVC_OK; SSVC_EINVAL naming the field; SSVC_ESTATE for a closed case; SSVC_ENOTFOUND
 *         (no case, or its customer has no agreement); storage errors. Nothing changes on failure.
 */
SSVC_API int ssvc_case_add_shipment(ssvc_store *store, const char *id, const char *actor,
                                    const ssvc_shipment *shipment);

/** Adds a charge line to a case (any state: charges may follow closing). A charge billed
 *  directly to the customer (ssvc_charge_kind_is_direct(): repair, cost estimate) on a case in
 *  warranty (ssvc_case_warranty()) is refused with SSVC_ESTATE ("in warranty until 2027-02-28:
 *  no repair charge"): a repair in warranty is not billed to the customer. */
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

/** @name Warranty and cost estimates (kostnadsförslag)
 * Whether a repair is in warranty, and the workshop's cost estimate that the customer accepts or
 * declines before a repair outside warranty (doc/charges.md "Warranty and cost estimates").
 * @{ */

/** The warranty status of a case's repair. Numbers never change. */
typedef enum ssvc_warranty {
  SSVC_WARRANTY_UNKNOWN = 0, /**< "unknown": no warranty end was recorded; treated as out. */
  SSVC_WARRANTY_IN = 1,      /**< "in": registered on or before the last day of the warranty. */
  SSVC_WARRANTY_OUT = 2      /**< "out": registered after the last day of the warranty. */
} ssvc_warranty;

/** The stable name of a warranty status ("unknown", "in", "out"); NULL when unknown. Static. */
SSVC_API const char *ssvc_warranty_name(int warranty);
/** The warranty status named @p name, in @p out. SSVC_EINVAL for a NULL @p out or @p name,
 *  SSVC_ENOTFOUND ("unknown warranty status '...'") for another name. @p ctx may be NULL. */
SSVC_API int ssvc_warranty_from_name(ssvc_ctx *ctx, int *out, const char *name);

/**
 * Whether the repair of case @p c is in warranty: in when the Stockholm date of its registration
 * instant is on or before its warranty end (ssvc_case_info.warranty_end), out when it is after,
 * unknown when no warranty end was recorded. The library treats unknown as out of warranty: a
 * repair is billed unless the phone is known to be in warranty.
 * @param[out] out  an ::ssvc_warranty; untouched on failure.
 * @return SSVC_OK; SSVC_EINVAL for NULL; SSVC_ERANGE when the registration instant is outside
 *         the Stockholm calendar's years (1900-2199).
 */
SSVC_API int ssvc_case_warranty(const ssvc_case *c, int *out);

/** The customer's answer to a cost estimate. Stored in records; numbers never change. */
typedef enum ssvc_estimate_answer {
  SSVC_ESTIMATE_PENDING = 0,  /**< "pending": not answered yet; the repair waits. */
  SSVC_ESTIMATE_ACCEPTED = 1, /**< "accepted": repair, billed directly to the customer. */
  SSVC_ESTIMATE_DECLINED = 2  /**< "declined": the phone goes back unrepaired. */
} ssvc_estimate_answer;

/** The stable name of an estimate answer ("pending", "accepted", "declined"); NULL when
 *  unknown. Static. */
SSVC_API const char *ssvc_estimate_answer_name(int answer);
/** The estimate answer named @p name, in @p out. SSVC_EINVAL for a NULL @p out or @p name,
 *  SSVC_ENOTFOUND ("unknown estimate answer '...'") for another name. @p ctx may be NULL. */
SSVC_API int ssvc_estimate_answer_from_name(ssvc_ctx *ctx, int *out, const char *name);

/**
 * Records the workshop's cost estimate for the repair of case @p case_id, at the instant of the
 * context's clock, and logs an "estimate" event. The case must be referred or faulty-returned
 * (the phone is at the Support Center or the workshop, not yet in repair) and out of warranty
 * (ssvc_case_warranty(): out or unknown), and have no estimate yet (one estimate per case).
 * Until the customer answers (ssvc_case_estimate_answer()) the case cannot go to in-repair or
 * swap-requested: ssvc_case_transition(), and so the SWAP pool's steps that go through it
 * (ssvc_swap_reserve()), refuse with SSVC_ESTATE naming the estimate.
 * @param amount_minor          the repair's price in öre (SEK), 0..10^12.
 * @param inspection_fee_minor  what a decline costs the customer (the inspection fee,
 *                              undersökningsavgift), in öre, 0..10^12; 0 for none. Stated with the
 *                              estimate, so the customer knows it before answering.
 * @param text                  what the repair is, 0-1024 bytes of UTF-8; may be NULL.
 * @param actor                 who records it, 1-256 bytes of UTF-8.
 * @return SSVC_OK; SSVC_EINVAL naming the argument and the value ("ssvc_case_estimate:
 *         amount_minor: must not be negative (got -100)"); SSVC_ESTATE naming the case when it is
 *         in another state, in warranty ("in warranty until 2027-02-28") or has an estimate
 *         already; SSVC_ENOTFOUND; SSVC_ECONFLICT; storage errors; SSVC_ENOMEM. Nothing changes
 *         on failure.
 */
SSVC_API int ssvc_case_estimate(ssvc_store *store, const char *case_id, int64_t amount_minor,
                                int64_t inspection_fee_minor, const char *text,
                                const char *actor);

/**
 * Records the customer's answer to the cost estimate of case @p case_id, with who answered and
 * the instant of the context's clock, and logs an "estimate-answer" event. Accepted: a repair
 * charge (SSVC_CHARGE_REPAIR, the estimate's amount and text; none for an amount of 0) is added
 * to the case, which the invoice run puts on the direct invoice; the repair may go ahead.
 * Declined: the inspection fee, when the estimate has one, is added as a charge of kind
 * SSVC_CHARGE_COST_ESTIMATE ("inspection fee, cost estimate declined"; direct invoice too), and
 * the case is closed: the phone goes back
 * unrepaired. All of it is one transaction.
 * @param accepted      1 accepted, 0 declined.
 * @param who_answered  the customer's person who answered, 1-256 bytes of UTF-8.
 * @param actor         who records the answer, 1-256 bytes of UTF-8.
 * @return SSVC_OK; SSVC_EINVAL naming the argument; SSVC_ESTATE naming the case when it has no
 *         estimate, when the estimate was answered already (the message gives the earlier
 *         answer, who and when), or when the case has left referred and faulty-returned
 *         unanswered (closed or cancelled: there is no repair left to agree to); SSVC_ENOTFOUND; SSVC_ECONFLICT; storage errors; SSVC_ENOMEM.
 *         Nothing changes on failure.
 */
SSVC_API int ssvc_case_estimate_answer(ssvc_store *store, const char *case_id, int accepted,
                                       const char *who_answered, const char *actor);

/** Current version of struct ssvc_case_estimate_info. */
#define SSVC_CASE_ESTIMATE_INFO_VERSION 1

/** The cost estimate of a case, filled by ssvc_case_estimate_get(). Strings are borrowed from
 *  the case and valid until ssvc_case_free(); absent texts are "" (never NULL). */
typedef struct ssvc_case_estimate_info {
  unsigned int version;         /**< Set by the caller to SSVC_CASE_ESTIMATE_INFO_VERSION. */
  int64_t amount_minor;         /**< The repair's price, minor units. */
  int64_t inspection_fee_minor; /**< Charged when declined; 0 for none. */
  const char *currency;         /**< "SEK". */
  const char *text;             /**< What the repair is ("" when none). */
  const char *actor;            /**< Who recorded the estimate. */
  int64_t at;                   /**< When it was recorded. */
  int answer;                   /**< ::ssvc_estimate_answer. */
  const char *answered_by;      /**< The customer's person who answered ("" while pending). */
  const char *answer_actor;     /**< Who recorded the answer ("" while pending). */
  int64_t answered_at;          /**< When it was answered (0 while pending). */
} ssvc_case_estimate_info;

/** Static initializer: version set, everything else zero. */
#define SSVC_CASE_ESTIMATE_INFO_INIT \
  {SSVC_CASE_ESTIMATE_INFO_VERSION, 0, 0, NULL, NULL, NULL, 0, 0, NULL, NULL, 0}

/** The cost estimate of @p c into @p out (whose version the caller sets). SSVC_OK;
 *  SSVC_ENOTFOUND when the case has none ("SC-2026-000001: the case has no cost estimate");
 *  SSVC_EINVAL for NULL; SSVC_EVERSION. */
SSVC_API int ssvc_case_estimate_get(const ssvc_case *c, ssvc_case_estimate_info *out);

/** @} */

/** @name The diagnosis of a case and what its outcome does
 * The diagnosis belongs to the case: ssvc_case_diagnose() checks a finished session's transcript
 * against the tree that asked it, on the case's own tier, and records it; the outcome is then
 * applied as the agreement says (doc/diagnosis.md, "A case's diagnosis"):
 * - handling-error: solved on the phone, the case goes to resolved and then closed;
 * - workshop: referred to the service workshop, with the registration help (the R3 reminders);
 * - definite-fault: on a tier with SWAP activation a swap or loan order in the pool
 *   (ssvc_swap_reserve(): reserved, or backordered when the stock has no phone of the model); on
 *   a tier without it, referred to the workshop with the reminders;
 * - out-of-scope: closed, the missing feature named in the event's note.
 * @{ */

struct ssvc_order;

/** Flag of ssvc_case_diagnose(): apply the outcome in the same transaction. */
#define SSVC_CASE_DIAGNOSE_APPLY 1u

/** Size of the buffers of ssvc_case_diag_result for an outcome id ("out-of-scope:swap-admin",
 *  or an id of the tree: up to 64 bytes) and a tree fingerprint, with their NUL. */
#define SSVC_CASE_OUTCOME_ID_SIZE 80

/** Current version of struct ssvc_case_diag_result. */
#define SSVC_CASE_DIAG_RESULT_VERSION 1

/** What ssvc_case_diagnose() and ssvc_case_apply_outcome() did. Self-contained: strings are
 *  arrays. The caller sets the version; the rest is filled on success (left untouched on
 *  failure). */
typedef struct ssvc_case_diag_result {
  unsigned int version; /**< SSVC_CASE_DIAG_RESULT_VERSION, set by the caller. */
  int outcome;          /**< The recorded ssvc_case_outcome. */
  /** The outcome node's id ("sc-cracked"), or "out-of-scope:FEATURE"; "" when not known (an
   *  outcome applied without the tree that asked it). */
  char outcome_id[SSVC_CASE_OUTCOME_ID_SIZE];
  /** The fingerprint of the tree that asked (ssvc_diag_tree_fingerprint()); "" when none. */
  char tree[SSVC_CASE_OUTCOME_ID_SIZE];
  int applied;  /**< 1 when the outcome was applied, 0 when it was only recorded. */
  int action;   /**< ssvc_diag_action taken (SSVC_DIAG_ACTION_NONE when only recorded or out of
                 *   scope). */
  int state;    /**< The case's state after the call (ssvc_case_state). */
  /** The order's ssvc_order_state (swap.h) when a swap or loan was ordered: reserved or
   *  backordered; 0 when none. */
  int order_state;
  /** The ssvc_diag_reminder bits the user must be told when the phone goes to the workshop or a
   *  replacement is sent (texts: ssvc_diag_reminder_text()): the outcome's own, or every R3
   *  reminder when the outcome was applied without its tree; 0 otherwise. */
  unsigned int reminders;
  /** Out of scope: the feature (SSVC_FEATURE_*) the tier lacks; 0 otherwise or when unknown. */
  unsigned int missing_feature;
} ssvc_case_diag_result;

/** Static initializer: version set, everything else zero. */
#define SSVC_CASE_DIAG_RESULT_INIT {SSVC_CASE_DIAG_RESULT_VERSION, 0, {0}, {0}, 0, 0, 0, 0, 0u, 0u}

/** Zeroes @p result and sets its version (SSVC_EINVAL for NULL, SSVC_EVERSION). */
SSVC_API int ssvc_case_diag_result_init(ssvc_case_diag_result *result, unsigned int version);

/**
 * Records the finished diagnosis session @p transcript on case @p case_id, after checking it
 * against @p tree on the case's tier (its code and features as registered): the symptom must be
 * one of the tree's, each step QUESTION=ANSWER must be the question the tree asks at that point
 * and one of its answers, and the last step must reach an outcome (a question whose feature the
 * tier lacks ends it out of scope, as in a session). The case keeps the outcome, the transcript
 * (in the form ssvc_diag_session_transcript() writes) and, in the "diagnosis" event's note, the
 * outcome id and the tree's fingerprint ("definite-fault sc-cracked; tree 1f0c...").
 * With @p flags SSVC_CASE_DIAGNOSE_APPLY the outcome is applied as by ssvc_case_apply_outcome()
 * in the same transaction.
 *
 * @param[out] out        what was done (may be NULL; out->version set by the caller).
 * @param[out] order_out  the swap or loan order when one was placed (may be NULL; its version
 *                        set by the caller); untouched when none.
 * @param tree            the tree that asked the questions; read during the call only.
 * @param transcript      "SYMPTOM:QUESTION=ANSWER,..." (doc/diagnosis.md).
 * @param flags           0 or SSVC_CASE_DIAGNOSE_APPLY.
 * @return SSVC_OK; SSVC_EINVAL for a NULL or malformed argument, an unknown flag, a guidance
 *         tree (guidance.h; ssvc_case_guide() records guidance), or a transcript
 *         that the tree cannot have produced, naming the step ("ssvc_case_diagnose: SC-2026-000001:
 *         transcript: step 3: 'purple' is not an answer to 'sc-cracked'") or saying that it ends
 *         before an outcome; SSVC_ESTATE when the case is not diagnosing (the message names its
 *         state); SSVC_ENOTFOUND for an unknown case; with SSVC_CASE_DIAGNOSE_APPLY the errors of
 *         ssvc_case_apply_outcome(); SSVC_EVERSION; SSVC_ECONFLICT; SSVC_ENOMEM; storage errors.
 *         Nothing changes on failure.
 */
SSVC_API int ssvc_case_diagnose(ssvc_store *store, ssvc_case_diag_result *out,
                                struct ssvc_order *order_out, const char *case_id,
                                const ssvc_diag_tree *tree, const char *transcript,
                                const char *actor, unsigned int flags);

/**
 * Applies the recorded outcome of case @p case_id, which must be diagnosing, in one transaction:
 * handling-error -> resolved, closed; workshop -> referred; definite-fault -> a swap or loan
 * order (ssvc_swap_reserve(): the case goes to swap-requested, the order is reserved or
 * backordered) when the case's tier has SWAP activation, otherwise referred; out-of-scope ->
 * closed. Each state change is logged with a note saying why (the reminders given, the missing
 * feature).
 * @param tree  the tree that asked (may be NULL): when given, the case's transcript is replayed
 *              on it for the outcome's id, reminders and missing feature; without it a referral
 *              gives every R3 reminder and the missing feature is not known.
 * @param[out] out, order_out  as ssvc_case_diagnose().
 * @return SSVC_OK; SSVC_ESTATE when the case is not diagnosing or has no outcome recorded;
 *         SSVC_EINVAL (NULL argument, a transcript that does not fit @p tree or gives another
 *         outcome than the recorded one); SSVC_ENOTFOUND (unknown case; for a swap, a customer
 *         without an agreement); SSVC_ENOTENTITLED (the agreement's tier lacks SWAP activation);
 *         SSVC_EVERSION; SSVC_ECONFLICT; SSVC_ENOMEM; storage errors. Nothing changes on failure.
 */
SSVC_API int ssvc_case_apply_outcome(ssvc_store *store, ssvc_case_diag_result *out,
                                     struct ssvc_order *order_out, const char *case_id,
                                     const ssvc_diag_tree *tree, const char *actor);
/** @} */

SSVC_END_DECLS

#endif /* SMARTSERVICE_CASE_H */
