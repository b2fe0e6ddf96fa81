/* date_text: dates, instants and whole numbers as text: the strict parsers, with the column of
 * what is wrong, and the formatter of instants in Stockholm time (calendar.h, doc/calendar.md). */
#include <stdio.h>
#include <string.h>

#include "civil_date.h"
#include "internal.h"
#include "smartservice/calendar.h"
#include "stockholm.h"

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
  if (d < 1 || d > ssvc__days_in_month(y, m))
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

int ssvc_uint_parse(ssvc_ctx *ctx, uint64_t *out, const char *text, uint64_t max) {
  static const char fn[] = "ssvc_uint_parse";
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "%s: out must not be NULL", fn);
  if (!text) return ssvc__err(ctx, SSVC_EINVAL, "%s: text must not be NULL", fn);
  struct cursor c = {ctx, fn, text, 0};
  if (!is_digit(text[0])) return expected(&c, "a digit");
  uint64_t v = 0;
  int over = 0;
  for (; is_digit(text[c.pos]); c.pos++) {
    unsigned d = (unsigned)(text[c.pos] - '0');
    if (d > max || v > (max - d) / 10) over = 1; /* read on: a later non-digit is the error */
    else v = v * 10 + d;
  }
  if (text[c.pos] != '\0') return expected(&c, "a digit or the end of the number");
  if (over)
    return ssvc__err(ctx, SSVC_ERANGE, "%s: text: %.40s%s is over %llu", fn, text,
                     c.pos > 40 ? "..." : "", (unsigned long long)max);
  *out = v;
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
  int64_t local =
      ssvc__days_from_civil(date.year, date.month, date.day) * DAY + h * HOUR + mi * 60 + s;
  *out = has_offset ? local - offset : ssvc__instant_of_local(local);
  return SSVC_OK;
}

size_t ssvc_instant_format(char *buf, size_t size, int64_t instant) {
  /* Keep far-out instants away from overflow: beyond the years 1-9999 anyway. */
  if (instant < (int64_t)SSVC__DAYS_MIN * DAY || instant > ((int64_t)SSVC__DAYS_MAX + 1) * DAY) {
    if (buf && size) buf[0] = '\0';
    return 0;
  }
  int off;
  int64_t l = ssvc__local_seconds(instant, &off), y, day = ssvc__floor_div(l, DAY),
          sod = l - day * DAY;
  int m, d;
  ssvc__civil_from_days(day, &y, &m, &d);
  if (y < 1 || y > 9999) {
    if (buf && size) buf[0] = '\0';
    return 0;
  }
  int n = snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d+%02d:00", (int)y, m, d,
                   (int)(sod / HOUR), (int)(sod / 60 % 60), (int)(sod % 60), off / HOUR);
  return n < 0 ? 0 : (size_t)n;
}
