/**
 * @file smartservice/agreement.h
 * @brief One customer's agreement: tier, fleet, loan or swap, routing of repaired phones, SWAP
 *        sizing, calendar and price overrides (rules R1, R4-R8).
 *
 * Agreements live in a store (smartservice/storage.h), one per customer id. Every change is one
 * transaction and appends an event (instant, actor, what changed) to the agreement's log.
 * Updates use compare-and-set: pass the stored version of the agreement you loaded, and a
 * concurrent change makes the update fail with SSVC_ECONFLICT instead of being lost.
 * Decisions and the record layout are in doc/agreement.md.
 */
#ifndef SMARTSERVICE_AGREEMENT_H
#define SMARTSERVICE_AGREEMENT_H

#include "calendar.h"
#include "invoice.h"
#include "money.h"
#include "storage.h"
#include "tier.h"

SSVC_BEGIN_DECLS

/** Rule R4: what the user gets when the phone has a definite fault. Stored; never renumbered. */
typedef enum ssvc_replacement {
  SSVC_REPLACEMENT_SWAP = 1, /**< "swap": the user keeps the replacement phone (default). */
  SSVC_REPLACEMENT_LOAN = 2  /**< "loan": the user borrows it until the own phone is repaired. */
} ssvc_replacement;

/** Rule R5: where a repaired phone goes (swap agreements; a loan always gets its phone back). */
typedef enum ssvc_repaired_to {
  SSVC_REPAIRED_TO_STOCK = 1, /**< "stock": into the customer's SWAP stock (default). */
  SSVC_REPAIRED_TO_USER = 2   /**< "user": shipped back to the user. */
} ssvc_repaired_to;

/** A price field that is not overridden: the list price (or the library default) applies. */
#define SSVC_AGREEMENT_NO_OVERRIDE (-1)

/** Deprecated alias of SSVC_FREIGHT_DEFAULT_MINOR (money.h): freight per shipment when the
 *  agreement does not override it. */
#define SSVC_AGREEMENT_DEFAULT_FREIGHT_MINOR SSVC_FREIGHT_DEFAULT_MINOR
/** Deprecated alias of SSVC_PACKAGING_DEFAULT_MINOR (money.h). */
#define SSVC_AGREEMENT_DEFAULT_PACKAGING_MINOR SSVC_PACKAGING_DEFAULT_MINOR

/** Longest customer id, in bytes. */
#define SSVC_AGREEMENT_ID_MAX 64
/** Longest phone model name in agreements and the SWAP stock, in bytes. */
#define SSVC_MODEL_MAX 64
/** Most extra closed days and most model entries in one agreement. */
#define SSVC_AGREEMENT_LIST_MAX 256

/** One phone model of an agreement: its replacement value and its own SWAP level. */
typedef struct ssvc_agreement_model {
  const char *model;               /**< Model name, 1-64 bytes of UTF-8, unique in the list. */
  /** Value charged for a faulty phone of this model that never comes back, in öre (0..10^12);
   *  SSVC_AGREEMENT_NO_OVERRIDE for the agreement's replacement_value_minor. */
  int64_t replacement_value_minor;
  /** Spare phones of this model the stock should hold; 0: no level of its own. */
  uint32_t target;
} ssvc_agreement_model;

/** Rule of the roster (smartservice/roster.h, doc/roster.md) for a caller who is not on it.
 *  Stored; never renumbered. */
typedef enum ssvc_roster_policy {
  SSVC_ROSTER_POLICY_NONE = 0,  /**< "none": no roster is kept; every caller is served, the fleet
                                     is the agreement's count (the behaviour before version 5). */
  SSVC_ROSTER_POLICY_FLAG = 1,  /**< "flag": the case is registered, marked as not covered. */
  SSVC_ROSTER_POLICY_REFUSE = 2 /**< "refuse": the registration is refused. */
} ssvc_roster_policy;

/** The few-models advice's defaults (doc/roster.md "Few models"): a model that serves fewer
 *  users than this is worth consolidating... */
#define SSVC_MODEL_MIN_USERS_DEFAULT 5u
/** ...and a fleet that uses more models than this is worth consolidating. */
#define SSVC_MODELS_MAX_DEFAULT 3u

