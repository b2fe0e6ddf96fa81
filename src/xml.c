/* xml: streaming export and import of case records (doc/xml.md, doc/cases.xsd). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlwriter.h>

#include "case_keys.h"
#include "smartservice/agreement.h"
#include "smartservice/calendar.h"
#include "smartservice/xml.h"
#include "xml_util.h"

/* ------------------------------------------------------------------------------------------ */
/* Shared                                                                                      */

static const char *const ship_kinds[] = {NULL, "replacement", "faulty", "workshop", "return"};
static const char *const event_kinds[] = {NULL,     "created",  "state",  "note",
                                          "diagnosis", "shipment", "charge", "erased"};

int ssvc_xml_import_options_init(ssvc_xml_import_options *options, unsigned int version) {
  return ssvc__struct_init(options, sizeof *options, version, SSVC_XML_IMPORT_OPTIONS_VERSION);
}

int ssvc_xml_export_options_init(ssvc_xml_export_options *options, unsigned int version) {
  return ssvc__struct_init(options, sizeof *options, version, SSVC_XML_EXPORT_OPTIONS_VERSION);
}

/* ------------------------------------------------------------------------------------------ */
/* Export                                                                                      */

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
  int have_at;       /* at_text holds the text of instant at (a case's events share instants) */
  int64_t at;
  char at_text[32];
};

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
 * stops at the next case and returns SSVC_EIO. */
static int out_write(void *data, const char *buf, int len) {
  struct exporter *x = data;
  if (x->fn_failed) return len;
  if (len > 0 && x->fn(x->ud, buf, (size_t)len)) {
    x->fn_failed = 1;
    return len;
  }
  x->bytes += (uint64_t)len;
  return len;
}

static int out_close(void *data) {
  (void)data;
  return 0;
}

/* Attribute helpers: nothing is written for NULL or "". A writer failure is noted in x->rc. */
static void wattr(struct exporter *x, const char *name, const char *value) {
  if (!value || !*value || x->rc) return;
  if (xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST value) < 0) x->rc = SSVC_EIO;
}

static void wattr_int(struct exporter *x, const char *name, int64_t v) {
  char buf[24];
  format_int(buf, v);
  wattr(x, name, buf);
}

static void wattr_instant(struct exporter *x, const char *name, int64_t t) {
  if (!x->have_at || x->at != t) {
    ssvc__utc_format(x->at_text, t);
    x->at = t;
    x->have_at = 1;
  }
  wattr(x, name, x->at_text);
}

static void wattr_date(struct exporter *x, const char *name, ssvc_date d) {
  if (!d.year) return;
  if (d.year >= 0 && d.year <= 9999 && d.month >= 0 && d.month <= 99 && d.day >= 0 &&
      d.day <= 99) {
    char buf[11] = {(char)('0' + d.year / 1000),      (char)('0' + d.year / 100 % 10),
                    (char)('0' + d.year / 10 % 10),   (char)('0' + d.year % 10),
                    '-',                               (char)('0' + d.month / 10),
                    (char)('0' + d.month % 10),        '-',
                    (char)('0' + d.day / 10),          (char)('0' + d.day % 10),
                    '\0'};
    wattr(x, name, buf);
    return;
  }
  char buf[16];
  snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  wattr(x, name, buf);
}

static void wstart(struct exporter *x, const char *name) {
  if (!x->rc && xmlTextWriterStartElement(x->w, BAD_CAST name) < 0) x->rc = SSVC_EIO;
}

static void wend(struct exporter *x) {
  if (!x->rc && xmlTextWriterEndElement(x->w) < 0) x->rc = SSVC_EIO;
}

static void wtext(struct exporter *x, const char *text) {
  if (!x->rc && text && *text && xmlTextWriterWriteString(x->w, BAD_CAST text) < 0)
    x->rc = SSVC_EIO;
}

static void write_case(struct exporter *x, const ssvc_case *c) {
  ssvc_case_info i;
  memset(&i, 0, sizeof i);
  i.version = SSVC_CASE_INFO_VERSION;
  ssvc_case_info_get(c, &i);
  wstart(x, "case");
  wattr(x, "id", i.id);
  wattr(x, "customer", i.customer_id);
  wattr(x, "state", ssvc_case_state_name(i.state));
  wattr_instant(x, "registered", i.registered_at);
  wattr_instant(x, "updated", i.updated_at);
  if (i.erased) wattr(x, "erased", "true");
  wstart(x, "user");
  wattr(x, "name", i.user_name);
  wattr(x, "phone", i.user_phone);
  wattr(x, "email", i.user_email);
  wend(x);
  wstart(x, "device");
  wattr(x, "imei", i.imei);
  wattr(x, "model", i.model);
  wattr(x, "serial", i.serial);
  wattr_date(x, "purchased", i.purchase_date);
  wattr_date(x, "warranty-end", i.warranty_end);
  wend(x);
  wstart(x, "tier");
  wattr(x, "code", i.tier_code);
  wattr_int(x, "features", i.features);
  wend(x);
  if (*i.symptom) {
    wstart(x, "symptom");
    wtext(x, i.symptom);
    wend(x);
  }
  if (i.outcome || *i.transcript) {
    wstart(x, "diagnosis");
    wattr(x, "outcome", ssvc_case_outcome_name(i.outcome));
    wtext(x, i.transcript);
    wend(x);
  }
  for (size_t n = 0; n < i.shipment_count; n++) {
    ssvc_shipment s = SSVC_SHIPMENT_INIT;
    ssvc_case_shipment_at(c, n, &s);
    wstart(x, "shipment");
    wattr(x, "kind", s.kind >= 1 && s.kind <= 4 ? ship_kinds[s.kind] : "replacement");
    wattr_instant(x, "at", s.at);
    wattr(x, "carrier", s.carrier);
    wattr(x, "tracking", s.tracking);
    wattr_int(x, "freight", s.freight_minor);
    wend(x);
  }
  for (size_t n = 0; n < i.charge_count; n++) {
    ssvc_case_charge g = SSVC_CASE_CHARGE_INIT;
    ssvc_case_charge_at(c, n, &g);
    wstart(x, "charge");
    wattr_int(x, "kind", g.kind);
    wattr_int(x, "amount", g.amount_minor);
    wattr(x, "currency", *g.currency ? g.currency : "SEK");
    wtext(x, g.text);
    wend(x);
  }
  for (size_t n = 0; n < i.event_count; n++) {
    ssvc_case_event e = SSVC_CASE_EVENT_INIT;
    ssvc_case_event_at(c, n, &e);
    wstart(x, "event");
    wattr_instant(x, "at", e.at);
    wattr(x, "actor", e.actor);
    wattr(x, "kind", e.kind >= 1 && e.kind <= 7 ? event_kinds[e.kind] : "note");
    if (e.from_state) wattr(x, "from", ssvc_case_state_name(e.from_state));
    if (e.to_state) wattr(x, "to", ssvc_case_state_name(e.to_state));
    wtext(x, e.note);
    wend(x);
  }
  wend(x);
  if (x->fn_failed && !x->rc) x->rc = SSVC_EIO;
  if (x->rc == SSVC_EIO)
    x->rc = x->fn_failed
                ? ssvc__err(x->ctx, SSVC_EIO, "%s: the output stopped (write failed)", x->func)
                : ssvc__err(x->ctx, SSVC_EIO, "%s: the XML writer failed at case %s", x->func,
                            i.id);
  x->count++;
  if (!x->rc && x->opt && x->opt->progress && x->count % 1000 == 0 &&
      x->opt->progress(x->opt->progress_data, x->count, x->bytes))
    x->rc = ssvc__err(x->ctx, SSVC_EIO, "%s: stopped by the progress callback", x->func);
}

/* The listing of a customer's cases: load each by id. */
static int export_list_cb(void *data, const char *id) {
  struct exporter *x = data;
  ssvc_case *c = NULL;
  x->rc = ssvc_case_load(x->st, &c, id);
  if (!x->rc) write_case(x, c);
  ssvc_case_free(c);
  return x->rc ? 1 : 0;
}

/* Every case: one scan over the case records. */
static int export_scan_cb(void *data, const void *key, size_t klen, const void *val, size_t vlen,
                          uint64_t ver) {
  (void)ver;
  struct exporter *x = data;
  ssvc_case *c = NULL;
  int rc = ssvc__case_decode_kv(x->ctx, x->func, key, klen, val, vlen, &c);
  if (rc) return x->rc = rc;
  ssvc_case_info i;
  memset(&i, 0, sizeof i);
  i.version = SSVC_CASE_INFO_VERSION;
  ssvc_case_info_get(c, &i);
  if (i.registered_at >= x->from && i.registered_at < x->to) write_case(x, c);
  ssvc_case_free(c);
  return x->rc;
}

