/*
 * smartservice calendar YEAR [--lang sv|en] [--json]
 * smartservice delivery --at INSTANT [--cutoff HH:MM] [--return-days N] [--json]
 * The working-day calendar and the delivery rule R7 (doc/calendar.md).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* A whole number of at most @p max_digits digits (ssvc_uint_parse(): no sign, no spaces); 0 on
 * success. */
static int parse_int(const char *text, int max_digits, int *out) {
  uint64_t v;
  if (strlen(text) > (size_t)max_digits || ssvc_uint_parse(NULL, &v, text, 9999)) return -1;
  *out = (int)v;
  return 0;
}

static void print_json(ssvc_holiday_list *list, int year) {
  printf("{\"year\":%d,\"holidays\":[", year);
  for (size_t i = 0; i < ssvc_holiday_list_count(list); i++) {
    ssvc_date d;
    int h;
    char date[16];
    ssvc_holiday_list_get(list, i, &d, &h);
    ssvc_date_format(date, sizeof date, &d);
    printf("%s{\"date\":\"%s\",\"name_sv\":", i ? "," : "", date);
    cli_json_string(stdout, ssvc_holiday_name(h, SSVC_LANG_SV));
    printf(",\"name_en\":");
    cli_json_string(stdout, ssvc_holiday_name(h, SSVC_LANG_EN));
    printf(",\"eve\":%s}", ssvc_holiday_is_eve(h) ? "true" : "false");
  }
  printf("]}\n");
}

int cmd_calendar(const struct cli_global *g, int argc, char **argv, int first) {
  (void)g;
  const char *lang_text = "sv";
  int json = 0, lang, npos, year;
  const struct cli_opt opts[] = {
      {"lang", &lang_text, NULL, "sv|en", "sv", "the language of the holiday names"},
      {"json", NULL, &json, NULL, NULL, "print one JSON document on one line"},
      {0}};
  char *pos[1];
  int rc = cli_parse("calendar", argc, argv, first, opts, pos, 1, &npos);
  if (rc) return rc;
  if (npos == 0) return cli_usage("calendar", "missing YEAR");
  if (parse_int(pos[0], 4, &year) || year < SSVC_CALENDAR_YEAR_MIN ||
      year > SSVC_CALENDAR_YEAR_MAX)
    return cli_usage("calendar", "YEAR must be %d-%d (got '%s')", SSVC_CALENDAR_YEAR_MIN,
                     SSVC_CALENDAR_YEAR_MAX, pos[0]);
  if ((rc = cli_parse_lang("calendar", lang_text, &lang))) return rc;

  ssvc_ctx *ctx;
  if ((rc = cli_ctx_new("calendar", &ctx))) return rc;
  ssvc_calendar *cal = NULL;
  ssvc_holiday_list *list = NULL;
  if (ssvc_calendar_new(ctx, &cal, NULL) || ssvc_calendar_holidays(ctx, cal, &list, year)) {
    rc = cli_fail("calendar", ctx);
  } else if (json) {
    print_json(list, year);
  } else {
    for (size_t i = 0; i < ssvc_holiday_list_count(list); i++) {
      ssvc_date d;
      int h;
      char date[16];
      ssvc_holiday_list_get(list, i, &d, &h);
      ssvc_date_format(date, sizeof date, &d);
      printf("%s\t%s\n", date, ssvc_holiday_name(h, lang));
    }
  }
  ssvc_holiday_list_free(list);
  ssvc_calendar_free(cal);
  ssvc_ctx_free(ctx);
  return rc;
}

/* "HH:MM", 00:01-24:00, to seconds after midnight; 0 on success. */
static int parse_cutoff(const char *text, int *seconds) {
  int h, m;
  if (strlen(text) != 5 || text[2] != ':') return -1;
  char hh[3] = {text[0], text[1], 0}, mm[3] = {text[3], text[4], 0};
  if (parse_int(hh, 2, &h) || parse_int(mm, 2, &m) || m > 59 || h > 24 || (h == 24 && m > 0))
    return -1;
  *seconds = h * 3600 + m * 60;
  return *seconds == 0 ? -1 : 0;
}