/** Current version of struct ssvc_agreement_spec: 2 added @c vat_basis_points and
 *  @c swap_rent_minor at the end, 3 added @c retention_months, 4 the buyer identity (@c buyer,
 *  @c buyer_reference, @c order_reference, @c payment_days), 5 the roster policy and the
 *  few-models thresholds (@c roster_policy, @c model_min_users, @c models_max). A caller built
 *  against version 1 passes version 1 and a struct that ends before them; the library then reads
 *  and writes only the version-1 fields and takes the defaults (25% VAT, no rent, kept forever,
 *  no buyer, no roster, the default thresholds) for the others (an update keeps their stored
 *  values); likewise for versions 2, 3 and 4. */
#define SSVC_AGREEMENT_SPEC_VERSION 5

/**
 * An agreement as given to ssvc_agreement_create() and ssvc_agreement_update(), and as read
 * back by ssvc_agreement_spec_get(). Strings and arrays are read during the call and copied.
 */
typedef struct ssvc_agreement_spec {
  unsigned int version;      /**< SSVC_AGREEMENT_SPEC_VERSION. */
  const char *customer_id;   /**< 1-64 bytes of UTF-8; the agreement's key. Required. */
  const char *customer_name; /**< 1-256 bytes of UTF-8. Required. */
  /** The tier: "BAS", "PROF" (any case) or the code of @c custom_tier. Required. */
  const char *tier_code;
  /** A custom tier (kundunik), stored with the agreement; its code must equal tier_code and
   *  must not be BAS or PROF. NULL for a built-in tier. */
  const ssvc_tier_spec *custom_tier;
  uint32_t fleet;            /**< Phones in service. */
  int replacement;           /**< ::ssvc_replacement; 0 for swap. */
  int repaired_to;           /**< ::ssvc_repaired_to; 0 for stock. */
  /** SWAP stock share of the fleet in basis points, 0..10000; the INIT gives 800 (8%). */
  uint32_t swap_basis_points;
  /** Registration cut-off, Stockholm seconds after midnight 1-86400; 0 for 14:00. */
  int cutoff_seconds;
  /** Return deadline of the faulty phone in working days after delivery, 1-1000; 0 for 10. */
  int return_days;
  const ssvc_date *closed_days; /**< Extra closed days (1900-2199), distinct; may be NULL. */
  size_t closed_day_count;      /**< Entries of closed_days, at most 256. */
  /** Price per user and month in öre (0..10^12 for every price here), or
   *  SSVC_AGREEMENT_NO_OVERRIDE (the tier's price). */
  int64_t user_price_minor;
  /** Freight per shipment in öre, or SSVC_AGREEMENT_NO_OVERRIDE (89.00 SEK). */
  int64_t freight_minor;
  /** Packaging per shipment in öre, or SSVC_AGREEMENT_NO_OVERRIDE (25.00 SEK). */
  int64_t packaging_minor;
  /** Value charged for an unreturned faulty phone in öre when its model has none;
   *  SSVC_AGREEMENT_NO_OVERRIDE: 0 (the phone is flagged, the charge is 0 and says why). */
  int64_t replacement_value_minor;
  const ssvc_agreement_model *models; /**< Models with their own values or levels; may be NULL. */
  size_t model_count;                 /**< Entries of models, at most 256. */
  /* Version 2. */
  /** VAT on the customer's invoices (service and direct) in basis points: 2500, 1200 or 600,
   *  or 0 for a zero-rated agreement (VAT category Z); the INIT gives 2500 (25%). Any other
   *  rate is refused (Peppol SE-R-006, doc/charges.md "VAT"). */
  uint32_t vat_basis_points;
  /** Rule R6: the customer rents its SWAP stock. The rent per phone and month in öre,
   *  0..10^12, billed on the service invoice for every phone the stock holds on the month's
   *  first day (doc/charges.md); 0: the customer owns the phones (bought separately). */
  int64_t swap_rent_minor;
  /* Version 3. */
  /** Retention: a closed or cancelled case last changed more than this many months ago is
   *  erased by ssvc_erase_expired() (smartservice/erase.h, doc/erasure.md); 0..1200, 0 keeps
   *  cases forever (the INIT). */
  uint32_t retention_months;
  /* Version 4. */
  /** The buyer on the customer's invoices (doc/agreement.md "The buyer"): a version-2 party
   *  checked as ssvc_party_check() does (legal name, organisation number with its check digit,
   *  VAT number, address, Peppol endpoint, by default "0007:" and the organisation number).
   *  NULL: none yet; the invoice run refuses the customer until it has one. */
  const ssvc_party *buyer;
  /** The buyer's reference on its invoices (BT-10), 1-64 bytes; NULL when none. Peppol needs
   *  it or @c order_reference: the run refuses a customer with neither. */
  const char *buyer_reference;
  /** The buyer's order or contract reference (BT-13), 1-64 bytes; NULL when none. */
  const char *order_reference;
  /** Payment terms: days from issue to due date, 1..365; 0 for 30. */
  int payment_days;
  /* Version 5. */
  /** ::ssvc_roster_policy: what registration does with a caller who is not on the roster.
   *  Other than none, the agreement keeps a roster and its fleet follows it: @c fleet is then
   *  ignored on create and update, the fleet being the roster's count (each roster change records
   *  it in the fleet history, as a fleet change does). */
  int roster_policy;
  /** Few models: a model that serves fewer users than this is advised against; 0 for
   *  SSVC_MODEL_MIN_USERS_DEFAULT, at most 100000. */
  uint32_t model_min_users;
  /** Few models: a fleet on more models than this is advised to consolidate; 0 for
   *  SSVC_MODELS_MAX_DEFAULT, at most 256. */
  uint32_t models_max;
} ssvc_agreement_spec;

