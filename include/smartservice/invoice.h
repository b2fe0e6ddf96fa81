/**
 * @file smartservice/invoice.h
 * @brief Invoices (rule R8): parties, lines with their VAT, totals, and the two renderings: UBL
 * 2.1 (Peppol BIS Billing 3.0) for the customer's finance system and text for people. Rounding
 * and the UBL mapping are described in doc/charges.md.
 *
 * Threads: an invoice belongs to the context it was made with and, like it, is used by one
 * thread at a time.
 */
#ifndef SMARTSERVICE_INVOICE_H
#define SMARTSERVICE_INVOICE_H

#include "money.h"

SSVC_BEGIN_DECLS

/** @name Invoices
 * @{ */

/** Current version of struct ssvc_party: 2 appended the Peppol endpoint, the F-skatt statement,
 *  the legal form, the payment account and the contact. A caller built against version 1 passes
 *  version 1 and a struct that ends before them; such a party is checked as before (texts only),
 *  while a version-2 party's numbers are checked (organisation number, VAT number, endpoint,
 *  bankgiro, IBAN: doc/charges.md "Parties"). */
#define SSVC_PARTY_VERSION 2

/** A seller or buyer. Every string is copied by ssvc_invoice_new(). */
typedef struct ssvc_party {
  unsigned int version;    /**< SSVC_PARTY_VERSION. */
  const char *name;        /**< Registered name, required (BT-27 / BT-44). */
  const char *org_number;  /**< Swedish organisation number "NNNNNN-NNNN", required: the
                                legal registration (BT-30 / BT-47) and the Peppol endpoint
                                (scheme 0007, BT-34 / BT-49). Version 2: ten digits (the dash
                                optional) whose last is the Luhn check digit. */
  const char *vat_number;  /**< VAT registration with its country prefix, e.g.
                                "SE556677889901" (BT-31 / BT-48); required for the seller,
                                NULL when the buyer has none. Version 2: a Swedish one is "SE",
                                the organisation number's ten digits and "01". */
  const char *street;      /**< Street address; NULL when none. */
  const char *postal_code; /**< Postal code; NULL when none. */
  const char *city;        /**< City; NULL when none. */
  const char *country;     /**< ISO 3166-1 alpha-2 code; NULL for "SE". */
  /* Version 2. */
  /** Peppol electronic address "scheme:id" (BT-34 / BT-49), e.g. "0007:5560000001" (scheme
   *  four digits, id 1-50 letters, digits or "-._"); NULL for "0007:" and the organisation
   *  number's digits. */
  const char *endpoint;
  /** 1: the seller is approved for F-skatt; the UBL states "Godkänd för F-skatt" (Swedish rule
   *  SE-R-005, a PartyTaxScheme of scheme TAX) and the text invoice prints it. 0: not stated. */
  int f_skatt;
  /** Legal form and further legal information (BT-33), e.g. "Säte: Stockholm"; NULL when none. */
  const char *legal_form;
  /** Bankgiro number "NNN-NNNN" or "NNNN-NNNN" (7-8 digits, the last the Luhn check digit):
   *  the seller's account for payment (PaymentMeans code 30, branch "SE:BANKGIRO"); NULL when
   *  none. */
  const char *bankgiro;
  /** IBAN (mod-97 checked, spaces allowed), e.g. "SE45 5000 0000 0583 9825 7466"; NULL when
   *  none. Used for payment when there is no bankgiro. */
  const char *iban;
  /** BIC of the IBAN's bank, 8 or 11 letters and digits; NULL when none. */
  const char *bic;
  const char *contact_name;  /**< Contact person (BT-41 / BT-56); NULL when none. */
  const char *contact_phone; /**< Contact telephone (BT-42 / BT-57); NULL when none. */
  const char *contact_email; /**< Contact e-mail (BT-43 / BT-58); NULL when none. */
} ssvc_party;

/** Static initializer: version set, everything else NULL. */
#define SSVC_PARTY_INIT \
  {SSVC_PARTY_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL, \
   NULL, NULL, NULL}

/** Zeroes @p party and sets its version (with version 1 only the fields of version 1 are
 * written). SSVC_EINVAL for NULL; SSVC_EVERSION for a bad version. */
SSVC_API int ssvc_party_init(ssvc_party *party, unsigned int version);

