/* The service note and the return label (smartservice/note.h, doc/documents.md): the Code 128
 * encoder, the note's data from a case, its agreement and its order, the HTML, and every error
 * path with its message. The browser and PDF checks are tests/docs/browser_check.py. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fault.h"
#include "fixtures.h"

/* ---- Code 128 ---- */

/* The modules of @p text as a string of '1' and '0'. */
static const char *modules_text(const char *text) {
  static char buf[2048];
  unsigned char m[2048];
  size_t n = ssvc_code128(text, m, sizeof m);
  for (size_t k = 0; k < n; k++) buf[k] = m[k] ? '1' : '0';
  buf[n] = '\0';
  return buf;
}

static void code128_symbol(void **state) {
  (void)state;
  /* "A" in code set B: start B (104), 'A' (33), check (104 + 33) mod 103 = 34, stop. */
  assert_string_equal(modules_text("A"), "11010010000"  /* start B: 211214 */
                                         "10100011000"  /* 33: 111323 */
                                         "10001011000"  /* 34: 131123 */
                                         "1100011101011" /* stop: 2331112 */);
  /* A case id: 11 modules a character, plus start, check and the 13-module stop. */
  assert_int_equal(ssvc_code128("SC-2026-000001", NULL, 0), 11 * (14 + 3) + 2);
  /* Every printable character alone is start, itself, check, stop: each pattern is 11 modules,
   * begins with a bar and ends with a space. */
  for (int ch = 32; ch <= 126; ch++) {
    char one[2] = {(char)ch, '\0'};
    const char *m = modules_text(one);
    assert_int_equal(strlen(m), 46);
    assert_int_equal(m[11], '1');
    assert_int_equal(m[21], '0');
  }
  /* A short buffer gets what fits; the return value still sizes the whole symbol. */
  unsigned char small[5];
  assert_int_equal(ssvc_code128("A", small, sizeof small), 46);
  assert_memory_equal(small, ((unsigned char[]){1, 1, 0, 1, 0}), 5);
  assert_int_equal(ssvc_code128(NULL, NULL, 0), 0);
  assert_int_equal(ssvc_code128("", NULL, 0), 0);
  assert_int_equal(ssvc_code128("SC\x7f", NULL, 0), 0);
  assert_int_equal(ssvc_code128("\xc3\xa5", NULL, 0), 0); /* "å": not in code set B */
  assert_int_equal(ssvc_code128("a\tb", NULL, 0), 0);
}

/* ---- The note's data ---- */

static ssvc_party center(void) {
  ssvc_party p = SSVC_PARTY_INIT;
  p.name = "Support Center AB";
  p.street = "Supportvägen 1";
  p.postal_code = "111 22";
  p.city = "Stockholm";
  return p;
}

/* A PROF customer with one phone in stock and a definite-fault case shipped a swap phone; its id
 * into @p id. */
static void shipped_case(ssvc_store *st, char *id) {
  fixture_agreement(st, "KONSULT", "PROF", 400, 0, 0);
  assert_int_equal(ssvc_swap_receive(st, "KONSULT", fixture_imei(900), "Fairphone 5", "lead", NULL),
                   SSVC_OK);
  fixture_case(st, id, "KONSULT", NULL, fixture_imei(1));
  assert_int_equal(ssvc_case_transition(st, id, SSVC_CASE_DIAGNOSING, "agent", NULL), SSVC_OK);
  assert_int_equal(ssvc_case_set_diagnosis(st, id, SSVC_CASE_OUTCOME_DEFINITE_FAULT,
                                           "no-power:np-liquid=no", "agent"),
                   SSVC_OK);
  assert_int_equal(ssvc_swap_reserve(st, NULL, id, NULL, "agent"), SSVC_OK);
  assert_int_equal(ssvc_swap_ship(st, NULL, id, "PostNord", "PN1", "agent"), SSVC_OK);
}

