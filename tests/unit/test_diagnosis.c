/* diagnosis: loading and validating trees, sessions, outcomes, tier gating, learned order,
 * transcripts and resume, the default tree, and every operation under allocation failure. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>

#include <cmocka.h>

#include <smartservice.h>

#include "fault.h"
#include "xml_fault.h"

/* A small tree with every kind of node. Children are indented by two spaces so that the column
 * of every element is 3; the line numbers are listed beside them. */
static const char base_xml[] =
    "<diagnosis version=\"1\">\n"                                                     /* 1 */
    "  <symptom id=\"s1\" start=\"q1\" sv=\"Symptom ett\" en=\"Symptom one\"/>\n"        /* 2 */
    "  <question id=\"q1\" cost=\"10\"><sv>Fråga ett</sv><en>Question one</en>\n"      /* 3 */
    "    <answer value=\"yes\" next=\"g1\" sv=\"Ja\" en=\"Yes\"/>\n"                     /* 4 */
    "    <answer value=\"no\" next=\"o-work\" sv=\"Nej\" en=\"No\"/>\n"                  /* 5 */
    "    <answer value=\"other\" next=\"o-oos\" sv=\"Annat\" en=\"Other\"/>\n"           /* 6 */
    "  </question>\n"                                                                 /* 7 */
    "  <checks id=\"g1\" next=\"o-fault\" weight=\"10\">\n"                              /* 8 */
    "    <check id=\"c1\" p=\"0.2\" cost=\"10\" fixed=\"o-ok\"><sv>A</sv><en>A</en></check>\n"  /* 9 */
    "    <check id=\"c2\" p=\"0.5\" cost=\"10\" fixed=\"o-ok\"><sv>B</sv><en>B</en></check>\n"  /* 10 */
    "    <check id=\"c3\" p=\"0.3\" cost=\"100\" fixed=\"o-ok\"><sv>C</sv><en>C</en></check>\n" /* 11 */
    "  </checks>\n"                                                                   /* 12 */
    "  <question id=\"q2\" feature=\"sync\"><sv>Synk</sv><en>Sync</en>"
    "<answer value=\"x\" next=\"o-ok\" sv=\"x\" en=\"x\"/></question>\n"                 /* 13 */
    "  <symptom id=\"s2\" start=\"q2\" sv=\"Symptom två\" en=\"Symptom two\"/>\n"        /* 14 */
    "  <outcome id=\"o-ok\" kind=\"handling-error\"><sv>Löst</sv><en>Solved</en></outcome>\n" /* 15 */
    "  <outcome id=\"o-work\" kind=\"workshop\" reminders=\"remove-sim backup\">"
    "<sv>Verkstad</sv><en>Workshop</en></outcome>\n"                                  /* 16 */
    "  <outcome id=\"o-fault\" kind=\"definite-fault\" reminders=\"service-note\">"
    "<sv>Fel</sv><en>Fault</en></outcome>\n"                                          /* 17 */
    "  <outcome id=\"o-oos\" kind=\"out-of-scope\"><sv>Utanför</sv><en>Outside</en></outcome>\n" /* 18 */
    "</diagnosis>\n";

static ssvc_ctx *ctx_new(void) {
  ssvc_ctx *ctx;
  assert_int_equal(ssvc_ctx_new(&ctx, NULL), SSVC_OK);
  return ctx;
}

/* @p src with the first @p from replaced by @p to (malloc'd). */
static char *replace(const char *src, const char *from, const char *to) {
  const char *at = strstr(src, from);
  if (!at) fail_msg("replace: '%s' not in the text", from);
  size_t n = strlen(src) - strlen(from) + strlen(to) + 1;
  char *s = malloc(n);
  assert_non_null(s);
  size_t pre = (size_t)(at - src);
  memcpy(s, src, pre);
  strcpy(s + pre, to);
  strcat(s, at + strlen(from));
  return s;
}

/* base_xml with the first @p from replaced by @p to (malloc'd). */
static char *mutate(const char *from, const char *to) { return replace(base_xml, from, to); }

static ssvc_diag_tree *load_base(ssvc_ctx *ctx) {
  ssvc_diag_tree *t = NULL;
  int rc = ssvc_diag_tree_load_memory(ctx, &t, base_xml, strlen(base_xml), NULL);
  if (rc) fail_msg("base tree: %s", ssvc_ctx_errmsg(ctx));
  return t;
}

/* Loading @p xml fails with @p code and a message containing every one of the NULL-terminated
 * fragments (positions "line:col" and ids). */
static void expect_error_opts(const char *xml, const ssvc_diag_load_options *o, int code, ...) {
  ssvc_ctx *ctx = ctx_new();
  ssvc_diag_tree *t = (ssvc_diag_tree *)ctx;
  int rc = ssvc_diag_tree_load_memory(ctx, &t, xml, strlen(xml), o);
  if (rc != code)
    fail_msg("expected %s, got %s: %s", ssvc_status_name(code), ssvc_status_name(rc),
             ssvc_ctx_errmsg(ctx));
  assert_null(t);
  assert_int_equal(ssvc_ctx_errcode(ctx), code);
  va_list ap;
  va_start(ap, code);
  for (const char *frag; (frag = va_arg(ap, const char *));)
    if (!strstr(ssvc_ctx_errmsg(ctx), frag))
      fail_msg("message '%s' lacks '%s'", ssvc_ctx_errmsg(ctx), frag);
  va_end(ap);
  ssvc_ctx_free(ctx);
}

#define EXPECT_MUT(from, to, code, ...)                                  \
  do {                                                                   \
    char *x_ = mutate(from, to);                                         \
    expect_error_opts(x_, NULL, code, __VA_ARGS__, (const char *)NULL);  \
    free(x_);                                                            \
  } while (0)

static void base_tree_loads(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  ssvc_diag_tree *t = load_base(ctx);
  assert_int_equal(ssvc_diag_tree_symptom_count(t), 2);
  assert_string_equal(ssvc_diag_tree_symptom_id(t, 0), "s1");
  assert_string_equal(ssvc_diag_tree_symptom_id(t, 1), "s2");
  assert_null(ssvc_diag_tree_symptom_id(t, 2));
  assert_string_equal(ssvc_diag_tree_symptom_label(t, 1, SSVC_LANG_SV), "Symptom två");
  assert_null(ssvc_diag_tree_symptom_label(t, 0, 7));
  assert_int_equal(ssvc_diag_tree_question_count(t), 2);
  assert_int_equal(ssvc_diag_tree_check_count(t), 3);
  assert_int_equal(ssvc_diag_tree_outcome_count(t), 4);
  assert_string_equal(ssvc_diag_tree_text(t, "q1", SSVC_LANG_EN), "Question one");
  assert_string_equal(ssvc_diag_tree_text(t, "c3", SSVC_LANG_SV), "C");
  assert_string_equal(ssvc_diag_tree_text(t, "o-work", SSVC_LANG_SV), "Verkstad");
  assert_null(ssvc_diag_tree_text(t, "nope", SSVC_LANG_SV));
  assert_null(ssvc_diag_tree_text(t, "g1", SSVC_LANG_SV)); /* a group has no text of its own */
  ssvc_diag_tree_free(t);
  ssvc_diag_tree_free(NULL);
  assert_int_equal(ssvc_diag_tree_symptom_count(NULL), 0);
  ssvc_ctx_free(ctx);
}

static void whitespace_in_texts_is_collapsed(void **state) {
  (void)state;
  char *x = mutate("<sv>Fråga ett</sv>", "<sv>\n   Fråga\n\t  <!-- c -->ett <![CDATA[<b>]]>  </sv>");
  ssvc_ctx *ctx = ctx_new();
  ssvc_diag_tree *t;
  assert_int_equal(ssvc_diag_tree_load_memory(ctx, &t, x, strlen(x), NULL), SSVC_OK);
  assert_string_equal(ssvc_diag_tree_text(t, "q1", SSVC_LANG_SV), "Fråga ett <b>");
  ssvc_diag_tree_free(t);
  free(x);
  /* Predefined entities and character references are text, in attributes and elements alike. */
  x = mutate("sv=\"Symptom ett\"", "sv=\"A &amp; B &#229;&lt;\"");
  char *y = replace(x, "<sv>Löst</sv>", "<sv>&#x4C;&gt;</sv>");
  free(x);
  x = y;
  assert_int_equal(ssvc_diag_tree_load_memory(ctx, &t, x, strlen(x), NULL), SSVC_OK);
  assert_string_equal(ssvc_diag_tree_symptom_label(t, 0, SSVC_LANG_SV), "A & B å<");
  assert_string_equal(ssvc_diag_tree_text(t, "o-ok", SSVC_LANG_SV), "L>");
  ssvc_diag_tree_free(t);
  ssvc_ctx_free(ctx);
  free(x);
}

static void malformed_xml_names_line_and_column(void **state) {
  (void)state;
  EXPECT_MUT("  </question>", "  </questio>", SSVC_EPARSE, "ssvc_diag_tree_load_memory: <memory>:7:",
             "XML: ");
  EXPECT_MUT("<sv>Löst</sv>", "<sv>L&ouml;st</sv>", SSVC_EPARSE, "<memory>:15:", "ouml");
  expect_error_opts("", NULL, SSVC_EPARSE, "<memory>:", NULL);
  expect_error_opts("<diagnosis version=\"1\">\xff</diagnosis>", NULL, SSVC_EPARSE, "<memory>:1:",
                    NULL);
}

static void doctype_and_entities_are_refused(void **state) {
  (void)state;
  char *x = malloc(strlen(base_xml) + 200);
  strcpy(x, "<?xml version=\"1.0\"?>\n<!DOCTYPE diagnosis [\n<!ENTITY a \"aaaa\">\n]>\n");
  strcat(x, base_xml);
  expect_error_opts(x, NULL, SSVC_EPARSE, "<memory>:2:1:", "DOCTYPE", NULL);
  strcpy(x, "<?xml version=\"1.0\"?>\n<!DOCTYPE diagnosis SYSTEM \"http://example.com/x.dtd\">\n");
  strcat(x, base_xml);
  expect_error_opts(x, NULL, SSVC_EPARSE, "<memory>:2:1:", "DOCTYPE", NULL);
  free(x);
  EXPECT_MUT("<sv>Löst</sv>", "<sv>L&xxe;st</sv>", SSVC_EPARSE, "<memory>:15:", "xxe");
}

