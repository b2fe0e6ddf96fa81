/* Stockholm local time (the EU summer-time rule since 1980, computed here, not from the host's
 * TZ) and the range of days the library's calendar answers for. Used by the calendar, the date
 * and instant texts, and the calendar table. */
#ifndef SSVC_STOCKHOLM_H
#define SSVC_STOCKHOLM_H

#include <stdint.h>

#include "smartservice/context.h"

#define DAY 86400
#define HOUR 3600

/* Table index 0 is 1899-12-31 (day number -25568); index NDAYS - 1 is 2200-01-01. */
#define DAY_BASE (-25568)
#define NDAYS 109575
#define IDX_FIRST 1           /* 1900-01-01 */
#define IDX_LAST (NDAYS - 2)  /* 2199-12-31 */
/* Instants whose Stockholm local date is 1900-01-01 ... 2199-12-31: [T_MIN, T_MAX). */
#define T_BASE ((int64_t)DAY_BASE * DAY)
#define T_MIN (T_BASE + 23 * HOUR)
#define T_MAX ((int64_t)(DAY_BASE + IDX_LAST) * DAY + 23 * HOUR)

/* Summer time of year @p y as [start, end) in Unix seconds; 0 when the year has none. */
int ssvc__dst_bounds(int64_t y, int64_t *start, int64_t *end);
/* Local seconds since 1970-01-01T00:00 local; the offset through @p off. */
int64_t ssvc__local_seconds(int64_t instant, int *off);
/* Local seconds to an instant, with the gap and fold rule of ssvc_stockholm_to_instant(). */
int64_t ssvc__instant_of_local(int64_t local);
/* SSVC_OK for a year the calendar supports; else SSVC_ERANGE "fn: arg: year Y is outside ...". */
int ssvc__check_year(ssvc_ctx *ctx, const char *fn, const char *arg, int year);

#endif
