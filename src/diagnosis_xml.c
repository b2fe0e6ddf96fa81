/* diagnosis_xml: question graphs from untrusted XML: the elements and the document
 * (doc/diagnosis.md, doc/diagnosis.xsd); the readers are in diagnosis_load.c, the graph checks in
 * diagnosis_graph.c. */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "diagnosis_load.h"
#include "smartservice/guidance.h"
#include "xml_util.h"

int ssvc_diag_load_options_init(ssvc_diag_load_options *options, unsigned int version) {
  return ssvc__struct_init(options, sizeof *options, version, SSVC_DIAG_LOAD_OPTIONS_VERSION);
}

/* ---- the elements ---- */

static int32_t new_node(struct loader *L) { return (int32_t)L->next_node++; }

static int load_symptom(struct loader *L, const xmlNode *n) {
  static const char *const allowed[] = {"id", "start", "sv", "en", NULL};
  /* A guidance topic names its area, the feature the customer's tier must include. */
  static const char *const topic_allowed[] = {"id", "feature", "start", "sv", "en", NULL};
  int guidance = L->t->kind == SSVC_DIAG_TREE_GUIDANCE;
  struct d_node *d = &L->t->nodes[new_node(L)];
  d->type = D_SYMPTOM;
  d->line = xmlGetLineNo(n);
  int rc;
  if ((rc = ssvc__diag_get_token(L, n, "id", MAX_ID, NULL, &d->id))) return rc;
  if ((rc = ssvc__diag_check_attrs(L, n, guidance ? topic_allowed : allowed))) return rc;
  if (guidance) {
    if (!ssvc__diag_attr(n, "feature"))
      return ssvc__diag_nerr(L, SSVC_EPARSE, n, "symptom '%s': missing attribute 'feature' (the "
                             "topic's area)", d->id);
    if ((rc = ssvc__diag_get_feature(L, n, d->id, &d->feature))) return rc;
  }
  if ((rc = ssvc__diag_get_token(L, n, "start", MAX_ID, d->id, &d->next_id))) return rc;
  if ((rc = ssvc__diag_attr_labels(L, n, d->id, d->text))) return rc;
  for (const xmlNode *c = n->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE)
      return ssvc__diag_nerr(L, SSVC_EPARSE, c, "symptom '%s': unexpected element <%s>", d->id,
                  (const char *)c->name);
  L->t->symptoms[L->t->nsymptoms++] = (int32_t)(d - L->t->nodes);
  return SSVC_OK;
}

static int load_question(struct loader *L, const xmlNode *n) {
  static const char *const allowed[] = {"id", "feature", "cost", NULL};
  static const char *const aallowed[] = {"value", "next", "sv", "en", NULL};
  struct d_node *d = &L->t->nodes[new_node(L)];
  d->type = D_QUESTION;
  d->line = xmlGetLineNo(n);
  int rc;
  if ((rc = ssvc__diag_get_token(L, n, "id", MAX_ID, NULL, &d->id))) return rc;
  if ((rc = ssvc__diag_check_attrs(L, n, allowed))) return rc;
  if ((rc = ssvc__diag_get_feature(L, n, d->id, &d->feature))) return rc;
  if ((rc = ssvc__diag_get_cost(L, n, d->id, &d->cost))) return rc;
  if ((rc = ssvc__diag_child_texts(L, n, d->id, d->text))) return rc;
  d->first = L->next_answer;
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || ssvc__diag_is_elem(c, "sv") || ssvc__diag_is_elem(c, "en"))
      continue;
    if (!ssvc__diag_is_elem(c, "answer"))
      return ssvc__diag_nerr(L, SSVC_EPARSE, c, "question '%s': unexpected element <%s>", d->id,
                  (const char *)c->name);
    struct d_answer *a = &L->t->answers[L->next_answer++];
    if ((rc = ssvc__diag_get_token(L, c, "value", MAX_VALUE, d->id, &a->value))) return rc;
    if ((rc = ssvc__diag_check_attrs(L, c, aallowed))) return rc;
    for (struct d_answer *b = &L->t->answers[d->first]; b < a; b++)
      if (strcmp(b->value, a->value) == 0)
        return ssvc__diag_nerr(L, SSVC_EPARSE, c, "question '%s': answer value '%s' appears twice",
                               d->id, a->value);
    if ((rc = ssvc__diag_get_token(L, c, "next", MAX_ID, d->id, &a->next_id))) return rc;
    if ((rc = ssvc__diag_attr_labels(L, c, d->id, a->label))) return rc;
    for (const xmlNode *g = c->children; g; g = g->next)
      if (g->type == XML_ELEMENT_NODE)
        return ssvc__diag_nerr(L, SSVC_EPARSE, g,
                               "question '%s': unexpected element <%s> in <answer>", d->id,
                               (const char *)g->name);
  }
  d->count = L->next_answer - d->first;
  if (d->count == 0)
    return ssvc__diag_nerr(L, SSVC_EPARSE, n, "question '%s': has no <answer>", d->id);
  L->t->nquestions++;
  return SSVC_OK;
}

