/* Private XML helpers shared by the xml and report modules (xml_util.h). */
#include "civil_date.h"
#include "xml_util.h"

#include <errno.h>
#include <string.h>

#include <libxml/parser.h>

void ssvc__xml_src_init(ssvc__xml_src *s, FILE *f, const void *mem, size_t len,
                        uint64_t max_total, unsigned max_depth, uint64_t max_item,
                        uint64_t max_children) {
  s->f = f;
  s->mem = mem;
  s->mem_len = len;
  s->mem_pos = 0;
  s->total = 0;
  s->max_total = max_total;
  s->over_limit = s->io_error = s->io_errno = 0;
  s->lines = 1;
  s->line_start[1 % SSVC_XML_LINES] = 0;
  s->head_len = s->head_pos = 0;
  s->head_done = s->bad_encoding = 0;
  ssvc__xml_scan_init(&s->scan, max_depth, max_item, max_children);
  s->scan_failed = 0;
  s->line_shift = 0;
  s->in_pos = s->in_len = 0;
}

/* Reads up to @p want bytes from the file or memory; -1 on a read error. */
static long raw_read(ssvc__xml_src *s, char *buf, size_t want) {
  size_t got;
  if (s->f) {
    got = fread(buf, 1, want, s->f);
    if (got < want && ferror(s->f)) {
      s->io_error = 1;
      s->io_errno = errno;
      return -1;
    }
  } else {
    got = s->mem_len - s->mem_pos < want ? s->mem_len - s->mem_pos : want;
    memcpy(buf, s->mem + s->mem_pos, got);
    s->mem_pos += got;
  }
  return (long)got;
}

static int casecmp_n(const uint8_t *a, const char *b, size_t n) {
  for (size_t i = 0; i < n; i++) {
    int x = a[i] >= 'A' && a[i] <= 'Z' ? a[i] + 32 : a[i];
    int y = b[i] >= 'A' && b[i] <= 'Z' ? b[i] + 32 : b[i];
    if (x != y) return 1;
  }
  return 0;
}

/* Reads the first bytes and refuses anything but UTF-8: a UTF-16/32 byte order mark, NUL bytes,
 * or an XML declaration naming another encoding. */