/* ---- Agreements: <agreement> after the cases, written from the public agreement API. ---- */

/* A price override; nothing for SSVC_AGREEMENT_NO_OVERRIDE. */
static void wattr_price(struct exporter *x, const char *name, int64_t v) {
  if (v != SSVC_AGREEMENT_NO_OVERRIDE) wattr_int(x, name, v);
}

static void write_agreement(struct exporter *x, const ssvc_agreement *a) {
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  ssvc_agreement_spec_get(a, &s);
  wstart(x, "agreement");
  wattr(x, "customer", s.customer_id);
  wattr(x, "name", s.customer_name);
  wattr(x, "tier", s.tier_code);
  wattr_int(x, "fleet", s.fleet);
  wattr(x, "replacement", ssvc_replacement_name(s.replacement ? s.replacement
                                                              : SSVC_REPLACEMENT_SWAP));
  wattr(x, "repaired-to", ssvc_repaired_to_name(s.repaired_to ? s.repaired_to
                                                              : SSVC_REPAIRED_TO_STOCK));
  wattr_int(x, "swap-basis-points", s.swap_basis_points);
  if (s.cutoff_seconds) wattr_int(x, "cutoff-seconds", s.cutoff_seconds);
  if (s.return_days) wattr_int(x, "return-days", s.return_days);
  wattr_int(x, "vat-basis-points", s.vat_basis_points);
  wattr_price(x, "user-price", s.user_price_minor);
  wattr_price(x, "freight", s.freight_minor);
  wattr_price(x, "packaging", s.packaging_minor);
  wattr_price(x, "replacement-value", s.replacement_value_minor);
  if (s.swap_rent_minor) wattr_int(x, "swap-rent", s.swap_rent_minor);
  if (s.custom_tier) {
    const ssvc_tier_spec *t = s.custom_tier;
    wstart(x, "custom-tier");
    wattr(x, "name-sv", t->name_sv);
    wattr(x, "name-en", t->name_en);
    wattr_int(x, "features", t->features);
    wattr_int(x, "price", t->price_minor);
    wattr(x, "currency", t->currency && *t->currency ? t->currency : "SEK");
    wend(x);
  }
  for (size_t n = 0; n < s.closed_day_count; n++) {
    wstart(x, "closed-day");
    wattr_date(x, "date", s.closed_days[n]);
    wend(x);
  }
  for (size_t n = 0; n < s.model_count; n++) {
    const ssvc_agreement_model *m = &s.models[n];
    wstart(x, "model");
    wattr(x, "name", m->model);
    wattr_price(x, "value", m->replacement_value_minor);
    if (m->target) wattr_int(x, "target", m->target);
    wend(x);
  }
  wend(x);
  if (x->fn_failed && !x->rc) x->rc = SSVC_EIO;
  if (x->rc == SSVC_EIO)
    x->rc = x->fn_failed
                ? ssvc__err(x->ctx, SSVC_EIO, "%s: the output stopped (write failed)", x->func)
                : ssvc__err(x->ctx, SSVC_EIO, "%s: the XML writer failed at agreement %s",
                            x->func, s.customer_id);
}

/* One agreement by customer id; @p missing_ok: a customer without one writes nothing. */
static int export_agreement_of(struct exporter *x, const char *customer_id, int missing_ok) {
  ssvc_agreement *a = NULL;
  int rc = ssvc_agreement_load(x->st, &a, customer_id);
  /* A customer without an agreement, or with an id no agreement can have, has none. */
  if ((rc == SSVC_ENOTFOUND || rc == SSVC_EINVAL) && missing_ok) return SSVC_OK;
  if (rc) return x->rc = rc;
  write_agreement(x, a);
  ssvc_agreement_free(a);
  return x->rc;
}

static int export_agreement_cb(void *data, const char *customer_id) {
  return export_agreement_of(data, customer_id, 0) ? 1 : 0;
}

/* Every agreement (in customer id order), or the one of options->customer_id. */
static int export_agreements(struct exporter *x) {
  if (x->opt && x->opt->customer_id) return export_agreement_of(x, x->opt->customer_id, 1);
  int rc = ssvc_agreement_list(x->st, export_agreement_cb, x);
  return rc ? rc : x->rc;
}

int ssvc_xml_export(ssvc_store *store, size_t *count, ssvc_write_fn fn, void *user_data,
                    const ssvc_xml_export_options *options) {
  static const char func[] = "ssvc_xml_export";
  if (!store) return SSVC_EINVAL;
  ssvc_ctx *ctx = store->ctx;
  if (!fn) return ssvc__err(ctx, SSVC_EINVAL, "%s: fn must not be NULL", func);
  struct exporter x;
  memset(&x, 0, sizeof x);
  x.st = store;
  x.ctx = ctx;
  x.func = func;
  x.fn = fn;
  x.ud = user_data;
  x.opt = options;
  ssvc_date none = {0, 0, 0};
  int rc;
  if (options) {
    rc = ssvc__check_version(ctx, "ssvc_xml_export: options", options->version,
                             SSVC_XML_EXPORT_OPTIONS_VERSION);
    if (rc) return rc;
  }
  rc = ssvc__utc_day_bounds(ctx, func, options ? options->from : none, options ? options->to : none,
                            &x.from, &x.to);
  if (rc) return rc;
  xmlInitParser();
  xmlOutputBufferPtr ob = xmlOutputBufferCreateIO(out_write, out_close, &x, NULL);
  if (!ob) return ssvc__err(ctx, SSVC_ENOMEM, "%s: out of memory (XML writer)", func);
  x.w = xmlNewTextWriter(ob);
  if (!x.w) {
    xmlOutputBufferClose(ob);
    return ssvc__err(ctx, SSVC_ENOMEM, "%s: out of memory (XML writer)", func);
  }
  xmlTextWriterSetIndent(x.w, 1);
  xmlTextWriterSetIndentString(x.w, BAD_CAST "  ");
  if (xmlTextWriterStartDocument(x.w, "1.0", "UTF-8", NULL) < 0) x.rc = SSVC_EIO;
  if (!x.rc && xmlTextWriterStartElementNS(x.w, NULL, BAD_CAST "cases",
                                           BAD_CAST SSVC_XML_CASES_NS) < 0)
    x.rc = SSVC_EIO;
  wattr(&x, "version", "1");
  if (x.rc) {
    rc = ssvc__err(ctx, SSVC_EIO, "%s: the output stopped (write failed)", func);
  } else if (options && options->customer_id) {
    rc = ssvc_case_list_customer(store, options->customer_id, x.from, x.to, export_list_cb, &x);
    if (!rc) rc = x.rc;
  } else {
    static const uint8_t lo[] = {'C'}, hi[] = {'C' + 1};
    rc = ssvc__store_scan(store, func, lo, 1, hi, 1, export_scan_cb, &x);
    if (!rc) rc = x.rc;
  }
  if (!rc) rc = export_agreements(&x);
  if (!rc && (xmlTextWriterEndDocument(x.w) < 0 || xmlTextWriterFlush(x.w) < 0))
    rc = ssvc__err(ctx, SSVC_EIO, "%s: the output stopped (write failed)", func);
  xmlFreeTextWriter(x.w);
  if (rc == SSVC_OK && x.fn_failed)
    rc = ssvc__err(ctx, SSVC_EIO, "%s: the output stopped (write failed)", func);
  if (rc == SSVC_OK && count) *count = x.count;
  return rc;
}

struct file_out {
  FILE *f;
};

/* Files are read and written through a large stdio buffer (setvbuf before any input or output,
 * freed after fclose): with the default one (a page) a gigabyte took a quarter of a million
 * system calls. Allocated before the file is opened, so running out of memory touches no file. */
#define SSVC_XML_FILE_BUFFER (256 * 1024)
static char *file_buffer(ssvc_ctx *ctx, const char *func) {
  char *buf = ssvc__malloc(ctx, SSVC_XML_FILE_BUFFER);
  if (!buf) ssvc__err(ctx, SSVC_ENOMEM, "%s: out of memory (file buffer)", func);
  return buf;
}

static int file_write(void *data, const char *bytes, size_t len) {
  struct file_out *fo = data;
  return fwrite(bytes, 1, len, fo->f) == len ? 0 : 1;
}