static void structure_errors_name_position_and_id(void **state) {
  (void)state;
  expect_error_opts("<tree/>", NULL, SSVC_EPARSE, "<memory>:1:1:", "root element must be <diagnosis>",
                    NULL);
  EXPECT_MUT("version=\"1\"", "version=\"2\"", SSVC_EPARSE, "<memory>:1:1:", "version must be");
  EXPECT_MUT("  </checks>\n", "  </checks>\n  <frob/>\n", SSVC_EPARSE, "<memory>:13:3:",
             "unknown element <frob>");
  EXPECT_MUT("<question id=\"q1\" cost=\"10\">", "<question id=\"q1\" cost=\"10\" colour=\"red\">",
             SSVC_EPARSE, "<memory>:3:3:", "unknown attribute 'colour'");
  EXPECT_MUT("<outcome id=\"o-oos\"", "<outcome", SSVC_EPARSE, "<memory>:18:3:",
             "missing attribute 'id'");
  EXPECT_MUT("<question id=\"q1\"", "<question id=\"q 1\"", SSVC_EPARSE, "<memory>:3:3:",
             "'q 1'");
  EXPECT_MUT("<outcome id=\"o-oos\"", "<outcome id=\"o-ok\"", SSVC_EPARSE, "<memory>:18:3:",
             "duplicate id 'o-ok' (first used on line 15)");
  EXPECT_MUT("<check id=\"c3\"", "<check id=\"q1\"", SSVC_EPARSE, "<memory>:11:5:",
             "duplicate id 'q1' (first used on line 3)");
  EXPECT_MUT("next=\"g1\"", "next=\"g9\"", SSVC_EPARSE, "<memory>:3:3:", "question 'q1'",
             "answer 'yes' refers to unknown id 'g9'");
  EXPECT_MUT("next=\"g1\"", "next=\"c1\"", SSVC_EPARSE, "<memory>:3:3:", "refers to check 'c1'");
  EXPECT_MUT("next=\"g1\"", "next=\"s2\"", SSVC_EPARSE, "<memory>:3:3:", "refers to symptom 's2'");
  EXPECT_MUT("start=\"q1\"", "start=\"nowhere\"", SSVC_EPARSE, "<memory>:2:3:", "symptom 's1'",
             "'nowhere'");
  /* A start tag spread over lines is reported where it begins. */
  EXPECT_MUT("<symptom id=\"s1\" start=\"q1\"", "<symptom id=\"s1\"\n\n           start=\"nowhere\"",
             SSVC_EPARSE, "<memory>:2:3:", "symptom 's1'", "'nowhere'");
  EXPECT_MUT("fixed=\"o-ok\"><sv>B", "fixed=\"o-none\"><sv>B", SSVC_EPARSE, "<memory>:10:5:",
             "check 'c2'", "'o-none'");
  EXPECT_MUT("next=\"o-fault\"", "next=\"q1\"", SSVC_EPARSE, "<memory>:3:3:", "question 'q1'",
             "cycle", "'g1'");
  EXPECT_MUT("start=\"q2\"", "start=\"o-ok\"", SSVC_EPARSE, "<memory>:13:3:", "question 'q2'",
             "not reachable");
  EXPECT_MUT("<answer value=\"x\" next=\"o-ok\" sv=\"x\" en=\"x\"/>", "", SSVC_EPARSE,
             "<memory>:13:3:", "question 'q2': has no <answer>");
  EXPECT_MUT("value=\"no\"", "value=\"yes\"", SSVC_EPARSE, "<memory>:5:5:",
             "answer value 'yes' appears twice");
  EXPECT_MUT("<en>Question one</en>", "", SSVC_EPARSE, "<memory>:3:3:", "'q1'", "missing <en>");
  EXPECT_MUT("<en>Question one</en>", "<sv>igen</sv>", SSVC_EPARSE, "<memory>:3:", "'q1'",
             "more than one <sv>");
  EXPECT_MUT("<sv>Löst</sv>", "<sv>  </sv>", SSVC_EPARSE, "<memory>:15:", "'o-ok'", "is empty");
  EXPECT_MUT("<sv>Löst</sv>", "<sv>L<b>ö</b>st</sv>", SSVC_EPARSE, "<memory>:15:", "'o-ok'",
             "unexpected element <b>");
  EXPECT_MUT("sv=\"Ja\" en=\"Yes\"", "sv=\"Ja\"", SSVC_EPARSE, "<memory>:4:5:",
             "missing attribute 'en'");
  EXPECT_MUT("feature=\"sync\"", "feature=\"teleport\"", SSVC_EPARSE, "<memory>:13:3:",
             "question 'q2'", "unknown feature 'teleport'");
  EXPECT_MUT("kind=\"workshop\"", "kind=\"repair\"", SSVC_EPARSE, "<memory>:16:3:",
             "outcome 'o-work'", "unknown kind 'repair'");
  EXPECT_MUT("remove-sim backup", "remove-sim pray", SSVC_EPARSE, "<memory>:16:3:",
             "outcome 'o-work'", "unknown reminder 'pray'");
  EXPECT_MUT("p=\"0.2\"", "p=\"1.5\"", SSVC_EPARSE, "<memory>:9:5:", "check 'c1'", "'1.5'");
  EXPECT_MUT("p=\"0.2\"", "p=\"0\"", SSVC_EPARSE, "<memory>:9:5:", "check 'c1'");
  EXPECT_MUT("p=\"0.2\" ", "", SSVC_EPARSE, "<memory>:9:5:", "check 'c1'", "missing attribute 'p'");
  EXPECT_MUT("cost=\"100\"", "cost=\"0\"", SSVC_EPARSE, "<memory>:11:5:", "'c3'", "cost must be");
  EXPECT_MUT("weight=\"10\"", "weight=\"-1\"", SSVC_EPARSE, "<memory>:8:3:", "checks 'g1'",
             "weight");
  EXPECT_MUT("<sv>A</sv><en>A</en></check>", "<sv>A</sv><en>A</en><chek/></check>", SSVC_EPARSE,
             "<memory>:9:", "check 'c1'", "unexpected element <chek>");
  EXPECT_MUT("<check id=\"c1\"", "<chek/><check id=\"c1\"", SSVC_EPARSE, "<memory>:9:5:",
             "checks 'g1'", "unexpected element <chek>");
  expect_error_opts("<diagnosis version=\"1\">\n  <checks id=\"g\" next=\"o\"/>\n  <outcome id=\"o\" "
                    "kind=\"workshop\"><sv>a</sv><en>b</en></outcome>\n</diagnosis>",
                    NULL, SSVC_EPARSE, "<memory>:2:3:", "checks 'g': has no <check>", NULL);
  expect_error_opts("<diagnosis version=\"1\">\n  <outcome id=\"o\" kind=\"workshop\"><sv>a</sv>"
                    "<en>b</en></outcome>\n</diagnosis>",
                    NULL, SSVC_EPARSE, "<memory>:1:1:", "no <symptom>", NULL);
  EXPECT_MUT("  </checks>\n", "  </checks>\n  stray text\n", SSVC_EPARSE, "unexpected text 'stray");
  EXPECT_MUT("<question id=\"q1\"", "<question id=\"q1234567890123456789012345678901234567890123456789012345678901234\"",
             SSVC_EPARSE, "<memory>:3:3:", "must be 1-64 characters");
  EXPECT_MUT("<sv>Fråga ett</sv>", "<sv lang=\"x\">Fråga ett</sv>", SSVC_EPARSE, "<memory>:3:",
             "'q1': <sv> takes no attributes");
  EXPECT_MUT("sv=\"Nej\" en=\"No\"/>", "sv=\"Nej\" en=\"No\"><b/></answer>", SSVC_EPARSE,
             "<memory>:5:", "question 'q1': unexpected element <b> in <answer>");
  EXPECT_MUT("en=\"Symptom one\"/>", "en=\"Symptom one\"><b/></symptom>", SSVC_EPARSE,
             "<memory>:2:", "symptom 's1': unexpected element <b>");
  EXPECT_MUT("<en>Solved</en></outcome>", "<en>Solved</en><b/></outcome>", SSVC_EPARSE,
             "<memory>:15:", "outcome 'o-ok': unexpected element <b>");
  EXPECT_MUT("<en>Question one</en>", "<en>Question one</en><b/>", SSVC_EPARSE, "<memory>:3:",
             "question 'q1': unexpected element <b>");
  EXPECT_MUT("<outcome id=\"o-ok\" kind=\"handling-error\">", "<outcome id=\"o-ok\">", SSVC_EPARSE,
             "<memory>:15:3:", "outcome 'o-ok': missing attribute 'kind'");
  EXPECT_MUT("<diagnosis version=\"1\">", "<diagnosis xmlns=\"urn:x\" version=\"1\">", SSVC_EPARSE,
             "<memory>:1:1:", "namespace");
  EXPECT_MUT("<diagnosis version=\"1\">", "<diagnosis version=\"1\" lang=\"sv\">", SSVC_EPARSE,
             "<memory>:1:1:", "unknown attribute 'lang'");
  EXPECT_MUT("fixed=\"o-ok\"><sv>B", "fixed=\"q1\"><sv>B", SSVC_EPARSE, "<memory>:3:3:",
             "question 'q1'", "cycle");
}

/* More of what a tree author can get wrong, each refused with its place and what is wrong. */
static void more_tree_mistakes(void **state) {
  (void)state;
  EXPECT_MUT("<symptom id=\"s1\"", "<symptom x:id=\"s1\" xmlns:x=\"urn:x\"", SSVC_EPARSE,
             "<memory>:2:3:", "symptom: missing attribute 'id'");
  EXPECT_MUT("<symptom id=\"s1\"", "<symptom id=\"s 1\"", SSVC_EPARSE, "<memory>:2:3:", "id");
  EXPECT_MUT("<symptom id=\"s1\"", "<symptom id=\"\"", SSVC_EPARSE, "<memory>:2:3:", "id");
  EXPECT_MUT("<symptom id=\"s1\"", "<symptom", SSVC_EPARSE, "<memory>:2:3:",
             "missing attribute 'id'");
  EXPECT_MUT("cost=\"10\"><sv>Fråga ett", "cost=\"1x\"><sv>Fråga ett", SSVC_EPARSE,
             "<memory>:3:3:", "cost must be");
  EXPECT_MUT("cost=\"10\"><sv>Fråga ett", "cost=\"\"><sv>Fråga ett", SSVC_EPARSE,
             "<memory>:3:3:", "cost must be");
  /* Comments and processing instructions inside a text are left out of it. */
  char *x = mutate("<sv>Fråga ett</sv>", "<sv>Fråga <!-- a remark --><?pi x?>ett</sv>");
  ssvc_ctx *ctx = ctx_new();
  ssvc_diag_tree *t = NULL;
  assert_int_equal(ssvc_diag_tree_load_memory(ctx, &t, x, strlen(x), NULL), SSVC_OK);
  assert_string_equal(ssvc_diag_tree_text(t, "q1", SSVC_LANG_SV), "Fråga ett");
  ssvc_diag_tree_free(t);
  ssvc_ctx_free(ctx);
  free(x);
  EXPECT_MUT("<sv>Fråga ett</sv>", "<sv>  </sv>", SSVC_EPARSE, "<memory>:3:", "is empty");
  EXPECT_MUT("<sv>Fråga ett</sv>", "", SSVC_EPARSE, "<memory>:3:", "missing <sv>");
  EXPECT_MUT("weight=\"10\"", "weight=\"ten\"", SSVC_EPARSE, "<memory>:8:3:", "weight must be");
  EXPECT_MUT("p=\"0.2\"", "p=\"1.5\"", SSVC_EPARSE, "<memory>:9:", "p");
  EXPECT_MUT("p=\"0.2\"", "p=\".\"", SSVC_EPARSE, "<memory>:9:", "p");
  EXPECT_MUT("reminders=\"remove-sim backup\"", "reminders=\"remove-sim  bakup\"", SSVC_EPARSE,
             "<memory>:16:", "bakup");
  EXPECT_MUT("kind=\"handling-error\"", "kind=\"maybe\"", SSVC_EPARSE, "<memory>:15:", "maybe");
}

