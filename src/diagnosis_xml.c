/* diagnosis: loading and validating question graphs from untrusted XML (doc/diagnosis.md). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "diagnosis_internal.h"

#define DEF_MAX_NODES 100000u
#define DEF_MAX_DEPTH 64u
#define MAX_MAX_DEPTH 4096u
#define DEF_MAX_TEXT 4096u
#define DEF_MAX_FILE (16u * 1024u * 1024u)
#define MAX_ID 64
#define MAX_VALUE 32
#define MAX_WEIGHT 1000000u
#define MAX_COST 86400u

int ssvc_diag_load_options_init(ssvc_diag_load_options *options, unsigned int version) {
  return ssvc__struct_init(options, sizeof *options, version, SSVC_DIAG_LOAD_OPTIONS_VERSION);
}

/* ---- arena: every part of a tree lives in a few large chunks ---- */

static void *arena_alloc(ssvc_diag_tree *t, size_t size) {
  const size_t align = sizeof(max_align_t);
  size = (size + align - 1) / align * align;
  if (size == 0) size = align;
  struct d_chunk *c = t->chunks;
  if (!c || c->size - c->used < size) {
    /* The first chunk is sized for the whole document (texts and ids are never longer than the
     * input), so that a large tree takes few allocations. */
    size_t want = t->size_hint > 65536 ? t->size_hint : 65536;
    t->size_hint = 0;
    if (want < size) want = size;
    size_t head = (sizeof(struct d_chunk) + align - 1) / align * align;
    c = ssvc__malloc(t->ctx, head + want);
    if (!c) return NULL;
    c->prev = t->chunks;
    c->used = head;
    c->size = head + want;
    t->chunks = c;
  }
  void *p = (char *)c + c->used;
  c->used += size;
  return p;
}

void ssvc_diag_tree_free(ssvc_diag_tree *tree) {
  if (!tree) return;
  ssvc_ctx *ctx = tree->ctx;
  struct d_chunk *c = tree->chunks;
  while (c) {
    struct d_chunk *prev = c->prev;
    ssvc__free(ctx, c);
    c = prev;
  }
  ssvc__free(ctx, tree);
}

/* ---- loader state ---- */

struct loader {
  ssvc_ctx *ctx;
  ssvc_diag_tree *t;
  const char *func;  /* the public function, for messages */
  const char *name;  /* "<memory>" or the path */
  const char *buf;
  size_t len;
  ssvc_diag_load_options opt;
  uint32_t next_node, next_answer, next_check;
  char *scratch; /* joins the pieces of one text */
  size_t scratch_cap;
};

/* Where the start tag "<name" of an element is. libxml2 records the line on which the start tag
 * ends; the tag begins on that line or, when its attributes span lines, on one before it. On entry
 * *line is libxml2's line; on return *line and *col give the '<' (1-based bytes), or *col is 1 when
 * the tag is not found within 50 lines. */
static void locate(const struct loader *L, long *line, long *col, const char *name) {
  *col = 1;
  if (*line < 1 || !name) return;
  size_t off = 0;
  long cur = 1;
  while (cur < *line && off < L->len) {
    if (L->buf[off] == '\n') cur++;
    off++;
  }
  size_t nlen = strlen(name);
  for (int back = 0; back < 50; back++) {
    size_t end = off;
    while (end < L->len && L->buf[end] != '\n') end++;
    /* The last "<name" on the line is the one that ends there (or later). */
    long found = 0;
    for (size_t i = off; i + nlen + 1 <= end; i++)
      if (L->buf[i] == '<' && memcmp(L->buf + i + 1, name, nlen) == 0 &&
          (i + 1 + nlen == end || strchr(" \t\r\n/>", L->buf[i + 1 + nlen])))
        found = (long)(i - off) + 1;
    if (found) {
      *line -= back;
      *col = found;
      return;
    }
    if (off == 0) return;
    size_t p = off - 1; /* the '\n' ending the previous line */
    while (p > 0 && L->buf[p - 1] != '\n') p--;
    off = p;
  }
}

static long column_of(const struct loader *L, long *line, const char *name) {
  long col;
  locate(L, line, &col, name);
  return col;
}

#define LERR(L, code, line, col, ...) lerr((L), (code), (line), (col), __VA_ARGS__)

static int lerr(struct loader *L, int code, long line, long col, const char *fmt, ...)
    SSVC_PRINTF(5, 6);