static int load_checks(struct loader *L, const xmlNode *n) {
  static const char *const allowed[] = {"id", "feature", "next", "weight", NULL};
  static const char *const callowed[] = {"id", "p", "cost", "fixed", NULL};
  int32_t self = new_node(L);
  struct d_node *d = &L->t->nodes[self];
  d->type = D_CHECKS;
  d->line = xmlGetLineNo(n);
  int rc;
  if ((rc = ssvc__diag_get_token(L, n, "id", MAX_ID, NULL, &d->id))) return rc;
  if ((rc = ssvc__diag_check_attrs(L, n, allowed))) return rc;
  if ((rc = ssvc__diag_get_feature(L, n, d->id, &d->feature))) return rc;
  if ((rc = ssvc__diag_get_token(L, n, "next", MAX_ID, d->id, &d->next_id))) return rc;
  const char *w = ssvc__diag_attr(n, "weight");
  d->weight = 10;
  if (w && !ssvc__diag_parse_uint(w, 1, MAX_WEIGHT, &d->weight))
    return ssvc__diag_nerr(L, SSVC_EPARSE, n, "checks '%s': weight must be 1-%u (got '%.32s')",
                           d->id, MAX_WEIGHT, w);
  d->first = L->next_check;
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (!ssvc__diag_is_elem(c, "check"))
      return ssvc__diag_nerr(L, SSVC_EPARSE, c, "checks '%s': unexpected element <%s>", d->id,
                  (const char *)c->name);
    struct d_check *k = &L->t->checks[L->next_check++];
    k->group = self;
    k->line = xmlGetLineNo(c);
    if ((rc = ssvc__diag_get_token(L, c, "id", MAX_ID, d->id, &k->id))) return rc;
    if ((rc = ssvc__diag_check_attrs(L, c, callowed))) return rc;
    const char *p = ssvc__diag_attr(c, "p");
    if (!p) return ssvc__diag_nerr(L, SSVC_EPARSE, c, "check '%s': missing attribute 'p'", k->id);
    if (!ssvc__diag_parse_prob(p, &k->prior_ppm))
      return ssvc__diag_nerr(L, SSVC_EPARSE, c,
                  "check '%s': p must be a probability above 0 and at most 1 with at most 6 "
                  "decimals (got '%.32s')",
                  k->id, p);
    if ((rc = ssvc__diag_get_cost(L, c, k->id, &k->cost))) return rc;
    if ((rc = ssvc__diag_get_token(L, c, "fixed", MAX_ID, k->id, &k->fixed_id))) return rc;
    if ((rc = ssvc__diag_child_texts(L, c, k->id, k->text))) return rc;
    for (const xmlNode *g = c->children; g; g = g->next)
      if (g->type == XML_ELEMENT_NODE && !ssvc__diag_is_elem(g, "sv") &&
          !ssvc__diag_is_elem(g, "en"))
        return ssvc__diag_nerr(L, SSVC_EPARSE, g, "check '%s': unexpected element <%s>", k->id,
                    (const char *)g->name);
  }
  d->count = L->next_check - d->first;
  if (d->count == 0)
    return ssvc__diag_nerr(L, SSVC_EPARSE, n, "checks '%s': has no <check>", d->id);
  return SSVC_OK;
}

static const char *const kind_keys[] = {"handling-error", "workshop", "definite-fault",
                                        "out-of-scope"};
static const char *const reminder_keys[] = {"remove-sim",  "backup",      "sign-out-lock",
                                            "service-note", "service-bag", "return-label"};

/* The kind of an outcome of a guidance tree: "solved" or "not-solved", which names the symptom
 * of the fault tree where diagnosis goes on (diagnose="..."). */
