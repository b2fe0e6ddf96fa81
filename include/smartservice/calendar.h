/**
 * @file smartservice/calendar.h
 * @brief Dates, the Swedish working-day calendar, Stockholm local time and delivery dates (R7).
 *
 * Three parts:
 * - civil-date helpers on ::ssvc_date (pure functions, any thread);
 * - Stockholm local time computed in the library from the EU summer-time rule, never from the
 *   host's time-zone database, and the parsing of RFC 3339 instants;
 * - ::ssvc_calendar, the working-day calendar of the Support Center and the carrier: Swedish public
 *   holidays (law 1989:253 with its 2005 change), the closed eves, extra closed and open days per
 *   agreement, and the delivery rule R7 with its cut-off.
 *
 * The calendar covers the years 1900-2199; dates outside give SSVC_ERANGE, impossible dates
 * (2026-02-30, month 13) SSVC_EINVAL. The rules and the decisions behind them are in
 * doc/calendar.md.
 *
 * Threads: a calendar is configured (ssvc_calendar_new(), ssvc_calendar_add_closed(),
 * ssvc_calendar_add_open()) by one thread; after that it is read-only and any number of threads
 * may query it at once. Every query takes the context that receives its error message, so that
 * each thread reports to its own context; that context may be NULL when only the status is wanted.
 */
#ifndef SMARTSERVICE_CALENDAR_H
#define SMARTSERVICE_CALENDAR_H

#include "context.h"

SSVC_BEGIN_DECLS

/** @name Civil dates
 * Proleptic Gregorian calendar. These functions accept the years 1-9999.
 * @{ */

/** First year the working-day calendar and Stockholm time cover. */
#define SSVC_CALENDAR_YEAR_MIN 1900
/** Last year the working-day calendar and Stockholm time cover. */
#define SSVC_CALENDAR_YEAR_MAX 2199

/** 1 when @p date is a real day of the years 1-9999 (2024-02-29 yes, 2026-02-30 no); else 0.
 *  NULL gives 0. */
SSVC_API int ssvc_date_is_valid(const ssvc_date *date);

/**
 * Parses exactly "YYYY-MM-DD" (four-digit year, two-digit month and day, nothing before or after).
 * @param ctx       receives the error message; may be NULL.
 * @param[out] out  the date; untouched on failure.
 * @param text      NUL-terminated text.
 * @return SSVC_OK; SSVC_EINVAL when @p out or @p text is NULL; SSVC_EPARSE when the text is not
 *         of that form or names no real day (2026-02-30); the message gives the column, e.g.
 *         "ssvc_date_parse: text: column 6: month 13 is not 01-12".
 */
SSVC_API int ssvc_date_parse(ssvc_ctx *ctx, ssvc_date *out, const char *text);

/**
 * Parses a whole number written as decimal digits only: no sign, no space, no "0x", nothing
 * before or after (leading zeros are allowed). The library's one number reader: the command-line
 * tool reads every number of its options and of SSVC_NOW with it, as it reads every date with
 * ssvc_date_parse() (doc/conventions.md "Dates and numbers as text").
 * @param ctx       receives the error message; may be NULL.
 * @param[out] out  the number; untouched on failure.
 * @param text      NUL-terminated text.
 * @param max       the largest number accepted.
 * @return SSVC_OK; SSVC_EINVAL when @p out or @p text is NULL; SSVC_EPARSE when a character is not
 *         a digit, the message giving its column ("ssvc_uint_parse: text: column 1: expected a
 *         digit (got '+')"); SSVC_ERANGE when the number is over @p max
 *         ("ssvc_uint_parse: text: 4294967296 is over 4294967295").
 */
SSVC_API int ssvc_uint_parse(ssvc_ctx *ctx, uint64_t *out, const char *text, uint64_t max);

/**
 * Formats @p date as "YYYY-MM-DD". Writes at most @p size bytes including the NUL and returns the
 * length the full text needs (like snprintf). An invalid or NULL date gives "" and 0.
 */
SSVC_API size_t ssvc_date_format(char *buf, size_t size, const ssvc_date *date);

/** ISO day of the week: 1 Monday ... 7 Sunday; 0 for an invalid or NULL date. */
SSVC_API int ssvc_date_weekday(const ssvc_date *date);

/**
 * Days from 1970-01-01 to @p date (negative before). @p date must be valid
 * (ssvc_date_is_valid()); an invalid or NULL date gives INT64_MIN.
 */