static int lerr(struct loader *L, int code, long line, long col, const char *fmt, ...) {
  char what[400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  return ssvc__err(L->ctx, code, "%s: %.200s:%ld:%ld: %s", L->func, L->name, line, col, what);
}

/* Error at element @p n. */
static int nerr(struct loader *L, int code, const xmlNode *n, const char *fmt, ...)
    SSVC_PRINTF(4, 5);
static int nerr(struct loader *L, int code, const xmlNode *n, const char *fmt, ...) {
  char what[400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  long line = xmlGetLineNo(n);
  long col = column_of(L, &line, (const char *)n->name);
  return lerr(L, code, line, col, "%s", what);
}

static int is_elem(const xmlNode *n, const char *name) {
  return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* The value of attribute @p name of @p n, or NULL. */
static const char *attr(const xmlNode *n, const char *name) {
  for (const xmlAttr *a = n->properties; a; a = a->next) {
    if (a->ns || strcmp((const char *)a->name, name) != 0) continue;
    if (!a->children) return "";
    return a->children->content ? (const char *)a->children->content : "";
  }
  return NULL;
}

/* Every attribute of @p n must be one of @p allowed (NULL-terminated). */
static int check_attrs(struct loader *L, const xmlNode *n, const char *const *allowed) {
  for (const xmlAttr *a = n->properties; a; a = a->next) {
    int ok = 0;
    for (const char *const *p = allowed; *p && !a->ns; p++)
      if (strcmp(*p, (const char *)a->name) == 0) ok = 1;
    if (!ok)
      return nerr(L, SSVC_EPARSE, n, "<%s>: unknown attribute '%.64s'", (const char *)n->name,
                  (const char *)a->name);
  }
  return SSVC_OK;
}

static int valid_token(const char *s, size_t max) {
  size_t n = 0;
  for (; s[n]; n++) {
    char c = s[n];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
          c == '-' || c == '_' || c == '.'))
      return 0;
    if (n >= max) return 0;
  }
  return n > 0;
}

/* A required id-like attribute: copied into the arena. */
static int get_token(struct loader *L, const xmlNode *n, const char *name, size_t max,
                     const char *owner, const char **out) {
  const char *v = attr(n, name);
  if (!v)
    return nerr(L, SSVC_EPARSE, n, "%s%s%s%s: missing attribute '%s'", (const char *)n->name,
                owner ? " '" : "", owner ? owner : "", owner ? "'" : "", name);
  if (!valid_token(v, max))
    return nerr(L, SSVC_EPARSE, n,
                "%s%s%s%s: attribute %s must be 1-%zu characters of A-Z a-z 0-9 . _ - (got "
                "'%.64s')",
                (const char *)n->name, owner ? " '" : "", owner ? owner : "", owner ? "'" : "",
                name, max, v);
  size_t len = strlen(v);
  char *c = arena_alloc(L->t, len + 1);
  if (!c) return SSVC_ENOMEM;
  memcpy(c, v, len + 1);
  *out = c;
  return SSVC_OK;
}

/* Copies @p s with runs of white space collapsed to one space and the ends trimmed. */
static int norm_text(struct loader *L, const xmlNode *n, const char *owner, const char *what,
                     const char *s, size_t len, const char **out) {
  char *d = arena_alloc(L->t, len + 1);
  if (!d) return SSVC_ENOMEM;
  size_t o = 0;
  int space = 0;
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = 1;
      continue;
    }
    if (space && o) d[o++] = ' ';
    space = 0;
    d[o++] = c;
  }
  d[o] = '\0';
  if (o == 0)
    return nerr(L, SSVC_EPARSE, n, "'%s': %s is empty", owner, what);
  if (o > L->opt.max_text_bytes)
    return nerr(L, SSVC_ELIMIT, n, "'%s': %s is %zu bytes (max_text_bytes is %zu)", owner, what, o,
                L->opt.max_text_bytes);
  if (!ssvc__utf8_valid(d, o))
    return nerr(L, SSVC_EPARSE, n, "'%s': %s is not valid UTF-8 text", owner, what);
  *out = d;
  return SSVC_OK;
}

