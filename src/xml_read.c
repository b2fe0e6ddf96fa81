/* xml_read: the attribute and text readers of the XML import (xml_importer.h). */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "smartservice/calendar.h"
#include "xml_importer.h"

/* A bad record: message "name:line:col: case ID: why", reported through on_bad. */
int ssvc__xml_rec_err(struct importer *im, int code, const xmlNode *n, const char *fmt, ...) {
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

int ssvc__xml_is_ns_elem(const xmlNode *n) {
  return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
         strcmp((const char *)n->ns->href, SSVC_XML_CASES_NS) == 0;
}

/* The text of an element (its text and CDATA children); NULL on a child element. */
int ssvc__xml_elem_text(struct importer *im, const xmlNode *n, const char **out) {
  const xmlNode *only = NULL;
  size_t texts = 0;
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      only = c;
      texts++;
    } else if (c->type == XML_ELEMENT_NODE) {
      return ssvc__xml_rec_err(im, SSVC_EPARSE, c, "<%s> must not contain elements (got <%.64s>)",
                     (const char *)n->name, (const char *)c->name);
    } else if (c->type != XML_COMMENT_NODE && c->type != XML_PI_NODE) {
      return ssvc__xml_rec_err(im, SSVC_EPARSE, n, "<%s>: unexpected content",
                               (const char *)n->name);
    }
  }
  *out = "";
  if (texts == 1) {
    *out = (const char *)only->content;
  } else if (texts > 1) {
    if (im->nowned == sizeof im->owned / sizeof im->owned[0])
      return ssvc__xml_rec_err(im, SSVC_ELIMIT, n, "too many split texts in one record");
    xmlChar *s = xmlNodeGetContent(n);
    if (!s) return ssvc__err(im->ctx, SSVC_ENOMEM, "%s: out of memory (XML)", im->func);
    im->owned[im->nowned++] = s;
    *out = (const char *)s;
  }
  if (strlen(*out) > im->opt.max_text)
    return ssvc__xml_rec_err(im, SSVC_ELIMIT, n, "<%s>: text longer than max_text (%zu bytes)",
                   (const char *)n->name, im->opt.max_text);
  return SSVC_OK;
}

/* Reads the attributes of @p n into @p vals (by the names in @p names, NULL-terminated); an
 * attribute not in the list is an error. */
int ssvc__xml_get_attrs(struct importer *im, const xmlNode *n, const char *const *names,
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
      return ssvc__xml_rec_err(im, SSVC_EPARSE, n, "<%s>: unknown attribute '%.64s'",
                     (const char *)n->name, (const char *)a->name);
    const char *v = a->children && a->children->content && !a->children->next
                        ? (const char *)a->children->content
                        : "";
    if (a->children && a->children->next) {
      if (im->nowned == sizeof im->owned / sizeof im->owned[0])
        return ssvc__xml_rec_err(im, SSVC_ELIMIT, n, "too many split texts in one record");
      xmlChar *s = xmlNodeListGetString(n->doc, a->children, 1);
      if (!s) return ssvc__err(im->ctx, SSVC_ENOMEM, "%s: out of memory (XML)", im->func);
      im->owned[im->nowned++] = s;
      v = (const char *)s;
    }
    if (strlen(v) > im->opt.max_text)
      return ssvc__xml_rec_err(im, SSVC_ELIMIT, n,
                               "<%s>: attribute '%s' longer than max_text (%zu bytes)",
                               (const char *)n->name, names[k], im->opt.max_text);
    vals[k] = v;
  }
  return SSVC_OK;
}

int ssvc__xml_need(struct importer *im, const xmlNode *n, const char *v, const char *what) {
  if (!v || !*v)
    return ssvc__xml_rec_err(im, SSVC_EPARSE, n, "<%s>: attribute '%s' is required",
                             (const char *)n->name, what);
  return SSVC_OK;
}

int ssvc__xml_get_instant(struct importer *im, const xmlNode *n, const char *v, const char *what,
                          int64_t *out) {
  int rc = ssvc__xml_need(im, n, v, what);
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
    return ssvc__xml_rec_err(im, SSVC_EPARSE, n,
                   "<%s>: %s: not a UTC instant like 2026-03-02T09:00:00Z (got '%.40s')",
                   (const char *)n->name, what, v);
  memcpy(im->last_at[1], im->last_at[0], sizeof im->last_at[0]);
  im->last_at_value[1] = im->last_at_value[0];
  memcpy(im->last_at[0], v, sizeof im->last_at[0]); /* it parsed: 20 characters and the NUL */
  im->last_at_value[0] = *out;
  return SSVC_OK;
}

