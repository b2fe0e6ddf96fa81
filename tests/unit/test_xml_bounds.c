/* xml_bounds (issue 17): the import's memory stays bounded whatever the input, and every bound
 * says what it is and where.
 *
 * The memory test imports streams written into a pipe by a generator process (60 MB of comments
 * between two cases, 50 MB of white space, a case with a million events, an endless event
 * stream, 40 MB of valid cases...) in a child process and reads the child's peak resident memory
 * (wait4's ru_maxrss): it must stay under 64 MiB. Before the byte scanner (src/xml_scan.c) 100 MB
 * of comments took 470 MB and the event streams grew without end; the child runs under a 1 GiB
 * address-space limit so that a regression fails instead of eating the machine. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include <smartservice.h>

#include "fixtures.h"
#include "xml_stream.h"

#if defined(__SANITIZE_ADDRESS__)
#define SSVC_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SSVC_TEST_ASAN 1
#endif
#endif

struct ctx_store {
  ssvc_ctx *ctx;
  ssvc_store *st;
};

static int setup(void **state) {
  struct ctx_store *f = calloc(1, sizeof *f);
  ssvc_ctx_options o = SSVC_CTX_OPTIONS_INIT;
  o.clock = fixture_clock;
  assert_int_equal(ssvc_ctx_new(&f->ctx, &o), SSVC_OK);
  assert_int_equal(ssvc_store_memory_new(f->ctx, &f->st), SSVC_OK);
  fixture_agreement(f->st, "ACME", "PROF", 100, 0, 0);
  *state = f;
  return 0;
}

static int teardown(void **state) {
  struct ctx_store *f = *state;
  ssvc_store_free(f->st);
  ssvc_ctx_free(f->ctx);
  free(f);
  return 0;
}

struct outcome {
  int rc;
  size_t imported;
  long peak_kib;
  char msg[300];
};

/* Imports stream @p kind of @p bytes in a child process (the generator is its child, writing into
 * a pipe); the child's status, imported count, message and peak resident memory. */
