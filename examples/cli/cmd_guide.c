/* smartservice guide: how-to guidance (doc/guidance.md, doc/cli.md), interactive or scripted like
 * diagnose, on a tier, on a customer's agreement, or for a case (then recorded on it).
 *
 *   smartservice [--db FILE] guide [--case ID | --customer C | --tier T] [--area AREA]
 *                [--lang sv|en] [--tree FILE] [--answers A,B,...] [--list] [--json]
 *                [--actor WHO] [TOPIC]
 *
 * The steps are walked by cli_diagnose_run() (cmd_diagnose.c); a topic whose area the tier lacks
 * is refused in the library's words. With --case the finished guidance is recorded on the case
 * (ssvc_case_guide) and one line says so. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char cmd[] = "guide";

/* The index of topic @p id in @p tree, or -1. */
static long find_topic(const ssvc_diag_tree *tree, const char *id) {
  for (size_t k = 0; k < ssvc_diag_tree_symptom_count(tree); k++)
    if (strcmp(ssvc_diag_tree_symptom_id(tree, k), id) == 0) return (long)k;
  return -1;
}

/* --list: the topics (of @p area when not 0), a table or one JSON document. */
static void list_topics(const ssvc_diag_tree *tree, unsigned area, int lang, int json,
                        int no_header) {
  int n = 0;
  if (json) printf("{\"topics\":[");
  else if (!no_header) printf(lang == SSVC_LANG_SV ? "ÄMNE\tOMRÅDE\tRUBRIK\n" : "TOPIC\tAREA\tTITLE\n");
  for (size_t k = 0; k < ssvc_diag_tree_symptom_count(tree); k++) {
    unsigned f = ssvc_diag_tree_symptom_feature(tree, k);
    if (area && f != area) continue;
    if (json) {
      printf("%s{\"id\":", n++ ? "," : "");
      cli_json_string(stdout, ssvc_diag_tree_symptom_id(tree, k));
      printf(",\"area\":\"%s\",\"title\":", ssvc_feature_key(f));
      cli_json_string(stdout, ssvc_diag_tree_symptom_label(tree, k, lang));
      printf("}");
    } else {
      printf("%s\t%s\t%s\n", ssvc_diag_tree_symptom_id(tree, k), ssvc_feature_key(f),
             ssvc_diag_tree_symptom_label(tree, k, lang));
    }
  }
  if (json) printf("]}\n");
}

/* Asks for a topic of @p area on stdin (numbered); its index, or -1 at the end of input. */
static long ask_topic(const ssvc_diag_tree *tree, unsigned area, int lang) {
  long map[256];
  size_t n = 0;
  printf("%s\n", lang == SSVC_LANG_SV ? "Vilket ämne?" : "Which topic?");
  for (size_t k = 0; k < ssvc_diag_tree_symptom_count(tree) && n < 256; k++)
    if (ssvc_diag_tree_symptom_feature(tree, k) == area) {
      map[n++] = (long)k;
      printf("  %zu) %s (%s)\n", n, ssvc_diag_tree_symptom_label(tree, k, lang),
             ssvc_diag_tree_symptom_id(tree, k));
    }
  char line[128];
  for (;;) {
    printf("> ");
    fflush(stdout);
    if (!fgets(line, sizeof line, stdin)) return -1;
    line[strcspn(line, "\r\n")] = '\0';
    printf("%s\n", line);
    uint64_t v;
    if (ssvc_uint_parse(NULL, &v, line, n) == SSVC_OK && v >= 1) return map[v - 1];
    long k = find_topic(tree, line);
    if (k >= 0 && ssvc_diag_tree_symptom_feature(tree, (size_t)k) == area) return k;
    printf("'%s'? 1-%zu.\n", line, n);
  }
}

