/* libsmartservice-docs (smartservice/docs.h): the PDF of the note and the label, its refusals
 * with their messages, and the same bytes for the same note. What the PDF shows (one page, the
 * words, the barcode read back) is checked by tests/docs/browser_check.py. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <smartservice/docs.h>

struct buf {
  char *p;
  size_t n, stop_after; /* stop_after 0: never stop */
};

static int buf_write(void *user_data, const char *bytes, size_t len) {
  struct buf *b = user_data;
  if (b->stop_after && b->n + len > b->stop_after) return 1;
  b->p = realloc(b->p, b->n + len + 1);
  memcpy(b->p + b->n, bytes, len);
  b->n += len;
  return 0;
}

/* A note as ssvc_note_get() fills it, with a long reported fault. */
static void note(ssvc_note *n) {
  ssvc_note_init(n, SSVC_NOTE_VERSION);
  strcpy(n->case_id, "SC-2026-000042");
  strcpy(n->customer_id, "KONSULT");
  strcpy(n->customer_name, "Konsult AB");
  strcpy(n->user_name, "Åsa Öberg");
  strcpy(n->model, "Galaxy S24");
  strcpy(n->imei, "356938035643809");
  for (size_t k = 0; k + 1 < sizeof n->symptom; k++) n->symptom[k] = k % 7 == 6 ? ' ' : 'x';
  n->outcome = SSVC_CASE_OUTCOME_DEFINITE_FAULT;
  n->todo = SSVC_NOTE_TODO;
  n->order_state = SSVC_ORDER_SHIPPED;
  n->replacement = SSVC_REPLACEMENT_SWAP;
  n->return_deadline = (ssvc_date){2026, 12, 9};
  n->return_days = 10;
  n->issued = (ssvc_date){2026, 12, 1};
  strcpy(n->return_name, "Support Center AB");
  strcpy(n->return_street, "Supportvägen 1");
  strcpy(n->return_postal_code, "111 22");
  strcpy(n->return_city, "Stockholm");
  strcpy(n->return_country, "SE");
}

static void pdf(void **state) {
  (void)state;
  ssvc_ctx *ctx;
  assert_int_equal(ssvc_ctx_new(&ctx, NULL), SSVC_OK);
  static ssvc_note n;
  note(&n);
  for (int kind = SSVC_DOC_NOTE; kind <= SSVC_DOC_LABEL; kind++) {
    struct buf a = {NULL, 0, 0}, b = {NULL, 0, 0};
    assert_int_equal(ssvc_docs_pdf(ctx, &n, kind, SSVC_LANG_SV, buf_write, &a), SSVC_OK);
    assert_int_equal(ssvc_docs_pdf(ctx, &n, kind, SSVC_LANG_SV, buf_write, &b), SSVC_OK);
    assert_true(a.n > 1000);
    assert_memory_equal(a.p, "%PDF-", 5);
    assert_int_equal(a.n, b.n); /* the note's date, not the clock: the same bytes */
    assert_memory_equal(a.p, b.p, a.n);
    free(a.p);
    free(b.p);
  }
  /* Refusals, each naming what is wrong. */
  struct buf s = {NULL, 0, 64};
  assert_int_equal(ssvc_docs_pdf(ctx, &n, SSVC_DOC_NOTE, SSVC_LANG_EN, buf_write, &s), SSVC_EIO);
  assert_string_equal(ssvc_ctx_errmsg(ctx), "ssvc_docs_pdf: the writer stopped");
  free(s.p);
  assert_int_equal(ssvc_docs_pdf(ctx, &n, 0, SSVC_LANG_EN, buf_write, &s), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(ctx), "ssvc_docs_pdf: kind: unknown document kind");
  assert_int_equal(ssvc_docs_pdf(ctx, &n, SSVC_DOC_NOTE, 5, buf_write, &s), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(ctx), "ssvc_docs_pdf: lang: unknown language");
  assert_int_equal(ssvc_docs_pdf(ctx, NULL, SSVC_DOC_NOTE, 0, buf_write, &s), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(ctx), "ssvc_docs_pdf: note must not be NULL");
  assert_int_equal(ssvc_docs_pdf(ctx, &n, SSVC_DOC_NOTE, 0, NULL, &s), SSVC_EINVAL);
  assert_int_equal(ssvc_docs_pdf(NULL, &n, SSVC_DOC_NOTE, 0, buf_write, &s), SSVC_EINVAL);
  assert_int_equal(ssvc_docs_pdf_file(ctx, &n, SSVC_DOC_NOTE, 0, "/nonexistent/x.pdf"), SSVC_EIO);
  assert_string_equal(ssvc_ctx_errmsg(ctx),
                      "ssvc_docs_pdf_file: /nonexistent/x.pdf: cannot create (No such file or "
                      "directory)");
  assert_int_equal(ssvc_docs_pdf_file(ctx, &n, SSVC_DOC_NOTE, 0, NULL), SSVC_EINVAL);
  static ssvc_note bad;
  bad = n;
  strcpy(bad.case_id, "SC-\t1");
  assert_int_equal(ssvc_docs_pdf(ctx, &bad, SSVC_DOC_LABEL, 0, buf_write, &s), SSVC_EINVAL);
  assert_string_equal(ssvc_ctx_errmsg(ctx),
                      "ssvc_docs_pdf: note->case_id: not a case id for a barcode");
  bad = n;
  bad.version = 7;
  assert_int_equal(ssvc_docs_pdf(ctx, &bad, SSVC_DOC_LABEL, 0, buf_write, &s), SSVC_EVERSION);
  ssvc_ctx_free(ctx);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(pdf)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
