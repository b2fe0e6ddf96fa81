/**
 * @file smartservice/xml.h
 * @brief XML interchange of case records and agreements: streaming export and import
 *        (doc/xml.md).
 *
 * A file holds case records and, after them, agreement records (one per customer, every
 * field of ssvc_agreement_spec; the agreement's log, instants and fleet history are not carried).
 * The format is namespaced (SSVC_XML_CASES_NS) and versioned (attribute version="1" on the root);
 * its schema is doc/cases.xsd. Export writes with libxml2's xmlTextWriter, import reads with
 * xmlTextReader: memory stays flat whatever the size of the file. Import treats its input as
 * untrusted (DOCTYPE refused, no entities, no network, bounded depth, names, texts and size).
 */
#ifndef SMARTSERVICE_XML_H
#define SMARTSERVICE_XML_H

#include "case.h"

SSVC_BEGIN_DECLS

/** The namespace of the case interchange format, version 1. */
#define SSVC_XML_CASES_NS "urn:smartservice:cases:1"

/** What import does with a case whose id is in the store already, or with an agreement of a
 * customer that has one (replace: ssvc_agreement_update() with the record). */
typedef enum ssvc_xml_dup_policy {
  SSVC_XML_DUP_REJECT = 1,  /**< The record is bad (SSVC_EEXISTS): see continue_on_error. */
  SSVC_XML_DUP_SKIP = 2,    /**< The stored case stays; the record is counted as skipped. */
  SSVC_XML_DUP_REPLACE = 3  /**< The record replaces the stored case (and its index entries). */
} ssvc_xml_dup_policy;

/** The stable name of a duplicate policy ("reject", "skip", "replace"); NULL when unknown. Static. */
SSVC_API const char *ssvc_xml_dup_policy_name(int policy);
/** The duplicate policy named @p name (as ssvc_xml_dup_policy_name() gives it), in @p out.
 *  SSVC_EINVAL for a NULL @p out or @p name, SSVC_ENOTFOUND ("unknown duplicate policy '...'") for
 *  another name. @p ctx may be NULL. */
SSVC_API int ssvc_xml_dup_policy_from_name(ssvc_ctx *ctx, int *out, const char *name);

/**
 * Reports one bad record of an import: where the fault is (1-based line and column of the start
 * tag of the element at fault, or of the record's own start tag), the case id when it was read
 * ("" otherwise), the status and the message (also in the context).
 * The strings are borrowed for the call.
 */
typedef void (*ssvc_xml_bad_record_fn)(void *user_data, long line, long column,
                                       const char *case_id, int code, const char *message);

/** Progress of a long run: case records so far (agreements are not counted) and bytes read or
 * written. There is no total: an import's caller knows its input's size (the bytes read are the
 * measure of how far it is), an export's the number of cases (ssvc_case_stats_get()). Return 0 to
 * go on, nonzero to stop (the run then fails with SSVC_EIO, rolling back the open batch). */
typedef int (*ssvc_xml_progress_fn)(void *user_data, uint64_t records, uint64_t bytes);

/** Current version of struct ssvc_xml_import_options (2: max_record_bytes was added; the library
 * still accepts version 1 and then applies the default record limit). */
#define SSVC_XML_IMPORT_OPTIONS_VERSION 2

/** The default of ssvc_xml_import_options.max_record_bytes: 1 MiB. */
#define SSVC_XML_MAX_RECORD_BYTES_DEFAULT (UINT64_C(1) << 20)

/** Options of an import. Zero fields take the defaults shown. The same options apply to
 * agreement records: duplicate policy, batches, bad records and limits (an agreement holds at most
 * SSVC_AGREEMENT_LIST_MAX closed days and as many models; more is SSVC_ELIMIT). */