static void limits_are_enforced(void **state) {
  (void)state;
  ssvc_diag_load_options o;
  assert_int_equal(ssvc_diag_load_options_init(&o, SSVC_DIAG_LOAD_OPTIONS_VERSION), SSVC_OK);
  o.max_nodes = 5;
  expect_error_opts(base_xml, &o, SSVC_ELIMIT, "max_nodes (5)", NULL);
  ssvc_diag_load_options_init(&o, SSVC_DIAG_LOAD_OPTIONS_VERSION);
  o.max_depth = 3; /* q1 then three checks */
  expect_error_opts(base_xml, &o, SSVC_ELIMIT, "<memory>:8:3:", "checks 'g1'", "symptom 's1'",
                    "max_depth (3)", NULL);
  o.max_depth = 4;
  ssvc_ctx *ctx = ctx_new();
  ssvc_diag_tree *t;
  assert_int_equal(ssvc_diag_tree_load_memory(ctx, &t, base_xml, strlen(base_xml), &o), SSVC_OK);
  ssvc_diag_tree_free(t);
  /* A node first reached on a short path and later on a longer one. */
  char *x = mutate("<answer value=\"x\" next=\"o-ok\"", "<answer value=\"x\" next=\"q1\"");
  expect_error_opts(x, &o, SSVC_ELIMIT, "<memory>:3:3:", "question 'q1'",
                    "a path from symptom 's2' through here asks more than max_depth (4)", NULL);
  free(x);
  ssvc_diag_load_options_init(&o, SSVC_DIAG_LOAD_OPTIONS_VERSION);
  o.max_text_bytes = 8;
  expect_error_opts(base_xml, &o, SSVC_ELIMIT, "<memory>:2:3:", "'s1'", "max_text_bytes is 8",
                    NULL);
  ssvc_diag_load_options_init(&o, SSVC_DIAG_LOAD_OPTIONS_VERSION);
  o.max_file_bytes = 100;
  expect_error_opts(base_xml, &o, SSVC_ELIMIT, "max_file_bytes (100)", NULL);
  /* Bad options. */
  ssvc_diag_load_options_init(&o, SSVC_DIAG_LOAD_OPTIONS_VERSION);
  o.max_depth = 5000;
  expect_error_opts(base_xml, &o, SSVC_EINVAL, "options->max_depth", NULL);
  ssvc_diag_load_options_init(&o, SSVC_DIAG_LOAD_OPTIONS_VERSION);
  o.max_file_bytes = (size_t)1 << 31;
  expect_error_opts(base_xml, &o, SSVC_EINVAL, "options->max_file_bytes", NULL);
  ssvc_diag_load_options_init(&o, SSVC_DIAG_LOAD_OPTIONS_VERSION);
  o.max_nodes = (size_t)1 << 31;
  expect_error_opts(base_xml, &o, SSVC_EINVAL, "options->max_nodes", NULL);
  o.version = 0;
  expect_error_opts(base_xml, &o, SSVC_EVERSION, "options", NULL);
  o.version = SSVC_DIAG_LOAD_OPTIONS_VERSION + 1;
  expect_error_opts(base_xml, &o, SSVC_EVERSION, "options", NULL);
  assert_int_equal(ssvc_diag_load_options_init(&o, 0), SSVC_EVERSION);
  assert_int_equal(ssvc_diag_load_options_init(NULL, 1), SSVC_EINVAL);
  /* A deep element nesting is refused by the structure, long before libxml2's own bound. */
  char deep[4096] = "<diagnosis version=\"1\">";
  for (int i = 0; i < 300; i++) strcat(deep, "<a>");
  expect_error_opts(deep, NULL, SSVC_EPARSE, "<memory>:1:", NULL);
  ssvc_ctx_free(ctx);
}

