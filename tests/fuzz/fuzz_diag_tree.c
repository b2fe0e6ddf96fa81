/* libFuzzer target: the diagnosis-tree loader on arbitrary bytes, and sessions on what loads.
 * Whatever the input, loading must return a status without crashing, leaking or tripping a
 * sanitizer; a tree that loads must be walkable to an outcome from every symptom, and its
 * transcript must resume to the same outcome. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <smartservice.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void walk(ssvc_ctx *ctx, const ssvc_diag_tree *t, const ssvc_tier *tier, size_t sym,
                 unsigned seed) {
  ssvc_diag_session *s;
  if (ssvc_diag_session_new(ctx, &s, t, tier, NULL, ssvc_diag_tree_symptom_id(t, sym))) abort();
  for (unsigned step = 0; !ssvc_diag_session_done(s); step++) {
    size_t n = ssvc_diag_session_answer_count(s);
    if (n == 0 || step > 10000) abort(); /* validation promised an outcome on every path */
    if (ssvc_diag_session_answer(s, ssvc_diag_session_answer_value(s, (seed + step) % n))) abort();
    if (step == 1 && seed % 3 == 0) {
      if (ssvc_diag_session_back(s)) abort();
    }
  }
  char buf[4096];
  size_t len = ssvc_diag_session_transcript(s, buf, sizeof buf);
  if (len < sizeof buf) {
    ssvc_diag_session *r;
    if (ssvc_diag_session_resume(ctx, &r, t, tier, NULL, buf)) abort();
    if (strcmp(ssvc_diag_session_outcome_id(r), ssvc_diag_session_outcome_id(s)) != 0) abort();
    ssvc_diag_session_free(r);
  }
  ssvc_diag_session_free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ssvc_ctx *ctx;
  if (ssvc_ctx_new(&ctx, NULL)) return 0;
  ssvc_diag_load_options o = SSVC_DIAG_LOAD_OPTIONS_INIT;
  o.max_nodes = 2000;
  o.max_file_bytes = 1 << 20;
  ssvc_diag_tree *t;
  if (ssvc_diag_tree_load_memory(ctx, &t, (const char *)data, size, &o) == SSVC_OK) {
    ssvc_catalog *cat;
    if (ssvc_catalog_new(ctx, &cat) == SSVC_OK) {
      for (size_t i = 0; i < ssvc_catalog_count(cat); i++)
        for (size_t k = 0; k < ssvc_diag_tree_symptom_count(t) && k < 16; k++)
          walk(ctx, t, ssvc_catalog_at(cat, i), k, (unsigned)(k + i + size));
      ssvc_catalog_free(cat);
    }
    ssvc_diag_tree_free(t);
  } else if (ssvc_ctx_errmsg(ctx)[0] == '\0') {
    abort(); /* every failure names its cause */
  }
  ssvc_ctx_free(ctx);
  return 0;
}
