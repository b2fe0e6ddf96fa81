/*
 * calendar: the Swedish working-day calendar and the delivery rule R7, over the civil dates
 * (civil_date.c), Stockholm time (stockholm.c) and the holidays (holidays.c). The rules and the
 * decisions behind them are in doc/calendar.md.
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

#include "civil_date.h"
#include "holidays.h"
#include "internal.h"
#include "smartservice/calendar.h"
#include "stockholm.h"

#define NWORDS ((NDAYS + 63) / 64)

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
    ssvc__civil_from_days(DAY_BASE + i, &y, &m, &d);
    memset(&c->day[i], 0, sizeof c->day[i]);
    c->day[i].info = (uint16_t)(y - 1899);
    c->day[i].month = (uint8_t)m;
    c->day[i].mday = (uint8_t)d;
  }
  for (int y = 1980; y <= SSVC_CALENDAR_YEAR_MAX; y++) {
    int64_t s, e;
    ssvc__dst_bounds(y, &s, &e);
    int32_t si = (int32_t)(s / DAY - DAY_BASE), ei = (int32_t)(e / DAY - DAY_BASE);
    INFO(c, si) |= I_SUMMER_LATE;
    for (int32_t i = si + 1; i < ei; i++) INFO(c, i) |= I_SUMMER_EARLY | I_SUMMER_LATE;
    INFO(c, ei) |= I_SUMMER_EARLY;
  }
}

/* (Re)computes everything that depends on which days are working days. Cannot fail. */
static void fill_working(ssvc_calendar *c) {
  for (int32_t i = 0; i < NDAYS; i++) {
    int wd = ssvc__weekday_of(DAY_BASE + i);
    INFO(c, i) = (uint16_t)((INFO(c, i) & (I_YEAR_MASK | I_SUMMER_EARLY | I_SUMMER_LATE)) |
                            (wd <= 5 ? I_WORKING : 0));
  }
  INFO(c, 0) &= ~I_WORKING; /* the sentinels outside the range */
  INFO(c, NDAYS - 1) &= ~I_WORKING;
  for (int y = SSVC_CALENDAR_YEAR_MIN; y <= SSVC_CALENDAR_YEAR_MAX; y++) {
    struct ssvc__hday h[SSVC__YEAR_HOLIDAYS_MAX];
    int n = ssvc__year_holidays(y, c->open_eves, h);
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
  if (!ssvc__date_ok(d))
    return ssvc__err(ctx, SSVC_EINVAL, "%s: %s: %d-%02d-%02d is not a valid date", fn, arg,
                     d->year, d->month, d->day);
  int rc = ssvc__check_year(ctx, fn, arg, d->year);
  if (rc) return rc;
  *idx = (int32_t)(ssvc__days_from_civil(d->year, d->month, d->day) - DAY_BASE);
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

int ssvc_calendar_delivery_shipped(ssvc_ctx *ctx, const ssvc_calendar *calendar, ssvc_date *out,
                                   int64_t registered, int64_t shipped) {
  static const char fn[] = "ssvc_calendar_delivery_shipped";
  int rc = check_query(ctx, fn, calendar, out);
  if (rc) return rc;
  ssvc_date counts;
  ssvc_local_time today;
  if ((rc = counts_on(ctx, fn, calendar, &counts, registered, calendar->cutoff))) return rc;
  if (shipped < T_MIN || shipped >= T_MAX) return instant_range_error(ctx, fn, shipped);
  if ((rc = ssvc_stockholm_from_instant(ctx, &today, shipped))) return rc;
  const ssvc_date *later =
      ssvc_date_to_days(&today.date) > ssvc_date_to_days(&counts) ? &today.date : &counts;
  return ssvc_calendar_next_working_day(ctx, calendar, out, later);
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
  if (rc || (rc = ssvc__check_year(ctx, fn, "year", year))) return rc;
  struct ssvc__hday h[SSVC__YEAR_HOLIDAYS_MAX];
  size_t n = (size_t)ssvc__year_holidays(year, calendar->open_eves, h);
  int32_t first = (int32_t)(ssvc__days_from_civil(year, 1, 1) - DAY_BASE);
  int32_t last = (int32_t)(ssvc__days_from_civil(year, 12, 31) - DAY_BASE);
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