int ssvc__xml_get_int(struct importer *im, const xmlNode *n, const char *v, const char *what,
                      int64_t lo, int64_t hi, int64_t *out) {
  int rc = ssvc__xml_need(im, n, v, what);
  if (rc) return rc;
  /* A minus and the digits (ssvc_uint_parse(), the library's one number reader), no leading
   * zero: the canonical form the exporter writes. */
  const char *p = v;
  int neg = *p == '-';
  if (neg) p++;
  uint64_t u = 0;
  int ok = !(p[0] == '0' && p[1]) && ssvc_uint_parse(NULL, &u, p, (uint64_t)INT64_MAX) == SSVC_OK;
  int64_t s = neg ? -(int64_t)u : (int64_t)u;
  if (!ok || s < lo || s > hi || (neg && u == 0))
    return ssvc__xml_rec_err(im, SSVC_EPARSE, n,
                             "<%s>: %s: not a whole number %" PRId64 "..%" PRId64 " (got '%.40s')",
                             (const char *)n->name, what, lo, hi, v);
  *out = s;
  return SSVC_OK;
}

int ssvc__xml_get_date(struct importer *im, const xmlNode *n, const char *v, const char *what,
                       ssvc_date *out) {
  out->year = out->month = out->day = 0;
  if (!v) return SSVC_OK;
  if (ssvc_date_parse(NULL, out, v)) /* the library's one date reader */
    return ssvc__xml_rec_err(im, SSVC_EPARSE, n, "<%s>: %s: not a date YYYY-MM-DD (got '%.40s')",
                   (const char *)n->name, what, v);
  return SSVC_OK;
}

int ssvc__xml_name_in(const char *v, const char *const *names, int lo, int hi) {
  for (int k = lo; k <= hi; k++)
    if (streq(v, names[k])) return k;
  return -1;
}

int ssvc__xml_next_child(struct importer *im, const xmlNode *n, const char *what, const xmlNode **c,
                         const char *const *kids, int nkids, int hint, int *k) {
  for (; *c; *c = (*c)->next) {
    const xmlNode *e = *c;
    if (e->type == XML_COMMENT_NODE || e->type == XML_PI_NODE) continue;
    if (e->type == XML_TEXT_NODE) {
      for (const xmlChar *p = e->content; p && *p; p++)
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
          return ssvc__xml_rec_err(im, SSVC_EPARSE, n, "<%s>: unexpected text", what);
      continue;
    }
    if (!(e->type == XML_ELEMENT_NODE && e->ns && e->ns == im->root_ns) && !ssvc__xml_is_ns_elem(e))
      return ssvc__xml_rec_err(im, SSVC_EPARSE, e, "<%s>: unexpected %s <%.64s>", what,
                               e->type == XML_ELEMENT_NODE ? "element" : "node",
                               e->name ? (const char *)e->name : "?");
    *k = ssvc__xml_name_in((const char *)e->name, kids, hint < 0 ? 0 : hint, nkids - 1);
    if (*k < 0 && hint > 0) *k = ssvc__xml_name_in((const char *)e->name, kids, 0, hint - 1);
    if (*k < 0)
      return ssvc__xml_rec_err(im, SSVC_EPARSE, e, "<%s>: unknown element <%.64s>", what,
                               (const char *)e->name);
    return SSVC_OK;
  }
  return SSVC_OK;
}

int ssvc__xml_get_state(struct importer *im, const xmlNode *n, const char *v, const char *what,
                        int *out) {
  int rc = ssvc__xml_need(im, n, v, what);
  if (rc) return rc;
  for (int k = 1; k <= SSVC_CASE_STATE_MAX; k++)
    if (streq(v, ssvc_case_state_name(k))) {
      *out = k;
      return SSVC_OK;
    }
  return ssvc__xml_rec_err(im, SSVC_EPARSE, n, "<%s>: %s: not a case state (got '%.40s')",
                 (const char *)n->name, what, v);
}