int ssvc_xml_export_file(ssvc_store *store, size_t *count, const char *path,
                         const ssvc_xml_export_options *options) {
  static const char func[] = "ssvc_xml_export_file";
  if (!store) return SSVC_EINVAL;
  if (!path) return ssvc__err(store->ctx, SSVC_EINVAL, "%s: path must not be NULL", func);
  char *buf = file_buffer(store->ctx, func);
  if (!buf) return SSVC_ENOMEM;
  struct file_out fo = {fopen(path, "wb")};
  if (!fo.f) {
    int rc = ssvc__err(store->ctx, SSVC_EIO, "%s: %s: cannot create (%s)", func, path,
                       strerror(errno));
    ssvc__free(store->ctx, buf);
    return rc;
  }
  setvbuf(fo.f, buf, _IOFBF, SSVC_XML_FILE_BUFFER); /* on failure stdio keeps its own */
  int rc = ssvc_xml_export(store, count, file_write, &fo, options);
  if (fclose(fo.f) != 0 && rc == SSVC_OK)
    rc = ssvc__err(store->ctx, SSVC_EIO, "%s: %s: cannot write (%s)", func, path, strerror(errno));
  ssvc__free(store->ctx, buf);
  return rc;
}

/* ------------------------------------------------------------------------------------------ */
/* Import                                                                                      */

extern const unsigned char ssvc__cases_xsd[];
extern const size_t ssvc__cases_xsd_len;

struct importer {
  ssvc_store *st;
  ssvc_ctx *ctx;
  const char *func;
  const char *name;
  ssvc_xml_import_options opt;
  ssvc_xml_import_result res;
  ssvc__xml_err xerr;
  ssvc__xml_src src; /* last: large */
  /* The record being read: its lists grow and are reused from case to case. */
  ssvc_case_event *ev;
  size_t ev_cap;
  ssvc_shipment *sh;
  size_t sh_cap;
  ssvc_case_charge *ch;
  size_t ch_cap;
  xmlChar *owned[64]; /* texts made by xmlNodeGetContent, freed after the record */
  size_t nowned;
  size_t in_batch; /* cases written in the open batch */
  size_t pend_new, pend_replaced; /* written in the open batch, counted when it commits */
  uint32_t cyear[8], cmax[8];      /* the highest number written per year in the open batch */
  size_t ncounters;
  int batch_open;
  long line, col;  /* where the current record's element starts */
  long eline, ecol; /* where its error is */
  char case_id[SSVC_CASE_ID_SIZE];
  /* Agreement records (read_agreement): lists reused from record to record, counts pending in
   * the open batch, and the customer id of the record being read. */
  ssvc_date *cd;
  size_t cd_cap;
  ssvc_agreement_model *md;
  size_t md_cap;
  size_t pend_agr_new, pend_agr_replaced;
  char agr_id[SSVC_AGREEMENT_ID_MAX + 1];
  char last_at[2][21];   /* the last two instants parsed ("" at first) and their values */
  int64_t last_at_value[2];
  const xmlNs *root_ns;  /* the root element's namespace once it is the cases namespace */
};

/* A bad record: message "name:line:col: case ID: why", reported through on_bad. */
static int rec_err(struct importer *im, int code, const xmlNode *n, const char *fmt, ...)
    SSVC_PRINTF(4, 5);
static int rec_err(struct importer *im, int code, const xmlNode *n, const char *fmt, ...) {
  char why[400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(why, sizeof why, fmt, ap);
  va_end(ap);
  long line = im->line, col = im->col;
  if (n && n->type == XML_ELEMENT_NODE) ssvc__xml_where(&im->src, n, &line, &col);
  im->eline = line;
  im->ecol = col;
  if (im->case_id[0])
    return ssvc__err(im->ctx, code, "%s: %s:%ld:%ld: case %s: %s", im->func, im->name, line, col,
                     im->case_id, why);
  if (im->agr_id[0])
    return ssvc__err(im->ctx, code, "%s: %s:%ld:%ld: agreement %s: %s", im->func, im->name, line,
                     col, im->agr_id, why);
  return ssvc__err(im->ctx, code, "%s: %s:%ld:%ld: %s", im->func, im->name, line, col, why);
}

/* Equal strings, compared inline: the names and values compared here are a few bytes long, and
 * a library call for each cost more than the comparison. */
static inline int streq(const char *a, const char *b) {
  while (*a && *a == *b) {
    a++;
    b++;
  }
  return *a == *b;
}

static int is_ns_elem(const xmlNode *n) {
  return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
         strcmp((const char *)n->ns->href, SSVC_XML_CASES_NS) == 0;
}

/* The text of an element (its text and CDATA children); NULL on a child element. */
static int elem_text(struct importer *im, const xmlNode *n, const char **out) {
  const xmlNode *only = NULL;
  size_t texts = 0;
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      only = c;
      texts++;
    } else if (c->type == XML_ELEMENT_NODE) {
      return rec_err(im, SSVC_EPARSE, c, "<%s> must not contain elements (got <%.64s>)",
                     (const char *)n->name, (const char *)c->name);
    } else if (c->type != XML_COMMENT_NODE && c->type != XML_PI_NODE) {
      return rec_err(im, SSVC_EPARSE, n, "<%s>: unexpected content", (const char *)n->name);
    }
  }
  *out = "";
  if (texts == 1) {
    *out = (const char *)only->content;
  } else if (texts > 1) {
    if (im->nowned == sizeof im->owned / sizeof im->owned[0])
      return rec_err(im, SSVC_ELIMIT, n, "too many split texts in one record");
    xmlChar *s = xmlNodeGetContent(n);
    if (!s) return ssvc__err(im->ctx, SSVC_ENOMEM, "%s: out of memory (XML)", im->func);
    im->owned[im->nowned++] = s;
    *out = (const char *)s;
  }
  if (strlen(*out) > im->opt.max_text)
    return rec_err(im, SSVC_ELIMIT, n, "<%s>: text longer than max_text (%zu bytes)",
                   (const char *)n->name, im->opt.max_text);
  return SSVC_OK;
}

/* Reads the attributes of @p n into @p vals (by the names in @p names, NULL-terminated); an
 * attribute not in the list is an error. */
static int get_attrs(struct importer *im, const xmlNode *n, const char *const *names,
                     const char **vals) {
  size_t count = 0, next = 0;
  for (; names[count]; count++) vals[count] = NULL;
  for (const xmlAttr *a = n->properties; a; a = a->next) {
    /* Attributes usually come in the order of the list: try the one after the last match first. */
    size_t k;
    if (next < count && !a->ns && streq((const char *)a->name, names[next]))
      k = next;
    else
      for (k = 0; names[k] && (a->ns || !streq((const char *)a->name, names[k])); k++) {
      }
    next = k + 1;
    if (!names[k])
      return rec_err(im, SSVC_EPARSE, n, "<%s>: unknown attribute '%.64s'",
                     (const char *)n->name, (const char *)a->name);
    const char *v = a->children && a->children->content && !a->children->next
                        ? (const char *)a->children->content
                        : "";
    if (a->children && a->children->next) {
      if (im->nowned == sizeof im->owned / sizeof im->owned[0])
        return rec_err(im, SSVC_ELIMIT, n, "too many split texts in one record");
      xmlChar *s = xmlNodeListGetString(n->doc, a->children, 1);
      if (!s) return ssvc__err(im->ctx, SSVC_ENOMEM, "%s: out of memory (XML)", im->func);
      im->owned[im->nowned++] = s;
      v = (const char *)s;
    }
    if (strlen(v) > im->opt.max_text)
      return rec_err(im, SSVC_ELIMIT, n, "<%s>: attribute '%s' longer than max_text (%zu bytes)",
                     (const char *)n->name, names[k], im->opt.max_text);
    vals[k] = v;
  }
  return SSVC_OK;
}

static int need(struct importer *im, const xmlNode *n, const char *v, const char *what) {
  if (!v || !*v)
    return rec_err(im, SSVC_EPARSE, n, "<%s>: attribute '%s' is required", (const char *)n->name,
                   what);
  return SSVC_OK;
}

static int get_instant(struct importer *im, const xmlNode *n, const char *v, const char *what,
                       int64_t *out) {
  int rc = need(im, n, v, what);
  if (rc) return rc;
  /* A record's events mostly share its registration and update instants: the last two parsed
   * are kept. */
  for (int slot = 0; slot < 2; slot++) {
    const char *l = im->last_at[slot];
    size_t k = 0;
    while (k < 20 && v[k] && v[k] == l[k]) k++;
    if (k == 20 && !v[k]) {
      *out = im->last_at_value[slot];
      return SSVC_OK;
    }
  }
  if (ssvc__utc_parse(v, out))
    return rec_err(im, SSVC_EPARSE, n,
                   "<%s>: %s: not a UTC instant like 2026-03-02T09:00:00Z (got '%.40s')",
                   (const char *)n->name, what, v);
  memcpy(im->last_at[1], im->last_at[0], sizeof im->last_at[0]);
  im->last_at_value[1] = im->last_at_value[0];
  memcpy(im->last_at[0], v, sizeof im->last_at[0]); /* it parsed: 20 characters and the NUL */
  im->last_at_value[0] = *out;
  return SSVC_OK;
}

