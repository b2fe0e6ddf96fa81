/*
 * smartservice --db FILE check: the database checked for damage, reading only (doc/storage.md,
 * "Damage"); each problem on its own line, exit 0 when clean and 1 when not.
 * smartservice --db FILE backup COPY: a consistent copy of a SQLite database taken while it is in
 * use (SQLite's online backup); restore in doc/storage.md.
 */
#include <smartservice/pg.h>
#include <smartservice/sqlite.h>

#include "cli.h"

static void print_problem(void *ud, const char *line) {
  (void)ud;
  printf("%s\n", line);
}

int cmd_check(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "check";
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, NULL, pos, 0, &npos);
  if (rc) return rc;
  struct cli_store s;
  if ((rc = cli_store_open_read(cmd, g, &s))) return rc;
  size_t problems = 0;
  if (ssvc_store_check(s.st, print_problem, NULL, &problems))
    return cli_store_close(&s, cli_fail(cmd, s.ctx));
  if (problems) {
    fprintf(stderr, "smartservice check: %s: %zu problem%s found\n", g->db, problems,
            problems == 1 ? "" : "s");
    rc = CLI_FAIL;
  } else {
    printf("%s: no problems found\n", g->db);
  }
  return cli_store_close(&s, rc);
}

int cmd_backup(const struct cli_global *g, int argc, char **argv, int first) {
  static const char cmd[] = "backup";
  char *pos[1];
  int npos, rc = cli_parse(cmd, argc, argv, first, NULL, pos, 1, &npos);
  if (rc) return rc;
  if (npos != 1) return cli_usage(cmd, "give the file to write the copy to: backup FILE");
  if (!g->db) return cli_no_db(cmd);
  if (ssvc_pg_is_uri(g->db))
    return cli_usage(cmd, "backup copies SQLite files; back up PostgreSQL with pg_dump");
  ssvc_ctx *ctx;
  if ((rc = cli_ctx_new(cmd, &ctx))) return rc;
  if (ssvc_sqlite_backup(ctx, g->db, pos[0], NULL)) rc = cli_fail(cmd, ctx);
  else printf("backed up %s to %s\n", g->db, pos[0]);
  ssvc_ctx_free(ctx);
  return rc;
}
