/**
 * @file smartservice/report.h
 * @brief The quality report of a customer for a period (rule R9), as XML, CSV or HTML.
 *
 * One streaming pass over the customer's cases (by registration instant) gathers fixed-size
 * figures: memory does not grow with the number of cases. The report never contains personal
 * data: no user names, phone numbers, e-mail addresses, IMEIs, serials or case ids (doc/report.md).
 */
#ifndef SMARTSERVICE_REPORT_H
#define SMARTSERVICE_REPORT_H

#include "calendar.h"
#include "case.h"

SSVC_BEGIN_DECLS

/** The namespace of the XML form of the report, version 1 (schema: doc/report.xsd). */
#define SSVC_REPORT_NS "urn:smartservice:report:1"

/** Output formats of a report. */
typedef enum ssvc_report_format {
  SSVC_REPORT_XML = 1,  /**< XML in SSVC_REPORT_NS (doc/report.xsd). */
  SSVC_REPORT_CSV = 2,  /**< CSV: section,key,value rows with a header line (RFC 4180). */
  SSVC_REPORT_HTML = 3  /**< One self-contained HTML page with inline SVG charts. */
} ssvc_report_format;

/** The stable name of a report format ("xml", "csv", "html"); NULL when unknown. Static. */
SSVC_API const char *ssvc_report_format_name(int format);
/** The report format named @p name (as ssvc_report_format_name() gives it), in @p out.
 *  SSVC_EINVAL for a NULL @p out or @p name, SSVC_ENOTFOUND ("unknown report format '...'") for
 *  another name. @p ctx may be NULL. */
SSVC_API int ssvc_report_format_from_name(ssvc_ctx *ctx, int *out, const char *name);

/** Current version of struct ssvc_report_options: 2 appended @c supplier_name and @c lang, 3
 *  @c progress and @c progress_data. A caller that sets an older version gets that version's
 *  behaviour for the fields it lacks (version 1: no supplier, Swedish; 1 and 2: no progress). */
#define SSVC_REPORT_OPTIONS_VERSION 3

/** Progress of building a report (ssvc_report_new()): the case records read so far, and how far
 *  the reading is through the time it covers (the trend's 12 months and the period), as @p done
 *  of @p total seconds of registration time: done * 100 / total is the percentage (the cases are
 *  read in registration order; their number is not known before). Called every 1000 cases and
 *  once at the end with done == total. Return 0 to go on, nonzero to stop: ssvc_report_new()
 *  then fails with SSVC_EIO and gives no report. */
typedef int (*ssvc_report_progress_fn)(void *user_data, uint64_t cases, uint64_t done,
                                       uint64_t total);

/** What the report covers. */
typedef struct ssvc_report_options {
  unsigned int version;          /**< SSVC_REPORT_OPTIONS_VERSION. */
  const char *customer_id;       /**< Required: the customer organisation. */
  ssvc_date from;                /**< Required: first Stockholm day of registration. */
  ssvc_date to;                  /**< Required: last Stockholm day of registration, inclusive. */
  const ssvc_calendar *calendar; /**< For promised delivery dates; NULL: the default calendar. */
  /* Version 2. */
  /** The Support Center's name shown under the title (0-256 bytes of UTF-8); "": none; NULL:
   *  the stored Support Center's name (smartservice/center.h), none when none is stored. */
  const char *supplier_name;
  /** ::ssvc_lang of the HTML page; the INIT gives SSVC_LANG_SV (the agreement stores no
   *  language or country, and the service's customers are Swedish: doc/report.md). */
  int lang;
  /* Version 3. */
  ssvc_report_progress_fn progress; /**< Called as the cases are read; may be NULL. */
  void *progress_data;              /**< Passed to progress. */
} ssvc_report_options;

/** Static initializer. */
#define SSVC_REPORT_OPTIONS_INIT \
  {SSVC_REPORT_OPTIONS_VERSION, NULL, {0, 0, 0}, {0, 0, 0}, NULL, NULL, SSVC_LANG_SV, NULL, NULL}

/** Zeroes @p options and sets its version (SSVC_EINVAL for NULL, SSVC_EVERSION). */
SSVC_API int ssvc_report_options_init(ssvc_report_options *options, unsigned int version);