static void null_arguments_are_refused(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  ssvc_diag_tree *t = (ssvc_diag_tree *)ctx;
  assert_int_equal(ssvc_diag_tree_load_memory(NULL, &t, "x", 1, NULL), SSVC_EINVAL);
  assert_null(t);
  assert_int_equal(ssvc_diag_tree_load_memory(ctx, NULL, "x", 1, NULL), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(ctx), "out must not be NULL"));
  assert_int_equal(ssvc_diag_tree_load_memory(ctx, &t, NULL, 1, NULL), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(ctx), "xml must not be NULL"));
  assert_int_equal(ssvc_diag_tree_load_file(ctx, &t, NULL, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_diag_tree_load_default(ctx, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_diag_tree_load_file(ctx, &t, "/nonexistent/tree.xml", NULL), SSVC_EIO);
  assert_string_equal(ssvc_ctx_errmsg(ctx),
                      "ssvc_diag_tree_load_file: /nonexistent/tree.xml: cannot open");
  ssvc_ctx_free(ctx);
}

static const char *tmp_path(void) { return "test_diagnosis_tree.xml"; }

static void load_file_reads_and_names_the_path(void **state) {
  (void)state;
  FILE *f = fopen(tmp_path(), "wb");
  assert_non_null(f);
  fputs(base_xml, f);
  fclose(f);
  ssvc_ctx *ctx = ctx_new();
  ssvc_diag_tree *t;
  assert_int_equal(ssvc_diag_tree_load_file(ctx, &t, tmp_path(), NULL), SSVC_OK);
  assert_int_equal(ssvc_diag_tree_symptom_count(t), 2);
  ssvc_diag_tree_free(t);
  ssvc_diag_load_options o = SSVC_DIAG_LOAD_OPTIONS_INIT;
  o.max_file_bytes = 64;
  assert_int_equal(ssvc_diag_tree_load_file(ctx, &t, tmp_path(), &o), SSVC_ELIMIT);
  assert_non_null(strstr(ssvc_ctx_errmsg(ctx), "test_diagnosis_tree.xml"));
  f = fopen(tmp_path(), "wb");
  fputs("<diagnosis version=\"1\">\n  <symptom id=\"s\" start=\"x\" sv=\"a\" en=\"b\"/>\n</diagnosis>\n",
        f);
  fclose(f);
  assert_int_equal(ssvc_diag_tree_load_file(ctx, &t, tmp_path(), NULL), SSVC_EPARSE);
  assert_string_equal(ssvc_ctx_errmsg(ctx),
                      "ssvc_diag_tree_load_file: test_diagnosis_tree.xml:2:3: symptom 's': start "
                      "refers to unknown id 'x'");
  remove(tmp_path());
  ssvc_ctx_free(ctx);
}

/* Every attribute of every element that can be missing or wrong is refused with the element's
 * position and the id of what it belongs to. */
static void every_attribute_is_checked_where_it_stands(void **state) {
  (void)state;
  EXPECT_MUT("<symptom id=\"s1\" ", "<symptom ", SSVC_EPARSE, "<memory>:2:3:",
             "symptom: missing attribute 'id'");
  EXPECT_MUT("<symptom id=\"s1\" ", "<symptom id=\"s1\" colour=\"red\" ", SSVC_EPARSE,
             "<memory>:2:3:", "<symptom>: unknown attribute 'colour'");
  EXPECT_MUT("<symptom id=\"s1\" start=\"q1\" ", "<symptom id=\"s1\" ", SSVC_EPARSE,
             "<memory>:2:3:", "symptom 's1': missing attribute 'start'");
  EXPECT_MUT("<symptom id=\"s1\" start=\"q1\" ", "<symptom id=\"s1\" start=\"q/1\" ", SSVC_EPARSE,
             "<memory>:2:3:", "symptom 's1': attribute start must be 1-64 characters", "'q/1'");
  EXPECT_MUT("cost=\"10\"><sv>Fråga", "cost=\"ten\"><sv>Fråga", SSVC_EPARSE, "<memory>:3:3:",
             "question 'q1': cost must be 1-86400 seconds (got 'ten')");
  EXPECT_MUT("cost=\"10\"><sv>Fråga", "cost=\"\"><sv>Fråga", SSVC_EPARSE, "<memory>:3:3:",
             "question 'q1': cost must be");
  EXPECT_MUT("cost=\"10\"><sv>Fråga", "cost=\"86401\"><sv>Fråga", SSVC_EPARSE, "<memory>:3:3:",
             "question 'q1': cost must be 1-86400 seconds (got '86401')");
  EXPECT_MUT("<answer value=\"yes\" ", "<answer ", SSVC_EPARSE, "<memory>:4:5:",
             "answer 'q1': missing attribute 'value'");
  EXPECT_MUT("<answer value=\"yes\" ", "<answer value=\"yes\" score=\"1\" ", SSVC_EPARSE,
             "<memory>:4:5:", "<answer>: unknown attribute 'score'");
  EXPECT_MUT("<answer value=\"yes\" next=\"g1\" ", "<answer value=\"yes\" ", SSVC_EPARSE,
             "<memory>:4:5:", "answer 'q1': missing attribute 'next'");
  EXPECT_MUT("<checks id=\"g1\" ", "<checks ", SSVC_EPARSE, "<memory>:8:3:",
             "checks: missing attribute 'id'");
  EXPECT_MUT("<checks id=\"g1\" ", "<checks id=\"g1\" p=\"1\" ", SSVC_EPARSE, "<memory>:8:3:",
             "<checks>: unknown attribute 'p'");
  EXPECT_MUT("<checks id=\"g1\" ", "<checks id=\"g1\" feature=\"fly\" ", SSVC_EPARSE,
             "<memory>:8:3:", "checks 'g1': unknown feature 'fly'");
  EXPECT_MUT("<checks id=\"g1\" next=\"o-fault\" ", "<checks id=\"g1\" ", SSVC_EPARSE,
             "<memory>:8:3:", "checks 'g1': missing attribute 'next'");
  EXPECT_MUT("weight=\"10\"", "weight=\"1000001\"", SSVC_EPARSE, "<memory>:8:3:",
             "checks 'g1': weight must be 1-1000000 (got '1000001')");
  EXPECT_MUT("weight=\"10\"", "weight=\"\"", SSVC_EPARSE, "<memory>:8:3:",
             "checks 'g1': weight must be");
  EXPECT_MUT("<check id=\"c1\" ", "<check ", SSVC_EPARSE, "<memory>:9:5:",
             "check 'g1': missing attribute 'id'");
  EXPECT_MUT("<check id=\"c1\" ", "<check id=\"c1\" q=\"1\" ", SSVC_EPARSE, "<memory>:9:5:",
             "<check>: unknown attribute 'q'");
  EXPECT_MUT("cost=\"10\" fixed=\"o-ok\"><sv>A", "cost=\"10\"><sv>A", SSVC_EPARSE,
             "<memory>:9:5:", "check 'c1': missing attribute 'fixed'");
  EXPECT_MUT("<sv>A</sv><en>A</en>", "<en>A</en>", SSVC_EPARSE, "<memory>:9:5:",
             "check 'c1': missing <sv> text");
  EXPECT_MUT("<outcome id=\"o-ok\" ", "<outcome id=\"o-ok\" colour=\"x\" ", SSVC_EPARSE,
             "<memory>:15:3:", "<outcome>: unknown attribute 'colour'");
  EXPECT_MUT("remove-sim backup", "remove-sim a-very-long-reminder-name-that-goes-on-and-on",
             SSVC_EPARSE, "<memory>:16:3:",
             "outcome 'o-work': unknown reminder 'a-very-long-reminder-name-that-g'");
  EXPECT_MUT("<diagnosis version=\"1\">", "<diagnosis>", SSVC_EPARSE, "<memory>:1:1:",
             "<diagnosis>: version must be \"1\" (got '(none)')");
  /* Probabilities: above 0, at most 1, at most six decimals, digits only. */
  static const char *const probs[] = {"0.1234567", "2", "10", ".", "0.5x", "x", "1.000001", ""};
  for (size_t i = 0; i < sizeof probs / sizeof probs[0]; i++) {
    char to[32];
    snprintf(to, sizeof to, "p=\"%s\"", probs[i]);
    char *x = mutate("p=\"0.2\"", to);
    char frag[64];
    snprintf(frag, sizeof frag, "(got '%s')", probs[i]);
    expect_error_opts(x, NULL, SSVC_EPARSE, "<memory>:9:5:", "check 'c1': p must be a probability",
                      frag, (const char *)NULL);
    free(x);
  }
}

/* What is not part of the tree (comments, white space of every kind, reminders spread over lines)
 * is ignored, and the values at the edges of their ranges load. */
static void edges_and_ignored_content_load(void **state) {
  (void)state;
  char *a = mutate("remove-sim backup", "\tremove-sim\r\n  backup \n");
  char *b = replace(a, "en=\"Symptom one\"/>", "en=\"Symptom one\"><!-- s --></symptom>");
  char *c = replace(b, "sv=\"Ja\" en=\"Yes\"/>", "sv=\"Ja\" en=\"Yes\">\n<!-- a --></answer>");
  char *d = replace(c, "p=\"0.2\" cost=\"10\"", "p=\".000001\" cost=\"86400\"");
  char *e = replace(d, "<sv>Löst</sv>", "<sv><!-- x -->Löst\r\n</sv>");
  char *x = replace(e, "<check id=\"c2\" p=\"0.5\"", "<check id=\"Z_9.z-A\" p=\"1.0\"");
  ssvc_ctx *ctx = ctx_new();
  ssvc_diag_tree *t = NULL;
  if (ssvc_diag_tree_load_memory(ctx, &t, x, strlen(x), NULL) != SSVC_OK)
    fail_msg("%s", ssvc_ctx_errmsg(ctx));
  assert_string_equal(ssvc_diag_tree_text(t, "o-ok", SSVC_LANG_SV), "Löst");
  assert_string_equal(ssvc_diag_tree_text(t, "Z_9.z-A", SSVC_LANG_SV), "B");
  ssvc_diag_tree_free(t);
  /* Texts longer than the loader's first scratch buffer are joined whole. */
  char big[3001];
  memset(big, 'x', 3000);
  big[3000] = '\0';
  char to[3100];
  snprintf(to, sizeof to, "<sv>%s</sv>", big);
  char *y = replace(x, "<sv>Fråga ett</sv>", to);
  assert_int_equal(ssvc_diag_tree_load_memory(ctx, &t, y, strlen(y), NULL), SSVC_OK);
  assert_string_equal(ssvc_diag_tree_text(t, "q1", SSVC_LANG_SV), big);
  ssvc_diag_tree_free(t);
  ssvc_ctx_free(ctx);
  free(a);
  free(b);
  free(c);
  free(d);
  free(e);
  free(x);
  free(y);
}

/* An entity declaration is refused even without a DOCTYPE around it; the loaders refuse a NULL
 * context and bad options before reading anything; a file that cannot be read (a directory) or
 * is empty is refused naming the path. */
static void loader_edges_name_what_is_wrong(void **state) {
  (void)state;
  expect_error_opts("<diagnosis version=\"1\">\n<!ENTITY a \"b\">\n</diagnosis>", NULL,
                    SSVC_EPARSE, "<memory>:2:1:", "DOCTYPE and entity declarations are not allowed",
                    (const char *)NULL);
  ssvc_ctx *ctx = ctx_new();
  ssvc_diag_tree *t = (ssvc_diag_tree *)ctx;
  assert_int_equal(ssvc_diag_tree_load_file(NULL, &t, "x", NULL), SSVC_EINVAL);
  assert_null(t);
  assert_int_equal(ssvc_diag_tree_load_file(ctx, NULL, "x", NULL), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(ctx), "ssvc_diag_tree_load_file: out must not be NULL"));
  t = (ssvc_diag_tree *)ctx;
  assert_int_equal(ssvc_diag_tree_load_default(NULL, &t), SSVC_EINVAL);
  assert_null(t);
  ssvc_diag_load_options o = SSVC_DIAG_LOAD_OPTIONS_INIT;
  o.version = 0;
  assert_int_equal(ssvc_diag_tree_load_file(ctx, &t, "/nonexistent/tree.xml", &o), SSVC_EVERSION);
  assert_non_null(strstr(ssvc_ctx_errmsg(ctx), "ssvc_diag_tree_load_file: options"));
  assert_int_equal(ssvc_diag_tree_load_file(ctx, &t, ".", NULL), SSVC_EIO);
  assert_string_equal(ssvc_ctx_errmsg(ctx), "ssvc_diag_tree_load_file: .: read error");
  assert_null(t);
  FILE *f = fopen(tmp_path(), "wb");
  assert_non_null(f);
  fclose(f);
  assert_int_equal(ssvc_diag_tree_load_file(ctx, &t, tmp_path(), NULL), SSVC_EPARSE);
  assert_non_null(strstr(ssvc_ctx_errmsg(ctx), "ssvc_diag_tree_load_file: test_diagnosis_tree.xml:"));
  assert_null(t);
  remove(tmp_path());
  ssvc_ctx_free(ctx);
}

/* ---- sessions ---- */

struct fixture {
  ssvc_ctx *ctx;
  ssvc_catalog *cat;
  const ssvc_tier *bas, *prof;
  ssvc_diag_tree *tree;
};

static struct fixture fx_new(void) {
  struct fixture f;
  f.ctx = ctx_new();
  assert_int_equal(ssvc_catalog_new(f.ctx, &f.cat), SSVC_OK);
  assert_int_equal(ssvc_catalog_find(f.cat, "BAS", &f.bas), SSVC_OK);
  assert_int_equal(ssvc_catalog_find(f.cat, "PROF", &f.prof), SSVC_OK);
  f.tree = load_base(f.ctx);
  return f;
}

static void fx_free(struct fixture *f) {
  ssvc_diag_tree_free(f->tree);
  ssvc_catalog_free(f->cat);
  ssvc_ctx_free(f->ctx);
}

static ssvc_diag_session *start(struct fixture *f, const ssvc_tier *tier, const char *symptom) {
  ssvc_diag_session *s;
  int rc = ssvc_diag_session_new(f->ctx, &s, f->tree, tier, NULL, symptom);
  if (rc) fail_msg("session: %s", ssvc_ctx_errmsg(f->ctx));
  return s;
}

static void answer(ssvc_diag_session *s, const char *v) {
  assert_int_equal(ssvc_diag_session_answer(s, v), SSVC_OK);
}

