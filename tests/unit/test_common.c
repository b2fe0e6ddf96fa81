/* common: version, status codes, money formatting, the allocator struct. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <smartservice.h>

static void version_matches_headers(void **state) {
  (void)state;
  assert_string_equal(ssvc_version(), SSVC_VERSION_STRING);
  assert_int_equal(ssvc_version_number(), SSVC_VERSION_NUMBER);
  assert_int_equal(SSVC_VERSION_NUMBER, 10000);
}

static void every_status_has_a_distinct_name_and_text(void **state) {
  (void)state;
  const int codes[] = {SSVC_OK,        SSVC_EINVAL,     SSVC_ENOMEM,       SSVC_ERANGE,
                       SSVC_EVERSION,  SSVC_ENOTFOUND,  SSVC_EEXISTS,      SSVC_ESTATE,
                       SSVC_ENOTENTITLED, SSVC_ECONFLICT, SSVC_ESTORAGE,   SSVC_EPARSE,
                       SSVC_ELIMIT,    SSVC_EIO,        SSVC_EBUSY,        SSVC_EINTERNAL};
  size_t n = sizeof codes / sizeof codes[0];
  for (size_t i = 0; i < n; i++) {
    assert_int_equal(codes[i], -(int)i); /* numbering is ABI: never changed */
    assert_string_not_equal(ssvc_strerror(codes[i]), "unknown status code");
    assert_string_not_equal(ssvc_status_name(codes[i]), "SSVC_UNKNOWN");
    for (size_t j = 0; j < i; j++) {
      assert_string_not_equal(ssvc_strerror(codes[i]), ssvc_strerror(codes[j]));
      assert_string_not_equal(ssvc_status_name(codes[i]), ssvc_status_name(codes[j]));
    }
  }
  assert_string_equal(ssvc_status_name(SSVC_EINVAL), "SSVC_EINVAL");
  assert_string_equal(ssvc_strerror(SSVC_EINVAL), "invalid argument");
}

static void unknown_status_is_named_as_unknown(void **state) {
  (void)state;
  const int bad[] = {1, -16, -1000, INT32_MIN, INT32_MAX};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    assert_string_equal(ssvc_strerror(bad[i]), "unknown status code");
    assert_string_equal(ssvc_status_name(bad[i]), "SSVC_UNKNOWN");
  }
}

static void money_formats_in_minor_units(void **state) {
  (void)state;
  char buf[64];
  assert_int_equal(ssvc_money_format(buf, sizeof buf, 1900, "SEK"), 9);
  assert_string_equal(buf, "19.00 SEK");
  ssvc_money_format(buf, sizeof buf, 1560000, "SEK");
  assert_string_equal(buf, "15600.00 SEK");
  ssvc_money_format(buf, sizeof buf, 5, NULL);
  assert_string_equal(buf, "0.05");
  ssvc_money_format(buf, sizeof buf, -1, "EUR");
  assert_string_equal(buf, "-0.01 EUR");
  ssvc_money_format(buf, sizeof buf, INT64_MIN, NULL);
  assert_string_equal(buf, "-92233720368547758.08");
  ssvc_money_format(buf, sizeof buf, INT64_MAX, NULL);
  assert_string_equal(buf, "92233720368547758.07");
}

static void money_format_reports_the_needed_size_when_cut(void **state) {
  (void)state;
  char buf[6];
  assert_int_equal(ssvc_money_format(buf, sizeof buf, 1900, "SEK"), 9);
  assert_string_equal(buf, "19.00"); /* cut, always terminated */
  assert_int_equal(ssvc_money_format(NULL, 0, 1900, "SEK"), 9);
}

static void allocator_init_checks_version(void **state) {
  (void)state;
  ssvc_allocator a;
  memset(&a, 0xAB, sizeof a);
  assert_int_equal(ssvc_allocator_init(&a, SSVC_ALLOCATOR_VERSION), SSVC_OK);
  assert_int_equal(a.version, SSVC_ALLOCATOR_VERSION);
  assert_null(a.malloc_fn);
  assert_null(a.user_data);
  assert_null(a.realloc_fn);
  assert_null(a.free_fn);

  unsigned char raw[sizeof a], copy[sizeof a];
  memset(raw, 0xAB, sizeof raw);
  memcpy(copy, raw, sizeof raw);
  assert_int_equal(ssvc_allocator_init((ssvc_allocator *)(void *)raw, 0), SSVC_EVERSION);
  assert_int_equal(ssvc_allocator_init((ssvc_allocator *)(void *)raw, SSVC_ALLOCATOR_VERSION + 1),
                   SSVC_EVERSION);
  assert_memory_equal(raw, copy, sizeof raw); /* untouched on failure */
  ssvc_allocator b = SSVC_ALLOCATOR_INIT;
  assert_int_equal(b.version, SSVC_ALLOCATOR_VERSION);
  assert_null(b.malloc_fn);
  assert_int_equal(ssvc_allocator_init(NULL, SSVC_ALLOCATOR_VERSION), SSVC_EINVAL);
}

