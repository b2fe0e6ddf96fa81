/* xml: the public entry points of the XML interchange: export to a callback or a file, import from
 * memory or a file, the document and its limits; the records are in xml_cases.c and
 * xml_agreements.c (doc/xml.md, doc/cases.xsd). */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlwriter.h>

#include "file_out.h"
#include "smartservice/calendar.h"
#include "xml_exporter.h"
#include "xml_importer.h"

static const char *const dup_names[] = {NULL, "reject", "skip", "replace"};

const char *ssvc_xml_dup_policy_name(int policy) {
  return ssvc__name_of(dup_names, SSVC_XML_DUP_REJECT, SSVC_XML_DUP_REPLACE, policy);
}

int ssvc_xml_dup_policy_from_name(ssvc_ctx *ctx, int *out, const char *name) {
  return ssvc__name_lookup(ctx, "ssvc_xml_dup_policy_from_name", out, name, dup_names,
                           SSVC_XML_DUP_REJECT, SSVC_XML_DUP_REPLACE, "duplicate policy");
}

int ssvc_xml_import_options_init(ssvc_xml_import_options *options, unsigned int version) {
  return ssvc__struct_init(options, sizeof *options, version, SSVC_XML_IMPORT_OPTIONS_VERSION);
}

int ssvc_xml_export_options_init(ssvc_xml_export_options *options, unsigned int version) {
  return ssvc__struct_init(options, sizeof *options, version, SSVC_XML_EXPORT_OPTIONS_VERSION);
}

/* The cases of the export and its agreements, through @p x (written unless x->dry). */
static int export_records(ssvc_store *store, struct exporter *x) {
  int rc;
  if (x->opt && x->opt->customer_id) {
    rc = ssvc_case_list_customer(store, x->opt->customer_id, x->from, x->to,
                                 ssvc__xml_export_list_cb, x);
  } else {
    static const uint8_t lo[] = {'C'}, hi[] = {'C' + 1};
    rc = ssvc__store_scan(store, x->func, lo, 1, hi, 1, ssvc__xml_export_scan_cb, x);
  }
  if (!rc) rc = x->rc;
  if (!rc) rc = ssvc__xml_export_agreements(x);
  return rc;
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
  /* Damage shows before the first byte is written: every record is read once without output. */
  x.dry = 1;
  rc = export_records(store, &x);
  x.dry = 0;
  if (rc) return rc;
  xmlInitParser();
  xmlOutputBufferPtr ob =
      xmlOutputBufferCreateIO(ssvc__xml_out_write, ssvc__xml_out_close, &x, NULL);
  if (!ob) return ssvc__err(ctx, SSVC_ENOMEM, "%s: out of memory (XML writer)", func);
  x.w = xmlNewTextWriter(ob);
  if (!x.w) {
    xmlOutputBufferClose(ob);
    return ssvc__err(ctx, SSVC_ENOMEM, "%s: out of memory (XML writer)", func);
  }
  xmlTextWriterSetIndent(x.w, 1);
  xmlTextWriterSetIndentString(x.w, BAD_CAST "  ");
  if (xmlTextWriterStartDocument(x.w, "1.0", "UTF-8", NULL) < 0 ||
      xmlTextWriterStartElementNS(x.w, NULL, BAD_CAST "cases", BAD_CAST SSVC_XML_CASES_NS) < 0)
    x.rc = SSVC_ENOMEM;
  ssvc__xml_wattr(&x, "version", "1");
  if (x.rc) rc = ssvc__xml_writer_error(&x, NULL, NULL);
  else rc = export_records(store, &x);
  if (!rc && (xmlTextWriterEndDocument(x.w) < 0 || xmlTextWriterFlush(x.w) < 0))
    rc = ssvc__xml_writer_error(&x, NULL, NULL);
  xmlFreeTextWriter(x.w);
  if (rc == SSVC_OK && x.fn_failed) rc = ssvc__xml_writer_error(&x, NULL, NULL);
  if (rc == SSVC_OK && count) *count = x.count;
  return rc;
}

/* Files are read and written through a large stdio buffer (setvbuf before any input or output,
 * freed after fclose): with the default one (a page) a gigabyte took a quarter of a million
 * system calls. Allocated before the file is opened, so running out of memory touches no file. */
