/*
 * calendar: civil dates, Stockholm local time, the Swedish working-day calendar and the delivery
 * rule R7. The rules and the decisions behind them are in doc/calendar.md.
 *
 * Layout of a calendar: one 8-byte entry per day from 1899-12-31 to 2200-01-01 (the two outer
 * days are non-working sentinels outside the supported range), so that every query is an index
 * computation and a few loads (struct day below: the date, the working flag, the summer-time
 * state, the distance to the next working day, and where a registration on that UTC day is
 * delivered), and a bitmap of working days with a running count per 64-day word, for adding and
 * counting working days in constant time.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "smartservice/calendar.h"

/* ---------------------------------------------------------------------------------------------
 * Civil-date arithmetic (days since 1970-01-01, proleptic Gregorian), in the style of Howard
 * Hinnant's "chrono-compatible low-level date algorithms": eras of 400 years, March-based years.
 */

static int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  int64_t era = floor_div(y, 400);
  int64_t yoe = y - era * 400;                                        /* [0, 399] */
  int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;      /* [0, 365] */
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                /* [0, 146096] */
  return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d) {
  z += 719468;
  int64_t era = floor_div(z, 146097);
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

/* ISO weekday of a day number: 1 Monday ... 7 Sunday (1970-01-01 was a Thursday). */
static int weekday_of(int64_t z) { return (int)((z % 7 + 7 + 3) % 7) + 1; }

static int is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int month_days(int64_t y, int m) {
  static const unsigned char n[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : n[m - 1];
}

static int date_ok(const ssvc_date *d) {
  return d && d->year >= 1 && d->year <= 9999 && d->month >= 1 && d->month <= 12 && d->day >= 1 &&
         d->day <= month_days(d->year, d->month);
}

int ssvc_date_is_valid(const ssvc_date *date) { return date_ok(date); }

int64_t ssvc_date_to_days(const ssvc_date *date) {
  if (!date_ok(date)) return INT64_MIN;
  return days_from_civil(date->year, date->month, date->day);
}

/* 0001-01-01 and 9999-12-31 as day numbers. */
#define DAYS_MIN (-719162)
#define DAYS_MAX 2932896

int ssvc_date_from_days(ssvc_date *out, int64_t days) {
  if (!out) return SSVC_EINVAL;
  if (days < DAYS_MIN || days > DAYS_MAX) return SSVC_ERANGE;
  int64_t y;
  int m, d;
  civil_from_days(days, &y, &m, &d);
  out->year = (int)y;
  out->month = m;
  out->day = d;
  return SSVC_OK;
}

int ssvc_date_weekday(const ssvc_date *date) {
  return date_ok(date) ? weekday_of(days_from_civil(date->year, date->month, date->day)) : 0;
}

size_t ssvc_date_format(char *buf, size_t size, const ssvc_date *date) {
  if (!date_ok(date)) {
    if (buf && size) buf[0] = '\0';
    return 0;
  }
  int n = snprintf(buf, size, "%04d-%02d-%02d", date->year, date->month, date->day);
  return n < 0 ? 0 : (size_t)n;
}

/* ---------------------------------------------------------------------------------------------
 * Text parsing: a cursor over the text that reports the column (1-based) of what is wrong.
 */

struct cursor {
  ssvc_ctx *ctx;
  const char *fn; /* the public function, for messages */
  const char *s;
  size_t pos;
};

/* Describes the character at the cursor for a message: 'x', end of text, or a byte value. */
static const char *describe(const struct cursor *c, char *buf, size_t size) {
  unsigned char ch = (unsigned char)c->s[c->pos];
  if (ch == 0) snprintf(buf, size, "end of text");
  else if (ch >= 0x20 && ch < 0x7f) snprintf(buf, size, "'%c'", ch);
  else snprintf(buf, size, "byte 0x%02x", ch);
  return buf;
}

static int expected(struct cursor *c, const char *what) {
  char got[16];
  return ssvc__err(c->ctx, SSVC_EPARSE, "%s: text: column %zu: expected %s (got %s)", c->fn,
                   c->pos + 1, what, describe(c, got, sizeof got));
}

static int is_digit(char ch) { return ch >= '0' && ch <= '9'; }

/* Reads exactly @p n digits; @p what names them in the message ("two digits of the month"). */
static int read_digits(struct cursor *c, int n, int *val, const char *what) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (!is_digit(c->s[c->pos])) return expected(c, what);
    v = v * 10 + (c->s[c->pos++] - '0');
  }
  *val = v;
  return SSVC_OK;
}

static int read_char(struct cursor *c, char ch, const char *what) {
  if (c->s[c->pos] != ch) return expected(c, what);
  c->pos++;
  return SSVC_OK;
}

/* "YYYY-MM-DD" at the cursor, checked to be a real day of the years 1-9999. */
static int read_date(struct cursor *c, ssvc_date *out) {
  int y = 0, m = 0, d = 0, rc;
  size_t col_m, col_d;
  if ((rc = read_digits(c, 4, &y, "four digits of the year"))) return rc;
  if ((rc = read_char(c, '-', "'-' after the year"))) return rc;
  col_m = c->pos + 1;
  if ((rc = read_digits(c, 2, &m, "two digits of the month"))) return rc;
  if ((rc = read_char(c, '-', "'-' after the month"))) return rc;
  col_d = c->pos + 1;
  if ((rc = read_digits(c, 2, &d, "two digits of the day"))) return rc;
  if (y == 0)
    return ssvc__err(c->ctx, SSVC_EPARSE, "%s: text: column 1: year 0000 is not 0001-9999", c->fn);
  if (m < 1 || m > 12)
    return ssvc__err(c->ctx, SSVC_EPARSE, "%s: text: column %zu: month %02d is not 01-12", c->fn,
                     col_m, m);
  if (d < 1 || d > month_days(y, m))
    return ssvc__err(c->ctx, SSVC_EPARSE, "%s: text: column %zu: day %02d is not in %04d-%02d",
                     c->fn, col_d, d, y, m);
  out->year = y;
  out->month = m;
  out->day = d;
  return SSVC_OK;
}

int ssvc_date_parse(ssvc_ctx *ctx, ssvc_date *out, const char *text) {
  static const char fn[] = "ssvc_date_parse";
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "%s: out must not be NULL", fn);
  if (!text) return ssvc__err(ctx, SSVC_EINVAL, "%s: text must not be NULL", fn);
  struct cursor c = {ctx, fn, text, 0};
  ssvc_date d;
  int rc = read_date(&c, &d);
  if (rc) return rc;
  if (text[c.pos] != '\0') return expected(&c, "the end of the date");
  *out = d;
  return SSVC_OK;
}

/* ---------------------------------------------------------------------------------------------
 * Stockholm local time.
 */

#define DAY 86400
#define HOUR 3600