static int guide_kind(struct loader *L, const xmlNode *n, struct d_node *d, const char *k) {
  const char *dx = ssvc__diag_attr(n, "diagnose");
  if (strcmp(k, "solved") == 0) {
    d->guide = SSVC_GUIDE_SOLVED;
    d->kind = SSVC_DIAG_HANDLING_ERROR;
    if (dx)
      return ssvc__diag_nerr(L, SSVC_EPARSE, n,
                             "outcome '%s': diagnose belongs to a not-solved outcome", d->id);
    return SSVC_OK;
  }
  if (strcmp(k, "not-solved") != 0)
    return ssvc__diag_nerr(L, SSVC_EPARSE, n,
                           "outcome '%s': unknown kind '%.32s' (a guidance tree has solved or "
                           "not-solved)",
                           d->id, k);
  d->guide = SSVC_GUIDE_NOT_SOLVED;
  d->kind = -1;
  return ssvc__diag_get_token(L, n, "diagnose", MAX_ID, d->id, &d->diagnose);
}

static int load_outcome(struct loader *L, const xmlNode *n) {
  static const char *const allowed[] = {"id", "kind", "reminders", NULL};
  static const char *const guide_allowed[] = {"id", "kind", "diagnose", NULL};
  int guidance = L->t->kind == SSVC_DIAG_TREE_GUIDANCE;
  struct d_node *d = &L->t->nodes[new_node(L)];
  d->type = D_OUTCOME;
  d->line = xmlGetLineNo(n);
  int rc;
  if ((rc = ssvc__diag_get_token(L, n, "id", MAX_ID, NULL, &d->id))) return rc;
  if ((rc = ssvc__diag_check_attrs(L, n, guidance ? guide_allowed : allowed))) return rc;
  const char *k = ssvc__diag_attr(n, "kind");
  if (!k)
    return ssvc__diag_nerr(L, SSVC_EPARSE, n, "outcome '%s': missing attribute 'kind'", d->id);
  d->kind = -1;
  if (guidance) {
    if ((rc = guide_kind(L, n, d, k))) return rc;
  } else {
    for (int i = 0; i < 4; i++)
      if (strcmp(k, kind_keys[i]) == 0) d->kind = i;
  }
  if (!guidance && d->kind < 0)
    return ssvc__diag_nerr(L, SSVC_EPARSE, n,
                "outcome '%s': unknown kind '%.32s' (handling-error, workshop, definite-fault or "
                "out-of-scope)",
                d->id, k);
  const char *r = ssvc__diag_attr(n, "reminders");
  while (r && *r) {
    while (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r') r++;
    if (!*r) break;
    size_t len = strcspn(r, " \t\r\n");
    int found = 0;
    for (unsigned i = 0; i < SSVC_DIAG_REMINDER_COUNT; i++)
      if (strlen(reminder_keys[i]) == len && memcmp(reminder_keys[i], r, len) == 0) {
        d->reminders |= 1u << i;
        found = 1;
      }
    if (!found)
      return ssvc__diag_nerr(L, SSVC_EPARSE, n, "outcome '%s': unknown reminder '%.*s'", d->id,
                  (int)(len > 32 ? 32 : len), r);
    r += len;
  }
  if ((rc = ssvc__diag_child_texts(L, n, d->id, d->text))) return rc;
  for (const xmlNode *c = n->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && !ssvc__diag_is_elem(c, "sv") && !ssvc__diag_is_elem(c, "en"))
      return ssvc__diag_nerr(L, SSVC_EPARSE, c, "outcome '%s': unexpected element <%s>", d->id,
                  (const char *)c->name);
  L->t->noutcomes++;
  return SSVC_OK;
}

/* ---- the document ---- */

/* Finds @p pat (which starts with '<') in the raw input; its line and column. */
static int find_raw(const struct loader *L, const char *pat, long *line, long *col) {
  size_t n = strlen(pat);
  const char *p = L->buf, *end = L->buf + L->len;
  while ((size_t)(end - p) >= n && (p = memchr(p, '<', (size_t)(end - p) - n + 1)) != NULL) {
    if (memcmp(p, pat, n) == 0) {
      long ln = 1, c = 1;
      for (const char *q = L->buf; q < p; q++) {
        if (*q == '\n') ln++, c = 1;
        else c++;
      }
      *line = ln;
      *col = c;
      return 1;
    }
    p++;
  }
  return 0;
}

static int count_elements(struct loader *L, const xmlNode *root, size_t *nodes, size_t *answers,
                          size_t *checks) {
  for (const xmlNode *n = root->children; n; n = n->next) {
    if (n->type == XML_TEXT_NODE) {
      for (const xmlChar *p = n->content; *p; p++)
        if (!strchr(" \t\r\n", *p))
          return ssvc__diag_nerr(L, SSVC_EPARSE, n->parent, "<diagnosis>: unexpected text '%.20s'",
                      (const char *)p);
      continue;
    }
    if (n->type != XML_ELEMENT_NODE) continue;
    if (ssvc__diag_is_elem(n, "symptom") || ssvc__diag_is_elem(n, "outcome")) {
      (*nodes)++;
    } else if (ssvc__diag_is_elem(n, "question")) {
      (*nodes)++;
      for (const xmlNode *c = n->children; c; c = c->next)
        if (ssvc__diag_is_elem(c, "answer")) (*answers)++;
    } else if (ssvc__diag_is_elem(n, "checks")) {
      (*nodes)++;
      for (const xmlNode *c = n->children; c; c = c->next)
        if (ssvc__diag_is_elem(c, "check")) (*checks)++;
    } else {
      return ssvc__diag_nerr(L, SSVC_EPARSE, n,
                             "unknown element <%.32s> (symptom, question, checks or outcome)",
                             (const char *)n->name);
    }
    if (*nodes + *checks > L->opt.max_nodes)
      return ssvc__diag_nerr(L, SSVC_ELIMIT, n,
                             "more than max_nodes (%zu) symptoms, questions, checks and outcomes",
                             L->opt.max_nodes);
  }
  return SSVC_OK;
}

static int load_doc(struct loader *L, xmlDoc *doc) {
  const xmlNode *root = xmlDocGetRootElement(doc);
  if (!root || !ssvc__diag_is_elem(root, "diagnosis"))
    return root ? ssvc__diag_nerr(L, SSVC_EPARSE, root,
                                  "the root element must be <diagnosis> (got <%.32s>)",
                                  (const char *)root->name)
                : LERR(L, SSVC_EPARSE, 1, 1, "no root element");
  if (root->ns)
    return ssvc__diag_nerr(L, SSVC_EPARSE, root, "<diagnosis> must not be in a namespace");
  static const char *const allowed[] = {"version", "kind", NULL};
  int rc = ssvc__diag_check_attrs(L, root, allowed);
  if (rc) return rc;
  const char *v = ssvc__diag_attr(root, "version");
  if (!v || strcmp(v, "1") != 0)
    return ssvc__diag_nerr(L, SSVC_EPARSE, root, "<diagnosis>: version must be \"1\" (got '%.16s')",
                v ? v : "(none)");
  const char *kind = ssvc__diag_attr(root, "kind");
  if (kind && strcmp(kind, "faults") != 0 && strcmp(kind, "guidance") != 0)
    return ssvc__diag_nerr(L, SSVC_EPARSE, root,
                           "<diagnosis>: kind must be \"faults\" or \"guidance\" (got '%.16s')",
                           kind);
  L->t->kind = kind && strcmp(kind, "guidance") == 0 ? SSVC_DIAG_TREE_GUIDANCE
                                                    : SSVC_DIAG_TREE_FAULTS;
  size_t nodes = 0, answers = 0, checks = 0;
  if ((rc = count_elements(L, root, &nodes, &answers, &checks))) return rc;
  ssvc_diag_tree *t = L->t;
  t->nodes = ssvc__diag_arena_alloc(t, nodes * sizeof *t->nodes + 1);
  t->answers = ssvc__diag_arena_alloc(t, answers * sizeof *t->answers + 1);
  t->checks = ssvc__diag_arena_alloc(t, checks * sizeof *t->checks + 1);
  t->symptoms = ssvc__diag_arena_alloc(t, nodes * sizeof *t->symptoms + 1);
  if (!t->nodes || !t->answers || !t->checks || !t->symptoms) return SSVC_ENOMEM;
  memset(t->nodes, 0, nodes * sizeof *t->nodes);
  memset(t->answers, 0, answers * sizeof *t->answers);
  memset(t->checks, 0, checks * sizeof *t->checks);
  t->nnodes = nodes;
  t->nanswers = answers;
  t->nchecks = checks;
  for (const xmlNode *n = root->children; n && !rc; n = n->next) {
    if (ssvc__diag_is_elem(n, "symptom")) rc = load_symptom(L, n);
    else if (ssvc__diag_is_elem(n, "question")) rc = load_question(L, n);
    else if (ssvc__diag_is_elem(n, "checks")) rc = load_checks(L, n);
    else if (ssvc__diag_is_elem(n, "outcome")) rc = load_outcome(L, n);
  }
  if (rc) return rc;
  if ((rc = ssvc__diag_build_index(L))) return rc;
  if ((rc = ssvc__diag_resolve_all(L))) return rc;
  return ssvc__diag_validate_graph(L);
}

static int load(struct loader *L, ssvc_diag_tree **out) {
  long line, col;
  if (L->len > L->opt.max_file_bytes)
    return ssvc__err(L->ctx, SSVC_ELIMIT, "%s: %.200s: %zu bytes is more than max_file_bytes (%zu)",
                     L->func, L->name, L->len, L->opt.max_file_bytes);
  if (find_raw(L, "<!DOCTYPE", &line, &col) || find_raw(L, "<!ENTITY", &line, &col))
    return LERR(L, SSVC_EPARSE, line, col,
                "DOCTYPE and entity declarations are not allowed in a diagnosis tree");
  xmlInitParser();
  ssvc__xml_err err;
  xmlDoc *doc = ssvc__xml_read_memory(L->buf, L->len,
                                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                          XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES,
                                      &err);
  int rc = SSVC_OK;
  if (!doc) {
    if (err.code == XML_ERR_NO_MEMORY)
      rc = ssvc__err(L->ctx, SSVC_ENOMEM, "%s: out of memory (XML parser)", L->func);
    else
      rc = LERR(L, SSVC_EPARSE, err.line, err.col, "XML: %s", err.msg);
  } else if (doc->intSubset || doc->extSubset) {
    rc = LERR(L, SSVC_EPARSE, 1, 1, "DOCTYPE is not allowed in a diagnosis tree");
  }
  ssvc_diag_tree *t = NULL;
  if (!rc) {
    t = ssvc__calloc(L->ctx, 1, sizeof *t);
    if (!t) rc = SSVC_ENOMEM;
  }
  if (!rc) {
    t->ctx = L->ctx;
    t->size_hint = L->len + L->len / 8 + 4096;
    L->t = t;
    rc = load_doc(L, doc);
  }
  ssvc__free(L->ctx, L->scratch);
  L->scratch = NULL;
  xmlFreeDoc(doc);
  if (rc) {
    if (rc == SSVC_ENOMEM && ssvc_ctx_errcode(L->ctx) != SSVC_ENOMEM)
      ssvc__err(L->ctx, SSVC_ENOMEM, "%s: out of memory", L->func);
    ssvc_diag_tree_free(t);
    return rc;
  }
  uint64_t h = UINT64_C(0xcbf29ce484222325); /* FNV-1a, 64 bits */
  for (size_t i = 0; i < L->len; i++) h = (h ^ (unsigned char)L->buf[i]) * UINT64_C(0x100000001b3);
  snprintf(t->fingerprint, sizeof t->fingerprint, "%016" PRIx64, h);
  *out = t;
  return SSVC_OK;
}

const char *ssvc_diag_tree_fingerprint(const ssvc_diag_tree *tree) {
  return tree ? tree->fingerprint : "";
}

static int setup(struct loader *L, ssvc_ctx *ctx, const char *func, const char *name,
                 const ssvc_diag_load_options *options) {
  memset(L, 0, sizeof *L);
  L->ctx = ctx;
  L->func = func;
  L->name = name;
  ssvc_diag_load_options_init(&L->opt, SSVC_DIAG_LOAD_OPTIONS_VERSION);
  if (options) {
    char what[96];
    snprintf(what, sizeof what, "%s: options", func);
    int rc = ssvc__check_version(ctx, what, options->version, SSVC_DIAG_LOAD_OPTIONS_VERSION);
    if (rc) return rc;
    L->opt = *options;
  }
  if (!L->opt.max_nodes) L->opt.max_nodes = DEF_MAX_NODES;
  if (!L->opt.max_depth) L->opt.max_depth = DEF_MAX_DEPTH;
  if (!L->opt.max_text_bytes) L->opt.max_text_bytes = DEF_MAX_TEXT;
  if (!L->opt.max_file_bytes) L->opt.max_file_bytes = DEF_MAX_FILE;
  if (L->opt.max_depth > MAX_MAX_DEPTH)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: options->max_depth must be at most %u (got %u)", func,
                     MAX_MAX_DEPTH, L->opt.max_depth);
  if (L->opt.max_file_bytes > INT_MAX)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: options->max_file_bytes must be at most %d (got %zu)",
                     func, INT_MAX, L->opt.max_file_bytes);
  if (L->opt.max_nodes > INT32_MAX / 2)
    return ssvc__err(ctx, SSVC_EINVAL, "%s: options->max_nodes must be at most %d (got %zu)", func,
                     INT32_MAX / 2, L->opt.max_nodes);
  return SSVC_OK;
}

