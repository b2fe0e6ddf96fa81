/**
 * @file smartservice/context.h
 * @brief The library context: allocator, last error, log and clock callbacks.
 *
 * Every object of the library belongs to one context and reports its errors there. A context and
 * its objects are used by one thread at a time; separate contexts share nothing and may be used
 * from different threads at once (see doc/threading.md).
 */
#ifndef SMARTSERVICE_CONTEXT_H
#define SMARTSERVICE_CONTEXT_H

#include "common.h"

SSVC_BEGIN_DECLS

/** An opaque library context. Create with ssvc_ctx_new(), release with ssvc_ctx_free(). */
typedef struct ssvc_ctx ssvc_ctx;

/** Log levels, in increasing severity. */
typedef enum ssvc_log_level {
  SSVC_LOG_DEBUG = 0, /**< Detail for developers. */
  SSVC_LOG_INFO = 1,  /**< Normal events worth keeping (a case shipped). */
  SSVC_LOG_WARN = 2,  /**< Something unusual that the library handled (a backorder). */
  SSVC_LOG_ERROR = 3  /**< A call failed; the same text is in ssvc_ctx_errmsg(). */
} ssvc_log_level;

/** The stable name of a log level ("debug", "info", "warn", "error"); NULL when unknown. Static. */
SSVC_API const char *ssvc_log_level_name(int level);
/** The log level named @p name (as ssvc_log_level_name() gives it), in @p out. SSVC_EINVAL for a
 *  NULL @p out or @p name, SSVC_ENOTFOUND ("unknown log level '...'") for another name. @p ctx may
 *  be NULL. */
SSVC_API int ssvc_log_level_from_name(ssvc_ctx *ctx, int *out, const char *name);

/** The stable name of a language (ssvc_lang in common.h: "sv", "en"); NULL when unknown. Static. */
SSVC_API const char *ssvc_lang_name(int lang);
/** The language named @p name (as ssvc_lang_name() gives it), in @p out. SSVC_EINVAL for a NULL
 *  @p out or @p name, SSVC_ENOTFOUND ("unknown language '...'") for another name. @p ctx may be
 *  NULL. */
SSVC_API int ssvc_lang_from_name(ssvc_ctx *ctx, int *out, const char *name);

/**
 * Log callback. @p message is a NUL-terminated UTF-8 line without a trailing newline, borrowed
 * for the duration of the call. The callback must not call back into the same context.
 */
typedef void (*ssvc_log_fn)(void *user_data, int level, const char *message);

/**
 * Clock callback: the current instant as Unix seconds (UTC). Tests use it to set "now".
 * The callback must not call back into the same context.
 */
typedef int64_t (*ssvc_clock_fn)(void *user_data);

/** Current version of struct ssvc_ctx_options. */
#define SSVC_CTX_OPTIONS_VERSION 1

/** Options for ssvc_ctx_new(). Fields left zero take their defaults. */
typedef struct ssvc_ctx_options {
  unsigned int version; /**< SSVC_CTX_OPTIONS_VERSION. */
  /** Allocator for everything the context allocates; NULL for the C library's malloc. Copied. */
  const ssvc_allocator *allocator;
  ssvc_log_fn log;         /**< Log callback, or NULL for no logging. */
  void *log_user_data;     /**< Passed to @c log. */
  int log_level;           /**< Lowest ssvc_log_level passed to @c log (default SSVC_LOG_DEBUG). */
  ssvc_clock_fn clock;     /**< Clock callback, or NULL for the system clock. */
  void *clock_user_data;   /**< Passed to @c clock. */
} ssvc_ctx_options;

/** Static initializer: version set, every option at its default. */
#define SSVC_CTX_OPTIONS_INIT {SSVC_CTX_OPTIONS_VERSION, NULL, NULL, NULL, 0, NULL, NULL}

/**
 * Zeroes @p options and sets its version. SSVC_EINVAL for NULL; SSVC_EVERSION for a version of 0
 * or newer than SSVC_CTX_OPTIONS_VERSION (the struct is then left untouched).
 */
SSVC_API int ssvc_ctx_options_init(ssvc_ctx_options *options, unsigned int version);

/**
 * Creates a context.
 *
 * @param[out] out      receives the new context, owned by the caller; set to NULL on failure.
 * @param      options  NULL for all defaults; otherwise read during the call only.
 * @return SSVC_OK; SSVC_EINVAL when @p out is NULL, an allocator lacks a callback or the log level
 *         is unknown; SSVC_EVERSION when @p options or its allocator has an unsupported version;
 *         SSVC_ENOMEM. As there is no context yet to hold a message, a failure is also reported
 *         to the log callback of @p options, when one is given.
 */
SSVC_API int ssvc_ctx_new(ssvc_ctx **out, const ssvc_ctx_options *options);

/** Releases a context. NULL is accepted. Every object made with the context must be freed first. */
SSVC_API void ssvc_ctx_free(ssvc_ctx *ctx);

/**
 * The message of the most recent failed call on @p ctx, naming the argument or the input position
 * at fault, e.g. "ssvc_catalog_add: spec->price_minor: must not be negative (got -1)".
 * Empty when no call has failed. Borrowed: valid until the next call on @p ctx. For a NULL
 * @p ctx: "no context".
 */
SSVC_API const char *ssvc_ctx_errmsg(const ssvc_ctx *ctx);

/**
 * The message of ssvc_ctx_errmsg() without where it came from: the names of the library
 * functions it passed through ("ssvc_swap_ship: ssvc_case_load: ") are left off, so what remains
 * is the message for a person: "no case 'SC-2026-000009'". The full message, with the functions'
 * names, stays in ssvc_ctx_errmsg() and in the log (SSVC_LOG_ERROR). A tool shows this one to its
 * user and logs the full one. Empty when no call has failed. Borrowed: valid until the next call
 * on @p ctx. For a NULL @p ctx: "no context".
 */
SSVC_API const char *ssvc_ctx_errtext(const ssvc_ctx *ctx);

/**
 * The library function that does what the most recent error's message asks for, or NULL when it
 * asks for nothing. A message that asks the user to do something first ends with that request,
 * in words that name no program: "SC-2026-000001: referred to swap-requested belongs to the
 * case's swap or loan order; reserve a phone for it from the SWAP stock" comes with
 * "ssvc_swap_reserve", "no Support Center identity is set; set it first" with "ssvc_center_set".
 * A helpdesk product points its user to its own screen for that function; the smartservice tool
 * appends its command ("... with 'smartservice swap reserve'"). The string is static. NULL for a
 * NULL @p ctx, after ssvc_ctx_clear_error(), and when no call has failed.
 */
SSVC_API const char *ssvc_ctx_errremedy(const ssvc_ctx *ctx);

/** The status code of the most recent failed call on @p ctx (SSVC_OK when none has failed). */
SSVC_API int ssvc_ctx_errcode(const ssvc_ctx *ctx);

/** Forgets the last error: afterwards errcode is SSVC_OK, errmsg is empty and errremedy NULL.
 *  NULL is ignored. */
SSVC_API void ssvc_ctx_clear_error(ssvc_ctx *ctx);

/** The current instant (Unix seconds, UTC) from the clock callback or the system clock. */
SSVC_API int64_t ssvc_ctx_now(ssvc_ctx *ctx);

SSVC_END_DECLS

#endif /* SMARTSERVICE_CONTEXT_H */