/* Table index 0 is 1899-12-31 (day number -25568); index NDAYS - 1 is 2200-01-01. */
#define DAY_BASE (-25568)
#define NDAYS 109575
#define NWORDS ((NDAYS + 63) / 64)
#define IDX_FIRST 1           /* 1900-01-01 */
#define IDX_LAST (NDAYS - 2)  /* 2199-12-31 */
/* Instants whose Stockholm local date is 1900-01-01 ... 2199-12-31: [T_MIN, T_MAX). */
#define T_BASE ((int64_t)DAY_BASE * DAY)
#define T_MIN (T_BASE + 23 * HOUR)
#define T_MAX ((int64_t)(DAY_BASE + IDX_LAST) * DAY + 23 * HOUR)

/* Summer time of year @p y as [start, end) in Unix seconds; 0 when the year has none. */
static int dst_bounds(int64_t y, int64_t *start, int64_t *end) {
  if (y < 1980) return 0;
  int64_t s;
  if (y == 1980) { /* the first Sunday of April, 6 April 1980 */
    int64_t apr1 = days_from_civil(y, 4, 1);
    s = apr1 + (7 - weekday_of(apr1)) % 7;
  } else { /* the last Sunday of March */
    int64_t mar31 = days_from_civil(y, 3, 31);
    s = mar31 - weekday_of(mar31) % 7;
  }
  int64_t last = y <= 1995 ? days_from_civil(y, 9, 30) : days_from_civil(y, 10, 31);
  int64_t e = last - weekday_of(last) % 7;
  *start = s * DAY + HOUR; /* 01:00 UTC */
  *end = e * DAY + HOUR;
  return 1;
}

int ssvc_stockholm_offset(int64_t instant) {
  /* Beyond the years 1-9999 the arithmetic below could overflow: winter time there. */
  if (instant < (int64_t)DAYS_MIN * DAY || instant >= ((int64_t)DAYS_MAX + 1) * DAY) return HOUR;
  int64_t y, s, e;
  int m, d;
  civil_from_days(floor_div(instant, DAY), &y, &m, &d);
  return dst_bounds(y, &s, &e) && instant >= s && instant < e ? 2 * HOUR : HOUR;
}

/* Local seconds since 1970-01-01T00:00 local; the offset through @p off. */
static int64_t local_seconds(int64_t instant, int *off) {
  *off = ssvc_stockholm_offset(instant);
  return instant + *off;
}

int ssvc_stockholm_from_instant(ssvc_ctx *ctx, ssvc_local_time *out, int64_t instant) {
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "ssvc_stockholm_from_instant: out must not be NULL");
  if (instant < T_MIN || instant >= T_MAX)
    return ssvc__err(ctx, SSVC_ERANGE,
                     "ssvc_stockholm_from_instant: instant: %lld is outside the years 1900-2199",
                     (long long)instant);
  int off;
  int64_t l = local_seconds(instant, &off), y;
  int m, d;
  civil_from_days(floor_div(l, DAY), &y, &m, &d);
  int64_t sod = l - floor_div(l, DAY) * DAY;
  out->date.year = (int)y;
  out->date.month = m;
  out->date.day = d;
  out->hour = (int)(sod / HOUR);
  out->minute = (int)(sod / 60 % 60);
  out->second = (int)(sod % 60);
  out->utc_offset = off;
  return SSVC_OK;
}

/* Local seconds (since 1970-01-01T00:00 local) to an instant, with the gap and fold rule of
 * ssvc_stockholm_to_instant(). */
static int64_t instant_of_local(int64_t local) {
  int64_t summer = local - 2 * HOUR, winter = local - HOUR;
  if (ssvc_stockholm_offset(summer) == 2 * HOUR) return summer; /* also the fold: earlier one */
  return winter; /* winter time, or the gap read with the winter offset (one hour forward) */
}

static int check_year(ssvc_ctx *ctx, const char *fn, const char *arg, int year) {
  if (year < SSVC_CALENDAR_YEAR_MIN || year > SSVC_CALENDAR_YEAR_MAX)
    return ssvc__err(ctx, SSVC_ERANGE, "%s: %s: year %d is outside %d-%d", fn, arg, year,
                     SSVC_CALENDAR_YEAR_MIN, SSVC_CALENDAR_YEAR_MAX);
  return SSVC_OK;
}

int ssvc_stockholm_to_instant(ssvc_ctx *ctx, int64_t *out, const ssvc_date *date, int hour,
                              int minute, int second) {
  static const char fn[] = "ssvc_stockholm_to_instant";
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "%s: out must not be NULL", fn);
  if (!date) return ssvc__err(ctx, SSVC_EINVAL, "%s: date must not be NULL", fn);
  if (!date_ok(date))
    return ssvc__err(ctx, SSVC_EINVAL, "%s: date: %d-%d-%d is not a valid date", fn, date->year,
                     date->month, date->day);
  int rc = check_year(ctx, fn, "date", date->year);
  if (rc) return rc;
  if (hour < 0 || hour > 23)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: hour must be 0-23 (got %d)", fn, hour);
  if (minute < 0 || minute > 59)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: minute must be 0-59 (got %d)", fn, minute);
  if (second < 0 || second > 59)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: second must be 0-59 (got %d)", fn, second);
  int64_t local = days_from_civil(date->year, date->month, date->day) * DAY + hour * HOUR +
                  minute * 60 + second;
  *out = instant_of_local(local);
  return SSVC_OK;
}

