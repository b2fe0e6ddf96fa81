/* diagnosis_graph: the checks of a loaded question graph: ids resolved, no cycles, depth and
 * reachability (doc/diagnosis.md). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "diagnosis_load.h"

/* Depth-first walk from every symptom: cycles, depth, reachability. state: 0 new, 1 on the
 * current path, 2 done; height: most questions asked from a node to an outcome. */
struct walk {
  struct loader *L;
  unsigned char *state;
  uint32_t *height;
  const char *symptom;
};

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

int ssvc__diag_build_index(struct loader *L) {
  ssvc_diag_tree *t = L->t;
  t->nindex = t->nnodes + t->nchecks;
  t->index = ssvc__diag_arena_alloc(t, t->nindex * sizeof *t->index + 1);
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
      long line = line_of(t, b), col = ssvc__diag_column_of(L, &line, el);
      long fline = line_of(t, a);
      ssvc__diag_column_of(L, &fline, first);
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
    col = ssvc__diag_column_of(L, &line, el);
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

int ssvc__diag_resolve_all(struct loader *L) {
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

static int visit(struct walk *w, int32_t i, uint32_t depth, int32_t from);

static int node_err(struct walk *w, int code, int32_t i, const char *fmt, ...) SSVC_PRINTF(4, 5);
static int node_err(struct walk *w, int code, int32_t i, const char *fmt, ...) {
  const struct d_node *d = &w->L->t->nodes[i];
  char what[300];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  long line = d->line, col = ssvc__diag_column_of(w->L, &line, type_names[d->type]);
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

int ssvc__diag_validate_graph(struct loader *L) {
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
