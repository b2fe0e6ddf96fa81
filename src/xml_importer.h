/* The XML reader of the case interchange (doc/xml.md): the importer's state (the record being
 * read, the open batch, positions for messages) and the attribute readers that cases
 * (xml_cases.c) and agreements (xml_agreements.c) are read with. */
#ifndef SSVC_XML_IMPORTER_H
#define SSVC_XML_IMPORTER_H

#include <libxml/parser.h>

#include "case_keys.h"
#include "smartservice/agreement.h"
#include "smartservice/workshop.h"
#include "smartservice/xml.h"
#include "xml_util.h"

extern const unsigned char ssvc__cases_xsd[];
extern const size_t ssvc__cases_xsd_len;

/* Most events, shipments and charges of one case together. */
#define SSVC_XML_CASE_LIST_MAX 100000
/* Most child elements of one record, counted while it is read (xml_scan.h): a case's lists and
 * its six single elements, with room to spare (an agreement has at most 513). */
#define SSVC_XML_RECORD_CHILDREN_MAX (SSVC_XML_CASE_LIST_MAX + 16)

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
  struct ssvc_case_guidance *gu; /* the how-to calls (guidance.h) */
  size_t gu_cap;
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
  struct ssvc__roster_norm *re; /* the <roster-entry> children of the agreement read */
  size_t re_cap, nre;
  struct ssvc_backup_phone *bp; /* the <backup-phone> children of the agreement read */
  size_t bp_cap, nbp;
  struct ssvc_stock_order *so; /* the <stock-order> children of the agreement read */
  size_t so_cap, nso;
  struct ssvc_stock_line *sl; /* the <stock-line> children, and the order each belongs to */
  size_t sl_cap, nsl;
  uint32_t *sl_order;
  size_t slo_cap;
  size_t pend_agr_new, pend_agr_replaced;
  char agr_id[SSVC_AGREEMENT_ID_MAX + 1];
  char last_at[2][21];   /* the last two instants parsed ("" at first) and their values */
  int64_t last_at_value[2];
  const xmlNs *root_ns;  /* the root element's namespace once it is the cases namespace */
  ssvc_repair_order repair; /* the <repair-order> of the case being read (xml_workshop.c) */
  int has_repair;
  uint64_t records_seen; /* elements at the root's level so far (ssvc__xml_scan_shift()) */
};

int ssvc__xml_rec_err(struct importer *im, int code, const xmlNode *n, const char *fmt, ...)
                      SSVC_PRINTF(4, 5);
int ssvc__xml_is_ns_elem(const xmlNode *n);
/* The text of an element (its text and CDATA children); NULL on a child element. */
int ssvc__xml_elem_text(struct importer *im, const xmlNode *n, const char **out);
/* Reads the attributes of @p n into @p vals (by the names in @p names, NULL-terminated); an
 * attribute not in the list is an error. */
int ssvc__xml_get_attrs(struct importer *im, const xmlNode *n, const char *const *names,
                        const char **vals);
int ssvc__xml_need(struct importer *im, const xmlNode *n, const char *v, const char *what);
int ssvc__xml_get_instant(struct importer *im, const xmlNode *n, const char *v, const char *what,
                          int64_t *out);
int ssvc__xml_get_int(struct importer *im, const xmlNode *n, const char *v, const char *what,
                      int64_t lo, int64_t hi, int64_t *out);
int ssvc__xml_get_date(struct importer *im, const xmlNode *n, const char *v, const char *what,
                       ssvc_date *out);
int ssvc__xml_name_in(const char *v, const char *const *names, int lo, int hi);
/* The next child element of record @p n (named @p what in messages: "case", "agreement") from
 * *c on: comments and processing instructions are skipped and whitespace text allowed; other
 * text, another kind of node, an element outside the cases namespace or one not in @p kids (@p
 * nkids names) is an error naming it. *c is NULL after the last child; otherwise *k is the
 * element's index in @p kids, looked up from @p hint (the previous child's index, -1 for none)
 * on first, since children come in order. */
int ssvc__xml_next_child(struct importer *im, const xmlNode *n, const char *what, const xmlNode **c,
                         const char *const *kids, int nkids, int hint, int *k);
int ssvc__xml_get_state(struct importer *im, const xmlNode *n, const char *v, const char *what,
                        int *out);
int ssvc__xml_batch_commit(struct importer *im);
void ssvc__xml_free_owned(struct importer *im);
/* One <case>: read, check, write into the open batch. A bad record is reported; it fails the
 * import unless continue_on_error (structural errors and storage failures always do). */
int ssvc__xml_import_case(struct importer *im, const xmlNode *n);
/* One <agreement>: read, then (in the open batch) created, or under the duplicate policy kept or
 * updated. The agreement rules are ssvc_agreement_create()'s; its refusal is a bad record. */
int ssvc__xml_import_agreement(struct importer *im, const xmlNode *n);

/* Equal strings, compared inline: the names and values compared here are a few bytes long, and
 * a library call for each cost more than the comparison. */
static inline int streq(const char *a, const char *b) {
  while (*a && *a == *b) {
    a++;
    b++;
  }
  return *a == *b;
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

/* The <repair-order> child of a <case> (xml_workshop.c): read into im->repair, and stored
 * after its case (over an order the case has, under the duplicate policy's replace). */
int ssvc__xml_read_repair(struct importer *im, const xmlNode *c);
int ssvc__xml_put_repair(struct importer *im, const char *func, const ssvc_case_info *i);

#endif
