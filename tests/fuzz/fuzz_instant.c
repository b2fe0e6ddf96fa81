/*
 * libFuzzer harness: date and instant parsing (ssvc_date_parse, ssvc_instant_parse), then the
 * calendar queries on whatever parses. Checks what a user relies on beyond "no crash": a parsed
 * date formats back to the same text, a parsed instant survives a format/parse round trip, and the
 * delivery date is never before the registration's local date.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <smartservice.h>

static ssvc_ctx *ctx;
static ssvc_calendar *cal;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!ctx) {
    if (ssvc_ctx_new(&ctx, NULL) || ssvc_calendar_new(ctx, &cal, NULL)) abort();
  }
  if (size > 256) return 0;
  char text[257];
  memcpy(text, data, size);
  text[size] = '\0';

  ssvc_date d;
  if (ssvc_date_parse(ctx, &d, text) == SSVC_OK) {
    char back[16];
    if (!ssvc_date_is_valid(&d) || ssvc_date_format(back, sizeof back, &d) != 10 ||
        strcmp(back, text) != 0)
      abort();
    int w;
    int rc = ssvc_calendar_is_working_day(ctx, cal, &w, &d);
    if (rc != SSVC_OK && rc != SSVC_ERANGE) abort();
  } else if (ssvc_ctx_errmsg(ctx)[0] == '\0') {
    abort(); /* every failure has a message */
  }

  int64_t t;
  if (ssvc_instant_parse(ctx, &t, text) == SSVC_OK) {
    char back[40];
    int64_t t2;
    if (ssvc_instant_format(back, sizeof back, t) == 0) abort();
    int rc = ssvc_instant_parse(ctx, &t2, back);
    if (rc == SSVC_OK && t2 != t) abort();
    ssvc_local_time lt;
    ssvc_date delivery;
    if (ssvc_stockholm_from_instant(ctx, &lt, t) == SSVC_OK &&
        ssvc_calendar_delivery(ctx, cal, &delivery, t) == SSVC_OK &&
        ssvc_date_to_days(&delivery) <= ssvc_date_to_days(&lt.date))
      abort();
  } else if (ssvc_ctx_errmsg(ctx)[0] == '\0') {
    abort();
  }
  return 0;
}