/* Luhn check digits: the IMEI 49015420323751-8 (the usual example of the IMEI standard), the
 * textbook "7992739871" -> 3, and a Swedish organisation-number shape 556036079 -> 3 (by hand:
 * doubling every second digit from the right: 1+5+3+6+0+6+0+7+9 = 37, so the check is 3). */
static void luhn_check_digits(void **state) {
  (void)state;
  assert_int_equal(ssvc_luhn_check_digit("49015420323751", 14), 8);
  assert_int_equal(ssvc_luhn_check_digit("7992739871", 10), 3);
  assert_int_equal(ssvc_luhn_check_digit("556036079", 9), 3);
  assert_int_equal(ssvc_luhn_check_digit("0", 1), 0);
  assert_int_equal(ssvc_luhn_check_digit("", 0), -1);
  assert_int_equal(ssvc_luhn_check_digit(NULL, 3), -1);
  assert_int_equal(ssvc_luhn_check_digit("12a", 3), -1);
  assert_true(ssvc_luhn_valid("79927398713", 11));
  assert_false(ssvc_luhn_valid("79927398710", 11));
  assert_true(ssvc_luhn_valid("5560360793", 10));
  assert_false(ssvc_luhn_valid("5", 1));
  assert_false(ssvc_luhn_valid("7992739871x", 11));
  assert_false(ssvc_luhn_valid(NULL, 11));
  /* IMEIs: 15 digits whose last is the check digit of the first 14. */
  assert_true(ssvc_imei_valid("490154203237518"));
  assert_false(ssvc_imei_valid("490154203237517"));
  assert_false(ssvc_imei_valid("49015420323751"));
  assert_false(ssvc_imei_valid("4901542032375180"));
  char out[SSVC_IMEI_SIZE] = "untouched";
  assert_int_equal(ssvc_imei_complete(out, "49015420323751"), SSVC_OK);
  assert_string_equal(out, "490154203237518");
  strcpy(out, "untouched");
  assert_int_equal(ssvc_imei_complete(out, "4901542032375"), SSVC_EINVAL);
  assert_int_equal(ssvc_imei_complete(out, "4901542032375x"), SSVC_EINVAL);
  assert_int_equal(ssvc_imei_complete(out, "490154203237511"), SSVC_EINVAL);
  assert_int_equal(ssvc_imei_complete(out, NULL), SSVC_EINVAL);
  assert_int_equal(ssvc_imei_complete(NULL, "49015420323751"), SSVC_EINVAL);
  assert_string_equal(out, "untouched");
  /* Every completed IMEI is valid, and changing any one digit makes it invalid. */
  for (int n = 0; n < 2000; n++) {
    char body[15];
    snprintf(body, sizeof body, "35693803%06d", n * 499);
    assert_int_equal(ssvc_imei_complete(out, body), SSVC_OK);
    assert_true(ssvc_imei_valid(out));
    int k = n % 15;
    out[k] = (char)('0' + (out[k] - '0' + 1 + n % 9) % 10);
    assert_false(ssvc_imei_valid(out));
  }
}

/* Every enum's names and their reverse lookups agree, number by number, and an unknown name is
 * refused with the name in the message; the outcome mapping is one-to-one on the four results. */