int ssvc_instant_parse(ssvc_ctx *ctx, int64_t *out, const char *text) {
  static const char fn[] = "ssvc_instant_parse";
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "%s: out must not be NULL", fn);
  if (!text) return ssvc__err(ctx, SSVC_EINVAL, "%s: text must not be NULL", fn);
  struct cursor c = {ctx, fn, text, 0};
  ssvc_date date;
  int rc, h = 0, mi = 0, s = 0;
  if ((rc = read_date(&c, &date))) return rc;
  char sep = text[c.pos];
  if (sep != 'T' && sep != 't' && sep != ' ') return expected(&c, "'T' between date and time");
  c.pos++;
  size_t col_h = c.pos + 1, col_mi, col_s = 0;
  if ((rc = read_digits(&c, 2, &h, "two digits of the hour"))) return rc;
  if ((rc = read_char(&c, ':', "':' after the hour"))) return rc;
  col_mi = c.pos + 1;
  if ((rc = read_digits(&c, 2, &mi, "two digits of the minute"))) return rc;
  if (text[c.pos] == ':') {
    c.pos++;
    col_s = c.pos + 1;
    if ((rc = read_digits(&c, 2, &s, "two digits of the second"))) return rc;
    if (text[c.pos] == '.') {
      c.pos++;
      if (!is_digit(text[c.pos])) return expected(&c, "a digit of the fraction of a second");
      while (is_digit(text[c.pos])) c.pos++;
    }
  }
  if (h > 23)
    return ssvc__err(ctx, SSVC_EPARSE, "%s: text: column %zu: hour %02d is not 00-23", fn, col_h,
                     h);
  if (mi > 59)
    return ssvc__err(ctx, SSVC_EPARSE, "%s: text: column %zu: minute %02d is not 00-59", fn,
                     col_mi, mi);
  if (s == 60)
    return ssvc__err(ctx, SSVC_EPARSE, "%s: text: column %zu: leap second 60 is not supported",
                     fn, col_s);
  if (s > 59)
    return ssvc__err(ctx, SSVC_EPARSE, "%s: text: column %zu: second %02d is not 00-59", fn, col_s,
                     s);
  int has_offset = 0, offset = 0;
  char z = text[c.pos];
  if (z == 'Z' || z == 'z') {
    has_offset = 1;
    c.pos++;
  } else if (z == '+' || z == '-') {
    c.pos++;
    size_t col_oh = c.pos + 1, col_om;
    int oh = 0, om = 0;
    if ((rc = read_digits(&c, 2, &oh, "two digits of the offset hours"))) return rc;
    if ((rc = read_char(&c, ':', "':' in the offset"))) return rc;
    col_om = c.pos + 1;
    if ((rc = read_digits(&c, 2, &om, "two digits of the offset minutes"))) return rc;
    if (oh > 23)
      return ssvc__err(ctx, SSVC_EPARSE, "%s: text: column %zu: offset hours %02d are not 00-23",
                       fn, col_oh, oh);
    if (om > 59)
      return ssvc__err(ctx, SSVC_EPARSE, "%s: text: column %zu: offset minutes %02d are not 00-59",
                       fn, col_om, om);
    has_offset = 1;
    offset = (z == '-' ? -1 : 1) * (oh * HOUR + om * 60);
  }
  if (text[c.pos] != '\0')
    return expected(&c,
                    has_offset ? "the end of the text" : "'Z', an offset or the end of the text");
  if (date.year < SSVC_CALENDAR_YEAR_MIN || date.year > SSVC_CALENDAR_YEAR_MAX)
    return ssvc__err(ctx, SSVC_ERANGE, "%s: text: column 1: year %04d is outside %d-%d", fn,
                     date.year, SSVC_CALENDAR_YEAR_MIN, SSVC_CALENDAR_YEAR_MAX);
  int64_t local = days_from_civil(date.year, date.month, date.day) * DAY + h * HOUR + mi * 60 + s;
  *out = has_offset ? local - offset : instant_of_local(local);
  return SSVC_OK;
}

size_t ssvc_instant_format(char *buf, size_t size, int64_t instant) {
  /* Keep far-out instants away from overflow: beyond the years 1-9999 anyway. */
  if (instant < (int64_t)DAYS_MIN * DAY || instant > ((int64_t)DAYS_MAX + 1) * DAY) {
    if (buf && size) buf[0] = '\0';
    return 0;
  }
  int off;
  int64_t l = local_seconds(instant, &off), y, day = floor_div(l, DAY), sod = l - day * DAY;
  int m, d;
  civil_from_days(day, &y, &m, &d);
  if (y < 1 || y > 9999) {
    if (buf && size) buf[0] = '\0';
    return 0;
  }
  int n = snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d+%02d:00", (int)y, m, d,
                   (int)(sod / HOUR), (int)(sod / 60 % 60), (int)(sod % 60), off / HOUR);
  return n < 0 ? 0 : (size_t)n;
}

/* ---------------------------------------------------------------------------------------------
 * Holidays by rule.
 */

static const char *const holiday_names[][2] = {
    {NULL, NULL},
    {"Nyårsdagen", "New Year's Day"},
    {"Trettondedag jul", "Epiphany"},
    {"Långfredagen", "Good Friday"},
    {"Påskdagen", "Easter Sunday"},
    {"Annandag påsk", "Easter Monday"},
    {"Första maj", "May Day"},
    {"Kristi himmelsfärdsdag", "Ascension Day"},
    {"Pingstdagen", "Whit Sunday"},
    {"Annandag pingst", "Whit Monday"},
    {"Sveriges nationaldag", "National Day of Sweden"},
    {"Midsommarafton", "Midsummer Eve"},
    {"Midsommardagen", "Midsummer Day"},
    {"Alla helgons dag", "All Saints' Day"},
    {"Julafton", "Christmas Eve"},
    {"Juldagen", "Christmas Day"},
    {"Annandag jul", "Boxing Day"},
    {"Nyårsafton", "New Year's Eve"},
    {"Extra stängd dag", "Extra closed day"},
};

#define HOLIDAY_LAST SSVC_HOLIDAY_EXTRA_CLOSED

const char *ssvc_holiday_name(int holiday, int lang) {
  if (holiday < 1 || holiday > HOLIDAY_LAST || (lang != SSVC_LANG_SV && lang != SSVC_LANG_EN))
    return NULL;
  return holiday_names[holiday][lang];
}

int ssvc_holiday_is_eve(int holiday) {
  return holiday == SSVC_HOLIDAY_MIDSUMMER_EVE || holiday == SSVC_HOLIDAY_CHRISTMAS_EVE ||
         holiday == SSVC_HOLIDAY_NEW_YEARS_EVE;
}

/* Easter Sunday of year @p y by the Gregorian computus (the anonymous algorithm of 1876), as a
 * day number. */
static int64_t easter_sunday(int64_t y) {
  int64_t a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
  int64_t f = (b + 8) / 25, g = (b - f + 1) / 3;
  int64_t h = (19 * a + b - d - g + 15) % 30;
  int64_t i = c / 4, k = c % 4;
  int64_t l = (32 + 2 * e + 2 * i - h - k) % 7;
  int64_t m = (a + 11 * h + 22 * l) / 451;
  int month = (int)((h + l - 7 * m + 114) / 31), day = (int)((h + l - 7 * m + 114) % 31 + 1);
  return days_from_civil(y, month, day);
}

/* The first day with ISO weekday @p wd on or after day number @p from. */
static int64_t weekday_on_or_after(int64_t from, int wd) {
  return from + (wd - weekday_of(from) + 7) % 7;
}

struct hday {
  int64_t days;
  int id;
};

#define YEAR_HOLIDAYS_MAX 17