/** Static initializer: version set, 8% SWAP share, no price overrides, 25% VAT, no rent, no
 * retention limit, no buyer, no roster, default thresholds, everything else zero. */
#define SSVC_AGREEMENT_SPEC_INIT                                                               \
  {SSVC_AGREEMENT_SPEC_VERSION, NULL, NULL, NULL, NULL, 0u, 0, 0, 800u, 0, 0, NULL, 0,          \
   SSVC_AGREEMENT_NO_OVERRIDE, SSVC_AGREEMENT_NO_OVERRIDE, SSVC_AGREEMENT_NO_OVERRIDE,          \
   SSVC_AGREEMENT_NO_OVERRIDE, NULL, 0, SSVC_VAT_DEFAULT_BASIS_POINTS, 0, 0u, NULL, NULL, NULL, 0, \
   0, 0u, 0u}

/** Sets @p spec to SSVC_AGREEMENT_SPEC_INIT's values with the given version (SSVC_EINVAL for
 * NULL, SSVC_EVERSION for a bad version, leaving the struct untouched). With version 1 only
 * the fields of version 1 are written. */
SSVC_API int ssvc_agreement_spec_init(ssvc_agreement_spec *spec, unsigned int version);

/**
 * Stores a new agreement, logged as created by @p actor.
 * @return SSVC_OK; SSVC_EINVAL naming the field at fault (message "ssvc_agreement_create:
 *         spec->fleet ..."); SSVC_ENOTFOUND for an unknown built-in tier code; SSVC_EEXISTS when
 *         the customer has an agreement, or the custom tier uses a built-in code; SSVC_EVERSION;
 *         SSVC_EBUSY, SSVC_ESTORAGE, SSVC_ENOMEM. Nothing is stored on failure.
 */
SSVC_API int ssvc_agreement_create(ssvc_store *store, const ssvc_agreement_spec *spec,
                                   const char *actor);

/** A loaded agreement: a snapshot, owned by the caller. */
typedef struct ssvc_agreement ssvc_agreement;

/**
 * Loads the agreement of @p customer_id.
 * @param[out] out  the agreement, owned by the caller (ssvc_agreement_free()); NULL on failure.
 * @return SSVC_OK; SSVC_ENOTFOUND; SSVC_EINVAL; SSVC_ESTORAGE for a malformed record; SSVC_ENOMEM.
 */
SSVC_API int ssvc_agreement_load(ssvc_store *store, ssvc_agreement **out,
                                 const char *customer_id);

/** Releases a loaded agreement. NULL is accepted. */
SSVC_API void ssvc_agreement_free(ssvc_agreement *agreement);

/**
 * Fills @p spec (whose version the caller sets; only that version's fields are written) with
 * the agreement's values. Pointers are
 * borrowed from the agreement until ssvc_agreement_free(). Edit the copy and pass it to
 * ssvc_agreement_update().
 * @return SSVC_OK; SSVC_EINVAL for NULL; SSVC_EVERSION.
 */