int ssvc_diag_tree_load_memory(ssvc_ctx *ctx, ssvc_diag_tree **out, const char *xml, size_t len,
                               const ssvc_diag_load_options *options) {
  static const char func[] = "ssvc_diag_tree_load_memory";
  if (out) *out = NULL;
  if (!ctx) return SSVC_EINVAL;
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "%s: out must not be NULL", func);
  if (!xml) return ssvc__err(ctx, SSVC_EINVAL, "%s: xml must not be NULL", func);
  struct loader L;
  int rc = setup(&L, ctx, func, "<memory>", options);
  if (rc) return rc;
  L.buf = xml;
  L.len = len;
  return load(&L, out);
}

int ssvc_diag_tree_load_file(ssvc_ctx *ctx, ssvc_diag_tree **out, const char *path,
                             const ssvc_diag_load_options *options) {
  static const char func[] = "ssvc_diag_tree_load_file";
  if (out) *out = NULL;
  if (!ctx) return SSVC_EINVAL;
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "%s: out must not be NULL", func);
  if (!path) return ssvc__err(ctx, SSVC_EINVAL, "%s: path must not be NULL", func);
  struct loader L;
  int rc = setup(&L, ctx, func, path, options);
  if (rc) return rc;
  FILE *f = fopen(path, "rb");
  if (!f) return ssvc__err(ctx, SSVC_EIO, "%s: %.200s: cannot open", func, path);
  /* Read at most max_file_bytes + 1 so that an oversized file is seen without reading it all. */
  size_t cap = 0, len = 0;
  char *buf = NULL;
  for (;;) {
    if (len == cap) {
      size_t ncap = cap ? cap * 2 : 65536;
      if (ncap > L.opt.max_file_bytes + 1) ncap = L.opt.max_file_bytes + 1;
      if (ncap == cap) break;
      char *nb = ssvc__realloc(ctx, buf, ncap);
      if (!nb) {
        rc = SSVC_ENOMEM;
        break;
      }
      buf = nb;
      cap = ncap;
    }
    size_t got = fread(buf + len, 1, cap - len, f);
    len += got;
    if (got == 0) break;
  }
  if (!rc && ferror(f)) rc = ssvc__err(ctx, SSVC_EIO, "%s: %.200s: read error", func, path);
  fclose(f);
  if (!rc) {
    L.buf = buf ? buf : "";
    L.len = len;
    rc = load(&L, out);
  }
  ssvc__free(ctx, buf);
  return rc;
}