static void every_outcome_kind_and_action(void **state) {
  (void)state;
  struct fixture f = fx_new();
  /* workshop */
  ssvc_diag_session *s = start(&f, f.bas, "s1");
  assert_string_equal(ssvc_diag_session_symptom(s), "s1");
  assert_false(ssvc_diag_session_done(s));
  assert_string_equal(ssvc_diag_session_question_id(s), "q1");
  assert_string_equal(ssvc_diag_session_question_text(s, SSVC_LANG_SV), "Fråga ett");
  assert_false(ssvc_diag_session_question_is_check(s));
  assert_int_equal(ssvc_diag_session_answer_count(s), 3);
  assert_string_equal(ssvc_diag_session_answer_value(s, 1), "no");
  assert_string_equal(ssvc_diag_session_answer_label(s, 1, SSVC_LANG_EN), "No");
  assert_null(ssvc_diag_session_answer_value(s, 3));
  assert_int_equal(ssvc_diag_session_outcome_kind(s), -1);
  assert_null(ssvc_diag_session_outcome_id(s));
  assert_int_equal(ssvc_diag_session_outcome_action(s), SSVC_DIAG_ACTION_NONE);
  answer(s, "no");
  assert_true(ssvc_diag_session_done(s));
  assert_null(ssvc_diag_session_question_id(s));
  assert_int_equal(ssvc_diag_session_answer_count(s), 0);
  assert_int_equal(ssvc_diag_session_outcome_kind(s), SSVC_DIAG_WORKSHOP);
  assert_string_equal(ssvc_diag_session_outcome_id(s), "o-work");
  assert_string_equal(ssvc_diag_session_outcome_advice(s, SSVC_LANG_EN), "Workshop");
  assert_int_equal(ssvc_diag_session_outcome_reminders(s),
                   SSVC_DIAG_REMIND_REMOVE_SIM | SSVC_DIAG_REMIND_BACKUP);
  assert_int_equal(ssvc_diag_session_outcome_action(s), SSVC_DIAG_ACTION_WORKSHOP);
  /* answering after the end */
  assert_int_equal(ssvc_diag_session_answer(s, "no"), SSVC_ESTATE);
  assert_non_null(strstr(ssvc_ctx_errmsg(f.ctx), "o-work"));
  ssvc_diag_session_free(s);

  /* handling error, solved by a check */
  s = start(&f, f.bas, "s1");
  answer(s, "yes");
  assert_true(ssvc_diag_session_question_is_check(s));
  assert_string_equal(ssvc_diag_session_question_id(s), "c2");
  assert_string_equal(ssvc_diag_session_answer_value(s, 0), "yes");
  assert_string_equal(ssvc_diag_session_answer_label(s, 1, SSVC_LANG_SV), "Nej, problemet kvarstår");
  answer(s, "yes");
  assert_int_equal(ssvc_diag_session_outcome_kind(s), SSVC_DIAG_HANDLING_ERROR);
  assert_int_equal(ssvc_diag_session_outcome_action(s), SSVC_DIAG_ACTION_GUIDANCE);
  assert_int_equal(ssvc_diag_session_outcome_reminders(s), 0);
  ssvc_diag_session_free(s);

  /* definite fault: workshop on BAS, swap or loan on PROF */
  const ssvc_tier *tiers[2] = {f.bas, f.prof};
  const int actions[2] = {SSVC_DIAG_ACTION_WORKSHOP, SSVC_DIAG_ACTION_SWAP_OR_LOAN};
  for (int i = 0; i < 2; i++) {
    s = start(&f, tiers[i], "s1");
    answer(s, "yes");
    answer(s, "no");
    answer(s, "no");
    answer(s, "no");
    assert_int_equal(ssvc_diag_session_outcome_kind(s), SSVC_DIAG_DEFINITE_FAULT);
    assert_int_equal(ssvc_diag_session_outcome_action(s), actions[i]);
    assert_int_equal(ssvc_diag_session_outcome_reminders(s), SSVC_DIAG_REMIND_SERVICE_NOTE);
    ssvc_diag_session_free(s);
  }

  /* out of scope by the tree */
  s = start(&f, f.prof, "s1");
  answer(s, "other");
  assert_int_equal(ssvc_diag_session_outcome_kind(s), SSVC_DIAG_OUT_OF_SCOPE);
  assert_int_equal(ssvc_diag_session_outcome_action(s), SSVC_DIAG_ACTION_NONE);
  assert_int_equal(ssvc_diag_session_missing_feature(s), 0);
  ssvc_diag_session_free(s);
  fx_free(&f);
}

static void tier_gating_ends_out_of_scope_naming_the_feature(void **state) {
  (void)state;
  struct fixture f = fx_new();
  ssvc_diag_session *s = start(&f, f.bas, "s2");
  assert_true(ssvc_diag_session_done(s));
  assert_int_equal(ssvc_diag_session_outcome_kind(s), SSVC_DIAG_OUT_OF_SCOPE);
  assert_string_equal(ssvc_diag_session_outcome_id(s), "out-of-scope:sync");
  assert_int_equal(ssvc_diag_session_missing_feature(s), SSVC_FEATURE_SYNC);
  assert_non_null(strstr(ssvc_diag_session_outcome_advice(s, SSVC_LANG_EN), "Sync & e-mail"));
  assert_non_null(strstr(ssvc_diag_session_outcome_advice(s, SSVC_LANG_EN), "BAS"));
  assert_non_null(strstr(ssvc_diag_session_outcome_advice(s, SSVC_LANG_SV), "BAS"));
  assert_int_equal(ssvc_diag_session_outcome_action(s), SSVC_DIAG_ACTION_NONE);
  assert_int_equal(ssvc_diag_session_outcome_reminders(s), 0);
  ssvc_diag_session_free(s);
  s = start(&f, f.prof, "s2");
  assert_false(ssvc_diag_session_done(s));
  assert_string_equal(ssvc_diag_session_question_id(s), "q2");
  ssvc_diag_session_free(s);

  /* A custom tier without diagnosis' phone-help feature: a group gated on a feature. */
  char *x = mutate("<checks id=\"g1\"", "<checks id=\"g1\" feature=\"phone-help\"");
  ssvc_diag_tree *t;
  assert_int_equal(ssvc_diag_tree_load_memory(f.ctx, &t, x, strlen(x), NULL), SSVC_OK);
  ssvc_tier_spec spec = SSVC_TIER_SPEC_INIT;
  spec.code = "MINI";
  spec.name_sv = "Mini";
  spec.features = SSVC_FEATURE_DIAGNOSIS;
  const ssvc_tier *mini;
  assert_int_equal(ssvc_catalog_add(f.cat, &spec, &mini), SSVC_OK);
  assert_int_equal(ssvc_diag_session_new(f.ctx, &s, t, mini, NULL, "s1"), SSVC_OK);
  answer(s, "yes");
  assert_string_equal(ssvc_diag_session_outcome_id(s), "out-of-scope:phone-help");
  ssvc_diag_session_free(s);
  ssvc_diag_tree_free(t);
  free(x);
  fx_free(&f);
}

