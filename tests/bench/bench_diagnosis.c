/* Diagnosis benchmark (doc/performance.md, section Diagnosis).
 *
 * Generates a tree of 10,000 questions (200 symptoms, each a chain of 50 questions with a group
 * of three checks in the middle), then measures:
 *   load: ssvc_diag_tree_load_memory (parse + validation), beside the reference: a raw libxml2
 *         parse of the same bytes (xmlReadMemory + xmlFreeDoc);
 *   step: 1,000,000 answers through sessions (96 % "yes" to questions, 90 % "no" to checks, so
 *         that sessions run deep through the groups), beside the reference: a walk over a plain
 *         next-node table (what stepping costs without the library).
 * Each figure is the best of --runs runs (default 5).
 *   usage: bench_diagnosis [--questions N] [--steps N] [--runs N]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>
#include <smartservice.h>

#define CHAIN 50

static double now(void) {
  struct timespec ts;
  timespec_get(&ts, TIME_UTC);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

struct buf {
  char *p;
  size_t len, cap;
};

static void put(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#include <stdarg.h>
static void put(struct buf *b, const char *fmt, ...) {
  for (;;) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    if ((size_t)n < b->cap - b->len) {
      b->len += (size_t)n;
      return;
    }
    b->cap = b->cap * 2 + (size_t)n + 1;
    b->p = realloc(b->p, b->cap);
    if (!b->p) abort();
  }
}

/* The generated tree; questions are numbered 0..n-1, chain c holds c*CHAIN..c*CHAIN+CHAIN-1. */
static char *generate(int questions, size_t *len) {
  struct buf b = {malloc(1 << 20), 0, 1 << 20};
  int chains = questions / CHAIN;
  put(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<diagnosis version=\"1\">\n");
  for (int c = 0; c < chains; c++)
    put(&b, "  <symptom id=\"s%d\" start=\"q%d\" sv=\"Symptom nummer %d\" en=\"Symptom number %d\"/>\n",
        c, c * CHAIN, c, c);
  for (int c = 0; c < chains; c++)
    for (int k = 0; k < CHAIN; k++) {
      int q = c * CHAIN + k;
      char next[32];
      if (k == CHAIN - 1) snprintf(next, sizeof next, "o-fault");
      else if (k == CHAIN / 2) snprintf(next, sizeof next, "g%d", c);
      else snprintf(next, sizeof next, "q%d", q + 1);
      put(&b,
          "  <question id=\"q%d\" cost=\"30\">\n"
          "    <sv>Kontrollfråga %d: händer felet även efter en omstart av telefonen?</sv>\n"
          "    <en>Control question %d: does the fault remain after restarting the phone?</en>\n"
          "    <answer value=\"yes\" next=\"%s\" sv=\"Ja\" en=\"Yes\"/>\n"
          "    <answer value=\"no\" next=\"o-ok\" sv=\"Nej\" en=\"No\"/>\n"
          "    <answer value=\"unknown\" next=\"o-work\" sv=\"Vet inte\" en=\"Don't know\"/>\n"
          "  </question>\n",
          q, q, q, next);
      if (k == CHAIN / 2) {
        put(&b, "  <checks id=\"g%d\" next=\"q%d\">\n", c, q + 1);
        for (int i = 0; i < 3; i++)
          put(&b,
              "    <check id=\"g%d-c%d\" p=\"0.%d\" cost=\"%d\" fixed=\"o-ok\"><sv>Prova åtgärd %d.</sv>"
              "<en>Try step %d.</en></check>\n",
              c, i, 2 + i, 30 * (i + 1), i, i);
        put(&b, "  </checks>\n");
      }
    }
  put(&b,
      "  <outcome id=\"o-ok\" kind=\"handling-error\"><sv>Löst.</sv><en>Solved.</en></outcome>\n"
      "  <outcome id=\"o-work\" kind=\"workshop\" reminders=\"remove-sim backup\"><sv>Verkstad.</sv>"
      "<en>Workshop.</en></outcome>\n"
      "  <outcome id=\"o-fault\" kind=\"definite-fault\" reminders=\"service-note\"><sv>Fel.</sv>"
      "<en>Fault.</en></outcome>\n"
      "</diagnosis>\n");
  *len = b.len;
  return b.p;
}

static uint32_t rng = 12345;
static uint32_t next_rand(void) {
  rng ^= rng << 13;
  rng ^= rng >> 17;
  rng ^= rng << 5;
  return rng;
}

/* The answer to give: mostly "yes" so that sessions run deep; an index into the answers. */
static size_t choose(size_t n) {
  uint32_t r = next_rand() % 100;
  return r < 96 || n < 3 ? 0 : (r < 98 ? 1 : 2) % n;
}

