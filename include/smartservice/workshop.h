/**
 * @file smartservice/workshop.h
 * @brief The workshop: repair orders to the service provider (servicegivare) for a referred or
 * returned phone (doc/workshop.md).
 *
 * A case has at most one repair order. It is opened when the phone is sent to the provider
 * (ssvc_repair_order_send()), may get the provider's estimate (ssvc_repair_order_estimate()) and
 * is closed when the provider is done (ssvc_repair_order_done()): repaired or scrapped, at a cost.
 * The turnaround is the number of working days on the agreement's calendar from the Stockholm
 * day it was sent to the day it was done.
 *
 * The order follows the case: it is opened for a case that is referred, faulty-returned or
 * in-repair. A referred case moves to in-repair in the same transaction; the order then closes
 * the case's workshop visit too (in-repair -> repaired, "the workshop is done", for both
 * outcomes). A faulty-returned or in-repair case is moved by whoever moved it there (a SWAP
 * order's ssvc_swap_faulty_returned() and ssvc_swap_repaired(), or ssvc_case_transition()), so
 * the repair order only records the visit. Every operation is
 * one transaction: on failure nothing is changed.
 */
#ifndef SMARTSERVICE_WORKSHOP_H
#define SMARTSERVICE_WORKSHOP_H

#include "agreement.h"
#include "case.h"
#include "report.h"
#include "storage.h"

SSVC_BEGIN_DECLS

/** Where a repair order is. */
typedef enum ssvc_repair_state {
  SSVC_REPAIR_SENT = 1,     /**< "sent": at the provider */
  SSVC_REPAIR_REPAIRED = 2, /**< "repaired": the provider repaired the phone */
  SSVC_REPAIR_SCRAPPED = 3  /**< "scrapped": the provider could not repair it (or it did not pay) */
} ssvc_repair_state;

/** Name of a state ("sent", "repaired", "scrapped"); NULL when unknown. */
SSVC_API const char *ssvc_repair_state_name(int state);
/** The state named @p name in @p out. SSVC_EINVAL for a NULL @p out or @p name, SSVC_ENOTFOUND
 *  ("unknown repair-order state '...'") for another name. @p ctx may be NULL. */
SSVC_API int ssvc_repair_state_from_name(ssvc_ctx *ctx, int *out, const char *name);

/** Longest provider name, without the terminator. */
#define SSVC_PROVIDER_MAX 128
/** No estimate given (ssvc_repair_order.estimate_minor). */
#define SSVC_REPAIR_NO_ESTIMATE (-1)

/** Current version of struct ssvc_repair_spec. */
#define SSVC_REPAIR_SPEC_VERSION 1

/** What ssvc_repair_order_send() needs. */
typedef struct ssvc_repair_spec {
  unsigned int version; /**< SSVC_REPAIR_SPEC_VERSION */
  const char *case_id;  /**< the case whose phone is sent */
  const char *provider; /**< the service provider, 1..128 characters */
  int64_t estimate_minor; /**< the provider's estimate, öre; SSVC_REPAIR_NO_ESTIMATE when none */
  const char *note;     /**< free text, 0..1024 characters; may be NULL */
  const char *actor;    /**< who sends it (agent id), required */
} ssvc_repair_spec;

/** Static initializer: version set, no estimate, everything else NULL. */
#define SSVC_REPAIR_SPEC_INIT {SSVC_REPAIR_SPEC_VERSION, NULL, NULL, SSVC_REPAIR_NO_ESTIMATE, NULL, NULL}

/** Current version of struct ssvc_repair_order. */
#define SSVC_REPAIR_ORDER_VERSION 1

/** One repair order, as stored. */
typedef struct ssvc_repair_order {
  unsigned int version;                        /**< SSVC_REPAIR_ORDER_VERSION */
  char case_id[SSVC_CASE_ID_SIZE];             /**< the case */
  char customer_id[SSVC_AGREEMENT_ID_MAX + 1]; /**< the case's customer */
  char imei[16];                               /**< the phone's IMEI ("" after erasure) */
  char model[SSVC_MODEL_MAX + 1];              /**< the phone's model */
  char provider[SSVC_PROVIDER_MAX + 1];        /**< the service provider */
  int state;                                   /**< ::ssvc_repair_state */
  int moved_case;         /**< 1: the order moved the case (referred -> in-repair -> repaired) */
  int64_t estimate_minor; /**< the provider's estimate, öre; SSVC_REPAIR_NO_ESTIMATE when none */
  int64_t cost_minor;     /**< the provider's cost, öre; 0 while sent */
  int64_t sent_at;        /**< instant it was sent */
  int64_t done_at;        /**< instant it was repaired or scrapped; 0 while sent */
  int turnaround_days;    /**< working days from sent to done; -1 while sent */
  char note[1025];        /**< the note given when sent ("" after erasure) */
  int64_t updated_at;     /**< instant of the last change */
} ssvc_repair_order;

/** Zeroes @p order and sets its version. SSVC_EINVAL for NULL; SSVC_EVERSION for a bad one. */
SSVC_API int ssvc_repair_order_init(ssvc_repair_order *order, unsigned int version);

/**
 * Opens the repair order of case @p spec->case_id: its phone is sent to @p spec->provider now
 * (ssvc_store_set_instant()). The case must be referred, faulty-returned or in-repair; a referred
 * case moves to in-repair in the same transaction (its cost-estimate rules apply:
 * doc/workflow.md).
 * @return SSVC_OK; SSVC_EINVAL naming the argument (spec, its version, case id, provider, a
 *         negative estimate or one above 10^12, note, actor); SSVC_EVERSION; SSVC_ENOTFOUND (no
 *         such case); SSVC_ESTATE (the case is in another state, or its move is refused);
 *         SSVC_EEXISTS (the case already has a repair order); storage errors; SSVC_ENOMEM. On
 *         failure nothing is changed.
 */
