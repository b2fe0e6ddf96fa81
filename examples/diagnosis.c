/*
 * Example: the control questions of rule R2, stored and resumed.
 *
 * An agent starts a diagnosis for "the phone does not start", answers two questions, and the
 * call drops. The transcript is what a case record stores; the next agent resumes from it and
 * finishes. The learned counts then make the check that worked come first next time.
 */
#include <stdio.h>

#include <smartservice.h>

static int fail(ssvc_ctx *ctx) {
  fprintf(stderr, "%s\n", ssvc_ctx_errmsg(ctx));
  return 1;
}

int main(void) {
  ssvc_ctx *ctx;
  if (ssvc_ctx_new(&ctx, NULL) != SSVC_OK) return 1;
  ssvc_catalog *catalog = NULL;
  ssvc_diag_tree *tree = NULL;
  ssvc_diag_stats *stats = NULL;
  ssvc_diag_session *first = NULL, *second = NULL, *later = NULL;
  const ssvc_tier *prof;
  char transcript[256];
  int rc = 1;
  if (ssvc_catalog_new(ctx, &catalog) || ssvc_catalog_find(catalog, "PROF", &prof) ||
      ssvc_diag_tree_load_default(ctx, &tree) || ssvc_diag_stats_new(ctx, &stats, tree) ||
      ssvc_diag_session_new(ctx, &first, tree, prof, stats, "no-power")) {
    rc = fail(ctx);
    goto out;
  }

  /* First agent: two answers, then the call drops. */
  const char *answers[] = {"no", "no"};
  for (int i = 0; i < 2; i++) {
    printf("Q: %s\nA: %s\n", ssvc_diag_session_question_text(first, SSVC_LANG_EN), answers[i]);
    if (ssvc_diag_session_answer(first, answers[i])) {
      rc = fail(ctx);
      goto out;
    }
  }
  ssvc_diag_session_transcript(first, transcript, sizeof transcript);
  printf("stored in the case: %s\n", transcript);

  /* Second agent: resume from the stored text and finish. */
  if (ssvc_diag_session_resume(ctx, &second, tree, prof, stats, transcript)) {
    rc = fail(ctx);
    goto out;
  }
  printf("resumed at: %s\n", ssvc_diag_session_question_text(second, SSVC_LANG_EN));
  if (ssvc_diag_session_answer(second, "yes")) { /* another charger: it charges */
    rc = fail(ctx);
    goto out;
  }
  printf("outcome: %s, action: %s\nadvice: %s\n",
         ssvc_diag_kind_key(ssvc_diag_session_outcome_kind(second)),
         ssvc_diag_action_key(ssvc_diag_session_outcome_action(second)),
         ssvc_diag_session_outcome_advice(second, SSVC_LANG_EN));

  /* Log what the checks did; after a few such calls the charger check is asked first. */
  for (int i = 0; i < 5; i++)
    if (ssvc_diag_stats_record_session(stats, second)) {
      rc = fail(ctx);
      goto out;
    }
  if (ssvc_diag_session_new(ctx, &later, tree, prof, stats, "no-power") ||
      ssvc_diag_session_answer(later, "no")) {
    rc = fail(ctx);
    goto out;
  }
  printf("first check now: %s (p = %ld ppm)\n", ssvc_diag_session_question_id(later),
         ssvc_diag_check_probability_ppm(tree, stats, ssvc_diag_session_question_id(later)));
  rc = 0;
out:
  ssvc_diag_session_free(later);
  ssvc_diag_session_free(second);
  ssvc_diag_session_free(first);
  ssvc_diag_stats_free(stats);
  ssvc_diag_tree_free(tree);
  ssvc_catalog_free(catalog);
  ssvc_ctx_free(ctx);
  return rc;
}
