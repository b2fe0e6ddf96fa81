/*
 * Example: when does the replacement phone arrive? (rule R7)
 *
 * A case registered with the Support Center before the cut-off (14:00 Stockholm time) gets its
 * replacement the next working day. One calendar serves every agreement; an agreement with its
 * own cut-off passes it per call. Here the carrier also strikes on 2026-12-28.
 */
#include <stdio.h>

#include <smartservice.h>

int main(void) {
  ssvc_ctx *ctx;
  ssvc_calendar *cal;
  if (ssvc_ctx_new(&ctx, NULL) != SSVC_OK) return 1;
  ssvc_date strike = {2026, 12, 28};
  if (ssvc_calendar_new(ctx, &cal, NULL) != SSVC_OK ||
      ssvc_calendar_add_closed(cal, &strike) != SSVC_OK) {
    fprintf(stderr, "%s\n", ssvc_ctx_errmsg(ctx));
    ssvc_calendar_free(cal);
    ssvc_ctx_free(ctx);
    return 1;
  }
  /* Registrations as a helpdesk would store them: RFC 3339, or Stockholm time without offset. */
  const char *registered[] = {"2026-12-22T13:59:59", "2026-12-22T14:00:00",
                              "2026-12-23T12:30:00Z", "2026-12-24T09:00:00+01:00",
                              "2026-06-18T15:30:00"};
  for (size_t i = 0; i < sizeof registered / sizeof registered[0]; i++) {
    int64_t at;
    ssvc_date delivery, back;
    char when[40], d[16], b[16];
    if (ssvc_instant_parse(ctx, &at, registered[i]) != SSVC_OK ||
        ssvc_calendar_delivery(ctx, cal, &delivery, at) != SSVC_OK ||
        ssvc_calendar_return_deadline(ctx, cal, &back, &delivery) != SSVC_OK) {
      printf("%s: %s\n", registered[i], ssvc_ctx_errmsg(ctx));
      continue;
    }
    ssvc_instant_format(when, sizeof when, at);
    ssvc_date_format(d, sizeof d, &delivery);
    ssvc_date_format(b, sizeof b, &back);
    printf("registered %s: delivered %s, faulty phone back by %s\n", when, d, b);
  }
  /* An agreement with a 12:00 cut-off, on the same calendar. */
  int64_t at;
  ssvc_date delivery;
  char d[16];
  if (ssvc_instant_parse(ctx, &at, "2026-12-22T13:00:00") == SSVC_OK &&
      ssvc_calendar_delivery_cutoff(ctx, cal, &delivery, at, 12 * 3600) == SSVC_OK) {
    ssvc_date_format(d, sizeof d, &delivery);
    printf("with a 12:00 cut-off, 2026-12-22T13:00:00 is delivered %s\n", d);
  }
  ssvc_calendar_free(cal);
  ssvc_ctx_free(ctx);
  return 0;
}