/* A BAS customer's case referred to the workshop; its id into @p id. */
static void referred_case(ssvc_store *st, char *id) {
  fixture_agreement(st, "BYGG", "BAS", 20, 0, 0);
  fixture_case(st, id, "BYGG", NULL, fixture_imei(2));
  assert_int_equal(ssvc_case_transition(st, id, SSVC_CASE_DIAGNOSING, "agent", NULL), SSVC_OK);
  assert_int_equal(ssvc_case_set_diagnosis(st, id, SSVC_CASE_OUTCOME_WORKSHOP, NULL, "agent"),
                   SSVC_OK);
  assert_int_equal(ssvc_case_transition(st, id, SSVC_CASE_REFERRED, "agent", NULL), SSVC_OK);
}

static int get(struct fx *f, ssvc_note *n, const char *id, const ssvc_party *r) {
  ssvc_note_options o = SSVC_NOTE_OPTIONS_INIT;
  o.return_to = r;
  return ssvc_note_get(f->st, n, id, &o);
}

static void note_of_a_swap(void **state) {
  struct fx *f = *state;
  char id[SSVC_CASE_ID_SIZE];
  shipped_case(f->st, id);
  ssvc_party r = center();
  static ssvc_note n;
  assert_int_equal(ssvc_note_init(&n, SSVC_NOTE_VERSION), SSVC_OK);
  assert_int_equal(get(f, &n, id, &r), SSVC_OK);
  assert_string_equal(n.case_id, id);
  assert_string_equal(n.customer_id, "KONSULT");
  assert_string_equal(n.customer_name, "KONSULT"); /* the fixture's name is the id */
  assert_string_equal(n.user_name, "Anna");
  assert_string_equal(n.user_phone, "+46701");
  assert_string_equal(n.model, "Fairphone 5");
  assert_string_equal(n.imei, fixture_imei(1));
  assert_int_equal(n.outcome, SSVC_CASE_OUTCOME_DEFINITE_FAULT);
  assert_int_equal(n.state, SSVC_CASE_SHIPPED);
  /* The transcript's symptom in the built-in tree's words. */
  ssvc_diag_tree *tree;
  assert_int_equal(ssvc_diag_tree_load_default(f->ctx, &tree), SSVC_OK);
  assert_string_equal(n.fault[SSVC_LANG_SV], ssvc_diag_tree_text(tree, "no-power", SSVC_LANG_SV));
  assert_string_equal(n.fault[SSVC_LANG_EN], ssvc_diag_tree_text(tree, "no-power", SSVC_LANG_EN));
  assert_true(strlen(n.fault[SSVC_LANG_EN]) > 0);
  ssvc_diag_tree_free(tree);
  assert_int_equal(n.todo, SSVC_NOTE_TODO);
  assert_int_equal(n.order_state, SSVC_ORDER_SHIPPED);
  assert_int_equal(n.replacement, SSVC_REPLACEMENT_SWAP);
  /* The deadline is the order's (doc/swap.md): the agreement's return days after delivery. */
  ssvc_order o = SSVC_ORDER_INIT;
  assert_int_equal(ssvc_swap_order_get(f->st, &o, id), SSVC_OK);
  assert_true(o.return_deadline.year > 0);
  assert_memory_equal(&n.return_deadline, &o.return_deadline, sizeof o.return_deadline);
  assert_int_equal(n.return_days, SSVC_CALENDAR_DEFAULT_RETURN_DAYS);
  assert_int_equal(n.issued.year, 2026);
  assert_string_equal(n.return_name, "Support Center AB");
  assert_string_equal(n.return_street, "Supportvägen 1");
  assert_string_equal(n.return_postal_code, "111 22");
  assert_string_equal(n.return_city, "Stockholm");
  assert_string_equal(n.return_country, "SE");
}

/* Without options->return_to the phone goes back to the stored Support Center; a stored identity
 * without an address is refused, naming where the address was looked for. */
static void note_returns_to_the_center(void **state) {
  struct fx *f = *state;
  char id[SSVC_CASE_ID_SIZE];
  shipped_case(f->st, id);
  ssvc_party c = SSVC_PARTY_INIT;
  c.name = "Smartservice Support Center AB";
  c.org_number = "556677-8899";
  c.vat_number = "SE556677889901";
  c.bankgiro = "123-4566";
  assert_int_equal(ssvc_center_set(f->st, &c, "lead"), SSVC_OK);
  static ssvc_note n;
  ssvc_note_init(&n, SSVC_NOTE_VERSION);
  assert_int_equal(get(f, &n, id, NULL), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "the Support Center's identity->street"));
  c.street = "Supportvägen 1";
  c.postal_code = "111 22";
  c.city = "Stockholm";
  assert_int_equal(ssvc_center_set(f->st, &c, "lead"), SSVC_OK);
  assert_int_equal(get(f, &n, id, NULL), SSVC_OK);
  assert_string_equal(n.return_name, "Smartservice Support Center AB");
  assert_string_equal(n.return_street, "Supportvägen 1");
  assert_string_equal(n.return_city, "Stockholm");
  assert_string_equal(n.return_country, "SE");
}