static int get_int(struct importer *im, const xmlNode *n, const char *v, const char *what,
                   int64_t lo, int64_t hi, int64_t *out) {
  int rc = need(im, n, v, what);
  if (rc) return rc;
  const char *p = v;
  int neg = *p == '-';
  if (neg) p++;
  uint64_t u = 0;
  int ok = *p >= '0' && *p <= '9' && strlen(p) <= 19 && !(p[0] == '0' && p[1]);
  for (; ok && *p; p++) {
    ok = *p >= '0' && *p <= '9';
    u = u * 10 + (uint64_t)(*p - '0');
  }
  ok = ok && u <= (uint64_t)INT64_MAX;
  int64_t s = neg ? -(int64_t)u : (int64_t)u;
  if (!ok || s < lo || s > hi || (neg && u == 0))
    return rec_err(im, SSVC_EPARSE, n, "<%s>: %s: not a whole number %" PRId64 "..%" PRId64
                   " (got '%.40s')", (const char *)n->name, what, lo, hi, v);
  *out = s;
  return SSVC_OK;
}

static int get_date(struct importer *im, const xmlNode *n, const char *v, const char *what,
                    ssvc_date *out) {
  out->year = out->month = out->day = 0;
  if (!v) return SSVC_OK;
  int ok = strlen(v) == 10 && v[4] == '-' && v[7] == '-';
  for (int k = 0; ok && k < 10; k++) ok = k == 4 || k == 7 || (v[k] >= '0' && v[k] <= '9');
  if (ok) {
    out->year = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 + (v[3] - '0');
    out->month = (v[5] - '0') * 10 + (v[6] - '0');
    out->day = (v[8] - '0') * 10 + (v[9] - '0');
    ok = ssvc_date_is_valid(out);
  }
  if (!ok)
    return rec_err(im, SSVC_EPARSE, n, "<%s>: %s: not a date YYYY-MM-DD (got '%.40s')",
                   (const char *)n->name, what, v);
  return SSVC_OK;
}

static int name_in(const char *v, const char *const *names, int lo, int hi) {
  for (int k = lo; k <= hi; k++)
    if (streq(v, names[k])) return k;
  return -1;
}

static int get_state(struct importer *im, const xmlNode *n, const char *v, const char *what,
                     int *out) {
  int rc = need(im, n, v, what);
  if (rc) return rc;
  for (int k = 1; k <= SSVC_CASE_STATE_MAX; k++)
    if (streq(v, ssvc_case_state_name(k))) {
      *out = k;
      return SSVC_OK;
    }
  return rec_err(im, SSVC_EPARSE, n, "<%s>: %s: not a case state (got '%.40s')",
                 (const char *)n->name, what, v);
}

#define GROW(im, arr, cap, n)                                                                 \
  do {                                                                                        \
    if ((n) == (cap)) {                                                                       \
      size_t ncap_ = (cap) ? (cap) * 2 : 16;                                                  \
      void *p_ = ssvc__realloc((im)->ctx, (arr), ncap_ * sizeof *(arr));                      \
      if (!p_) return SSVC_ENOMEM;                                                            \
      (arr) = p_;                                                                             \
      (cap) = ncap_;                                                                          \
    }                                                                                         \
  } while (0)

/* Reads one <case> element into @p w (strings borrowed from the tree). */
static int read_case(struct importer *im, const xmlNode *n, ssvc__case_whole *w) {
  static const char *const case_attrs[] = {"id", "customer", "state", "registered", "updated",
                                           "erased", NULL};
  const char *a[8];
  int rc = get_attrs(im, n, case_attrs, a);
  if (rc) return rc;
  memset(w, 0, sizeof *w);
  ssvc_case_info *i = &w->info;
  i->version = SSVC_CASE_INFO_VERSION;
  if ((rc = need(im, n, a[0], "id"))) return rc;
  size_t idlen = 0;
  for (; a[0][idlen] && idlen < sizeof im->case_id - 1; idlen++) im->case_id[idlen] = a[0][idlen];
  im->case_id[idlen] = '\0';
  i->id = a[0];
  i->customer_id = a[1];
  if ((rc = need(im, n, a[1], "customer")) || (rc = get_state(im, n, a[2], "state", &i->state)) ||
      (rc = get_instant(im, n, a[3], "registered", &i->registered_at)) ||
      (rc = get_instant(im, n, a[4], "updated", &i->updated_at)))
    return rc;
  if (a[5] && strcmp(a[5], "true") != 0 && strcmp(a[5], "false") != 0)
    return rec_err(im, SSVC_EPARSE, n, "<case>: erased: must be true or false (got '%.20s')",
                   a[5]);
  i->erased = a[5] && strcmp(a[5], "true") == 0;
  /* Children in the order of the schema. */
  enum { C_USER, C_DEVICE, C_TIER, C_SYMPTOM, C_DIAGNOSIS, C_SHIPMENT, C_CHARGE, C_EVENT, C_N };
  static const char *const kids[] = {"user",      "device",   "tier",   "symptom",
                                     "diagnosis", "shipment", "charge", "event"};
  int last = -1, seen[C_N] = {0};
  size_t nev = 0, nsh = 0, nch = 0;
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE) continue;
    if (c->type == XML_TEXT_NODE) {
      for (const xmlChar *p = c->content; p && *p; p++)
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
          return rec_err(im, SSVC_EPARSE, n, "<case>: unexpected text");
      continue;
    }
    if (!(c->type == XML_ELEMENT_NODE && c->ns && c->ns == im->root_ns) && !is_ns_elem(c))
      return rec_err(im, SSVC_EPARSE, c, "<case>: unexpected %s <%.64s>",
                     c->type == XML_ELEMENT_NODE ? "element" : "node",
                     c->name ? (const char *)c->name : "?");
    if (nev + nsh + nch >= 100000)
      return rec_err(im, SSVC_ELIMIT, c, "<case>: more than 100000 events, shipments and charges");
    /* Children come in order: look from the previous one's kind on, then before it. */
    int k = name_in((const char *)c->name, kids, last < 0 ? 0 : last, C_N - 1);
    if (k < 0 && last > 0) k = name_in((const char *)c->name, kids, 0, last - 1);
    if (k < 0)
      return rec_err(im, SSVC_EPARSE, c, "<case>: unknown element <%.64s>",
                     (const char *)c->name);
    if (k < last || (seen[k] && k < C_SHIPMENT))
      return rec_err(im, SSVC_EPARSE, c, "<case>: <%s> is out of place (order: user, device, "
                     "tier, symptom, diagnosis, shipment*, charge*, event*)", kids[k]);
    last = k;
    seen[k] = 1;
    const char *v[8];
    switch (k) {
    case C_USER: {
      static const char *const at[] = {"name", "phone", "email", NULL};
      if ((rc = get_attrs(im, c, at, v))) return rc;
      i->user_name = v[0];
      i->user_phone = v[1];
      i->user_email = v[2];
      break;
    }
    case C_DEVICE: {
      static const char *const at[] = {"imei", "model", "serial", "purchased", "warranty-end",
                                       NULL};
      if ((rc = get_attrs(im, c, at, v)) ||
          (rc = get_date(im, c, v[3], "purchased", &i->purchase_date)) ||
          (rc = get_date(im, c, v[4], "warranty-end", &i->warranty_end)))
        return rc;
      i->imei = v[0];
      i->model = v[1];
      i->serial = v[2];
      break;
    }
    case C_TIER: {
      static const char *const at[] = {"code", "features", NULL};
      int64_t f = 0;
      if ((rc = get_attrs(im, c, at, v)) || (rc = need(im, c, v[0], "code")) ||
          (rc = get_int(im, c, v[1], "features", 0, SSVC_FEATURE_ALL, &f)))
        return rc;
      i->tier_code = v[0];
      i->features = (unsigned int)f;
      break;
    }
    case C_SYMPTOM:
      if ((rc = get_attrs(im, c, (const char *const[]){NULL}, v)) ||
          (rc = elem_text(im, c, &i->symptom)))
        return rc;
      break;
    case C_DIAGNOSIS: {
      static const char *const at[] = {"outcome", NULL};
      if ((rc = get_attrs(im, c, at, v)) || (rc = need(im, c, v[0], "outcome"))) return rc;
      int o = -1;
      for (int q = 0; q <= SSVC_CASE_OUTCOME_MAX; q++)
        if (streq(v[0], ssvc_case_outcome_name(q))) o = q;
      if (o < 0)
        return rec_err(im, SSVC_EPARSE, c, "<diagnosis>: outcome: not an outcome (got '%.40s')",
                       v[0]);
      i->outcome = o;
      if ((rc = elem_text(im, c, &i->transcript))) return rc;
      break;
    }
    case C_SHIPMENT: {
      static const char *const at[] = {"kind", "at", "carrier", "tracking", "freight", NULL};
      GROW(im, im->sh, im->sh_cap, nsh);
      ssvc_shipment *s = &im->sh[nsh];
      memset(s, 0, sizeof *s);
      s->version = SSVC_SHIPMENT_VERSION;
      if ((rc = get_attrs(im, c, at, v)) || (rc = need(im, c, v[0], "kind"))) return rc;
      s->kind = name_in(v[0], ship_kinds, 1, 4);
      if (s->kind < 0)
        return rec_err(im, SSVC_EPARSE, c, "<shipment>: kind: not a shipment kind (got '%.40s')",
                       v[0]);
      if ((rc = get_instant(im, c, v[1], "at", &s->at)) ||
          (rc = get_int(im, c, v[4], "freight", 0, INT64_MAX, &s->freight_minor)))
        return rc;
      s->carrier = v[2];
      s->tracking = v[3];
      if ((rc = elem_text(im, c, &v[7]))) return rc; /* no text allowed */
      if (*v[7]) return rec_err(im, SSVC_EPARSE, c, "<shipment> must be empty");
      nsh++;
      break;
    }
    case C_CHARGE: {
      static const char *const at[] = {"kind", "amount", "currency", NULL};
      GROW(im, im->ch, im->ch_cap, nch);
      ssvc_case_charge *g = &im->ch[nch];
      memset(g, 0, sizeof *g);
      g->version = SSVC_CASE_CHARGE_VERSION;
      int64_t kind = 0;
      if ((rc = get_attrs(im, c, at, v)) || (rc = get_int(im, c, v[0], "kind", 1, INT32_MAX, &kind)) ||
          (rc = get_int(im, c, v[1], "amount", INT64_MIN + 1, INT64_MAX, &g->amount_minor)) ||
          (rc = elem_text(im, c, &g->text)))
        return rc;
      g->kind = (int)kind;
      g->currency = v[2];
      nch++;
      break;
    }
    case C_EVENT: {
      static const char *const at[] = {"at", "actor", "kind", "from", "to", NULL};
      GROW(im, im->ev, im->ev_cap, nev);
      ssvc_case_event *e = &im->ev[nev];
      memset(e, 0, sizeof *e);
      e->version = SSVC_CASE_EVENT_VERSION;
      if ((rc = get_attrs(im, c, at, v)) || (rc = get_instant(im, c, v[0], "at", &e->at)) ||
          (rc = need(im, c, v[2], "kind")))
        return rc;
      e->actor = v[1];
      e->kind = name_in(v[2], event_kinds, 1, 7);
      if (e->kind < 0)
        return rec_err(im, SSVC_EPARSE, c, "<event>: kind: not an event kind (got '%.40s')",
                       v[2]);
      if ((v[3] && (rc = get_state(im, c, v[3], "from", &e->from_state))) ||
          (v[4] && (rc = get_state(im, c, v[4], "to", &e->to_state))) ||
          (rc = elem_text(im, c, &e->note)))
        return rc;
      nev++;
      break;
    }
    default:
      break;
    }
  }
  if (!seen[C_USER] || !seen[C_DEVICE] || !seen[C_TIER])
    return rec_err(im, SSVC_EPARSE, n, "<case>: <%s> is missing",
                   !seen[C_USER] ? "user" : !seen[C_DEVICE] ? "device" : "tier");
  w->ev = im->ev;
  w->nev = nev;
  w->sh = im->sh;
  w->nsh = nsh;
  w->ch = im->ch;
  w->nch = nch;
  return SSVC_OK;
}

