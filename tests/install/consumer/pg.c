/*
 * Consumer of the pg component (libsmartservice-pg), for the install test: it links, loads libpq,
 * and reports an unreachable server the library's way. Prints "pg ok".
 */
#include <stdio.h>
#include <string.h>

#include <smartservice.h>
#include <smartservice/pg.h>

int main(void) {
  ssvc_ctx *ctx;
  ssvc_store *store = NULL;
  if (ssvc_ctx_new(&ctx, NULL) != SSVC_OK) return 1;
  int ok = ssvc_pg_is_uri("postgresql://localhost/x") == 1 &&
           ssvc_pg_open(ctx, &store, "host=/nonexistent-ssvc-socket-dir dbname=x connect_timeout=2",
                        NULL) == SSVC_ESTORAGE &&
           store == NULL && strstr(ssvc_ctx_errmsg(ctx), "/nonexistent-ssvc-socket-dir") != NULL;
  if (!ok) fprintf(stderr, "pg consumer: %s\n", ssvc_ctx_errmsg(ctx));
  ssvc_ctx_free(ctx);
  puts(ok ? "pg ok" : "pg FAILED");
  return ok ? 0 : 1;
}
