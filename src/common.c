/* common: version, status codes, money formatting and the versioned-struct helpers. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

const char *ssvc_version(void) { return SSVC_VERSION_STRING; }

int ssvc_version_number(void) { return SSVC_VERSION_NUMBER; }

struct status_info {
  int code;
  const char *name;
  const char *text;
};

/* Indexed by -code. */
static const struct status_info status_table[] = {
    {SSVC_OK, "SSVC_OK", "success"},
    {SSVC_EINVAL, "SSVC_EINVAL", "invalid argument"},
    {SSVC_ENOMEM, "SSVC_ENOMEM", "out of memory"},
    {SSVC_ERANGE, "SSVC_ERANGE", "value out of range"},
    {SSVC_EVERSION, "SSVC_EVERSION", "unsupported struct version"},
    {SSVC_ENOTFOUND, "SSVC_ENOTFOUND", "not found"},
    {SSVC_EEXISTS, "SSVC_EEXISTS", "already exists"},
    {SSVC_ESTATE, "SSVC_ESTATE", "not allowed in the current state"},
    {SSVC_ENOTENTITLED, "SSVC_ENOTENTITLED", "not included in the customer's tier"},
    {SSVC_ECONFLICT, "SSVC_ECONFLICT", "changed concurrently"},
    {SSVC_ESTORAGE, "SSVC_ESTORAGE", "storage backend failure"},
    {SSVC_EPARSE, "SSVC_EPARSE", "malformed input"},
    {SSVC_ELIMIT, "SSVC_ELIMIT", "input exceeds a limit"},
    {SSVC_EIO, "SSVC_EIO", "input/output error"},
    {SSVC_EBUSY, "SSVC_EBUSY", "resource busy"},
    {SSVC_EINTERNAL, "SSVC_EINTERNAL", "internal error"},
};

static const struct status_info *status_lookup(int status) {
  size_t n = sizeof status_table / sizeof status_table[0];
  if (status > 0 || (size_t)(-(long)status) >= n) return NULL;
  return &status_table[-status];
}

const char *ssvc_strerror(int status) {
  const struct status_info *s = status_lookup(status);
  return s ? s->text : "unknown status code";
}

const char *ssvc_status_name(int status) {
  const struct status_info *s = status_lookup(status);
  return s ? s->name : "SSVC_UNKNOWN";
}

size_t ssvc_money_format(char *buf, size_t size, int64_t amount_minor, const char *currency) {
  /* Work in unsigned magnitude so that INT64_MIN formats correctly. */
  uint64_t mag = amount_minor < 0 ? (uint64_t)0 - (uint64_t)amount_minor : (uint64_t)amount_minor;
  int n = snprintf(buf, size, "%s%llu.%02u%s%s", amount_minor < 0 ? "-" : "",
                   (unsigned long long)(mag / 100u), (unsigned)(mag % 100u), currency ? " " : "",
                   currency ? currency : "");
  return n < 0 ? 0 : (size_t)n;
}

int ssvc__struct_init(void *s, size_t size, unsigned int version, unsigned int newest) {
  if (!s) return SSVC_EINVAL;
  if (version == 0 || version > newest) return SSVC_EVERSION;
  memset(s, 0, size);
  memcpy(s, &version, sizeof version);
  return SSVC_OK;
}

int ssvc_allocator_init(ssvc_allocator *allocator, unsigned int version) {
  return ssvc__struct_init(allocator, sizeof *allocator, version, SSVC_ALLOCATOR_VERSION);
}

int ssvc__ascii_casecmp(const char *a, const char *b) {
  for (;; a++, b++) {
    int ca = (unsigned char)*a, cb = (unsigned char)*b;
    if (ca >= 'A' && ca <= 'Z') ca += 'a' - 'A';
    if (cb >= 'A' && cb <= 'Z') cb += 'a' - 'A';
    if (ca != cb || ca == 0) return ca - cb;
  }
}