static int check_head(ssvc__xml_src *s) {
  s->head_done = 1;
  while (s->head_len < sizeof s->head) {
    long n = raw_read(s, (char *)s->head + s->head_len, sizeof s->head - s->head_len);
    if (n < 0) return -1;
    if (n == 0) break;
    s->head_len += (size_t)n;
  }
  const uint8_t *h = s->head;
  size_t n = s->head_len, i = 0;
  if (n >= 2 && ((h[0] == 0xFE && h[1] == 0xFF) || (h[0] == 0xFF && h[1] == 0xFE))) {
    snprintf(s->encoding_msg, sizeof s->encoding_msg, "it starts with a UTF-16 byte order mark");
    s->bad_encoding = 1;
    return -1;
  }
  if (memchr(h, 0, n)) {
    snprintf(s->encoding_msg, sizeof s->encoding_msg, "it holds NUL bytes (UTF-16, UTF-32?)");
    s->bad_encoding = 1;
    return -1;
  }
  if (n >= 4 && memcmp(h, "\x4C\x6F\xA7\x94", 4) == 0) {
    snprintf(s->encoding_msg, sizeof s->encoding_msg, "it starts like EBCDIC");
    s->bad_encoding = 1;
    return -1;
  }
  if (n >= 3 && h[0] == 0xEF && h[1] == 0xBB && h[2] == 0xBF) i = 3;
  if (n - i < 5 || memcmp(h + i, "<?xml", 5) != 0) return 0;
  const uint8_t *end = NULL;
  for (size_t k = i; k + 1 < n; k++)
    if (h[k] == '?' && h[k + 1] == '>') {
      end = h + k;
      break;
    }
  if (!end) {
    /* The parser would go on reading the declaration (and might switch encodings there). */
    snprintf(s->encoding_msg, sizeof s->encoding_msg,
             "its XML declaration does not end within %zu bytes", sizeof s->head);
    s->bad_encoding = 1;
    return -1;
  }
  /* Every "encoding" in the declaration must name UTF-8 (or not parse as a value at all). */
  for (const uint8_t *p = h + i; p + 8 <= end; p++) {
    if (memcmp(p, "encoding", 8) != 0) continue;
    const uint8_t *q = p + 8;
    while (q < end && (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n' || *q == '=')) q++;
    if (q >= end || (*q != '"' && *q != '\'')) continue;
    uint8_t quote = *q++;
    const uint8_t *v = q;
    while (q < end && *q != quote) q++;
    size_t vl = (size_t)(q - v);
    if ((vl == 5 && casecmp_n(v, "utf-8", 5) == 0) || (vl == 4 && casecmp_n(v, "utf8", 4) == 0))
      continue;
    snprintf(s->encoding_msg, sizeof s->encoding_msg, "declared '%.*s'", (int)(vl > 40 ? 40 : vl),
             (const char *)v);
    s->bad_encoding = 1;
    return -1;
  }
  return 0;
}

/* Hands up to @p len raw bytes to @p buf (bounded by max_total, watched for a DOCTYPE, kept in the
 * ring): their number, 0 at the end, -1 to stop. */
static long src_read_raw(ssvc__xml_src *s, char *buf, size_t len) {
  size_t want = len, got;
  if (s->max_total && s->total + want > s->max_total + 1) {
    /* One byte past the limit tells a file that is too big from one that is exactly at it. */
    want = (size_t)(s->max_total + 1 - s->total);
    if (want == 0) {
      s->over_limit = 1;
      return -1;
    }
  }
  if (s->head_pos < s->head_len) {
    got = s->head_len - s->head_pos < want ? s->head_len - s->head_pos : want;
    memcpy(buf, s->head + s->head_pos, got);
    s->head_pos += got;
  } else {
    long n = raw_read(s, buf, want);
    if (n < 0) return -1;
    got = (size_t)n;
  }
  if (got == 0) s->eof = 1;
  if (s->max_total && s->total + got > s->max_total) {
    s->over_limit = 1;
    return -1;
  }
  for (size_t i = 0; i < got && !s->prolog_done; i++) {
    /* The prolog: find "<!DOCTYPE" before the root element's start tag. */
    memmove(s->last, s->last + 1, sizeof s->last - 1);
    s->last[sizeof s->last - 1] = (uint8_t)buf[i];
    if (memcmp(s->last, "<!DOCTYPE", 9) == 0) {
      uint64_t off = s->total + i - 8;
      long line = s->lines;
      uint64_t start = s->line_col0;
      for (size_t k = 0; k < i; k++)
        if (buf[k] == '\n') {
          line++;
          start = s->total + k + 1;
        }
      s->doctype = 1;
      s->doctype_line = line;
      s->doctype_col = (long)(off - start) + 1;
      return -1;
    }
    if (s->last[sizeof s->last - 2] == '<' && buf[i] != '?' && buf[i] != '!') s->prolog_done = 1;
  }
  /* Keep the bytes in the ring (two copies at most) and note where lines start. */
  size_t at = (size_t)(s->total % SSVC_XML_RING), first = SSVC_XML_RING - at;
  if (got >= SSVC_XML_RING) { /* rare (reads are small): keep the last window */
    for (size_t k = got - SSVC_XML_RING; k < got; k++)
      s->ring[(s->total + k) % SSVC_XML_RING] = (uint8_t)buf[k];
  } else if (got <= first) {
    memcpy(s->ring + at, buf, got);
  } else {
    memcpy(s->ring + at, buf, first);
    memcpy(s->ring, buf + first, got - first);
  }
  for (const char *p = buf, *e = buf + got; (p = memchr(p, '\n', (size_t)(e - p))) != NULL;) {
    uint64_t off = s->total + (uint64_t)(p - buf);
    s->lines++;
    s->line_start[(size_t)s->lines % SSVC_XML_LINES] = off + 1;
    s->line_col0 = off + 1;
    p++;
  }
  s->total += got;
  return (long)got;
}

int ssvc__xml_src_read(void *ctx, char *buf, int len) {
  ssvc__xml_src *s = ctx;
  if (len <= 0) return 0;
  if (s->bad_encoding || s->scan_failed || (!s->head_done && check_head(s) < 0)) return -1;
  if (len < 2) return -1; /* libxml2 asks for kilobytes; the scanner writes two bytes at a time */
  for (;;) {
    if (s->in_pos == s->in_len) {
      long got = src_read_raw(s, (char *)s->in, sizeof s->in);
      if (got < 0) return -1;
      if (got == 0) return (int)ssvc__xml_scan_end(&s->scan, (uint8_t *)buf, (size_t)len);
      s->in_pos = 0;
      s->in_len = (size_t)got;
    }
    size_t used = 0;
    long kept = ssvc__xml_scan_bytes(&s->scan, s->in + s->in_pos, s->in_len - s->in_pos, &used,
                                     (uint8_t *)buf, (size_t)len);
    if (kept < 0) {
      s->scan_failed = 1;
      return -1;
    }
    s->in_pos += used;
    if (kept > 0) return (int)kept; /* else all of it was dropped (between records): read on */
  }
}

void ssvc__xml_where(const ssvc__xml_src *s, const xmlNode *n, long *line, long *col) {
  long l = xmlGetLineNo(n);
  if (l > 0) l += (long)s->line_shift;
  *line = l > 0 ? l : 0;
  *col = 1;
  if (l < 1 || l > s->lines || s->lines - l >= SSVC_XML_LINES - 1) return;
  uint64_t start = s->line_start[(size_t)l % SSVC_XML_LINES];
  if (s->total > SSVC_XML_RING && start < s->total - SSVC_XML_RING) return;
  /* The start tag "<prefix:name" or "<name" (no formatting: this runs for every record). */
  char tag[140];
  size_t tl = 0;
  const char *parts[3] = {n->ns && n->ns->prefix ? (const char *)n->ns->prefix : NULL,
                          n->ns && n->ns->prefix ? ":" : NULL, (const char *)n->name};
  tag[tl++] = '<';
  for (int i = 0; i < 3; i++)
    for (const char *p = parts[i]; p && *p; p++) {
      if (tl == sizeof tag - 1) return;
      tag[tl++] = *p;
    }
  for (uint64_t o = start; o + tl < s->total; o++) {
    uint8_t b = s->ring[o % SSVC_XML_RING];
    if (b == '\n') return;
    if (b != '<') continue;
    size_t k = 1;
    while (k < tl && s->ring[(o + k) % SSVC_XML_RING] == (uint8_t)tag[k]) k++;
    if (k < tl) continue;
    uint8_t after = s->ring[(o + tl) % SSVC_XML_RING];
    if (after == ' ' || after == '\t' || after == '\r' || after == '\n' || after == '/' ||
        after == '>') {
      *col = (long)(o - start) + 1;
      return;
    }
  }
}

#if LIBXML_VERSION >= 21200
void ssvc__xml_err_handler(void *data, const xmlError *e) {
#else
void ssvc__xml_err_handler(void *data, xmlErrorPtr e) {
#endif
  ssvc__xml_err *x = data;
  if (!e || x->set || e->level == XML_ERR_WARNING) return;
  x->set = 1;
  x->code = e->code;
  x->line = e->line;
  x->col = e->int2;
  snprintf(x->msg, sizeof x->msg, "%s", e->message ? e->message : "not well-formed");
  size_t k = strlen(x->msg);
  for (size_t i = 0; i < k; i++)
    if (x->msg[i] == '\n') x->msg[i] = ' ';
  while (k && (x->msg[k - 1] == '\n' || x->msg[k - 1] == ' ')) x->msg[--k] = '\0';
}

/* libxml2 hands a parser's structured errors the parser as data; its _private is the record. */
#if LIBXML_VERSION >= 21200
static void doc_err(void *data, const xmlError *e) {
#else
static void doc_err(void *data, xmlErrorPtr e) {
#endif
  ssvc__xml_err_handler(((xmlParserCtxtPtr)data)->_private, e);
}

xmlDoc *ssvc__xml_read_memory(const char *buf, size_t len, int options, ssvc__xml_err *err) {
  memset(err, 0, sizeof *err);
  xmlParserCtxtPtr pc = xmlNewParserCtxt();
  if (!pc) {
    err->set = 1;
    err->code = XML_ERR_NO_MEMORY;
    snprintf(err->msg, sizeof err->msg, "out of memory");
    xmlFreeParserCtxt(pc);
    return NULL;
  }
  pc->_private = err;
  pc->sax->serror = doc_err;
  xmlDoc *doc = xmlCtxtReadMemory(pc, buf, (int)len, NULL, "UTF-8", options);
  if (doc && !pc->wellFormed) {
    xmlFreeDoc(doc);
    doc = NULL;
  }
  if (!doc && !err->set) {
    err->set = 1;
    err->code = pc->errNo;
    snprintf(err->msg, sizeof err->msg, "not well-formed");
  }
  xmlFreeParserCtxt(pc);
  return doc;
}

void ssvc__utc_format(char *buf, int64_t t) {
  int64_t days = ssvc__floor_div(t, 86400);
  int64_t secs = t - days * 86400;
  ssvc_date d;
  if (ssvc_date_from_days(&d, days) != SSVC_OK || d.year < 1 || d.year > 9999) {
    buf[0] = '\0';
    return;
  }
  int h = (int)(secs / 3600), m = (int)(secs / 60 % 60), s = (int)(secs % 60);
  const int v[] = {d.year / 1000, d.year / 100 % 10, d.year / 10 % 10, d.year % 10};
  char *p = buf;
  for (int i = 0; i < 4; i++) *p++ = (char)('0' + v[i]);
  *p++ = '-';
  *p++ = (char)('0' + d.month / 10);
  *p++ = (char)('0' + d.month % 10);
  *p++ = '-';
  *p++ = (char)('0' + d.day / 10);
  *p++ = (char)('0' + d.day % 10);
  *p++ = 'T';
  *p++ = (char)('0' + h / 10);
  *p++ = (char)('0' + h % 10);
  *p++ = ':';
  *p++ = (char)('0' + m / 10);
  *p++ = (char)('0' + m % 10);
  *p++ = ':';
  *p++ = (char)('0' + s / 10);
  *p++ = (char)('0' + s % 10);
  *p++ = 'Z';
  *p = '\0';
}

int ssvc__utc_parse(const char *s, int64_t *out) {
  static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
  for (size_t i = 0; shape[i]; i++) /* a shorter string fails here at its NUL */
    if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i]) return -1;
  if (s[sizeof shape - 1] != '\0') return -1;
  char day[11];
  ssvc_date d;
  memcpy(day, s, 10);
  day[10] = '\0';
#define D2(i) ((s[i] - '0') * 10 + (s[i + 1] - '0'))
  int h = D2(11), m = D2(14), sec = D2(17);
#undef D2
  /* the date by the library's one date reader; the time's digits are checked above */
  if (ssvc_date_parse(NULL, &d, day) || h > 23 || m > 59 || sec > 59) return -1;
  *out = ssvc_date_to_days(&d) * 86400 + h * 3600 + m * 60 + sec;
  return 0;
}

int ssvc__utc_day_bounds(ssvc_ctx *ctx, const char *func, ssvc_date from, ssvc_date to,
                         int64_t *lo, int64_t *hi) {
  *lo = INT64_MIN;
  *hi = INT64_MAX;
  if (from.year || from.month || from.day) {
    if (!ssvc_date_is_valid(&from))
      return ssvc__err(ctx, SSVC_EINVAL, "%s: from: not a valid date (got %04d-%02d-%02d)", func,
                       from.year, from.month, from.day);
    *lo = ssvc_date_to_days(&from) * 86400;
  }
  if (to.year || to.month || to.day) {
    if (!ssvc_date_is_valid(&to))
      return ssvc__err(ctx, SSVC_EINVAL, "%s: to: not a valid date (got %04d-%02d-%02d)", func,
                       to.year, to.month, to.day);
    *hi = (ssvc_date_to_days(&to) + 1) * 86400;
  }
  if (*lo >= *hi)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: to: before from", func);
  return SSVC_OK;
}