SSVC_API int64_t ssvc_date_to_days(const ssvc_date *date);

/**
 * The date @p days after 1970-01-01 (before it when negative).
 * @return SSVC_OK; SSVC_EINVAL when @p out is NULL; SSVC_ERANGE when the date is outside the
 *         years 1-9999 (@p out untouched).
 */
SSVC_API int ssvc_date_from_days(ssvc_date *out, int64_t days);
/** @} */

/** @name Stockholm local time
 * Central European Time (UTC+1), and summer time (UTC+2) from 01:00 UTC on the last Sunday of
 * March to 01:00 UTC on the last Sunday of October; from 1980 to 1995 summer time ended on the
 * last Sunday of September, and in 1980 it began on the first Sunday of April (6 April). There is
 * no summer time before 1980. Instants are Unix seconds (UTC).
 * @{ */

/** A Stockholm local date and time of day, with the offset in force. Plain data. */
typedef struct ssvc_local_time {
  ssvc_date date;  /**< Local date. */
  int hour;        /**< 0-23. */
  int minute;      /**< 0-59. */
  int second;      /**< 0-59. */
  int utc_offset;  /**< Seconds east of UTC: 3600 (CET) or 7200 (CEST). */
} ssvc_local_time;

/** The Stockholm offset from UTC at @p instant in seconds: 3600 or 7200. Any instant; beyond the
 *  years 1-9999 it is 3600. */
SSVC_API int ssvc_stockholm_offset(int64_t instant);

/**
 * Converts an instant to Stockholm local time.
 * @param ctx       receives the error message; may be NULL.
 * @param[out] out  the local time; untouched on failure.
 * @return SSVC_OK; SSVC_EINVAL when @p out is NULL; SSVC_ERANGE when the local date is outside
 *         the years 1900-2199.
 */
SSVC_API int ssvc_stockholm_from_instant(ssvc_ctx *ctx, ssvc_local_time *out, int64_t instant);

/**
 * Converts a Stockholm local date and time of day to an instant.
 *
 * A time in the spring-forward gap (02:00:00-02:59:59 on the day summer time begins) does not
 * exist; it is read with the offset in force before the gap, which moves it forward by one hour
 * (02:30 gives the instant shown as 03:30 CEST). A time in the autumn fold (02:00:00-02:59:59 on
 * the day summer time ends) exists twice; the earlier instant, still in summer time, is taken.
 *
 * @param ctx       receives the error message; may be NULL.
 * @param[out] out  the instant; untouched on failure.
 * @return SSVC_OK; SSVC_EINVAL when a pointer is NULL, the date is invalid or the time of day is
 *         outside 00:00:00-23:59:59; SSVC_ERANGE when the year is outside 1900-2199.
 */
SSVC_API int ssvc_stockholm_to_instant(ssvc_ctx *ctx, int64_t *out, const ssvc_date *date,
                                       int hour, int minute, int second);

/**
 * Parses an instant: RFC 3339 with an offset ("2026-12-23T13:59:00Z", "2026-12-23T14:05:00+01:00")
 * or a Stockholm local time without one ("2026-12-23T13:59:00"). The separator may be 'T', 't' or
 * a space, the zone 'Z' or 'z'; the seconds may be left out ("13:59") and a fraction of a second
 * is accepted and dropped. A local time in the summer-time gap or fold is read as
 * ssvc_stockholm_to_instant() describes. Leap seconds (:60) are refused.
 *
 * @param ctx       receives the error message; may be NULL.
 * @param[out] out  the instant; untouched on failure.
 * @return SSVC_OK; SSVC_EINVAL when a pointer is NULL; SSVC_EPARSE for malformed text or an
 *         impossible date or time, the message naming the column ("ssvc_instant_parse: text:
 *         column 15: minute 61 is not 00-59"); SSVC_ERANGE when the year is outside 1900-2199.
 */
SSVC_API int ssvc_instant_parse(ssvc_ctx *ctx, int64_t *out, const char *text);

/**
 * Formats @p instant as Stockholm local time in RFC 3339 with its offset, e.g.
 * "2026-12-23T13:59:00+01:00". Writes at most @p size bytes including the NUL and returns the
 * length the full text needs (like snprintf). Instants whose local date is outside the years
 * 1-9999 give "" and 0.
 */