typedef struct ssvc_xml_import_options {
  unsigned int version;  /**< SSVC_XML_IMPORT_OPTIONS_VERSION. */
  int on_duplicate;      /**< ssvc_xml_dup_policy; 0: SSVC_XML_DUP_REJECT. */
  size_t batch_size;     /**< Records (cases and agreements) per transaction; 0: 1000. A failed
                              batch leaves nothing. */
  int continue_on_error; /**< 1: report a bad record and go on (the batch keeps the good ones);
                              0: the first bad record fails the import, rolling back its batch. */
  int validate;          /**< 1: also validate against the built-in doc/cases.xsd while reading. */
  unsigned int max_depth;  /**< Deepest element nesting (the root is depth 1), checked at each
                                start tag as it is read; 0: 16; at most 256 (libxml2's own
                                limit: more is taken as 256). */
  size_t max_name;         /**< Longest element or attribute name in bytes; 0: 64. */
  size_t max_text;         /**< Longest text or attribute value in bytes; 0: 65536. */
  uint64_t max_total;      /**< Largest input in bytes; 0: no limit. */
  ssvc_xml_bad_record_fn on_bad; /**< Called for every bad record; may be NULL. */
  void *on_bad_data;             /**< Passed to on_bad. */
  ssvc_xml_progress_fn progress; /**< Called after every batch; may be NULL. */
  void *progress_data;           /**< Passed to progress. */
  /* Version 2: */
  /** Largest record in bytes, from its start tag's '<' to its end tag's '>', checked while it is
   * read; the same bound applies to each comment and processing instruction between records
   * (white space there is dropped, whatever its length) and to all that comes before the root's
   * start tag ends and after the root ends (doc/xml.md "Bounded memory"). 0: SSVC_XML_MAX_RECORD_BYTES_DEFAULT; UINT64_MAX: no bound
   * but libxml2's own (10 MB texts). */
  uint64_t max_record_bytes;
} ssvc_xml_import_options;

/** Static initializer: version set, every option its default. */
#define SSVC_XML_IMPORT_OPTIONS_INIT \
  {SSVC_XML_IMPORT_OPTIONS_VERSION, 0, 0, 0, 0, 0u, 0, 0, 0, NULL, NULL, NULL, NULL, 0}

/** Zeroes @p options and sets its version (SSVC_EINVAL for NULL, SSVC_EVERSION). */
SSVC_API int ssvc_xml_import_options_init(ssvc_xml_import_options *options,
                                          unsigned int version);

/** Current version of struct ssvc_xml_import_result (2: the agreement counts were added; the
 * library still accepts version 1 and then fills only the first five fields). */
#define SSVC_XML_IMPORT_RESULT_VERSION 2

/** What an import did (filled also when it fails, up to the failure). */
typedef struct ssvc_xml_import_result {
  unsigned int version; /**< Set by the caller to SSVC_XML_IMPORT_RESULT_VERSION. */
  size_t imported;      /**< New cases committed. */
  size_t replaced;      /**< Stored cases replaced (SSVC_XML_DUP_REPLACE), committed. */
  size_t skipped;       /**< Case records skipped because the id existed (SSVC_XML_DUP_SKIP). */
  size_t bad;           /**< Bad records (cases and agreements) reported and left out. */
  /* Version 2: */
  size_t agreements_imported; /**< New agreements committed. */
  size_t agreements_replaced; /**< Stored agreements updated (SSVC_XML_DUP_REPLACE), committed. */
  /** Agreement records skipped because the customer had one (SSVC_XML_DUP_SKIP). */
  size_t agreements_skipped;
} ssvc_xml_import_result;

/** Static initializer. */
#define SSVC_XML_IMPORT_RESULT_INIT {SSVC_XML_IMPORT_RESULT_VERSION, 0, 0, 0, 0, 0, 0, 0}