#define SSVC_XML_FILE_BUFFER (256 * 1024)
static char *file_buffer(ssvc_ctx *ctx, const char *func) {
  char *buf = ssvc__malloc(ctx, SSVC_XML_FILE_BUFFER);
  if (!buf) ssvc__err(ctx, SSVC_ENOMEM, "%s: out of memory (file buffer)", func);
  return buf;
}

int ssvc_xml_export_file(ssvc_store *store, size_t *count, const char *path,
                         const ssvc_xml_export_options *options) {
  static const char func[] = "ssvc_xml_export_file";
  if (!store) return SSVC_EINVAL;
  if (!path) return ssvc__err(store->ctx, SSVC_EINVAL, "%s: path must not be NULL", func);
  ssvc__file_out fo;
  int rc = ssvc__file_out_open(&fo, store->ctx, func, path, SSVC_XML_FILE_BUFFER);
  if (rc) return rc;
  return ssvc__file_out_close(&fo, ssvc_xml_export(store, count, ssvc__file_out_write, &fo,
                                                   options));
}

static int depth_check(struct importer *im, const xmlNode *n, unsigned depth) {
  if (depth > im->opt.max_depth)
    return ssvc__xml_rec_err(im, SSVC_ELIMIT, n, "nesting deeper than max_depth (%u)",
                             im->opt.max_depth);
  if (n->name && strlen((const char *)n->name) > im->opt.max_name)
    return ssvc__xml_rec_err(im, SSVC_ELIMIT, n, "a name longer than max_name (%zu bytes)",
                   im->opt.max_name);
  for (const xmlAttr *a = n->type == XML_ELEMENT_NODE ? n->properties : NULL; a; a = a->next)
    if (strlen((const char *)a->name) > im->opt.max_name)
      return ssvc__xml_rec_err(im, SSVC_ELIMIT, n,
                               "an attribute name longer than max_name (%zu bytes)",
                               im->opt.max_name);
  for (const xmlNode *c = n->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE) {
      int rc = depth_check(im, c, depth + 1);
      if (rc) return rc;
    } else if (c->type == XML_ENTITY_REF_NODE || c->type == XML_ENTITY_NODE) {
      return ssvc__xml_rec_err(im, SSVC_EPARSE, n, "entity references are not allowed");
    }
  return SSVC_OK;
}