/* The text content of element @p n (text and CDATA only). */
static int elem_text(struct loader *L, const xmlNode *n, const char *owner, const char **out) {
  size_t total = 0;
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      total += strlen((const char *)c->content);
    } else if (c->type == XML_ELEMENT_NODE) {
      return nerr(L, SSVC_EPARSE, c, "'%s': unexpected element <%s> inside <%s>", owner,
                  (const char *)c->name, (const char *)n->name);
    } else if (c->type != XML_COMMENT_NODE && c->type != XML_PI_NODE) {
      return nerr(L, SSVC_EPARSE, n, "'%s': unsupported content in <%s>", owner,
                  (const char *)n->name);
    }
    if (total > L->len) break;
  }
  /* Join the pieces in the loader's scratch buffer; only the normalised copy goes to the tree. */
  if (total + 1 > L->scratch_cap) {
    size_t cap = L->scratch_cap ? L->scratch_cap : 1024;
    while (cap < total + 1) cap *= 2;
    char *nb = ssvc__realloc(L->ctx, L->scratch, cap);
    if (!nb) return SSVC_ENOMEM;
    L->scratch = nb;
    L->scratch_cap = cap;
  }
  char *tmp = L->scratch;
  size_t o = 0;
  for (const xmlNode *c = n->children; c; c = c->next)
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      size_t k = strlen((const char *)c->content);
      memcpy(tmp + o, c->content, k);
      o += k;
    }
  tmp[o] = '\0';
  char what[16];
  snprintf(what, sizeof what, "<%s>", (const char *)n->name);
  return norm_text(L, n, owner, what, tmp, o, out);
}

/* Label attributes sv="..." en="...". */
static int attr_labels(struct loader *L, const xmlNode *n, const char *owner, const char **label) {
  static const char *const langs[2] = {"sv", "en"};
  for (int l = 0; l < 2; l++) {
    const char *v = attr(n, langs[l]);
    if (!v)
      return nerr(L, SSVC_EPARSE, n, "%s '%s': missing attribute '%s'", (const char *)n->name,
                  owner, langs[l]);
    char what[24];
    snprintf(what, sizeof what, "attribute %s", langs[l]);
    int rc = norm_text(L, n, owner, what, v, strlen(v), &label[l]);
    if (rc) return rc;
  }
  return SSVC_OK;
}

/* Child texts <sv> and <en>, each exactly once; other children are handled by @p other. */
static int child_texts(struct loader *L, const xmlNode *n, const char *owner, const char **text) {
  for (const xmlNode *c = n->children; c; c = c->next) {
    int l = is_elem(c, "sv") ? 0 : is_elem(c, "en") ? 1 : -1;
    if (l < 0) continue;
    if (text[l])
      return nerr(L, SSVC_EPARSE, c, "'%s': more than one <%s>", owner, (const char *)c->name);
    if (c->properties)
      return nerr(L, SSVC_EPARSE, c, "'%s': <%s> takes no attributes", owner,
                  (const char *)c->name);
    int rc = elem_text(L, c, owner, &text[l]);
    if (rc) return rc;
  }
  for (int l = 0; l < 2; l++)
    if (!text[l])
      return nerr(L, SSVC_EPARSE, n, "%s '%s': missing <%s> text", (const char *)n->name, owner,
                  l ? "en" : "sv");
  return SSVC_OK;
}

/* Unsigned decimal within [lo, hi]. */
static int parse_uint(const char *s, uint32_t lo, uint32_t hi, uint32_t *out) {
  uint64_t v = 0;
  if (!*s) return 0;
  for (; *s; s++) {
    if (*s < '0' || *s > '9') return 0;
    v = v * 10 + (uint64_t)(*s - '0');
    if (v > hi) return 0;
  }
  if (v < lo) return 0;
  *out = (uint32_t)v;
  return 1;
}

/* A probability "0.3", "1", ".25" as parts per million; (0, 1]; at most 6 decimals. */
static int parse_prob(const char *s, uint32_t *out) {
  uint32_t whole = 0, frac = 0;
  int digits = 0, fd = 0;
  for (; *s >= '0' && *s <= '9'; s++, digits++) {
    whole = whole * 10 + (uint32_t)(*s - '0');
    if (whole > 1) return 0;
  }
  if (*s == '.') {
    s++;
    for (; *s >= '0' && *s <= '9'; s++, fd++) {
      if (fd >= 6) return 0;
      frac = frac * 10 + (uint32_t)(*s - '0');
      digits++;
    }
    for (int k = fd; k < 6; k++) frac *= 10;
  }
  if (*s || digits == 0) return 0;
  uint32_t ppm = whole * 1000000u + frac;
  if (ppm == 0 || ppm > 1000000u) return 0;
  *out = ppm;
  return 1;
}