SSVC_API int ssvc_repair_order_send(ssvc_store *store, const ssvc_repair_spec *spec);

/**
 * Records the provider's estimate on a sent order (replacing an earlier one).
 * @return SSVC_OK; SSVC_EINVAL naming the argument (a negative amount or one above 10^12);
 *         SSVC_ENOTFOUND (no such case, or no repair order); SSVC_ESTATE (the order is done);
 *         storage errors; SSVC_ENOMEM. On failure nothing is changed.
 */
SSVC_API int ssvc_repair_order_estimate(ssvc_store *store, const char *case_id,
                                        int64_t estimate_minor, const char *actor);

/**
 * Closes a sent order: @p outcome SSVC_REPAIR_REPAIRED or SSVC_REPAIR_SCRAPPED at @p cost_minor
 * öre, now. Computes the turnaround on the agreement's calendar. When the order moved the case,
 * the case goes from in-repair to repaired in the same transaction.
 * @return SSVC_OK; SSVC_EINVAL naming the argument (outcome, a negative cost or one above 10^12,
 *         actor); SSVC_ENOTFOUND (no such case, or no repair order); SSVC_ESTATE (the order is
 *         done already, or the case's move is refused); storage errors; SSVC_ENOMEM. On failure
 *         nothing is changed.
 */
SSVC_API int ssvc_repair_order_done(ssvc_store *store, const char *case_id, int outcome,
                                    int64_t cost_minor, const char *actor);

/**
 * Reads the repair order of case @p case_id into @p out (fields of out->version).
 * @return SSVC_OK; SSVC_EINVAL; SSVC_EVERSION; SSVC_ENOTFOUND (no such case, or it has no repair
 *         order: "ssvc_repair_order_get: SC-2026-000001 has no repair order"); storage errors.
 *         @p out is unchanged on failure.
 */
SSVC_API int ssvc_repair_order_get(ssvc_store *store, ssvc_repair_order *out, const char *case_id);

/** Called once per order; non-zero stops the listing. The order is valid during the call. */
typedef int (*ssvc_repair_order_fn)(void *user_data, const ssvc_repair_order *order);

/**
 * Calls @p fn for each of @p customer_id's repair orders, by case id.
 * @return SSVC_OK (also when @p fn stopped); SSVC_EINVAL; storage errors (nothing given).
 */
SSVC_API int ssvc_repair_order_list(ssvc_store *store, const char *customer_id,
                                    ssvc_repair_order_fn fn, void *user_data);

/* ---- The workshop in the quality report (smartservice/report.h, doc/report.md) ---- */

/** How the report groups the repair orders. */
typedef enum ssvc_workshop_grouping {
  SSVC_WORKSHOP_BY_PROVIDER = 1, /**< one line per service provider */
  SSVC_WORKSHOP_BY_MODEL = 2     /**< one line per phone model */
} ssvc_workshop_grouping;

/** Current version of struct ssvc_workshop_figures. */
#define SSVC_WORKSHOP_FIGURES_VERSION 1

/** One line of the report's workshop figures: the orders of a provider or a model that were done
 *  (repaired or scrapped) in the report's period, and those still at the provider. */
typedef struct ssvc_workshop_figures {
  unsigned int version;                 /**< SSVC_WORKSHOP_FIGURES_VERSION */
  char key[SSVC_PROVIDER_MAX + 1];      /**< the provider or the model; "(other)" for the rest */
  uint32_t done;                        /**< orders done in the period */
  uint32_t repaired;                    /**< of them repaired */
  uint32_t scrapped;                    /**< of them scrapped */
  uint32_t at_provider;                 /**< orders sent before the period's end, not done then */
  int64_t turnaround_days;              /**< the done orders' working days, summed */
  int32_t turnaround_tenths;            /**< their mean in tenths of a day (0 when none done) */
  int64_t cost_minor;                   /**< the done orders' cost, öre, summed */
} ssvc_workshop_figures;

/** Zeroes @p figures and sets its version. SSVC_EINVAL for NULL; SSVC_EVERSION for a bad one. */
SSVC_API int ssvc_workshop_figures_init(ssvc_workshop_figures *figures, unsigned int version);

/**
 * The number of workshop lines of @p report grouped by @p grouping (::ssvc_workshop_grouping),
 * sorted by key; at most 32 are kept, the rest add up in a last line "(other)". 0 for a NULL
 * report, an unknown grouping, or a customer without repair orders in the period.
 */
SSVC_API size_t ssvc_report_workshop_count(const ssvc_report *report, int grouping);

/**
 * Line @p index (0 .. ssvc_report_workshop_count() - 1) of the workshop figures into @p out
 * (fields of out->version).
 * @return SSVC_OK; SSVC_EINVAL for a NULL report or out, an unknown grouping (naming it);
 *         SSVC_EVERSION; SSVC_ERANGE for an index past the lines. @p out is unchanged on failure.
 */
SSVC_API int ssvc_report_workshop_at(const ssvc_report *report, int grouping, size_t index,
                                     ssvc_workshop_figures *out);

SSVC_END_DECLS

#endif /* SMARTSERVICE_WORKSHOP_H */
