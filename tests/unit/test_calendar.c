/* calendar: dates, holidays, working days, Stockholm time and the delivery rule R7. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>

#include <smartservice.h>

#include "fault.h"

static ssvc_ctx *ctx_new(void) {
  ssvc_ctx *ctx;
  assert_int_equal(ssvc_ctx_new(&ctx, NULL), SSVC_OK);
  return ctx;
}

static ssvc_calendar *cal_new(ssvc_ctx *ctx, const ssvc_calendar_options *o) {
  ssvc_calendar *cal = NULL;
  int rc = ssvc_calendar_new(ctx, &cal, o);
  if (rc) fail_msg("ssvc_calendar_new: %s", ssvc_ctx_errmsg(ctx));
  return cal;
}

static ssvc_date D(int y, int m, int d) {
  ssvc_date x = {y, m, d};
  return x;
}

static ssvc_date parse_date(const char *text) {
  ssvc_date d;
  if (ssvc_date_parse(NULL, &d, text)) fail_msg("bad date in test: %s", text);
  return d;
}

static const char *fmt(const ssvc_date *d) {
  static char buf[4][16];
  static int k;
  char *b = buf[k++ & 3];
  ssvc_date_format(b, 16, d);
  return b;
}

static int64_t at(const char *text) {
  int64_t t;
  ssvc_ctx *ctx = ctx_new();
  if (ssvc_instant_parse(ctx, &t, text)) fail_msg("%s: %s", text, ssvc_ctx_errmsg(ctx));
  ssvc_ctx_free(ctx);
  return t;
}

static int64_t days_of(int y, int m, int d) {
  ssvc_date x = D(y, m, d);
  return ssvc_date_to_days(&x);
}

static void assert_errmsg(ssvc_ctx *ctx, const char *want) {
  if (strcmp(ssvc_ctx_errmsg(ctx), want) != 0)
    fail_msg("message\n  got:  %s\n  want: %s", ssvc_ctx_errmsg(ctx), want);
}

/* ---------------------------------------------------------------------------------------------
 * Civil dates
 */

static void dates_are_validated(void **state) {
  (void)state;
  ssvc_date ok[] = {{2024, 2, 29}, {2000, 2, 29}, {2026, 12, 31}, {1, 1, 1}, {9999, 12, 31},
                    {2026, 4, 30}};
  ssvc_date bad[] = {{2026, 2, 29}, {1900, 2, 29}, {2100, 2, 29}, {2026, 2, 30}, {2026, 13, 1},
                     {2026, 0, 1},  {2026, 1, 0},  {2026, 1, 32}, {2026, 4, 31}, {0, 1, 1},
                     {10000, 1, 1}, {-5, 1, 1}};
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) assert_true(ssvc_date_is_valid(&ok[i]));
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    assert_false(ssvc_date_is_valid(&bad[i]));
    assert_int_equal(ssvc_date_weekday(&bad[i]), 0);
    assert_true(ssvc_date_to_days(&bad[i]) == INT64_MIN);
  }
  assert_false(ssvc_date_is_valid(NULL));
  assert_int_equal(ssvc_date_weekday(NULL), 0);
}

static void days_and_weekdays_agree_for_every_day(void **state) {
  (void)state;
  ssvc_date epoch = D(1970, 1, 1), tue = D(2026, 11, 24), first = D(1, 1, 1),
            last = D(9999, 12, 31);
  assert_int_equal(ssvc_date_to_days(&epoch), 0);
  assert_int_equal(ssvc_date_weekday(&epoch), 4); /* Thursday */
  assert_int_equal(ssvc_date_weekday(&tue), 2);
  assert_int_equal(ssvc_date_to_days(&first), -719162);
  assert_int_equal(ssvc_date_to_days(&last), 2932896);
  /* Walk day by day through 1899-2200: the number rises by one, the weekday turns, and the day
   * number converts back to the same date. */
  ssvc_date d = D(1899, 1, 1);
  int64_t n = ssvc_date_to_days(&d);
  int wd = ssvc_date_weekday(&d);
  while (d.year <= 2200) {
    ssvc_date back;
    assert_int_equal(ssvc_date_from_days(&back, n), SSVC_OK);
    assert_memory_equal(&back, &d, sizeof d);
    assert_true(ssvc_date_to_days(&d) == n);
    assert_int_equal(ssvc_date_weekday(&d), wd);
    /* the next date by hand */
    d.day++;
    if (!ssvc_date_is_valid(&d)) d.day = 1, d.month++;
    if (d.month == 13) d.month = 1, d.year++;
    n++;
    wd = wd % 7 + 1;
  }
  ssvc_date out = D(7, 7, 7);
  assert_int_equal(ssvc_date_from_days(&out, -719163), SSVC_ERANGE);
  assert_int_equal(ssvc_date_from_days(&out, 2932897), SSVC_ERANGE);
  assert_int_equal(ssvc_date_from_days(&out, INT64_MIN), SSVC_ERANGE);
  assert_int_equal(out.year, 7);
  assert_int_equal(ssvc_date_from_days(NULL, 0), SSVC_EINVAL);
}

static void dates_are_formatted(void **state) {
  (void)state;
  ssvc_date d = D(2026, 3, 7), bad = D(2026, 2, 30), y1 = D(1, 1, 1);
  char buf[16];
  assert_int_equal(ssvc_date_format(buf, sizeof buf, &d), 10);
  assert_string_equal(buf, "2026-03-07");
  assert_int_equal(ssvc_date_format(buf, sizeof buf, &y1), 10);
  assert_string_equal(buf, "0001-01-01");
  assert_int_equal(ssvc_date_format(buf, 5, &d), 10); /* cut, like snprintf */
  assert_string_equal(buf, "2026");
  assert_int_equal(ssvc_date_format(NULL, 0, &d), 10);
  assert_int_equal(ssvc_date_format(buf, sizeof buf, &bad), 0);
  assert_string_equal(buf, "");
  assert_int_equal(ssvc_date_format(buf, sizeof buf, NULL), 0);
}

