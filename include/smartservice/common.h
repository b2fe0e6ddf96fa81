/**
 * @file smartservice/common.h
 * @brief Version, status codes, money, dates, languages and the allocator type.
 *
 * Everything here is plain data or a pure function: no context is needed and every function may be
 * called from any thread at any time.
 */
#ifndef SMARTSERVICE_COMMON_H
#define SMARTSERVICE_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "export.h"

SSVC_BEGIN_DECLS

/** @name Version
 * The version of the headers. ssvc_version() gives the version of the library actually loaded;
 * the two may differ when an application runs against a newer library of the same major version.
 * @{ */
#define SSVC_VERSION_MAJOR 1 /**< Incremented on an incompatible ABI change (the SOVERSION). */
#define SSVC_VERSION_MINOR 0 /**< Incremented when functions or struct fields are added. */
#define SSVC_VERSION_PATCH 0 /**< Incremented for fixes that change no interface. */
#define SSVC_VERSION_STRING "1.0.0" /**< "MAJOR.MINOR.PATCH". */
/** MAJOR * 10000 + MINOR * 100 + PATCH, for compile-time comparisons. */
#define SSVC_VERSION_NUMBER \
  (SSVC_VERSION_MAJOR * 10000 + SSVC_VERSION_MINOR * 100 + SSVC_VERSION_PATCH)

/** The version string of the loaded library, e.g. "1.0.0". Static storage; never NULL. */
SSVC_API const char *ssvc_version(void);

/** The version of the loaded library as SSVC_VERSION_NUMBER would spell it. */
SSVC_API int ssvc_version_number(void);
/** @} */

/**
 * Status codes. Every fallible function returns SSVC_OK (0) or one of the negative codes below.
 * The numbers are part of the ABI and are never changed or reused; new codes are added at the end.
 * The context that the call used holds a message that names the argument or input at fault
 * (ssvc_ctx_errmsg()).
 */
typedef enum ssvc_status {
  SSVC_OK = 0,              /**< Success. */
  SSVC_EINVAL = -1,         /**< An argument is invalid (NULL, malformed, unknown enum value). */
  SSVC_ENOMEM = -2,         /**< The allocator returned NULL. */
  SSVC_ERANGE = -3,         /**< A value is outside the supported range. */
  SSVC_EVERSION = -4,       /**< A versioned struct has version 0 or a version newer than known. */
  SSVC_ENOTFOUND = -5,      /**< The named object does not exist. */
  SSVC_EEXISTS = -6,        /**< An object with that identity already exists. */
  SSVC_ESTATE = -7,         /**< The operation is not allowed in the object's current state. */
  SSVC_ENOTENTITLED = -8,   /**< The customer's tier lacks the feature the operation needs. */
  SSVC_ECONFLICT = -9,      /**< A compare-and-set lost against a concurrent change. */
  SSVC_ESTORAGE = -10,      /**< The storage backend failed. */
  SSVC_EPARSE = -11,        /**< Input text (XML, dates, numbers) is malformed. */
  SSVC_ELIMIT = -12,        /**< Input exceeds a configured bound (size, depth, count). */
  SSVC_EIO = -13,           /**< A file or stream could not be read or written. */
  SSVC_EBUSY = -14,         /**< The resource is locked by another user; retrying may succeed. */
  SSVC_EINTERNAL = -15      /**< An internal invariant failed; please report it. */
} ssvc_status;

/**
 * A short English description of a status code, e.g. "invalid argument" for SSVC_EINVAL.
 * Unknown codes give "unknown status code". Static storage; never NULL.
 */
SSVC_API const char *ssvc_strerror(int status);

/**
 * The symbolic name of a status code, e.g. "SSVC_EINVAL"; "SSVC_UNKNOWN" for an unknown code.
 * Static storage; never NULL.
 */
SSVC_API const char *ssvc_status_name(int status);

/** Languages for names and texts. */
typedef enum ssvc_lang {
  SSVC_LANG_SV = 0, /**< Swedish, the service's own language. */
  SSVC_LANG_EN = 1  /**< English. */
} ssvc_lang;