/* The holidays and the eves not in @p open_eves of year @p y, sorted by date then id. */
static int year_holidays(int y, unsigned open_eves, struct hday out[YEAR_HOLIDAYS_MAX]) {
  int n = 0;
  int64_t e = easter_sunday(y);
  int64_t midsummer_eve = weekday_on_or_after(days_from_civil(y, 6, 19), 5);
#define ADD(when, what) (out[n].days = (when), out[n].id = (what), n++)
  ADD(days_from_civil(y, 1, 1), SSVC_HOLIDAY_NEW_YEARS_DAY);
  ADD(days_from_civil(y, 1, 6), SSVC_HOLIDAY_EPIPHANY);
  ADD(e - 2, SSVC_HOLIDAY_GOOD_FRIDAY);
  ADD(e, SSVC_HOLIDAY_EASTER_SUNDAY);
  ADD(e + 1, SSVC_HOLIDAY_EASTER_MONDAY);
  ADD(days_from_civil(y, 5, 1), SSVC_HOLIDAY_MAY_DAY);
  ADD(e + 39, SSVC_HOLIDAY_ASCENSION_DAY);
  ADD(e + 49, SSVC_HOLIDAY_WHIT_SUNDAY);
  if (y <= 2004) ADD(e + 50, SSVC_HOLIDAY_WHIT_MONDAY);
  else ADD(days_from_civil(y, 6, 6), SSVC_HOLIDAY_NATIONAL_DAY);
  if (!(open_eves & SSVC_EVE_MIDSUMMER)) ADD(midsummer_eve, SSVC_HOLIDAY_MIDSUMMER_EVE);
  ADD(midsummer_eve + 1, SSVC_HOLIDAY_MIDSUMMER_DAY);
  ADD(weekday_on_or_after(days_from_civil(y, 10, 31), 6), SSVC_HOLIDAY_ALL_SAINTS_DAY);
  if (!(open_eves & SSVC_EVE_CHRISTMAS))
    ADD(days_from_civil(y, 12, 24), SSVC_HOLIDAY_CHRISTMAS_EVE);
  ADD(days_from_civil(y, 12, 25), SSVC_HOLIDAY_CHRISTMAS_DAY);
  ADD(days_from_civil(y, 12, 26), SSVC_HOLIDAY_BOXING_DAY);
  if (!(open_eves & SSVC_EVE_NEW_YEAR)) ADD(days_from_civil(y, 12, 31), SSVC_HOLIDAY_NEW_YEARS_EVE);
#undef ADD
  /* Insertion sort: the list is short and nearly sorted (only the Easter block moves). */
  for (int i = 1; i < n; i++) {
    struct hday x = out[i];
    int j = i;
    while (j > 0 &&
           (out[j - 1].days > x.days || (out[j - 1].days == x.days && out[j - 1].id > x.id))) {
      out[j] = out[j - 1];
      j--;
    }
    out[j] = x;
  }
  return n;
}

/* ---------------------------------------------------------------------------------------------
 * The calendar.
 */

/*
 * day[]: 8 bytes per day hold all that the queries need. info:
 *  bits 0-8    the year - 1899 (month and day of the month are bytes of their own)
 *  bit 9       working day
 *  bit 10      summer time from 00:00 to 01:00 UTC of this day
 *  bit 11      summer time from 01:00 UTC to the end of this UTC day (the switches are at 01:00)
 *  bits 12-15  days to the next working day, 1-15; 0: farther or none
 *
 * delivery[k]: days from this UTC day to the delivery date of a registration on it, for k =
 * 0: local date = this day, before the cut-off; 1: this day, at or after it; 2: the next day (the
 * local evening hours), before; 3: the next day, at or after. They do not depend on the cut-off's
 * value, only on which side of it the local time is. 0: farther than DELIVERY_MAX days, outside the
 * range, or a summer-time switch day (about 2 days in 365); ssvc_calendar_delivery() then takes
 * its exact slow path. Bytes, so that the fast path picks one with an indexed load.
 */
struct day {
  uint16_t info;
  uint8_t month, mday;
  uint8_t delivery[4];
};
#define I_YEAR_MASK 511u
#define I_WORKING (1u << 9)
#define I_SUMMER_EARLY (1u << 10)
#define I_SUMMER_LATE (1u << 11)
#define I_NEXT_SHIFT 12
#define DELTA_MAX 15
#define DELIVERY_MAX 255

#define INFO(c, i) ((c)->day[i].info)

struct ssvc_calendar {
  ssvc_ctx *ctx;
  unsigned int open_eves;
  int cutoff;
  int return_days;
  struct day *day; /* NDAYS */
  uint64_t *bits;  /* NWORDS + 1 (the last word stays zero) */
  uint32_t *rank;  /* NWORDS + 1: working days in the words before */
  int32_t *closed; /* table indices closed by agreement, sorted */
  size_t nclosed, capclosed;
  int32_t *open; /* table indices opened by agreement, sorted */
  size_t nopen, capopen;
};

/* 1 when second @p sod of the UTC day described by @p info is in summer time. */
static inline uint32_t summer_at(uint32_t info, uint32_t sod) {
  return (info & (sod >= HOUR ? I_SUMMER_LATE : I_SUMMER_EARLY)) != 0;
}

/* The date of table index i. */
static inline ssvc_date date_at(const ssvc_calendar *c, uint32_t i) {
  const struct day *e = &c->day[i];
  ssvc_date out;
  out.year = (int)(e->info & I_YEAR_MASK) + 1899;
  out.month = e->month;
  out.day = e->mday;
  return out;
}

#if defined(__GNUC__)
#define POPCOUNT64(x) __builtin_popcountll(x)
#define CTZ64(x) __builtin_ctzll(x)
#else
static int POPCOUNT64(uint64_t x) {
  int n = 0;
  for (; x; x &= x - 1) n++;
  return n;
}
static int CTZ64(uint64_t x) {
  int n = 0;
  while (!(x & 1)) x >>= 1, n++;
  return n;
}
#endif

/* Working days at table indices < i (0 <= i <= NDAYS). */
static int32_t rank_before(const ssvc_calendar *c, int32_t i) {
  uint64_t below = (i & 63) ? c->bits[i >> 6] & ((UINT64_C(1) << (i & 63)) - 1) : 0;
  return (int32_t)c->rank[i >> 6] + POPCOUNT64(below);
}

/* The working day with exactly k working days before it; -1 when there is none. */
static int32_t select_working(const ssvc_calendar *c, int64_t k) {
  if (k < 0 || k >= c->rank[NWORDS]) return -1;
  size_t lo = 0, hi = NWORDS; /* rank[lo] <= k < rank[hi] */
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (c->rank[mid] <= k) lo = mid;
    else hi = mid;
  }
  uint64_t w = c->bits[lo];
  for (int64_t j = k - c->rank[lo]; j > 0; j--) w &= w - 1;
  return (int32_t)(lo * 64 + (size_t)CTZ64(w));
}

static int in_list(const int32_t *list, size_t n, int32_t idx) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (list[mid] == idx) return 1;
    if (list[mid] < idx) lo = mid + 1;
    else hi = mid;
  }
  return 0;
}

/* The first working day after table index i; -1 when none in the table. */
static int32_t next_working(const ssvc_calendar *c, int32_t i) {
  uint32_t delta = (INFO(c, i) >> I_NEXT_SHIFT) & DELTA_MAX;
  return delta ? i + (int32_t)delta : select_working(c, rank_before(c, i + 1));
}

