/* smartservice diagnose: the control questions of rule R2, interactive or scripted
 * (doc/cli.md, doc/diagnosis.md).
 *
 *   smartservice diagnose [--tier T] [--lang sv|en] [--tree FILE] [--symptom ID]
 *                         [--answers A,B,...] [--list] [--json]
 *
 * Without --answers the questions are asked on stdin: answer with the number or the value of an
 * answer, "b" to go back one step; a bad answer asks again. With --answers every answer comes
 * from the list (numbers or values); when --symptom is absent the first item is the symptom.
 * A bad item, a list that ends before the outcome, or items after it: exit 2 naming the item.
 * --json (scripted runs and --list only) prints one JSON object instead of the dialogue. */
#define _POSIX_C_SOURCE 200809L /* isatty, fileno */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* The command whose messages these are: "diagnose", or "case diagnose" (cli_diagnose_run). */
static const char *cmd = "diagnose";

/* Scripted runs are walked twice: quietly first, so that a bad --answers item is a usage error
 * with nothing on stdout, then for real. */
static int quiet;
/* --json: the scripted run prints one JSON object at the end instead of the dialogue. */
static int json;
/* The caller of cli_diagnose_run() prints the reminders (those the case's outcome gives). */
static int caller_reminders;

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...) {
  if (quiet || json) return;
  va_list ap;
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
}

struct words {
  const char *which, *symptom, *question, *outcome, *action, *advice, *reminders, *transcript, *prompt;
  const char *actions[4];
  const char *topic, *diagnose; /* guidance trees (guide) */
};

static const struct words words[2] = {
    {"Vilket symptom?", "Symptom", "Fråga", "Utfall", "Åtgärd", "Råd", "Påminnelser", "Transkript",
     "Svara med en siffra (b = tillbaka)",
     {"ingen (utanför tjänsten)", "vägledning i telefon", "verkstadsservice",
      "byte- eller lånetelefon från SWAP-lagret"},
     "Ämne", "Felsök vidare"},
    {"Which symptom?", "Symptom", "Question", "Outcome", "Action", "Advice", "Reminders", "Transcript",
     "Answer with a number (b = back)",
     {"none (out of scope)", "guidance on the phone", "workshop service",
      "swap or loan phone from the SWAP stock"},
     "Topic", "Go on to diagnose"},
};

/* The index of @p text among @p n choices given as a 1-based number or a value; -1 if none. */
static long pick(const char *text, size_t n, const char *(*value)(const void *, size_t),
                 const void *obj) {
  uint64_t k;
  if (ssvc_uint_parse(NULL, &k, text, n) == SSVC_OK && k >= 1) return (long)k - 1;
  for (size_t i = 0; i < n; i++)
    if (strcmp(value(obj, i), text) == 0) return (long)i;
  return -1;
}

static const char *symptom_value(const void *t, size_t i) {
  return ssvc_diag_tree_symptom_id(t, i);
}

static const char *answer_value(const void *s, size_t i) {
  return ssvc_diag_session_answer_value(s, i);
}

static void print_choices(const char *id, const char *text, size_t n,
                          const char *(*label)(const void *, size_t, int),
                          const char *(*value)(const void *, size_t), const void *obj, int lang) {
  if (id) say("[%s] %s\n", id, text);
  else say("%s\n", text);
  for (size_t i = 0; i < n; i++) say("  %zu) %s (%s)\n", i + 1, label(obj, i, lang), value(obj, i));
}

static const char *symptom_label(const void *t, size_t i, int lang) {
  return ssvc_diag_tree_symptom_label(t, i, lang);
}

static const char *answer_label(const void *s, size_t i, int lang) {
  return ssvc_diag_session_answer_label(s, i, lang);
}

/* One line from stdin without its newline; NULL at end of input. When stdin is not a terminal
 * (a script or a test feeds it) the line is echoed so that the output reads like a dialogue. */
static char *read_line(char *buf, size_t size) {
  if (!fgets(buf, (int)size, stdin)) return NULL;
  buf[strcspn(buf, "\r\n")] = '\0';
  if (!isatty(fileno(stdin))) say("%s\n", buf);
  return buf;
}