/** A civil (calendar) date in the proleptic Gregorian calendar, no time zone. */
typedef struct ssvc_date {
  int year;  /**< e.g. 2026 */
  int month; /**< 1..12 */
  int day;   /**< 1..31, valid for the month */
} ssvc_date;

/**
 * Money is an amount of minor units (öre for SEK) in an int64_t, with an ISO 4217 currency code
 * beside it where it matters. No floating point is used for money anywhere in the library.
 *
 * Formats @p amount_minor as "<units>.<cents> <currency>" (two decimals, '-' for negatives, no
 * thousands separator), e.g. 1900 and "SEK" give "19.00 SEK". @p currency may be NULL to leave the
 * code out. Writes at most @p size bytes including the terminating NUL; returns the length the full
 * text needs (like snprintf), so a return value >= @p size means the text was cut.
 */
SSVC_API size_t ssvc_money_format(char *buf, size_t size, int64_t amount_minor,
                                  const char *currency);

/** @name Allocator
 * A custom allocator for everything a context allocates. The library calls it with the
 * @c user_data given here; a function may be called from whichever thread uses the context.
 * @{ */
/** Current version of struct ssvc_allocator. */
#define SSVC_ALLOCATOR_VERSION 1

/** Allocation callbacks. All three must be set. */
typedef struct ssvc_allocator {
  unsigned int version; /**< SSVC_ALLOCATOR_VERSION. */
  /** Allocate @p size bytes (size > 0); NULL on failure. */
  void *(*malloc_fn)(void *user_data, size_t size);
  /** Resize @p ptr (never NULL) to @p size bytes (size > 0); NULL on failure, @p ptr untouched. */
  void *(*realloc_fn)(void *user_data, void *ptr, size_t size);
  /** Release @p ptr (never NULL). */
  void (*free_fn)(void *user_data, void *ptr);
  void *user_data; /**< Passed to every callback. */
} ssvc_allocator;

/** Static initializer: version set, everything else zero. */
#define SSVC_ALLOCATOR_INIT {SSVC_ALLOCATOR_VERSION, NULL, NULL, NULL, NULL}

/**
 * Zeroes @p allocator and sets its version. Returns SSVC_EINVAL for NULL, SSVC_EVERSION for a
 * version of 0 or newer than SSVC_ALLOCATOR_VERSION (the struct is then left untouched).
 */
SSVC_API int ssvc_allocator_init(ssvc_allocator *allocator, unsigned int version);
/** @} */

/**
 * Receives output bytes (XML export, reports, invoices: every writer of the
 * library). Return 0 to go on, nonzero to stop: the writing
 * function then returns SSVC_EIO.
 */
typedef int (*ssvc_write_fn)(void *user_data, const char *bytes, size_t len);

/** @name Check digits
 * The Luhn (mod 10) check digit, as IMEIs carry it (and Swedish organisation numbers and OCR
 * payment references). One implementation for the library and its callers.
 * @{ */
/** Size of a buffer that holds an IMEI: 15 digits and the terminating NUL. */
#define SSVC_IMEI_SIZE 16

/**
 * The Luhn check digit (0-9) of the @p len decimal digits at @p digits, that is the digit that,
 * appended, makes the sequence valid. -1 when @p digits is NULL, @p len is 0 or a character is not
 * a decimal digit.
 */
SSVC_API int ssvc_luhn_check_digit(const char *digits, size_t len);

/**
 * 1 when the last of the @p len decimal digits at @p digits is the Luhn check digit of those
 * before it; 0 otherwise (also for NULL, fewer than 2 digits, or a character that is not a digit).
 */
SSVC_API int ssvc_luhn_valid(const char *digits, size_t len);

/** 1 when @p imei is 15 decimal digits whose last is the Luhn check digit of the others. */
SSVC_API int ssvc_imei_valid(const char *imei);

/**
 * Completes an IMEI: writes the 14 digits of @p body, their check digit and the terminating NUL
 * to @p out (at least SSVC_IMEI_SIZE bytes). SSVC_EINVAL (and @p out untouched) when @p out is
 * NULL or @p body is not exactly 14 decimal digits.
 */
SSVC_API int ssvc_imei_complete(char *out, const char *body);
/** @} */

SSVC_END_DECLS

#endif /* SMARTSERVICE_COMMON_H */