/* Fills the dates and the summer-time states: they never change after creation. */
static void fill_fixed(ssvc_calendar *c) {
  for (int32_t i = 0; i < NDAYS; i++) {
    int64_t y;
    int m, d;
    civil_from_days(DAY_BASE + i, &y, &m, &d);
    memset(&c->day[i], 0, sizeof c->day[i]);
    c->day[i].info = (uint16_t)(y - 1899);
    c->day[i].month = (uint8_t)m;
    c->day[i].mday = (uint8_t)d;
  }
  for (int y = 1980; y <= SSVC_CALENDAR_YEAR_MAX; y++) {
    int64_t s, e;
    dst_bounds(y, &s, &e);
    int32_t si = (int32_t)(s / DAY - DAY_BASE), ei = (int32_t)(e / DAY - DAY_BASE);
    INFO(c, si) |= I_SUMMER_LATE;
    for (int32_t i = si + 1; i < ei; i++) INFO(c, i) |= I_SUMMER_EARLY | I_SUMMER_LATE;
    INFO(c, ei) |= I_SUMMER_EARLY;
  }
}

/* (Re)computes everything that depends on which days are working days. Cannot fail. */
static void fill_working(ssvc_calendar *c) {
  for (int32_t i = 0; i < NDAYS; i++) {
    int wd = weekday_of(DAY_BASE + i);
    INFO(c, i) = (uint16_t)((INFO(c, i) & (I_YEAR_MASK | I_SUMMER_EARLY | I_SUMMER_LATE)) |
                            (wd <= 5 ? I_WORKING : 0));
  }
  INFO(c, 0) &= ~I_WORKING; /* the sentinels outside the range */
  INFO(c, NDAYS - 1) &= ~I_WORKING;
  for (int y = SSVC_CALENDAR_YEAR_MIN; y <= SSVC_CALENDAR_YEAR_MAX; y++) {
    struct hday h[YEAR_HOLIDAYS_MAX];
    int n = year_holidays(y, c->open_eves, h);
    for (int k = 0; k < n; k++) INFO(c, h[k].days - DAY_BASE) &= ~I_WORKING;
  }
  for (size_t k = 0; k < c->nclosed; k++) INFO(c, c->closed[k]) &= ~I_WORKING;
  for (size_t k = 0; k < c->nopen; k++) INFO(c, c->open[k]) |= I_WORKING;

  memset(c->bits, 0, (NWORDS + 1) * sizeof *c->bits);
  int32_t next = -1; /* the nearest working day after i, scanning backwards */
  for (int32_t i = NDAYS - 1; i >= 0; i--) {
    if (next >= 0 && next - i <= DELTA_MAX) INFO(c, i) |= (uint16_t)((next - i) << I_NEXT_SHIFT);
    if (INFO(c, i) & I_WORKING) {
      c->bits[i >> 6] |= UINT64_C(1) << (i & 63);
      next = i;
    }
  }
  c->rank[0] = 0;
  for (size_t w = 0; w < NWORDS; w++)
    c->rank[w + 1] = c->rank[w] + (uint32_t)POPCOUNT64(c->bits[w]);

  /* The delivery dates of registrations on each UTC day (see struct day). */
  for (int32_t i = 0; i < NDAYS; i++) {
    uint8_t packed[4] = {0, 0, 0, 0};
    for (int k = 0; k < 4 && i + 1 < NDAYS; k++) {
      int32_t local = i + (k >> 1), counts;
      if ((INFO(c, local) & I_WORKING) && !(k & 1)) counts = local;
      else counts = next_working(c, local);
      int32_t delivery = counts < 0 ? -1 : next_working(c, counts);
      int steady = !(INFO(c, i) & I_SUMMER_EARLY) == !(INFO(c, i) & I_SUMMER_LATE);
      if (steady && delivery > 0 && delivery <= IDX_LAST && delivery - i <= DELIVERY_MAX)
        packed[k] = (uint8_t)(delivery - i);
    }
    memcpy(c->day[i].delivery, packed, sizeof packed);
  }
}

int ssvc_calendar_options_init(ssvc_calendar_options *options, unsigned int version) {
  return ssvc__struct_init(options, sizeof *options, version, SSVC_CALENDAR_OPTIONS_VERSION);
}

int ssvc_calendar_new(ssvc_ctx *ctx, ssvc_calendar **out, const ssvc_calendar_options *options) {
  static const char fn[] = "ssvc_calendar_new";
  if (out) *out = NULL;
  if (!ctx) return SSVC_EINVAL;
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "%s: out must not be NULL", fn);
  ssvc_calendar_options o = SSVC_CALENDAR_OPTIONS_INIT;
  if (options) {
    int rc = ssvc__check_version(ctx, "ssvc_calendar_new: options", options->version,
                                 SSVC_CALENDAR_OPTIONS_VERSION);
    if (rc) return rc;
    o = *options;
  }
  if (o.open_eves & ~SSVC_EVE_ALL)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: options->open_eves has unknown bits 0x%x", fn,
                     o.open_eves & ~SSVC_EVE_ALL);
  if (o.cutoff_seconds < 0 || o.cutoff_seconds > DAY)
    return ssvc__err(ctx, SSVC_EINVAL,
                     "%s: options->cutoff_seconds must be 0 (default) or 1-86400 (got %d)", fn,
                     o.cutoff_seconds);
  if (o.return_days < 0 || o.return_days > SSVC_CALENDAR_MAX_RETURN_DAYS)
    return ssvc__err(ctx, SSVC_EINVAL,
                     "%s: options->return_days must be 0 (default) or 1-%d (got %d)", fn,
                     SSVC_CALENDAR_MAX_RETURN_DAYS, o.return_days);

  ssvc_calendar *c = ssvc__calloc(ctx, 1, sizeof *c);
  if (!c) return SSVC_ENOMEM;
  /* One allocation for the tables: the days, the bitmap, then the ranks. */
  size_t day_bytes = NDAYS * sizeof(struct day), bits_bytes = (NWORDS + 1) * sizeof(uint64_t);
  unsigned char *block =
      ssvc__malloc(ctx, day_bytes + bits_bytes + (NWORDS + 1) * sizeof(uint32_t));
  if (!block) {
    ssvc__free(ctx, c);
    return SSVC_ENOMEM;
  }
  c->ctx = ctx;
  c->day = (struct day *)(void *)block;
  c->bits = (uint64_t *)(void *)(block + day_bytes);
  c->rank = (uint32_t *)(void *)(block + day_bytes + bits_bytes);
  c->open_eves = o.open_eves;
  c->cutoff = o.cutoff_seconds ? o.cutoff_seconds : SSVC_CALENDAR_DEFAULT_CUTOFF;
  c->return_days = o.return_days ? o.return_days : SSVC_CALENDAR_DEFAULT_RETURN_DAYS;
  fill_fixed(c);
  fill_working(c);
  *out = c;
  return SSVC_OK;
}

