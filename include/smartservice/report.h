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

/** Current version of struct ssvc_report_options. */
#define SSVC_REPORT_OPTIONS_VERSION 1

/** What the report covers. */
typedef struct ssvc_report_options {
  unsigned int version;          /**< SSVC_REPORT_OPTIONS_VERSION. */
  const char *customer_id;       /**< Required: the customer organisation. */
  ssvc_date from;                /**< Required: first day (UTC) of registration. */
  ssvc_date to;                  /**< Required: last day (UTC) of registration, inclusive. */
  const ssvc_calendar *calendar; /**< For promised delivery dates; NULL: the default calendar. */
} ssvc_report_options;

/** Static initializer. */
#define SSVC_REPORT_OPTIONS_INIT {SSVC_REPORT_OPTIONS_VERSION, NULL, {0, 0, 0}, {0, 0, 0}, NULL}

/** Zeroes @p options and sets its version (SSVC_EINVAL for NULL, SSVC_EVERSION). */
SSVC_API int ssvc_report_options_init(ssvc_report_options *options, unsigned int version);

/** The gathered figures of a report. */
typedef struct ssvc_report ssvc_report;

/**
 * Gathers the figures of the cases of options->customer_id registered from options->from to
 * options->to (UTC days, inclusive), in one pass over the store.
 * @param[out] out  the report, owned by the caller (ssvc_report_free()); NULL on failure.
 * @return SSVC_OK; SSVC_EINVAL for NULL arguments, a missing customer or bad dates; SSVC_EVERSION;
 *         SSVC_ESTORAGE for a record that cannot be decoded; storage errors; SSVC_ENOMEM.
 */
SSVC_API int ssvc_report_new(ssvc_store *store, ssvc_report **out,
                             const ssvc_report_options *options);

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