static void note_of_a_referral(void **state) {
  struct fx *f = *state;
  char id[SSVC_CASE_ID_SIZE];
  referred_case(f->st, id);
  ssvc_party r = center();
  r.country = "NO";
  static ssvc_note n;
  ssvc_note_init(&n, SSVC_NOTE_VERSION);
  assert_int_equal(get(f, &n, id, &r), SSVC_OK);
  assert_int_equal(n.order_state, 0);
  assert_int_equal(n.return_deadline.year, 0); /* no order: the days are printed instead */
  assert_int_equal(n.return_days, SSVC_CALENDAR_DEFAULT_RETURN_DAYS);
  assert_string_equal(n.fault[0], ""); /* no transcript */
  assert_string_equal(n.return_country, "NO");
}

/* Every refusal names its argument and leaves @p out untouched. */
static void note_refusals(void **state) {
  struct fx *f = *state;
  char id[SSVC_CASE_ID_SIZE], other[SSVC_CASE_ID_SIZE];
  referred_case(f->st, id);
  fixture_case(f->st, other, "BYGG", NULL, fixture_imei(3)); /* registered */
  ssvc_party r = center();
  static ssvc_note n, before;
  ssvc_note_init(&n, SSVC_NOTE_VERSION);
  memset(n.case_id, 'x', 4);
  before = n;
  ssvc_note_options o = SSVC_NOTE_OPTIONS_INIT;
  size_t k = 0;
#define REFUSED(call, code, text)                              \
  do {                                                         \
    assert_int_equal((call), (code));                          \
    assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), (text)));  \
    assert_memory_equal(&n, &before, sizeof n);                \
    k++;                                                       \
  } while (0)
  REFUSED(ssvc_note_get(f->st, &n, id, &o), SSVC_EINVAL,
          "ssvc_note_get: options->return_to: not given, and no Support Center identity is stored");
  ssvc_party bad = r;
  bad.street = NULL;
  REFUSED(get(f, &n, id, &bad), SSVC_EINVAL, "options->return_to->street: must be given");
  bad = r;
  bad.city = "";
  REFUSED(get(f, &n, id, &bad), SSVC_EINVAL, "options->return_to->city: must not be empty");
  bad = r;
  bad.country = "Sverige";
  REFUSED(get(f, &n, id, &bad), SSVC_EINVAL,
          "options->return_to->country: must be two capital letters (ISO 3166-1) (got 'Sverige')");
  REFUSED(get(f, &n, "SC-2026-000099", &r), SSVC_ENOTFOUND, "SC-2026-000099");
  REFUSED(get(f, &n, other, &r), SSVC_ESTATE,
          "the case is registered (diagnosis none); a service note is for a phone sent in");
  REFUSED(ssvc_note_get(f->st, &n, NULL, &o), SSVC_EINVAL, "case_id must not be NULL");
  REFUSED(ssvc_note_get(f->st, &n, id, NULL), SSVC_EINVAL, "options must not be NULL");
  o.version = 2;
  o.return_to = &r;
  REFUSED(ssvc_note_get(f->st, &n, id, &o), SSVC_EVERSION, "options->version: 2");
  n.version = 9;
  before.version = 9;
  o.version = 1;
  REFUSED(ssvc_note_get(f->st, &n, id, &o), SSVC_EVERSION, "out->version: 9");
  assert_int_equal(k, 10);
  /* A cancelled case and an erased one. */
  n.version = before.version = SSVC_NOTE_VERSION;
  assert_int_equal(ssvc_case_transition(f->st, id, SSVC_CASE_CANCELLED, "agent", NULL), SSVC_OK);
  REFUSED(get(f, &n, id, &r), SSVC_ESTATE, "the case is cancelled");