void ssvc_calendar_free(ssvc_calendar *calendar) {
  if (!calendar) return;
  ssvc_ctx *ctx = calendar->ctx;
  ssvc__free(ctx, calendar->closed);
  ssvc__free(ctx, calendar->open);
  ssvc__free(ctx, calendar->day); /* the start of the table allocation */
  ssvc__free(ctx, calendar);
}

/* Checks a date argument and gives its table index. */
static int day_index(ssvc_ctx *ctx, const char *fn, const char *arg, const ssvc_date *d,
                     int32_t *idx) {
  if (!d) return ssvc__err(ctx, SSVC_EINVAL, "%s: %s must not be NULL", fn, arg);
  if (!date_ok(d))
    return ssvc__err(ctx, SSVC_EINVAL, "%s: %s: %d-%02d-%02d is not a valid date", fn, arg,
                     d->year, d->month, d->day);
  int rc = check_year(ctx, fn, arg, d->year);
  if (rc) return rc;
  *idx = (int32_t)(days_from_civil(d->year, d->month, d->day) - DAY_BASE);
  return SSVC_OK;
}

/* Adds a day to one of the agreement lists (closed or open). */
static int add_extra(ssvc_calendar *c, const char *fn, const ssvc_date *day, int32_t **list,
                     size_t *n, size_t *cap) {
  int32_t idx;
  int rc = day_index(c->ctx, fn, "day", day, &idx);
  if (rc) return rc;
  if (in_list(c->closed, c->nclosed, idx) || in_list(c->open, c->nopen, idx))
    return ssvc__err(c->ctx, SSVC_EEXISTS, "%s: day: %04d-%02d-%02d is already %s by agreement",
                     fn, day->year, day->month, day->day,
                     in_list(c->closed, c->nclosed, idx) ? "closed" : "opened");
  if (*n == *cap) { /* grow first: after this nothing can fail */
    size_t ncap = *cap ? *cap * 2 : 8;
    int32_t *grown = ssvc__realloc(c->ctx, *list, ncap * sizeof *grown);
    if (!grown) return SSVC_ENOMEM;
    *list = grown;
    *cap = ncap;
  }
  size_t at = *n;
  while (at > 0 && (*list)[at - 1] > idx) {
    (*list)[at] = (*list)[at - 1];
    at--;
  }
  (*list)[at] = idx;
  (*n)++;
  fill_working(c);
  return SSVC_OK;
}

int ssvc_calendar_add_closed(ssvc_calendar *calendar, const ssvc_date *day) {
  if (!calendar) return SSVC_EINVAL;
  return add_extra(calendar, "ssvc_calendar_add_closed", day, &calendar->closed,
                   &calendar->nclosed, &calendar->capclosed);
}

int ssvc_calendar_add_open(ssvc_calendar *calendar, const ssvc_date *day) {
  if (!calendar) return SSVC_EINVAL;
  return add_extra(calendar, "ssvc_calendar_add_open", day, &calendar->open, &calendar->nopen,
                   &calendar->capopen);
}

int ssvc_calendar_cutoff(const ssvc_calendar *calendar) { return calendar ? calendar->cutoff : 0; }

int ssvc_calendar_return_days(const ssvc_calendar *calendar) {
  return calendar ? calendar->return_days : 0;
}

/* The shared argument checks of the queries. */
static int check_query(ssvc_ctx *ctx, const char *fn, const ssvc_calendar *c, const void *out) {
  if (!c) return ssvc__err(ctx, SSVC_EINVAL, "%s: calendar must not be NULL", fn);
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "%s: out must not be NULL", fn);
  return SSVC_OK;
}

static int result_at(ssvc_ctx *ctx, const char *fn, const ssvc_calendar *c, ssvc_date *out,
                     int32_t idx, int after) {
  if (idx < IDX_FIRST || idx > IDX_LAST)
    return ssvc__err(ctx, SSVC_ERANGE, "%s: the answer would be %s %s", fn,
                     after ? "after" : "before", after ? "2199-12-31" : "1900-01-01");
  *out = date_at(c, (uint32_t)idx);
  return SSVC_OK;
}

int ssvc_calendar_is_working_day(ssvc_ctx *ctx, const ssvc_calendar *calendar, int *out,
                                 const ssvc_date *day) {
  static const char fn[] = "ssvc_calendar_is_working_day";
  int32_t idx;
  int rc = check_query(ctx, fn, calendar, out);
  if (rc || (rc = day_index(ctx, fn, "day", day, &idx))) return rc;
  *out = (INFO(calendar, idx) & I_WORKING) != 0;
  return SSVC_OK;
}

int ssvc_calendar_next_working_day(ssvc_ctx *ctx, const ssvc_calendar *calendar, ssvc_date *out,
                                   const ssvc_date *day) {
  static const char fn[] = "ssvc_calendar_next_working_day";
  int32_t idx;
  int rc = check_query(ctx, fn, calendar, out);
  if (rc || (rc = day_index(ctx, fn, "day", day, &idx))) return rc;
  return result_at(ctx, fn, calendar, out, select_working(calendar, rank_before(calendar, idx + 1)),
                   1);
}

int ssvc_calendar_previous_working_day(ssvc_ctx *ctx, const ssvc_calendar *calendar,
                                       ssvc_date *out, const ssvc_date *day) {
  static const char fn[] = "ssvc_calendar_previous_working_day";
  int32_t idx;
  int rc = check_query(ctx, fn, calendar, out);
  if (rc || (rc = day_index(ctx, fn, "day", day, &idx))) return rc;
  return result_at(ctx, fn, calendar, out,
                   select_working(calendar, (int64_t)rank_before(calendar, idx) - 1), 0);
}

/* The table index @p n working days from @p idx (see ssvc_calendar_add_working_days()); -1 when
 * outside the table. */
static int32_t add_working(const ssvc_calendar *c, int32_t idx, int n) {
  if (n == 0) return idx;
  if (n > 0) return select_working(c, (int64_t)rank_before(c, idx + 1) + n - 1);
  return select_working(c, (int64_t)rank_before(c, idx) + n);
}

int ssvc_calendar_add_working_days(ssvc_ctx *ctx, const ssvc_calendar *calendar, ssvc_date *out,
                                   const ssvc_date *day, int n) {
  static const char fn[] = "ssvc_calendar_add_working_days";
  int32_t idx;
  int rc = check_query(ctx, fn, calendar, out);
  if (rc || (rc = day_index(ctx, fn, "day", day, &idx))) return rc;
  return result_at(ctx, fn, calendar, out, add_working(calendar, idx, n), n > 0);
}