int ssvc__utf8_valid(const char *str, size_t len) {
  const unsigned char *s = (const unsigned char *)str, *end = s + len;
  while (s < end) {
    unsigned c = *s++;
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return 0;
      continue;
    }
    unsigned need, min;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) need = 1, min = 0x80, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF) need = 2, min = 0x800, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4) need = 3, min = 0x10000, cp = c & 0x07;
    else return 0;
    if ((size_t)(end - s) < need) return 0;
    for (unsigned i = 0; i < need; i++) {
      if ((s[i] & 0xC0) != 0x80) return 0;
      cp = (cp << 6) | (s[i] & 0x3F);
    }
    s += need;
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  }
  return 1;
}

int ssvc_luhn_check_digit(const char *digits, size_t len) {
  if (!digits || len == 0) return -1;
  int sum = 0;
  for (size_t i = 0; i < len; i++) {
    if (digits[i] < '0' || digits[i] > '9') return -1;
    int d = digits[i] - '0';
    if ((len - i) % 2 == 1) { /* doubled: every second digit counting left from the check digit */
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - sum % 10) % 10;
}

int ssvc_luhn_valid(const char *digits, size_t len) {
  if (!digits || len < 2 || digits[len - 1] < '0' || digits[len - 1] > '9') return 0;
  return ssvc_luhn_check_digit(digits, len - 1) == digits[len - 1] - '0';
}

int ssvc_imei_valid(const char *imei) {
  return imei && strlen(imei) == 15 && ssvc_luhn_valid(imei, 15);
}

int ssvc_imei_complete(char *out, const char *body) {
  if (!out || !body || strlen(body) != 14) return SSVC_EINVAL;
  int check = ssvc_luhn_check_digit(body, 14);
  if (check < 0) return SSVC_EINVAL;
  memcpy(out, body, 14);
  out[14] = (char)('0' + check);
  out[15] = '\0';
  return SSVC_OK;
}

int ssvc__imei_check(ssvc_ctx *ctx, const char *func, const char *arg, const char *imei) {
  if (ssvc_imei_valid(imei)) return SSVC_OK;
  const char *why = strlen(imei) != 15 || strspn(imei, "0123456789") != 15
                        ? "must be 15 digits"
                        : "Luhn check digit is wrong";
  return ssvc__err(ctx, SSVC_EINVAL, "%s: %s: %s (got '%.40s')", func, arg, why, imei);
}

int ssvc__name_lookup(ssvc_ctx *ctx, const char *func, int *out, const char *name,
                      const char *const *names, int lo, int hi, const char *what) {
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "%s: out must not be NULL", func);
  if (!name) return ssvc__err(ctx, SSVC_EINVAL, "%s: name must not be NULL", func);
  for (int i = lo; i <= hi; i++)
    if (names[i] && strcmp(names[i], name) == 0) {
      *out = i;
      return SSVC_OK;
    }
  return ssvc__err(ctx, SSVC_ENOTFOUND, "%s: unknown %s '%s'", func, what, name);
}

const char *ssvc__name_of(const char *const *names, int lo, int hi, int v) {
  return v >= lo && v <= hi ? names[v] : NULL;
}

static const char *const lang_names[] = {"sv", "en"};

const char *ssvc_lang_name(int lang) {
  return ssvc__name_of(lang_names, SSVC_LANG_SV, SSVC_LANG_EN, lang);
}

int ssvc_lang_from_name(ssvc_ctx *ctx, int *out, const char *name) {
  return ssvc__name_lookup(ctx, "ssvc_lang_from_name", out, name, lang_names, SSVC_LANG_SV,
                           SSVC_LANG_EN, "language");
}

uint32_t ssvc__share_round_up(uint32_t n, uint32_t basis_points) {
  uint64_t scaled = (uint64_t)n * basis_points;
  return (uint32_t)((scaled + 9999) / 10000);
}