/* The parser's own error as "name:line:col: XML: message", or the limit/IO that caused it. */
static int parse_fail(struct importer *im) {
  if (im->src.scan_failed) {
    char why[300];
    ssvc__xml_scan_message(&im->src.scan, why, sizeof why);
    int fail = im->src.scan.fail;
    int code = fail == SSVC_XML_SCAN_CONTROL || fail == SSVC_XML_SCAN_SYNTAX ? SSVC_EPARSE
                                                                             : SSVC_ELIMIT;
    return ssvc__err(im->ctx, code, "%s: %s:%s", im->func, im->name, why);
  }
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
  /* libxml2's own limits (it reports a huge text as running out of memory and advises an option
   * the caller cannot set): the limit and the position in the library's words. */
  static const struct {
    const char *says, *limit;
  } own[] = {{"huge text node", "a text longer than libxml2's limit (10000000 bytes)"},
             {"Huge input lookup", "a construct longer than libxml2's limit (10000000 bytes)"},
             {"Excessive depth", "nesting deeper than libxml2's limit (256)"},
             {"too big", "a construct longer than libxml2's limit (10000000 bytes)"},
             {"too long", "a construct longer than libxml2's limit (10000000 bytes)"}};
  /* libxml2 never saw the newlines dropped between records: its line is behind the file's. */
  if (im->xerr.set) ssvc__xml_scan_position(&im->src.scan, &im->xerr.line, &im->xerr.col);
  for (size_t k = 0; im->xerr.set && k < sizeof own / sizeof own[0]; k++)
    if (strstr(im->xerr.msg, own[k].says))
      return ssvc__err(im->ctx, SSVC_ELIMIT, "%s: %s:%ld:%ld: %s (libxml2: %s)", im->func,
                       im->name, im->xerr.line, im->xerr.col, own[k].limit, im->xerr.msg);
  if (im->xerr.code == XML_ERR_NO_MEMORY)
    return ssvc__err(im->ctx, SSVC_ENOMEM, "%s: out of memory (XML parser)", im->func);
  const char *hint = "";
  if (strstr(im->xerr.msg, "UTF-8") || im->xerr.code == XML_ERR_INVALID_ENCODING)
    hint = " (the input must be UTF-8)";
  else if (im->xerr.code == XML_ERR_INVALID_CHAR)
    hint = " (a character XML does not allow)";
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
    return ssvc__err(
        im->ctx, SSVC_EPARSE,
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
      /* The same two names the head check (xml_util.c) lets through. */
      if (enc && ssvc__ascii_casecmp((const char *)enc, "UTF-8") != 0 &&
          ssvc__ascii_casecmp((const char *)enc, "UTF8") != 0) {
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
      im->src.line_shift = ssvc__xml_scan_shift(&im->src.scan, im->records_seen++);
      ssvc__xml_where(&im->src, n, &im->line, &im->col);
      if ((rc = depth_check(im, n, 2))) break;
      if (ssvc__xml_is_ns_elem(n) && strcmp((const char *)n->name, "case") == 0) {
        rc = ssvc__xml_import_case(im, n);
      } else if (ssvc__xml_is_ns_elem(n) && strcmp((const char *)n->name, "agreement") == 0) {
        rc = ssvc__xml_import_agreement(im, n);
      } else {
        im->res.bad++;
        rc =
            ssvc__xml_rec_err(im, SSVC_EPARSE, n, "unknown record <%.64s>%s", (const char *)n->name,
                              ssvc__xml_is_ns_elem(n) ? "" : " (not in the cases namespace)");
        if (im->opt.on_bad)
          im->opt.on_bad(im->opt.on_bad_data, im->line, im->col, "", rc,
                         ssvc_ctx_errmsg(im->ctx));
        if (im->opt.continue_on_error) rc = SSVC_OK;
      }
    }
  }
  if (!rc && (r < 0 || im->xerr.set || im->src.over_limit || im->src.io_error ||
              im->src.scan_failed))
    rc = parse_fail(im);
  if (rc == SSVC_ELIMIT && im->opt.continue_on_error) {
    /* Say it: with continue_on_error a reader expects bad records to be skipped. */
    char why[600];
    snprintf(why, sizeof why, "%s", ssvc_ctx_errmsg(im->ctx));
    ssvc__err(im->ctx, rc, "%s (a limit stops the import even with continue_on_error)", why);
  }
  if (!rc && !seen_root)
    rc = ssvc__err(im->ctx, SSVC_EPARSE, "%s: %s: no <cases> root element (empty input?)",
                   im->func, im->name);
  if (!rc) rc = ssvc__xml_batch_commit(im);
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
  /* A version-1 caller's struct ends before max_record_bytes (doc/abi.md). */
  if (options)
    memcpy(&im->opt, options,
           options->version < 2 ? offsetof(ssvc_xml_import_options, max_record_bytes)
                                : sizeof *options);
  im->opt.version = SSVC_XML_IMPORT_OPTIONS_VERSION;
  if (!im->opt.on_duplicate) im->opt.on_duplicate = SSVC_XML_DUP_REJECT;
  if (!im->opt.batch_size) im->opt.batch_size = 1000;
  if (!im->opt.max_depth) im->opt.max_depth = 16;
  if (!im->opt.max_name) im->opt.max_name = 64;
  if (!im->opt.max_text) im->opt.max_text = 65536;
  if (im->opt.max_depth > 256) im->opt.max_depth = 256;
  if (!im->opt.max_record_bytes) im->opt.max_record_bytes = SSVC_XML_MAX_RECORD_BYTES_DEFAULT;
  ssvc__xml_src_init(&im->src, f, mem, len, im->opt.max_total, im->opt.max_depth,
                     im->opt.max_record_bytes == UINT64_MAX ? 0 : im->opt.max_record_bytes,
                     SSVC_XML_RECORD_CHILDREN_MAX);
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
  ssvc__free(ctx, im->re);
  ssvc__free(ctx, im->bp);
  ssvc__free(ctx, im->so);
  ssvc__free(ctx, im->sl);
  ssvc__free(ctx, im->sl_order);
  ssvc__free(ctx, im->ev);
  ssvc__free(ctx, im->sh);
  ssvc__free(ctx, im->ch);
  ssvc__free(ctx, im->gu);
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
