/* context: the allocator, the last error, and the log and clock callbacks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "smartservice/calendar.h" /* ssvc_calendar_free: the shared calendar */

static void *libc_malloc(void *ud, size_t size) {
  (void)ud;
  return malloc(size);
}
static void *libc_realloc(void *ud, void *ptr, size_t size) {
  (void)ud;
  return realloc(ptr, size);
}
static void libc_free(void *ud, void *ptr) {
  (void)ud;
  free(ptr);
}

static const char *const level_names[] = {"debug", "info", "warn", "error"};

const char *ssvc_log_level_name(int level) {
  return ssvc__name_of(level_names, SSVC_LOG_DEBUG, SSVC_LOG_ERROR, level);
}

int ssvc_log_level_from_name(ssvc_ctx *ctx, int *out, const char *name) {
  return ssvc__name_lookup(ctx, "ssvc_log_level_from_name", out, name, level_names,
                           SSVC_LOG_DEBUG, SSVC_LOG_ERROR, "log level");
}

int ssvc_ctx_options_init(ssvc_ctx_options *options, unsigned int version) {
  return ssvc__struct_init(options, sizeof *options, version, SSVC_CTX_OPTIONS_VERSION);
}

/* Before a context exists the only place for a message is the caller's log callback. */
static int early_fail(const ssvc_ctx_options *o, int code, const char *msg) {
  if (o && o->log) o->log(o->log_user_data, SSVC_LOG_ERROR, msg);
  return code;
}

int ssvc_ctx_new(ssvc_ctx **out, const ssvc_ctx_options *options) {
  if (out) *out = NULL;
  ssvc_ctx_options o = SSVC_CTX_OPTIONS_INIT;
  if (options) {
    /* Version 0 means the struct was never initialised: none of its fields can be trusted, not
     * even the log callback. A newer struct only grows at the end, so its known prefix is valid. */
    if (options->version == 0) return SSVC_EVERSION;
    o = *options;
    if (options->version > SSVC_CTX_OPTIONS_VERSION)
      return early_fail(&o, SSVC_EVERSION,
                        "ssvc_ctx_new: options->version is newer than this library knows");
  }
  if (!out) return early_fail(&o, SSVC_EINVAL, "ssvc_ctx_new: out must not be NULL");
  if (o.log_level < SSVC_LOG_DEBUG || o.log_level > SSVC_LOG_ERROR)
    return early_fail(&o, SSVC_EINVAL, "ssvc_ctx_new: options->log_level is not a ssvc_log_level");
  ssvc_allocator a = {SSVC_ALLOCATOR_VERSION, libc_malloc, libc_realloc, libc_free, NULL};
  if (o.allocator) {
    if (o.allocator->version == 0 || o.allocator->version > SSVC_ALLOCATOR_VERSION)
      return early_fail(&o, SSVC_EVERSION,
                        "ssvc_ctx_new: options->allocator->version is not supported");
    if (!o.allocator->malloc_fn || !o.allocator->realloc_fn || !o.allocator->free_fn)
      return early_fail(&o, SSVC_EINVAL,
                        "ssvc_ctx_new: options->allocator needs malloc_fn, realloc_fn and free_fn");
    a = *o.allocator;
  }
  ssvc_ctx *ctx = a.malloc_fn(a.user_data, sizeof *ctx);
  if (!ctx) return early_fail(&o, SSVC_ENOMEM, "ssvc_ctx_new: out of memory");
  memset(ctx, 0, sizeof *ctx);
  ctx->alloc = a;
  ctx->log = o.log;
  ctx->log_user_data = o.log_user_data;
  ctx->log_level = o.log_level;
  ctx->clock = o.clock;
  ctx->clock_user_data = o.clock_user_data;
  *out = ctx;
  return SSVC_OK;
}

void ssvc_ctx_free(ssvc_ctx *ctx) {
  if (!ctx) return;
  ssvc_calendar_free(ctx->cal);
  ssvc__free(ctx, ctx->cal_closed);
  ctx->alloc.free_fn(ctx->alloc.user_data, ctx);
}

const char *ssvc_ctx_errmsg(const ssvc_ctx *ctx) { return ctx ? ctx->errmsg : "no context"; }

const char *ssvc_ctx_errtext(const ssvc_ctx *ctx) {
  return ctx ? ctx->errmsg + ctx->errtext : "no context";
}

/* The length of the leading "ssvc_name: " prefixes of @p msg: the functions the error came
 * through, one after the other ("ssvc_swap_ship: ssvc_case_load: no case ..."). */