/* With --case: records the finished guidance on the case and says so. */
static int record(const struct cli_store *s, const char *case_id, const ssvc_diag_tree *tree,
                  const ssvc_diag_session *session, const char *actor, int lang, int json) {
  size_t n = ssvc_diag_session_transcript(session, NULL, 0);
  char *transcript = malloc(n + 1);
  if (!transcript) {
    fprintf(stderr, "smartservice %s: out of memory\n", cmd);
    return CLI_FAIL;
  }
  ssvc_diag_session_transcript(session, transcript, n + 1);
  ssvc_case_guidance r = SSVC_CASE_GUIDANCE_INIT;
  int rc = CLI_OK;
  if (ssvc_case_guide(s->st, &r, case_id, tree, transcript, actor)) rc = cli_fail(cmd, s->ctx);
  else if (!json)
    printf(lang == SSVC_LANG_SV ? "Registrerat på %s: %s (%s), %s\n"
                                : "Recorded on %s: %s (%s), %s\n",
           case_id, r.topic, ssvc_feature_key(r.feature),
           r.result == SSVC_GUIDE_SOLVED ? (lang == SSVC_LANG_SV ? "löst" : "solved")
                                         : (lang == SSVC_LANG_SV ? "inte löst" : "not solved"));
  free(transcript);
  return rc;
}