static void print_json(const ssvc_diag_session *s, int lang) {
  int result = ssvc_guide_session_result(s); /* how-to guidance (guide) */
  printf(result ? "{\"topic\":" : "{\"symptom\":");
  cli_json_string(stdout, ssvc_diag_session_symptom(s));
  printf(",\"steps\":[");
  for (size_t i = 0; i < ssvc_diag_session_step_count(s); i++) {
    printf("%s{\"question\":", i ? "," : "");
    cli_json_string(stdout, ssvc_diag_session_step_question(s, i));
    printf(",\"answer\":");
    cli_json_string(stdout, ssvc_diag_session_step_answer(s, i));
    printf("}");
  }
  printf("],\"outcome\":{\"id\":");
  cli_json_string(stdout, ssvc_diag_session_outcome_id(s));
  if (result) {
    const char *dx = ssvc_guide_session_diagnose(s);
    printf(",\"result\":\"%s\",\"diagnose\":", ssvc_guide_result_key(result));
    if (dx) cli_json_string(stdout, dx);
    else printf("null");
    printf(",\"advice\":");
  } else {
    printf(",\"kind\":\"%s\",\"action\":\"%s\",\"advice\":",
           ssvc_diag_kind_key(ssvc_diag_session_outcome_kind(s)),
           ssvc_diag_action_key(ssvc_diag_session_outcome_action(s)));
  }
  cli_json_string(stdout, ssvc_diag_session_outcome_advice(s, lang));
  printf(",\"reminders\":[");
  int n = 0;
  for (unsigned b = 1; b & SSVC_DIAG_REMIND_ALL; b <<= 1)
    if (ssvc_diag_session_outcome_reminders(s) & b)
      printf("%s\"%s\"", n++ ? "," : "", ssvc_diag_reminder_key(b));
  unsigned missing = ssvc_diag_session_missing_feature(s);
  printf("],\"missing_feature\":");
  if (missing) printf("\"%s\"", ssvc_feature_key(missing));
  else printf("null");
  size_t len = ssvc_diag_session_transcript(s, NULL, 0);
  char *t = malloc(len + 1);
  printf("},\"transcript\":");
  if (t) {
    ssvc_diag_session_transcript(s, t, len + 1);
    cli_json_string(stdout, t);
    free(t);
  } else {
    printf("null");
  }
  printf("}\n");
}

static void print_outcome(const ssvc_diag_session *s, int lang) {
  if (quiet) return;
  if (json) {
    print_json(s, lang);
    return;
  }
  const struct words *w = &words[lang];
  int result = ssvc_guide_session_result(s); /* how-to guidance (guide) */
  if (result) {
    say("%s: %s (%s)\n", w->outcome, ssvc_guide_result_key(result),
        ssvc_diag_session_outcome_id(s));
    if (ssvc_guide_session_diagnose(s))
      say("%s: %s\n", w->diagnose, ssvc_guide_session_diagnose(s));
  } else {
    say("%s: %s (%s)\n", w->outcome, ssvc_diag_kind_key(ssvc_diag_session_outcome_kind(s)),
        ssvc_diag_session_outcome_id(s));
    say("%s: %s\n", w->action, w->actions[ssvc_diag_session_outcome_action(s)]);
  }
  say("%s: %s\n", w->advice, ssvc_diag_session_outcome_advice(s, lang));
  unsigned r = caller_reminders ? 0 : ssvc_diag_session_outcome_reminders(s);
  if (r) {
    say("%s:\n", w->reminders);
    for (unsigned b = 1; b & SSVC_DIAG_REMIND_ALL; b <<= 1)
      if (r & b) say("  - %s\n", ssvc_diag_reminder_text(b, lang));
  }
  size_t n = ssvc_diag_session_transcript(s, NULL, 0);
  char *t = malloc(n + 1);
  if (t) {
    ssvc_diag_session_transcript(s, t, n + 1);
    say("%s: %s\n", w->transcript, t);
    free(t);
  }
}

/* Splits "a,b,c" in place. */
static size_t split(char *list, char **items, size_t max) {
  size_t n = 0;
  for (char *p = list; n < max;) {
    items[n++] = p;
    char *comma = strchr(p, ',');
    if (!comma) break;
    *comma = '\0';
    p = comma + 1;
  }
  return n;
}

/* Walks one session; prints the dialogue and the outcome. The finished session goes to *out when
 * @p out is given (and the run succeeded), otherwise it is freed. */
