/* The Swedish holidays and closed eves of a year, by rule (doc/calendar.md). */
#ifndef SSVC_HOLIDAYS_H
#define SSVC_HOLIDAYS_H

#include <stdint.h>

/* One holiday: its day number and its ssvc_holiday. */
struct ssvc__hday {
  int64_t days;
  int id;
};

/* The most holidays and eves a year has. */
#define SSVC__YEAR_HOLIDAYS_MAX 17

/* The holidays and the eves not in @p open_eves (ssvc_eve bits) of year @p y, sorted by date then
 * id; returns how many. */
int ssvc__year_holidays(int y, unsigned open_eves, struct ssvc__hday out[SSVC__YEAR_HOLIDAYS_MAX]);

#endif