extern const unsigned char ssvc__default_tree_xml[];
extern const size_t ssvc__default_tree_xml_len;

const char *ssvc_diag_default_xml(void) { return (const char *)ssvc__default_tree_xml; }

int ssvc_diag_tree_load_default(ssvc_ctx *ctx, ssvc_diag_tree **out) {
  static const char func[] = "ssvc_diag_tree_load_default";
  if (out) *out = NULL;
  if (!ctx) return SSVC_EINVAL;
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "%s: out must not be NULL", func);
  struct loader L;
  int rc = setup(&L, ctx, func, "<default>", NULL);
  if (rc) return rc;
  L.buf = (const char *)ssvc__default_tree_xml;
  L.len = ssvc__default_tree_xml_len;
  return load(&L, out);
}

extern const unsigned char ssvc__guidance_tree_xml[];
extern const size_t ssvc__guidance_tree_xml_len;

const char *ssvc_guide_default_xml(void) { return (const char *)ssvc__guidance_tree_xml; }

int ssvc_guide_tree_load_default(ssvc_ctx *ctx, ssvc_diag_tree **out) {
  static const char func[] = "ssvc_guide_tree_load_default";
  if (out) *out = NULL;
  if (!ctx) return SSVC_EINVAL;
  if (!out) return ssvc__err(ctx, SSVC_EINVAL, "%s: out must not be NULL", func);
  struct loader L;
  int rc = setup(&L, ctx, func, "<guidance>", NULL);
  if (rc) return rc;
  L.buf = (const char *)ssvc__guidance_tree_xml;
  L.len = ssvc__guidance_tree_xml_len;
  return load(&L, out);
}