static int run(ssvc_ctx *ctx, const ssvc_diag_tree *tree, const ssvc_tier *tier, int lang,
               const char *symptom, char *answers, ssvc_diag_session **out) {
  const struct words *w = &words[lang];
  char *items[1024];
  size_t nitems = 0, next = 0;
  int scripted = answers != NULL;
  if (scripted) {
    nitems = split(answers, items, sizeof items / sizeof items[0]);
    if (nitems == 1 && items[0][0] == '\0') nitems = 0;
  }
  char line[256];
  size_t nsym = ssvc_diag_tree_symptom_count(tree);
  long si = -1;
  if (symptom) {
    si = pick(symptom, nsym, symptom_value, tree);
    if (si < 0) return cli_usage(cmd, "--symptom: no symptom '%s' in the tree", symptom);
  } else if (scripted) {
    if (next >= nitems) return cli_usage(cmd, "--answers: give the symptom first (or --symptom)");
    si = pick(items[next], nsym, symptom_value, tree);
    if (si < 0) return cli_usage(cmd, "--answers: no symptom '%s' in the tree", items[next]);
    next++;
  } else {
    print_choices(NULL, w->which, nsym, symptom_label, symptom_value, tree, lang);
    while (si < 0) {
      say("> ");
      fflush(stdout);
      if (!read_line(line, sizeof line)) {
        fprintf(stderr, "smartservice %s: input ended before a symptom was chosen\n", cmd);
        return CLI_FAIL;
      }
      si = pick(line, nsym, symptom_value, tree);
      if (si < 0) say("'%s'? %s 1-%zu.\n", line, w->prompt, nsym);
    }
  }
  ssvc_diag_session *s;
  if (ssvc_diag_session_new(ctx, &s, tree, tier, NULL, ssvc_diag_tree_symptom_id(tree, (size_t)si)))
    return cli_fail(cmd, ctx);
  say("%s: %s (%s)\n",
      ssvc_diag_tree_kind(tree) == SSVC_DIAG_TREE_GUIDANCE ? w->topic : w->symptom,
      ssvc_diag_tree_symptom_label(tree, (size_t)si, lang),
         ssvc_diag_tree_symptom_id(tree, (size_t)si));
  int rc = CLI_OK;
  while (!ssvc_diag_session_done(s) && rc == CLI_OK) {
    size_t n = ssvc_diag_session_answer_count(s);
    print_choices(ssvc_diag_session_question_id(s), ssvc_diag_session_question_text(s, lang), n,
                  answer_label, answer_value, s, lang);
    long a = -1;
    if (scripted) {
      if (next >= nitems) {
        rc = cli_usage(cmd, "--answers: ended before an outcome (question '%s' unanswered)",
                       ssvc_diag_session_question_id(s));
        break;
      }
      a = pick(items[next], n, answer_value, s);
      if (a < 0) {
        rc = cli_usage(cmd, "--answers: '%s' is not an answer to '%s'", items[next],
                       ssvc_diag_session_question_id(s));
        break;
      }
      next++;
      say("> %s\n", ssvc_diag_session_answer_value(s, (size_t)a));
    } else {
      while (a < 0) {
        say("> ");
        fflush(stdout);
        if (!read_line(line, sizeof line)) {
          fprintf(stderr, "smartservice %s: input ended before an outcome\n", cmd);
          rc = CLI_FAIL;
          break;
        }
        if (strcmp(line, "b") == 0) {
          if (ssvc_diag_session_back(s) == SSVC_OK) break;
          say("%s 1-%zu.\n", w->prompt, n);
          continue;
        }
        a = pick(line, n, answer_value, s);
        if (a < 0) say("'%s'? %s 1-%zu.\n", line, w->prompt, n);
      }
      if (a < 0) continue;
    }
    if (ssvc_diag_session_answer(s, ssvc_diag_session_answer_value(s, (size_t)a)))
      rc = cli_fail(cmd, ctx);
  }
  if (rc == CLI_OK && scripted && next < nitems)
    rc = cli_usage(cmd, "--answers: '%s' comes after the outcome", items[next]);
  if (rc == CLI_OK) print_outcome(s, lang);
  if (rc == CLI_OK && out) *out = s;
  else ssvc_diag_session_free(s);
  return rc;
}

void cli_diagnose_json(int on) { json = on; }

int cli_diagnose_run(const char *command, ssvc_ctx *ctx, const ssvc_diag_tree *tree,
                     const ssvc_tier *tier, int lang, const char *symptom, const char *answers,
                     ssvc_diag_session **out) {
  const char *was = cmd;
  cmd = command;
  char *copy = NULL;
  int rc = CLI_OK;
  if (out) *out = NULL;
  if (answers && !(copy = malloc(strlen(answers) + 1))) {
    fprintf(stderr, "smartservice %s: out of memory\n", cmd);
    rc = CLI_FAIL;
  } else if (copy) {
    /* The quiet pass splits the copy in place: walk it on a second copy. */
    char *probe = malloc(strlen(answers) + 1);
    if (!probe) {
      fprintf(stderr, "smartservice %s: out of memory\n", cmd);
      rc = CLI_FAIL;
    } else {
      strcpy(probe, answers);
      quiet = 1;
      rc = run(ctx, tree, tier, lang, symptom, probe, NULL);
      quiet = 0;
      free(probe);
    }
    strcpy(copy, answers);
  }
  caller_reminders = out != NULL;
  if (rc == CLI_OK) rc = run(ctx, tree, tier, lang, symptom, copy, out);
  caller_reminders = 0;
  free(copy);
  cmd = was;
  return rc;
}