/* Raises the id counters to the numbers the open batch wrote. */
static int flush_counters(struct importer *im) {
  int rc = SSVC_OK;
  for (size_t k = 0; k < im->ncounters && !rc; k++)
    rc = ssvc__case_raise_counter(im->st, im->func, im->cyear[k], im->cmax[k]);
  im->ncounters = 0;
  return rc;
}

/* Notes the number of a case written in the open batch (its id is well-formed). */
static int note_counter(struct importer *im, const char *id) {
  uint32_t year = 0, seq = 0;
  for (int k = 3; k < 7; k++) year = year * 10 + (uint32_t)(id[k] - '0');
  for (const char *p = id + 8; *p; p++) seq = seq * 10 + (uint32_t)(*p - '0');
  for (size_t k = 0; k < im->ncounters; k++)
    if (im->cyear[k] == year) {
      if (im->cmax[k] < seq) im->cmax[k] = seq;
      return SSVC_OK;
    }
  if (im->ncounters == sizeof im->cyear / sizeof im->cyear[0]) {
    int rc = flush_counters(im);
    if (rc) return rc;
  }
  im->cyear[im->ncounters] = year;
  im->cmax[im->ncounters++] = seq;
  return SSVC_OK;
}

static int batch_commit(struct importer *im) {
  if (!im->batch_open) return SSVC_OK;
  int rc = flush_counters(im);
  if (rc) return rc; /* the caller rolls the batch back */
  im->batch_open = 0;
  rc = ssvc_store_commit(im->st);
  if (rc) return rc;
  im->in_batch = 0;
  im->res.imported += im->pend_new;
  im->res.replaced += im->pend_replaced;
  im->pend_new = im->pend_replaced = 0;
  im->res.agreements_imported += im->pend_agr_new;
  im->res.agreements_replaced += im->pend_agr_replaced;
  im->pend_agr_new = im->pend_agr_replaced = 0;
  if (im->opt.progress &&
      im->opt.progress(im->opt.progress_data,
                       (uint64_t)(im->res.imported + im->res.replaced + im->res.skipped +
                                  im->res.agreements_imported + im->res.agreements_replaced +
                                  im->res.agreements_skipped),
                       im->src.total))
    return ssvc__err(im->ctx, SSVC_EIO, "%s: stopped by the progress callback", im->func);
  return SSVC_OK;
}

/* Appends @p s to buf[*len] (size @p cap), truncating like snprintf. */
static void put_str(char *buf, size_t cap, size_t *len, const char *s) {
  while (*s && *len + 1 < cap) buf[(*len)++] = *s++;
  buf[*len] = '\0';
}

static void put_long(char *buf, size_t cap, size_t *len, long v) {
  char d[24];
  size_t k = sizeof d;
  unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
  d[--k] = '\0';
  do d[--k] = (char)('0' + u % 10); while ((u /= 10) != 0);
  if (v < 0) d[--k] = '-';
  put_str(buf, cap, len, d + k);
}

/* The record's "func: name:line:col: case ID", the function name the case module's checks and
 * writes report their errors under (built for every case: no printf). */
static void record_func(const struct importer *im, char *buf, size_t cap) {
  size_t len = 0;
  buf[0] = '\0';
  put_str(buf, cap, &len, im->func);
  put_str(buf, cap, &len, ": ");
  put_str(buf, cap, &len, im->name);
  put_str(buf, cap, &len, ":");
  put_long(buf, cap, &len, im->line);
  put_str(buf, cap, &len, ":");
  put_long(buf, cap, &len, im->col);
  put_str(buf, cap, &len, ": case ");
  put_str(buf, cap, &len, im->case_id);
}

static void free_owned(struct importer *im) {
  for (size_t k = 0; k < im->nowned; k++) xmlFree(im->owned[k]);
  im->nowned = 0;
}

/* One <case>: read, check, write into the open batch. A bad record is reported; it fails the
 * import unless continue_on_error (structural errors and storage failures always do). */
static int import_case(struct importer *im, const xmlNode *n) {
  ssvc__case_whole w;
  char func[300];
  im->case_id[0] = '\0';
  /* run_import() has found where the record starts (im->line, im->col). */
  im->eline = im->line;
  im->ecol = im->col;
  int rc = read_case(im, n, &w);
  if (rc == SSVC_OK) {
    record_func(im, func, sizeof func);
    rc = ssvc__case_whole_check(im->ctx, func, &w);
  }
  if (rc == SSVC_OK) {
    if (!im->batch_open) {
      if ((rc = ssvc_store_begin(im->st))) goto out;
      im->batch_open = 1;
    }
    int result = 0;
    rc = ssvc__case_put_whole(im->st, func, &w, im->opt.on_duplicate, 0, &result);
    if (rc == SSVC_EEXISTS || rc == SSVC_EINVAL) {
      /* refused before writing: a bad record (the batch is intact) */
    } else if (rc) {
      goto out; /* storage: fatal */
    } else {
      if (result == 1) im->pend_new++;
      else if (result == 2) im->pend_replaced++;
      else im->res.skipped++;
      if (result) {
        im->in_batch++;
        if ((rc = note_counter(im, w.info.id))) goto out;
      }
      if (im->in_batch >= im->opt.batch_size) rc = batch_commit(im);
      goto out;
    }
  }
  if (rc == SSVC_ENOMEM) goto out;
  im->res.bad++;
  if (im->opt.on_bad)
    im->opt.on_bad(im->opt.on_bad_data, im->eline, im->ecol, im->case_id, rc,
                   ssvc_ctx_errmsg(im->ctx));
  if (im->opt.continue_on_error && rc != SSVC_ELIMIT) rc = SSVC_OK;
out:
  free_owned(im);
  return rc;
}

