/*
 * libFuzzer harness: the library's one whole-number reader, ssvc_uint_parse() (doc/conventions.md
 * "Dates and numbers as text"), with the maxima its callers give (a choice, a year, UINT32_MAX,
 * SSVC_NOW's last second, INT64_MAX, UINT64_MAX) and one taken from the input. Checks what a user
 * relies on beyond "no crash": a number is taken only when the text is nothing but digits and its
 * value is the text's (written back without leading zeros, it is the text without them) and at
 * most the maximum; a refusal leaves the output untouched and has a message, SSVC_ERANGE exactly
 * when the text is all digits and its value is over the maximum.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <smartservice.h>

static ssvc_ctx *ctx;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 1 when @p digits (decimal, no leading zeros, not empty) is a number over @p max. */
static int over(const char *digits, uint64_t max) {
  char m[32];
  int n = snprintf(m, sizeof m, "%llu", (unsigned long long)max);
  size_t len = strlen(digits);
  return len != (size_t)n ? len > (size_t)n : strcmp(digits, m) > 0;
}

static void check(const char *text, uint64_t max) {
  const uint64_t untouched = UINT64_C(0x5eed5eed5eed5eed);
  uint64_t v = untouched;
  int rc = ssvc_uint_parse(ctx, &v, text, max);
  size_t len = strlen(text);
  int digits = len > 0 && strspn(text, "0123456789") == len;
  const char *sig = text + strspn(text, "0"); /* the digits without leading zeros */
  if (digits && !*sig) sig = "0";
  if (rc == SSVC_OK) {
    char back[32];
    snprintf(back, sizeof back, "%llu", (unsigned long long)v);
    if (!digits || v > max || strcmp(back, sig) != 0) abort();
    return;
  }
  if (v != untouched || ssvc_ctx_errmsg(ctx)[0] == '\0') abort();
  if (rc == SSVC_ERANGE) {
    if (!digits || !over(sig, max)) abort();
  } else if (rc != SSVC_EPARSE || digits) {
    abort(); /* only a non-digit is a parse error */
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!ctx && ssvc_ctx_new(&ctx, NULL)) abort();
  if (size > 64) return 0;
  char text[65];
  memcpy(text, data, size);
  text[size] = '\0'; /* an embedded NUL ends the text, as it would in C */
  static const uint64_t maxima[] = {0,          1,
                                    9,          10,
                                    9999,       UINT32_MAX,
                                    UINT64_C(7258118399), (uint64_t)INT64_MAX,
                                    UINT64_MAX};
  for (size_t i = 0; i < sizeof maxima / sizeof maxima[0]; i++) check(text, maxima[i]);
  uint64_t m = 0;
  for (size_t i = 0; i < size && i < 8; i++) m = m << 8 | data[i];
  check(text, m);
  return 0;
}