static void enum_names_round_trip(void **state) {
  (void)state;
  ssvc_ctx *ctx;
  assert_int_equal(ssvc_ctx_new(&ctx, NULL), SSVC_OK);
  static const struct {
    const char *(*name)(int);
    int (*from)(ssvc_ctx *, int *, const char *);
    int lo, hi;
  } e[] = {
      {ssvc_case_state_name, ssvc_case_state_from_name, 1, SSVC_CASE_STATE_MAX},
      {ssvc_case_outcome_name, ssvc_case_outcome_from_name, 0, SSVC_CASE_OUTCOME_MAX},
      {ssvc_replacement_name, ssvc_replacement_from_name, 1, 2},
      {ssvc_repaired_to_name, ssvc_repaired_to_from_name, 1, 2},
      {ssvc_unit_state_name, ssvc_unit_state_from_name, 1, 7},
      {ssvc_order_state_name, ssvc_order_state_from_name, 1, 7},
      {ssvc_refill_state_name, ssvc_refill_state_from_name, 1, 3},
      {ssvc_diag_kind_key, ssvc_diag_kind_from_key, 0, 3},
      {ssvc_diag_action_key, ssvc_diag_action_from_key, 0, 3},
      {ssvc_charge_kind_key, ssvc_charge_kind_from_key, 0, SSVC_CHARGE_KIND_COUNT - 1},
      {ssvc_case_event_kind_name, ssvc_case_event_kind_from_name, 1, SSVC_CASE_EVENT_KIND_MAX},
      {ssvc_warranty_name, ssvc_warranty_from_name, 0, 2},
      {ssvc_estimate_answer_name, ssvc_estimate_answer_from_name, 0, 2},
      {ssvc_shipment_kind_name, ssvc_shipment_kind_from_name, 1, 4},
      {ssvc_agreement_event_kind_name, ssvc_agreement_event_kind_from_name, 1, 2},
      {ssvc_report_format_name, ssvc_report_format_from_name, 1, 3},
      {ssvc_xml_dup_policy_name, ssvc_xml_dup_policy_from_name, 1, 3},
      {ssvc_log_level_name, ssvc_log_level_from_name, 0, 3},
      {ssvc_lang_name, ssvc_lang_from_name, 0, 1},
  };
  for (size_t k = 0; k < sizeof e / sizeof e[0]; k++) {
    assert_null(e[k].name(e[k].lo - 1));
    assert_null(e[k].name(e[k].hi + 1));
    for (int v = e[k].lo; v <= e[k].hi; v++) {
      int back = -99;
      assert_non_null(e[k].name(v));
      assert_int_equal(e[k].from(ctx, &back, e[k].name(v)), SSVC_OK);
      assert_int_equal(back, v);
    }
    int untouched = -99;
    assert_int_equal(e[k].from(ctx, &untouched, "no-such-name"), SSVC_ENOTFOUND);
    assert_non_null(strstr(ssvc_ctx_errmsg(ctx), "'no-such-name'"));
    assert_int_equal(untouched, -99);
    assert_int_equal(e[k].from(ctx, &untouched, NULL), SSVC_EINVAL);
    assert_int_equal(e[k].from(ctx, NULL, e[k].name(e[k].lo)), SSVC_EINVAL);
    assert_int_equal(e[k].from(NULL, &untouched, "no-such-name"), SSVC_ENOTFOUND);
  }
  assert_string_equal(ssvc_replacement_name(SSVC_REPLACEMENT_LOAN), "loan");
  assert_string_equal(ssvc_repaired_to_name(SSVC_REPAIRED_TO_USER), "user");
  assert_string_equal(ssvc_charge_kind_key(SSVC_CHARGE_UNRETURNED), "unreturned");
  /* The names that the XML interchange and the tool already write (doc/xml.md, doc/cli.md). */
  assert_string_equal(ssvc_case_event_kind_name(SSVC_CASE_EVENT_DIAGNOSIS), "diagnosis");
  assert_string_equal(ssvc_shipment_kind_name(SSVC_SHIPMENT_FAULTY), "faulty");
  assert_string_equal(ssvc_agreement_event_kind_name(SSVC_AGREEMENT_EVENT_UPDATED), "updated");
  assert_string_equal(ssvc_report_format_name(SSVC_REPORT_HTML), "html");
  assert_string_equal(ssvc_xml_dup_policy_name(SSVC_XML_DUP_SKIP), "skip");
  assert_string_equal(ssvc_log_level_name(SSVC_LOG_WARN), "warn");
  assert_string_equal(ssvc_lang_name(SSVC_LANG_SV), "sv");
  int lang = -1;
  assert_int_equal(ssvc_lang_from_name(ctx, &lang, "de"), SSVC_ENOTFOUND);
  assert_string_equal(ssvc_ctx_errmsg(ctx), "ssvc_lang_from_name: unknown language 'de'");
  /* The one outcome mapping: same names on both sides, NONE and unknown numbers left out. */
  for (int k = SSVC_DIAG_HANDLING_ERROR; k <= SSVC_DIAG_OUT_OF_SCOPE; k++) {
    int o = ssvc_case_outcome_from_diag(k);
    assert_string_equal(ssvc_case_outcome_name(o), ssvc_diag_kind_key(k));
    assert_int_equal(ssvc_diag_kind_from_outcome(o), k);
  }
  assert_int_equal(ssvc_case_outcome_from_diag(SSVC_DIAG_DEFINITE_FAULT),
                   SSVC_CASE_OUTCOME_DEFINITE_FAULT);
  assert_int_equal(ssvc_case_outcome_from_diag(-1), SSVC_CASE_OUTCOME_NONE);
  assert_int_equal(ssvc_case_outcome_from_diag(4), SSVC_CASE_OUTCOME_NONE);
  assert_int_equal(ssvc_diag_kind_from_outcome(SSVC_CASE_OUTCOME_NONE), -1);
  assert_int_equal(ssvc_diag_kind_from_outcome(5), -1);
  ssvc_ctx_free(ctx);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(version_matches_headers),
      cmocka_unit_test(every_status_has_a_distinct_name_and_text),
      cmocka_unit_test(unknown_status_is_named_as_unknown),
      cmocka_unit_test(money_formats_in_minor_units),
      cmocka_unit_test(money_format_reports_the_needed_size_when_cut),
      cmocka_unit_test(allocator_init_checks_version),
      cmocka_unit_test(luhn_check_digits),
      cmocka_unit_test(enum_names_round_trip),
  };
  return cmocka_run_group_tests_name("common", tests, NULL, NULL);
}