SSVC_API size_t ssvc_instant_format(char *buf, size_t size, int64_t instant);
/** @} */

/** @name Holidays
 * @{ */

/**
 * The days the calendar closes for, by rule or agreement. Public holidays (allmänna helgdagar)
 * follow the law on public holidays (1989:253): annandag pingst up to and including 2004, Sveriges
 * nationaldag from 2005. Eves are not public holidays but the Support Center and the carrier are
 * closed on them unless the calendar's options open them. The numbers are stable; the names are
 * given by ssvc_holiday_name().
 */
typedef enum ssvc_holiday {
  SSVC_HOLIDAY_NEW_YEARS_DAY = 1,   /**< Nyårsdagen, 1 January. */
  SSVC_HOLIDAY_EPIPHANY = 2,        /**< Trettondedag jul, 6 January. */
  SSVC_HOLIDAY_GOOD_FRIDAY = 3,     /**< Långfredagen, Easter Sunday - 2. */
  SSVC_HOLIDAY_EASTER_SUNDAY = 4,   /**< Påskdagen (Gregorian computus). */
  SSVC_HOLIDAY_EASTER_MONDAY = 5,   /**< Annandag påsk, Easter Sunday + 1. */
  SSVC_HOLIDAY_MAY_DAY = 6,         /**< Första maj, 1 May. */
  SSVC_HOLIDAY_ASCENSION_DAY = 7,   /**< Kristi himmelsfärdsdag, Easter Sunday + 39. */
  SSVC_HOLIDAY_WHIT_SUNDAY = 8,     /**< Pingstdagen, Easter Sunday + 49. */
  SSVC_HOLIDAY_WHIT_MONDAY = 9,     /**< Annandag pingst, Easter Sunday + 50; up to 2004. */
  SSVC_HOLIDAY_NATIONAL_DAY = 10,   /**< Sveriges nationaldag, 6 June; from 2005. */
  SSVC_HOLIDAY_MIDSUMMER_EVE = 11,  /**< Midsommarafton, the Friday 19-25 June (closed eve). */
  SSVC_HOLIDAY_MIDSUMMER_DAY = 12,  /**< Midsommardagen, the Saturday 20-26 June. */
  SSVC_HOLIDAY_ALL_SAINTS_DAY = 13, /**< Alla helgons dag, the Saturday 31 October-6 November. */
  SSVC_HOLIDAY_CHRISTMAS_EVE = 14,  /**< Julafton, 24 December (closed eve). */
  SSVC_HOLIDAY_CHRISTMAS_DAY = 15,  /**< Juldagen, 25 December. */
  SSVC_HOLIDAY_BOXING_DAY = 16,     /**< Annandag jul, 26 December. */
  SSVC_HOLIDAY_NEW_YEARS_EVE = 17,  /**< Nyårsafton, 31 December (closed eve). */
  SSVC_HOLIDAY_EXTRA_CLOSED = 18    /**< A day closed by agreement (ssvc_calendar_add_closed()). */
} ssvc_holiday;

/**
 * The name of a holiday: Swedish as in the law, capitalised ("Annandag påsk"), or English
 * ("Easter Monday"). NULL for an unknown holiday or language. Static storage.
 */
SSVC_API const char *ssvc_holiday_name(int holiday, int lang);

/** 1 when @p holiday is one of the closed eves (midsommarafton, julafton, nyårsafton); else 0. */
SSVC_API int ssvc_holiday_is_eve(int holiday);
/** @} */

/** @name The working-day calendar
 * @{ */

/** A working-day calendar. Create with ssvc_calendar_new(), release with ssvc_calendar_free(). */
typedef struct ssvc_calendar ssvc_calendar;

/** Bits for ssvc_calendar_options::open_eves: eves that are working days. */
typedef enum ssvc_eve {
  SSVC_EVE_MIDSUMMER = 1u << 0, /**< Midsommarafton. */
  SSVC_EVE_CHRISTMAS = 1u << 1, /**< Julafton. */
  SSVC_EVE_NEW_YEAR = 1u << 2   /**< Nyårsafton. */
} ssvc_eve;

/** Every eve bit. */
#define SSVC_EVE_ALL 0x7u

/** Default registration cut-off: 14:00:00 Stockholm time, in seconds after midnight. */
#define SSVC_CALENDAR_DEFAULT_CUTOFF 50400
/** Default return deadline for the faulty phone: working days after delivery. */
#define SSVC_CALENDAR_DEFAULT_RETURN_DAYS 10
/** Largest return deadline accepted, in working days. */
#define SSVC_CALENDAR_MAX_RETURN_DAYS 1000