int cmd_delivery(const struct cli_global *g, int argc, char **argv, int first) {
  (void)g;
  const char *at = NULL, *cutoff_text = NULL, *return_text = NULL;
  int json = 0, npos, cutoff = 0, return_days = 0;
  const struct cli_opt opts[] = {
      {"at", &at, NULL, "INSTANT", NULL,
       "when the case was registered (required; RFC 3339, or Stockholm time)"},
      {"cutoff", &cutoff_text, NULL, "HH:MM", NULL, "the day's cut-off for same-day dispatch"},
      {"return-days", &return_text, NULL, "N", NULL,
       "also print the return deadline N working days after delivery"},
      {"json", NULL, &json, NULL, NULL, "print one JSON document on one line"},
      {0}};
  char *pos[1];
  int rc = cli_parse("delivery", argc, argv, first, opts, pos, 0, &npos);
  if (rc) return rc;
  if ((rc = cli_require("delivery", "at", at, (const char *)NULL))) return rc;
  if (cutoff_text && parse_cutoff(cutoff_text, &cutoff))
    return cli_usage("delivery", "--cutoff must be HH:MM from 00:01 to 24:00 (got '%s')",
                     cutoff_text);
  if (return_text && (parse_int(return_text, 4, &return_days) || return_days < 1 ||
                      return_days > SSVC_CALENDAR_MAX_RETURN_DAYS))
    return cli_usage("delivery", "--return-days must be 1-%d (got '%s')",
                     SSVC_CALENDAR_MAX_RETURN_DAYS, return_text);

  ssvc_ctx *ctx;
  if ((rc = cli_ctx_new("delivery", &ctx))) return rc;
  int64_t instant;
  if (ssvc_instant_parse(ctx, &instant, at)) {
    rc = cli_usage("delivery", "--at '%s': %s", at, ssvc_ctx_errtext(ctx));
    ssvc_ctx_free(ctx);
    return rc;
  }
  ssvc_calendar_options o = SSVC_CALENDAR_OPTIONS_INIT;
  o.cutoff_seconds = cutoff;
  o.return_days = return_days;
  ssvc_calendar *cal = NULL;
  ssvc_date counts, delivery, back;
  if (ssvc_calendar_new(ctx, &cal, &o) || ssvc_calendar_delivery(ctx, cal, &delivery, instant) ||
      ssvc_calendar_counts_on(ctx, cal, &counts, instant) ||
      ssvc_calendar_return_deadline(ctx, cal, &back, &delivery)) {
    rc = cli_fail("delivery", ctx);
  } else {
    char reg[40], c[16], d[16], b[16];
    ssvc_instant_format(reg, sizeof reg, instant);
    ssvc_date_format(c, sizeof c, &counts);
    ssvc_date_format(d, sizeof d, &delivery);
    ssvc_date_format(b, sizeof b, &back);
    int cut = ssvc_calendar_cutoff(cal);
    if (json) {
      printf("{\"delivery\":\"%s\",\"registered\":\"%s\",\"counts_on\":\"%s\","
             "\"cutoff\":\"%02d:%02d\",\"return_by\":\"%s\",\"return_days\":%d}\n",
             d, reg, c, cut / 3600, cut / 60 % 60, b, ssvc_calendar_return_days(cal));
    } else {
      printf("%s\n", d);
      printf("registered: %s\n", reg);
      printf("counts on:  %s (cut-off %02d:%02d Stockholm time)\n", c, cut / 3600, cut / 60 % 60);
      printf("return by:  %s (%d working days after delivery)\n", b,
             ssvc_calendar_return_days(cal));
    }
  }
  ssvc_calendar_free(cal);
  ssvc_ctx_free(ctx);
  return rc;
}