/**
 * Checks a version-2 party as ssvc_invoice_new() and the Support Center and agreement setters
 * check it: the texts, the organisation number (Luhn), the VAT number (Swedish: "SE" + the
 * organisation number + "01"), the endpoint, the bankgiro (Luhn), the IBAN (mod 97) and BIC.
 * Messages name the field and its value ("ssvc_party_check: org_number: '556000-0000' fails the
 * check digit").
 * @param ctx    receives the error.
 * @param party  the party; its version must be 2.
 * @return SSVC_OK; SSVC_EINVAL naming the field; SSVC_EVERSION (not version 2).
 */
SSVC_API int ssvc_party_check(ssvc_ctx *ctx, const ssvc_party *party);

/** Longest OCR reference ssvc_ocr_reference() makes, in digits (Bankgirot allows 2-25). */
#define SSVC_OCR_MAX 25

/**
 * The Swedish OCR payment reference of an invoice number: its digits in order, then a length
 * digit (the reference's whole length, check digit included, modulo 10), then a Luhn check
 * digit; "INV-2026-000001" gives "202600000121". The payment ID of the UBL (BT-83) and of the
 * text invoice. Writes like snprintf into @p buf (at most @p size bytes with the NUL).
 * @return the reference's length; 0 (and "" when @p size > 0) when the number has no digits or
 *         more than SSVC_OCR_MAX - 2.
 */
SSVC_API size_t ssvc_ocr_reference(char *buf, size_t size, const char *invoice_number);

/** 1 when @p ocr is 2-25 digits whose last is their Luhn check digit and whose second last is
 *  the length digit (length modulo 10); 0 otherwise and for NULL. */
SSVC_API int ssvc_ocr_valid(const char *ocr);

/** Current version of struct ssvc_invoice_info: 2 appended @c order_reference. A version-1
 *  caller passes a struct that ends before it. */
#define SSVC_INVOICE_INFO_VERSION 2

/** The head of an invoice. Strings and parties are copied by ssvc_invoice_new(). */
typedef struct ssvc_invoice_info {
  unsigned int version;         /**< SSVC_INVOICE_INFO_VERSION. */
  const char *number;           /**< Invoice number, 1-64 bytes, required (BT-1). */
  ssvc_date issue_date;         /**< Issue date (BT-2). */
  ssvc_date due_date;           /**< Payment due date (BT-9), not before the issue date. */
  ssvc_date period_start;       /**< First day of the invoiced period (BT-73). */
  ssvc_date period_end;         /**< Last day of the invoiced period (BT-74), not before start. */
  const char *buyer_reference;  /**< The buyer's reference (BT-10); NULL uses the number. */
  const char *currency;         /**< ISO 4217; NULL for "SEK". */
  const ssvc_party *seller;     /**< Required. */
  const ssvc_party *buyer;      /**< Required. */
  int direct;                   /**< 1 for a direct-billed invoice (repairs, cost estimates). */
  /* Version 2. */
  const char *order_reference;  /**< The buyer's order or contract reference (BT-13), 1-64
                                     bytes; NULL when none. */
} ssvc_invoice_info;

/** Static initializer: version set, everything else zero. */
#define SSVC_INVOICE_INFO_INIT \
  {SSVC_INVOICE_INFO_VERSION, NULL, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}, NULL, NULL, NULL, \
   NULL, 0, NULL}

/** Zeroes @p info and sets its version. SSVC_EINVAL for NULL; SSVC_EVERSION for a bad version. */
SSVC_API int ssvc_invoice_info_init(ssvc_invoice_info *info, unsigned int version);

/** Current version of struct ssvc_invoice_line. */
#define SSVC_INVOICE_LINE_VERSION 1

/**
 * One invoice line. The line's net amount is quantity x unit price / base quantity, rounded
 * half up to whole öre, once per line; its VAT is net x rate, rounded half up to whole öre. A
 * credit has a negative quantity (the price stays >= 0, as Peppol requires) and rounds half away
 * from zero, exactly mirroring the charge it cancels.
 */