int main(int argc, char **argv) {
  int questions = 10000, runs = 5;
  long steps = 1000000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (strcmp(argv[i], "--questions") == 0) questions = atoi(argv[i + 1]);
    else if (strcmp(argv[i], "--steps") == 0) steps = atol(argv[i + 1]);
    else if (strcmp(argv[i], "--runs") == 0) runs = atoi(argv[i + 1]);
    else {
      fprintf(stderr, "bench_diagnosis: unknown option '%s'\n", argv[i]);
      return 2;
    }
  }
  if (questions < CHAIN || steps < 1 || runs < 1) {
    fprintf(stderr, "bench_diagnosis: --questions >= %d, --steps and --runs >= 1\n", CHAIN);
    return 2;
  }
  xmlInitParser();
  size_t len;
  char *xml = generate(questions, &len);
  ssvc_ctx *ctx;
  if (ssvc_ctx_new(&ctx, NULL)) return 1;

  double best_load = 1e9, best_raw = 1e9;
  ssvc_diag_tree *tree = NULL;
  /* The reference and the library are timed in separate loops so that neither pays for the
   * other's freed memory (glibc consolidates libxml2's many small blocks lazily). */
  for (int r = 0; r < runs; r++) {
    double t0 = now();
    xmlDoc *doc = xmlReadMemory(xml, (int)len, NULL, "UTF-8", XML_PARSE_NONET);
    if (!doc) return 1;
    xmlFreeDoc(doc);
    double t1 = now();
    if (t1 - t0 < best_raw) best_raw = t1 - t0;
  }
  for (int r = 0; r < runs; r++) {
    if (tree) ssvc_diag_tree_free(tree);
    tree = NULL;
    double t1 = now();
    if (ssvc_diag_tree_load_memory(ctx, &tree, xml, len, NULL)) {
      fprintf(stderr, "bench_diagnosis: %s\n", ssvc_ctx_errmsg(ctx));
      return 1;
    }
    double t2 = now();
    if (t2 - t1 < best_load) best_load = t2 - t1;
  }

  ssvc_catalog *cat;
  const ssvc_tier *prof;
  if (ssvc_catalog_new(ctx, &cat) || ssvc_catalog_find(cat, "PROF", &prof)) return 1;
  ssvc_diag_stats *stats;
  if (ssvc_diag_stats_new(ctx, &stats, tree)) return 1;
  size_t nsym = ssvc_diag_tree_symptom_count(tree);

  /* Reference: the same kind of walk over a plain table: next[q][answer], -1 for an outcome. */
  int nq = (questions / CHAIN) * CHAIN;
  int32_t(*table)[3] = malloc(sizeof *table * (size_t)nq);
  for (int q = 0; q < nq; q++) {
    table[q][0] = (q % CHAIN == CHAIN - 1) ? -1 : q + 1;
    table[q][1] = table[q][2] = -1;
  }

  double best_step = 1e9, best_ref = 1e9;
  long sessions = 0, outcomes[4] = {0, 0, 0, 0};
  for (int r = 0; r < runs; r++) {
    rng = 12345;
    double t0 = now();
    long done = 0;
    sessions = 0;
    while (done < steps) {
      ssvc_diag_session *s;
      if (ssvc_diag_session_new(ctx, &s, tree, prof, stats, ssvc_diag_tree_symptom_id(tree, next_rand() % nsym)))
        return 1;
      sessions++;
      while (!ssvc_diag_session_done(s) && done < steps) {
        size_t n = ssvc_diag_session_answer_count(s);
        /* Checks mostly do not fix it ("no"), so that sessions pass through the groups. */
        size_t a = ssvc_diag_session_question_is_check(s) ? (next_rand() % 100 < 90) : choose(n);
        if (ssvc_diag_session_answer(s, ssvc_diag_session_answer_value(s, a))) return 1;
        done++;
      }
      if (ssvc_diag_session_done(s) && r == 0) outcomes[ssvc_diag_session_outcome_kind(s)]++;
      ssvc_diag_session_free(s);
    }
    double t1 = now();
    rng = 12345;
    long rdone = 0, sink = 0;
    while (rdone < steps) {
      int32_t q = (int32_t)(next_rand() % nsym) * CHAIN;
      while (q >= 0 && rdone < steps) {
        q = table[q][choose(3)];
        rdone++;
        sink += q;
      }
    }
    double t2 = now();
    if (sink == 42) puts("");
    if (t1 - t0 < best_step) best_step = t1 - t0;
    if (t2 - t1 < best_ref) best_ref = t2 - t1;
  }

  printf("diagnosis benchmark: %zu symptoms, %zu questions, %zu checks, %zu bytes of XML, best of %d runs\n",
         nsym, ssvc_diag_tree_question_count(tree), ssvc_diag_tree_check_count(tree), len, runs);
  printf("load   ssvc_diag_tree_load_memory   %9.2f ms   reference xmlReadMemory %9.2f ms   ratio %5.2f\n",
         best_load * 1e3, best_raw * 1e3, best_load / best_raw);
  printf("step   %ld answers in %ld sessions  %9.2f ms   %7.1f ns/answer   reference table walk %7.1f ns/answer   ratio %5.1f\n",
         steps, sessions, best_step * 1e3, best_step * 1e9 / (double)steps,
         best_ref * 1e9 / (double)steps, best_step / best_ref);
  printf("outcomes (first run): handling-error %ld, workshop %ld, definite-fault %ld\n", outcomes[0],
         outcomes[1], outcomes[2]);
  free(table);
  ssvc_diag_stats_free(stats);
  ssvc_catalog_free(cat);
  ssvc_diag_tree_free(tree);
  ssvc_ctx_free(ctx);
  free(xml);
  return 0;
}
