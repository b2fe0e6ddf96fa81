/* stockholm: Stockholm local time from and to instants (stockholm.h, calendar.h). The rules are
 * in doc/calendar.md. */
#include "civil_date.h"
#include "internal.h"
#include "smartservice/calendar.h"
#include "stockholm.h"

int ssvc__dst_bounds(int64_t y, int64_t *start, int64_t *end) {
  if (y < 1980) return 0;
  int64_t s;
  if (y == 1980) { /* the first Sunday of April, 6 April 1980 */
    int64_t apr1 = ssvc__days_from_civil(y, 4, 1);
    s = apr1 + (7 - ssvc__weekday_of(apr1)) % 7;
  } else { /* the last Sunday of March */
    int64_t mar31 = ssvc__days_from_civil(y, 3, 31);
    s = mar31 - ssvc__weekday_of(mar31) % 7;
  }
  int64_t last = y <= 1995 ? ssvc__days_from_civil(y, 9, 30) : ssvc__days_from_civil(y, 10, 31);
  int64_t e = last - ssvc__weekday_of(last) % 7;
  *start = s * DAY + HOUR; /* 01:00 UTC */
  *end = e * DAY + HOUR;
  return 1;
}

int ssvc_stockholm_offset(int64_t instant) {
  /* Beyond the years 1-9999 the arithmetic below could overflow: winter time there. */
  if (instant < (int64_t)SSVC__DAYS_MIN * DAY || instant >= ((int64_t)SSVC__DAYS_MAX + 1) * DAY)
    return HOUR;
  int64_t y, s, e;
  int m, d;
  ssvc__civil_from_days(ssvc__floor_div(instant, DAY), &y, &m, &d);
  return ssvc__dst_bounds(y, &s, &e) && instant >= s && instant < e ? 2 * HOUR : HOUR;
}

int64_t ssvc__local_seconds(int64_t instant, int *off) {
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
  int64_t l = ssvc__local_seconds(instant, &off), y;
  int m, d;
  ssvc__civil_from_days(ssvc__floor_div(l, DAY), &y, &m, &d);
  int64_t sod = l - ssvc__floor_div(l, DAY) * DAY;
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
int64_t ssvc__instant_of_local(int64_t local) {
  int64_t summer = local - 2 * HOUR, winter = local - HOUR;
  if (ssvc_stockholm_offset(summer) == 2 * HOUR) return summer; /* also the fold: earlier one */
  return winter; /* winter time, or the gap read with the winter offset (one hour forward) */
}

int ssvc__check_year(ssvc_ctx *ctx, const char *fn, const char *arg, int year) {
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
  if (!ssvc__date_ok(date))
    return ssvc__err(ctx, SSVC_EINVAL, "%s: date: %d-%d-%d is not a valid date", fn, date->year,
                     date->month, date->day);
  int rc = ssvc__check_year(ctx, fn, "date", date->year);
  if (rc) return rc;
  if (hour < 0 || hour > 23)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: hour must be 0-23 (got %d)", fn, hour);
  if (minute < 0 || minute > 59)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: minute must be 0-59 (got %d)", fn, minute);
  if (second < 0 || second > 59)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: second must be 0-59 (got %d)", fn, second);
  int64_t local = ssvc__days_from_civil(date->year, date->month, date->day) * DAY + hour * HOUR +
                  minute * 60 + second;
  *out = ssvc__instant_of_local(local);
  return SSVC_OK;
}