SSVC_API int ssvc_agreement_spec_get(const ssvc_agreement *agreement, ssvc_agreement_spec *spec);

/** The stored version of the loaded agreement (>= 1), for ssvc_agreement_update(); 0 for NULL. */
SSVC_API uint64_t ssvc_agreement_stored_version(const ssvc_agreement *agreement);

/** The feature set of the agreement's tier (built-in or custom); 0 for NULL. */
SSVC_API unsigned int ssvc_agreement_features(const ssvc_agreement *agreement);

/** The spare phones the stock should hold by the percentage rule: ceil(fleet x share); 0 for
 *  NULL. */
SSVC_API uint32_t ssvc_agreement_swap_level(const ssvc_agreement *agreement);

/** The freight plus packaging of one shipment under the agreement, in öre; 0 for NULL. */
SSVC_API int64_t ssvc_agreement_shipment_cost(const ssvc_agreement *agreement);

/** The replacement value of a phone of @p model (the model's own, else the agreement's, else
 *  0), in öre; 0 for NULL. */
SSVC_API int64_t ssvc_agreement_replacement_value(const ssvc_agreement *agreement,
                                                  const char *model);

/** Instant the agreement was created; 0 for NULL. */
SSVC_API int64_t ssvc_agreement_created_at(const ssvc_agreement *agreement);

/** Instant of its last change; 0 for NULL. */
SSVC_API int64_t ssvc_agreement_updated_at(const ssvc_agreement *agreement);

/** Kinds of event in an agreement's log. Stored; never renumbered. */
typedef enum ssvc_agreement_event_kind {
  SSVC_AGREEMENT_EVENT_CREATED = 1, /**< The agreement was created. */
  SSVC_AGREEMENT_EVENT_UPDATED = 2  /**< It was changed; the note names the changed fields. */
} ssvc_agreement_event_kind;

/** The stable name of an agreement event kind ("created", "updated"); NULL when unknown. Static. */
SSVC_API const char *ssvc_agreement_event_kind_name(int kind);
/** The agreement event kind named @p name (as ssvc_agreement_event_kind_name() gives it), in
 *  @p out. SSVC_EINVAL for a NULL @p out or @p name, SSVC_ENOTFOUND ("unknown agreement event kind
 *  '...'") for another name. @p ctx may be NULL. */
SSVC_API int ssvc_agreement_event_kind_from_name(ssvc_ctx *ctx, int *out, const char *name);

/** Current version of struct ssvc_agreement_event. */
#define SSVC_AGREEMENT_EVENT_VERSION 1

/** One entry of an agreement's log. Strings borrowed from the agreement. */
typedef struct ssvc_agreement_event {
  unsigned int version; /**< Set by the caller to SSVC_AGREEMENT_EVENT_VERSION. */
  int64_t at;           /**< Instant. */
  const char *actor;    /**< Who did it. */
  int kind;             /**< ::ssvc_agreement_event_kind. */
  const char *note;     /**< "changed: fleet, cutoff" for updates; "" when none. */
} ssvc_agreement_event;

/** Static initializer: version set, everything else zero. */
#define SSVC_AGREEMENT_EVENT_INIT {SSVC_AGREEMENT_EVENT_VERSION, 0, NULL, 0, NULL}

/** Number of events in the log; 0 for NULL. */
SSVC_API size_t ssvc_agreement_event_count(const ssvc_agreement *agreement);

/** Event @p index (0 = oldest). SSVC_EINVAL for NULL, SSVC_EVERSION, SSVC_ERANGE. */
SSVC_API int ssvc_agreement_event_at(const ssvc_agreement *agreement, size_t index,
                                     ssvc_agreement_event *out);

/**
 * Replaces the agreement of spec->customer_id by @p spec, if its stored version still equals
 * @p expected_version (0: whatever it is), and logs which fields changed.
 *
 * A change of the fleet, the tier (or the custom tier's price or names) or the agreement's own
 * price (user_price_minor) also appends an entry, stamped with the context's clock, to the
 * agreement's fleet history or its tier and price history: the invoice run bills each day of a
 * month at the fleet, tier and price in force on that day (doc/charges.md). A change agreed for
 * another day than today goes through ssvc_agreement_update_from().
 * @return SSVC_OK; SSVC_ECONFLICT when the agreement changed since it was loaded (nothing
 *         written: load it again); SSVC_ENOTFOUND; the validation errors of
 *         ssvc_agreement_create(); storage errors.
 */