int cli_agreement_tier(const char *command, const struct cli_global *g, const char *customer,
                       ssvc_catalog *cat, char *code) {
  struct cli_store s;
  int rc = cli_store_open_read(command, g, &s);
  if (rc) return rc;
  ssvc_agreement *ag = NULL;
  ssvc_agreement_spec a = SSVC_AGREEMENT_SPEC_INIT;
  if (ssvc_agreement_load(s.st, &ag, customer) || ssvc_agreement_spec_get(ag, &a) ||
      (a.custom_tier && ssvc_catalog_add(cat, a.custom_tier, NULL))) {
    /* the catalogue is the command's, on another context: report this store's message */
    rc = cli_fail(command, s.ctx);
  } else {
    snprintf(code, 17, "%s", a.tier_code);
  }
  ssvc_agreement_free(ag);
  return cli_store_close(&s, rc);
}

int cmd_diagnose(const struct cli_global *g, int argc, char **argv, int first) {
  const char *tier_code = NULL, *lang_text = "en", *tree_path = NULL, *symptom = NULL,
             *answers = NULL, *customer = NULL;
  int list = 0, lang, npos;
  json = 0;
  const struct cli_opt opts[] = {
      {"tier", &tier_code, NULL, "CODE", "PROF", "ask on this tier, without a database"},
      {"customer", &customer, NULL, "CUSTOMER", NULL,
       "ask on the tier of the customer's agreement (needs --db)"},
      {"lang", &lang_text, NULL, "sv|en", "en", "the language of the output"},
      {"tree", &tree_path, NULL, "FILE", NULL, "a diagnosis tree file instead of the built-in one"},
      {"symptom", &symptom, NULL, "SYMPTOM", NULL, "the symptom, as --list names it (otherwise asked first)"},
      {"answers", &answers, NULL, "A,B,...", NULL,
       "the answers, scripted (otherwise asked on stdin)"},
      {"list", NULL, &list, NULL, NULL, "list the symptoms and exit"},
      {"json", NULL, &json, NULL, NULL, "print one JSON document on one line"},
      {0}};
  char *pos[1];
  int rc = cli_parse(cmd, argc, argv, first, opts, pos, 0, &npos);
  if (rc) return rc;
  if ((rc = cli_parse_lang(cmd, lang_text, &lang))) return rc;
  if (customer && tier_code)
    return cli_usage(cmd, "give --customer (the tier of its agreement) or --tier, not both");
  if (customer && !g->db)
    return cli_usage(cmd, "--customer needs --db FILE (the database with the agreement)");
  if (json && !answers && !list && !symptom)
    return cli_usage(cmd, "--json needs --answers, --symptom or --list (it is for scripts)");
  if (json && !answers && symptom) answers = ""; /* a symptom that ends at once, or a usage error */

  ssvc_ctx *ctx;
  if ((rc = cli_ctx_new(cmd, &ctx))) return rc;
  ssvc_catalog *cat = NULL;
  ssvc_diag_tree *tree = NULL;
  const ssvc_tier *tier;
  char agreed[17] = "";
  if (ssvc_catalog_new(ctx, &cat)) {
    rc = cli_fail(cmd, ctx);
  } else if (customer && (rc = cli_agreement_tier(cmd, g, customer, cat, agreed)) != CLI_OK) {
    /* reported */
  } else if (ssvc_catalog_find(cat, customer ? agreed : tier_code ? tier_code : "PROF", &tier)) {
    rc = cli_usage(cmd, "--tier: no tier '%s' (BAS or PROF)", tier_code);
  } else if (tree_path ? ssvc_diag_tree_load_file(ctx, &tree, tree_path, NULL)
                       : ssvc_diag_tree_load_default(ctx, &tree)) {
    rc = cli_fail(cmd, ctx);
  } else if (list && json) {
    printf("{\"symptoms\":[");
    for (size_t i = 0; i < ssvc_diag_tree_symptom_count(tree); i++) {
      printf("%s{\"id\":", i ? "," : "");
      cli_json_string(stdout, ssvc_diag_tree_symptom_id(tree, i));
      printf(",\"label\":");
      cli_json_string(stdout, ssvc_diag_tree_symptom_label(tree, i, lang));
      printf("}");
    }
    printf("]}\n");
  } else if (list) {
    for (size_t i = 0; i < ssvc_diag_tree_symptom_count(tree); i++)
      printf("%s\t%s\n", ssvc_diag_tree_symptom_id(tree, i),
             ssvc_diag_tree_symptom_label(tree, i, lang));
  } else {
    rc = cli_diagnose_run(cmd, ctx, tree, tier, lang, symptom, answers, NULL);
  }
  ssvc_diag_tree_free(tree);
  ssvc_catalog_free(cat);
  ssvc_ctx_free(ctx);
  return rc;
}