static int get_feature(struct loader *L, const xmlNode *n, const char *owner, unsigned *out) {
  const char *v = attr(n, "feature");
  if (!v) {
    *out = SSVC_FEATURE_DIAGNOSIS;
    return SSVC_OK;
  }
  for (unsigned f = 1; f & SSVC_FEATURE_ALL; f <<= 1)
    if (strcmp(ssvc_feature_key(f), v) == 0) {
      *out = f;
      return SSVC_OK;
    }
  return nerr(L, SSVC_EPARSE, n, "%s '%s': unknown feature '%.64s'", (const char *)n->name,
              owner, v);
}

static int get_cost(struct loader *L, const xmlNode *n, const char *owner, uint32_t *out) {
  const char *v = attr(n, "cost");
  if (!v) {
    *out = 60;
    return SSVC_OK;
  }
  if (!parse_uint(v, 1, MAX_COST, out))
    return nerr(L, SSVC_EPARSE, n, "%s '%s': cost must be 1-%u seconds (got '%.32s')",
                (const char *)n->name, owner, MAX_COST, v);
  return SSVC_OK;
}

/* ---- the elements ---- */

static int32_t new_node(struct loader *L) { return (int32_t)L->next_node++; }

static int load_symptom(struct loader *L, const xmlNode *n) {
  static const char *const allowed[] = {"id", "start", "sv", "en", NULL};
  struct d_node *d = &L->t->nodes[new_node(L)];
  d->type = D_SYMPTOM;
  d->line = xmlGetLineNo(n);
  int rc;
  if ((rc = get_token(L, n, "id", MAX_ID, NULL, &d->id))) return rc;
  if ((rc = check_attrs(L, n, allowed))) return rc;
  if ((rc = get_token(L, n, "start", MAX_ID, d->id, &d->next_id))) return rc;
  if ((rc = attr_labels(L, n, d->id, d->text))) return rc;
  for (const xmlNode *c = n->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE)
      return nerr(L, SSVC_EPARSE, c, "symptom '%s': unexpected element <%s>", d->id,
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
  if ((rc = get_token(L, n, "id", MAX_ID, NULL, &d->id))) return rc;
  if ((rc = check_attrs(L, n, allowed))) return rc;
  if ((rc = get_feature(L, n, d->id, &d->feature))) return rc;
  if ((rc = get_cost(L, n, d->id, &d->cost))) return rc;
  if ((rc = child_texts(L, n, d->id, d->text))) return rc;
  d->first = L->next_answer;
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || is_elem(c, "sv") || is_elem(c, "en")) continue;
    if (!is_elem(c, "answer"))
      return nerr(L, SSVC_EPARSE, c, "question '%s': unexpected element <%s>", d->id,
                  (const char *)c->name);
    struct d_answer *a = &L->t->answers[L->next_answer++];
    if ((rc = get_token(L, c, "value", MAX_VALUE, d->id, &a->value))) return rc;
    if ((rc = check_attrs(L, c, aallowed))) return rc;
    for (struct d_answer *b = &L->t->answers[d->first]; b < a; b++)
      if (strcmp(b->value, a->value) == 0)
        return nerr(L, SSVC_EPARSE, c, "question '%s': answer value '%s' appears twice", d->id,
                    a->value);
    if ((rc = get_token(L, c, "next", MAX_ID, d->id, &a->next_id))) return rc;
    if ((rc = attr_labels(L, c, d->id, a->label))) return rc;
    for (const xmlNode *g = c->children; g; g = g->next)
      if (g->type == XML_ELEMENT_NODE)
        return nerr(L, SSVC_EPARSE, g, "question '%s': unexpected element <%s> in <answer>",
                    d->id, (const char *)g->name);
  }
  d->count = L->next_answer - d->first;
  if (d->count == 0) return nerr(L, SSVC_EPARSE, n, "question '%s': has no <answer>", d->id);
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
  if ((rc = get_token(L, n, "id", MAX_ID, NULL, &d->id))) return rc;
  if ((rc = check_attrs(L, n, allowed))) return rc;
  if ((rc = get_feature(L, n, d->id, &d->feature))) return rc;
  if ((rc = get_token(L, n, "next", MAX_ID, d->id, &d->next_id))) return rc;
  const char *w = attr(n, "weight");
  d->weight = 10;
  if (w && !parse_uint(w, 1, MAX_WEIGHT, &d->weight))
    return nerr(L, SSVC_EPARSE, n, "checks '%s': weight must be 1-%u (got '%.32s')", d->id,
                MAX_WEIGHT, w);
  d->first = L->next_check;
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (!is_elem(c, "check"))
      return nerr(L, SSVC_EPARSE, c, "checks '%s': unexpected element <%s>", d->id,
                  (const char *)c->name);
    struct d_check *k = &L->t->checks[L->next_check++];
    k->group = self;
    k->line = xmlGetLineNo(c);
    if ((rc = get_token(L, c, "id", MAX_ID, d->id, &k->id))) return rc;
    if ((rc = check_attrs(L, c, callowed))) return rc;
    const char *p = attr(c, "p");
    if (!p) return nerr(L, SSVC_EPARSE, c, "check '%s': missing attribute 'p'", k->id);
    if (!parse_prob(p, &k->prior_ppm))
      return nerr(L, SSVC_EPARSE, c,
                  "check '%s': p must be a probability above 0 and at most 1 with at most 6 "
                  "decimals (got '%.32s')",
                  k->id, p);
    if ((rc = get_cost(L, c, k->id, &k->cost))) return rc;
    if ((rc = get_token(L, c, "fixed", MAX_ID, k->id, &k->fixed_id))) return rc;
    if ((rc = child_texts(L, c, k->id, k->text))) return rc;
    for (const xmlNode *g = c->children; g; g = g->next)
      if (g->type == XML_ELEMENT_NODE && !is_elem(g, "sv") && !is_elem(g, "en"))
        return nerr(L, SSVC_EPARSE, g, "check '%s': unexpected element <%s>", k->id,
                    (const char *)g->name);
  }
  d->count = L->next_check - d->first;
  if (d->count == 0) return nerr(L, SSVC_EPARSE, n, "checks '%s': has no <check>", d->id);
  return SSVC_OK;
}