static size_t where_length(const char *msg) {
  size_t at = 0;
  while (strncmp(msg + at, "ssvc_", 5) == 0) {
    size_t n = at + 5;
    while ((msg[n] >= 'a' && msg[n] <= 'z') || (msg[n] >= '0' && msg[n] <= '9') || msg[n] == '_')
      n++;
    if (msg[n] != ':' || msg[n + 1] != ' ') break;
    at = n + 2;
  }
  return at;
}

int ssvc_ctx_errcode(const ssvc_ctx *ctx) { return ctx ? ctx->errcode : SSVC_EINVAL; }

void ssvc_ctx_clear_error(ssvc_ctx *ctx) {
  if (!ctx) return;
  ctx->errcode = SSVC_OK;
  ctx->errmsg[0] = '\0';
  ctx->errtext = 0;
  ctx->errremedy = ctx->next_remedy = NULL;
}

int64_t ssvc_ctx_now(ssvc_ctx *ctx) {
  if (ctx && ctx->clock) return ctx->clock(ctx->clock_user_data);
  return (int64_t)time(NULL);
}

void *ssvc__malloc(ssvc_ctx *ctx, size_t size) {
  void *p = ctx->alloc.malloc_fn(ctx->alloc.user_data, size ? size : 1);
  if (!p) ssvc__err(ctx, SSVC_ENOMEM, "out of memory (allocating %zu bytes)", size);
  return p;
}

void *ssvc__calloc(ssvc_ctx *ctx, size_t count, size_t size) {
  if (size && count > (size_t)-1 / size)
    return ssvc__err(ctx, SSVC_ENOMEM, "out of memory (%zu x %zu bytes overflows)", count, size),
           NULL;
  void *p = ssvc__malloc(ctx, count * size);
  if (p) memset(p, 0, count * size);
  return p;
}

void *ssvc__realloc(ssvc_ctx *ctx, void *ptr, size_t size) {
  if (!ptr) return ssvc__malloc(ctx, size);
  void *p = ctx->alloc.realloc_fn(ctx->alloc.user_data, ptr, size ? size : 1);
  if (!p) ssvc__err(ctx, SSVC_ENOMEM, "out of memory (growing to %zu bytes)", size);
  return p;
}

void ssvc__free(ssvc_ctx *ctx, void *ptr) {
  if (ptr) ctx->alloc.free_fn(ctx->alloc.user_data, ptr);
}

char *ssvc__strdup(ssvc_ctx *ctx, const char *s) {
  size_t n = strlen(s) + 1;
  char *d = ssvc__malloc(ctx, n);
  if (d) memcpy(d, s, n);
  return d;
}

static void emit(ssvc_ctx *ctx, int level, const char *msg) {
  if (ctx->log && level >= ctx->log_level) ctx->log(ctx->log_user_data, level, msg);
}

int ssvc__err(ssvc_ctx *ctx, int code, const char *fmt, ...) {
  if (!ctx) return code;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(ctx->errmsg, sizeof ctx->errmsg, fmt, ap);
  va_end(ap);
  ctx->errcode = code;
  ctx->errtext = where_length(ctx->errmsg);
  ctx->errremedy = ctx->next_remedy;
  ctx->next_remedy = NULL;
  emit(ctx, SSVC_LOG_ERROR, ctx->errmsg);
  return code;
}

void ssvc__log(ssvc_ctx *ctx, int level, const char *fmt, ...) {
  if (!ctx || !ctx->log || level < ctx->log_level) return;
  char line[SSVC_ERRMSG_MAX];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  emit(ctx, level, line);
}

void ssvc__log_api(ssvc_ctx *ctx, const char *func, const char *api, const char *field) {
  if (!ctx) return;
  ctx->next_remedy = api;
  ssvc__log(ctx, SSVC_LOG_INFO, "%s: the library function for this is %s()%s%s%s", func, api,
            field ? " (" : "", field ? field : "", field ? ")" : "");
}

const char *ssvc_ctx_errremedy(const ssvc_ctx *ctx) { return ctx ? ctx->errremedy : NULL; }

int ssvc__check_version(ssvc_ctx *ctx, const char *what, unsigned int version,
                        unsigned int newest) {
  if (version == 0)
    return ssvc__err(ctx, SSVC_EVERSION, "%s: version is 0 (use the _INIT macro or _init function)",
                     what);
  if (version > newest)
    return ssvc__err(ctx, SSVC_EVERSION, "%s: version %u is newer than this library knows (%u)",
                     what, version, newest);
  return SSVC_OK;
}