/** Current version of struct ssvc_calendar_options. */
#define SSVC_CALENDAR_OPTIONS_VERSION 1

/** Options for ssvc_calendar_new(). Fields left zero take their defaults. */
typedef struct ssvc_calendar_options {
  unsigned int version; /**< SSVC_CALENDAR_OPTIONS_VERSION. */
  /** Eves that are working days: a bitwise OR of ::ssvc_eve. 0 (default): all three closed. */
  unsigned int open_eves;
  /**
   * Registration cut-off in Stockholm local seconds after midnight, 1-86400; a registration at
   * or after it counts on the next working day. 0: SSVC_CALENDAR_DEFAULT_CUTOFF (14:00:00).
   * 86400 means no cut-off within the day.
   */
  int cutoff_seconds;
  /** Return deadline in working days after delivery, 1-SSVC_CALENDAR_MAX_RETURN_DAYS.
   *  0: SSVC_CALENDAR_DEFAULT_RETURN_DAYS. */
  int return_days;
} ssvc_calendar_options;

/** Static initializer: version set, every option at its default. */
#define SSVC_CALENDAR_OPTIONS_INIT {SSVC_CALENDAR_OPTIONS_VERSION, 0u, 0, 0}

/**
 * Zeroes @p options and sets its version. SSVC_EINVAL for NULL; SSVC_EVERSION for a version of 0
 * or newer than SSVC_CALENDAR_OPTIONS_VERSION (the struct is then left untouched).
 */
SSVC_API int ssvc_calendar_options_init(ssvc_calendar_options *options, unsigned int version);

/**
 * Creates a calendar for 1900-2199 and computes its tables (about 900 KiB, built in a few
 * milliseconds), so that every query afterwards takes constant time. The tables depend on the
 * open eves and the days added by agreement, not on the cut-off: agreements that differ only in
 * their cut-off can share one calendar through ssvc_calendar_delivery_cutoff().
 *
 * @param ctx       the context whose allocator the calendar uses and that receives errors of
 *                  ssvc_calendar_add_closed() and ssvc_calendar_add_open(); must outlive the
 *                  calendar.
 * @param[out] out  receives the calendar, owned by the caller; NULL on failure.
 * @param options   NULL for all defaults; otherwise read during the call only.
 * @return SSVC_OK; SSVC_EINVAL when @p ctx or @p out is NULL or an option is out of its range
 *         (message names it); SSVC_EVERSION; SSVC_ENOMEM.
 */
SSVC_API int ssvc_calendar_new(ssvc_ctx *ctx, ssvc_calendar **out,
                               const ssvc_calendar_options *options);

/** Releases a calendar. NULL is accepted. */
SSVC_API void ssvc_calendar_free(ssvc_calendar *calendar);

/**
 * Closes a day by agreement (a carrier strike, a company day off): it is not a working day and
 * appears in ssvc_calendar_holidays() as SSVC_HOLIDAY_EXTRA_CLOSED. Not thread-safe: call before
 * the calendar is shared. Errors go to the calendar's context.
 * @return SSVC_OK; SSVC_EINVAL for a NULL argument or an invalid date; SSVC_ERANGE for a year
 *         outside 1900-2199; SSVC_EEXISTS when the day is already closed or opened by agreement;
 *         SSVC_ENOMEM. On failure the calendar is unchanged.
 */
SSVC_API int ssvc_calendar_add_closed(ssvc_calendar *calendar, const ssvc_date *day);

/**
 * Opens a day by agreement: it is a working day even when it is a weekend day, a public holiday
 * or a closed eve (a Saturday opening). Not thread-safe: call before the calendar is shared.
 * @return as ssvc_calendar_add_closed().
 */
SSVC_API int ssvc_calendar_add_open(ssvc_calendar *calendar, const ssvc_date *day);

/** The registration cut-off in seconds after midnight (see ssvc_calendar_options); 0 for NULL. */
SSVC_API int ssvc_calendar_cutoff(const ssvc_calendar *calendar);

/** The return deadline in working days (see ssvc_calendar_options); 0 for NULL. */
SSVC_API int ssvc_calendar_return_days(const ssvc_calendar *calendar);