typedef struct ssvc_invoice_line {
  unsigned int version;       /**< SSVC_INVOICE_LINE_VERSION. */
  int kind;                   /**< An ssvc_charge_kind. */
  const char *text_sv;        /**< Swedish description, 1-200 bytes of UTF-8, required. */
  const char *text_en;        /**< English description; NULL to use the Swedish one. */
  int64_t quantity;           /**< Invoiced quantity (BT-129), -10^12..10^12; < 0 for a credit. */
  int64_t base_quantity;      /**< Quantity the unit price is for (BT-149), 1..10^6; 0 = 1. */
  const char *unit_code;      /**< UN/ECE rec. 20 unit (BT-130); NULL for "C62" (one). */
  int64_t unit_price_minor;   /**< Price per base quantity in öre (BT-146), 0..10^12. */
  uint32_t vat_basis_points;  /**< VAT rate in basis points: 2500, 1200, 600 (category S) or
                                   0 (category Z), the rates of a Swedish seller (Peppol
                                   SE-R-006; doc/charges.md "VAT"). */
  int64_t net_minor;          /**< Output of ssvc_invoice_line_get(): the line net amount. */
  int64_t vat_minor;          /**< Output of ssvc_invoice_line_get(): the line's VAT. */
} ssvc_invoice_line;

/** Static initializer: version set, VAT 25%, everything else zero. */
#define SSVC_INVOICE_LINE_INIT \
  {SSVC_INVOICE_LINE_VERSION, 0, NULL, NULL, 0, 0, NULL, 0, SSVC_VAT_DEFAULT_BASIS_POINTS, 0, 0}

/** Zeroes @p line, sets its version and the default VAT (25%). SSVC_EINVAL for NULL;
 * SSVC_EVERSION for a bad version. */
SSVC_API int ssvc_invoice_line_init(ssvc_invoice_line *line, unsigned int version);

/** Current version of struct ssvc_invoice_totals. */
#define SSVC_INVOICE_TOTALS_VERSION 1

/** The totals of an invoice (Peppol BG-22), filled by ssvc_invoice_get_totals(). */
typedef struct ssvc_invoice_totals {
  unsigned int version;        /**< SSVC_INVOICE_TOTALS_VERSION, set by the caller. */
  size_t lines;                /**< Number of lines. */
  size_t vat_categories;       /**< Number of distinct VAT rates (TaxSubtotal elements). */
  int64_t line_extension;      /**< Sum of line nets (BT-106). */
  int64_t tax_exclusive;       /**< Total without VAT (BT-109), equal to line_extension. */
  int64_t tax;                 /**< Total VAT (BT-110): sum of the VAT per rate. */
  int64_t tax_inclusive;       /**< tax_exclusive + tax (BT-112). */
  int64_t payable;             /**< Amount due (BT-115), equal to tax_inclusive. */
  int64_t line_vat_sum;        /**< Sum of the per-line VAT amounts (informative; may differ
                                    from @c tax by rounding, see doc/charges.md). */
} ssvc_invoice_totals;

/** Static initializer: version set, everything else zero. */
#define SSVC_INVOICE_TOTALS_INIT {SSVC_INVOICE_TOTALS_VERSION, 0, 0, 0, 0, 0, 0, 0, 0}

/** Zeroes @p totals and sets its version. SSVC_EINVAL for NULL; SSVC_EVERSION for a bad version. */
SSVC_API int ssvc_invoice_totals_init(ssvc_invoice_totals *totals, unsigned int version);

/** An invoice: a head and its lines. */
typedef struct ssvc_invoice ssvc_invoice;

/**
 * Creates an invoice without lines.
 * @param[out] out  the invoice, owned by the caller (ssvc_invoice_free()); NULL on failure.
 * @return SSVC_OK; SSVC_EINVAL naming the field at fault (missing number or party, invalid
 *         date, due before issue, period end before start, bad currency or country, text that
 *         is not UTF-8 or too long; for a version-2 party a number that fails its check, as
 *         ssvc_party_check() says, e.g. "info->buyer->org_number: '556000-0000' fails the check
 *         digit (Luhn)"); SSVC_EVERSION; SSVC_ENOMEM.
 */
SSVC_API int ssvc_invoice_new(ssvc_ctx *ctx, ssvc_invoice **out, const ssvc_invoice_info *info);

/** Releases an invoice. NULL is accepted. */
SSVC_API void ssvc_invoice_free(ssvc_invoice *invoice);

