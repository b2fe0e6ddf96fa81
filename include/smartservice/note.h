/**
 * @file smartservice/note.h
 * @brief The service note (servicesedel) and the return label of a case (rule R3): their data,
 * their printable HTML (A4 and a 100 x 150 mm label) and the Code 128 barcode of the case id.
 *
 * The user prints the note, puts it in the parcel with the faulty phone, and sticks the label on
 * the parcel. ssvc_note_get() gathers what both show from the case, its agreement and its SWAP
 * order; ssvc_note_html() renders them in Swedish or English. The PDF rendering is in the
 * optional library libsmartservice-docs (smartservice/docs.h), so that the core keeps its
 * dependencies. doc/documents.md describes every field.
 */
#ifndef SMARTSERVICE_NOTE_H
#define SMARTSERVICE_NOTE_H

#include "case.h"
#include "invoice.h" /* ssvc_party */
#include "swap.h"    /* SSVC_NAME_SIZE, ssvc_order_state */

SSVC_BEGIN_DECLS

/** The documents of a case. */
typedef enum ssvc_doc_kind {
  SSVC_DOC_NOTE = 1, /**< "note": the service note, one A4 page. */
  SSVC_DOC_LABEL = 2 /**< "label": the return label, one 100 x 150 mm page. */
} ssvc_doc_kind;

/** The stable name of a document kind ("note", "label"); NULL when unknown. Static. */
SSVC_API const char *ssvc_doc_kind_name(int kind);
/** The document kind named @p name (as ssvc_doc_kind_name() gives it), in @p out. SSVC_EINVAL for
 *  a NULL @p out or @p name, SSVC_ENOTFOUND ("unknown document kind '...'") for another name.
 *  @p ctx may be NULL. */
SSVC_API int ssvc_doc_kind_from_name(ssvc_ctx *ctx, int *out, const char *name);

/** What the user must do before sending the phone (ssvc_diag_reminder bits, smartservice/
 *  diagnosis.h): remove the SIM card, back up, sign out of the activation lock (Find My /
 *  Google account), pack the phone in the service bag, put the label on the parcel. */
#define SSVC_NOTE_TODO                                                                          \
  (SSVC_DIAG_REMIND_REMOVE_SIM | SSVC_DIAG_REMIND_BACKUP | SSVC_DIAG_REMIND_SIGN_OUT_LOCK |     \
   SSVC_DIAG_REMIND_SERVICE_BAG | SSVC_DIAG_REMIND_RETURN_LABEL)

/** Size of the note's text fields (256 bytes of UTF-8 and the NUL). */
#define SSVC_NOTE_TEXT_SIZE 257
/** Size of the note's symptom (4096 bytes, the case's limit, and the NUL). */
#define SSVC_NOTE_SYMPTOM_SIZE 4097

/** Current version of struct ssvc_note_options. */
#define SSVC_NOTE_OPTIONS_VERSION 1

/** Where the note comes from besides the case. */
typedef struct ssvc_note_options {
  unsigned int version; /**< SSVC_NOTE_OPTIONS_VERSION. */
  /** The service provider's return address, where the faulty phone goes: name, street,
   *  postal_code and city (org_number and vat_number are not used); country NULL for "SE".
   *  NULL: the stored Support Center's identity (smartservice/center.h), which must then have
   *  an address. */
  const ssvc_party *return_to;
  /** The diagnosis tree that asked the case's questions, for the words of the fault (its
   *  symptom's label); NULL: the built-in tree. */
  const ssvc_diag_tree *tree;
} ssvc_note_options;

/** Static initializer: version set, everything else NULL. */
#define SSVC_NOTE_OPTIONS_INIT {SSVC_NOTE_OPTIONS_VERSION, NULL, NULL}

/** Zeroes @p options and sets its version (SSVC_EINVAL for NULL, SSVC_EVERSION). */
SSVC_API int ssvc_note_options_init(ssvc_note_options *options, unsigned int version);

/** Current version of struct ssvc_note. */
#define SSVC_NOTE_VERSION 1

/** The data of a case's service note and return label. Self-contained: the strings are arrays
 *  ("" when absent). */
