/* Civil-date arithmetic shared by every module that counts days (calendar, cases, charges): day
 * numbers since 1970-01-01 in the proleptic Gregorian calendar, in the style of Howard Hinnant's
 * "chrono-compatible low-level date algorithms" (eras of 400 years, March-based years). One copy
 * for the library: no module keeps its own. */
#ifndef SSVC_CIVIL_DATE_H
#define SSVC_CIVIL_DATE_H

#include <stdint.h>

#include "smartservice/common.h"

/* 0001-01-01 and 9999-12-31 as day numbers: the range of ssvc_date. */
#define SSVC__DAYS_MIN (-719162)
#define SSVC__DAYS_MAX 2932896

/* a / b rounded towards minus infinity. */
int64_t ssvc__floor_div(int64_t a, int64_t b);
/* The day number of year @p y, month @p m (1-12), day @p d; any y. */
int64_t ssvc__days_from_civil(int64_t y, int m, int d);
/* The civil date of day number @p z. */
void ssvc__civil_from_days(int64_t z, int64_t *y, int *m, int *d);
/* ISO weekday of a day number: 1 Monday ... 7 Sunday. */
int ssvc__weekday_of(int64_t z);
/* 1 in a Gregorian leap year. */
int ssvc__leap(int64_t y);
/* The days of month @p m (1-12) of year @p y. */
int ssvc__days_in_month(int64_t y, int m);
/* 1 when @p d is not NULL and a real date of the years 1-9999. */
int ssvc__date_ok(const ssvc_date *d);
/* -1, 0 or 1 as @p a is before, on or after @p b (fields compared as they are). */
int ssvc__date_cmp(ssvc_date a, ssvc_date b);
/* Date codes of records: year * 10000 + month * 100 + day; 0 for an unknown date. */
uint64_t ssvc__date_code(ssvc_date d);
ssvc_date ssvc__date_from_code(uint64_t v);
/* The UTC civil year of instant @p t: -1 before the year 0, 10000 after 9999. */
int ssvc__year_of(int64_t t);

#endif