#undef REFUSED
}

/* ---- HTML ---- */

struct buf {
  char *p;
  size_t n;
  size_t stop_after; /* 0: never stop */
};

static int buf_write(void *user_data, const char *bytes, size_t len) {
  struct buf *b = user_data;
  if (b->stop_after && b->n + len > b->stop_after) return 1;
  b->p = realloc(b->p, b->n + len + 1);
  memcpy(b->p + b->n, bytes, len);
  b->n += len;
  b->p[b->n] = '\0';
  return 0;
}

static char *html(struct fx *f, const ssvc_note *n, int kind, int lang) {
  struct buf b = {NULL, 0, 0};
  assert_int_equal(ssvc_note_html(f->ctx, n, kind, lang, buf_write, &b), SSVC_OK);
  return b.p;
}

static void note_html(void **state) {
  struct fx *f = *state;
  char id[SSVC_CASE_ID_SIZE];
  shipped_case(f->st, id);
  ssvc_party r = center();
  r.name = "Center <&> \"AB\"";
  static ssvc_note n;
  ssvc_note_init(&n, SSVC_NOTE_VERSION);
  assert_int_equal(get(f, &n, id, &r), SSVC_OK);
  char *sv = html(f, &n, SSVC_DOC_NOTE, SSVC_LANG_SV), *en = html(f, &n, SSVC_DOC_NOTE, 1);
  char *label = html(f, &n, SSVC_DOC_LABEL, SSVC_LANG_EN);
  char *again = html(f, &n, SSVC_DOC_NOTE, SSVC_LANG_SV);
  assert_string_equal(sv, again); /* the same note, the same bytes */
  assert_non_null(strstr(sv, "<html lang=\"sv\">"));
  assert_non_null(strstr(en, "<html lang=\"en\">"));
  assert_non_null(strstr(sv, "@page{size:A4"));
  assert_non_null(strstr(label, "@page{size:100mm 150mm"));
  for (char *d[] = {sv, en, label}, **p = d; p < d + 3; p++) {
    assert_non_null(strstr(*p, id));
    assert_non_null(strstr(*p, fixture_imei(1)));
    assert_non_null(strstr(*p, "Center &lt;&amp;&gt; &quot;AB&quot;"));
    assert_null(strstr(*p, "<&>"));
    assert_non_null(strstr(*p, "Supportvägen 1"));
    assert_non_null(strstr(*p, "<svg class=\"bar\" viewBox=\"0 0 209 40\""));
    /* Nothing from outside: no links, sources, imports or URLs. */
    assert_null(strstr(*p, "src="));
    assert_null(strstr(*p, "href="));
    assert_null(strstr(*p, "url("));
    assert_null(strstr(*p, "@import"));
  }
  assert_non_null(strstr(sv, "Servicesedel"));
  assert_non_null(strstr(sv, ssvc_diag_reminder_text(SSVC_DIAG_REMIND_REMOVE_SIM, 0)));
  assert_non_null(strstr(sv, ssvc_diag_reminder_text(SSVC_DIAG_REMIND_SIGN_OUT_LOCK, 0)));
  assert_non_null(strstr(en, "Service note"));
  assert_non_null(strstr(en, ssvc_diag_reminder_text(SSVC_DIAG_REMIND_BACKUP, 1)));
  assert_non_null(strstr(en, "Back by"));
  assert_non_null(strstr(label, "Return label"));
  free(sv);
  free(en);
  free(label);
  free(again);

  /* Errors: the argument named, a writer that stops is SSVC_EIO. */
  struct buf b = {NULL, 0, 100};
  assert_int_equal(ssvc_note_html(f->ctx, &n, SSVC_DOC_NOTE, 0, buf_write, &b), SSVC_EIO);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "ssvc_note_html: the writer stopped"));
  free(b.p);
  assert_int_equal(ssvc_note_html(f->ctx, &n, 3, 0, buf_write, &b), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "kind: unknown document kind 3"));
  assert_int_equal(ssvc_note_html(f->ctx, &n, SSVC_DOC_NOTE, 7, buf_write, &b), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "lang: unknown language 7"));
  assert_int_equal(ssvc_note_html(f->ctx, NULL, SSVC_DOC_NOTE, 0, buf_write, &b), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "note must not be NULL"));
  assert_int_equal(ssvc_note_html(f->ctx, &n, SSVC_DOC_NOTE, 0, NULL, &b), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "fn must not be NULL"));
  assert_int_equal(ssvc_note_html_file(f->ctx, &n, SSVC_DOC_NOTE, 0, "/nonexistent/x.html"),
                   SSVC_EIO);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "/nonexistent/x.html"));
  static ssvc_note bad;
  bad = n;
  memcpy(bad.case_id, "SC-\xc3\xa5", 6);
  assert_int_equal(ssvc_note_html(f->ctx, &bad, SSVC_DOC_NOTE, 0, buf_write, &b), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "note->case_id: not a case id for a barcode"));
  bad = n;
  bad.version = 2;
  assert_int_equal(ssvc_note_html(f->ctx, &bad, SSVC_DOC_NOTE, 0, buf_write, &b), SSVC_EVERSION);
}