static void dates_are_parsed_and_errors_name_the_column(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  ssvc_date d = D(1, 2, 3), keep = d;
  assert_int_equal(ssvc_date_parse(ctx, &d, "2024-02-29"), SSVC_OK);
  assert_int_equal(d.year, 2024);
  assert_int_equal(d.month, 2);
  assert_int_equal(d.day, 29);
  struct {
    const char *text, *msg;
  } bad[] = {
      {"2026-02-30", "ssvc_date_parse: text: column 9: day 30 is not in 2026-02"},
      {"2026-13-01", "ssvc_date_parse: text: column 6: month 13 is not 01-12"},
      {"2026-00-01", "ssvc_date_parse: text: column 6: month 00 is not 01-12"},
      {"2026-04-31", "ssvc_date_parse: text: column 9: day 31 is not in 2026-04"},
      {"0000-01-01", "ssvc_date_parse: text: column 1: year 0000 is not 0001-9999"},
      {"2026-2-01", "ssvc_date_parse: text: column 7: expected two digits of the month (got '-')"},
      {"", "ssvc_date_parse: text: column 1: expected four digits of the year (got end of text)"},
      {"2026/01/01", "ssvc_date_parse: text: column 5: expected '-' after the year (got '/')"},
      {"2026-01-01T", "ssvc_date_parse: text: column 11: expected the end of the date (got 'T')"},
      {" 2026-01-01",
       "ssvc_date_parse: text: column 1: expected four digits of the year (got ' ')"},
      /* strtol-style leniency read these as 2026-01-01 (issue 17) */
      {"2026- 1-01", "ssvc_date_parse: text: column 6: expected two digits of the month (got ' ')"},
      {"2026-+1-01", "ssvc_date_parse: text: column 6: expected two digits of the month (got '+')"},
      {"2026-01--1", "ssvc_date_parse: text: column 9: expected two digits of the day (got '-')"},
      {"+026-01-01", "ssvc_date_parse: text: column 1: expected four digits of the year (got '+')"},
      {"2026-01-\xc3\xa5",
       "ssvc_date_parse: text: column 9: expected two digits of the day "
       "(got byte 0xc3)"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    assert_int_equal(ssvc_date_parse(ctx, &d, bad[i].text), SSVC_EPARSE);
    assert_errmsg(ctx, bad[i].msg);
    assert_true(d.year == 2024 && d.month == 2 && d.day == 29);
  }
  d = keep;
  assert_int_equal(ssvc_date_parse(ctx, NULL, "2026-01-01"), SSVC_EINVAL);
  assert_errmsg(ctx, "ssvc_date_parse: out must not be NULL");
  assert_int_equal(ssvc_date_parse(ctx, &d, NULL), SSVC_EINVAL);
  assert_errmsg(ctx, "ssvc_date_parse: text must not be NULL");
  assert_int_equal(ssvc_date_parse(NULL, &d, "x"), SSVC_EPARSE); /* no context: status only */
  assert_memory_equal(&d, &keep, sizeof d);
  ssvc_ctx_free(ctx);
}

/* The library's one number reader: digits only, no sign, no space, at most max. */
static void whole_numbers_are_digits_only(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  uint64_t v = 7;
  assert_int_equal(ssvc_uint_parse(ctx, &v, "0", 10), SSVC_OK);
  assert_true(v == 0);
  assert_int_equal(ssvc_uint_parse(ctx, &v, "0042", 42), SSVC_OK);
  assert_true(v == 42);
  assert_int_equal(ssvc_uint_parse(ctx, &v, "18446744073709551615", UINT64_MAX), SSVC_OK);
  assert_true(v == UINT64_MAX);
  v = 7;
  struct {
    const char *text;
    uint64_t max;
    int rc;
    const char *msg;
  } bad[] = {
      {"", 10, SSVC_EPARSE, "ssvc_uint_parse: text: column 1: expected a digit (got end of text)"},
      {"-1", 10, SSVC_EPARSE, "ssvc_uint_parse: text: column 1: expected a digit (got '-')"},
      {"+1", 10, SSVC_EPARSE, "ssvc_uint_parse: text: column 1: expected a digit (got '+')"},
      {" 1", 10, SSVC_EPARSE, "ssvc_uint_parse: text: column 1: expected a digit (got ' ')"},
      {"1 ", 10, SSVC_EPARSE,
       "ssvc_uint_parse: text: column 2: expected a digit or the end of the number (got ' ')"},
      {"0x10", 99, SSVC_EPARSE,
       "ssvc_uint_parse: text: column 2: expected a digit or the end of the number (got 'x')"},
      {"1.5", 10, SSVC_EPARSE,
       "ssvc_uint_parse: text: column 2: expected a digit or the end of the number (got '.')"},
      {"11", 10, SSVC_ERANGE, "ssvc_uint_parse: text: 11 is over 10"},
      {"18446744073709551616", UINT64_MAX, SSVC_ERANGE,
       "ssvc_uint_parse: text: 18446744073709551616 is over 18446744073709551615"},
      {"99999999999999999999999x", UINT64_MAX, SSVC_EPARSE,
       "ssvc_uint_parse: text: column 24: expected a digit or the end of the number (got 'x')"},
      {"5", 4, SSVC_ERANGE, "ssvc_uint_parse: text: 5 is over 4"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    assert_int_equal(ssvc_uint_parse(ctx, &v, bad[i].text, bad[i].max), bad[i].rc);
    assert_errmsg(ctx, bad[i].msg);
    assert_true(v == 7); /* untouched */
  }
  assert_int_equal(ssvc_uint_parse(ctx, NULL, "1", 1), SSVC_EINVAL);
  assert_errmsg(ctx, "ssvc_uint_parse: out must not be NULL");
  assert_int_equal(ssvc_uint_parse(ctx, &v, NULL, 1), SSVC_EINVAL);
  assert_errmsg(ctx, "ssvc_uint_parse: text must not be NULL");
  assert_int_equal(ssvc_uint_parse(NULL, &v, "x", 1), SSVC_EPARSE); /* no context: status only */
  ssvc_ctx_free(ctx);
}

/* ---------------------------------------------------------------------------------------------
 * Holidays
 */

struct entry {
  ssvc_date date;
  int holiday;
};

/* The list of @p year as entries; returns the count. */
static size_t holidays_of(ssvc_ctx *ctx, const ssvc_calendar *cal, int year, struct entry *out,
                          size_t cap) {
  ssvc_holiday_list *list;
  assert_int_equal(ssvc_calendar_holidays(ctx, cal, &list, year), SSVC_OK);
  size_t n = ssvc_holiday_list_count(list);
  assert_true(n <= cap);
  for (size_t i = 0; i < n; i++)
    assert_int_equal(ssvc_holiday_list_get(list, i, &out[i].date, &out[i].holiday), SSVC_OK);
  ssvc_holiday_list_free(list);
  return n;
}

static ssvc_date find_holiday(const struct entry *e, size_t n, int holiday) {
  for (size_t i = 0; i < n; i++)
    if (e[i].holiday == holiday) return e[i].date;
  return D(0, 0, 0);
}

static int64_t dn(const ssvc_date *d) { return ssvc_date_to_days(d); }

static void every_holiday_rule_holds_1900_to_2199(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  ssvc_calendar *cal = cal_new(ctx, NULL);
  for (int y = 1900; y <= 2199; y++) {
    struct entry e[32];
    size_t n = holidays_of(ctx, cal, y, e, 32);
    assert_int_equal(n, 16); /* 13 public holidays and 3 eves, every year */
    for (size_t i = 1; i < n; i++) { /* sorted by date, then by number */
      assert_true(dn(&e[i - 1].date) <= dn(&e[i].date));
      if (dn(&e[i - 1].date) == dn(&e[i].date)) assert_true(e[i - 1].holiday < e[i].holiday);
    }
    for (size_t i = 0; i < n; i++) {
      int working = 1;
      assert_int_equal(e[i].date.year, y);
      assert_int_equal(ssvc_calendar_is_working_day(ctx, cal, &working, &e[i].date), SSVC_OK);
      assert_int_equal(working, 0);
    }
    ssvc_date x;
    x = find_holiday(e, n, SSVC_HOLIDAY_NEW_YEARS_DAY);
    assert_true(x.month == 1 && x.day == 1);
    x = find_holiday(e, n, SSVC_HOLIDAY_EPIPHANY);
    assert_true(x.month == 1 && x.day == 6);
    x = find_holiday(e, n, SSVC_HOLIDAY_MAY_DAY);
    assert_true(x.month == 5 && x.day == 1);
    x = find_holiday(e, n, SSVC_HOLIDAY_CHRISTMAS_EVE);
    assert_true(x.month == 12 && x.day == 24);
    x = find_holiday(e, n, SSVC_HOLIDAY_CHRISTMAS_DAY);
    assert_true(x.month == 12 && x.day == 25);
    x = find_holiday(e, n, SSVC_HOLIDAY_BOXING_DAY);
    assert_true(x.month == 12 && x.day == 26);
    x = find_holiday(e, n, SSVC_HOLIDAY_NEW_YEARS_EVE);
    assert_true(x.month == 12 && x.day == 31);
    /* Easter: a Sunday from 22 March to 25 April; the rest of the Easter cycle follows it. */
    ssvc_date easter = find_holiday(e, n, SSVC_HOLIDAY_EASTER_SUNDAY);
    assert_int_equal(ssvc_date_weekday(&easter), 7);
    assert_true((easter.month == 3 && easter.day >= 22) || (easter.month == 4 && easter.day <= 25));
    ssvc_date gf = find_holiday(e, n, SSVC_HOLIDAY_GOOD_FRIDAY),
              em = find_holiday(e, n, SSVC_HOLIDAY_EASTER_MONDAY),
              asc = find_holiday(e, n, SSVC_HOLIDAY_ASCENSION_DAY),
              ws = find_holiday(e, n, SSVC_HOLIDAY_WHIT_SUNDAY);
    assert_true(dn(&gf) == dn(&easter) - 2 && dn(&em) == dn(&easter) + 1);
    assert_true(dn(&asc) == dn(&easter) + 39 && dn(&ws) == dn(&easter) + 49);
    assert_int_equal(ssvc_date_weekday(&asc), 4);
    /* The 2005 change: annandag pingst up to 2004, nationaldagen from 2005. */
    ssvc_date wm = find_holiday(e, n, SSVC_HOLIDAY_WHIT_MONDAY),
              nd = find_holiday(e, n, SSVC_HOLIDAY_NATIONAL_DAY);
    if (y <= 2004) {
      assert_true(dn(&wm) == dn(&easter) + 50);
      assert_int_equal(nd.year, 0);
    } else {
      assert_int_equal(wm.year, 0);
      assert_true(nd.month == 6 && nd.day == 6);
    }
    /* Midsommar: the Friday 19-25 June and the Saturday after; alla helgons dag: the Saturday
     * 31 October-6 November. */
    ssvc_date me = find_holiday(e, n, SSVC_HOLIDAY_MIDSUMMER_EVE),
              md = find_holiday(e, n, SSVC_HOLIDAY_MIDSUMMER_DAY),
              as = find_holiday(e, n, SSVC_HOLIDAY_ALL_SAINTS_DAY);
    assert_true(me.month == 6 && me.day >= 19 && me.day <= 25 && ssvc_date_weekday(&me) == 5);
    assert_true(dn(&md) == dn(&me) + 1);
    assert_true(ssvc_date_weekday(&as) == 6 &&
                ((as.month == 10 && as.day == 31) || (as.month == 11 && as.day <= 6)));
  }
  ssvc_calendar_free(cal);
  ssvc_ctx_free(ctx);
}

static void easter_is_right_early_and_late(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  ssvc_calendar *cal = cal_new(ctx, NULL);
  /* Published Easter Sundays: the earliest and latest of 1900-2199 and recent years. */
  const char *known[] = {"1913-03-23", "2008-03-23", "2160-03-23", "1943-04-25", "2038-04-25",
                         "1954-04-18", "2000-04-23", "2019-04-21", "2020-04-12", "2021-04-04",
                         "2022-04-17", "2023-04-09", "2024-03-31", "2025-04-20", "2026-04-05",
                         "2027-03-28", "2028-04-16", "2029-04-01", "2030-04-21", "1900-04-15",
                         "2199-04-14", "2190-04-25"};
  for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
    ssvc_date want = parse_date(known[i]);
    struct entry e[32];
    size_t n = holidays_of(ctx, cal, want.year, e, 32);
    ssvc_date got = find_holiday(e, n, SSVC_HOLIDAY_EASTER_SUNDAY);
    if (dn(&got) != dn(&want))
      fail_msg("Easter %d: got %s, want %s", want.year, fmt(&got), known[i]);
  }
  ssvc_calendar_free(cal);
  ssvc_ctx_free(ctx);
}

static void midsummer_falls_on_each_possible_date(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  ssvc_calendar *cal = cal_new(ctx, NULL);
  /* Midsommarafton 2018-2026 covers every day from 19 to 25 June. */
  const char *eves[] = {"2020-06-19", "2025-06-20", "2024-06-21", "2018-06-22",
                        "2023-06-23", "2022-06-24", "2021-06-25", "2026-06-19"};
  for (size_t i = 0; i < sizeof eves / sizeof eves[0]; i++) {
    ssvc_date want = parse_date(eves[i]);
    struct entry e[32];
    size_t n = holidays_of(ctx, cal, want.year, e, 32);
    ssvc_date me = find_holiday(e, n, SSVC_HOLIDAY_MIDSUMMER_EVE),
              md = find_holiday(e, n, SSVC_HOLIDAY_MIDSUMMER_DAY);
    assert_string_equal(fmt(&me), eves[i]);
    assert_true(dn(&md) == dn(&want) + 1);
    int w = 1;
    ssvc_date before = D(want.year, 6, want.day - 1), after = D(want.year, 6, want.day + 3);
    assert_int_equal(ssvc_calendar_is_working_day(ctx, cal, &w, &before), SSVC_OK);
    assert_int_equal(w, 1); /* the Thursday before */
    assert_int_equal(ssvc_calendar_is_working_day(ctx, cal, &w, &after), SSVC_OK);
    assert_int_equal(w, 1); /* the Monday after */
  }
  ssvc_calendar_free(cal);
  ssvc_ctx_free(ctx);
}

static void national_day_replaces_whit_monday_in_2005(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  ssvc_calendar *cal = cal_new(ctx, NULL);
  struct {
    const char *day;
    int working;
  } cases[] = {
      {"2004-05-31", 0}, /* annandag pingst 2004 */
      {"2004-06-07", 1}, /* the Monday after 6 June 2004 (a Sunday): no holiday yet */
      {"2005-05-16", 1}, /* the Monday after pingstdagen 2005: a working day now */
      {"2005-06-06", 0}, /* Sveriges nationaldag, a Monday */
      {"2026-06-05", 1}, {"2027-06-07", 1}, /* no substitute day when 6 June is a weekend day */
      {"2008-05-01", 0}, {"2008-05-02", 1}, /* första maj and Kristi himmelsfärdsdag together */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ssvc_date d = parse_date(cases[i].day);
    int w = -1;
    assert_int_equal(ssvc_calendar_is_working_day(ctx, cal, &w, &d), SSVC_OK);
    if (w != cases[i].working)
      fail_msg("%s: working %d, want %d", cases[i].day, w, cases[i].working);
  }
  struct entry e[32];
  size_t n = holidays_of(ctx, cal, 2008, e, 32);
  assert_int_equal(n, 16);
  assert_string_equal(fmt(&e[5].date), "2008-05-01");
  assert_int_equal(e[5].holiday, SSVC_HOLIDAY_MAY_DAY);
  assert_string_equal(fmt(&e[6].date), "2008-05-01");
  assert_int_equal(e[6].holiday, SSVC_HOLIDAY_ASCENSION_DAY);
  ssvc_calendar_free(cal);
  ssvc_ctx_free(ctx);
}

static void holidays_have_names_in_both_languages(void **state) {
  (void)state;
  int eves = 0;
  for (int h = SSVC_HOLIDAY_NEW_YEARS_DAY; h <= SSVC_HOLIDAY_EXTRA_CLOSED; h++) {
    assert_non_null(ssvc_holiday_name(h, SSVC_LANG_SV));
    assert_non_null(ssvc_holiday_name(h, SSVC_LANG_EN));
    eves += ssvc_holiday_is_eve(h);
  }
  assert_int_equal(eves, 3);
  assert_true(ssvc_holiday_is_eve(SSVC_HOLIDAY_MIDSUMMER_EVE));
  assert_false(ssvc_holiday_is_eve(SSVC_HOLIDAY_MIDSUMMER_DAY));
  assert_string_equal(ssvc_holiday_name(SSVC_HOLIDAY_EASTER_MONDAY, SSVC_LANG_SV), "Annandag påsk");
  assert_string_equal(ssvc_holiday_name(SSVC_HOLIDAY_EASTER_MONDAY, SSVC_LANG_EN), "Easter Monday");
  assert_string_equal(ssvc_holiday_name(SSVC_HOLIDAY_NATIONAL_DAY, SSVC_LANG_SV),
                      "Sveriges nationaldag");
  assert_null(ssvc_holiday_name(0, SSVC_LANG_SV));
  assert_null(ssvc_holiday_name(SSVC_HOLIDAY_EXTRA_CLOSED + 1, SSVC_LANG_SV));
  assert_null(ssvc_holiday_name(SSVC_HOLIDAY_EPIPHANY, 2));
  assert_null(ssvc_holiday_name(SSVC_HOLIDAY_EPIPHANY, -1));
}

static void holiday_list_errors(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  ssvc_calendar *cal = cal_new(ctx, NULL);
  ssvc_holiday_list *list = (ssvc_holiday_list *)ctx;
  assert_int_equal(ssvc_calendar_holidays(ctx, cal, &list, 1899), SSVC_ERANGE);
  assert_null(list);
  assert_errmsg(ctx, "ssvc_calendar_holidays: year: year 1899 is outside 1900-2199");
  assert_int_equal(ssvc_calendar_holidays(ctx, cal, &list, 2200), SSVC_ERANGE);
  assert_int_equal(ssvc_calendar_holidays(ctx, NULL, &list, 2026), SSVC_EINVAL);
  assert_errmsg(ctx, "ssvc_calendar_holidays: calendar must not be NULL");
  assert_int_equal(ssvc_calendar_holidays(ctx, cal, NULL, 2026), SSVC_EINVAL);
  assert_errmsg(ctx, "ssvc_calendar_holidays: out must not be NULL");
  assert_int_equal(ssvc_calendar_holidays(NULL, cal, &list, 2026), SSVC_EINVAL);

  assert_int_equal(ssvc_calendar_holidays(ctx, cal, &list, 2026), SSVC_OK);
  ssvc_date d = D(1, 1, 1);
  int h = 99;
  assert_int_equal(ssvc_holiday_list_get(list, 16, &d, &h), SSVC_ERANGE);
  assert_errmsg(ctx, "ssvc_holiday_list_get: index 16 is not below the count 16");
  assert_int_equal(h, 99);
  assert_int_equal(ssvc_holiday_list_get(list, 0, NULL, NULL), SSVC_OK);
  assert_int_equal(ssvc_holiday_list_get(NULL, 0, &d, &h), SSVC_EINVAL);
  assert_int_equal(ssvc_holiday_list_count(NULL), 0);
  assert_int_equal(ssvc_holiday_list_is_working(NULL, 0), 0);
  assert_int_equal(ssvc_holiday_list_is_working(list, 16), 0);
  assert_int_equal(ssvc_holiday_list_is_working(list, 0), 0);
  ssvc_holiday_list_free(list);
  ssvc_holiday_list_free(NULL);
  ssvc_calendar_free(cal);
  ssvc_ctx_free(ctx);
}

/* ---------------------------------------------------------------------------------------------
 * Options, extra days
 */

static void options_are_checked(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  ssvc_calendar *cal = (ssvc_calendar *)ctx;
  ssvc_calendar_options o;
  assert_int_equal(ssvc_calendar_options_init(&o, 0), SSVC_EVERSION);
  assert_int_equal(ssvc_calendar_options_init(&o, SSVC_CALENDAR_OPTIONS_VERSION + 1),
                   SSVC_EVERSION);
  assert_int_equal(ssvc_calendar_options_init(NULL, SSVC_CALENDAR_OPTIONS_VERSION), SSVC_EINVAL);
  assert_int_equal(ssvc_calendar_options_init(&o, SSVC_CALENDAR_OPTIONS_VERSION), SSVC_OK);
  assert_int_equal(o.version, SSVC_CALENDAR_OPTIONS_VERSION);
  assert_int_equal(o.cutoff_seconds, 0);

  struct {
    unsigned version, eves;
    int cutoff, ret, rc;
    const char *msg;
  } bad[] = {
      {0, 0, 0, 0, SSVC_EVERSION,
       "ssvc_calendar_new: options: version is 0 (use the _INIT macro or _init function)"},
      {2, 0, 0, 0, SSVC_EVERSION,
       "ssvc_calendar_new: options: version 2 is newer than this library knows (1)"},
      {1, 8, 0, 0, SSVC_EINVAL, "ssvc_calendar_new: options->open_eves has unknown bits 0x8"},
      {1, 0, -1, 0, SSVC_EINVAL,
       "ssvc_calendar_new: options->cutoff_seconds must be 0 (default) or 1-86400 (got -1)"},
      {1, 0, 86401, 0, SSVC_EINVAL,
       "ssvc_calendar_new: options->cutoff_seconds must be 0 (default) or 1-86400 (got 86401)"},
      {1, 0, 0, -1, SSVC_EINVAL,
       "ssvc_calendar_new: options->return_days must be 0 (default) or 1-1000 (got -1)"},
      {1, 0, 0, 1001, SSVC_EINVAL,
       "ssvc_calendar_new: options->return_days must be 0 (default) or 1-1000 (got 1001)"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    o.version = bad[i].version;
    o.open_eves = bad[i].eves;
    o.cutoff_seconds = bad[i].cutoff;
    o.return_days = bad[i].ret;
    cal = (ssvc_calendar *)ctx;
    assert_int_equal(ssvc_calendar_new(ctx, &cal, &o), bad[i].rc);
    assert_null(cal);
    assert_errmsg(ctx, bad[i].msg);
  }
  assert_int_equal(ssvc_calendar_new(NULL, &cal, NULL), SSVC_EINVAL);
  assert_null(cal);
  assert_int_equal(ssvc_calendar_new(ctx, NULL, NULL), SSVC_EINVAL);
  assert_errmsg(ctx, "ssvc_calendar_new: out must not be NULL");

  cal = cal_new(ctx, NULL);
  assert_int_equal(ssvc_calendar_cutoff(cal), 14 * 3600);
  assert_int_equal(ssvc_calendar_return_days(cal), 10);
  ssvc_calendar_free(cal);
  ssvc_calendar_options o2 = SSVC_CALENDAR_OPTIONS_INIT;
  o2.cutoff_seconds = 86400;
  o2.return_days = 1000;
  o2.open_eves = SSVC_EVE_ALL;
  cal = cal_new(ctx, &o2);
  assert_int_equal(ssvc_calendar_cutoff(cal), 86400);
  assert_int_equal(ssvc_calendar_return_days(cal), 1000);
  ssvc_calendar_free(cal);
  ssvc_calendar_free(NULL);
  assert_int_equal(ssvc_calendar_cutoff(NULL), 0);
  assert_int_equal(ssvc_calendar_return_days(NULL), 0);
  ssvc_ctx_free(ctx);
}

static void eves_can_be_opened_one_by_one(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  const unsigned bits[3] = {SSVC_EVE_MIDSUMMER, SSVC_EVE_CHRISTMAS, SSVC_EVE_NEW_YEAR};
  const int ids[3] = {SSVC_HOLIDAY_MIDSUMMER_EVE, SSVC_HOLIDAY_CHRISTMAS_EVE,
                      SSVC_HOLIDAY_NEW_YEARS_EVE};
  const char *days[3] = {"2026-06-19", "2026-12-24", "2026-12-31"}; /* Fri, Thu, Thu */
  for (int k = 0; k < 3; k++) {
    ssvc_calendar_options o = SSVC_CALENDAR_OPTIONS_INIT;
    o.open_eves = bits[k];
    ssvc_calendar *cal = cal_new(ctx, &o);
    struct entry e[32];
    size_t n = holidays_of(ctx, cal, 2026, e, 32);
    assert_int_equal(n, 15);
    for (int j = 0; j < 3; j++) {
      ssvc_date d = parse_date(days[j]);
      int w = -1;
      assert_int_equal(ssvc_calendar_is_working_day(ctx, cal, &w, &d), SSVC_OK);
      assert_int_equal(w, j == k);
      assert_int_equal(find_holiday(e, n, ids[j]).year, j == k ? 0 : 2026);
    }
    ssvc_calendar_free(cal);
  }
  ssvc_ctx_free(ctx);
}

static void extra_closed_and_open_days(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  ssvc_calendar *cal = cal_new(ctx, NULL);
  ssvc_date strike = D(2026, 11, 25), saturday = D(2026, 11, 28), eve = D(2026, 12, 24),
            jan = D(2027, 1, 5), out;
  int w = -1, count = 0;
  ssvc_date from = D(2026, 11, 23), to = D(2026, 12, 1);
  assert_int_equal(ssvc_calendar_count_working_days(ctx, cal, &count, &from, &to), SSVC_OK);
  assert_int_equal(count, 6);
  assert_int_equal(ssvc_calendar_add_closed(cal, &strike), SSVC_OK);
  assert_int_equal(ssvc_calendar_add_closed(cal, &jan), SSVC_OK);
  assert_int_equal(ssvc_calendar_add_open(cal, &saturday), SSVC_OK);
  assert_int_equal(ssvc_calendar_add_open(cal, &eve), SSVC_OK);
  assert_int_equal(ssvc_calendar_is_working_day(ctx, cal, &w, &strike), SSVC_OK);
  assert_int_equal(w, 0);
  assert_int_equal(ssvc_calendar_is_working_day(ctx, cal, &w, &saturday), SSVC_OK);
  assert_int_equal(w, 1);
  assert_int_equal(ssvc_calendar_is_working_day(ctx, cal, &w, &eve), SSVC_OK);
  assert_int_equal(w, 1);
  assert_int_equal(ssvc_calendar_count_working_days(ctx, cal, &count, &from, &to), SSVC_OK);
  assert_int_equal(count, 6); /* one closed, one opened */
  ssvc_date tue = D(2026, 11, 24);
  assert_int_equal(ssvc_calendar_next_working_day(ctx, cal, &out, &tue), SSVC_OK);
  assert_string_equal(fmt(&out), "2026-11-26");
  ssvc_date fri = D(2026, 11, 27);
  assert_int_equal(ssvc_calendar_next_working_day(ctx, cal, &out, &fri), SSVC_OK);
  assert_string_equal(fmt(&out), "2026-11-28");
  /* A registration on Wednesday 2026-11-25 counts on Thursday, delivered Friday. */
  assert_int_equal(ssvc_calendar_delivery(ctx, cal, &out, at("2026-11-25T10:00:00")), SSVC_OK);
  assert_string_equal(fmt(&out), "2026-11-27");
  assert_int_equal(ssvc_calendar_delivery(ctx, cal, &out, at("2026-12-23T15:00:00")), SSVC_OK);
  assert_string_equal(fmt(&out), "2026-12-28"); /* counts on the opened julafton */

  /* The list shows the extra closed day in date order, and the opened eve as working. */
  ssvc_holiday_list *list;
  assert_int_equal(ssvc_calendar_holidays(ctx, cal, &list, 2026), SSVC_OK);
  assert_int_equal(ssvc_holiday_list_count(list), 17);
  ssvc_date d;
  int h;
  assert_int_equal(ssvc_holiday_list_get(list, 12, &d, &h), SSVC_OK);
  assert_string_equal(fmt(&d), "2026-11-25");
  assert_int_equal(h, SSVC_HOLIDAY_EXTRA_CLOSED);
  assert_int_equal(ssvc_holiday_list_get(list, 13, &d, &h), SSVC_OK);
  assert_int_equal(h, SSVC_HOLIDAY_CHRISTMAS_EVE);
  assert_int_equal(ssvc_holiday_list_is_working(list, 13), 1);
  assert_int_equal(ssvc_holiday_list_is_working(list, 12), 0);
  ssvc_holiday_list_free(list);
  assert_int_equal(ssvc_calendar_holidays(ctx, cal, &list, 2027), SSVC_OK);
  assert_int_equal(ssvc_holiday_list_count(list), 17);
  assert_int_equal(ssvc_holiday_list_get(list, 1, &d, &h), SSVC_OK);
  assert_string_equal(fmt(&d), "2027-01-05");
  assert_int_equal(h, SSVC_HOLIDAY_EXTRA_CLOSED);
  ssvc_holiday_list_free(list);

  /* A closed day on a holiday is listed twice: the holiday, then the agreement. */
  ssvc_date xmas = D(2026, 12, 25);
  assert_int_equal(ssvc_calendar_add_closed(cal, &xmas), SSVC_OK);
  assert_int_equal(ssvc_calendar_holidays(ctx, cal, &list, 2026), SSVC_OK);
  assert_int_equal(ssvc_holiday_list_get(list, 14, &d, &h), SSVC_OK);
  assert_int_equal(h, SSVC_HOLIDAY_CHRISTMAS_DAY);
  assert_int_equal(ssvc_holiday_list_get(list, 15, &d, &h), SSVC_OK);
  assert_int_equal(h, SSVC_HOLIDAY_EXTRA_CLOSED);
  assert_string_equal(fmt(&d), "2026-12-25");
  ssvc_holiday_list_free(list);

  /* Errors change nothing. */
  assert_int_equal(ssvc_calendar_add_closed(cal, &strike), SSVC_EEXISTS);
  assert_errmsg(ctx, "ssvc_calendar_add_closed: day: 2026-11-25 is already closed by agreement");
  assert_int_equal(ssvc_calendar_add_open(cal, &strike), SSVC_EEXISTS);
  assert_errmsg(ctx, "ssvc_calendar_add_open: day: 2026-11-25 is already closed by agreement");
  assert_int_equal(ssvc_calendar_add_closed(cal, &saturday), SSVC_EEXISTS);
  assert_errmsg(ctx, "ssvc_calendar_add_closed: day: 2026-11-28 is already opened by agreement");
  ssvc_date bad = D(2026, 2, 30), early = D(1899, 12, 31), late = D(2200, 1, 1);
  assert_int_equal(ssvc_calendar_add_closed(cal, &bad), SSVC_EINVAL);
  assert_errmsg(ctx, "ssvc_calendar_add_closed: day: 2026-02-30 is not a valid date");
  assert_int_equal(ssvc_calendar_add_open(cal, &early), SSVC_ERANGE);
  assert_errmsg(ctx, "ssvc_calendar_add_open: day: year 1899 is outside 1900-2199");
  assert_int_equal(ssvc_calendar_add_open(cal, &late), SSVC_ERANGE);
  assert_int_equal(ssvc_calendar_add_open(cal, NULL), SSVC_EINVAL);
  assert_errmsg(ctx, "ssvc_calendar_add_open: day must not be NULL");
  assert_int_equal(ssvc_calendar_add_closed(NULL, &strike), SSVC_EINVAL);
  assert_int_equal(ssvc_calendar_add_open(NULL, &strike), SSVC_EINVAL);
  assert_int_equal(ssvc_calendar_count_working_days(ctx, cal, &count, &from, &to), SSVC_OK);
  assert_int_equal(count, 6);

  /* Many closed days in a row: the next working day is found beyond them (the slow path). */
  ssvc_calendar *c2 = cal_new(ctx, NULL);
  for (int i = 0; i < 400; i++) {
    ssvc_date day;
    assert_int_equal(ssvc_date_from_days(&day, days_of(2030, 1, 1) + i), SSVC_OK);
    int wk;
    assert_int_equal(ssvc_calendar_is_working_day(ctx, c2, &wk, &day), SSVC_OK);
    if (wk) assert_int_equal(ssvc_calendar_add_closed(c2, &day), SSVC_OK);
  }
  assert_int_equal(ssvc_calendar_delivery(ctx, c2, &out, at("2029-12-28T10:00:00")), SSVC_OK);
  assert_string_equal(fmt(&out), "2031-02-05"); /* the closed block ends on 2031-02-04 */
  ssvc_calendar_free(c2);
  ssvc_calendar_free(cal);
  ssvc_ctx_free(ctx);
}

/* ---------------------------------------------------------------------------------------------
 * Working-day queries
 */

static void next_and_previous_working_days(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  ssvc_calendar *cal = cal_new(ctx, NULL);
  struct {
    const char *day, *next, *prev;
  } cases[] = {
      {"2026-04-02", "2026-04-07", "2026-04-01"}, /* Easter: Thursday before långfredagen */
      {"2026-04-07", "2026-04-08", "2026-04-02"},
      {"2026-12-23", "2026-12-28", "2026-12-22"}, /* Christmas */
      {"2026-12-30", "2027-01-04", "2026-12-29"}, /* New Year */
      {"2027-01-04", "2027-01-05", "2026-12-30"},
      {"2027-01-05", "2027-01-07", "2027-01-04"}, /* trettondedag jul on Wednesday */
      {"2026-11-28", "2026-11-30", "2026-11-27"}, /* Saturday */
      {"2026-06-18", "2026-06-22", "2026-06-17"}, /* midsommar */
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ssvc_date d = parse_date(cases[i].day), n, p;
    assert_int_equal(ssvc_calendar_next_working_day(ctx, cal, &n, &d), SSVC_OK);
    assert_int_equal(ssvc_calendar_previous_working_day(ctx, cal, &p, &d), SSVC_OK);
    if (strcmp(fmt(&n), cases[i].next) || strcmp(fmt(&p), cases[i].prev))
      fail_msg("%s: next %s prev %s, want %s %s", cases[i].day, fmt(&n), fmt(&p), cases[i].next,
               cases[i].prev);
  }
  ssvc_date last = D(2199, 12, 30), first = D(1900, 1, 2), out = D(1, 1, 1);
  assert_int_equal(ssvc_calendar_next_working_day(ctx, cal, &out, &last), SSVC_ERANGE);
  assert_errmsg(ctx, "ssvc_calendar_next_working_day: the answer would be after 2199-12-31");
  assert_int_equal(ssvc_calendar_previous_working_day(ctx, cal, &out, &first), SSVC_ERANGE);
  assert_errmsg(ctx, "ssvc_calendar_previous_working_day: the answer would be before 1900-01-01");
  assert_int_equal(out.year, 1);
  ssvc_calendar_free(cal);
  ssvc_ctx_free(ctx);
}

/* The reference the fast paths are checked against: one day at a time with is_working_day. */
static int naive_working(ssvc_ctx *ctx, const ssvc_calendar *cal, int64_t day) {
  ssvc_date d;
  int w;
  assert_int_equal(ssvc_date_from_days(&d, day), SSVC_OK);
  assert_int_equal(ssvc_calendar_is_working_day(ctx, cal, &w, &d), SSVC_OK);
  return w;
}

static void adding_and_counting_agree_with_day_by_day(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  ssvc_calendar *cal = cal_new(ctx, NULL);
  int64_t start = days_of(2025, 12, 1), end = days_of(2027, 2, 1);
  for (int64_t day = start; day < end; day++) {
    ssvc_date d, r;
    assert_int_equal(ssvc_date_from_days(&d, day), SSVC_OK);
    for (int n = -25; n <= 25; n++) {
      assert_int_equal(ssvc_calendar_add_working_days(ctx, cal, &r, &d, n), SSVC_OK);
      int64_t want = day;
      for (int k = n; k > 0; k--) do want++; while (!naive_working(ctx, cal, want));
      for (int k = n; k < 0; k++) do want--; while (!naive_working(ctx, cal, want));
      if (dn(&r) != want) fail_msg("%s %+d: got %s", fmt(&d), n, fmt(&r));
    }
  }
  /* Counting is half open: [from, to); reversed gives the negative. */
  for (int64_t a = start; a < start + 60; a++)
    for (int64_t b = a; b < a + 45; b++) {
      ssvc_date da, db;
      ssvc_date_from_days(&da, a);
      ssvc_date_from_days(&db, b);
      int want = 0, got, back;
      for (int64_t x = a; x < b; x++) want += naive_working(ctx, cal, x);
      assert_int_equal(ssvc_calendar_count_working_days(ctx, cal, &got, &da, &db), SSVC_OK);
      assert_int_equal(got, want);
      assert_int_equal(ssvc_calendar_count_working_days(ctx, cal, &back, &db, &da), SSVC_OK);
      assert_int_equal(back, -want);
    }
  ssvc_date jan1 = D(2026, 1, 1), feb1 = D(2026, 2, 1), y1900 = D(1900, 1, 1),
            y2200 = D(2199, 12, 31);
  int c;
  assert_int_equal(ssvc_calendar_count_working_days(ctx, cal, &c, &jan1, &feb1), SSVC_OK);
  assert_int_equal(c, 20); /* 22 weekdays less nyårsdagen and trettondedag jul */
  assert_int_equal(ssvc_calendar_count_working_days(ctx, cal, &c, &y1900, &y2200), SSVC_OK);
  assert_true(c > 70000 && c < 80000);
  /* From a Saturday, +1 is Monday; -1 is Friday; 0 is the Saturday itself. */
  ssvc_date sat = D(2026, 11, 28), r;
  assert_int_equal(ssvc_calendar_add_working_days(ctx, cal, &r, &sat, 1), SSVC_OK);
  assert_string_equal(fmt(&r), "2026-11-30");
  assert_int_equal(ssvc_calendar_add_working_days(ctx, cal, &r, &sat, -1), SSVC_OK);
  assert_string_equal(fmt(&r), "2026-11-27");
  assert_int_equal(ssvc_calendar_add_working_days(ctx, cal, &r, &sat, 0), SSVC_OK);
  assert_string_equal(fmt(&r), "2026-11-28");
  assert_int_equal(ssvc_calendar_add_working_days(ctx, cal, &r, &sat, 100000), SSVC_ERANGE);
  assert_errmsg(ctx, "ssvc_calendar_add_working_days: the answer would be after 2199-12-31");
  assert_int_equal(ssvc_calendar_add_working_days(ctx, cal, &r, &sat, -100000), SSVC_ERANGE);
  assert_int_equal(ssvc_calendar_add_working_days(ctx, cal, &r, &sat, INT32_MIN), SSVC_ERANGE);
  assert_int_equal(ssvc_calendar_add_working_days(ctx, cal, &r, &sat, INT32_MAX), SSVC_ERANGE);
  assert_string_equal(fmt(&r), "2026-11-28");
  ssvc_calendar_free(cal);
  ssvc_ctx_free(ctx);
}

static void queries_reject_bad_arguments(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  ssvc_calendar *cal = cal_new(ctx, NULL);
  ssvc_date ok = D(2026, 1, 1), bad = D(2026, 2, 30), month13 = D(2026, 13, 1),
            early = D(1899, 12, 31), late = D(2200, 1, 1), out;
  int w, c;
  assert_int_equal(ssvc_calendar_is_working_day(ctx, cal, &w, &bad), SSVC_EINVAL);
  assert_errmsg(ctx, "ssvc_calendar_is_working_day: day: 2026-02-30 is not a valid date");
  assert_int_equal(ssvc_calendar_is_working_day(ctx, cal, &w, &month13), SSVC_EINVAL);
  assert_errmsg(ctx, "ssvc_calendar_is_working_day: day: 2026-13-01 is not a valid date");
  assert_int_equal(ssvc_calendar_is_working_day(ctx, cal, &w, &early), SSVC_ERANGE);
  assert_errmsg(ctx, "ssvc_calendar_is_working_day: day: year 1899 is outside 1900-2199");
  assert_int_equal(ssvc_calendar_is_working_day(ctx, cal, &w, NULL), SSVC_EINVAL);
  assert_errmsg(ctx, "ssvc_calendar_is_working_day: day must not be NULL");
  assert_int_equal(ssvc_calendar_is_working_day(ctx, cal, NULL, &ok), SSVC_EINVAL);
  assert_errmsg(ctx, "ssvc_calendar_is_working_day: out must not be NULL");
  assert_int_equal(ssvc_calendar_is_working_day(ctx, NULL, &w, &ok), SSVC_EINVAL);
  assert_errmsg(ctx, "ssvc_calendar_is_working_day: calendar must not be NULL");
  assert_int_equal(ssvc_calendar_is_working_day(NULL, cal, &w, &late), SSVC_ERANGE);
  assert_int_equal(ssvc_calendar_next_working_day(ctx, cal, &out, &late), SSVC_ERANGE);
  assert_errmsg(ctx, "ssvc_calendar_next_working_day: day: year 2200 is outside 1900-2199");
  assert_int_equal(ssvc_calendar_previous_working_day(ctx, cal, &out, &bad), SSVC_EINVAL);
  assert_int_equal(ssvc_calendar_add_working_days(ctx, cal, &out, &early, 1), SSVC_ERANGE);
  assert_int_equal(ssvc_calendar_add_working_days(ctx, cal, NULL, &ok, 1), SSVC_EINVAL);
  assert_int_equal(ssvc_calendar_count_working_days(ctx, cal, &c, &ok, &bad), SSVC_EINVAL);
  assert_errmsg(ctx, "ssvc_calendar_count_working_days: to: 2026-02-30 is not a valid date");
  assert_int_equal(ssvc_calendar_count_working_days(ctx, cal, &c, &late, &ok), SSVC_ERANGE);
  assert_errmsg(ctx, "ssvc_calendar_count_working_days: from: year 2200 is outside 1900-2199");
  assert_int_equal(ssvc_calendar_return_deadline(ctx, cal, &out, &bad), SSVC_EINVAL);
  assert_errmsg(ctx, "ssvc_calendar_return_deadline: delivery: 2026-02-30 is not a valid date");
  assert_int_equal(ssvc_calendar_counts_on(ctx, cal, NULL, 0), SSVC_EINVAL);
  assert_int_equal(ssvc_calendar_delivery(ctx, NULL, &out, 0), SSVC_EINVAL);
  assert_errmsg(ctx, "ssvc_calendar_delivery: calendar must not be NULL");
  assert_int_equal(ssvc_calendar_delivery(ctx, cal, NULL, 0), SSVC_EINVAL);
  assert_errmsg(ctx, "ssvc_calendar_delivery: out must not be NULL");
  ssvc_calendar_free(cal);
  ssvc_ctx_free(ctx);
}

/* ---------------------------------------------------------------------------------------------
 * Stockholm time
 */

/* The last Sunday of a month, found by walking back from its last day. */
static int64_t last_sunday(int y, int m) {
  ssvc_date d = D(y, m, 31);
  while (!ssvc_date_is_valid(&d)) d.day--;
  while (ssvc_date_weekday(&d) != 7) d.day--;
  return ssvc_date_to_days(&d);
}

static void every_summer_time_switch_1980_to_2199(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  int switches = 0;
  for (int y = 1979; y <= 2199; y++) {
    if (y == 1979) {
      for (int64_t t = days_of(1979, 1, 1) * 86400; t < days_of(1980, 1, 1) * 86400; t += 3600)
        assert_int_equal(ssvc_stockholm_offset(t), 3600);
      continue;
    }
    int64_t start = (y == 1980 ? days_of(1980, 4, 6) : last_sunday(y, 3)) * 86400 + 3600;
    int64_t end = last_sunday(y, y <= 1995 ? 9 : 10) * 86400 + 3600;
    assert_int_equal(ssvc_stockholm_offset(start - 1), 3600);
    assert_int_equal(ssvc_stockholm_offset(start), 7200);
    assert_int_equal(ssvc_stockholm_offset(end - 1), 7200);
    assert_int_equal(ssvc_stockholm_offset(end), 3600);
    assert_int_equal(ssvc_stockholm_offset(start - 86400), 3600);
    assert_int_equal(ssvc_stockholm_offset(end + 86400), 3600);
    assert_int_equal(ssvc_stockholm_offset((start + end) / 2), 7200);
    /* The wall clock: 01:59:59 CET then 03:00:00 CEST; 02:59:59 CEST then 02:00:00 CET. */
    ssvc_local_time a, b;
    assert_int_equal(ssvc_stockholm_from_instant(ctx, &a, start - 1), SSVC_OK);
    assert_int_equal(ssvc_stockholm_from_instant(ctx, &b, start), SSVC_OK);
    assert_true(a.hour == 1 && a.minute == 59 && a.second == 59 && a.utc_offset == 3600);
    assert_true(b.hour == 3 && b.minute == 0 && b.second == 0 && b.utc_offset == 7200);
    assert_true(dn(&a.date) == start / 86400 && dn(&b.date) == start / 86400);
    assert_int_equal(ssvc_date_weekday(&b.date), 7);
    assert_int_equal(ssvc_stockholm_from_instant(ctx, &a, end - 1), SSVC_OK);
    assert_int_equal(ssvc_stockholm_from_instant(ctx, &b, end), SSVC_OK);
    assert_true(a.hour == 2 && a.minute == 59 && a.second == 59 && a.utc_offset == 7200);
    assert_true(b.hour == 2 && b.minute == 0 && b.second == 0 && b.utc_offset == 3600);
    /* And back: the gap moves forward an hour, the fold takes the earlier instant. */
    int64_t t;
    ssvc_date day = b.date;
    assert_int_equal(ssvc_stockholm_to_instant(ctx, &t, &day, 2, 0, 0), SSVC_OK);
    assert_true(t == end - 3600); /* 02:00 CEST, the first of the two */
    assert_int_equal(ssvc_stockholm_to_instant(ctx, &t, &day, 3, 0, 0), SSVC_OK);
    assert_true(t == end + 3600);
    assert_int_equal(ssvc_stockholm_to_instant(ctx, &t, &day, 1, 59, 59), SSVC_OK);
    assert_true(t == end - 3600 - 1);
    ssvc_date_from_days(&day, start / 86400);
    assert_int_equal(ssvc_stockholm_to_instant(ctx, &t, &day, 1, 59, 59), SSVC_OK);
    assert_true(t == start - 1);
    assert_int_equal(ssvc_stockholm_to_instant(ctx, &t, &day, 2, 0, 0), SSVC_OK);
    assert_true(t == start); /* in the gap: read as CET, shown as 03:00 CEST */
    assert_int_equal(ssvc_stockholm_to_instant(ctx, &t, &day, 2, 30, 0), SSVC_OK);
    assert_true(t == start + 1800);
    assert_int_equal(ssvc_stockholm_to_instant(ctx, &t, &day, 3, 0, 0), SSVC_OK);
    assert_true(t == start);
    switches += 2;
  }
  assert_int_equal(switches, 2 * 220);
  assert_int_equal(ssvc_stockholm_offset(INT64_MAX), 3600); /* far out: no overflow */
  assert_int_equal(ssvc_stockholm_offset(INT64_MIN), 3600);
  /* Known instants of 2026: 29 March and 25 October at 01:00 UTC. */
  assert_int_equal(ssvc_stockholm_offset(1774746000 - 1), 3600);
  assert_int_equal(ssvc_stockholm_offset(1774746000), 7200);
  assert_int_equal(ssvc_stockholm_offset(1792890000 - 1), 7200);
  assert_int_equal(ssvc_stockholm_offset(1792890000), 3600);
  ssvc_ctx_free(ctx);
}

static void local_time_range_and_errors(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  ssvc_local_time lt;
  const int64_t tmin = -2208992400, tmax = 7258114800; /* 1900-01-01 and 2200-01-01 local */
  assert_int_equal(ssvc_stockholm_from_instant(ctx, &lt, tmin), SSVC_OK);
  assert_string_equal(fmt(&lt.date), "1900-01-01");
  assert_true(lt.hour == 0 && lt.minute == 0 && lt.second == 0);
  assert_int_equal(ssvc_stockholm_from_instant(ctx, &lt, tmax - 1), SSVC_OK);
  assert_string_equal(fmt(&lt.date), "2199-12-31");
  assert_true(lt.hour == 23 && lt.minute == 59 && lt.second == 59);
  assert_int_equal(ssvc_stockholm_from_instant(ctx, &lt, tmin - 1), SSVC_ERANGE);
  assert_errmsg(ctx,
                "ssvc_stockholm_from_instant: instant: -2208992401 is outside the years 1900-2199");
  assert_int_equal(ssvc_stockholm_from_instant(ctx, &lt, tmax), SSVC_ERANGE);
  assert_int_equal(ssvc_stockholm_from_instant(ctx, &lt, INT64_MAX), SSVC_ERANGE);
  assert_int_equal(ssvc_stockholm_from_instant(ctx, &lt, INT64_MIN), SSVC_ERANGE);
  assert_int_equal(ssvc_stockholm_from_instant(ctx, NULL, 0), SSVC_EINVAL);
  assert_errmsg(ctx, "ssvc_stockholm_from_instant: out must not be NULL");

  int64_t t = 42;
  ssvc_date d = D(2026, 1, 1), bad = D(2026, 2, 30), early = D(1899, 12, 31);
  assert_int_equal(ssvc_stockholm_to_instant(ctx, &t, &d, 24, 0, 0), SSVC_EINVAL);
  assert_errmsg(ctx, "ssvc_stockholm_to_instant: hour must be 0-23 (got 24)");
  assert_int_equal(ssvc_stockholm_to_instant(ctx, &t, &d, 0, -1, 0), SSVC_EINVAL);
  assert_errmsg(ctx, "ssvc_stockholm_to_instant: minute must be 0-59 (got -1)");
  assert_int_equal(ssvc_stockholm_to_instant(ctx, &t, &d, 0, 0, 60), SSVC_EINVAL);
  assert_errmsg(ctx, "ssvc_stockholm_to_instant: second must be 0-59 (got 60)");
  assert_int_equal(ssvc_stockholm_to_instant(ctx, &t, &bad, 0, 0, 0), SSVC_EINVAL);
  assert_errmsg(ctx, "ssvc_stockholm_to_instant: date: 2026-2-30 is not a valid date");
  assert_int_equal(ssvc_stockholm_to_instant(ctx, &t, &early, 0, 0, 0), SSVC_ERANGE);
  assert_errmsg(ctx, "ssvc_stockholm_to_instant: date: year 1899 is outside 1900-2199");
  assert_int_equal(ssvc_stockholm_to_instant(ctx, &t, NULL, 0, 0, 0), SSVC_EINVAL);
  assert_int_equal(ssvc_stockholm_to_instant(ctx, NULL, &d, 0, 0, 0), SSVC_EINVAL);
  assert_int_equal(t, 42);

  char buf[40];
  assert_int_equal(ssvc_instant_format(buf, sizeof buf, 0), 25);
  assert_string_equal(buf, "1970-01-01T01:00:00+01:00");
  assert_int_equal(ssvc_instant_format(buf, 8, 1781092799), 25);
  assert_string_equal(buf, "2026-06");
  assert_int_equal(ssvc_instant_format(buf, sizeof buf, 1781092799), 25);
  assert_string_equal(buf, "2026-06-10T13:59:59+02:00");
  assert_int_equal(ssvc_instant_format(buf, sizeof buf, INT64_MAX), 0);
  assert_string_equal(buf, "");
  assert_int_equal(ssvc_instant_format(buf, sizeof buf, INT64_MIN), 0);
  ssvc_ctx_free(ctx);
}

static void instants_are_parsed(void **state) {
  (void)state;
  struct {
    const char *text;
    int64_t want;
  } ok[] = {
      {"2026-11-25T12:59:59Z", 1795611599},
      {"2026-11-25t12:59:59z", 1795611599},
      {"2026-11-25 12:59:59Z", 1795611599},
      {"2026-11-25T13:59:59+01:00", 1795611599},
      {"2026-11-25T07:29:59-05:30", 1795611599},
      {"2026-11-25T13:59:59", 1795611599}, /* Stockholm local, winter */
      {"2026-11-25T13:59:59.999", 1795611599},
      {"2026-11-25T12:59:59.5Z", 1795611599},
      {"2026-06-10T13:59:59", 1781092799}, /* Stockholm local, summer */
      {"2026-06-10T11:59Z", 1781092740},
      {"2026-03-29T02:30:00", 1774746000 + 1800}, /* gap: one hour forward */
      {"2026-10-25T02:30:00", 1792890000 - 1800}, /* fold: the earlier, CEST */
      {"2026-10-25T02:30:00+01:00", 1792890000 + 1800}, /* the later, by its offset */
      {"1900-01-01T00:00:00", -2208992400},
      {"2199-12-31T23:59:59", 7258114799},
  };
  ssvc_ctx *ctx = ctx_new();
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    int64_t t = 0;
    int rc = ssvc_instant_parse(ctx, &t, ok[i].text);
    if (rc) fail_msg("%s: %s", ok[i].text, ssvc_ctx_errmsg(ctx));
    if (t != ok[i].want)
      fail_msg("%s: got %lld, want %lld", ok[i].text, (long long)t, (long long)ok[i].want);
  }
  struct {
    const char *text;
    int rc;
    const char *msg;
  } bad[] = {
      {"2026-11-25", SSVC_EPARSE,
       "ssvc_instant_parse: text: column 11: expected 'T' between date and time (got end of text)"},
      {"2026-11-25T1:00", SSVC_EPARSE,
       "ssvc_instant_parse: text: column 13: expected two digits of the hour (got ':')"},
      {"2026-11-25T24:00:00Z", SSVC_EPARSE,
       "ssvc_instant_parse: text: column 12: hour 24 is not 00-23"},
      {"2026-11-25T23:60:00Z", SSVC_EPARSE,
       "ssvc_instant_parse: text: column 15: minute 60 is not 00-59"},
      {"2026-11-25T23:59:60Z", SSVC_EPARSE,
       "ssvc_instant_parse: text: column 18: leap second 60 is not supported"},
      {"2026-11-25T23:59:61Z", SSVC_EPARSE,
       "ssvc_instant_parse: text: column 18: second 61 is not 00-59"},
      {"2026-11-25T23:59:59.Z", SSVC_EPARSE,
       "ssvc_instant_parse: text: column 21: expected a digit of the fraction of a second (got "
       "'Z')"},
      {"2026-11-25T23:59:59+0100", SSVC_EPARSE,
       "ssvc_instant_parse: text: column 23: expected ':' in the offset (got '0')"},
      {"2026-11-25T23:59:59+24:00", SSVC_EPARSE,
       "ssvc_instant_parse: text: column 21: offset hours 24 are not 00-23"},
      {"2026-11-25T23:59:59+01:60", SSVC_EPARSE,
       "ssvc_instant_parse: text: column 24: offset minutes 60 are not 00-59"},
      {"2026-11-25T23:59:59 CET", SSVC_EPARSE,
       "ssvc_instant_parse: text: column 20: expected 'Z', an offset or the end of the text "
       "(got ' ')"},
      {"2026-11-25T23:59:59Zx", SSVC_EPARSE,
       "ssvc_instant_parse: text: column 21: expected the end of the text (got 'x')"},
      {"2026-02-30T10:00:00Z", SSVC_EPARSE,
       "ssvc_instant_parse: text: column 9: day 30 is not in 2026-02"},
      {"2026-13-01T10:00:00Z", SSVC_EPARSE,
       "ssvc_instant_parse: text: column 6: month 13 is not 01-12"},
      {"1899-12-31T23:59:59", SSVC_ERANGE,
       "ssvc_instant_parse: text: column 1: year 1899 is outside 1900-2199"},
      {"2200-01-01T00:00:00Z", SSVC_ERANGE,
       "ssvc_instant_parse: text: column 1: year 2200 is outside 1900-2199"},
      {"tomorrow", SSVC_EPARSE,
       "ssvc_instant_parse: text: column 1: expected four digits of the year (got 't')"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    int64_t t = 42;
    assert_int_equal(ssvc_instant_parse(ctx, &t, bad[i].text), bad[i].rc);
    assert_errmsg(ctx, bad[i].msg);
    assert_int_equal(t, 42);
  }
  int64_t t;
  assert_int_equal(ssvc_instant_parse(ctx, NULL, "2026-01-01T00:00Z"), SSVC_EINVAL);
  assert_errmsg(ctx, "ssvc_instant_parse: out must not be NULL");
  assert_int_equal(ssvc_instant_parse(ctx, &t, NULL), SSVC_EINVAL);
  assert_errmsg(ctx, "ssvc_instant_parse: text must not be NULL");
  ssvc_ctx_free(ctx);
}

/* ---------------------------------------------------------------------------------------------
 * Delivery (rule R7)
 */

static void delivery_follows_rule_r7(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  ssvc_calendar *cal = cal_new(ctx, NULL);
  struct {
    const char *at, *counts, *delivery;
  } cases[] = {
      /* the cut-off, winter and summer time, and in UTC */
      {"2026-11-25T13:59:59", "2026-11-25", "2026-11-26"},
      {"2026-11-25T14:00:00", "2026-11-26", "2026-11-27"},
      {"2026-11-25T12:59:59Z", "2026-11-25", "2026-11-26"},
      {"2026-11-25T13:00:00Z", "2026-11-26", "2026-11-27"},
      {"2026-06-10T13:59:59", "2026-06-10", "2026-06-11"},
      {"2026-06-10T14:00:00", "2026-06-11", "2026-06-12"},
      {"2026-06-10T11:59:59Z", "2026-06-10", "2026-06-11"},
      {"2026-06-10T12:00:00Z", "2026-06-11", "2026-06-12"},
      /* just after local midnight, still the day before in UTC */
      {"2026-11-24T23:30:00Z", "2026-11-25", "2026-11-26"},
      {"2026-11-25T00:00:00", "2026-11-25", "2026-11-26"},
      {"2026-11-24T23:59:59", "2026-11-25", "2026-11-26"},
      /* Friday afternoon and the weekend */
      {"2026-11-27T09:00:00", "2026-11-27", "2026-11-30"},
      {"2026-11-27T15:00:00", "2026-11-30", "2026-12-01"},
      {"2026-11-28T09:00:00", "2026-11-30", "2026-12-01"},
      {"2026-11-29T23:59:59", "2026-11-30", "2026-12-01"},
      /* before Easter: skärtorsdagen, långfredagen, annandag påsk */
      {"2026-04-02T10:00:00", "2026-04-02", "2026-04-07"},
      {"2026-04-02T14:00:00", "2026-04-07", "2026-04-08"},
      {"2026-04-03T10:00:00", "2026-04-07", "2026-04-08"},
      {"2026-04-06T13:00:00", "2026-04-07", "2026-04-08"},
      /* Christmas and New Year */
      {"2026-12-23T13:59:59", "2026-12-23", "2026-12-28"},
      {"2026-12-23T14:00:00", "2026-12-28", "2026-12-29"},
      {"2026-12-24T09:00:00", "2026-12-28", "2026-12-29"},
      {"2026-12-30T10:00:00", "2026-12-30", "2027-01-04"},
      {"2026-12-30T15:00:00", "2027-01-04", "2027-01-05"},
      {"2026-12-31T10:00:00", "2027-01-04", "2027-01-05"},
      {"2027-01-05T10:00:00", "2027-01-05", "2027-01-07"},
      /* midsommar, and a summer-time switch day */
      {"2026-06-18T13:00:00", "2026-06-18", "2026-06-22"},
      {"2026-03-27T13:59:59", "2026-03-27", "2026-03-30"},
      {"2026-10-23T14:00:00", "2026-10-26", "2026-10-27"},
      /* the 2005 change */
      {"2004-05-28T10:00:00", "2004-05-28", "2004-06-01"},
      {"2005-05-13T10:00:00", "2005-05-13", "2005-05-16"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    int64_t t = at(cases[i].at);
    ssvc_date c, d;
    assert_int_equal(ssvc_calendar_counts_on(ctx, cal, &c, t), SSVC_OK);
    assert_int_equal(ssvc_calendar_delivery(ctx, cal, &d, t), SSVC_OK);
    if (strcmp(fmt(&c), cases[i].counts) || strcmp(fmt(&d), cases[i].delivery))
      fail_msg("%s: counts on %s, delivered %s; want %s, %s", cases[i].at, fmt(&c), fmt(&d),
               cases[i].counts, cases[i].delivery);
  }
  ssvc_date deliv = D(2026, 12, 28), back;
  assert_int_equal(ssvc_calendar_return_deadline(ctx, cal, &back, &deliv), SSVC_OK);
  assert_string_equal(fmt(&back), "2027-01-14");

  /* The ends of the range. */
  ssvc_date out = D(1, 1, 1);
  assert_int_equal(ssvc_calendar_delivery(ctx, cal, &out, at("1900-01-01T00:00:00")), SSVC_OK);
  assert_string_equal(fmt(&out), "1900-01-03"); /* counts on 2 January */
  assert_int_equal(ssvc_calendar_delivery(ctx, cal, &out, at("2199-12-30T10:00:00")), SSVC_ERANGE);
  assert_errmsg(ctx, "ssvc_calendar_delivery: the answer would be after 2199-12-31");
  assert_int_equal(ssvc_calendar_counts_on(ctx, cal, &out, at("2199-12-31T10:00:00")), SSVC_ERANGE);
  assert_errmsg(ctx, "ssvc_calendar_counts_on: the answer would be after 2199-12-31");
  assert_int_equal(ssvc_calendar_delivery(ctx, cal, &out, -2208992401), SSVC_ERANGE);
  assert_errmsg(ctx, "ssvc_calendar_delivery: instant: -2208992401 is outside the years 1900-2199 "
                     "(Stockholm time)");
  assert_int_equal(ssvc_calendar_counts_on(ctx, cal, &out, 7258114800), SSVC_ERANGE);
  assert_errmsg(ctx, "ssvc_calendar_counts_on: instant: 7258114800 is outside the years 1900-2199 "
                     "(Stockholm time)");
  assert_int_equal(ssvc_calendar_delivery(ctx, cal, &out, INT64_MIN), SSVC_ERANGE);
  assert_int_equal(ssvc_calendar_delivery(ctx, cal, &out, INT64_MAX), SSVC_ERANGE);
  assert_string_equal(fmt(&out), "1900-01-03");
  ssvc_date last = D(2199, 12, 20);
  assert_int_equal(ssvc_calendar_return_deadline(ctx, cal, &out, &last), SSVC_ERANGE);
  ssvc_calendar_free(cal);
  ssvc_ctx_free(ctx);
}

static void delivery_in_batches(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  ssvc_calendar *cal = cal_new(ctx, NULL);
  int64_t in[200];
  ssvc_date out[200], one;
  for (int i = 0; i < 200; i++) in[i] = at("2026-03-20T00:00:00") + (int64_t)i * 11111;
  assert_int_equal(ssvc_calendar_delivery_batch(ctx, cal, out, in, 200), SSVC_OK);
  for (int i = 0; i < 200; i++) {
    assert_int_equal(ssvc_calendar_delivery(ctx, cal, &one, in[i]), SSVC_OK);
    assert_true(dn(&one) == dn(&out[i]));
  }
  assert_int_equal(ssvc_calendar_delivery_batch(ctx, cal, out, NULL, 0), SSVC_OK);
  assert_int_equal(ssvc_calendar_delivery_batch(ctx, cal, out, NULL, 1), SSVC_EINVAL);
  assert_errmsg(ctx, "ssvc_calendar_delivery_batch: instants must not be NULL");
  assert_int_equal(ssvc_calendar_delivery_batch(ctx, cal, NULL, in, 1), SSVC_EINVAL);
  assert_errmsg(ctx, "ssvc_calendar_delivery_batch: out must not be NULL");
  assert_int_equal(ssvc_calendar_delivery_batch(ctx, NULL, out, in, 1), SSVC_EINVAL);
  /* The first refused instant is named; the dates before it are written, the rest untouched. */
  ssvc_date marker = D(1, 2, 3);
  for (int i = 0; i < 10; i++) out[i] = marker;
  in[7] = INT64_MIN;
  assert_int_equal(ssvc_calendar_delivery_batch(ctx, cal, out, in, 10), SSVC_ERANGE);
  assert_errmsg(ctx, "ssvc_calendar_delivery_batch: instants[7]: instant: -9223372036854775808 is "
                     "outside the years 1900-2199 (Stockholm time)");
  assert_true(dn(&out[6]) > 0 && out[7].year == 1 && out[9].year == 1);
  assert_int_equal(ssvc_calendar_delivery_batch(NULL, cal, out, in, 10), SSVC_ERANGE);
  ssvc_calendar_free(cal);
  ssvc_ctx_free(ctx);
}

/* The 14:00 cut-off (R7) on and around its boundary, through every path that applies it: the
 * single call, the batch (its fast loop and, past 200 instants, the same loop again), counts_on
 * and the _cutoff variants. Each row: a Stockholm local time, and the delivery date the rule
 * gives by hand. */
static void cutoff_boundary_is_the_same_on_every_path(void **state) {
  (void)state;
  static const struct {
    const char *at, *want, *why;
  } rows[] = {
      /* Winter time (+01:00), Monday 2026-12-07: before 14:00 -> Tuesday, from 14:00 -> Wednesday. */
      {"2026-12-07T13:59:59", "2026-12-08", "winter, one second before the cut-off"},
      {"2026-12-07T14:00:00", "2026-12-09", "winter, on the cut-off: counts as the next day"},
      {"2026-12-07T14:00:01", "2026-12-09", "winter, one second after"},
      /* Summer time (+02:00), Wednesday 2026-06-10. */
      {"2026-06-10T13:59:59", "2026-06-11", "summer, before"},
      {"2026-06-10T14:00:00", "2026-06-12", "summer, on the cut-off"},
      {"2026-06-10T14:00:01", "2026-06-12", "summer, after"},
      /* Friday 2026-12-04: before -> Monday 7th; from 14:00 counts on Monday -> Tuesday 8th. */
      {"2026-12-04T13:59:59", "2026-12-07", "Friday before"},
      {"2026-12-04T14:00:00", "2026-12-08", "Friday on the cut-off"},
      /* Wednesday 2026-12-23, the day before julafton: 24-27 closed (eve, Christmas, weekend). */
      {"2026-12-23T13:59:59", "2026-12-28", "before julafton, before"},
      {"2026-12-23T14:00:00", "2026-12-29", "before julafton, on the cut-off"},
      /* Thursday 2026-06-18, the day before midsommarafton (19th) and a weekend. */
      {"2026-06-18T13:59:59", "2026-06-22", "before midsommarafton, before"},
      {"2026-06-18T14:00:00", "2026-06-23", "before midsommarafton, on the cut-off"},
  };
  enum { N = sizeof rows / sizeof rows[0], REPEAT = 20 };
  ssvc_ctx *ctx = ctx_new();
  ssvc_calendar *cal = cal_new(ctx, NULL);
  int64_t in[N * REPEAT];
  ssvc_date out[N * REPEAT], d;
  for (size_t i = 0; i < N * REPEAT; i++) in[i] = at(rows[i % N].at);
  assert_int_equal(ssvc_calendar_delivery_batch(ctx, cal, out, in, N * REPEAT), SSVC_OK);
  for (size_t i = 0; i < N * REPEAT; i++) {
    const char *want = rows[i % N].want;
    if (strcmp(fmt(&out[i]), want))
      fail_msg("batch %s (%s): %s, want %s", rows[i % N].at, rows[i % N].why, fmt(&out[i]), want);
  }
  for (size_t i = 0; i < N; i++) {
    assert_int_equal(ssvc_calendar_delivery(ctx, cal, &d, in[i]), SSVC_OK);
    if (strcmp(fmt(&d), rows[i].want))
      fail_msg("single %s (%s): %s, want %s", rows[i].at, rows[i].why, fmt(&d), rows[i].want);
    /* The same cut-off given explicitly, and counts_on: on or after it, the next working day. */
    assert_int_equal(ssvc_calendar_delivery_cutoff(ctx, cal, &d, in[i], 14 * 3600), SSVC_OK);
    assert_string_equal(fmt(&d), rows[i].want);
    ssvc_date on, next;
    assert_int_equal(ssvc_calendar_counts_on(ctx, cal, &on, in[i]), SSVC_OK);
    assert_int_equal(ssvc_calendar_next_working_day(ctx, cal, &next, &on), SSVC_OK);
    assert_string_equal(fmt(&next), rows[i].want);
  }
  /* A cut-off one second later moves only the rows exactly on 14:00:00. */
  for (size_t i = 0; i < N; i++) {
    ssvc_date before;
    assert_int_equal(ssvc_calendar_delivery_cutoff(ctx, cal, &d, in[i], 14 * 3600 + 1), SSVC_OK);
    assert_int_equal(ssvc_calendar_delivery_cutoff(ctx, cal, &before, in[i] - 1, 14 * 3600),
                     SSVC_OK);
    if (strstr(rows[i].at, "T14:00:00")) assert_string_equal(fmt(&d), fmt(&before));
    else assert_string_equal(fmt(&d), rows[i].want);
  }
  ssvc_calendar_free(cal);
  ssvc_ctx_free(ctx);
}

static void cutoff_and_return_days_per_agreement(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  ssvc_calendar_options o = SSVC_CALENDAR_OPTIONS_INIT;
  o.cutoff_seconds = 12 * 3600;
  o.return_days = 3;
  ssvc_calendar *cal = cal_new(ctx, &o);
  ssvc_date d;
  assert_int_equal(ssvc_calendar_delivery(ctx, cal, &d, at("2026-11-25T11:59:59")), SSVC_OK);
  assert_string_equal(fmt(&d), "2026-11-26");
  assert_int_equal(ssvc_calendar_delivery(ctx, cal, &d, at("2026-11-25T12:00:00")), SSVC_OK);
  assert_string_equal(fmt(&d), "2026-11-27");
  ssvc_date fri = D(2026, 11, 27), back;
  assert_int_equal(ssvc_calendar_return_deadline(ctx, cal, &back, &fri), SSVC_OK);
  assert_string_equal(fmt(&back), "2026-12-02");
  ssvc_calendar_free(cal);
  /* The same with the default calendar and the cut-off given per call. */
  ssvc_calendar *shared = cal_new(ctx, NULL);
  ssvc_date c;
  assert_int_equal(ssvc_calendar_delivery_cutoff(ctx, shared, &d, at("2026-11-25T11:59:59"), 43200),
                   SSVC_OK);
  assert_string_equal(fmt(&d), "2026-11-26");
  assert_int_equal(ssvc_calendar_delivery_cutoff(ctx, shared, &d, at("2026-11-25T12:00:00"), 43200),
                   SSVC_OK);
  assert_string_equal(fmt(&d), "2026-11-27");
  assert_int_equal(
      ssvc_calendar_counts_on_cutoff(ctx, shared, &c, at("2026-11-25T12:00:00"), 43200), SSVC_OK);
  assert_string_equal(fmt(&c), "2026-11-26");
  assert_int_equal(ssvc_calendar_counts_on_cutoff(ctx, shared, &c, at("2026-11-25T13:00:00"), 0),
                   SSVC_OK); /* 0: the calendar's 14:00 */
  assert_string_equal(fmt(&c), "2026-11-25");
  assert_int_equal(ssvc_calendar_delivery_cutoff(ctx, shared, &d, at("2026-11-25T13:00:00"), 0),
                   SSVC_OK);
  assert_string_equal(fmt(&d), "2026-11-26");
  assert_int_equal(ssvc_calendar_delivery_cutoff(ctx, shared, &d, at("2026-11-25T23:59:59"), 86400),
                   SSVC_OK);
  assert_string_equal(fmt(&d), "2026-11-26");
  /* In the early local hours of a summer day (still the day before in UTC), with a cut-off of
   * 01:00: 00:30 counts on the day, 01:30 on the next working day. */
  assert_int_equal(ssvc_calendar_delivery_cutoff(ctx, shared, &d, at("2026-06-10T00:30:00"), 3600),
                   SSVC_OK);
  assert_string_equal(fmt(&d), "2026-06-11");
  assert_int_equal(ssvc_calendar_delivery_cutoff(ctx, shared, &d, at("2026-06-10T01:30:00"), 3600),
                   SSVC_OK);
  assert_string_equal(fmt(&d), "2026-06-12");
  d = D(1, 1, 1);
  assert_int_equal(ssvc_calendar_delivery_cutoff(ctx, shared, &d, 0, -1), SSVC_EINVAL);
  assert_errmsg(ctx, "ssvc_calendar_delivery_cutoff: cutoff_seconds must be 0 (the calendar's) or "
                     "1-86400 (got -1)");
  assert_int_equal(ssvc_calendar_counts_on_cutoff(ctx, shared, &d, 0, 86401), SSVC_EINVAL);
  assert_errmsg(ctx, "ssvc_calendar_counts_on_cutoff: cutoff_seconds must be 0 (the calendar's) or "
                     "1-86400 (got 86401)");
  assert_int_equal(ssvc_calendar_delivery_cutoff(ctx, NULL, &d, 0, 0), SSVC_EINVAL);
  assert_errmsg(ctx, "ssvc_calendar_delivery_cutoff: calendar must not be NULL");
  assert_int_equal(ssvc_calendar_counts_on_cutoff(ctx, shared, NULL, 0, 0), SSVC_EINVAL);
  assert_int_equal(ssvc_calendar_delivery_cutoff(ctx, shared, &d, INT64_MAX, 0), SSVC_ERANGE);
  assert_errmsg(ctx, "ssvc_calendar_delivery_cutoff: instant: 9223372036854775807 is outside the "
                     "years 1900-2199 (Stockholm time)");
  assert_int_equal(d.year, 1);
  ssvc_calendar_free(shared);

  o.cutoff_seconds = 86400; /* no cut-off: the whole working day counts */
  cal = cal_new(ctx, &o);
  assert_int_equal(ssvc_calendar_delivery(ctx, cal, &d, at("2026-11-25T23:59:59")), SSVC_OK);
  assert_string_equal(fmt(&d), "2026-11-26");
  ssvc_calendar_free(cal);
  o.cutoff_seconds = 1; /* only midnight itself counts on the day */
  cal = cal_new(ctx, &o);
  assert_int_equal(ssvc_calendar_delivery(ctx, cal, &d, at("2026-11-25T00:00:00")), SSVC_OK);
  assert_string_equal(fmt(&d), "2026-11-26");
  assert_int_equal(ssvc_calendar_delivery(ctx, cal, &d, at("2026-11-25T00:00:01")), SSVC_OK);
  assert_string_equal(fmt(&d), "2026-11-27");
  ssvc_calendar_free(cal);
  ssvc_ctx_free(ctx);
}

/* Every day 2005-2150 at several instants from local midnight, with several cut-offs (also 01:00
 * and 02:30, inside the summer-time gap and fold): the constant-time path agrees with the rule
 * spelled out with the other queries. */
static void delivery_is_right_for_every_day_2005_to_2150(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  ssvc_calendar *cal = cal_new(ctx, NULL);
  static const int offsets[] = {0, 3599, 3600, 5400, 9000, 12600, 50399, 50400, 82800, 86399};
  static const int cutoffs[] = {0, 3600, 9000, 86400}; /* 0: the calendar's 14:00 */
  for (int64_t day = days_of(2005, 1, 1); day <= days_of(2150, 12, 31); day++) {
    ssvc_date d;
    ssvc_date_from_days(&d, day);
    int64_t midnight;
    assert_int_equal(ssvc_stockholm_to_instant(ctx, &midnight, &d, 0, 0, 0), SSVC_OK);
    for (size_t k = 0; k < sizeof offsets / sizeof offsets[0]; k++) {
      int64_t t = midnight + offsets[k];
      ssvc_local_time lt;
      assert_int_equal(ssvc_stockholm_from_instant(ctx, &lt, t), SSVC_OK);
      int working;
      ssvc_date next;
      assert_int_equal(ssvc_calendar_is_working_day(ctx, cal, &working, &lt.date), SSVC_OK);
      assert_int_equal(ssvc_calendar_next_working_day(ctx, cal, &next, &lt.date), SSVC_OK);
      int local_sod = lt.hour * 3600 + lt.minute * 60 + lt.second;
      for (size_t c = 0; c < sizeof cutoffs / sizeof cutoffs[0]; c++) {
        int cut = cutoffs[c] ? cutoffs[c] : 14 * 3600;
        ssvc_date want_counts = working && local_sod < cut ? lt.date : next, want, got, counts;
        assert_int_equal(ssvc_calendar_next_working_day(ctx, cal, &want, &want_counts), SSVC_OK);
        if (cutoffs[c] == 0) {
          assert_int_equal(ssvc_calendar_counts_on(ctx, cal, &counts, t), SSVC_OK);
          assert_int_equal(ssvc_calendar_delivery(ctx, cal, &got, t), SSVC_OK);
        } else {
          assert_int_equal(ssvc_calendar_counts_on_cutoff(ctx, cal, &counts, t, cutoffs[c]),
                           SSVC_OK);
          assert_int_equal(ssvc_calendar_delivery_cutoff(ctx, cal, &got, t, cutoffs[c]), SSVC_OK);
        }
        if (dn(&got) != dn(&want) || dn(&counts) != dn(&want_counts))
          fail_msg("%s + %ds (cut-off %d): counts %s delivered %s, want %s %s", fmt(&d),
                   offsets[k], cut, fmt(&counts), fmt(&got), fmt(&want_counts), fmt(&want));
      }
    }
  }
  ssvc_calendar_free(cal);
  ssvc_ctx_free(ctx);
}

/* One calendar, read by several threads at once, each with its own context (header: "after that it
 * is read-only and any number of threads may query it at once"). */
struct reader {
  const ssvc_calendar *cal;
  int64_t first;
  uint64_t sum;
  int failures;
};

static void *read_calendar(void *arg) {
  struct reader *r = arg;
  ssvc_ctx *ctx;
  if (ssvc_ctx_new(&ctx, NULL)) {
    r->failures++;
    return NULL;
  }
  for (int64_t k = 0; k < 200000; k++) {
    int64_t t = r->first + k * 7919;
    ssvc_date d, c;
    ssvc_holiday_list *list;
    if (ssvc_calendar_delivery(ctx, r->cal, &d, t) || ssvc_calendar_counts_on(ctx, r->cal, &c, t))
      r->failures++;
    r->sum += (uint64_t)ssvc_date_to_days(&d) * 3 + (uint64_t)ssvc_date_to_days(&c);
    if (k % 20000 == 0) {
      if (ssvc_calendar_holidays(ctx, r->cal, &list, 2000 + (int)(k / 20000))) r->failures++;
      ssvc_holiday_list_free(list);
    }
  }
  /* An error goes to this thread's context only. */
  ssvc_date out;
  if (ssvc_calendar_delivery(ctx, r->cal, &out, INT64_MIN) != SSVC_ERANGE ||
      strstr(ssvc_ctx_errmsg(ctx), "outside the years") == NULL)
    r->failures++;
  ssvc_ctx_free(ctx);
  return NULL;
}

static void calendar_is_shared_by_threads(void **state) {
  (void)state;
  ssvc_ctx *ctx = ctx_new();
  ssvc_calendar *cal = cal_new(ctx, NULL);
  enum { N = 4 };
  struct reader alone[N], together[N];
  pthread_t th[N];
  for (int i = 0; i < N; i++) {
    alone[i] = (struct reader){cal, at("2005-01-01T00:00:00") + i * 1000003, 0, 0};
    together[i] = alone[i];
    read_calendar(&alone[i]); /* the answers one thread alone gets */
  }
  for (int i = 0; i < N; i++)
    assert_int_equal(pthread_create(&th[i], NULL, read_calendar, &together[i]), 0);
  for (int i = 0; i < N; i++) assert_int_equal(pthread_join(th[i], NULL), 0);
  for (int i = 0; i < N; i++) {
    assert_int_equal(together[i].failures, 0);
    assert_true(together[i].sum == alone[i].sum);
  }
  assert_string_equal(ssvc_ctx_errmsg(ctx), ""); /* the calendar's own context saw nothing */
  ssvc_calendar_free(cal);
  ssvc_ctx_free(ctx);
}

/* ---------------------------------------------------------------------------------------------
 * Fault injection: every operation that allocates.
 */

static void *setup_calendar(ssvc_ctx *ctx) {
  ssvc_calendar *cal = NULL;
  assert_int_equal(ssvc_calendar_new(ctx, &cal, NULL), SSVC_OK);
  return cal;
}

/* A calendar whose closed list is full, so that the next add must grow it. */
static void *setup_calendar_full(ssvc_ctx *ctx) {
  ssvc_calendar *cal = setup_calendar(ctx);
  for (int i = 0; i < 8; i++) {
    ssvc_date d = D(2030, 3, 1 + i);
    assert_int_equal(ssvc_calendar_add_closed(cal, &d), SSVC_OK);
  }
  return cal;
}

static void teardown_calendar(void *state) { ssvc_calendar_free(state); }

static char *snapshot_calendar(void *state) {
  ssvc_calendar *cal = state;
  ssvc_date a = D(1900, 1, 1), b = D(2199, 12, 31), d = D(2026, 11, 25), s = D(2026, 11, 28);
  int total = 0, wd = 0, ws = 0;
  ssvc_calendar_count_working_days(NULL, cal, &total, &a, &b);
  ssvc_calendar_is_working_day(NULL, cal, &wd, &d);
  ssvc_calendar_is_working_day(NULL, cal, &ws, &s);
  char *text = malloc(64);
  snprintf(text, 64, "%d %d %d", total, wd, ws);
  return text;
}

static int run_new(ssvc_ctx *ctx, void *state) {
  (void)state;
  ssvc_calendar *cal = (ssvc_calendar *)ctx;
  int rc = ssvc_calendar_new(ctx, &cal, NULL);
  if (rc) assert_null(cal);
  ssvc_calendar_free(cal);
  return rc;
}

static int run_add_closed(ssvc_ctx *ctx, void *state) {
  (void)ctx;
  ssvc_date d = D(2026, 11, 25);
  return ssvc_calendar_add_closed(state, &d);
}

static int run_add_open(ssvc_ctx *ctx, void *state) {
  (void)ctx;
  ssvc_date d = D(2026, 11, 28);
  return ssvc_calendar_add_open(state, &d);
}

static int run_holidays(ssvc_ctx *ctx, void *state) {
  ssvc_holiday_list *list = (ssvc_holiday_list *)ctx;
  int rc = ssvc_calendar_holidays(ctx, state, &list, 2026);
  if (rc) assert_null(list);
  else assert_int_equal(ssvc_holiday_list_count(list), 16);
  ssvc_holiday_list_free(list);
  return rc;
}

static void every_allocation_may_fail(void **state) {
  (void)state;
  const struct fault_op ops[] = {
      {"ssvc_calendar_new", NULL, run_new, NULL, NULL},
      {"ssvc_calendar_add_closed", setup_calendar, run_add_closed, snapshot_calendar,
       teardown_calendar},
      {"ssvc_calendar_add_closed (growing)", setup_calendar_full, run_add_closed,
       snapshot_calendar, teardown_calendar},
      {"ssvc_calendar_add_open", setup_calendar, run_add_open, snapshot_calendar,
       teardown_calendar},
      {"ssvc_calendar_holidays", setup_calendar, run_holidays, snapshot_calendar,
       teardown_calendar},
  };
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
    assert_true(fault_every_alloc(&ops[i]) >= 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(dates_are_validated),
      cmocka_unit_test(days_and_weekdays_agree_for_every_day),
      cmocka_unit_test(dates_are_formatted),
      cmocka_unit_test(dates_are_parsed_and_errors_name_the_column),
      cmocka_unit_test(whole_numbers_are_digits_only),
      cmocka_unit_test(every_holiday_rule_holds_1900_to_2199),
      cmocka_unit_test(easter_is_right_early_and_late),
      cmocka_unit_test(midsummer_falls_on_each_possible_date),
      cmocka_unit_test(national_day_replaces_whit_monday_in_2005),
      cmocka_unit_test(holidays_have_names_in_both_languages),
      cmocka_unit_test(holiday_list_errors),
      cmocka_unit_test(options_are_checked),
      cmocka_unit_test(eves_can_be_opened_one_by_one),
      cmocka_unit_test(extra_closed_and_open_days),
      cmocka_unit_test(next_and_previous_working_days),
      cmocka_unit_test(adding_and_counting_agree_with_day_by_day),
      cmocka_unit_test(queries_reject_bad_arguments),
      cmocka_unit_test(every_summer_time_switch_1980_to_2199),
      cmocka_unit_test(local_time_range_and_errors),
      cmocka_unit_test(instants_are_parsed),
      cmocka_unit_test(delivery_follows_rule_r7),
      cmocka_unit_test(delivery_in_batches),
      cmocka_unit_test(cutoff_boundary_is_the_same_on_every_path),
      cmocka_unit_test(cutoff_and_return_days_per_agreement),
      cmocka_unit_test(delivery_is_right_for_every_day_2005_to_2150),
      cmocka_unit_test(calendar_is_shared_by_threads),
      cmocka_unit_test(every_allocation_may_fail),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