/* ---- Agreements: <agreement> records, written through ssvc_agreement_create/update. ---- */

/* The actor of the events an imported agreement's log gets. */
#define XML_IMPORT_ACTOR "xml-import"

/* An optional price attribute: absent means no override. */
static int get_price(struct importer *im, const xmlNode *n, const char *v, const char *what,
                     int64_t *out) {
  *out = SSVC_AGREEMENT_NO_OVERRIDE;
  return v ? get_int(im, n, v, what, 0, INT64_MAX, out) : SSVC_OK;
}

/* Reads one <agreement> into @p s (strings borrowed from the tree, lists in the importer). */
static int read_agreement(struct importer *im, const xmlNode *n, ssvc_agreement_spec *s,
                          ssvc_tier_spec *t) {
  static const char *const attrs[] = {"customer", "name", "tier", "fleet", "replacement",
                                      "repaired-to", "swap-basis-points", "cutoff-seconds",
                                      "return-days", "user-price", "freight", "packaging",
                                      "replacement-value", "vat-basis-points", "swap-rent",
                                      NULL};
  enum { A_CUSTOMER, A_NAME, A_TIER, A_FLEET, A_REPLACEMENT, A_REPAIRED_TO, A_BP, A_CUTOFF,
         A_RETURN, A_USER_PRICE, A_FREIGHT, A_PACKAGING, A_VALUE, A_VAT, A_RENT, A_N };
  const char *a[A_N + 1];
  int rc = get_attrs(im, n, attrs, a);
  if (rc) return rc;
  if ((rc = need(im, n, a[A_CUSTOMER], "customer"))) return rc;
  snprintf(im->agr_id, sizeof im->agr_id, "%s", a[A_CUSTOMER]);
  if ((rc = need(im, n, a[A_NAME], "name")) || (rc = need(im, n, a[A_TIER], "tier"))) return rc;
  s->customer_id = a[A_CUSTOMER];
  s->customer_name = a[A_NAME];
  s->tier_code = a[A_TIER];
  int64_t v = 0;
  if ((rc = get_int(im, n, a[A_FLEET], "fleet", 0, UINT32_MAX, &v))) return rc;
  s->fleet = (uint32_t)v;
  if (a[A_REPLACEMENT]) {
    if (ssvc_replacement_from_name(NULL, &s->replacement, a[A_REPLACEMENT]))
      return rec_err(im, SSVC_EPARSE, n, "<agreement>: replacement: not swap or loan (got "
                     "'%.40s')", a[A_REPLACEMENT]);
  }
  if (a[A_REPAIRED_TO]) {
    if (ssvc_repaired_to_from_name(NULL, &s->repaired_to, a[A_REPAIRED_TO]))
      return rec_err(im, SSVC_EPARSE, n, "<agreement>: repaired-to: not stock or user (got "
                     "'%.40s')", a[A_REPAIRED_TO]);
  }
  if (a[A_BP]) {
    if ((rc = get_int(im, n, a[A_BP], "swap-basis-points", 0, 10000, &v))) return rc;
    s->swap_basis_points = (uint32_t)v;
  }
  if (a[A_CUTOFF]) {
    if ((rc = get_int(im, n, a[A_CUTOFF], "cutoff-seconds", 1, 86400, &v))) return rc;
    s->cutoff_seconds = (int)v;
  }
  if (a[A_RETURN]) {
    if ((rc = get_int(im, n, a[A_RETURN], "return-days", 1, 1000, &v))) return rc;
    s->return_days = (int)v;
  }
  if ((rc = get_price(im, n, a[A_USER_PRICE], "user-price", &s->user_price_minor)) ||
      (rc = get_price(im, n, a[A_FREIGHT], "freight", &s->freight_minor)) ||
      (rc = get_price(im, n, a[A_PACKAGING], "packaging", &s->packaging_minor)) ||
      (rc = get_price(im, n, a[A_VALUE], "replacement-value", &s->replacement_value_minor)))
    return rc;
  if (a[A_VAT]) {
    if ((rc = get_int(im, n, a[A_VAT], "vat-basis-points", 0, 10000, &v))) return rc;
    s->vat_basis_points = (uint32_t)v;
  }
  if (a[A_RENT] && (rc = get_int(im, n, a[A_RENT], "swap-rent", 0, INT64_MAX,
                                 &s->swap_rent_minor)))
    return rc;
  /* Children: custom-tier?, closed-day*, model*. */
  enum { K_TIER, K_CLOSED, K_MODEL, K_N };
  static const char *const kids[] = {"custom-tier", "closed-day", "model"};
  int last = -1;
  size_t ncd = 0, nmd = 0;
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE) continue;
    if (c->type == XML_TEXT_NODE) {
      for (const xmlChar *p = c->content; p && *p; p++)
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
          return rec_err(im, SSVC_EPARSE, n, "<agreement>: unexpected text");
      continue;
    }
    if (!is_ns_elem(c))
      return rec_err(im, SSVC_EPARSE, c, "<agreement>: unexpected %s <%.64s>",
                     c->type == XML_ELEMENT_NODE ? "element" : "node",
                     c->name ? (const char *)c->name : "?");
    int k = name_in((const char *)c->name, kids, 0, K_N - 1);
    if (k < 0)
      return rec_err(im, SSVC_EPARSE, c, "<agreement>: unknown element <%.64s>",
                     (const char *)c->name);
    if (k < last || (k == K_TIER && last == K_TIER))
      return rec_err(im, SSVC_EPARSE, c, "<agreement>: <%s> is out of place (order: "
                     "custom-tier, closed-day*, model*)", kids[k]);
    last = k;
    const char *w[8], *text;
    if ((rc = elem_text(im, c, &text))) return rc;
    if (*text) return rec_err(im, SSVC_EPARSE, c, "<%s> must be empty", kids[k]);
    if (k == K_TIER) {
      static const char *const at[] = {"name-sv", "name-en", "features", "price", "currency",
                                       NULL};
      if ((rc = get_attrs(im, c, at, w)) ||
          (rc = get_int(im, c, w[2], "features", 0, SSVC_FEATURE_ALL, &v)))
        return rc;
      t->features = (unsigned int)v;
      if ((rc = get_int(im, c, w[3], "price", 0, INT64_MAX, &t->price_minor))) return rc;
      t->code = s->tier_code;
      t->name_sv = w[0];
      t->name_en = w[1];
      t->currency = w[4];
      s->custom_tier = t;
    } else if (k == K_CLOSED) {
      static const char *const at[] = {"date", NULL};
      if (ncd == SSVC_AGREEMENT_LIST_MAX)
        return rec_err(im, SSVC_ELIMIT, c, "<agreement>: more than %d closed days",
                       SSVC_AGREEMENT_LIST_MAX);
      GROW(im, im->cd, im->cd_cap, ncd);
      if ((rc = get_attrs(im, c, at, w)) || (rc = need(im, c, w[0], "date")) ||
          (rc = get_date(im, c, w[0], "date", &im->cd[ncd])))
        return rc;
      ncd++;
    } else {
      static const char *const at[] = {"name", "value", "target", NULL};
      if (nmd == SSVC_AGREEMENT_LIST_MAX)
        return rec_err(im, SSVC_ELIMIT, c, "<agreement>: more than %d models",
                       SSVC_AGREEMENT_LIST_MAX);
      GROW(im, im->md, im->md_cap, nmd);
      ssvc_agreement_model *m = &im->md[nmd];
      memset(m, 0, sizeof *m);
      if ((rc = get_attrs(im, c, at, w)) || (rc = need(im, c, w[0], "name")) ||
          (rc = get_price(im, c, w[1], "value", &m->replacement_value_minor)))
        return rc;
      if (w[2]) {
        if ((rc = get_int(im, c, w[2], "target", 0, UINT32_MAX, &v))) return rc;
        m->target = (uint32_t)v;
      }
      m->model = w[0];
      nmd++;
    }
  }
  s->closed_days = ncd ? im->cd : NULL;
  s->closed_day_count = ncd;
  s->models = nmd ? im->md : NULL;
  s->model_count = nmd;
  return SSVC_OK;
}