/**
 * Whether @p day is a working day: Monday to Friday, not a public holiday, not a closed eve, not
 * closed by agreement; or opened by agreement.
 * @param ctx        receives the error message; may be NULL.
 * @param[out] out   1 for a working day, 0 otherwise; untouched on failure.
 * @return SSVC_OK; SSVC_EINVAL for a NULL calendar, out or day, or an invalid date; SSVC_ERANGE
 *         for a year outside 1900-2199.
 */
SSVC_API int ssvc_calendar_is_working_day(ssvc_ctx *ctx, const ssvc_calendar *calendar, int *out,
                                          const ssvc_date *day);

/**
 * The first working day after @p day (@p day itself not included).
 * @return as ssvc_calendar_is_working_day(); also SSVC_ERANGE when the answer would be after
 *         2199-12-31.
 */
SSVC_API int ssvc_calendar_next_working_day(ssvc_ctx *ctx, const ssvc_calendar *calendar,
                                            ssvc_date *out, const ssvc_date *day);

/**
 * The last working day before @p day (@p day itself not included).
 * @return as ssvc_calendar_is_working_day(); also SSVC_ERANGE when the answer would be before
 *         1900-01-01.
 */
SSVC_API int ssvc_calendar_previous_working_day(ssvc_ctx *ctx, const ssvc_calendar *calendar,
                                                ssvc_date *out, const ssvc_date *day);

/**
 * Adds @p n working days to @p day: for n > 0 the n-th working day after @p day, for n < 0 the
 * |n|-th working day before it, for n = 0 @p day itself (working day or not). @p day need not be
 * a working day: adding 1 to a Saturday gives the next working day.
 * @return as ssvc_calendar_is_working_day(); also SSVC_ERANGE when the answer would be outside
 *         1900-2199.
 */
SSVC_API int ssvc_calendar_add_working_days(ssvc_ctx *ctx, const ssvc_calendar *calendar,
                                            ssvc_date *out, const ssvc_date *day, int n);

/**
 * Counts the working days d with @p from <= d < @p to (half open, so consecutive ranges add up);
 * when @p to is before @p from the count is negative: -(the count from @p to to @p from).
 * @return as ssvc_calendar_is_working_day().
 */
SSVC_API int ssvc_calendar_count_working_days(ssvc_ctx *ctx, const ssvc_calendar *calendar,
                                              int *out, const ssvc_date *from,
                                              const ssvc_date *to);

/**
 * The day a registration at @p instant counts on (rule R7): its Stockholm local date when that is
 * a working day and the local time is before the cut-off, otherwise the next working day.
 * @return SSVC_OK; SSVC_EINVAL for a NULL calendar or out; SSVC_ERANGE when the local date is
 *         outside 1900-2199 or the answer would be after 2199-12-31.
 */
SSVC_API int ssvc_calendar_counts_on(ssvc_ctx *ctx, const ssvc_calendar *calendar, ssvc_date *out,
                                     int64_t instant);

/**
 * The delivery date of a replacement phone for a case registered at @p instant (rule R7): the
 * next working day after the day the registration counts on (ssvc_calendar_counts_on()).
 * Constant time; safe to call from many threads on one calendar.
 * @return as ssvc_calendar_counts_on().
 */
SSVC_API int ssvc_calendar_delivery(ssvc_ctx *ctx, const ssvc_calendar *calendar, ssvc_date *out,
                                    int64_t instant);

/**
 * ssvc_calendar_delivery() for each of @p count instants: out[i] is the delivery date of a case
 * registered at instants[i]. For reports and recomputations over many cases; the loop stays in
 * the library.
 * @param[out] out  room for @p count dates.
 * @return SSVC_OK; SSVC_EINVAL for a NULL calendar or out, or NULL instants with a count;
 *         SSVC_ERANGE for the first instant that ssvc_calendar_delivery() refuses, the message
 *         naming its index ("ssvc_calendar_delivery_batch: instants[7]: instant: ... is outside
 *         the years 1900-2199 (Stockholm time)"). Then out[0] to out[index - 1] hold their dates
 *         and the rest of @p out is untouched.
 */
SSVC_API int ssvc_calendar_delivery_batch(ssvc_ctx *ctx, const ssvc_calendar *calendar,
                                          ssvc_date *out, const int64_t *instants, size_t count);