typedef struct ssvc_note {
  unsigned int version;                       /**< SSVC_NOTE_VERSION, set by the caller. */
  char case_id[SSVC_CASE_ID_SIZE];            /**< The case, also the barcode's content. */
  char customer_id[SSVC_NAME_SIZE];           /**< The customer organisation's id. */
  char customer_name[SSVC_NOTE_TEXT_SIZE];    /**< Its name, from the agreement. */
  char user_name[SSVC_NOTE_TEXT_SIZE];        /**< The phone user (the sender of the parcel). */
  char user_phone[SSVC_NOTE_TEXT_SIZE];       /**< The user's phone number; "" when none. */
  char model[SSVC_NOTE_TEXT_SIZE];            /**< The faulty phone's model. */
  char imei[SSVC_IMEI_SIZE];                  /**< The faulty phone's IMEI. */
  char serial[SSVC_NOTE_TEXT_SIZE];           /**< Its serial number; "" when none. */
  char symptom[SSVC_NOTE_SYMPTOM_SIZE];       /**< What the user reported at the call. */
  /** The diagnosed symptom's label in Swedish and English (from the tree, by the id the
   *  transcript starts with); "" when the case has no transcript or the tree lacks the id. */
  char fault[2][SSVC_NOTE_TEXT_SIZE];
  int outcome;                                /**< ::ssvc_case_outcome of the diagnosis. */
  int state;                                  /**< ::ssvc_case_state when the note was made. */
  unsigned int todo;                          /**< SSVC_NOTE_TODO: the reminders to print. */
  /** The swap order's ::ssvc_order_state; 0 when the case has none (a workshop referral). */
  int order_state;
  /** ::ssvc_replacement of the order (swap or loan); 0 without an order. */
  int replacement;
  /** The last day the faulty phone must be back: the order's return deadline (the agreement's
   *  return days, in working days, after the replacement's delivery; doc/swap.md). Year 0 while
   *  it is not fixed (no order, or not shipped yet): then @c return_days says how long. The
   *  documents print it for a swap or loan order only (a workshop referral has no deadline). */
  ssvc_date return_deadline;
  int return_days;                            /**< The agreement's return days (working days). */
  ssvc_date issued;                           /**< Stockholm date the note was made. */
  char return_name[SSVC_NOTE_TEXT_SIZE];      /**< Return address: the service provider. */
  char return_street[SSVC_NOTE_TEXT_SIZE];    /**< Return address: street. */
  char return_postal_code[SSVC_NAME_SIZE];    /**< Return address: postal code. */
  char return_city[SSVC_NOTE_TEXT_SIZE];      /**< Return address: city. */
  char return_country[3];                     /**< ISO 3166-1 alpha-2, "SE" by default. */
} ssvc_note;

/** Zeroes @p note and sets its version (SSVC_EINVAL for NULL, SSVC_EVERSION). */
SSVC_API int ssvc_note_init(ssvc_note *note, unsigned int version);

/**
 * Gathers the service note of case @p case_id into @p out (whose version the caller sets). Reads
 * only: the case, its agreement and its SWAP order.
 * @return SSVC_OK; SSVC_EINVAL for NULL arguments, a missing return address or one of its fields
 *         ("ssvc_note_get: options->return_to: not given, and no Support Center identity is
 *         stored ...", "options->return_to->street: must be given", "the Support Center's
 *         identity->street: must be given"); SSVC_EVERSION;
 *         SSVC_ENOTFOUND for an unknown case or a customer without an agreement; SSVC_ESTATE
 *         when no phone is sent in (neither a workshop or definite-fault diagnosis nor a
 *         referral: "SC-...: the case is closed (diagnosis handling-error); a service note is
 *         for a phone sent in (a workshop or definite-fault diagnosis, or a referral)"), for a
 *         cancelled case, or when its personal data is erased; storage errors; SSVC_ENOMEM.
 *         @p out is untouched on failure. A note may be made again at any later state.
 */
SSVC_API int ssvc_note_get(ssvc_store *store, ssvc_note *out, const char *case_id,
                           const ssvc_note_options *options);

/**
 * Writes document @p kind (ssvc_doc_kind) of @p note as one self-contained HTML page in @p lang
 * (SSVC_LANG_SV or SSVC_LANG_EN): print CSS for A4 (note) or a 100 x 150 mm page (label), the
 * case id as a Code 128 barcode in inline SVG, no external resources, every text escaped. It fits
 * a 390 px wide screen without scrolling sideways. The same note gives the same bytes.
 * @return SSVC_OK; SSVC_EINVAL (naming the argument) for NULL arguments, an unknown kind or
 *         language, or a case id the barcode cannot carry; SSVC_EIO when @p fn asks to stop.
 *         @p ctx receives the message and may not be NULL.
 */
