/* holidays: the Swedish public holidays and the closed eves by rule (holidays.h, calendar.h). */
#include "civil_date.h"
#include "holidays.h"
#include "smartservice/calendar.h"
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
  return ssvc__days_from_civil(y, month, day);
}

/* The first day with ISO weekday @p wd on or after day number @p from. */
static int64_t weekday_on_or_after(int64_t from, int wd) {
  return from + (wd - ssvc__weekday_of(from) + 7) % 7;
}

int ssvc__year_holidays(int y, unsigned open_eves, struct ssvc__hday out[SSVC__YEAR_HOLIDAYS_MAX]) {
  int n = 0;
  int64_t e = easter_sunday(y);
  int64_t midsummer_eve = weekday_on_or_after(ssvc__days_from_civil(y, 6, 19), 5);
#define ADD(when, what) (out[n].days = (when), out[n].id = (what), n++)
  ADD(ssvc__days_from_civil(y, 1, 1), SSVC_HOLIDAY_NEW_YEARS_DAY);
  ADD(ssvc__days_from_civil(y, 1, 6), SSVC_HOLIDAY_EPIPHANY);
  ADD(e - 2, SSVC_HOLIDAY_GOOD_FRIDAY);
  ADD(e, SSVC_HOLIDAY_EASTER_SUNDAY);
  ADD(e + 1, SSVC_HOLIDAY_EASTER_MONDAY);
  ADD(ssvc__days_from_civil(y, 5, 1), SSVC_HOLIDAY_MAY_DAY);
  ADD(e + 39, SSVC_HOLIDAY_ASCENSION_DAY);
  ADD(e + 49, SSVC_HOLIDAY_WHIT_SUNDAY);
  if (y <= 2004) ADD(e + 50, SSVC_HOLIDAY_WHIT_MONDAY);
  else ADD(ssvc__days_from_civil(y, 6, 6), SSVC_HOLIDAY_NATIONAL_DAY);
  if (!(open_eves & SSVC_EVE_MIDSUMMER)) ADD(midsummer_eve, SSVC_HOLIDAY_MIDSUMMER_EVE);
  ADD(midsummer_eve + 1, SSVC_HOLIDAY_MIDSUMMER_DAY);
  ADD(weekday_on_or_after(ssvc__days_from_civil(y, 10, 31), 6), SSVC_HOLIDAY_ALL_SAINTS_DAY);
  if (!(open_eves & SSVC_EVE_CHRISTMAS))
    ADD(ssvc__days_from_civil(y, 12, 24), SSVC_HOLIDAY_CHRISTMAS_EVE);
  ADD(ssvc__days_from_civil(y, 12, 25), SSVC_HOLIDAY_CHRISTMAS_DAY);
  ADD(ssvc__days_from_civil(y, 12, 26), SSVC_HOLIDAY_BOXING_DAY);
  if (!(open_eves & SSVC_EVE_NEW_YEAR))
    ADD(ssvc__days_from_civil(y, 12, 31), SSVC_HOLIDAY_NEW_YEARS_EVE);
#undef ADD
  /* Insertion sort: the list is short and nearly sorted (only the Easter block moves). */
  for (int i = 1; i < n; i++) {
    struct ssvc__hday x = out[i];
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