static const char *const kind_keys[] = {"handling-error", "workshop", "definite-fault",
                                        "out-of-scope"};
static const char *const reminder_keys[] = {"remove-sim",  "backup",      "sign-out-lock",
                                            "service-note", "service-bag", "return-label"};

static int load_outcome(struct loader *L, const xmlNode *n) {
  static const char *const allowed[] = {"id", "kind", "reminders", NULL};
  struct d_node *d = &L->t->nodes[new_node(L)];
  d->type = D_OUTCOME;
  d->line = xmlGetLineNo(n);
  int rc;
  if ((rc = get_token(L, n, "id", MAX_ID, NULL, &d->id))) return rc;
  if ((rc = check_attrs(L, n, allowed))) return rc;
  const char *k = attr(n, "kind");
  if (!k) return nerr(L, SSVC_EPARSE, n, "outcome '%s': missing attribute 'kind'", d->id);
  d->kind = -1;
  for (int i = 0; i < 4; i++)
    if (strcmp(k, kind_keys[i]) == 0) d->kind = i;
  if (d->kind < 0)
    return nerr(L, SSVC_EPARSE, n,
                "outcome '%s': unknown kind '%.32s' (handling-error, workshop, definite-fault or "
                "out-of-scope)",
                d->id, k);
  const char *r = attr(n, "reminders");
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
      return nerr(L, SSVC_EPARSE, n, "outcome '%s': unknown reminder '%.*s'", d->id,
                  (int)(len > 32 ? 32 : len), r);
    r += len;
  }
  if ((rc = child_texts(L, n, d->id, d->text))) return rc;
  for (const xmlNode *c = n->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && !is_elem(c, "sv") && !is_elem(c, "en"))
      return nerr(L, SSVC_EPARSE, c, "outcome '%s': unexpected element <%s>", d->id,
                  (const char *)c->name);
  L->t->noutcomes++;
  return SSVC_OK;
}

/* ---- validation of the graph ---- */

static int cmp_index(const void *a, const void *b) {
  return strcmp(((const struct d_index *)a)->id, ((const struct d_index *)b)->id);
}

int ssvc__diag_lookup(const ssvc_diag_tree *tree, const char *id, int32_t *node, int32_t *check) {
  struct d_index key = {id, -1, -1};
  const struct d_index *f = tree->nindex
                                ? bsearch(&key, tree->index, tree->nindex, sizeof key, cmp_index)
                                : NULL;
  if (!f) return SSVC_ENOTFOUND;
  *node = f->node;
  *check = f->check;
  return SSVC_OK;
}

static long line_of(const ssvc_diag_tree *t, const struct d_index *x) {
  return x->node >= 0 ? t->nodes[x->node].line : t->checks[x->check].line;
}

static const char *const type_names[] = {"symptom", "question", "checks", "outcome"};