int ssvc_calendar_count_working_days(ssvc_ctx *ctx, const ssvc_calendar *calendar, int *out,
                                     const ssvc_date *from, const ssvc_date *to) {
  static const char fn[] = "ssvc_calendar_count_working_days";
  int32_t a, b;
  int rc = check_query(ctx, fn, calendar, out);
  if (rc || (rc = day_index(ctx, fn, "from", from, &a)) || (rc = day_index(ctx, fn, "to", to, &b)))
    return rc;
  *out = (int)(rank_before(calendar, b) - rank_before(calendar, a));
  return SSVC_OK;
}

/* The first working day after table index i, whose info is @p info; -1 when none in range. */
static inline int32_t next_after(const ssvc_calendar *c, int32_t i, uint32_t info) {
  uint32_t delta = (info >> I_NEXT_SHIFT) & DELTA_MAX;
  if (delta) return i + (int32_t)delta;
  return select_working(c, rank_before(c, i + 1));
}

/* The cut-off rule (R7), the one comparison every path uses: a registration at local second
 * @p local of its day (may run past 86400 into the next day) is on or after the cut-off @p cut. */
static inline int past_cutoff(uint32_t local, uint32_t cut) { return local >= cut; }

/* The delivery date's offset from UTC day entry @p e for second @p sod of that UTC day, from the
 * entry's precomputed fields; 0 when the fields do not answer (the slow path then does). Which
 * field: local time before the cut-off, after it, after midnight (the next local day), after the
 * cut-off of the next day. Not a switch day (those have no delivery fields): the offset holds all
 * day. */
static inline uint32_t delivery_delta(const struct day *e, uint32_t sod, uint32_t cut) {
  uint32_t local = sod + (e->info & I_SUMMER_LATE ? 2 * HOUR : HOUR);
  uint32_t k = (uint32_t)past_cutoff(local, cut) + (local >= DAY);
  if (cut < 2 * HOUR) k += (uint32_t)past_cutoff(local, DAY + cut); /* only then can it pass */
  return e->delivery[k];
}

/* The table index of the day a registration at @p instant counts on; -1 outside the range. */
static inline int32_t counts_on_index(const ssvc_calendar *c, int64_t instant, int cutoff) {
  if (instant < T_MIN || instant >= T_MAX) return -1;
  uint64_t u = (uint64_t)(instant - T_BASE);
  int32_t i = (int32_t)(u / DAY);
  int32_t sod = (int32_t)(u % DAY);
  sod += HOUR << summer_at(INFO(c, i), (uint32_t)sod);
  if (sod >= DAY) {
    sod -= DAY;
    i++;
  }
  uint32_t info = INFO(c, i);
  if ((info & I_WORKING) && !past_cutoff((uint32_t)sod, (uint32_t)cutoff)) return i;
  return next_after(c, i, info);
}

static int instant_range_error(ssvc_ctx *ctx, const char *fn, int64_t instant) {
  return ssvc__err(ctx, SSVC_ERANGE,
                   "%s: instant: %lld is outside the years 1900-2199 (Stockholm time)", fn,
                   (long long)instant);
}

static int counts_on(ssvc_ctx *ctx, const char *fn, const ssvc_calendar *calendar,
                     ssvc_date *out, int64_t instant, int cutoff) {
  if (instant < T_MIN || instant >= T_MAX) return instant_range_error(ctx, fn, instant);
  return result_at(ctx, fn, calendar, out, counts_on_index(calendar, instant, cutoff), 1);
}

/* The cut-off argument of the _cutoff variants: 0 for the calendar's own. */
static int cutoff_arg(ssvc_ctx *ctx, const char *fn, const ssvc_calendar *calendar, int cutoff,
                      int *out) {
  if (cutoff < 0 || cutoff > DAY)
    return ssvc__err(ctx, SSVC_EINVAL,
                     "%s: cutoff_seconds must be 0 (the calendar's) or 1-86400 (got %d)", fn,
                     cutoff);
  *out = cutoff ? cutoff : calendar->cutoff;
  return SSVC_OK;
}

int ssvc_calendar_counts_on(ssvc_ctx *ctx, const ssvc_calendar *calendar, ssvc_date *out,
                            int64_t instant) {
  static const char fn[] = "ssvc_calendar_counts_on";
  int rc = check_query(ctx, fn, calendar, out);
  if (rc) return rc;
  return counts_on(ctx, fn, calendar, out, instant, calendar->cutoff);
}

int ssvc_calendar_counts_on_cutoff(ssvc_ctx *ctx, const ssvc_calendar *calendar, ssvc_date *out,
                                   int64_t instant, int cutoff_seconds) {
  static const char fn[] = "ssvc_calendar_counts_on_cutoff";
  int cut = 0, rc = check_query(ctx, fn, calendar, out);
  if (rc || (rc = cutoff_arg(ctx, fn, calendar, cutoff_seconds, &cut))) return rc;
  return counts_on(ctx, fn, calendar, out, instant, cut);
}

#if defined(__GNUC__)
#define SSVC_NOINLINE __attribute__((noinline))
#else
#define SSVC_NOINLINE
#endif

/* Everything the delivery fast path does not answer from the day table: errors, and delivery
 * dates more than DELIVERY_MAX days away. Kept out of line so that the fast path stays short. */
static SSVC_NOINLINE int delivery_slow(ssvc_ctx *ctx, const char *fn,
                                       const ssvc_calendar *calendar, ssvc_date *out,
                                       int64_t instant, int cutoff) {
  if (!calendar || !out) return check_query(ctx, fn, calendar, out);
  int32_t i = counts_on_index(calendar, instant, cutoff);
  if (i >= 0) {
    int32_t d = next_after(calendar, i, INFO(calendar, i));
    if (d >= 0) {
      *out = date_at(calendar, (uint32_t)d);
      return SSVC_OK;
    }
  }
  if (instant < T_MIN || instant >= T_MAX) return instant_range_error(ctx, fn, instant);
  return result_at(ctx, fn, calendar, out, -1, 1);
}

/* The delivery rule with cut-off @p cutoff (1-86400; anything when calendar is NULL). */
static inline int delivery(ssvc_ctx *ctx, const char *fn, const ssvc_calendar *calendar,
                           ssvc_date *out, int64_t instant, int cutoff) {
  if (calendar && out && instant >= T_MIN && instant < T_MAX) {
    /* The fast path, without branches that depend on the data: the UTC day's entry gives the
     * summer-time state, and then the delivery date for whichever of its four cases applies. */
    uint64_t u = (uint64_t)(instant - T_BASE);
    uint32_t i = (uint32_t)(u / DAY), sod = (uint32_t)(u % DAY);
    uint32_t delta = delivery_delta(&calendar->day[i], sod, (uint32_t)cutoff);
    if (delta) {
      *out = date_at(calendar, i + delta);
      return SSVC_OK;
    }
  }
  return delivery_slow(ctx, fn, calendar, out, instant, cutoff);
}

