/* text: the validator of free-text arguments (text.h). */
#include <stdint.h>
#include <string.h>

#include "text.h"

/* 1 when the @p n bytes at @p s are printable ASCII (no byte >= 0x80 or < 0x20): the common case,
 * tested eight bytes at a time, needs no full UTF-8 check. */
static int plain_ascii(const char *s, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, s + i, 8);
    const uint64_t high = UINT64_C(0x8080808080808080), low = UINT64_C(0x2020202020202020);
    if (((w & high) | ((w - low) & ~w & high)) != 0) return 0;
  }
  for (; i < n; i++)
    if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x80) return 0;
  return 1;
}

/* lines: 1 tab, LF and CR allowed; 0 not; -1 not, and "" is refused even when optional. */
static int check(ssvc_ctx *ctx, const char *func, const char *arg, const char *s, int required,
                 size_t max, int lines) {
  if (s && !*s && lines < 0)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: %s: must not be empty", func, arg);
  if (!s || !*s) {
    if (required) return ssvc__err(ctx, SSVC_EINVAL, "%s: %s: must be given", func, arg);
    return SSVC_OK;
  }
  size_t n = strlen(s);
  if (n > max)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: %s: longer than %zu bytes (got %zu)", func, arg, max,
                     n);
  if (plain_ascii(s, n)) return SSVC_OK;
  /* Invalid UTF-8, and control characters other than tab, line feed and carriage return. */
  if (!ssvc__utf8_valid(s, n))
    return ssvc__err(ctx, SSVC_EINVAL, "%s: %s: not valid UTF-8 text", func, arg);
  if (lines <= 0 && strpbrk(s, "\t\n\r"))
    return ssvc__err(ctx, SSVC_EINVAL, "%s: %s: contains a control character", func, arg);
  return SSVC_OK;
}

int ssvc__check_text(ssvc_ctx *ctx, const char *func, const char *arg, const char *s,
                     int required, size_t max) {
  return check(ctx, func, arg, s, required, max, 0);
}

int ssvc__check_field(ssvc_ctx *ctx, const char *func, const char *arg, const char *s,
                      int required, size_t max) {
  return check(ctx, func, arg, s, required, max, -1);
}

int ssvc__check_lines(ssvc_ctx *ctx, const char *func, const char *arg, const char *s,
                      int required, size_t max) {
  return check(ctx, func, arg, s, required, max, 1);
}

void ssvc__xml_escape(const char *s, void (*put)(void *out, const char *p, size_t n), void *out) {
  const char *run = s;
  for (; *s; s++) {
    const char *e = *s == '&' ? "&amp;" : *s == '<' ? "&lt;" : *s == '>' ? "&gt;"
                  : *s == '"' ? "&quot;" : NULL;
    if (!e) continue;
    put(out, run, (size_t)(s - run));
    put(out, e, strlen(e));
    run = s + 1;
  }
  put(out, run, (size_t)(s - run));
}
