/* civil_date: the civil-date arithmetic (civil_date.h) and the public ssvc_date functions. */
#include <stdio.h>

#include "civil_date.h"
#include "internal.h"
#include "smartservice/calendar.h"

int64_t ssvc__floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int64_t ssvc__days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  int64_t era = ssvc__floor_div(y, 400);
  int64_t yoe = y - era * 400;                                        /* [0, 399] */
  int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;      /* [0, 365] */
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                /* [0, 146096] */
  return era * 146097 + doe - 719468;
}

void ssvc__civil_from_days(int64_t z, int64_t *y, int *m, int *d) {
  z += 719468;
  int64_t era = ssvc__floor_div(z, 146097);
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

/* ISO weekday of a day number: 1 Monday ... 7 Sunday (1970-01-01 was a Thursday). */
int ssvc__weekday_of(int64_t z) { return (int)((z % 7 + 7 + 3) % 7) + 1; }

int ssvc__leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int ssvc__days_in_month(int64_t y, int m) {
  static const unsigned char n[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && ssvc__leap(y) ? 29 : n[m - 1];
}

int ssvc__date_ok(const ssvc_date *d) {
  return d && d->year >= 1 && d->year <= 9999 && d->month >= 1 && d->month <= 12 && d->day >= 1 &&
         d->day <= ssvc__days_in_month(d->year, d->month);
}

int ssvc_date_is_valid(const ssvc_date *date) { return ssvc__date_ok(date); }

int64_t ssvc_date_to_days(const ssvc_date *date) {
  if (!ssvc__date_ok(date)) return INT64_MIN;
  return ssvc__days_from_civil(date->year, date->month, date->day);
}


int ssvc_date_from_days(ssvc_date *out, int64_t days) {
  if (!out) return SSVC_EINVAL;
  if (days < SSVC__DAYS_MIN || days > SSVC__DAYS_MAX) return SSVC_ERANGE;
  int64_t y;
  int m, d;
  ssvc__civil_from_days(days, &y, &m, &d);
  out->year = (int)y;
  out->month = m;
  out->day = d;
  return SSVC_OK;
}

int ssvc_date_weekday(const ssvc_date *date) {
  return ssvc__date_ok(date)
             ? ssvc__weekday_of(ssvc__days_from_civil(date->year, date->month, date->day))
             : 0;
}

size_t ssvc_date_format(char *buf, size_t size, const ssvc_date *date) {
  if (!ssvc__date_ok(date)) {
    if (buf && size) buf[0] = '\0';
    return 0;
  }
  int n = snprintf(buf, size, "%04d-%02d-%02d", date->year, date->month, date->day);
  return n < 0 ? 0 : (size_t)n;
}


int ssvc__date_cmp(ssvc_date a, ssvc_date b) {
  if (a.year != b.year) return a.year < b.year ? -1 : 1;
  if (a.month != b.month) return a.month < b.month ? -1 : 1;
  if (a.day != b.day) return a.day < b.day ? -1 : 1;
  return 0;
}

int ssvc__year_of(int64_t t) {
  int64_t y;
  int m, d;
  if (t < (int64_t)SSVC__DAYS_MIN * 86400) return -1;
  if (t >= ((int64_t)SSVC__DAYS_MAX + 1) * 86400) return 10000;
  ssvc__civil_from_days(ssvc__floor_div(t, 86400), &y, &m, &d);
  return (int)y;
}

uint64_t ssvc__date_code(ssvc_date d) {
  return d.year ? (uint64_t)d.year * 10000 + (uint64_t)d.month * 100 + (uint64_t)d.day : 0;
}

ssvc_date ssvc__date_from_code(uint64_t v) {
  ssvc_date d = {0, 0, 0};
  if (v && v <= 99991231) {
    d.year = (int)(v / 10000);
    d.month = (int)(v / 100 % 100);
    d.day = (int)(v % 100);
  }
  return d;
}