/**
 * As ssvc_calendar_counts_on(), with the cut-off of an agreement instead of the calendar's, so that
 * agreements that differ only in their cut-off can share one calendar.
 * @param cutoff_seconds  Stockholm local seconds after midnight, 1-86400; 0 for the calendar's.
 * @return as ssvc_calendar_counts_on(); also SSVC_EINVAL for a cut-off outside 0-86400.
 */
SSVC_API int ssvc_calendar_counts_on_cutoff(ssvc_ctx *ctx, const ssvc_calendar *calendar,
                                            ssvc_date *out, int64_t instant, int cutoff_seconds);

/**
 * The delivery date of a replacement phone shipped at @p shipped for a case registered at
 * @p registered (rule R7 as the SWAP pool applies it): the next working day after the later of
 * the day the registration counts on and the Stockholm date of shipping. Shipped on the day the
 * registration counts on (or before), it is ssvc_calendar_delivery() of the registration: the
 * promise. Shipped later, it is later, and the promise is missed.
 * @return as ssvc_calendar_counts_on(), for either instant.
 */
SSVC_API int ssvc_calendar_delivery_shipped(ssvc_ctx *ctx, const ssvc_calendar *calendar,
                                            ssvc_date *out, int64_t registered, int64_t shipped);

/**
 * As ssvc_calendar_delivery(), with the cut-off of an agreement instead of the calendar's, so that
 * agreements that differ only in their cut-off can share one calendar. Constant time.
 * @param cutoff_seconds  Stockholm local seconds after midnight, 1-86400; 0 for the calendar's.
 * @return as ssvc_calendar_delivery(); also SSVC_EINVAL for a cut-off outside 0-86400.
 */
SSVC_API int ssvc_calendar_delivery_cutoff(ssvc_ctx *ctx, const ssvc_calendar *calendar,
                                           ssvc_date *out, int64_t instant, int cutoff_seconds);

/**
 * The return deadline of the faulty phone: ssvc_calendar_return_days() working days after
 * @p delivery.
 * @return as ssvc_calendar_add_working_days().
 */
SSVC_API int ssvc_calendar_return_deadline(ssvc_ctx *ctx, const ssvc_calendar *calendar,
                                           ssvc_date *out, const ssvc_date *delivery);

/** The holidays and closed days of one year, from ssvc_calendar_holidays(). */
typedef struct ssvc_holiday_list ssvc_holiday_list;

/**
 * Lists the public holidays, the closed eves (those not opened by the options) and the days
 * closed by agreement of @p year, sorted by date and, on one date, by ::ssvc_holiday number (in
 * 2008 första maj and Kristi himmelsfärdsdag share 1 May: both are listed). Ordinary Sundays are
 * not listed. A day opened by agreement stays listed; ssvc_holiday_list_is_working() tells.
 *
 * @param ctx       allocates the list and receives its errors (this call's and those of
 *                  ssvc_holiday_list_get()); must outlive the list.
 * @param[out] out  receives the list, owned by the caller; NULL on failure.
 * @return SSVC_OK; SSVC_EINVAL for a NULL argument; SSVC_ERANGE for a year outside 1900-2199;
 *         SSVC_ENOMEM.
 */
SSVC_API int ssvc_calendar_holidays(ssvc_ctx *ctx, const ssvc_calendar *calendar,
                                    ssvc_holiday_list **out, int year);

/** Releases a list. NULL is accepted. */
SSVC_API void ssvc_holiday_list_free(ssvc_holiday_list *list);

/** Number of entries in @p list; 0 for NULL. */
SSVC_API size_t ssvc_holiday_list_count(const ssvc_holiday_list *list);

/**
 * Entry @p index of @p list.
 * @param[out] date     its date (may be NULL).
 * @param[out] holiday  its ::ssvc_holiday (may be NULL).
 * @return SSVC_OK; SSVC_EINVAL for a NULL list; SSVC_ERANGE when @p index >= the count.
 */
SSVC_API int ssvc_holiday_list_get(const ssvc_holiday_list *list, size_t index, ssvc_date *date,
                                   int *holiday);

/** 1 when entry @p index is nevertheless a working day (opened by agreement); 0 otherwise and
 *  for a NULL list or an index out of range. */
SSVC_API int ssvc_holiday_list_is_working(const ssvc_holiday_list *list, size_t index);
/** @} */

SSVC_END_DECLS

#endif /* SMARTSERVICE_CALENDAR_H */
