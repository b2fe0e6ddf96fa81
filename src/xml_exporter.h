/* The XML writer of the case interchange (doc/xml.md): the exporter's state and the element and
 * attribute writers that cases (xml_cases.c) and agreements (xml_agreements.c) are written
 * with. A writer failure is noted in x->rc. */
#ifndef SSVC_XML_EXPORTER_H
#define SSVC_XML_EXPORTER_H

#include <libxml/xmlwriter.h>

#include "case_keys.h"
#include "smartservice/xml.h"
#include "xml_util.h"

struct exporter {
  ssvc_store *st;
  ssvc_ctx *ctx;
  const char *func;
  xmlTextWriterPtr w;
  ssvc_write_fn fn;
  void *ud;
  int fn_failed;
  int64_t from, to; /* registration instants [from, to) */
  size_t count;
  uint64_t bytes;
  const ssvc_xml_export_options *opt;
  int rc;
  int dry; /* the reading pass before the output (doc/xml.md): records decoded, nothing written */
  int have_at;       /* at_text holds the text of instant at (a case's events share instants) */
  int64_t at;
  char at_text[32];
  int roster_rc; /* the roster scan of the agreement written last (xml_agreements.c) */
  int backup_rc; /* the backup-phone listing of the agreement written last (xml_agreements.c) */
  int stock_rc;  /* the stock change orders of the agreement written last (xml_agreements.c) */
};

/* A failed callback is remembered, not reported to libxml2 (which would print it): the export
 * stops at the next case and returns SSVC_EIO. */
int ssvc__xml_out_write(void *data, const char *buf, int len);
int ssvc__xml_out_close(void *data);
/* Attribute helpers: nothing is written for NULL or "". A writer failure is noted in x->rc. */
void ssvc__xml_wattr(struct exporter *x, const char *name, const char *value);
void ssvc__xml_wattr_int(struct exporter *x, const char *name, int64_t v);
void ssvc__xml_wattr_instant(struct exporter *x, const char *name, int64_t t);
void ssvc__xml_wattr_date(struct exporter *x, const char *name, ssvc_date d);
void ssvc__xml_wstart(struct exporter *x, const char *name);
void ssvc__xml_wend(struct exporter *x);
void ssvc__xml_wtext(struct exporter *x, const char *text);
/* The error for a failed write: SSVC_EIO "the output stopped (write failed)" when the output
 * callback failed, otherwise (libxml2 could not allocate) SSVC_ENOMEM "out of memory (XML
 * writer)", "at WHAT ID" when @p what is given. Sets the context's message. */
int ssvc__xml_writer_error(struct exporter *x, const char *what, const char *id);
/* After writing one record (WHAT ID, e.g. "case" and its id): a failure noted while writing it
 * becomes x->rc with its message (ssvc__xml_writer_error). */
void ssvc__xml_record_done(struct exporter *x, const char *what, const char *id);
/* The listing of a customer's cases: load each by id. */
int ssvc__xml_export_list_cb(void *data, const char *id);
/* Every case: one scan over the case records. */
int ssvc__xml_export_scan_cb(void *data, const void *key, size_t klen, const void *val, size_t vlen,
                             uint64_t ver);
/* The <repair-order> of case @p case_id, when it has one (xml_workshop.c). */
void ssvc__xml_write_repair(struct exporter *x, const char *customer, const char *case_id);
/* Every agreement (in customer id order), or the one of options->customer_id. */
int ssvc__xml_export_agreements(struct exporter *x);

#endif