/* One <agreement>: read, then (in the open batch) created, or under the duplicate policy kept or
 * updated. The agreement rules are ssvc_agreement_create()'s; its refusal is a bad record. */
static int import_agreement(struct importer *im, const xmlNode *n) {
  ssvc_agreement_spec s = SSVC_AGREEMENT_SPEC_INIT;
  ssvc_tier_spec t = SSVC_TIER_SPEC_INIT;
  im->agr_id[0] = '\0';
  im->eline = im->line;
  im->ecol = im->col;
  int rc = read_agreement(im, n, &s, &t);
  if (rc == SSVC_OK && !im->batch_open) {
    if ((rc = ssvc_store_begin(im->st))) goto out;
    im->batch_open = 1;
  }
  int exists = 0;
  if (rc == SSVC_OK) {
    ssvc_agreement *old = NULL;
    rc = ssvc_agreement_load(im->st, &old, s.customer_id);
    ssvc_agreement_free(old);
    exists = rc == SSVC_OK;
    if (rc == SSVC_ENOTFOUND) rc = SSVC_OK;
    if (rc == SSVC_EINVAL) rc = rec_err(im, rc, n, "customer: %s", ssvc_ctx_errmsg(im->ctx));
  }
  if (rc == SSVC_OK && exists && im->opt.on_duplicate == SSVC_XML_DUP_REJECT)
    rc = rec_err(im, SSVC_EEXISTS, n, "the customer has an agreement already");
  if (rc == SSVC_OK && exists && im->opt.on_duplicate == SSVC_XML_DUP_SKIP) {
    im->res.agreements_skipped++;
    goto out;
  }
  if (rc == SSVC_OK) {
    rc = exists ? ssvc_agreement_update(im->st, &s, 0, XML_IMPORT_ACTOR)
                : ssvc_agreement_create(im->st, &s, XML_IMPORT_ACTOR);
    if (rc == SSVC_EINVAL || rc == SSVC_ENOTFOUND || rc == SSVC_EEXISTS) {
      /* refused before writing (the rules of the agreement module): a bad record */
      char why[400];
      snprintf(why, sizeof why, "%s", ssvc_ctx_errmsg(im->ctx));
      rc = rec_err(im, rc, n, "%s", why);
    } else if (rc) {
      goto out; /* storage: fatal */
    } else {
      if (exists) im->pend_agr_replaced++;
      else im->pend_agr_new++;
      im->in_batch++;
      if (im->in_batch >= im->opt.batch_size) rc = batch_commit(im);
      goto out;
    }
  }
  if (rc == SSVC_ENOMEM || (rc != SSVC_EPARSE && rc != SSVC_ELIMIT && rc != SSVC_EINVAL &&
                            rc != SSVC_ENOTFOUND && rc != SSVC_EEXISTS))
    goto out;
  im->res.bad++;
  if (im->opt.on_bad)
    im->opt.on_bad(im->opt.on_bad_data, im->eline, im->ecol, "", rc, ssvc_ctx_errmsg(im->ctx));
  if (im->opt.continue_on_error && rc != SSVC_ELIMIT) rc = SSVC_OK;
out:
  free_owned(im);
  im->agr_id[0] = '\0';
  return rc;
}

static int depth_check(struct importer *im, const xmlNode *n, unsigned depth) {
  if (depth > im->opt.max_depth)
    return rec_err(im, SSVC_ELIMIT, n, "nesting deeper than max_depth (%u)", im->opt.max_depth);
  if (n->name && strlen((const char *)n->name) > im->opt.max_name)
    return rec_err(im, SSVC_ELIMIT, n, "a name longer than max_name (%zu bytes)",
                   im->opt.max_name);
  for (const xmlAttr *a = n->type == XML_ELEMENT_NODE ? n->properties : NULL; a; a = a->next)
    if (strlen((const char *)a->name) > im->opt.max_name)
      return rec_err(im, SSVC_ELIMIT, n, "an attribute name longer than max_name (%zu bytes)",
                     im->opt.max_name);
  for (const xmlNode *c = n->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE) {
      int rc = depth_check(im, c, depth + 1);
      if (rc) return rc;
    } else if (c->type == XML_ENTITY_REF_NODE || c->type == XML_ENTITY_NODE) {
      return rec_err(im, SSVC_EPARSE, n, "entity references are not allowed");
    }
  return SSVC_OK;
}

/* The parser's own error as "name:line:col: XML: message", or the limit/IO that caused it. */
static int parse_fail(struct importer *im) {
  if (im->src.doctype)
    return ssvc__err(im->ctx, SSVC_EPARSE, "%s: %s:%ld:%ld: DOCTYPE is not allowed (no DTDs, no "
                     "entities)", im->func, im->name, im->src.doctype_line, im->src.doctype_col);
  if (im->src.bad_encoding)
    return ssvc__err(im->ctx, SSVC_EPARSE, "%s: %s:1:1: the input must be UTF-8 (%s)", im->func,
                     im->name, im->src.encoding_msg);
  if (im->src.total == 0 && im->src.eof)
    return ssvc__err(im->ctx, SSVC_EPARSE, "%s: %s: the input is empty", im->func, im->name);
  if (im->src.over_limit)
    return ssvc__err(im->ctx, SSVC_ELIMIT, "%s: %s: larger than max_total (%" PRIu64 " bytes)",
                     im->func, im->name, im->opt.max_total);
  if (im->src.io_error)
    return ssvc__err(im->ctx, SSVC_EIO, "%s: %s: cannot read (%s)", im->func, im->name,
                     strerror(im->src.io_errno));
  if (im->xerr.code == XML_ERR_NO_MEMORY)
    return ssvc__err(im->ctx, SSVC_ENOMEM, "%s: out of memory (XML parser)", im->func);
  const char *hint = "";
  if (im->xerr.code == XML_ERR_INVALID_CHAR || im->xerr.code == XML_ERR_INVALID_ENCODING)
    hint = " (the input must be UTF-8)";
  else if (im->src.eof && im->xerr.line >= im->src.lines)
    hint = " (the input ends early: is the file truncated?)";
  if (!im->xerr.set)
    return ssvc__err(im->ctx, SSVC_EPARSE, "%s: %s: XML: not well-formed", im->func, im->name);
  return ssvc__err(im->ctx, SSVC_EPARSE, "%s: %s:%ld:%ld: XML: %s%s", im->func, im->name,
                   im->xerr.line, im->xerr.col, im->xerr.msg, hint);
}

static int check_root(struct importer *im, xmlTextReaderPtr rd) {
  const xmlChar *ns = xmlTextReaderConstNamespaceUri(rd);
  const xmlChar *name = xmlTextReaderConstLocalName(rd);
  long line = 0, col = 1;
  xmlNodePtr node = xmlTextReaderCurrentNode(rd);
  if (node) ssvc__xml_where(&im->src, node, &line, &col);
  if (!name || strcmp((const char *)name, "cases") != 0 || !ns ||
      strcmp((const char *)ns, SSVC_XML_CASES_NS) != 0)
    return ssvc__err(im->ctx, SSVC_EPARSE,
                     "%s: %s:%ld:%ld: the root must be <cases xmlns=\"%s\"> (got <%.64s> in %s%.100s%s)",
                     im->func, im->name, line, col, SSVC_XML_CASES_NS, name ? (const char *)name : "?",
                     ns ? "'" : "", ns ? (const char *)ns : "no namespace", ns ? "'" : "");
  xmlChar *v = xmlTextReaderGetAttribute(rd, BAD_CAST "version");
  int ok = v && strcmp((const char *)v, "1") == 0;
  if (!ok) {
    int rc = ssvc__err(im->ctx, SSVC_EPARSE,
                       "%s: %s:%ld:%ld: <cases>: version must be \"1\" (got \"%.20s\")", im->func,
                       im->name, line, col, v ? (const char *)v : "");
    xmlFree(v);
    return rc;
  }
  xmlFree(v);
  /* The root stays in the reader's tree until the document ends, so its namespace outlives every
   * record: a record's element that points to it is in the cases namespace. */
  if (node && node->ns && node->ns->href &&
      strcmp((const char *)node->ns->href, SSVC_XML_CASES_NS) == 0)
    im->root_ns = node->ns;
  return SSVC_OK;
}