SSVC_API int ssvc_agreement_update(ssvc_store *store, const ssvc_agreement_spec *spec,
                                   uint64_t expected_version, const char *actor);

/**
 * ssvc_agreement_update() with the instant its fleet, tier and price changes take effect for
 * billing: a change agreed for 16 November and entered on the 14th passes the instant of
 * 16 November 00:00 (Stockholm); one entered late passes the earlier instant (a month already
 * invoiced is not billed again). The agreement's fields (what cases and the SWAP pool read)
 * change now, and the log's event is stamped now, its note ending "(from INSTANT)".
 * @param effective_at  Unix seconds with a Stockholm date in 1900-2199, not before the latest
 *                      entry of the agreement's fleet or tier and price history.
 * @return those of ssvc_agreement_update(); SSVC_EINVAL naming effective_at and its value
 *         ("ssvc_agreement_update_from: effective_at: 2026-11-10T00:00:00+01:00 is before the
 *         agreement's last recorded change (...)"). Nothing is written on failure.
 */
SSVC_API int ssvc_agreement_update_from(ssvc_store *store, const ssvc_agreement_spec *spec,
                                        uint64_t expected_version, const char *actor,
                                        int64_t effective_at);

/** Called for every customer id with an agreement, in byte order; @p customer_id is borrowed for
 * the call. Return 0 to go on, nonzero to stop. The callback must not change the store. */
typedef int (*ssvc_agreement_list_fn)(void *user_data, const char *customer_id);

/** Lists every agreement's customer id. SSVC_EINVAL for a NULL @p fn; storage errors. */
SSVC_API int ssvc_agreement_list(ssvc_store *store, ssvc_agreement_list_fn fn, void *user_data);

/**
 * Builds the working-day calendar of the agreement: its cut-off, return deadline and extra
 * closed days on the Swedish calendar. The one place other modules get a customer's calendar.
 * @param ctx       allocates the calendar (and receives errors); must outlive it.
 * @param[out] out  the calendar, owned by the caller (ssvc_calendar_free()); NULL on failure.
 * @return SSVC_OK; SSVC_EINVAL for NULL; SSVC_ENOMEM.
 */
SSVC_API int ssvc_agreement_calendar(ssvc_ctx *ctx, const ssvc_agreement *agreement,
                                     ssvc_calendar **out);

/** The stable name of a roster policy ("none", "flag", "refuse"); NULL when unknown. Static. */
SSVC_API const char *ssvc_roster_policy_name(int policy);
/** The roster policy named @p name (as ssvc_roster_policy_name() gives it), in @p out.
 *  SSVC_EINVAL for a NULL @p out or @p name, SSVC_ENOTFOUND ("unknown roster policy '...'") for
 *  another name. @p ctx may be NULL. */
SSVC_API int ssvc_roster_policy_from_name(ssvc_ctx *ctx, int *out, const char *name);

/** The stable name of a replacement policy ("swap", "loan"); NULL when unknown. Static. */
SSVC_API const char *ssvc_replacement_name(int replacement);
/** The stable name of a routing ("stock", "user"); NULL when unknown. Static. */
SSVC_API const char *ssvc_repaired_to_name(int repaired_to);
/** The replacement policy named @p name (as ssvc_replacement_name() gives it), in @p out. SSVC_EINVAL for a NULL @p out or
 *  @p name, SSVC_ENOTFOUND ("unknown replacement policy '...'") for another name. @p ctx may be NULL. */
SSVC_API int ssvc_replacement_from_name(ssvc_ctx *ctx, int *out, const char *name);
/** The routing named @p name (as ssvc_repaired_to_name() gives it), in @p out. SSVC_EINVAL for a NULL @p out or
 *  @p name, SSVC_ENOTFOUND ("unknown routing '...'") for another name. @p ctx may be NULL. */
SSVC_API int ssvc_repaired_to_from_name(ssvc_ctx *ctx, int *out, const char *name);

SSVC_END_DECLS

#endif /* SMARTSERVICE_AGREEMENT_H */
