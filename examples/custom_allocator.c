/*
 * Example: plugging in the application's own allocator and log callback.
 *
 * Everything a context allocates goes through the allocator given at creation, so an embedding
 * product can account for the library's memory; errors are also sent to the log callback.
 */
#include <stdio.h>
#include <stdlib.h>

#include <smartservice.h>

struct usage {
  long allocations, live;
};

static void *counting_malloc(void *ud, size_t size) {
  struct usage *u = ud;
  void *p = malloc(size);
  if (p) u->allocations++, u->live++;
  return p;
}
static void *counting_realloc(void *ud, void *ptr, size_t size) {
  (void)ud;
  return realloc(ptr, size);
}
static void counting_free(void *ud, void *ptr) {
  struct usage *u = ud;
  u->live--;
  free(ptr);
}
static void print_log(void *ud, int level, const char *message) {
  (void)ud;
  printf("log(%d): %s\n", level, message);
}

int main(void) {
  struct usage usage = {0, 0};
  ssvc_allocator alloc = SSVC_ALLOCATOR_INIT;
  alloc.malloc_fn = counting_malloc;
  alloc.realloc_fn = counting_realloc;
  alloc.free_fn = counting_free;
  alloc.user_data = &usage;

  ssvc_ctx_options options = SSVC_CTX_OPTIONS_INIT;
  options.allocator = &alloc;
  options.log = print_log;
  options.log_level = SSVC_LOG_WARN;

  ssvc_ctx *ctx;
  ssvc_catalog *catalog;
  if (ssvc_ctx_new(&ctx, &options) != SSVC_OK) return 1;
  if (ssvc_catalog_new(ctx, &catalog) != SSVC_OK) return 1;
  const ssvc_tier *tier;
  ssvc_catalog_find(catalog, "GULD", &tier); /* no such tier: logged */
  printf("live allocations while in use: %ld\n", usage.live);
  ssvc_catalog_free(catalog);
  ssvc_ctx_free(ctx);
  printf("allocations: %ld, live after free: %ld\n", usage.allocations, usage.live);
  return usage.live == 0 ? 0 : 1;
}
