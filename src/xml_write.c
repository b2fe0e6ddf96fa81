/* xml_write: the element and attribute writers of the XML export (xml_exporter.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "smartservice/calendar.h"
#include "xml_exporter.h"

/* The decimal digits of @p v into @p buf (at least 21 bytes), without printf. */
static void format_int(char *buf, int64_t v) {
  char d[24];
  size_t k = sizeof d;
  uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
  d[--k] = '\0';
  do d[--k] = (char)('0' + u % 10); while ((u /= 10) != 0);
  if (v < 0) d[--k] = '-';
  memcpy(buf, d + k, sizeof d - k);
}

/* A failed callback is remembered, not reported to libxml2 (which would print it): the export
 * stops at the next record and returns SSVC_EIO (ssvc__xml_record_done). */
int ssvc__xml_out_write(void *data, const char *buf, int len) {
  struct exporter *x = data;
  if (x->fn_failed) return len;
  if (len > 0 && x->fn(x->ud, buf, (size_t)len)) {
    x->fn_failed = 1;
    return len;
  }
  x->bytes += (uint64_t)len;
  return len;
}

int ssvc__xml_out_close(void *data) {
  (void)data;
  return 0;
}

/* Attribute helpers: nothing is written for NULL or "". A writer failure is noted in x->rc as
 * SSVC_ENOMEM: the output callback never fails towards libxml2, so only memory can. */
void ssvc__xml_wattr(struct exporter *x, const char *name, const char *value) {
  if (!value || !*value || x->rc) return;
  if (xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST value) < 0) x->rc = SSVC_ENOMEM;
}

void ssvc__xml_wattr_int(struct exporter *x, const char *name, int64_t v) {
  char buf[24];
  format_int(buf, v);
  ssvc__xml_wattr(x, name, buf);
}

void ssvc__xml_wattr_instant(struct exporter *x, const char *name, int64_t t) {
  if (!x->have_at || x->at != t) {
    ssvc__utc_format(x->at_text, t);
    x->at = t;
    x->have_at = 1;
  }
  ssvc__xml_wattr(x, name, x->at_text);
}

void ssvc__xml_wattr_date(struct exporter *x, const char *name, ssvc_date d) {
  if (!d.year) return;
  /* A real date (every date the API takes) the fast way; anything a damaged record may hold
   * through snprintf, which writes the same for those. */
  if (ssvc__date_ok(&d)) {
    char buf[11] = {(char)('0' + d.year / 1000),      (char)('0' + d.year / 100 % 10),
                    (char)('0' + d.year / 10 % 10),   (char)('0' + d.year % 10),
                    '-',                               (char)('0' + d.month / 10),
                    (char)('0' + d.month % 10),        '-',
                    (char)('0' + d.day / 10),          (char)('0' + d.day % 10),
                    '\0'};
    ssvc__xml_wattr(x, name, buf);
    return;
  }
  char buf[16];
  snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  ssvc__xml_wattr(x, name, buf);
}

void ssvc__xml_wstart(struct exporter *x, const char *name) {
  if (!x->rc && xmlTextWriterStartElement(x->w, BAD_CAST name) < 0) x->rc = SSVC_ENOMEM;
}

void ssvc__xml_wend(struct exporter *x) {
  if (!x->rc && xmlTextWriterEndElement(x->w) < 0) x->rc = SSVC_ENOMEM;
}

void ssvc__xml_wtext(struct exporter *x, const char *text) {
  if (!x->rc && text && *text && xmlTextWriterWriteString(x->w, BAD_CAST text) < 0)
    x->rc = SSVC_ENOMEM;
}

int ssvc__xml_writer_error(struct exporter *x, const char *what, const char *id) {
  if (x->fn_failed)
    return ssvc__err(x->ctx, SSVC_EIO, "%s: the output stopped (write failed)", x->func);
  if (what)
    return ssvc__err(x->ctx, SSVC_ENOMEM, "%s: out of memory (XML writer) at %s %s", x->func,
                     what, id);
  return ssvc__err(x->ctx, SSVC_ENOMEM, "%s: out of memory (XML writer)", x->func);
}

void ssvc__xml_record_done(struct exporter *x, const char *what, const char *id) {
  if (x->fn_failed || x->rc == SSVC_ENOMEM) x->rc = ssvc__xml_writer_error(x, what, id);
}