/** The gathered figures of a report. */
typedef struct ssvc_report ssvc_report;

/**
 * Gathers the figures of the cases of options->customer_id registered from options->from to
 * options->to (Stockholm days, inclusive), and of the 12 months before the month of
 * options->from (the trend), in one pass over the store; the customer's name and targets, its
 * SWAP pool and its shipped orders as they are now (doc/report.md).
 * @param[out] out  the report, owned by the caller (ssvc_report_free()); NULL on failure.
 * options->progress (version 3), when given, is told how far the reading is.
 * @return SSVC_OK; SSVC_EINVAL for NULL arguments, a missing customer or bad dates; SSVC_EVERSION;
 *         SSVC_ESTORAGE for a record that cannot be decoded; SSVC_EIO when options->progress asks
 *         to stop; storage errors; SSVC_ENOMEM. On failure *out is NULL.
 */
SSVC_API int ssvc_report_new(ssvc_store *store, ssvc_report **out,
                             const ssvc_report_options *options);

/** No target set (ssvc_report_targets). */
#define SSVC_REPORT_NO_TARGET (-1)

/** Current version of struct ssvc_report_targets. */
#define SSVC_REPORT_TARGETS_VERSION 1

/** A customer's targets, shown against the figures (stored per customer under their own key,
 *  not in the agreement: doc/report.md). Shares in basis points (9800 = 98%). */
typedef struct ssvc_report_targets {
  unsigned int version;       /**< SSVC_REPORT_TARGETS_VERSION. */
  int32_t on_time_bp;         /**< Deliveries on time, 0..10000, or SSVC_REPORT_NO_TARGET. */
  int32_t solved_on_phone_bp; /**< Cases solved on the phone, 0..10000, or SSVC_REPORT_NO_TARGET. */
  int32_t unreturned_max;     /**< Unreturned phones at most, 0..1000000, or SSVC_REPORT_NO_TARGET. */
} ssvc_report_targets;

/** Static initializer: no targets. */
#define SSVC_REPORT_TARGETS_INIT \
  {SSVC_REPORT_TARGETS_VERSION, SSVC_REPORT_NO_TARGET, SSVC_REPORT_NO_TARGET, SSVC_REPORT_NO_TARGET}

/**
 * Stores the targets of @p customer_id (replacing earlier ones), logged as set by @p actor.
 * @return SSVC_OK; SSVC_EINVAL naming the argument or field at fault ("ssvc_report_targets_set:
 *         targets->on_time_bp: must be 0..10000 or SSVC_REPORT_NO_TARGET (got 12000)");
 *         SSVC_ENOTFOUND when the customer has no agreement; SSVC_EVERSION; storage errors;
 *         SSVC_ENOMEM. Nothing is stored on failure.
 */
SSVC_API int ssvc_report_targets_set(ssvc_store *store, const char *customer_id,
                                     const ssvc_report_targets *targets, const char *actor);

/**
 * The targets of @p customer_id in @p out (of out->version); all SSVC_REPORT_NO_TARGET when none
 * were set.
 * @return SSVC_OK; SSVC_EINVAL for NULL arguments or a bad customer id; SSVC_EVERSION;
 *         SSVC_ESTORAGE for a record that cannot be decoded; storage errors. @p out is untouched
 *         on failure.
 */
SSVC_API int ssvc_report_targets_get(ssvc_store *store, const char *customer_id,
                                     ssvc_report_targets *out);

/** Months of the trend (the months before the report's first month). */
#define SSVC_REPORT_TREND_MONTHS 12

/** The figures of one Stockholm month (or of the report's period). */
typedef struct ssvc_report_month {
  int year;                 /**< The month's year (for the period: of options->from). */
  int month;                /**< The month, 1-12 (for the period: of options->from). */
  uint32_t cases;           /**< Cases registered. */
  uint32_t solved_on_phone; /**< Of them solved on the phone (outcome handling-error). */
  uint32_t deliveries;      /**< Replacement deliveries with a promise (first per case). */
  uint32_t on_time;         /**< Of them arrived on or before the promised day. */
  uint32_t unreturned;      /**< Faulty phones shipped for and not back at the month's end. */
} ssvc_report_month;

