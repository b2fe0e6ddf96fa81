/*
 * Consumer of the docs component (libsmartservice-docs), for the install test: it links, loads
 * cairo, and refuses an unknown document kind with the library's message. Prints "docs ok".
 */
#include <stdio.h>
#include <string.h>

#include <smartservice.h>
#include <smartservice/docs.h>

static int discard(void *user_data, const char *data, size_t size) {
  (void)user_data, (void)data, (void)size;
  return 0;
}

int main(void) {
  ssvc_ctx *ctx;
  ssvc_note note;
  if (ssvc_ctx_new(&ctx, NULL) != SSVC_OK) return 1;
  int ok = ssvc_note_init(&note, SSVC_NOTE_VERSION) == SSVC_OK &&
           ssvc_docs_pdf(ctx, &note, 0, SSVC_LANG_EN, discard, NULL) == SSVC_EINVAL &&
           strstr(ssvc_ctx_errmsg(ctx), "ssvc_docs_pdf") != NULL;
  if (!ok) fprintf(stderr, "docs consumer: %s\n", ssvc_ctx_errmsg(ctx));
  ssvc_ctx_free(ctx);
  puts(ok ? "docs ok" : "docs FAILED");
  return ok ? 0 : 1;
}
