/*
 * Prints what the calendar module computes, for the cross-checks against independent sources
 * (compare_holidays.py: Debian's python3-holidays; compare_dst.py: the tz database):
 *   calendar_dump holidays FROM TO   every holiday and closed eve, "YYYY-MM-DD<TAB>Swedish name"
 *   calendar_dump dst FROM TO        every change of the Stockholm offset, "INSTANT<TAB>OFFSET"
 *                                    (the first second of the new offset, Unix seconds)
 *   calendar_dump delivery           delivery dates of the instants read from stdin
 *                                    (compare_delivery.py)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smartservice.h>

static int dump_holidays(int from, int to) {
  ssvc_ctx *ctx;
  ssvc_calendar *cal;
  if (ssvc_ctx_new(&ctx, NULL)) return 1;
  if (ssvc_calendar_new(ctx, &cal, NULL)) {
    fprintf(stderr, "calendar_dump: %s\n", ssvc_ctx_errmsg(ctx));
    return 1;
  }
  for (int y = from; y <= to; y++) {
    ssvc_holiday_list *list;
    if (ssvc_calendar_holidays(ctx, cal, &list, y)) {
      fprintf(stderr, "calendar_dump: %s\n", ssvc_ctx_errmsg(ctx));
      return 1;
    }
    for (size_t i = 0; i < ssvc_holiday_list_count(list); i++) {
      ssvc_date d;
      int h;
      char text[16];
      ssvc_holiday_list_get(list, i, &d, &h);
      ssvc_date_format(text, sizeof text, &d);
      printf("%s\t%s\n", text, ssvc_holiday_name(h, SSVC_LANG_SV));
    }
    ssvc_holiday_list_free(list);
  }
  ssvc_calendar_free(cal);
  ssvc_ctx_free(ctx);
  return 0;
}

static int dump_dst(int from, int to) {
  ssvc_date first = {from, 1, 1}, last = {to + 1, 1, 1};
  int64_t t = ssvc_date_to_days(&first) * 86400, end = ssvc_date_to_days(&last) * 86400;
  int off = ssvc_stockholm_offset(t);
  for (; t < end; t += 3600) { /* every change happens on a whole hour */
    int now = ssvc_stockholm_offset(t);
    if (now != off) printf("%lld\t%d\n", (long long)t, now);
    off = now;
  }
  return 0;
}

/* Reads instants (Unix seconds, one per line) from stdin; prints "INSTANT<TAB>YYYY-MM-DD", the
 * delivery date with the default calendar, or "INSTANT<TAB>error STATUS". */
static int dump_delivery(void) {
  ssvc_ctx *ctx;
  ssvc_calendar *cal;
  if (ssvc_ctx_new(&ctx, NULL) || ssvc_calendar_new(ctx, &cal, NULL)) return 1;
  long long t;
  while (scanf("%lld", &t) == 1) {
    ssvc_date d;
    char text[16];
    int rc = ssvc_calendar_delivery(ctx, cal, &d, (int64_t)t);
    if (rc) {
      printf("%lld\terror %s\n", t, ssvc_status_name(rc));
      continue;
    }
    ssvc_date_format(text, sizeof text, &d);
    printf("%lld\t%s\n", t, text);
  }
  ssvc_calendar_free(cal);
  ssvc_ctx_free(ctx);
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "delivery") == 0) return dump_delivery();
  if (argc != 4) {
    fputs("usage: calendar_dump holidays|dst FROM TO\n", stderr);
    return 2;
  }
  int from = atoi(argv[2]), to = atoi(argv[3]);
  if (strcmp(argv[1], "holidays") == 0) return dump_holidays(from, to);
  if (strcmp(argv[1], "dst") == 0) return dump_dst(from, to);
  fputs("usage: calendar_dump holidays|dst FROM TO\n", stderr);
  return 2;
}