static int build_index(struct loader *L) {
  ssvc_diag_tree *t = L->t;
  t->nindex = t->nnodes + t->nchecks;
  t->index = arena_alloc(t, t->nindex * sizeof *t->index + 1);
  if (!t->index) return SSVC_ENOMEM;
  size_t k = 0;
  for (size_t i = 0; i < t->nnodes; i++) t->index[k++] = (struct d_index){t->nodes[i].id, (int32_t)i, -1};
  for (size_t i = 0; i < t->nchecks; i++)
    t->index[k++] = (struct d_index){t->checks[i].id, -1, (int32_t)i};
  qsort(t->index, t->nindex, sizeof *t->index, cmp_index);
  for (size_t i = 1; i < t->nindex; i++)
    if (strcmp(t->index[i - 1].id, t->index[i].id) == 0) {
      const struct d_index *a = &t->index[i - 1], *b = &t->index[i];
      if (line_of(t, a) > line_of(t, b) ||
          (line_of(t, a) == line_of(t, b) && (a->node < 0 ? INT32_MAX : a->node) >
                                                 (b->node < 0 ? INT32_MAX : b->node))) {
        const struct d_index *s = a;
        a = b;
        b = s;
      }
      const char *el = b->node >= 0 ? type_names[t->nodes[b->node].type] : "check";
      const char *first = a->node >= 0 ? type_names[t->nodes[a->node].type] : "check";
      long line = line_of(t, b), col = column_of(L, &line, el);
      long fline = line_of(t, a);
      column_of(L, &fline, first);
      return LERR(L, SSVC_EPARSE, line, col, "duplicate id '%s' (first used on line %ld)", b->id,
                  fline);
    }
  return SSVC_OK;
}

/* Resolves @p id written on element @p el at @p line by @p owner into a node index. */
static int resolve(struct loader *L, const char *owner, const char *el, long line,
                   const char *what, const char *id, int32_t *out) {
  int32_t node, check;
  long col = 1;
  if (ssvc__diag_lookup(L->t, id, &node, &check) != SSVC_OK || node < 0 ||
      L->t->nodes[node].type == D_SYMPTOM)
    col = column_of(L, &line, el);
  if (ssvc__diag_lookup(L->t, id, &node, &check) != SSVC_OK)
    return LERR(L, SSVC_EPARSE, line, col, "%s '%s': %s refers to unknown id '%s'", el, owner,
                what, id);
  if (node < 0)
    return LERR(L, SSVC_EPARSE, line, col,
                "%s '%s': %s refers to check '%s' (refer to its <checks> group instead)", el, owner,
                what, id);
  if (L->t->nodes[node].type == D_SYMPTOM)
    return LERR(L, SSVC_EPARSE, line, col,
                "%s '%s': %s refers to symptom '%s' (only questions, checks and outcomes can follow)",
                el, owner, what, id);
  *out = node;
  return SSVC_OK;
}

static int resolve_all(struct loader *L) {
  ssvc_diag_tree *t = L->t;
  int rc;
  for (size_t i = 0; i < t->nnodes; i++) {
    struct d_node *d = &t->nodes[i];
    const char *el = type_names[d->type];
    if (d->type == D_SYMPTOM) {
      if ((rc = resolve(L, d->id, el, d->line, "start", d->next_id, &d->next))) return rc;
    } else if (d->type == D_QUESTION) {
      for (uint32_t a = d->first; a < d->first + d->count; a++) {
        char what[64];
        snprintf(what, sizeof what, "answer '%s'", t->answers[a].value);
        if ((rc = resolve(L, d->id, el, d->line, what, t->answers[a].next_id, &t->answers[a].next)))
          return rc;
      }
    } else if (d->type == D_CHECKS) {
      if ((rc = resolve(L, d->id, el, d->line, "next", d->next_id, &d->next))) return rc;
      for (uint32_t c = d->first; c < d->first + d->count; c++)
        if ((rc = resolve(L, t->checks[c].id, "check", t->checks[c].line, "fixed",
                          t->checks[c].fixed_id, &t->checks[c].fixed)))
          return rc;
    }
  }
  return SSVC_OK;
}

/* Depth-first walk from every symptom: cycles, depth, reachability. state: 0 new, 1 on the
 * current path, 2 done; height: most questions asked from a node to an outcome. */
struct walk {
  struct loader *L;
  unsigned char *state;
  uint32_t *height;
  const char *symptom;
};

static int visit(struct walk *w, int32_t i, uint32_t depth, int32_t from);