int ssvc_calendar_delivery(ssvc_ctx *ctx, const ssvc_calendar *calendar, ssvc_date *out,
                           int64_t instant) {
  return delivery(ctx, "ssvc_calendar_delivery", calendar, out, instant,
                  calendar ? calendar->cutoff : 0);
}

int ssvc_calendar_delivery_batch(ssvc_ctx *ctx, const ssvc_calendar *calendar, ssvc_date *out,
                                 const int64_t *instants, size_t count) {
  static const char fn[] = "ssvc_calendar_delivery_batch";
  int rc = check_query(ctx, fn, calendar, out);
  if (rc) return rc;
  if (!instants && count)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: instants must not be NULL", fn);
  /* The fast path of delivery(), with the calendar's fields held in registers. */
  const struct day *day = calendar->day;
  const uint32_t cut = (uint32_t)calendar->cutoff;
  size_t i = 0;
  for (; i < count; i++) {
    uint64_t u = (uint64_t)instants[i] - (uint64_t)T_MIN;
    if (u >= (uint64_t)(T_MAX - T_MIN)) break;
    u += (uint64_t)(T_MIN - T_BASE);
    uint32_t d = (uint32_t)(u / DAY), sod = (uint32_t)(u % DAY);
    uint32_t delta = delivery_delta(&day[d], sod, cut);
    if (!delta) break;
    const struct day *e = &day[d + delta];
    out[i].year = (int)(e->info & I_YEAR_MASK) + 1899;
    out[i].month = e->month;
    out[i].day = e->mday;
  }
  for (; i < count; i++) { /* from the first instant the fast path does not answer */
    if ((rc = delivery(ctx, fn, calendar, &out[i], instants[i], calendar->cutoff))) {
      /* Name the index: "fn: instants[i]: <what the single call said, after its fn: >". */
      char inner[SSVC_ERRMSG_MAX];
      snprintf(inner, sizeof inner, "%s", ctx ? ssvc_ctx_errmsg(ctx) + sizeof fn + 1 : "");
      return ssvc__err(ctx, rc, "%s: instants[%zu]: %s", fn, i, inner);
    }
  }
  return SSVC_OK;
}

int ssvc_calendar_delivery_cutoff(ssvc_ctx *ctx, const ssvc_calendar *calendar, ssvc_date *out,
                                  int64_t instant, int cutoff_seconds) {
  static const char fn[] = "ssvc_calendar_delivery_cutoff";
  int cut = 0, rc = check_query(ctx, fn, calendar, out);
  if (rc || (rc = cutoff_arg(ctx, fn, calendar, cutoff_seconds, &cut))) return rc;
  return delivery(ctx, fn, calendar, out, instant, cut);
}

int ssvc_calendar_return_deadline(ssvc_ctx *ctx, const ssvc_calendar *calendar, ssvc_date *out,
                                  const ssvc_date *delivery) {
  static const char fn[] = "ssvc_calendar_return_deadline";
  int32_t idx;
  int rc = check_query(ctx, fn, calendar, out);
  if (rc || (rc = day_index(ctx, fn, "delivery", delivery, &idx))) return rc;
  return result_at(ctx, fn, calendar, out, add_working(calendar, idx, calendar->return_days), 1);
}

/* ---------------------------------------------------------------------------------------------
 * Holiday lists.
 */

struct holiday_entry {
  ssvc_date date;
  int holiday;
  int working;
};

struct ssvc_holiday_list {
  ssvc_ctx *ctx;
  size_t count;
  struct holiday_entry entries[];
};

int ssvc_calendar_holidays(ssvc_ctx *ctx, const ssvc_calendar *calendar, ssvc_holiday_list **out,
                           int year) {
  static const char fn[] = "ssvc_calendar_holidays";
  if (out) *out = NULL;
  if (!ctx) return SSVC_EINVAL;
  int rc = check_query(ctx, fn, calendar, out);
  if (rc || (rc = check_year(ctx, fn, "year", year))) return rc;
  struct hday h[YEAR_HOLIDAYS_MAX];
  size_t n = (size_t)year_holidays(year, calendar->open_eves, h);
  int32_t first = (int32_t)(days_from_civil(year, 1, 1) - DAY_BASE);
  int32_t last = (int32_t)(days_from_civil(year, 12, 31) - DAY_BASE);
  size_t nextra = 0;
  for (size_t k = 0; k < calendar->nclosed; k++)
    nextra += calendar->closed[k] >= first && calendar->closed[k] <= last;
  ssvc_holiday_list *list =
      ssvc__malloc(ctx, sizeof *list + (n + nextra) * sizeof(struct holiday_entry));
  if (!list) return SSVC_ENOMEM;
  list->ctx = ctx;
  list->count = 0;
  /* Merge the rule days with the agreement's closed days (both sorted); on one date the rule
   * day comes first, as its number is lower than SSVC_HOLIDAY_EXTRA_CLOSED. */
  size_t a = 0, b = 0;
  while (b < calendar->nclosed && calendar->closed[b] < first) b++;
  while (a < n || (b < calendar->nclosed && calendar->closed[b] <= last)) {
    int32_t idx;
    int id;
    if (a < n && (b >= calendar->nclosed || calendar->closed[b] > last ||
                  h[a].days - DAY_BASE <= calendar->closed[b])) {
      idx = (int32_t)(h[a].days - DAY_BASE);
      id = h[a++].id;
    } else {
      idx = calendar->closed[b++];
      id = SSVC_HOLIDAY_EXTRA_CLOSED;
    }
    struct holiday_entry *e = &list->entries[list->count++];
    e->date = date_at(calendar, (uint32_t)idx);
    e->holiday = id;
    e->working = (INFO(calendar, idx) & I_WORKING) != 0;
  }
  *out = list;
  return SSVC_OK;
}

void ssvc_holiday_list_free(ssvc_holiday_list *list) {
  if (list) ssvc__free(list->ctx, list);
}

size_t ssvc_holiday_list_count(const ssvc_holiday_list *list) { return list ? list->count : 0; }

int ssvc_holiday_list_get(const ssvc_holiday_list *list, size_t index, ssvc_date *date,
                          int *holiday) {
  if (!list) return SSVC_EINVAL;
  if (index >= list->count)
    return ssvc__err(list->ctx, SSVC_ERANGE,
                     "ssvc_holiday_list_get: index %zu is not below the count %zu", index,
                     list->count);
  if (date) *date = list->entries[index].date;
  if (holiday) *holiday = list->entries[index].holiday;
  return SSVC_OK;
}

int ssvc_holiday_list_is_working(const ssvc_holiday_list *list, size_t index) {
  return list && index < list->count ? list->entries[index].working : 0;
}