static void import_stream(int kind, uint64_t bytes, int on_duplicate, struct outcome *out) {
  int res[2];
  assert_int_equal(pipe(res), 0);
  pid_t child = fork();
  assert_true(child >= 0);
  if (child == 0) {
    close(res[0]);
    struct rlimit lim = {1u << 30, 1u << 30}; /* a regression fails instead of swapping */
    setrlimit(RLIMIT_AS, &lim);
    int fd;
    pid_t gen = xml_stream_spawn(kind, bytes, &fd);
    if (gen < 0) _exit(91);
    struct outcome o;
    memset(&o, 0, sizeof o);
    ssvc_ctx *ctx = NULL;
    ssvc_store *st = NULL;
    if (ssvc_ctx_new(&ctx, NULL) || ssvc_store_memory_new(ctx, &st)) _exit(92);
    fixture_agreement(st, "ACME", "PROF", 100, 0, 0);
    char path[64];
    snprintf(path, sizeof path, "/dev/fd/%d", fd);
    ssvc_xml_import_options opt = SSVC_XML_IMPORT_OPTIONS_INIT;
    opt.on_duplicate = on_duplicate;
    ssvc_xml_import_result r = SSVC_XML_IMPORT_RESULT_INIT;
    o.rc = ssvc_xml_import_file(st, &r, path, &opt);
    o.imported = r.imported;
    snprintf(o.msg, sizeof o.msg, "%s", o.rc ? ssvc_ctx_errmsg(ctx) : "");
    close(fd); /* the generator stops at its next write */
    waitpid(gen, NULL, 0);
    ssvc_store_free(st);
    ssvc_ctx_free(ctx);
    ssize_t w = write(res[1], &o, sizeof o);
    _exit(w == (ssize_t)sizeof o ? 0 : 93);
  }
  close(res[1]);
  memset(out, 0, sizeof *out);
  ssize_t got = read(res[0], out, sizeof *out);
  close(res[0]);
  int status = 0;
  struct rusage ru;
  assert_int_equal(wait4(child, &status, 0, &ru), child);
  if (got != (ssize_t)sizeof *out || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    fail_msg("stream %d: the importing child failed (status %d)", kind, status);
  out->peak_kib = ru.ru_maxrss;
}

static void memory_stays_bounded_whatever_the_stream(void **state) {
  (void)state;
#ifdef SSVC_TEST_ASAN
  skip(); /* the sanitizer's shadow memory makes resident sizes meaningless */
#endif
  static const struct {
    int kind;
    uint64_t bytes;
    int rc;
    size_t imported;
    const char *message;
  } streams[] = {
      {XML_STREAM_COMMENTS, 60000000, SSVC_OK, 2, ""},
      {XML_STREAM_PIS, 30000000, SSVC_OK, 2, ""},
      {XML_STREAM_BIG_COMMENT, 200000000, SSVC_ELIMIT, 0,
       ":3:1: a comment longer than max_record_bytes (1048576 bytes)"},
      {XML_STREAM_WHITESPACE, 50000000, SSVC_OK, 0, ""},
      {XML_STREAM_EVENTS, 75000000, SSVC_ELIMIT, 0, /* a million events */
       ":3:3: record <case> larger than max_record_bytes (1048576 bytes; line"},
      {XML_STREAM_EVENTS, UINT64_MAX, SSVC_ELIMIT, 0,
       ":3:3: record <case> larger than max_record_bytes"},
      {XML_STREAM_VALID, 40000000, SSVC_OK, 1000, ""},
  };
  for (size_t i = 0; i < sizeof streams / sizeof streams[0]; i++) {
    struct outcome o;
    import_stream(streams[i].kind, streams[i].bytes, SSVC_XML_DUP_SKIP, &o);
    print_message("stream %d (%llu bytes): %s, peak %ld KiB\n", streams[i].kind,
                  (unsigned long long)streams[i].bytes, ssvc_status_name(o.rc), o.peak_kib);
    if (o.rc != streams[i].rc || !strstr(o.msg, streams[i].message))
      fail_msg("stream %d: got %s '%s', expected %s '%s'", streams[i].kind,
               ssvc_status_name(o.rc), o.msg, ssvc_status_name(streams[i].rc),
               streams[i].message);
    assert_int_equal(o.imported, streams[i].imported);
    if (o.peak_kib >= 64 * 1024)
      fail_msg("stream %d: peak resident memory %ld KiB, over 64 MiB", streams[i].kind,
               o.peak_kib);
  }
}

/* ---- Messages ---- */

/* A document: the declaration, @p before (the prolog), the root, case 1, @p between, case 2 (its
 * symptom @p symptom), the root's end, @p after (the epilog). Case 1 starts on line 3 (when
 * @p before has no newline), case 2 on line 9 (plus @p between's lines), its symptom 4 lines
 * later. */
static char *doc(const char *before, const char *between, const char *symptom, const char *after) {
  char c1[1024], c2[1024];
  xml_stream_case_start(c1, sizeof c1, 1);
  xml_stream_case_start(c2, sizeof c2, 2);
  *strstr(c2, "no sound") = '\0';
  if (!symptom) symptom = "no sound";
  size_t n = strlen(before) + strlen(between) + strlen(after) + strlen(symptom) + strlen(c1) +
             strlen(c2) + 300;
  char *d = malloc(n);
  snprintf(d, n, "%s%s%s%s  </case>\n%s%s%s</symptom>\n  </case>\n%s%s", xml_stream_decl, before,
           xml_stream_root, c1, between, c2, symptom, xml_stream_tail, after);
  return d;
}

struct bad_seen {
  int calls;
};

static void count_bad(void *ud, long line, long column, const char *case_id, int code,
                      const char *message) {
  (void)line, (void)column, (void)case_id, (void)code, (void)message;
  ((struct bad_seen *)ud)->calls++;
}

static size_t case_count(ssvc_store *st) {
  ssvc_case *c = NULL;
  size_t n = 0;
  for (int i = 1; i <= 2; i++) {
    char id[32];
    snprintf(id, sizeof id, "SC-2026-%06d", i);
    if (ssvc_case_load(st, &c, id) == SSVC_OK) n++;
    ssvc_case_free(c);
    c = NULL;
  }
  return n;
}

/* Imports @p d with @p o; checks the status and that the message holds @p want. */
static void expect(struct ctx_store *f, char *d, ssvc_xml_import_options *o, int code,
                   const char *want) {
  ssvc_xml_import_result r = SSVC_XML_IMPORT_RESULT_INIT;
  int rc = ssvc_xml_import_memory(f->st, &r, d, strlen(d), "b.xml", o);
  const char *msg = rc ? ssvc_ctx_errmsg(f->ctx) : "";
  if (rc != code || !strstr(msg, want))
    fail_msg("got %s '%s', expected %s '%s'", ssvc_status_name(rc), msg, ssvc_status_name(code),
             want);
  if (code) assert_int_equal(r.imported, 0);
  if (code == SSVC_ELIMIT) assert_int_equal(r.bad, 0); /* a limit is no bad record */
  free(d);
}

static void comments_between_records_are_dropped_and_checked(void **state) {
  struct ctx_store *f = *state;
  ssvc_xml_import_options o = SSVC_XML_IMPORT_OPTIONS_INIT;
  /* Dropped with their newlines kept: the bad symptom of case 2 is still on line 13. */
  expect(f, doc("", "  <!-- one\n  two\n  three -->\n  <?pi x\n ?>\n", "\x01", ""), &o,
         SSVC_EPARSE, "b.xml:18:14: control character U+0001 is not allowed in XML");
  expect(f, doc("", "  <!-- a -- b -->\n", NULL, ""), &o, SSVC_EPARSE,
         "b.xml:9:10: XML: '--' inside a comment");
  expect(f, doc("", "  <?xml version=\"1.0\"?>\n", NULL, ""), &o, SSVC_EPARSE,
         "b.xml:9:3: XML: an XML declaration (<?xml) is only allowed at the start of the input");
  expect(f, doc("", "  <!-- caf\xC3 -->\n", NULL, ""), &o, SSVC_EPARSE,
         "b.xml:9:12: XML: invalid UTF-8 in a comment or processing instruction");
  expect(f, doc("", "  <![CDATA[ ]]>\n", NULL, ""), &o, SSVC_EPARSE,
         "b.xml:9:3: XML: between records only elements, comments and processing instructions");
  expect(f, doc("", "  junk\n", NULL, ""), &o, SSVC_EPARSE,
         "b.xml:9:3: XML: text between records (only elements, comments and processing "
         "instructions may be there)");
  /* libxml2's own error on a line that began with what was dropped: the file's line and column. */
  expect(f, strdup("<?xml version=\"1.0\"?>\n<cases version=\"1\" "
                   "xmlns=\"urn:smartservice:cases:1\">\n\n  <!-- x -->  <case id=\"a\" "
                   "id=\"b\"/>\n</cases>\n"), &o, SSVC_EPARSE,
         "b.xml:4:34: XML: Attribute id redefined");
  /* Inside a record libxml2 still reads them; a control character is named there too. */
  expect(f, doc("", "", "a <!-- \x1f -->", ""), &o, SSVC_EPARSE,
         "b.xml:13:21: control character U+001F is not allowed in XML");
  /* A character reference to one: libxml2's message, without the UTF-8 hint. */
  char *d = doc("", "", "a&#1;b", "");
  ssvc_xml_import_result r = SSVC_XML_IMPORT_RESULT_INIT;
  assert_int_equal(ssvc_xml_import_memory(f->st, &r, d, strlen(d), "b.xml", &o), SSVC_EPARSE);
  assert_null(strstr(ssvc_ctx_errmsg(f->ctx), "UTF-8"));
  assert_non_null(strstr(ssvc_ctx_errmsg(f->ctx), "(a character XML does not allow)"));
  free(d);
  assert_int_equal(case_count(f->st), 0);
  expect(f, doc("<!-- before -->\n", "<!-- between -->\n<?pi?>\n", NULL, "<!-- after -->\n"), &o,
         SSVC_OK, "");
  assert_int_equal(case_count(f->st), 2);
}

static void each_bound_names_itself_and_where(void **state) {
  struct ctx_store *f = *state;
  ssvc_xml_import_options o = SSVC_XML_IMPORT_OPTIONS_INIT;
  o.max_record_bytes = 350;
  /* Case 1 is 298 bytes; case 2 with its long symptom 390. */
  char big[101];
  memset(big, 'x', 100);
  big[100] = '\0';
  expect(f, doc("", "", big, ""), &o, SSVC_ELIMIT,
         "b.xml:9:3: record <case> larger than max_record_bytes (350 bytes; line 13 reached)");
  assert_int_equal(case_count(f->st), 0);
  char between[900];
  snprintf(between, sizeof between, "  <!-- %s%s%s%s -->\n", big, big, big, big);
  expect(f, doc("", between, NULL, ""), &o, SSVC_ELIMIT,
         "b.xml:9:3: a comment longer than max_record_bytes (350 bytes)");
  expect(f, doc(between, "", NULL, ""), &o, SSVC_ELIMIT,
         "b.xml:1:1: more than max_record_bytes (350 bytes) before the root element");
  expect(f, doc("", "", NULL, between), &o, SSVC_ELIMIT,
         "after the root element");
  /* continue_on_error: the record is not reported as skipped; the message says the import
   * stopped; the open batch (case 1) is rolled back. */
  struct bad_seen seen = {0};
  o.continue_on_error = 1;
  o.on_bad = count_bad;
  o.on_bad_data = &seen;
  expect(f, doc("", "", big, ""), &o, SSVC_ELIMIT,
         "(350 bytes; line 13 reached) (a limit stops the import even with continue_on_error)");
  assert_int_equal(seen.calls, 0);
  /* The same for a limit found on the record's tree (max_text). */
  o.max_record_bytes = 0;
  o.max_text = 50;
  expect(f, doc("", "", big, ""), &o, SSVC_ELIMIT,
         "<symptom>: text longer than max_text (50 bytes) (a limit stops the import even with "
         "continue_on_error)");
  assert_int_equal(seen.calls, 0);
  o.max_text = 0;
  o.continue_on_error = 0;
  /* Too many attributes, too many children, nesting at the tag. */
  char attrs[1024] = "a=\"\"";
  size_t n = strlen(attrs);
  for (int i = 0; i < 64; i++) n += (size_t)snprintf(attrs + n, sizeof attrs - n, " a%d=\"\"", i);
  char sym[1100];
  snprintf(sym, sizeof sym, "<b %s/>", attrs);
  expect(f, doc("", "", sym, ""), &o, SSVC_ELIMIT,
         "b.xml:13:457: more than 64 attributes in one element");
  size_t kids = 100020;
  char *many = malloc(kids * 4 + 1);
  for (size_t i = 0; i < kids; i++) memcpy(many + i * 4, "<a/>", 4);
  many[kids * 4] = '\0';
  expect(f, doc("", many, NULL, ""), &o, SSVC_EPARSE, "unknown record <a>");
  char *wrapped = malloc(kids * 4 + 20);
  snprintf(wrapped, kids * 4 + 20, "</symptom>%s<symptom>", many);
  expect(f, doc("", "", wrapped, ""), &o, SSVC_ELIMIT,
         "record <case> at line 9 has more than 100016 child elements");
  free(wrapped);
  free(many);
  o.max_depth = 1000; /* taken as libxml2's 256 */
  char *deep = malloc(300 * 3 + 1);
  for (int i = 0; i < 300; i++) memcpy(deep + i * 3, "<b>", 3);
  deep[900] = '\0';
  expect(f, doc("", "", deep, ""), &o, SSVC_ELIMIT, "nesting deeper than max_depth (256)");
  free(deep);
  assert_int_equal(case_count(f->st), 0);
}

static void libxml2s_own_limits_are_named(void **state) {
  struct ctx_store *f = *state;
  ssvc_xml_import_options o = SSVC_XML_IMPORT_OPTIONS_INIT;
  o.max_record_bytes = UINT64_MAX; /* no bound of the library's: libxml2's limits show */
  o.max_text = 20000000;
  size_t n = 10500000;
  char *text = malloc(n + 1);
  memset(text, 'x', n);
  text[n] = '\0';
  expect(f, doc("", "", text, ""), &o, SSVC_ELIMIT,
         "a text longer than libxml2's limit (10000000 bytes)");
  memcpy(text, "<!--", 4);
  memcpy(text + n - 3, "-->", 3);
  expect(f, doc("", "", text, ""), &o, SSVC_ELIMIT, "longer than libxml2's limit (10000000 bytes)");
  free(text);
}

static void the_record_bound_has_a_default_and_version_1_gets_it(void **state) {
  struct ctx_store *f = *state;
  size_t n = 1100000;
  char *ws = malloc(n + 1);
  memset(ws, ' ', n);
  ws[n] = '\0';
  ssvc_xml_import_options o = SSVC_XML_IMPORT_OPTIONS_INIT;
  expect(f, doc("", "", NULL, ws), &o, SSVC_ELIMIT,
         "more than max_record_bytes (1048576 bytes) after the root element");
  /* A version-1 caller's struct ends before max_record_bytes: what lies there is not read. */
  ssvc_xml_import_options v1 = SSVC_XML_IMPORT_OPTIONS_INIT;
  v1.version = 1;
  v1.max_record_bytes = 10;
  v1.on_duplicate = SSVC_XML_DUP_SKIP;
  expect(f, doc("", "", NULL, ""), &v1, SSVC_OK, "");
  expect(f, doc("", "", NULL, ws), &v1, SSVC_ELIMIT, "(1048576 bytes)");
  o.max_record_bytes = UINT64_MAX;
  o.on_duplicate = SSVC_XML_DUP_REPLACE;
  expect(f, doc("", "", NULL, ws), &o, SSVC_OK, "");
  free(ws);
  assert_int_equal(case_count(f->st), 2);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(memory_stays_bounded_whatever_the_stream),
      cmocka_unit_test_setup_teardown(comments_between_records_are_dropped_and_checked, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(each_bound_names_itself_and_where, setup, teardown),
      cmocka_unit_test_setup_teardown(libxml2s_own_limits_are_named, setup, teardown),
      cmocka_unit_test_setup_teardown(the_record_bound_has_a_default_and_version_1_gets_it, setup,
                                      teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