/** Current version of struct ssvc_report_figures: 2 appended the how-to calls per area
 *  (@c howto_calls, @c howto_solved). A caller that sets version 1 gets the version-1 struct. */
#define SSVC_REPORT_FIGURES_VERSION 2

/** The areas of how-to guidance in ssvc_report_figures, in this order: Telefonen (phone-help),
 *  Operativet (os-help), Synkronisering & e-post (sync). */
#define SSVC_REPORT_HOWTO_AREAS 3

/** The report's figures for a helpdesk's own UI (no parsing of CSV). Self-contained. */
typedef struct ssvc_report_figures {
  unsigned int version;        /**< SSVC_REPORT_FIGURES_VERSION. */
  char customer_name[257];     /**< The agreement's name; the customer id without agreement. */
  ssvc_date from;              /**< The period's first Stockholm day. */
  ssvc_date to;                /**< The period's last Stockholm day. */
  ssvc_date made;              /**< Stockholm date the report was gathered. */
  ssvc_report_month period;    /**< The period's figures (unreturned: at its end, or today). */
  uint32_t closed;             /**< Cases of the period closed. */
  int64_t median_close_seconds; /**< Their median time to close; -1 when none closed. */
  int64_t unreturned_value_minor; /**< Replacement value of the unreturned phones, öre. */
  uint32_t unreturned_oldest_days; /**< Days since the oldest unreturned phone's shipment. */
  uint32_t overdue;            /**< Shipped orders past their return deadline (today). */
  int64_t overdue_value_minor; /**< Their replacement value, öre. */
  int swap_status;             /**< 1: SWAP figures below; 0: no agreement; 2: not in the tier. */
  uint32_t swap_available;     /**< Phones in the SWAP stock now. */
  uint32_t swap_level;         /**< The sized level (the agreement's share of the fleet). */
  uint32_t swap_to_buy;        /**< Phones to buy now (backorders, then up to the level). */
  uint32_t backorders;         /**< Cases waiting for a phone. */
  /** The 12 months before the period's first month, oldest first. */
  ssvc_report_month trend[SSVC_REPORT_TREND_MONTHS];
  ssvc_report_targets targets; /**< The customer's targets (ssvc_report_targets_get()). */
  /** Version 2: how-to calls recorded on the period's cases (ssvc_case_guide()) per area:
   *  phone-help, os-help, sync (SSVC_REPORT_HOWTO_AREAS). */
  uint32_t howto_calls[SSVC_REPORT_HOWTO_AREAS];
  /** Version 2: of them, those that ended solved. */
  uint32_t howto_solved[SSVC_REPORT_HOWTO_AREAS];
} ssvc_report_figures;

/** Zeroes @p figures and sets its version (SSVC_EINVAL for NULL, SSVC_EVERSION). */
SSVC_API int ssvc_report_figures_init(ssvc_report_figures *figures, unsigned int version);

/**
 * Copies the report's figures into @p out (out->version must be set).
 * @return SSVC_OK; SSVC_EINVAL for NULL arguments; SSVC_EVERSION (out untouched).
 */
SSVC_API int ssvc_report_figures_get(const ssvc_report *report, ssvc_report_figures *out);

/** Releases a report. NULL is accepted. */
SSVC_API void ssvc_report_free(ssvc_report *report);

/** Number of cases the report covers. 0 for NULL. */
SSVC_API size_t ssvc_report_case_count(const ssvc_report *report);

/**
 * Writes the report in @p format (ssvc_report_format) to @p fn. The same report gives the same
 * bytes every time (no clock is read). Uses only the report, not the store.
 * @return SSVC_OK; SSVC_EINVAL for NULL arguments or an unknown format; SSVC_EIO when @p fn asks
 *         to stop; SSVC_ENOMEM.
 */
SSVC_API int ssvc_report_write(const ssvc_report *report, int format, ssvc_write_fn fn,
                               void *user_data);

/** As ssvc_report_write() into the file @p path (created or truncated); SSVC_EIO naming it. */
SSVC_API int ssvc_report_write_file(const ssvc_report *report, int format, const char *path);

SSVC_END_DECLS

#endif /* SMARTSERVICE_REPORT_H */