static int run_import(struct importer *im) {
  xmlInitParser();
  xmlTextReaderPtr rd =
      xmlReaderForIO(ssvc__xml_src_read, NULL, &im->src, NULL, NULL,
                     XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                         XML_PARSE_BIG_LINES | XML_PARSE_COMPACT);
  if (!rd) {
    if (im->src.over_limit || im->src.io_error || im->src.bad_encoding || im->src.doctype)
      return parse_fail(im);
    return ssvc__err(im->ctx, SSVC_ENOMEM, "%s: out of memory (XML reader)", im->func);
  }
  xmlTextReaderSetStructuredErrorHandler(rd, ssvc__xml_err_handler, &im->xerr);
  xmlSchemaParserCtxtPtr spc = NULL;
  xmlSchemaPtr schema = NULL;
  int rc = SSVC_OK;
  if (im->opt.validate) {
    spc = xmlSchemaNewMemParserCtxt((const char *)ssvc__cases_xsd, (int)ssvc__cases_xsd_len);
    schema = spc ? xmlSchemaParse(spc) : NULL;
    if (!schema || xmlTextReaderSetSchema(rd, schema) != 0)
      rc = ssvc__err(im->ctx, SSVC_EINTERNAL, "%s: the built-in schema cannot be used", im->func);
  }
  int r = 0, seen_root = 0;
  while (!rc && (r = xmlTextReaderRead(rd)) == 1) {
    /* Nodes below a record were read from its expanded tree (depth_check() has seen them): the
     * node type is not asked for them (for whitespace it scans the text). */
    int depth = xmlTextReaderDepth(rd);
    if (depth >= 2) continue;
    int type = xmlTextReaderNodeType(rd);
    if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
      rc = ssvc__err(im->ctx, SSVC_EPARSE, "%s: %s:%ld:1: DOCTYPE is not allowed (no DTDs, no "
                     "entities)", im->func, im->name, (long)xmlTextReaderGetParserLineNumber(rd));
      break;
    }
    if (type == XML_READER_TYPE_ENTITY_REFERENCE) {
      rc = ssvc__err(im->ctx, SSVC_EPARSE, "%s: %s:%ld:%ld: entity references are not allowed",
                     im->func, im->name, (long)xmlTextReaderGetParserLineNumber(rd),
                     (long)xmlTextReaderGetParserColumnNumber(rd));
      break;
    }
    if (type != XML_READER_TYPE_ELEMENT) continue;
    if (depth == 0) {
      const xmlChar *enc = xmlTextReaderConstEncoding(rd);
      if (enc && ssvc__ascii_casecmp((const char *)enc, "UTF-8") != 0) {
        rc = ssvc__err(im->ctx, SSVC_EPARSE, "%s: %s:1:1: the input must be UTF-8 (declared "
                       "'%.40s')", im->func, im->name, (const char *)enc);
        break;
      }
      rc = check_root(im, rd);
      seen_root = 1;
    } else if (depth == 1) {
      xmlNodePtr n = xmlTextReaderExpand(rd);
      if (!n) {
        rc = parse_fail(im);
        break;
      }
      im->case_id[0] = '\0';
      if (im->xerr.set) break; /* a validity error before this record */
      ssvc__xml_where(&im->src, n, &im->line, &im->col);
      if ((rc = depth_check(im, n, 2))) break;
      if (is_ns_elem(n) && strcmp((const char *)n->name, "case") == 0) {
        rc = import_case(im, n);
      } else if (is_ns_elem(n) && strcmp((const char *)n->name, "agreement") == 0) {
        rc = import_agreement(im, n);
      } else {
        im->res.bad++;
        rc = rec_err(im, SSVC_EPARSE, n, "unknown record <%.64s>%s", (const char *)n->name,
                     is_ns_elem(n) ? "" : " (not in the cases namespace)");
        if (im->opt.on_bad)
          im->opt.on_bad(im->opt.on_bad_data, im->line, im->col, "", rc,
                         ssvc_ctx_errmsg(im->ctx));
        if (im->opt.continue_on_error) rc = SSVC_OK;
      }
    }
  }
  if (!rc && (r < 0 || im->xerr.set || im->src.over_limit || im->src.io_error))
    rc = parse_fail(im);
  if (!rc && !seen_root)
    rc = ssvc__err(im->ctx, SSVC_EPARSE, "%s: %s: no <cases> root element (empty input?)",
                   im->func, im->name);
  if (!rc) rc = batch_commit(im);
  if (rc && im->batch_open) {
    ssvc_store_rollback(im->st);
    im->batch_open = 0;
    im->ncounters = 0;
  }
  xmlFreeTextReader(rd);
  xmlSchemaFree(schema);
  xmlSchemaFreeParserCtxt(spc);
  return rc;
}

static int import_common(ssvc_store *store, ssvc_xml_import_result *result, FILE *f,
                         const void *mem, size_t len, const char *name, const char *func,
                         const ssvc_xml_import_options *options) {
  ssvc_ctx *ctx = store->ctx;
  int rc;
  if (result &&
      (rc = ssvc__check_version(ctx, "ssvc_xml_import: result", result->version,
                                SSVC_XML_IMPORT_RESULT_VERSION)))
    return rc;
  if (options &&
      (rc = ssvc__check_version(ctx, "ssvc_xml_import: options", options->version,
                                SSVC_XML_IMPORT_OPTIONS_VERSION)))
    return rc;
  if (options && options->on_duplicate &&
      (options->on_duplicate < SSVC_XML_DUP_REJECT || options->on_duplicate > SSVC_XML_DUP_REPLACE))
    return ssvc__err(ctx, SSVC_EINVAL, "%s: options->on_duplicate: not a policy (got %d)", func,
                     options->on_duplicate);
  if (store->depth > 0)
    return ssvc__err(ctx, SSVC_ESTATE, "%s: an import commits its own batches; call it outside "
                     "ssvc_store_begin()", func);
  struct importer *im = ssvc__calloc(ctx, 1, sizeof *im);
  if (!im) return SSVC_ENOMEM;
  im->st = store;
  im->ctx = ctx;
  im->func = func;
  im->name = name;
  if (options) im->opt = *options;
  im->opt.version = SSVC_XML_IMPORT_OPTIONS_VERSION;
  if (!im->opt.on_duplicate) im->opt.on_duplicate = SSVC_XML_DUP_REJECT;
  if (!im->opt.batch_size) im->opt.batch_size = 1000;
  if (!im->opt.max_depth) im->opt.max_depth = 16;
  if (!im->opt.max_name) im->opt.max_name = 64;
  if (!im->opt.max_text) im->opt.max_text = 65536;
  ssvc__xml_src_init(&im->src, f, mem, len, im->opt.max_total);
  rc = run_import(im);
  if (result) {
    result->imported = im->res.imported;
    result->replaced = im->res.replaced;
    result->skipped = im->res.skipped;
    result->bad = im->res.bad;
    if (result->version >= 2) {
      result->agreements_imported = im->res.agreements_imported;
      result->agreements_replaced = im->res.agreements_replaced;
      result->agreements_skipped = im->res.agreements_skipped;
    }
  }
  ssvc__free(ctx, im->cd);
  ssvc__free(ctx, im->md);
  ssvc__free(ctx, im->ev);
  ssvc__free(ctx, im->sh);
  ssvc__free(ctx, im->ch);
  ssvc__free(ctx, im);
  return rc;
}

int ssvc_xml_import_memory(ssvc_store *store, ssvc_xml_import_result *result, const void *xml,
                           size_t len, const char *name, const ssvc_xml_import_options *options) {
  static const char func[] = "ssvc_xml_import_memory";
  if (!store) return SSVC_EINVAL;
  if (!xml && len) return ssvc__err(store->ctx, SSVC_EINVAL, "%s: xml must not be NULL", func);
  return import_common(store, result, NULL, xml ? xml : "", len, name ? name : "input", func,
                       options);
}

int ssvc_xml_import_file(ssvc_store *store, ssvc_xml_import_result *result, const char *path,
                         const ssvc_xml_import_options *options) {
  static const char func[] = "ssvc_xml_import_file";
  if (!store) return SSVC_EINVAL;
  if (!path) return ssvc__err(store->ctx, SSVC_EINVAL, "%s: path must not be NULL", func);
  char *buf = file_buffer(store->ctx, func);
  if (!buf) return SSVC_ENOMEM;
  FILE *f = fopen(path, "rb");
  if (!f) {
    int rc = ssvc__err(store->ctx, SSVC_EIO, "%s: %s: cannot open (%s)", func, path,
                       strerror(errno));
    ssvc__free(store->ctx, buf);
    return rc;
  }
  setvbuf(f, buf, _IOFBF, SSVC_XML_FILE_BUFFER); /* on failure stdio keeps its own */
  int rc = import_common(store, result, f, NULL, 0, path, func, options);
  fclose(f);
  ssvc__free(store->ctx, buf);
  return rc;
}