int cmd_guide(const struct cli_global *g, int argc, char **argv, int first) {
  const char *case_id = NULL, *customer = NULL, *tier_code = NULL, *area_key = NULL,
             *lang_text = "en",
             *tree_path = NULL, *answers = NULL, *actor = g->actor;
  int list = 0, json = 0, no_header = 0, npos, lang;
  const struct cli_opt opts[] = {
      {"case", &case_id, NULL, "CASE", NULL,
       "guide on the case's tier and record the guidance on it (needs --db)"},
      {"customer", &customer, NULL, "CUSTOMER", NULL,
       "guide on the tier of the customer's agreement, before a case is written (needs --db)"},
      {"tier", &tier_code, NULL, "CODE", "PROF", "guide on this tier, without a database"},
      {"area", &area_key, NULL, "phone-help|os-help|sync", NULL,
       "only the topics of this area (--list, the topic asked)"},
      {"lang", &lang_text, NULL, "sv|en", "en", "the language of the output"},
      {"tree", &tree_path, NULL, "FILE", NULL, "a guidance tree file instead of the built-in one"},
      {"answers", &answers, NULL, "A,B,...", NULL,
       "the answers, scripted (otherwise asked on stdin)"},
      {"list", NULL, &list, NULL, NULL, "list the topics and exit"},
      {"json", NULL, &json, NULL, NULL, "print one JSON document on one line"},
      {"no-header", NULL, &no_header, NULL, NULL, "--list without its header line"},
      {"actor", &actor, NULL, "WHO", "cli", "the name recorded in the case's log (--case)"},
      {0}};
  char *pos[1];
  int rc = cli_parse(cmd, argc, argv, first, opts, pos, 1, &npos);
  if (rc) return rc;
  if ((rc = cli_parse_lang(cmd, lang_text, &lang))) return rc;
  const char *topic = npos ? pos[0] : NULL;
  unsigned area = 0;
  if (area_key && (ssvc_feature_from_key(NULL, &area, area_key) || !(area & SSVC_GUIDE_AREAS)))
    return cli_usage(cmd, "--area: '%s' is not an area of guidance (phone-help, os-help or sync)",
                     area_key);
  if (!!case_id + !!customer + !!tier_code > 1)
    return cli_usage(cmd, "give one of --case (its tier), --customer (its agreement's) and --tier");
  if (case_id && !g->db) return cli_usage(cmd, "--case needs --db FILE (the database with the case)");
  if (customer && !g->db)
    return cli_usage(cmd, "--customer needs --db FILE (the database with the agreement)");
  if (list && (topic || answers || case_id))
    return cli_usage(cmd, "--list takes no TOPIC, --answers or --case");
  if (answers && !topic) return cli_usage(cmd, "--answers needs the TOPIC (guide --list names them)");
  if (json && !list && !answers)
    return cli_usage(cmd, "--json needs --answers or --list (it is for scripts)");

  struct cli_store s = {0};
  ssvc_ctx *ctx = NULL;
  if (case_id) {
    if ((rc = cli_store_open(cmd, g, &s))) return rc;
    ctx = s.ctx;
  } else if ((rc = cli_ctx_new(cmd, &ctx))) {
    return rc;
  }
  ssvc_catalog *cat = NULL;
  ssvc_diag_tree *tree = NULL;
  ssvc_diag_session *session = NULL;
  ssvc_case *c = NULL;
  const ssvc_tier *tier = NULL;
  long k = -1;
  if (ssvc_catalog_new(ctx, &cat) ||
      (tree_path ? ssvc_diag_tree_load_file(ctx, &tree, tree_path, NULL)
                 : ssvc_guide_tree_load_default(ctx, &tree))) {
    rc = cli_fail(cmd, ctx);
    goto done;
  }
  if (ssvc_diag_tree_kind(tree) != SSVC_DIAG_TREE_GUIDANCE) {
    rc = cli_usage(cmd, "--tree: %s is a fault diagnosis tree (diagnose --tree takes it)",
                   tree_path);
    goto done;
  }
  if (list) {
    list_topics(tree, area, lang, json, no_header);
    goto done;
  }
  if (case_id) {
    ssvc_case_info i;
    memset(&i, 0, sizeof i);
    i.version = SSVC_CASE_INFO_VERSION;
    if (ssvc_case_load(s.st, &c, case_id) || ssvc_case_info_get(c, &i) ||
        cli_case_tier(cat, &i, &tier)) {
      rc = cli_fail(cmd, ctx);
      goto done;
    }
    if (i.state >= SSVC_CASE_CLOSED) { /* refused before any step (the library would too) */
      fprintf(stderr, "smartservice %s: %s: the case is %s; guidance is recorded on an open case\n",
              cmd, i.id, ssvc_case_state_name(i.state));
      rc = CLI_FAIL;
      goto done;
    }
  } else if (customer) {
    char agreed[17];
    if ((rc = cli_agreement_tier(cmd, g, customer, cat, agreed))) goto done;
    if (ssvc_catalog_find(cat, agreed, &tier)) {
      rc = cli_fail(cmd, ctx);
      goto done;
    }
  } else if (ssvc_catalog_find(cat, tier_code ? tier_code : "PROF", &tier)) {
    rc = cli_usage(cmd, "--tier: no tier '%s' (BAS or PROF)", tier_code);
    goto done;
  }
  if (topic) {
    if ((k = find_topic(tree, topic)) < 0) {
      rc = cli_usage(cmd, "TOPIC: no topic '%s' (guide --list names them)", topic);
      goto done;
    }
    if (area && ssvc_diag_tree_symptom_feature(tree, (size_t)k) != area) {
      rc = cli_usage(cmd, "TOPIC: '%s' is a topic of %s, not of --area %s", topic,
                     ssvc_feature_key(ssvc_diag_tree_symptom_feature(tree, (size_t)k)), area_key);
      goto done;
    }
  } else if (area && (k = ask_topic(tree, area, lang)) < 0) {
    fprintf(stderr, "smartservice %s: input ended before a topic was chosen\n", cmd);
    rc = CLI_FAIL;
    goto done;
  }
  cli_diagnose_json(json);
  rc = cli_diagnose_run(cmd, ctx, tree, tier, lang,
                        k >= 0 ? ssvc_diag_tree_symptom_id(tree, (size_t)k) : NULL, answers,
                        case_id ? &session : NULL);
  if (rc == CLI_OK && case_id) rc = record(&s, case_id, tree, session, actor, lang, json);
done:
  ssvc_diag_session_free(session);
  ssvc_case_free(c);
  ssvc_diag_tree_free(tree);
  ssvc_catalog_free(cat);
  if (case_id) return cli_store_close(&s, rc);
  ssvc_ctx_free(ctx);
  return rc;
}
