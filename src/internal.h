/*
 * Private to the library: the context's internals and the helpers every module uses for memory,
 * errors and logging. Nothing here is exported.
 */
#ifndef SSVC_INTERNAL_H
#define SSVC_INTERNAL_H

#include <stdarg.h>

#include "smartservice/context.h"

/* Longest error message kept, including the NUL; longer messages are cut. */
#define SSVC_ERRMSG_MAX 512

/* The largest amount of money a price or charge may have: 10^12 öre (doc/charges.md). */
#define SSVC_AMOUNT_MAX INT64_C(1000000000000)

struct ssvc_ctx {
  ssvc_allocator alloc;
  ssvc_log_fn log;
  void *log_user_data;
  int log_level;
  ssvc_clock_fn clock;
  void *clock_user_data;
  int errcode;
  char errmsg[SSVC_ERRMSG_MAX];
  /* The last agreement calendar built for an operation (ssvc__agreement_calendar_shared()) and
   * the settings it was built from; freed with the context. */
  struct ssvc_calendar *cal;
  int cal_cutoff, cal_return_days;
  ssvc_date *cal_closed;
  size_t cal_nclosed;
  /* Where in errmsg the message proper starts, past the "ssvc_x: " names (ssvc_ctx_errtext()). */
  size_t errtext;
  /* The function that does what the last error asks for (ssvc_ctx_errremedy()), and the one
   * ssvc__log_api() named for the error about to be set: ssvc__err() moves it over. */
  const char *errremedy, *next_remedy;
};

#if defined(__GNUC__)
#define SSVC_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define SSVC_PRINTF(fmt, args)
#endif

/* Memory through the context's allocator. On failure the context's error is set to SSVC_ENOMEM. */
void *ssvc__malloc(ssvc_ctx *ctx, size_t size);
void *ssvc__calloc(ssvc_ctx *ctx, size_t count, size_t size);
/* On failure @p ptr is untouched and still owned by the caller. */
void *ssvc__realloc(ssvc_ctx *ctx, void *ptr, size_t size);
void ssvc__free(ssvc_ctx *ctx, void *ptr);
char *ssvc__strdup(ssvc_ctx *ctx, const char *s);

/* Records @p code and the formatted message as the context's last error, logs it at
 * SSVC_LOG_ERROR, and returns @p code so that callers can write `return ssvc__err(...)`. */
int ssvc__err(ssvc_ctx *ctx, int code, const char *fmt, ...) SSVC_PRINTF(3, 4);

/* Sends a formatted line to the log callback when @p level passes the context's threshold. */
void ssvc__log(ssvc_ctx *ctx, int level, const char *fmt, ...) SSVC_PRINTF(3, 4);
/* Names the library function @p api (a static string) that does what the error @p func is about
 * to set asks for (its message ends with that request, naming no program): the next ssvc__err()
 * keeps it for ssvc_ctx_errremedy(), and the log (INFO) says it, with the argument @p field to
 * set (NULL: none). */
void ssvc__log_api(ssvc_ctx *ctx, const char *func, const char *api, const char *field);

/* Checks the version field of a versioned struct: SSVC_OK, or SSVC_EVERSION naming @p what. */
int ssvc__check_version(ssvc_ctx *ctx, const char *what, unsigned int version,
                        unsigned int newest);

/* The shared body of every ssvc_x_init(struct, version): zero, set version. */
int ssvc__struct_init(void *s, size_t size, unsigned int version, unsigned int newest);

/* SSVC_OK when @p imei (not NULL) is a valid IMEI; else SSVC_EINVAL with the message
 * "func: arg: must be 15 digits|Luhn check digit is wrong (got '...')". */
int ssvc__imei_check(ssvc_ctx *ctx, const char *func, const char *arg, const char *imei);

/* The one reverse lookup behind every public _from_name/_from_key: the index i in lo..hi whose
 * names[i] (NULL entries skipped) equals @p name, in *out. SSVC_EINVAL for a NULL out or name,
 * SSVC_ENOTFOUND "func: unknown <what> 'name'". */
int ssvc__name_lookup(ssvc_ctx *ctx, const char *func, int *out, const char *name,
                      const char *const *names, int lo, int hi, const char *what);
/* The forward lookup behind every public _name: names[v] for v in lo..hi, else NULL. */
const char *ssvc__name_of(const char *const *names, int lo, int hi, int v);

/* The SWAP rule R6 once for the library: @p basis_points (0..10000) of @p n, rounded up. Exact:
 * the product is taken in 64 bits, so the result fits 32 bits. */
uint32_t ssvc__share_round_up(uint32_t n, uint32_t basis_points);

/* ASCII-only case-insensitive comparison (identifiers and codes, never user text). */
int ssvc__ascii_casecmp(const char *a, const char *b);

/* 1 when the @p len bytes at @p s are well-formed UTF-8 (no overlongs, no surrogates, at most
 * U+10FFFF) and contain no C0 control character other than tab, LF and CR; otherwise 0. */
int ssvc__utf8_valid(const char *s, size_t len);

/* The one check of a VAT rate (doc/charges.md "VAT"): a Swedish seller invoices 25, 12 or 6
 * percent (category S, Peppol SE-R-006) or 0 (category Z, zero rated, BR-Z-05), in basis points
 * 2500, 1200, 600 or 0. Anything else is SSVC_EINVAL "func: field must be ... (got N)". */
int ssvc__vat_check(ssvc_ctx *ctx, const char *func, const char *field, uint32_t basis_points);

#endif /* SSVC_INTERNAL_H */