static int node_err(struct walk *w, int code, int32_t i, const char *fmt, ...) SSVC_PRINTF(4, 5);
static int node_err(struct walk *w, int code, int32_t i, const char *fmt, ...) {
  const struct d_node *d = &w->L->t->nodes[i];
  char what[300];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  long line = d->line, col = column_of(w->L, &line, type_names[d->type]);
  return LERR(w->L, code, line, col, "%s '%s': %s", type_names[d->type], d->id, what);
}

static int visit_child(struct walk *w, int32_t child, uint32_t depth, int32_t from,
                       uint32_t *best) {
  int rc = visit(w, child, depth, from);
  if (rc) return rc;
  if (w->height[child] > *best) *best = w->height[child];
  return SSVC_OK;
}

static int visit(struct walk *w, int32_t i, uint32_t depth, int32_t from) {
  ssvc_diag_tree *t = w->L->t;
  const struct d_node *d = &t->nodes[i];
  uint32_t max = w->L->opt.max_depth;
  if (w->state[i] == 1)
    return node_err(w, SSVC_EPARSE, i, "is part of a cycle (reached again from '%s')",
                    t->nodes[from].id);
  if (w->state[i] == 2) {
    if ((uint64_t)depth + w->height[i] > max)
      return node_err(w, SSVC_ELIMIT, i,
                      "a path from symptom '%s' through here asks more than max_depth (%lu) "
                      "questions",
                      w->symptom, (unsigned long)max);
    return SSVC_OK;
  }
  w->state[i] = 1;
  uint32_t h = 0;
  int rc = SSVC_OK;
  if (d->type == D_QUESTION) {
    if (depth + 1 > max)
      return node_err(w, SSVC_ELIMIT, i,
                      "a path from symptom '%s' reaches here after more than max_depth (%lu) "
                      "questions",
                      w->symptom, (unsigned long)max);
    for (uint32_t a = d->first; a < d->first + d->count && !rc; a++)
      rc = visit_child(w, t->answers[a].next, depth + 1, i, &h);
    h += 1;
  } else if (d->type == D_CHECKS) {
    if ((uint64_t)depth + d->count > max)
      return node_err(w, SSVC_ELIMIT, i,
                      "a path from symptom '%s' reaches here after more than max_depth (%lu) "
                      "questions",
                      w->symptom, (unsigned long)max);
    for (uint32_t c = d->first; c < d->first + d->count && !rc; c++)
      rc = visit_child(w, t->checks[c].fixed, depth + d->count, i, &h);
    if (!rc) rc = visit_child(w, d->next, depth + d->count, i, &h);
    h += d->count;
  }
  if (rc) return rc;
  w->height[i] = h;
  w->state[i] = 2;
  return SSVC_OK;
}

static int validate_graph(struct loader *L) {
  ssvc_diag_tree *t = L->t;
  if (t->nsymptoms == 0)
    return LERR(L, SSVC_EPARSE, 1, 1, "the tree has no <symptom>");
  struct walk w = {L, NULL, NULL, NULL};
  w.state = ssvc__calloc(L->ctx, t->nnodes, 1);
  w.height = ssvc__calloc(L->ctx, t->nnodes, sizeof *w.height);
  int rc = (!w.state || !w.height) ? SSVC_ENOMEM : SSVC_OK;
  for (size_t s = 0; s < t->nsymptoms && !rc; s++) {
    const struct d_node *sym = &t->nodes[t->symptoms[s]];
    w.symptom = sym->id;
    rc = visit(&w, sym->next, 0, t->symptoms[s]);
  }
  for (size_t i = 0; i < t->nnodes && !rc; i++)
    if (t->nodes[i].type != D_SYMPTOM && w.state[i] != 2)
      rc = node_err(&w, SSVC_EPARSE, (int32_t)i, "is not reachable from any symptom");
  ssvc__free(L->ctx, w.state);
  ssvc__free(L->ctx, w.height);
  return rc;
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
          return nerr(L, SSVC_EPARSE, n->parent, "<diagnosis>: unexpected text '%.20s'",
                      (const char *)p);
      continue;
    }
    if (n->type != XML_ELEMENT_NODE) continue;
    if (is_elem(n, "symptom") || is_elem(n, "outcome")) {
      (*nodes)++;
    } else if (is_elem(n, "question")) {
      (*nodes)++;
      for (const xmlNode *c = n->children; c; c = c->next)
        if (is_elem(c, "answer")) (*answers)++;
    } else if (is_elem(n, "checks")) {
      (*nodes)++;
      for (const xmlNode *c = n->children; c; c = c->next)
        if (is_elem(c, "check")) (*checks)++;
    } else {
      return nerr(L, SSVC_EPARSE, n, "unknown element <%.32s> (symptom, question, checks or outcome)",
                  (const char *)n->name);
    }
    if (*nodes + *checks > L->opt.max_nodes)
      return nerr(L, SSVC_ELIMIT, n, "more than max_nodes (%zu) symptoms, questions, checks and outcomes",
                  L->opt.max_nodes);
  }
  return SSVC_OK;
}