/**
 * Imports the case records and agreements of the XML file at @p path into @p store, in
 * transactions of options->batch_size records. Agreements are written with
 * ssvc_agreement_create() (or ssvc_agreement_update() under SSVC_XML_DUP_REPLACE), logged by the
 * actor "xml-import"; what those refuse is a bad record (SSVC_EINVAL, SSVC_ENOTFOUND for an
 * unknown built-in tier, SSVC_EEXISTS).
 *
 * @param[out] result  may be NULL; its version set by the caller.
 * @param options      may be NULL for the defaults.
 * @return SSVC_OK (bad records reported with continue_on_error do not fail it); SSVC_EIO when
 *         the file cannot be read; SSVC_EPARSE for XML that is not well-formed, a DOCTYPE,
 *         invalid UTF-8, a truncated file, the wrong namespace or version, or a record that does
 *         not follow the format, the message giving "path:line:column: why"; SSVC_ELIMIT for a
 *         limit; SSVC_EEXISTS for a duplicate under SSVC_XML_DUP_REJECT; SSVC_EINVAL for a
 *         field the case rules refuse; storage errors. On failure the batch being written is
 *         rolled back; batches committed before stay (result says how many cases).
 *         Structural errors (not well-formed, limits, wrong root) always fail the import: a
 *         record over a limit is not reported to on_bad nor counted as bad, even with
 *         continue_on_error; the message names the limit, the position and that the import
 *         stopped.
 */
SSVC_API int ssvc_xml_import_file(ssvc_store *store, ssvc_xml_import_result *result,
                                  const char *path, const ssvc_xml_import_options *options);

/** As ssvc_xml_import_file() over @p len bytes at @p xml; @p name is used in messages (may be
 * NULL: "input"). */
SSVC_API int ssvc_xml_import_memory(ssvc_store *store, ssvc_xml_import_result *result,
                                    const void *xml, size_t len, const char *name,
                                    const ssvc_xml_import_options *options);

/** Current version of struct ssvc_xml_export_options. */
#define SSVC_XML_EXPORT_OPTIONS_VERSION 1

/** Options of an export. The customer filter applies to agreements too; the dates do not. */
typedef struct ssvc_xml_export_options {
  unsigned int version;    /**< SSVC_XML_EXPORT_OPTIONS_VERSION. */
  const char *customer_id; /**< Only this customer's cases (by registration instant); NULL: all
                                cases, by id. */
  ssvc_date from;          /**< First day (UTC) of registration to include; year 0: no bound. */
  ssvc_date to;            /**< Last day (UTC) of registration to include; year 0: no bound. */
  ssvc_xml_progress_fn progress; /**< Called every 1000 cases; may be NULL. */
  void *progress_data;           /**< Passed to progress. */
} ssvc_xml_export_options;

/** Static initializer: every case. */
#define SSVC_XML_EXPORT_OPTIONS_INIT \
  {SSVC_XML_EXPORT_OPTIONS_VERSION, NULL, {0, 0, 0}, {0, 0, 0}, NULL, NULL}

/** Zeroes @p options and sets its version (SSVC_EINVAL for NULL, SSVC_EVERSION). */
SSVC_API int ssvc_xml_export_options_init(ssvc_xml_export_options *options,
                                          unsigned int version);

/**
 * Exports the cases chosen by @p options, then the agreements (all, or the one of
 * options->customer_id), as one XML document, streamed to @p fn in pieces.
 * The output depends only on the stored cases and agreement specs: export, import into an empty
 * store and export again gives the same bytes.
 * @param[out] count  number of cases written (agreements not counted); may be NULL.
 * @return SSVC_OK; SSVC_EINVAL for NULL arguments or a bad date; SSVC_EVERSION; SSVC_EIO when
 *         @p fn asks to stop; SSVC_ESTORAGE for a record that cannot be decoded; storage errors;
 *         SSVC_ENOMEM.
 */
SSVC_API int ssvc_xml_export(ssvc_store *store, size_t *count, ssvc_write_fn fn, void *user_data,
                             const ssvc_xml_export_options *options);

/** As ssvc_xml_export() into the file @p path (created or truncated; SSVC_EIO naming it when it
 * cannot be written). A failed export removes nothing it wrote: the file is then incomplete. */
SSVC_API int ssvc_xml_export_file(ssvc_store *store, size_t *count, const char *path,
                                  const ssvc_xml_export_options *options);

SSVC_END_DECLS

#endif /* SMARTSERVICE_XML_H */