static void names_and_words(void **state) {
  (void)state;
  assert_string_equal(ssvc_doc_kind_name(SSVC_DOC_NOTE), "note");
  assert_string_equal(ssvc_doc_kind_name(SSVC_DOC_LABEL), "label");
  assert_null(ssvc_doc_kind_name(0));
  int k;
  assert_int_equal(ssvc_doc_kind_from_name(NULL, &k, "label"), SSVC_OK);
  assert_int_equal(k, SSVC_DOC_LABEL);
  assert_int_equal(ssvc_doc_kind_from_name(NULL, &k, "invoice"), SSVC_ENOTFOUND);
  for (int w = 0; w < SSVC_NOTE_W_COUNT; w++) {
    assert_non_null(ssvc_note_word_text(w, SSVC_LANG_SV));
    assert_non_null(ssvc_note_word_text(w, SSVC_LANG_EN));
  }
  assert_null(ssvc_note_word_text(SSVC_NOTE_W_COUNT, 0));
  assert_null(ssvc_note_word_text(0, 2));
  assert_string_equal(ssvc_note_outcome_text(SSVC_CASE_OUTCOME_DEFINITE_FAULT, 1),
                      "Definite fault");
  assert_null(ssvc_note_outcome_text(SSVC_CASE_OUTCOME_MAX + 1, 0));
  ssvc_note_options o;
  assert_int_equal(ssvc_note_options_init(&o, 2), SSVC_EVERSION);
  assert_int_equal(ssvc_note_options_init(&o, 1), SSVC_OK);
  assert_null(o.return_to);
}

/* ---- Allocation failures: a clean SSVC_ENOMEM, nothing leaked, the store unchanged ---- */

struct st {
  ssvc_store *st;
  char id[SSVC_CASE_ID_SIZE];
};

static void *st_setup(ssvc_ctx *ctx) {
  struct st *s = calloc(1, sizeof *s);
  assert_int_equal(ssvc_store_memory_new(ctx, &s->st), SSVC_OK);
  shipped_case(s->st, s->id);
  return s;
}

static int op_get(ssvc_ctx *ctx, void *state) {
  (void)ctx;
  struct st *s = state;
  ssvc_party r = center();
  ssvc_note_options o = SSVC_NOTE_OPTIONS_INIT;
  o.return_to = &r;
  static ssvc_note n;
  ssvc_note_init(&n, SSVC_NOTE_VERSION);
  return ssvc_note_get(s->st, &n, s->id, &o);
}

static void st_teardown(void *state) {
  struct st *s = state;
  ssvc_store_free(s->st);
  free(s);
}

static void allocation_failures(void **state) {
  (void)state;
  const struct fault_op op = {"ssvc_note_get", st_setup, op_get, NULL, st_teardown};
  assert_true(fault_every_alloc(&op) >= 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(code128_symbol),
      cmocka_unit_test_setup_teardown(note_of_a_swap, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(note_of_a_referral, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(note_returns_to_the_center, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(note_refusals, fixture_setup, fixture_teardown),
      cmocka_unit_test_setup_teardown(note_html, fixture_setup, fixture_teardown),
      cmocka_unit_test(names_and_words),
      cmocka_unit_test(allocation_failures),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