static int load_doc(struct loader *L, xmlDoc *doc) {
  const xmlNode *root = xmlDocGetRootElement(doc);
  if (!root || !is_elem(root, "diagnosis"))
    return root ? nerr(L, SSVC_EPARSE, root, "the root element must be <diagnosis> (got <%.32s>)",
                       (const char *)root->name)
                : LERR(L, SSVC_EPARSE, 1, 1, "no root element");
  if (root->ns)
    return nerr(L, SSVC_EPARSE, root, "<diagnosis> must not be in a namespace");
  static const char *const allowed[] = {"version", NULL};
  int rc = check_attrs(L, root, allowed);
  if (rc) return rc;
  const char *v = attr(root, "version");
  if (!v || strcmp(v, "1") != 0)
    return nerr(L, SSVC_EPARSE, root, "<diagnosis>: version must be \"1\" (got '%.16s')",
                v ? v : "(none)");
  size_t nodes = 0, answers = 0, checks = 0;
  if ((rc = count_elements(L, root, &nodes, &answers, &checks))) return rc;
  ssvc_diag_tree *t = L->t;
  t->nodes = arena_alloc(t, nodes * sizeof *t->nodes + 1);
  t->answers = arena_alloc(t, answers * sizeof *t->answers + 1);
  t->checks = arena_alloc(t, checks * sizeof *t->checks + 1);
  t->symptoms = arena_alloc(t, nodes * sizeof *t->symptoms + 1);
  if (!t->nodes || !t->answers || !t->checks || !t->symptoms) return SSVC_ENOMEM;
  memset(t->nodes, 0, nodes * sizeof *t->nodes);
  memset(t->answers, 0, answers * sizeof *t->answers);
  memset(t->checks, 0, checks * sizeof *t->checks);
  t->nnodes = nodes;
  t->nanswers = answers;
  t->nchecks = checks;
  for (const xmlNode *n = root->children; n && !rc; n = n->next) {
    if (is_elem(n, "symptom")) rc = load_symptom(L, n);
    else if (is_elem(n, "question")) rc = load_question(L, n);
    else if (is_elem(n, "checks")) rc = load_checks(L, n);
    else if (is_elem(n, "outcome")) rc = load_outcome(L, n);
  }
  if (rc) return rc;
  if ((rc = build_index(L))) return rc;
  if ((rc = resolve_all(L))) return rc;
  return validate_graph(L);
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
  xmlParserCtxt *pc = xmlNewParserCtxt();
  if (!pc) return ssvc__err(L->ctx, SSVC_ENOMEM, "%s: out of memory (XML parser)", L->func);
  xmlDoc *doc = xmlCtxtReadMemory(pc, L->buf, (int)L->len, NULL, "UTF-8",
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                      XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES);
  int rc = SSVC_OK;
  if (!doc || !pc->wellFormed) {
    const xmlError *e = xmlCtxtGetLastError(pc);
    if (e && e->code == XML_ERR_NO_MEMORY) {
      rc = ssvc__err(L->ctx, SSVC_ENOMEM, "%s: out of memory (XML parser)", L->func);
    } else {
      char msg[200] = "not well-formed";
      if (e && e->message) {
        snprintf(msg, sizeof msg, "%s", e->message);
        size_t k = strlen(msg);
        while (k && (msg[k - 1] == '\n' || msg[k - 1] == ' ')) msg[--k] = '\0';
      }
      rc = LERR(L, SSVC_EPARSE, e ? e->line : 0, e ? e->int2 : 0, "XML: %s", msg);
    }
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
  xmlFreeParserCtxt(pc);
  if (rc) {
    if (rc == SSVC_ENOMEM && ssvc_ctx_errcode(L->ctx) != SSVC_ENOMEM)
      ssvc__err(L->ctx, SSVC_ENOMEM, "%s: out of memory", L->func);
    ssvc_diag_tree_free(t);
    return rc;
  }
  *out = t;
  return SSVC_OK;
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