/**
 * Appends a line (its strings are copied; net_minor and vat_minor are ignored).
 * @return SSVC_OK; SSVC_EINVAL naming the field at fault; SSVC_EVERSION; SSVC_ERANGE when the
 *         amounts would overflow (|quantity| x price, or the sum of |line net| of the invoice,
 *         above INT64_MAX / 4);
 *         SSVC_ELIMIT for a ninth distinct VAT rate (unreachable with the four valid rates);
 *         SSVC_ENOMEM. On failure the invoice is
 *         unchanged.
 */
SSVC_API int ssvc_invoice_add_line(ssvc_invoice *invoice, const ssvc_invoice_line *line);

/** Number of lines; 0 for NULL. */
SSVC_API size_t ssvc_invoice_line_count(const ssvc_invoice *invoice);

/**
 * Copies line @p index into @p out (strings borrowed from the invoice, valid until it is
 * freed), with net_minor and vat_minor computed. @p out->version must be set by the caller.
 * @return SSVC_OK; SSVC_EINVAL (NULL argument); SSVC_EVERSION; SSVC_ENOTFOUND (index too big).
 */
SSVC_API int ssvc_invoice_line_get(const ssvc_invoice *invoice, size_t index,
                                   ssvc_invoice_line *out);

/**
 * Fills @p out with the totals (@p out->version set by the caller).
 * @return SSVC_OK; SSVC_EINVAL (NULL argument); SSVC_EVERSION.
 */
SSVC_API int ssvc_invoice_get_totals(const ssvc_invoice *invoice, ssvc_invoice_totals *out);

/** The invoice number. Borrowed. NULL for NULL. */
SSVC_API const char *ssvc_invoice_number(const ssvc_invoice *invoice);

/** 1 for a direct-billed invoice, 0 otherwise and for NULL. */
SSVC_API int ssvc_invoice_is_direct(const ssvc_invoice *invoice);

/** 1 for a credit note (ssvc_credit_note_issue(), doc/charges.md "Credit notes"), 0 otherwise
 * and for NULL. */
SSVC_API int ssvc_invoice_is_credit_note(const ssvc_invoice *invoice);

/** The number of the invoice a credit note credits (its BillingReference); NULL for an invoice
 * and for NULL. Borrowed. */
SSVC_API const char *ssvc_invoice_credited(const ssvc_invoice *invoice);

/**
 * Renders the invoice as UBL 2.1 Invoice XML (a credit note as UBL 2.1 CreditNote) following
 * Peppol BIS Billing 3.0 (UTF-8), with PaymentMeans (credit transfer to the seller's bankgiro or
 * IBAN, the OCR reference as payment ID) and PaymentTerms when the seller has an account
 * (doc/charges.md "Payment"). Writes at
 * most @p size bytes including the terminating NUL (@p buf may be NULL when @p size is 0) and
 * stores the length the whole document needs in @p len, so @p len >= @p size means it was cut:
 * call again with a buffer of @p len + 1 bytes.
 * @return SSVC_OK; SSVC_EINVAL (NULL invoice or @p len); SSVC_ESTATE (no lines: Peppol needs at
 *         least one); SSVC_ENOMEM (libxml2 or the allocator failed).
 */
SSVC_API int ssvc_invoice_ubl(const ssvc_invoice *invoice, char *buf, size_t size, size_t *len);

/**
 * Writes the UBL document of ssvc_invoice_ubl() to the file @p path (replaced when it exists).
 * @return SSVC_OK; SSVC_EINVAL (NULL argument); SSVC_ESTATE (no lines); SSVC_EIO (the file
 *         cannot be written; message names it); SSVC_ENOMEM.
 */
SSVC_API int ssvc_invoice_ubl_file(const ssvc_invoice *invoice, const char *path);

/**
 * Renders the invoice as plain text for people in @p lang: head (with the order reference when
 * there is one), parties (the seller's F-skatt statement), aligned columns of lines
 * (description, quantity, unit price, net, VAT rate), the totals and, when the seller has a
 * bankgiro or IBAN, the payment: due date, account and OCR reference (doc/charges.md "Payment"). Writes like
 * snprintf: at most @p size bytes including the NUL; returns the length the whole text needs.
 * Returns 0 for a NULL invoice or an unknown language.
 */
SSVC_API size_t ssvc_invoice_text(const ssvc_invoice *invoice, int lang, char *buf, size_t size);
/** @} */

SSVC_END_DECLS

#endif /* SMARTSERVICE_INVOICE_H */