SSVC_API int ssvc_note_html(ssvc_ctx *ctx, const ssvc_note *note, int kind, int lang,
                            ssvc_write_fn fn, void *user_data);

/** As ssvc_note_html() into the file @p path (created or truncated); SSVC_EIO naming it. */
SSVC_API int ssvc_note_html_file(ssvc_ctx *ctx, const ssvc_note *note, int kind, int lang,
                                 const char *path);

/** The words of the documents, shared by the HTML and the PDF rendering. */
typedef enum ssvc_note_word {
  SSVC_NOTE_W_TITLE = 0,      /**< "Servicesedel" / "Service note". */
  SSVC_NOTE_W_LABEL_TITLE,    /**< "Returetikett" / "Return label". */
  SSVC_NOTE_W_CASE,           /**< "Ärende" / "Case". */
  SSVC_NOTE_W_CUSTOMER,       /**< "Kund" / "Customer". */
  SSVC_NOTE_W_USER,           /**< "Användare" / "User". */
  SSVC_NOTE_W_PHONE,          /**< "Telefon" / "Phone". */
  SSVC_NOTE_W_IMEI,           /**< "IMEI". */
  SSVC_NOTE_W_SERIAL,         /**< "Serienummer" / "Serial number". */
  SSVC_NOTE_W_REPORTED,       /**< "Anmält fel" / "Reported fault". */
  SSVC_NOTE_W_DIAGNOSED,      /**< "Diagnos" / "Diagnosis". */
  SSVC_NOTE_W_TODO,           /**< The to-do heading. */
  SSVC_NOTE_W_RETURN_TO,      /**< "Skicka till" / "Send to". */
  SSVC_NOTE_W_DEADLINE,       /**< "Senast tillbaka" / "Back by". */
  SSVC_NOTE_W_DEADLINE_DAYS,  /**< "arbetsdagar efter att ..." / "working days after ...",
                                   after the number of return days. */
  SSVC_NOTE_W_FROM,           /**< "Avsändare" / "Sender". */
  SSVC_NOTE_W_TO,             /**< "Mottagare" / "Receiver". */
  SSVC_NOTE_W_ISSUED,         /**< "Utfärdad" / "Issued". */
  SSVC_NOTE_W_FOOTER,         /**< The closing sentence of the note. */
  SSVC_NOTE_W_SWAP,           /**< What happens with a swap order. */
  SSVC_NOTE_W_LOAN,           /**< What happens with a loan order. */
  SSVC_NOTE_W_WORKSHOP,       /**< What happens with a workshop referral. */
  SSVC_NOTE_W_FAULT,          /**< "Felet" / "The fault": the heading of the diagnosis. */
  SSVC_NOTE_W_COUNT           /**< Number of words (not a word). */
} ssvc_note_word;

/** Word @p word (ssvc_note_word) in @p lang; NULL when either is unknown. Static UTF-8. */
SSVC_API const char *ssvc_note_word_text(int word, int lang);

/** The diagnosis outcome @p outcome (ssvc_case_outcome) in words for the user, in @p lang
 *  ("Definitivt fel", "Definite fault"); NULL when either is unknown. Static UTF-8. */
SSVC_API const char *ssvc_note_outcome_text(int outcome, int lang);

/**
 * Encodes @p text as a Code 128 symbol in code set B (ISO/IEC 15417): start B, the characters
 * (ASCII 32-126 only), the modulo-103 check character and the stop pattern, without quiet zones.
 * Writes one byte per module into @p modules (1 a bar, 0 a space), at most @p size of them;
 * returns the number of modules the symbol needs (11 x (length + 3) + 2), like snprintf, so that
 * a call with @p size 0 sizes the buffer. Returns 0 for NULL, "" or a character outside 32-126.
 * Draw each module the same width and leave at least 10 modules of quiet zone on each side.
 */
SSVC_API size_t ssvc_code128(const char *text, unsigned char *modules, size_t size);

SSVC_END_DECLS

#endif /* SMARTSERVICE_NOTE_H */