static void session_errors(void **state) {
  (void)state;
  struct fixture f = fx_new();
  ssvc_diag_session *s = (ssvc_diag_session *)f.ctx;
  assert_int_equal(ssvc_diag_session_new(f.ctx, &s, f.tree, f.bas, NULL, "nope"), SSVC_ENOTFOUND);
  assert_null(s);
  assert_string_equal(ssvc_ctx_errmsg(f.ctx), "ssvc_diag_session_new: no symptom 'nope'");
  assert_int_equal(ssvc_diag_session_new(f.ctx, &s, f.tree, f.bas, NULL, "q1"), SSVC_ENOTFOUND);
  assert_int_equal(ssvc_diag_session_new(f.ctx, &s, NULL, f.bas, NULL, "s1"), SSVC_EINVAL);
  assert_int_equal(ssvc_diag_session_new(f.ctx, &s, f.tree, NULL, NULL, "s1"), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f.ctx), "tier"));
  assert_int_equal(ssvc_diag_session_new(f.ctx, &s, f.tree, f.bas, NULL, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_diag_session_new(f.ctx, NULL, f.tree, f.bas, NULL, "s1"), SSVC_EINVAL);
  /* stats of another tree */
  ssvc_diag_tree *other = load_base(f.ctx);
  ssvc_diag_stats *st;
  assert_int_equal(ssvc_diag_stats_new(f.ctx, &st, other), SSVC_OK);
  assert_int_equal(ssvc_diag_session_new(f.ctx, &s, f.tree, f.bas, st, "s1"), SSVC_EINVAL);
  assert_non_null(strstr(ssvc_ctx_errmsg(f.ctx), "another tree"));

  s = start(&f, f.bas, "s1");
  assert_int_equal(ssvc_diag_stats_record_session(st, s), SSVC_EINVAL);
  assert_int_equal(ssvc_diag_session_answer(s, "maybe"), SSVC_ENOTFOUND);
  assert_string_equal(ssvc_ctx_errmsg(f.ctx),
                      "ssvc_diag_session_answer: value: 'maybe' is not an answer to 'q1' "
                      "(answers: yes, no, other)");
  assert_string_equal(ssvc_diag_session_question_id(s), "q1"); /* unchanged */
  assert_int_equal(ssvc_diag_session_step_count(s), 0);
  assert_int_equal(ssvc_diag_session_answer(s, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_diag_session_answer(NULL, "yes"), SSVC_EINVAL);
  assert_int_equal(ssvc_diag_session_back(s), SSVC_ESTATE);
  assert_non_null(strstr(ssvc_ctx_errmsg(f.ctx), "no answer to take back"));
  assert_int_equal(ssvc_diag_session_back(NULL), SSVC_EINVAL);
  assert_null(ssvc_diag_session_question_text(s, 9));
  assert_null(ssvc_diag_session_answer_label(s, 0, 9));
  ssvc_diag_session_free(s);
  ssvc_diag_session_free(NULL);
  assert_int_equal(ssvc_diag_session_done(NULL), 0);
  assert_null(ssvc_diag_session_symptom(NULL));
  assert_int_equal(ssvc_diag_session_outcome_kind(NULL), -1);
  ssvc_diag_stats_free(st);
  ssvc_diag_tree_free(other);
  fx_free(&f);
}

static void back_steps_undo_one_answer_at_a_time(void **state) {
  (void)state;
  struct fixture f = fx_new();
  ssvc_diag_session *s = start(&f, f.prof, "s1");
  answer(s, "yes"); /* q1 -> g1: c2 */
  answer(s, "no");  /* c2 -> c1 */
  assert_string_equal(ssvc_diag_session_question_id(s), "c1");
  assert_int_equal(ssvc_diag_session_step_count(s), 2);
  assert_int_equal(ssvc_diag_session_back(s), SSVC_OK);
  assert_string_equal(ssvc_diag_session_question_id(s), "c2");
  assert_int_equal(ssvc_diag_session_step_count(s), 1);
  assert_int_equal(ssvc_diag_session_back(s), SSVC_OK);
  assert_string_equal(ssvc_diag_session_question_id(s), "q1");
  assert_int_equal(ssvc_diag_session_back(s), SSVC_ESTATE);
  /* Back from an outcome reopens the last question. */
  answer(s, "no");
  assert_true(ssvc_diag_session_done(s));
  assert_int_equal(ssvc_diag_session_back(s), SSVC_OK);
  assert_false(ssvc_diag_session_done(s));
  assert_int_equal(ssvc_diag_session_outcome_kind(s), -1);
  assert_string_equal(ssvc_diag_session_question_id(s), "q1");
  /* ...and a different answer takes another path. */
  answer(s, "yes");
  answer(s, "yes");
  assert_string_equal(ssvc_diag_session_outcome_id(s), "o-ok");
  assert_string_equal(ssvc_diag_session_step_question(s, 0), "q1");
  assert_string_equal(ssvc_diag_session_step_answer(s, 0), "yes");
  assert_string_equal(ssvc_diag_session_step_question(s, 1), "c2");
  assert_string_equal(ssvc_diag_session_step_answer(s, 1), "yes");
  assert_null(ssvc_diag_session_step_question(s, 2));
  assert_null(ssvc_diag_session_step_answer(s, 2));
  ssvc_diag_session_free(s);
  fx_free(&f);
}

static void transcript_and_resume(void **state) {
  (void)state;
  struct fixture f = fx_new();
  ssvc_diag_session *s = start(&f, f.prof, "s1");
  char buf[256];
  assert_int_equal(ssvc_diag_session_transcript(s, buf, sizeof buf), 3);
  assert_string_equal(buf, "s1:");
  answer(s, "yes");
  answer(s, "no");
  const char *want = "s1:q1=yes,c2=no";
  assert_int_equal(ssvc_diag_session_transcript(s, buf, sizeof buf), strlen(want));
  assert_string_equal(buf, want);
  /* Cut like snprintf. */
  char small[6];
  assert_int_equal(ssvc_diag_session_transcript(s, small, sizeof small), strlen(want));
  assert_string_equal(small, "s1:q1");
  assert_int_equal(ssvc_diag_session_transcript(s, NULL, 0), strlen(want));

  ssvc_diag_session *r;
  assert_int_equal(ssvc_diag_session_resume(f.ctx, &r, f.tree, f.prof, NULL, buf), SSVC_OK);
  assert_string_equal(ssvc_diag_session_question_id(r), "c1");
  assert_int_equal(ssvc_diag_session_step_count(r), 2);
  answer(r, "no");
  answer(r, "no");
  assert_string_equal(ssvc_diag_session_outcome_id(r), "o-fault");
  assert_int_equal(ssvc_diag_session_transcript(r, buf, sizeof buf),
                   strlen("s1:q1=yes,c2=no,c1=no,c3=no"));
  assert_string_equal(buf, "s1:q1=yes,c2=no,c1=no,c3=no");
  ssvc_diag_session_free(r);
  /* A finished transcript resumes to the same outcome. */
  assert_int_equal(ssvc_diag_session_resume(f.ctx, &r, f.tree, f.bas, NULL, buf), SSVC_OK);
  assert_int_equal(ssvc_diag_session_outcome_kind(r), SSVC_DIAG_DEFINITE_FAULT);
  assert_int_equal(ssvc_diag_session_outcome_action(r), SSVC_DIAG_ACTION_WORKSHOP);
  ssvc_diag_session_free(r);
  /* A group asked in another order (other learned counts) is replayed in the recorded order. */
  assert_int_equal(ssvc_diag_session_resume(f.ctx, &r, f.tree, f.bas, NULL, "s1:q1=yes,c3=no"),
                   SSVC_OK);
  assert_string_equal(ssvc_diag_session_question_id(r), "c2");
  answer(r, "no");
  assert_string_equal(ssvc_diag_session_question_id(r), "c1");
  ssvc_diag_session_free(r);

  static const struct {
    const char *text;
    int code;
    const char *msg;
  } bad[] = {
      {"", SSVC_EPARSE, "expected 'SYMPTOM:QUESTION=ANSWER,...'"},
      {"s1", SSVC_EPARSE, "expected 'SYMPTOM:"},
      {"s9:", SSVC_ENOTFOUND, "no symptom 's9'"},
      {"s1:q1", SSVC_EPARSE, "step 1: expected QUESTION=ANSWER"},
      {"s1:q1=yes,", SSVC_EPARSE, "ends with ','"},
      {"s1:q1=yes,=no", SSVC_EPARSE, "step 2"},
      {"s1:q2=x", SSVC_ENOTFOUND, "step 1: question 'q2' is not the one asked here ('q1')"},
      {"s1:q1=maybe", SSVC_ENOTFOUND, "step 1: 'maybe' is not an answer to 'q1'"},
      {"s1:q1=no,q1=no", SSVC_ESTATE, "step 2 ('q1=no') follows the outcome 'o-work'"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    r = (ssvc_diag_session *)f.ctx;
    int rc = ssvc_diag_session_resume(f.ctx, &r, f.tree, f.bas, NULL, bad[i].text);
    if (rc != bad[i].code || !strstr(ssvc_ctx_errmsg(f.ctx), bad[i].msg))
      fail_msg("'%s': got %s '%s'", bad[i].text, ssvc_status_name(rc), ssvc_ctx_errmsg(f.ctx));
    assert_null(r);
  }
  assert_int_equal(ssvc_diag_session_resume(f.ctx, &r, f.tree, f.bas, NULL, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_diag_session_transcript(NULL, buf, sizeof buf), 0);
  assert_string_equal(buf, "");
  ssvc_diag_session_free(s);
  fx_free(&f);
}

/* The order in which a fresh session asks the checks of g1. */
static void check_order(struct fixture *f, const ssvc_diag_stats *st, const char *want) {
  ssvc_diag_session *s;
  assert_int_equal(ssvc_diag_session_new(f->ctx, &s, f->tree, f->prof, st, "s1"), SSVC_OK);
  answer(s, "yes");
  char got[64] = "";
  while (!ssvc_diag_session_done(s)) {
    strcat(got, ssvc_diag_session_question_id(s));
    strcat(got, " ");
    answer(s, "no");
  }
  assert_string_equal(got, want);
  ssvc_diag_session_free(s);
}

static void checks_are_ordered_by_probability_over_cost(void **state) {
  (void)state;
  struct fixture f = fx_new();
  /* Priors: c1 0.2/10 s = 0.020, c2 0.5/10 = 0.050, c3 0.3/100 = 0.003. */
  check_order(&f, NULL, "c2 c1 c3 ");
  ssvc_diag_stats *st;
  assert_int_equal(ssvc_diag_stats_new(f.ctx, &st, f.tree), SSVC_OK);
  check_order(&f, st, "c2 c1 c3 "); /* no counts yet: the priors */
  assert_int_equal(ssvc_diag_check_probability_ppm(f.tree, st, "c1"), 200000);
  /* c1 fixed the problem 10 times out of 10: (0.2 * 10 + 10) / (10 + 10) = 0.6 -> 0.06/s. */
  for (int i = 0; i < 10; i++) assert_int_equal(ssvc_diag_stats_record(st, "c1", 1), SSVC_OK);
  assert_int_equal(ssvc_diag_check_probability_ppm(f.tree, st, "c1"), 600000);
  assert_int_equal(ssvc_diag_check_probability_ppm(f.tree, NULL, "c1"), 200000);
  check_order(&f, st, "c1 c2 c3 ");
  /* c2 failed 40 times: (0.5 * 10 + 0) / 50 = 0.1 -> 0.01/s, behind c1 but ahead of c3. */
  for (int i = 0; i < 40; i++) assert_int_equal(ssvc_diag_stats_record(st, "c2", 0), SSVC_OK);
  assert_int_equal(ssvc_diag_check_probability_ppm(f.tree, st, "c2"), 100000);
  check_order(&f, st, "c1 c2 c3 ");
  /* c3 succeeded 90 of 90: (3 + 90) / 100 = 0.93 -> 0.0093/s: still behind c2 (0.01/s). */
  for (int i = 0; i < 90; i++) assert_int_equal(ssvc_diag_stats_record(st, "c3", 1), SSVC_OK);
  check_order(&f, st, "c1 c2 c3 ");
  for (int i = 0; i < 20; i++) assert_int_equal(ssvc_diag_stats_record(st, "c2", 0), SSVC_OK);
  check_order(&f, st, "c1 c3 c2 "); /* c2 now 5/70 = 0.071 -> 0.0071/s */

  uint32_t tried, fixed;
  assert_int_equal(ssvc_diag_stats_get(st, "c2", &tried, &fixed), SSVC_OK);
  assert_int_equal(tried, 60);
  assert_int_equal(fixed, 0);
  assert_int_equal(ssvc_diag_stats_get(st, "q1", &tried, &fixed), SSVC_ENOTFOUND);
  assert_int_equal(ssvc_diag_stats_get(NULL, "c1", &tried, &fixed), SSVC_EINVAL);
  assert_int_equal(ssvc_diag_stats_get(st, "c1", NULL, &fixed), SSVC_EINVAL);
  assert_int_equal(ssvc_diag_stats_record(st, "q1", 1), SSVC_ENOTFOUND);
  assert_string_equal(ssvc_ctx_errmsg(f.ctx), "ssvc_diag_stats_record: no check 'q1'");
  assert_int_equal(ssvc_diag_stats_record(st, "c1", 2), SSVC_EINVAL);
  assert_int_equal(ssvc_diag_stats_record(st, NULL, 1), SSVC_EINVAL);
  assert_int_equal(ssvc_diag_stats_record(NULL, "c1", 1), SSVC_EINVAL);
  assert_int_equal(ssvc_diag_check_probability_ppm(f.tree, st, "nope"), -1);
  assert_int_equal(ssvc_diag_check_probability_ppm(NULL, st, "c1"), -1);
  ssvc_diag_stats_free(st);
  ssvc_diag_stats_free(NULL);
  fx_free(&f);
}

static void stats_export_import_and_sessions(void **state) {
  (void)state;
  struct fixture f = fx_new();
  ssvc_diag_stats *st, *copy;
  assert_int_equal(ssvc_diag_stats_new(f.ctx, &st, f.tree), SSVC_OK);
  char buf[256];
  assert_int_equal(ssvc_diag_stats_export(st, buf, sizeof buf), 0);
  assert_string_equal(buf, "");
  /* Logging a session: c2 and c1 tried without fixing, c3 fixed. */
  ssvc_diag_session *s = start(&f, f.prof, "s1");
  answer(s, "yes");
  answer(s, "no");
  answer(s, "no");
  answer(s, "yes");
  assert_int_equal(ssvc_diag_stats_record_session(st, s), SSVC_OK);
  ssvc_diag_session_free(s);
  assert_int_equal(ssvc_diag_stats_record(st, "c3", 0), SSVC_OK);
  const char *want = "c1 1 0\nc2 1 0\nc3 2 1\n";
  assert_int_equal(ssvc_diag_stats_export(st, buf, sizeof buf), strlen(want));
  assert_string_equal(buf, want);
  char small[8];
  assert_int_equal(ssvc_diag_stats_export(st, small, sizeof small), strlen(want));
  assert_string_equal(small, "c1 1 0\n");

  assert_int_equal(ssvc_diag_stats_new(f.ctx, &copy, f.tree), SSVC_OK);
  assert_int_equal(ssvc_diag_stats_import(copy, buf), SSVC_OK);
  assert_int_equal(ssvc_diag_stats_import(copy, "\nc1 3 3\r\n"), SSVC_OK); /* adds up */
  assert_int_equal(ssvc_diag_stats_export(copy, buf, sizeof buf), strlen("c1 4 3\nc2 1 0\nc3 2 1\n"));
  assert_string_equal(buf, "c1 4 3\nc2 1 0\nc3 2 1\n");
  static const struct {
    const char *text;
    int code;
    const char *msg;
  } bad[] = {
      {"c1 1 0\nc9 1 0\n", SSVC_ENOTFOUND, "line 2: no check 'c9'"},
      {"c1 1 2\n", SSVC_EPARSE, "line 1: expected"},
      {"c1 1\n", SSVC_EPARSE, "line 1"},
      {"c1 x 1\n", SSVC_EPARSE, "line 1"},
      {"c1  1 1\n", SSVC_EPARSE, "line 1"},
      {"c1\n", SSVC_EPARSE, "line 1"},
      {"c1 1 1 extra\n", SSVC_EPARSE, "line 1"},
      {"c1 99999999999 1\n", SSVC_ERANGE, "line 1"},
      {"c1 4294967295 0\n", SSVC_ERANGE, "overflows"},
      {"c2 2147483648 0\nc2 2147483648 0\n", SSVC_ERANGE, "line 2: count of 'c2' overflows"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    int rc = ssvc_diag_stats_import(copy, bad[i].text);
    if (rc != bad[i].code || !strstr(ssvc_ctx_errmsg(f.ctx), bad[i].msg))
      fail_msg("'%s': got %s '%s'", bad[i].text, ssvc_status_name(rc), ssvc_ctx_errmsg(f.ctx));
    /* all or nothing: the first good line of a failing import is not applied */
    ssvc_diag_stats_export(copy, buf, sizeof buf);
    assert_string_equal(buf, "c1 4 3\nc2 1 0\nc3 2 1\n");
  }
  /* Full counters refuse more, naming the check, and change nothing. */
  ssvc_diag_stats *full;
  assert_int_equal(ssvc_diag_stats_new(f.ctx, &full, f.tree), SSVC_OK);
  assert_int_equal(ssvc_diag_stats_import(full, "c2 4294967295 7\n"), SSVC_OK);
  assert_int_equal(ssvc_diag_stats_record(full, "c2", 1), SSVC_ERANGE);
  assert_non_null(strstr(ssvc_ctx_errmsg(f.ctx), "'c2' is full"));
  s = start(&f, f.prof, "s1");
  answer(s, "yes");
  answer(s, "no"); /* c2 tried */
  answer(s, "yes");
  assert_int_equal(ssvc_diag_stats_record_session(full, s), SSVC_ERANGE);
  assert_non_null(strstr(ssvc_ctx_errmsg(f.ctx), "'c2' is full"));
  ssvc_diag_stats_export(full, buf, sizeof buf);
  assert_string_equal(buf, "c2 4294967295 7\n"); /* c1 was not counted either */
  ssvc_diag_session_free(s);
  ssvc_diag_stats_free(full);
  assert_int_equal(ssvc_diag_stats_import(copy, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_diag_stats_import(NULL, ""), SSVC_EINVAL);
  assert_int_equal(ssvc_diag_stats_record_session(copy, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_diag_stats_export(NULL, buf, sizeof buf), 0);
  ssvc_diag_stats *none = (ssvc_diag_stats *)f.ctx;
  assert_int_equal(ssvc_diag_stats_new(f.ctx, &none, NULL), SSVC_EINVAL);
  assert_null(none);
  ssvc_diag_stats_free(copy);
  ssvc_diag_stats_free(st);
  fx_free(&f);
}

static void reminder_kind_and_action_keys(void **state) {
  (void)state;
  int n = 0;
  for (unsigned r = 1; r & SSVC_DIAG_REMIND_ALL; r <<= 1, n++) {
    assert_non_null(ssvc_diag_reminder_key(r));
    assert_non_null(ssvc_diag_reminder_text(r, SSVC_LANG_SV));
    assert_non_null(ssvc_diag_reminder_text(r, SSVC_LANG_EN));
  }
  assert_int_equal(n, SSVC_DIAG_REMINDER_COUNT);
  assert_string_equal(ssvc_diag_reminder_key(SSVC_DIAG_REMIND_SIGN_OUT_LOCK), "sign-out-lock");
  assert_null(ssvc_diag_reminder_key(0));
  assert_null(ssvc_diag_reminder_key(3));
  assert_null(ssvc_diag_reminder_key(1u << 6));
  assert_null(ssvc_diag_reminder_text(SSVC_DIAG_REMIND_BACKUP, 2));
  assert_string_equal(ssvc_diag_kind_key(SSVC_DIAG_DEFINITE_FAULT), "definite-fault");
  assert_null(ssvc_diag_kind_key(4));
  assert_null(ssvc_diag_kind_key(-1));
  assert_string_equal(ssvc_diag_action_key(SSVC_DIAG_ACTION_SWAP_OR_LOAN), "swap-or-loan");
  assert_null(ssvc_diag_action_key(4));
}

/* ---- the default tree ---- */

struct text_audit {
  int per_lang[2];
  int empty;
  int untranslated; /* Swedish and English text identical */
  const char *sv;   /* the Swedish text just seen (they come in sv, en pairs) */
};

static void audit(void *ud, const char *id, int lang, const char *text) {
  struct text_audit *a = ud;
  assert_non_null(id);
  assert_true(lang == SSVC_LANG_SV || lang == SSVC_LANG_EN);
  a->per_lang[lang]++;
  if (!text || !*text) a->empty++;
  if (lang == SSVC_LANG_SV) {
    a->sv = text;
  } else if (a->sv && text && strcmp(a->sv, text) == 0) {
    a->untranslated++;
    print_message("untranslated text of '%s': '%s'\n", id, text);
  }
}

static void default_tree_is_complete_in_both_languages(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  ssvc_diag_tree *t;
  assert_int_equal(ssvc_diag_tree_load_default(ctx, &t), SSVC_OK);
  assert_true(ssvc_diag_tree_symptom_count(t) >= 12);
  assert_true(ssvc_diag_tree_question_count(t) >= 40);
  static const char *const required[] = {"no-power", "screen",  "touch", "network",
                                         "calls-audio", "camera", "battery", "overheating",
                                         "liquid",  "os-boot", "apps",  "lock", "sync"};
  for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
    size_t k = 0;
    while (k < ssvc_diag_tree_symptom_count(t) &&
           strcmp(ssvc_diag_tree_symptom_id(t, k), required[i]) != 0)
      k++;
    if (k == ssvc_diag_tree_symptom_count(t)) fail_msg("no symptom '%s'", required[i]);
  }
  struct text_audit a = {{0, 0}, 0, 0, NULL};
  size_t calls = ssvc_diag_tree_foreach_text(t, audit, &a);
  assert_true(calls > 0);
  assert_int_equal(a.per_lang[0], a.per_lang[1]); /* every text has both languages */
  assert_int_equal(a.empty, 0);
  assert_int_equal(a.untranslated, 0); /* every text is translated, not copied */
  /* Every symptom has a label in both languages. */
  for (size_t i = 0; i < ssvc_diag_tree_symptom_count(t); i++) {
    assert_non_null(ssvc_diag_tree_symptom_label(t, i, SSVC_LANG_SV));
    assert_non_null(ssvc_diag_tree_symptom_label(t, i, SSVC_LANG_EN));
  }
  assert_int_equal(ssvc_diag_tree_foreach_text(NULL, audit, &a), 0);
  assert_non_null(strstr(ssvc_diag_default_xml(), "<diagnosis"));

  /* Every symptom can be walked to an outcome by always taking the first answer, and sync is out
   * of scope on BAS. */
  ssvc_catalog *cat;
  const ssvc_tier *bas, *prof;
  assert_int_equal(ssvc_catalog_new(ctx, &cat), SSVC_OK);
  ssvc_catalog_find(cat, "BAS", &bas);
  ssvc_catalog_find(cat, "PROF", &prof);
  int kinds_seen = 0;
  for (size_t i = 0; i < ssvc_diag_tree_symptom_count(t); i++)
    for (int last = 0; last < 2; last++) {
      ssvc_diag_session *s;
      assert_int_equal(
          ssvc_diag_session_new(ctx, &s, t, prof, NULL, ssvc_diag_tree_symptom_id(t, i)),
          SSVC_OK);
      while (!ssvc_diag_session_done(s)) {
        assert_non_null(ssvc_diag_session_question_text(s, SSVC_LANG_SV));
        assert_non_null(ssvc_diag_session_question_text(s, SSVC_LANG_EN));
        size_t n = ssvc_diag_session_answer_count(s);
        answer(s, ssvc_diag_session_answer_value(s, last ? n - 1 : 0));
      }
      kinds_seen |= 1 << ssvc_diag_session_outcome_kind(s);
      assert_non_null(ssvc_diag_session_outcome_advice(s, SSVC_LANG_SV));
      ssvc_diag_session_free(s);
    }
  assert_int_equal(kinds_seen, 0xF); /* all four kinds occur */
  ssvc_diag_session *s;
  assert_int_equal(ssvc_diag_session_new(ctx, &s, t, bas, NULL, "sync"), SSVC_OK);
  assert_string_equal(ssvc_diag_session_outcome_id(s), "out-of-scope:sync");
  ssvc_diag_session_free(s);
  ssvc_catalog_free(cat);
  ssvc_diag_tree_free(t);
  ssvc_ctx_free(ctx);
}

/* ---- one tree shared by several threads ---- */

struct worker {
  const ssvc_diag_tree *tree;
  int ok; /* sessions that reached the expected outcome */
};

/* Each thread has its own context, catalogue and sessions; only the tree is shared. */
static void *worker_main(void *arg) {
  struct worker *w = arg;
  ssvc_ctx *ctx;
  ssvc_catalog *cat;
  const ssvc_tier *bas;
  if (ssvc_ctx_new(&ctx, NULL)) return NULL;
  if (ssvc_catalog_new(ctx, &cat) || ssvc_catalog_find(cat, "BAS", &bas)) return NULL;
  for (int i = 0; i < 200; i++) {
    ssvc_diag_session *s;
    if (ssvc_diag_session_resume(ctx, &s, w->tree, bas, NULL,
                                 "no-power:np-liquid=no,np-force-restart=no,np-other-charger=yes"))
      continue;
    if (strcmp(ssvc_diag_session_outcome_id(s), "o-np-charger") == 0) w->ok++;
    ssvc_diag_session_free(s);
  }
  ssvc_catalog_free(cat);
  ssvc_ctx_free(ctx);
  return w;
}

/* pthreads rather than C11 threads: ThreadSanitizer intercepts only pthread_create. */
static void a_loaded_tree_is_shared_by_threads(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  ssvc_diag_tree *t;
  assert_int_equal(ssvc_diag_tree_load_default(ctx, &t), SSVC_OK);
  struct worker w[4];
  pthread_t th[4];
  for (int i = 0; i < 4; i++) {
    w[i] = (struct worker){t, 0};
    assert_int_equal(pthread_create(&th[i], NULL, worker_main, &w[i]), 0);
  }
  for (int i = 0; i < 4; i++) {
    void *res = NULL;
    assert_int_equal(pthread_join(th[i], &res), 0);
    assert_ptr_equal(res, &w[i]);
    assert_int_equal(w[i].ok, 200);
  }
  ssvc_diag_tree_free(t);
  ssvc_ctx_free(ctx);
}

/* ---- every operation under allocation failure ---- */

struct fstate {
  ssvc_ctx *ctx;
  ssvc_catalog *cat;
  const ssvc_tier *tier;
  ssvc_diag_tree *tree;
  ssvc_diag_stats *stats;
  ssvc_diag_session *session;
  void *made; /* the object the operation created */
};

static void *fs_setup(ssvc_ctx *ctx) {
  struct fstate *s = calloc(1, sizeof *s);
  s->ctx = ctx;
  assert_int_equal(ssvc_catalog_new(ctx, &s->cat), SSVC_OK);
  assert_int_equal(ssvc_catalog_find(s->cat, "PROF", &s->tier), SSVC_OK);
  s->tree = load_base(ctx);
  assert_int_equal(ssvc_diag_stats_new(ctx, &s->stats, s->tree), SSVC_OK);
  assert_int_equal(ssvc_diag_session_new(ctx, &s->session, s->tree, s->tier, s->stats, "s1"),
                   SSVC_OK);
  return s;
}

static char *fs_snapshot(void *p) {
  struct fstate *s = p;
  char buf[512], stats[256];
  ssvc_diag_session_transcript(s->session, buf, sizeof buf);
  ssvc_diag_stats_export(s->stats, stats, sizeof stats);
  char *out = malloc(1024);
  snprintf(out, 1024, "%s|%s|%s|%p", buf, stats,
           ssvc_diag_session_question_id(s->session) ? ssvc_diag_session_question_id(s->session)
                                                     : "-",
           s->made);
  return out;
}

static void fs_teardown(void *p) {
  struct fstate *s = p;
  ssvc_diag_session_free(s->session);
  ssvc_diag_stats_free(s->stats);
  ssvc_diag_tree_free(s->tree);
  ssvc_catalog_free(s->cat);
  free(s);
}

static int op_load_memory(ssvc_ctx *ctx, void *p) {
  ssvc_diag_tree *t = NULL;
  int rc = ssvc_diag_tree_load_memory(ctx, &t, base_xml, strlen(base_xml), NULL);
  if (rc == SSVC_OK) ssvc_diag_tree_free(t);
  else if (t) rc = SSVC_EINTERNAL;
  (void)p;
  return rc;
}

static int op_load_default(ssvc_ctx *ctx, void *p) {
  ssvc_diag_tree *t = NULL;
  int rc = ssvc_diag_tree_load_default(ctx, &t);
  if (rc == SSVC_OK) ssvc_diag_tree_free(t);
  (void)p;
  return rc;
}

static int op_load_file(ssvc_ctx *ctx, void *p) {
  ssvc_diag_tree *t = NULL;
  int rc = ssvc_diag_tree_load_file(ctx, &t, tmp_path(), NULL);
  if (rc == SSVC_OK) ssvc_diag_tree_free(t);
  (void)p;
  return rc;
}

static int op_session_new(ssvc_ctx *ctx, void *p) {
  struct fstate *s = p;
  ssvc_diag_session *n = NULL;
  int rc = ssvc_diag_session_new(ctx, &n, s->tree, s->tier, s->stats, "s1");
  ssvc_diag_session_free(n);
  return rc;
}

static int op_answer_into_group(ssvc_ctx *ctx, void *p) {
  (void)ctx;
  struct fstate *s = p;
  return ssvc_diag_session_answer(s->session, "yes");
}

static int op_resume(ssvc_ctx *ctx, void *p) {
  struct fstate *s = p;
  ssvc_diag_session *n = NULL;
  int rc = ssvc_diag_session_resume(ctx, &n, s->tree, s->tier, s->stats, "s1:q1=yes,c2=no,c1=no");
  ssvc_diag_session_free(n);
  return rc;
}

static int op_stats_import(ssvc_ctx *ctx, void *p) {
  (void)ctx;
  struct fstate *s = p;
  return ssvc_diag_stats_import(s->stats, "c1 3 1\nc3 2 2\n");
}

static int op_stats_new(ssvc_ctx *ctx, void *p) {
  struct fstate *s = p;
  ssvc_diag_stats *n = NULL;
  int rc = ssvc_diag_stats_new(ctx, &n, s->tree);
  ssvc_diag_stats_free(n);
  return rc;
}

static void every_operation_survives_allocation_failure(void **state) {
  (void)state;
  FILE *f = fopen(tmp_path(), "wb");
  assert_non_null(f);
  fputs(base_xml, f);
  fclose(f);
  const struct fault_op ops[] = {
      {"ssvc_diag_tree_load_memory", fs_setup, op_load_memory, fs_snapshot, fs_teardown},
      {"ssvc_diag_tree_load_default", fs_setup, op_load_default, fs_snapshot, fs_teardown},
      {"ssvc_diag_tree_load_file", fs_setup, op_load_file, fs_snapshot, fs_teardown},
      {"ssvc_diag_session_new", fs_setup, op_session_new, fs_snapshot, fs_teardown},
      {"ssvc_diag_session_answer", fs_setup, op_answer_into_group, fs_snapshot, fs_teardown},
      {"ssvc_diag_session_resume", fs_setup, op_resume, fs_snapshot, fs_teardown},
      {"ssvc_diag_stats_new", fs_setup, op_stats_new, fs_snapshot, fs_teardown},
      {"ssvc_diag_stats_import", fs_setup, op_stats_import, fs_snapshot, fs_teardown},
  };
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
    long points = fault_every_alloc(&ops[i]);
    if (points < 1) fail_msg("%s: no allocation point", ops[i].name);
  }
  remove(tmp_path());
}

/* The calls that allocate nothing: going back a step, recording and reading the statistics.
 * With every allocation failing they still succeed, and they make no allocation call at all, so
 * running out of memory can never half-apply them. (A change that makes one allocate fails here
 * and must then join the list above, with a failure at every point.) */
static void calls_without_allocation_survive_any_allocation_failure(void **state) {
  (void)state;
  fault_alloc fa;
  ssvc_allocator alloc;
  ssvc_ctx *ctx = fault_ctx_new(&fa, &alloc);
  struct fstate *s = fs_setup(ctx);
  assert_int_equal(ssvc_diag_session_answer(s->session, "yes"), SSVC_OK);
  assert_int_equal(ssvc_diag_session_answer(s->session, "no"), SSVC_OK);
  long before = fa.calls;
  fault_alloc_arm(&fa, 1, 1); /* every allocation from now on fails */
  char t1[256], t2[256];
  ssvc_diag_session_transcript(s->session, t1, sizeof t1);
  assert_int_equal(ssvc_diag_session_back(s->session), SSVC_OK);
  ssvc_diag_session_transcript(s->session, t2, sizeof t2);
  assert_string_not_equal(t1, t2); /* one answer undone */
  assert_int_equal(ssvc_diag_stats_record(s->stats, "c1", 1), SSVC_OK);
  uint32_t tried = 0, fixed = 0;
  assert_int_equal(ssvc_diag_stats_get(s->stats, "c1", &tried, &fixed), SSVC_OK);
  assert_int_equal(tried, 1);
  assert_int_equal(fixed, 1);
  char text[256];
  assert_true(ssvc_diag_stats_export(s->stats, text, sizeof text) > 0);
  assert_int_equal(fa.calls, before);
  assert_int_equal(fa.failures, 0);
  fault_alloc_arm(&fa, 0, 0);
  fs_teardown(s);
  ssvc_ctx_free(ctx);
  assert_int_equal(fa.live, 0);
}

/* When libxml2 cannot allocate at any point of loading a tree (the suite's base tree, which has
 * every element kind): an error naming the call, no tree handed out, and nothing of libxml2 left
 * behind; every point is tried. */
static void libxml2_failures_while_loading(void **state) {
  (void)state;
  ssvc_ctx *ctx;
  assert_int_equal(ssvc_ctx_new(&ctx, NULL), SSVC_OK);
  xml_fault_install();
  long points = 0, enomem = 0;
  for (long k = 1;; k++) {
    ssvc_diag_tree *t = (ssvc_diag_tree *)ctx; /* not NULL: the call must clear it */
    xml_fault_arm(k);
    int rc = ssvc_diag_tree_load_memory(ctx, &t, base_xml, strlen(base_xml), NULL);
    xml_fault_disarm();
    if (rc == SSVC_OK) {
      assert_int_equal(xml_fault_live(), 0);
      assert_true(ssvc_diag_tree_symptom_count(t) > 0);
      ssvc_diag_tree_free(t);
      break;
    }
    points++;
    assert_null(t);
    /* libxml2 2.9 reports some of its own allocation failures as a well-formedness error. */
    if (rc != SSVC_ENOMEM && rc != SSVC_EPARSE)
      fail_msg("libxml2 allocation %ld fails: %s (%s)", k, ssvc_status_name(rc),
               ssvc_ctx_errmsg(ctx));
    if (rc == SSVC_ENOMEM) enomem++;
    assert_non_null(strstr(ssvc_ctx_errmsg(ctx), "ssvc_diag_tree_load_memory"));
    assert_int_equal(xml_fault_live(), 0);
    assert_true(k < 1000000);
  }
  xml_fault_remove();
  print_message("libxml2 failure points: %ld (%ld reported as out of memory)\n", points, enomem);
  assert_true(points > 10 && enomem * 2 > points);
  ssvc_ctx_free(ctx);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(base_tree_loads),
      cmocka_unit_test(libxml2_failures_while_loading),
      cmocka_unit_test(more_tree_mistakes),
      cmocka_unit_test(whitespace_in_texts_is_collapsed),
      cmocka_unit_test(malformed_xml_names_line_and_column),
      cmocka_unit_test(doctype_and_entities_are_refused),
      cmocka_unit_test(structure_errors_name_position_and_id),
      cmocka_unit_test(limits_are_enforced),
      cmocka_unit_test(null_arguments_are_refused),
      cmocka_unit_test(load_file_reads_and_names_the_path),
      cmocka_unit_test(every_attribute_is_checked_where_it_stands),
      cmocka_unit_test(edges_and_ignored_content_load),
      cmocka_unit_test(loader_edges_name_what_is_wrong),
      cmocka_unit_test(every_outcome_kind_and_action),
      cmocka_unit_test(tier_gating_ends_out_of_scope_naming_the_feature),
      cmocka_unit_test(session_errors),
      cmocka_unit_test(back_steps_undo_one_answer_at_a_time),
      cmocka_unit_test(transcript_and_resume),
      cmocka_unit_test(checks_are_ordered_by_probability_over_cost),
      cmocka_unit_test(stats_export_import_and_sessions),
      cmocka_unit_test(reminder_kind_and_action_keys),
      cmocka_unit_test(default_tree_is_complete_in_both_languages),
      cmocka_unit_test(a_loaded_tree_is_shared_by_threads),
      cmocka_unit_test(every_operation_survives_allocation_failure),
      cmocka_unit_test(calls_without_allocation_survive_any_allocation_failure),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
